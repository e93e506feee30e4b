"""`extract` and `draft` against a fault-injecting OpenAI-compatible server on 127.0.0.1 (jixiao.evals.scripted_server):
429, 500, timeouts, a server that never answers, drip-feed, invalid JSON, schema violations, huge and hostile
answers, echoed secrets. Each case: the exit code, the Chinese message, the time it may take, the other files still
processed, and what the cache holds afterwards (a poisoned answer never)."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest
from fakeserver import FakeLLMServer, reply, reply_text, status
from reliability_helpers import Ran, run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ENGLISH_TEXT = (FIXTURES / "extract_english.txt").read_text(encoding="utf-8")
CLEAN = FIXTURES / "review_000_staff.txt"  # the parser reads it: auto mode sends it to nobody


def row(name, target, unit=None, l1=None, l2=None, expl=None):  # noqa: ANN001, ANN201
    return {"level1": l1, "level2": l2, "name": name, "target": target, "unit": unit, "explanation": expl}


def english(name: str = "社区图书馆运营") -> dict:
    return {"title": "Performance Target Form", "project_name": name, "applicant": "南山区文化馆",
            "annual_amount": "850,000",
            "rows": [row("图书借阅人次", "≥3万人次", "人次", "产出指标", "*数量指标"),
                     row("读者满意度", "≥90%", "%", "满意度指标", "*服务对象满意度指标")]}


KEY = "sk-test-SECRETKEY0123456789abcdef"


@pytest.fixture
def env(fake_llm, tmp_path, no_llm_env):
    """The environment of a CLI run against `fake_llm`: fast retries, short deadlines, a cache of its own."""
    return {"OPENAI_BASE_URL": fake_llm.base_url, "OPENAI_API_KEY": KEY, "JIXIAO_MODEL": "gpt-4o-mini",
            "JIXIAO_CACHE_DIR": str(tmp_path / "cache"), "JIXIAO_LLM_TIMEOUT": "30",
            "JIXIAO_LLM_REQUEST_DEADLINE": "20", "JIXIAO_LLM_RUN_DEADLINE": "60"}


def forms_files(tmp_path: Path, n: int) -> list[Path]:
    """`n` files of the English-header layout (the parser reads none of them: auto sends each to the model)."""
    out = []
    for i in range(n):
        p = tmp_path / f"f{i}.txt"
        p.write_text(ENGLISH_TEXT.replace("社区图书馆运营", f"社区图书馆运营{i}"), encoding="utf-8")
        out.append(p)
    return out


def extract(env: dict, *args: str) -> tuple[Ran, float]:
    start = time.monotonic()
    res = run_cli("extract", *args, env=env).no_traceback()
    return res, time.monotonic() - start


def cache_files(env: dict) -> list[Path]:
    return sorted(Path(env["JIXIAO_CACHE_DIR"]).glob("*/*.json"))


def out_forms(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------------------
# Transport faults
# ---------------------------------------------------------------------------------------------------------

def test_429_and_500_then_an_answer(fake_llm, env, tmp_path):
    [f] = forms_files(tmp_path, 1)
    fake_llm.push(status(429), status(500), reply(english("社区图书馆运营0")))
    res, _ = extract(env, str(f), "-o", str(tmp_path / "o.json"))
    assert res.code == 0, res.err
    assert "HTTP 请求 3 次，错误 2 次" in res.err
    assert [x["project_name"] for x in out_forms(tmp_path / "o.json")] == ["社区图书馆运营0"]


def test_server_errors_keep_the_parser_records_and_the_other_files(fake_llm, env, tmp_path):
    f0, f1 = forms_files(tmp_path, 2)
    fake_llm.push(status(500), status(500), status(500), reply(english("社区图书馆运营1")))
    res, _ = extract(env, str(f0), str(f1), str(CLEAN), "-o", str(tmp_path / "o.json"))  # auto
    assert res.code == 1
    assert f"失败 {f0}:1: 第 1 张表单第 1 部分抽取失败：模型服务返回错误 HTTP 500（已按退避策略重试）" in res.err
    names = [x["project_name"] for x in out_forms(tmp_path / "o.json")]
    assert names == ["社区图书馆运营1", "编外人员"]  # the second file and the parser-read clean form are kept


def test_never_answering_server_costs_one_deadline_not_one_per_form(fake_llm, env, tmp_path):
    files = forms_files(tmp_path, 4)
    fake_llm.push({"hang": True}, *[reply(english()) for _ in range(10)])
    res, took = extract({**env, "JIXIAO_LLM_REQUEST_DEADLINE": "1.5"}, *map(str, files), "-o", str(tmp_path / "o.json"))
    assert res.code == 1 and took < 15, (took, res.err)
    assert "超过 1.5 秒仍未完成（每次调用上限 1.5 秒（request_deadline））" in res.err
    assert res.err.count("本次运行不再调用该模型服务") == 3  # the three other files: at once
    assert len(fake_llm.requests) == 1
    # auto keeps the parser's record of every file the model did not read (here: no form: the parser reads none)
    assert res.err.count("未核对") == 0 and "共抽取 0 张表单（4 个文件）" in res.err


def test_drip_feed_is_cut_at_the_deadline_in_draft(fake_llm, env, tmp_path):
    from jixiao.draft import offline_draft, read_description

    answer = offline_draft(read_description("2025年为第三小学采购教学用电脑120台，预算85万元。"))[0].model_dump(mode="json")
    fake_llm.push(reply(answer, drip=0.05))  # a few kB at 20 bytes a second: minutes
    start = time.monotonic()
    res = run_cli("draft", "2025年为第三小学采购教学用电脑120台，预算85万元。", "--deadline", "2",
                  env={**env, "JIXIAO_LLM_REQUEST_DEADLINE": "0"}).no_traceback()
    took = time.monotonic() - start
    assert res.code == 1 and took < 10, (took, res.err)
    assert "超过 2 秒仍未完成（本次运行剩余时间（run_deadline 2 秒））" in res.err
    assert not cache_files(env)


def test_drip_feed_is_cut_in_extract_and_falls_back(fake_llm, env, tmp_path):
    [f] = forms_files(tmp_path, 1)
    fake_llm.push(reply(english(), drip=0.05))
    res, took = extract({**env, "JIXIAO_LLM_REQUEST_DEADLINE": "1.5"}, str(f), str(CLEAN), "-o", str(tmp_path / "o.json"))
    assert res.code == 1 and took < 10
    assert "超过 1.5 秒仍未完成" in res.err
    assert [x["project_name"] for x in out_forms(tmp_path / "o.json")] == ["编外人员"]


def test_run_deadline_stops_further_calls(fake_llm, env, tmp_path):
    files = forms_files(tmp_path, 3)
    fake_llm.push(*[reply(english(f"社区图书馆运营{i}"), delay=0.8) for i in range(3)])
    res, took = extract(env, *map(str, files), "--deadline", "1.2", "-o", str(tmp_path / "o.json"))
    assert res.code == 1 and took < 10
    assert "本次运行的模型调用总时长已达上限 1.2 秒（run_deadline），不再调用模型" in res.err
    assert len(fake_llm.requests) == 2
    assert [x["project_name"] for x in out_forms(tmp_path / "o.json")] == ["社区图书馆运营0"]


def test_connection_refused_is_one_message_and_fast(env, tmp_path):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    files = forms_files(tmp_path, 3)
    res, took = extract({**env, "OPENAI_BASE_URL": f"http://127.0.0.1:{port}/v1"}, *map(str, files))
    assert res.code == 1 and took < 20
    assert res.err.count("无法连接模型服务") == 3 and res.err.count("本次运行不再调用该模型服务") == 2


# ---------------------------------------------------------------------------------------------------------
# Answers
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [
    pytest.param(reply_text("{not json"), id="invalid-json"),
    pytest.param(reply({"rows": [{"target": "≥90%"}]}), id="schema-violation"),
    pytest.param({"raw": "{oops, not a completion"}, id="invalid-http-body"),
])
def test_invalid_answers_are_bounded_and_never_cached(fake_llm, env, tmp_path, bad):
    [f] = forms_files(tmp_path, 1)
    fake_llm.push(*[bad] * 6)
    res, took = extract(env, str(f), "--llm", "always", "-o", str(tmp_path / "o.json"))
    assert res.code == 1 and took < 20
    assert f"失败 {f}:1: 第 1 张表单第 1 部分抽取失败：" in res.err
    assert len(fake_llm.requests) <= 3 and not cache_files(env)


def test_huge_answer_is_refused_unparsed(fake_llm, env, tmp_path):
    [f] = forms_files(tmp_path, 1)
    huge = english()
    huge["rows"][0]["explanation"] = "很长" * 2_500_000  # 5 MB in the answer
    fake_llm.push(reply(huge), reply(english()))
    res, took = extract(env, str(f), str(CLEAN), "-o", str(tmp_path / "o.json"))
    assert res.code == 1 and took < 20, took
    assert "的回答超过 1,000,000 字节上限（max_answer_bytes），已拒收，未解析" in res.err
    assert len(fake_llm.requests) == 1 and not cache_files(env)  # not retried, not cached
    assert [x["project_name"] for x in out_forms(tmp_path / "o.json")] == ["编外人员"]


def test_gzip_bomb_is_refused_and_a_gzip_answer_read(fake_llm, env, tmp_path):
    [f] = forms_files(tmp_path, 1)
    bomb = english()
    bomb["rows"][0]["explanation"] = "0" * 50_000_000  # 50 MB that compress to about 50 kB
    fake_llm.push(reply(bomb, gzip=True))
    res, _ = extract(env, str(f), "--llm", "always")
    assert res.code == 1 and "字节上限" in res.err
    assert fake_llm.headers[0].get("Accept-Encoding") == "identity"
    fake_llm.push(reply(english("社区图书馆运营0"), gzip=True))
    res, _ = extract(env, str(f), "--llm", "always", "-o", str(tmp_path / "o.json"))
    assert res.code == 0 and out_forms(tmp_path / "o.json")[0]["project_name"] == "社区图书馆运营0"


def test_value_longer_than_the_text_is_refused_and_fast(fake_llm, env, tmp_path):
    """300 kB in one value (under the byte limit): invalid (no copy of a short text), never cached or printed."""
    [f] = forms_files(tmp_path, 1)
    long = english()
    long["rows"][0]["name"] = "[/bad]" + "长" * 300_000
    fake_llm.push(*[reply(long)] * 3)
    res, took = extract(env, str(f), "--llm", "always")
    assert res.code == 1 and took < 20
    assert "比这部分原文（" in res.err and "还长，不是原文的逐字抄录" in res.err
    assert len(res.err) < 5000 and not cache_files(env)


def test_markup_in_a_model_value_is_printed_and_its_replay_is_the_same(fake_llm, env, tmp_path):
    [f] = forms_files(tmp_path, 1)
    answer = english()
    answer["rows"].append(row("[/bad]其他指标[bold]", "≥1[/]个"))  # invented: unaligned, flagged, printed as it is
    fake_llm.push(reply(answer))
    first, _ = extract(env, str(f), "--llm", "always")
    assert first.code == 1 and "未对齐" in first.err and "[/bad]其他指标[bold]" in first.err
    assert len(cache_files(env)) == 1
    again, _ = extract(env, str(f), "--llm", "always")  # from the cache: no request, the same report
    assert again.code == 1 and len(fake_llm.requests) == 1
    unaligned = [ln for ln in first.err.splitlines() if ln.startswith("未对齐")]
    assert unaligned and unaligned == [ln for ln in again.err.splitlines() if ln.startswith("未对齐")]


def test_poisoned_cache_entry_is_not_replayed(fake_llm, env, tmp_path):
    """An entry that no longer passes validation (a row repeated 20,000 times, written by an older version or by
    hand) is a miss: the model is asked again and the entry replaced; in replay mode it is refused, named."""
    [f] = forms_files(tmp_path, 1)
    fake_llm.push(reply(english("社区图书馆运营0")))
    assert extract(env, str(f), "--llm", "always")[0].code == 0
    [entry_file] = cache_files(env)
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    entry["response"]["rows"] = [row("图书借阅人次", "≥3万人次")] * 20_000
    entry_file.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
    res, _ = extract({**env, "JIXIAO_LLM_CACHE": "replay"}, str(f), "--llm", "always")
    assert res.code == 1 and "未通过校验" in res.err and "不予回放" in res.err
    fake_llm.push(reply(english("社区图书馆运营0")))
    res, _ = extract(env, str(f), "--llm", "always", "-o", str(tmp_path / "o.json"))
    assert res.code == 0 and len(fake_llm.requests) == 2
    assert len(json.loads(entry_file.read_text(encoding="utf-8"))["response"]["rows"]) == 2


@pytest.mark.parametrize("rows, why", [
    pytest.param([row("图书借阅人次", "≥3万人次")] * 20_000, "字节上限", id="row-x20000"),  # 2 MB: the size limit first
    pytest.param([row("图书借阅人次", "≥3万人次")] * 2_000, "回答有 2000 行指标，但这部分原文只有 6 行", id="row-x2000"),
    pytest.param([row(f"指标{i}", "≥1个") for i in range(40)], "回答有 40 行指标", id="whole-form-for-a-chunk"),
    pytest.param([row("图书借阅人次", "≥3万人次")] * 2, "在回答中出现 2 次，原文中只有 1 行", id="row-twice"),
])
def test_answers_that_cannot_be_a_copy_are_refused(fake_llm, env, tmp_path, rows, why):
    [f] = forms_files(tmp_path, 1)
    answer = english()
    answer["rows"] = rows
    fake_llm.push(*[reply(answer)] * 3)
    res, took = extract(env, str(f), "--llm", "always")
    assert res.code == 1 and why in res.err and took < 30
    assert not cache_files(env)
    if why != "字节上限":  # an invalid answer's reason goes back to the model with the re-ask
        assert why.split("，")[0] in json.dumps(fake_llm.requests[1]["messages"], ensure_ascii=False)


def test_value_from_another_row_or_the_weight_column_is_unaligned(fake_llm, env, tmp_path):
    f = tmp_path / "w.txt"
    f.write_text("Performance Target Form\nProject name:\t养老服务\n"
                 "一级指标\t二级指标\t指标名称\t指标值\t度量单位\t权重\n"
                 "产出指标\t数量指标\t服务人数\t≥3200\t人\t20\n"
                 "满意度指标\t服务对象满意度指标\t受助老人满意度\t≥90\t%\t15\n", encoding="utf-8")
    answer = {"project_name": "养老服务", "rows": [row("服务人数", "20", "人"), row("受助老人满意度", "≥3200", "%")]}
    fake_llm.push(reply(answer))
    res, _ = extract(env, str(f), "--llm", "always", "-o", str(tmp_path / "o.json"))
    assert res.code == 1
    assert f"未对齐 {f}: 服务人数·指标值：20（取自“权重”列，不是指标值列）" in res.err
    assert f"未对齐 {f}: 受助老人满意度·指标值：≥3200（不在该指标所在的第 5 行，而在第 4 行（可能取自其他行））" in res.err
    repairs = out_forms(tmp_path / "o.json")[0]["repairs"]
    assert [r["indicator"] for r in repairs] == ["服务人数", "受助老人满意度"]


def test_the_same_row_given_twice_is_left_out(fake_llm, env, tmp_path):
    [f] = forms_files(tmp_path, 1)
    answer = english()
    answer["rows"].append(row("读者满意度", "≥95%", "%"))  # the same source row again, another value
    fake_llm.push(reply(answer))
    res, _ = extract(env, str(f), "--llm", "always", "-o", str(tmp_path / "o.json"))
    assert res.code == 1 and "未对齐" in res.err and "与前面的一行重复（原文中同一行），已舍去" in res.err
    assert [i["name"] for i in out_forms(tmp_path / "o.json")[0]["indicators"]] == ["图书借阅人次", "读者满意度"]


def test_no_cache_reads_and_writes_nothing(fake_llm, env, tmp_path):
    [f] = forms_files(tmp_path, 1)
    fake_llm.push(reply(english()), reply(english()))
    assert extract(env, str(f), "--llm", "always", "--no-cache")[0].code == 0
    assert extract(env, str(f), "--llm", "always", "--no-cache")[0].code == 0
    assert len(fake_llm.requests) == 2 and not cache_files(env)


# ---------------------------------------------------------------------------------------------------------
# Secrets
# ---------------------------------------------------------------------------------------------------------

def test_echoed_key_is_scrubbed(fake_llm, env, tmp_path):
    [f] = forms_files(tmp_path, 1)
    fake_llm.push(*[status(500, "upstream failed for key", echo=True)] * 3)
    res, _ = extract(env, str(f), "--llm", "always")
    assert res.code == 1 and "HTTP 500" in res.err and "Authorization: Bearer ***" in res.err
    assert "SECRETKEY" not in res.text
    assert fake_llm.headers[0]["Authorization"] == f"Bearer {KEY}"  # the server did get the key


def test_credentials_in_the_base_url_are_scrubbed(fake_llm, env, tmp_path):
    """http://user:password@host: httpx sends them as Basic auth; the server echoes that back."""
    import base64

    [f] = forms_files(tmp_path, 1)
    base = fake_llm.base_url.replace("http://", "http://alice:PASSWORD-IN-URL@")
    basic = base64.b64encode(b"alice:PASSWORD-IN-URL").decode()
    fake_llm.push(*[status(500, "upstream failed", echo=True)] * 3)
    res, _ = extract({**env, "OPENAI_BASE_URL": base}, str(f), "--llm", "always")
    assert res.code == 1 and "HTTP 500" in res.err and "Authorization: Basic ***" in res.err
    assert fake_llm.headers[0]["Authorization"] == f"Basic {basic}"
    for secret in ("PASSWORD-IN-URL", basic, "alice:"):
        assert secret not in res.text
    assert "http://127.0.0.1" in res.err or "HTTP 500" in res.err


