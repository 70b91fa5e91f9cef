"""framing.vader gives exactly stock VADER's scores, on real sentences and edge cases."""
from __future__ import annotations

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from framing import vader
from framing.text import sentence_spans

KEYS = ("neg", "neu", "pos", "compound")

EDGE_CASES = [
    "", " ", "\n\t", ".", "!!!", "?", "??", "????", "no", "No.", "not", "but",
    # VADER's own demo sentences: boosters, caps, negation, "but", emoticons, emoji.
    "VADER is smart, handsome, and funny.",
    "VADER is smart, handsome, and funny!",
    "VADER is very smart, handsome, and funny.",
    "VADER is VERY SMART, handsome, and FUNNY.",
    "VADER is VERY SMART, handsome, and FUNNY!!!",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.",
    "At least it isn't a horrible book.",
    "The book was only kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today SUX!", "Today only kinda sux! But I'll get by, lol",
    "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "💘💋😁", "a💘b 💋 c😁", "☺️ and ☹️ and 👶🏻",
    "Not bad at all", "Sentiment analysis has never been good.",
    "Sentiment analysis has never been this good!",
    "Most automated sentiment analysis tools are shit.",
    "With VADER, sentiment analysis is the shit!",
    "On the other hand, VADER is quite bad ass", "VADER is such a badass!",
    "Without a doubt, excellent idea.", "Without a doubt, an excellent idea.",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "Roger Dodger is at least compelling as a variation on the theme.",
    "least good", "very least good", "it was the least good",
    "no good", "no no good", "no problem or nor bad", "there was no war or death",
    "he is kind of nice", "kind of", "sort of evil", "just enough good",
    "that is the bomb", "kiss of death here", "yeah right great", "bus stop fire",
    "good but bad but good", "bad bad bad but good good good", "BUT good", "good, but",
    "GOOD", "GOOD bad", "ALL CAPS SENTENCE IS ANGRY", "VERY good", "very GOOD news",
    "the EXTREMELY bad attack", "never so bad", "never this good", "not so good",
    "isn't it good?", "good?? yes??", "bad???? really????", "Great!!!!!!",
    "wasn't bad", "don't like it", "nor happy", "despite the hope",
    "“Deadly” attacks, allegedly — the ‘invasion’ is war.",
]


@pytest.fixture(scope="module")
def stock():
    return SentimentIntensityAnalyzer()


def _real_sentences(dirs) -> list[str]:
    sents = []
    for folder in dirs:
        for path in sorted(folder.glob("*.txt")):
            with open(path, encoding="utf-8", newline="") as fh:
                text = fh.read()
            sents.extend(text[s:e] for s, e in sentence_spans(text))
            sents.extend(text.split("\n"))  # whole paragraphs: longer, more rules fire
    return sents


def _assert_same(stock, sentences):
    mismatches = []
    for s in sentences:
        expected = stock.polarity_scores(s)
        got = vader.polarity_scores(s)
        if any(abs(expected[k] - got[k]) > 1e-9 for k in KEYS):
            mismatches.append((s, expected, got))
    assert not mismatches, f"{len(mismatches)} differ, e.g. {mismatches[:3]}"


@pytest.mark.parametrize("sentence", EDGE_CASES)
def test_edge_cases_match_stock(stock, sentence):
    expected = stock.polarity_scores(sentence)
    assert vader.polarity_scores(sentence) == expected
    c, neg, neu, pos = vader.sentiment_tuple(sentence)
    assert (c, neg, neu, pos) == tuple(expected[k] for k in ("compound", "neg", "neu", "pos"))


def test_seed_sentences_match_stock(stock, seeds_dir):
    sentences = _real_sentences([seeds_dir])
    assert len(sentences) > 100
    _assert_same(stock, sentences)


def test_ptc_dev_sentences_match_stock(stock, ptc_dir):
    sentences = _real_sentences([ptc_dir / "articles"])
    assert len(sentences) > 10_000
    _assert_same(stock, sentences)


def test_recombined_and_shouted_sentences_match_stock(stock, seeds_dir):
    # Word-level permutations of real text reach rule combinations (caps, "but" at
    # odd places, idioms next to negations) that edited prose rarely does.
    words = " ".join(_real_sentences([seeds_dir])).split()
    sentences = []
    for i in range(0, min(len(words), 6000), 7):
        chunk = words[i:i + 13]
        sentences.append(" ".join(chunk))
        sentences.append(" ".join(w.upper() if j % 3 == 0 else w for j, w in enumerate(chunk)))
        sentences.append(" ".join(chunk[::-1]) + " but " + " ".join(chunk[:4]) + "!!?")
    _assert_same(stock, sentences)


def test_sentiment_tuples_keeps_order():
    sents = ["Good.", "", "The attack was deadly."]
    assert vader.sentiment_tuples(sents) == [vader.sentiment_tuple(s) for s in sents]


def test_non_string_input_behaves_like_stock(stock):
    # Stock VADER iterates the characters of its input: an int fails the same way.
    with pytest.raises(TypeError):
        stock.polarity_scores(123)
    with pytest.raises(TypeError):
        vader.polarity_scores(123)


def test_round_is_the_builtin_round():
    """vader._round must give round()'s float for every value, including values a
    hair off a half (where it hands over to round) and negative ones (-0.0)."""
    import math
    import random

    from framing.vader import _round

    rng = random.Random(7)
    values = [rng.uniform(-1, 1) for _ in range(100_000)]
    values += [(k + 0.5) / 10 ** d + e for d in (3, 4) for k in range(-2000, 2000, 7)
               for e in (0.0, 1e-12, -1e-12, 5e-9, -5e-9)]
    values += [0.0, -0.0, -1e-9, 1.0, -1.0, 1e12, math.inf, -math.inf]
    for digits in (3, 4):
        for x in values:
            got, want = _round(x, 10.0 ** digits, digits), round(x, digits)
            assert got == want and math.copysign(1, got) == math.copysign(1, want), x
    assert math.isnan(_round(math.nan, 1e4, 4))
