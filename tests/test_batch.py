"""Batches (jixiao.batch, parse.pieces): a big file read in pieces gives exactly the forms reading it whole gives,
numbered across the pieces and given the budget year its forms share, and gives them out as they come; --jobs 2
writes what --jobs 1 writes, byte for byte; a piece that cannot be read alone sends the file to be read whole, or,
once parts of the file are out, is read on its own."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from typer.testing import CliRunner

from jixiao import batch
from jixiao.cli import app
from jixiao.parse import parse_path, pieces
from jixiao.render.json import audit_json, forms_json
from seeds import SEEDS

SMALL = 8192  # bytes of a piece in these tests: a seed file is cut into several
runner = CliRunner()


def seed(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip(f"seed forms not found at {SEEDS}")
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.fixture
def small_pieces(monkeypatch):
    monkeypatch.setattr(pieces, "PIECE_BYTES", SMALL)


def cli(*args: str) -> tuple[int, str]:
    res = runner.invoke(app, list(args))
    assert res.exception is None or isinstance(res.exception, SystemExit), res.output
    return res.exit_code, res.stdout


# Files of many forms: the seeds' target forms (a title line each), one after another; a department budget report
# (表1…表14, read as one form across its tables) after them or before them; self-evaluations started by 项目N: lines
BATCHES = {
    "targets": ["000", "001", "003", "000", "003"],
    "budget_last": ["000", "001", "002"],
    "budget_first": ["002", "000", "003"],
    "self_evaluations": ["004", "000"],
    # the first pieces (seed 000: its forms read 2026 themselves) guess another year than the file's (seed 003's
    # forms read 2023, and outnumber them): those pieces are read again with the file's year
    "years_disagree": ["000", "003", "003", "003", "003"],
}


def write_batch(tmp_path: Path, name: str, encoding: str = "utf-8") -> Path:
    p = tmp_path / f"{name}.txt"
    p.write_text("\n".join(seed(s).rstrip("\n") for s in BATCHES[name]) + "\n", encoding=encoding)
    return p


def test_pieces_start_at_title_lines_and_cover_the_file(tmp_path):
    p = write_batch(tmp_path, "targets")
    assert pieces.in_pieces(p, SMALL)
    found = list(pieces.cut(p, SMALL))
    data = p.read_bytes()
    assert len(found) > 5 and found[0].start == 0 and found[-1].end == len(data)
    for before, piece in zip(found, found[1:]):
        # a piece is at least the size asked for, a quarter of it in the file's last two sizes
        least = SMALL if len(data) - before.start > pieces._TAIL * SMALL else SMALL // 4
        assert before.end == piece.start and before.end - before.start >= least
        assert data[piece.start:].startswith("二级项目支出绩效目标申报表".encode())
        assert piece.first_line == data[:piece.start].count(b"\n") + 1


def test_small_or_other_files_are_read_whole(tmp_path):
    p = write_batch(tmp_path, "targets")
    assert not pieces.in_pieces(p)  # smaller than two pieces of the real size
    as_json = tmp_path / "forms.json"
    as_json.write_text(forms_json(parse_path(p).forms), encoding="utf-8")
    utf16 = tmp_path / "utf16.txt"
    utf16.write_text(p.read_text(encoding="utf-8"), encoding="utf-16")
    assert not pieces.in_pieces(as_json, SMALL) and not pieces.in_pieces(utf16, SMALL)


@pytest.mark.parametrize("name", list(BATCHES))
def test_a_file_read_in_pieces_parses_as_it_does_whole(tmp_path, small_pieces, name):
    p = write_batch(tmp_path, name)
    code, out = cli("parse", str(p))
    assert code == 0
    assert out == forms_json(parse_path(p).forms) + "\n"


def test_pieces_that_guessed_the_year_wrong_are_read_again(tmp_path, small_pieces, monkeypatch):
    p = write_batch(tmp_path, "years_disagree")
    again = []
    real = batch._run

    def counting(unit):  # noqa: ANN001, ANN202
        if unit.settled:
            again.append(unit)
        return real(unit)

    monkeypatch.setattr(batch, "_run", counting)
    forms = parse_path(p).forms
    assert {f.budget_year for f in forms if f.budget_year_source == "siblings"} == {2023}
    code, out = cli("parse", str(p))
    assert again and out == forms_json(forms) + "\n"


def test_a_file_not_utf8_is_read_whole(tmp_path, small_pieces):
    p = write_batch(tmp_path, "targets", encoding="gb18030")
    assert pieces.in_pieces(p, SMALL)  # its head looks like text: its pieces do not decode
    code, out = cli("parse", str(p))
    assert code == 0 and out == forms_json(parse_path(p).forms) + "\n"


def test_an_internal_error_in_a_piece_reads_the_file_whole(tmp_path, small_pieces, monkeypatch):
    import jixiao.parse as parse_mod

    p = write_batch(tmp_path, "targets")
    monkeypatch.setattr(parse_mod, "parse_piece", lambda *a: 1 / 0)
    code, out = cli("parse", str(p))
    assert code == 0 and out == forms_json(parse_path(p).forms) + "\n"


class _Where:
    """A job that keeps each form's project, first line and budget year."""

    def forms(self, forms):
        return [(f.project_name, f.line, f.budget_year) for f in forms], None