def test_key_in_a_query_parameter_stays_out_of_messages_and_cache(fake_llm, env, tmp_path):
    [f] = forms_files(tmp_path, 1)
    fake_llm.push(reply(english("社区图书馆运营0")))
    base = fake_llm.base_url + "?api-key=QUERY-SECRET-1234"
    res, _ = extract({**env, "OPENAI_BASE_URL": base}, str(f), "--llm", "always")
    assert "QUERY-SECRET-1234" not in res.text
    for p in cache_files(env):
        assert "QUERY-SECRET-1234" not in p.read_text(encoding="utf-8") and KEY not in p.read_text(encoding="utf-8")


def test_cache_key_does_not_change_with_the_credentials(fake_llm, tmp_path, no_llm_env):
    from jixiao.llm import LLMConfig, cache_key_parts
    from jixiao.extract import ExtractedForm

    msgs = [{"role": "user", "content": "x"}]
    a = LLMConfig(base_url="http://u:one@host:8000/v1?api-key=A&v=2", api_key="k1", cache_dir=str(tmp_path))
    b = LLMConfig(base_url="http://u:two@host:8000/v1?api-key=B&v=2", api_key="k2", cache_dir=str(tmp_path))
    pa, pb = cache_key_parts(a, msgs, ExtractedForm), cache_key_parts(b, msgs, ExtractedForm)
    assert pa == pb and pa["endpoint"] == "http://host:8000/v1?v=2"


