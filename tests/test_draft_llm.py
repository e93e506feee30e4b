"""LLM drafting end to end: real openai client + instructor against the scripted local server."""

from __future__ import annotations

import json

import pytest
from fakeserver import reply, status

from jixiao.draft import DraftForm, draft, offline_draft, read_description, template_version
from jixiao.fewshots import load_library
from jixiao.llm import LLMClient, LLMTimeoutError
from jixiao.prompting import body_tokens, schema_tokens
from jixiao.tokens import token_counter

DESCRIPTION = "2025年为南山区第三小学采购教学用电脑120台、交互式电子白板30块，预算金额85万元，由南山区教育局负责实施。"


@pytest.fixture(scope="module")
def library():
    return load_library()


def good_answer() -> dict:
    """A valid DraftForm answer (what a good model would send)."""
    return offline_draft(read_description(DESCRIPTION))[0].model_dump(mode="json")


def run(llm_config, library, **kw):
    client = LLMClient(llm_config)
    return draft(DESCRIPTION, offline=False, llm_client=client, library=library, **kw), client


def test_clean_draft(fake_llm, llm_config, library, tiktoken_cl100k):
    fake_llm.push(reply(good_answer()))
    result, client = run(llm_config, library)
    assert result.mode == "llm" and not result.errors and result.repair_rounds == 0
    assert result.form.annual_amount.yuan == 850000 and result.form.budget_year == 2025
    assert client.usage.calls == 1 and client.usage.total_tokens > 0
    assert "cl100k_base" in result.token_method
    body = fake_llm.requests[0]
    assert body["model"] == "gpt-4o-mini" and "tools" in body
    assert body["messages"][0]["role"] == "system" and "JX101" in body["messages"][0]["content"]


def test_invalid_answer_then_valid_one(fake_llm, llm_config, library):
    bad = good_answer()
    bad["indicators"] = [i for i in bad["indicators"] if i["level2"] != "服务对象满意度"]  # required category missing
    fake_llm.push(reply(bad), reply(good_answer()))
    result, client = run(llm_config, library)
    assert not result.errors and client.usage.attempts == 2 and client.usage.failed_attempts == 1
    retry_text = json.dumps(fake_llm.requests[1]["messages"], ensure_ascii=False)
    assert "缺少必填二级指标：服务对象满意度" in retry_text


def zero_count(answer: dict) -> dict:
    """The answer with its first output count set to 0 (JX204: an error the checker knows no fix for)."""
    row = next(i for i in answer["indicators"] if i["level2"] == "数量")
    row["target"] = "0台"
    return answer


def test_a_fixable_error_is_fixed_without_asking_the_model(fake_llm, llm_config, library):
    flawed = good_answer()
    sat = next(i for i in flawed["indicators"] if i["level2"] == "服务对象满意度")
    sat["target"] = "≤90%"  # a satisfaction target with an upper bound: JX101, whose finding carries its fix
    fake_llm.push(reply(flawed))
    result, client = run(llm_config, library)
    assert not result.errors and result.repair_rounds == 0 and client.usage.calls == 1
    assert result.fixed == [f"JX101「{sat['name']}」指标值“≤90%”改为“≥90%”"]
    assert next(i for i in result.form.indicators if i.name == sat["name"]).target.raw == "≥90%"


def test_checker_errors_then_repaired(fake_llm, llm_config, library):
    fake_llm.push(reply(zero_count(good_answer())), reply(good_answer()))
    result, client = run(llm_config, library)
    assert result.repair_rounds == 1 and not result.errors and client.usage.calls == 2
    repair_prompt = fake_llm.requests[1]["messages"][-1]["content"]
    assert "JX204" in repair_prompt and "采购教学用电脑数量" in repair_prompt and "0台" in repair_prompt


def test_repair_rounds_are_bounded_and_open_rows_marked(fake_llm, llm_config, library):
    fake_llm.push(reply(zero_count(good_answer())), reply(zero_count(good_answer())))
    result, client = run(llm_config, library, repair_rounds=1)
    assert result.repair_rounds == 1 and [f.rule for f in result.errors] == ["JX204"]
    assert result.needs_human == ["采购教学用电脑数量"] and client.usage.calls == 2


def test_429_and_500_then_success(fake_llm, llm_config, library):
    fake_llm.push(status(429), status(500), reply(good_answer()))
    result, client = run(llm_config, library)
    assert not result.errors
    assert client.usage.http_requests == 3 and client.usage.http_errors == 2 and client.usage.attempts == 1


def test_timeout_gives_clear_error(fake_llm, llm_config, library):
    fake_llm.push(reply(good_answer(), delay=1.5))
    with pytest.raises(LLMTimeoutError, match="调用模型超时"):
        run(llm_config.model_copy(update={"timeout": 0.3, "max_retries": 0}), library)


def test_requests_carry_the_selected_examples_within_the_token_budget(fake_llm, llm_config, library, tiktoken_cl100k,
                                                                     monkeypatch):
    monkeypatch.setattr("jixiao.draft.pipeline.RELEVANCE_FLOOR", 0.0)  # packing, not relevance, is tested here
    counter = token_counter(llm_config.model)
    fake_llm.push(reply(good_answer()))
    result, _ = run(llm_config, library, k=3, max_prompt_tokens=20000)
    messages = fake_llm.requests[0]["messages"]
    assert len(result.examples) == 3
    for ex_id in result.examples:
        ex = library.by_id(ex_id)
        assert any(ex.project_name in m["content"] for m in messages if m["role"] == "user")
        assert any(ex.indicators[0].name in m["content"] for m in messages if m["role"] == "assistant")
    assert "\\u" not in json.dumps(messages, ensure_ascii=False)  # examples serialised as readable Chinese
    schema = schema_tokens(DraftForm, "tools", counter)
    full = counter.count_messages(messages) + schema  # the tool schema instructor sends is part of the request
    assert full == result.prompt_tokens <= 20000
    assert body_tokens(fake_llm.requests[0], counter) >= counter.count_messages(messages) + schema - 10

    # a budget below that drops the least similar example(s), and what is sent fits the budget
    fake_llm.push(reply(good_answer()))
    budget = full - 10
    small, _ = run(llm_config.model_copy(update={"cache_mode": "off"}), library, k=3, max_prompt_tokens=budget)
    assert small.examples == result.examples[: len(small.examples)] and len(small.examples) < 3
    assert body_tokens(fake_llm.requests[1], counter) <= budget
    assert any("token 预算" in n for n in small.notes)


def test_second_identical_run_is_served_from_cache(fake_llm, llm_config, library):
    fake_llm.push(reply(good_answer()))
    first, c1 = run(llm_config, library)
    second, c2 = run(llm_config, library)
    assert len(fake_llm.requests) == 1
    assert c2.usage.cache_hits == 1 and c2.usage.calls == 0
    assert second.form.model_dump() == first.form.model_dump()


def test_template_version_is_a_digest_of_the_prompts():
    assert template_version().startswith("draft-") and len(template_version()) == len("draft-") + 12


def test_response_model_schema_is_portable():
    schema = DraftForm.model_json_schema()
    assert {"project_name", "budget_year", "indicators"} <= set(schema["properties"])
