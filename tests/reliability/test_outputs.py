"""-o targets: a folder, a path under a file, a FIFO, a socket, a device, a link, an input; a write that fails. Every
writer goes through jixiao.io.write_atomic; the special files here are made inside tmp paths only."""

from __future__ import annotations

import errno
import os
import socket
import stat
from pathlib import Path

import pytest
from reliability_helpers import IS_ROOT, leftovers, run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CLEAN = FIXTURES / "review_000_staff.txt"


def _commands(tmp_path: Path, out: Path) -> dict[str, list[str]]:
    """Every command that writes -o, with a clean input."""
    src = tmp_path / "form.txt"
    src.write_bytes(CLEAN.read_bytes())
    return {
        "parse": ["parse", str(src), "-o", str(out)],
        "parse-table": ["parse", str(src), "--format", "table", "-o", str(out)],
        "audit-json": ["audit", str(src), "--format", "json", "-o", str(out)],
        "audit-text": ["audit", str(src), "-o", str(out)],
        "audit-xlsx": ["audit", str(src), "--format", "xlsx", "-o", str(out)],
        "audit-html": ["audit", str(src), "--format", "html", "-o", str(out)],
        "extract": ["extract", str(src), "--llm", "never", "-o", str(out)],
        "draft": ["draft", "--offline", "为区图书馆采购图书5000册，项目金额80万元，2026年完成。", "-o", str(out)],
        "eval-label": ["eval", "label", str(src), "-o", str(out)],
    }


COMMANDS = ["parse", "parse-table", "audit-json", "audit-text", "audit-xlsx", "audit-html", "extract", "draft",
            "eval-label"]


@pytest.mark.parametrize("command", COMMANDS)
def test_existing_folder_is_refused(tmp_path, command):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep", encoding="utf-8")
    res = run_cli(*_commands(tmp_path, folder)[command]).no_traceback()
    assert res.code == 2, res.err
    if command == "eval-label":  # label refuses any existing path first (it never overwrites)
        assert f"{folder}: 文件已存在" in res.err
    else:
        assert f"错误 {folder}: 是一个文件夹，请给出文件路径" in res.err
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"] and not leftovers(tmp_path)


@pytest.mark.parametrize("command", COMMANDS)
def test_path_under_a_file_is_refused(tmp_path, command):
    blocker = tmp_path / "report.txt"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    out = blocker / "sub" / "out.json"
    res = run_cli(*_commands(tmp_path, out)[command]).no_traceback()
    assert res.code == 2, res.err
    assert f"错误 {out}: 无法写入：上级路径 {blocker} 是文件，不是文件夹" in res.err
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder" and not leftovers(tmp_path)


def test_fifo_is_refused_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    res = run_cli("parse", str(CLEAN), "-o", str(fifo)).no_traceback()
    assert res.code == 2 and f"错误 {fifo}: 是命名管道（FIFO），拒绝写入" in res.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and not leftovers(tmp_path)


def test_link_to_a_fifo_is_refused(tmp_path):
    """/proc/self/fd/1 of a pipe is such a link: writing it by rename would replace the link."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "stdout"
    link.symlink_to(fifo)
    res = run_cli("audit", str(CLEAN), "--format", "json", "-o", str(link)).no_traceback()
    assert res.code == 2 and "是命名管道" in res.err
    assert link.is_symlink() and stat.S_ISFIFO(os.stat(link).st_mode)


def test_socket_is_refused(tmp_path):
    sock_path = tmp_path / "s.sock"
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(str(sock_path))
    try:
        res = run_cli("parse", str(CLEAN), "-o", str(sock_path)).no_traceback()
    finally:
        s.close()
    assert res.code == 2 and "是套接字，拒绝写入" in res.err
    assert stat.S_ISSOCK(os.lstat(sock_path).st_mode)


@pytest.mark.skipif(not IS_ROOT, reason="making a device node needs root")
def test_character_device_is_written_not_replaced(tmp_path):
    """A null device made inside tmp (major 1, minor 3): written directly, still a device afterwards."""
    dev = tmp_path / "null"
    os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    res = run_cli("audit", str(CLEAN), "--format", "json", "-o", str(dev)).no_traceback()
    assert res.code == 0, res.err
    assert stat.S_ISCHR(os.lstat(dev).st_mode) and os.major(os.lstat(dev).st_rdev) == 1
    assert not leftovers(tmp_path)


@pytest.mark.skipif(not IS_ROOT, reason="making a device node needs root")
def test_full_device_fails_with_a_message(tmp_path):
    """/dev/full's twin inside tmp (major 1, minor 7): every write fails with ENOSPC."""
    dev = tmp_path / "full"
    os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    res = run_cli("parse", str(CLEAN), "-o", str(dev)).no_traceback()
    assert res.code == 2 and f"错误 {dev}: 写入设备失败：磁盘空间不足" in res.err
    assert stat.S_ISCHR(os.lstat(dev).st_mode)


