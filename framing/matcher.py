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
from typing import Iterable, Sequence

from .text import WORD_RE, stem, word_spans

__all__ = ["PhraseMatcher", "phrase_key"]

# What may stand between two words of one phrase.
_GAP_RE = re.compile(r"[\s\"“”„‟«»‘’‚‛‹›'\-‐‑‒–—]*")
_END = "\0ids"  # trie key that holds the phrase ids ending at a node


def _is_exact(word: str) -> bool:
    """Capitalised acronyms must match exactly (US vs us)."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _word_key(word: str) -> str:
    return "=" + word if _is_exact(word) else stem(word)


def phrase_key(phrase: str) -> tuple[str, ...]:
    """The sequence of trie keys a phrase compiles to (stems, or exact acronyms).

    Two lexicon entries with the same key are duplicates to the matcher.

    >>> phrase_key("Allegedly 'invading'") == phrase_key("allegedly invade")
    True
    """
    return tuple(_word_key(w) for w in WORD_RE.findall(phrase))


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
        for idx, phrase in enumerate(self.phrases):
            key = phrase_key(phrase)
            if not key:
                continue
            node = self._trie
            for part in key:
                node = node.setdefault(part, {})
            node.setdefault(_END, []).append(idx)

    def __len__(self) -> int:
        return len(self.phrases)

    def find(self, text: str, start: int = 0, end: int | None = None,
             ) -> list[tuple[int, int, tuple[int, ...]]]:
        """Return ``(start, end, phrase_ids)`` for each match in ``text[start:end]``.

        Offsets are into ``text``; ``phrase_ids`` lists every phrase with the matched
        key (several lexicon entries may share one wording).
        """
        spans = word_spans(text, start, end)
        return self.find_in_words(text, spans)

    def find_in_words(self, text: str, spans: Sequence[tuple[int, int]],
                      ) -> list[tuple[int, int, tuple[int, ...]]]:
        """Like :meth:`find`, for words already located by :func:`framing.text.word_spans`."""
        trie = self._trie
        n = len(spans)
        # Keys are computed lazily: most words never start a phrase.
        keys: list[tuple[str, str] | None] = [None] * n

        def key_at(i: int) -> tuple[str, str]:
            k = keys[i]
            if k is None:
                w = text[spans[i][0]:spans[i][1]]
                k = keys[i] = ("=" + w, stem(w))
            return k

        out = []
        i = 0
        while i < n:
            node = trie
            best = None
            j = i
            while j < n:
                exact, stemmed = key_at(j)
                nxt = node.get(exact) or node.get(stemmed)
                if nxt is None:
                    break
                node = nxt
                if _END in node:
                    best = (j, node[_END])
                if j + 1 < n:
                    gap_start, gap_end = spans[j][1], spans[j + 1][0]
                    if _GAP_RE.fullmatch(text, gap_start, gap_end) is None:
                        break
                j += 1
            if best is None:
                i += 1
                continue
            last, ids = best
            out.append((spans[i][0], spans[last][1], tuple(ids)))
            i = last + 1
        return out
