"""Excel in and out: seed forms written to .xlsx and read back into equal Form records; the review workbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from jixiao.model import Amount, Finding, Form, HeaderField, Indicator
from jixiao.parse import parse_path
from jixiao.parse.sources.xlsx import read_xlsx_rows
from jixiao.render.xlsx import SEVERITY_FILLS, write_forms_xlsx
from jixiao.values import clean_cell, parse_target
from seeds import seed

FIXTURES = Path(__file__).parent / "fixtures"


def indicator_tuples(form: Form) -> list[tuple]:
    return [(i.level1, i.level2, i.level2_raw, i.required, i.name, i.target.model_dump(), i.unit, i.explanation)
            for i in form.indicators]


def header_values(form: Form) -> dict[str, tuple[str, str]]:
    # whitespace folded: a multi-line free-text field is one wrapped cell in Excel and Word
    return {k: (f.label, clean_cell(f.value)) for k, f in form.fields.items()}


def typed_values(form: Form) -> tuple:
    # not budget_year: a text file's forms share one inferred year; sheets/tables are parsed one by one
    return (form.title, form.project_code, form.project_name, form.applicant, form.department, form.period_years,
            form.project_type, form.is_new, form.allocation,
            form.total_amount.yuan if form.total_amount else None,
            form.annual_amount.yuan if form.annual_amount else None)


def assert_same_forms(original: list[Form], back: list[Form]) -> None:
    assert len(back) == len(original)
    for a, b in zip(original, back):
        assert indicator_tuples(b) == indicator_tuples(a), a.project_name
        assert header_values(b) == header_values(a), a.project_name
        assert typed_values(b) == typed_values(a), a.project_name


def hand_form(name: str = "测试项目", code: str = "440300000000000001") -> Form:
    def ind(l1, l2, n, v, u, e, line):
        return Indicator(level1=l1, level2=l2, level1_raw=f"{l1}指标", level2_raw=f"*{l2}指标", required=True,
                         name=n, target=parse_target(v), unit=u, explanation=e, line=line)

    return Form(
        source="hand.txt", title="二级项目支出绩效目标申报表", project_code=code, project_name=name,
        fields={
            "项目编码": HeaderField(label="项目编码", value=code, line=3),
            "项目名称": HeaderField(label="项目名称", value=name, line=3),
            "本年度项目金额": HeaderField(label="本年度项目金额(元)", value="120000", line=4),
            "测算依据": HeaderField(label="测算依据", value="按照12名人员测算，每人1万元。", line=5),
        },
        annual_amount=Amount(raw="120000", yuan=120000, unit="元", line=4),
        indicators=[
            ind("产出", "数量", "培训人数", "≥12人", "人", "全年培训人数", 7),
            ind("产出", "质量", "培训合格率", "≥95%", "%", "合格人数/培训人数", 8),
            ind("效益", "社会效益", "服务水平提升", "显著", "%", "80%-100%为显著", 9),
        ],
    )


def test_hand_built_form_round_trips(tmp_path):
    form = hand_form()
    out = write_forms_xlsx([(form, [])], tmp_path / "hand.xlsx")
    back = parse_path(out)
    assert not back.errors
    assert [(i.name, i.target.raw, i.unit, i.explanation) for i in back.forms[0].indicators] == [
        ("培训人数", "≥12人", "人", "全年培训人数"), ("培训合格率", "≥95%", "%", "合格人数/培训人数"),
        ("服务水平提升", "显著", "%", "80%-100%为显著")]
    assert back.forms[0].project_code == form.project_code
    assert back.forms[0].annual_amount.yuan == 120000


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_seed_forms_round_trip_through_xlsx(prefix, tmp_path):
    original = parse_path(seed(prefix))
    assert not original.errors and original.forms
    out = write_forms_xlsx([(f, []) for f in original.forms], tmp_path / f"{prefix}.xlsx")
    back = parse_path(out)
    assert not back.errors
    assert_same_forms(original.forms, back.forms)


def test_fixture_form_round_trips_and_keeps_cell_references(tmp_path):
    original = parse_path(FIXTURES / "review_000_staff.txt").forms
    out = write_forms_xlsx([(f, []) for f in original], tmp_path / "staff.xlsx")
    back = parse_path(out).forms
    assert_same_forms(original, back)
    sheet = "表1_编外人员"
    assert back[0].fields["项目名称"].cell == f"{sheet}!E2"
    refs = [i.cell for i in back[0].indicators]
    assert all(r and r.startswith(f"{sheet}!C") for r in refs)
    assert len(set(refs)) == len(refs)
    # level cells are merged: only the first row of a group holds the text, like the text exports
    rows = read_xlsx_rows(out)[0]
    table = [r for r in rows if r.refs and r.refs[0].endswith(f"A{r.line}")]
    level_col = [r.cells[0] for r in table if len(r.cells) >= 6][1:]  # after the column titles
    assert level_col[0] == "产出指标" and level_col[1] == ""


def test_flagged_cells_comments_and_findings_sheet(tmp_path):
    form = hand_form()
    findings = [
        Finding(rule="JX101", category="direction", severity="error", message="正向指标用了上限", indicator="培训合格率",
                line=8, evidence="≥95%", suggestion="改为 ≥"),
        Finding(rule="JX314", category="unit_mismatch", severity="warning", message="单位不符", indicator="服务水平提升",
                line=9),
        Finding(rule="JX404", category="vague_value", severity="info", message="定性指标", indicator="服务水平提升",
                line=9),
        Finding(rule="JX711", category="count_inconsistency", severity="warning", message="人数不一致",
                field="测算依据", line=5),
        Finding(rule="JX900", category="format", severity="info", message="整张表的问题"),
    ]
    out = write_forms_xlsx([(form, findings)], tmp_path / "audit.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["审核结果", "表1_测试项目"]
    ws = wb["表1_测试项目"]
    cells = {c.coordinate: c for row in ws.iter_rows() for c in row}
    by_text = {c.value: c for c in cells.values() if isinstance(c.value, str)}
    value_cell = by_text["≥95%"]
    assert value_cell.fill.fgColor.rgb.endswith(SEVERITY_FILLS["error"].fgColor.rgb[-6:])
    assert "JX101" in value_cell.comment.text and "改为 ≥" in value_cell.comment.text
    assert "JX314" in ws.cell(value_cell.row + 1, 5).comment.text  # 度量单位 cell of 服务水平提升
    assert "JX404" in ws.cell(value_cell.row + 1, 4).comment.text  # 指标值 cell
    basis = by_text["按照12名人员测算，每人1万元。"]
    assert "JX711" in basis.comment.text
    assert basis.fill.fgColor.rgb.endswith(SEVERITY_FILLS["warning"].fgColor.rgb[-6:])
    flagged = [c for c in cells.values() if c.comment is not None]
    assert len(flagged) == 5  # 4 located findings on 4 distinct cells, the form-level one noted on the title
    assert "JX900" in ws["A1"].comment.text and "JX900" not in "".join(c.comment.text for c in flagged[1:])

    report = wb["审核结果"]
    rows = list(report.iter_rows(min_row=2, values_only=True))
    assert [r[5] for r in rows] == ["JX101", "JX314", "JX404", "JX711", "JX900"]
    assert report.cell(2, 9).hyperlink.location == f"表1_测试项目!{value_cell.coordinate}"
    # print setup
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows
    assert ws.column_dimensions["F"].width > ws.column_dimensions["E"].width
    assert value_cell.alignment.wrap_text


def test_sheet_names_are_unique_and_short(tmp_path):
    long = "深圳市福田区政务服务和数据管理局信息化运行维护与安全保障综合服务项目"
    forms = [hand_form(long, "1"), hand_form(long, "2"), hand_form("名称[含]:非法*字符?/\\", "3")]
    out = write_forms_xlsx([(f, []) for f in forms], tmp_path / "many.xlsx")
    names = load_workbook(out).sheetnames
    assert len(set(names)) == len(names) == 4
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert len(parse_path(out).forms) == 3


def test_several_forms_in_one_sheet_with_merged_cells(tmp_path):
    """A budget-system style sheet: two forms one under the other, level cells merged vertically."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for code, name in (("440300000000000011", "甲项目"), ("440300000000000012", "乙项目")):
        ws.append(["二级项目支出绩效目标申报表"])
        ws.append(["项目编码:", code, None, "项目名称:", name])
        ws.append(["一级指标", "二级指标", "三级指标", "指标值", "度量单位", "指标解释"])
        first = ws.max_row + 1
        ws.append(["产出指标", "*数量指标", "完成数量", 12, "个", "完成的数量"])
        ws.append([None, "*质量指标", "验收合格率", 0.95, "%", "合格数/总数"])
        ws.cell(ws.max_row, 4).number_format = "0%"
        ws.append([None, None, "资料完整率", "100%", "%", "完整数/总数"])
        ws.merge_cells(start_row=first, start_column=1, end_row=first + 2, end_column=1)
        ws.merge_cells(start_row=first + 1, start_column=2, end_row=first + 2, end_column=2)
        ws.append([])
    path = tmp_path / "two.xlsx"
    wb.save(path)
    result = parse_path(path)
    assert not result.errors
    assert [f.project_name for f in result.forms] == ["甲项目", "乙项目"]
    inds = result.forms[1].indicators
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in inds] == [
        ("产出", "数量", "完成数量", "12"), ("产出", "质量", "验收合格率", "95%"), ("产出", "质量", "资料完整率", "100%")]
    assert inds[1].cell == "Sheet1!C12"  # rows 1-6 form 甲, 7 blank, 8-13 form 乙


