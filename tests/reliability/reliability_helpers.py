"""Helpers of the reliability suite: the command line run in-process, and what a run must not leave behind.
(A module of its own: `conftest` names tests/conftest.py too, and a spawned process imports this by name.)"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

@dataclass
class Ran:
    """One command run: exit code, stdout, stderr."""

    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err

    def no_traceback(self) -> "Ran":
        assert "Traceback" not in self.text, self.text[-3000:]
        return self


def run_cli(*args: str, env: dict[str, str] | None = None) -> Ran:
    """`jixiao ARGS` in this process (CliRunner): what a user's terminal shows, and the exit code. An exception that
    escapes the command line is a failure of the suite (the CLI must turn every exception into a message)."""
    from typer.testing import CliRunner

    from jixiao.cli import app

    res = CliRunner().invoke(app, list(args), env=env)
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise AssertionError(f"exception escaped the CLI: {res.exception!r}\n{res.output[-3000:]}") from res.exception
    return Ran(res.exit_code, res.stdout, res.stderr)


def leftovers(folder: Path) -> list[str]:
    """Temp files an atomic write left in `folder` (`.<name>.<random>.tmp`)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp"))


IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
