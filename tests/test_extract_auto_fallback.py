"""`jixiao extract --llm auto` never loses a record the parser read: doubted self-evaluations stay with the parser
for human review, and a form the model does not read (no endpoint, HTTP errors, a failed chunk) keeps the parser's
record, marked unverified. `--llm always` keeps reporting the failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakeserver import reply, status
from seeds import seed

from jixiao.check import audit_form
from jixiao.extract import NO_ENDPOINT, SELF_EVAL_REVIEW, extract_file, plan
from jixiao.llm import LLMClient
from jixiao.model import FormList
from jixiao.parse import parse_path

REPO = Path(__file__).resolve().parents[1]
INPUTS = REPO / "evals" / "extract" / "inputs"
SCRIPTED = REPO / "evals" / "extract" / "scripted"
CLEAN = REPO / "evals" / "checker" / "forms" / "clean_01_education_teacher_training.txt"
FIXTURES = REPO / "tests" / "fixtures" / "reader"
# read by the parser, doubted (a column it cannot map, 核查人): sent to the model in auto
SPORTS = FIXTURES / "doubted_sports.txt"
EDUCATION = FIXTURES / "doubted_education.txt"


def scripted(case: str) -> dict:
    return json.loads((SCRIPTED / f"{case}.json").read_text(encoding="utf-8"))["answers"][0]["response"]


def last_user(body: dict) -> str:
    return [m["content"] for m in body["messages"] if m["role"] == "user"][-1]


def unverified_notes(form) -> list[str]:
    return [r.message for r in form.repairs if r.kind == "other" and r.message.startswith("本表单未经模型核对")]


def invoke_cli(args: list[str], tmp_path, no_llm_env, base_url: str | None = None):
    from typer.testing import CliRunner

    from jixiao.cli import app

    if base_url:
        no_llm_env.setenv("OPENAI_BASE_URL", base_url)
        no_llm_env.setenv("OPENAI_API_KEY", "test-key")
    no_llm_env.setenv("JIXIAO_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "out.json"
    res = CliRunner().invoke(app, ["extract", *args, "-o", str(out)])
    return res, out, "".join(res.stderr.split())  # rich wraps long lines


# -- 1. self-evaluations: the model's answer has no 实际完成值 / 分值 / 得分 ---------------------------------------

def test_seed_004_doubted_self_evaluations_stay_with_the_parser_for_review():
    parsed, routes, _ = plan(seed("004"))
    assert len(parsed.forms) == 48 and {f.kind for f in parsed.forms} == {"self_evaluation"}
    review = [r for r in routes if r.review]
    # every form with a value the reader could not read (26: 58 values; a blank cell of 其他资金 or 上年结转 is no money,
    # not a value lost) is kept for review, none sent
    assert len(review) == 26 and not any(r.sent for r in routes)
    assert all(r.reasons and r.review == SELF_EVAL_REVIEW for r in review)
    first = review[0]
    assert (first.line, first.project_name) == (153, "计划]生育考核")
    assert str(first).endswith("“计划]生育考核”由解析器读取，须人工核对（" + SELF_EVAL_REVIEW + "）：" + first.reasons[0])
    # the forms the parser has no doubt about are plain trusted routes
    assert all(r.reasons == [] and r.review is None for r in routes if not r.review)


def test_seed_004_auto_calls_no_model_and_keeps_every_parsed_record(fake_llm, llm_config):
    path = seed("004")
    client = LLMClient(llm_config)
    result = extract_file(path, llm="auto", client=client)
    assert not fake_llm.requests and client.usage.calls == 0
    assert result.forms == parse_path(path).forms  # actual values and scores kept, no mark added to the record
    assert sum(f.kind == "self_evaluation" for f in result.forms) == 48 and result.llm_forms == []
    assert len(result.reviews) == 26 and not result.fallbacks and not result.failures


def test_always_still_sends_a_doubted_self_evaluation(fake_llm, llm_config, tmp_path):
    lines = seed("004").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "one_self_eval.txt"
    path.write_text("\n".join(lines[174:196]) + "\n", encoding="utf-8")  # “绩效效考核专项”, lines 175-196
    (r,) = plan(path)[1]
    assert r.review and not r.sent
    fake_llm.push(reply({"project_name": "效考核专项", "rows": []}))
    result = extract_file(path, llm="always", client=LLMClient(llm_config))
    assert len(fake_llm.requests) == 1 and "效考核专项" in fake_llm.user_prompts()[0]
    assert result.llm_forms == [0] and result.forms[0].kind == "target"  # what --llm always asks for


def test_cli_seed_004_lists_the_self_evaluations_to_review(tmp_path, no_llm_env):
    path = seed("004")
    res, out, err = invoke_cli([str(path)], tmp_path, no_llm_env)
    assert res.exit_code == 0, res.output  # the records are what `parse` gives
    assert err.count(f"须复核{path}:") == 26 and "“绩效效考核专项”由解析器读取，须人工核对" in err
    assert "解析器可信22张表单，交给模型0处（表单或整个文件）；自评表存疑保留解析器结果26张（须人工核对）" in err
    assert FormList.validate_json(out.read_text(encoding="utf-8")) == parse_path(path).forms


# -- 2. the model does not read a form it was sent ----------------------------------------------------------------

def check_fallback(result, path, why: str):
    """The parser's whole record is in the output, with a Repair saying it was not verified, seen by the checker."""
    (form,) = result.forms
    parsed = parse_path(path).forms[0]
    assert form.layout == parsed.layout != "llm" and form.indicators == parsed.indicators
    assert form.repairs[:-1] == parsed.repairs and len(unverified_notes(form)) == 1
    assert why in unverified_notes(form)[0] and "须人工核对" in unverified_notes(form)[0]
    assert result.llm_forms == [] and result.failures == [] and result.groundings == []
    (r,) = result.routes
    assert r.sent and why in r.fallback and result.fallbacks == [r]
    assert "应交给模型" in str(r) and "未经模型核对" in str(r)
    jx531 = [f.message for f in result.findings[0] if f.rule == "JX531"]
    assert unverified_notes(form)[0] in jx531
    assert result.findings[0] == audit_form(form)


