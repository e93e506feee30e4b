"""Self-evaluation rules (JX8xx): documented examples, clean forms without findings, planted errors found."""

from collections import Counter
from pathlib import Path

import pytest

from jixiao.check.engine import all_rules, run_rules
from jixiao.parse import parse_path, parse_text
from seeds import seed

FIXTURES = Path(__file__).parent / "fixtures"
RULES = [r for r in all_rules() if r.code.startswith("JX8")]


def audit(path) -> list[tuple[str, str, int | None]]:
    out = []
    for f in parse_path(path).forms:
        out += [(f.title, x.rule, x.line) for x in run_rules(f, RULES)]
    return out


def test_catalogue():
    assert [r.code for r in RULES] == [f"JX8{i:02d}" for i in range(1, 28)]
    for r in RULES:
        assert r.category in ("score_inconsistency", "impossible_value", "unit_mismatch", "amount_inconsistency",
                              "missing_required", "count_inconsistency", "text_inconsistency", "vague_value",
                              "date_inconsistency")
        assert r.kinds == ("self_evaluation",) and r.title
        assert "（财预〔2020〕10号）" in r.doc or "（财预〔2021〕101号）" in r.doc


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.code)
def test_examples(r):
    bad = parse_text(r.bad, "<example>").forms
    good = parse_text(r.good, "<example>").forms
    assert len(bad) == len(good) == 1 and not bad[0].unreadable and not good[0].unreadable
    hits = run_rules(bad[0], [r])
    assert hits and all(h.message and h.suggestion for h in hits)
    assert run_rules(good[0], [r]) == []


def test_clean_forms_have_no_findings():
    assert audit(FIXTURES / "selfeval_clean.txt") == []


def test_planted_errors_found():
    found = Counter((t, code) for t, code, _ in audit(FIXTURES / "selfeval_errors.txt"))
    assert found == Counter({
        ("项目1", "JX801"): 1,  # 执行率 0.95 printed for 0.913
        ("项目2", "JX802"): 1,  # 资金得分 10 with 执行率 0.96
        ("项目2", "JX803"): 1,  # 总分 96.48 ≠ 96.88
        ("项目3", "JX807"): 1,  # 24 of ≥30 windows, full marks
        # … and no 偏差原因: JX807's own suggestion asks for it (one mistake, one finding), so no JX810 here
        ("项目3", "JX804"): 1,  # 差错率 scored 12 of 10
        ("项目3", "JX805"): 1,  # 效益 rows add up to 45, printed (40分)
        ("项目3", "JX806"): 1,  # 总分值 105 (满意度 15 inside the printed 效益(40分) is the form's own weighting)
        # rate 1.00 printed for nothing spent, in the total and in its one source, which repeats the total's figures:
        # one mistake, one finding
        ("项目4", "JX801"): 1,
        ("项目4", "JX808"): 2,  # money score and full marks with nothing spent
        ("项目5", "JX809"): 1,  # 12.5 × 9/12 = 9.38, printed 6
        ("项目5", "JX810"): 1,  # points lost, 偏差原因 无
    })


def test_unreadable_inputs_skip_checks():
    """A total with an unreadable score is not recomputed; the parser listed it instead."""
    text = (FIXTURES / "selfeval_clean.txt").read_text(encoding="utf-8").replace(
        "12.5\t12.5\t无\n\t\t质量指标", "12.5\t民生诉求\t无\n\t\t质量指标", 1)
    form = parse_text(text, "x.txt").forms[0]
    assert form.indicators[0].score is None and form.unreadable
    assert run_rules(form, RULES) == []


def test_seed_004_findings():
    found = Counter()
    for f in parse_path(seed("004")).forms:
        found.update((f.title, x.rule) for x in run_rules(f, RULES))
    assert found[("项目1", "JX807")] == 1  # 10次 planned, 4次 done, 12.5 of 12.5
    assert found[("项目17", "JX807")] == 1  # cost ≤20万元, printed actual 194943.48万元
    for title in ("项目15", "项目34", "项目36", "项目40", "项目42"):
        assert found[(title, "JX808")] >= 1  # nothing spent, execution score 10
    assert found[("项目10", "JX807")] == 0  # spending under a cost target is not a miss
    assert sum(v for (t, code), v in found.items() if code == "JX803") == 0
