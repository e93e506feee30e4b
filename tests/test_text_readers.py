"""The fast readers of text (jixiao.scan: cells, labels, organisation names, rates, guarded patterns) against their
plain definitions, on generated texts dense in matches and near misses; and the guards computed from the patterns."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from jixiao import scan, values, vocab
from jixiao.parse import budget, columns, target
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


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab 1\t\u3000\xa0\n\r中") + ["<p>", "</p>", "<br/>", "<5%", "<b>"]),
                max_size=30).map("".join))
def test_clean_cell_is_its_plain_definition(text):
    assert clean_cell(text) == scan.clean_cell_plain(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("政策依据其中项目 ab\t<p>") + [":", "：", " ", "\u3000", "<p>", "其中："]),
                min_size=1, max_size=45).map("".join))
def test_starts_with_label_is_the_inline_label_pattern(cell):
    assert scan.starts_with_label(cell) == (scan.INLINE_LABEL.match(cell) is not None)


# The patterns the readers run guarded, and characters that make their matches and near misses
_GUARDED = {
    "operand": (values._OPERAND, "1万元*×✕/+＋~～xX-—至到 \n"),
    "total": (values._TOTAL, "合计共总小需金额费用为是约大≈:： 元"),
    "result": (values._RESULT, "计共即=＝合总设为是约≈:： 元"),
    "per_unit": (values._PER_UNIT, "每单价个台套次位格均平亩人户标准为是:： "),
    "approx": (values._APPROX, "约≈大左右:： 元"),
    "after": (values._AFTER, "*×✕xX12.5个月%％‰=＝/+＋-~～—至到左右 \n\t\u3000"),
    "stop": (budget._STOP, "年度绩效指标预算项目支出申报表 \t"),
    "unit_name": (budget._UNIT_NAME, "单位名称部门（）:：万元 \t"),
    "unit": (budget._UNIT, "单位:：万元千亿 \t"),
    "satisfaction": (vocab.SATISFACTION_NAME, "满意度率程好评服务对象 "),
    "template": (vocab.TEMPLATE_PLACEHOLDER, "*×Xx人≥(（)）名称 "),
    "bracket": (target._PAREN, "(（)）万元金额 "),
    "subtotal": (target._SUBTOTAL_PREFIX, "其中:：财政拨款 \u3000"),
    "label_value": (target._LABEL_VALUE, "项目名称:：其中（万元） \u3000"),
}


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(_GUARDED)), st.data())
def test_a_guarded_pattern_answers_as_the_pattern(name, data):
    guarded, alphabet = _GUARDED[name]
    text = data.draw(st.text(alphabet=st.sampled_from(list(alphabet)), max_size=24))
    found, got = guarded.pattern.search(text), guarded.search(text)
    assert (got.span() if got else None) == (found.span() if found else None)
    assert guarded.sub("", text) == guarded.pattern.sub("", text)
    for pos in range(len(text) + 1):
        m = guarded.pattern.match(text, pos)
        g = guarded.match(text, pos)
        if m is None or m.end() == pos:  # no match, or an empty one: the guard may skip it
            assert g is None or g.span() == m.span()
        else:
            assert g is not None and g.span() == m.span()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("合计共总小单价均每标准约左右")), min_size=1, max_size=4),
                min_size=1, max_size=6))
def test_a_word_added_to_a_pattern_is_in_its_guard(words):
    """Every word of an alternation holds a character of the pattern's guard, and of hitting_chars of the words: a
    word added to a pattern of the vocabulary is never skipped by its guard."""
    needs = scan.required_chars(re.compile("(" + "|".join(map(re.escape, words)) + r")\s*$"))
    hits = scan.hitting_chars(words)
    assert needs is not None
    for w in words:
        assert not needs.isdisjoint(w) and not hits.isdisjoint(w)


def test_guards_are_computed_from_the_vocabulary():
    assert scan.required_chars(vocab.MONEY_TOTAL_BEFORE) == frozenset("计共")
    assert not values._TOTAL.needs.isdisjoint("累计") and values._TOTAL.needs.isdisjoint("金额")
    # the headings of a table's name and key columns each hold a character of the header test
    for heading, role in vocab.TABLE_COLUMNS.items():
        if role in ("name", *vocab.TABLE_KEY_ROLES):
            assert not columns._HEADER_CHARS.isdisjoint(heading), heading
    # whitespace of any kind may start what follows an amount (a 测算依据 continued on a new line: …1万元\n×12)
    assert all(c in values._AFTER.starts for c in "\n \u3000×左") and "元" not in values._AFTER.starts


# Characters a guard may test for, and characters a regex class treats specially (escaped by AnyChar)
_CHAR_ALPHABET = list("合计共每单价均约率满意度-]^\\[.*+ \t\n\u3000０9") + ["𠀀"]


@settings(max_examples=400, deadline=None)
@given(st.sets(st.sampled_from(_CHAR_ALPHABET + list("项目经费测算依据年度目标满意率")), max_size=len(_CHAR_ALPHABET) + 15),
       st.lists(st.sampled_from(_CHAR_ALPHABET + list("金额项目费")), max_size=60).map("".join))
def test_any_char_answers_as_frozenset_isdisjoint(chars, text):
    # a few characters are looked for one by one, more in one regex class (scan._FEW): both ways are drawn
    assert scan.AnyChar(chars).isdisjoint(text) == frozenset(chars).isdisjoint(text)


def test_any_char_reads_both_ways_and_takes_single_characters_only():
    few, many = scan.AnyChar("合计"), scan.AnyChar(_CHAR_ALPHABET)
    assert few._few is not None and few._search is None
    assert many._few is None and many._search is not None and len(_CHAR_ALPHABET) > scan._FEW
    assert not few.isdisjoint("项目合") and few.isdisjoint("项目费") and not many.isdisjoint("x𠀀")
    with pytest.raises(ValueError):
        scan.AnyChar(["合计"])


def _reads_as_value_plain(text):
    """parse.target._reads_as_value without its test for a numeral: the target reading itself."""
    from jixiao.parse import target

    t = values.parse_target(text)
    return t.kind in target._VALUE_KINDS and (t.value is not None or t.deadline is not None) and (
        not t.unit or vocab.unit_family(t.unit) is not None)


# Digits of every width and script NFKC folds (full-width, circled, Kangxi radicals of numerals), Chinese numerals,
# dates, units and the words of names
_VALUE_ALPHABET = (list("0123456789０９①⑳⒈²一二三十百千两半年月日底前内后起个人次%％≥≤-~至.，服务满意度率数量天小时")
                   + ["\u2f00", "\u2f06", "\u2f17", "2026年", "12月31日", "30日内", "不少于"])


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_VALUE_ALPHABET), max_size=12).map("".join))
def test_reads_as_value_answers_as_the_target_reading(text):
    from jixiao.parse import target

    assert target._reads_as_value.__wrapped__(text) == _reads_as_value_plain(text)


# Explanations with and without a formula: = and ＝, the division signs, the count words a fraction opens with
_FORMULA_ALPHABET = list("=＝/／÷ 。，,;；\u3000正常运行次数量人总使用故障率") + ["数量", "次数", "人数", "计算公式", "数/", "额 ÷"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_FORMULA_ALPHABET), max_size=30).map("".join))
def test_formula_is_found_as_the_pattern_searches(expl):
    from jixiao.check.rules import text as text_rules

    found, got = text_rules._FORMULA.search(expl), text_rules._formula(expl)
    assert (got.span() if got else None) == (found.span() if found else None)


# Amounts and near misses: digits of two widths, commas and points, spaces, money units and their first characters,
# a price's endings, a 万 that counts things, and words
_MONEY_ALPHABET = (list("0123456789９,.，。 \u3000元万亿千/／（(）)人月每项共计合约") + ["万元", "亿元", "千元", "万平方米", "万人次",
                   "1.5", "12,000", "元/月", "（人/月）"])


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_MONEY_ALPHABET), max_size=40).map("".join))
def test_money_is_found_as_the_pattern_finds_it(text):
    assert [(m.span(), m.groupdict()) for m in values._MONEY_NUMBERS.finditer(text)] == [
        (m.span(), m.groupdict()) for m in values._MONEY_IN_TEXT.finditer(text)]


def test_numbers_before_a_unit_in_real_sentences():
    text = "按照68名劳派人员测算薪级工资1,155万元，以及劳务派遣工会经费20.40万元；单价 5万元/月，共1.2.3 元，12 34元。"
    found = [m.group() for m in values._MONEY_NUMBERS.finditer(text)]
    assert found == [m.group() for m in values._MONEY_IN_TEXT.finditer(text)]
    assert found == ["1,155万元", "20.40万元", "5万元/月", "2.3 元", "34元"]


# The name patterns of the vocabulary (kinds, polarity), guarded: names drawn from their own characters and others
_NAME_PATTERNS = [g for g, _ in vocab._KIND_RE + vocab._POLARITY_RE]
_NAME_ALPHABET = sorted({c for g in _NAME_PATTERNS for c in g.pattern.pattern if "\u4e00" <= c <= "\u9fff"}) + list("项目工资 ")


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_NAME_ALPHABET), max_size=12).map("".join))
def test_guarded_name_patterns_answer_as_the_patterns(name):
    for g in _NAME_PATTERNS:
        found, got = g.pattern.search(name), g.search(name)
        assert (got.span() if got else None) == (found.span() if found else None)
