"""direction: the comparator must agree with the indicator's polarity (RULES-REFERENCE: Polarity)."""

from __future__ import annotations

from typing import Iterator

from jixiao import vocab
from jixiao.check import fixes
from jixiao.check.facts import capped_output
from jixiao.check.rule import Context, Hit, rule
from jixiao.model import Form


# A self-evaluation's 年度指标值 is the target of its 申报表: its direction is checked as the target form's is
KINDS = ("target", "self_evaluation")


@rule("JX101", "direction", "error", "正向指标使用了上限（≤/<）", kinds=KINDS)
def upper_bound_on_positive(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：正向指标（越高越好）——合格率、完成率、在线率、覆盖率、满意度等，以及“下降率”“节约率”这类减得越多越好的
    比率——目标值应使用“≥”（或“=”）。“≤95%”给成功设了上限：在线率只有 10% 也算达标。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）关于指标方向的要求：正向指标取“≥”，反向指标取“≤”。"""
    for row in ctx.rows(form).upper_bound:
        if row.kind in ("number", "range") and vocab.polarity_of(row.name) == "positive":
            yield Hit(f"“{row.name}”是正向指标（越高越好），目标值“{row.raw}”却设了上限"
                      f"（{fixes.comparator(row.target, '=').after}），数值越低反而越能达标",
                      indicator=row.indicator, evidence=row.raw,
                      fix=fixes.comparator(row.target, "≥"))


@rule("JX102", "direction", "error", "产出数量指标使用了上限（≤/<）", kinds=KINDS)
def upper_bound_on_output_count(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：产出数量指标（完成的报告、服务的人次、采购的设备、处治的路面面积、铺设的管道长度）承诺的是“至少”完成多少；
    “≤2个”“≤18,000平方米”给产出设了上限，产出为 0 也算达标。放在“质量”“时效”下的产出量同样如此。事故、投诉等不良
    事件的次数是反向指标，不在此列。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：产出和受益对象的数量是正向指标，取“≥”。"""
    for row in ctx.rows(form).upper_bound:
        if capped_output(row):
            yield Hit(f"产出数量指标“{row.name}”用了上限“{row.raw}”，产出为 0 也算达标",
                      indicator=row.indicator, evidence=row.raw, fix=fixes.comparator(row.target, "≥"))


@rule("JX103", "direction", "error", "反向指标使用了下限（≥/>）", kinds=KINDS)
def lower_bound_on_negative(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：反向指标（越低越好）——故障率、差错率、投诉率、事故数、响应时间、单价、成本控制率等——目标值应使用
    “≤”（或“=”）。“故障率 ≥2%”等于承诺至少出 2% 的故障。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）关于指标方向的要求：反向指标取“≤”。"""
    for row in ctx.rows(form).lower_bound:
        if row.kind in ("number", "duration") and vocab.polarity_of(row.name) == "negative":
            yield Hit(f"“{row.name}”是反向指标（越低越好），目标值却用了下限“{row.comparator}”",
                      indicator=row.indicator, evidence=row.raw, fix=fixes.comparator(row.target, "≤"))
