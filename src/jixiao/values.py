"""Parse 指标值, amounts and dates into typed values. The only place that reads numbers out of strings:
rules read the typed `Target`, never the raw text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from functools import lru_cache
from typing import Any, Final, NamedTuple

from jixiao import vocab
from jixiao.model import Amount, Target, record
# Cell text as a person reads it: `<p>` tags removed, whitespace folded, trimmed (clean_cell, clean_cells); the same
# with no whitespace at all (squeeze). Read from here; how they go fast is in jixiao.scan.
from jixiao.scan import AnyChar, NamedBefore, NumbersBefore, clean_cell, clean_cells, guarded, squeeze  # noqa: F401

_SPACES: Final = re.compile(r"\s+")


def rounded(x: float, digits: int) -> float:
    """round(x, digits), a whole number given back as it is: round() writes it out in decimal digits and reads it
    back to the same number, and most amounts and targets are whole (docs/speed.md)."""
    return x if x % 1.0 == 0.0 else round(x, digits)


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """NFKC (full-width to half-width), ≧/≦ to ≥/≤, no spaces: the form numbers and units are matched in."""
    s = unicodedata.normalize("NFKC", clean_cell(text))
    if not _FOLDED.isdisjoint(s):  # most texts hold none of them: replacements that change nothing skipped
        for before, after in _FOLDS:
            s = s.replace(before, after)
    return _SPACES.sub("", s)


# what normalise() writes as the readers match it, in order; and the first character of each
_FOLDS: Final = (("≧", "≥"), ("≦", "≤"), (">=", "≥"), ("<=", "≤"), ("＝", "="), ("═", "="),
                 ("〜", "~"), ("～", "~"), ("—", "-"), ("–", "-"), ("－", "-"))
_FOLDED: Final = AnyChar(before[0] for before, _ in _FOLDS)


# ---------------------------------------------------------------------------------------------------------
# Numbers, including Chinese numerals
# ---------------------------------------------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
              "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_DIGIT = "[零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟]"  # one character of a Chinese numeral
CN_NUMERAL = CN_DIGIT + "+"
NUMERAL = re.compile(r"\d|" + CN_DIGIT)  # a text that holds none of these holds no number (values and dates are read
# from a digit or a Chinese numeral)


def label_and_value(cell: str) -> tuple[str, str] | None:
    """A cell that writes a label and its value together (自评等级：优, 年初预算数（元）：1,860,000): (label, value),
    each stripped; None when the cell holds no colon."""
    label, colon, value = cell.partition("：") if "：" in cell else cell.partition(":")
    return (label.strip(), value.strip()) if colon else None


def cn_to_number(s: str) -> int | None:
    """`十二` -> 12, `一百零五` -> 105, `两` -> 2; None if not a Chinese numeral."""
    if not s or any(c not in _CN_DIGITS and c not in _CN_UNITS for c in s):
        return None
    total, digit = 0, None
    for c in s:
        if c in _CN_DIGITS:
            digit = _CN_DIGITS[c]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[c]
            digit = None
    return total + (digit or 0)


_PLAIN_NUMBER: Final = re.compile(r"[+-]?\d+(\.\d+)?")


def to_float(s: str) -> float | None:
    """`30,000` -> 30000.0, `9. 10` (OCR) -> 9.1, `十二` -> 12.0; None when not a number, or when too large for a
    float (a run of 309 or more digits reads as infinity, which no rule can compare and JSON cannot hold)."""
    if s is None:
        return None
    t = (s if s.isascii() else unicodedata.normalize("NFKC", s)).strip().replace(",", "").replace(" ", "")
    if _PLAIN_NUMBER.fullmatch(t):
        v = float(t)
        return v if math.isfinite(v) else None
    n = cn_to_number(t)
    return float(n) if n is not None else None


# ---------------------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------------------

_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*(?:年|[-/.])\s*(?P<m>\d{1,2})\s*(?:月|[-/.])?\s*(?:(?P<d>\d{1,2})\s*[日号]?)?")
_DEADLINE_SUFFIX = re.compile(r"^(前|之前|以前|底前|底|末前|末|内|之内|以内|止)?$")
_DEADLINE_ACTION = re.compile(r"^(前|之前|以前|底前|内)?(完成|签订|上线|交付|验收|实施|开展|启动|建成|投入使用)[\u4e00-\u9fa5，、]{0,20}$")
_PERIOD_SEP = re.compile(r"\s*(?:至|到|~|-)\s*")
_YEAR_END = re.compile(r"^(?P<y>(?:19|20)\d{2})年(?:底|末|年底|年末)(?:前|之前|以前)?$")


NO_SUCH_DATE: Final = "日期不存在"  # the note of a target whose date no calendar has


def _date_of(m: re.Match[str]) -> dt.date | None:
    y, mo = int(m.group("y")), int(m.group("m"))
    if not 1 <= mo <= 12:
        return None
    day = int(m.group("d")) if m.group("d") else calendar.monthrange(y, mo)[1]
    try:
        return dt.date(y, mo, day)
    except ValueError:
        return None


_FULL_DATE = re.compile(r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


_COMPACT_DATES = re.compile(r"((?:19|20)\d{2})(\d{2})(\d{2})\s*(?:至|到|~|-)\s*((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")  # 20260101-20261231
_MONTH_PERIOD = re.compile(r"((?:19|20)\d{2})[-/.年](\d{1,2})月?\s*(?:至|到|~|-)\s*(?:((?:19|20)\d{2})[-/.年])?(\d{1,2})月")
# both years written, the months without 月: 2026.1-2026.12, 2026-01至2026-12
_YEAR_MONTHS = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})\s*(?:至|到|~|-)\s*((?:19|20)\d{2})[-/.](\d{1,2})(?![\d日])")
_DOT_PERIOD = re.compile(r"((?:19|20)\d{2})[./]?(\d{2})\s*(?:至|到|~|-)\s*((?:19|20)\d{2})[./]?(\d{2})(?!\d)")
_YEAR_PERIOD = re.compile(r"((?:19|20)\d{2})年?\s*(?:至|到|~|-)\s*((?:19|20)\d{2})(?:年|$)")
# what is meant as a period from one date to another (two runs of digits that open with a year, joined as a range),
# whether or not the dates are valid: 20246-202516
PERIOD_LIKE = re.compile(r"(?:19|20)\d{2}[\d./年月日-]*?\s*(?:至|到|~|-)\s*(?:19|20)\d{2}")


@lru_cache(maxsize=4096)  # the reader and JX723 read a form's period text in turn
def parse_period(text: str) -> tuple[dt.date | None, dt.date | None]:
    """`2021-01-01~2021-12-31`, `2021-01-01-2021-12-31` -> (start, end); to the month (`2026年1月—2026年12月`,
    `2026年1月—12月`: from the first day of the first month to the last day of the last) or the year (`2026年—2028年`)
    when that is all the text says."""
    s = normalise(text)
    ms = list(_FULL_DATE.finditer(s))
    if len(ms) >= 2:
        try:
            a = dt.date(int(ms[0].group(1)), int(ms[0].group(2)), int(ms[0].group(3)))
            b = dt.date(int(ms[1].group(1)), int(ms[1].group(2)), int(ms[1].group(3)))
            return a, b
        except ValueError:
            return None, None
    m = _COMPACT_DATES.search(s)
    if m:
        try:
            a = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            b = dt.date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
            return (a, b) if b >= a else (None, None)
        except ValueError:
            return None, None
    m = _MONTH_PERIOD.search(s)
    if m:
        y1, m1, m2 = int(m.group(1)), int(m.group(2)), int(m.group(4))
        y2 = int(m.group(3)) if m.group(3) else y1
        if 1 <= m1 <= 12 and 1 <= m2 <= 12 and (y2, m2) >= (y1, m1):
            return dt.date(y1, m1, 1), dt.date(y2, m2, calendar.monthrange(y2, m2)[1])
    for pattern in (_YEAR_MONTHS, _DOT_PERIOD):  # 2026.1-2026.12; 2023.07-2024.01, 202307-202401
        m = pattern.search(s)
        if m:
            y1, m1, y2, m2 = (int(g) for g in m.groups())
            if 1 <= m1 <= 12 and 1 <= m2 <= 12 and (y2, m2) >= (y1, m1):
                return dt.date(y1, m1, 1), dt.date(y2, m2, calendar.monthrange(y2, m2)[1])
    m = _YEAR_PERIOD.search(s)
    if m and int(m.group(2)) >= int(m.group(1)):
        return dt.date(int(m.group(1)), 1, 1), dt.date(int(m.group(2)), 12, 31)
    return None, None


# ---------------------------------------------------------------------------------------------------------
# Amounts
# ---------------------------------------------------------------------------------------------------------

_AMOUNT: Final = re.compile(r"(?P<n>[+-]?[\d,]*\.?\d+)(?P<u>亿元|万元|千元|元|亿|万)?")
_NOTE_AFTER: Final = re.compile(r"[(（][^()（）]*[)）]$")
_AMOUNT_LEAD: Final = re.compile(r"^(?:总额|合计|共计|总计|金额|计)[:：]?")
# a fund source's name before the sum: 中央就业补助资金186, …补助资金(少数民族发展任务)50
_FUND_NAME_LEAD: Final = re.compile(r"^[\u4e00-\u9fa5]{1,30}(?:" + "|".join(vocab.FUND_NAME_ENDS)
                                    + r")(?:[(（][^()（）]*[)）])?[:：]?")
_MONEY_FACTOR: Final = vocab.MONEY_UNIT_YUAN


def parse_amount(raw: str, unit: str | None = None, line: int | None = None) -> Amount | None:
    """An amount cell: `74,867,000.00` with the unit from its label (元/万元); `30.4万元` carries its own."""
    reading = _read_amount(raw, unit)
    if reading is None:
        return None
    text, yuan, amount_unit = reading
    return record(Amount, {"raw": text, "yuan": yuan, "unit": amount_unit, "line": line})


@lru_cache(maxsize=4096)
def _read_amount(raw: str, unit: str | None) -> tuple[str, float | None, str | None] | None:
    """(cleaned text, yuan, unit) of an amount cell, None when blank. Cached: amount cells are short and repeat."""
    text = clean_cell(raw)
    if not text:
        return None
    s = normalise(text)
    m = _AMOUNT.fullmatch(s)
    if not m and s.endswith((")", "）")):
        m = _AMOUNT.fullmatch(_NOTE_AFTER.sub("", s))  # 854万(高标准农田建设400万元,…): the amount before its note
    if not m and (lead := _AMOUNT_LEAD.match(s) or _FUND_NAME_LEAD.match(s)):
        m = _AMOUNT.fullmatch(s[lead.end():])  # 总额412.50万元, 合计：60万元, 中央补助资金186: the amount after its label
    if not m:
        return text, None, unit
    n = float(m.group("n").replace(",", ""))
    u = m.group("u") or unit or "元"
    if u in ("万", "亿"):
        u += "元"
    factor = _MONEY_FACTOR.get(u, 1)
    yuan = n * factor
    return text, (rounded(yuan, 2) if math.isfinite(yuan) else None), u


def unit_in_label(label: str) -> str | None:
    """`项目总金额（中期规划，万元）` -> 万元."""
    s = normalise(label)
    for u in ("亿元", "万元", "千元", "元"):
        if u in s:
            return u
    return None


# ---------------------------------------------------------------------------------------------------------
# 指标值
# ---------------------------------------------------------------------------------------------------------

_PREFIX_CMP: tuple[tuple[str, str], ...] = (
    ("大于或等于", "≥"), ("大于等于", "≥"), ("不少于", "≥"), ("不低于", "≥"), ("不小于", "≥"), ("至少", "≥"),
    ("≥", "≥"), ("小于或等于", "≤"), ("小于等于", "≤"), ("不超过", "≤"), ("不高于", "≤"), ("不多于", "≤"),
    ("不大于", "≤"), ("控制在", "≤"), ("≤", "≤"), ("大于", ">"), ("高于", ">"), ("超过", ">"), (">", ">"),
    ("小于", "<"), ("低于", "<"), ("<", "<"), ("等于", "="), ("=", "="), ("约", "~"), ("~", "~"), ("达到", "≥"),
)
_SUFFIX_CMP: tuple[tuple[str, str], ...] = (
    ("及以上", "≥"), ("以上", "≥"), ("及以下", "≤"), ("以下", "≤"), ("以内", "≤"), ("之内", "≤"), ("内", "≤"),
    ("左右", "~"),
)
_NUM = rf"(?:\d[\d,]*(?:\.\d+)?|\.\d+|{CN_NUMERAL})"
_NUMBER_RE = re.compile(rf"^(?P<n>-?{_NUM})(?P<scale>[千万亿](?!克|米|瓦|字节|卡))?(?P<rest>.*)$")
_RANGE_RE = re.compile(rf"^(?P<a>{_NUM})(?P<ua>%|[^\d~\-至]*?)(?:~|-|至|到)(?P<b>{_NUM})(?P<ub>.*)$")
_SERVICE_HOURS = re.compile(r"^(?P<d>\d+)[*×xX](?P<h>\d+)(小时|h)$")
_AFTER_EVENT = re.compile(r"^(?P<event>[\u4e00-\u9fa5]{1,12}?(后|起|之日起|之后))(?P<limit>\d+(?:\.\d+)?(" + vocab.LIMIT_UNITS
                          + r")(内|以内|之内))$")


# Words before a target that say over what it counts (全年不少于4次, 累计完成…), not what it compares
_SCOPE = re.compile(r"^(?:全年|年度|年内|累计|共计|合计|总计|平均|实际)")
# A number with its unit inside a few words (至少全年完成2次宣传): read when a comparator word says what it is
_WORDED_NUMBER = re.compile(r"^(?P<lead>[\u4e00-\u9fa5]{0,6}?)(?P<n>\d[\d,]*(?:\.\d+)?)(?P<unit>[^\d\s\u4e00-\u9fa5]|[\u4e00-\u9fa5]{1,3}?)"
                            r"(?P<tail>[\u4e00-\u9fa5]{0,6})$")
_EVERY_YEAR_BY = re.compile(r"^每年(?:度)?(?:\d{1,2}月(?:\d{1,2}日|底|末|中旬|上旬|下旬)?)(?:前|以前|之前)$")
_PER_FIRST = re.compile(r"^每(?P<per>[\u4e00-\u9fa5]{1,2})(?P<rest>\d.*)$")  # 每亩300元 -> 300元/亩


def _strip_comparator(s: str) -> tuple[str | None, str]:
    for word, cmp in _PREFIX_CMP:
        if s.startswith(word):
            return cmp, s[len(word):]
    return None, s


def _strip_suffix(s: str) -> tuple[str | None, str]:
    for word, cmp in _SUFFIX_CMP:
        if s.endswith(word) and len(s) > len(word):
            return cmp, s[: -len(word)]
    return None, s


def _target(**fields: Any) -> Target:
    """A Target of the values parse_target typed itself: built as the readers build their records (`record`, no
    validation), so that reading and auditing a form never builds Target's validator (its schema, at first use)."""
    return record(Target, fields)


