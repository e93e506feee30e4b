"""`jixiao parse` and `jixiao schema`."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console

from jixiao.batch import batch_gc
from jixiao.commands.files import Run, report_read_issues
from jixiao.errors import EXIT_INPUT
from jixiao.io import OutputError, write_atomic
from jixiao.messages import error, plain, stderr_console
from jixiao.model import FormList
from jixiao.parse import parse_path
from jixiao.render.json import forms_json
from jixiao.render.text import plain_text, print_forms_table


def write_or_print(text: str, output: Path | None, inputs: list[Path], err: Console) -> None:
    """Write `text` atomically to `output` (never over an input or a special file; exit 2 if asked to), or print it
    to stdout."""
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


def register(app: typer.Typer) -> None:
    @app.command("parse")
    def parse_cmd(
        paths: list[str] = typer.Argument(..., help="表单文件或文件夹（.txt/.tsv UTF-8 或 GBK、.xlsx、.docx、.json）"),
        fmt: ParseFormat = typer.Option(ParseFormat.json, "--format", "-f", help="json：Form 列表；table：可读摘要"),
        output: Path | None = typer.Option(None, "--output", "-o", help="写入文件（原子写入），默认输出到标准输出"),
    ) -> None:
        """解析表单，输出 Form 记录（JSON）或摘要表。无法读取的文件报错（退出码 2），其余文件照常解析。"""
        err = stderr_console()
        run = Run()
        files = run.files(paths, err)
        forms = []
        with batch_gc():
            for p in files:
                if not run.readable(p, err):
                    continue
                r = run.guarded(p, err, parse_path, p)
                if r is None:
                    continue
                for e in r.errors:
                    error(err, str(e))
                    run.bad_input = True
                report_read_issues(r.forms, err)
                forms.extend(r.forms)
        if fmt is ParseFormat.json:
            write_or_print(forms_json(forms) + "\n", output, files, err)
        elif output is not None:
            write_or_print(plain_text(print_forms_table, forms), output, files, err)
        else:
            print_forms_table(Console(highlight=False), forms)
        plain(err, f"共解析 {len(forms)} 张表单（{len(files)} 个文件）")
        raise typer.Exit(run.exit_code())

    @app.command("schema")
    def schema_cmd() -> None:
        """输出 Form 记录（含自评表、预算表）的 JSON Schema。"""
        sys.stdout.write(json.dumps(FormList.json_schema(), ensure_ascii=False, indent=2) + "\n")
