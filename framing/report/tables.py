"""Comparison tables, the side-by-side view and the appendices, formatted for display.

Companion of :mod:`framing.report.context` (split off to keep modules short). Each
function takes the package's tables and returns plain lists of dicts of strings;
nothing is computed here that :mod:`framing.compare` already computes, only counted
(spans, words) so that each rate shows the spans it comes from.

Examples
--------
>>> cells = claims_matrix(pd.DataFrame({"event": ["e", "e"], "claim_id": [1, 1],
...     "claim": ["30,000 troops", "30,000 troops"], "outlet": ["A", "B"],
...     "reported": [True, False]}), "e", ["A", "B"])
>>> cells["rows"][0]["cells"]
['reported', 'not reported']
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import pandas as pd

from .highlight import _s

__all__ = ["side_by_side", "claims_matrix", "comparison_tables", "removed", "method"]


def _table(comparison, name: str) -> pd.DataFrame | None:
    df = getattr(comparison, name, None) if comparison is not None else None
    return df if isinstance(df, pd.DataFrame) and len(df) else None


def _terms(spans: list[dict], voice_author: bool) -> list[str]:
    """``'deadly' (loaded term)``-style list, one entry per distinct term and speaker."""
    seen: Counter = Counter()
    label: dict = {}
    for sp in spans:
        if sp.get("quiet"):
            continue
        is_author = (_s(sp.get("voice")) or "author") == "author"
        if is_author != voice_author:
            continue
        key = (_s(sp.get("text")).lower(), _s(sp.get("device")), _s(sp.get("speaker")))
        seen[key] += 1
        label[key] = sp
    out = []
    for key, n in seen.items():
        text, device, speaker = key
        item = f"\u201c{label[key]['text']}\u201d ({device})"
        if not voice_author:
            item += f" \u2014 {speaker or 'unnamed speaker'}"
        out.append(item + (f" \u00d7{n}" if n > 1 else ""))
    return out


def claims_matrix(coverage: pd.DataFrame | None, event: str, outlets: list[str]) -> dict:
    """Which claims of one event each outlet reports (rows: claims, columns: outlets)."""
    if coverage is None or not len(coverage):
        return {"outlets": outlets, "rows": [], "shared": 0}
    cov = coverage[coverage["event"].astype(str) == str(event)]
    rows, shared = [], 0
    for (_cid, claim), grp in cov.groupby(["claim_id", "claim"], sort=False):
        rep = dict(zip(grp["outlet"].astype(str), grp["reported"].astype(bool)))
        cells = ["reported" if rep.get(o) else ("not reported" if o in rep else "\u2014")
                 for o in outlets]
        if all(rep.get(o) for o in outlets):
            shared += 1
            continue  # reported by every outlet: not a difference, only counted
        rows.append({"claim": str(claim), "cells": cells,
                     "only": [o for o in outlets if rep.get(o)]
                     if sum(bool(rep.get(o)) for o in outlets) == 1 else []})
    return {"outlets": outlets, "rows": rows, "shared": shared}


def side_by_side(scores, comparison, event: str, arts: list[dict]) -> dict[str, Any]:
    """One column per distinct text of an event (a syndicated copy joins its original)."""
    originals = [a for a in arts if not a["copy_of"]]
    also = defaultdict(list)
    for a in arts:
        if a["copy_of"]:
            also[a["copy_of"]].append(a["outlet"])
    quotes = scores.quotes if scores.quotes is not None else pd.DataFrame()
    cols = []
    for a in originals:
        q = quotes[quotes["article_id"].astype(str) == a["id"]] if len(quotes) else quotes
        groups = Counter(q["speaker_group"].fillna("").replace("", "unidentified")) \
            if len(q) else Counter()
        cols.append({
            "outlet": a["outlet"], "also": also.get(a["id"], []), "title": a["title"],
            "date": a["date"], "words": a["words_fmt"], "anchor": a["anchor"],
            "author_terms": _terms(a["spans"], True),
            "quoted_terms": _terms(a["spans"], False),
            "sources": [f"{g} ({n})" for g, n in groups.most_common()],
        })
    return {"columns": cols,
            "claims": claims_matrix(_table(comparison, "coverage"), event,
                                    [c["outlet"] for c in cols])}


def _profiles(comparison, views: list[dict]) -> list[dict]:
    """Per outlet and device: rate in own words and in quotes, with the counts.

    Taken from compare's ``profiles`` (device totals, i.e. ``category == "all"``),
    except attribution verbs, whose total includes the neutral ones ("said"): for
    them only the loaded categories are summed (same words, so rates add; no
    interval for the sum). compare's ``count`` and ``words`` stand beside each rate.
    """
    prof = _table(comparison, "profiles")
    if prof is None:
        return []
    from .context import fmt_int, fmt_rate, is_quiet, sample_warning

    prof = prof[prof["voice"].isin(["author", "quoted"])].copy()
    prof["category"] = prof["category"].fillna("").astype(str)
    out = []
    for outlet, grp in prof.groupby("outlet", sort=True):
        n_art = int(grp["n_articles"].max())
        words = int(grp["words"].max())
        small = bool(grp["small_sample"].any()) or n_art < 5
        rows = []
        for device, dg in grp.groupby("device", sort=True):
            cells, cats = {}, []
            for voice in ("author", "quoted"):
                vg = dg[dg["voice"] == voice]
                if device == "attribution verb":
                    parts = vg[(vg["category"] != "all") &
                               ~vg["category"].map(lambda c: is_quiet(device, c))]
                    count, low, high = int(parts["count"].sum()), None, None
                    cats += [c for c, n in zip(parts["category"], parts["count"]) if n]
                else:
                    tot = vg[vg["category"] == "all"]
                    count = int(tot["count"].sum())
                    low = tot["low"].iloc[0] if len(tot) else None
                    high = tot["high"].iloc[0] if len(tot) else None
                    cats += [c for c, n in zip(vg["category"], vg["count"]) if n and c != "all"]
                rate = 1000.0 * count / words if words else 0.0
                cells[voice] = (f"{fmt_rate(rate, low, high)} "
                                f"({count} span{'s' if count != 1 else ''})") if count else "\u2014"
            if cells["author"] == cells["quoted"] == "\u2014":
                continue
            label = "attribution verb (loaded only)" if device == "attribution verb" else device
            rows.append({"device": label, "author": cells["author"], "quoted": cells["quoted"],
                         "categories": ", ".join(dict.fromkeys(cats))})
        out.append({"outlet": outlet, "rows": rows,
                    "basis": f"{n_art} article{'s' if n_art != 1 else ''}, "
                             f"{fmt_int(words)} words",
                    "warning": sample_warning(n_art) if small else ""})
    return out


def _actors(act: pd.DataFrame | None) -> dict[str, Any] | None:
    """Tone toward each actor as a grid: rows actor x voice, one column per outlet.

    A cell is "mean (n sentences)"; cells from fewer than 5 sentences are flagged,
    and an outlet with one article says so in its column head.
    """
    if act is None:
        return None
    from .context import sample_warning

    outlets = sorted(act["outlet"].astype(str).unique(), key=str.lower)
    n_art = act.groupby("outlet")["n_articles"].max()
    heads = [{"outlet": o, "warning": sample_warning(int(n_art.get(o, 0)))} for o in outlets]
    rows = []
    for (actor, voice), grp in act.groupby(["actor", "voice"], sort=True):
        by = {str(r["outlet"]): r for r in grp.to_dict("records")}
        cells = []
        for o in outlets:
            r = by.get(o)
            if r is None:
                cells.append({"text": "\u2014", "few": False})
                continue
            n = int(r.get("n_sentences") or 0)
            ci = (f" [{float(r['low']):+.2f}, {float(r['high']):+.2f}]"
                  if pd.notna(r.get("low")) and pd.notna(r.get("high")) else "")
            cells.append({"text": f"{float(r['mean']):+.2f}{ci} ({n})", "few": n < 5})
        rows.append({"actor": actor, "voice": "own words" if voice == "author" else voice,
                     "cells": cells})
    return {"heads": heads, "rows": rows}


def comparison_tables(scores, comparison, views: list[dict]) -> dict[str, Any]:
    """The compare tables as display rows; a missing table gives an empty list."""
    out: dict[str, Any] = {"available": comparison is not None, "profiles":
                           _profiles(comparison, views)}
    src = _table(comparison, "sources")
    out["sources"] = [] if src is None else [
        {"outlet": r["outlet"], "group": _s(r["speaker_group"]) or "unidentified",
         "quotes": int(r["quotes"]), "words": int(r.get("quoted_words") or 0),
         "share": f"{100 * float(r.get('share') or 0):.0f}%"} for r in src.to_dict("records")
        if int(r["quotes"])]  # a group an outlet never quotes is not a row of its table
    out["actors"] = _actors(_table(comparison, "actor_sentiment"))
    dist = _table(comparison, "distinctive")
    out["distinctive"] = [] if dist is None else [
        {"outlet": o, "terms": ", ".join(f"{t} (z={z:.1f})" for t, z in
                                         zip(g["term"], g["z"]))}
        for o, g in dist.sort_values("z", ascending=False).groupby("outlet", sort=True)
        .head(8).groupby("outlet", sort=True)]
    nam = _table(comparison, "naming")
    out["naming"] = [] if nam is None else [
        {"concept": c, "uses": "; ".join(f"{r.outlet}: \u201c{r.variant}\u201d \u00d7{int(r.count)}"
                                         for r in g.itertuples())}
        for c, g in nam.groupby("concept", sort=True)]
    shq = _table(comparison, "shared_quotes")
    out["shared_quotes"] = [] if shq is None else [
        {"quote": _s(r["quote"]), "outlets": ", ".join(r["outlets"])
         if isinstance(r["outlets"], (list, tuple)) else _s(r["outlets"])}
        for r in shq.to_dict("records")]
    return out


def removed(scores, views: list[dict]) -> list[dict[str, Any]]:
    """Per article, the page-furniture lines that cleaning removed, with reasons."""
    arts = scores.articles
    if "removed" not in arts:
        return []
    from ..clean import removed_lines

    lines = removed_lines(arts)
    by_id = {v["id"]: v for v in views}
    out = []
    for aid, grp in lines.groupby(lines["article_id"].astype(str), sort=False):
        v = by_id.get(aid)
        if v is None:
            continue
        out.append({"outlet": v["outlet"], "title": v["title"], "anchor": v["anchor"],
                    "chars": int(grp["chars"].sum()),
                    "lines": [{"text": t, "reason": r, "chars": int(c)}
                              for t, r, c in zip(grp["text"], grp["reason"], grp["chars"])]})
    return out


def method() -> dict[str, Any]:
    """Lexicon sources (entries per source and device) for the method appendix."""
    try:
        from ..lexicon import load_lexicon

        entries = load_lexicon().entries
    except Exception as exc:  # the report must still say why the list is missing
        return {"sources": [], "error": f"lexicon not available: {exc}"}
    src = entries["source"].fillna("").astype(str).str.split(":").str[0]
    rows = []
    for name, grp in entries.groupby(src, sort=True):
        rows.append({"source": name, "entries": len(grp),
                     "devices": ", ".join(sorted(grp["device"].unique()))})
    return {"sources": rows, "error": "", "n_entries": len(entries)}
