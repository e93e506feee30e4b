"""Whole-process figures of big batches, each command timed from outside as a user runs it (start-up included):

    python benchmarks/bench_scale.py [--runs 5] [--quick] [--baseline OTHER/bin/jixiao]

1. `jixiao audit` of 10,000 forms (one file, --format json -o, --jobs at its default) against the floor, Python
   reading the same file and building a dict per row, and their ratio (the target: at most 6 on a 2-core machine).
2. Peak RSS of `jixiao audit` of 1,000, 10,000 and 50,000 forms: the largest single process (the main one or a
   worker), as the kernel counts it for the process and the children it waited for.
3. --jobs 1 against --jobs 2 on 10,000 forms, and whether their reports are byte-identical.
4. The text report of 300 forms against the JSON report (each written to a file with -o).
5. Start-up: `jixiao --help`, and `jixiao audit` of one form.
6. 300 Excel files of one form each (2 MB): --jobs at its default against --jobs 1 (a batch is large by the work of
   reading it, not by its bytes: jixiao.batch.WORK_PER_BYTE).
The batches are made from the seed forms at run time (benchmarks/batches.py). Commands being compared run in turn
(A B A B …) and each figure is the median over the runs, with the spread (min–max): this machine's speed drifts, so
compare figures of one run of this script, not across runs. With --baseline, another installation's `jixiao` (a
checkout of an older commit, say) is measured the same way, in the same pairs, and the ratio printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batches import REPO, make_file  # noqa: E402

from jixiao.evals.renderings import render

JIXIAO = Path(sys.executable).with_name("jixiao")  # the jixiao of the venv running this script
ONE_FORM = REPO / "examples" / "futian_2023_target_form.txt"
EXCEL_FILES = 300
FLOOR = ("import sys\n"
         "with open(sys.argv[1], encoding='utf-8') as fh:\n"
         "    for line in fh:\n"
         "        row = dict(enumerate(line.rstrip('\\r\\n').split('\\t')))\n")


def run_once(cmd: list[str]) -> tuple[float, int]:
    """(wall seconds, peak RSS in KiB of the largest process of the command's tree it waited for)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # 1: the batch has findings
        sys.exit(f"命令失败（退出码 {proc.returncode}）：{' '.join(cmd)}")
    return seconds, usage.ru_maxrss


def paired(commands: dict[str, list[str]], runs: int) -> dict[str, list[tuple[float, int]]]:
    """Each command `runs` times, in turn, after one unmeasured warm-up round (the page cache, the file system)."""
    for cmd in commands.values():
        run_once(cmd)
    out: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            out[name].append(run_once(cmd))
    return out


def spread(values: list[float], unit: str = "s", digits: int = 2) -> str:
    med = statistics.median(values)
    return f"{med:.{digits}f} {unit} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def ratios(a: list[tuple[float, int]], b: list[tuple[float, int]]) -> list[float]:
    return [x[0] / y[0] for x, y in zip(a, b)]


def has_jobs(jixiao: Path) -> bool:
    """The installation's audit takes --jobs (an older one may not)."""
    return "--jobs" in subprocess.run([str(jixiao), "audit", "--help"], capture_output=True, text=True).stdout


def audit(jixiao: Path, src: Path, out: Path, *extra: str) -> list[str]:
    return [str(jixiao), "audit", str(src), "--fail-on", "never", "-o", str(out), *extra]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="2 runs, and no batch of 50,000 forms")
    ap.add_argument("--baseline", type=Path, help="another installation's jixiao executable to measure beside this one")
    ap.add_argument("--workdir", type=Path, help="where to make the batches (default: a temporary folder)")
    args = ap.parse_args()
    runs = 2 if args.quick else args.runs
    tools = {"jixiao": JIXIAO} | ({"baseline": args.baseline} if args.baseline else {})
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        work = Path(tmp)
        sizes = (300, 1_000, 10_000) if args.quick else (300, 1_000, 10_000, 50_000)
        batch = {n: work / f"forms-{n}.txt" for n in sizes}
        made = {n: make_file(n, p) for n, p in batch.items()}
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        print(f"jixiao: {JIXIAO}" + (f"  baseline: {args.baseline}" if args.baseline else ""))
        print(f"Python {sys.version.split()[0]}, {cores} cores; batches: "
              + ", ".join(f"{made[n]} forms {p.stat().st_size / 2**20:.0f} MiB" for n, p in batch.items())
              + f"; {runs} paired runs, median (min–max)\n")

        big = batch[10_000]
        print(f"1. audit of {made[10_000]} forms, --format json, --jobs at its default, against the floor")
        cmds = {name: audit(tool, big, work / f"{name}.json", "-f", "json") for name, tool in tools.items()}
        cmds["floor"] = [sys.executable, "-c", FLOOR, str(big)]
        res = paired(cmds, runs)
        for name in tools:
            print(f"   {name:<9}{spread([t for t, _ in res[name]])}   "
                  f"ratio to the floor {spread(ratios(res[name], res['floor']), 'x', 1)}")
        print(f"   {'floor':<9}{spread([t for t, _ in res['floor']])}")

        print("\n2. peak RSS of audit --format json (the largest process)")
        for n in sizes[1:]:
            cmds = {name: audit(tool, batch[n], work / f"{name}-{n}.json", "-f", "json") for name, tool in tools.items()}
            res = paired(cmds, 1) if n == 50_000 else paired(cmds, min(runs, 2))
            line = "   ".join(f"{name} {max(kb for _, kb in res[name]) / 1024:6.0f} MiB" for name in tools)
            print(f"   {made[n]:>6} forms   {line}")

        print(f"\n3. --jobs 1 against --jobs 2, audit of {made[10_000]} forms, --format json")
        cmds = {}
        parallel = {name: tool for name, tool in tools.items() if has_jobs(tool)}
        for name in tools.keys() - parallel.keys():
            print(f"   {name:<9}(no --jobs option)")
        for name, tool in parallel.items():
            for jobs in ("1", "2"):
                cmds[f"{name} -j{jobs}"] = audit(tool, big, work / f"{name}-j{jobs}.json", "-f", "json", "--jobs", jobs)
        res = paired(cmds, runs)
        for name in parallel:
            one, two = res[f"{name} -j1"], res[f"{name} -j2"]
            same = (work / f"{name}-j1.json").read_bytes() == (work / f"{name}-j2.json").read_bytes()
            print(f"   {name:<9}-j1 {spread([t for t, _ in one])}   -j2 {spread([t for t, _ in two])}   "
                  f"-j1/-j2 {spread(ratios(one, two), 'x')}   reports byte-identical: {'yes' if same else 'NO'}")

        print(f"\n4. audit of {made[300]} forms: the text report against the JSON report (-o a file)")
        cmds = {}
        for name, tool in tools.items():
            cmds[f"{name} text"] = audit(tool, batch[300], work / f"{name}.txt", "-f", "text")
            cmds[f"{name} json"] = audit(tool, batch[300], work / f"{name}-300.json", "-f", "json")
        res = paired(cmds, runs)
        for name in tools:
            text, as_json = res[f"{name} text"], res[f"{name} json"]
            print(f"   {name:<9}text {spread([t for t, _ in text])}   json {spread([t for t, _ in as_json])}   "
                  f"text/json {spread(ratios(text, as_json), 'x')}")

        print("\n5. start-up")
        cmds = {}
        for name, tool in tools.items():
            cmds[f"{name} --help"] = [str(tool), "--help"]
            cmds[f"{name} audit"] = [str(tool), "audit", str(ONE_FORM), "--fail-on", "never"]
        res = paired(cmds, max(runs, 5))
        for name in tools:
            print(f"   {name:<9}--help {spread([t for t, _ in res[f'{name} --help']], 's', 3)}   "
                  f"audit of one form {spread([t for t, _ in res[f'{name} audit']], 's', 3)}")
        if args.baseline:
            print("\n   ratio jixiao/baseline: "
                  f"--help {spread(ratios(res['jixiao --help'], res['baseline --help']), 'x')}   "
                  f"audit of one form {spread(ratios(res['jixiao audit'], res['baseline audit']), 'x')}")

        print(f"\n6. audit of {EXCEL_FILES} Excel files of one form each (-f json -o): --jobs at its default against --jobs 1")
        excel = work / "excel"
        one = render(ONE_FORM, "xlsx", work)
        excel.mkdir()
        for i in range(EXCEL_FILES):
            shutil.copy(one, excel / f"{i:04d}.xlsx")
        cmds = {}
        for name, tool in tools.items():
            cmds[f"{name} default"] = audit(tool, excel, work / f"{name}-excel.json", "-f", "json")
            if name in parallel:
                cmds[f"{name} -j1"] = audit(tool, excel, work / f"{name}-excel-j1.json", "-f", "json", "--jobs", "1")
        res = paired(cmds, runs)
        for name in tools:
            line = f"   {name:<9}default {spread([t for t, _ in res[f'{name} default']])}"
            if name in parallel:
                line += (f"   -j1 {spread([t for t, _ in res[f'{name} -j1']])}   "
                         f"-j1/default {spread(ratios(res[f'{name} -j1'], res[f'{name} default']), 'x')}")
            print(line)


if __name__ == "__main__":
    main()
