"""Framing devices in one article: lexicon matches, context rules, scare quotes, voice.

:func:`find_devices` makes one pass of the lexicon's compiled matcher over the words
of an article, then applies a few context rules to each match, adds the scare quotes
found by :mod:`framing.quotes`, and gives every span its voice (``author``,
``quoted`` or ``mixed``) and speaker.

Context rules (why each exists)
-------------------------------
0. **Word forms** -- the matcher compares Snowball stems, which also strip
   derivational suffixes: *deadly* and *dead*, *willing* and *will*, *useful* and
   *use* share a stem. A match is kept only when each text word is the entry word
   itself or an inflection of it (+s, +es, +ed, +ing, +er/+est, with the usual
   spelling changes); entries are written in base form. Attribution verbs are verbs,
   so for them any two inflections of one verb match ("claimed" ~ "claims").
1. **Sentence bound** -- a match may not run across a sentence break (a headline line
   and the next paragraph are joined only by a newline, which the matcher allows).
2. **Negation** -- a loaded term or intensifier right after a negator ("not brutal",
   "no massive", "isn't very") does not make that judgement, so it is dropped.
   Naming choices, euphemisms and hedges are kept: "not a special military
   operation" still uses the name.
3. **Proper names** -- English does not capitalise ordinary words inside a sentence,
   so a match whose first word is capitalised mid-sentence is part of a name
   ("Allied Resolve", "Free Syrian Army", "President Trump"), and so is a
   sentence-initial word that the article capitalises mid-sentence elsewhere and
   never writes in lower case ("Trump said ..."). Applies to every device except
   naming choices and entries written with capitals; off in title-case lines
   (headlines) and for ALL-CAPS words (emphasis).
4. **Verb-only entries** (note ``verb only``, e.g. *fuel*) -- the noun ("fuel
   prices") is not loaded; the match counts only in a verb form (*-ing*, *-ed*),
   after *to* or a modal, or as an *-s* form followed by an object.
5. **Attribution verbs introduce a source** -- "the claim" or "his admission" are
   nouns, not a way of introducing someone's words. An attribution verb counts when
   it is not after a determiner and it sits next to speech: a quote in the same
   sentence, a following *that*, colon, comma or quote mark, a preceding comma or
   quote mark (``", he insisted``), or a following clause ("admitted it had").
6. **Longest match wins** -- "defensive in nature" is one euphemism, not the loaded
   word "defensive"; the matcher is leftmost-longest, so no rule is needed.

Examples
--------
>>> from framing.text import sentence_spans
>>> t = 'Minsk called the drills "defensive in nature". It was a deadly attack.'
>>> df = find_devices(t, sentence_spans(t), quotes=None)
>>> df[["text", "device", "voice"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
[['called', 'attribution verb', 'author'], ['defensive in nature', 'euphemism', 'author'],
 ['deadly', 'loaded term', 'author']]
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import repeat
from operator import itemgetter
from typing import Sequence

import pandas as pd

from .device_rules import (_ArticleNames, _form_ok, _introduces_source, _negated,
                           _verb_form_ok)
from .lexicon import DEVICE_WEIGHTS, Lexicon, load_lexicon
from .matcher import _is_exact, article_words
from .quotes import n_rows, voice_lists
from .text import WORD_RE

__all__ = ["SPAN_COLUMNS", "find_devices", "voice_of"]

SPAN_COLUMNS = ["start", "end", "text", "device", "category", "entry", "explanation",
                "neutral", "voice", "speaker", "speaker_group", "sentence_index", "weight"]

SCARE_QUOTE = {
    "device": "scare quote",
    "category": "distancing",
    "explanation": "Quote marks around a word nobody is quoted as saying: the writer "
                   "keeps a distance from the word, often to doubt or mock it.",
    "neutral": "drop the quote marks, or say who uses the word",
}

_NAME_RULE_DEVICES = {"loaded term", "hedge", "euphemism", "intensifier", "attribution verb"}


# The numeric columns of a spans frame (the others are strings).
_NUMBER_TYPES = {"start": "int64", "end": "int64", "sentence_index": "int64",
                 "weight": "float64"}


def _empty() -> pd.DataFrame:
    df = pd.DataFrame({c: pd.Series(dtype="str") for c in SPAN_COLUMNS})
    return df.astype(_NUMBER_TYPES)


_EMPTY = _empty()


def voice_of(starts: Sequence[int], ends: Sequence[int], quotes: pd.DataFrame | None):
    """Voice, speaker and speaker group of each span (``framing.quotes.voice_for_spans``).

    Parameters
    ----------
    starts, ends : sequence of int
        Span offsets.
    quotes : pandas.DataFrame or None
        Quoted content spans with ``start, end, speaker, speaker_group``.

    Returns
    -------
    voice, speaker, speaker_group : list of str

    Examples
    --------
    >>> voice_of([0], [3], None)
    (['author'], [''], [''])
    """
    n = len(starts)
    if n_rows(quotes) == 0 or n == 0:
        return ["author"] * n, [""] * n, [""] * n
    return voice_lists(starts, ends, quotes)



def find_devices(text: str, sentences: Sequence[tuple[int, int]],
                 quotes: pd.DataFrame | None, scare_quotes=None,
                 lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Find the framing devices of one article.

    Parameters
    ----------
    text : str
        The cleaned article text.
    sentences : list of (int, int)
        Sentence offsets from :func:`framing.text.sentence_spans`.
    quotes : pandas.DataFrame or None
        Quoted content spans (``start, end, speaker, speaker_group``) from
        :func:`framing.quotes.find_quotes`; used for voice and rule 5.
    scare_quotes : pandas.DataFrame or list of (int, int), optional
        Scare-quoted phrases (content offsets); each becomes a ``scare quote`` span
        in the author's voice.
    lexicon : Lexicon, optional
        Defaults to :func:`framing.lexicon.load_lexicon` (built-ins, cached).

    Returns
    -------
    pandas.DataFrame
        One row per device found, sorted by ``start``; columns ``start, end, text,
        device, category, entry, explanation, neutral, voice, speaker, speaker_group,
        sentence_index, weight``. ``weight`` is the entry's weight (or the device's
        default, :data:`framing.lexicon.DEVICE_WEIGHTS`). ``text[start:end] == text``.

    Examples
    --------
    >>> t = 'Kiev calls it "escalatory". It was not deadly. Allied Resolve started.'
    >>> from framing.text import sentence_spans
    >>> find_devices(t, sentence_spans(t), None)[["text", "device"]].values.tolist()
    [['Kiev', 'naming choice'], ['calls', 'attribution verb'], ['escalatory', 'loaded term']]
    """
    cols = device_columns(text, sentences, quotes, scare_quotes, lexicon)
    return pd.DataFrame(cols).astype(_NUMBER_TYPES) if cols is not None else _EMPTY.copy()


