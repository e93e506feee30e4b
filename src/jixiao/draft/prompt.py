"""The drafting prompt: system (the form's structure and the checker's rules), few-shot example pairs, the request
with what the description reader found, and repair requests; packed under the token budget (prompting.pack), the
response schema counted, with room kept for a validation re-ask."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from jixiao import prompting, vocab
from jixiao.description import Description
from jixiao.draft.record import NOT_APPLICABLE, DraftForm
from jixiao.fewshots import FewShotExample
from jixiao.model import Finding


def template_version() -> str:
    """Digest of the drafting templates (part of the LLM cache key)."""
    return prompting.template_version("draft", ("draft_*.j2",))


@lru_cache(maxsize=1)
def system_prompt() -> str:
    from jixiao.check import all_rules

    rules = [r for r in all_rules() if "target" in r.kinds and r.severity in ("error", "warning")]
    return prompting.render("draft_system.j2", required_level2=vocab.REQUIRED_LEVEL2, rules=rules,
                            example_deadline="2025年12月31日前")


def example_record(ex: FewShotExample) -> dict[str, Any]:
    """The example as a DraftForm-shaped answer (the model sees the shape it must produce, 测算依据 included)."""
    def amount(yuan: float | None) -> float | None:
        if yuan is None:
            return None
        return round(yuan / (1e4 if ex.amount_unit == "万元" else 1), 2)

    return {
        "project_name": ex.project_name, "applicant": ex.applicant, "project_type": ex.project_type,
        "budget_year": ex.budget_year, "period_years": ex.period_years or 1, "amount_unit": ex.amount_unit or "元",
        "total_amount": amount(ex.total_yuan), "annual_amount": amount(ex.annual_yuan), "basis": ex.basis,
        "annual_goal": ex.goal or ex.summary.replace("\n", " "), "long_goal": "",
        "indicators": [{"level1": i.level1, "level2": i.level2, "name": i.name, "target": i.target,
                        "unit": i.unit or NOT_APPLICABLE, "explanation": i.explanation or ""} for i in ex.indicators],
    }


def example_messages(ex: FewShotExample) -> list[dict[str, str]]:
    return [{"role": "user", "content": prompting.render("draft_example_request.j2", description=ex.description())},
            {"role": "assistant", "content": json.dumps(example_record(ex), ensure_ascii=False)}]


def request_message(description: str, desc: Description | None) -> dict[str, str]:
    return {"role": "user", "content": prompting.render(
        "draft_request.j2", description=description, hints=desc.hints() if desc else [],
        missing=desc.missing if desc else [])}


def repair_message(findings: list[Finding], fixed: list[str]) -> dict[str, str]:
    return {"role": "user", "content": prompting.render("draft_repair.j2", findings=findings, fixed=fixed)}


def answer_message(d: DraftForm) -> dict[str, str]:
    return {"role": "assistant", "content": d.model_dump_json()}
