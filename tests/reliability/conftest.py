"""Fixtures of the reliability suite (tests/reliability/README.md): the command line run in-process, the corpus of
bad inputs, and helpers that state what a run must and must not leave behind."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # `import corpus`, `import faults`
    sys.path.insert(0, str(HERE))


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


@pytest.fixture
def cli():
    return run_cli


def leftovers(folder: Path) -> list[str]:
    """Temp files an atomic write left in `folder` (`.<name>.<random>.tmp`)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp"))


IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
