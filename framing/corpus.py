"""Load a corpus into the ``articles`` table, validate it, clean it, mark copies.

Accepted inputs (see DESIGN.md):

* a folder of ``.txt`` and/or saved ``.html`` pages (any depth), with an optional
  ``manifest.csv`` (``file, outlet, domain, url, published, event[, title, id]``);
* one ``.csv``, ``.jsonl`` or ``.parquet`` file with a ``text`` column (and optionally
  ``id``/``article_id``, ``outlet``, ``domain``, ``url``, ``published``, ``event``,
  ``title``).

Nothing is lost silently: a file that cannot be read is skipped with a
:class:`CorpusWarning` naming it and the problem (``errors="raise"`` turns these into
:class:`~framing.errors.CorpusError`), and is listed in ``articles.attrs["skipped"]``;
every line the cleaner removed is kept in the ``removed`` column.

Examples
--------
>>> from framing.corpus import load_corpus, summarize
>>> articles = load_corpus("seeds", progress=False)
>>> articles.loc[3, ["article_id", "outlet", "copy_of"]].tolist()
['003_1998e0662f3ef197', 'Tsarizm', '001_5e91cf48cce6411a']
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
from tqdm.auto import tqdm

from .clean import clean_article, corpus_repeats, line_key
from .copies import find_copies
from .errors import CorpusError
from .readers import (DEFAULT_MAX_BYTES, HTML_EXTS, TABLE_EXTS, TEXT_EXTS, CorpusWarning,
                      _file_records, _folder_records, _Loader, _table_records, _warn)
from .text import count_text_words

__all__ = ["load_corpus", "summarize", "CorpusWarning", "COLUMNS", "DEFAULT_MAX_BYTES"]

COLUMNS = ["article_id", "outlet", "domain", "url", "published", "event", "title", "text",
           "raw_text", "word_count", "boilerplate_chars", "copy_of", "removed", "source_file"]
# Fewer words than this after cleaning is an error page, a stub or a failed extraction.
MIN_WORDS = 30


def _assign_ids(records: list[dict]) -> None:
    """Hash ids for rows without one; identical texts get ``_2``, ``_3`` and a warning."""
    seen: dict[str, int] = {}
    for rec in records:
        if "article_id" in rec:
            continue
        base = "h" + hashlib.sha1(rec["raw_text"].encode("utf-8")).hexdigest()[:16]
        seen[base] = seen.get(base, 0) + 1
        rec["article_id"] = base if seen[base] == 1 else f"{base}_{seen[base]}"
        if seen[base] == 2:
            _warn(f"{rec['source_file']}: same text as an earlier row (id {base}); "
                  "kept as a separate article")
    ids = pd.Series([r["article_id"] for r in records])
    dup = ids[ids.duplicated(keep=False)]
    if len(dup):
        where = {i: [r["source_file"] for r in records if r["article_id"] == i]
                 for i in sorted(set(dup))[:10]}
        raise CorpusError("duplicate article ids: " + "; ".join(
            f"'{i}' ({', '.join(files)})" for i, files in where.items()))


def _parse_dates(values: list, sources: list[str]) -> pd.Series:
    s = pd.Series(values, dtype=object)
    out = pd.to_datetime(s.replace("", None), errors="coerce", utc=True, format="mixed")
    for i in s.index[out.isna() & s.map(lambda v: v not in ("", None) and not pd.isna(v))]:
        _warn(f"{sources[i]}: cannot read the date {s[i]!r}; published left empty")
    return out.dt.tz_convert(None).astype("datetime64[ns]")


def _group(rec: dict) -> str:
    return (rec.get("outlet") or rec.get("domain") or "").casefold()


def _clean_all(records: list[dict], progress: bool) -> None:
    """Clean every article; then remove short lines repeated across an outlet's pages."""
    for rec in tqdm(records, desc="cleaning", unit="article",
                    disable=not progress or len(records) < 200):
        rec["cleaned"] = clean_article(rec.get("clean_from", rec["raw_text"]),
                                       outlet=rec.get("outlet"), title=rec.get("title"))
    groups: dict[str, list[int]] = {}
    for i, rec in enumerate(records):
        groups.setdefault(_group(rec), []).append(i)
    if max(map(len, groups.values()), default=0) < 3:
        return
    # Syndicated copies share every line: count each cluster of copies once.
    pass1 = pd.DataFrame({"article_id": [str(i) for i in range(len(records))],
                          "text": [r["cleaned"].text for r in records]})
    copy_of = set(find_copies(pass1, across_outlets_only=False)["article_id"].astype(int))
    for members in groups.values():
        if len(members) < 3:
            continue
        originals = [records[i]["cleaned"].text for i in members if i not in copy_of]
        repeats = corpus_repeats(originals)
        if not repeats:
            continue
        for i in members:
            rec = records[i]
            if any(line_key(ln) in repeats for ln in rec["cleaned"].text.split("\n")):
                rec["cleaned"] = clean_article(rec.get("clean_from", rec["raw_text"]),
                                               outlet=rec.get("outlet"), title=rec.get("title"),
                                               corpus_repeats=repeats)


