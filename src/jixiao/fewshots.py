"""The few-shot library: compact examples built from real forms, validated on load, selected per description.

    jixiao fewshots build ../shared/seeds      # seed forms -> fewshots/seedNNN.json (reviewed, committed)
    lib = load_library()                       # run time reads only fewshots/*.json; validates every example
    picked = select_examples(lib, "为第三小学采购教学电脑120台…", k=3)

An example (`FewShotExample`) is what a person would hand a colleague as a model answer: the header (name, type,
unit, amounts, years), a description-like summary quoted from 年度目标/测算依据, and the indicator set. Every
quoted value keeps its source file and line and the source text it was read from (`snippets`), so the library
can be checked against its sources without the seed files: `load_library` refuses an example whose quoted values
are not found in its snippets.

Examples must not teach mistakes: `build_examples` keeps a form only if the checker finds no error in it, or
after correcting the offending rows (the correction is recorded in `corrections`, with the original value).

Selection: BM25 over character bigrams (Chinese needs no word segmentation for this), then maximal marginal
relevance so the k examples are not near-copies. Packing into a token budget happens in draft.py (it renders
the prompt and drops the least similar example until it fits).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jixiao.messages import os_error, validation_error

from jixiao import vocab
from jixiao.check import fixes
from jixiao.prompting import REPO_ROOT, RESOURCES_ROOT
from jixiao.retrieval import Index, grams as _grams, jaccard as _jaccard
from jixiao.model import Amount, Finding, Form, HeaderField, Indicator
from jixiao.values import clean_cell, normalise, parse_target

LIBRARY_FORMAT = 1


def library_dir() -> Path:
    """`JIXIAO_FEWSHOTS` if set, else the fewshots/ folder (the repository's, or the one bundled in a wheel)."""
    return Path(os.environ.get("JIXIAO_FEWSHOTS") or RESOURCES_ROOT / "fewshots")


class FewShotError(Exception):
    """The library is missing or invalid; `str()` names the file and example, in Chinese."""


# ---------------------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------------------

class _Rec(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Snippet(_Rec):
    """Source text a value was quoted from: the cleaned cell text (or the row, cells joined by tabs)."""

    line: int
    text: str


class ExampleIndicator(_Rec):
    level1: str
    level2: str
    required: bool = False
    name: str
    target: str = Field(description="指标值 as printed (after any correction)")
    unit: str | None = Field(None, description="度量单位; None when the source layout has no unit column")
    explanation: str | None = None
    line: int
    snippet: str = Field(description="the source row (cells joined by tab), to check the quoted values")

    def to_indicator(self) -> Indicator:
        return Indicator(level1=self.level1, level2=self.level2, level1_raw=f"{self.level1}指标",
                         level2_raw=f"{'*' if self.required else ''}{self.level2}指标", required=self.required,
                         name=self.name, target=parse_target(self.target), unit=self.unit,
                         explanation=self.explanation, line=self.line)


class Correction(_Rec):
    """A row changed or removed so the example does not teach the checker's error."""

    rule: str
    line: int
    indicator: str
    action: str = Field(description="changed | removed")
    field: str | None = Field(None, description="target | unit | explanation (for changed)")
    before: str | None = None
    after: str | None = None
    note: str


class FewShotExample(_Rec):
    id: str
    source: str = Field(description="seed file, relative to the seeds folder's parent (seeds/000_….txt)")
    line: int
    project_name: str
    project_type: str | None = None
    applicant: str | None = None
    department: str | None = None
    amount_unit: str | None = Field(None, description="元 or 万元, as the form prints amounts")
    total_amount: str | None = Field(None, description="项目总金额 as printed")
    annual_amount: str | None = Field(None, description="本年度项目金额 as printed")
    total_yuan: float | None = None
    annual_yuan: float | None = None
    budget_year: int | None = None
    period_years: int | None = None
    summary: str = Field(description="description-like text quoted from 年度目标 (and 测算依据)")
    goal: str = Field("", description="年度目标 as printed (clipped)")
    basis: str = Field("", description="测算依据 as printed (clipped): what the model learns to write")
    origin: str = Field("seed", description="seed: read from a seed form; written: written for the library in a domain "
                                            "the seeds lack, after the structure of the real form named in `structure_from`")
    structure_from: str | None = Field(None, description="the published real form whose structure a written example follows")
    indicators: list[ExampleIndicator]
    corrections: list[Correction] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list, description="checker warnings left open (rule codes)")
    snippets: dict[str, Snippet] = Field(default_factory=dict, description="header texts quoted, by field name")

    # -- views ---------------------------------------------------------------------------------------------

    def to_form(self) -> Form:
        fields = {k: HeaderField(label=k, value=s.text, line=s.line) for k, s in self.snippets.items()}

        def amount(raw: str | None, yuan: float | None, key: str) -> Amount | None:
            if raw is None:
                return None
            return Amount(raw=raw, yuan=yuan, unit=self.amount_unit, line=self.snippets[key].line if key in self.snippets else None)

        return Form(source=f"fewshots:{self.id}", line=self.line, layout="fewshot", project_name=self.project_name,
                    applicant=self.applicant, department=self.department, period_years=self.period_years,
                    budget_year=self.budget_year, years=[self.budget_year] if self.budget_year else [],
                    project_type=self.project_type, total_amount=amount(self.total_amount, self.total_yuan, "项目总金额"),
                    annual_amount=amount(self.annual_amount, self.annual_yuan, "本年度项目金额"), fields=fields,
                    indicators=[i.to_indicator() for i in self.indicators])

    def description(self) -> str:
        """The example's 'request': a description like a user would write."""
        money = ""
        if self.annual_amount:
            money = f"本年度金额{self.annual_amount}{self.amount_unit or '元'}。"
        year = f"{self.budget_year}年度，" if self.budget_year else ""
        who = f"{self.applicant}申报" if self.applicant else ""
        return f"{year}{who}“{self.project_name}”项目。{money}{self.summary}"

    def search_text(self) -> str:
        return " ".join([self.project_name, self.summary, *(i.name for i in self.indicators)])

    def applicable(self) -> list[ExampleIndicator]:
        return [i for i in self.indicators if i.target and not vocab.is_not_applicable(i.target)
                and not vocab.is_not_applicable(i.name)]


class LibraryFile(_Rec):
    format: int = LIBRARY_FORMAT
    built_from: str
    note: str = ""
    examples: list[FewShotExample]
    excluded: list[dict] = Field(default_factory=list, description="forms left out, with the reason")


# ---------------------------------------------------------------------------------------------------------
# Loading and validation
# ---------------------------------------------------------------------------------------------------------

def _found(value: str | None, text: str) -> bool:
    if value is None or value == "":
        return True
    return normalise(value) in normalise(text)


def validate_example(ex: FewShotExample) -> list[str]:
    """Problems (Chinese) with an example: quoted values not found in their snippets, inconsistent corrections."""
    problems: list[str] = []
    snip = {k: s.text for k, s in ex.snippets.items()}
    if not _found(ex.project_name, snip.get("项目名称", "")):
        problems.append(f"项目名称“{ex.project_name}”不在来源文本中")
    for raw, key in ((ex.total_amount, "项目总金额"), (ex.annual_amount, "本年度项目金额")):
        if raw and not _found(raw, snip.get(key, "")):
            problems.append(f"{key}“{raw}”不在来源文本中")
    sources = " ".join(snip.get(k, "") for k in ("年度目标", "测算依据"))
    for piece in filter(None, (p.strip() for p in ex.summary.split("\n"))):
        if not _found(piece, sources):
            problems.append(f"摘要“{piece[:30]}…”不是年度目标/测算依据的原文")
    if not _found(ex.basis, snip.get("测算依据", "")):
        problems.append("测算依据不是来源文本")
    if not _found(ex.goal, snip.get("年度目标", "")):
        problems.append("年度目标不是来源文本")
    if ex.origin == "written" and not ex.structure_from:
        problems.append("手写示例没有注明所依据的真实表单（structure_from）")
    changed = {(c.line, c.field): c for c in ex.corrections if c.action == "changed"}
    for ind in ex.indicators:
        for fname in ("name", "target", "unit", "explanation"):
            value = getattr(ind, fname)
            c = changed.get((ind.line, fname))
            if c is not None:
                if (c.after or None) != (value or None):
                    problems.append(f"第{ind.line}行“{ind.name}”的更正记录与现值不符")
                value = c.before
            if not _found(value, ind.snippet):
                problems.append(f"第{ind.line}行“{ind.name}”的{fname}“{value}”不在来源行中")
        if parse_target(ind.target).kind == "text":
            problems.append(f"第{ind.line}行“{ind.name}”的指标值“{ind.target}”无法识别")
    if not ex.applicable():
        problems.append("没有有效指标")
    return problems


@dataclass
class Library:
    examples: list[FewShotExample]
    files: list[Path] = field(default_factory=list)
    _index: "Index | None" = None

    def by_id(self, ex_id: str) -> FewShotExample | None:
        return next((e for e in self.examples if e.id == ex_id), None)

    @property
    def index(self) -> Index:
        if self._index is None:
            self._index = Index([e.search_text() for e in self.examples])
        return self._index


def load_library(folder: Path | None = None) -> Library:
    """Read and validate fewshots/*.json. Raises FewShotError naming the file and example."""
    folder = folder or library_dir()
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    if not files:
        raise FewShotError(f"{folder}: 没有示例库文件（*.json），请先运行 jixiao fewshots build")
    examples: list[FewShotExample] = []
    seen: set[str] = set()
    for p in files:
        try:
            data = LibraryFile.model_validate_json(p.read_text(encoding="utf-8"))
        except OSError as exc:
            raise FewShotError(f"{p}: 无法读取：{os_error(exc)}") from exc
        except ValidationError as exc:
            raise FewShotError(f"{p}: 示例库格式错误：{validation_error(exc, 1)}") from exc
        for ex in data.examples:
            if ex.id in seen:
                raise FewShotError(f"{p}: 示例 {ex.id} 重复")
            seen.add(ex.id)
            problems = validate_example(ex)
            if problems:
                raise FewShotError(f"{p}: 示例 {ex.id}（{ex.source}:{ex.line}）无效：{'；'.join(problems[:3])}")
            examples.append(ex)
    return Library(examples, files)


# ---------------------------------------------------------------------------------------------------------
# Building from seed forms
# ---------------------------------------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^。；;！!？?]+[。；;！!？?]?")


def _summary(form: Form, limit: int = 160) -> str:
    """Whole sentences of 年度目标 up to `limit` characters; plus one of 测算依据 when the goal is short."""
    parts: list[str] = []
    for key, budget in (("年度目标", limit), ("测算依据", 80)):
        text = clean_cell(form.field_text(key))
        taken = ""
        for s in _SENTENCE.findall(text):
            if len(taken) + len(s) > budget and taken:
                break
            taken += s
        taken = taken.strip()[:budget]
        if taken:
            parts.append(taken)
        if sum(map(len, parts)) >= 40:
            break
    return "\n".join(parts)


def _row_snippet(lines: list[str], ind: Indicator) -> str | None:
    """The source row(s) holding an indicator's quoted values (two lines when a name wrapped)."""
    for span in (1, 2, 3):
        text = "\t".join(clean_cell(c) for ln in lines[ind.line - 1: ind.line - 1 + span] for c in ln.split("\t"))
        text = text.strip("\t")
        if all(_found(v, text) for v in (ind.name, ind.target.raw, ind.unit, ind.explanation)):
            return text
        # a name wrapped onto the next line: the pieces are in the rows, not in one cell
        if span > 1 and all(_found(v, text.replace("\t", "")) for v in (ind.name, ind.target.raw, ind.unit)):
            return text.replace("\t", "")
    return None


# Errors about the form as a whole: removing or editing one row cannot honestly fix them (a missing required
# category would only disappear from view), so such a form is left out of the library.
_FORM_LEVEL_RULES = ("JX521",)
# Layouts whose indicator table follows an older template (2021: 投入指标, no 度量单位, no required marks).
_OLD_LAYOUTS = ("budget2021",)


def _fix(form: Form, f: Finding) -> tuple[Form, list[Correction]]:
    """Correct the row a finding points at with the finding's fix (check/fixes.py), or remove the row when the rule
    knows no certain fix; no correction when the finding is not about a row."""
    idx = next((i for i, ind in enumerate(form.indicators) if ind.line == f.line and ind.name == f.indicator), None)
    if idx is None or f.rule in _FORM_LEVEL_RULES:
        return form, []
    ind = form.indicators[idx]
    applied = fixes.apply(form, f)
    if applied is None:
        indicators = list(form.indicators)
        del indicators[idx]
        c = Correction(rule=f.rule, line=ind.line, indicator=ind.name, action="removed",
                       before=f"{ind.name} {ind.target.raw} {ind.unit or ''}".strip(), note=f"{f.rule}：{f.message}；已删除该行")
        return form.model_copy(update={"indicators": indicators}), [c]
    fixed, before, fix = applied
    after_row = fixed.indicators[idx]
    corrections = []
    for name in fixes.FIELDS:  # the fix's field, and the unit a percentage target brought along
        old = before.target.raw if name == "target" else getattr(before, name)
        new = after_row.target.raw if name == "target" else getattr(after_row, name)
        if name == fix.field or old != new:
            new_text = fix.after if name == fix.field else new
            corrections.append(Correction(
                rule=f.rule, line=ind.line, indicator=ind.name, action="changed", field=name, before=old, after=new_text,
                note=f"{f.rule}：{f.message}；已将{fixes.FIELD_LABELS[name]}“{old}”改为“{new_text or '（删除）'}”"))
    return fixed, corrections


def _correct(form: Form, audit) -> tuple[Form, list[Correction], list[Finding]]:  # noqa: ANN001
    corrections: list[Correction] = []
    for _ in range(4):
        errors = [f for f in audit(form) if f.severity == "error"]
        if not errors:
            break
        progressed = False
        for f in errors:
            form, cs = _fix(form, f)
            corrections.extend(cs)
            progressed = progressed or bool(cs)
        if not progressed:
            break
    return form, corrections, audit(form)


def _example_from(form: Form, seed: Path, lines: list[str], audit) -> tuple[FewShotExample | None, str]:  # noqa: ANN001
    if form.kind != "target":
        return None, "不是绩效目标申报表"
    if not form.project_name:
        return None, "没有项目名称"
    if form.layout in _OLD_LAYOUTS:
        return None, "旧版申报模板（投入指标、无度量单位），与现行模板不同"
    fixed, corrections, findings = _correct(form, audit)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        return None, "无法更正的错误：" + "、".join(sorted({f.rule for f in errors}))
    # fields with a changed value keep the original in `before`, so snippets come from the original rows
    originals = {i.line: i for i in form.indicators}
    indicators: list[ExampleIndicator] = []
    for ind in fixed.indicators:
        if not ind.level1 or not ind.level2:
            return None, f"第{ind.line}行缺少一级/二级指标"
        snippet = _row_snippet(lines, originals.get(ind.line, ind))
        if snippet is None:
            return None, f"第{ind.line}行的取值无法在原文中定位"
        explanation = _clip(ind.explanation, MAX_EXPLANATION)
        if explanation != ind.explanation:  # keep the row only up to the end of the kept explanation
            snippet = snippet[: snippet.find(explanation) + len(explanation)] if explanation in snippet else snippet
        indicators.append(ExampleIndicator(level1=ind.level1, level2=ind.level2, required=ind.required,
                                           name=ind.name, target=ind.target.raw, unit=ind.unit,
                                           explanation=explanation, line=ind.line, snippet=snippet))
    if len([i for i in indicators if not vocab.is_not_applicable(i.name)]) > MAX_INDICATORS:
        return None, f"有效指标超过 {MAX_INDICATORS} 条，不适合作为示例"
    snippets = {}
    for key in ("项目名称", "申请单位", "项目总金额", "本年度项目金额", "年度目标", "测算依据"):
        hf = form.fields.get(key)
        if hf is not None:
            snippets[key] = Snippet(line=hf.line, text=clean_cell(hf.value)[:240])
    summary = _summary(form)
    if not summary:
        return None, "没有年度目标/测算依据可作描述"
    if not snippets.get("测算依据") or not snippets["测算依据"].text.strip():
        return None, "没有测算依据：示例要教模型写测算依据"
    rel = f"{seed.parent.name}/{seed.name}"
    ex = FewShotExample(
        id=f"{seed.name[:3] if seed.name[:3].isdigit() else 'w' + seed.stem[:3]}-{form.index:02d}", source=rel,
        line=form.line, project_name=form.project_name,
        project_type=form.project_type, applicant=form.applicant, department=form.department,
        amount_unit=(form.annual_amount or form.total_amount).unit if (form.annual_amount or form.total_amount) else None,
        total_amount=form.total_amount.raw if form.total_amount else None,
        annual_amount=form.annual_amount.raw if form.annual_amount else None,
        total_yuan=form.total_amount.yuan if form.total_amount else None,
        annual_yuan=form.annual_amount.yuan if form.annual_amount else None,
        budget_year=form.budget_year, period_years=form.period_years, summary=summary, indicators=indicators,
        goal=snippets["年度目标"].text if "年度目标" in snippets else "",
        basis=snippets["测算依据"].text if "测算依据" in snippets else "",
        corrections=corrections, warnings=sorted({f.rule for f in findings if f.severity == "warning"}),
        snippets=snippets)
    problems = validate_example(ex)
    if problems:
        return None, "；".join(problems[:2])
    return ex, ""


@dataclass
class BuildReport:
    files: list[Path] = field(default_factory=list)
    kept: int = 0
    corrected: int = 0
    excluded: list[tuple[str, int, str]] = field(default_factory=list)  # source, line, reason


MAX_INDICATORS = 14  # applicable rows; bigger forms make poor examples (prompt size) and are rare
MAX_EXPLANATION = 120  # characters of 指标解释 kept (a prefix of the source text)


def _clip(text: str | None, limit: int) -> str | None:
    """A prefix of `text` of at most `limit` characters, cut after a sentence end when there is one."""
    if text is None or len(text) <= limit:
        return text
    head = text[:limit]
    cut = max(head.rfind(ch) for ch in "。；;")
    return head[: cut + 1] if cut >= limit // 2 else head


def _most_diverse(examples: list[FewShotExample], limit: int) -> tuple[list[FewShotExample], list[FewShotExample]]:
    """Greedy farthest-first choice of `limit` examples (bigram Jaccard), in source order; and the rest."""
    if len(examples) <= limit:
        return examples, []
    grams = [set(_grams(e.search_text())) for e in examples]
    chosen = [0]
    while len(chosen) < limit:
        rest = [i for i in range(len(examples)) if i not in chosen]
        chosen.append(min(rest, key=lambda i: (max(_jaccard(grams[i], grams[j]) for j in chosen), i)))
    keep = sorted(chosen)
    return [examples[i] for i in keep], [e for i, e in enumerate(examples) if i not in keep]


WRITTEN_DIR = REPO_ROOT / "fewshots" / "written"  # forms written for the library in domains the seeds lack


def _output_name(seed: Path) -> str:
    """seed000.json for a seed export (000_….txt), written-domains.json for a written file (domains.txt)."""
    return f"seed{seed.name[:3]}.json" if seed.name[:3].isdigit() else f"written-{seed.stem}.json"


def build_examples(seed_dir: Path | list[Path], max_overlap: float = 0.5, per_file: int = 12,
                   audit=None) -> dict[str, LibraryFile]:  # noqa: ANN001
    """Examples from every seed file of the folder(s), one LibraryFile per file (keyed by output file name). A folder
    with a sources.json (project name -> the published form whose structure it follows) holds written forms."""
    from jixiao.check import audit_form
    from jixiao.parse import parse_path

    audit = audit or audit_form
    out: dict[str, LibraryFile] = {}
    folders = [seed_dir] if isinstance(seed_dir, Path) else list(seed_dir)
    seeds = [p for d in folders for p in sorted(d.glob("*.txt")) if p.is_file()]
    if not seeds:
        raise FewShotError(f"{'、'.join(map(str, folders))}: 没有种子表单文件（*.txt）")
    kept_names: list[set[str]] = []
    for seed in seeds:
        sources_file = seed.parent / "sources.json"
        written = json.loads(sources_file.read_text(encoding="utf-8")) if sources_file.is_file() else None
        result = parse_path(seed)
        lines = seed.read_text(encoding="utf-8-sig").split("\n")
        examples, excluded = [], []
        for form in result.forms:
            if form.kind != "target":
                continue
            ex, reason = _example_from(form, seed, lines, audit)
            if ex is not None and written is not None:
                if not written.get(ex.project_name):
                    ex, reason = None, "手写示例没有注明所依据的真实表单（sources.json）"
                else:
                    ex = ex.model_copy(update={"origin": "written", "structure_from": written[ex.project_name]})
            if ex is None:
                excluded.append({"line": form.line, "project_name": form.project_name, "reason": reason})
                continue
            names = {i.name for i in ex.applicable()} | {ex.project_name}
            near = next((k for k in kept_names if _jaccard(k, names) >= max_overlap), None)
            if near is not None:
                excluded.append({"line": form.line, "project_name": form.project_name,
                                 "reason": "与已收录示例的指标几乎相同"})
                continue
            kept_names.append(names)
            examples.append(ex)
        examples, dropped = _most_diverse(examples, per_file)
        excluded += [{"line": e.line, "project_name": e.project_name,
                      "reason": f"同一来源已收录 {per_file} 个差异更大的示例"} for e in dropped]
        excluded.sort(key=lambda x: x["line"])
        if examples or excluded:
            out[_output_name(seed)] = LibraryFile(
                built_from=f"{seed.parent.name}/{seed.name}",
                note="由 jixiao fewshots build 生成；人工审阅后提交。corrections 记录了为消除检查错误所做的更正。"
                     + ("手写示例按 structure_from 所指的已公开真实表单的结构编写，数字为示例。" if written is not None else ""),
                examples=examples, excluded=excluded)
    return out


def write_library(files: dict[str, LibraryFile], folder: Path) -> list[Path]:
    from jixiao.io import write_atomic

    written = []
    for name, lf in files.items():
        p = folder / name
        write_atomic(p, json.dumps(lf.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")
        written.append(p)
    return written


# ---------------------------------------------------------------------------------------------------------
# Selection (jixiao.retrieval: BM25 over character bigrams, an absolute similarity for the floor, MMR)
# ---------------------------------------------------------------------------------------------------------

@dataclass
class Selected:
    example: FewShotExample
    score: float  # BM25 relevance to the description
    relevance: float  # BM25 normalised to the best example of this description (best = 1)
    similarity: float  # absolute, 0..1: the share of the description's bigrams the example holds (IDF-weighted)


def select_examples(lib: Library, description: str, k: int = 3, diversity: float = 0.3,
                    exclude: Iterable[str] = (), floor: float = 0.0) -> list[Selected]:
    """Up to k examples with similarity ≥ floor, by relevance with MMR diversity, most relevant first (the packing
    order drops from the end)."""
    skip = [i for i, e in enumerate(lib.examples) if e.id in set(exclude)]
    hits = lib.index.select(description, k=k, floor=floor, diversity=diversity, exclude=skip)
    return [Selected(lib.examples[h.position], h.score, h.relevance, h.similarity) for h in hits]
