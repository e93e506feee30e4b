"""date_inconsistency: deadlines against the budget year and the implementation period."""

from __future__ import annotations

import re
from typing import Iterator

from jixiao import vocab
from jixiao.check.rule import Context, Hit, rule
from jixiao.model import Form
from jixiao.values import PERIOD_LIKE, normalise, parse_period, parse_target


@rule("JX721", "date_inconsistency", "error", "完成时限超出项目起止时间")
def deadline_outside_period(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：完成时限晚于项目的结束日期（或早于开始日期），在项目期内无法完成。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）关于时效指标的要求：时限在预算年度和实施期限之内。"""
    start, end = form.start_date, form.end_date
    if not (start and end):
        return
    for row in ctx.rows(form).all:
        d = row.deadline
        if d and not (start <= d <= end):
            yield Hit(f"“{row.name}”的时限 {d.isoformat()} 不在项目起止时间 {start} ~ {end} 内",
                      indicator=row.indicator, evidence=row.raw, suggestion=f"时限应不晚于 {end.year}年{end.month}月{end.day}日")


@rule("JX722", "date_inconsistency", "warning", "完成时限不在预算年度内")
def deadline_outside_year(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：年度申报表中的时限应在预算年度之内：明年到期的目标不是今年的目标；写成服务期（2026年7月1日至2027年6月30日）
    且跨过 12 月 31 日的也一样，实施期跨年的项目也是如此（2023.07—2024.01 的服务，2023 年度的表只能写到年底）。只对照
    表中写明的年度（“2026年度”一行、表名或年度目标中的年份），不用指标自己的日期推测；也超出项目起止时间的由 JX721 报告。

    依据：实践做法：年度目标的服务期跨过预算年度 12 月 31 日视为错误。"""
    # only against a year the form states (a 年度 line, its title or its 年度目标), not one guessed from its own
    # deadlines; a deadline outside the 起止时间 as well is JX721's
    year = form.budget_year
    if not year or form.budget_year_source not in ("header", "goal"):
        return
    start, end = form.start_date, form.end_date
    for row in ctx.rows(form).all:
        d = row.deadline
        if d and d.year != year and not (start and end and not start <= d <= end):
            yield Hit(f"“{row.name}”的时限 {d.isoformat()} 不在预算年度 {year} 年内", indicator=row.indicator,
                      evidence=row.raw, suggestion=f"年度目标的时限应在 {year}年12月31日前")


@rule("JX723", "date_inconsistency", "warning", "项目起止时间不是有效的日期")
def period_not_dates(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：项目起止时间（实施期限）写的是从哪天到哪天，完成时限要在其中（JX721）。写成“20246-202516”（没有 16 月），或结束
    早于开始，就既不是有效的日期，也无法对照。只报写成“日期至日期”而读不出有效日期的；“长期”“3年”“2026年度”不是
    起止日期，不报。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）关于时效指标的要求：时限在
    预算年度和实施期限之内。"""
    for field in ("起止时间", "实施期限"):
        hf = form.fields.get(field)
        if hf is None or not hf.value:
            continue
        if parse_period(hf.value) == (None, None) and PERIOD_LIKE.search(normalise(hf.value)):
            yield Hit(f"{hf.label}“{hf.value}”读不出有效的起止日期", field=field, evidence=hf.value,
                      suggestion="写成有效的起止日期，如“2024年6月1日至2025年5月31日”或“2024.06—2025.05”")
            return


@rule("JX724", "date_inconsistency", "warning", "自评表的填报日期在评价年度结束之前", kinds=("self_evaluation",))
def self_evaluation_filed_early(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：绩效自评对整个预算年度的执行情况和指标完成情况打分，全年执行数要到年度结束才有；2027 年度的自评表在 2027 年
    3 月填报，多半是日期沿用了上一年（应为 2028 年）。12 月内填报的（年终预评）不报。只对照表中写明的年度。

    依据：《项目支出绩效评价管理办法》（财预〔2020〕10号）：绩效自评在预算年度结束后开展，评价年度资金的全年执行情况。"""
    year = form.budget_year
    if not year or form.budget_year_source not in ("header", "goal"):
        return
    for label in vocab.FILING_DATE_LABELS:
        field = form.fields.get(label)
        if field is None or not field.value:
            continue
        date = parse_target(field.value).deadline
        if date is not None and (date.year < year or (date.year == year and date.month < 12)):
            yield Hit(f"{year} 年度的自评表，{field.label}却是 {date.isoformat()}（年度结束之前）", field=label,
                      line=field.line, cell=field.cell, evidence=field.value,
                      suggestion=f"核对填报日期：自评应在 {year} 年度结束后填报（如 {year + 1} 年）")
            return


@rule("JX725", "date_inconsistency", "warning", "实施期限不含表中写明的年度")
def period_misses_the_year(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：一张 2027 年度的表，实施期限（起止时间）却是“2026年1月1日—2026年12月31日”：这一年的钱和目标不在项目
    期内，多半是沿用了上一年的表格没有改。申报表与自评表都一样。只对照表中写明的年度（表名、“2027年度”一行或年度
    目标中的年份），只看读得出起止日期的实施期限；“长期”“3年”不比较。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：时限在预算年度和实施
    期限之内（实践做法：实施期限应包含申报或评价的年度）。"""
    year = form.budget_year
    if not year or form.budget_year_source not in ("header", "goal"):
        return
    for field in ("起止时间", "实施期限"):
        hf = form.fields.get(field)
        if hf is None or not hf.value:
            continue
        start, end = parse_period(hf.value)
        if start is not None and end is not None and start <= end and not start.year <= year <= end.year:
            kind = "自评" if form.kind == "self_evaluation" else "申报"
            yield Hit(f"{year} 年度的{kind}表，{hf.label}却是 {start.isoformat()} 至 {end.isoformat()}，不含 {year} 年",
                      field=field, line=hf.line, cell=hf.cell, evidence=hf.value,
                      suggestion=f"核对{hf.label}：应包含 {year} 年（是否沿用了往年的表格）")
            return


@rule("JX726", "date_inconsistency", "warning", "年度目标中的时限与时效指标不一致")
def goal_deadline_vs_row(form: Form, ctx: Context) -> Iterator[Hit]:
    """原理：年度目标写“2028年6月30日前完成1,600艘渔船终端更新安装”，时效指标“终端更新安装完成时间”却是“2028年10月31日
    前”：同一件事两个时限，考核时按哪个都说不清。按时限之后那一句话与指标名称共有的字词匹配（至少三个字，“完成”
    “时间”之类不算）。

    依据：《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：年度目标与指标衔接一致。"""
    goal = form.fields.get("年度目标")
    rows = [row for row in ctx.rows(form).all if row.deadline]
    if goal is None or not goal.value or not rows:
        return
    text = goal.value
    for m in _DEADLINE_IN_TEXT.finditer(text):
        date = parse_target(m.group(0)).deadline
        if date is None:
            continue
        clause = _CLAUSE.split(text[m.end():], 1)[0]
        for row in rows:
            words = set(row.name) - vocab.DEADLINE_NAME_WORDS
            shared = {c for c in clause if c in words and "\u4e00" <= c <= "\u9fa5"}
            if len(shared) >= 3 and row.deadline != date:
                yield Hit(f"年度目标写“{m.group(0)}{clause[:24]}”，“{row.name}”的时限却是“{row.raw}”", indicator=row.indicator,
                          evidence=f"{m.group(0)} | {row.raw}", suggestion="统一年度目标与时效指标中的时限")
                return


_DEADLINE_IN_TEXT = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?(?:底)?\s*(?:前|之前|以前)")
_CLAUSE = re.compile(r"[，。；;]|,(?!\d)")  # (1,600: a thousands separator, not a clause's end)