@lru_cache(maxsize=65536)
def parse_target(raw: str) -> Target:
    """Type a 指标值. Never raises; what cannot be typed is kind `text` with a note."""
    text = clean_cell(raw)
    s = normalise(text)
    if not s:
        return _target(raw=text, kind="empty", note="指标值为空")
    if s in vocab.NOT_APPLICABLE:
        return _target(raw=text, kind="not_applicable")
    if s in vocab.PLACEHOLDERS or any(s.startswith(p) for p in ("详见", "见附件", "另附")) or re.fullmatch(r"[*/\-_.…]+", s):
        return _target(raw=text, kind="placeholder", note="指标值是占位符，没有可衡量的目标")

    # Deadline: 2026年12月31日前, 2024年10月, 2021年底前
    m = _YEAR_END.match(s)
    if m:
        return _target(raw=text, kind="deadline", comparator="≤", deadline=dt.date(int(m.group("y")), 12, 31))
    # A period (2026年7月1日至2027年6月30日, 2026-03-01~2026-12-31): its end is the deadline
    m = _DATE.match(s)
    sep = _PERIOD_SEP.match(s, m.end()) if m else None
    m2 = _DATE.fullmatch(s, sep.end()) if sep else None
    if m and m2:
        start, end = _date_of(m), _date_of(m2)
        if start and end and start <= end:
            return _target(raw=text, kind="deadline", comparator="≤", deadline=end)
    # 2021年1月-12月, 2023.07-2024.01: a period given to the month, due at its end
    start, end = parse_period(s) if len(s) <= 24 and not s.endswith("%") else (None, None)
    if start and end and start < end:
        return _target(raw=text, kind="deadline", comparator="≤", deadline=end)
    if s.startswith("±"):  # ±3%以内: a tolerance either way, at most that far off
        inner = parse_target(s.lstrip("±"))
        if inner.kind == "number":
            return inner.model_copy(update={"raw": text, "comparator": "≤", "note": f"允许偏差{s}"})
    if _EVERY_YEAR_BY.match(s):  # 每年12月底前: a time limit each year, no one date
        return _target(raw=text, kind="deadline", comparator="≤", note="每年的时限")
    m = _PER_FIRST.match(s)
    if m and not re.search(r"[底末前]", s):  # not 每年12月底前 (a date each year)  # 每亩300元 is 300元/亩; 每亩300 a number per 亩 without its unit
        each = parse_target(m.group("rest"))
        if each.kind == "number" and not each.per:
            unit = f"{each.unit}/{m.group('per')}" if each.unit else None
            return each.model_copy(update={"raw": text, "unit": unit, "per": m.group("per")})
    cmp0, body = _strip_comparator(_SCOPE.sub("", s))
    m = _DATE.match(body)
    if m and (_DEADLINE_SUFFIX.match(body[m.end():]) or _DEADLINE_ACTION.match(body[m.end():])):
        d = _date_of(m)
        if d is None and m.group("d"):
            # 2028年6月31日前: a date no calendar has (JX206 says so, not that the value is unreadable)
            return _target(raw=text, kind="text", note=f"{NO_SUCH_DATE}：{m.group(0).strip()}")
        if d:
            note = f"时限后附说明“{body[m.end():]}”" if not _DEADLINE_SUFFIX.match(body[m.end():]) else None
            return _target(raw=text, kind="deadline", comparator=cmp0 or "≤", deadline=d, note=note)

    # 开学后30日内, 每季度结束后30日内, 接报后2小时内: a time limit counted from an event, typed as the duration
    m = _AFTER_EVENT.match(body)
    if m:
        limit = parse_target(m.group("limit"))
        if limit.kind == "duration":
            return _target(raw=text, kind="duration", comparator=limit.comparator or "≤", value=limit.value,
                           unit=limit.unit, hours=limit.hours, note=f"自“{m.group('event')}”起算")

    # 7*24小时: a service window, typed as a duration of 24 hours per day
    m = _SERVICE_HOURS.match(body)
    if m and to_float(m.group("h")) is not None:
        return _target(raw=text, kind="duration", comparator=cmp0, value=float(m.group("h")), unit="小时",
                       hours=float(m.group("h")), note=f"{m.group('d')}×{m.group('h')}小时服务时段")

    cmp1, core = _strip_suffix(body)
    cmp = cmp0 or cmp1

    # Range: 80%-100%, 3~5天
    m = _RANGE_RE.match(core)
    if m and not cmp:
        a, b = to_float(m.group("a")), to_float(m.group("b"))
        unit = (m.group("ub") or m.group("ua") or "").strip() or None
        if a is not None and b is not None and (not m.group("ua") or m.group("ua") == m.group("ub") or m.group("ua") == "%"):
            return _target(raw=text, kind="range", comparator="~", value=a, value_max=b, unit=unit)

    m = _NUMBER_RE.match(core)
    if m:
        value = to_float(m.group("n"))
        rest = m.group("rest")
        chinese = not re.match(r"-?\d|\.", m.group("n"))
        if chinese and not (rest and vocab.unit_family(rest) not in (None, "multiplier")):
            value = None  # 一般, 十分显著: Chinese numerals count only before a unit
        if value is not None:
            scale = m.group("scale")
            if scale:
                value *= vocab.SCALES[scale]
            unit = m.group("rest") or None
            if unit == "百分比":  # ≥100百分比: the percent sign written out
                unit = "%"
            per = None
            if unit and "/" in unit:
                per = unit.rsplit("/", 1)[1] or None
            if unit and re.search(r"\d", unit):
                return _target(raw=text, kind="text", note="指标值中有无法识别的数字组合")
            if scale and unit in ("元",):
                unit = "元"
            hours = None
            kind = "number"
            if unit in vocab.DURATION_HOURS and not per:
                kind = "duration"
                hours = value * vocab.DURATION_HOURS[unit]
            if not math.isfinite(value * 3600):  # any hours of it too: a number no rule can compare
                return _target(raw=text, kind="text", note="指标值中的数字过大，无法识别")
            return _target(raw=text, kind=kind, comparator=cmp, value=rounded(value, 6), unit=unit, per=per,
                           hours=hours, scale=scale)

    # 至少全年完成2次宣传: a comparator word, then the number and its unit among a few words
    m = _WORDED_NUMBER.match(body) if cmp0 else None
    if m and (m.group("lead") or m.group("tail")) and vocab.unit_family(m.group("unit")) not in (None, "multiplier"):
        value = to_float(m.group("n"))
        if value is not None and math.isfinite(value):
            return _target(raw=text, kind="number", comparator=cmp0, value=value, unit=m.group("unit"),
                           note=f"从“{text}”读出")

    # Qualitative grade
    if _is_grade(s):
        return _target(raw=text, kind="grade", grade=s)
    return _target(raw=text, kind="text", note="无法识别的指标值，已保留原文")


