"""Fast readers of text, each beside the plain definition it must equal, and the character tests that let a reader
skip a pattern: how the readers of jixiao go fast, in one place.

The domain modules say what is read (vocab: the words; values, parse: the patterns) and call what is here; nothing
here knows a word of the vocabulary. tests/test_text_readers.py checks every fast reader against its plain
definition on generated texts (hypothesis), so a change to either shows. docs/speed.md says what each one saves.

- Guarded patterns: `guarded(pattern)` is the pattern with a test before it is run: the characters one of which
  every match holds (`required_chars`), or that a match can start with (`first_chars`), worked out from the pattern
  itself, so a word added to a pattern of the vocabulary is covered at once. `hitting_chars(words)`: characters one
  of which each word holds.
- Cells: `clean_cell`, `clean_cells`, `squeeze` (TAGS removed, whitespace folded).
- Labels: `starts_with_label` (INLINE_LABEL.match).
- Names before an ending: `NamesEndingIn` (its `pattern`, lazy, is slow over long texts).
- Names before a head word: `NamedBefore` (the same, read backwards from the head word).
- Numbers before a unit: `NumbersBefore` (a pattern whose matches are a number, spaces and a unit: tried only at the
  numbers that stand before one of its units).
- `AnyChar(chars).isdisjoint(text)`: whether a text holds one of some characters, looked for one by one or, for many,
  by the regex engine.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

# the parsed form of a pattern, read by required_chars and first_chars (modules of `re` without type stubs)
_parser: Any = importlib.import_module("re._parser")
sre: Any = importlib.import_module("re._constants")

# ---------------------------------------------------------------------------------------------------------
# Guarded patterns
# ---------------------------------------------------------------------------------------------------------

_LARGEST_SET = 2000  # a character range larger than this says nothing a test could use


class Chars:
    """A test of one character: one of `chars`, or whitespace (`space`: what `\\s` matches, str.isspace) or a decimal
    digit (`digit`: what `\\d` matches, str.isdecimal)."""

    __slots__ = ("chars", "space", "digit")

    def __init__(self, chars: frozenset[str], space: bool = False, digit: bool = False) -> None:
        self.chars, self.space, self.digit = chars, space, digit

    def __contains__(self, c: str) -> bool:
        return c in self.chars or (self.space and c.isspace()) or (self.digit and c.isdecimal())

    def __or__(self, other: Chars) -> Chars:
        return Chars(self.chars | other.chars, self.space or other.space, self.digit or other.digit)


_NO_CHARS = Chars(frozenset())


class AnyChar:
    """Whether a text holds one of `chars`: a few characters are looked for one by one (`c in text`, the string's own
    search), many in one pass of the regex engine (a character class). `frozenset.isdisjoint(text)` makes a string of
    each Han character it reads: about 8 times slower than the class over a long text with none of them, and the
    class 4 to 14 times slower than looking for each of up to 16 characters one by one (docs/speed.md)."""

    __slots__ = ("chars", "_few", "_search")

    def __init__(self, chars: Iterable[str]) -> None:
        self.chars = frozenset(chars)
        if any(len(c) != 1 for c in self.chars):
            raise ValueError(f"AnyChar: not single characters: {sorted(c for c in self.chars if len(c) != 1)}")
        self._few = tuple(sorted(self.chars)) if len(self.chars) <= _FEW else None
        # the class's search method, kept: asked for on every call it would be looked up on every call
        self._search = re.compile("[" + "".join(map(re.escape, sorted(self.chars))) + "]").search \
            if self._few is None else None

    def isdisjoint(self, text: str) -> bool:
        """No character of `text` is one of `chars` (as frozenset.isdisjoint)."""
        few = self._few
        if few is not None:
            for c in few:
                if c in text:
                    return False
            return True
        return self._search is None or self._search(text) is None


_FEW = 16  # AnyChar looks for up to this many characters one by one (docs/speed.md: where that is faster)


class Guarded:
    """A compiled pattern run only on a text that holds a character every match needs (`search`, `sub`), or at a
    position whose character a match can start with (`match`). Answers as the pattern does, except that `match` gives
    None where the pattern would only find an empty match."""

    __slots__ = ("pattern", "needs", "starts")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        needs = required_chars(pattern)
        self.needs = AnyChar(needs) if needs is not None else None
        self.starts = first_chars(pattern)

    def search(self, text: str) -> re.Match[str] | None:
        if self.needs is not None and self.needs.isdisjoint(text):
            return None
        return self.pattern.search(text)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        if self.starts is not None and (pos >= len(text) or text[pos] not in self.starts):
            return None
        return self.pattern.match(text, pos)

    def sub(self, repl: str, text: str) -> str:
        if self.needs is not None and self.needs.isdisjoint(text):
            return text  # no match: nothing to replace
        return self.pattern.sub(repl, text)


def guarded(pattern: re.Pattern[str] | str) -> Guarded:
    return Guarded(re.compile(pattern) if isinstance(pattern, str) else pattern)


def required_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Characters of which every match of `pattern` holds at least one; None when the pattern gives no such set
    (a match may be empty, made of any character, or case-folded)."""
    if pattern.flags & re.IGNORECASE:
        return None
    options = _required(_parser.parse(pattern.pattern, pattern.flags))
    return min(options, key=len) if options else None


