"""Self-evaluation arithmetic (绩效自评表): money execution, scores, weights, totals (JX8xx).

Every rule recomputes a number the form prints and compares within the printed precision. Values the parser could not
read are None (listed in `form.unreadable`); a check whose inputs are unreadable is skipped — unreadable is not a
mistake of the form. Source: ../shared/RULES-REFERENCE.md, "Self-evaluation" (财预〔2020〕10号 scoring).

The examples and cases (check/rules/cases/JX8xx.yml) are whole self-evaluations in the clean text layout that
parse/selfeval.py reads.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from jixiao import vocab
from jixiao.check.facts import Row, capped_output, name_words, names_near
from jixiao.check.rule import Context, Hit, rule
from jixiao.model import FundRow, SelfEvaluation, Target
from jixiao.values import NUMERAL, money_in_text, parse_target, quantities_in_text

KINDS = ("self_evaluation",)
SCORE_TOLERANCE = 0.1  # RULES-REFERENCE: 总分 rounding tolerance of about 0.1
STANDARD_WEIGHTS = vocab.SELFEVAL_STANDARD_WEIGHTS  # 效益 40 when 满意度 sits inside it

# ---------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------

def _total_fund(form: SelfEvaluation) -> FundRow | None:
    return next((f for f in form.funds if f.label == "年度资金总额"), None)


def _scored(form: SelfEvaluation, ctx: Context) -> list[Row]:
    """Indicator rows that carry a 分值 (applicable ones, and not-applicable ones the form scored anyway)."""
    return [i for i in ctx.rows(form).every if i.weight is not None or i.score is not None or not _is_na(i)]


def _is_na(ind: Row) -> bool:
    """A row that does not apply: its target says so, or its actual value (不适用（2027年未发生理赔）, scored —)."""
    return ind.not_applicable or ind.target.kind == "not_applicable" or (
        ind.actual is not None and ind.score is None and vocab.says_not_applicable(ind.actual.raw))


def _decimals(x: float) -> int:
    s = f"{x:.6f}".rstrip("0")
    return len(s.split(".")[1]) if "." in s else 0


def _fmt(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:.4f}".rstrip("0").rstrip(".")


def _amount(t: Target) -> float | None:
    """What a target or an actual value measures: its number, a duration in hours (≤24小时 against 1.5天)."""
    return t.hours if t.kind == "duration" else t.value


def _actual_amount(target: Target, actual: Target) -> float | None:
    """What the actual value measures, against `target`: a bare number (no unit of its own) is written in the target's
    unit as printed, its scale included (≥60万页 | 61.2: 612,000 pages)."""
    b = _amount(actual)
    if b is not None and actual.kind == "number" and not actual.unit and target.unit and target.scale:
        b *= vocab.SCALES.get(target.scale, 1.0)
    if b is not None and _converted(target, actual):
        b *= vocab.UNIT_SCALE[actual.unit or ""] / vocab.UNIT_SCALE[target.unit or ""]  # 200公顷 against ≥3000亩
    return b


def _converted(target: Target, actual: Target) -> bool:
    """The actual is written in another size of the target's unit (公顷 for 亩, 公里 for 米): compared converted."""
    return bool(target.unit and actual.unit and target.unit != actual.unit and target.unit in vocab.UNIT_SCALE
                and actual.unit in vocab.UNIT_SCALE
                and vocab.unit_family(target.unit) == vocab.unit_family(actual.unit))


def _comparable(target: Target, actual: Target | None) -> bool:
    """Both typed numbers in the same unit family (or both without unit, or the actual without one: it is in the
    target's): 10次 vs 4次, ≥95% vs 98.77%, ≥850人次 vs 792; or both durations (≤24小时 vs 36小时)."""
    if actual is None:
        return False
    if target.kind == actual.kind == "duration":
        return target.hours is not None and actual.hours is not None and target.comparator != "~"
    if target.kind != "number" or actual.kind != "number":
        return False
    if target.value is None or actual.value is None:
        return False
    ft, fa = vocab.unit_family(target.unit), vocab.unit_family(actual.unit)
    if not actual.unit and target.unit:
        # a bare actual (792 under 实际完成值, the unit printed once, in 度量单位) is in the target's unit; but a bare
        # fraction beside a % target (0.96 for ≥95%) may be a rate written as a fraction: not compared
        return target.comparator not in ("~",) and not (ft == "percent" and actual.value <= 1.5)
    if (target.unit or None) != (actual.unit or None) and (ft != fa or (ft in _SIZED and not _converted(target, actual))):
        return False  # another quantity, or another size of one the vocabulary cannot convert
    return target.comparator not in ("~",)


# families whose units differ in size (亩, 公顷): compared only converted
_SIZED = frozenset(vocab.unit_family(u) for u in vocab.UNIT_SCALE)


def _polarity(ind: Row) -> str | None:
    if capped_output(ind):
        return None  # ≤ on an output (JX102): whether more or less was meant the form does not say
    pol = vocab.polarity_of(ind.name)
    if pol == "context":
        return None
    if pol:
        return pol
    # A 成本 row or a money target caps spending: lower is better (RULES-REFERENCE, Cost); money the form asks at least
    # of (增加受益农户收入 ≥11.376万元) is an outcome, higher is better
    if ind.level2 == "成本" or vocab.parent_of(ind.level2) == "成本" or (
            vocab.unit_family(ind.target.unit) == "money" and ind.target.comparator not in ("≥", ">")):
        return "negative"
    # Plain counts and amounts: the comparator says what the form meant (≤ caps a cost or a bad event).
    return "negative" if ind.target.comparator in ("≤", "<") else "positive"


def _not_done(ind: Row) -> str | None:
    """The words of 实际完成值 (or, when that is no number, of 偏差原因) that say the work was not done: 未实施,
    取消, 调整至2026年…"""
    actual = ind.actual.raw if ind.actual is not None else ""
    m = vocab.NOT_DONE.search(actual)
    if m is None and (ind.actual is None or ind.actual.kind != "number"):
        m = vocab.NOT_DONE.search(ind.deviation or "")
    return m.group(0) if m else None


def _missed(ind: Row) -> bool | None:
    """Whether 实际完成值 misses 年度指标值 (None when they cannot be compared, or the row's name was not read: its
    cells may stand in the wrong columns, and the reader says so)."""
    if not ind.name:
        return None
    if not _is_na(ind) and _not_done(ind):
        return True
    if _late(ind) is not None:
        return _late(ind)
    if not _comparable(ind.target, ind.actual):
        return None
    a, b = _amount(ind.target), _actual_amount(ind.target, ind.actual)  # type: ignore[arg-type]
    cmp = ind.target.comparator
    pol = _polarity(ind)
    if pol is None:
        return None
    if cmp == ">":
        return b <= a
    if cmp == "<":
        return b >= a
    if pol == "negative":
        return b > a
    return b < a


def _figures_named(text: str | None, ind: Row) -> list[float]:
    """The figures a text gives in the row's unit, after words of its name."""
    text = text or ""
    unit = vocab.same_unit(ind.target.unit)
    chars = name_words(ind.name)
    return [n for n, u, pos, raw in quantities_in_text(text)
            if vocab.same_unit(u) == unit and names_near(chars, text, pos, raw)]


