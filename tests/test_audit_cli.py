"""`jixiao audit`: the JSON contract, exit codes, rule selection, configuration and waivers."""

import gc
import json
import warnings

import pytest

from typer.testing import CliRunner

from jixiao.cli import app

FORM = """二级项目支出绩效目标申报表
项目编码:\t440300000000000000010\t项目名称:\t河道保洁
申请单位:\t深圳市示例区水务局\t一级预算单位:\t深圳市示例区水务局
项目总金额(中期规划,元):\t2,400,000.00\t本年度项目金额(元):\t800000
测算依据:\t按照12公里河道、每公里每年6.5万元测算，另巡查设备2万元，共计80万元。
年度目标:\t完成12公里河道日常保洁，水面保洁合格率达到95%以上。
一级指标\t二级指标\t三级指标\t指标值\t度量单位\t指标解释
产出指标\t*数量指标\t河道保洁长度\t≥12公里\t公里\t实际保洁河道长度
\t*质量指标\t水面保洁合格率\t≤95%\t%\t合格率=抽检合格点位数/抽检点位数
\t*时效指标\t问题处置响应时间\t24小时内\t小时\t从发现到处置的时间
\t*成本指标\t每公里保洁成本\t≤6.5万元\t元\t保洁费用/保洁公里数
效益指标\t*社会效益指标\t河道水环境改善程度\t显著\t\t“显著”为80%-100%，“明显”为60%-80%
满意度指标\t*服务对象满意度指标\t沿岸居民满意度\t≥90%\t%\t满意人数/调查人数
"""

runner = CliRunner()


