"""What a calculation basis (测算依据 / 测算明细) says about money: its amounts in order, each an item, the result of its
own clause, a stated total or an operand of a formula, folded into the sum the text arrives at (`read_basis`); and the
calculations it writes out (`written_calculations`: 12,000×260=322万元). Rules read these facts (check.rules.amounts),
never the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import NamedTuple

from jixiao import vocab
from jixiao.check.facts import Rows, header_texts
from jixiao.model import Form, Indicator
from jixiao.values import MoneyTerm, money_matches, money_terms_in_text, rounded, to_float

# Markers of a numbered list: 1. / 1、 / （1） / 1） / 一、, at the start or after a break (not 1.54万元)
_LIST_MARK = re.compile(r"(?:^|(?<=[\s；;。，,：:]))(?:(?P<dot>\d{1,2})\s*[.．、](?!\d)|[（(](?P<paren>\d{1,2})[)）]"
                        r"|(?P<half>\d{1,2})[)）]|(?P<cn>[一二三四五六七八九十]{1,3})、)")
_MARK_CAN_START = re.compile(r"[\s；;。，,：:](?=[\d（(一二三四五六七八九十])")  # a break, then what can open a marker
_SEGMENT_BREAK = re.compile(r"[；;。]")
_CLAUSE_BREAK = re.compile(r"[；;。，、]|,(?!\d)")
_BRACKET = re.compile(r"[（()）]")
MONEY_ANYWHERE = re.compile(r"\d\s*[万元亿]")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")  # a year, when no digit comes before it (_years_in tests that)


@dataclass(slots=True)
class Entry:
    """An amount the text adds up: an item, the result of a clause, or a stated total with its items folded in."""

    yuan: float
    amount: float
    factor: float | None
    item: int  # number of the list item it stands in (0: before a list, or no list)
    clean: bool  # nothing around it makes it other than a part of the sum (vocab.MONEY_NOT_ADDITIVE)
    years: frozenset[int]
    paid_later: bool  # 尾款 / 未付…: money of an earlier year paid this year
    approx: bool


@dataclass(slots=True)
class Basis:
    entries: list[Entry]  # what the text adds up to, its stated totals folded in
    items: int  # items of its numbered list (0: no list)
    preamble_money: bool  # amounts before the list (项目预算费用为168万，主要内容如下：1. …)
    not_exhaustive: bool  # the words before the list say it names only the main items (主要为：1. …)
    unresolved: set[int]  # list items holding a unit price or formula no result resolves
    stated_total: bool  # the text states a total over several items (JX705 checks it; JX706 stays quiet)
    mismatch: tuple[list[Entry], float, str] | None  # the first total its items miss: items, total (yuan), as written


def _list_mark_matches(text: str) -> list[re.Match[str]]:
    """What _LIST_MARK.finditer(text) finds, tried only where a marker can start: at the text's start, and after a
    break that a digit, a bracket or a numeral follows (the pattern opens with a look-behind, which the regex engine
    would try at every position of the text). A start inside the marker found last is skipped, as finditer skips it."""
    starts = [0]
    starts += [m.end() for m in _MARK_CAN_START.finditer(text)]
    found: list[re.Match[str]] = []
    end = 0
    for p in starts:
        if p >= end:
            m = _LIST_MARK.match(text, p)
            if m:
                found.append(m)
                end = m.end()
    return found


def _list_marks(text: str) -> list[int]:
    """Start positions of the markers of the numbered list, when they run 1, 2, …, n (n ≥ 2) in one style (the style
    of the first marker; a marker of that style out of turn means there is no such list)."""
    if not any(m in text for m in ("2.", "2．", "2、", "2)", "2）", "二、")):
        return []
    found = _list_mark_matches(text)
    if not found:
        return []
    style = found[0].lastgroup or ""
    marks: list[int] = []
    for m in found:
        if (m.lastgroup or "") != style:
            continue
        if (to_float(m.group(style)) if style else None) != len(marks) + 1:
            return []
        marks.append(m.start())
    return marks if len(marks) >= 2 else []


def _layout(text: str, marks: list[int]) -> tuple[list[int], list[tuple[int, int]]] | None:
    """Starts of segments (；。 outside brackets, and list items) and the bracket spans; None when the brackets do
    not balance."""
    spans: list[tuple[int, int]] = []
    if "（" in text or "(" in text or "）" in text or ")" in text:
        depth = opened = 0
        for m in _BRACKET.finditer(text):
            if m.group() in "（(":
                opened = m.start() if depth == 0 else opened
                depth += 1
            elif depth == 0:
                return None
            else:
                depth -= 1
                if depth == 0:
                    spans.append((opened, m.end()))
        if depth:
            return None
    breaks = [m.end() for m in _SEGMENT_BREAK.finditer(text)]
    if spans:
        breaks = [p for p in breaks if _span_at(spans, p - 1) is None]
    return sorted({0, *marks, *breaks}), spans


def _span_at(spans: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    i = bisect_right(spans, (pos, 1 << 62)) - 1
    return spans[i] if i >= 0 and pos < spans[i][1] else None


def _last_clause_break(text: str, lo: int, hi: int) -> int:
    """Where the last clause break of text[lo:hi] is (-1: none): ；;。，、 or a comma that no digit follows within it
    (1,200 is one number). Found with rfind: a pattern anchored at the end is tried from every break before it."""
    last = max(text.rfind(c, lo, hi) for c in "；;。，、")
    comma = text.rfind(",", lo, hi)
    while comma > last and comma + 1 < hi and text[comma + 1].isdecimal():
        comma = text.rfind(",", lo, comma)
    return max(last, comma)


def _breakdowns(text: str, terms: list[MoneyTerm], spans: list[tuple[int, int]]) -> list[MoneyTerm]:
    """The terms without the amounts in brackets after an amount of their clause: a breakdown of it
    (印刷费80万元（40,000册，每册20元）). An amount alone in its clause in brackets stands (维护项目（40万）)."""
    outside = [t.pos for t in terms if _span_at(spans, t.pos) is None]
    keep = []
    for t in terms:
        span = _span_at(spans, t.pos)
        if span is not None:
            before = _last_clause_break(text, max(0, span[0] - 200), span[0])
            after = _CLAUSE_BREAK.search(text, span[1])
            a, b = max(before, 0), after.start() if after else len(text)
            if any(a <= p < b for p in outside):
                continue
        keep.append(t)
    return keep


def _years_in(context: str) -> frozenset[int]:
    """The years a segment names (2023年…), not the end of a longer number (12023年): the digit before a year is
    tested here, not in the pattern (a pattern that opens with a look-behind is tried at every position; a match it
    drops hides no other, as one cannot start inside a run of digits). Most segments have no 年 to look for."""
    if "年" not in context:
        return frozenset()
    return frozenset(int(m.group(1)) for m in _YEAR.finditer(context)
                     if m.start() == 0 or not context[m.start() - 1].isdecimal())


def years_ok(entries: list[Entry], budget_year: int | None) -> bool:
    """Amounts of other years are not this year's items, unless paid this year for earlier work (尾款)."""
    years = {y for e in entries for y in e.years}
    if budget_year is None:
        return len(years) <= 1
    return all(y == budget_year or (y < budget_year and e.paid_later) for e in entries for y in e.years)