@pytest.mark.parametrize("content", [b"not a zip file at all", b"PK\x03\x04broken"])
def test_corrupt_xlsx_is_a_chinese_error_naming_the_file(tmp_path, content):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(content)
    result = parse_path(bad)
    assert not result.forms
    assert len(result.errors) == 1
    assert result.errors[0].source == str(bad)
    assert "Excel" in result.errors[0].message and "损坏" in result.errors[0].message


def test_empty_workbook_is_an_error(tmp_path):
    path = tmp_path / "empty.xlsx"
    Workbook().save(path)
    result = parse_path(path)
    assert result.errors and "没有任何内容" in result.errors[0].message


def test_output_is_atomic_and_never_over_an_input(tmp_path):
    src = tmp_path / "in.xlsx"
    write_forms_xlsx([(hand_form(), [])], src)
    before = src.read_bytes()
    from jixiao.io import OutputError

    with pytest.raises(OutputError):
        write_forms_xlsx([(hand_form("别的"), [])], src, inputs=[src])
    assert src.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["in.xlsx"]  # no temporary file left behind


def test_drafted_form_without_header_fields_shows_its_typed_values(tmp_path):
    form = Form(source="draft", project_name="图书采购", applicant="区图书馆", period_years=1, is_new=True,
                annual_amount=Amount(raw="800000", yuan=800000, unit="元"),
                indicators=hand_form().indicators)
    back = parse_path(write_forms_xlsx([(form, [])], tmp_path / "draft.xlsx")).forms
    assert [(f.project_name, f.applicant, f.period_years, f.is_new, f.annual_amount.yuan) for f in back] == [
        ("图书采购", "区图书馆", 1, True, 800000)]
    assert indicator_tuples(back[0]) == indicator_tuples(form)


