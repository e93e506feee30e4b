"""The rule engine: runs the rules of check/registry.py over a form.

What a rule is, and how one is written, is in check/rule.py; the speed of a run lives here (rows read once per form
and shared by every rule, findings built with `model.record`), never in a rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jixiao.check.rule import CATEGORIES, Context, Hit, Rule, RuleOption, rule
from jixiao.check.registry import RULES
from jixiao.model import SEVERITY_RANK, Finding, Fix, Form, HeaderField, Severity, record

__all__ = ["CATEGORIES", "REGISTRY", "Context", "Hit", "Rule", "RuleOption", "all_rules", "rule", "run_rules"]


def _registry() -> dict[str, Rule]:
    registry: dict[str, Rule] = {}
    for r in RULES:
        if r.code in registry:
            raise ValueError(f"duplicate rule code {r.code}")
        registry[r.code] = r
    return registry


REGISTRY: dict[str, Rule] = _registry()


def all_rules() -> list[Rule]:
    return sorted(REGISTRY.values(), key=lambda r: r.code)


def _to_finding(r: Rule, form: Form, hit: Hit, severity: Severity) -> Finding:
    ind = hit.indicator
    field_label = None
    line = hit.line
    cell = hit.cell
    name = None
    if ind is not None:
        fields = ind.__dict__  # the record's field dict: one slow attribute read, then dict lookups
        name = fields["name"]
        line = line if line is not None else fields["line"]
        cell = cell or fields["cell"]
    if hit.field is not None:
        hf: HeaderField | None = form.fields.get(hit.field)
        field_label = hf.label if hf else hit.field
        if hf is not None:
            line = line if line is not None else hf.line
            cell = cell or hf.cell
    # every value is typed already (Hit is a typed class; the rest are the rule's and the records' own); every field
    # is given, in declared order, as a validated Finding(…, waived=None, waived_by=None) would have them
    return record(Finding, {"rule": r.code, "category": r.category, "severity": severity, "message": hit.message,
                           "indicator": name, "field": field_label, "line": line, "cell": cell,
                           "column": hit.column, "evidence": hit.evidence, "suggestion": hit.suggestion or _fix_text(hit.fix),
                           "fix": hit.fix, "waived": None, "waived_by": None})


def _fix_text(fix: Fix | None) -> str | None:
    """A fix said in words, for a finding whose rule wrote no suggestion of its own."""
    if fix is None:
        return None
    return f"改为“{fix.after}”" if fix.after else f"删除“{fix.before}”" if fix.before else None


def run_rules(form: Form, rules: Iterable[Rule], severities: dict[str, Severity] | None = None,
              options: dict[str, dict[str, Any]] | None = None) -> list[Finding]:
    out: list[Finding] = []
    kind = "target" if form.kind == "department" else form.kind  # a whole-department form's table is a target form's
    shared = Context()  # of this form: the rows are read once, by the first rule that asks
    for r in rules:
        if kind not in r.kinds:
            continue
        opts = options.get(r.code) if options else None
        ctx = shared.with_options(opts, form) if opts else shared
        for hit in r.func(form, ctx):
            out.append(_to_finding(r, form, hit, severities.get(r.code, r.severity) if severities else r.severity))
    out.sort(key=lambda f: (f.line or 0, -SEVERITY_RANK[f.severity], f.rule))
    return out
