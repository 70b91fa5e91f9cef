"""Distinctive wording per outlet, and naming choices (Kyiv / Kiev) by outlet.

Distinctive wording is the log-odds ratio with an informative Dirichlet prior of
Monroe, Colaresi & Quinn (2008) (:func:`.stats.log_odds_dirichlet`): each outlet (or
named group of outlets) against all other outlets. Words are the package tokens
(:func:`framing.text.words`), lower-cased; English stop words and bare numbers are
left out because they say more about length than about framing. The prior is the
pooled corpus: ``a_w = prior_scale * y_w`` (the word's count in the whole corpus),
which shrinks rare words toward zero so a word used once by a small outlet is not
"most distinctive". Copies are excluded upstream, so a syndicated text counts once.

Examples
--------
>>> import pandas as pd
>>> arts = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "text": [
...     "Kiev says the invasion continues", "Kiev and the invasion",
...     "Kyiv says the special military operation", "Kyiv and the operation"]})
>>> d = distinctive_terms(arts, top=2)
>>> sorted(d[d.outlet == "A"]["term"].head(2))
['invasion', 'kiev']
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from ..text import words

__all__ = ["distinctive_terms", "naming_table", "word_counts", "merge_word_counts", "WordCounts", "DISTINCTIVE_COLUMNS", "NAMING_COLUMNS"]

DISTINCTIVE_COLUMNS = ["outlet", "kind", "term", "log_odds", "z", "count", "count_rest",
                       "n_articles", "small_sample"]
NAMING_COLUMNS = ["outlet", "concept", "variant", "count", "share", "n_articles",
                  "small_sample"]
_NUMBER = re.compile(r"^[\d.,']+$")


def _tokens(text: str) -> list[str]:
    # The package tokenizer, lower-cased (CountVectorizer lower-cases first); numbers
    # are dropped here because "000" out of "30,000" is not a word anyone chose.
    return [w for w in words(text) if not _NUMBER.match(w)]


@dataclass
class WordCounts:
    """Word counts per outlet: what distinctive wording needs, without the texts.

    ``counts`` is a sparse outlets × words matrix (rows in ``outlets`` order, columns
    in ``vocab`` order, sorted); ``n_articles`` the articles behind each row. Counts of
    several parts of a corpus add up (:func:`merge_word_counts`).
    """

    counts: sparse.csr_matrix
    vocab: np.ndarray
    outlets: list
    n_articles: np.ndarray


def word_counts(articles: pd.DataFrame) -> WordCounts:
    """Count the words of each outlet's articles (``outlet, text``).

    >>> wc = word_counts(pd.DataFrame({"outlet": ["A", "B"], "text": ["Kiev", "Kyiv"]}))
    >>> wc.outlets, wc.vocab.tolist(), wc.counts.toarray().tolist()
    (['A', 'B'], ['kiev', 'kyiv'], [[1, 0], [0, 1]])
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    codes, outlets = pd.factorize(articles["outlet"].astype(str), sort=True)
    n_articles = np.bincount(codes, minlength=len(outlets))
    vec = CountVectorizer(tokenizer=_tokens, token_pattern=None, lowercase=True,
                          stop_words=list(ENGLISH_STOP_WORDS))
    try:
        X = vec.fit_transform(articles["text"].fillna("").astype(str)).tocsr()
    except ValueError:   # no words at all (empty texts, or stop words only)
        return WordCounts(sparse.csr_matrix((len(outlets), 0), dtype=np.int64),
                          np.array([], dtype=object), list(outlets), n_articles)
    member = sparse.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))),
                               shape=(len(outlets), len(codes)))
    return WordCounts((member @ X).astype(np.int64).tocsr(), vec.get_feature_names_out(),
                      list(outlets), n_articles)


