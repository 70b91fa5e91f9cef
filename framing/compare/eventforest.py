"""Spanning forests of the event similarity graph (used by :mod:`.eventgraph`).

The graph's edges (pairs of articles closer than the clustering's cut-off) come block
by block. Only a minimum spanning forest of them is kept: the minimum spanning forest
of (forest so far + next block) is a minimum spanning forest of everything seen, so
memory stays at one edge per article plus a block, however many edges the corpus has.
The forest has the graph's connected components.

Examples
--------
>>> import numpy as np
>>> blocks = [(np.array([0, 1]), np.array([1, 2]), np.array([0.5, 0.8])),
...           (np.array([0]), np.array([2]), np.array([0.6]))]
>>> src, dst, dist = spanning_forest(blocks, 4)
>>> sorted(zip(src.tolist(), dst.tolist())), forest_components((src, dst, dist), 4).tolist()
([(0, 1), (0, 2)], [0, 0, 0, 1])
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

__all__ = ["spanning_forest", "forest_components"]

Edges = tuple[np.ndarray, np.ndarray, np.ndarray]


def _weights(dist: np.ndarray) -> np.ndarray:
    # scipy reads a zero weight as "no edge": shift the distances (cosine distance
    # plus the undated penalty, at least -1 - 1e-9 or so) to >= 1, keeping their order.
    return np.maximum(dist + 3.0, 1.0)


def _mst(src: np.ndarray, dst: np.ndarray, dist: np.ndarray, n: int) -> Edges:
    """Minimum spanning forest of edges given once each (no pair twice)."""
    from scipy.sparse.csgraph import minimum_spanning_tree

    if not len(src):
        return src, dst, dist
    # The distance rides along as the edge's position: weights of equal value would
    # otherwise lose which distance they came from.
    graph = sp.coo_matrix((_weights(dist), (src, dst)), shape=(n, n)).tocsr()
    tree = minimum_spanning_tree(graph).tocoo()
    where = sp.coo_matrix((np.arange(1, len(src) + 1, dtype=np.float64), (src, dst)),
                          shape=(n, n)).tocsr()
    # Either orientation (only one exists: each pair is given once).
    pos = (np.asarray(where[tree.row, tree.col]).ravel()
           + np.asarray(where[tree.col, tree.row]).ravel()).astype(np.int64) - 1
    return src[pos], dst[pos], dist[pos]


def spanning_forest(blocks, n: int, *, hold: int = 1_000_000) -> Edges:
    """A minimum spanning forest (by distance) of edges that come in blocks.

    Parameters
    ----------
    blocks : iterable of (src, dst, dist)
        Edges among rows ``0 .. n-1``, each pair in one block only (as
        :func:`.eventgraph.edge_blocks` gives them).
    n : int
        Number of rows.
    hold : int
        Edges gathered before they are reduced to a forest again: memory is bounded
        by ``n + hold`` edges plus one block.

    Returns
    -------
    src, dst, dist : numpy.ndarray
        At most ``n - 1`` edges with the graph's connected components.

    Examples
    --------
    >>> forest = spanning_forest([(np.array([0, 0, 1]), np.array([1, 2, 2]),
    ...                            np.array([0.2, 0.3, 0.1]))], 3)
    >>> [a.tolist() for a in forest]
    [[0, 1], [1, 2], [0.2, 0.1]]
    """
    src, dst, dist = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)], \
        [np.empty(0)]
    held = 0
    for a, b, d in blocks:
        src.append(np.asarray(a, dtype=np.int64))
        dst.append(np.asarray(b, dtype=np.int64))
        dist.append(np.asarray(d, dtype=np.float64))
        held += len(a)
        if held > hold:
            forest = _mst(np.concatenate(src), np.concatenate(dst), np.concatenate(dist), n)
            src, dst, dist = [forest[0]], [forest[1]], [forest[2]]
            held = 0
    return _mst(np.concatenate(src), np.concatenate(dst), np.concatenate(dist), n)


def forest_components(forest: Edges, n: int) -> np.ndarray:
    """Connected component of each row (numbered as scipy numbers them).

    >>> forest_components((np.array([2]), np.array([0]), np.array([0.1])), 3).tolist()
    [0, 1, 0]
    """
    from scipy.sparse.csgraph import connected_components

    src, dst, _ = forest
    graph = sp.coo_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n, n))
    return connected_components(graph, directed=False)[1]
