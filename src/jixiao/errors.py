"""Exit codes shared by every command, and the report of an internal error.

    0  clean: done, nothing at or above --fail-on (audit), signed (signoff), unchanged (signoff --verify)
    1  findings: the output is written, and something in it needs a person (audit findings at --fail-on, a refused
       or changed sign-off, an unverified extraction, a draft with open errors)
    2  bad input or usage: a missing, unreadable or invalid file, a bad option or configuration, an output path that
       cannot be written; the other files of the run are still processed
    3  `jixiao eval` only: too many infrastructure errors (evals/README.md)
    4  internal error: a defect in jixiao, not in the input. A short Chinese message says so; `--debug` (or
       JIXIAO_DEBUG=1) adds the Python traceback. Where a command works file by file, the other files are still
       processed and their output written.

When several apply, the highest wins (4 > 2 > 1), except that eval keeps its own order (evals/README.md).
"""

from __future__ import annotations

import errno
import os
import sys
import traceback
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 4

_debug = False


def set_debug(on: bool) -> None:
    global _debug
    _debug = on


def debug() -> bool:
    """Tracebacks wanted: the global `--debug` option, or JIXIAO_DEBUG set to anything but 0 / empty."""
    return _debug or os.environ.get("JIXIAO_DEBUG", "") not in ("", "0")


def internal_error_message(exc: BaseException, where: str | None = None) -> str:
    """Short Chinese message for an unexpected exception (its type and first words, secrets scrubbed)."""
    from jixiao.messages import clip
    from jixiao.redact import scrub

    detail = clip(" ".join(scrub(str(exc)).split()), 200)
    what = type(exc).__name__ + (f": {detail}" if detail else "")
    at = f"{where}: " if where else ""
    hint = "" if debug() else "加 --debug 重新运行可显示回溯，"
    return f"{at}内部错误（jixiao 的缺陷，不是输入的问题）：{what}。{hint}请把命令和输入报告给维护者"


def report_internal(exc: BaseException, where: str | None = None, console: Console | None = None) -> None:
    """Print the internal-error message (and the traceback with --debug) to stderr."""
    from jixiao.messages import error, stderr_console
    from jixiao.redact import scrub

    console = console or stderr_console()
    if debug():
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        sys.stderr.write(scrub(text))
        sys.stderr.flush()
    error(console, internal_error_message(exc, where))


# OS errors in Chinese (the OS's own words are English)
ERRNO_TEXT = {errno.ENOENT: "文件不存在", errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.ELOOP: "符号链接循环",
              errno.ENAMETOOLONG: "路径过长", errno.ENOTDIR: "路径中有一级不是文件夹", errno.EISDIR: "这是一个文件夹",
              errno.ENOSPC: "磁盘空间不足", errno.EROFS: "文件系统只读", errno.EDQUOT: "超出磁盘配额",
              errno.EIO: "输入输出错误", errno.EEXIST: "已存在", errno.EBUSY: "设备或文件正忙",
              errno.ETXTBSY: "文件正被使用", errno.EFBIG: "文件过大", errno.EMFILE: "打开的文件过多"}


def os_error_text(exc: OSError) -> str:
    """An OSError in Chinese: `符号链接循环`, `没有权限`… (the OS's words for an errno not listed)."""
    return ERRNO_TEXT.get(exc.errno or 0) or exc.strerror or str(exc)


def worst(*codes: int) -> int:
    """The exit code of a run from the codes of its parts: internal error, then bad input, then findings."""
    for code in (EXIT_INTERNAL, EXIT_INPUT, EXIT_FINDINGS):
        if code in codes:
            return code
    return EXIT_OK
