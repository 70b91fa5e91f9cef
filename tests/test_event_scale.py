"""Event clustering in bounded memory: components over ``max_component`` are split.

Corpora are real sentences of the seed articles recombined into short articles. A
component within the bound must get exactly the clusters of one dense average-linkage
clustering of everything; a larger one is cut into parts, clustered without any dense
matrix of its size, and its events say they are approximate.
"""
from __future__ import annotations

import random
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from framing.compare.eventgraph import (cluster_components, distances, edge_blocks,
                                        link_components, similarity_edges,
                                        tfidf_from_counts)
from framing.compare.events import SUMMARY_COLUMNS, assign_events, event_term_counts
from framing.compare.eventjoin import rejoin
from framing.compare.eventsplit import forest_components, spanning_forest, split_component
from framing.text import count_words, sentence_spans

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
OPTS = dict(min_similarity=0.1, undated_min_similarity=0.3, window_days=4.0)


@pytest.fixture(scope="module")
def pool() -> list[str]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [text[s:e] for s, e in sentence_spans(text) if count_words(text[s:e]) >= 3]
    return out


def corpus(pool, days, *, k=2, seed=0, undated_every=0) -> pd.DataFrame:
    """One article of ``k`` random seed sentences per entry of ``days``."""
    rng = random.Random(seed)
    published = pd.Timestamp("2023-01-01") + pd.to_timedelta(list(days), unit="D")
    arts = pd.DataFrame({
        "article_id": [f"a{i:05d}" for i in range(len(published))],
        "outlet": [f"Outlet {i % 4}" for i in range(len(published))],
        "published": published,
        "text": [" ".join(rng.sample(pool, k)) for _ in range(len(published))]})
    if undated_every:
        arts.loc[arts.index % undated_every == 3, "published"] = pd.NaT
    return arts


def pool_matrix(arts):
    X, _ = tfidf_from_counts(event_term_counts(arts)[0])
    return X, arts["published"].reset_index(drop=True)


def dense_labels(X, dates, **opts):
    """The reference: one AgglomerativeClustering of the whole distance matrix."""
    from sklearn.cluster import AgglomerativeClustering

    dist = distances(X, dates, **opts)
    return AgglomerativeClustering(n_clusters=None, metric="precomputed",
                                   linkage="average",
                                   distance_threshold=1.0 - opts["min_similarity"]
                                   ).fit_predict(dist)


def same_partition(a, b) -> bool:
    a, b = np.unique(a, return_inverse=True)[1], np.unique(b, return_inverse=True)[1]
    pairs = set(zip(a.tolist(), b.tolist()))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


# --- within the bound: exactly the dense clustering ----------------------------------

