"""Human-readable output with rich: parse summaries and audit findings grouped by form.

Everything printed here comes from the forms (paths, names, cells, messages quoting them): it goes to rich as `Text`,
never as a markup string, so `[/x]` in a project name or a folder is printed as it is (jixiao.messages)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Concatenate, ParamSpec

from rich.console import Console
from rich.table import Table
from rich.text import Text

from jixiao.model import Finding, Form
from jixiao.labels import KIND_LABELS, SEVERITY_LABELS, category_label
from jixiao.render.tabular import waiver_text

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}

P = ParamSpec("P")


def plain_text(print_to: Callable[Concatenate[Console, P], None], *args: P.args, **kwargs: P.kwargs) -> str:
    """What `print_to(console, ...)` prints, as text for a file: no colour codes, tables 120 columns wide whatever
    the terminal, and a message on one line however long (no line breaks in mid-sentence)."""
    console = Console(record=True, width=120, file=io.StringIO(), soft_wrap=True)  # only the record is wanted
    print_to(console, *args, **kwargs)
    return console.export_text()


def report_console() -> Console:
    """The console a text report is printed to on stdout: wrapped at the terminal's width on a terminal; piped, a
    message stays on one line (rich would wrap it at 80 columns in mid-sentence)."""
    console = Console(highlight=False)  # data is never highlighted (jixiao.messages)
    return console if console.is_terminal else Console(soft_wrap=True, highlight=False)


def form_heading(form: Form) -> str:
    code = f" [{form.project_code}]" if form.project_code else ""
    return f"{form.source}:{form.line}  #{form.index} {KIND_LABELS.get(form.kind, form.kind)}  {form.project_name or '（无项目名称）'}{code}"


def print_forms_table(console: Console, forms: list[Form]) -> None:
    for form in forms:
        t = Table(title=Text(form_heading(form)), title_justify="left", show_lines=False, expand=False)
        for col in ("行", "一级", "二级", "三级指标", "指标值", "类型", "度量单位"):
            t.add_column(col, overflow="fold")
        for i in form.indicators:
            t.add_row(*(Text(c) for c in (str(i.line), i.level1 or "", (("*" if i.required else "") + (i.level2 or "")),
                                          i.name, i.target.raw, i.target.kind, i.unit or "")))
        console.print(t)
        amt = form.annual_amount.raw + (form.annual_amount.unit or "") if form.annual_amount else "—"
        tot = form.total_amount.raw + (form.total_amount.unit or "") if form.total_amount else "—"
        console.print(Text(f"  本年度金额 {amt}；总金额 {tot}；预算年度 {form.budget_year or '—'}；"
                           f"指标 {len(form.indicators)} 行；解析修复 {len(form.repairs)} 处\n"))


def print_audit(console: Console, results: list[tuple[Form, list[Finding]]], show_clean: bool = False,
                notes: list[str] | None = None) -> None:
    """Findings grouped by form; a waived finding is listed too, marked 已豁免 with its reason and who waived it."""
    for form, findings in results:
        if not findings and not show_clean:
            continue
        console.print(Text(form_heading(form), style="bold"))
        if not findings:
            console.print(Text("  未发现问题", style="green"))
        for f in findings:
            where = f"{form.source}:{f.line}" if f.line else form.source
            target = f.indicator or f.field or ""
            head = Text("  ")
            if f.waived:
                head.append("已豁免 ", style="bold green")
            head.append(f"{SEVERITY_LABELS[f.severity]} ", style="dim" if f.waived else SEVERITY_STYLE[f.severity])
            head.append(f"{f.rule} [{category_label(f.category)}] ", style="dim")
            head.append(where, style="underline")
            if target:
                head.append(f"  「{target}」")
            console.print(head)
            console.print(Text(f"      {f.message}"))
            if f.evidence:
                console.print(Text(f"      原文：{f.evidence}", style="dim"))
            if f.suggestion:
                console.print(Text(f"      建议：{f.suggestion}", style="green"))
            if f.waived:
                console.print(Text(f"      {waiver_text(f)}", style="bold green"))
        console.print()
    for note in notes or []:
        console.print(Text(f"提示：{note}", style="yellow"))
