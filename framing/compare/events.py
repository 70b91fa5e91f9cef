"""Group articles into events (stories) by text similarity and publication date.

A manifest ``event`` wins wherever it is given. The other articles are clustered:
TF-IDF vectors (the package tokenizer, :func:`framing.text.words`, lower-cased,
English stop words removed) compared by cosine similarity, then average-linkage
agglomerative clustering on a distance that also reads the date:

* two articles published more than ``window_days`` apart are never one event (two
  rounds of the same drills a year apart share almost every word);
* two dated articles within the window merge when their average similarity is at
  least ``min_similarity`` (on the seeds, two reports of one event score 0.15–0.20
  while unrelated news scores ~0.04);
* when a date is missing, text alone must carry the link, so the bar is raised to
  ``undated_min_similarity``.

Average linkage (not single) so that a chain of pairwise-similar articles does not
snowball into one giant event on a large corpus. A syndicated copy takes the event of
the article it copies. An unlabelled article that clusters with labelled ones joins
their (majority) manifest event.

Examples
--------
>>> import pandas as pd
>>> arts = pd.DataFrame({"article_id": ["a", "b", "c"],
...     "outlet": ["X", "Y", "Z"], "event": ["", "", ""], "copy_of": ["", "", ""],
...     "published": pd.to_datetime(["2022-02-10", "2022-02-10", "2023-01-17"]),
...     "text": ["Russia and Belarus begin joint drills near Ukraine border.",
...              "Joint drills by Russia and Belarus begin; Ukraine worried.",
...              "Russia and Belarus begin joint air drills."]})
>>> ev, _ = assign_events(arts)
>>> ev["event"].nunique(), ev.loc[0, "event"] == ev.loc[1, "event"]
(2, True)
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..text import words

__all__ = ["assign_events", "blank", "EVENT_COLUMNS", "SUMMARY_COLUMNS"]

EVENT_COLUMNS = ["article_id", "outlet", "published", "event", "assigned_by", "copy_of"]
SUMMARY_COLUMNS = ["event", "n_articles", "n_independent", "n_outlets", "outlets",
                   "copies", "first_published", "last_published", "article_ids"]
# Distance used for pairs that may never share an event (dates too far apart).
_FAR = 10.0


def blank(values: pd.Series) -> pd.Series:
    """True where a text column is empty, NaN or whitespace.

    >>> blank(pd.Series(["", None, " x"])).tolist()
    [True, True, False]
    """
    return values.isna() | values.astype(str).str.strip().isin(["", "nan", "None", "<NA>"])


def _tfidf(texts: list[str]):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(tokenizer=words, token_pattern=None, lowercase=True,
                          stop_words="english", sublinear_tf=True, min_df=1)
    return vec, vec.fit_transform(texts)


def _distances(X, dates: pd.Series, *, min_similarity: float,
               undated_min_similarity: float, window_days: float) -> np.ndarray:
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
        dist[far] = _FAR
    np.fill_diagonal(dist, 0.0)
    return np.clip(dist, 0.0, None)


def _label(cluster_rows: np.ndarray, X, vocab: np.ndarray, dates: pd.Series) -> str:
    """A readable name: first date and the three heaviest terms of the cluster."""
    weights = np.asarray(X[cluster_rows].sum(axis=0)).ravel()
    top = [vocab[i] for i in np.argsort(-weights)[:3] if weights[i] > 0]
    first = dates.iloc[cluster_rows].min()
    when = first.strftime("%Y-%m-%d") if pd.notna(first) else "undated"
    return f"{when} {' '.join(top)}".strip()


def assign_events(articles: pd.DataFrame, *, min_similarity: float = 0.1,
                  undated_min_similarity: float = 0.3, window_days: float = 4.0
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Assign every article to an event.

    Parameters
    ----------
    articles : pandas.DataFrame
        Needs ``article_id, outlet, text``; uses ``event``, ``copy_of``, ``published``
        and ``title`` when present.
    min_similarity : float
        Average TF-IDF cosine similarity two dated clusters need to merge.
    undated_min_similarity : float
        The same when one of the articles has no date.
    window_days : float
        Articles further apart than this are never one event.

    Returns
    -------
    events : pandas.DataFrame
        ``article_id, outlet, published, event, assigned_by, copy_of``;
        ``assigned_by`` is ``manifest``, ``cluster``, ``cluster (joined manifest
        event)``, ``cluster (single article)`` or ``copy of <article_id>``.
    summary : pandas.DataFrame
        One row per event: ``event, n_articles, n_independent, n_outlets, outlets``
        (independent outlets, ``;``-joined), ``copies`` (``id (outlet)``),
        ``first_published, last_published, article_ids``.
    """
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

    # Copies are left out of clustering: they would only pull towards their original.
    todo = (event == "") & (copy_of == "")
    if todo.any():
        text = (arts.get("title", pd.Series([""] * n)).fillna("").astype(str) + "\n"
                + arts["text"].fillna("").astype(str))
        pool = ((copy_of == "") & (todo | (event != ""))).to_numpy()
        rows = np.flatnonzero(pool)
        vec, X = _tfidf(text[rows].tolist())
        if len(rows) > 1:
            from sklearn.cluster import AgglomerativeClustering

            dist = _distances(X, dates.iloc[rows], min_similarity=min_similarity,
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
                name = _label(local, X, vocab, dates.iloc[rows])
                k, base = 2, name
                while name in used:  # two stories can start on one day with one headline
                    name, k = f"{base} ({k})", k + 1
                used.add(name)
                tag = "cluster" if len(members) > 1 else "cluster (single article)"
            event.iloc[unlabelled] = name
            how[unlabelled] = tag

    # Copies inherit the event of their original (when the manifest left it blank).
    by_id = dict(zip(ids, event))
    for i in np.flatnonzero(((event == "") & (copy_of != "")).to_numpy()):
        event.iloc[i] = by_id.get(copy_of.iloc[i], "") or "unassigned"
        how[i] = f"copy of {copy_of.iloc[i]}"

    events = pd.DataFrame({"article_id": ids, "outlet": arts["outlet"].astype(str),
                           "published": dates, "event": event, "assigned_by": how,
                           "copy_of": copy_of}, columns=EVENT_COLUMNS)
    return events, summarize_events(events)


def summarize_events(events: pd.DataFrame) -> pd.DataFrame:
    """One row per event: its outlets (copies listed apart), dates and articles."""
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
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
