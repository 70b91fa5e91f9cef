"""VADER sentence sentiment, reimplemented for speed with identical results.

``vaderSentiment`` (Hutto & Gilbert 2014) is the main cost of scoring an article:
the stock ``SentimentIntensityAnalyzer.polarity_scores`` lower-cases every word
again and rebuilds the lower-cased word list for every lexicon word it inspects
(several times per word), walks every character of the text in Python looking for
emoji, and rebuilds lists in its "but" rule. This module applies the *same rules*
to the *same lexicon files* (read from the installed ``vaderSentiment`` package,
whose rule constants are imported too, so they cannot drift) with that overhead
removed:

* each distinct whitespace token is analysed once per process (punctuation
  stripped, lower-cased, looked up in the lexicon, booster and negation lists) and
  kept in a bounded token table; *sentence* results are never cached;
* the emoji pass runs only when a regular expression finds an emoji character;
* only the lexicon words of a sentence are visited; the rest are neutral zeros;
* the rare rules ("but", idioms) fall back to a literal transcription of the stock
  code, quirks included, so that results stay bit-for-bit the same.

``tests/test_vader.py`` checks equality with stock VADER on every sentence of the
seeds and of ptc-dev, and on edge cases.

Examples
--------
>>> from framing.vader import polarity_scores, sentiment_tuple
>>> polarity_scores("The attack was deadly.")
{'neg': 0.508, 'neu': 0.492, 'pos': 0.0, 'compound': -0.4767}
>>> sentiment_tuple("Talks went VERY well!!")      # (compound, neg, neu, pos)
(0.5733, 0.0, 0.447, 0.553)
"""
from __future__ import annotations

import math
import re
import string
from itertools import compress
from operator import itemgetter
from pathlib import Path

from vaderSentiment import vaderSentiment as _stock

__all__ = ["polarity_scores", "sentiment_tuple", "sentiment_tuples"]

_N_SCALAR = _stock.N_SCALAR
_C_INCR = _stock.C_INCR
_BOOSTER = dict(_stock.BOOSTER_DICT)
_NEGATE = frozenset(_stock.NEGATE)
_PUNCT = string.punctuation
# Multi-word idioms and booster n-grams as word tuples: the stock code joins words
# with spaces and looks the string up; tokens never contain whitespace, so a tuple
# lookup is the same test.
_SPECIAL = {tuple(k.split(" ")): v for k, v in _stock.SPECIAL_CASES.items() if " " in k}
_BOOST_NGRAM = {tuple(k.split(" ")): v for k, v in _BOOSTER.items() if " " in k}
# Every word of those keys: when none of a lexicon word's neighbours is one of them,
# no idiom or n-gram can match and the idiom check is skipped.
_IDIOM_WORDS = frozenset(w for k in (*_SPECIAL, *_BOOST_NGRAM) for w in k)
_SO_THIS = ("so", "this")
_LOWER, _UPPER, _SCORED = itemgetter(0), itemgetter(1), itemgetter(5)


def _read_lexicons() -> tuple[dict[str, float], dict[str, str]]:
    """Parse the package's lexicon files exactly as ``SentimentIntensityAnalyzer`` does."""
    folder = Path(_stock.__file__).parent
    lexicon: dict[str, float] = {}
    text = (folder / "vader_lexicon.txt").read_text(encoding="utf-8")
    for line in text.rstrip("\n").split("\n"):
        if not line:
            continue
        word, measure = line.strip().split("\t")[0:2]
        lexicon[word] = float(measure)
    emojis: dict[str, str] = {}
    text = (folder / "emoji_utf8_lexicon.txt").read_text(encoding="utf-8")
    for line in text.rstrip("\n").split("\n"):
        emoji, description = line.strip().split("\t")[0:2]
        emojis[emoji] = description
    return lexicon, emojis


