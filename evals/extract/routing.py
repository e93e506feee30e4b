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


SET_NAMES = {"seeds 000-003": "种子 000–003", "seed 004 (self)": "种子 004（自评表）", "checker forms": "检查器评测表单",
             "extract inputs": "抽取评测输入"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="以 JSON 输出各项数字")
    args = ap.parse_args(argv)
    if not SEEDS.is_dir():
        print(f"没有找到种子表单（{SEEDS}）：不计种子表单的几组", file=sys.stderr)
    res = routing()
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=2))
        return 1 if res["misrouted"] else 0
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False, soft_wrap=True)
    if not console.is_terminal:  # piped, or in make eval's log: wide enough for the table
        console = Console(highlight=False, soft_wrap=True, width=120)
    table = Table(title="jixiao extract --llm auto 的分流（不调用模型）", title_justify="left")
    for column in ("表单组", "文件", "表单", "申报表", "解析器可信", "留待复核", "送模型", "分流错误"):
        table.add_column(column, justify="left" if column == "表单组" else "right")
    for s in res["sets"]:
        table.add_row(SET_NAMES.get(s["set"], s["set"]), *(str(s[k]) for k in (
            "files", "forms", "target_forms", "trusted", "review", "sent", "misrouted")))
    console.print(table)
    console.print("\n送模型的（一张表单，或解析器一张表单也没读出的整个文件）：")
    for e in res["sent"]:
        console.print(f"  {e['file']}:{e['line']}: {'；'.join(e['reasons'])}", markup=False)
    console.print("\n留在解析器、待人工复核的（解析器有疑问的自评表）：")
    for e in res["review"]:
        console.print(f"  {e['file']}:{e['line']}: {'；'.join(e['reasons'])}", markup=False)
    console.print("\n分流错误：" + ("" if res["misrouted"] else "无"))
    for e in res["misrouted"]:
        what = "送了模型" if e["sent"] else "信任了解析器"
        console.print(f"  {e['file']}:{e['line']}: {what}，实际应为：{e['truth']} {'；'.join(e['reasons'])}", markup=False)
    return 1 if res["misrouted"] else 0

if __name__ == "__main__":
    sys.exit(main())
