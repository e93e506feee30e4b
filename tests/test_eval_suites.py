"""Eval suites end to end: validation, run folders, gates (a broken rule fails the checker suite), rescore,
compare, bless, JUnit, repeats, the replay cache (a miss says which part of the key changed)."""

from __future__ import annotations

import dataclasses
import json
import sys
import types
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.evals.runner import EvalError, RunOptions, bless, rescore, run_suite
from jixiao.evals.suite import load_suite

REPO = Path(__file__).resolve().parent.parent
CHECKER_SUITE = REPO / "evals" / "checker" / "suite.yaml"

FORM = """二级项目支出绩效目标申报表
项目编码:\t440304261070100100009\t项目名称:\t测试项目\t\t
申请单位:\t深圳市福田区教育局\t一级预算单位:\t深圳市福田区教育局\t\t
实施期限:\t1\t项目类型:\t31 履职类项目\t\t
是否新增项目:\t否\t分配方式:\t项目法\t\t
项目总金额(中期规划,元):\t100,000.00\t本年度项目金额(元):\t100000\t\t
政策依据:\t规定。\t\t\t\t
测算依据:\t培训100人次，每人次1000元，合计10万元。\t\t\t\t
年度目标:\t2026年培训100人次。\t\t\t\t
长期目标(跨度多年的项目需填):\t2026年培训100人次。\t\t\t\t
一级指标\t二级指标\t三级指标\t指标值\t度量单位\t指标解释
产出指标\t*数量指标\t培训人次\t≥100人次\t人次\t培训人次。
\t*质量指标\t培训合格率\t{rate}\t%\t计算方式=合格人次/参训人次×100%。
\t*时效指标\t培训完成时间\t2026年12月31日前\t日期\t完成时间。
\t*成本指标\t人均培训成本\t≤1000元\t元\t计算方式=总支出/人次。
效益指标\t*社会效益指标\t教学能力提升率\t≥80%\t%\t计算方式=提升人数/参训人数×100%。
满意度指标\t*服务对象满意度指标\t参训教师满意度\t≥90%\t%\t计算方式=满意人数/受访人数×100%。
"""


def make_checker_suite(tmp: Path, cases: list[dict], gates: dict | None = None) -> Path:
    (tmp / "forms").mkdir(parents=True, exist_ok=True)
    (tmp / "forms" / "bad.txt").write_text(FORM.format(rate="≤90%"), encoding="utf-8")
    (tmp / "forms" / "good.txt").write_text(FORM.format(rate="≥90%"), encoding="utf-8")
    suite = {"name": "mini", "kind": "checker", "cases": "cases.jsonl",
             "gates": gates or {"min_recall": {"direction": 1.0}, "max_false_alarms_on_clean": 0}}
    (tmp / "suite.yaml").write_text(json.dumps(suite, ensure_ascii=False), encoding="utf-8")
    (tmp / "cases.jsonl").write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases),
                                     encoding="utf-8")
    return tmp / "suite.yaml"


BAD_CASE = {"id": "bad", "file": "forms/bad.txt", "labels": [{"category": "direction", "row": "培训合格率"}],
            "tags": {"domain": "education"}}
GOOD_CASE = {"id": "good", "file": "forms/good.txt", "clean": True, "tags": {"domain": "education"}}


def opts(tmp: Path, **kw) -> RunOptions:
    return RunOptions(runs_dir=tmp / "runs", baseline_dir=tmp / "baseline", **kw)


# ---------------------------------------------------------------------------------------------------------
# validate
# ---------------------------------------------------------------------------------------------------------

def test_validate_reports_bad_suites(tmp_path):
    cases = [BAD_CASE, {**BAD_CASE},  # duplicate id
             {"id": "x", "file": "forms/bad.txt", "labels": [{"category": "no_such_category", "row": "培训合格率"}]},
             {"id": "y", "file": "forms/bad.txt", "labels": [{"category": "direction", "rule": "JX999", "row": "培训合格率"}]},
             {"id": "z", "file": "forms/bad.txt", "labels": [{"category": "direction", "row": "不存在的指标"}]},
             {"id": "w", "file": "forms/bad.txt", "colour": "red", "labels": []}]
    path = make_checker_suite(tmp_path, cases, gates={"min_recall": {"not_a_category": 0.5}})
    loaded = load_suite(path)
    text = "\n".join(str(p) for p in loaded.errors)
    assert "重复" in text and ":2" in text
    assert "未知的类别 'no_such_category'" in text
    assert "未知的规则代码 'JX999'" in text
    assert "不存在的指标" in text
    assert "未知的键 colour" in text and ":6" in text
    assert "not_a_category" in text
    with pytest.raises(EvalError):
        run_suite(loaded, opts(tmp_path))


