"""Source grounding: align a value an LLM extracted (verbatim text) back to a line and character span of the input.

Offsets reported by a model are never trusted: the model returns text, spans are computed here, at the character
level (a run of Han characters is not one token). Order: exact substring of the original, exact substring of a
normalised copy (NFKC full/half width, whitespace removed), then fuzzy alignment with difflib's SequenceMatcher on
the normalised copy. Every normalised character keeps the index of the original character it came from, so spans
always point into the original text.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from typing import Literal

GroundStatus = Literal["exact", "fuzzy", "unaligned"]


@dataclass(frozen=True, slots=True)
class Grounding:
    """Where `value` was found: 1-based `line`, 0-based [start, end) character span inside that line's text.
    For xlsx/docx input, `line` is the sheet / table row, `cell` the cell reference and the span is inside the cell."""

    value: str
    status: GroundStatus
    line: int | None = None
    start: int | None = None
    end: int | None = None
    score: float = 0.0
    label: str = ""  # what the value is (header field name, indicator name) for reports
    cell: str | None = None
    note: str = ""  # why a value is unaligned when it is not simply missing from the text (Chinese)

    def as_dict(self) -> dict:
        return {"label": self.label, "value": self.value, "status": self.status, "line": self.line,
                "cell": self.cell, "start": self.start, "end": self.end, "score": round(self.score, 3),
                **({"note": self.note} if self.note else {})}


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """NFKC per character, all whitespace dropped (OCR `9. 10`, `1 000`), lower-cased; map[i] = original index."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).lower():
            if c.isspace():
                continue
            out.append(c)
            index.append(i)
    return "".join(out), index


class SourceText:
    """The input text, split into lines, with a normalised copy of each line (built once per document)."""

    def __init__(self, text: str, first_line: int = 1):
        self.lines = text.splitlines()
        self.first_line = first_line
        self.norm = [normalise_with_map(ln) for ln in self.lines]

    def ground(self, value: str, label: str = "", min_score: float = 0.75,
               near: int | None = None, whole_cell: bool = False,
               within: tuple[int, int] | None = None, avoid: set[tuple[int, int]] | None = None,
               after: int | None = None) -> Grounding:
        """The best line for `value`. `near` (a line number) breaks ties in favour of the closest line.
        `whole_cell`: first look for the value filling a whole cell on any line (a header value sits in its own
        cell; the same words inside the title line are not it), then anywhere. `within` (first, last line
        numbers): look only there — the chunk a model read, the row a value belongs to; a value found only
        elsewhere is unaligned. `avoid`: exact occurrences (line, start) already taken by another value (a row
        name printed on several rows, 不适用, is grounded to a row not yet used). `after` (a line number): the
        lines below it first, top down (the next row of a table), then the others by distance from `near`."""
        value = value.strip()
        if not value:
            return Grounding(value, "unaligned", label=label)

        def order(i: int) -> tuple[int, int]:
            n = i + self.first_line
            if after is not None and n > after:
                return (0, n)
            return (1, abs(n - near) if near is not None else i)

        candidates = range(len(self.lines))
        if within is not None:
            a, b = within
            candidates = range(max(0, a - self.first_line), min(len(self.lines), b - self.first_line + 1))
        lines = sorted(candidates, key=order)
        if len(value) > max((len(self.lines[i]) for i in lines), default=0) * 2 + 10:
            return Grounding(value, "unaligned", label=label)  # longer than any line it could be copied from

        def free(i: int, pos: int) -> bool:
            return avoid is None or (i + self.first_line, pos) not in avoid

        if whole_cell:
            for i in lines:
                for pos in occurrences(self.lines[i], value, whole_only=True):
                    if free(i, pos):
                        return Grounding(value, "exact", i + self.first_line, pos, pos + len(value), 1.0, label)
        for i in lines:
            for pos in occurrences(self.lines[i], value):
                if free(i, pos):
                    return Grounding(value, "exact", i + self.first_line, pos, pos + len(value), 1.0, label)
        nv, _ = normalise_with_map(value)
        if not nv:
            return Grounding(value, "unaligned", label=label)
        for i in lines:
            nl, idx = self.norm[i]
            pos = nl.find(nv)
            while pos >= 0:
                if free(i, idx[pos]):
                    return Grounding(value, "exact", i + self.first_line, idx[pos], idx[pos + len(nv) - 1] + 1, 1.0,
                                     label)
                pos = nl.find(nv, pos + 1)
        best: Grounding | None = None
        for i in lines:
            nl, idx = self.norm[i]
            if len(nl) > FUZZY_MAX_LINE:
                continue  # the sliding window would take minutes on a line this long: exact matches only
            g = _fuzzy(nv, nl, idx)
            if g and not free(i, g[1]):
                continue  # the best place on this line is another value's
            if g and (best is None or g[0] > best.score):
                best = Grounding(value, "fuzzy", i + self.first_line, g[1], g[2], g[0], label)
        if best is not None and best.score >= min_score:
            return best
        return Grounding(value, "unaligned", score=best.score if best else 0.0, label=label)


