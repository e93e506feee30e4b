"""The draft record: what the LLM answers and the offline drafter builds (`DraftForm`), and its text layout.

`DraftForm.to_form()` renders the 6-column layout of the Futian forms (seed 000) and reads it back with the parser, so a
drafted form and a parsed one are the same record and the checker cannot tell them apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from jixiao import vocab
from jixiao.model import Form
from jixiao.values import parse_target

if TYPE_CHECKING:
    from jixiao.draft.pipeline import DraftResult

DRAFT_SOURCE = "draft"
NOT_APPLICABLE = vocab.NOT_APPLICABLE[0]  # what the drafter writes; any of vocab's words is read as 不适用
TO_FILL = "待填"  # what the drafter writes where the description does not say: a person fills it in
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
        if self.applicable and self.target != TO_FILL:
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
    basis: str = Field("", description="测算依据：金额的算式，如 800人×600元/人·月×12月=576万元")
    annual_goal: str = Field(description="年度目标：由产出、时限、质量和满意度写成，不照抄描述")
    long_goal: str = Field("", description="长期目标（跨年度项目必填）")
    indicators: list[DraftIndicator]

    @model_validator(mode="after")
    def _bounded(self) -> "DraftForm":
        """Limits no real form comes near: a model's runaway answer (thousands of rows, a 5 MB value) is invalid,
        fed back to the model, and never cached or rendered."""
        if len(self.indicators) > MAX_DRAFT_INDICATORS:
            raise ValueError(f"指标有 {len(self.indicators)} 行，超过 {MAX_DRAFT_INDICATORS} 行：每个二级指标写 1–3 条即可")
        texts = [("项目名称", self.project_name, 200), ("申请单位", self.applicant, 200), ("项目类型", self.project_type, 100),
                 ("测算依据", self.basis, MAX_DRAFT_TEXT), ("年度目标", self.annual_goal, MAX_DRAFT_TEXT),
                 ("长期目标", self.long_goal, MAX_DRAFT_TEXT)]
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
            return TO_FILL
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
        f"申请单位:\t{one_line(d.applicant or TO_FILL)}\t\t一级预算单位:\t\t",
        f"实施期限:\t{d.period_years}\t\t项目类型:\t{one_line(d.project_type or '')}\t",
        "是否新增项目:\t\t\t分配方式:\t\t",
        f"项目总金额(中期规划,{u}):\t{d.amount_text(d.total_amount)}\t\t本年度项目金额({u}):\t{d.amount_text(d.annual_amount)}\t",
        "政策依据:\t\t\t\t\t",
        f"测算依据:\t{one_line(d.basis)}\t\t\t\t",
        f"年度目标:\t{one_line(d.annual_goal)}\t\t\t\t",
        f"长期目标(跨度多年的项目需填):\t{one_line(d.long_goal)}\t\t\t\t",
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
    out = [f"# {d.project_name}", "", f"- 申请单位：{d.applicant or TO_FILL}", f"- 预算年度：{d.budget_year}",
           f"- 实施期限：{d.period_years} 年", f"- 项目总金额：{d.amount_text(d.total_amount)} {u}",
           f"- 本年度项目金额：{d.amount_text(d.annual_amount)} {u}", f"- 年度目标：{d.annual_goal}",
           f"- 测算依据：{d.basis or TO_FILL}", *([f"- 长期目标：{d.long_goal}"] if d.long_goal else []), "",
           "| 一级指标 | 二级指标 | 三级指标 | 指标值 | 度量单位 | 指标解释 |", "| --- | --- | --- | --- | --- | --- |"]
    esc = lambda s: (s or "").replace("|", "\\|")  # noqa: E731
    for ind in ordered(d.indicators):
        flag = " ⚠" if ind.name in result.needs_human else ""
        out.append(f"| {ind.level1} | {ind.level2} | {esc(ind.name)}{flag} | {esc(ind.target)} | {esc(ind.unit)} | "
                   f"{esc(ind.explanation)} |")
    if result.to_fill:
        out += ["", "## 待填（描述中没有，须人工补充）", ""] + [f"- {x}" for x in result.to_fill]
    if result.findings:
        out += ["", "## 待处理的审核意见", ""]
        out += [f"- [{f.rule}] {f.indicator or f.field or ''}：{f.message}" for f in result.findings]
    return "\n".join(out) + "\n"
