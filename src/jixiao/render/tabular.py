"""A Form as the standard printed table, shared by the xlsx, docx and HTML writers.

The standard layout is the one the budget system exports (seed 000, `futian6`):

    title
    label: value      label: value        (short header fields, two per row)
    label: value ...                      (free-text fields, one per row, value across the row)
    一级指标 二级指标 三级指标 指标值 度量单位 指标解释
    产出指标 *数量指标 …                  (level cells: written once per group, merged below)

Writers only lay cells out; what goes in which cell, and which cell a finding points at, is decided here once.
Reading a written file back with the parsers gives the same Form (the round-trip tests check it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from jixiao.labels import CATEGORY_LABELS, SEVERITY_LABELS, waived_text  # noqa: F401 (re-exported to the writers)
from jixiao.model import BudgetReport, Finding, Form, Indicator, SelfEvaluation, Severity, SEVERITY_RANK
from jixiao.vocab import FREE_TEXT_FIELDS
from jixiao.values import format_number, normalise

FormWithFindings = tuple[Form, list[Finding]]

# the characters XML 1.0 cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE, python-docx's check): C0 controls but tab,
# line feed and carriage return
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(text: str) -> str:
    """`text` as an xlsx or docx file can hold it: each control character XML forbids (a form feed, ESC… copied from
    another program) replaced by its visible Unicode picture (\\x0c -> ␌), instead of failing the whole file."""
    return _XML_ILLEGAL.sub(lambda m: chr(0x2400 + ord(m.group())), text) if _XML_ILLEGAL.search(text) else text

INDICATOR_COLUMNS = ("一级指标", "二级指标", "三级指标", "指标值", "度量单位", "指标解释")
SELF_EVAL_COLUMNS = ("实际完成值", "分值", "得分", "偏差原因")
COL_LEVEL1, COL_LEVEL2, COL_NAME, COL_VALUE, COL_UNIT, COL_EXPLANATION = range(6)
COL_ACTUAL, COL_WEIGHT, COL_SCORE, COL_DEVIATION = range(6, 10)

# The role of each column: a writer lays a table out by these, and a finding lands in the column of its role.
TARGET_ROLES = ("level1", "level2", "name", "value", "unit", "explanation")
SCORE_ROLES = ("actual", "weight", "score", "deviation")
# A self-evaluation prints its own columns (seed 004): 年度指标值 for the target, 偏差原因分析及改进措施.
SELF_EVAL_TITLES = {"level1": "一级指标", "level2": "二级指标", "name": "三级指标", "value": "年度指标值",
                    "unit": "度量单位", "explanation": "指标解释", "actual": "实际完成值", "weight": "分值", "score": "得分",
                    "deviation": "偏差原因分析及改进措施"}

# The cell of an indicator row a finding of each category is about (the row's 三级指标 cell otherwise).
_CATEGORY_ROLE: dict[str, str] = {
    "direction": "value", "impossible_value": "value", "vague_value": "value", "missing_unit": "value",
    "count_inconsistency": "value", "date_inconsistency": "value", "amount_inconsistency": "value",
    "unit_mismatch": "unit", "explanation_mismatch": "explanation", "missing_required": "level2",
    "score_inconsistency": "score",
}

DEFAULT_TITLES = {"target": "项目支出绩效目标申报表", "self_evaluation": "项目支出绩效自评表", "budget_report": "部门预算表"}

# Header fields a drafted form may carry only as typed attributes (no `fields` entry): canonical name -> getter.
_TYPED_HEADER: dict[str, Callable[[Form], str | None]] = {
    "项目编码": lambda f: f.project_code,
    "项目名称": lambda f: f.project_name,
    "申请单位": lambda f: f.applicant,
    "一级预算单位": lambda f: f.department,
    "实施期限": lambda f: str(f.period_years) if f.period_years else None,
    "项目类型": lambda f: f.project_type,
    "是否新增项目": lambda f: None if f.is_new is None else ("是" if f.is_new else "否"),
    "分配方式": lambda f: f.allocation,
    "项目总金额": lambda f: f.total_amount.raw if f.total_amount else None,
    "本年度项目金额": lambda f: f.annual_amount.raw if f.annual_amount else None,
}
# A self-evaluation's header as it prints it: 主管部门 and 实施单位, 项目金额 (no annual amount, no 申请单位).
_SELF_EVAL_HEADER: dict[str, Callable[[Form], str | None]] = {
    "项目名称": lambda f: f.project_name,
    "项目编码": lambda f: f.project_code,
    "主管部门": lambda f: f.department,
    "实施单位": lambda f: f.applicant,
    "项目金额": lambda f: f.total_amount.raw if f.total_amount else None,
}
# A department's budget report: the unit it is of, and its year.
_BUDGET_HEADER: dict[str, Callable[[Form], str | None]] = {
    "单位名称": lambda f: f.project_name or f.applicant,
    "主管部门": lambda f: f.department if f.department and f.department != (f.project_name or f.applicant) else None,
    "预算年度": lambda f: f"{f.budget_year}年" if f.budget_year else None,
}


def _typed_label(form: Form, key: str) -> str:
    if key == "项目总金额":
        return f"项目总金额（中期规划，{form.total_amount.unit or '元'}）" if form.total_amount else key
    if key == "本年度项目金额":
        return f"本年度项目金额（{form.annual_amount.unit or '元'}）" if form.annual_amount else key
    if key == "项目金额" and form.total_amount:
        return f"项目金额（{form.total_amount.unit or '元'}）"
    return key


@dataclass(slots=True)
class HeaderItem:
    key: str  # canonical field name (key of Form.fields)
    label: str  # as printed, without the colon
    value: str
    free_text: bool


@dataclass(slots=True)
class Flag:
    """Where one finding lands in the table."""

    finding: Finding
    id: str  # stable within a report: F<form>.<n>
    target: str  # "indicator" | "field" | "extra" | "total" | "form"
    row: int | None = None  # indicator index ("indicator"), row of the extra table ("extra")
    column: int | None = None
    key: str | None = None  # header field key, for "field"
    table: int | None = None  # index into TableForm.extras, for "extra"


@dataclass(slots=True)
class ExtraTable:
    """A table shown beside the indicator table: a self-evaluation's 项目资金, a budget report's 表N (read-only)."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    line: int | None = None
    row_lines: list[int | None] = field(default_factory=list)  # the source line of each row (findings land by it)
    row_labels: list[str] = field(default_factory=list)  # the label each row is named by (年度资金总额, 一般公共服务支出)
    value_offset: int = 1  # columns before the values (the label; a budget table's 科目编码 too)


