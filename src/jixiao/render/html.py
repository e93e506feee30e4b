"""The HTML review page: one self-contained file (inline CSS and JS, no network) for a person signing off.

Each form is shown as its table with flagged cells highlighted (`data-finding-ids`, `data-severity`,
`data-category`); the findings list beside it filters by severity and category, and a click on a finding scrolls
to its cell and flashes it. Header-field findings highlight the field's row. The template is
`jixiao/templates/review.html.j2`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined

from jixiao.model import SEVERITY_RANK
from jixiao.render.tabular import (
    CATEGORY_LABELS, SEVERITY_LABELS, Flag, FormWithFindings, HeaderItem, TableForm, cell_state, finding_text,
    table_forms, waiver_text,
)


@dataclass(slots=True)
class CellView:
    text: str
    rowspan: int = 1
    dom_id: str | None = None
    flags: list[Flag] | None = None
    centered: bool = False

    @property
    def ids(self) -> str:
        return " ".join(f.id for f in self.flags or [])

    @property
    def severity(self) -> str:
        return cell_state(self.flags) if self.flags else ""

    @property
    def categories(self) -> str:
        return " ".join(dict.fromkeys(f.finding.category for f in self.flags or []))

    @property
    def tooltip(self) -> str:
        return "\n\n".join(finding_text(f.finding) for f in self.flags or [])


def _dom_id(flag: Flag, n: int) -> str | None:
    if flag.target == "indicator":
        return f"f{n}-r{flag.row}-c{flag.column}"
    if flag.target == "field":
        return f"f{n}-field-{flag.key}"
    if flag.target == "extra":
        return f"f{n}-x{flag.table}-r{flag.row}-c{flag.column}"
    if flag.target == "total":
        return f"f{n}-total-c{flag.column}"
    return f"form-{n}"


_CENTERED = ("level1", "level2", "unit", "weight", "score")


def _rows(t: TableForm) -> list[list[CellView]]:
    out = []
    for i, values in enumerate(t.rows):
        row = []
        for c, text in enumerate(values):
            span = t.level1_spans[i] if c == 0 else t.level2_spans[i] if c == 1 else 1
            if span == 0:
                continue  # covered by the merged level cell above
            flags = t.flags_at_cell(i, c)
            row.append(CellView(text, span, f"f{t.number}-r{i}-c{c}" if flags else None, flags,
                                t.roles[c] in _CENTERED))
        out.append(row)
    return out


def _total(t: TableForm) -> list[CellView] | None:
    """The 总分 row of a self-evaluation, in the indicator table's columns."""
    if t.total is None:
        return None
    return [CellView(text, 1, f"f{t.number}-total-c{c}" if (flags := t.flags_at_total(c)) else None, flags,
                     t.roles[c] in _CENTERED) for c, text in enumerate(t.total)]


def _extras(t: TableForm) -> list[dict[str, object]]:
    """The 项目资金 or budget tables, each cell a finding may point at."""
    out = []
    for k, x in enumerate(t.extras):
        rows = [[CellView(text, 1, f"f{t.number}-x{k}-r{r}-c{c}" if (flags := t.flags_at_extra(k, r, c)) else None,
                          flags, c >= x.value_offset) for c, text in enumerate(values)]
                for r, values in enumerate(x.rows)]
        out.append({"x": x, "rows": rows})
    return out


def _fields(t: TableForm) -> list[tuple[HeaderItem, CellView]]:
    """Header fields one per row (label, value); a flagged field's whole row is highlighted."""
    out = []
    for item in t.header:
        flags = t.flags_at_field(item.key)
        out.append((item, CellView(item.value, 1, f"f{t.number}-field-{item.key}" if flags else None, flags)))
    return out


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("jixiao", "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(SEVERITY_LABELS=SEVERITY_LABELS, CATEGORY_LABELS=CATEGORY_LABELS, waiver_text=waiver_text)
    return env


def render_html(forms_with_findings: list[FormWithFindings], title: str = "绩效表单审核结果",
                notes: list[str] | None = None) -> str:
    """The review page for these forms and their findings, as one HTML string. A finding a waiver accepts is
    listed and its cell marked, as 已豁免 with the reason and who waived it; `notes` (a waiver that matched
    nothing) are shown under the title."""
    tables = table_forms(forms_with_findings)
    flags = [f for t in tables for f in t.flags]
    severity_counts = Counter(f.finding.severity for f in flags if not f.finding.waived)
    waived = sum(1 for f in flags if f.finding.waived)
    category_counts = Counter(f.finding.category for f in flags)
    forms = [{
        "t": t,
        "fields": _fields(t),
        "rows": _rows(t),
        "total_row": _total(t),
        "extras": _extras(t),
        "flags": sorted(t.flags, key=lambda f: -SEVERITY_RANK[f.finding.severity]),
        "targets": {f.id: _dom_id(f, t.number) for f in t.flags},
    } for t in tables]
    return _environment().get_template("review.html.j2").render(
        title=title,
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        forms=forms,
        total=len(flags),
        waived=waived,
        notes=notes or [],
        severity_counts=[(s, severity_counts.get(s, 0)) for s in ("error", "warning", "info")],
        category_counts=sorted(category_counts.items(), key=lambda kv: (-kv[1], kv[0])),
    )
