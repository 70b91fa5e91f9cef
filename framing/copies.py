"""Find syndicated copies: articles whose body is (nearly) the text of an earlier one.

Method (fast on 10⁵ articles, no all-pairs loop):

1. Each article becomes the set of its word 5-grams ("shingles"), words found by
   :func:`framing.text.words`, casefolded, numbered, and each 5-gram hashed to 64 bits.
2. A 64-value MinHash signature per article, computed with numpy over all shingles of
   a chunk of articles at once (``np.minimum.reduceat``).
3. Locality-sensitive hashing: the signature is cut into 16 bands of 4 values; two
   articles sharing a band are candidates. Inside a bucket each article is paired with
   the earliest few members only, so a bucket of thousands of copies stays linear.
4. Candidates are filtered by the share of equal signature values, then the exact
   Jaccard similarity of the shingle sets is computed for the pairs kept.

An article is a copy of the *earliest* article (by ``published``, then row order)
from another outlet whose Jaccard similarity is at least ``threshold``. Articles of
the same (known) outlet are never paired: a re-post inside one site is not
syndication. An unknown outlet ("") counts as different from every outlet.

Examples
--------
>>> import pandas as pd
>>> body = ("Russia and Belarus launched joint aerial exercises on Monday in Belarusian "
...         "airspace, and the exercises are expected to last a full two weeks.")
>>> arts = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["X", "Y", "Z"],
...                      "text": [body, body + " Share this.", "Something else entirely."]})
>>> find_copies(arts).to_dict("records")
[{'article_id': 'b', 'copy_of': 'a', 'similarity': 0.9048}]
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from .matcher import _STEM_OF_WORD
from .text import words
from .wordtable import WordTable

__all__ = ["find_copies", "shingles", "jaccard"]

_SEED = np.random.default_rng(20230117)
_NUM_PERM = 64
_BANDS = 16
# Odd multipliers and offsets of the hash permutations h -> a*h + b (mod 2**64).
_PERM_A = _SEED.integers(1, 2**63, size=_NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_PERM_B = _SEED.integers(0, 2**63, size=_NUM_PERM, dtype=np.uint64)
_MIX = _SEED.integers(1, 2**63, size=16, dtype=np.uint64) * np.uint64(2) + np.uint64(1)


def _token_of_word(word: str) -> str:
    return word.casefold().replace("’", "'")


def _tokens(text: str) -> list[str]:
    return words(_token_of_word(text))


@lru_cache(maxsize=None)
def _unsafe_casefold_re() -> re.Pattern:
    """Characters whose casefold could change where words begin or end.

    Casefolding a character into one character of the same kind (word character or
    not) leaves every word boundary where it was; these do otherwise: "ǰ" becomes
    "j" and a combining mark, U+0345 (a mark) becomes "ι" (a letter). Found once per
    process by casefolding 256 code points at a time and looking closer only at
    blocks that change (~100 characters of 1.1 million).
    """
    word = re.compile(r"[^\W_]")
    # Every code point but the surrogates, as one string decoded from its UTF-32 in
    # C: 1 ms, where a chr() per code point took ~60 ms of each process's start.
    points = np.arange(0x110000, dtype="<u4")
    every = points[(points < 0xD800) | (points > 0xDFFF)].tobytes().decode("utf-32-le")
    unsafe = []
    for block in range(0, len(every), 256):
        chars = every[block:block + 256]
        if chars.casefold() == chars:
            continue
        for ch in chars:
            cf = ch.casefold()
            if cf != ch and (len(cf) != 1 or bool(word.match(ch)) != bool(word.match(cf))):
                unsafe.append(ch)
    return re.compile("[" + "".join(map(re.escape, unsafe)) + "]")


def _casefold_keeps_words(text: str) -> bool:
    """True unless ``text`` holds a character whose casefold could move a word
    boundary (see :func:`_unsafe_casefold_re`): then each word casefolded alone gives
    the words of the casefolded text."""
    return text.isascii() or not _unsafe_casefold_re().search(text)


def token_hashes_from_words(text: str, text_words: list[str],
                            distinct: set[str] | None = None) -> np.ndarray:
    """The hashes of the copy-detection tokens of ``text`` (``words`` of it
    casefolded, see :func:`_token_hashes`), from ``text_words`` = ``words(text)``
    already found: one table lookup per word instead of a second scan of the text.
    ``distinct``: ``set(text_words)``, if at hand (see :meth:`WordTable.values`).

    The same tokens as tokenizing the casefolded text, by construction: each word is
    casefolded alone, and a text holding a character whose casefold could move a
    word boundary is tokenized again instead.

    >>> text = "Russia’s DRILLS, U.S. said"
    >>> bool((token_hashes_from_words(text, words(text)) == _token_hashes(_tokens(text))).all())
    True
    """
    if not _casefold_keeps_words(text):
        return _token_hashes(_tokens(text))
    return _uint64s(_HASH_OF_WORD.values(text_words, distinct))


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads the bits of a combined hash."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def _hash_tokens(tokens: list[str]) -> list[bytes]:
    # The tokens are distinct (new to the table): categorizing them first, to hash
    # each distinct value once, would only add its cost (~65 us a call; same hashes).
    h = pd.util.hash_array(np.asarray(tokens, dtype=object), categorize=False).tobytes()
    return [h[i:i + 8] for i in range(0, len(h), 8)]


def _uint64s(hashes: list[bytes]) -> np.ndarray:
    """The 8-byte hashes as one array: joined in C, where ``np.array`` of a list of
    Python ints converts each (35 M instructions per 200 articles' words)."""
    return np.frombuffer(b"".join(hashes), dtype=np.uint64)


# token -> pandas' stable 64-bit hash of it (8 bytes, see _uint64s), process-wide: a
# worker meets the same vocabulary in every chunk, and hashing every token again was
# ~2/3 of the cost of its signatures; new tokens are hashed in one pandas call.
_HASH_OF_TOKEN = WordTable(_hash_tokens, limit=200_000, batch=True)
# word -> the hash of its token: the streaming scorer's words, one lookup each
# (bounded at WordTable's default 100,000 words; the hashes are the token table's
# objects, shared); filled with the stem table, which those words went through first.
_HASH_OF_WORD = WordTable(lambda ws: _HASH_OF_TOKEN.values(list(map(_token_of_word, ws))),
                          batch=True, lead=_STEM_OF_WORD)


def _token_hashes(flat: list[str]) -> np.ndarray:
    """``pd.util.hash_array`` of the tokens ``flat``, from :data:`_HASH_OF_TOKEN`.

    >>> toks = ["drills", "in", "belarus", "drills"]
    >>> bool((_token_hashes(toks) == pd.util.hash_array(np.array(toks, dtype=object))).all())
    True
    """
    return _uint64s(_HASH_OF_TOKEN.values(flat))


def _shingle_array(token_lists: list[list[str]], k: int, vocab: dict | None = None):
    """Hashes of the k-word shingles of several documents, and each document's count.

    Words become integers through ``vocab`` (a dict shared by all chunks of one call,
    much faster than hashing strings) or, without one, pandas' stable string hash.
    """
    lens = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(token_lists))
    flat = [w for t in token_lists for w in t]
    if not flat:
        return np.zeros(0, np.uint64), np.zeros(len(token_lists), np.int64)
    if vocab is None:
        g = _token_hashes(flat)
    else:
        codes, uniques = pd.factorize(np.asarray(flat, dtype=object))
        get = vocab.setdefault
        ids = np.fromiter((get(w, len(vocab)) for w in uniques), np.uint64, len(uniques))
        g = ids[codes]
    return _shingles_of(g, lens, k)


