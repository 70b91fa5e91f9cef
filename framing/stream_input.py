"""Reading corpora for streaming, one chunk at a time, and scoring one chunk.

Used by :mod:`framing.stream` (one machine) and :mod:`framing.distributed` (Dask):
:func:`iter_chunks` yields the records of a folder / Parquet / JSONL / CSV corpus
``chunk_size`` at a time without reading the whole input, and :func:`score_chunk`
turns one chunk of records into the five tables (it is :func:`framing.score` on the
cleaned chunk).

Examples
--------
>>> from framing.stream_input import iter_chunks, score_chunk
>>> _, records = next(iter_chunks("seeds", 5))
>>> sorted(score_chunk(records))
['articles', 'features', 'quotes', 'sentences', 'spans']
"""
from __future__ import annotations

import hashlib
import warnings
from pathlib import Path
from typing import Iterator

import pandas as pd

from .errors import FramingError

__all__ = ["iter_chunks", "score_chunk", "articles_from_records", "TABLES"]

TABLES = ("articles", "sentences", "spans", "quotes", "features")

# ------------------------------------------------------------------ reading input

def _fingerprint(path: Path) -> dict:
    st = path.stat()
    return {"path": str(path.resolve()), "size": st.st_size, "mtime": int(st.st_mtime)}


def _table_rows(df: pd.DataFrame, where: str, row0: int) -> list[dict]:
    """Rows of a CSV/JSONL/Parquet chunk as corpus records (as ``load_corpus`` reads them)."""
    from .readers import DEFAULT_MAX_BYTES, META, CorpusWarning, _col, _str

    text_col = _col(df, "text")
    if text_col is None:
        raise FramingError(f"{where}: no 'text' column (columns: "
                           f"{', '.join(map(str, df.columns)) or 'none'})")
    cols = {f: _col(df, f) for f in META + ["article_id"]}
    records = []
    for n, row in enumerate(_rows(df, [text_col, *cols.values()]), start=row0 + 1):
        raw = _str(row[text_col])
        if not raw or len(raw) > DEFAULT_MAX_BYTES:
            warnings.warn(f"{where}#row={n}: " + ("empty text" if not raw else "text too long")
                          + "; skipped", CorpusWarning, stacklevel=3)
            continue
        rec = {f: (row[c] if f == "published" else _str(row[c]))
               for f, c in cols.items() if c is not None}
        pub = rec.get("published", "")
        rec["published"] = "" if pub is None or (not isinstance(pub, str) and pd.isna(pub)) else pub
        if not rec.get("article_id"):
            # Same hash id as load_corpus; duplicates are renamed by the driver.
            rec["article_id"] = "h" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]
            rec["_hashed"] = True
        records.append(rec | {"raw_text": raw, "source_file": f"{where}#row={n}"})
    return records


def _rows(df: pd.DataFrame, columns: list) -> Iterator[dict]:
    """The rows of ``df``'s ``columns`` (None entries skipped) as ``to_dict("records")``
    gives them, from one ``Series.tolist`` per column: ~3x faster on Arrow-backed text,
    which ``to_dict`` reads value by value in Python; the other columns are not read."""
    if not df.columns.is_unique:   # a row dict keeps the last column of a name
        df = df.loc[:, ~df.columns.duplicated(keep="last")]
    used = list(dict.fromkeys(c for c in columns if c is not None))
    return (dict(zip(used, values)) for values in zip(*(df[c].tolist() for c in used)))


def _parquet_frames(path: Path, size: int) -> Iterator[pd.DataFrame]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buf, have = [], 0
    # pre_buffer=False: with pyarrow's default the reader keeps every column chunk it
    # has read until the file is done -- the driver grew by ~2 MB per 1,000 rows
    # (1.3 GB after 5 * 10^5 rows); without it arrow's allocation stays flat.
    for batch in pq.ParquetFile(path, pre_buffer=False).iter_batches(batch_size=size):
        # Re-cut to exactly `size` rows: batch sizes follow row groups, chunk ids must not.
        buf.append(pa.Table.from_batches([batch]))
        have += batch.num_rows
        while have >= size:
            table = pa.concat_tables(buf)
            yield table.slice(0, size).to_pandas()
            rest = table.slice(size)
            buf, have = [rest], rest.num_rows
    if have:
        yield pa.concat_tables(buf).to_pandas()


def _jsonl_frames(path: Path, size: int) -> Iterator[pd.DataFrame]:
    from .readers import _Problem, json_rows

    rows = []
    with open(path, encoding="utf-8-sig") as fh:
        try:
            for obj in json_rows(fh):
                rows.append(obj)
                if len(rows) == size:
                    yield pd.DataFrame(rows)
                    rows = []
        except _Problem as exc:
            raise FramingError(f"{path}: {exc}") from None
    if rows:
        yield pd.DataFrame(rows)


