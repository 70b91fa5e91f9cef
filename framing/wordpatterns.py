"""The word patterns of :mod:`framing.text`, the package's one tokenizer.

``WORD_RE`` defines a word; the patterns compiled from it here find the same words
faster (several per search, a code-point table for text without astral characters).
:mod:`framing.text` uses them; nothing else should.
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache
from typing import NamedTuple

__all__ = ["WORD_RE"]

# A word is a run of letters/digits, with internal apostrophes ("Russia's", "won't")
# and internal dots in initialisms ("U.S."). Hyphens split words: the matcher treats a
# hyphen between two words like a space, so "war-torn" matches the entry "war torn".
# Written with the first letter outside the alternation -- the same words as
# ``(?:[^\W_]\.){2,}|[^\W_]+(?:['’][^\W_]+)*`` -- so that the regex engine can skip
# to the next letter or digit before trying a match (about 30% faster to scan).
WORD_RE = re.compile(r"[^\W_](?:\.(?:[^\W_]\.)+|[^\W_]*(?:['’][^\W_]+)*)", re.UNICODE)


def _split_pattern(word: str, gap: str, n: int = 4) -> str:
    """A pattern for ``split`` that matches ``n`` words at a time: a word, then, if one
    follows, the ``gap`` (non-word characters) to the next word and that word, and so on.

    ``split`` returns gaps and words alternately all the same (words the groups did
    not reach, at the end, give pairs of ``None``): the words of a search per word
    with ``n`` times fewer searches, each of which costs a fixed ~350 instructions (a
    reset, a match stack allocated). Four, not two: -0.46 % of the pass, for two
    listed classes more per word to compile (~2.5 ms a process). An optional part is
    ``(?:...|)``, not ``(?:...)?``: ``?`` sets up a repeat (an allocation) per match.

    >>> re.split(_split_pattern("[a-z]+", "[^a-z]*", 3), "ab, c d-e")
    ['', 'ab', ', ', 'c', ' ', 'd', '-', 'e', None, None, None, None, '']
    """
    rest = ""
    for _ in range(n - 1):
        rest = f"(?:({gap})({word}){rest}|)"
    return f"({word}){rest}"


def _count_pattern(word: str, gap: str, letter: str) -> str:
    """:func:`_split_pattern` of two words for ``findall`` to count words: one
    group, the first letter of the second word (a character: no new string for most),
    empty if the match is one word (the last match only). ``word`` starts with
    ``letter``, which is captured as it is matched (cheaper than a lookahead)."""
    assert word.startswith(letter)
    return f"{word}(?:{gap}({letter}){word[len(letter):]}|)"


class _WordPatterns(NamedTuple):
    """The compiled word patterns, for one kind of text (see :func:`_patterns`)."""

    words: re.Pattern   # WORD_RE as one group: ``findall`` returns the words
    split: re.Pattern   # :func:`_split_pattern`
    count: re.Pattern   # :func:`_count_pattern`


def _word_patterns(word: str, gap: str, letter: str) -> _WordPatterns:
    return _WordPatterns(re.compile(f"({word})"), re.compile(_split_pattern(word, gap)),
                         re.compile(_count_pattern(word, gap, letter)))


_ANY_TEXT = _word_patterns(WORD_RE.pattern, r"[\W_]*", r"[^\W_]")


@lru_cache(maxsize=None)   # built on first use (~30 ms)
def _bmp_patterns() -> _WordPatterns:
    r"""The word patterns for text without characters beyond U+FFFF, ~25% cheaper.

    ``[^\W_]`` costs a Unicode category lookup per character; the same characters
    listed as a class (found by that very class, so they cannot differ) compile to
    a table indexed by code point. Astral characters would add one range per block
    to the class, which the engine tries in turn, so the table stops at U+FFFF.
    Possessive repeats (3.11+) skip backtracking state the match never uses: no
    shorter run of letters can be followed by an apostrophe or end a word.
    """
    starts, ends = [], []
    for m in re.finditer(r"[^\W_]+", "".join(map(chr, range(0x10000)))):
        starts.append(m.start())
        ends.append(m.end() - 1)
    ranges = "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "")
                     for a, b in zip(starts, ends))
    cls = f"[{ranges}]"
    plus = "+" if sys.version_info >= (3, 11) else ""
    # Where a word goes on after a dot or an apostrophe (rare), [^\W_] itself: the
    # same characters here, and each listed class costs ~2 ms to compile.
    return _word_patterns(rf"{cls}(?:\.(?:[^\W_]\.)+|{cls}*{plus}(?:['’][^\W_]+)*{plus})",
                          f"[^{ranges}]*{plus}", cls)


def _patterns(text: str) -> _WordPatterns:
    """The cheaper word patterns unless ``text`` holds an astral character (rare)."""
    if text.isascii() or len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text):
        return _bmp_patterns()
    return _ANY_TEXT