_GRADE_RE = re.compile("|".join(sorted(map(re.escape, vocab.GRADE_WORDS), key=len, reverse=True)))


def _is_grade(s: str) -> bool:
    if vocab.STANDARD_CLASS.match(s) or vocab.DONE_STATE.match(s) or vocab.ACHIEVEMENT.match(s) \
            or vocab.KEPT_STATE.match(s) or vocab.CONFORMS_TO_DOCUMENT.match(s):
        return True
    if re.search(r"\d", s) or len(s) > 12:
        return False
    return bool(_GRADE_RE.search(s))


def format_number(v: float) -> str:
    if not math.isfinite(v):  # the readers give no such number; a caller's arithmetic may
        return "∞" if v > 0 else "-∞" if v < 0 else "NaN"
    if v == int(v):
        return f"{int(v)}"
    return f"{v:.6f}".rstrip("0").rstrip(".")


def format_target(t: Target) -> str:
    """Text for a typed target (used by the drafter and round-trip tests)."""
    if t.kind in ("text", "empty", "placeholder", "not_applicable", "grade") or (t.kind == "deadline" and not t.deadline):
        return t.raw
    if t.kind == "deadline" and t.deadline:
        return f"{t.deadline.year}年{t.deadline.month}月{t.deadline.day}日前"
    if t.kind == "range":
        return f"{format_number(t.value or 0)}{t.unit or ''}-{format_number(t.value_max or 0)}{t.unit or ''}"
    cmp = t.comparator if t.comparator in ("≥", "≤", ">", "<") else ""
    value = t.value or 0
    if t.scale:
        value = round(value / vocab.SCALES[t.scale], 6)
    return f"{cmp}{format_number(value)}{t.scale or ''}{t.unit or ''}"