_CELL_EDGE = "\t:：;；,，。 "
FUZZY_MAX_LINE = 20_000  # characters of a (normalised) line searched approximately


def occurrences(line: str, value: str, whole_only: bool = False) -> list[int]:
    """Every start of `value` in `line`: those that fill a whole cell first (see _best_occurrence), then the others
    (none with `whole_only`)."""
    whole: list[int] = []
    other: list[int] = []
    pos = line.find(value)
    while pos >= 0:
        end = pos + len(value)
        if (pos == 0 or line[pos - 1] in _CELL_EDGE) and (end == len(line) or line[end] in _CELL_EDGE):
            whole.append(pos)
        else:
            other.append(pos)
        pos = line.find(value, pos + 1)
    return whole if whole_only else whole + other


def _best_occurrence(line: str, value: str, whole_only: bool = False) -> int:
    """Where `value` occurs in `line`: the first occurrence that fills a whole cell (tabs, line ends or label
    punctuation on both sides), else the first one (-1 with `whole_only`). 深圳市某局 is then the 主管部门 cell,
    not the start of the 申请单位 cell 深圳市某局（本级） on the same line."""
    first = pos = line.find(value)
    while pos >= 0:
        end = pos + len(value)
        if (pos == 0 or line[pos - 1] in _CELL_EDGE) and (end == len(line) or line[end] in _CELL_EDGE):
            return pos
        pos = line.find(value, pos + 1)
    return -1 if whole_only else first


def _fuzzy(needle: str, hay: str, idx: list[int]) -> tuple[float, int, int] | None:
    """Best approximate occurrence of `needle` in `hay` (a window about as long as the needle, slid over the line):
    (similarity ratio, original start, original end)."""
    n = len(needle)
    if not hay:
        return None
    best: tuple[float, int, int] | None = None
    best_key: tuple[float, int, int] | None = None
    sm = difflib.SequenceMatcher(None, autojunk=False)
    sm.set_seq2(needle)
    for w in dict.fromkeys(max(1, min(len(hay), w)) for w in (n, n - 1, n + 1)):
        for s in range(0, len(hay) - w + 1):
            window = hay[s:s + w]
            sm.set_seq1(window)
            # ratio() bounds the score below from above: skip windows that cannot win
            if best_key is not None and sm.quick_ratio() < best_key[0]:
                continue
            # matches over the longer of the two: a shorter window is not rewarded for leaving characters out;
            # ties go to windows that start/end like the needle, then to the needle's own length
            score = sum(b.size for b in sm.get_matching_blocks()) / max(n, w)
            key = (score, (window[0] == needle[0]) + (window[-1] == needle[-1]), -abs(w - n))
            if best_key is None or key > best_key:
                best_key, best = key, (score, idx[s], idx[s + w - 1] + 1)
    return best


def summary(groundings: list[Grounding]) -> dict[str, int]:
    out = {"exact": 0, "fuzzy": 0, "unaligned": 0}
    for g in groundings:
        out[g.status] += 1
    return out
