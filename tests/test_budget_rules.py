"""Budget-table rules (JX9xx): documented examples, the clean seed excerpt, planted errors."""

from collections import Counter
from pathlib import Path

import pytest

from jixiao.check.engine import all_rules, run_rules
from jixiao.parse import parse_path, parse_text
from seeds import seed

FIXTURES = Path(__file__).parent / "fixtures"
RULES = [r for r in all_rules() if r.code.startswith("JX9")]


def codes(path) -> Counter:
    out: Counter = Counter()
    for f in parse_path(path).forms:
        out.update(x.rule for x in run_rules(f, RULES))
    return out


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.code)
def test_examples(r):
    assert r.category == "amount_inconsistency" and r.kinds == ("budget_report",) and "勾稽关系" in r.doc
    bad = parse_text(r.bad, "<example>").forms
    good = parse_text(r.good, "<example>").forms
    assert len(bad) == len(good) == 1
    assert run_rules(bad[0], [r])
    assert run_rules(good[0], [r]) == []


def test_clean_excerpt_and_seed_have_no_findings():
    assert codes(FIXTURES / "budget_002_excerpt.txt") == Counter()
    assert codes(seed("002")) == Counter()


def test_planted_errors():
    found = []
    for f in parse_path(FIXTURES / "budget_errors.txt").forms:
        found += [(x.rule, x.line) for x in run_rules(f, RULES)]
    assert sorted(found) == [
        ("JX901", 12),  # 20103 2,479.70 ≠ 行政运行 350.70 + 2,139.00
        ("JX902", 30),  # 本年收入合计 2,718.03 ≠ 2,708.03
        ("JX903", 32),  # 收入总计 2,718.03 ≠ 支出总计 2,708.03
        ("JX904", 58),  # 表3 项目支出 2,036.23 ≠ 表5 2,063.23
    ]
