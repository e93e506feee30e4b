"""The LLM layer against the scripted local server: real openai client + instructor end to end."""

from __future__ import annotations

import json

import pytest
from fakeserver import reply, reply_text, status
from pydantic import BaseModel, field_validator

from jixiao.llm import (
    CacheMissError,
    LLMBudgetError,
    LLMClient,
    LLMConfigError,
    LLMStatusError,
    LLMTimeoutError,
    LLMValidationError,
    load_llm_config,
)


class Answer(BaseModel):
    name: str
    count: int

    @field_validator("count")
    @classmethod
    def positive(cls, v: int) -> int:
        if v <= 0:
            raise ValueError("count 必须为正数")
        return v


MESSAGES = [{"role": "system", "content": "你是预算绩效助手。"}, {"role": "user", "content": "采购10台设备"}]


@pytest.mark.parametrize("mode", ["tools", "json_schema", "json"])
def test_clean_answer_in_every_mode(fake_llm, llm_config, mode):
    fake_llm.push(reply({"name": "设备", "count": 10}))
    client = LLMClient(llm_config.model_copy(update={"mode": mode}))
    obj, info = client.structured_call(Answer, MESSAGES)
    assert obj.model_dump() == {"name": "设备", "count": 10}
    assert not info.from_cache and info.attempts == 1
    body = fake_llm.requests[0]
    assert ("tools" in body) == (mode == "tools")
    assert body["messages"][1]["content"] == "采购10台设备"
    assert client.usage.calls == 1 and client.usage.total_tokens == info.total_tokens > 0


def test_invalid_then_valid_is_retried_with_the_error_fed_back(fake_llm, llm_config):
    fake_llm.push(reply({"name": "设备", "count": -1}), reply_text("不是 JSON"), reply({"name": "设备", "count": 3}))
    client = LLMClient(llm_config)
    obj, info = client.structured_call(Answer, MESSAGES)
    assert obj.count == 3
    assert info.attempts == 3 and client.usage.failed_attempts == 2
    # the re-ask carries the validation error back to the model
    assert "count 必须为正数" in json.dumps(fake_llm.requests[1]["messages"], ensure_ascii=False)
    # failed attempts are counted in the usage
    assert client.usage.prompt_tokens == sum(len(json.dumps(r["messages"], ensure_ascii=False)) // 4 + 1
                                             for r in fake_llm.requests)
    # the caller's message list is untouched (instructor appends re-asks to its own copy)
    assert len(MESSAGES) == 2


def test_validation_retries_are_bounded(fake_llm, llm_config):
    fake_llm.push(*[reply({"name": "x", "count": 0}) for _ in range(3)])
    client = LLMClient(llm_config.model_copy(update={"validation_retries": 2}))
    with pytest.raises(LLMValidationError, match="3 次均未通过校验"):
        client.structured_call(Answer, MESSAGES)
    assert len(fake_llm.requests) == 3
    # failures are never cached
    assert not list(client.cache.root.glob("*/*.json"))


def test_429_and_500_are_retried_by_the_openai_client_not_instructor(fake_llm, llm_config):
    fake_llm.push(status(429), status(500), reply({"name": "设备", "count": 1}))
    client = LLMClient(llm_config)
    obj, info = client.structured_call(Answer, MESSAGES)
    assert obj.count == 1
    assert client.usage.http_requests == 3 and client.usage.http_errors == 2
    assert info.attempts == 1  # instructor saw one completion only


def test_server_errors_beyond_the_retry_budget_give_a_clear_error(fake_llm, llm_config):
    fake_llm.push(status(500), status(500), status(500))
    client = LLMClient(llm_config.model_copy(update={"max_retries": 2}))
    with pytest.raises(LLMStatusError, match="HTTP 500") as err:
        client.structured_call(Answer, MESSAGES)
    assert err.value.status == 500 and len(fake_llm.requests) == 3


def test_timeout_gives_a_clear_chinese_error(fake_llm, llm_config):
    fake_llm.push(reply({"name": "x", "count": 1}, delay=1.5))
    client = LLMClient(llm_config.model_copy(update={"timeout": 0.3, "max_retries": 0}))
    with pytest.raises(LLMTimeoutError, match="调用模型超时.*0.3 秒"):
        client.structured_call(Answer, MESSAGES)


def test_second_identical_call_is_served_from_the_cache(fake_llm, llm_config):
    fake_llm.push(reply({"name": "设备", "count": 2}))
    first = LLMClient(llm_config)
    obj1, info1 = first.structured_call(Answer, MESSAGES, template_version="v1", example_ids=["a", "b"])
    second = LLMClient(llm_config)
    obj2, info2 = second.structured_call(Answer, MESSAGES, template_version="v1", example_ids=["a", "b"])
    assert obj1.model_dump() == obj2.model_dump() and info2.from_cache and info2.cache_key == info1.cache_key
    assert len(fake_llm.requests) == 1 and second.usage.calls == 0 and second.usage.cache_hits == 1
    entry = json.loads(open(info1.cache_file, encoding="utf-8").read())
    assert entry["response"] == {"name": "设备", "count": 2}  # JSON, readable Chinese
    assert "设备" in open(info1.cache_file, encoding="utf-8").read()