def merge_word_counts(parts, *, buffer: int = 5_000_000) -> WordCounts:
    """Add up the :func:`word_counts` of parts of a corpus (any number, streamed).

    The sum is the same as :func:`word_counts` of the whole corpus. Counts are
    folded into the running sum whenever ``buffer`` entries are waiting.
    """
    terms: dict[str, int] = {}
    outlet_index: dict[str, int] = {}
    n_art: dict[int, int] = {}
    rows, cols, vals, held = [], [], [], 0
    total = sparse.csr_matrix((0, 0), dtype=np.int64)

    def compact(total):
        shape = (len(outlet_index), len(terms))
        total = total.copy()
        total.resize(shape)
        return total + sparse.csr_matrix(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
            shape=shape, dtype=np.int64)

    for part in parts:
        o = np.array([outlet_index.setdefault(x, len(outlet_index)) for x in part.outlets],
                     dtype=np.int64)
        t = np.array([terms.setdefault(x, len(terms)) for x in part.vocab], dtype=np.int64)
        for i, n in zip(o, part.n_articles):
            n_art[int(i)] = n_art.get(int(i), 0) + int(n)
        c = part.counts.tocoo()
        rows.append(o[c.row])
        cols.append(t[c.col])
        vals.append(c.data.astype(np.int64))
        held += c.nnz
        if held > buffer:   # fold into the running sum: memory stays ~ outlets × words
            total, rows, cols, vals, held = compact(total), [], [], [], 0
    if vals:
        total = compact(total)
    total.resize((len(outlet_index), len(terms)))
    # Rows and columns in sorted order, as CountVectorizer on the whole corpus has them.
    outlets = sorted(outlet_index)
    vocab = np.array(sorted(terms), dtype=object)
    total = total.tocsr()[[outlet_index[o] for o in outlets]][:, [terms[w] for w in vocab]]
    return WordCounts(total.tocsr(), vocab, outlets,
                      np.array([n_art[outlet_index[o]] for o in outlets], dtype=np.int64))


def distinctive_terms(articles: pd.DataFrame | None = None, *,
                      groups: dict[str, list[str]] | None = None, top: int = 25,
                      prior_scale: float = 1.0, min_count: int = 2, min_articles: int = 5,
                      counts: WordCounts | None = None) -> pd.DataFrame:
    """Most over- and under-used words of each outlet (and group) against the rest.

    Parameters
    ----------
    articles : pandas.DataFrame
        Independent articles: ``outlet, text``.
    groups : dict, optional
        Extra comparisons, ``{"state media": ["RT", "TASS"]}``: the group against
        every outlet outside it (``kind == "group"``).
    top : int
        Keep this many words with the highest and the lowest z per outlet.
    prior_scale : float
        ``a_w = prior_scale * corpus count of w``.
    min_count : int
        Words used fewer times in the whole corpus are not reported.
    min_articles : int
        Below this, ``small_sample`` is True.
    counts : WordCounts, optional
        :func:`word_counts` (or merged parts), instead of ``articles``.

    Returns
    -------
    pandas.DataFrame
        ``outlet, kind, term, log_odds, z, count, count_rest, n_articles,
        small_sample``; sorted by outlet then descending z. |z| > 1.96 is the usual
        reading of "distinctive".
    """
    from .stats import log_odds_dirichlet

    if counts is None:
        if articles is None or articles.empty:
            return pd.DataFrame(columns=DISTINCTIVE_COLUMNS)
        counts = word_counts(articles)
    if not counts.outlets or counts.counts.shape[1] == 0:
        return pd.DataFrame(columns=DISTINCTIVE_COLUMNS)
    X, vocab = counts.counts, counts.vocab
    outlets = np.array(counts.outlets, dtype=object)
    total = np.asarray(X.sum(axis=0)).ravel().astype(float)
    keep = total >= min_count
    prior = prior_scale * total
    comparisons = [(o, "outlet", outlets == o) for o in counts.outlets]
    for name, members in (groups or {}).items():
        comparisons.append((name, "group", np.isin(outlets, list(members))))
    rows = []
    for name, kind, mask in comparisons:
        if mask.all() or not mask.any():
            continue  # an outlet alone in the corpus has no "rest" to differ from
        yi = np.asarray(X[mask].sum(axis=0)).ravel().astype(float)
        yj = total - yi
        if kind == "group":
            # A group is compared with the outlets outside it (not with itself).
            yj = np.asarray(X[~mask].sum(axis=0)).ravel().astype(float)
        delta, z = log_odds_dirichlet(yi, yj, prior)
        idx = np.flatnonzero(keep)
        order = idx[np.argsort(-z[idx], kind="stable")]
        pick = np.unique(np.concatenate([order[:top], order[-top:]])) if len(order) else order
        pick = pick[np.argsort(-z[pick], kind="stable")]
        n = int(counts.n_articles[mask].sum())
        rows.append(pd.DataFrame({"outlet": name, "kind": kind, "term": vocab[pick],
                                  "log_odds": delta[pick], "z": z[pick],
                                  "count": yi[pick].astype(int),
                                  "count_rest": yj[pick].astype(int), "n_articles": n,
                                  "small_sample": n < min_articles}))
    if not rows:
        return pd.DataFrame(columns=DISTINCTIVE_COLUMNS)
    return pd.concat(rows, ignore_index=True)[DISTINCTIVE_COLUMNS]


