"""Scorers of the eval suites on tiny hand-computed cases: counting, matching findings to labels, Wilson
intervals, extraction comparators, gates and regression detection."""

from __future__ import annotations

import math

import pytest

from jixiao.evals.checker import place_matches, score_case
from jixiao.evals.gates import compare, evaluate_gates, DatasetMismatch
from jixiao.evals.metrics import Counts, macro, wilson_interval
from jixiao.evals.suite import CheckerCase, DefectLabel, Suite, matches_filters, tag_pairs
from jixiao.values import parse_target


def test_precision_recall_f1_arithmetic():
    c = Counts(tp=3, fp=1, fn=2)
    assert c.precision == pytest.approx(0.75)
    assert c.recall == pytest.approx(0.6)
    assert c.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts().precision is None and Counts().recall is None and Counts().f1 is None
    assert Counts(tp=0, fp=2, fn=1).f1 == 0.0
    assert macro([1.0, 0.5, None]) == pytest.approx(0.75)


def test_wilson_interval_known_values():
    lo, hi = wilson_interval(8, 10)
    assert lo == pytest.approx(0.4902, abs=1e-3) and hi == pytest.approx(0.9433, abs=1e-3)
    lo, hi = wilson_interval(0, 5)
    assert lo == 0.0 and hi == pytest.approx(0.4345, abs=1e-3)
    lo, hi = wilson_interval(5, 5)
    assert hi == pytest.approx(1.0) and lo == pytest.approx(0.5655, abs=1e-3)
    assert wilson_interval(0, 0) is None
    # Narrower with more data at the same proportion.
    a, b = wilson_interval(4, 5), wilson_interval(80, 100)
    assert (b[1] - b[0]) < (a[1] - a[0])
    assert not math.isnan(a[0])


def _suite(**kw) -> Suite:
    return Suite(name="t", kind="checker", **kw)


def _f(rule, category, indicator=None, field=None, severity="error", line=10):
    return {"rule": rule, "category": category, "severity": severity, "message": "m", "indicator": indicator,
            "field": field, "line": line}


def _case(labels, clean=False):
    return CheckerCase(id="c", file="x.txt", form=0, clean=clean, labels=[DefectLabel(**lab) for lab in labels])


def test_matching_findings_to_labels_counts_tp_fp_fn():
    case = _case([
        {"category": "direction", "row": "点位在线率"},
        {"category": "missing_unit", "row": "满意度"},
        {"category": "amount_inconsistency", "field": "本年度项目金额"},
        {"category": "missing_required"},  # whole form
    ])
    out = {"file": "x.txt", "form": {"line": 1, "indicators": [["点位在线率", 14], ["满意度", 20]], "fields": []},
           "findings": [
               _f("JX101", "direction", indicator=" 点位在线率 "),         # TP (normalised name)
               _f("JX103", "direction", indicator="点位在线率"),           # duplicate of the same label: ignored
               _f("JX701", "amount_inconsistency", field="本年度项目金额(元)"),  # TP (parentheses dropped)
               _f("JX523", "missing_required"),                           # TP (form-level label)
               _f("JX311", "unit_mismatch", indicator="满意度"),           # FP: a category nobody labeled
               _f("JX404", "vague_value", indicator="满意度", severity="info"),  # not a prediction
           ]}
    res = score_case(case, out, _suite())
    assert (res["tp"], res["fp"], res["fn"]) == (3, 1, 1)
    assert res["duplicates"] == 1 and res["not_counted"] == 1
    assert res["misses"][0]["category"] == "missing_unit" and res["misses"][0]["where"] == "x.txt:20"
    assert res["false_alarms"][0]["rule"] == "JX311" and res["false_alarms"][0]["where"] == "x.txt:10"
    assert res["verdict"] == "fail"


