"""Event clustering in bounded memory: components over ``max_component`` are
clustered by sparse average linkage, without a matrix.

Corpora are real sentences of the seed articles recombined into short articles. A
component within the bound must get exactly the clusters of one dense average-linkage
clustering of everything; a larger one is clustered without any dense matrix of its
size, gets the same clusters when its linked pairs fit the cap, and its events say how
they were found.
"""
from __future__ import annotations

import random
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.compare.eventgraph import (cluster_components, distances, edge_blocks,
                                        link_components, similarity_edges,
                                        tfidf_from_counts)
from framing.compare.events import SUMMARY_COLUMNS, assign_events, event_term_counts
from framing.compare.eventforest import forest_components, spanning_forest
from framing.compare.eventjoin import sparse_average_linkage
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
    ref = dense_labels(X, dates, **OPTS)
    for bound in (int(sizes.max()), 10_000):
        labels, oversize, complete = cluster_components(X, dates, max_component=bound,
                                                        **OPTS)
        assert not oversize.any() and complete
        assert same_partition(labels, ref)
        # Several clusters inside the largest component: the clustering did work.
        big = comp == np.argmax(sizes)
        assert 1 < len(np.unique(labels[big])) < big.sum()


def test_assign_events_unchanged_at_the_bound(grouped):
    X, dates = pool_matrix(grouped)
    largest = int(np.bincount(link_components(X, dates, **OPTS)).max())
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning
        at_bound = assign_events(grouped, max_component=largest)
    default = assign_events(grouped)
    for a, b in zip(at_bound, default):
        pd.testing.assert_frame_equal(a, b)
    assert list(default[1].columns) == SUMMARY_COLUMNS
    assert not default[0]["assigned_by"].str.contains("sparse|approximate").any()


# --- over the bound: no matrix, same clusters, marked --------------------------------

def test_sparse_linkage_is_the_dense_clustering(grouped):
    # Every component over the bound: all clustered without a matrix, same clusters.
    X, dates = pool_matrix(grouped)
    labels, oversize, complete = cluster_components(X, dates, max_component=1, **OPTS)
    assert complete and (oversize > 0).sum() > 300
    ref = dense_labels(X, dates, **OPTS)
    assert same_partition(labels, ref)
    assert len(np.unique(ref)) < len(grouped) - 50  # many merges to get right


