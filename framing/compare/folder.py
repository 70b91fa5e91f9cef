"""``framing.compare`` on a folder written by streaming, without holding the texts.

``framing score BIG --out DIR`` writes ``DIR/<table>.parquet/part-*.parquet``; here
the comparison reads it part by part. What stays in memory is what the tables are
computed from, never the article texts:

======================  ====================================================  =========
kept                     from                                                  per
======================  ====================================================  =========
articles (no text)      ``article_id, outlet, published, event, copy_of,       article
                        word_count``
device counts           spans → :func:`.profiles.device_counts`                article × device
quote counts            quotes → :func:`.profiles.own_quotes` (with the part's    article × speaker group
                        texts) → :func:`.profiles.quote_counts`
sentiment sums          sentences → :func:`.profiles.sentiment_sums`            article × actor
word counts             texts → :func:`.wording.word_counts`, added up          outlet × word
naming spans            ``naming choice`` spans                                 span
quotation candidates    quotes of 6+ words (for shared quotations)             quotation
event term counts       only when some article has no ``event``               article × term
copy shingles           only of copies and their originals                    copy
claim sentences         second pass; spilled to disk by event when large,     sentence
                        then compared one event at a time
======================  ====================================================  =========

With ``workers`` (``framing compare --workers``, one per core by default) both passes
run in forked processes, part by part and event by event (:mod:`.pool`).

Each step is the function :func:`framing.compare` runs on a :class:`framing.Scores`
in memory, applied to parts, so the tables are the same (tested); the syndicated
copies are those the streaming run found (``articles.copy_of``).

Examples
--------
>>> import framing
>>> framing.score_path("seeds", "/tmp/seeds-scored")          # doctest: +SKIP
>>> c = framing.compare("/tmp/seeds-scored", n_boot=200)      # doctest: +SKIP
"""
from __future__ import annotations

import math
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..copies import shingles
from ..errors import FramingError
from ..stream import (_part, _read_manifest, finished_chunks, is_partitioned, read_table,
                      stop_pool)
from ..text import words
from . import Summaries, assemble, normalise_articles
from .coverage import (MAX_EVENT_SENTENCES, claim_articles, claim_sentences,
                       coverage_from_events)
from .events import assign_events, blank, event_term_counts, merge_term_counts
from .pool import fork_pool, in_order
from .profiles import device_counts, own_quotes, quote_counts, sentiment_sums
from .textmatch import copies_table
from .wording import merge_word_counts, word_counts

__all__ = ["compare_folder"]

_META = ["article_id", "outlet", "published", "event", "copy_of", "word_count"]
_QUOTE_COLUMNS = ["article_id", "start", "end", "text", "speaker", "speaker_group"]
_SHARED_MIN_WORDS = 6        # textmatch.shared_quotes' own floor: shorter never match


def compare_folder(folder, *, min_articles: int = 5, n_boot: int = 1000, seed: int = 0,
                   level: float = 0.95, outlet_groups: dict[str, list[str]] | None = None,
                   top_terms: int = 25, event_similarity: float = 0.1,
                   event_window_days: float = 4.0, claim_similarity: float = 0.22,
                   quote_containment: float = 0.6, progress: bool = False,
                   spill_rows: int = 300_000,
                   claim_max_sentences: int = MAX_EVENT_SENTENCES, workers: int = 1):
    """Compare the outlets of a streamed folder, part by part.

    Parameters are those of :func:`framing.compare`; ``progress`` shows a bar per
    pass; with more than ``spill_rows`` claim sentences (pass 2), they are written to
    disk by event and read back one group of events at a time. ``workers`` > 1
    summarises the parts and clusters the events' claims (coverage, the costliest
    step) in that many processes, forked before anything is read; 0 means one per
    core. The tables are the same.

    Returns
    -------
    framing.Comparison
        The same tables as ``framing.compare(framing.Scores.load(folder))``.
    """
    folder = Path(folder)
    if not is_partitioned(folder):
        raise FramingError(f"{folder}: not a folder written by `framing score` "
                           "(no _manifest.json)")
    chunks = finished_chunks(folder)
    if not chunks:
        raise FramingError(f"{folder}: no finished chunks to compare")
    if workers < 0:
        raise FramingError("workers must be at least 0 (0: one per core)")
    params = dict(min_articles=min_articles, n_boot=n_boot, seed=seed, level=level,
                  outlet_groups=outlet_groups, top_terms=top_terms,
                  event_similarity=event_similarity, event_window_days=event_window_days,
                  claim_similarity=claim_similarity, quote_containment=quote_containment,
                  claim_max_sentences=claim_max_sentences)
    pool, done = fork_pool(workers), False
    try:
        result = _compare(folder, chunks, params, progress, spill_rows, pool)
        done = True
        return result
    finally:
        stop_pool(pool, finished=done)