# Big workbooks are read row by row (openpyxl's read-only mode); the rows must be those of the normal mode

_READER_FORMS = sorted(Path(__file__).resolve().parents[1].glob("evals/reader/*/*.txt"))


def _rows_both_ways(path: Path) -> tuple[list, list]:
    from jixiao.parse.sources.xlsx import read_xlsx

    def flat(stream: bool) -> list:
        sheets, names = read_xlsx(path, [], stream=stream)
        return [names, [[(r.line, r.cells, r.refs, r.spans) for r in rows] for rows in sheets]]

    return flat(False), flat(True)


@pytest.mark.parametrize("text", _READER_FORMS[::3], ids=lambda p: p.stem)
def test_a_workbook_read_row_by_row_gives_the_rows_of_the_normal_mode(text, tmp_path):
    from jixiao.evals.renderings import render

    loaded, streamed = _rows_both_ways(render(text, "xlsx", tmp_path))
    assert streamed == loaded


def test_row_by_row_reading_keeps_merges_offsets_and_every_sheet_and_distrusts_the_recorded_size(tmp_path):
    """Data from C4 on (columns A, B and rows 1–3 empty), a heading merged over C4:F4, a second sheet, jixiao's own
    findings sheet; then the sheet's recorded size rewritten to A1, as some exporters leave it."""
    import re
    import zipfile

    wb = Workbook()
    ws = wb.active
    ws.title = "表单"
    ws["C4"] = "某区2027年度项目支出绩效目标申报表"
    ws.merge_cells("C4:F4")
    rows = [["项目名称", "某项目"], ["本年度项目金额（万元）", 86], ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "培训人次", "≥500人次"]]
    for r, cells in enumerate(rows, 6):
        for c, v in enumerate(cells, 3):
            ws.cell(row=r, column=c, value=v)
    wb.create_sheet("第二张")["A1"] = "备注"
    wb.create_sheet("审核结果")["A1"] = "规则"
    path = tmp_path / "offset.xlsx"
    wb.save(path)
    loaded, streamed = _rows_both_ways(path)
    assert streamed == loaded and loaded[0] == ["工作表“表单”", "工作表“第二张”"]
    assert [r for r in loaded[1][0] if r[0] == 4][0][3] == [1, 1, 4]  # the merged heading's width, where it stands
    lied = tmp_path / "lied.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(lied, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
            dst.writestr(item, data)
    assert _rows_both_ways(lied)[1] == streamed  # every row, though the sheet says it holds one cell


