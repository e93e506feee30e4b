"""Facts about indicators that several rules share, derived from the vocabulary and the typed target."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from jixiao import vocab
from jixiao.model import NOT_APPLICABLE_KINDS, Form, Indicator

DEFINED_GRADE = re.compile("(" + "|".join(vocab.BANDED_GRADES) + r")[^。；;]{0,12}?(\d+\s*%?\s*[-~至到]\s*\d+\s*%|\d+\s*%\s*(以上|以下))")


@dataclass(slots=True)
class Rows:
    """The scored rows of a form, and the groups of them that rules select first (each in the form's order): a rule
    that looks at rows of one kind does not walk the whole table."""

    all: list[Indicator]
    by_kind: dict[str, list[Indicator]] = field(default_factory=dict)  # target kind: grade, text…
    by_level2: dict[str | None, list[Indicator]] = field(default_factory=dict)
    upper_bound: list[Indicator] = field(default_factory=list)  # comparator ≤ or <
    lower_bound: list[Indicator] = field(default_factory=list)  # comparator ≥ or >
    percent: list[Indicator] = field(default_factory=list)  # target unit %
    bare_number: list[Indicator] = field(default_factory=list)  # a number without a unit
    # (target_family, unit_column_family) of each row by id(row): several rules ask for them, and each answer reads
    # attributes of the row (slow on a model); read them with family() and column_family()
    families: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)
    cost_level1: bool = False  # a scored row under the 一级 成本 (101-style templates)
    # of every row of the table, 投入 and not applicable ones too
    every_by_level2: dict[str | None, list[Indicator]] = field(default_factory=dict)
    every_cost_level1: list[Indicator] = field(default_factory=list)  # rows under the 一级 成本
    input_rows: bool = False  # rows under the 一级 投入 (the 2021 template)
    not_applicable: list[Indicator] = field(default_factory=list)  # rows Indicator.not_applicable holds for

    def family(self, row: Indicator) -> str | None:
        """target_family of the row's target, for a scored row."""
        return self.families[id(row)][0]

    def column_family(self, row: Indicator) -> str | None:
        """unit_column_family(row), for a scored row."""
        return self.families[id(row)][1]


_rows_last: tuple[Form, list[Indicator], int, Rows] | None = None


def rows(form: Form) -> Rows:
    """The scored rows of `form`, grouped. Every rule asks for the same form in turn, so the last answer is kept
    (holding the form itself, so an id cannot be reused by another form)."""
    global _rows_last
    last = _rows_last
    if last is not None and last[0] is form and last[1] is form.indicators and last[2] == len(form.indicators):
        return last[3]
    found = Rows([])
    for i in form.indicators:  # one pass, each attribute read once (a model's attributes are slow to read)
        level1, level2, t = i.level1, i.level2, i.target
        kind = t.kind
        found.every_by_level2.setdefault(level2, []).append(i)
        if level1 == "成本":
            found.every_cost_level1.append(i)
        elif level1 == "投入":
            found.input_rows = True
        if kind in NOT_APPLICABLE_KINDS and i.not_applicable:  # the property read only when it can hold
            found.not_applicable.append(i)
            continue
        if level1 == "投入":
            continue
        found.all.append(i)
        comparator, unit = t.comparator, t.unit
        found.by_kind.setdefault(kind, []).append(i)
        found.by_level2.setdefault(level2, []).append(i)
        found.families[id(i)] = (target_family(kind, unit), unit_column_family(i))
        if level1 == "成本":
            found.cost_level1 = True
        if comparator in ("≤", "<"):
            found.upper_bound.append(i)
        elif comparator in ("≥", ">"):
            found.lower_bound.append(i)
        if unit == "%":
            found.percent.append(i)
        elif not unit and kind == "number":
            found.bare_number.append(i)
    _rows_last = (form, form.indicators, len(form.indicators), found)
    return found


def scored(form: Form) -> list[Indicator]:
    """Rows that carry a target: applicable, and not the 投入 rows (测算明细 / 资金支出进度 hold text)."""
    return rows(form).all


def grade_defined(ind: Indicator) -> bool:
    """指标解释 defines the grade as a percentage band: “显著”的量化标准为“80%-100%”."""
    return bool(ind.explanation and DEFINED_GRADE.search(ind.explanation.replace("“", "").replace("”", "")))


def unit_column_family(ind: Indicator) -> str | None:
    """The family of the 度量单位 column's unit. Rules read it of a scored row from rows(form).column_family."""
    unit = ind.unit
    if not unit or unit.strip() in vocab.NOT_APPLICABLE:
        return None
    return vocab.unit_family(unit.strip())


def target_family(kind: str, unit: str | None) -> str | None:
    """The family of a target of this kind and unit (vocab.UNIT_FAMILIES), time for a duration, date for a deadline.
    Rules read it of a scored row from rows(form).family."""
    if kind == "duration":
        return "time"
    if kind == "deadline":
        return "date"
    if unit:
        return vocab.unit_family(unit)
    return None


def header_texts(form: Form, names: tuple[str, ...] = ("测算依据", "年度目标", "项目概况", "项目用途", "长期目标")
                 ) -> list[tuple[str, str]]:
    """(name, text) of each of `names` the form fills in."""
    fields = form.fields  # read once: a model's attributes are slow to read
    found = []
    for name in names:
        hf = fields.get(name)
        if hf is not None:
            text = hf.value
            if text:
                found.append((name, text))
    return found


_NAME_NOISE = re.compile(r"[\s\"“”'‘’。.,，、()（）<>《》]")


@lru_cache(maxsize=4096)  # an indicator name (a short cell): JX501 asks it of every row
def normal_name(name: str) -> str:
    return _NAME_NOISE.sub("", name or "")
