"""LLM extraction for forms the deterministic parser cannot read (`jixiao extract`), grounded in the source.

`extract_file(path, llm="auto")`: the parser reads what it knows; forms it reads with low confidence (`assess`: the
record looks misread, or the form's table header in the source has columns the parser does not map), files it cannot
read, or every form with `llm="always"`, go to the LLM, each with its reasons (`ExtractResult.routes`). The LLM
path splits the text per form (title / 项目名称 lines) and into chunks of bounded size, asks for verbatim header
values and indicator rows (few-shot raw-text <-> record pairs from prompts/extract_examples.json), converts them to
`Form` through `jixiao.values`, grounds every value back to a line and span of the input (extract/grounding.py) and
runs the checker. Rows that cannot be aligned are kept but marked (a Repair and `ExtractResult.unaligned`), so an
invented row never passes silently. A failed chunk is reported; the other chunks are kept.

`auto` never loses a record the parser read: a doubted self-evaluation stays with the parser, marked for human
review (`Route.review`: the model's answer has no 实际完成值 / 分值 / 得分), and a form whose model call fails (no
endpoint configured, HTTP errors, invalid answers, a failed chunk) keeps the parser's record, marked unverified
(`Route.fallback`, and a Repair of kind `other` in the record, which the checker reports as JX531).

Excel and Word input: the model reads the rows the xlsx/docx readers give (cells joined by tabs, one line per
row, merged cells blank after their first cell, as the readers give them); grounding runs on that text and
`SourceMap` turns each text line back into the sheet / table row and the cell (`Sheet1!C5`, `表1!R3C2`).
Header values go under the parser's canonical field names (项目名称, 本年度项目金额…), so the checker and the
eval scorer read an LLM form like a parsed one.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from typing import TYPE_CHECKING

from jixiao import vocab
from jixiao.extract.grounding import Grounding, SourceText, occurrences
from jixiao.extract.prompt import build_messages, template_version
from jixiao.model import Finding, Form, HeaderField, Indicator, Repair
from jixiao.parse.rows import Row
from jixiao.values import normalise, parse_amount, parse_target, unit_in_label

if TYPE_CHECKING:
    from jixiao.llm import StructuredClient

LLMChoice = Literal["auto", "always", "never"]
# A line that starts a new form: a title (…申报表 / 绩效目标表 / target form) or a project-name label.
_TITLE = re.compile(r"(申报表|绩效目标表|自评表|performance\s+target\s+form)", re.I)
_NAME_LABEL = re.compile(r"^\s*(项目名称|project\s+name)\s*[:：\t]", re.I)
HEADER_FIELDS = ("title", "project_code", "project_name", "applicant", "department", "total_amount", "annual_amount")
# answer field -> the parser's canonical header name (jixiao.parse.target.HEADER_LABELS); the title is no field
FIELD_KEYS = {"project_code": "项目编码", "project_name": "项目名称", "applicant": "申请单位", "department": "一级预算单位",
              "total_amount": "项目总金额", "annual_amount": "本年度项目金额"}
# English amount labels in 万元 ("Annual budget (10,000 yuan)"); Chinese labels go through values.unit_in_label
_WAN_YUAN_EN = re.compile(r"10,?000\s*yuan|ten\s+thousand\s+yuan|RMB\s*10k|10k\s*yuan", re.I)


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
    comparator: str | None = Field(None, description="指标性质/比较符单独成列时（≥、≤、=、定量、定性…），原文逐字；否则 null")
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

    @model_validator(mode="after")
    def _copied_from_the_source(self) -> "ExtractedForm":
        """An answer that cannot be a copy of the text it was asked about is invalid (fed back to the model, never
        cached): more rows than the text has lines (a whole form returned for a one-line chunk), a value longer
        than the text, a row repeated more often than its name occurs in the text (a row repeated 20,000 times).
        The text is the structured call's validation context (`{"source": chunk text}`); no check without one.
        Which rows are really in the text is grounding's job (an invented row is kept and flagged, not refused)."""
        from jixiao.llm import validation_context

        context = validation_context()
        source = context.get("source") if context else None
        if not isinstance(source, str) or not source:
            return self
        text_lines = [ln for ln in source.splitlines() if ln.strip()]
        if len(self.rows) > max(1, len(text_lines)):
            raise ValueError(f"回答有 {len(self.rows)} 行指标，但这部分原文只有 {len(text_lines)} 行：只逐字抄录原文中的指标行，"
                             "每行一次，不要补充原文之外的行")
        values = [getattr(self, k) for k in HEADER_FIELDS]
        values += [v for r in self.rows for v in (r.level1, r.level2, r.name, r.target, r.comparator, r.unit,
                                                  r.explanation)]
        for v in values:
            if v and len(v) > len(source):
                raise ValueError(f"值“{v[:30]}…”长 {len(v)} 字符，比这部分原文（{len(source)} 字符）还长，不是原文的逐字抄录")
        repeats = Counter((r.name.strip(), r.target.strip()) for r in self.rows)
        for (name, target), n in repeats.items():
            if n > 1:
                occurs = sum(1 for ln in text_lines if name in ln)
                if n > max(1, occurs):
                    raise ValueError(f"指标“{name[:40]}”（{target[:20]}）在回答中出现 {n} 次，原文中只有 {occurs} 行："
                                     "每个指标行只抄录一次")
        return self


