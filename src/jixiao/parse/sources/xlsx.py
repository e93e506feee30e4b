"""Excel workbooks (.xlsx) as rows of cells, one list of rows per sheet.

The budget system imports and exports forms as Excel templates: merged cells, one or several forms per sheet.
A merged range shows its value in its top-left cell only (the other cells read as blank), as the text exports do,
so the layout parsers' "blank leading cell = same as above" logic applies unchanged. Every cell keeps its
reference (`Sheet1!C5`) as the source location of the value read from it.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

from jixiao.model import ReadIssue
from jixiao.parse.errors import ParseError
from jixiao.parse.rows import Row
from jixiao.values import format_number

FINDINGS_SHEET = "审核结果"  # also the name render/xlsx.py gives it


def sheet_ref(title: str) -> str:
    """A sheet name as Excel writes it in references: quoted when it holds anything but letters, digits, _."""
    if re.fullmatch(r"[^\W\d]\w*", title):
        return title
    return "'" + title.replace("'", "''") + "'"


def _cell_text(value: Any, number_format: str) -> str:
    """A cell value as the user sees it in Excel (numbers without `.0`, percentages as `95%`, dates as text)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        if "%" in (number_format or ""):
            return f"{format_number(round(value * 100, 10))}%"
        return format_number(value) if isinstance(value, float) else str(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            value = value.date()
        else:
            return value.strftime("%Y年%m月%d日 %H:%M")
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    # tabs would split a cell when a parser joins cells with tabs
    return str(value).replace("\t", " ").replace("\r\n", "\n")


def read_xlsx(path: str | Path, issues: list[ReadIssue]) -> tuple[list[list[Row]], list[str | None]]:
    """Rows of every sheet (visible or not) in workbook order, and each sheet's name as messages print it; blank rows
    kept as one empty cell, like blank lines. A cell merged over several columns records its width (`Row.spans`), so
    a heading merged across a table can be told from a heading of one column. (`issues`: for what a sheet holds but
    cannot be read; nothing yet.)"""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    source = str(path)
    try:
        # not read_only: merged-cell ranges are only known in the normal mode
        wb = load_workbook(path, data_only=True)
    except FileNotFoundError as exc:
        raise ParseError(source, "文件不存在") from exc
    except (InvalidFileException, zipfile.BadZipFile) as exc:
        raise ParseError(source, f"不是有效的 Excel (.xlsx) 文件，可能已损坏：{exc}") from exc
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many kinds (XML syntax, KeyError, ValueError…) on a broken file
        raise ParseError(source, f"Excel 文件无法读取，可能已损坏（{type(exc).__name__}：{exc}）") from exc

    sheets: list[list[Row]] = []
    names: list[str | None] = []
    try:
        for ws in wb.worksheets:
            if ws.title == FINDINGS_SHEET:
                continue  # the findings sheet of a workbook jixiao wrote: a report, not a form
            widths: dict[tuple[int, int], int] = {}
            for rng in ws.merged_cells.ranges:
                if rng.max_col > rng.min_col:
                    widths[(rng.min_row, rng.min_col)] = rng.max_col - rng.min_col + 1
            rows: list[Row] = []
            sheet = sheet_ref(ws.title)
            at = f"{sheet}!"
            for cells in ws.iter_rows():
                texts = [_cell_text(c.value, c.number_format if isinstance(c.value, (int, float)) else "") for c in cells]
                while texts and not texts[-1].strip():
                    texts.pop()
                if not texts:
                    rows.append(Row(line=cells[0].row if cells else len(rows) + 1, cells=[""]))
                    continue
                line = str(cells[0].row)  # a row's cells, each a column letter on the row's number (C5)
                refs = [at + get_column_letter(c.column) + line for c in cells[: len(texts)]]
                row = Row(line=cells[0].row, cells=texts, refs=refs)
                if widths:
                    spans = [widths.get((c.row, c.column), 1) for c in cells[: len(texts)]]
                    if any(w > 1 for w in spans):
                        row.spans = spans
                rows.append(row)
            if any(r.refs for r in rows):
                sheets.append(rows)
                names.append(f"工作表“{ws.title}”")
    finally:
        wb.close()
    if not sheets:
        raise ParseError(source, "Excel 文件中没有任何内容（所有工作表均为空）")
    return sheets, names


def read_xlsx_rows(path: str | Path) -> list[list[Row]]:
    """Rows of every sheet (read_xlsx without the names and issues)."""
    return read_xlsx(path, [])[0]
