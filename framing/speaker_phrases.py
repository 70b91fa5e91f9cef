"""The speaker's noun phrase around a speech verb, and the speaker as written.

Given the words of a sentence (a :class:`framing.attributions.Context`), find the
subject before a speech verb ("the Belarusian defence ministry said"), the source after
"according to", an appositive (", first deputy ... of X,"), and trim titles off the
speaker's name ("White House spokesperson Jen Psaki" -> "Jen Psaki"). Words are
compared through :func:`framing.text.stem` and the closed word classes below; actor
mentions come ready-found from the :class:`~framing.attributions.Context`.

Examples
--------
>>> _speaker_text("Belarus President Alexander Lukashenko", 0, 38)
'Alexander Lukashenko'
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from .text import stem, word_spans

if TYPE_CHECKING:
    from .attributions import Context


# Function words, compared by stem via framing.text.stem.
# Compared as lower-case words (not stems: "officially" and "official" share one).
_FILLER = set(
    "has have had also previously already repeatedly reportedly however will would "
    "is was were are again then later earlier further publicly officially once "
    "recently just not never did does do been being still yet separately meanwhile "
    "too even".split())
_PRONOUNS = {"he": "person", "she": "person", "it": "body", "they": "any",
             "we": "any", "i": "person"}
_DETERMINERS = {"a", "an", "the", "its", "their", "his", "her"}
_NP_WORDS = {stem(w) for w in (
    "official officials spokesperson spokesman spokeswoman correspondent secretary "
    "minister ministry press deputy first state senior defence defense foreign news "
    "agency military government council office department service source sources "
    "representative envoy ambassador analyst analysts expert experts authorities "
    "commander chief head leader president prime general army air force forces "
    "presidential interior security reporter journalist statement top local "
    "regional western russian ukrainian belarusian "
    "american british".split())}
# Titles before a name: "Belarus President Alexander Lukashenko" -> the name after.
_TITLES = {stem(w) for w in (
    "President Prime Minister Secretary Chancellor Spokesperson Spokesman Spokeswoman "
    "General Gen Colonel Col Mr Mrs Ms Dr Ambassador Commander Chief Premier King "
    "Queen Senator Sen Rep Governor Mayor Correspondent".split())}
_PREP_LOC = {"in", "at", "from"}


def _gap_ok(text: str, a: int, b: int) -> bool:
    """Only spaces, commas and brackets between two words of one noun phrase
    ("Baltic News Network (BNN) reported", "Russia, however, denied")."""
    return _gap_text_ok(text[a:b])


def _gap_text_ok(gap: str) -> bool:
    """:func:`_gap_ok` of the gap itself."""
    # Nearly every gap is one space: tested before the per-character loop.
    return gap == " " or all(c.isspace() or c in ",()" for c in gap)


def _subject_before(ctx: Context, lo: int, pos: int, i0: int = -1, i1: int = -1):
    """The noun phrase ending right before ``pos`` (the speech verb), or None.

    Skips auxiliaries and adverbs ("has also previously"), a locative after a role
    ("correspondent in Moscow"), and an appositive between commas ("Pavel Muraveyko,
    first deputy ..., said"). Returns ``(np_start, np_end, kind, appositive_span)``.
    ``ctx.words[i0:i1]`` are the words in ``lo:pos``, if the caller has their indices
    (``bisect_left(ctx.wstarts, lo)`` and ``bisect_right(ctx.wends, pos)``).
    """
    text, strs = ctx.text, ctx.strings
    # The article's word offsets and strings read by index: no slice of them per verb.
    starts, ends = ctx.wstarts, ctx.wends
    if i0 < 0:
        i0, i1 = bisect_left(ctx.wstarts, lo), bisect_right(ctx.wends, pos)
    k = i1 - 1
    right = pos
    skipped = False
    # Auxiliaries and adverbs between subject and verb ("has also", ", however,").
    while k >= i0 and strs[k].lower() in _FILLER and _gap_ok(text, ends[k], right):
        right = starts[k]
        k -= 1
        skipped = True
    if k < i0:
        return None
    gap = text[ends[k]:right]
    if gap != " " and not _gap_text_ok(gap):  # the common one-space gap: no call
        return None
    appositive = None
    if "," in gap and not (skipped and gap.strip() == ","):
        # "NAME, appositive, said": find the comma that opens the appositive.
        j = k
        while j > i0 and "," not in text[ends[j - 1]:starts[j]]:
            j -= 1
        if j > i0 and k - j <= 14 and _gap_ok(text, ends[j - 1], starts[j]):
            appositive = (starts[j], ends[k])
            k = j - 1
        else:
            return None
    # Locative post-modifier: "correspondent in Moscow", "Macron In Kyiv". It ends in
    # a capitalised word (most last words are not: no test then); the three words
    # before the last (from the second on) are first tested at once in C: most
    # subjects hold no preposition there.
    p = k - 3 if k - i0 > 3 else i0 + 1
    if strs[k][:1].isupper() and not _PREP_LOC.isdisjoint(map(str.lower, strs[p:k])):
        for back in (1, 2, 3):
            p = k - back
            if p >= i0 + 1 and strs[p].lower() in _PREP_LOC and all(
                    strs[q][:1].isupper() for q in range(p + 1, k + 1)):
                k = p - 1
                break
    if k < i0:
        return None
    end = ends[k]
    if strs[k].lower() in _PRONOUNS:
        return (starts[k], end, "pronoun", appositive)
    start = None
    kind = ""
    j = k
    while j >= i0:
        s, e = starts[j], ends[j]
        word = strs[j]
        if j < k:
            gap = text[e:starts[j + 1]]
            if gap != " " and (not _gap_text_ok(gap) or "," in gap):
                break
        m = ctx.mention_at_end.get(e)
        if m is not None and m[0] >= lo:
            start, kind = m[0], kind or "mention"
            while j >= i0 and starts[j] >= m[0]:
                j -= 1
            continue
        low = word.lower()
        if word[:1].isupper() and low not in _DETERMINERS and low not in ("according",):
            start, kind = s, kind or "name"
            j -= 1
            continue
        if stem(low) in _NP_WORDS or low.endswith(("'s", "’s")):
            start, kind = s, kind or "role"
            j -= 1
            continue
        if low in _DETERMINERS and start is not None:
            start = s
        break
    if start is None:
        return None
    # A bare sentence-initial capitalised word that is no name ("Soldiers would ...")
    # is not a speaker unless the lexicon knows it.
    return (start, end, kind, appositive)


def _np_after(ctx: Context, pos: int, hi: int):
    """The noun phrase right after ``pos`` (after "according to" / "said"), or None."""
    text = ctx.text
    ws = ctx.words_in(pos, hi)
    if not ws:
        return None
    start = ws[0][0]
    end = None
    for j, (s, e) in enumerate(ws):
        if j > 0 and not _gap_ok(text, ws[j - 1][1], s):
            break
        if j > 0 and "," in text[ws[j - 1][1]:s]:
            break
        word = ctx.w((s, e))
        m = ctx.mention_at_start.get(s)
        if m is not None:
            end = m[1]
            # Skip words inside the mention.
            continue
        if end is not None and s < end:
            continue
        low = word.lower()
        if (word[:1].isupper() or stem(low) in _NP_WORDS or low in _DETERMINERS
                or low in _PRONOUNS):
            end = e
            if low in _PRONOUNS:
                break
            continue
        break
    if end is None:
        return None
    return (start, end)


def _appositive_after(ctx: Context, np_end: int, hi: int):
    """A ", first deputy ... of X," appositive after a name; returns its span or None."""
    text = ctx.text
    m = re.match(r"\s*,\s*", text[np_end:hi])
    if not m:
        return None
    a = np_end + m.end()
    ws = ctx.words_in(a, hi)
    if not ws or ctx.w(ws[0])[:1].isupper() and ctx.w(ws[0]).lower() not in ("first",):
        return None
    if not any(stem(ctx.w(w).lower()) in _NP_WORDS for w in ws[:4]):
        return None
    for j in range(1, min(len(ws), 16)):
        if "," in text[ws[j - 1][1]:ws[j][0]]:
            return (a, ws[j - 1][1])
    return None


def _speaker_text(text: str, a: int, b: int, starts=None, ends=None, strs=None) -> str:
    """The speaker as written, with titles and descriptions before a name dropped.

    "White House spokesperson Jen Psaki" -> "Jen Psaki"; "Belarus President Alexander
    Lukashenko" -> "Alexander Lukashenko"; "Al Jazeera’s Ali Hashem" -> "Ali Hashem";
    "a defense ministry official" stays as it is. ``starts`` and ``ends`` are the
    offsets of the article's words in ``a:b``, if the caller has them (else
    ``text[a:b]`` is split again), and ``strs`` the words themselves (``text[s:e]``).
    """
    # Offsets stay the article's: no span copy, no shifted spans.
    if starts is None:
        spans = word_spans(text[a:b])
        starts, ends = [s + a for s, _ in spans], [e + a for _, e in spans]
    if not starts:
        return text[a:b].strip()
    words = [text[s:e] for s, e in zip(starts, ends)] if strs is None else strs
    # The trailing run of capitalised words, if the phrase ends in one.
    n = len(starts)
    j = n
    while j > 0 and words[j - 1][:1].isupper():
        j -= 1
    if j == n:  # the run words[j:] is empty
        return text[a:b].strip()
    # Cut after the last title or possessive in the run, if a name follows it.
    cut = None
    for idx in range(j, n - 1):
        if stem(words[idx]) in _TITLES or words[idx].endswith(("'s", "’s")):
            cut = idx
    if cut is not None:
        return text[starts[cut + 1]:ends[-1]]
    # A lower-case description before a name: "spokesperson Jen Psaki".
    if j > 0 and n - j >= 2 and stem(words[j - 1].lower()) in _NP_WORDS:
        return text[starts[j]:ends[-1]]
    return text[starts[0]:ends[-1]]
