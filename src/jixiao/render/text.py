"""Human-readable output: parse summaries (rich tables) and the audit report, findings grouped by form.

A form of the audit report is built once as text pieces with their styles (`audit_block`): joined as plain text for
a file or a pipe (no colour, no line broken in mid-sentence), or given to rich as one `Text` for a terminal, which
wraps it at the terminal's width. Everything printed comes from the forms (paths, names, cells, messages quoting
them): it goes to rich as `Text`, never as a markup string, so `[/x]` in a project name or a folder is printed as it
is (jixiao.messages)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec

from rich.console import Console
from rich.table import Table
from rich.text import Text

from jixiao.labels import KIND_LABELS, SEVERITY_LABELS, category_label, waived_text

if TYPE_CHECKING:
    from jixiao.model import Finding, Form

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
    from jixiao.render.json import audit_entry

    for form, findings in results:
        block = audit_block(audit_entry(form, findings), show_clean)
        if block is not None:
            console.print(styled(block, form.index), end="")
    for note in notes or []:
        console.print(Text(note_line(note).rstrip("\n"), style="yellow"))


def audit_text(results: list[tuple[Form, list[Finding]]], show_clean: bool = False,
               notes: list[str] | None = None) -> str:
    """The report `print_audit` prints, as plain text (a file, a pipe): no colour, a message on one line however
    long."""
    from jixiao.render.json import audit_entry

    out = []
    for form, findings in results:
        block = audit_block(audit_entry(form, findings), show_clean)
        if block is not None:
            head, tail = plain(block)
            out.append(f"{head}{form.index}{tail}")
    out.extend(note_line(n) for n in notes or [])
    return "".join(out)


# A form of the report, as (text, style) pieces; INDEX stands for the form's number (given when it is written: a
# batch numbers the forms of a file read in pieces when the last piece is read)
Block = list[tuple[str, str]]
INDEX = ("", "#index")


def audit_block(entry: dict[str, Any], show_clean: bool = False) -> Block | None:
    """A form of the report (its entry in the JSON report, render.json.audit_entry) as text pieces; None when it is
    not shown (no findings, and clean forms not asked for)."""
    findings = entry["findings"]
    if not findings and not show_clean:
        return None
    code = entry["project_code"]
    source = entry["source"]
    block: Block = [(f"{source}:{entry['line']}  #", "bold"), INDEX,
                    (f" {KIND_LABELS.get(entry['kind'], entry['kind'])}  {entry['project_name'] or '（无项目名称）'}"
                     f"{f' [{code}]' if code else ''}\n", "bold")]
    if not findings:
        block.append(("  未发现问题\n", "green"))
    for f in findings:
        waived = f.get("waived")
        block.append(("  ", ""))
        if waived:
            block.append(("已豁免 ", "bold green"))
        severity = f["severity"]
        block.append((f"{SEVERITY_LABELS[severity]} ", "dim" if waived else SEVERITY_STYLE[severity]))
        block.append((f"{f['rule']} [{category_label(f['category'])}] ", "dim"))
        block.append((f"{source}:{f['line']}" if f["line"] else source, "underline"))
        target = f["indicator"] or f["field"] or ""
        block.append((f"  「{target}」\n" if target else "\n", ""))
        block.append((f"      {f['message']}\n", ""))
        if f["evidence"]:
            block.append((f"      原文：{f['evidence']}\n", "dim"))
        if f["suggestion"]:
            block.append((f"      建议：{f['suggestion']}\n", "green"))
        if waived:
            block.append((f"      {waived_text(waived, f.get('waived_by'))}\n", "bold green"))
    block.append(("\n", ""))
    return block


def plain(block: Block) -> tuple[str, str]:
    """The block as plain text, cut where its number goes: (before, after)."""
    at = block.index(INDEX)
    return "".join(t for t, _ in block[:at]), "".join(t for t, _ in block[at + 1:])


def styled(block: Block, index: int) -> Text:
    """The block with its colours, for a terminal (rich wraps it at the terminal's width)."""
    return Text.assemble(*((str(index), "bold") if piece is INDEX else piece for piece in block))


def note_line(note: str) -> str:
    return f"提示：{note}\n"
