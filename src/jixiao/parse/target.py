"""Target forms (绩效目标申报表) and whole-department forms (整体支出绩效目标表) from rows of cells.

A form is a header (label/value pairs wherever they stand in a row: `项目名称 | X | 主管部门 | Y`, `项目编码: …`) and an
indicator table, found by its header row; parse.columns maps the table's columns to roles through the vocabulary, so
columns may stand in any order and under other names. Rows are read by role:
- the seeds' shape (level columns right before the name column) by content: level names are peeled off the row's
  start, so a row shifted one cell (seed 000) is still read right, and the repair is recorded (`Form.repairs`);
- any other shape by position; a blank level cell means "same as above" (a merged cell);
- 002's PDF export (a caption column 年度绩效指标 before the levels) by content: its cells are scattered.
A table that lists several projects (a 项目名称 column) gives a form per project. What cannot be read, or only by a
guess, is recorded on the form (`Form.read_issues`).

Layouts named in `Form.layout`: futian6 (seed 000: 一级 二级 三级 指标值 度量单位 指标解释), shenshan5 / futian5 (seeds
001, 003: five columns), budget2021 (seed 002), and `columns` for any other table shape.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any, Final, NamedTuple

from jixiao import vocab
from jixiao.model import (NOT_APPLICABLE_KINDS, UNTYPED_KINDS, Amount, DepartmentForm, Duty, Form, HeaderField,
                          Indicator, ReadIssue, Repair, Target, record)
from jixiao.parse.columns import ColumnPlan, is_total_row, may_be_header, plan_of
from jixiao.parse.columns import header_roles as _column_roles
from jixiao.parse.forms import ORDINAL, title_kind
from jixiao.parse.rows import Row
from jixiao.scan import guarded, starts_with_label
from jixiao.values import (
    CN_NUMERAL, NUMERAL, clean_cell, clean_cells, format_number, label_and_value, normalise, parse_amount, parse_period,
    parse_target, to_float, unit_in_label,
)
from jixiao.vocab import AMOUNT_FIELDS, FREE_TEXT_FIELDS, FUNDING_FIELDS

# ---------------------------------------------------------------------------------------------------------
# Header labels (vocab.HEADER_LABELS)
# ---------------------------------------------------------------------------------------------------------

# (stem, field) longest first; a label of another field (联系电话) is its own field
_LABEL_STEMS: Final = sorted([*((stem, name) for name, stems in vocab.HEADER_LABELS.items() for stem in stems),
                              *((label, label) for label in vocab.OTHER_HEADER_LABELS)], key=lambda x: -len(x[0]))
_PAREN: Final = guarded(r"[(（][^)）]*[)）]")


def header_label(cell: str) -> tuple[str | None, str | None]:
    """(canonical name, inline value) when a cell is a header label: `政策依据:` or `政策依据: 根据…` (001 inline)."""
    if len(cell) > 40:
        # long text is a value, unless it starts with `label:`; then it is one form's free text, read uncached
        return _read_header_label(cell) if starts_with_label(cell) else (None, None)
    printed = _PRINTED_LABELS.get(cell)  # most labels are printed as a stem, with or without a colon
    if printed is not None:
        return printed
    return _header_label(cell)  # other short cells (labels, amounts) repeat across forms


_SUBTOTAL_PREFIX: Final = guarded(r"^其中\s*[:：]\s*")  # 其中：财政拨款资金 (its colon is not a separator)
_LABEL_VALUE: Final = guarded(r"^([^:：]{1,30}?)\s*[:：]\s*(.*)$")
_COLON: Final = re.compile(r"[:：]")
_PARAGRAPH_BREAK: Final = re.compile(r"</p>\s*<p>")  # 002: `name</p> <p>100%` in one cell


def _label_key(label: str) -> str:
    """A label as the vocabulary spells it: normalised, without its bracketed note (（万元）), its colon or the mark of a
    required field before it (*项目名称:)."""
    return normalise(_PAREN.sub("", label)).rstrip(":：").lstrip("*★")


def _read_header_label(cell: str) -> tuple[str | None, str | None]:
    text = clean_cell(cell)
    if not text:
        return None, None
    # split `label: value` written in one cell; the colon in `其中：财政拨款资金` is not a separator
    head, value = text, None
    # (the patterns are guarded: most cells are values, holding no colon, no bracket)
    body = _SUBTOTAL_PREFIX.sub("", text)
    m = _LABEL_VALUE.search(body)  # anchored at the start: a search is the match
    if m:
        head, value = m.group(1), m.group(2).strip() or None
    else:
        head = body
    key = _label_key(head)
    if value is not None and len(value) <= 40:
        value = _own_value(value)  # a short value may share its cell with the next label; a free text is whole
    if not key:
        return None, None
    name = _field_of(key, value)
    level = vocab.government_level(key)
    if name is None and level and len(key) > len(level) + 2:
        name = _field_of(key[len(level):], value)  # 市级主管部门, 自治区主管部门: the label of the level's unit
    if name is None and "/" in key:
        name = _field_of(key.split("/", 1)[0], value)  # 实施单位/项目负责人: the first label names the field
    if name is None and _LABEL_YEAR.match(key):
        # 2027年度资金总额, 2027年预算金额: the label of this year's (本年度, 本年) amount
        name = _field_of(key[4:], value) or _field_of("本" + key[4:], value)
    if name in ("本年度项目金额", "项目总金额") and body is not text:
        # 其中：中央预算内投资: a line under 其中 that names a fund source is a part of the amount, not the amount
        name = vocab.fund_part_of(key) or name
    return name, value


_LABEL_YEAR: Final = re.compile(r"(?:19|20)\d{2}年")


def _field_of(key: str, value: str | None) -> str | None:
    """The field a normalised label names: a stem, a stem with a few more characters, a label cut at its start, an
    amount label."""
    if not key:
        return None  # a label that was only a level or a separator (市级, /)
    for stem, name in _STEMS_BY_FIRST.get(key[0], ()):
        if key == stem or (key.startswith(stem) and len(key) <= len(stem) + 4 and not value
                           and not (name in AMOUNT_FIELDS and key.endswith(vocab.AMOUNT_PROPERTY_ENDS))):
            return name
    if len(key) <= 20:
        if len(key) >= 6:
            for stem, name in _STEMS_BY_LAST.get(key[-1], ()):
                # a label cut at its start by a page break or a narrow cell (级预算单位名称 of 一级预算单位名称)
                if key != stem and any(
                        full.endswith(key) and len(full) - len(key) <= 2 for full in (stem, stem + "名称")):
                    return name
        for rx, name in _AMOUNT_LABELS:
            if rx.match(key):
                return name
    return None


_UNIT_NOTE: Final = re.compile(r"(?:^|\s|[（(])(?:金额)?单位\s*[:：]\s*(亿元|万元|千元|元)|[（(]\s*(?:单位\s*[:：]?\s*)?(亿元|万元|千元|元)\s*[)）]")
_STAMP: Final = re.compile(r"^[(（]\s*(盖章|签章|签字|公章)\s*[)）]")
_NEXT_LABEL: Final = re.compile(r"\s+([^\s:：]{1,10})\s*[:：]")


def _level_rank(label: str) -> int:
    return vocab.GOVERNMENT_LEVELS.get(vocab.government_level(normalise(label)), 0)


def _own_value(value: str) -> str:
    """An inline value without what follows it in the same cell: a stamp placeholder (（盖章）) is no value, and a
    second `label:` in the cell (填报单位:(盖章) 单位:万元) starts another field."""
    value = _STAMP.sub("", value).strip()
    m = _NEXT_LABEL.search(" " + value)
    if m and m.start() == 0:
        return "" if m.group(1) in vocab.MONEY_UNIT_LABELS or _read_header_label(m.group(1))[0] is not None else value
    m = _NEXT_LABEL.search(value)
    if m and (m.group(1) in vocab.MONEY_UNIT_LABELS or _read_header_label(m.group(1))[0] is not None):
        value = value[: m.start()].strip()
    return value


_AMOUNT_LABELS: Final = tuple((re.compile(p), name) for p, name in vocab.AMOUNT_LABEL_PATTERNS)


# The stems a key can match, in _LABEL_STEMS order: a label starts with its stem (indexed by the first character); a
# cut label ends as its stem or its stem + 名称 does (by the last character)
def _stems_by(first: bool) -> dict[str, list[tuple[str, str]]]:
    index: dict[str, list[tuple[str, str]]] = {}
    for stem, name in _LABEL_STEMS:
        for char in ((stem[0],) if first else (stem[-1], "称") if stem[-1] != "称" else ("称",)):
            index.setdefault(char, []).append((stem, name))
    return index


_STEMS_BY_FIRST: Final = _stems_by(first=True)
_STEMS_BY_LAST: Final = _stems_by(first=False)

_header_label: Final = lru_cache(maxsize=16384)(_read_header_label)
# Every label stem as printed, alone or with a colon: what most label cells hold
_PRINTED_LABELS: Final = {printed: _read_header_label(printed) for stem, _ in _LABEL_STEMS
                          for printed in (stem, stem + ":", stem + "：")}


def is_table_header(cells: list[str]) -> bool:
    """An indicator table's header row (parse.columns.header_roles: a name column and a target or level column)."""
    return header_roles(clean_cells(cells)) is not None


_YEAR_LINE: Final = re.compile(r"^\s*[(（]?\s*((?:19|20)\d{2})\s*年度?\s*[)）]?\s*$")  # 2021 年度, （2023年度）
_PERIOD_COUNT: Final = re.compile(rf"\d+|{CN_NUMERAL}")  # 实施期限: 3年, 三年
_NAME_YEAR: Final = re.compile(r"((?:19|20)\d{2})\s*年度?")  # the budget year in a project name
_GOAL_YEAR: Final = re.compile(r"((?:19|20)\d{2})\s*年")  # years an annual goal mentions
_NO_TARGET: Final = record(Target, {"raw": "", "kind": "not_applicable"})  # an input row's (投入): shared, as parse_target's are
# Every Indicator field in declared order, None; a target form's rows fill those its table has
_NO_INDICATOR: Final[dict[str, Any]] = dict.fromkeys(Indicator.model_fields)
_ROW_LABELS: Final = ("年度绩效指标", "年度绩效", "绩效指标", "指标")  # 002's first column label, and its OCR fragments
_COMPARATOR_CELL: Final = re.compile(r"^(≥|≤|>|<|=|≧|≦|＞|＜|＝|═|大于等于|小于等于|大于|小于|等于|不低于|不高于|不少于|不超过)$")
_POLARITY_WORDS: Final = ("正向", "反向", "中性")
_DUTY_HEADINGS: Final = tuple(vocab.DUTY_COLUMNS)


def header_roles(cells: list[str]) -> list[str | None] | None:
    return _column_roles(cells)


# ---------------------------------------------------------------------------------------------------------
# Form builder
# ---------------------------------------------------------------------------------------------------------

