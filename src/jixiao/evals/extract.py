"""The `extract` suite: input files with gold `Form` records -> field-by-field accuracy of an extractor.

The system under test is any callable `path -> list[Form]`: the deterministic parser by default, the LLM
extractor when the suite says `extractor: llm`. Values are compared with typed comparators (normalised Chinese
text, amounts in yuan with a tolerance, dates, 指标值 by comparator / number / unit / deadline / grade); indicator
rows are aligned by name and scored as correct, wrong, missing or invented; a record matches exactly when every
compared value and every row is right.

An extractor may return an object with `forms`, `groundings` and `failures` (the LLM extractor's ExtractResult):
the groundings are stored with the output and counted (exact / fuzzy / unaligned, and how many invented rows the
grounding flagged), and a failed chunk is an infrastructure error (e.g. a replay cache miss), not a low score.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, Callable

from jixiao.evals.checker import InfraError, norm_row
from jixiao.evals.suite import ExtractCase, LoadedSuite, Suite, tag_pairs
from jixiao.model import Form, FormList
from jixiao.values import normalise

Extractor = Callable[[str], Any]  # list[Form], or an object with .forms (.groundings, .failures)

HEADER_FIELDS = ("project_code", "project_name", "applicant", "department", "period_years", "start_date", "end_date",
                 "budget_year", "project_type", "is_new", "allocation", "total_amount", "annual_amount", "funding")
AMOUNT_FIELDS = ("total_amount", "annual_amount")
INDICATOR_ATTRS = ("level1", "level2", "required", "target", "unit", "explanation")
TEXT_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "、": ",", "；": ";", "。": "."})


def norm_text(s: Any) -> str:
    return normalise(str(s or "")).translate(TEXT_QUOTES).rstrip(".")


# ---------------------------------------------------------------------------------------------------------
# Comparators: (gold, output) -> (equal?, what differs)
# ---------------------------------------------------------------------------------------------------------

def _num_eq(a: float | None, b: float | None, tol: float) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= tol * max(1.0, abs(a))


def compare_amount(gold: Any, out: Any, tol_yuan: float) -> tuple[bool, str]:
    g = getattr(gold, "yuan", gold) if gold is not None else None
    o = getattr(out, "yuan", out) if out is not None else None
    if g is None or o is None:
        return (g is None and o is None), f"{g} ≠ {o}"
    return abs(g - o) <= tol_yuan, f"{g} ≠ {o} 元"


def compare_target(gold: Any, out: Any, tol: float) -> tuple[bool, str]:
    """A 指标值 is right when its typed reading is: comparator (absent = '='), number, range end, unit, deadline,
    duration, grade; untyped values (text, placeholders) compare by their normalised text."""
    if gold is None or out is None:
        return (gold is None and out is None), "缺失"
    diffs = []
    if gold.kind != out.kind:
        diffs.append(f"类型 {gold.kind}≠{out.kind}")
    if gold.kind in ("number", "range", "duration"):
        if (gold.comparator or "=") != (out.comparator or "="):
            diffs.append(f"比较符 {gold.comparator}≠{out.comparator}")
        if not _num_eq(gold.value, out.value, tol):
            diffs.append(f"数值 {gold.value}≠{out.value}")
        if not _num_eq(gold.value_max, out.value_max, tol):
            diffs.append(f"上限 {gold.value_max}≠{out.value_max}")
        if norm_text(gold.unit) != norm_text(out.unit):
            diffs.append(f"单位 {gold.unit}≠{out.unit}")
    elif gold.kind == "deadline":
        if gold.deadline != out.deadline:
            diffs.append(f"日期 {gold.deadline}≠{out.deadline}")
    elif gold.kind == "grade":
        if norm_text(gold.grade or gold.raw) != norm_text(out.grade or out.raw):
            diffs.append(f"等级 {gold.grade}≠{out.grade}")
    elif norm_text(gold.raw) != norm_text(out.raw):
        diffs.append(f"原文 {gold.raw!r}≠{out.raw!r}")
    return not diffs, "；".join(diffs)


def compare_value(name: str, gold: Any, out: Any, suite: Suite) -> tuple[bool, str]:
    if name in AMOUNT_FIELDS:
        return compare_amount(gold, out, suite.amount_tolerance_yuan)
    if name == "funding":
        gold, out = gold or {}, out or {}
        keys = {norm_text(k): v for k, v in gold.items()}
        okeys = {norm_text(k): v for k, v in out.items()}
        if set(keys) != set(okeys):
            return False, f"资金来源 {sorted(keys)}≠{sorted(okeys)}"
        bad = [k for k in keys if not compare_amount(keys[k], okeys[k], suite.amount_tolerance_yuan)[0]]
        return not bad, f"金额不同：{bad}"
    if name == "target":
        return compare_target(gold, out, suite.number_tolerance)
    if isinstance(gold, (dt.date, bool, int, float)) or isinstance(out, (dt.date, bool, int, float)):
        return gold == out, f"{gold}≠{out}"
    ok = norm_text(gold) == norm_text(out)
    return ok, "" if ok else f"{_short(gold)}≠{_short(out)}"


def _short(v: Any, n: int = 40) -> str:
    s = str(v)
    return s if len(s) <= n else s[: n - 1] + "…"


# ---------------------------------------------------------------------------------------------------------
# Running and scoring
# ---------------------------------------------------------------------------------------------------------

def parser_extractor(path: str) -> list[Form]:
    from jixiao.parse import parse_path

    result = parse_path(path)
    if not result.forms and result.errors:
        raise InfraError("；".join(str(e) for e in result.errors[:2]))
    return list(result.forms)


def run_case(loaded: LoadedSuite, case: ExtractCase, *, extractor: Extractor | None = None, **_: Any) -> dict:
    path = loaded.resolve(case.input)
    if not path.is_file():
        raise InfraError(f"{path}: 输入文件不存在")
    got = (extractor or parser_extractor)(str(path))
    failures = getattr(got, "failures", None) or []
    if failures:
        raise InfraError("；".join(str(f) for f in failures))
    forms = getattr(got, "forms", got)
    out: dict[str, Any] = {"input": case.input, "forms": [f.model_dump(mode="json") for f in forms]}
    if hasattr(got, "groundings"):
        out["groundings"] = [g.as_dict() for g in got.groundings]
    return out


def load_gold(loaded: LoadedSuite, case: ExtractCase) -> list[Form]:
    text = loaded.resolve(case.gold).read_text(encoding="utf-8")
    forms = FormList.validate_json(text)
    if case.forms is not None:
        forms = [forms[i] for i in case.forms]
    return list(forms)


def _align_forms(gold: list[Form], out: list[Form]) -> list[Form | None]:
    """For each gold form, the output form with the same project code, else the one at the same index."""
    used: set[int] = set()
    aligned: list[Form | None] = []
    for g in gold:
        pick = None
        if g.project_code:
            pick = next((i for i, o in enumerate(out) if i not in used and o.project_code == g.project_code), None)
        if pick is None:
            pick = next((i for i, o in enumerate(out) if i not in used and o.index == g.index), None)
        if pick is not None:
            used.add(pick)
        aligned.append(out[pick] if pick is not None else None)
    return aligned


def _align_rows(gold: list[Any], out: list[Any]) -> list[int | None]:
    """Gold row -> output row with the same normalised name (same 二级 first), in order."""
    used: set[int] = set()
    res: list[int | None] = []
    for g in gold:
        key = norm_row(g.name)
        cands = [i for i, o in enumerate(out) if i not in used and norm_row(o.name) == key]
        same_level = [i for i in cands if out[i].level2 == g.level2]
        pick = (same_level or cands or [None])[0]
        if pick is not None:
            used.add(pick)
        res.append(pick)
    return res


def score_record(gold: Form, out: Form | None, suite: Suite) -> dict[str, Any]:
    fields: dict[str, bool] = {}
    diffs: dict[str, str] = {}
    names = [f for f in HEADER_FIELDS if suite.fields is None or f in suite.fields]
    text_keys = sorted(set(gold.fields) | set(out.fields if out else {}))
    text_keys = [k for k in text_keys if suite.fields is None or f"fields.{k}" in suite.fields or k in suite.fields]
    for name in names:
        g = getattr(gold, name)
        o = getattr(out, name) if out is not None else None
        if g in (None, {}, []) and o in (None, {}, []):
            continue
        ok, why = compare_value(name, g, o, suite)
        fields[name] = ok
        if not ok:
            diffs[name] = why
    for key in text_keys:
        g = gold.fields.get(key)
        o = out.fields.get(key) if out is not None else None
        ok, why = compare_value("text", g.value if g else None, o.value if o else None, suite)
        fields[f"fields.{key}"] = ok
        if not ok:
            diffs[f"fields.{key}"] = why

    out_rows = out.indicators if out is not None else []
    align = _align_rows(gold.indicators, out_rows)
    rows = {"correct": 0, "wrong": 0, "missing": 0, "invented": len(out_rows) - sum(a is not None for a in align)}
    attrs: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    row_notes = []
    for g, a in zip(gold.indicators, align):
        if a is None:
            rows["missing"] += 1
            row_notes.append({"row": g.name, "line": g.line, "status": "missing"})
            continue
        o = out_rows[a]
        bad = {}
        for attr in INDICATOR_ATTRS:
            ok, why = compare_value(attr, getattr(g, attr), getattr(o, attr), suite)
            attrs[attr][1] += 1
            attrs[attr][0] += ok
            if not ok:
                bad[attr] = why or f"{_short(getattr(g, attr))}≠{_short(getattr(o, attr))}"
        if bad:
            rows["wrong"] += 1
            row_notes.append({"row": g.name, "line": g.line, "status": "wrong", "diff": bad})
        else:
            rows["correct"] += 1
    matched_names = {a for a in align if a is not None}
    for i, o in enumerate(out_rows):
        if i not in matched_names:
            row_notes.append({"row": o.name, "line": o.line, "status": "invented"})
    exact = out is not None and all(fields.values()) and rows["wrong"] == rows["missing"] == rows["invented"] == 0
    return {"project_code": gold.project_code, "project_name": gold.project_name, "layout": gold.layout,
            "found": out is not None, "fields": fields, "diffs": diffs, "rows": rows,
            "indicator_attrs": {k: v for k, v in attrs.items()}, "row_notes": row_notes, "exact": exact}


def grounding_counts(groundings: list[dict[str, Any]]) -> tuple[dict[str, int], set[str]]:
    """Counts by status, and the names of rows whose name or value is unaligned (labels `名称` / `名称·指标值`)."""
    counts = {"exact": 0, "fuzzy": 0, "unaligned": 0}
    flagged: set[str] = set()
    for g in groundings:
        counts[g["status"]] = counts.get(g["status"], 0) + 1
        if g["status"] == "unaligned":
            flagged.add(norm_row(str(g.get("label") or "").split("·")[0]))
    return counts, flagged


def score_case(case: ExtractCase, output: dict[str, Any], suite: Suite, *, loaded: LoadedSuite) -> dict[str, Any]:
    gold = load_gold(loaded, case)
    out = list(FormList.validate_python(output.get("forms", [])))
    records = [score_record(g, o, suite) for g, o in zip(gold, _align_forms(gold, out))]
    res = {"id": case.id, "verdict": "pass" if all(r["exact"] for r in records) else "fail", "records": records,
           "extra_forms": max(0, len(out) - len(gold)) if case.forms is None else 0}
    if "groundings" in output:
        counts, flagged = grounding_counts(output["groundings"])
        invented = [n for r in records for n in r["row_notes"] if n["status"] == "invented"]
        for n in invented:
            n["ungrounded"] = norm_row(n["row"]) in flagged
        res["grounding"] = {**counts, "invented_flagged": sum(n["ungrounded"] for n in invented)}
    return res


def summarise(loaded: LoadedSuite, cases: list[ExtractCase], scored: list[dict | None]) -> dict[str, Any]:
    field_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    attr_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    rows = {"correct": 0, "wrong": 0, "missing": 0, "invented": 0}
    layouts: dict[str, dict[str, int]] = defaultdict(lambda: {"records": 0, "exact": 0, "ok": 0, "n": 0, "missing": 0,
                                                              "invented": 0, "unaligned": 0})
    grounding: dict[str, int] | None = None
    tags: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: {"records": 0, "exact": 0}))
    records = exact = 0
    for case, res in zip(cases, scored):
        if res is None:
            continue
        if "grounding" in res:
            grounding = grounding or {"exact": 0, "fuzzy": 0, "unaligned": 0, "invented_flagged": 0}
            for k in grounding:
                grounding[k] += res["grounding"].get(k, 0)
            if res["records"]:  # a case's groundings count under the layout of its (first) gold record
                layouts[res["records"][0].get("layout") or "unknown"]["unaligned"] += res["grounding"]["unaligned"]
        for rec in res["records"]:
            records += 1
            exact += rec["exact"]
            lay = layouts[rec.get("layout") or "unknown"]
            lay["records"] += 1
            lay["exact"] += rec["exact"]
            for k, v in tag_pairs(case.tags):
                tags[k][v]["records"] += 1
                tags[k][v]["exact"] += rec["exact"]
            for name, ok in rec["fields"].items():
                field_counts[name][0] += ok
                field_counts[name][1] += 1
                lay["ok"] += ok
                lay["n"] += 1
            for attr, (ok, n) in rec["indicator_attrs"].items():
                attr_counts[attr][0] += ok
                attr_counts[attr][1] += n
                lay["ok"] += ok
                lay["n"] += n
            for k in rows:
                rows[k] += rec["rows"][k]
            lay["missing"] += rec["rows"]["missing"]
            lay["invented"] += rec["rows"]["invented"]
    gold_rows = rows["correct"] + rows["wrong"] + rows["missing"]
    out_rows = rows["correct"] + rows["wrong"] + rows["invented"]
    all_ok = sum(v[0] for v in field_counts.values()) + sum(v[0] for v in attr_counts.values())
    all_n = sum(v[1] for v in field_counts.values()) + sum(v[1] for v in attr_counts.values())
    metrics: dict[str, Any] = {
        "records.exact_match": _ratio(exact, records),
        "micro.field_accuracy": _ratio(all_ok, all_n),
        "rows.recall": _ratio(rows["correct"] + rows["wrong"], gold_rows),
        "rows.precision": _ratio(rows["correct"] + rows["wrong"], out_rows),
        "rows.correct_rate": _ratio(rows["correct"], gold_rows),
        "rows.missing": rows["missing"], "rows.invented": rows["invented"], "rows.wrong": rows["wrong"],
    }
    for name, (ok, n) in sorted(field_counts.items()):
        metrics[f"field.{name}.accuracy"] = _ratio(ok, n)
    for name, (ok, n) in sorted(attr_counts.items()):
        metrics[f"indicator.{name}.accuracy"] = _ratio(ok, n)
    for lay, d in sorted(layouts.items()):
        metrics[f"layout.{lay}.exact_match"] = _ratio(d["exact"], d["records"])
        metrics[f"layout.{lay}.field_accuracy"] = _ratio(d["ok"], d["n"])
    if grounding is not None:
        metrics.update({f"grounding.{k}": v for k, v in grounding.items()})
    return {
        "metrics": metrics, "records": records, "exact": exact, "rows": rows, "grounding": grounding,
        "fields": {k: {"correct": v[0], "n": v[1], "accuracy": _ratio(*v)} for k, v in sorted(field_counts.items())},
        "indicator_attrs": {k: {"correct": v[0], "n": v[1], "accuracy": _ratio(*v)} for k, v in sorted(attr_counts.items())},
        "layouts": {k: {**v, "exact_match": _ratio(v["exact"], v["records"]), "field_accuracy": _ratio(v["ok"], v["n"])}
                    for k, v in sorted(layouts.items())},
        "tags": {k: {v: dict(d) for v, d in sorted(vals.items())} for k, vals in sorted(tags.items())},
    }


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def gate_checks(suite: Suite, summary: dict[str, Any]) -> list[tuple[str, str, float]]:
    out = []
    for key, floor in suite.gates.min_field_accuracy.items():
        if key == "micro":
            mkey = "micro.field_accuracy"
        elif key in INDICATOR_ATTRS:
            mkey = f"indicator.{key}.accuracy"
        else:
            mkey = f"field.{key}.accuracy"
        out.append((f"min_field_accuracy[{key}]", mkey, floor))
    if suite.gates.min_exact_match is not None:
        out.append(("min_exact_match", "records.exact_match", suite.gates.min_exact_match))
    return out
