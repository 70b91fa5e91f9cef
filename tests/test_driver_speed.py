"""The streaming driver's fast paths give the records the earlier code gave."""
from __future__ import annotations

import datetime as dt
import hashlib
import warnings

import numpy as np
import pandas as pd
import pytest

from framing.stream_input import _WORKER_GC_THRESHOLD, _table_rows


def _old_table_rows(df: pd.DataFrame, where: str, row0: int) -> list[dict]:
    """``_table_rows`` as it was, reading rows with ``to_dict("records")``."""
    from framing.readers import DEFAULT_MAX_BYTES, META, _col, _str

    text_col = _col(df, "text")
    cols = {f: _col(df, f) for f in META + ["article_id"]}
    records = []
    for n, row in enumerate(df.to_dict("records"), start=row0 + 1):
        raw = _str(row[text_col])
        if not raw or len(raw) > DEFAULT_MAX_BYTES:
            continue
        rec = {f: (row[c] if f == "published" else _str(row[c]))
               for f, c in cols.items() if c is not None}
        pub = rec.get("published", "")
        rec["published"] = "" if pub is None or (not isinstance(pub, str) and pd.isna(pub)) else pub
        if not rec.get("article_id"):
            rec["article_id"] = "h" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]
            rec["_hashed"] = True
        records.append(rec | {"raw_text": raw, "source_file": f"{where}#row={n}"})
    return records


def _typed(records: list[dict]) -> list:
    """Keys in order, each value with its type: equal only if the records are."""
    return [[(k, type(v).__name__, repr(v)) for k, v in rec.items()] for rec in records]


def _same_records(df: pd.DataFrame) -> None:
    with warnings.catch_warnings():   # skipped rows, to_dict's repeated columns
        warnings.simplefilter("ignore")
        new, old = _table_rows(df, "in.parquet", 10), _old_table_rows(df, "in.parquet", 10)
    assert _typed(new) == _typed(old)


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
            f"stream_score({str(seeds_dir)!r}, {str(tmp_path / 'out')!r}, workers=2, "
            "chunk_size=2, progress=False); "
            "pool = ProcessPoolExecutor(1, mp_context=get_context('fork'), "
            "initializer=_worker_init); "
            "print(gc.get_freeze_count(), pool.submit(gc.get_freeze_count).result(), "
            "gc.get_threshold()[0], pool.submit(gc.get_threshold).result()[0])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    driver, worker, driver_gc, worker_gc = map(int, out.stdout.split())
    assert driver == 0 and worker > 50_000   # the lexicon trie, tables and caches
    # Young collections are rarer in a worker only; the caller's process keeps its own.
    assert driver_gc == 700 and worker_gc == _WORKER_GC_THRESHOLD > 700