class _Builder:
    """One form's records while its rows are read."""

    def __init__(self, source: str, index: int, line: int, title: str | None = None,
                 budget_year: int | None = None, department: bool = False, unit: str | None = None) -> None:
        self.source = source
        self.index = index
        self.line = line
        self.title = title
        self.budget_year = budget_year
        self.department = department
        # The form's records as the field values of their models (HeaderField, Indicator, Repair), edited while rows
        # are read (a free text continued, a wrapped name joined). `build` makes the records.
        self.fields: dict[str, dict[str, Any]] = {}
        self.amounts: dict[str, Amount] = {}
        self.indicators: list[dict[str, Any]] = []
        self.repairs: list[dict[str, Any]] = []
        self.issues: list[ReadIssue] = []
        self.duties: list[Duty] = []
        self.duty_columns: list[str | None] | None = None
        self.duty_unit = "元"
        # 万元 when a header prints its money unit apart from the labels (or the file did, above its first project)
        self.unit_context: str | None = unit
        self.plain_total: tuple[str, str, int, str | None] | None = None  # a 资金总额 not yet placed
        self.annual_col: int | None = None  # the column of the 本年度项目金额 label (中期 | 年度 side by side)
        # the first money label printed with a figure beside it (下达预算资金（万元） | 300.00): said when no amount is read
        self.money_seen: tuple[int, str] | None = None
        self.terms_apart = False  # a part printed under both terms in one row: the block's parts left of annual_col
        # are the whole term's
        self.column_labels: list[tuple[int, str]] | None = None  # labels heading the columns of the rows below
        # amount labels heading the columns of the next row (年度资金总额 | 财政拨款 | 其他资金 over 356 | 300 | 56)
        self.amount_columns: list[tuple[int, str, str]] | None = None
        # an amount label over a column of a fund table (年度资金总额 | 金额(万元), then 合计 | 68.40 and the sources):
        # the label's amount is the table's total row
        self.total_below: tuple[str, str, int] | None = None  # (field, label, line)
        self.plan: ColumnPlan | None = None
        self.header_cells: frozenset[str] = frozenset()  # the table header's headings, as printed and normalised
        self.header_words: frozenset[str] | None = None
        self.last_field: str | None = None
        self.level1: str | None = None
        self.level1_raw: str | None = None
        self.level2: str | None = None
        self.level2_raw: str | None = None
        self.required = False
        self.footer = False
        self.term: str | None = None  # the term of the table being read, after a caption (长期绩效指标): long / annual
        self.long_term: list[dict[str, Any]] = []  # the rows of a 长期/中期 table, once an annual table follows it
        self.stray: list[Row] = []  # rows outside the table that look like indicator rows (a table without header)
        self.merged_heading: tuple[Row, int] | None = None  # a heading cell merged over several columns
        self.adjusted: list[str] = []  # headings of the table's 调整指标值 columns
        self.adjusted_said = False
        # a block of amounts is open (its label, an amount, a 其中 line): a line named by a fund source is a part
        self.fund_open = False
        # a fund table's columns of amounts by term (资金来源 | 项目总额（2027—2029年） | 2028年度): column -> (whole /
        # year, its heading)
        self.fund_terms: dict[int, tuple[str, str]] | None = None
        self.parts: dict[str, Amount] = {}  # fund parts named by their source (上级工会补助), by the label as printed
        # a fund block's row of labels over the row of its amounts (资金来源 | 合计 | 一般公共预算拨款 | 上年结转, then
        # 金额 | 2,650.00 | 2,400.00 | 250.00): column -> label, and the block's label
        self.fund_columns: tuple[dict[int, str], str] | None = None
        self.fund_subtotals = False  # a fund line read is a subtotal ((一)财政拨款小计): the lines under them are not parts
        # a fund table of a row per year (年度 | 合计 | 中央财政资金 | …, then 2028年 | 900.00 | 600.00 | …): the labels of
        # its amount columns, and the block's label
        self.fund_years: tuple[dict[int, str], str] | None = None

    # -- header ------------------------------------------------------------------------------------------

    def header_row(self, row: Row, cells: list[str]) -> None:
        """`cells` are the row's cells cleaned (clean_cell), once per row by the caller."""
        if self.money_seen is None:
            self.money_seen = _money_printed(row, cells)
        for c in cells:
            # a money unit printed apart from the amounts' labels (项目资金（万元） | 年度资金总额 | 960; 单位：万元)
            self.unit_context = _unit_note(c) or self.unit_context
        self.unit_context = _unit_pair(cells) or self.unit_context
        if self.fund_terms is not None and self._fund_term_row(row, cells):
            return
        if self.fund_columns is not None and self._fund_column_row(row, cells):
            return
        if self.fund_years is not None and self._fund_year_row(row, cells):
            return
        i = 0
        n_cells = len(cells)
        consumed_any = False
        labelled: list[tuple[int, str, str, str]] = []  # (column, field, label, value) of this row's labels
        first = next((k for k, c in enumerate(cells) if c), n_cells)
        # a row that opens with money (资金来源 | 区级财政资金 | 1095000 | 测算依据 | …) leaves its block open for the
        # rows below (街道配套资金 | 300000, 合计 | 1395000), whatever label follows on its right
        fund_lead = first < n_cells and (vocab.is_fund_block_label(_label_key(cells[first]))
                                         or header_label(cells[first])[0] in AMOUNT_FIELDS)
        while i < n_cells:
            name, inline = header_label(cells[i]) if cells[i] else (None, None)
            if name is None:
                after = self._fund_part(row, cells, i) if self.fund_open and cells[i] else None
                if after is None and self.fund_open and cells[i] and _label_key(cells[i]) in vocab.FUND_TOTAL_HEADINGS:
                    after = self._fund_total(row, cells, i)
                if after is None and cells[i] and vocab.is_fund_block_label(_label_key(cells[i])):
                    consumed_any = True
                    if self._open_fund_block(row, cells, i):
                        return  # the heading row of a fund table: its rows follow
                    j = _next_filled(cells, i)
                    if j < n_cells and "本年度项目金额" not in self.fields and self._is_amount(cells[j], cells[i], row.line):
                        # 项目资金（万元） | 145.60 | 其中：省级补助 | 40.00: the block's own figure is the year's amount
                        self._set_field("本年度项目金额", cells[i], cells[j], row.line, row.ref(j))
                        i = j + 1
                        continue
                    lead = _LEADING_AMOUNT.match(cells[j]) if j < n_cells else None
                    if lead is not None and "本年度项目金额" not in self.fields and (
                            lead.group(1) in vocab.FUND_TOTAL_HEADINGS or header_label(lead.group(1))[0] == "本年度项目金额"):
                        # 资金情况 | 年度资金总额186.40万元，其中：…, 资金构成（万元） | 合计750.00，其中：…: the sentence opens
                        # with the year's amount
                        self._set_field("本年度项目金额", f"{_label_key(cells[i])}{lead.group(1)}", lead.group(2),
                                        row.line, row.ref(j))
                        i = j + 1
                        continue
                    i += 1
                    continue
                consumed_any = consumed_any or after is not None
                i = i + 1 if after is None else after
                continue
            if name in AMOUNT_FIELDS and inline is None and i == next(k for k, c in enumerate(cells) if c) \
                    and _fund_columns(cells, i) and self._open_fund_block(row, cells, i):
                # 年度资金（万元） | 年度资金总额 | 中央财政资金 | 省级财政资金, the amounts in the row below: the first
                # label heads the block (its own words name the amount), the others its columns
                return
            if name in AMOUNT_FIELDS and inline is None and name not in FUNDING_FIELDS and _source_then_amount(cells, i):
                # 年度资金 | 州级财政资金 | 500.00, then | 县级财政资金 | 360.00 and | 合计 | 860.00: the label heads a
                # block of its parts (its total comes with 合计), not a value of its own
                self.fund_open = consumed_any = True
                i += 1
                continue
            if self.fund_open and name in ("本年度项目金额", "项目总金额") and name in self.amounts \
                    and vocab.fund_part_of(_label_key(cells[i])):
                # 2027年度资金来源 | 中央预算内投资 | 600: once the amount is read, a line naming a level's money in its
                # block is a part of it, though its words could name the amount
                after = self._fund_part(row, cells, i)
                if after is not None:
                    consumed_any, i = True, after
                    continue
            consumed_any = True
            label = cells[i]
            label_col = i
            if inline is not None:
                label = _COLON.split(_SUBTOTAL_PREFIX.sub("", label), maxsplit=1)[0]
                value, ref = inline, row.ref(i)
                i += 1
            else:
                j = i + 1
                while j < n_cells and cells[j] in ("", ":", "："):
                    j += 1
                if j < n_cells and (header_label(cells[j])[0] is None or _value_after_colon(label, name, cells[j])):
                    value, ref = cells[j], row.ref(j)
                    # free text spread over several cells of one row (rare), or a period over three (2028年3月1日 |
                    # 至 | 2028年11月30日): join the rest up to the next label
                    if name in FREE_TEXT_FIELDS or name in ("起止时间", "实施期限"):
                        k = j + 1
                        while k < n_cells and (not cells[k] or header_label(cells[k])[0] is None):
                            if cells[k]:
                                value += " " + cells[k]
                            k += 1
                        j = k - 1
                    i = j + 1
                else:
                    value, ref = "", row.ref(i)
                    i += 1
            if name not in AMOUNT_FIELDS and value and len(value) <= 12 \
                    and vocab.AMOUNT_COLUMN_HEADING.fullmatch(normalise(value)):
                consumed_any = True  # 资金来源 | 金额 | 资金用途 | 金额: labels over columns of amounts, no text's value
                continue
            if name in AMOUNT_FIELDS and value and not value[0].isdigit() and vocab.AMOUNT_COLUMN_HEADING.fullmatch(normalise(value)):
                # 年度资金总额 | 金额(万元): the heading of the amounts below it, in its unit; the total row holds this one
                self.unit_context = unit_in_label(value) or self.unit_context
                self.total_below = (name, label.rstrip(":："), row.line)
                consumed_any = True
                continue
            if name == "本年度项目金额":
                self.annual_col = label_col
            elif name in FUNDING_FIELDS and name in self.fields and label_col == self.annual_col \
                    and self.fields[name]["line"] == row.line \
                    and _label_key(_SUBTOTAL_PREFIX.sub("", self.fields[name]["label"])) == _label_key(
                        _SUBTOTAL_PREFIX.sub("", label)):
                # 其中：财政拨款 under 中期 and again under 年度, in one row: this year's counts (中央 | 180 | 省级 | 80 are
                # two sources, both this year's)
                del self.fields[name]
                self.amounts.pop(name, None)
                self.terms_apart = True
            elif self.terms_apart and name in FUNDING_FIELDS and self.annual_col is not None and label_col < self.annual_col:
                # 其他资金 | 100 | 上年结转 | 60 under them: the whole term's part, left of the year's column (nz_04)
                continue
            label = label.rstrip(":：")
            if self.fund_open and name in FUNDING_FIELDS and name in self.fields and value \
                    and _label_key(label) != _label_key(self.fields[name]["label"]):
                # a second source the stems file under one part (中央财政资金, then 省级财政资金: both transfers): a part
                # of its own, under its label (of a block of two terms side by side, which prints each label again in
                # the year's column, the year's column only)
                again = any(_label_key(c) == _label_key(cells[label_col]) for k, c in enumerate(cells) if k != label_col)
                if self.annual_col is None or label_col == self.annual_col or not again:
                    self._add_part(_SUBTOTAL_PREFIX.sub("", label), value, row.line)
                continue
            self._set_field(name, label, value, row.line, ref)
            labelled.append((label_col, name, label, value))
            self.fund_open = name in AMOUNT_FIELDS
            self.fund_subtotals = self.fund_subtotals or (
                name in FUNDING_FIELDS and _label_key(label).endswith(vocab.SUBTOTAL_WORD))
        if consumed_any and fund_lead:
            self.fund_open = True
        if consumed_any:
            labels_only = len(labelled) >= 2 and not any(v for _, _, _, v in labelled)
            # a row of amount labels only: their amounts stand in the next row, under them
            self.amount_columns = [(c, n, lab) for c, n, lab, _ in labelled if n in AMOUNT_FIELDS] if labels_only else None
            # a row of labels only, each over a column (总体目标 | 中期目标 | | 年度目标): the texts of the next rows
            # stand under them
            self.column_labels = [(c, n) for c, n, _, _ in labelled if n in FREE_TEXT_FIELDS] if labels_only else None
        if not consumed_any:
            self.fund_open = self.terms_apart = False
            text = " ".join([c for c in cells if c])
            if self.total_below is not None:
                filled = [(i, c) for i, c in enumerate(cells) if c]
                if len(filled) == 2 and "".join(filled[0][1].split()) in vocab.MONEY_TOTAL_WORDS:
                    name, label, _ = self.total_below
                    self.total_below = None
                    self._set_field(name, label, filled[1][1], row.line, row.ref(filled[1][0]))
                    return
            amounts, self.amount_columns = self.amount_columns, None
            if amounts and any(col < n_cells and cells[col] for col, _, _ in amounts):
                for col, name, label in amounts:
                    if col < n_cells and cells[col]:
                        self._set_field(name, label, cells[col], row.line, row.ref(col))
                return
            if text and self.column_labels and not _looks_like_indicator_row(cells):
                for col, cell in enumerate(cells):
                    if cell:
                        owner = max((c for c in self.column_labels if c[0] <= col), default=self.column_labels[0])
                        f = self.fields[owner[1]]
                        f["value"] = (f["value"] + "\n" + cell).strip()
                return
            if text and _looks_like_indicator_row(cells):
                self.stray.append(row)  # an indicator row before any table header the reader knows
            elif row.spans and any(w >= 3 and vocab.column_role(c) for c, w in zip(cells, row.spans)):
                # a heading merged over several columns (一级指标 across the table): the columns cannot be told apart
                at = next(i for i, (c, w) in enumerate(zip(cells, row.spans)) if w >= 3 and vocab.column_role(c))
                self.merged_heading = (row, at)
            elif text and self.last_field in FREE_TEXT_FIELDS:
                # a continuation line of a free-text field (001: contract lists under 政策依据 / 测算依据)
                f = self.fields[self.last_field]
                f["value"] = (f["value"] + "\n" + text).strip()

    def _fund_part(self, row: Row, cells: list[str], i: int) -> int | None:
        """In a block of amounts, a label no stem knows that names a fund source (上级工会补助 | 1,500,000.00): a part
        of the amount, kept under its label. The column after its amount, or None when the cell is no such label."""
        label = _OUTLINE.sub("", _SUBTOTAL_PREFIX.sub("", cells[i])).rstrip(":：")  # 1.中央资金
        key = _label_key(label)
        if not vocab.names_fund_source(key) or vocab.is_fund_block_label(key):
            return None
        j = _next_filled(cells, i)
        return j + 1 if j < len(cells) and self._add_part(label, cells[j], row.line) else None

    def _fund_total(self, row: Row, cells: list[str], i: int) -> int | None:
        """In a block of amounts written as label | amount pairs (中央财政资金 | 2,600.00 | … | 合计 | 3,260.00), the total:
        this year's amount when none was read. The column after it, or None."""
        if "本年度项目金额" in self.fields or self.total_below is not None:
            return None  # read, or its label printed over a table whose 合计 row gives it (total_below)
        j = _next_filled(cells, i)
        amount = parse_amount(cells[j], self.unit_context or "元", row.line) if j < len(cells) else None
        if amount is None or amount.yuan is None:
            return None
        self._set_field("本年度项目金额", cells[i], cells[j], row.line, row.ref(j))
        return j + 1

    def _is_amount(self, raw: str, label: str, line: int) -> bool:
        """`raw` reads as an amount alone (145.60), in the label's unit or the block's."""
        amount = parse_amount(raw, unit_in_label(label) or self.unit_context or "元", line)
        return amount is not None and amount.yuan is not None and raw[:1].isdigit()

    def _add_part(self, label: str, raw: str, line: int) -> bool:
        """A part named by its source, kept under its label (the first of a label counts): whether `raw` read as an
        amount, in the label's unit or the block's."""
        amount = parse_amount(raw, unit_in_label(label) or self.unit_context or "元", line)
        if amount is None or amount.yuan is None:
            return False
        self.parts.setdefault(label, amount)
        return True

    def _open_fund_block(self, row: Row, cells: list[str], at: int) -> bool:
        """A fund block's label at `at`: the block is open; when the labels after it head a fund table (columns by
        term, or the labels of its amounts over the row of amounts), True: the rows that follow are its rows."""
        self.fund_open = True
        self.fund_terms = _fund_terms(cells, at) or None
        after = _next_filled(cells, at)
        if not self.fund_terms and after < len(cells) and normalise(cells[after]) in vocab.YEAR_COLUMN_HEADINGS:
            years = _fund_columns(cells, after)
            self.fund_years = (years, cells[at]) if years else None
            if self.fund_years:
                return True
        columns = _fund_columns(cells, at) if not self.fund_terms else None
        self.fund_columns = (columns, cells[at]) if columns else None
        for col, label in (columns or {}).items():
            # the amount's label printed over its column: blank until the row of amounts fills it, and said at
            # build if none does
            if (name := header_label(label)[0]) in AMOUNT_FIELDS and name not in FUNDING_FIELDS:
                self._set_field(name, label, "", row.line, row.ref(col))
        return bool(self.fund_terms or self.fund_columns)

    def _fund_year_row(self, row: Row, cells: list[str]) -> bool:
        """A row of a fund table of a row per year (see fund_years): the budget year's row read as the row of amounts
        under its labels, the whole term's total (实施期合计) as the project's amount. False at the table's end."""
        assert self.fund_years is not None
        columns, block = self.fund_years
        first = normalise(next((c for c in cells if c), ""))
        year = _YEAR_ROW.match(first)
        if year is not None:
            # the year the form is for: given, or its title's (2028年度…申报表), as build will read it
            budget_year = self.budget_year or (self._infer_year(deadlines=False)[0] if self.title else None)
            if budget_year is not None and int(year.group(1)) == budget_year:
                self.fund_columns = (columns, block)
                self._fund_column_row(row, cells)
            return True
        if first.endswith(vocab.MONEY_TOTAL_WORDS):
            total = next((k for k, label in columns.items() if _label_key(label) in vocab.MONEY_TOTAL_WORDS), None)
            if total is not None and total < len(cells) and cells[total] and "项目总金额" not in self.fields:
                self._set_field("项目总金额", first, cells[total], row.line, row.ref(total))
            return True
        self.fund_years = None
        return False

    def _fund_term_row(self, row: Row, cells: list[str]) -> bool:
        """A row of a fund table whose columns are terms (see fund_terms): a source's line gives this year's column
        as a part; the 合计 line the amounts of the year and of the whole project. False at the table's end."""
        assert self.fund_terms is not None
        filled = [k for k, c in enumerate(cells) if c]
        if not filled or filled[0] >= min(self.fund_terms):
            self.fund_terms = None
            return False
        label = cells[filled[0]]
        key = _label_key(label)
        # the total's line: 合计, or the amount's own label (资金总额 | 1,860,000 | 4,860,000)
        total = key in vocab.FUND_TOTAL_HEADINGS or header_label(label)[0] in ("本年度项目金额", "项目总金额")
        # a line of a part the stems name (上年结转, 其他资金) is the table's as a source's is
        if not total and header_label(label)[0] not in FUNDING_FIELDS and not vocab.names_fund_source(key):
            self.fund_terms = None
            return False
        for col, (term, heading) in self.fund_terms.items():
            if col >= len(cells) or not cells[col]:
                continue
            if total:
                name = "本年度项目金额" if term == "year" else "项目总金额"
                if name not in self.fields:
                    self._set_field(name, heading, cells[col], row.line, row.ref(col))
            elif term == "year":
                self._add_part(label, cells[col], row.line)
        return True

    def _fund_column_row(self, row: Row, cells: list[str]) -> bool:
        """The row of amounts under a fund block's row of labels (see fund_columns): the total is this year's amount
        (when none was read), a part the stems name goes to its field, one named by its source is kept under its
        label. False when the row holds no amount under them."""
        assert self.fund_columns is not None
        columns, block = self.fund_columns
        self.fund_columns = None
        unit = self.unit_context or "元"
        # the row's own label: its last text before its first amount (项目资金 | 项目总金额 | 1,260.00 | …)
        at = next((k for k, c in enumerate(cells) if c and (a := parse_amount(c, unit, row.line)) is not None
                   and a.yuan is not None), len(cells))
        lead = next((c for c in reversed(cells[:at]) if c), "")
        if lead and (header_label(lead)[0] == "项目总金额" or vocab.fund_term_of(lead) == "whole"):  # (项目总额（2027—2028年）)
            # a row per term (项目总金额 | 1,260.00 | … then 本年度金额 | 420.00 | …): the whole project's row gives its
            # total; the sources below are this year's, in the next row
            total_col = next((k for k, label in columns.items() if _label_key(label) in vocab.FUND_TOTAL_HEADINGS), at)
            if total_col < len(cells) and cells[total_col] and "项目总金额" not in self.fields:
                self._set_field("项目总金额", lead, cells[total_col], row.line, row.ref(total_col))
            self.fund_columns = (columns, block)
            return True
        if not any(col < len(cells) and (a := parse_amount(cells[col], unit, row.line)) is not None
                   and a.yuan is not None for col in columns):
            return False
        # 财政拨款 | 其中：上级补助 | 本级安排 | 其他资金: 其中 under a part breaks that part down (under the total, as in
        # 预算总额 | 其中：财政拨款 | 其他资金, the parts follow)
        breakdown = after_part = False
        for col, label in columns.items():
            key = _label_key(label)
            name = header_label(label)[0]
            total = key in vocab.FUND_TOTAL_HEADINGS or (name in AMOUNT_FIELDS and name not in FUNDING_FIELDS)
            if _SUBTOTAL_PREFIX.search(label):
                breakdown = breakdown or after_part
            elif total or name in AMOUNT_FIELDS or any(w in key for w in vocab.NON_FISCAL_WORDS):
                breakdown = False  # a stem's part again (其他资金), or money of no government (自有资金): the breakdown has ended
            after_part = not total
            if breakdown or col >= len(cells) or not cells[col]:
                continue  # (a breakdown's amounts are in the column it breaks down: not parts of their own)
            if key in vocab.FUND_TOTAL_HEADINGS:
                if "本年度项目金额" not in self.fields:
                    # under the row's own label when it names this year's (本年度金额 | 420.00), else the block's 合计
                    printed = lead if lead and (header_label(lead)[0] == "本年度项目金额" or vocab.fund_term_of(lead) == "year") \
                        else f"{_label_key(block)}{key}"
                    self._set_field("本年度项目金额", printed, cells[col], row.line, row.ref(col))
            elif name in AMOUNT_FIELDS:  # a part the stems name, or the amount itself (年度资金总额 | 中央财政 | …)
                if name in FUNDING_FIELDS and name in self.fields and self.fields[name]["value"]:
                    self._add_part(label, cells[col], row.line)  # 省级 then 县级财政资金: a second source of that part
                elif name in FUNDING_FIELDS or name not in self.fields or not self.fields[name]["value"]:
                    self._set_field(name, label, cells[col], row.line, row.ref(col))
            else:
                self._add_part(label, cells[col], row.line)
        return True

    def _set_field(self, name: str, label: str, value: str, line: int, ref: str | None) -> None:
        if "/" in label and "/" in value:
            # 实施单位/项目负责人 | 示例中心/张三: two labels joined, two values joined the same way, each to its field
            labels, values = normalise(_PAREN.sub("", label)).split("/"), value.split("/")
            second = _field_of(labels[1], None) if len(labels) == len(values) == 2 and labels[1] else None
            if second is not None and second != name:
                self._set_field(second, label, values[1].strip(), line, ref)
                value = values[0].strip()
        if ("代码" in label or "编码" in label) and name in ("一级预算单位", "申请单位") and value:
            # 主管部门及代码 | 404-永济市文化和旅游局: the unit's name, its code kept beside it
            m = vocab.UNIT_CODE.match(value) or vocab.UNIT_CODE_AFTER.search(value)
            if m:
                code = m.group("code")
                value = (value[:m.start()] + value[m.end():]).strip()
                self.fields.setdefault(f"{name}代码", {"label": label, "value": code, "line": line, "cell": ref})
        if name == "本年度项目金额" and normalise(_PAREN.sub("", label)).rstrip(":：") in vocab.AMBIGUOUS_TOTAL_LABELS:
            self.plain_total = (label, value, line, ref)  # 资金总额: which amount it is depends on the others
            return
        if name == "一级预算单位" and name in self.fields and _level_rank(label) > _level_rank(
                self.fields[name]["label"]):
            del self.fields[name]  # 市级主管部门 then 县级主管部门: the unit's own department is the nearest one
        if name in self.fields and not self.fields[name]["value"] and value and name not in FREE_TEXT_FIELDS:
            del self.fields[name]  # a label left blank (填报单位(盖章):), then the same field with its value
        if name == "一级预算单位" and name in self.fields and value and vocab.DEPARTMENT_LABEL_MARK in label \
                and vocab.DEPARTMENT_LABEL_MARK not in self.fields[name]["label"]:
            del self.fields[name]  # 预算单位 | … then 业务主管部门 | …: the 主管 label names the department
        if name in self.fields and name not in FREE_TEXT_FIELDS:
            return  # keep the first occurrence (e.g. 其他资金 repeated in a footer)
        if name in self.fields:
            f = self.fields[name]
            f["value"] = (f["value"] + "\n" + value).strip()
        else:
            self.fields[name] = {"label": label, "value": value, "line": line, "cell": ref}
        self.last_field = name
        if name in AMOUNT_FIELDS:
            amt = parse_amount(value, unit_in_label(label) or self.unit_context or "元", line)
            if amt is not None:
                self.amounts[name] = amt
                if amt.yuan is None and not _is_blank_mark(value):
                    unfilled = normalise(value) in vocab.PLACEHOLDERS or "待填" in value
                    self.issues.append(ReadIssue(
                        kind="unreadable_value", line=line, cell=ref, field=name,
                        message=f"“{label}”尚未填写（“{_short(value)}”），金额相关的检查未做" if unfilled
                        else f"“{label}”的值“{_short(value)}”无法识别为金额"))

    # -- 年度履职目标 / 年度主要任务 of a whole-department form ---------------------------------------------------------

    def duty_row(self, row: Row, cells: list[str]) -> bool:
        """A row of a whole-department form's duties table (任务名称 | 主要内容 | 预算金额): True when read as one."""
        if self.duty_columns is None:
            # the table's heading names two of its columns (任务名称 | 主要内容 | 预算金额); 部门职能 | 负责… is a label
            # and its text
            # (two headings of different roles, one naming the duty: 资金来源 | 金额 | 资金用途 | 金额 heads money)
            named = {vocab.DUTY_COLUMNS.get(vocab.normalise_heading(c)) for c in cells} - {None}
            if len(named) >= 2 and named & {"name", "content"}:
                self.duty_columns = [_duty_role(c) for c in cells]
                # the heading's unit (预算金额（万元）), else the form's (金额单位：万元)
                self.duty_unit = next((u for c in cells if (u := unit_in_label(c))), None) or self.unit_context or "元"
                return True
            return False
        roles = self.duty_columns
        if all(not c or _duty_role(c) == "amount" or c in ("总额", "财政拨款", "其他资金") for c in cells):
            return True  # the money sub-headings under 预算金额
        first = next((c for c in cells if c), "")
        if _label_key(first) in vocab.MONEY_TOTAL_WORDS:
            return True  # the table's 合计 row: the duties' sum, no duty
        if header_label(first)[0] in FREE_TEXT_FIELDS:
            self.duty_columns = None  # 年度整体绩效目标 | 目标1：…: a field of the form after the table, which has ended
            return False
        name_at = roles.index("name") if "name" in roles else 1
        name = cells[name_at] if name_at < len(cells) else ""
        content = " ".join(cells[k] for k, r in enumerate(roles) if r == "content" and k < len(cells) and cells[k])
        amount_at = roles.index("amount") if "amount" in roles else -1
        raw = cells[amount_at] if 0 <= amount_at < len(cells) else ""
        if not name and not content:
            return any(bool(c) for c in cells)
        amount = parse_amount(raw, self.duty_unit, row.line) if raw else None
        self.duties.append(Duty(name=name or content[:20], content=content or None, amount=amount, line=row.line,
                                cell=row.ref(name_at)))
        return True

    # -- indicator table -----------------------------------------------------------------------------------

    def term_caption(self, term: str) -> None:
        """长期绩效指标 / 年度绩效指标 over a table of its own: the next header starts that table; the rows of a multi-year
        table read before an annual one are kept apart (Form.long_term_indicators)."""
        if self.term == "long" and term == "annual" and self.indicators:
            self.long_term.extend(self.indicators)
            self.indicators = []
        self.term = term
        self.plan = None
        self.level1 = self.level2 = self.level1_raw = self.level2_raw = None

    def table_header(self, plan: ColumnPlan) -> None:
        self.plan = plan
        self.header_cells = frozenset(h for h in plan.headings if h)  # what a header printed again would hold
        self.header_words = None  # the same normalised, made when a row's first cell is one of them
        self.last_field = None
        self.adjusted = [h or "（无列名）" for r, h in zip(plan.roles, plan.headings) if r == "adjusted_target"]
        for i in plan.unmapped:
            if i not in plan.areas:
                self.issues.append(ReadIssue(kind="unmapped_column", line=plan.lines[0],
                                             message=f"指标表的“{plan.headings[i]}”列无法识别，其内容按原文保留，未参与审核"))
        if plan.areas:
            first, *others = (plan.headings[i] for i in plan.areas)
            self.issues.append(ReadIssue(
                kind="uncertain", line=plan.lines[0],
                message=f"指标值按地区分列（{'、'.join([first, *others])}），按第一列“{first}”读取为指标值；"
                        f"其余各列（{'、'.join(others)}）按原文保留，未参与审核"))
        if plan.other_block:
            shown = "、".join(h for h in (plan.headings[i] for i in plan.other_block) if h)
            self.issues.append(ReadIssue(kind="skipped_table", line=plan.lines[0],
                                         message=f"指标表并列了两组指标，只读取了年度指标；另一组（{shown}）未读取"))

    def _repeats_header(self, cells: list[str]) -> bool:
        """Every filled cell is a heading of the table's header (一级指标 | 二级指标 | 三级指标 | 指标值 …): the headings as
        printed first (an indicator row's first cell is none of them, so most rows are answered by one set lookup)."""
        for first in cells:
            if first:
                break
        if first not in self.header_cells:
            return False
        if self.header_words is None:
            self.header_words = frozenset(vocab.normalise_heading(h) for h in self.header_cells)
        words = self.header_words
        return all(c in self.header_cells or vocab.normalise_heading(c) in words for c in cells if c)

    def indicator_row(self, row: Row, clean: list[str]) -> None:
        """`clean` are the row's cells cleaned (clean_cell), once per row by the caller."""
        plan = self.plan
        assert plan is not None
        raw_cells = row.cells
        refs = row.refs
        cells = clean
        lead: list[str] = []
        if plan.lead:
            lead = cells[: plan.lead]
            cells, raw_cells = cells[plan.lead:], raw_cells[plan.lead:]
            refs = refs[plan.lead:] if refs else refs
        # 002: the first column holds the row label 年度绩效指标 (or its OCR pieces)
        if plan.scatter and cells and cells[0] and normalise(cells[0]) in _ROW_LABELS:
            raw_cells = ["", *raw_cells[1:]]
            cells = ["", *cells[1:]]
        n_filled = _count_filled(cells)
        if n_filled >= 3 and self._repeats_header(cells):
            return  # the table's header printed again (a page break, a second group of indicators under it)
        if not n_filled:
            at = plan.roles.index("project") if plan.has("project") else len(lead)
            if at < len(lead) and not lead[at] and any(lead):
                # a table of several projects: a row of the columns before the indicators that names no project and
                # no unit (a unit's total row is read by parse_target_section: _unit_total) is no project's; not
                # read, and said so
                shown = "，".join(f"{plan.headings[i] or '（无列名）'}“{text}”" for i, text in enumerate(lead) if text)
                self.issues.append(ReadIssue(kind="uncertain", line=row.line,
                                             message=f"第{row.line}行只填了{shown}，没有项目名称、单位和指标，未读取（可能是"
                                                     "合计行），请核对"))
            return
        if clean and clean[0] and header_label(clean[0])[0] in vocab.FOOTER_LABELS:
            # 其他说明的问题 | 无, 填报人： | 周小燕 | 单位负责人： | …: labels in the first column close the table
            self.footer = True
            self.header_row(row, clean)
            return
        if n_filled > 1 and all(header_label(c)[1] and header_label(c)[0] is not None for c in cells if c):
            # every cell a field's label and its value (项目负责人：余建林 | 联系电话：… | 填报日期：…): the sign-off under
            # the table, not an indicator row
            self.footer = True
            self.header_row(row, clean)
            return
        if n_filled == 1 and ((labelled := header_label(first := next(c for c in cells if c)))[0] in vocab.FOOTER_LABELS
                              or (labelled[0] is not None and labelled[1])  # 项目负责人：符海燕　联系电话：…
                              or vocab.TABLE_NOTE.match(first)):  # 注：各地请根据实际情况… closes the table
            self.footer = True
            if labelled[0] not in vocab.FOOTER_LABELS and not (labelled[0] is not None and labelled[1]):
                # a note (注：…), not a footer field (备注, 填报人：…, 项目负责人：…)
                label, text = label_and_value(first) or (first.strip(), "")
                self._set_field("表注", label, text, row.line, row.ref(cells.index(first)))
            else:
                self.header_row(row, clean)
            return
        if self.footer and all(_SIGN_OFF_DATE.fullmatch(c) or c.endswith(vocab.ORG_NAME_ENDS) for c in cells if c):
            return  # under the closed table, the unit's name and a date (同心县预旺镇人民政府 | 2028年1月12日): its sign-off
        if n_filled == 1 and "表注" in self.fields and ORDINAL.match(first):
            # the next item of a numbered note (注：1. … / 2. …): the note goes on, the table has ended
            note = self.fields["表注"]
            note["value"] = f"{note['value']}\n{first}".strip()
            return
        if n_filled <= 3 and is_total_row(clean):
            return  # the table's total row (合计 | | | 100): the weights added up, not an indicator
        if n_filled == 1 and (not plan.levels or "level1" not in plan.roles):
            heading = _heading_level(next(c for c in cells if c))
            if heading is not None and (not plan.levels or heading[0] == 0):
                # a table without level columns names its levels on rows of their own (一、产出指标 / （一）数量指标);
                # one with a 二级 column only, its 一级 (一、产出指标（50分）)
                self._apply_levels([heading], row)
                return
        if plan.standard or plan.scatter:
            self._content_row(row, cells, raw_cells, refs, lead)
        else:
            self._positional_row(row, cells, refs)

    def _content_row(self, row: Row, cells: list[str], raw_cells: list[str], refs: list[str] | None,
                     lead: list[str]) -> None:
        """A row of a table whose level columns stand right before the name column: level names are peeled off the
        row's start by what they say (a row shifted one cell is read right, and the repair recorded), the other
        cells are read in the order of the plan's roles from the name column on."""
        plan = self.plan
        assert plan is not None
        # Peel the level columns: blank or level-name cells, at most the level columns (the 2021 layout scatters
        # cells, so any number there). An indicator may be named like its category (服务对象满意度).
        k = 0
        levels: list[tuple[int, str, _Level]] = []
        n_cells = len(cells)
        n_rest = len(plan.rest)
        peel_limit = n_cells if plan.scatter else min(n_cells, len(plan.levels))
        stopped_at_name = False  # the peel stopped at a cell naming no level (cells[k]: asked once, not twice)
        while k < peel_limit:
            text = cells[k]
            if text:
                level = _level_of(text)
                if level is None and not plan.scatter and self._unknown_level(cells, k, n_rest):
                    level = _UNKNOWN_LEVEL
                    self.issues.append(ReadIssue(
                        kind="uncertain", line=row.line, cell=row.ref(plan.lead + k),
                        message=f"“{text}”不是已知的{'一' if plan.roles[plan.levels[k]] == 'level1' else '二'}级指标名称，"
                                "按它所在的列读作层级"))
                if level is None:
                    stopped_at_name = True
                    break
                levels.append((k, text, level))
            k += 1
        right_shifted = False
        if (not plan.scatter and plan.levels and not stopped_at_name and k < n_cells and cells[k]
                and (level := _level_of(cells[k])) is not None):
            end = n_cells  # the row without its trailing blank cells
            while end > k and not cells[end - 1]:
                end -= 1
            # a level name in the name column is a level when the row is one cell too long, when it carries the
            # required mark (names never do), or when a 一级 already stands in the 二级 column: shifted right
            if end - k > n_rest or level.required or any(p >= 1 and lv.kind == "level1" for p, _, lv in levels):
                levels.append((k, cells[k], level))
                k += 1
                right_shifted = True
        if len(plan.levels) == 1 and levels:
            # one level column: its heading says which level a name that could be either (成本指标) is
            level_role = plan.roles[plan.levels[0]] or "level1"
            levels = [(p, t, lv._replace(kind=level_role) if lv.kind == "both" else lv) for p, t, lv in levels]
        rest_cells = cells[k:]
        if not rest_cells:
            # a row of level names only (002: 工作时效 alone before its indicator wrapped to the next line)
            self._apply_levels(levels, row)
            return

        values: dict[str, str] = {}
        extra: dict[str, str] = {}
        if plan.scatter:
            rest_refs: list[str | None] = list(refs[k:]) if refs else [None] * len(rest_cells)
            name, value_raw, name_ref = self._budget_cells(raw_cells[k:], rest_cells, rest_refs, row)
            values["name"], values["target"] = name, value_raw
        else:
            while len(rest_cells) > n_rest and not rest_cells[-1]:
                rest_cells.pop()
            # shifted: a level name where the header has another level (a 二级 in the 一级 column), or text one cell
            # short of a row as wide as the header (a row an export trimmed of its blank cells is narrower, not shifted)
            shifted = right_shifted or (len(plan.levels) == 2 and levels and levels[0][0] == 0
                                        and levels[0][2].kind == "level2") or (
                k + len(rest_cells) < len(plan.levels) + n_rest
                and len(row.cells) - plan.lead >= len(plan.levels) + n_rest)
            padded = rest_cells + [""] * (n_rest - len(rest_cells))
            for i, field in plan.rest_fields:
                values[field] = padded[i]
            for i, heading in plan.rest_extra:
                if padded[i]:
                    extra[heading] = padded[i]
            if len(rest_cells) > n_rest:  # extra text cells: keep them in the explanation, never drop them
                more = " ".join(c for c in rest_cells[n_rest:] if c)
                if "explanation" in plan.rest:
                    values["explanation"] = f"{values.get('explanation', '')} {more}".strip()
                else:
                    extra["（表外）"] = more
            name = values.get("name", "")
            name_ref = refs[k] if refs and k < len(refs) else None
            if shifted and len(row.cells) - plan.lead >= len(plan.levels) + n_rest - 1:
                self.repairs.append(dict(line=row.line, kind="shifted_row", indicator=name,
                                     message=("该行单元格整体右移一格，已按内容归位" if right_shifted else
                                              "该行单元格错位（整体左移一格或二级指标写在一级指标列），已按内容归位")))
        if lead:
            for role, text, heading in zip(plan.roles[: plan.lead], lead, plan.headings):
                self._take(role, text, heading, values, extra)
        value_raw = values.get("target", "")

        # A value-less short text right after an indicator: the rest of a name wrapped onto the next line (002).
        if (plan.scatter and not levels and not value_raw and self.indicators and len(name) <= 8
                and self.indicators[-1]["target"].kind not in ("empty",) and self.indicators[-1]["level1"] != "投入"
                and not self.footer):
            prev = self.indicators[-1]
            prev_name, prev_line = prev["name"], prev["line"]
            self.indicators[-1] = {**prev, "name": prev_name + name}
            self.repairs.append(dict(line=row.line, kind="wrapped_name", indicator=prev_name + name,
                                     message=f"指标名称跨行：第{prev_line}行“{prev_name}”与第{row.line}行“{name}”已合并"))
            return

        self._apply_levels(levels, row)
        self._finish_row(row, values, extra, name_ref)

    def _unknown_level(self, cells: list[str], k: int, n_rest: int) -> bool:
        """A cell in a level column that names no known level is still a level (an older or a province's own name:
        项目决策, 社会、经济、生态效益指标) when the row fills its columns as the header does: after the level columns a
        name and a value at least, and no more cells than the header has."""
        plan = self.plan
        assert plan is not None
        n_levels = len(plan.levels)
        end = len(cells)
        while end > k and not cells[end - 1]:
            end -= 1
        if k >= n_levels or len(cells[k]) > 24 or end - n_levels < 2 or end > n_levels + n_rest:
            return False
        name_cell = cells[n_levels]
        # the cell in the name column must read as a name: a shifted row (seed 000: 二级 in the 一级 column) has its
        # value there
        return bool(name_cell) and _level_of(name_cell) is None and not parse_target(name_cell).typed

    def _positional_row(self, row: Row, cells: list[str], refs: list[str] | None) -> None:
        """A row of a table of any other shape (三级 before 二级, levels after the name…): each cell by its column's
        role; a blank level cell keeps the level of the rows above (a merged cell)."""
        plan = self.plan
        assert plan is not None
        values: dict[str, str] = {}
        extra: dict[str, str] = {}
        levels: list[tuple[int, str, _Level]] = []
        for i, (role, heading) in enumerate(zip(plan.roles, plan.headings)):
            text = cells[i] if i < len(cells) else ""
            if role in ("level1", "level2"):
                if text:
                    level = _level_of(text)
                    if level is not None:
                        levels.append((0 if role == "level1" else 1, text, level))
                    elif normalise(text) != "指标":  # the second line of a level name broken over two rows
                        self.issues.append(ReadIssue(
                            kind="uncertain", line=row.line, cell=row.ref(i),
                            message=f"“{text}”不是已知的{'一' if role == 'level1' else '二'}级指标名称，该行按原层级读取"))
                continue
            self._take(role, text, heading, values, extra)
        if len(cells) > len(plan.roles):
            more = " ".join(c for c in cells[len(plan.roles):] if c)
            if more:
                extra["（表外）"] = more
        if not values.get("name") and not values.get("target") and not values.get("target_num"):
            self._apply_levels(levels, row)  # a row of level names only
            return
        self._apply_levels(levels, row)
        name_ref = row.ref(plan.name_col) if plan.name_col >= 0 else None
        self._finish_row(row, values, extra, name_ref)

    @staticmethod
    def _take(role: str | None, text: str, heading: str, values: dict[str, str], extra: dict[str, str]) -> None:
        """One cell of a row into the row's values by its column's role; a column the reader does not read into a
        field (指标性质, 备注, an unmapped heading…) is kept under its heading."""
        if role is None or role not in _FIELD_ROLES:
            if text:
                extra[heading or "（无列名）"] = text
            return
        if role in values and values[role]:
            if text:
                values[role] += " " + text
            return
        values[role] = text

    def _finish_row(self, row: Row, values: dict[str, str], extra: dict[str, str], name_ref: str | None) -> None:
        plan = self.plan
        assert plan is not None
        name = values.get("name", "")
        if _TEMPLATE_STUB.fullmatch(name) and not any(values.get(r) for r in ("target", "target_num", "actual", "score")):
            return  # 指标2： / …… with nothing filled: the template's empty line, no indicator
        unit = values.get("unit", "")
        expl = values.get("explanation", "")
        if self.level1 == "投入" and not (name and name != self.level2_raw and parse_target(
                values.get("target", "")).kind not in ("text", "empty", "not_applicable")):
            # 测算明细 / 资金支出进度: the text cell is the content; there is no 指标值 (a row of its own name and a
            # number, 资金支出进度 | 上半年资金支出进度 | ≥40 | %, is an indicator as any)
            text = " ".join(c for c in [name, values.get("target", ""), expl] if c)
            self._add_indicator(self.level2_raw or name, _NO_TARGET, None, text, row.line, name_ref, values, extra)
            return
        value_raw = values.get("target", "")
        cmp = values.get("target_cmp", "")
        if cmp and (_is_blank_mark(cmp) or cmp in ("定性", "定量")):
            cmp = ""  # — or 定性 in the comparator column of a deadline or a qualitative row: no comparator
        if not cmp and extra:
            # a 指标方向 / 指标性质 column that holds the comparator (≥) rather than a polarity (正向) or a kind (定量)
            for heading in plan.comparator_headings:
                if _COMPARATOR_CELL.match(normalise(extra.get(heading, ""))):
                    cmp = extra.pop(heading)
                    break
        if plan.split_target or (cmp and value_raw[:1] not in "≥≤><=≧≦＞＜＝"):
            # the target printed in parts (符号 | 数值 | 单位, or a comparator column): read as one value
            number = values.get("target_num", "") or value_raw
            if number:
                # a unit sub-column under the 指标值 heading is part of the value; a 计量单位 column of its own is not
                # (Indicator.unit, as in the seeds' layout)
                tail = unit if plan.split_target and unit and _takes_unit(number) else ""
                value_raw = f"{_comparator(cmp)}{number}{tail}"
        # (the value is tested first: most are no day number, and the name's kind is then not asked)
        serial = _excel_date(value_raw)
        if serial is not None and (self.level2 == "时效" or vocab.indicator_kind(name) == "deadline"):
            # a date Excel stored as its day number (44561 = 2021年12月31日), shown as a number by the export
            shown = f"{serial.year}年{serial.month}月{serial.day}日"
            self.issues.append(ReadIssue(kind="uncertain", line=row.line, cell=name_ref,
                                         message=f"“{name}”的指标值“{value_raw}”像是 Excel 的日期序号，已按{shown}读取，请核对原表"))
            value_raw = f"{value_raw[:1] if value_raw[:1] in '≥≤=<>' else ''}{shown}"
            if unit and _excel_date(unit) == serial:
                unit = ""
        target = parse_target(value_raw)
        if target.kind == "empty" and vocab.TEMPLATE_FILLER_NAME.match(name) and not (unit or expl or extra or any(v for k, v in values.items() if k != "name")):
            return  # 指标2 / …… of a blank template, left blank: no indicator
        if target.kind == "empty" and not vocab.is_not_applicable(name) and name:
            self.repairs.append(dict(line=row.line, kind="missing_value", indicator=name,
                                     message="该指标没有指标值（可能在导出时丢失）"))
        self._add_indicator(name, target, unit or None if plan.has("unit") else None, expl or None, row.line,
                            name_ref, values, extra)

    def _add_indicator(self, name: str, target: Target, unit: str | None, explanation: str | None, line: int,
                       cell: str | None, values: dict[str, str], extra: dict[str, str]) -> None:
        """An indicator of the current levels, every field in declared order (as `record` keeps it)."""
        ind = _NO_INDICATOR.copy()
        ind["level1"] = self.level1
        ind["level2"] = self.level2
        ind["level1_raw"] = self.level1_raw
        ind["level2_raw"] = self.level2_raw
        ind["required"] = self.required
        ind["name"] = name
        ind["target"] = target
        ind["unit"] = unit
        ind["explanation"] = explanation
        ind["line"] = line
        ind["cell"] = cell
        if self.plan is not None and self.plan.self_columns:  # 权重, 实际完成值, 得分, 偏差原因…
            if values.get("weight"):
                ind["weight"] = _number(values["weight"], line, cell, "分值", self.issues)
            if values.get("actual"):
                actual, actual_unit = values["actual"], values.get("actual_unit", "")
                # 实际完成值 printed over 数值 | 单位: the unit cell is part of the value
                ind["actual"] = parse_target(actual + actual_unit if actual_unit and _takes_unit(actual) else actual)
            if values.get("score"):
                ind["score"] = _number(values["score"], line, cell, "得分", self.issues)
            if values.get("deviation"):
                ind["deviation"] = values["deviation"]
        if extra:
            ind["extra"] = extra
            if self.adjusted and not self.adjusted_said:
                adjusted = next((extra[h] for h in self.adjusted if extra.get(h)), None)
                if adjusted is not None:  # a target adjusted during the year: the checks use the one first set
                    self.adjusted_said = True
                    self.issues.append(ReadIssue(
                        kind="uncertain", line=line, cell=cell,
                        message=f"“{name}”等指标填了调整后的指标值（如“{_short(adjusted)}”），审核仍按年初指标值核对得分与完成情况，"
                                "请按调整后的指标值人工复核"))
        self.indicators.append(ind)

    def _budget_cells(self, raw_rest: list[str], rest: list[str], refs: list[str | None],
                      row: Row) -> tuple[str, str, str | None]:
        """002: the first text cell is the name, the last value-like cell the target; `name</p> <p>100%` is split."""
        texts = [(c, r, raw) for c, r, raw in zip(rest, refs, raw_rest) if c]
        name, name_ref, raw_name = texts[0]
        value = ""
        if len(texts) > 1:
            value = texts[-1][0]
            middle = [t[0] for t in texts[1:-1]]
            if middle:
                name = " ".join([name, *middle])
        else:
            parts = [part for part in map(clean_cell, _PARAGRAPH_BREAK.split(raw_name)) if part]
            if len(parts) > 1 and parse_target(parts[-1]).typed:
                name, value = " ".join(parts[:-1]), parts[-1]
                self.repairs.append(dict(line=row.line, kind="value_in_name_cell", indicator=name,
                                     message="指标值与指标名称在同一单元格，已拆分"))
        return name, value, name_ref

    def _apply_levels(self, levels: list[tuple[int, str, _Level]], row: Row) -> None:
        # the row's 一级 and 二级 cells (their levels and texts: separate variables, not tuples built per row)
        level1: _Level | None = None
        level1_text = ""
        level2: _Level | None = None
        level2_text = ""
        for pos, text, level in levels:
            kind = level.kind
            if kind == "pair":  # 产出指标-数量指标: both levels in one cell
                level1, level1_text, level2, level2_text = level, text, level, text
                continue
            if kind == "unknown":
                # a level the vocabulary does not know: the column says which; its canonical name stays unknown
                if self.plan is not None and self.plan.levels and pos < len(self.plan.levels) \
                        and self.plan.roles[self.plan.levels[pos]] == "level1":
                    self.level1, self.level1_raw = None, text
                    self.level2 = self.level2_raw = None
                else:
                    self.level2, self.level2_raw = None, text
                continue
            if kind == "both":
                # 成本指标 / 满意度指标: a level-2 when a level-1 is already on the row, when starred, or alone on the row
                # past its first column; the first of two level cells is the level-1
                kind = "level2" if level1 is not None or level.required or (pos >= 1 and len(levels) == 1) else "level1"
            if kind == "level1" and level.level1:
                level1, level1_text = level, text
            elif level.level2:
                level2, level2_text = level, text
        if level1 is not None:
            self.level1, self.level1_raw = level1.level1, level1_text
            if level2 is None:
                self.level2 = self.level2_raw = None
                self.required = False
        if level2 is not None:
            self.level2, self.level2_raw = level2.level2, level2_text
            self.required = level2.required
            parent = level2.parent
            if (level1 is None and parent and self.level1 != parent
                    and not (self.level2 == "成本" and self.level1 == "成本")
                    and not (parent == "满意度" and self.level1 == "效益" and self.level1_raw and (
                        vocab.normalise_level(level2_text) in vocab.SATISFACTION_UNDER_BENEFIT
                        or not (self.plan and self.plan.scatter)))):
                # merged level-1 cell not repeated: the level-2 says which level-1 it belongs to; but a 满意度 二级
                # under a merged 效益 cell stays there (the form's own structure), except in an export that scatters
                # its cells (002), where a missing 满意度 一级 is the export's loss
                self.level1, self.level1_raw = parent, None
            elif parent and self.level1 in vocab.PROCESS_LEVEL1 and parent not in vocab.PROCESS_LEVEL1 \
                    and self.level1 != "投入":
                # 项目决策 over 数量指标 | 宣传次数 (a 四川 form): an output's 二级 under the evaluation framework's 决策 or 过程
                # is an output; the 一级 cell is the form's slip (its printed text kept)
                self.level1 = parent

    # -- result --------------------------------------------------------------------------------------------

    def _text(self, name: str) -> str | None:
        """A header field's value, None when absent or blank."""
        f = self.fields.get(name)
        return (f["value"] or None) if f is not None else None

    def build(self) -> Form:
        if self.total_below is not None:  # the fund table under the amount's label has no total row: say so
            _, label, line = self.total_below
            self.issues.append(ReadIssue(kind="unreadable_value", line=line,
                                         message=f"“{label}”下的资金表没有合计行，{label}未读出，请核对原表"))
        if "项目名称" not in self.fields and self.title and "".join(self.title.split()).endswith(vocab.PROJECT_TITLE_END):
            # a heading over one project's targets (…长效管护项目绩效目标) with no 项目名称 label: the heading names it
            named = "".join(self.title.split())[: -len(vocab.PROJECT_TITLE_END)]
            if named and not named.endswith(vocab.PROJECT_WORD):
                named += vocab.PROJECT_WORD  # the heading's 项目 is the name's (…管护项目), once (…服务项目项目绩效目标)
            self.fields["项目名称"] = {"label": self.title, "value": named, "line": self.line, "cell": None}
        elif "项目名称" not in self.fields and self.title:
            # a title naming one project before its form word (2019年度宁晋县高中助学金项目绩效评价指标表), no 项目名称 label
            in_title = vocab.project_in_title(self.title)
            if in_title:
                self.fields["项目名称"] = {"label": self.title, "value": in_title, "line": self.line, "cell": None}
        if self.plain_total is not None:
            # 资金总额 beside this year's amount (当年资金总额) is the multi-year total; alone, it is this year's
            label, value, line, ref = self.plain_total
            name = "项目总金额" if "本年度项目金额" in self.fields else "本年度项目金额"
            if name not in self.fields:
                self.plain_total = None
                self.fields[name] = {"label": label, "value": value, "line": line, "cell": ref}
                amt = parse_amount(value, unit_in_label(label) or self.unit_context or "元", line)
                if amt is not None:
                    self.amounts[name] = amt
        start, end = parse_period(self._text("起止时间") or "")
        if start is None and self._text("开始日期") and self._text("结束日期"):
            start, end = parse_period(f"{self._text('开始日期')}至{self._text('结束日期')}")
        term = self._text("实施期限")
        period = None
        if term:
            m = _PERIOD_COUNT.search(normalise(term))  # 3年, 三年
            n = to_float(m.group()) if m else None
            period = int(n) if n is not None and n < 1000 else None
            if start is None or period is None:
                first, last = parse_period(term)  # 实施周期: 2026年1月—2026年12月
                if start is None:
                    start, end = first, last
                if period is None and first and last:  # 2028年—2030年: the years the range spans
                    period = last.year - first.year + 1
        is_new = None
        if self._text("是否新增项目") in ("是", "否"):
            is_new = self._text("是否新增项目") == "是"
        elif self._text("项目属性"):
            is_new = _checked_new(self._text("项目属性") or "")
        # the year the form prints (a 年度 line, its title, the project name, the annual goal) before the end of a
        # period: 2023.07-2024.01 is a 2023 form's service period
        budget_year, year_source = (self.budget_year, "header") if self.budget_year else self._infer_year(deadlines=False)
        if budget_year is None and end:
            budget_year, year_source = end.year, "period"
        if budget_year is None:
            budget_year, year_source = self._infer_year()
        years = list(range(start.year, end.year + 1)) if start and end and end >= start else (
            [budget_year] if budget_year else [])
        layout = _layout_name(self.plan, self.indicators)
        issues = list(self.issues)
        if not self.indicators:
            if self.stray and self.merged_heading is not None:
                row, at = self.merged_heading
                width = row.spans[at] if row.spans else 1
                issues.append(ReadIssue(kind="merged_header", line=row.line, cell=row.ref(at),
                                        message=f"指标表表头“{clean_cell(row.cells[at])}”合并了 {width} 列，分不出各列；"
                                                f"其下 {len(self.stray)} 行指标未读取"))
            elif self.stray:
                issues.append(ReadIssue(kind="merged_header", line=self.stray[0].line, cell=self.stray[0].ref(0),
                                        message=f"第 {self.stray[0].line} 行起有 {len(self.stray)} 行像指标，但没有找到可识别的"
                                                "指标表表头（表头可能合并在一个单元格中或缺失），这些行未读取"))
            elif self.plan is None:
                issues.append(ReadIssue(kind="no_indicators", line=self.line,
                                        message="表单没有可识别的指标表（未找到“三级指标/指标名称”与“指标值/目标值”表头），未读取任何指标"))
            else:
                issues.append(ReadIssue(kind="no_indicators", line=self.plan.lines[0],
                                        message="指标表表头之后没有读到任何指标行"))
        elif self.plan is not None:
            issues.extend(_doubts(self.indicators, self.plan.lines[0]))
            if self.plan.levels:
                issues.extend(_unlevelled(self.indicators))
        annual = self._annual_amount(start, end, period)
        total = self.amounts.get("项目总金额")
        if annual is None and total is not None and not self.department:
            # a total (项目总投资 20万元) and no amount for the year: which part is this year's the form does not say
            issues.append(ReadIssue(kind="uncertain", line=total.line, field="项目总金额",
                                    message=f"表中只有项目总金额（{total.raw}），没有本年度金额；本年度金额未读出，金额相关的检查未做"))
        elif annual is None and total is None and not self.department and "本年度项目金额" in self.fields \
                and not self.fields["本年度项目金额"]["value"]:
            # the label is printed, its cell (and the cell under it) blank: say so rather than check nothing quietly
            f = self.fields["本年度项目金额"]
            issues.append(ReadIssue(kind="uncertain", line=f["line"], cell=f["cell"], field="本年度项目金额",
                                    message=f"“{f['label']}”没有填写金额（同行和下一行都是空的）；金额相关的检查未做"))
        elif annual is None and total is None and not self.department and self.money_seen is not None:
            # money printed under a label the reader does not know as the project's amount: said, not passed over
            line, shown = self.money_seen
            issues.append(ReadIssue(kind="uncertain", line=line, field="本年度项目金额",
                                    message=f"没有读出项目金额：第{line}行“{shown}”像是金额，但未能识别为本年度金额或项目总金额；"
                                            "金额相关的检查未做，请核对"))
        values: dict[str, Any] = {
            "kind": "department" if self.department else "target", "source": self.source, "index": self.index,
            "line": self.line, "layout": layout, "title": self.title, "project_code": self._text("项目编码"),
            "project_name": self._text("项目名称"), "applicant": self._text("申请单位"), "department": self._text("一级预算单位"),
            "period_years": period, "start_date": start, "end_date": end, "budget_year": budget_year,
            "budget_year_source": year_source if budget_year else None, "years": years,
            "project_type": self._text("项目类型"), "is_new": is_new, "allocation": self._text("分配方式"),
            "total_amount": self.amounts.get("项目总金额"), "annual_amount": annual,
            "funding": self._funding(),
            "fields": {name: record(HeaderField, f) for name, f in self.fields.items()},
            "indicators": [record(Indicator, i) for i in self.indicators],
            "long_term_indicators": [record(Indicator, i) for i in self.long_term],
            "repairs": [record(Repair, r) for r in self.repairs],
            "read_issues": issues,
        }
        if self.department:
            values["duties"] = self.duties
            return record(DepartmentForm, values)
        return record(Form, values)

    def _funding(self) -> dict[str, Amount]:
        """The parts of the amount: those the stems name (财政拨款资金…), then those named by their source; of a block
        with subtotals ((一)财政拨款小计 over 1、一般公共预算拨款), the subtotals only, so that nothing counts twice."""
        funding = {k: v for k, v in self.amounts.items() if k in FUNDING_FIELDS}
        subtotals = {k: v for k, v in self.parts.items() if k.endswith(vocab.SUBTOTAL_WORD)}
        for label, amount in (subtotals if subtotals or self.fund_subtotals else self.parts).items():
            funding.setdefault(label, amount)
        return funding

    def _annual_amount(self, start: Any, end: Any, period: int | None) -> Amount | None:
        """本年度项目金额; when the form prints none: the project's total for a project of one year (项目总投资 20万元,
        2023-01-01 to 2023-12-31), or the sum of the funding lines under a blank 资金总额 (其中：财政拨款 500)."""
        annual = self.amounts.get("本年度项目金额")
        if annual is not None and annual.yuan is not None:
            return annual
        total = self.amounts.get("项目总金额")
        one_year = period == 1 or (start is not None and end is not None and start.year == end.year)
        if total is not None and total.yuan is not None and one_year:
            return total
        parts = [a for k, a in self.amounts.items() if k in FUNDING_FIELDS and a.yuan is not None]
        printed = self.fields.get("本年度项目金额")
        if annual is None and printed is not None and not printed["value"] and parts:
            yuan = 0.0
            for part in parts:
                yuan += part.yuan or 0.0
            yuan = round(yuan, 2)
            return Amount(raw=f"（其中各项合计）{format_number(yuan)}", yuan=yuan, unit="元", line=printed["line"])
        return annual

    def _infer_year(self, deadlines: bool = True) -> tuple[int | None, str | None]:
        """Budget year from `YYYY年度` in the project name or the title, else the year the annual goal mentions most,
        else the earliest deadline in the table. None when nothing says (parse_rows then lets sibling forms decide)."""
        m = _NAME_YEAR.search(self.fields["项目名称"]["value"]) if "项目名称" in self.fields else None
        if m:
            return int(m.group(1)), "name"
        m = vocab.YEAR_WORD.search(self.title) if self.title else None
        if m:
            return int(m.group(1)), "header"
        if "年度目标" in self.fields:
            found = [int(y) for y in _GOAL_YEAR.findall(self.fields["年度目标"]["value"])]
            if found:
                return max(set(found), key=found.count), "goal"
        years = [i["target"].deadline.year for i in self.indicators if i["target"].deadline] if deadlines else []
        return (min(years), "deadline") if years else (None, None)


