"""Drafting a target form from a description: read it (jixiao.description), choose examples (few-shot library with a
relevance floor), draft (offline, or with a model), audit with the checker, apply the checker's fixes, repair.

LLM path: every request of a draft — the first one and each repair round — is packed under `max_prompt_tokens`
counting the response schema instructor adds (prompting.pack), with room kept for one validation re-ask; the
transport refuses any request over the budget (llm.py), so a re-ask cannot go over it either. After each answer the
checker's fixes are applied; only findings left after that go back to the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jixiao import prompting, vocab
from jixiao.description import Description, read_description
from jixiao.draft import prompt as prompts
from jixiao.draft.offline import offline_draft
from jixiao.draft.record import TO_FILL, DraftForm, DraftInputError
from jixiao.draft.repair import apply_fixes
from jixiao.fewshots import Library, Selected, load_library, select_examples
from jixiao.model import Finding, Form

if TYPE_CHECKING:
    from jixiao.llm import LLMConfig, StructuredClient

# An example whose similarity to the description is below this teaches the model another project's rows: it is not
# used, and the draft says no example was close (retrieval.Index.similarities: IDF-weighted shared bigrams).
RELEVANCE_FLOOR = 0.12


@dataclass
class DraftResult:
    draft: DraftForm
    form: Form
    findings: list[Finding]
    mode: str  # offline | llm
    examples: list[str] = field(default_factory=list)
    needs_human: list[str] = field(default_factory=list)
    repair_rounds: int = 0
    prompt_tokens: int | None = None  # the first request, schema included
    token_method: str | None = None
    usage: Any = None  # llm.RunUsage on the LLM path
    notes: list[str] = field(default_factory=list)
    to_fill: list[str] = field(default_factory=list)  # what the description did not say: left 待填 for a person
    fixed: list[str] = field(default_factory=list)  # the checker's fixes applied
    request_tokens: list[int] = field(default_factory=list)  # every request sent (or served from the cache)
    token_budget: int | None = None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "form": self.form.model_dump(mode="json"),  # every field: a None amount must read back (Amount.yuan)
            "findings": [f.model_dump(mode="json", exclude_none=True) for f in self.findings],
            "needs_human": self.needs_human,
            "to_fill": self.to_fill,
            "fixed": self.fixed,
            "examples": self.examples,
            "repair_rounds": self.repair_rounds,
            "prompt_tokens": self.prompt_tokens,
            "request_tokens": self.request_tokens,
            "token_budget": self.token_budget,
            "token_method": self.token_method,
            "usage": self.usage.as_dict() if self.usage is not None else None,
            "notes": self.notes,
        }


def _audit(form: Form) -> list[Finding]:
    from jixiao.check import audit_form

    return audit_form(form)


def _needing_human(findings: list[Finding], d: DraftForm) -> list[str]:
    out: list[str] = []
    for f in findings:
        if f.severity in ("error", "warning") and f.indicator and f.indicator not in out:
            out.append(f.indicator)
    out += [r.name for r in d.indicators if TO_FILL in (r.target, r.name[:2]) and r.name not in out]
    return out


def choose_examples(lib: Library, description: str, k: int) -> tuple[list[Selected], list[str]]:
    """Examples at or above the relevance floor, and a note when none (or fewer than asked) is close enough."""
    picked = select_examples(lib, description, k=max(k, 0), floor=RELEVANCE_FLOOR)
    notes = []
    if k > 0 and not picked:
        best = select_examples(lib, description, k=1)
        sim = best[0].similarity if best else 0.0
        notes.append(f"示例库中没有与本项目相近的示例（最高相似度 {sim:.2f}，低于 {RELEVANCE_FLOOR}），未参考示例")
    return picked, notes


def draft(description: str, *, offline: bool | None = None, k: int = 3, max_prompt_tokens: int = 6000,
          repair_rounds: int = 2, library: Library | None = None, llm_client: "StructuredClient | None" = None,
          config: "LLMConfig | None" = None) -> DraftResult:
    """Draft a target form. offline=None: offline unless an LLM endpoint is configured."""
    desc = read_description(description)
    if not desc.meaningful:
        raise DraftInputError("项目描述为空或无法理解：请用中文写明项目做什么、数量、金额和年度，"
                              "例如“2025年为第三小学采购教学电脑120台，预算85万元”")
    lib = library or load_library()
    picked, notes = choose_examples(lib, description, k)
    if offline is None:
        if llm_client is not None:
            offline = False
        else:
            from jixiao.llm import load_llm_config

            config = config or load_llm_config()
            offline = not config.configured
    if offline:
        result = _offline(desc, picked)
    else:
        result = _with_llm(description, desc, picked, max_prompt_tokens, repair_rounds, llm_client, config)
    result.notes = notes + result.notes
    return result


def _offline(desc: Description, picked: list[Selected]) -> DraftResult:
    d, to_fill = offline_draft(desc)
    form = d.to_form()
    findings = _audit(form)
    d, fixed = apply_fixes(d, form, findings)
    if fixed:
        form = d.to_form()
        findings = _audit(form)
    # a row that still draws an error is dropped when its category keeps another row (rows left 待填 stay: a person
    # must fill them in)
    for _ in range(3):
        bad = {f.indicator for f in findings if f.severity == "error" and f.indicator}
        keep = [r for r in d.indicators if r.name not in bad or TO_FILL in (r.target, r.name[:2])]
        if len(keep) == len(d.indicators):
            break
        cats = {r.level2 for r in keep if r.applicable}
        if any(c not in cats for c in vocab.REQUIRED_LEVEL2):
            break
        d = d.model_copy(update={"indicators": keep})
        form = d.to_form()
        findings = _audit(form)
    notes = []
    if not desc.year_given:
        notes.append(f"描述未写年度，按 {desc.budget_year} 年起草")
    if desc.annual_derived and desc.annual_yuan is not None and "×" in desc.annual_derived:
        notes.append(f"本年度项目金额按描述中的单价和数量算出（{desc.annual_derived}），请核对")
    if to_fill:
        notes.append(f"描述中没有、须人工填写（表中写“{TO_FILL}”）：{'、'.join(to_fill)}")
    return DraftResult(d, form, findings, "offline", [s.example.id for s in picked], _needing_human(findings, d),
                       notes=notes, to_fill=to_fill, fixed=fixed)


def _with_llm(description: str, desc: Description, picked: list[Selected], max_prompt_tokens: int,
              repair_rounds: int, client: "StructuredClient | None", config: "LLMConfig | None") -> DraftResult:
    from jixiao.llm import LLMClient, load_llm_config
    from jixiao.tokens import token_counter

    if client is None:
        client = LLMClient(config or load_llm_config())
    counter = token_counter(client.config.model)
    schema = prompting.schema_tokens(DraftForm, client.config.mode, counter)
    # room for one validation re-ask: the model's answer (about the size of a full draft) and the error sent back
    offline, _ = offline_draft(desc)
    reserve = 0
    if client.config.validation_retries > 0:
        reserve = min(int(counter.count(offline.model_dump_json()) * 1.3) + 200, max_prompt_tokens // 3)
    system = [{"role": "system", "content": prompts.system_prompt()}]
    pairs = [prompts.example_messages(s.example) for s in picked]
    request = prompts.request_message(description, desc)
    packed = prompting.pack(system, pairs, [request], budget=max_prompt_tokens - reserve, counter=counter, fixed=schema)
    if not packed.fits:
        raise DraftInputError(f"提示超出 token 预算：不含示例也需要 {packed.tokens} token（含响应结构 {schema} token，"
                              f"另留 {reserve} token 给校验重试；{counter.label}），--max-prompt-tokens 为 "
                              f"{max_prompt_tokens}；请调大预算或缩短描述")
    kept = [picked[i] for i in packed.kept]
    ids = [s.example.id for s in kept]
    version = prompts.template_version()
    d, _ = client.structured_call(DraftForm, packed.messages, template_version=version, example_ids=ids,
                                  check=DraftForm.to_form, max_request_tokens=max_prompt_tokens)
    requests = [packed.tokens]
    form = d.to_form()
    findings = _audit(form)
    fixed: list[str] = []
    rounds = 0
    notes: list[str] = []
    while True:
        d, applied = apply_fixes(d, form, findings)
        if applied:
            fixed += applied
            form = d.to_form()
            findings = _audit(form)
        if rounds >= repair_rounds or not any(f.severity == "error" for f in findings):
            break
        open_ = [f for f in findings if f.severity in ("error", "warning")]
        tail = [request, prompts.answer_message(d), prompts.repair_message(open_, applied)]
        round_pack = prompting.pack(system, [pairs[i] for i in packed.kept], tail, budget=max_prompt_tokens - reserve,
                                    counter=counter, fixed=schema)
        if not round_pack.fits:
            notes.append(f"返修请求需 {round_pack.tokens} token，超出预算 {max_prompt_tokens}（预留重试 {reserve}），未返修")
            break
        rounds += 1
        round_ids = [ids[i] for i in round_pack.kept]
        d, _ = client.structured_call(DraftForm, round_pack.messages, template_version=version, example_ids=round_ids,
                                      check=DraftForm.to_form, max_request_tokens=max_prompt_tokens)
        requests.append(round_pack.tokens)
        form = d.to_form()
        findings = _audit(form)
    if packed.dropped:
        notes.append(f"因 token 预算省略示例：{', '.join(picked[i].example.id for i in packed.dropped)}")
    to_fill = [x for x in desc.missing]
    return DraftResult(d, form, findings, "llm", ids, _needing_human(findings, d), rounds, packed.tokens,
                       counter.label, client.usage, notes, to_fill, fixed, requests, max_prompt_tokens)