def _read_in_pieces(path: Path) -> list[batch.Part]:
    return list(batch.run([path], _Where(), jobs=1))


def write_own_years(tmp_path: Path) -> Path:
    """Forms that read their own budget year (a deadline, a header): no piece waits for the file's common year."""
    examples = Path(__file__).resolve().parent.parent / "examples"
    own_year = [(examples / n).read_text(encoding="utf-8").rstrip("\n")
                for n in ("futian_2023_target_form.txt", "budget_2021_target_form.txt")]
    p = tmp_path / "own_years.txt"
    p.write_text("\n".join(own_year * 12) + "\n", encoding="utf-8")
    assert all(f.budget_year_source not in (None, "siblings") for f in parse_path(p).forms)
    return p


def test_a_file_in_pieces_gives_its_parts_out_as_they_come(tmp_path, small_pieces, monkeypatch):
    p = write_own_years(tmp_path)
    ran = []
    real = batch._run
    monkeypatch.setattr(batch, "_run", lambda unit: ran.append(unit) or real(unit))
    parts = batch.run([p], _Where(), jobs=1)  # one process: a unit is read when its result is asked for
    first = next(parts)
    assert len(ran) == 1 and first.first == 0 and first.items  # out before the file's next piece was read
    rest = list(parts)
    assert len(ran) == len(list(pieces.cut(p, SMALL))) == 1 + len(rest)
    assert [x for part in [first, *rest] for x in part.items] == _Where().forms(parse_path(p).forms)[0]
    assert [part.first for part in rest] == list(itertools.accumulate(len(part.items) for part in [first, *rest[:-1]]))


def test_an_internal_error_in_a_later_piece_loses_that_piece_only(tmp_path, small_pieces, monkeypatch):
    import jixiao.parse as parse_mod

    p = write_own_years(tmp_path)
    cut = list(pieces.cut(p, SMALL))
    bad = cut[2]
    real = parse_mod.parse_piece

    def failing(text, source, first_line, issues=None):
        if first_line == bad.first_line:
            raise ZeroDivisionError("piece")
        return real(text, source, first_line, issues)

    monkeypatch.setattr(parse_mod, "parse_piece", failing)
    parts = _read_in_pieces(p)
    errors = [e for part in parts for e in part.errors]
    assert len(errors) == 1 and errors[0]["internal"] and errors[0]["line"] == bad.first_line
    assert "内部错误" in errors[0]["message"]
    bad_end = cut[3].first_line
    kept = _Where().forms([f for f in parse_path(p).forms if not bad.first_line <= f.line < bad_end])[0]
    assert [x for part in parts for x in part.items] == kept
    assert len(kept) < len(parse_path(p).forms)


