"""The extraction prompt: system, few-shot pairs (raw text <-> record, prompts/extract_examples.json) chosen by
retrieval, then the chunk to read; packed under the token budget with the response schema counted (prompting.py)."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jixiao import prompting
from jixiao.retrieval import Index

if TYPE_CHECKING:
    from jixiao.extract.pipeline import Chunk

EXAMPLES_FILE = prompting.PROMPTS_DIR / "extract_examples.json"


@lru_cache(maxsize=1)
def load_examples() -> list[dict[str, Any]]:
    return json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))["examples"]


@lru_cache(maxsize=1)
def _index() -> Index:
    return Index([e["text"] for e in load_examples()])


def template_version() -> str:
    """Digest of the extraction templates and examples (part of the LLM cache key)."""
    return prompting.template_version("extract", ("extract_*.j2",), (EXAMPLES_FILE.name,))


def build_messages(chunk: "Chunk", max_prompt_tokens: int = 6000, model: str | None = None,
                   mode: str = "tools") -> tuple[list[dict[str, str]], list[str]]:
    """system, then examples (most similar first) while they fit, then the chunk: the whole request, the schema
    instructor adds included, within `max_prompt_tokens`."""
    from jixiao.extract.pipeline import ExtractedForm
    from jixiao.tokens import token_counter

    system = {"role": "system", "content": prompting.render("extract_system.j2")}
    request = {"role": "user", "content": prompting.render("extract_request.j2", text=chunk.text,
                                                           part=chunk.part if chunk.part > 1 else None)}
    examples = load_examples()
    order = [h.position for h in _index().rank(chunk.text)]
    pairs = [[{"role": "user", "content": prompting.render("extract_request.j2", text=examples[i]["text"], part=None)},
              {"role": "assistant", "content": json.dumps(examples[i]["record"], ensure_ascii=False)}] for i in order]
    counter = token_counter(model)
    packed = prompting.pack([system], pairs, [request], budget=max_prompt_tokens, counter=counter,
                            fixed=prompting.schema_tokens(ExtractedForm, mode, counter))
    return packed.messages, [examples[order[i]]["id"] for i in packed.kept]
