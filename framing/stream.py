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

import json
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from multiprocessing import get_context
from pathlib import Path
import pandas as pd

from .errors import FramingError
from .parts import replacing, write_part
from .stream_input import (TABLES, _count_rows, _fingerprint, _Ids, articles_from_records,
                           iter_chunks, prepare_worker, score_chunk)

__all__ = ["stream_score", "score_chunk", "iter_chunks", "read_table", "finished_chunks",
           "is_partitioned", "articles_from_records", "TABLES"]

MANIFEST = "_manifest.json"


def _part(out: Path, name: str, ci: int) -> Path:
    return out / f"{name}.parquet" / f"part-{ci:06d}.parquet"


def write_chunk(out, ci: int, tables: dict[str, pd.DataFrame],
                token_hashes: list | None = None) -> dict[str, int]:
    """Write one scored chunk's parts (and its copy-pass signatures); return row counts.

    Used by the streaming workers and by :mod:`framing.distributed`'s workers, so
    both leave the same layout. The chunk counts as finished only once the caller
    lists it in the manifest. ``token_hashes``: the hashes of the articles' copy-detection
    tokens, as :func:`score_chunk` keeps them (else the texts are tokenized here).
    """
    from .stream_copies import write_signatures

    out = Path(out)
    for name, df in tables.items():
        if len(df):   # empty frames have untyped columns: no part, read as no rows
            write_part(df, _part(out, name, ci))
    if len(tables["articles"]):
        # Here, in the worker, from the token hashes the scorer kept (else the texts): the
        # copy pass after the run then reads 256 bytes per article instead of every
        # text (it was a single-process pass over all texts, ~98 s at 10^5 articles).
        write_signatures(out, ci, tables["articles"], token_hashes=token_hashes)
    return {name: len(df) for name, df in tables.items()}


def _run_chunk(ci: int, records: list[dict], out: str, lexicon_paths) -> tuple:
    token_hashes: list = []
    tables = score_chunk(records, lexicon_paths=lexicon_paths, token_hashes=token_hashes)
    return ci, write_chunk(out, ci, tables, token_hashes)


# ------------------------------------------------------------------ manifest

def _read_manifest(out: Path) -> dict | None:
    p = out / MANIFEST
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else None


def _write_manifest(out: Path, manifest: dict) -> None:
    with replacing(out / MANIFEST) as tmp:
        # Compact: rewritten after every chunk, and json's C encoder runs only without
        # indent (~4x faster; at 1,000 chunks the rewrites took ~1.4 s with indent=1).
        tmp.write_text(json.dumps(manifest, separators=(",", ":")), encoding="utf-8")


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
            write_part(_empty(name), out / f"{name}.parquet" / "part-empty.parquet")
        if fmt in ("csv", "both"):
            with replacing(out / f"{name}.csv") as tmp, \
                    open(tmp, "w", encoding="utf-8", newline="") as fh:
                first = True
                for ci in finished_chunks(out):
                    p = _part(out, name, ci)
                    if p.exists():
                        pd.read_parquet(p).to_csv(fh, index=False, header=first)
                        first = False
                if first:
                    pd.read_parquet(out / f"{name}.parquet" / "part-empty.parquet").to_csv(
                        fh, index=False)


# ------------------------------------------------------------------ the driver