# ---------------------------------------------------------------------------------------------------------
# The text the model reads, and where each of its lines came from
# ---------------------------------------------------------------------------------------------------------

class SourceMap:
    """Text line (1-based) -> source location. Text files: the line itself. xlsx/docx: the text is one line per
    reader row (cells joined by tabs), so a line maps to the sheet / table row and a span to the cell it is in."""

    def __init__(self, rows: list[Row] | None = None):
        self.rows = rows

    def line(self, n: int) -> int:
        if self.rows is None or not 1 <= n <= len(self.rows):
            return n
        return self.rows[n - 1].line

    def place(self, g: Grounding) -> Grounding:
        """The grounding in source terms: row line, cell reference, span inside that cell."""
        if self.rows is None or g.line is None or not 1 <= g.line <= len(self.rows):
            return g
        row = self.rows[g.line - 1]
        start, end = g.start or 0, g.end or 0
        k = row.text[:start].count("\t")  # cells are joined by tabs: the tabs before the span name the cell
        offset = sum(len(c) + 1 for c in row.cells[:k])
        width = len(row.cells[k]) if k < len(row.cells) else 0
        return replace(g, line=row.line, cell=row.ref(k), start=start - offset, end=min(end - offset, width))

    def text_line(self, source_line: int, after: int = 1) -> int:
        """The first text line at or after `after` that came from `source_line` (sheet rows repeat per sheet)."""
        if self.rows is None:
            return source_line
        for i in range(max(1, after) - 1, len(self.rows)):
            if self.rows[i].line == source_line:
                return i + 1
        return max(1, after)


def _one_line(cell: str) -> str:
    # a cell holding several lines (Alt+Enter in Excel, paragraphs in a Word cell) stays on its row's line
    return " ".join(x.strip() for x in cell.splitlines() if x.strip()) if cell else cell


def read_source(path: Path) -> tuple[str, SourceMap]:
    """The text the model reads and its map back to the file. xlsx/docx: the readers' rows of every sheet /
    table in order, cells joined by tabs. Raises ParseError for unreadable input."""
    from jixiao.parse import read_text

    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from jixiao.parse.sources.xlsx import read_xlsx_rows

        tables = read_xlsx_rows(path)
    elif suffix == ".docx":
        from jixiao.parse.sources.docx import read_docx_rows

        tables = read_docx_rows(path)
    else:
        return read_text(path), SourceMap()
    rows = [Row(line=r.line, cells=[_one_line(c) for c in r.cells], refs=r.refs) for t in tables for r in t]
    return "\n".join(r.text for r in rows), SourceMap(rows)


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
    """(first line number, lines) per form: a title line or a 项目名称 line not right after a title starts one.
    The file's first lines count as a start: a long title the pattern misses (…绩效目标说明, Performance Target
    Form for Project Expenditure (FY2026)) and a code line stay with the 项目名称 line that follows them."""
    starts: list[int] = []
    last_title = -10
    for i, ln in enumerate(lines):
        if _TITLE.search(ln) and len(ln.strip()) <= 40:
            starts.append(i)
            last_title = i
        elif _NAME_LABEL.search(ln) and i - last_title > 3 and i - (starts[-1] if starts else 0) > 3:
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
class Route:
    """Where one form of the file went in `auto` mode, and why (Chinese reasons; empty when the parser is
    trusted). A file the parser could not read at all is one route at line 1 with no project name.

    `review`: the form was doubted (`reasons`) but kept with the parser, and why (a self-evaluation: the model's
    answer has no place for its actual values and scores). `fallback`: the form was sent, the model did not read it
    (why), and the parser's record is in the output instead, not verified."""

    source: str
    line: int
    project_name: str | None
    sent: bool
    reasons: list[str] = field(default_factory=list)
    review: str | None = None
    fallback: str | None = None

    def __str__(self) -> str:
        name = f"“{self.project_name}”" if self.project_name else "表单"
        why = "；".join(self.reasons)
        if self.review:
            return f"{self.source}:{self.line}: {name}由解析器读取，须人工核对（{self.review}）：{why}"
        if not self.sent:
            return f"{self.source}:{self.line}: {name}由解析器读取"
        if self.fallback:
            return (f"{self.source}:{self.line}: {name}应交给模型（{why}），但模型没有读出：{self.fallback}；"
                    "输出中保留解析器读取的结果，未经模型核对，须人工核对")
        return f"{self.source}:{self.line}: {name}交给模型：{why}"