def test_validate_warns_about_rules_with_no_case(tmp_path):
    loaded = load_suite(make_checker_suite(tmp_path, [BAD_CASE, GOOD_CASE]))
    assert not loaded.errors
    warnings = [str(p) for p in loaded.problems if p.level == "warning"]
    assert any("没有任何标注用例" in w and "amount_inconsistency" in w for w in warnings)


def test_real_suites_validate():
    for name in ("checker", "extract", "draft"):
        loaded = load_suite(REPO / "evals" / name / "suite.yaml")
        assert not loaded.errors, [str(p) for p in loaded.errors]
    checker = load_suite(CHECKER_SUITE)
    from jixiao.check.engine import CATEGORIES

    labeled = {lab.category for c in checker.cases for lab in c.labels}
    assert labeled == set(CATEGORIES) - {"score_inconsistency"}
    assert sum(c.clean for c in checker.cases) >= 10
    assert sum(bool(c.labels) and c.tags.get("source") == "synthetic" for c in checker.cases) >= 15
    extract = load_suite(REPO / "evals" / "extract" / "suite.yaml")
    assert len(extract.cases) >= 12
    assert {c.tags["layout"] for c in extract.cases} >= {"futian6", "shenshan5", "futian5", "budget2021"}


# ---------------------------------------------------------------------------------------------------------
# run, rescore, bless, compare
# ---------------------------------------------------------------------------------------------------------

def test_run_writes_folder_and_passes(tmp_path):
    res = run_suite(make_checker_suite(tmp_path, [BAD_CASE, GOOD_CASE]), opts(tmp_path))
    assert res.exit_code == 0, res.summary["gates"]
    folder = res.folder
    assert (folder / "outputs" / "bad.json").is_file() and (folder / "summary.md").is_file()
    lines = (folder / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["bad", "good"]
    s = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    man = s["manifest"]
    for key in ("git_commit", "tool_version", "dataset_hash", "prompt_hashes", "model", "seed", "token_usage",
                "cost", "duration_s"):
        assert key in man
    assert man["dataset_hash"].startswith("sha256:")
    assert s["metrics"]["category.direction.recall"] == 1.0 and s["clean"]["false_alarms"] == 0
    assert s["tags"]["domain"]["education"]["tp"] == 1


def test_filter_selects_cases(tmp_path):
    path = make_checker_suite(tmp_path, [BAD_CASE, {**GOOD_CASE, "tags": {"domain": "health"}}])
    res = run_suite(path, opts(tmp_path, filters=["domain=health"], write=False))
    assert [r["id"] for r in res.results] == ["good"]
    with pytest.raises(EvalError):
        run_suite(path, opts(tmp_path, filters=["domain=none"], write=False))


def test_broken_rule_fails_the_checker_gate(tmp_path, monkeypatch):
    """A rule that silently stops firing must fail the real checker suite's gate (exit 1)."""
    from jixiao.check.engine import REGISTRY, all_rules

    all_rules()
    healthy = run_suite(CHECKER_SUITE, opts(tmp_path, write=False))
    gate = {g["name"]: g for g in healthy.summary["gates"]}
    assert gate["min_recall[direction]"]["status"] == "pass"

    for code in ("JX101", "JX102"):
        monkeypatch.setitem(REGISTRY, code, dataclasses.replace(REGISTRY[code], func=lambda form, ctx: iter(())))
    broken = run_suite(CHECKER_SUITE, opts(tmp_path, write=False))
    gate = {g["name"]: g for g in broken.summary["gates"]}
    assert gate["min_recall[direction]"]["status"] == "fail"
    assert broken.exit_code == 1
    assert broken.summary["metrics"]["category.direction.recall"] < healthy.summary["metrics"]["category.direction.recall"]


def test_rescore_bless_compare_cli(tmp_path, monkeypatch):
    from jixiao.cli import app

    path = make_checker_suite(tmp_path, [BAD_CASE, GOOD_CASE],
                              gates={"min_recall": {"micro": 0.5}, "max_drop": {"*": 0.0}})
    first = run_suite(path, opts(tmp_path))
    assert first.summary["gates"][-1]["status"] == "skip"  # no baseline yet
    target = bless(first.folder, tmp_path / "baseline")
    assert target == tmp_path / "baseline" / "mini.summary.json"

    # Label changed afterwards (the clean form is now said to have a defect): rescore needs no new output.
    cases = [BAD_CASE, {**GOOD_CASE, "clean": False, "labels": [{"category": "format", "row": "培训人次"}]}]
    (tmp_path / "cases.jsonl").write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases),
                                          encoding="utf-8")
    monkeypatch.setattr("jixiao.evals.runner.repo_root", lambda start: tmp_path)
    again = rescore(first.folder, opts(tmp_path))
    assert again.summary["metrics"]["micro.recall"] == 0.5
    drop_gate = [g for g in again.summary["gates"] if g["name"] == "max_drop"]
    assert drop_gate and drop_gate[0]["status"] == "fail"  # other dataset than the baseline
    assert again.exit_code == 1

    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    out = runner.invoke(app, ["eval", "compare", str(first.folder), str(target)])
    assert out.exit_code == 2 and "数据集不同" in out.output
    second = run_suite(path, opts(tmp_path))
    out = runner.invoke(app, ["eval", "compare", str(second.folder), str(target), "--force", "--format", "json"])
    data = json.loads(out.output)
    assert "micro.recall" in data["worse"] and out.exit_code == 1
    assert any(f["id"] == "good" and f["new"] == {"misses": ["format@培训人次"]} for f in data["flips"])


