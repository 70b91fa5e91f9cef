"""One phrase matcher for every lexicon: multi-word, inflection- and quote-tolerant.

The matcher compiles a list of phrases into a trie keyed on word stems and finds
them in one left-to-right pass over the words of a text. It is the only matcher in
the package: loaded terms, hedges, attribution verbs, naming choices and actor
aliases are all found with it.

Matching rules
--------------
* Case-insensitive, except that a phrase word written in capitals ("US", "EU",
  "UK") only matches the same capitals, so the pronoun "us" is not the United States.
* Inflection-tolerant: words are compared by Snowball stem (:func:`framing.text.stem`),
  so *invade* matches "invading" and "invaded".
* Between two words of a phrase the text may hold only spaces, quote marks, hyphens
  and dashes: ``allegedly "invade"`` matches *allegedly invade*, ``war-torn`` matches
  *war torn*.
* Leftmost-longest: at each position the longest phrase wins, and matches do not
  overlap.

Examples
--------
>>> m = PhraseMatcher(["allegedly invade", "invade", "war torn", "US"])
>>> text = 'The West accused Russia of preparing to allegedly "invade" the war-torn US.'
>>> [(text[s:e], [m.phrases[i] for i in ids]) for s, e, ids in m.find(text)]
[('allegedly "invade', ['allegedly invade']), ('war-torn', ['war torn']), ('US', ['US'])]
>>> m.find("let us go")
[]
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from itertools import compress
from operator import itemgetter
from collections.abc import Iterable, Sequence

from .text import WORD_RE, stem, word_offsets
from .wordtable import WordTable

__all__ = ["PhraseMatcher", "phrase_key", "article_words", "WordSpans"]

# The words (and their keys) of the last text searched: the lexicon,
# actor and speech-verb matchers all read the same article in turn, so each word is
# located and stemmed once instead of once per matcher. Keyed on the text object
# itself plus the slice, so a different text (even an equal one) recomputes. One per
# thread, so threaded schedulers never see another thread's words.
_LAST_WORDS = threading.local()


def article_words(text: str) -> tuple[WordSpans, _Keys]:
    """The word spans of ``text`` and a shared key cache for :meth:`PhraseMatcher.find_in_words`.

    Every matcher run over the same text object with these gets each word located and
    stemmed once. Treat both as read-only.

    >>> spans, keys = article_words("Kyiv said")
    >>> list(spans), article_words("Kyiv said")[0] is spans or "recomputed for an equal text"
    ([(0, 4), (5, 9)], 'recomputed for an equal text')
    """
    return _words_of(text, 0, None)


def _words_of(text: str, start: int, end: int | None):
    last = getattr(_LAST_WORDS, "entry", None)
    if last is not None and last[0] is text and last[1] == (start, end):
        return last[2], last[3]
    strings, starts, ends = word_offsets(text, start, end)
    spans = WordSpans(starts, ends)
    keys = _keys(strings, starts, ends)
    _LAST_WORDS.entry = (text, (start, end), spans, keys)
    return spans, keys


class WordSpans(Sequence):
    """The ``(start, end)`` of each word, read from the words' ``starts`` and ``ends``.

    A pair is made only when asked for: the scorer reads the two offset lists
    themselves, and a list of pairs cost a tuple per word of every article.

    >>> spans = WordSpans([0, 5, 10], [4, 9, 12])
    >>> len(spans), spans[1], spans[-1], spans[1:], spans == [(0, 4), (5, 9), (10, 12)]
    (3, (5, 9), (10, 12), [(5, 9), (10, 12)], True)
    """

    __hash__ = None  # (equal to a list: unhashable like one)

    __slots__ = ("starts", "ends")

    def __init__(self, starts: list[int], ends: list[int]):
        self.starts, self.ends = starts, ends

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return list(zip(self.starts[i], self.ends[i]))
        return self.starts[i], self.ends[i]

    def __iter__(self):
        return zip(self.starts, self.ends)

    def __eq__(self, other):
        if isinstance(other, (list, WordSpans)):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"WordSpans({list(self)!r})"


class _Keys:
    """The words of a text: ``strings`` (the words), their ``starts`` and ``ends``
    (sorted, for bisection), ``stems`` (their stem keys, in word order), and the set
    of the article's words (``distinct``).

    Stems come from a process-wide word -> stem table, so each new word is stemmed
    once per process. A matcher finds the words that can start one of its phrases in
    one C-level pass over ``stems`` (a set test against its start stems); nothing per
    word runs in Python. A word's exact key (acronyms, "=US") is not kept: each
    matcher knows the few words its exact keys stand for.
    """

    __slots__ = ("strings", "starts", "ends", "stems", "distinct", "candidates")


# word -> stem key, process-wide.
_STEM_OF_WORD = WordTable(stem)


def _keys(strings: list[str], starts, ends) -> _Keys:
    keys = _Keys()
    keys.strings, keys.starts, keys.ends = strings, starts, ends
    keys.distinct = distinct = set(strings)
    keys.stems = _STEM_OF_WORD.values(strings, distinct)
    keys.candidates = None
    return keys


# The stems that can start a phrase of any matcher made in the process (it only
# grows, so it holds every matcher's start stems).
_ANY_START_STEMS: frozenset = frozenset()


def _candidates(keys: _Keys) -> tuple[list[int], Sequence[str]]:
    """The words of ``keys`` whose stem can start a phrase of any matcher, and their
    stems: found once per text, each matcher picks its start words among them (a
    third of the words) instead of all of them."""
    found = keys.candidates
    if found is None or found[0] is not _ANY_START_STEMS:
        union, stems = _ANY_START_STEMS, keys.stems
        indices = list(compress(_indices(len(stems)), map(union.__contains__, stems)))
        # (itemgetter returns the item itself, not a tuple, for one index)
        found = keys.candidates = (union, indices, itemgetter(*indices)(stems)
                                   if len(indices) > 1 else [stems[i] for i in indices])
    return found[1], found[2]


def _keys_for(text: str, spans: Sequence[tuple[int, int]], keys) -> _Keys:
    """``keys`` if it is the key cache of ``spans``, else the words of ``spans`` keyed."""
    if isinstance(keys, _Keys) and len(keys.stems) == len(spans):
        return keys
    return _keys([text[a:b] for a, b in spans], [a for a, _ in spans],
                 [b for _, b in spans])


# 0, 1, 2, ...: the word indices a matcher's start words are picked from. Made once:
# range() would make an int object per word of every article (and free it unless
# the word starts a phrase), three times per article.
# Kept for texts of up to 2**16 words (2.5 MB); a longer one (a book) gets range().
_INDEX_LIST = list(range(4096))
_MAX_INDEX_LIST = 2 ** 16


def _indices(n: int) -> Sequence[int]:
    """``0, 1, ..., n - 1`` (possibly more)."""
    global _INDEX_LIST
    if n > len(_INDEX_LIST):
        if n > _MAX_INDEX_LIST:
            return range(n)
        # (replaced, not extended: a thread may be reading it)
        _INDEX_LIST = list(range(min(2 * n, _MAX_INDEX_LIST)))
    return _INDEX_LIST


# What may stand between two words of one phrase.
_GAP_RE = re.compile(r"[\s\"“”„‟«»‘’‚‛‹›'\-‐‑‒–—]*")
_END = "\0ids"  # trie key that holds the phrase ids ending at a node


def _is_exact(word: str) -> bool:
    """Capitalised acronyms must match exactly (US vs us)."""
    if word.islower():   # most words, at once: islower() is False for any capital
        return False
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _word_key(word: str) -> str:
    return "=" + word if _is_exact(word) else stem(word)


@lru_cache(maxsize=2 ** 15)
def phrase_key(phrase: str) -> tuple[str, ...]:
    """The sequence of trie keys a phrase compiles to (stems, or exact acronyms).

    Two lexicon entries with the same key are duplicates to the matcher. Cached:
    loading the lexicon asks for each entry's key three times (validation, the
    check across files, the matcher).

    >>> phrase_key("Allegedly 'invading'") == phrase_key("allegedly invade")
    True
    """
    return tuple(_word_key(w) for w in WORD_RE.findall(phrase))


def _freeze(node: dict) -> None:
    """Phrase-id lists become tuples, returned as they are by every match."""
    for key, child in node.items():
        if key == _END:
            node[key] = tuple(child)
        else:
            _freeze(child)


class PhraseMatcher:
    """Find many phrases in one pass over a text.

    Parameters
    ----------
    phrases : iterable of str
        The phrases; the id of a phrase is its position. Phrases with no word are
        ignored (they can never match).

    Attributes
    ----------
    phrases : list of str
        The phrases, indexed by id.
    """

    def __init__(self, phrases: Iterable[str]):
        self.phrases: list[str] = list(phrases)
        self._trie: dict = {}
        # The words the exact keys anywhere in the trie stand for ("=US" -> "US"): only
        # these words are looked up by their exact key in the walk.
        exact_words = set()
        for idx, phrase in enumerate(self.phrases):
            key = phrase_key(phrase)
            if not key:
                continue
            node = self._trie
            for part in key:
                node = node.setdefault(part, {})
                if part.startswith("="):
                    exact_words.add(part[1:])
            node.setdefault(_END, []).append(idx)
        _freeze(self._trie)
        self._exact_words = frozenset(exact_words)
        # The words an exact (acronym) first key stands for: "=US" -> "US".
        first_exact = [k[1:] for k in self._trie if k.startswith("=")]
        stem_keys = [k for k in self._trie if k != _END and not k.startswith("=")]
        # The stems of the words that can start a phrase: the first stem keys and the
        # stems of the first exact keys' words ("us" for "=US").
        self._start_stems = frozenset(stem_keys).union(map(stem, first_exact))
        global _ANY_START_STEMS
        if not self._start_stems <= _ANY_START_STEMS:
            _ANY_START_STEMS = _ANY_START_STEMS | self._start_stems
        # Most start words are a one-word match at once, or (stop words: "the", "to",
        # "in") start a phrase the next word does not continue: the walk is not needed
        # for those first stem keys, kept here, that no exact word's stem shares ("us":
        # the walk tries "=US" first). One-word phrases no longer one goes on from:
        # stem -> phrase ids; first keys ending no phrase, continued by stem keys only:
        # stem -> node.
        shared = set(map(stem, exact_words))
        nodes = [(k, self._trie[k]) for k in stem_keys if k not in shared]
        self._single_first = {k: node[_END] for k, node in nodes if node.keys() == {_END}}
        self._dead_first = {k: node for k, node in nodes if _END not in node
                            and not any(c.startswith("=") for c in node)}

    def __len__(self) -> int:
        return len(self.phrases)

    def find(self, text: str, start: int = 0, end: int | None = None,
             ) -> list[tuple[int, int, tuple[int, ...]]]:
        """Return ``(start, end, phrase_ids)`` for each match in ``text[start:end]``.

        Offsets are into ``text``; ``phrase_ids`` lists every phrase with the matched
        key (several lexicon entries may share one wording).
        """
        spans, keys = _words_of(text, start, end)
        return self.find_in_words(text, spans, keys)

    def find_in_words(self, text: str, spans: Sequence[tuple[int, int]],
                      keys: _Keys | None = None,
                      ) -> list[tuple[int, int, tuple[int, ...]]]:
        """Like :meth:`find`, for words already located by :func:`framing.text.word_spans`.

        ``keys`` is the key cache returned by :func:`article_words` with ``spans``;
        pass the same one to every matcher that reads the same words and each word is
        keyed (and indexed) once. Without it the words are keyed for this call only.
        """
        keys = _keys_for(text, spans, keys)
        starts, ends = keys.starts, keys.ends
        return [(starts[i], ends[last], ids)
                for i, last, ids in self.word_matches(text, spans, keys)]

    def word_matches(self, text: str, spans: Sequence[tuple[int, int]],
                     keys: _Keys | None = None) -> list[tuple[int, int, tuple[int, ...]]]:
        """Like :meth:`find_in_words`, as ``(first word, last word, phrase_ids)``: the
        indices into ``spans`` of each match's first and last word.

        >>> m = PhraseMatcher(["war torn"])
        >>> m.word_matches("a war-torn land", [(0, 1), (2, 5), (6, 10), (11, 15)])
        [(1, 2, (0,))]
        """
        trie = self._trie
        keys = _keys_for(text, spans, keys)
        n = len(keys.stems)
        # (the words' offsets read from the keys: the spans may be a WordSpans view)
        word_starts, word_ends = keys.starts, keys.ends

        # Only words whose stem can start a phrase are tried as starts (an acronym's
        # words by their stem: "us" for "US", the pronoun passed over in the loop);
        # the walk and the leftmost-longest, non-overlapping choice are the same as
        # trying every word. The start stems are the matcher's, not their intersection
        # with the article's: that cost a set of the article's stems and three set
        # operations per article and matcher, more than trying the words of a start
        # the next word never continues ("the", "in": the loop drops them at once).
        # They are picked among the words any matcher may start at, found once per
        # text for the three matchers (one C-level pass over every word, not three).
        stems, strings = keys.stems, keys.strings
        indices, candidates = _candidates(keys)
        starts = compress(indices, map(self._start_stems.__contains__, candidates))
        # A word is looked up by its exact key only if some exact key stands for it
        # (for any other word that lookup would fail): ``word in exact`` below.
        exact = self._exact_words
        dead, single = self._dead_first, self._single_first
        out = []
        resume = 0  # first word a new match may start at
        for i in starts:
            # The walk below would find exactly these outcomes.
            s = stems[i]
            if s in dead:   # ends no phrase: a match needs the next word
                # (the loop's commonest way out: "in", "the" and the like, tested
                # before anything else, with one i + 1 and the next word's stem)
                try:
                    if stems[i + 1] not in dead[s]:
                        continue
                except IndexError:   # the last word
                    continue
            if i < resume:
                continue
            if s in single:   # a one-word phrase no longer one goes on from
                out.append((i, i, single[s]))   # (the next start, > i, needs no resume)
                continue
            # Any other start (a stem an acronym shares, a phrase that goes on): the walk.
            word = strings[i]
            if s not in trie and (word not in exact or "=" + word not in trie):
                continue   # starts no phrase: an acronym's stem ("us", "US'S")
            node = trie
            best = None
            j = i
            while True:
                word = strings[j]
                node = word in exact and node.get("=" + word) or node[stems[j]]
                ids = node.get(_END)
                if ids is not None:
                    best = (i, j, ids)
                    if len(node) == 1:
                        break  # a leaf: no longer phrase goes on from here
                j += 1
                if j >= n:
                    break
                # The next word must continue the phrase (checked first: cheap) and
                # only spaces, quote marks or dashes may stand between the two.
                word = strings[j]
                if stems[j] not in node and (word not in exact or "=" + word not in node):
                    break
                if _GAP_RE.fullmatch(text, word_ends[j - 1], word_starts[j]) is None:
                    break
            if best is None:
                continue
            out.append(best)
            resume = best[1] + 1
        return out
