"""Average linkage carried on across the parts of a split component.

A component too large to cluster at once is cut into parts (:mod:`.eventsplit`) and
each part is clustered exactly; a cluster that straddled a cut comes out in pieces.
:func:`rejoin` continues the same average linkage from those clusters across the whole
component: the pair of clusters with the smallest average distance is merged, again
and again, while that distance is below the cut-off. Only clusters joined by an edge of
the similarity graph can be that close (an average below the cut-off needs one pair
below it), so only those pairs are followed, and each average is a sum over member
pairs — no matrix of the component. The result is still an approximation (clusters
inside a part were formed before any cross-part merge), but a much closer one.

Examples
--------
>>> import numpy as np, pandas as pd, scipy.sparse as sp
>>> X = sp.csr_matrix(np.array([[1.0, 0.0], [0.96, 0.28], [0.0, 1.0]]))
>>> dates = pd.Series(pd.to_datetime(["2022-02-10", "2022-02-11", "2022-02-10"]))
>>> opts = dict(min_similarity=0.5, undated_min_similarity=0.9, window_days=4.0)
>>> rejoin(X, dates, np.array([0, 1, 2]), np.array([0, 1, 1]), opts).tolist()
[0, 0, 2]
"""
from __future__ import annotations

import heapq

import numpy as np
import pandas as pd

__all__ = ["rejoin", "pair_distances"]

# Member pairs whose distances are computed at once: pair by pair (small clusters,
# ~9 KB each for ~250-term rows) ...
CHUNK_PAIRS = 4_000
# ... and as one block of two large clusters (~50 bytes each).
BLOCK = 200_000
# Pairs of clusters followed by rejoin (see its max_pairs).
MAX_PAIRS = 1_000_000


def pair_distances(X, days: np.ndarray, i: np.ndarray, j: np.ndarray, opts: dict,
                   far: float) -> np.ndarray:
    """The :func:`.eventgraph.distances` value of each pair ``(i[k], j[k])``.

    ``days`` is the day number of each row, NaN when undated. Equal to the dense
    matrix's entries up to rounding (the dot products are summed in another order).
    """
    out = np.empty(len(i))
    for s in range(0, len(i), CHUNK_PAIRS):
        a, b = i[s:s + CHUNK_PAIRS], j[s:s + CHUNK_PAIRS]
        cos = np.asarray(X[a].multiply(X[b]).sum(axis=1)).ravel()
        da, db = days[a], days[b]
        dated = ~np.isnan(da) & ~np.isnan(db)
        d = 1.0 - cos + np.where(dated, 0.0, opts["undated_min_similarity"]
                                 - opts["min_similarity"])
        d[dated & (np.abs(da - db) > opts["window_days"])] = far
        out[s:s + CHUNK_PAIRS] = np.clip(d, 0.0, None)
    return out


def rejoin(X, dates: pd.Series, labels: np.ndarray, parts: np.ndarray, opts: dict, *,
           block_pairs: int = 2_000_000, max_pairs: int = MAX_PAIRS) -> np.ndarray:
    """Merge clusters of split components while their average distance is below the cut.

    Parameters
    ----------
    X : scipy.sparse matrix
        L2-normalised TF-IDF rows.
    dates : pandas.Series
        Publication date of each row (NaT when unknown).
    labels : numpy.ndarray of int
        Cluster of each row after each part was clustered (any numbering).
    parts : numpy.ndarray of int
        Part of each row of a split component, -1 for the other rows (left as they
        are). A cluster lies within one part.
    opts : dict
        ``min_similarity, undated_min_similarity, window_days``.
    block_pairs : int
        Article pairs compared at a time to find the graph's edges again.
    max_pairs : int
        Most pairs of clusters followed (those joined by the closest edges): bounds the
        memory (~200 bytes a pair) when a corpus is one dense web of similar articles.

    Returns
    -------
    numpy.ndarray of int
        Cluster of each row (merged clusters take the label of one of their pieces).
    """
    from .eventgraph import FAR

    labels = np.asarray(labels).copy()
    rows = np.flatnonzero(parts >= 0)
    if len(rows) < 2:
        return labels
    cut = 1.0 - opts["min_similarity"]
    stamps = dates.to_numpy(dtype="datetime64[ns]")
    days = np.where(np.isnat(stamps), np.nan,
                    stamps.astype("datetime64[D]").astype("int64").astype(float))
    members = {int(k): g for k, g in _groups(labels[rows], rows)}

    pa, pb = _linked_pairs(X, dates, labels, rows, opts, block_pairs, max_pairs)
    neighbours: dict[int, set] = {k: set() for k in members}
    for a, b in zip(pa.tolist(), pb.tolist()):
        neighbours[a].add(b)
        neighbours[b].add(a)

    sums: dict[tuple, float] = {}

    def total(a: int, b: int) -> float:
        """Sum of the member-pair distances of two clusters (cached)."""
        key = (a, b) if a < b else (b, a)
        if key not in sums:
            sums[key] = _pair_sum(X, days, members[a], members[b], opts, FAR)
        return sums[key]

    # Two clusters of one part are at least the cut-off apart on average (the part was
    # clustered to the end): only pairs across parts can start.
    part_of = dict(zip(labels[rows].tolist(), parts[rows].tolist()))
    across = np.array([part_of[a] != part_of[b] for a, b in zip(pa.tolist(), pb.tolist())],
                      dtype=bool)
    ca, cb = pa[across].tolist(), pb[across].tolist()
    start = _sums(X, days, [members[a] for a in ca], [members[b] for b in cb], opts, FAR)
    sums.update(zip(zip(ca, cb), start.tolist()))
    heap, version = [], dict.fromkeys(members, 0)
    for a, b, total_ab in zip(ca, cb, start.tolist()):
        avg = total_ab / (len(members[a]) * len(members[b]))
        if avg < cut:
            heap.append((avg, a, b, 0, 0))
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
                                        [members[y] for _, y in need], opts, FAR).tolist()))
        merged = {c: total(a, c) + total(b, c) for c in near}
        size = len(members[a]) + len(members[b])
        members[a] = np.concatenate([members[a], members.pop(b)])
        version[a] += 1
        del version[b]
        sums.pop((min(a, b), max(a, b)), None)
        for c in near:
            neighbours[c].discard(b)
            neighbours[c].add(a)
            sums.pop((min(a, c), max(a, c)), None)
            sums.pop((min(b, c), max(b, c)), None)
            sums[(min(a, c), max(a, c))] = merged[c]
            avg = merged[c] / (size * len(members[c]))
            if avg < cut:
                x, y = min(a, c), max(a, c)
                heapq.heappush(heap, (avg, x, y, version[x], version[y]))
        neighbours[a] = near
        labels[members[a]] = a
    return labels


