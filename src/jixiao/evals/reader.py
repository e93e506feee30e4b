"""The `reader` suite: real published forms of other regions, with gold records written by hand from their pages ->
forms recognised, indicator rows read, field accuracy, per layout; and the forms read wrong without a doubt said.

A case is a form file kept as its page shows it (tab-separated text), and optionally a format to render it in first
(`render: xlsx | docx | pdf`, evals.renderings), so the same gold scores every reader. The gold (`*.gold.json`) is a
light record, written without reading the reader's code:

    {"id", "url", "province", "year", "doc_kind", "tags": [layout features], "notes",
     "forms": [{"kind", "project_name", "department", "applicant",
                "annual_amount": {"text", "unit"}, "total_amount": …,
                "indicators": [{"level1", "level2", "name", "target", "unit", "actual", "weight", "score"}],
                "funds": [{"label", "initial_budget", "budget", "spent", "weight", "rate", "score"}],
                "total_score"}]}

Scoring: gold forms are aligned with the reader's (by project name, else in order); rows by 三级指标 name (spaces and
punctuation ignored). A value is right when it reads the same: names and units as normalised text, targets by their
typed reading (values.parse_target on both sides: comparator, number, unit, date, grade), amounts in yuan, numbers as
numbers (执行率 95% = 0.95). A form is *silently misread* when a value is wrong and the reader reported no doubt on
it (Form.read_issues): the figure that must be zero.
"""

from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from jixiao import vocab
from jixiao.evals.checker import InfraError
from jixiao.evals.suite import LoadedSuite, Suite, tag_pairs
from jixiao.model import FormList
from jixiao.values import normalise, parse_amount, parse_target, to_float

HEADER = ("project_name", "department", "applicant", "annual_amount", "total_amount")
ROW_ATTRS = ("level1", "level2", "target", "unit")
SELF_ATTRS = ("actual", "weight", "score")
FUND_ATTRS = ("initial_budget", "budget", "spent", "weight", "rate", "score")
_PUNCT = re.compile(r"[\s,，、.。:：;；()（）\[\]【】\"“”'‘’《》<>〈〉]")


def _key(text: Any) -> str:
    return _PUNCT.sub("", normalise(str(text or "")))


# ---------------------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------------------

def run_case(loaded: LoadedSuite, case: Any, **_: Any) -> dict[str, Any]:
    from jixiao.parse import parse_path

    path = loaded.resolve(case.input)
    if not path.is_file():
        raise InfraError(f"{path}: 输入文件不存在")
    if case.render:
        from jixiao.evals.renderings import render

        with tempfile.TemporaryDirectory() as tmp:
            rendered = render(path, case.render, Path(tmp))
            result = parse_path(rendered)
    else:
        result = parse_path(path)
    return {"input": case.input, "render": case.render, "errors": [str(e) for e in result.errors],
            "forms": [f.model_dump(mode="json") for f in result.forms]}


# ---------------------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------------------

def load_gold(loaded: LoadedSuite, case: Any) -> dict[str, Any]:
    import json

    return json.loads(loaded.resolve(case.gold).read_text(encoding="utf-8"))


def _amount(v: Any) -> float | None:
    if not v:
        return None
    a = parse_amount(str(v.get("text") or ""), v.get("unit") or "元")
    return a.yuan if a else None


def _number(v: Any) -> float | None:
    """A gold number as printed ("9.5", "95%", "100.00%") as the reader stores it (a rate as a fraction)."""
    if v is None:
        return None
    s = vocab.MONEY_UNIT_AT_END.sub("", normalise(str(v)).replace(",", ""))  # 150万 in a table of 万元: 150
    if s.endswith("%"):
        x = to_float(s[:-1])
        return round(x / 100, 6) if x is not None else None
    return to_float(s)


def _same_target(gold: Any, out: Any, gold_unit: Any = None, out_unit: Any = None) -> bool:
    """The same target, each side read with its row's unit column when the value carries no unit of its own (the
    seeds' layout keeps `≥62人` and `人` apart; a page may print `100` | `%`)."""
    if gold in (None, ""):
        return out is None or out.get("kind") in ("empty", "not_applicable", "placeholder") or not out.get("raw")
    if out is None:
        return False
    g, o = _with_unit(str(gold), gold_unit), _with_unit(str(out.get("raw") or ""), out_unit)
    if g.kind != o.kind:
        return _key(gold) == _key(out.get("raw"))
    if g.kind in ("number", "range", "duration"):
        return ((g.comparator or "=") == (o.comparator or "=") and g.value == o.value and g.value_max == o.value_max
                and _key(g.unit) == _key(o.unit))
    if g.kind == "deadline":
        return g.deadline == o.deadline
    return _key(g.raw) == _key(o.raw)


def _with_unit(text: str, unit: Any) -> Any:
    t = parse_target(text)
    if t.kind == "number" and not t.unit and unit and parse_target(text + str(unit)).unit:
        return parse_target(text + str(unit))
    return t


