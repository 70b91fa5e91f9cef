"""Outlet profiles: device rates, source balance and sentiment toward actors.

Every figure here is computed over *independent* articles (syndicated copies are
dropped before this module sees the tables), carries the number of articles behind
it, and a ``small_sample`` flag when that number is below ``min_articles``.

Intervals are 95% percentile bootstrap intervals (:func:`.stats.bootstrap_ratio`):
the articles of one outlet (or one outlet within one event) are resampled with
replacement, and the ratio of sums is recomputed — rate = 1,000 × devices / words,
share = quoted words of a group / all quoted words, sentiment = sum of sentence
compound scores / number of sentences. With a single article there is nothing to
resample and the interval is NaN.

Examples
--------
>>> import framing                                                      # doctest: +SKIP
>>> c = framing.compare(framing.score(framing.load_corpus("seeds")))    # doctest: +SKIP
>>> c.profiles.query("device == 'loaded term' and category == 'all'")   # doctest: +SKIP
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from ..sentiment import actor_sentiment
from ..text import count_words, word_spans
from .stats import bootstrap_ratio, colsum

__all__ = ["device_profiles", "source_balance", "own_quotes", "actor_sentiment_table",
           "device_counts", "quote_counts", "sentiment_sums", "sample_note", "ALL"]

ALL = "all"  # category / voice value of a row that sums over categories / voices


def sample_note(n: int, min_articles: int) -> str:
    """The warning that goes with a figure backed by ``n`` articles.

    >>> sample_note(1, 5)
    'single-article profile — not a pattern'
    """
    if n <= 0:
        return "no independent articles"
    if n == 1:
        return "single-article profile — not a pattern"
    if n < min_articles:
        return f"only {n} articles — too few for a stable rate"
    return ""


def _grouped(articles: pd.DataFrame, by: list[str], num, den, keys: pd.DataFrame, *,
             n_boot: int, seed: int, level: float, min_articles: int, scale: float = 1.0,
             den_of_key=None) -> pd.DataFrame:
    """Bootstrap ``num / den`` in every group of ``articles``; one long table.

    ``num`` (sparse, articles × keys) and ``den`` (articles, or articles × columns
    picked per key by ``den_of_key``) have one row per article, in ``articles``
    order. Groups are resampled one at a time, so memory follows the largest group.
    """
    pos = articles.groupby(by, sort=True).indices
    pick = slice(None) if den_of_key is None else np.asarray(den_of_key)
    blocks = []
    for i, (key, rows) in enumerate(pos.items()):
        key = key if isinstance(key, tuple) else (key,)
        n_g, d = num[rows], den[rows]
        est, low, high = bootstrap_ratio(n_g, d, n_boot=n_boot, seed=seed + i, level=level,
                                         scale=scale, den_of_key=den_of_key)
        if d.ndim == 2:
            d_sum, units = colsum(d)[pick], colsum(d > 0)[pick]
        else:
            d_sum, units = np.full(num.shape[1], d.sum()), colsum(n_g != 0)
        blocks.append((key, len(rows), est, low, high, colsum(n_g), d_sum, units))
    k = len(keys)
    out = pd.concat([keys] * len(blocks), ignore_index=True)
    for j, col in enumerate(by):
        out.insert(j, col, np.repeat([b[0][j] for b in blocks], k))
    for name, idx in (("est", 2), ("low", 3), ("high", 4), ("num", 5), ("den", 6),
                      ("units", 7)):
        out[name] = np.concatenate([b[idx] for b in blocks]) if blocks else []
    out["n_articles"] = np.repeat([b[1] for b in blocks], k)
    return out


def _wide(long: pd.DataFrame, ids: list, keys: pd.DataFrame, value: str):
    """Sparse articles × keys matrix of ``long[value]``, rows in ``ids`` order."""
    row = pd.Index(ids).get_indexer(long["article_id"])
    col = pd.MultiIndex.from_frame(keys).get_indexer(
        pd.MultiIndex.from_frame(long[list(keys.columns)]))
    ok = (row >= 0) & (col >= 0)
    return sparse.csr_matrix((long[value].to_numpy(dtype=float)[ok], (row[ok], col[ok])),
                             shape=(len(ids), len(keys)))


def _keys(long: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """The distinct ``cols`` of ``long``, sorted (the columns a pivot would have)."""
    return (long[cols].drop_duplicates().sort_values(cols, kind="stable")
            .reset_index(drop=True))


def _flag(df: pd.DataFrame, n: pd.Series, min_articles: int) -> pd.DataFrame:
    df["small_sample"] = (n < min_articles).to_numpy()
    notes = {v: sample_note(int(v), min_articles) for v in pd.unique(n)}
    df["note"] = n.map(notes).to_numpy()
    return df


def _voice(values: pd.Series) -> np.ndarray:
    # Everything that is not the outlet's own voice (quoted, mixed) belongs to a
    # speaker: see DESIGN.md "Voice is essential".
    return np.where(values == "author", "author", "quoted")


def device_counts(spans: pd.DataFrame) -> pd.DataFrame:
    """Spans counted per article, device, category and voice (with ``all`` totals).

    Article by article, so a corpus too large for memory is counted part by part
    and the parts concatenated (:mod:`framing.compare.folder`).

    Returns
    -------
    pandas.DataFrame
        ``article_id, device, category, voice, count``; ``category``/``voice`` ``all``
        rows sum over categories / voices.
    """
    cols = ["article_id", "device", "category", "voice", "count"]
    if spans is None or spans.empty:
        return pd.DataFrame(columns=cols)
    sp = spans
    v = _voice(sp["voice"])
    cat = sp["category"].fillna("").astype(str)
    has = (cat != "").to_numpy()
    parts = []
    for voice in (v, np.full(len(sp), ALL)):
        parts.append(pd.DataFrame({"article_id": sp["article_id"], "device": sp["device"],
                                   "category": ALL, "voice": voice}))
        parts.append(pd.DataFrame({"article_id": sp["article_id"][has],
                                   "device": sp["device"][has], "category": cat[has],
                                   "voice": voice[has]}))
    long = pd.concat(parts, ignore_index=True)
    return long.groupby(cols[:-1], sort=True).size().rename("count").reset_index()


def device_profiles(articles: pd.DataFrame, spans: pd.DataFrame | None = None, *,
                    counts: pd.DataFrame | None = None, by=("outlet",),
                    min_articles: int = 5, n_boot: int = 1000, seed: int = 0,
                    level: float = 0.95) -> pd.DataFrame:
    """Rate per 1,000 words of every device and category, by voice, per group.

    Parameters
    ----------
    articles : pandas.DataFrame
        Independent articles: ``article_id, word_count`` and the ``by`` columns.
    spans : pandas.DataFrame
        The ``spans`` table (``article_id, device, category, voice``).
    counts : pandas.DataFrame, optional
        :func:`device_counts` of the spans, instead of ``spans``.
    by : sequence of str
        ``("outlet",)`` for corpus-wide profiles, ``("event", "outlet")`` within events.

    Returns
    -------
    pandas.DataFrame
        ``*by, device, category, voice, rate, low, high, count, words, n_articles,
        small_sample, note``. ``category == "all"`` sums a device's categories and
        ``voice == "all"`` both voices; the denominator is always the article's
        total word count, so author + quoted = all.
    """
    by = list(by)
    cols = by + ["device", "category", "voice", "rate", "low", "high", "count", "words",
                 "n_articles", "small_sample", "note"]
    ids = articles["article_id"].tolist()
    long = device_counts(spans) if counts is None else counts
    long = long[long["article_id"].isin(ids)]
    if long.empty or not ids:
        return pd.DataFrame(columns=cols)
    # Every (device, category) in both voices, so a zero is a row, not a gap.
    pairs = _keys(long, ["device", "category"])
    full = pd.DataFrame([(d, c, vv) for d, c in pairs.itertuples(index=False, name=None)
                         for vv in ("author", "quoted", ALL)],
                        columns=["device", "category", "voice"])
    words = articles["word_count"].to_numpy(dtype=float)
    g = _grouped(articles, by, _wide(long, ids, full, "count"), words, full,
                 n_boot=n_boot, seed=seed, level=level, min_articles=min_articles,
                 scale=1000.0)
    g = g.rename(columns={"est": "rate"})
    g["count"] = g["num"].astype(int)
    g["words"] = g["den"].astype(int)
    return _flag(g, g["n_articles"], min_articles)[cols]


def own_quotes(quotes: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """One row per utterance, with the words that are really that speaker's.

    The quotes table nests: a reported-speech span can hold a direct quotation
    ("the White House said drills are more "escalatory""), and two rows of one
    speaker group then describe one utterance. A quote inside another quote of the
    same article and speaker group is dropped; each word goes to the innermost
    remaining quote that covers it, so a correspondent relaying an official is
    credited only with the words that are not the official's.
    """
    q = quotes.assign(speaker_group=quotes["speaker_group"].fillna("").replace("", "unknown"))
    q = q.sort_values(["article_id", "start", "end"], ascending=[True, True, False])
    keep, words_of = [], []
    for aid, g in q.groupby("article_id", sort=False):
        text = texts.get(aid)
        st, en, grp = g["start"].to_numpy(), g["end"].to_numpy(), g["speaker_group"].to_numpy()
        n = len(g)
        same = grp[:, None] == grp[None, :]
        contains = (st[None, :] <= st[:, None]) & (en[:, None] <= en[None, :])  # j holds i
        larger = (en - st)[None, :] > (en - st)[:, None]
        earlier_twin = np.tril(np.ones((n, n), dtype=bool), -1)  # identical spans: keep first
        dup = (same & contains & (larger | earlier_twin)).any(1)
        rows = np.flatnonzero(~dup)
        if text is None:
            counts = [count_words(t) for t in g["text"].iloc[rows].fillna("").astype(str)]
        else:
            # Each word goes to the innermost quote covering it: paint the quotes
            # from the longest to the shortest, so inner ones overwrite outer ones.
            starts = np.array([a for a, _ in word_spans(text, int(st[rows].min()),
                                                        int(en[rows].max()))], dtype=np.int64)
            owner = np.full(len(starts), -1)
            for r in sorted(range(len(rows)), key=lambda r: -(en[rows[r]] - st[rows[r]])):
                lo, hi = np.searchsorted(starts, [st[rows[r]], en[rows[r]]])
                owner[lo:hi] = r
            counts = np.bincount(owner[owner >= 0], minlength=len(rows))
        keep.extend(g.index[rows])
        words_of.extend(counts)
    return q.loc[keep].assign(words=words_of)


def quote_counts(quotes: pd.DataFrame, texts: dict[str, str] | None = None) -> pd.DataFrame:
    """Utterances and their own words per article and speaker group.

    ``quotes`` already passed through :func:`own_quotes` (a ``words`` column), or the
    raw table and the articles' ``texts`` to pass it through.

    Returns
    -------
    pandas.DataFrame
        ``article_id, speaker_group, words, quotes``.
    """
    cols = ["article_id", "speaker_group", "words", "quotes"]
    if quotes is None or quotes.empty:
        return pd.DataFrame(columns=cols)
    q = quotes if "words" in quotes else own_quotes(quotes, texts or {})
    return (q.groupby(["article_id", "speaker_group"], sort=True)["words"]
             .agg(words="sum", quotes="size").reset_index()[cols])


def source_balance(articles: pd.DataFrame, quotes: pd.DataFrame | None = None, *,
                   counts: pd.DataFrame | None = None, by=("outlet",),
                   min_articles: int = 5, n_boot: int = 1000, seed: int = 0,
                   level: float = 0.95) -> pd.DataFrame:
    """Whose voices each outlet quotes: quotations and quoted words per speaker group.

    ``counts`` (:func:`quote_counts`) may be given instead of ``quotes``.

    Returns
    -------
    pandas.DataFrame
        ``*by, speaker_group, quotes, quoted_words, share`` (of the group's quoted
        words in all quoted words), ``low, high`` (bootstrap over articles),
        ``quote_share`` (share of quotations), ``n_articles, small_sample, note``.
        A speaker without a group is ``unknown``. Nested quotations are counted
        once and each quoted word once (see :func:`own_quotes`).
    """
    by = list(by)
    cols = by + ["speaker_group", "quotes", "quoted_words", "share", "low", "high",
                 "quote_share", "n_articles", "small_sample", "note"]
    ids = articles["article_id"].tolist()
    if counts is None:
        q = quotes[quotes["article_id"].isin(ids)] if quotes is not None and len(quotes) \
            else quotes
        texts = dict(zip(articles["article_id"], articles["text"].fillna("").astype(str))) \
            if "text" in articles else {}
        counts = quote_counts(q, texts)
    c = counts[counts["article_id"].isin(ids)]
    if c.empty:
        return pd.DataFrame(columns=cols)
    groups = _keys(c, ["speaker_group"])
    w = _wide(c, ids, groups, "words")
    n = _wide(c, ids, groups, "quotes")
    k = len(groups)
    totals = np.column_stack([colsum(w.T), colsum(n.T)])
    g = _grouped(articles, by, sparse.hstack([w, n]).tocsr(), totals,
                 pd.DataFrame({"speaker_group": list(groups["speaker_group"]) * 2,
                               "_part": ["words"] * k + ["quotes"] * k}),
                 n_boot=n_boot, seed=seed, level=level, min_articles=min_articles,
                 den_of_key=[0] * k + [1] * k)
    words_part = g[g["_part"] == "words"].reset_index(drop=True)
    quotes_part = g[g["_part"] == "quotes"].reset_index(drop=True)
    out = words_part.rename(columns={"est": "share"})
    out["quoted_words"] = words_part["num"].astype(int)
    out["quotes"] = quotes_part["num"].astype(int)
    out["quote_share"] = quotes_part["est"]
    return _flag(out, out["n_articles"], min_articles)[cols]


def sentiment_sums(sentences: pd.DataFrame) -> pd.DataFrame:
    """Summed compound score and sentences per article, actor and voice.

    Returns
    -------
    pandas.DataFrame
        ``article_id, actor, voice, total, n_sentences``.
    """
    cols = ["article_id", "actor", "voice", "total", "n_sentences"]
    per = actor_sentiment(sentences) if sentences is not None and len(sentences) \
        else pd.DataFrame()
    if per.empty:
        return pd.DataFrame(columns=cols)
    return per.assign(total=per["mean"] * per["n_sentences"])[cols]


def actor_sentiment_table(articles: pd.DataFrame, sentences: pd.DataFrame | None = None, *,
                          sums: pd.DataFrame | None = None, by=("outlet",),
                          min_articles: int = 5, n_boot: int = 1000, seed: int = 0,
                          level: float = 0.95) -> pd.DataFrame:
    """Mean VADER compound of the sentences naming each actor, per group and voice.

    ``sums`` (:func:`sentiment_sums`) may be given instead of ``sentences``.

    Returns
    -------
    pandas.DataFrame
        ``*by, actor, voice, mean, low, high, n_sentences, n_articles`` (articles that
        name the actor in that voice), ``small_sample, note``.
    """
    by = list(by)
    cols = by + ["actor", "voice", "mean", "low", "high", "n_sentences", "n_articles",
                 "small_sample", "note"]
    ids = articles["article_id"].tolist()
    if sums is None:
        s = sentences[sentences["article_id"].isin(ids)] if sentences is not None and \
            len(sentences) else sentences
        sums = sentiment_sums(s)
    per = sums[sums["article_id"].isin(ids)]
    if per.empty:
        return pd.DataFrame(columns=cols)
    keys = _keys(per, ["actor", "voice"])
    g = _grouped(articles, by, _wide(per, ids, keys, "total"),
                 _wide(per, ids, keys, "n_sentences"), keys, n_boot=n_boot, seed=seed,
                 level=level, min_articles=min_articles)
    g = g.rename(columns={"est": "mean"})
    g["n_sentences"] = g["den"].astype(int)
    # The number of articles behind a figure is the number that name the actor, and
    # an interval needs two of them.
    g["n_articles"] = g["units"].astype(int)
    g.loc[g["n_articles"] < 2, ["low", "high"]] = np.nan
    g = g[g["n_sentences"] > 0].reset_index(drop=True)
    return _flag(g, g["n_articles"], min_articles)[cols]
