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
    # Idioms whose other words follow the lexicon word, with no modifier before it.
    "the film was bad ass", "one two three bad ass", "one two three bad ass today",
    "one two three bad ass.", "they all said yeah right", "x y z kiss of death",
    "x y z the bomb", "a b c to die for", "it was a beating heart", "a b c bus stop",
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


# sentiment_tuples scores a list of sentences (an article's) together: one split and
# one token look-up pass for all of them, the lexicon words nothing can modify taken
# as they are, the others through the rules on a window of tokens. These tests hold
# it to stock VADER sentence by sentence, bit for bit (repr tells -0.0 from 0.0).

def _stock_tuple(stock, sentence):
    d = stock.polarity_scores(sentence)
    return (d["compound"], d["neg"], d["neu"], d["pos"])


def _assert_batches_same(stock, batches):
    mismatches = []
    n = 0
    for batch in batches:
        got = vader.sentiment_tuples(batch)
        assert len(got) == len(batch)
        for s, g in zip(batch, got):
            n += 1
            want = _stock_tuple(stock, s)
            if repr(g) != repr(want):
                mismatches.append((s, want, g))
    assert not mismatches, f"{len(mismatches)} of {n} differ, e.g. {mismatches[:3]}"
    return n


def _real_articles(dirs) -> list[list[str]]:
    """Each file's sentences, and its paragraphs, as two lists."""
    articles = []
    for folder in dirs:
        for path in sorted(folder.glob("*.txt")):
            with open(path, encoding="utf-8", newline="") as fh:
                text = fh.read()
            articles.append([text[s:e] for s, e in sentence_spans(text)])
            articles.append(text.split("\n"))
    return articles


def test_sentiment_tuples_match_stock_on_seed_articles(stock, seeds_dir):
    assert _assert_batches_same(stock, _real_articles([seeds_dir])) > 100


def test_sentiment_tuples_match_stock_on_ptc_dev_articles(stock, ptc_dir):
    assert _assert_batches_same(stock, _real_articles([ptc_dir / "articles"])) > 10_000


def test_sentiment_tuples_match_stock_on_edge_cases(stock):
    _assert_batches_same(stock, [EDGE_CASES, EDGE_CASES[::-1], [], [""], ["", ""]])
    _assert_batches_same(stock, [[s] for s in EDGE_CASES])
    _assert_batches_same(stock, [[a, b] for a in EDGE_CASES[::5] for b in EDGE_CASES[1::4]])


# Rule words at sentence boundaries: no rule may reach across into the next or the
# previous sentence (they are joined with a boundary token in between).
ACROSS = [
    ["no", "good"], ["good no", "good"], ["not", "bad"], ["very", "good"],
    ["never so", "good"], ["never", "this good"], ["a b c this", "good"],
    ["without", "doubt good"], ["at least", "good"], ["least", "good"], ["kind", "of good"],
    ["good kind", "of"], ["the", "shit"], ["yeah", "right"], ["kiss of", "death"],
    ["good", "but bad"], ["good but", "bad"], ["bad", "BUT", "good"], ["GOOD", "good bad"],
    ["VERY", "GOOD news", "good"], ["no or", "bad"], ["a no b or", "bad"],
    ["good", "no", "", "bad", "not"], ["Great!", "good", "good??", "bad?", "good"],
    ["💘 good", "good", "no 😁", "bad"], ["good", "GOOD", "gOoD", "Good!"],
    ["THE MOVIE WAS NOT VERY GOOD AT ALL", "IT IS SO GOOD", "A B C D E F NOT GOOD"],
    ["I", "GOOD", "NOT GOOD", "good NOT GOOD", "THE REPORT WAS NOT GOOD BUT GREAT"],
]


def test_sentiment_tuples_rules_stay_within_sentences(stock):
    _assert_batches_same(stock, ACROSS)
    _assert_batches_same(stock, [b[::-1] for b in ACROSS])
    _assert_batches_same(stock, [sum(ACROSS, [])])


def test_sentiment_tuples_random_rule_word_sentences(stock):
    """Random sentences thick with the words the rules look at, and lexicon words of
    both signs, in upper and lower case: every rule, alone and together, near and
    far from the lexicon words, at either end of the sentence."""
    import random

    rules = ("no not never so this without doubt least at very kind of sort just "
             "enough the shit bomb bad ass bus stop yeah right kiss death to die for "
             "beating heart but or nor isn't don't despite more most less barely "
             "extremely kinda").split()
    lexicon = "good bad great terrible love hate war peace happy sad no yes".split()
    plain = "a the report said it was on in and that".split()
    marks = ["", "", "", ".", "!", "!!", "?", "??", "???"]
    rng = random.Random(3)
    batches = []
    for _ in range(400):
        batch = []
        for _ in range(rng.randrange(1, 12)):
            words = [rng.choice(rng.choice((rules, lexicon, plain, rules)))
                     for _ in range(rng.randrange(0, 14))]
            shout = rng.random()   # ALL CAPS compares a sentence's upper-case words
            words = [w.upper() if shout < 0.15 or rng.random() < 0.12 else w
                     for w in words]
            batch.append(" ".join(words) + rng.choice(marks))
        batches.append(batch)
    assert _assert_batches_same(stock, batches) > 2000


