"""The records that flow through jixiao: parse -> check -> render.

One record family: `Form` is a target form (绩效目标申报表); `SelfEvaluation` (绩效自评表) and `BudgetReport`
(部门预算表) are Forms too, so the checker and the renderers take any of them. The `kind` field tells them apart
in JSON (`AnyForm` is the discriminated union used to read JSON back).

Every value keeps the text it was read from (`raw`) and where it was read (`line`, and `cell` for xlsx/docx).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from jixiao import vocab
from jixiao.construct import record  # noqa: F401  (model.record: how the readers and the engine build records)

Comparator = Literal["≥", "≤", ">", "<", "=", "~"]
TargetKind = Literal[
    "number",  # comparator + number + unit: ≥95%, 12次, ≥30,000 件/年
    "range",  # 80%-100%, 3~5天
    "deadline",  # 2026年12月31日前, 2024年10月
    "duration",  # 24小时内, ≤20分钟, 12个月, 一年
    "grade",  # 显著, 有效, 及时, 良好, 全部满意 (qualitative)
    "not_applicable",  # 不适用
    "placeholder",  # *, /, 详见…, 无
    "empty",  # blank cell
    "text",  # anything else: kept raw, flagged as untyped
]


# The target kinds of a row that may be not applicable (Indicator.not_applicable: its name must say so too)
NOT_APPLICABLE_KINDS = ("not_applicable", "empty")
UNTYPED_KINDS = ("text", "empty", "placeholder")  # a target of these kinds holds no value a rule can compare


def row_not_applicable(target_kind: str, name: str) -> bool:
    """An indicator row that does not apply: its target is 不适用 or blank, and its name is blank or says 不适用.
    Indicator.not_applicable, and facts.Row.not_applicable for the checker's rows."""
    return target_kind in NOT_APPLICABLE_KINDS and (not name.strip() or vocab.is_not_applicable(name))


def has_unit_column(layout: str | None, rows_carry_units: bool) -> bool:
    """An indicator table with a 度量单位 column: the 6-column layout (seed 000), or one whose rows carry a unit.
    Form.unit_column, and the checker's rows (facts.Row.unit)."""
    return layout == "futian6" or rows_carry_units


class _Record(BaseModel):
    # Schemas are built when a record class is first validated or dumped, not when jixiao is imported: most commands
    # use a few of these classes, and the parsers build theirs without validation (`record`).
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Target(_Record):
    """A parsed 指标值. `raw` is always the text as printed; the other fields are what could be typed.

    Frozen: `values.parse_target` caches its answers, so one instance is shared by every cell of the same text (in
    every form of a batch); assigning to it would change them all. Build a changed copy with `model_copy(update=…)`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    raw: str
    kind: TargetKind
    comparator: Comparator | None = None
    value: float | None = Field(None, description="number with 万/亿 applied (for duration: the count)")
    value_max: float | None = Field(None, description="upper end of a range")
    unit: str | None = Field(None, description="unit as written after the number, e.g. %, 人次, 件/年, 小时")
    scale: str | None = Field(None, description="multiplier written before the unit (万 in 4万人次); value includes it")
    per: str | None = Field(None, description="period of a per-period unit: 年 in 件/年")
    deadline: dt.date | None = None
    hours: float | None = Field(None, description="a duration converted to hours")
    grade: str | None = None
    note: str | None = Field(None, description="why a value could not be typed (Chinese, shown to users)")

    @property
    def typed(self) -> bool:
        return self.kind not in UNTYPED_KINDS


class Amount(_Record):
    """A money amount: `raw` as printed, `unit` as written (元/万元/亿元), `yuan` converted. Frozen, as `Target`:
    a value record may be shared; replace it (`model_copy(update=…)`) rather than change it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    raw: str
    yuan: float | None
    unit: str | None = None
    line: int | None = None


class HeaderField(_Record):
    """A header or free-text field: `label` as printed (项目申报依据), value text with `<p>` tags removed."""

    label: str
    value: str
    line: int
    cell: str | None = None


class Repair(_Record):
    """Something the parser had to fix to read a row (shifted cells, a wrapped name…), for the `format` rules."""

    line: int
    kind: Literal["shifted_row", "wrapped_name", "level_inferred", "value_in_name_cell", "missing_value", "other"]
    message: str
    indicator: str | None = None


