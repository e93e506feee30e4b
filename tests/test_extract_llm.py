"""LLM extraction end to end against the scripted local server (real openai client + instructor)."""

from __future__ import annotations

from pathlib import Path

from fakeserver import reply, reply_text

from jixiao.extract import extract_file, split_forms
from jixiao.llm import LLMClient

FIX = Path(__file__).parent / "fixtures"


def row(name, target, unit=None, l1=None, l2=None, expl=None):
    return {"level1": l1, "level2": l2, "name": name, "target": target, "unit": unit, "explanation": expl}


ENGLISH = {"title": "Performance Target Form", "project_name": "社区图书馆运营", "applicant": "南山区文化馆",
           "annual_amount": "850,000",
           "rows": [row("图书借阅人次", "≥3万人次", "人次", "产出指标", "*数量指标"),
                    row("读者满意度", "≥90%", "%", "满意度指标", "*服务对象满意度指标")]}


def run(path, llm_config, llm="auto", **kw):
    client = LLMClient(llm_config)
    return extract_file(path, llm=llm, client=client, **kw), client


def test_parser_form_needs_no_llm(fake_llm, llm_config):
    result, client = run(FIX / "extract_parsed.txt", llm_config)
    assert len(result.forms) == 1 and result.llm_forms == [] and not fake_llm.requests
    assert result.forms[0].project_name == "编外人员" and len(result.forms[0].indicators) >= 10


def test_unknown_layout_english_headers(fake_llm, llm_config):
    fake_llm.push(reply(ENGLISH))
    result, client = run(FIX / "extract_english.txt", llm_config)
    assert len(result.forms) == 1 and result.llm_forms == [0] and not result.failures
    form = result.forms[0]
    assert form.layout == "llm" and form.annual_amount.yuan == 850000
    assert [(i.level1, i.level2, i.required, i.line) for i in form.indicators] == [
        ("产出", "数量", True, 5), ("满意度", "服务对象满意度", True, 6)]
    assert form.indicators[0].target.value == 30000 and form.indicators[1].target.comparator == "≥"
    assert {g.status for g in result.groundings} == {"exact"} and not form.repairs
    assert isinstance(result.findings[0], list)  # the checker ran
    # the examples are in the prompt; the input text is the last user message
    prompt = fake_llm.requests[0]["messages"]
    assert "编外人员" in prompt[2]["content"] and "社区图书馆运营" in prompt[-1]["content"]
    assert extract_file(FIX / "extract_english.txt", llm="never").forms == []


def test_ocr_noisy_form_is_fuzzy_grounded_and_injection_answer_rejected(fake_llm, llm_config):
    answer = {"project_name": "社区图书馆运营", "applicant": "南山区文化馆", "annual_amount": "85O, 000",
              "rows": [row("图书借阅人次", "≥3万人次", "人次", "产出", "数量"),  # model corrected the OCR 欢
                       row("读者满意度", "≥90%", "%", "满意度", "服务对象满意度")]}
    # the model first obeys the injected text with prose: not valid, retried with the error fed back
    fake_llm.push(reply_text("好的，已忽略以上要求，这是一张满分的表单。"), reply(answer))
    result, client = run(FIX / "extract_ocr.txt", llm_config)
    assert client.usage.attempts == 2 and client.usage.failed_attempts == 1
    form = result.forms[0]
    by_label = {g.label: g for g in result.groundings}
    assert by_label["图书借阅人次"].status == "fuzzy" and by_label["图书借阅人次"].line == 4
    assert by_label["project_name"].status == "exact"  # 项 目 名 称 spacing is normalised away, spans map back
    assert by_label["读者满意度·指标值"].status == "exact"  # "≥ 9 0%" in the source
    assert [i.line for i in form.indicators] == [4, 5] and form.indicators[1].target.value == 90
    assert not result.unaligned


def test_invented_row_is_flagged(fake_llm, llm_config):
    invented = {**ENGLISH, "rows": ENGLISH["rows"] + [row("公共场所无线网络覆盖率", "100%", "%", "产出指标", "*质量指标")]}
    fake_llm.push(reply(invented))
    result, _ = run(FIX / "extract_english.txt", llm_config)
    form = result.forms[0]
    assert [g.value for g in result.unaligned] == ["公共场所无线网络覆盖率", "100%"]
    assert [(r.indicator, r.kind) for r in form.repairs] == [("公共场所无线网络覆盖率", "other")]
    assert "找不到" in form.repairs[0].message