def test_oversize_events_same_as_dense_and_marked(pool):
    arts = corpus(pool, [i % 2 for i in range(400)], k=3, seed=2)
    arts["copy_of"] = ""
    arts.loc[5, "copy_of"] = arts.loc[4, "article_id"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # all pairs followed: exact, no warning
        events, summary = assign_events(arts, max_component=50)
    dense_events, dense_summary = assign_events(arts)
    how = events["assigned_by"]
    clustered = how.str.startswith("cluster")
    assert clustered.sum() == 399 and how.iloc[5] == "copy of a00004"
    note = "sparse linkage: component of 399 articles"
    assert set(how[clustered]) <= {f"cluster ({note})", f"cluster (single article; {note})"}
    assert dense_events["assigned_by"][clustered].isin(["cluster",
                                                        "cluster (single article)"]).all()
    # The same events, names included; the summary says how they were found.
    pd.testing.assert_frame_equal(events.drop(columns="assigned_by"),
                                  dense_events.drop(columns="assigned_by"))
    assert list(summary.columns) == SUMMARY_COLUMNS
    assert (summary["note"] == note).all() and (dense_summary["note"] == "").all()
    pd.testing.assert_frame_equal(summary.drop(columns="note"),
                                  dense_summary.drop(columns="note"))


def test_a_sparse_and_a_dense_component_side_by_side(pool):
    # A big component on days 0-1 and small ones a month later: only the big one is
    # marked; the events are those of the dense clustering of everything.
    days = [i % 2 for i in range(300)] + [40 + 10 * (i // 20) for i in range(100)]
    arts = corpus(pool, days, k=3, seed=3)
    events, summary = assign_events(arts, max_component=100)
    late = events["published"] >= pd.Timestamp("2023-02-01")
    assert not events.loc[late, "assigned_by"].str.contains("sparse").any()
    assert events.loc[~late, "assigned_by"].str.contains("component of 300").all()
    exact = assign_events(arts)[0]
    assert events["event"].equals(exact["event"])
    assert set(summary.loc[summary["note"] == "", "event"]) == set(exact.loc[late, "event"])


@pytest.fixture(scope="module")
def chained(pool) -> pd.DataFrame:
    # 3,000 articles over three days: every one within the window of every other, all
    # sharing the seeds' words: one dense web of ~4.5 million edges.
    return corpus(pool, [i % 3 for i in range(3000)], k=3, seed=1)


def test_dense_web_is_clustered_in_bounded_memory(chained):
    X, dates = pool_matrix(chained)
    m = X.shape[0]
    tracemalloc.start()
    try:
        labels, oversize, complete = cluster_components(
            X, dates, max_component=150, block_pairs=200_000, max_pairs=100_000, **OPTS)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (oversize == m).all()  # one component of everything
    assert not complete  # more linked pairs than the 100,000 followed: approximate
    # Less than one dense m×m float matrix (72 MB; the dense path holds several at
    # once): a block of 200,000 pairs, a forest of m edges and the 100,000 followed
    # pairs in Python sets and dicts (~50 MB measured).
    assert peak < 8 * m * m, f"peak {peak / 1e6:.0f} MB"
    assert 1 < len(np.unique(labels)) < m


def test_capped_pairs_are_the_closest_and_marked_approximate(grouped):
    X, dates = pool_matrix(grouped)
    rows = np.arange(X.shape[0])
    full, complete = sparse_average_linkage(X, dates, rows, OPTS)
    assert complete
    part, complete = sparse_average_linkage(X, dates, rows, OPTS, max_pairs=200)
    assert not complete
    # Fewer pairs followed: never more merges.
    assert len(np.unique(part)) >= len(np.unique(full))


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


def test_bad_bound_and_tiny_pools(pool):
    arts = corpus(pool, [0, 0, 1])
    arts["text"] = [f"{pool[a]} {pool[b]}" for a, b in ((0, 1), (1, 2), (2, 0))]
    X, dates = pool_matrix(arts)
    with pytest.raises(ValueError):
        cluster_components(X, dates, max_component=0, **OPTS)
    one = cluster_components(X[:1], dates[:1], max_component=1, **OPTS)
    assert one[0].tolist() == [0] and one[1].tolist() == [0] and one[2]
    labels, oversize, complete = cluster_components(X, dates, max_component=1, **OPTS)
    assert (oversize == 3).all() and complete
    assert same_partition(labels, dense_labels(X, dates, **OPTS))
    assert len(np.unique(labels)) < 3


def test_cut_off_that_links_everything(pool):
    # min_similarity 0: the cut-off is 1, so pairs sharing no word (distance 1) are
    # not below it and the sparse linkage, which follows pairs sharing a word, is exact.
    arts = corpus(pool, [0] * 40, seed=4)
    X, dates = pool_matrix(arts)
    opts = dict(min_similarity=0.0, undated_min_similarity=0.0, window_days=4.0)
    ref = dense_labels(X, dates, **opts)
    exact, oversize, _ = cluster_components(X, dates, max_component=40, **opts)
    assert not oversize.any() and same_partition(exact, ref)
    labels, oversize, complete = cluster_components(X, dates, max_component=10, **opts)
    assert (oversize == 40).all() and complete and same_partition(labels, ref)


def test_assign_events_marks_capped_pairs_approximate(grouped):
    with pytest.warns(UserWarning, match="approximate"):
        events, summary = assign_events(grouped, max_component=1, max_pairs=300)
    note = events["assigned_by"].str.extract(r"(approximate: [^;)]*)", expand=False)
    assert note.notna().sum() > 300  # all but articles with no edge (components of 1)
    assert note.dropna().str.endswith("articles, closest 300 pairs followed").all()
    noted = summary["note"] != ""
    assert summary.loc[noted, "note"].str.startswith("approximate: component of").all()
    assert noted.sum() > len(summary) / 2


def test_comparison_summary_names_sparse_events(pool):
    from framing.compare import Comparison

    arts = corpus(pool, [0] * 60, k=3, seed=5)
    events, summary = assign_events(arts, max_component=5)
    tables = {f: pd.DataFrame() for f in Comparison.__dataclass_fields__ if f != "params"}
    c = Comparison(**{**tables, "events": events, "event_summary": summary,
                      "outlets": pd.DataFrame(columns=["outlet", "n_articles",
                                                       "small_sample"])})
    assert ("events: 60 articles clustered without a distance matrix"
            in c.summary().splitlines()[-1])
