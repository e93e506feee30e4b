"""The few-shot library: built from seed excerpts, validated on load, selected by similarity with diversity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.check import audit_form
from jixiao.fewshots import (
    FewShotError,
    build_examples,
    library_dir,
    load_library,
    select_examples,
    write_library,
)

FIXTURE_SEEDS = Path(__file__).parent / "fixtures" / "fewshots_seeds"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("fewshots")
    write_library(build_examples(FIXTURE_SEEDS), out)
    return out


def test_build_keeps_clean_forms_and_corrects_offending_rows(built):
    lib = load_library(built)
    assert [e.id for e in lib.examples] == ["000-00", "000-01"]
    ex = lib.by_id("000-01")
    row = next(i for i in ex.indicators if i.name == "应急避难场所点位在线率")
    assert row.target == "≥95%" and "≤95%" in row.snippet  # corrected, and the source text kept
    (c,) = ex.corrections
    assert (c.rule, c.before, c.after, c.line) == ("JX101", "≤95%", "≥95%", 40)
    assert "JX101" in c.note
    assert not [f for f in audit_form(ex.to_form()) if f.severity == "error"]


def test_examples_carry_provenance_and_a_quoted_summary(built):
    ex = load_library(built).by_id("000-00")
    assert ex.source.endswith("000_excerpt.txt") and ex.line == 3
    assert ex.project_name == "编外人员" and ex.annual_yuan == 11754000
    assert "及时足额发放劳务派遣人员工资" in ex.summary
    assert ex.snippets["年度目标"].line == 12


def test_library_files_are_readable_chinese(built):
    for p in built.glob("*.json"):
        text = p.read_text(encoding="utf-8")
        assert "\\u" not in text and "编外人员" in text


def test_tampered_example_is_refused_on_load(built, tmp_path):
    data = json.loads((built / "seed000.json").read_text(encoding="utf-8"))
    data["examples"][0]["indicators"][0]["target"] = "≥99人"  # not what the source row says
    (tmp_path / "seed000.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(FewShotError, match=r"seed000.json: 示例 000-00.*不在来源行中"):
        load_library(tmp_path)


def test_invalid_record_is_refused_on_load(tmp_path):
    (tmp_path / "bad.json").write_text('{"format": 1, "built_from": "x", "examples": [{"id": "a"}]}', encoding="utf-8")
    with pytest.raises(FewShotError, match="bad.json: 示例库格式错误"):
        load_library(tmp_path)
    with pytest.raises(FewShotError, match="没有示例库文件"):
        load_library(tmp_path / "missing")


def test_committed_library_is_valid_and_teaches_no_checker_error():
    lib = load_library(library_dir())
    assert len(lib.examples) >= 20
    for ex in lib.examples:
        errors = [f for f in audit_form(ex.to_form()) if f.severity == "error"]
        assert not errors, (ex.id, [(f.rule, f.indicator) for f in errors])


def test_selection_ranks_by_similarity_and_keeps_diversity():
    lib = load_library(library_dir())
    picked = select_examples(lib, "劳务派遣人员工资发放，保障中心正常工作", k=3)
    assert len(picked) == 3
    assert picked[0].example.project_name == "编外人员"
    assert picked[0].relevance == 1.0 and all(0 <= p.similarity <= p.relevance <= 1.0 for p in picked)
    assert len({p.example.id for p in picked}) == 3
    # MMR: with full diversity weight the second pick is not the nearest copy of the first
    assert select_examples(lib, "系统运维", k=0) == []


def test_mmr_avoids_near_copies(built):
    lib = load_library(built)
    lib.examples.append(lib.examples[0].model_copy(update={"id": "copy"}))
    lib._index = None
    relevant_only = select_examples(lib, "劳务派遣人员工资发放", k=2, diversity=0.0)
    diverse = select_examples(lib, "劳务派遣人员工资发放", k=2, diversity=0.6)
    assert {p.example.id for p in relevant_only} == {"000-00", "copy"}
    assert {p.example.id for p in diverse} == {"000-00", "000-01"} or {p.example.id for p in diverse} == {"copy", "000-01"}
