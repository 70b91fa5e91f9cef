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
* the emoji pass runs only for a sentence with a token flagged as holding an emoji
  character (code bit 16);
* only the lexicon words of a sentence are visited; the rest are neutral zeros;
  a lexicon word with no word that could modify it within the reach of the rules
  (three words before, two after) keeps its lexicon valence without them;
* the rare rules ("but", idioms) run a transcription of the stock code
  (:mod:`framing.vader_rules`), quirks included, so that results stay bit-for-bit the
  same;
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

import string
from bisect import bisect_left
from itertools import compress, count
from operator import itemgetter
from pathlib import Path

from vaderSentiment import vaderSentiment as _stock

from .vader_rules import _IDIOM_KEYS, _but_check, _scores, _valence

__all__ = ["polarity_scores", "sentiment_tuple", "sentiment_tuples"]

_BOOSTER = dict(_stock.BOOSTER_DICT)
_NEGATE = frozenset(_stock.NEGATE)
_PUNCT = string.punctuation
_LOWER, _UPPER = itemgetter(0), itemgetter(1)


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
# one word of each (vader_rules._IDIOM_KEYS).
_QUIRK = frozenset({"no", "never", "so", "this", "without", "least"})
# Token codes for sentiment_tuples: 0 for a word that plays no part; for a plain
# lexicon word (none of the bits below but 1) its valence, a float (no lexicon
# valence is 0); else an int of these bits: 1 a lexicon word, 2 a modifier (booster,
# negation, _QUIRK, _IDIOM_KEYS; an ALL CAPS lexicon word modifies itself), 4 "but",
# 16 holds an emoji (no emoji is a whitespace character, so a text holds one if and
# only if one of its tokens does), 32 one of _IDIOM_KEYS; or 8, the sentence boundary.
# Only an idiom's word modifies the lexicon words before it (up to two, in the
# idiom); the other modifiers act on the words after them.
_HIT, _MOD, _BUT, _BOUNDARY, _EMOJI, _KEY = 1, 2, 4, 8, 16, 32
assert 0.0 not in _LEXICON.values()

class _TokenTable(dict):
    """A token table; a look-up of a token not seen before analyses it (``_token``).

    ``__missing__`` keeps ``map(table.__getitem__, toks)`` one C-level pass even over
    new tokens, where a raised ``KeyError`` would stop it and cost a restart.
    """

    __slots__ = ()

    def __missing__(self, tok: str):
        _token(tok)
        return self[tok]


# Token tables: raw token -> (lower, isupper, lexicon valence or None, booster value
# or None, negation word?), and raw token -> code (scored? modifier? "but"? ...).
# Bounded so that a stream of unique junk tokens cannot grow memory without limit.
_TOKENS: dict[str, tuple] = _TokenTable()
_CODES: dict[str, object] = _TokenTable()
_TOKENS_MAX = 300_000
_SEP = "\x00"   # the boundary token sentiment_tuples puts between sentences
# Token positions, int objects made once: ``compress`` over them allocates no int for
# the tokens it skips (most of them), as it would over ``count()``.
_POSITIONS = tuple(range(1 << 16))


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
    key = lower in _IDIOM_KEYS
    mod = boost is not None or neg or lower in _QUIRK or key or (scored and upper)
    info = (lower, upper, lex, boost, neg)
    code = (scored and _HIT) | (mod and _MOD) | (key and _KEY)
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
    """The codes of ``toks``, analysing the tokens not seen before."""
    return list(map(_CODES.__getitem__, toks))


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


def _infos(toks: list[str]) -> list[tuple]:
    """The token table's entries of ``toks``, analysing the tokens not seen before."""
    return list(map(_TOKENS.__getitem__, toks))


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
    marks = list(compress(_POSITIONS if len(codes) <= len(_POSITIONS) else count(), codes))
    out = []
    k = 0          # sentence index
    start = 0      # its first token
    vals = []      # the valences of its plain lexicon words
    flags = 0      # the bits of its other codes but 2, 34 (1: a plain word is modified)
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
        elif c == 2:                  # _MOD alone: acts on the words after it
            mod_reach = j + 4
        elif c == 34:                 # _MOD | _KEY: also on the two before it
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
    lexicon word with no word that may modify it within the three before it, itself
    and an idiom's word in the two after it keeps its valence (its code). The others
    go through ``_valence`` on
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
    keys = []      # the modifiers that are idioms' words
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
                if c & _KEY:
                    keys.append(p)
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
        if mods[m] > h:           # only after it: an idiom's word?
            m = bisect_left(keys, h + 1)
            if m == len(keys) or keys[m] > h + 2:
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
