"""Every seed target form parses with every indicator row; golden records per layout, checked by hand."""

import json
from pathlib import Path

import pytest

from jixiao.parse import parse_path
from seeds import seed

GOLDEN = Path(__file__).parent / "fixtures" / "golden"


def independent_table_counts(path: Path) -> list[int]:
    """Rows per form counted from the raw lines: non-blank lines between a table heading and the next blank
    line after the table, a form title or a 备注 footer. No parser code involved."""
    counts: list[int] = []
    in_table = False
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("一级指标\t二级指标"):
            counts.append(0)
            in_table = True
            continue
        if not in_table:
            continue
        if "绩效目标申报表" in line or line.startswith("备注") or line.startswith(("项目编码", "项目编号")):
            in_table = False
            continue
        if line.strip():
            counts[-1] += 1
    return counts


@pytest.mark.parametrize("prefix, n_forms", [("000", 20), ("001", 38), ("003", 9)])
def test_every_form_and_row_is_read(prefix, n_forms):
    path = seed(prefix)
    result = parse_path(path)
    assert not result.errors
    assert len(result.forms) == n_forms
    assert [len(f.indicators) for f in result.forms] == independent_table_counts(path)
    for f in result.forms:
        assert f.project_code and f.project_name and f.annual_amount and f.annual_amount.yuan
        assert {i.level1 for i in f.indicators} <= {"产出", "效益", "满意度"}
        assert all(i.level2 for i in f.indicators)


def test_2021_budget_forms():
    """002: 13 project forms after the budget tables; rows counted by hand from the raw text."""
    result = parse_path(seed("002"))
    targets = [f for f in result.forms if f.kind == "target"]
    assert [f.project_name for f in targets][:3] == ["网格信息服务", "人工智能应用创新服务中心日常运营", "智慧城市指挥中心运营"]
    assert [len(f.indicators) for f in targets] == [16, 13, 10, 13, 14, 12, 12, 12, 14, 10, 14, 10, 10]
    for f in targets:
        assert f.budget_year == 2021 and f.layout == "budget2021"
        assert [i.level2 for i in f.indicators if i.level1 == "投入"][:1] == ["测算明细"]
    first = targets[0]
    assert first.funding["财政拨款资金"].yuan == 4_760_000
    assert any(i.name == "实有房屋信息采集率" for i in first.indicators)  # wrapped over two lines
    assert any(r.kind == "wrapped_name" for r in first.repairs)


def test_shifted_rows_are_repaired_and_recorded():
    form = parse_path(seed("000")).forms[2]
    row = next(i for i in form.indicators if i.name == "窗口人员培训次数")
    assert (row.level1, row.level2, row.target.raw, row.unit) == ("产出", "数量", "≥1次", "次")
    assert any(r.kind == "shifted_row" and r.line == row.line for r in form.repairs)


def test_free_text_between_header_and_table():
    form = next(f for f in parse_path(seed("001")).forms if f.project_code == "440313231211500705026")
    assert "272.4万元" in form.fields["测算依据"].value  # continuation lines joined
    assert "OA系统运维服务合同" in form.fields["政策依据"].value


def test_self_evaluations_and_budget_tables_are_not_mangled():
    """004 holds self-evaluations and 002 budget tables: recognised as their own kinds, never read as
    target forms."""
    r4 = parse_path(seed("004"))
    assert not [f for f in r4.forms if f.kind == "target"]
    assert [f for f in r4.forms if f.kind == "self_evaluation"]
    r2 = parse_path(seed("002"))
    assert [f for f in r2.forms if f.kind == "budget_report"]


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("*.json")), ids=lambda p: p.stem)
def test_golden_forms(golden):
    g = json.loads(golden.read_text(encoding="utf-8"))
    # by line: the file may also hold other kinds (002's budget report comes first)
    form = next(f for f in parse_path(seed(g["source_file"][:3])).forms if f.line == g["line"])
    got = {"line": form.line, "layout": form.layout, "project_code": form.project_code,
           "project_name": form.project_name, "budget_year": form.budget_year,
           "annual_amount_yuan": form.annual_amount.yuan if form.annual_amount else None,
           "total_amount_yuan": form.total_amount.yuan if form.total_amount else None}
    assert got == {k: g[k] for k in got}
    rows = [[i.line, i.level1, i.level2, i.required, i.name, i.target.raw, i.target.kind, i.target.comparator,
             i.target.value, i.target.unit, i.unit] for i in form.indicators]
    assert rows == g["indicators"]
