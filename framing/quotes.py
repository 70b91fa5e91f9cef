"""Direct and reported speech: quote spans, speakers, speaker groups, and voice.

A loaded word inside a quotation belongs to the speaker, not to the outlet
("Voice is essential" in DESIGN.md). This module finds

* **direct quotes** -- text between quotation marks, ``kind="direct"``; ``start:end``
  is the quoted content without the marks;
* **reported speech** -- "X said (that) ...", "according to X, ...", "..., X reported",
  "X: ..." headlines, ``kind="reported"``; ``start:end`` is the reported clause;
* **scare quotes** -- a short quoted word or phrase that no speaker is saying
  (:func:`find_scare_quotes`);

and labels any span as ``author`` / ``quoted`` / ``mixed`` voice
(:func:`voice_for_spans`). Speakers are resolved to actors and speaker groups with
``lexicons/actors.csv``; speech verbs come from ``lexicons/attribution_verbs.csv``.
Words are found only through :mod:`framing.text` and :class:`framing.matcher.PhraseMatcher`;
the regexes here look at quote marks and clause punctuation, never at words.

Examples
--------
>>> t = 'Minsk called the drills "defensive in nature". Kyiv disagreed.'
>>> q = find_quotes(t)
>>> q[["text", "speaker", "speaker_group", "kind"]].values.tolist()
[['defensive in nature', 'Minsk', 'Belarusian government', 'direct']]
>>> voice_for_spans([25, 0, 48], [44, 30, 52], q)[0].tolist()
['quoted', 'mixed', 'author']
"""
from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from itertools import chain, repeat
from operator import itemgetter, le, lt

import numpy as np
import pandas as pd

from .quotemarks import SHORT_QUOTE_WORDS, span_reach
from .text import sentence_spans
from .speakers import (
    Context,
    find_actors,
    find_attributions,
    pair_quote_marks,
    resolve_speakers,
)

__all__ = ["find_quotes", "find_scare_quotes", "quotes_and_scare_quotes",
           "voice_for_spans", "find_actors",
           "QUOTE_COLUMNS", "SHORT_QUOTE_WORDS"]

QUOTE_COLUMNS = ["start", "end", "text", "speaker", "speaker_group", "actor", "verb",
                 "kind", "note"]


# Spans already given as Python ints (and tuples of them) are read as they are.
_INT, _TUPLE = {int}, {tuple}


def _empty_quotes() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("start", "end") else "str")
                         for c in QUOTE_COLUMNS})


def _analyse(text: str, sentences=None) -> list[dict]:
    """Pair the marks, attribute every quote and resolve speakers (one pass)."""
    if sentences is None:
        sentences = sentence_spans(text)
    # Tuples of Python ints (the scorer's spans) are read as they are: testing the
    # types costs less than two int calls and a tuple per sentence.
    if not (isinstance(sentences, list) and set(map(type, sentences)) <= _TUPLE
            and set(map(type, chain.from_iterable(sentences))) <= _INT):
        sentences = [(int(a), int(b)) for a, b in sentences]
    marks = pair_quote_marks(text)
    ctx = Context(text, sentences, marks)
    attrs = find_attributions(text, sentences, marks, ctx)
    return resolve_speakers(text, sentences, marks, attrs, ctx)


def quote_columns(rows: list[dict]) -> dict[str, list]:
    """The kept quotes of :func:`_analyse` as column lists, sorted by offset.

    Plain lists, so the scorer can build one table per chunk instead of one small
    DataFrame per article (that pandas overhead cost more than finding the quotes).
    """
    rows = sorted((r for r in rows if r["keep"]), key=_SPAN)
    return _columns(rows, QUOTE_COLUMNS)


def scare_columns(rows: list[dict]) -> dict[str, list]:
    """The scare quotes of :func:`_analyse` as ``start, end, text`` column lists."""
    return _columns([r for r in rows if r.get("scare")], ("start", "end", "text"))


_SPAN = itemgetter("start", "end")


def _columns(rows: list[dict], names) -> dict[str, list]:
    """The ``names`` fields of ``rows`` as column lists (one C-level pass per table,
    not a comprehension per column)."""
    if not rows:
        return {c: [] for c in names}
    return {c: list(v) for c, v in zip(names, zip(*map(itemgetter(*names), rows)))}


