"""The `jixiao` command line. Commands live in jixiao/commands/*.py; this file only assembles them."""

from __future__ import annotations

import importlib

import typer

from jixiao.commands import MODULES

app = typer.Typer(
    name="jixiao",
    help="绩效目标申报表 / 绩效自评表 的起草与审核工具 (parse, audit, draft, eval)。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _name in MODULES:
    importlib.import_module(f"jixiao.commands.{_name}").register(app)


def main() -> None:  # pragma: no cover
    app()
