"""``framing.compare(scores) -> Comparison``: outlets side by side.

The steps, each in its own module:

=====================  =========================================================
:mod:`.events`         group articles into events (manifest first, else TF-IDF +
                       date clustering); per-event list of outlets
:mod:`.textmatch`      syndicated copies (counted once) and shared quotations
:mod:`.profiles`       device rates by voice, source balance, actor sentiment,
                       with bootstrap intervals and small-sample flags
:mod:`.wording`        distinctive words (Monroe et al. 2008) and naming choices
:mod:`.coverage`       which claims each outlet reports within an event
:mod:`.stats`          the bootstrap and the log-odds ratio
=====================  =========================================================

**Copies counted once.** Every table except ``copies``, ``events`` and
``event_summary`` is computed over independent articles only: an article with a
``copy_of`` neither adds weight to its outlet's rates, nor to "the rest" in
distinctive wording, nor a second carrier to a shared quotation or a claim. An
outlet that only republished other outlets' articles appears in ``outlets`` with
``n_articles == 0`` and its copies listed.

**Within an event.** ``profiles_by_event``, ``sources_by_event`` and
``actor_sentiment_by_event`` are the same tables with an ``event`` column first;
``coverage`` is within-event by construction.

Examples
--------
>>> import framing
>>> c = framing.compare(framing.score(framing.load_corpus("seeds")), n_boot=200)  # doctest: +SKIP
>>> c                                                                            # doctest: +SKIP
Comparison(5 articles (1 copy), 5 outlets, 2 events; tables: events=5, ...)
>>> c.save("out/compare")                                                        # doctest: +SKIP
{'events': PosixPath('out/compare/events.csv'), ...}
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

import pandas as pd

from ..errors import FramingError
from .coverage import MAX_EVENT_SENTENCES, coverage_tables
from .events import assign_events, blank
from .profiles import (actor_sentiment_table, device_counts, device_profiles, own_quotes,
                       quote_counts, sample_note, sentiment_sums, source_balance)
from .textmatch import copies_table, shared_quotes
from .wording import distinctive_terms, naming_table, word_counts

__all__ = ["Comparison", "compare"]


@dataclass(repr=False)
class Comparison:
    """The tables of an outlet comparison (each a DataFrame; see DESIGN.md).

    Attributes
    ----------
    events : ``article_id, outlet, published, event, assigned_by, copy_of``
    event_summary : ``event, n_articles, n_independent, n_outlets, outlets, copies, ...,
        coverage`` — ``coverage`` is empty, or says why the event has no coverage rows
        (more claim sentences than ``claim_max_sentences``).
    copies : ``article_id, outlet, copy_of, copy_of_outlet, similarity, how``
    outlets : ``outlet, n_articles, n_copies, words, events, small_sample, note``
    profiles : ``outlet, device, category, voice, rate, low, high, count, words,
        n_articles, small_sample, note`` — rate per 1,000 words; 95% bootstrap
        interval over the outlet's independent articles; ``category``/``voice``
        ``"all"`` rows are totals.
    profiles_by_event : the same with ``event`` first.
    sources, sources_by_event : ``[event,] outlet, speaker_group, quotes,
        quoted_words, share, low, high, quote_share, n_articles, small_sample, note``
    actor_sentiment, actor_sentiment_by_event : ``[event,] outlet, actor, voice,
        mean, low, high, n_sentences, n_articles, small_sample, note``
    distinctive : ``outlet, kind, term, log_odds, z, count, count_rest, n_articles,
        small_sample``
    naming : ``outlet, concept, variant, count, share, n_articles, small_sample``
    shared_quotes : ``quote, speakers, n_outlets, outlets, article_ids, copies,
        similarity``
    coverage : ``event, claim_id, claim, outlet, reported, n_outlets, only,
        article_id, sentence_id, text, similarity``
    coverage_unique : ``event, outlet, claim_id, claim`` (said by one outlet only)
    coverage_omitted : ``event, outlet, claim_id, claim, reported_by``
    params : dict of the arguments used (not a table).
    """

    events: pd.DataFrame
    event_summary: pd.DataFrame
    copies: pd.DataFrame
    outlets: pd.DataFrame
    profiles: pd.DataFrame
    profiles_by_event: pd.DataFrame
    sources: pd.DataFrame
    sources_by_event: pd.DataFrame
    actor_sentiment: pd.DataFrame
    actor_sentiment_by_event: pd.DataFrame
    distinctive: pd.DataFrame
    naming: pd.DataFrame
    shared_quotes: pd.DataFrame
    coverage: pd.DataFrame
    coverage_unique: pd.DataFrame
    coverage_omitted: pd.DataFrame
    params: dict = field(default_factory=dict)

    @property
    def table_names(self) -> list[str]:
        """Names of the tables, in a stable order."""
        return [f.name for f in fields(self) if f.name != "params"]

    def save(self, out_dir) -> dict[str, Path]:
        """Write every table as ``<name>.csv`` in ``out_dir``; return ``{name: path}``."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        written = {}
        for name in self.table_names:
            path = out / f"{name}.csv"
            getattr(self, name).to_csv(path, index=False)
            written[name] = path
        return written

    def summary(self) -> str:
        """A few lines a person can read: events, outlets, copies, warnings."""
        lines = [f"{len(self.events)} articles, {len(self.copies)} syndicated copies "
                 f"(counted once), {len(self.outlets)} outlets, "
                 f"{len(self.event_summary)} events"]
        for r in self.event_summary.head(10).itertuples():
            lines.append(f"  event {r.event!r}: {r.n_independent} independent articles "
                         f"from {r.outlets or '-'}" + (f"; copies: {r.copies}" if r.copies
                                                        else ""))
        if len(self.event_summary) > 10:
            lines.append(f"  ... {len(self.event_summary) - 10} more events")
        small = self.outlets[self.outlets["small_sample"]]
        if len(small):
            lines.append(f"  small samples ({len(small)} of {len(self.outlets)} outlets "
                         f"under {self.params.get('min_articles')} articles): "
                         + "; ".join(f"{o} ({n})" for o, n in
                                     zip(small["outlet"].head(8), small["n_articles"].head(8))))
        lines.append(f"  shared quotations: {len(self.shared_quotes)}; claims only one "
                     f"outlet reports: {len(self.coverage_unique)}")
        skipped = self.params.get("coverage_skipped") or {}
        if skipped:
            lines.append(f"  coverage not computed for {len(skipped)} event(s) over "
                         f"{self.params.get('claim_max_sentences'):,} claim sentences: "
                         + "; ".join(f"{e} ({n:,})" for e, n in list(skipped.items())[:5])
                         + (" ..." if len(skipped) > 5 else ""))
        # Events of components too large for a dense matrix say so (events.assign_events).
        how = self.events.get("assigned_by", pd.Series(dtype=str)).astype(str)
        sparse, approx = how.str.contains("sparse linkage: "), how.str.contains("approximate: ")
        if sparse.any() or approx.any():
            lines.append(f"  events: {int(sparse.sum() + approx.sum()):,} articles clustered "
                         "without a distance matrix (similarity components over "
                         "max_component)" + (f", {int(approx.sum()):,} of them approximate "
                                             "(max_pairs reached)" if approx.any() else ""))
        return "\n".join(lines)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{n}={len(getattr(self, n))}" for n in self.table_names)
        return (f"Comparison({len(self.events)} articles ({len(self.copies)} copied), "
                f"{len(self.outlets)} outlets, {len(self.event_summary)} events; "
                f"tables: {sizes})")


