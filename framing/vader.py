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
  kept in a bounded token table; *sentence* results are never cached (only the
  final arithmetic of a sentence with one unmodified lexicon word, a function of
  its word count and valence);
* the emoji pass runs only when a regular expression finds an emoji character (in
  :func:`sentiment_tuples`, when a token flagged as holding one is there);
* only the lexicon words of a sentence are visited; the rest are neutral zeros;
  a lexicon word with no word that could modify it within the reach of the rules
  (three words before, two after) keeps its lexicon valence without them;
* the rare rules ("but", idioms) fall back to a literal transcription of the stock
  code, quirks included, so that results stay bit-for-bit the same;
* :func:`sentiment_tuples` scores an article's sentences together: one split and
  one pass of token look-ups for all of them, then Python code only per lexicon
  word, per modifying word and per sentence.

``tests/test_vader.py`` checks equality with stock VADER on every sentence of the
seeds and of ptc-dev, one by one and an article at a time, and on edge cases.

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
import string
from bisect import bisect_left
from itertools import compress, count
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
_SO_THIS = ("so", "this")
_LOWER, _UPPER = itemgetter(0), itemgetter(1)
_sqrt = math.sqrt


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
# match. All of them are non-ASCII: ``str.isascii`` clears most tokens at C speed.
_EMOJI_CHARS = {k: v for k, v in _EMOJIS.items() if len(k) == 1}
_EMOJI_SET = frozenset(_EMOJI_CHARS)
assert not any(c.isascii() for c in _EMOJI_SET)

# Words that may change a lexicon word's valence ("modifiers"), besides boosters and
# negations, all within three words before it to two after it: "no", "never so/this",
# "... this <word>", "without doubt" and "least" (whose partners "or", "nor",
# "doubt", "at", "very" act only with them); and for the idioms and booster n-grams
# one word of each (_IDIOM_KEYS: a lexicon word with none of them within that reach
# is in no idiom). Their frequent words (_COMMON) are left out, so that "the" or "of"
# does not send a sentence through the rules: every idiom keeps another (asserted).
_QUIRK = frozenset({"no", "never", "so", "this", "without", "least"})
_COMMON = frozenset({"the", "of", "to", "for", "bad", "right", "stop", "death", "heart",
                     "enough"})
_IDIOM_KEYS = frozenset(w for k in (*_SPECIAL, *_BOOST_NGRAM) for w in k) - _COMMON
assert all(not _COMMON.issuperset(k) for k in (*_SPECIAL, *_BOOST_NGRAM))
# Token codes for sentiment_tuples: 0 for a word that plays no part; for a plain
# lexicon word (none of the bits below but 1) its valence, a float (no lexicon
# valence is 0); else an int of these bits: 1 a lexicon word, 2 a modifier (booster,
# negation, _QUIRK, _IDIOM_KEYS; an ALL CAPS lexicon word modifies itself), 4 "but",
# 16 holds an emoji (no emoji is a whitespace character, so a text holds one if and
# only if one of its tokens does); or 8, the sentence boundary.
_HIT, _MOD, _BUT, _BOUNDARY, _EMOJI = 1, 2, 4, 8, 16
assert 0.0 not in _LEXICON.values()

# Token tables: raw token -> (lower, isupper, lexicon valence or None, booster value
# or None, negation word?, scored?, modifier (code bit 2)?), and raw token -> code.
# Bounded so that a stream of unique junk tokens cannot grow memory without limit.
_TOKENS: dict[str, tuple] = {}
_CODES: dict[str, object] = {}
_TOKENS_MAX = 300_000
_SEP = "\x00"   # the boundary token sentiment_tuples puts between sentences


