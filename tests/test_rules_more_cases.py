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
