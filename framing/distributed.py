"""The same scoring on a Dask cluster, for corpora larger than one machine.

Each partition of a ``dask.dataframe`` of corpus rows (a ``text`` column, optional
``article_id``/``id``, ``outlet``, ``published``, ... as for :func:`framing.load_corpus`
tables) is scored by :func:`framing.stream.score_chunk` — the very function the
streaming scorer runs on each chunk, itself :func:`framing.score` — so the rows are
the same as on one machine. The cluster is a ``LocalCluster`` of ``n_workers``
single-threaded processes by default, or any scheduler given by ``address`` or an
existing ``client``.

With ``out_dir``, each worker writes its partition's tables straight into the
streaming layout (``<table>.parquet/part-NNNNNN.parquet`` and ``_manifest.json``), so
``Scores.load``, :func:`framing.stream.read_table` and the corpus-wide copy pass
(:func:`framing.stream_copies.find_copies_in`, which reads one part at a time and
never holds all texts) work on it unchanged. Workers must see ``out_dir`` (a shared
file system; always true for a ``LocalCluster``).

Notes
-----
Rows without an id get the hash id of their text. Identical texts in *different*
partitions would then share an id; give an ``article_id`` column (every
``load_corpus`` table has one) for such corpora. ``articles.source_file`` names the
partition and row (``dask:part=3#row=12``) instead of the input file.

Examples
--------
>>> import dask.dataframe as dd
>>> from framing.distributed import score_dask
>>> scores = score_dask("corpus.parquet", n_workers=2)               # doctest: +SKIP
>>> score_dask(dd.read_parquet("corpus/"), address="tcp://10.0.0.5:8786",
...            out_dir="/shared/scored")                            # doctest: +SKIP
"""
from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from .errors import FramingError
from .stream import TABLES, _write_manifest, read_table, write_chunk
from .stream_input import _Ids, _table_rows, prepare_worker, score_chunk

__all__ = ["score_dask", "score_partitions", "connect"]


def connect(client=None, address: str | None = None, n_workers: int = 2):
    """A ``dask.distributed.Client``: the one given, one for ``address``, or a new
    ``LocalCluster`` of ``n_workers`` single-threaded processes.

    Returns
    -------
    (client, owned) : tuple
        ``owned`` is True when this call created the client (the caller closes it).

    >>> client, owned = connect(n_workers=1)                 # doctest: +SKIP
    """
    from dask.distributed import Client, LocalCluster

    if client is not None:
        return client, False
    if address:
        return Client(address), True
    # One thread per process: the scoring is pure Python and holds the GIL.
    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster), True


def _records(pdf: pd.DataFrame, i: int) -> list[dict]:
    records = _table_rows(pdf, f"dask:part={i}", 0)
    _Ids().assign(records)   # duplicates inside the partition
    return records


def _prepare(lexicon_paths=None) -> None:
    """:func:`framing.stream_input.prepare_worker`, once per worker process and lexicon."""
    import multiprocessing

    key = tuple(map(str, lexicon_paths or ()))
    if key not in _PREPARED:
        if multiprocessing.parent_process() is not None:   # a worker, not the user's process
            prepare_worker(lexicon_paths)
        _PREPARED.add(key)


def _score_partition(pdf: pd.DataFrame, i: int, lexicon_paths=None, out: str | None = None):
    """Score one partition; with ``out``, write its parts there and return row counts."""
    _prepare(lexicon_paths)   # already done by score_dask, unless the worker joined later
    records = _records(pdf, i)
    if out is None:
        return score_chunk(records, lexicon_paths=lexicon_paths) if records else _meta()
    token_hashes: list = []   # (none for no records: signatures of no texts)
    tables = (score_chunk(records, lexicon_paths=lexicon_paths, token_hashes=token_hashes) if records
              else _meta())
    return i, write_chunk(out, i, tables, token_hashes)


_META: dict | None = None
_PREPARED: set = set()


def _meta() -> dict[str, pd.DataFrame]:
    """Empty tables with the real column types (scored from one seed-like record)."""
    global _META
    if _META is None:
        sample = [{"article_id": "meta", "raw_text": 'Minsk said the drills were '
                   '"defensive in nature", an allegedly deadly escalation, Kyiv claimed.',
                   "outlet": "x", "source_file": "meta"}]
        _META = {name: df.iloc[:0] for name, df in score_chunk(sample).items()}
    return {name: df.copy() for name, df in _META.items()}