def sum_tolerance(total: float, approx: bool) -> float:
    """Rounding: a few 元, or 0.05% of the total; 1% when the total or an item is only approximate (约)."""
    return max(5.0, (0.01 if approx else 0.0005) * abs(total))


def read_basis(text: str, marks: list[int], budget_year: int | None, money: list[re.Match[str]]) -> Basis | None:
    """Walk the amounts of a calculation basis in order (`marks`: its list markers): items go on a stack; a clause's
    result (计/共/=) takes the place of the items of its clause group (or resolves its unit price); a stated total folds
    the items it adds up into itself, and records the first total that no run of the latest items adds up to.
    `money`: values.money_matches(text)."""
    terms = money_terms_in_text(text, money)
    if not terms:
        return None
    layout = _layout(text, marks)
    if layout is None:
        return None
    segments, spans = layout
    if spans:
        terms = _breakdowns(text, terms, spans)
    basis = Basis([], len(marks), bool(marks) and any(t.pos < marks[0] for t in terms),
                   bool(marks) and bool(vocab.LIST_NOT_EXHAUSTIVE.search(text, 0, marks[0])), set(), False, None)
    stack = basis.entries
    since = seg_from = 0  # stack index after the last stated total; where the current clause group starts
    seg, seg_terms, pending, broken, item_of_seg = -1, 0, False, False, 0
    words: dict[int, tuple[bool, frozenset[int], bool]] = {}
    for t in terms:
        s, item = bisect_right(segments, t.pos), bisect_right(marks, t.pos)
        if s != seg:
            if pending:
                basis.unresolved.add(item_of_seg)
            seg, seg_terms, seg_from, pending, item_of_seg = s, 0, len(stack), False, item
        seg_terms += 1
        if t.role == "operand" or (t.per_unit and t.role == "item"):
            pending = True  # a unit price or a formula: its clause's result (or the total) says what it comes to
            continue
        if s not in words:  # what the words of its segment say about the amounts in it
            context = text[segments[s - 1]: segments[s] if s < len(segments) else len(text)]
            words[s] = (not vocab.MONEY_NOT_ADDITIVE.search(context), _years_in(context),
                        bool(vocab.MONEY_PAID_LATER.search(context)))
        entry = Entry(t.yuan, t.amount, t.factor, item, *words[s], t.approx)
        if t.role == "item":
            if pending:
                basis.unresolved.add(item)
                pending = False
            stack.append(entry)
            continue
        if t.role == "result":
            if not pending:
                del stack[max(seg_from, since):]  # 一次3.25万元，共13万元: the result restates its clause group
            pending = False
            stack.append(entry)
            seg_from = len(stack)
            continue
        # a stated total: the latest entries that add up to it are folded into it
        own = seg_terms == 1  # it opens its segment: 合计90万元 after the items, not inside one
        tol = sum_tolerance(t.yuan, t.approx or any(e.approx for e in stack[since:]))
        acc, k, matched = 0.0, len(stack), None
        while k > 0 and matched is None and acc <= t.yuan + tol:
            k -= 1
            acc += stack[k].yuan
            matched = k if abs(acc - t.yuan) <= tol else None
        if matched is not None:
            start = matched
        elif own or not marks:  # the items since the last total, or the totals before it (a grand total)
            start = since if len(stack) - since >= 2 else 0
            while marks and start < len(stack) - 1 and stack[start].item == 0:
                start += 1  # amounts before the list are not its items
        else:  # inside a list item: the items of that list item
            start = next((i for i in range(since, len(stack)) if stack[i].item == item), len(stack))
        local = stack[start:]
        if len({e.item for e in local}) > 1 or (own and len(local) > 1):
            basis.stated_total = True
        if matched is None and not pending and len(local) >= 2:
            if (basis.mismatch is None and not broken and item not in basis.unresolved
                    and not any(e.item in basis.unresolved for e in local)
                    and all(e.clean for e in local) and years_ok(local, budget_year)):
                basis.mismatch = (list(local), t.yuan, text[t.pos:t.end])
            broken = True  # what later totals add up is uncertain now
        del stack[start:]
        stack.append(Entry(t.yuan, t.amount, None, item, entry.clean, entry.years, entry.paid_later, t.approx))
        since = seg_from = len(stack)
        pending = False
    if pending:
        basis.unresolved.add(item_of_seg)
    return basis