def quote_and_scare_columns(text: str, sentences=None) -> tuple[dict, dict]:
    """:func:`quotes_and_scare_quotes` as column lists (the scorer's hot path)."""
    if not text or not text.strip():
        return quote_columns([]), scare_columns([])
    rows = _analyse(text, sentences)
    return quote_columns(rows), scare_columns(rows)


def _quotes_frame(rows: list[dict]) -> pd.DataFrame:
    cols = quote_columns(rows)
    if not cols["start"]:
        return _empty_quotes()
    cols["start"] = np.array(cols["start"], dtype=np.int64)
    cols["end"] = np.array(cols["end"], dtype=np.int64)
    return pd.DataFrame(cols)


def _scare_frame(rows: list[dict]) -> pd.DataFrame:
    cols = scare_columns(rows)
    return pd.DataFrame({"start": np.array(cols["start"], dtype=np.int64),
                         "end": np.array(cols["end"], dtype=np.int64),
                         "text": pd.array(cols["text"], dtype="str")})


def n_rows(table) -> int:
    """Rows of a quotes table given as a DataFrame, a dict of column lists, or None."""
    if table is None:
        return 0
    if isinstance(table, pd.DataFrame):
        return len(table)
    return len(table.get("start", ()))


def _column(table, name: str, dtype) -> list:
    """A quotes column as a list of Python ints (``dtype`` int64) or strings (object).

    Column lists (the scorer's case) are converted item by item: a numpy array per
    column would cost more than the handful of quotes in it.
    """
    col = table[name]
    if isinstance(col, pd.Series):
        col = (col.astype(str) if dtype is object else col).to_numpy(dtype=dtype)
    return list(map(str, col)) if dtype is object else list(map(int, col))


def _ints(values) -> list[int]:
    """Span offsets as a list (a list is read as it is, anything else raveled to ints).

    A list (the scorer's spans) is returned itself, to be read only: its offsets are
    only compared and bisected, which ints and numpy integers answer alike, so no
    test of their types (a call per value) is needed.
    """
    if isinstance(values, list):
        return values
    return list(map(int, np.ravel(values)))