def write(tmp_path, text=FORM, name="form.txt"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_json_shape_and_exit_code(tmp_path):
    p = write(tmp_path)
    res = runner.invoke(app, ["audit", str(p), "--format", "json"])
    assert res.exit_code == 1  # an error exists
    data = json.loads(res.stdout)
    assert set(data) == {"forms", "summary"}
    form = data["forms"][0]
    assert {k: form[k] for k in ("source", "index", "kind", "project_code", "project_name", "line")} == {
        "source": str(p), "index": 0, "kind": "target", "project_code": "440300000000000000010",
        "project_name": "河道保洁", "line": 1}
    f = next(x for x in form["findings"] if x["rule"] == "JX101")
    assert list(f)[:9] == ["rule", "category", "severity", "message", "indicator", "field", "line", "evidence", "suggestion"]
    assert (f["category"], f["severity"], f["indicator"], f["line"]) == ("direction", "error", "水面保洁合格率", 9)
    assert data["summary"]["by_severity"]["error"] >= 1


@pytest.mark.parametrize("text", ["[]", '{"forms": []}', '{"forms": [\n],\n"summary": {}}'])
def test_json_of_no_forms_is_an_error_naming_the_file_not_a_clean_audit(tmp_path, text):
    p = write(tmp_path, text, name="results.json")
    good = write(tmp_path)
    res = runner.invoke(app, ["audit", str(p), str(good), "--format", "json", "--fail-on", "never"])
    assert res.exit_code == 2  # bad input, even with --fail-on never
    assert f"{p}: JSON 中没有任何表单" in res.stderr
    assert [f["source"] for f in json.loads(res.stdout)["forms"]] == [str(good)]  # the other file is still audited


def test_fail_on_and_selection(tmp_path):
    p = write(tmp_path)
    assert runner.invoke(app, ["audit", str(p), "--fail-on", "never"]).exit_code == 0
    assert runner.invoke(app, ["audit", str(p), "--ignore", "direction"]).exit_code == 0
    res = runner.invoke(app, ["audit", str(p), "--select", "JX101", "-f", "json"])
    rules = {f["rule"] for f in json.loads(res.stdout)["forms"][0]["findings"]}
    assert rules == {"JX101"}
    assert runner.invoke(app, ["audit", str(p), "--select", "NOPE"]).exit_code == 2


def test_fixed_form_is_clean(tmp_path):
    p = write(tmp_path, FORM.replace("≤95%", "≥95%"))
    res = runner.invoke(app, ["audit", str(p), "-f", "json", "--fail-on", "warning"])
    assert res.exit_code == 0, res.stdout
    assert json.loads(res.stdout)["forms"][0]["findings"] == []


def test_config_file_sets_severity_and_ignores(tmp_path, monkeypatch):
    p = write(tmp_path)
    (tmp_path / "jixiao.toml").write_text('[tool.jixiao]\nignore = ["JX404"]\n[tool.jixiao.severity]\nJX101 = "warning"\n',
                                         encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["audit", str(p), "-f", "json"])
    f = next(x for x in json.loads(res.stdout)["forms"][0]["findings"] if x["rule"] == "JX101")
    assert f["severity"] == "warning" and res.exit_code == 0
    (tmp_path / "jixiao.toml").write_text('[tool.jixiao]\nselect = ["JX999"]\n', encoding="utf-8")
    res = runner.invoke(app, ["audit", str(p)])
    assert res.exit_code == 2 and "JX999" in res.output


def test_waiver_accepts_one_finding_which_stays_in_the_record(tmp_path):
    p = write(tmp_path)
    w = tmp_path / "waivers.yaml"
    w.write_text("waivers:\n  - rule: JX101\n    indicator: 水面保洁合格率\n    reason: 口径为不合格率上限，已与财政局确认\n"
                 "    by: 王审核\n", encoding="utf-8")
    res = runner.invoke(app, ["audit", str(p), "--waivers", str(w), "-f", "json"])
    assert res.exit_code == 0  # the only error is accepted
    data = json.loads(res.stdout)
    waived = [x for x in data["forms"][0]["findings"] if x["rule"] == "JX101"]
    assert [(x["waived"], x["waived_by"]) for x in waived] == [("口径为不合格率上限，已与财政局确认", "王审核")]
    assert data["summary"]["waived"] == 1 and data["summary"]["by_severity"]["error"] == 0
    assert all("waived" not in x for x in data["forms"][0]["findings"] if x["rule"] != "JX101")
    # the text report lists it, marked, with the reason and who waived it
    out = tmp_path / "report.txt"
    assert runner.invoke(app, ["audit", str(p), "--waivers", str(w), "-o", str(out)]).exit_code == 0
    report = out.read_text(encoding="utf-8")
    assert "已豁免 错误 JX101" in report
    assert "已豁免：口径为不合格率上限，已与财政局确认（豁免人：王审核）" in report
    w.write_text("waivers:\n  - rule: JX101\n    indicator: 水面保洁合格率\n    reason: ''\n", encoding="utf-8")
    res = runner.invoke(app, ["audit", str(p), "--waivers", str(w)])
    assert res.exit_code == 2 and "理由" in res.output


def test_waived_finding_is_marked_in_html_and_xlsx(tmp_path):
    from openpyxl import load_workbook

    p = write(tmp_path)
    w = tmp_path / "waivers.yaml"
    w.write_text("waivers:\n  - rule: JX101\n    indicator: 水面保洁合格率\n    reason: 已与财政局确认\n    by: 王审核\n",
                 encoding="utf-8")
    page = tmp_path / "review.html"
    assert runner.invoke(app, ["audit", str(p), "--waivers", str(w), "-f", "html", "-o", str(page)]).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert 'class="finding sev-error waived"' in html and "已豁免：已与财政局确认（豁免人：王审核）" in html
    assert 'class="flag-cell sev-waived' in html  # its cell marked as accepted, not as an open error
    book = tmp_path / "review.xlsx"
    assert runner.invoke(app, ["audit", str(p), "--waivers", str(w), "-f", "xlsx", "-o", str(book)]).exit_code == 0
    ws = load_workbook(book)["审核结果"]
    head = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[head.index("规则")] == "JX101")
    assert row[head.index("级别")] == "错误（已豁免）"
    assert (row[head.index("豁免理由")], row[head.index("豁免人")]) == ("已与财政局确认", "王审核")