def _after_filing(form: SelfEvaluation, ind: Row) -> str | None:
    """The filing date (as printed) when a row's actual date comes after it: a completion the form could not yet know."""
    a = ind.actual
    if a is None or a.kind != "deadline" or a.deadline is None:
        return None
    for label in vocab.FILING_DATE_LABELS:
        field = form.fields.get(label)
        filed = parse_target(field.value).deadline if field is not None and field.value else None
        if filed is not None and form.budget_year and filed < dt.date(form.budget_year, 12, 1):
            continue  # filed before the year's end: the filing date is the slip (JX724's)
        if filed is not None and a.deadline > filed:
            return field.value  # type: ignore[union-attr]
    return None


def _late(ind: Row) -> bool | None:
    """Whether a deadline's row was done after its deadline (2028年1月20日 for 2027年12月31日前); None for a row of no
    deadline, or whose actual value is no date."""
    t, a = ind.target, ind.actual
    if a is None or t.kind != "deadline" or a.kind != "deadline" or not t.deadline or not a.deadline:
        return None
    return a.deadline > t.deadline


# ---------------------------------------------------------------------------------------------------------
# Money execution
# ---------------------------------------------------------------------------------------------------------

@rule("JX801", "score_inconsistency", "error", "执行率与全年执行数÷全年预算数不符", kinds=KINDS)
def execution_rate_mismatch(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：执行率 = 全年执行数 ÷ 全年预算数（调整后的全年预算，不是年初预算数）。印出的执行率应在其小数位上等于这个商
    （456562.87 ÷ 500000 = 0.91）。预算为 0 时执行率没有定义，不检查。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）规定的预算执行率计算方法。"""
    total = _total_fund(form)
    for fr in form.funds:
        if fr.rate is None or fr.spent is None or not fr.budget:
            continue
        if total is not None and fr is not total and (fr.budget, fr.spent, fr.rate) == (
                total.budget, total.spent, total.rate):
            continue  # the whole money is of this source: its copy of the total's rate is one mistake, told once
        exact = fr.spent / fr.budget
        # at least to the percent: 100% is read as 1.0, but printed to a whole percent, not to a whole unit
        tol = 0.5 * 10 ** -max(_decimals(fr.rate), 2) + 1e-9
        if abs(exact - fr.rate) > tol and not _rate_on_parts(form, fr, tol):
            yield Hit(f"{fr.label}执行率印为 {_fmt(fr.rate)}，但全年执行数 {_fmt(fr.spent)} ÷ 全年预算数 "
                      f"{_fmt(fr.budget)} = {exact:.4f}", field=fr.label, line=fr.line,
                      evidence=f"{_fmt(fr.spent)} / {_fmt(fr.budget)} ≠ {_fmt(fr.rate)}",
                      suggestion=f"执行率应为 {exact:.2f}（用全年预算数而不是年初预算数作分母）", column="执行率")


@rule("JX802", "score_inconsistency", "error", "预算执行得分与分值×执行率不符", kinds=KINDS)
def execution_score_mismatch(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：预算执行得分 = min(执行率, 100%) × 分值（10 分）。与印出的执行率或精确的商相符（到 0.01）即可。得分超过
    分值的（执行率 102.40% 得 10.24 分）由 JX804 报告。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）。"""
    fr = _total_fund(form)
    if fr is None or fr.score is None or fr.weight is None or fr.score > fr.weight + 1e-9:
        return  # (a score above its 分值 is JX804's: one mistake, one finding)
    candidates = []
    if fr.rate is not None:
        candidates.append(fr.weight * min(fr.rate, 1.0))
    if fr.budget and fr.spent is not None:
        exact = min(fr.spent / fr.budget, 1.0)
        candidates += [fr.weight * exact, fr.weight * round(exact, 2)]  # the rate as forms print it: 0.98
    if not candidates:
        return
    if all(abs(fr.score - c) > 0.011 for c in candidates):
        want = candidates[0]
        yield Hit(f"预算执行得分 {_fmt(fr.score)} 不等于分值 {_fmt(fr.weight)} × 执行率（应为 {want:.2f}）",
                  field=fr.label, line=fr.line, evidence=f"{_fmt(fr.weight)} × {_fmt(fr.rate)} ≠ {_fmt(fr.score)}",
                  suggestion=f"得分改为 {want:.2f}（执行率超过 100% 按 100% 计）", column="得分")


@rule("JX808", "score_inconsistency", "error", "项目未支出却得分", kinds=KINDS)
def score_without_spending(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：全年执行数为 0 时执行率为 0（预算为 0 时没有定义），预算执行得 0 分；项目没有实施，它的产出和效益也不能
    得满分。种子表单中就有未支出却印“执行率 1.00”、得满分的情况。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）规定的预算执行率计分方法。"""
    fr = _total_fund(form)
    if fr is None or fr.spent is None or fr.spent != 0:
        return
    if fr.score:
        yield Hit(f"全年执行数为 0，预算执行却得 {_fmt(fr.score)} 分", field=fr.label, line=fr.line,
                  evidence=f"全年执行数 0.00，执行率 {_fmt(fr.rate)}，得分 {_fmt(fr.score)}",
                  suggestion="未支出的项目预算执行得分应为 0；如项目中止，应说明并按规定调整或不予评分", column="得分")
    full = [i for i in _scored(form, ctx) if not _is_na(i) and i.weight and i.score is not None and i.score >= i.weight]
    if full and len(full) == len([i for i in _scored(form, ctx) if not _is_na(i)]):
        yield Hit(f"全年执行数为 0，{len(full)} 个绩效指标却全部得满分", field=fr.label, line=fr.line, column="全年执行数",
                  evidence="、".join(i.name for i in full[:4]) + ("…" if len(full) > 4 else ""),
                  suggestion="核实项目是否实际实施；未实施的产出、效益指标不应得满分，并填写偏差原因")


# ---------------------------------------------------------------------------------------------------------
# Scores and weights
# ---------------------------------------------------------------------------------------------------------

@rule("JX803", "score_inconsistency", "error", "总分不等于各项得分之和", kinds=KINDS)
def total_score_mismatch(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：总分 = 预算执行得分 + 各指标得分之和，允许约 0.1 的舍入误差；同时核对总分值 = 资金分值 + 各项分值之和。有得分
    无法读取时不检查；读到的分值合计不足总分值（表中有行没有读到，如扫描件缺页），且缺的分值足以容纳总分多出的部分
    时，也不断言总分有误。分值之差正是某个一级指标印出的权重与其下分值之差的（产出指标（50分）下只有 45 分），由
    JX805 在那个一级指标上报告，这里不重复。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）。"""
    fr = _total_fund(form)
    rows = _scored(form, ctx)
    if form.total_score is not None and fr is not None and fr.score is not None \
            and all(i.score is not None for i in rows if not _is_na(i)):
        total = fr.score + sum(i.score or 0 for i in rows)
        weights = [fr.weight, *(i.weight for i in rows if not _is_na(i))]
        short = (form.total_weight or 100.0) - sum(w or 0 for w in weights) if None not in weights else 0.0
        if abs(total - form.total_score) > SCORE_TOLERANCE + 1e-9 and not (
                short > SCORE_TOLERANCE and 0 < form.total_score - total <= short + SCORE_TOLERANCE):
            # (the 分值 read fall short of the whole, by enough to hold the missing points: rows not read, not a sum
            # miscounted)
            yield Hit(f"总分印为 {_fmt(form.total_score)}，但预算执行得分与各指标得分之和为 {_fmt(round(total, 4))}",
                      field="总分", line=form.total_line, evidence=f"{_fmt(fr.score)} + Σ指标得分 = {_fmt(total)}",
                      suggestion=f"总分改为 {total:.2f}，或更正有误的单项得分", column="得分")
    if form.total_weight is not None and fr is not None and fr.weight is not None \
            and all(i.weight is not None for i in rows if not _is_na(i)):
        wsum = fr.weight + sum(i.weight or 0 for i in rows)
        if abs(wsum - form.total_weight) > SCORE_TOLERANCE + 1e-9 \
                and abs(_level_weight_gap(form, ctx) - (form.total_weight - wsum)) > SCORE_TOLERANCE:
            yield Hit(f"总分值印为 {_fmt(form.total_weight)}，但资金分值与各指标分值之和为 {_fmt(round(wsum, 4))}",
                      field="总分", line=form.total_line, evidence=f"Σ分值 = {_fmt(wsum)}",
                      suggestion="各项分值之和应为 100", column="分值")


def _level_weight_gap(form: SelfEvaluation, ctx: Context) -> float:
    """What the 一级 headings print (产出指标（50分）) above the 分值 of their rows, in all (JX805's differences)."""
    return sum(weight - total for _, weight, _, total in _level_weights(form, ctx))


def _level_weights(form: SelfEvaluation, ctx: Context) -> list[tuple[str, float, list[Row], float]]:
    """Each 一级 whose heading prints a weight and whose rows' 分值 are all read: (level, weight, rows, their sum)."""
    out = []
    for level1, weight in form.level_weights.items():
        rows = [i for i in ctx.rows(form).every if i.level1 == level1]
        if rows and all(i.weight is not None for i in rows if not _is_na(i)):
            out.append((level1, weight, rows, sum(i.weight or 0.0 for i in rows)))
    return out


@rule("JX804", "score_inconsistency", "error", "得分超出分值范围", kinds=KINDS)
def score_out_of_range(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：每一行都应 0 ≤ 得分 ≤ 分值，资金行也一样。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）。"""
    fr = _total_fund(form)
    if fr is not None and fr.score is not None and fr.weight is not None and not 0 <= fr.score <= fr.weight + 1e-9:
        yield Hit(f"预算执行得分 {_fmt(fr.score)} 超出分值 {_fmt(fr.weight)} 的范围", field=fr.label, line=fr.line,
                  evidence=f"得分 {_fmt(fr.score)}，分值 {_fmt(fr.weight)}", suggestion="得分应在 0 到分值之间", column="得分")
    for ind in ctx.rows(form).every:
        if ind.score is None or ind.weight is None:
            continue
        if not 0 <= ind.score <= ind.weight + 1e-9:
            yield Hit(f"“{ind.name}”得分 {_fmt(ind.score)} 超出分值 {_fmt(ind.weight)} 的范围", indicator=ind.indicator,
                      evidence=f"分值 {_fmt(ind.weight)}，得分 {_fmt(ind.score)}",
                      suggestion="得分应在 0 到分值之间；核对是否把分值、得分填反或漏了小数点", column="得分")


@rule("JX805", "score_inconsistency", "error", "一级指标下分值合计与其权重不符", kinds=KINDS)
def level_weight_mismatch(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：表单可以调整默认权重，但调整后每个一级指标下的分值之和必须等于该一级指标印出的权重（“产出指标（50分）”）。
    有分值无法读取的一级不检查。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）关于指标权重的规定（按表单自己印出的权重核对）。"""
    for level1, weight, rows, total in _level_weights(form, ctx):
        if abs(total - weight) > 0.05:
            first = next(i for i in rows if i.weight is not None)
            # the finding is the 一级's: it names the heading that prints the weight (产出指标（50分）), and marks the
            # first row's 分值 (a report places it there)
            printed = vocab.OUTLINE_NUMBER.sub("", first.level1_raw or "") or f"{level1}指标"  # 一、产出指标（50分）
            yield Hit(f"{level1}指标印明 {_fmt(weight)} 分，但其下各三级指标分值合计 {_fmt(round(total, 4))} 分",
                      indicator=first.indicator, field=printed,
                      evidence=" + ".join(_fmt(i.weight) for i in rows if i.weight is not None),
                      suggestion=f"调整{level1}指标下的分值，使合计为 {_fmt(weight)} 分", column="分值")


@rule("JX806", "score_inconsistency", "warning",
      "权重分配偏离标准（资金{资金:g}、产出{产出:g}、效益{效益:g}/{inside:g}、满意度{满意度:g}）".format(
          **STANDARD_WEIGHTS, inside=vocab.SELFEVAL_BENEFIT_WEIGHT_WITH_SATISFACTION), kinds=KINDS)
def nonstandard_weights(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：默认权重为预算执行率 10 分、产出 50 分、效益 30 分、满意度 10 分，共 100 分；部分地方表单印“效益指标（40分）”，
    满意度在其中。表单可以调整权重，所以是警告：表单没有印出一级权重时，检查资金分值、满意度指标的分值（10）是否为默认值；
    印出了一级权重（产出指标（40分）…），就按表单自己的权重（各一级之内的分值合计由 JX805 检查），只检查总分值（100）。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）规定的默认权重：表单可以调整，调整后总分仍为 100。"""
    if form.total_weight is not None and form.total_weight != 100:
        yield Hit(f"总分值为 {_fmt(form.total_weight)}，应为 100 分", field="总分", line=form.total_line,
                  evidence=f"总分值 {_fmt(form.total_weight)}", suggestion="各项分值之和应为 100 分", column="分值")
    if form.level_weights:
        return  # the form prints its own weights (产出指标（40分）): it may, and JX805 holds each level to its own
    fr = _total_fund(form)
    fund, satisfied = STANDARD_WEIGHTS["资金"], STANDARD_WEIGHTS["满意度"]
    if fr is not None and fr.weight is not None and fr.weight != fund:
        yield Hit(f"预算执行率分值为 {_fmt(fr.weight)}，标准为 {_fmt(fund)} 分", field=fr.label, line=fr.line,
                  evidence=f"分值 {_fmt(fr.weight)}", suggestion=f"预算执行率一般为 {_fmt(fund)} 分；如确需调整请在说明中注明", column="分值")
    satisfaction = [i for i in ctx.rows(form).every if vocab.parent_of(i.level2) == "满意度"]
    if satisfaction and all(i.weight is not None for i in satisfaction):
        total = sum(i.weight or 0 for i in satisfaction)
        if abs(total - satisfied) > 0.05:
            yield Hit(f"满意度指标分值合计 {_fmt(total)} 分，标准为 {_fmt(satisfied)} 分", indicator=satisfaction[0].indicator,
                      evidence=" + ".join(_fmt(i.weight) for i in satisfaction),
                      suggestion=f"满意度指标一般为 {_fmt(satisfied)} 分", column="分值")


# ---------------------------------------------------------------------------------------------------------
# Indicator scores against their targets
# ---------------------------------------------------------------------------------------------------------

@rule("JX807", "score_inconsistency", "error", "实际完成值未达年度指标值却得满分", kinds=KINDS)
def full_marks_on_missed_target(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：定量指标的计分：正向指标实际值 B ≥ 目标值 A 得满分 w，否则得 w × B/A；反向指标 B ≤ A 得 w，否则得 w × A/B。
    实际完成值没有达到年度指标值（计划 10 次、完成 4 次）却得满分，与计分方法矛盾。只比较单位相同的数值；时效指标
    比较日期：实际完成于时限之后（时限 2027年12月31日前，完成于 2028年1月20日）也是没有达到。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）规定的定量指标计分方法。"""
    for ind in ctx.rows(form).every:
        if ind.weight is None or ind.score is None or ind.score < ind.weight or not _missed(ind):
            continue
        if _late(ind):
            deadline = ind.target.deadline
            if form.budget_year and deadline is not None and deadline.year < form.budget_year:
                continue  # a deadline in the year before: the deadline itself is the slip (JX722's), one finding
            if _after_filing(form, ind) is not None:
                continue  # done after the form was filed: the date is the slip (JX822's), one finding
            yield Hit(f"“{ind.name}”实际完成于 {ind.actual.raw}，晚于时限 {ind.target.raw}，却得满分 {_fmt(ind.score)}",
                      indicator=ind.indicator, evidence=f"{ind.target.raw} → {ind.actual.raw}",
                      suggestion="按延误程度扣分，并在偏差原因中说明延误的原因和改进措施", column="得分")
            continue
        yield Hit(f"“{ind.name}”年度指标值 {ind.target.raw}，实际完成 {ind.actual.raw}（未达到），却得满分 "
                  f"{_fmt(ind.score)}", indicator=ind.indicator, evidence=f"{ind.target.raw} → {ind.actual.raw}",
                  suggestion=f"按完成比例计分（约 {_fmt(round(_formula(ind) or 0, 2))} 分）并填写偏差原因", column="得分")


def _formula(ind: Row) -> float | None:
    """The guidance score for a quantitative indicator: w × B/A (正向) or w × A/B (反向), capped at w."""
    if ind.weight is None or not _comparable(ind.target, ind.actual):
        return None
    a, b = _amount(ind.target), _actual_amount(ind.target, ind.actual)  # type: ignore[arg-type]
    pol = _polarity(ind)
    if pol is None or a is None or b is None:
        return None
    if pol == "negative":
        ratio = 1.0 if b <= a else (a / b if b else None)
    else:
        ratio = 1.0 if b >= a else (b / a if a else None)
    if ratio is None:
        return None
    return ind.weight * max(0.0, min(ratio, 1.0))


@rule("JX809", "score_inconsistency", "warning", "部分得分不符合计分公式（正向 w×B/A，反向 w×A/B）", kinds=KINDS)
def partial_score_formula(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：定量指标的部分得分应为 w × B/A（正向）或 w × A/B（反向）；与公式相差超过舍入误差的报告。地方可能按档计分，
    所以是警告。未达目标却得满分的由 JX807 报告。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）规定的定量指标计分方法。"""
    for ind in ctx.rows(form).every:
        if ind.score is None or ind.weight is None or ind.score >= ind.weight:
            continue
        want = _formula(ind)
        if want is None or abs(want - ind.score) <= SCORE_TOLERANCE + 1e-9:
            continue
        yield Hit(f"“{ind.name}”年度指标值 {ind.target.raw}、实际完成 {ind.actual.raw}，按公式应得 "
                  f"{want:.2f} 分，表中为 {_fmt(ind.score)} 分", indicator=ind.indicator,
                  evidence=f"分值 {_fmt(ind.weight)}，{ind.target.raw} → {ind.actual.raw}",
                  suggestion=f"按完成比例计分：{want:.2f} 分", column="得分")


@rule("JX810", "missing_required", "warning", "未达目标或扣分却未填写偏差原因", kinds=KINDS)
def missing_deviation_reason(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：扣了分的行须填写偏差原因分析及改进措施；实际值没有达到年度指标值的也一样。“无”“/”和空白视为没有填写。
    这是缺少必填内容，不是计分错误。未达目标却得满分的由 JX807 报告，它的建议已包括填写偏差原因（一处错误，一条报告）。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）。"""
    for ind in ctx.rows(form).every:
        scored = ind.score is not None and ind.weight is not None
        lost = scored and ind.score < ind.weight - 1e-9  # type: ignore[operator]
        missed = _missed(ind)
        if not (lost or missed) or (scored and not lost and missed):
            continue
        dev = (ind.deviation or "").strip()
        if not dev or dev in vocab.NO_DEVIATION_REASON:
            why = f"扣了 {_fmt((ind.weight or 0) - (ind.score or 0))} 分" if lost else "未达到年度指标值"
            yield Hit(f"“{ind.name}”{why}，但未填写偏差原因分析及改进措施", indicator=ind.indicator,
                      evidence=f"{ind.target.raw} → {ind.actual.raw if ind.actual else ''}，偏差原因：{dev or '空'}",
                      suggestion="说明未达标的原因和改进措施", column="偏差原因分析及改进措施")


@rule("JX811", "score_inconsistency", "error", "不适用的指标计了分", kinds=KINDS)
def scored_not_applicable(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：填“不适用”的指标没有考核内容，不得分：或者不计分值，把分值分配到适用的指标上；或者保留分值、得分留空，
    总分按适用分值折算（得分 ÷ 适用分值 × 100）。给“不适用”行记了得分，等于白送分。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）：指标权重在适用的指标间分配（实践中不适用的指标不计分）。"""
    for ind in ctx.rows(form).every:
        if _is_na(ind) and (ind.score or 0) > 0:
            yield Hit(f"“{ind.name}”{'（' + ind.level2 + '）' if ind.level2 else ''}不适用，却有分值 {_fmt(ind.weight)}、"
                      f"得分 {_fmt(ind.score)}", indicator=ind.indicator, evidence=f"分值 {_fmt(ind.weight)}，得分 {_fmt(ind.score)}",
                      suggestion="不适用的指标不得分：得分留空（总分按适用分值折算），或把分值分配到适用的指标上", column="得分")


@rule("JX812", "score_inconsistency", "error", "实际完成情况写明未实施却得满分", kinds=KINDS)
def full_marks_not_done(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：实际完成值（或偏差原因）写明工作没有做——未实施、未开展、取消、调整至下一年——这一指标没有产出，不能得满分，
    应按完成比例计分（没有完成即 0 分）并说明原因。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）规定的计分方法：未完成的按完成比例计分。"""
    for ind in ctx.rows(form).every:
        if _is_na(ind) or ind.weight is None or ind.score is None or ind.score < ind.weight - 1e-9:
            continue
        words = _not_done(ind)
        if words:
            yield Hit(f"“{ind.name}”实际完成情况写的是“{words}”，却得满分 {_fmt(ind.score)}", indicator=ind.indicator,
                      evidence=f"{ind.actual.raw if ind.actual else ''}{' | ' + ind.deviation if ind.deviation else ''}",
                      suggestion="未实施的指标按完成比例计分（未完成为 0 分），并在偏差原因中说明", column="得分")


@rule("JX813", "impossible_value", "error", "实际完成的比率超过 100%", kinds=KINDS)
def actual_rate_over_100(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：合格率、规范管理率、覆盖率这类比率的分子是分母的一部分，实际值不可能超过 100%；填出 112% 多半是把实际值与
    目标值相除（完成程度）填进了实际完成值。增长率、增幅、倍数可以超过 100%，不在此列。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）关于比率取值的要求。"""
    for ind in ctx.rows(form).every:
        a = ind.actual
        if a is None or a.kind != "number" or a.unit != "%" or a.value is None or a.value <= 100:
            continue
        if vocab.indicator_kind(ind.name) == "rate" and vocab.polarity_of(ind.name) != "context" \
                and not vocab.MAY_EXCEED_WHOLE.search(ind.name):  # (产羔率: more than one a head)
            yield Hit(f"“{ind.name}”是比率，实际完成值“{a.raw}”超过 100%，不可能达到", indicator=ind.indicator, evidence=a.raw,
                      suggestion="填写实际的比率（分子/分母）；完成程度（实际值/目标值）不是实际完成值",
                      column="实际完成值")


@rule("JX814", "unit_mismatch", "warning", "实际完成值与年度指标值的单位不一致", kinds=KINDS)
def actual_unit_differs(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：实际完成值要与年度指标值比较才能计分，两者须是同一种量：目标写“≥8天”、完成写“8场”，或目标写“≥500人次”、
    完成写“520人”（人数与人次不是一回事），说明有一处单位写错了，完成比例也就无从计算。同一种量换了单位（目标 ≥3000亩，完成 200公顷）的，按换算比较，也提示改用同一单位。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）：定量指标按实际值与目标值的比例计分。"""
    for ind in ctx.rows(form).every:
        t, a = ind.target, ind.actual
        if a is None or t.kind not in ("number", "duration") or a.kind not in ("number", "duration"):
            continue
        ft, fa = vocab.unit_family(t.unit), vocab.unit_family(a.unit)
        if ft and fa and (ft != fa or vocab.counted_apart(t.unit, a.unit)):  # (≥500人次 against 520人, too)
            yield Hit(f"“{ind.name}”年度指标值“{t.raw}”与实际完成值“{a.raw}”的单位不是同一种量", indicator=ind.indicator,
                      evidence=f"{t.raw} | {a.raw}", suggestion="核对单位：年度指标值与实际完成值应使用相同的计量单位",
                      column="年度指标值")
        elif t.kind == a.kind == "number" and _converted(t, a):
            shown = _fmt(round(_actual_amount(t, a) or 0.0, 2))
            yield Hit(f"“{ind.name}”年度指标值以“{t.unit}”计（{t.raw}），实际完成值却以“{a.unit}”计（{a.raw}，合 {shown}"
                      f"{t.unit}）", indicator=ind.indicator, evidence=f"{t.raw} | {a.raw}",
                      suggestion=f"实际完成值改以“{t.unit}”填写（{shown}{t.unit}），与年度指标值一致", column="实际完成值")


@rule("JX815", "amount_inconsistency", "error", "年度资金总额不等于各项资金之和", kinds=KINDS)
def fund_total_vs_parts(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：项目资金表中，年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金，年初预算数、全年预算数、全年执行数
    各列都一样。总额一行填 0 而其中财政拨款有数，或者合计对不上，执行率和得分也就失去了依据。表中还有按来源列出的行
    （自治区补助、县级资金…）时，它们也是总额的组成部分：总额等于模板各项之和或连同这些行之和，都不报。只按来源列出
    （中央资金、省级资金、市县资金）时，只有另一列的合计与各行之和相符（说明各行是总额的全部组成），才报告不符的列：
    “其中”式的部分列举不报；但有一行按另一种金额单位填写（金额单位为元的表中填 40.00，即 40 万元），换算后各列都与
    总额相符的，报告那一行。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）自评表的资金构成：年度资金总额由财政拨款和其他资金组成。"""
    total = _total_fund(form)
    checked = _checked_parts(form, total) if total is not None else None
    if total is not None and checked is None:
        slip = _part_in_other_unit(form, total)
        if slip is not None:
            part, wrote, factor = slip
            yield Hit(f"{part.label}的金额（{_fmt(part.budget)}）看来是按{wrote}填写的：按{form.fund_unit or '元'}"
                      f"应为 {_fmt(round((part.budget or 0) * factor, 2))}，各列才与年度资金总额相符",
                      field=part.label, line=part.line,
                      evidence=" + ".join(f"{p.label} {_fmt(p.budget)}" for p in form.funds if p is not total),
                      suggestion=f"将{part.label}各列改按{form.fund_unit or '元'}填写", column="全年预算数")
    if total is None or checked is None:
        return
    named, parts = checked
    for column, label in _FUND_SUM_COLUMNS:
        have = getattr(total, column)
        values = [getattr(p, column) for p in parts]
        if have is None or all(v is None for v in values):
            continue
        want = sum(v or 0 for v in values)
        named_sum = sum(getattr(p, column) or 0 for p in named) if named else want
        if min(abs(have - want), abs(have - named_sum)) > _sum_tolerance(want):
            yield Hit(f"年度资金总额的{label}为 {_fmt(have)}，各项资金之和为 {_fmt(want)}", field=total.label,
                      line=total.line, evidence=" + ".join(f"{p.label} {_fmt(getattr(p, column))}" for p in parts),
                      suggestion=f"年度资金总额的{label}应为 {_fmt(want)}，或更正分项", column=label)


_FUND_SUM_COLUMNS = (("initial_budget", "年初预算数"), ("budget", "全年预算数"), ("spent", "全年执行数"))


def _sum_tolerance(want: float) -> float:
    return max(0.011, 0.0005 * abs(want))


def _part_in_other_unit(form: SelfEvaluation, total: FundRow) -> tuple[FundRow, str, float] | None:
    """The one part whose figures, read in the other common unit (40.00 in a table in 元: 40 万元), make every money
    column of the parts add up to the total: (the part, the unit it looks written in, the factor that mends it)."""
    unit = form.fund_unit or "元"
    wrote = vocab.MONEY_UNIT_SLIPS.get(unit)
    parts = [f for f in form.funds if f is not total]
    if wrote is None or len(parts) < 2:
        return None
    factor = vocab.MONEY_UNIT_YUAN[wrote] / vocab.MONEY_UNIT_YUAN[unit]
    found = []
    for part in parts:
        sums = [(getattr(total, column), sum((getattr(p, column) or 0) * (factor if p is part else 1) for p in parts))
                for column, _ in _FUND_SUM_COLUMNS if getattr(total, column) is not None and getattr(part, column)]
        mended = (part.budget or 0) * factor
        if sums and all(abs(have - want) <= _sum_tolerance(want) for have, want in sums) and (
                abs(mended) > 0.005 * abs(total.budget or 0)):  # (next to nothing mended is no slip: amounts.py)
            found.append(part)
    return (found[0], wrote, factor) if len(found) == 1 else None


def _checked_parts(form: SelfEvaluation, total: FundRow) -> tuple[list[FundRow], list[FundRow]] | None:
    """(the template's parts, every part) when JX815 holds the total to the sum of its parts, else None."""
    named = [f for f in form.funds if f is not total and f.label in ("当年财政拨款", "上年结转资金", "其他资金")]
    parts = [f for f in form.funds if f is not total]  # the template's parts, then rows of other sources (县级资金…)
    return (named, parts) if named or _parts_complete(total, parts) else None


def _rate_on_parts(form: SelfEvaluation, total: FundRow, tol: float) -> bool:
    """The total's printed 执行率 is its 全年执行数 over the parts' 全年预算数, which its own 全年预算数 does not equal:
    the total's budget is the slip (JX815 reports it), not the rate."""
    checked = _checked_parts(form, total) if total is _total_fund(form) else None
    if checked is None or total.rate is None or total.spent is None or total.budget is None:
        return False
    budgets = [p.budget for p in checked[1]]
    if any(b is None for b in budgets):
        return False
    want = sum(b for b in budgets if b is not None)
    return bool(want) and abs(want - total.budget) > _sum_tolerance(want) and abs(total.spent / want - total.rate) <= tol


def _parts_complete(total: FundRow, parts: list[FundRow]) -> bool:
    """Rows of sources alone (no template part) are the whole of the total: two or more, and in some column of money
    they add up to the total's figure."""
    if len(parts) < 2:
        return False
    for column, _ in _FUND_SUM_COLUMNS:
        have = getattr(total, column)
        values = [getattr(p, column) for p in parts]
        if have and all(v is not None for v in values) and abs(have - sum(values)) <= _sum_tolerance(have):
            return True
    return False


@rule("JX817", "count_inconsistency", "warning", "完成情况中的数量与实际完成值不一致", kinds=KINDS)
def done_count_vs_actual(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：年度总体目标的实际完成情况与指标表说的是同一件事：文字写“培训科技辅导员321人”，“科技辅导员培训人数”的实际
    完成值却是312人，两处必有一处录错，自评的依据就不可靠。按单位以及数字附近与指标名称共有的字词匹配。文字中有与
    实际完成值相同的数字（量词不同也算：27条与27个）、或数字等于年度指标值（写的是计划）的，不报；两个数相差一倍
    以上的（接待群众31.2万人次、培训参与5,460人次）计的是别的东西，不报；实际为 0 的（伤亡 0 人）和人均、日均等
    平均数不比较。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）：自评表如实反映年度绩效目标的实际完成情况。"""
    text = form.goal_actual
    if not text:
        return
    by_unit: dict[str | None, list[tuple[float, str, int, str]]] = {}
    for q in quantities_in_text(text):
        by_unit.setdefault(vocab.same_unit(q[1]), []).append(q)
    if not by_unit:
        return
    stated = {q[0] for qs in by_unit.values() for q in qs}  # in any counting word (27条 for a row of 个)
    for ind in ctx.rows(form).all:
        actual = ind.actual
        if (actual is None or actual.kind != "number" or actual.value is None or ind.per
                or vocab.AVERAGE_NAME.search(ind.name) or vocab.indicator_kind(ind.name) == "rate"):
            continue
        unit = vocab.same_unit(actual.unit or ind.target.unit)
        quantities = by_unit.get(unit, ())
        b = _actual_amount(ind.target, actual)
        if not quantities or b in stated or ind.target.value in stated:
            continue  # the text states the actual (or the plan): its other numbers count other things
        words = name_words(ind.name)
        for n, _, pos, raw in quantities:
            # a slip of the pen is near the figure (321 for 312); a number twice as large or small counts another thing
            if b and 0.5 <= n / b <= 2.0 and names_near(words, text, pos, raw, form.project_name):
                yield Hit(f"实际完成情况写的是“{raw}”，“{ind.name}”的实际完成值却是“{actual.raw}”",
                          indicator=ind.indicator, evidence=f"{raw} | {actual.raw}",
                          suggestion="核对实际完成的数量，完成情况文字与指标表应一致", column="实际完成值")
                break


@rule("JX821", "score_inconsistency", "warning", "大幅超额完成却未说明原因", kinds=KINDS)
def far_above_target_unexplained(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：实际完成值超过年度指标值三成以上（目标 ≥30万人次，完成 41.2万人次，137%；比率还须高出 20 个百分点），得了
    满分，偏差原因却空着：
    大幅超额说明目标定得偏低，或实际值统计口径与目标不同，应在偏差原因中说明，并在下一年度合理调高目标。只看正向的
    定量指标。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）：绩效目标应科学合理，自评应如实分析偏差原因。"""
    for ind in ctx.rows(form).every:
        if ind.weight is None or ind.score is None or ind.score < ind.weight - 1e-9 or _is_na(ind):
            continue
        if (ind.deviation or "").strip() not in ("", *vocab.NO_DEVIATION_REASON) or not _comparable(ind.target, ind.actual):
            continue
        if ind.target.comparator not in ("≥", ">", None) or _polarity(ind) != "positive":
            continue
        a, b = _amount(ind.target), _actual_amount(ind.target, ind.actual)  # type: ignore[arg-type]
        if ind.actual is not None and ind.actual.unit == "%" and b is not None and b > 100:
            continue  # a rate above 100%: impossible, JX813's finding (one mistake, one finding)
        # (a third over the target; a rate, also by 20 points: 5% → 6.3% is no target set too low)
        if not (a and b is not None and a > 0 and b >= 1.3 * a and (ind.actual.unit != "%" or b - a >= 20)):
            continue
        figures = (_figures_named(form.goal_expected, ind), _figures_named(form.goal_actual, ind))
        if any(n >= 1.3 * a for n in figures[0]):
            continue  # the goal asks about what was done (绿地养护42万平方米 for ≥24万): the target is the slip (JX711)
        if any(n < 1.3 * a for n in figures[1]):
            continue  # the completion text says less (11,600亩 for 16,100亩): the actual is the slip (JX817)
        yield Hit(f"“{ind.name}”实际完成 {ind.actual.raw}，是年度指标值 {ind.target.raw} 的 {b / a:.0%}，大幅超额完成却没有"
                  "说明原因", indicator=ind.indicator, evidence=f"{ind.target.raw} → {ind.actual.raw}",
                  suggestion="在偏差原因中说明超额的原因（目标偏低或统计口径不同），并在下一年度合理调整目标",
                  column="偏差原因分析及改进措施")


@rule("JX822", "date_inconsistency", "error", "实际完成日期晚于自评表的填报日期", kinds=KINDS)
def done_after_filing(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：自评表填报时，实际完成值只能是已经发生的事：2028年3月18日填报的表，时效指标实际完成值却写“2028年7月15日”，
    多半是年份写错了（实际完成情况写的是 2027 年 7 月 15 日）。按这个日期计分、判断是否按期都没有依据。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）：自评依据实际完成情况如实填报。"""
    for ind in ctx.rows(form).every:
        filed = _after_filing(form, ind)
        if filed is not None:
            yield Hit(f"“{ind.name}”实际完成于 {ind.actual.raw}，晚于本表的填报日期 {filed}", indicator=ind.indicator,
                      evidence=f"{ind.actual.raw} | {filed}", suggestion="核对实际完成日期（多半是年份写错）",
                      column="实际完成值")


@rule("JX823", "amount_inconsistency", "error", "文字中的执行金额与资金表不符", kinds=KINDS)
def spent_in_words_vs_table(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：自评结论、实际完成情况写的执行金额（“执行资金370.20万元”）应当就是资金表的全年执行数（307.20万元）：
    两处不一致，必有一处写错（数字颠倒、用了预算数）。只看紧跟“执行资金”“全年支出”等说的是全部执行数的字写出的金额
    （“监测培训支出”是其中一项）；与预算数相同的、与各来源执行数之和相同的（那时错的是总额，由 JX815 报告）不报。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）：自评结论应与自评表的数据一致。"""
    total = _total_fund(form)
    unit = vocab.MONEY_UNIT_YUAN.get(form.fund_unit or "元")
    if total is None or total.spent is None or unit is None:
        return
    figures = [x * unit for x in (total.spent, total.budget, total.initial_budget) if x is not None]
    parts = [f.spent for f in form.funds if f is not total]
    if parts and None not in parts:
        # the sources' own spending: a text that agrees with it leaves the total as the slip (JX815's)
        figures.append(sum(p or 0.0 for p in parts) * unit)
    for field, label, text, line in _texts_of_results(form):
        for yuan, pos, raw in money_in_text(text):
            if not _SPENT_WORDS.search(text[max(0, pos - 6):pos]):
                continue
            if any(abs(yuan - f) <= max(0.01 * unit, 0.0005 * f) for f in figures):
                continue
            yield Hit(f"{label}写的执行金额“{raw}”与资金表的全年执行数 {_fmt(total.spent)}{form.fund_unit or '元'}不一致",
                      field=field, line=line, evidence=raw,
                      suggestion=f"核对执行金额：资金表全年执行数为 {_fmt(total.spent)}{form.fund_unit or '元'}")
            break


# the whole money spent (执行资金, 全年支出, 累计使用), not a part's (监测培训支出)
_SPENT_WORDS = re.compile(r"(?:全年|累计|共计?|合计|实际|项目|资金)(?:执行|支出|使用)(?:资金|金额|数)?|执行(?:资金|金额|数)")


@rule("JX824", "count_inconsistency", "error", "总数的实际完成值不等于其中各项之和", kinds=KINDS)
def whole_vs_its_parts(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：一行总数之下列出“其中：…”各项（改造提升蔬菜大棚总数 320座，其中日光温室 180座、大拱棚 150座），各项的实际
    完成值之和应等于总数的实际完成值：180 + 150 = 330，总数却填 320，必有一处写错。只比较单位相同、都读得出的数值。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）：自评应如实、准确填报实际完成值。"""
    rows = ctx.rows(form).every
    k = 0
    while k < len(rows):
        whole = rows[k]
        parts = []
        k += 1
        while k < len(rows) and rows[k].name.startswith("其中"):
            parts.append(rows[k])
            k += 1
        actuals = [_plain_number(r) for r in (whole, *parts)]
        if len(parts) < 2 or None in actuals or len({vocab.same_unit(r.actual.unit) for r in (whole, *parts)}) != 1:
            continue
        got = sum(a for a in actuals[1:] if a is not None)
        if abs(got - (actuals[0] or 0.0)) > 1e-6 * max(1.0, got):
            shown = " + ".join(r.actual.raw for r in parts)  # type: ignore[union-attr]
            yield Hit(f"“{whole.name}”实际完成 {whole.actual.raw}，其中各项之和却是 {shown} = {_fmt(got)}"  # type: ignore[union-attr]
                      f"{parts[0].actual.unit or ''}", indicator=whole.indicator, evidence=shown,  # type: ignore[union-attr]
                      suggestion=f"核对总数与各项：各项之和为 {_fmt(got)}", column="实际完成值")


def _plain_number(ind: Row) -> float | None:
    """A row's actual value when it is a plain number (not a rate, a date or words)."""
    a = ind.actual
    return a.value if a is not None and a.kind == "number" and a.unit != "%" and not a.per else None


@rule("JX825", "missing_required", "warning", "实际完成情况未填写", kinds=KINDS)
def blank_completion(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：自评表的年度总体目标一栏印着“实际完成情况”，却只填了预期目标、完成情况空着：自评要对照目标说明全年实际
    完成了什么，这是必填内容。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）：自评应填报年度总体目标的实际完成情况。"""
    hf = form.fields.get("实际完成情况")
    if hf is not None and not hf.value and not form.goal_actual and form.goal_expected:
        yield Hit("年度总体目标的“实际完成情况”一栏为空", field="实际完成情况", line=hf.line,
                  suggestion="概述全年实际完成的主要产出和效果，与预期目标逐项对应")


@rule("JX826", "score_inconsistency", "info", "有不适用的指标，总分未按适用分值折算", kinds=KINDS)
def total_not_rescaled(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：不适用的指标保留了分值、得分留空时，总分应按适用的分值折算（得分 ÷ 适用分值 × 100）：不适用的 5 分没有
    考核内容，项目满分只有 95 分，直接加总的 93.48 分按 100 分评，等于白扣了 5 分（应为 98.40 分）。把分值分配到适用
    指标上、不适用行不计分值的，不报。是提示而不是警告：有的地方按 100 分直接加总、只在评级时折算，由审核人按当地
    口径确认。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）：指标权重在适用的指标间分配。"""
    rows = ctx.rows(form).every
    fr = _total_fund(form)
    whole = form.total_weight or 100.0
    idle = sum(i.weight or 0.0 for i in rows if _is_na(i) and i.score is None)
    if form.total_score is None or fr is None or fr.score is None or not 0 < idle < whole:
        return
    plain = fr.score + sum(i.score or 0.0 for i in rows if not _is_na(i))
    rescaled = plain / (whole - idle) * whole
    if abs(form.total_score - plain) <= SCORE_TOLERANCE and rescaled - plain > 0.1:
        yield Hit(f"有 {_fmt(idle)} 分的指标不适用、未计分，总分 {_fmt(form.total_score)} 却按 {_fmt(whole)} 分加总，"
                  f"未按适用分值 {_fmt(whole - idle)} 折算（应为 {rescaled:.2f}）", field="总分", line=form.total_line,
                  evidence=f"{_fmt(plain)} ÷ {_fmt(whole - idle)} × {_fmt(whole)}", column="得分",
                  suggestion=f"总分按适用分值折算为 {rescaled:.2f}，或把不适用指标的分值分配到适用指标上")


@rule("JX827", "amount_inconsistency", "error", "全年执行数超过全年预算数", kinds=KINDS)
def spent_above_budget(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：项目支出不得超出预算：全年执行数 573.40 万元、全年预算数 560.00 万元，执行率 102.39%，多出的钱没有预算依据，
    多半是执行数填错（或预算调整没有写进全年预算数）。只看年度资金总额及各来源行读得出的两个数。

    依据：《中华人民共和国预算法》：各级预算支出应当严格执行预算，不得超预算支出；《项目支出绩效评价管理办法》（财预〔2020〕10号）。"""
    total = _total_fund(form)
    if total is not None and total.score is not None and total.weight is not None and total.score > total.weight + 1e-9:
        return  # the overspending scored above its 分值 (102.40% → 10.24 of 10): JX804's finding, one for one mistake
    for fr in form.funds:
        if fr.budget and fr.spent is not None and fr.spent > fr.budget * 1.0005:
            yield Hit(f"{fr.label}的全年执行数 {_fmt(fr.spent)} 超过全年预算数 {_fmt(fr.budget)}（执行率 {fr.spent / fr.budget:.2%}）",
                      field=fr.label, line=fr.line, evidence=f"{_fmt(fr.spent)} > {_fmt(fr.budget)}",
                      suggestion="核对全年执行数（不应超过全年预算数），或把预算调整写进全年预算数", column="全年执行数")
            return  # the total's overspending names the slip once; a source row over its budget is part of it


@rule("JX818", "text_inconsistency", "warning", "完成情况称全部达标，指标却有未完成的", kinds=KINDS)
def all_met_claim_vs_rows(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：实际完成情况或表下的自评结论写“全面完成年度目标，各项指标均达到预期”“任务已全部完成”，指标表里却有实际
    完成值未达到年度指标值的指标；或者一行没有达到目标，它的偏差原因却写“已按计划全面完成，无偏差”（或达到了目标、
    得了满分，偏差原因却写“未达到年度目标”）：文字与表格矛盾，应如实说明哪些目标没有完成、原因是什么。只看能比较
    的定量指标。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）：自评应如实反映绩效目标的实现程度，未完成的说明原因。"""
    rows = ctx.rows(form).every
    for ind in rows:
        # a row's own 偏差原因 saying there was none (已按计划全面完成，无偏差) while it missed its target
        if not ind.deviation or _is_na(ind):
            continue
        missed = _missed(ind)
        claim = vocab.NO_DEVIATION_CLAIM.search(ind.deviation) if missed and not vocab.CAUSE_WORDS.search(
            ind.deviation) else None  # (a cause given explains the shortfall: 1,200户因拆迁不再安装，应装户已全部完成)
        if claim is not None:
            yield Hit(f"“{ind.name}”实际完成 {ind.actual.raw if ind.actual else ''}，未达到年度指标值 {ind.target.raw}，偏差原因"
                      f"却写“{claim.group()}”", indicator=ind.indicator, evidence=ind.deviation,
                      suggestion="如实写明未完成的原因和改进措施", column="偏差原因分析及改进措施")
        # and the other way: a row that met its target, scored full, whose reason says it missed (单产未达到年度目标)
        claim = vocab.MISSED_CLAIM.search(ind.deviation) if missed is False and ind.score is not None \
            and ind.weight is not None and ind.score >= ind.weight - 1e-9 else None
        if claim is not None:
            yield Hit(f"“{ind.name}”实际完成 {ind.actual.raw if ind.actual else ''}，已达到年度指标值 {ind.target.raw}，偏差原因"
                      f"却写“{claim.group()}”", indicator=ind.indicator, evidence=ind.deviation,
                      suggestion="核对实际完成值与偏差原因：两者说的应是同一结果", column="偏差原因分析及改进措施")
    missed: list[Row] | None = None  # worked out when a text claims every target
    for field, label, text, line in _texts_of_results(form):
        claim = vocab.ALL_TARGETS_MET.search(text)
        if claim is None or vocab.ADMITS_MISS.search(text):
            continue  # (培训任务全面完成；新排剧目和观众人次未达目标: the text says what was missed)
        if missed is None:
            missed = [ind for ind in rows if not _is_na(ind) and _missed(ind)]
        if missed:
            shown = "；".join(f"“{i.name}”{i.actual.raw if i.actual else ''}（目标 {i.target.raw}）" for i in missed[:2])
            more = f"等 {len(missed)} 项" if len(missed) > 2 else ""
            yield Hit(f"{label}写“{claim.group()}”，但{shown}{more}未达到年度指标值", field=field, line=line,
                      evidence=claim.group(), suggestion="如实写明未完成的目标及原因")


def _texts_of_results(form: SelfEvaluation) -> list[tuple[str, str, str, int | None]]:
    """What a self-evaluation says it achieved, in words: (field, label, text, line) of its 实际完成情况 and of the
    conclusion under its table."""
    out = [("年度总体目标完成情况", "实际完成情况", form.goal_actual, form.goal_line)] if form.goal_actual else []
    for label in vocab.CONCLUSION_LABELS:
        hf = form.fields.get(label)
        if hf is not None and hf.value:
            out.append((label, hf.label, hf.value, hf.line))
    return out


@rule("JX819", "score_inconsistency", "error", "定性指标的得分超出其完成档次", kinds=KINDS)
def qualitative_score_above_band(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：定性指标按三档计分：达成年度指标并具有良好效果的得分值的 80%–100%，部分达成并具有一定效果的 60%–80%，
    未达成且效果较差的 0–60%。实际完成写的是“部分达成”，却得 9.5 分（分值 10），高于这一档的上限。只看实际完成
    值写明了档次的行，或偏差原因开头写明档次的行（部分达成：……）。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）规定的定性指标计分档次。"""
    for ind in ctx.rows(form).every:
        actual = ind.actual
        if _is_na(ind) or ind.weight is None or ind.score is None or actual is None or actual.kind == "number":
            continue
        said = "".join(actual.raw.split())
        band = next((b for b in vocab.QUALITATIVE_BANDS if b[0] in said), None)
        if band is None and ind.deviation:
            # the band named where the reason opens (部分达成：3个康复站管理人员调整…), the actual in numbers
            opening = "".join(ind.deviation.split())[:6]
            band = next((b for b in vocab.QUALITATIVE_BANDS if opening.startswith(b[0])), None)
        if band is None:
            continue
        words, low, high = band
        if ind.score > ind.weight * high + 0.005:
            yield Hit(f"“{ind.name}”实际完成为“{actual.raw}”，按定性指标分档应得分值的 {low:.0%}–{high:.0%}"
                      f"（{_fmt(round(ind.weight * low, 2))}–{_fmt(round(ind.weight * high, 2))} 分），却得 {_fmt(ind.score)} 分",
                      indicator=ind.indicator, evidence=f"{actual.raw} → {_fmt(ind.score)}",
                      suggestion=f"按“{words}”一档计分（不超过 {_fmt(round(ind.weight * high, 2))} 分）", column="得分")


@rule("JX820", "vague_value", "warning", "定量指标的实际完成值没有数值却得满分", kinds=KINDS)
def quantitative_row_done_in_words(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：定量指标（≥300家）按实际完成值与目标值之比计分；实际完成值只写“基本完成”“已完成”，没有数值，就算不出
    完成比例，满分也就没有依据。应填写实际完成的数值（如“296家”），未完成的按比例计分。只看写成一个定性词的实际
    完成值：写成句子的（已采购21台设备）数字在句中；写明未实施的由 JX812 报告。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）规定的定量指标计分方法。"""
    for ind in ctx.rows(form).every:
        actual = ind.actual
        if (_is_na(ind) or ind.weight is None or ind.score is None or ind.score < ind.weight - 1e-9
                or actual is None or ind.target.kind != "number" or ind.target.value is None
                or actual.kind != "grade" or NUMERAL.search(actual.raw) or _not_done(ind)):
            # (a sentence, 已采购21台高性能计算设备, says its number in words: only a bare grade word is no number)
            continue
        yield Hit(f"“{ind.name}”是定量指标（{ind.target.raw}），实际完成值却只写“{actual.raw}”，没有数值，得满分 "
                  f"{_fmt(ind.score)} 无从核对", indicator=ind.indicator, evidence=f"{ind.target.raw} | {actual.raw}",
                  suggestion="填写实际完成的数值，未完成的按完成比例计分", column="实际完成值")


def _grade_of(total: float) -> str:
    """The grade a total earns (90 优, 80 良, 60 中, below 差)."""
    return next(g for g, low in vocab.SCORE_GRADES if total >= low - 1e-9)


@rule("JX816", "score_inconsistency", "error", "自评等级与总分不符", kinds=KINDS)
def grade_vs_total(form: SelfEvaluation, ctx: Context) -> Iterable[Hit]:
    """原理：自评等级由总分决定：90 分（含）以上为优，80（含）—90 分为良，60（含）—80 分为中，60 分以下为差。总分 88.46
    却评“优”，等级就与得分矛盾（常见于改了得分、没改等级）。比较的是表中印出的总分；有不适用的指标时，总分按适用
    分值折算（得分 ÷ 适用分值 × 100），等级与折算后的总分相符的也不报。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）：评价结果采取评分和评级相结合的方式，总分 100 分，90（含）
    以上为优、80（含）—90 为良、60（含）—80 为中、60 以下为差。"""
    field = next((form.fields[label] for label in vocab.GRADE_LABELS if label in form.fields), None)
    if field is None or form.total_score is None:
        return
    printed = "".join(field.value.split()).rstrip("。.")
    grade = vocab.SCORE_GRADE_SPELLINGS.get(printed, printed)
    want = _grade_of(form.total_score)
    # rows that do not apply: the total is rescaled to the 分值 that apply (89.61 of 90 is 99.57, 优)
    applicable = (form.total_weight or 100.0) - sum(i.weight or 0.0 for i in ctx.rows(form).every if _is_na(i))
    rescaled = _grade_of(form.total_score / applicable * 100) if 0 < applicable < (form.total_weight or 100.0) else want
    if grade in dict(vocab.SCORE_GRADES) and grade not in (want, rescaled):
        yield Hit(f"总分 {_fmt(form.total_score)} 应评为“{want}”，表中自评等级却是“{field.value}”", field=field.label,
                  line=field.line, cell=field.cell, evidence=f"{_fmt(form.total_score)} → {field.value}",
                  suggestion=f"按总分评级：{_fmt(form.total_score)} 分为“{want}”（或核对总分）")