def quotes_and_scare_quotes(text: str, sentences=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`find_quotes` and :func:`find_scare_quotes` from one pass (for scoring).

    Examples
    --------
    >>> q, s = quotes_and_scare_quotes('Kyiv "fears" it. "We are ready to act," he said.')
    >>> q["text"].tolist(), s["text"].tolist()
    (['We are ready to act,'], ['fears'])
    """
    if not text or not text.strip():
        return _empty_quotes(), _scare_frame([])
    rows = _analyse(text, sentences)
    return _quotes_frame(rows), _scare_frame(rows)


def find_quotes(text: str, sentences=None) -> pd.DataFrame:
    """Find the direct quotes and reported speech of one article.

    Parameters
    ----------
    text : str
        The cleaned article text.
    sentences : list of (int, int), optional
        Sentence spans from :func:`framing.text.sentence_spans` (computed if None).

    Returns
    -------
    pandas.DataFrame
        One row per quote, in text order, with columns ``start, end, text, speaker,
        speaker_group, actor, verb, kind, note``. ``text[start:end] == row.text``.
        ``kind`` is ``direct`` (``start:end`` is the content between the marks) or
        ``reported`` (the reported clause). ``speaker`` is the name as written
        ("Jen Psaki", "an Al Jazeera correspondent"); pronoun speakers are resolved
        to the speaker they refer to; ``unknown`` when nothing governs the quote.
        ``note`` is empty, or says why a span is uncertain (``unbalanced``: a mark
        that never closes, capped at the end of its paragraph).
        Short quotes (<= ``SHORT_QUOTE_WORDS`` words) with no speaker are scare
        quotes and are left to :func:`find_scare_quotes`.

    Examples
    --------
    >>> t = '"It is escalatory," Psaki told reporters. The US, she said, is worried.'
    >>> find_quotes(t)[["text", "speaker", "verb", "kind"]].values.tolist()
    [['It is escalatory,', 'Psaki', 'told', 'direct']]
    """
    if not text or not text.strip():
        return _empty_quotes()
    return _quotes_frame(_analyse(text, sentences))


def find_scare_quotes(text: str, quotes: pd.DataFrame | None = None,
                      sentences=None) -> pd.DataFrame:
    """Find scare quotes: short quoted words or phrases that no speaker is saying.

    The rule: a pair of quote marks (not nested in another quote) around at most
    ``SHORT_QUOTE_WORDS`` words, that no speaker governs in its sentence -- no speech
    or naming verb with a subject before it ("Minsk called the drills "defensive in
    nature""), no attribution after it (""...," he said"), no source for the whole
    sentence ("according to X", "..., X said", an "X: ..." headline). Verbs that
    report a charge (accused, blamed, condemned...) do not govern a short quote, and a
    hedge right before the mark ("allegedly", "so-called") marks the outlet's own
    distance: ``accused Russia of preparing to allegedly "invade" Ukraine`` -> "invade".

    Parameters
    ----------
    text : str
        The cleaned article text.
    quotes : pandas.DataFrame, optional
        Ignored except as a cache hint; the quotes are recomputed consistently.
    sentences : list of (int, int), optional
        Sentence spans (computed if None).

    Returns
    -------
    pandas.DataFrame
        Columns ``start, end, text`` (the content between the marks).

    Examples
    --------
    >>> t = 'The West accused Russia of preparing to allegedly "invade" Ukraine.'
    >>> find_scare_quotes(t).values.tolist()
    [[51, 57, 'invade']]
    """
    if not text or not text.strip():
        return _scare_frame([])
    return _scare_frame(_analyse(text, sentences))


def _layers(starts: list[int], ends: list[int], order: list[int]) -> list[list[int]]:
    """Split quote indices into layers of non-overlapping spans, in ``order``.

    Quotes may nest (a direct quote inside a reported clause); within one layer they
    do not, so each layer can be searched by bisection. Layers are filled greedily in
    priority order, so the first layer holding a span wins.
    """
    layers: list[list[int]] = []
    for i in order:
        a, b = starts[i], ends[i]
        for layer in layers:
            # Disjoint from every span of the layer? (A plain loop: no generator.)
            fits = True
            for j in layer:
                if b > starts[j] and a < ends[j]:
                    fits = False
                    break
            if fits:
                layer.append(i)
                break
        else:
            layers.append([i])
    return [sorted(layer, key=starts.__getitem__) for layer in layers]


def voice_for_spans(starts, ends, quotes: pd.DataFrame):
    """Voice of each span: ``quoted``, ``mixed`` or ``author``.

    A span is ``quoted`` when it lies inside a quote's ``start:end`` (the speaker is
    that quote's), ``mixed`` when it overlaps a quote without lying inside one (it
    straddles a quote boundary), else ``author``. When quotes nest, a direct quote
    beats a reported clause and a shorter quote beats a longer one.

    Parameters
    ----------
    starts, ends : array-like of int
        Span offsets (end exclusive), aligned.
    quotes : pandas.DataFrame or dict of column lists
        Output of :func:`find_quotes` or :func:`quote_columns` (``start, end,
        speaker, speaker_group``, and ``kind`` if present).

    Returns
    -------
    voice, speaker, speaker_group : numpy.ndarray of str
        Aligned with the inputs; speaker and group are ``""`` unless ``quoted``.

    Examples
    --------
    >>> q = pd.DataFrame({"start": [10], "end": [20], "speaker": ["Psaki"],
    ...                   "speaker_group": ["US government"], "kind": ["direct"]})
    >>> v, s, g = voice_for_spans([12, 5, 30], [15, 12, 35], q)
    >>> v.tolist(), s.tolist()
    (['quoted', 'mixed', 'author'], ['Psaki', '', ''])
    """
    v, spk, grp = voice_lists(starts, ends, quotes)
    return (np.array(v, dtype=object), np.array(spk, dtype=object),
            np.array(grp, dtype=object))


def _layers_and_reach(qs: list[int], qe: list[int], kind: list[str]) -> tuple:
    """The quote layers (each with its quotes' starts) and :func:`span_reach` of the
    quotes, for any quotes (nested, overlapping or out of order)."""
    # Priority: direct before reported, then shorter first (stable on ties).
    order = sorted(range(len(qs)), key=lambda j: (kind[j] != "direct", qe[j] - qs[j]))
    layers = [(layer, list(map(qs.__getitem__, layer)))
              for layer in _layers(qs, qe, order)]
    # The quotes by start, with the running maximum of their ends: a span that no
    # quote starting by its end reaches into is the author's (most spans are).
    first, reach = span_reach(zip(qs, qe))
    return layers, first, reach


# The last quotes table prepared for voice_lists, per thread: the scorer asks about
# the same article's quotes twice (device spans, then sentences).
_LAST_PREPARED = threading.local()


def _prepared(quotes) -> tuple:
    """The quote columns, layers and running reach :func:`voice_lists` reads.

    Kept for the last dict of column lists, and reused while it is the same object
    with the same columns (compared with copies, so a table changed in place is
    prepared again).
    """
    names = ("start", "end", "speaker", "speaker_group", "kind")
    # The columns (a missing one as []), by map in C: no generator.
    cols = tuple(map(quotes.get, names, repeat([]))) if isinstance(quotes, dict) else ()
    listed = bool(cols) and set(map(type, cols)) == {list}
    if listed:
        last = getattr(_LAST_PREPARED, "entry", None)
        if last is not None and last[0] is quotes and last[1] == cols:
            return last[2]
    qs = _column(quotes, "start", np.int64)
    qe = _column(quotes, "end", np.int64)
    qspk = _column(quotes, "speaker", object)
    qgrp = _column(quotes, "speaker_group", object)
    kind = (_column(quotes, "kind", object) if "kind" in quotes
            else ["direct"] * len(qs))
    nxt = qs[1:]
    if all(map(lt, qs, nxt)) and all(map(le, qe, nxt)) and all(map(le, qs, qe)):
        # Quotes in text order, none reaching past the next one's start (most
        # articles): what _layers_and_reach finds, without its sorts: one layer
        # holding them all, their starts sorted, their ends their own reach.
        layers, first, reach = [(list(range(len(qs))), qs)], qs, qe
    else:
        layers, first, reach = _layers_and_reach(qs, qe, kind)
    prepared = (qs, qe, qspk, qgrp, layers, first, reach)
    if listed:  # kept with copies of the columns it was prepared from
        _LAST_PREPARED.entry = (quotes, tuple(map(list, cols)), prepared)
    return prepared


def voice_lists(starts, ends, quotes) -> tuple[list[str], list[str], list[str]]:
    """:func:`voice_for_spans` as plain lists (the scorer's hot path).

    Plain Python rather than numpy: an article has a few dozen spans and a handful
    of quotes, too few for array operations to pay for their overhead.
    """
    s, e = _ints(starts), _ints(ends)
    n = len(s)
    voice, speaker, group = ["author"] * n, [""] * n, [""] * n
    if n_rows(quotes) == 0 or n == 0:
        return voice, speaker, group
    qs, qe, qspk, qgrp, layers, first, reach = _prepared(quotes)
    for i in range(n):
        a, b = s[i], e[i]
        k = bisect_right(first, b)
        if k == 0 or reach[k - 1] <= a:
            continue
        overlaps = False
        for layer, ls in layers:
            # The last quote starting at or before the span start is the only one in
            # the layer (its quotes are disjoint and sorted) that can contain it.
            k = bisect_right(ls, a) - 1
            if k >= 0:
                q = layer[k]
                if (b > a and qe[q] >= b and a < qe[q]) or (b == a and qs[q] <= a < qe[q]):
                    voice[i], speaker[i], group[i] = "quoted", qspk[q], qgrp[q]
                    break  # the first layer holding the span wins: no later one counts
            # Some quote overlaps [a, b) iff the last one starting before b ends after a.
            j = bisect_left(ls, b) - 1
            if j >= 0 and qe[layer[j]] > a:
                overlaps = True
        else:
            if overlaps:
                voice[i] = "mixed"
    return voice, speaker, group


