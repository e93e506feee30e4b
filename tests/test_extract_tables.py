"""LLM extraction of Excel and Word input against the scripted local server (real openai client + instructor):
the model reads the readers' rows as tab-separated text, and every value points back to its sheet/table cell."""

from __future__ import annotations

from pathlib import Path

from fakeserver import reply

from jixiao.extract import extract_file, read_source, split_forms, well_read
from jixiao.llm import LLMClient
from jixiao.parse import parse_path

INPUTS = Path(__file__).resolve().parents[1] / "evals" / "extract" / "inputs"


def row(name, target, unit=None, l1=None, l2=None, expl=None, comparator=None):
    out = {"level1": l1, "level2": l2, "name": name, "target": target, "unit": unit, "explanation": expl}
    if comparator is not None:
        out["comparator"] = comparator
    return out


def run(path, llm_config, llm="always"):
    client = LLMClient(llm_config)
    return extract_file(path, llm=llm, client=client), client


XLSX_ANSWER = {
    "title": "二级项目支出绩效目标申报表", "project_code": "440304262050200100033", "project_name": "公交候车亭提升改造",
    "applicant": "深圳市福田区交通运输局（本级）", "department": "深圳市福田区交通运输局",
    "total_amount": "560", "annual_amount": "560",
    "rows": [row("改造公交候车亭数量", "≥80座", "座", "产出指标", "*数量指标"),
             row("新增候车亭电子站牌数量", "≥40块", "块", "产出指标", "*数量指标"),
             row("公交乘客满意度", "≥90%", "%", "满意度指标", "*服务对象满意度指标")],
}


def test_xlsx_merged_cells_text_and_cell_references(fake_llm, llm_config):
    fake_llm.push(reply(XLSX_ANSWER))
    result, client = run(INPUTS / "new_03_transport_merged.xlsx", llm_config)
    assert client.usage.calls == 1 and not result.failures and result.llm_forms == [0]
    sent = fake_llm.user_prompts()[0]
    # one line per sheet row, cells joined by tabs; merged cells are blank after their first cell
    assert "\n\t\t新增候车亭电子站牌数量\t≥40块\t块\t考察全年新增安装的电子站牌数量。\n" in sent
    assert "\n绩效指标\t\t\t指标值\t度量单位\t指标解释\n一级指标\t二级指标\t三级指标\n" in sent
    form = result.forms[0]
    assert [(i.name, i.line, i.cell) for i in form.indicators] == [
        ("改造公交候车亭数量", 8, "绩效目标!C8"), ("新增候车亭电子站牌数量", 9, "绩效目标!C9"),
        ("公交乘客满意度", 14, "绩效目标!C14")]
    assert [(i.level1, i.level2, i.required) for i in form.indicators][1] == ("产出", "数量", True)
    # header values: canonical field names, the cell they were read from, 万元 from the label before the value
    assert form.fields["项目名称"].cell == "绩效目标!E2"
    assert form.fields["申请单位"].cell == "绩效目标!B3"
    assert form.fields["一级预算单位"].cell == "绩效目标!E3"  # the whole cell, not the start of B3's 申请单位 text
    assert form.annual_amount.yuan == 5_600_000 and form.annual_amount.unit == "万元"
    by_label = {g.label: g for g in result.groundings}
    g = by_label["新增候车亭电子站牌数量·指标值"]
    assert (g.status, g.line, g.cell, g.start, g.end) == ("exact", 9, "绩效目标!D9", 0, 4)
    assert by_label["公交乘客满意度"].cell == "绩效目标!C14" and not result.unaligned


def test_docx_table_with_other_headers(fake_llm, llm_config):
    answer = {"project_name": "公共图书馆总分馆服务体系建设", "project_code": "440304262070300100019",
              "applicant": "深圳市福田区图书馆", "department": "深圳市福田区文化广电旅游体育局",
              "annual_amount": "2,150,000.00",
              "rows": [row("新建社区分馆数量", "≥6个", "个", "产出", "数量"),
                       row("年度新增馆藏图书", "≥30000册", "册", "产出", "数量"),
                       row("读者满意度", "≥92%", "%", "满意度", "服务对象满意度")]}
    fake_llm.push(reply(answer))
    result, _ = run(INPUTS / "new_06_culture_docx_table.docx", llm_config)
    sent = fake_llm.user_prompts()[0]
    assert "项目名称\t公共图书馆总分馆服务体系建设\n" in sent
    assert "\n\t\t年度新增馆藏图书\t≥30000册\t册\t全年新增入藏图书册数。\n" in sent  # vertically merged cells blank
    form = result.forms[0]
    assert [(i.line, i.cell) for i in form.indicators] == [(9, "表2!R2C3"), (10, "表2!R3C3"), (14, "表2!R7C3")]
    assert form.fields["项目名称"].cell == "表1!R1C2" and form.annual_amount.yuan == 2_150_000
    assert [(i.level1, i.level2) for i in form.indicators] == [("产出", "数量"), ("产出", "数量"),
                                                               ("满意度", "服务对象满意度")]
    # the reader reads the same form by meaning (考核维度 / 考核要点 hold level names; 绩效指标 names the rows),
    # across the document's two tables, with the same rows and cells: auto mode keeps it
    (parsed,) = parse_path(INPUTS / "new_06_culture_docx_table.docx").forms
    assert well_read(parsed) and len(parsed.indicators) == 6
    assert [(i.level1, i.level2, i.cell) for i in parsed.indicators][::5] == [
        ("产出", "数量", "表2!R2C3"), ("满意度", "服务对象满意度", "表2!R7C3")]


