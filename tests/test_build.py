"""The two builds: a wheel compiles the hot modules with mypyc (setup.py), an editable install stays pure Python.
The whole suite runs on both (`make test`, `make test-compiled`); these tests check what differs between them."""

from __future__ import annotations

import ast
import inspect
import os
from pathlib import Path

import jixiao
from jixiao.check import all_rules
from jixiao.check.rule import _one_line, _source_docstrings
from jixiao.fewshots import RESOURCES_ROOT, library_dir

REPO = Path(__file__).resolve().parents[1]


def compiled_by_setup() -> set[str]:
    """The module names setup.py's COMPILED list gives (read from setup.py, which cannot be imported: it builds)."""
    tree = ast.parse((REPO / "setup.py").read_text(encoding="utf-8"))
    paths = next(ast.literal_eval(node.value) for node in tree.body
                 if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "COMPILED")
    names = set()
    for p in paths:
        parts = Path(p).with_suffix("").parts[1:]  # src/jixiao/parse/__init__.py -> jixiao.parse
        names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_compiled_modules_are_the_ones_setup_compiles():
    compiled = set(jixiao.compiled_modules())
    assert compiled <= compiled_by_setup()
    if os.environ.get("JIXIAO_EXPECT_COMPILED") == "1":  # `make test-compiled`: none may have fallen back to .py
        assert compiled == compiled_by_setup()


def test_rule_docs_survive_compilation():
    """Compiled functions keep no docstring: Rule.doc then reads it from the module's source, the same text."""
    docs = _source_docstrings("jixiao.check.rules.amounts")
    assert docs["basis_items_total"].startswith("原理：测算依据逐项列出金额、再写出合计")
    for r in all_rules():
        source_doc = inspect.cleandoc(_source_docstrings(r.func.__module__)[r.name])
        assert "".join(r.doc.split()) == "".join(source_doc.split()) and len(r.doc) > 40, r.code
        # a paragraph is one line: the source's breaks fall mid-sentence; words of Latin letters keep their space
        assert r.doc.count("\n\n") == source_doc.count("\n\n") and "\n" not in r.doc.replace("\n\n", ""), r.code
    assert _one_line(["原理：同一句话写在", "三条指标上。"]) == "原理：同一句话写在三条指标上。"
    assert _one_line(["用 `--select", "JX603` 启用"]) == "用 `--select JX603` 启用"


def test_prompts_and_fewshots_found_in_either_build():
    """A checkout reads the repository's prompts/ and fewshots/; a wheel its bundled copy of them."""
    assert (RESOURCES_ROOT / "prompts" / "draft_system.j2").is_file()
    assert sorted(p.name for p in library_dir().glob("*.json")) == sorted(p.name for p in (REPO / "fewshots").glob("*.json"))
    if RESOURCES_ROOT != REPO:  # the bundled copy is the repository's, file for file
        for folder in ("prompts", "fewshots"):
            for p in (REPO / folder).rglob("*"):
                if p.is_file():
                    assert (RESOURCES_ROOT / p.relative_to(REPO)).read_bytes() == p.read_bytes(), p