def test_waiver_that_matches_nothing_is_reported(tmp_path):
    p = write(tmp_path)
    w = tmp_path / "waivers.yaml"
    w.write_text("waivers:\n  - rule: JX101\n    indicator: 水面保洁合格率\n    reason: 已确认\n"
                 "  - rule: JX101\n    indicator: 不存在的指标\n    reason: 写错了指标名\n", encoding="utf-8")
    res = runner.invoke(app, ["audit", str(p), "--waivers", str(w), "-f", "json"])
    notes = json.loads(res.stdout)["summary"]["notes"]
    assert notes == ["豁免 JX101 不存在的指标 没有匹配到任何问题（核对规则代码、指标或字段名称、项目编码）"]
    assert "豁免 JX101 不存在的指标 没有匹配到任何问题" in " ".join(res.stderr.split())


@pytest.mark.parametrize("waivers, expected", [
    ("waivers:\n  - rule: JX101\n    indicator: 水面保洁合格率\n", "第 1 条豁免缺少理由（reason）"),
    ("waivers:\n  - rule: JX101\n    indicatr: 水面保洁合格率\n    reason: x\n", "未知的键 'indicatr'，是不是 indicator？"),
    ("waivers:\n  - JX101\n", "第 1 条豁免应为键值对"),
    ("waivers:\n  - rule: [JX101\n", "豁免文件格式错误：YAML 格式错误（第 3 行第 1 列）"),
    ("waivers:\n  - reason: 已确认\n", "缺少规则代码（rule）"),
])
def test_waiver_file_errors_are_chinese(tmp_path, waivers, expected):
    p = write(tmp_path)
    w = tmp_path / "waivers.yaml"
    w.write_text(waivers, encoding="utf-8")
    res = runner.invoke(app, ["audit", str(p), "--waivers", str(w)])
    assert res.exit_code == 2 and expected.replace(" ", "") in res.output.replace("\n", "").replace(" ", "")
    assert "Field required" not in res.output and "('reason',)" not in res.output


@pytest.mark.parametrize("toml, expected", [
    ("[tool.jixiao.rules.JX522]\nmin_indicatorz = 4\n", "未知的键'min_indicatorz'，是不是min_indicators？"),
    ("[tool.jixiao.rules.JX522]\nmin_indicators = \"四\"\n", "min_indicators的值'四'应为整数"),
    ("[tool.jixiao.rules.JX101]\nthreshold = 4\n", "规则JX101没有可配置的选项"),
    ("[tool.jixiao]\nselct = [\"core\"]\n", "未知的键'selct'，是不是select？"),
    ("[tool.jixiao]\nselect = [\n", "配置文件无法读取：TOML格式错误（在文件末尾"),
])
def test_config_errors_name_the_misspelt_key(tmp_path, toml, expected):
    p = write(tmp_path)
    cfg = tmp_path / "jixiao.toml"
    cfg.write_text(toml, encoding="utf-8")
    res = runner.invoke(app, ["audit", str(p), "--config", str(cfg)])
    assert res.exit_code == 2
    assert expected in res.output.replace("\n", "").replace(" ", "")


def test_rule_option_is_applied(tmp_path):
    p = write(tmp_path)
    cfg = tmp_path / "jixiao.toml"
    cfg.write_text("[tool.jixiao.rules.JX522]\nmin_indicators = 9\n", encoding="utf-8")
    res = runner.invoke(app, ["audit", str(p), "--config", str(cfg), "--select", "JX522", "-f", "json"])
    [finding] = json.loads(res.stdout)["forms"][0]["findings"]
    assert finding["rule"] == "JX522" and finding["message"].endswith("少于 9 条")


def test_rules_command_lists_and_explains():
    res = runner.invoke(app, ["rules"])
    assert res.exit_code == 0 and "JX101" in res.stdout and "方向（direction）" in res.stdout
    res = runner.invoke(app, ["rules", "JX101"])
    assert "错误示例" in res.stdout and "≤95%" in res.stdout


def test_folder_and_unreadable_file(tmp_path):
    write(tmp_path)
    (tmp_path / "broken.txt").write_bytes(b"\x00\xff")
    res = runner.invoke(app, ["audit", str(tmp_path), "-f", "json"])
    assert res.exit_code == 2
    data = json.loads(res.stdout)
    assert len(data["forms"]) == 1 and data["summary"]["errors"][0]["source"].endswith("broken.txt")


