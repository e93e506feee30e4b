"""`jixiao parse` over every seed file: forms per kind, indicator rows, seconds.

    python benchmarks/bench_parse_seeds.py [SEED_DIR]
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from jixiao.parse import parse_path

seed_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
t0 = time.perf_counter()
kinds: Counter[str] = Counter()
rows = 0
for p in sorted(seed_dir.glob("*.txt")):
    r = parse_path(p)
    n = Counter(f.kind for f in r.forms)
    kinds.update(n)
    rows += sum(len(f.indicators) for f in r.forms)
    print(f"{p.name}: {dict(n)}  rows={sum(len(f.indicators) for f in r.forms)}  errors={len(r.errors)}")
dt = time.perf_counter() - t0
print(f"total: {dict(kinds)}  indicator rows: {rows}  seconds: {dt:.3f}")
