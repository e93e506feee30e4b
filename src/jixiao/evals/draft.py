"""The `draft` suite: project descriptions -> a drafted form -> deterministic assertions, then (only when an LLM is
configured and the suite asks) an LLM-judged rubric, advisory unless the suite makes it a gate.

Assertions: no checker error; every required 二级 category (vocab.REQUIRED_LEVEL2) present; the amounts of the
description found among the form's amounts; the expected output phrases covered by the indicators; the budget
year; the prompt within the token budget (when the drafter reports its prompt size).
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any, Callable

from pydantic import BaseModel, Field

from jixiao.evals.checker import InfraError
from jixiao.evals.suite import DraftCase, LoadedSuite, Suite
from jixiao.model import Form, FormList
from jixiao.values import normalise

ASSERTIONS = ("no_checker_error", "required_categories", "amounts", "outputs", "budget_year", "token_budget")


def find_drafter() -> Callable[..., Any]:
    """`jixiao.draft.draft(description, offline=…, llm_client=…)`; InfraError when it is not there (yet)."""
    try:
        mod = importlib.import_module("jixiao.draft")
    except ModuleNotFoundError as exc:
        if exc.name != "jixiao.draft":
            raise
        raise InfraError("起草模块 jixiao.draft 尚不存在，无法运行起草套件") from exc
    fn = getattr(mod, "draft", None)
    if not callable(fn):
        raise InfraError("jixiao.draft 中没有起草函数 draft(description, offline=…)")
    return fn


def _call_drafter(fn: Callable[..., Any], description: str, llm: Any, offline: bool) -> Any:
    params = inspect.signature(fn).parameters
    kwargs: dict[str, Any] = {}
    for name in ("llm_client", "llm"):
        if name in params and llm is not None:
            kwargs[name] = llm
            break
    if "offline" in params:
        kwargs["offline"] = offline
    return fn(description, **kwargs)


def _unpack(result: Any) -> tuple[Form, dict[str, Any]]:
    """A drafter may return a Form, or a result object / dict holding `form` and some usage figures."""
    if isinstance(result, Form):
        return result, {}
    form = getattr(result, "form", None)
    if form is None and isinstance(result, dict):
        form = result.get("form")
    if not isinstance(form, Form):
        raise InfraError(f"起草函数返回了无法识别的结果类型：{type(result).__name__}")
    info: dict[str, Any] = {}
    for key in ("prompt_tokens", "token_method", "mode", "examples", "repair_rounds", "needs_human"):
        val = getattr(result, key, None) if not isinstance(result, dict) else result.get(key)
        if val is not None and isinstance(val, (int, float, str, list)):
            info[key] = val
    return form, info


def run_case(loaded: LoadedSuite, case: DraftCase, *, drafter: Callable[..., Any] | None = None, llm: Any = None,
             **_: Any) -> dict[str, Any]:
    assert loaded.suite is not None
    offline = loaded.suite.drafter == "offline"
    fn = drafter or find_drafter()
    form, info = _unpack(_call_drafter(fn, case.description, llm, offline))
    out: dict[str, Any] = {"form": form.model_dump(mode="json"), "info": info}
    if loaded.suite.rubric is not None and llm is not None:
        out["rubric"] = judge(llm, loaded.suite, case, form)
    return out


# ---------------------------------------------------------------------------------------------------------
# Assertions
# ---------------------------------------------------------------------------------------------------------

def _flat(s: str) -> str:
    return normalise(s).replace(",", "")


def assertions(case: DraftCase, form: Form, info: dict[str, Any], suite: Suite) -> list[dict[str, Any]]:
    from jixiao import vocab
    from jixiao.check import audit_form
    from jixiao.evals.checker import check_config

    res: list[dict[str, Any]] = []

    def add(name: str, status: str, message: str = "") -> None:
        res.append({"name": name, "status": status, "message": message})

    errors = [f for f in audit_form(form, check_config(suite)) if f.severity == "error"]
    add("no_checker_error", "fail" if errors else "pass",
        "；".join(f"{f.rule} {f.indicator or f.field or ''}: {f.message}" for f in errors[:3]))

    present = {i.level2 for i in form.applicable() if i.level2}
    missing = [c for c in vocab.REQUIRED_LEVEL2 if c not in present]
    add("required_categories", "fail" if missing else "pass", f"缺少必填二级指标：{'、'.join(missing)}" if missing else "")

    if case.expect.amounts_yuan:
        have = [a.yuan for a in (form.annual_amount, form.total_amount, *form.funding.values()) if a and a.yuan is not None]
        lost = [x for x in case.expect.amounts_yuan if not any(abs(x - h) <= suite.amount_tolerance_yuan for h in have)]
        add("amounts", "fail" if lost else "pass", f"表中没有金额 {lost}（表中金额：{have}）" if lost else "")
    else:
        add("amounts", "skip", "用例未给出金额")

    if case.expect.outputs:
        texts = [_flat(" ".join(x for x in (i.name, i.target.raw, i.unit or "", i.explanation or "") if x))
                 for i in form.applicable()]
        uncovered = [p for p in case.expect.outputs if not any(_flat(p) in t for t in texts)]
        add("outputs", "fail" if uncovered else "pass", f"指标未覆盖：{'、'.join(uncovered)}" if uncovered else "")
    else:
        add("outputs", "skip", "用例未给出产出短语")

    if case.expect.budget_year is not None:
        ok = form.budget_year == case.expect.budget_year
        add("budget_year", "pass" if ok else "fail", "" if ok else f"预算年度 {form.budget_year} ≠ {case.expect.budget_year}")
    else:
        add("budget_year", "skip", "用例未给出预算年度")

    tokens = info.get("prompt_tokens", info.get("tokens", info.get("token_count")))
    if suite.token_budget is None:
        add("token_budget", "skip", "套件未设 token 预算")
    elif not isinstance(tokens, (int, float)):
        add("token_budget", "skip", "起草结果未报告提示词 token 数（离线起草不用提示词）")
    else:
        ok = tokens <= suite.token_budget
        add("token_budget", "pass" if ok else "fail", "" if ok else f"提示词 {tokens} token > 预算 {suite.token_budget}")
    return res


def score_case(case: DraftCase, output: dict[str, Any], suite: Suite, **_: Any) -> dict[str, Any]:
    form = FormList.validate_python([output["form"]])[0]
    checks = assertions(case, form, output.get("info", {}), suite)
    rubric = output.get("rubric")
    failed = [c["name"] for c in checks if c["status"] == "fail"]
    if rubric is not None and suite.rubric is not None and suite.rubric.gate and rubric.get("score", 0) < suite.rubric.min_score:
        failed.append("rubric")
    return {"id": case.id, "verdict": "fail" if failed else "pass", "assertions": checks, "failed": failed,
            "rubric": rubric}


def summarise(loaded: LoadedSuite, cases: list[DraftCase], scored: list[dict | None]) -> dict[str, Any]:
    per: dict[str, dict[str, int]] = {a: {"pass": 0, "fail": 0, "skip": 0} for a in ASSERTIONS}
    n = passed = 0
    rubric_scores = []
    for res in scored:
        if res is None:
            continue
        n += 1
        passed += res["verdict"] == "pass"
        for a in res["assertions"]:
            per.setdefault(a["name"], {"pass": 0, "fail": 0, "skip": 0})[a["status"]] += 1
        if res.get("rubric") and isinstance(res["rubric"].get("score"), (int, float)):
            rubric_scores.append(res["rubric"]["score"])
    metrics: dict[str, Any] = {"cases.pass_rate": round(passed / n, 4) if n else None}
    for name, d in per.items():
        judged = d["pass"] + d["fail"]
        metrics[f"assertion.{name}.pass_rate"] = round(d["pass"] / judged, 4) if judged else None
    if rubric_scores:
        metrics["rubric.mean"] = round(sum(rubric_scores) / len(rubric_scores), 4)
    return {"metrics": metrics, "assertions": per, "cases": {"scored": n, "passed": passed},
            "rubric": {"judged": len(rubric_scores), "advisory": not (loaded.suite and loaded.suite.rubric
                                                                       and loaded.suite.rubric.gate)}}


def gate_checks(suite: Suite, summary: dict[str, Any]) -> list[tuple[str, str, float]]:
    if suite.gates.min_pass_rate is None:
        return []
    return [("min_pass_rate", "cases.pass_rate", suite.gates.min_pass_rate)]


# ---------------------------------------------------------------------------------------------------------
# LLM-judged rubric
# ---------------------------------------------------------------------------------------------------------

class CriterionScore(BaseModel):
    criterion: str
    score: float = Field(ge=0, le=1, description="0 = not met, 1 = fully met")
    reason: str


class RubricVerdict(BaseModel):
    scores: list[CriterionScore]


RUBRIC_TEMPLATE_VERSION = "eval-rubric-v1"
# The judge prompt is short and specific to evals, so it lives here; its version is part of the cache key.
RUBRIC_SYSTEM = ("你是财政预算绩效目标申报表的审核专家。根据项目描述和起草的绩效目标表，按给定的评分标准逐条打分"
                 "（0 到 1），并用一句中文说明理由。只评价给出的标准。")


def judge(llm: Any, suite: Suite, case: DraftCase, form: Form) -> dict[str, Any]:
    assert suite.rubric is not None
    rows = "\n".join(f"{i.level1 or ''}\t{i.level2 or ''}\t{i.name}\t{i.target.raw}\t{i.unit or ''}\t{i.explanation or ''}"
                     for i in form.indicators)
    criteria = "\n".join(f"{n}. {c}" for n, c in enumerate(suite.rubric.criteria, 1))
    user = (f"项目描述：\n{case.description}\n\n绩效目标表（一级\t二级\t三级\t指标值\t单位\t解释）：\n"
            f"年度目标：{form.field_text('年度目标')}\n{rows}\n\n评分标准：\n{criteria}")
    verdict, _info = llm.structured_call(RubricVerdict, [{"role": "system", "content": RUBRIC_SYSTEM},
                                                         {"role": "user", "content": user}],
                                         template_version=RUBRIC_TEMPLATE_VERSION)
    scores = [s.model_dump() for s in verdict.scores]
    mean = sum(s["score"] for s in scores) / len(scores) if scores else 0.0
    return {"score": round(mean, 4), "criteria": scores}
