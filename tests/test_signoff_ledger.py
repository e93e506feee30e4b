"""Sign-off: refusal while unwaived errors remain, acceptance with waivers, change detection, concurrent signing."""

from __future__ import annotations

import multiprocessing
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from jixiao.check.config import CheckConfig, load_waivers
from jixiao.cli import app
from jixiao.signoff import Ledger, Refused, SignoffError, content_hash, review_file, sign, verify

FIXTURES = Path(__file__).parent / "fixtures"
ONLINE = "review_000_online_rate.txt"  # 应急避难场所点位在线率 ≤95%: a direction error (JX101)
STAFF = "review_000_staff.txt"  # warnings only


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A folder with copies of the fixture forms and no config: the default ledger lands here."""
    for name in (ONLINE, STAFF):
        shutil.copy(FIXTURES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(app, ["signoff", *args])


def waive_all_errors(path: Path, target: Path) -> Path:
    """A waiver file with one entry (rule, indicator or field, reason) per open error of the file."""
    review = review_file(path)
    entries = []
    for _form, f in review.open_errors:
        entry = {"rule": f.rule, "reason": f"已与财政局确认（{f.rule}）"}
        entry.update({"indicator": f.indicator} if f.indicator else {"field": f.field})
        entries.append(entry)
    target.write_text(yaml.safe_dump({"waivers": entries}, allow_unicode=True), encoding="utf-8")
    return target


def test_refuses_while_errors_are_open(work):
    res = run(ONLINE, "--reviewer", "王审核")
    assert res.exit_code == 1
    assert "拒绝签核" in res.output and "JX101" in res.output and "应急避难场所点位在线率" in res.output
    assert "--waivers" in res.output
    assert Ledger(work / "jixiao-ledger.sqlite").records() == []


def test_signs_with_waivers_and_records_the_reasons(work):
    waivers = waive_all_errors(work / ONLINE, work / "waivers.yaml")
    res = run(ONLINE, "--reviewer", "王审核", "--waivers", str(waivers))
    assert res.exit_code == 0, res.output
    assert "已签核" in res.output and "已与财政局确认（JX101）" in res.output
    [rec] = Ledger(work / "jixiao-ledger.sqlite").records()
    assert rec.reviewer == "王审核" and rec.file_name == ONLINE and rec.errors == 0 and rec.waived >= 1
    assert any(w["rule"] == "JX101" and w["reason"] == "已与财政局确认（JX101）" for w in rec.waivers)
    waived = [f for f in rec.findings if f.get("waived")]
    assert any(f["rule"] == "JX101" and f["indicator"] == "应急避难场所点位在线率" for f in waived)
    assert rec.forms[0]["project_code"] == "440304251061500701007"
    assert len(rec.content_sha256) == 64 and rec.signed_at


def test_waiver_for_another_row_does_not_unlock(work):
    (work / "w.yaml").write_text(
        "waivers:\n  - rule: JX101\n    indicator: 信息化系统故障率\n    reason: 另一行\n", encoding="utf-8")
    res = run(ONLINE, "--reviewer", "王审核", "--waivers", "w.yaml")
    assert res.exit_code == 1
    assert "豁免 JX101 信息化系统故障率 没有匹配到任何问题" in res.output


def test_form_with_only_warnings_signs_without_waivers(work):
    res = run(STAFF, "-r", "李四")
    assert res.exit_code == 0, res.output
    assert Ledger(work / "jixiao-ledger.sqlite").records()[0].reviewer == "李四"


def test_verify_detects_a_changed_form(work):
    assert run(STAFF, "-r", "李四").exit_code == 0
    res = run("--verify", STAFF)
    assert res.exit_code == 0 and "未修改" in res.output and "李四" in res.output

    path = work / STAFF
    path.write_text(path.read_text(encoding="utf-8").replace("≥62人", "≥60人"), encoding="utf-8")
    res = run("--verify", STAFF)
    assert res.exit_code == 1
    assert "已修改" in res.output and "44030422106150000025" in res.output

    # signing the new version makes it verify again
    assert run(STAFF, "-r", "李四").exit_code == 0
    assert run("--verify", STAFF).exit_code == 0


def test_verify_never_signed_and_renamed_copy(work):
    res = run("--verify", STAFF)
    assert res.exit_code == 1 and "未签核" in res.output
    assert run(STAFF, "-r", "李四").exit_code == 0
    (work / "sub").mkdir()
    shutil.copy(work / STAFF, work / "sub" / "renamed.txt")
    # the hash covers the parsed forms, not the file name or location
    assert run("--verify", "sub/renamed.txt").exit_code == 0


def test_content_hash_ignores_the_file_name_but_not_values(work):
    text = (work / STAFF).read_text(encoding="utf-8")
    (work / "a.txt").write_text(text, encoding="utf-8")
    (work / "b.txt").write_text(text.replace("≥95%", "≥90%"), encoding="utf-8")
    a, b = review_file(work / "a.txt"), review_file(work / STAFF)
    assert a.content_sha256 == b.content_sha256
    assert review_file(work / "b.txt").content_sha256 != a.content_sha256


def test_list_shows_the_ledger(work):
    assert run(STAFF, "-r", "李四").exit_code == 0
    waivers = waive_all_errors(work / ONLINE, work / "w.yaml")
    assert run(ONLINE, "-r", "王审核", "--waivers", str(waivers)).exit_code == 0
    res = run("--list")
    assert res.exit_code == 0
    assert "李四" in res.output and "王审核" in res.output and "签核台账" in res.output
    res = run("--list", STAFF)
    assert "李四" in res.output and "王审核" not in res.output


def test_ledger_path_from_config_and_flag(work):
    (work / "pyproject.toml").write_text('[tool.jixiao]\nledger = "records/ledger.sqlite"\n', encoding="utf-8")
    assert run(STAFF, "-r", "李四").exit_code == 0
    assert (work / "records" / "ledger.sqlite").exists() and not (work / "jixiao-ledger.sqlite").exists()
    assert run(STAFF, "-r", "李四", "--ledger", "other.sqlite").exit_code == 0
    assert len(Ledger(work / "other.sqlite").records()) == 1
    assert len(Ledger(work / "records" / "ledger.sqlite").records()) == 1


def test_usage_and_input_errors_exit_2(work):
    assert run(STAFF).exit_code == 2  # no reviewer
    res = run("missing.txt", "-r", "李四")
    assert res.exit_code == 2 and "文件不存在" in res.output
    (work / "bad.sqlite").write_bytes(b"this is not a database" * 100)
    res = run(STAFF, "-r", "李四", "--ledger", "bad.sqlite")
    assert res.exit_code == 2 and "签核台账" in res.output
    (work / "empty.txt").write_text("什么也没有\n", encoding="utf-8")
    assert run("empty.txt", "-r", "李四").exit_code == 2


def test_library_refuses_and_signs(work):
    ledger = Ledger(work / "l.sqlite")
    review = review_file(work / ONLINE)
    with pytest.raises(Refused):
        sign(review, "王审核", ledger)
    cfg = CheckConfig(waivers=load_waivers(waive_all_errors(work / ONLINE, work / "w.yaml")))
    review = review_file(work / ONLINE, cfg)
    assert not review.open_errors
    with pytest.raises(SignoffError):
        sign(review, "  ", ledger)
    record_id = sign(review, "王审核", ledger)
    assert record_id == 1 and verify(work / ONLINE, ledger).ok
    assert ledger.records()[0].content_sha256 == content_hash([r.form for r in review.forms])


# ---------------------------------------------------------------------------------------------------------
# Two (and more) processes signing at once
# ---------------------------------------------------------------------------------------------------------

def _sign_in_process(path: str, ledger: str, reviewer: str, barrier, rounds: int) -> None:
    review = review_file(path)
    barrier.wait()  # start together
    for _ in range(rounds):
        sign(review, reviewer, Ledger(ledger))


@pytest.mark.parametrize("processes", [2, 4])
def test_concurrent_signoffs_keep_every_record(work, processes):
    ctx = multiprocessing.get_context("spawn")  # fresh interpreters: no state shared with pytest
    ledger = work / "shared.sqlite"
    rounds = 5
    barrier = ctx.Barrier(processes)
    procs = [ctx.Process(target=_sign_in_process, args=(str(work / STAFF), str(ledger), f"审核人{i}", barrier, rounds))
             for i in range(processes)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0] * processes
    records = Ledger(ledger).records()
    assert len(records) == processes * rounds
    assert sorted({r.reviewer for r in records}) == sorted(f"审核人{i}" for i in range(processes))
    assert len({r.id for r in records}) == len(records)
    assert Ledger(ledger).integrity() == "ok"
    with sqlite3.connect(ledger) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