@dataclass(slots=True)
class BasisText:
    """A calculation basis of a form, with what JX703, JX705 and JX706 read of it: its amounts (searched once for
    both readers of them), its list markers and its reading are worked out by the first rule that asks, and kept for
    the others."""

    name: str  # 测算依据, or 测算明细 for a row of a 2021 form
    text: str
    indicator: Indicator | None  # the 测算明细 row, None for the header field
    budget_year: int | None
    _money: list[re.Match[str]] | None = None
    _marks: list[int] | None = None
    _basis: Basis | None = None
    _read: bool = False

    def money(self) -> list[re.Match[str]]:
        if self._money is None:
            self._money = money_matches(self.text)
        return self._money

    def marks(self) -> list[int]:
        if self._marks is None:
            self._marks = _list_marks(self.text)
        return self._marks

    def basis(self) -> Basis | None:
        if not self._read:
            self._basis, self._read = read_basis(self.text, self.marks(), self.budget_year, self.money()), True
        return self._basis


def basis_texts(form: Form, found: Rows) -> list[BasisText]:
    """The calculation bases of `form`: the 测算依据 field, the 测算明细 rows of 2021 forms. JX703, JX705, JX706 and JX707
    ask for the same form in turn, so the answer is kept with the form's rows (Rows.memo), and with it what the rules
    read of each text."""
    kept = found.memo.get("basis_texts")
    if kept is not None:
        texts: list[BasisText] = kept
        return texts
    year = form.budget_year
    texts = [BasisText(name, text, None, year) for name, text in header_texts(form, ("测算依据", "测算明细"))]
    texts += [BasisText("测算明细", row.explanation, row.indicator, year)
              for row in found.every_by_level2.get("测算明细", ()) if row.explanation]
    found.memo["basis_texts"] = texts
    return texts





