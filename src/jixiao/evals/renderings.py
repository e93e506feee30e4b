"""A form kept as tab-separated text rendered as the office file or PDF a user would have: .xlsx, .docx or .pdf.

The reader suite (evals/reader) and the reader's tests read the same form from each format and compare the records.
Rendering keeps what the exports do: a title on a row of its own spans the table (merged cells in xlsx and docx, a
spanned cell in the PDF); numbers typed as numbers in xlsx where the text is a plain number (`120`, `95%` as 0.95 with a
percent format); blank cells stay blank. The PDF is drawn with reportlab's built-in CID font for Chinese (STSong-Light:
no font file needed), so pdfplumber reads its text back.
"""

from __future__ import annotations

import re
from pathlib import Path

_PLAIN = re.compile(r"^-?\d+(\.\d+)?$")
_PERCENT = re.compile(r"^-?\d+(\.\d+)?%$")


def rows_of(text: str) -> list[list[str]]:
    """The rows of a tab-separated text (trailing blank cells dropped, blank lines kept as empty rows)."""
    out = []
    for line in text.splitlines():
        cells = line.split("\t")
        while cells and not cells[-1].strip():
            cells.pop()
        out.append(cells)
    return out


def _width(rows: list[list[str]]) -> int:
    return max((len(r) for r in rows), default=1)


def write_xlsx(rows: list[list[str]], path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    wb = Workbook()
    ws = wb.active
    ws.title = "表单"
    width = _width(rows)
    for r, cells in enumerate(rows, 1):
        for c, text in enumerate(cells, 1):
            if not text:
                continue
            cell = ws.cell(row=r, column=c)
            if _PLAIN.match(text) and len(text) < 15 and not (len(text) > 1 and text.startswith("0") and "." not in text):
                cell.value = float(text) if "." in text else int(text)
            elif _PERCENT.match(text):
                cell.value = float(text[:-1]) / 100
                cell.number_format = "0%" if "." not in text else "0." + "0" * len(text.split(".")[1][:-1]) + "%"
            else:
                cell.value = text
                cell.data_type = "s"  # text, even when it starts with = (a target such as =100%), never a formula
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        if len([t for t in cells if t]) == 1 and cells and cells[0] and width > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)  # a title across the table
    wb.save(path)
    return path


def write_docx(rows: list[list[str]], path: Path) -> Path:
    """Title rows (one cell) as paragraphs before the table; every other row a row of one table, as Word forms are."""
    import docx

    d = docx.Document()
    width = _width(rows)
    table = None
    for cells in rows:
        filled = [t for t in cells if t]
        if len(filled) == 1 and cells and cells[0] and table is None:
            d.add_paragraph(cells[0])
            continue
        if not filled:
            continue
        if table is None:
            table = d.add_table(rows=0, cols=width)
            table.style = "Table Grid"
        row = table.add_row()
        for c, text in enumerate(cells):
            row.cells[c].text = text
    d.save(str(path))
    return path


def write_pdf(rows: list[list[str]], path: Path) -> Path:
    """One table over the page(s), titles spanning it; the PDF a budget system or a print-to-PDF gives."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=7, leading=9)
    width = _width(rows)
    data = []
    spans = []
    for r, cells in enumerate(c for c in rows if any(t for t in c)):
        padded = cells + [""] * (width - len(cells))
        data.append([Paragraph(_escape(t), style) if t else "" for t in padded])
        if len([t for t in cells if t]) == 1 and cells[0] and width > 1:
            spans.append(("SPAN", (0, r), (width - 1, r)))
    page = landscape(A4)
    col = (page[0] - 60) / width
    table = Table(data, colWidths=[col] * width, repeatRows=0)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               *spans]))
    SimpleDocTemplate(str(path), pagesize=page, leftMargin=30, rightMargin=30, topMargin=30,
                      bottomMargin=30).build([table])
    return path


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


WRITERS = {"xlsx": write_xlsx, "docx": write_docx, "pdf": write_pdf}


def render(text_path: Path, fmt: str, out_dir: Path) -> Path:
    """`text_path` (tab-separated) rendered as `fmt` into `out_dir`; the path written."""
    rows = rows_of(text_path.read_text(encoding="utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    return WRITERS[fmt](rows, out_dir / f"{text_path.stem}.{fmt}")
