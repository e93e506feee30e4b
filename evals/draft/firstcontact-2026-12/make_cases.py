"""Map the held-out descriptions (written by someone who never saw the code: id, domain, description, expect{applicant,
budget_year, period{start,end}, annual_amount_yuan, total_amount_yuan, not_amounts_yuan, quantities[{object, number,
unit}], limits[{kind, …}], rates[{name, value, unit}], frequency[{per, count}]}) to the draft suite's cases.

    .venv/bin/python evals/draft/firstcontact-2026-12/make_cases.py /work/holdout/draft/descriptions.jsonl \\
        evals/draft/firstcontact-2026-12/cases.jsonl
"""

from __future__ import annotations

import json
import sys


def period_years(period: dict | None) -> int | None:
    if not period:
        return None
    (y1, m1), (y2, m2) = (map(int, period["start"].split("-")[:2]), map(int, period["end"].split("-")[:2]))
    months = (y2 - y1) * 12 + m2 - m1 + 1
    return max(1, -(-months // 12))


def limit(lim: dict) -> dict:
    kind = lim["kind"]
    out: dict = {"kind": kind, "text": lim.get("text")}
    if kind == "deadline":
        out["date"] = lim["date"]
    elif kind == "service_hours":
        out |= {"value": lim["hours"], "unit": "小时"}
    elif kind == "cost_cap":
        out |= {"value": lim["yuan"], "unit": "元"}
    else:  # duration, count_cap
        out |= {"value": lim["value"], "unit": lim.get("unit")}
    return out


def case(row: dict) -> dict:
    e = row["expect"]
    expect = {
        "applicant": e.get("applicant"),
        "budget_year": e.get("budget_year"),
        "period_years": period_years(e.get("period")),
        "annual_amount_yuan": e.get("annual_amount_yuan"),
        "not_amounts_yuan": e.get("not_amounts_yuan") or [],
        "quantities": [{"object": q["object"], "value": q["number"], "unit": q["unit"]} for q in e.get("quantities") or []],
        "limits": [limit(lim) for lim in e.get("limits") or []],
        "rates": [{"name": r.get("name"), "value": r["value"], "unit": r.get("unit") or "%"} for r in e.get("rates") or []],
        "frequencies": [{"count": f["count"], "per": f["per"]} for f in e.get("frequency") or []],
    }
    if e.get("total_amount_yuan") is not None:  # the convention: a total only for multi-year projects
        expect["total_amount_yuan"] = e["total_amount_yuan"]
    return {"id": row["id"], "description": row["description"], "expect": expect,
            "tags": {"set": "firstcontact-2026-12", "domain": row.get("domain"), "shape": row.get("tags")},
            "note": "held-out description written by someone who never saw the code (first contact, 2026-12)"}


def main(src: str, dst: str) -> int:
    rows = [json.loads(line) for line in open(src, encoding="utf-8") if line.strip()]
    with open(dst, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(case(row), ensure_ascii=False) + "\n")
    print(f"{len(rows)} cases -> {dst}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:3]))