# ---------------------------------------------------------------------------------------------------------
# Calculations written out: 12,000×260=322万元, 158万亩×105元/亩=16,800万元, 2人×25000元×12月=60万元
# ---------------------------------------------------------------------------------------------------------

class Calculation(NamedTuple):
    """A product a text writes out and the result it states, both in yuan."""

    raw: str  # as written, operands to result
    computed: float  # the operands multiplied out
    stated: float  # the result written after =
    pos: int


# A number is read whole (possessive: what may follow one is never a digit, a comma or a point, so giving some back
# never matches; the engine would otherwise retry every shorter reading of every number in the text)
_OPERAND = r"\d[\d,]*+(?:\.\d+)?+\s*(?:万|亿)?\s*(?:[\u4e00-\u9fa5/·㎡²]{0,6}?)"
_CALC = re.compile(r"(?P<expr>" + _OPERAND + r"(?:\s*[×*✕xX]\s*" + _OPERAND + r")+)\s*[=＝]\s*"
                   r"(?P<result>\d[\d,]*+(?:\.\d+)?+)\s*(?P<unit>亿元|万元|千元|元|万|亿)")
_NUMBER = re.compile(r"(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>万|亿)?\s*(?P<unit>[\u4e00-\u9fa5/·㎡²]*)")


def written_calculations(text: str) -> list[Calculation]:
    """The products the text writes out with their stated result (`a×b=c万元`). An operand that is money in 万元 counts
    in 万元; any other operand is a number (its 万 applied: 158万亩 is 1,580,000 亩), and the product is in 元 unless an
    operand says otherwise. A product that matches its result in another unit (万元 where 元 was meant) is read as
    matching: only a wrong product is a finding."""
    out: list[Calculation] = []
    if "=" not in text and "＝" not in text:
        return out
    for m in _CALC.finditer(text):
        before = text[:m.start()].rstrip()
        if before[-1:] in ("+", "＋", "-", "/", "／", "÷", "*", "×", "(", "（") or before[-1:].isdigit():
            continue  # the tail of a longer expression (…+92000*3*0.2=325939元): its result is not this product's
        product = 1.0
        for part in re.split(r"[×*✕xX]", m.group("expr")):
            t = _NUMBER.match(part.strip())
            if t is None:
                break
            n = float(t.group("n").replace(",", "")) * vocab.SCALES.get(t.group("scale") or "", 1.0)
            unit = t.group("unit") or ""
            if unit.startswith(("万元", "亿元")) and not t.group("scale"):
                n *= vocab.SCALES[unit[0]]
            product *= n
        else:
            unit = m.group("unit")
            stated = float(m.group("result").replace(",", "")) * vocab.MONEY_UNIT_YUAN[unit]
            out.append(Calculation(m.group(0), rounded(product, 2), rounded(stated, 2), m.start()))
    return out


def calculation_wrong(c: Calculation) -> bool:
    """The product does not give the stated result, in any of the units a writer may have meant (元 / 万元)."""
    return not any(abs(c.computed * k - c.stated) <= max(1.0, 0.005 * c.stated) for k in (1.0, 1e4, 1e-4))
