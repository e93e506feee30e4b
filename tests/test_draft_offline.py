"""Offline drafting on descriptions unlike the seeds (evals/draft/cases.jsonl), the text round trip, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.draft import DraftInputError, draft, ordered, read_description, render_text
from jixiao.fewshots import load_library
from jixiao.parse import parse_text

CASES = [json.loads(line) for line in
         (Path(__file__).resolve().parents[1] / "evals" / "draft" / "cases.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]


@pytest.fixture(scope="module")
def library():
    return load_library()


def test_there_are_enough_cases_in_unlike_domains():
    assert len(CASES) >= 10
    assert {"school", "road", "clinic", "river", "library"} <= {t for c in CASES for t in c["tags"]}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_offline_draft_meets_the_case(case, library):
    """Every assertion of the draft suite (evals/draft: amounts and their roles, every stated quantity, limit and rate,
    the applicant, the period, whole names, a written 年度目标, no checker error) holds for every case."""
    from jixiao.evals.draft import assertions
    from jixiao.evals.suite import DraftCase, Suite

    result = draft(case["description"], offline=True, library=library)
    form = result.form
    failed = [(a["name"], a["message"]) for a in assertions(DraftCase.model_validate(case), form, {},
                                                            Suite(name="draft", kind="draft")) if a["status"] == "fail"]
    assert not failed, failed
    # a time row, and any deadline inside the budget year (not always 12月31日前: a stated limit or a 及时率)
    assert [i for i in form.applicable() if i.level2 == "时效"]
    deadlines = [i.target.deadline for i in form.indicators if i.target.kind == "deadline"]
    assert all(d.year == form.budget_year for d in deadlines)


def test_outputs_keep_the_counted_units():
    d = read_description("采购10台服务器，预算30万元，2025年完成")
    (out,) = d.outputs
    assert (out.verb, out.obj, out.value, out.unit) == ("采购", "服务器", 10, "台")
    result = draft("采购10台服务器，预算30万元，2025年完成", offline=True)
    row = next(i for i in result.form.indicators if i.level2 == "数量")
    assert (row.name, row.target.raw, row.unit) == ("采购服务器数量", "≥10台", "台")


def test_amounts_in_yuan_and_total_vs_annual():
    d = read_description("2026年新建社区长者食堂4个，项目总投资300万元，其中本年度安排150万元，实施期限2年。")
    assert (d.total_yuan, d.annual_yuan, d.period_years) == (3_000_000, 1_500_000, 2)
    result = draft("2026年新建社区长者食堂4个，项目总投资300万元，其中本年度安排150万元，实施期限2年。", offline=True)
    assert (result.draft.amount_unit, result.draft.total_amount, result.draft.annual_amount) == ("万元", 300, 150)
    assert result.draft.long_goal  # a multi-year project has a 长期目标
    d = read_description("2025年购买图书3000册，资金45000元")
    assert d.annual_yuan == 45000
    assert draft("2025年购买图书3000册，资金45000元", offline=True).draft.amount_unit == "元"


@pytest.mark.parametrize("text", ["", "   ", "啊啊啊啊啊啊啊", "asdf qwer", "12345"])
def test_empty_or_meaningless_description_is_refused(text):
    assert not read_description(text).meaningful
    with pytest.raises(DraftInputError, match="项目描述为空或无法理解"):
        draft(text, offline=True)


@pytest.mark.parametrize("case", CASES[:4], ids=[c["id"] for c in CASES[:4]])
def test_text_layout_parses_back_into_the_same_record(case, library):
    result = draft(case["description"], offline=True, library=library)
    text = render_text(result.draft)
    parsed = parse_text(text, "roundtrip.txt")
    assert not parsed.errors and len(parsed.forms) == 1
    form, d = parsed.forms[0], result.draft
    # every drafted row comes back where it was written, with its values as written (result.form is itself read
    # from this text, so compare with the DraftForm the model or drafter filled in)
    assert [(i.level1, i.level2, i.name, i.target.raw, i.unit, i.explanation or "") for i in form.indicators] == [
        (r.level1, r.level2, r.name, r.target, r.unit, r.explanation) for r in ordered(d.indicators)]
    factor = 1e4 if d.amount_unit == "万元" else 1
    assert (form.project_name, form.annual_amount.yuan) == (d.project_name, round(d.annual_amount * factor, 2))
    assert not form.repairs  # the layout needed no repair to read


# -- CLI --------------------------------------------------------------------------------------------------

def test_cli_offline_text_round_trip(tmp_path, no_llm_env):
    out = tmp_path / "draft.txt"
    r = CliRunner().invoke(app, ["draft", CASES[0]["description"], "--format", "text", "--output", str(out)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["parse", str(out)])
    assert r.exit_code == 0
    (form,) = json.loads(r.stdout)
    assert form["annual_amount"]["yuan"] == CASES[0]["expect"]["amounts_yuan"][0]


def test_cli_json_and_md_from_file(tmp_path, no_llm_env):
    desc = tmp_path / "desc.txt"
    desc.write_text(CASES[3]["description"], encoding="utf-8")
    r = CliRunner().invoke(app, ["draft", "--file", str(desc), "--format", "json"])
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["mode"] == "offline" and not [f for f in data["findings"] if f["severity"] == "error"]
    r = CliRunner().invoke(app, ["draft", "--file", str(desc), "--format", "md", "--offline"])
    assert r.exit_code == 0 and "| 一级指标 |" in r.stdout


def test_cli_meaningless_description_exits_2(no_llm_env):
    r = CliRunner().invoke(app, ["draft", "啊啊啊"])
    assert r.exit_code == 2 and "项目描述为空或无法理解" in r.output
    r = CliRunner().invoke(app, ["draft"])
    assert r.exit_code == 2 and "项目描述为空" in r.output


def test_cli_llm_run_prints_usage(fake_llm, llm_config, monkeypatch, tmp_path):
    from fakeserver import reply

    from jixiao.draft import offline_draft

    answer = offline_draft(read_description(CASES[0]["description"]))[0].model_dump(mode="json")
    fake_llm.push(reply(answer))
    monkeypatch.setenv("OPENAI_BASE_URL", fake_llm.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "test")
    monkeypatch.setenv("JIXIAO_CACHE_DIR", str(tmp_path / "cache"))
    r = CliRunner().invoke(app, ["draft", CASES[0]["description"], "--format", "text", "--max-prompt-tokens", "8000"])
    assert r.exit_code == 0, r.output
    assert "模型调用 1 次" in r.stderr and "token" in r.stderr
    assert "二级项目支出绩效目标申报表" in r.stdout


def test_a_unit_price_is_not_the_project_amount():
    # 500元/月 is a rate per person, not money requested: the budget is the 120万元
    d = read_description("2025年为辖区200名老年人发放生活补贴，标准500元/月，预算120万元")
    assert d.annual_yuan == 1_200_000.0
    assert [m.yuan for m in d.unit_prices] == [500.0]


@pytest.mark.parametrize("words, years", [("六年", 6), ("6年", 6), ("两年", 2)])
def test_the_period_in_any_numeral(words, years):
    """六年 is read like 6年 (values.CN_NUMERAL), not only 一 to 五."""
    assert read_description(f"为社区采购健身器材，实施期限为{words}，2026年起实施。").period_years == years


@pytest.mark.parametrize("span", ["三年", "两年", "5年"])
def test_a_total_over_any_number_of_years_is_the_multi_year_total(span):
    """A total over 两年 or 5年 is a multi-year total like one over 三年, not this year's amount."""
    d = read_description(f"{span}预算300万元，2026年安排100万元完成健身器材更新。")
    assert (d.total_yuan, d.annual_yuan) == (3_000_000.0, 1_000_000.0)