@pytest.fixture(scope="module")
def grouped(pool) -> pd.DataFrame:
    # 12 stories of 30 articles, each on its own day, 10 days apart: components stay
    # within a story (plus what undated articles link), several clusters in each.
    return corpus(pool, [10 * (i // 30) for i in range(360)], undated_every=17)


def test_components_within_bound_match_the_dense_clustering(grouped):
    X, dates = pool_matrix(grouped)
    comp = link_components(X, dates, **OPTS)
    sizes = np.bincount(comp)
    assert 30 <= sizes.max() < len(grouped)  # a real multi-member component
    for bound in (int(sizes.max()), 10_000):
        labels, split = cluster_components(X, dates, max_component=bound, **OPTS)
        assert not split.any()
        ref = dense_labels(X, dates, **OPTS)
        assert same_partition(labels, ref)
        # Several clusters inside the largest component: the clustering did work.
        big = comp == np.argmax(sizes)
        assert 1 < len(np.unique(labels[big])) < big.sum()


def test_assign_events_unchanged_at_the_bound(grouped):
    X, dates = pool_matrix(grouped)
    largest = int(np.bincount(link_components(X, dates, **OPTS)).max())
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no split, no warning
        at_bound = assign_events(grouped, max_component=largest)
    default = assign_events(grouped)
    for a, b in zip(at_bound, default):
        pd.testing.assert_frame_equal(a, b)
    assert list(default[1].columns) == SUMMARY_COLUMNS
    assert not default[0]["assigned_by"].str.contains("approximate").any()


# --- over the bound: split, bounded, marked ------------------------------------------

@pytest.fixture(scope="module")
def chained(pool) -> pd.DataFrame:
    # 3,000 articles over three days: every one within the window of every other, all
    # sharing the seeds' words, so they chain into one component.
    return corpus(pool, [i % 3 for i in range(3000)], k=3, seed=1)


def test_oversize_component_is_split_in_bounded_memory(chained):
    X, dates = pool_matrix(chained)
    m, bound = X.shape[0], 150
    tracemalloc.start()
    try:
        labels, split = cluster_components(X, dates, max_component=bound,
                                           block_pairs=200_000, **OPTS)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (split == m).all()  # one component of everything, split
    # One dense m×m float matrix is 72 MB; the dense path makes several. Here: a block
    # of 200,000 pairs, a forest of m edges and a dense bound² matrix.
    assert peak < 8 * m * m / 4, f"peak {peak / 1e6:.0f} MB"
    assert 1 < len(np.unique(labels)) < m


def test_split_events_are_marked(pool):
    arts = corpus(pool, [i % 2 for i in range(400)], k=3, seed=2)
    arts.loc[5, "copy_of"] = arts.loc[4, "article_id"]
    arts["copy_of"] = arts["copy_of"].fillna("")
    with pytest.warns(UserWarning, match="399 articles .* max_component=50"):
        events, summary = assign_events(arts, max_component=50)
    how = events["assigned_by"]
    clustered = how.str.startswith("cluster")
    assert clustered.sum() == 399 and how.iloc[5] == "copy of a00004"
    note = "approximate: component of 399 articles split"
    assert how[clustered].str.contains(note, regex=False).all()
    assert set(how[clustered]) <= {f"cluster ({note})",
                                   f"cluster (single article; {note})"}
    # The summary says so for every event (here all of them come from the split).
    assert list(summary.columns) == SUMMARY_COLUMNS + ["note"]
    assert (summary["note"] == note).all()


def test_a_split_and_an_exact_component_side_by_side(pool):
    # A big component on days 0-1 and small ones a month later: only the big one is
    # split, the others give the dense clustering's events and are not marked.
    days = [i % 2 for i in range(300)] + [40 + 10 * (i // 20) for i in range(100)]
    arts = corpus(pool, days, k=3, seed=3)
    with pytest.warns(UserWarning):
        events, summary = assign_events(arts, max_component=100)
    late = events["published"] >= pd.Timestamp("2023-02-01")
    assert not events.loc[late, "assigned_by"].str.contains("approximate").any()
    assert events.loc[~late, "assigned_by"].str.contains("component of 300").all()
    exact = assign_events(arts)[0][late]
    assert not exact["assigned_by"].str.contains("approximate").any()
    assert events.loc[late, "event"].equals(exact["event"])
    assert set(summary.loc[summary["note"] == "", "event"]) == set(exact["event"])


# --- the pieces ----------------------------------------------------------------------

def test_edges_are_the_dense_pairs_below_the_cut_off(grouped):
    arts = grouped.iloc[:120]
    X, dates = pool_matrix(arts)
    src, dst, dist = similarity_edges(X, dates, block_pairs=500, **OPTS)
    dense = distances(X, dates, **OPTS)
    pairs = set(zip(src.tolist(), dst.tolist()))
    assert len(pairs) == len(src)  # each pair once ...
    assert not pairs & {(b, a) for a, b in pairs}  # ... in one orientation
    i, j = np.triu_indices(len(arts), k=1)
    below = dense[i, j] < 1.0 - OPTS["min_similarity"]
    assert {(min(a, b), max(a, b)) for a, b in pairs} == set(zip(i[below].tolist(),
                                                                j[below].tolist()))
    assert np.allclose(np.clip(dist, 0, None), dense[src, dst])


def test_forest_has_the_graph_components_whatever_the_blocks(grouped):
    X, dates = pool_matrix(grouped)
    ref = link_components(X, dates, **OPTS)
    blocks = list(edge_blocks(X, dates, block_pairs=300, **OPTS))
    assert len(blocks) > 10
    forest = spanning_forest(blocks, X.shape[0], hold=50)
    assert len(forest[0]) == X.shape[0] - len(np.unique(ref))  # a forest: no cycle
    assert same_partition(forest_components(forest, X.shape[0]), ref)
    # Minimum: the same total distance as the forest of all edges at once.
    whole = spanning_forest([similarity_edges(X, dates, **OPTS)], X.shape[0])
    assert np.isclose(forest[2].sum(), whole[2].sum())


def test_split_component_parts_are_connected_and_bounded(chained):
    X, dates = pool_matrix(chained.iloc[:600])
    src, dst, dist = similarity_edges(X, dates, **OPTS)
    parts = split_component(src, dst, dist, X.shape[0], 64)
    assert np.bincount(parts).max() <= 64
    assert np.array_equal(parts, split_component(src, dst, dist, X.shape[0], 64))
    # Each part is connected by the edges inside it.
    inside = parts[src] == parts[dst]
    graph = sp.coo_matrix((np.ones(inside.sum()), (src[inside], dst[inside])),
                          shape=(X.shape[0],) * 2)
    from scipy.sparse.csgraph import connected_components

    assert same_partition(connected_components(graph, directed=False)[1], parts)
    # With room for everything it is just the connected components.
    whole = split_component(src, dst, dist, X.shape[0], X.shape[0])
    assert same_partition(whole, link_components(X, dates, **OPTS))


def test_bad_bound_and_tiny_pools(pool):
    arts = corpus(pool, [0, 0, 1])
    arts["text"] = [pool[0] + " " + pool[1], pool[1] + " " + pool[2], pool[2] + " " + pool[0]]
    X, dates = pool_matrix(arts)
    with pytest.raises(ValueError):
        cluster_components(X, dates, max_component=0, **OPTS)
    one = cluster_components(X[:1], dates[:1], max_component=1, **OPTS)
    assert one[0].tolist() == [0] and one[1].tolist() == [0]
    # A bound of one: every article is its own part, all marked; rejoined, they are
    # the dense clustering's events again.
    labels, split = cluster_components(X, dates, max_component=1, **OPTS)
    assert (split == 3).all() and same_partition(labels, dense_labels(X, dates, **OPTS))
    assert len(np.unique(labels)) < 3


def test_cut_off_that_links_everything_is_split_too(pool):
    arts = corpus(pool, [0] * 40, seed=4)
    X, dates = pool_matrix(arts)
    opts = dict(min_similarity=0.0, undated_min_similarity=0.0, window_days=4.0)
    exact, split = cluster_components(X, dates, max_component=40, **opts)
    assert not split.any() and same_partition(exact, dense_labels(X, dates, **opts))
    labels, split = cluster_components(X, dates, max_component=10, **opts)
    assert (split == 40).all() and len(labels) == 40


def test_rejoin_from_single_articles_is_the_dense_clustering(grouped):
    # Parts of one article: nothing is clustered inside a part, so carrying average
    # linkage on across parts is the whole clustering, followed along the graph's edges
    # with sums of member distances: it must find the dense clustering's clusters.
    X, dates = pool_matrix(grouped)
    n = X.shape[0]
    labels = rejoin(X, dates, np.arange(n), np.arange(n), OPTS)
    ref = dense_labels(X, dates, **OPTS)
    assert same_partition(labels, ref)
    assert len(np.unique(ref)) < n - 50  # many merges to get right


def test_rejoin_repairs_the_split(chained):
    # Split into parts of 40, then rejoined: closer to the dense clustering than the
    # parts clustered alone (adjusted Rand index), and fewer clusters.
    from sklearn.metrics import adjusted_rand_score

    arts = chained.iloc[:400]
    X, dates = pool_matrix(arts)
    ref = dense_labels(X, dates, **OPTS)
    labels, split = cluster_components(X, dates, max_component=40, **OPTS)
    assert (split == 400).all()
    src, dst, dist = similarity_edges(X, dates, **OPTS)
    parts = split_component(src, dst, dist, 400, 40)
    alone = np.arange(400)
    for p in np.unique(parts):
        rows = np.flatnonzero(parts == p)
        if len(rows) > 1:
            alone[rows] = rows[dense_labels(X[rows], dates.iloc[rows], **OPTS)]
    assert len(np.unique(labels)) < len(np.unique(alone))
    assert adjusted_rand_score(ref, labels) > adjusted_rand_score(ref, alone)
