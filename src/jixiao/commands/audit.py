"""`jixiao audit` and `jixiao rules`.

Exit codes of audit: 0 no finding at or above --fail-on; 1 such findings exist; 2 usage error or unreadable input
(the other files are still audited); 4 internal error (jixiao.errors; the other files are still audited).

The text and JSON reports are written as the forms are audited, a file (or a piece of a big file) at a time
(jixiao.batch), on `--jobs` processes; xlsx and html hold every form until the end (a workbook or a page of the whole
batch). Only typer is imported here at start-up: the rest when a command runs.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

    from jixiao.check.config import CheckConfig, Waiver
    from jixiao.check.rule import Rule
    from jixiao.model import Form


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
    from jixiao.check.config import _validate_keys, load_config, load_waivers

    cfg = load_config(explicit=config)
    cfg = cfg.with_cli(_split(select) or None, _split(ignore))
    _validate_keys(cfg.select + cfg.ignore, "命令行参数")
    if waivers:
        cfg.waivers = load_waivers(waivers)
    return cfg


def jobs_option(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise typer.BadParameter(f"“{value}”不是正整数（进程数至少为 1）")
    return value


JOBS_HELP = ("并行的进程数；默认：大批量（文本合计 4 MB 以上，Excel、Word、PDF 按读取的工作量折算）用全部 CPU 核，否则 1。"
             "输出与 --jobs 1 完全相同")


class AuditJob:
    """What a batch worker makes of a unit's forms (jixiao.batch.Job): each form audited, and rendered as `form`
    says: `json` (its line of the JSON report), `text` (its plain-text block), `entry` (its JSON entry, for a terminal
    to colour) or `forms` (the form and its findings, for xlsx and html); with the counts of the summary and the
    waivers that matched."""

    def __init__(self, cfg: CheckConfig, form: str, show_clean: bool) -> None:
        self.cfg, self.form, self.show_clean = cfg, form, show_clean

    def forms(self, forms: list[Form]) -> tuple[list[Any], tuple[Any, set[int], list[str]]]:
        from jixiao.check import audit_form
        from jixiao.render.json import Tally, around_index, audit_entry, dumps
        from jixiao.render.text import audit_block, plain

        tally = Tally()
        items: list[Any] = []
        for form in forms:
            findings = audit_form(form, self.cfg)
            tally.add(findings)
            if self.form == "forms":
                items.append((form, findings))
                continue
            entry = audit_entry(form, findings)
            if self.form == "json":
                items.append(around_index(dumps(entry)))
            elif self.form == "text":
                block = audit_block(entry, self.show_clean)
                items.append(plain(block) if block is not None else None)
            else:
                items.append(entry)
        from jixiao.commands.files import read_doubts

        return items, (tally, self.cfg.take_used(), read_doubts(forms))


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
        jobs: int | None = typer.Option(None, "--jobs", "-j", help=JOBS_HELP, callback=jobs_option),
    ) -> None:
        """审核表单：逐行检查指标方向、取值、单位、金额、日期等问题，给出中文说明和修改建议。"""
        from jixiao.check.config import ConfigError
        from jixiao.errors import EXIT_INPUT
        from jixiao.messages import error, stderr_console

        err = stderr_console()
        try:
            cfg = build_config(config, select, ignore, waivers)
        except ConfigError as exc:
            error(err, str(exc))
            raise typer.Exit(EXIT_INPUT)
        if fmt in (AuditFormat.xlsx, AuditFormat.html) and output is None:
            error(err, f"--format {fmt.value} 需要 --output 指定输出文件")
            raise typer.Exit(EXIT_INPUT)
        raise typer.Exit(_audit(paths, fmt, output, fail_on, cfg, show_clean, jobs, err))

    @app.command("rules")
    def rules_cmd(code: str | None = typer.Argument(None, help="规则代码（如 JX101）或类别（如 direction、方向）；省略则列出全部")
                  ) -> None:
        """规则目录：每条规则的代码、类别、默认级别和说明；给出代码时显示该规则的原理、错误示例和正确示例。"""
        from rich.console import Console
        from rich.markdown import Markdown
        from rich.table import Table

        from jixiao.check.engine import CATEGORIES, REGISTRY
        from jixiao.errors import EXIT_INPUT
        from jixiao.labels import KIND_LABELS, SEVERITY_LABELS, category_label
        from jixiao.messages import error, stderr_console

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


def all_rules() -> list[Rule]:
    """The rule catalogue (check.engine.all_rules), imported when a command asks for it."""
    from jixiao.check.engine import all_rules as catalogue

    return catalogue()


def unused_waiver_note(w: Waiver) -> str:
    return f"豁免 {w.describe()} 没有匹配到任何问题（核对规则代码、指标或字段名称、项目编码）"


def _audit(paths: list[str], fmt: AuditFormat, output: Path | None, fail_on: FailOn, cfg: CheckConfig,
           show_clean: bool, jobs: int | None, err: Console) -> int:
    """The run of `jixiao audit`: its exit code."""
    import sys

    from jixiao import batch
    from jixiao.commands.files import Run, report_read_issues
    from jixiao.errors import EXIT_INPUT
    from jixiao.io import OutputError, stdout_gone
    from jixiao.messages import error, plain, warning
    from jixiao.model import SEVERITY_RANK
    from jixiao.parse import input_files
    from jixiao.render.json import Tally
    from jixiao.render.text import note_line, report_console

    files, problems = input_files(paths)
    run = Run()
    for problem in problems:  # a folder with no form file, or one that cannot be listed, is an error, not "no forms"
        error(err, str(problem))
        run.bad_input = True
    errors: list[dict[str, Any]] = [{"source": p.source, "line": None, "message": p.message} for p in problems]
    streamed = fmt in (AuditFormat.text, AuditFormat.json)
    console = report_console() if fmt is AuditFormat.text and output is None else None
    colour = console is not None and console.is_terminal
    form = {AuditFormat.json: "json", AuditFormat.text: "entry" if colour else "text"}.get(fmt, "forms")
    if not streamed:
        jobs = 1  # the forms come back to this process: a pool would only send them through pipes
    elif jobs is None:
        jobs = batch.default_jobs(files)
    try:
        out = _Report(fmt, output, files, console)
    except OutputError as exc:
        error(err, str(exc))
        return EXIT_INPUT
    tally = Tally()
    results: list[tuple[Form, list[Any]]] = []
    try:
        with out, _progress(err, files, quiet=console is not None) as advance:
            batch.settle_gc()
            for part in batch.run(files, AuditJob(cfg, form, show_clean), jobs, pieces=streamed, progress=advance):
                run.part_errors(part.errors, err)
                errors.extend(part.errors)
                if part.summary is not None:
                    tally.merge(part.summary[0])
                    cfg.note_used(part.summary[1])
                    report_read_issues(part.summary[2], err)
                if streamed:
                    out.forms(part.first, part.items)
                else:
                    results.extend(part.items)
            unused = [unused_waiver_note(w) for w in cfg.unused_waivers()]
            for note in unused:
                warning(err, note)
            if fmt is AuditFormat.json:
                out.close(tally.summary(errors, unused))
            elif fmt is AuditFormat.text:
                out.text("".join(note_line(n) for n in unused), notes=True)
            else:
                out.document(fmt, results, unused)
            out.commit()
        sys.stdout.flush()
    except OutputError as exc:  # -o could not be written (a full disk): the file is left as it was
        error(err, str(exc))
        return EXIT_INPUT
    except BrokenPipeError:  # stdout's reader has gone (`| head`): the run stops, with nothing to say on it
        stdout_gone()
        return EXIT_INPUT
    n_err, n_warn = tally.by_severity["error"], tally.by_severity["warning"]
    plain(err, f"共审核 {tally.forms} 张表单：错误 {n_err}，警告 {n_warn}，"
               f"提示 {tally.by_severity['info']}" + (f"；已豁免 {tally.waived}" if tally.waived else ""))
    findings = False
    if fail_on is not FailOn.never:
        floor = SEVERITY_RANK[fail_on.value]
        findings = any(n and SEVERITY_RANK[s] >= floor for s, n in tally.by_severity.items())
    return run.exit_code(findings)


class _Report:
    """Where the report goes as it is written: stdout (plain, or coloured on a terminal) or -o, a file that appears
    whole when the run ends (jixiao.io.AtomicFile: checked when opened, before any form is read)."""

    def __init__(self, fmt: AuditFormat, output: Path | None, inputs: list[Path], console: Console | None) -> None:
        import sys

        from jixiao.io import AtomicFile

        self.fmt, self.output, self.inputs, self.console = fmt, output, inputs, console
        self.file: AtomicFile | None = None
        self.write: Callable[[str], object]
        if output is not None and fmt in (AuditFormat.text, AuditFormat.json):
            self.file = AtomicFile(output, inputs)
            self.write = self.file.write
        else:
            self.write = sys.stdout.write
        self.json = None
        if fmt is AuditFormat.json:
            from jixiao.render.json import AuditWriter

            self.json = AuditWriter(self.write)

    def forms(self, first: int, items: list[Any]) -> None:
        """A part's forms, numbered from `first` (a form the text report does not show is None): to -o in one write;
        to stdout a form at a time, so that a reader gone away (`| head`) stops the run at the next form."""
        numbered = [(i, item) for i, item in enumerate(items, first) if item is not None]
        if self.file is not None:
            if self.json is not None:
                self.json.forms(first, items)
            elif numbered:
                self.write("".join(f"{head}{index}{tail}" for index, (head, tail) in numbered))
            return
        for index, item in numbered:
            if self.json is not None:
                head, tail = item
                self.json.form(head, str(index), tail)
            elif isinstance(item, dict):  # an entry, coloured for the terminal
                from jixiao.render.text import audit_block, styled

                block = audit_block(item, True)
                assert self.console is not None and block is not None
                self.console.print(styled(block, index), end="")
            else:
                head, tail = item
                self.write(f"{head}{index}{tail}")

    def text(self, text: str, notes: bool = False) -> None:
        if notes and self.console is not None and self.console.is_terminal:
            from rich.text import Text

            for note in text.splitlines():
                self.console.print(Text(note, style="yellow"))
        elif text:
            self.write(text)

    def close(self, summary: dict[str, Any]) -> None:
        assert self.json is not None
        self.json.close(summary)

    def document(self, fmt: AuditFormat, results: list[tuple[Form, list[Any]]], notes: list[str]) -> None:
        """xlsx, html: the whole batch in one document."""
        assert self.output is not None
        if fmt is AuditFormat.xlsx:
            from jixiao.render.xlsx import write_forms_xlsx

            write_forms_xlsx(results, self.output, inputs=self.inputs, notes=notes)
        else:
            from jixiao.io import write_atomic
            from jixiao.render.html import render_html

            write_atomic(self.output, render_html(results, notes=notes), inputs=self.inputs)

    def commit(self) -> None:
        if self.file is not None:
            self.file.commit()
            self.file = None

    def __enter__(self) -> _Report:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if self.file is not None:
            self.file.discard()  # not committed: an error or Ctrl-C ended the run, the old file stays


class _progress:
    """A progress bar on stderr, by the work of the input read (batch.work: bytes, weighted by file type), when stderr
    is a terminal, the report does not go to the terminal, and the batch is more than a few files or large; refreshed
    as units end (no thread of its own)."""

    def __init__(self, err: Console, files: list[Path], quiet: bool) -> None:
        self.bar: Any = None
        if quiet or not err.is_terminal:
            return
        from jixiao.batch import LARGE_BATCH_BYTES, work

        total = sum(work(p) for p in files)
        if len(files) <= 3 and total < LARGE_BATCH_BYTES:
            return
        from rich.progress import Progress

        self.bar = Progress(console=err, transient=True, auto_refresh=False)
        self.task = self.bar.add_task("审核中", total=total)

    def __enter__(self) -> Any:
        if self.bar is None:
            return None
        self.bar.start()
        return self.advance

    def advance(self, size: int) -> None:
        self.bar.advance(self.task, size)
        self.bar.refresh()

    def __exit__(self, *_: object) -> None:
        if self.bar is not None:
            self.bar.stop()
