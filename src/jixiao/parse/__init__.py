"""Read files into `Form` records.

    path ──sources──▶ rows of cells (text: a row per line; xlsx: per sheet row; docx: per table row; pdf: per table row)
         ──forms──▶ sections: target forms | self-evaluations | whole-department forms | budget report | prose
         ──layout readers (target, selfeval, budget)──▶ Form / SelfEvaluation / DepartmentForm / BudgetReport

The layout readers find each table by its header row and map its columns to roles through the vocabulary
(`vocab.TABLE_COLUMNS`), so columns may stand in any order and under other names. What they cannot read, or read only
by a guess, is kept on the form (`Form.read_issues`): a form read in part never looks clean.

`parse_path` never raises for bad input: it returns the error (file, line, Chinese message) and goes on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from jixiao.model import Form, FormList, HeaderField, ReadIssue, record
from jixiao.parse.errors import ParseError
from jixiao.parse.forms import split_sections, spread_caption_headers, title_kind
from jixiao.parse.rows import Row
from jixiao.parse.sources.text import decode, looks_like_json, read_text, rows_from_text

__all__ = ["ParseError", "ParseResult", "decode", "input_files", "iter_input_files", "parse_json", "parse_path",
           "parse_piece", "parse_rows", "parse_text", "read_text", "split_sections"]

# The file types the reader opens, by suffix (anything else in a folder is skipped; named on the command line, it is
# read as text and refused if it is none)
INPUT_SUFFIXES = (".txt", ".tsv", ".csv", ".json", ".xlsx", ".xlsm", ".docx", ".pdf")


@dataclass(slots=True)
class ParseResult:
    forms: list[Form] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------------------

def parse_rows(rows: list[Row], source: str, issues: list[ReadIssue] | None = None) -> ParseResult:
    """Parse rows of cells (from text, xlsx, docx or pdf) into forms of every kind the file holds."""
    return _parse_tables([rows], source, issues or [], [None])


def _forms_in(rows: list[Row], source: str) -> list[Form]:
    """The forms of every kind in one run of rows (a text file, a sheet, a table), in the order of their lines. The
    reader of a kind is imported when a section of that kind is met: a batch of target forms never imports the
    self-evaluation and budget-report readers (docs/speed.md)."""
    from jixiao.parse.target import money_unit_note, parse_target_section

    forms: list[Form] = []
    # The budget sections of a file make one report (002: 表1…表14); prose before 表1 is not part of it.
    index = 0
    budget_rows: list[Row] = []
    # a money unit printed above a file's first project (金额单位：万元) holds for the untitled forms after it, up to
    # the next title (a piece of a big file starts at a title: it reads as the whole file does)
    above: list[list[Row]] = []  # the target sections since the last title (their unit is read when needed)
    for sec in split_sections(spread_caption_headers(rows)):
        found: list[Form]
        if sec.titled:
            above = []
        if sec.kind in ("target", "department"):
            unit = None if sec.titled else next((u for r in reversed(above) if (u := money_unit_note(r))), None)
            found = parse_target_section(sec.rows, source, index, department=sec.kind == "department", unit=unit)
            above.append(sec.rows)
        elif sec.kind == "self_evaluation":
            from jixiao.parse.selfeval import parse_self_evaluations

            found = list(parse_self_evaluations(sec.rows, source, index))
        else:
            if sec.kind == "budget_report":
                budget_rows.extend(sec.rows)
            continue
        index += len(found)
        forms.extend(found)
    if budget_rows:
        from jixiao.parse.budget import parse_budget_report

        forms.extend(parse_budget_report(budget_rows, source, index))
    forms.sort(key=lambda f: f.line)
    return forms


def _parse_tables(tables: list[list[Row]], source: str, issues: list[ReadIssue], names: list[str | None]
                  ) -> ParseResult:
    """The forms of a file's runs of rows (a text file: one; xlsx: a sheet each; docx: a table each), numbered in
    order. A run that holds text but no form is reported on the file's first form (or, with no form at all, the file
    is an error); the source's own issues go to the form whose rows they are in."""
    from jixiao.parse.calculation import calculation_text
    from jixiao.parse.target import share_budget_year

    forms: list[Form] = []
    skipped: list[ReadIssue] = []
    calculations: list[tuple[str, str, Row]] = []  # (sheet, text, header row) of calculation tables
    lists: list[tuple[int, str | None, list[Row]]] = []  # sheets skipped: (their issue in `skipped`, name, rows)
    before: list[Row] | None = None  # the rows of the sheet that gave the last form
    for rows, name in zip(tables, names):
        found = _forms_in(rows, source)
        if name is not None and before is not None and forms and not forms[-1].indicators and (
                not found or (len(found) == 1 and not found[0].project_name and not found[0].fields)):
            # a workbook that prints one form over two sheets (基本情况, then 绩效指标, with or without a title of its
            # own: …申报表（二）绩效指标): the form read from both, the second sheet's title left out
            titled = next((k for k, r in enumerate(rows) if any(c.strip() for c in r.cells)), None)
            rest = rows[titled + 1:] if titled is not None and title_kind(rows[titled].cells) else rows
            joined = _forms_in(before + rest, source)
            if len(joined) == 1 and joined[0].indicators:
                forms[-1], before = joined[0], before + rest
                continue
        if found:
            before = rows
        if not found and name is not None and any(c.strip() for r in rows for c in r.cells):
            calculation = calculation_text(rows)
            if calculation is not None:
                calculations.append((name, *calculation))
                continue
            first = next(r for r in rows if any(c.strip() for c in r.cells))
            skipped.append(ReadIssue(kind="skipped_table", line=first.line, cell=first.ref(0),
                                     message=f"{name}中有内容，但没有识别出表单（没有表名、项目名称或指标表表头），未读取"))
            lists.append((len(skipped) - 1, name, rows))
        forms.extend(found)
    for at, name, rows in lists if forms else ():
        # beside a form, a sheet of a plain table (a heading row over rows of data: 点位分布, 水质监测结果) that names
        # no column of an indicator table is the form's list (附表): a note, not a part of the form left unread
        if _plain_list(rows):
            skipped[at] = ReadIssue(kind="attachment", line=skipped[at].line, cell=skipped[at].cell,
                                    message=f"{name}是附表（明细表，不是表单的一部分），未读取，其中的数字未与表单核对")
    for name, text, header in calculations:
        # a workbook of one form and its 测算明细 sheet: the sheet is the form's 测算依据, or, when the form writes one
        # of its own, its 测算明细 (each is checked as a calculation)
        if len(forms) == 1 and "测算明细" not in forms[0].fields:
            field = "测算明细" if "测算依据" in forms[0].fields else "测算依据"
            if forms[0].kind == "self_evaluation":
                # a self-evaluation's sheet of items and amounts lists what was spent (经费支出明细), not the budget's
                # calculation: kept beside the form, not checked as a 测算依据
                field = "支出明细"
            forms[0].fields[field] = record(HeaderField, {"label": f"{field}（{name}）", "value": text,
                                                        "line": header.line, "cell": header.ref(0)})
        else:
            skipped.append(ReadIssue(kind="skipped_table", line=header.line, cell=header.ref(0),
                                     message=f"{name}是测算表，但文件中不止一张表单，不知属于哪一张，未读取"))
    share_budget_year([f for f in forms if f.kind == "target"])  # a year read in one table serves the others
    result = ParseResult(forms=forms)
    if not forms:
        result.errors.append(ParseError(source, "未找到任何绩效目标申报表、绩效自评表或预算表（没有表名、项目名称或指标表表头）"))
        return result
    for i, f in enumerate(forms):
        if f.index != i:  # every parser gives its forms an index: an equal one is not set again (pydantic __setattr__)
            f.index = i
    if skipped or issues:
        _attach(forms, [*issues, *skipped])
    return result


