"""The extract-llm eval suite replays its committed, scripted LLM cache offline, and its figures are the ones the
scripted failure modes imply (evals/extract/scripted/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

from jixiao.evals.runner import RunOptions, run_suite

REPO = Path(__file__).resolve().parents[1]
SUITE = REPO / "evals" / "extract" / "suite-llm.yaml"
SCRIPTED = REPO / "evals" / "extract" / "scripted"


def replay(**kw):
    return run_suite(SUITE, RunOptions(cache_mode="replay", write=False, baseline_dir=REPO / "evals" / "baseline", **kw))


def by_id(res):
    return {r["id"]: r for r in res.results}


def test_replay_runs_offline_and_passes_its_gates(no_llm_env):
    res = replay()
    s = res.summary
    assert res.exit_code == 0, (s["infra_errors"], [g for g in s["gates"] if g["status"] == "fail"])
    usage = s["manifest"]["token_usage"]
    assert usage["calls"] == 0 and usage["http_requests"] == 0 and usage["cache_hits"] == 12
    assert s["manifest"]["model"] == "scripted-responses"
    assert s["manifest"]["endpoint"] == "http://scripted.invalid/v1"
    # the committed baseline is over the same data and the run does not fall below it
    assert any(g["name"].startswith("max_drop[") for g in s["gates"])
    assert all(g["status"] == "pass" for g in s["gates"])


def test_figures_follow_the_scripted_failure_modes(no_llm_env):
    res = replay()
    s, cases = res.summary, by_id(res)
    # one wrong level, one dropped row, one invented row; every other row right
    assert s["rows"] == {"correct": 90, "wrong": 1, "missing": 1, "invented": 1}
    assert (s["records"], s["exact"]) == (12, 9)
    assert {k for k, r in cases.items() if r["verdict"] == "fail"} == {
        "new_03_transport_merged", "new_04_water_english", "new_07_environment_ocr"}

    rec = cases["new_03_transport_merged"]["score"]["records"][0]
    assert rec["row_notes"] == [{"row": "候车亭改造验收合格率", "line": 10, "status": "wrong",
                                 "diff": {"level2": "质量≠数量"}}]
    rec = cases["new_07_environment_ocr"]["score"]["records"][0]
    assert [(n["row"], n["status"]) for n in rec["row_notes"]] == [("厨余垃圾分出量达标率", "missing")]

    # the invented row is counted as invented AND flagged by grounding (its name is nowhere in the form)
    water = cases["new_04_water_english"]["score"]
    assert water["records"][0]["row_notes"][0]["row"] == "水质监测信息公开率"
    assert water["records"][0]["row_notes"][0]["ungrounded"] is True
    assert s["grounding"]["invented_flagged"] == 1 and s["metrics"]["grounding.invented_flagged"] == 1

    # the normalised value (不少于1.2万户 -> ≥12000户) scores right, but grounding marks it for review
    assert cases["new_05_agriculture_prose"]["verdict"] == "pass"
    assert cases["new_05_agriculture_prose"]["score"]["grounding"]["unaligned"] == 1
    # the OCR misreading the answer corrected (利用卒 -> 利用率) is fuzzy, not exact
    assert cases["new_07_environment_ocr"]["score"]["grounding"]["fuzzy"] == 1
    assert s["grounding"] == {"exact": 262, "fuzzy": 1, "unaligned": 2, "invented_flagged": 1}

    lay = s["layouts"]
    assert (lay["english_headers"]["invented"], lay["ocr_noisy"]["missing"]) == (1, 1)
    assert lay["xlsx_merged_cells"]["exact"] == 0 and lay["xlsx_merged_cells"]["field_accuracy"] < 1
    assert all(lay[k]["exact"] == 1 for k in ("futian6", "shenshan5", "futian5", "value_before_name",
                                               "unit_first_level2_before_level1", "docx_prose", "docx_other_headers",
                                               "province_nature_weight", "midterm_and_annual_targets"))


def test_outputs_keep_groundings_and_repairs(no_llm_env, tmp_path):
    res = run_suite(SUITE, RunOptions(cache_mode="replay", runs_dir=tmp_path, baseline_dir=tmp_path))
    out = json.loads((res.folder / "outputs" / "new_04_water_english.json").read_text(encoding="utf-8"))
    form = out["forms"][0]
    assert [r["indicator"] for r in form["repairs"]] == ["水质监测信息公开率"]
    unaligned = [g for g in out["groundings"] if g["status"] == "unaligned"]
    assert [g["label"] for g in unaligned] == ["水质监测信息公开率"]
    xlsx = json.loads((res.folder / "outputs" / "new_03_transport_merged.json").read_text(encoding="utf-8"))
    assert xlsx["forms"][0]["indicators"][0]["cell"] == "绩效目标!C8"
    assert "未对齐值" in (res.folder / "summary.md").read_text(encoding="utf-8")


def test_another_model_misses_the_cache_and_names_the_model(no_llm_env):
    no_llm_env.setenv("JIXIAO_MODEL", "gpt-4o-mini")  # the environment wins over the suite's llm block
    res = replay()
    assert res.exit_code == 3 and len(res.summary["infra_errors"]) == 12
    msg = res.summary["infra_errors"][0]["error"]
    assert "缓存未命中" in msg and "gpt-4o-mini" in msg and "scripted-responses" in msg


def test_committed_cache_holds_exactly_the_scripted_answers():
    """Editing a scripted answer without re-recording (evals/extract/record_scripted.py) fails here."""
    from jixiao.extract import ExtractedForm

    def canon(obj):
        return json.dumps(ExtractedForm.model_validate(obj).model_dump(mode="json"), ensure_ascii=False, sort_keys=True)

    scripted = sorted(canon(a["response"]) for p in SCRIPTED.glob("*.json")
                      for a in json.loads(p.read_text(encoding="utf-8"))["answers"])
    cache = REPO / "evals" / "extract" / "llm-cache"
    cached = sorted(canon(json.loads(p.read_text(encoding="utf-8"))["response"]) for p in cache.glob("*/*.json"))
    assert len(scripted) == 12 and cached == scripted
