"""duplicate_indicator, misplaced_indicator, missing_required, format: the shape of the indicator table."""

from __future__ import annotations

from typing import Iterator

from jixiao import vocab
from jixiao.check.rule import Context, Hit, RuleOption, rule
from jixiao.check.facts import Row, normal_name
from jixiao.model import Form
from jixiao.values import parse_target



@rule("JX501", "duplicate_indicator", "error", "同一指标出现两次")
def duplicate_indicator(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：一个指标只有一个目标。同一个三级指标（去掉空格和标点后相同）出现两次，目标分别是“≥95%”和“100%”，审核人只能
    猜哪一个算数：应合并为一条。若两行名称相同、计量的却不是同一件事（一行是数量“5项”，一行是比率“100%”），两行都有用，
    应给其中一条改名，写明各自考核的内容。

    依据：实践做法：一张表中的三级指标名称（规范化后）不重复。"""
    seen: dict[str, list[Row]] = {}
    for row in ctx.rows(form).all:
        seen.setdefault(normal_name(row.name), []).append(row)
    for same in seen.values():
        for dup in same[1:]:
            first = same[0]
            if _measure_differently(first, dup):
                # one name over two measures (a count and a rate): neither row is redundant, the name is ambiguous
                yield Hit(f"“{dup.name}”与第{first.line}行同名，但两行计量的不是同一件事（{first.raw} / {dup.raw}）",
                          indicator=dup.indicator, evidence=f"{first.raw} | {dup.raw}",
                          suggestion="给其中一条改名，写明各自考核的内容" + _rename_example(first, dup))
                continue
            differs = dup.raw != first.raw
            yield Hit(f"“{dup.name}”与第{first.line}行重复" + (f"，且目标不同（{first.raw} / {dup.raw}）" if differs else ""),
                      indicator=dup.indicator, evidence=f"{first.raw} | {dup.raw}",
                      suggestion="合并为一条指标，保留一个目标值" if differs else "删除重复的一行")


# a grade (显著, 满意) is left out: it may grade the very measure the other row numbers
_MEASURES = {"number": "number", "range": "number", "deadline": "time", "duration": "time"}
# what a name could add to say what a row measures, by the kind of its target
_MEASURE_WORD = {"count": "数量", "percent": "完成率", "money": "金额", "time": "完成时间"}


def _measure_word(row: Row) -> str:
    kind = _MEASURES.get(row.kind)
    if kind == "number":
        return _MEASURE_WORD.get(vocab.unit_family(row.target_unit) or "", "")
    return _MEASURE_WORD.get(kind or "", "")


def _rename_example(a: Row, b: Row) -> str:
    wa, wb = _measure_word(a), _measure_word(b)
    if not wa or not wb or wa == wb:
        return ""
    return f"（例如“{a.name}{wa}”与“{b.name}{wb}”）"


def _measure_differently(a: Row, b: Row) -> bool:
    """Two rows of one name whose targets measure different things: a count and a rate (5项 / 100%), a number and a
    deadline. Only typed targets are compared (an unreadable one says nothing)."""
    ka, kb = _MEASURES.get(a.kind), _MEASURES.get(b.kind)
    if ka is None or kb is None:
        return False
    if ka != kb:
        return True
    if ka != "number":
        return False
    fa, fb = vocab.unit_family(a.target_unit), vocab.unit_family(b.target_unit)
    return fa is not None and fb is not None and fa != fb


@rule("JX511", "misplaced_indicator", "warning", "满意度指标放在了满意度以外的一级指标下")
def satisfaction_outside(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：满意度指标应放在一级指标“满意度”下（服务对象满意度、其他满意度）。计数类的“满意度调查 ≥1份”是产出，不在此列。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）的指标体系：满意度是一级指标，下设服务对象满意度等二级指标；满意度行放在满意度下是实践做法。"""
    for row in ctx.rows(form).all:
        # a template that files the 满意度 二级 under 效益 (湖南, self-evaluations with 效益指标（40分）) is its layout:
        # only a satisfaction row outside a satisfaction 二级 is misplaced
        if (vocab.SATISFACTION_NAME.search(row.name) and row.level1 not in ("满意度", None)
                and vocab.parent_of(row.level2) != "满意度" and (row.target_unit == "%" or row.kind == "grade")):
            yield Hit(f"满意度指标“{row.name}”放在了“{row.level1}/{row.level2}”下", indicator=row.indicator,
                      suggestion="移到“满意度指标—服务对象满意度指标”下")


@rule("JX512", "misplaced_indicator", "warning", "满意度一级下放了非满意度指标")
def non_satisfaction_inside(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：一级指标“满意度”下只考核满意程度（满意度、好评率、评价）；放在这里的“使用年限”实为可持续影响指标。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）的指标体系。"""
    for row in ctx.rows(form).all:
        if row.level1 == "满意度" and not vocab.SATISFACTION_LEVEL_NAME.search(row.name):
            yield Hit(f"“{row.name}”不是满意度指标，却放在满意度下", indicator=row.indicator,
                      suggestion="移到与其内容相符的二级指标下（如使用年限→可持续影响）")


@rule("JX513", "misplaced_indicator", "warning", "时限类指标没有放在时效下")
def time_outside_timeliness(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：产出中目标是截止日期或时长的指标考核的是时间，应放在时效指标下；效益中的时间（预警提前量、可供应天数）是
    效果，不在此列。数量指标下的服务时长（服务时长 1年）很常见，
    不报；但数量指标下的完成时间、时限（整改完成时限 15个工作日）考核的是快慢，也应放在时效下。

    依据：实践做法：时间类指标放在时效下。"""
    for row in ctx.rows(form).all:
        if row.kind not in ("deadline", "duration") or row.level1 not in ("产出", None):
            continue  # a time under 效益 is an outcome (预警提前量 ≥30分钟, 应急供应天数 ≥15天), not a deadline
        # under 数量 only a deadline or a time limit (整改完成时限 15个工作日), not a service duration (服务时长 1年)
        if row.level2 in vocab.NON_TIME_LEVEL2 or row.level2 == "数量" and (
                row.kind == "deadline" or vocab.TIME_LIMIT_NAME.search(row.name)):
            yield Hit(f"“{row.name}”的目标“{row.raw}”是时间要求，却放在“{row.level2}”下", indicator=row.indicator,
                      evidence=row.raw, suggestion="移到“产出指标—时效指标”下")


@rule("JX514", "misplaced_indicator", "warning", "数量指标放在了质量下")
def count_under_quality(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：质量用比率衡量（合格率、准确率）。放在质量下的产出计数（场、台、人）或工作量（50万平方米、20公里、300吨）
    实为数量指标。不良事件的次数（事故 0 起）、工程须达到的尺寸（港池水深 ≥3.5米、路面厚度）、达到标准的结果数（取得
    证书人数、考核合格人数）衡量的是质量，不报；同一
    指标在数量下也有一行的，由 JX501 报告重复。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）的指标体系：数量与质量分列。"""
    names: list[str] | None = None  # the rows' names, made when a row is about to be reported
    for row in ctx.rows(form).by_level2.get("质量", ()):
        if row.value == 0 or row.comparator in ("≤", "<"):
            continue  # 火灾 0次, ≤2起: a count of bad events, which measures quality
        if row.per or vocab.AVERAGE_NAME.search(row.name) or vocab.SPEC_DIMENSION.search(row.name) \
                or vocab.PASSED_COUNT.search(row.name):
            # 日均分出量 85吨/日, 港池水深 ≥3.5米, 取得证书人数: a level of performance, a specification or a count of
            # results that met a standard, not an output
            continue
        if vocab.indicator_kind(row.name) == "rate":
            continue  # 覆盖率 ≥85 | 人: a rate given a count's unit, which is JX313's finding (one mistake, one finding)
        if (row.kind == "number" and row.family in vocab.QUANTITY_FAMILIES
                and vocab.polarity_of(row.name) not in ("negative",)):
            if names is None:
                names = [normal_name(r.name) for r in ctx.rows(form).all]
            if names.count(normal_name(row.name)) > 1:
                continue  # the same indicator twice (under 数量 too): JX501's, one finding for one mistake
            yield Hit(f"“{row.name}”是数量（{row.raw}），却放在质量指标下", indicator=row.indicator, evidence=row.raw,
                      suggestion="移到“数量指标”下，或改为质量类比率（如合格率）")


@rule("JX517", "misplaced_indicator", "warning", "成本、单价放在了成本以外的二级下")
def cost_outside_cost(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：单价、费用、造价、补助标准这类金额指标考核的是成本，应放在成本指标（或一级“成本”下的经济成本）下；放在
    质量、时效下，成本就没有考核到，质量也没有；放在效益下（户均修缮成本列为经济效益），花的钱被当成了项目的效果。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）的指标体系：成本指标单列，
    反映项目的经济成本。"""
    for row in ctx.rows(form).all:
        # under 质量 or 时效, or as a benefit (户均修缮成本 under 经济效益: a cost is no outcome)
        outcome = row.level1 == "效益" and vocab.polarity_of(row.name) == "negative"
        if (row.level2 in ("质量", "时效") or outcome) and row.family == "money" and vocab.indicator_kind(row.name) == "money":
            yield Hit(f"“{row.name}”是成本（{row.raw}），却放在“{row.level2}”下", indicator=row.indicator,
                      evidence=row.raw, suggestion="移到“产出指标—成本指标”（或一级“成本”—经济成本）下")


@rule("JX515", "misplaced_indicator", "warning", "投入（资金、人员）写成了产出数量")
def input_as_output(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：投入的资金、人员、物资（投入资金100万元）不是产出：数量指标应写资金形成的产出——完成的工程量、服务人次、
    采购数量。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：投入不是产出，“投入资金100万元”不能作为数量指标。"""
    for row in ctx.rows(form).by_level2.get("数量", ()):
        # (money a service handles, 住房公积金归集额 ≥62亿元, is its output)
        if vocab.INPUT_NAME_PATTERN.search(row.name) or (row.family == "money" and not vocab.MONEY_OUTPUT_NAME.search(
                row.name)):
            yield Hit(f"“{row.name}”是投入而不是产出", indicator=row.indicator, evidence=row.raw,
                      suggestion="改写为资金形成的产出（完成的工程量、服务人次、采购数量等）")


@rule("JX518", "misplaced_indicator", "info", "效益（带动就业、增收）写成了产出")
def outcome_as_output(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：带动就业、农户增收是项目资金产生的效果，不是项目直接提供的产品或服务：放在产出（数量、质量、时效）下，效益
    就少算了一条，产出也没有衡量到。应移到效益指标（社会效益、经济效益）下，产出写项目直接完成的工作量。就业类项目
    （创业担保贷款）常把带动就业人数作为产出考核，各地做法不一，故只作提示。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）的指标体系：产出指标反映
    提供的产品和服务，效益指标反映产生的效果。"""
    for row in ctx.rows(form).all:
        if row.level1 == "产出" and row.level2 in ("数量", "质量", "时效") and vocab.OUTCOME_NAME.search(row.name):
            yield Hit(f"“{row.name}”是项目带来的效益，却放在产出“{row.level2}”下", indicator=row.indicator,
                      evidence=row.raw, suggestion="移到效益指标（社会效益或经济效益）下")


@rule("JX516", "misplaced_indicator", "warning", "成本同时作为一级和产出下的二级")
def mixed_cost_layout(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：旧模板把成本作为产出下的二级指标；新模板（101号文式）把成本作为一级指标，下设经济成本、社会成本、生态环境
    成本。两种都可以，但一张表两种都用，成本就算了两次。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）关于成本指标的设置。"""
    found = ctx.rows(form)
    as_level1 = found.every_cost_level1
    as_level2 = [row for row in found.every_by_level2.get("成本", ()) if row.level1 == "产出"]
    if as_level1 and as_level2:
        # pointed at the side of fewer rows: the odd one out of the form's template (one 产出-成本 row beside two rows
        # under the 一级 成本 is the one to move)
        odd = as_level2[0] if len(as_level2) < len(as_level1) else as_level1[0]
        yield Hit(f"成本既作为一级指标又作为产出下的二级指标，两种模板混用：“{odd.name}”与其余成本指标不在同一处",
                  indicator=odd.indicator,
                  suggestion="按所用模板统一：成本放在一级（经济成本等）或放在产出下，二选一")


@rule("JX521", "missing_required", "error", "必填二级指标填了“不适用”")
def required_category_not_applicable(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：模板用“*”标出必填的二级指标（数量、质量、时效、成本、社会效益、服务对象满意度）。必填项填“不适用”，项目的
    这一部分就没有衡量。这一行没有自己的三级指标，问题指向该行，以它的二级指标命名。

    依据：实践做法：每个必填二级指标至少有一条指标（可配置）。"""
    present = _present_categories(form, ctx)
    for row in ctx.rows(form).not_applicable:
        if row.required and row.level2 and row.level2 not in present:
            # the row has no indicator of its own (its 三级 says 不适用): it is pointed at, not named
            yield Hit(f"必填二级指标“{row.level2_raw or row.level2}”填了“不适用”", line=row.line,
                      cell=row.indicator.cell, evidence=row.raw or None,
                      suggestion=f"为“{row.level2}”设置至少一条可衡量的指标")
            present.add(row.level2)


@rule("JX523", "missing_required", "warning", "缺少必填二级指标",
      options=(RuleOption("required", list, "必须有指标的二级指标（默认：数量、质量、时效、成本、社会效益、服务对象满意度）"),))
def required_category_missing(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：每个必填二级指标都至少要有一条指标（选项 `required`；默认：数量、质量、时效、成本、社会效益、服务对象
    满意度）；101号文式表单中一级“成本”下的指标满足“成本”。默认设置下，“社会效益”由任一类效益指标（经济、社会、生态
    效益）满足：指引只要求效益指标按项目性质设置；要求必须有社会效益的（如深圳模板的“*社会效益指标”），在选项
    `required` 中写明即按名称检查。自评表按上一年批复的目标逐条自评，评价时不能补设指标：默认设置下不要求自评表有
    “成本”（成本指标自 2021 年起才是申报表的核心指标，缺少时应在申报表上指出）；选项 `required` 写明“成本”的，自评表
    也按名称检查。填了“不适用”的由 JX521 报告。有指标没有二级指标（原表未填或名称无法识别）时，缺少的类别可能就在
    其中：信息写明这一点，不断言缺少。这一类的指标放在了别的二级下（时限放在质量下、成本放在时效下），由 JX513、
    JX517 报告错位，这里不再报缺少。

    依据：实践做法（可配置）。"""
    required = tuple(ctx.opt("required", vocab.REQUIRED_LEVEL2))
    found = ctx.rows(form)
    if found.input_rows or (form.kind == "self_evaluation" and "required" not in ctx.options):
        # the 2021 template states cost under 投入; a self-evaluation scores the targets approved before (no row can be
        # added there): a missing 成本 is the target form's finding
        required = tuple(c for c in required if c != "成本")
    # a category filled only with 不适用 is missing too, unless the template marks it required (JX521 reports that)
    present = _present_categories(form, ctx) | {row.level2 for row in found.not_applicable if row.required}
    if "required" not in ctx.options and present & set(vocab.BENEFIT_LEVEL2):
        present.add(vocab.REQUIRED_BENEFIT)  # any benefit answers the default's 社会效益
    if not found.every:
        return
    # rows whose 二级 is blank or unknown may be of a missing category: the finding says so rather than claim it
    unlevelled = sum(1 for row in found.every if not row.level2 and not row.not_applicable)
    for cat in required:
        if cat not in present and _filed_elsewhere(cat, found.all):
            continue  # its rows stand under another 二级 (a deadline under 质量): JX513's / JX517's finding, one
        if cat not in present:
            na = next((row for row in found.not_applicable if row.level2 == cat), None)
            if na is not None:
                yield Hit(f"必填二级指标“{na.level2_raw or cat}”只填了“不适用”", line=na.line, cell=na.indicator.cell,
                          suggestion=f"为“{cat}”设置至少一条可衡量的指标")
            elif unlevelled:
                yield Hit(f"未找到必填二级指标“{cat}”；另有 {unlevelled} 行指标没有可识别的二级指标，可能属于“{cat}”",
                          line=found.every[0].line, suggestion=f"为这些指标填写二级指标，或补充“{cat}”类指标")
            else:
                # pointed at the 一级 that should hold it, as the form prints it (产出指标), where it is to be added
                parent = vocab.LEVEL2_PARENT.get(cat)
                printed = next((row.level1_raw for row in found.every if row.level1 == parent and row.level1_raw),
                               f"{parent}指标" if parent else None)
                yield Hit(f"缺少必填二级指标“{cat}”", field=printed, line=found.every[0].line,
                          suggestion=f"在“{printed}”下补充“{cat}”类指标" if printed else f"补充“{cat}”类指标")


def _filed_elsewhere(cat: str, rows: list[Row]) -> bool:
    """A row of the category stands under another 二级: a deadline (时效), a cost in money (成本)."""
    if cat == "时效":  # (under 质量: JX513's place)
        return any(row.level2 == "质量" and (row.kind == "deadline" or vocab.TIME_LIMIT_NAME.search(row.name))
                   for row in rows)
    if cat == "成本":  # (under 质量 or 时效: JX517's place)
        return any(row.level2 in ("质量", "时效") and row.family == "money" and vocab.indicator_kind(row.name) == "money"
                   for row in rows)
    return False


def _present_categories(form: Form, ctx: Context) -> set[str]:
    """The 二级 categories the scored rows fill, and 成本 when one is under the 一级 成本."""
    found = ctx.rows(form)
    present = {level2 for level2 in found.by_level2 if level2}
    if found.cost_level1:
        present.add("成本")
    return present


@rule("JX522", "missing_required", "warning", "有效指标少于 3 条",
      options=(RuleOption("min_indicators", int, "有效指标的最少条数（默认 3）"),))
def too_few_indicators(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：一张表至少要有三条有效指标（不适用的行不算）。

    依据：实践做法（可用选项 `min_indicators` 调整）。"""
    minimum = int(ctx.opt("min_indicators", 3))
    n = len(ctx.rows(form).all)
    if n < minimum:
        yield Hit(f"有效指标只有 {n} 条，少于 {minimum} 条", line=form.line, suggestion="补充产出、效益、满意度指标")


@rule("JX524", "missing_required", "error", "年度目标未填写", kinds=("target",))
def annual_goal_blank(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：年度绩效目标是申报表的必填项：它说明这一年用这笔钱要做成什么，指标由它分解而来。表中印有“年度目标”一栏
    却空着或只填了占位符（“/”“详见附件”），只写了中长期目标的，年度指标就没有了依据。表中没有这一栏的（各地版式
    不同，读取器未找到），不报。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：年度目标与中长期目标、
    指标衔接一致，年度目标不得为空。"""
    goal = form.fields.get("年度目标")
    if goal is None or len(goal.value) > 40:
        return  # (a goal that long is written out: no placeholder)
    if parse_target(goal.value).kind in ("empty", "placeholder"):  # (/, 详见附件, 待定: as the 指标值 reader reads them)
        shown = f"只填了“{goal.value.strip()}”" if goal.value.strip() else "为空"
        yield Hit(f"{goal.label}{shown}", field="年度目标", line=goal.line,
                  suggestion="写明本年度要完成的产出和效果（与指标对应），不能只写中长期目标")


@rule("JX531", "format", "warning", "行单元格错位（解析时已修复）")
def repaired_row(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：解析时不得不移动单元格才读出这一行：整行左移了一格、二级指标写在一级指标列、名称折到了下一行、指标值写在
    名称格。预算系统可能读得不一样，请在原表中修正这一行。

    依据：实践做法：导出的申报表每列内容各就各位。"""
    for r in form.repairs:
        if r.kind == "missing_value":
            continue
        row = next((row for row in ctx.rows(form).every if row.name == r.indicator), None)
        yield Hit(r.message, indicator=row.indicator if row else None, line=r.line, evidence=r.indicator,
                  suggestion="在原表中把该行内容放回对应的列")
