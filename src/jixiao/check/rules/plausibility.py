"""Plausibility: what a form states that cannot be what its writer meant — a project amount of 0, a unit price
written as the project amount, an indicator name broken off a sentence, a project description pasted as 年度目标.
Drafting tools make these mistakes (a first money figure taken for the budget, a phrase cut at a number) and so do
people copying from an application; each rule reads only the form."""

from __future__ import annotations

import re
from typing import Iterator

from jixiao.check.rule import Context, Hit, rule
from jixiao.model import Form
from jixiao.scan import Guarded, guarded
from jixiao.values import money_amount, money_matches, money_terms_in_text, normalise, quantities_in_text
from jixiao.vocab import MONEY_PER_UNIT_BEFORE

_CMP = r"(?:不少于|不低于|不超过|不高于|不小于|不大于|不多于|达到|≥|≤|>=|<=)"
_MEASURE = r"(?:数量|人数|人次|次数|户数|面积|长度|里程|金额|[\u4e00-\u9fff]{0,4}率|满意度)"
_PLACES = r"(?:辖区|全区|全市|全县|全镇|本区|区内|市内|县内|各村|各镇|各街道|社区)"
# the three ways a sentence breaks into a name: a comparator inside it (开设课程不少于数量, 课程不少于验收合格率) or at its
# end (每月达到); a preposition left before the measure (对辖区内数量); the writer and the plan left in (建设局计划…)
# (guarded: a pattern is run only on a name holding a character each of its matches needs; most names hold none)
_BROKEN: tuple[tuple[Guarded, str], ...] = (
    (guarded(_CMP + r"[\u4e00-\u9fff]{0,2}?" + _MEASURE + "$"), "比较词夹在名称中间"),
    (guarded(_CMP + r"$|(?:以上|以内|以下|左右)$"), "名称以比较词结尾"),
    (guarded(r"(?:对|向|给|把|将)" + _PLACES + r"[\u4e00-\u9fff]{0,3}" + _MEASURE + "$"), "名称里留着介词短语"),
    (guarded(r"(?:局|委|中心|办|政府|街道)(?:计划|拟|将|预计|负责)"), "名称里留着单位和计划的字样"),
)


def broken_phrase(name: str) -> str | None:
    """Why an indicator name is a broken-off phrase, or None when it reads as a name."""
    text = "".join(name.split())
    for pattern, why in _BROKEN:
        if pattern.search(text):
            return why
    return None