# ---------------------------------------------------------------------------------------------------------
# Numbers inside free text (测算依据, 年度目标, 资金支出进度…)
# ---------------------------------------------------------------------------------------------------------

# Free texts reach these readers already cleaned (the parser cleans every cell), and they are read as they are,
# without NFKC (slow on long texts): `\d` and float() accept full-width digits, and positions stay offsets into the
# caller's text. A full-width comma is a clause separator, never a thousands separator.
# A bare 万 before a count unit counts things (50万平方米); `per` is the tail of a unit price: 5万元/月, 3.5万元/公里·年,
# 41500元/（人*月）, 35000元（人/月）. A number is read whole (possessive: no unit starts with a digit, a comma, a point
# or a space, so giving some back never matches), and a unit's first character is tested before its alternatives.
_MONEY_UNIT_STARTS = "亿万千元"  # what a money unit of _MONEY_IN_TEXT starts with
_MONEY_IN_TEXT = re.compile(r"(?P<n>\d[\d,]*+(?:\.\d+)?+)\s*+(?=[" + _MONEY_UNIT_STARTS + "])"
                            r"(?P<u>亿元|万元|千元|元|万(?!\s*(?:余|多)?\s*(?:" + "|".join(vocab.WAN_COUNT_UNITS) + r")))"
                            r"(?P<per>\s*[/／]\s*[^\d\s]|\s*[（(][^（()）]{0,8}[/／])?")
