"""Sentences, tokens and character offsets: the package's only tokenizer.

Every other module finds words and sentences through these functions, so that an
offset computed anywhere points into the same cleaned ``articles.text``.
Offsets are character offsets, end exclusive: ``text[start:end]`` is the span.

Examples
--------
>>> from framing.text import sentence_spans, word_spans, stem
>>> text = 'Minsk called the drills "defensive in nature". Kyiv disagreed.'
>>> [text[s:e] for s, e in sentence_spans(text)]
['Minsk called the drills "defensive in nature".', 'Kyiv disagreed.']
>>> [text[s:e] for s, e in word_spans(text)][:3]
['Minsk', 'called', 'the']
>>> stem("invading") == stem("invaded") == stem("invade")
True
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add
from string import ascii_uppercase, digits

import snowballstemmer

from .wordpatterns import WORD_RE, _patterns  # (WORD_RE: the definition of a word)

__all__ = [
    "WORD_RE",
    "OPEN_QUOTES",
    "CLOSE_QUOTES",
    "QUOTE_CHARS",
    "word_spans",
    "word_offsets",
    "words",
    "sentence_spans",
    "stem",
    "normalize_word",
    "count_words",
    "count_line_words",
    "count_text_words",
    "least_words",
    "more_words_than",
    "char_offsets",
]

OPEN_QUOTES = "\"“„«‘‚‹'"
CLOSE_QUOTES = "\"”»’›'"
QUOTE_CHARS = set(OPEN_QUOTES + CLOSE_QUOTES + "‟‛")

# Abbreviations whose final dot does not end a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "cpl",
    "sen", "rep", "gov", "pres", "st", "jr", "sr", "no", "vs", "etc", "inc", "ltd",
    "co", "corp", "dept", "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct",
    "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "approx", "est", "fig", "adm",
}

# Candidate sentence ends: terminal punctuation, then optional closing quotes or
# brackets, then whitespace. Line breaks are handled separately (each paragraph
# boundary ends a sentence).
# (``[.!?…][.!?…]*``, not ``[.!?…]+``: a pattern that starts with a character class
# lets the engine skip to the next candidate character; one that starts with a
# repeat is tried at every position of the text, ~20x the cost.)
_SENT_END_RE = re.compile(r"[.!?…][.!?…]*[\"”’'»)\]]*(?=\s)")
_NEXT_START_RE = re.compile(r"\s+[\"“‘'«(\[]*[A-Z0-9\u00C0-\u024F\u0400-\u04FF]")
# Both in one match: a candidate end, and in group 1 the start of the next sentence if
# one follows (``_NEXT_START_RE`` at the end of the candidate). The lookahead can
# always be skipped, so it does not change which candidate end is matched (``(?:...|)``,
# not ``?``, which sets up a repeat per match). The commonest end is punctuation, a
# space or line break, an ASCII capital or digit (". The"): matched up to the space,
# with group 1 set, so _SPACE_THEN_START (two characters) tells it without a match.
_SENT_END_NEXT_RE = re.compile(f"{_SENT_END_RE.pattern}(?:(?=({_NEXT_START_RE.pattern}))|)")
_SPACE_THEN_START = frozenset(s + c for s in " \n" for c in ascii_uppercase + digits)


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the words of ``text[start:end]``.

    Parameters
    ----------
    text : str
        The cleaned article text.
    start, end : int, optional
        Restrict to this slice; offsets stay relative to ``text``.

    Examples
    --------
    >>> word_spans("war-torn country")
    [(0, 3), (4, 8), (9, 16)]
    """
    _, starts, ends = word_offsets(text, start, end)
    return list(zip(starts, ends))


def word_offsets(text: str, start: int = 0, end: int | None = None,
                 ) -> tuple[list[str], list[int], list[int]]:
    """The words of ``text[start:end]`` (as :func:`word_spans`) as three aligned lists:
    the words, their start offsets and their end offsets (relative to ``text``).

    >>> word_offsets("war-torn country", 4)
    (['torn', 'country'], [4, 9], [8, 16])
    """
    n = len(text)
    # Clamped as a regex's pos/endpos are (a negative bound is 0, not "from the end");
    # with conditionals, ~4x cheaper than builtin min/max calls.
    start = 0 if start < 0 else n if start > n else start
    end = n if end is None or end > n else 0 if end < 0 else end
    text = text[start:end] if start or end < n else text
    parts = _patterns(text).split.split(text)
    while len(parts) > 1 and parts[-2] is None:   # groups the last search did not reach
        del parts[-3:-1]
    offsets = list(accumulate(map(len, parts), initial=start))
    return parts[1::2], offsets[1:-1:2], offsets[2::2]


