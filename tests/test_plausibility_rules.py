"""The plausibility rules (check/rules/plausibility.py): their case files run, and they stay quiet on every human form
of the corpora (the seeds, the examples, the checker eval's forms and the first-contact forms)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.check import REGISTRY, all_rules
from jixiao.check.engine import run_rules
from jixiao.check.examples import example_forms
from jixiao.check.rules import plausibility
from jixiao.parse import parse_path

all_rules()
CODES = ("JX621", "JX622", "JX731", "JX732")
REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


def fired(code: str, snippet: str) -> list[str]:
    return [f.message for form in example_forms(snippet) for f in run_rules(form, [REGISTRY[code]])]


CASES = [(code, i, case) for code in CODES for i, case in enumerate(REGISTRY[code].cases)]


@pytest.mark.parametrize("code, i, case", CASES, ids=[f"{c}-{i}" for c, i, _ in CASES])
def test_case_file(code, i, case):
    if "fail" in case:
        assert fired(code, case["fail"]), case["name"]
    else:
        assert not fired(code, case["pass"]), case["name"]


def test_every_rule_has_cases_that_fail_and_pass():
    for code in CODES:
        kinds = {k for c in REGISTRY[code].cases for k in c if k in ("fail", "pass")}
        assert kinds, code


@pytest.mark.parametrize("name, broken", [
    ("开设课程不少于数量", True), ("建设局计划对辖区内数量", True), ("课程不少于验收合格率", True),
    ("开设课程数量", False), ("对服务效果的满意度", False), ("60岁以上老人体检人数", False), ("亮灯率", False),
])
def test_broken_phrase(name, broken):
    assert (plausibility.broken_phrase(name) is not None) is broken


def corpus() -> list[Path]:
    paths = [*REPO.glob("examples/*.txt"), *REPO.glob("evals/checker/forms/*.txt"),
             *REPO.glob("evals/firstcontact/checker-2026-12/forms/*.txt"), *REPO.glob("evals/reader/*/*.txt")]
    return sorted(paths) + (sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])


def test_quiet_on_human_forms():
    """0 findings on the human forms of every corpus, but the one broken name a seed really has (“免费印章”每月达到)."""
    found = []
    for p in corpus():
        for form in parse_path(p).forms:
            if form.kind != "target":
                continue
            for f in run_rules(form, [REGISTRY[c] for c in CODES]):
                found.append((p.name, f.rule, f.indicator or f.field))
    expected = [("003_68fda9719b498a82.txt", "JX621", "“免费印章”每月达到")] if SEEDS.is_dir() else []
    assert sorted(set(found)) == expected, found


def test_no_other_character_becomes_yuan_under_nfkc():
    """JX622 normalises (NFKC) a 年度目标 only when it holds 元, which every money phrase it looks for ends in: that is
    exact only while no other character becomes 元 (or 万元, 亿元) under NFKC."""
    import sys
    import unicodedata

    assert not [hex(i) for i in range(sys.maxunicode + 1)
                if chr(i) != "元" and "元" in unicodedata.normalize("NFKC", chr(i))]
