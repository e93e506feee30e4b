"""Finding forms in rows of cells: where each form starts, and what kind of form it is.

    rows ──titles, 项目N:, 表N, header rows──▶ sections: target | self_evaluation | department | budget_report | prose

A section starts at
- a form title (vocab.FORM_TITLES: …绩效目标申报表, …项目支出绩效自评表, …整体支出绩效目标表): the kind it names;
- `项目N:` (the Longhua self-evaluations, seed 004): a self-evaluation;
- `表N` (the numbered tables of a department budget report, seed 002);
- a row that starts a target form's header (`项目编码:`, `项目名称 … 项目属性`), or a 项目名称 / 项目编码 label row
  outside any form.
A section without a title of its own is a self-evaluation when it prints a 项目资金 table (年初预算数, 全年执行数) or an
indicator table with 实际完成值 and 得分 columns. A whole-department form printed as a table of a budget report
(seed 002's 表14) is read both ways: as that report's table and as a form of its own.
"""

from __future__ import annotations

import re
from typing import Final

from jixiao import vocab
from jixiao.parse.rows import Row
from jixiao.values import clean_cell

PROJECT_START: Final = re.compile(r"^\s*项目\s*(\d+)\s*[:：]\s*$")  # 项目1: (seed 004)
PROJECT_HEADING: Final = re.compile(r"^\s*项目\s*\d+\s*$")  # 项目2 alone on its line, above the next project's form
BUDGET_TABLE_START: Final = re.compile(r"^\s*表\s*(\d+)\s*$")  # 表 14 (seed 002)
TARGET_START: Final = re.compile(r"^\s*(项目编[码号]\s*[:：]|项目名称\t+[^\t]+\t+项目属性)")
# a numbered item's marker at a line's start (14. / 二、): a table of contents entry (14. …表), a note's next item
ORDINAL: Final = re.compile(r"^\s*(\d+|[一二三四五六七八九十]+)\s*[.．、]")
_FORM_START_LABELS: Final = ("项目编码", "项目名称")
YEAR_LINE: Final = re.compile(r"^[(（]?\s*(?:19|20)\d{2}\s*年度?\s*[)）]?$")  # (2022年度) alone on its line


class Section:
    """A run of rows of one kind. A target section holds one or more forms (parse.target splits them)."""

    __slots__ = ("kind", "rows", "titled", "has_table", "self_eval")

    def __init__(self, kind: str, rows: list[Row], titled: bool = False) -> None:
        self.kind = kind  # target | self_evaluation | department | budget_report | prose
        self.rows = rows
        self.titled = titled  # started by a title that says its kind
        self.has_table = False  # an indicator or money table header has been seen in it
        self.self_eval = False  # it prints a 项目资金 table or an indicator table with 实际完成值 and 得分 columns


def title_kind(cells: list[str]) -> str | None:
    """The kind of form a row's title names, when the row is a title: its first text cell names a form (and the row
    holds at most one other cell, a year or a page mark); a numbered entry of a table of contents is no title."""
    first = other = ""
    filled = 0
    for c in cells:
        if c.strip():
            filled += 1
            if not first:
                first = c
            else:
                other = c
    if not first or filled > 2 or ("表" not in first and "目标" not in first):
        return None
    if len(other.strip()) > 16:
        return None  # a label and its text (年度整体绩效目标 | 目标1：…), not a title beside a year or a page mark
    text = clean_cell(first)
    if ORDINAL.match(text):
        return None
    return vocab.form_kind_of_title(text.replace("<p>", "").replace("</p>", ""))


def _first_text(cells: list[str]) -> str:
    for cell in cells:
        text = cell.strip()
        if text:
            return text
    return ""


def _starts_with_form_label(first: str) -> bool:
    """The row's first text cell is a 项目名称 / 项目编码 label (with or without its value after a colon)."""
    head = first.split(":", 1)[0].split("：", 1)[0]
    name = _LABEL_FIELDS.get(vocab.normalise_heading(head))
    return name in _FORM_START_LABELS


_LABEL_FIELDS: Final = {stem: name for name, stems in vocab.HEADER_LABELS.items() for stem in stems}


def is_fund_header(cells: list[str]) -> bool:
    """A self-evaluation's money table header: a 预算 column and columns the vocabulary names as money columns."""
    for c in cells:
        if "预算" in c:
            break
    else:
        return False
    fields = {vocab.fund_column(c) for c in cells if c and len(c) <= 16}
    return ("budget" in fields or "initial_budget" in fields) and ("spent" in fields or "rate" in fields)


def _is_self_eval_table(cells: list[str]) -> bool:
    roles = {vocab.column_role(c) for c in cells if c and len(c) <= 20}
    return "actual" in roles and ("score" in roles or "weight" in roles)


def _only_filled(cells: list[str]) -> int | None:
    """The column of a row's one filled cell; None when it has none, or more than one (most rows: they stop there)."""
    found: int | None = None
    for i, c in enumerate(cells):
        if c.strip():
            if found is not None:
                return None
            found = i
    return found


