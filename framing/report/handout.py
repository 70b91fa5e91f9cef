"""The classroom handout: one event's articles side by side, glossary, questions.

Discussion questions are generated from what was actually found: each generator
below looks for one pattern in the event's spans, quotes or coverage table and,
only if it is there, fills a templated question and its answer-key entry with the
outlets, words, speakers and paragraph numbers. No pattern, no question.

Examples
--------
>>> import framing
>>> scores = framing.score(framing.load_corpus("seeds"))                # doctest: +SKIP
>>> ctx = handout_context(scores, framing.compare(scores))              # doctest: +SKIP
>>> ctx["questions"][0]["text"]                                         # doctest: +SKIP
"""
from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd
from markupsafe import Markup

from .context import DEVICE_ORDER, article_views, event_of, visible_spans
from .highlight import DEVICE_INFO, _s, device_class, paragraph_index
from .tables import _table, claims_matrix

__all__ = ["choose_event", "handout_context", "questions"]

MAX_QUESTIONS = 8
_PRIORITY = {d: i for i, d in enumerate(DEVICE_ORDER)}


def choose_event(scores, comparison=None, event: str | None = None) -> str:
    """The event for the handout: ``event`` if given, else the one with most to compare.

    Ranked by independent outlets (a syndicated copy adds no second view), then
    distinct texts, then highlighted spans in the outlets' own words (more to
    discuss), then name.

    Raises
    ------
    ValueError
        If ``event`` is not an event of the corpus.
    """
    ev = event_of(scores, comparison)
    if event is not None:
        if str(event) not in set(ev):
            raise ValueError(f"no event {event!r}; events are: {sorted(set(ev))}")
        return str(event)
    arts = scores.articles.assign(_event=ev.reindex(scores.articles["article_id"]).values)
    copy = arts["copy_of"].fillna("").astype(str) if "copy_of" in arts else ""
    arts = arts.assign(_orig=(copy == ""))
    arts["_indep_outlet"] = arts["outlet"].where(arts["_orig"])
    spans = visible_spans(scores.spans)
    own = spans[spans["voice"] == "author"] if len(spans) else spans
    n_spans = own.groupby("article_id").size() if len(own) else pd.Series(dtype=int)
    arts["_spans"] = arts["article_id"].map(n_spans).fillna(0).where(arts["_orig"], 0)
    stats = arts.groupby("_event").agg(outlets=("_indep_outlet", "nunique"),
                                       texts=("_orig", "sum"), spans=("_spans", "sum"))
    stats = stats.reset_index().sort_values(["outlets", "texts", "spans", "_event"],
                                            ascending=[False, False, False, True])
    return str(stats["_event"].iloc[0])


# ------------------------------------------------------------------ evidence helpers

class _Finder:
    """Looks up the sentence and paragraph of a span for the answer key."""

    def __init__(self, scores, cols: list[dict]):
        self.text = dict(zip(scores.articles["article_id"].astype(str),
                             scores.articles["text"].fillna("").astype(str)))
        s = scores.sentences
        self.sent = {sid: (int(a), int(b)) for sid, a, b in
                     zip(s["sentence_id"], s["start"], s["end"])} if len(s) else {}
        self.outlet = {c["id"]: c["outlet"] for c in cols}

    def window(self, aid: str, span: dict, width: int = 45) -> str:
        """A few words either side of a span, as plain text, for a question."""
        text = self.text[aid]
        start, end = int(span["start"]), int(span["end"])
        a, b = self.sent.get(span.get("sentence_id"), (0, len(text)))
        a, b = min(a, start), max(b, end)  # stay inside the sentence
        lead, tail = text[max(a, start - width):start], text[end:min(b, end + width)]
        if start - width > a and " " in lead:
            lead = "\u2026" + lead.split(" ", 1)[1]
        if end + width < b and " " in tail:
            tail = tail.rsplit(" ", 1)[0] + "\u2026"
        return " ".join((lead + text[start:end] + tail).split())

    def evidence(self, aid: str, span: dict) -> dict[str, Any]:
        text = self.text[aid]
        start, end = int(span["start"]), int(span["end"])
        a, b = self.sent.get(span.get("sentence_id"), (start, end))
        a, b = min(a, start), max(b, end)
        # Long sentences are cut around the span so the answer key stays readable.
        lead = text[max(a, start - 140):start]
        tail = text[end:min(b, end + 140)]
        pre = "\u2026" if start - 140 > a else ""
        post = "\u2026" if end + 140 < b else ""
        if pre and " " in lead:
            lead = lead.split(" ", 1)[1]  # never start on half a word
        if post and " " in tail:
            tail = tail.rsplit(" ", 1)[0]
        sentence = Markup("{}{}<b>{}</b>{}{}").format(pre, lead.lstrip(), text[start:end],
                                                     tail.rstrip(), post)
        return {"outlet": self.outlet.get(aid, aid), "para": paragraph_index(text, start),
                "sentence": sentence}