def test_docx_prose_auto_mode_two_rows_in_one_paragraph(fake_llm, llm_config):
    answer = {"project_name": "2026年高标准农田建设", "total_amount": "1,250万元", "annual_amount": "625万元",
              "rows": [row("新建高标准农田面积", "不少于3000亩", None, "产出指标", "数量指标"),
                       row("新建和改造灌排渠道长度", "不少于12公里", None, "产出指标", "数量指标"),
                       row("受益农户数量", "≥12000户", None, "效益指标", "社会效益指标")]}
    fake_llm.push(reply(answer))
    path = INPUTS / "new_05_agriculture_prose.docx"
    parsed = parse_path(path).forms
    assert len(parsed) == 1 and not well_read(parsed[0])  # a header and no indicator: not trusted
    result, client = run(path, llm_config, llm="auto")
    assert client.usage.calls == 1 and result.llm_forms == [0] and len(result.forms) == 1
    form = result.forms[0]
    assert form.total_amount.yuan == 12_500_000 and form.annual_amount.yuan == 6_250_000
    by_label = {g.label: g for g in result.groundings}
    a, b = by_label["新建高标准农田面积"], by_label["新建和改造灌排渠道长度"]
    assert a.cell == b.cell == "正文!P10" and a.line == b.line == 10 and a.end <= b.start
    assert form.indicators[1].target.comparator == "≥" and form.indicators[1].target.value == 12
    # 不少于1.2万户 rewritten as ≥12000户: the same number, but not in the text -> unaligned and marked
    assert [g.label for g in result.unaligned] == ["受益农户数量·指标值"]
    assert [r.indicator for r in form.repairs] == ["受益农户数量"] and "指标值" in form.repairs[0].message


def test_read_source_keeps_one_line_per_row(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "表 A"
    ws.append(["项目名称", "多行\n单元格"])
    ws.append([])
    ws.append(["三级指标", "指标值"])
    wb.save(tmp_path / "a.xlsx")
    text, where = read_source(tmp_path / "a.xlsx")
    assert text.splitlines() == ["项目名称\t多行 单元格", "", "三级指标\t指标值"]
    assert [where.line(n) for n in (1, 2, 3)] == [1, 2, 3] and where.rows[2].refs == ["'表 A'!A3", "'表 A'!B3"]


def test_separate_comparator_column_and_long_english_title(fake_llm, llm_config):
    path = INPUTS / "new_08_civil_province.txt"
    (parsed,) = parse_path(path).forms  # the reader: 指标性质 holds the comparator, 权重 the weight
    assert [(i.target.comparator, i.target.value, i.unit, i.weight) for i in parsed.indicators][:2] == [
        ("≥", 3200, "人", 20), ("≥", 96000, "小时", 10)]
    assert parsed.indicators[5].extra == {"指标性质": "定性"} and parsed.annual_amount.yuan == 9_600_000
    answer = {"project_name": "2026年居家养老服务补贴", "annual_amount": "960.00",
              "rows": [row("享受补贴老年人数", "3200", "人", "产出指标", "数量指标", comparator="≥"),
                       row("补贴按月发放及时率", "100", "%", "产出指标", "时效指标", comparator="＝"),
                       row("老年人居家生活照料问题解决情况", "有效改善", None, "效益指标", "社会效益指标",
                           comparator="定性")]}
    fake_llm.push(reply(answer))
    result, _ = run(path, llm_config)
    t = [i.target for i in result.forms[0].indicators]
    assert [(x.comparator, x.value) for x in t[:2]] == [("≥", 3200), ("=", 100)]
    assert (t[2].kind, t[2].comparator, t[2].grade) == ("grade", None, "有效改善")  # 定性 is no comparator
    # 年度资金总额 960.00 sits after 项目资金（万元）: the unit comes from the nearest label that names one
    assert result.forms[0].annual_amount.yuan == 9_600_000
    # a title longer than the title pattern allows stays with the project-name line that follows it
    lines = (INPUTS / "new_04_water_english.txt").read_text(encoding="utf-8").splitlines()
    assert [start for start, _ in split_forms(lines)] == [1]


def test_reordered_columns_are_read_by_heading_and_trusted(fake_llm, llm_config):
    path = INPUTS / "new_01_education_reordered.txt"
    parsed = parse_path(path).forms
    assert parsed[0].indicators[0].name == "开展课后托管学校数" and well_read(parsed[0])  # 指标值 before 三级指标
    result, client = run(path, llm_config, llm="auto")
    assert client.usage.calls == 0 and result.llm_forms == [] and not fake_llm.requests
    assert result.forms[0].indicators[0].target.value == 36 and result.forms[0].indicators[0].line == 11


def test_committed_office_inputs_match_their_generator():
    """evals/extract/inputs/make_office_inputs.py rebuilds the .xlsx/.docx inputs byte for byte."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_office_inputs", INPUTS / "make_office_inputs.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    for name, build in (("new_03_transport_merged.xlsx", gen.transport_xlsx),
                        ("new_05_agriculture_prose.docx", gen.agriculture_docx),
                        ("new_06_culture_docx_table.docx", gen.culture_docx)):
        assert gen._stable_zip(build()) == (INPUTS / name).read_bytes(), name
