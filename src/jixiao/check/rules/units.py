"""unit_mismatch: the value's unit, the 度量单位 column and the kind of indicator must agree
(RULES-REFERENCE “Units fit the kind”, practice)."""

from __future__ import annotations

import re

from typing import Iterator

from jixiao import vocab
from jixiao.check import fixes
from jixiao.check.rule import Context, Hit, rule
from jixiao.check.facts import (
    Row, grade_defined, header_texts, is_economic_cost, must_be_quantified, name_words, names_near, qualitative_aim,
)
from jixiao.model import Form
from jixiao.values import money_amount, money_matches, quantities_in_text

@rule("JX311", "unit_mismatch", "error", "指标值单位与度量单位栏不一致")
def value_unit_vs_column(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：“度量单位”栏应重述指标值的单位。“24小时内”配“%”、“12个月”配“个”、日期配“%”，两者必有一错，而预算系统
    保存的是单位栏。

    依据：单位与指标类型相符是实践做法；《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）要求定量指标写明计量单位。"""
    for row in ctx.rows(form).all:
        col = row.column_family
        val = row.family
        if col is None or val is None or col == "multiplier" or row.kind == "grade":
            continue
        if col != val:
            yield Hit(f"“{row.name}”的指标值“{row.raw}”是{vocab.UNIT_FAMILY_NAMES.get(val, val)}，度量单位栏却是“{row.unit}”",
                      indicator=row.indicator, evidence=f"{row.raw} | {row.unit}",
                      suggestion=None if row.target_unit else "统一指标值与度量单位",
                      fix=fixes.unit(row.unit, row.target_unit) if row.target_unit else None)


@rule("JX312", "unit_mismatch", "error", "度量单位填了数量级“万/亿”")
def multiplier_as_unit(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：“万”“亿”是数量级，不是计量单位：“100万”配单位“万”，没有说明是 100 万次、人还是元。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：定量指标须写明计量单位。"""
    for row in ctx.rows(form).all:
        if row.column_family == "multiplier":
            yield Hit(f"“{row.name}”的度量单位“{row.unit}”只是数量级，不是计量单位", indicator=row.indicator,
                      evidence=f"{row.raw} | {row.unit}", suggestion="写明计量单位，如“万次”→单位“次”、目标“≥100万次”")


@rule("JX313", "unit_mismatch", "error", "比率类指标的目标不是百分比")
def rate_with_other_unit(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：名称是“率”或“满意度”的指标，目标应是百分比。“安保在岗率 7*24小时”“信息化系统响应率 ≤0.1秒”考核的其实是
    另一件事：要么把指标改名（如“响应时间”），要么写出比率目标。满意度以调查得分（≥90分）表示的，可以考核，不报。

    依据：比率和满意度以 % 计是实践做法；《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：比率在 0–100% 之间。"""
    for row in ctx.rows(form).all:
        if row.kind not in ("number", "duration", "deadline") or vocab.indicator_kind(row.name) != "rate":
            continue
        fam = row.family
        if row.per and re.fullmatch(r"[万千百]?[人户元次件]|[万千百]人口?", row.per):
            continue  # 万人成讼率 ≤80件/万人: a rate per 10,000 people, written with its base
        if fam not in (None, "percent", "score"):  # 满意度 ≥90分 (a survey score) is measurable
            yield Hit(f"“{row.name}”是比率，目标“{row.raw}”却是{vocab.UNIT_FAMILY_NAMES.get(fam, fam)}", indicator=row.indicator, evidence=row.raw,
                      suggestion="改为百分比目标（如“≥98%”），或把指标名称改为与单位相符的表述（如“响应时间”）")


@rule("JX314", "unit_mismatch", "warning", "定性目标配了“%”单位")
def grade_with_percent(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：“显著”配单位“%”，说明这个等级对应一个百分比区间；但指标解释没有给出区间（如“显著”为 80%–100%），就读不出
    百分比，自评时也无法打分。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：确实难以量化的，可采用分级分档的定性表述，但须给出分档标准。"""
    for row in ctx.rows(form).by_kind.get("grade", ()):
        # a row that must be a number at all (a rate, a count) is JX403's: one finding for one mistake
        if row.column_family == "percent" and not grade_defined(row) and not must_be_quantified(row):
            yield Hit(f"“{row.name}”的目标“{row.raw}”是定性描述，度量单位却是“%”，且指标解释未给出分档区间",
                      indicator=row.indicator, evidence=f"{row.raw} | {row.unit}",
                      suggestion=f"在指标解释中写明“{row.raw}”对应的百分比区间，或改为百分比目标")


@rule("JX315", "unit_mismatch", "warning", "时效指标的目标值形式不对")
def timeliness_form(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：时效指标的目标是完成日期、时限（年、月、日、工作日、小时、分钟），或者及时率（%）。时效行上的裸数字或计数
    单位无法考核；以“时间”命名的指标配百分比，则名称和目标必有一错。

    依据：实践做法：时效以日期、时长或及时率表示，时效行上的裸数字按错误处理。"""
    for row in ctx.rows(form).by_level2.get("时效", ()):
        fam = row.family
        if row.kind == "number" and fam not in ("percent", "time"):
            if fam is None and vocab.indicator_kind(row.name) in ("rate", "duration"):
                continue  # 及时率 100 without its %, 服务周期 180 without 天: a missing unit (JX301, JX302)
            yield Hit(f"时效指标“{row.name}”的目标“{row.raw}”既不是日期、时长，也不是及时率", indicator=row.indicator,
                      evidence=row.raw, suggestion="写成完成日期（如“2026年12月31日前”）、时限（如“24小时内”）或及时率（如“100%”）")
        elif fam == "percent" and "率" not in row.name and vocab.indicator_kind(row.name) == "duration":
            # a 完成时间 of 100% is a 及时率 under a time's name: the name or the target is wrong
            yield Hit(f"时效指标“{row.name}”是时间，目标却是百分比“{row.raw}”", indicator=row.indicator, evidence=row.raw,
                      suggestion="写成完成日期（如“2026年12月31日前”），或把指标改为“按时完成率”并保留百分比")


@rule("JX316", "unit_mismatch", "warning", "度量单位栏写“不适用”而指标有目标")
def column_not_applicable(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：有实际目标的指标必有单位；单位栏写“不适用”，与目标自相矛盾。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：定量指标须写明计量单位。"""
    for row in ctx.rows(form).all:
        if row.unit and row.unit.strip() in vocab.NOT_APPLICABLE and row.kind in ("number", "duration", "range"):
            yield Hit(f"“{row.name}”有目标“{row.raw}”，度量单位栏却写“{row.unit}”", indicator=row.indicator,
                      evidence=f"{row.raw} | {row.unit}", suggestion=f"度量单位填“{row.target_unit or ''}”")


@rule("JX317", "unit_mismatch", "warning", "计数类指标的目标是百分比")
def count_in_percent(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：名称是数量（播放量、人数、场次）的指标，目标应是计数；写成百分比（或度量单位栏写“%”），说的就不是这个数量。
    要么单位写错了（“≥5000万次”误作 %），要么指标本是比率而名称没写出来（应改为“…率”）。

    依据：单位与指标类型相符是实践做法；《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：
    定量指标须写明与指标相符的计量单位。"""
    for row in ctx.rows(form).percent:
        if vocab.indicator_kind(row.name) == "count" and vocab.polarity_of(row.name) is None:
            yield Hit(f"“{row.name}”计的是数量，目标“{row.raw}”却是百分比", indicator=row.indicator,
                      evidence=f"{row.raw} | {row.unit or ''}".rstrip(" |"),
                      suggestion="写明计数单位（如“≥5000万次”），或把指标改为比率并在名称中写明（如“…完成率”）")


@rule("JX318", "unit_mismatch", "warning", "指标名称计的量与目标的单位不符")
def name_measure_vs_unit(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：名称的末尾说明计的是什么：“学生受资助人数”计人，目标却写“735人次”；“举办临时展览场次”计场，目标却是
    “≥8天”。人数与人次、场次与天数不是同一个量，完成情况就无从核对。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：定量指标的计量单位应与指标内容相符。"""
    for row in ctx.rows(form).all:
        unit = row.target_unit
        if not unit or row.kind not in ("number", "duration"):
            continue
        for ending, allowed in vocab.NAME_MEASURE_UNITS:
            if not row.name.endswith(ending):
                continue
            # 人/次 is 人次 written with a slash; 次/座·日 is times counted per toilet and day: times still
            num, _, per = unit.partition("/")
            fits = unit in allowed or unit.replace("/", "") in allowed or \
                (bool(per) and not per.startswith("次") and num in allowed) or \
                any(a.startswith("family:") and vocab.unit_family(unit) == a[7:] for a in allowed)
            if not fits and vocab.unit_family(unit) not in (None, "percent", "multiplier"):
                # a family's first unit as the example (元, 平方米, 公里): never the family's own (English) name
                first = vocab.UNIT_FAMILIES[allowed[0][7:]][0] if allowed[0].startswith("family:") else allowed[0]
                yield Hit(f"“{row.name}”计的是{ending}，目标“{row.raw}”的单位却是“{unit}”", indicator=row.indicator,
                          evidence=row.raw, suggestion=f"核对单位：{ending}应以“{first}”等计")
            break


@rule("JX319", "unit_mismatch", "warning", "以目的命名的指标配了百分比目标")
def aim_with_percent(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：“促进学校教育事业健康发展 ≥100%”“教学条件改善、办学水平提高 =100%”：名称说的是目的，不是可计算的比率，
    百分比没有分子分母，自评时无法核对。应改为可衡量的比率（如“达标学校比例”），或按分级分档写定性目标。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：指标应可衡量，比率须有明确的计算口径。"""
    for row in ctx.rows(form).percent:
        if row.kind == "number" and qualitative_aim(row):
            yield Hit(f"“{row.name}”说的是目的，不是比率，目标“{row.raw}”的百分比无从计算", indicator=row.indicator,
                      evidence=row.raw, suggestion="改为可计算的比率（写明分子、分母），或写分级分档的定性目标")


@rule("JX320", "unit_mismatch", "error", "成本指标的金额与测算依据相差一万倍")
def cost_unit_slip(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：成本指标“单套监测站购置成本 ≤3.5 元”，测算依据却按每套 3.5 万元测算：数字照抄了，单位把“万元”写成了
    “元”（或反过来），目标差了一万倍，按它考核毫无意义。成本指标的金额换算成元以后，恰好是测算依据中同一事物的金额
    （单价或合计，以指标名称中的字词指向）的一万倍或万分之一，而测算依据没有写出与目标相同的金额时报告。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：成本指标应与预算测算的
    单价、标准相符。"""
    rows = [row for row in ctx.rows(form).all
            if row.kind == "number" and row.value and is_economic_cost(row) and _yuan_of(row) is not None]
    if not rows:
        return
    texts = [(text, [(money_amount(m), m.start(), m.group(0)) for m in money_matches(text)])
             for _, text in header_texts(form, ("测算依据", "测算明细"))]
    for row in rows:
        yuan = _yuan_of(row) or 0.0
        name_chars = name_words(row.name)
        named = [(y, raw) for text, amounts in texts for y, pos, raw in amounts
                 if names_near(name_chars, text, pos, raw, form.project_name)]
        if any(_same(y, yuan) for y, _ in named):
            continue  # the basis writes the target's own amount: a slip elsewhere, if any, is not this one
        slip = next((raw for y, raw in named if _same(y, yuan * 1e4) or _same(y, yuan / 1e4)), None)
        if slip is not None:
            yield Hit(f"“{row.name}”的目标“{row.raw}”与测算依据中的“{slip}”相差一万倍，金额单位写错了",
                      indicator=row.indicator, evidence=f"{row.raw} | {slip}",
                      suggestion=f"按测算依据（{slip}）核对目标值与单位（元 / 万元）")


@rule("JX321", "unit_mismatch", "error", "指标与年度目标数字相同、单位不同")
def text_states_number_in_another_unit(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：年度目标写“覆盖湿地面积12万公顷”，指标却是“≥12 万亩”：数字照抄了，单位换成了同类的另一个单位，目标
    差了十五倍（12万公顷合180万亩）。面积、长度、重量的指标，其数值恰好是年度目标、项目概况或测算依据中说同一件事
    （数字附近的字词与指标名称相同）的数字，单位却是同类的另一个单位，而文字没有写出与指标相同的数量时报告。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：定量指标的数值与计量
    单位应准确，与年度目标衔接一致。"""
    rows = [row for row in ctx.rows(form).by_kind.get("number", ())
            if row.value and row.family in _SCALED_FAMILIES and row.target_unit in vocab.UNIT_SCALE]
    if not rows:
        return
    texts = [(text, quantities_in_text(text))
             for _, text in header_texts(form, ("年度目标", "项目概况", "测算依据"))]
    for row in rows:
        name_chars = name_words(row.name)
        unit = row.target_unit or ""
        named = [(n, u, raw) for text, qs in texts for n, u, pos, raw in qs
                 if u in vocab.UNIT_SCALE and vocab.unit_family(u) == row.family
                 and names_near(name_chars, text, pos, raw, form.project_name)]
        if any(vocab.UNIT_SCALE[u] == vocab.UNIT_SCALE[unit] and n == row.value for n, u, _ in named):
            continue  # the text states the target as it is
        slip = next(((u, raw) for n, u, raw in named
                     if n == row.value and vocab.UNIT_SCALE[u] != vocab.UNIT_SCALE[unit]), None)  # (公里 = km)
        if slip is not None:
            factor = vocab.UNIT_SCALE[slip[0]] / vocab.UNIT_SCALE[unit]
            yield Hit(f"文字写的是“{slip[1]}”，指标“{row.name}”的目标却是“{row.raw}{row.unit or ''}”：数字相同、单位不同"
                      f"（1{slip[0]} = {factor:g}{unit}）", indicator=row.indicator, evidence=f"{slip[1]} | {row.raw}",
                      suggestion=f"核对单位：按文字应为{slip[0]}，或把数值换算成{unit}")


_SCALED_FAMILIES = ("area", "length", "mass")


def _yuan_of(row: Row) -> float | None:
    """A money target in yuan (3.5 万元/台 -> 35,000), None for a target in no unit of money."""
    unit = (row.target_unit or row.unit or "").split("/")[0]
    factor = vocab.MONEY_UNIT_YUAN.get(unit)
    return row.value * factor if factor and row.value is not None else None


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 * max(abs(a), abs(b))