def test_label_rule_code_and_accepted_categories():
    case = _case([{"category": "direction", "row": "A率", "rule": "JX101", "accept": ["unit_mismatch"]}])
    out = {"file": "x", "form": {"line": 1}, "findings": [_f("JX103", "direction", indicator="A率"),
                                                          _f("JX313", "unit_mismatch", indicator="A率")]}
    res = score_case(case, out, _suite())
    # JX103 is the wrong rule for a label that names JX101: a miss and a false alarm; JX313 is accepted.
    assert (res["tp"], res["fp"], res["fn"], res["accepted"]) == (0, 1, 1, 1)


def test_count_severities_is_configurable():
    case = _case([{"category": "vague_value", "row": "B"}])
    out = {"file": "x", "form": {}, "findings": [_f("JX404", "vague_value", indicator="B", severity="info")]}
    assert score_case(case, out, _suite())["tp"] == 0
    assert score_case(case, out, _suite(count_severities=["error", "warning", "info"]))["tp"] == 1


def test_place_matches_field_alternatives_and_rows():
    lab = DefectLabel(category="count_inconsistency", row="人数", field=["年度目标", "测算依据"])
    assert place_matches(lab, {"indicator": "人数"})
    assert place_matches(lab, {"field": "测算依据："})
    assert not place_matches(lab, {"field": "政策依据"})
    assert not place_matches(lab, {"indicator": "人次"})
    # a heading labelled with its outline number (三、满意度指标, first contact 2027-20 nw_06) is the heading
    assert place_matches(DefectLabel(category="missing_required", field="三、满意度指标"), {"field": "满意度指标"})
    assert not place_matches(DefectLabel(category="missing_required", field="三、满意度指标"), {"field": "效益指标"})


def test_a_finding_about_a_column_matches_a_label_naming_it_as_printed():
    # JX605 marks the explanation column; the labeller named it as the form prints it, in the row or the field
    finding = {"indicator": "保障在职职工人数", "column": "指标解释"}
    assert place_matches(DefectLabel(category="explanation_mismatch", row="指标值说明"), finding)
    assert place_matches(DefectLabel(category="explanation_mismatch", field="指标说明"), finding)
    assert not place_matches(DefectLabel(category="explanation_mismatch", row="目标值"), finding)
    assert not place_matches(DefectLabel(category="explanation_mismatch", row="指标值说明"), {"indicator": "保障在职职工人数"})


def test_tags_and_filters():
    assert tag_pairs(["school", "domain=health"]) == [("tag", "school"), ("domain", "health")]
    assert matches_filters({"domain": "health"}, "a", ["domain=health"])
    assert not matches_filters({"domain": "health"}, "a", ["domain=water"])
    assert matches_filters(["school"], "a", ["tag=school"]) and matches_filters(["school"], "a", ["school"])
    assert matches_filters({}, "a", ["id=a"]) and not matches_filters({}, "a", ["id=b"])


def test_extract_target_comparator():
    from jixiao.evals.extract import compare_target

    assert compare_target(parse_target("≥95%"), parse_target("≥ 95 %"), 1e-6)[0]
    ok, why = compare_target(parse_target("≥95%"), parse_target("≤95%"), 1e-6)
    assert not ok and "比较符" in why
    ok, why = compare_target(parse_target("≥30,000 套/年"), parse_target("≥3万套/年"), 1e-6)
    assert ok, why
    assert not compare_target(parse_target("2026年12月31日前"), parse_target("2026年11月30日前"), 1e-6)[0]
    assert compare_target(parse_target("100%"), parse_target("=100%"), 1e-6)[0]


def test_extract_amount_and_text_comparators():
    from jixiao.evals.extract import compare_value, norm_text

    s = Suite(name="e", kind="extract", amount_tolerance_yuan=0.5)
    assert compare_value("annual_amount", 11754000.0, 11754000.4, s)[0]
    assert not compare_value("annual_amount", 11754000.0, 11755000.0, s)[0]
    assert norm_text("深圳市福田区政务服务和数据管理局（本级）") == norm_text("深圳市福田区政务服务和数据管理局(本级)")
    assert compare_value("project_name", "编外人员 ", "编外人员", s)[0]


def _metrics_body(**m):
    return {"metrics": m}


