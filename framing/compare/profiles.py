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

from ..sentiment import actor_sentiment
from ..text import count_words, word_spans
from .stats import bootstrap_ratio

__all__ = ["device_profiles", "source_balance", "own_quotes", "actor_sentiment_table", "sample_note",
           "ALL"]

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


def _grouped(articles: pd.DataFrame, by: list[str], num: np.ndarray, den: np.ndarray,
             keys: pd.DataFrame, *, n_boot: int, seed: int, level: float,
             min_articles: int, scale: float = 1.0, min_units=None) -> pd.DataFrame:
    """Bootstrap ``num / den`` in every group of ``articles``; one long table.

    ``num`` (and ``den`` when 2-D) have one row per article, in ``articles`` order,
    and one column per row of ``keys``. Built with numpy and assembled once, because
    a corpus split by event × outlet has hundreds of groups.
    """
    pos = articles.groupby(by, sort=True).indices
    blocks = []
    for i, (key, rows) in enumerate(pos.items()):
        key = key if isinstance(key, tuple) else (key,)
        est, low, high = bootstrap_ratio(num[rows], den[rows], n_boot=n_boot, seed=seed + i,
                                         level=level, scale=scale)
        d = den[rows]
        blocks.append((key, len(rows), est, low, high, num[rows].sum(0),
                       d.sum(0) if d.ndim == 2 else np.full(num.shape[1], d.sum()),
                       (num[rows] != 0).sum(0) if d.ndim == 1 else (d > 0).sum(0)))
    k = len(keys)
    out = pd.concat([keys] * len(blocks), ignore_index=True)
    for j, col in enumerate(by):
        out.insert(j, col, np.repeat([b[0][j] for b in blocks], k))
    for name, idx in (("est", 2), ("low", 3), ("high", 4), ("num", 5), ("den", 6),
                      ("units", 7)):
        out[name] = np.concatenate([b[idx] for b in blocks]) if blocks else []
    out["n_articles"] = np.repeat([b[1] for b in blocks], k)
    return out


def _flag(df: pd.DataFrame, n: pd.Series, min_articles: int) -> pd.DataFrame:
    df["small_sample"] = (n < min_articles).to_numpy()
    notes = {v: sample_note(int(v), min_articles) for v in pd.unique(n)}
    df["note"] = n.map(notes).to_numpy()
    return df


def _voice(values: pd.Series) -> np.ndarray:
    # Everything that is not the outlet's own voice (quoted, mixed) belongs to a
    # speaker: see DESIGN.md "Voice is essential".
    return np.where(values == "author", "author", "quoted")


