"""The rules of VADER's ``SentimentIntensityAnalyzer``, transcribed for :mod:`framing.vader`.

Each function here is the stock code's rule (named in its docstring) applied to the
token table entries :mod:`framing.vader` keeps, quirks included, so that scores stay
bit-for-bit those of ``vaderSentiment``; the rule constants are the stock package's
own. :mod:`framing.vader` decides which words need these rules and calls them;
``tests/test_vader.py`` checks the results against the stock analyser.

Examples
--------
>>> _but_check(1, [0, 2], [1.0, 2.0])   # "good but great": before x0.5, after x1.5
[0.5, 3.0]
"""
from __future__ import annotations

import math

from vaderSentiment import vaderSentiment as _stock

_N_SCALAR = _stock.N_SCALAR
_C_INCR = _stock.C_INCR
# Multi-word idioms and booster n-grams as word tuples: the stock code joins words
# with spaces and looks the string up; tokens never contain whitespace, so a tuple
# lookup is the same test.
_SPECIAL = {tuple(k.split(" ")): v for k, v in _stock.SPECIAL_CASES.items() if " " in k}
_BOOST_NGRAM = {tuple(k.split(" ")): v for k, v in _stock.BOOSTER_DICT.items() if " " in k}
_SO_THIS = ("so", "this")
_sqrt = math.sqrt
_copysign = math.copysign
# One word of each idiom and booster n-gram: a lexicon word with none of them within
# three words before to two after is in no idiom. Their frequent words (_COMMON) are
# left out, so that "the" or "of" does not send a sentence through the rules: every
# idiom keeps another (asserted).
_COMMON = frozenset({"the", "of", "to", "for", "bad", "right", "stop", "death", "heart",
                     "enough"})
_IDIOM_KEYS = frozenset(w for k in (*_SPECIAL, *_BOOST_NGRAM) for w in k) - _COMMON
assert all(not _COMMON.issuperset(k) for k in (*_SPECIAL, *_BOOST_NGRAM))
# (word count, valence) -> scores of a sentence with one nonzero valence and no
# punctuation emphasis: _shares of these alone, a pure function, so memoised (bounded).
_ONE_WORD: dict[tuple, tuple] = {}
_ONE_WORD_MAX = 300_000


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
            if p[3] is not None:   # (the stock code skips scaling a zero: same float)
                valence = valence + _scalar(p, valence, cap_diff) * 0.95
            if lw[i - 2] == "never" and lw[i - 1] in _SO_THIS:
                valence = valence * 1.25
            elif lw[i - 2] == "without" and lw[i - 1] == "doubt":
                pass
            elif p[4]:
                valence = valence * _N_SCALAR
    if i > 2:
        p = info[i - 3]
        if p[2] is None:
            if p[3] is not None:   # (the stock code skips scaling a zero: same float)
                valence = valence + _scalar(p, valence, cap_diff) * 0.9
            if (lw[i - 3] == "never" and lw[i - 2] in _SO_THIS) or lw[i - 1] in _SO_THIS:
                valence = valence * 1.25
            elif lw[i - 3] == "without" and (lw[i - 2] == "doubt" or lw[i - 1] == "doubt"):
                pass
            elif p[4]:
                valence = valence * _N_SCALAR
            # Every idiom holds one of _IDIOM_KEYS and lies within lw[i - 3:i + 3].
            if lw[i - 3] in _IDIOM_KEYS or lw[i - 2] in _IDIOM_KEYS or \
                    lw[i - 1] in _IDIOM_KEYS or lw[i] in _IDIOM_KEYS or (i + 1 < n and (
                        lw[i + 1] in _IDIOM_KEYS or (i + 2 < n and lw[i + 2] in _IDIOM_KEYS))):
                valence = _idioms(valence, lw, i, n)
    if i > 0 and lw[i - 1] == "least" and info[i - 1][2] is None:
        if i > 1:
            if lw[i - 2] != "at" and lw[i - 2] != "very":
                valence = valence * _N_SCALAR
        else:
            valence = valence * _N_SCALAR
    return valence


def _but_check(bi: int, hits: list[int], vals: list) -> list:
    """``_but_check`` on the valences ``vals`` of the words at ``hits`` (its quirk kept),
    ``bi`` the position of the first "but".

    The stock code walks the list of all the sentence's valences and rescales, for
    each value, the *first* entry equal to it (``list.index``), which is not always
    the entry at hand (two words of equal valence on either side of "but"). Zeros
    play no part: a zero finds a zero and rescales it to a zero, and no other value
    finds one. A value can only find an entry at or before its own (the entries
    after it are untouched so far), so each is read unchanged. The same walk over the
    lexicon words alone, ``list.index`` over their valences, gives the same values.
    """
    out = list(vals)
    for x in vals:
        if x:
            q = out.index(x)
            p = hits[q]
            if p < bi:
                out[q] = x * 0.5
            elif p > bi:
                out[q] = x * 1.5
    return out


