"""Gates: floors on metrics and the largest allowed drop against the committed baseline; and comparing two runs.

Every metric of a summary is a flat key (`micro.recall`, `category.direction.recall`, `rule.JX101.precision`,
`field.project_code.accuracy`, `cases.pass_rate`…). Most are higher-is-better; counts of bad things
(`clean.false_alarms`, `rows.missing`, `rows.invented`, `rows.wrong`) are lower-is-better.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from jixiao.evals.suite import Suite

LOWER_IS_BETTER = ("clean.false_alarms", "clean.forms_with_false_alarms", "rows.missing", "rows.invented",
                   "rows.wrong")
# The metrics a bare '*' in max_drop covers: the headline figures, not every small per-rule ratio.
HEADLINE = ("micro.*", "macro.*", "cases.pass_rate", "records.exact_match", "rows.*", "clean.false_alarms",
            "forms.recognised", "forms.never_silently_wrong")


def lower_is_better(key: str) -> bool:
    return key in LOWER_IS_BETTER


def drop(key: str, base: float, now: float) -> float:
    """How much worse `now` is than `base` (positive = worse)."""
    return (now - base) if lower_is_better(key) else (base - now)


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def evaluate_gates(suite: Suite, body: dict[str, Any], floors: list[tuple[str, str, float]],
                   baseline: dict[str, Any] | None, dataset_hash: str | None) -> list[dict[str, Any]]:
    """A list of {name, metric, status pass|fail|skip, value, threshold, message}."""
    metrics = body.get("metrics", {})
    g = suite.gates
    gates: list[dict[str, Any]] = []
    floors = list(floors) + [(f"metrics[{k}]", k, v) for k, v in g.metrics.items()]
    for name, key, floor in floors:
        val = metrics.get(key)
        if val is None:
            gates.append({"name": name, "metric": key, "status": "fail", "value": None, "threshold": floor,
                          "message": f"{key} 无数据（没有可计算的用例），视为未通过"})
            continue
        ok = val >= floor
        gates.append({"name": name, "metric": key, "status": "pass" if ok else "fail", "value": val,
                      "threshold": floor, "message": f"{key} = {_fmt(val)}，{'≥' if ok else '<'} 门槛 {_fmt(floor)}"})
    if g.max_false_alarms_on_clean is not None:
        val = metrics.get("clean.false_alarms", 0)
        ok = val <= g.max_false_alarms_on_clean
        gates.append({"name": "max_false_alarms_on_clean", "metric": "clean.false_alarms",
                      "status": "pass" if ok else "fail", "value": val, "threshold": g.max_false_alarms_on_clean,
                      "message": f"无误表单上的误报 {val} 条，上限 {g.max_false_alarms_on_clean}"})
    if g.max_drop:
        gates.extend(_regression_gates(g.max_drop, metrics, baseline, dataset_hash))
    return gates


def _regression_gates(max_drop: dict[str, float], metrics: dict[str, Any], baseline: dict[str, Any] | None,
                      dataset_hash: str | None) -> list[dict[str, Any]]:
    if baseline is None:
        return [{"name": "max_drop", "metric": "*", "status": "skip", "value": None, "threshold": None,
                 "message": "没有基线（evals/baseline/<套件>.summary.json），跳过回归检查；用 jixiao eval bless 建立基线"}]
    base_hash = baseline.get("manifest", {}).get("dataset_hash")
    if base_hash != dataset_hash:
        return [{"name": "max_drop", "metric": "*", "status": "fail", "value": None, "threshold": None,
                 "message": f"基线的数据集（{base_hash}）与本次（{dataset_hash}）不同，无法比较；"
                            "数据集有意修改后请运行 jixiao eval bless 更新基线"}]
    base = baseline.get("metrics", {})
    out = []
    for key in sorted(metrics):
        limit = _limit_for(key, max_drop)
        if limit is None or base.get(key) is None or metrics[key] is None:
            continue
        d = drop(key, base[key], metrics[key])
        ok = d <= limit + 1e-9
        out.append({"name": f"max_drop[{key}]", "metric": key, "status": "pass" if ok else "fail",
                    "value": metrics[key], "threshold": limit, "baseline": base[key],
                    "message": f"{key}: 基线 {_fmt(base[key])} → 本次 {_fmt(metrics[key])}"
                               f"（{'下降' if d > 0 else '变化'} {_fmt(abs(d))}，允许 {_fmt(limit)}）"})
    return out


def _limit_for(key: str, max_drop: dict[str, float]) -> float | None:
    if key in max_drop:
        return max_drop[key]
    for pattern, limit in max_drop.items():
        if pattern != "*" and fnmatchcase(key, pattern):
            return limit
    if "*" in max_drop and any(fnmatchcase(key, h) for h in HEADLINE):
        return max_drop["*"]
    return None


# ---------------------------------------------------------------------------------------------------------
# compare RUN BASELINE
# ---------------------------------------------------------------------------------------------------------

class DatasetMismatch(Exception):
    pass


def compare(run: dict[str, Any], base: dict[str, Any], *, force: bool = False) -> dict[str, Any]:
    """Deltas per metric and the cases whose verdict changed, with new misses / false alarms / failures."""
    h_run = run.get("manifest", {}).get("dataset_hash")
    h_base = base.get("manifest", {}).get("dataset_hash")
    if h_run != h_base and not force:
        raise DatasetMismatch(f"两次运行的数据集不同（{h_run} ≠ {h_base}），拒绝比较")
    if run.get("suite") != base.get("suite") and not force:
        raise DatasetMismatch(f"两次运行属于不同的套件（{run.get('suite')} ≠ {base.get('suite')}），拒绝比较")
    m_run, m_base = run.get("metrics", {}), base.get("metrics", {})
    deltas = []
    for key in sorted(set(m_run) | set(m_base)):
        a, b = m_base.get(key), m_run.get(key)
        if a == b:
            continue
        d = None if a is None or b is None else round(b - a, 4)
        worse = d is not None and drop(key, a, b) > 1e-9
        deltas.append({"metric": key, "baseline": a, "run": b, "delta": d,
                       "change": "worse" if worse else ("better" if d is not None else "changed")})
    flips = []
    v_run, v_base = run.get("case_verdicts", {}), base.get("case_verdicts", {})
    for cid in sorted(set(v_run) | set(v_base)):
        a, b = v_base.get(cid), v_run.get(cid)
        if a is None or b is None:
            flips.append({"id": cid, "baseline": a and a["verdict"], "run": b and b["verdict"],
                          "note": "新增用例" if a is None else "用例已删除"})
            continue
        new = {k: sorted(set(b.get(k, [])) - set(a.get(k, []))) for k in ("misses", "false_alarms", "failed", "wrong")}
        fixed = {k: sorted(set(a.get(k, [])) - set(b.get(k, []))) for k in ("misses", "false_alarms", "failed", "wrong")}
        if a["verdict"] != b["verdict"] or any(new.values()) or any(fixed.values()):
            flips.append({"id": cid, "baseline": a["verdict"], "run": b["verdict"],
                          "new": {k: v for k, v in new.items() if v}, "fixed": {k: v for k, v in fixed.items() if v}})
    return {"suite": run.get("suite"), "dataset_hash": h_run, "deltas": deltas, "flips": flips,
            "worse": [d["metric"] for d in deltas if d["change"] == "worse"]}