def _who(span: dict) -> str:
    sp, grp = _s(span.get("speaker")), _s(span.get("speaker_group"))
    if sp and grp and grp.lower() not in sp.lower():
        return f"{sp} ({grp})"
    return sp or grp or "an unnamed speaker"


def _key(span: dict) -> str:
    return (_s(span.get("entry")) or _s(span.get("text"))).lower()


def _author(span: dict) -> bool:
    return (_s(span.get("voice")) or "author") == "author"


def _q(kind: str, text: str, answer: str, evidence: list[dict]) -> dict[str, Any]:
    return {"kind": kind, "text": text, "answer": answer, "evidence": evidence}


# --------------------------------------------------------------------- generators

# Devices strong enough to build a "whose words?" question on; a hedge such as
# "could" in both voices is true but says little about framing.
_CONTRAST = ("loaded term", "euphemism", "scare quote", "naming choice", "intensifier")


def _voice_contrast(cols, find) -> list[dict]:
    """Same word: one outlet in its own voice, another only inside a quotation."""
    out, used = [], set()
    for a in cols:
        for b in cols:
            if a is b:
                continue
            quoted_b = {_key(s): s for s in b["spans"] if not _author(s)}
            for s in sorted(a["spans"], key=lambda s: _PRIORITY.get(s["device"], 99)):
                k = _key(s)
                if s["device"] not in _CONTRAST or not _author(s) or k not in quoted_b \
                        or k in used:
                    continue
                used.add(k)
                t = quoted_b[k]
                out.append(_q(
                    "voice",
                    f"{a['outlet']} uses \u201c{s['text']}\u201d in its own words. "
                    f"{b['outlet']} uses \u201c{t['text']}\u201d only inside a quotation "
                    f"from {_who(t)}. Why does it matter whether the outlet or a source "
                    f"says it?",
                    f"When {a['outlet']} writes the word itself, the judgement becomes the "
                    f"outlet's. When {b['outlet']} quotes it, readers can see that it is "
                    f"{_who(t)}'s view and can weigh who is speaking."
                    + (f" A neutral wording would be \u201c{s['neutral']}\u201d."
                       if _s(s.get("neutral")) else ""),
                    [find.evidence(a["id"], s), find.evidence(b["id"], t)]))
    if out:
        return out
    # Weaker but still true: one outlet uses a device in its own voice, another uses
    # that device only when quoting.
    for a in cols:
        for b in cols:
            if a is b:
                continue
            for dev in ("loaded term", "euphemism"):
                own = [s for s in a["spans"] if s["device"] == dev and _author(s)]
                b_own = [s for s in b["spans"] if s["device"] == dev and _author(s)]
                b_q = [s for s in b["spans"] if s["device"] == dev and not _author(s)]
                if own and b_q and not b_own and (a["id"], dev) not in used:
                    used.add((a["id"], dev))
                    out.append(_q(
                        "voice",
                        f"{a['outlet']} uses {dev}s in its own words (for example "
                        f"\u201c{own[0]['text']}\u201d). {b['outlet']} uses {dev}s only "
                        f"inside quotations (for example \u201c{b_q[0]['text']}\u201d from "
                        f"{_who(b_q[0])}). How does that change whose opinion the reader "
                        f"is getting?",
                        f"{a['outlet']} makes the judgement itself; {b['outlet']} leaves "
                        f"it to its sources and says who they are.",
                        [find.evidence(a["id"], own[0]), find.evidence(b["id"], b_q[0])]))
    return out


