"""Target forms (绩效目标申报表) from rows of cells, for every layout in the seeds.

Layouts (named in `Form.layout`):
- futian6   (seed 000): header pairs `项目编码: … 项目名称: …`, then 一级 二级 三级 指标值 度量单位 指标解释; a blank leading
             cell means "same as above"; some rows are shifted one cell left.
- shenshan5 (seed 001): 5 columns with 一级 on every row, free text between header and table, 项目申报依据.
- futian5   (seed 003): 5 columns with short level names (产出 / *数量), amounts in 万元, a 备注 footer.
- budget2021 (seed 002): 项目名称 | 项目属性名称 | 项目起止时间 header without colons, 投入指标 (测算明细, 资金支出进度),
             `<p>` tags, cells scattered by a PDF export, names wrapped over two lines.

Cells are classified by what they hold (a level name, a value, text), not only by position, because real exports
shift cells. Every repair is recorded on the form (`Form.repairs`) for the `format` rules.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Final, NamedTuple

from pydantic import TypeAdapter

from jixiao import vocab
from jixiao.model import Amount, Form, HeaderField, Indicator, Repair, Target
from jixiao.parse.rows import Row
from jixiao.values import (
    CN_NUMERAL, clean_cell, clean_cells, normalise, parse_amount, parse_period, parse_target, to_float, unit_in_label,
)

# ---------------------------------------------------------------------------------------------------------
# Header labels
# ---------------------------------------------------------------------------------------------------------

# canonical field name -> label stems (after normalising: no spaces, no colon, no parenthetical, no 其中)
HEADER_LABELS: dict[str, tuple[str, ...]] = {
    "项目编码": ("项目编码", "项目编号"),
    "项目名称": ("项目名称",),
    "申请单位": ("申请单位", "实施单位"),
    "一级预算单位": ("一级预算单位", "项目主管部门", "主管部门"),
    "实施期限": ("实施期限",),
    "项目类型": ("项目类型",),
    "是否新增项目": ("是否新增项目",),
    "项目属性": ("项目属性名称", "项目属性"),
    "分配方式": ("分配方式",),
    "起止时间": ("项目起止时间", "起止时间"),
    "项目总金额": ("项目总金额",),
    "本年度项目金额": ("本年度项目金额", "本年预算金额", "本年度金额", "年度资金总额"),
    "财政拨款资金": ("财政拨款资金", "财政拨款"),
    "其他资金": ("其他资金",),
    "转移支付资金": ("转移支付资金",),
    "政府购买服务资金": ("政府购买服务资金",),
    "上年结转资金": ("上年结转资金", "上年结转"),
    "政策依据": ("政策依据", "项目申报依据", "立项依据"),
    "测算依据": ("测算依据",),
    "项目概况": ("项目概况",),
    "项目用途": ("项目用途",),
    "年度目标": ("项目年度目标", "年度目标"),
    "长期目标": ("长期目标", "项目中期目标", "中期目标"),
    "备注": ("备注",),
}
# Module constants read while parsing are Final: compiled (mypyc), such a name is a C static, where another is looked
# up in the module's dict (and a tuple's items type-checked) at every use
FREE_TEXT_FIELDS: Final = ("政策依据", "测算依据", "项目概况", "项目用途", "年度目标", "长期目标", "备注")
AMOUNT_FIELDS: Final = ("项目总金额", "本年度项目金额", "财政拨款资金", "其他资金", "转移支付资金", "政府购买服务资金", "上年结转资金")
FUNDING_FIELDS: Final = AMOUNT_FIELDS[2:]

_LABEL_STEMS: Final = sorted(((stem, name) for name, stems in HEADER_LABELS.items() for stem in stems),
                             key=lambda x: -len(x[0]))
_PAREN: Final = re.compile(r"[(（][^)）]*[)）]")


def header_label(cell: str) -> tuple[str | None, str | None]:
    """(canonical name, inline value) when a cell is a header label: `政策依据:` or `政策依据: 根据…` (001 inline)."""
    if len(cell) > 40:
        # long text is a value, unless it starts with `label:`; then it is one form's free text, read uncached
        return _read_header_label(cell) if _starts_with_label(cell) else (None, None)
    printed = _PRINTED_LABELS.get(cell)  # most labels are printed as a stem, with or without a colon
    if printed is not None:
        return printed
    return _header_label(cell)  # other short cells (labels, amounts) repeat across forms


_INLINE_LABEL: Final = re.compile(r"^\s*(<p>)?\s*(其中\s*[:：])?[^:：]{1,30}[:：]")


def _starts_with_label(cell: str) -> bool:
    """`_INLINE_LABEL.match(cell)` for a non-empty cell. When it starts with neither whitespace, `<` nor 其, only its
    first colon can end the label: the match is that colon standing 1 to 30 characters in (no regex, whose
    backtracking costs ~5,000 instructions on a long text)."""
    first = cell[0]
    if first.isspace() or first in "<其":
        return _INLINE_LABEL.match(cell) is not None
    head = cell[:31]
    colon, wide_colon = head.find(":"), head.find("：")
    first_colon = wide_colon if colon < 0 else colon if wide_colon < 0 else min(colon, wide_colon)
    return first_colon >= 1


_SUBTOTAL_PREFIX: Final = re.compile(r"^其中\s*[:：]\s*")  # 其中：财政拨款资金 (its colon is not a separator)
_LABEL_VALUE: Final = re.compile(r"^([^:：]{1,30}?)\s*[:：]\s*(.*)$")
_COLON: Final = re.compile(r"[:：]")
_PARAGRAPH_BREAK: Final = re.compile(r"</p>\s*<p>")  # 002: `name</p> <p>100%` in one cell


def _read_header_label(cell: str) -> tuple[str | None, str | None]:
    text = clean_cell(cell)
    if not text:
        return None, None
    # split `label: value` written in one cell; the colon in `其中：财政拨款资金` is not a separator
    head, value = text, None
    body = _SUBTOTAL_PREFIX.sub("", text)
    m = _LABEL_VALUE.match(body)
    if m:
        head, value = m.group(1), m.group(2).strip() or None
    else:
        head = body
    key = normalise(_PAREN.sub("", head))
    key = key.rstrip(":：")
    for stem, name in _LABEL_STEMS:
        if key == stem or (key.startswith(stem) and len(key) <= len(stem) + 4 and not value):
            return name, value
    return None, None


_header_label: Final = lru_cache(maxsize=16384)(_read_header_label)
# Every label stem as printed, alone or with a colon, read once: a dict lookup instead of the cache's call
_PRINTED_LABELS: Final = {printed: _read_header_label(printed) for stem, _ in _LABEL_STEMS
                          for printed in (stem, stem + ":", stem + "：")}


def is_table_header(cells: list[str]) -> bool:
    """The indicator table's header row: a cell names 一级指标 and the row names 二级指标 too."""
    for c in cells:
        if "一级指标" in c:
            break
    else:
        return False
    joined = "".join(normalise(c) for c in cells)
    return "一级指标" in joined and "二级指标" in joined


