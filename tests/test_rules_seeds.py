"""The mistakes DESIGN.md lists from real forms are all found in the seeds, on the right row."""

import pytest

from jixiao.check import audit_form
from jixiao.parse import parse_path
from seeds import seed


def findings(prefix):
    out = []
    for form in parse_path(seed(prefix)).forms:
        for f in audit_form(form):
            out.append((form, f))
    return out


@pytest.fixture(scope="module")
def all_findings():
    return {p: findings(p) for p in ("000", "001", "002", "003")}


@pytest.mark.parametrize("prefix, category, indicator, evidence", [
    ("000", "direction", "应急避难场所点位在线率", "≤95%"),
    ("001", "direction", "尽职调查企业或项目数", "≤2个"),
    ("001", "impossible_value", "符合政策要求", "≥100%"),
    ("000", "unit_mismatch", "信息化系统响应率", "≤0.1秒"),
    ("000", "unit_mismatch", "响应故障修复工作时间", None),
    ("000", "unit_mismatch", "电子证照签发频率", None),
    ("003", "unit_mismatch", "安保在岗率", "7*24小时"),
    ("000", "unit_mismatch", "对劳务派遣人员工作正常运转的影响", None),
    ("001", "missing_unit", "智建中心对运维服务效果的满意度", "≥90"),
    ("000", "duplicate_indicator", "系统稳定运行率", None),
    ("001", "explanation_mismatch", "改造后网络正常运行", None),
    ("000", "explanation_mismatch", "系统稳定运行率", None),
    ("000", "count_inconsistency", "发放劳务派遣工资人数", None),
    ("002", "amount_inconsistency", "资金支出进度", None),
    ("002", "misplaced_indicator", "人工智能应用 创新服务中心 使用年限", None),
    ("000", "unit_mismatch", "“i深圳”APP福田专区页面访问量", None),
])
def test_design_mistakes_are_found(all_findings, prefix, category, indicator, evidence):
    hits = [f for _, f in all_findings[prefix] if f.category == category and f.indicator == indicator]
    assert hits, f"{category} on {indicator} not found in {prefix}"
    if evidence:
        assert any(evidence in (f.evidence or "") for f in hits)
    assert all(f.line and f.message and f.suggestion for f in hits)


def test_truncated_department_name(all_findings):
    assert any(f.category == "text_inconsistency" and f.field == "一级预算单位" and "数据管理" in (f.evidence or "")
               for _, f in all_findings["000"])


def test_quarterly_payments_that_fall(all_findings):
    hits = [f for form, f in all_findings["002"] if f.rule == "JX704" and form.project_name == "政务服务项目"]
    assert any("下降" in f.message for f in hits) and any("不等于本年度金额" in f.message for f in hits)


def test_good_rows_stay_quiet(all_findings):
    """Rows reviewers accept raise nothing: a correct 故障率 ≤2%, a reduction rate, an accident count of 0."""
    quiet = {"信息化系统故障率", "指挥中心运营重、特重大事故", "系统故障率", "支出进度达标率"}
    for prefix in ("000", "003"):
        for _, f in all_findings[prefix]:
            if f.indicator in quiet:
                assert f.category in ("format", "missing_unit", "unit_mismatch"), (f.indicator, f.rule, f.message)


def test_rows_copy_what_the_records_hold():
    """facts.Row copies the fields the rules read, and Row.not_applicable (of the copies) agrees with the
    records on every row of the seed forms (not-applicable rows included)."""
    from jixiao.check.facts import Row

    rows = [Row(i) for p in ("000", "001", "002", "003") for form in parse_path(seed(p)).forms for i in form.indicators]
    assert any(r.not_applicable for r in rows) and any(r.kind == "empty" and not r.not_applicable for r in rows)
    for r in rows:
        i, t = r.indicator, r.indicator.target
        assert r.not_applicable == i.not_applicable
        assert (r.name, r.level1, r.level2, r.level2_raw, r.required, r.unit, r.explanation, r.line) == (
            i.name, i.level1, i.level2, i.level2_raw, i.required, i.unit, i.explanation, i.line)
        assert r.raw == t.raw  # as printed
        if r.target is not t:  # a bare number read with its 度量单位 column (≥90 | %): the two as one value
            assert t.kind == "number" and t.unit is None and r.target_unit == r.target.unit and r.target.unit
            assert r.value == t.value and r.comparator == t.comparator and r.target.raw == t.raw + i.unit.strip()
            t = r.target
        assert (r.kind, r.comparator, r.value, r.value_max, r.target_unit, r.per, r.deadline) == (
            t.kind, t.comparator, t.value, t.value_max, t.unit, t.per, t.deadline)