def first_chars(pattern: re.Pattern[str]) -> Chars | None:
    """The characters a non-empty match of `pattern` can start with; None when any may."""
    if pattern.flags & re.IGNORECASE:
        return None
    found = _first(_parser.parse(pattern.pattern, pattern.flags))
    return None if found is None else found[0]


def hitting_chars(words: Iterable[str]) -> frozenset[str]:
    """A few characters of which every word holds one: the character most words hold, then the one most of the rest
    hold, and so on."""
    left = [set(w) for w in words if w]
    chosen: set[str] = set()
    while left:
        best = Counter(c for w in left for c in w).most_common(1)[0][0]
        chosen.add(best)
        left = [w for w in left if best not in w]
    return frozenset(chosen)


def _required(items: Any) -> list[frozenset[str]]:
    """Sets of characters each of which every match of the sequence `items` meets (one set per element that needs
    one)."""
    options: list[frozenset[str]] = []
    for op, av in items:
        if op is sre.LITERAL:
            options.append(frozenset(chr(av)))
        elif op is sre.IN:
            chars = _class(av)
            if chars is not None and not chars.space and not chars.digit and len(chars.chars) <= 64:
                options.append(chars.chars)
        elif op is sre.SUBPATTERN:
            options.extend(_required(av[3]))
        elif op is sre.ATOMIC_GROUP:
            options.extend(_required(av))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            if av[0] >= 1:
                options.extend(_required(av[2]))
        elif op is sre.BRANCH:
            alternatives = [_required(alt) for alt in av[1]]
            if all(alternatives):
                options.append(_covering(alternatives))
    return options


def _covering(alternatives: list[list[frozenset[str]]]) -> frozenset[str]:
    """One set per alternative, chosen so that the union is small: the one whose characters the most alternatives
    could use."""
    used = Counter(c for options in alternatives for option in set(options) for c in option)
    chosen: set[str] = set()
    for options in alternatives:
        chosen |= max(options, key=lambda o: (sum(used[c] for c in o) / len(o), -len(o)))
    return frozenset(chosen)


def _first(items: Any) -> tuple[Chars, bool] | None:
    """(characters a non-empty match of the sequence can start with, whether it can match empty); None: any."""
    found = _NO_CHARS
    for op, av in items:
        step = _first_of(op, av)
        if step is None:
            return None
        found |= step[0]
        if not step[1]:
            return found, False
    return found, True


def _first_of(op: Any, av: Any) -> tuple[Chars, bool] | None:
    if op is sre.LITERAL:
        return Chars(frozenset(chr(av))), False
    if op is sre.IN or op is sre.CATEGORY:
        one = _class(av) if op is sre.IN else _category(av)
        return (one, False) if one is not None else None
    if op is sre.SUBPATTERN:
        return _first(av[3])
    if op is sre.ATOMIC_GROUP:
        return _first(av)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, sub = av
        inner = _first(sub)
        return None if inner is None else (inner[0], low == 0 or inner[1])
    if op is sre.BRANCH:
        found = _NO_CHARS
        empty = False
        for alt in av[1]:
            inner = _first(alt)
            if inner is None:
                return None
            found |= inner[0]
            empty = empty or inner[1]
        return found, empty
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return _NO_CHARS, True  # no character of the match: a lookaround only narrows what follows
    return None  # any character (., a negated class, a back-reference…)


def _class(items: Any) -> Chars | None:
    """What a [...] class matches; None for a negated or a very large one."""
    found = _NO_CHARS
    for op, av in items:
        if op is sre.NEGATE:
            return None
        if op is sre.LITERAL:
            found |= Chars(frozenset(chr(av)))
        elif op is sre.RANGE:
            if av[1] - av[0] > _LARGEST_SET:
                return None
            found |= Chars(frozenset(map(chr, range(av[0], av[1] + 1))))
        elif op is sre.CATEGORY:
            more = _category(av)
            if more is None:
                return None
            found |= more
        else:
            return None
    return found


