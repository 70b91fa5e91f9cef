"""Syndicated copies over a streamed output, without holding every text at once.

:func:`framing.copies.find_copies` needs all texts in memory. Here the same method
(word 5-gram shingles, 64 MinHash values, 16 LSH bands of 4, earliest partners per
bucket, exact Jaccard check, same threshold) runs in two passes over the ``articles``
parts of a folder written by :func:`framing.stream.stream_score`:

1. one part at a time: the MinHash signature of each article (64 × 4 bytes), plus
   outlet and date. The scoring workers already saved each chunk's signatures
   (:func:`write_signatures`, ``DIR/_signatures/``), so this pass reads no text;
   for a part without them (or saved with other ``k``/``min_words``) it computes
   them from the part's texts, which are dropped after each part;
2. LSH candidates on the signatures; then a second pass re-reads only the articles
   in candidate pairs for the exact Jaccard similarity.

Memory: 256 bytes per article of signature (≈ 256 MB at 10⁶ articles) plus the
shingles of candidate articles only. Shingle hashes use pandas' stable string hash
(the same in every process and chunk), not the per-call vocabulary of
``find_copies``, so the two agree except for 32-bit hash collisions.

The result is written to ``DIR/copies.parquet`` (``article_id, copy_of, similarity``)
and into ``copy_of`` of the ``articles`` parts that hold a copy (rewritten atomically).

Examples
--------
>>> from framing.stream_copies import find_copies_in
>>> find_copies_in("/tmp/seeds-scored").values.tolist()     # doctest: +SKIP
[['003_1998e0662f3ef197', '001_5e91cf48cce6411a', 1.0]]
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import copies as _c
from .parts import replacing, write_part
from .stream import _part, finished_chunks

__all__ = ["find_copies_in", "signatures", "write_signatures"]

SIGNATURES = "_signatures"

_COLS = ["article_id", "outlet", "published", "text"]


def signatures(texts: list[str], k: int = 5, min_words: int = 20, batch: int = 100,
               token_hashes: list[np.ndarray] | None = None):
    """MinHash signatures (n × 64, uint32) and the long-enough mask of some texts.

    Computed ``batch`` texts at a time (each text's signature depends on it alone):
    all words of a 1,000-article chunk as Python strings at once raised a worker's
    peak by 44 MB. ``token_hashes``, if given, are the hashes of the texts' tokens already
    found (:func:`framing.copies.token_hashes_from_words`); the texts are then not read.

    >>> sig, ok = signatures(["one two three four five six"] * 2, min_words=1)
    >>> bool((sig[0] == sig[1]).all()), ok.tolist()
    (True, [True, True])
    """
    if token_hashes is not None and len(token_hashes) != len(texts):
        raise ValueError(f"{len(token_hashes)} token hash arrays for {len(texts)} texts")
    if len(texts) > batch:
        parts = [_signatures(texts[i:i + batch], k, min_words,
                             None if token_hashes is None else token_hashes[i:i + batch])
                 for i in range(0, len(texts), batch)]
        return np.concatenate([s for s, _ in parts]), np.concatenate([o for _, o in parts])
    return _signatures(texts, k, min_words, token_hashes)


def _signatures(texts: list[str], k: int, min_words: int, token_hashes=None):
    if token_hashes is None:
        tokens = [_c._tokens(t) for t in texts]
        h, counts = _c._shingle_array(tokens, k, None)
        sizes = map(len, tokens)
    else:
        h, counts = _c._hashed_shingle_array(token_hashes, k)
        sizes = map(len, token_hashes)
    n = len(texts)
    sig = np.zeros((n, _c._NUM_PERM), np.uint32)
    keep = counts > 0
    offsets = (np.cumsum(counts) - counts)[keep]
    rows = np.flatnonzero(keep)
    if len(offsets):
        for p in range(_c._NUM_PERM):
            v = h * _c._PERM_A[p] + _c._PERM_B[p]
            # Keep the high half: the low bits of an odd-multiplier hash are weak.
            sig[rows, p] = (np.minimum.reduceat(v, offsets) >> np.uint64(32)).astype(np.uint32)
    long_enough = np.fromiter((size >= min_words for size in sizes), bool, n)
    return sig, keep & long_enough


def _signature_file(folder: Path, ci: int) -> Path:
    return folder / SIGNATURES / f"part-{ci:06d}.npz"


def write_signatures(folder, ci: int, articles: pd.DataFrame, k: int = 5,
                     min_words: int = 20, token_hashes: list | None = None) -> Path:
    """Save the signatures of one chunk's ``articles`` beside its parts (atomically).

    ``token_hashes``: the hashes of the articles' tokens, if already found (see
    :func:`signatures`).

    >>> import tempfile
    >>> arts = pd.DataFrame({"text": ["one two three four five six"]})
    >>> write_signatures(tempfile.mkdtemp(), 0, arts).name
    'part-000000.npz'
    """
    sig, ok = signatures(articles["text"].fillna("").tolist(), k, min_words, token_hashes=token_hashes)
    path = _signature_file(Path(folder), ci)
    with replacing(path) as tmp, open(tmp, "wb") as fh:
        np.savez(fh, sig=sig, ok=ok, k=k, min_words=min_words)
    return path


def _saved_signatures(folder: Path, ci: int, k: int, min_words: int, n: int):
    """A part's saved ``(sig, ok)``, or None if missing or made with other settings."""
    path = _signature_file(folder, ci)
    if not path.exists():
        return None
    with np.load(path) as z:
        if int(z["k"]) != k or int(z["min_words"]) != min_words or len(z["sig"]) != n:
            return None
        return z["sig"], z["ok"]


