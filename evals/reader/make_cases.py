"""Write cases.jsonl from the gold records: one case per form file as its page shows it, and one per rendering
(xlsx, docx, pdf) of it, tagged with its set, province, kind of form and layout features.

    .venv/bin/python evals/reader/make_cases.py

Sets: `real/` (collected from government pages and used while the reader was built) and `firstcontact-*` folders
(collected by someone who had not seen the reader, scored once on first contact before any change was made for them,
then kept here as part of the suite).
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SETS = ("real", *sorted(p.name for p in HERE.glob("firstcontact-*") if p.is_dir()))
RENDERINGS = ("xlsx", "docx", "pdf")


def cases() -> list[dict]:
    out = []
    for folder in SETS:
        for gold_path in sorted((HERE / folder).glob("*.gold.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            text = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
            tags = [f"set={folder}", f"province={gold.get('province')}", f"doc={gold.get('doc_kind')}",
                    *(f"layout={t}" for t in gold.get("tags", []))]
            base = {"input": f"{folder}/{text.name}", "gold": f"{folder}/{gold_path.name}",
                    "origin": gold.get("url")}
            out.append({"id": f"{folder}/{gold['id']}", **base, "tags": [*tags, "format=txt"]})
            for fmt in RENDERINGS:
                out.append({"id": f"{folder}/{gold['id']}.{fmt}", **base, "render": fmt, "tags": [*tags, f"format={fmt}"]})
    return out


if __name__ == "__main__":
    (HERE / "cases.jsonl").write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases()),
                                      encoding="utf-8")
    print(f"{len(cases())} cases written to {HERE / 'cases.jsonl'}")