def _category(category: Any) -> Chars | None:
    """\\s or \\d (str patterns: every Unicode one); None for a larger class (\\w)."""
    if category is sre.CATEGORY_SPACE:
        return Chars(frozenset(), space=True)
    if category is sre.CATEGORY_DIGIT:
        return Chars(frozenset(), digit=True)
    return None


# ---------------------------------------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------------------------------------

# Real HTML tags only (an export that kept its markup: <p>, </p>, <br/>, <ol class="…">): a `<` that compares (故障率<1%且
# 满意度>90%) or a title in ‹…› is text, and is kept
TAGS = re.compile(r"</?(?:p|br|ol|ul|li|span|div|strong|b|i|u|em|font|sup|sub|table|tbody|thead|tr|td|th|a|"
                  r"h[1-6]|hr|img|center|section|article|pre|small|big|s|strike|del|ins|mark|label|o:p|w:[a-z]+)"
                  r"(?:\s[^<>]*)?/?>", re.IGNORECASE)


def clean_cell_plain(text: str | None) -> str:
    """What `clean_cell` gives: tags replaced by a space, whitespace runs folded to one space, trimmed."""
    return " ".join(TAGS.sub(" ", text or "").split())


def clean_cell(text: str | None) -> str:
    """clean_cell_plain(text), deciding the common cases without the regex: no `<` at all, and nothing to fold (no
    whitespace but single spaces: every other whitespace character is one `isprintable` refuses)."""
    if not text:
        return ""
    if "<" in text:
        text = _without_tags(text)
    elif "  " not in text and text.isprintable():
        return text.strip()
    # str.split() splits on exactly the characters `\s` matches
    return " ".join(text.split())


def _without_tags(text: str) -> str:
    """TAGS.sub(" ", text). Most tags are `<p>` and `</p>`: when they are the only `<` of the text, replacing them is
    the same, without the regex."""
    replaced = text.replace("<p>", " ").replace("</p>", " ")
    return replaced if "<" not in replaced else TAGS.sub(" ", text)


def clean_cells(cells: list[str]) -> list[str]:
    """[clean_cell(c) for c in cells], deciding the common case (no tags, no whitespace but single spaces) once for
    the row."""
    joined = "".join(cells)  # two cells may join into a run of spaces: that only sends the row the slow way
    if "<" in joined or "  " in joined or not joined.isprintable():
        return [clean_cell(c) for c in cells]
    return [c.strip() for c in cells]


def squeeze(text: str | None) -> str:
    """"".join(clean_cell(text).split()): tags and every whitespace removed."""
    if not text:
        return ""
    return "".join((_without_tags(text) if "<" in text else text).split())


# ---------------------------------------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------------------------------------

INLINE_LABEL = re.compile(r"^\s*(<p>)?\s*(其中\s*[:：])?[^:：]{1,30}[:：]")  # `label:` at a cell's start (`政策依据: 根据…`)


def starts_with_label(cell: str) -> bool:
    """INLINE_LABEL.match(cell) is not None, for a non-empty cell. When it starts with neither whitespace, `<` nor 其,
    only its first colon can end the label: the label is there when that colon stands 1 to 30 characters in (the
    regex backtracks over the whole of a long text to find that out)."""
    first = cell[0]
    if first.isspace() or first in "<其":
        return INLINE_LABEL.match(cell) is not None
    head = cell[:31]
    colon, wide_colon = head.find(":"), head.find("：")
    first_colon = wide_colon if colon < 0 else colon if wide_colon < 0 else min(colon, wide_colon)
    return first_colon >= 1


# ---------------------------------------------------------------------------------------------------------
# Names before an ending (organisation names: …管理局, …中心)
# ---------------------------------------------------------------------------------------------------------