def _outlets_table(articles: pd.DataFrame, events: pd.DataFrame, copies: pd.DataFrame,
                   min_articles: int) -> pd.DataFrame:
    ind = articles[~articles["is_copy"]]
    rows = []
    for outlet, g in articles.groupby("outlet", sort=True):
        own = ind[ind["outlet"] == outlet]
        cop = copies[copies["outlet"] == outlet]
        n = len(own)
        note = sample_note(n, min_articles)
        if n == 0 and len(cop):
            note = "only syndicated copies: " + ", ".join(
                f"{a} of {o} {c}" for a, o, c in
                zip(cop["article_id"], cop["copy_of_outlet"], cop["copy_of"]))
        rows.append({"outlet": outlet, "n_articles": n, "n_copies": len(cop),
                     "words": int(own["word_count"].sum()),
                     "events": ";".join(sorted(events.loc[events["outlet"] == outlet,
                                                          "event"].unique())),
                     "small_sample": n < min_articles, "note": note})
    return pd.DataFrame(rows, columns=["outlet", "n_articles", "n_copies", "words",
                                       "events", "small_sample", "note"])


def compare(scores, *, min_articles: int = 5, n_boot: int = 1000, seed: int = 0,
            level: float = 0.95, outlet_groups: dict[str, list[str]] | None = None,
            top_terms: int = 25, event_similarity: float = 0.1,
            event_window_days: float = 4.0, claim_similarity: float = 0.22,
            quote_containment: float = 0.6,
            claim_max_sentences: int = MAX_EVENT_SENTENCES, workers: int = 1) -> Comparison:
    """Compare outlets: events, copies, profiles, sources, sentiment, wording, coverage.

    Parameters
    ----------
    scores : framing.Scores, or str / Path
        From :func:`framing.score` (tables ``articles, sentences, spans, quotes``), or
        a folder written by ``framing score`` (streamed output): then the tables are
        read part by part and the texts are never all in memory
        (:func:`framing.compare.folder.compare_folder`); the result is the same.
    min_articles : int
        An outlet (or outlet within an event) with fewer independent articles is
        flagged ``small_sample`` in every table; one article is never a profile.
    n_boot : int
        Bootstrap replicates. Intervals are 95% (``level``) percentile intervals from
        resampling the outlet's independent articles (copies excluded) with
        replacement; with one article the interval is NaN.
    seed : int
        Seed of the bootstrap: the same inputs and seed give the same tables.
    level : float
        Interval coverage.
    outlet_groups : dict, optional
        ``{"group name": [outlets]}``: also compare each group's wording with the rest.
    top_terms : int
        Distinctive words kept per outlet, at each end of the z scale.
    event_similarity, event_window_days : float
        Event clustering: average TF-IDF cosine and the longest gap in days (see
        :func:`framing.compare.events.assign_events`).
    claim_similarity : float
        Coverage: cosine similarity for two sentences to state one claim.
    claim_max_sentences : int
        Coverage: an event with more claim sentences gets no coverage rows (its
        pairwise similarities would take ~37 bytes per pair: 6,000 sentences ~1.3 GB);
        ``event_summary.coverage`` and :meth:`Comparison.summary` name such events.
    quote_containment : float
        Shared quotations: shingle containment for two quotations to match.
    workers : int
        For a folder written by ``framing score``: processes reading its parts and
        clustering the events' claims (coverage), 0 for one per core; the tables are
        the same.

    Returns
    -------
    Comparison

    Examples
    --------
    >>> import framing
    >>> scores = framing.score(framing.load_corpus("seeds"))     # doctest: +SKIP
    >>> c = framing.compare(scores, n_boot=200)                  # doctest: +SKIP
    >>> c.shared_quotes[["outlets", "copies"]]                   # doctest: +SKIP
                       outlets         copies
    0  Armed Forces Press;WION  003 (Tsarizm)
    """
    params = dict(min_articles=min_articles, n_boot=n_boot, seed=seed, level=level,
                  outlet_groups=outlet_groups, top_terms=top_terms,
                  event_similarity=event_similarity, event_window_days=event_window_days,
                  claim_similarity=claim_similarity, quote_containment=quote_containment,
                  claim_max_sentences=claim_max_sentences)
    if isinstance(scores, (str, os.PathLike)):
        from .folder import compare_folder

        return compare_folder(scores, workers=workers, **params)
    if not all(hasattr(scores, t) for t in ("articles", "sentences", "spans", "quotes")):
        raise FramingError("compare() takes the Scores returned by framing.score(), or "
                           "the folder `framing score` wrote")
    arts = scores.articles.copy()
    if arts.empty:
        raise FramingError("compare(): the corpus has no articles")
    arts = normalise_articles(arts)
    if "word_count" not in arts:
        from ..text import count_words

        arts["word_count"] = [count_words(t) for t in arts["text"].fillna("")]
    copies = copies_table(arts)
    # Detected copies are written back so that every later step sees one column.
    copy_of = dict(zip(copies["article_id"], copies["copy_of"]))
    arts["copy_of"] = [copy_of.get(a, "") for a in arts["article_id"]]
    arts["is_copy"] = arts["copy_of"] != ""
    events, event_summary = assign_events(arts, min_similarity=event_similarity,
                                          window_days=event_window_days)
    ind = arts[~arts["is_copy"]].reset_index(drop=True)
    ids = set(ind["article_id"])

    def own(table: pd.DataFrame) -> pd.DataFrame:
        if table is None or table.empty:
            return pd.DataFrame(columns=getattr(table, "columns", []))
        t = table.assign(article_id=table["article_id"].astype(str))
        return t[t["article_id"].isin(ids)]

    spans, quotes, sentences = own(scores.spans), own(scores.quotes), own(scores.sentences)
    if len(quotes):
        quotes = own_quotes(quotes, dict(zip(ind["article_id"], ind["text"].fillna(""))))
    summaries = Summaries(
        device_counts=device_counts(spans), quote_counts=quote_counts(quotes),
        sentiment_sums=sentiment_sums(sentences), word_counts=word_counts(ind),
        naming_spans=naming_spans(spans), quotes=scores.quotes,
        coverage=coverage_tables(sentences, events, min_similarity=claim_similarity,
                                 max_sentences=claim_max_sentences))
    return assemble(arts, events, event_summary, copies, summaries, params)


