"""Messages on the terminal: data never read as rich markup, never highlighted, never endless, never a secret.

Every value that reaches a console comes from outside (a file path, a cell, a model's answer): `[/x]` in a project
name or a folder name is text, not a closing markup tag (rich would raise MarkupError), and a 5 MB model value is not
handed to rich's highlighter (which runs its regexes over every character). So messages are built as `rich.text.Text`
(no markup parsing, no highlighting), cut to a bounded length, and scrubbed of secrets (`jixiao.redact`).

    err = stderr_console()
    error(err, f"{path}: 文件不存在")                  # 错误 a.txt: 文件不存在   (red label, plain message)
    warning(err, "…", label="未对齐")                  # yellow label
    note(err, "…", label="路由", style="cyan")

The second half says in Chinese what the libraries jixiao reads files with (the OS, tomllib, PyYAML, json, pydantic)
report in English (`No such file or directory`, `Expected '=' after a key…`, `Field required`), built from what the
error carries (errno, line and column, the key).
"""

from __future__ import annotations

import errno
import re
from typing import Any

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


# ---------------------------------------------------------------------------------------------------------
# Library errors in Chinese
# ---------------------------------------------------------------------------------------------------------

_ERRNO: dict[int, str] = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有访问权限",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "文件系统只读",
    errno.ENAMETOOLONG: "文件名过长",
    errno.ELOOP: "符号链接循环",
    errno.EEXIST: "文件已存在",
    errno.EIO: "读写出错（输入/输出错误）",
    errno.EMFILE: "打开的文件过多",
    errno.EBUSY: "文件正被占用",
}


def os_error(exc: BaseException) -> str:
    """What went wrong opening or reading a file, in Chinese (by errno; decoding errors say so)."""
    if isinstance(exc, UnicodeDecodeError):
        return "不是 UTF-8 编码的文本"
    code = getattr(exc, "errno", None)
    if code in _ERRNO:
        return _ERRNO[code]  # type: ignore[index]
    return f"系统错误（errno {code}）" if code is not None else "无法读写"


_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def toml_error(exc: BaseException) -> str:
    """A TOML syntax error, with its line and column."""
    m = _TOML_AT.search(str(exc))
    if m:
        return f"TOML 格式错误（第 {m.group(1)} 行第 {m.group(2)} 列）"
    if "end of document" in str(exc):
        return "TOML 格式错误（在文件末尾：括号或引号没有闭合？）"
    return "TOML 格式错误"


def yaml_error(exc: BaseException) -> str:
    """A YAML syntax error, with its line and column."""
    mark = getattr(exc, "problem_mark", None)
    if mark is None:
        return "YAML 格式错误"
    return f"YAML 格式错误（第 {mark.line + 1} 行第 {mark.column + 1} 列）"


def json_error(exc: BaseException) -> str:
    """A JSON syntax error, with its line and column."""
    line, col = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    return f"JSON 格式错误（第 {line} 行第 {col} 列）" if line else "JSON 格式错误"


_PYDANTIC: dict[str, str] = {
    "missing": "缺少 {loc}",
    "extra_forbidden": "未知的键 {loc}",
    "string_type": "{loc} 应为文本",
    "int_type": "{loc} 应为整数",
    "int_parsing": "{loc} 应为整数",
    "float_type": "{loc} 应为数字",
    "float_parsing": "{loc} 应为数字",
    "bool_type": "{loc} 应为 true 或 false",
    "bool_parsing": "{loc} 应为 true 或 false",
    "list_type": "{loc} 应为列表",
    "dict_type": "{loc} 应为键值对（表）",
    "model_type": "{loc} 应为键值对（表）",
    "literal_error": "{loc} 的值不在可选范围内（可选：{expected}）",
    "enum": "{loc} 的值不在可选范围内（可选：{expected}）",
    "greater_than_equal": "{loc} 应不小于 {ge}",
    "greater_than": "{loc} 应大于 {gt}",
    "less_than_equal": "{loc} 应不大于 {le}",
    "less_than": "{loc} 应小于 {lt}",
    "date_from_datetime_parsing": "{loc} 不是有效的日期",
    "date_parsing": "{loc} 不是有效的日期",
}


def validation_error(exc: Any, limit: int = 3) -> str:
    """A pydantic ValidationError in Chinese: each problem names its key (`rule`, `cases.3.file`)."""
    parts = []
    for err in exc.errors()[:limit]:
        loc = ".".join(str(x) for x in err.get("loc", ())) or "值"
        template = _PYDANTIC.get(err.get("type", ""), "{loc} 的值无效")
        context = {k: str(v).replace("'", "") for k, v in (err.get("ctx") or {}).items()}
        try:
            parts.append(template.format(loc=loc, **context))
        except (KeyError, IndexError):
            parts.append(f"{loc} 的值无效")
    return "；".join(parts)