# searched from the units its numbers stand before (scan.NumbersBefore: the same matches, without trying the pattern
# at every character of a long text)
_MONEY_NUMBERS = NumbersBefore(_MONEY_IN_TEXT, _MONEY_UNIT_STARTS, ",.")
# units of what a text counts or measures out (a count, an area, a length, a weight, a volume: 68名, 158万亩, 3.5公里)
_COUNT_UNITS = sorted({u for fam in vocab.QUANTITY_FAMILIES for u in vocab.UNIT_FAMILIES[fam]
                       if not u.isascii() and not u.startswith("万")}, key=len, reverse=True)
_QUANTITY_IN_TEXT = re.compile(r"(?P<n>\d[\d,]*+(?:\.\d+)?+)\s*+(?P<scale>[万亿](?=\s*[" + re.escape("".join(sorted(
    {u[0] for u in _COUNT_UNITS}))) + r"]))?\s*(?=[" + re.escape("".join(sorted({u[0] for u in _COUNT_UNITS})))
                               + "])(?P<u>" + "|".join(map(re.escape, _COUNT_UNITS)) + ")")
# a rate or a satisfaction (满意度 is a percentage too), its verb (the 指标值 comparator words), the number, 以上/以下
_RATE_REST = (r"\s*(?P<verb>" + "|".join(re.escape(w) for w, _ in (*_PREFIX_CMP, ("保持在", ""), ("达", ""), ("为", ""), ("在", "")))
              + r")?\s*(?P<n>\d+(?:\.\d+)?)\s*[%％]\s*(?P<suffix>以上|以下|以内)?")