def test_audit_and_signoff_read_the_json_draft_writes(tmp_path, no_llm_env):
    """`jixiao draft -o d.json` → `jixiao audit d.json` and `jixiao signoff d.json` read the same form; a draft left with
    待填 (no amount stated) is audited with its open findings and refused at sign-off."""
    out = tmp_path / "draft.json"
    r = CliRunner().invoke(app, ["draft", CASES[0]["description"], "--format", "json", "-o", str(out)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["audit", str(out), "--format", "json"])
    assert r.exit_code == 0, r.output
    (form,) = json.loads(r.stdout)["forms"]
    assert form["project_name"] == json.loads(out.read_text(encoding="utf-8"))["form"]["project_name"]
    r = CliRunner().invoke(app, ["signoff", str(out), "--reviewer", "王审核", "--ledger", str(tmp_path / "l.sqlite")])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["signoff", str(out), "--verify", "--ledger", str(tmp_path / "l.sqlite")])
    assert r.exit_code == 0, r.output

    open_ = tmp_path / "open.json"
    r = CliRunner().invoke(app, ["draft", "2026年为辖区独居老人安装智能烟感报警器500个。", "-o", str(open_)])
    assert r.exit_code == 1 and "待填" in r.stderr  # the amount is left for a person, and said so
    r = CliRunner().invoke(app, ["audit", str(open_)])
    assert r.exit_code == 1 and "待填" in r.stdout
    r = CliRunner().invoke(app, ["signoff", str(open_), "--reviewer", "王审核", "--ledger", str(tmp_path / "l.sqlite")])
    assert r.exit_code != 0 and "拒绝签核" in r.output  # an amount still 待填 cannot be signed
