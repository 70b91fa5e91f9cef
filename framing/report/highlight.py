"""Article text with its framing devices marked up: the one place that writes marks.

:func:`highlight` turns an article's clean text plus its ``spans`` (and optionally
its ``quotes``) into escaped HTML paragraphs. Every device becomes a ``<mark>`` whose
classes say which device it is and whose voice it is in; inside the mark sits a
``<span class="note">`` with what the device is, why it matters, the neutral
alternative and who said it. The same markup serves three media, only the CSS
differs: a hover / tap note on screen, a footnote in the PDF (``float: footnote``),
and nothing at all in the worksheet (``marks=False``).

Spans may nest or cross ("allegedly \\"invade\\"" is a hedge that contains a scare
quote). HTML needs proper nesting, so the text is cut at every span boundary and
each piece re-opens the marks that cover it; a span cut in two keeps its note on
its last piece only (one footnote per device, placed after its words).

Examples
--------
>>> spans = [{"start": 17, "end": 23, "text": "deadly", "device": "loaded term",
...           "category": "alarm", "entry": "deadly", "explanation": "Stirs fear.",
...           "neutral": "fatal", "voice": "author", "speaker": "", "speaker_group": ""}]
>>> html = highlight("Russia's <script>deadly strike", spans)
>>> "&lt;script&gt;" in html and 'class="dev d-loaded-term v-author"' in html
True
"""
from __future__ import annotations

import re
from typing import Iterable, Mapping

from markupsafe import Markup, escape

__all__ = ["DEVICE_INFO", "device_class", "highlight", "note_html", "paragraph_index",
           "voice_label"]

# Written for a 15-year-old: what the device is and why a reader should notice it.
# `mark` is the letter printed in the legend; the CSS gives each device its own
# underline style so that greyscale print still tells them apart.
DEVICE_INFO: dict[str, dict[str, str]] = {
    "loaded term": {
        "what": "A word that carries a feeling or a judgement, not just a fact.",
        "why": "It tells you how to feel about what happened before you have the facts "
               "to decide for yourself.",
        "style": "solid underline"},
    "euphemism": {
        "what": "A soft or vague phrase that makes something sound milder than it is.",
        "why": "It can hide how serious or violent something is.",
        "style": "double underline"},
    "hedge": {
        "what": "A word that puts distance between the writer and a claim "
                "(\u201callegedly\u201d, \u201cso-called\u201d, \u201cclaims\u201d).",
        "why": "It makes a claim sound doubtful without saying why it should be doubted.",
        "style": "wavy underline"},
    "scare quote": {
        "what": "Quotation marks around a word that nobody is being quoted as saying.",
        "why": "The marks tell you the writer does not believe the word, without "
               "giving a reason.",
        "style": "dashed underline"},
    "attribution verb": {
        "what": "The verb that introduces what someone said (\u201csaid\u201d, "
                "\u201cclaimed\u201d, \u201cinsisted\u201d, \u201cadmitted\u201d).",
        "why": "\u201cClaimed\u201d or \u201cinsisted\u201d hints that the speaker may "
               "be wrong; \u201csaid\u201d takes no side.",
        "style": "dotted underline"},
    "intensifier": {
        "what": "A word that turns the volume up (\u201cmassive\u201d, "
                "\u201cunprecedented\u201d).",
        "why": "It makes something seem bigger or more certain than the facts show.",
        "style": "dashed box"},
    "naming choice": {
        "what": "One of several competing names for the same thing "
                "(\u201cKyiv\u201d / \u201cKiev\u201d).",
        "why": "The name a writer picks can show whose point of view they take.",
        "style": "thin box"},
}
_OPEN_Q = "\"'\u201c\u2018\u00ab"
_CLOSE_Q = "\"'\u201d\u2019\u00bb"
_GENERIC = {"what": "A framing device.", "why": "It can shape how a reader sees the "
            "event.", "style": "solid underline"}


def device_class(device: str) -> str:
    """CSS class of a device: ``"loaded term"`` -> ``"d-loaded-term"``.

    >>> device_class("scare quote")
    'd-scare-quote'
    """
    return "d-" + re.sub(r"[^a-z0-9]+", "-", str(device).lower()).strip("-")


