"""Repair: the checker's own fixes (Finding.fix, check/fixes.py) applied to a drafted record before anything else is
done about a finding — before a repair round asks the model, before the offline drafter drops a row."""

from __future__ import annotations

from jixiao.check import fixes
from jixiao.draft.record import DraftForm, DraftIndicator
from jixiao.model import Finding, Form


def apply_fixes(d: DraftForm, form: Form, findings: list[Finding]) -> tuple[DraftForm, list[str]]:
    """`d` with the fix of every error finding that carries one applied to its row (the same edit fixes.apply makes on
    a Form, copied to the drafted row), and a Chinese line per fix applied."""
    rows = list(d.indicators)
    applied: list[str] = []
    for f in findings:
        if f.severity != "error" or f.fix is None:
            continue
        result = fixes.apply(form, f)
        if result is None:
            continue
        fixed_form, before, fix = result
        at = next((i for i, r in enumerate(rows) if r.name == f.indicator), None)
        after = next((ind for ind in fixed_form.indicators if ind.line == before.line), None)
        if at is None or after is None:
            continue
        row = rows[at]
        values = row.model_dump()
        values["target"] = after.target.raw
        values["unit"] = after.unit if after.unit is not None else row.unit
        values["explanation"] = after.explanation or ""
        try:
            rows[at] = DraftIndicator(**values)
        except ValueError:
            continue  # the fixed row would not validate: leave it to the model or a person
        form = fixed_form
        label = fixes.FIELD_LABELS.get(fix.field, fix.field)
        applied.append(f"{f.rule}「{f.indicator}」{label}“{fix.before or ''}”改为“{fix.after or '（删除）'}”")
    if not applied:
        return d, []
    return d.model_copy(update={"indicators": rows}), applied
