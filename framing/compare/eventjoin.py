"""Average linkage without a distance matrix, for components too large to hold one.

Average linkage merges, again and again, the two clusters with the smallest average
distance while it is below the cut-off. An average below the cut-off needs at least one
member pair below it, that is an edge of the similarity graph: so only pairs of
clusters joined by an edge are followed, each with the sum of its member distances.
Merging adds sums (the sum of ``A ∪ B`` with ``C`` is the sum of ``A`` with ``C`` plus
that of ``B``), so each member pair is summed at most once, when two clusters first need
it. Starting from single articles this is the clustering of the dense matrix, with the
same merges (up to rounding and ties between equal averages; identical events on the
20,000-article benchmark), in memory that grows with the edges, not the articles
squared; the edges followed are capped (``max_pairs``, closest kept), beyond which the
result is an approximation.

Examples
--------
>>> import numpy as np, pandas as pd, scipy.sparse as sp
>>> X = sp.csr_matrix(np.array([[1.0, 0.0], [0.96, 0.28], [0.0, 1.0]]))
>>> dates = pd.Series(pd.to_datetime(["2022-02-10", "2022-02-11", "2022-02-10"]))
>>> opts = dict(min_similarity=0.5, undated_min_similarity=0.9, window_days=4.0)
>>> labels, complete = sparse_average_linkage(X, dates, np.arange(3), opts)
>>> labels.tolist(), complete
([0, 0, 2], True)
"""
from __future__ import annotations

import heapq

import numpy as np
import pandas as pd

__all__ = ["sparse_average_linkage", "pair_distances", "day_numbers", "date_adjusted", "FAR"]

# Distance used for pairs that may never share an event (dates too far apart).
FAR = 10.0

# Member pairs whose distances are computed at once: pair by pair (small clusters,
# ~9 KB each for ~250-term rows) ...
CHUNK_PAIRS = 4_000
# ... and as one block of two large clusters (~50 bytes each).
BLOCK = 200_000
# Edges (pairs of clusters) followed (see sparse_average_linkage's max_pairs): ~2 GB
# at most. 100,000 benchmark articles have 1.9 million.
MAX_PAIRS = 4_000_000


def day_numbers(dates: pd.Series) -> np.ndarray:
    """Day number of each date (float), NaN where the date is unknown."""
    stamps = dates.to_numpy(dtype="datetime64[ns]")
    return np.where(np.isnat(stamps), np.nan,
                    stamps.astype("datetime64[D]").astype("int64").astype(float))


def date_adjusted(d: np.ndarray, da: np.ndarray, db: np.ndarray, opts: dict) -> np.ndarray:
    """Cosine distances ``d`` made the clustering's distances, in place (not clipped).

    ``da``, ``db``: day numbers of the two sides (:func:`day_numbers`), broadcast
    against ``d``. An undated pair gets ``undated_min_similarity - min_similarity``
    added, so that the one cut-off asks it for ``undated_min_similarity``; a dated
    pair more than ``window_days`` apart gets :data:`FAR`. The one place this rule is
    written: the dense matrix (:func:`.eventgraph.distances`) and the pair sums here
    use it.
    """
    dated = ~np.isnan(da) & ~np.isnan(db)
    d += np.where(dated, 0.0, opts["undated_min_similarity"] - opts["min_similarity"])
    d[dated & (np.abs(da - db) > opts["window_days"])] = FAR
    return d


def pair_distances(X, days: np.ndarray, i: np.ndarray, j: np.ndarray, opts: dict
                   ) -> np.ndarray:
    """The :func:`.eventgraph.distances` value of each pair ``(i[k], j[k])``.

    ``days`` is the day number of each row, NaN when undated. Equal to the dense
    matrix's entries up to rounding (the dot products are summed in another order).
    """
    out = np.empty(len(i))
    for s in range(0, len(i), CHUNK_PAIRS):
        a, b = i[s:s + CHUNK_PAIRS], j[s:s + CHUNK_PAIRS]
        cos = np.asarray(X[a].multiply(X[b]).sum(axis=1)).ravel()
        d = date_adjusted(1.0 - cos, days[a], days[b], opts)
        out[s:s + CHUNK_PAIRS] = np.clip(d, 0.0, None)
    return out


