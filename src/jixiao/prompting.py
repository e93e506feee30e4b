"""Prompts: the one Jinja environment over prompts/, template versions, and packing a request into a token budget.

    render("draft_system.j2", rules=…)                          # a template of prompts/, StrictUndefined
    template_version("draft", ["draft_*.j2"])                  # "draft-<sha12>": part of the LLM cache key
    counter = token_counter(model)
    size = request_tokens(messages, DraftForm, "tools", counter)   # messages + the tool schema instructor sends
    packed = pack(head, optional, tail, budget=6000, fixed=size_of_schema, counter=counter)

Every request a draft or an extraction sends is counted here with what instructor adds to it (the tool's JSON schema
in `tools` mode, the response_format in `json_schema` mode, the schema text in the system message in `json` modes),
so a budget holds for the request as sent, not for the messages alone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from pydantic import BaseModel

from jixiao.tokens import TokenCounter

REPO_ROOT = Path(__file__).resolve().parents[2]
# Where prompts/ and fewshots/ are: the repository (a checkout, an editable install), or the copy a wheel build bundles
# into the package (setup.py), since an installed wheel has no repository around it.
_BUNDLED = Path(__file__).resolve().parent / "bundled"
RESOURCES_ROOT = _BUNDLED if _BUNDLED.is_dir() else REPO_ROOT
PROMPTS_DIR = RESOURCES_ROOT / "prompts"
Message = dict[str, str]


@lru_cache(maxsize=1)
def environment() -> Any:
    """The Jinja environment every prompt is rendered with (prompts/, undefined names are errors)."""
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(PROMPTS_DIR)), undefined=jinja2.StrictUndefined)


def render(name: str, **values: Any) -> str:
    return environment().get_template(name).render(**values).strip()


@lru_cache(maxsize=16)
def template_version(prefix: str, patterns: tuple[str, ...], files: tuple[str, ...] = ()) -> str:
    """`prefix-<sha256[:12]>` of the templates matching `patterns` (sorted by name) and then `files`, names and bytes:
    editing a template changes the version, which is part of the cache key, so no stale answer is replayed."""
    h = hashlib.sha256()
    paths: list[Path] = []
    for pattern in patterns:
        paths += sorted(PROMPTS_DIR.glob(pattern))
    paths += [PROMPTS_DIR / f for f in files]
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return f"{prefix}-" + h.hexdigest()[:12]


# ---------------------------------------------------------------------------------------------------------
# Counting a request as instructor sends it
# ---------------------------------------------------------------------------------------------------------

@lru_cache(maxsize=32)
def _schema_payload(response_model: type[BaseModel], mode: str) -> tuple[str, str]:
    """(what instructor adds beside the messages, as JSON; the text it adds to the system message) for a mode."""
    import instructor
    from instructor.processing.response import handle_response_model

    imode = {"tools": instructor.Mode.TOOLS, "json_schema": instructor.Mode.JSON_SCHEMA, "json": instructor.Mode.JSON,
             "md_json": instructor.Mode.MD_JSON}[mode]
    probe = [{"role": "system", "content": ""}, {"role": "user", "content": ""}]
    _, kwargs = handle_response_model(response_model, mode=imode, messages=[dict(m) for m in probe])
    extra = {k: v for k, v in kwargs.items() if k not in ("messages",)}
    added = ""
    for m in kwargs.get("messages", []):
        if m.get("role") == "system":
            added += str(m.get("content") or "")
    return json.dumps(extra, ensure_ascii=False, default=str), added


def schema_tokens(response_model: type[BaseModel], mode: str, counter: TokenCounter) -> int:
    """Tokens instructor adds to every request for `response_model` in `mode` (tool schema, response format, or the
    schema written into the system message)."""
    extra, added = _schema_payload(response_model, mode)
    return counter.count(extra) + counter.count(added) + (4 if added else 0)


def request_tokens(messages: Sequence[Message], response_model: type[BaseModel], mode: str,
                   counter: TokenCounter) -> int:
    return counter.count_messages(messages) + schema_tokens(response_model, mode, counter)


def body_tokens(body: dict[str, Any], counter: TokenCounter) -> int:
    """Tokens of a chat-completions request body as sent: its messages (tool calls included) and its tools /
    response_format. The transport checks each request with this (llm.py), re-asks included."""
    messages = []
    for m in body.get("messages") or []:
        content = m.get("content")
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False, default=str) if content else ""
        if m.get("tool_calls"):
            text += json.dumps(m["tool_calls"], ensure_ascii=False, default=str)
        messages.append({"role": m.get("role", ""), "content": text})
    extra = {k: body[k] for k in ("tools", "tool_choice", "response_format", "functions") if k in body}
    return counter.count_messages(messages) + (counter.count(json.dumps(extra, ensure_ascii=False)) if extra else 0)


# ---------------------------------------------------------------------------------------------------------
# Packing
# ---------------------------------------------------------------------------------------------------------

@dataclass
class Packed:
    messages: list[Message]
    kept: list[int]  # positions (in `optional`) of the groups kept
    dropped: list[int]
    tokens: int  # the whole request: messages + `fixed`
    fits: bool


def pack(head: Sequence[Message], optional: Sequence[Sequence[Message]], tail: Sequence[Message], *, budget: int,
         counter: TokenCounter, fixed: int = 0) -> Packed:
    """head + as many `optional` groups as fit, in order (the first is the most wanted) + tail, within `budget`
    tokens counting `fixed` (the schema instructor adds). A group that does not fit is dropped with every group after
    it (the order is the preference). `fits` is False when head + tail alone are over the budget."""
    kept: list[int] = []
    body: list[Message] = list(head)
    for i, group in enumerate(optional):
        trial = [*body, *group, *tail]
        if counter.count_messages(trial) + fixed > budget:
            break
        body += list(group)
        kept.append(i)
    messages = [*body, *tail]
    tokens = counter.count_messages(messages) + fixed
    return Packed(messages, kept, [i for i in range(len(optional)) if i not in kept], tokens, tokens <= budget)


@dataclass
class BudgetReport:
    """Every request of a run with its size: what the draft reports and the tests check."""

    budget: int
    method: str
    requests: list[int] = field(default_factory=list)

    @property
    def largest(self) -> int:
        return max(self.requests, default=0)
