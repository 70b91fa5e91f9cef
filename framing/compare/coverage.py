"""Coverage within an event: which claims each outlet reports, and which it leaves out.

A *claim* is a group of sentences, from different outlets' articles about one
event, that say the same thing. Sentences are compared by TF-IDF cosine similarity
over word stems (package tokenizer and stemmer, English stop words removed, numbers
kept because "30,000 troops" vs "100,000 troops" is exactly the kind of fact that
differs), and grouped by average-linkage clustering: a sentence joins a claim when
its average similarity to the claim's sentences is at least ``min_similarity``.
Sentences of one article are kept apart (a claim is something *several* outlets
may report), and very short sentences (captions, bylines) are left out.

On the seeds, sentences that report the same fact in different words score
0.22–0.35 (e.g. "the West ... accuses Moscow of massing 100,000 troops" vs "the
West has accused Russia of preparing to allegedly 'invade'"), while sentences that
merely share the topic words (Russia, Belarus, drills) score below 0.2; hence the
default 0.22. TF-IDF cannot see paraphrase without shared words, so a claim "only
one outlet reports" means "no other outlet said it in similar words" — read the
sentences before concluding an omission.

Syndicated copies are left out (they would inflate agreement); the event summary
lists them.

**Large events.** Clustering an event's sentences needs their pairwise similarities:
~37 bytes per pair of sentences at the peak (measured: 592 MB for 4,000 sentences),
so an event of 20,000 claim sentences (~1,000 articles) would need ~15 GB. An event
with more than ``max_sentences`` claim sentences (default
:data:`MAX_EVENT_SENTENCES`, ~1.3 GB) gets no coverage rows; it is listed, with its
count, in what :func:`coverage_from_events` returns as skipped, and the comparison's
``event_summary`` says so in its ``coverage`` column. Raise the limit if the memory
is there, or compare that event's articles on their own.

Examples
--------
>>> import framing                                                     # doctest: +SKIP
>>> c = framing.compare(framing.score(framing.load_corpus("seeds")))   # doctest: +SKIP
>>> c.coverage_unique[["event", "outlet", "claim"]]                    # doctest: +SKIP
"""
from __future__ import annotations


import numpy as np
import pandas as pd

from ..text import stem, words

__all__ = ["coverage_tables", "claim_articles", "claim_sentences", "coverage_from_events",
           "COVERAGE_COLUMNS", "MAX_EVENT_SENTENCES"]

#: Claim sentences of one event above which its coverage is not computed (see above).
MAX_EVENT_SENTENCES = 6000

COVERAGE_COLUMNS = ["event", "claim_id", "claim", "outlet", "reported", "n_outlets",
                    "only", "article_id", "sentence_id", "text", "similarity"]
_STOP: frozenset[str] | None = None


def _tokens(text: str) -> list[str]:
    global _STOP
    if _STOP is None:
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        _STOP = frozenset(ENGLISH_STOP_WORDS)
    return [stem(w) for w in words(text.lower()) if w not in _STOP]


