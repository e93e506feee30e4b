"""JSON outputs. The shapes are contracts read by the eval suites and other tools (see README)."""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any

from jixiao.model import Finding, Form

FINDING_KEYS = ("rule", "category", "severity", "message", "indicator", "field", "line", "evidence", "suggestion")


def dumps(data: Any, indent: int | None = 2) -> str:
    """JSON text that is JSON: a number too large for a float (infinity) or NaN, which `json.dumps` would write as
    the non-JSON `Infinity` / `NaN`, is written as null. The readers give no such number (values.to_float); this
    keeps every JSON output valid whatever a record holds."""
    try:
        return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError:
        return json.dumps(_finite(data), ensure_ascii=False, indent=indent, allow_nan=False)


def _finite(data: Any) -> Any:
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_finite(v) for v in data]
    return data


def forms_json(forms: list[Form]) -> str:
    return dumps([f.model_dump(mode="json") for f in forms])


def audit_dict(results: list[tuple[Form, list[Finding]]], errors: list[dict[str, Any]] | None = None,
               notes: list[str] | None = None) -> dict[str, Any]:
    """The audit report. A finding a waiver accepts is listed with `waived` (the reason) and `waived_by`; the
    summary's `by_severity` counts the open findings only (what --fail-on reads), `waived` the accepted ones;
    `notes` are what the user should know about the run (a waiver that matched nothing)."""
    forms = []
    waived = 0
    by_sev: Counter[str] = Counter()
    by_cat: Counter[str] = Counter()
    by_rule: Counter[str] = Counter()
    for form, findings in results:
        items = []
        for f in findings:
            d = {k: getattr(f, k) for k in FINDING_KEYS}
            if f.cell:
                d["cell"] = f.cell
            if f.column:
                d["column"] = f.column
            if f.waived:
                d["waived"] = f.waived
                d["waived_by"] = f.waived_by
                waived += 1
            else:
                by_sev[f.severity] += 1
            items.append(d)
            by_cat[f.category] += 1
            by_rule[f.rule] += 1
        forms.append({"source": form.source, "index": form.index, "kind": form.kind,
                      "project_code": form.project_code, "project_name": form.project_name, "line": form.line,
                      "findings": items})
    summary = {"forms": len(results), "findings": sum(by_sev.values()) + waived, "waived": waived,
               "by_severity": {k: by_sev.get(k, 0) for k in ("error", "warning", "info")},
               "by_category": dict(sorted(by_cat.items())), "by_rule": dict(sorted(by_rule.items())),
               # the error entries as documented (an internal error's entry carries an `internal` mark for the CLI)
               "errors": [{k: e.get(k) for k in ("source", "line", "message")} for e in errors or []],
               "notes": notes or []}
    return {"forms": forms, "summary": summary}


def audit_json(results: list[tuple[Form, list[Finding]]], errors: list[dict[str, Any]] | None = None,
               notes: list[str] | None = None) -> str:
    return dumps(audit_dict(results, errors, notes))