def _token(tok: str) -> tuple:
    stripped = tok.strip(_PUNCT)
    word = tok if len(stripped) <= 2 else stripped   # short: probably an emoticon
    lower = word.lower()
    lex = _LEXICON.get(lower)
    boost = _BOOSTER.get(lower)
    low2 = lower.lower()                             # `negated()` lower-cases again
    neg = low2 in _NEGATE or "n't" in low2
    upper = word.isupper()
    scored = lex is not None and boost is None
    mod = (boost is not None or neg or lower in _QUIRK or lower in _IDIOM_KEYS
           or (scored and upper))
    info = (lower, upper, lex, boost, neg, scored, mod)
    code = (scored and _HIT) | (mod and _MOD)
    if lower == "but":
        code |= _BUT
    if not tok.isascii() and not _EMOJI_SET.isdisjoint(tok):
        code |= _EMOJI
    if code == _HIT:
        code = lex
    if tok == _SEP:
        code = _BOUNDARY
    if len(_TOKENS) >= _TOKENS_MAX:
        _TOKENS.clear()
        _CODES.clear()
    _TOKENS[tok] = info
    _CODES[tok] = code
    return info


def _codes(toks: list[str]) -> list:
    """The codes of ``toks``, analysing the tokens not seen before.

    A look-up that fails stops ``extend`` at the token not seen before (the codes
    before it are kept); that one is analysed and the look-ups go on from there.
    """
    codes = []
    extend = codes.extend
    get = _CODES.__getitem__
    while True:
        try:
            extend(map(get, toks[len(codes):] if codes else toks))
            return codes
        except KeyError as missing:
            _token(missing.args[0])


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
            if len(_ONE_WORD) >= _TOKENS_MAX:
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
    return (_round(compound, 1e4, 4), _round(neg_sum_abs / total, 1e3, 3),
            _round(neu_count / total, 1e3, 3), _round(pos_sum / total, 1e3, 3))


def _infos(toks: list[str]) -> list[tuple]:
    """The token table's entries of ``toks``, analysing the tokens not seen before."""
    try:
        return list(map(_TOKENS.__getitem__, toks))
    except KeyError:   # a token not seen before: analyse the new ones
        return [_TOKENS.get(t) or _token(t) for t in toks]


# (word count, valence) -> scores of a sentence with one nonzero valence and no
# punctuation emphasis: _shares of these alone, a pure function, so memoised.
_ONE_WORD: dict[tuple, tuple] = {}
_EMPTY = (0.0, 0.0, 0.0, 0.0)
_NEUTRAL = (0.0, 0.0, 1.0, 0.0)
_JOIN = " " + _SEP + " "


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
    return sentiment_tuples([text])[0]


def sentiment_tuples(sentences) -> list[tuple[float, float, float, float]]:
    """:func:`sentiment_tuple` of each sentence, in order; faster for many sentences
    (an article's) than one call each.

    The sentences are joined with a boundary token (``_SEP``) between them, so that
    the split and the token look-ups (``_codes``) are one C-level call each for all
    of them; Python code then runs per token with a nonzero code: per lexicon word,
    per word that may modify one, per "but" and per sentence boundary. A sentence's
    plain lexicon words (see ``_CODES``) with no modifying word within three words
    before or two after keep their valences, and if all of them do, and no "but" is
    there, the sentence is scored from those alone; else it goes through the rules
    (:func:`_ruled`).

    >>> sentiment_tuples(["Good.", ""])
    [(0.4404, 0.0, 0.0, 1.0), (0.0, 0.0, 0.0, 0.0)]
    """
    if not isinstance(sentences, list):
        sentences = list(sentences)
    if not sentences:
        return []
    try:
        toks = _JOIN.join(sentences).split()
    except TypeError:   # a non-string: sentence by sentence, as stock VADER does
        return [sentiment_tuple(s) for s in sentences]
    toks.append(_SEP)
    out = _score(sentences, toks, _codes(toks))
    if out is None:     # a sentence holds the boundary token itself
        out = [_score([s], *_alone(s))[0] for s in sentences]
    return out


def _alone(sentence: str) -> tuple[list[str], list]:
    """The tokens and codes of one sentence, a boundary token in it a plain word."""
    toks = sentence.split()
    toks.append(_SEP)
    codes = _codes(toks)
    for i in range(len(codes) - 1):
        if codes[i] is _BOUNDARY:
            codes[i] = 0
    return toks, codes