# Why a doubted self-evaluation is not sent to the model (Route.review)
SELF_EVAL_REVIEW = "自评表的实际完成值、分值、得分模型无法抽取，交给模型会丢失，故保留解析器结果"


@dataclass
class ExtractResult:
    forms: list[Form] = field(default_factory=list)
    groundings: list[Grounding] = field(default_factory=list)
    failures: list[ChunkFailure] = field(default_factory=list)
    findings: dict[int, list[Finding]] = field(default_factory=dict)  # by position in `forms`
    llm_forms: list[int] = field(default_factory=list)  # positions of forms read by the LLM
    text_lines: list[int] = field(default_factory=list)  # first line of each form in the text the model read
    errors: list[str] = field(default_factory=list)  # parser errors of a file sent to nobody (llm="never")
    routes: list[Route] = field(default_factory=list)  # auto / always: which forms went to the model and why

    @property
    def unaligned(self) -> list[Grounding]:
        return [g for g in self.groundings if g.status == "unaligned"]

    @property
    def fallbacks(self) -> list[Route]:
        """Forms sent to the model that it did not read: the parser's record is in `forms`, unverified."""
        return [r for r in self.routes if r.fallback]

    @property
    def reviews(self) -> list[Route]:
        """Doubted forms kept with the parser for human review (self-evaluations)."""
        return [r for r in self.routes if r.review]


def assess(form: Form, *_: Any) -> list[str]:
    """Reasons (Chinese) to send a parsed form to the model instead of trusting it: what the reader could not read or
    read only by a guess (`Form.read_issues`, and a self-evaluation's unreadable values). Empty = trusted."""
    return [i.message for i in form.read_issues] + list(getattr(form, "unreadable", None) or [])


def well_read(form: Form) -> bool:
    """The reader is sure of the form (`assess` gives no reason for doubt)."""
    return not assess(form)


# ---------------------------------------------------------------------------------------------------------
# From the answer to a Form
# ---------------------------------------------------------------------------------------------------------

def _amount_unit(src: SourceText, g: Grounding) -> str:
    """The unit the nearest label before the value names (本年度项目金额（万元）: 30.00; 项目资金（万元）\t年度资金总额\t960;
    Budget (10,000 yuan)), else 元. A value with its own unit (625万元) keeps it (values.parse_amount)."""
    if g.line is None or g.start is None:
        return "元"
    before = src.lines[g.line - src.first_line][: g.start]
    for label in reversed([c for c in before.split("\t") if c.strip()]):
        unit = unit_in_label(label) or ("万元" if _WAN_YUAN_EN.search(label) else None)
        if unit:
            return unit
    return "元"


def _target_text(r: ExtractedRow) -> str:
    """The 指标值 as one string: a separate 指标性质 column (≥, 大于等于…) goes in front of a bare number; words that
    are no comparator (定量, 定性) are left out, as is the column when the value already has a comparator."""
    t = r.target.strip()
    c = (r.comparator or "").strip()
    if c and not parse_target(t).comparator and parse_target(c + t).comparator:
        return c + t
    return t


