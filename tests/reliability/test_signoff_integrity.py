"""Nothing signed unread, nothing signed lost: a sign-off covers the file's bytes, refuses a form the reader doubts,
and the ledger detects truncation and replacement instead of starting over."""

from __future__ import annotations

import multiprocessing
import shutil
import sqlite3
from pathlib import Path

import pytest
from reliability_helpers import run_cli

from jixiao.signoff import Ledger, LedgerError, review_file, sign

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
STAFF = "review_000_staff.txt"  # warnings only: signs without waivers


@pytest.fixture
def work(tmp_path, monkeypatch):
    shutil.copy(FIXTURES / STAFF, tmp_path / STAFF)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def signoff(*args: str):  # noqa: ANN202
    return run_cli("signoff", *args).no_traceback()


def _sign_n(work: Path, n: int, ledger: str = "l.sqlite") -> None:
    for i in range(n):
        assert signoff(STAFF, "-r", f"审核人{i}", "--ledger", ledger).code == 0


# ---------------------------------------------------------------------------------------------------------
# The ledger
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["sign", "verify", "list"])
def test_zero_byte_ledger_is_an_error_not_an_empty_ledger(work, mode):
    (work / "l.sqlite").write_bytes(b"")
    args = {"sign": [STAFF, "-r", "李四"], "verify": ["--verify", STAFF], "list": ["--list"]}[mode]
    res = signoff(*args, "--ledger", "l.sqlite")
    assert res.code == 2
    assert "l.sqlite: 签核台账是空文件（0 字节），可能已被截断或清空；请从备份恢复" in res.err
    assert (work / "l.sqlite").stat().st_size == 0  # not turned into a new ledger


def test_new_ledger_has_a_head_and_numbering_continues(work):
    _sign_n(work, 3)
    head = Ledger(work / "l.sqlite").head()
    assert head is not None and head.records == 3 and len(head.chain) == 64
    res = signoff("--list", "--ledger", "l.sqlite")
    assert res.code == 0 and "共 3 条" in res.out and head.chain[:16] in res.out
    res = signoff(STAFF, "-r", "王五", "--ledger", "l.sqlite")
    assert "记录号 4" in res.out and "台账共 4 条" in res.out


