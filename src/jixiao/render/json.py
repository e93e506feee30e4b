"""JSON outputs. The shapes are contracts read by the eval suites and other tools (see README).

Both lists are written a form at a time, a form on a line, so a batch is written as it is read:

    {"forms": [                          [
    {"source": …, "findings": […]},      {"kind": "target", "source": …},
    …                                    …
    ],                                   ]
    "summary": {…}}

Each line is written by the C encoder of the json module (an `indent` would send it to the pure-Python one).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable
from typing import Any

from jixiao.model import Finding, Form

FINDING_KEYS = ("rule", "category", "severity", "message", "indicator", "field", "line", "evidence", "suggestion")
_INDEX_KEY = '"index": '


def dumps(data: Any, indent: int | None = None) -> str:
    """JSON text that is JSON: a number too large for a float (infinity) or NaN, which `json.dumps` would write as
    the non-JSON `Infinity` / `NaN`, is written as null. The readers give no such number (values.to_float); this
    keeps every JSON output valid whatever a record holds."""
    encode = _LINE.encode if indent is None else \
        json.JSONEncoder(ensure_ascii=False, indent=indent, allow_nan=False).encode
    try:
        return encode(data)
    except ValueError:
        return encode(_finite(data))


# one encoder for every line of a report (json.dumps would make one a call); what a report holds is made by jixiao,
# trees of dicts and lists without a cycle
_LINE = json.JSONEncoder(ensure_ascii=False, allow_nan=False, check_circular=False)


def _finite(data: Any) -> Any:
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_finite(v) for v in data]
    return data


def around_index(text: str) -> tuple[str, str]:
    """A form's JSON line cut around the number of its "index" key (the first key of that name: the keys before it
    are plain strings), so a batch that numbers forms across the pieces of a file writes head + number + tail."""
    at = text.index(_INDEX_KEY) + len(_INDEX_KEY)
    end = at
    while text[end].isdigit():
        end += 1
    return text[:at], text[end:]


# ---------------------------------------------------------------------------------------------------------
# jixiao parse
# ---------------------------------------------------------------------------------------------------------

def form_line(form: Form) -> str:
    return dumps(form.model_dump(mode="json"))


def forms_json(forms: list[Form]) -> str:
    lines = ",\n".join(form_line(f) for f in forms)
    return f"[\n{lines}\n]" if forms else "[\n]"


class ListWriter:
    """`[`, a line per item, `]`, each given as it comes."""

    def __init__(self, write: Callable[[str], object], opening: str = "[\n") -> None:
        self._write = write
        self._first = True
        write(opening)

    def item(self, *pieces: str) -> None:
        self._write(pieces[0] if self._first else ",\n" + pieces[0])
        for piece in pieces[1:]:
            self._write(piece)
        self._first = False

    def numbered(self, first: int, items: list[tuple[str, str]]) -> None:
        """Items given around their numbers (around_index), numbered from `first`: written at once, a batch's part in
        one write rather than three a form."""
        if not items:
            return
        text = ",\n".join(f"{head}{i}{tail}" for i, (head, tail) in enumerate(items, first))
        self._write(text if self._first else ",\n" + text)
        self._first = False

    def close(self, closing: str = "]") -> None:
        self._write(("" if self._first else "\n") + closing)


# ---------------------------------------------------------------------------------------------------------
# jixiao audit
# ---------------------------------------------------------------------------------------------------------

def audit_entry(form: Form, findings: list[Finding]) -> dict[str, Any]:
    """A form of the audit report. A finding a waiver accepts is listed with `waived` (the reason) and `waived_by`."""
    items = []
    for f in findings:
        values = f.__dict__  # the record's fields
        d = {k: values[k] for k in FINDING_KEYS}
        if values["cell"]:
            d["cell"] = values["cell"]
        if values["column"]:
            d["column"] = values["column"]
        if values["waived"]:
            d["waived"] = values["waived"]
            d["waived_by"] = values["waived_by"]
        items.append(d)
    return {"source": form.source, "index": form.index, "kind": form.kind, "project_code": form.project_code,
            "project_name": form.project_name, "line": form.line, "findings": items}


class Tally:
    """The counts of an audit's summary, over the forms added: `by_severity` counts the open findings only (what
    --fail-on reads), `waived` the accepted ones. Tallies of parts of a batch add up (`merge`)."""

    __slots__ = ("forms", "waived", "by_severity", "by_category", "by_rule")

    def __init__(self) -> None:
        self.forms = 0
        self.waived = 0
        self.by_severity: Counter[str] = Counter()
        self.by_category: Counter[str] = Counter()
        self.by_rule: Counter[str] = Counter()

    def add(self, findings: list[Finding]) -> None:
        self.forms += 1
        for f in findings:
            values = f.__dict__
            if values["waived"]:
                self.waived += 1
            else:
                self.by_severity[values["severity"]] += 1
            self.by_category[values["category"]] += 1
            self.by_rule[values["rule"]] += 1

    def merge(self, other: Tally) -> None:
        self.forms += other.forms
        self.waived += other.waived
        self.by_severity.update(other.by_severity)
        self.by_category.update(other.by_category)
        self.by_rule.update(other.by_rule)

    def summary(self, errors: list[dict[str, Any]] | None = None, notes: list[str] | None = None) -> dict[str, Any]:
        """The report's summary; `errors` as documented (an internal error's entry carries an `internal` mark for the
        CLI, not written), `notes` what the user should know about the run (a waiver that matched nothing)."""
        return {"forms": self.forms, "findings": sum(self.by_severity.values()) + self.waived, "waived": self.waived,
                "by_severity": {k: self.by_severity.get(k, 0) for k in ("error", "warning", "info")},
                "by_category": dict(sorted(self.by_category.items())), "by_rule": dict(sorted(self.by_rule.items())),
                "errors": [{k: e.get(k) for k in ("source", "line", "message")} for e in errors or []],
                "notes": notes or []}


class AuditWriter:
    """The audit report written a form at a time (`form`), its summary at the end (`close`)."""

    def __init__(self, write: Callable[[str], object]) -> None:
        self._forms = ListWriter(write, '{"forms": [\n')
        self._write = write

    def form(self, *pieces: str) -> None:
        """A form's line, given whole or in pieces (around_index)."""
        self._forms.item(*pieces)

    def forms(self, first: int, items: list[tuple[str, str]]) -> None:
        """Forms' lines around their numbers (around_index), numbered from `first`, in one write."""
        self._forms.numbered(first, items)

    def close(self, summary: dict[str, Any]) -> None:
        self._forms.close("],\n")
        self._write(f'"summary": {dumps(summary)}}}\n')


def audit_dict(results: list[tuple[Form, list[Finding]]], errors: list[dict[str, Any]] | None = None,
               notes: list[str] | None = None) -> dict[str, Any]:
    """The audit report as data (what `audit_json` writes)."""
    tally = Tally()
    for _, findings in results:
        tally.add(findings)
    return {"forms": [audit_entry(form, findings) for form, findings in results],
            "summary": tally.summary(errors, notes)}


def audit_json(results: list[tuple[Form, list[Finding]]], errors: list[dict[str, Any]] | None = None,
               notes: list[str] | None = None) -> str:
    """The audit report of forms in memory, as `jixiao audit --format json` writes it (without its last newline)."""
    out: list[str] = []
    writer = AuditWriter(out.append)
    tally = Tally()
    for form, findings in results:
        writer.form(dumps(audit_entry(form, findings)))
        tally.add(findings)
    writer.close(tally.summary(errors, notes))
    return "".join(out).removesuffix("\n")
