"""The reader reads forms by meaning: any column order and heading, the national self-evaluation template, whole-
department forms, xlsx / docx / pdf — and says what it could not read (Form.read_issues), never misreading silently."""

from __future__ import annotations

from pathlib import Path

import pytest
from seeds import seed

from jixiao.check import audit_form
from jixiao.evals.renderings import render, rows_of, write_pdf, write_xlsx
from jixiao.parse import parse_path, parse_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NATIONAL = FIXTURES / "reader" / "selfeval_national.txt"
STAFF = FIXTURES / "review_000_staff.txt"

HEADER = ("二级项目支出绩效目标申报表\n项目编码:\t440300000000000000031\t项目名称:\t社区书屋图书更新\n"
          "申请单位:\t深圳市示例区图书馆\t一级预算单位:\t深圳市示例区文化广电旅游体育局\n"
          "本年度项目金额(元):\t300000\n")
ROWS = [("产出指标", "*数量指标", "新增图书", "≥6000册", "册", "全年新增入藏图书册数"),
        ("", "*质量指标", "图书验收合格率", "100%", "%", "验收合格册数/新增册数×100%"),
        ("", "*时效指标", "图书上架时间", "2026年10月31日前", "日期", "全部图书上架的时间"),
        ("满意度指标", "*服务对象满意度指标", "读者满意度", "≥90%", "%", "满意读者数/受访读者数×100%")]
STANDARD = ("一级指标", "二级指标", "三级指标", "指标值", "度量单位", "指标解释")


def table(order: tuple[int, ...], headings: tuple[str, ...] = STANDARD) -> str:
    lines = ["\t".join(headings[i] for i in order)]
    lines += ["\t".join(r[i] for i in order) for r in ROWS]
    return HEADER + "\n".join(lines) + "\n"


def rows(form):
    return [(i.level1, i.level2, i.name, i.target.raw, i.unit, i.explanation) for i in form.indicators]


EXPECTED = [("产出", "数量", "新增图书", "≥6000册", "册", "全年新增入藏图书册数"),
            ("产出", "质量", "图书验收合格率", "100%", "%", "验收合格册数/新增册数×100%"),
            ("产出", "时效", "图书上架时间", "2026年10月31日前", "日期", "全部图书上架的时间"),
            ("满意度", "服务对象满意度", "读者满意度", "≥90%", "%", "满意读者数/受访读者数×100%")]


# -- columns by heading, in any order, under other names -------------------------------------------------------------

@pytest.mark.parametrize("order", [(0, 1, 2, 3, 4, 5), (0, 1, 3, 2, 5, 4), (4, 2, 3, 0, 1, 5), (2, 1, 0, 5, 3, 4)])
def test_columns_in_any_order_read_the_same(order):
    (form,) = parse_text(table(order), "x.txt").forms
    assert rows(form) == EXPECTED and form.read_issues == []


def test_renamed_headings_read_the_same():
    renamed = ("一级指标", "二级指标", "指标名称", "目标值", "计量单位", "指标说明")
    (form,) = parse_text(table((0, 1, 2, 3, 4, 5), renamed), "x.txt").forms
    assert rows(form) == EXPECTED and form.read_issues == []


def test_a_heading_the_reader_does_not_know_is_kept_and_reported():
    text = table((0, 1, 2, 3, 4, 5), ("一级指标", "二级指标", "三级指标", "指标值", "度量单位", "经办意见"))
    (form,) = parse_text(text, "x.txt").forms
    assert [i.explanation for i in form.indicators] == [None] * 4  # not taken for the explanation
    assert form.indicators[0].extra == {"经办意见": "全年新增入藏图书册数"}  # nothing lost
    assert [i.kind for i in form.read_issues] == ["unmapped_column"]
    assert [f.rule for f in audit_form(form) if f.rule.startswith("JX00")] == ["JX002"]


def test_target_over_sub_columns_under_two_header_rows():
    text = HEADER + "\n".join([
        "一级指标\t二级指标\t三级指标\t指标值\t\t\t指标解释",
        "\t\t\t符号\t数值\t单位\t",
        "产出指标\t数量指标\t新增图书\t≥\t6000\t册\t全年新增入藏图书册数",
        "\t质量指标\t图书验收合格率\t＝\t100\t%\t验收合格册数/新增册数×100%"]) + "\n"
    (form,) = parse_text(text, "x.txt").forms
    assert [(i.target.comparator, i.target.value, i.target.unit, i.unit) for i in form.indicators] == [
        ("≥", 6000, "册", "册"), ("=", 100, "%", "%")]
    assert form.read_issues == []


def test_levels_with_weights_older_names_and_a_missing_heading():
    text = HEADER + "\n".join([
        "一级指标\t二级指标\t三级指标\t指标值",
        "预期产出指标(50分)\t数量指标(或建筑规模指标)\t新增图书\t≥6000册",
        "效果指标（30分）\t社会效益指标\t读者借阅增长率\t≥5%"]) + "\n"
    (form,) = parse_text(text, "x.txt").forms
    assert [(i.level1, i.level2) for i in form.indicators] == [("产出", "数量"), ("效益", "社会效益")]


def test_a_table_of_several_projects_gives_a_form_each():
    text = "\n".join([
        "2026年项目支出绩效目标表",
        "项目名称\t预算金额（万元）\t一级指标\t二级指标\t三级指标\t指标值",
        "社区书屋图书更新\t30\t产出指标\t数量指标\t新增图书\t≥6000册",
        "\t\t满意度指标\t服务对象满意度指标\t读者满意度\t≥90%",
        "全民健身设施更新\t120\t产出指标\t数量指标\t更新健身路径\t≥60处",
        "\t\t效益指标\t社会效益指标\t设施使用率\t≥90%"]) + "\n"
    forms = parse_text(text, "x.txt").forms
    assert [(f.project_name, f.annual_amount.yuan, len(f.indicators)) for f in forms] == [
        ("社区书屋图书更新", 300000, 2), ("全民健身设施更新", 1200000, 2)]


def test_a_header_block_after_a_table_starts_another_form():
    one = table((0, 1, 2, 3, 4, 5))
    cut = one.split("项目编码")[1].split("\n", 2)[2]  # the second form printed without its title and code line
    forms = parse_text(one + "政策依据:\t《示例办法》。\n" + cut.replace("二级项目支出绩效目标申报表\n", ""), "x.txt").forms
    assert len(forms) == 2 and len(forms[0].indicators) == 4
    assert [i.kind for i in forms[1].read_issues] == ["uncertain"]  # said, not silent


# -- text is text ---------------------------------------------------------------------------------------------------

def test_only_real_html_tags_are_removed():
    text = HEADER.replace("社区书屋图书更新", "<p>社区书屋</p><br/>图书更新") + "\t".join(STANDARD) + "\n" + \
        "产出指标\t*质量指标\t设备故障率\t<1%\t%\t故障率<1%且满意度>90%；依据‹关于印发图书馆设备管理办法›\n"
    (form,) = parse_text(text, "x.txt").forms
    assert form.project_name == "社区书屋 图书更新"
    assert form.indicators[0].target.raw == "<1%" and form.indicators[0].target.comparator == "<"
    assert form.indicators[0].explanation == "故障率<1%且满意度>90%；依据‹关于印发图书馆设备管理办法›"


# -- never a confident wrong read ------------------------------------------------------------------------------------

def test_a_header_written_in_one_cell_is_read_column_by_column():
    """The column names in one cell, separated by spaces (a caption merged over the table, a text export that lost
    its tabs): every word names a column, so each takes the column it stands over."""
    text = table((0, 1, 2, 3, 4, 5)).replace("\t".join(STANDARD), " ".join(STANDARD))
    (form,) = parse_text(text, "x.txt").forms
    (plain,) = parse_text(table((0, 1, 2, 3, 4, 5)), "x.txt").forms
    assert form.read_issues == [] and form.indicators == plain.indicators


def test_a_header_caption_that_names_no_column_is_reported_and_audits_with_an_error():
    text = table((0, 1, 2, 3, 4, 5)).replace("\t".join(STANDARD), "绩效指标")
    (form,) = parse_text(text, "x.txt").forms
    assert form.indicators == [] and [i.kind for i in form.read_issues] == ["merged_header"]
    assert any(f.rule == "JX001" and f.severity == "error" for f in audit_form(form))


def test_an_xlsx_header_row_merged_across_the_table_is_reported(tmp_path):
    from openpyxl import load_workbook

    path = write_xlsx(rows_of(table((0, 1, 2, 3, 4, 5))), tmp_path / "merged.xlsx")
    wb = load_workbook(path)
    ws = wb.active
    header_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "一级指标")
    ws.merge_cells(start_row=header_row, start_column=1, end_row=header_row, end_column=6)
    wb.save(path)
    (form,) = parse_path(path).forms
    assert form.indicators == []
    (issue,) = form.read_issues
    assert issue.kind == "merged_header" and issue.cell == f"表单!A{header_row}" and "合并了 6 列" in issue.message


