"""The description reader (jixiao.description): a table of real phrasings with what it must read, and properties (it
never raises; what it reads stays in range) on generated text."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.description import read_description

# (phrasing, what it must read). Phrasings as budget officers write them (the list and the dev set).
TABLE = [
    ("2026年为辖区800名老人提供居家养老补贴，每人每月600元，由区民政局负责发放。",
     {"applicant": "区民政局", "annual_yuan": 5_760_000, "unit_prices": [600], "quantity": (800, "人", "老人")}),
    ("2026年县市场监管局抽检食品1,200批次，每批次800元，项目经费96万元。",
     {"annual_yuan": 960_000, "unit_prices": [800], "quantity": (1200, "批次", "食品")}),
    ("2026年区环卫所清扫保洁道路面积120万平方米，保洁单价为每平方米每年4.2元。",
     {"unit_prices": [4.2], "annual_yuan": 5_040_000}),
    ("2026年惠及辖区居民3,200人，项目资金50万元。", {"quantity": (3200, "人", "居民")}),
    ("2026年维修屋面防水8,600平方米，预算120万元。", {"quantity": (8600, "平方米", "屋面防水")}),
    ("2026年区图书馆续订中外文数据库14个，项目金额260万元。", {"quantity": (14, "个", "数据库"), "applicant": "区图书馆"}),
    ("2026年更换教学楼门窗360樘，购置河道保洁船2艘，预算300万元。",
     {"quantity": (360, "樘", "门窗"), "quantity2": (2, "艘", "保洁船")}),
    ("路面病害发现后48小时内修复，2026年预算金额380万元。", {"limit": ("duration", 48, "小时", "修复")}),
    ("2026年热线咨询2小时内回复，经费20万元。", {"limit": ("duration", 2, "小时", "回复")}),
    ("2026年检验报告20个工作日出具，经费20万元。", {"limit": ("duration", 20, "个工作日", "出具")}),
    ("2026年检测机构20个工作日出报告，经费20万元。", {"limit": ("duration", 20, "个工作日", "出具报告")}),
    ("2026年对校舍进行维修改造，9月30日前完工，预算560万元。", {"deadline": dt.date(2026, 9, 30)}),
    ("合同期限为2026年1月至2028年12月，区城管局委托物业公司开展公厕保洁，每年服务费120万元。",
     {"period": 3, "budget_year": 2026, "annual_yuan": 1_200_000, "total_yuan": 3_600_000, "applicant": "区城管局"}),
    ("2026年新建社区长者食堂4个，项目总投资300万元，其中本年度安排150万元，实施期限2年。",
     {"annual_yuan": 1_500_000, "total_yuan": 3_000_000, "period": 2}),
    ("2026年本年度安排财政资金420万元，另有上年结转资金80万元，签约居民5.6万人。",
     {"annual_yuan": 5_000_000, "quantity": (56000, "人", "签约居民")}),
    ("项目总金额860万元，其中中央补助500万元、县级配套360万元，2026年实施。", {"annual_yuan": 8_600_000}),
    ("2026年城关镇农业服务中心补贴农机具三百台，补贴资金一百二十万元。",
     {"annual_yuan": 1_200_000, "quantity": (300, "台", "农机具"), "applicant": "城关镇农业服务中心"}),
    ("2026年受助老人满意度不低于95%，补贴发放准确率100%。",
     {"rate": ("受助老人满意度", 95, "≥", "受助老人"), "rate2": ("补贴发放准确率", 100, "=", "")}),
    ("2026年开设课程不少于60门，经费48万元。", {"quantity": (60, "门", "课程")}),
    ("2026年河道每周巡查不少于3次，经费30万元。", {"frequency": (3, "周")}),
    ("2026年市博物馆每天开放8小时，中央补助资金120万元。", {"limit": ("service_hours", 8, "小时/天", "")}),
    ("为辖区独居老人安装智能烟感报警器500个。", {"annual_yuan": None, "year_given": False}),
    # units of power, of vehicle-kilometres, of livestock by head or animal; things listed with 、 before their number;
    # the work written after what it is done to (对…N台开展…, 对…的N座…给予…)
    ("2026年城乡公交年运营里程约3,200万车公里，补贴资金5,000万元。", {"quantity": (32_000_000, "车公里", "运营里程")}),
    ("2026年建成屋顶光伏总装机容量1,500千瓦，预算800万元。", {"quantity": (1500, "千瓦", "装机")}),
    ("2026年全年免疫布病羊、牛共计12万头（只）次，经费60万元。", {"quantity": (120_000, "头（只）次", "羊、牛")}),
    ("2026年对在用锅炉300台开展能效检测，经费45万元。", {"quantity": (300, "台", "能效检测")}),
    ("2026年对辖区内已改造的42座公厕给予保洁补助，经费30万元。", {"quantity": (42, "座", "保洁补助公厕")}),
]


@pytest.mark.parametrize("text, want", TABLE, ids=[t[:14] for t, _ in TABLE])
def test_reads_real_phrasings(text, want):
    d = read_description(text, today=dt.date(2026, 12, 7))
    if "applicant" in want:
        assert d.applicant == want["applicant"]
    for key, attr in (("annual_yuan", "annual_yuan"), ("total_yuan", "total_yuan"), ("period", "period_years"),
                      ("budget_year", "budget_year"), ("year_given", "year_given")):
        if key in want:
            assert getattr(d, attr) == want[key], (key, getattr(d, attr))
    if "unit_prices" in want:
        assert [m.yuan for m in d.unit_prices] == want["unit_prices"]
        assert d.annual_yuan not in want["unit_prices"]
    for key in ("quantity", "quantity2"):
        if key in want:
            value, unit, obj = want[key]
            assert any(q.value == value and q.unit == unit and obj in q.work for q in d.quantities), d.quantities
    if "limit" in want:
        kind, value, unit, action = want["limit"]
        assert any(lim.kind == kind and lim.value == value and lim.unit == unit and action in lim.action
                   for lim in d.limits), d.limits
    if "deadline" in want:
        assert [lim.deadline for lim in d.limits if lim.kind == "deadline"] == [want["deadline"]]
    for key in ("rate", "rate2"):
        if key in want:
            name, value, cmp, audience = want[key]
            assert any(r.name == name and r.value == value and r.comparator == cmp and r.audience == audience
                       for r in d.rates), d.rates
    if "frequency" in want:
        count, period = want["frequency"]
        assert [(f.count, f.period) for f in d.frequencies] == [(count, period)]


def test_a_contract_period_does_not_crash_the_drafter():
    """合同期限为2026年1月至2028年12月 crashed the drafter (period_years 2026)."""
    from jixiao.draft import draft

    result = draft("合同期限为2026年1月至2028年12月，区城管局委托物业公司对辖区3,200平方米公厕开展保洁，每年服务费120万元。",
                   offline=True)
    assert (result.draft.period_years, result.draft.budget_year) == (3, 2026)
    assert result.draft.long_goal and result.form.total_amount.yuan == 3_600_000


PIECES = ["2026年", "合同期限为2026年1月至2028年12月", "实施期限3年", "区民政局", "由区水务局负责", "每人每月600元",
          "3,200人", "8,600平方米", "数据库14个", "360樘", "2艘", "48小时内修复", "20个工作日出报告", "9月30日前完工",
          "每周巡查2次", "满意度不低于95%", "100%", "项目资金120万元", "其中财政资金100万元", "上年结转20万元",
          "总投资3亿元", "一百二十万元", "三百台", "7×24小时", "，", "。", "、", "（", "）", "约", "共计", "每", "万",
          "元", "/", "m²", "年", "月", "日", "1,", ",000", "0", "99999999999999999999", "第2批", "为", "对"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_never_raises_on_recombined_phrasings(pieces):
    d = read_description("".join(pieces))
    assert 2000 <= d.budget_year <= 2100 and 1 <= d.period_years <= 20
    assert d.annual_yuan is None or d.annual_yuan >= 0
    assert all(q.value > 0 for q in d.quantities)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", categories=("Lo", "Nd", "Po", "Ps", "Pe", "Sm", "Zs", "No")),
               max_size=80))
def test_never_raises_on_any_text(text):
    d = read_description(text)
    assert 1 <= d.period_years <= 20 and isinstance(d.missing, list)
    d.hints()
