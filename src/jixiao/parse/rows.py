"""The common input of every layout parser: rows of cells with where they came from.

Text files give one row per line (cells split on tabs); xlsx gives one row per sheet row, docx one per table row and
pdf one per table row of a page, with the reference of each cell (`Sheet1!C5`, `表2!R3C4`, `第2页!R3C4`). Layout
readers never look at files.
"""

from __future__ import annotations


class Row:
    """One row of cells."""

    __slots__ = ("line", "cells", "refs", "spans")

    def __init__(self, line: int, cells: list[str], refs: list[str] | None = None,
                 spans: list[int] | None = None) -> None:
        self.line = line  # 1-based line (text) or row number (xlsx/docx/pdf)
        self.cells = cells
        self.refs = refs  # cell reference per cell, for xlsx/docx/pdf
        self.spans = spans  # columns each cell covers when the source merged some across (xlsx/docx), else None

    def __repr__(self) -> str:
        return f"Row(line={self.line!r}, cells={self.cells!r}, refs={self.refs!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Row):
            return NotImplemented
        return (self.line, self.cells, self.refs) == (other.line, other.cells, other.refs)

    @property
    def text(self) -> str:
        return "\t".join(self.cells)

    def ref(self, i: int) -> str | None:
        if self.refs and 0 <= i < len(self.refs):
            return self.refs[i]
        return None
