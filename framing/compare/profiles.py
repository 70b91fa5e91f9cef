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

__all__ = ["device_profiles", "source_balance", "actor_sentiment_table", "sample_note",
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


def _groups(articles: pd.DataFrame, by: list[str]):
    """(key dict, article ids) per group, in a stable order."""
    for key, g in articles.groupby(by, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        yield dict(zip(by, key)), g["article_id"].tolist()


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
    words = articles.set_index("article_id")["word_count"].astype(float)
    out = []
    for i, (key, members) in enumerate(_groups(articles, by)):
        c = counts.loc[members].to_numpy(dtype=float)
        w = words.loc[members].to_numpy()
        est, low, high = bootstrap_ratio(c, w, n_boot=n_boot, seed=seed + i, level=level,
                                         scale=1000.0)
        df = full.to_frame(index=False)
        for k in reversed(by):
            df.insert(0, k, key[k])
        df["rate"], df["low"], df["high"] = est, low, high
        df["count"] = c.sum(0).astype(int)
        df["words"] = int(w.sum())
        df["n_articles"] = len(members)
        df["small_sample"] = len(members) < min_articles
        df["note"] = sample_note(len(members), min_articles)
        out.append(df)
    return pd.concat(out, ignore_index=True)[cols]


def _own_quotes(quotes: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
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
        counts = np.zeros(len(rows), dtype=int)
        if text is None:
            counts = [count_words(t) for t in g["text"].iloc[rows].fillna("").astype(str)]
        else:
            length = en[rows] - st[rows]
            for ws, _we in word_spans(text, int(st[rows].min()), int(en[rows].max())):
                cover = np.flatnonzero((st[rows] <= ws) & (ws < en[rows]))
                if len(cover):
                    counts[cover[np.argmin(length[cover])]] += 1
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
        once and each quoted word once (see :func:`_own_quotes`).
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
    q = _own_quotes(q, texts)
    wide_w = q.pivot_table(index="article_id", columns="speaker_group", values="words",
                           aggfunc="sum", fill_value=0).reindex(ids, fill_value=0)
    wide_n = q.pivot_table(index="article_id", columns="speaker_group", values="words",
                           aggfunc="size", fill_value=0).reindex(ids, fill_value=0)
    wide_n = wide_n.reindex(columns=wide_w.columns, fill_value=0)
    out = []
    for i, (key, members) in enumerate(_groups(articles, by)):
        w = wide_w.loc[members].to_numpy(dtype=float)
        share, low, high = bootstrap_ratio(w, w.sum(1), n_boot=n_boot, seed=seed + i,
                                           level=level)
        n = wide_n.loc[members].to_numpy(dtype=float).sum(0)
        df = pd.DataFrame({"speaker_group": wide_w.columns, "quotes": n.astype(int),
                           "quoted_words": w.sum(0).astype(int), "share": share,
                           "low": low, "high": high,
                           "quote_share": n / n.sum() if n.sum() else np.nan})
        for k in reversed(by):
            df.insert(0, k, key[k])
        df["n_articles"] = len(members)
        df["small_sample"] = len(members) < min_articles
        df["note"] = sample_note(len(members), min_articles)
        out.append(df)
    return pd.concat(out, ignore_index=True)[cols]


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
    out = []
    for i, (key, members) in enumerate(_groups(articles, by)):
        t = tot.loc[members].to_numpy(dtype=float)
        n = cnt.loc[members].to_numpy(dtype=float)
        mean, low, high = bootstrap_ratio(t, n, n_boot=n_boot, seed=seed + i, level=level)
        n_art = (n > 0).sum(0)
        # The interval needs two articles that actually name the actor.
        low = np.where(n_art >= 2, low, np.nan)
        high = np.where(n_art >= 2, high, np.nan)
        df = tot.columns.to_frame(index=False)
        for k in reversed(by):
            df.insert(0, k, key[k])
        df["mean"], df["low"], df["high"] = mean, low, high
        df["n_sentences"] = n.sum(0).astype(int)
        df["n_articles"] = n_art
        df["small_sample"] = n_art < min_articles
        df["note"] = [sample_note(int(k), min_articles) for k in n_art]
        out.append(df[df["n_sentences"] > 0])
    return pd.concat(out, ignore_index=True)[cols]
