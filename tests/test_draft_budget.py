"""Every request of an LLM draft within the token budget (repair rounds and re-asks included, the tool schema counted),
a cache re-run with no call, the relevance floor: real openai client + instructor against the scripted server."""

from __future__ import annotations

import pytest
from fakeserver import reply

from jixiao.draft import DraftForm, draft, offline_draft, read_description
from jixiao.fewshots import load_library
from jixiao.llm import LLMBudgetError, LLMClient
from jixiao.prompting import body_tokens
from jixiao.tokens import token_counter

# a description close to the library's written legal-aid example (its examples pass the relevance floor)
DESCRIPTION = ("区司法局2026年办理法律援助案件400件，按每件1,500元的标准向承办律师支付办案补贴，共计60万元，"
               "受理申请后7个工作日内作出是否给予援助的决定。")


@pytest.fixture(scope="module")
def library():
    return load_library()


def answer() -> dict:
    return offline_draft(read_description(DESCRIPTION))[0].model_dump(mode="json")


def zero_count(a: dict) -> dict:
    next(i for i in a["indicators"] if i["level2"] == "数量")["target"] = "0件"  # JX204: no fix, the model must repair
    return a


def test_every_request_of_a_repair_round_is_within_the_budget(fake_llm, llm_config, library, tiktoken_cl100k):
    budget = 5400  # below the default (6000), and room for the legal-aid example beside the rule list and the schema
    fake_llm.push(reply(zero_count(answer())), reply(answer()))
    client = LLMClient(llm_config)
    result = draft(DESCRIPTION, offline=False, llm_client=client, library=library, max_prompt_tokens=budget)
    assert result.repair_rounds == 1 and not result.errors and client.usage.calls == 2
    assert result.examples and result.examples[0].startswith("wdom")  # the legal-aid example passed the floor
    counter = token_counter(llm_config.model)
    sent = [body_tokens(body, counter) for body in fake_llm.requests]
    assert len(sent) == 2 and all(n <= budget for n in sent), sent
    assert "tools" in fake_llm.requests[1]  # the schema was sent, and counted
    # what the draft reports is what was sent (schema included), request by request
    assert len(result.request_tokens) == 2 and all(abs(a - b) <= 8 for a, b in zip(result.request_tokens, sent))
    assert "JX204" in fake_llm.requests[1]["messages"][-1]["content"]


def test_a_validation_reask_stays_within_the_budget(fake_llm, llm_config, library, tiktoken_cl100k):
    budget = 5000
    bad = answer()
    bad["indicators"] = [i for i in bad["indicators"] if i["level2"] != "服务对象满意度"]  # invalid: re-asked
    fake_llm.push(reply(bad), reply(answer()))
    client = LLMClient(llm_config)
    result = draft(DESCRIPTION, offline=False, llm_client=client, library=library, max_prompt_tokens=budget)
    assert not result.errors and client.usage.attempts == 2
    counter = token_counter(llm_config.model)
    sizes = [body_tokens(body, counter) for body in fake_llm.requests]
    assert sizes[1] > sizes[0] and all(n <= budget for n in sizes), sizes  # the re-ask carries the bad answer


def test_a_request_over_the_budget_is_never_sent(fake_llm, llm_config, library, tiktoken_cl100k):
    """An answer far larger than a draft makes the re-ask too big for the budget: the transport refuses to send it."""
    budget = 5000
    bad = answer()
    bad["indicators"] = [i for i in bad["indicators"] if i["level2"] != "服务对象满意度"]
    bad["basis"] = "测算" * 900  # ~1,800 tokens the re-ask would carry back
    fake_llm.push(reply(bad), reply(answer()))
    client = LLMClient(llm_config)
    with pytest.raises(LLMBudgetError, match="超过每次请求的上限 5000"):
        draft(DESCRIPTION, offline=False, llm_client=client, library=library, max_prompt_tokens=budget)
    counter = token_counter(llm_config.model)
    assert len(fake_llm.requests) == 1 and body_tokens(fake_llm.requests[0], counter) <= budget


def test_a_second_run_of_a_repaired_draft_makes_no_call(fake_llm, llm_config, library):
    fake_llm.push(reply(zero_count(answer())), reply(answer()))
    first_client = LLMClient(llm_config)
    first = draft(DESCRIPTION, offline=False, llm_client=first_client, library=library)
    assert first.repair_rounds == 1 and first_client.usage.calls == 2
    again = LLMClient(llm_config)
    second = draft(DESCRIPTION, offline=False, llm_client=again, library=library)
    assert again.usage.calls == 0 and again.usage.cache_hits == 2 and len(fake_llm.requests) == 2
    assert second.form.model_dump() == first.form.model_dump() and second.repair_rounds == 1


def test_no_example_below_the_relevance_floor(fake_llm, llm_config, library):
    text = "2026年区退役军人事务局春节期间走访慰问重点优抚对象1,600人，每人慰问金500元，经费80万元。"
    fake_llm.push(reply(offline_draft(read_description(text))[0].model_dump(mode="json")))
    result = draft(text, offline=False, llm_client=LLMClient(llm_config), library=library)
    assert result.examples == [] and any("没有与本项目相近的示例" in n for n in result.notes)
    roles = [m["role"] for m in fake_llm.requests[0]["messages"]]
    assert roles == ["system", "user"]  # no example pair was sent
    offline = draft(text, offline=True, library=library)
    assert any("没有与本项目相近的示例" in n for n in offline.notes)


def test_examples_teach_the_calculation_basis(library):
    from jixiao.draft.prompt import example_record

    for ex in library.examples:
        assert example_record(ex)["basis"], ex.id
    written = [e for e in library.examples if e.origin == "written"]
    assert len(written) >= 10 and all(e.structure_from and e.structure_from.startswith("http") for e in written)
    assert DraftForm.model_validate(example_record(written[0]))