def _folder_chunks(root: Path, size: int) -> Iterator[list[dict]]:
    from .readers import HTML_EXTS, TEXT_EXTS, _file_records, _Loader, _read_manifest

    loader = _Loader("warn", 10_000_000)
    if root.is_file():
        files, manifest, used = [root], None, {}
        root = root.parent
    else:
        manifest = root / "manifest.csv" if (root / "manifest.csv").is_file() else None
        rows = _read_manifest(manifest, loader) if manifest else {}
        files = sorted(p for p in root.rglob("*") if p.is_file()
                       and p.suffix.lower() in TEXT_EXTS | HTML_EXTS
                       and not any(s.startswith(".") for s in p.relative_to(root).parts))
        by_name = {**{p.name: p for p in files},
                   **{p.relative_to(root).as_posix(): p for p in files}}
        used = {by_name[n]: m for n, m in rows.items() if n in by_name}
    if not files:
        raise FramingError(f"{root}: no .txt or .html files in this folder")
    for lo in range(0, len(files), size):
        yield _file_records(files[lo:lo + size], root, manifest, used, loader, False)


def iter_chunks(path, chunk_size: int) -> Iterator[tuple[int, list[dict]]]:
    """Yield ``(chunk_index, records)`` of a corpus, ``chunk_size`` articles at a time.

    Parameters
    ----------
    path : str or Path
        A folder of ``.txt``/``.html`` (optional ``manifest.csv``), or one
        ``.parquet``, ``.jsonl``/``.ndjson`` or ``.csv`` file with a ``text`` column.
    chunk_size : int
        Rows (or files) per chunk; chunk ``i`` holds the same rows in every run.

    Examples
    --------
    >>> next(iter_chunks("seeds", 2))[1][0]["article_id"]
    '000_41688a469cb44641'
    """
    p = Path(path)
    if not p.exists():
        raise FramingError(f"{p}: no such file or folder")
    ext = p.suffix.lower()
    if p.is_dir() or ext in (".txt", ".html", ".htm"):
        yield from enumerate(_folder_chunks(p, chunk_size))
        return
    if ext in (".parquet", ".pq"):
        frames = _parquet_frames(p, chunk_size)
    elif ext in (".jsonl", ".ndjson"):
        frames = _jsonl_frames(p, chunk_size)
    elif ext == ".csv":
        frames = pd.read_csv(p, dtype=str, keep_default_na=False, chunksize=chunk_size)
    else:
        raise FramingError(f"{p}: unsupported input for streaming (use a folder, or a "
                           ".parquet, .jsonl or .csv file)")
    for i, df in enumerate(frames):
        yield i, _table_rows(df, str(p), i * chunk_size)


# ------------------------------------------------------------------ one chunk

def articles_from_records(records: list[dict], *, count_words: bool = True,
                          ) -> pd.DataFrame:
    """Clean records into an ``articles`` table, article by article (no corpus-wide pass).

    Mirrors the per-article part of :func:`framing.load_corpus`; ``copy_of`` is left
    empty (copies are found afterwards over the whole output). With
    ``count_words=False`` the ``word_count`` column is 0, for a scorer that counts
    the words it finds (:func:`score_chunk`).
    """
    from .clean import clean_article
    from .corpus import apply_cleaning, records_frame, typed_articles

    rows = []
    for rec in records:
        rec = {k: v for k, v in rec.items() if not k.startswith("_")}
        c = clean_article(rec.get("clean_from", rec["raw_text"]), outlet=rec.get("outlet"),
                          title=rec.get("title"))
        rows.append(apply_cleaning(rec, c, count_words=count_words))
    return typed_articles(records_frame(rows))


_WARM_UP = ('Minsk called the drills "defensive in nature", the ministry said. '
            'Psaki said the move was escalatory, and Russia allegedly plans to "invade".')


