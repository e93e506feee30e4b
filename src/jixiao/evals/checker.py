"""The `checker` suite: labeled forms -> run the checker -> match findings to labels -> TP / FP / FN.

Matching a finding to a label: same form, same category, and the same place: the 三级指标 (normalised) for a
row label, the header field (normalised, parentheses dropped) for a field label; a label with neither is about
the whole form and takes any finding of its category. A label with a rule code takes only that rule's findings.
Each finding fills at most one label; a second finding at an already-found label (two rules of one category on
one row) is a duplicate and counts neither way; a finding at a labeled place whose category the label `accept`s
is ignored, and so is a finding of a category the case declares `neutral` (a page cut off inside its table cannot
be judged for missing categories). Only findings of the suite's `count_severities` (error + warning by default) are predictions.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from pathlib import Path
from typing import Any

from jixiao import vocab
from jixiao.check.facts import normal_name
from jixiao.evals.metrics import Counts, macro
from jixiao.evals.suite import CheckerCase, LoadedSuite, Suite, tag_pairs
from jixiao.values import normalise


class InfraError(Exception):
    """The system under test could not produce an output for a case (not a wrong answer: a failure to answer)."""


# ---------------------------------------------------------------------------------------------------------
# Normalising the places findings and labels point at
# ---------------------------------------------------------------------------------------------------------

_PARENS = re.compile(r"[(（][^)）]*[)）]")


def norm_row(name: str | None) -> str:
    """An indicator's name as labels and findings are matched: as the rules compare names (红外相机完好率（%） is
    红外相机完好率), without the template's required marks."""
    return normal_name(normalise(name or "").strip("*★☆"))


def norm_field(name: str | None) -> str:
    s = normalise(name or "")
    s = _PARENS.sub("", s)
    s = _OF_WHICH.sub("", s)  # 其中：财政拨款 is the field 财政拨款 (a form prints the part under its total so)
    s = vocab.OUTLINE_NUMBER.sub("", s)  # 三、满意度指标 is the heading 满意度指标 (its outline number is no part of it)
    return s.rstrip(":：")


_OF_WHICH = re.compile(r"^其中\s*[:：]?")


def _field_eq(a: str, b: str) -> bool:
    return bool(a and b) and (a == b or a.startswith(b) or b.startswith(a))


def place_matches(label: Any, finding: dict[str, Any]) -> bool:
    if label.form_level:
        return True
    ind = norm_row(finding.get("indicator"))
    if ind and any(ind == norm_row(r) for r in label.rows()):
        return True
    fld = norm_field(finding.get("field"))
    if fld and any(_field_eq(fld, norm_field(f)) for f in label.fields()):
        return True
    # a self-evaluation's money or total row: the label names the column (执行率, 得分, 总分) the finding marks
    col = norm_field(finding.get("column"))
    if col and any(_field_eq(col, norm_field(f)) for f in label.fields()):
        return True
    # a finding about a column of the indicator table (JX605: the explanations): a label may name that column as the
    # form prints it (指标值说明), as its row or its field
    role = vocab.column_role(col) if col else None
    if role and any(vocab.column_role(p) == role for p in (*label.rows(), *label.fields())):
        return True
    # a finding on the money row (年度资金总额: 得分 ≠ 分值 × 执行率) reads several of its columns; a label may name any
    return _is_fund_row(fld) and any(vocab.fund_column(norm_field(f)) for f in label.fields())


def _is_fund_row(field: str) -> bool:
    return any(field in words or field == name for name, words in vocab.FUND_ROW_LABELS)


# ---------------------------------------------------------------------------------------------------------
# Running the checker on one case
# ---------------------------------------------------------------------------------------------------------

_parse_lock = threading.Lock()
_parse_cache: dict[tuple[str, float], Any] = {}


def _parse_cached(path: Path) -> Any:
    from jixiao.parse import parse_path

    key = (str(path), path.stat().st_mtime)
    with _parse_lock:
        hit = _parse_cache.get(key)
    if hit is None:
        hit = parse_path(path)
        with _parse_lock:
            _parse_cache[key] = hit
    return hit


def select_form(forms: list[Any], case: CheckerCase) -> Any | None:
    if case.project_code:
        for f in forms:
            if (f.project_code or "").strip() == case.project_code.strip():
                return f
        return None
    idx = case.form or 0
    return forms[idx] if 0 <= idx < len(forms) else None


