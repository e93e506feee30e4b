"""Eval suites as typed declarative files: a YAML suite plus JSONL cases, validated with pydantic.

    evals/checker/suite.yaml        name, kind, cases file, scoring options, gates
    evals/checker/cases.jsonl       one case per line (the model depends on the kind)

Paths inside a suite (cases file, forms, gold records) are relative to the suite file's folder. Loading never
raises on bad data: `load_suite` returns a `LoadedSuite` whose `problems` name the file and line (Chinese), and
`jixiao eval validate` prints them (exit 2).
"""

from __future__ import annotations

import hashlib
import os
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from jixiao.messages import os_error, validation_error, yaml_error

SuiteKind = Literal["checker", "extract", "draft", "reader"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------------------------------------------------
# Tags: a dict {"domain": "health"} or a list ["domain=health", "seed"] (a bare word is tag=<word>)
# ---------------------------------------------------------------------------------------------------------

def tag_pairs(tags: dict[str, Any] | list[str] | None) -> list[tuple[str, str]]:
    if not tags:
        return []
    if isinstance(tags, dict):
        return [(str(k), str(v)) for k, v in tags.items()]
    out = []
    for t in tags:
        k, sep, v = str(t).partition("=")
        out.append((k.strip(), v.strip()) if sep else ("tag", k.strip()))
    return out


def matches_filters(tags: dict[str, Any] | list[str] | None, case_id: str, filters: list[str]) -> bool:
    """`--filter key=value` (repeatable, all must hold); `id=…` selects a case; a bare word matches any tag value."""
    pairs = tag_pairs(tags)
    for f in filters:
        k, sep, v = f.partition("=")
        if not sep:
            if not any(val == k for _, val in pairs):
                return False
        elif k == "id":
            if case_id != v:
                return False
        elif (k, v) not in pairs:
            return False
    return True


# ---------------------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------------------

class DefectLabel(_Strict):
    """One labeled defect. `row` is the 三级指标 as printed, `field` a header field as printed; either may list
    alternatives. With neither, the label is about the whole form (e.g. a required category that is absent).
    `accept`: other categories a finding at the same place may carry without counting as a false alarm."""

    category: str
    row: str | list[str] | None = None
    field: str | list[str] | None = None
    rule: str | None = None
    accept: list[str] = Field(default_factory=list)
    severity: Literal["error", "warning"] | None = Field(
        None, description="how grave the labeller judges the defect (recall is also reported per severity)")
    note: str | None = None

    def rows(self) -> list[str]:
        return [] if self.row is None else ([self.row] if isinstance(self.row, str) else list(self.row))

    def fields(self) -> list[str]:
        return [] if self.field is None else ([self.field] if isinstance(self.field, str) else list(self.field))

    @property
    def form_level(self) -> bool:
        return not self.rows() and not self.fields()


class CheckerCase(_Strict):
    id: str
    file: str
    form: int | None = Field(None, description="0-based index of the form in the file")
    project_code: str | None = None
    clean: bool = False
    labels: list[DefectLabel] = Field(default_factory=list)
    neutral: list[str] = Field(default_factory=list, description=(
        "categories whose findings on this form count neither way: a page cut off inside its table cannot be judged "
        "for missing categories; a real form's labels say nothing of what the reader could not read (unreadable)"))
    tags: dict[str, Any] | list[str] = Field(default_factory=dict)
    origin: str | None = None
    note: str | None = None


class ExtractCase(_Strict):
    id: str
    input: str
    gold: str
    forms: list[int] | None = Field(None, description="indices of the gold forms to score (default: all)")
    tags: dict[str, Any] | list[str] = Field(default_factory=dict)
    origin: str | None = None
    note: str | None = None


class ReaderCase(_Strict):
    """A real published form (tab-separated, as its page shows it) with its hand-written gold record; `render` reads
    it from that format instead (evals.renderings)."""

    id: str
    input: str
    gold: str
    render: Literal["xlsx", "docx", "pdf"] | None = None
    tags: dict[str, Any] | list[str] = Field(default_factory=dict)
    origin: str | None = None
    note: str | None = None


class ExpectedQuantity(_Strict):
    object: str
    value: float
    unit: str


class ExpectedLimit(_Strict):
    kind: Literal["duration", "deadline", "service_hours", "count_cap", "cost_cap"]
    value: float | None = None
    unit: str | None = None
    date: str | None = Field(None, description="YYYY-MM-DD, for a deadline")
    text: str | None = None


class ExpectedRate(_Strict):
    name: str | None = None
    value: float
    unit: str = "%"


class ExpectedFrequency(_Strict):
    count: float
    per: str = Field(description="the period counted in: 周, 月, 季度, 年")


_UNSET = -1.0  # an expected amount not given (None means: the form must leave it 待填)


class DraftExpect(_Strict):
    amounts_yuan: list[float] = Field(default_factory=list)
    outputs: list[str] = Field(default_factory=list, description="phrases the indicators must cover")
    budget_year: int | None = None
    # facts a reviewer checks (issue 19): every one the description states must be in the form
    applicant: str | None = Field("", description="申请单位; null: the description names none (the form says 待填); "
                                                  "omitted: not checked")
    period_years: int | None = None
    annual_amount_yuan: float | None = Field(_UNSET, description="null: no amount stated (the form says 待填)")
    total_amount_yuan: float | None = Field(_UNSET, description="only for multi-year projects")
    not_amounts_yuan: list[float] = Field(default_factory=list, description="unit prices and standards: never the "
                                                                            "project amount")
    quantities: list[ExpectedQuantity] = Field(default_factory=list)
    limits: list[ExpectedLimit] = Field(default_factory=list)
    rates: list[ExpectedRate] = Field(default_factory=list)
    frequencies: list[ExpectedFrequency] = Field(default_factory=list)


class DraftCase(_Strict):
    id: str
    description: str
    expect: DraftExpect = Field(default_factory=DraftExpect)
    tags: dict[str, Any] | list[str] = Field(default_factory=dict)
    note: str | None = None


CASE_MODELS: dict[str, type[BaseModel]] = {"checker": CheckerCase, "extract": ExtractCase, "draft": DraftCase,
                                           "reader": ReaderCase}
AnyCase = Union[CheckerCase, ExtractCase, DraftCase]


# ---------------------------------------------------------------------------------------------------------
# Suite file
# ---------------------------------------------------------------------------------------------------------

class Gates(_Strict):
    """Floors and regression limits. Keys of the floor dicts: `micro`, `macro`, a category or a rule code
    (checker); `micro` or a field name (extract). `metrics` sets floors on any summary metric by its key."""

    min_recall: dict[str, float] = Field(default_factory=dict)
    min_precision: dict[str, float] = Field(default_factory=dict)
    min_f1: dict[str, float] = Field(default_factory=dict)
    max_false_alarms_on_clean: int | None = None
    min_field_accuracy: dict[str, float] = Field(default_factory=dict)
    min_exact_match: float | None = None
    min_pass_rate: float | None = None
    metrics: dict[str, float] = Field(default_factory=dict, description="metric key -> minimum value")
    max_drop: dict[str, float] = Field(default_factory=dict,
                                       description="metric key (or '*') -> largest allowed drop vs baseline")
    max_infra_errors: int = 0


class Rubric(_Strict):
    """An LLM-judged rubric (draft suites): run only when an LLM is configured; advisory unless `gate`."""

    criteria: list[str]
    gate: bool = False
    min_score: float = 0.6


class SuiteLLM(_Strict):
    """The model a suite's recorded LLM cache belongs to: `--replay` must compute the same cache keys (model,
    endpoint and mode are part of them). JIXIAO_MODEL / OPENAI_BASE_URL / JIXIAO_LLM_MODE still win, to run the
    suite against another model."""

    model: str | None = None
    base_url: str | None = None
    mode: Literal["tools", "json_schema", "json", "md_json"] | None = None


class Suite(_Strict):
    name: str
    kind: SuiteKind
    description: str | None = None
    cases: str = "cases.jsonl"
    concurrency: int = Field(4, ge=1, le=64)
    seed: int | None = None
    # checker
    count_severities: list[Literal["error", "warning", "info"]] = Field(default_factory=lambda: ["error", "warning"])
    select: list[str] = Field(default_factory=lambda: ["core"])
    ignore: list[str] = Field(default_factory=list)
    # extract
    extractor: Literal["parser", "llm"] = "parser"
    amount_tolerance_yuan: float = 0.5
    number_tolerance: float = 1e-6
    fields: list[str] | None = Field(None, description="header fields to score (default: all known)")
    # draft
    drafter: Literal["offline", "llm"] = "offline"
    token_budget: int | None = None
    rubric: Rubric | None = None
    # any kind
    llm: SuiteLLM | None = None
    cache_dir: str | None = Field(None, description="LLM response cache, relative to the suite folder (committed, "
                                                    "so --replay runs offline); JIXIAO_CACHE_DIR does not override it")
    gates: Gates = Field(default_factory=Gates)
    cost_per_1k_tokens: dict[str, float] = Field(default_factory=dict, description="prompt / completion prices")

    @field_validator("name")
    @classmethod
    def _name_is_a_slug(cls, v: str) -> str:
        if not v or any(c in v for c in "/\\ \t"):
            raise ValueError("套件名称不能为空，也不能含空格或斜杠")
        return v


# ---------------------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------------------

@dataclass
class Problem:
    where: str  # file[:line]
    message: str
    level: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        tag = "" if self.level == "error" else "（警告）"
        return f"{self.where}: {tag}{self.message}"


@dataclass
class LoadedSuite:
    path: Path
    suite: Suite | None
    cases: list[Any] = field(default_factory=list)
    case_lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    dataset_hash: str | None = None

    @property
    def root(self) -> Path:
        return self.path.parent

    @property
    def cases_path(self) -> Path:
        return self.root / (self.suite.cases if self.suite else "cases.jsonl")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    def resolve(self, rel: str) -> Path:
        return (self.root / rel).resolve()

    def referenced_files(self) -> list[Path]:
        """Inputs the cases point at (forms, gold records), for the dataset hash and existence checks."""
        out: list[Path] = []
        for c in self.cases:
            if isinstance(c, CheckerCase):
                out.append(self.resolve(c.file))
            elif isinstance(c, ExtractCase):
                out.extend([self.resolve(c.input), self.resolve(c.gold)])
        return out


def _pydantic_message(exc: ValidationError) -> str:
    return validation_error(exc)


def find_suite_file(ref: str | Path, evals_dir: Path | None = None) -> Path:
    """A suite by path (file or folder holding suite.yaml) or by name (evals/<name>/suite.yaml)."""
    p = Path(ref)
    if p.is_dir():
        p = p / "suite.yaml"
    if p.is_file():
        return p
    base = evals_dir or Path("evals")
    cand = base / str(ref) / "suite.yaml"
    return cand if cand.is_file() else p


def load_suite(ref: str | Path, evals_dir: Path | None = None) -> LoadedSuite:
    path = find_suite_file(ref, evals_dir)
    loaded = LoadedSuite(path=path, suite=None)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        loaded.problems.append(Problem(str(path), f"无法读取套件文件：{os_error(exc)}"))
        return loaded
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        loaded.problems.append(Problem(where, yaml_error(exc)))
        return loaded
    if not isinstance(data, dict):
        loaded.problems.append(Problem(str(path), "套件文件应为一个映射（name、kind、cases、gates…）"))
        return loaded
    try:
        loaded.suite = Suite.model_validate(data)
    except ValidationError as exc:
        loaded.problems.append(Problem(str(path), f"套件定义无效：{_pydantic_message(exc)}"))
        return loaded
    _load_cases(loaded)
    if loaded.cases:  # semantic checks on the cases that did load, so one run reports every problem
        from jixiao.evals.validate import check_suite

        loaded.problems.extend(check_suite(loaded))
    loaded.dataset_hash = dataset_hash(loaded)
    return loaded


def _load_cases(loaded: LoadedSuite) -> None:
    assert loaded.suite is not None
    model = CASE_MODELS[loaded.suite.kind]
    cpath = loaded.cases_path
    try:
        text = cpath.read_text(encoding="utf-8")
    except OSError as exc:
        loaded.problems.append(Problem(str(cpath), f"无法读取用例文件：{os_error(exc)}"))
        return
    seen: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        where = f"{cpath}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            loaded.problems.append(Problem(where, f"JSON 格式错误（第 {exc.colno} 列）"))
            continue
        try:
            case = model.model_validate(obj)
        except ValidationError as exc:
            loaded.problems.append(Problem(where, f"用例无效：{_pydantic_message(exc)}"))
            continue
        if case.id in seen:
            loaded.problems.append(Problem(where, f"用例 ID {case.id!r} 重复（第 {seen[case.id]} 行已有）"))
            continue
        seen[case.id] = n
        loaded.cases.append(case)
        loaded.case_lines[case.id] = n
    if not loaded.cases and not loaded.problems:
        loaded.problems.append(Problem(str(cpath), "用例文件中没有任何用例"))


def _sha_file(h: "hashlib._Hash", path: Path, label: str) -> None:
    h.update(label.encode("utf-8") + b"\0")
    try:
        h.update(path.read_bytes())
    except OSError:
        h.update(b"<missing>")
    h.update(b"\0")


def dataset_hash(loaded: LoadedSuite) -> str | None:
    """sha256 over the cases file and every file the cases reference (by relative path). The suite file is left
    out on purpose: changing a gate or a scoring option does not change the data two runs are compared on."""
    if loaded.suite is None:
        return None
    h = hashlib.sha256()
    _sha_file(h, loaded.cases_path, "cases")
    root = loaded.root.resolve()
    for p in sorted(set(loaded.referenced_files())):
        # relative even when outside the suite folder (../checker/forms/…): the hash must not depend on the clone's path
        label = os.path.relpath(p.resolve(), root).replace(os.sep, "/")
        _sha_file(h, p, label)
    return "sha256:" + h.hexdigest()[:16]
