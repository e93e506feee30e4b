"""LLM extraction for forms the deterministic parser cannot read (`jixiao extract`), grounded in the source.

`extract_file(path, llm="auto")`: the parser reads what it knows; forms it reads badly (no indicator, or rows with
neither a typed target nor a name), files it cannot read, or every form with `llm="always"`, go to the LLM. The LLM
path splits the text per form (title / 项目名称 lines) and into chunks of bounded size, asks for verbatim header
values and indicator rows (few-shot raw-text <-> record pairs from prompts/extract_examples.json), converts them to
`Form` through `jixiao.values`, grounds every value back to a line and span of the input (jixiao.grounding) and
runs the checker. Rows that cannot be aligned are kept but marked (a Repair and `ExtractResult.unaligned`), so an
invented row never passes silently. A failed chunk is reported; the other chunks are kept.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from jixiao import vocab
from jixiao.fewshots import REPO_ROOT, _Bm25, _grams
from jixiao.grounding import Grounding, SourceText
from jixiao.model import Finding, Form, HeaderField, Indicator, Repair
from jixiao.values import parse_amount, parse_target

PROMPTS_DIR = REPO_ROOT / "prompts"
EXAMPLES_FILE = PROMPTS_DIR / "extract_examples.json"
LLMChoice = Literal["auto", "always", "never"]
# A line that starts a new form: a title (…申报表 / 绩效目标表 / target form) or a project-name label.
_TITLE = re.compile(r"(申报表|绩效目标表|自评表|performance\s+target\s+form)", re.I)
_NAME_LABEL = re.compile(r"^\s*(项目名称|project\s+name)\s*[:：\t]", re.I)
HEADER_FIELDS = ("title", "project_code", "project_name", "applicant", "department", "total_amount", "annual_amount")


# ---------------------------------------------------------------------------------------------------------
# The answer the model must give (verbatim strings only: no offsets, no typed values)
# ---------------------------------------------------------------------------------------------------------

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExtractedRow(_Strict):
    level1: str | None = Field(None, description="一级指标，原文逐字")
    level2: str | None = Field(None, description="二级指标，原文逐字（合并单元格沿用上一行）")
    name: str = Field(description="三级指标，原文逐字")
    target: str = Field(description="指标值，原文逐字")
    unit: str | None = Field(None, description="度量单位，原文逐字")
    explanation: str | None = Field(None, description="指标解释，原文逐字")

    @field_validator("name", "target")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("三级指标和指标值不能为空，请逐字抄录原文")
        return v


class ExtractedForm(_Strict):
    title: str | None = None
    project_code: str | None = None
    project_name: str | None = None
    applicant: str | None = Field(None, description="申请单位/实施单位")
    department: str | None = Field(None, description="一级预算单位/主管部门")
    total_amount: str | None = Field(None, description="项目总金额，原文逐字")
    annual_amount: str | None = Field(None, description="本年度项目金额，原文逐字")
    rows: list[ExtractedRow] = Field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------
# Splitting the text
# ---------------------------------------------------------------------------------------------------------

@dataclass
class Chunk:
    form: int  # index of the form in the file
    part: int  # 1-based part of that form
    first_line: int  # 1-based line number of the chunk's first line
    text: str


def split_forms(lines: list[str], first_line: int = 1) -> list[tuple[int, list[str]]]:
    """(first line number, lines) per form: a title line or a 项目名称 line not right after a title starts one."""
    starts: list[int] = []
    last_title = -10
    for i, ln in enumerate(lines):
        if _TITLE.search(ln) and len(ln.strip()) <= 40:
            starts.append(i)
            last_title = i
        elif _NAME_LABEL.search(ln) and i - last_title > 3 and (not starts or i - starts[-1] > 3):
            starts.append(i)
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    bounds = starts + [len(lines)]
    out = []
    for a, b in zip(bounds, bounds[1:]):
        block = lines[a:b]
        if any(x.strip() for x in block):
            out.append((first_line + a, block))
    return out


def chunk_form(index: int, start: int, lines: list[str], max_chars: int) -> list[Chunk]:
    """Whole lines, at most about `max_chars` characters per chunk (a longer single line is its own chunk)."""
    chunks: list[Chunk] = []
    buf: list[str] = []
    buf_start = start
    size = 0
    for i, ln in enumerate(lines):
        if buf and size + len(ln) + 1 > max_chars:
            chunks.append(Chunk(index, len(chunks) + 1, buf_start, "\n".join(buf)))
            buf, size, buf_start = [], 0, start + i
        buf.append(ln)
        size += len(ln) + 1
    if buf:
        chunks.append(Chunk(index, len(chunks) + 1, buf_start, "\n".join(buf)))
    return chunks


# ---------------------------------------------------------------------------------------------------------
# Prompt
# ---------------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def load_examples() -> list[dict[str, Any]]:
    return json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))["examples"]


def _jinja() -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(PROMPTS_DIR)), undefined=jinja2.StrictUndefined)


@lru_cache(maxsize=1)
def template_version() -> str:
    import hashlib

    h = hashlib.sha256()
    for p in [*sorted(PROMPTS_DIR.glob("extract_*.j2")), EXAMPLES_FILE]:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return "extract-" + h.hexdigest()[:12]


def build_messages(chunk: Chunk, max_prompt_tokens: int = 6000, model: str | None = None
                   ) -> tuple[list[dict[str, str]], list[str]]:
    """system, then examples (most similar first, BM25 over character bigrams) while they fit, then the chunk."""
    from jixiao.tokens import token_counter

    env = _jinja()
    system = {"role": "system", "content": env.get_template("extract_system.j2").render().strip()}
    request = {"role": "user", "content": env.get_template("extract_request.j2").render(
        text=chunk.text, part=chunk.part if chunk.part > 1 else None).strip()}
    examples = load_examples()
    scores = _Bm25([_grams(e["text"]) for e in examples]).scores(_grams(chunk.text))
    order = sorted(range(len(examples)), key=lambda i: -scores[i])
    counter = token_counter(model)
    msgs = [system]
    used: list[str] = []
    for i in order:
        ex = examples[i]
        pair = [{"role": "user", "content": env.get_template("extract_request.j2").render(
                    text=ex["text"], part=None).strip()},
                {"role": "assistant", "content": json.dumps(ex["record"], ensure_ascii=False)}]
        if counter.count_messages([*msgs, *pair, request]) > max_prompt_tokens:
            break
        msgs += pair
        used.append(ex["id"])
    return [*msgs, request], used


# ---------------------------------------------------------------------------------------------------------
# Result
# ---------------------------------------------------------------------------------------------------------

@dataclass
class ChunkFailure:
    source: str
    form: int
    part: int
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: 第 {self.form + 1} 张表单第 {self.part} 部分抽取失败：{self.message}"


@dataclass
class ExtractResult:
    forms: list[Form] = field(default_factory=list)
    groundings: list[Grounding] = field(default_factory=list)
    failures: list[ChunkFailure] = field(default_factory=list)
    findings: dict[int, list[Finding]] = field(default_factory=dict)  # by position in `forms`
    llm_forms: list[int] = field(default_factory=list)  # positions of forms read by the LLM
    errors: list[str] = field(default_factory=list)  # parser errors of a file sent to nobody (llm="never")

    @property
    def unaligned(self) -> list[Grounding]:
        return [g for g in self.groundings if g.status == "unaligned"]


def well_read(form: Form) -> bool:
    """Trust the parser's form: at least one indicator, each with a typed target or a name."""
    return bool(form.indicators) and all(i.target.typed or i.name.strip() for i in form.indicators)