def prepare_worker(lexicon_paths=None, *, freeze: bool = True) -> None:
    """Get a scoring process ready: load the lexicons and caches, then freeze them.

    Scores one short text so every lazily built table (lexicon trie, actor and
    speech-verb matchers, VADER lexicon) exists, then calls :func:`gc.freeze`: those
    long-lived objects are moved out of the cyclic garbage collector's view, which
    otherwise walks all of them on every full collection while a chunk allocates
    millions of small objects. Measured on 300 benchmark articles: 137 -> 167
    articles/s on one core. Called in the worker processes of
    :func:`framing.stream.stream_score` and :mod:`framing.distributed`;
    ``stream_score`` also calls it with ``freeze=False`` (the tables built, nothing
    frozen) in its own process before forking, so that its workers inherit the tables
    and only score the warm-up text again (~10 ms) before freezing. A frozen (worker)
    process also collects its youngest generation less often
    (``_WORKER_GC_THRESHOLD``); Dask workers get the same, through
    :mod:`framing.distributed`'s set-up (not measured apart there).
    """
    import gc

    # Collection off while the tables are built: their objects live as long as the
    # process, and the ~95 collections their allocations set off (~35 ms, walking
    # the imported libraries' objects too) freed almost nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        score_chunk([{"article_id": "warm-up", "raw_text": _WARM_UP}],
                    lexicon_paths=lexicon_paths)
    finally:
        if enabled:
            gc.enable()
    # The youngest generation holds every object made since collection went off (none
    # was promoted): its garbage is the warm-up's, found without walking the older
    # objects, the parent's and the libraries' (a full collection: ~35 ms).
    gc.collect(0)
    if freeze:
        gc.freeze()
        # A chunk allocates millions of objects, nearly all freed by reference counting;
        # at the default threshold (700) a worker ran ~200 young collections per 1,000
        # articles (~2.5 % of its time) that found little. Cycles are still collected.
        gc.set_threshold(_WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])


# Net new container objects between young collections in a worker (default 700).
_WORKER_GC_THRESHOLD = 50_000


def score_chunk(records, *, lexicon_paths=None, token_hashes: list | None = None,
                ) -> dict[str, pd.DataFrame]:
    """Clean and score one chunk: the five tables of :class:`framing.Scores`.

    This is the one per-chunk function of both the streaming scorer and
    :mod:`framing.distributed`, so both give the same rows.

    Parameters
    ----------
    records : list of dict or pandas.DataFrame
        Corpus records (``article_id``, ``raw_text`` and metadata), as yielded by
        :func:`iter_chunks`; a DataFrame is taken as rows of such records.
    lexicon_paths : list of path, optional
        User lexicon CSVs merged with the built-in lexicons.
    token_hashes : list, optional
        If given, the hashes of each article's copy-detection tokens are appended to
        it (in the order of the ``articles`` table), from the words the scorer found:
        :func:`framing.stream.write_chunk` makes the copy-pass signatures from them.

    Examples
    --------
    >>> _, recs = next(iter_chunks("seeds", 5))
    >>> score_chunk(recs)["articles"].shape[0]
    5
    """
    from .copies import token_hashes_from_words
    from .lexicon import load_lexicon
    from .score import score_keeping_words

    if isinstance(records, pd.DataFrame):
        records = records.to_dict("records")
    # The word counts are those of the words the scorer finds: counting them while
    # cleaning would scan every story paragraph once more.
    articles = articles_from_records(records, count_words=False)
    s, kept = score_keeping_words(articles, lexicon=load_lexicon(lexicon_paths or None),
                                  keep=None if token_hashes is None else token_hashes_from_words,
                                  count_words=True)
    if token_hashes is not None:
        token_hashes.extend(kept)
    tables = {name: getattr(s, name) for name in TABLES}
    # Counts are int64 in every chunk (a chunk without quotes would give floats),
    # so that all parts of a table share one Parquet schema.
    f = tables["features"]
    for col in ("word_count", "n_sentences", "n_quotes"):
        if col in f:
            f[col] = f[col].fillna(0).astype("int64")
    return tables



class _Ids:
    """Driver-side duplicate-id check: 8 bytes of hash per article (~60 B in a set)."""

    def __init__(self):
        self.seen: set[int] = set()

    def assign(self, records: list[dict]) -> None:
        for rec in records:
            key = int.from_bytes(hashlib.blake2b(rec["article_id"].encode(), digest_size=8)
                                 .digest(), "little")
            if key in self.seen:
                if not rec.get("_hashed"):
                    raise FramingError(f"duplicate article id {rec['article_id']!r} "
                                       f"({rec['source_file']})")
                # Same text as an earlier row: kept, under an id naming its row.
                rec["article_id"] += "_" + rec["source_file"].rsplit("=", 1)[-1]
                key = int.from_bytes(hashlib.blake2b(rec["article_id"].encode(),
                                                     digest_size=8).digest(), "little")
            self.seen.add(key)



def _count_rows(src: Path) -> int | None:
    """Total rows for the progress bar, when cheap to know."""
    ext = src.suffix.lower()
    if ext in (".parquet", ".pq"):
        import pyarrow.parquet as pq

        return pq.ParquetFile(src).metadata.num_rows
    if ext in (".jsonl", ".ndjson"):
        with open(src, "rb") as fh:
            return sum(1 for line in fh if line.strip())
    return None