def _compare(folder: Path, chunks: list[int], params: dict, progress: bool,
             spill_rows: int, pool):
    from tqdm.auto import tqdm

    arts = _articles(folder)
    bounds = _chunk_bounds(folder, chunks, len(arts))
    ev_opts = dict(min_similarity=params["event_similarity"],
                   window_days=params["event_window_days"])
    copy_ids = set(arts.loc[arts["copy_of"] != "", "article_id"])
    need_shingles = copy_ids | set(arts.loc[arts["copy_of"] != "", "copy_of"])
    cluster = bool(((arts["event"] == "") & (arts["copy_of"] == "")).any())

    acc = _Accumulator(folder, cluster)
    jobs = (acc.job(folder, ci, arts.iloc[slice(*bounds[ci])], copy_ids, need_shingles)
            for ci in chunks)
    with tqdm(total=len(chunks), desc="compare: reading parts", unit="part",
              disable=not progress) as bar:
        for summary in in_order(pool, _summarise_part, jobs):
            acc.merge(summary)
            bar.update()
    copies = copies_table(arts, shingles_of=acc.shingles)
    if cluster:
        events, event_summary = assign_events(
            arts, term_counts=merge_term_counts(acc.term_parts), **ev_opts)
    else:
        events, event_summary = assign_events(arts, **ev_opts)
    coverage = _coverage(folder, chunks, bounds, events, params["claim_similarity"],
                         progress, spill_rows, params["claim_max_sentences"], pool)
    summaries = Summaries(
        device_counts=_concat(acc.device), quote_counts=_concat(acc.quotes),
        sentiment_sums=_concat(acc.sentiment), word_counts=merge_word_counts(acc.words),
        naming_spans=_concat(acc.naming), quotes=_concat(acc.shared), coverage=coverage)
    return assemble(arts, events, event_summary, copies, summaries, params)


def _articles(folder: Path) -> pd.DataFrame:
    """The articles table without texts, normalised as :func:`framing.compare` does."""
    names = _columns(folder, "articles")
    arts = read_table(folder, "articles", columns=[c for c in _META if c in names])
    for col in ("event", "copy_of"):
        if col not in arts:
            arts[col] = ""
    if "word_count" not in arts:
        raise FramingError(f"{folder}: the articles table has no word_count column")
    arts = normalise_articles(arts)
    arts["copy_of"] = arts["copy_of"].where(~blank(arts["copy_of"]), "").astype(str)
    arts["event"] = arts["event"].where(~blank(arts["event"]), "").astype(str)
    return arts


def _columns(folder: Path, table: str) -> set[str]:
    """The column names of a table's parts (all parts share one schema)."""
    import pyarrow.parquet as pq

    parts = sorted((folder / f"{table}.parquet").glob("part-*.parquet"))
    return set(pq.read_schema(parts[0]).names) if parts else set()


def _chunk_bounds(folder: Path, chunks: list[int], n: int) -> dict[int, tuple[int, int]]:
    """Rows of each chunk in the articles table (parts are read in chunk order)."""
    import pyarrow.parquet as pq

    bounds, lo = {}, 0
    for ci in chunks:
        p = _part(folder, "articles", ci)
        rows = pq.ParquetFile(p).metadata.num_rows if p.exists() else 0
        bounds[ci] = (lo, lo + rows)
        lo += rows
    if lo != n:
        raise FramingError(f"{folder}: the articles parts changed while being read")
    return bounds


def _read(folder: Path, name: str, ci: int, columns: list[str]) -> pd.DataFrame:
    p = _part(folder, name, ci)
    if not p.exists():
        return pd.DataFrame(columns=columns)
    df = pd.read_parquet(p, columns=columns)
    df["article_id"] = df["article_id"].astype(str)
    return df


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["article_id"])


class _Accumulator:
    """The per-part summaries of pass 1 (see the module docstring), merged in order."""

    def __init__(self, folder: Path, cluster: bool):
        self.cluster = cluster
        # Columns read from every part, decided once (all parts share one schema).
        self.article_cols = ["article_id", "text"] + (
            ["title"] if cluster and "title" in _columns(folder, "articles") else [])
        have = _columns(folder, "quotes")
        self.quote_cols = [c for c in _QUOTE_COLUMNS if c in have or c in ("article_id",
                                                                             "text")]
        self.device, self.quotes, self.sentiment, self.naming, self.shared = [], [], [], [], []
        self.words, self.term_parts, self.shingles = [], [], {}

    def job(self, folder: Path, ci: int, meta: pd.DataFrame, copy_ids: set,
            need_shingles: set) -> tuple:
        """The arguments of :func:`_summarise_part` for part ``ci`` (only its own ids)."""
        ids = meta["article_id"]
        return (folder, ci, meta[["article_id", "outlet"]], copy_ids.intersection(ids),
                need_shingles.intersection(ids), self.cluster, self.article_cols,
                self.quote_cols)

    def merge(self, r: dict) -> None:
        self.shingles.update(r["shingles"])
        self.words.append(r["words"])
        if len(self.words) > 32:   # keep the running sum small
            self.words = [merge_word_counts(self.words)]
        if r["terms"] is not None:
            self.term_parts.append(r["terms"])
        self.device.append(r["device"])
        self.naming.append(r["naming"])
        self.shared.append(r["shared"])
        if r["quotes"] is not None:
            self.quotes.append(r["quotes"])
        self.sentiment.append(r["sentiment"])