def words(text: str) -> list[str]:
    """Return the words of ``text`` as strings (same rule as :func:`word_spans`).

    >>> words("Russia's drills, 2023")
    ["Russia's", 'drills', '2023']
    """
    # The ``words`` pattern has one group around the whole word, so findall returns the
    # words themselves; its code-point table scans ~30 % faster than WORD_RE.
    return _patterns(text).words.findall(text)


def count_words(text: str) -> int:
    """Number of words in ``text`` (the denominator of every per-1,000-word rate).

    >>> count_words("The exercise is purely defensive in nature.")
    7
    """
    found = _patterns(text).count.findall(text)
    # Two words a match, but the last match may hold one (then its group is empty).
    return 2 * len(found) - (found[-1] == "") if found else 0


@lru_cache(maxsize=4096)
def count_line_words(line: str) -> int:
    """:func:`count_words`, memoised for short lines that cleaning asks about repeatedly.

    >>> count_line_words("Follow us on Twitter")
    4
    """
    return count_words(line)


# Each byte of a UTF-8 text as "a" (an ASCII letter or digit), "." (a byte a word may
# hold besides those: a dot, an apostrophe, any byte of a non-ASCII character) or " "
# (any other ASCII character: no word holds one), for :func:`least_words`.
_WORD_START_BYTES = bytes(ord(".") if b >= 0x80 or chr(b) in ".'" else
                          ord("a") if chr(b).isalnum() else ord(" ") for b in range(256))


def least_words(line: str) -> int:
    """A lower bound of ``count_words(line)``, from three C calls.

    An ASCII letter or digit right after an ASCII character that no word holds (a
    space, a comma, a hyphen) starts a word, as a word holding it would hold that
    character too. These starts are counted (the line's UTF-8 bytes mapped to
    classes, then each " a"): in a story paragraph nearly every word but the first,
    found ~6x cheaper than by the word pattern's scan.

    >>> least_words("Kyiv said no."), least_words("“Kyiv” said-no")
    (2, 2)
    """
    return line.encode("utf-8", "surrogatepass").translate(_WORD_START_BYTES).count(b" a")


def more_words_than(line: str, most: int) -> bool:
    """``count_line_words(line) > most``, told by :func:`least_words` alone when
    ``most`` is a short line's cap and the line a story paragraph.

    >>> more_words_than("Kyiv said no.", 1), more_words_than("war-torn", 1)
    (True, True)
    """
    return least_words(line) > most or count_line_words(line) > most


def count_text_words(text: str) -> int:
    """:func:`count_words` of a cleaned text, line by line (no word spans a line
    break), through :func:`count_line_words`'s memo.

    >>> count_text_words("Kyiv said.\\nMinsk denied it.")
    5
    """
    return sum(map(count_line_words, text.split("\n")))


def char_offsets(text: str, chars: str) -> list[int]:
    """Sorted offsets of every occurrence of any character of ``chars`` in ``text``.

    One ``str.find`` pass per character: for a few rare characters this is several
    times cheaper than a regex character class, which the engine tests against
    every character of the text.

    >>> char_offsets("Yes. No! Why?", ".!?")
    [3, 7, 12]
    """
    found = []
    for c in chars:
        if c in text:   # (cheap: find() parses its arguments; most chars are absent)
            i = text.find(c)
            while i >= 0:
                found.append(i)
                i = text.find(c, i + 1)
    found.sort()
    return found


_LAST_TOKEN_RE = re.compile(r"([^\W_][\w.]*)\Z")  # \Z: $ also matches before a "\n"