_VALUE_KINDS: Final = ("number", "range", "deadline", "duration")


# A value or a date is read from a digit or a Chinese numeral (values.parse_target): a text without one is none
_NUMERAL: Final = NUMERAL


@lru_cache(maxsize=16384)  # names and units repeat across forms
def _reads_as_value(text: str) -> bool:
    """The text is a value (≥36所, 2026年12月31日前), not a name that starts with a number (0—6岁残疾儿童康复救助人数)."""
    if not _NUMERAL.search(normalise(text)):
        return False  # most names: not worth typing as a target
    t = parse_target(text)
    return t.kind in _VALUE_KINDS and (t.value is not None or t.deadline is not None) and (
        not t.unit or vocab.unit_family(t.unit) is not None)


def _unlevelled(indicators: list[dict[str, Any]]) -> list[ReadIssue]:
    """Rows of a table with level columns that print no level and have none above them to follow (the table's first
    rows left blank): their levels are not read, and what the checker says by level may be wrong."""
    rows = [i for i in indicators if i["name"] and not (i["level1"] or i["level2"] or i["level1_raw"] or i["level2_raw"])]
    if not rows:
        return []
    return [ReadIssue(kind="uncertain", line=rows[0]["line"],
                      message=f"{len(rows)} 行指标（如“{rows[0]['name']}”）没有一级、二级指标，前面也没有可沿用的，层级未读取；"
                              "按层级的检查（如缺少必填二级指标）可能不准")]