def normalise_articles(arts: pd.DataFrame) -> pd.DataFrame:
    """String ids, and a name for articles without an outlet (in place; returned)."""
    arts["article_id"] = arts["article_id"].astype(str)
    if "outlet" not in arts:
        arts["outlet"] = ""
    arts["outlet"] = arts["outlet"].where(~blank(arts["outlet"]), "(unknown outlet)")
    return arts


def naming_spans(spans: pd.DataFrame) -> pd.DataFrame:
    """The spans the naming table reads (``naming choice`` rows)."""
    if spans is None or spans.empty:
        return pd.DataFrame(columns=["article_id", "device", "category", "entry", "text"])
    return spans[spans["device"] == "naming choice"]


@dataclass
class Summaries:
    """What the outlet tables are computed from, article by article, without texts.

    :func:`compare` builds it from a :class:`framing.Scores` in memory;
    :func:`framing.compare.folder.compare_folder` part by part from a streamed folder.
    """

    device_counts: pd.DataFrame     # profiles.device_counts
    quote_counts: pd.DataFrame      # profiles.quote_counts
    sentiment_sums: pd.DataFrame    # profiles.sentiment_sums
    word_counts: object             # wording.WordCounts
    naming_spans: pd.DataFrame      # naming_spans
    quotes: pd.DataFrame            # quotations long enough to be shared (all articles)
    coverage: tuple                 # coverage_tables(...)


