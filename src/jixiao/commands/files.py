"""What the file-by-file commands (parse, audit, extract) share: checking an input before the reader opens it, and
running one file's work so that an internal error in it is reported and the other files still go on.

    run = Run()
    files = run.files(paths, err)             # a folder with no form file, or one that cannot be listed: reported
    for p in files:
        if not run.readable(p, err):          # missing, a FIFO, a device… : reported (exit 2), skipped
            continue
        r = run.guarded(p, err, parse_path, p)  # an unexpected exception: reported (exit 4), None
    raise typer.Exit(run.exit_code())
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console

from jixiao import errors
from jixiao.io import input_problem
from jixiao.messages import error, warning
from jixiao.model import Form, SelfEvaluation
from jixiao.parse import input_files

T = TypeVar("T")


@dataclass
class Run:
    """The state of a file-by-file run, for its exit code."""

    bad_input: bool = False
    internal: bool = False

    def files(self, paths: list[str], err: Console) -> list[Path]:
        """The files named and those inside the folders named; a folder holding no form file, or one that cannot be
        listed, is reported (exit 2) rather than read as no forms."""
        found, problems = input_files(paths)
        for e in problems:
            error(err, str(e))
            self.bad_input = True
        return found

    def readable(self, p: Path, err: Console) -> bool:
        problem = input_problem(p)
        if problem is None:
            return True
        error(err, f"{p}: {problem}")
        self.bad_input = True
        return False

    def guarded(self, p: Path, err: Console, work: Callable[..., T], *args: object, **kwargs: object) -> T | None:
        """`work(*args, **kwargs)` for file `p`; an unexpected exception is reported as an internal error naming the
        file (exit code 4 at the end of the run) and gives None."""
        try:
            return work(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - one file's defect must not lose the run's other files
            errors.report_internal(exc, where=str(p), console=err)
            self.internal = True
            return None

    def part_errors(self, entries: list[dict[str, Any]], err: Console) -> None:
        """A batch part's file errors (jixiao.batch.Part.errors) printed with their file and line, and counted for the
        exit code: an internal error (4) or an input that could not be read (2)."""
        for e in entries:
            where = f"{e['source']}:{e['line']}" if e.get("line") else e["source"]
            error(err, f"{where}: {e['message']}")
            self.internal = self.internal or bool(e.get("internal"))
            self.bad_input = self.bad_input or not e.get("internal")

    def exit_code(self, findings: bool = False) -> int:
        return errors.worst(errors.EXIT_INTERNAL if self.internal else 0,
                            errors.EXIT_INPUT if self.bad_input else 0,
                            errors.EXIT_FINDINGS if findings else 0)


def read_doubts(forms: list[Form]) -> list[str]:
    """What the reader could not read, or read by guess, of each form: `file:line（sheet!cell）: message` lines."""
    lines = []
    for f in forms:
        for issue in f.read_issues:
            where = f"{f.source}:{issue.line or f.line}" + (f"（{issue.cell}）" if issue.cell else "")
            lines.append(f"{where}: {issue.message}")
        if isinstance(f, SelfEvaluation):  # the only kind with values left unread
            lines.extend(f"{f.source}:{f.line}: {text}" for text in f.unreadable)
    return lines


def report_read_issues(lines: list[str], err: Console) -> None:
    """The read doubts printed on stderr with their file and line: a half-read form is said to be one where the user
    looks first, besides its JX001/JX002 findings."""
    for text in lines:
        warning(err, text, label="读取存疑")
