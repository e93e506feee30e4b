"""The rule engine: rules are small pure functions `(form, ctx) -> hits`, registered with their metadata.

A rule module does:

    @rule("JX101", "direction", "error", "正向指标用了上限比较符",
          bad="产出指标\t*质量指标\t点位在线率\t≤95%\t%\t在线点位数/总点位数",
          good="产出指标\t*质量指标\t点位在线率\t≥95%\t%\t在线点位数/总点位数")
    def upper_bound_on_positive(form: Form, ctx: Context) -> Iterator[Hit]:
        '''Why: … (cite RULES-REFERENCE)'''
        for row in ctx.rows(form).upper_bound:  # the form's rows (facts.Row), read once per form
            ...
            yield Hit("…中文信息…", indicator=row.indicator, evidence=row.raw, suggestion="…")

`bad`/`good` are rows of a form in the 6-column text layout (or whole forms: see check/examples.py); the test
suite parses them and runs the rule on both, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple

from jixiao.check import facts
from jixiao.check.facts import Rows
from jixiao.labels import CATEGORY_LABELS
from jixiao.model import Finding, Form, HeaderField, Indicator, SEVERITY_RANK, Severity

CATEGORIES = tuple(CATEGORY_LABELS)  # the category codes; their Chinese names are in jixiao.labels


@dataclass(slots=True)
class Hit:
    """What a rule returns: the engine adds the rule's code, category and severity and the location."""

    message: str
    indicator: Indicator | None = None
    field: str | None = None  # canonical header field name (key of form.fields) or a label as printed
    line: int | None = None
    evidence: str | None = None
    suggestion: str | None = None
    cell: str | None = None  # the cell of a row the finding is about but does not name (a 不适用 row: JX521)
    column: str | None = None  # the column of its row it is about, as printed (得分, 执行率): reports mark that cell


@dataclass(slots=True)
class Context:
    """What a rule is given besides the form: its options from [tool.jixiao.rules.CODE] and the global config, and
    the form's rows (facts.Rows), read once per form for every rule that asks."""

    options: dict[str, Any] = field(default_factory=dict)
    _form: Form | None = None  # the form _rows were read of
    _rows: Rows | None = None

    def opt(self, key: str, default: Any) -> Any:
        return self.options.get(key, default)

    def rows(self, form: Form) -> Rows:
        """The rows of `form`, grouped (facts.rows), read the first time a rule asks."""
        found = self._rows
        if found is None or self._form is not form:
            found = facts.rows(form)
            self._form, self._rows = form, found
        return found

    def with_options(self, options: dict[str, Any], form: Form) -> Context:
        """A context of a rule given its own options, sharing this one's rows of `form` (read now if not yet)."""
        return Context(options, form, self.rows(form))


RuleFunc = Callable[[Form, Context], Iterable[Hit]]


class RuleOption(NamedTuple):
    """An option a rule reads from [tool.jixiao.rules.CODE] (config.py refuses any other name, or a value of
    another type)."""

    name: str
    kind: type  # int, str or list (of str)
    help: str  # Chinese, shown by `jixiao rules CODE`


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    category: str
    severity: Severity
    title: str
    bad: str
    good: str
    func: RuleFunc
    kinds: tuple[str, ...] = ("target", "self_evaluation")
    core: bool = True  # part of the default set
    options: tuple[RuleOption, ...] = ()

    @property
    def name(self) -> str:
        return self.func.__name__

    @property
    def doc(self) -> str:
        """The rule function's docstring: why, with its sources."""
        return inspect.cleandoc(self.func.__doc__ or _source_docstrings(self.func.__module__).get(self.name, ""))


@lru_cache(maxsize=None)
def _source_docstrings(module: str) -> dict[str, str]:
    """Docstrings of a module's functions, read from its source: a module compiled by mypyc (setup.py) keeps none at
    run time, and its .py ships beside it."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return {}
    source = Path(spec.origin).with_name(module.rpartition(".")[2] + ".py")  # amounts.cpython-311-….so → amounts.py
    tree = ast.parse(source.read_text(encoding="utf-8"))
    return {node.name: ast.get_docstring(node) or "" for node in tree.body if isinstance(node, ast.FunctionDef)}


REGISTRY: dict[str, Rule] = {}


def rule(code: str, category: str, severity: Severity, title: str, *, bad: str, good: str,
         kinds: tuple[str, ...] = ("target", "self_evaluation"), core: bool = True,
         options: tuple[RuleOption, ...] = ()) -> Callable[[RuleFunc], RuleFunc]:
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r} for {code}")

    def register(func: RuleFunc) -> RuleFunc:
        if code in REGISTRY:
            raise ValueError(f"duplicate rule code {code}")
        REGISTRY[code] = Rule(code, category, severity, title, bad, good, func, kinds, core, options)
        return func

    return register


def all_rules() -> list[Rule]:
    from jixiao.check import rules  # noqa: F401  (importing registers every rule module)

    return sorted(REGISTRY.values(), key=lambda r: r.code)


def _to_finding(r: Rule, form: Form, hit: Hit, severity: Severity) -> Finding:
    ind = hit.indicator
    field_label = None
    line = hit.line
    cell = hit.cell
    name = None
    if ind is not None:
        fields = ind.__dict__  # the record's field dict: one slow attribute read, then dict lookups
        name = fields["name"]
        line = line if line is not None else fields["line"]
        cell = cell or fields["cell"]
    if hit.field is not None:
        hf: HeaderField | None = form.fields.get(hit.field)
        field_label = hf.label if hf else hit.field
        if hf is not None:
            line = line if line is not None else hf.line
            cell = cell or hf.cell
    # built trusted (model.py _Record.trusted): every value is typed already (Hit is a typed class; the rest are
    # the rule's and the records' own), and validation costs more than the rest of the finding. Every field is
    # passed, in declared order (its fast path), as a validated Finding(…, waived=None, waived_by=None) would have them.
    return Finding.trusted({"rule": r.code, "category": r.category, "severity": severity, "message": hit.message,
                            "indicator": name, "field": field_label, "line": line, "cell": cell,
                            "column": hit.column, "evidence": hit.evidence, "suggestion": hit.suggestion, "waived": None,
                            "waived_by": None})


def run_rules(form: Form, rules: Iterable[Rule], severities: dict[str, Severity] | None = None,
              options: dict[str, dict[str, Any]] | None = None) -> list[Finding]:
    out: list[Finding] = []
    kind = "target" if form.kind == "department" else form.kind  # a whole-department form's table is a target form's
    shared = Context()  # of this form: the rows are read once, by the first rule that asks
    for r in rules:
        if kind not in r.kinds:
            continue
        opts = options.get(r.code) if options else None
        ctx = shared.with_options(opts, form) if opts else shared
        for hit in r.func(form, ctx):
            out.append(_to_finding(r, form, hit, severities.get(r.code, r.severity) if severities else r.severity))
    out.sort(key=lambda f: (f.line or 0, -SEVERITY_RANK[f.severity], f.rule))
    return out