_RATES = NamedBefore(("率", "满意度"), _RATE_REST, longest=10)  # a name of up to 10 Han characters before 率 / 满意度
RATE_IN_TEXT = _RATES.pattern  # what rates_in_text finds
# 不低于90% (a ≥ word of 指标值) says 90%以上; 高于5% too, as a goal's words (a bound, not a strict inequality)
_BOUND_OF = {"≥": "以上", ">": "以上", "≤": "以下", "<": "以下"}


def money_matches(text: str) -> list[re.Match[str]]:
    """The amounts of a text as money_in_text and money_terms_in_text find them (unit prices included): a caller that
    asks both of one text passes them this, and the text is searched once."""
    return _MONEY_NUMBERS.finditer(text)


def money_amount(m: re.Match[str]) -> float:
    """The amount of one of money_matches, in yuan (its multiplier after it not applied): MoneyTerm.amount."""
    n = m.group("n")
    return rounded(float(n.replace(",", "") if "," in n else n) * _MONEY_FACTOR[m.group("u")], 2)


def money_in_text(text: str, matches: list[re.Match[str]] | None = None) -> list[tuple[float, int, str]]:
    """Money amounts in a text as (yuan, position in `text`, raw); unit prices such as 5万元/月 or 35000元（人/月）
    are skipped, and so is a bare 万 that counts things (50万平方米). `matches`: money_matches(text), when known."""
    out = []
    for m in _MONEY_NUMBERS.finditer(text) if matches is None else matches:
        if not m.group("per"):
            yuan = money_amount(m)
            if math.isfinite(yuan):  # 309 digits or more: too large to be an amount (and to compare)
                out.append((yuan, m.start(), m.group(0)))
    return out


