"""The word locator's and counter's fast paths give the words of ``WORD_RE``."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from framing.text import WORD_RE, count_words, word_offsets, words

# Letters (Latin, accented, Cyrillic, astral), digits, and everything that bounds or
# joins words: dots, apostrophes, underscores, hyphens, spaces, line breaks, emoji.
_ALPHABET = "aZ9éЖ𝐀..'’_- \n😀"


def _reference(text: str, start: int = 0, end: int | None = None):
    found = list(WORD_RE.finditer(text, start, len(text) if end is None else end))
    return [m.group() for m in found], [m.start() for m in found], [m.end() for m in found]


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40), st.integers(0, 45), st.integers(0, 45))
def test_word_offsets_four_words_a_search_equal_one_search_per_word(text, a, b):
    assert word_offsets(text) == _reference(text)
    assert word_offsets(text, a, b) == _reference(text, min(a, len(text)), b)
    assert words(text) == _reference(text)[0]
    assert count_words(text) == len(_reference(text)[0])


def test_word_offsets_on_every_word_count_and_real_text(seeds_dir):
    for text in ["", "a", "a b", "a b c", "U.S.A b", "A.B.Cd e", "rock’n’roll, x", "..."]:
        assert word_offsets(text) == _reference(text)
    for n in range(1, 12):   # every number of words the last search can hold
        text = " ".join("w%d" % i for i in range(n))
        assert word_offsets(text) == _reference(text)
        assert word_offsets(text + ".") == _reference(text + ".")
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert word_offsets(text) == _reference(text)
        assert count_words(text) == len(_reference(text)[0])


def test_word_offsets_on_ptc_articles(ptc_dir):
    paths = sorted((ptc_dir / "articles").glob("*.txt"))
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert word_offsets(text) == _reference(text)
        for line in text.split("\n"):
            assert count_words(line) == len(WORD_RE.findall(line))


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="aZ9éЖ中한ǅ٣\u0301ª..'’_- \n", max_size=40))
def test_bmp_patterns_find_what_the_general_patterns_find(text):
    """The patterns for text within U+FFFF (a listed class, and [^\\W_] after a dot or
    an apostrophe inside a word) split, find and count as the general ones."""
    from framing.wordpatterns import _ANY_TEXT, _bmp_patterns

    bmp = _bmp_patterns()
    assert bmp.words.findall(text) == _ANY_TEXT.words.findall(text)
    assert bmp.split.split(text) == _ANY_TEXT.split.split(text)
    assert bmp.count.findall(text) == _ANY_TEXT.count.findall(text)