# ---------------------------------------------------------------------------------------------------------
# From the answer to a Form
# ---------------------------------------------------------------------------------------------------------

def to_form(parts: list[ExtractedForm], source: str, index: int, start_line: int, src: SourceText
            ) -> tuple[Form, list[Grounding]]:
    """Merge the parts of one form, type the values, ground every header value and row."""
    header: dict[str, str] = {}
    for p in parts:
        for name in HEADER_FIELDS:
            v = getattr(p, name)
            if v and v.strip() and name not in header:
                header[name] = v.strip()
    groundings: list[Grounding] = []
    form = Form(source=source, index=index, line=start_line, layout="llm")
    for name, v in header.items():
        g = src.ground(v, label=name, near=start_line)
        groundings.append(g)
        line = g.line or start_line
        if name in ("total_amount", "annual_amount"):
            setattr(form, name, parse_amount(v, "元", line))
        else:
            setattr(form, name, v)
        form.fields[name] = HeaderField(label=name, value=v, line=line)
    level1 = level2 = None
    prev_line = start_line
    for p in parts:
        for r in p.rows:
            level1 = (r.level1 or "").strip() or level1
            level2 = (r.level2 or "").strip() or level2
            g = src.ground(r.name, label=r.name, near=prev_line)
            # a row is grounded by its name; its value must sit on the same line (else the row is mixed up)
            tg = src.ground(r.target, label=f"{r.name}·指标值", near=g.line or prev_line)
            groundings += [g, tg]
            line = g.line or prev_line
            prev_line = line
            form.indicators.append(Indicator(
                level1=vocab.level1_of(level1 or ""), level2=vocab.level2_of(level2 or ""),
                level1_raw=level1, level2_raw=level2, required=vocab.is_required_mark(level2 or ""),
                name=r.name.strip(), target=parse_target(r.target), unit=(r.unit or "").strip() or None,
                explanation=(r.explanation or "").strip() or None, line=line))
            if g.status == "unaligned" or tg.status == "unaligned":
                what = "三级指标" if g.status == "unaligned" else "指标值"
                form.repairs.append(Repair(line=line, kind="other", indicator=r.name.strip(),
                                           message=f"模型抽取的{what}在原文中找不到（可能是编造的行），须人工核对"))
    return form, groundings


