"""Rule behaviour that is more than "fires / stays quiet" on one text (those cases are data: check/rules/cases/,
run by test_rule_cases.py): several rules on one text, how a finding quotes and where a report points."""

from __future__ import annotations

import pytest

from jixiao.check import REGISTRY, all_rules
from jixiao.check.engine import run_rules
from jixiao.check.examples import example_forms

all_rules()


GOAL_2026 = "年度目标: 2026年完成全区公厕保洁服务。\n"


def messages(code: str, snippet: str) -> list[str]:
    (form,) = example_forms(snippet)
    return [f.message for f in run_rules(form, [REGISTRY[code]])]


@pytest.mark.parametrize("target", ["2026年4月1日—2027年3月31日", "2026年4月到2027年3月", "2026-04-01~2027-03-31"])
def test_a_period_target_is_due_at_its_end_however_written(target):
    """A period written as the target is typed as due at its end (values.parse_target), so the date rules judge it
    whatever its separator: JX722 against the budget year, JX721 against 起止时间."""
    row = f"产出指标\t*时效指标\t保洁服务期限\t{target}\t日期\t服务合同期限"
    assert messages("JX722", GOAL_2026 + row) and not messages("JX402", GOAL_2026 + row)
    period = "项目名称\t公厕保洁\t项目属性名称\t延续项目\t项目起止时间\t2026-01-01~2026-12-31\n"
    assert messages("JX721", period + row)


def findings(code: str, snippet: str) -> list:
    (form,) = example_forms(snippet)
    return run_rules(form, [REGISTRY[code]])


ROW_PURCHASE = "产出指标\t*数量指标\t采购电脑数量\t≥10台\t台\t采购台数"


def test_jx712_quotes_a_long_clause_marked_as_an_excerpt():
    goal = "年度目标: 通过本项目的开展预期完成全区各街道社区党群服务中心线上预约服务平台的推广使用率达90%以上。\n"
    row = "产出指标\t*质量指标\t预约服务平台推广使用率\t≥80%\t%\t使用人数/注册人数"
    (f,) = findings("JX712", goal + row)
    quote = f.message.split("“")[1].split("”")[0]
    assert quote.startswith("…") and quote.endswith("推广使用率达90%以上") and len(quote) > len("推广使用率达90%以上") + 5


def test_jx521_points_at_the_row_without_naming_it_不适用():
    snippet = ROW_PURCHASE + "\n满意度指标\t*服务对象满意度指标\t不适用\t不适用\t不适用\t不适用"
    (f,) = findings("JX521", snippet)
    assert f.indicator is None and f.line is not None and "*服务对象满意度指标" in f.message
    from jixiao.render.tabular import COL_LEVEL2, table_form

    (form,) = example_forms(snippet)
    flag = table_form(form, [f], 1).flags[0]
    assert (flag.target, flag.column) == ("indicator", COL_LEVEL2)
    assert form.indicators[flag.row].not_applicable



def test_jx701_points_at_the_total_of_a_project_of_several_years():
    """项目期限 2028—2030年, 项目总金额 780,000 against this year's 2,600,000 (first contact 2027-21 nx_02: a zero
    dropped from the total): the finding points at the total; of a one-year project, at this year's amount."""
    from jixiao.check import REGISTRY
    from jixiao.check.engine import run_rules
    from jixiao.check.examples import example_forms

    rows = "产出指标\t*数量指标\t标准化羊舍改造面积\t≥12000平方米\t平方米\t验收面积"
    for period, field in (("2028年1月—2030年12月", "项目总金额"), ("2028年1月—2028年12月", "本年度项目金额")):
        (form,) = example_forms(f"起止时间: {period}\n项目总金额(元): 780,000.00\n本年度项目金额(元): 2,600,000.00\n" + rows)
        (finding,) = run_rules(form, [REGISTRY["JX701"]])
        assert finding.field == form.fields[field].label, period


def test_jx701_points_at_this_years_amount_typed_in_yuan():
    """本年度金额 4,200,000.00 in a table in 万元 against a total of 1,260.00 (first contact 2027-22 ny_05): this year's
    amount, a hundred times the total, was typed in 元; the finding points at it and says so."""
    from jixiao.check import REGISTRY
    from jixiao.check.engine import run_rules
    from jixiao.check.examples import example_forms

    (form,) = example_forms("起止时间: 2028年1月—2030年12月\n项目总金额(万元): 1,260.00\n本年度项目金额(万元): 4,200,000.00\n"
                            "产出指标\t*数量指标\t选育亲贝数量\t≥20000只\t只\t选育数量")
    (finding,) = run_rules(form, [REGISTRY["JX701"]])
    assert finding.field == form.fields["本年度项目金额"].label and "按元填写" in finding.message
