"""The sparse machinery behind :func:`framing.compare.events.assign_events`.

Average linkage merges two clusters only when their average distance is below the
cut-off, so at least one pair across them must be below it. Clusters therefore never
cross the connected components of the graph whose edges are the pairs closer than the
cut-off, and clustering each component on its own gives exactly the clusters of one
clustering of everything. The graph is found from sparse TF-IDF products taken block
by block: dated articles only against articles within the date window, undated ones
against all, keeping only a spanning forest (:mod:`.eventforest`). A component of up
to ``max_component`` articles is clustered from its dense distance matrix (bit for bit
as before); a larger one by sparse average linkage (:mod:`.eventjoin`), which follows
only linked pairs of clusters. Nothing is ever n × n.

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

from .eventforest import forest_components, spanning_forest
from .eventjoin import FAR, MAX_PAIRS, date_adjusted, day_numbers, sparse_average_linkage

__all__ = ["distances", "edge_blocks", "similarity_edges", "link_components",
           "cluster_components", "tfidf_from_counts", "top_terms", "FAR",
           "MAX_COMPONENT"]

# Pairs per sparse product block: bounds the memory of one block (~12 bytes a pair
# that shares a word, plus the edges kept).
BLOCK_PAIRS = 2_000_000
# Largest component clustered from one dense matrix (bit for bit the clustering of
# before): its distances and the clustering's copies take roughly 50 bytes a pair
# (~1.2 GB at 5,000 rows). Larger ones are clustered from sums over linked pairs.
MAX_COMPONENT = 5_000
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

    days = day_numbers(dates)
    dist = date_adjusted(1.0 - cosine_similarity(X), days[:, None], days[None, :],
                         dict(min_similarity=min_similarity, window_days=window_days,
                              undated_min_similarity=undated_min_similarity))
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


def _above(S, cut: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row, column and value of the entries of a sparse product above ``cut``."""
    S = sp.csr_matrix(S)
    # Filtered before any other per-pair array is made: most pairs are not edges.
    hit = np.flatnonzero(S.data > cut)
    rows = np.searchsorted(S.indptr, hit, side="right") - 1
    return rows, S.indices[hit].astype(np.int64), S.data[hit]


