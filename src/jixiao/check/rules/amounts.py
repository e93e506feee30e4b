"""amount_inconsistency and count_inconsistency: numbers in the header and texts against the table."""

from __future__ import annotations

import re
from typing import Iterator

from jixiao import vocab
from jixiao.check.basis import (
    MONEY_ANYWHERE, BasisText, Entry, basis_texts, calculation_wrong, sum_tolerance, written_calculations,
    years_ok,
)
from jixiao.check.rule import Context, Hit, rule
from jixiao.check.facts import Row, Rows, header_texts, is_economic_cost, name_words, names_near, normal_name
from jixiao.model import Amount, Form
from jixiao.values import (
    format_number, money_count, money_in_text, parse_amount, quantities_in_text,
    rates_in_text,
)

_TOTAL_WORDS = (*vocab.MONEY_TOTAL_WORDS, "总额", "共")
_TOTAL_WORD = re.compile("(" + "|".join(_TOTAL_WORDS) + r")\s*(为|约)?\s*[:：]?\s*$")
_QUARTER = re.compile(r"(第?[一二三四1-4]季度(?:末)?|[1-9]\s*[-—至~]\s*1?[0-9]\s*月(?:份)?|[一二三四]季度)")


_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")


def _close(a: float, b: float, rel: float = 0.005) -> bool:
    return abs(a - b) <= max(1.0, rel * max(abs(a), abs(b)))