def _doubts(indicators: list[dict[str, Any]], line: int) -> list[ReadIssue]:
    """What the rows read say of the reading itself: columns taken for others give untyped targets, names like
    `≥36所`, units like `≥60处`. (On the seed forms at least 57% of the targets are typed, at most 9% of the names
    and no unit read as values.)"""
    out: list[ReadIssue] = []
    # one pass: each target asked once whether it is typed (a property of the record)
    blank = 0
    typed = 0
    rows: list[dict[str, Any]] = []
    for i in indicators:
        kind, name = i["target"].kind, i["name"]
        is_typed = kind not in UNTYPED_KINDS  # Target.typed, asked of the kind read once (a record's attribute is slow)
        if not (is_typed or name.strip()):
            blank += 1
        if kind in NOT_APPLICABLE_KINDS and (not name.strip() or vocab.is_not_applicable(name)):
            continue
        rows.append(i)
        if is_typed:
            typed += 1
    if blank:
        out.append(ReadIssue(kind="uncertain", line=line, message=f"{blank} 行既没有三级指标也没有可识别的指标值，列可能错位"))
    if not rows:
        return out
    if typed < 0.5 * len(rows):
        out.append(ReadIssue(kind="uncertain", line=line,
                             message=f"{len(rows)} 个指标值中只有 {typed} 个能识别（比较符、数值、日期或等级），列可能错位"))
    names = [i["name"] for i in rows if _reads_as_value(i["name"] or "")]
    if len(names) > 0.25 * len(rows):
        out.append(ReadIssue(kind="uncertain", line=line,
                             message=f"{len(names)} 个三级指标读起来像指标值（如“{names[0]}”），列可能错位"))
    units = [i["unit"] for i in rows if _reads_as_value(i["unit"] or "")]
    if len(units) > 0.25 * len(rows):
        out.append(ReadIssue(kind="uncertain", line=line,
                             message=f"{len(units)} 个度量单位读起来像指标值（如“{units[0]}”），列可能错位"))
    return out