def stream_score(path, out_dir, *, workers: int = 1, chunk_size: int = 1000,
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
        ``_signatures/part-NNNNNN.npz`` (each chunk's MinHash signatures, 256 bytes per
        article, read by the copy pass), ``copies.parquet`` after the corpus-wide
        copy pass, ``<table>.csv`` if asked.
    workers : int
        Processes scoring chunks (forked, with the lexicon this process loaded
        first); 0 means one per available core. Never more than there are chunks
        left to score (one chunk is scored in this process).
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
    if chunk_size < 1 or workers < 0:
        raise FramingError("chunk_size must be at least 1, and workers at least 0 "
                           "(0: one per core)")
    if not src.exists():
        raise FramingError(f"{src}: no such file or folder")
    out.mkdir(parents=True, exist_ok=True)
    settings = _settings(src, chunk_size, lexicon_paths)
    manifest = _read_manifest(out)
    if manifest is not None and manifest["settings"] != settings:
        raise FramingError(f"{out} holds a run with other settings ({manifest['settings']}); "
                           "resume with the same input, --chunk-size and lexicon files, or "
                           "use a new --out")
    manifest = manifest or {"version": 1, "settings": settings, "done": {}, "complete": False}
    done = manifest["done"]
    total = _count_rows(src)
    workers = _pool_size(workers, total, chunk_size, len(done))
    bar = tqdm(total=total, desc="scoring", unit="article", disable=not progress,
               initial=sum(v["articles"] for v in done.values()))
    ids = _Ids()

    def finish(ci: int, counts: dict) -> None:
        done[str(ci)] = counts
        _write_manifest(out, manifest)
        bar.update(counts["articles"])

    restore = _stop_on_sigterm()
    pool = None
    if workers > 1:
        # The tables are built once, here, and the workers inherit them copy-on-write
        # instead of each building its own (~0.19 CPU-s a worker; ~50 MB held here);
        # not frozen here, where the caller's own objects live too.
        prepare_worker(lexicon_paths, freeze=False)
        pool = ProcessPoolExecutor(workers, mp_context=get_context("fork"),
                                   initializer=_worker_init, initargs=(lexicon_paths,))
        # Fork the workers now, while the driver is small: a resumed run first reads the
        # finished chunks (their ids), and workers forked after that would each start
        # with a copy of that heap (a resumed 10^6 run peaked ~230 MB higher).
        pool.submit(os.getpid).result()
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
        # Interrupted or failed: the workers stop now rather than finish their
        # chunks; unfinished chunks are not in the manifest and are redone on resume.
        stop_pool(pool, finished=ok)
        bar.close()
        restore()
    if copies:
        from .stream_copies import find_copies_in

        find_copies_in(out, progress=progress)
    _finish_outputs(out, fmt)
    manifest["complete"] = True
    _write_manifest(out, manifest)
    return out


def _settings(src: Path, chunk_size: int, lexicon_paths) -> dict:
    """What a resumed run must share with the run it resumes."""
    from .lexicon import file_digests

    settings = {"input": _fingerprint(src), "chunk_size": chunk_size,
                "lexicon_paths": [str(p) for p in lexicon_paths or []]}
    if lexicon_paths:   # (only then: a run without one resumes as before)
        # Their contents too: an edited lexicon would score the chunks left differently.
        try:
            settings["lexicon_sha1"] = list(file_digests(lexicon_paths))
        except OSError as exc:
            raise FramingError(f"lexicon file {exc.filename}: {exc.strerror}") from None
    return settings


def _pool_size(workers: int, total: int | None, chunk_size: int, finished: int) -> int:
    """Processes to score with: ``workers`` (0: the usable cores), capped by the chunks
    left to do. A worker without a chunk would only be forked and warmed up for
    nothing, and a single chunk is scored in this process (a few articles are not
    worth forking for)."""
    if workers == 0:
        cores = (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                 else os.cpu_count())
        workers = cores or 1
    if total is None:
        return max(1, workers)
    chunks_left = -(-total // chunk_size) - finished
    return max(1, min(workers, chunks_left))


def _stop_on_sigterm():
    """Make SIGTERM (``kill``, job schedulers) stop a run like Ctrl-C; return an undo."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def stop(signum, frame):
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, stop)
    return lambda: signal.signal(signal.SIGTERM, before)


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


def quiet_worker() -> None:
    """Set up a worker process of a pool driven by this process.

    Ctrl-C goes to the whole process group; only the driver handles it (and stops
    the workers), so workers ignore it rather than print a traceback each. On Linux a
    worker also dies with the driver, even if the driver is killed (no orphans).
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def stop_pool(pool, finished: bool) -> None:
    """Shut down a pool of :func:`quiet_worker` processes (None: nothing to do).

    After a failure or Ctrl-C (``finished`` false) its workers are terminated at
    once instead of being left to finish what they hold.
    """
    if pool is None:
        return
    if not finished:
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.terminate()
    pool.shutdown(wait=finished, cancel_futures=True)


def _worker_init(lexicon_paths=None) -> None:
    quiet_worker()
    # Forked from stream_score, the tables exist: this scores the short warm-up text
    # again (~10 ms) and freezes them.
    prepare_worker(lexicon_paths)