@rule("JX701", "amount_inconsistency", "error", "本年度金额大于项目总金额")
def annual_over_total(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：本年度金额是项目总金额（中期规划）的一部分；本年度金额大于总金额，说明其中一项有误，或者一项按万元、一项按元
    填写。实施期跨几年的项目，多年之和的总金额更可能少写了一位，报告指向总金额。

    依据：《中央部门预算绩效目标管理办法》（财预〔2015〕88号）：绩效目标应与预算确定的投入相匹配；年度金额不应超过多年总额。"""
    a, t = form.annual_amount, form.total_amount
    if a and t and a.yuan is not None and t.yuan is not None and a.yuan > t.yuan + 0.5:
        start, end = form.start_date, form.end_date
        years = max(form.period_years or 0, (end.year - start.year + 1) if start and end else 0)
        # of a project of several years, the total (the years' sum) is the figure in doubt: point at it; but this year's
        # amount a hundred times over the total was typed in the smaller unit (4,200,000.00 in a table in 万元)
        slip = a.yuan > 100 * t.yuan
        field = "项目总金额" if years > 1 and "项目总金额" in form.fields and not slip else "本年度项目金额"
        note = "（本年度金额像是按元填写）" if slip else ""
        yield Hit(f"本年度项目金额（{a.raw}{a.unit or ''}）大于项目总金额（{t.raw}{t.unit or ''}）{note}", field=field,
                  evidence=f"{a.raw} > {t.raw}", suggestion="核对两项金额及其单位（元/万元）")


@rule("JX708", "amount_inconsistency", "warning", "一年期项目的项目总金额与本年度金额不等")
def one_year_total(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：实施期限一年（或起止时间在同一年内）的项目，项目总金额就是这一年的钱，应等于本年度项目金额：总金额
    2,972,000 元、本年度 2,792,000 元，必有一处写错（数字颠倒、只改了一处）。本年度金额大于总金额的由 JX701 报告。
    是警告而不是错误：起止时间或实施期限本身也可能写错。表中文字或栏目名称写明项目跨几年实施的（“2026—2028年分三年
    完成”“长期目标（2028—2030年）”），所填的实施期限是本年度的，不报。

    依据：《中央部门预算绩效目标管理办法》（财预〔2015〕88号）：绩效目标应与预算确定的投入相匹配；项目总金额是各年度
    金额之和。"""
    a, t = form.annual_amount, form.total_amount
    if not (a and t and a.yuan and t.yuan) or a.yuan > t.yuan + 0.5:
        return  # a missing amount, or an annual amount above the total (JX701's)
    start, end = form.start_date, form.end_date
    one_year = form.period_years == 1 or (form.period_years is None and start and end and start.year == end.year)
    # the texts, or the labels (长期目标（2028—2030年）), say the project runs over several years: the period printed is
    # this year's (a 中期规划 in the total's label says nothing: the Shenzhen template prints it on one-year projects)
    if not one_year or _close(a.yuan, t.yuan, 0.0005):
        return
    if any(int(m.group(2)) > int(m.group(1))
           for text in [*(t for _, t in header_texts(form)), *(hf.label for hf in form.fields.values())]
           for m in vocab.YEARS_RANGE.finditer(text)):
        return
    yield Hit(f"项目实施期为一年，项目总金额（{t.raw}{t.unit or ''}）却与本年度项目金额（{a.raw}{a.unit or ''}）不等",
              field="本年度项目金额", evidence=f"{a.raw} ≠ {t.raw}",
              suggestion="一年期项目的总金额应等于本年度金额：核对两处金额及实施期限")


@rule("JX709", "amount_inconsistency", "error", "总成本目标高于本年度项目金额")
def total_cost_above_amount(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：“项目总成本 ≤880万元”是这一年花钱的上限，不能高于批复的本年度项目金额（860 万元）：多半沿用了上年或测算前
    的数字。多年期项目的总成本目标等于或低于项目总金额的，可能说的是整个项目，不报。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：成本指标应与预算确定的
    投入相匹配，总成本目标不应超过年度资金。"""
    a, t = form.annual_amount, form.total_amount
    if not a or not a.yuan:
        return
    for row in ctx.rows(form).all:
        if not (row.kind == "number" and row.value is not None and row.target_unit == "元" and is_economic_cost(row)
                and vocab.TOTAL_COST_NAME.search(normal_name(row.name)) and row.comparator in ("≤", "<", "=")):
            continue
        if row.value <= a.yuan * 1.0005 or (t and t.yuan and (form.period_years or 1) > 1 and row.value <= t.yuan * 1.0005):
            continue
        unit = _unit_of(a.unit)
        yield Hit(f"“{row.name}”的目标 {row.raw} 高于本年度项目金额 {_in(a.yuan, unit)}", indicator=row.indicator,
                  evidence=f"{row.raw} > {a.raw}{a.unit or ''}", suggestion=f"总成本目标不超过本年度项目金额（{_in(a.yuan, unit)}）")


_PART_NAMES = {"财政拨款资金": "财政拨款", "上年结转资金": "上年结转"}


@rule("JX702", "amount_inconsistency", "error", "资金来源之和不等于本年度金额")
def funding_sum(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：年度资金总额 = 当年财政拨款 + 上年结转 + 其他资金（元、万元统一换算后）。按来源列出的各行（中央水利发展资金、
    上级工会补助、县级配套）也是总额的组成部分，一并相加；它们之和等于项目总金额的（列的是整个项目资金的来源），不报。
    转移支付、政府购买服务资金是财政拨款的一部分，不再相加；但表中把上级资金与本级财政资金并列为“其中”两项（中央预算内
    投资 + 市级财政资金 = 年度资金总额）时，它与其余各项相加恰好等于总额，也不报；按来源列出的各行（连同转移支付）恰好
    等于财政拨款、模板各项等于总额的，是财政拨款的明细，也不报。

    依据：《中央部门预算绩效目标管理办法》（财预〔2015〕88号）：绩效目标应与预算确定的投入相匹配，资金来源各项之和应等于年度总额。"""
    a = form.annual_amount
    # the parts the template names, then the lines named by their source (kept under their printed labels)
    parts: list[tuple[str, Amount]] = [(k, form.funding[k]) for k in ("财政拨款资金", "上年结转资金", "其他资金")
                                       if k in form.funding]
    sources = [(k, v) for k, v in form.funding.items() if k not in vocab.AMOUNT_FIELDS]
    parts += sources
    if not a or a.yuan is None or ("财政拨款资金" not in form.funding and len(parts) < 2):
        return  # (one line named by its source is no breakdown: 本级预算金额 250 | 上级资金 0 are two amounts)
    if any(p.yuan is None for _, p in parts):
        return
    total = sum(p.yuan or 0.0 for _, p in parts)  # none is None (tested above)
    transfer = form.funding.get("转移支付资金")
    beside = transfer is not None and transfer.yuan is not None and _close(total + transfer.yuan, a.yuan, 0.0005)
    whole = form.total_amount
    if sources and whole is not None and whole.yuan is not None and _close(total, whole.yuan, 0.0005):
        return  # the sources of the whole project's money
    fiscal = form.funding.get("财政拨款资金")
    if sources and fiscal is not None and fiscal.yuan and _close(total - sum((p.yuan or 0.0 for _, p in sources), 0.0), a.yuan,
                                                                 0.0005):
        named = sum((p.yuan or 0.0 for _, p in sources), 0.0)
        if _close(named, fiscal.yuan, 0.0005) or (transfer is not None and transfer.yuan is not None
                                                  and _close(named + transfer.yuan, fiscal.yuan, 0.0005)):
            return  # the lines by source break 财政拨款 down (其中：省级补助资金 150 | 县级财政资金 230 under 财政拨款 380)
    if not _close(total, a.yuan, 0.0005) and not beside:
        unit = _unit_of(a.unit)  # the unit the header writes its amounts in
        slip = _part_in_other_unit(parts, total, a.yuan, unit)
        if slip is not None:
            key, part, wrote, meant = slip
            label = form.fields[key].label if key in form.fields else _PART_NAMES.get(key, key)
            yield Hit(f"“{label}”填的 {part.raw} 像是按{wrote}填写（表中金额以{unit}计）：按{unit}应为 "
                      f"{_in((part.yuan or 0.0) * meant, unit)}，各项之和才等于本年度金额 {_in(a.yuan, unit)}", field=key,
                      evidence=" + ".join(p.raw for _, p in parts), suggestion=f"按{unit}填写“{label}”")
            return
        names = "、".join(_PART_NAMES.get(k, k) for k, _ in parts)
        spent = _spending_split(form, a.unit)
        if spent is not None and _close(spent, a.yuan, 0.0005):
            # the money by what it is spent on adds up to the total: the total stands, the income lines are off
            yield Hit(f"资金来源各项（{names}）合计 {_in(total, unit)}，与资金总额 {_in(a.yuan, unit)} 不一致；按支出性质分的"
                      f"各项之和等于资金总额，有误的是收入各项", field=parts[0][0],
                      evidence=" + ".join(p.raw for _, p in parts), suggestion="核对按收入性质分的各项金额")
            return
        yield Hit(f"资金来源各项（{names}）合计 {_in(total, unit)}，与本年度金额 {_in(a.yuan, unit)} 不一致",
                  field="本年度项目金额", evidence=" + ".join(p.raw for _, p in parts), suggestion="核对资金来源各项金额")


@rule("JX710", "amount_inconsistency", "error", "部门的基本支出与项目支出之和不等于资金总额", kinds=("target",))
def department_spending_split(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：部门整体支出表按支出性质把资金总额分为基本支出和项目支出，两者之和应等于资金总额（按收入性质分的各项之和
    也等于它）：基本支出 846.40 + 项目支出 480.00 = 1,326.40 万元，资金总额却是 1,306.40 万元，必有一处写错。表中列出的
    年度主要任务的预算金额之和恰好补上差额（任务合计 460.00 = 资金总额 − 基本支出）时，指出项目支出。收入各项也对
    不上的，由 JX702 报告。

    依据：《中央部门预算绩效目标管理办法》（财预〔2015〕88号）：部门整体支出绩效目标应与部门预算相匹配。"""
    a = form.annual_amount
    if form.kind != "department" or not a or a.yuan is None:
        return
    spent = _spending_split(form, a.unit)
    if spent is None or _close(spent, a.yuan, 0.0005):
        return
    unit = _unit_of(a.unit)
    basic = parse_amount(form.fields["基本支出"].value, a.unit or "元", form.fields["基本支出"].line)
    tasks: list[float] = [d.amount.yuan for d in form.duties if d.amount is not None and d.amount.yuan is not None]
    planned = sum(tasks, 0.0)
    shown = f"基本支出 + 项目支出 = {_in(spent, unit)}，与资金总额 {_in(a.yuan, unit)} 不一致"
    if basic is not None and basic.yuan is not None and tasks and _close(planned, a.yuan - basic.yuan, 0.0005):
        yield Hit(f"{shown}；年度主要任务的预算合计 {_in(planned, unit)}，项目支出应为这个数", field="项目支出",
                  evidence=form.fields["项目支出"].value, suggestion=f"项目支出改为 {_in(planned, unit)}")
        return
    yield Hit(shown, field="项目支出", evidence=f"{form.fields['基本支出'].value} + {form.fields['项目支出'].value}",
              suggestion="核对基本支出、项目支出与资金总额")


def _spending_split(form: Form, unit: str | None) -> float | None:
    """A whole-department form's money by what it is spent on (基本支出 + 项目支出), in yuan, when it prints both."""
    if form.kind != "department":
        return None
    values = [parse_amount(form.fields[k].value, unit or "元", form.fields[k].line)
              for k in vocab.EXPENDITURE_SPLIT_LABELS if k in form.fields]
    if len(values) < len(vocab.EXPENDITURE_SPLIT_LABELS) or any(v is None or v.yuan is None for v in values):
        return None
    return sum(v.yuan or 0.0 for v in values if v is not None)


def _part_in_other_unit(parts: list[tuple[str, Amount]], total: float, want: float,
                        unit: str) -> tuple[str, Amount, str, float] | None:
    """The one part whose figure, read in the other common unit (元 under a 万元 heading: 2,565,000 for 256.50), makes
    the parts add up to the year's amount: (its key, the amount, the unit it looks written in, the factor that mends
    it)."""
    wrote = vocab.MONEY_UNIT_SLIPS.get(unit)
    if wrote is None:
        return None
    factor = vocab.MONEY_UNIT_YUAN[wrote] / vocab.MONEY_UNIT_YUAN[unit]  # what mends a figure so written
    for key, part in parts:
        y = part.yuan or 0.0
        # (a figure the other unit makes next to nothing is no slip: the sum fits as well without it, a part counted
        # twice, a breakdown of another part)
        if y and _close(total - y + y * factor, want, 0.0005) and abs(y * factor) > 0.005 * abs(want):
            return key, part, wrote, factor
    return None


@rule("JX703", "amount_inconsistency", "info", "测算依据的合计与项目金额不符")
def basis_total(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：测算依据最后得出的金额应当就是申报的金额：本年度金额，或多年测算时的项目总金额。只比较文字最后得出的合计：
    合计之后还有金额的（分年度支付、核减后的金额、已支付的部分），那个合计只是小计、合同总额或其他年度的钱，不报；
    文字中任何一处写出了申报金额的（如“2024年核减后预算为211.53万元”），也不报。

    依据：《中央部门预算绩效目标管理办法》（财预〔2015〕88号）：绩效目标应与预算确定的投入相匹配。"""
    a, t = form.annual_amount, form.total_amount
    if not a or a.yuan is None:
        return
    targets = [x.yuan for x in (a, t) if x and x.yuan]
    for basis_text in basis_texts(form, ctx.rows(form)):
        name, text, ind = basis_text.name, basis_text.text, basis_text.indicator
        if not any(w in text for w in _TOTAL_WORDS):
            continue
        found = money_in_text(text, basis_text.money())
        if not found or any(_close(y, x, 0.01) for y, _, _ in found for x in targets):  # type: ignore[arg-type]
            continue  # the text arrives at the money requested (a total after 核减, a year's share…) somewhere
        # what the text arrives at is its last amount: a total followed by more amounts is a sub-total, another
        # year's money, a contract sum split over years or already paid (合计…，分三年支付；2024年预算为…)
        y, pos, raw = found[-1]
        if y < 0.5 * a.yuan or not _TOTAL_WORD.search(text[max(0, pos - 12):pos]):
            continue  # not a total claim (共计/合计… before it), or too small to be the whole
        yield Hit(f"{name}最后得出的合计为 {raw}，与本年度项目金额 {a.raw}{a.unit or ''} 不一致",
                  field=None if ind else name, indicator=ind, evidence=raw, suggestion="核对测算依据的合计与申报金额")


# ---------------------------------------------------------------------------------------------------------
# The items a calculation basis lists and the total it states (JX705), or the annual amount (JX706)
# ---------------------------------------------------------------------------------------------------------

_TOTAL_MONEY = re.compile("(?:" + "|".join(vocab.MONEY_TOTAL_WORDS) + r")[^，,；;。\d]{0,8}\d[\d,.]*\s*[万元亿]")  # a stated total
def _unit_of(written: str | None) -> str:
    """The money unit a text or a field writes: 元, 千元, 万元 (a bare 万 too) or 亿元."""
    if written and written.startswith("亿"):
        return "亿元"
    if written and written.startswith("千"):
        return "千元"
    return "元" if written == "元" else "万元"


def _text_unit(basis_text: BasisText) -> str:
    """The unit most amounts of a calculation basis are written in (万元 on a tie): the messages of JX705/JX706
    give their sums in it, as the text does, never in a unit the reader has to convert."""
    count: dict[str, int] = {}
    for m in basis_text.money():
        unit = _unit_of(m.group("u"))
        count[unit] = count.get(unit, 0) + 1
    return max(sorted(count, key=lambda u: u != "万元"), key=lambda u: count[u]) if count else "万元"


def _in(yuan: float, unit: str) -> str:
    """An amount in the given unit: 210.746 万元, 736469.03 元."""
    return f"{format_number(round(yuan / vocab.MONEY_UNIT_YUAN[unit], 6))} {unit}"


def _terms_of(entries: list[Entry], unit: str) -> str:
    return "+".join(format_number(round(e.amount / vocab.MONEY_UNIT_YUAN[unit], 6))
                    + (f"×{format_number(e.factor)}" if e.factor else "") for e in entries)


@rule("JX705", "amount_inconsistency", "error", "测算依据各项之和不等于所写合计")
def basis_items_total(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：测算依据逐项列出金额、再写出合计（合计 / 共计 / 总计）时，各项之和必须等于合计：合计 25 万元之下各项只有
    16 + 6 万元，说明漏了一项或有数字写错，申报的钱就没有依据。JX703 拿合计与本年度金额比较，这条规则拿合计与它自己的各项
    比较。各项是合计之前各分句的金额（写明的倍数算入：1.54万元*12）；单价（每顶800元、单价…、5万元/月）、金额后括号里
    的明细、公式中的运算数不算一项，分句的结果（计40万元、=20万元）代表该分句。最近若干项之和恰好等于合计（小计）、
    各项是比例（%）、其中项、参考数、已支付的钱、其他年度的钱，或有单价没有算出结果的，不报。容差：5 元或 0.05%
    （写“约”时 1%）。信息中的金额按测算依据自己使用的单位给出。

    依据：《中央部门预算绩效目标管理办法》（财预〔2015〕88号）：绩效目标应与预算确定的投入相匹配。"""
    for basis_text in basis_texts(form, ctx.rows(form)):
        name, text, ind = basis_text.name, basis_text.text, basis_text.indicator
        m = _TOTAL_MONEY.search(text)  # a 合计 followed by an amount, with two amounts before it
        if not m or money_count(text[:m.start()], 2) < 2:
            continue
        basis = basis_text.basis()
        if basis is None or basis.mismatch is None:
            continue
        items, total, raw = basis.mismatch
        got = sum(e.yuan for e in items)
        unit = _text_unit(basis_text)
        stated = raw if _unit_of(raw.lstrip("0123456789,. ")) == unit else f"{raw}（{_in(total, unit)}）"
        yield Hit(f"{name}各项合计 {_in(got, unit)}（{_terms_of(items, unit)}），与所写合计 {stated}不符",
                  field=None if ind else name, indicator=ind, evidence=text[:80],
                  suggestion=f"核对各项金额与合计：各项之和为 {_in(got, unit)}，补列缺少的项目或改正合计")


@rule("JX706", "amount_inconsistency", "warning", "测算依据逐项列出的金额之和与本年度金额不符")
def basis_list_vs_annual(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：测算依据写成编号清单、每项一个金额而没有写合计时，这些项就是申报的钱：各项之和应等于本年度金额（多年测算时
    为项目总金额）。30 + 14.4 + 4.6 = 49 万元，申报 48 万元，差额没有说明。是警告而不是错误：合计没有写出来，申报金额也
    可能在测算之后被核减，由审核人判断。有一项没有金额或有多个金额、清单前已有金额、写了合计（由 JX705 检查）、各项是
    其他年度的钱（上年的尾款是今年的钱）、或清单只列主要项目（“主要为：1. …”“…等”）而各项之和少于申报金额时，不报。
    容差：5 元或 0.05%（写“约”时 1%）。信息中的金额按测算依据自己使用的单位给出。

    依据：《中央部门预算绩效目标管理办法》（财预〔2015〕88号）：绩效目标应与预算确定的投入相匹配。"""
    a = form.annual_amount
    if not a or not a.yuan:
        return
    targets = [x.yuan for x in (a, form.total_amount, *form.funding.values()) if x and x.yuan]
    for basis_text in basis_texts(form, ctx.rows(form)):
        name, text, ind = basis_text.name, basis_text.text, basis_text.indicator
        if "元" not in text and "万" not in text:
            continue
        marks = basis_text.marks()
        if not marks or money_count(text[:marks[0]], 1) or not all(  # amounts before the list, items without one
                MONEY_ANYWHERE.search(text, lo, hi) for lo, hi in zip(marks, [*marks[1:], len(text)])):
            continue
        basis = basis_text.basis()
        if (basis is None or basis.items < 2 or basis.preamble_money or basis.stated_total or basis.mismatch
                or basis.unresolved):
            continue
        entries = basis.entries
        if [e.item for e in entries] != list(range(1, basis.items + 1)) or not all(e.clean for e in entries):
            continue  # an item without an amount, or with several
        if not years_ok(entries, form.budget_year):
            continue
        got = sum(e.yuan for e in entries)
        tol = sum_tolerance(a.yuan, any(e.approx for e in entries))
        if any(abs(got - x) <= tol for x in targets):  # type: ignore[operator]
            continue
        if got < a.yuan and (basis.not_exhaustive or text.rstrip("。；; ").endswith("等")):
            continue  # a list of the main items may leave some out
        unit = _text_unit(basis_text)
        yield Hit(f"{name}所列 {basis.items} 项金额合计 {_in(got, unit)}（{_terms_of(entries, unit)}），比本年度项目金额 "
                  f"{_in(a.yuan, unit)}{'多' if got > a.yuan else '少'} {_in(abs(got - a.yuan), unit)}",
                  field=None if ind else name, indicator=ind, evidence=text[:80],
                  suggestion="核对测算依据各项金额，使其合计等于申报金额，或写明差额的来由（核减、其他资金等）")


_OTHER_CALCULATION_TEXTS = ("年度目标", "项目概况", "项目用途")  # texts besides the 测算依据 a form writes its sums in


@rule("JX707", "amount_inconsistency", "error", "测算依据中写出的算式算错了")
def calculation_wrong_in_basis(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：测算依据写出的算式（数量×单价=金额）应当算得对：“12,000×260=322万元”实为 312 万元，“158万亩×105元/亩=
    16,800万元”实为 16,590 万元。算错的金额往往就是申报的金额，预算因此多报或少报。按“元”“万元”两种读法都算不对的才报。
    没有测算依据栏的表单把算式写在年度目标或项目概况里，一样检查。

    依据：《中央部门预算绩效目标管理办法》（财预〔2015〕88号）：绩效目标应与预算确定的投入相匹配，测算应准确。"""
    texts = basis_texts(form, ctx.rows(form)) + [  # (a text with no = writes no calculation: most goals)
        BasisText(name, text, None, form.budget_year) for name, text in header_texts(form, _OTHER_CALCULATION_TEXTS)
        if "=" in text or "＝" in text]
    for basis_text in texts:
        for c in written_calculations(basis_text.text):
            if calculation_wrong(c):
                unit = _text_unit(basis_text)
                yield Hit(f"{basis_text.name}中的算式“{c.raw}”算得 {_in(c.computed, unit)}，不是 {_in(c.stated, unit)}",
                          field=None if basis_text.indicator else basis_text.name, indicator=basis_text.indicator,
                          evidence=c.raw, suggestion=f"核对算式：按所列数量和单价应为 {_in(c.computed, unit)}，并核对申报金额")


@rule("JX704", "amount_inconsistency", "error", "资金支出进度的累计数不递增或不等于年度金额")
def payment_schedule(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：资金支出进度按季度填写累计支付数：逐季不减，最后一个累计数等于年度金额（或 100%）。“43 万元”之后是
    “12.8 万元”，既不是累计，也没有付完。信息中的金额照原文的写法（43万元、12.8万元）给出，不换算成别的单位。

    依据：实践做法（2021 年申报表的投入指标：资金支出进度）。"""
    a = form.annual_amount
    for row in ctx.rows(form).every_by_level2.get("资金支出进度", ()):
        if not row.explanation:
            continue
        ind = row.indicator
        text = row.explanation
        found = money_in_text(text)
        pct = _PERCENT.findall(text)
        # the amounts as the text writes them (43 万元, 40%), for the messages: never converted to another unit
        if len(found) >= 2:
            seq, written, unit = [y for y, _, _ in found], ["".join(raw.split()) for _, _, raw in found], "money"
        else:
            seq, written, unit = [float(x) for x in pct], [f"{x}%" for x in pct], "pct"
        if len(seq) < 2 or not _QUARTER.search(text):
            continue
        falls = [i for i in range(1, len(seq)) if seq[i] < seq[i - 1] - 0.005]
        if falls:
            yield Hit(f"资金支出进度的累计数出现下降（{written[falls[0] - 1]} → {written[falls[0]]}），不是累计值",
                      indicator=ind, evidence=text[:80], suggestion="按季度填写累计支付数，逐季不减，第四季度等于年度金额")
        last = seq[-1]
        if unit == "money" and a and a.yuan and not _close(last, a.yuan, 0.001):
            yield Hit(f"资金支出进度最后的累计数 {written[-1]} 不等于本年度金额 {a.raw}{a.unit or ''}", indicator=ind,
                      evidence=text[:80], suggestion=f"第四季度累计支付数应等于本年度金额（{a.raw}{a.unit or ''}）")
        if unit == "pct" and last != 100:
            yield Hit(f"资金支出进度最后的累计比例为 {written[-1]}，未达到 100%", indicator=ind, evidence=text[:80],
                      suggestion="第四季度末累计支出应达到年度金额的 100%")


@rule("JX711", "count_inconsistency", "warning", "测算依据或年度目标中的数量与指标不一致")
def count_vs_text(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：测算依据按 68 名人员测算，指标却只承诺“≥62人”：目标应与预算所支付的投入相符；目标写成“=362人”而年度
    目标写“326名”，或“≥4320户”而年度目标写“3,420户”（同样的数字换了顺序），两处必有一处写错。按单位以及数字附近
    与指标名称共有的字词匹配（项目名称中的字词满篇都是，只凭它们须共有四个字）；长期目标计的是多年，不与年度指标比较；人均、日均等平均数不是总量，不与文字中的总数比较；目标为 0
    的（伤亡 0 人、事故 0 起）说的是不发生，不与文字中的人数比较。

    依据：《中央部门预算绩效目标管理办法》（财预〔2015〕88号）：绩效目标应与预算确定的投入相匹配。"""
    # rows of a quantity with a value, not an average, not zero (0人, 0起: no occurrence of a bad event, not a count
    # of work a text's number could ask more of)
    rows = [row for row in ctx.rows(form).by_kind.get("number", ())
            if row.family in vocab.QUANTITY_FAMILIES and row.value and not row.per
            and not vocab.AVERAGE_NAME.search(row.name)
            and vocab.indicator_kind(row.name) != "rate"]  # a rate given a count's unit is JX313's: one finding
    if not rows:
        return
    # numbers in the texts are read once per form, not once per indicator, and only those of the rows' units (a text
    # that does not write one is not read); 长期目标 counts several years, the indicators one (RULES-REFERENCE “Money
    # adds up”: do not compare multi-year totals with annual ones)
    units = {vocab.same_unit(row.target_unit) for row in rows}
    spellings = units | {u for u, same in vocab.UNIT_SYNONYMS.items() if same in units}
    texts = []
    for fname, text in header_texts(form, ("测算依据", "年度目标", "项目概况", "项目用途")):
        if any(u in text for u in spellings):  # type: ignore[operator]
            by_unit: dict[str | None, list] = {}
            for q in quantities_in_text(text):
                by_unit.setdefault(vocab.same_unit(q[1]), []).append(q)
            texts.append((fname, text, by_unit))
    names = [normal_name(row.name) for row in ctx.rows(form).all]
    # a figure of a text that is another row's target, after words naming that row more than this one, is that row's
    # (全年提供中医药服务2.4万人次: the 服务人次 row's ≥2.4万人次, not a count of the 培训人次 row); the rows' targets
    # are indexed when a figure first asks
    targets: dict[tuple[str | None, float], list[Row]] | None = None
    for row in rows:
        value = row.value
        if row.comparator not in ("≥", None, "="):
            continue  # only a target a larger number in a text contradicts
        if names.count(normal_name(row.name)) > 1:
            continue  # the same indicator twice with two targets: JX501's, one finding for one mistake
        unit = vocab.same_unit(row.target_unit)
        if any(n == value for _, _, by_unit in texts for n, _, _, _ in by_unit.get(unit, ())):
            continue  # the texts state the target's own number: a larger one there counts something else (a total…)
        name_chars: set[str] | None = None  # worked out when a number of the text asks for more than the target
        for fname, text, by_unit in texts:
            quantities = by_unit.get(unit, ())
            for n, u, pos, raw in quantities:
                # a text that asks for more than the target; or a 测算依据 that pays for less than it promises (and
                # whose quantities of that unit do not add up to the target: parts of it, 县道+乡道+村道); or a near
                # figure where the target is exact (326名 for =362人: a slip of the pen in one of them)
                more = n > value  # type: ignore[operator]
                pays_less = (fname == "测算依据" and n < value and row.comparator in ("≥", "=", None)  # type: ignore[operator]
                             and not _parts_of(value or 0.0, {q[0] for q in quantities}))
                # (4320 for the goal's 3420: the same digits in another order, a slip of the pen in one of them)
                swapped = n != value and _digits(n) == _digits(value or 0.0)
                if not more and not pays_less and not swapped and not (row.comparator == "=" and 0.5 * (value or 0.0) <= n):
                    continue
                if targets is None:
                    targets = {}
                    for other in ctx.rows(form).by_kind.get("number", ()):
                        for key in _target_keys(other):
                            targets.setdefault(key, []).append(other)
                if any(other is not row and _affinity(other.name, text, pos) > _affinity(row.name, text, pos)
                       for other in targets.get((unit, round(n, 6)), ())):
                    continue  # the figure is another row's target, and the words before it name that row more
                if name_chars is None:
                    name_chars = name_words(row.name)
                if row.family != "count" and row.name[:2] not in text[max(0, pos - 24):pos]:
                    continue  # an area or a length of something the name qualifies (机械化清扫…) the text does not say
                if names_near(name_chars, text, pos, raw, form.project_name):
                    what = "，超出了测算依据按资金测算的数量" if pays_less and not more else ""
                    yield Hit(f"{fname}写的是“{raw}”，指标“{row.name}”的目标却是“{row.raw}”{what}", indicator=row.indicator,
                              evidence=f"{raw} | {row.raw}", suggestion=f"核对数量，目标应与{fname}一致（{raw}）")
                    break
            else:
                continue
            break


@rule("JX714", "count_inconsistency", "warning", "年度指标值照抄了长期目标的多年总量")
def annual_count_is_the_whole(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：多年实施的项目，年度指标只计本年度的量。长期目标写“2028—2030年建成中医馆18个”、年度目标写“2028年建成
    8个”，年度指标却填“≥18个”：多年的总量被当成了一年的目标，预算按 8 个测算，指标却承诺 18 个。数量与长期目标中同一
    事物的数量相同、而年度目标写的同一事物更少时才报（两处文字都以指标名称中的字词指向这一事物）；一年内全部完成的项目
    年度目标写的也是总量，不报。

    依据：《中央部门预算绩效目标管理办法》（财预〔2015〕88号）：绩效目标分为中长期目标和年度目标，年度目标是中长期目标的
    分解。"""
    texts = dict(header_texts(form, ("长期目标", "年度目标")))
    whole_text, year_text = texts.get("长期目标"), texts.get("年度目标")
    if not whole_text or not year_text:
        return
    found = ctx.rows(form)
    read = {whole_text: _quantities(found, whole_text)}  # once, not once a row (the year's text when a row asks)
    stated = {n for n, _, _, _ in read[whole_text]}  # a row is asked about only when the long-term text states its figure
    for row in found.by_kind.get("number", ()):
        value = row.value
        if (value not in stated or row.family not in vocab.QUANTITY_FAMILIES or row.per or row.comparator not in ("≥", "=", None)
                or vocab.AVERAGE_NAME.search(row.name) or vocab.indicator_kind(row.name) == "rate"):
            continue
        unit = vocab.same_unit(row.target_unit)
        name_chars = name_words(row.name)
        if year_text not in read:
            read[year_text] = _quantities(found, year_text)
        # the figures of each text in the row's unit, after words naming what the row counts
        whole_n, year_n = ([(n, raw) for n, u, pos, raw in read[text]
                            if vocab.same_unit(u) == unit and names_near(name_chars, text, pos, raw, form.project_name)]
                           for text in (whole_text, year_text))
        whole = next((raw for n, raw in whole_n if n == value), None)
        year = next((raw for n, raw in year_n if n < value), None)
        if whole and year and not any(n == value for n, _ in year_n):
            yield Hit(f"“{row.name}”年度指标值“{row.raw}”是长期目标的多年总量（{whole}），年度目标写的本年度数量却是“{year}”",
                      indicator=row.indicator, evidence=f"{row.raw} | {whole} | {year}",
                      suggestion=f"年度指标值填本年度的量（年度目标为{year}），多年总量写在长期目标或中长期指标中")


def _quantities(found: Rows, text: str) -> list[tuple[float, str, int, str]]:
    """values.quantities_in_text of a form's text, read once for the rules that ask (JX713, JX714: the 长期目标)."""
    key = "quantities:" + text
    kept: list[tuple[float, str, int, str]] | None = found.memo.get(key)
    if kept is None:
        kept = found.memo[key] = quantities_in_text(text)
    return kept


def _affinity(name: str, text: str, pos: int) -> int:
    """How many characters of an indicator's name the words just before a figure of a text hold."""
    return len(set(name).intersection(text[max(0, pos - 16):pos]))


def _target_keys(row: Row) -> list[tuple[str | None, float]]:
    """(unit, number) of a row's target as a text may write it: ≥2.4 万人次 is also 24,000 人次 (a text's 万 is applied
    to its number, values.quantities_in_text)."""
    if row.value is None:
        return []
    unit = row.target_unit or ""
    keys = [(vocab.same_unit(unit), round(row.value, 6))]
    if len(unit) > 1 and unit.startswith("万"):
        keys.append((vocab.same_unit(unit[1:]), round(row.value * 1e4, 6)))
    return keys


def _digits(x: float) -> str:
    """A whole number's digits in order (3420 and 4320 both give 0234); a fraction gives none to compare."""
    return "".join(sorted(str(int(x)))) if x == int(x) and x >= 100 else f"{x}"


def _parts_of(value: float, numbers: set[float]) -> bool:
    """Some two or more of the numbers add up to `value` (县道 120 + 乡道 80 + 村道 40 for a target of 240): a text
    that lists the parts of a target, not one that pays for less of it. The numbers of one unit in a 测算依据 are few."""
    sums: set[float] = set()
    for n in sorted(numbers)[:12]:
        sums |= {round(s + n, 6) for s in sums} | {n}
    return any(abs(s - value) < 1e-6 for s in sums)  # (a single number equal to the target was taken before)


@rule("JX712", "count_inconsistency", "warning", "年度目标中的比率与指标不一致或没有对应指标")
def goal_rate_vs_indicator(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：年度目标中的数字应当作为指标出现，且数值相符：“准确率90%以上”需要一条“≥90%”的准确率指标，
    “满意度不低于95%”需要一条“≥95%”的满意度指标（不低于、高于读作“以上”，不超过读作“以下”）。指标值写成
    “5次及以上≥5%”时，读其中的百分比。只比较数值：比较符与指标方向相反的，由 JX101、JX103 报告。引用年度目标时从指标
    名称或分句的开头引起，不截断在词中间（过长的分句以“…”标出）。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：不同层级的目标应衔接一致，年度目标中的数字应有相应的指标。"""
    goal = form.fields.get("年度目标")
    if not goal:
        return
    text = goal.value
    rows = ctx.rows(form).all
    for rate, value, suffix, raw in rates_in_text(text):
        key = rate[-3:] if len(rate) >= 3 else rate
        named = [row for row in rows if key in row.name or rate in row.name]
        quoted = _goal_phrase(text, rate, raw, named)
        if not named and any(key in (row.explanation or "") for row in rows):
            continue  # a row counts it and says so (建档人数 ≥50万人: 常住人口55.6万人×建档率90%)
        if not named and vocab.SATISFACTION_NAME.search(rate) and not any(row.level1 == "满意度" for row in rows):
            continue  # no 满意度 row at all: the category is missing (JX523's finding), one finding for one mistake
        if not named:
            yield Hit(f"年度目标提出“{quoted}”，指标中没有对应的“{key}”", field="年度目标", evidence=quoted,
                      suggestion=f"增加“{key}”指标（目标 {'≥' if suffix == '以上' else ''}{value:g}%），或修改年度目标")
            continue
        # the percentages a named row states: its typed target, or one written inside a longer target (5次及以上≥5%)
        stated = [(row, cmp, v) for row in named for cmp, v in _percents(row)]
        # the numbers are compared; a comparator against the indicator's polarity is JX101/JX103's to report
        ok = any((suffix == "以上" and v >= value) or (suffix in ("以下", "以内") and v <= value)
                 or (suffix is None and abs(v - value) < 1e-6) for _, _, v in stated)
        if not ok and not stated and any(row.value == value and vocab.indicator_kind(row.name) == "rate" for row in named):
            continue  # the goal's number, in another unit (收缴率 ≥95 | 元): the unit is the mistake, JX313's to report
        if not ok and not stated and all(row.kind == "text" for row in named):
            continue  # a target no reader can type (不低于全市平均水平): that is the finding (JX402), one for one mistake
        if not ok:
            first = stated[0][0] if stated else named[0]
            yield Hit(f"年度目标提出“{quoted}”，指标“{first.name}”的目标却是“{first.raw}”", indicator=first.indicator,
                      evidence=f"{quoted} | {first.raw}", suggestion="统一年度目标与指标的数值")


_PERCENT_IN_TARGET = re.compile(r"(?P<cmp>≥|≤|>|<|不低于|不少于|不高于|不超过|大于|小于|高于|低于)?\s*(?P<n>\d+(?:\.\d+)?)\s*[%％]"
                                r"(?P<suffix>及以上|以上|及以下|以下|以内)?")
_CMP_WORDS = {"不低于": "≥", "不少于": "≥", "不高于": "≤", "不超过": "≤", "大于": ">", "高于": ">", "小于": "<", "低于": "<"}


def _percents(row: Row) -> list[tuple[str | None, float]]:
    """The percentages a row's target states, with their comparators: ≥95% typed, or read from a target the value
    reader leaves as text (`5次及以上≥5%` states ≥5%)."""
    if row.target_unit == "%" and row.value is not None:
        return [(row.comparator, row.value)]
    out: list[tuple[str | None, float]] = []
    for m in _PERCENT_IN_TARGET.finditer(row.raw):
        cmp = m.group("cmp")
        cmp = _CMP_WORDS.get(cmp, cmp) if cmp else ("≥" if "上" in (m.group("suffix") or "") else
                                                    "≤" if m.group("suffix") else None)
        out.append((cmp, float(m.group("n"))))
    return out


_PHRASE_BREAK = frozenset("，,。；;、：: \t\n（()）")
_PHRASE_MAX = 24  # Han characters a quote reaches back for the start of its phrase


def _goal_phrase(text: str, rate: str, raw: str, named: list[Row]) -> str:
    """The goal's words for a rate, quoted whole: values.rates_in_text reads at most 10 characters of a rate's name
    (户数占…比率 of 月活跃用户数占…比率). The quote starts where an indicator's full name does, else at the start of its
    clause (marked … when the clause is longer than the quote can hold)."""
    pos = text.find(raw)
    if pos < 0:
        return raw
    end = pos + len(raw)
    rate_end = pos + len(rate)
    for row in sorted(named, key=lambda r: -len(r.name)):
        name = row.name.strip()
        start = rate_end - len(name)
        if len(name) > len(rate) and start >= 0 and text[start:rate_end] == name:
            return text[start:end]
    start = pos
    while start > max(0, pos - _PHRASE_MAX) and text[start - 1] not in _PHRASE_BREAK:
        start -= 1
    cut = start > 0 and text[start - 1] not in _PHRASE_BREAK
    return ("…" if cut else "") + text[start:end]


@rule("JX713", "count_inconsistency", "error", "年度指标值大于中长期指标值")
def annual_above_long_term(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：中期、长期指标计的是整个实施期，年度指标只是其中一年：同一指标年度要新建 20 处、三年合计却只有 15 处，
    两处必有一错。只比较同名、同单位的数量和金额，比率（覆盖率 100%）各年可以相同。长期目标写成文字的（2027—2029年
    累计建成示范基地 1,200 亩），其中同一事物的数量小于一年的指标值（≥1,500 亩）、又没有别的数字达到它时，也报告。

    依据：《中央部门预算绩效目标管理办法》（财预〔2015〕88号）：绩效目标分为中长期目标和年度目标，年度目标是中长期目标的分解。"""
    found = ctx.rows(form)
    yield from _long_term_text_below_annual(form, found)
    for row in found.all if found.long_term else ():
        whole = found.long_term.get(normal_name(row.name))
        if whole is None or row.value is None or whole.value is None or row.kind != "number" or whole.kind != "number":
            continue
        if row.comparator not in ("≥", ">", "=", None) or (row.family not in vocab.QUANTITY_FAMILIES and row.family != "money"):
            continue
        if vocab.same_unit(row.target_unit) != vocab.same_unit(whole.unit) or vocab.polarity_of(row.name) == "negative":
            continue
        if row.value > whole.value + 1e-9:
            yield Hit(f"“{row.name}”年度指标值“{row.raw}”大于中长期指标值“{whole.raw}”，一年的目标超过了整个实施期",
                      indicator=row.indicator, evidence=f"{row.raw} | {whole.raw}",
                      suggestion="核对年度目标与中长期目标：年度值是实施期总目标的一部分")


def _long_term_text_below_annual(form: Form, found: Rows) -> Iterator[Hit]:
    """JX713 on a 长期目标 written as text over several years (2027—2029年累计建成…1,200亩): a count of the same thing
    smaller than one year's target (≥1,500亩), and no figure there that reaches it."""
    text = dict(header_texts(form, ("长期目标",))).get("长期目标")
    if not text or not (vocab.YEARS_RANGE.search(text) or "累计" in text):
        return
    read = _quantities(found, text)
    units = {vocab.same_unit(u) for _, u, _, _ in read}
    for row in found.by_kind.get("number", ()):
        value = row.value
        if (value is None or vocab.same_unit(row.target_unit) not in units or row.per or row.comparator not in ("≥", ">", "=", None) or normal_name(row.name) in found.long_term
                or row.family not in vocab.QUANTITY_FAMILIES or vocab.polarity_of(row.name) == "negative"
                or vocab.AVERAGE_NAME.search(row.name) or vocab.indicator_kind(row.name) == "rate"):
            continue
        unit, name_chars = vocab.same_unit(row.target_unit), name_words(row.name)
        named = [(n, raw) for n, u, pos, raw in read
                 if vocab.same_unit(u) == unit and names_near(name_chars, text, pos, raw, form.project_name)]
        smaller = next((raw for n, raw in named if n < value), None)
        if smaller is not None and not any(n >= value for n, _ in named):
            yield Hit(f"长期目标写的多年总量“{smaller}”小于“{row.name}”一年的目标“{row.raw}”", field="长期目标",
                      indicator=row.indicator, evidence=f"{smaller} | {row.raw}",
                      suggestion="核对长期目标与年度指标：多年的总量应不小于其中一年的量")