def voice_label(voice: str, speaker: str = "", group: str = "") -> str:
    """Whose words these are, in plain English.

    >>> voice_label("quoted", "Jen Psaki", "US government")
    'quoted \u2014 Jen Psaki (US government)'
    >>> voice_label("author")
    "the outlet's own words"
    """
    if voice == "author":
        return "the outlet's own words"
    who = speaker or "an unnamed speaker"
    if group and group not in who:
        who = f"{who} ({group})"
    return f"{voice or 'quoted'} \u2014 {who}"


def _s(value) -> str:
    """A table cell as text: missing values (None, NaN) become ''."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def note_html(span: Mapping, note_id: str = "", *, brief: bool = False) -> Markup:
    """The note for one span: device, what / why, neutral alternative, speaker.

    ``brief`` leaves out the general "what the device is" sentence (the PDF's
    footnotes: the legend on the same pages says it, and long footnotes would not
    fit under a paragraph with ten highlights). Every value is escaped.
    """
    device = _s(span.get("device"))
    info = DEVICE_INFO.get(device, _GENERIC)
    category = _s(span.get("category"))
    parts = [Markup('<b class="n-term">\u201c{}\u201d</b> \u2014 {}').format(
        _s(span.get("text")), device)]
    if category and category != device:
        parts.append(Markup(" ({})").format(category))
    parts.append(Markup("."))
    if not brief:
        parts.append(Markup(' <span class="n-what">{}</span>').format(info["what"]))
    why = _s(span.get("explanation")) or info["why"]
    parts.append(Markup(' <span class="n-why">Why it matters: {}</span>').format(why))
    neutral = _s(span.get("neutral"))
    if neutral:
        parts.append(Markup(' <span class="n-neutral">Neutral alternative: '
                            '\u201c{}\u201d.</span>').format(neutral))
    parts.append(Markup(' <span class="n-who">Whose words: {}.</span>').format(
        voice_label(_s(span.get("voice")), _s(span.get("speaker")),
                    _s(span.get("speaker_group")))))
    ident = Markup(' id="{}"').format(note_id) if note_id else Markup("")
    return Markup('<span class="note" role="note"{}>{}</span>').format(
        ident, Markup("").join(parts))


def _mark_open(layer: dict, continued: bool) -> Markup:
    if layer["kind"] == "quote":
        return Markup('<span class="quote" data-speaker="{}">').format(layer["speaker"])
    span = layer["span"]
    voice = _s(span.get("voice")) or "author"
    voice_cls = "v-author" if voice == "author" else "v-quoted"
    cls = f"dev {device_class(_s(span.get('device')))} {voice_cls}"
    if span.get("quiet"):
        cls += " quiet"
    if continued:
        return Markup('<mark class="{} cont" data-note="{}">').format(cls, layer["id"])
    return Markup('<mark class="{}" tabindex="0" data-note="{}" data-device="{}">').format(
        cls, layer["id"], _s(span.get("device")))


def _mark_close(layer: dict, last: bool, notes: bool, brief: bool = False) -> Markup:
    if layer["kind"] == "quote":
        tag = Markup("")
        if last and layer["speaker"]:
            tag = Markup('<sup class="who">{}</sup>').format(_short(layer["speaker"]))
        return tag + Markup("</span>")
    span = layer["span"]
    show = last and notes and not (span.get("quiet") and brief)
    note = note_html(span, layer["id"], brief=brief) if show else Markup("")
    if brief:
        # Print: the footnote is returned apart and placed after the outermost open
        # mark closes, or a mark's underline would propagate into the footnote.
        return Markup("</mark>"), note
    return note + Markup("</mark>")


def _close_all(out: list, pending: list, layers: list, stack_after: list, a: int,
               notes: bool, brief: bool, final: bool = False) -> None:
    """Close ``layers`` (innermost first); in print, flush footnotes once no mark is open."""
    for layer in reversed(layers):
        closed = _mark_close(layer, final or layer["end"] <= a, notes, brief)
        if isinstance(closed, tuple):
            out.append(closed[0])
            pending.append(closed[1])
        else:
            out.append(closed)
    if pending and not any(x["kind"] == "span" for x in stack_after):
        out.extend(pending)
        pending.clear()


def _short(name: str, limit: int = 28) -> str:
    """Speaker tag for the superscript: long descriptions are cut at a word."""
    name = " ".join(name.split())
    if len(name) <= limit:
        return name
    return name[:limit].rsplit(" ", 1)[0] + "\u2026"


def highlight(text: str, spans: Iterable[Mapping] = (), quotes: Iterable[Mapping] = (),
              *, marks: bool = True, notes: bool = True, brief: bool = False,
              id_prefix: str = "n") -> Markup:
    """Render ``text`` as escaped ``<p>`` paragraphs with devices and quotes marked.

    Parameters
    ----------
    text : str
        The article's clean text (``articles.text``); offsets index into it.
    spans : iterable of mappings
        Rows of the ``spans`` table for this article (``start, end, text, device,
        category, explanation, neutral, voice, speaker, speaker_group``). An optional
        ``note_id`` key names the note (else ``{id_prefix}{i}``). Rows with offsets
        outside the text are skipped, never guessed.
    quotes : iterable of mappings
        Rows of the ``quotes`` table (``start, end, speaker``): direct quotations are
        marked as quoted voice with the speaker as a superscript.
    marks : bool
        False gives plain escaped paragraphs (the worksheet).
    notes : bool
        False leaves out the notes (marks only).
    brief : bool
        Short notes for print footnotes; spans flagged ``quiet`` (neutral
        attribution verbs) then get no footnote, only their mark.
    id_prefix : str
        Prefix of generated note ids, so several articles on one page stay unique.

    Returns
    -------
    markupsafe.Markup

    Examples
    --------
    >>> str(highlight("a <b>\\n\\nc", marks=False))
    '<p>a &lt;b&gt;</p>\\n<p>c</p>'
    """
    text = "" if text is None else str(text)
    layers: list[dict] = []
    if marks:
        for q in quotes:
            s, e = int(q["start"]), int(q["end"])
            # The quotation's own marks belong inside it, so that the speaker tag
            # comes after the closing mark: “common cause”ᴸᵘᵏᵃˢʰᵉⁿᵏᵒ.
            while s > 0 and text[s - 1] in _OPEN_Q:
                s -= 1
            while e < len(text) and text[e] in _CLOSE_Q:
                e += 1
            if 0 <= s < e <= len(text):
                layers.append({"kind": "quote", "start": s, "end": e, "rank": 0,
                               "speaker": _s(q.get("speaker"))})
        for i, sp in enumerate(spans):
            s, e = int(sp["start"]), int(sp["end"])
            if 0 <= s < e <= len(text):
                layers.append({"kind": "span", "start": s, "end": e, "rank": 1, "span": sp,
                               "id": _s(sp.get("note_id")) or f"{id_prefix}{i}"})
    # Outer layers first: earlier start, then longer, then quotes before devices.
    layers.sort(key=lambda x: (x["start"], -x["end"], x["rank"]))
    for order, layer in enumerate(layers):
        layer["order"] = order

    # Paragraph breaks are boundaries too: marks never straddle a </p>.
    cuts = {0, len(text)}
    for layer in layers:
        cuts.update((layer["start"], layer["end"]))
    cuts.update(m.start() for m in re.finditer(r"\n", text))
    cuts.update(m.end() for m in re.finditer(r"\n", text))
    points = sorted(cuts)

    out: list[Markup] = [Markup("<p>")]
    stack: list[dict] = []
    pending: list[Markup] = []  # print footnotes waiting for their marks to close
    opened: set[int] = set()
    for a, b in zip(points, points[1:]):
        piece = text[a:b]
        if "\n" in piece:
            # Close everything; a blank run of newlines is one paragraph break.
            _close_all(out, pending, stack, [], a, notes, brief)
            stack = []
            if not out[-1].endswith("<p>"):
                out.append(Markup("</p>\n<p>"))
            continue
        want = [lay for lay in layers if lay["start"] <= a and lay["end"] >= b]
        keep = 0
        while keep < min(len(stack), len(want)) and stack[keep] is want[keep]:
            keep += 1
        _close_all(out, pending, stack[keep:], stack[:keep], a, notes, brief)
        for layer in want[keep:]:
            out.append(_mark_open(layer, layer["order"] in opened))
            opened.add(layer["order"])
        stack = want
        out.append(escape(piece))
    _close_all(out, pending, stack, [], len(text), notes, brief, final=True)
    out.append(Markup("</p>"))
    html = str(Markup("").join(out)).replace("<p></p>", "").strip()
    return Markup(html)


def paragraph_index(text: str, offset: int) -> int:
    """The 1-based number of the paragraph that holds ``offset``, as :func:`highlight`
    numbers them (each non-empty line is a paragraph).

    >>> paragraph_index("one\\n\\ntwo three", 6)
    2
    """
    before = str(text)[:int(offset)].split("\n")
    return sum(1 for line in before[:-1] if line) + 1