def _same(attr: str, gold: Any, out: Any, gold_unit: Any = None, out_unit: Any = None) -> bool:
    if attr in ("target", "actual"):
        return _same_target(gold, out, gold_unit, out_unit)
    if attr in ("weight", "score") or attr in FUND_ATTRS:
        g, o = _number(gold), (out if isinstance(out, (int, float)) or out is None else _number(out))
        if attr == "rate" and g is not None and g > 2:
            g = round(g / 100, 6)  # 执行率 printed 100 (the column says %): the reader stores 100% as 1.0
        return (g is None and o is None) or (g is not None and o is not None and abs(g - o) <= 1e-6 * max(1, abs(g)))
    return _key(gold) == _key(out)


def _align_forms(gold: list[dict], out: list[dict]) -> list[dict | None]:
    used: set[int] = set()
    aligned: list[dict | None] = []
    for g in gold:
        name = _key(g.get("project_name"))
        match = next((i for i, o in enumerate(out) if i not in used and name and _key(o.get("project_name")) == name),
                     None)
        if match is None:
            match = next((i for i, o in enumerate(out) if i not in used), None)
        if match is not None:
            used.add(match)
        aligned.append(out[match] if match is not None else None)
    return aligned


def _align_rows(gold: list[dict], out: list[dict]) -> list[dict | None]:
    """Gold rows to the reader's rows by name, in order (a name may repeat: 不适用)."""
    used: set[int] = set()
    aligned: list[dict | None] = []
    for g in gold:
        name = _key(g.get("name"))
        match = next((i for i, o in enumerate(out) if i not in used and _key(o.get("name")) == name), None)
        if match is None and name:  # a name the page broke over two lines: one contains the other
            match = next((i for i, o in enumerate(out) if i not in used and _key(o.get("name"))
                          and (name in _key(o.get("name")) or _key(o.get("name")) in name)), None)
        if match is not None:
            used.add(match)
        aligned.append(out[match] if match is not None else None)
    return aligned


_FUND_CANON = {"年度资金总额": "年度资金总额", "当年财政拨款": "财政拨款", "财政拨款": "财政拨款", "上年结转资金": "上年结转资金",
               "其他资金": "其他资金"}


def _fund_key(label: str) -> str:
    """The row a money row's label names, to align a gold row with the reader's: the reader gives a row of the
    national template its template name (年度资金总额), a gold record the label as printed (年度财政资金总额)."""
    from jixiao import vocab

    if label in _FUND_CANON:
        return _FUND_CANON[label]
    printed = "".join(label.split())
    for canon, stems in vocab.FUND_ROW_LABELS:
        if any(printed == stem or (len(stem) >= 4 and stem in printed) for stem in stems):
            return _FUND_CANON.get(canon, canon)
    return label


def _funds_of(out: dict) -> dict[str, dict]:
    return {_fund_key(f["label"]): f for f in out.get("funds") or []}


def score_form(gold: dict, out: dict | None) -> dict[str, Any]:
    """One gold form against the reader's: per field (correct, n), rows read, what was wrong, and whether the reader
    said it doubted the form."""
    fields: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong: list[str] = []
    rows_gold = len(gold.get("indicators") or [])
    res: dict[str, Any] = {"project_name": gold.get("project_name"), "kind": gold.get("kind"), "found": out is not None,
                           "rows": rows_gold, "rows_read": 0}
    if out is None:
        res.update(fields={}, wrong=["表单未识别"], doubted=False, silent=False, kind_ok=False)
        return res
    res["kind_ok"] = out.get("kind") == gold.get("kind") or (gold.get("kind") == "department" and out.get("kind") in (
        "department", "self_evaluation"))

    def count(name: str, ok: bool, where: str) -> None:
        fields[name][0] += ok
        fields[name][1] += 1
        if not ok:
            wrong.append(where)

    for h in HEADER:
        g = gold.get(h)
        o = out.get(h)
        if h.endswith("amount"):
            gv = _amount(g)
            ov = (o or {}).get("yuan") if o else None
            if gv is None and ov is None:
                continue
            count(h, gv is not None and ov is not None and abs(gv - ov) <= 0.5, f"{h}: {gv}≠{ov}")
        elif g or o:
            count(h, _same(h, g, o), f"{h}: {g}≠{o}")
    self_eval = gold.get("kind") == "self_evaluation"
    for g, o in zip(gold.get("indicators") or [], _align_rows(gold.get("indicators") or [], out.get("indicators") or [])):
        if o is None:
            wrong.append(f"行未读出：{g.get('name')}")
            for a in (*ROW_ATTRS, *(SELF_ATTRS if self_eval else ())):
                fields[a][1] += 1
            continue
        res["rows_read"] += 1
        for a in (*ROW_ATTRS, *(SELF_ATTRS if self_eval else ())):
            units = (g.get("unit"), o.get("unit")) if a in ("target", "actual") else (None, None)
            count(a, _same(a, g.get(a), o.get(a), *units), f"{g.get('name')}.{a}: {g.get(a)}≠{_shown(o.get(a))}")
    funds = _funds_of(out)
    for g in gold.get("funds") or []:
        label = g.get("label")
        o = funds.get(label) or funds.get(_fund_key(label))
        for a in FUND_ATTRS:
            if g.get(a) is None and (o is None or o.get(a) is None):
                continue
            count(f"funds.{a}", o is not None and _same(a, g.get(a), o.get(a)), f"{label}.{a}: {g.get(a)}≠{(o or {}).get(a)}")
    if gold.get("total_score") is not None or out.get("total_score") is not None:
        count("total_score", _same("score", gold.get("total_score"), out.get("total_score")),
              f"总分: {gold.get('total_score')}≠{out.get('total_score')}")
    doubted = bool(out.get("read_issues") or out.get("unreadable"))
    res.update(fields={k: list(v) for k, v in fields.items()}, wrong=wrong, doubted=doubted,
               silent=bool(wrong) and not doubted)
    return res