def test_scrub_patterns():
    from jixiao.redact import scrub

    text = ("GET http://bob:hunter22@api.example/v1?api-key=abcdef123&x=1 with Authorization: Bearer eyJabc.def.ghi "
            "and sk-proj-ABCDEFGHIJKLMNOP and {\"api-key\": \"zzzz9999\"}")
    out = scrub(text)
    for secret in ("hunter22", "abcdef123", "eyJabc.def.ghi", "sk-proj-ABCDEFGHIJKLMNOP", "zzzz9999"):
        assert secret not in out
    assert "x=1" in out and "api.example" in out


def test_report_of_an_internal_error_is_scrubbed(monkeypatch, tmp_path):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-live-VERYSECRET0000")
    import jixiao.commands.audit as audit_mod

    def broken():  # noqa: ANN202
        raise RuntimeError("failed with key sk-live-VERYSECRET0000")

    monkeypatch.setattr(audit_mod, "all_rules", broken)
    for args in (["rules"], ["--debug", "rules"]):
        res = run_cli(*args)
        assert res.code == 4 and "VERYSECRET" not in res.text and "***" in res.err


def test_fault_server_helpers_are_what_the_suite_uses():
    """The fault keys the suite relies on are served as documented (drip and hang end when the server stops)."""
    import httpx

    with FakeLLMServer([{"raw": "{oops"}, reply({"a": 1}, gzip=True)]) as server:
        r = httpx.post(server.base_url + "/chat/completions", json={"messages": []})
        assert r.status_code == 200 and r.text == "{oops"
        r = httpx.post(server.base_url + "/chat/completions", json={"messages": []})
        assert r.headers["content-encoding"] == "gzip" and r.json()["choices"][0]["message"]["content"] == '{"a": 1}'


