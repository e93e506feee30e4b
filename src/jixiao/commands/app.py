"""The command line in Chinese: help pages and usage errors.

Typer (and the click it carries) writes its own words in English: the help page's panel titles (Options,
Arguments, Commands), `Show this message and exit.`, `Usage:`, `[default: …]`, and every usage error
(`Invalid value for '--fail-on': …`, `No such option`, `Missing argument`). `App` is the `typer.Typer` every jixiao
command group is made of; its command classes write the help page in Chinese, and the top group answers a usage
error with a Chinese message of its own (`usage_error_text`), built from what the error carries (the option, the
value, the choices), never by translating click's sentence.

Help texts are literal: `[tool.jixiao.llm]` in a help text is shown as written, not read as rich markup (rich would
drop it as an unknown tag).
"""

from __future__ import annotations

import difflib
import re
import sys
from typing import Any

import typer
from rich.markup import escape
from typer.core import TyperCommand, TyperGroup

try:  # typer >= 0.20 carries its own click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover (older typer on the real click)
    from click import exceptions as click_errors  # type: ignore[no-redef]

HELP_OPTION_TEXT = "显示本帮助并退出"
_BRACED = re.compile(r"\{(\w+)\}")
OPTIONS_METAVAR = "[选项]"
USAGE_PREFIX = "用法："


def _chinese_help_page() -> None:
    """The words typer's rich help page prints around the help texts: set when a help page is first printed, as
    typer's help printer (rich_utils, with rich's Markdown and pretty-printing) is imported only then."""
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
    rich_utils.OPTIONS_PANEL_TITLE = "选项"
    rich_utils.COMMANDS_PANEL_TITLE = "命令"
    rich_utils.ERRORS_PANEL_TITLE = "错误"
    rich_utils.DEFAULT_STRING = "[默认：{}]"
    rich_utils.REQUIRED_LONG_STRING = "[必填]"
    rich_utils.ENVVAR_STRING = "[环境变量：{}]"
    rich_utils.DEPRECATED_STRING = "（已弃用）"
    rich_utils.ABORTED_TEXT = "已中止。"
    rich_utils.RICH_HELP = "运行 [blue]{command_path} {help_option}[/] 查看帮助。"


class _Chinese:
    """What the command and group classes share: literal help texts, a Chinese usage line and --help text."""

    def _literal_help(self) -> None:
        me: Any = self
        for name in ("help", "short_help", "epilog"):
            text = getattr(me, name, None)
            if isinstance(text, str):
                setattr(me, name, escape(text))
        for param in me.params:
            if isinstance(getattr(param, "help", None), str):
                param.help = escape(param.help)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        # an argument's piece is written {paths}: shown as PATHS, as its name is in the help page
        pieces = [_BRACED.sub(lambda m: m.group(1).upper(), p) for p in self.collect_usage_pieces(ctx)]  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _chinese_help_page()
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option