def extra_tables(form: Form) -> list[ExtraTable]:
    out: list[ExtraTable] = []
    if isinstance(form, SelfEvaluation) and form.funds:
        rows = [[r.label, *(_num(v) for v in (r.initial_budget, r.budget, r.spent, r.weight, r.rate, r.score))]
                for r in form.funds]
        head = f"项目资金（{form.fund_unit}）" if form.fund_unit else "项目资金"
        out.append(ExtraTable(head, [head, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                              rows, form.funds[0].line, [r.line for r in form.funds], [r.label for r in form.funds]))
    if isinstance(form, BudgetReport):
        for t in form.tables:
            title = f"表{t.number} {t.title}" if t.number else t.title
            rows = [[("　" * r.depth) + r.label, r.code or "", *(_num(v) for v in r.amounts)] for r in t.rows]
            out.append(ExtraTable(title, ["项目", "科目编码", *t.columns], rows, t.line, [r.line for r in t.rows],
                                  [r.label for r in t.rows], value_offset=2))
    return out


@dataclass
class TableForm:
    """Everything a writer needs for one form: header items, column titles, indicator rows, level spans, flags.

    A self-evaluation also has its 年度总体目标 (`goals`: 预期目标 and 实际完成情况), its 项目资金 table (an extra
    table shown before the indicators: `extras_first`) and its 总分 row (`total`, in the indicator table's columns)."""

    form: Form
    number: int  # 1-based position in the report
    title: str
    header: list[HeaderItem]
    columns: tuple[str, ...]
    rows: list[list[str]]
    level1_spans: list[int]  # per row: rows the level-1 cell spans (0 = covered by the cell above)
    level2_spans: list[int]
    extras: list[ExtraTable] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    roles: tuple[str, ...] = TARGET_ROLES
    goals: list[tuple[str, str]] = field(default_factory=list)
    total: list[str] | None = None
    extras_first: bool = False
    subtitle: str | None = None  # what the source calls the form when it is not its title (项目1)

    def column(self, role: str) -> int | None:
        return self.roles.index(role) if role in self.roles else None

    def flags_at_cell(self, row: int, column: int) -> list[Flag]:
        return [f for f in self.flags if f.target == "indicator" and f.row == row and f.column == column]

    def flags_at_field(self, key: str) -> list[Flag]:
        return [f for f in self.flags if f.target == "field" and f.key == key]

    def flags_at_extra(self, table: int, row: int, column: int) -> list[Flag]:
        return [f for f in self.flags if f.target == "extra" and (f.table, f.row, f.column) == (table, row, column)]

    def flags_at_total(self, column: int) -> list[Flag]:
        return [f for f in self.flags if f.target == "total" and f.column == column]

    @property
    def label(self) -> str:
        f = self.form
        return f.project_name or f.project_code or f"表单{self.number}"


def header_items(form: Form) -> list[HeaderItem]:
    """Header fields in the order read; a form with no fields (drafted from typed values, a self-evaluation, a budget
    report) shows its typed values under the labels its kind prints."""
    if form.fields:
        return [HeaderItem(k, hf.label, hf.value, k in FREE_TEXT_FIELDS) for k, hf in form.fields.items()]
    typed = (_SELF_EVAL_HEADER if isinstance(form, SelfEvaluation) else
             _BUDGET_HEADER if isinstance(form, BudgetReport) else _TYPED_HEADER)
    return [HeaderItem(k, _typed_label(form, k), v, False) for k, get in typed.items() if (v := get(form))]


def header_rows(items: list[HeaderItem]) -> list[list[HeaderItem]]:
    """Short fields two per row, free-text fields alone on their row (as the budget system prints them)."""
    rows: list[list[HeaderItem]] = []
    pending: list[HeaderItem] = []
    for it in items:
        if it.free_text:
            if pending:
                rows.append(pending)
                pending = []
            rows.append([it])
        else:
            pending.append(it)
            if len(pending) == 2:
                rows.append(pending)
                pending = []
    if pending:
        rows.append(pending)
    return rows


def _num(v: float | None) -> str:
    return "" if v is None else format_number(v)


_BLOCK_LABEL = "年度绩效指标"  # a self-evaluation's label of the indicator block, read into its first 一级 cell


def indicator_cells(ind: Indicator, self_eval: bool) -> list[str]:
    level1 = ind.level1_raw or (f"{ind.level1}指标" if ind.level1 else "")
    if self_eval and level1.startswith(_BLOCK_LABEL) and len(level1) > len(_BLOCK_LABEL):
        level1 = level1[len(_BLOCK_LABEL):].strip()  # the block's label is the table's caption, not a 一级
    level2 = ind.level2_raw or ((("*" if ind.required else "") + f"{ind.level2}指标") if ind.level2 else "")
    cells = [level1, level2, ind.name, ind.target.raw, ind.unit or "", ind.explanation or ""]
    if self_eval:
        cells += [ind.actual.raw if ind.actual else "", _num(ind.weight), _num(ind.score), ind.deviation or ""]
    return cells


def _spans(values: list[str], parents: list[int] | None = None) -> list[int]:
    """Run lengths of equal consecutive values (merged cells); a run never crosses a parent run's border."""
    spans = [0] * len(values)
    start = 0
    for i in range(1, len(values) + 1):
        border = parents is not None and i < len(values) and parents[i] > 0
        if i == len(values) or values[i] != values[start] or border or not values[i]:
            spans[start] = i - start
            start = i
    return spans




def table_form(form: Form, findings: list[Finding], number: int) -> TableForm:
    is_self_eval = isinstance(form, SelfEvaluation)
    self_eval = is_self_eval or any(i.actual or i.score is not None for i in form.indicators)
    roles = TARGET_ROLES + (SCORE_ROLES if self_eval else ())
    cells = [indicator_cells(ind, self_eval) for ind in form.indicators]
    if is_self_eval:
        # its own columns: no 度量单位 / 指标解释 unless a row has one
        keep = [c for c, role in enumerate(roles) if role not in ("unit", "explanation") or any(r[c] for r in cells)]
        roles = tuple(roles[c] for c in keep)
        cells = [[r[c] for c in keep] for r in cells]
        columns = tuple(SELF_EVAL_TITLES[r] for r in roles)
    else:
        columns = INDICATOR_COLUMNS + (SELF_EVAL_COLUMNS if self_eval else ())
    l1 = _spans([r[0] for r in cells])
    l2 = _spans([r[1] for r in cells], l1)
    title = form.title or DEFAULT_TITLES.get(form.kind, DEFAULT_TITLES["target"])
    subtitle = None
    if is_self_eval and (not form.title or re.fullmatch(r"(项目|表单)\s*\d*", form.title)):
        title, subtitle = DEFAULT_TITLES["self_evaluation"], form.title
    if is_self_eval and form.budget_year and str(form.budget_year) not in title and not subtitle:
        subtitle = f"{form.budget_year}年度"  # the year a reader of the written form reads it back from
    tf = TableForm(form, number, title, header_items(form), columns, cells, l1, l2, extra_tables(form),
                   roles=roles, extras_first=is_self_eval, subtitle=subtitle)
    if isinstance(form, SelfEvaluation):
        if form.goal_expected or form.goal_actual:
            tf.goals = [("预期目标", form.goal_expected or ""), ("实际完成情况", form.goal_actual or "")]
        if form.total_score is not None or form.total_weight is not None:
            total = [""] * len(roles)
            total[roles.index("name")] = "总分"
            total[roles.index("weight")] = _num(form.total_weight)
            total[roles.index("score")] = _num(form.total_score)
            tf.total = total
    for n, f in enumerate(findings, 1):
        tf.flags.append(_locate(tf, f, f"F{number}.{n}"))
    return tf


def _role_column(tf: TableForm, f: Finding) -> int:
    """The column of an indicator row a finding lands in: the one it names (Finding.column), else its category's."""
    if f.column:
        named = next((c for c, title in enumerate(tf.columns) if normalise(title).startswith(normalise(f.column))), None)
        if named is not None:
            return named
    role = _CATEGORY_ROLE.get(f.category, "name")
    col = tf.column(role)
    if role == "unit" and col is not None and not any(r[col] for r in tf.rows):
        col = None  # no 度量单位 written (5-column layouts): the unit is in the value
    if col is None:
        col = tf.column("value") if role in ("unit", "explanation") else tf.column("name")
    return col if col is not None else COL_NAME


def _locate(tf: TableForm, f: Finding, fid: str) -> Flag:
    inds = tf.form.indicators
    if f.indicator is not None or (f.cell and any(i.cell == f.cell for i in inds)):
        name = normalise(f.indicator or "")
        candidates = (
            [i for i, ind in enumerate(inds) if f.cell and ind.cell == f.cell],
            [i for i, ind in enumerate(inds) if ind.line == f.line and normalise(ind.name) == name],
            [i for i, ind in enumerate(inds) if normalise(ind.name) == name],
            [i for i, ind in enumerate(inds) if f.line is not None and ind.line == f.line],
        )
        for found in candidates:
            if found:
                return Flag(f, fid, "indicator", row=found[0], column=_role_column(tf, f))
    if f.field is not None:
        want = normalise(f.field)
        for it in tf.header:
            if want in (normalise(it.key), normalise(it.label)):
                return Flag(f, fid, "field", key=it.key)
        flag = _locate_in_tables(tf, f, fid, want)
        if flag is not None:
            return flag
    elif f.indicator is None and f.line is not None:
        # a finding about a row it does not name: a 不适用 row (JX521), found by its cell or its line
        for i, ind in enumerate(inds):
            if ind.not_applicable and ((f.cell and ind.cell == f.cell) or ind.line == f.line):
                return Flag(f, fid, "indicator", row=i, column=_role_column(tf, f))
    return Flag(f, fid, "form")


def _locate_in_tables(tf: TableForm, f: Finding, fid: str, want: str) -> Flag | None:
    """A finding about a row of the 项目资金 or a budget table (its label as `field`), the 总分 row, or a 一级 whose
    printed weight it is about (产出: the 一级 cell)."""
    if want == "总分" and tf.total is not None:
        col = _role_column(tf, f) if f.column else tf.column("score")
        return Flag(f, fid, "total", column=col)
    for k, extra in enumerate(tf.extras):
        rows = [r for r, label in enumerate(extra.row_labels) if normalise(label) == want]
        by_line = [r for r in rows if f.line is not None and extra.row_lines[r] == f.line]
        if not (by_line or rows):
            continue
        row = (by_line or rows)[0]
        col = 0
        if f.column:
            col = next((c for c, title in enumerate(extra.columns)
                        if c >= extra.value_offset and normalise(title) == normalise(f.column)), 0)
        return Flag(f, fid, "extra", row=row, column=col, table=k)
    level1 = next((i for i, ind in enumerate(tf.form.indicators) if ind.level1 and normalise(ind.level1) == want), None)
    if level1 is not None:
        return Flag(f, fid, "indicator", row=level1, column=COL_LEVEL1)
    return None


def table_forms(forms_with_findings: list[FormWithFindings]) -> list[TableForm]:
    return [table_form(form, findings, n) for n, (form, findings) in enumerate(forms_with_findings, 1)]


def worst(flags: list[Flag]) -> Severity:
    return max((f.finding.severity for f in flags), key=lambda s: SEVERITY_RANK[s])


def cell_state(flags: list[Flag]) -> str:
    """How a flagged cell is marked: the worst severity of its open findings, or `waived` when a waiver accepts
    every finding on it."""
    open_flags = [f for f in flags if not f.finding.waived]
    return worst(open_flags) if open_flags else "waived"


def finding_text(f: Finding) -> str:
    """One finding as a short paragraph (cell comments, tooltips)."""
    parts = [f"[{SEVERITY_LABELS[f.severity]}] {f.rule} {f.message}"]
    if f.evidence:
        parts.append(f"原文：{f.evidence}")
    if f.suggestion:
        parts.append(f"建议：{f.suggestion}")
    if f.waived:
        parts.append(waiver_text(f))
    return "\n".join(parts)


def waiver_text(f: Finding) -> str:
    """`已豁免：reason（豁免人：by）` of a finding a waiver accepts."""
    return waived_text(f.waived or "", f.waived_by)

