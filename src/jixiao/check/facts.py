"""Facts about indicators that several rules share, derived from the vocabulary and the typed target."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from jixiao import vocab
from jixiao.model import NOT_APPLICABLE_KINDS, Form, HeaderField, Indicator, Target, row_not_applicable

DEFINED_GRADE = re.compile("(" + "|".join(vocab.BANDED_GRADES) + r")[^。；;]{0,12}?(\d+\s*%?\s*[-~至到]\s*\d+\s*%|\d+\s*%\s*(以上|以下))")


# What a Row holds, derived from the records: every field of the Indicator under its own name, and every field of its
# target (as the form means it: a bare number read with its 度量单位) under its own name, or target_<name> where the
# Indicator has one of that name (its unit, its raw). A field added to a record is added to Row too: a test holds Row's
# attributes to these lists, and finds any of them left unset.
INDICATOR_FIELDS: tuple[str, ...] = tuple(Indicator.model_fields)
TARGET_FIELDS: dict[str, str] = {f: f"target_{f}" if f in INDICATOR_FIELDS or f == "raw" else f
                                 for f in Target.model_fields}


class Row:
    """One row of a form's indicator table as the rules read it: the record's fields copied into plain attributes
    (`Row.name`, `Row.level2`, `Row.weight`…), its target's (`Row.kind`, `Row.comparator`, `Row.value`,
    `Row.target_unit`…), `raw` the target as printed, `indicator` the record itself (for Hit(indicator=…)); `family`
    and `column_family` are set for a scored row. Rules read these attributes many times over, and a record's are slow to
    read (docs/speed.md); so rows() builds one Row per indicator, once per form."""

    # Its attributes, typed (the compiled class stores them natively); a test holds this list to INDICATOR_FIELDS and
    # TARGET_FIELDS. They are assigned one by one in __init__, not set by name in a loop: a Row is built for every row
    # of every form, and setattr by name is several times slower, above all on the compiled class.
    indicator: Indicator
    raw: str  # the target as printed
    family: str | None  # target_family of the target
    column_family: str | None  # unit_column_family of the 度量单位 column
    level1: str | None
    level2: str | None
    level1_raw: str | None
    level2_raw: str | None
    required: bool
    name: str
    target: Target  # as the form means it (a bare number read with its 度量单位)
    unit: str | None  # the 度量单位 column
    explanation: str | None
    line: int
    cell: str | None
    actual: Target | None
    weight: float | None
    score: float | None
    deviation: str | None
    extra: dict[str, str] | None
    target_raw: str
    kind: str
    comparator: str | None
    value: float | None
    value_max: float | None
    target_unit: str | None
    scale: str | None
    per: str | None
    deadline: dt.date | None
    hours: float | None
    grade: str | None
    note: str | None

    def __init__(self, ind: Indicator) -> None:
        fields = ind.__dict__  # the record's field dict
        self.level1 = fields["level1"]
        self.level2 = fields["level2"]
        self.level1_raw = fields["level1_raw"]
        self.level2_raw = fields["level2_raw"]
        self.required = fields["required"]
        self.name = fields["name"]
        self.target = fields["target"]
        self.unit = fields["unit"]
        self.explanation = fields["explanation"]
        self.line = fields["line"]
        self.cell = fields["cell"]
        self.actual = fields["actual"]
        self.weight = fields["weight"]
        self.score = fields["score"]
        self.deviation = fields["deviation"]
        self.extra = fields["extra"]
        t: Target = fields["target"]
        target = t.__dict__
        self.raw = target["raw"]  # as printed
        if target["kind"] == "number" and target["unit"] is None:
            # a bare number whose unit stands in the 度量单位 column (`≥90` | `%`, `≤30` | `日`) or at the end of the
            # name (实施营造林总面积(亩) | 80000): the target is the two read together, as the form means it
            unit = fields["unit"]
            if not unit or unit.strip() in vocab.NOT_APPLICABLE:
                m = vocab.NAME_UNIT.search(fields["name"])
                unit = m.group("unit") if m and (vocab.unit_family(m.group("unit")) not in (None, "multiplier")
                                                 or m.group("unit") == vocab.PER_MILLE) else None
            joined = _with_column_unit(self.raw, unit.strip()) if unit else None
            if joined is not None:
                self.target = joined
                target = joined.__dict__
        self.target_raw = target["raw"]
        self.kind = target["kind"]
        self.comparator = target["comparator"]
        self.value = target["value"]
        self.value_max = target["value_max"]
        self.target_unit = target["unit"]
        self.scale = target["scale"]
        self.per = target["per"]
        self.deadline = target["deadline"]
        self.hours = target["hours"]
        self.grade = target["grade"]
        self.note = target["note"]
        self.indicator = ind
        self.family = None
        self.column_family = None

    @property
    def not_applicable(self) -> bool:
        """Indicator.not_applicable, of the fields copied here (the property would read the record again)."""
        return row_not_applicable(self.kind, self.name)


class Rows:
    """The rows of a form (facts.Row), and the groups of them that rules select first (each in the form's order): a
    rule that looks at rows of one kind does not walk the whole table. Built once per form (engine.Context.rows)."""

    def __init__(self) -> None:
        self.all: list[Row] = []  # the scored rows
        self.by_kind: dict[str, list[Row]] = {}  # target kind: grade, text…
        self.by_level2: dict[str | None, list[Row]] = {}
        self.upper_bound: list[Row] = []  # comparator ≤ or <
        self.lower_bound: list[Row] = []  # comparator ≥ or >
        self.percent: list[Row] = []  # target unit %
        self.bare_number: list[Row] = []  # a number without a unit
        self.cost_level1 = False  # a scored row under the 一级 成本 (101-style templates)
        # of every row of the table, 投入 and not applicable ones too
        self.every: list[Row] = []
        self.every_by_level2: dict[str | None, list[Row]] = {}
        self.every_cost_level1: list[Row] = []  # rows under the 一级 成本
        self.input_rows = False  # rows under the 一级 投入 (the 2021 template)
        self.not_applicable: list[Row] = []  # rows Indicator.not_applicable holds for
        # what a rule module works out once per form for several of its rules (amounts.py: the calculation bases)
        self.memo: dict[str, Any] = {}
        # multi-year targets by indicator name (normal_name): a 长期/中期 table's rows, or a 中期指标值 column beside
        # the annual one
        self.long_term: dict[str, Target] = {}


def rows(form: Form) -> Rows:
    """The rows of `form`, grouped. The engine asks once per form and hands the answer to every rule
    (engine.Context.rows)."""
    found = Rows()
    for i in form.long_term_indicators:
        found.long_term.setdefault(normal_name(i.name), i.target)
    for i in form.indicators:
        row = Row(i)
        level1, level2, kind = row.level1, row.level2, row.kind
        found.every.append(row)
        found.every_by_level2.setdefault(level2, []).append(row)
        if level1 == "成本":
            found.every_cost_level1.append(row)
        elif level1 == "投入":
            found.input_rows = True
        if kind in NOT_APPLICABLE_KINDS and row.not_applicable:
            found.not_applicable.append(row)
            continue
        if level1 in vocab.PROCESS_LEVEL1 and (level1 != "投入" or kind == "not_applicable"):
            # how the project was decided and run, scored in a self-evaluation: no output to check (but a 投入 row with
            # a target of its own, 陕西's 投入 — 时效目标 — 装备采购招标完成时间 | 2028年5月31日前, is checked as any)
            continue
        found.all.append(row)
        if row.extra:
            for heading, value in row.extra.items():
                if any(term in heading for term in vocab.LONG_TERMS):  # 中期指标值 beside 年度指标值
                    found.long_term.setdefault(normal_name(row.name), _parse_target(value))
        comparator, unit = row.comparator, row.target_unit
        found.by_kind.setdefault(kind, []).append(row)
        found.by_level2.setdefault(level2, []).append(row)
        row.family = target_family(kind, unit)
        row.column_family = unit_column_family(row.unit)
        if level1 == "成本":
            found.cost_level1 = True
        if comparator in ("≤", "<"):
            found.upper_bound.append(row)
        elif comparator in ("≥", ">"):
            found.lower_bound.append(row)
        if unit == "%":
            found.percent.append(row)
        elif not unit and kind == "number":
            found.bare_number.append(row)
    return found


def _parse_target(text: str) -> Target:
    from jixiao.values import parse_target

    return parse_target(text)


@lru_cache(maxsize=4096)
def _with_column_unit(raw: str, unit: str) -> Target | None:
    """A bare number read with the unit of its 度量单位 column, when the two make a typed target with that unit."""
    from jixiao.values import parse_target

    joined = parse_target(raw + unit)
    if joined.kind in ("number", "duration") and joined.unit:
        return joined
    return None


def capped_output(row: Row) -> bool:
    """An output quantity given an upper bound (≤2个, ≤18,000平方米): a direction mistake (JX102), after which what the
    row asked for is not known. An output by its 二级 (数量) or, filed under another 二级 of 产出, by its unit (面积,
    长度, 件…); bad events (事故数) and money or durations are not outputs."""
    if row.comparator not in ("≤", "<") or row.kind != "number":
        return False
    family = vocab.unit_family(row.target_unit or row.unit)
    output = row.level2 == "数量" and (family is None or family in vocab.QUANTITY_FAMILIES) or (
        row.level1 == "产出" and row.level2 != "成本" and family in vocab.QUANTITY_FAMILIES)
    return output and vocab.polarity_of(row.name) not in ("negative", "context") \
        and vocab.indicator_kind(row.name) not in ("money", "duration")


def is_economic_cost(row: Row) -> bool:
    """The row states the project's money cost: under 成本 (产出's 二级 or the 一级), not its 社会成本 or 生态环境成本."""
    return row.level2 in vocab.ECONOMIC_COST_LEVEL2 or (row.level1 == "成本" and row.level2 is None)


def grade_defined(row: Row) -> bool:
    """指标解释 defines the grade as a percentage band: “显著”的量化标准为“80%-100%”."""
    return bool(row.explanation and DEFINED_GRADE.search(row.explanation.replace("“", "").replace("”", "")))


def must_be_quantified(row: Row) -> bool:
    """A row whose target must be a number, never a grade: filed under 数量/时效/成本/满意度, or named as a rate, a
    count, an amount of money or a duration."""
    return row.level2 in vocab.QUANTITATIVE_LEVEL2 or \
        vocab.indicator_kind(row.name) in ("rate", "count", "money", "duration")


def qualitative_aim(row: Row) -> bool:
    """A row named for an aim (促进学校教育事业健康发展), not for a measure: no rate, count or amount in its name."""
    return vocab.indicator_kind(row.name) is None and vocab.polarity_of(row.name) is None and \
        bool(vocab.QUALITATIVE_AIM.search(row.name)) and not vocab.MEASURE_WORD.search(row.name)


def unit_column_family(unit: str | None) -> str | None:
    """The family of a 度量单位 column's unit. Rules read it of a scored row as Row.column_family."""
    if not unit or unit.strip() in vocab.NOT_APPLICABLE:
        return None
    return vocab.unit_family(unit.strip())