def test_a_call_abandoned_at_its_deadline_leaves_concurrent_calls_alone(tmp_path, no_llm_env):
    """One client shared by threads (as `eval run --jobs` does): the slow call is cut at its deadline (1 s) while
    another call on the same client is in flight (started at 0.7 s, answered at 1.3 s); that one still succeeds."""
    import threading

    from pydantic import BaseModel

    from jixiao.llm import LLMClient, LLMConfig, LLMTimeoutError

    class Answer(BaseModel):
        n: int

    def responder(body):  # noqa: ANN001, ANN202
        text = body["messages"][-1]["content"]
        return {"hang": True} if "slow" in text else reply({"n": 1}, delay=0.6)

    with FakeLLMServer(responder=responder) as server:
        client = LLMClient(LLMConfig(base_url=server.base_url, api_key="k", cache_mode="off", max_retries=0,
                                     request_deadline=1.0, cache_dir=str(tmp_path)))
        results: dict[str, object] = {}

        def ask(word: str, wait: float) -> None:
            time.sleep(wait)
            try:
                results[word] = client.structured_call(Answer, [{"role": "user", "content": word}])[0].n
            except LLMTimeoutError as exc:
                results[word] = exc

        threads = [threading.Thread(target=ask, args=("slow", 0)), threading.Thread(target=ask, args=("fast", 0.7))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
        assert isinstance(results["slow"], LLMTimeoutError) and results["fast"] == 1
        client.close()