def test_a_later_piece_that_is_no_text_is_reported_at_its_line(tmp_path, small_pieces):
    p = write_own_years(tmp_path)
    data = p.read_bytes()
    cut = list(pieces.cut(p, SMALL))
    at = data.index(b"\n", cut[3].start + 100) + 1  # a line inside the fourth piece
    p.write_bytes(data[:at] + b"\xff\xfe\xff" + data[at:])  # neither UTF-8 nor GB18030
    line = data[:at].count(b"\n") + 1
    assert parse_path(p).errors and not parse_path(p).forms  # read whole, the file gives no form at all
    parts = _read_in_pieces(p)
    errors = [e for part in parts for e in part.errors]
    assert len(errors) == 1 and errors[0]["line"] == line and "无法识别文件编码" in errors[0]["message"]
    assert not errors[0].get("internal")
    good = p.with_name("good.txt")
    good.write_bytes(data)
    kept = _Where().forms([f for f in parse_path(good).forms if not cut[3].first_line <= f.line < cut[4].first_line])[0]
    assert [x for part in parts for x in part.items] == kept


def test_a_file_cut_inside_its_last_character_reads_as_it_does_whole(tmp_path, small_pieces):
    p = write_own_years(tmp_path)
    p.write_bytes(p.read_bytes().rstrip(b"\n") + "。".encode()[:2])  # a download broken off mid-character
    whole = parse_path(p).forms
    assert any(i.kind == "unreadable_value" for i in whole[-1].read_issues)
    code, out = cli("parse", str(p))
    assert code == 0 and out == forms_json(whole) + "\n"


def test_audit_in_pieces_writes_the_report_of_the_whole_file(tmp_path, small_pieces):
    from jixiao.check import audit_form

    p = write_batch(tmp_path, "years_disagree")
    code, out = cli("audit", str(p), "-f", "json", "--fail-on", "never")
    results = [(f, audit_form(f)) for f in parse_path(p).forms]
    assert code == 0 and out == audit_json(results) + "\n"
    report = json.loads(out)
    assert [f["index"] for f in report["forms"]] == list(range(len(results)))


def test_the_text_report_in_pieces_is_the_report_of_the_whole_file(tmp_path, small_pieces):
    from jixiao.check import audit_form
    from jixiao.render.text import audit_text

    p = write_batch(tmp_path, "years_disagree")
    out = tmp_path / "report.txt"
    code, _ = cli("audit", str(p), "-o", str(out), "--fail-on", "never", "--show-clean")
    results = [(f, audit_form(f)) for f in parse_path(p).forms]
    assert code == 0 and out.read_text(encoding="utf-8") == audit_text(results, show_clean=True)


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_two_processes_write_what_one_writes(tmp_path, small_pieces, fmt):
    files = [write_batch(tmp_path, "targets"), write_batch(tmp_path, "years_disagree"),
             write_batch(tmp_path, "budget_last")]
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"report-{jobs}.{fmt}"
        code, _ = cli("audit", *map(str, files), "-f", fmt, "-o", str(out), "--jobs", jobs)
        assert code == 1
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and len(outputs[0]) > 10_000


def test_jobs_must_be_positive(tmp_path):
    res = runner.invoke(app, ["audit", "x.txt", "--jobs", "0"])
    assert res.exit_code == 2 and "不是正整数" in res.stderr


def test_the_json_report_has_a_form_on_each_line(tmp_path):
    p = tmp_path / "two.txt"
    p.write_text(seed("003"), encoding="utf-8")
    code, out = cli("audit", str(p), "-f", "json", "--fail-on", "never")
    lines = out.splitlines()
    assert lines[0] == '{"forms": [' and lines[-2] == "]," and lines[-1].startswith('"summary": {')
    assert [json.loads(line.rstrip(","))["index"] for line in lines[1:-2]] == list(range(9))


def test_a_report_piped_into_a_reader_that_stops_early_ends_quietly(tmp_path):
    """`jixiao audit … | head`: the reader closes the pipe; the run stops with exit 2 (an output it cannot write), no
    internal error and no traceback."""
    import subprocess
    import sys

    p = tmp_path / "batch.txt"
    p.write_text("\n".join([seed("000"), seed("001")] * 3), encoding="utf-8")
    code = "import sys; from jixiao.cli import main; sys.argv[0] = 'jixiao'; main()"
    for args in (["audit", str(p), "-f", "json"], ["parse", str(p)], ["audit", str(p)]):
        proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None and proc.stdout.read(100)
        proc.stdout.close()  # as `head -c 100` does
        err = proc.stderr.read().decode() if proc.stderr else ""
        assert proc.wait(timeout=120) == 2, err
        assert "内部错误" not in err and "Traceback" not in err and "Broken pipe" not in err


