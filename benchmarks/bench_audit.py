"""Parse + audit throughput: the seed target forms replicated to N forms (default 10,000), on one core.

    taskset -c 0 python benchmarks/bench_audit.py [N]

Prints forms/second for
- the pipeline `jixiao audit` runs: each file parsed, each form audited, every form and its findings kept, inside
  `jixiao.batch.batch_gc()` as the command does (and the same without it, for comparison);
- parse alone and audit alone (all forms parsed first, then audited);
- cold caches: every jixiao cache (`functools.lru_cache` on cell and free texts, in the readers, the parser and the
  rules) emptied before every round, so no round profits from having seen the same texts before (a batch of
  unrelated forms shares fewer texts than copies of one seed file do).
Each round appends a different line to every file, so no whole-file cache could help. Times are wall-clock; run
it on an otherwise idle core (taskset) and take the best of a few runs.
"""

from __future__ import annotations

import functools
import gc
import importlib
import pkgutil
import sys
import time
from pathlib import Path

from jixiao.batch import batch_gc
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
    """As `jixiao audit` does: parse a file, audit its forms, keep forms and findings. (forms, findings, seconds)"""
    caches = jixiao_caches()
    kept = []
    t0 = time.perf_counter()
    for r in range(rounds):
        if cold:
            for c in caches:
                c.cache_clear()
        for i, t in enumerate(texts):
            for f in parse_text(t + f"\n\n备注：第{r}轮", f"seed{i}-{r}.txt").forms:
                if f.kind == "target":
                    kept.append((f, audit_form(f)))
    elapsed = time.perf_counter() - t0
    return len(kept), sum(len(fs) for _, fs in kept), elapsed


def phases(texts: list[str], rounds: int) -> tuple[list, float, float]:
    t0 = time.perf_counter()
    forms = []
    for r in range(rounds):
        for i, t in enumerate(texts):
            forms.extend(f for f in parse_text(t + f"\n\n备注：第{r}轮", f"seed{i}-{r}.txt").forms if f.kind == "target")
    t_parse = time.perf_counter() - t0
    t1 = time.perf_counter()
    for f in forms:
        audit_form(f)
    return forms, t_parse, time.perf_counter() - t1


def main(n: int = 10_000) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("00[0-3]_*.txt"))]
    per_round = sum(len([f for f in parse_text(t, "x").forms if f.kind == "target"]) for t in texts)
    rounds = max(1, n // per_round)
    rows = sum(len(f.indicators) for t in texts for f in parse_text(t, "x").forms if f.kind == "target") * rounds

    def line(label: str, forms: int, seconds: float) -> None:
        print(f"{label:<34}{seconds:7.2f} s  {forms / seconds:8.0f} forms/s")

    with batch_gc():
        forms, findings, t = pipeline(texts, rounds)
    gc.collect()
    print(f"jixiao {build_label()}, Python {sys.version.split()[0]}")
    print(f"forms: {forms}  indicator rows: {rows}  findings: {findings}  ({rounds} rounds of {per_round} seed forms)")
    line("parse + audit (as jixiao audit)", forms, t)
    forms, _, t = pipeline(texts, rounds)
    gc.collect()
    line("parse + audit, default gc", forms, t)
    with batch_gc():
        forms, _, t = pipeline(texts, rounds, cold=True)
    gc.collect()
    line("parse + audit, cold caches", forms, t)
    with batch_gc():
        parsed, t_parse, t_audit = phases(texts, rounds)
    line("parse alone", len(parsed), t_parse)
    line("audit alone", len(parsed), t_audit)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