def test_bless_refuses_a_run_that_failed_its_gates_unless_forced(tmp_path, monkeypatch):
    from jixiao.cli import app

    path = make_checker_suite(tmp_path, [BAD_CASE, GOOD_CASE], gates={"min_recall": {"micro": 1.0}})
    passed = run_suite(path, opts(tmp_path))
    assert passed.exit_code == 0
    cases = [BAD_CASE, {**GOOD_CASE, "clean": False, "labels": [{"category": "format", "row": "培训人次"}]}]
    (tmp_path / "cases.jsonl").write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases),
                                          encoding="utf-8")
    failed = run_suite(path, opts(tmp_path))
    assert failed.exit_code == 1
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    res = runner.invoke(app, ["eval", "bless", str(failed.folder)])
    assert res.exit_code == 2 and "未通过门槛（min_recall[micro]），不能作为基线" in "".join(res.output.split())
    assert not (tmp_path / "evals" / "baseline" / "mini.summary.json").exists()
    res = runner.invoke(app, ["eval", "bless", str(failed.folder), "--force"])
    assert res.exit_code == 0 and (tmp_path / "evals" / "baseline" / "mini.summary.json").is_file()
    assert bless(passed.folder, tmp_path / "baseline").is_file()


def test_cli_run_exit_codes_and_junit(tmp_path, monkeypatch):
    from jixiao.cli import app

    path = make_checker_suite(tmp_path, [BAD_CASE, GOOD_CASE], gates={"min_recall": {"micro": 1.0},
                                                                      "min_precision": {"JX101": 1.0}})
    monkeypatch.chdir(tmp_path)
    junit = tmp_path / "junit.xml"
    res = CliRunner().invoke(app, ["eval", "run", str(path), "--runs-dir", str(tmp_path / "runs"), "--junit", str(junit)])
    assert res.exit_code == 0, res.output
    root = ET.parse(junit).getroot()
    names = [tc.get("name") for tc in root.iter("testcase")]
    assert names[:2] == ["bad", "good"] and "min_recall[micro]" in names
    assert "micro" in res.output and "direction" in res.output

    (tmp_path / "forms" / "bad.txt").write_text(FORM.format(rate="≥90%"), encoding="utf-8")  # defect gone
    res = CliRunner().invoke(app, ["eval", "run", str(path), "--runs-dir", str(tmp_path / "runs"), "--junit", str(junit)])
    assert res.exit_code == 1
    assert "漏报" in res.output and "bad.txt:13" in res.output
    failures = [tc for tc in ET.parse(junit).getroot().iter("testcase") if tc.find("failure") is not None]
    assert {tc.get("name") for tc in failures} >= {"bad", "min_recall[micro]"}

    (tmp_path / "cases.jsonl").write_text('{"id": "a", "file": "forms/bad.txt", "oops": 1}\n', encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", "run", str(path), "--runs-dir", str(tmp_path / "runs")])
    assert res.exit_code == 2


def test_label_skeleton(tmp_path, monkeypatch):
    from jixiao.cli import app

    make_checker_suite(tmp_path, [BAD_CASE])
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(app, ["eval", "label", "forms/bad.txt", "--suite-dir", "."])
    assert res.exit_code == 0
    case = json.loads(res.output.splitlines()[0])
    assert case["file"] == "forms/bad.txt" and not case["clean"]
    assert any(lab["category"] == "direction" and lab["row"] == "培训合格率" for lab in case["labels"])
    assert all(lab["note"].startswith("待确认") for lab in case["labels"])


# ---------------------------------------------------------------------------------------------------------
# extract: repeats, infrastructure errors, replay cache
# ---------------------------------------------------------------------------------------------------------

def make_extract_suite(tmp: Path, extractor: str = "parser") -> Path:
    from jixiao.parse import parse_path

    (tmp / "in.txt").write_text(FORM.format(rate="≥90%"), encoding="utf-8")
    gold = [f.model_dump(mode="json") for f in parse_path(tmp / "in.txt").forms]
    (tmp / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    (tmp / "cases.jsonl").write_text(json.dumps({"id": "one", "input": "in.txt", "gold": "gold.json",
                                                 "tags": {"layout": "futian6"}}) + "\n", encoding="utf-8")
    (tmp / "suite.yaml").write_text(f"name: ex\nkind: extract\nextractor: {extractor}\n"
                                    "gates:\n  min_exact_match: 1.0\n", encoding="utf-8")
    return tmp / "suite.yaml"


def test_extract_scores_fields_rows_and_repeat_flips(tmp_path):
    from jixiao.parse import parse_path

    path = make_extract_suite(tmp_path)
    res = run_suite(path, opts(tmp_path, write=False))
    assert res.exit_code == 0 and res.summary["metrics"]["records.exact_match"] == 1.0

    calls = {"n": 0}

    def flaky(p: str):
        calls["n"] += 1
        forms = parse_path(p).forms
        if calls["n"] % 2 == 0:  # every second call drops a row and misreads the amount
            forms[0].indicators.pop(1)
            forms[0].annual_amount = forms[0].annual_amount.model_copy(update={"yuan": 1.0})
        return forms

    res = run_suite(path, opts(tmp_path, repeat=2, jobs=1, extractor=flaky, write=False))
    assert res.results[0]["verdicts"] == ["pass", "fail"] and res.summary["flipped_cases"] == ["one"]

    calls["n"] = 1
    res = run_suite(path, opts(tmp_path, jobs=1, extractor=flaky, write=False))
    rec = res.results[0]["score"]["records"][0]
    assert rec["rows"]["missing"] == 1 and not rec["fields"]["annual_amount"]
    assert res.summary["metrics"]["field.annual_amount.accuracy"] == 0.0 and res.exit_code == 1


def test_infrastructure_errors_exit_3(tmp_path):
    def broken(p: str):
        raise RuntimeError("boom")

    res = run_suite(make_extract_suite(tmp_path), opts(tmp_path, extractor=broken, write=False))
    assert res.exit_code == 3 and "boom" in res.summary["infra_errors"][0]["error"]


def test_missing_drafter_is_an_infrastructure_error(tmp_path, monkeypatch):
    (tmp_path / "cases.jsonl").write_text(json.dumps({"id": "d", "description": "2026年培训100人次，预算10万元。"},
                                                     ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "suite.yaml").write_text("name: dr\nkind: draft\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "jixiao.draft", None)
    res = run_suite(tmp_path / "suite.yaml", opts(tmp_path, write=False))
    assert res.exit_code == 3 and "jixiao.draft" in res.summary["infra_errors"][0]["error"]


def test_replay_cache_miss_says_which_part_changed(tmp_path, monkeypatch, no_llm_env, fake_llm):
    """Record once through the fake server, then replay with another model: the case fails as an
    infrastructure error whose message names the part of the cache key that changed."""
    from fakeserver import reply
    from pydantic import BaseModel

    from jixiao.parse import parse_path

    class Seen(BaseModel):
        name: str

    def extract_file(path, llm="auto", client=None):  # the real extractor's signature, with a one-call body
        assert llm == "always"
        client.structured_call(Seen, [{"role": "user", "content": Path(path).read_text(encoding="utf-8")}],
                               template_version="t1")
        return types.SimpleNamespace(forms=parse_path(path).forms)

    monkeypatch.setitem(sys.modules, "jixiao.extract", types.SimpleNamespace(extract_file=extract_file))
    monkeypatch.setenv("OPENAI_BASE_URL", fake_llm.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    monkeypatch.setenv("JIXIAO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("JIXIAO_MODEL", "model-a")
    path = make_extract_suite(tmp_path, extractor="llm")

    fake_llm.push(reply({"name": "x"}))
    recorded = run_suite(path, opts(tmp_path, cache_mode="record", write=False))
    assert recorded.exit_code == 0, recorded.summary["infra_errors"]
    assert recorded.summary["manifest"]["model"] == "model-a"
    assert recorded.summary["manifest"]["token_usage"]["calls"] == 1

    replayed = run_suite(path, opts(tmp_path, cache_mode="replay", write=False))
    assert replayed.exit_code == 0 and replayed.summary["manifest"]["token_usage"]["cache_hits"] == 1

    monkeypatch.setenv("JIXIAO_MODEL", "model-b")
    missed = run_suite(path, opts(tmp_path, cache_mode="replay", write=False))
    assert missed.exit_code == 3
    message = missed.summary["infra_errors"][0]["error"]
    assert "缓存未命中" in message and "模型" in message and "model-b" in message