def assemble(arts: pd.DataFrame, events: pd.DataFrame, event_summary: pd.DataFrame,
             copies: pd.DataFrame, summaries: Summaries, params: dict) -> Comparison:
    """Every table of a :class:`Comparison` from the articles (no text needed),
    their events and copies, and the :class:`Summaries`."""
    arts = arts.assign(event=events["event"].to_numpy(), is_copy=arts["copy_of"] != "")
    ind = arts[~arts["is_copy"]].reset_index(drop=True)
    min_articles = params["min_articles"]
    boot = {k: params[k] for k in ("min_articles", "n_boot", "seed", "level")}
    by_event = ("event", "outlet")
    try:
        from ..lexicon import load_lexicon

        entries = load_lexicon().entries
    except Exception:  # the naming table still works from the spans alone
        entries = None
    s = summaries
    coverage, unique, omitted, skipped = s.coverage
    params = {**params, "coverage_skipped": skipped}
    limit = params.get("claim_max_sentences", MAX_EVENT_SENTENCES)
    event_summary = event_summary.assign(coverage=[
        f"not computed: {skipped[e]:,} claim sentences, over the limit of {limit:,} "
        "(claim_max_sentences)" if e in skipped else "" for e in event_summary["event"]])
    return Comparison(
        events=events,
        event_summary=event_summary,
        copies=copies,
        outlets=_outlets_table(arts, events, copies, min_articles),
        profiles=device_profiles(ind, counts=s.device_counts, **boot),
        profiles_by_event=device_profiles(ind, counts=s.device_counts, by=by_event, **boot),
        sources=source_balance(ind, counts=s.quote_counts, **boot),
        sources_by_event=source_balance(ind, counts=s.quote_counts, by=by_event, **boot),
        actor_sentiment=actor_sentiment_table(ind, sums=s.sentiment_sums, **boot),
        actor_sentiment_by_event=actor_sentiment_table(ind, sums=s.sentiment_sums,
                                                       by=by_event, **boot),
        distinctive=distinctive_terms(counts=s.word_counts, groups=params["outlet_groups"],
                                      top=params["top_terms"], min_articles=min_articles),
        naming=naming_table(ind, s.naming_spans, lexicon_entries=entries,
                            min_articles=min_articles),
        shared_quotes=shared_quotes(s.quotes, arts,
                                    min_containment=params["quote_containment"]),
        coverage=coverage,
        coverage_unique=unique,
        coverage_omitted=omitted,
        params=params,
    )
