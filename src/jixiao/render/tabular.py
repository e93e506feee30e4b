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

from jixiao.model import BudgetReport, Finding, Form, Indicator, SelfEvaluation, Severity, SEVERITY_RANK
from jixiao.parse.target import FREE_TEXT_FIELDS
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

SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}
CATEGORY_LABELS: dict[str, str] = {
    "direction": "方向", "impossible_value": "不可能的值", "unit_mismatch": "单位不符", "missing_unit": "缺少单位",
    "vague_value": "指标值模糊", "duplicate_indicator": "重复指标", "misplaced_indicator": "指标错位",
    "explanation_mismatch": "解释不符", "amount_inconsistency": "金额不一致", "count_inconsistency": "数量不一致",
    "date_inconsistency": "日期不一致", "missing_required": "缺少必填", "text_inconsistency": "文字不一致",
    "format": "格式", "score_inconsistency": "评分不一致",
}

# The cell of an indicator row a finding of each category is about (the row's 三级指标 cell otherwise).
_CATEGORY_COLUMN: dict[str, int] = {
    "direction": COL_VALUE, "impossible_value": COL_VALUE, "vague_value": COL_VALUE, "missing_unit": COL_VALUE,
    "count_inconsistency": COL_VALUE, "date_inconsistency": COL_VALUE, "amount_inconsistency": COL_VALUE,
    "unit_mismatch": COL_UNIT, "explanation_mismatch": COL_EXPLANATION, "missing_required": COL_LEVEL2,
    "score_inconsistency": COL_SCORE,
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


def _typed_label(form: Form, key: str) -> str:
    if key == "项目总金额":
        return f"项目总金额（中期规划，{form.total_amount.unit or '元'}）" if form.total_amount else key
    if key == "本年度项目金额":
        return f"本年度项目金额（{form.annual_amount.unit or '元'}）" if form.annual_amount else key
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
    target: str  # "indicator" | "field" | "form"
    row: int | None = None  # indicator index, for "indicator"
    column: int | None = None
    key: str | None = None  # header field key, for "field"


@dataclass(slots=True)
class ExtraTable:
    """A table shown after the indicator table: a self-evaluation's 项目资金, a budget report's 表N (read-only)."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    line: int | None = None


def extra_tables(form: Form) -> list[ExtraTable]:
    out: list[ExtraTable] = []
    if isinstance(form, SelfEvaluation) and form.funds:
        rows = [[r.label, *(_num(v) for v in (r.initial_budget, r.budget, r.spent, r.weight, r.rate, r.score))]
                for r in form.funds]
        if form.total_score is not None or form.total_weight is not None:
            rows.append(["总分", "", "", "", _num(form.total_weight), "", _num(form.total_score)])
        out.append(ExtraTable("项目资金", ["项目资金", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                              rows, form.funds[0].line))
    if isinstance(form, BudgetReport):
        for t in form.tables:
            title = f"表{t.number} {t.title}" if t.number else t.title
            rows = [[("　" * r.depth) + r.label, r.code or "", *(_num(v) for v in r.amounts)] for r in t.rows]
            out.append(ExtraTable(title, ["项目", "科目编码", *t.columns], rows, t.line))
    return out


@dataclass
class TableForm:
    """Everything a writer needs for one form: header items, column titles, indicator rows, level spans, flags."""

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

    def flags_at_cell(self, row: int, column: int) -> list[Flag]:
        return [f for f in self.flags if f.target == "indicator" and f.row == row and f.column == column]

    def flags_at_field(self, key: str) -> list[Flag]:
        return [f for f in self.flags if f.target == "field" and f.key == key]

    @property
    def label(self) -> str:
        f = self.form
        return f.project_name or f.project_code or f"表单{self.number}"


def header_items(form: Form) -> list[HeaderItem]:
    """Header fields in the order read; a form with no fields (drafted from typed values) shows its typed values."""
    if form.fields:
        return [HeaderItem(k, hf.label, hf.value, k in FREE_TEXT_FIELDS) for k, hf in form.fields.items()]
    return [HeaderItem(k, _typed_label(form, k), v, False) for k, get in _TYPED_HEADER.items() if (v := get(form))]


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


def indicator_cells(ind: Indicator, self_eval: bool) -> list[str]:
    level1 = ind.level1_raw or (f"{ind.level1}指标" if ind.level1 else "")
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
    self_eval = isinstance(form, SelfEvaluation) or any(i.actual or i.score is not None for i in form.indicators)
    columns = INDICATOR_COLUMNS + (SELF_EVAL_COLUMNS if self_eval else ())
    rows = [indicator_cells(ind, self_eval) for ind in form.indicators]
    l1 = _spans([r[COL_LEVEL1] for r in rows])
    l2 = _spans([r[COL_LEVEL2] for r in rows], l1)
    tf = TableForm(form, number, form.title or DEFAULT_TITLES.get(form.kind, DEFAULT_TITLES["target"]),
                   header_items(form), columns, rows, l1, l2, extra_tables(form))
    for n, f in enumerate(findings, 1):
        tf.flags.append(_locate(tf, f, f"F{number}.{n}"))
    return tf


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
                row = found[0]
                col = _CATEGORY_COLUMN.get(f.category, COL_NAME)
                if col == COL_UNIT and not tf.rows[row][COL_UNIT]:
                    col = COL_VALUE  # no 度量单位 written (5-column layouts): the unit is in the value
                if col >= len(tf.columns):
                    col = COL_VALUE
                return Flag(f, fid, "indicator", row=row, column=col)
    if f.field is not None:
        want = normalise(f.field)
        for it in tf.header:
            if want in (normalise(it.key), normalise(it.label)):
                return Flag(f, fid, "field", key=it.key)
    return Flag(f, fid, "form")


def table_forms(forms_with_findings: list[FormWithFindings]) -> list[TableForm]:
    return [table_form(form, findings, n) for n, (form, findings) in enumerate(forms_with_findings, 1)]


def worst(flags: list[Flag]) -> Severity:
    return max((f.finding.severity for f in flags), key=lambda s: SEVERITY_RANK[s])


def finding_text(f: Finding) -> str:
    """One finding as a short paragraph (cell comments, tooltips)."""
    parts = [f"[{SEVERITY_LABELS[f.severity]}] {f.rule} {f.message}"]
    if f.evidence:
        parts.append(f"原文：{f.evidence}")
    if f.suggestion:
        parts.append(f"建议：{f.suggestion}")
    if f.waived:
        parts.append(f"已豁免：{f.waived}")
    return "\n".join(parts)

