"""What a rule is: a small pure function `(form, ctx) -> hits` with its metadata, declared where it is written.

A rule module does:

    @rule("JX101", "direction", "error", "正向指标用了上限比较符")
    def upper_bound_on_positive(form: Form, ctx: Context) -> Iterator[Hit]:
        '''原理：… 依据：…'''
        for row in ctx.rows(form).upper_bound:  # the form's rows (facts.Row), read once per form
            ...
            yield Hit("…中文信息…", indicator=row.indicator, evidence=row.raw, fix=fixes.comparator(row, "≥"))

`rule` turns the function into a `Rule`; check/registry.py lists every rule (the registry is that list, so
the engine imports the rules and no rule imports the engine). A rule's example (what `jixiao rules CODE` shows) and
its test cases are data, in check/rules/cases/CODE.yml, run by tests/test_rule_cases.py.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from jixiao.check import facts
from jixiao.check.facts import Rows
from jixiao.labels import CATEGORY_LABELS
from jixiao.model import Fix, Form, Indicator, Severity

CATEGORIES = tuple(CATEGORY_LABELS)  # the category codes; their Chinese names are in jixiao.labels
CASES = Path(__file__).with_name("rules") / "cases"  # CODE.yml: a rule's example and its test cases


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
    fix: Fix | None = None  # the edit that removes the mistake, when one is certain (check/fixes.py builds it)


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
    func: RuleFunc
    kinds: tuple[str, ...] = ("target", "self_evaluation")
    core: bool = True  # part of the default set
    options: tuple[RuleOption, ...] = ()

    @property
    def name(self) -> str:
        return self.func.__name__

    @property
    def bad(self) -> str:
        """The example of the mistake (cases/CODE.yml `example.bad`)."""
        return rule_cases(self.code)["example"]["bad"]

    @property
    def good(self) -> str:
        """The example written right (cases/CODE.yml `example.good`)."""
        return rule_cases(self.code)["example"]["good"]

    @property
    def cases(self) -> list[dict[str, Any]]:
        """The cases that taught the rule something: `fail` or `pass` text, with `name`, `note`, `options`,
        `message` (words every finding's message holds) and `fix` (the fix the first finding carries)."""
        return list(rule_cases(self.code).get("cases") or [])

    @property
    def doc(self) -> str:
        """The rule function's docstring: why, with its sources; each paragraph on one line (the source's line breaks
        fall mid-sentence, and Chinese joins its lines with no space)."""
        text = inspect.cleandoc(self.func.__doc__ or _source_docstrings(self.func.__module__).get(self.name, ""))
        return "\n\n".join(_one_line(para.splitlines()) for para in text.split("\n\n"))


def _one_line(lines: list[str]) -> str:
    out = ""
    for line in (x.strip() for x in lines):
        out += " " + line if out and line and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() else line
    return out


@cache
def _source_docstrings(module: str) -> dict[str, str]:
    """Docstrings of a module's functions, read from its source: a module compiled by mypyc (setup.py) keeps none at
    run time, and its .py ships beside it."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return {}
    source = Path(spec.origin).with_name(module.rpartition(".")[2] + ".py")  # amounts.cpython-311-….so → amounts.py
    tree = ast.parse(source.read_text(encoding="utf-8"))
    return {node.name: ast.get_docstring(node) or "" for node in tree.body if isinstance(node, ast.FunctionDef)}


@cache
def rule_cases(code: str) -> dict[str, Any]:
    """cases/CODE.yml of a rule, read once."""
    path = CASES / f"{code}.yml"
    import yaml  # here: only `jixiao rules` and the tests read the case files

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("rule") != code or not isinstance(data.get("example"), dict):
        raise ValueError(f"{path}: not the case file of {code} (rule, example.bad, example.good)")
    return data


def rule(code: str, category: str, severity: Severity, title: str, *,
         kinds: tuple[str, ...] = ("target", "self_evaluation"), core: bool = True,
         options: tuple[RuleOption, ...] = ()) -> Callable[[RuleFunc], Rule]:
    """The function below, as the rule `code` (listed in check/registry.py to be run)."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r} for {code}")

    def declare(func: RuleFunc) -> Rule:
        return Rule(code, category, severity, title, func, kinds, core, options)

    return declare


