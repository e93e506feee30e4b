"""Every rule is documented and of a known category; its examples and cases are run by test_rule_cases.py."""

from jixiao.check import all_rules
from jixiao.check.engine import CATEGORIES, run_rules
from jixiao.check.examples import example_forms
from jixiao.parse import parse_text

RULES = all_rules()


def forms_of(rule, text):
    if "target" in rule.kinds:
        return example_forms(text)
    return parse_text(text, "<example>").forms


def test_catalogue_is_complete():
    target_categories = {r.category for r in RULES if "target" in r.kinds}
    assert target_categories >= set(CATEGORIES) - {"score_inconsistency"}
    for r in RULES:
        assert r.title and r.bad and r.good, r.code
        assert len(r.doc) > 40, f"{r.code} needs a doc that says why"


def test_rule_options_reach_their_rule_and_leave_the_others_alone():
    """[tool.jixiao.rules.CODE] options: JX522 with min_indicators = 1 accepts a one-row form, JX523 with a
    shorter `required` list asks only for those; the rules without options, run in the same pass, still fire."""
    from jixiao.check import REGISTRY

    rules = [REGISTRY["JX523"], REGISTRY["JX522"], REGISTRY["JX102"]]
    form = example_forms("产出指标\t*数量指标\t采购电脑数量\t≤10台\t台\t采购台数")[0]

    def fired(options):
        return sorted((f.rule, f.message) for f in run_rules(form, rules, options=options))

    default = fired(None)
    assert {code for code, _ in default} == {"JX523", "JX522", "JX102"}
    configured = fired({"JX522": {"min_indicators": 1}, "JX523": {"required": ["数量", "质量"]}})
    assert [code for code, _ in configured].count("JX522") == 0
    assert [message for code, message in configured if code == "JX523"] == ["缺少必填二级指标“质量”"]
    assert [x for x in configured if x[0] == "JX102"] == [x for x in default if x[0] == "JX102"]
