"""Parse + audit throughput: the seed target forms replicated to N forms (default 10,000), on one core.

    python benchmarks/bench_audit.py [N]

Prints forms, indicator rows, seconds and forms/second for parse alone and for parse + audit.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from jixiao.check import audit_form
from jixiao.parse import parse_text

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def main(n: int = 10_000) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("00[0-3]_*.txt"))]
    per_file = [len([f for f in parse_text(t, "x").forms if f.kind == "target"]) for t in texts]
    per_round = sum(per_file)
    rounds = max(1, n // per_round)
    # Each file is parsed `rounds` times: its text changes a little each time so no cache can help.
    t0 = time.perf_counter()
    forms = []
    for r in range(rounds):
        for i, t in enumerate(texts):
            forms.extend(f for f in parse_text(t + f"\n\n备注：第{r}轮", f"seed{i}-{r}.txt").forms if f.kind == "target")
    t_parse = time.perf_counter() - t0
    t1 = time.perf_counter()
    n_findings = sum(len(audit_form(f)) for f in forms)
    t_audit = time.perf_counter() - t1
    rows = sum(len(f.indicators) for f in forms)
    total = t_parse + t_audit
    print(f"forms: {len(forms)}  indicator rows: {rows}  findings: {n_findings}")
    print(f"parse:          {t_parse:7.2f} s  {len(forms) / t_parse:8.0f} forms/s")
    print(f"audit:          {t_audit:7.2f} s  {len(forms) / t_audit:8.0f} forms/s")
    print(f"parse + audit:  {total:7.2f} s  {len(forms) / total:8.0f} forms/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
