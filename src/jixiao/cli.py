"""The `jixiao` command line. Commands live in jixiao/commands/*.py; this file only assembles them.

Exit codes mean the same for every command (jixiao.errors): 0 clean, 1 findings, 2 bad input or usage, 4 internal
error (eval also uses 3: evals/README.md). An exception no command expected is an internal error: a short Chinese
message and exit 4, never a traceback unless the global `--debug` option (or JIXIAO_DEBUG=1) asks for one.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.exceptions import Abort, Exit, TyperException

from jixiao import errors
from jixiao.commands import MODULES
from jixiao.commands.app import App, ChineseGroup


class JixiaoGroup(ChineseGroup):
    """The top-level command group: every command runs inside its `invoke`, so an unexpected exception anywhere
    (a sub-group's command included) ends here as an internal error with exit code 4."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (Exit, Abort, TyperException, BrokenPipeError):  # exit codes, Ctrl-C / Abort, usage errors: typer
            raise  # reports them; stdout's reader gone: ChineseGroup.main ends the run quietly
        except Exception as exc:  # noqa: BLE001 - the one place an unexpected exception becomes exit code 4
            errors.report_internal(exc)
            raise typer.Exit(errors.EXIT_INTERNAL) from None


app = App(
    name="jixiao",
    cls=JixiaoGroup,
    help="绩效目标申报表、绩效自评表的审核与起草工具：读入表单、逐行审核、起草新表单、签核留痕、运行评测。\n\n"
         "退出码（各命令相同）：0 正常；1 有须人工处理的问题；2 输入或用法错误；4 内部错误（eval 另用 3）。",
    no_args_is_help=True,
)


@app.callback()
def _options(debug: bool = typer.Option(False, "--debug", help="内部错误时显示完整的 Python 回溯（报告缺陷时附上）")) -> None:
    errors.set_debug(debug)


for _name in MODULES:
    importlib.import_module(f"jixiao.commands.{_name}").register(app)


def main() -> None:  # pragma: no cover - the `jixiao` command (pyproject.toml [project.scripts])
    import gc

    from jixiao import batch

    # a command's imports make tens of thousands of objects, none of them garbage: collect the young ones less often
    # from the start, as a batch does for its whole run (batch.settle_gc)
    gc.set_threshold(50_000, 20, 20)
    batch.own_process = True  # this process is jixiao's own: a batch may set its garbage collector (batch.settle_gc)
    app()