_LEXICON, _EMOJIS = _read_lexicons()
# The stock code tests one character at a time, so only one-character keys can ever
# match. All of them are non-ASCII: ``str.isascii`` clears most sentences at C speed,
# and a set intersection the rest (a regex character class of ~1,200 emoji was 100x
# slower than the whole sentence analysis).
_EMOJI_CHARS = {k: v for k, v in _EMOJIS.items() if len(k) == 1}
_EMOJI_SET = frozenset(_EMOJI_CHARS)
assert not any(c.isascii() for c in _EMOJI_SET)
# A cheap pre-filter for the set test: every emoji is "©", "®" or at or past U+203C,
# and the curly quotes, dashes and ellipses of news text lie below it. The class is
# written as "none of the other code points below U+203C" so that it compiles to a
# bitmap, tested in a few instructions per character, where the set test makes a
# string object of each character.
_MAYBE_EMOJI_RE = re.compile("[^\x00-\xa8\xaa-\xad\xaf-\u203b]")
assert all(c in "©®" or c >= "\u203c" for c in _EMOJI_SET)

# Token table: raw token -> (lower, isupper, lexicon valence or None,
# booster value or None, negation word?, scored?). Bounded so that a stream of
# unique junk tokens cannot grow memory without limit.
_TOKENS: dict[str, tuple] = {}
_TOKENS_MAX = 300_000


def _token(tok: str) -> tuple:
    stripped = tok.strip(_PUNCT)
    word = tok if len(stripped) <= 2 else stripped   # short: probably an emoticon
    lower = word.lower()
    lex = _LEXICON.get(lower)
    boost = _BOOSTER.get(lower)
    low2 = lower.lower()                             # `negated()` lower-cases again
    info = (lower, word.isupper(), lex, boost, low2 in _NEGATE or "n't" in low2,
            lex is not None and boost is None)
    if len(_TOKENS) >= _TOKENS_MAX:
        _TOKENS.clear()
    _TOKENS[tok] = info
    return info


def _demojize(text: str) -> str:
    """Replace emoji by their descriptions, exactly as ``polarity_scores`` does."""
    out = []
    prev_space = True
    for ch in text:
        if ch in _EMOJI_CHARS:
            if not prev_space:
                out.append(" ")
            out.append(_EMOJI_CHARS[ch])
            prev_space = False
        else:
            out.append(ch)
            prev_space = ch == " "
    return "".join(out)


def _idioms(valence: float, lw: list[str], i: int, n: int) -> float:
    """``SentimentIntensityAnalyzer._special_idioms_check`` (called only when i > 2)."""
    l3, l2, l1, l0 = lw[i - 3], lw[i - 2], lw[i - 1], lw[i]
    three_two_one, three_two, two_one = (l3, l2, l1), (l3, l2), (l2, l1)
    for seq in ((l1, l0), (l2, l1, l0), two_one, three_two_one, three_two):
        if seq in _SPECIAL:
            valence = _SPECIAL[seq]
            break
    if n - 1 > i and (l0, lw[i + 1]) in _SPECIAL:
        valence = _SPECIAL[(l0, lw[i + 1])]
    if n - 1 > i + 1 and (l0, lw[i + 1], lw[i + 2]) in _SPECIAL:
        valence = _SPECIAL[(l0, lw[i + 1], lw[i + 2])]
    for ngram in (three_two_one, three_two, two_one):
        if ngram in _BOOST_NGRAM:
            valence = valence + _BOOST_NGRAM[ngram]
    return valence


def _scalar(prev: tuple, valence: float, cap_diff: bool) -> float:
    """``scalar_inc_dec`` for a preceding word that is a booster/dampener."""
    scalar = prev[3]
    if valence < 0:
        scalar *= -1
    if prev[1] and cap_diff:
        if valence > 0:
            scalar += _C_INCR
        else:
            scalar -= _C_INCR
    return scalar


