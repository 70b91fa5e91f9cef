"""framing.compare.events: the scalable clustering gives the old dense one's events.

The reference below is the dense algorithm ``assign_events`` used before (full n×n
distance matrix, one AgglomerativeClustering); the new one must give the very same
``events`` and ``summary`` tables on real text.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing
from framing.compare.eventgraph import link_components, tfidf_from_counts
from framing.compare.events import (SUMMARY_COLUMNS, assign_events, blank,
                                    event_term_counts, merge_term_counts)
from framing.text import words

# --- the old, dense implementation (reference) -------------------------------------

_FAR = 10.0


def _old_tfidf(texts):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(tokenizer=words, token_pattern=None, lowercase=True,
                          stop_words="english", sublinear_tf=True, min_df=1)
    return vec, vec.fit_transform(texts)


def _old_distances(X, dates, *, min_similarity, undated_min_similarity, window_days):
    from sklearn.metrics.pairwise import cosine_similarity

    dist = 1.0 - cosine_similarity(X)
    days = dates.to_numpy(dtype="datetime64[ns]")
    dated = ~np.isnat(days)
    undated_pair = ~(dated[:, None] & dated[None, :])
    dist = dist + np.where(undated_pair, undated_min_similarity - min_similarity, 0.0)
    if dated.any():
        d = days.astype("datetime64[D]").astype("int64").astype(float)
        gap = np.abs(d[:, None] - d[None, :])
        far = dated[:, None] & dated[None, :] & (gap > window_days)
        dist[far] = _FAR
    np.fill_diagonal(dist, 0.0)
    return np.clip(dist, 0.0, None)


def _old_label(cluster_rows, X, vocab, dates):
    weights = np.asarray(X[cluster_rows].sum(axis=0)).ravel()
    top = [vocab[i] for i in np.argsort(-weights)[:3] if weights[i] > 0]
    first = dates.iloc[cluster_rows].min()
    when = first.strftime("%Y-%m-%d") if pd.notna(first) else "undated"
    return f"{when} {' '.join(top)}".strip()


def old_summarize_events(events):
    rows = []
    for name, g in events.groupby("event", sort=True):
        ind = g[g["copy_of"] == ""]
        cop = g[g["copy_of"] != ""]
        rows.append({
            "event": name,
            "n_articles": len(g),
            "n_independent": len(ind),
            "n_outlets": ind["outlet"].nunique(),
            "outlets": ";".join(sorted(ind["outlet"].unique())),
            "copies": ";".join(f"{a} ({o}, copy of {c})" for a, o, c in
                               zip(cop["article_id"], cop["outlet"], cop["copy_of"])),
            "first_published": g["published"].min(),
            "last_published": g["published"].max(),
            "article_ids": ";".join(g["article_id"]),
        })
    # The old code had no note column; the new one's is empty when every event was
    # clustered from a dense matrix, as here.
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS[:-1]).assign(note="")


def old_assign_events(articles, *, min_similarity=0.1, undated_min_similarity=0.3,
                      window_days=4.0):
    arts = articles.reset_index(drop=True)
    n = len(arts)
    ids = arts["article_id"].astype(str)
    event = (arts["event"] if "event" in arts else pd.Series([""] * n)).copy()
    event = event.where(~blank(event), "").astype(str)
    copy_of = arts["copy_of"] if "copy_of" in arts else pd.Series([""] * n)
    copy_of = copy_of.where(~blank(copy_of), "").astype(str)
    dates = pd.to_datetime(arts["published"], errors="coerce") if "published" in arts \
        else pd.Series(pd.NaT, index=arts.index)
    how = np.where(event != "", "manifest", "").astype(object)
    todo = (event == "") & (copy_of == "")
    if todo.any():
        text = (arts.get("title", pd.Series([""] * n)).fillna("").astype(str) + "\n"
                + arts["text"].fillna("").astype(str))
        pool = ((copy_of == "") & (todo | (event != ""))).to_numpy()
        rows = np.flatnonzero(pool)
        vec, X = _old_tfidf(text[rows].tolist())
        if len(rows) > 1:
            from sklearn.cluster import AgglomerativeClustering

            dist = _old_distances(X, dates.iloc[rows], min_similarity=min_similarity,
                                  undated_min_similarity=undated_min_similarity,
                                  window_days=window_days)
            labels = AgglomerativeClustering(
                n_clusters=None, metric="precomputed", linkage="average",
                distance_threshold=1.0 - min_similarity).fit_predict(dist)
        else:
            labels = np.zeros(len(rows), dtype=int)
        vocab = vec.get_feature_names_out()
        used = set(event[event != ""])
        for lab in np.unique(labels):
            members = rows[labels == lab]
            given = event.iloc[members]
            unlabelled = members[(given == "").to_numpy() & todo.iloc[members].to_numpy()]
            if not len(unlabelled):
                continue
            if (given != "").any():
                name = given[given != ""].value_counts().index[0]
                tag = "cluster (joined manifest event)"
            else:
                local = np.flatnonzero(np.isin(rows, members))
                name = _old_label(local, X, vocab, dates.iloc[rows])
                k, base = 2, name
                while name in used:
                    name, k = f"{base} ({k})", k + 1
                used.add(name)
                tag = "cluster" if len(members) > 1 else "cluster (single article)"
            event.iloc[unlabelled] = name
            how[unlabelled] = tag
    by_id = dict(zip(ids, event))
    for i in np.flatnonzero(((event == "") & (copy_of != "")).to_numpy()):
        event.iloc[i] = by_id.get(copy_of.iloc[i], "") or "unassigned"
        how[i] = f"copy of {copy_of.iloc[i]}"
    events = pd.DataFrame({"article_id": ids, "outlet": arts["outlet"].astype(str),
                           "published": dates, "event": event, "assigned_by": how,
                           "copy_of": copy_of})
    return events, old_summarize_events(events)


def assert_same(new, old):
    for a, b in zip(new, old):
        pd.testing.assert_frame_equal(a, b)


# --- corpora (real text) -----------------------------------------------------------

@pytest.fixture(scope="module")
def ptc_articles(ptc_dir: Path) -> pd.DataFrame:
    files = sorted((ptc_dir / "articles").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    return pd.DataFrame({"article_id": [f.stem for f in files],
                         "outlet": [f"Outlet {i % 5}" for i in range(len(files))],
                         "event": "", "copy_of": "", "text": texts})


@pytest.fixture(scope="module")
def ptc_dated(ptc_articles) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    days = rng.integers(0, 30, len(ptc_articles))
    return ptc_articles.assign(
        published=pd.Timestamp("2022-01-01") + pd.to_timedelta(days, unit="D"))


@pytest.fixture(scope="module")
def seeds_blank() -> pd.DataFrame:
    return framing.load_corpus(Path(__file__).resolve().parents[1] / "seeds").assign(event="")


# --- identical to the dense implementation -----------------------------------------

def test_undated_ptc_same_as_dense(ptc_articles):
    new, old = assign_events(ptc_articles), old_assign_events(ptc_articles)
    assert_same(new, old)
    sizes = new[0].groupby("event").size()
    assert sizes.max() > 2 and len(sizes) > 100  # real clusters, not all singletons


def test_dated_ptc_same_as_dense(ptc_dated):
    new, old = assign_events(ptc_dated), old_assign_events(ptc_dated)
    assert_same(new, old)
    # The window matters: undated, the same texts group differently.
    assert new[1]["event"].str.startswith("2022-").all()
    assert len(new[1]) != len(assign_events(ptc_dated.drop(columns="published"))[1])


def test_dated_ptc_other_thresholds_same_as_dense(ptc_dated):
    arts = ptc_dated.copy()
    arts.loc[arts.index % 7 == 0, "published"] = pd.NaT  # some undated among dated
    opts = dict(min_similarity=0.06, undated_min_similarity=0.15, window_days=2.0)
    assert_same(assign_events(arts, **opts), old_assign_events(arts, **opts))


def test_manifest_events_and_copies_same_as_dense(ptc_dated):
    arts = ptc_dated.copy()
    arts.loc[arts.index % 9 == 0, "event"] = "given story"
    arts.loc[arts.index % 11 == 5, "copy_of"] = arts["article_id"].shift(1)
    new = assign_events(arts)
    assert_same(new, old_assign_events(arts))
    assert new[0]["assigned_by"].str.startswith("copy of").sum() > 10


def test_seeds_same_as_dense(seeds_blank):
    new = assign_events(seeds_blank)
    assert_same(new, old_assign_events(seeds_blank))
    assert len(new[1]) == 2


# --- without the texts -------------------------------------------------------------

def test_term_counts_of_parts_give_the_same_events(ptc_dated):
    arts = ptc_dated.assign(title=ptc_dated["text"].str.split("\n").str[0])
    arts.loc[arts.index % 13 == 3, "copy_of"] = arts["article_id"].shift(2)
    parts = [arts.iloc[:70], arts.iloc[70:150], arts.iloc[150:]]
    counts = merge_term_counts([event_term_counts(p) for p in parts])
    bare = arts.drop(columns=["text", "title"])
    expected = assign_events(arts)
    assert_same(assign_events(bare, term_counts=counts), expected)
    # Copies are not clustered: their rows may be left empty.
    C = counts[0].tolil()
    for i in np.flatnonzero((arts["copy_of"] != "").to_numpy()):
        C[i, :] = 0
    assert_same(assign_events(bare, term_counts=(C.tocsr(), counts[1])), expected)
    with pytest.raises(ValueError):
        assign_events(bare.iloc[1:], term_counts=counts)


def test_tfidf_from_counts_is_the_vectorizer_bit_for_bit(ptc_articles):
    texts = ptc_articles["text"]
    keep = np.arange(len(texts)) % 3 != 1  # rows left out bring terms the pool lacks
    counts, vocab = merge_term_counts([event_term_counts(ptc_articles.iloc[:100]),
                                       event_term_counts(ptc_articles.iloc[100:])])
    X, cols = tfidf_from_counts(counts[np.flatnonzero(keep)])
    vec, ref = _old_tfidf(texts[keep].tolist())
    assert len(vocab) > len(cols)
    assert np.asarray(vocab, dtype=object)[cols].tolist() == vec.get_feature_names_out().tolist()
    assert np.array_equal(X.indptr, ref.indptr)
    assert np.array_equal(X.indices, ref.indices)
    assert np.array_equal(X.data, ref.data)  # exactly, not approximately


def test_event_term_counts_match_the_vectorizer_counts(seeds_blank):
    from sklearn.feature_extraction.text import CountVectorizer

    counts, vocab = event_term_counts(seeds_blank)
    cv = CountVectorizer(tokenizer=words, token_pattern=None, lowercase=True,
                         stop_words="english")
    ref = cv.fit_transform((seeds_blank["title"].fillna("") + "\n"
                            + seeds_blank["text"]).tolist())
    assert vocab == cv.get_feature_names_out().tolist() == sorted(vocab)
    assert (counts != ref).nnz == 0
    assert "the" not in vocab and "russia" in vocab  # stop words out, lower-cased


def test_empty_parts_merge():
    empty = event_term_counts(pd.DataFrame({"text": ["", "the and of"]}))
    assert empty[0].shape == (2, 0)
    full = event_term_counts(pd.DataFrame({"text": ["Drills began."]}))
    counts, vocab = merge_term_counts([empty, full])
    assert vocab == ["began", "drills"] and counts.toarray().tolist() == [[0, 0], [0, 0],
                                                                          [1, 1]]


# --- the graph ---------------------------------------------------------------------

def test_small_blocks_find_the_same_components(ptc_dated):
    arts = ptc_dated.copy()
    arts.loc[arts.index % 5 == 0, "published"] = pd.NaT
    X, _ = tfidf_from_counts(event_term_counts(arts)[0])
    opts = dict(min_similarity=0.1, undated_min_similarity=0.3, window_days=4.0)
    big = link_components(X, arts["published"], **opts)
    small = link_components(X, arts["published"], block_pairs=50, **opts)
    assert np.array_equal(big, small)
    assert 1 < len(np.unique(big)) < len(arts)


def test_same_name_twice_gets_a_number_in_article_order():
    rng = np.random.default_rng(3)
    filler = lambda: " ".join("".join(rng.choice(list("bcdfghjklmnpqrstvwxz"), 7))
                              for _ in range(150))
    head = "zebra zebra zebra zebra quokka quokka quokka ocelot ocelot "
    arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"],
                         "published": pd.to_datetime(["2022-03-01", "2022-03-01"]),
                         "text": [head + filler(), head + filler()]})
    events, _ = assign_events(arts)
    assert events["event"].tolist() == ["2022-03-01 zebra quokka ocelot",
                                        "2022-03-01 zebra quokka ocelot (2)"]
