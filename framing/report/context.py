"""Build the template context for the report from ``Scores`` and a ``Comparison``.

All formatting lives here (templates only lay out): numbers are turned into the
sentences a reader sees, always with the counts they come from ("4.1 per 1,000
words (5 spans, 1,212 words)"), a rate from one article says so, and every article
body is rendered once by :func:`framing.report.highlight.highlight`.

What counts as a framing device: every span except neutral attribution verbs
("said", "told"), which take no side. Those are still marked, discreetly (a thin
grey dotted underline, no footnote in print), because compare's attribution-verb
rates include them and every number must be findable in the text; the device
counts of this report (:func:`visible_spans`) leave them out.

Examples
--------
>>> import framing
>>> scores = framing.score(framing.load_corpus("seeds"))          # doctest: +SKIP
>>> ctx = build_context(scores, framing.compare(scores), title="Seeds")  # doctest: +SKIP
>>> [a["outlet"] for a in ctx["articles"]]                        # doctest: +SKIP
"""
from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from typing import Any

import pandas as pd

from .highlight import DEVICE_INFO, _s, device_class, highlight

__all__ = ["build_context", "visible_spans", "article_views", "fmt_int", "fmt_rate",
           "rate_sentence", "sample_warning", "event_of", "DEVICE_ORDER"]

DEVICE_ORDER = ["loaded term", "euphemism", "hedge", "scare quote", "attribution verb",
                "intensifier", "naming choice"]


def fmt_int(n) -> str:
    """``1212 -> '1,212'``.

    >>> fmt_int(1212.0)
    '1,212'
    """
    return f"{int(round(float(n))):,}"


def fmt_rate(rate, low=None, high=None) -> str:
    """A rate per 1,000 words with its interval when known.

    >>> fmt_rate(4.125, 1.5, 7.25)
    '4.1 (1.5\u20137.2)'
    >>> fmt_rate(0.0)
    '0.0'
    """
    text = f"{float(rate):.1f}"
    if low is not None and high is not None and pd.notna(low) and pd.notna(high):
        text += f" ({float(low):.1f}\u2013{float(high):.1f})"
    return text


def rate_sentence(n_spans: int, words: int, what: str = "devices") -> str:
    """The count behind a rate, in words.

    >>> rate_sentence(2, 612, "loaded terms in the outlet's own voice")
    "3.3 loaded terms in the outlet's own voice per 1,000 words (2 spans, 612 words)"
    """
    rate = 1000.0 * n_spans / words if words else 0.0
    spans = "span" if n_spans == 1 else "spans"
    return f"{rate:.1f} {what} per 1,000 words ({n_spans} {spans}, {fmt_int(words)} words)"


def sample_warning(n_articles: int) -> str:
    """The small-sample wording used everywhere.

    >>> sample_warning(1)
    'single article \u2014 not a pattern'
    >>> sample_warning(12)
    ''
    """
    n = int(n_articles)
    if n <= 1:
        return "single article \u2014 not a pattern"
    if n < 5:
        return f"only {n} articles \u2014 read with care"
    return ""


def is_quiet(device, category) -> bool:
    """A neutral attribution verb ("said"): marked discreetly, not counted as framing.

    >>> is_quiet("attribution verb", "neutral"), is_quiet("attribution verb", "loaded: denial")
    (True, False)
    """
    return device == "attribution verb" and str(category or "").startswith("neutral")


def visible_spans(spans: pd.DataFrame) -> pd.DataFrame:
    """The spans counted as framing devices: all but neutral attribution verbs."""
    if spans is None or not len(spans):
        return pd.DataFrame(columns=list(spans.columns) if spans is not None else [])
    quiet = [is_quiet(d, c) for d, c in zip(spans["device"], spans["category"].fillna(""))]
    return spans.loc[~pd.Series(quiet, index=spans.index)].reset_index(drop=True)


def event_of(scores, comparison=None) -> pd.Series:
    """Event of each article (index: article_id): compare's assignment, else the manifest."""
    arts = scores.articles
    ev = arts.set_index("article_id")["event"] if "event" in arts else \
        pd.Series("", index=arts["article_id"])
    ev = ev.fillna("").astype(str)
    table = getattr(comparison, "events", None)
    if table is not None and len(table) and {"article_id", "event"} <= set(table.columns):
        assigned = table.drop_duplicates("article_id").set_index("article_id")["event"]
        ev = assigned.reindex(ev.index).fillna(ev).astype(str)
    return ev.replace("", "(no event)")


