"""The context rules that decide whether a lexicon match is a framing device.

The rules and why each exists are listed in :mod:`framing.devices`, which applies
them to every match (rules 0-5); this module holds their word lists and tests, each
a function of the article text, its words (spans or strings) and a word index, but
rule 3's, :class:`_ArticleNames`, made once per article.

Examples
--------
>>> _form_ok("invaded", "invade", False), _form_ok("deadly", "dead", False)
(True, False)
>>> _verb_base("slammed") == _verb_base("slams")
True
"""
from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from itertools import chain, islice
from operator import le
from typing import Iterator, Sequence

from .text import QUOTE_CHARS, normalize_word as _lower
from .wordtable import WordTable

_NEGATORS = {"not", "no", "never", "nor", "neither", "without", "hardly", "cannot"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its",
                "their", "our", "my", "your", "such", "whose", "any", "no", "every"}
_MODALS = {"to", "will", "would", "could", "can", "may", "might", "should", "must",
           "also", "only", "which", "who", "that", "and", "further", "not"}
_OBJECT_START = {"the", "a", "an", "this", "these", "those", "his", "her", "its", "their",
                 "our", "tensions", "tension", "fears", "fear", "anger", "speculation",
                 "concerns", "conflict", "war", "violence", "hatred", "unrest"}
_CLAUSE_START = {"there", "it", "he", "she", "they", "we", "i", "you", "the", "this",
                 "these", "those", "his", "her", "its", "their", "our", "that", "what",
                 "how", "why", "no", "not", "to"}
_SPEECH_MARKS = set(":,") | QUOTE_CHARS


def _negates(word: str) -> bool:
    """The word is a negator ("not", "never", "won't")."""
    w = _lower(word)
    return w in _NEGATORS or w.endswith("n't")


# word -> _negates(word), process-wide: a C-level lookup per word instead of three
# method calls (and a lower-case copy).
_NEGATES = WordTable(_negates)


def _negated(strings, i: int, first_word: int) -> bool:
    """A negator among the two words before word ``i`` (same sentence)."""
    # The two words read from the table itself: values() builds a slice, a map and a
    # list per call (~4x the cost). A word new to the process goes through values(),
    # which computes it and keeps the table bounded.
    table = _NEGATES.table
    try:
        return (i > first_word and table[strings[i - 1]]) or (
            i - 1 > first_word and table[strings[i - 2]])
    except KeyError:
        # (conditionals, not max(): builtin calls parse their arguments, ~60 ns each)
        return True in _NEGATES.values(strings[i - 2 if i - 2 > first_word else first_word:i])


_OPENERS = set("([{:;—–-") | QUOTE_CHARS


def _starts_clause(text: str, starts, ends, i: int, first_word: int) -> bool:
    """Word ``i`` (at ``starts[i]:ends[i]``) opens its sentence, or follows an opening
    quote, colon or dash."""
    if i == first_word:
        return True
    before = text[ends[i - 1]:starts[i]].strip()
    return bool(before) and before[-1] in _OPENERS


def _capitalised(word: str) -> bool:
    """Capitalised, not ALL CAPS ("Trump", not "trump" or "NATO")."""
    return word[0].isupper() and not word.isupper()


