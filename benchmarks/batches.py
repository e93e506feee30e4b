"""Big batches made at run time from real forms (nothing big is committed): the seed target forms (../shared/seeds:
000, 001, 003, a title line each) or, without the seeds, the repository's examples/, copied one after another.

    python benchmarks/batches.py 10000 big.txt          # one file of 10,000 forms (about 37 MB)
    python benchmarks/batches.py 10000 folder/ --files   # the same forms, a file per copy of a seed file
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
SEED_FILES = ("000_*.txt", "001_*.txt", "003_*.txt")  # target forms only (002 is a budget report, 004 self-evaluations)


def sources() -> list[tuple[str, str, int]]:
    """(name, text, number of forms) of each file copied."""
    from jixiao.parse import parse_text

    if SEEDS.is_dir():
        paths = [next(SEEDS.glob(g)) for g in SEED_FILES]
    else:
        paths = sorted((REPO / "examples").glob("*target_form*.txt"))
    out = []
    for p in paths:
        text = p.read_text(encoding="utf-8").rstrip("\n") + "\n"
        out.append((p.stem, text, len(parse_text(text, p.name).forms)))
    return out


def make_file(n: int, path: Path) -> int:
    """One text file of at least `n` forms (whole seed files, in turn); the number of forms written."""
    made = 0
    with path.open("w", encoding="utf-8") as fh:
        while made < n:
            for _, text, forms in sources_cached():
                if made >= n:
                    break
                fh.write(text + "\n")
                made += forms
    return made


def make_folder(n: int, folder: Path) -> int:
    """A folder of copies of the seed files, at least `n` forms in all; the number of forms written."""
    folder.mkdir(parents=True, exist_ok=True)
    made = copy = 0
    while made < n:
        for name, text, forms in sources_cached():
            if made >= n:
                break
            (folder / f"{copy:05d}-{name}.txt").write_text(text, encoding="utf-8")
            made += forms
            copy += 1
    return made


_SOURCES: list[tuple[str, str, int]] = []


def sources_cached() -> list[tuple[str, str, int]]:
    if not _SOURCES:
        _SOURCES.extend(sources())
    return _SOURCES


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("forms", type=int)
    ap.add_argument("target", type=Path)
    ap.add_argument("--files", action="store_true", help="a folder of files instead of one file")
    args = ap.parse_args()
    made = make_folder(args.forms, args.target) if args.files else make_file(args.forms, args.target)
    print(f"{made} forms -> {args.target}", file=sys.stderr)


if __name__ == "__main__":
    main()
