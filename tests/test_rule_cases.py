"""The rule cases (src/jixiao/check/rules/cases/CODE.yml, one file per rule, as sqlfluff keeps its rule cases): each
rule's example, and every case that taught a rule something, run by this one runner.

A case is `fail` (the text must draw a finding of the rule) or `pass` (it must not), with optional
- `options`: the rule's options ([tool.jixiao.rules.CODE]);
- `message` / `suggestion`: words each finding's message / suggestion holds (a list, or one string);
- `count`: how many findings;
- `fix`: the fix the first finding carries ({field, before, after});
- `note`: why the case is there (where it was learnt).
A text is a snippet of indicator rows, optionally after `标签: 值` header lines (check/examples.py completes it), or
a whole form.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jixiao.check import all_rules
from jixiao.check.engine import run_rules
from jixiao.check.examples import example_forms
from jixiao.check.rule import CASES

RULES = all_rules()
KEYS = {"name", "note", "fail", "pass", "options", "message", "suggestion", "count", "fix"}


def _cases():
    for r in RULES:
        yield pytest.param(r, "example bad", {"fail": r.bad}, id=f"{r.code}-example-bad")
        yield pytest.param(r, "example good", {"pass": r.good}, id=f"{r.code}-example-good")
        for i, case in enumerate(r.cases):
            name = case.get("name") or str(i)
            yield pytest.param(r, name, case, id=f"{r.code}-{name}")


def _words(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


@pytest.mark.parametrize("rule, name, case", list(_cases()))
def test_case(rule, name, case):
    assert set(case) <= KEYS, f"{rule.code} {name}: unknown keys {set(case) - KEYS}"
    assert ("fail" in case) != ("pass" in case), f"{rule.code} {name}: a case is either fail or pass"
    text = case.get("fail", case.get("pass"))
    forms = example_forms(text)
    options = {rule.code: case["options"]} if case.get("options") else None
    found = [f for form in forms for f in run_rules(form, [rule], options=options)]
    if "pass" in case:
        assert found == [], f"{rule.code} {name}: fired on a pass case: {[f.message for f in found]}"
        return
    assert found, f"{rule.code} {name}: no finding on a fail case"
    if "count" in case:
        assert len(found) == case["count"], [f.message for f in found]
    for word in _words(case.get("message")):
        assert all(word in f.message for f in found), (word, [f.message for f in found])
    for word in _words(case.get("suggestion")):
        assert all(word in (f.suggestion or "") for f in found), (word, [f.suggestion for f in found])
    if "fix" in case:
        fix = found[0].fix
        assert fix is not None and fix.model_dump() == {"field": "target", "before": None, "after": None} | case["fix"]


def test_every_rule_has_its_case_file_and_every_file_a_rule():
    files = {p.stem for p in Path(CASES).glob("*.yml")}
    assert files == {r.code for r in RULES}
    for p in Path(CASES).glob("*.yml"):
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        assert data["rule"] == p.stem and data["example"]["bad"] and data["example"]["good"]


def test_a_row_holds_every_field_of_its_records_typed():
    """facts.Row is derived from the records (Indicator, Target); its type annotations, written for the type checker,
    name the same attributes, so neither can drift from the model."""
    from jixiao.check.facts import INDICATOR_FIELDS, TARGET_FIELDS, Row
    from jixiao.model import Indicator, Target

    names = {"indicator", "raw", "family", "column_family", *INDICATOR_FIELDS, *TARGET_FIELDS.values()}
    annotated = {a for a in getattr(Row, "__annotations__", {}) if not a.startswith("__")}
    assert annotated in (names, set())  # the compiled class keeps its attributes natively, not as annotations
    assert set(INDICATOR_FIELDS) == set(Indicator.model_fields) and set(TARGET_FIELDS) == set(Target.model_fields)
    row = Row(Indicator(name="培训人次", target=Target(raw="≥90", kind="number", comparator="≥", value=90.0),
                        unit="人次", line=3))
    assert (row.name, row.raw, row.target_raw, row.target_unit, row.value, row.line) == (
        "培训人次", "≥90", "≥90人次", "人次", 90.0, 3)
    for name in names:
        getattr(row, name)  # every attribute is set from the records