def _score(sentences: list[str], toks: list[str], codes: list):
    """The scores of ``sentences``, split into ``toks`` (a boundary token after each)
    with ``codes``; None if the boundaries are more than the sentences."""
    marks = list(compress(count(), codes))
    out = []
    k = 0          # sentence index
    start = 0      # its first token
    vals = []      # the valences of its plain lexicon words
    flags = 0      # the bits of its other codes but 2 (1: a plain word is modified)
    last_hit = -9  # the position of its last plain lexicon word
    mod_reach = 0  # 4 past the position of its last modifier
    n_sentences = len(sentences)
    boundary = _BOUNDARY
    real = float
    for j in marks:
        c = codes[j]
        if type(c) is real:
            vals.append(c)
            if j < mod_reach:         # a modifier up to 3 words before
                flags |= 1
            last_hit = j
        elif c is boundary:
            if k == n_sentences:   # more boundaries than sentences (a sentence holds one)
                k += 1
                break
            if flags:
                if flags & _EMOJI:   # (descriptions hold no emoji)
                    out.append(sentiment_tuple(_demojize(sentences[k])))
                elif vals or flags & _HIT:
                    out.append(_ruled(toks, codes, marks, start, j, sentences[k]))
                else:
                    out.append(_NEUTRAL)
                flags = 0
                if vals:
                    vals = []
            elif vals:
                out.append(_scores(vals, j - start, sentences[k]))
                vals = []
            else:
                out.append(_NEUTRAL if j > start else _EMPTY)
            k += 1
            start = j + 1
            last_hit = -9
            mod_reach = 0
        elif c == 2:                  # _MOD alone
            if j - last_hit < 3:      # a plain word up to 2 words before
                flags |= 1
            mod_reach = j + 4
        else:
            flags |= c
            if c & _MOD:
                mod_reach = j + 4
    return out if k == n_sentences else None


def _ruled(toks: list[str], codes: list, marks: list[int], start: int, end: int,
           text: str) -> tuple[float, float, float, float]:
    """The scores of the emoji-free sentence ``toks[start:end]`` with all the rules.

    ``codes`` are the tokens' codes, ``marks`` the positions of the nonzero ones. A
    lexicon word with no word that may modify it within the three before it and the
    two after it keeps its valence (its code). The others go through ``_valence`` on
    the tokens ``toks[max(start, h - 3):min(end, h + 3)]`` alone: the rules look no
    further, and test the position only against 0, 1, 2 and the sentence's last
    two, which the window keeps (``i`` is ``min(3, h - start)``, and the window ends
    where the sentence does unless 3 words past ``h``). ALL CAPS counts the whole
    sentence, and only when an upper-case word lies in such a window.
    """
    lo = bisect_left(marks, start)
    hits = []
    vals = []
    mods = []
    bi = -1
    real = float
    for p in marks[lo:bisect_left(marks, end, lo)]:
        c = codes[p]
        if type(c) is real:
            hits.append(p)
            vals.append(c)
        else:
            if c & _HIT:
                hits.append(p)
                vals.append(None)
            if c & _MOD:
                mods.append(p)
            if c & _BUT and bi < 0:
                bi = p
    if not hits:
        return _NEUTRAL
    n_mods = len(mods)
    cap_diff = None
    for q, h in enumerate(hits):
        if not n_mods:
            break
        m = bisect_left(mods, h - 3)
        if m == n_mods or mods[m] > h + 2:
            continue
        a = h - 3 if h - 3 > start else start
        b = h + 3 if h + 3 < end else end
        info = _infos(toks[a:b])
        lw = list(map(_LOWER, info))
        i = h - a
        if lw[i] == "kind" and h < end - 1 and lw[i + 1] == "of":
            vals[q] = 0
            continue
        if cap_diff is None and any(map(_UPPER, info)):
            n = end - start
            ncap = sum(map(_UPPER, _infos(toks[start:end])))
            cap_diff = 0 < n - ncap < n
        vals[q] = _valence(info, lw, i, b - a, bool(cap_diff))
    if bi >= 0:
        vals = _but_check(bi, hits, vals)
    return _scores(vals, end - start, text)


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
