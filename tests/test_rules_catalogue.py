"""Every rule is documented, and the examples in its documentation are run: bad fires, good does not."""

import pytest

from jixiao.check import all_rules
from jixiao.check.engine import CATEGORIES, run_rules
from jixiao.check.examples import example_forms
from jixiao.parse import parse_text

RULES = all_rules()


def forms_of(rule, text):
    if rule.kinds == ("target",):
        return example_forms(text)
    return parse_text(text, "<example>").forms


def test_catalogue_is_complete():
    target_categories = {r.category for r in RULES if "target" in r.kinds}
    assert target_categories >= set(CATEGORIES) - {"score_inconsistency"}
    for r in RULES:
        assert r.title and r.bad and r.good, r.code
        assert len(r.doc) > 40, f"{r.code} needs a doc that says why"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_bad_example_fires(rule):
    forms = forms_of(rule, rule.bad)
    assert forms, f"{rule.code}: bad example does not parse"
    assert any(run_rules(f, [rule]) for f in forms), f"{rule.code} misses its own bad example"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_good_example_is_quiet(rule):
    forms = forms_of(rule, rule.good)
    assert forms, f"{rule.code}: good example does not parse"
    assert not [x for f in forms for x in run_rules(f, [rule])], f"{rule.code} fires on its own good example"