def _valence(info: list[tuple], lw: list[str], i: int, n: int, cap_diff: bool) -> float:
    """``sentiment_valence`` + ``_least_check`` for the lexicon word at ``i``."""
    x = info[i]
    valence = x[2]
    if lw[i] == "no" and i != n - 1 and info[i + 1][2] is not None:
        valence = 0.0    # "no" negates the next lexicon word instead
    if (i > 0 and lw[i - 1] == "no") or (i > 1 and lw[i - 2] == "no") or (
            i > 2 and lw[i - 3] == "no" and lw[i - 1] in ("or", "nor")):
        valence = x[2] * _N_SCALAR
    if x[1] and cap_diff:
        if valence > 0:
            valence += _C_INCR
        else:
            valence -= _C_INCR
    # The three preceding words, each only if it is not itself a lexicon word.
    if i > 0:
        p = info[i - 1]
        if p[2] is None:
            if p[3] is not None:
                valence = valence + _scalar(p, valence, cap_diff)
            if p[4]:
                valence = valence * _N_SCALAR
    if i > 1:
        p = info[i - 2]
        if p[2] is None:
            if p[3] is not None:
                s = _scalar(p, valence, cap_diff)
                if s != 0:
                    s = s * 0.95
                valence = valence + s
            if lw[i - 2] == "never" and lw[i - 1] in _SO_THIS:
                valence = valence * 1.25
            elif lw[i - 2] == "without" and lw[i - 1] == "doubt":
                pass
            elif p[4]:
                valence = valence * _N_SCALAR
    if i > 2:
        p = info[i - 3]
        if p[2] is None:
            if p[3] is not None:
                s = _scalar(p, valence, cap_diff)
                if s != 0:
                    s = s * 0.9
                valence = valence + s
            if (lw[i - 3] == "never" and lw[i - 2] in _SO_THIS) or lw[i - 1] in _SO_THIS:
                valence = valence * 1.25
            elif lw[i - 3] == "without" and (lw[i - 2] == "doubt" or lw[i - 1] == "doubt"):
                pass
            elif p[4]:
                valence = valence * _N_SCALAR
            if lw[i - 3] in _IDIOM_WORDS or lw[i - 2] in _IDIOM_WORDS or \
                    lw[i - 1] in _IDIOM_WORDS or (i + 1 < n and lw[i + 1] in _IDIOM_WORDS):
                valence = _idioms(valence, lw, i, n)
    if i > 0 and lw[i - 1] == "least" and info[i - 1][2] is None:
        if i > 1:
            if lw[i - 2] != "at" and lw[i - 2] != "very":
                valence = valence * _N_SCALAR
        else:
            valence = valence * _N_SCALAR
    return valence


def _but_check(lw: list[str], sentiments: list) -> list:
    """Literal transcription of ``_but_check`` (its ``list.index`` quirk included)."""
    bi = lw.index("but")
    for sentiment in sentiments:
        si = sentiments.index(sentiment)
        if si < bi:
            sentiments[si] = sentiment * 0.5
        elif si > bi:
            sentiments[si] = sentiment * 1.5
    return sentiments


def _round(x: float, scale: float, digits: int) -> float:
    """``round(x, digits)``, ``scale`` being ``10.0 ** digits``: the same float, cheaper.

    ``round`` writes ``x`` as a correctly rounded decimal string and parses it back, so
    its result is the double nearest to ``r / scale``, ``r`` the integer nearest to
    ``x * scale`` (computed exactly). Division by ``scale`` gives that same double, and
    unless ``x * scale`` (off by at most a few units of its last bit) lies near a
    half-integer, it rounds to the same ``r``; near one (or for huge or nan ``x``),
    ``round`` decides. The sign is kept, as ``round`` keeps it (-0.0 for a small
    negative ``x``).
    """
    y = abs(x * scale)
    if y < 1e9:
        f = math.floor(y)
        d = y - f
        if d < 0.4999:
            return math.copysign(f / scale, x)
        if d > 0.5001:
            return math.copysign((f + 1) / scale, x)
    return round(x, digits)


