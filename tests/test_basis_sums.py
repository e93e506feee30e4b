"""JX705 (the items of a calculation basis against the total it states) and JX706 (a numbered list of amounts
against the annual amount), on hand-written texts from other domains than the eval forms: what must fire, and the
near misses that must not (unit prices, bracketed breakdowns, 其中, other years, sums that add up, rounding)."""

from __future__ import annotations

import pytest

from jixiao.check import all_rules
from jixiao.check.engine import run_rules
from jixiao.check.examples import example_forms
from jixiao.values import money_in_text, money_terms_in_text

RULES = {r.code: r for r in all_rules()}
ROW = "产出指标\t*数量指标\t服务项目数量\t≥3个\t个\t完成的服务项目个数"


def form_of(basis: str, annual: str = "100.00", goal_year: int | None = 2026, total: str | None = None):
    lines = [f"本年度项目金额(万元): {annual}"]
    if total:
        lines.append(f"项目总金额(中期规划,万元): {total}")
    if goal_year:
        lines.append(f"年度目标: {goal_year}年完成各项服务。")
    lines += [f"测算依据: {basis}", ROW]
    return example_forms("\n".join(lines))[0]


def hits(code: str, form) -> list:
    return run_rules(form, [RULES[code]])


# ---------------------------------------------------------------------------------------------------------------
# JX705: the items before a stated total add up to it
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("basis, got, terms", [
    # library: a unit price and its result, a plain item, a 合计 short of both
    ("采购图书8,000册，每册50元，计40万元；期刊订阅12万元；合计60万元。", "52", "40+12"),
    # street lighting: 单价, three items, 总计
    ("更换路灯灯具300盏，每盏1,200元，计36万元；更换灯杆50根，单价4,000元，计20万元；线路检修8万元；总计70万元。", "64", "36+20+8"),
    # an explicit multiplier on an item (no 每: the monthly fee times 12)
    ("驻场运维人员服务费2.5万元×12个月；云资源租赁费3万元*12；共计70万元。", "66", "2.5×12+3×12"),
    # a bracketed breakdown after an item is not an item
    ("场地租赁费24万元（2,000平方米，每平方米每年120元），设备租赁费6万元，合计32万元。", "30", "24+6"),
    # a numbered list and a total after it
    ("1. 课程开发费15万元；2. 讲师课酬9万元；3. 场地及教具费4万元。合计30万元。", "28", "15+9+4"),
    # amounts in 元: the message gives the sum in 元 too, as the text writes it (issue 22)
    ("终端授权费197,470元，服务器授权费300,170元，合计500,000元。", "497640 元", "197470+300170"),
    # a grand total over a 小计 and an item
    ("设备采购：电脑20台×0.6万元=12万元，打印机5台×0.3万元=1.5万元，小计13.5万元；正版软件授权8万元；合计35万元。", "21.5", "13.5+8"),
    # the amount before the list is not one of its items
    ("项目预算50万元，明细如下：1. 场馆租赁30万元；2. 赛事组织25万元。合计50万元。", "55", "30+25"),
])
def test_items_that_miss_their_total_fire(basis, got, terms):
    found = hits("JX705", form_of(basis))
    assert len(found) == 1, found
    f = found[0]
    assert f.field == "测算依据" and f.severity == "error" and f.category == "amount_inconsistency"
    got = got if got.endswith("元") else f"{got} 万元"
    assert f"各项合计 {got}（{terms}）" in f.message, f.message
    assert got in f.suggestion


def test_a_2021_calculation_row_is_checked_too():
    form = example_forms("本年度项目金额(万元): 20.00\n"
                         "投入指标\t测算明细\t宣传折页印制5万元，展板制作3万元，合计10万元。\t\t\t\n" + ROW)[0]
    (f,) = hits("JX705", form)
    assert f.indicator == "测算明细" and "8 万元（5+3）" in f.message