def _hashed_shingle_array(hash_arrays: list[np.ndarray], k: int):
    """:func:`_shingle_array` (no ``vocab``) of documents given as their token hashes
    (:func:`token_hashes_from_words`)."""
    lens = np.fromiter(map(len, hash_arrays), dtype=np.int64, count=len(hash_arrays))
    if not lens.sum():
        return np.zeros(0, np.uint64), np.zeros(len(hash_arrays), np.int64)
    return _shingles_of(np.concatenate(hash_arrays), lens, k)


def _shingles_of(g: np.ndarray, lens: np.ndarray, k: int):
    """The shingle hashes of documents whose word numbers ``g`` are concatenated,
    ``lens`` words each, and each document's count of shingles."""
    g = np.concatenate([g, np.zeros(k, np.uint64)])
    total = len(g) - k
    h = np.zeros(total, np.uint64)
    for j in range(k):
        h += g[j:j + total] * _MIX[j]
    h = _mix(h)
    starts = np.cumsum(lens) - lens
    pos = np.arange(total) - np.repeat(starts, lens)
    valid = pos <= np.repeat(lens - k, lens)
    return h[valid], np.maximum(lens - k + 1, 0)


def shingles(text: str, k: int = 5) -> np.ndarray:
    """Sorted unique hashes of the word ``k``-grams of ``text``.

    >>> len(shingles("one two three four five six")), len(shingles("too short"))
    (2, 0)
    """
    h, _ = _shingle_array([_tokens(text)], k)
    return np.unique(h)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sorted unique hash arrays (0 when both are empty).

    >>> jaccard(shingles("a b c d e f"), shingles("a b c d e g"))
    0.3333333333333333
    """
    if len(a) == 0 and len(b) == 0:
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def _signatures(texts, k: int, min_words: int, chunk_size: int):
    """MinHash signatures (n x 64), a mask of articles long enough to match, and the
    shingles themselves (32-bit, about 4 bytes per word of the corpus) with per-article
    offsets, kept for the exact Jaccard check so no text is tokenized twice."""
    n = len(texts)
    sig = np.zeros((n, _NUM_PERM), np.uint64)
    ok = np.zeros(n, bool)
    kept, counts_all, vocab = [], [], {}
    for lo in range(0, n, chunk_size):
        toks = [_tokens(t) for t in texts[lo:lo + chunk_size]]
        h, counts = _shingle_array(toks, k, vocab)
        long_enough = np.fromiter((len(t) >= min_words for t in toks), bool, len(toks))
        keep = (counts > 0)
        offsets = (np.cumsum(counts) - counts)[keep]
        rows = np.flatnonzero(keep) + lo
        for p in range(_NUM_PERM):
            v = h * _PERM_A[p] + _PERM_B[p]
            sig[rows, p] = np.minimum.reduceat(v, offsets) if len(offsets) else 0
        ok[lo:lo + len(toks)] = keep & long_enough
        kept.append((h >> np.uint64(32)).astype(np.uint32))
        counts_all.append(counts)
    counts = np.concatenate(counts_all) if counts_all else np.zeros(0, np.int64)
    starts = np.cumsum(counts) - counts
    return sig, ok, (np.concatenate(kept) if kept else np.zeros(0, np.uint32), starts, counts)


def _candidates(sig, ok, rank, max_partners: int) -> np.ndarray:
    """Pairs (earlier, later) sharing at least one LSH band, as int64 codes."""
    n = len(sig)
    idx = np.flatnonzero(ok)
    rows = _NUM_PERM // _BANDS
    codes = []
    for b in range(_BANDS):
        band = sig[idx, b * rows:(b + 1) * rows]
        key = _mix((band * _MIX[:rows]).sum(axis=1, dtype=np.uint64) + np.uint64(b))
        order = np.lexsort((rank[idx], key))
        skey = key[order]
        new_run = np.r_[True, skey[1:] != skey[:-1]]
        run_start = np.maximum.accumulate(np.where(new_run, np.arange(len(skey)), 0))
        pos = np.arange(len(skey)) - run_start
        members = idx[order]
        # Pair each member with the first few (earliest) members of its bucket only.
        for j in range(max_partners):
            sel = pos > j
            if not sel.any():
                break
            codes.append(members[run_start[sel] + j].astype(np.int64) * n + members[sel])
    return np.unique(np.concatenate(codes)) if codes else np.zeros(0, np.int64)


def candidate_pairs(sig: np.ndarray, ok: np.ndarray, rank: np.ndarray, ocode: np.ndarray,
                    threshold: float, max_partners: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (earlier ``a``, later ``b``) worth an exact Jaccard check.

    LSH candidates, oriented by ``rank`` (publication order), same-outlet pairs dropped
    (``ocode`` -1 = unknown outlet, never the same), then a cheap filter on the
    MinHash estimate (±0.15 covers its noise); sorted by later article, then earlier.
    Shared by :func:`find_copies` and the streamed pass in :mod:`framing.stream_copies`.
    """
    n = len(sig)
    codes = _candidates(sig, ok, rank, max_partners)
    a, b = codes // n, codes % n
    swap = rank[a] > rank[b]
    a, b = np.where(swap, b, a), np.where(swap, a, b)
    keep = (ocode[a] < 0) | (ocode[b] < 0) | (ocode[a] != ocode[b])
    a, b = a[keep], b[keep]
    est = np.concatenate([(sig[a[i:i + 100_000]] == sig[b[i:i + 100_000]]).mean(axis=1)
                          for i in range(0, len(a), 100_000)] or [np.zeros(0)])
    keep = est >= threshold - 0.15
    a, b = a[keep], b[keep]
    order = np.lexsort((rank[a], b))
    return a[order], b[order]


