"""A big text file read in pieces: a batch then holds one piece's forms at a time, and several processes read one file.

A piece ends where a form's title line starts (…绩效目标申报表, …自评表, …整体支出绩效目标表). The reader starts a section at
every such title (parse.forms.split_sections), so the rows of a piece fall into the sections the whole file's rows
fall into there, and the piece parses to exactly the forms the whole file gives there (`parse.parse_piece`). What the
whole file decides beyond its sections is the caller's: the forms' numbers across pieces and the budget year that
siblings share (jixiao.batch). No cut is made where it could change what is read:
- a title right after another title or a 项目N: line may be the second line of one form's title;
- from the first budget table (表N) on: a department budget report's tables make one form across the file.
A file is read whole (`in_pieces` is False) when it is small, not plain text (xlsx, docx, pdf, JSON) or not UTF-8 as
far as its head shows (a byte-order mark of UTF-16, NUL bytes); a piece that does not decode as UTF-8 (a GBK file, a
file cut inside a character) sends the caller back to reading the whole file, or is read with the whole-file
reader's encodings (`read_piece`'s `issues`).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from jixiao.model import ReadIssue
from jixiao.parse.forms import BUDGET_TABLE_START, PROJECT_START, title_kind
from jixiao.parse.sources.text import decode, looks_like_json

PIECE_BYTES = 1 << 20  # about 270 target forms of the seeds' kind
_GIVE_UP = 8 * PIECE_BYTES  # no title this far past the aim: the rest of the file is one piece
_TAIL = 2  # the file's last this many piece sizes are cut in quarter pieces
_TEXT_SUFFIXES = ("", ".txt", ".tsv", ".csv")
_TITLE_WORDS = re.compile("表|目标".encode())  # every title names 表 or 目标 (forms.title_kind)
_TABLE_WORD = re.compile("表".encode())  # every budget table start (BUDGET_TABLE_START) holds 表
# The last byte of each whitespace character in UTF-8 (str.isspace: what `\s` matches; none lies above U+3000, a test
# checks): a 表 after any other byte does not open its line
_SPACE_ENDS = frozenset(c.encode()[-1] for c in map(chr, range(0x3001)) if c.isspace())


class Piece(NamedTuple):
    start: int  # byte offset of its first line
    end: int  # byte offset after its last line (its newline included), or the file's size
    first_line: int  # the line number of its first line in the file


def in_pieces(path: Path, size: int = PIECE_BYTES) -> bool:
    """The file is plain UTF-8 text big enough to be worth cutting (see the module's docstring)."""
    if path.suffix.lower() not in _TEXT_SUFFIXES:
        return False
    try:
        with path.open("rb") as fh:
            if fh.seek(0, 2) < 2 * size:
                return False
            fh.seek(0)
            head = fh.read(4096)
    except OSError:
        return False  # the whole-file reader says what is wrong
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
        return False
    text = head.decode("utf-8", errors="ignore").lstrip()
    return bool(text) and not looks_like_json(text)  # JSON is read whole


def cut(path: Path, size: int = PIECE_BYTES) -> Iterator[Piece]:
    """The pieces of a file `in_pieces` accepts, in order, each about `size` bytes or more; together the whole file.
    In the last `_TAIL` sizes of the file the pieces are a quarter of that: processes sharing a file's pieces then
    finish near one another, instead of one reading a whole last piece while the others wait."""
    with path.open("rb") as fh:
        total = fh.seek(0, 2)
        fh.seek(0)
        buf = b""
        start, line = 0, 1
        while True:
            if start + len(buf) < total and len(buf) < 2 * size:
                buf += fh.read(2 * size - len(buf))
                continue
            aim = size if total - start > _TAIL * size else max(1, size // 4)
            at = _cut_at(buf, aim, start + len(buf) >= total)
            if at is None and start + len(buf) < total and len(buf) < size + _GIVE_UP:
                buf += fh.read(size)  # no title far enough in yet: read on
                continue
            if at is None or at == _NEVER:
                yield Piece(start, total, line)  # the rest is one piece
                return
            yield Piece(start, start + at, line)
            line += buf.count(b"\n", 0, at)
            start += at
            buf = buf[at:]


def read_piece(path: Path, piece: Piece, issues: list[ReadIssue] | None = None) -> str:
    """The text of a piece, without the newline that ends it when another piece follows (that line is the next
    piece's first). Raises UnicodeDecodeError when it is not UTF-8; with `issues`, tries the encodings the whole-file
    reader tries instead (parse.sources.text.decode: ParseError, at the file's line, when none fits), and gives
    `issues` what was read only in part."""
    with path.open("rb") as fh:
        fh.seek(piece.start)
        data = fh.read(piece.end - piece.start)
        last = not fh.read(1)
    if not last and data.endswith(b"\n"):
        data = data[:-1]
    if issues is None:
        return data.decode("utf-8-sig" if piece.start == 0 else "utf-8")
    return decode(data, str(path), issues, piece.first_line)


_NEVER = -1  # _cut_at: a budget table was met, no cut from here on


def _cut_at(buf: bytes, aim: int, whole: bool) -> int | None:
    """Where in `buf` (a piece's bytes so far, from its first line) the next piece can start: the first title line at
    or after `aim` that starts a section of its own, with no budget table before it. None: none in `buf` (`whole`:
    `buf` runs to the end of the file); _NEVER: a budget table comes first, and no cut is made from here on."""
    for m in _TITLE_WORDS.finditer(buf, aim):
        begin = buf.rfind(b"\n", 0, m.start()) + 1
        if begin < aim:
            continue
        end = buf.find(b"\n", m.end())
        if end < 0:
            if not whole:
                return None  # the line goes on in the next block
            end = len(buf)
        if title_kind(_cells(buf[begin:end])) is None or not _starts_alone(buf, begin):
            continue
        return _NEVER if _budget_table_in(buf, begin) else begin
    return None


def _cells(line: bytes) -> list[str]:
    return line.decode("utf-8", errors="replace").rstrip("\r").split("\t")


def _starts_alone(buf: bytes, begin: int) -> bool:
    """The two lines of text before the title at `begin` are no title or 项目N: line (either may make the title the
    second line of one form's title: split_sections then keeps them in one section)."""
    seen = 0
    end = begin - 1
    while seen < 2:
        if end < 0:
            return False  # the piece's start is too near: not sure
        first = buf.rfind(b"\n", 0, end) + 1
        cells = _cells(buf[first:end])
        if "".join(cells).strip():
            if title_kind(cells) is not None or PROJECT_START.match("\t".join(cells)):
                return False
            seen += 1
        end = first - 1
    return True


def _budget_table_in(buf: bytes, end: int) -> bool:
    """A budget table starts (表N alone on its line) before `end`. Only a 表 that opens its line (whitespace before
    it, or nothing) can start one: every other 表 (the titles' 申报表, the texts') is passed over without decoding its
    line."""
    for m in _TABLE_WORD.finditer(buf, 0, end):
        at = m.start()
        if at and buf[at - 1] not in _SPACE_ENDS:
            continue
        begin = buf.rfind(b"\n", 0, at) + 1
        if begin < at and not buf[begin:at].decode("utf-8", errors="replace").isspace():
            continue
        stop = buf.find(b"\n", m.end())
        if BUDGET_TABLE_START.match("\t".join(_cells(buf[begin:stop if stop >= 0 else len(buf)]))):
            return True
    return False