def spread_caption_headers(rows: list[Row]) -> list[Row]:
    """A table header printed as one cell (column names merged into one caption, or separated by spaces instead of
    tabs: `一级指标 二级指标 三级指标 指标值 度量单位 指标解释`): each name put in a column of its own, from the cell's
    column on, so the header reads as the table's other rows are laid out. Only when every word names a column."""
    out = rows
    for k, row in enumerate(rows):
        at = _only_filled(row.cells)
        if at is None:
            continue
        words = row.cells[at].split()
        if len(words) < 3 or not all(vocab.column_role(w) or w in vocab.TABLE_GROUP_LABELS for w in words):
            continue
        if "name" not in {vocab.column_role(w) for w in words}:
            continue
        cells = row.cells[:at] + words + row.cells[at + len(words):]
        refs = row.refs
        if refs is not None:
            refs = refs[:at] + [refs[at]] * len(words) + refs[at + len(words):]  # every name points at the caption
        if out is rows:
            out = list(rows)
        out[k] = Row(row.line, cells, refs, None)
    return out


def split_sections(rows: list[Row]) -> list[Section]:
    """Cut a file's rows into sections of one kind each, in order."""
    sections: list[Section] = []
    shared: Section | None = None  # a department form inside a budget report: its rows go to both

    def start(kind: str, titled: bool) -> Section:
        sec = Section(kind, [], titled)
        sections.append(sec)
        return sec

    current: Section | None = None
    for row in rows:
        cells = row.cells
        first = _first_text(cells)
        lead = first[:1]
        kind = title_kind(cells) if "表" in first or "目标" in first else None
        if kind is not None:
            if current is not None and current.titled and current.kind == kind and not current.has_table \
                    and not _holds_text(current):
                current.rows.append(row)  # a second title line of the same form (二级项目支出绩效目标申报表 / 2021年度)
                continue
            if kind == "department" and current is not None and current.kind == "budget_report":
                shared = current
                shared.rows.append(row)
            elif shared is not None and kind != "department":
                shared = None
            current = start(kind, True)
            current.rows.append(row)
            continue
        if lead == "项" and PROJECT_START.match(row.text):
            if not (current is not None and current.kind == "self_evaluation" and current.titled
                    and not current.has_table and not _holds_text(current)):
                current = start("self_evaluation", True)
                shared = None
            current.rows.append(row)
            continue
        if lead == "项" and current is not None and current.has_table and PROJECT_HEADING.match(row.text):
            # the heading of the next project of a file: not a row of this form's table
            current = start("prose", False)
            shared = None
            current.rows.append(row)
            continue
        if lead == "表" and BUDGET_TABLE_START.match(row.text) and not (
                current is not None and current.kind == "self_evaluation"):
            if current is None or current.kind != "budget_report":
                current = shared if shared is not None else start("budget_report", True)
            if current is not shared:
                shared = None
            current.rows.append(row)
            continue
        if lead == "项" and _starts_form(row, first, current):
            previous = current
            current = start("target", False)
            shared = None
            if previous is not None and previous.kind == "prose" and previous.rows \
                    and YEAR_LINE.match(previous.rows[-1].text.strip()):
                current.rows.append(previous.rows.pop())  # (2022年度) printed above the form is the form's year
        elif (current is None or current.kind == "prose") and _is_table_row(cells):
            current = start("target", False)  # an indicator table with no title or header before it
            shared = None
        if current is None:
            current = start("prose", False)
        current.rows.append(row)
        if shared is not None and current is not shared:
            shared.rows.append(row)
        if not current.has_table and current.kind != "prose":
            if is_fund_header(cells):
                current.has_table = current.self_eval = True
            elif _is_table_row(cells):
                current.has_table = True
                current.self_eval = _is_self_eval_table(cells)
    for sec in sections:
        if sec.kind == "target" and not sec.titled and sec.self_eval:
            sec.kind = "self_evaluation"
    return sections


def _is_table_row(cells: list[str]) -> bool:
    """An indicator table's header row (cheap test: a cell names 一级指标 or 三级指标 / 指标名称)."""
    for c in cells:
        if "指标" in c and vocab.column_role(c) in ("level1", "name", "level2"):
            return True
    return False


def _holds_text(section: Section) -> bool:
    """The section already holds rows besides its title lines (a header label, a table…)."""
    return sum(1 for r in section.rows if _first_text(r.cells)) > 2


def _starts_form(row: Row, first: str, current: Section | None) -> bool:
    """A target form's header starts here: `项目编码:` / `项目名称 … 项目属性` where no form is open or the open one has
    its table already; or a 项目名称 / 项目编码 label row outside any form (a form printed without its title)."""
    if current is not None and current.kind in ("self_evaluation", "department") and not current.has_table:
        return False  # the header of the form its title opened
    if current is not None and current.kind == "budget_report":
        return TARGET_START.match(row.text) is not None  # 002: a target form after the budget tables
    if TARGET_START.match(row.text):
        return current is None or current.kind == "prose" or current.has_table
    if current is None or current.kind == "prose":
        return _starts_with_form_label(first)
    return False