@rule("JX621", "text_inconsistency", "error", "指标名称是断开的短语", kinds=("target",))
def broken_indicator_name(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：三级指标的名称是一个名词短语，说明考核什么（“开设课程数量”）。从句子中截出来的名称，比较词夹在中间
    （“开设课程不少于数量”“课程不少于验收合格率”）、以比较词结尾（“每月达到”），或留着介词和单位（“建设局计划对辖区内
    数量”），读不出考核的是什么，自评时也无法对照。项目名称写成“项目名称为……”也是同样的截断。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：指标名称应当简洁明确，
    能够清晰反映考核内容。"""
    for row in ctx.rows(form).all:
        why = broken_phrase(row.name)
        if why:
            yield Hit(f"指标名称“{row.name}”是断开的短语（{why}），看不出考核什么", indicator=row.indicator,
                      evidence=row.name, suggestion="写成“对象+计量”的名词短语，如“开设课程数量”，比较词和数值写在指标值里")
    name = form.project_name or ""
    if re.match(r"^\s*项目名称\s*[为是:：]", name):
        yield Hit(f"项目名称“{name}”把“项目名称为”也写了进去", field="项目名称", evidence=name,
                  suggestion="只写项目的名称本身")


@rule("JX731", "amount_inconsistency", "error", "本年度项目金额为 0", kinds=("target",))
def zero_project_amount(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：绩效目标随预算申报，本年度没有安排资金的项目不填申报表；本年度项目金额写成 0，多半是金额没有读到或
    单位换算出错（元写进了万元栏后四舍五入为 0），指标中的成本和测算依据都失去了对照。

    依据：《中央部门预算绩效目标管理办法》（财预〔2015〕88号）：绩效目标应与预算确定的投入相匹配。"""
    amount = form.annual_amount
    if amount is not None and amount.yuan is not None and amount.yuan == 0:
        yield Hit("本年度项目金额为 0：申报的项目应有本年度资金", field="本年度项目金额", line=amount.line,
                  evidence=amount.raw, suggestion="填写本年度安排的资金总额（含上年结转）")


def _texts(form: Form) -> str:
    return "；".join(t for t in (form.field_text("测算依据"), form.field_text("年度目标"), form.field_text("项目概况")) if t)


@rule("JX732", "amount_inconsistency", "error", "项目金额是单价或补助标准", kinds=("target",))
def unit_price_as_amount(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：“每人每月600元”“每批次800元”是单价或补助标准，项目金额是单价乘以数量之后的总额。本年度项目金额恰好等于
    测算依据或年度目标中写明的单价，而同一段文字还写了更大的金额或多于一个的数量，说明把单价当成了项目金额，
    成本指标（“项目总成本≤0.06万元”）也随之错了。

    依据：《中央部门预算绩效目标管理办法》（财预〔2015〕88号）：绩效目标应与预算确定的投入相匹配；实践做法：测算依据
    写明单价、数量和总额。"""
    amount = form.annual_amount
    if amount is None or not amount.yuan:
        return
    text = _texts(form)
    if not text:
        return
    matches = money_matches(text)
    # a unit price equal to the amount is what is looked for: a figure equal to it, written as a price (5万元/月) or
    # with a price's words in the 20 characters before it (每…, 单价…); most texts hold none, and need no more
    if not any(abs(money_amount(m) - amount.yuan) < 0.5
               and (m.group("per") or MONEY_PER_UNIT_BEFORE.search(text, max(0, m.start() - 20), m.start()))
               for m in matches):
        return
    terms = money_terms_in_text(text, matches)
    # 每年120万元 is this year's money, not a unit price
    prices = [t for t in terms if t.per_unit and abs(t.amount - amount.yuan) < 0.5
              and not re.search(r"每年|年均|每年度", text[max(0, t.pos - 4):t.pos])]
    if not prices:
        return
    larger = [t for t in terms if not t.per_unit and t.yuan > amount.yuan * 1.5]
    counts = [q for q in quantities_in_text(text) if q[0] > 1]
    if larger or counts:
        price = prices[0]
        yield Hit(f"本年度项目金额 {amount.raw}（{amount.yuan:g} 元）等于文中写明的单价或标准“{text[price.pos:price.end]}”，"
                  "不是项目总额", field="本年度项目金额", line=amount.line, evidence=amount.raw,
                  suggestion="按单价×数量（×月数）算出本年度总额填写，单价写在测算依据和成本指标里")


_REQUEST_MONEY = re.compile(r"(?:项目金额|预算金额|申请资金|预算资金|经费预算|总投资|项目预算|资金预算|本年度预算|预算为|经费为|申请)"
                            r"\s*[为是:：约共计]*\s*[\d,.]+\s*(?:万元|元|亿元)")


@rule("JX622", "text_inconsistency", "warning", "年度目标照抄了项目描述", kinds=("target",))
def description_as_goal(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：年度目标写本年度要达到的产出和效果（完成什么、多少、多好、何时），与绩效指标一一对应。照抄项目描述或申请
    文字的“年度目标”写的是要花多少钱（“项目金额80万元”），或与测算依据、项目概况一字不差，考核不了任何结果。

    依据：《中央部门预算绩效目标管理办法》（财预〔2015〕88号）：绩效目标是预算资金在一定期限内预期达到的产出和效果，
    应当清晰、可衡量。"""
    goal = form.field_text("年度目标")
    if not goal:
        return
    field = form.fields.get("年度目标")
    line = field.line if field else None
    # a match ends in 元, which no other character becomes under NFKC: a goal without it is not normalised (slow on
    # a long text) to be searched
    m = _REQUEST_MONEY.search(normalise(goal)) if "元" in goal else None
    if m:
        yield Hit(f"年度目标写的是申请的资金（“{m.group(0)}”），不是要达到的产出和效果：像是照抄了项目描述", field="年度目标",
                  line=line, evidence=goal[:80], suggestion="按产出、时限、质量和效果改写年度目标，金额写在测算依据里")
        return
    flat = "".join(goal.split())
    for other in ("测算依据", "项目概况", "政策依据"):
        text = "".join(form.field_text(other).split())
        if len(flat) >= 15 and text == flat:
            yield Hit(f"年度目标与{other}一字不差：像是照抄", field="年度目标", line=line, evidence=goal[:80],
                      suggestion="按产出、时限、质量和效果改写年度目标")
            return
