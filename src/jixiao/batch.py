"""Settings for batch runs: many files through parse → check → render in one process.

A batch keeps every parsed form (the report needs them), so the heap grows by tens of thousands of small records
per thousand forms. CPython's default collector thresholds (700, 10, 10) then rescan that growing heap over and
over, although the records hold no reference cycles (refcounting frees them). Collecting less often, as mypy does
for the same reason, saves about a fifth of a large audit (`benchmarks/bench_audit.py`); cycles are still
collected, only later.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

BATCH_GC_THRESHOLDS = (100_000, 30, 30)


@contextmanager
def batch_gc() -> Iterator[None]:
    """Collector thresholds for a batch, restored afterwards."""
    old = gc.get_threshold()
    gc.set_threshold(*BATCH_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*old)
