"""Text files (.txt, .tsv, .csv exported as text): one row per line, cells split on tabs.

Encodings, in the order they are tried: a byte-order mark says UTF-8 or UTF-16 (Excel's "Unicode text" export);
else UTF-8; else GB18030 (a superset of GBK/GB2312). A file cut inside a multi-byte character at its end is read up
to the cut and the cut is reported; binary content is refused.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from jixiao.model import ReadIssue
from jixiao.parse.errors import ParseError
from jixiao.parse.rows import Row

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, source: str, issues: list[ReadIssue] | None = None, first_line: int = 1) -> str:
    """The text of a file's bytes (or of a piece of the file from line `first_line` on). Raises ParseError (Chinese,
    with the line) when it is no text; `issues` receives what was read only in part (a cut last character)."""
    if not data.strip():
        raise ParseError(source, "文件为空")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise ParseError(source, f"文件以 {enc.upper()} 标记开头，但内容无法按该编码读取（第 {exc.start} 字节）") from exc
    if b"\x00" in data[:4096]:
        if _looks_utf16_le(data):
            return data.decode("utf-16-le", errors="replace")
        raise ParseError(source, "不是文本文件（含二进制内容），请提供 UTF-8/GBK 文本、.xlsx、.docx 或 .pdf 文件")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            # the file was cut inside its last character (a copy or a download broken off): read what is whole
            text = data[: exc.start].decode("utf-8")
            line = text.count("\n") + first_line
            if issues is not None:
                issues.append(ReadIssue(kind="unreadable_value", line=line,
                                        message=f"文件在第 {line} 行末尾被截断（最后一个字符不完整），该行之后的内容可能缺失"))
            return text
        utf8_error = exc
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    line = data[: utf8_error.start].count(b"\n") + first_line
    raise ParseError(source, "无法识别文件编码（既不是 UTF-8 也不是 GBK/GB18030），该行有无法解码的字节", line)


def _looks_utf16_le(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: Chinese text in UTF-16-LE has a zero in most odd bytes of ASCII runs."""
    head = data[:4096]
    if len(head) % 2:
        head = head[:-1]
    zeros_odd = head[1::2].count(0)
    return zeros_odd > len(head) // 8 and head[0::2].count(0) < len(head) // 16


# A JSON document as the reader takes one (forms parse wrote: {"forms": …}, a list of form records [{…}]); a text
# export whose title starts with a bracketed tag ([预算绩效]…绩效目标表) is not one
_JSON_START = re.compile(r'\s*(\{\s*["}]|\[\s*[{\]]|\[\s*$)')


def looks_like_json(text: str) -> bool:
    """The text starts as a JSON object or a list of them does (a file of another suffix is read as JSON then)."""
    return _JSON_START.match(text[:200]) is not None


def read_text(path: Path, issues: list[ReadIssue] | None = None) -> str:
    try:
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise ParseError(str(path), "是文件夹，不是文件") from exc
    except OSError as exc:
        raise ParseError(str(path), f"无法读取文件：{exc.strerror or exc}") from exc
    return decode(data, str(path), issues)


def rows_from_text(text: str, first_line: int = 1) -> list[Row]:
    lines = text.split("\n")
    if "\r" in text:
        return [Row(first_line + i, ln.rstrip("\r").split("\t")) for i, ln in enumerate(lines)]
    return [Row(first_line + i, ln.split("\t")) for i, ln in enumerate(lines)]
