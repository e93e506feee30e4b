"""The HTML review page: self-contained, and driven in a real headless chromium (Debian's, via chromedriver).

The browser tests skip when chromium/chromedriver are not installed, unless JIXIAO_REQUIRE_BROWSER=1 (set in
CI, where .ci/run installs them) makes that a failure. Set JIXIAO_SCREENSHOTS=docs to refresh the screenshots in
the docs (docs/review-page.png of a target form, docs/review-page-selfeval.png of a self-evaluation; install a CJK
font, e.g. Debian's fonts-noto-cjk, or the Chinese shows as boxes).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from jixiao.check import audit_form
from jixiao.model import Finding, Form
from jixiao.parse import parse_path
from jixiao.render.html import render_html
from jixiao.render.tabular import table_forms

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_forms() -> list[Form]:
    return [parse_path(FIXTURES / name).forms[0] for name in ("review_000_staff.txt", "review_000_online_rate.txt")]


def hand_findings(forms: list[Form]) -> list[tuple[Form, list[Finding]]]:
    staff, online = forms
    return [
        (staff, [
            Finding(rule="JX711", category="count_inconsistency", severity="warning", message="人数与测算依据不一致",
                    indicator=staff.indicators[0].name, line=staff.indicators[0].line, evidence="68名 | ≥62人"),
            Finding(rule="JX611", category="text_inconsistency", severity="warning", message="测算依据的人数有误",
                    field="测算依据", line=staff.fields["测算依据"].line),
            Finding(rule="JX900", category="format", severity="info", message="整张表的提示"),
        ]),
        (online, [
            Finding(rule="JX101", category="direction", severity="error", message="正向指标用了上限",
                    indicator="应急避难场所点位在线率", line=next(i.line for i in online.indicators
                                                               if i.name == "应急避难场所点位在线率")),
            Finding(rule="JX602", category="explanation_mismatch", severity="info", message="解释不符",
                    indicator=online.indicators[-1].name, line=online.indicators[-1].line),
        ]),
    ]


def test_page_is_self_contained_and_escaped():
    forms = fixture_forms()
    forms[0].indicators[0].name = "<script>alert(1)</script>人数"
    page = render_html(hand_findings(forms))
    assert page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;人数" in page
    assert "@media print" in page
    assert page.count('class="finding ') == 5
    assert 'data-field="测算依据" data-finding-ids="F1.2"' in page


def test_every_located_finding_has_one_target():
    forms = fixture_forms()
    tables = table_forms(hand_findings(forms))
    targets = [(f.target, f.row, f.column, f.key) for t in tables for f in t.flags]
    assert targets == [("indicator", 0, 3, None), ("field", None, None, "测算依据"), ("form", None, None, None),
                       ("indicator", tables[1].flags[0].row, 3, None),
                       ("indicator", len(forms[1].indicators) - 1, 5, None)]
    assert forms[1].indicators[tables[1].flags[0].row].name == "应急避难场所点位在线率"


# ---------------------------------------------------------------------------------------------------------
# Real browser
# ---------------------------------------------------------------------------------------------------------

def _browser_paths() -> tuple[str, str]:
    chromium = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        reason = "chromium 或 chromedriver 未安装（Debian：apt-get install -y chromium chromium-driver）"
        if os.environ.get("JIXIAO_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    return chromium, driver


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    chromium, driver = _browser_paths()
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}", "--window-size=1280,900"):
        opts.add_argument(arg)
    d = webdriver.Chrome(service=Service(driver), options=opts)  # explicit driver: Selenium Manager stays offline
    try:
        yield d
    finally:
        d.quit()


def _open(browser, page: str, path: Path):
    path.write_text(page, encoding="utf-8")
    browser.get(path.as_uri())
    deadline = time.time() + 10
    while browser.execute_script("return document.body.dataset.ready") != "1":
        assert time.time() < deadline, "the page's script did not run"
        time.sleep(0.05)


def _wait(predicate, timeout: float = 3.0) -> bool:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def _shown(browser) -> list[str]:
    return [li.get_attribute("data-finding-id") for li in browser.find_elements("css selector", "li.finding")
            if li.is_displayed()]


def test_review_page_in_headless_chromium(browser, tmp_path):
    from selenium.webdriver.support.ui import Select

    results = hand_findings(fixture_forms())
    _open(browser, render_html(results), tmp_path / "review.html")
    css = browser.find_elements

    cells = css("css selector", "td.flag-cell")
    indicator_ids = {f"F{n}.{k}" for n, (_, fs) in enumerate(results, 1) for k, f in enumerate(fs, 1) if f.indicator}
    assert len(cells) == len(indicator_ids) == 3
    assert {i for c in cells for i in c.get_attribute("data-finding-ids").split()} == indicator_ids
    assert [c.get_attribute("data-severity") for c in cells] == ["warning", "error", "info"]
    assert cells[1].text == "≤95%" and cells[1].get_attribute("data-category") == "direction"
    rows = css("css selector", "tr.flag-row")
    assert [(r.get_attribute("data-field"), r.get_attribute("data-finding-ids")) for r in rows] == [("测算依据", "F1.2")]
    assert len(css("css selector", "li.finding")) == 5

    # filter by severity: warnings hidden, their cells no longer highlighted
    browser.find_element("css selector", "input.filter-severity[value=warning]").click()
    assert _shown(browser) == ["F1.3", "F2.1", "F2.2"]
    assert "muted" in cells[0].get_attribute("class") and "muted" in rows[0].get_attribute("class")
    assert "muted" not in cells[1].get_attribute("class")
    assert browser.find_element("id", "count-shown").text == "显示 3 / 5 个问题"
    # filter by category
    Select(browser.find_element("id", "filter-category")).select_by_value("direction")
    assert _shown(browser) == ["F2.1"]
    Select(browser.find_element("id", "filter-category")).select_by_value("")
    browser.find_element("css selector", "input.filter-severity[value=warning]").click()
    assert len(_shown(browser)) == 5

    # a click on a finding scrolls to its cell and flashes it
    browser.execute_script("window.scrollTo(0, 0)")
    target = browser.find_element("id", browser.find_element("id", "finding-F2.1").get_attribute("data-target"))
    assert target == cells[1]
    in_view = "var r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight;"
    assert not browser.execute_script(in_view, target)
    browser.find_element("id", "finding-F2.1").click()
    assert "flash" in target.get_attribute("class")
    assert _wait(lambda: browser.execute_script(in_view, target))
    assert "active" in browser.find_element("id", "finding-F2.1").get_attribute("class")
    # a header-field finding scrolls to the field's row
    browser.find_element("id", "finding-F1.2").click()
    assert _wait(lambda: browser.execute_script(in_view, rows[0]))

    shot = tmp_path / "review.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000

    # print stylesheet: no filters, one column
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert browser.execute_script(
            "return getComputedStyle(document.querySelector('.filters')).display") == "none"
        assert browser.execute_script("return getComputedStyle(document.querySelector('.layout')).display") == "block"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_review_page_of_audited_seed_forms(browser, tmp_path):
    """Real checker findings: highlighted cells carry exactly the findings that point at indicator rows."""
    results = [(f, audit_form(f)) for f in fixture_forms()]
    _open(browser, render_html(results), tmp_path / "audit.html")
    cells = browser.find_elements("css selector", "td.flag-cell")
    ids_on_cells = [i for c in cells for i in c.get_attribute("data-finding-ids").split()]
    expected = [f"F{n}.{k}" for n, (_, fs) in enumerate(results, 1) for k, f in enumerate(fs, 1) if f.indicator]
    assert sorted(ids_on_cells) == sorted(expected) and expected
    assert len(browser.find_elements("css selector", "li.finding")) == sum(len(fs) for _, fs in results)
    flagged = {(f.indicator, f.line) for _, fs in results for f in fs if f.indicator}
    assert len(cells) <= len(expected) and len(flagged) <= len(cells)
    shots = os.environ.get("JIXIAO_SCREENSHOTS")
    if shots:  # the docs screenshot: one seed form (000, 应用推进信息化运维项目) with its findings
        online = results[1]
        _open(browser, render_html([online]), tmp_path / "one.html")
        browser.set_window_size(1280, 1000)
        browser.execute_script("document.querySelector('table.indicators').scrollIntoView({block: 'start'})")
        browser.find_element("css selector", "li.finding[data-severity=error]").click()
        time.sleep(2.0)  # let the scroll and the flash finish
        assert browser.save_screenshot(str(Path(shots) / "review-page.png"))


def test_self_evaluation_and_budget_tables_are_shown():
    from jixiao.model import BudgetReport, BudgetRow, BudgetTable, FundRow, SelfEvaluation
    from jixiao.values import parse_target

    ind = fixture_forms()[0].indicators[0].model_copy(
        update={"actual": parse_target("60人"), "weight": 12.5, "score": 10.0, "deviation": "2人离职"})
    se = SelfEvaluation(source="se.txt", project_name="自评项目", indicators=[ind], total_weight=100, total_score=88,
                        funds=[FundRow(label="年度资金总额", budget=500000, spent=456562.87, weight=10, rate=0.91,
                                       score=9.1, line=6)])
    br = BudgetReport(source="b.txt", tables=[BudgetTable(number=1, title="收支总表", columns=["2021年预算数"], line=3,
                                                          rows=[BudgetRow(label="一般公共服务支出", code="201",
                                                                          amounts=[2479.7], line=4)])])
    score = Finding(rule="JX807", category="score_inconsistency", severity="error", message="得分不符",
                    indicator=ind.name, line=ind.line)
    page = render_html([(se, [score]), (br, [])])
    assert "<caption>项目资金</caption>" in page and "456562.87" in page and "<td>总分</td>" in page
    assert "<caption>表1 收支总表</caption>" in page and "<td>201</td>" in page
    assert re.search(r'data-category="score_inconsistency"[^>]*>10</td>', page)  # the 得分 cell


# ---------------------------------------------------------------------------------------------------------
# Self-evaluations: their own labels, and every finding on its cell
# ---------------------------------------------------------------------------------------------------------

def selfeval_form():
    """政务大厅运行保障 (tests/fixtures/selfeval_errors.txt, form 3): findings on indicator rows, a 一级 weight, the
    总分 row and the 项目资金 table."""
    return parse_path(FIXTURES / "selfeval_errors.txt").forms[2]


def test_self_evaluation_page_has_its_own_labels_and_every_finding_a_cell():
    form = selfeval_form()
    findings = audit_form(form)
    page = render_html([(form, findings)])
    assert "<h2>项目支出绩效自评表</h2>" in page
    for label in ("<th>主管部门</th>", "<th>实施单位</th>", "<caption>年度总体目标</caption>", "<th>预期目标</th>",
                  "<th>实际完成情况</th>", "<caption>项目资金</caption>", "<th>年度指标值</th>",
                  "<th>偏差原因分析及改进措施</th>"):
        assert label in page, label
    for target_label in ("<th>申请单位</th>", "<th>一级预算单位</th>", "项目总金额", "<th>度量单位</th>"):
        assert target_label not in page, target_label
    assert '<tr class="total">' in page
    (t,) = table_forms([(form, findings)])
    assert {f.finding.rule for f in t.flags} >= {"JX804", "JX805", "JX806", "JX807"}
    assert [f.finding.rule for f in t.flags if f.target == "form"] == []  # each finding points at a cell
    total = next(f for f in t.flags if f.finding.field == "总分")
    assert total.target == "total" and t.columns[total.column] == "分值"  # 总分值 ≠ 100: the 分值 cell of 总分
    fifth = parse_path(FIXTURES / "selfeval_errors.txt").forms[4]  # 项目5: points lost, 偏差原因 无
    (t5,) = table_forms([(fifth, audit_form(fifth))])
    jx810 = next(f for f in t5.flags if f.finding.rule == "JX810")
    assert t5.columns[jx810.column] == "偏差原因分析及改进措施"


def test_self_evaluation_funds_and_budget_rows_are_cells_in_the_workbook(tmp_path):
    """Findings about the 项目资金 row (JX801, JX808) and the 总分 land on their cells, with a comment: none on A1."""
    from openpyxl import load_workbook

    from jixiao.render.xlsx import write_forms_xlsx

    forms = parse_path(FIXTURES / "selfeval_errors.txt").forms
    results = [(f, audit_form(f)) for f in forms]
    book = write_forms_xlsx(results, tmp_path / "se.xlsx")
    wb = load_workbook(book)
    report = wb["审核结果"]
    head = [c.value for c in report[1]]
    links = []
    for row in report.iter_rows(min_row=2):
        cells = dict(zip(head, row))
        if cells["规则"].value:
            sheet, ref = cells["位置"].hyperlink.location.split("!")
            target = wb[sheet.strip("'")][ref]
            links.append((cells["规则"].value, ref, target.value, target.comment is not None))
    assert {rule for rule, *_ in links} >= {"JX801", "JX802", "JX803", "JX808"}
    assert [x for x in links if x[1] == "A1" or not x[3]] == []
    jx808 = [x for x in links if x[0] == "JX808"]
    assert sorted(v for _, _, v, _ in jx808) == ["0", "10"]  # 全年执行数 0 and the 得分 claimed
    ws = wb[wb.sheetnames[1]]
    labels = [c.value for row in ws.iter_rows(max_row=8) for c in row if c.value]
    assert "主管部门:" in labels and "实施单位:" in labels and "申请单位:" not in labels


def test_budget_report_is_headed_by_its_unit_and_points_at_its_rows():
    from jixiao.model import BudgetReport, BudgetRow, BudgetTable

    rows = [BudgetRow(label="一般公共服务支出", code="201", amounts=[100.0], line=4),
            BudgetRow(label="行政运行", code="2010301", depth=1, amounts=[90.0], line=5)]
    br = BudgetReport(source="b.txt", project_name="深圳市某区某局（本级）", budget_year=2021,
                      tables=[BudgetTable(number=7, title="一般公共预算支出表", columns=["支出总计"], line=3, rows=rows)])
    finding = Finding(rule="JX901", category="amount_inconsistency", severity="error", message="下级之和不符",
                      field="一般公共服务支出", line=4, column="支出总计")
    (t,) = table_forms([(br, [finding])])
    assert [(h.label, h.value) for h in t.header] == [("单位名称", "深圳市某区某局（本级）"), ("预算年度", "2021年")]
    (flag,) = t.flags
    assert (flag.target, flag.table, flag.row, t.extras[0].columns[flag.column]) == ("extra", 0, 0, "支出总计")


def test_self_evaluation_in_headless_chromium(browser, tmp_path):
    form = selfeval_form()
    findings = audit_form(form)
    _open(browser, render_html([(form, findings)]), tmp_path / "selfeval.html")
    css = browser.find_elements
    labels = [th.text for th in css("css selector", "table.fields th")]
    assert labels[:4] == ["项目名称", "主管部门", "实施单位", "项目金额（元）"]
    captions = [c.text for c in css("css selector", "caption")]
    assert captions == ["项目资金", "年度总体目标", "年度绩效指标"]
    # every finding's target is a highlighted cell of the page (none falls back to the whole form)
    items = css("css selector", "li.finding")
    assert len(items) == len(findings)
    for li in items:
        target = browser.find_element("id", li.get_attribute("data-target"))
        assert target.tag_name == "td" and li.get_attribute("data-finding-id") in target.get_attribute("data-finding-ids")
    # the 总分 finding scrolls to the 总分 row's 分值 cell and flashes it
    total_li = next(li for li in items if "总分" in li.text)
    target = browser.find_element("id", total_li.get_attribute("data-target"))
    assert target.find_element("xpath", "..").get_attribute("class") == "total"
    browser.execute_script("window.scrollTo(0, 0)")
    total_li.click()
    assert "flash" in target.get_attribute("class")
    in_view = "var r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight;"
    assert _wait(lambda: browser.execute_script(in_view, target))
    shots = os.environ.get("JIXIAO_SCREENSHOTS")
    if shots:  # the docs screenshot of a self-evaluation: its goals and indicator table, a finding clicked
        browser.set_window_size(1280, 1000)
        browser.execute_script("document.querySelector('table.goals').scrollIntoView({block: 'start'})")
        browser.find_element("css selector", "li.finding[data-severity=error]").click()
        time.sleep(2.0)
        assert browser.save_screenshot(str(Path(shots) / "review-page-selfeval.png"))