def target_family(kind: str, unit: str | None) -> str | None:
    """The family of a target of this kind and unit (vocab.UNIT_FAMILIES), time for a duration, date for a deadline.
    Rules read it of a scored row as Row.family."""
    if kind == "duration":
        return "time"
    if kind == "deadline":
        return "date"
    if unit:
        return vocab.unit_family(unit)
    return None


def filled_fields(form: Form, names: tuple[str, ...]) -> list[tuple[str, HeaderField, str]]:
    """(name, header field, its text) of each of `names` the form fills in (the text read once: a model's
    attributes are slow to read)."""
    fields = form.fields
    found = []
    for name in names:
        hf = fields.get(name)
        if hf is None and name == "年度目标":
            hf = _expected_goal(form)
        if hf is not None:
            text = hf.value
            if text:
                found.append((name, hf, text))
    return found


def _expected_goal(form: Form) -> HeaderField | None:
    """A self-evaluation's 预期目标 (年度总体目标): the 年度目标 of its target form, read by the same rules."""
    text = getattr(form, "goal_expected", None)
    if not text:
        return None
    return HeaderField(label="年度总体目标（预期目标）", value=text, line=getattr(form, "goal_line", None) or form.line)


def header_texts(form: Form, names: tuple[str, ...] = ("测算依据", "年度目标", "项目概况", "项目用途", "长期目标")
                 ) -> list[tuple[str, str]]:
    """(name, text) of each of `names` the form fills in."""
    return [(name, text) for name, _, text in filled_fields(form, names)]


