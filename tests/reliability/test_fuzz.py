"""Hypothesis fuzzing of every reader and renderer: random bytes and random forms built from hostile pieces (huge
numbers, control characters, rich markup, formula leads, tags, comparators, units, dates) through the readers
(text, JSON, xlsx, docx, the value readers, waiver files) and every renderer (JSON, text, table, HTML, xlsx,
docx). No exception escapes, every JSON output is JSON (no Infinity/NaN), every workbook opens and holds no formula.

Budget: JIXIAO_FUZZ_EXAMPLES examples per target (default 200); the Office targets (a workbook or a document
written and read per example) run a quarter of it. Examples are derandomized (the same on every run, so CI is
stable); JIXIAO_FUZZ_RANDOM=1 draws new ones (a longer campaign: JIXIAO_FUZZ_EXAMPLES=5000 JIXIAO_FUZZ_RANDOM=1).
"""

from __future__ import annotations

import io
import json
import math
import os
from hypothesis import HealthCheck, given, settings, strategies as st

BUDGET = int(os.environ.get("JIXIAO_FUZZ_EXAMPLES", "200"))
HEAVY = max(10, BUDGET // 4)
RANDOM = os.environ.get("JIXIAO_FUZZ_RANDOM", "") not in ("", "0")


def budget(n: int):  # noqa: ANN201
    return settings(max_examples=n, deadline=None, derandomize=not RANDOM, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


# Pieces of real cells and of hostile ones
PIECES = ["≥", "≤", ">", "<", "=", "~", "95", "100", "%", "人", "万元", "元", "个", "台", "次/年", "小时", "天内",
          "2026年12月31日前", "2024年10月", "显著", "良好", "不适用", "/", "*", "详见附件", "十二", "一百零五", "3.5",
          "1,155", "9" * 320, "1e309", "0.000", "-5", "+86", "@SUM(A1)", "=cmd|' /C calc'!A0", '=HYPERLINK("x")',
          "[/x]", "[bold]", "[/]", "[link=x]", "<p>", "</p>", "<备注>", "\x0c", "\x01", "\x1b[31m", "\u200b", "\ufeff",
          "\r", "\t", "\n", "（", "）", "：", ":", "合计", "共计", "×12个月", "测算", "率", "满意度", "≧", "％", "１０"]
LABELS = ["项目编码:", "项目名称:", "申请单位:", "一级预算单位:", "实施期限:", "项目类型:", "是否新增项目:", "分配方式:",
          "项目总金额(中期规划,元):", "本年度项目金额(元):", "本年度项目金额(万元):", "政策依据:", "测算依据:", "年度目标:",
          "长期目标:"]
LEVEL1 = ["产出指标", "效益指标", "满意度指标", "成本指标", "投入指标", "", "产出"]
LEVEL2 = ["*数量指标", "*质量指标", "*时效指标", "*成本指标", "经济效益指标", "*社会效益指标", "生态效益指标",
          "*服务对象满意度指标", "其他满意度指标", "", "数量"]

# a number of any length (309 digits and more overflow a float) with a comparator, a scale and a unit around it
number = st.builds(lambda c, d, f, u: c + d + f + u, st.sampled_from(["", "≥", "≤", "约", "-", "合计"]),
                   st.sampled_from([1, 2, 3, 5, 8, 12, 20, 307, 308, 309, 310, 400]).flatmap(
                       lambda n: st.text("123456789", min_size=1, max_size=1).flatmap(
                           lambda first: st.text("0123456789", min_size=n - 1, max_size=n - 1).map(
                               lambda rest: first + rest))),
                   st.sampled_from(["", ".5", ",000"]),
                   st.sampled_from(["", "%", "人", "万元", "元", "亿元", "小时", "万人次", "个/年", "×12个月"]))
cell = st.lists(st.sampled_from(PIECES) | number, max_size=6).map("".join) | st.text(max_size=12)


@st.composite
def form_text(draw) -> str:  # noqa: ANN001
    """A target form's text: title, header fields, the indicator table, rows of hostile cells."""
    lines = [draw(st.sampled_from(["二级项目支出绩效目标申报表", "项目支出绩效目标申报表", ""]))]
    for label in draw(st.lists(st.sampled_from(LABELS), min_size=1, max_size=10)):
        lines.append(f"{label}\t{draw(cell)}\t\t{draw(st.sampled_from(LABELS))}\t{draw(cell)}")
    lines.append("一级指标\t二级指标\t三级指标\t指标值\t度量单位\t指标解释")
    for _ in range(draw(st.integers(0, 12))):
        lines.append("\t".join([draw(st.sampled_from(LEVEL1)), draw(st.sampled_from(LEVEL2)), draw(cell), draw(cell),
                                draw(cell), draw(cell)][: draw(st.integers(1, 6))]))
    return "\n".join(lines)


def _strict_json(text: str):  # noqa: ANN202
    def refuse(name: str):  # noqa: ANN202
        raise AssertionError(f"not JSON: {name}")
    return json.loads(text, parse_constant=refuse)


def _every_renderer(forms) -> None:  # noqa: ANN001
    """All writers on the forms (with their findings): no exception, JSON is JSON, the workbook has no formula."""
    from openpyxl import load_workbook

    from jixiao.check import audit_form
    from jixiao.render.docx import forms_document
    from jixiao.render.html import render_html
    from jixiao.render.json import audit_json, forms_json
    from jixiao.render.text import plain_text, print_audit, print_forms_table
    from jixiao.render.xlsx import forms_workbook

    results = [(f, audit_form(f)) for f in forms]
    _strict_json(forms_json(forms))
    _strict_json(audit_json(results))
    plain_text(print_audit, results, True)
    plain_text(print_forms_table, forms)
    render_html(results)
    buf = io.BytesIO()
    forms_workbook(results).save(buf)
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    assert not [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    forms_document(forms).save(io.BytesIO())


# ---------------------------------------------------------------------------------------------------------
# Readers
# ---------------------------------------------------------------------------------------------------------

@budget(BUDGET)
@given(st.binary(max_size=2000))
def test_text_reader_on_random_bytes(tmp_path_factory, data):
    from jixiao.parse import parse_path
    from jixiao.render.json import forms_json

    p = tmp_path_factory.mktemp("bytes") / "x.txt"
    p.write_bytes(data)
    r = parse_path(p)
    assert all(str(e).startswith(str(p)) for e in r.errors)
    _strict_json(forms_json(r.forms))


@budget(BUDGET)
@given(form_text())
def test_text_reader_and_checker_on_random_forms(text):
    from jixiao.check import audit_form
    from jixiao.parse import parse_text
    from jixiao.render.json import forms_json

    r = parse_text(text, "fuzz.txt")
    for f in r.forms:
        audit_form(f)
    _strict_json(forms_json(r.forms))


_json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                                         max_size=4), max_leaves=30)


@budget(BUDGET)
@given(_json_value, st.sampled_from(["kind", "forms", "indicators", "target", "yuan"]))
def test_json_reader_on_random_json(value, key):
    from jixiao.parse import parse_json

    for doc in (value, {key: value}, [{"kind": "target", "source": "x", key: value}]):
        try:
            text = json.dumps(doc)
        except ValueError:
            continue
        r = parse_json(text, "fuzz.json")
        # exactly one of the two: forms read, or an error naming the file (`[]`, the JSON of no forms, is an error)
        assert bool(r.forms) != bool(r.errors)
        assert all(e.source == "fuzz.json" for e in r.errors)


@budget(BUDGET)
@given(st.integers(1, 5000), st.sampled_from(["[", "{\"a\":"]))
def test_json_reader_on_deep_nesting(depth, opener):
    from jixiao.parse import parse_json

    closer = "]" if opener == "[" else "}"
    r = parse_json(opener * depth + ("1" if opener != "[" else "") + closer * depth, "deep.json")
    assert r.errors and not r.forms  # no nesting of lists or numbers is a form; `[]` holds no form, an error too


@budget(BUDGET)
@given(st.lists(cell, max_size=8).map("".join))
def test_value_readers(text):
    from jixiao import values

    t = values.parse_target(text)
    for v in (t.value, t.value_max, t.hours):
        assert v is None or math.isfinite(v)
    a = values.parse_amount(text, "万元", 1)
    assert a is None or a.yuan is None or math.isfinite(a.yuan)
    assert all(math.isfinite(y) for y, _, _ in values.money_in_text(text))
    assert all(math.isfinite(n) for n, _, _, _ in values.quantities_in_text(text))
    assert all(math.isfinite(p) for _, p, _, _ in values.rates_in_text(text))
    assert all(math.isfinite(m.yuan) for m in values.money_terms_in_text(text))
    values.format_number(float(len(text)))
    assert values.to_float(text) is None or math.isfinite(values.to_float(text))


@budget(HEAVY)
@given(st.lists(st.lists(cell | st.integers(-10**20, 10**20) | st.floats(allow_nan=False, allow_infinity=False)
                         | st.none(), max_size=7), max_size=14),
       st.lists(st.tuples(st.integers(1, 14), st.integers(1, 7), st.integers(0, 3), st.integers(0, 3)), max_size=3),
       form_text())
def test_xlsx_reader_on_random_workbooks(tmp_path_factory, rows, merges, text):
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from jixiao.parse import parse_path

    wb = Workbook()
    ws = wb.active
    for r, values_ in enumerate(text.split("\n") + [None] * 0, 1):
        for c, v in enumerate((values_ or "").split("\t"), 1):
            ws.cell(r, c, ILLEGAL_CHARACTERS_RE.sub("", v) or None)
    base = ws.max_row + 1
    for r, values_ in enumerate(rows, base):
        for c, v in enumerate(values_, 1):
            ws.cell(r, c, ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v)
    for r, c, dr, dc in merges:
        try:
            ws.merge_cells(start_row=r, start_column=c, end_row=r + dr, end_column=c + dc)
        except ValueError:
            pass
    p = tmp_path_factory.mktemp("xlsx") / "x.xlsx"
    wb.save(p)
    r = parse_path(p)
    assert r.forms or r.errors


@budget(HEAVY)
@given(form_text(), st.booleans())
def test_docx_reader_on_random_documents(tmp_path_factory, text, table):
    import docx

    from jixiao.parse import parse_path
    from jixiao.render.tabular import xml_text

    document = docx.Document()
    rows = [r.split("\t") for r in text.split("\n")]
    if table and rows:
        t = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for i, cells in enumerate(rows):
            for j, v in enumerate(cells):
                t.cell(i, j).text = xml_text(v)
    else:
        for cells in rows:
            document.add_paragraph(xml_text(" ".join(cells)))
    p = tmp_path_factory.mktemp("docx") / "x.docx"
    document.save(p)
    r = parse_path(p)
    assert r.forms or r.errors


@budget(BUDGET)
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8")), st.sampled_from([".yaml", ".toml"]))
def test_waiver_reader_on_random_files(tmp_path_factory, data, suffix):
    from jixiao.check.config import ConfigError, load_waivers

    p = tmp_path_factory.mktemp("w") / f"w{suffix}"
    p.write_bytes(data)
    try:
        load_waivers(p)
    except ConfigError as exc:
        assert str(exc).startswith(str(p))


# ---------------------------------------------------------------------------------------------------------
# Renderers
# ---------------------------------------------------------------------------------------------------------

@budget(HEAVY)
@given(form_text())
def test_every_renderer_on_random_parsed_forms(text):
    from jixiao.parse import parse_text

    forms = parse_text(text, "[/x]\x0c=fuzz.txt").forms
    if forms:
        _every_renderer(forms)


_text_st = st.text(max_size=20) | st.lists(st.sampled_from(PIECES), max_size=5).map("".join)


@st.composite
def built_form(draw):  # noqa: ANN001, ANN201
    """A Form built field by field (as a JSON input or a model's answer can give it): text the reader would have
    cleaned (tags, tabs, control characters, NUL) reaches the renderers as it is."""
    from jixiao.model import Amount, Form, HeaderField, Indicator, SelfEvaluation
    from jixiao.values import parse_target

    def ind(i: int) -> Indicator:
        return Indicator(level1=draw(st.sampled_from(["产出", "效益", "满意度", None])), level1_raw=draw(_text_st),
                         level2_raw=draw(_text_st), name=draw(_text_st), target=parse_target(draw(_text_st)),
                         unit=draw(_text_st), explanation=draw(_text_st), line=i + 1,
                         actual=parse_target(draw(_text_st)) if draw(st.booleans()) else None,
                         weight=draw(st.floats(allow_nan=False, allow_infinity=False) | st.none()))

    cls = draw(st.sampled_from([Form, SelfEvaluation]))
    yuan = draw(st.floats(allow_nan=True, allow_infinity=True) | st.none())
    return cls(source=draw(_text_st) or "x", title=draw(_text_st), project_code=draw(_text_st),
               project_name=draw(_text_st),
               annual_amount=Amount(raw=draw(_text_st), yuan=yuan),
               fields={draw(st.sampled_from(["项目名称", "测算依据", "年度目标", "项目编码"])): HeaderField(
                   label=draw(_text_st), value=draw(_text_st), line=1) for _ in range(draw(st.integers(0, 3)))},
               indicators=[ind(i) for i in range(draw(st.integers(0, 6)))])


@budget(HEAVY)
@given(st.lists(built_form(), min_size=1, max_size=3))
def test_every_renderer_on_built_forms(forms):
    _every_renderer(forms)


@budget(BUDGET)
@given(st.text(max_size=200) | st.lists(st.sampled_from(PIECES), max_size=20).map("".join))
def test_messages_never_read_markup(text):
    from rich.console import Console

    from jixiao.messages import error, line
    from jixiao.redact import scrub

    console = Console(file=io.StringIO(), width=80)
    error(console, text)
    assert line("x", "red", text).plain.startswith("x ")
    assert scrub(scrub(text)) == scrub(text)


@budget(HEAVY)
@given(st.binary(max_size=400))
def test_write_atomic_with_random_data(tmp_path_factory, data):
    from jixiao.io import write_atomic

    folder = tmp_path_factory.mktemp("w")
    write_atomic(folder / "out.bin", data)
    assert (folder / "out.bin").read_bytes() == data
    assert [p.name for p in folder.iterdir()] == ["out.bin"]
