"""Pair quotation marks into quotations: step 1 of :mod:`framing.quotes`.

:func:`pair_quote_marks` turns the quote marks of an article into
:class:`QuoteMarks` spans. A mark's role comes from its neighbours, not its glyph, so
straight and curly marks, a closing mark used as an opening one, quotes running across
paragraphs, single quotes nested in double ones, apostrophes and unbalanced marks are
all handled here, with no knowledge of words or speakers.

Examples
--------
>>> t = 'An official noted that ” We are ready.” Russia’s army waits.'
>>> [(t[q.start:q.end], q.note) for q in pair_quote_marks(t)]
[('We are ready.', '')]
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .text import char_offsets

__all__ = ["QuoteMarks", "pair_quote_marks", "SHORT_QUOTE_WORDS", "MAX_QUOTE_PARAGRAPHS",
           "DOUBLE_OPEN", "DOUBLE_CLOSE", "DOUBLE", "SINGLE"]


#: A quote whose closing mark is not found within this many paragraphs is capped
#: at the end of its first paragraph and flagged ``unbalanced``.
MAX_QUOTE_PARAGRAPHS = 3
#: A quote of at most this many words is "short": it is kept as a quote only when a
#: speaker governs it in its sentence, otherwise it is a scare quote.
SHORT_QUOTE_WORDS = 4

DOUBLE_OPEN = "“„‟«"
DOUBLE_CLOSE = "”»"
DOUBLE = '"' + DOUBLE_OPEN + DOUBLE_CLOSE
SINGLE = "‘’'‚‛‹›"
_SPACE_BEFORE = "([{—–-/"
_SPACE_AFTER = ".,;:!?)]}—–…"
# What may stand before an opening / after a closing mark besides a space, as sets
# of characters: one hash lookup instead of two substring searches per neighbour.
_LEFT = frozenset(_SPACE_BEFORE + DOUBLE)
_RIGHT = frozenset(_SPACE_AFTER + DOUBLE)


@dataclass
class QuoteMarks:
    """One pair of quote marks: content ``start:end`` and the mark positions.

    ``close`` is -1 when the quote never closes (``note == "unbalanced"``).
    """
    open: int
    close: int
    start: int
    end: int
    single: bool = False
    note: str = ""


def _position(text: str, i: int) -> str:
    """'open', 'close' or 'ambiguous', from the characters around the mark at ``i``."""
    p = text[i - 1] if i > 0 else " "
    n = text[i + 1] if i + 1 < len(text) else " "
    left = p in _LEFT or p.isspace()
    right = n in _RIGHT or n.isspace()
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    return "ambiguous"


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def running_max(values) -> list:
    """The running maximum of ``values`` (``accumulate(values, max)`` without a call
    to the builtin per value, which costs more than the comparison in CPython 3.11).

    >>> running_max([3, 1, 5, 2])
    [3, 3, 5, 5]
    """
    out: list = []
    top = None
    for v in values:
        if top is None or v > top:
            top = v
        out.append(top)
    return out


def span_reach(spans) -> tuple[list[int], list[int]]:
    """Starts of ``(start, end)`` spans sorted by start, and the running maximum of
    their ends: some span starting at or before ``x`` reaches past ``y`` iff that
    maximum at ``bisect_right(starts, x) - 1`` does.

    >>> span_reach([(5, 6), (0, 9), (2, 3)])
    ([0, 2, 5], [9, 9, 9])
    """
    spans = sorted(spans)
    return [a for a, _ in spans], running_max(b for _, b in spans)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Line spans (a cleaned article keeps one paragraph per line)."""
    out, a = [], 0
    b = text.find("\n")
    while b >= 0:   # offsets only: no copy of the lines
        out.append((a, b))
        a = b + 1
        b = text.find("\n", a)
    out.append((a, len(text)))
    return out


def _single_quotes(text: str, paras, quotes: list[QuoteMarks],
                   single_marks: list[int]) -> list[QuoteMarks]:
    """Pair the single marks (apostrophes left out) inside each double quote of
    ``quotes`` and in each stretch of a paragraph outside them."""
    regions: list[tuple[int, int]] = [(q.start, q.end) for q in quotes]
    covered = sorted((q.open, (q.close + 1) if q.close >= 0 else q.end) for q in quotes)
    # Running maximum of the ends: the areas before the first that reaches past a
    # paragraph's start all end before it, and are not looked at.
    reach = running_max(cb for _, cb in covered)
    for pa, pb in paras:
        a = pa
        for ca, cb in covered[bisect_right(reach, pa):]:
            if ca >= pb:
                break   # sorted by start: so are all the areas after it
            if cb <= a:
                continue
            if ca > a:
                regions.append((a, ca))
            a = cb   # (cb > a: the areas ending by a were passed over)
        if a < pb:
            regions.append((a, pb))
    singles = []
    for ra, rb in regions:
        lo = bisect_left(single_marks, ra)
        if lo == len(single_marks) or single_marks[lo] >= rb:
            continue   # most regions hold no single mark
        opening = -1
        for i in single_marks[lo:bisect_left(single_marks, rb)]:
            c = text[i]
            p = text[i - 1] if i > 0 else " "
            n = text[i + 1] if i + 1 < len(text) else " "
            if opening < 0:
                if (i == ra or p.isspace() or p in _LEFT) and \
                        n.isalnum() and c != "’":
                    opening = i
                elif (i == ra or p.isspace() or p in DOUBLE) and n.isalnum():
                    opening = i  # ’ used as an opening mark
            elif not p.isspace() and (n.isspace() or n in _RIGHT or i + 1 == rb):
                a, b = _strip(text, opening + 1, i)
                if b > a:
                    singles.append(QuoteMarks(opening, i, a, b, single=True))
                opening = -1
    return singles