def find_copies(articles: pd.DataFrame, threshold: float = 0.7, *, k: int = 5,
                min_words: int = 20, across_outlets_only: bool = True,
                max_partners: int = 8, chunk_size: int = 5000) -> pd.DataFrame:
    """Return ``article_id, copy_of, similarity`` for every article that copies an earlier one.

    Parameters
    ----------
    articles : DataFrame
        Needs ``article_id`` and ``text``; uses ``outlet`` and ``published`` if present.
    threshold : float
        Minimum Jaccard similarity of word 5-gram sets (1.0 = same words in the same order).
    k : int
        Words per shingle.
    min_words : int
        Shorter articles are never matched (a two-line brief says too little).
    across_outlets_only : bool
        When False, copies inside one outlet are reported too (used to count
        syndicated text once when looking for corpus-wide furniture).
    max_partners : int
        Each article is compared with at most this many earliest members of each LSH
        bucket it falls in; keeps huge clusters of copies linear in size.
    chunk_size : int
        Articles shingled at once (bounds memory on large corpora).

    Returns
    -------
    DataFrame
        One row per copy, in the order of ``articles``; ``similarity`` is the exact
        Jaccard similarity with the article it copies.

    Notes
    -----
    Memory: the shingles are kept as 32-bit hashes for the exact check, about 4 bytes
    per word of the corpus (≈250 MB for 10⁵ articles of 600 words).

    Examples
    --------
    >>> from framing.corpus import load_corpus
    >>> find_copies(load_corpus("seeds", progress=False)).values.tolist()
    [['003_1998e0662f3ef197', '001_5e91cf48cce6411a', 1.0]]
    """
    n = len(articles)
    out_cols = ["article_id", "copy_of", "similarity"]
    if n < 2:
        return pd.DataFrame({"article_id": pd.Series([], dtype="str"),
                             "copy_of": pd.Series([], dtype="str"),
                             "similarity": pd.Series([], dtype="float64")})[out_cols]
    texts = articles["text"].fillna("").astype(str).tolist()
    ids = articles["article_id"].astype(str).to_numpy()
    if "published" in articles:
        pub = pd.to_datetime(articles["published"], errors="coerce", utc=True).dt.tz_convert(None)
        when = pub.to_numpy(dtype="datetime64[ns]").astype(np.int64)
        when = np.where(pub.isna().to_numpy(), np.iinfo(np.int64).max, when)
    else:
        when = np.zeros(n, np.int64)
    rank = np.empty(n, np.int64)
    rank[np.lexsort((np.arange(n), when))] = np.arange(n)
    if "outlet" in articles and across_outlets_only:
        outlet = pd.Series(articles["outlet"]).fillna("").astype(str).str.strip().str.casefold()
        ocode, _ = pd.factorize(outlet.replace("", np.nan), use_na_sentinel=True)
    else:
        ocode = np.full(n, -1)

    sig, ok, (store, starts, counts) = _signatures(texts, k, min_words, chunk_size)
    a, b = candidate_pairs(sig, ok, rank, ocode, threshold, max_partners)

    cache: dict[int, np.ndarray] = {}

    def sh(i: int) -> np.ndarray:
        if i not in cache:
            cache[i] = np.unique(store[starts[i]:starts[i] + counts[i]])
        return cache[i]

    found: dict[int, tuple[int, float]] = {}
    for i in range(len(b)):
        later, earlier = int(b[i]), int(a[i])
        if later in found:
            continue
        sim = jaccard(sh(earlier), sh(later))
        if sim >= threshold:
            found[later] = (earlier, sim)
    rows = sorted(found.items())
    return pd.DataFrame({"article_id": pd.Series([ids[i] for i, _ in rows], dtype="str"),
                         "copy_of": pd.Series([ids[j] for _, (j, _) in rows], dtype="str"),
                         "similarity": pd.Series([round(s, 4) for _, (_, s) in rows],
                                                 dtype="float64")})
