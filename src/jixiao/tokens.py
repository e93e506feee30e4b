"""Token counting for prompt budgets, and which method a count used.

    counter = token_counter("gpt-4o")
    counter.count("采购10台设备")          # an int
    counter.method                        # "tiktoken:o200k_base" | "tiktoken:cl100k_base（代用）" | "estimate"

Order of preference:
1. tiktoken with the model's own encoding (`tiktoken.encoding_for_model`), when its BPE file loads;
2. cl100k_base as a stand-in when only that file loads (for Chinese it counts slightly more than o200k_base,
   so budgets stay on the safe side);
3. an estimate when tiktoken cannot load anything (no network, no cache): one token per CJK character plus one
   per four other characters, rounded up. cl100k_base gives about 1.0 token per Chinese character on the seed
   forms (31,102 characters of seed 000 -> 31,316 tokens), so the estimate is close for Chinese prompts.

tiktoken downloads BPE files at first use; offline machines can point `TIKTOKEN_CACHE_DIR` at a folder that
holds them (see ../shared/tiktoken/README.md). Set `JIXIAO_TOKEN_COUNTER=estimate` to skip tiktoken entirely.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable

STANDIN_ENCODING = "cl100k_base"
ESTIMATE = "estimate"
# Tokens a chat message costs beyond its content (role, separators), as OpenAI's cookbook counts them.
MESSAGE_OVERHEAD = 4
REPLY_PRIMER = 3

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def estimate_tokens(text: str) -> int:
    """The documented fallback: 1 token per CJK character (and CJK punctuation) + ceil(others / 4)."""
    if not text:
        return 0
    cjk = len(_CJK.findall(text))
    return cjk + math.ceil((len(text) - cjk) / 4)


@dataclass(frozen=True)
class TokenCounter:
    """Counts tokens of texts and chat messages; `method` says how (shown to users with every budget)."""

    method: str
    _encode: Callable[[str], int]

    def count(self, text: str) -> int:
        return self._encode(text or "")

    def count_messages(self, messages: Iterable[dict[str, Any]]) -> int:
        total = REPLY_PRIMER
        for m in messages:
            content = m.get("content") or ""
            if not isinstance(content, str):
                content = str(content)
            total += MESSAGE_OVERHEAD + self.count(content)
        return total

    @property
    def is_estimate(self) -> bool:
        return self.method == ESTIMATE

    @property
    def label(self) -> str:
        """Chinese description for reports: `tiktoken cl100k_base（代用编码）`, `估算（…）`."""
        if self.method == ESTIMATE:
            return "估算（每个汉字 1 token，其余字符每 4 个 1 token）"
        name = self.method.split(":", 1)[1]
        if name.endswith("(stand-in)"):
            return f"tiktoken {name.removesuffix('(stand-in)').strip()}（代用编码）"
        return f"tiktoken {name}"


def _load_encoding(name: str) -> Any | None:
    try:
        import tiktoken

        return tiktoken.get_encoding(name)
    except Exception:  # noqa: BLE001 - no network / no cached file / unknown name: fall back
        return None


def _model_encoding_name(model: str | None) -> str | None:
    if not model:
        return None
    try:
        import tiktoken

        return tiktoken.encoding_name_for_model(model)
    except Exception:  # noqa: BLE001 - unknown model name
        return None


@lru_cache(maxsize=32)
def token_counter(model: str | None = None) -> TokenCounter:
    """The best counter available for `model` (None: any model; the stand-in encoding is tried)."""
    if os.environ.get("JIXIAO_TOKEN_COUNTER", "").lower() == ESTIMATE:
        return TokenCounter(ESTIMATE, estimate_tokens)
    own = _model_encoding_name(model)
    if own:
        enc = _load_encoding(own)
        if enc is not None:
            return TokenCounter(f"tiktoken:{own}", lambda s, e=enc: len(e.encode(s, disallowed_special=())))
    if own != STANDIN_ENCODING:
        enc = _load_encoding(STANDIN_ENCODING)
        if enc is not None:
            suffix = " (stand-in)" if own or model else ""
            return TokenCounter(f"tiktoken:{STANDIN_ENCODING}{suffix}",
                                lambda s, e=enc: len(e.encode(s, disallowed_special=())))
    return TokenCounter(ESTIMATE, estimate_tokens)