class ChineseCommand(_Chinese, TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        if kwargs.get("options_metavar") == "[OPTIONS]":
            kwargs["options_metavar"] = OPTIONS_METAVAR
        super().__init__(*args, **kwargs)
        self._literal_help()


class ChineseGroup(_Chinese, TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("options_metavar") in (None, "[OPTIONS]"):
            kwargs["options_metavar"] = OPTIONS_METAVAR
        super().__init__(*args, **kwargs)
        self._literal_help()

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [p.replace("COMMAND [ARGS]...", "命令 [参数]...") for p in super().collect_usage_pieces(ctx)]

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        """As click's main, but a usage error is answered in Chinese (usage_error_text) before exit code 2, and a help
        page whose reader has gone ends quietly."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError:
            sys.exit(2)  # the help page was printed
        except click_errors.ClickException as exc:
            show_error(exc)
            sys.exit(exc.exit_code)
        except typer.Abort:
            from rich.console import Console

            Console(stderr=True).print("已中止。", style="red")
            sys.exit(1)
        except BrokenPipeError:  # stdout's reader has gone (`jixiao draft --help | head`): as the commands do, stop
            from jixiao.io import stdout_gone

            stdout_gone()  # with exit code 2 and nothing to say on it
            sys.exit(2)
        sys.exit(rv if isinstance(rv, int) else 0)


class App(typer.Typer):
    """typer.Typer with jixiao's Chinese help pages and usage errors (the defaults every command group uses)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", ChineseGroup)
        kwargs.setdefault("rich_markup_mode", "rich")
        kwargs.setdefault("add_completion", False)
        kwargs.setdefault("pretty_exceptions_enable", False)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs.setdefault("cls", ChineseCommand)
        return super().command(*args, **kwargs)


# ---------------------------------------------------------------------------------------------------------
# Usage errors
# ---------------------------------------------------------------------------------------------------------

def show_error(exc: Exception) -> None:
    """A usage error as typer prints one (usage line, where to find help, the error in a red panel), in Chinese."""
    from rich.console import Console
    from rich.panel import Panel

    console = Console(stderr=True, highlight=False)
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        console.print(escape(ctx.get_usage()), style="bold")
        if ctx.command.get_help_option(ctx) is not None:
            console.print(f"运行 {escape(ctx.command_path)} {ctx.help_option_names[0]} 查看帮助。", style="dim")
    console.print(Panel(escape(usage_error_text(exc)), border_style="red", title="错误", title_align="left"))


def _param_name(param: Any) -> str:
    """How an option or argument is named in a message: --fail-on, or the argument's name with its help."""
    if param is None:
        return ""
    if getattr(param, "param_type_name", "") == "option":
        opts = [o for o in param.opts if o.startswith("--")] or list(param.opts)
        return f"选项 {opts[0]}"
    name = (getattr(param, "metavar", None) or param.name or "").upper()
    helptext = getattr(param, "help", None)
    return f"参数 {name}（{_unescape(helptext)}）" if helptext else f"参数 {name}"


def _unescape(text: str) -> str:
    return text.replace("\\[", "[")


def _choices(param: Any) -> list[str]:
    desc = getattr(param, "type_descriptor", None)
    if desc is None or not getattr(desc, "is_choice", False) or not desc.choices:
        return []
    from enum import Enum

    return [str(c.value) if isinstance(c, Enum) else str(c) for c in desc.choices]


_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")
_PYDANTIC = {
    "int_parsing": "“{input}”不是整数",
    "int_from_float": "“{input}”不是整数",
    "float_parsing": "“{input}”不是数字",
    "bool_parsing": "“{input}”不是是/否值（可写 true / false）",
    "greater_than_equal": "“{input}”小于允许的最小值 {ge}",
    "greater_than": "“{input}”必须大于 {gt}",
    "less_than_equal": "“{input}”大于允许的最大值 {le}",
    "less_than": "“{input}”必须小于 {lt}",
    "missing": "缺少取值",
}
_PATH = [
    (re.compile(r"'(.*)' does not exist\.$"), "“{0}”不存在"),
    (re.compile(r"'(.*)' is a file\.$"), "“{0}”是文件，这里需要文件夹"),
    (re.compile(r"'(.*)' is a directory\.$"), "“{0}”是文件夹，这里需要文件"),
    (re.compile(r"'(.*)' is not readable\.$"), "“{0}”没有读取权限"),
    (re.compile(r"'(.*)' is not writable\.$"), "“{0}”没有写入权限"),
]


def _bad_value(exc: Any) -> str:
    """What is wrong with the value of a BadParameter, in Chinese."""
    message = str(getattr(exc, "message", "") or "")
    choices = _choices(exc.param)
    if choices and " is not one of " in message:
        value = _QUOTED.search(message)
        got = f"“{value.group(1)}”" if value else "该值"
        return f"{got}不是可选的值；可选：{'、'.join(choices)}"
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        try:
            first = errors()[0]
        except (IndexError, TypeError):
            first = None
        if first is not None:
            template = _PYDANTIC.get(first.get("type", ""))
            if template is not None:
                return template.format(input=first.get("input", ""), **(first.get("ctx") or {}))
            return f"“{first.get('input', '')}”不是有效的值"
    for pattern, template in _PATH:
        m = pattern.search(message)
        if m:
            return template.format(m.group(1))
    return message  # our own BadParameter messages are Chinese already


def usage_error_text(exc: Exception) -> str:
    """The Chinese message of a click/typer usage error (the exit code stays the error's own: 2)."""
    e: Any = exc
    message = str(getattr(e, "message", "") or "")
    if isinstance(e, click_errors.NoSuchOption):
        text = f"没有 {e.option_name} 这个选项"
        if e.possibilities:
            text += f"；是不是要用 {'、'.join(sorted(e.possibilities))}？"
        return text
    if isinstance(e, click_errors.MissingParameter):
        text = f"缺少{_param_name(e.param) or '参数'}"
        choices = _choices(e.param)
        return text + (f"；可选：{'、'.join(choices)}" if choices else "")
    if isinstance(e, click_errors.BadParameter):
        where = _param_name(e.param) if e.param is not None else ""
        return f"{where} 的值无效：{_bad_value(e)}" if where else f"取值无效：{_bad_value(e)}"
    if isinstance(e, click_errors.BadOptionUsage):
        name = e.option_name
        if "does not take a value" in message:
            return f"选项 {name} 是开关，不接受取值"
        m = re.search(r"requires (\d+) arguments", message)
        if m:
            return f"选项 {name} 需要 {m.group(1)} 个值"
        return f"选项 {name} 需要一个值"
    if isinstance(e, click_errors.BadArgumentUsage):
        m = re.search(r"Argument '(.*)' takes (\d+) values", message)
        return f"参数 {m.group(1).upper()} 需要 {m.group(2)} 个值" if m else "参数个数不对"
    if isinstance(e, click_errors.FileError):
        return f"无法打开文件“{e.ui_filename}”"
    if isinstance(e, click_errors.UsageError):
        m = re.match(r"No such command '(.*?)'\.", message)
        if m:
            text = f"没有“{m.group(1)}”这个命令"
            ctx = e.ctx
            if ctx is not None and hasattr(ctx.command, "list_commands"):
                close = difflib.get_close_matches(m.group(1), ctx.command.list_commands(ctx), n=3)
                if close:
                    text += f"；是不是要用 {'、'.join(close)}？"
            return text
        m = re.match(r"Got unexpected extra arguments? ?\(?s?\)? ?\((.*)\)$", message)
        if m:
            return f"多余的参数：{m.group(1)}"
        if message.startswith("Missing command"):
            return "缺少命令（运行 --help 查看可用的命令）"
        return message
    return str(exc)
