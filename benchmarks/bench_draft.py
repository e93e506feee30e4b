"""Seconds per offline draft over evals/draft/cases.jsonl (parse facts, select examples, compose, render, audit).

    .venv/bin/python benchmarks/bench_draft.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from jixiao.draft import draft
from jixiao.fewshots import load_library

CASES = Path(__file__).resolve().parents[1] / "evals" / "draft" / "cases.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    descriptions = [json.loads(x)["description"] for x in CASES.read_text(encoding="utf-8").splitlines() if x.strip()]
    start = time.perf_counter()
    library = load_library()
    load = time.perf_counter() - start
    start = time.perf_counter()
    draft(descriptions[0], offline=True, library=library)  # first draft: imports, rule registry, templates
    first = time.perf_counter() - start
    times = []
    for _ in range(args.repeat):
        for d in descriptions:
            t = time.perf_counter()
            draft(d, offline=True, library=library)
            times.append(time.perf_counter() - t)
    print(f"library load: {load:.3f} s ({len(library.examples)} examples); first draft: {first:.3f} s")
    print(f"offline draft: {statistics.mean(times):.4f} s mean, {statistics.median(times):.4f} s median, "
          f"{max(times):.4f} s max over {len(times)} drafts ({len(descriptions)} descriptions x {args.repeat})")


if __name__ == "__main__":
    main()
