"""Word documents (.docx) as rows of cells, one list of rows per table.

Forms in Word are tables; the text around them (a title, `项目名称：…` lines) is in paragraphs. Paragraphs
become one-cell rows placed with the table that follows them (those after the last table go with the last
table), so the layout parsers see the title and header lines before the table they belong to.

A merged cell shows its text in its top-left grid position only (horizontal spans and vertical merges read as
blank elsewhere), like the text exports. References: `表2!R3C4` (table 2, row 3, grid column 4) for table cells,
`正文!P7` (7th paragraph) for paragraphs. `Row.line` counts rows through the document (paragraphs and table
rows), so it grows with the position in the file.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from jixiao.parse import ParseError
from jixiao.parse.rows import Row


def _clean(text: str) -> str:
    return text.replace("\t", " ").replace("\r", "")


def _table_rows(table, number: int, first_line: int) -> list[Row]:  # noqa: ANN001 (docx.table.Table)
    from docx.table import _Cell

    rows: list[Row] = []
    for r, tr in enumerate(table._tbl.tr_lst, 1):
        width = tr.grid_before + sum(tc.grid_span for tc in tr.tc_lst)
        cells = [""] * width
        for tc in tr.tc_lst:
            col = tc.grid_offset
            # a vertically merged continuation cell (vMerge without "restart") shows nothing, like Excel
            if tc.vMerge is not None and tc.vMerge != "restart":
                continue
            cells[col] = _clean(_Cell(tc, table).text)
        refs = [f"表{number}!R{r}C{c}" for c in range(1, width + 1)]
        while cells and not cells[-1].strip():
            cells.pop()
        line = first_line + len(rows)
        rows.append(Row(line=line, cells=cells or [""], refs=refs[: len(cells)] or None))
    return rows


def read_docx_rows(path: str | Path) -> list[list[Row]]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    source = str(path)
    if not Path(path).exists():
        raise ParseError(source, "文件不存在")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        hint = "（旧版 .doc 请先在 Word 中另存为 .docx）" if Path(path).suffix.lower() == ".doc" else ""
        raise ParseError(source, f"不是有效的 Word (.docx) 文件，可能已损坏{hint}：{exc}") from exc

    tables: list[list[Row]] = []
    pending: list[Row] = []  # paragraphs waiting for the table they precede
    line = 1
    paragraph_no = table_no = 0
    try:
        blocks = list(document.iter_inner_content())
    except (KeyError, ValueError) as exc:
        raise ParseError(source, f"Word 文件内容无法读取，可能已损坏：{exc}") from exc
    for block in blocks:
        if isinstance(block, Table):
            table_no += 1
            rows = _table_rows(block, table_no, line)
            line += len(rows)
            tables.append(pending + rows)
            pending = []
        else:
            paragraph_no += 1
            text = _clean(block.text)
            pending.append(Row(line=line, cells=[text], refs=[f"正文!P{paragraph_no}"] if text.strip() else None))
            line += 1
    if pending:
        if tables:
            tables[-1].extend(pending)
        else:
            tables.append(pending)
    if not any(c.strip() for rows in tables for r in rows for c in r.cells):
        raise ParseError(source, "Word 文件中没有任何内容")
    return tables