def _pair_sum(X, days, ma: np.ndarray, mb: np.ndarray, opts: dict, far: float) -> float:
    """Sum of the distances of all pairs of ``ma`` × ``mb``, a few rows of ``ma`` at a time."""
    step, total = max(1, BLOCK // len(mb)), 0.0
    Xb, db = X[mb], days[mb]
    penalty = opts["undated_min_similarity"] - opts["min_similarity"]
    for s in range(0, len(ma), step):
        part = ma[s:s + step]
        # A sparse product: ~12 bytes a pair, not a copy of each pair's rows.
        d = 1.0 - (X[part] @ Xb.T).toarray()
        da = days[part][:, None]
        dated = ~np.isnan(da) & ~np.isnan(db)[None, :]
        d += np.where(dated, 0.0, penalty)
        d[dated & (np.abs(da - db[None, :]) > opts["window_days"])] = far
        total += float(np.clip(d, 0.0, None).sum())
    return total


def _sums(X, days, ma: list, mb: list, opts: dict, far: float) -> np.ndarray:
    """:func:`_pair_sum` of each pair of member lists, small pairs computed together."""
    out = np.zeros(len(ma))
    batch: list[int] = []

    def flush():
        i = np.concatenate([np.repeat(ma[k], len(mb[k])) for k in batch])
        j = np.concatenate([np.tile(mb[k], len(ma[k])) for k in batch])
        sizes = np.array([len(ma[k]) * len(mb[k]) for k in batch])
        out[batch] = np.add.reduceat(pair_distances(X, days, i, j, opts, far),
                                     np.r_[0, np.cumsum(sizes)[:-1]])
        batch.clear()

    held = 0
    for k in range(len(ma)):
        size = len(ma[k]) * len(mb[k])
        if size > CHUNK_PAIRS // 4:
            out[k] = _pair_sum(X, days, ma[k], mb[k], opts, far)
            continue
        batch.append(k)
        held += size
        if held >= CHUNK_PAIRS:
            flush()
            held = 0
    if batch:
        flush()
    return out


def _linked_pairs(X, dates: pd.Series, labels: np.ndarray, rows: np.ndarray, opts: dict,
                  block_pairs: int, max_pairs: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of clusters (smaller label first) joined by an edge among ``rows``.

    At most ``max_pairs``: when there are more, those whose closest edge is closest.
    """
    from .eventgraph import _EPS, edge_blocks

    n_lab = int(labels.max()) + 1
    keys, best, held = [np.empty(0, dtype=np.int64)], [np.empty(0)], 0
    for a, b, d in edge_blocks(X[rows], dates.iloc[rows].reset_index(drop=True),
                               min_similarity=max(opts["min_similarity"], 2 * _EPS),
                               undated_min_similarity=max(opts["undated_min_similarity"],
                                                          2 * _EPS),
                               window_days=opts["window_days"], block_pairs=block_pairs):
        la, lb = labels[rows[a]].astype(np.int64), labels[rows[b]].astype(np.int64)
        keep = la != lb
        keys.append(np.minimum(la, lb)[keep] * n_lab + np.maximum(la, lb)[keep])
        best.append(d[keep])
        held += int(keep.sum())
        if held > max_pairs:
            keys, best = _fold(keys, best, max_pairs)
            held = len(keys[0])
    keys, _ = _fold(keys, best, max_pairs)
    return keys[0] // n_lab, keys[0] % n_lab


def _fold(keys: list, best: list, cap: int) -> tuple[list, list]:
    """Each key once with its smallest distance; the ``cap`` closest keys kept."""
    k, d = np.concatenate(keys), np.concatenate(best)
    order = np.lexsort((d, k))
    k, d = k[order], d[order]
    first = np.r_[True, k[1:] != k[:-1]] if len(k) else np.zeros(0, dtype=bool)
    k, d = k[first], d[first]
    if len(k) > cap:
        keep = np.sort(np.argpartition(d, cap - 1)[:cap]) if cap > 0 else []
        k, d = k[keep], d[keep]
    return [k], [d]


def _groups(keys: np.ndarray, rows: np.ndarray):
    """``(key, rows with that key)`` for each distinct key."""
    order = np.argsort(keys, kind="stable")
    bounds = np.flatnonzero(np.diff(keys[order])) + 1
    for g in np.split(order, bounds):
        yield keys[g[0]], rows[g]
