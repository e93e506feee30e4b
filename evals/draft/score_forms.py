"""Score drafted forms stored as JSON ([{"id", "form"} or {"id", "error"}]) with the draft suite's assertions: the
figures for a drafter that is not this checkout's (the drafter before issue 19, run from its own source tree), or for
held-out descriptions. A case whose drafter crashed fails every assertion it has.

    .venv/bin/python evals/draft/score_forms.py FORMS.json [--cases evals/draft/cases.jsonl] [--set dev] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from jixiao.evals.draft import assertions, summarise
from jixiao.evals.suite import DraftCase, LoadedSuite, Suite
from jixiao.model import FormList

HERE = Path(__file__).resolve().parent


def score(forms_file: Path, cases_file: Path, only_set: str | None = None) -> dict:
    suite = Suite(name="draft", kind="draft", drafter="offline")
    cases = [DraftCase.model_validate_json(line) for line in cases_file.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    if only_set:
        cases = [c for c in cases if isinstance(c.tags, dict) and c.tags.get("set") == only_set]
    drafted = {d["id"]: d for d in json.loads(forms_file.read_text(encoding="utf-8"))}
    scored = []
    for case in cases:
        d = drafted.get(case.id)
        if d is None or "form" not in d:
            res = assertions(case, FormList.validate_python([{"kind": "target", "source": "crashed"}])[0], {}, suite)
            for a in res:
                if a["status"] != "skip" or a["name"] in ("no_checker_error",):
                    a["status"] = "fail"
                    a["message"] = f"起草失败：{(d or {}).get('error', '无结果')}"
                    if "expected" in a:
                        a["found"] = 0
            checks = res
        else:
            checks = assertions(case, FormList.validate_python([d["form"]])[0], {}, suite)
        failed = [a["name"] for a in checks if a["status"] == "fail"]
        scored.append({"id": case.id, "verdict": "fail" if failed else "pass", "assertions": checks, "failed": failed})
    summary = summarise(LoadedSuite(HERE / "suite.yaml", suite), cases, scored)
    summary["per_case"] = {r["id"]: r["failed"] for r in scored}
    return summary


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("forms", type=Path)
    ap.add_argument("--cases", type=Path, default=HERE / "cases.jsonl")
    ap.add_argument("--set", dest="only_set")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    s = score(a.forms, a.cases, a.only_set)
    if a.json:
        json.dump(s, sys.stdout, ensure_ascii=False, indent=1)
        return 0
    for k, v in s["metrics"].items():
        if v is not None:
            print(f"{k:42} {v}")
    print(f"cases {s['cases']['passed']}/{s['cases']['scored']} passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
