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
from jixiao.parse.xlsx import FINDINGS_SHEET, sheet_ref
from jixiao.render.tabular import (
    xml_text, CATEGORY_LABELS, SEVERITY_LABELS, Flag, FormWithFindings, TableForm, finding_text, header_rows, table_forms, worst,
)

SEVERITY_FILLS = {
    "error": PatternFill("solid", fgColor="F8CBCB"),
    "warning": PatternFill("solid", fgColor="FCE4B6"),
    "info": PatternFill("solid", fgColor="D6E6F8"),
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
    cell.fill = SEVERITY_FILLS[worst(flags)]
    cell.comment = _comment(flags)
    for f in flags:
        where[f.id] = ref


def _write_form(ws: Worksheet, t: TableForm, where: dict[str, str]) -> None:
    ncols = len(t.columns)
    last = get_column_letter(ncols)
    quoted = sheet_ref(ws.title)
    for i, width in enumerate(COLUMN_WIDTHS[:ncols], 1):
        ws.column_dimensions[get_column_letter(i)].width = width

    put(ws, 1, 1, t.title).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = CENTER
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
        widths = [sum(COLUMN_WIDTHS[c0:c1]) for c0, c1 in spans]  # value cell spans columns c0+1..c1
        _fit_height(ws, r, [(item.value, w) for item, w in zip(pair, widths)])
        r += 1

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
            cell.alignment = CENTER if c in (0, 1, 4) else WRAP
            cell.border = BORDER
            if not covered:
                _flag_cell(cell, t.flags_at_cell(i, c), where, f"{quoted}!{cell.coordinate}")
        _fit_height(ws, r, [(v, COLUMN_WIDTHS[c]) for c, v in enumerate(values) if c > 1])
        r += 1
    for c, spans in ((1, t.level1_spans), (2, t.level2_spans)):
        for i, span in enumerate(spans):
            if span > 1:
                ws.merge_cells(start_row=first + i, start_column=c, end_row=first + i + span - 1, end_column=c)

    for extra in t.extras:  # 项目资金 / budget tables: below the indicator table, one column per value
        r += 1
        put(ws, r, 1, extra.title).font = BOLD
        r += 1
        for c, title in enumerate(extra.columns, 1):
            cell = put(ws, r, c, title)
            cell.font, cell.fill, cell.alignment, cell.border = BOLD, HEADER_FILL, CENTER, BORDER
        for values in extra.rows:
            r += 1
            for c, v in enumerate(values, 1):
                cell = put(ws, r, c, v)
                cell.alignment, cell.border = WRAP, BORDER
        r += 1

    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


FINDING_COLUMNS = (("序号", 6), ("工作表", 18), ("项目编码", 22), ("项目名称", 28), ("级别", 6), ("规则", 8),
                   ("类别", 12), ("指标/字段", 28), ("位置", 14), ("原文", 24), ("问题", 48), ("修改建议", 40),
                   ("豁免理由", 24), ("来源", 30))


def _write_findings(ws: Worksheet, tables: list[TableForm], names: list[str], where: dict[str, str]) -> None:
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
            values = (flag.id, name, form.project_code or "", form.project_name or "",
                      SEVERITY_LABELS[f.severity], f.rule, CATEGORY_LABELS.get(f.category, f.category),
                      f.indicator or f.field or "（整张表）", f.cell or "", f.evidence or "", f.message,
                      f.suggestion or "", f.waived or "", src)
            for c, v in enumerate(values, 1):
                cell = put(ws, r, c, v)
                cell.alignment, cell.border = WRAP, BORDER
            ws.cell(r, 5).fill = SEVERITY_FILLS[f.severity]
            target = where.get(flag.id, f"{sheet_ref(name)}!A1")
            link = put(ws, r, 9, f.cell or target.split("!")[1])
            link.hyperlink = Hyperlink(ref=link.coordinate, location=target)  # a link inside the workbook
            link.font = Font(color="0563C1", underline="single")
            r += 1
    if r == 2:
        put(ws, 2, 1, "未发现问题")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(FINDING_COLUMNS))}{max(r - 1, 1)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def forms_workbook(forms_with_findings: list[FormWithFindings]) -> Workbook:
    tables = table_forms(forms_with_findings)
    names = sheet_names(tables)
    wb = Workbook()
    findings_ws = wb.active
    findings_ws.title = FINDINGS_SHEET
    where: dict[str, str] = {}  # finding id -> 'sheet'!A1 of its cell
    for t, name in zip(tables, names):
        _write_form(wb.create_sheet(name), t, where)
    _write_findings(findings_ws, tables, names, where)
    if tables and not any(t.flags for t in tables):
        wb.move_sheet(findings_ws, offset=len(tables))  # nothing to review: open on the first form
        wb.active = 0
    return wb


def write_forms_xlsx(forms_with_findings: list[FormWithFindings], path: str | Path,
                     inputs: list[Path] | None = None) -> Path:
    """Write the forms (with their findings; pass [] for none) to `path` atomically; returns the path."""
    buf = io.BytesIO()
    forms_workbook(forms_with_findings).save(buf)
    write_atomic(path, buf.getvalue(), inputs=inputs)
    return Path(path)