def pair_quote_marks(text: str) -> list[QuoteMarks]:
    """Pair double quote marks (and single marks outside/inside them) into quotes.

    Rules, applied left to right:

    * A mark's role comes from its neighbours, not its glyph: after a space and
      before a word it opens, after a word and before a space or punctuation it
      closes; with spaces on both sides (``noted that ” We``) it opens when no quote
      is open and closes otherwise. So a closing mark used as an opening one works.
    * Apostrophes (a single mark between two letters, "Russia’s") are never marks.
      Single marks pair among themselves inside a double quote (nested quotes,
      returned with ``single=True``) or in text outside double quotes.
    * A quote still open at the end of its paragraph continues if the next paragraph
      starts with an opening mark (the multi-paragraph convention) or holds a closing
      mark before any opening one, for at most :data:`MAX_QUOTE_PARAGRAPHS`
      paragraphs; otherwise it is capped at the paragraph end with
      ``note="unbalanced"``, so one stray mark never swallows the article.

    Returns
    -------
    list of QuoteMarks
        Sorted by position; ``text[q.start:q.end]`` is the content without marks.
    """
    paras = _paragraphs(text)
    # Each kind of mark is found in the whole text once, then handed to its
    # paragraph (double marks) or region (single marks, in _single_quotes).
    para_starts = [a for a, _ in paras]
    marks_by_para: list[list[int]] = [[] for _ in paras]
    for i in char_offsets(text, DOUBLE):   # a mark is never a line break
        marks_by_para[bisect_right(para_starts, i) - 1].append(i)
    # Apostrophes (a single mark between two letters or digits: Russia’s, we’re) are
    # never marks: dropped here, and with them, in most articles, every single mark.
    n = len(text)
    single_marks = [i for i in char_offsets(text, SINGLE) if not (
        0 < i < n - 1 and text[i - 1].isalnum() and text[i + 1].isalnum())]
    quotes: list[QuoteMarks] = []
    open_at = -1        # position of the open mark, or -1
    open_para = -1
    skip: set[int] = set()  # continuation marks consumed at paragraph starts

    for pi, (pa, pb) in enumerate(paras):
        if open_at >= 0 and pi > open_para:
            # Decide whether the open quote carries into this paragraph.
            first = pa
            while first < pb and text[first].isspace():
                first += 1
            if first >= pb:  # an empty line: look on
                continue
            carries = False
            if pi - open_para < MAX_QUOTE_PARAGRAPHS:
                if text[first] in DOUBLE and _position(text, first) != "close":
                    carries = True
                    skip.add(first)
                else:
                    for i in marks_by_para[pi]:
                        pos = _position(text, i)
                        carries = pos != "open"
                        break
            if not carries:
                # Cap at the end of the last paragraph that held the quote.
                end = paras[open_para][1] if open_para >= 0 else pa
                qa, qb = _strip(text, open_at + 1, end)
                quotes.append(QuoteMarks(open_at, -1, qa, qb, note="unbalanced"))
                open_at = -1
            else:
                open_para = pi
        for i in marks_by_para[pi]:
            if i in skip:
                continue
            pos = _position(text, i)
            if open_at < 0:
                if pos == "close" and text[i] not in DOUBLE_OPEN:
                    continue  # a stray closing mark: nothing to pair it with
                open_at, open_para = i, pi
            elif pos == "open" and text[i] in DOUBLE_OPEN:
                # An opening mark while a quote is open: the earlier one never
                # closed. Cap it before this mark and start afresh.
                qa, qb = _strip(text, open_at + 1, i)
                quotes.append(QuoteMarks(open_at, -1, qa, qb, note="unbalanced"))
                open_at, open_para = i, pi
            else:  # the quote closes here
                qa, qb = _strip(text, open_at + 1, i)
                quotes.append(QuoteMarks(open_at, i, qa, qb))
                open_at = -1
    if open_at >= 0:
        qa, qb = _strip(text, open_at + 1, paras[open_para][1])
        quotes.append(QuoteMarks(open_at, -1, qa, qb, note="unbalanced"))
    quotes = [q for q in quotes if q.end > q.start]
    if single_marks:
        quotes += _single_quotes(text, paras, quotes, single_marks)
    return sorted(quotes, key=lambda q: (q.start, -q.end))