# 1.5 * 2**52: for |y| < 2**51, y + _MAGIC lies where the doubles are the integers, so
# (y + _MAGIC) - _MAGIC is y rounded to an integer (half to even), exactly.
_MAGIC = 6755399441055744.0


def _rounded(compound: float, neg: float, neu: float, pos: float) -> tuple[float, ...]:
    """``(round(compound, 4), round(neg, 3), round(neu, 3), round(pos, 3))``: the same
    floats, cheaper, for a ``compound`` in [-1, 1] and shares in [0, 1] (not -0.0).

    ``round(x, digits)`` writes ``x`` as a correctly rounded decimal string and parses
    it back, so its result is the double nearest to ``r / scale``, ``r`` the integer
    nearest to ``x * scale`` (computed exactly), ``scale`` ``10.0 ** digits``. Division
    by ``scale`` gives that same double, and unless ``x * scale`` (off by at most a few
    units of its last bit) lies near a half-integer, it rounds to the same ``r``; near
    one, ``round`` decides. The rounding to an integer is float arithmetic
    (``_MAGIC``; ``x * scale`` is at most 10**4 in size), not a call of ``floor``,
    ``abs`` and ``copysign`` per value. ``compound`` keeps its sign, as ``round`` keeps
    it (-0.0 for a small negative one).
    """
    c = compound * 1e4
    n = neg * 1e3
    u = neu * 1e3
    p = pos * 1e3
    rc = c + _MAGIC - _MAGIC
    rn = n + _MAGIC - _MAGIC
    ru = u + _MAGIC - _MAGIC
    rp = p + _MAGIC - _MAGIC
    if (-0.4999 < c - rc < 0.4999 and -0.4999 < n - rn < 0.4999
            and -0.4999 < u - ru < 0.4999 and -0.4999 < p - rp < 0.4999):
        return _copysign(rc / 1e4, compound), rn / 1e3, ru / 1e3, rp / 1e3
    return round(compound, 4), round(neg, 3), round(neu, 3), round(pos, 3)


def _scores(vals: list, n: int, text: str) -> tuple[float, float, float, float]:
    """``score_valence`` of a sentence of ``n`` words whose nonzero valences are in
    ``vals`` (zeros may be there too), ``text`` its (emoji-free) text."""
    # score_valence: punctuation emphasis, compound, then the pos/neg/neu shares.
    # (``in`` scans with memchr, several times cheaper than ``count``; most sentences
    # hold neither mark)
    if "!" in text:
        ep = text.count("!")
        amp = (4 if ep > 4 else ep) * 0.292
    else:
        amp = 0.0
    if "?" in text:
        qm = text.count("?")
        if qm > 1:
            amp = amp + (qm * 0.18 if qm <= 3 else 0.96)
    if len(vals) == 1 and not amp:
        # One lexicon word and no emphasis: the scores depend on its valence and
        # the word count alone, a few thousand pairs in practice.
        key = (n, vals[0])
        scores = _ONE_WORD.get(key)
        if scores is None:
            if len(_ONE_WORD) >= _ONE_WORD_MAX:
                _ONE_WORD.clear()
            scores = _ONE_WORD[key] = _shares(vals, n, amp)
        return scores
    return _shares(vals, n, amp)


def _shares(vals: list, n: int, amp: float) -> tuple[float, float, float, float]:
    """The rest of ``score_valence``, ``amp`` the punctuation emphasis."""
    # ``sum``, not a running total: from Python 3.12 on it compensates rounding.
    sum_s = float(sum(vals))
    pos_sum = 0.0
    neg_sum = 0.0
    nonzero = 0
    # (float literals: float-float operations are the interpreter's fast ones; an
    # int 0 in ``vals`` is neither > 0.0 nor < 0.0, and the others are floats)
    for s in vals:
        if s > 0.0:
            pos_sum += s + 1.0
            nonzero += 1
        elif s < 0.0:
            neg_sum += s - 1.0
            nonzero += 1
    if sum_s > 0.0:
        sum_s += amp
    elif sum_s < 0.0:
        sum_s -= amp
    compound = sum_s / _sqrt(sum_s * sum_s + 15.0)
    if compound < -1.0:
        compound = -1.0
    elif compound > 1.0:
        compound = 1.0
    neu_count = float(n - nonzero)
    if neg_sum < 0.0:
        neg_sum_abs = -neg_sum
    else:
        neg_sum_abs = neg_sum
    if pos_sum > neg_sum_abs:
        pos_sum += amp
    elif pos_sum < neg_sum_abs:
        neg_sum -= amp
        neg_sum_abs = -neg_sum
    total = pos_sum + neg_sum_abs + neu_count
    return _rounded(compound, neg_sum_abs / total, neu_count / total, pos_sum / total)
