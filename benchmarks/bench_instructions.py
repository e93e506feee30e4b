"""Parse + audit cost in machine instructions per form, counted by valgrind's callgrind: a figure that does not move
with the machine's load, so two versions of the code can be compared on this noisy virtual machine (wall-clock
figures from bench_audit.py varied by up to 1.8x between runs of the same code here).

    python benchmarks/bench_instructions.py [ROUNDS] [--src SRC_DIR] [--cold]

Each measurement runs a child Python under callgrind that parses the seed target forms (000–003, 80 forms a round)
once to warm every cache, then ROUNDS more rounds (default 2): with audit, and parse only. A run with no extra round
counts start-up and warm-up; the differences, divided by the forms, are instructions per form. `--src` measures
another checkout (its `src/` goes first on PYTHONPATH), e.g. a `git worktree` of an older commit, or a compiled tree.
Copies of the same seed files hit every cache keyed on a text (cells, 测算依据…) after the first round; `--cold` empties
them before each round, as a batch of unrelated forms would find them.
Takes about a minute (the three runs use both cores); needs valgrind (Debian package `valgrind`).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The child: warm-up round, then `rounds` rounds of parse (+ audit). Each round appends a different line to every file
# (as bench_audit.py does), so no whole-file cache can help; gc is off so collections do not blur the counts.
CHILD = """
import gc, sys
sys.path.insert(0, {bench_dir!r})
from bench_audit import SEEDS, build_label, jixiao_caches
from jixiao.check import audit_form
from jixiao.parse import parse_text
texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("00[0-3]_*.txt"))]
gc.disable()
caches = jixiao_caches() if {cold} else []
def one_round(r, audit):
    for c in caches:
        c.cache_clear()
    forms = [f for i, t in enumerate(texts) for f in parse_text(t + f"\\n\\n备注：第{{r}}轮", f"seed{{i}}-{{r}}.txt").forms
             if f.kind == "target"]
    if audit:
        for f in forms:
            audit_form(f)
    return len(forms)
one_round(0, True)
n = sum(one_round(r + 1, {audit}) for r in range({rounds}))
print("FORMS", n)
print("BUILD", build_label())
"""


def count(rounds: int, audit: bool, src: Path | None, cold: bool = False) -> tuple[int, int, str]:
    """(instructions, forms, build) of one child run under callgrind."""
    env = dict(os.environ, PYTHONHASHSEED="0")  # set and dict order, hence the paths taken, the same every run
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH", "")]))
    with tempfile.TemporaryDirectory() as tmp:
        code = CHILD.format(bench_dir=str(HERE), rounds=rounds, audit=audit, cold=cold)
        proc = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/out", sys.executable, "-c", code],
            capture_output=True, text=True, env=env, cwd=tmp)
    total = re.search(r"Collected : (\d+)", proc.stderr)
    forms = re.search(r"FORMS (\d+)", proc.stdout)
    if proc.returncode != 0 or not total or not forms:
        sys.exit(f"callgrind 运行失败（退出码 {proc.returncode}）：\n{proc.stderr[-2000:]}")
    build = re.search(r"BUILD (.+)", proc.stdout)
    return int(total.group(1)), int(forms.group(1)), build.group(1) if build else "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rounds", nargs="?", type=int, default=2)
    ap.add_argument("--src", type=Path, help="the src/ folder of another checkout to measure")
    ap.add_argument("--cold", action="store_true",
                    help="empty every jixiao cache before each round (as a batch of unrelated forms: no text seen before)")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("需要 valgrind（Debian 软件包 valgrind）才能统计指令数")
    with ThreadPoolExecutor(max_workers=2) as pool:
        base, both, parse = pool.map(lambda a: count(*a, args.src, args.cold),
                                     [(0, True), (args.rounds, True), (args.rounds, False)])
    forms = both[1]
    per = {"parse + audit": (both[0] - base[0]) / forms, "parse alone": (parse[0] - base[0]) / forms,
           "audit alone": (both[0] - parse[0]) / forms}
    print(f"forms: {forms} ({args.rounds} rounds after a warm-up round){', cold caches' if args.cold else ''}"
          f"{'  src: ' + str(args.src) if args.src else ''}  jixiao {both[2]}")
    for label, value in per.items():
        print(f"{label:<16}{value / 1e6:8.3f} M instructions/form")


if __name__ == "__main__":
    main()