def device_columns(text: str, sentences: Sequence[tuple[int, int]], quotes,
                   scare_quotes=None, lexicon: Lexicon | None = None) -> dict | None:
    """:func:`find_devices` as a dict of columns (``None`` when nothing is found).

    The scorer's hot path: it gathers these per chunk and builds one table. Every
    column is a plain list (offsets and ``sentence_index`` ints, ``weight`` floats).
    ``quotes`` and ``scare_quotes`` may be DataFrames or dicts of column lists.
    """
    if not text or not sentences:
        return None
    lex = lexicon if lexicon is not None else load_lexicon()
    entry_words = _entry_words(lex)
    sent_starts = [s for s, _ in sentences]
    words, keys = article_words(text)  # located and keyed once for every matcher
    strings, word_starts, word_ends = keys.strings, keys.starts, keys.ends

    # Per-sentence facts the rules need: first/last word index, title case, quotes.
    n_sent = len(sentences)
    # (bisect_left(a, s) is bisect_right(a, s - 1) for int offsets; mapped in C)
    first_w = list(map(bisect_left, repeat(word_starts), sent_starts))
    last_w = _last_words(word_starts, first_w, sentences)
    titles: list = [None] * n_sent

    def title(k: int) -> bool:
        """Sentence ``k`` is a title-case headline: no word over three letters in lower case."""
        if titles[k] is None:
            # (the words themselves: a word's length and first letter, no offsets)
            ws = strings[first_w[k]:last_w[k] + 1]
            titles[k] = len(ws) >= 3 and not any(len(w) > 3 and w[0].islower() for w in ws)
        return titles[k]

    names = _ArticleNames(text, word_starts, word_ends, strings, keys.stems, keys.distinct,
                          first_w, last_w, title)

    has_quote = [False] * n_sent
    if n_rows(quotes):
        for qs, qe in zip(quotes["start"], quotes["end"]):
            k0 = bisect_right(sent_starts, qs) - 1
            for k in range(k0 if k0 > 0 else 0, n_sent):
                if sentences[k][0] >= qe:
                    break
                if sentences[k][1] > qs:
                    has_quote[k] = True

    rules = _entry_rules(lex)
    word_forms = _word_forms(lex)
    # The output rows are built as the matches pass the rules (no intermediate row).
    cols = _entry_columns(lex)
    of = [cols[c] for c in ("device", "category", "entry", "explanation", "neutral")]
    device_of, category_of, entry_of, explanation_of, neutral_of = of
    weight_of = cols["weight"]
    recs = []
    for i, last, ids in lex.matcher.word_matches(text, words, keys):
        # Rule 0 first: it drops nearly half the matches ("will" for *willing*), which
        # then need no sentence. A one-word match is keyed on the word alone: its
        # entries are those of the word's own key in the matcher (and a str key never
        # equals the tuple key of a longer match).
        key = strings[i] if i == last else (tuple(strings[i:last + 1]), ids)
        kept = word_forms.get(key)
        if kept is None:  # rule 0, decided once per wording
            surface = (key,) if i == last else key[0]
            kept = tuple(eid for eid in ids if len(entry_words[eid]) == len(surface) and all(
                exact or _form_ok(sw, w, device_of[eid] == "attribution verb")
                for sw, (w, exact) in zip(surface, entry_words[eid])))
            if len(word_forms) >= _MAX_WORD_FORMS:
                word_forms = lex._word_forms = {}  # replaced, not cleared: threads
            word_forms[key] = kept
        if not kept:
            continue
        start, end = word_starts[i], word_ends[last]
        k = bisect_right(sent_starts, start) - 1
        if k < 0 or end > sentences[k][1]:
            continue  # rule 1
        fw, lw = first_w[k], last_w[k]
        for eid in kept:
            negation, name, verb_only, source = rules[eid]
            if negation and _negated(strings, i, fw):
                continue  # rule 2
            # (most matches are lower case: no name test for them)
            if name and strings[i][0].isupper() and names.proper_name(i, k):
                continue  # rule 3
            if verb_only and not _verb_form_ok(strings, i, fw, lw):
                continue  # rule 4
            if source and not _introduces_source(
                    text, strings, i, last, start, end, fw, lw, has_quote[k]):
                continue  # rule 5
            recs.append((start, end, device_of[eid], category_of[eid], entry_of[eid],
                         explanation_of[eid], neutral_of[eid], k, weight_of[eid]))

    # Plain lists, one DataFrame at the end: per-article pandas overhead would
    # dominate the run time otherwise.
    scare = _scare_rows(text, scare_quotes, sent_starts)
    recs += scare
    if not recs:
        return None
    recs.sort(key=itemgetter(0, 1, 2))
    # The columns, transposed in C.
    (starts, ends, device, category, entry, explanation, neutral, sentence_index,
     weight) = map(list, zip(*recs))
    voice, speaker, group = voice_of(starts, ends, quotes)
    if scare:
        for j, d in enumerate(device):
            if d == "scare quote":  # distancing by the outlet itself
                voice[j], speaker[j], group[j] = "author", "", ""
    return {
        "start": starts, "end": ends,
        "text": [text[a:b] for a, b in zip(starts, ends)],
        "device": device, "category": category, "entry": entry,
        "explanation": explanation, "neutral": neutral, "voice": voice,
        "speaker": speaker, "speaker_group": group, "sentence_index": sentence_index,
        "weight": list(map(float, weight)),
    }