def naming_table(articles: pd.DataFrame, spans: pd.DataFrame, *,
                 lexicon_entries: pd.DataFrame | None = None,
                 min_articles: int = 5) -> pd.DataFrame:
    """How often each outlet uses each variant of a contested name.

    The variants are the ``naming choice`` spans of the lexicon: ``concept`` is the
    entry's category (what is being named, e.g. the capital of Ukraine) and
    ``variant`` the entry itself. Every variant of a concept gets a row for every
    outlet that uses any variant of it, so a zero (``Kiev: 0``) is visible.

    Returns
    -------
    pandas.DataFrame
        ``outlet, concept, variant, count, share`` (of the concept's mentions in that
        outlet), ``n_articles, small_sample``.
    """
    ids = set(articles["article_id"])
    sp = spans[(spans["device"] == "naming choice") & spans["article_id"].isin(ids)]
    if sp.empty:
        return pd.DataFrame(columns=NAMING_COLUMNS)
    outlet = dict(zip(articles["article_id"], articles["outlet"].astype(str)))
    n_art = articles.groupby("outlet")["article_id"].size()
    concept = sp["category"].fillna("").astype(str)
    variant = sp["entry"].fillna(sp["text"]).astype(str)
    df = pd.DataFrame({"outlet": sp["article_id"].map(outlet),
                       "concept": concept.where(concept != "", variant),
                       "variant": variant})
    counts = df.groupby(["outlet", "concept", "variant"]).size().rename("count")
    variants = df[["concept", "variant"]]
    if lexicon_entries is not None and len(lexicon_entries):
        lex = lexicon_entries[lexicon_entries["device"] == "naming choice"]
        lex = pd.DataFrame({"concept": lex["category"].astype(str),
                            "variant": lex["entry"].astype(str)})
        variants = pd.concat([variants, lex[lex["concept"].isin(df["concept"])]])
    variants = variants.drop_duplicates()
    used = df[["outlet", "concept"]].drop_duplicates()
    grid = used.merge(variants, on="concept")
    grid = grid.merge(counts.reset_index(), on=["outlet", "concept", "variant"], how="left")
    grid["count"] = grid["count"].fillna(0).astype(int)
    grid["share"] = grid["count"] / grid.groupby(["outlet", "concept"])["count"].transform("sum")
    grid["n_articles"] = grid["outlet"].map(n_art).fillna(0).astype(int)
    grid["small_sample"] = grid["n_articles"] < min_articles
    return grid.sort_values(["concept", "outlet", "variant"], ignore_index=True)[NAMING_COLUMNS]