def score_partitions(ddf, *, lexicon_paths=None) -> dict:
    """The five tables as lazy dask DataFrames, one scoring pass per partition.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        Corpus rows with a ``text`` column.
    lexicon_paths : list of path, optional
        User lexicon CSVs (read by each worker).

    Returns
    -------
    dict of str to dask.dataframe.DataFrame
        ``articles, sentences, spans, quotes, features``; computing several of them
        together (``dask.compute``) scores each partition once.

    >>> tables = score_partitions(dd.read_parquet("corpus.parquet"))   # doctest: +SKIP
    >>> tables["spans"].device.value_counts().compute()               # doctest: +SKIP
    """
    import dask
    import dask.dataframe as dd

    meta = _meta()
    parts = [dask.delayed(_score_partition)(p, i, lexicon_paths)
             for i, p in enumerate(ddf.to_delayed())]
    return {name: dd.from_delayed([p[name] for p in parts], meta=meta[name],
                                  verify_meta=False)
            for name in TABLES}


def score_dask(data, *, client=None, address: str | None = None, n_workers: int = 2,
               out_dir=None, lexicon_paths=None, copies: bool = True):
    """Score a corpus on a Dask cluster; the same rows as the local path.

    Parameters
    ----------
    data : dask.dataframe.DataFrame, str or Path
        Corpus rows, or a Parquet file/dataset path (read with ``dd.read_parquet``).
    client : dask.distributed.Client, optional
        Use this client (left open).
    address : str, optional
        Scheduler address (``tcp://host:8786``) when no client is given.
    n_workers : int
        Workers of the ``LocalCluster`` started when neither is given (closed at
        the end).
    out_dir : str or Path, optional
        Write the tables there (streaming layout) instead of returning them.
    lexicon_paths : list of path, optional
        User lexicon CSVs.
    copies : bool
        With ``out_dir``: run the corpus-wide copy pass and fill ``copy_of``.

    Returns
    -------
    framing.Scores or Path
        The tables gathered to this process, or ``out_dir`` when given.
    """
    import dask
    import dask.dataframe as dd

    from .score import Scores

    ddf = dd.read_parquet(str(data)) if isinstance(data, (str, Path)) else data
    if "text" not in {str(c).lower() for c in ddf.columns} and not any(
            str(c).lower() in ("body", "content") for c in ddf.columns):
        raise FramingError("score_dask needs a 'text' column")
    client, owned = connect(client, address, n_workers)
    try:
        # Every worker loads the lexicons before the first task, all at once, rather
        # than inside its first partition (which would make that one look slow).
        client.run(_prepare, lexicon_paths)
        out = None if out_dir is None else Path(out_dir)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
        # One task per partition, gathered as it is: five dask DataFrames built with
        # from_delayed would add ~15 tasks per partition that only split and re-join
        # the same tables, all routed through the scheduler.
        tasks = [dask.delayed(_score_partition)(p, i, lexicon_paths,
                                                None if out is None else str(out.resolve()))
                 for i, p in enumerate(ddf.to_delayed())]
        results = dask.compute(*tasks, scheduler=client.get)
        if out is None:
            return Scores(**{name: pd.concat([r[name] for r in results], ignore_index=True)
                             for name in TABLES})
    finally:
        if owned:
            client.close()
            if getattr(client, "cluster", None) is not None:
                client.cluster.close()
    manifest = {"version": 1, "settings": {"input": "dask", "written": time.time()},
                "done": {str(i): counts for i, counts in results}, "complete": False}
    _write_manifest(out, manifest)
    if not read_table(out, "articles", columns=["article_id"])["article_id"].is_unique:
        raise FramingError("duplicate article ids across partitions (identical texts without "
                           "an article_id column?); add an article_id column")
    if copies:
        from .stream_copies import find_copies_in

        find_copies_in(out)
    from .stream import _finish_outputs

    _finish_outputs(out, "parquet")
    manifest["complete"] = True
    _write_manifest(out, manifest)
    return out
