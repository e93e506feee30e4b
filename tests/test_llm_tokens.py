"""Token counting: tiktoken when it loads, cl100k_base as stand-in, else the documented estimate."""

from __future__ import annotations

from jixiao.tokens import estimate_tokens, token_counter


def test_estimate_counts_cjk_per_character():
    assert estimate_tokens("") == 0
    assert estimate_tokens("采购设备") == 4
    assert estimate_tokens("采购10台设备，≥95%") == 6 + 2  # 6 CJK (， included) + ceil(len("10≥95%") / 4)


def test_estimate_when_tiktoken_cannot_load(no_tiktoken):
    c = token_counter("gpt-4o-mini")
    assert c.is_estimate and c.method == "estimate" and "估算" in c.label
    assert c.count("采购设备") == 4


def test_cl100k_stand_in_for_a_model_whose_encoding_is_missing(tiktoken_cl100k):
    c = token_counter("gpt-4o-mini")  # o200k_base: not available offline
    assert c.method == "tiktoken:cl100k_base (stand-in)" and "代用" in c.label
    n = c.count("按照68名劳派人员测算薪级工资1,155万元")
    assert 10 < n < 40
    assert c.count_messages([{"role": "user", "content": "你好"}]) == c.count("你好") + 4 + 3


def test_cl100k_is_the_encoding_of_gpt4(tiktoken_cl100k):
    c = token_counter("gpt-4")
    assert c.method == "tiktoken:cl100k_base" and not c.is_estimate