def form_skeleton(form: Any) -> dict[str, Any]:
    """Where things are in the form (for file:line of misses), stored with the output so rescoring needs no parse."""
    fields = [[hf.label, hf.line] for hf in form.fields.values()] + [[k, hf.line] for k, hf in form.fields.items()]
    return {"index": form.index, "kind": form.kind, "project_code": form.project_code,
            "project_name": form.project_name, "line": form.line, "layout": form.layout,
            "indicators": [[i.name, i.line] for i in form.indicators], "fields": fields}


def check_config(suite: Suite) -> Any:
    from jixiao.check import CheckConfig

    return CheckConfig(select=list(suite.select), ignore=list(suite.ignore))


def run_case(loaded: LoadedSuite, case: CheckerCase, **_: Any) -> dict[str, Any]:
    """Parse the case's file and audit the selected form. Raises InfraError when there is no form to audit."""
    from jixiao.check import audit_form

    assert loaded.suite is not None
    path = loaded.resolve(case.file)
    if not path.is_file():
        raise InfraError(f"{path}: 文件不存在")
    result = _parse_cached(path)
    form = select_form(result.forms, case)
    if form is None:
        errs = "；".join(str(e) for e in result.errors[:2])
        which = f"项目编码 {case.project_code}" if case.project_code else f"第 {case.form or 0} 张表"
        raise InfraError(f"{path}: 未解析出{which}（共 {len(result.forms)} 张）{('：' + errs) if errs else ''}")
    findings = audit_form(form, check_config(loaded.suite))
    return {"file": display_path(path), "form": form_skeleton(form),
            "findings": [f.model_dump(mode="json", exclude_none=True) for f in findings]}


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------------------------------------
# Scoring one case
# ---------------------------------------------------------------------------------------------------------

def _label_line(label: Any, skeleton: dict[str, Any]) -> int:
    for r in label.rows():
        for name, line in skeleton.get("indicators", []):
            if norm_row(name) == norm_row(r):
                return line
    for f in label.fields():
        for name, line in skeleton.get("fields", []):
            if _field_eq(norm_field(name), norm_field(f)):
                return line
    return skeleton.get("line") or 1


def _label_place(label: Any) -> str:
    parts = label.rows() + label.fields()
    return " / ".join(parts) if parts else "（整张表）"


def score_case(case: CheckerCase, output: dict[str, Any], suite: Suite, **_: Any) -> dict[str, Any]:
    findings = output.get("findings", [])
    counted = [f for f in findings if f.get("severity") in suite.count_severities]
    skeleton = output.get("form", {})
    where = output.get("file", case.file)

    labels = list(enumerate(case.labels))
    # Labels that name a place go first, so a whole-form label does not take a finding a row label needs.
    order = sorted(labels, key=lambda il: il[1].form_level)
    taken: set[int] = set()
    matched: dict[int, dict[str, Any]] = {}
    for li, label in order:
        for fi, f in sorted(enumerate(counted), key=lambda x: x[1].get("line") or 0):
            if fi in taken or f.get("category") != label.category:
                continue
            if label.rule and f.get("rule") != label.rule:
                continue
            if place_matches(label, f):
                taken.add(fi)
                matched[li] = f
                break

    duplicates = accepted = 0
    false_alarms = []
    for fi, f in enumerate(counted):
        if fi in taken:
            continue
        if any(li in matched and lab.category == f.get("category") and (not lab.rule or lab.rule == f.get("rule"))
               and place_matches(lab, f) for li, lab in labels):
            duplicates += 1
        elif any(f.get("category") in lab.accept and place_matches(lab, f) for _, lab in labels) \
                or f.get("category") in case.neutral:
            accepted += 1
        else:
            false_alarms.append({
                "rule": f.get("rule"), "category": f.get("category"), "severity": f.get("severity"),
                "indicator": f.get("indicator"), "field": f.get("field"), "message": f.get("message"),
                "evidence": f.get("evidence"), "where": f"{where}:{f.get('line') or skeleton.get('line') or 1}"})

    hits, misses = [], []
    for li, label in labels:
        line = _label_line(label, skeleton)
        item = {"label": li, "category": label.category, "label_rule": label.rule, "place": _label_place(label),
                "where": f"{where}:{line}", "note": label.note, "severity": label.severity}
        if li in matched:
            item["rule"] = matched[li].get("rule")
            hits.append(item)
        else:
            misses.append(item)
    return {
        "id": case.id, "clean": case.clean, "verdict": "pass" if not misses and not false_alarms else "fail",
        "tp": len(hits), "fn": len(misses), "fp": len(false_alarms), "hits": hits, "misses": misses,
        "false_alarms": false_alarms, "duplicates": duplicates, "accepted": accepted,
        "not_counted": len(findings) - len(counted),
    }


