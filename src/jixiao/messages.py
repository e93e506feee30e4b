"""Messages on the terminal: data never read as rich markup, never highlighted, never endless, never a secret.

Every value that reaches a console comes from outside (a file path, a cell, a model's answer): `[/x]` in a project
name or a folder name is text, not a closing markup tag (rich would raise MarkupError), and a 5 MB model value is not
handed to rich's highlighter (which runs its regexes over every character). So messages are built as `rich.text.Text`
(no markup parsing, no highlighting), cut to a bounded length, and scrubbed of secrets (`jixiao.redact`).

    err = stderr_console()
    error(err, f"{path}: 文件不存在")                  # 错误 a.txt: 文件不存在   (red label, plain message)
    warning(err, "…", label="未对齐")                  # yellow label
    note(err, "…", label="路由", style="cyan")
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from jixiao.redact import scrub

MAX_MESSAGE = 2000  # characters of one message (a path, a few values, the words around them)
MAX_VALUE = 120  # characters of one value quoted inside a message (a cell, a model's value)


def clip(text: str, limit: int = MAX_VALUE) -> str:
    """`text` cut to `limit` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}…（共 {len(text)} 字符）"


def stderr_console() -> Console:
    """The console for messages: stderr, no highlighting, lines not wrapped (a path stays whole for grep)."""
    return Console(stderr=True, soft_wrap=True, highlight=False)


def stdout_console() -> Console:
    return Console(soft_wrap=True, highlight=False)


def line(label: str, style: str, message: str) -> Text:
    """`label message`: the label styled, the message plain text (scrubbed, clipped)."""
    text = Text(label, style=style) if label else Text()
    if label:
        text.append(" ")
    text.append(clip(scrub(message), MAX_MESSAGE))
    return text


def error(console: Console, message: str, label: str = "错误") -> None:
    console.print(line(label, "red", message))


def warning(console: Console, message: str, label: str = "提示") -> None:
    console.print(line(label, "yellow", message))


def note(console: Console, message: str, label: str = "", style: str = "cyan") -> None:
    console.print(line(label, style, message))


def plain(console: Console, message: str) -> None:
    """A message without a label (summaries)."""
    console.print(line("", "", message))
