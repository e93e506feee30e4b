"""Seconds per offline draft over evals/draft/cases.jsonl (read the description, select examples, compose, render,
audit, apply fixes), in process; and the whole `jixiao draft --offline` process (interpreter start, imports, library
load, one draft, output) as a user runs it.

    .venv/bin/python benchmarks/bench_draft.py [--repeat N] [--processes N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from jixiao.draft import draft
from jixiao.fewshots import load_library

CASES = Path(__file__).resolve().parents[1] / "evals" / "draft" / "cases.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--processes", type=int, default=5, help="whole-process runs of `jixiao draft --offline`")
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
    # each held-out description once: no text seen before, so the value readers' caches do not help
    fresh_file = CASES.parent / "firstcontact-2026-12" / "cases.jsonl"
    fresh = [json.loads(x)["description"] for x in fresh_file.read_text(encoding="utf-8").splitlines() if x.strip()]
    once = []
    for d in fresh:
        t = time.perf_counter()
        draft(d, offline=True, library=library)
        once.append(time.perf_counter() - t)
    print(f"offline draft, each description seen once: {statistics.mean(once):.4f} s mean, "
          f"{statistics.median(once):.4f} s median, {max(once):.4f} s max over {len(once)} descriptions")
    # the whole process, as a user runs it (no model configured: offline)
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    cli = [str(Path(sys.executable).with_name("jixiao")), "draft", "--offline", "--format", "text"]
    walls = []
    for i in range(args.processes):
        t = time.perf_counter()
        done = subprocess.run([*cli, descriptions[i % len(descriptions)]], env=env, capture_output=True)
        walls.append(time.perf_counter() - t)
        if done.returncode not in (0, 1) or b"\xe7\xbb\xa9\xe6\x95\x88" not in done.stdout:  # 绩效: a form was written
            raise SystemExit(f"jixiao draft exited {done.returncode}: {done.stderr.decode()[-300:]}")
    print(f"whole process (jixiao draft --offline): {statistics.median(walls):.3f} s median, {min(walls):.3f} s min "
          f"over {len(walls)} runs")


if __name__ == "__main__":
    main()
