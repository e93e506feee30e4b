"""Rules on cases their own doc examples do not show, on rows written for these tests (other domains than the
checker eval's forms), each with the near miss that must stay quiet."""

from __future__ import annotations

import pytest

from jixiao.check import REGISTRY, all_rules
from jixiao.check.engine import run_rules
from jixiao.check.examples import example_forms

all_rules()


def messages(code: str, snippet: str) -> list[str]:
    (form,) = example_forms(snippet)
    return [f.message for f in run_rules(form, [REGISTRY[code]])]


@pytest.mark.parametrize("formula, fires", [
    ("检测合格率=不合格样品数/抽检样品数×100%", True),   # 合格 inside 不合格 is not a good event
    ("检测合格率=检测合格样品数/抽检样品数×100%", False),
    ("检测合格率=未发现不合格的样品数/抽检样品数×100%", False),  # a negated bad event counts good ones
])
def test_jx601_a_pass_rate_computed_from_failures(formula, fires):
    row = f"产出指标\t*质量指标\t食品抽检合格率\t≥98%\t%\t{formula}"
    assert bool(messages("JX601", row)) is fires


@pytest.mark.parametrize("row, fires", [
    ("产出指标\t*质量指标\t河道清淤长度\t≥12公里\t公里\t全年清淤河道长度", True),
    ("产出指标\t*质量指标\t垃圾分类处理量\t≥3000吨\t吨\t全年处理量", True),
    ("产出指标\t*数量指标\t河道清淤长度\t≥12公里\t公里\t全年清淤河道长度", False),
    ("产出指标\t*质量指标\t河道水质达标率\t≥90%\t%\t达标断面数/监测断面数×100%", False),
])
def test_jx514_an_amount_of_work_under_quality(row, fires):
    assert bool(messages("JX514", row)) is fires


GOAL_2026 = "年度目标: 2026年完成全区公厕保洁服务。\n"


@pytest.mark.parametrize("target, fires", [
    ("2026年4月1日至2027年3月31日", True),     # a service year that runs into the next budget year
    ("2026年1月1日至2026年12月31日", False),
    ("2026-03-01~2026-12-31", False),
])
def test_jx722_a_service_period_past_the_budget_year(target, fires):
    row = f"产出指标\t*时效指标\t保洁服务期限\t{target}\t日期\t考察保洁服务合同期限"
    found = messages("JX722", GOAL_2026 + row)
    assert bool(found) is fires, found
    if fires:
        assert "2027-03-31" in found[0]


@pytest.mark.parametrize("row, fires", [
    ("产出指标\t*时效指标\t培训开班时间\t100%\t%\t按计划时间开班", True),
    ("产出指标\t*时效指标\t培训按时开班率\t100%\t%\t按时开班期数/计划期数×100%", False),
    ("产出指标\t*时效指标\t培训开班时间\t2026年3月31日前\t日期\t按计划时间开班", False),
])
def test_jx315_a_time_given_as_a_percentage(row, fires):
    assert bool(messages("JX315", row)) is fires


# -- near misses found by the held-out checker forms (evals/checker/forms/heldout_*) ---------------------------

def test_jx711_leaves_the_multi_year_goal_alone():
    """长期目标 counts three years; the indicator one: 36次 over three years is 12次 a year."""
    rows = "产出指标\t*数量指标\t水质抽检次数\t12次\t次\t全年抽检次数"
    assert messages("JX711", "长期目标: 2026-2028年累计完成水质抽检36次。\n" + rows) == []
    assert messages("JX711", "年度目标: 2026年完成水质抽检15次。\n" + rows)


@pytest.mark.parametrize("row, fires", [
    ("产出指标\t*成本指标\t单台设备修复成本\t≤200元\t元\t计算方式=设备修复费用/修复台数", False),  # a cost, not an event rate
    ("产出指标\t*质量指标\t设备故障率\t≤2%\t%\t故障率=正常运行设备数/设备总数×100%", True),
])
def test_jx601_reverse_formulas_only_for_rates_of_bad_events(row, fires):
    assert bool(messages("JX601", row)) is fires


@pytest.mark.parametrize("target", ["0次", "≤2起"])
def test_jx514_a_count_of_bad_events_under_quality_is_quality(target):
    assert messages("JX514", f"产出指标\t*质量指标\t游泳池溺水事件发生次数\t{target}\t次\t考察安全管理") == []


def test_jx402_a_period_is_readable_and_left_to_jx722():
    period = "产出指标\t*时效指标\t保洁服务期限\t2026年4月1日至2027年3月31日\t日期\t服务合同期限"
    assert messages("JX402", GOAL_2026 + period) == []
    assert messages("JX402", GOAL_2026 + "产出指标\t*时效指标\t保洁服务期限\t按合同约定\t\t服务合同期限")


@pytest.mark.parametrize("explanation, fires", [
    ("考察检测报告出具及时性，计算方式=按时出具报告数/报告总数×100%", True),  # says 检测, 报告, never 准确
    ("考察检测结果准确情况，计算方式=复核一致的报告数/报告总数×100%", False),
])
def test_jx602_the_rate_word_decides_not_the_shared_words(explanation, fires):
    row = f"产出指标\t*质量指标\t检测报告准确率\t≥98%\t%\t{explanation}"
    assert bool(messages("JX602", row)) is fires


@pytest.mark.parametrize("target", ["2026年4月1日—2027年3月31日", "2026年4月到2027年3月", "2026-04-01~2027-03-31"])
def test_a_period_target_is_due_at_its_end_however_written(target):
    """A period written as the target is typed as due at its end (values.parse_target), so the date rules judge it
    whatever its separator: JX722 against the budget year, JX721 against 起止时间."""
    row = f"产出指标\t*时效指标\t保洁服务期限\t{target}\t日期\t服务合同期限"
    assert messages("JX722", GOAL_2026 + row) and not messages("JX402", GOAL_2026 + row)
    period = "项目名称\t公厕保洁\t项目属性名称\t延续项目\t项目起止时间\t2026-01-01~2026-12-31\n"
    assert messages("JX721", period + row)


@pytest.mark.parametrize("word", ["不适用", "不涉及", "无此项"])
def test_jx521_any_not_applicable_word_on_a_required_category(word):
    """不涉及 and 无此项 say 不适用 too (vocab.NOT_APPLICABLE): a required 二级 answered with them is not measured."""
    row = f"产出指标\t*数量指标\t采购电脑数量\t≥10台\t台\t采购台数\n满意度指标\t*服务对象满意度指标\t{word}\t{word}\t{word}\t{word}"
    assert messages("JX521", row)