def _plain_list(rows: list[Row]) -> bool:
    """A heading row of two or more cells (under a title of one cell, or none) over rows of data, none of its headings
    a column of an indicator table (指标名称, 指标值, 一级指标, 分值…) nor a form's label."""
    from jixiao import vocab
    from jixiao.parse.target import header_label
    from jixiao.values import clean_cell

    filled = [r for r in rows if any(c.strip() for c in r.cells)]
    if len(filled) > 2 and sum(1 for c in filled[0].cells if c.strip()) == 1:
        filled = filled[1:]  # the list's own title over its headings (…分乡镇实施台账)
    headings = [clean_cell(c) for c in filled[0].cells if c.strip()] if filled else []
    if len(filled) < 2 or len(headings) < 2:
        return False
    # (备注 heads a list's column of notes as it labels a form's: no sign of a form)
    return not any(vocab.column_role(h) in _FORM_COLUMN_ROLES or "指标" in h or header_label(h)[0] not in (None, "备注")
                   for h in headings)


_FORM_COLUMN_ROLES = ("name", "target", "level1", "level2", "actual", "weight", "score")


def _attach(forms: list[Form], issues: list[ReadIssue]) -> None:
    """Each issue to the form whose rows hold its line (the last form starting at or before it), else the first."""
    for issue in issues:
        owner = forms[0]
        if issue.line is not None:
            for f in forms:
                if f.line <= issue.line:
                    owner = f
        owner.read_issues.append(issue)


def parse_text(text: str, source: str, issues: list[ReadIssue] | None = None) -> ParseResult:
    return parse_rows(rows_from_text(text), source, issues)