def _budget_table_in_plain(buf: bytes, end: int) -> bool:
    """The plain definition: some line that starts before `end` and holds a 表 before `end` is 表N alone."""
    from jixiao.parse.forms import BUDGET_TABLE_START

    start = 0
    for line in buf.split(b"\n"):
        stop = start + len(line)
        at = line.find("表".encode())
        if 0 <= at and start + at + 3 <= end and BUDGET_TABLE_START.match(
                "\t".join(line.decode("utf-8", errors="replace").rstrip("\r").split("\t"))):
            return True
        start = stop + 1
    return False


# Lines dense in budget table starts and near misses: whitespace of every width before 表, titles ending in 表, digits
_LINE_PARTS = ["表", "表 14", "表3", "\u3000", "\xa0", " ", "\t", "\r", "14", "１２", "申报表", "绩效", "项目", "\ufffd",
               "\u2003表2"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_LINE_PARTS), max_size=5).map("".join), max_size=8),
       st.integers(min_value=0, max_value=120), st.booleans())
def test_budget_table_check_answers_as_its_plain_definition(lines, end, broken):
    buf = "\n".join(lines).encode()
    if broken and buf:  # bytes that are not UTF-8: a piece cut inside a character
        buf = buf[:len(buf) // 2] + b"\xe8" + buf[len(buf) // 2:]
    end = min(end, len(buf))
    assert pieces._budget_table_in(buf, end) == _budget_table_in_plain(buf, end)


def test_no_whitespace_character_lies_above_the_ones_the_cutter_knows():
    # pieces._SPACE_ENDS is computed from the characters up to U+3000: after a whitespace character above it (a future
    # Unicode version), a budget table start would go unseen and the file be cut inside its budget report
    import sys

    assert max(c for c in range(sys.maxunicode + 1) if chr(c).isspace()) <= 0x3000


# --jobs at its default: a large batch by its work, not its bytes

def _sized(path: Path, size: int) -> Path:
    path.write_bytes(b"x" * size)
    return path


def test_a_batch_is_large_by_its_work_not_its_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "cores", lambda: 4)
    n = 300
    share = batch.LARGE_BATCH_BYTES // n // 2  # together half a large batch's bytes
    texts = [_sized(tmp_path / f"f{i}.txt", share) for i in range(n)]
    excel = [_sized(tmp_path / f"f{i}.xlsx", share) for i in range(n)]
    pdfs = [_sized(tmp_path / f"f{i}.pdf", batch.LARGE_BATCH_BYTES // 30) for i in range(3)]  # a tenth of its bytes
    assert batch.default_jobs(texts) == 1
    assert batch.default_jobs(excel) == 4  # Excel files cost more than twice their bytes of text to read
    assert batch.default_jobs(pdfs) == 3  # no more processes than files
    assert batch.default_jobs(pdfs[:1]) == 1


def test_a_large_text_file_read_in_pieces_gets_every_core(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "cores", lambda: 2)
    big = tmp_path / "big.txt"
    big.write_text(seed("000") * (batch.LARGE_BATCH_BYTES // len(seed("000").encode()) + 1), encoding="utf-8")
    assert pieces.in_pieces(big)
    assert batch.default_jobs([big]) == 2
    assert batch.default_jobs([_sized(tmp_path / "big.xlsx", batch.LARGE_BATCH_BYTES)]) == 1  # one unit


def test_what_is_not_a_regular_file_is_no_work(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert batch.work(fifo) == 0  # looked at, never opened: opening a FIFO would wait for a writer
    assert batch.work(tmp_path / "missing.xlsx") == 0
    assert batch.work(_sized(tmp_path / "a.XLSX", 10)) == 10 * batch.WORK_PER_BYTE[".xlsx"]
