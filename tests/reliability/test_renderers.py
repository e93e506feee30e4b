"""What the writers make of hostile text: formulas stay text in xlsx, control characters do not break xlsx or docx,
markup and HTML are printed as they are."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from reliability_helpers import run_cli
from openpyxl import load_workbook

from jixiao.model import Form
from jixiao.parse import parse_path, parse_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CLEAN = (FIXTURES / "review_000_staff.txt").read_text(encoding="utf-8")

HOSTILE = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example/x","点击")', "+1+1", "-2+3", "@SUM(A1:A9)",
           "\t=1+1", "\r=1+1", "=1+1"]


def _form_with(explanations: list[str], name: str = "编外人员") -> str:
    """The clean form with its first indicator rows' 指标解释 replaced by `explanations`, and another 项目名称."""
    lines = CLEAN.replace("编外人员", name, 1).split("\n")
    rows = [i for i, ln in enumerate(lines) if ln.count("\t") >= 5 and ln.split("\t")[2] and ln.split("\t")[3] != "不适用"
            and ln.split("\t")[0] != "一级指标"]
    assert len(rows) >= len(explanations)
    for i, new in zip(rows, explanations):
        cells = lines[i].split("\t")
        cells[5] = new
        lines[i] = "\t".join(cells)
    return "\n".join(lines)


def _as_json(text: str, source: str = "x.txt") -> str:
    """The form as jixiao JSON: read back without the text reader's cleaning (tags and control characters kept)."""
    from jixiao.render.json import forms_json

    return forms_json(parse_text(text, source).forms)


def _cells(wb):  # noqa: ANN001, ANN202
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    yield ws.title, c


def test_formulas_in_form_text_stay_text_in_xlsx(tmp_path):
    src = tmp_path / "formula.txt"
    src.write_text(_form_with(HOSTILE[:6], name="=HYPERLINK(\"http://x\")"), encoding="utf-8")
    out = tmp_path / "review.xlsx"
    res = run_cli("audit", str(src), "--format", "xlsx", "-o", str(out)).no_traceback()
    assert res.code == 0, res.err
    with zipfile.ZipFile(out) as z:  # no formula anywhere in the package
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)
    wb = load_workbook(out)
    written = {c.value: c for _, c in _cells(wb) if isinstance(c.value, str)}
    for text in HOSTILE[:5]:
        cell = written[text]
        assert cell.data_type == "s" and cell.quotePrefix, text
    assert all(c.data_type != "f" for _, c in _cells(wb))
    # read back: the same texts, not formulas or their results
    back = parse_path(out).forms[0]
    read = [i.explanation for i in back.indicators if i.target.kind != "not_applicable"]
    assert read[:5] == HOSTILE[:5]  # (the 6th's leading tab is folded by the reader)
    assert back.project_name == '=HYPERLINK("http://x")'


def test_leading_tab_and_cr_are_text(tmp_path):
    from jixiao.render.xlsx import forms_workbook

    form = parse_text(CLEAN, "x.txt").forms[0]
    ind = form.indicators[0].model_copy(update={"explanation": "\t=1+1", "name": "\r=2+2"})
    form = form.model_copy(update={"indicators": [ind, *form.indicators[1:]]})
    wb = forms_workbook([(form, [])])
    cells = {c.value: c for _, c in _cells(wb) if isinstance(c.value, str)}
    assert cells["\t=1+1"].quotePrefix and cells["\r=2+2"].quotePrefix and cells["\t=1+1"].data_type == "s"


