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

The clustering never builds the n×n distance matrix: it is run one connected component
of the "closer than the cut-off" graph at a time (:mod:`.eventgraph`), which gives the
same clusters. A component of more than ``max_component`` articles (similar articles
chaining over a large corpus) is clustered without a matrix, from sums over the pairs
of clusters the graph links (:mod:`.eventjoin`): the same average linkage up to
rounding and ties, and its events say how they were found in ``assigned_by``.

For corpora streamed in parts, :func:`event_term_counts` reduces each part to term
counts, :func:`merge_term_counts` joins them, and
``assign_events(..., term_counts=...)`` clusters without reading any text.

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

import warnings

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..text import words
from .eventgraph import MAX_COMPONENT, cluster_components, tfidf_from_counts, top_terms
from .eventjoin import MAX_PAIRS

__all__ = ["assign_events", "blank", "event_term_counts", "merge_term_counts",
           "summarize_events", "EVENT_COLUMNS", "SUMMARY_COLUMNS"]

EVENT_COLUMNS = ["article_id", "outlet", "published", "event", "assigned_by", "copy_of"]
SUMMARY_COLUMNS = ["event", "n_articles", "n_independent", "n_outlets", "outlets",
                   "copies", "first_published", "last_published", "article_ids", "note"]


def blank(values: pd.Series) -> pd.Series:
    """True where a text column is empty, NaN or whitespace.

    >>> blank(pd.Series(["", None, " x"])).tolist()
    [True, True, False]
    """
    return values.isna() | values.astype(str).str.strip().isin(["", "nan", "None", "<NA>"])


def _analyzer():
    # The analyzer of the TfidfVectorizer the events were always clustered with.
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(tokenizer=words, token_pattern=None, lowercase=True,
                           stop_words="english").build_analyzer()


def event_term_counts(articles: pd.DataFrame) -> tuple[sp.csr_matrix, list[str]]:
    """Counts of the clustering terms of each article (``title + "\n" + text``).

    Terms are those of the clustering: :func:`framing.text.words`, lower-cased,
    English stop words removed. Keep these instead of the texts to cluster a corpus
    that is read part by part (see :func:`merge_term_counts`).

    Parameters
    ----------
    articles : pandas.DataFrame
        Needs ``text``; uses ``title`` when present.

    Returns
    -------
    counts : scipy.sparse.csr_matrix
        One row per article, one column per term. Each row keeps its terms in the
        order the article first uses them (indices not sorted): the TF-IDF of
        :func:`assign_events` reads that order to match ``TfidfVectorizer`` bit for bit.
    vocab : list of str
        The terms, sorted.

    Examples
    --------
    >>> counts, vocab = event_term_counts(pd.DataFrame(
    ...     {"title": ["Drills"], "text": ["The drills began near the border."]}))
    >>> vocab, counts.toarray().tolist()
    (['began', 'border', 'drills', 'near'], [[1, 1, 2, 1]])
    """
    arts = articles.reset_index(drop=True)
    title = arts["title"].fillna("").astype(str) if "title" in arts else ""
    texts = title + "\n" + arts["text"].fillna("").astype(str)
    analyze, ids = _analyzer(), {}
    indices, values, indptr = [], [], [0]
    for doc in texts:
        counter: dict[str, int] = {}
        for term in analyze(doc):
            counter[term] = counter.get(term, 0) + 1
        indices.extend(ids.setdefault(term, len(ids)) for term in counter)
        values.extend(counter.values())
        indptr.append(len(indices))
    vocab = sorted(ids)
    remap = np.empty(len(vocab), dtype=np.int32)
    remap[[ids[t] for t in vocab]] = np.arange(len(vocab), dtype=np.int32)
    counts = sp.csr_matrix((np.asarray(values, dtype=np.int32),
                            remap[np.asarray(indices, dtype=np.int64)],
                            np.asarray(indptr, dtype=np.int64)),
                           shape=(len(arts), len(vocab)))
    return counts, vocab


