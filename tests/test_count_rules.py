"""count_inconsistency (JX711, JX712) on forms written for these tests, in domains the seeds do not cover: the
numbers the texts give against the indicators, and the near misses that must stay quiet."""

from __future__ import annotations

import pytest

from jixiao.check import REGISTRY, all_rules
from jixiao.check.engine import run_rules
from jixiao.check.examples import example_forms
from jixiao.values import rates_in_text

all_rules()


def findings(code: str, snippet: str) -> list[str]:
    (form,) = example_forms(snippet)
    return [f.message for f in run_rules(form, [REGISTRY[code]])]


SPORTS_ROWS = ("产出指标\t*数量指标\t赛事遮阳篷搭建数量\t≥150顶\t顶\t考察赛事期间搭建的遮阳篷数量\n"
               "满意度指标\t*服务对象满意度指标\t参赛群众满意度\t≥90%\t%\t满意人数/受访人数×100%")


def test_a_count_in_the_basis_above_the_target_is_found_in_tents():
    """顶 counts tents and canopies like 台 counts machines."""
    messages = findings("JX711", "测算依据: 搭建遮阳篷200顶，每顶租金500元，计10万元。\n" + SPORTS_ROWS)
    assert messages and "200顶" in messages[0] and "≥150顶" in messages[0]


def test_the_same_count_in_the_basis_is_quiet():
    assert findings("JX711", "测算依据: 搭建遮阳篷150顶，每顶租金500元，计7.5万元。\n" + SPORTS_ROWS) == []


@pytest.mark.parametrize("goal, fires", [
    ("年度目标: 举办社区运动会4场，参赛群众满意度达到95%以上。", True),   # the table promises less (≥90%)
    ("年度目标: 举办社区运动会4场，参赛群众满意度不低于95%。", True),     # 不低于 says 以上
    ("年度目标: 举办社区运动会4场，参赛群众满意度不低于85%。", False),    # the table promises more: compatible
    ("年度目标: 举办社区运动会4场，参赛群众满意度达到90%以上。", False),
])
def test_a_satisfaction_in_the_goal_is_held_against_the_indicator(goal, fires):
    messages = findings("JX712", goal + "\n" + SPORTS_ROWS)
    assert bool(messages) is fires, messages
    if fires:
        assert "参赛群众满意度" in messages[0] and "≥90%" in messages[0]


def test_rates_in_text_reads_satisfaction_and_bounding_verbs():
    assert rates_in_text("家长满意度不低于90%，故障率不超过2%，完好率98%以上") == [
        ("家长满意度", 90.0, "以上", "家长满意度不低于90%"),
        ("故障率", 2.0, "以下", "故障率不超过2%"),
        ("完好率", 98.0, "以上", "完好率98%以上"),
    ]


def test_rates_in_text_reads_every_comparator_word_of_a_target():
    """The verbs are the 指标值 comparator words (values._PREFIX_CMP): ≥, 控制在, 不小于 read as in a target cell."""
    assert [(r[0], r[1], r[2]) for r in rates_in_text("系统可用率≥99%，故障率控制在2%以内，准确率不小于95%，满意度90%以上")] == [
        ("系统可用率", 99.0, "以上"), ("故障率", 2.0, "以内"), ("准确率", 95.0, "以上"), ("满意度", 90.0, "以上")]


def test_jx712_points_at_the_row_whose_value_drops_the_goals_number():
    """A goal of 准确率99%以上 against a row 检测报告准确率 written 较高: the row exists, its value says nothing."""
    rows = "产出指标\t*质量指标\t检测报告准确率\t较高\t%\t考察检测报告准确情况"
    (message,) = findings("JX712", "年度目标: 2026年完成抽检，检测报告准确率达到99%以上。\n" + rows)
    assert "“较高”" in message and "没有对应" not in message