def test_a_big_workbook_is_read_row_by_row(tmp_path, monkeypatch):
    from jixiao.parse.sources import xlsx

    streamed: list[bool] = []
    real = xlsx._streamed_cells
    monkeypatch.setattr(xlsx, "_streamed_cells", lambda ws: (streamed.append(True), real(ws))[1])
    path = tmp_path / "f.xlsx"
    wb = Workbook()
    wb.active["A1"] = "项目名称"
    wb.save(path)
    xlsx.read_xlsx(path, [])
    assert not streamed
    monkeypatch.setattr(xlsx, "STREAM_BYTES", 0)
    xlsx.read_xlsx(path, [])
    assert streamed


def test_a_formula_nothing_calculated_reads_as_typed_and_is_said(tmp_path):
    """A target typed as =2次 into a workbook a program wrote (openpyxl makes it a formula, and nothing calculates it):
    its cell has no value. It read as blank, without a word; now as typed, with a doubt naming the cell."""
    import openpyxl

    from jixiao.parse import parse_path

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    for line in ("项目名称\t补贴发放", "一级指标\t二级指标\t三级指标\t指标值", "产出指标\t数量指标\t发放批次\t=2次",
                 "满意度指标\t服务对象满意度指标\t农户满意度\t≥90%"):
        ws.append(line.split("\t"))
    path = tmp_path / "f.xlsx"
    wb.save(path)
    form = parse_path(path).forms[0]
    assert form.indicators[0].target.raw == "=2次" and form.indicators[0].target.value == 2
    assert [i.cell for i in form.read_issues if "没有计算结果的公式" in i.message] == ["自评表!D3"]


def test_a_constant_typed_as_a_formula_reads_as_typed_without_a_doubt(tmp_path):
    """=100% and =95 typed into a workbook a program wrote (first contact 2027-12: nm_04, nm_10, nm_12): a constant
    with its comparator, nothing to calculate, so no doubt (each was a JX002); =2次 above still is one."""
    import openpyxl

    from jixiao.parse import parse_path

    wb = openpyxl.Workbook()
    ws = wb.active
    for line in ("项目名称\t机井建设", "一级指标\t二级指标\t三级指标\t指标值", "产出指标\t质量指标\t机井验收合格率\t=100%",
                 "产出指标\t数量指标\t新打机井数量\t=95", "满意度指标\t服务对象满意度指标\t农户满意度\t≥90%"):
        ws.append(line.split("\t"))
    path = tmp_path / "f.xlsx"
    wb.save(path)
    form = parse_path(path).forms[0]
    assert [i.target.raw for i in form.indicators[:2]] == ["=100%", "=95"]
    assert not [i for i in form.read_issues if "没有计算结果的公式" in i.message]