def _date(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    try:
        return pd.Timestamp(value).strftime("%-d %B %Y")
    except (ValueError, TypeError):
        return str(value)


def _copies(scores, comparison) -> dict[str, str]:
    """``{article_id: article_id of the original}`` from the corpus and compare."""
    out: dict[str, str] = {}
    arts = scores.articles
    if "copy_of" in arts:
        for aid, orig in zip(arts["article_id"], arts["copy_of"].fillna("")):
            if str(orig):
                out[str(aid)] = str(orig)
    table = getattr(comparison, "copies", None)
    if table is not None and len(table) and "copy_of" in table:
        for aid, orig in zip(table["article_id"], table["copy_of"].fillna("")):
            if str(orig) and str(orig) != str(aid):
                out.setdefault(str(aid), str(orig))
    return out


def article_views(scores, comparison=None, *, marks: bool = True, notes: bool = True,
                  ids: list[str] | None = None, prefix: str = "a",
                  pdf: bool = False) -> list[dict[str, Any]]:
    """One dict per article with its metadata, counts and highlighted body.

    Parameters
    ----------
    ids : list of str, optional
        Only these articles, in this order (default: all, in corpus order).
    prefix : str
        Prefix for anchors and note ids (the handout uses another one so that two
        renderings of one article never share an id).
    pdf : bool
        Brief notes (footnotes), none for neutral attribution verbs.

    Each view has ``spans`` (the framing devices, as dicts) and ``body``; the
    body also marks the neutral attribution verbs, which ``spans`` leaves out.
    """
    arts = scores.articles.copy()
    arts["article_id"] = arts["article_id"].astype(str)
    if ids is not None:
        arts = arts.set_index("article_id").loc[ids].reset_index()
    spans = scores.spans if scores.spans is not None else pd.DataFrame()
    quotes = scores.quotes if scores.quotes is not None else pd.DataFrame()
    by_art = {k: g for k, g in spans.groupby(spans["article_id"].astype(str))} if len(spans) else {}
    q_by = {k: g for k, g in quotes.groupby(quotes["article_id"].astype(str))} \
        if len(quotes) else {}
    # Only direct quotations are drawn as quoted text; reported speech has no quote
    # marks in the article, and its devices still carry voice and speaker in the note.
    direct = {k: (g[g["kind"] == "direct"] if "kind" in g else g).to_dict("records")
              for k, g in q_by.items()}
    events = event_of(scores, comparison)
    copies = _copies(scores, comparison)
    outlet_of = dict(zip(scores.articles["article_id"].astype(str),
                         scores.articles["outlet"].fillna("").astype(str)))
    views = []
    for i, row in enumerate(arts.to_dict("records")):
        aid = row["article_id"]
        anchor = f"{prefix}{re.sub(r'[^A-Za-z0-9_-]', '-', aid)}"
        sp = by_art.get(aid, spans.iloc[0:0]).sort_values(["start", "end"])
        marked = sp.to_dict("records")
        for j, rec in enumerate(marked):
            rec["note_id"] = f"{anchor}-n{j}"
            rec["quiet"] = is_quiet(rec.get("device"), rec.get("category"))
        records = [r for r in marked if not r["quiet"]]
        voice = pd.Series([_s(r.get("voice")) or "author" for r in records], dtype=str)
        orig = copies.get(aid, "")
        words = int(row.get("word_count") or 0)
        views.append({
            "id": aid, "anchor": anchor, "index": i + 1,
            "outlet": _s(row.get("outlet")), "title": _s(row.get("title")) or "(no headline in the source)",
            "url": _s(row.get("url")), "domain": _s(row.get("domain")),
            "date": _date(row.get("published")), "event": events.get(aid, ""),
            "words": words, "words_fmt": fmt_int(words),
            "boilerplate_chars": int(row.get("boilerplate_chars") or 0),
            "copy_of": orig, "copy_of_outlet": outlet_of.get(orig, ""),
            "n_spans": len(records), "n_author": int((voice == "author").sum()),
            "n_quoted": int((voice != "author").sum()),
            "n_quiet": len(marked) - len(records),
            "devices": Counter(r["device"] for r in records),
            "spans": records,
            "body": highlight(row.get("text", ""), marked, direct.get(aid, []) if marks else [],
                              marks=marks, notes=notes, brief=pdf, id_prefix=anchor + "-n"),
        })
    return views


def _legend(views: list[dict]) -> list[dict[str, Any]]:
    """Legend rows with how many of each device the documents show (copies once)."""
    present: Counter = Counter()
    for v in views:
        if not v["copy_of"]:
            present.update(v["devices"])
    order = DEVICE_ORDER + sorted(set(present) - set(DEVICE_ORDER))
    return [{"device": d, "cls": device_class(d), "count": present.get(d, 0),
             **DEVICE_INFO.get(d, {"what": "", "why": "", "style": "underline"})}
            for d in order if present.get(d, 0) or d in DEVICE_INFO]


def _outlet_rows(views: list[dict], comparison) -> list[dict[str, Any]]:
    """Per outlet: the counts behind its rates (copies counted once, by the original)."""
    rows: dict[str, dict] = {}
    for v in views:
        r = rows.setdefault(v["outlet"], {"outlet": v["outlet"], "articles": 0, "copies": 0,
                                          "words": 0, "author": 0, "quoted": 0})
        if v["copy_of"]:
            r["copies"] += 1
            continue
        r["articles"] += 1
        r["words"] += v["words"]
        r["author"] += v["n_author"]
        r["quoted"] += v["n_quoted"]
    for r in rows.values():
        r["author_sentence"] = rate_sentence(r["author"], r["words"],
                                             "devices in the outlet's own voice") \
            if r["words"] else "all its articles are copies of another outlet's text"
        r["quoted_sentence"] = rate_sentence(r["quoted"], r["words"], "devices inside quotes") \
            if r["words"] else ""
        r["warning"] = sample_warning(r["articles"]) if r["articles"] else "copies only"
    return sorted(rows.values(), key=lambda r: r["outlet"].lower())


def build_context(scores, comparison=None, *, title: str | None = None,
                  figures: list[dict] | None = None, pdf: bool = False) -> dict[str, Any]:
    """Everything ``report.html`` lays out.

    Parameters
    ----------
    scores : framing.Scores
    comparison : framing.Comparison, optional
        Without it, the comparison sections say they are unavailable.
    title : str, optional
    figures : list of dict, optional
        ``{"key", "title", "caption", "src"}`` from :func:`framing.report.html.figures`.
    pdf : bool
        Rendering for WeasyPrint (notes become footnotes, no script).

    Returns
    -------
    dict
    """
    from . import tables  # comparison tables formatted for display

    views = article_views(scores, comparison, pdf=pdf)
    events: dict[str, list[dict]] = {}
    for v in views:
        events.setdefault(v["event"], []).append(v)
    event_list = [{"name": name, "anchor": f"ev{i}", "articles": arts,
                   "outlets": sorted({a["outlet"] for a in arts}),
                   "side": tables.side_by_side(scores, comparison, name, arts)}
                  for i, (name, arts) in enumerate(sorted(events.items()))]
    n_outlets = scores.articles["outlet"].nunique()
    return {
        "title": title or "How the outlets framed the story",
        "generated": _dt.date.today().strftime("%-d %B %Y"),
        "pdf": pdf,
        "overview": {
            "articles": len(views), "outlets": n_outlets, "events": len(event_list),
            "words": fmt_int(sum(v["words"] for v in views if not v["copy_of"])),
            "spans": sum(v["n_spans"] for v in views if not v["copy_of"]),
            "author": sum(v["n_author"] for v in views if not v["copy_of"]),
            "quoted": sum(v["n_quoted"] for v in views if not v["copy_of"]),
            "copies": sum(1 for v in views if v["copy_of"]),
        },
        "articles": views,
        "events": event_list,
        "legend": _legend(views),
        "quiet": sum(v["n_quiet"] for v in views if not v["copy_of"]),
        "outlets": _outlet_rows(views, comparison),
        "figures": figures or [],
        "comparison": tables.comparison_tables(scores, comparison, views),
        "removed": tables.removed(scores, views),
        "method": tables.method(),
    }
