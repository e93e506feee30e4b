"""`jixiao audit` and `jixiao rules`.

Exit codes of audit: 0 no finding at or above --fail-on; 1 such findings exist; 2 usage error or unreadable input
(the other files are still audited); 4 internal error (jixiao.errors; the other files are still audited).
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.progress import Progress
from rich.table import Table

from jixiao.batch import batch_gc
from jixiao.check import audit_form, all_rules
from jixiao.check.config import CheckConfig, ConfigError, Waiver, load_config, load_waivers
from jixiao.check.engine import CATEGORIES, REGISTRY
from jixiao.commands.core import write_or_print
from jixiao.commands.files import Run, report_read_issues
from jixiao.errors import EXIT_INPUT, debug, internal_error_message, report_internal
from jixiao.io import OutputError, input_problem, write_atomic
from jixiao.labels import KIND_LABELS, SEVERITY_LABELS, category_label
from jixiao.messages import error, plain, stderr_console, warning
from jixiao.model import SEVERITY_RANK, Finding, Form
from jixiao.parse import input_files, iter_input_files, parse_path
from jixiao.render.json import audit_json
from jixiao.render.text import plain_text, print_audit, report_console


class AuditFormat(str, Enum):
    text = "text"
    json = "json"
    xlsx = "xlsx"
    html = "html"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def build_config(config: Path | None, select: list[str] | None, ignore: list[str] | None,
                 waivers: Path | None) -> CheckConfig:
    """Configuration from files and flags; raises ConfigError with a Chinese message."""
    cfg = load_config(explicit=config)
    cfg = cfg.with_cli(_split(select) or None, _split(ignore))
    from jixiao.check.config import _validate_keys

    _validate_keys(cfg.select + cfg.ignore, "命令行参数")
    if waivers:
        cfg.waivers = load_waivers(waivers)
    return cfg


def _audit_file(p: Path, cfg: CheckConfig) -> tuple[list[tuple[Form, list[Finding]]], list[dict[str, object]]]:
    r = parse_path(p)
    return ([(form, audit_form(form, cfg)) for form in r.forms],
            [{"source": e.source, "line": e.line, "message": e.message} for e in r.errors])


def audit_paths(paths: list[str], cfg: CheckConfig, progress: bool = True
                ) -> tuple[list[tuple[Form, list[Finding]]], list[dict[str, object]]]:
    """Parse and audit every file; unreadable files become error entries, the rest go on. A file whose parse or
    audit raised (a defect of jixiao) is an error entry too, with `"internal": True` (exit code 4); its traceback is
    printed at once with --debug."""
    files, problems = input_files(paths)
    results: list[tuple[Form, list[Finding]]] = []
    # a folder with no form file, or one that cannot be listed, is an error entry, not "no forms"
    errors: list[dict[str, object]] = [{"source": e.source, "line": None, "message": e.message} for e in problems]
    show = progress and len(files) > 3 and sys.stderr.isatty()
    with batch_gc(), Progress(console=Console(stderr=True), transient=True, disable=not show) as bar:
        task = bar.add_task("审核中", total=len(files))
        for p in files:
            problem = input_problem(p)
            if problem:
                errors.append({"source": str(p), "line": None, "message": problem})
                bar.advance(task)
                continue
            try:
                found, errs = _audit_file(p, cfg)
            except Exception as exc:  # noqa: BLE001 - one file's defect must not lose the other files' findings
                if debug():
                    report_internal(exc, where=str(p))
                errors.append({"source": str(p), "line": None, "message": internal_error_message(exc),
                               "internal": True})
            else:
                results.extend(found)
                errors.extend(errs)
            bar.advance(task)
    return results, errors


def register(app: typer.Typer) -> None:
    @app.command("audit")
    def audit_cmd(
        paths: list[str] = typer.Argument(..., help="表单文件或文件夹"),
        fmt: AuditFormat = typer.Option(AuditFormat.text, "--format", "-f", help="text / json / xlsx / html"),
        output: Path | None = typer.Option(None, "--output", "-o", help="输出文件（xlsx、html 必填）"),
        fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", help="有此级别及以上的问题时退出码为 1"),
        select: list[str] | None = typer.Option(None, "--select", help="只运行这些规则代码或类别（可用逗号分隔）"),
        ignore: list[str] | None = typer.Option(None, "--ignore", help="不运行这些规则代码或类别"),
        config: Path | None = typer.Option(None, "--config", help="配置文件（默认查找 jixiao.toml / pyproject.toml）"),
        waivers: Path | None = typer.Option(None, "--waivers", help="豁免文件（YAML/TOML，每条须写明理由）"),
        show_clean: bool = typer.Option(False, "--show-clean", help="text 格式下也列出没有问题的表单"),
    ) -> None:
        """审核表单：逐行检查指标方向、取值、单位、金额、日期等问题，给出中文说明和修改建议。"""
        err = stderr_console()
        try:
            cfg = build_config(config, select, ignore, waivers)
        except ConfigError as exc:
            error(err, str(exc))
            raise typer.Exit(EXIT_INPUT)
        if fmt in (AuditFormat.xlsx, AuditFormat.html) and output is None:
            error(err, f"--format {fmt.value} 需要 --output 指定输出文件")
            raise typer.Exit(EXIT_INPUT)
        results, errors = audit_paths(paths, cfg)
        run = Run(bad_input=any(not e.get("internal") for e in errors),
                  internal=any(e.get("internal") for e in errors))
        report_read_issues([form for form, _ in results], err)
        for e in errors:
            where = f"{e['source']}:{e['line']}" if e.get("line") else e["source"]
            error(err, f"{where}: {e['message']}")
        unused = [unused_waiver_note(w) for w in cfg.unused_waivers()]
        for note in unused:
            warning(err, note)
        try:
            _emit(fmt, output, results, errors, show_clean, [Path(p) for p in iter_input_files(paths)], err, unused)
        except OutputError as exc:
            error(err, str(exc))
            raise typer.Exit(EXIT_INPUT)
        all_findings = [f for _, fs in results for f in fs]
        open_findings = [f for f in all_findings if not f.waived]  # a waived finding is reported, not counted
        n_err = sum(f.severity == "error" for f in open_findings)
        n_warn = sum(f.severity == "warning" for f in open_findings)
        waived = len(all_findings) - len(open_findings)
        plain(err, f"共审核 {len(results)} 张表单：错误 {n_err}，警告 {n_warn}，"
                   f"提示 {len(open_findings) - n_err - n_warn}" + (f"；已豁免 {waived}" if waived else ""))
        findings = False
        if fail_on is not FailOn.never:
            floor = SEVERITY_RANK[fail_on.value]
            findings = any(SEVERITY_RANK[f.severity] >= floor for f in open_findings)
        raise typer.Exit(run.exit_code(findings))

    @app.command("rules")
    def rules_cmd(code: str | None = typer.Argument(None, help="规则代码（如 JX101）或类别（如 direction、方向）；省略则列出全部")
                  ) -> None:
        """规则目录：每条规则的代码、类别、默认级别和说明；给出代码时显示该规则的原理、错误示例和正确示例。"""
        rules = all_rules()
        console = Console()
        if code and code.upper() in REGISTRY:
            r = REGISTRY[code.upper()]
            kinds = "、".join(KIND_LABELS.get(k, k) for k in r.kinds)
            kind_names = {int: "整数", str: "文本", list: "文本的列表"}
            options = "".join(f"- `{o.name}`（{kind_names.get(o.kind, o.kind.__name__)}）：{o.help}\n" for o in r.options)
            md = (f"# {r.code} {r.title}\n\n类别：{category_label(r.category)}（`{r.category}`）　"
                  f"默认级别：{SEVERITY_LABELS[r.severity]}　{'默认启用' if r.core else '需显式启用（--select）'}　"
                  f"适用：{kinds}\n\n{r.doc}\n\n"
                  + (f"**选项**（`[tool.jixiao.rules.{r.code}]`）\n\n{options}\n" if options else "")
                  + f"**错误示例**\n\n```\n{r.bad}\n```\n\n**正确示例**\n\n```\n{r.good}\n```\n")
            console.print(Markdown(md))
            return
        category = next((c for c in CATEGORIES if code in (c, category_label(c))), None) if code else None
        if code and category is None:
            error(stderr_console(), f"未知的规则代码或类别：{code}（运行 jixiao rules 查看规则目录）")
            raise typer.Exit(EXIT_INPUT)
        t = Table(title="jixiao 规则目录", title_justify="left")
        for col in ("代码", "类别", "级别", "标题"):
            t.add_column(col)
        for r in rules:
            if category and r.category != category:
                continue
            t.add_row(r.code, f"{category_label(r.category)}（{r.category}）", SEVERITY_LABELS[r.severity],
                      r.title + ("" if r.core else "（非默认）"))
        console.print(t)


def unused_waiver_note(w: Waiver) -> str:
    return f"豁免 {w.describe()} 没有匹配到任何问题（核对规则代码、指标或字段名称、项目编码）"


def _emit(fmt: AuditFormat, output: Path | None, results: list[tuple[Form, list[Finding]]],
          errors: list[dict[str, object]], show_clean: bool, inputs: list[Path], err: Console,
          notes: list[str] | None = None) -> None:
    if fmt is AuditFormat.json:
        write_or_print(audit_json(results, errors, notes) + "\n", output, inputs, err)
    elif fmt is AuditFormat.text:
        if output:
            write_or_print(plain_text(print_audit, results, show_clean, notes), output, inputs, err)
        else:
            print_audit(report_console(), results, show_clean, notes)
    elif fmt is AuditFormat.xlsx:
        from jixiao.render.xlsx import write_forms_xlsx

        assert output is not None
        write_forms_xlsx(results, output, inputs=inputs, notes=notes)
    elif fmt is AuditFormat.html:
        from jixiao.render.html import render_html

        assert output is not None
        write_atomic(output, render_html(results, notes=notes), inputs=inputs)
