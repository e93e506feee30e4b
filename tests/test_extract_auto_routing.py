"""`jixiao extract --llm auto` routing: the parser is trusted with the forms of known layouts and every form it
misreads goes to the model, with the reasons in Chinese (ExtractResult.routes, the CLI's stderr)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from fakeserver import reply
from seeds import seed

from jixiao.extract import assess, extract_file, plan
from jixiao.llm import LLMClient
from jixiao.parse import parse_path, parse_text

REPO = Path(__file__).resolve().parents[1]
INPUTS = REPO / "evals" / "extract" / "inputs"
SCRIPTED = REPO / "evals" / "extract" / "scripted"
CHECKER_FORMS = REPO / "evals" / "checker" / "forms"
CLEAN = CHECKER_FORMS / "clean_01_education_teacher_training.txt"
DOUBTED = REPO / "tests" / "fixtures" / "reader" / "doubted_sports.txt"  # a column the reader cannot map: 核查人


def scripted(case: str) -> dict:
    return json.loads((SCRIPTED / f"{case}.json").read_text(encoding="utf-8"))["answers"][0]["response"]


def sent(path) -> list:
    return [r for r in plan(path)[1] if r.sent]


# -- calibration: seed layouts stay with the parser ---------------------------------------------------------

@pytest.mark.parametrize("prefix,targets", [("000", 20), ("001", 38), ("002", 14), ("003", 9)])
def test_every_seed_target_form_is_trusted(prefix, targets):
    parsed, routes, _ = plan(seed(prefix))
    assert sum(f.kind in ("target", "department") for f in parsed.forms) == targets  # 81 in all
    assert len(routes) == len(parsed.forms) and [r for r in routes if r.sent] == []
    assert all(r.reasons == [] for r in routes)


def test_checker_forms_are_trusted():
    files = sorted(CHECKER_FORMS.glob("*.txt"))
    cases = (CHECKER_FORMS.parent / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(files) == len([c for c in cases if c.strip()]) >= 59  # every case's form, none missed by the glob
    # the one form labelled `unreadable` is the one the reader doubts
    assert [f.name for f in files if sent(f)] == ["defect_23_civil_elder_canteen.txt"]


# -- layouts the old parser misread are read by meaning now, and trusted only when read right -----------------------

@pytest.mark.parametrize("name", ["new_01_education_reordered.txt", "new_02_health_unit_first.txt",
                                  "new_03_transport_merged.xlsx", "new_06_culture_docx_table.docx",
                                  "new_08_civil_province.txt", "new_09_sports_two_targets.txt"])
def test_other_layouts_are_read_and_trusted(name):
    parsed, routes, _ = plan(INPUTS / name)
    (r,) = routes
    assert not r.sent and r.reasons == [] and assess(parsed.forms[0]) == []
    assert all(i.name and i.target.typed for i in parsed.forms[0].indicators if not i.not_applicable)


def test_two_target_columns_read_the_annual_one_and_keep_the_other():
    (form,) = parse_path(INPUTS / "new_09_sports_two_targets.txt").forms
    first = form.indicators[0]
    assert (first.target.value, first.unit, first.extra) == (60, "处", {"中期指标值": "≥120处"})


@pytest.mark.parametrize("name,why", [
    ("new_04_water_english.txt", "解析器报错：未找到任何绩效目标申报表"),
    ("new_05_agriculture_prose.docx", "表单没有可识别的指标表"),
    ("new_07_environment_ocr.txt", "列可能错位"),  # OCR: the header's words are read, the rows' values are not
])
def test_forms_the_reader_cannot_read_go_to_the_model(name, why):
    (r,) = plan(INPUTS / name)[1]
    assert r.sent and any(why in x for x in r.reasons)


def test_every_misread_extract_input_is_sent_and_the_rest_kept():
    routed = {p.name: bool(sent(p)) for p in INPUTS.iterdir() if p.suffix in (".txt", ".xlsx", ".docx")}
    assert {n for n, s in routed.items() if s} == {"new_04_water_english.txt", "new_05_agriculture_prose.docx",
                                                    "new_07_environment_ocr.txt"}


# -- each doubt the reader reports sends the form (a clean seed-layout form, changed in one way) ---------------------

def _doubts(text: str) -> list[str]:
    return assess(parse_text(text, "x.txt").forms[0])


def _with_column(text: str, header: str, cell: str) -> str:
    out = []
    for ln in text.splitlines():
        if ln.startswith("一级指标\t"):
            out.append(ln + "\t" + header)
        elif out and any(o.startswith("一级指标\t") for o in out):
            out.append(ln + "\t" + cell)
        else:
            out.append(ln)
    return "\n".join(out) + "\n"


def test_doubts_unmapped_column_and_columns_in_another_order():
    clean = CLEAN.read_text(encoding="utf-8")
    assert _doubts(clean) == []
    assert _doubts(_with_column(clean, "权重", "10")) == []  # a known column: read into Indicator.weight
    assert parse_text(_with_column(clean, "权重", "10"), "x.txt").forms[0].indicators[0].weight == 10
    assert _doubts(_with_column(clean, "Weight", "10")) == ["指标表的“Weight”列无法识别，其内容按原文保留，未参与审核"]
    swapped = clean.replace("一级指标\t二级指标\t三级指标\t指标值\t度量单位\t指标解释",
                            "一级指标\t二级指标\t三级指标\t指标值\t指标解释\t度量单位")
    # columns in another order are read by heading, so nothing is in doubt and the cells land right
    lines = clean.splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("一级指标\t"))
    moved = "\n".join([*lines[:at], swapped.splitlines()[at], *[
        "\t".join([*c[:4], c[5], c[4]]) if len(c := ln.split("\t")) == 6 else ln for ln in lines[at + 1:]]]) + "\n"
    assert _doubts(moved) == []
    assert parse_text(moved, "x.txt").forms[0].indicators == parse_text(clean, "x.txt").forms[0].indicators
    # a caption over the table is no second header row
    caption = "\n".join([*lines[:at], "绩效指标", *lines[at:]]) + "\n"
    assert _doubts(caption) == []


def test_doubts_a_table_without_a_readable_header():
    clean = CLEAN.read_text(encoding="utf-8")
    lines = clean.splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("一级指标\t"))
    merged = "\n".join([*lines[:at], "绩效指标", *lines[at + 1:]]) + "\n"  # the caption left, the names lost
    (form,) = parse_text(merged, "x.txt").forms
    assert form.indicators == [] and [i.kind for i in form.read_issues] == ["merged_header"]
    assert "没有找到可识别的指标表表头" in form.read_issues[0].message


def test_budget_report_stays_with_the_parser():
    # the model reads target forms only: a budget report (no indicator) sent to it would be lost
    parsed, routes, _ = plan(seed("002"))
    kinds = {f.kind: r.sent for f, r in zip(parsed.forms, routes)}
    assert kinds == {"budget_report": False, "target": False, "department": False}


# -- end to end against the scripted server ---------------------------------------------------------------------

def run(path, llm_config):
    client = LLMClient(llm_config)
    return extract_file(path, llm="auto", client=client), client


def test_auto_sends_only_the_doubted_form_of_a_file(fake_llm, llm_config, tmp_path):
    path = tmp_path / "two.txt"
    path.write_text(CLEAN.read_text(encoding="utf-8") + "\n" + DOUBTED.read_text(encoding="utf-8"), encoding="utf-8")
    fake_llm.push(reply(scripted("new_09_sports_two_targets")))
    result, client = run(path, llm_config)
    assert client.usage.calls == 1 and [r.sent for r in result.routes] == [False, True]
    assert "社区全民健身设施更新" in fake_llm.user_prompts()[0] and "教师" not in fake_llm.user_prompts()[0]
    assert result.llm_forms == [1] and [f.layout for f in result.forms] == ["futian6", "llm"]


def test_auto_trusted_file_calls_no_model(fake_llm, llm_config):
    result, client = run(CLEAN, llm_config)
    assert not fake_llm.requests and result.llm_forms == [] and [r.sent for r in result.routes] == [False]
    assert result.forms == parse_path(CLEAN).forms


def test_cli_auto_prints_why_forms_went_to_the_model(fake_llm, llm_config, monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from jixiao.cli import app

    monkeypatch.setenv("OPENAI_BASE_URL", fake_llm.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    monkeypatch.setenv("JIXIAO_CACHE_DIR", str(tmp_path / "cache"))
    fake_llm.push(reply(scripted("new_09_sports_two_targets")))
    res = CliRunner().invoke(app, ["extract", str(CLEAN), str(DOUBTED), "-o", str(tmp_path / "out.json")])
    assert res.exit_code == 0, res.output
    err = "".join(res.stderr.split())  # rich wraps long lines
    assert "路由" in err and "“社区全民健身设施更新”交给模型：指标表的“核查人”列无法识别" in err
    assert "解析器可信1张表单，交给模型1处" in err
    assert "教师" not in err  # the trusted form is not listed


# -- the routing figure -------------------------------------------------------------------------------------------

def test_routing_figure_has_no_misrouted_form():
    seed("000")  # skips without the seed forms
    spec = importlib.util.spec_from_file_location("routing", REPO / "evals" / "extract" / "routing.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    res = mod.routing()
    by_set = {s["set"]: s for s in res["sets"]}
    assert res["misrouted"] == []
    assert (by_set["seeds 000-003"]["target_forms"], by_set["seeds 000-003"]["sent"]) == (80, 0)
    # doubted self-evaluations are kept with the parser for review, never sent (they count as trusted)
    assert [by_set["seed 004 (self)"][k] for k in ("forms", "trusted", "review", "sent")] == [48, 48, 26, 0]
    assert len(res["review"]) == 26 and all(e["reasons"] for e in res["review"])
    assert (by_set["checker forms"]["trusted"], by_set["checker forms"]["sent"]) == (58, 1)  # the unreadable one sent
    assert (by_set["extract inputs"]["trusted"], by_set["extract inputs"]["sent"]) == (8, 3)
