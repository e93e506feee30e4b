"""The bundled examples (examples/) are whole seed forms, copied byte for byte from the lines examples/README.md
names, so the demo audits real forms and nothing the cutting made up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.parse import parse_path
from jixiao.parse.target import header_label
from seeds import SEEDS

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
# | `file` | `seed file`: 1–25, 405–431 | …
_ROW = re.compile(r"^\| `(?P<file>[^`]+)` \| `(?P<seed>[^`]+)`: (?P<ranges>[\d–, ]+) \|", re.M)


def provenance() -> list[tuple[str, str, list[tuple[int, int]]]]:
    out = []
    for m in _ROW.finditer((EXAMPLES / "README.md").read_text(encoding="utf-8")):
        ranges = [tuple(int(x) for x in r.strip().split("–")) for r in m.group("ranges").split(",")]
        out.append((m.group("file"), m.group("seed"), ranges))  # type: ignore[arg-type]
    return out


def test_every_example_file_has_its_provenance():
    named = {f for f, _, _ in provenance()}
    assert named == {p.name for p in EXAMPLES.glob("*.txt")}


@pytest.mark.parametrize("name, seed, ranges", provenance(), ids=lambda x: x if isinstance(x, str) else "")
def test_example_is_the_seed_lines_it_names(name, seed, ranges):
    if not (SEEDS / seed).is_file():
        pytest.skip(f"seed {seed} not found in {SEEDS}")
    lines = (SEEDS / seed).read_bytes().split(b"\n")
    want = b"".join(b"\n".join(lines[a - 1:b]) + b"\n" for a, b in ranges)
    assert (EXAMPLES / name).read_bytes() == want


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_every_example_form_is_whole(path):
    """Each form starts at its title and has its header: a form cut in the middle would be read as rows of the
    form before it (issue 22: ~15 false findings in the demo)."""
    result = parse_path(path)
    assert not result.errors and result.forms
    text = path.read_text(encoding="utf-8").split("\n")
    for form in result.forms:
        assert form.project_name, f"{path.name}:{form.line}: no 项目名称"
        assert "申报表" in text[form.line - 1], f"{path.name}:{form.line}: the form does not start at its title"
        assert form.indicators, f"{path.name}:{form.line}: no indicator rows"
        # a header block read as indicator rows (政策依据:, 测算依据: … under 满意度) means a form was cut
        assert not [i.name for i in form.indicators if i.level1 != "投入" and header_label(i.name)[0]], f"{path.name}:{form.line}"
    titles = sum("绩效目标申报表" in line for line in text)
    assert titles == len(result.forms)