# Column headings under which an indicator's target never stands: a target found in such a cell was copied from the
# wrong column (the 权重 of the row, its 度量单位…). Lower-cased, `*` dropped, as `_headings` reads them.
_NOT_TARGET_HEADINGS = frozenset({h for h, role in vocab.TABLE_COLUMNS.items() if role != "target"}
                                 | {"权重", "指标权重", "权重分值", "分值", "得分", "指标性质", "指标方向", "计算符号",
                                    "评分标准", "序号", "实际完成值", "全年实际值", "偏差原因", "备注", "weight", "score"})


def _heading_cells(line: str) -> list[str]:
    return [normalise(c).lstrip("*").lower() for c in line.split("\t")]


def _header_lines(src: SourceText) -> list[tuple[int, list[str]]]:
    """(line number, headings by column) of every line that reads as an indicator table's header: at least three
    known column headings, one of them a target column (指标值, 目标值, 年度指标值…)."""
    out = []
    for i, ln in enumerate(src.lines):
        if "\t" not in ln:
            continue
        cells = _heading_cells(ln)
        roles = [vocab.column_role(c) for c in cells]  # the reader's column roles (vocab.TABLE_COLUMNS)
        known = sum(1 for c, role in zip(cells, roles) if role or c in _NOT_TARGET_HEADINGS)
        if known >= 3 and "target" in roles:
            out.append((i + src.first_line, cells))
    return out


def _wrong_column(src: SourceText, headers: list[tuple[int, list[str]]], line: int, start: int) -> str | None:
    """The heading of the column a value at (`line`, `start`) sits in, when that column never holds targets."""
    if not headers:
        return None
    k = bisect.bisect_right([ln for ln, _ in headers], line) - 1
    if k < 0 or headers[k][0] == line:
        return None
    column = src.lines[line - src.first_line].count("\t", 0, start)
    cells = headers[k][1]
    heading = cells[column] if column < len(cells) else ""
    return heading if heading in _NOT_TARGET_HEADINGS else None


def to_form(parts: list[ExtractedForm], source: str, index: int, start_line: int, src: SourceText,
            where: SourceMap | None = None, spans: list[tuple[int, int]] | None = None
            ) -> tuple[Form, list[Grounding]]:
    """Merge the parts of one form, type the values, ground every header value and row. Grounding runs on the
    text the model read (`src`); `where` turns its lines into source lines and cells (xlsx/docx).

    `spans` (per part, the first and last text line of the chunk it was read from): each value is looked for in
    its own chunk only, and a row's target on its name's line only. A value copied from another chunk, from
    another row or from a column that holds no targets (权重…) is unaligned, with a note saying so; a row the model
    gave twice (the same name on the same source line) is left out, also noted."""
    where = where or SourceMap()
    spans = spans if spans is not None and len(spans) == len(parts) else [None] * len(parts)  # type: ignore[list-item]
    header: dict[str, tuple[str, tuple[int, int] | None]] = {}
    for p, span in zip(parts, spans):
        for name in HEADER_FIELDS:
            v = getattr(p, name)
            if v and v.strip() and name not in header:
                header[name] = (v.strip(), span)
    groundings: list[Grounding] = []
    form = Form(source=source, index=index, line=where.line(start_line), layout="llm")
    headers = _header_lines(src)
    for name, (v, span) in header.items():
        g = src.ground(v, label=name, near=start_line, whole_cell=True, within=span)
        at = where.place(g)
        groundings.append(at)
        line = at.line or where.line(start_line)
        if name in ("total_amount", "annual_amount"):
            setattr(form, name, parse_amount(v, _amount_unit(src, g), line))
        else:
            setattr(form, name, v)
        if name in FIELD_KEYS:
            form.fields[FIELD_KEYS[name]] = HeaderField(label=FIELD_KEYS[name], value=v, line=line, cell=at.cell)
    level1 = level2 = None
    prev_line = start_line  # in text lines: where the next row is looked for first
    seen: set[tuple[int, int]] = set()  # (text line, start) of every row name grounded
    for p, span in zip(parts, spans):
        for r in p.rows:
            level1 = (r.level1 or "").strip() or level1
            level2 = (r.level2 or "").strip() or level2
            # a name in its own cell first (the table row, not the same words in 测算依据), not on a row taken yet
            g = src.ground(r.name, label=r.name, near=prev_line, whole_cell=True, within=span, avoid=seen,
                           after=prev_line if seen else None)
            if g.status == "unaligned" and seen:
                again = src.ground(r.name, label=r.name, near=prev_line, whole_cell=True, within=span)
                if again.status == "exact" and (again.line, again.start) in seen:  # every occurrence is taken
                    dup = replace(again, status="unaligned", note="与前面的一行重复（原文中同一行），已舍去")
                    groundings.append(where.place(dup))
                    continue
            if g.status == "exact" and g.line is not None and g.start is not None:
                seen.add((g.line, g.start))
            tg = _ground_target(src, r, g, span, headers, where)
            at = where.place(g)
            groundings += [at, where.place(tg)]
            prev_line = g.line or prev_line
            line = at.line or where.line(prev_line)
            form.indicators.append(Indicator(
                level1=vocab.level1_of(level1 or ""), level2=vocab.level2_of(level2 or ""),
                level1_raw=level1, level2_raw=level2, required=vocab.is_required_mark(level2 or ""),
                name=r.name.strip(), target=parse_target(_target_text(r)), unit=(r.unit or "").strip() or None,
                explanation=(r.explanation or "").strip() or None, line=line, cell=at.cell))
            if g.status == "unaligned" or tg.status == "unaligned":
                what = "三级指标" if g.status == "unaligned" else "指标值"
                why = (g.note if g.status == "unaligned" else tg.note) or "在原文中找不到（可能是编造的行）"
                form.repairs.append(Repair(line=line, kind="other", indicator=r.name.strip(),
                                           message=f"模型抽取的{what}{why}，须人工核对"))
    return form, groundings