_FIELD_ROLES: Final = frozenset(("name", "target", "target_cmp", "target_num", "unit", "explanation", "actual",
                                 "actual_unit", "weight", "score", "deviation"))


def _duty_role(cell: str) -> str | None:
    role = vocab.DUTY_COLUMNS.get(vocab.normalise_heading(cell))
    if role is None and ("金额" in cell or "预算" in cell):
        return "amount"
    return role


_SERIAL: Final = re.compile(r"^[≥≤=<>]?(\d{2},?\d{3})$")


@lru_cache(maxsize=4096)  # a 指标值 cell (100%, ≥95%, 显著): the same few stand on most forms
def _excel_date(text: str) -> Any:
    """The date an Excel day number stands for (1900 date system), when the text is one between 2000 and 2050."""
    m = _SERIAL.match(normalise(text))
    if not m:
        return None
    n = int(m.group(1).replace(",", ""))
    if not 36526 <= n <= 54789:
        return None
    return dt.date(1899, 12, 30) + dt.timedelta(days=n)


def _comparator(text: str) -> str:
    t = normalise(text)
    return {"大于等于": "≥", "不低于": "≥", "不少于": "≥", "小于等于": "≤", "不高于": "≤", "不超过": "≤", "大于": ">",
            "小于": "<", "等于": "=", "═": "="}.get(t, t)