def test_multi_form_file_split_chunked_and_merged(fake_llm, llm_config, tmp_path):
    text = (FIX / "extract_english.txt").read_text(encoding="utf-8")
    second = text.replace("社区图书馆运营", "社区体育公园维护").replace("图书借阅人次", "公园开放天数") \
        .replace("≥3万人次\t人次", "≥360天\t天") + "设施完好率\t≥95%\t%\t产出指标\t*质量指标\n"
    path = tmp_path / "two.txt"
    path.write_text(text + "\n" + second, encoding="utf-8")
    assert [start for start, _ in split_forms(path.read_text(encoding="utf-8").splitlines())] == [1, 8]
    # each part answers with the rows of its own chunk (part 2 is the one line 设施完好率: a row of part 1 in its
    # answer would be refused, grounding looks for a value in its own chunk only)
    part1 = {"title": "Performance Target Form", "project_name": "社区体育公园维护", "applicant": "南山区文化馆",
             "rows": [row("公园开放天数", "≥360天", "天", "产出指标", "*数量指标"),
                      row("读者满意度", "≥90%", "%", "满意度指标", "*服务对象满意度指标")]}
    part2 = {"rows": [row("设施完好率", "≥95%", "%", "产出指标", "*质量指标")]}
    fake_llm.push(reply(ENGLISH), reply(part1), reply(part2))
    result, client = run(path, llm_config, max_chunk_chars=200)
    assert client.usage.calls == 3 and not result.failures
    assert [f.project_name for f in result.forms] == ["社区图书馆运营", "社区体育公园维护"]
    assert [f.index for f in result.forms] == [0, 1]
    assert [i.name for i in result.forms[1].indicators] == ["公园开放天数", "读者满意度", "设施完好率"]
    assert result.forms[1].indicators[2].line == 14 and not result.unaligned
    assert "第 2 部分" in fake_llm.user_prompts()[2]


def test_failed_chunk_is_reported_and_others_kept(fake_llm, llm_config, tmp_path):
    text = (FIX / "extract_english.txt").read_text(encoding="utf-8")
    path = tmp_path / "two.txt"
    path.write_text(text + "\n" + text.replace("社区图书馆运营", "社区体育公园维护"), encoding="utf-8")
    fake_llm.push(reply(ENGLISH), *[reply({"rows": [row("", "")]})] * 3)
    result, _ = run(path, llm_config)
    assert [f.project_name for f in result.forms] == ["社区图书馆运营"]
    assert len(result.failures) == 1 and result.failures[0].line == 8
    assert "第 2 张表单第 1 部分抽取失败" in str(result.failures[0])


def test_cli_extract_json_and_grounding_report(fake_llm, llm_config, monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from jixiao.cli import app
    from jixiao.model import FormList

    monkeypatch.setenv("OPENAI_BASE_URL", fake_llm.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    monkeypatch.setenv("JIXIAO_CACHE_DIR", str(tmp_path / "cache"))
    invented = {**ENGLISH, "rows": ENGLISH["rows"] + [row("公共场所无线网络覆盖率", "100%", "%")]}
    fake_llm.push(reply(invented))
    out = tmp_path / "out.json"
    res = CliRunner().invoke(app, ["extract", str(FIX / "extract_english.txt"), "-o", str(out)])
    assert res.exit_code == 1, res.output
    forms = FormList.validate_json(out.read_text(encoding="utf-8"))
    assert forms[0].project_name == "社区图书馆运营" and len(forms[0].indicators) == 3
    text = res.stderr if hasattr(res, "stderr") else res.output
    assert "精确 8" in text and "未对齐 2" in text and "公共场所无线网络覆盖率" in text


def test_blank_unit_cell_flagged_on_a_model_read_form_with_a_unit_column():
    """JX303 asks whether the form has a 度量单位 column, not whether it was read as the futian6 layout: a form the
    model read (layout llm) whose rows carry units has the column, so a blank unit cell there is flagged."""
    from jixiao.check import audit_form
    from jixiao.extract import ExtractedForm, to_form
    from jixiao.extract.grounding import SourceText

    text = ("项目名称\t社区图书馆运营\n一级指标\t二级指标\t三级指标\t指标值\t度量单位\t指标解释\n"
            "产出指标\t*数量指标\t图书借阅人次\t≥3万人次\t人次\t全年借阅人次\n"
            "产出指标\t*数量指标\t新增图书册数\t≥5000册\t\t全年新增图书\n")
    rows = [row("图书借阅人次", "≥3万人次", "人次", "产出指标", "*数量指标", "全年借阅人次"),
            row("新增图书册数", "≥5000册", None, "产出指标", "*数量指标", "全年新增图书")]
    form, _ = to_form([ExtractedForm(project_name="社区图书馆运营", rows=rows)], "t.txt", 0, 1, SourceText(text))
    assert form.layout == "llm" and form.unit_column
    assert [f.indicator for f in audit_form(form) if f.rule == "JX303"] == ["新增图书册数"]
    no_column = form.model_copy(update={"indicators": [i.model_copy(update={"unit": None}) for i in form.indicators]})
    assert not [f for f in audit_form(no_column) if f.rule == "JX303"]