@pytest.mark.parametrize("basis", [
    # the items add up
    "采购图书8,000册，每册50元，计40万元；期刊订阅20万元；合计60万元。",
    # rounding within a few 元
    "一期监测费33,333.33元，二期监测费33,333.33元，三期监测费33,333.33元，合计100,000元。",
    "检测费12,001元，复检费8,002元，合计20,000元。",
    # only unit prices before the total: nothing to add up
    "为300名学员提供培训，每人每期1,500元，合计45万元。",
    "巡查道路120公里，巡查费3,000元/公里·月，合计43.2万元。",
    # 其中 lists part of an item: not a further item
    "设备购置费50万元，其中服务器30万元；软件开发费30万元；合计80万元。",
    # a figure of the previous year next to this year's
    "2025年场地费支出40万元，2026年场地费45万元，设备维护费15万元，合计65万元。",
    # a sub-total inside a list item, then the list itself
    "1. 宣传品：海报2万元，折页3万元，合计5万元；2. 活动场地租赁6万元；3. 媒体投放9万元。",
    # shares of a contract
    "合同总额200万元，首付款30%即60万元，进度款40%即80万元，共计140万元。",
    # an approximate total within 1%
    "专家评审费约3.2万元，会务费约1.8万元，合计约5.04万元。",
    # a clause's result restates its own amounts (一次2.5万元 … 计10万元)
    "年度巡检服务一次2.5万元，共4次，计10万元；应急抢修费5万元；合计15万元。",
    # a written formula: its operands are not items, its result is
    "人工费3人×8,000元×12月=28.8万元，耗材费1.2万元，合计30万元。",
    # a yearly fee is a unit price: the items after it do not make the whole
    "设备维保每年6万元，软件维保4万元，网络维护5万元，合计15万元。",
    # formulas and a 小计 of them, then the grand total
    "设备采购：电脑20台×0.6万元=12万元，打印机5台×0.3万元=1.5万元，小计13.5万元；正版软件授权8万元；合计21.5万元。",
    # headed lists: 一、 groups with numbered items, and 以上合计
    "一、人员费用 1. 项目经理1人，18万元；2. 工程师2人，30万元。二、设备费用 1. 服务器10万元。以上合计58万元。",
    # references from elsewhere are not items
    "参考邻区同类项目，平台开发费96万元，运维费37万元；本区按八折测算，合计106.4万元。",
])
def test_near_misses_stay_quiet(basis):
    assert not hits("JX705", form_of(basis)), basis


def test_the_tolerance_is_a_few_yuan_or_half_a_per_mille():
    assert not hits("JX705", form_of("检测费12,001元，复检费8,002元，合计20,000元。"))
    assert hits("JX705", form_of("检测费12,001元，复检费5,002元，合计20,000元。"))


# ---------------------------------------------------------------------------------------------------------------
# JX706: a numbered list of amounts, no stated total, against the annual amount
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("basis, annual, message", [
    # property services: a multiplier on the last item
    ("1. 保洁服务费38万元；2. 绿化养护费12万元；3. 安保服务费2.4万元*12。", "75.00", "3 项金额合计 78.8 万元（38+12+2.4×12），比本年度项目金额 75 万元多 3.8 万元"),
    # 、-style markers and a clause result inside an item
    ("1、数据库续订费每月1.2万元，共14.4万元；2、图书采购费30万元；3、读者活动经费4.6万元。", "48.00", "合计 49 万元（14.4+30+4.6）"),
    # a 尾款 of last year is paid with this year's money
    ("1. 2025年系统建设尾款18万元；2. 2026年运维服务费30万元。", "45.00", "合计 48 万元（18+30）"),
    # items short of the amount, in a list that does not say it names only the main items
    ("（1）课程研发费12万元；（2）师资培训费6万元。", "25.00", "合计 18 万元（12+6），比本年度项目金额 25 万元少 7 万元"),
])
def test_a_list_that_misses_the_annual_amount_warns(basis, annual, message):
    (f,) = hits("JX706", form_of(basis, annual))
    assert f.severity == "warning" and f.field == "测算依据" and message in f.message, f.message


