"""The parsers and the rule engine build their records with `model.record` (no pydantic validation). Safety net:
every form the test corpus parses into is exactly what validation would make of it (same values, same types, same
field order), and `record` keeps what validated construction gives (defaults, fresh lists, fields set)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from jixiao.model import BudgetRow, Form, HeaderField, Indicator, Target, record
from jixiao.parse import parse_path
from seeds import SEEDS

REPO = Path(__file__).resolve().parents[1]
CORPUS = sorted(
    [*SEEDS.glob("*.txt"), *(REPO / "tests" / "fixtures").rglob("*.txt"),
     *(p for p in (REPO / "evals").rglob("*") if p.suffix in (".txt", ".xlsx", ".docx"))]
)


def assert_same_record(parsed: Any, validated: Any, where: str) -> None:
    """Equal values of the same types, records with their fields in the same order, all the way down."""
    assert type(parsed) is type(validated), where
    if isinstance(parsed, BaseModel):
        assert list(parsed.__dict__) == list(validated.__dict__), where
        for name, value in parsed.__dict__.items():
            assert_same_record(value, validated.__dict__[name], f"{where}.{name}")
    elif isinstance(parsed, dict):
        assert list(parsed) == list(validated), where
        for key, value in parsed.items():
            assert_same_record(value, validated[key], f"{where}[{key}]")
    elif isinstance(parsed, list):
        assert len(parsed) == len(validated), where
        for i, (a, b) in enumerate(zip(parsed, validated)):
            assert_same_record(a, b, f"{where}[{i}]")
    else:
        assert parsed == validated, where


def test_the_corpus_is_found():
    if not SEEDS.is_dir():
        pytest.skip(f"seed forms not found at {SEEDS}")
    assert len(CORPUS) >= 80


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_parsed_forms_revalidate_unchanged(path: Path):
    for form in parse_path(path).forms:
        where = f"{path.name}#{form.index}"
        validated = type(form).model_validate(form.model_dump())
        assert form == validated, where
        assert_same_record(form, validated, where)
        as_json = form.model_dump_json()
        assert as_json == type(form).model_validate_json(as_json).model_dump_json(), where


def test_trusted_fills_defaults_in_declared_order():
    target = record(Target, {"kind": "number", "raw": "≥95%", "unit": "%", "comparator": "≥", "value": 95.0})
    assert target == Target(raw="≥95%", kind="number", comparator="≥", value=95.0, unit="%")
    assert list(target.__dict__) == list(Target.model_fields)
    assert target.model_fields_set == {"raw", "kind", "comparator", "value", "unit"}
    assert target.note is None and target.typed


def test_trusted_takes_every_field_as_given():
    values = {name: None for name in Indicator.model_fields}
    values.update(required=False, name="完成时间", target=record(Target, {"raw": "", "kind": "empty"}), line=7)
    ind = record(Indicator, values)
    assert ind.__dict__ is values and ind.model_fields_set == set(Indicator.model_fields)
    assert ind == Indicator.model_validate(values)


def test_records_given_every_field_share_a_fields_set_that_assignment_and_copies_leave_whole():
    def every_field(name: str) -> dict[str, Any]:
        values: dict[str, Any] = {field: None for field in Indicator.model_fields}
        values.update(required=False, name=name, target=Target(raw="≥1次", kind="number"), line=1)
        return values

    a, b = record(Indicator, every_field("a")), record(Indicator, every_field("b"))
    assert a.model_fields_set is b.model_fields_set  # one set for the class, not one per record
    a.name = "改名"  # pydantic adds the name to the fields set: it is already there
    copied = b.model_copy(update={"unit": "次"})
    assert copied.model_fields_set is not b.model_fields_set and copied.unit == "次" and b.unit is None
    assert a.model_fields_set == b.model_fields_set == copied.model_fields_set == set(Indicator.model_fields)
    assert b.name == "b" and a == Indicator.model_validate(a.model_dump())


def test_trusted_makes_fresh_mutable_defaults():
    a, b = record(Form, {"source": "a.txt"}), record(Form, {"source": "b.txt"})
    assert a == Form(source="a.txt") and a.kind == "target" and a.index == 0 and a.line == 1
    assert a.indicators == [] and a.indicators is not b.indicators
    assert a.fields is not b.fields and a.funding is not b.funding and a.years is not b.years
    row = record(BudgetRow, {"label": "合计", "line": 3})
    assert row.amounts == [] and row.amounts is not record(BudgetRow, {"label": "合计", "line": 4}).amounts


def test_trusted_keeps_nested_records_and_dumps_like_validated():
    target = record(Target, {"raw": "2026年12月31日前", "kind": "deadline", "comparator": "≤",
                             "deadline": dt.date(2026, 12, 31)})
    ind = record(Indicator, {"level1": "产出", "level2": "时效", "name": "完成时间", "target": target, "line": 7})
    header = record(HeaderField, {"label": "项目名称", "value": "某项目", "line": 2})
    form = record(Form, {"source": "x.txt", "indicators": [ind], "fields": {"项目名称": header}})
    assert form.indicators[0].target is target
    assert form.model_dump_json() == Form.model_validate_json(form.model_dump_json()).model_dump_json()


@pytest.mark.parametrize("values", [{"raw": "x", "kind": "text", "nte": "misspelt"}, {"raw": "x"}])
def test_trusted_refuses_unknown_or_missing_fields(values):
    with pytest.raises(TypeError):
        record(Target, values)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_findings_revalidate_unchanged(path: Path):
    """The engine builds its findings with `record` too: each is what validation makes of it."""
    from jixiao.check import audit_form
    from jixiao.model import Finding

    for form in parse_path(path).forms:
        for i, finding in enumerate(audit_form(form)):
            where = f"{path.name}#{form.index} finding {i}"
            validated = Finding.model_validate(finding.model_dump())
            assert_same_record(finding, validated, where)


def test_reading_and_auditing_target_forms_validates_no_record():
    """The target reader and the rule engine build every record with `record`, so no record class's validator is
    built (its schema costs a process more than reading a form): in a fresh process, after the seed and example
    target forms are read and audited (findings with fixes among them), every record class is still unbuilt. (The
    self-evaluation and budget-report readers still validate theirs.)"""
    import subprocess
    import sys

    targets = [p for g in ("000_*.txt", "001_*.txt", "003_*.txt") for p in sorted(SEEDS.glob(g))]
    paths = [str(p) for p in (*targets, *sorted((REPO / "examples").glob("*.txt")))]
    script = (
        "import sys\n"
        "from pydantic import BaseModel\n"
        "import jixiao.model as m\n"
        "from jixiao.check import audit_form\n"
        "from jixiao.parse import parse_path\n"
        "fixes = 0\n"
        "for p in sys.argv[1:]:\n"
        "    for form in parse_path(p).forms:\n"
        "        fixes += sum(f.fix is not None for f in audit_form(form))\n"
        "built = sorted(n for n, c in vars(m).items() if isinstance(c, type) and issubclass(c, BaseModel)\n"
        "               and c is not BaseModel and c.__pydantic_complete__)\n"
        "print(fixes, *built)\n"
    )
    out = subprocess.run([sys.executable, "-c", script, *paths], capture_output=True, text=True, check=True).stdout
    fixes, *built = out.split()
    assert int(fixes) > 0  # the fix records were made too
    assert built == []
