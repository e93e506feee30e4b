"""Exit codes mean one thing for every command: 0 clean, 1 findings, 2 bad input or usage, 4 internal error (a short
Chinese message; the traceback only with the global --debug)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from reliability_helpers import run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CLEAN = FIXTURES / "review_000_staff.txt"  # warnings only: exit 0 at the default --fail-on error
ONLINE = FIXTURES / "review_000_online_rate.txt"  # a direction error (JX101)


def test_codes_of_audit(tmp_path):
    assert run_cli("audit", str(CLEAN)).no_traceback().code == 0
    assert run_cli("audit", str(ONLINE)).code == 1
    assert run_cli("audit", str(CLEAN), "--fail-on", "warning").code == 1
    res = run_cli("audit", str(ONLINE), str(tmp_path / "missing.txt"))
    assert res.code == 2 and f"{tmp_path / 'missing.txt'}: 文件不存在" in res.err
    assert "JX101" in res.out  # the readable file was still audited
    assert run_cli("audit", str(CLEAN), "--format", "nonsense").code == 2  # usage


def _boom_on(name: str, real):  # noqa: ANN001, ANN202
    def work(p, *a, **k):  # noqa: ANN001, ANN202
        if Path(p).name == name:
            raise RuntimeError("boom: synthetic defect")
        return real(p, *a, **k)
    return work


def test_internal_error_in_one_file_is_exit_4_and_the_others_are_kept(tmp_path, monkeypatch):
    import jixiao.parse as parse_mod  # every batch command reads its files through it (jixiao.batch)

    bad = tmp_path / "bad.txt"
    bad.write_text(ONLINE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(parse_mod, "parse_path", _boom_on("bad.txt", parse_mod.parse_path))
    out = tmp_path / "report.json"
    res = run_cli("audit", str(bad), str(ONLINE), "--format", "json", "-o", str(out)).no_traceback()
    assert res.code == 4
    assert f"错误 {bad}: 内部错误（jixiao 的缺陷，不是输入的问题）：RuntimeError: boom: synthetic defect" in res.err
    assert "加 --debug 重新运行可显示回溯" in res.err
    import json

    data = json.loads(out.read_text(encoding="utf-8"))
    assert [f["source"] for f in data["forms"]] == [str(ONLINE)]  # the other file's findings are written
    assert data["summary"]["errors"][0]["source"] == str(bad) and set(data["summary"]["errors"][0]) == {
        "source", "line", "message"}


def test_internal_error_in_parse_and_debug_traceback(tmp_path, monkeypatch):
    import jixiao.parse as parse_mod

    monkeypatch.setattr(parse_mod, "parse_path", _boom_on(CLEAN.name, parse_mod.parse_path))
    res = run_cli("parse", str(CLEAN), str(ONLINE))
    assert res.code == 4 and "Traceback" not in res.text
    assert f"{CLEAN}: 内部错误" in res.err and '"project_code": "440304251061500701007"' in res.out
    res = run_cli("--debug", "parse", str(CLEAN), str(ONLINE))
    assert res.code == 4 and "Traceback (most recent call last)" in res.err and "RuntimeError: boom" in res.err


def test_internal_error_outside_a_file_loop(monkeypatch):
    import jixiao.commands.audit as audit_mod

    def broken():  # noqa: ANN202
        raise KeyError("registry")

    monkeypatch.setattr(audit_mod, "all_rules", broken)
    res = run_cli("rules").no_traceback()
    assert res.code == 4 and "内部错误（jixiao 的缺陷，不是输入的问题）：KeyError: 'registry'" in res.err


def test_real_entry_point_exit_4_and_debug(tmp_path):
    """A real process (not CliRunner): an internal error (a sitecustomize breaks the rule catalogue) ends with code
    4 and a Chinese message, no traceback; --debug or JIXIAO_DEBUG=1 adds the traceback."""
    hook = tmp_path / "sitecustomize.py"
    hook.write_text("import jixiao.commands.audit as a\n"
                    "def _broken():\n    raise ValueError('synthetic defect')\n"
                    "a.all_rules = _broken\n", encoding="utf-8")
    env = {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    cmd = [sys.executable, "-c", "import sys; from jixiao.cli import app; sys.argv[0] = 'jixiao'; app()", "rules"]
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 4, res.stderr
    assert "内部错误" in res.stderr and "Traceback" not in res.stderr + res.stdout
    res = subprocess.run([*cmd[:3], "--debug", "rules"], env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 4 and "Traceback (most recent call last)" in res.stderr
    res = subprocess.run(cmd, env={**env, "JIXIAO_DEBUG": "1"}, capture_output=True, text=True, timeout=120)
    assert res.returncode == 4 and "ValueError: synthetic defect" in res.stderr


@pytest.mark.parametrize("args", [["nonexistent-command"], ["audit"], ["audit", "x", "--fail-on", "sometimes"],
                                  ["signoff", "--verify", "--list"]])
def test_usage_errors_are_2(args):
    assert run_cli(*args).code == 2