def _author_device(cols, find, devices: tuple[str, ...], kind: str) -> list[dict]:
    """A hedge, scare quote, euphemism or loaded attribution verb in the outlet's voice."""
    out = []
    for a in cols:
        # Distancing hedges and scare quotes first: they carry more judgement than
        # an epistemic "could".
        ordered = sorted(a["spans"], key=lambda s: ("epistem" in _s(s.get("category")),
                                                      s["device"] != "scare quote"))
        scare = [(int(x["start"]), int(x["end"])) for x in a["spans"]
                 if x["device"] == "scare quote"]
        for s in ordered:
            if s["device"] not in devices or not _author(s):
                continue
            if s["device"] == "hedge" and "scare quote" in devices and any(
                    int(s["start"]) < e and b < int(s["end"]) for b, e in scare):
                continue  # the scare-quote question already asks about these words
            if s["device"] == "attribution verb" and _s(s.get("category")).startswith("neutral"):
                continue
            neutral = _s(s.get("neutral"))
            epistemic = s["device"] == "hedge" and "epistem" in _s(s.get("category"))
            what = {"hedge": f"the word \u201c{s['text']}\u201d",
                    "scare quote": f"the quotation marks around \u201c{s['text']}\u201d",
                    "euphemism": f"the phrase \u201c{s['text']}\u201d",
                    "attribution verb": f"the verb \u201c{s['text']}\u201d"}[s["device"]]
            ask = {"hedge": "do to the claim? Who is being doubted, and is a reason given?",
                   "scare quote": "tell you about what the writer thinks? Nobody is "
                                  "quoted here.",
                   "euphemism": "make the event sound like? What plainer words could "
                                "describe it?",
                   "attribution verb": "suggest about the speaker that \u201csaid\u201d "
                                       "would not?"}[s["device"]]
            if epistemic:
                ask = "do to how certain the statement sounds? Is the uncertainty explained?"
            ev = find.evidence(a["id"], s)
            verb = "do" if s["device"] == "scare quote" else "does"
            out.append(_q(
                kind, f"{a['outlet']} writes, in its own words (\u00b6{ev['para']}): "
                f"\u201c{find.window(a['id'], s)}\u201d. What {verb} {what} {ask}",
                (_s(s.get("explanation")) or DEVICE_INFO[s["device"]]["why"])
                + (f" Neutral alternative: \u201c{neutral}\u201d." if neutral else ""),
                [find.evidence(a["id"], s)]))
    return out


def _one_sided_sources(cols, scores) -> list[dict]:
    """An article whose quotations all come from one side, where another has more."""
    q = scores.quotes
    if q is None or not len(q):
        return []
    q = q[q["article_id"].astype(str).isin([c["id"] for c in cols])]
    q = q.assign(group=q["speaker_group"].fillna("").astype(str))
    named = q[q["group"] != ""]
    if named["group"].nunique() < 2:
        return []
    out = []
    for c in cols:
        mine = named[named["article_id"].astype(str) == c["id"]]
        if len(mine) >= 2 and mine["group"].nunique() == 1:
            group = mine["group"].iloc[0]
            others = sorted(set(named["group"]) - {group})
            speakers = ", ".join(sorted(set(mine["speaker"].fillna("").astype(str)) - {""}))
            out.append(_q(
                "sources",
                f"Every quotation in {c['outlet']} that has an identified speaker comes "
                f"from {group} ({len(mine)} quotations). Whose side is missing, and how "
                f"might that change what a reader believes?",
                f"{c['outlet']} quotes only {group}" + (f" ({speakers})" if speakers else "")
                + f". Other articles about this event also quote: {', '.join(others)}.",
                []))
    return out


def _coverage(cols, comparison, event: str) -> list[dict]:
    outlets = [c["outlet"] for c in cols]
    matrix = claims_matrix(_table(comparison, "coverage"), event, outlets)
    out = []
    for row in matrix["rows"]:
        if len(row["only"]) == 1 and len(outlets) > 1:
            who = row["only"][0]
            rest = [o for o in outlets if o != who]
            claim = row["claim"].strip().rstrip(".")
            out.append(_q(
                "coverage",
                f"Only {who} reports this: \u201c{claim}\u201d \u2014 "
                f"{' and '.join(rest)} {'does' if len(rest) == 1 else 'do'} not. "
                f"How does leaving it out change the story a reader gets?",
                f"Reported by {who}; not found in {', '.join(rest)}. (The check matches "
                f"the claim's wording, so a fact told in very different words could be "
                f"missed \u2014 look in the texts to confirm.)", []))
    return out[:2]