_YEAR_LINE: Final = re.compile(r"^\s*((?:19|20)\d{2})\s*年度\s*$")
_PERIOD_COUNT: Final = re.compile(rf"\d+|{CN_NUMERAL}")  # 实施期限: 3年, 三年
_NAME_YEAR: Final = re.compile(r"((?:19|20)\d{2})\s*年度?")  # the budget year in a project name
_GOAL_YEAR: Final = re.compile(r"((?:19|20)\d{2})\s*年")  # years an annual goal mentions
_NO_TARGET: Final = Target(raw="", kind="not_applicable")  # an input row's (投入): shared, as parse_target's are
# Every Indicator field in declared order, None; a target form's rows fill all but the self-evaluation columns
# (actual, weight, score, deviation), which stay None
_NO_INDICATOR: Final[dict[str, Any]] = dict.fromkeys(Indicator.model_fields)
_ROW_LABELS: Final = ("年度绩效指标", "年度绩效", "绩效指标", "指标")  # 002's first column label, and its OCR fragments

# ---------------------------------------------------------------------------------------------------------
# Form builder
# ---------------------------------------------------------------------------------------------------------


class _Columns:
    """The indicator table's columns after the level columns: which of unit / explanation the layout has.
    Plain classes here (this one and _Builder), not dataclasses: compiled, their `__init__` is native, where a
    dataclass's is the Python code the dataclasses module writes (~5,000 instructions a builder)."""

    def __init__(self, has_unit: bool, has_explanation: bool, layout: str) -> None:
        self.has_unit = has_unit
        self.has_explanation = has_explanation
        self.layout = layout
        self.rest = 2 + has_unit + has_explanation  # name, value, then the unit and explanation columns the layout has


