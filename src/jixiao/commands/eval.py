"""`jixiao eval`: run eval suites against labeled samples, compare runs, gate CI.

Exit codes: 0 all gates passed; 1 a gate failed; 2 suite or data error (or usage error); 3 too many
infrastructure errors (the system under test failed to answer, e.g. a replay cache miss).
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.text import Text

from jixiao.commands.app import App
from jixiao.messages import line
from jixiao.evals import EXIT_DATA, EXIT_GATE, EXIT_INFRA, EXIT_OK

eval_app = App(help="评测套件：按标注样本评估检查器、抽取和起草，比较运行结果，作为 CI 门槛。", no_args_is_help=True)

EVALS_DIR = Path("evals")


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


def _console() -> Console:
    console = Console(highlight=False)
    if not console.is_terminal:  # piped or in CI: wide enough for the category names and CJK messages
        console = Console(highlight=False, width=120)
    return console


def _err(msg: str) -> None:
    from jixiao.messages import error, stderr_console

    error(stderr_console(), msg)


def _suite_refs(suites: list[str] | None, offline_only: bool) -> list[str]:
    """Suites named, or every suite under evals/ (only those that need no model when offline_only)."""
    if suites:
        return suites
    from jixiao.evals.runner import needs_llm
    from jixiao.evals.suite import load_suite

    refs = []
    for p in sorted(EVALS_DIR.glob("*/suite.yaml")):
        loaded = load_suite(p)
        if offline_only and loaded.suite is not None and needs_llm(loaded):
            continue
        refs.append(str(p))
    if not refs:
        raise typer.BadParameter(f"{EVALS_DIR}/ 下没有找到任何 suite.yaml")
    return refs


def _worst(codes: list[int]) -> int:
    for code in (EXIT_DATA, EXIT_INFRA, EXIT_GATE):
        if code in codes:
            return code
    return EXIT_OK


@eval_app.command("validate")
def validate_cmd(suites: Optional[list[str]] = typer.Argument(None, help="套件名称或 suite.yaml 路径（默认：evals/ 下全部）")) -> None:
    """检查套件文件：未知字段、重复用例 ID、未知规则代码或类别、标注指向不存在的行、没有用例的规则。"""
    from jixiao.evals.suite import load_suite
    from jixiao.evals.validate import rule_coverage

    console = _console()
    codes = []
    for ref in _suite_refs(suites, offline_only=False):
        loaded = load_suite(ref, EVALS_DIR)
        for p in loaded.problems:
            console.print(Text(str(p), style="red" if p.level == "error" else "yellow"))
        if loaded.errors or loaded.suite is None:
            console.print(line("✗", "red", f"{loaded.path}：{len(loaded.errors)} 个错误"))
            codes.append(EXIT_DATA)
            continue
        extra = ""
        if loaded.suite.kind == "checker":
            cov = rule_coverage(loaded)
            extra = "；标注 " + "、".join(f"{k} {v}" for k, v in cov.items())
        console.print(line("✓", "green", f"{loaded.suite.name}（{loaded.suite.kind}）：{len(loaded.cases)} 个用例，"
                                         f"数据集 {loaded.dataset_hash}{extra}"))
        codes.append(EXIT_OK)
    raise typer.Exit(_worst(codes))


@eval_app.command("run")
def run_cmd(
    suites: Optional[list[str]] = typer.Argument(None, help="套件名称或路径（默认：evals/ 下不需要模型的全部套件）"),
    filter_: Optional[list[str]] = typer.Option(None, "--filter", "-k", help="按标签筛选用例：key=value（可重复，全部满足）"),
    repeat: int = typer.Option(1, "--repeat", min=1, help="每个用例运行 N 次，报告结论翻转的用例"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="并发数（默认取套件的 concurrency）"),
    replay: bool = typer.Option(False, "--replay", help="只从 LLM 缓存回放，未命中即报错（设置 CI 环境变量时为默认）"),
    record: bool = typer.Option(False, "--record", help="读取缓存，未命中时调用模型并写入缓存"),
    refresh: bool = typer.Option(False, "--refresh", help="总是调用模型并覆盖缓存"),
    junit: Optional[Path] = typer.Option(None, "--junit", help="写出 JUnit XML（每个用例、每个门槛一个 testcase）"),
    fmt: ReportFormat = typer.Option(ReportFormat.text, "--format", help="终端报告格式"),
    runs_dir: Path = typer.Option(EVALS_DIR / "runs", "--runs-dir", help="运行目录的上级目录"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="不列出每条漏报和误报"),
) -> None:
    """运行套件，写出运行目录（原始输出、results.jsonl、summary.json），按门槛给出退出码。"""
    from jixiao.evals.report import junit_xml, markdown_summary, print_run
    from jixiao.evals.runner import EvalError, RunOptions, run_suite
    from jixiao.io import OutputError, write_atomic

    modes = [m for m, on in (("replay", replay), ("record", record), ("refresh", refresh)) if on]
    if len(modes) > 1:
        _err("--replay、--record、--refresh 只能选一个")
        raise typer.Exit(EXIT_DATA)
    opts = RunOptions(filters=list(filter_ or []), repeat=repeat, jobs=jobs, cache_mode=modes[0] if modes else None,
                      runs_dir=runs_dir, baseline_dir=EVALS_DIR / "baseline")
    console = _console()
    codes, runs, as_json = [], [], []
    for ref in _suite_refs(suites, offline_only=True):
        try:
            res = run_suite(ref if Path(ref).exists() else str(EVALS_DIR / ref), opts)
        except EvalError as exc:
            _err(str(exc))
            codes.append(EXIT_DATA)
            continue
        runs.append((res.summary, res.results))
        codes.append(res.exit_code)
        if fmt == ReportFormat.text:
            print_run(console, res.summary, res.results, verbose=not quiet)
            console.print(Text(f"运行目录：{res.folder}\n"))
        elif fmt == ReportFormat.markdown:
            sys.stdout.write(markdown_summary(res.summary, res.results))
        else:
            as_json.append({**res.summary, "run_folder": str(res.folder)})
    if fmt == ReportFormat.json:
        sys.stdout.write(json.dumps(as_json, ensure_ascii=False, indent=1) + "\n")
    if junit is not None and runs:
        try:
            write_atomic(junit, junit_xml(runs))
        except OutputError as exc:
            _err(str(exc))
            codes.append(EXIT_DATA)
    raise typer.Exit(_worst(codes))


@eval_app.command("rescore")
def rescore_cmd(run: Path = typer.Argument(..., help="运行目录（evals/runs/<时间>-<套件>）"),
                quiet: bool = typer.Option(False, "--quiet", "-q")) -> None:
    """用当前的标注和评分选项重新评分已保存的输出，不调用任何模型。"""
    from jixiao.evals.report import print_run
    from jixiao.evals.runner import EvalError, RunOptions, rescore

    try:
        res = rescore(run, RunOptions(baseline_dir=EVALS_DIR / "baseline"))
    except EvalError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_DATA)
    print_run(_console(), res.summary, res.results, verbose=not quiet)
    raise typer.Exit(res.exit_code)


def _read_summary(p: Path) -> dict:
    from jixiao.evals.runner import EvalError, read_run

    if p.is_dir():
        return read_run(p)[0]
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        from jixiao.messages import json_error, os_error

        why = json_error(exc) if isinstance(exc, json.JSONDecodeError) else os_error(exc)
        raise EvalError(f"{p}: 无法读取运行摘要：{why}") from exc


@eval_app.command("compare")
def compare_cmd(
    run: Path = typer.Argument(..., help="运行目录"),
    baseline: Optional[Path] = typer.Argument(None, help="基线：运行目录或 summary.json（默认 evals/baseline/<套件>.summary.json）"),
    fmt: ReportFormat = typer.Option(ReportFormat.text, "--format"),
    force: bool = typer.Option(False, "--force", help="数据集不同也比较（结果仅供参考）"),
) -> None:
    """逐项列出指标、规则、字段的变化和结论翻转的用例（新增漏报、新增误报）；数据集不同时拒绝比较。
    退出码：0 无变差，1 有指标变差或新增失败用例，2 无法比较。"""
    from jixiao.evals.gates import DatasetMismatch, compare
    from jixiao.evals.report import print_compare
    from jixiao.evals.runner import EvalError

    try:
        cur = _read_summary(run)
        base = _read_summary(baseline or EVALS_DIR / "baseline" / f"{cur['suite']}.summary.json")
        cmp = compare(cur, base, force=force)
    except (EvalError, DatasetMismatch) as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_DATA)
    if fmt == ReportFormat.json:
        sys.stdout.write(json.dumps(cmp, ensure_ascii=False, indent=1) + "\n")
    else:
        print_compare(_console(), cmp)
    regressed = cmp["worse"] or any(f.get("new") or (f["baseline"] == "pass" and f["run"] != "pass")
                                    for f in cmp["flips"])
    raise typer.Exit(EXIT_GATE if regressed else EXIT_OK)


@eval_app.command("bless")
def bless_cmd(run: Path = typer.Argument(..., help="运行目录"),
              force: bool = typer.Option(False, "--force", help="未通过门槛的运行也设为基线")) -> None:
    """把这次运行设为基线：写出 evals/baseline/<套件>.summary.json（提交到仓库）。未通过门槛的运行会被拒绝，除非加 --force。"""
    from jixiao.evals.runner import EvalError, bless

    try:
        target = bless(run, EVALS_DIR / "baseline", force=force)
    except EvalError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_DATA)
    _console().print(Text(f"已写出基线 {target}"))


@eval_app.command("label")
def label_cmd(
    file: Path = typer.Argument(..., exists=False, help="表单文件"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入文件（默认输出到终端）；不会覆盖已有文件"),
    suite_dir: Path = typer.Option(EVALS_DIR / "checker", "--suite-dir", help="用例中的路径相对于此目录"),
) -> None:
    """按当前检查结果生成标注骨架（JSONL，每张表一个用例），供人工确认后加入 checker 套件。"""
    from jixiao.evals.label import label_skeleton, skeleton_jsonl
    from jixiao.io import OutputError, write_atomic

    if not file.is_file():
        _err(f"{file}: 文件不存在")
        raise typer.Exit(EXIT_DATA)
    try:
        text = skeleton_jsonl(label_skeleton(file, suite_dir))
    except ValueError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_DATA)
    if output is None:
        sys.stdout.write(text)
        return
    if output.exists():
        _err(f"{output}: 文件已存在，拒绝覆盖（标注骨架应先人工确认再合并）")
        raise typer.Exit(EXIT_DATA)
    try:
        write_atomic(output, text, inputs=[file])
    except OutputError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_DATA)
    from jixiao.messages import plain

    plain(_console(), f"已写出 {output}（{text.count(chr(10))} 个用例，请逐条确认）")


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")