def _takes_unit(number: str) -> bool:
    """A number cell that needs its unit column to be a value: a plain number (95, ≥12), not one that carries its
    unit (95%), a date, a grade or 不适用."""
    t = parse_target(number)
    return t.kind == "number" and not t.unit


def _number(text: str, line: int, cell: str | None, what: str, issues: list[ReadIssue]) -> float | None:
    """A 分值 / 得分 cell: a number, blank marks as None, anything else None and reported."""
    if _is_blank_mark(text):
        return None
    v = to_float(text.rstrip("分"))
    if v is None and what == "分值" and text.rstrip().endswith(("%", "％")):
        v = to_float(text.rstrip().rstrip("%％"))  # 权重 15%: a weight printed as its share of the 100 points
    if v is None:
        issues.append(ReadIssue(kind="unreadable_value", line=line, cell=cell,
                                message=f"第 {line} 行的{what}“{_short(text)}”无法识别为数字"))
    return v


def _is_blank_mark(text: str) -> bool:
    return not text.strip() or text.strip() in ("/", "-", "—", "——", "_", "无", "－")


def _short(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _checked_new(text: str) -> bool | None:
    """项目属性 as printed: `新增项目`, `延续项目`, or checkboxes `☑新增 □延续`."""
    if any(m in text for m in vocab.CHECKED_MARKS):
        for mark in vocab.CHECKED_MARKS:
            at = text.find(mark)
            if at >= 0:
                after = text[at + 1: at + 4]
                if "新增" in after or "新" in after[:1]:
                    return True
                if "延续" in after or "续" in after[:2] or "经常" in after:
                    return False
        return None
    if "新增" in text:
        return True
    return False if "延续" in text or "经常" in text else None


def _layout_name(plan: ColumnPlan | None, indicators: list[dict[str, Any]]) -> str | None:
    """futian6 / shenshan5 / futian5 / budget2021 for the seeds' shapes, `columns` for any other table."""
    if plan is None:
        return None
    if plan.scatter:
        return "budget2021"
    roles = [r for r in plan.roles]
    if roles == ["level1", "level2", "name", "target", "unit", "explanation"]:
        return "futian6"
    if roles == ["level1", "level2", "name", "target", "explanation"]:
        if any(i["level1_raw"] and not i["level1_raw"].endswith("指标") for i in indicators):
            return "futian5"
        return "shenshan5"
    return "columns"


def _looks_like_indicator_row(cells: list[str]) -> bool:
    """A row outside any table that reads like an indicator row: a level name and at least three cells."""
    filled = [c for c in cells if c]
    if len(filled) < 3:
        return False
    return any(_level_of(c) is not None for c in filled[:2])


class _Level(NamedTuple):
    """What a level cell says, read once per distinct cell text."""

    kind: str  # level1 | level2 | both (成本指标, 满意度指标: either level) | pair (产出指标-数量指标: the two) | unknown
    level1: str | None  # canonical 一级 it names
    level2: str | None  # canonical 二级 it names
    required: bool  # the required mark (* or ★)
    parent: str | None  # the 一级 its 二级 belongs to


def _level_of(text: str) -> _Level | None:
    """The level a cell names, or None when it names none."""
    printed = _PRINTED_LEVELS.get(text)  # most level cells are a level name as vocab spells it
    if printed is not None:
        return printed
    level = _cell_level(text)
    if level is None and (m := _OUTLINE.match(text)) and m.end() < len(text):
        level = _cell_level(text[m.end():])  # 1.数量指标, （一）产出指标: a level cell numbered as an outline
    return level


_OUTLINE: Final = vocab.OUTLINE_NUMBER


def _heading_level(text: str) -> tuple[int, str, _Level] | None:
    """A level named on a row of its own, in a table without level columns: outline-numbered (一、产出指标, （一）数量指标)
    or a level's full name (数量指标); as _apply_levels reads it (position 0 a 一级, 1 a 二级), or None. A bare name
    such as 服务对象满意度 alone on its row is an indicator without a value."""
    m = _OUTLINE.match(text)
    rest = text[m.end():] if m else text
    if m is None and not vocab.normalise_heading(rest).endswith("指标"):  # (满意度指标（10分）: its points apart)
        return None
    level = _level_of(rest)
    if level is None:
        return None
    return (1 if (m is not None and m.group("two")) or level.kind == "level2" else 0), text, level


def level_kind(text: str) -> str | None:
    """level1 / level2 when a cell names a level (a name both could be counts as level1), else None."""
    level = _level_of(text)
    if level is None:
        return None
    return "level2" if level.kind == "level2" else "level1"


def _read_level(text: str) -> _Level | None:
    """`_level_of`, uncached."""
    l1, l2 = vocab.level1_of(text), vocab.level2_of(text)
    if not l1 and not l2:
        return _level_pair(text)
    return _Level("both" if l1 and l2 else "level1" if l1 else "level2", l1, l2, vocab.is_required_mark(text),
                  vocab.parent_of(l2))


_PAIR_JOINS: Final = re.compile(r"\s*[-—–－/／·]\s*")


def _level_pair(text: str) -> _Level | None:
    """A cell naming a 一级 and its 二级 together (产出指标-数量指标, 效益指标/社会效益指标): a `pair`, or None."""
    parts = _PAIR_JOINS.split(text.strip())
    if len(parts) != 2:
        return None
    l1, l2 = vocab.level1_of(parts[0]), vocab.level2_of(parts[1])
    if not l1 or not l2 or vocab.parent_of(l2) != l1:
        return None
    return _Level("pair", l1, l2, vocab.is_required_mark(parts[1]), l1)


_cell_level: Final = lru_cache(maxsize=16384)(_read_level)  # names and other spellings: cells repeat across forms
_UNKNOWN_LEVEL: Final = _Level("unknown", None, None, False, None)  # a level column's cell naming no known level


def _printed_levels() -> dict[str, _Level]:
    """Every level name and variant of vocab, with or without 指标 and a required mark, and the level it names."""
    printed: dict[str, _Level] = {}
    for name in (*vocab.LEVEL1, *vocab.LEVEL1_VARIANTS, *vocab.LEVEL2_PARENT, *vocab.LEVEL2_VARIANTS):
        for mark in ("", *vocab.REQUIRED_MARKS):
            for suffix in ("", "指标"):
                text = mark + name + suffix
                level = _read_level(text)
                if level is not None:
                    printed[text] = level
    return printed


_PRINTED_LEVELS: Final = _printed_levels()  # what most level cells hold


# ---------------------------------------------------------------------------------------------------------
# Section → forms
# ---------------------------------------------------------------------------------------------------------

def _value_after_colon(label: str, name: str, cell: str) -> bool:
    """`cell` is the value of the label before it though it reads as a label too: that label ends with a colon and
    names a text (项目名称： | 2027年国家司法救助资金), and `cell` does not end with one."""
    return label.endswith((":", "：")) and name not in AMOUNT_FIELDS and not cell.endswith((":", "："))


def _count_filled(cells: list[str]) -> int:
    """How many cells are not blank."""
    n = 0
    for cell in cells:
        if cell:
            n += 1
    return n


def _next_filled(cells: list[str], i: int) -> int:
    """The column of the first filled cell after column `i` (len(cells) when none is)."""
    return next((j for j in range(i + 1, len(cells)) if cells[j]), len(cells))


def _source_then_amount(cells: list[str], at: int) -> bool:
    """After the label at `at`: a label naming a source of money (州级财政资金), then an amount (500.00)."""
    filled = [c for c in cells[at + 1:] if c]
    return len(filled) >= 2 and vocab.names_fund_source(_label_key(filled[0])) \
        and header_label(filled[0])[1] is None and _reads_as_value(filled[1]) and not _reads_as_value(filled[0])


_YEAR_ROW: Final = re.compile(r"^((?:19|20)\d{2})\s*年?度?$")


def _fund_terms(cells: list[str], at: int) -> dict[int, tuple[str, str]]:
    """The columns after a fund block's label that head amounts of a term (项目总额（2027—2029年） | 2028年度), when one
    of them is this year's and every column after the label is a term's; else none (资金来源 | 中央补助 | 600: a label
    and its parts; 年度资金 | 年度资金总额 | 中央财政资金 | 省级财政资金: the labels of a row of amounts)."""
    filled = [k for k, c in enumerate(cells) if k > at and c]
    if filled and vocab.is_fund_block_label(_label_key(cells[filled[0]])):
        filled = filled[1:]  # 项目资金 | 资金来源 | 中期资金总额 | 年度资金总额: 资金来源 heads the column of labels
    terms = {k: (term, cells[k]) for k in filled if (term := vocab.fund_term_of(normalise(cells[k])))}
    return terms if len(terms) == len(filled) and any(term == "year" for term, _ in terms.values()) else {}


def _named_again(name: str, clean: list[str]) -> bool:
    """The 项目名称 row `clean` names the project `name` once more (in its label's cell or the next filled one)."""
    first = next((k for k, c in enumerate(clean) if c), len(clean))
    value = header_label(clean[first])[1] if first < len(clean) else None
    if value is None:
        value = next((c for c in clean[first + 1:] if c), "")
    return bool(name) and "".join(value.split()) == "".join(name.split())


# a template's empty indicator line (指标2：, ……): its numbering or an ellipsis, nothing filled
_TEMPLATE_STUB: Final = re.compile(r"指标\s*\d*\s*[:：]?|[…．.。·]+")
# a date as a form is signed (2028年1月12日, 2028-01-12)
_SIGN_OFF_DATE: Final = re.compile(r"(?:19|20)\d{2}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2})")
# a sentence that opens with an amount's label and its figure (年度资金总额186.40万元，其中：…; 合计750.00，其中：…)
_LEADING_AMOUNT: Final = re.compile(r"^([\u4e00-\u9fa5]{2,8}?)[:：]?\s*(\d[\d,]*(?:\.\d+)?\s*(?:万元|元)?)(?![\d.])")


def _money_printed(row: Row, cells: list[str]) -> tuple[int, str] | None:
    """(line, what is shown) of a money label with a figure in a cell after it (下达预算资金（万元） | 300.00, 合计 | 814,
    资金构成（万元） | 合计750.00，其中：…), or None."""
    for k, c in enumerate(cells[:-1]):
        if c and len(c) <= 20 and (vocab.MONEY_LABEL_WORDS.search(c) or _label_key(c) in vocab.MONEY_TOTAL_WORDS):
            after = next((v for v in cells[k + 1:] if v), "")
            if after and any(ch.isdigit() for ch in after[:12]):
                return row.line, f"{c}　{after[:30]}"
    return None


def _fund_columns(cells: list[str], at: int) -> dict[int, str]:
    """The labels after a fund block's label when they are all labels of its amounts (合计 or the amount's own label,
    the stems' parts, sources named: 一般公共预算拨款 | 政府性基金预算拨款 | 上年结转), two or more; else none."""
    columns = {k: c for k, c in enumerate(cells) if k > at and c}
    if columns and _label_key(columns[min(columns)]) in vocab.FUND_ROW_HEADINGS:
        del columns[min(columns)]  # 项目 | 总额 | …: the heading of the rows' labels
    for c in columns.values():
        key = _label_key(_SUBTOTAL_PREFIX.sub("", c))  # 其中：上级补助 (a part of the column before it)
        name, inline = header_label(c)
        if inline is not None or not (key in vocab.FUND_TOTAL_HEADINGS or name in AMOUNT_FIELDS
                                      or (name is None and (vocab.names_fund_source(key)
                                                            or key in vocab.GOVERNMENT_LEVELS  # 其中：省级 | 市级
                                                            or key in vocab.OTHER_MONEY_HEADINGS))):
            return {}
    return columns if len(columns) >= 2 else {}


def _unit_note(cell: str) -> str | None:
    """The money unit a (cleaned) cell prints apart from the amounts' labels: 单位：万元, 项目资金（万元）."""
    if "元" not in cell or len(cell) > 30:
        return None
    m = _UNIT_NOTE.search(cell)
    return (m.group(1) or m.group(2)) if m else None


def _unit_pair(cells: list[str]) -> str | None:
    """The money unit as a label and its value in two cells (金额单位 | 万元), in a row of cleaned cells."""
    for k, c in enumerate(cells):
        if c in vocab.MONEY_UNIT_LABELS:
            after = _next_filled(cells, k)
            if after < len(cells) and cells[after] in vocab.MONEY_UNIT_YUAN:
                return cells[after]
    return None



def money_unit_note(rows: list[Row]) -> str | None:
    """The money unit a run of rows prints apart from its amounts' labels (金额单位：万元), the last one."""
    unit = None
    for row in rows:
        cells = [clean_cell(c) for c in row.cells]
        for c in cells:
            unit = _unit_note(c) or unit
        unit = _unit_pair(cells) or unit
    return unit


def parse_target_section(rows: list[Row], source: str, index: int, department: bool = False,
                         unit: str | None = None) -> list[Form]:
    """A run of rows holding one or more target forms (a file's section) -> forms in order. `unit`: the money unit
    the file printed above this section (金额单位：万元 over the first of several projects), until its own says."""
    forms: list[Form] = []
    b: _Builder | None = None
    pending_title: tuple[str, int] | None = None
    pending_year: int | None = None
    skip_to = -1  # the second row of a two-row table header, read with the first
    owner: tuple[str, str, int, str | None] | None = None  # a table of several projects: the unit they come under

    # a header block printed after a form's table, with no title or project name (测算依据 | …, 项目资金情况 | …): read as
    # another form's header, while the form whose table it follows waits; when no table of its own follows, the
    # block was the waiting form's own (its fund block and texts printed under the indicators), and is given to it
    held: _Builder | None = None
    tail: list[tuple[Row, list[str]]] = []  # the header rows read since

    def finish() -> None:
        nonlocal b, held
        if held is not None:
            # the block is the waiting form's when it has no table, no title, no project name, and only fields the
            # form lacks (a second 测算依据 is another form's)
            if b is not None and b.plan is None and b.title is None and "项目名称" not in b.fields \
                    and not b.fields.keys() & held.fields.keys():
                for tail_row, tail_cells in tail:
                    held.header_row(tail_row, tail_cells)
                b = held
            else:
                forms.append(held.build())
            held = None
            tail.clear()
        if b is not None and (b.fields or b.indicators):
            forms.append(b.build())
        b = None

    for at, row in enumerate(rows):
        if at <= skip_to:
            continue
        cells = row.cells
        clean = clean_cells(cells)  # once per row; every step below reads these
        first = clean[0] if clean else ""
        if ("表" in first or "目标" in first) and _is_title(clean):
            finish()
            pending_title = (first, row.line)
            continue
        n_filled = _count_filled(clean)
        if not n_filled:
            continue  # a blank row changes nothing
        if n_filled == 1 and b is not None and (m := vocab.TABLE_TERM_CAPTION.match(
                normalise(next(c for c in clean if c)).replace(" ", ""))):
            b.term_caption("long" if m.group("term") in vocab.LONG_TERMS else "annual")
            continue
        if n_filled == 1 and b is not None and b.plan is not None and "指标" in (only := next(c for c in clean if c)) \
                and vocab.TABLE_GROUP_CAPTION.match(normalise(only)):
            continue  # 核心绩效指标 / 其他绩效指标 over a group of the table's rows: a caption, no indicator
        if n_filled <= 2:
            filled_text = " ".join([c for c in clean if c])
            if "年" in filled_text and (m := _YEAR_LINE.match(filled_text)):
                pending_year = int(m.group(1))
                if b is not None and b.budget_year is None and not b.fields:
                    b.budget_year = pending_year
                continue
        label0 = header_label(first)[0] if "项" in first else None  # only 项目编码 / 项目名称 matter here
        starts = label0 in ("项目编码", "项目名称")
        if starts and b is not None and b.plan is None and label0 == "项目名称" and b.fields.get("项目名称") \
                and _named_again(b.fields["项目名称"]["value"], clean):
            # 项目名称：X on a caption line, then 项目名称 | X in the header's table (a 陕西 form): one project named twice
            starts = False
        if starts and (b is None or b.plan is not None or "项目名称" in b.fields and label0 == "项目名称"
                       and "项目编码" not in b.fields):
            if b is None or b.plan is not None or b.fields.get("项目名称"):
                finish()
        elif b is not None and b.plan is not None and first and _level_of(first) is None and _starts_header_block(clean):
            # a form's header printed after another form's table (a form without its title): a new form, unless no
            # table of its own follows (finish: `held`)
            if held is not None:  # the block before had a table of its own: a form, and so is `held`
                forms.append(held.build())
                tail.clear()
            held, b = b, _Builder(source, index + 1 + len(forms), row.line, budget_year=pending_year,
                                  department=department, unit=unit)
            b.issues.append(ReadIssue(kind="uncertain", line=row.line, cell=row.ref(0),
                                      message="此处在上一张表单的指标表之后出现了新的表头（没有表名和项目名称），按另一张表单读取"))
        if b is None and not starts and pending_title is None and _may_be_table_header(clean) \
                and (plan := plan_of(rows, at)) is not None:
            # an indicator table with no title or header before it (a page that opens at the table)
            b = _Builder(source, index + len(forms), row.line, budget_year=pending_year, department=department,
                         unit=unit)
            b.issues.append(ReadIssue(kind="uncertain", line=row.line, cell=row.ref(0),
                                      message="表单没有表名和表头（项目名称等），只读到了指标表"))
            b.table_header(plan)
            skip_to = at + len(plan.lines) - 1
            continue
        if b is None:
            if not starts and pending_title is None:
                continue  # stray text before any form
            line = pending_title[1] if pending_title else row.line
            b = _Builder(source, index + len(forms), line, title=pending_title[0] if pending_title else None,
                         budget_year=pending_year, department=department, unit=unit)
            pending_title, pending_year = None, None
        if b.plan is None:
            plan = plan_of(rows, at) if _may_be_table_header(clean) else None
            if plan is not None:
                b.table_header(plan)
                skip_to = at + len(plan.lines) - 1 if plan.lines[0] == row.line else at
            elif not (department and b.duty_row(row, clean)):
                b.header_row(row, clean)
                if held is not None:
                    tail.append((row, clean))
        else:
            if b.plan.has("project"):
                plan = b.plan
                project = clean[plan.roles.index("project")] if plan.roles.index("project") < len(clean) else ""
                at_unit = None if project else _unit_total(plan, clean)
                if at_unit is not None:
                    # a unit's total above its projects (820-马踏镇部门 |  | 8,827,620.53): the department of the projects
                    # that follow it
                    owner = (plan.headings[at_unit] or "单位名称", clean[at_unit], row.line, row.ref(at_unit))
                    if not b.indicators:
                        b._set_field("一级预算单位", *owner)
                    continue
                if project and b.indicators and project != b._text("项目名称"):
                    finish()
                    b = _Builder(source, index + len(forms), row.line, budget_year=pending_year, unit=unit)
                    b.plan = plan
                    if owner is not None:
                        b._set_field("一级预算单位", *owner)
                if project and "项目名称" not in b.fields:
                    _lead_fields(b, row, clean)
            b.indicator_row(row, clean)
    finish()
    return forms


def _unit_total(plan: ColumnPlan, clean: list[str]) -> int | None:
    """A table of several projects: the column of the unit a row names when it fills the unit column and no indicator
    (a unit's or a department's total row); None for any other row."""
    if not plan.has("applicant"):
        return None
    at = plan.roles.index("applicant")
    if at >= len(clean) or not clean[at] or any(clean[plan.lead:]):
        return None
    return at


def _lead_fields(b: _Builder, row: Row, clean: list[str]) -> None:
    """A table of several projects: the project's name, amount and goal on its first row, as the form's header."""
    plan = b.plan
    assert plan is not None
    for i, role in enumerate(plan.roles):
        text = clean[i] if i < len(clean) else ""
        if not text:
            continue
        field = {"project": "项目名称", "amount": "本年度项目金额", "goal": "年度目标", "applicant": "申请单位"}.get(role or "")
        if field:
            b._set_field(field, plan.headings[i] or field, text, row.line, row.ref(i))


def _is_title(clean: list[str]) -> bool:
    return title_kind(clean) is not None


def _may_be_table_header(clean: list[str]) -> bool:
    return may_be_header(clean)


def _starts_header_block(clean: list[str]) -> bool:
    """A row that opens a form's header: its first text cell is a header label of the form's own fields (政策依据,
    测算依据…; not a footer such as 备注 or 填报人) followed by a value, or the label of a block of amounts followed
    by an amount's label (项目资金情况 | 年度资金总额 | 4,800,000.00)."""
    first = next((c for c in clean if c), "")
    name, inline = header_label(first)
    if name is None and "资金" in first and _PAREN.sub("", "".join(first.split())) in vocab.FUND_BLOCK_LABELS:
        second = next((c for c in clean[clean.index(first) + 1:] if c), "")
        return header_label(second)[0] in vocab.AMOUNT_FIELDS
    if name is None or name in vocab.FOOTER_LABELS or name not in vocab.HEADER_LABELS:
        return False
    text = "".join("".join(clean).split())
    if any(f"{label}：" in text or f"{label}:" in text for label in vocab.FOOTER_LABELS):
        return False  # 填报单位（盖章）：… 填报人：… 联系电话：…: the sign-off under a table, not a new form's header
    has_value = inline is not None or sum(1 for c in clean if c) >= 2
    return has_value and name in ("政策依据", "测算依据", "项目概况", "年度目标", "长期目标", "申请单位", "一级预算单位",
                                  "项目总金额", "本年度项目金额", "实施期限")


def share_budget_year(forms: list[Form]) -> None:
    """Forms exported together belong to one budget: one whose year could not be read takes its siblings'."""
    give_budget_year(forms, common_budget_year([f.budget_year for f in forms if f.budget_year]))


def common_budget_year(years: list[int]) -> int | None:
    """The year most of the forms read themselves (their `budget_year`s, in the file's order)."""
    return max(set(years), key=years.count) if years else None


def give_budget_year(forms: list[Form], common: int | None) -> None:
    """The siblings' year to each form that could read none of its own."""
    if common is None:
        return
    for f in forms:
        if f.budget_year is None:
            f.budget_year, f.budget_year_source = common, "siblings"
            f.years = f.years or [common]
