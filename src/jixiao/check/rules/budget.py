"""Department budget tables (部门预算表): parts that must add up (JX9xx).

Amounts are compared as printed (万元 with two decimals); a sum of n rounded figures may be off by up to n × 0.005,
so the tolerance grows with the number of parts. Blank cells count as 0 in a sum but a blank parent is not checked.
Source: ../shared/RULES-REFERENCE.md ("Money adds up"); DESIGN.md (budget tables whose parts do not sum to the total).

The examples and cases (check/rules/cases/JX9xx.yml) are small reports in the text layout parse/budget.py reads.
"""

from __future__ import annotations

import re
from typing import Iterable

from jixiao import vocab
from jixiao.check.rule import Context, Hit, rule
from jixiao.model import BudgetReport, BudgetRow, BudgetTable

KINDS = ("budget_report",)


def _tolerance(parts: int) -> float:
    return max(0.011, 0.005 * parts + 1e-9)


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:,.2f}"


def _table_name(t: BudgetTable) -> str:
    return f"表{t.number}《{t.title}》" if t.number is not None else f"《{t.title}》"


# ---------------------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------------------

def _children(rows: list[BudgetRow], i: int) -> list[BudgetRow]:
    parent = rows[i]
    out = []
    for r in rows[i + 1:]:
        if r.is_total or r.depth <= parent.depth:
            break
        if r.depth == parent.depth + 1:
            out.append(r)
    return out


@rule("JX901", "amount_inconsistency", "error", "下级科目之和不等于上级科目", kinds=KINDS)
def children_do_not_sum(form: BudgetReport, ctx: Context) -> Iterable[Hit]:
    """原理：部门预算表中每个科目（201）等于其下级科目（20103）之和，每一类等于其各项之和，部门等于所属各单位之和。层级
    从科目编码、序号（一、/1.）、单位行和分组标签读出。

    依据：实践做法：部门预算公开表格的勾稽关系。"""
    for t in form.tables:
        for i, parent in enumerate(t.rows):
            kids = _children(t.rows, i)
            if not kids or parent.is_total:
                continue
            for c, name in enumerate(t.columns):
                pv = parent.amounts[c] if c < len(parent.amounts) else None
                vals = [k.amounts[c] for k in kids if c < len(k.amounts)]
                if pv is None or all(v is None for v in vals):
                    continue
                total = sum(v or 0 for v in vals)
                if abs(total - pv) > _tolerance(len(vals)):
                    yield Hit(f"{_table_name(t)}“{parent.label}”{name}为 {_fmt(pv)}，其下级合计 {_fmt(total)}，"
                              f"相差 {_fmt(pv - total)}", field=parent.label, line=parent.line,
                              evidence=" + ".join(f"{k.label} {_fmt(k.amounts[c])}" for k in kids
                                                  if c < len(k.amounts) and k.amounts[c] is not None),
                              suggestion="核对上级科目金额或下级明细，使上级等于下级之和", column=name)


def _components(rows: list[BudgetRow], i: int) -> list[BudgetRow]:
    """What a total row adds up: a 总计 after another total = that total + the rows between; otherwise the top-level
    detail rows since the previous total (or the table start)."""
    row = rows[i]
    prev = next((k for k in range(i - 1, -1, -1) if rows[k].is_total), None)
    between = [r for r in rows[(prev + 1 if prev is not None else 0): i] if not r.is_total]
    top = min((r.depth for r in between), default=0)
    parts = [r for r in between if r.depth == top]
    if prev is not None and "总计" in row.label:
        parts = [rows[prev]] + parts
    return parts


@rule("JX902", "amount_inconsistency", "error", "合计/总计行不等于明细之和", kinds=KINDS)
def total_row_mismatch(form: BudgetReport, ctx: Context) -> Iterable[Hit]:
    """原理：本年收入合计等于各收入项之和；收入总计在此之上加上年结余、结转；任务清单的合计行等于各任务之和。

    依据：实践做法：部门预算公开表格的勾稽关系。"""
    for t in form.tables:
        for i, row in enumerate(t.rows):
            if not row.is_total:
                continue
            parts = _components(t.rows, i)
            if not parts:
                continue
            for c, name in enumerate(t.columns):
                tv = row.amounts[c] if c < len(row.amounts) else None
                vals = [p.amounts[c] for p in parts if c < len(p.amounts)]
                if tv is None or all(v is None for v in vals):
                    continue
                total = sum(v or 0 for v in vals)
                if abs(total - tv) > _tolerance(len(vals)):
                    yield Hit(f"{_table_name(t)}“{row.label}”{name}为 {_fmt(tv)}，明细之和为 {_fmt(total)}",
                              field=row.label, line=row.line,
                              evidence=" + ".join(f"{p.label} {_fmt(p.amounts[c])}" for p in parts
                                                  if c < len(p.amounts) and p.amounts[c] is not None),
                              suggestion=f"{row.label}应为 {_fmt(total)}，或更正明细", column=name)