def money_count(text: str, at_most: int) -> int:
    """How many amounts money_in_text(text) finds, counted up to `at_most` (the search stops there)."""
    count = 0
    for m in _MONEY_NUMBERS.finditer(text):
        if not m.group("per"):
            count += 1
            if count >= at_most:
                break
    return count


def quantities_in_text(text: str) -> list[tuple[float, str, int, str]]:
    """Counted or measured things in a text as (number with its 万 applied, unit, position in `text`, raw): 68名, 12台,
    300人次, 158万亩, 3.5公里. A number too large for a float is no quantity."""
    out = []
    for m in _QUANTITY_IN_TEXT.finditer(text):
        n = float(m.group("n").replace(",", "")) * vocab.SCALES.get(m.group("scale") or "", 1.0)
        if math.isfinite(n):
            out.append((n, m.group("u"), m.start(), m.group(0)))
    return out


def rates_in_text(text: str) -> list[tuple[str, float, str | None, str]]:
    """Rates stated in a text as (rate name, percent, 以上/以下 or None, raw): 准确率90%以上, 满意度不低于90%; what
    RATE_IN_TEXT.finditer finds."""
    found = []
    for start, m in _RATES.finditer(text):
        percent = float(m.group("n"))
        if not math.isfinite(percent):
            continue
        bound = m.group("suffix") or _BOUND_OF.get(_strip_comparator(m.group("verb") or "")[0] or "")
        found.append((text[start:m.end("head")], percent, bound, text[start:m.end()]))
    return found


