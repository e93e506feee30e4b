"""Drafting a target form from a text description: with an LLM (instructor) or offline.

    result = draft("为第三小学采购教学电脑120台，预算85万元，2025年完成", offline=True)
    result.form        # a Form, the same record the parser produces (the checker cannot tell them apart)
    result.findings    # checker findings still open
    result.needs_human # rows (三级指标) a person must look at

LLM path: few-shot examples chosen by similarity (fewshots.select_examples) are packed into the prompt under a
token budget (least similar dropped first); the model answers a `DraftForm` (pydantic, validated by instructor
with bounded retries); the checker audits the form and, while errors remain, a repair round sends the findings
back (default 2 rounds). Token usage and calls are counted for the whole draft (llm.RunUsage).

Offline path (no endpoint configured, or offline=True): facts read from the description (name, amounts in 元/万元,
years, unit, counted outputs, rates) fill a skeleton: standard rows (支出进度, 完成时限 within the budget year,
满意度), one output row per counted output, and quality/benefit rows for the kind of work (vocab.DRAFT_WORK_KINDS),
plus rows borrowed from the nearest examples when they talk about the same things. Drafts are audited; a
borrowed row that draws an error is dropped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from jixiao import vocab
from jixiao.fewshots import RESOURCES_ROOT, FewShotExample, Library, Selected, load_library, select_examples
from jixiao.model import Finding, Form
from jixiao.values import CN_NUMERAL, clean_cell, format_number, money_in_text, normalise, parse_target, to_float

PROMPTS_DIR = RESOURCES_ROOT / "prompts"
DRAFT_SOURCE = "draft"
NOT_APPLICABLE = vocab.NOT_APPLICABLE[0]  # what the drafter writes; any of vocab's words is read as 不适用
HEADER_LINES = 15  # the table starts after the header block of the text layout (see render_text)
MAX_DRAFT_INDICATORS = 60  # rows of a drafted form (DraftForm._bounded)
MAX_DRAFT_TEXT = 2000  # characters of a drafted free text (测算依据, 年度目标, 指标解释)


class DraftInputError(ValueError):
    """The description cannot be drafted from (empty, meaningless); `str()` is the Chinese message."""


# ---------------------------------------------------------------------------------------------------------
# The draft record (the LLM's response model; the offline drafter builds one too)
# ---------------------------------------------------------------------------------------------------------

class DraftIndicator(BaseModel):
    model_config = ConfigDict(extra="forbid")

    level1: Literal["产出", "效益", "满意度"]
    level2: str = Field(description="二级指标：数量/质量/时效/成本/经济效益/社会效益/生态效益/可持续影响/服务对象满意度/其他满意度")
    name: str = Field(description="三级指标；不适用时填“不适用”")
    target: str = Field(description="指标值，如 ≥95%、≥120台、2025年12月31日前、不适用")
    unit: str = Field(description="度量单位，与指标值的单位一致，如 %、台、日期；不适用时填“不适用”")
    explanation: str = Field("", description="指标解释：口径或计算公式")

    @field_validator("level2")
    @classmethod
    def _known_level2(cls, v: str) -> str:
        canon = vocab.level2_of(v)
        if canon is None or canon not in vocab.COMMON_LEVEL2:
            raise ValueError(f"二级指标“{v}”无效，应为 {'、'.join(vocab.COMMON_LEVEL2)} 之一")
        return canon

    @model_validator(mode="after")
    def _consistent(self) -> "DraftIndicator":
        if vocab.parent_of(self.level2) != self.level1:
            raise ValueError(f"二级指标“{self.level2}”不属于一级指标“{self.level1}”")
        if not self.name.strip():
            raise ValueError("三级指标不能为空")
        if self.applicable:
            t = parse_target(self.target)
            if not t.typed:
                raise ValueError(f"指标“{self.name}”的指标值“{self.target}”无法识别：写比较符+数字+单位、日期或分档词")
        return self

    @property
    def applicable(self) -> bool:
        return not vocab.is_not_applicable(self.name)


class DraftForm(BaseModel):
    """A drafted 绩效目标申报表. Amounts are numbers in `amount_unit` (元 or 万元)."""

    model_config = ConfigDict(extra="forbid")

    project_name: str
    applicant: str | None = Field(None, description="申请单位")
    project_type: str | None = None
    budget_year: int = Field(ge=2000, le=2100)
    period_years: int = Field(1, ge=1, le=20, description="实施期限（年）")
    amount_unit: Literal["元", "万元"] = "元"
    total_amount: float | None = Field(None, ge=0, description="项目总金额（中期规划）")
    annual_amount: float | None = Field(None, ge=0, description="本年度项目金额")
    basis: str = Field("", description="测算依据")
    annual_goal: str = Field(description="年度目标")
    indicators: list[DraftIndicator]

    @model_validator(mode="after")
    def _bounded(self) -> "DraftForm":
        """Limits no real form comes near: a model's runaway answer (thousands of rows, a 5 MB value) is invalid,
        fed back to the model, and never cached or rendered."""
        if len(self.indicators) > MAX_DRAFT_INDICATORS:
            raise ValueError(f"指标有 {len(self.indicators)} 行，超过 {MAX_DRAFT_INDICATORS} 行：每个二级指标写 1–3 条即可")
        texts = [("项目名称", self.project_name, 200), ("申请单位", self.applicant, 200), ("项目类型", self.project_type, 100),
                 ("测算依据", self.basis, MAX_DRAFT_TEXT), ("年度目标", self.annual_goal, MAX_DRAFT_TEXT)]
        for i in self.indicators:
            texts += [("三级指标", i.name, 200), ("指标值", i.target, 100), ("度量单位", i.unit, 50),
                      ("指标解释", i.explanation, MAX_DRAFT_TEXT)]
        for label, text, limit in texts:
            if text and len(text) > limit:
                raise ValueError(f"{label}“{text[:20]}…”长 {len(text)} 字符，超过 {limit} 字符上限")
        return self

    @model_validator(mode="after")
    def _required_categories(self) -> "DraftForm":
        have = {i.level2 for i in self.indicators if i.applicable}
        missing = [c for c in vocab.REQUIRED_LEVEL2 if c not in have]
        if missing:
            raise ValueError(f"缺少必填二级指标：{'、'.join(missing)}（每项至少一条有效三级指标）")
        return self

    def amount_text(self, value: float | None) -> str:
        if value is None:
            return ""
        return f"{value:,.2f}"

    def to_form(self, source: str = DRAFT_SOURCE) -> Form:
        """The Form the text layout of this draft parses into (same lines, same fields)."""
        return _form_from_text(render_text(self), source)


def ordered(indicators: list[DraftIndicator]) -> list[DraftIndicator]:
    """Rows in table order (一级, then 二级 order), keeping the order within a 二级; absent 二级 get 不适用."""
    by2: dict[str, list[DraftIndicator]] = {}
    for ind in indicators:
        by2.setdefault(ind.level2, []).append(ind)
    out: list[DraftIndicator] = []
    for l2 in vocab.COMMON_LEVEL2:
        rows = [r for r in by2.get(l2, []) if r.applicable] or by2.get(l2, [])[:1]
        if not rows:
            rows = [DraftIndicator(level1=vocab.parent_of(l2), level2=l2, name=NOT_APPLICABLE, target=NOT_APPLICABLE,
                                   unit=NOT_APPLICABLE, explanation=NOT_APPLICABLE)]  # type: ignore[arg-type]
        out.extend(rows)
    return out


# ---------------------------------------------------------------------------------------------------------
# Text layout (6 columns, as seed 000) and back
# ---------------------------------------------------------------------------------------------------------

def render_text(d: DraftForm) -> str:
    """The 6-column layout of the Futian forms (seed 000): header pairs, then 一级 二级 三级 指标值 度量单位 指标解释."""
    u = d.amount_unit
    one_line = lambda s: " ".join((s or "").split())  # noqa: E731 - cells hold no tabs/newlines
    lines = [
        "", "", "二级项目支出绩效目标申报表", "",
        f"项目编码:\t\t\t项目名称:\t{one_line(d.project_name)}\t",
        f"申请单位:\t{one_line(d.applicant or '')}\t\t一级预算单位:\t\t",
        f"实施期限:\t{d.period_years}\t\t项目类型:\t{one_line(d.project_type or '')}\t",
        "是否新增项目:\t\t\t分配方式:\t\t",
        f"项目总金额(中期规划,{u}):\t{d.amount_text(d.total_amount)}\t\t本年度项目金额({u}):\t{d.amount_text(d.annual_amount)}\t",
        "政策依据:\t\t\t\t\t",
        f"测算依据:\t{one_line(d.basis)}\t\t\t\t",
        f"年度目标:\t{one_line(d.annual_goal)}\t\t\t\t",
        "长期目标(跨度多年的项目需填):\t\t\t\t\t",
        "一级指标\t二级指标\t三级指标\t指标值\t度量单位\t指标解释",
    ]
    assert len(lines) == HEADER_LINES - 1
    prev1 = None
    for ind in ordered(d.indicators):
        star = "*" if ind.level2 in vocab.REQUIRED_LEVEL2 else ""
        c1 = f"{ind.level1}指标" if ind.level1 != prev1 else ""
        prev1 = ind.level1
        lines.append("\t".join([c1, f"{star}{ind.level2}指标", one_line(ind.name), one_line(ind.target),
                                one_line(ind.unit), one_line(ind.explanation)]))
    return "\n".join(lines) + "\n"


def _form_from_text(text: str, source: str) -> Form:
    from jixiao.parse import parse_text

    result = parse_text(text, source)
    if result.errors or len(result.forms) != 1:
        raise RuntimeError(f"draft text layout did not parse back: {[str(e) for e in result.errors]}")
    return result.forms[0]


def render_markdown(result: "DraftResult") -> str:
    d = result.draft
    u = d.amount_unit
    out = [f"# {d.project_name}", "", f"- 申请单位：{d.applicant or '（待填）'}", f"- 预算年度：{d.budget_year}",
           f"- 实施期限：{d.period_years} 年", f"- 项目总金额：{d.amount_text(d.total_amount)} {u}",
           f"- 本年度项目金额：{d.amount_text(d.annual_amount)} {u}", f"- 年度目标：{d.annual_goal}",
           f"- 测算依据：{d.basis or '（待填）'}", "",
           "| 一级指标 | 二级指标 | 三级指标 | 指标值 | 度量单位 | 指标解释 |", "| --- | --- | --- | --- | --- | --- |"]
    esc = lambda s: (s or "").replace("|", "\\|")  # noqa: E731
    for ind in ordered(d.indicators):
        flag = " ⚠" if ind.name in result.needs_human else ""
        out.append(f"| {ind.level1} | {ind.level2} | {esc(ind.name)}{flag} | {esc(ind.target)} | {esc(ind.unit)} | "
                   f"{esc(ind.explanation)} |")
    if result.findings:
        out += ["", "## 待处理的审核意见", ""]
        out += [f"- [{f.rule}] {f.indicator or f.field or ''}：{f.message}" for f in result.findings]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------------------
# Reading facts out of a description
# ---------------------------------------------------------------------------------------------------------

_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUM = r"\d[\d,]*(?:\.\d+)?"
_AMOUNT = re.compile(rf"(?P<n>{_NUM})\s*(?P<u>亿元|万元|元)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*(?:年)?\s*(?:[-~—至到])\s*((?:19|20)\d{2})\s*年")
_MONTH_DEADLINE = re.compile(r"(?:(?P<y>(?:19|20)\d{2})\s*年)?\s*(?P<m>\d{1,2})\s*月(?:(?P<d>\d{1,2})\s*日)?\s*(?:底|末)?\s*(?:前|之前|以前)?\s*完成")
# a multi-year total: 三年预算, 5年共需 (not 2026年 nor 一年)
_TOTAL_WORDS = re.compile(r"总投资|总金额|总预算|总额|共计|合计|中期规划|多年|(?<![\d一])(?:[2-9]|[两二三四五六七八九十]+)年")
_COUNT_UNITS = sorted({u for fam in ("count", "length", "area", "mass", "volume") for u in vocab.UNIT_FAMILIES[fam]}
                      | {"万册", "万人次", "万平方米"}, key=len, reverse=True)
_QTY = re.compile(rf"(?P<n>{_NUM}|[一二两三四五六七八九十百千]+)\s*(?P<scale>万)?(?P<u>{'|'.join(map(re.escape, _COUNT_UNITS))})")
_RATE = re.compile(rf"(?P<name>[\u4e00-\u9fff]{{2,12}}(?:{'|'.join(vocab.DRAFT_RATE_NAME_ENDINGS)}))\s*"
                   rf"(?:{'|'.join(vocab.DRAFT_RATE_TARGET_WORDS)})?\s*(?P<v>{_NUM})\s*%")
_APPLICANT = re.compile(r"(?:由|申报单位[:：]?|实施单位[:：]?|申请单位[:：]?)\s*(?P<u>[\u4e00-\u9fff（）()]{2,30}?(?:"
                        + "|".join(vocab.DRAFT_APPLICANT_ENDINGS) + r"))(?:负责|组织|实施|承担|申报|牵头)?")
_NAME_FIELD = re.compile(r"项目名称[:：]\s*(?P<n>[^，。；;\n]{2,40})")
_SPLIT = re.compile(r"[，,。；;：:！!？?\n、（）()]")
_LEAD = re.compile(r"^(?:(?:19|20)\d{2}\s*年度?|今年|明年|本年度|拟|计划|申请|为了|为|对|在|由|用于|主要用于|资金用于)+")


@dataclass
class Output:
    verb: str
    obj: str
    number: float
    unit: str
    raw: str
    obj_first: bool = False  # the object was written before the verb (疫苗接种)

    @property
    def work(self) -> str:
        return f"{self.obj}{self.verb}" if self.obj_first else f"{self.verb}{self.obj}"

    @property
    def name(self) -> str:
        what = {"length": "长度", "area": "面积", "mass": "重量", "volume": "体积"}.get(vocab.unit_family(self.unit) or "", "数量")
        return f"{self.work}{what}"


@dataclass
class Facts:
    description: str
    project_name: str
    applicant: str | None
    budget_year: int
    period_years: int
    amount_unit: str
    annual_amount: float | None
    total_amount: float | None
    amounts_yuan: list[float]
    outputs: list[Output]
    rates: list[tuple[str, float]]
    deadline: dt.date
    kinds: list[str]
    subject: str
    year_given: bool = True

    def hints(self) -> list[str]:
        out = [f"预算年度：{self.budget_year}"]
        if self.annual_amount is not None:
            out.append(f"本年度项目金额：{format_number(self.annual_amount)}{self.amount_unit}")
        if self.total_amount is not None and self.total_amount != self.annual_amount:
            out.append(f"项目总金额：{format_number(self.total_amount)}{self.amount_unit}")
        out += [f"产出：{o.work} {format_number(o.number)}{o.unit}" for o in self.outputs]
        return out


def meaningful(description: str) -> bool:
    """At least six Chinese characters, not all the same (`啊啊啊啊啊啊`, `asdf`, `123` are not descriptions)."""
    cjk = _CJK.findall(description or "")
    return len(cjk) >= 6 and len(set(cjk)) >= 3


def _object_after(text: str, end: int) -> str:
    """The noun right after a quantity: 120台电脑 -> 电脑 (up to punctuation, 和/及/与, or a digit)."""
    m = re.match(r"[\u4e00-\u9fff]{1,12}", text[end:])
    if not m:
        return ""
    return re.split(r"[和及与并、，]|用于|供|的", m.group())[0]


_MEASURE_WORDS = re.compile(r"(长度|面积|体积|重量|数量|总量|规模)$")


def _verb_object_before(clause: str, start: int) -> tuple[str, str]:
    """(verb, object) before a quantity: 采购教学电脑120台 -> (采购, 教学电脑). The latest verb with an object wins
    (开展居民健康体检3000人次: 体检 is a verb too, but has nothing after it)."""
    head = clause[:start]
    hits = sorted(((head.rfind(v), v) for v in vocab.DRAFT_OUTPUT_VERBS if head.rfind(v) >= 0), reverse=True)
    for i, v in hits:
        obj = head[i + len(v):]
        obj = re.sub(r"^(了|各类|各种|一批|共|约|总计|合计)", "", obj)
        obj = re.split(r"[和及与、]", obj)[-1][:12]
        measured = _MEASURE_WORDS.search(obj)
        obj = _MEASURE_WORDS.sub("", obj)
        if len(obj) >= 2 or measured:
            return v, obj
    if hits:
        return hits[0][1], ""
    return "", re.sub(r"^[^\u4e00-\u9fff]+", "", head)[-10:]


def _outputs(description: str) -> list[Output]:
    outs: list[Output] = []
    for clause in re.split(r"[，,。；;\n]", description):
        last_verb = ""
        for m in _QTY.finditer(clause):
            n = to_float(m.group("n"))
            unit = m.group("u")
            if n is None or n <= 0:
                continue
            if re.match(r"\s*(?:元|万元|年|月|日|天|%|个月|小时)", clause[m.end():]) or unit in ("年",):
                continue
            verb, obj = _verb_object_before(clause, m.start())
            after = _object_after(clause, m.end())
            if after and (not obj or clause[m.start() - 1: m.start()] in ("", "、", "和", "及", "了") or len(obj) < 2):
                obj = after  # 采购120台电脑 / 、30块白板
            verb = verb or last_verb
            last_verb = verb
            obj = obj.strip()
            prefix = False
            if verb and not obj and not _MEASURE_WORDS.search(clause[: m.start()]):
                before = re.search(rf"([\u4e00-\u9fff]{{2,4}}){verb}", description)  # 疫苗接种…，接种8万剂次
                if before:
                    obj, prefix = re.sub(r"^.*(?:开展|组织|实施|进行|提供)", "", before.group(1)), True
            if not verb or not (obj or _MEASURE_WORDS.search(clause[: m.start()])):
                continue
            if m.group("scale"):
                n *= 10000
            if unit.startswith("万") and unit != "万":
                n, unit = n * 10000, unit[1:]
            outs.append(Output(verb, obj, n, unit, m.group(), prefix))
    # one row per (verb, object)
    seen: set[tuple[str, str]] = set()
    uniq = []
    for o in outs:
        if (o.verb, o.obj) not in seen:
            seen.add((o.verb, o.obj))
            uniq.append(o)
    return uniq


def _project_name(description: str, applicant: str | None) -> str:
    m = _NAME_FIELD.search(description)
    if m:
        return m.group("n").strip()
    m = re.search(r"[《“\"]([^》”\"]{4,40}项目)[》”\"]", description)
    if m:
        return m.group(1)
    first = [c for c in _SPLIT.split(description) if _CJK.search(c)]
    clause = first[0] if first else description
    m = re.search(r"([\u4e00-\u9fff（）()A-Za-z0-9]{2,40}?项目)", clause)
    if m and len(m.group(1)) >= 5:
        return _LEAD.sub("", m.group(1)) or m.group(1)
    name = _LEAD.sub("", _AMOUNT.sub("", clause).strip())
    name = re.sub(rf"{_NUM}\s*[\u4e00-\u9fff]?", "", name)
    if applicant and name.startswith(applicant):
        name = name[len(applicant):]
    name = re.sub(r"^(?:负责|组织|实施|承担|申报|牵头)", "", name)
    name = name[:30].strip() or "项目"
    return name if name.endswith(("项目", "工程")) else f"{name}项目"


def read_facts(description: str, today: dt.date | None = None) -> Facts:
    """Header facts and counted outputs of a description. Raises DraftInputError on empty/meaningless text."""
    text = clean_cell(description)
    if not meaningful(text):
        raise DraftInputError("项目描述为空或无法理解：请用中文写明项目做什么、数量、金额和年度，"
                              "例如“2025年为第三小学采购教学电脑120台，预算85万元”")
    norm = normalise(text)
    today = today or dt.date.today()
    # years
    years: list[int] = []
    m = _YEAR_RANGE.search(norm)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b <= a + 20:
            years = list(range(a, b + 1))
    if not years:
        years = sorted({int(y) for y in _YEAR.findall(norm) if 2000 <= int(y) <= 2100})[:1]
    year_given = bool(years)
    budget_year = years[0] if years else today.year
    period = len(years) if len(years) > 1 else 1
    m = re.search(rf"(?:实施期限|周期|期限)\s*[为:：]?\s*(\d+|{CN_NUMERAL})\s*年", norm)
    if m:
        period = int(to_float(m.group(1)) or period)
    # amounts
    # values.money_in_text reads the amounts (and skips unit prices such as 500元/月); a bare 万 there may count
    # things (3万册), so only amounts written with 元 are money here
    amounts = [(pos, yuan, raw) for yuan, pos, raw in money_in_text(norm) if raw.endswith("元")]
    amounts_yuan = [yuan for _, yuan, _ in amounts]
    unit = "万元" if any(raw.endswith(("万元", "亿元")) for _, _, raw in amounts) else "元"

    def in_unit(yuan: float) -> float:
        return round(yuan / (1e4 if unit == "万元" else 1), 6)

    annual = total = None
    for pos, yuan, _ in amounts:
        context = norm[max(0, pos - 12): pos]
        if _TOTAL_WORDS.search(context) and total is None:
            total = in_unit(yuan)
        elif annual is None:
            annual = in_unit(yuan)
    if annual is None and total is not None and period == 1:
        annual = total
    if total is None and annual is not None:
        total = annual if period == 1 else None
    applicant = None
    m = _APPLICANT.search(text)
    if m:
        applicant = _LEAD.sub("", m.group("u"))
    name = _project_name(text, applicant)
    # deadline inside the budget year
    deadline = dt.date(budget_year, 12, 31)
    m = _MONTH_DEADLINE.search(norm)
    if m:
        y = int(m.group("y") or budget_year)
        mo = int(m.group("m"))
        if y == budget_year and 1 <= mo <= 12:
            import calendar

            day = int(m.group("d")) if m.group("d") else calendar.monthrange(y, mo)[1]
            try:
                deadline = dt.date(y, mo, day)
            except ValueError:
                pass
    kinds = [k for k, pattern, _ in vocab.DRAFT_WORK_KINDS if re.search(pattern, text)]
    subject = next((s for p, s in vocab.DRAFT_SUBJECTS if re.search(p, text)), vocab.DRAFT_DEFAULT_SUBJECT)
    rates = [(m.group("name"), float(m.group("v"))) for m in _RATE.finditer(norm) if float(m.group("v")) <= 100]
    return Facts(text, name, applicant, budget_year, period, unit, annual, total, amounts_yuan, _outputs(text), rates,
                 deadline, kinds, subject, year_given)


# ---------------------------------------------------------------------------------------------------------
# Offline drafter
# ---------------------------------------------------------------------------------------------------------

def _row(level2: str, name: str, target: str, unit: str, explanation: str) -> DraftIndicator:
    return DraftIndicator(level1=vocab.parent_of(level2), level2=level2, name=name, target=target, unit=unit,  # type: ignore[arg-type]
                          explanation=explanation)


def _template_rows(facts: Facts, level2: str) -> list[DraftIndicator]:
    obj = facts.outputs[0].obj if facts.outputs else "项目"
    for kind, _, rows in vocab.DRAFT_WORK_KINDS:
        if kind in facts.kinds and level2 in rows:
            return [_row(level2, n.format(obj=obj, subject=facts.subject), t, u, e.format(obj=obj, subject=facts.subject))
                    for n, t, u, e in rows[level2]]
    return [_row(level2, n, t, u, e) for n, t, u, e in vocab.DRAFT_DEFAULT_ROWS.get(level2, ())]


def _borrowed_rows(facts: Facts, picked: list[Selected], level2: str, limit: int = 1) -> list[DraftIndicator]:
    """Rows of the nearest examples that talk about what the description talks about (shared bigrams)."""
    from jixiao.fewshots import _grams

    want = set(_grams(facts.description))
    out: list[DraftIndicator] = []
    for sel in picked:
        for ind in sel.example.applicable():
            if ind.level2 != level2 or ind.level1 not in vocab.COMMON_LEVEL1:
                continue
            overlap = len(set(_grams(ind.name)) & want)
            if overlap >= 3 and parse_target(ind.target).typed and ind.unit not in (None, ""):
                out.append(_row(level2, ind.name, ind.target, ind.unit or "", ind.explanation or ""))
            if len(out) >= limit:
                return out
    return out


def _amount_text(v: float) -> str:
    return format_number(round(v, 2))


def offline_draft(facts: Facts, picked: list[Selected]) -> DraftForm:
    rows: list[DraftIndicator] = []
    # 产出 / 数量: one row per counted output
    for o in facts.outputs:
        rows.append(_row("数量", o.name, f"≥{format_number(o.number)}{o.unit}", o.unit,
                         f"考察{o.work}的数量，计算方式=实际{o.work}数量"))
    if not facts.outputs:
        rows.append(_row("数量", "年度工作任务完成率", "100%", "%", "已完成的年度工作任务数/计划工作任务数×100%"))
    # 产出 / 质量: rates the description states, else the kind of work's rows
    stated = [(n, v) for n, v in facts.rates if not re.search(r"满意", n)]
    for n, v in stated:
        rows.append(_row("质量", n, f"≥{format_number(v)}%", "%", f"{n}按项目实施方案口径统计"))
    if not stated:
        rows += _template_rows(facts, "质量")
    rows += _borrowed_rows(facts, picked, "质量")
    # 产出 / 时效
    d = facts.deadline
    rows.append(_row("时效", "项目完成时限", f"{d.year}年{d.month}月{d.day}日前", "日期",
                     f"项目各项任务在{d.year}年{d.month}月{d.day}日前完成"))
    # 产出 / 成本
    rows.append(_row("成本", "支出进度达标率", "≥95%", "%", "预算实际执行数/年度预算数×100%"))
    if facts.annual_amount:
        rows.append(_row("成本", "项目总成本", f"≤{_amount_text(facts.annual_amount)}{facts.amount_unit}",
                         facts.amount_unit, f"项目本年度支出控制在预算{_amount_text(facts.annual_amount)}{facts.amount_unit}以内"))
    # 效益
    rows += _template_rows(facts, "社会效益")
    rows += _borrowed_rows(facts, picked, "社会效益")
    for l2 in ("经济效益", "生态效益", "可持续影响"):
        rows += _template_rows(facts, l2)
    # 满意度
    rates_sat = [(n, v) for n, v in facts.rates if re.search(r"满意", n)]
    if rates_sat:
        n, v = rates_sat[0]
        rows.append(_row("服务对象满意度", n, f"≥{format_number(v)}%", "%", "满意度调查中满意的受访者数/受访者总数×100%"))
    else:
        rows.append(_row("服务对象满意度", f"{facts.subject}满意度", "≥90%", "%",
                         f"满意度调查中表示满意的{facts.subject}数/受访{facts.subject}总数×100%"))
    # dedupe names (a stated rate may repeat a template row)
    seen: set[str] = set()
    uniq = [r for r in rows if not (r.name in seen or seen.add(r.name))]  # type: ignore[func-returns-value]
    basis = "；".join(s for s in re.split(r"[。；;]", facts.description) if _AMOUNT.search(s)) or ""
    project_type = None
    return DraftForm(project_name=facts.project_name, applicant=facts.applicant, project_type=project_type,
                     budget_year=facts.budget_year, period_years=facts.period_years, amount_unit=facts.amount_unit,  # type: ignore[arg-type]
                     total_amount=facts.total_amount, annual_amount=facts.annual_amount, basis=basis,
                     annual_goal=facts.description, indicators=uniq)


# ---------------------------------------------------------------------------------------------------------
# Prompts
# ---------------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _jinja() -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(PROMPTS_DIR)), undefined=jinja2.StrictUndefined,
                              keep_trailing_newline=False, trim_blocks=False)


@lru_cache(maxsize=1)
def template_version() -> str:
    """Digest of the prompt templates: part of the LLM cache key, so editing a template invalidates answers."""
    h = hashlib.sha256()
    for p in sorted(PROMPTS_DIR.glob("*.j2")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return "prompts-" + h.hexdigest()[:12]


def system_prompt() -> str:
    from jixiao.check import all_rules

    rules = [r for r in all_rules() if "target" in r.kinds and r.severity in ("error", "warning")]
    return _jinja().get_template("system.j2").render(
        required_level2=vocab.REQUIRED_LEVEL2, rules=rules, example_deadline="2025年12月31日前").strip()


def example_messages(ex: FewShotExample) -> list[dict[str, str]]:
    req = _jinja().get_template("example_request.j2").render(description=ex.description()).strip()
    record = _example_record(ex)
    return [{"role": "user", "content": req},
            {"role": "assistant", "content": json.dumps(record, ensure_ascii=False)}]


def _example_record(ex: FewShotExample) -> dict[str, Any]:
    """The example as a DraftForm-shaped answer (the model sees the shape it must produce)."""
    def amount(yuan: float | None) -> float | None:
        if yuan is None:
            return None
        return round(yuan / (1e4 if ex.amount_unit == "万元" else 1), 2)

    return {
        "project_name": ex.project_name, "applicant": ex.applicant, "project_type": ex.project_type,
        "budget_year": ex.budget_year, "period_years": ex.period_years or 1, "amount_unit": ex.amount_unit or "元",
        "total_amount": amount(ex.total_yuan), "annual_amount": amount(ex.annual_yuan), "basis": "",
        "annual_goal": ex.summary.replace("\n", " "),
        "indicators": [{"level1": i.level1, "level2": i.level2, "name": i.name, "target": i.target,
                        "unit": i.unit or NOT_APPLICABLE, "explanation": i.explanation or ""} for i in ex.indicators],
    }


def build_messages(description: str, facts: Facts | None, examples: list[FewShotExample]) -> list[dict[str, str]]:
    """system (static: rules) first so provider-side prompt caching works, then examples, then the request."""
    msgs = [{"role": "system", "content": system_prompt()}]
    for ex in examples:
        msgs += example_messages(ex)
    req = _jinja().get_template("request.j2").render(description=description, hints=facts.hints() if facts else [])
    msgs.append({"role": "user", "content": req.strip()})
    return msgs


def repair_message(findings: list[Finding]) -> str:
    return _jinja().get_template("repair.j2").render(findings=findings).strip()


@dataclass
class PackedPrompt:
    messages: list[dict[str, str]]
    examples: list[Selected]
    dropped: list[Selected]
    tokens: int
    token_method: str


def pack_prompt(description: str, facts: Facts | None, picked: list[Selected], max_prompt_tokens: int,
                model: str | None) -> PackedPrompt:
    """Drop the least similar example until the prompt fits `max_prompt_tokens` (counted for `model`)."""
    from jixiao.tokens import token_counter

    counter = token_counter(model)
    kept = list(picked)
    dropped: list[Selected] = []
    while True:
        msgs = build_messages(description, facts, [s.example for s in kept])
        n = counter.count_messages(msgs)
        if n <= max_prompt_tokens or not kept:
            break
        dropped.insert(0, kept.pop())
    if n > max_prompt_tokens:
        raise DraftInputError(f"提示超出 token 预算：不含示例也需要 {n} token（{counter.label}），"
                              f"--max-prompt-tokens 为 {max_prompt_tokens}；请调大预算或缩短描述")
    return PackedPrompt(msgs, kept, dropped, n, counter.label)


# ---------------------------------------------------------------------------------------------------------
# The pipeline
# ---------------------------------------------------------------------------------------------------------

@dataclass
class DraftResult:
    draft: DraftForm
    form: Form
    findings: list[Finding]
    mode: str  # offline | llm
    examples: list[str] = field(default_factory=list)
    needs_human: list[str] = field(default_factory=list)
    repair_rounds: int = 0
    prompt_tokens: int | None = None
    token_method: str | None = None
    usage: Any = None  # llm.RunUsage on the LLM path
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "form": self.form.model_dump(mode="json", exclude_none=True),
            "findings": [f.model_dump(mode="json", exclude_none=True) for f in self.findings],
            "needs_human": self.needs_human,
            "examples": self.examples,
            "repair_rounds": self.repair_rounds,
            "prompt_tokens": self.prompt_tokens,
            "token_method": self.token_method,
            "usage": self.usage.as_dict() if self.usage is not None else None,
            "notes": self.notes,
        }


def _audit(form: Form) -> list[Finding]:
    from jixiao.check import audit_form

    return audit_form(form)


def _rows_needing_human(findings: list[Finding]) -> list[str]:
    out: list[str] = []
    for f in findings:
        if f.severity in ("error", "warning") and f.indicator and f.indicator not in out:
            out.append(f.indicator)
    return out


def draft(description: str, *, offline: bool | None = None, k: int = 3, max_prompt_tokens: int = 6000,
          repair_rounds: int = 2, library: Library | None = None, llm_client: Any = None,
          config: Any = None) -> DraftResult:
    """Draft a target form. offline=None: offline unless an LLM endpoint is configured."""
    facts = read_facts(description)
    lib = library or load_library()
    picked = select_examples(lib, description, k=max(k, 0))
    if offline is None:
        if llm_client is not None:
            offline = False
        else:
            from jixiao.llm import load_llm_config

            config = config or load_llm_config()
            offline = not config.configured
    if offline:
        return _offline(facts, picked)
    return _with_llm(description, facts, picked, max_prompt_tokens, repair_rounds, llm_client, config)


def _offline(facts: Facts, picked: list[Selected]) -> DraftResult:
    d = offline_draft(facts, picked)
    form = d.to_form()
    findings = _audit(form)
    # a row that draws an error is dropped when its category keeps another row (borrowed/stated rows)
    for _ in range(3):
        bad = {f.indicator for f in findings if f.severity == "error" and f.indicator}
        if not bad:
            break
        keep = [r for r in d.indicators if r.name not in bad]
        cats = {r.level2 for r in keep if r.applicable}
        if any(c not in cats for c in vocab.REQUIRED_LEVEL2):
            break
        d = d.model_copy(update={"indicators": keep})
        form = d.to_form()
        findings = _audit(form)
    notes = []
    if not facts.year_given:
        notes.append(f"描述未写年度，按 {facts.budget_year} 年起草")
    if facts.annual_amount is None:
        notes.append("描述未写金额，项目金额待填")
    return DraftResult(d, form, findings, "offline", [s.example.id for s in picked],
                       _rows_needing_human(findings), notes=notes)


def _with_llm(description: str, facts: Facts, picked: list[Selected], max_prompt_tokens: int, repair_rounds: int,
              client: Any, config: Any) -> DraftResult:
    from jixiao.llm import LLMClient, load_llm_config

    if client is None:
        client = LLMClient(config or load_llm_config())
    packed = pack_prompt(description, facts, picked, max_prompt_tokens, client.config.model)
    ids = [s.example.id for s in packed.examples]
    messages = list(packed.messages)
    # the answer must turn into a form before it is cached (an answer that breaks the conversion is never replayed)
    d, _ = client.structured_call(DraftForm, messages, template_version=template_version(), example_ids=ids,
                                  check=DraftForm.to_form)
    form = d.to_form()
    findings = _audit(form)
    rounds = 0
    while rounds < repair_rounds and any(f.severity == "error" for f in findings):
        rounds += 1
        messages = messages + [{"role": "assistant", "content": d.model_dump_json()},
                               {"role": "user", "content": repair_message([f for f in findings
                                                                           if f.severity in ("error", "warning")])}]
        d, _ = client.structured_call(DraftForm, messages, template_version=template_version(), example_ids=ids,
                                      check=DraftForm.to_form)
        form = d.to_form()
        findings = _audit(form)
    notes = [f"因 token 预算省略示例：{', '.join(s.example.id for s in packed.dropped)}"] if packed.dropped else []
    return DraftResult(d, form, findings, "llm", ids, _rows_needing_human(findings), rounds, packed.tokens,
                       packed.token_method, client.usage, notes)
