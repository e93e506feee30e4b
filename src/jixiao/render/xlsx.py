"""Forms to Excel: one sheet per form in the standard printed layout, plus a 审核结果 findings sheet.

Flagged cells are filled by the worst severity on them (error red, warning amber, info blue) and carry the
findings as a cell comment; the findings sheet links each finding to its cell. Sheets are set up for printing
(A4 landscape, one page wide, the indicator header repeated on every page).

Every text comes from a form, so every cell is written through `put`: text stays text (a cell that starts with `=`,
`+`, `-`, `@`, a tab or a carriage return is stored as a string with Excel's quote prefix, so `=cmd|' /C calc'!A0` or
`=HYPERLINK(…)` in a form is shown, never run, even after the cell is edited), and the control characters XML cannot
hold (form feed, ESC…) are written as their visible Unicode pictures (␌, ␛) instead of failing the whole workbook.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.io import write_atomic
from jixiao.model import Finding, Form
from jixiao.parse.sources.xlsx import FINDINGS_SHEET, sheet_ref
from jixiao.render.tabular import (
    CATEGORY_LABELS, SEVERITY_LABELS, Flag, FormWithFindings, TableForm, cell_state, finding_text, header_rows,
    table_forms, xml_text,
)

SEVERITY_FILLS = {
    "error": PatternFill("solid", fgColor="F8CBCB"),
    "warning": PatternFill("solid", fgColor="FCE4B6"),
    "info": PatternFill("solid", fgColor="D6E6F8"),
    "waived": PatternFill("solid", fgColor="DDEFDD"),  # every finding on the cell accepted by a waiver
}
HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
BOLD = Font(bold=True)
# 一级 二级 三级 指标值 度量单位 指标解释 (+ 实际完成值 分值 得分 偏差原因)
COLUMN_WIDTHS = (12, 16, 30, 18, 10, 48, 16, 8, 8, 30)
ROLE_WIDTHS = {"level1": 12, "level2": 16, "name": 30, "value": 18, "unit": 10, "explanation": 48, "actual": 16,
               "weight": 8, "score": 8, "deviation": 30}
_CENTERED = ("level1", "level2", "unit", "weight", "score")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheet programs read as the start of a formula


def put(ws: Worksheet, row: int, column: int, value: object = None):  # noqa: ANN201 (openpyxl Cell)
    """`ws.cell(row, column)` set to `value`; a text is always a text cell (see the module's docstring)."""
    cell = ws.cell(row, column)
    if isinstance(value, str):
        text = xml_text(value)
        cell.value = text
        if text.startswith(FORMULA_LEADS):
            cell.data_type = "s"  # openpyxl made it a formula
            cell.quotePrefix = True  # Excel's leading apostrophe: still text when the cell is edited
    elif value is not None:
        cell.value = value
    return cell


def sheet_names(tables: list[TableForm]) -> list[str]:
    """Unique sheet names of at most 31 characters, without the characters Excel forbids."""
    used = {FINDINGS_SHEET}
    names = []
    for t in tables:
        base = _BAD_SHEET_CHARS.sub("_", f"表{t.number}_{t.label}").strip("' ")[:31]
        name, k = base, 2
        while name in used:
            suffix = f"~{k}"
            name, k = base[: 31 - len(suffix)] + suffix, k + 1
        used.add(name)
        names.append(name)
    return names


def _fit_height(ws: Worksheet, row: int, texts: list[tuple[str, float]]) -> None:
    """Row height for wrapped text (Excel does not re-measure rows written by a library): ~15pt per line."""
    def lines(text: str, width: float) -> int:
        # a CJK character is about two width units, ASCII one; explicit line breaks start new lines
        per_line = max(width - 1, 4)
        return sum(max(1, -(-sum(2 if ord(ch) > 0x2E80 else 1 for ch in part) // int(per_line)))
                   for part in text.split("\n"))

    n = max((lines(t, w) for t, w in texts if t), default=1)
    if n > 1:
        ws.row_dimensions[row].height = min(15 * n + 3, 400)


def _comment(flags: list[Flag]) -> Comment:
    text = xml_text("\n\n".join(finding_text(f.finding) for f in flags))
    c = Comment(text, "jixiao")
    c.width, c.height = 360, min(60 + 18 * text.count("\n") + len(text) // 2, 480)
    return c


def _flag_cell(cell, flags: list[Flag], where: dict[str, str], ref: str) -> None:  # noqa: ANN001 (openpyxl Cell)
    if not flags:
        return
    cell.fill = SEVERITY_FILLS[cell_state(flags)]
    cell.comment = _comment(flags)
    for f in flags:
        where[f.id] = ref


def _write_form(ws: Worksheet, t: TableForm, where: dict[str, str]) -> None:
    ncols = max(len(t.columns), *(len(x.columns) for x in t.extras)) if t.extras else len(t.columns)
    last = get_column_letter(ncols)
    quoted = sheet_ref(ws.title)
    widths = [ROLE_WIDTHS.get(role, 12) for role in t.roles] + [14] * (ncols - len(t.roles))
    for i, width in enumerate(widths[:ncols], 1):
        ws.column_dimensions[get_column_letter(i)].width = width

    put(ws, 1, 1, t.title if not t.subtitle else f"{t.title}（{t.subtitle}）").font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = CENTER
    # a finding about the whole form (缺少必填二级指标…) is noted on the title, so no finding points at a bare cell
    _flag_cell(ws.cell(1, 1), [f for f in t.flags if f.target == "form"], where, f"{quoted}!A1")
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 28
    r = 2
    # Header: label in A / D, value in B:C / E:F (free text: B to the last column), like the budget system's export.
    half = ncols // 2
    for pair in header_rows(t.header):
        spans = [(1, ncols)] if len(pair) == 1 else [(1, half), (half + 1, ncols)]
        for item, (c0, c1) in zip(pair, spans):
            label = put(ws, r, c0, f"{item.label}:")
            label.font, label.fill, label.alignment, label.border = BOLD, LABEL_FILL, WRAP, BORDER
            value = put(ws, r, c0 + 1, item.value)
            value.alignment = WRAP
            for c in range(c0 + 1, c1 + 1):
                ws.cell(r, c).border = BORDER
            if c1 > c0 + 1:
                ws.merge_cells(start_row=r, start_column=c0 + 1, end_row=r, end_column=c1)
            _flag_cell(value, t.flags_at_field(item.key), where, f"{quoted}!{value.coordinate}")
        widths_of = [sum(widths[c0:c1]) for c0, c1 in spans]  # value cell spans columns c0+1..c1
        _fit_height(ws, r, [(item.value, w) for item, w in zip(pair, widths_of)])
        r += 1

    if t.extras_first:  # a self-evaluation prints its 项目资金 table before the goals and the indicators
        r = _write_extras(ws, t, r, where, quoted)
    if t.goals:  # 年度总体目标: 预期目标 | 实际完成情况
        put(ws, r, 1, "年度总体目标").font = BOLD
        r += 1
        split = max(2, ncols // 2)
        for k, (label, text) in enumerate(t.goals):
            c0, c1 = (1, split) if k == 0 else (split + 1, ncols)
            head = put(ws, r, c0, label)
            head.font, head.fill, head.alignment, head.border = BOLD, HEADER_FILL, CENTER, BORDER
            body = put(ws, r + 1, c0, text)
            body.alignment, body.border = WRAP, BORDER
            for row in (r, r + 1):
                if c1 > c0:
                    ws.merge_cells(start_row=row, start_column=c0, end_row=row, end_column=c1)
        _fit_height(ws, r + 1, [(text, sum(widths[:max(2, ncols // 2)])) for _, text in t.goals])
        r += 3

    header_row = r
    for c, title in enumerate(t.columns, 1):
        cell = put(ws, r, c, title)
        cell.font, cell.fill, cell.alignment, cell.border = BOLD, HEADER_FILL, CENTER, BORDER
    r += 1
    first = r
    for i, values in enumerate(t.rows):
        for c, value in enumerate(values):
            covered = (c == 0 and t.level1_spans[i] == 0) or (c == 1 and t.level2_spans[i] == 0)
            cell = put(ws, r, c + 1, None if covered else value)
            cell.alignment = CENTER if t.roles[c] in _CENTERED else WRAP
            cell.border = BORDER
            if not covered:
                _flag_cell(cell, t.flags_at_cell(i, c), where, f"{quoted}!{cell.coordinate}")
        _fit_height(ws, r, [(v, widths[c]) for c, v in enumerate(values) if c > 1])
        r += 1
    for c, spans in ((1, t.level1_spans), (2, t.level2_spans)):
        for i, span in enumerate(spans):
            if span > 1:
                ws.merge_cells(start_row=first + i, start_column=c, end_row=first + i + span - 1, end_column=c)
    if t.total is not None:  # 总分, in the indicator table's 分值 and 得分 columns
        for c, value in enumerate(t.total):
            cell = put(ws, r, c + 1, value or None)
            cell.font, cell.border = BOLD, BORDER
            cell.alignment = CENTER if t.roles[c] in _CENTERED else WRAP
            _flag_cell(cell, t.flags_at_total(c), where, f"{quoted}!{cell.coordinate}")
        r += 1

    if not t.extras_first:  # a budget report's tables: below
        r = _write_extras(ws, t, r, where, quoted)

    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _write_extras(ws: Worksheet, t: TableForm, r: int, where: dict[str, str], quoted: str) -> int:
    """The 项目资金 / budget tables, one column per value, each cell a finding may point at; returns the next row."""
    for k, extra in enumerate(t.extras):
        r += 1
        put(ws, r, 1, extra.title).font = BOLD
        r += 1
        for c, title in enumerate(extra.columns, 1):
            cell = put(ws, r, c, title)
            cell.font, cell.fill, cell.alignment, cell.border = BOLD, HEADER_FILL, CENTER, BORDER
        for row, values in enumerate(extra.rows):
            r += 1
            for c, v in enumerate(values):
                cell = put(ws, r, c + 1, v)
                cell.alignment, cell.border = WRAP, BORDER
                _flag_cell(cell, t.flags_at_extra(k, row, c), where, f"{quoted}!{cell.coordinate}")
        r += 2
    return r


FINDING_COLUMNS = (("序号", 6), ("工作表", 18), ("项目编码", 22), ("项目名称", 28), ("级别", 6), ("规则", 8),
                   ("类别", 12), ("指标/字段", 28), ("位置", 14), ("原文", 24), ("问题", 48), ("修改建议", 40),
                   ("豁免理由", 24), ("豁免人", 10), ("来源", 30))


def _write_findings(ws: Worksheet, tables: list[TableForm], names: list[str], where: dict[str, str],
                    notes: list[str]) -> None:
    for c, (title, width) in enumerate(FINDING_COLUMNS, 1):
        cell = put(ws, 1, c, title)
        cell.font, cell.fill, cell.alignment, cell.border = BOLD, HEADER_FILL, CENTER, BORDER
        ws.column_dimensions[get_column_letter(c)].width = width
    r = 2
    for t, name in zip(tables, names):
        form: Form = t.form
        for flag in t.flags:
            f: Finding = flag.finding
            src = f"{form.source}:{f.line}" if f.line else form.source
            level = SEVERITY_LABELS[f.severity] + ("（已豁免）" if f.waived else "")
            values = (flag.id, name, form.project_code or "", form.project_name or "",
                      level, f.rule, CATEGORY_LABELS.get(f.category, f.category),
                      f.indicator or f.field or "（整张表）", f.cell or "", f.evidence or "", f.message,
                      f.suggestion or "", f.waived or "", f.waived_by or "", src)
            for c, v in enumerate(values, 1):
                cell = put(ws, r, c, v)
                cell.alignment, cell.border = WRAP, BORDER
            ws.cell(r, 5).fill = SEVERITY_FILLS["waived" if f.waived else f.severity]
            target = where.get(flag.id, f"{sheet_ref(name)}!A1")
            link = put(ws, r, 9, f.cell or target.split("!")[1])
            link.hyperlink = Hyperlink(ref=link.coordinate, location=target)  # a link inside the workbook
            link.font = Font(color="0563C1", underline="single")
            r += 1
    if r == 2:
        put(ws, 2, 1, "未发现问题")
    last = max(r - 1, 1)
    for k, note in enumerate(notes):  # below the table and its filter range
        put(ws, last + 2 + k, 1, f"提示：{note}").font = Font(color="9C5700")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(FINDING_COLUMNS))}{last}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def forms_workbook(forms_with_findings: list[FormWithFindings], notes: list[str] | None = None) -> Workbook:
    tables = table_forms(forms_with_findings)
    names = sheet_names(tables)
    wb = Workbook()
    findings_ws = wb.active
    findings_ws.title = FINDINGS_SHEET
    where: dict[str, str] = {}  # finding id -> 'sheet'!A1 of its cell
    for t, name in zip(tables, names):
        _write_form(wb.create_sheet(name), t, where)
    _write_findings(findings_ws, tables, names, where, notes or [])
    if tables and not any(t.flags for t in tables):
        wb.move_sheet(findings_ws, offset=len(tables))  # nothing to review: open on the first form
        wb.active = 0
    return wb


def write_forms_xlsx(forms_with_findings: list[FormWithFindings], path: str | Path,
                     inputs: list[Path] | None = None, notes: list[str] | None = None) -> Path:
    """Write the forms (with their findings; pass [] for none) to `path` atomically; returns the path. `notes`
    (a waiver that matched nothing) are written below the findings."""
    buf = io.BytesIO()
    forms_workbook(forms_with_findings, notes).save(buf)
    write_atomic(path, buf.getvalue(), inputs=inputs)
    return Path(path)