ReadIssueKind = Literal[
    "unmapped_column",  # a table column whose heading names no known role: its cells were not read
    "unreadable_value",  # a value present in the source that could not be read (a number, an amount, a date)
    "skipped_table",  # a table (or sheet) that looks like part of a form but was not read
    "merged_header",  # a heading merged over the table: the columns could not be told apart
    "no_indicators",  # a form with header fields but no indicator rows read
    "uncertain",  # read, but by a guess the reader cannot confirm (a shifted row it could not place…)
    "attachment",  # a workbook's sheet of a plain table beside its form (点位分布, 监测结果): not read, a note only
]


class ReadIssue(_Record):
    """Something the reader could not read, or read only by a guess: shown on stderr and as a finding, so a form read
    in part never audits clean and cannot be signed. `message` is Chinese and names what was not read."""

    kind: ReadIssueKind
    message: str
    line: int | None = None
    cell: str | None = None
    field: str | None = None  # the header field it is about (canonical name, a key of Form.fields)


class Indicator(_Record):
    level1: str | None = Field(None, description="canonical 一级指标: 产出, 效益, 满意度, 成本, 投入")
    level2: str | None = Field(None, description="canonical 二级指标: 数量, 质量, 时效, 成本, 社会效益, …")
    level1_raw: str | None = None
    level2_raw: str | None = None
    required: bool = Field(False, description="二级 marked with * or ★")
    name: str = Field(description="三级指标 exactly as printed")
    target: Target
    unit: str | None = Field(None, description="度量单位 as printed, or null when the layout has none")
    explanation: str | None = None
    line: int
    cell: str | None = None
    # Self-evaluation columns (绩效自评表); None on target forms.
    actual: Target | None = None
    weight: float | None = None
    score: float | None = None
    deviation: str | None = None
    extra: dict[str, str] | None = Field(None, description="cells of columns not read into a field, by heading as printed")

    @property
    def not_applicable(self) -> bool:
        kind = self.target.kind  # the target first: most rows have one, and the name need not be read
        return kind in NOT_APPLICABLE_KINDS and row_not_applicable(kind, self.name)


class Form(_Record):
    """A target form (绩效目标申报表)."""

    kind: Literal["target"] = "target"
    source: str
    index: int = Field(0, description="0-based position of the form in its file")
    line: int = 1
    layout: str | None = Field(None, description="the layout it was read as: futian6, shenshan5, futian5, budget2021…")
    title: str | None = None
    project_code: str | None = None
    project_name: str | None = None
    applicant: str | None = Field(None, description="申请单位 / 实施单位")
    department: str | None = Field(None, description="一级预算单位 / 主管部门")
    period_years: int | None = Field(None, description="实施期限 in years")
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    budget_year: int | None = None
    budget_year_source: Literal["header", "period", "name", "goal", "deadline", "siblings"] | None = Field(
        None, description="where budget_year was read: 2021年度 line, 起止时间, project name, 年度目标, deadlines, sibling forms")
    years: list[int] = Field(default_factory=list, description="years the form covers")
    project_type: str | None = None
    is_new: bool | None = None
    allocation: str | None = None
    total_amount: Amount | None = None
    annual_amount: Amount | None = None
    funding: dict[str, Amount] = Field(default_factory=dict, description="财政拨款, 其他资金, 上年结转… by label")
    fields: dict[str, HeaderField] = Field(default_factory=dict, description="header texts by canonical name")
    indicators: list[Indicator] = Field(default_factory=list)
    long_term_indicators: list[Indicator] = Field(default_factory=list, description=(
        "a 长期/中期 indicator table printed apart from the annual one: multi-year targets, kept as read; the checker "
        "audits the annual table"))
    repairs: list[Repair] = Field(default_factory=list)
    read_issues: list[ReadIssue] = Field(default_factory=list, description="what the reader could not read or doubts")

    @property
    def doubted(self) -> bool:
        """The reader is not sure it read the whole form: it must not audit clean or be signed."""
        return bool(self.read_issues) or bool(getattr(self, "unreadable", None))

    @property
    def unit_column(self) -> bool:
        """The indicator table has a 度量单位 column: the 6-column layout (seed 000), or rows that carry a unit (a form
        read by the model copies the column verbatim). Derived, so JSON of any age reads the same."""
        return has_unit_column(self.layout, any(i.unit for i in self.indicators))

    def field_text(self, name: str) -> str:
        f = self.fields.get(name)
        return f.value if f else ""

    def applicable(self) -> list[Indicator]:
        return [i for i in self.indicators if not i.not_applicable]


