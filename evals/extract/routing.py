"""Routing figure for `jixiao extract --llm auto`: which forms the parser is trusted with and which go to the model.

    .venv/bin/python evals/extract/routing.py [--json]

Sets: the forms of the seed files 000-003 (target forms) and 004 (self-evaluations) (../shared/seeds, beside the
repo; left out with a note when absent), the checker suite's forms (evals/checker/forms) and the extract inputs
(evals/extract/inputs). No model is called: the decision is `jixiao.extract.plan`, the one `extract_file` takes.
`review` counts doubted self-evaluations kept with the parser for human review (never sent: the model's answer has
no place for their actual values and scores); they count as trusted, not sent.

Truth: where a gold record exists (cases.jsonl, cases-llm.jsonl), the parser should be trusted exactly when its record
equals the gold one on what the model would give instead (the header values of suite-llm.yaml's `fields` and every
indicator row, scored as the extract suite scores); a file the parser reads no form from needs the model. A checker
form labelled `unreadable` (something in it cannot be read) needs the model; other forms without gold (seed files,
checker forms written in the seed layout) should be trusted. A form routed against its truth is misrouted; the exit
code is 1 when any is.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
CHECKER_FORMS = REPO / "evals" / "checker" / "forms"
INPUTS = HERE / "inputs"


def _gold_by_input() -> dict[Path, Path]:
    out: dict[Path, Path] = {}
    for cases in ("cases.jsonl", "cases-llm.jsonl"):
        for line in (HERE / cases).read_text(encoding="utf-8").splitlines():
            if line.strip():
                c = json.loads(line)
                out[(HERE / c["input"]).resolve()] = (HERE / c["gold"]).resolve()
    return out


def _unreadable_checker_forms() -> set[Path]:
    """Checker forms labelled `unreadable`: the reader must doubt them."""
    out = set()
    for line in (CHECKER_FORMS.parent / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            c = json.loads(line)
            if any(lab.get("category") == "unreadable" for lab in c.get("labels", [])):
                out.add((CHECKER_FORMS.parent / c["file"]).resolve())
    return out


def sets() -> list[tuple[str, list[Path]]]:
    out = []
    if SEEDS.is_dir():  # outside the repo: the other sets still give a figure without them
        targets = sorted(p for pre in ("000", "001", "002", "003") for p in SEEDS.glob(f"{pre}_*.txt"))
        out += [("seeds 000-003", targets), ("seed 004 (self)", sorted(SEEDS.glob("004_*.txt")))]
    return out + [("checker forms", sorted(CHECKER_FORMS.glob("*.txt"))),
                  ("extract inputs", sorted(p for p in INPUTS.iterdir() if p.suffix in (".txt", ".xlsx", ".docx")))]


def routing() -> dict:
    from jixiao.evals.extract import _align_forms, score_record
    from jixiao.evals.suite import load_suite
    from jixiao.extract import plan
    from jixiao.model import FormList

    suite = load_suite(HERE / "suite-llm.yaml").suite  # the fields the model extracts
    gold_of = _gold_by_input()
    unreadable = _unreadable_checker_forms()
    out: dict = {"sets": [], "sent": [], "review": [], "misrouted": []}
    for name, files in sets():
        row = {"set": name, "files": len(files), "forms": 0, "target_forms": 0, "trusted": 0, "sent": 0,
               "review": 0, "misrouted": 0}
        for path in files:
            parsed, routes, _ = plan(path)
            gold_path = gold_of.get(path.resolve())
            truth: list[bool]  # per route: should the model read it?
            if not parsed.forms or parsed.errors:
                truth = [True]
            elif gold_path is None:
                truth = [path.resolve() in unreadable] * len(routes)
            else:
                gold = list(FormList.validate_json(gold_path.read_text(encoding="utf-8")))
                by_form = {id(o): score_record(g, o, suite)["exact"]
                           for g, o in zip(gold, _align_forms(gold, parsed.forms)) if o is not None}
                truth = [not by_form.get(id(f), True) for f in parsed.forms]
            row["forms"] += len(parsed.forms)
            row["target_forms"] += sum(f.kind == "target" for f in parsed.forms)
            rel = str(path.relative_to(REPO)) if path.is_relative_to(REPO) else f"../shared/seeds/{path.name}"
            for r, need in zip(routes, truth):
                row["sent" if r.sent else "trusted"] += 1
                row["review"] += bool(r.review)
                entry = {"file": rel, "line": r.line, "project_name": r.project_name, "reasons": r.reasons}
                if r.sent:
                    out["sent"].append(entry)
                if r.review:
                    out["review"].append(entry)
                if r.sent != need:
                    row["misrouted"] += 1
                    out["misrouted"].append({**entry, "sent": r.sent,
                                             "truth": "needs the model" if need else "parser right"})
        out["sets"].append(row)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    if not SEEDS.is_dir():
        print(f"seed forms not found at {SEEDS}: the seed sets are left out", file=sys.stderr)
    res = routing()
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=2))
        return 1 if res["misrouted"] else 0
    print("jixiao extract --llm auto: routing (no model call)")
    print(f"{'set':<16}{'files':>6}{'forms':>7}{'target':>8}{'trusted':>9}{'review':>8}{'sent':>6}{'misrouted':>11}")
    for s in res["sets"]:
        print(f"{s['set']:<16}{s['files']:>6}{s['forms']:>7}{s['target_forms']:>8}{s['trusted']:>9}{s['review']:>8}"
              f"{s['sent']:>6}{s['misrouted']:>11}")
    print("\nsent to the model (routes: a form, or a whole file the parser read no form from):")
    for e in res["sent"]:
        print(f"  {e['file']}:{e['line']}: {'；'.join(e['reasons'])}")
    print("\nkept with the parser for human review (self-evaluations the parser doubts):")
    for e in res["review"]:
        print(f"  {e['file']}:{e['line']}: {'；'.join(e['reasons'])}")
    print("\nmisrouted:" + ("" if res["misrouted"] else " none"))
    for e in res["misrouted"]:
        what = "sent" if e["sent"] else "trusted"
        print(f"  {e['file']}:{e['line']}: {what}, truth: {e['truth']} {'；'.join(e['reasons'])}")
    return 1 if res["misrouted"] else 0


if __name__ == "__main__":
    sys.exit(main())