def test_text_report_to_a_file_leaves_no_file_open(tmp_path):
    p = write(tmp_path)
    out = tmp_path / "report.txt"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        res = runner.invoke(app, ["audit", str(p), "-o", str(out)])
        gc.collect()  # an unclosed file says so (ResourceWarning) when it is collected
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]
    assert res.exit_code == 1
    report = out.read_text(encoding="utf-8")
    assert "JX101" in report and "水面保洁合格率" in report and "\x1b[" not in report


def test_xlsx_report_never_over_an_input(tmp_path):
    p = write(tmp_path)
    book = tmp_path / "report.xlsx"
    assert runner.invoke(app, ["audit", str(p), "-f", "xlsx", "-o", str(book)]).exit_code == 1
    before = book.read_bytes()
    res = runner.invoke(app, ["audit", str(book), "-f", "xlsx", "-o", str(book)])
    assert res.exit_code == 2 and "输出文件与输入文件相同，拒绝覆盖输入" in res.output
    assert book.read_bytes() == before
    assert sorted(x.name for x in tmp_path.iterdir()) == ["form.txt", "report.xlsx"]  # no temporary file left


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_report_never_over_an_input(tmp_path, fmt):
    p = write(tmp_path)
    res = runner.invoke(app, ["audit", str(p), "-f", fmt, "-o", str(p)])
    assert res.exit_code == 2 and "输出文件与输入文件相同，拒绝覆盖输入" in res.output
    assert p.read_text(encoding="utf-8") == FORM
    assert [x.name for x in tmp_path.iterdir()] == ["form.txt"]


def test_text_report_leads_each_finding_with_its_severity_in_chinese(tmp_path):
    """Each finding of the text report starts with 错误/警告/提示, the same words as the xlsx and html reports."""
    p = write(tmp_path)
    out = tmp_path / "report.txt"
    runner.invoke(app, ["audit", str(p), "--select", "JX101,JX303", "-o", str(out)])
    lines = out.read_text(encoding="utf-8").splitlines()
    firsts = {x.split()[0]: x.split()[1] for x in lines if " JX" in x and x.split()[1].startswith("JX")}
    assert firsts.get("错误") == "JX101" and set(firsts) <= {"错误", "警告", "提示"}


def test_text_report_names_categories_in_chinese_from_the_one_table(tmp_path):
    """The category tag of a text finding is its Chinese name, the same as the HTML and xlsx reports print
    (jixiao.labels.CATEGORY_LABELS), never the code."""
    from jixiao.labels import CATEGORY_LABELS
    from jixiao.render import html, xlsx

    p = write(tmp_path)
    out = tmp_path / "report.txt"
    runner.invoke(app, ["audit", str(p), "--select", "JX101", "-o", str(out)])
    report = out.read_text(encoding="utf-8")
    assert "JX101 [方向]" in report and "[direction]" not in report
    assert html.CATEGORY_LABELS is CATEGORY_LABELS and xlsx.CATEGORY_LABELS is CATEGORY_LABELS
    res = runner.invoke(app, ["rules", "JX101"])
    assert "类别：方向" in res.stdout and "默认级别：错误" in res.stdout
    assert "JX101" in runner.invoke(app, ["rules", "方向"]).stdout


def test_what_the_reader_could_not_read_is_said_on_stderr_with_its_line(tmp_path):
    """A form read by halves says so where the user looks (stderr, file:line) besides its JX001 finding; a clean read
    says nothing of the kind."""
    p = write(tmp_path, FORM.replace("本年度项目金额(元):\t800000", "本年度项目金额(元):\t八十万左右"))
    for command in (["audit", str(p)], ["parse", str(p)]):
        res = runner.invoke(app, command)
        doubts = [ln for ln in res.stderr.splitlines() if ln.startswith("读取存疑")]
        assert doubts == [f"读取存疑 {p}:4: “本年度项目金额(元)”的值“八十万左右”无法识别为金额"], res.stderr
    clean = runner.invoke(app, ["audit", str(write(tmp_path, name="clean.txt"))])
    assert "读取存疑" not in clean.stderr
