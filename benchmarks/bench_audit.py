"""Parse + audit throughput in one process: the seed target forms replicated to N forms (default 10,000), on one core.

    taskset -c 0 python benchmarks/bench_audit.py [N]

Prints forms/second for
- the pipeline a worker of `jixiao audit` runs: each file parsed, each form audited and let go, with the garbage
  collector as a batch sets it (jixiao.batch.settle_gc; and with the default collector, for comparison);
- parse alone and audit alone (the forms of each round parsed first, then audited);
- cold caches: every jixiao cache (`functools.lru_cache` on cell and free texts, in the readers, the parser and the
  rules) emptied before every round, so no round profits from having seen the same texts before (a batch of
  unrelated forms shares fewer texts than copies of one seed file do).
Each round appends a different line to every file, so no whole-file cache could help. Times are wall-clock; run
it on an otherwise idle core (taskset) and take the best of a few runs.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import sys
import time
from pathlib import Path

from jixiao import batch
from jixiao.check import audit_form
from jixiao.parse import parse_text

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def jixiao_caches() -> list[functools._lru_cache_wrapper]:
    """Every `functools.lru_cache` of jixiao's modules (value readers, vocabulary, parsers, rules), all imported first
    (parse_rows imports the layout parsers lazily: scanning only what is loaded would miss theirs)."""
    import jixiao

    for info in pkgutil.walk_packages(jixiao.__path__, "jixiao."):
        importlib.import_module(info.name)
    return [f for name, module in list(sys.modules.items()) if name == "jixiao" or name.startswith("jixiao.")
            for f in vars(module).values() if isinstance(f, functools._lru_cache_wrapper)]


def build_label() -> str:
    """Which build of jixiao runs: compiled by mypyc (a wheel, `pip install .`: setup.py) or pure Python (editable)."""
    import jixiao

    if not hasattr(jixiao, "compiled_modules"):  # a checkout older than the compiled build (--src)
        return "(build unknown)"
    modules = jixiao.compiled_modules()
    return f"compiled by mypyc ({len(modules)} modules)" if modules else "pure Python"


def pipeline(texts: list[str], rounds: int, cold: bool = False) -> tuple[int, int, float]:
    """As a worker of `jixiao audit` does: parse a file, audit its forms, let them go. (forms, findings, seconds)"""
    caches = jixiao_caches()
    forms = findings = 0
    t0 = time.perf_counter()
    for r in range(rounds):
        if cold:
            for c in caches:
                c.cache_clear()
        for i, t in enumerate(texts):
            for f in parse_text(t + f"\n\n备注：第{r}轮", f"seed{i}-{r}.txt").forms:
                if f.kind == "target":
                    forms += 1
                    findings += len(audit_form(f))
    return forms, findings, time.perf_counter() - t0


def phases(texts: list[str], rounds: int) -> tuple[int, float, float]:
    t_parse = t_audit = 0.0
    n = 0
    for r in range(rounds):
        t0 = time.perf_counter()
        forms = [f for i, t in enumerate(texts) for f in parse_text(t + f"\n\n备注：第{r}轮", f"seed{i}-{r}.txt").forms
                 if f.kind == "target"]
        t1 = time.perf_counter()
        for f in forms:
            audit_form(f)
        t_parse += t1 - t0
        t_audit += time.perf_counter() - t1
        n += len(forms)
    return n, t_parse, t_audit


def main(n: int = 10_000) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("00[0-3]_*.txt"))]
    per_round = sum(len([f for f in parse_text(t, "x").forms if f.kind == "target"]) for t in texts)
    rounds = max(1, n // per_round)
    rows = sum(len(f.indicators) for t in texts for f in parse_text(t, "x").forms if f.kind == "target") * rounds

    def line(label: str, forms: int, seconds: float) -> None:
        print(f"{label:<34}{seconds:7.2f} s  {forms / seconds:8.0f} forms/s")

    forms, _, t_default = pipeline(texts, rounds)
    batch.own_process = True  # as in the jixiao command: settle_gc sets the collector
    batch.settle_gc()
    forms, findings, t = pipeline(texts, rounds)
    print(f"jixiao {build_label()}, Python {sys.version.split()[0]}")
    print(f"forms: {forms}  indicator rows: {rows}  findings: {findings}  ({rounds} rounds of {per_round} seed forms)")
    line("parse + audit (as a worker runs it)", forms, t)
    line("parse + audit, default gc", forms, t_default)
    forms, _, t = pipeline(texts, rounds, cold=True)
    line("parse + audit, cold caches", forms, t)
    n, t_parse, t_audit = phases(texts, rounds)
    line("parse alone", n, t_parse)
    line("audit alone", n, t_audit)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
