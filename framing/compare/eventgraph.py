"""The sparse machinery behind :func:`framing.compare.events.assign_events`.

Average linkage merges two clusters only when their average distance is below the
cut-off, so at least one pair across them must be below it. Clusters therefore never
cross the connected components of the graph whose edges are the pairs closer than the
cut-off, and clustering each component on its own gives exactly the clusters of one
clustering of everything. The graph is found from sparse TF-IDF products taken block
by block: dated articles only against articles within the date window, undated ones
against all. Only a component is ever held as a dense matrix.

Examples
--------
>>> import numpy as np, pandas as pd, scipy.sparse as sp
>>> X = sp.csr_matrix(np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]))
>>> dates = pd.Series(pd.to_datetime(["2022-02-10", "2022-02-11", "2022-02-10"]))
>>> link_components(X, dates, min_similarity=0.7, undated_min_similarity=0.9,
...                 window_days=4.0).tolist()
[0, 0, 1]
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import scipy.sparse as sp

__all__ = ["distances", "link_components", "cluster_pool", "tfidf_from_counts",
           "top_terms", "FAR"]

# Distance used for pairs that may never share an event (dates too far apart).
FAR = 10.0
# Pairs per sparse product block: bounds the memory of one block (~12 bytes a pair).
BLOCK_PAIRS = 2_000_000
# Edges are kept a hair above the cut-off: an extra edge only makes a component
# bigger (still exact), a missing one would split a cluster.
_EPS = 1e-9


def distances(X, dates: pd.Series, *, min_similarity: float,
              undated_min_similarity: float, window_days: float) -> np.ndarray:
    """Dense distance matrix of the rows of ``X`` (the old, exact definition).

    Cosine distance; plus ``undated_min_similarity - min_similarity`` when either date
    is missing; :data:`FAR` when both are dated and more than ``window_days`` apart.
    """
    from sklearn.metrics.pairwise import cosine_similarity

    dist = 1.0 - cosine_similarity(X)
    days = dates.to_numpy(dtype="datetime64[ns]")
    dated = ~np.isnat(days)
    # Undated pairs get a penalty so that the one cut-off asks them for
    # `undated_min_similarity` instead of `min_similarity`.
    undated_pair = ~(dated[:, None] & dated[None, :])
    dist = dist + np.where(undated_pair, undated_min_similarity - min_similarity, 0.0)
    if dated.any():
        d = days.astype("datetime64[D]").astype("int64").astype(float)
        gap = np.abs(d[:, None] - d[None, :])
        far = dated[:, None] & dated[None, :] & (gap > window_days)
        dist[far] = FAR
    np.fill_diagonal(dist, 0.0)
    return np.clip(dist, 0.0, None)


def tfidf_from_counts(counts) -> tuple[sp.csr_matrix, np.ndarray]:
    """TF-IDF of a count matrix, bit for bit what ``TfidfVectorizer`` gives the texts.

    Returns the matrix over the columns that occur (``TfidfVectorizer`` only knows
    the terms of the texts it is fitted on) and those columns' indices. Within a row
    the vectorizer stores terms in the order the corpus first used them, and the L2
    norm sums in that order; the rows are put in that order so that every float
    matches, which keeps ties between equal weights (and so event names) the same.
    That order is read from the counts: a row of :func:`events.event_term_counts`
    keeps its terms in the order the article first uses them.
    """
    from sklearn.feature_extraction.text import TfidfTransformer

    C = sp.csr_matrix(counts, dtype=np.float64, copy=True)
    C.eliminate_zeros()
    n = C.shape[0]
    # Where each term is first seen, scanning rows in order: its id in the vectorizer.
    cols, first = np.unique(C.indices, return_index=True)
    if not len(cols):
        return sp.csr_matrix((n, 0)), cols
    new_col = np.searchsorted(cols, C.indices)
    row = np.repeat(np.arange(n), np.diff(C.indptr))
    order = np.lexsort((first[new_col], row))
    X = sp.csr_matrix((C.data[order], new_col[order].astype(np.int32), C.indptr),
                      shape=(n, len(cols)))
    return TfidfTransformer(sublinear_tf=True).fit_transform(X), cols


def _edges(S, row_ids: np.ndarray, col_ids: np.ndarray, cut: float, keep=None):
    """Pairs (global ids) of a sparse similarity block above ``cut``."""
    S = S.tocoo()
    hit = S.data > cut
    if keep is not None:
        hit &= keep(S.row, S.col)
    return row_ids[S.row[hit]], col_ids[S.col[hit]]


def link_components(X, dates: pd.Series, *, min_similarity: float,
                    undated_min_similarity: float, window_days: float,
                    block_pairs: int = BLOCK_PAIRS) -> np.ndarray:
    """Component label of each row in the graph of pairs closer than the cut-off.

    The cut-off is ``1 - min_similarity`` on :func:`distances`: a pair of dated rows
    within ``window_days`` is an edge when its cosine similarity exceeds
    ``min_similarity``, a pair with an undated row when it exceeds
    ``undated_min_similarity``. Memory is bounded by ``block_pairs`` pairs at a time.
    """
    from scipy.sparse.csgraph import connected_components

    n = X.shape[0]
    if min(min_similarity, undated_min_similarity) <= _EPS:
        # Pairs with no shared word would be edges too: one component, exact anyway.
        return np.zeros(n, dtype=int)
    X = sp.csr_matrix(X)
    days = dates.to_numpy(dtype="datetime64[ns]")
    dated = ~np.isnat(days)
    src, dst = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)]

    # Undated rows against every row, a few rows at a time.
    undated = np.flatnonzero(~dated)
    everyone, XT = np.arange(n), X.T.tocsr()
    step = max(1, block_pairs // max(n, 1))
    for s in range(0, len(undated), step):
        ids = undated[s:s + step]
        a, b = _edges(X[ids] @ XT, ids, everyone, undated_min_similarity - _EPS)
        src.append(a)
        dst.append(b)

    # Dated rows sorted by day; a block of them only meets the rows up to the window
    # past its last day (earlier pairs were met by earlier blocks).
    order = np.flatnonzero(dated)
    d = days[order].astype("datetime64[D]").astype("int64").astype(float)
    order, d = order[np.argsort(d, kind="stable")], np.sort(d, kind="stable")
    Xd = X[order]
    hi = np.searchsorted(d, d + window_days, side="right")
    longest = math.isqrt(block_pairs) + 1  # a block of k rows costs at least k² pairs
    s = 0
    while s < len(order):
        k = min(len(order) - s, longest)
        cost = np.arange(1, k + 1) * (hi[s:s + k] - s)
        e = s + max(1, int(np.searchsorted(cost, block_pairs, side="right")))
        top = hi[e - 1]
        near = (lambda r, c, s=s: np.abs(d[s + c] - d[s + r]) <= window_days)
        a, b = _edges(Xd[s:e] @ Xd[s:top].T, order[s:e], order[s:top],
                      min_similarity - _EPS, near)
        src.append(a)
        dst.append(b)
        s = e

    src, dst = np.concatenate(src), np.concatenate(dst)
    graph = sp.coo_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def cluster_pool(X, dates: pd.Series, *, min_similarity: float,
                 undated_min_similarity: float, window_days: float) -> np.ndarray:
    """Average-linkage cluster of each row, numbered in order of first row.

    Exactly the clusters of ``AgglomerativeClustering(linkage="average")`` on the
    whole :func:`distances` matrix (up to ties between equal distances), found one
    component of :func:`link_components` at a time.
    """
    from sklearn.cluster import AgglomerativeClustering

    n = X.shape[0]
    opts = dict(min_similarity=min_similarity,
                undated_min_similarity=undated_min_similarity, window_days=window_days)
    comp = link_components(X, dates, **opts) if n > 1 else np.zeros(n, dtype=int)
    labels = np.arange(n)  # singletons are their own cluster, named by their row
    by_comp = np.argsort(comp, kind="stable")
    bounds = np.flatnonzero(np.diff(comp[by_comp])) + 1
    for members in np.split(by_comp, bounds):
        if len(members) < 2:
            continue
        # Members stay in row order, so the dense matrix is the old one's sub-matrix.
        dist = distances(X[members], dates.iloc[members], **opts)
        if len(members) == 2:
            # Most components are pairs; the clustering's one merge, at height
            # dist[0, 1], survives the cut exactly when it is below the cut-off.
            part = np.array([0, 0 if dist[0, 1] < 1.0 - min_similarity else 1])
        else:
            part = AgglomerativeClustering(
                n_clusters=None, metric="precomputed", linkage="average",
                distance_threshold=1.0 - min_similarity).fit_predict(dist)
        for lab in np.unique(part):
            rows = members[part == lab]
            labels[rows] = rows[0]
    # Renumber by first row so that names are given in article order.
    return np.unique(labels, return_inverse=True)[1]


def top_terms(X, rows: np.ndarray, vocab: np.ndarray, k: int = 3) -> list[str]:
    """The ``k`` heaviest terms of the summed rows, as ``np.argsort`` ranked them.

    The old code sorted the dense sum over the whole vocabulary, and its unstable
    sort breaks ties between equal weights its own way. When the top ``k`` weights are
    distinct (and above the next), any sort agrees and only the row's own entries are
    looked at; otherwise the very same dense sort is run, so names never change.
    """
    sub = X[rows]
    cols, where = np.unique(sub.indices, return_inverse=True)
    # In row order from 0.0, as scipy's column sum adds them: bit-equal sums.
    w = np.zeros(len(cols))
    np.add.at(w, where, sub.data)
    pos = w > 0
    cols, w = cols[pos], w[pos]
    if not len(w):
        return []
    head = np.sort(w)[::-1][:k + 1]
    if np.all(np.diff(head) < 0):
        return [vocab[c] for c in cols[np.argsort(-w)[:k]]]
    full = np.zeros(len(vocab))
    full[cols] = w
    return [vocab[i] for i in np.argsort(-full)[:k] if full[i] > 0]