def test_a_docx_without_a_table_is_a_form_the_reader_doubts(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("项目支出绩效目标申报表")
    d.add_paragraph("项目名称：社区书屋图书更新")
    d.add_paragraph("本年度新增图书不少于6000册，读者满意度90%以上。")
    d.save(str(tmp_path / "prose.docx"))
    (form,) = parse_path(tmp_path / "prose.docx").forms
    assert form.project_name == "社区书屋图书更新" and form.indicators == [] and form.doubted
    assert [i.kind for i in form.read_issues] == ["no_indicators"]


def test_a_file_with_no_form_is_an_error_naming_it(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("会议纪要\n今天讨论了预算。\n", encoding="utf-8")
    result = parse_path(path)
    assert result.forms == [] and len(result.errors) == 1 and str(path) in str(result.errors[0])


def test_an_excel_date_serial_in_a_time_row_is_read_and_reported():
    text = table((0, 1, 2, 3, 4, 5)).replace("2026年10月31日前\t日期", "46326\t46326")
    (form,) = parse_text(text, "x.txt").forms
    row = form.indicators[2]
    assert row.target.deadline.isoformat() == "2026-10-31" and row.unit is None
    assert [i.kind for i in form.read_issues] == ["uncertain"] and "Excel 的日期序号" in form.read_issues[0].message


# -- self-evaluations: the national template ------------------------------------------------------------------------

def test_national_self_evaluation_template_is_read():
    (form,) = parse_path(NATIONAL).forms
    assert (form.kind, form.project_name, form.department, form.applicant, form.budget_year) == (
        "self_evaluation", "社区居家养老服务补贴", "某市某区民政局", "某市某区养老服务指导中心", 2024)
    total = form.funds[0]
    assert (total.budget, total.spent, total.weight, total.rate, total.score) == (120, 114, 10, 0.95, 9.5)
    assert form.annual_amount.yuan == 1_200_000  # 全年预算数 of 年度资金总额, in the table's 万元
    assert (form.total_weight, form.total_score) == (100, 98.5) and form.read_issues == [] and not form.unreadable
    first, *_, last = form.indicators
    assert (first.name, first.target.raw, first.actual.raw, first.weight, first.score) == (
        "享受补贴老年人数", "≥800人", "812人", 20, 20)
    assert (last.level1, last.level2) == ("满意度", "服务对象满意度")
    assert audit_form(form) == []


@pytest.mark.parametrize("rate", ["95%", "0.95", "95.00%"])
def test_execution_rate_as_percent_or_fraction(rate, tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(NATIONAL.read_text(encoding="utf-8").replace("\t95%\t9.5", f"\t{rate}\t9.5"), encoding="utf-8")
    assert parse_path(path).forms[0].funds[0].rate == 0.95


def test_national_template_arithmetic_mistakes_are_found(tmp_path):
    text = NATIONAL.read_text(encoding="utf-8")
    bad = (text.replace("114\t10\t95%\t9.5", "114\t10\t98%\t9.8")  # 执行率 ≠ 114/120, 得分 follows it
               .replace("≥85%\t88%\t20\t20", "≥85%\t80%\t20\t20")  # full marks on a missed target
               .replace("100\t98.5", "100\t99.5"))  # 总分 ≠ Σ得分
    path = tmp_path / "bad.txt"
    path.write_text(bad, encoding="utf-8")
    rules = {f.rule for f in audit_form(parse_path(path).forms[0])}
    assert {"JX801", "JX803", "JX807"} <= rules


def test_national_template_read_the_same_from_xlsx(tmp_path):
    (text_form,) = parse_path(NATIONAL).forms
    (xlsx_form,) = parse_path(render(NATIONAL, "xlsx", tmp_path)).forms
    assert [(i.name, i.target.raw, i.actual.raw, i.weight, i.score) for i in xlsx_form.indicators] == [
        (i.name, i.target.raw, i.actual.raw, i.weight, i.score) for i in text_form.indicators]
    assert xlsx_form.funds[0].rate == 0.95 and xlsx_form.total_score == text_form.total_score
    assert xlsx_form.indicators[0].cell.startswith("表单!")


# -- other formats: the same records --------------------------------------------------------------------------------

def _same(a, b):
    keys = ("kind", "project_code", "project_name", "applicant", "department", "annual_amount", "total_amount",
            "budget_year")
    assert [getattr(a, k) if not k.endswith("amount") else getattr(a, k).yuan for k in keys] == [
        getattr(b, k) if not k.endswith("amount") else getattr(b, k).yuan for k in keys]
    assert rows(a) == rows(b)


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf"])
def test_a_seed_form_rendered_reads_back_equal(fmt, tmp_path):
    (original,) = parse_path(STAFF).forms
    (back,) = parse_path(render(STAFF, fmt, tmp_path)).forms
    _same(original, back)
    assert back.read_issues == []


def test_a_whole_seed_file_as_pdf_reads_back_equal(tmp_path):
    path = seed("003")
    original = [f for f in parse_path(path).forms if f.kind == "target"]
    back = parse_path(write_pdf(rows_of(path.read_text(encoding="utf-8")), tmp_path / "003.pdf")).forms
    assert len(back) == len(original) == 9
    for a, b in zip(original, back):
        _same(a, b)


def test_a_scanned_pdf_gets_a_message_that_it_needs_ocr(tmp_path):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp_path / "scan.pdf"))
    c.rect(50, 50, 200, 200, fill=1)  # a page with a picture and no text
    c.save()
    result = parse_path(tmp_path / "scan.pdf")
    assert result.forms == [] and "没有文字层" in str(result.errors[0]) and "OCR" in str(result.errors[0])


def test_a_whole_department_form_is_read_with_its_duties():
    forms = parse_path(seed("002")).forms
    (dept,) = [f for f in forms if f.kind == "department"]
    assert dept.department.startswith("深圳市福田区政务服务数据管理局") and len(dept.indicators) == 34
    assert dept.duties[0].name == "基本支出" and dept.duties[0].amount.yuan == 6_448_000
    assert any(f.kind == "budget_report" for f in forms)  # its table is also the report's 表14


def test_jixiaos_own_self_evaluation_workbook_reads_back(tmp_path):
    """`audit --format xlsx` of a self-evaluation writes a workbook the reader reads back into the same record."""
    from jixiao.render.xlsx import write_forms_xlsx

    (form,) = parse_path(NATIONAL).forms
    out = tmp_path / "review.xlsx"
    write_forms_xlsx([(form, audit_form(form))], out, inputs=[NATIONAL])
    (back,) = parse_path(out).forms  # the 审核结果 sheet is a report, not a form
    assert (back.kind, back.project_name, back.department, back.applicant, back.budget_year) == (
        form.kind, form.project_name, form.department, form.applicant, form.budget_year)
    assert back.fund_unit == "万元" and back.annual_amount.yuan == form.annual_amount.yuan
    assert [(r.label, r.budget, r.spent, r.rate) for r in back.funds] == [
        (r.label, r.budget, r.spent, r.rate) for r in form.funds]
    assert [(i.level1, i.level2, i.name, i.target.raw, i.actual.raw, i.weight, i.score) for i in back.indicators] == [
        (i.level1, i.level2, i.name, i.target.raw, i.actual.raw, i.weight, i.score) for i in form.indicators]
    assert (back.total_weight, back.total_score) == (form.total_weight, form.total_score)
    assert back.read_issues == [] and back.repairs == [] and not back.unreadable


def test_a_note_under_the_table_ends_it_and_is_kept():
    """注：各地请根据实际情况… under the indicator table is no indicator (湖南 2022): the table ends, the note is kept."""
    text = table((0, 1, 2, 3, 4, 5)) + "注:各地请根据实际情况,从上述绩效指标中选择适合的填报。\n"
    (form,) = parse_text(text, "x.txt").forms
    (plain,) = parse_text(table((0, 1, 2, 3, 4, 5)), "x.txt").forms
    assert form.indicators == plain.indicators and form.fields["表注"].value.startswith("各地请根据实际情况")


def test_a_year_line_above_the_form_is_its_budget_year():
    """(2022年度) printed above 项目名称 (宁夏 2022) is the form's year, read as the form states it; 项目期 is its
    period; a period across the year end does not move the year the title states."""
    text = "(2022年度)\n项目名称\t南部水源涵养林建设项目\n项目属性\t新建\t项目期\t2022年3月-2023年11月\n" + \
        "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t实施营造林总面积(亩)\t80000\n"
    (form,) = parse_text(text, "x.txt").forms
    assert (form.budget_year, form.budget_year_source) == (2022, "header")
    assert (str(form.start_date), str(form.end_date)) == ("2022-03-01", "2023-11-30")
    titled = "2023年项目支出绩效目标申报表\n项目名称\t雾炮车降尘抑尘服务\n项目支出实施期\t2023.07-2024.01\n" + \
        "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t雾炮车数量\t≥2台\n"
    (form,) = parse_text(titled, "x.txt").forms
    assert (form.budget_year, form.budget_year_source, str(form.end_date)) == (2023, "header", "2024-01-31")


@pytest.mark.parametrize("raw, kind, comparator, value, unit", [
    ("±3%以内", "number", "≤", 3.0, "%"),
    ("至少全年完成2次宣传", "number", "≥", 2.0, "次"),
    ("全年不少于4次", "number", "≥", 4.0, "次"),
    ("每亩300元", "number", None, 300.0, "元/亩"),
    ("每亩300", "number", None, 300.0, None),
    ("≥100百分比", "number", "≥", 100.0, "%"),
    ("2021年1月-12月", "deadline", "≤", None, None),
    ("2023.07-2024.01", "deadline", "≤", None, None),
    ("每年12月底前", "deadline", "≤", None, None),  # each year: a time limit without one date
    ("平均36小时", "duration", None, 36.0, "小时"),
])
def test_targets_written_the_way_real_forms_write_them(raw, kind, comparator, value, unit):
    from jixiao.values import parse_target

    t = parse_target(raw)
    assert (t.kind, t.comparator, t.value, t.unit) == (kind, comparator, value, unit)


def test_a_long_term_table_and_an_annual_one_are_kept_apart():
    """长期绩效指标 and 年度绩效指标, each with its own header (陕西): the annual rows are the indicators, the multi-year
    rows kept in long_term_indicators; labels in the first column close the table (其他说明的问题, 填报人：)."""
    text = ("项目支出绩效目标申报表\n（2027年度）\n项目名称\t地质灾害监测预警\n长期绩效指标\n一级指标\t二级指标\t指标内容\t指标值\n"
            "产出指标\t数量指标\t新建监测点数量\t≥15处\n年度绩效指标\n一级指标\t二级指标\t指标内容\t指标值\n"
            "产出指标\t数量指标\t新建监测点数量\t≥5处\n\t质量指标\t监测设备在线率\t≥95%\n其他说明的问题\t无\n"
            "填报人：\t周小燕\t填报日期：\t2026年9月20日\n")
    (form,) = parse_text(text, "x.txt").forms
    assert [(i.name, i.target.raw) for i in form.indicators] == [("新建监测点数量", "≥5处"), ("监测设备在线率", "≥95%")]
    assert [(i.name, i.target.raw) for i in form.long_term_indicators] == [("新建监测点数量", "≥15处")]
    assert form.fields["填报人"].value == "周小燕" and form.fields["备注"].value == "无" and not form.read_issues


def test_a_self_evaluation_goal_in_two_columns_is_split():
    """项目年度目标 | 年度目标完成情况 (四川): the plan is the goal, what was done is the actual."""
    text = ("部门预算项目支出绩效自评表（2026年度）\n项目名称\t档案数字化\n主管部门\t某区档案馆\n"
            "项目基本情况\t1.项目年度目标完成情况\n\t项目年度目标\t\t年度目标完成情况\n\t完成扫描60万页\t\t完成扫描61.2万页\n"
            "预算执行情况（10分）\t年度预算数（万元）\t年初预算\t调整后预算数\t预算执行数\t预算执行率\t权重\t得分\n"
            "\t总额\t60.00\t58.00\t56.26\t97.00%\t10\t9.70\n\t其中：财政资金\t60.00\t58.00\t56.26\t97.00%\t/\t/\n\t其他资金\t\t\t\t\t/\t/\n"
            "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n产出指标\t数量指标\t扫描页数\t≥60万页\t61.2万页\t90\t90\n")
    (form,) = parse_text(text, "x.txt").forms
    assert (form.goal_expected, form.goal_actual) == ("完成扫描60万页", "完成扫描61.2万页")
    assert form.fields["年度目标"].value == "完成扫描60万页"
    assert not [u for u in form.unreadable if "其他资金" in u]  # its blank cells are no money, not values lost


# -- what round 2027-02 of first-contact forms showed (evals/reader/firstcontact-2027-02) ------------------------------

def test_a_unit_and_its_amount_in_the_columns_of_a_table_of_several_projects():
    text = "\n".join([
        "部门预算项目绩效目标申报表(2023年度)",
        "金额单位:元",
        "单位名称\t项目名称\t预算数\t年度目标\t一级指标\t二级指标\t三级指标\t指标值",
        "801-示例镇部门\t\t1,000,000.00\t\t\t\t\t",
        "801001-示例镇人民政府\t村道保洁\t600,000.00\t保持村道整洁\t产出指标\t数量指标\t保洁里程\t≥20公里",
        "\t\t\t\t满意度指标\t服务对象满意度指标\t村民满意度\t≥90%",
        "\t\t400,000.00\t\t\t\t\t",
        "801002-示例镇农业服务中心\t农机培训\t400,000.00\t培训农机手\t产出指标\t数量指标\t培训人数\t≥200人"]) + "\n"
    first, second = parse_text(text, "x.txt").forms
    assert (first.project_name, first.applicant, first.annual_amount.yuan, len(first.indicators)) == (
        "村道保洁", "801001-示例镇人民政府", 600_000, 2)
    # the unit's total row above the projects names the department they come under
    assert (first.department, second.department, second.applicant) == (
        "801-示例镇部门", "801-示例镇部门", "801002-示例镇农业服务中心")
    # a row that names neither a project nor a unit (an amount alone) is not read, and said so
    (issue,) = [i for i in first.read_issues if i.line == 7]
    assert issue.kind == "uncertain" and "400,000.00" in issue.message


def test_the_satisfaction_level2_of_the_older_template_stays_under_benefit():
    # the older national template prints 社会公众或服务对象满意度指标 as a 二级 under a merged 效益 cell, here in a table
    # whose first column holds the group label 绩效指标
    text = "\n".join([
        "绩效目标表", "项目名称\t示例学校改造补助", "项目执行单位\t示例学校",
        "绩效指标\t一级指标\t二级指标\t指标内容\t指标值",
        "\t产出指标\t数量指标\t改造校舍面积\t≥500平方米",
        "\t效益指标\t可持续影响指标\t办学条件改善情况\t稳步提高",
        "\t\t社会公众或服务对象满意度指标\t学生家长满意度\t≥90%"]) + "\n"
    (form,) = parse_text(text, "x.txt").forms
    assert form.applicant == "示例学校"
    assert [(i.level1, i.level2) for i in form.indicators] == [
        ("产出", "数量"), ("效益", "可持续影响"), ("效益", "服务对象满意度")]


def test_an_approval_form_with_its_unit_note_and_department_labels():
    text = "\n".join([
        "示例晾晒房建设项目支出绩效目标审批表",
        "预算单位:\t示例乡人民政府",
        "金额单位:万元",
        "项目名称\t示例晾晒房建设项目\t项目分类\t资产资源类",
        "业务主管部门\t县示例委\t项目执行单位\t示例乡",
        "项目总预算\t65\t财政资金预算分类\t一般公共预算",
        "当年年度预算\t65",
        "一级指标\t二级指标\t三级指标\t指标值",
        "产出指标\t数量指标\t新建晾晒房\t1座"]) + "\n"
    (form,) = parse_text(text, "x.txt").forms
    # the title says 审批表: the lines above the header are the form's (its unit note: the amounts are in 万元)
    assert (form.annual_amount.yuan, form.total_amount.yuan) == (650_000, 650_000)
    # 预算单位 names the unit whose budget it is; the 主管 label names the department
    assert (form.department, form.applicant) == ("县示例委", "示例乡")
    # a label naming a property of the money (…分类, …代码) is no amount
    assert "财政拨款资金" not in form.fields and form.read_issues == []


def test_self_evaluation_amounts_written_with_their_unit_and_a_label_after_an_empty_value():
    text = NATIONAL.read_text(encoding="utf-8")
    text = text.replace("年度资金总额\t120\t120\t114\t", "年度资金总额\t120万\t120万\t114万\t")
    text = text.replace("主管部门\t某市某区民政局", "主管部门\t\t财政处室\t")
    (form,) = parse_text(text, "x.txt").forms
    total = form.funds[0]
    assert (total.initial_budget, total.budget, total.spent, total.weight, total.rate, total.score) == (
        120, 120, 114, 10, 0.95, 9.5)  # 120万 in a table of 万元 is 120, and the columns stay where they are
    assert form.annual_amount.yuan == 1_200_000
    assert form.department is None  # 财政处室 is the label of another field, not the 主管部门's value


def test_the_numbered_items_of_a_note_under_the_table_are_the_note():
    """注: 1. … / 2. 各单位可根据项目特点自行增加或减少二级指标 (安徽 2021): the second item is the note's, no indicator."""
    note = "注: 1.“其他资金”是指与财政拨款共同用于同一项目的单位自有资金。\n2.各单位可根据项目特点自行增加或减少二级指标,并细化\n"
    (form,) = parse_text(table((0, 1, 2, 3, 4, 5)) + note, "x.txt").forms
    (plain,) = parse_text(table((0, 1, 2, 3, 4, 5)), "x.txt").forms
    assert form.indicators == plain.indicators
    assert form.fields["表注"].value.endswith("2.各单位可根据项目特点自行增加或减少二级指标,并细化")


def test_a_row_of_a_number_alone_beside_a_project_column_after_the_indicators():
    # the project column need not stand before the indicators: a row holding only its 序号 is no indicator, no error
    text = "\n".join([
        "2026年项目支出绩效目标表",
        "序号\t一级指标\t二级指标\t三级指标\t指标值\t项目名称",
        "1\t产出指标\t数量指标\t新增图书\t≥6000册\t社区书屋图书更新",
        "2\t\t\t\t\t",
        "3\t满意度指标\t服务对象满意度指标\t读者满意度\t≥90%\t社区书屋图书更新"]) + "\n"
    forms = parse_text(text, "x.txt").forms
    assert [(f.project_name, len(f.indicators)) for f in forms] == [("社区书屋图书更新", 2)]


@pytest.mark.parametrize("labels, department, applicant", [
    # 重庆: 申报单位 is the unit that submits the project (the department), 具体实施单位 the one that carries it out
    (("申报单位\t区示例局", "具体实施单位\t示例镇"), "区示例局", "示例镇"),
    # two departments at two levels (自治区 / 市县): the nearer is the unit's own; a label joined from two (实施单位/项目负责人)
    # gives each its part of a value joined the same way
    (("实施单位/项目负责人\t示例中心/张三\t自治区主管部门\t示例厅", "市县财政部门\t示例县财政局\t市县主管部门\t示例县局"),
     "示例县局", "示例中心"),
])
def test_unit_labels_of_other_templates(labels, department, applicant):
    text = lines_of(["项目绩效目标表", "项目名称\t示例绿化项目", *labels, "年度资金总额\t20",
                      "一级指标\t二级指标\t三级指标\t指标值", "产出指标\t数量指标\t绿化公路长度\t≥3500米"])
    (form,) = parse_text(text, "x.txt").forms
    assert (form.department, form.applicant) == (department, applicant)
    assert form.read_issues == []  # 市县财政部门 is a known label: its value is no other field's
    if "项目负责人" in form.fields:
        assert form.fields["项目负责人"].value == "张三"


def test_a_level_label_is_stripped_only_when_the_whole_label_names_no_field():
    from jixiao.parse.target import header_label

    # 省级财政资金 is a transfer's money as a whole; stripped of 省级 it would read as the unit's own 财政资金
    assert [header_label(c)[0] for c in ("省级财政资金", "省级补助资金", "中央财政资金", "县级主管部门")] == [
        "转移支付资金", "转移支付资金", "转移支付资金", "一级预算单位"]
    assert header_label("/联系人") == (None, None)  # nothing before the slash: no label (and no error)


def test_rows_before_any_level_label_are_reported_and_the_checker_does_not_claim_a_missing_category():
    text = lines_of(["绩效目标申报表", "项目名称\t示例养殖场建设项目", "主管部门\t示例委", "年度资金总额:\t50",
                      "一级指标\t二级指标\t三级指标\t指标值",
                      "\t\t新增特色产业数量\t≥1个", "\t\t养殖动物成活率\t≥95%",
                      "产出指标\t时效指标\t开工时限\t2021年7月"])
    (form,) = parse_text(text, "x.txt").forms
    assert [(i.level1, i.level2) for i in form.indicators] == [(None, None), (None, None), ("产出", "时效")]
    (issue,) = [i for i in form.read_issues if "层级未读取" in i.message]
    assert issue.line == 6 and issue.message.startswith("2 行指标（如“新增特色产业数量”）")
    missing = [f.message for f in audit_form(form) if f.rule == "JX523"]
    assert missing and all("可能属于" in m for m in missing)


def test_level_headings_that_stand_one_level_above_their_cells():
    # 湖北 2022 (鄂州): no 三级 heading; 一级指标 stands over 二级 names, 二级指标 over the indicators' names
    text = lines_of(["项目支出绩效目标表", "项目名称\t示例办公楼运行保障", "年度资金总额\t814",
                      "一级指标\t二级指标\t绩效标准\t当年预期实现值",
                      "数量指标\t大楼维修维护次数\t反映维修维护情况\t2280次", "\t大楼安检巡察次数\t反映巡检情况\t200次",
                      "质量指标\t维修验收合格率\t反映维修质量\t≥92%", "成本指标\t成本控制率\t\t不超预算"])
    (form,) = parse_text(text, "x.txt").forms
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in form.indicators] == [
        ("产出", "数量", "大楼维修维护次数", "2280次"), ("产出", "数量", "大楼安检巡察次数", "200次"),
        ("产出", "质量", "维修验收合格率", "≥92%"), ("产出", "成本", "成本控制率", "不超预算")]
    # 绩效标准 holds what the form means by each row (反映…; other forms print 计划标准 on every row): a known column,
    # kept as printed (first contact 2027-24 oa_02, the reader suite's 湖南 dust forms)
    assert not form.read_issues
    assert form.indicators[0].extra == {"绩效标准": "反映维修维护情况"}


