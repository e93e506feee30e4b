"""The `draft` suite: project descriptions -> a drafted form -> deterministic assertions, then (only when an LLM is
configured and the suite asks) an LLM-judged rubric, advisory unless the suite makes it a gate.

Assertions: no checker error; every required 二级 category (vocab.REQUIRED_LEVEL2) present; the amounts of the
description found among the form's amounts; the expected output phrases covered by the indicators; the budget
year; the prompt within the token budget (when the drafter reports its prompt size). And the facts a reviewer checks
(issue 19): the applicant; the annual and multi-year amounts, and no unit price as either; every stated quantity as
an indicator with its number and unit; every stated limit (a time limit, a deadline, service hours, a cap) and rate
with its value; the period; no indicator name broken off a sentence (JX621); a 年度目标 that is not the description.
Fact assertions also count items (`found` of `expected`), summed into `items.*.recall`.
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

ASSERTIONS = ("no_checker_error", "required_categories", "amounts", "outputs", "budget_year", "token_budget", "applicant",
              "annual_amount", "total_amount", "not_amounts", "quantities", "limits", "rates", "frequencies", "period",
              "names_whole",
              "goal_written")
ITEMS = ("quantities", "limits", "rates", "frequencies")


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
    for key in ("prompt_tokens", "token_method", "mode", "examples", "repair_rounds", "needs_human", "request_tokens",
                "to_fill"):
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

    def add(name: str, status: str, message: str = "", found: int | None = None, expected: int | None = None) -> None:
        item: dict[str, Any] = {"name": name, "status": status, "message": message}
        if expected is not None:
            item |= {"found": found, "expected": expected}
        res.append(item)

    # findings on what the drafter left 待填 on purpose (the description does not say) are the person's to fill
    errors = [f for f in audit_form(form, check_config(suite)) if f.severity == "error" and "待填" not in (f.evidence or "") + f.message
              and not (f.indicator or "").startswith("待填")]
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

    facts(case, form, add)

    tokens = info.get("request_tokens") or info.get("prompt_tokens", info.get("tokens", info.get("token_count")))
    if isinstance(tokens, list):
        tokens = max(tokens) if tokens else None
    if suite.token_budget is None:
        add("token_budget", "skip", "套件未设 token 预算")
    elif not isinstance(tokens, (int, float)):
        add("token_budget", "skip", "起草结果未报告提示词 token 数（离线起草不用提示词）")
    else:
        ok = tokens <= suite.token_budget
        add("token_budget", "pass" if ok else "fail", "" if ok else f"提示词 {tokens} token > 预算 {suite.token_budget}")
    return res


_TO_FILL = ("", "待填", None)


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= max(0.5, abs(b) * 1e-6)


def _unit(u: str | None) -> str:
    from jixiao import vocab

    u = (u or "").strip().replace("个工作日", "工作日").replace("个小时", "小时").replace("个月", "月")
    return vocab.same_unit(u) or u


def _bigrams(text: str) -> set[str]:
    text = _flat(text)
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def _names_object(name: str, obj: str) -> bool:
    """The row's name names the object: half of the object's bigrams are in it (数据库 in 续订中外文数据库数量)."""
    want = _bigrams(obj)
    return len(want & _bigrams(name)) * 2 >= len(want)


def facts(case: DraftCase, form: Form, add: Callable[..., None]) -> None:
    from jixiao import vocab
    from jixiao.check.rules.plausibility import broken_phrase

    e = case.expect
    if e.applicant == "":
        add("applicant", "skip", "用例未给出申请单位")
    else:
        have = (form.applicant or "").strip() or None
        have = None if have in _TO_FILL else have
        ok = have == e.applicant
        add("applicant", "pass" if ok else "fail", "" if ok else f"申请单位“{have or '（空/待填）'}” ≠ “{e.applicant or '（待填）'}”")
    for name, want, amount in (("annual_amount", e.annual_amount_yuan, form.annual_amount),
                               ("total_amount", e.total_amount_yuan, form.total_amount)):
        have_yuan = amount.yuan if amount is not None else None
        if want == -1.0:
            add(name, "skip", "用例未给出")
        elif want is None:
            ok = have_yuan is None
            add(name, "pass" if ok else "fail", "" if ok else f"描述没有金额，表中却写了 {have_yuan}")
        else:
            ok = have_yuan is not None and _same(have_yuan, want)
            add(name, "pass" if ok else "fail", "" if ok else f"金额 {have_yuan} ≠ {want}")
    if e.not_amounts_yuan:
        have = [a.yuan for a in (form.annual_amount, form.total_amount) if a is not None and a.yuan is not None]
        wrong = [x for x in e.not_amounts_yuan if any(_same(h, x) for h in have)]
        add("not_amounts", "fail" if wrong else "pass", f"单价或标准 {wrong} 被当成了项目金额" if wrong else "")
    else:
        add("not_amounts", "skip", "用例未给出单价")
    rows = form.applicable()
    def carried(name: str, stated: list[Any], skip: str, found: Callable[[Any], bool], said: Callable[[Any], str]) -> None:
        """Whether each stated item of the description has an indicator in the draft."""
        if not stated:
            add(name, "skip", skip)
            return
        missing = [said(item) for item in stated if not found(item)]
        add(name, "fail" if missing else "pass", f"没有指标：{'、'.join(missing)}" if missing else "",
            len(stated) - len(missing), len(stated))

    def quantity_found(q: Any) -> bool:
        # under 产出, or 效益 for the people a project reaches (受益人口18,400人)
        return any(r.level1 in ("产出", "效益") and r.target.value is not None and _same(r.target.value, q.value)
                   and _unit(r.target.unit or r.unit) == _unit(q.unit)
                   and _names_object(r.name + (r.explanation or ""), q.object) for r in rows)

    def limit_found(lim: Any) -> bool:
        if lim.kind == "deadline":
            return any(r.target.deadline is not None and r.target.deadline.isoformat() == lim.date for r in rows)
        if lim.kind in ("duration", "service_hours"):
            want_h = (lim.value or 0) * vocab.DURATION_HOURS.get(_unit(lim.unit), 1)
            return any(r.target.value is not None and (
                (r.target.hours is not None and _same(r.target.hours, want_h))
                or (_same(r.target.value, lim.value or 0) and _unit(r.target.unit).startswith(_unit(lim.unit))))
                for r in rows)
        # caps: a ≤ target of that value
        return any(r.target.value is not None and _same(r.target.value, lim.value or 0)
                   and r.target.comparator in ("≤", "<", "=", None) for r in rows)

    def rate_found(rate: Any) -> bool:
        key = (rate.name or "")[-3:-1] if (rate.name or "").endswith(("率", "度")) else (rate.name or "")
        return any(r.target.value is not None and _same(r.target.value, rate.value) and (r.target.unit or "") == rate.unit
                   and (not key or key in r.name) for r in rows)

    def frequency_found(fr: Any) -> bool:
        return any(r.target.value is not None and _same(r.target.value, fr.count)
                   and (fr.per in (r.target.unit or "") + (r.unit or "") or fr.per in r.name) for r in rows)

    carried("quantities", e.quantities, "用例未给出数量", quantity_found, lambda q: f"{q.object}{q.value:g}{q.unit}")
    carried("limits", e.limits, "用例未给出时限", limit_found,
            lambda lim: lim.text or f"{lim.kind} {lim.value or lim.date}{lim.unit or ''}")
    carried("rates", e.rates, "用例未给出比率", rate_found, lambda rate: f"{rate.name or ''}{rate.value:g}{rate.unit}")
    carried("frequencies", e.frequencies, "用例未给出频次", frequency_found, lambda fr: f"每{fr.per}{fr.count:g}次")
    if e.period_years is not None:
        ok = form.period_years == e.period_years
        add("period", "pass" if ok else "fail", "" if ok else f"实施期限 {form.period_years} ≠ {e.period_years}")
    else:
        add("period", "skip", "用例未给出实施期限")
    broken = [r.name for r in form.indicators if broken_phrase(r.name)]
    add("names_whole", "fail" if broken else "pass", f"断开的指标名称：{'、'.join(broken)}" if broken else "")
    goal = _flat(form.field_text("年度目标"))
    pasted = bool(goal) and (goal == _flat(case.description) or _flat(case.description) in goal)
    add("goal_written", "fail" if pasted or not goal else "pass", "年度目标照抄描述" if pasted else ("年度目标为空" if not goal else ""))


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
    for item in ITEMS:
        found = sum(a.get("found", 0) for r in scored if r for a in r["assertions"] if a["name"] == item)
        expected = sum(a.get("expected", 0) for r in scored if r for a in r["assertions"] if a["name"] == item)
        metrics[f"items.{item}.recall"] = round(found / expected, 4) if expected else None
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
