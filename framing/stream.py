"""Score corpora of any size in chunks, in bounded memory, with resume.

``framing score BIG.parquet|BIG.jsonl|BIG.csv|FOLDER --out DIR`` lands here. The input
is read one chunk at a time (Parquet record batches, JSONL/CSV lines, folder files in
batches), never whole. Each chunk is cleaned and scored by :func:`score_chunk` (which
is :func:`framing.score` on that chunk), in ``--workers`` processes, and written as
``DIR/<table>.parquet/part-<chunk>.parquet`` (a Parquet dataset that
``pandas.read_parquet``, pyarrow and Dask read as one table; each part is written to
a hidden temp file, then renamed atomically). A chunk is
finished when ``DIR/_manifest.json`` (also replaced atomically) lists it, so an
interrupted run resumes with the chunks it lacks, and readers
(:func:`read_table`, ``Scores.load``) read only finished parts: no row is lost or
duplicated. With ``fmt="csv"``/``"both"`` each table is also concatenated into one
``DIR/<table>.csv`` at the end, part by part.

Steps that need the whole corpus run afterwards on the written output, without
holding all texts: syndicated copies (:func:`framing.stream_copies.find_copies_in`)
from per-article MinHash signatures. Per-article cleaning is the same as
:func:`framing.load_corpus` except its outlet-wide repeated-line pass, which needs all
of an outlet's pages at once.

Examples
--------
>>> from framing.stream import stream_score, read_table
>>> out = stream_score("seeds", "/tmp/seeds-scored", progress=False)   # doctest: +SKIP
>>> read_table(out, "articles")["copy_of"].tolist()                    # doctest: +SKIP
['', '', '', '001_5e91cf48cce6411a', '']
"""
from __future__ import annotations

import hashlib
import json
import os
import warnings
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from multiprocessing import get_context
from pathlib import Path
from typing import Iterator

import pandas as pd

from .errors import FramingError

__all__ = ["stream_score", "score_chunk", "iter_chunks", "read_table", "finished_chunks",
           "is_partitioned", "TABLES"]

TABLES = ("articles", "sentences", "spans", "quotes", "features")
MANIFEST = "_manifest.json"


# ------------------------------------------------------------------ reading input

def _fingerprint(path: Path) -> dict:
    st = path.stat()
    return {"path": str(path.resolve()), "size": st.st_size, "mtime": int(st.st_mtime)}


def _table_rows(df: pd.DataFrame, where: str, row0: int) -> list[dict]:
    """Rows of a CSV/JSONL/Parquet chunk as corpus records (as ``load_corpus`` reads them)."""
    from .corpus import DEFAULT_MAX_BYTES, META, CorpusWarning, _col, _str

    text_col = _col(df, "text")
    if text_col is None:
        raise FramingError(f"{where}: no 'text' column (columns: "
                           f"{', '.join(map(str, df.columns)) or 'none'})")
    cols = {f: _col(df, f) for f in META + ["article_id"]}
    records = []
    for n, row in enumerate(df.to_dict("records"), start=row0 + 1):
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