class NamesEndingIn:
    """Names made of `chars` (a character class's inside), `shortest` to `longest` characters before one of
    `endings`: `pattern` (lazy: each match is the shortest name, the first ending listed at a place wins) and `find`,
    which gives what `pattern.finditer` finds from the endings' positions (the lazy pattern tried at every
    character of a long text is slow)."""

    def __init__(self, endings: tuple[str, ...], chars: str, shortest: int, longest: int) -> None:
        self.endings, self.shortest, self.longest = endings, shortest, longest
        self.pattern = re.compile(f"[{chars}]{{{shortest},{longest}}}?(?:" + "|".join(endings) + ")")
        # the run of name characters before an ending, read in the reversed text: as far as a name can start, and as
        # far as the ending before can end (an ending earlier than that leaves the name to start `longest` back)
        self._back = longest + max(map(len, endings))
        self._run_before = re.compile(f"[{chars}]{{0,{self._back}}}")

    def find(self, text: str) -> Iterator[str]:
        """The matches of `pattern` in `text`, in order. A match lies inside one run of name characters; from a start
        p (the run's start, or the end of the name before) it ends at the first ending `shortest`..`longest`
        characters on, and the search goes on after it."""
        p = prev = -1
        for q, ending in self._endings_at(text):
            back = self._run_before.match(text[max(0, q - self._back):q][::-1]).end()  # type: ignore[union-attr]
            if q - back > prev:  # another run than the ending before
                p = q - back
            prev = q
            if q < p + self.shortest:
                continue
            if q > p + self.longest:
                p = q - self.longest  # starts before this cannot reach the ending
            yield text[p:q + len(ending)]
            p = q + len(ending)

    def _endings_at(self, text: str) -> list[tuple[int, str]]:
        """(position, ending) of every ending in `text`, overlapping ones too; at one position the first listed."""
        at: dict[int, str] = {}
        for ending in self.endings:
            i = text.find(ending)
            while i >= 0:
                at.setdefault(i, ending)
                i = text.find(ending, i + 1)
        return sorted(at.items())


# ---------------------------------------------------------------------------------------------------------
# Numbers before a unit (amounts: 1,200.5 万元)
# ---------------------------------------------------------------------------------------------------------

class NumbersBefore:
    """`finditer(text)` gives what `pattern.finditer(text)` gives, for a pattern each of whose matches starts with a
    number (a decimal digit, then decimal digits and `inside` characters), then spaces, then one of `units` (the
    match may go on after it). The plain search tries the pattern at every character of a text, testing each for a
    digit (slow over long Chinese texts, most of whose characters are none); here the units are found first (the
    string's own search), and the pattern is tried only at the digits of the number before each, leftmost first, as
    the plain search would."""

    def __init__(self, pattern: re.Pattern[str], units: str, inside: str) -> None:
        self.pattern, self.units, self.inside = pattern, units, inside

    def finditer(self, text: str) -> list[re.Match[str]]:
        at: list[int] = []
        for unit in self.units:
            i = text.find(unit)
            while i >= 0:
                at.append(i)
                i = text.find(unit, i + 1)
        if not at:
            return []
        at.sort()
        found: list[re.Match[str]] = []
        done = 0  # where the last match ended: the plain search goes on from there
        inside = self.inside
        for q in at:
            if q < done:
                continue
            end = q
            while end > done and text[end - 1].isspace():
                end -= 1
            start = end
            while start > done and (text[start - 1].isdecimal() or text[start - 1] in inside):
                start -= 1
            for p in range(start, end):
                if text[p].isdecimal():
                    m = self.pattern.match(text, p)
                    if m is not None:
                        found.append(m)
                        done = m.end()
                        break
        return found


# ---------------------------------------------------------------------------------------------------------
# Names before a head word (rates: …率 90%, …满意度 不低于90%)
# ---------------------------------------------------------------------------------------------------------

class NamedBefore:
    """A head word (`heads`) with what follows it (`rest`, a pattern), named by up to `longest` Han characters before
    it: `pattern`, whose group `name` is the name with its head word, and `finditer`, which gives what
    `pattern.finditer` finds by searching for the head and reading the name backwards (the lazy name tried at every
    character of a long text is slow)."""

    _HAN = ("\u4e00", "\u9fa5")

    def __init__(self, heads: tuple[str, ...], rest: str, longest: int) -> None:
        self.longest = longest
        head = "(?P<head>" + "|".join(map(re.escape, heads)) + ")"
        self.pattern = re.compile(rf"(?P<name>[\u4e00-\u9fa5]{{0,{longest}}}?{head})" + rest)
        self._from_head = re.compile(head + rest)

    def finditer(self, text: str) -> Iterator[tuple[int, re.Match[str]]]:
        """(where the name starts, the match from the head word on) of each match of `pattern`, in order: the name is
        text[start:m.end("head")], the whole match text[start:m.end()]. A name reaches back over Han characters only,
        never into the match before."""
        done = 0  # where the last match ended
        low, high = self._HAN
        for m in self._from_head.finditer(text):
            start = m.start()
            while start > done and m.start() - start < self.longest and low <= text[start - 1] <= high:
                start -= 1
            done = m.end()
            yield start, m
