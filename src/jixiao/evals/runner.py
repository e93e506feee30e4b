"""Run a suite: cases through the system under test (bounded thread pool, stable order), outputs stored per case,
scored, summarised, gated. Also `rescore` (stored outputs, no model call) and `bless` (make a run the baseline).

A run folder `evals/runs/<YYYYmmdd-HHMMSS>-<suite>/` holds:

    outputs/<case>.json       raw output of the system under test (`<case>.r<k>.json` for repeats k >= 1)
    results.jsonl             one line per case: verdict, error, score details
    summary.json              metrics, gates, per-case verdicts and the manifest (what produced the run)
    summary.md                the Markdown report
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

from jixiao.evals import EXIT_GATE, EXIT_INFRA, EXIT_OK
from jixiao.evals import checker as checker_kind
from jixiao.evals import draft as draft_kind
from jixiao.evals import extract as extract_kind
from jixiao.evals import reader as reader_kind
from jixiao.evals.checker import InfraError
from jixiao.evals.gates import evaluate_gates
from jixiao.evals.suite import LoadedSuite, load_suite, matches_filters
from jixiao.io import write_atomic

KINDS: dict[str, ModuleType] = {"checker": checker_kind, "extract": extract_kind, "draft": draft_kind,
                                 "reader": reader_kind}
SUMMARY_FORMAT = 1


class EvalError(Exception):
    """Suite or data error (exit 2); the message is Chinese and names the file."""


@dataclass
class RunOptions:
    filters: list[str] = field(default_factory=list)
    repeat: int = 1
    jobs: int | None = None
    cache_mode: str | None = None  # replay | record | refresh (LLM suites)
    runs_dir: Path = Path("evals/runs")
    baseline_dir: Path = Path("evals/baseline")
    extractor: Callable[[str], list[Any]] | None = None  # override the system under test (tests, other tools)
    drafter: Callable[..., Any] | None = None
    llm: Any = None  # a ready LLMClient for the run (the scripted recording passes one bound to its local server)
    write: bool = True


@dataclass
class RunResult:
    folder: Path | None
    summary: dict[str, Any]
    results: list[dict[str, Any]]

    @property
    def exit_code(self) -> int:
        return int(self.summary.get("exit_code", EXIT_OK))


# ---------------------------------------------------------------------------------------------------------
# Manifest
# ---------------------------------------------------------------------------------------------------------

def repo_root(start: Path) -> Path:
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file():
            return folder
    return Path.cwd()


def _git(root: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def prompt_hashes(root: Path) -> dict[str, str]:
    folder = root / "prompts"
    if not folder.is_dir():
        return {}
    return {p.name: "sha256:" + hashlib.sha256(p.read_bytes()).hexdigest()[:16] for p in sorted(folder.glob("*.j2"))}


def manifest(loaded: LoadedSuite, opts: RunOptions, llm: Any, started: float, finished: float) -> dict[str, Any]:
    import jixiao

    assert loaded.suite is not None
    root = repo_root(loaded.path.parent)
    usage = llm.usage.as_dict() if llm is not None else None
    cost = None
    prices = loaded.suite.cost_per_1k_tokens
    if usage and prices:
        cost = round(usage["prompt_tokens"] / 1000 * prices.get("prompt", 0)
                     + usage["completion_tokens"] / 1000 * prices.get("completion", 0), 6)
    status = _git(root, "status", "--porcelain")
    return {
        "suite": loaded.suite.name, "kind": loaded.suite.kind, "suite_file": _rel(loaded.path, root),
        "git_commit": _git(root, "rev-parse", "HEAD"), "git_dirty": bool(status) if status is not None else None,
        "tool_version": jixiao.__version__, "python": platform.python_version(),
        "dataset_hash": loaded.dataset_hash, "prompt_hashes": prompt_hashes(root),
        "model": llm.config.model if llm is not None else None,
        "endpoint": llm.config.safe_endpoint if llm is not None else None,  # never a credential
        "cache_mode": llm.config.cache_mode if llm is not None else None,
        "seed": loaded.suite.seed, "token_usage": usage, "cost": cost,
        "started_at": dt.datetime.fromtimestamp(started).isoformat(timespec="seconds"),
        "duration_s": round(finished - started, 3),
        "filters": opts.filters, "repeat": opts.repeat,
        "system_under_test": _system_name(loaded, opts),
    }


def _system_name(loaded: LoadedSuite, opts: RunOptions) -> str:
    s = loaded.suite
    assert s is not None
    if s.kind == "checker":
        return "jixiao.parse.parse_path + jixiao.check.audit_form"
    if s.kind == "reader":
        return "jixiao.parse.parse_path"
    if s.kind == "extract":
        return "custom" if opts.extractor else ("jixiao.extract (LLM)" if s.extractor == "llm" else "jixiao.parse.parse_path")
    return "custom" if opts.drafter else f"jixiao.draft ({s.drafter})"


def _rel(p: Path, root: Path) -> str:
    try:
        return str(p.resolve().relative_to(root))
    except ValueError:
        return str(p)


# ---------------------------------------------------------------------------------------------------------
# The LLM for a run (extractor: llm, drafter: llm, rubric)
# ---------------------------------------------------------------------------------------------------------

def default_cache_mode() -> str:
    """Replay in CI (a cache miss fails and says which part of the key changed), record elsewhere."""
    return "replay" if os.environ.get("CI") else "record"


def needs_llm(loaded: LoadedSuite) -> bool:
    s = loaded.suite
    assert s is not None
    return (s.kind == "extract" and s.extractor == "llm") or (s.kind == "draft" and s.drafter == "llm")


_SUITE_LLM_ENV = {"model": "JIXIAO_MODEL", "base_url": "OPENAI_BASE_URL", "mode": "JIXIAO_LLM_MODE"}


def suite_llm_config(loaded: LoadedSuite, cache_mode: str) -> Any:
    """The LLMConfig of a run: project/env configuration, then the suite's `llm` block (where the environment does
    not set the same thing) and its `cache_dir` (relative to the suite folder)."""
    from jixiao.llm import load_llm_config

    s = loaded.suite
    assert s is not None
    overrides: dict[str, Any] = {}
    if s.llm is not None:
        for key, var in _SUITE_LLM_ENV.items():
            value = getattr(s.llm, key)
            if value is not None and not os.environ.get(var):
                overrides[key] = value
    if s.cache_dir:
        overrides["cache_dir"] = str(loaded.resolve(s.cache_dir))
    return load_llm_config(cache_mode=cache_mode, **overrides)


def make_llm(loaded: LoadedSuite, opts: RunOptions) -> Any:
    """An LLMClient when the suite needs a model (or has a rubric and a model is configured); else None."""
    from jixiao.llm import LLMClient

    s = loaded.suite
    assert s is not None
    mode = opts.cache_mode or default_cache_mode()
    wanted = needs_llm(loaded)
    if not wanted and not (s.kind == "draft" and s.rubric is not None):
        return None
    config = suite_llm_config(loaded, mode)
    if not config.configured and not wanted:
        return None  # the rubric is optional: no endpoint, no rubric
    if not config.configured and mode != "replay":
        raise InfraError("套件需要调用模型，但未配置 OPENAI_API_KEY / OPENAI_BASE_URL（或用 --replay 从缓存回放）")
    return LLMClient(config)


def llm_extractor(llm: Any) -> Callable[[str], Any]:
    """The LLM extractor under test: every form goes to the model (`--llm always`) through the run's client.
    Returns the ExtractResult: the extract kind stores its groundings and failures with the forms."""
    from jixiao.extract import extract_file

    def run(path: str) -> Any:
        return extract_file(path, llm="always", client=llm)

    return run


# ---------------------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------------------

def _infra_message(exc: BaseException) -> str:
    """Our own errors carry a Chinese message; anything else is shown with its type (it is a bug to report)."""
    from jixiao.llm import LLMError

    if isinstance(exc, (InfraError, LLMError)) and str(exc):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _case_file(case_id: str, r: int) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in case_id)
    return f"outputs/{safe}.json" if r == 0 else f"outputs/{safe}.r{r}.json"


def run_suite(ref: str | Path | LoadedSuite, opts: RunOptions | None = None) -> RunResult:
    opts = opts or RunOptions()
    loaded = ref if isinstance(ref, LoadedSuite) else load_suite(ref)
    if loaded.errors or loaded.suite is None:
        raise EvalError("\n".join(str(p) for p in loaded.errors))
    suite = loaded.suite
    kind = KINDS[suite.kind]
    cases = [c for c in loaded.cases if matches_filters(c.tags, c.id, opts.filters)]
    if not cases:
        raise EvalError(f"{loaded.cases_path}: 过滤条件 {opts.filters} 没有选中任何用例")
    started = time.time()
    llm = None
    setup_error = None
    try:
        llm = opts.llm if opts.llm is not None else make_llm(loaded, opts)
    except Exception as exc:  # noqa: BLE001 - an unusable model is an infrastructure error of every case
        setup_error = _infra_message(exc)
    extras: dict[str, Any] = {"llm": llm}
    if suite.kind == "extract":
        extras["extractor"] = opts.extractor or (llm_extractor(llm) if suite.extractor == "llm" and llm else None)
    if suite.kind == "draft":
        extras["drafter"] = opts.drafter

    repeat = max(1, opts.repeat)
    jobs = [(i, r) for i in range(len(cases)) for r in range(repeat)]
    outputs: dict[tuple[int, int], dict[str, Any] | None] = {}
    errors: dict[tuple[int, int], str] = {}

    def work(job: tuple[int, int]) -> tuple[tuple[int, int], dict[str, Any] | None, str | None]:
        if setup_error:
            return job, None, setup_error
        case = cases[job[0]]
        try:
            return job, kind.run_case(loaded, case, **extras), None
        except Exception as exc:  # noqa: BLE001 - recorded per case, never cached, counted against the gate
            return job, None, _infra_message(exc)

    workers = opts.jobs or suite.concurrency
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for job, out, err in pool.map(work, jobs):
            outputs[job] = out
            if err:
                errors[job] = err
    finished = time.time()

    folder = None
    if opts.write:
        stamp = dt.datetime.fromtimestamp(started).strftime("%Y%m%d-%H%M%S")
        folder = opts.runs_dir / f"{stamp}-{suite.name}"
        n = 1
        while folder.exists():
            n += 1
            folder = opts.runs_dir / f"{stamp}-{suite.name}-{n}"
        for (i, r), out in outputs.items():
            if out is not None:
                write_atomic(folder / _case_file(cases[i].id, r), json.dumps(out, ensure_ascii=False, indent=1))

    results = score_outputs(loaded, cases, repeat, outputs, errors)
    summary = build_summary(loaded, cases, results, manifest(loaded, opts, llm, started, finished), opts)
    if folder is not None:
        write_run(folder, summary, results)
    return RunResult(folder, summary, results)


def score_outputs(loaded: LoadedSuite, cases: list[Any], repeat: int,
                  outputs: dict[tuple[int, int], dict[str, Any] | None], errors: dict[tuple[int, int], str]) -> list[dict]:
    assert loaded.suite is not None
    kind = KINDS[loaded.suite.kind]
    results = []
    for i, case in enumerate(cases):
        verdicts = []
        first_score = None
        for r in range(repeat):
            out = outputs.get((i, r))
            if out is None:
                verdicts.append("error")
                continue
            try:
                score = kind.score_case(case, out, loaded.suite, loaded=loaded)
            except Exception as exc:  # noqa: BLE001 - a stored output the scorer cannot read is an infra error
                errors[(i, r)] = f"评分失败：{_infra_message(exc)}"
                verdicts.append("error")
                continue
            verdicts.append(score["verdict"])
            if first_score is None:
                first_score = score
        err = errors.get((i, 0))
        results.append({
            "id": case.id, "tags": case.tags, "verdict": verdicts[0], "verdicts": verdicts if repeat > 1 else None,
            "flipped": len(set(verdicts)) > 1, "error": err, "output": _case_file(case.id, 0),
            "score": first_score if verdicts[0] != "error" else None,
        })
    return results


def build_summary(loaded: LoadedSuite, cases: list[Any], results: list[dict], man: dict[str, Any],
                  opts: RunOptions) -> dict[str, Any]:
    assert loaded.suite is not None
    suite = loaded.suite
    kind = KINDS[suite.kind]
    scored = [r["score"] for r in results]
    body = kind.summarise(loaded, cases, scored)
    infra = [{"id": r["id"], "error": r["error"]} for r in results if r["error"]]
    baseline = load_baseline(opts.baseline_dir, suite.name)
    gates = evaluate_gates(suite, body, kind.gate_checks(suite, body), baseline, man.get("dataset_hash"))
    flips = [r["id"] for r in results if r["flipped"]]
    if len(infra) > suite.gates.max_infra_errors:
        code = EXIT_INFRA
    elif any(g["status"] == "fail" for g in gates):
        code = EXIT_GATE
    else:
        code = EXIT_OK
    return {
        "format": SUMMARY_FORMAT, "suite": suite.name, "kind": suite.kind, "manifest": man,
        "n_cases": len(cases), "infra_errors": infra, "flipped_cases": flips,
        **body, "gates": gates, "case_verdicts": {r["id"]: case_digest(suite.kind, r) for r in results},
        "passed": code == EXIT_OK, "exit_code": code,
    }


def case_digest(kind: str, result: dict[str, Any]) -> dict[str, Any]:
    """What compare needs to list flipped cases, new misses and new false alarms (kept small: it is committed)."""
    d: dict[str, Any] = {"verdict": result["verdict"]}
    s = result.get("score") or {}
    if kind == "checker" and s:
        d["misses"] = sorted(f"{m['category']}@{m['place']}" for m in s.get("misses", []))
        d["false_alarms"] = sorted(f"{f['rule']}:{f['category']}@{f.get('indicator') or f.get('field') or ''}"
                                   for f in s.get("false_alarms", []))
    elif kind == "draft" and s:
        d["failed"] = s.get("failed", [])
    elif kind == "extract" and s:
        d["wrong"] = sorted({k for rec in s.get("records", []) for k, ok in rec["fields"].items() if not ok})
    elif kind == "reader" and s:
        d["wrong"] = sorted(w for f in s.get("forms", []) for w in f["wrong"])
    return d


def _read_error(exc: Exception) -> str:
    from jixiao.messages import json_error, os_error

    return json_error(exc) if isinstance(exc, json.JSONDecodeError) else os_error(exc)


def load_baseline(baseline_dir: Path, suite_name: str) -> dict[str, Any] | None:
    p = baseline_dir / f"{suite_name}.summary.json"
    if not p.is_file():
        return None
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalError(f"{p}: 基线文件无法读取：{_read_error(exc)}") from exc


def write_run(folder: Path, summary: dict[str, Any], results: list[dict[str, Any]]) -> None:
    from jixiao.evals.report import markdown_summary

    write_atomic(folder / "results.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results))
    write_atomic(folder / "summary.json", json.dumps(summary, ensure_ascii=False, indent=1))
    write_atomic(folder / "summary.md", markdown_summary(summary, results))


# ---------------------------------------------------------------------------------------------------------
# Rescore and bless
# ---------------------------------------------------------------------------------------------------------

def read_run(folder: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    try:
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        results = [json.loads(x) for x in (folder / "results.jsonl").read_text(encoding="utf-8").splitlines() if x]
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalError(f"{folder}: 不是完整的评测运行目录（summary.json / results.jsonl 无法读取：{_read_error(exc)}）") from exc
    return summary, results


def rescore(folder: Path, opts: RunOptions | None = None) -> RunResult:
    """Score the stored outputs again with the current suite (labels, gold, scoring options); no model is called."""
    opts = opts or RunOptions()
    old, old_results = read_run(folder)
    man = old["manifest"]
    loaded = load_suite(repo_root(folder) / man["suite_file"] if not Path(man["suite_file"]).is_absolute()
                        else man["suite_file"])
    if loaded.errors or loaded.suite is None:
        raise EvalError("\n".join(str(p) for p in loaded.errors))
    by_id = {c.id: c for c in loaded.cases}
    cases, outputs, errors = [], {}, {}
    for r in old_results:
        case = by_id.get(r["id"])
        if case is None:
            continue  # the case was removed from the suite since
        i = len(cases)
        cases.append(case)
        n_rep = len(r["verdicts"]) if r.get("verdicts") else 1
        for k in range(n_rep):
            p = folder / _case_file(case.id, k)
            if p.is_file():
                outputs[(i, k)] = json.loads(p.read_text(encoding="utf-8"))
            else:
                errors[(i, k)] = r.get("error") or "没有保存的输出"
    repeat = max([len(r["verdicts"]) if r.get("verdicts") else 1 for r in old_results] or [1])
    results = score_outputs(loaded, cases, repeat, outputs, errors)
    man = {**man, "dataset_hash": loaded.dataset_hash,
           "rescored_at": dt.datetime.now().isoformat(timespec="seconds")}
    summary = build_summary(loaded, cases, results, man, opts)
    if opts.write:
        write_run(folder, summary, results)
    return RunResult(folder, summary, results)


def failed_gates(summary: dict[str, Any]) -> list[str]:
    """The gates a run failed, except the regression check against a baseline of another dataset (a dataset changed
    on purpose is what blessing a new baseline is for)."""
    return [g["name"] for g in summary.get("gates", []) if g.get("status") == "fail"
            and not (g.get("name") == "max_drop" and g.get("metric") == "*")]


def bless(folder: Path, baseline_dir: Path = Path("evals/baseline"), force: bool = False) -> Path:
    """Make a run the suite's baseline. A run that failed a gate is refused unless `force`: a baseline is what later
    runs must not fall below."""
    summary, _ = read_run(folder)
    if summary.get("infra_errors"):
        raise EvalError(f"{folder}: 该次运行有 {len(summary['infra_errors'])} 个基础设施错误，不能作为基线")
    failed = failed_gates(summary)
    if failed and not force:
        raise EvalError(f"{folder}: 该次运行未通过门槛（{'、'.join(failed)}），不能作为基线；"
                        "确认要以它为基线（例如有意降低门槛）时加 --force")
    target = baseline_dir / f"{summary['suite']}.summary.json"
    write_atomic(target, json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    os.chmod(target, 0o644)  # a committed file: the temp file of write_atomic is created 0600
    return target