class _ArticleNames:
    """Rule 3 in one article: is a capitalised word (part of) a name?

    English does not capitalise ordinary words inside a sentence, so a word the article
    capitalises mid-sentence and never writes in lower case is a name here ("Trump",
    "Liberty", "Faithful" in a church's name), also at the start of a sentence, where
    capitalisation alone says nothing. ``strings`` are the words at ``starts``/``ends``,
    ``stems`` their stem keys (equal for words equal in lower case) and ``distinct``
    their set; ``first_w``/``last_w`` the first and last word of each sentence;
    ``title(k)`` says whether sentence ``k`` is a title-case headline (whose capitals
    say nothing).

    Only the occurrences of the word asked about are looked at: rule 3 asks about ~1
    word in an article in two (a capitalised match at the start of a sentence), while
    an article holds ~100 capitalised words.

    >>> t = "Liberty said no. He met the Liberty group. He left."
    >>> from framing.text import stem, word_offsets
    >>> strings, starts, ends = word_offsets(t)
    >>> names = _ArticleNames(t, starts, ends, strings, list(map(stem, strings)),
    ...                       set(strings), [0, 3, 8], [2, 7, 9], lambda k: False)
    >>> names.named(0), names.named(3), names.proper_name(6, 1), names.proper_name(3, 1)
    (True, False, True, False)
    """

    __slots__ = ("_text", "_starts", "_ends", "_strings", "_stems", "_distinct", "_first_w",
                 "_last_w", "_title", "_ordered", "_covering")

    def __init__(self, text: str, starts, ends, strings, stems, distinct, first_w, last_w,
                 title):
        self._text, self._starts, self._ends = text, starts, ends
        self._strings, self._stems = strings, stems
        self._distinct, self._first_w, self._last_w, self._title = (distinct, first_w,
                                                                    last_w, title)
        self._ordered = self._covering = None  # computed at the first question

    def proper_name(self, i: int, k: int) -> bool:
        """Rule 3: word ``i``, the first word of a match, in sentence ``k``, is (part
        of) a name."""
        w = self._strings[i]
        if not _capitalised(w):
            return False  # lower case, or ALL CAPS for emphasis
        if self._title(k):
            return False  # headline: every word is capitalised
        if not _starts_clause(self._text, self._starts, self._ends, i, self._first_w[k]):
            return True
        return self.named(i)

    def named(self, i: int) -> bool:
        """The article capitalises word ``i`` mid-sentence (not at the start of a
        clause, not in a headline) and never writes it in lower case in a sentence."""
        strings = self._strings
        word = strings[i].lower()
        if word[0].islower() and word in self._distinct and self._in_sentences(word):
            return False
        text, starts, ends = self._text, self._starts, self._ends
        first_w, title = self._first_w, self._title
        # The words equal to this one in lower case are among those of its stem.
        for j in _positions(self._stems, self._stems[i]):
            w = strings[j]
            if not _capitalised(w) or w.lower() != word:
                continue
            for k in self._sentences_with(j):
                if not title(k) and not _starts_clause(text, starts, ends, j, first_w[k]):
                    return True
        return False

    def _in_sentences(self, word: str) -> bool:
        """``word`` (one of the article's words) is in a sentence."""
        if self._covering is None:
            # The sentences hold every word, one after the other (as sentence_spans's do).
            first_w, last_w = self._first_w, self._last_w
            self._covering = bool(first_w) and first_w[0] == 0 and (
                last_w[-1] == len(self._strings) - 1) and first_w[1:] == [
                l + 1 for l in last_w[:-1]]
        return self._covering or any(self._sentences_with(i)
                                     for i in _positions(self._strings, word))

    def _sentences_with(self, i: int) -> Sequence[int]:
        """The sentences whose words include word ``i`` (at most one, in order)."""
        first_w, last_w = self._first_w, self._last_w
        if self._ordered is None:
            # Sentences in order, none sharing a word (as sentence_spans's are): the
            # last sentence starting at or before word i is the only one that can hold it.
            bounds = list(chain.from_iterable(zip(first_w, map((1).__add__, last_w))))
            self._ordered = all(map(le, bounds, islice(bounds, 1, None)))
        if self._ordered:
            k = bisect_right(first_w, i) - 1
            return (k,) if k >= 0 and i <= last_w[k] else ()
        return [k for k, (f, l) in enumerate(zip(first_w, last_w)) if f <= i <= l]


def _positions(seq: list, x) -> Iterator[int]:
    """The positions of ``x`` in ``seq``, in order (``list.index``: a scan in C)."""
    i = -1
    while True:
        try:
            i = seq.index(x, i + 1)
        except ValueError:
            return
        yield i


def _verb_form_ok(strings, i: int, first_word: int, last_word: int) -> bool:
    w = _lower(strings[i])
    if w.endswith(("ing", "ed")):
        return True
    prev = _lower(strings[i - 1]) if i > first_word else ""
    if prev in _MODALS:
        return True
    nxt = _lower(strings[i + 1]) if i < last_word else ""
    return w.endswith("s") and nxt in _OBJECT_START


def _introduces_source(text: str, strings, i: int, last: int, start: int, end: int,
                       first_word: int, last_word: int, sentence_has_quote: bool) -> bool:
    """Rule 5 for the match of words ``i`` to ``last``, at ``text[start:end]``."""
    prev = _lower(strings[i - 1]) if i > first_word else ""
    if prev in _DETERMINERS or prev in ("in", "of", "for", "with", "on"):
        return False
    if sentence_has_quote:
        return True
    after = text[end:end + 3].lstrip(" ")
    before = text[start - 3 if start > 3 else 0:start].rstrip(" ")
    if (after[:1] in _SPEECH_MARKS) or (before[-1:] in _SPEECH_MARKS):
        return True
    nxt = _lower(strings[last + 1]) if last < last_word else ""
    return nxt in _CLAUSE_START


_INFLECTIONS = ("s", "es", "ed", "d", "ing", "er", "est")


@lru_cache(maxsize=50_000)
def _inflections(e: str) -> frozenset[str]:
    """The entry word and its regular inflections (rule 0)."""
    forms = {e} | {e + x for x in _INFLECTIONS}
    if e.endswith("e"):
        forms |= {e[:-1] + x for x in ("ing", "ed", "er", "est")}
    if len(e) > 2 and e.endswith("y") and e[-2] not in "aeiou":
        forms |= {e[:-1] + x for x in ("ies", "ied", "ier", "iest")}
    if len(e) > 2 and e[-1] not in "aeiouwxy" and e[-2] in "aeiou":
        forms |= {e + e[-1] + x for x in ("ed", "ing", "er", "est")}  # fuelled, stopped
    return frozenset(forms)


def _verb_base(w: str) -> str:
    """Strip one inflection and undouble a final consonant: slammed/slams -> slam."""
    for suffix in ("ing", "ed", "es", "s", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[:-len(suffix)]
            break
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "aeiou":
        w = w[:-1]
    return w


@lru_cache(maxsize=200_000)
def _form_ok(surface: str, entry_word: str, verb: bool) -> bool:
    s = surface.lower().replace("’", "'")
    if s.endswith("'s"):
        s = s[:-2]
    e = entry_word.lower().replace("’", "'")
    if s == e or s in _inflections(e):
        return True
    return verb and (e in _inflections(s) or _verb_base(s) == _verb_base(e))