class FundRow(_Record):
    """A row of the 项目资金 table of a self-evaluation. None = unreadable in the source."""

    label: str
    initial_budget: float | None = None  # 年初预算数
    budget: float | None = None  # 全年预算数
    spent: float | None = None  # 全年执行数
    weight: float | None = None  # 分值
    rate: float | None = None  # 执行率 as printed (0.91)
    score: float | None = None  # 得分
    line: int
    unreadable: list[str] = Field(default_factory=list, description="columns present but not readable")


class SelfEvaluation(Form):
    """A self-evaluation (绩效自评表): target form fields plus the money table, actual values and scores."""

    kind: Literal["self_evaluation"] = "self_evaluation"  # type: ignore[assignment]
    funds: list[FundRow] = Field(default_factory=list)
    fund_unit: str | None = Field(None, description="the unit the 项目资金 table prints its amounts in (元, 万元)")
    goal_expected: str | None = None
    goal_actual: str | None = None
    goal_line: int | None = Field(None, description="the line of the 年度总体目标 block")
    level_weights: dict[str, float] = Field(default_factory=dict, description="weights printed per 一级: 产出 50…")
    total_weight: float | None = None
    total_score: float | None = None
    total_line: int | None = None
    unreadable: list[str] = Field(default_factory=list, description="values present but not readable, with line")


class Duty(_Record):
    """A row of a whole-department form's duties table (年度主要任务 / 年度履职目标): a task, what it does, its money."""

    name: str
    content: str | None = None
    amount: Amount | None = None
    line: int
    cell: str | None = None


class DepartmentForm(Form):
    """A whole-department target form (部门整体支出绩效目标表): the department's duties and money, and an indicator
    table read and checked as a target form's."""

    kind: Literal["department"] = "department"  # type: ignore[assignment]
    duties: list[Duty] = Field(default_factory=list)


class BudgetRow(_Record):
    label: str
    code: str | None = Field(None, description="subject code 201 / 20103 / 2010301")
    depth: int = 0
    amounts: list[float | None] = Field(default_factory=list)
    is_total: bool = False  # 合计/总计/小计
    line: int


class BudgetTable(_Record):
    number: int | None = None  # 表N
    title: str
    columns: list[str] = Field(default_factory=list)
    rows: list[BudgetRow] = Field(default_factory=list)
    line: int


class BudgetReport(Form):
    """A department budget report (部门预算): the numbered tables whose totals must add up."""

    kind: Literal["budget_report"] = "budget_report"  # type: ignore[assignment]
    tables: list[BudgetTable] = Field(default_factory=list)


AnyForm = Annotated[Union[Form, SelfEvaluation, DepartmentForm, BudgetReport], Field(discriminator="kind")]
FormList = TypeAdapter(list[AnyForm], config=ConfigDict(defer_build=True))  # built when first used, as the records are

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


class Fix(_Record):
    """The edit that removes a finding's mistake, when a rule is sure of it: the `field` of the row it is about (target,
    unit, explanation, score…) or the header field, from `before` to `after` (None: remove the text). Reports say it,
    draft repair and the few-shot corrections apply it; check/fixes.py is the one place that builds them."""

    field: str
    before: str | None = None
    after: str | None = None


class Finding(_Record):
    """One problem found by a rule, pointing at a row (indicator, as printed) or a header field (as printed)."""

    rule: str
    category: str
    severity: Severity
    message: str
    indicator: str | None = None
    field: str | None = None
    line: int | None = None
    cell: str | None = None
    column: str | None = Field(None, description="the column of its row it is about, as the table prints it: 得分, 执行率")
    evidence: str | None = None
    suggestion: str | None = None
    fix: Fix | None = Field(None, description="the edit that removes the mistake, when the rule is sure of it")
    waived: str | None = Field(None, description="the waiver's reason, when a waiver accepts it (it stays reported)")
    waived_by: str | None = Field(None, description="who waived it (the waiver's `by`)")
