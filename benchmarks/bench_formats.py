"""The work a file and a byte of input cost, by format: how `jixiao.batch.WORK_PER_BYTE` is measured.

    python benchmarks/bench_formats.py [--rounds 3]

The same forms (the repository's examples/ and the reader eval sets' text forms, real layouts of many provinces)
are written as Excel, Word and PDF files (jixiao.evals.renderings, as the reader evals render them), and as one text
file holding them all; each set is read and audited in this process, in turn, the best of a few rounds kept. The
text files against the one file give the cost of a file as such (opening it, telling its format, its own sections:
small enough to leave out of the weights); each format's cost beyond that, per byte, against the one text file's, is
the weight the batch runner gives a byte of
that format when it decides whether a batch is large enough for every core (`--jobs` at its default). The renderings
are plain (no styles; fonts subset by the PDF writer): real exports are larger for the same forms, so their weights
here are, if anything, high.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from jixiao import batch
from jixiao.check import audit_form
from jixiao.evals.renderings import render
from jixiao.parse import parse_path

REPO = Path(__file__).resolve().parents[1]
FORMATS = ("xlsx", "docx", "pdf")


def text_forms() -> list[Path]:
    return sorted(REPO.glob("examples/*.txt")) + sorted(REPO.glob("evals/reader/*/*.txt"))


def one_round(files: list[Path]) -> float:
    start = time.perf_counter()
    for p in files:
        for form in parse_path(p).forms:
            audit_form(form)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    texts = text_forms()
    with tempfile.TemporaryDirectory() as tmp:
        joined = Path(tmp) / "all.txt"
        joined.write_text("\n".join(p.read_text(encoding="utf-8").rstrip("\n") for p in texts) + "\n", encoding="utf-8")
        sets = {"one file": [joined], "txt": texts}
        for fmt in FORMATS:
            sets[fmt] = [render(p, fmt, Path(tmp) / fmt) for p in texts]
        one_round(texts)  # imports, compiled patterns, every cache of the texts' cells: each format then finds them
        best = {fmt: min(one_round(files) for _ in range(args.rounds)) for fmt, files in sets.items()}
        size = {fmt: sum(p.stat().st_size for p in files) for fmt, files in sets.items()}
    weights = getattr(batch, "WORK_PER_BYTE", {})  # an older build has none
    n = len(texts)
    per_file = (best["txt"] - best["one file"]) / n  # what a file costs beyond its bytes
    text_byte = best["one file"] / size["one file"]
    print(f"{n} files in each format (and the text forms joined into one file), best of {args.rounds} rounds, one process")
    print(f"a file as such: {per_file * 1e3:.2f} ms, the work of {per_file / text_byte / 1024:.1f} KiB of text")
    print(f"{'format':9s} {'bytes':>10s} {'seconds':>8s} {'µs/byte':>8s} {'weight':>7s}   batch.WORK_PER_BYTE")
    for fmt in sets:
        files = 1 if fmt == "one file" else n
        per_byte = (best[fmt] - (files - 1) * per_file) / size[fmt]
        print(f"{fmt:9s} {size[fmt]:10,d} {best[fmt]:8.3f} {per_byte * 1e6:8.3f} {per_byte / text_byte:7.1f}   "
              f"{weights.get('.' + fmt, 1)}")


if __name__ == "__main__":
    sys.exit(main())
