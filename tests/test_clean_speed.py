"""Cleaning's and the streaming scorer's word-count shortcuts count the same words."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from framing import furniture
from framing.clean import clean_article
from framing.furniture import (_MAX_WORDS, _PLEA_MAX_WORDS, _normalise,
                               line_furniture_reason)
from framing.stream_input import articles_from_records, iter_chunks, score_chunk
from framing.text import count_text_words, count_words, least_words, more_words_than


def test_streamed_word_counts_are_those_of_the_cleaned_texts(seeds_dir, ptc_dir):
    # score_chunk takes each article's word count from the words the scorer found,
    # not from cleaning: the same count, in the articles and the features table.
    for src in (seeds_dir, ptc_dir / "articles"):
        _, records = next(iter_chunks(src, 1000))
        tables = score_chunk(records)
        articles = tables["articles"]
        counted = articles_from_records(records)
        assert articles["word_count"].dtype == counted["word_count"].dtype == "int64"
        assert (articles["word_count"].tolist() == counted["word_count"].tolist()
                == [count_text_words(t) for t in articles["text"]])
        assert tables["features"]["word_count"].tolist() == articles["word_count"].tolist()
        assert articles.drop(columns="word_count").equals(counted.drop(columns="word_count"))


# Letters (ASCII, accented, Cyrillic, astral), digits, and everything that bounds or
# joins words: dots, apostrophes, underscores, hyphens, spaces (a non-breaking one
# too), quotes, a surrogate, emoji.
_ALPHABET = "aZ9éЖ𝐀..'’_- \u00a0\"“,\ud800😀"


def _real_lines(seeds_dir, ptc_dir):
    paths = sorted(seeds_dir.glob("*.txt")) + sorted((ptc_dir / "articles").glob("*.txt"))
    assert len(paths) > 200
    for path in paths:
        for raw in path.read_text(encoding="utf-8").splitlines():
            yield _normalise(raw)


def test_more_words_than_agrees_with_counting_on_real_lines(seeds_dir, ptc_dir):
    for line in _real_lines(seeds_dir, ptc_dir):
        n = count_words(line)
        assert least_words(line) <= n
        for most in (0, 7, 29, _PLEA_MAX_WORDS, _MAX_WORDS, n - 1, n):
            assert more_words_than(line, most) == (n > most), (line, most)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60), st.integers(0, 30))
def test_more_words_than_agrees_with_counting(text, most):
    assert more_words_than(text, most) == (count_words(text) > most)
    assert least_words(text) <= count_words(text)


def test_furniture_reasons_with_the_bound_equal_those_with_exact_counts(seeds_dir, ptc_dir,
                                                            monkeypatch):
    # Long lines: one meets the teaser rule (80 words), one holds "read" but no teaser,
    # one neither; short ones that a pattern matches but hold more words than its cap;
    # and every real line. Each gets the reason it gets with every line counted first
    # (the lower bound replaced by the count).
    words = " ".join(["word"] * 55)
    # Lines a pattern matches, of as many words as its cap, then of one more.
    capped = [f"{prefix} {' '.join(['x'] * (cap + extra - count_words(prefix)))}"
              for prefix, cap in [("Follow us on", 30), ("READ ALSO:", 25), ("Tags:", 30),
                                  ("Photo: Reuters", 15), ("Facebook Twitter", 12),
                                  ("Sign up to our newsletter", 45)]
              for extra in (0, 1)]
    lines = [f"{words} Continue reading the story", f"{words}, read on.", f"{words}.",
             *capped, *_real_lines(seeds_dir, ptc_dir)]
    got = [line_furniture_reason(line) for line in lines]
    monkeypatch.setattr(furniture, "least_words", count_words)
    assert got == [line_furniture_reason(line) for line in lines]
    assert got[:3] == ["teaser ('Continue reading')", None, None]
    assert None not in got[3:3 + len(capped):2]
    assert got[4:3 + len(capped):2] == [None] * (len(capped) // 2)


def test_casefold_keeps_word_starts_and_is_idempotent():
    # clean_article lets a line of over _MAX_WORDS word starts stand for its key. Sound
    # because casefolding keeps every word start least_words sees (a character
    # outside ASCII folds to no ASCII character but letters and digits; ASCII folds
    # to ASCII of its kind) and casefold(casefold(s)) == casefold(s), so the line
    # equals another line's key only if its casefold does.
    for cp in range(0x80, 0x110000):
        c = chr(cp)
        folded = c.casefold()
        assert all(ch.isalnum() for ch in folded if ch.isascii()), hex(cp)
        assert folded.casefold() == folded, hex(cp)


def test_clean_article_without_long_line_keys(seeds_dir, ptc_dir):
    # A truthy corpus_repeats that holds no line makes clean_article casefold every key.
    long = " ".join(["Word"] * 90) + "."
    texts = [path.read_text(encoding="utf-8")
             for path in sorted(seeds_dir.glob("*.txt"))
             + sorted((ptc_dir / "articles").glob("*.txt"))]
    texts += ["\n".join([long, long.lower(), long, "Photo: Reuters " + long, long.upper()]
                        + [long.lower()] * 3 + ["Photo: AFP", "Photo: AFP", "Kyiv said."])]
    for text in texts:
        assert clean_article(text) == clean_article(text, corpus_repeats={"\0": 1})
