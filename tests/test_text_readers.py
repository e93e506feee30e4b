"""The fast readers of free text (organisation names, numbers in 测算依据 / 年度目标) against their plain definitions."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from jixiao import vocab
from jixiao.values import (
    RATE_IN_TEXT, clean_cell, clean_cells, money_in_text, quantities_in_text, rates_in_text, squeeze,
)

# Characters that make organisation names, their endings, brackets and separators: dense in matches and near misses.
_ORG_ALPHABET = list("深圳市福田区政务服务和数据管理局中心委员会办公室研究院医院学校街道办事处（）()本级建设的") + [" ", "，", "。"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ORG_ALPHABET), max_size=160).map("".join))
def test_org_names_in_text_finds_exactly_what_the_pattern_finds(text):
    assert list(vocab.org_names_in_text(text)) == [m.group() for m in vocab.ORG_NAME_IN_TEXT.finditer(text)]


# Characters of rates: names, 率 / 满意度, verbs, numbers, %, bounds and separators.
_RATE_ALPHABET = list("准确合格满意度率家长不低于超过控制在达到以上下内保持为≥约9０.5%％ ，、") + ["满意度", "率", "90%"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_RATE_ALPHABET), max_size=80).map("".join))
def test_rates_in_text_finds_exactly_what_the_pattern_finds(text):
    assert [(name, raw) for name, _, _, raw in rates_in_text(text)] == [
        (m.group("name"), m.group()) for m in RATE_IN_TEXT.finditer(text)]


def test_org_names_in_a_real_sentence():
    text = "由深圳市福田区民意速办和智慧城市建设的中心负责，深圳市福田区政务服务和数据管理局统筹。"
    assert list(vocab.org_names_in_text(text)) == ["由深圳市福田区民意速办和智慧城市建设的中心", "深圳市福田区政务服务和数据管理局"]
    assert list(vocab.org_names_in_text("采购电脑10台。")) == []


def test_numbers_in_text_index_the_text_given():
    text = "按照６８名劳派人员测算，共计 300万元；准确率９０％以上。"
    (n, unit, pos, raw), = quantities_in_text(text)
    assert (n, unit, raw) == (68.0, "名", "６８名") and text[pos:pos + len(raw)] == raw
    (yuan, pos, raw), = money_in_text(text)
    assert yuan == 3_000_000 and text[pos:pos + len(raw)] == raw
    assert rates_in_text(text) == [("准确率", 90.0, "以上", "准确率９０％以上")]
    # a full-width comma separates clauses; it is not a thousands separator
    assert [q[0] for q in quantities_in_text("采购10，20台设备")] == [20.0]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab 1\t\u3000\xa0<p></p>\n中")), max_size=40))
def test_squeeze_is_clean_cell_without_any_whitespace(text):
    assert squeeze(text) == "".join(clean_cell(text).split())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab 1\t\u3000<p>\n\r中")), max_size=12), max_size=6))
def test_clean_cells_is_clean_cell_per_cell(cells):
    assert clean_cells(cells) == [clean_cell(c) for c in cells]


def test_a_count_in_wan_of_any_quantity_unit_is_not_money():
    """万 before any count, area, length, mass or volume unit of the vocabulary counts things (5万公顷, 1万顶)."""
    from jixiao.vocab import QUANTITY_FAMILIES, UNIT_FAMILIES

    for unit in (u for fam in QUANTITY_FAMILIES for u in UNIT_FAMILIES[fam] if u != "起"):
        assert money_in_text(f"共5万{unit}，") == [], unit
    assert [y for y, _, _ in money_in_text("预算10万人民币；单价10万起")] == [100000.0, 100000.0]
