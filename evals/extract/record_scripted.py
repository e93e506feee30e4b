"""Record the scripted answers of the extract-llm suite into its LLM cache (evals/extract/llm-cache/).

No model is reachable from the machines this project is built on, so the model's answers are scripted
(scripted/*.json; scripted/README.md says what they are and which failures they contain). This script starts the
local scripted OpenAI-compatible server (jixiao.evals.scripted_server) and runs the suite in `refresh` mode
through the real openai client and instructor, so the cache holds exactly the entries `--replay` looks up:

    .venv/bin/python evals/extract/record_scripted.py      # rewrites llm-cache/, prints the figures
    .venv/bin/jixiao eval run evals/extract/suite-llm.yaml --replay

Run it again after changing the prompts (prompts/extract_*), the answer model (jixiao.extract.ExtractedForm),
an input file or a scripted answer; then bless the new run if the figures changed on purpose. The server answers
each request by its content (the `match` text of a scripted answer found in the form text of the request, and
the part number), not by order, because the suite sends cases concurrently.

Exit codes: 0 recorded; 1 a request had no scripted answer, a scripted answer was never asked for, or a case
failed to run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SUITE = HERE / "suite-llm.yaml"
SCRIPTED = HERE / "scripted"
_PART = re.compile(r"第\s*(\d+)\s*部分")


def load_answers() -> list[dict[str, Any]]:
    out = []
    for p in sorted(SCRIPTED.glob("*.json")):
        data = json.loads(p.read_text(encoding="utf-8"))
        for a in data["answers"]:
            out.append({"file": p.name, "match": a["match"], "part": a.get("part", 1), "response": a["response"],
                        "used": 0})
    return out


def make_responder(answers: list[dict[str, Any]], unmatched: list[str]) -> Any:
    from jixiao.evals.scripted_server import reply

    def respond(body: dict[str, Any]) -> dict[str, Any] | None:
        users = [m.get("content") or "" for m in body.get("messages", []) if m.get("role") == "user"]
        text = users[-1] if users else ""  # the form text; earlier user messages are few-shot examples
        m = _PART.search(text.split("<<<", 1)[0])
        part = int(m.group(1)) if m else 1
        hits = [a for a in answers if a["match"] in text and a["part"] == part]
        if len(hits) != 1:
            unmatched.append(f"{len(hits)} 个脚本应答匹配请求（第 {part} 部分）：{text[:80]!r}")
            return None
        hits[0]["used"] += 1
        return reply(hits[0]["response"])

    return respond


def main() -> int:
    import openai

    from jixiao.evals.report import print_run
    from jixiao.evals.runner import RunOptions, repo_root, run_suite, suite_llm_config
    from jixiao.evals.scripted_server import FakeLLMServer
    from jixiao.evals.suite import load_suite
    from jixiao.llm import LLMClient

    # the suite's own model label and cache, whatever this shell has configured
    for var in ("JIXIAO_MODEL", "OPENAI_BASE_URL", "JIXIAO_LLM_MODE", "JIXIAO_CACHE_DIR", "JIXIAO_LLM_CACHE"):
        os.environ.pop(var, None)
    loaded = load_suite(SUITE)
    if loaded.errors or loaded.suite is None:
        print("\n".join(str(p) for p in loaded.errors), file=sys.stderr)
        return 1
    config = suite_llm_config(loaded, "refresh")
    cache = Path(config.cache_dir)
    if cache.is_dir():
        shutil.rmtree(cache)  # entries of older prompts would never be read again
    answers = load_answers()
    unmatched: list[str] = []
    root = repo_root(HERE)
    with FakeLLMServer(responder=make_responder(answers, unmatched)) as server:
        http = openai.OpenAI(base_url=server.base_url, api_key="scripted", timeout=30, max_retries=0)
        client = LLMClient(config, openai_client=http)
        res = run_suite(loaded, RunOptions(cache_mode="refresh", llm=client, runs_dir=root / "evals" / "runs",
                                           baseline_dir=root / "evals" / "baseline"))
    from rich.console import Console

    print_run(Console(highlight=False, width=120), res.summary, res.results)
    entries = sorted(cache.glob("*/*.json"))
    print(f"运行目录：{res.folder}\n缓存：{cache}（{len(entries)} 条）")
    problems = list(unmatched)
    problems += [f"脚本应答未被请求：{a['file']}（{a['match']}，第 {a['part']} 部分）" for a in answers if not a["used"]]
    problems += [f"用例 {e['id']} 运行失败：{e['error']}" for e in res.summary["infra_errors"]]
    for p in problems:
        print(f"错误：{p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