@pytest.mark.parametrize("fmt", ["xlsx", "html", "json", "text"])
def test_control_characters_in_cells(tmp_path, fmt):
    src = tmp_path / "control.json"  # JSON: a NUL byte is a text file's sign of binary, a JSON string may hold it
    src.write_text(_as_json(_form_with(["考察\x0c保障\x01人员\x1b[31m工资", "a\x00b"], name="编外\x0b人员")),
                   encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    res = run_cli("audit", str(src), "--format", fmt, "-o", str(out)).no_traceback()
    assert res.code == 0, res.err
    if fmt == "xlsx":
        wb = load_workbook(out)
        texts = [c.value for _, c in _cells(wb) if isinstance(c.value, str)]
        # the text reader folds whitespace (\x0c, \x0b) as any other (scan.clean_cell); \x01 and \x1b reach the workbook
        assert "考察 保障␁人员␛[31m工资" in texts
        assert not any(ch in t for t in texts for ch in "\x0c\x01\x1b\x0b")
        assert any(ws.title.startswith("表1_编外") for ws in wb.worksheets)


def test_control_characters_in_docx(tmp_path):
    from jixiao.parse.sources.docx import read_docx_rows
    from jixiao.render.docx import write_forms_docx

    form = parse_text(CLEAN, "x.txt").forms[0]
    ind = form.indicators[0].model_copy(update={"explanation": "a\x0cb\x1bc"})
    form = form.model_copy(update={"indicators": [ind, *form.indicators[1:]], "title": "标题\x07"})
    out = write_forms_docx([form], tmp_path / "x.docx")
    texts = [c for rows in read_docx_rows(out) for r in rows for c in r.cells]
    assert "a␌b␛c" in texts and any("标题␇" in t for t in texts)


def test_html_escapes_markup_and_script(tmp_path):
    src = tmp_path / "h.json"  # JSON: the text reader drops <…> tags, a JSON form keeps them
    form = parse_text(_form_with(["说明", "[/x]"]), "h.txt").forms[0]
    ind = form.indicators[0].model_copy(update={"explanation": "<script>alert(1)</script>"})
    form = form.model_copy(update={"indicators": [ind, *form.indicators[1:]], "project_name": "<b>名称</b>"})
    from jixiao.render.json import forms_json

    src.write_text(forms_json([form]), encoding="utf-8")
    out = tmp_path / "r.html"
    assert run_cli("audit", str(src), "--format", "html", "-o", str(out)).no_traceback().code == 0
    html = out.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>名称</b>" not in html and "[/x]" in html


def test_rich_markup_in_findings_and_paths(tmp_path):
    """A finding whose message quotes `[/x]` and a path holding `[bold]`: printed as they are."""
    folder = tmp_path / "[bold]" / "[/x]"
    folder.mkdir(parents=True)
    src = folder / "a.txt"
    src.write_text(CLEAN.replace("支出进度达标率\t≥95%", "[red]支出进度达标率[/]\t≤95%"), encoding="utf-8")
    res = run_cli("audit", str(src), "--fail-on", "never", env={"COLUMNS": "400"}).no_traceback()
    assert res.code == 0 and str(src) in res.out and "「[red]支出进度达标率[/]」" in res.out
    assert "“[red]支出进度达标率[/]”" in res.out  # in the finding's message too
    res = run_cli("signoff", str(src), "-r", "[/b]王", "--ledger", str(tmp_path / "l.sqlite")).no_traceback()
    assert str(src) in res.text and res.code in (0, 1)


def test_parsed_form_with_every_hostile_text_renders_everywhere(tmp_path):
    """All writers on one form: the xlsx and docx open, the HTML and JSON are whole."""
    from jixiao.check import audit_form
    from jixiao.render.docx import forms_document
    from jixiao.render.html import render_html
    from jixiao.render.json import audit_json, forms_json
    from jixiao.render.text import plain_text, print_audit, print_forms_table
    from jixiao.render.xlsx import forms_workbook

    text = _form_with([*HOSTILE[:4], "\x0c\x1b[0m[/x]<i>"], name="[/x]\x0c=1")
    form: Form = parse_text(text, "[/x].txt").forms[0]
    results = [(form, audit_form(form))]
    buf = io.BytesIO()
    forms_workbook(results).save(buf)
    load_workbook(io.BytesIO(buf.getvalue()))
    forms_document([form]).save(io.BytesIO())
    assert "[/x]" in render_html(results)
    assert "[/x]" in plain_text(print_audit, results, True) and "[/x]" in plain_text(print_forms_table, [form])
    import json

    json.loads(forms_json([form]))
    json.loads(audit_json(results))