def _last_words(word_starts: list[int], first_w: list[int], sentences) -> list[int]:
    """The last word of each sentence, ``bisect_left(word_starts, end) - 1``.

    The insertion point of a sentence's end is nearly always the next sentence's first
    word (no word between the two; for the last sentence, the number of words): that
    guess is checked in O(1), a bisection (~1,900 instructions) made only if it fails.

    >>> _last_words([0, 5, 9, 14], [0, 2], [(0, 8), (9, 20)])
    [1, 3]
    >>> _last_words([0, 5], [0], [(0, 3)])   # the guess (2) fails: bisection
    [0]
    """
    n = len(word_starts)
    guesses = first_w[1:]
    guesses.append(n)
    # f is the insertion point of e iff the start before it is < e and the one at it is not
    return [f - 1 if (f == 0 or word_starts[f - 1] < e) and (f == n or word_starts[f] >= e)
            else bisect_left(word_starts, e) - 1 for f, (_, e) in zip(guesses, sentences)]


def _entry_columns(lex: Lexicon) -> dict[str, list]:
    """The entry columns as Python lists, computed once per lexicon."""
    return lex.derived("columns", _columns_of)


def _columns_of(lex: Lexicon) -> dict[str, list]:
    e = lex.entries
    cols = {c: e[c].tolist() for c in ("device", "category", "entry", "explanation",
                                       "neutral", "weight", "note")}
    cols["caps"] = [any(c.isupper() for c in x) for x in cols["entry"]]
    return cols


