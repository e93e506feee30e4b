"""Forms to Word: per form a title paragraph and one table in the standard layout (landscape A4).

The table holds the header fields (label cell, value cell) and the indicator table with merged level cells,
so `jixiao.parse.sources.docx.read_docx_rows` reads it back into the same Form. Control characters XML cannot hold are
written as their pictures (tabular.xml_text), as in the xlsx writer.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt

from jixiao.io import write_atomic
from jixiao.model import Form
from jixiao.render.tabular import header_rows, table_form, xml_text

COLUMN_CM = (2.2, 2.8, 5.0, 3.0, 1.8, 9.0, 2.6, 1.2, 1.2, 4.0)


def forms_document(forms: list[Form]) -> docx.document.Document:
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for m in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, m, Cm(1.5))
    style = document.styles["Normal"]
    style.font.size = Pt(9)
    for n, form in enumerate(forms, 1):
        t = table_form(form, [], n)
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = title.add_run(xml_text(t.title))
        run.bold, run.font.size = True, Pt(14)
        ncols = len(t.columns)
        head = header_rows(t.header)
        table = document.add_table(rows=len(head) + 1 + len(t.rows), cols=ncols)
        table.style = "Table Grid"
        # every cell looked up once: Table.cell() re-scans the whole table on each call (quadratic)
        grid = [list(row.cells) for row in table.rows]
        half = ncols // 2
        for r, pair in enumerate(head):
            spans = [(0, ncols - 1)] if len(pair) == 1 else [(0, half - 1), (half, ncols - 1)]
            for item, (c0, c1) in zip(pair, spans):
                grid[r][c0].text = xml_text(f"{item.label}:")
                grid[r][c0].paragraphs[0].runs[0].bold = True
                value = grid[r][c0 + 1]
                if c1 > c0 + 1:
                    value = value.merge(grid[r][c1])
                value.text = xml_text(item.value)
        r0 = len(head)
        for c, col in enumerate(t.columns):
            grid[r0][c].text = col
            grid[r0][c].paragraphs[0].runs[0].bold = True
        for i, values in enumerate(t.rows):
            for c, value in enumerate(values):
                if (c == 0 and t.level1_spans[i] == 0) or (c == 1 and t.level2_spans[i] == 0):
                    continue
                grid[r0 + 1 + i][c].text = xml_text(value)
        for c, spans in ((0, t.level1_spans), (1, t.level2_spans)):
            for i, span in enumerate(spans):
                if span > 1:
                    grid[r0 + 1 + i][c].merge(grid[r0 + i + span][c])
        for row in grid:
            for c, width in enumerate(COLUMN_CM[:ncols]):
                row[c].width = Cm(width)
        if n < len(forms):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    return document


def write_forms_docx(forms: list[Form], path: str | Path, inputs: list[Path] | None = None) -> Path:
    """Write the forms to a .docx at `path` atomically; returns the path."""
    buf = io.BytesIO()
    forms_document(forms).save(buf)
    write_atomic(path, buf.getvalue(), inputs=inputs)
    return Path(path)