def _parquet_frames(path: Path, size: int) -> Iterator[pd.DataFrame]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buf, have = [], 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=size):
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
    rows = []
    with open(path, encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise FramingError(f"{path}: line {n} is not valid JSON ({exc.msg})") from None
            if not isinstance(obj, dict):
                raise FramingError(f"{path}: line {n} is not a JSON object")
            rows.append(obj)
            if len(rows) == size:
                yield pd.DataFrame(rows)
                rows = []
    if rows:
        yield pd.DataFrame(rows)


def _folder_chunks(root: Path, size: int) -> Iterator[list[dict]]:
    from .corpus import TEXT_EXTS, HTML_EXTS, _file_records, _Loader, _read_manifest

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

def articles_from_records(records: list[dict]) -> pd.DataFrame:
    """Clean records into an ``articles`` table, article by article (no corpus-wide pass).

    Mirrors the per-article part of :func:`framing.load_corpus`; ``copy_of`` is left
    empty (copies are found afterwards over the whole output).
    """
    from urllib.parse import urlsplit

    from .clean import clean_article
    from .corpus import COLUMNS, _parse_dates
    from .text import count_words

    rows = []
    for rec in records:
        rec = {k: v for k, v in rec.items() if not k.startswith("_")}
        c = clean_article(rec.get("clean_from", rec["raw_text"]), outlet=rec.get("outlet"),
                          title=rec.get("title"))
        rec["text"], rec["title"] = c.text, rec.get("title") or c.title
        if not rec.get("published"):
            rec["published"] = c.published
        removed = rec.pop("pre_removed", []) + c.removed
        rec["removed"] = json.dumps(removed, ensure_ascii=False)
        rec["boilerplate_chars"] = sum(len(r["text"]) for r in removed)
        if not rec.get("domain") and rec.get("url"):
            host = urlsplit(rec["url"]).hostname or ""
            rec["domain"] = host[4:] if host.startswith("www.") else host
        rows.append(rec)
    df = pd.DataFrame.from_records(rows)
    for col in COLUMNS:
        if col not in df:
            df[col] = ""
    df["published"] = _parse_dates(df["published"].tolist(), df["source_file"].tolist())
    df["word_count"] = df["text"].map(count_words).astype("int64")
    df["boilerplate_chars"] = df["boilerplate_chars"].astype("int64")
    df = df[COLUMNS].copy()
    for col in COLUMNS:
        if col not in ("published", "word_count", "boilerplate_chars"):
            df[col] = df[col].fillna("").astype(str)
    return df


def score_chunk(records, *, lexicon_paths=None) -> dict[str, pd.DataFrame]:
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

    Examples
    --------
    >>> _, recs = next(iter_chunks("seeds", 5))
    >>> score_chunk(recs)["articles"].shape[0]
    5
    """
    from .lexicon import load_lexicon
    from .score import score

    if isinstance(records, pd.DataFrame):
        records = records.to_dict("records")
    articles = articles_from_records(records)
    s = score(articles, lexicon=load_lexicon(lexicon_paths or None))
    tables = {name: getattr(s, name) for name in TABLES}
    # Counts are int64 in every chunk (a chunk without quotes would give floats),
    # so that all parts of a table share one Parquet schema.
    f = tables["features"]
    for col in ("word_count", "n_sentences", "n_quotes"):
        if col in f:
            f[col] = f[col].fillna(0).astype("int64")
    return tables


def _part(out: Path, name: str, ci: int) -> Path:
    return out / f"{name}.parquet" / f"part-{ci:06d}.parquet"


def _write_part(df: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Dot-prefixed temp name: dataset readers skip it; rename is atomic on POSIX.
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    df.to_parquet(tmp, index=False)
    os.replace(tmp, path)


def _run_chunk(ci: int, records: list[dict], out: str, lexicon_paths) -> tuple:
    tables = score_chunk(records, lexicon_paths=lexicon_paths)
    for name, df in tables.items():
        if len(df):   # empty frames have untyped columns: no part, read as no rows
            _write_part(df, _part(Path(out), name, ci))
    return ci, {name: len(df) for name, df in tables.items()}


# ------------------------------------------------------------------ manifest

def _read_manifest(out: Path) -> dict | None:
    p = out / MANIFEST
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else None


def _write_manifest(out: Path, manifest: dict) -> None:
    tmp = out / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    os.replace(tmp, out / MANIFEST)


def is_partitioned(folder) -> bool:
    """True for a folder written by :func:`stream_score`."""
    return (Path(folder) / MANIFEST).is_file()


def finished_chunks(folder) -> list[int]:
    """Chunk indices whose parts are complete, in order."""
    m = _read_manifest(Path(folder))
    return sorted(int(c) for c in (m or {}).get("done", {}))


def read_table(folder, name: str, columns=None) -> pd.DataFrame:
    """Read one table of a streamed output: its finished parts, in chunk order.

    >>> read_table("/tmp/seeds-scored", "spans", columns=["article_id"])  # doctest: +SKIP
    """
    folder = Path(folder)
    if _read_manifest(folder) is None:
        raise FramingError(f"{folder}: no {MANIFEST}; not a folder written by streaming")
    parts = [pd.read_parquet(p, columns=columns) for ci in finished_chunks(folder)
             if (p := _part(folder, name, ci)).exists()]
    if not parts:
        empty = folder / f"{name}.parquet" / "part-empty.parquet"
        return pd.read_parquet(empty, columns=columns) if empty.exists() else pd.DataFrame()
    return pd.concat(parts, ignore_index=True)


def _empty(name: str) -> pd.DataFrame:
    from .corpus import COLUMNS
    from .score import QUOTE_COLUMNS, SENTENCE_COLUMNS, SPAN_COLUMNS

    cols = {"articles": COLUMNS, "sentences": SENTENCE_COLUMNS, "spans": SPAN_COLUMNS,
            "quotes": QUOTE_COLUMNS}.get(name, ["article_id"])
    return pd.DataFrame({c: pd.Series([], dtype="str") for c in cols})


def _finish_outputs(out: Path, fmt: str) -> None:
    """Give every table a dataset (even with no rows); write the CSV exports."""
    for name in TABLES:
        if not any((out / f"{name}.parquet").glob("part-*.parquet")):
            _write_part(_empty(name), out / f"{name}.parquet" / "part-empty.parquet")
        if fmt in ("csv", "both"):
            tmp = out / f".{name}.csv.tmp"
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                first = True
                for ci in finished_chunks(out):
                    p = _part(out, name, ci)
                    if p.exists():
                        pd.read_parquet(p).to_csv(fh, index=False, header=first)
                        first = False
                if first:
                    pd.read_parquet(out / f"{name}.parquet" / "part-empty.parquet").to_csv(
                        fh, index=False)
            os.replace(tmp, out / f"{name}.csv")


# ------------------------------------------------------------------ the driver

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



def stream_score(path, out_dir, *, workers: int = 1, chunk_size: int = 2000,
                 progress: bool = True, fmt: str = "parquet", lexicon_paths=None,
                 copies: bool = True) -> Path:
    """Score a corpus chunk by chunk into ``out_dir``; resume if interrupted.

    Parameters
    ----------
    path : str or Path
        Folder, ``.parquet``, ``.jsonl`` or ``.csv`` corpus.
    out_dir : str or Path
        Output folder:
        ``<table>.parquet/part-NNNNNN.parquet`` per chunk, ``_manifest.json``,
        ``copies.parquet`` after the corpus-wide copy pass, ``<table>.csv`` if asked.
    workers : int
        Processes scoring chunks (forked; each loads the lexicon once).
    chunk_size : int
        Articles per chunk. A resumed run must use the same value.
    progress : bool
        tqdm progress bar (articles).
    fmt : {"parquet", "csv", "both"}
        Parquet parts are always written (resume and readers use them); ``csv`` or
        ``both`` also writes one ``<table>.csv`` per table at the end.
    lexicon_paths : list of path, optional
        User lexicon CSVs.
    copies : bool
        Run the syndicated-copy pass at the end and fill ``articles.copy_of``.

    Returns
    -------
    Path
        ``out_dir``.
    """
    from tqdm.auto import tqdm

    src, out = Path(path), Path(out_dir)
    if fmt not in ("parquet", "csv", "both"):
        raise FramingError("fmt must be parquet, csv or both")
    if chunk_size < 1 or workers < 1:
        raise FramingError("chunk_size and workers must be at least 1")
    if not src.exists():
        raise FramingError(f"{src}: no such file or folder")
    out.mkdir(parents=True, exist_ok=True)
    settings = {"input": _fingerprint(src), "chunk_size": chunk_size,
                "lexicon_paths": [str(p) for p in lexicon_paths or []]}
    manifest = _read_manifest(out)
    if manifest is not None and manifest["settings"] != settings:
        raise FramingError(f"{out} holds a run with other settings ({manifest['settings']}); "
                           "resume with the same input and --chunk-size, or use a new --out")
    manifest = manifest or {"version": 1, "settings": settings, "done": {}, "complete": False}
    done = manifest["done"]
    total = _count_rows(src)
    bar = tqdm(total=total, desc="scoring", unit="article", disable=not progress,
               initial=sum(v["articles"] for v in done.values()))
    ids = _Ids()

    def finish(ci: int, counts: dict) -> None:
        done[str(ci)] = counts
        _write_manifest(out, manifest)
        bar.update(counts["articles"])

    pool = None
    if workers > 1:
        pool = ProcessPoolExecutor(workers, mp_context=get_context("fork"),
                                   initializer=_worker_init)
    pending = set()
    ok = False
    try:
        for ci, records in iter_chunks(src, chunk_size):
            ids.assign(records)   # every chunk, finished or not: ids depend on earlier rows
            if str(ci) in done or not records:
                continue
            if pool is None:
                finish(*_run_chunk(ci, records, str(out), lexicon_paths))
                continue
            pending.add(pool.submit(_run_chunk, ci, records, str(out), lexicon_paths))
            while len(pending) >= 2 * workers:   # bounded in flight: flat memory
                pending = _drain(pending, finish)
        while pending:
            pending = _drain(pending, finish)
        ok = True
    finally:
        if pool is not None and not ok:
            # Interrupted or failed: stop the workers now rather than wait for their
            # chunks; unfinished chunks are not in the manifest and are redone on resume.
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
        elif pool is not None:
            pool.shutdown(wait=True)
        bar.close()
    if copies:
        from .stream_copies import find_copies_in

        find_copies_in(out, progress=progress)
    _finish_outputs(out, fmt)
    manifest["complete"] = True
    _write_manifest(out, manifest)
    return out


def _drain(pending: set, finish) -> set:
    """Record the chunks that completed; wait at most 0.5 s.

    The timeout matters: Ctrl-C may be delivered to a helper thread of the pool, and
    the main thread sees it only when it runs Python code again; an unbounded wait
    could keep an interrupted run alive until the next chunk completes, or longer.
    """
    ready, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
    for f in ready:
        finish(*f.result())
    return pending


def _worker_init() -> None:
    # Ctrl-C goes to the whole process group; only the driver handles it (and stops
    # the workers), so workers do not print a traceback each.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:   # Linux: die with the driver even if it is killed (no orphan keeps scoring)
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


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
