"""PDF files with a text layer, as rows of cells (pdfplumber).

Budget reports and forms are often published only as PDF. Each page gives its tables (pdfplumber's table finder:
ruled cells; a merged cell is read in its first position, the positions it covers are blank, as in xlsx) and the lines
of text outside them (titles, `项目名称：…` lines), in the order they stand on the page; a text line is cut into cells
where its words stand far apart. References: `第2页!R3C4` (page 2, table row 3, column 4) and `第2页!L7` (text line 7).
`Row.line` counts rows through the document. A PDF without a text layer (a scan) is refused with a message that it
needs OCR first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jixiao.model import ReadIssue
from jixiao.parse.errors import ParseError
from jixiao.parse.rows import Row

_LINE_TOLERANCE = 3.0  # points: words whose tops differ less stand on one line
_CELL_GAP = 1.6  # a gap wider than this many character heights between words starts a new cell


def read_pdf(path: str | Path, issues: list[ReadIssue]) -> tuple[list[list[Row]], list[str | None]]:
    """The rows of the whole document, as one run (a form may continue over a page break)."""
    import pdfplumber

    source = str(path)
    if not Path(path).exists():
        raise ParseError(source, "文件不存在")
    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # noqa: BLE001 — pdfminer raises many kinds on a broken or encrypted file
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name:
            raise ParseError(source, "PDF 文件有密码保护，无法读取；请提供未加密的文件") from exc
        raise ParseError(source, f"不是有效的 PDF 文件，可能已损坏（{name}：{exc}）") from exc
    rows: list[Row] = []
    chars = 0
    try:
        with pdf:
            for number, page in enumerate(pdf.pages, 1):
                try:
                    page_rows, page_chars = _page_rows(page, number, len(rows) + 1)
                except Exception as exc:  # noqa: BLE001 — one broken page must not lose the others
                    issues.append(ReadIssue(kind="skipped_table", line=len(rows) + 1, cell=f"第{number}页",
                                            message=f"PDF 第 {number} 页无法读取（{type(exc).__name__}），该页内容未审核"))
                    continue
                rows.extend(page_rows)
                chars += page_chars
    except Exception as exc:  # noqa: BLE001
        raise ParseError(source, f"PDF 文件无法读取，可能已损坏（{type(exc).__name__}：{exc}）") from exc
    if not chars:
        raise ParseError(source, "PDF 没有文字层（可能是扫描件或图片），无法读取；请先用文字识别（OCR）软件转成可复制文字的 PDF，"
                                 "或提供 .xlsx / .docx / 文本文件")
    return [rows], [None]


def _page_rows(page: Any, number: int, first_line: int) -> tuple[list[Row], int]:
    """A page's tables and text lines, top to bottom, numbered from `first_line`; and how many characters it holds."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    items: list[tuple[float, int, list[str], list[str]]] = []  # (top, order, cells, refs)
    for k, table in enumerate(tables):
        for r, (cells, top) in enumerate(_table_cells(table), 1):
            refs = [f"第{number}页!R{r}C{c}" for c in range(1, len(cells) + 1)]
            items.append((top, k * 10_000 + r, cells, refs))

    def outside(obj: dict[str, Any]) -> bool:
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    words = page.filter(outside).extract_words(keep_blank_chars=False, use_text_flow=False)
    for n, (top, cells) in enumerate(_text_lines(words), 1):
        items.append((top, 10_000_000 + n, cells, [f"第{number}页!L{n}"] * len(cells)))
    items.sort(key=lambda it: (it[0], it[1]))
    rows: list[Row] = []
    for cells, refs in ((it[2], it[3]) for it in items):
        while cells and not cells[-1].strip():
            cells = cells[:-1]
        rows.append(Row(line=first_line + len(rows), cells=cells or [""], refs=refs[: len(cells)] or None))
    return rows, len(page.chars)


def _table_cells(table: Any) -> list[tuple[list[str], float]]:
    """A table's rows as cell texts (line breaks inside a cell joined: a PDF wraps long cells) and each row's top."""
    out = []
    for row, texts in zip(table.rows, table.extract()):
        cells = ["" if t is None else _join_lines(t) for t in texts]
        top = min((c[1] for c in row.cells if c is not None), default=0.0)
        out.append((cells, top))
    return out


def _join_lines(text: str) -> str:
    """Lines of a wrapped cell joined: Chinese text wraps without a space; words of Latin text keep one."""
    parts = [p.strip() for p in text.replace("\t", " ").split("\n")]
    out = ""
    for p in parts:
        if not p:
            continue
        if out and out[-1].isascii() and p[0].isascii() and out[-1].isalnum() and p[0].isalnum():
            out += " "
        out += p
    return out


def _text_lines(words: list[dict[str, Any]]) -> list[tuple[float, list[str]]]:
    """Words outside the tables grouped into lines, each cut into cells where its words stand far apart."""
    lines: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) <= _LINE_TOLERANCE:
            lines[-1].append(w)
        else:
            lines.append([w])
    out = []
    for line in lines:
        line.sort(key=lambda w: w["x0"])
        cells = [line[0]["text"]]
        for prev, w in zip(line, line[1:]):
            height = max(prev["bottom"] - prev["top"], 1.0)
            if w["x0"] - prev["x1"] > _CELL_GAP * height:
                cells.append(w["text"])
            else:
                cells[-1] += ("" if not w["text"][:1].isascii() or not cells[-1][-1:].isascii() else " ") + w["text"]
        out.append((line[0]["top"], cells))
    return out
