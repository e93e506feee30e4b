"""Draft every case of a cases file offline with whichever `jixiao` is on the path, and store the forms as JSON
([{"id", "form"} or {"id", "error"}]) for evals/draft/score_forms.py. With PYTHONPATH pointing at another source tree
(e.g. the drafter before issue 19: `git archive 3dc01e1 src prompts fewshots | tar -x -C /tmp/before`), it measures
that drafter with today's assertions.

    PYTHONPATH=/tmp/before/src .venv/bin/python evals/draft/run_drafter.py evals/draft/cases.jsonl /tmp/before.json
"""

from __future__ import annotations

import json
import sys


def main(cases: str, out: str) -> int:
    from jixiao.draft import draft

    drafted = []
    for line in open(cases, encoding="utf-8"):
        if not line.strip():
            continue
        c = json.loads(line)
        try:
            r = draft(c["description"], offline=True)
            drafted.append({"id": c["id"], "form": r.form.model_dump(mode="json")})
        except Exception as exc:  # noqa: BLE001 - a drafter that crashes on a case fails it
            drafted.append({"id": c["id"], "error": f"{type(exc).__name__}: {str(exc)[:160]}"})
    with open(out, "w", encoding="utf-8") as f:
        json.dump(drafted, f, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:3]))
