"""The per-article ``features`` table, and a scikit-learn transformer that makes it.

One row per article. Every rate is per 1,000 words of the article, and every device
rate is split by voice: ``author`` (the outlet's own words) and ``quoted`` (words
inside a quotation, including spans that straddle a quote boundary). Column names:

* ``word_count``, ``n_sentences``, ``n_quotes``, ``flesch_reading_ease``
* ``rate.<device>.<voice>`` and ``rate.<device>/<category>.<voice>``
* ``sources.<speaker group>`` — quotations per speaker group (counts)
* ``sentiment.<actor>.<voice>`` — mean VADER compound of the sentences naming the
  actor (NaN where the article never names it in that voice)
* ``compound.mean`` — mean sentence compound

The set of columns is fixed by the lexicons and the actors table, so the same
columns come out for any corpus (a model trained on one can score another).
:class:`framing.featurizer.FramingFeaturizer` wraps this for scikit-learn pipelines.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache
from itertools import compress, repeat
from operator import ne

import numpy as np
import pandas as pd
import pyarrow as pa

from .matcher import _STEM_OF_WORD
from .text import WORD_RE
from .wordtable import WordTable

__all__ = ["build_features", "feature_columns", "flesch_reading_ease"]

VOICES = ("author", "quoted")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def _syllables(word: str) -> int:
    """Syllables by vowel groups, less a silent final e (good enough for Flesch)."""
    w = word.lower()
    n = len(_VOWEL_GROUPS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee")) and n > 1:
        n -= 1
    return max(n, 1)


def flesch_reading_ease(text: str, n_sentences: int) -> float:
    """Flesch reading ease (higher is easier; 60–70 is plain English).

    Computed here rather than with textstat, whose recent versions download data at
    run time.

    >>> round(flesch_reading_ease("The cat sat on the mat.", 1), 1)
    116.1
    """
    return _flesch(*word_syllables(WORD_RE.findall(text)), n_sentences)


def word_syllables(words: list[str], distinct: set[str] | None = None) -> tuple[int, int]:
    """``(number of words, number of syllables)`` of a list of words.

    ``distinct``, if given, is ``set(words)`` (the matcher's word index already holds
    it); it saves building that set when some words are new to the process.

    >>> word_syllables(["The", "cat", "sat", "the"])
    (4, 4)
    """
    return len(words), sum(_SYLLABLES_OF_WORD.values(words, distinct))


# word -> syllables, process-wide and bounded (framing.wordtable.WordTable); filled
# with the stem table, which every scored article's words go through first.
_SYLLABLES_OF_WORD = WordTable(_syllables, lead=_STEM_OF_WORD)


def _flesch(n_words: int, n_syllables: int, n_sentences: int) -> float:
    if not n_words or n_sentences <= 0:
        return float("nan")
    return 206.835 - 1.015 * n_words / n_sentences - 84.6 * n_syllables / n_words


@lru_cache(maxsize=4)
def _actor_vocabulary() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from .actors import actors_table, story_actors

    groups = set(actors_table()["speaker_group"]) | {"unknown"}
    return tuple(sorted(story_actors())), tuple(sorted(groups))


def feature_columns(lexicon) -> list[str]:
    """The fixed, ordered feature column names for a lexicon (numeric columns only).

    Computed once per lexicon object (every chunk asks).
    """
    cached = getattr(lexicon, "_feature_columns", None)
    if cached is None or cached[0] is not lexicon.entries:
        cached = (lexicon.entries, _feature_columns(lexicon))
        lexicon._feature_columns = cached
    return list(cached[1])


def _feature_columns(lexicon) -> list[str]:
    actors, groups = _actor_vocabulary()
    devices = lexicon.entries[["device", "category"]].drop_duplicates()
    device_names = sorted(set(devices["device"]) | {"scare quote"})
    cols = ["word_count", "n_sentences", "n_quotes", "flesch_reading_ease", "compound.mean"]
    for d in device_names:
        cats = sorted(c for c in devices.loc[devices["device"] == d, "category"] if c)
        for v in VOICES:
            cols.append(f"rate.{d}.{v}")
            cols += [f"rate.{d}/{c}.{v}" for c in cats]
    cols += [f"sources.{g}" for g in groups]
    cols += [f"sentiment.{a}.{v}" for a in actors for v in VOICES]
    return cols


def build_features(articles: pd.DataFrame, sentences: pd.DataFrame, spans: pd.DataFrame,
                   quotes: pd.DataFrame, *, lexicon=None,
                   readability: dict | None = None) -> pd.DataFrame:
    """Derive the ``features`` table from the other four tables.

    ``readability`` (``{article_id: (words, syllables)}``, gathered by the scorer
    from the words it has already found) spares re-tokenizing every sentence for
    the Flesch score; without it the sentences are tokenized here.

    Returns
    -------
    pandas.DataFrame
        ``article_id``, ``outlet``, ``event`` (when present) and the numeric
        columns of :func:`feature_columns`.
    """
    from .lexicon import load_lexicon
    from .text import count_words

    lexicon = lexicon if lexicon is not None else load_lexicon()
    cols = feature_columns(lexicon)
    col_at = {c: j for j, c in enumerate(cols)}
    ids = articles["article_id"].astype(str).tolist()
    # One float matrix, one DataFrame at the end: setting ~170 DataFrame columns one
    # by one cost more per chunk than scoring a dozen articles.
    m = np.zeros((len(ids), len(cols)))
    if "word_count" in articles:
        wc = articles["word_count"].to_numpy(dtype=float)
    else:
        wc = np.array([float(count_words(t)) for t in articles["text"].fillna("")])
    m[:, col_at["word_count"]] = wc
    with np.errstate(divide="ignore"):
        per_k = np.where(wc > 0, 1000.0 / np.where(wc > 0, wc, 1.0), np.nan)
    int_cols = []

    if len(sentences):
        g = sentences.groupby("article_id")
        n_sentences = g.size().reindex(ids, fill_value=0).to_numpy()
        m[:, col_at["n_sentences"]] = n_sentences
        int_cols.append("n_sentences")
        m[:, col_at["compound.mean"]] = g["compound"].mean().reindex(ids).to_numpy()
        if readability is not None and len(set(ids)) == len(ids):
            flesch = [_flesch(*readability.get(i, (0, 0)), int(n))
                      for i, n in zip(ids, n_sentences)]
        else:
            joined = g["text"].agg(" ".join).reindex(ids, fill_value="")
            flesch = [flesch_reading_ease(t, int(n)) for t, n in zip(joined, n_sentences)]
        m[:, col_at["flesch_reading_ease"]] = flesch
    else:
        m[:, col_at["compound.mean"]] = np.nan
        m[:, col_at["flesch_reading_ease"]] = np.nan

    if len(spans):
        # Spans counted per (article, device, category, voice) (see _span_counts),
        # then each distinct key (~2 spans in 5) spelled as its columns. The sums go
        # in a plain dict: indexing a Counter (a dict subclass) goes through generic
        # __getitem__/__setitem__ method calls, ~10 times the cost.
        counts: dict = {}
        for aid, device, cat, voice, n in _span_counts(spans):
            voice = "author" if voice == "author" else "quoted"
            key = (aid, f"rate.{device}.{voice}")
            counts[key] = counts.get(key, 0) + n
            if isinstance(cat, str) and cat:
                key = (aid, f"rate.{device}/{cat}.{voice}")
                counts[key] = counts.get(key, 0) + n
        _put_counts(m, ids, col_at, counts)
    rate = [j for c, j in col_at.items() if c.startswith("rate.")]
    scaled = m[:, rate] * per_k[:, None]
    m[:, rate] = np.where(np.isnan(scaled), 0.0, scaled)

    if len(quotes):
        quote_ids = quotes["article_id"].tolist()
        per_article = Counter(quote_ids)   # a count needs no group-by
        m[:, col_at["n_quotes"]] = [per_article.get(i, 0) for i in ids]
        int_cols.append("n_quotes")
        _put_counts(m, ids, col_at, Counter(
            (aid, f"sources.{g}" if isinstance(g, str) and g else "sources.unknown")
            for aid, g in zip(quote_ids, quotes["speaker_group"].tolist())))

    m[:, [j for c, j in col_at.items() if c.startswith("sentiment.")]] = np.nan
    if len(sentences):
        _put_counts(m, ids, col_at, _actor_means(sentences))

    feats = pd.DataFrame(m, columns=cols)
    for col in int_cols:   # counts stay integers, as in the articles table
        feats[col] = feats[col].astype("int64")
    meta = pd.DataFrame({"article_id": ids})
    for col in ("outlet", "event"):
        if col in articles:
            meta[col] = articles[col].to_numpy()
    return pd.concat([meta, feats], axis=1)


_SPAN_KEYS = ["article_id", "device", "category", "voice"]


def _span_counts(spans: pd.DataFrame):
    """``(article_id, device, category, voice, n)`` for each distinct such key of
    ``spans`` (a missing value as None), ``n`` its spans.

    Counted by pyarrow's group-by on the columns as they are (the scorer's string
    columns are pyarrow-backed): only the ~2 in 5 distinct keys become Python
    strings, not every span's four values (``tolist``, then a Counter of tuples).
    """
    counted = pa.Table.from_pandas(spans[_SPAN_KEYS], preserve_index=False).group_by(
        _SPAN_KEYS, use_threads=False).aggregate([([], "count_all")]).to_pydict()
    return zip(*(counted[c] for c in _SPAN_KEYS), counted["count_all"])


def _actor_means(sentences: pd.DataFrame) -> dict:
    """``{(article_id, "sentiment.<actor>.<voice>"): mean compound}``: the means of
    :func:`framing.sentiment.actor_sentiment`, one cell each.

    The sentences naming actors are picked out and split into (article, actor, voice)
    rows in plain Python; only the means go through pandas' group-by, so they are
    the very numbers ``actor_sentiment`` computes (same values, same order in each
    group), without its frame copies and explode.
    """
    from .sentiment import _as_list

    aids, actors, voices, values = [], [], [], []
    named_by = sentences["actors"].tolist()
    # Most sentences name no actor: compress() drops their "" in C.
    rows = zip(*(sentences[c].tolist() for c in ("article_id", "voice", "compound")),
               named_by)
    for aid, voice, compound, named in compress(rows, map(ne, named_by, repeat(""))):
        voice = "author" if voice == "author" else "quoted"   # mixed counts as quoted
        for actor in _as_list(named):
            if not isinstance(actor, str) and pd.isna(actor) or actor == "":
                continue
            aids.append(aid)
            actors.append(actor)
            voices.append(voice)
            values.append(compound)
    if not values:
        return {}
    means = pd.DataFrame({"article_id": aids, "actor": actors, "voice": voices,
                          "compound": values}).groupby(
        ["article_id", "actor", "voice"], observed=True)["compound"].mean()
    return {(aid, f"sentiment.{actor}.{voice}"): mean
            for (aid, actor, voice), mean in means.items()}


def _put_counts(m: np.ndarray, ids: list[str], col_at: dict, counts: Mapping) -> None:
    """Put ``{(article_id, column): value}`` (counts, or actor sentiment means) into the
    rows and columns of ``m`` (its other cells stay as they are). Plain Python: a chunk
    has a few thousand spans, and pandas' group-by, unstack and reindex cost more
    than counting them."""
    rows: dict = {}
    for r, aid in enumerate(ids):
        rows.setdefault(aid, []).append(r)
    for (aid, col), n in counts.items():
        j = col_at.get(col)
        if j is not None:
            for r in rows.get(aid, ()):
                m[r, j] = n
