"""`jixiao extract --llm auto` routing: the parser is trusted with the forms of known layouts and every form it
misreads goes to the model, with the reasons in Chinese (ExtractResult.routes, the CLI's stderr)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from fakeserver import reply
from seeds import seed

from jixiao.extract import assess, extract_file, plan, read_source, source_doubts
from jixiao.llm import LLMClient
from jixiao.parse import parse_path, parse_text

REPO = Path(__file__).resolve().parents[1]
INPUTS = REPO / "evals" / "extract" / "inputs"
SCRIPTED = REPO / "evals" / "extract" / "scripted"
CHECKER_FORMS = REPO / "evals" / "checker" / "forms"
CLEAN = CHECKER_FORMS / "clean_01_education_teacher_training.txt"


def scripted(case: str) -> dict:
    return json.loads((SCRIPTED / f"{case}.json").read_text(encoding="utf-8"))["answers"][0]["response"]


def sent(path) -> list:
    return [r for r in plan(path)[1] if r.sent]


# -- calibration: seed layouts stay with the parser ---------------------------------------------------------

@pytest.mark.parametrize("prefix,targets", [("000", 20), ("001", 38), ("002", 13), ("003", 9)])
def test_every_seed_target_form_is_trusted(prefix, targets):
    parsed, routes, _ = plan(seed(prefix))
    assert sum(f.kind == "target" for f in parsed.forms) == targets  # 80 in all
    assert len(routes) == len(parsed.forms) and [r for r in routes if r.sent] == []
    assert all(r.reasons == [] for r in routes)


def test_checker_forms_are_trusted():
    files = sorted(CHECKER_FORMS.glob("*.txt"))
    cases = (CHECKER_FORMS.parent / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(files) == len([c for c in cases if c.strip()]) >= 58  # every case's form, none missed by the glob
    assert {f.name: [str(r) for r in sent(f)] for f in files if sent(f)} == {}


# -- the two forms the parser misread silently before ---------------------------------------------------------

def test_merged_header_xlsx_goes_to_the_model():
    path = INPUTS / "new_03_transport_merged.xlsx"
    parsed, routes, _ = plan(path)
    # the record alone looks fine (typed values, names), only the source shows the lost columns
    assert assess(parsed.forms[0]) == [] and parsed.forms[0].indicators[0].unit is None
    (r,) = routes
    assert r.sent and r.reasons == ["表头分两行（合并单元格）：绩效指标、指标值、度量单位、指标解释 在第 6 行，解析器只按第 7 行读列"]
    assert str(r).endswith("“公交候车亭提升改造”交给模型：" + r.reasons[0])


def test_two_target_columns_go_to_the_model():
    (r,) = plan(INPUTS / "new_09_sports_two_targets.txt")[1]
    assert r.sent and r.reasons == ["6 个度量单位读起来像指标值（如“≥60处”），列可能错位",
                                    "表头有 2 列指标值（中期指标值、年度指标值），解析器只读其中一列"]


def test_every_misread_extract_input_is_sent_and_seed_inputs_kept():
    routed = {p.name: bool(sent(p)) for p in INPUTS.iterdir() if p.suffix in (".txt", ".xlsx", ".docx")}
    assert routed == {**{n: True for n in routed if n.startswith("new_")},
                      "seed_002_518_wangge_xinxi.txt": False, "seed_003_031_chuangkou_peixun.txt": False}


# -- each source signal on its own (a clean seed-layout form, changed in one way) -------------------------------

def _doubts(text: str) -> list[str]:
    form = parse_text(text, "x.txt").forms[0]
    return source_doubts(form, text.splitlines())


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


def test_signals_unmapped_column_order_and_second_header_row():
    clean = CLEAN.read_text(encoding="utf-8")
    assert _doubts(clean) == []
    assert _doubts(_with_column(clean, "权重", "10")) == ["表头有解析器不读的列：权重"]
    assert _doubts(_with_column(clean, "Weight", "10")) == ["表头有解析器不读的列：Weight"]
    swapped = clean.replace("一级指标\t二级指标\t三级指标\t指标值\t度量单位\t指标解释",
                            "一级指标\t二级指标\t三级指标\t指标值\t指标解释\t度量单位")
    assert _doubts(swapped) == ["表头列顺序为 一级指标、二级指标、三级指标、指标值、指标解释、度量单位，"
                                "与解析器读的顺序（一级指标、二级指标、三级指标、指标值…）不同"]
    # a sub-header row under the header (中期 / 年度 split of the 指标值 column)
    lines = clean.splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("一级指标\t"))
    split = "\n".join([*lines[:at + 1], "\t\t\t年度指标值\t\t", *lines[at + 1:]]) + "\n"
    assert [d.split("：")[0] for d in _doubts(split)] == ["表头分两行（合并单元格）"]
    # a caption over the table is no second header row
    caption = "\n".join([*lines[:at], "绩效指标", *lines[at:]]) + "\n"
    assert _doubts(caption) == []


def test_signal_table_row_not_read_as_indicator():
    text = CLEAN.read_text(encoding="utf-8")
    form = parse_text(text, "x.txt").forms[0]
    dropped = form.indicators.pop(1)  # as if the parser had skipped a row
    assert source_doubts(form, text.splitlines()) == [f"表格中有 1 行带指标值的行没有读成指标（第 {dropped.line} 行）"]


def test_budget_report_stays_with_the_parser():
    # the model reads target forms only: a budget report (no indicator) sent to it would be lost
    parsed, routes, _ = plan(seed("002"))
    kinds = {f.kind: r.sent for f, r in zip(parsed.forms, routes)}
    assert kinds == {"budget_report": False, "target": False}


# -- end to end against the scripted server ---------------------------------------------------------------------

def run(path, llm_config):
    client = LLMClient(llm_config)
    return extract_file(path, llm="auto", client=client), client


def test_auto_two_targets_end_to_end(fake_llm, llm_config):
    fake_llm.push(reply(scripted("new_09_sports_two_targets")))
    result, client = run(INPUTS / "new_09_sports_two_targets.txt", llm_config)
    assert client.usage.calls == 1 and result.llm_forms == [0] and not result.failures
    assert [r.sent for r in result.routes] == [True] and "2 列指标值" in result.routes[0].reasons[1]
    form = result.forms[0]
    assert form.layout == "llm" and form.indicators[0].target.value == 60  # the annual column, not ≥120处
    assert [i.unit for i in form.indicators][:2] == ["处", "%"] and not result.unaligned


def test_auto_merged_xlsx_end_to_end(fake_llm, llm_config):
    fake_llm.push(reply(scripted("new_03_transport_merged")))
    result, client = run(INPUTS / "new_03_transport_merged.xlsx", llm_config)
    assert client.usage.calls == 1 and result.llm_forms == [0]
    form = result.forms[0]
    assert form.indicators[0].unit == "座" and form.indicators[0].explanation == "考察全年完成提升改造的公交候车亭数量。"
    assert form.indicators[0].cell == "绩效目标!C8"


def test_auto_sends_only_the_misread_form_of_a_file(fake_llm, llm_config, tmp_path):
    path = tmp_path / "two.txt"
    path.write_text(CLEAN.read_text(encoding="utf-8") + "\n" +
                    (INPUTS / "new_09_sports_two_targets.txt").read_text(encoding="utf-8"), encoding="utf-8")
    fake_llm.push(reply(scripted("new_09_sports_two_targets")))
    result, client = run(path, llm_config)
    assert client.usage.calls == 1 and [r.sent for r in result.routes] == [False, True]
    assert "社区全民健身设施更新" in fake_llm.user_prompts()[0] and "教师" not in fake_llm.user_prompts()[0]
    assert result.llm_forms == [1] and [f.layout for f in result.forms] == ["futian6", "llm"]
    assert result.forms[1].indicators[0].line == read_source(path)[0].splitlines().index(
        "产出指标\t*数量指标\t更新健身路径数量\t≥120处\t≥60处\t处") + 1


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
    res = CliRunner().invoke(app, ["extract", str(CLEAN), str(INPUTS / "new_09_sports_two_targets.txt"),
                                   "-o", str(tmp_path / "out.json")])
    assert res.exit_code == 0, res.output
    err = "".join(res.stderr.split())  # rich wraps long lines
    assert "路由" in err and "“社区全民健身设施更新”交给模型：6个度量单位读起来像指标值" in err
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
    assert [by_set["seed 004 (self)"][k] for k in ("forms", "trusted", "review", "sent")] == [48, 48, 13, 0]
    assert len(res["review"]) == 13 and all(e["reasons"] for e in res["review"])
    assert (by_set["checker forms"]["trusted"], by_set["checker forms"]["sent"]) == (58, 0)  # every checker form, the 10 held-out ones too
    assert (by_set["extract inputs"]["trusted"], by_set["extract inputs"]["sent"]) == (2, 9)