# Form.trusted and Indicator.trusted bound once: compiled, `Indicator.trusted(i)` looks the classmethod up on the
# pydantic class (metaclass and MRO lookups, a new bound method: ~1,000 instructions) at every call
_trusted_form: Final = Form.trusted
_trusted_indicator: Final = Indicator.trusted
_trusted_header_field: Final = HeaderField.trusted
# Validator of the repairs a form holds (pydantic-core's, called directly: TypeAdapter.validate_python is a Python
# frame around it)
_REPAIRS: Final = TypeAdapter(list[Repair]).validator.validate_python


class _Builder:
    def __init__(self, source: str, index: int, line: int, title: str | None = None,
                 budget_year: int | None = None) -> None:
        self.source = source
        self.index = index
        self.line = line
        self.title = title
        self.budget_year = budget_year
        # The form's records as the field values of their models (HeaderField, Indicator, Repair), edited while rows
        # are read (a free text continued, a wrapped name joined). `build` makes the Form, its header fields and its
        # indicators trusted (typed here, every field given) and has pydantic validate the repairs in one call.
        self.fields: dict[str, dict[str, Any]] = {}
        self.amounts: dict[str, Amount] = {}
        self.indicators: list[dict[str, Any]] = []
        self.repairs: list[dict[str, Any]] = []
        self.columns: _Columns | None = None
        self.last_field: str | None = None
        self.level1: str | None = None
        self.level1_raw: str | None = None
        self.level2: str | None = None
        self.level2_raw: str | None = None
        self.required = False
        self.footer = False

    # -- header ------------------------------------------------------------------------------------------

    def header_row(self, row: Row, cells: list[str]) -> None:
        """`cells` are the row's cells cleaned (clean_cell), once per row by the caller."""
        i = 0
        n_cells = len(cells)
        consumed_any = False
        while i < n_cells:
            name, inline = header_label(cells[i]) if cells[i] else (None, None)
            if name is None:
                i += 1
                continue
            consumed_any = True
            label = cells[i]
            if inline is not None:
                label = _COLON.split(_SUBTOTAL_PREFIX.sub("", label), maxsplit=1)[0]
                value, ref = inline, row.ref(i)
                i += 1
            else:
                j = i + 1
                while j < n_cells and cells[j] in ("", ":", "："):
                    j += 1
                if j < n_cells and header_label(cells[j])[0] is None:
                    value, ref = cells[j], row.ref(j)
                    # free text spread over several cells of one row (rare): join the rest up to the next label
                    if name in FREE_TEXT_FIELDS:
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
            self._set_field(name, label.rstrip(":："), value, row.line, ref)
        if not consumed_any:
            text = " ".join([c for c in cells if c])
            if text and self.last_field in FREE_TEXT_FIELDS:
                # a continuation line of a free-text field (001: contract lists under 政策依据 / 测算依据)
                f = self.fields[self.last_field]
                f["value"] = (f["value"] + "\n" + text).strip()

    def _set_field(self, name: str, label: str, value: str, line: int, ref: str | None) -> None:
        if name in self.fields and name not in FREE_TEXT_FIELDS:
            return  # keep the first occurrence (e.g. 其他资金 repeated in a footer)
        if name in self.fields:
            f = self.fields[name]
            f["value"] = (f["value"] + "\n" + value).strip()
        else:
            self.fields[name] = {"label": label, "value": value, "line": line, "cell": ref}
        self.last_field = name
        if name in AMOUNT_FIELDS:
            amt = parse_amount(value, unit_in_label(label) or "元", line)
            if amt is not None:
                self.amounts[name] = amt

    # -- indicator table -----------------------------------------------------------------------------------

    def table_header(self, row: Row) -> None:
        cells = [normalise(c) for c in row.cells]
        roles = {vocab.TABLE_COLUMNS.get(c) for c in cells}
        has_unit, has_expl = "unit" in roles, "explanation" in roles
        budget = any(c in ("指标内容", "目标值") for c in cells) or any(c.startswith("年度绩效指标") for c in cells)
        layout = "budget2021" if budget else ("futian6" if has_unit else "shenshan5")
        self.columns = _Columns(has_unit, has_expl, layout)
        self.last_field = None

    def indicator_row(self, row: Row, clean: list[str]) -> None:
        """`clean` are the row's cells cleaned (clean_cell), once per row by the caller."""
        cols = self.columns
        assert cols is not None
        raw_cells = row.cells
        refs = row.refs
        cells = clean
        # 002: the first column holds the row label 年度绩效指标 (or its OCR pieces)
        if cells and cells[0] and normalise(cells[0]) in _ROW_LABELS:
            raw_cells = ["", *raw_cells[1:]]
            cells = ["", *cells[1:]]
        n_filled = _count_filled(cells)
        if not n_filled:
            return
        if n_filled == 1 and header_label(next(c for c in cells if c))[0] == "备注":
            self.footer = True
            self.header_row(row, clean)
            return

        # Peel the level columns: blank or level-name cells, at most the two level columns (the 2021 layout
        # scatters cells, so any number there). An indicator may be named like its category (服务对象满意度).
        k = 0
        levels: list[tuple[int, str, _Level]] = []
        n_cells = len(cells)
        peel_limit = n_cells if cols.layout == "budget2021" else min(n_cells, 2)
        stopped_at_name = False  # the peel stopped at a cell naming no level (cells[k]: asked once, not twice)
        while k < peel_limit:
            text = cells[k]
            if text:
                level = _level_of(text)
                if level is None:
                    stopped_at_name = True
                    break
                levels.append((k, text, level))
            k += 1
        right_shifted = False
        if (cols.layout != "budget2021" and not stopped_at_name and k < n_cells and cells[k]
                and (level := _level_of(cells[k])) is not None):
            end = n_cells  # the row without its trailing blank cells
            while end > k and not cells[end - 1]:
                end -= 1
            # a level name in the name column is a level when the row is one cell too long, when it carries the
            # required mark (names never do), or when a 一级 already stands in the 二级 column: shifted right
            if end - k > cols.rest or level.required or any(p >= 1 and lv.level1 for p, _, lv in levels):
                levels.append((k, cells[k], level))
                k += 1
                right_shifted = True
        rest_cells = cells[k:]
        if not rest_cells:
            # a row of level names only (002: 工作时效 alone before its indicator wrapped to the next line)
            self._apply_levels(levels, row)
            return

        if cols.layout == "budget2021":
            rest_refs: list[str | None] = list(refs[k:]) if refs else [None] * len(rest_cells)
            name, value_raw, unit, expl, name_ref = self._budget_cells(raw_cells[k:], rest_cells, rest_refs, row)
        else:
            while len(rest_cells) > cols.rest and not rest_cells[-1]:
                rest_cells.pop()
            shifted = right_shifted or k + len(rest_cells) < 2 + cols.rest or (
                levels and levels[0][0] == 0 and levels[0][2].kind == "level2")
            padded = rest_cells + [""] * (cols.rest - len(rest_cells))
            name, value_raw = padded[0], padded[1]
            unit = padded[2] if cols.has_unit else None
            expl = padded[2 + cols.has_unit] if cols.has_explanation else None
            if len(rest_cells) > cols.rest:  # extra text cells: keep them in the explanation, never drop them
                extra = " ".join(c for c in rest_cells[cols.rest:] if c)
                expl = f"{expl} {extra}".strip() if expl else extra
            name_ref = refs[k] if refs and k < len(refs) else None
            if shifted and len(row.cells) >= 2 + cols.rest - 1:
                self.repairs.append(dict(line=row.line, kind="shifted_row", indicator=name,
                                     message=("该行单元格整体右移一格，已按内容归位" if right_shifted else
                                              "该行单元格错位（整体左移一格或二级指标写在一级指标列），已按内容归位")))

        # A value-less short text right after an indicator: the rest of a name wrapped onto the next line (002).
        if (cols.layout == "budget2021" and not levels and not value_raw and self.indicators and len(name) <= 8
                and self.indicators[-1]["target"].kind not in ("empty",) and self.indicators[-1]["level1"] != "投入"
                and not self.footer):
            prev = self.indicators[-1]
            prev_name, prev_line = prev["name"], prev["line"]
            self.indicators[-1] = {**prev, "name": prev_name + name}
            self.repairs.append(dict(line=row.line, kind="wrapped_name", indicator=prev_name + name,
                                     message=f"指标名称跨行：第{prev_line}行“{prev_name}”与第{row.line}行“{name}”已合并"))
            return

        self._apply_levels(levels, row)
        if self.level1 == "投入":
            # 测算明细 / 资金支出进度: the text cell is the content; there is no 指标值
            text = " ".join(c for c in [name, value_raw, expl or ""] if c)
            self._add_indicator(self.level2_raw or name, _NO_TARGET, None, text, row.line, name_ref)
        else:
            target = parse_target(value_raw)
            if target.kind == "empty" and not vocab.is_not_applicable(name):
                self.repairs.append(dict(line=row.line, kind="missing_value", indicator=name,
                                     message="该指标没有指标值（可能在导出时丢失）"))
            self._add_indicator(name, target, (unit if unit else None) if cols.has_unit else None, expl or None,
                                row.line, name_ref)

    def _add_indicator(self, name: str, target: Target, unit: str | None, explanation: str | None, line: int,
                       cell: str | None) -> None:
        """An indicator of the current levels. Its fields are filled into a copy of `_NO_INDICATOR` (every field in
        declared order, Indicator.trusted's fast path). Cheaper than a dict display of 15 keys, whose table is of the
        general kind (568 bytes: past pymalloc's 512, so the system malloc and free); the copy's is unicode-only."""
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
        self.indicators.append(ind)

    def _budget_cells(self, raw_rest: list[str], rest: list[str], refs: list[str | None],
                      row: Row) -> tuple[str, str, None, None, str | None]:
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
        return name, value, None, None, name_ref

    def _apply_levels(self, levels: list[tuple[int, str, _Level]], row: Row) -> None:
        # the row's 一级 and 二级 cells (their levels and texts: separate variables, not tuples built per row)
        level1: _Level | None = None
        level1_text = ""
        level2: _Level | None = None
        level2_text = ""
        for pos, text, level in levels:
            kind = level.kind
            if kind == "both":
                # 成本指标 / 满意度指标: a level-2 when a level-1 is already on the row, when starred, or in column 2
                kind = "level2" if level1 is not None or level.required or pos >= 1 else "level1"
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
                    and not (self.level2 == "成本" and self.level1 == "成本")):
                # merged level-1 cell not repeated: the level-2 says which level-1 it belongs to
                self.level1, self.level1_raw = parent, None

    # -- result --------------------------------------------------------------------------------------------

    def _text(self, name: str) -> str | None:
        """A header field's value, None when absent or blank."""
        f = self.fields.get(name)
        return (f["value"] or None) if f is not None else None

    def build(self) -> Form:
        text = self._text
        start, end = parse_period(text("起止时间") or "")
        period = None
        if text("实施期限"):
            m = _PERIOD_COUNT.search(normalise(text("实施期限") or ""))  # 3年, 三年
            n = to_float(m.group()) if m else None
            period = int(n) if n is not None else None
        is_new = None
        if text("是否新增项目") in ("是", "否"):
            is_new = text("是否新增项目") == "是"
        elif text("项目属性"):
            is_new = "新增" in (text("项目属性") or "")
        year_source = "header" if self.budget_year else "period" if end else None
        budget_year = self.budget_year or (end.year if end else None)
        if budget_year is None:
            budget_year, year_source = self._infer_year()
        years = list(range(start.year, end.year + 1)) if start and end and end >= start else (
            [budget_year] if budget_year else [])
        layout = self.columns.layout if self.columns else None
        if layout == "shenshan5" and any(i["level1_raw"] and not i["level1_raw"].endswith("指标") for i in self.indicators):
            layout = "futian5"
        # Built trusted: its own fields and the header fields (label, value, line, cell, in declared order) are typed
        # here. The repairs (plain dicts until now) are validated in one call (most forms have none).
        return _trusted_form({
            "kind": "target", "source": self.source, "index": self.index, "line": self.line, "layout": layout,
            "title": self.title, "project_code": text("项目编码"), "project_name": text("项目名称"),
            "applicant": text("申请单位"), "department": text("一级预算单位"), "period_years": period,
            "start_date": start, "end_date": end, "budget_year": budget_year,
            "budget_year_source": year_source if budget_year else None, "years": years,
            "project_type": text("项目类型"), "is_new": is_new, "allocation": text("分配方式"),
            "total_amount": self.amounts.get("项目总金额"), "annual_amount": self.amounts.get("本年度项目金额"),
            "funding": {k: v for k, v in self.amounts.items() if k in FUNDING_FIELDS},
            "fields": {name: _trusted_header_field(f) for name, f in self.fields.items()},
            "indicators": [_trusted_indicator(i) for i in self.indicators],
            "repairs": _REPAIRS(self.repairs) if self.repairs else [],
        })

    def _infer_year(self) -> tuple[int | None, str | None]:
        """Budget year from `YYYY年度` in the project name, else the year the annual goal mentions most, else the
        earliest deadline in the table. None when nothing says (parse_rows then lets sibling forms decide)."""
        m = _NAME_YEAR.search(self.fields["项目名称"]["value"]) if "项目名称" in self.fields else None
        if m:
            return int(m.group(1)), "name"
        if "年度目标" in self.fields:
            found = [int(y) for y in _GOAL_YEAR.findall(self.fields["年度目标"]["value"])]
            if found:
                return max(set(found), key=found.count), "goal"
        years = [i["target"].deadline.year for i in self.indicators if i["target"].deadline]
        return (min(years), "deadline") if years else (None, None)


