"""Word in and out: seed forms written to .docx and read back into equal Form records; Word forms with prose."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from jixiao.parse import parse_path
from jixiao.parse.sources.docx import read_docx_rows
from jixiao.render.docx import write_forms_docx
from seeds import seed
from test_xlsx_roundtrip import assert_same_forms, hand_form

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_seed_forms_round_trip_through_docx(prefix, tmp_path):
    original = parse_path(seed(prefix))
    assert not original.errors and original.forms
    out = write_forms_docx(original.forms, tmp_path / f"{prefix}.docx")
    back = parse_path(out)
    assert not back.errors
    assert_same_forms(original.forms, back.forms)


def test_fixture_and_hand_forms_round_trip_with_table_references(tmp_path):
    original = parse_path(FIXTURES / "review_000_staff.txt").forms + [hand_form()]
    out = write_forms_docx(original, tmp_path / "two.docx")
    back = parse_path(out).forms
    assert_same_forms(original, back)
    assert back[0].fields["项目编码"].cell == "表1!R1C2"
    assert [i.cell for i in back[1].indicators] == ["表2!R5C3", "表2!R6C3", "表2!R7C3"]
    # one table per form, a title paragraph before each, read as one run in document order
    (rows,) = read_docx_rows(out)
    titles = [r.line for r in rows if r.cells == ["二级项目支出绩效目标申报表"]]
    assert len(titles) == 2 and titles[1] < back[1].indicators[0].line


def test_word_form_with_header_paragraphs_and_merged_cells(tmp_path):
    """A form typed in Word: title and header lines as paragraphs, the indicator table with merged level cells."""
    d = docx.Document()
    d.add_paragraph("项目支出绩效目标申报表")
    d.add_paragraph("项目编码：440300000000000077")
    d.add_paragraph("项目名称：社区服务项目")
    t = d.add_table(rows=4, cols=6)
    for c, title in enumerate(["一级指标", "二级指标", "三级指标", "指标值", "度量单位", "指标解释"]):
        t.cell(0, c).text = title
    rows = [("产出指标", "*数量指标", "服务人次", "≥3000人次", "人次", "全年服务人次"),
            ("", "*质量指标", "服务合格率", "≥95%", "%", "合格次数/服务次数"),
            ("", "", "投诉处理率", "100%", "%", "处理数/投诉数")]
    for r, values in enumerate(rows, 1):
        for c, v in enumerate(values):
            if v:
                t.cell(r, c).text = v
    t.cell(1, 0).merge(t.cell(3, 0))
    t.cell(2, 1).merge(t.cell(3, 1))
    d.add_paragraph("备注：无")
    path = tmp_path / "word.docx"
    d.save(path)

    tables = read_docx_rows(path)
    assert len(tables) == 1
    cells = [r.cells for r in tables[0]]
    assert cells[1] == ["项目编码：440300000000000077"]
    assert cells[3] == ["一级指标", "二级指标", "三级指标", "指标值", "度量单位", "指标解释"]
    assert cells[5][:2] == ["", "*质量指标"] and cells[6][:2] == ["", ""]  # merged cells: top-left only
    assert tables[0][5].refs[2] == "表1!R3C3"
    assert cells[-1] == ["备注：无"]  # a paragraph after the last table goes with it

    result = parse_path(path)
    assert not result.errors
    form = result.forms[0]
    assert form.project_code == "440300000000000077" and form.project_name == "社区服务项目"
    assert form.fields["项目名称"].cell == "正文!P3"
    assert [(i.level1, i.level2, i.name, i.target.raw, i.unit, i.cell) for i in form.indicators] == [
        ("产出", "数量", "服务人次", "≥3000人次", "人次", "表1!R2C3"),
        ("产出", "质量", "服务合格率", "≥95%", "%", "表1!R3C3"),
        ("产出", "质量", "投诉处理率", "100%", "%", "表1!R4C3"),
    ]


@pytest.mark.parametrize("content", [b"not a zip", b"PK\x03\x04broken", b""])
def test_corrupt_docx_is_a_chinese_error_naming_the_file(tmp_path, content):
    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(content)
    result = parse_path(bad)
    assert not result.forms and len(result.errors) == 1
    assert result.errors[0].source == str(bad)
    assert "Word" in result.errors[0].message


def test_docx_without_text_is_an_error(tmp_path):
    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    result = parse_path(path)
    assert result.errors and "没有任何内容" in result.errors[0].message