def sentiment_tuple(text: str) -> tuple[float, float, float, float]:
    """VADER ``(compound, neg, neu, pos)`` of one sentence, equal to stock VADER's.

    Parameters
    ----------
    text : str
        One sentence (VADER saturates on long texts; score sentences, not articles).

    Returns
    -------
    tuple of float
        ``(compound, neg, neu, pos)`` rounded like ``polarity_scores``.

    Examples
    --------
    >>> sentiment_tuple("Not bad at all")
    (0.431, 0.0, 0.513, 0.487)
    """
    if not isinstance(text, str):   # bytes etc.: let the stock code define the result
        d = _stock_analyzer().polarity_scores(text)
        return (d["compound"], d["neg"], d["neu"], d["pos"])
    if not text.isascii() and _MAYBE_EMOJI_RE.search(text) \
            and not _EMOJI_SET.isdisjoint(text):
        text = _demojize(text)
    toks = text.split()
    n = len(toks)
    if not n:
        return (0.0, 0.0, 0.0, 0.0)
    # C-level passes (map/compress) over the tokens; Python code runs only for the
    # few lexicon words.
    try:
        info = list(map(_TOKENS.__getitem__, toks))
    except KeyError:   # a token not seen before: analyse the new ones
        info = [_TOKENS.get(t) or _token(t) for t in toks]
    hits = list(compress(range(n), map(_SCORED, info)))
    if not hits:
        # Every word neutral: compound 0 and neu 1, whatever the punctuation.
        return (0.0, 0.0, 1.0, 0.0)
    lw = list(map(_LOWER, info))
    cap_diff = None
    vals = []
    for i in hits:
        if lw[i] == "kind" and i < n - 1 and lw[i + 1] == "of":
            vals.append(0)
            continue
        if cap_diff is None:
            ncap = sum(map(_UPPER, info))
            cap_diff = 0 < n - ncap < n
        vals.append(_valence(info, lw, i, n, cap_diff))
    if "but" in lw:
        full = [0] * n
        for i, v in zip(hits, vals):
            full[i] = v
        vals = _but_check(lw, full)
    sum_s = float(sum(vals))
    # score_valence: punctuation emphasis, compound, then the pos/neg/neu shares.
    # (``in`` scans with memchr, several times cheaper than ``count``; most sentences
    # hold neither mark)
    ep = text.count("!") if "!" in text else 0
    amp = (4 if ep > 4 else ep) * 0.292
    qm = text.count("?") if "?" in text else 0
    amp = amp + ((qm * 0.18 if qm <= 3 else 0.96) if qm > 1 else 0)
    if sum_s > 0:
        sum_s += amp
    elif sum_s < 0:
        sum_s -= amp
    compound = sum_s / math.sqrt((sum_s * sum_s) + 15)
    if compound < -1.0:
        compound = -1.0
    elif compound > 1.0:
        compound = 1.0
    pos_sum = 0.0
    neg_sum = 0.0
    nonzero = 0
    for s in vals:
        if s > 0:
            pos_sum += (float(s) + 1)
            nonzero += 1
        elif s < 0:
            neg_sum += (float(s) - 1)
            nonzero += 1
    neu_count = n - nonzero
    if pos_sum > math.fabs(neg_sum):
        pos_sum += amp
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= amp
    total = pos_sum + math.fabs(neg_sum) + neu_count
    return (_round(compound, 1e4, 4), _round(math.fabs(neg_sum / total), 1e3, 3),
            _round(math.fabs(neu_count / total), 1e3, 3),
            _round(math.fabs(pos_sum / total), 1e3, 3))


def sentiment_tuples(sentences) -> list[tuple[float, float, float, float]]:
    """:func:`sentiment_tuple` of each sentence, in order.

    >>> sentiment_tuples(["Good.", ""])
    [(0.4404, 0.0, 0.0, 1.0), (0.0, 0.0, 0.0, 0.0)]
    """
    f = sentiment_tuple
    return [f(s) for s in sentences]


def polarity_scores(text: str) -> dict[str, float]:
    """Drop-in for ``SentimentIntensityAnalyzer().polarity_scores(text)``.

    >>> polarity_scores("")
    {'neg': 0.0, 'neu': 0.0, 'pos': 0.0, 'compound': 0.0}
    """
    compound, neg, neu, pos = sentiment_tuple(text)
    return {"neg": neg, "neu": neu, "pos": pos, "compound": compound}


_STOCK = None


def _stock_analyzer():
    global _STOCK
    if _STOCK is None:
        _STOCK = _stock.SentimentIntensityAnalyzer()
    return _STOCK