def edge_blocks(X, dates: pd.Series, *, min_similarity: float,
                undated_min_similarity: float, window_days: float,
                block_pairs: int = BLOCK_PAIRS):
    """Every pair of rows closer than the cut-off, once, with its distance, by blocks.

    The cut-off is ``1 - min_similarity`` on :func:`distances`: a pair of dated rows
    within ``window_days`` is an edge when its cosine similarity exceeds
    ``min_similarity``, a pair with an undated row when it exceeds
    ``undated_min_similarity``. Memory is bounded by ``block_pairs`` pairs at a time.

    Yields
    ------
    src, dst : numpy.ndarray of int
        The two rows of each edge of a block (``src != dst``; each pair once over
        all blocks).
    dist : numpy.ndarray of float
        Its :func:`distances` value (cosine distance plus the undated penalty; not
        clipped at zero).

    Examples
    --------
    >>> X = sp.csr_matrix(np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]))
    >>> dates = pd.Series(pd.to_datetime(["2022-02-10", "2022-02-11", None]))
    >>> src, dst, dist = similarity_edges(X, dates, min_similarity=0.5,
    ...     undated_min_similarity=0.55, window_days=4.0)  # all blocks at once
    >>> [(a, b, round(x, 2)) for a, b, x in zip(src.tolist(), dst.tolist(), dist.tolist())]
    [(2, 1, 0.45), (0, 1, 0.2)]
    """
    n = X.shape[0]
    X = sp.csr_matrix(X)
    days = dates.to_numpy(dtype="datetime64[ns]")
    dated = ~np.isnat(days)
    penalty = undated_min_similarity - min_similarity

    # Undated rows against every row, a few rows at a time. A pair of two undated
    # rows is met twice: kept from its smaller row.
    undated = np.flatnonzero(~dated)
    XT = X.T.tocsr()
    step = max(1, block_pairs // max(n, 1))
    for s in range(0, len(undated), step):
        ids = undated[s:s + step]
        a, b, sim = _above(X[ids] @ XT, undated_min_similarity - _EPS)
        a = ids[a]
        hit = (a != b) & (dated[b] | (a < b))
        yield a[hit], b[hit], 1.0 - sim[hit] + penalty

    # Dated rows sorted by day; a block of them only meets the rows up to the window
    # past its last day (earlier pairs were met by earlier blocks). Positions in that
    # order: a pair is kept from its earlier position, so once.
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
        r, c, sim = _above(Xd[s:e] @ Xd[s:hi[e - 1]].T, min_similarity - _EPS)
        r, c = r + s, c + s
        hit = (c > r) & (np.abs(d[c] - d[r]) <= window_days)
        yield order[r[hit]], order[c[hit]], 1.0 - sim[hit]
        s = e


def similarity_edges(X, dates: pd.Series, **opts
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All the edges of :func:`edge_blocks` (its keywords), concatenated."""
    src, dst, dist = zip((np.empty(0, dtype=np.int64),) * 2 + (np.empty(0),),
                         *edge_blocks(X, dates, **opts))
    return np.concatenate(src), np.concatenate(dst), np.concatenate(dist)


def link_components(X, dates: pd.Series, *, min_similarity: float,
                    undated_min_similarity: float, window_days: float,
                    block_pairs: int = BLOCK_PAIRS) -> np.ndarray:
    """Component label of each row in the graph of pairs closer than the cut-off.

    The edges are those of :func:`edge_blocks`; only a spanning forest of them is kept
    (:func:`.eventforest.spanning_forest`), so memory is bounded by ``block_pairs``
    pairs at a time plus one edge per row.
    """
    n = X.shape[0]
    if min(min_similarity, undated_min_similarity) <= _EPS:
        # Pairs with no shared word would be edges too: one component, exact anyway.
        return np.zeros(n, dtype=int)
    forest = spanning_forest(edge_blocks(
        X, dates, min_similarity=min_similarity,
        undated_min_similarity=undated_min_similarity, window_days=window_days,
        block_pairs=block_pairs), n, hold=block_pairs // 2)
    return forest_components(forest, n)


def cluster_components(X, dates: pd.Series, *, min_similarity: float,
                       undated_min_similarity: float, window_days: float,
                       max_component: int = MAX_COMPONENT, block_pairs: int = BLOCK_PAIRS,
                       max_pairs: int = MAX_PAIRS) -> tuple[np.ndarray, np.ndarray, bool]:
    """Average-linkage clusters, one component of the similarity graph at a time.

    A component of at most ``max_component`` rows gets exactly the clusters of
    ``AgglomerativeClustering(linkage="average")`` on the whole :func:`distances`
    matrix (up to ties between equal distances), from its dense sub-matrix. A larger
    one is clustered without a matrix, by
    :func:`.eventjoin.sparse_average_linkage`: the same merges up to rounding and ties,
    as long as its edges fit in ``max_pairs`` (else the closest are followed: an
    approximation). Memory is bounded by one ``max_component``² dense block, one block
    of ``block_pairs`` sparse products, a spanning forest of the graph (one edge per
    row) and ``max_pairs`` followed pairs.

    Parameters
    ----------
    X : scipy.sparse matrix
        L2-normalised TF-IDF rows.
    dates : pandas.Series
        Publication date of each row (NaT when unknown).
    min_similarity, undated_min_similarity, window_days : float
        As in :func:`framing.compare.events.assign_events`.
    max_component : int
        Largest component clustered from a dense matrix.
    block_pairs : int
        Article pairs compared at a time to find the graph (see :func:`edge_blocks`).
    max_pairs : int
        Most edges (pairs of clusters) the sparse clustering follows, ~500 bytes each.

    Returns
    -------
    labels : numpy.ndarray of int
        Cluster of each row, numbered in order of first row.
    oversize : numpy.ndarray of int
        Size of the component of each row when it was over ``max_component``, else 0.
    complete : bool
        False when some pairs were left out of the sparse clustering (approximate).

    Examples
    --------
    >>> X = sp.csr_matrix(np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]))
    >>> dates = pd.Series(pd.to_datetime(["2022-02-10", "2022-02-11", "2022-02-10"]))
    >>> opts = dict(min_similarity=0.5, undated_min_similarity=0.9, window_days=4.0)
    >>> labels, oversize, complete = cluster_components(X, dates, **opts)
    >>> labels.tolist(), oversize.tolist(), complete
    ([0, 0, 1], [0, 0, 0], True)
    >>> labels, oversize, complete = cluster_components(X, dates, max_component=1, **opts)
    >>> labels.tolist(), oversize.tolist(), complete
    ([0, 0, 1], [3, 3, 3], True)
    """
    if max_component < 1:
        raise ValueError(f"max_component must be at least 1, not {max_component}")
    n = X.shape[0]
    opts = dict(min_similarity=min_similarity,
                undated_min_similarity=undated_min_similarity, window_days=window_days)
    oversize = np.zeros(n, dtype=np.int64)
    if n < 2:
        return np.zeros(n, dtype=np.int64), oversize, True
    # With a cut-off that links everything this is one component; a large one is then
    # followed only along pairs that share a word (all a sparse product can give).
    comp = link_components(X, dates, block_pairs=block_pairs, **opts).astype(np.int64)
    sizes = np.bincount(comp)
    big = sizes[comp] > max_component
    oversize[big] = sizes[comp[big]]
    labels, complete = np.arange(n), True  # singletons are their own cluster
    big = oversize > 0
    if big.any():
        labels, complete = sparse_average_linkage(
            X, dates, np.flatnonzero(big), opts, block_pairs=block_pairs,
            max_pairs=max_pairs)
    comp = np.where(big, -1, comp)  # the dense loop below skips them
    by_comp = np.argsort(comp, kind="stable")
    bounds = np.flatnonzero(np.diff(comp[by_comp])) + 1
    for members in np.split(by_comp, bounds):
        if len(members) < 2 or big[members[0]]:
            continue
        for rows in _cluster_dense(X, dates, members, opts):
            labels[rows] = rows[0]
    # Renumber by first row so that names are given in article order.
    return np.unique(labels, return_inverse=True)[1], oversize, complete


def _cluster_dense(X, dates: pd.Series, members: np.ndarray, opts: dict):
    """The clusters (arrays of rows) of ``members``, from their dense distances."""
    from sklearn.cluster import AgglomerativeClustering

    # Members stay in row order, so the dense matrix is the old one's sub-matrix.
    dist = distances(X[members], dates.iloc[members], **opts)
    cut = 1.0 - opts["min_similarity"]
    if len(members) == 2:
        # Most components are pairs; the clustering's one merge, at height
        # dist[0, 1], survives the cut exactly when it is below the cut-off.
        part = np.array([0, 0 if dist[0, 1] < cut else 1])
    else:
        part = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average",
            distance_threshold=cut).fit_predict(dist)
    del dist
    for lab in np.unique(part):
        yield members[part == lab]


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