def load_corpus(path, *, manifest=None, progress: bool = True,
                max_bytes: int = DEFAULT_MAX_BYTES, errors: str = "warn",
                copy_threshold: float = 0.7) -> pd.DataFrame:
    """Load, clean and validate a corpus; return the ``articles`` table.

    Parameters
    ----------
    path : str or Path
        A folder of ``.txt``/``.html`` files, or one CSV/JSONL/Parquet file.
    manifest : str or Path, optional
        Manifest CSV of a folder (default: ``PATH/manifest.csv`` when present).
    progress : bool
        Show tqdm progress bars on large corpora.
    max_bytes : int
        Largest accepted article file (or table text); bigger ones are refused with a
        size message instead of being read.
    errors : {"warn", "raise"}
        What to do with a file that cannot be used (empty, binary, too large,
        unsupported, unmatched manifest row): skip it with a :class:`CorpusWarning`
        (listed in ``articles.attrs["skipped"]``) or raise :class:`CorpusError`.
    copy_threshold : float
        Jaccard similarity above which an article is a copy (see :mod:`framing.copies`).

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`; ``published`` is ``datetime64[ns]`` (NaT if unknown),
        other unknown fields are "". ``removed`` is a JSON list of ``{"text", "reason"}``.

    Raises
    ------
    CorpusError
        Missing path, unsupported file, unreadable table, no ``text`` column,
        duplicate ids, nothing loadable.

    Examples
    --------
    >>> load_corpus("seeds", progress=False)["outlet"].tolist()[:2]
    ['WION', 'Armed Forces Press']
    """
    path = Path(path)
    loader = _Loader(errors, max_bytes)
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder")
    if path.is_dir():
        records = _folder_records(path, Path(manifest) if manifest else None, loader, progress)
    elif manifest is not None:
        raise CorpusError(f"{path}: manifest= applies to a folder corpus, not to a single file")
    elif path.suffix.lower() in TABLE_EXTS:
        records = _table_records(path, loader)
    elif path.suffix.lower() in TEXT_EXTS | HTML_EXTS:
        # One article file: its problem is the whole corpus's problem.
        records = _file_records([path], path.parent, None, {}, _Loader("raise", max_bytes),
                                progress=False)
    else:
        raise CorpusError(f"{path}: unsupported file type '{path.suffix}' (use a folder of "
                          ".txt/.html files or a .csv, .jsonl or .parquet file)")
    if not records:
        raise CorpusError(f"{path}: no article could be loaded"
                          + (f" ({len(loader.skipped)} skipped, see warnings)"
                             if loader.skipped else ""))
    _assign_ids(records)
    _clean_all(records, progress)
    for rec in records:
        apply_cleaning(rec, rec.pop("cleaned"))
    df = records_frame(records)
    for src, n in zip(df["source_file"], df["word_count"]):
        if n < MIN_WORDS:  # an error page or a stub: kept, but said out loud
            _warn(f"{src}: only {n} words after cleaning; kept, check that it is an article")
    copies = find_copies(df, threshold=copy_threshold)
    copy_of = dict(zip(copies["article_id"], copies["copy_of"]))
    df["copy_of"] = [copy_of.get(i, "") for i in df["article_id"]]
    df = typed_articles(df)
    df.attrs["skipped"] = loader.skipped
    return df


