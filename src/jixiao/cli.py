"""The `jixiao` command line. Commands live in jixiao/commands/*.py; this file only assembles them."""

from __future__ import annotations

import importlib

from jixiao.commands import MODULES
from jixiao.commands.app import App

app = App(
    name="jixiao",
    help="绩效目标申报表、绩效自评表的审核与起草工具：读入表单、逐行审核、起草新表单、签核留痕、运行评测。",
    no_args_is_help=True,
)

for _name in MODULES:
    importlib.import_module(f"jixiao.commands.{_name}").register(app)


def main() -> None:  # pragma: no cover
    app()