def merge_term_counts(parts: list[tuple[sp.csr_matrix, list[str]]]
                      ) -> tuple[sp.csr_matrix, list[str]]:
    """Stack the rows of several :func:`event_term_counts` results, in order.

    Parameters
    ----------
    parts : list of (csr_matrix, list of str)
        Counts and vocabulary of each part.

    Returns
    -------
    counts : scipy.sparse.csr_matrix
        The parts' rows one after the other, over one vocabulary.
    vocab : list of str
        The union of the parts' terms, sorted.

    Examples
    --------
    >>> a = event_term_counts(pd.DataFrame({"text": ["drills drills"]}))
    >>> b = event_term_counts(pd.DataFrame({"text": ["border drills"]}))
    >>> counts, vocab = merge_term_counts([a, b])
    >>> vocab, counts.toarray().tolist()
    (['border', 'drills'], [[0, 2], [1, 1]])
    """
    vocab = sorted(set().union(*(terms for _, terms in parts)))
    where = {t: i for i, t in enumerate(vocab)}
    blocks = []
    for counts, terms in parts:
        C = sp.csr_matrix(counts)
        remap = np.array([where[t] for t in terms], dtype=np.int64)
        # Indices are only renamed, never re-sorted: rows keep their term order.
        blocks.append(sp.csr_matrix((C.data, remap[C.indices], C.indptr),
                                    shape=(C.shape[0], len(vocab))))
    if not blocks:
        return sp.csr_matrix((0, 0), dtype=np.int32), vocab
    return sp.vstack(blocks, format="csr"), vocab


def _label(local: np.ndarray, X, vocab: np.ndarray, dates: pd.Series,
           stamps: np.ndarray) -> str:
    """A readable name: first date and the three heaviest terms of the cluster."""
    top = top_terms(X, local, vocab)
    dated = local[~np.isnat(stamps[local])]
    when = (dates.iloc[dated[np.argmin(stamps[dated])]].strftime("%Y-%m-%d")
            if len(dated) else "undated")
    return f"{when} {' '.join(top)}".strip()


