"""Word documents (.docx) as rows of cells: the paragraphs and the tables' rows in document order, one run.

Forms in Word are tables; the text around them (a title, `项目名称：…` lines) is in paragraphs, and a form's header
and its indicator table are often two tables. Paragraphs become one-cell rows where they stand, so the layout
readers see a form's title, header and table in order, whatever tables they are in.

A merged cell shows its text in its top-left grid position only (horizontal spans and vertical merges read as
blank elsewhere), like the text exports. References: `表2!R3C4` (table 2, row 3, grid column 4) for table cells,
`正文!P7` (7th paragraph) for paragraphs. `Row.line` counts rows through the document (paragraphs and table
rows), so it grows with the position in the file.
"""

from __future__ import annotations

from pathlib import Path

from jixiao.model import ReadIssue
from jixiao.parse.errors import ParseError
from jixiao.parse.rows import Row


def _clean(text: str) -> str:
    return text.replace("\t", " ").replace("\r", "")


def _table_rows(table, number: int, first_line: int) -> list[Row]:  # noqa: ANN001 (docx.table.Table)
    from docx.table import _Cell

    rows: list[Row] = []
    for r, tr in enumerate(table._tbl.tr_lst, 1):
        width = tr.grid_before + sum(tc.grid_span for tc in tr.tc_lst)
        cells = [""] * width
        spans = [1] * width
        for tc in tr.tc_lst:
            col = tc.grid_offset
            spans[col] = tc.grid_span
            # a vertically merged continuation cell (vMerge without "restart") shows nothing, like Excel
            if tc.vMerge is not None and tc.vMerge != "restart":
                continue
            cells[col] = _clean(_Cell(tc, table).text)
        refs = [f"表{number}!R{r}C{c}" for c in range(1, width + 1)]
        while cells and not cells[-1].strip():
            cells.pop()
        line = first_line + len(rows)
        wide = any(s > 1 for s in spans[: len(cells)])
        rows.append(Row(line=line, cells=cells or [""], refs=refs[: len(cells)] or None,
                        spans=spans[: len(cells)] if wide else None))
    return rows


def read_docx(path: str | Path, issues: list[ReadIssue]) -> tuple[list[list[Row]], list[str | None]]:
    """The document's paragraphs (one-cell rows) and table rows, in document order, as one run."""
    import docx
    from docx.table import Table

    source = str(path)
    if not Path(path).exists():
        raise ParseError(source, "文件不存在")
    try:
        document = docx.Document(str(path))
        blocks = list(document.iter_inner_content())
    except Exception as exc:  # noqa: BLE001 — python-docx and lxml raise many kinds (XMLSyntaxError, KeyError…)
        raise ParseError(source, f"不是有效的 Word (.docx) 文件，可能已损坏（{type(exc).__name__}：{exc}）") from exc

    rows: list[Row] = []
    line = 1
    paragraph_no = table_no = 0
    for block in blocks:
        if isinstance(block, Table):
            table_no += 1
            table_rows = _table_rows(block, table_no, line)
            line += len(table_rows)
            rows.extend(table_rows)
        else:
            paragraph_no += 1
            text = _clean(block.text)
            rows.append(Row(line=line, cells=[text], refs=[f"正文!P{paragraph_no}"] if text.strip() else None))
            line += 1
    if not any(c.strip() for r in rows for c in r.cells):
        raise ParseError(source, "Word 文件中没有任何内容")
    # one run: a form often spans a header table and an indicator table, with paragraphs between
    return [rows], [None]


def read_docx_rows(path: str | Path) -> list[list[Row]]:
    """Rows of every table (read_docx without the names and issues)."""
    return read_docx(path, [])[0]