def test_modifiers_after_a_lexicon_word(stock):
    """Only an idiom's word modifies a lexicon word it follows (vader._KEY): every
    modifier word one and two words after (and before) lexicon words scores as stock
    VADER does, with words enough before for the idiom rule to look."""
    from vaderSentiment import vaderSentiment as stock_module

    from framing.vader_rules import _IDIOM_KEYS

    mods = sorted({k for k in stock_module.BOOSTER_DICT if " " not in k}
                  | set(stock_module.NEGATE) | vader._QUIRK | _IDIOM_KEYS)
    lexicon = ["good", "terrible", "happy", "war", "kind", "bad", "heart", "GREAT"]
    batch = []
    for mod in mods:
        for word in lexicon:
            for shape in ("the report said {w} {m} today", "the report said {w} it {m}",
                          "it said so {m} {w} now", "{w} {m}", "{m} it {w} {m} of"):
                batch.append(shape.format(w=word, m=mod))
    assert _assert_batches_same(stock, [batch]) > 3000


def test_sentiment_tuples_with_the_boundary_token_in_a_sentence(stock):
    sents = ["good \x00 bad", "\x00", "no\x00good", "fine", "\x00 \x00"]
    _assert_batches_same(stock, [sents, sents[1:], ["good", "\x00"]])


def test_sentiment_tuples_any_iterable_and_non_strings(stock):
    assert vader.sentiment_tuples([]) == []
    assert vader.sentiment_tuples(iter(["Good.", ""])) == vader.sentiment_tuples(["Good.", ""])
    with pytest.raises(TypeError):
        vader.sentiment_tuples(["Good.", 123])


def test_sentiment_tuples_when_the_token_table_fills_up(stock, seeds_dir, monkeypatch):
    # The tables are cleared when full, here many times within one article.
    monkeypatch.setattr(vader, "_TOKENS_MAX", 40)
    vader._TOKENS.clear()
    vader._CODES.clear()
    try:
        _assert_batches_same(stock, _real_articles([seeds_dir])[:6])
    finally:
        vader._TOKENS.clear()
        vader._CODES.clear()


def test_sentiment_tuples_past_the_precomputed_positions(stock, seeds_dir, monkeypatch):
    # An article longer than vader._POSITIONS falls back to count().
    monkeypatch.setattr(vader, "_POSITIONS", tuple(range(5)))
    _assert_batches_same(stock, _real_articles([seeds_dir])[:6])


def test_but_check_matches_stock():
    """vader_rules._but_check walks the lexicon words' valences only; the stock code walks
    every word's, zeros included, with list.index finding the first equal value."""
    import random

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    rng = random.Random(5)
    choices = [0, 0, 0, 0.0, 1.5, 1.5, -1.5, 2.0, -0.75, 0.75, 3.0]
    for _ in range(5000):
        n = rng.randrange(1, 12)
        words = ["w"] * n
        words[rng.randrange(n)] = "but"
        if rng.random() < 0.3:
            words[rng.randrange(n)] = "BUT"
        sentiments = [rng.choice(choices) for _ in range(n)]
        want = SentimentIntensityAnalyzer._but_check(words, list(sentiments))
        hits = [i for i, v in enumerate(sentiments) if v != 0]
        bi = [w.lower() for w in words].index("but")
        got = vader._but_check(bi, hits, [sentiments[i] for i in hits])
        assert [want[i] for i in hits] == got, (words, sentiments)
        assert all(want[i] == 0 for i in range(n) if i not in hits)


def test_non_string_input_behaves_like_stock(stock):
    # Stock VADER iterates the characters of its input: an int fails the same way.
    with pytest.raises(TypeError):
        stock.polarity_scores(123)
    with pytest.raises(TypeError):
        vader.polarity_scores(123)


def test_rounded_is_the_builtin_round():
    """vader_rules._rounded must give round()'s floats for every compound in [-1, 1] and
    share in [0, 1], including values a hair off a half (where it hands over to round)
    and small negative compounds (-0.0)."""
    import math
    import random

    from framing.vader_rules import _rounded

    rng = random.Random(7)
    compounds = [rng.uniform(-1, 1) for _ in range(100_000)]
    compounds += [(k + 0.5) / 10 ** 4 + e for k in range(-10_000, 10_000, 7)
                  for e in (0.0, 1e-12, -1e-12, 5e-9, -5e-9)]
    compounds += [0.0, -0.0, -1e-9, 1e-9, -4.9e-5, 4.9e-5, 1.0, -1.0]
    shares = [rng.uniform(0, 1) for _ in range(100_000)]
    shares += [(k + 0.5) / 10 ** 3 + e for k in range(0, 1000)
               for e in (0.0, 1e-12, -1e-12, 5e-9, -5e-9)]
    shares += [0.0, 1e-9, 4.9e-4, 1.0]
    shares = [x for x in shares if 0 <= x <= 1]
    rng.shuffle(shares)
    for i, c in enumerate(compounds):
        x = (c, shares[i % len(shares)], shares[(3 * i) % len(shares)],
             shares[-1 - i % len(shares)])
        got = _rounded(*x)
        want = (round(x[0], 4), round(x[1], 3), round(x[2], 3), round(x[3], 3))
        assert got == want, x
        assert [math.copysign(1, v) for v in got] == [math.copysign(1, v) for v in want], x
    for x in shares:   # every share in each place, with a compound off a half or not
        for c in (0.3, (17 + 0.5) / 10 ** 4):
            assert _rounded(c, x, x, x) == (round(c, 4),) + (round(x, 3),) * 3, x