@pytest.mark.parametrize("change, label", [
    ({"template_version": "v2"}, "提示模板版本"),
    ({"example_ids": ["a", "c"]}, "示例 ID"),
    ({"messages": [MESSAGES[0], {"role": "user", "content": "采购11台设备"}]}, "第2条（user）"),
])
def test_replay_miss_names_the_part_of_the_key_that_changed(fake_llm, llm_config, change, label):
    fake_llm.push(reply({"name": "设备", "count": 2}))
    LLMClient(llm_config).structured_call(Answer, MESSAGES, template_version="v1", example_ids=["a", "b"])
    args = {"template_version": "v1", "example_ids": ["a", "b"], "messages": MESSAGES} | change
    replay = LLMClient(llm_config.model_copy(update={"cache_mode": "replay"}))
    with pytest.raises(CacheMissError, match="回放模式下缓存未命中") as err:
        replay.structured_call(Answer, args.pop("messages"), **args)
    assert any(label in d for d in err.value.differences), err.value.differences
    assert len(fake_llm.requests) == 1


def test_model_and_schema_are_part_of_the_key(fake_llm, llm_config):
    fake_llm.push(reply({"name": "设备", "count": 2}))
    LLMClient(llm_config).structured_call(Answer, MESSAGES)

    class Other(Answer):
        note: str = ""

    replay = LLMClient(llm_config.model_copy(update={"cache_mode": "replay", "model": "other-model"}))
    with pytest.raises(CacheMissError) as err:
        replay.structured_call(Other, MESSAGES)
    text = str(err.value)
    assert "模型" in text and "响应模型" in text


def test_refresh_calls_again_and_off_does_not_write(fake_llm, llm_config):
    fake_llm.push(reply({"name": "a", "count": 1}), reply({"name": "b", "count": 2}), reply({"name": "c", "count": 3}))
    LLMClient(llm_config).structured_call(Answer, MESSAGES)
    obj, _ = LLMClient(llm_config.model_copy(update={"cache_mode": "refresh"})).structured_call(Answer, MESSAGES)
    assert obj.name == "b"
    obj, info = LLMClient(llm_config).structured_call(Answer, MESSAGES)
    assert obj.name == "b" and info.from_cache
    off = LLMClient(llm_config.model_copy(update={"cache_mode": "off"}))
    obj, info = off.structured_call(Answer, MESSAGES)
    assert obj.name == "c" and info.cache_file is None


def test_token_cap_stops_validation_retries(fake_llm, llm_config):
    fake_llm.push(*[reply({"name": "x", "count": 0}, usage={"prompt_tokens": 600, "completion_tokens": 10})
                    for _ in range(5)])
    client = LLMClient(llm_config.model_copy(update={"token_cap": 1000, "validation_retries": 4}))
    with pytest.raises(LLMBudgetError, match="上限"):
        client.structured_call(Answer, MESSAGES)
    assert len(fake_llm.requests) == 2 and client.usage.total_tokens == 1220
    with pytest.raises(LLMBudgetError):  # the run's budget is spent: no further call reaches the server
        client.structured_call(Answer, MESSAGES)
    assert len(fake_llm.requests) == 2


def test_config_from_env_and_pyproject(tmp_path, no_llm_env):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.jixiao.llm]\nmodel = "qwen2.5"\nmode = "json_schema"\ntimeout = 12\ncache_dir = "c"\napi_key = "leak"\n',
        encoding="utf-8")
    cfg = load_llm_config(tmp_path)
    assert (cfg.model, cfg.mode, cfg.timeout) == ("qwen2.5", "json_schema", 12)
    assert cfg.cache_dir == str(tmp_path / "c") and cfg.api_key is None and not cfg.configured
    no_llm_env.setenv("JIXIAO_MODEL", "gpt-4o")
    no_llm_env.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    cfg = load_llm_config(tmp_path)
    assert cfg.model == "gpt-4o" and cfg.configured
    (tmp_path / "pyproject.toml").write_text('[tool.jixiao.llm]\nmode = "chat"\n', encoding="utf-8")
    with pytest.raises(LLMConfigError, match="mode"):
        load_llm_config(tmp_path)


def test_unconfigured_client_refuses_to_call(tmp_path):
    from jixiao.llm import LLMConfig

    client = LLMClient(LLMConfig(cache_dir=str(tmp_path), cache_mode="off"))
    with pytest.raises(LLMConfigError, match="OPENAI_API_KEY"):
        client.structured_call(Answer, MESSAGES)