def test_symlink_to_a_file_is_followed(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real.name)
    res = run_cli("parse", str(CLEAN), "-o", str(link)).no_traceback()
    assert res.code == 0
    assert link.is_symlink() and os.readlink(link) == real.name
    assert '"project_code": "44030422106150000025"' in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o640  # an existing file keeps its permissions


def test_input_and_its_hard_link_are_refused(tmp_path):
    src = tmp_path / "form.txt"
    src.write_bytes(CLEAN.read_bytes())
    twin = tmp_path / "twin.txt"
    os.link(src, twin)
    for target in (src, twin):
        res = run_cli("audit", str(src), "--format", "json", "-o", str(target)).no_traceback()
        assert res.code == 2 and "输出文件与输入文件相同，拒绝覆盖输入" in res.err
    assert src.read_bytes() == CLEAN.read_bytes()


def test_failed_write_removes_the_temp_file_and_keeps_the_old_file(tmp_path, monkeypatch):
    out = tmp_path / "report.json"
    out.write_text("previous report", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    res = run_cli("audit", str(CLEAN), "--format", "json", "-o", str(out)).no_traceback()
    assert res.code == 2 and f"错误 {out}: 写入失败：磁盘空间不足（原文件未改动）" in res.err
    assert out.read_text(encoding="utf-8") == "previous report" and not leftovers(tmp_path)


def test_folder_that_cannot_be_written(tmp_path, monkeypatch):
    import tempfile

    def denied(*a, **k):  # noqa: ANN002, ANN003, ANN202 - as in a read-only folder (root ignores chmod 555)
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    out = tmp_path / "r.json"
    res = run_cli("parse", str(CLEAN), "-o", str(out)).no_traceback()
    assert res.code == 2 and f"错误 {out}: 无法在 {tmp_path} 中写入：没有权限" in res.err and not out.exists()


def test_interrupted_write_leaves_no_temp_file(tmp_path, monkeypatch):
    from jixiao.io import write_atomic

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "x.json", "data")
    assert not leftovers(tmp_path) and not (tmp_path / "x.json").exists()


def test_junit_output_refused_as_an_input_error(tmp_path, monkeypatch):
    folder = tmp_path / "junit"
    folder.mkdir()
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    res = run_cli("eval", "run", "evals/draft/suite.yaml", "--runs-dir", str(tmp_path / "runs"),
                  "--junit", str(folder), "-q").no_traceback()
    assert res.code == 2 and f"{folder}: 是一个文件夹" in res.err


def test_killed_mid_write_leaves_the_target_whole(tmp_path):
    """kill -9 after the temp file is written, before the rename: the old report is whole (a killed process cannot
    remove its temp file; the next write does not mind it)."""
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "report.json"
    out.write_text('{"old": true}', encoding="utf-8")
    hook = tmp_path / "hook" / "sitecustomize.py"
    hook.parent.mkdir()
    marker = tmp_path / "ready"
    hook.write_text("import os, time\n_real = os.replace\n"
                    f"def _slow(a, b, *k, **kw):\n    open({str(marker)!r}, 'w').close()\n    time.sleep(60)\n"
                    "    return _real(a, b, *k, **kw)\nos.replace = _slow\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", "from jixiao.cli import app; app()", "parse", str(CLEAN), "-o",
                             str(out)], env={"PYTHONPATH": str(hook.parent), "PATH": "/usr/bin:/bin"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert marker.exists()
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(30)
    assert out.read_text(encoding="utf-8") == '{"old": true}'
    [tmp] = leftovers(tmp_path)
    assert '"project_code": "44030422106150000025"' in (tmp_path / tmp).read_text(encoding="utf-8")
    res = run_cli("parse", str(CLEAN), "-o", str(out)).no_traceback()  # the next write replaces it as usual
    assert res.code == 0 and '"project_code"' in out.read_text(encoding="utf-8")


def test_special_files_as_waivers_config_ledger_and_description(tmp_path):
    """A FIFO named as a waiver file, a configuration, a ledger or a description: refused at once (reading it
    would wait for ever)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    src = tmp_path / "form.txt"
    src.write_bytes(CLEAN.read_bytes())
    for args, message in ((["audit", str(src), "--waivers", str(fifo)], "豁免文件无法读取：不是普通文件（命名管道）"),
                          (["audit", str(src), "--config", str(fifo)], "配置文件无法读取：不是普通文件（命名管道）"),
                          (["signoff", str(src), "-r", "李四", "--ledger", str(fifo)], "签核台账不是普通文件"),
                          (["draft", "--offline", "--file", str(fifo)], "不是普通文件（命名管道）")):
        res = run_cli(*args).no_traceback()
        assert res.code == 2 and message in res.err, (args, res.err)


@pytest.mark.skipif(not IS_ROOT, reason="making a device node needs root")
def test_device_as_an_input_is_refused(tmp_path):
    """/dev/zero's twin inside tmp (1, 5) as a form: refused before the reader reads for ever."""
    dev = tmp_path / "zero.txt"
    os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 5))
    res = run_cli("audit", str(dev), str(CLEAN)).no_traceback()
    assert res.code == 2 and f"错误 {dev}: 不是普通文件（字符设备），无法作为表单读取" in res.err
