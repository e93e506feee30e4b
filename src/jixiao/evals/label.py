"""`jixiao eval label FILE`: a label skeleton for a checker suite, from what the checker says today.

Every finding becomes a label with `note: "待确认：…"`; a person deletes the wrong ones, adds what the checker
missed, and marks forms with no defect `clean: true`. The labels must describe the real defects of the form,
not the checker's opinion: the skeleton only saves typing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from jixiao.model import SEVERITY_RANK


def label_skeleton(path: Path, suite_dir: Path | None = None, min_severity: str = "warning") -> list[dict[str, Any]]:
    from jixiao.check import audit_form
    from jixiao.parse import parse_path

    result = parse_path(path)
    if not result.forms and result.errors:
        raise ValueError("；".join(str(e) for e in result.errors[:2]))
    try:
        rel = str(path.resolve().relative_to((suite_dir or path.parent).resolve()))
    except ValueError:
        rel = str(path)
    stem = re.sub(r"[^0-9A-Za-z_-]+", "_", path.stem).strip("_") or "form"
    cases = []
    for form in result.forms:
        labels = []
        for f in audit_form(form):
            if SEVERITY_RANK[f.severity] < SEVERITY_RANK[min_severity]:
                continue
            lab: dict[str, Any] = {"category": f.category, "rule": f.rule}
            if f.indicator:
                lab["row"] = f.indicator
            elif f.field:
                lab["field"] = f.field
            lab["note"] = f"待确认：{f.message}"
            labels.append(lab)
        cases.append({"id": f"{stem}_{form.index:02d}", "file": rel, "form": form.index,
                      **({"project_code": form.project_code} if form.project_code else {}),
                      "clean": not labels, "labels": labels,
                      "tags": {"layout": form.layout or "unknown"},
                      "origin": f"{path.name} 第 {form.line} 行起（标注骨架，待人工确认）"})
    return cases


def skeleton_jsonl(cases: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases)