def test_a_value_column_per_town_reads_the_first_and_says_so():
    # 福建 2025 (秀屿): no 指标值 heading; after 指标方向 a value column for each town
    text = lines_of(["项目支出绩效目标表", "项目名称\t示例水毁修复资金", "资金总额\t35",
                      "一级指标\t二级指标\t三级指标\t指标解释\t指标方向\t示例街道办\t示例镇",
                      "产出指标\t数量指标\t修复工程数量\t反映修复开展情况\t≥\t1\t2",
                      "\t质量指标\t修复工程验收合格率\t反映修复质量\t≥\t95%\t90%"])
    (form,) = parse_text(text, "x.txt").forms
    assert [(i.name, i.target.raw, i.extra) for i in form.indicators] == [
        ("修复工程数量", "≥1", {"示例镇": "2"}), ("修复工程验收合格率", "≥95%", {"示例镇": "90%"})]
    assert [i.message for i in form.read_issues] == [
        "指标值按地区分列（示例街道办、示例镇），按第一列“示例街道办”读取为指标值；其余各列（示例镇）按原文保留，未参与审核"]


def lines_of(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def test_a_heading_over_one_projects_targets_is_its_title_and_names_it():
    # 浙江's published pages: no 表 in the heading, labels with colons, a year in the amount's label
    text = lines_of(["2027年示例市重大政策和项目绩效目标情况", "示例河道保洁长效管护项目绩效目标", "(一)项目基本情况",
                     "主管部门:\t示例市水利局", "实施单位:\t示例市河道管理中心", "2027年度资金总额（万元）:\t450",
                     "(二)年度绩效指标", "一级指标\t二级指标\t指标名称\t年度指标值",
                     "产出指标\t数量指标\t河道保洁长度\t≥1150公里"])
    (form,) = parse_text(text, "x.txt").forms
    assert (form.project_name, form.department, form.applicant) == ("示例河道保洁长效管护项目", "示例市水利局", "示例市河道管理中心")
    assert form.annual_amount.yuan == 4_500_000 and form.read_issues == []
    # a heading that doubles the word keeps it once
    (form,) = parse_text(text.replace("示例河道保洁长效管护项目绩效目标", "示例照护服务项目项目绩效目标"), "x.txt").forms
    assert form.project_name == "示例照护服务项目"


def test_an_amount_cell_that_names_its_fund_source_first():
    # 内蒙古 2021: 其中:财政拨款 | 中央衔接推进乡村振兴补助资金(少数民族发展任务)50
    text = lines_of(["绩效目标申报表", "项目名称\t示例养殖场建设项目", "主管部门\t示例委",
                     "资金情况 (万元)\t年度资金总额:50万\t中央衔接推进乡村振兴补助资金(少数民族发展任务)50",
                     "\t其中:财政拨款\t中央衔接推进乡村振兴补助资金(少数民族发展任务)50",
                     "一级指标\t二级指标\t三级指标\t指标值", "产出指标\t数量指标\t新建养殖场数量\t≥1个"])
    (form,) = parse_text(text, "x.txt").forms
    assert form.annual_amount.yuan == 500_000 and form.funding["财政拨款资金"].yuan == 500_000
    assert form.read_issues == []


def test_a_self_evaluation_with_its_total_score_in_the_header_and_a_goal_table_after_its_money():
    # 重庆 (石柱): 自评总分 beside the project's name; the money row has no label; 当年绩效目标 opens the goal table
    text = lines_of([
        "项目绩效自评表（2026年度）",
        "项目名称\t示例户厕改造提升\t\t\t自评总分(分)\t99.7",
        "主管部门\t示例县农业农村委员会\t\t\t实施单位\t示例县乡村建设服务中心",
        "项目预算执行情况(万元)\t年初预算数\t全年(调整)预算数\t全年执行数\t执行率(%)\t执行率权重\t执行率得分(分)",
        "\t296.00\t296.00\t287.12\t97%\t10\t9.7",
        "当年绩效目标\t年初绩效目标\t全年(调整)绩效目标\t全年目标实际完成情况",
        "\t完成农村户厕改造400户\t\t完成农村户厕改造400户",
        "绩效指标\t一级指标\t二级指标\t指标名称\t计量单位\t指标性质\t年初指标值\t全年完成值\t指标权重(分)\t指标得分(分)\t偏差原因",
        "\t产出指标\t数量指标\t农村户厕改造户数\t户\t定量指标\t≥400户\t400户\t90\t90\t无"])
    (form,) = parse_text(text, "x.txt").forms
    assert form.total_score == 99.7
    assert not [u for u in form.unreadable if "总分" in u or "当年财政拨款" in u], form.unreadable


@pytest.mark.parametrize("adjusted, said", [("", False), ("≥390户", True)])
def test_an_adjusted_target_column_is_kept_and_said_when_filled(adjusted, said):
    # 重庆's self-evaluation: 年初指标值 | 调整指标值 | 全年完成值; the checks use the target first set
    text = lines_of([
        "项目绩效自评表（2026年度）", "项目名称\t示例户厕改造提升\t\t\t自评总分(分)\t99.7",
        "主管部门\t示例县农业农村委员会\t\t\t实施单位\t示例县乡村建设服务中心",
        "绩效指标\t一级指标\t二级指标\t指标名称\t计量单位\t年初指标值\t调整指标值\t全年完成值\t指标权重(分)\t指标得分(分)\t偏差原因",
        f"\t产出指标\t数量指标\t农村户厕改造户数\t户\t≥400户\t{adjusted}\t392户\t90\t88.2\t部分农户外出务工"])
    (form,) = parse_text(text, "x.txt").forms
    assert form.indicators[0].target.raw == "≥400户" and (form.indicators[0].extra or {}).get("调整指标值", "") == adjusted
    messages = [i.message for i in form.read_issues]
    assert any("调整后的指标值" in m for m in messages) == said
    assert not any("无法识别" in m for m in messages)


_TABLE = ("一级指标\t二级指标\t三级指标\t指标值\t分值\n"
          "产出指标\t数量指标\t整治易涝点数量\t=9处\t50\n"
          "效益指标\t社会效益指标\t因内涝造成人员伤亡\t=0人\t30\n"
          "满意度指标\t服务对象满意度指标\t周边居民满意度\t≥90%\t20\n")


def test_a_total_row_under_the_indicators_is_no_indicator():
    """合计 | | | | 100 closing the table adds up the points: it is not an indicator (with no target, under 满意度)."""
    text = "项目名称\t城市易涝点整治\n项目金额（万元）\t428\n" + _TABLE
    for total in ("合计\t\t\t\t100", "合 计\t\t\t\t100分", "总分\t\t\t\t100"):
        form = parse_text(text + total + "\n", "t.txt").forms[0]
        assert [i.name for i in form.indicators] == ["整治易涝点数量", "因内涝造成人员伤亡", "周边居民满意度"], total
    named = parse_text(text + "满意度指标\t服务对象满意度指标\t合计满意度\t≥90%\t20\n", "t.txt").forms[0]
    assert named.indicators[-1].name == "合计满意度"  # a name that starts with 合计 is still a name


def test_a_project_heading_between_two_projects_is_not_a_row_of_the_first():
    """项目1 / 项目2 alone on their lines above each project's form (two projects in one file)."""
    one = "项目{n}\n项目名称\t项目{n}的名称\n项目金额（万元）\t{n}00\n" + _TABLE
    forms = parse_text("某市2027年度项目支出绩效目标申报表\n" + one.format(n=1) + "\n" + one.format(n=2), "t.txt").forms
    assert [f.project_name for f in forms] == ["项目1的名称", "项目2的名称"]
    assert [len(f.indicators) for f in forms] == [3, 3]
    assert all("项目2" not in i.name for i in forms[0].indicators)


def test_amount_labels_over_a_row_of_amounts():
    """资金情况（万元） | 年度资金总额 | 财政拨款 | 上年结转 | 其他资金, and the amounts in the row under them: each amount is its
    label's (they were left blank, and every amount check skipped without a word)."""
    text = ("项目名称\t数字乡村建设试点\n"
            "资金情况（万元）\t年度资金总额\t财政拨款\t上年结转\t其他资金\n"
            "\t356.00\t300.00\t36.00\t30.00\n" + _TABLE)
    form = parse_text(text, "t.txt").forms[0]
    assert form.annual_amount is not None and form.annual_amount.yuan == 3_560_000
    assert {k: v.yuan for k, v in form.funding.items()} == {"财政拨款资金": 3_000_000, "上年结转资金": 360_000,
                                                           "其他资金": 300_000}
    assert any(f.rule == "JX702" for f in audit_form(form))  # 300 + 36 + 30 = 366, not 356


def test_a_blank_amount_is_said_not_skipped_quietly():
    text = "项目名称\t数字乡村建设试点\n资金情况（万元）\t年度资金总额\t财政拨款\n\t\t\n" + _TABLE
    form = parse_text(text, "t.txt").forms[0]
    assert form.annual_amount is None
    assert any(i.field == "本年度项目金额" and "没有填写金额" in i.message for i in form.read_issues)


def test_the_cell_after_a_label_with_a_colon_is_its_value():
    """项目名称： | 2027年国家司法救助资金: the name reads like an amount's label (2027年…资金), but it follows a label that ends
    with a colon and names a text."""
    text = ("项目名称：\t2027年国家司法救助资金\t项目单位：\t某区人民法院\n"
            "预算金额（万元）：\t120.00\n" + _TABLE)
    form = parse_text(text, "t.txt").forms[0]
    assert form.project_name == "2027年国家司法救助资金"
    assert form.annual_amount is not None and form.annual_amount.yuan == 1_200_000


@pytest.mark.parametrize("label", ["项目金额", "预算金额"])
def test_a_plain_project_amount_is_this_years_unless_this_years_is_printed_too(label):
    alone = parse_text(f"项目名称\t某项目\n{label}（万元）\t86\n" + _TABLE, "t.txt").forms[0]
    assert alone.annual_amount is not None and alone.annual_amount.yuan == 860_000 and alone.total_amount is None
    both = parse_text(f"项目名称\t某项目\n{label}（万元）\t160\t本年度金额（万元）\t86\n" + _TABLE, "t.txt").forms[0]
    assert both.annual_amount is not None and both.annual_amount.yuan == 860_000
    assert both.total_amount is not None and both.total_amount.yuan == 1_600_000


def test_a_title_starting_with_a_bracketed_tag_is_text_not_json(tmp_path):
    """[预算绩效]…绩效目标表: a text export whose first line starts with [ is a form (it was sent to the JSON reader and
    refused as broken JSON); a list of form records in a .txt file is still read as JSON."""
    text = "[预算绩效]某区2027年项目支出绩效目标表\n项目名称\t某项目\n本年度项目金额（万元）\t86\n" + _TABLE
    p = tmp_path / "tagged.txt"
    p.write_text(text, encoding="utf-8")
    res = parse_path(p)
    assert not res.errors and [f.project_name for f in res.forms] == ["某项目"]
    as_json = tmp_path / "forms.txt"
    as_json.write_text("[\n" + res.forms[0].model_dump_json() + "\n]", encoding="utf-8")
    again = parse_path(as_json)
    assert not again.errors and again.forms[0].project_name == "某项目"


def test_an_evaluation_indicator_table_with_its_levels_read_by_their_cells():
    """河北: …项目绩效评价指标表, the project named in the title; 评价指标 | 评价内容 columns holding 产出 and 数量指标…
    (most cells name levels; 制度指标, which no vocabulary knows, is read as the level it stands as, and said); the
    总分 row is no indicator."""
    text = ("2019年度某县高中助学金项目绩效评价指标表\n"
            "评价指标\t评价内容\t指标名称\t指标说明\t目标值\t分值\n"
            "项目年度绩效目标(定量指标)\t制度指标\t规章制度建立与否\t\t\t20\n"
            "产出\t数量指标\t享受资助人数\t达到预计值\t2100\t40\n"
            "\t质量指标\t建档立卡学生全面覆盖\t\t100%\t20\n"
            "\t时效指标\t及时发放率\t达到目标值\t100%\t20\n"
            "总分\t\t\t\t\t100\n")
    form = parse_text(text, "t.txt").forms[0]
    assert form.kind == "target" and form.project_name == "某县高中助学金项目"
    assert [(i.name, i.level1, i.level2) for i in form.indicators[1:]] == [
        ("享受资助人数", "产出", "数量"), ("建档立卡学生全面覆盖", "产出", "质量"), ("及时发放率", "产出", "时效")]
    assert any("制度指标" in i.message for i in form.read_issues)


def test_a_self_evaluations_money_table_headed_by_the_vocabularys_words():
    """预算执行情况(万元) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分: money columns the vocabulary names, not the national
    template's 全年预算数 (the table was not found, and the form said so)."""
    text = ("2022年度项目支出绩效自评表\n项目名称\t某项目\n"
            "预算执行情况(万元) (20分)\t预算数(A)\t执行数(B)\t执行率(B/A)\t得分 (20分*执行率)\n"
            "年度财政资金总额\t278.4449\t30.00\t10.77%\t2.16\n"
            "年度绩效目标 (80分)\t一级指标\t二级指标\t三级指标\t年初目标值(A)\t实际完成值(B)\t得分\n"
            "\t产出指标\t数量指标\t示范面积\t≥10万亩\t10万亩\t40\n"
            "\t效益指标\t社会效益指标\t受益农户数\t≥5000户\t5200户\t40\n")
    form = parse_text(text, "t.txt").forms[0]
    assert form.kind == "self_evaluation"
    assert [(f.label, f.budget, f.spent, f.score) for f in form.funds] == [("年度资金总额", 278.4449, 30.0, 2.16)]
    assert not any("未识别到项目资金表" in u for u in form.unreadable)


@pytest.mark.parametrize("label, field", [("其中：中央预算内投资", "转移支付资金"), ("中央预算内投资", "本年度项目金额"),
                                          ("其中：本年度金额", "本年度项目金额"), ("其中：市级财政资金", "财政拨款资金")])
def test_a_line_under_qizhong_naming_a_fund_source_is_a_part(label, field):
    """A line under 其中 that names a fund source is a part of the amount, though its words (中央预算内投资, the
    amount of an investment form) name the amount itself when printed alone."""
    from jixiao.parse.target import header_label

    assert header_label(label)[0] == field


def test_a_money_unit_above_a_files_first_project_holds_until_the_next_title():
    """金额单位：万元 printed once above two projects: the second one's 项目金额 | 64.80 is 64.80万元 (it was read as 64.80
    元); a form under a title of its own does not inherit it."""
    one = "项目{n}\n项目名称\t项目{n}的名称\n项目金额\t64.80\n" + _TABLE
    text = ("某市2027年度项目支出绩效目标申报表\n部门名称：某市卫生健康委员会\t金额单位：万元\n" + one.format(n=1) + "\n"
            + one.format(n=2) + "\n某市2027年度项目支出绩效目标申报表\n" + one.format(n=3))
    forms = parse_text(text, "t.txt").forms
    assert [f.annual_amount.yuan if f.annual_amount else None for f in forms] == [648_000, 648_000, 64.8]


# -- learned from checker-2027-05 (first contact scored first; these are new phrasings of the same shapes) ----------

_NO_LEVEL_COLUMNS = ("项目名称\t社区戒毒康复经费\n项目资金（万元）\t145.60\n"
                     "绩效指标名称\t符号\t目标值\t计量单位\t指标解释\n"
                     "一、产出指标\n（一）数量指标\n1.管控人数\t=\t326\t人\t在册人数\n（二）质量指标\n"
                     "2.尿检按期完成率\t≥\t95\t%\t按期人次/应检人次\n（三）时效指标\n3.建档时限\t≤\t5\t工作日\t报到至建档\n"
                     "（四）成本指标\n4.社工人均经费\t≤\t4.2\t万元/人\t核定标准\n二、效益指标\n（一）社会效益指标\n"
                     "5.管控期间复吸率\t≤\t8\t%\t阳性人数/管控人数\n三、满意度指标\n（一）服务对象满意度指标\n"
                     "6.服务对象满意度\t≥\t90\t%\t回访\n")


def test_levels_named_on_rows_of_their_own_in_a_table_without_level_columns():
    """一、产出指标 / （一）数量指标 alone on their rows over the indicators (no level columns): levels, not indicators
    without a value (each drew a placeholder finding and every required category was missed)."""
    form = parse_text(_NO_LEVEL_COLUMNS, "t.txt").forms[0]
    assert [(i.level1, i.level2) for i in form.indicators] == [
        ("产出", "数量"), ("产出", "质量"), ("产出", "时效"), ("产出", "成本"), ("效益", "社会效益"), ("满意度", "服务对象满意度")]
    codes = {f.rule for f in audit_form(form)}
    assert not codes & {"JX401", "JX523"}
    assert "JX101" not in codes  # 复吸率 is lower-is-better: ≤8% is right


def test_a_bare_level_name_alone_on_its_row_stays_an_indicator_without_a_value():
    text = _NO_LEVEL_COLUMNS.replace("6.服务对象满意度\t≥\t90\t%\t回访\n", "服务对象满意度\n")
    form = parse_text(text, "t.txt").forms[0]
    assert form.indicators[-1].name == "服务对象满意度" and form.indicators[-1].target.kind == "empty"


def test_a_category_cell_naming_both_levels():
    """指标类别 | 产出指标-数量指标: the 一级 and the 二级 in one cell, joined by a dash or a slash."""
    text = ("项目名称\t网站运维\n序号\t指标类别\t指标名称\t符号\t目标值\t单位\n"
            "1\t产出指标-数量指标\t网站数量\t=\t36\t个\n2\t产出指标—质量指标\t网站可用率\t≥\t99.9\t%\n"
            "3\t效益指标/社会效益指标\t按时发布率\t≥\t98\t%\n4\t满意度指标－服务对象满意度指标\t用户满意度\t≥\t90\t%\n")
    form = parse_text(text, "t.txt").forms[0]
    assert [(i.level1, i.level2) for i in form.indicators] == [
        ("产出", "数量"), ("产出", "质量"), ("效益", "社会效益"), ("满意度", "服务对象满意度")]


def test_subtotal_rows_and_a_repeated_header_are_no_indicators():
    text = ("项目名称\t热线运行\n一级指标\t二级指标\t三级指标\t指标值\t权重\n"
            "产出指标\t数量指标\t坐席人数\t≥66人\t50\n产出指标小计\t\t\t\t50\n"
            "其他绩效指标\n一级指标\t二级指标\t三级指标\t指标值\t权重\n"
            "效益指标\t社会效益指标\t诉求解决率\t≥85%\t30\n效益指标合计\t\t\t\t30\n"
            "满意度指标\t服务对象满意度指标\t来电群众满意度\t≥92%\t20\n合计\t\t\t\t100\n")
    form = parse_text(text, "t.txt").forms[0]
    assert [i.name for i in form.indicators] == ["坐席人数", "诉求解决率", "来电群众满意度"]
    assert not form.read_issues


def test_a_header_block_under_the_table_with_no_table_of_its_own_is_the_forms():
    """项目资金情况 | 年度资金总额 | …, 测算依据, 年度目标 printed under the indicators (no title, no 项目名称, no table
    after them): the form's own header, not another form's."""
    text = ("项目支出绩效目标申报表（2028年度）\n金额单位：元\n项目名称\t困难职工帮扶\n" + _TABLE +
            "项目资金情况\t年度资金总额\t4,800,000.00\n\t其中：市级财政拨款\t3,000,000.00\n"
            "测算依据\t1.生活救助600户×5,000元/户=3,000,000元。\n年度目标\t为600户困难职工家庭发放生活救助。\n")
    forms = parse_text(text, "t.txt").forms
    assert len(forms) == 1 and len(forms[0].indicators) == 3
    assert forms[0].annual_amount is not None and forms[0].annual_amount.yuan == 4_800_000
    assert forms[0].fields["测算依据"].value.startswith("1.生活救助") and not forms[0].read_issues


def test_an_amount_label_over_a_fund_table_takes_its_total_row():
    """年度资金总额 | 金额(万元), then 合计 | 68.40 and the sources under it (a 四川 template): 68.40万元, not the heading."""
    head = "项目名称\t婚姻登记服务\n项目资金(万元)\t年度资金总额\t金额(万元)\n"
    parts = "\t(一)财政拨款小计\t68.40\n\t1、一般公共预算\t68.40\n\t(二)自有资金小计\t0.00\n"
    form = parse_text(head + "\t合计\t68.40\n" + parts + _TABLE, "t.txt").forms[0]
    assert form.annual_amount is not None and form.annual_amount.yuan == 684_000
    without_total = parse_text(head + parts + _TABLE, "t.txt").forms[0]
    assert without_total.annual_amount is None
    assert any("没有合计行" in i.message for i in without_total.read_issues)  # said, not silent


def test_a_footer_label_with_its_value_in_one_cell_ends_the_table():
    form = parse_text("项目名称\t专利资助\n" + _TABLE + "填表人：陈晓\t联系电话：（略）\t填报日期：2027年9月18日\n",
                      "t.txt").forms[0]
    assert [i.name for i in form.indicators] == ["整治易涝点数量", "因内涝造成人员伤亡", "周边居民满意度"]


def test_an_instructions_sheet_is_no_unread_form(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "目标表"
    for line in ("项目名称\t婴幼儿照护\n" + _TABLE).splitlines():
        ws.append(line.split("\t"))
    wb.create_sheet("填表说明").append(["1.本表金额单位为万元；权重合计100分。"])
    wb.create_sheet("测算明细").append(["序号", "支出内容", "金额（万元）"])
    path = tmp_path / "f.xlsx"
    wb.save(path)
    form = parse_path(path).forms[0]
    unread = [i.message for i in form.read_issues if i.kind == "skipped_table"]
    assert len(unread) == 1 and "测算明细" in unread[0]  # another sheet without a form is still said


@pytest.mark.parametrize("raw", ["达到国家C级及以上", "C级", "二级及以上", "四星级"])
def test_a_class_a_standard_defines_is_a_grade(raw):
    from jixiao.values import parse_target

    assert parse_target(raw).kind == "grade"


def test_a_level2_naming_benefits_of_several_kinds():
    """社会、经济、生态效益 指标 (a 广东 approval form's one 二级 for the benefits): 社会效益 is there, not missing."""
    from jixiao import vocab

    assert vocab.level2_of("社会、经济、生态效益 指标") == "社会效益"
    assert vocab.level2_of("经济、生态效益指标") == "经济效益"
    assert vocab.level2_of("产出、效益指标") is None


def test_a_period_over_three_cells_and_this_years_amount_as_arranged():
    """实施期限 | 2028年3月1日 | 至 | 2028年11月30日 (a workbook's date cells) and 本年度安排（万元） | 856.5 beside 项目总投资
    （元） | 8650000: the period and this year's amount are read, so a one-year total that differs is found."""
    text = ("项目名称\t小流域综合治理\n实施期限\t2028年3月1日\t至\t2028年11月30日\n"
            "项目总投资（元）\t8650000\t\t本年度安排（万元）\t856.5\n" + _TABLE)
    form = parse_text(text, "t.txt").forms[0]
    assert (str(form.start_date), str(form.end_date)) == ("2028-03-01", "2028-11-30")
    assert form.annual_amount is not None and form.annual_amount.yuan == 8_565_000
    assert "JX708" in {f.rule for f in audit_form(form)}


def test_a_header_block_under_the_table_that_repeats_the_forms_fields_is_another_forms():
    """测算依据 under a form that has one already: another form's header (its table lost), not the first form's."""
    text = ("项目名称\t困难职工帮扶\n测算依据\t1.生活救助600户×5,000元/户=3,000,000元。\n" + _TABLE +
            "测算依据\t另一项目的测算：培训200人次×500元=10万元。\n")
    forms = parse_text(text, "t.txt").forms
    assert len(forms) == 2 and forms[0].fields["测算依据"].value.startswith("1.生活救助")
    assert any(i.kind == "uncertain" for i in forms[1].read_issues)  # said, not silent


def test_known_columns_a_rule_does_not_read_are_kept_without_a_doubt():
    """一级分值 beside 分值 (the 一级's weight, then the row's), 完成比例, 扣分, 评价等次: kept as printed; 分值 is the row's
    weight (it was dropped as a second weight column and reported unreadable)."""
    text = ("2027年度项目支出绩效自评表\n项目名称\t山洪灾害防治\n"
            "项目资金（万元）\t全年预算数\t全年执行数\t执行率\t分值\t得分\n年度资金总额\t150\t145.8\t97.2%\t10\t9.72\n"
            "一级指标\t一级分值\t二级指标\t三级指标\t指标值\t实际完成值\t完成比例\t评价等次\t分值\t得分\t扣分\n"
            "产出指标\t50\t数量指标\t监测站运维数量\t=46个\t46个\t100%\t优\t10\t10\t0\n")
    form = parse_text(text, "t.txt").forms[0]
    ind = form.indicators[0]
    assert (ind.weight, ind.score) == (10, 10)
    assert not [i for i in form.read_issues if i.kind == "unmapped_column"]


def _workbook_with_calculation_sheet(tmp_path, header_basis: str | None, wrong: bool = False,  # noqa: ANN202
                                     item: str = "支出内容"):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "目标表"
    lines = ["项目名称\t噪声监测", "年度预算（万元）\t96.8"] + ([f"测算依据\t{header_basis}"] if header_basis else [])
    for line in lines + _TABLE.splitlines():
        ws.append(line.split("\t"))
    sheet = wb.create_sheet("测算明细")
    sheet.append([item, "数量", "单位", "单价（万元）", "金额（万元）"])
    sheet.append(["监测站运行维护", 14, "个", 4.2, 62.8 if wrong else 58.8])
    sheet.append(["投诉执法监测", 600, "次", 0.03, 18])
    sheet.append(["小计", None, None, None, 80.8 if wrong else 76.8])  # a sub-total: no item, and not the end
    sheet.append(["合计", None, None, None, 80.8 if wrong else 76.8])
    path = tmp_path / "f.xlsx"
    wb.save(path)
    return parse_path(path).forms[0]


def test_a_calculation_sheet_is_the_forms_calculation(tmp_path):
    """支出内容 | 数量 | 单位 | 单价（万元） | 金额（万元） on a sheet of its own (测算明细): read as the form's 测算依据, or as
    its 测算明细 when the form writes one; checked as any calculation (it was reported unread)."""
    form = _workbook_with_calculation_sheet(tmp_path, None)
    basis = form.fields["测算依据"]
    assert basis.value == "1.监测站运行维护：14个×4.2万元=58.8万元；2.投诉执法监测：600次×0.03万元=18万元；合计76.8万元。"
    assert basis.cell == "测算明细!A1" and not [i for i in form.read_issues if i.kind == "skipped_table"]
    beside = _workbook_with_calculation_sheet(tmp_path, "监测站运行维护及执法监测，合计76.8万元。")
    assert beside.fields["测算依据"].value.startswith("监测站") and "测算明细" in beside.fields
    wrong = _workbook_with_calculation_sheet(tmp_path, None, wrong=True)
    assert "JX707" in {f.rule for f in audit_form(wrong)}  # 14个×4.2万元 is 58.8, not 62.8
    # its items headed 成本项目 (first contact 2027-24 oa_02: reported unread)
    costs = _workbook_with_calculation_sheet(tmp_path, None, item="成本项目")
    assert costs.fields["测算依据"].value == basis.value


def test_fund_lines_named_by_their_source_are_parts_of_the_amount():
    """项目资金情况 | 年度资金总额, 其中：市级财政拨款, then 上级工会补助 and 工会经费配套: lines no stem knows, named by where
    the money comes from, are parts (kept under their labels), not dropped in silence; one such line alone, beside an
    amount (本级预算金额 250 | 上级资金 0), is read too."""
    text = ("项目名称\t困难职工帮扶\n项目资金情况\t年度资金总额\t4,800,000.00\n\t其中：市级财政拨款\t3,000,000.00\n"
            "\t上级工会补助\t1,500,000.00\n\t2.工会经费配套\t500,000.00\n" + _TABLE)
    form = parse_text(text, "t.txt").forms[0]
    assert {k: v.yuan for k, v in form.funding.items()} == {
        "财政拨款资金": 3_000_000, "上级工会补助": 1_500_000, "工会经费配套": 500_000}
    inline = parse_text("项目名称\t民族村寨\n项目总金额（万元）\t300.00\t其中：上级补助\t240.00\t本级财政\t60.00\t其他资金\t0.00\n"
                        + _TABLE, "t.txt").forms[0]
    assert {k: v.yuan for k, v in inline.funding.items()} == {"其他资金": 0, "上级补助": 2_400_000, "本级财政": 600_000}


def test_a_fund_line_whose_words_could_name_the_amount_is_a_part_once_the_amount_is_read():
    text = ("项目名称\t消防站\n项目总投资（万元）\t1,860.00\t其中：2027年度安排（万元）\t1,020.00\n"
            "2027年度资金来源（万元）\t中央预算内投资\t600.00\t地方财政配套\t420.00\n" + _TABLE)
    form = parse_text(text, "t.txt").forms[0]
    assert form.annual_amount is not None and form.annual_amount.yuan == 10_200_000
    assert {k: v.yuan for k, v in form.funding.items()} == {"中央预算内投资": 6_000_000, "地方财政配套": 4_200_000}


def test_a_fund_table_with_a_column_per_term_gives_this_years_parts_and_both_totals():
    """资金来源 | 项目总额（2027—2029年） | 2028年度: each source's part is this year's column; 合计 gives the year's amount
    and the project's; 项目周期 2027年—2029年 makes it a three-year project. The first column's figure was taken before."""
    text = ("项目名称\t老旧小区改造\n项目周期\t2027年—2029年\n"
            "资金情况（万元）\t资金来源\t项目总额（2027—2029年）\t2028年度\n\t中央补助资金\t3,600.00\t1,500.00\n"
            "\t区级配套资金\t1,500.00\t600.00\n\t合计\t5,100.00\t2,100.00\n" + _TABLE)
    form = parse_text(text, "t.txt").forms[0]
    assert form.annual_amount is not None and form.annual_amount.yuan == 21_000_000
    assert form.total_amount is not None and form.total_amount.yuan == 51_000_000
    assert {k: v.yuan for k, v in form.funding.items()} == {"中央补助资金": 15_000_000, "区级配套资金": 6_000_000}
    assert form.period_years == 3


def test_a_fund_blocks_subtotals_are_its_parts_and_their_lines_are_not_counted_again():
    text = ("项目名称\t婚姻登记服务\n项目资金(万元)\t年度资金总额\t68.40\n\t(一)财政拨款小计\t60.00\n\t1、一般公共预算拨款资金\t60.00\n"
            "\t(二)单位自筹资金小计\t8.40\n" + _TABLE)
    form = parse_text(text, "t.txt").forms[0]
    assert sum(v.yuan or 0 for v in form.funding.values()) == 684_000


def test_a_fund_blocks_row_of_labels_over_its_row_of_amounts():
    """资金来源 | 合计 | 一般公共预算拨款 | 政府性基金预算拨款 | 上年结转, then 金额 | …: each amount under its label (the
    source no stem knows kept under its label); 政府性基金预算拨款 was taken as 一般公共预算拨款's value before."""
    text = ("项目名称\t公交优惠补贴\n金额单位：万元\n资金来源\t合计\t一般公共预算拨款\t政府性基金预算拨款\t上年结转\n"
            "金额\t2,650.00\t2,400.00\t0.00\t250.00\n" + _TABLE)
    form = parse_text(text, "t.txt").forms[0]
    assert form.annual_amount is not None and form.annual_amount.yuan == 26_500_000
    assert {k: v.yuan for k, v in form.funding.items()} == {
        "财政拨款资金": 24_000_000, "上年结转资金": 2_500_000, "政府性基金预算拨款": 0}
    assert not form.read_issues


def test_a_workbooks_list_beside_its_form_is_a_note_not_a_part_left_unread(tmp_path):
    """A sheet of a plain table (序号 | 街道 | 点位数 | 计划投用时间, rows of data) beside the form is its list (附表):
    said as a note, not an error that the form was read in part; a sheet whose headings are an indicator table's is
    still an unread part."""
    import openpyxl

    from jixiao.check import audit_form

    wb = openpyxl.Workbook()
    ws = wb.active
    for line in ("项目名称\t电动自行车充电设施\n" + _TABLE).splitlines():
        ws.append(line.split("\t"))
    listing = wb.create_sheet("点位分布")
    listing.append(["序号", "街道", "点位数（个）", "计划投用时间"])
    listing.append([1, "米市巷街道", 6, "2028-06-30"])
    titled = wb.create_sheet("分街道台账")  # a list with a title of its own over its headings (first contact nu_08)
    titled.append(["电动自行车充电设施分街道台账"])
    titled.append(["序号", "街道", "点位数（个）"])
    titled.append([1, "米市巷街道", 6])
    noted = wb.create_sheet("分乡镇台账")  # a list with a column of notes (备注 labels a form too: first contact oa_09)
    noted.append(["序号", "乡镇", "抚育面积（亩）", "备注"])
    noted.append([1, "林芝镇", 525, None])
    more = wb.create_sheet("补充")
    more.append(["指标补充说明", "口径"])
    more.append(["充电端口", "按建成投用的端口计"])
    path = tmp_path / "f.xlsx"
    wb.save(path)
    form = parse_path(path).forms[0]
    kinds = {i.message.split("”")[0].split("“")[-1]: i.kind for i in form.read_issues
             if i.kind in ("attachment", "skipped_table")}
    assert kinds == {"点位分布": "attachment", "分街道台账": "attachment", "分乡镇台账": "attachment", "补充": "skipped_table"}
    findings = [f for f in audit_form(form) if f.rule == "JX001"]
    assert len(findings) == 1 and "补充" in findings[0].message


def test_a_period_printed_as_two_labelled_dates():
    form = parse_text("项目名称\t油茶产业\n项目开始日期\t2028-01-01\t项目结束日期\t2028-06-30\n" + _TABLE, "t.txt").forms[0]
    assert (str(form.start_date), str(form.end_date)) == ("2028-01-01", "2028-06-30")


def test_level_cells_numbered_as_an_outline_and_a_weight_printed_as_a_share():
    text = ("项目名称\t结核病筛查\n一级指标\t二级指标\t三级指标\t指标值\t权重\n"
            "（一）产出指标\t1.数量指标\t筛查人数\t≥16000人\t15%\n\t2.质量指标\t检测合格率\t≥95%\t10%\n")
    form = parse_text(text, "t.txt").forms[0]
    assert [(i.level1, i.level2, i.weight) for i in form.indicators] == [("产出", "数量", 15), ("产出", "质量", 10)]
    assert not form.read_issues


def test_a_type_column_that_holds_the_levels():
    """指标类型 names 定量/定性 in most templates; one whose cells are 产出指标-数量指标 holds the levels."""
    text = ("项目名称\t适老化改造\n序号\t指标类型\t指标名称\t目标值\t计量单位\n1\t产出指标-数量指标\t改造户数\t≥720\t户\n"
            "2\t产出指标-质量指标\t验收合格率\t=100\t%\n3\t满意度指标-服务对象满意度指标\t老人满意度\t≥90\t%\n")
    form = parse_text(text, "t.txt").forms[0]
    assert [(i.level1, i.level2) for i in form.indicators] == [("产出", "数量"), ("产出", "质量"), ("满意度", "服务对象满意度")]


def test_a_target_form_over_two_sheets_the_second_with_a_title_of_its_own(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["2028年度项目绩效目标申报表（一）项目基本信息"], ["项目名称", "疫苗接种"], ["主管部门", "示例区卫生健康委"],
                ["年度资金总额", 1020000]):
        ws.append(row)
    table = wb.create_sheet("绩效指标")
    for row in (["2028年度项目绩效目标申报表（二）绩效指标"], ["一级指标", "二级指标", "三级指标", "指标值", "度量单位"],
                ["产出指标", "数量指标", "接种人数", "≥3240", "人"], ["满意度指标", "服务对象满意度指标", "满意度", "≥90", "%"]):
        table.append(row)
    path = tmp_path / "f.xlsx"
    wb.save(path)
    (form,) = parse_path(path).forms
    assert form.project_name == "疫苗接种" and [i.name for i in form.indicators] == ["接种人数", "满意度"]


def test_a_label_with_its_colon_after_a_fund_block_label_is_no_column_heading():
    """资金情况 | 年度金额(万元): | 397 (a 重庆 transfer form): a label and its value, not a fund table headed by a year's
    column (the amount was lost, in silence, when 年度金额 was taken for a heading)."""
    text = "生猪调出大县奖励资金区域绩效目标表\n资金名称\t生猪调出大县奖励资金\n资金情况\t年度金额(万元):\t397\n\t其中:中央补助(万元)\t397\n" + _TABLE
    form = parse_text(text, "t.txt").forms[0]
    assert form.annual_amount is not None and form.annual_amount.yuan == 3_970_000


def test_a_money_unit_printed_as_a_label_and_its_value_in_two_cells():
    """金额单位 | 万元 in the header's cells (a 陕西 county form, first contact 2027-10 nk_03): the amounts are in 万元
    (年度资金总额 | 286.50 was read as 286.50 元, without a word), in the form's own header and above a file's first
    project."""
    form = ("宝鸡市眉县2028年度部门预算项目绩效目标表\n填报单位（盖章）\t眉县农业农村局\t\t\t金额单位\t万元\n"
            "项目名称\t猕猴桃溃疡病统防统治\n项目资金\t年度资金总额\t286.50\n\t其中：财政拨款\t256.50\n\t上年结转\t30.00\n" + _TABLE)
    f = parse_text(form, "t.txt").forms[0]
    assert f.annual_amount.yuan == 2_865_000
    assert f.funding["上年结转资金"].yuan == 300_000
    one = "项目{n}\n项目名称\t项目{n}的名称\n项目金额\t64.80\n" + _TABLE
    above = ("某县2028年度项目支出绩效目标申报表\n部门名称\t某县农业农村局\t金额单位\t万元\n" + one.format(n=1) + "\n"
             + one.format(n=2))
    assert [f.annual_amount.yuan for f in parse_text(above, "t.txt").forms] == [648_000, 648_000]


# -- learned from checker-2027-11 (first contact scored first) ------------------------------------------------------

def test_a_fund_table_of_the_mid_term_and_the_year():
    """项目资金 | 资金来源 | 中期资金总额 | 年度资金总额 (a 山东 form, nl_01): 年度资金总额 is the year's column though it
    says 总额; the parts' lines (其中：财政拨款, 上年结转, 其他资金) give the year's figures, not the mid-term's."""
    text = ("潍坊市2028年度项目支出绩效目标表\n金额单位：万元\n项目名称\t近视防控\n"
            "项目资金\t资金来源\t中期资金总额\t年度资金总额\n\t合计\t1,380.00\t468.00\n\t其中：财政拨款\t1,290.00\t438.00\n"
            "\t上年结转\t0.00\t0.00\n\t其他资金\t90.00\t30.00\n" + _TABLE)
    f = parse_text(text, "t.txt").forms[0]
    assert (f.annual_amount.yuan, f.total_amount.yuan) == (4_680_000, 13_800_000)
    assert sorted(a.yuan for a in f.funding.values()) == [0, 300_000, 4_380_000]


def test_an_amount_label_heading_a_row_of_amount_labels():
    """年度资金（万元） | 年度资金总额 | 中央财政资金 | 省级财政资金 | 市级财政资金 | 县级财政资金, the amounts in the row
    below (a 贵州 workbook, nl_05): read as labels over amounts (it was read as nothing, and said nothing); 资金安排
    heads such a block too (a 河北 form, nl_02)."""
    text = ("某县2028年度项目支出绩效目标表\n项目名称\t石漠化综合治理\n"
            "年度资金（万元）\t年度资金总额\t中央财政资金\t省级财政资金\t市级财政资金\t县级财政资金\n\t1150\t1000\t100\t0\t50\n"
            + _TABLE)
    f = parse_text(text, "t.txt").forms[0]
    assert f.annual_amount.yuan == 11_500_000
    assert sum(a.yuan for a in f.funding.values()) == 11_500_000
    text = ("某市2028年度项目绩效目标申报表\n项目名称\t管网漏损治理\n"
            "年度资金安排（元）\t合计\t市级财政资金\t超长期特别国债资金\t单位自筹\n\t18,600,000.00\t12,600,000.00\t"
            "6,000,000.00\t0.00\n" + _TABLE)
    f = parse_text(text, "t.txt").forms[0]
    assert f.annual_amount.yuan == 18_600_000
    assert f.funding["超长期特别国债资金"].yuan == 6_000_000
    assert not f.read_issues


def test_a_breakdown_among_a_fund_blocks_columns():
    """资金情况 | 年度资金总额 | 财政拨款 | 其中：上级补助 | 本级安排 | 其他资金 over the amounts (a 海南 county form,
    first contact 2027-18 nu_06): the 其中 columns break 财政拨款 down, and are no parts of their own (the block was
    read as a label's value, “其中：上级补助”, and its amounts as missing)."""
    text = ("某县2028年度项目支出绩效目标表\n项目名称\t生态护林员巡护\n金额单位：元\n"
            "资金情况\t年度资金总额\t财政拨款\t其中：上级补助\t本级安排\t其他资金\n"
            "\t4,600,000\t4,600,000\t3,600,000\t1,000,000\t0\n" + _TABLE)
    f = parse_text(text, "t.txt").forms[0]
    assert f.annual_amount.yuan == 4_600_000
    assert {k: v.yuan for k, v in f.funding.items()} == {"财政拨款资金": 4_600_000, "其他资金": 0}
    assert not f.read_issues
    # 其中 under the total: the parts follow (a 重庆 form, checker-2027-05 nf_01)
    text = ("某区2028年度项目支出绩效目标表\n项目名称\t病媒生物防制\n"
            "年度预算数（万元）\t预算总额\t其中：财政拨款\t其他资金\n\t186.00\t186.00\t0.00\n" + _TABLE)
    f = parse_text(text, "t.txt").forms[0]
    assert {k: v.yuan for k, v in f.funding.items()} == {"财政拨款资金": 1_860_000, "其他资金": 0}


def test_a_labelled_line_under_the_table_ends_it():
    """项目负责人：符海燕　联系电话：… on a line of its own under the indicators (a 海南 Word form, nl_06): a footer, not
    an indicator row of 满意度 (it drew a JX401 and a JX512)."""
    text = ("某市2028年度项目支出绩效目标表\n项目名称\t珊瑚礁生态修复\n" + _TABLE
            + "项目负责人：符海燕\u3000\u3000联系电话：0898-88261935\n")
    f = parse_text(text, "t.txt").forms[0]
    assert "项目负责人" not in [i.name[:5] for i in f.indicators]
    assert f.fields["项目负责人"].value.startswith("符海燕")
    # the same fields a cell each (a 浙江 county form, first contact 2027-18 nu_01)
    f = parse_text(text.replace("\u3000\u3000联系电话", "\t\t联系电话") + "", "t.txt").forms[0]
    assert [i.name for i in f.indicators] == [i.name for i in parse_text(text, "t.txt").forms[0].indicators]
    assert (f.fields["项目负责人"].value, f.fields["联系电话"].value) == ("符海燕", "0898-88261935")


def test_a_department_forms_money_block_above_its_duties():
    """部门职能 | 负责… then 年度预算申请（万元） | 资金总额 | 2,966.30 and its lines by income and by spending (a 湖南
    department form, nl_04): 部门职能 is a label and its text, not the duties table's heading (every row after it was
    taken for a duty, and the money was read as nothing, without a word); the duties table (任务名称 | 主要内容 |
    预算金额) is still read."""
    text = ("某区2028年度部门（单位）整体支出绩效目标申报表\n部门（单位）名称\t某区市场监督管理局\n部门职能\t负责辖区市场监管\n"
            "年度预算申请（万元）\t资金总额\t2,966.30\n\t按收入性质分\t一般公共预算拨款\t2,846.30\n\t\t其他资金\t120.00\n"
            "\t按支出性质分\t基本支出\t1,920.50\n\t\t项目支出\t1,045.80\n"
            "年度主要任务\t任务名称\t主要内容\t预算金额（万元）\n\t1.食品安全监督抽检\t完成抽检2,400批次\t336.00\n" + _TABLE)
    f = parse_text(text, "t.txt").forms[0]
    assert f.kind == "department" and f.annual_amount.yuan == 29_663_000
    assert f.funding["财政拨款资金"].yuan == 28_463_000
    assert [d.name for d in f.duties] == ["1.食品安全监督抽检"]


# -- learned from checker-2027-12 (first contact scored first) ------------------------------------------------------

def test_a_fund_table_of_a_row_per_year():
    """项目资金（万元） | 年度 | 合计 | 中央财政资金 | …, then 2028年 | 900.00 | …, 2029年 | …, 实施期合计 | 2,400.00 (a 陕西
    multi-year form, nm_06): the budget year's row is this year's money, 实施期合计 the project's (the year's amount was
    not read, and its 合计 cell was taken for a value of the label before it)."""
    text = ("汉中市2028年度项目支出绩效目标申报表\n项目名称\t朱鹮保护\n"
            "项目资金（万元）\t年度\t合计\t中央财政资金\t省级财政资金\t市级财政资金\n\t2028年\t900.00\t600.00\t200.00\t100.00\n"
            "\t2029年\t800.00\t550.00\t170.00\t80.00\n\t实施期合计\t1,700.00\t1,150.00\t370.00\t180.00\n" + _TABLE)
    f = parse_text(text, "t.txt").forms[0]
    assert (f.annual_amount.yuan, f.total_amount.yuan) == (9_000_000, 17_000_000)
    assert sum(a.yuan for a in f.funding.values()) == 9_000_000
    assert not f.read_issues


def test_a_total_among_label_and_amount_pairs():
    """资金来源（万元） | 中央财政资金 | 2,600.00 | 省级财政资金 | 400.00 | 市级财政资金 | 260.00 | 合计 | 3,260.00 (a 黑龙江
    form, nm_07): the 合计 is this year's amount (none was read, and no money rule ran)."""
    text = ("某市2028年度项目支出绩效目标申报表\n项目名称\t黑土地保护\n资金来源（万元）\t中央财政资金\t2,600.00\t省级财政资金\t400.00"
            "\t市级财政资金\t260.00\t合计\t3,260.00\n" + _TABLE)
    f = parse_text(text, "t.txt").forms[0]
    assert f.annual_amount.yuan == 32_600_000
    assert sum(a.yuan for a in f.funding.values()) == 32_600_000


def test_the_calculation_printed_as_project_calculation():
    """项目测算依据 | … (a 山东 form, first contact 2027-13 nn_02) is the 测算依据 (its items were never added up)."""
    text = "某市2028年度项目支出绩效目标申报表\n项目名称\t人工鱼礁建设\n项目测算依据\t投放构件礁6万空方，计540万元。\n" + _TABLE
    assert parse_text(text, "t.txt").forms[0].fields["测算依据"].value.startswith("投放构件礁")


def test_an_amount_label_heading_lines_of_its_sources():
    """年度资金 | 州级财政资金 | 500.00, then | 县级财政资金 | 360.00 and | 合计 | 860.00 (a 云南 form, first contact
    2027-14 np_07): 年度资金 heads the block; its value is not 州级财政资金 (a JX001), the 合计 is the year's amount."""
    text = ("某州2028年度项目支出绩效目标申报表\n金额单位：万元\n项目名称\t梯田保护\n年度资金\t州级财政资金\t500.00\n"
            "\t县级财政资金\t360.00\n\t合计\t860.00\n" + _TABLE)
    f = parse_text(text, "t.txt").forms[0]
    assert f.annual_amount.yuan == 8_600_000 and not f.read_issues
    assert sum(a.yuan for a in f.funding.values()) == 8_600_000


def test_a_value_basis_column_spelled_with_brackets():
    """评（取）值依据 (a 湖北 workbook, first contact 2027-14 np_03) is the standard column (it was a JX002)."""
    text = ("某市2028年度项目支出绩效目标申报表\n项目名称\t景区步道修复\n"
            "一级指标\t二级指标\t三级指标\t指标值\t评（取）值依据\n产出指标\t数量指标\t步道修复长度\t≥12公里\t计划标准\n"
            "满意度指标\t服务对象满意度指标\t游客满意度\t≥90%\t行业标准\n")
    f = parse_text(text, "t.txt").forms[0]
    assert not [i for i in f.read_issues if "无法识别" in i.message]


def test_a_department_form_with_money_by_source_and_by_use_and_its_tasks():
    """年度预算申请 | 资金来源 | 金额 | 资金用途 | 金额 over income and spending side by side, then 年度主要任务 (任务名称 |
    主要内容 | 预算金额, 合计) and 年度整体绩效目标 | 目标1：… (an 安徽 department form, first contact 2027-20 nw_02): one
    form (the goal's row was taken for a second form's title, and the money block for the tasks' heading); the tasks in
    the form's 万元, their 合计 no task; the goal a field, not a task; 资金用途 no text whose value is 金额."""
    text = ("某市2028年度部门整体支出绩效目标申报表\n部门名称\t某市医疗保障局\n金额单位：万元\n"
            "年度预算申请\t资金来源\t金额\t资金用途\t金额\n\t资金总额\t1,306.40\t支出合计\t1,306.40\n"
            "\t其中：财政拨款\t1,286.40\t其中：基本支出\t846.40\n\t其他资金\t20.00\t项目支出\t460.00\n"
            "年度主要任务\t任务名称\t主要内容\t预算金额\n\t任务一：参保扩面\t开展全民参保计划\t120.00\n"
            "\t任务二：基金监管\t开展定点医药机构现场检查\t340.00\n\t合计\t\t460.00\n"
            "年度整体绩效目标\t目标1：城乡居民基本医保参保人数稳定在52万人以上，参保率保持在95%以上。\n"
            "一级指标\t二级指标\t三级指标\t指标值\t指标说明\n产出指标\t数量指标\t城乡居民基本医保参保人数\t≥52万人\t年末参保登记人数\n"
            "满意度指标\t服务对象满意度指标\t参保群众满意度\t≥90%\t问卷调查\n")
    (f,) = parse_text(text, "t.txt").forms
    assert f.annual_amount.yuan == 13_064_000
    assert [(d.name, d.amount.yuan) for d in f.duties] == [("任务一：参保扩面", 1_200_000), ("任务二：基金监管", 3_400_000)]
    assert f.fields["年度目标"].value.startswith("目标1：")
    assert "项目用途" not in f.fields
    assert [i.name for i in f.indicators] == ["城乡居民基本医保参保人数", "参保群众满意度"]


def test_a_word_forms_sign_off_and_its_data_source_column(tmp_path):
    """A 广东 Word form (first contact 2027-20 nw_04): an info table, an indicator table with 指标值设定依据 | 数据来源 side
    by side, then 填报单位（盖章）：… 填报人：… 联系电话：… as a paragraph. The paragraph is the sign-off, not the header of
    a second form (it was read as one, with no table, and said so twice); 数据来源 (where the actual value will come
    from) is kept as printed (it was a second basis column, not known)."""
    import docx

    d = docx.Document()
    d.add_paragraph("某市2028年度项目支出绩效目标申报表")
    tables = ([["项目名称", "血液净化中心扩建", "", ""], ["主管部门", "某市卫生健康局", "实施单位", "某市人民医院"]],
              [["一级指标", "二级指标", "三级指标", "指标值", "度量单位", "指标值设定依据", "数据来源"],
               ["产出指标", "数量指标", "新增血液透析机数量", "≥20", "台", "计划标准", "设备验收单"],
               ["满意度指标", "服务对象满意度指标", "透析患者满意度", "≥90", "%", "行业标准", "患者问卷调查"]])
    for rows in tables:
        t = d.add_table(rows=len(rows), cols=len(rows[0]))
        for r, cells in zip(t.rows, rows):
            for c, v in zip(r.cells, cells):
                c.text = v
        d.add_paragraph("")
    d.add_paragraph("填报单位（盖章）：某市人民医院　　填报人：陈敏　　联系电话：0668-7328615　　填报日期：2027年10月12日")
    d.save(tmp_path / "f.docx")
    (form,) = parse_path(tmp_path / "f.docx").forms
    assert [i.name for i in form.indicators] == ["新增血液透析机数量", "透析患者满意度"]
    assert not form.read_issues


def test_two_sources_of_one_stem_on_a_row_beside_the_years_amount():
    """项目资金 | 项目总金额（2028—2030年） | 930 | 年度资金总额 | 310, then 其中：中央财政资金 | 180 | 省级财政资金 | 80 with
    省级 under 年度资金总额's column (a 四川 city workbook, first contact 2027-22 ny_04): two sources of this year, both
    transfers; a block of two terms side by side prints one label twice, these are two (中央 was dropped as the 中期
    column's, 省级 kept alone, and the parts came to 130 of 310)."""
    text = ("某市2028年度项目支出绩效目标申报表\n单位：万元\n项目名称\t保护管理\n"
            "项目资金\t项目总金额（2028—2030年）\t\t930\t年度资金总额\t\t310\n"
            "\t其中：中央财政资金\t\t180\t省级财政资金\t\t80\n\t市级财政资金\t\t50\t其他资金\t\t0\n" + _TABLE)
    f = parse_text(text, "t.txt").forms[0]
    assert sum(a.yuan for a in f.funding.values()) == 3_100_000
    assert audit_form(f) and not [x for x in audit_form(f) if x.rule == "JX702"]


def test_a_comparator_in_a_column_headed_how_the_row_is_judged():
    """三级指标 | 评判方式 | 目标值 | 单位 | 指标值确定依据, with ≥ under 评判方式 (a 云南 form, first contact 2027-22 ny_02): the
    comparator of the target (the column was not known, and the targets lost their ≥)."""
    text = ("某县2028年度项目支出绩效目标申报表\n项目名称\t疟疾防止再传播\n"
            "一级指标\t二级指标\t三级指标\t评判方式\t目标值\t单位\t指标值确定依据\n"
            "产出指标\t数量指标\t发热病人疟原虫血检人次\t≥\t48,000\t人次\t计划标准\n"
            "满意度指标\t服务对象满意度指标\t群众满意度\t≥\t90\t%\t历史标准\n")
    f = parse_text(text, "t.txt").forms[0]
    assert [i.target.raw for i in f.indicators] == ["≥48,000", "≥90"]
    assert not f.read_issues


def test_a_fund_table_of_a_row_per_term_by_source():
    """资金来源 | 合计 | 财政拨款 | 上年结转 | 其他资金, then 项目总金额 | 1,260.00 | … and 本年度金额 | 420.00 | … (a 广西
    county Word form, first contact 2027-22 ny_05): the first row is the project's total, the second this year's and its
    sources (the project's total was read as this year's amount, and its sources as this year's, without a word)."""
    text = ("某县2028年度项目支出绩效目标申报表\n项目名称\t珍珠贝苗种繁育\n项目期限\t2028年1月—2030年12月\n"
            "项目资金（万元）\t资金来源\t合计\t财政拨款\t上年结转\t其他资金\n"
            "项目资金（万元）\t项目总金额\t1,260.00\t1,140.00\t0.00\t120.00\n"
            "项目资金（万元）\t本年度金额\t420.00\t380.00\t0.00\t40.00\n" + _TABLE)
    f = parse_text(text, "t.txt").forms[0]
    assert (f.total_amount.yuan, f.annual_amount.yuan) == (12_600_000, 4_200_000)
    assert {k: v.yuan for k, v in f.funding.items()} == {"财政拨款资金": 3_800_000, "上年结转资金": 0, "其他资金": 400_000}
    assert f.fields["本年度项目金额"].label == "本年度金额"


def test_a_fund_tables_columns_that_name_a_level_alone():
    """资金来源 | 合计 | 财政资金 | 其中：省级 | 市级 | 其他资金 over a row for the whole term and one for the year (a 湖北
    form, first contact 2027-23 nz_01): 省级 and 市级 alone name the levels' money, the parts of 财政资金 (the block was
    read as a label 财政资金 with the value “其中：省级”, a JX001)."""
    text = ("2028年度项目支出绩效目标申报表\n单位：万元\n项目名称\t茶园提质\n"
            "资金来源\t合计\t财政资金\t其中：省级\t县级\t其他资金\n"
            "项目总金额（2028—2029年）\t600.00\t560.00\t400.00\t160.00\t40.00\n"
            "2028年度金额\t300.00\t280.00\t200.00\t80.00\t20.00\n" + _TABLE)
    f = parse_text(text, "t.txt").forms[0]
    assert (f.total_amount.yuan, f.annual_amount.yuan) == (6_000_000, 3_000_000)
    assert {k: v.yuan for k, v in f.funding.items()} == {"财政拨款资金": 2_800_000, "其他资金": 200_000}
    assert not f.read_issues


def test_a_column_saying_where_a_target_comes_from_is_its_basis():
    """目标值来源 | 指标值来源 beside the target (a 贵州 workbook, first contact 2027-23 nz_03): where the value comes from,
    kept as its basis (the column was not known: a doubt on every such form)."""
    for heading in ("目标值来源", "指标值来源"):
        text = lines_of(["2028年度项目支出绩效目标表", "项目名称\t刺梨种植", "年度资金总额\t500",
                         f"一级指标\t二级指标\t三级指标\t指标值\t{heading}",
                         "产出指标\t数量指标\t种植面积\t≥3000亩\t实施方案", "\t质量指标\t成活率\t≥90%\t行业标准"])
        (form,) = parse_text(text, "x.txt").forms
        assert [(i.name, i.target.raw) for i in form.indicators] == [("种植面积", "≥3000亩"), ("成活率", "≥90%")]
        assert not form.read_issues, heading


def test_a_level1_heading_row_that_could_name_either_level():
    """满意度指标（10分） on a row of its own over 服务对象满意度指标 | …, in a table with a 二级 column only and its 一级s on
    rows of their own (产出指标（50分）; a 四川 self-evaluation, first contact 2027-23 nz_11): the 一级 (its points kept
    apart), not a 二级 under 效益 (which drew a JX805: 效益 30 points, its rows 40)."""
    text = lines_of(["2028年度项目支出绩效目标表", "项目名称\t湿地巡护", "年度资金总额\t100",
                     "二级指标\t三级指标\t指标值\t分值", "产出指标（50分）", "数量指标\t巡护面积\t≥1.2万亩\t50",
                     "效益指标（40分）", "生态效益指标\t水质达标率\t≥90%\t40", "满意度指标（10分）",
                     "服务对象满意度指标\t群众满意度\t≥90%\t10"])
    (form,) = parse_text(text, "x.txt").forms
    assert [(i.level1, i.level2, i.name) for i in form.indicators] == [
        ("产出", "数量", "巡护面积"), ("效益", "生态效益", "水质达标率"), ("满意度", "服务对象满意度", "群众满意度")]


def test_the_whole_terms_parts_beside_the_years():
    """项目资金 | 项目总金额（2028—2029年） | 1,200 | 本年度资金 | 680 over 其中：财政拨款 | 1,100 | 其中：财政拨款 | 620 and
    其他资金 | 100 | 上年结转 | 60 (a 辽宁 Word form, first contact 2027-23 nz_04): the parts left of the year's column are
    the whole term's (其他资金 100 was read as this year's: a JX702, 780 against 680)."""
    text = ("2028年度项目支出绩效目标申报表\n项目名称\t湿地修复\n"
            "项目资金\t项目总金额（2028—2029年）\t1,200.00\t本年度资金\t680.00\n"
            "\t其中：财政拨款\t1,100.00\t其中：财政拨款\t620.00\n\t其他资金\t100.00\t上年结转\t60.00\n" + _TABLE)
    f = parse_text(text, "t.txt").forms[0]
    assert (f.total_amount.raw, f.annual_amount.raw) == ("1,200.00", "680.00")
    assert {k: v.raw for k, v in f.funding.items()} == {"财政拨款资金": "620.00", "上年结转资金": "60.00"}


def _money(text: str) -> tuple:
    f = parse_text(text, "t.txt").forms[0]
    return ((f.total_amount.raw if f.total_amount else None), (f.annual_amount.raw if f.annual_amount else None),
            {k: v.raw for k, v in f.funding.items()}, [i.message for i in f.read_issues])


def test_a_fund_table_of_a_row_per_term_under_a_row_heading():
    """资金总额及构成（万元） | 项目 | 总额 | 财政拨款 | 其中：上级财政资金 | 本级财政 | 自有资金 | 其他, then 项目总额（2027—2028年）
    | … and 2028年度 | … (a 湖南 form, first contact 2027-24 oa_01): 项目 heads the rows' labels, 总额 the total, the
    其中 columns break 财政拨款 down until money of no government (自有资金) (the block was read as a label and its value
    “项目”: two JX001)."""
    text = ("2028年度项目绩效目标表\n项目名称\t保种场提质\n"
            "资金总额及构成（万元）\t项目\t总额\t财政拨款\t其中：上级财政资金\t本级财政\t自有资金\t其他\n"
            "\t项目总额（2027—2028年）\t1,040.00\t960.00\t600.00\t360.00\t80.00\t0.00\n"
            "\t2028年度\t520.00\t480.00\t300.00\t180.00\t40.00\t0.00\n" + _TABLE)
    assert _money(text) == ("1,040.00", "520.00", {"财政拨款资金": "480.00", "自有资金": "40.00", "其他": "0.00"}, [])


def test_money_a_reader_did_not_know_the_label_of():
    """项目资金申请（万元） | 资金总额 | 财政拨款 | 自有资金 | 其他 over a row of amounts (黑龙江, oa_04); 项目资金（万元） |
    145.60 | 其中：省级补助 | 40.00 (湖南, nf_07: the block's own figure); *资金总额（万元）: | 120.00 (江西, ne_13: the
    required mark); 项目资金合计 (nj_04), 下达预算资金 (oa_03); 资金总额 | 1,860,000 | 4,860,000 under 本年度 | 2028—2030年合计
    (nt_02): each was read as no amount at all, and nothing said."""
    head = "2028年度项目支出绩效目标表\n项目名称\t某项目\n"
    cases = [
        ("项目资金申请（万元）\t资金总额\t财政拨款\t自有资金\t其他\n\t680.00\t650.00\t30.00\t0.00\n",
         (None, "680.00", {"财政拨款资金": "650.00", "自有资金": "30.00", "其他": "0.00"}, [])),
        ("项目资金（万元）\t145.60\t其中：省级补助\t40.00\t区级财政\t105.60\n",
         (None, "145.60", {"省级补助": "40.00", "区级财政": "105.60"}, [])),
        ("*资金总额（万元）:\t120.00\t其中：财政拨款:\t120.00\t其他资金:\t0.00\n",
         (None, "120.00", {"财政拨款资金": "120.00", "其他资金": "0.00"}, [])),
        ("项目资金合计\t3,456,000.00\n", (None, "3,456,000.00", {}, [])),
        ("下达预算资金（万元）\t300.00\n", (None, "300.00", {}, [])),
        ("资金情况（元）\t本年度\t2028—2030年合计\n资金总额\t1,860,000\t4,860,000\n其他资金\t0\t0\n",
         ("4,860,000", "1,860,000", {"其他资金": "0"}, [])),
        # (河南, nk_02; 浙江, ns_05: a sentence opening with the amount)
        ("资金情况\t年度资金总额186.40万元，其中：财政资金172.40万元。\n", (None, "186.40万元", {}, [])),
        ("资金构成（万元）\t合计750.00，其中：省级财政450.00，县级财政300.00\n", (None, "750.00", {}, [])),
        # (浙江, nh_07: the block's first row ends with another label, its sources and total go on below)
        ("资金来源\t区级财政资金\t1095000\t测算依据\t充电端口1,800个×600元/个\n\t街道配套资金\t300000\n\t合计\t1395000\n",
         (None, "1395000", {"财政拨款资金": "1095000", "街道配套资金": "300000"}, [])),
    ]
    for rows, expected in cases:
        assert _money(head + rows + _TABLE) == expected, rows
    (form,) = parse_text("2028年度项目支出绩效目标表\n*项目名称:\t防溺水\n*资金总额（万元）:\t120.00\n" + _TABLE, "t.txt").forms
    assert form.project_name == "防溺水"


def test_money_printed_and_not_read_is_said():
    """A cost table's 合计 | 814 (湖北, the reader suite: its layout not read): money the reader cannot take for the
    project's amount is said, where it stands (it was passed over in silence)."""
    text = ("2028年度项目支出绩效目标表\n项目名称\t办公大楼运行保障\n项目预算成本构成\t金额\t测算(公式)依据\n"
            "保安服务费\t191\t依据招标文件\n合计\t814\t\n" + _TABLE)
    (total, annual, _, issues) = _money(text)
    assert (total, annual) == (None, None)
    assert len(issues) == 1 and issues[0].startswith("没有读出项目金额：第5行“合计　814”")
    assert issues[0].endswith("像是金额，但未能识别为本年度金额或项目总金额；金额相关的检查未做，请核对")
    # a form that prints no money at all is not doubted for it
    assert _money("2028年度项目支出绩效目标表\n项目名称\t脑卒中筛查\n" + _TABLE)[3] == []


def test_level_columns_by_place_and_a_provinces_word_for_the_level():
    """评价内容 | 绩效内容 | 指标名称 | 绩效目标值 | 计量单位 | 参考标准 (黑龙江, oa_04): the two headings no vocabulary
    names, right before the names' column, are the levels; 数量目标, 社会效益目标 are the province's words for 数量指标 and
    社会效益指标; a 投入 row of its own name and number is an indicator; the template's row of measures under the table
    (单位已有的（或拟订的）保证项目实施的制度、措施 | …) is a field, not a row of 满意度."""
    text = lines_of(["2028年度财政支出项目绩效目标申报表", "项目名称\t火情监控", "项目资金（万元）\t680.00",
                     "评价内容\t绩效内容\t指标名称\t绩效目标值\t计量单位\t参考标准",
                     "投入\t资金支出进度\t全年资金支出进度\t≥95\t%\t已支付/预算",
                     "产出\t数量目标\t新建监控点\t≥24\t处\t验收点位", "效益\t社会效益目标\t火情发现响应时间\t≤30\t分钟\t平台记录",
                     "满意度\t服务对象满意度目标\t巡护人员满意度\t≥90\t%\t问卷",
                     "单位已有的（或拟订的）保证项目实施的制度、措施\t《防火管理办法》；专人负责。"])
    (form,) = parse_text(text, "x.txt").forms
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in form.indicators] == [
        ("投入", "资金支出进度", "全年资金支出进度", "≥95"), ("产出", "数量", "新建监控点", "≥24"),
        ("效益", "社会效益", "火情发现响应时间", "≤30"), ("满意度", "服务对象满意度", "巡护人员满意度", "≥90")]
    assert form.fields["保障措施"].value == "《防火管理办法》；专人负责。" and not form.read_issues


def test_a_target_column_headed_by_the_goal_word_and_a_footer_of_compiler_and_date():
    """指标名称 | 绩效目标 | 绩效标准 (海南 2016, the reader suite): 绩效目标 heads the targets when no other column does (the
    table was read with every target empty); 编制单位（盖章）：… | 编制日期：… under the table (天津, oa_03, a clean form) is
    its sign-off, not a row of 满意度 (a JX401 and a JX512)."""
    text = lines_of(["项目绩效目标表", "项目名称\t档案征集", "年度资金总额\t100", "指标类型\t指标名称\t绩效目标\t绩效标准",
                     "产出指标\t编印公报\t每月3000本\t计划标准", "满意度指标\t读者满意度\t≥90%\t计划标准",
                     "编制单位（盖章）：某档案馆\t\t\t编制日期：2027年9月28日"])
    (form,) = parse_text(text, "x.txt").forms
    assert [(i.name, i.target.raw) for i in form.indicators] == [("编印公报", "每月3000本"), ("读者满意度", "≥90%")]
    assert form.fields["编制日期"].value == "2027年9月28日"


def test_a_header_printed_twice_and_a_template_of_input_rows_with_targets():
    """项目名称：X on a caption line, then 项目名称 | X in the header (a 陕西 workbook, first contact 2027-25 ob_03): one
    form, not two (the first with no table); 预计开始时间 / 预计完成时间 its period; 投入 — 时效目标 — 装备采购招标完成时间 |
    2028年5月31日前: a 投入 row with a target of its own, read as an indicator (its name was lost to its level's);
    指标2： / …… with nothing filled (安徽, ob_11): the template's empty lines, no indicators."""
    text = lines_of(["绩效目标评审申报表（2028年度）", "项目名称：救援装备更新", "项目名称\t救援装备更新",
                     "实施时间\t预计开始时间：2028年3月1日\t\t预计完成时间：2028年11月30日", "项目资金（万元）\t合计\t380",
                     "一级指标\t二级指标\t三级指标\t指标值", "投入\t时效目标\t装备采购招标完成时间\t2028年5月31日前",
                     "\t\t指标2：\t", "\t\t……\t", "产出\t数量目标\t更新呼吸器\t≥40台"])
    forms = parse_text(text, "x.txt").forms
    assert len(forms) == 1
    (form,) = forms
    assert (str(form.start_date), str(form.end_date)) == ("2028-03-01", "2028-11-30")
    assert [(i.level1, i.level2, i.name, i.target.raw) for i in form.indicators] == [
        ("投入", "时效", "装备采购招标完成时间", "2028年5月31日前"), ("产出", "数量", "更新呼吸器", "≥40台")]


def test_a_header_of_project_names_at_two_levels_is_no_indicator_table():
    """一级项目名称 | 文物保护专项资金 | 二级项目名称 | 长城保护员巡查补助项目 (a 甘肃 Word form, ob_06): labels naming the
    project at two levels, not a table with 一级 and 二级 columns (the form was read as two, the first empty); 预算申报数
    its amount."""
    text = lines_of(["2028年度项目支出绩效目标申报表", "一级项目名称\t文物保护专项资金\t二级项目名称\t长城保护员巡查补助项目",
                     "预算申报数\t72.00万元", "一级指标\t二级指标\t三级指标\t指标目标值", "产出指标\t数量指标\t聘用保护员人数\t=36人"])
    (form,) = parse_text(text, "x.txt").forms
    assert form.project_name == "长城保护员巡查补助项目" and form.annual_amount.raw == "72.00万元"
    assert [i.name for i in form.indicators] == ["聘用保护员人数"]


def test_the_evaluation_frameworks_levels_and_a_slipped_level1():
    """项目决策（10分） — 项目立项 — 项目目标完整性, 项目管理（25分） — 财务管理 — … (a 宁夏 self-evaluation on the framework of
    财预〔2020〕10号, ob_08): levels of how the project was decided and run, read as such (each was an unknown level, and
    a 财务管理 row was read one cell off); 项目决策 over 数量指标 | 宣传次数 (a 四川 form of the reader suite): an output's 二级
    under 决策 is an output."""
    text = lines_of(["2028年度项目支出绩效目标表", "项目名称\t特殊教育", "年度资金总额\t216",
                     "一级指标\t二级指标\t三级指标\t指标值", "项目决策（10分）\t项目立项\t项目目标完整性\t目标明确、内容细化",
                     "项目管理（25分）\t财务管理\t财务管理制度有效性\t制度健全、执行规范", "项目决策\t数量指标\t宣传次数\t≥2次"])
    (form,) = parse_text(text, "x.txt").forms
    assert [(i.level1, i.level2, i.name) for i in form.indicators] == [
        ("决策", "项目立项", "项目目标完整性"), ("过程", "财务管理", "财务管理制度有效性"), ("产出", "数量", "宣传次数")]
    assert not form.read_issues


def test_a_sign_off_under_a_closed_table():
    """附件：…xlsx, then 同心县预旺镇人民政府 | 2028年1月12日 under the table (a 宁夏 form, ob_01): a note and the sign-off,
    not two rows of 满意度 (a JX401, two JX512, a JX721)."""
    text = lines_of(["2028年度项目绩效目标表", "项目名称\t设施葡萄", "资金规模（万元）\t60.00", "一级指标\t二级指标\t三级指标\t指标值",
                     "满意度指标\t服务对象满意度指标\t受益户满意度\t≥90%", "附件：设施葡萄种植项目绩效目标设定表.xlsx",
                     "同心县预旺镇人民政府\t2028年1月12日"])
    (form,) = parse_text(text, "x.txt").forms
    assert [i.name for i in form.indicators] == ["受益户满意度"] and form.annual_amount.raw == "60.00"