def test_floor_gates_and_none_values():
    suite = Suite(name="t", kind="checker", gates={"min_recall": {"micro": 0.5}, "max_false_alarms_on_clean": 0})
    floors = [("min_recall[micro]", "micro.recall", 0.5), ("min_recall[JX999]", "rule.JX999.recall", 0.5)]
    gates = evaluate_gates(suite, _metrics_body(**{"micro.recall": 0.6, "clean.false_alarms": 1}), floors, None, "h")
    status = {g["name"]: g["status"] for g in gates}
    assert status == {"min_recall[micro]": "pass", "min_recall[JX999]": "fail", "max_false_alarms_on_clean": "fail"}


def test_regression_detection_against_baseline():
    suite = Suite(name="t", kind="checker", gates={"max_drop": {"*": 0.02, "category.*.recall": 0.1}})
    base = {"manifest": {"dataset_hash": "h"}, "metrics": {"micro.recall": 0.80, "category.direction.recall": 1.0,
                                                           "clean.false_alarms": 0, "rule.JX1.recall": 1.0}}
    now = {"micro.recall": 0.79, "category.direction.recall": 0.8, "clean.false_alarms": 2, "rule.JX1.recall": 0.0}
    gates = {g["name"]: g for g in evaluate_gates(suite, {"metrics": now}, [], base, "h")}
    assert gates["max_drop[micro.recall]"]["status"] == "pass"          # dropped 0.01 <= 0.02
    assert gates["max_drop[category.direction.recall]"]["status"] == "fail"  # dropped 0.2 > 0.1
    assert gates["max_drop[clean.false_alarms]"]["status"] == "fail"   # lower is better: +2
    assert "max_drop[rule.JX1.recall]" not in gates                     # '*' covers headline metrics only
    other = evaluate_gates(suite, {"metrics": now}, [], base, "other-hash")
    assert other[0]["status"] == "fail" and "数据集" in other[0]["message"]
    assert evaluate_gates(suite, {"metrics": now}, [], None, "h")[0]["status"] == "skip"


def test_compare_lists_flips_and_refuses_other_datasets():
    base = {"suite": "s", "manifest": {"dataset_hash": "h"}, "metrics": {"micro.recall": 0.8},
            "case_verdicts": {"a": {"verdict": "pass", "misses": [], "false_alarms": []},
                              "b": {"verdict": "fail", "misses": ["direction@X"], "false_alarms": []}}}
    run = {"suite": "s", "manifest": {"dataset_hash": "h"}, "metrics": {"micro.recall": 0.7},
           "case_verdicts": {"a": {"verdict": "fail", "misses": ["format@Y"], "false_alarms": ["JX1:format@Z"]},
                             "b": {"verdict": "pass", "misses": [], "false_alarms": []}}}
    cmp = compare(run, base)
    assert cmp["worse"] == ["micro.recall"]
    flips = {f["id"]: f for f in cmp["flips"]}
    assert flips["a"]["new"] == {"misses": ["format@Y"], "false_alarms": ["JX1:format@Z"]}
    assert flips["b"]["fixed"] == {"misses": ["direction@X"]}
    with pytest.raises(DatasetMismatch):
        compare({**run, "manifest": {"dataset_hash": "other"}}, base)


def test_a_gold_money_row_labelled_as_printed_aligns_with_the_readers_row():
    """The reader names a self-evaluation's money rows by the template (年度资金总额); a gold record keeps the label as
    printed (年度财政资金总额): the two rows are one, scored value by value."""
    from jixiao.evals.reader import score_form

    gold = {"kind": "self_evaluation", "funds": [{"label": "年度财政资金总额", "budget": "1.56", "spent": "1.50"}]}
    out = {"kind": "self_evaluation", "funds": [{"label": "年度资金总额", "budget": 1.56, "spent": 1.4}], "indicators": []}
    scored = score_form(gold, out)
    assert scored["fields"]["funds.budget"] == [1, 1]
    assert scored["fields"]["funds.spent"] == [0, 1]
