"""Write the files of a streamed output: each one whole or not at all, as Parquet.

Used by :mod:`framing.stream` (chunk parts, manifest, CSV exports),
:mod:`framing.stream_copies` (signatures, ``copies.parquet``) and, through
:func:`framing.stream.write_chunk`, :mod:`framing.distributed`. A part is the file
``df.to_parquet(path, index=False)`` would write, up to encodings (see
:func:`write_options`), converted and written cheaper.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

__all__ = ["replacing", "write_part", "write_options"]


@contextmanager
def replacing(path: Path):
    """Write ``path`` whole or not at all: yield a temp path beside it, then rename it.

    Every file of a streamed output is written this way, so a reader (or a resumed
    run) never sees half a file. The temp name is dot-prefixed, so dataset readers
    skip it, and carries the pid, so two processes never share one; rename is atomic
    on POSIX. A failed write leaves no temp file.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "x.txt"
    >>> with replacing(target) as tmp:
    ...     _ = tmp.write_text("done")
    >>> target.read_text(), sorted(p.name for p in target.parent.iterdir())
    ('done', ['x.txt'])
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_part(df: pd.DataFrame, path: Path) -> None:
    """``df.to_parquet(path, index=False)`` (the same table read back; the encodings of
    :func:`write_options`), converted in this thread.

    ``to_parquet`` lets ``Table.from_pandas`` start a thread pool per call for tables
    of over 100 rows per column (a chunk's sentences, spans and quotes), whose
    columns are mostly Arrow already: the pool costs more than it shares out.
    """
    import pyarrow.parquet as pq

    with replacing(path) as tmp:
        if df.attrs:   # pandas also stores ``attrs`` in the file
            df.to_parquet(tmp, index=False)
        else:
            table = _arrow_table(df)
            pq.write_table(table, tmp, compression="snappy", **write_options(table))


# A table with this many float columns is wide (see write_options, _arrow_table).
_WIDE = 20


def write_options(table) -> dict:
    """Parquet options: no dictionary for long texts nor a wide table's floats,
    statistics for ``article_id`` only.

    A dictionary (the default) hashes every value: it pays for labels, ids, numbers and
    repeated sentences, not for texts of 1 KB or more a value (an article's, distinct).
    Each column's dictionary also costs a hash table and a page of its own: the
    ``features`` table's ~170 float columns (one value per article) spent more on
    those than they saved (a part 1 % larger without). Min/max statistics compare
    every value, and store two whole texts in the footer of a text column; readers
    filter parts on ``article_id``. What is read back is the same.
    """
    import pyarrow as pa

    texts = {pa.string().id, pa.large_string().id}
    types = table.schema.types
    floats = {i for i, kind in enumerate(types) if pa.types.is_floating(kind)}
    plain = floats if len(floats) >= _WIDE else set()
    plain |= {i for i, kind in enumerate(types)
              if kind.id in texts and table.column(i).nbytes >= 1024 * len(table)}
    # A list costs pyarrow a property per column: only when a column is left out.
    keep = [c for i, c in enumerate(table.column_names) if i not in plain] if plain else True
    return {"use_dictionary": keep, "write_statistics": ["article_id"]}


# Arrow schema (with its pandas metadata) per table layout: column names and dtypes.
_SCHEMAS: dict = {}


def _arrow_table(df: pd.DataFrame):
    """``pa.Table.from_pandas(df, preserve_index=False)``, cheaper for a wide table.

    ``from_pandas`` spends ~25 us per column on a pandas Series and its metadata: the
    ``features`` table's 170 columns cost more than converting a chunk's sentences.
    Its float64 columns are taken here as one 2-D array, each converted as
    ``from_pandas`` converts it (NaN is null); the schema depends on the names and
    dtypes only, so the one ``from_pandas`` gave for the first such table is reused
    (the file is the same, byte for byte).
    """
    import numpy as np
    import pyarrow as pa

    names, dtypes = df.columns.tolist(), tuple(df.dtypes)
    floats = [c for c, d in zip(names, dtypes) if d == np.float64]
    key = (tuple(names), dtypes)
    schema = _SCHEMAS.get(key)
    # Only where the schema cannot depend on the values: no object or categorical
    # column (their metadata does), no repeated name; and only when wide.
    if len(floats) < _WIDE or schema is None or len(set(names)) < len(names) or not all(
            d == np.int64 or isinstance(d, pd.StringDtype) for d in dtypes if d != np.float64):
        table = pa.Table.from_pandas(df, preserve_index=False, nthreads=1)
        if len(_SCHEMAS) < 64:
            _SCHEMAS[key] = table.schema
        return table
    columns = dict(zip(floats, np.ascontiguousarray(df[floats].to_numpy().T)))
    rest = pa.Table.from_pandas(df, preserve_index=False, nthreads=1,
                                columns=[c for c in names if c not in columns])
    return pa.Table.from_arrays([pa.array(columns[c], from_pandas=True) if c in columns
                                 else rest.column(c) for c in names], schema=schema)