def _claims(sent: pd.DataFrame, min_similarity: float) -> tuple[np.ndarray, np.ndarray]:
    """Cluster the sentences of one event; return labels and the similarity matrix."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    vec = TfidfVectorizer(tokenizer=_tokens, token_pattern=None, lowercase=False,
                          sublinear_tf=True)
    sim = cosine_similarity(vec.fit_transform(sent["text"].tolist()))
    if len(sent) < 2:
        return np.zeros(len(sent), dtype=int), sim
    from sklearn.cluster import AgglomerativeClustering

    dist = np.clip(1.0 - sim, 0.0, None)
    art = sent["article_id"].to_numpy()
    dist[art[:, None] == art[None, :]] = 2.0  # never merge two sentences of one article
    np.fill_diagonal(dist, 0.0)
    labels = AgglomerativeClustering(n_clusters=None, metric="precomputed",
                                     linkage="average",
                                     distance_threshold=1.0 - min_similarity).fit_predict(dist)
    return labels, sim


def coverage_tables(sentences: pd.DataFrame, events: pd.DataFrame, *,
                    min_similarity: float = 0.22, min_words: int = 6,
                    max_sentences: int = MAX_EVENT_SENTENCES
                    ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict]:
    """Align the claims of every event reported by two or more outlets.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The ``sentences`` table (``article_id, sentence_id, start, text``).
    events : pandas.DataFrame
        ``article_id, outlet, event, copy_of`` (from :func:`.events.assign_events`).
    min_similarity : float
        Average cosine similarity for sentences to count as one claim.
    min_words : int
        Shorter sentences are not claims.
    max_sentences : int
        An event with more claim sentences is skipped (memory; see above).

    Returns
    -------
    coverage : pandas.DataFrame
        One row per claim × outlet of the event: ``event, claim_id, claim`` (the
        sentence most similar to the claim's others), ``outlet, reported,
        n_outlets`` (outlets reporting it), ``only`` (the outlet, when just one does),
        ``article_id, sentence_id, text`` (the outlet's own sentence, empty when not
        reported), ``similarity`` (of that sentence to ``claim``). Claims are ordered
        by how many outlets report them, then by where they first appear.
    unique : pandas.DataFrame
        ``event, outlet, claim_id, claim``: what only one outlet says.
    omitted : pandas.DataFrame
        ``event, outlet, claim_id, claim, reported_by``: claims an outlet leaves out
        that at least ``min(2, n_outlets - 1)`` of the other outlets report.
    skipped : dict
        ``{event: number of claim sentences}`` of the events over ``max_sentences``.
    """
    sent = claim_sentences(sentences, events, min_words=min_words)
    return coverage_from_events(sent.groupby("event", sort=True), min_similarity,
                                max_sentences)


def claim_articles(events: pd.DataFrame) -> pd.DataFrame:
    """``article_id, outlet, event`` of the independent articles of events that two or
    more outlets report: the articles whose sentences can be claims."""
    ev = events[events["copy_of"] == ""][["article_id", "outlet", "event"]]
    n_out = ev.groupby("event")["outlet"].nunique()
    return ev[ev["event"].isin(n_out[n_out >= 2].index)]


def claim_sentences(sentences: pd.DataFrame, events: pd.DataFrame, *,
                    min_words: int = 6, articles: pd.DataFrame | None = None
                    ) -> pd.DataFrame:
    """The sentences that can be claims (:func:`claim_articles`, at least ``min_words``
    words), with ``outlet`` and ``event``.

    Sentence by sentence, so a corpus can be filtered part by part: pass the
    :func:`claim_articles` of the whole corpus as ``articles`` (``events`` is then
    not read).
    """
    ev = claim_articles(events) if articles is None else articles
    sent = sentences.merge(ev, on="article_id")
    return sent[np.array([len(words(t)) >= min_words for t in sent["text"].astype(str)],
                         dtype=bool)]


def coverage_from_events(groups, min_similarity: float = 0.22,
                         max_sentences: int = MAX_EVENT_SENTENCES, pool=None
                         ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict]:
    """:func:`coverage_tables` from ``(event, claim sentences)`` pairs, one event at a
    time (memory follows the largest event, up to ``max_sentences``); events in any
    order.

    ``pool``: a :class:`concurrent.futures.Executor` to cluster the events in
    (:func:`framing.compare.pool.in_order`); the tables are the same.
    """
    skipped: dict = {}

    def todo():
        for event, s in groups:
            if len(s) > max_sentences:
                skipped[event] = len(s)
            else:
                yield event, s

    from .pool import in_order

    parts = dict(in_order(pool, _event_rows, ((e, s, min_similarity) for e, s in todo())))
    if parts:
        # One frame for all events, from column lists: a frame per event (and pandas
        # calls per event) cost ~3x the clustering itself on corpora of many events.
        # Column by column, each event's list dropped once copied: a million rows of
        # lists are ~100 MB per copy.
        order, cols = sorted(parts), {}
        for c in COVERAGE_COLUMNS:
            cols[c] = pd.Series([v for e in order for v in parts[e][c]],
                                dtype="float64" if c == "similarity" else None)
            for e in order:
                parts[e][c] = None
        coverage = pd.DataFrame(cols, columns=COVERAGE_COLUMNS)
    else:
        coverage = pd.DataFrame(columns=COVERAGE_COLUMNS)
    unique = coverage[coverage["reported"] & (coverage["n_outlets"] == 1)][
        ["event", "outlet", "claim_id", "claim"]].reset_index(drop=True)
    omitted = _omitted(coverage)
    return coverage, unique, omitted, dict(sorted(skipped.items()))


def _event_rows(event: str, s: pd.DataFrame, min_similarity: float) -> tuple[str, dict]:
    return event, _event_coverage(event, s, min_similarity)


def _event_coverage(event: str, s: pd.DataFrame, min_similarity: float) -> dict[str, list]:
    """The claim × outlet rows of one event, as column lists (:data:`COVERAGE_COLUMNS`).

    Claims are ordered by how many outlets report them, then by their first sentence;
    within a claim, outlets in name order.
    """
    s = s.sort_values(["outlet", "article_id", "start"]).reset_index(drop=True)
    labels, sim = _claims(s, min_similarity)
    n = len(s)
    outlet, text = s["outlet"].tolist(), s["text"].tolist()
    article, sentence = s["article_id"].tolist(), s["sentence_id"].tolist()
    # Representative of a claim: the member with the highest summed similarity to
    # the other members (the medoid), the first such sentence on a tie; computed at
    # once for all claims by masking the similarity matrix to same-claim pairs.
    same = labels[:, None] == labels[None, :]
    centrality = np.where(same, sim, 0.0).sum(1)
    by_claim = np.lexsort((-centrality, labels))   # stable: ties keep sentence order
    heads = np.flatnonzero(np.r_[True, labels[by_claim][1:] != labels[by_claim][:-1]])
    rep = np.empty(labels.max() + 1 if n else 0, dtype=np.int64)
    rep[labels[by_claim][heads]] = by_claim[heads]
    similarity = sim[rep[labels], np.arange(n)].round(3)

    first: dict[int, int] = {}            # claim -> its first sentence
    claim_outlets: dict[int, set] = {}
    for i, lab in enumerate(labels.tolist()):
        first.setdefault(lab, i)
        claim_outlets.setdefault(lab, set()).add(outlet[i])
    n_out = {lab: len(o) for lab, o in claim_outlets.items()}
    order = sorted(first, key=lambda lab: (-n_out[lab], first[lab]))
    # Each outlet's own sentence for a claim: its most similar one to the claim. The
    # order is pandas' descending sort of the similarities (not a stable sort), as
    # before, so that ties pick the same sentence.
    best: dict[tuple[int, str], int] = {}
    for i in pd.Series(similarity).sort_values(ascending=False).index.tolist():
        best.setdefault((int(labels[i]), outlet[i]), i)

    outlets = sorted(set(outlet))
    width = len(str(len(order)))
    cols: dict[str, list] = {c: [] for c in COVERAGE_COLUMNS}
    for k, lab in enumerate(order, start=1):
        claim_id, claim = f"c{k:0{width}d}", text[rep[lab]]
        only = outlet[first[lab]] if n_out[lab] == 1 else ""
        for o in outlets:
            i = best.get((lab, o))
            cols["event"].append(event)
            cols["claim_id"].append(claim_id)
            cols["claim"].append(claim)
            cols["outlet"].append(o)
            cols["reported"].append(i is not None)
            cols["n_outlets"].append(n_out[lab])
            cols["only"].append(only)
            cols["article_id"].append("" if i is None else article[i])
            cols["sentence_id"].append("" if i is None else sentence[i])
            cols["text"].append("" if i is None else text[i])
            cols["similarity"].append(np.nan if i is None else float(similarity[i]))
    return cols


def _omitted(coverage: pd.DataFrame) -> pd.DataFrame:
    cols = ["event", "outlet", "claim_id", "claim", "reported_by"]
    if coverage.empty:
        return pd.DataFrame(columns=cols)
    n_outlets = coverage.groupby("event")["outlet"].transform("nunique")
    need = np.minimum(2, n_outlets - 1)
    miss = coverage[~coverage["reported"] & (coverage["n_outlets"] >= need)]
    who = (coverage[coverage["reported"]].groupby(["event", "claim_id"])["outlet"]
           .agg(lambda x: ";".join(sorted(x))).rename("reported_by"))
    out = miss.merge(who.reset_index(), on=["event", "claim_id"], how="left")
    return out[cols].reset_index(drop=True)