def sparse_average_linkage(X, dates: pd.Series, rows: np.ndarray, opts: dict, *,
                           block_pairs: int = 2_000_000, max_pairs: int = MAX_PAIRS
                           ) -> tuple[np.ndarray, bool]:
    """Average-linkage clusters of ``rows``, followed along the similarity graph's edges.

    Parameters
    ----------
    X : scipy.sparse matrix
        L2-normalised TF-IDF rows.
    dates : pandas.Series
        Publication date of each row (NaT when unknown).
    rows : numpy.ndarray of int
        The rows to cluster (e.g. a component); other rows stay alone.
    opts : dict
        ``min_similarity, undated_min_similarity, window_days``.
    block_pairs : int
        Article pairs compared at a time to find the graph's edges.
    max_pairs : int
        Most pairs of clusters followed (those joined by the closest edges): bounds the
        memory (~500 bytes a pair) when the articles form one dense web of edges.

    Returns
    -------
    labels : numpy.ndarray of int
        Cluster of each row of ``X``, named by one of its rows.
    complete : bool
        False when ``max_pairs`` left pairs out (the clusters are then approximate).
    """
    labels = np.arange(X.shape[0])
    rows = np.asarray(rows, dtype=np.int64)
    if len(rows) < 2:
        return labels, True
    cut = 1.0 - opts["min_similarity"]
    days = day_numbers(dates)
    members = {int(r): np.array([r]) for r in rows.tolist()}
    pa, pb, dist, complete = _edges(X, dates, rows, opts, block_pairs, max_pairs)
    neighbours: dict[int, set] = {k: set() for k in members}
    for a, b in zip(pa.tolist(), pb.tolist()):
        neighbours[a].add(b)
        neighbours[b].add(a)
    # Sum of member distances of each pair of clusters followed; single articles'
    # are their edge's distance (clipped at zero as the dense matrix is).
    sums = dict(zip(zip(pa.tolist(), pb.tolist()), np.clip(dist, 0.0, None).tolist()))

    def total(a: int, b: int) -> float:
        return sums[(a, b) if a < b else (b, a)]

    heap = [(d, a, b, 0, 0) for (a, b), d in sums.items() if d < cut]
    version = dict.fromkeys(members, 0)
    heapq.heapify(heap)
    while heap:
        avg, a, b, va, vb = heapq.heappop(heap)
        if version.get(a) != va or version.get(b) != vb:
            continue  # one of them was merged since: its entries are stale
        # Merge b into a: sums of distances add up, so no member pair is seen again.
        near = (neighbours.pop(a) | neighbours.pop(b)) - {a, b}
        # The sums not known yet (no edge between the two), in one vectorised call.
        need = [(min(x, c), max(x, c)) for c in near for x in (a, b)
                if (min(x, c), max(x, c)) not in sums]
        if need:
            sums.update(zip(need, _sums(X, days, [members[x] for x, _ in need],
                                        [members[y] for _, y in need], opts).tolist()))
        merged = {c: total(a, c) + total(b, c) for c in near}
        size = len(members[a]) + len(members[b])
        members[a] = np.concatenate([members[a], members.pop(b)])
        version[a] += 1
        del version[b]
        sums.pop((min(a, b), max(a, b)), None)
        for c in near:
            neighbours[c].discard(b)
            neighbours[c].add(a)
            sums.pop((min(b, c), max(b, c)), None)
            sums[(min(a, c), max(a, c))] = merged[c]
            avg = merged[c] / (size * len(members[c]))
            if avg < cut:
                x, y = min(a, c), max(a, c)
                heapq.heappush(heap, (avg, x, y, version[x], version[y]))
        neighbours[a] = near
        labels[members[a]] = a
    return labels, complete


def _pair_sum(X, days, ma: np.ndarray, mb: np.ndarray, opts: dict) -> float:
    """Sum of the distances of all pairs ``ma`` × ``mb``, a few rows of ``ma`` at a time."""
    step, total = max(1, BLOCK // len(mb)), 0.0
    Xb, db = X[mb], days[mb][None, :]
    for s in range(0, len(ma), step):
        part = ma[s:s + step]
        # A sparse product: ~12 bytes a pair, not a copy of each pair's rows.
        d = date_adjusted(1.0 - (X[part] @ Xb.T).toarray(), days[part][:, None], db, opts)
        total += float(np.clip(d, 0.0, None).sum())
    return total


def _sums(X, days, ma: list, mb: list, opts: dict) -> np.ndarray:
    """:func:`_pair_sum` of each pair of member lists, small pairs computed together."""
    out = np.zeros(len(ma))
    batch: list[int] = []

    def flush():
        i = np.concatenate([np.repeat(ma[k], len(mb[k])) for k in batch])
        j = np.concatenate([np.tile(mb[k], len(ma[k])) for k in batch])
        sizes = np.array([len(ma[k]) * len(mb[k]) for k in batch])
        out[batch] = np.add.reduceat(pair_distances(X, days, i, j, opts),
                                     np.r_[0, np.cumsum(sizes)[:-1]])
        batch.clear()

    held = 0
    for k in range(len(ma)):
        size = len(ma[k]) * len(mb[k])
        if size > CHUNK_PAIRS // 4:
            out[k] = _pair_sum(X, days, ma[k], mb[k], opts)
            continue
        batch.append(k)
        held += size
        if held >= CHUNK_PAIRS:
            flush()
            held = 0
    if batch:
        flush()
    return out


def _edges(X, dates: pd.Series, rows: np.ndarray, opts: dict, block_pairs: int,
           max_pairs: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """The graph's edges among ``rows`` (smaller row first), with their distances.

    At most ``max_pairs``: when there are more, the closest (and ``False``).
    """
    from .eventgraph import _EPS, edge_blocks

    keys, best, held, complete = [np.empty(0, dtype=np.int64)], [np.empty(0)], 0, True
    n = X.shape[0]
    for a, b, d in edge_blocks(X[rows], dates.iloc[rows].reset_index(drop=True),
                               min_similarity=max(opts["min_similarity"], 2 * _EPS),
                               undated_min_similarity=max(opts["undated_min_similarity"],
                                                          2 * _EPS),
                               window_days=opts["window_days"], block_pairs=block_pairs):
        ra, rb = rows[a], rows[b]
        keys.append(np.minimum(ra, rb) * n + np.maximum(ra, rb))
        best.append(d)
        held += len(d)
        if held > max_pairs:
            keys, best = [np.concatenate(keys)], [np.concatenate(best)]
            keep = np.sort(np.argpartition(best[0], max_pairs - 1)[:max_pairs]) \
                if max_pairs > 0 else np.zeros(0, dtype=np.int64)
            keys, best = [keys[0][keep]], [best[0][keep]]
            held, complete = len(keep), False
    keys, dist = np.concatenate(keys), np.concatenate(best)
    return keys // n, keys % n, dist, complete