def _naming(cols, find) -> list[dict]:
    by_cat: dict[str, dict[str, tuple[str, dict]]] = {}
    for c in cols:
        for s in c["spans"]:
            if s["device"] == "naming choice":
                by_cat.setdefault(_s(s.get("category")), {}).setdefault(
                    c["outlet"], (c["id"], s))
    out = []
    for cat, uses in by_cat.items():
        names = {s["text"].lower() for _aid, s in uses.values()}
        if len(names) > 1:
            ev = [find.evidence(aid, s) for aid, s in uses.values()]
            listing = "; ".join(f"{o} writes \u201c{s['text']}\u201d" for o, (_a, s)
                                in uses.items())
            out.append(_q("naming", f"{listing}. Why might outlets choose different names "
                          f"for the same thing?", DEVICE_INFO["naming choice"]["why"], ev))
    return out


def questions(scores, comparison, event: str, cols: list[dict]) -> list[dict[str, Any]]:
    """Discussion questions for one event, each with its answer-key entry."""
    find = _Finder(scores, cols)
    qs = (_voice_contrast(cols, find)[:2]
          + _author_device(cols, find, ("hedge", "scare quote"), "hedge")[:2]
          + _author_device(cols, find, ("euphemism",), "euphemism")[:1]
          + _author_device(cols, find, ("attribution verb",), "verb")[:1]
          + _one_sided_sources(cols, scores)[:1]
          + _coverage(cols, comparison, event)
          + _naming(cols, find)[:1])
    for i, q in enumerate(qs[:MAX_QUESTIONS], 1):
        q["n"] = i
    return qs[:MAX_QUESTIONS]


def _word_notes(col: dict, text: str) -> list[dict[str, str]]:
    """The print stand-in for hover notes: one row per highlighted word, in text order."""
    from .highlight import voice_label

    rows = []
    for s in col["spans"]:
        cat = _s(s.get("category"))
        rows.append({"para": paragraph_index(text, int(s["start"])), "text": _s(s.get("text")),
                     "device": s["device"] + (f" ({cat})" if cat and cat != s["device"] else ""),
                     "who": voice_label(_s(s.get("voice")) or "author", _s(s.get("speaker")),
                                        _s(s.get("speaker_group"))),
                     "neutral": _s(s.get("neutral"))})
    return rows


def handout_context(scores, comparison=None, *, event: str | None = None,
                    title: str | None = None, pdf: bool = False) -> dict[str, Any]:
    """Everything ``handout.html`` lays out for one event."""
    event = choose_event(scores, comparison, event)
    ev = event_of(scores, comparison)
    ids = [a for a in scores.articles["article_id"].astype(str) if ev.get(a) == event]
    # Print: marks without footnotes (two columns of text leave no room for them);
    # the table of highlighted words below the articles carries the notes instead.
    all_views = article_views(scores, comparison, ids=ids, prefix="h", pdf=pdf, notes=not pdf)
    cols = [v for v in all_views if not v["copy_of"]]
    copies = [v for v in all_views if v["copy_of"]]
    texts = dict(zip(scores.articles["article_id"].astype(str),
                     scores.articles["text"].fillna("").astype(str)))
    for c in cols:
        c["also"] = [v["outlet"] for v in copies if v["copy_of"] == c["id"]]
        c["word_notes"] = _word_notes(c, texts[c["id"]])
    plain = {v["id"]: v for v in article_views(scores, comparison, ids=[c["id"] for c in cols],
                                              marks=False, prefix="w")}
    present: Counter = Counter()
    examples: dict[str, list[str]] = {}
    for c in cols:
        for s in c["spans"]:
            present[s["device"]] += 1
            ex = examples.setdefault(s["device"], [])
            if s["text"] not in ex and len(ex) < 4:
                ex.append(s["text"])
    glossary = [{"device": d, "cls": device_class(d), "count": present[d],
                 "examples": examples[d], **DEVICE_INFO.get(d, {"what": "", "why": ""})}
                for d in sorted(present, key=lambda d: _PRIORITY.get(d, 99))]
    return {
        "title": title or f"Same event, different words: {event}",
        "event": event, "pdf": pdf, "footnotes": False, "columns": cols, "copies": copies,
        "worksheet": [plain[c["id"]] for c in cols],
        "glossary": glossary, "legend": glossary,
        "questions": questions(scores, comparison, event, cols),
    }
