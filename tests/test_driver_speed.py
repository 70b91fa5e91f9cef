"""The streaming driver's fast paths give the records the earlier code gave."""
from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pandas as pd
import pytest

from framing import stream_input
from framing.stream_input import _WORKER_GC_THRESHOLD, _table_rows


def _typed(records: list[dict]) -> list:
    """Keys in order, each value with its type: equal only if the records are."""
    return [[(k, type(v).__name__, repr(v)) for k, v in rec.items()] for rec in records]


def _same_records(df: pd.DataFrame) -> None:
    """``_table_rows`` gives the records it gave when it read its rows with
    ``to_dict("records")`` (the one line ``_rows`` replaced)."""
    with warnings.catch_warnings():   # skipped rows, to_dict's repeated columns
        warnings.simplefilter("ignore")
        new = _table_rows(df, "in.parquet", 10)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(stream_input, "_rows", lambda df, columns: iter(df.to_dict("records")))
            old = _table_rows(df, "in.parquet", 10)
    assert len(new) == len(old) and _typed(new) == _typed(old)


def _texts(ptc_dir, n: int) -> list[str]:
    paths = sorted((ptc_dir / "articles").glob("*.txt"))[:n]
    return [p.read_text(encoding="utf-8") for p in paths]


def test_rows_of_every_input_format_are_the_old_ones(ptc_dir, tmp_path):
    texts = _texts(ptc_dir, 40)
    texts[3], texts[7] = "", "   "   # skipped rows
    df = pd.DataFrame({"id": [f"a{i}" if i % 5 else "" for i in range(40)], "text": texts,
                       "Outlet": [f"o{i % 3}" for i in range(40)],
                       "headline": [None if i % 4 == 0 else f" t{i} " for i in range(40)],
                       "extra": range(40)})
    df.to_parquet(tmp_path / "a.parquet")
    df.to_json(tmp_path / "a.jsonl", orient="records", lines=True)
    df.to_csv(tmp_path / "a.csv", index=False)
    _same_records(pd.read_parquet(tmp_path / "a.parquet"))
    _same_records(pd.read_json(tmp_path / "a.jsonl", lines=True))
    _same_records(pd.read_csv(tmp_path / "a.csv", dtype=str, keep_default_na=False))


@pytest.mark.parametrize("published", [
    pd.to_datetime(["2022-02-24 05:00", None, "2022-03-01 00:00"]),
    pd.to_datetime(["2022-02-24 05:00:00.123456789", "2022-02-25 00:00:00.000000001", None]).tz_localize("UTC"),
    pd.Series([dt.date(2022, 2, 24), None, dt.date(2022, 3, 1)], dtype=object),
    pd.Series([20220224, None, 20220301], dtype="Int64"),
    [20220224.0, np.nan, 1.5],
    ["2022-02-24", None, " 2022-03-01 "],
    pd.Categorical(["a", None, "b"]),
])
def test_published_keeps_its_type_from_parquet(published, tmp_path):
    df = pd.DataFrame({"text": ["Kyiv said", "Minsk denied", "Psaki said"],
                       "published": published, "id": pd.Series([1, None, 3], dtype="Int64"),
                       "url": [1.0, np.nan, 3.0], "event": [True, False, True]})
    _same_records(df)
    df.to_parquet(tmp_path / "p.parquet")
    _same_records(pd.read_parquet(tmp_path / "p.parquet"))


def test_a_repeated_column_name_reads_its_last_column():
    df = pd.DataFrame([["x", "Kyiv said", "y"], ["", "Minsk denied", "z"]],
                      columns=["title", "text", "title"])
    _same_records(df)


def test_the_driver_builds_the_tables_its_workers_freeze(seeds_dir, tmp_path):
    """stream_score warms the tables up once, before forking; the workers freeze what
    they inherit, the caller's process is left unfrozen."""
    import subprocess
    import sys

    code = ("import gc; from concurrent.futures import ProcessPoolExecutor; "
            "from multiprocessing import get_context; "
            "from framing.stream import _worker_init, stream_score; "
            "from framing.lexicon import _default; loaded = _default.cache_info().currsize; "
            f"stream_score({str(seeds_dir)!r}, {str(tmp_path / 'out')!r}, workers=2, "
            "chunk_size=2, progress=False); "
            "pool = ProcessPoolExecutor(1, mp_context=get_context('fork'), "
            "initializer=_worker_init); "
            "print(gc.get_freeze_count(), pool.submit(gc.get_freeze_count).result(), "
            "gc.get_threshold()[0], pool.submit(gc.get_threshold).result()[0], "
            "loaded, _default.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    driver, worker, driver_gc, worker_gc, before, after = map(int, out.stdout.split())
    assert (before, after) == (0, 1)   # the lexicon was loaded here, before forking
    assert driver == 0 and worker > 50_000   # the lexicon trie, tables and caches
    # Young collections are rarer in a worker only; the caller's process keeps its own.
    assert driver_gc == 700 and worker_gc == _WORKER_GC_THRESHOLD > 700
