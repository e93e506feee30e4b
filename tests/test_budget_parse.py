"""Budget report tables (parse/budget.py): tables, columns, hierarchy and totals of the 002 layout."""

from pathlib import Path

from jixiao.model import BudgetReport
from jixiao.parse import parse_path
from seeds import seed

FIXTURES = Path(__file__).parent / "fixtures"


def report_of(path) -> BudgetReport:
    res = parse_path(path)
    assert not res.errors
    reports = [f for f in res.forms if f.kind == "budget_report"]
    assert len(reports) == 1
    return reports[0]


def table(report: BudgetReport, title: str):
    return next(t for t in report.tables if t.title == title)


def test_excerpt_tables_and_sides():
    rep = report_of(FIXTURES / "budget_002_excerpt.txt")
    assert rep.project_name == "深圳市福田区政务服务数据管理局（本级）"
    assert [(t.number, t.title) for t in rep.tables] == [
        (1, "收支总表（收入）"), (1, "收支总表（支出）"), (3, "支出总表"), (5, "项目支出总表"), (7, "一般公共预算支出表")]
    inc = table(rep, "收支总表（收入）")
    assert inc.columns == ["2021年预算数"]
    first = inc.rows[0]
    assert (first.label, first.depth, first.amounts, first.line) == ("一、政府预算拨款", 0, [2708.03], 11)
    assert inc.rows[1].depth == 1
    totals = [(r.label, r.amounts[0]) for r in inc.rows if r.is_total]
    assert totals == [("本年收入合计", 2708.03), ("收入总计", 2708.03)]
    exp = table(rep, "收支总表（支出）")
    # codes borrowed from 表7 by label give the hierarchy of the uncoded 收支总表
    assert [(r.code, r.depth) for r in exp.rows[:3]] == [("201", 0), ("20103", 1), ("2010301", 2)]


def test_coded_table():
    t = table(report_of(FIXTURES / "budget_002_excerpt.txt"), "一般公共预算支出表")
    assert t.columns == ["支出总计", "基本支出", "项目支出"]
    dept, unit, cls = t.rows[:3]
    assert (dept.depth, unit.depth, cls.code, cls.depth) == (0, 1, "201", 2)
    run = next(r for r in t.rows if r.code == "2010301")
    assert (run.label, run.depth, run.amounts) == ("行政运行", 4, [340.7, 340.7, None])


def test_seed_002_all_tables():
    rep = report_of(seed("002"))
    assert [t.number for t in rep.tables] == [1, 1, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10, 11, 12, 13, 14]
    basic = table(rep, "基本支出总表")
    wages = next(r for r in basic.rows if r.label == "工资福利支出")
    assert wages.depth == 2 and next(r for r in basic.rows if r.label == "基本工资").depth == 3
    assert table(rep, "政府预算拨款收支总表（收入）").rows[1].depth == 1  # 一般公共预算拨款 under 政府预算拨款
    tasks = table(rep, "部门（单位）整体支出绩效目标申报表")
    assert tasks.rows[-1].is_total and tasks.rows[-1].amounts == [2708.03, 2708.03, 0.0]
    assert len(tasks.rows) == 11


def project_table(dept: str, total: float, details: list[tuple[str, float]]):
    """The one report of a 表5 项目支出总表 for `dept`: its department and （本级） rows, 一般性项目, then `details`."""
    from jixiao.parse import parse_text

    res = parse_text("\n".join([
        "表 5", "", "项目支出总表", "", f"单位名称：{dept}", "", "单位：万元", "", "支出项目类别\t总计\t政府预算拨款",
        *(f"{label}\t{n:.2f}\t{n:.2f}" for label, n in [(dept, total), (f"{dept}（本级）", total), ("一般性项目", total),
                                                       *details])]), "t.txt")
    assert not res.errors
    (report,) = res.forms
    return report


def test_department_rows_named_by_any_organisation_ending():
    """The department row is a unit row whatever its ending (…委员会, …中心, …办公室), not only …局: it stays at depth
    0 above its （本级） unit row instead of being pushed down among the detail rows."""
    for dept in ("深圳市福田区教育委员会", "深圳市福田区机关事务管理中心", "深圳市福田区人民政府办公室"):
        rows = project_table(dept, 60, [("办公设备购置", 60)]).tables[0].rows
        assert [(r.label, r.depth) for r in rows] == [
            (dept, 0), (f"{dept}（本级）", 1), ("一般性项目", 2), ("办公设备购置", 3)]


def test_a_project_named_like_an_organisation_is_not_a_unit_row():
    """Only the unit's own （本级） row and the department it names are unit rows: a project called …交易会 or
    …中心 stays among the details (JX901 then finds the table adding up)."""
    from jixiao.check import audit_form

    dept = "深圳市福田区文化广电旅游体育局"
    report = project_table(dept, 100, [("深圳国际文化产业博览交易会", 60), ("社区党群服务中心", 40)])
    assert [(r.label, r.depth) for r in report.tables[0].rows] == [
        (dept, 0), (f"{dept}（本级）", 1), ("一般性项目", 2), ("深圳国际文化产业博览交易会", 3), ("社区党群服务中心", 3)]
    assert [f.rule for f in audit_form(report)] == []