def _delete_last(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM signoffs WHERE id = (SELECT MAX(id) FROM signoffs)")


@pytest.mark.parametrize("mode", ["sign", "verify", "list"])
def test_truncated_ledger_is_detected(work, mode):
    _sign_n(work, 3)
    _delete_last(work / "l.sqlite")
    args = {"sign": [STAFF, "-r", "李四"], "verify": ["--verify", STAFF], "list": ["--list"]}[mode]
    res = signoff(*args, "--ledger", "l.sqlite")
    assert res.code == 2 and "签核台账已被截断：台账头记载 3 条签核，实际只有 2 条" in res.err
    with sqlite3.connect(work / "l.sqlite") as conn:
        assert conn.execute("SELECT COUNT(*) FROM signoffs").fetchone()[0] == 2  # nothing appended


def test_edited_record_is_detected(work):
    _sign_n(work, 2)
    with sqlite3.connect(work / "l.sqlite") as conn:
        conn.execute("UPDATE signoffs SET reviewer = '别人' WHERE id = 1")
    res = signoff("--list", "--ledger", "l.sqlite")
    assert res.code == 2 and "签核台账第 1 条记录（记录号 1）与链式哈希不符" in res.err


def test_removed_head_and_foreign_database_are_detected(work):
    _sign_n(work, 1)
    with sqlite3.connect(work / "l.sqlite") as conn:
        conn.execute("DELETE FROM ledger_head")
    res = signoff(STAFF, "-r", "李四", "--ledger", "l.sqlite")
    assert res.code == 2 and "台账头已被删除" in res.err
    other = work / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (x TEXT)")
    res = signoff(STAFF, "-r", "李四", "--ledger", "other.sqlite")
    assert res.code == 2 and "不是 jixiao 签核台账" in res.err


def test_ledger_replaced_by_a_fresh_database(work):
    """The ledger's file replaced by a new SQLite database (as a tool or a careless copy would make it)."""
    _sign_n(work, 2)
    (work / "l.sqlite").unlink()
    conn = sqlite3.connect(work / "l.sqlite")
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    for args in (["--verify", STAFF], [STAFF, "-r", "李四"]):
        res = signoff(*args, "--ledger", "l.sqlite")
        assert res.code == 2 and "不是 jixiao 签核台账（没有台账头和签核记录表），可能已被替换" in res.err


def test_version_1_ledger_is_upgraded_and_kept(work):
    """A ledger written before the header existed: its records are chained as they are, numbering continues."""
    path = work / "old.sqlite"
    _sign_n(work, 2, "old.sqlite")
    with sqlite3.connect(path) as conn:  # back to what version 1 wrote
        conn.execute("DROP TABLE ledger_head")
        conn.execute("UPDATE signoffs SET chain = NULL")
    assert [r.reviewer for r in Ledger(path).records()] == ["审核人0", "审核人1"]
    res = signoff(STAFF, "-r", "王五", "--ledger", "old.sqlite")
    assert res.code == 0 and "记录号 3" in res.out
    head = Ledger(path).head()
    assert head is not None and head.records == 3


def _sign_in_process(path: str, ledger: str, reviewer: str, barrier, rounds: int) -> None:  # noqa: ANN001
    review = review_file(path)
    barrier.wait()
    for _ in range(rounds):
        sign(review, reviewer, Ledger(ledger))


def test_eight_reviewers_twenty_times_at_once(work):
    """8 processes × 20 sign-offs on a ledger none of them has created yet: 160 records, one header, one chain."""
    ctx = multiprocessing.get_context("spawn")
    ledger = work / "shared.sqlite"
    barrier = ctx.Barrier(8)
    procs = [ctx.Process(target=_sign_in_process, args=(str(work / STAFF), str(ledger), f"审核人{i}", barrier, 20))
             for i in range(8)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(240)
    assert [p.exitcode for p in procs] == [0] * 8
    book = Ledger(ledger)
    records = book.records()
    assert len(records) == 160 and sorted(r.id for r in records) == list(range(1, 161))
    head = book.head()
    assert head is not None and head.records == 160 and book.integrity() == "ok"
    assert not [p for p in work.iterdir() if p.name.endswith(".new")]  # creation temp files removed


# ---------------------------------------------------------------------------------------------------------
# What is signed
# ---------------------------------------------------------------------------------------------------------

def test_edit_the_reader_does_not_read_is_a_change(work):
    """The reader drops HTML tags from cells (an export's `<span …>`): an edit inside one leaves the parsed form the
    same, not the file."""
    src = work / STAFF
    src.write_text(src.read_text(encoding="utf-8").replace("根据单位三定方案", '<span class="a">根据单位三定方案</span>'),
                   encoding="utf-8")
    assert signoff(STAFF, "-r", "李四").code == 0
    src.write_text(src.read_text(encoding="utf-8").replace('class="a"', 'class="b"'), encoding="utf-8")
    res = signoff("--verify", STAFF)
    assert res.code == 1 and "已修改" in res.out and "解析出的表单却相同" in res.out
    assert signoff(STAFF, "-r", "李四").code == 0 and signoff("--verify", STAFF).code == 0


def test_doubted_self_evaluation_is_refused(work):
    shutil.copy(FIXTURES / "selfeval_004_excerpt.txt", work / "se.txt")  # a form with unreadable values
    res = signoff("se.txt", "-r", "李四")
    assert res.code == 2
    assert "se.txt: 拒绝签核：解析器没有完整读取表单，未读到的内容无法审核" in res.err and "豁免不能代替读取" in res.err
    assert Ledger(work / "jixiao-ledger.sqlite").records() == []


def test_form_with_read_issues_is_refused_even_with_waivers(work):
    """A form the reader marked (Form.read_issues), given as jixiao JSON: refused whatever the waivers say."""
    from jixiao.model import ReadIssue
    from jixiao.parse import parse_path
    from jixiao.render.json import forms_json

    form = parse_path(work / STAFF).forms[0]
    form = form.model_copy(update={"read_issues": [ReadIssue(kind="unmapped_column", message="“权重”列没有读取",
                                                            line=12, cell="Sheet1!G12")]})
    assert form.doubted
    (work / "doubted.json").write_text(forms_json([form]), encoding="utf-8")
    (work / "w.yaml").write_text("waivers:\n  - rule: JX711\n    indicator: 发放劳务派遣工资人数\n    reason: 已确认\n",
                                 encoding="utf-8")
    res = signoff("doubted.json", "-r", "李四", "--waivers", "w.yaml")
    assert res.code == 2 and "第 12 行（Sheet1!G12）：“权重”列没有读取" in res.err
    assert not (work / "jixiao-ledger.sqlite").exists()


def test_form_with_no_indicator_is_refused(work):
    text = (work / STAFF).read_text(encoding="utf-8")
    head_only = "\n".join(ln for ln in text.split("\n") if not ln.startswith(("一级指标", "产出", "效益", "满意度", "\t")))
    (work / "head.txt").write_text(head_only, encoding="utf-8")
    res = signoff("head.txt", "-r", "李四")
    assert res.code == 2 and "没有读出任何指标" in res.err


def test_file_changed_while_read_is_refused(work, monkeypatch):
    import jixiao.signoff as so

    real = so.read_forms

    def changing(p):  # noqa: ANN001, ANN202
        forms = real(p)
        Path(p).write_text(Path(p).read_text(encoding="utf-8") + "\n", encoding="utf-8")
        return forms

    monkeypatch.setattr(so, "read_forms", changing)
    res = signoff(STAFF, "-r", "李四")
    assert res.code == 2 and "文件在读取期间被改动" in res.err


def test_library_raises_ledger_error(work):
    _sign_n(work, 2)
    _delete_last(work / "l.sqlite")
    with pytest.raises(LedgerError):
        Ledger(work / "l.sqlite").records()


@pytest.mark.parametrize("name", ["notable.docx", "merged_header.xlsx"])
def test_corpus_forms_without_indicators_are_not_signed(work, name):
    """The issue's two: a .docx with no table, an .xlsx whose header row is merged across the table."""
    from corpus import build

    cases = {c.name: c for c in build(work / "corpus")}
    res = signoff(str(cases[name].path(work / "corpus")), "-r", "李四")
    assert res.code == 2 and "拒绝签核" in res.err and "没有读出任何指标" in res.err
    assert not (work / "jixiao-ledger.sqlite").exists()