@pytest.mark.parametrize("basis, annual, total", [
    # adds up
    ("1. 保洁服务费38万元；2. 绿化养护费12万元；3. 安保服务费2.4万元*12。", "78.80", None),
    # rounding within a few 元
    ("1. 一季度监测费3.333333万元；2. 二季度监测费3.333333万元；3. 三季度监测费3.333333万元。", "10.00", None),
    # the multi-year basis adds up to the project total
    ("1. 2026年平台运维费40万元；2. 2026年安全测评费20万元。", "30.00", "60.00"),
    # a figure of another year that is not paid this year
    ("1. 2025年实际支出场地费40万元；2. 2026年场地费45万元。", "45.00", None),
    # a stated total: JX705's business
    ("1. 课程开发费15万元；2. 讲师课酬9万元。合计24万元。", "30.00", None),
    # the list names only the main items and falls short
    ("主要包括：1. 设备维保20万元；2. 软件升级10万元。", "40.00", None),
    ("1. 法律顾问服务费25万元；2. 内控咨询服务费10万元等。", "40.00", None),
    # amounts before the list
    ("项目预算50万元，具体如下：1. 系统开发30万元；2. 系统测评25万元。", "50.00", None),
    # an item with two amounts (其中) and an item without an amount
    ("1. 设备维保20万元，其中备件5万元；2. 软件升级10万元。", "40.00", None),
    ("1. 设备维保20万元；2. 软件升级，据实结算。", "40.00", None),
    # a yearly fee is a rate, not this item's amount
    ("1. 软件运维每年12万元；2. 硬件维保8万元。", "30.00", None),
    # numbering that does not run 1, 2, 3 is not read as one list
    ("1. 设备维保20万元；2. 软件升级10万元；2. 网络维护5万元。", "40.00", None),
    # decimals are not list markers, and a single amount is no list
    ("全年服务费1.5万元*12。", "20.00", None),
])
def test_lists_that_stay_quiet(basis, annual, total):
    assert not hits("JX706", form_of(basis, annual, total=total)), basis


def test_a_list_without_a_budget_year_and_with_two_years_stays_quiet():
    form = form_of("1. 2025年系统建设尾款18万元；2. 2026年运维服务费30万元。", "45.00", goal_year=None)
    assert form.budget_year is None
    assert not hits("JX706", form)


# ---------------------------------------------------------------------------------------------------------------
# The readers under them (values.py)
# ---------------------------------------------------------------------------------------------------------------

def test_money_in_text_skips_unit_prices_and_counts():
    text = "租金5万元/月，养护费3.5万元/公里·年，咨询41500元/（人*月），顾问35000元（人/月），绿地50万平方米，免疫100万头，印刷3万册。"
    assert money_in_text(text) == []
    assert [y for y, _, _ in money_in_text("保安服务费65万；捐赠10万人民币；尾款4.266万元")] == [650000, 100000, 42660]


def test_money_terms_carry_multiplier_role_and_unit_price():
    text = "每顶800元，计40万元；志愿者服务费1.54万元*12；电费3万元×12个月；单价4,000元*10=4万元；合计约90万元"
    terms = {text[t.pos:t.end]: t for t in money_terms_in_text(text)}
    assert terms["800元"].per_unit and terms["800元"].role == "item"
    assert terms["40万元"].role == "result" and not terms["40万元"].per_unit
    assert terms["1.54万元*12"].yuan == 184800 and terms["1.54万元*12"].factor == 12
    assert terms["3万元×12个月"].yuan == 360000
    assert terms["4,000元*10"].role == "operand" and terms["4万元"].role == "result"
    assert terms["90万元"].role == "total" and terms["90万元"].approx


# ---------------------------------------------------------------------------------------------------------------
# The real forms: the three bases whose lists do not add up to the money, and nothing else
# ---------------------------------------------------------------------------------------------------------------

def test_on_the_seed_forms_only_the_lists_that_miss_the_annual_amount():
    from jixiao.parse import parse_path
    from seeds import seed

    found = sorted((prefix, form.project_name, f.rule, f.message.split("），")[0])
                   for prefix in ("000", "001", "002", "003") for form in parse_path(seed(prefix)).forms
                   if form.kind == "target" for f in run_rules(form, [RULES["JX705"], RULES["JX706"]]))
    assert found == [
        ("002", "其他一般管理事务", "JX706", "测算明细所列 2 项金额合计 16.35 万元（10+6.35"),
        ("003", "其他一般管理事务", "JX706", "测算依据所列 5 项金额合计 94.4 万元（4.5×12+15+8.4+13+4"),
        ("003", "大厅管理及运行经费", "JX706", "测算依据所列 5 项金额合计 210.746 万元（65+1.54×12+9×12+4.266+15"),
    ]
