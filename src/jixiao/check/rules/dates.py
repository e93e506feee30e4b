"""date_inconsistency: deadlines against the budget year and the implementation period."""

from __future__ import annotations

from typing import Iterator

from jixiao.check.engine import Context, Hit, rule
from jixiao.model import Form


@rule("JX721", "date_inconsistency", "error", "完成时限超出项目起止时间",
      bad="项目名称\t网格信息服务\t项目属性名称\t延续项目\t项目起止时间\t2021-01-01~2021-12-31\n产出指标\t*时效指标\t网格信息服务完成时间\t2022年3月31日前\t\t完成时间",
      good="项目名称\t网格信息服务\t项目属性名称\t延续项目\t项目起止时间\t2021-01-01~2021-12-31\n产出指标\t*时效指标\t网格信息服务完成时间\t2021年12月31日前\t\t完成时间")
def deadline_outside_period(form: Form, ctx: Context) -> Iterator[Hit]:
    """A deadline after the project's end date (or before its start) cannot be met within the project. Source:
    RULES-REFERENCE “Time”."""
    start, end = form.start_date, form.end_date
    if not (start and end):
        return
    for row in ctx.rows(form).all:
        d = row.deadline
        if d and not (start <= d <= end):
            yield Hit(f"“{row.name}”的时限 {d.isoformat()} 不在项目起止时间 {start} ~ {end} 内",
                      indicator=row.indicator, evidence=row.raw, suggestion=f"时限应不晚于 {end.year}年{end.month}月{end.day}日")


@rule("JX722", "date_inconsistency", "warning", "完成时限不在预算年度内",
      bad="项目名称: 政务服务大厅运维\n年度目标: 2026年完成大厅运维。\n产出指标\t*时效指标\t运维工作完成时间\t2026年12月31日前\t\t完成时间\n\t\t系统升级完成时间\t2027年6月30日前\t\t完成时间",
      good="项目名称: 政务服务大厅运维\n年度目标: 2026年完成大厅运维。\n产出指标\t*时效指标\t运维工作完成时间\t2026年12月31日前\t\t完成时间\n\t\t系统升级完成时间\t2026年6月30日前\t\t完成时间")
def deadline_outside_year(form: Form, ctx: Context) -> Iterator[Hit]:
    """In an annual target form, deadlines fall inside the budget year: a target due next year is not this year's
    target (practice); so is a service period written as the target (2026年7月1日至2027年6月30日) that runs past
    31 December (values.parse_target types it as due at its end). Source: RULES-REFERENCE “Time”. Checked only
    against a year the form states (a 2026年度 line, or its 年度目标), never one guessed from its own deadlines; a
    form with 起止时间 is left to JX721."""
    # only against a year the form states (a 年度 line or its 年度目标), not one guessed from its own deadlines
    year = form.budget_year
    if form.start_date and form.end_date or not year or form.budget_year_source not in ("header", "goal"):
        return
    for row in ctx.rows(form).all:
        d = row.deadline
        if d and d.year != year:
            yield Hit(f"“{row.name}”的时限 {d.isoformat()} 不在预算年度 {year} 年内", indicator=row.indicator,
                      evidence=row.raw, suggestion=f"年度目标的时限应在 {year}年12月31日前")
