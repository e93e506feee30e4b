"""Department budget reports (部门预算): the numbered tables 表1 … 表14 of ../shared/seeds/002_*.

    表 1                      table number (a line of its own)
    收支总表                  title
    单位名称：…               the unit (-> BudgetReport.project_name)
    单位：万元                unit of the amounts (kept as printed: amounts are not converted)
    header rows …             column names (multi-row headers joined top to bottom with "/")
    data rows …               label, optional subject code, amounts

Modelling choices:

- Amount columns are the columns whose data cells are all numbers (or blank); `BudgetRow.amounts` has one entry
  per amount column (None = blank), in the order of `BudgetTable.columns`.
- A table that prints income and expenditure side by side (收支总表, 政府预算拨款收支总表: 项目 | 预算数 | 项目 | 预算数)
  becomes two tables with the same number, titled `…（收入）` and `…（支出）`, so each side sums on its own.
- Hierarchy (`depth`): subject codes (201 / 20103 / 2010301 -> 0/1/2; A / A02 -> 0/1); ordinals (`一、` 0, `1.` 1);
  the department row (0) and its `（本级）` unit row (1) above the detail rows; group labels from
  vocab.BUDGET_GROUP_LABELS (工资福利支出…) over the rows below them. A label printed without a code in one table
  (收支总表) takes the code the same label has in another table of the report (一般公共预算支出表).
- 合计 / 总计 / 小计 rows are `is_total`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jixiao import vocab
from jixiao.model import BudgetReport, BudgetRow, BudgetTable, record
from jixiao.parse.forms import BUDGET_TABLE_START as TABLE_START
from jixiao.parse.rows import Row
from jixiao.scan import guarded
from jixiao.values import CN_DIGIT, clean_cell, squeeze, to_float

LAYOUT = "budget2021"
_UNIT_NAME = guarded(r"^\s*(?:单位名称|部门（单位）名称|部门名称)\s*[:：]\s*(.+)$")
_UNIT = guarded(r"^\s*单位\s*[:：]\s*(万元|元|千元|亿元)\s*$")
_OWN_LEVEL = re.compile(r"[（(]本级[)）]")  # …局（本级）: the unit itself, under its department
_CODE = re.compile(r"^(?:\d{3}|\d{5}|\d{7}|[A-Z](?:\d{2})*)$")
_YEAR = re.compile(r"^(19|20)\d{2}$")
_TOTALS = ("合计", "总计", "小计")  # a label that starts or ends with one is a total row
_ORDINAL0 = re.compile(r"^[一二三四五六七八九十]+、")
_ORDINAL1 = re.compile(r"^(\d+[.．、]|[（(][一二三四五六七八九十]+[）)])")
_STOP = guarded(r"^\s*(年度绩效指标|预算项目支出绩效目标申报表)")
_BLANK = {"", "-", "—", "/", "_"}
_HAN = re.compile(r"[一-龥]")
_UNSQUEEZED = re.compile(r"[\s<]")  # whitespace or a tag's start: what squeeze removes
# A Han character that is no numeral (NFKC keeps it as it is): to_float cannot read the cell, a label's cell
_WORD = re.compile(rf"(?!{CN_DIGIT})[一-龥]")


@lru_cache(maxsize=8192)
def _amount(s: str) -> tuple[float | None, bool]:
    """(value, is_number_or_blank) of a squeezed cell."""
    if s in _BLANK:
        return None, True
    if s.isascii():  # most amounts (2,708.03): no Han character to look for
        v = to_float(s)
        return v, v is not None
    if _WORD.search(s):  # most labels: decided without to_float's NFKC and numeral reading
        return None, False
    v = to_float(s)
    return v, v is not None and not _HAN.search(s)


def parse_budget_report(rows: list[Row], source: str, index: int) -> list[BudgetReport]:
    """One report: every `表 N` table in the rows (prose between tables is ignored)."""
    starts = [i for i, r in enumerate(rows) if _starts_table(r)]
    if not starts:
        return []
    report = BudgetReport(source=source, index=index, line=rows[starts[0]].line, layout=LAYOUT,
                          title="部门预算表")
    for k, s in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(rows)
        tables, unit_name = _parse_table(rows[s:end])
        report.tables.extend(tables)
        if unit_name and not report.project_name:
            report.project_name = unit_name
            report.applicant = unit_name
    _borrow_codes(report)
    return [report]


def _starts_table(r: Row) -> bool:
    head = r.cells[0].lstrip() if r.cells else ""
    if head:  # most rows: the row's text starts in its first cell, with 表 or not
        return head[0] == "表" and TABLE_START.match(r.text) is not None
    text = r.text
    return "表" in text and TABLE_START.match(text) is not None


def _parse_table(rows: list[Row]) -> tuple[list[BudgetTable], str | None]:
    number = int(TABLE_START.match(rows[0].text).group(1))  # type: ignore[union-attr]
    title, unit_name = None, None
    body: list[Row] = []  # with squeezed cells: each cell squeezed once, here
    for r in rows[1:]:
        # Blank cells dropped: no runs of spaces between the others, for clean_cell to fold with its regexes
        text = clean_cell(" ".join(filter(None, r.cells)))
        if not text:
            continue
        if _STOP.match(text):
            break
        m = _UNIT_NAME.match(text)
        if m and len([c for c in r.cells if clean_cell(c)]) == 1:
            unit_name = squeeze(m.group(1))
            continue
        if _UNIT.match(text):
            continue
        if title is None and not body and len([c for c in r.cells if clean_cell(c)]) == 1:
            title = squeeze(text)
            continue
        cells = _squeezed(r.cells)
        body.append(r if cells is r.cells else Row(r.line, cells))
    title = title or f"表{number}"
    first = next((i for i, r in enumerate(body) if _is_data(r)), None)
    if first is None:
        return [BudgetTable(number=number, title=title, line=rows[0].line)], unit_name
    header, data = _header_rows(body[:first]), body[first:]
    top = header[0].cells if header else []
    if len([c for c in top if c]) >= 2 and top and top[0] == "收入" and "支出" in top:
        split = top.index("支出")
        tables = []
        for side, lo, hi in (("收入", 0, split), ("支出", split, None)):
            sub_header = [Row(h.line, h.cells[lo:hi]) for h in header[1:]]
            sub_data = [Row(d.line, d.cells[lo:hi]) for d in data]
            t = _build(number, f"{title}（{side}）", sub_header, sub_data, rows[0].line, unit_name)
            tables.append(t)
        return tables, unit_name
    return [_build(number, title, header, data, rows[0].line, unit_name)], unit_name


def _squeezed(cells: list[str]) -> list[str]:
    """squeeze over a row. Most rows have no space or tag in any cell: one scan of the row says so."""
    if _UNSQUEEZED.search("\x00".join(cells)) is None:
        return cells
    return [squeeze(c) for c in cells]


def _is_data(r: Row) -> bool:
    return any(c and _amount(c)[0] is not None and not _YEAR.match(c) and not _CODE.match(c) for c in r.cells)


def _header_rows(rows: list[Row]) -> list[Row]:
    """The rows right above the data (at most 4), stopping at a row of long text (a form's free text)."""
    out: list[Row] = []
    for r in reversed(rows):
        if len(out) == 4 or any(len(c) > 40 for c in r.cells):
            break
        out.insert(0, r)
    return out


def _columns(header: list[Row], width: int) -> list[str]:
    grid: list[list[str]] = []
    for k, h in enumerate(header):
        cells = h.cells + [""] * (width - len(h.cells))
        if k < len(header) - 1:  # an upper header cell spans the empty cells to its right
            last = ""
            for i, c in enumerate(cells):
                if c:
                    last = c
                elif i > 0 and last:
                    cells[i] = last
        grid.append(cells[:width])
    # each column's distinct names, top to bottom (dict.fromkeys keeps the first of each, in order)
    return ["/".join(dict.fromkeys(c for c in col if c)) for col in zip(*grid)] if grid else [""] * width


def _build(number: int, title: str, header: list[Row], data: list[Row], line: int,
           unit_name: str | None) -> BudgetTable:
    width = max(len(r.cells) for r in header + data)
    names = _columns(header, width)
    grid = [r.cells + [""] * (width - len(r.cells)) for r in data]
    cols = list(zip(*grid))
    code_col = next((i for i, n in enumerate(names) if "编码" in n or "编号" in n), None)
    if code_col is None:
        code_col = next((i for i, col in enumerate(cols)
                         if any(col) and all(not v or _CODE.match(v) for v in col) and
                         not all(not v or _amount(v)[0] is not None for v in col)), None)
    year_cols = {i for i, (n, col) in enumerate(zip(names, cols))
                 if any(col) and all(not v or _YEAR.match(v) for v in col)}
    # Blank cells are blank amounts: skipped. A label column fails on its first label, an empty column at once.
    amount_cols = [i for i, col in enumerate(cols)
                   if i != code_col and i not in year_cols and any(col) and all(_amount(v)[1] for v in col if v)
                   and any(_amount(v)[0] is not None for v in col if v)]
    label_col = next((i for i, n in enumerate(names) if "名称" in n and i not in amount_cols), None)
    table = BudgetTable(number=number, title=title, columns=[names[i] or f"第{i + 1}列" for i in amount_cols],
                        line=line)
    dept = _OWN_LEVEL.sub("", unit_name or "")
    first_amount = amount_cols[0] if amount_cols else width
    # Without a label column (or a blank label cell) the label is the last text before the amounts
    text_cols = [i for i in reversed(range(first_amount)) if i != code_col and i not in year_cols]
    year_order = sorted(year_cols)
    group_seen = False
    rows = table.rows
    for r, cells in zip(data, grid):
        label = cells[label_col] if label_col is not None else ""
        if not label:
            for i in text_cols:
                if cells[i]:
                    label = cells[i]
                    break
        year = next((cells[i] for i in year_order if cells[i]), None) if year_order else None
        code = cells[code_col] if code_col is not None and _CODE.match(cells[code_col]) else None
        amounts = [_amount(cells[i])[0] for i in amount_cols]
        if not label and not code and all(a is None for a in amounts):
            continue
        is_total = label.startswith(_TOTALS) or label.endswith(_TOTALS)
        depth = 0
        if year:
            label = f"{label}（{year}）"  # one row per year (三公经费表): no hierarchy between them
        elif is_total:
            depth = 0
        elif code:
            depth = _code_depth(code)
        elif (level := _ordinal_level(label)) is not None:
            depth = level
        elif dept and label == dept:
            depth = 0
        elif "本级" in label or (unit_name and label == unit_name):
            depth = 1
        elif label in vocab.BUDGET_GROUP_LABELS:
            group_seen = True
            depth = 0
        elif group_seen:
            depth = 1
        # every value typed here (amounts are to_float's floats), every field given in declared order
        rows.append(record(BudgetRow, {"label": label or (code or ""), "code": code, "depth": depth,
                                       "amounts": amounts, "is_total": is_total, "line": r.line}))
    if not year_cols:
        _offset_unit_rows(table)
    return table


def _code_depth(code: str) -> int:
    if code[0].isdigit():
        return {3: 0, 5: 1, 7: 2}.get(len(code), 0)
    return (len(code) - 1) // 2


def _offset_unit_rows(table: BudgetTable) -> None:
    """Department (0) and unit (1) rows sit above the detail rows: push the details below them."""
    units = {id(r): r for r in _unit_rows(table)}
    unit_depth = max((r.depth for r in units.values()), default=None)
    if unit_depth is None:
        return
    for r in table.rows:
        if id(r) not in units and not r.is_total:
            r.depth += unit_depth + 1


def _unit_rows(table: BudgetTable) -> list[BudgetRow]:
    """The department and unit rows: without a code, at depth 0 or 1, a unit's own row (…（本级）) or the department
    that a （本级） row names. By the table, not by the name's ending: a project can be named …交易会 or …中心 too."""
    own = {_OWN_LEVEL.sub("", r.label) for r in table.rows if "本级" in r.label}
    if not own:
        return []  # no （本级） row: no unit row, and no department named by one
    return [r for r in table.rows if r.code is None and r.depth <= 1 and ("本级" in r.label or r.label in own)]


def _borrow_codes(report: BudgetReport) -> None:
    """Labels printed without codes (收支总表) take the subject code the same label has elsewhere in the report."""
    codes: dict[str, str] = {}
    ordinal_depth: dict[str, int] = {}  # 一、政府预算拨款 (0) / 1.一般公共预算拨款 (1), printed bare in 表6
    for t in report.tables:
        for r in t.rows:
            code = r.code
            if code and code[0].isdigit():
                codes.setdefault(r.label, code)
            elif _ordinal_level(r.label) is not None:
                ordinal_depth.setdefault(_strip_ordinal(r.label), r.depth)
    for t in report.tables:
        if any(r.code for r in t.rows) or _unit_rows(t):
            continue  # only tables that print subjects by name alone (收支总表)
        for r in t.rows:
            if r.label in codes and not r.is_total:
                r.code = codes[r.label]
                r.depth = _code_depth(r.code)
            elif not r.is_total and r.label in ordinal_depth and r.label == _strip_ordinal(r.label):
                r.depth = ordinal_depth[r.label]


@lru_cache(maxsize=8192)
def _ordinal_level(label: str) -> int | None:
    """0 for 一、…, 1 for 1. … or （一）…, None for a label without an ordinal (asked of each label twice)."""
    if _ORDINAL0.match(label):
        return 0
    if _ORDINAL1.match(label):
        return 1
    return None


def _strip_ordinal(label: str) -> str:
    return _ORDINAL1.sub("", _ORDINAL0.sub("", label))