def records_frame(records: list[dict]) -> pd.DataFrame:
    """A DataFrame of cleaned article records: every column of the articles table,
    dates parsed, the word counts :func:`apply_cleaning` made typed (``copy_of`` still
    empty).

    Shared by :func:`load_corpus` and the streaming scorer, so both build the
    ``articles`` table the same way.
    """
    df = pd.DataFrame.from_records(records)
    for col in COLUMNS:
        if col not in df:
            df[col] = ""
    df["published"] = _parse_dates(df["published"].tolist(), df["source_file"].tolist())
    df["word_count"] = df["word_count"].astype("int64")
    df["boilerplate_chars"] = df["boilerplate_chars"].astype("int64")
    return df


def typed_articles(df: pd.DataFrame) -> pd.DataFrame:
    """The articles table's columns in order; every text column a string, never NaN."""
    df = df[COLUMNS].copy()
    for col in COLUMNS:
        if col not in ("published", "word_count", "boilerplate_chars"):
            df[col] = df[col].fillna("").astype(str)
    return df


def apply_cleaning(rec: dict, cleaned, *, count_words: bool = True) -> dict:
    """Fill an article record from its :class:`framing.clean.Cleaned` result (in place).

    Text, title and date from cleaning (the record's own title and date win), every
    removed line as JSON, the characters removed, the words of the text (0 with
    ``count_words=False``: the streaming scorer counts the words it finds anyway,
    see :func:`framing.score.score_keeping_words`), and the domain from the URL.
    Shared by :func:`load_corpus` and the streaming reader.
    """
    rec["text"], rec["title"] = cleaned.text, rec.get("title") or cleaned.title
    rec["word_count"] = count_text_words(cleaned.text) if count_words else 0
    if not rec.get("published"):
        rec["published"] = cleaned.published
    removed = rec.pop("pre_removed", []) + cleaned.removed
    rec["removed"] = json.dumps(removed, ensure_ascii=False)
    rec["boilerplate_chars"] = sum(len(r["text"]) for r in removed)
    if not rec.get("domain") and rec.get("url"):
        host = urlsplit(rec["url"]).hostname or ""
        rec["domain"] = host[4:] if host.startswith("www.") else host
    return rec


def select_event(articles: pd.DataFrame, event: str | None) -> pd.DataFrame:
    """The articles of one event (all of them when ``event`` is None).

    Raises
    ------
    CorpusError
        If no article has that event; the message lists the events there are.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a", "b"], "event": ["x", "y"]})
    >>> select_event(arts, "y")["article_id"].tolist()
    ['b']
    """
    if event is None:
        return articles
    chosen = articles[articles["event"] == event]
    if chosen.empty:
        raise CorpusError(f"no article has event {event!r}; the events are "
                          f"{sorted(set(articles['event']))}")
    return chosen


def summarize(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles, words, boilerplate characters removed and copies, per outlet and event.

    >>> summarize(load_corpus("seeds", progress=False))["copies"].sum()
    np.int64(1)
    """
    df = articles.assign(
        outlet=articles["outlet"].replace("", "(unknown)"),
        event=articles["event"].replace("", "(unknown)"),
        is_copy=articles["copy_of"].ne(""))
    out = (df.groupby(["outlet", "event"], sort=True)
             .agg(articles=("article_id", "size"), words=("word_count", "sum"),
                  boilerplate_chars=("boilerplate_chars", "sum"), copies=("is_copy", "sum"))
             .reset_index())
    return out.astype({"articles": "int64", "words": "int64", "boilerplate_chars": "int64",
                       "copies": "int64"})