def _last_total(t: BudgetTable) -> BudgetRow | None:
    return next((r for r in reversed(t.rows) if r.is_total and "总计" in r.label), None) or \
        next((r for r in reversed(t.rows) if r.is_total), None)


@rule("JX903", "amount_inconsistency", "error", "收入总计不等于支出总计", kinds=KINDS)
def income_expenditure_mismatch(form: BudgetReport, ctx: Context) -> Iterable[Hit]:
    """原理：部门预算收支平衡：收支总表、政府预算拨款收支总表中，收入总计（本年收入 + 上年结转）等于支出总计（本年支出 +
    结转下年）。

    依据：实践做法：部门预算公开表格的勾稽关系。"""
    by_number: dict[int | None, dict[str, BudgetTable]] = {}
    for t in form.tables:
        m = re.search(r"（(收入|支出)）$", t.title)
        if m:
            by_number.setdefault(t.number, {})[m.group(1)] = t
    for sides in by_number.values():
        if len(sides) != 2:
            continue
        inc, exp = _last_total(sides["收入"]), _last_total(sides["支出"])
        if inc is None or exp is None or not inc.amounts or not exp.amounts:
            continue
        a, b = inc.amounts[0], exp.amounts[0]
        if a is not None and b is not None and abs(a - b) > 0.011:
            name = sides["收入"].title.removesuffix("（收入）")
            exp_column = sides["支出"].columns[0] if sides["支出"].columns else None
            yield Hit(f"表{sides['收入'].number}《{name}》{inc.label} {_fmt(a)} 不等于{exp.label} {_fmt(b)}",
                      field=exp.label, line=exp.line, evidence=f"{inc.label} {_fmt(a)}；{exp.label} {_fmt(b)}",
                      suggestion="收支应平衡：核对本年收入、本年支出及结转结余", column=exp_column)


def _figure(form: BudgetReport, title_rx: str, row_sel: str, col_sel: str | None
            ) -> tuple[BudgetTable, BudgetRow, float, int] | None:
    """The figure a table states (its table, row, value and column index), or None."""
    for t in form.tables:
        if not re.search(title_rx, t.title):
            continue
        if row_sel == "first":
            row = next((r for r in t.rows if not r.is_total), None)
        elif row_sel == "总计":
            row = _last_total(t)
        else:
            row = next((r for r in t.rows if row_sel in r.label), None)
        if row is None:
            return None
        c = 0 if col_sel is None else next((i for i, n in enumerate(t.columns) if col_sel in n), None)
        if c is None or c >= len(row.amounts) or row.amounts[c] is None:
            return None
        return t, row, row.amounts[c], c  # type: ignore[return-value]
    return None


@rule("JX904", "amount_inconsistency", "error", "同一数字在不同表中不一致", kinds=KINDS)
def figure_differs_between_tables(form: BudgetReport, ctx: Context) -> Iterable[Hit]:
    """原理：同一份报告的各张表重述同一批总数（收入总计见于收支总表和收入总表，支出总计见于收支总表和支出总表，项目支出
    见于支出总表和项目支出总表…），两处应当一致。

    依据：实践做法：部门预算公开表格的勾稽关系。"""
    for name, places in vocab.BUDGET_SAME_FIGURES:
        found = [f for f in (_figure(form, *p) for p in places) if f is not None]
        if len(found) < 2:
            continue
        t0, r0, v0, _ = found[0]
        for t, r, v, c in found[1:]:
            if abs(v - v0) > 0.011:
                yield Hit(f"{name}：{_table_name(t0)}为 {_fmt(v0)}，{_table_name(t)}为 {_fmt(v)}", field=r.label,
                          line=r.line, evidence=f"第{r0.line}行 {_fmt(v0)}；第{r.line}行 {_fmt(v)}",
                          suggestion=f"两表的{name}应一致，核对后统一", column=t.columns[c] if c < len(t.columns) else None)