def _shown(v: Any) -> Any:
    return v.get("raw") if isinstance(v, dict) else v


def score_case(case: Any, output: dict[str, Any], suite: Suite, *, loaded: LoadedSuite) -> dict[str, Any]:
    gold = load_gold(loaded, case)
    out = [f.model_dump(mode="json") for f in FormList.validate_python(output.get("forms", []))]
    forms = [score_form(g, o) for g, o in zip(gold["forms"], _align_forms(gold["forms"], out))]
    ok = all(f["found"] and not f["wrong"] for f in forms)
    return {"id": case.id, "verdict": "pass" if ok else "fail", "forms": forms, "errors": output.get("errors", [])}


def summarise(loaded: LoadedSuite, cases: list[Any], scored: list[dict | None]) -> dict[str, Any]:
    totals = _empty()
    by_tag: dict[str, dict[str, Any]] = defaultdict(_empty)
    fields: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    silent: list[str] = []
    for case, res in zip(cases, scored):
        if res is None:
            continue
        groups = [totals, *(by_tag[f"{k}={v}"] for k, v in tag_pairs(case.tags))]
        for f in res["forms"]:
            for g in groups:
                _add(g, f)
            for name, (ok, n) in f["fields"].items():
                fields[name][0] += ok
                fields[name][1] += n
            if f["silent"]:
                silent.append(f"{case.id}: {f['project_name'] or ''} — {'；'.join(f['wrong'][:3])}")
    metrics = {**_rates("", totals)}
    for name, (ok, n) in sorted(fields.items()):
        metrics[f"field.{name}.accuracy"] = _ratio(ok, n)
    return {"metrics": metrics, "totals": totals, "tags": {k: {**v, **_rates("", v)} for k, v in sorted(by_tag.items())},
            "fields": {k: {"correct": v[0], "n": v[1], "accuracy": _ratio(*v)} for k, v in sorted(fields.items())},
            "silent": silent}


def _empty() -> dict[str, Any]:
    return {"forms": 0, "recognised": 0, "kind_ok": 0, "rows": 0, "rows_read": 0, "ok": 0, "n": 0, "doubted": 0,
            "silent": 0, "exact": 0}


def _add(g: dict[str, Any], f: dict[str, Any]) -> None:
    g["forms"] += 1
    g["recognised"] += f["found"]
    g["kind_ok"] += bool(f.get("kind_ok"))
    g["rows"] += f["rows"]
    g["rows_read"] += f["rows_read"]
    g["ok"] += sum(v[0] for v in f["fields"].values())
    g["n"] += sum(v[1] for v in f["fields"].values())
    g["doubted"] += f["doubted"]
    g["silent"] += f["silent"]
    g["exact"] += f["found"] and not f["wrong"]


def _rates(prefix: str, g: dict[str, Any]) -> dict[str, Any]:
    return {f"{prefix}forms.recognised": _ratio(g["recognised"], g["forms"]),
            f"{prefix}rows.read": _ratio(g["rows_read"], g["rows"]),
            f"{prefix}micro.field_accuracy": _ratio(g["ok"], g["n"]),
            f"{prefix}forms.exact": _ratio(g["exact"], g["forms"]),
            f"{prefix}forms.silently_misread": g["silent"],
            # the share of forms read right or doubted (1.0 when no form was misread silently): a floor can gate it
            f"{prefix}forms.never_silently_wrong": _ratio(g["forms"] - g["silent"], g["forms"])}


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def gate_checks(suite: Suite, summary: dict[str, Any]) -> list[tuple[str, str, float]]:
    out = []
    for key, floor in suite.gates.min_field_accuracy.items():
        out.append((f"min_field_accuracy[{key}]", "micro.field_accuracy" if key == "micro" else f"field.{key}.accuracy",
                    floor))
    return out