# ---------------------------------------------------------------------------------------------------------
# Summary over cases
# ---------------------------------------------------------------------------------------------------------

def summarise(loaded: LoadedSuite, cases: list[CheckerCase], scored: list[dict[str, Any] | None]) -> dict[str, Any]:
    from jixiao.check.engine import CATEGORIES

    by_cat: dict[str, Counts] = defaultdict(Counts)
    by_rule: dict[str, Counts] = defaultdict(Counts)
    by_severity: dict[str, Counts] = defaultdict(Counts)  # labels by the severity the labeller gave them
    by_tag: dict[str, dict[str, Counts]] = defaultdict(lambda: defaultdict(Counts))
    clean_forms = clean_alarms = clean_forms_alarmed = 0
    passed = scored_n = 0
    for case, res in zip(cases, scored):
        if res is None:
            continue
        scored_n += 1
        passed += res["verdict"] == "pass"
        case_counts = Counts(res["tp"], res["fp"], res["fn"])
        for k, v in tag_pairs(case.tags):
            by_tag[k][v].add(case_counts)
        for h in res["hits"]:
            if h.get("severity"):
                by_severity[h["severity"]].tp += 1
            by_cat[h["category"]].tp += 1
            if h.get("rule"):
                by_rule[h["rule"]].tp += 1
        for m in res["misses"]:
            if m.get("severity"):
                by_severity[m["severity"]].fn += 1
            by_cat[m["category"]].fn += 1
            if m.get("label_rule"):
                by_rule[m["label_rule"]].fn += 1
        for fa in res["false_alarms"]:
            by_cat[fa["category"]].fp += 1
            by_rule[fa["rule"]].fp += 1
        if case.clean:
            clean_forms += 1
            clean_alarms += res["fp"]
            clean_forms_alarmed += res["fp"] > 0

    micro = Counts()
    for c in by_cat.values():
        micro.add(c)
    cats = {c: by_cat[c].as_dict() for c in CATEGORIES if c in by_cat}
    cats.update({c: v.as_dict() for c, v in by_cat.items() if c not in cats})
    rules = {r: by_rule[r].as_dict() for r in sorted(by_rule)}
    macro_vals = {m: macro(by_cat[c].__getattribute__(m) for c in by_cat) for m in ("precision", "recall", "f1")}
    metrics: dict[str, float | int | None] = {
        "micro.precision": micro.as_dict()["precision"], "micro.recall": micro.as_dict()["recall"],
        "micro.f1": micro.as_dict()["f1"],
        "macro.precision": _round(macro_vals["precision"]), "macro.recall": _round(macro_vals["recall"]),
        "macro.f1": _round(macro_vals["f1"]),
        "clean.false_alarms": clean_alarms, "clean.forms_with_false_alarms": clean_forms_alarmed,
        "cases.pass_rate": _round(passed / scored_n) if scored_n else None,
    }
    for c, d in cats.items():
        for m in ("precision", "recall", "f1"):
            metrics[f"category.{c}.{m}"] = d[m]
    for r, d in rules.items():
        for m in ("precision", "recall"):
            metrics[f"rule.{r}.{m}"] = d[m]
    for sev, c in sorted(by_severity.items()):
        metrics[f"severity.{sev}.recall"] = c.as_dict()["recall"]
    return {
        "metrics": metrics,
        "micro": micro.as_dict(),
        "categories": cats,
        "rules": rules,
        "severities": {k: v.as_dict() for k, v in sorted(by_severity.items())},
        "clean": {"forms": clean_forms, "false_alarms": clean_alarms, "forms_with_false_alarms": clean_forms_alarmed},
        "tags": {k: {v: c.as_dict() for v, c in sorted(vals.items())} for k, vals in sorted(by_tag.items())},
        "cases": {"scored": scored_n, "passed": passed},
    }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def gate_checks(suite: Suite, summary: dict[str, Any]) -> list[tuple[str, str, float]]:
    """(name, metric key, floor) for the checker's gate sugar: min_recall / min_precision / min_f1 keyed by
    micro, macro, a category or a rule code."""
    from jixiao.check.engine import CATEGORIES

    out = []
    for metric, floors in (("recall", suite.gates.min_recall), ("precision", suite.gates.min_precision),
                           ("f1", suite.gates.min_f1)):
        for key, floor in floors.items():
            if key in ("micro", "macro"):
                mkey = f"{key}.{metric}"
            elif key in CATEGORIES:
                mkey = f"category.{key}.{metric}"
            else:
                mkey = f"rule.{key}.{metric}"
            out.append((f"min_{metric}[{key}]", mkey, floor))
    return out