def _ground_target(src: SourceText, r: ExtractedRow, g: Grounding, span: tuple[int, int] | None,
                   headers: list[tuple[int, list[str]]], where: SourceMap) -> Grounding:
    """A row's target, looked for on its name's line only (in its chunk when the name is not found): an exact
    occurrence outside the name's own cell and not under a heading that never holds targets (权重…)."""
    label = f"{r.name}·指标值"
    value = r.target.strip()
    if g.line is None or not value:
        return src.ground(value, label=label, within=span)
    text = src.lines[g.line - src.first_line]
    wrong = None

    def in_name(pos: int) -> bool:  # the name's own cell (a row named 不适用 with the target 不适用)
        return g.start is not None and g.end is not None and pos < g.end and pos + len(value) > g.start

    # a value filling a cell of the row is where it was copied from: then only such cells count (20 copied from the
    # 权重 cell is not the 20 inside ≥3200 of the 指标值 cell)
    found = [p for p in occurrences(text, value, whole_only=True) if not in_name(p)] or \
        [p for p in occurrences(text, value) if not in_name(p)]
    for pos in found:
        heading = _wrong_column(src, headers, g.line, pos)
        if heading:
            wrong = wrong or heading
            continue
        return Grounding(value, "exact", g.line, pos, pos + len(value), 1.0, label)
    if wrong:
        return Grounding(value, "unaligned", label=label, note=f"取自“{wrong}”列，不是指标值列")
    tg = src.ground(value, label=label, near=g.line, within=(g.line, g.line))
    if tg.status != "unaligned":
        return tg
    elsewhere = src.ground(value, label=label, near=g.line, within=span)
    if elsewhere.line is not None and elsewhere.status != "unaligned":
        return replace(tg, note=f"不在该指标所在的第 {where.line(g.line)} 行，而在第 {where.line(elsewhere.line)} 行"
                                "（可能取自其他行）")
    return tg


# ---------------------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------------------

def _form_text_ranges(forms: list[Form], where: SourceMap, n_lines: int) -> list[tuple[int, int]]:
    """[first, last] 1-based text line range of each parsed form (up to the next form's first line). The first
    form starts at the top: the parser may start it below a title or 项目名称 line it did not recognise."""
    starts: list[int] = []
    for f in forms:
        starts.append(where.text_line(f.line, after=starts[-1] if starts else 1))
    if starts:
        starts[0] = 1
    return [(s, (starts[i + 1] - 1) if i + 1 < len(starts) else n_lines) for i, s in enumerate(starts)]


NO_ENDPOINT = "未配置模型服务：请设置 OPENAI_API_KEY 或 OPENAI_BASE_URL（或 [tool.jixiao.llm]）"


def _configured(client: StructuredClient) -> bool:
    return bool(getattr(getattr(client, "config", None), "configured", True))


