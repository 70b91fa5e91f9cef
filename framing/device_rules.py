"""The context rules that decide whether a lexicon match is a framing device.

The rules and why each exists are listed in :mod:`framing.devices`, which applies
them to every match (rules 0-5); this module holds their word lists and tests, each
a function of the article text, its words (spans or strings) and a word index.

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
from itertools import chain, compress

from .text import QUOTE_CHARS, WordTable

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


def _lower(word: str) -> str:
    return word.lower().replace("’", "'")


def _negates(word: str) -> bool:
    """The word is a negator ("not", "never", "won't")."""
    w = _lower(word)
    return w in _NEGATORS or w.endswith("n't")


# word -> _negates(word), process-wide: a C-level lookup per word instead of three
# method calls (and a lower-case copy).
_NEGATES = WordTable(_negates)


def _negated(strings, i: int, first_word: int) -> bool:
    """A negator among the two words before word ``i`` (same sentence)."""
    # (conditionals, not max(): builtin calls parse their arguments, ~60 ns each)
    return True in _NEGATES.values(strings[i - 2 if i - 2 > first_word else first_word:i])


_OPENERS = set("([{:;—–-") | QUOTE_CHARS


def _starts_clause(text: str, words, i: int, first_word: int) -> bool:
    """Word ``i`` opens its sentence, or follows an opening quote, colon or dash."""
    if i == first_word:
        return True
    before = text[words[i - 1][1]:words[i][0]].strip()
    return bool(before) and before[-1] in _OPENERS


def _capitalised(word: str) -> bool:
    """Capitalised, not ALL CAPS ("Trump", not "trump" or "NATO")."""
    return word[0].isupper() and not word.isupper()


# word -> _capitalised(word), process-wide (a C-level lookup per word, where the test
# itself is two method calls).
_CAPITALISED = WordTable(_capitalised)


def _article_names(text: str, words, strings, distinct, first_w, last_w, title) -> set[str]:
    """Words this article capitalises mid-sentence and never writes in lower case.

    Ordinary adjectives are not capitalised inside an English sentence, so such a word
    is a name here ("Trump", "Liberty", "Faithful" in a church's name), including at the
    start of a sentence, where capitalisation alone says nothing. ``strings`` are the
    words of ``words`` and ``distinct`` their set; ``title(k)`` says whether sentence
    ``k`` is a title-case headline (whose capitals say nothing).
    """
    # Set operations and C-level passes over the words; Python code only for the few
    # capitalised ones. Sentences from sentence_spans hold every word, one after the
    # other: then the words in a sentence are all the words.
    n = len(strings)
    if first_w and first_w[0] == 0 and last_w[-1] == n - 1 and all(
            f == l + 1 for f, l in zip(first_w[1:], last_w)):
        in_sentences = distinct
    else:
        in_sentences = set(chain.from_iterable(strings[f:l + 1]
                                               for f, l in zip(first_w, last_w)))
    # Capitalised words (only those inside a sentence's words are ever read).
    at = list(compress(range(n), _CAPITALISED.values(strings, distinct)))
    caps = set()
    for k, fw in enumerate(first_w):
        # The first word of a sentence opens a clause; a headline's capitals say nothing.
        lo, hi = bisect_right(at, fw), bisect_right(at, last_w[k])
        if lo >= hi or title(k):
            continue
        for i in at[lo:hi]:
            if not _starts_clause(text, words, i, fw):
                caps.add(strings[i].lower())
    # Less the words also written in lower case in a sentence.
    return {c for c in caps if not (c in in_sentences and c[0].islower())}


def _proper_name(text: str, words, w: str, i: int, first_word: int, title_case,
                 names) -> bool:
    """Rule 3: the first word of the match, ``w`` (word ``i``), is (part of) a name.

    ``title_case()`` says whether the sentence is a title-case headline and
    ``names()`` returns :func:`_article_names`; each is computed only when the word
    is capitalised (most matches are lower case and need neither).
    """
    if not w[0].isupper() or w.isupper():
        return False  # lower case, or ALL CAPS for emphasis
    if title_case():
        return False  # headline: every word is capitalised
    if not _starts_clause(text, words, i, first_word):
        return True
    return w.lower() in names()


def _verb_form_ok(strings, i: int, first_word: int, last_word: int) -> bool:
    w = _lower(strings[i])
    if w.endswith(("ing", "ed")):
        return True
    prev = _lower(strings[i - 1]) if i > first_word else ""
    if prev in _MODALS:
        return True
    nxt = _lower(strings[i + 1]) if i < last_word else ""
    return w.endswith("s") and nxt in _OBJECT_START


def _introduces_source(text: str, words, strings, i: int, last: int, first_word: int,
                       last_word: int, sentence_has_quote: bool) -> bool:
    prev = _lower(strings[i - 1]) if i > first_word else ""
    if prev in _DETERMINERS or prev in ("in", "of", "for", "with", "on"):
        return False
    if sentence_has_quote:
        return True
    end = words[last][1]
    after = text[end:end + 3].lstrip(" ")
    start = words[i][0]
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
