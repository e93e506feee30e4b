"""`jixiao parse` and `jixiao schema`.

`parse` writes its JSON as the forms are read, a file (or a piece of a big file) at a time, on `--jobs` processes
(jixiao.batch), as `audit` does. Only typer is imported here at start-up: the rest when a command runs.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from jixiao.commands.audit import JOBS_HELP, jobs_option

if TYPE_CHECKING:
    from rich.console import Console

    from jixiao.model import Form


def write_or_print(text: str, output: Path | None, inputs: list[Path], err: Console) -> None:
    """Write `text` atomically to `output` (never over an input or a special file; exit 2 if asked to), or print it
    to stdout."""
    import sys

    from jixiao.errors import EXIT_INPUT
    from jixiao.io import OutputError, write_atomic
    from jixiao.messages import error

    if output is None:
        sys.stdout.write(text)
        return
    try:
        write_atomic(output, text, inputs=inputs)
    except OutputError as exc:
        error(err, str(exc))
        raise typer.Exit(EXIT_INPUT)


class ParseFormat(str, Enum):
    json = "json"
    table = "table"


class ParseJob:
    """What a batch worker makes of a unit's forms for `jixiao parse` (jixiao.batch.Job): each form's JSON line
    (`json`), its summary table as plain text (`table`), or the form itself for a terminal to print (`forms`)."""

    def __init__(self, form: str) -> None:
        self.form = form

    def forms(self, forms: list[Form]) -> tuple[list[Any], list[str]]:
        """The unit's items, and what the reader doubts of its forms (printed on stderr by the command)."""
        from jixiao.commands.files import read_doubts

        doubts = read_doubts(forms)
        if self.form == "json":
            from jixiao.render.json import around_index, form_line

            return [around_index(form_line(f)) for f in forms], doubts
        if self.form == "table":
            from jixiao.render.text import plain_text, print_forms_table

            return [plain_text(print_forms_table, [f]) for f in forms], doubts
        return list(forms), doubts


def register(app: typer.Typer) -> None:
    @app.command("parse")
    def parse_cmd(
        paths: list[str] = typer.Argument(..., help="表单文件或文件夹（.txt/.tsv UTF-8 或 GBK、.xlsx、.docx、.json）"),
        fmt: ParseFormat = typer.Option(ParseFormat.json, "--format", "-f", help="json：Form 列表；table：可读摘要"),
        output: Path | None = typer.Option(None, "--output", "-o", help="写入文件（原子写入），默认输出到标准输出"),
        jobs: int | None = typer.Option(None, "--jobs", "-j", help=JOBS_HELP, callback=jobs_option),
    ) -> None:
        """解析表单，输出 Form 记录（JSON）或摘要表。无法读取的文件报错（退出码 2），其余文件照常解析。"""
        import sys

        from rich.console import Console

        from jixiao import batch
        from jixiao.commands.files import Run, report_read_issues
        from jixiao.errors import EXIT_INPUT
        from jixiao.io import AtomicFile, OutputError, stdout_gone
        from jixiao.messages import error, plain, stderr_console
        from jixiao.render.json import ListWriter

        err = stderr_console()
        run = Run()
        files = run.files(paths, err)
        terminal = fmt is ParseFormat.table and output is None
        form = "json" if fmt is ParseFormat.json else "forms" if terminal else "table"
        try:
            out = AtomicFile(output, files) if output is not None else None
        except OutputError as exc:
            error(err, str(exc))
            raise typer.Exit(EXIT_INPUT)
        write = out.write if out is not None else sys.stdout.write
        console = Console(highlight=False) if terminal else None
        n_forms = 0
        try:
            listing = ListWriter(write) if fmt is ParseFormat.json else None
            batch.settle_gc()
            jobs = 1 if terminal else jobs or batch.default_jobs(files)
            # a table names each form by its number: read whole files, which number their own forms
            for part in batch.run(files, ParseJob(form), jobs, pieces=listing is not None):
                run.part_errors(part.errors, err)
                report_read_issues(part.summary or [], err)
                n_forms += len(part.items)
                if listing is not None and out is not None:  # -o: a part in one write
                    listing.numbered(part.first, part.items)
                    continue
                for i, item in enumerate(part.items, part.first):  # stdout: a form a write (a reader may go away)
                    if listing is not None:
                        head, tail = item
                        listing.item(head, str(i), tail)
                    elif console is not None:
                        from jixiao.render.text import print_forms_table

                        print_forms_table(console, [item])
                    else:
                        write(item)
            if listing is not None:
                listing.close("]\n")
            if out is not None:
                out.commit()
            sys.stdout.flush()
        except OutputError as exc:
            error(err, str(exc))
            raise typer.Exit(EXIT_INPUT)
        except BrokenPipeError:  # stdout's reader has gone (`| head`): the run stops, with nothing to say on it
            stdout_gone()
            raise typer.Exit(EXIT_INPUT)
        finally:
            if out is not None:
                out.discard()
        plain(err, f"共解析 {n_forms} 张表单（{len(files)} 个文件）")
        raise typer.Exit(run.exit_code())

    @app.command("schema")
    def schema_cmd() -> None:
        """输出 Form 记录（含自评表、预算表）的 JSON Schema。"""
        import json
        import sys

        from jixiao.model import FormList

        sys.stdout.write(json.dumps(FormList.json_schema(), ensure_ascii=False, indent=2) + "\n")