def _summarise_part(folder: Path, ci: int, meta: pd.DataFrame, copy_ids: set,
                    need_shingles: set, cluster: bool, article_cols: list[str],
                    quote_cols: list[str]) -> dict:
    """Pass 1 on one part: what the tables need of it, without its texts."""
    part = _read(folder, "articles", ci, article_cols)
    if not part["article_id"].equals(meta["article_id"].reset_index(drop=True)):
        raise FramingError(f"{folder}: part {ci} does not match the articles table")
    text = part["text"].fillna("").astype(str)
    r: dict = {"shingles": {a: shingles(t) for a, t in zip(part["article_id"], text)
                            if a in need_shingles}, "terms": None, "quotes": None}
    own = ~part["article_id"].isin(copy_ids).to_numpy()
    ids = set(part["article_id"][own])
    r["words"] = word_counts(pd.DataFrame({"outlet": meta["outlet"].to_numpy()[own],
                                           "text": text[own].to_numpy()}))
    if cluster:
        # Copies are never clustered: their rows stay empty.
        blanked = part.assign(text=text.where(own, ""))
        if "title" in blanked:
            blanked["title"] = blanked["title"].where(own, "")
        r["terms"] = event_term_counts(blanked)

    spans = _read(folder, "spans", ci, ["article_id", "device", "category", "voice",
                                        "entry", "text"])
    spans = spans[spans["article_id"].isin(ids)]
    r["device"] = device_counts(spans)
    r["naming"] = spans[spans["device"] == "naming choice"]

    quotes = _read(folder, "quotes", ci, quote_cols)
    long_enough = np.array([len(words(t)) >= _SHARED_MIN_WORDS
                            for t in quotes["text"].fillna("").astype(str)], dtype=bool)
    r["shared"] = quotes[long_enough][["article_id", "text"] + (
        ["speaker"] if "speaker" in quotes else [])]
    mine = quotes[quotes["article_id"].isin(ids)]
    if len(mine):
        texts = dict(zip(part["article_id"][own], text[own]))
        r["quotes"] = quote_counts(own_quotes(mine, texts))

    sent = _read(folder, "sentences", ci, ["article_id", "actors", "voice", "compound"])
    r["sentiment"] = sentiment_sums(sent[sent["article_id"].isin(ids)])
    return r


def _coverage(folder: Path, chunks: list[int], bounds: dict, events: pd.DataFrame,
              min_similarity: float, progress: bool, spill_rows: int,
              max_sentences: int = MAX_EVENT_SENTENCES, pool=None):
    """Pass 2: claim sentences, grouped by event; spilled to disk when many."""
    from tqdm.auto import tqdm

    eligible = claim_articles(events)
    share = len(eligible) / max(len(events), 1)
    done = _read_manifest(folder)["done"]
    expected = share * sum(done.get(str(ci), {}).get("sentences", 0) for ci in chunks)
    buckets = max(1, math.ceil(expected / spill_rows))
    cols = ["article_id", "sentence_id", "start", "text"]
    held: list[pd.DataFrame] = []
    with tempfile.TemporaryDirectory(prefix=".compare-", dir=folder) as tmp:
        spilled = 0
        for ci in tqdm(chunks, desc="compare: claims", unit="part", disable=not progress):
            lo, hi = bounds[ci]
            ids = events["article_id"].iloc[lo:hi]
            arts = eligible[eligible["article_id"].isin(ids)]
            if arts.empty:
                continue
            held.append(claim_sentences(_read(folder, "sentences", ci, cols), events,
                                        articles=arts))
            if buckets > 1 and sum(map(len, held)) >= spill_rows:
                _spill(held, buckets, Path(tmp), spilled)
                held, spilled = [], spilled + 1
        if buckets > 1:
            if held:
                _spill(held, buckets, Path(tmp), spilled)
            groups = _spilled_events(Path(tmp), buckets)
        else:
            groups = _concat(held).groupby("event", sort=True) if held else []
        return coverage_from_events(groups, min_similarity, max_sentences, pool)


def _spill(frames: list[pd.DataFrame], buckets: int, tmp: Path, k: int) -> None:
    df = pd.concat(frames, ignore_index=True)
    bucket = pd.util.hash_array(df["event"].to_numpy(dtype=object)) % buckets
    for b, g in df.groupby(bucket):
        d = tmp / f"bucket-{int(b):04d}"
        d.mkdir(exist_ok=True)
        g.to_parquet(d / f"{k:06d}.parquet", index=False)


def _spilled_events(tmp: Path, buckets: int):
    """One bucket at a time: every event of a bucket is in that bucket only."""
    for b in range(buckets):
        files = sorted((tmp / f"bucket-{b:04d}").glob("*.parquet"))
        if files:
            df = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
            yield from df.groupby("event", sort=True)
