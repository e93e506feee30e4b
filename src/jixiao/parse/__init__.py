"""Read files into `Form` records.

    path ──read──▶ rows of cells (text: one per line; xlsx/docx: one per table row)
         ──sections──▶ target forms | self-evaluations | budget report | prose
         ──layout parsers──▶ Form / SelfEvaluation / BudgetReport

`parse_path` never raises for bad input: it returns the error (file, line, Chinese message) and goes on.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from pydantic import ValidationError

from jixiao.model import Form, FormList
from jixiao.parse.budget import TABLE_START as BUDGET_TABLE_START
from jixiao.parse.rows import Row, rows_from_text
from jixiao.parse.selfeval import PROJECT_START as SELF_EVAL_START


class ParseError(Exception):
    """Unreadable input. `str()` is the Chinese message with file and line."""

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source, self.message, self.line = source, message, line
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")


@dataclass(slots=True)
class ParseResult:
    forms: list[Form] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------
# Reading bytes into text
# ---------------------------------------------------------------------------------------------------------

def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK/GB2312); binary input is an error."""
    if not data.strip():
        raise ParseError(source, "文件为空")
    if b"\x00" in data[:4096]:
        raise ParseError(source, "不是文本文件（含二进制内容），请提供 UTF-8/GBK 文本、.xlsx 或 .docx 文件")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError as exc:
            last = exc
    line = data[: last.start].count(b"\n") + 1
    raise ParseError(source, "无法识别文件编码（既不是 UTF-8 也不是 GBK/GB18030）", line)


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(str(path), f"无法读取文件：{exc.strerror or exc}") from exc
    return decode(data, str(path))


# ---------------------------------------------------------------------------------------------------------
# Sections of a file
# ---------------------------------------------------------------------------------------------------------

TARGET_TITLE: Final = re.compile(r"^\s*(<p>)?\s*(二级)?(预算)?项目支出绩效目标申报表")
TARGET_START: Final = re.compile(r"^\s*(项目编[码号]\s*[:：]|项目名称\t+[^\t]+\t+项目属性)")
_SECTION_LEADS: Final = frozenset("项表<二预")  # the first character any of the patterns above can start with
_TARGET_START_WORDS: Final = ("项目编", "项目名称")  # TARGET_START's, after leading whitespace


@dataclass(slots=True)
class Section:
    kind: str  # target | self_evaluation | budget_report | prose
    rows: list[Row]


def split_sections(rows: list[Row]) -> list[Section]:
    """Cut a file's rows into runs of one kind. A target section holds one or more forms (target.py splits)."""
    sections: list[Section] = []

    def start(kind: str, row: Row) -> None:
        if sections and sections[-1].kind == kind and kind != "target":
            sections[-1].rows.append(row)
        else:
            sections.append(Section(kind, [row]))

    for row in rows:
        cells = row.cells
        first = cells[0] if cells else ""
        head = first.lstrip() or _first_text(cells)
        if head[:1] not in _SECTION_LEADS:  # most rows: no start pattern can match, skip the regexes
            if sections:
                sections[-1].rows.append(row)
            else:
                sections.append(Section("prose", [row]))
            continue
        # each pattern only when the row's head holds its first words (header rows 项目类型… match none)
        if ("申报表" in first and TARGET_TITLE.match(first)) or (
                head.startswith(_TARGET_START_WORDS) and TARGET_START.match(row.text)):
            if not (sections and sections[-1].kind == "target" and not _has_table(sections[-1])):
                start("target", row)
                continue
        elif head.startswith("项目") and SELF_EVAL_START.match(row.text):
            start("self_evaluation", row)
            continue
        elif (head.startswith("表") and BUDGET_TABLE_START.match(row.text)
              and not (sections and sections[-1].kind == "self_evaluation")):
            start("budget_report", row)
            continue
        if not sections:
            sections.append(Section("prose", [row]))
        else:
            sections[-1].rows.append(row)
    return sections


def _first_text(cells: list[str]) -> str:
    """The first cell that is not blank, without its leading whitespace ("" for a blank row)."""
    for cell in cells:
        text = cell.lstrip()
        if text:
            return text
    return ""


def _has_table(section: Section) -> bool:
    """The section holds an indicator table header (a row naming 一级指标 and 二级指标)."""
    for r in section.rows:
        for cell in r.cells:
            if "一级指标" in cell:
                if "二级指标" in r.text:
                    return True
                break
    return False


