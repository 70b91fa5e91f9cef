"""Cleaning's and the streaming scorer's word-count shortcuts count the same words."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from framing import furniture
from framing.furniture import (_MAX_WORDS, _PLAIN_MAX_WORDS, _normalise,
                               line_furniture_reason)
from framing.stream_input import articles_from_records, iter_chunks, score_chunk
from framing.text import _WORD_START_BYTES, count_text_words, count_words, more_words_than


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
        for most in (0, 7, 29, _PLAIN_MAX_WORDS, _MAX_WORDS, n - 1, n):
            assert more_words_than(line, most) == (n > most), (line, most)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60), st.integers(0, 30))
def test_more_words_than_agrees_with_counting(text, most):
    assert more_words_than(text, most) == (count_words(text) > most)
    # The word starts it counts first are never more than the words.
    starts = text.encode("utf-8", "surrogatepass").translate(_WORD_START_BYTES).count(b" a")
    assert starts <= count_words(text)


def test_furniture_counts_a_line_only_up_to_the_caps_that_can_apply(seeds_dir, ptc_dir,
                                                                    monkeypatch):
    # Long lines: one meets the teaser rule (80 words), one holds "read" but no teaser,
    # one neither; and every real line. Each gets the reason it gets when every line
    # is counted up to the largest cap.
    words = " ".join(["word"] * 55)
    lines = [f"{words} Continue reading the story", f"{words}, read on.", f"{words}.",
             *_real_lines(seeds_dir, ptc_dir)]
    got = [line_furniture_reason(line) for line in lines]
    monkeypatch.setattr(furniture, "_max_words", lambda key: _MAX_WORDS)
    assert got == [line_furniture_reason(line) for line in lines]
    assert got[:3] == ["teaser ('Continue reading')", None, None]
