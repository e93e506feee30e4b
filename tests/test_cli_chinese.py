"""The command line answers in Chinese: usage errors (exit 2) and help pages (jixiao.commands.app)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from jixiao.cli import app

runner = CliRunner()


@pytest.mark.parametrize("args, expected", [
    (["audit", "--fail-on", "info", "x.txt"], "选项 --fail-on 的值无效：“info”不是可选的值；可选：error、warning、never"),
    (["audit", "-f", "pdf", "x.txt"], "选项 --format 的值无效：“pdf”不是可选的值；可选：text、json、xlsx、html"),
    (["audit"], "缺少参数 PATHS（表单文件或文件夹）"),
    (["audit", "--fail-o", "never", "x.txt"], "没有 --fail-o 这个选项；是不是要用 --fail-on？"),
    (["audit", "--bogus", "x.txt"], "没有 --bogus 这个选项"),
    (["auditt", "x.txt"], "没有“auditt”这个命令；是不是要用 audit？"),
    (["eval", "run", "--repeat", "0"], "选项 --repeat 的值无效：“0”小于允许的最小值 1"),
    (["eval", "run", "--repeat", "x"], "选项 --repeat 的值无效：“x”不是整数"),
    (["eval", "run", "--jobs"], "选项 --jobs 需要一个值"),
    (["signoff", "--verify=yes"], "选项 --verify 是开关，不接受取值"),
    (["rules", "JX101", "JX102"], "多余的参数：JX102"),
    (["eval", "compare"], "缺少参数 RUN（运行目录）"),
])
def test_usage_errors_answer_in_chinese(args, expected):
    res = runner.invoke(app, args)
    assert res.exit_code == 2
    assert expected in res.output
    assert "用法：jixiao" in res.output or args[-1] in ("--jobs", "--verify=yes")
    for english in ("Invalid value", "No such", "Missing", "Usage:", "Try '", "is not one of", "Got unexpected"):
        assert english not in res.output


def test_help_pages_keep_configuration_tables_and_speak_chinese():
    """Rich reads [tool.jixiao.llm] in a help text as a markup tag and drops it; the help page shows it."""
    res = runner.invoke(app, ["draft", "--help"], env={"COLUMNS": "200"})
    assert res.exit_code == 0
    assert "模型名（覆盖 JIXIAO_MODEL / [tool.jixiao.llm]）" in res.output
    res = runner.invoke(app, ["signoff", "--help"], env={"COLUMNS": "200"})
    assert "默认 [tool.jixiao] ledger 或" in res.output
    for words in ("用法：jixiao signoff [选项]", "显示本帮助并退出", "选项"):
        assert words in res.output
    for english in ("Show this message", "Usage:", "Options", "Arguments", "[default:"):
        assert english not in res.output
    res = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert "命令" in res.output and "Commands" not in res.output


@pytest.mark.parametrize("args", ["draft --help", "--help", "eval run --help"])
def test_a_help_page_whose_reader_goes_away_ends_quietly(args):
    """`jixiao draft --help | head`: the reader closes the pipe after its lines; the help page stops there, with no
    internal error (it was reported as one, exit code 4) and no traceback."""
    import shlex
    import shutil
    import subprocess
    import sys

    if not shutil.which("bash") or not shutil.which("head"):
        pytest.skip("needs bash and head")
    code = "import sys; from jixiao.cli import main; sys.argv[0] = 'jixiao'; main()"
    line = f"{shlex.quote(sys.executable)} -c {shlex.quote(code)} {args} | head -20 > /dev/null; echo ${{PIPESTATUS[0]}}"
    proc = subprocess.run(["bash", "-c", line], capture_output=True, text=True, timeout=60, check=False)
    assert proc.stdout.strip() != "4", proc.stderr
    assert "内部错误" not in proc.stderr and "Traceback" not in proc.stderr and "Broken pipe" not in proc.stderr, proc.stderr
