"""The same words in two articles: syndicated copies and shared quotations.

Copies come from the corpus loader's ``copy_of`` column, or, when a table lacks it,
from :func:`framing.copies.find_copies` (MinHash over word 5-grams). Quotations are
matched with word shingles (runs of ``k`` words of the package tokenizer,
lower-cased) and *containment*: the share of the shorter quotation's shingles found
in the longer one. Containment, not Jaccard, because an outlet often quotes
only part of what another outlet quoted, or writes "[an]" where another wrote "an";
what matters is that the shorter one is (almost) inside the longer one.

Examples
--------
>>> a = "But there are many concerns with the role Belarus is playing with respect to the war"
>>> b = "there are many concerns with the role Belarus is playing with respect to the war, whether"
>>> round(containment(word_shingles(a), word_shingles(b)), 2)
0.92
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from ..copies import find_copies, jaccard, shingles
from ..text import normalize_word, words
from .events import blank

__all__ = ["word_shingles", "containment", "copies_table", "shared_quotes", "COPY_COLUMNS", "SHARED_COLUMNS"]

COPY_COLUMNS = ["article_id", "outlet", "copy_of", "copy_of_outlet", "similarity", "how"]
SHARED_COLUMNS = ["quote", "speakers", "n_outlets", "outlets", "article_ids", "copies",
                  "similarity"]


def word_shingles(text: str, k: int = 4) -> frozenset:
    """The ``k``-word shingles of ``text`` (a Python set: quotations are short).

    >>> sorted(word_shingles("The drills are defensive", k=3))
    [('drills', 'are', 'defensive'), ('the', 'drills', 'are')]
    """
    toks = [normalize_word(w) for w in words(text)]
    return frozenset(tuple(toks[i:i + k]) for i in range(len(toks) - k + 1))


def containment(a, b) -> float:
    """Share of the smaller shingle set found in the other (0 if one is empty).

    >>> containment(word_shingles("a b c d e f"), word_shingles("x a b c d e"))
    0.6666666666666666
    """
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def copies_table(articles: pd.DataFrame, *, shingles_of: dict | None = None) -> pd.DataFrame:
    """Syndicated copies: the article, what it copies, and how alike the two texts are.

    The corpus loader's ``copy_of`` column is used when present; a table without
    it gets :func:`framing.copies.find_copies`.

    Parameters
    ----------
    articles : pandas.DataFrame
        ``article_id, outlet, text`` (and ``copy_of``, ``published`` if known).
    shingles_of : dict, optional
        ``{article_id: shingles(text)}`` of the copies and their originals, when the
        table has ``copy_of`` but no texts (a streamed folder, read part by part).

    Returns
    -------
    pandas.DataFrame
        ``article_id, outlet, copy_of, copy_of_outlet, similarity`` (Jaccard
        similarity of word 5-gram sets, 0–1), ``how`` (``corpus`` or ``detected``).
    """
    arts = articles.assign(article_id=articles["article_id"].astype(str))
    outlet = dict(zip(arts["article_id"], arts["outlet"].astype(str)))
    if "copy_of" in arts:
        given = arts[~blank(arts["copy_of"])]
        if shingles_of is None:
            text = dict(zip(arts["article_id"], arts["text"].fillna("").astype(str)))
            need = set(given["article_id"]) | set(given["copy_of"].astype(str))
            shingles_of = {a: shingles(text[a]) for a in need if a in text}
        pairs = pd.DataFrame({"article_id": given["article_id"],
                              "copy_of": given["copy_of"].astype(str)})
        none = shingles("")
        pairs["similarity"] = [round(jaccard(shingles_of[a], shingles_of.get(c, none)), 3)
                               for a, c in zip(pairs["article_id"], pairs["copy_of"])]
        how = "corpus"
    else:
        pairs = find_copies(arts)
        how = "detected"
    pairs = pairs.assign(outlet=pairs["article_id"].map(outlet),
                         copy_of_outlet=pairs["copy_of"].map(outlet).fillna(""), how=how)
    return pairs.reindex(columns=COPY_COLUMNS).reset_index(drop=True)


def shared_quotes(quotes: pd.DataFrame, articles: pd.DataFrame, *,
                  min_containment: float = 0.6, k: int = 4,
                  min_words: int = 6) -> pd.DataFrame:
    """Quotations carried by more than one outlet, matched fuzzily.

    Two quotations match when at least ``min_containment`` of the shorter one's
    ``k``-word shingles are in the longer one, so an outlet that quotes a sentence
    in part, or writes "[an]" where another wrote "an", still matches. Matches are
    grouped transitively. Copies (``articles.copy_of``) are listed in ``copies`` and
    never counted as an outlet carrying the quotation.

    Parameters
    ----------
    quotes : pandas.DataFrame
        The ``quotes`` table (``article_id, text, speaker``).
    articles : pandas.DataFrame
        ``article_id, outlet, copy_of``.
    min_containment, k, min_words : float, int, int
        Match threshold, words per shingle, shortest quotation considered (short
        ones such as "escalatory" are words, not shared quotations).

    Returns
    -------
    pandas.DataFrame
        ``quote`` (the longest wording), ``speakers``, ``n_outlets``, ``outlets``,
        ``article_ids`` (independent articles), ``copies`` (``id (outlet)``),
        ``similarity`` (lowest containment of a matched pair) — only quotations
        with ``n_outlets >= 2``.
    """
    if quotes is None or quotes.empty:
        return pd.DataFrame(columns=SHARED_COLUMNS)
    arts = articles.assign(article_id=articles["article_id"].astype(str))
    outlet = dict(zip(arts["article_id"], arts["outlet"].astype(str)))
    is_copy = dict(zip(arts["article_id"], ~blank(arts["copy_of"]) if "copy_of" in arts
                       else [False] * len(arts)))
    q = quotes.assign(article_id=quotes["article_id"].astype(str)).reset_index(drop=True)
    q = q[np.array([len(words(t)) >= min_words for t in q["text"].fillna("").astype(str)],
                   dtype=bool)]
    q = q.reset_index(drop=True)
    sh = [word_shingles(t, k) for t in q["text"].astype(str)]
    index: dict[tuple, list[int]] = defaultdict(list)
    for i, s in enumerate(sh):
        for g in s:
            index[g].append(i)
    parent = list(range(len(q)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    low: dict[int, float] = {}
    aid = q["article_id"].tolist()
    for i, s in enumerate(sh):
        cands = {j for g in s for j in index[g] if j > i and aid[j] != aid[i]}
        for j in cands:
            c = containment(s, sh[j])
            if c >= min_containment:
                ri, rj = find(i), find(j)
                parent[rj] = ri
                low[ri] = min(low.get(ri, 1.0), low.get(rj, 1.0), c)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(q)):
        groups[find(i)].append(i)
    rows = []
    for root, members in groups.items():
        if len(members) < 2:
            continue
        g = q.iloc[members]
        ind = [a for a in dict.fromkeys(g["article_id"]) if not is_copy.get(a, False)]
        outs = sorted({outlet.get(a, "") for a in ind})
        if len(outs) < 2:
            continue
        cop = [f"{a} ({outlet.get(a, '')})" for a in dict.fromkeys(g["article_id"])
               if is_copy.get(a, False)]
        texts = g["text"].astype(str)
        speakers = sorted({s for s in g.get("speaker", pd.Series(dtype=str)).fillna("")
                           .astype(str) if s})
        rows.append({"quote": texts.loc[texts.str.len().idxmax()],
                     "speakers": ";".join(speakers), "n_outlets": len(outs),
                     "outlets": ";".join(outs), "article_ids": ";".join(ind),
                     "copies": ";".join(cop), "similarity": round(low.get(root, np.nan), 3)})
    out = pd.DataFrame(rows, columns=SHARED_COLUMNS)
    return out.sort_values(["n_outlets", "quote"], ascending=[False, True],
                           ignore_index=True)