def parse_piece(text: str, source: str, first_line: int, issues: list[ReadIssue] | None = None) -> list[Form]:
    """The forms of a piece of a big text file (parse.pieces: it starts at a form's title line), numbered from 0, with
    `issues` (what reading its bytes met) given to the forms whose rows hold them. What reading the whole file decides
    beyond its pieces is the caller's (jixiao.batch): the numbers across pieces, a budget year shared by the file's
    forms (target.common_budget_year, give_budget_year), and a file of no form."""
    forms = _forms_in(rows_from_text(text, first_line), source)
    for i, f in enumerate(forms):
        if f.index != i:
            f.index = i
    if issues and forms:
        _attach(forms, issues)
    return forms


def parse_json(text: str, source: str) -> ParseResult:
    """Read back the JSON that `jixiao parse --format json`, `audit --format json` or `draft` wrote: a list of forms,
    one form, or an object with `forms`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return ParseResult(errors=[ParseError(source, f"JSON 格式错误：{exc.msg}", exc.lineno)])
    except RecursionError:  # nested deeper than the decoder's recursion limit (about 1,000 levels)
        return ParseResult(errors=[ParseError(source, "JSON 嵌套层数过多（超过约 1,000 层），不是 jixiao 表单 JSON")])
    if isinstance(data, dict) and "forms" in data and isinstance(data["forms"], list):
        data = data["forms"]
    elif isinstance(data, dict) and isinstance(data.get("form"), dict):
        data = data["form"]  # a draft: {"form": …, "findings": …}
    if isinstance(data, dict):
        data = [data]
    try:
        forms = FormList.validate_python(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        return ParseResult(errors=[ParseError(source, f"不是 jixiao 表单 JSON：{loc} {err['msg']}")])
    except RecursionError:
        return ParseResult(errors=[ParseError(source, "JSON 嵌套层数过深，不是 jixiao 表单 JSON")])
    if not forms:  # `[]` or `{"forms": []}`: as a text file with no form, an error, never a clean audit of nothing
        return ParseResult(errors=[ParseError(source, "JSON 中没有任何表单（表单列表为空）")])
    return ParseResult(forms=list(forms))


def parse_path(path: str | Path) -> ParseResult:
    p = Path(path)
    source = str(path)
    issues: list[ReadIssue] = []
    try:
        suffix = p.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            from jixiao.parse.sources.xlsx import read_xlsx

            tables, names = read_xlsx(p, issues)
            return _parse_tables(tables, source, issues, names)
        if suffix == ".docx":
            from jixiao.parse.sources.docx import read_docx

            tables, names = read_docx(p, issues)
            return _parse_tables(tables, source, issues, names)
        if suffix == ".pdf":
            from jixiao.parse.sources.pdf import read_pdf

            tables, names = read_pdf(p, issues)
            return _parse_tables(tables, source, issues, names)
        if suffix in (".xls", ".doc", ".wps", ".et"):
            raise ParseError(source, f"旧版 {suffix} 文件无法直接读取，请先另存为 "
                             f"{'.xlsx' if suffix in ('.xls', '.et') else '.docx'}")
        text = read_text(p, issues)
        if suffix == ".json" or looks_like_json(text):
            return parse_json(text, source)
        return parse_text(text, source, issues)
    except ParseError as exc:
        return ParseResult(errors=[exc])


def input_files(paths: list[str]) -> tuple[list[Path], list[ParseError]]:
    """Files named, and the readable files inside folders named (sorted, hidden files skipped); and an error for each
    folder that holds no file the reader opens, or cannot be listed."""
    out: list[Path] = []
    errors: list[ParseError] = []
    for raw in paths:
        p = Path(raw)
        if not p.is_dir():
            out.append(p)
            continue
        found: list[Path] = []
        unreadable: list[str] = []

        def _onerror(exc: OSError) -> None:
            unreadable.append(str(exc.filename or p))

        import os

        for root, dirs, files in os.walk(p, onerror=_onerror):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found.extend(Path(root, f) for f in files
                         if not f.startswith(".") and Path(f).suffix.lower() in INPUT_SUFFIXES)
        for folder in unreadable:
            errors.append(ParseError(folder, "文件夹无法读取（没有权限或已不存在），其中的文件未审核"))
        if not found and not unreadable:
            errors.append(ParseError(str(p), "文件夹中没有可读取的表单文件（.txt .tsv .csv .json .xlsx .docx .pdf）"))
        out.extend(sorted(found))
    return out, errors


def iter_input_files(paths: list[str]) -> list[Path]:
    """Files named, and the readable files inside folders named (see `input_files`, which also reports folders)."""
    return input_files(paths)[0]