def _entry_rules(lex: Lexicon) -> list[tuple[bool, bool, bool, bool]]:
    """Which of rules 2-5 (negation, proper name, verb form, source) apply to each
    entry, computed once per lexicon."""
    return lex.derived("rules", _rules_of)


def _rules_of(lex: Lexicon) -> list[tuple[bool, bool, bool, bool]]:
    cols = _entry_columns(lex)
    return [(device in ("loaded term", "intensifier"),
             device in _NAME_RULE_DEVICES and not caps,
             "verb only" in note,
             device == "attribution verb")
            for device, caps, note in zip(cols["device"], cols["caps"], cols["note"])]


def _entry_words(lex: Lexicon) -> list[list[tuple[str, bool]]]:
    """Words of every entry with an 'exact' flag, computed once per lexicon."""
    return lex.derived("entry_words", lambda lex: [
        [(w, _is_exact(w)) for w in WORD_RE.findall(e)] for e in lex.entries["entry"]])


# Rule 0 verdicts per wording, bounded like the matcher's tables.
_MAX_WORD_FORMS = 100_000


def _word_forms(lex: Lexicon) -> dict:
    """Matched words and entry ids (a one-word match: the word) -> the ids whose
    word forms match (rule 0)."""
    cached = getattr(lex, "_word_forms", None)
    if cached is None:
        cached = lex._word_forms = {}
    return cached


def _scare_rows(text: str, scare_quotes, sent_starts) -> list[tuple]:
    if scare_quotes is None or len(scare_quotes) == 0:
        return []
    if isinstance(scare_quotes, pd.DataFrame):
        pairs = zip(scare_quotes["start"].tolist(), scare_quotes["end"].tolist())
    elif isinstance(scare_quotes, dict):
        pairs = zip(scare_quotes["start"], scare_quotes["end"])
    else:
        pairs = ((int(s), int(e)) for s, e in scare_quotes)
    out = []
    for s, e in pairs:
        if not 0 <= s < e <= len(text):
            continue
        k = bisect_right(sent_starts, s) - 1
        k = k if k > 0 else 0
        out.append((s, e, SCARE_QUOTE["device"], SCARE_QUOTE["category"], text[s:e],
                    SCARE_QUOTE["explanation"], SCARE_QUOTE["neutral"], k,
                    DEVICE_WEIGHTS["scare quote"]))
    return out