def _unverified(form: Form, route: Route, why: str) -> Form:
    """The parser's record of a form the model should have read and did not: a copy carrying a Repair (kind
    `other`) that says so, so JSON consumers and the checker (JX531) see it was not verified."""
    out = form.model_copy(deep=True)
    out.repairs.append(Repair(line=form.line, kind="other", message=(
        f"本表单未经模型核对：解析器读取存疑（{'；'.join(route.reasons)}），模型没有读出（{why}），"
        "保留解析器读取的结果，须人工核对")))
    return out


def _failure_text(failures: list[ChunkFailure]) -> str:
    if len(failures) == 1 and failures[0].part == 1:
        return failures[0].message
    return "；".join(f"第 {f.part} 部分：{f.message}" for f in failures)


def extract_text(text: str, source: str, client: StructuredClient, first_line: int = 1, index0: int = 0,
                 max_chunk_chars: int = 3000, max_prompt_tokens: int = 6000,
                 where: SourceMap | None = None) -> ExtractResult:
    """The LLM path on a piece of text (lines numbered from `first_line`; `where` maps them to the file)."""
    from jixiao.check import audit_form
    from jixiao.llm import LLMConfigError, LLMError

    result = ExtractResult()
    src = SourceText(text, first_line)
    for n, (start, lines) in enumerate(split_forms(src.lines, first_line)):
        index = index0 + n
        parts: list[ExtractedForm] = []
        spans: list[tuple[int, int]] = []
        for chunk in chunk_form(index, start, lines, max_chunk_chars):
            messages, used = build_messages(chunk, max_prompt_tokens, client.config.model, client.config.mode)
            span = (chunk.first_line, chunk.first_line + chunk.text.count("\n"))

            def check(obj: ExtractedForm, span: tuple[int, int] = span, index: int = index) -> None:
                # the answer goes through the whole conversion before it is cached: an answer that breaks it is
                # never replayed from the cache
                to_form([obj], source, index, span[0], src, where, spans=[span])

            try:
                obj, _info = client.structured_call(ExtractedForm, messages, template_version=template_version(),
                                                    example_ids=used, context={"source": chunk.text}, check=check)
            except LLMError as exc:
                line = where.line(chunk.first_line) if where else chunk.first_line
                # the client's own message points at `draft --offline`, which means nothing here
                why = NO_ENDPOINT if isinstance(exc, LLMConfigError) and not _configured(client) else str(exc)
                result.failures.append(ChunkFailure(source, index, chunk.part, line, why))
                continue
            parts.append(obj)
            spans.append(span)
        if not parts:
            continue
        form, gs = to_form(parts, source, index, start, src, where, spans=spans)
        if not form.indicators and not any(getattr(form, f) for f in HEADER_FIELDS):
            continue
        result.llm_forms.append(len(result.forms))
        result.findings[len(result.forms)] = audit_form(form)
        result.forms.append(form)
        result.text_lines.append(start)
        result.groundings += gs
    return result


def plan(path: str | Path, parsed: Any = None, source: tuple[str, SourceMap] | None = None
         ) -> tuple[Any, list[Route], list[tuple[int, int]]]:
    """The `auto` decision for a file without calling a model: (parse result, one Route per parsed form, or one
    for the whole file when the parser read no form or reported errors, each form's [first, last] text line).
    Raises ParseError when the source cannot be read."""
    from jixiao.parse import parse_path

    name = str(path)
    parsed = parsed if parsed is not None else parse_path(path)
    text, where = source or read_source(Path(path))
    lines = text.splitlines()
    if not parsed.forms or parsed.errors:
        e = parsed.errors[0] if parsed.errors else None
        why = f"解析器报错：{getattr(e, 'message', e)}" if e else "解析器没有读出表单"
        return parsed, [Route(name, getattr(e, "line", None) or 1, None, True, [why])], [(1, len(lines))]
    ranges = _form_text_ranges(parsed.forms, where, len(lines))
    routes = []
    for f, (a, b) in zip(parsed.forms, ranges):
        reasons = assess(f)
        if reasons and f.kind == "self_evaluation":
            # ExtractedForm has no 实际完成值 / 分值 / 得分: the model's record would lose them, a reviewer won't
            routes.append(Route(name, f.line, f.project_name, False, reasons, review=SELF_EVAL_REVIEW))
        else:
            routes.append(Route(name, f.line, f.project_name, bool(reasons), reasons))
    return parsed, routes, ranges


