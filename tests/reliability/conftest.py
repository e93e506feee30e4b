"""The reliability suite (tests/reliability/README.md): its folder on sys.path (`corpus`, `reliability_helpers`),
and the fuzzing budget in pytest's header."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # `import corpus`, `import reliability_helpers`
    sys.path.insert(0, str(HERE))


def pytest_report_header(config):  # noqa: ANN001, ANN201
    import os

    n = int(os.environ.get("JIXIAO_FUZZ_EXAMPLES", "200"))
    random = os.environ.get("JIXIAO_FUZZ_RANDOM", "") not in ("", "0")
    return (f"reliability fuzzing: {n} examples per target, {max(10, n // 4)} for the Office targets "
            f"({'random' if random else 'derandomized'})")
