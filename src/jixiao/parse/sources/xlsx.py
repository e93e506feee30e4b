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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jixiao import vocab
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


# Workbooks from this size on are read row by row (openpyxl's read-only mode): an export of a thousand forms in one sheet
# took 142 MB and twice the time in the normal mode, which makes every cell an object (a gigabyte for ten thousand)
STREAM_BYTES = 1 << 20


def read_xlsx(path: str | Path, issues: list[ReadIssue], stream: bool | None = None
              ) -> tuple[list[list[Row]], list[str | None]]:
    """Rows of every sheet (visible or not) in workbook order, and each sheet's name as messages print it; blank rows
    kept as one empty cell, like blank lines. A cell merged over several columns records its width (`Row.spans`), so
    a heading merged across a table can be told from a heading of one column. `issues` receives what was read only in
    part: a formula no spreadsheet calculated (read as typed). `stream`: read row by row (default: a workbook of STREAM_BYTES or more); the rows
    are the same either way (tests/test_xlsx_roundtrip.py)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    source = str(path)
    try:
        if stream is None:
            stream = Path(path).stat().st_size >= STREAM_BYTES
        wb = load_workbook(path, data_only=True, read_only=stream)
        # read-only mode knows no merged cells: they are read from the sheets' XML
        merged = _merged_widths(Path(path)) if stream else {}
        # formulas a program wrote and nothing calculated have no value to read (=2次 typed into a target cell)
        unvalued = {} if stream else _uncalculated(Path(path))
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
            if stream:
                rows = _sheet_rows(_streamed_cells(ws), ws.title, merged.get(ws.title, {}))
            else:
                widths = {(rng.min_row, rng.min_col): rng.max_col - rng.min_col + 1
                          for rng in ws.merged_cells.ranges if rng.max_col > rng.min_col}
                rows = _sheet_rows(_loaded_cells(ws, unvalued.get(ws.title), issues), ws.title, widths)
            if any(r.refs for r in rows):
                sheets.append(rows)
                # an instructions sheet (填表说明) holds no form; a sheet of another name that holds none is reported
                names.append(None if any(w in ws.title for w in vocab.INSTRUCTION_SHEET_WORDS) else f"工作表“{ws.title}”")
    finally:
        wb.close()
    if not sheets:
        raise ParseError(source, "Excel 文件中没有任何内容（所有工作表均为空）")
    return sheets, names


# A sheet's rows as (row number, first column number, the texts from that column on)
SheetCells = Iterator[tuple[int, int, list[str]]]


def _text_of(cell: Any) -> str:
    value = cell.value
    return _cell_text(value, cell.number_format if isinstance(value, (int, float)) else "")


def _loaded_cells(ws: Any, formulas: dict[tuple[int, int], str] | None = None,
                  issues: list[ReadIssue] | None = None) -> SheetCells:
    """The normal mode's rows: from A1 to the sheet's last used row and column, every cell made. A cell that holds a
    formula nothing calculated (`formulas`, _uncalculated) reads as the formula as typed (=2次), and is said."""
    for cells in ws.iter_rows():
        if cells:
            texts = [_text_of(c) for c in cells]
            if formulas:
                for j, c in enumerate(cells):
                    text = formulas.get((c.row, c.column))
                    if text is not None and not texts[j]:
                        texts[j] = f"={text}"
                        # =100, =95%: a constant typed with its comparator (the target =100%), no calculation to doubt
                        if issues is not None and not _CONSTANT.match(text):
                            issues.append(ReadIssue(
                                kind="uncertain", line=c.row, cell=f"{sheet_ref(ws.title)}!{c.coordinate}",
                                message=f"{sheet_ref(ws.title)}!{c.coordinate} 是没有计算结果的公式“={text}”（文件未经电子"
                                        "表格软件计算保存），按公式原文读取，请核对"))
            yield cells[0].row, cells[0].column, texts


def _streamed_cells(ws: Any) -> SheetCells:
    """The read-only mode's rows, as the normal mode gives them: from row 1 and column A to the last row that holds a
    cell. The size the sheet records is not trusted (an exporter may write A1): every row is read."""
    ws.reset_dimensions()
    held: list[list[str]] = []
    last = 0  # the last row holding a cell (an absent cell is openpyxl's EMPTY_CELL, which has no column)
    for number, cells in enumerate(ws.iter_rows(), 1):
        if any(hasattr(c, "column") for c in cells):
            last = number
        held.append([_text_of(c) for c in cells])
    for number, texts in enumerate(held[:last], 1):
        yield number, 1, texts


def _sheet_rows(cells: SheetCells, title: str, widths: dict[tuple[int, int], int]) -> list[Row]:
    from openpyxl.utils import get_column_letter

    rows: list[Row] = []
    at = f"{sheet_ref(title)}!"
    for number, first_col, texts in cells:
        while texts and not texts[-1].strip():
            texts.pop()
        if not texts:
            rows.append(Row(line=number, cells=[""]))
            continue
        line = str(number)  # a row's cells, each a column letter on the row's number (C5)
        refs = [at + get_column_letter(first_col + j) + line for j in range(len(texts))]
        row = Row(line=number, cells=texts, refs=refs)
        if widths:
            spans = [widths.get((number, first_col + j), 1) for j in range(len(texts))]
            if any(w > 1 for w in spans):
                row.spans = spans
        rows.append(row)
    return rows


_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _merged_widths(path: Path) -> dict[str, dict[tuple[int, int], int]]:
    """Of each sheet, by its name: the (row, column) of every range merged over several columns, and its width, read
    from the sheet's XML (the workbook's sheet list, its relationships, then each sheet's mergeCell elements, which
    stand after the cells), a megabyte at a time."""
    from openpyxl.utils import column_index_from_string

    out: dict[str, dict[tuple[int, int], int]] = {}
    with zipfile.ZipFile(path) as z:
        for name, member in _sheet_members(z):
            widths: dict[tuple[int, int], int] = {}
            tail = b""
            with z.open(member) as fh:
                while chunk := fh.read(1 << 20):
                    data = tail + chunk
                    for m in _MERGE_CELL.finditer(data):
                        left = column_index_from_string(m.group(1).decode())
                        right = column_index_from_string(m.group(3).decode())
                        if right > left:
                            widths[(int(m.group(2)), left)] = right - left + 1
                    tail = data[-200:]  # a match cut at the chunk's end is whole in the next (found twice: one key)
            out[name] = widths
    return out


def _sheet_members(z: zipfile.ZipFile) -> Iterator[tuple[str, str]]:
    """(name, zip member) of every sheet of a workbook, from its sheet list and relationships."""
    from xml.etree import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    target = {r.get("Id"): r.get("Target", "") for r in ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    for sheet in ElementTree.fromstring(z.read("xl/workbook.xml")).iter(f"{main}sheet"):
        where = target.get(sheet.get(rel_id), "")
        yield sheet.get("name", ""), where.lstrip("/") if where.startswith("/") else f"xl/{where}"


_CONSTANT = re.compile(r"\s*[+-]?\d+(?:\.\d+)?\s*[%％]?\s*$")
_UNVALUED_FORMULA = re.compile(rb'<(?:\w+:)?c\s+r="([A-Z]+)(\d+)"[^>]*>\s*<(?:\w+:)?f>([^<]*)</(?:\w+:)?f>'
                               rb'\s*(?:<(?:\w+:)?v>\s*</(?:\w+:)?v>|<(?:\w+:)?v/>)?\s*</(?:\w+:)?c>')


def _uncalculated(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """Of each sheet, by its name: the (row, column) and text of every formula cell that holds no calculated value (a
    workbook a program wrote and no spreadsheet saved), read from the sheet's XML; a workbook without them costs a
    search for `<f>`."""
    from html import unescape

    from openpyxl.utils import column_index_from_string

    out: dict[str, dict[tuple[int, int], str]] = {}
    with zipfile.ZipFile(path) as z:
        for name, member in _sheet_members(z):
            data = z.read(member)
            if b"<f>" not in data and b":f>" not in data:
                continue
            found = {(int(m.group(2)), column_index_from_string(m.group(1).decode())): unescape(m.group(3).decode())
                     for m in _UNVALUED_FORMULA.finditer(data)}
            if found:
                out[name] = found
    return out


def read_xlsx_rows(path: str | Path) -> list[list[Row]]:
    """Rows of every sheet (read_xlsx without the names and issues)."""
    return read_xlsx(path, [])[0]
