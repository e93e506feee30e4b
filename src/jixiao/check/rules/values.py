"""impossible_value and vague_value: targets that cannot be met or cannot be measured."""

from __future__ import annotations

import calendar
import re

from typing import Iterator

from jixiao import vocab
from jixiao.check import fixes
from jixiao.check.rule import Context, Hit, rule
from jixiao.check.facts import grade_defined, is_economic_cost, must_be_quantified, qualitative_aim
from jixiao.model import Form, has_unit_column
from jixiao.values import NO_SUCH_DATE


@rule("JX201", "impossible_value", "error", "比率超过 100%")
def rate_over_100(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：比率在 0–100% 之间，合格率不可能达到 120%，“>100%”的目标无法实现。增长率、增幅和倍数可以超过 100%，
    不在此列。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）关于比率取值的要求。"""
    for row in ctx.rows(form).percent:
        value = row.value
        if value is None:
            continue
        top = row.value_max if row.kind == "range" and row.value_max is not None else value
        if (top > 100 or (row.comparator == ">" and value >= 100)) and vocab.polarity_of(row.name) != "context" \
                and vocab.indicator_kind(row.name) in ("rate", None) \
                and not vocab.MAY_EXCEED_WHOLE.search(row.name):  # (产羔率 ≥230%: lambs per ewe, more than one a head)
            # (a 播放量 in %: the unit is wrong, JX317's)
            yield Hit(f"“{row.name}”是比率，取值不能超过 100%，目标值“{row.raw}”不可能实现",
                      indicator=row.indicator, evidence=row.raw, suggestion="比率目标取 0–100% 之间，例如“≥95%”或“100%”",
                      fix=fixes.target(row.target, "100%"))


@rule("JX206", "impossible_value", "error", "指标值中的日期不存在")
def no_such_date(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：时限写成日历上没有的日期（“2028年6月31日前”“2月30日”），完成时间就无从核对；多半是想写月底，应改为
    这个月的最后一天（6月30日）。

    依据：实践做法：时效指标的时限应为明确的日期。"""
    for row in ctx.rows(form).by_kind.get("text", ()):
        note = row.target.note or ""
        if note.startswith(NO_SUCH_DATE):
            yield Hit(f"“{row.name}”的时限“{row.raw}”中的{note}", indicator=row.indicator, evidence=row.raw,
                      suggestion="改为实际存在的日期（如这个月的最后一天）")


@rule("JX207", "impossible_value", "error", "一年中的天数超过了这一年的天数")
def more_days_than_the_year(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：“全年供水保障天数 ≥386天”不可能做到：一年只有 365 天（闰年 366 天）。多半是把 366 写错了，或把多年的天数
    当成了一年的。只看名称说的是一年之中（全年、年度、年内）、以天计的指标。

    依据：实践做法：指标值应当可以实现。"""
    year = form.budget_year
    days = 366 if year and calendar.isleap(year) else 365 if year else 366
    for row in ctx.rows(form).all:
        if (row.kind in ("number", "duration") and row.value is not None and row.value > days
                and row.target_unit in ("天", "日") and _WITHIN_A_YEAR.search(row.name) and not row.per):
            yield Hit(f"“{row.name}”的目标“{row.raw}”超过了{f'{year} 年' if year else '一年'}的 {days} 天", indicator=row.indicator,
                      evidence=row.raw, suggestion=f"一年之中的天数不超过 {days} 天：核对目标值")


_WITHIN_A_YEAR = re.compile(r"全年|年度|年内|每年")


@rule("JX202", "impossible_value", "warning", "比率目标写成“≥100%”")
def rate_at_least_100(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：比率不可能高于 100%，“≥100%”实际只能是“=100%”，应直接写“100%”。其他地区已填报的表单中也常见
    “合格率 ≥100%”这种写法。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）关于比率取值的要求。"""
    for row in ctx.rows(form).percent:
        if row.comparator == "≥" and row.value == 100 and vocab.polarity_of(row.name) != "context" \
                and not qualitative_aim(row):  # an aim with a % has nothing to be a percentage of: JX319
            yield Hit(f"“{row.name}”的目标“{row.raw}”：比率不可能高于 100%，≥100% 实际就是 100%",
                      indicator=row.indicator, evidence=row.raw, fix=fixes.target(row.target, "100%"))


@rule("JX203", "impossible_value", "error", "目标值为负数")
def negative_target(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：数量、比率、金额和时长都不会是负数，负的目标值无法考核。增长率、变化率这类变化指标可以为负，不在此列；
    要表达减少，用“下降率”等正向表述。

    依据：实践做法（《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）要求目标可衡量、取值合理，负数目标按填写错误处理）。"""
    for row in ctx.rows(form).all:
        value = row.value
        if value is not None and value < 0 and vocab.polarity_of(row.name) != "context":
            yield Hit(f"“{row.name}”的目标值“{row.raw}”为负数", indicator=row.indicator, evidence=row.raw,
                      suggestion="填写非负的目标值；若表示减少，请用“下降率”等正向表述")


@rule("JX204", "impossible_value", "error", "产出数量目标为 0")
def zero_output_count(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：数量目标为 0 等于承诺没有任何产出，资金换不来可衡量的东西。只有不良事件（事故 0 起）可以为 0，它们是反向指标。

    依据：《中央部门预算绩效目标管理办法》（财预〔2015〕88号）：绩效目标应与预算确定的投入相匹配；数量指标以数值表示为实践做法。"""
    for row in ctx.rows(form).by_level2.get("数量", ()):
        if (row.kind == "number" and row.value == 0 and row.comparator in (None, "≥", "=")
                and vocab.polarity_of(row.name) not in ("negative", "context")):
            yield Hit(f"产出数量指标“{row.name}”的目标为 0，没有任何产出", indicator=row.indicator, evidence=row.raw,
                      suggestion="填写计划完成的产出数量，例如“≥10台”")


@rule("JX205", "impossible_value", "error", "成本目标为 0")
def zero_cost(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：成本指标的金额是这项支出的上限或标准；“办公费总成本 = 0 万元”“出差单位成本 = 0 万元/人”要么是没有这项
    支出（指标应删除），要么是金额用大单位写时被取整成了 0（1 万元 ÷ 8 人 = 0.125 万元/人）。社会成本、生态环境成本
    可以为 0（不产生负面影响），坏事的金额（超标准发放、违规使用、损失）以 0 为目标，都不报。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：成本指标反映项目的经济
    成本，应与测算依据一致。"""
    for row in ctx.rows(form).all:
        if (row.kind == "number" and row.value == 0 and row.value_max is None and is_economic_cost(row)
                and vocab.unit_family(row.target_unit) == "money"
                and not any(w in row.name for w in vocab.BAD_EVENT_WORDS)):  # 超标准发放金额 = 0: a target
            yield Hit(f"成本指标“{row.name}”的目标是 0 {row.scale or ''}{row.target_unit}：没有这项支出应删除该指标，有则写明金额",
                      indicator=row.indicator, evidence=row.raw,
                      suggestion="按测算依据填写成本金额；金额小于所用单位时改用小一级的单位（如“≤1,250元/人”）")


@rule("JX401", "vague_value", "error", "指标值为空或为占位符")
def placeholder_target(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：占位符（“*”“/”、空白、“详见附件”等）不是目标，没有可以对照考核的东西。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：指标应可衡量，占位符按错误处理。"""
    for row in ctx.rows(form).all:
        if row.kind in ("placeholder", "empty"):
            what = "为空" if row.kind == "empty" else f"是占位符“{row.raw}”"
            yield Hit(f"“{row.name}”的指标值{what}，无法考核", indicator=row.indicator, evidence=row.raw or None,
                      suggestion="填写可衡量的目标值：比较符 + 数值 + 单位，或日期、时限")


@rule("JX402", "vague_value", "warning", "无法识别的指标值")
def untyped_target(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：既不是“比较符 + 数值 + 单位”，也不是日期、时限或已定义等级的指标值（“不超预算”“按要求完成”），自评时无法
    客观打分。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）关于指标可衡量的要求；“不超预算”不可衡量。"""
    for row in ctx.rows(form).by_kind.get("text", ()):
        if vocab.RECURRING_DEADLINE.match("".join(row.raw.split())):
            continue  # 每月10日前: a deadline that recurs, checked each month
        if (row.target.note or "").startswith(NO_SUCH_DATE):
            continue  # 2028年6月31日前: a date that does not exist, JX206's finding
        yield Hit(f"“{row.name}”的指标值“{row.raw}”不是可衡量的目标", indicator=row.indicator,
                  evidence=row.raw, suggestion="改为“比较符 + 数值 + 单位”，如“≤50万元”“≥95%”“2026年12月31日前”")


@rule("JX403", "vague_value", "warning", "应量化的指标用了定性描述")
def grade_where_number_expected(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：数量、时效、成本、满意度指标，以及名称是比率、计数、金额或时长的指标，应当量化：“及时”“有效”在自评时
    无法打分。只有在指标解释中把等级定义为百分比区间（如“显著”为 80%–100%）时，才接受定性目标。

    依据：数量、经济成本和满意度指标以数值表示，是实践做法；《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：确实难以量化的，可以分级分档。"""
    for row in ctx.rows(form).by_kind.get("grade", ()):
        if grade_defined(row):
            continue
        if must_be_quantified(row):
            yield Hit(f"“{row.name}”应当量化，目标却是定性描述“{row.raw}”", indicator=row.indicator, evidence=row.raw,
                      suggestion="改为数值目标（如“100%”“≥10台”“24小时内”），或在指标解释中给出分档标准")


# a self-evaluation has no 指标解释 column to define it in
@rule("JX404", "vague_value", "info", "定性目标未在指标解释中分档", kinds=("target",))
def grade_not_defined(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：确实无法量化的指标（社会效益、可持续影响）可以用分级分档的定性目标，但等级必须有定义，自评时才能打分：
    如“显著”为 80%–100%。度量单位填了“%”的，同一个问题由 JX314 报告，这里不重复。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）关于定性指标分级分档的要求。"""
    for row in ctx.rows(form).by_kind.get("grade", ()):
        if row.column_family == "percent":
            continue  # 显著 with unit %: JX314 reports the missing band, one finding for one mistake
        if not grade_defined(row) and not must_be_quantified(row):
            yield Hit(f"“{row.name}”的定性目标“{row.raw}”没有分档标准", indicator=row.indicator, evidence=row.raw,
                      suggestion=f"在指标解释中写明“{row.raw}”对应的量化区间，如“80%-100%”")


@rule("JX301", "missing_unit", "error", "比率或满意度目标缺少 %")
def rate_without_percent(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：“满意度 ≥90”含义不明：是 90%、90 分还是 90 人？定量指标需要“比较符 + 数值 + 单位”。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：定量指标由比较符、数值和计量单位构成；比率和满意度以 % 计是实践做法。"""
    for row in ctx.rows(form).bare_number:
        if not (row.unit and row.unit.strip() not in vocab.NOT_APPLICABLE) \
                and vocab.indicator_kind(row.name) == "rate":
            yield Hit(f"“{row.name}”是比率/满意度，目标值“{row.raw}”没有单位", indicator=row.indicator, evidence=row.raw,
                      fix=fixes.target(row.target, f"{row.raw}%"))


@rule("JX302", "missing_unit", "warning", "数值目标缺少单位")
def number_without_unit(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：没有单位的数值（“≥2”“≥20”）让人只能猜计的是什么：份、人还是次。系数、指数本身没有单位（“灌溉水利用系数
    ≥0.85”），不报。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：定量指标须写明计量单位。"""
    for row in ctx.rows(form).bare_number:
        has_col = bool(row.unit and row.unit.strip() not in vocab.NOT_APPLICABLE)
        kind = vocab.indicator_kind(row.name)
        if not has_col and kind != "rate" and not row.name.endswith(vocab.DIMENSIONLESS_NAME_ENDS):
            yield Hit(f"“{row.name}”的目标值“{row.raw}”没有单位", indicator=row.indicator, evidence=row.raw,
                      suggestion="在数值后写明时长单位，如“180天”“24小时”" if kind == "duration"
                      else "在数值后写明单位，如“≥2份”“≥20人”")


@rule("JX303", "missing_unit", "warning", "度量单位栏未填写")
def unit_column_blank(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：有“度量单位”栏的模板中，这一栏是目标的一部分：预算系统读取的是它；空着，就只能从指标值的文字里猜单位。
    比率除外：指标值写明了“%”的（“=100%”“≥90%”），百分号就是单位，许多表样的单位栏对比率本就留空，不报；没有单位的量
    （灌溉水有效利用系数 ≥0.58、综合指数）也不报。

    依据：实践做法（预算系统导出的六列申报表）。"""
    found = ctx.rows(form)
    if not has_unit_column(form.layout, any(row.unit for row in found.every)):  # Form.unit_column, of the rows
        return
    for row in found.all:
        if not row.unit and row.kind in ("number", "duration", "range") \
                and vocab.unit_family(row.target_unit) != "percent" \
                and not (not row.target_unit and row.name.endswith(vocab.DIMENSIONLESS_NAME_ENDS)):
            yield Hit(f"“{row.name}”的度量单位栏为空", indicator=row.indicator, evidence=row.raw,
                      suggestion=f"填写度量单位“{row.target_unit or ''}”" if row.target_unit else "填写度量单位")


@rule("JX405", "vague_value", "warning", "指标名称或指标值中留有模板占位符")
def template_placeholder(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：模板在指标名称里用“(≥**人)”“××”提示要填的内容；填报时没有删掉，说明这一行只是照抄模板，名称里的比较符
    还可能与实际填的指标值相矛盾。

    依据：实践做法：指标名称应是本项目的考核内容，模板提示语填报时删除。"""
    for row in ctx.rows(form).every:
        m = vocab.TEMPLATE_PLACEHOLDER.search(row.name)
        if m:
            yield Hit(f"指标名称“{row.name}”中留有模板占位符“{m.group(0)}”", indicator=row.indicator, evidence=row.name,
                      suggestion="删掉模板提示（如“(≥**人)”），把目标写进指标值栏")
