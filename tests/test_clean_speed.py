"""Cleaning's and the streaming scorer's word-count shortcuts count the same words."""
from __future__ import annotations

from framing.stream_input import articles_from_records, iter_chunks, score_chunk
from framing.text import count_text_words


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
