"""Fixes: the one place that knows how to edit a row so that a finding's mistake goes away.

A rule that is sure of the remedy returns it with its hit (`Hit(fix=fixes.comparator(row.target, "≥"))`); the finding
carries it (`Finding.fix`: field, before, after). The report says it, and draft repair and the few-shot library's
corrections apply it with `apply`, so flipping a comparator or adding a unit is written once.
"""

from __future__ import annotations

from jixiao.model import Finding, Fix, Form, Indicator, Target, record
from jixiao.values import format_target, parse_target

FIELDS = ("target", "unit", "explanation")  # the row fields a fix may edit (Indicator's)
FIELD_LABELS = {"target": "指标值", "unit": "度量单位", "explanation": "指标解释"}


def comparator(target: Target, to: str) -> Fix:
    """The target written with another comparator: `≤95%` → `≥95%`, `不超过95%` → `≥95%`, `2个以内` → `≥2个`."""
    return _fix("target", target.raw, format_target(target.model_copy(update={"comparator": to})))


def target(before: Target, after: str) -> Fix:
    """Another target: `>100%` → `100%`, `≥90` → `≥90%`."""
    return _fix("target", before.raw, after)


def unit(before: str | None, after: str) -> Fix:
    """Another 度量单位: `万次` → `次`."""
    return _fix("unit", before, after)


def remove_explanation(before: str) -> Fix:
    """An 指标解释 that must be rewritten: removed, to be written again from the name."""
    return _fix("explanation", before, None)


def _fix(field: str, before: str | None, after: str | None) -> Fix:
    # built as the rule engine builds its findings (`record`): a run of the rules never builds Fix's validator
    return record(Fix, {"field": field, "before": before, "after": after})


def apply(form: Form, finding: Finding) -> tuple[Form, Indicator, Fix] | None:
    """`form` with `finding`'s fix applied to the row it points at (the row before the edit, the fix), or None when
    the finding carries no fix or its row is not found. A target fix that turns the value into a percentage keeps a
    度量单位 column consistent."""
    fix = finding.fix
    if fix is None or fix.field not in FIELDS or finding.indicator is None:
        return None
    at = next((i for i, ind in enumerate(form.indicators)
               if ind.name == finding.indicator and (finding.line is None or ind.line == finding.line)), None)
    if at is None:
        return None
    ind = form.indicators[at]
    update: dict[str, object] = {fix.field: parse_target(fix.after or "") if fix.field == "target" else fix.after}
    if fix.field == "target" and (fix.after or "").endswith("%") and ind.unit is not None and ind.unit != "%":
        update["unit"] = "%"
    indicators = list(form.indicators)
    indicators[at] = ind.model_copy(update=update)
    return form.model_copy(update={"indicators": indicators}), ind, fix