# Longest abbreviation: a dot after a longer word is no abbreviation's.
_MAX_ABBREVIATION = max(map(len, _ABBREVIATIONS))
# Their last two characters. A token that lowers to an abbreviation ends with two
# characters that lower to one of these: each of its characters lowers to one ASCII
# letter or dot (characters that lower to ASCII do so alone; "Σ" lowers by its
# neighbours, but to no ASCII letter), so a dot after any other two closes none.
_ABBREVIATION_ENDS = {abbreviation[-2:] for abbreviation in _ABBREVIATIONS}


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the dot at ``dot`` closes an abbreviation or an initial."""
    if (not text[dot - 1].isupper()
            and text[dot - 2 if dot > 1 else 0:dot].lower() not in _ABBREVIATION_ENDS):
        # Neither an initial (a capital before the dot) nor a token ending like an
        # abbreviation: most dots ("said.", "forces."), told by three C calls instead
        # of the token's search below.
        return False
    if dot > _MAX_ABBREVIATION and text[dot - _MAX_ABBREVIATION - 1:dot].isalnum():
        # The last token (below) would be longer than any abbreviation: one C call
        # instead of the search, for the many sentences that end on a long word.
        return False
    # Most other dots end a word that a space precedes ("said.", "Mr."): that word is
    # the last token (the search below finds the same), got with C calls only.
    space = text.rfind(" ", dot - _MAX_ABBREVIATION - 1 if dot > _MAX_ABBREVIATION else 0,
                       dot)
    token = text[space + 1:dot] if space >= 0 else ""
    if not token.isalnum():
        # (a token may hold dots, "U.S", so the search looks further back)
        m = _LAST_TOKEN_RE.search(text, dot - 12 if dot > 12 else 0, dot)
        if not m:
            return False
        token = m.group(1)
    token = token.lower()   # (then measured: "İ" lowers to two characters)
    # A single capital letter is an initial ("Alexander G. Lukashenko").
    return token in _ABBREVIATIONS or (len(token) == 1 and text[dot - 1].isupper())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences; return their ``(start, end)`` offsets.

    A sentence ends at terminal punctuation (with any closing quote marks after it)
    followed by a capitalised word, and always at a line break, because cleaned
    articles keep one paragraph per line. Leading and trailing whitespace is not part
    of a sentence; empty sentences are dropped. Text with no punctuation at all is one
    sentence per line.

    Examples
    --------
    >>> t = 'Psaki said: "It is escalatory." Mr. Putin denied it.\\nNew paragraph'
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['Psaki said: "It is escalatory."', 'Mr. Putin denied it.', 'New paragraph']
    """
    cuts = {0, len(text)}
    cuts.update(map(add, char_offsets(text, "\n"), repeat(1)))  # after each line break
    # The matches of _SENT_END_RE.finditer(text), with the pattern tried only at
    # terminal punctuation (found by char_offsets) instead of the engine testing every
    # character of the text; ``resume`` is finditer's next search position.
    resume = 0
    match = _SENT_END_NEXT_RE.match
    for i in char_offsets(text, ".!?…"):
        if i < resume:
            continue
        if text[i + 1:i + 3] in _SPACE_THEN_START:   # (a slice, not a match)
            end = resume = i + 1
        else:
            m = match(text, i)
            if m is None:
                continue
            end = resume = m.end()
            if m.lastindex is None:   # no capitalised word follows
                continue
        # The punctuation matched is a single "." (the run of it is always whole: a
        # shorter one would be followed by punctuation, not by a closer or a space).
        if (text[i] == "." and text[i + 1] not in ".!?…"
                and _is_abbreviation(text, i)):
            continue
        cuts.add(end)
    bounds = sorted(cuts)
    spans = []
    for a, b in zip(bounds, bounds[1:]):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
    return spans


_STEMMER = snowballstemmer.stemmer("english")
# With PyStemmer installed, snowballstemmer hands out its C stemmer, which keeps a
# cache of its own (10,000 words, purged whenever full). stem() below caches more
# words already, so that second cache only costs: an insert for every new word and,
# on a large vocabulary, a purge every few thousand (without it a new word is stemmed
# in 0.9 instead of 1.8 µs, over the 13,600 words of 300 benchmark articles).
if hasattr(_STEMMER, "maxCacheSize"):
    _STEMMER.maxCacheSize = 0


def normalize_word(word: str) -> str:
    """Lower-case a word and unify apostrophes (the form lexicon entries are kept in).

    >>> normalize_word("Russia’s")
    "russia's"
    """
    return word.lower().replace("’", "'")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball (Porter 2) stem of a word, so inflections match one entry.

    Cached: news vocabulary is small, so each distinct word is stemmed once.

    >>> stem("Escalatory"), stem("escalation")
    ('escalatori', 'escal')
    """
    w = normalize_word(word)
    if w.endswith("'s"):
        w = w[:-2]
    return _STEMMER.stemWord(w)
