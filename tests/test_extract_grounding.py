"""Grounding: verbatim values aligned back to line and character span (exact / fuzzy / unaligned)."""

from jixiao.extract.grounding import SourceText, normalise_with_map, summary

TEXT = "项目名称：社区 图书馆运营\n满意度\t读者满意度\t≥９０％\n数量\t借阅人次\t≥3. 5万人次"


def test_exact_span_points_into_the_original():
    src = SourceText(TEXT)
    g = src.ground("读者满意度")
    assert (g.status, g.line) == ("exact", 2)
    assert src.lines[1][g.start:g.end] == "读者满意度"


def test_normalised_match_maps_back_full_width_and_ocr_spaces():
    src = SourceText(TEXT)
    g = src.ground("≥90%")
    assert (g.status, g.line) == ("exact", 2) and src.lines[1][g.start:g.end] == "≥９０％"
    g = src.ground("≥3.5万人次")
    assert g.status == "exact" and src.lines[2][g.start:g.end] == "≥3. 5万人次"
    g = src.ground("社区图书馆运营")
    assert src.lines[0][g.start:g.end] == "社区 图书馆运营"


def test_fuzzy_on_ocr_noise_and_unaligned_invention():
    src = SourceText("产出\t图书借阅人欢\t≥3万人次\n效益\t居民阅读习惯养成\t显著")
    g = src.ground("图书借阅人次")
    assert g.status == "fuzzy" and g.line == 1 and 0.75 <= g.score < 1
    assert src.lines[0][g.start:g.end] == "图书借阅人欢"
    bad = src.ground("新能源汽车充电桩数量")
    assert bad.status == "unaligned" and bad.line is None
    assert summary([g, bad]) == {"exact": 0, "fuzzy": 1, "unaligned": 1}


def test_map_and_empty():
    norm, idx = normalise_with_map("Ａ B")
    assert norm == "ab" and idx == [0, 2]
    assert SourceText("x").ground("  ").status == "unaligned"