class MoneyTerm(NamedTuple):
    """An amount in a calculation text (测算依据), with what the words around it say it is."""

    yuan: float  # the amount times its multiplier
    pos: int  # where it starts in the text
    end: int  # where it and its multiplier end
    amount: float  # the amount alone, in yuan
    factor: float | None  # the multiplier written after it: 1.54万元*12, 3万元×12个月
    role: str  # item | total (合计…) | result (计/共/=…, of its own clause) | operand (of a formula, a range or a share)
    per_unit: bool  # a unit price: 5万元/月, 每顶800元, 单价…, 亩均…
    approx: bool  # 约 / ≈ / 左右


_CLAUSE_START = re.compile(r"[，,；;。、（(][^，,；;。、（(]*$")  # the words of an amount's own clause follow it
# The clause before an amount makes it an operand of a formula, a total, the result of its clause, a unit price or
# an approximation (vocab's words); guarded: a pattern is run only on a clause holding a character it needs
_OPERAND = guarded(r"(?:[*×✕/+＋~～]|(?<=\d)[xX]|\d\s*[-—至到])\s*$")
_TOTAL = guarded(vocab.MONEY_TOTAL_BEFORE)
_RESULT = guarded(vocab.MONEY_RESULT_BEFORE)
_PER_UNIT = guarded(vocab.MONEY_PER_UNIT_BEFORE)
_APPROX = guarded(vocab.MONEY_APPROX_BEFORE)
# After an amount: its multipliers (×12个月), then another operator (it is an operand) or 左右 (it is approximate).
_AFTER = guarded(r"(?P<times>(?:\s*[*×✕xX]\s*\d+(?:\.\d+)?(?![\d.])[\u4e00-\u9fa5]{0,3})*)"
                 r"(?:(?P<op>\s*(?:[%％‰=＝/+＋*×✕]|[-~～—至到]\s*\d))|(?P<approx>\s*左右))?")
_FACTOR = re.compile(r"[*×✕xX]\s*(\d+(?:\.\d+)?)")


def money_terms_in_text(text: str, matches: list[re.Match[str]] | None = None) -> list[MoneyTerm]:
    """The amounts money_in_text reads, unit prices included and marked, each with its multiplier (`1.54万元*12`,
    `×12个月`) and its role: an item, a total (合计/共计/总计 before it), the result of its own clause (计/共/即/=
    before it), or an operand of a formula (`2人*25000元*1月=5万`, `1736350元*30%`, `25000~35000元`).
    `matches`: money_matches(text), when known."""
    terms: list[MoneyTerm] = []
    prev_end = 0
    for m in _MONEY_NUMBERS.finditer(text) if matches is None else matches:
        pos, end = m.span()
        per = m.group("per")
        amount = money_amount(m)
        if not math.isfinite(amount):  # 309 digits or more: not an amount any rule can compare
            continue
        factor, operand_after, approx_after = None, False, False
        after = _AFTER.match(text, end)
        if after is not None:
            if after.group("times"):
                factor = 1.0
                for f in _FACTOR.findall(after.group("times")):
                    factor *= float(f)
                if not math.isfinite(factor * amount):
                    factor = None  # a multiplier too large to apply: the amount is read alone
                end = after.end("times")
            operand_after, approx_after = bool(after.group("op")), bool(after.group("approx"))
        # the words of its own clause (at most 20 characters) since the amount before it
        before = text[max(0, pos - 20, prev_end):pos]
        cut = _CLAUSE_START.search(before)
        if cut:
            before = before[cut.start() + 1:]
        prev_end = end
        if operand_after or _OPERAND.search(before):
            role = "operand"
        elif _TOTAL.search(before):
            role = "total"
        elif _RESULT.search(before):
            role = "result"
        else:
            role = "item"
        per_unit = bool(per or _PER_UNIT.search(before))
        approx = approx_after or bool(_APPROX.search(before))
        terms.append(MoneyTerm(rounded(amount * factor, 2) if factor else amount, pos, end, amount, factor, role, per_unit,
                               approx))
    return terms