# ---------------------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------------------

def parse_rows(rows: list[Row], source: str) -> ParseResult:
    """Parse rows of cells (from text, xlsx or docx) into forms of every kind the file holds."""
    return _numbered(_forms_in(rows, source), source)


def _forms_in(rows: list[Row], source: str) -> list[Form]:
    """The forms of every kind in one run of rows (a text file, a sheet, a table), in the order of their lines."""
    from jixiao.parse.budget import parse_budget_report
    from jixiao.parse.selfeval import parse_self_evaluations
    from jixiao.parse.target import parse_target_section, share_budget_year

    forms: list[Form] = []
    sections = split_sections(rows)
    # The budget sections of a file make one report (002: 表1…表14); prose before 表1 is not part of it.
    index = 0
    budget_rows: list[Row] = []
    for sec in sections:
        if sec.kind == "target":
            targets = parse_target_section(sec.rows, source, index)
            index += len(targets)
            forms.extend(targets)
        elif sec.kind == "self_evaluation":
            evaluations = parse_self_evaluations(sec.rows, source, index)
            index += len(evaluations)
            forms.extend(evaluations)
        elif sec.kind == "budget_report":
            budget_rows.extend(sec.rows)
    if budget_rows:
        forms.extend(parse_budget_report(budget_rows, source, index))
    share_budget_year([f for f in forms if f.kind == "target"])
    forms.sort(key=lambda f: f.line)
    return forms


def _numbered(forms: list[Form], source: str) -> ParseResult:
    """The result for one file: its forms numbered in order, or the error that it holds none (once per file)."""
    result = ParseResult(forms=forms)
    if not forms:
        result.errors.append(ParseError(source, "未找到任何绩效目标申报表、绩效自评表或预算表（不是可识别的表单）"))
    for i, f in enumerate(forms):
        if f.index != i:  # every parser gives its forms an index: an equal one is not set again (pydantic __setattr__)
            f.index = i
    return result


def parse_text(text: str, source: str) -> ParseResult:
    return parse_rows(rows_from_text(text), source)


def parse_json(text: str, source: str) -> ParseResult:
    """Read back the JSON that `jixiao parse --format json` (or `draft`) wrote: a list of forms or one form."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return ParseResult(errors=[ParseError(source, f"JSON 格式错误：{exc.msg}", exc.lineno)])
    except RecursionError:  # nested deeper than the decoder's recursion limit (about 1,000 levels)
        return ParseResult(errors=[ParseError(source, "JSON 嵌套层数过多（超过约 1,000 层），不是 jixiao 表单 JSON")])
    if isinstance(data, dict) and "forms" in data and isinstance(data["forms"], list):
        data = data["forms"]
    if isinstance(data, dict):
        data = [data]
    try:
        forms = FormList.validate_python(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        return ParseResult(errors=[ParseError(source, f"不是 jixiao 表单 JSON：{loc} {err['msg']}")])
    return ParseResult(forms=list(forms))


def parse_path(path: str | Path) -> ParseResult:
    p = Path(path)
    source = str(path)
    try:
        suffix = p.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            from jixiao.parse.xlsx import read_xlsx_rows  # noqa: PLC0415

            return _parse_tables(read_xlsx_rows(p), source)
        if suffix == ".docx":
            from jixiao.parse.docx import read_docx_rows  # noqa: PLC0415

            return _parse_tables(read_docx_rows(p), source)
        text = read_text(p)
        if suffix == ".json" or text.lstrip().startswith(("[", "{")):
            return parse_json(text, source)
        return parse_text(text, source)
    except ParseError as exc:
        return ParseResult(errors=[exc])


def _parse_tables(tables: list[list[Row]], source: str) -> ParseResult:
    """xlsx sheets / docx tables: each is a run of rows parsed like a text file; the file is one result."""
    from jixiao.parse.target import share_budget_year

    forms = [f for rows in tables for f in _forms_in(rows, source)]
    share_budget_year([f for f in forms if f.kind == "target"])  # a year read in one table serves the others
    return _numbered(forms, source)


def iter_input_files(paths: list[str]) -> list[Path]:
    """Files named, and the readable files inside folders named (sorted, hidden files skipped)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.extend(sorted(x for x in p.rglob("*") if x.is_file() and not x.name.startswith(".")
                              and x.suffix.lower() in (".txt", ".tsv", ".json", ".xlsx", ".docx", ".csv")))
        else:
            out.append(p)
    return out