_HINT_CHARS = re.compile(r"[*★☆×Xx]")
_NAME_NOISE = re.compile(r"[\s\"“”'‘’。.,，、()（）<>《》]")


@lru_cache(maxsize=4096)  # an indicator name (a short cell): JX501 asks it of every row
def normal_name(name: str) -> str:
    """A name as rules compare names: without spaces, quotes and brackets, and without the unit a name may end with
    in brackets (红外相机完好率（%） is 红外相机完好率; 验收（一期） keeps its 一期)."""
    name = name or ""
    if _HINT_CHARS.search(name):
        name = vocab.TEMPLATE_HINT.sub("", name)  # ★…（≥**%）: the template's words, not the name
    m = vocab.NAME_UNIT.search(name) if name.endswith((")", "）")) else None
    if m is not None and vocab.unit_family(m.group("unit")) is not None:
        name = name[:m.start()]
    return _NAME_NOISE.sub("", name)


# words every count name shares (人数, 次数, 个数…): no evidence that a number of a text counts an indicator's thing
_COUNT_WORDS = re.compile(r"[\s数量人次个台套项场件份篇户]")
_CLAUSE_END = re.compile(r"[，,。；;、]")


def name_words(name: str) -> set[str]:
    """An indicator name's characters, its count words aside: what a text must share with it (names_near)."""
    return set(_COUNT_WORDS.sub("", name))


def names_near(name_chars: set[str], text: str, pos: int, raw: str, topic: str | None = None) -> bool:
    """The words around a number `raw` at `pos` of a text, within its clause (a list 2台、1台 names other things),
    share two Han characters with an indicator's name (name_words): the number counts what the indicator counts.
    Characters of the project's name (`topic`) are said all over the form (珊瑚 in a 珊瑚礁修复 project's): for a name
    with three or more words of its own (珊瑚苗圃年供苗能力), sharing only those takes four (适应性培训600人次 for
    适应性培训人次); a name made of the project's words (补贴老年人数 of a 老年人居家养老服务补贴) is matched by them."""
    after = _CLAUSE_END.split(text[pos + len(raw): pos + len(raw) + 8])[0]
    before = _CLAUSE_END.split(text[max(0, pos - 6):pos])[-1]
    shared = {c for c in after + before if c in name_chars and "\u4e00" <= c <= "\u9fa5"}
    if len(shared) < 2:
        return False
    said = set(topic or "")
    return len(shared) >= 4 or not shared <= said or len(name_chars - said) < 3