def device_profiles(articles: pd.DataFrame, spans: pd.DataFrame, *, by=("outlet",),
                    min_articles: int = 5, n_boot: int = 1000, seed: int = 0,
                    level: float = 0.95) -> pd.DataFrame:
    """Rate per 1,000 words of every device and category, by voice, per group.

    Parameters
    ----------
    articles : pandas.DataFrame
        Independent articles: ``article_id, word_count`` and the ``by`` columns.
    spans : pandas.DataFrame
        The ``spans`` table (``article_id, device, category, voice``).
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
    sp = spans[spans["article_id"].isin(ids)]
    if sp.empty or not ids:
        return pd.DataFrame(columns=cols)
    v = _voice(sp["voice"])
    cat = sp["category"].fillna("").astype(str)
    parts = []
    for voice in (v, np.full(len(sp), ALL)):
        parts.append(pd.DataFrame({"article_id": sp["article_id"], "device": sp["device"],
                                   "category": ALL, "voice": voice}))
        has = (cat != "").to_numpy()
        parts.append(pd.DataFrame({"article_id": sp["article_id"][has],
                                   "device": sp["device"][has], "category": cat[has],
                                   "voice": voice[has]}))
    long = pd.concat(parts, ignore_index=True)
    counts = (long.groupby(["article_id", "device", "category", "voice"]).size()
                  .unstack(["device", "category", "voice"], fill_value=0)
                  .reindex(ids, fill_value=0).sort_index(axis=1))
    # Every (device, category) in both voices, so a zero is a row, not a gap.
    keys = counts.columns.to_frame(index=False)[["device", "category"]].drop_duplicates()
    full = pd.MultiIndex.from_tuples(
        [(d, c, vv) for d, c in keys.itertuples(index=False, name=None)
         for vv in ("author", "quoted", ALL)], names=["device", "category", "voice"])
    counts = counts.reindex(columns=full, fill_value=0)
    words = articles["word_count"].to_numpy(dtype=float)
    g = _grouped(articles, by, counts.to_numpy(dtype=float), words, full.to_frame(index=False),
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


def source_balance(articles: pd.DataFrame, quotes: pd.DataFrame, *, by=("outlet",),
                   min_articles: int = 5, n_boot: int = 1000, seed: int = 0,
                   level: float = 0.95) -> pd.DataFrame:
    """Whose voices each outlet quotes: quotations and quoted words per speaker group.

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
    q = quotes[quotes["article_id"].isin(ids)] if len(quotes) else quotes
    if q is None or q.empty:
        return pd.DataFrame(columns=cols)
    texts = dict(zip(articles["article_id"], articles["text"].fillna("").astype(str))) \
        if "text" in articles else {}
    if "words" not in q:  # compare() passes quotes already through own_quotes()
        q = own_quotes(q, texts)
    wide_w = q.pivot_table(index="article_id", columns="speaker_group", values="words",
                           aggfunc="sum", fill_value=0).reindex(ids, fill_value=0)
    wide_n = q.pivot_table(index="article_id", columns="speaker_group", values="words",
                           aggfunc="size", fill_value=0).reindex(ids, fill_value=0)
    wide_n = wide_n.reindex(columns=wide_w.columns, fill_value=0)
    w = wide_w.to_numpy(dtype=float)
    g = _grouped(articles, by, np.hstack([w, wide_n.to_numpy(dtype=float)]),
                 np.hstack([np.repeat(w.sum(1, keepdims=True), w.shape[1], 1),
                            np.repeat(wide_n.to_numpy(dtype=float).sum(1, keepdims=True),
                                      w.shape[1], 1)]),
                 pd.DataFrame({"speaker_group": list(wide_w.columns) * 2,
                               "_part": ["words"] * w.shape[1] + ["quotes"] * w.shape[1]}),
                 n_boot=n_boot, seed=seed, level=level, min_articles=min_articles)
    words_part = g[g["_part"] == "words"].reset_index(drop=True)
    quotes_part = g[g["_part"] == "quotes"].reset_index(drop=True)
    out = words_part.rename(columns={"est": "share"})
    out["quoted_words"] = words_part["num"].astype(int)
    out["quotes"] = quotes_part["num"].astype(int)
    out["quote_share"] = quotes_part["est"]
    return _flag(out, out["n_articles"], min_articles)[cols]


def actor_sentiment_table(articles: pd.DataFrame, sentences: pd.DataFrame, *,
                          by=("outlet",), min_articles: int = 5, n_boot: int = 1000,
                          seed: int = 0, level: float = 0.95) -> pd.DataFrame:
    """Mean VADER compound of the sentences naming each actor, per group and voice.

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
    s = sentences[sentences["article_id"].isin(ids)] if len(sentences) else sentences
    per = actor_sentiment(s) if s is not None and len(s) else pd.DataFrame()
    if per.empty:
        return pd.DataFrame(columns=cols)
    per = per.assign(total=per["mean"] * per["n_sentences"])
    tot = per.pivot_table(index="article_id", columns=["actor", "voice"], values="total",
                          aggfunc="sum", fill_value=0.0).reindex(ids, fill_value=0.0)
    cnt = per.pivot_table(index="article_id", columns=["actor", "voice"],
                          values="n_sentences", aggfunc="sum", fill_value=0)
    cnt = cnt.reindex(index=ids, columns=tot.columns, fill_value=0)
    g = _grouped(articles, by, tot.to_numpy(dtype=float), cnt.to_numpy(dtype=float),
                 tot.columns.to_frame(index=False), n_boot=n_boot, seed=seed, level=level,
                 min_articles=min_articles)
    g = g.rename(columns={"est": "mean"})
    g["n_sentences"] = g["den"].astype(int)
    # The number of articles behind a figure is the number that name the actor, and
    # an interval needs two of them.
    g["n_articles"] = g["units"].astype(int)
    g.loc[g["n_articles"] < 2, ["low", "high"]] = np.nan
    g = g[g["n_sentences"] > 0].reset_index(drop=True)
    return _flag(g, g["n_articles"], min_articles)[cols]