def assign_events(articles: pd.DataFrame, *, min_similarity: float = 0.1,
                  undated_min_similarity: float = 0.3, window_days: float = 4.0,
                  term_counts: tuple[sp.csr_matrix, list[str]] | None = None,
                  max_component: int = MAX_COMPONENT, max_pairs: int = MAX_PAIRS
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Assign every article to an event.

    Parameters
    ----------
    articles : pandas.DataFrame
        Needs ``article_id, outlet`` and ``text`` (unless ``term_counts`` is given);
        uses ``event``, ``copy_of``, ``published`` and ``title`` when present.
    min_similarity : float
        Average TF-IDF cosine similarity two dated clusters need to merge.
    undated_min_similarity : float
        The same when one of the articles has no date.
    window_days : float
        Articles further apart than this are never one event.
    term_counts : (csr_matrix, list of str), optional
        :func:`event_term_counts` of ``articles`` (one row per row, e.g. merged from
        parts with :func:`merge_term_counts`); ``text`` and ``title`` are then not
        read. Rows of copies and of articles with a manifest event may be all zero
        when no unlabelled article needs them.
    max_component : int
        Largest connected component of the similarity graph clustered from a dense
        distance matrix, exactly as always; this bounds the memory (~1.2 GB at the
        default 5,000). A larger component is clustered by sparse average linkage
        (:func:`.eventjoin.sparse_average_linkage`): the same merges up to rounding
        and ties between equal averages, in memory bounded by the graph's blocks and
        ``max_pairs``. Its events are marked in ``assigned_by``.
    max_pairs : int
        Most edges of the similarity graph the sparse clustering follows (~500 bytes
        each; the default 4,000,000 is ~2 GB at most). With more, the closest are
        followed: the events are approximate, and a ``UserWarning`` says so.

    Returns
    -------
    events : pandas.DataFrame
        ``article_id, outlet, published, event, assigned_by, copy_of``;
        ``assigned_by`` is ``manifest``, ``cluster``, ``cluster (joined manifest
        event)``, ``cluster (single article)`` or ``copy of <article_id>``; a
        cluster of a component over ``max_component`` says so: ``cluster (sparse
        linkage: component of 18,353 articles)``, ``cluster (single article; sparse
        linkage: ...)``, or ``approximate: component of ... articles, closest
        4,000,000 pairs followed`` when ``max_pairs`` left edges out.
    summary : pandas.DataFrame
        One row per event: ``event, n_articles, n_independent, n_outlets, outlets``
        (independent outlets, ``;``-joined), ``copies`` (``id (outlet)``),
        ``first_published, last_published, article_ids``.

    Notes
    -----
    Two clusters that would get the same name are told apart with `` (2)``, `` (3)``…
    in the order of their first article.
    """
    arts = articles.reset_index(drop=True)
    n = len(arts)
    if term_counts is not None and term_counts[0].shape != (n, len(term_counts[1])):
        raise ValueError(f"term_counts is {term_counts[0].shape} for {n} articles "
                         f"and {len(term_counts[1])} terms")
    ids = arts["article_id"].astype(str)
    event = (arts["event"] if "event" in arts else pd.Series([""] * n)).copy()
    event = event.where(~blank(event), "").astype(str)
    copy_of = arts["copy_of"] if "copy_of" in arts else pd.Series([""] * n)
    copy_of = copy_of.where(~blank(copy_of), "").astype(str)
    dates = pd.to_datetime(arts["published"], errors="coerce") if "published" in arts \
        else pd.Series(pd.NaT, index=arts.index)
    how = np.where(event != "", "manifest", "").astype(object)
    names = event.to_numpy(dtype=object).copy()

    # Copies are left out of clustering: they would only pull towards their original.
    todo = ((event == "") & (copy_of == "")).to_numpy()
    if todo.any():
        rows = np.flatnonzero(((copy_of == "") & (todo | (event != ""))).to_numpy())
        if term_counts is None:
            counts, vocab = event_term_counts(arts.iloc[rows])
        else:
            counts, vocab = sp.csr_matrix(term_counts[0])[rows], term_counts[1]
        # Only the pool's terms, as a vectorizer fitted on the pool texts would know.
        X, cols = tfidf_from_counts(counts)
        vocab = np.asarray(vocab, dtype=object)[cols]
        pool_dates = dates.iloc[rows].reset_index(drop=True)
        stamps = pool_dates.to_numpy(dtype="datetime64[ns]")
        labels, oversize, complete = cluster_components(
            X, pool_dates, min_similarity=min_similarity,
            undated_min_similarity=undated_min_similarity, window_days=window_days,
            max_component=max_component, max_pairs=max_pairs)
        if not complete:
            warnings.warn(f"events: {int((oversize > 0).sum()):,} articles were in "
                          f"similarity components over max_component={max_component:,} "
                          "linked by more pairs than are followed; their events are "
                          "approximate (assigned_by says so)", stacklevel=2)
        used = set(names[names != ""])
        by_label = np.argsort(labels, kind="stable")
        for local in np.split(by_label, np.flatnonzero(np.diff(labels[by_label])) + 1):
            members = rows[local]
            given = names[members]
            unlabelled = members[(given == "") & todo[members]]
            if not len(unlabelled):
                continue
            if (given != "").any():
                name = pd.Series(given[given != ""]).value_counts().index[0]
                tag = "cluster (joined manifest event)"
            else:
                name = _label(local, X, vocab, pool_dates, stamps)
                k, base = 2, name
                while name in used:  # two stories can start on one day with one headline
                    name, k = f"{base} ({k})", k + 1
                used.add(name)
                tag = "cluster" if len(members) > 1 else "cluster (single article)"
            if oversize[local[0]]:  # clustered without a matrix: say how
                note = f"component of {oversize[local[0]]:,} articles"
                note = (f"sparse linkage: {note}" if complete else f"approximate: {note}, "
                        f"closest {max_pairs:,} pairs followed")
                tag = f"{tag[:-1]}; {note})" if tag.endswith(")") else f"{tag} ({note})"
            names[unlabelled] = name
            how[unlabelled] = tag

    # Copies inherit the event of their original (when the manifest left it blank).
    by_id = dict(zip(ids, names))
    for i in np.flatnonzero(((event == "") & (copy_of != "")).to_numpy()):
        names[i] = by_id.get(copy_of.iloc[i], "") or "unassigned"
        how[i] = f"copy of {copy_of.iloc[i]}"

    event = pd.Series(names, index=arts.index).astype(event.dtype)
    events = pd.DataFrame({"article_id": ids, "outlet": arts["outlet"].astype(str),
                           "published": dates, "event": event, "assigned_by": how,
                           "copy_of": copy_of}, columns=EVENT_COLUMNS)
    return events, summarize_events(events)


def summarize_events(events: pd.DataFrame) -> pd.DataFrame:
    """One row per event: its outlets (copies listed apart), dates and articles.

    Events are sorted by name; ids and copies are listed in the order of ``events``.
    One pass over rows sorted by event (a pandas sub-frame per event took most of the
    time on a large corpus). ``note`` says when an event comes from a component
    clustered without a matrix (its ``assigned_by`` says ``sparse linkage: ...`` or
    ``approximate: ...``); it is empty for the others.

    >>> ev = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["X", "Y", "Z"],
    ...     "published": pd.to_datetime(["2022-02-11", "2022-02-10", None]),
    ...     "event": ["e", "e", "e"], "copy_of": ["", "", "a"]})
    >>> row = summarize_events(ev).iloc[0]
    >>> int(row["n_articles"]), row["outlets"], row["copies"]
    (3, 'X;Y', 'c (Z, copy of a)')
    """
    ev = events.reset_index(drop=True)
    dates = ev.groupby("event", sort=True)["published"].agg(["min", "max"])
    order = np.argsort(ev["event"].to_numpy(dtype=object), kind="stable")
    name, aid, outlet, copy_of = (ev[c].to_numpy(dtype=object)[order] for c in
                                  ("event", "article_id", "outlet", "copy_of"))
    starts = np.flatnonzero(np.r_[True, name[1:] != name[:-1]]) if len(name) else []
    rows = []
    for k, (s, e) in enumerate(zip(starts, [*starts[1:], len(name)])):
        ind = [i for i in range(s, e) if copy_of[i] == ""]
        outlets = sorted(set(outlet[ind]))
        rows.append({
            "event": name[s],
            "n_articles": int(e - s),
            "n_independent": len(ind),
            "n_outlets": len(outlets),
            "outlets": ";".join(outlets),
            "copies": ";".join(f"{aid[i]} ({outlet[i]}, copy of {copy_of[i]})"
                               for i in range(s, e) if copy_of[i] != ""),
            "first_published": dates["min"].iloc[k],
            "last_published": dates["max"].iloc[k],
            "article_ids": ";".join(aid[s:e]),
        })
    summary = pd.DataFrame(rows, columns=SUMMARY_COLUMNS[:-1])
    how = ev["assigned_by"].astype(str) if "assigned_by" in ev else pd.Series(dtype=str)
    sparse = how.str.extract(r"((?:sparse linkage|approximate): [^;)]*)",
                             expand=False).dropna()
    notes = sparse.groupby(ev.loc[sparse.index, "event"]).first().to_dict()
    # Always a column (empty as a rule), so every event summary has the same columns.
    summary["note"] = pd.Series([notes.get(e, "") for e in summary["event"]], dtype="str")
    return summary