class _Level(NamedTuple):
    """What a level cell says, read once per distinct cell text."""

    kind: str  # level1 | level2 | both (成本指标, 满意度指标: either level)
    level1: str | None  # canonical 一级 it names
    level2: str | None  # canonical 二级 it names
    required: bool  # the required mark (* or ★)
    parent: str | None  # the 一级 its 二级 belongs to


def _level_of(text: str) -> _Level | None:
    """The level a cell names, or None when it names none."""
    printed = _PRINTED_LEVELS.get(text)  # most level cells are a level name as vocab spells it
    return printed if printed is not None else _cell_level(text)


def _read_level(text: str) -> _Level | None:
    """`_level_of`, uncached."""
    l1, l2 = vocab.level1_of(text), vocab.level2_of(text)
    if not l1 and not l2:
        return None
    return _Level("both" if l1 and l2 else "level1" if l1 else "level2", l1, l2, vocab.is_required_mark(text),
                  vocab.parent_of(l2))


_cell_level: Final = lru_cache(maxsize=16384)(_read_level)  # names and other spellings: cells repeat across forms


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


_PRINTED_LEVELS: Final = _printed_levels()  # read once: a dict lookup instead of the cache's call


# ---------------------------------------------------------------------------------------------------------
# Section → forms
# ---------------------------------------------------------------------------------------------------------