def _shingles(text: str, k: int) -> np.ndarray:
    h, _ = _c._shingle_array([_c._tokens(text)], k, None)
    return np.unique((h >> np.uint64(32)).astype(np.uint32))


def find_copies_in(folder, threshold: float = 0.7, *, k: int = 5, min_words: int = 20,
                   max_partners: int = 8, progress: bool = False) -> pd.DataFrame:
    """Find syndicated copies in a streamed output folder; fill ``articles.copy_of``.

    Parameters
    ----------
    folder : str or Path
        Written by :func:`framing.stream.stream_score`.
    threshold, k, min_words, max_partners
        As in :func:`framing.copies.find_copies`.
    progress : bool
        Print what is being done.

    Returns
    -------
    pandas.DataFrame
        ``article_id, copy_of, similarity``, also written to ``copies.parquet``.
    """
    folder = Path(folder)
    chunks = finished_chunks(folder)
    ids, outlets, when, sigs, oks, part_of = [], [], [], [], [], []
    for ci in chunks:   # pass 1: signatures, one part at a time
        path = _part(folder, "articles", ci)
        df = pd.read_parquet(path, columns=_COLS[:-1])
        saved = _saved_signatures(folder, ci, k, min_words, len(df))
        if saved is None:
            texts = pd.read_parquet(path, columns=["text"])["text"].fillna("").tolist()
            saved = signatures(texts, k, min_words)
        sig, ok = saved
        sigs.append(sig)
        oks.append(ok)
        ids.extend(df["article_id"].astype(str))
        outlets.extend(df["outlet"].fillna("").astype(str).str.strip().str.casefold())
        pub = pd.to_datetime(df["published"], errors="coerce")
        t = pub.to_numpy(dtype="datetime64[ns]").astype(np.int64)
        when.append(np.where(pub.isna().to_numpy(), np.iinfo(np.int64).max, t))
        part_of.append(np.full(len(df), ci, np.int64))
    n = len(ids)
    empty = pd.DataFrame({"article_id": pd.Series([], dtype=str),
                          "copy_of": pd.Series([], dtype=str),
                          "similarity": pd.Series([], dtype="float64")})
    if n < 2:
        _save(folder, empty, {}, np.zeros(0, np.int64), [])
        return empty
    sig, ok = np.concatenate(sigs), np.concatenate(oks)
    when, part_of = np.concatenate(when), np.concatenate(part_of)
    del sigs, oks
    rank = np.empty(n, np.int64)
    rank[np.lexsort((np.arange(n), when))] = np.arange(n)
    ocode, _ = pd.factorize(pd.Series(outlets).replace("", np.nan), use_na_sentinel=True)
    del outlets
    a, b = _c.candidate_pairs(sig, ok, rank, ocode, threshold, max_partners)
    del sig
    # Pass 2: shingles of the articles in candidate pairs only.
    need = np.unique(np.concatenate([a, b]))
    shingles: dict[int, np.ndarray] = {}
    offset = 0
    for ci in chunks:
        lo, hi = offset, offset + int((part_of == ci).sum())
        offset = hi
        rows = need[(need >= lo) & (need < hi)]
        if not len(rows):
            continue
        texts = pd.read_parquet(_part(folder, "articles", ci),
                                columns=["text"])["text"].fillna("").tolist()
        for r in rows:
            shingles[int(r)] = _shingles(texts[r - lo], k)
    found: dict[int, tuple[int, float]] = {}
    for earlier, later in zip(a.tolist(), b.tolist()):
        if later in found:
            continue
        sim = _c.jaccard(shingles[earlier], shingles[later])
        if sim >= threshold:
            found[later] = (earlier, sim)
    rows = sorted(found.items())
    result = pd.DataFrame({
        "article_id": pd.Series([ids[i] for i, _ in rows], dtype="str"),
        "copy_of": pd.Series([ids[j] for _, (j, _) in rows], dtype="str"),
        "similarity": pd.Series([round(s, 4) for _, (_, s) in rows], dtype="float64")})
    _save(folder, result, {i: ids[j] for i, (j, _) in rows}, part_of, ids)
    return result


def _save(folder: Path, result: pd.DataFrame, copy_of: dict[int, str], part_of, ids) -> None:
    write_part(result, folder / "copies.parquet")
    by_part: dict[int, dict[str, str]] = {}
    for i, orig in copy_of.items():
        by_part.setdefault(int(part_of[i]), {})[ids[i]] = orig
    for ci, mapping in by_part.items():
        # Rewrite only parts holding a copy; idempotent, so a crash here is harmless.
        path = _part(folder, "articles", ci)
        df = pd.read_parquet(path)
        df["copy_of"] = [mapping.get(i, c) for i, c in
                         zip(df["article_id"].astype(str), df["copy_of"].fillna(""))]
        write_part(df, path)