def test_no_endpoint_configured(fake_llm, llm_config):
    config = llm_config.model_copy(update={"base_url": None, "api_key": None})
    result = extract_file(SPORTS, llm="auto", client=LLMClient(config))
    check_fallback(result, SPORTS, NO_ENDPOINT)
    assert "draft" not in result.routes[0].fallback and "--offline" not in result.routes[0].fallback
    # --llm always: the failure is reported and the form is not in the output
    always = extract_file(SPORTS, llm="always", client=LLMClient(config))
    assert always.forms == [] and [f.message for f in always.failures] == [NO_ENDPOINT]
    assert not fake_llm.requests


def test_server_answering_500_every_time(fake_llm, llm_config):
    fake_llm.responder = lambda body: status(500, "model overloaded")
    result = extract_file(SPORTS, llm="auto", client=LLMClient(llm_config))
    assert len(fake_llm.requests) == llm_config.max_retries + 1  # the client retried, then gave up
    check_fallback(result, SPORTS, "HTTP 500")
    always = extract_file(SPORTS, llm="always", client=LLMClient(llm_config))
    assert always.forms == [] and len(always.failures) == 1 and "HTTP 500" in always.failures[0].message


def test_a_failed_chunk_keeps_the_whole_parsed_record_not_a_partial_one(fake_llm, llm_config):
    def answer(body):
        return status(500) if "第 2 部分" in last_user(body) else reply(scripted("new_09_sports_two_targets"))

    fake_llm.responder = answer
    result = extract_file(SPORTS, llm="auto", client=LLMClient(llm_config), max_chunk_chars=400)
    assert sum("第 2 部分" in p for p in fake_llm.user_prompts()) == llm_config.max_retries + 1
    assert len(fake_llm.requests) == llm_config.max_retries + 2  # part 1 answered once
    check_fallback(result, SPORTS, "HTTP 500")
    assert result.routes[0].fallback.startswith("第 2 部分：模型服务返回错误 HTTP 500")


def test_one_form_failing_while_the_other_is_extracted(fake_llm, llm_config, tmp_path):
    path = tmp_path / "two.txt"
    path.write_text(SPORTS.read_text(encoding="utf-8") + "\n" + EDUCATION.read_text(encoding="utf-8"),
                    encoding="utf-8")

    def answer(body):
        return reply(scripted("new_09_sports_two_targets")) if "社区全民健身设施更新" in last_user(body) else status(500)

    fake_llm.responder = answer
    result = extract_file(path, llm="auto", client=LLMClient(llm_config))
    assert [r.sent for r in result.routes] == [True, True]
    assert [r.fallback is not None for r in result.routes] == [False, True]
    assert [f.project_name for f in result.forms] == ["社区全民健身设施更新", "中小学课后托管服务"]
    assert [f.layout for f in result.forms] == ["llm", parse_path(EDUCATION).forms[0].layout]
    assert result.llm_forms == [0] and result.failures == [] and [f.index for f in result.forms] == [0, 1]
    assert unverified_notes(result.forms[0]) == [] and len(unverified_notes(result.forms[1])) == 1
    assert result.forms[1].indicators == parse_path(path).forms[1].indicators
    assert not result.unaligned  # the extracted form is grounded as before


def test_cli_no_endpoint_writes_the_parsed_records_and_warns(tmp_path, no_llm_env):
    res, out, err = invoke_cli([str(CLEAN), str(SPORTS)], tmp_path, no_llm_env)
    assert res.exit_code == 1, res.output  # written, but one form is not verified
    forms = FormList.validate_json(out.read_text(encoding="utf-8"))
    assert [f.project_name for f in forms] == [parse_path(CLEAN).forms[0].project_name, "社区全民健身设施更新"]
    assert forms[0] == parse_path(CLEAN).forms[0] and len(unverified_notes(forms[1])) == 1
    assert "未核对" in err and "“社区全民健身设施更新”应交给模型" in err and "未配置模型服务" in err
    assert "失败" not in err  # nothing is lost
    assert "模型没有读出、保留解析器结果1处（未经模型核对）" in err


def test_cli_always_no_endpoint_reports_the_failure(tmp_path, no_llm_env):
    res, out, err = invoke_cli([str(SPORTS), "--llm", "always"], tmp_path, no_llm_env)
    assert res.exit_code == 1 and FormList.validate_json(out.read_text(encoding="utf-8")) == []
    assert "失败" in err and "抽取失败" in err and "未核对" not in err


@pytest.mark.parametrize("llm", ["auto", "never"])
def test_cli_missing_input_is_exit_2_and_the_others_are_written(llm, tmp_path, no_llm_env):
    res, out, err = invoke_cli([str(CLEAN), str(tmp_path / "nope.txt"), "--llm", llm], tmp_path, no_llm_env)
    assert res.exit_code == 2 and "文件不存在" in err
    assert len(FormList.validate_json(out.read_text(encoding="utf-8"))) == 1