# ---------------------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------------------

def _form_text_ranges(forms: list[Form], n_lines: int) -> list[tuple[int, int]]:
    """[first, last] 1-based line range of each parsed form (up to the next form's first line)."""
    starts = [f.line for f in forms]
    return [(s, (starts[i + 1] - 1) if i + 1 < len(starts) else n_lines) for i, s in enumerate(starts)]


def extract_text(text: str, source: str, client: Any, first_line: int = 1, index0: int = 0,
                 max_chunk_chars: int = 3000, max_prompt_tokens: int = 6000) -> ExtractResult:
    """The LLM path on a piece of text (lines numbered from `first_line`)."""
    from jixiao.check import audit_form
    from jixiao.llm import LLMError

    result = ExtractResult()
    src = SourceText(text, first_line)
    for n, (start, lines) in enumerate(split_forms(src.lines, first_line)):
        index = index0 + n
        parts: list[ExtractedForm] = []
        for chunk in chunk_form(index, start, lines, max_chunk_chars):
            messages, used = build_messages(chunk, max_prompt_tokens, getattr(client.config, "model", None))
            try:
                obj, _info = client.structured_call(ExtractedForm, messages, template_version=template_version(),
                                                    example_ids=used)
            except LLMError as exc:
                result.failures.append(ChunkFailure(source, index, chunk.part, chunk.first_line, str(exc)))
                continue
            parts.append(obj)
        if not parts:
            continue
        form, gs = to_form(parts, source, index, start, src)
        if not form.indicators and not any(getattr(form, f) for f in HEADER_FIELDS):
            continue
        result.llm_forms.append(len(result.forms))
        result.findings[len(result.forms)] = audit_form(form)
        result.forms.append(form)
        result.groundings += gs
    return result


def extract_file(path: str | Path, llm: LLMChoice = "auto", client: Any = None, **kw: Any) -> ExtractResult:
    from jixiao.check import audit_form
    from jixiao.parse import ParseError, parse_path, read_text

    source = str(path)
    parsed = parse_path(path) if llm != "always" else None
    result = ExtractResult()
    keep = [f for f in parsed.forms if well_read(f)] if parsed else []
    if parsed:
        result.errors = [str(e) for e in parsed.errors]
    if llm == "never" or (parsed and parsed.forms and len(keep) == len(parsed.forms) and not parsed.errors):
        result.forms = list(parsed.forms) if parsed else []
        result.findings = {i: audit_form(f) for i, f in enumerate(result.forms)}
        return result
    if client is None:
        from jixiao.llm import LLMClient, load_llm_config

        client = LLMClient(load_llm_config())
    try:
        text = read_text(Path(path))
    except ParseError as exc:
        result.errors.append(str(exc))
        return result
    n_lines = len(text.splitlines())
    pieces: list[tuple[int, str]] = []  # (first line, text) sent to the LLM
    if parsed and parsed.forms and not parsed.errors:
        all_lines = text.splitlines()
        for f, (a, b) in zip(parsed.forms, _form_text_ranges(parsed.forms, n_lines)):
            if not well_read(f):
                pieces.append((a, "\n".join(all_lines[a - 1:b])))
    else:
        keep = []
        pieces.append((1, text))
    result.errors = []
    result.forms = list(keep)
    result.findings = {i: audit_form(f) for i, f in enumerate(keep)}
    for first, piece in pieces:
        sub = extract_text(piece, source, client, first_line=first, index0=len(result.forms), **kw)
        offset = len(result.forms)
        result.forms += sub.forms
        result.findings.update({offset + i: v for i, v in sub.findings.items()})
        result.llm_forms += [offset + i for i in sub.llm_forms]
        result.groundings += sub.groundings
        result.failures += sub.failures
    # back into file order, keeping each form's findings and origin with it
    entries = sorted(((f, result.findings.get(i, []), i in result.llm_forms) for i, f in enumerate(result.forms)),
                     key=lambda e: e[0].line)
    result.forms = [e[0] for e in entries]
    result.findings = {i: e[1] for i, e in enumerate(entries)}
    result.llm_forms = [i for i, e in enumerate(entries) if e[2]]
    for i, f in enumerate(result.forms):
        f.index = i
    return result
