"""Bad input: a clear Chinese error naming the file, exit code 2, and the other files still parsed."""

import json

from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.model import FormList
from jixiao.parse import parse_path

FORM = """二级项目支出绩效目标申报表
项目编码:\t440300000000000000009\t项目名称:\t社区图书馆运营
申请单位:\t深圳市示例区图书馆\t一级预算单位:\t深圳市示例区文化广电旅游体育局
项目总金额(中期规划,元):\t900,000.00\t本年度项目金额(元):\t300000
一级指标\t二级指标\t三级指标\t指标值\t度量单位\t指标解释
产出指标\t*数量指标\t图书借阅人次\t≥5万人次\t人次\t全年借阅人次
\t*质量指标\t图书完好率\t≥98%\t%\t完好册数/馆藏册数
"""


def test_gbk_file_is_detected(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes(FORM.encode("gbk"))
    r = parse_path(p)
    assert not r.errors and r.forms[0].project_name == "社区图书馆运营"
    assert r.forms[0].indicators[0].target.value == 50000


def test_period_in_chinese_numerals():
    """实施期限 is read whether written 3年, 三年 or 两年; a text without a number leaves it unknown."""
    from jixiao.parse import parse_text

    for written, years in (("3年", 3), ("三年", 3), ("两年", 2), ("十二年", 12), ("长期", None)):
        text = FORM.replace("一级指标\t", f"实施期限:\t{written}\t项目类型:\t其他\n一级指标\t", 1)
        r = parse_text(text, "t.txt")
        assert not r.errors and r.forms[0].period_years == years, written


def test_unreadable_inputs(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "prose.txt").write_text("这是一段普通文字，不是表单。\n", encoding="utf-8")
    (tmp_path / "bad.json").write_text('[{"kind": "target"}]', encoding="utf-8")
    msgs = {p.name: str(parse_path(p).errors[0]) for p in tmp_path.iterdir()}
    assert "二进制" in msgs["bin.txt"] and "bin.txt" in msgs["bin.txt"]
    assert "文件为空" in msgs["empty.txt"]
    assert "未找到" in msgs["prose.txt"]
    assert "不是 jixiao 表单 JSON" in msgs["bad.json"]


def test_docx_without_a_form_is_reported_once(tmp_path):
    """A Word file with several tables and no form is one file without a form: one error, not one per table."""
    import docx

    doc = docx.Document()
    for k in range(3):
        doc.add_paragraph(f"附表{k + 1}")
        table = doc.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "姓名", "电话"
        table.cell(1, 0).text, table.cell(1, 1).text = "张三", "12345"
    doc.save(tmp_path / "contacts.docx")
    r = parse_path(tmp_path / "contacts.docx")
    assert not r.forms and len(r.errors) == 1 and "未找到" in str(r.errors[0])


def test_cli_goes_on_after_a_bad_file_and_exits_2(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(FORM, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00")
    res = CliRunner().invoke(app, ["parse", str(bad), str(good)])
    assert res.exit_code == 2
    forms = FormList.validate_json(res.stdout)
    assert len(forms) == 1 and forms[0].source == str(good)


def test_json_contract_and_read_back(tmp_path):
    src = tmp_path / "form.txt"
    src.write_text(FORM, encoding="utf-8")
    out = tmp_path / "form.json"
    res = CliRunner().invoke(app, ["parse", str(src), "-o", str(out)])
    assert res.exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    f = data[0]
    for key in ("source", "index", "line", "kind", "project_code", "project_name", "annual_amount", "total_amount",
                "years", "indicators"):
        assert key in f
    assert f["annual_amount"] == {"raw": "300000", "yuan": 300000.0, "unit": "元", "line": 4}
    ind = f["indicators"][0]
    assert {k: ind[k] for k in ("level1", "level2", "name", "unit", "line")} == {
        "level1": "产出", "level2": "数量", "name": "图书借阅人次", "unit": "人次", "line": 6}
    assert ind["target"]["raw"] == "≥5万人次" and ind["target"]["value"] == 50000
    # the json reads back into the same records (audit and other commands accept it)
    assert parse_path(out).forms == parse_path(src).forms


def test_output_never_overwrites_input(tmp_path):
    src = tmp_path / "form.txt"
    src.write_text(FORM, encoding="utf-8")
    res = CliRunner().invoke(app, ["parse", str(src), "-o", str(src)])
    assert res.exit_code == 2 and src.read_text(encoding="utf-8") == FORM


def test_table_goes_to_the_output_file_and_never_over_an_input(tmp_path):
    src = tmp_path / "form.txt"
    src.write_text(FORM, encoding="utf-8")
    out = tmp_path / "summary.txt"
    res = CliRunner().invoke(app, ["parse", str(src), "-f", "table", "-o", str(out)])
    assert res.exit_code == 0 and "图书借阅人次" not in res.stdout
    table = out.read_text(encoding="utf-8")
    assert "社区图书馆运营" in table and "图书借阅人次" in table and "≥98%" in table
    assert "\x1b[" not in table  # plain text for a file, no colour codes
    res = CliRunner().invoke(app, ["parse", str(src), "-f", "table", "-o", str(src)])
    assert res.exit_code == 2 and "拒绝覆盖输入" in res.output and src.read_text(encoding="utf-8") == FORM
