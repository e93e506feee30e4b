"""Finds English prose in text a user reads (tests/test_chinese_text.py).

A user-facing string may name things in Latin letters: code spans (`jixiao audit`), options (--fail-on), file
names and paths, configuration tables ([tool.jixiao.rules.JX522]), field names and identifiers (project_code,
min_indicators, JX101, cl100k_base), acronyms (JSON, LLM, HTML) and product names (OpenAI, SQLite). What it must
not hold is English prose: `english_runs` reports every run of two or more English words (lower-case or
capitalised words of letters only, separated by nothing but spaces) left once those names are taken out. Two, not
three: what libraries leak is often that short (`Field required`, `No such`), and a name of two words is written as
a code span (`make demo`).
"""

from __future__ import annotations

import re

MIN_WORDS = 2

# What is taken out before words are counted: each is replaced by a character that breaks a run of words.
_NOT_PROSE = [
    re.compile(r"`[^`\n]*`"),  # code spans
    re.compile(r"\bjixiao(?: [a-z][a-z-]*){0,2}"),  # a command: jixiao eval bless
    re.compile(r"\[/?tool\.[^\]]*\]"),  # configuration tables
    re.compile(r"\[/?[a-z_ ]+\]"),  # rich markup tags left in ([red], [/green], [bold red])
    re.compile(r"https?://\S+"),  # addresses
    re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*(?:=\S*)?"),  # options: --fail-on, -o, --format=json
    re.compile(r"\S*[/\\]\S*"),  # paths and anything with a slash: examples/, a/b.txt, 元/人·月
    re.compile(r"\S+\.(?:txt|tsv|xlsx|docx|pdf|json|jsonl|yaml|yml|toml|html|md|sqlite|py|j2|png)\b"),
    re.compile(r"\{[^{}\n]*\}"),  # placeholders and JSON fragments
]
# A word of English prose: letters only, all lower-case or capitalised (Invalid, value, for). Identifiers
# (project_code, JX101, cl100k_base, OpenAI, SelfEvaluation) and acronyms (JSON, LLM) are not words of prose and
# break a run.
_WORD = re.compile(r"(?:[A-Z]?[a-z]+|[aAI])(?:'[a-z]+)?(?:-[a-z]+)*")
_TOKEN = re.compile(r"\S+")


def _strip_names(text: str) -> str:
    for pattern in _NOT_PROSE:
        text = pattern.sub(" | ", text)
    return text


def _word(token: str) -> str | None:
    """The English word a token is (trailing punctuation of a sentence allowed inside the run only at its end)."""
    core = token.strip("'\"“”‘’(（")
    if _WORD.fullmatch(core):
        return core
    return None


def english_runs(text: str, min_words: int = MIN_WORDS) -> list[str]:
    """Runs of `min_words` or more English words in `text`, outside code spans, names and identifiers."""
    found: list[str] = []
    run: list[str] = []

    def close() -> None:
        if len(run) >= min_words:
            found.append(" ".join(run))
        run.clear()

    for token in _TOKEN.findall(_strip_names(text)):
        # a word may end a clause (value, / exit.): it still belongs to this run, and ends it
        stripped = token.rstrip(".,;:!?)）")
        word = _word(stripped)
        if word is None:
            close()
            continue
        run.append(word)
        if stripped != token:
            close()
    close()
    return found