def _count_filled(cells: list[str]) -> int:
    """How many cells are not blank (compiled, a native loop: list.count("") compares each cell through Python)."""
    n = 0
    for cell in cells:
        if cell:
            n += 1
    return n


def parse_target_section(rows: list[Row], source: str, index: int) -> list[Form]:
    """A run of rows holding one or more target forms (a file's section) -> forms in order."""
    forms: list[Form] = []
    b: _Builder | None = None
    pending_title: tuple[str, int] | None = None
    pending_year: int | None = None

    def finish() -> None:
        nonlocal b
        if b is not None and (b.fields or b.indicators):
            forms.append(b.build())
        b = None

    for row in rows:
        cells = row.cells
        clean = clean_cells(cells)  # once per row; every step below reads these
        first = clean[0] if clean else ""
        if "绩效目标申报表" in first and "整体支出" not in first:
            finish()
            pending_title = (first, row.line)
            continue
        n_filled = _count_filled(clean)
        if not n_filled:
            continue  # a blank row changes nothing
        if n_filled <= 2:
            filled_text = " ".join([c for c in clean if c])
            if "年度" in filled_text and (m := _YEAR_LINE.match(filled_text)):
                pending_year = int(m.group(1))
                continue
        label0 = header_label(first)[0] if "项" in first else None  # only 项目编码 / 项目名称 matter here
        starts = label0 in ("项目编码", "项目名称")
        if starts and (b is None or b.columns is not None or "项目名称" in b.fields and label0 == "项目名称"
                       and "项目编码" not in b.fields):
            if b is None or b.columns is not None or b.fields.get("项目名称"):
                finish()
        if b is None:
            if not starts and pending_title is None:
                continue  # stray text before any form
            line = pending_title[1] if pending_title else row.line
            b = _Builder(source, index + len(forms), line, title=pending_title[0] if pending_title else None,
                         budget_year=pending_year)
            pending_title, pending_year = None, None
        if b.columns is None:
            if is_table_header(clean):
                b.table_header(row)
            else:
                b.header_row(row, clean)
        else:
            b.indicator_row(row, clean)
    finish()
    return forms


def share_budget_year(forms: list[Form]) -> None:
    """Forms exported together belong to one budget: one whose year could not be read takes its siblings'."""
    years = [f.budget_year for f in forms if f.budget_year]
    if not years:
        return
    common = max(set(years), key=years.count)
    for f in forms:
        if f.budget_year is None:
            f.budget_year, f.budget_year_source = common, "siblings"
            f.years = f.years or [common]