def extract_file(path: str | Path, llm: LLMChoice = "auto", client: StructuredClient | None = None, **kw: Any) -> ExtractResult:
    """Parse `path`; send the forms the parser read with low confidence (`assess`; all of them with
    llm="always") to the model. Text, xlsx and docx input alike: the model reads `read_source`'s text.
    In `auto`, a sent form the model does not read (a failed chunk, no form in the answer) keeps the parser's
    record (`Route.fallback`, `_unverified`); with llm="always" the failure is in `failures` and the form is lost."""
    from jixiao.check import audit_form
    from jixiao.parse import ParseError, parse_path

    source = str(path)
    result = ExtractResult()
    if llm == "never":
        parsed = parse_path(path)
        result.errors = [str(e) for e in parsed.errors]
        result.forms = list(parsed.forms)
        result.findings = {i: audit_form(f) for i, f in enumerate(result.forms)}
        return result
    try:
        text, where = read_source(Path(path))
    except ParseError as exc:
        result.errors.append(str(exc))
        return result
    if llm == "always":
        parsed = None
        routes = [Route(source, 1, None, True, ["--llm always：全部交给模型"])]
    else:
        parsed, routes, ranges = plan(path, source=(text, where))
    result.routes = routes
    if parsed is not None and not any(r.sent for r in routes):
        result.forms = list(parsed.forms)
        result.findings = {i: audit_form(f) for i, f in enumerate(result.forms)}
        return result
    if client is None:
        from jixiao.llm import LLMClient, load_llm_config

        client = LLMClient(load_llm_config())
    pieces: list[tuple[int, str]] = []  # (first text line, text) sent to the LLM
    owners: list[tuple[Form, Route] | None] = []  # per piece: the parser's record to fall back to (auto)
    keep: list[Form] = []
    kept_at: list[int] = []  # text line of each parser form kept
    if parsed is not None and parsed.forms and not parsed.errors:
        all_lines = text.splitlines()
        for f, r, (a, b) in zip(parsed.forms, routes, ranges):
            if r.sent:
                pieces.append((a, "\n".join(all_lines[a - 1:b])))
                owners.append((f, r))
            else:
                keep.append(f)
                kept_at.append(a)
    else:
        pieces.append((1, text))
        owners.append(None)
    result.forms = list(keep)
    result.text_lines = kept_at
    result.findings = {i: audit_form(f) for i, f in enumerate(keep)}

    def add(sub: ExtractResult) -> None:
        offset = len(result.forms)
        result.forms += sub.forms
        result.text_lines += sub.text_lines
        result.findings.update({offset + i: v for i, v in sub.findings.items()})
        result.llm_forms += [offset + i for i in sub.llm_forms]
        result.groundings += sub.groundings
        result.failures += sub.failures

    def fall_back(forms: list[Form], at: list[int], route: Route, sub: ExtractResult) -> None:
        route.fallback = _failure_text(sub.failures) if sub.failures else "模型没有读出表单"
        for f, a in zip(forms, at):
            kept = _unverified(f, route, route.fallback)
            result.findings[len(result.forms)] = audit_form(kept)
            result.forms.append(kept)
            result.text_lines.append(a)

    for (first, piece), owner in zip(pieces, owners):
        sub = extract_text(piece, source, client, first_line=first, index0=len(result.forms), where=where, **kw)
        if owner is not None and (sub.failures or not sub.forms):
            # auto: a partial or empty answer would lose rows the parser read; keep its whole record instead
            fall_back([owner[0]], [first], owner[1], sub)
        elif owner is None and parsed is not None and parsed.forms and not sub.forms:
            # the whole file went to the model (the parser also reported errors) and it read nothing
            starts = [a for a, _ in _form_text_ranges(parsed.forms, where, len(text.splitlines()))]
            fall_back(parsed.forms, starts, routes[0], sub)
        else:
            add(sub)
    # back into file order (by text line: sheet rows restart on every sheet), keeping findings and origin
    entries = sorted(((f, result.findings.get(i, []), i in result.llm_forms, result.text_lines[i])
                      for i, f in enumerate(result.forms)), key=lambda e: e[3])
    result.forms = [e[0] for e in entries]
    result.findings = {i: e[1] for i, e in enumerate(entries)}
    result.llm_forms = [i for i, e in enumerate(entries) if e[2]]
    result.text_lines = [e[3] for e in entries]
    for i, f in enumerate(result.forms):
        f.index = i
    return result
