"""Quotes to speakers: step 3 of :mod:`framing.quotes`, and the facade of steps 1-3.

:func:`resolve_speakers` attaches each quote to the attribution that governs it
(trailing '," he said', leading 'X said, "..."', or a reported clause), tells scare
quotes from quotes, carries a speaker over to an unattributed continuation quote, and
resolves every speaker: pronouns ("he said") and role nouns ("the ministry") to earlier
speakers, names to actors and speaker groups through ``lexicons/actors.csv``.

The three steps live in their own modules, and their public names are re-exported here:

1. :mod:`framing.quotemarks` -- :func:`pair_quote_marks` pairs quote marks into quotes;
2. :mod:`framing.attributions` -- :func:`find_attributions` finds speech verbs, sources
   and headlines with their speakers (:mod:`framing.speaker_phrases`) and clauses;
3. this module -- :func:`resolve_speakers`, with the lexicons of :mod:`framing.actors`.

Examples
--------
>>> from framing.text import sentence_spans
>>> t = 'Psaki said, "We are ready." He added: "Diplomacy works."'
>>> s = sentence_spans(t)
>>> marks = pair_quote_marks(t)
>>> ctx = Context(t, s, marks)
>>> rows = resolve_speakers(t, s, marks, find_attributions(t, s, marks, ctx), ctx)
>>> [(r["text"], r["speaker"], r["actor"]) for r in rows]
[('We are ready.', 'Psaki', 'US'), ('Diplomacy works.', 'Psaki', 'US')]
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .actors import _is_role, _named_actor, actors_table, find_actors, verbs_table
from .attributions import _CHARGE, _SOURCE, Attribution, Context, find_attributions
from .quotemarks import MAX_QUOTE_PARAGRAPHS, SHORT_QUOTE_WORDS, QuoteMarks, pair_quote_marks
from .speaker_phrases import _PRONOUNS, _speaker_text
from .text import stem
from .text import words as split_words

__all__ = ["QuoteMarks", "Attribution", "Context", "pair_quote_marks", "find_attributions",
           "resolve_speakers", "find_actors", "actors_table", "verbs_table",
           "SHORT_QUOTE_WORDS", "MAX_QUOTE_PARAGRAPHS"]

# A hedge right before a quote (allegedly "invade") is the outlet's own distancing:
# such a quote is never given to a speaker whose verb comes before it.
_HEDGES = {stem(w) for w in
           "allegedly so called supposedly purportedly reportedly ostensibly".split()}
# Only punctuation between a quote's closing mark and its trailing attribution.
_PUNCTUATION_RE = re.compile(r"[\s,.;:!?…—–-]*")


def resolve_speakers(text: str, sentences, marks: list[QuoteMarks],
                     attrs: list[Attribution], ctx: "Context | None" = None) -> list[dict]:
    """Attach quotes to attributions and resolve every speaker.

    Returns one dict per candidate row (direct and reported), in text order, with
    the :data:`framing.quotes.QUOTE_COLUMNS` fields plus ``keep`` (goes into the
    quotes table) and ``scare`` (a scare quote).
    """
    ctx = ctx or Context(text, sentences, marks)
    top = ctx.top
    rows: list[dict] = []
    # The attribution of each row, aligned with rows: kept out of the row dicts, which
    # are returned (no key to add and pop again per row).
    row_attrs: list = []

    # Per quote, the word count, ctx.sentence_of and the last word before the quote
    # are bisected here: a method call costs more than its bisection.
    wstarts, wends, sstarts = ctx.wstarts, ctx.wends, ctx.sstarts
    bounds = sentences if sentences else [(0, len(text))]

    # Headlines govern no direct quote: steps (a) and (b) skip them.
    spoken = [a for a in attrs if not a.headline]
    # The quotes' opening marks, sorted: whether a quote opens between two offsets is
    # read from the first opening after this quote's close (a) or the last before its
    # opening (b), found once per quote, not by a generator per attribution.
    opens = sorted(o.open for o in top)
    clausal = [a for a in attrs if a.clause_start >= 0]  # what step (c) can choose
    # 1. Direct quotes: find the governing attribution of each.
    for q in top:
        # The article's words inside the marks: a quote's content starts and ends at
        # a mark or a space, so no word crosses its edges.
        short = bisect_right(wends, q.end) - bisect_left(wstarts, q.start) <= SHORT_QUOTE_WORDS
        row = {"start": q.start, "end": q.end, "text": text[q.start:q.end],
               "kind": "direct", "note": q.note, "verb": "", "keep": True, "scare": False}
        close = q.close if q.close >= 0 else q.end
        # The end of the sentence of the quote's last character, the start of that of
        # its opening mark (ctx.sentence_of, inlined).
        k = bisect_right(sstarts, close - 1 if close - 1 > q.start else q.start) - 1
        ce = bounds[k if k > 0 else 0][1]
        k = bisect_right(sstarts, q.open) - 1
        os_ = bounds[k if k > 0 else 0][0]
        hedge = False
        last = bisect_right(wends, q.open) - 1  # the last word before the quote
        if last >= bisect_left(wstarts, os_) and stem(ctx.strings[last].lower()) in _HEDGES and \
                text[ctx.wends[last]:q.open].strip() == "":
            hedge = True
        chosen = None
        # (a) trailing: '," he said' / '," according to TASS', no quote opening
        # between the closing mark and the verb
        k = bisect_right(opens, q.close)
        next_open = opens[k] if k < len(opens) else len(text)
        for a in spoken:
            if q.close >= 0 and q.close < a.verb_start <= ce + 1 and \
                    a.verb_start - q.close < 60 and a.verb_start <= next_open:
                between = text[q.close + 1:a.np_start if a.np_start < a.verb_start
                               else a.verb_start]
                if _PUNCTUATION_RE.fullmatch(between) or a.np_kind == "inverted" \
                        or a.verb in _SOURCE and _PUNCTUATION_RE.fullmatch(
                            text[q.close + 1:a.verb_start]):
                    chosen = a
                    break
        # (b) leading: 'X said, "..."' / 'X called the drills "..."' in its sentence
        # (no quote opening between the verb and this quote)
        if chosen is None and not hedge:
            k = bisect_left(opens, q.open)
            prev_open = opens[k - 1] if k > 0 else -1
            # The last candidate wins, so search from the end.
            for a in reversed(spoken):
                if os_ <= a.verb_start < q.open \
                        and not (short and a.verb in _CHARGE) \
                        and prev_open <= a.verb_end:
                    chosen = a
                    break
        # (c) the quote lies in a reported clause or a headline "X: ..."
        if chosen is None and not hedge:
            for a in clausal:
                if a.clause_start <= q.open and q.end <= a.clause_end + 1 \
                        and not (short and a.verb in _CHARGE):
                    chosen = a
                    break
        row_attrs.append(chosen)
        if chosen is not None:
            row["verb"] = chosen.verb if chosen.verb != ":" else ""
        elif short:
            # Nobody says it: a scare quote, in the outlet's voice.
            row["keep"] = False
            row["scare"] = True
        rows.append(row)

    # 2. Reported speech rows from attributions with a clause.
    direct_spans = [(r["start"], r["end"], a) for r, a in zip(rows, row_attrs)]
    for a in attrs:
        if a.clause_start < 0 or a.clause_end <= a.clause_start:
            continue
        cs, ce = a.clause_start, a.clause_end
        # A clause that is only a direct quote of the same speaker adds nothing.
        inner = [d for d in direct_spans if d[0] >= cs - 1 and d[1] <= ce + 1]
        if inner and all(d[2] is a for d in inner):
            qtxt = sum(d[1] - d[0] for d in inner)
            if qtxt >= 0.6 * (ce - cs):
                continue
        # Do not start or end inside a direct quote's marks.
        rows.append({"start": cs, "end": ce, "text": text[cs:ce], "kind": "reported",
                     "note": "", "verb": a.verb if a.verb != ":" else "",
                     "keep": True, "scare": False})
        row_attrs.append(a)

    # 3. Resolve speakers in the order their attributions appear in the text.
    history: list[dict] = []
    order = sorted(range(len(rows)), key=lambda i: (
        row_attrs[i].np_start if row_attrs[i] is not None else rows[i]["start"]))
    for i in order:
        r = rows[i]
        a = row_attrs[i]
        if a is None:
            # A long quote with no attribution of its own: a continuation of the
            # previous quote in the same or the previous paragraph.
            # The last such speaker: searched from the end (no list of them all).
            h = None
            if r["keep"]:
                start = r["start"]
                for g in reversed(history):
                    if g["pos"] < start and start - g["pos"] < 600 and g["direct"]:
                        h = g
                        break
            if h is not None:
                r["speaker"], r["actor"] = h["speaker"], h["actor"]
                r["speaker_group"] = h["group"]
                r["note"] = (r["note"] + " continued").strip()
            else:
                r["speaker"], r["actor"], r["speaker_group"] = "unknown", "", "unknown"
            continue
        # (item assignments, in update's order: no keyword dict per row)
        spk, actor, group, kind = _resolve(ctx, a, history)
        r["speaker"], r["actor"], r["speaker_group"] = spk, actor, group
        if a.headline:
            r["note"] = (r["note"] + " headline").strip()
        history.append({"pos": a.np_start, "speaker": spk, "actor": actor,
                        "group": group, "kind": kind, "direct": r["kind"] == "direct",
                        "np": text[a.np_start:a.np_end].lower()})
    return rows


def _resolve(ctx: Context, a: Attribution, history: list[dict]):
    """(speaker, actor, speaker_group, kind) for an attribution's noun phrase.

    * a pronoun ("he", "it") is the most recent earlier speaker of a matching kind
      (a person for he/she, a body for it), else the most recent person named;
    * a named person, body, place or outlet maps through actors.csv; an unknown name
      takes the actor of its appositive ("Pavel Muraveyko, ... of the Belarusian
      Security Council") or possessive ("Al Jazeera’s Ali Hashem");
    * a role noun refers back: "the ministry" / "the correspondent" to the last
      speaker with the same head noun; "a defense ministry official", "authorities"
      to the actor named earlier in the sentence (outside quotes); analysts/experts
      keep their own group.
    """
    text = ctx.text
    np_text = text[a.np_start:a.np_end]
    low = np_text.lower()
    if a.np_kind == "pronoun" or low in _PRONOUNS:
        want = _PRONOUNS.get(low, "any")
        for h in reversed(history):
            if h["pos"] >= a.np_start or h["group"] == "unknown":
                continue
            if want == "any" or h["kind"] == want or (want == "body" and h["kind"] != "person"):
                return h["speaker"], h["actor"], h["group"], h["kind"]
        for s, e, i in reversed(ctx.mentions):
            row = ctx.alias_rows[i]
            if e <= a.np_start and not _is_role(row) and row["kind"] != "demonym" and \
                    (want != "person" or row["kind"] == "person"):
                return text[s:e], row["actor"], row["speaker_group"], row["kind"]
        return "unknown", "", "unknown", ""
    # The article's words of the noun phrase (it starts and ends at word edges).
    # (their offsets and strings sliced from the article's lists: no span pairs)
    i = bisect_left(ctx.wstarts, a.np_start)  # ctx.words_in, keeping its first index
    j = bisect_right(ctx.wends, a.np_end)
    strs = ctx.strings[i:j]
    speaker = _speaker_text(text, a.np_start, a.np_end, ctx.wstarts[i:j], ctx.wends[i:j],
                            strs)
    rows = ctx.mention_rows_in(a.np_start, a.np_end)
    words = list(map(str.lower, strs))
    row = _named_actor(rows)
    role_rows = [r for r in rows if _is_role(r)]
    if row is not None and not (row["kind"] == "demonym" and not role_rows):
        kind = "person" if row["kind"] == "person" or role_rows and \
            role_rows[-1]["kind"] == "person" else "body"
        return speaker, row["actor"], row["speaker_group"], kind
    app = a.extra.get("appositive")
    if app:
        arow = _named_actor(ctx.mention_rows_in(app[0], app[1]))
        if arow is not None:
            return speaker, arow["actor"], arow["speaker_group"], "person"
    if not rows and words and np_text[:1].isupper() and len(words) >= 2:
        # An unknown name ("Ali Hashem"): a person with no group we know of.
        return speaker, "", "unknown", "person"
    kind = role_rows[-1]["kind"] if role_rows else "body"
    kind = "person" if kind == "person" else "body"
    if words and words[0] == "the":
        head = stem(words[-1])  # (read only here)
        for h in reversed(history):
            if h["pos"] < a.np_start and head and h["group"] != "unknown" and \
                    head in {stem(w) for w in split_words(h["np"])}:
                return speaker, h["actor"], h["group"], kind
    if role_rows and role_rows[-1]["speaker_group"] not in ("unknown",):
        r = role_rows[-1]
        return speaker, r["actor"], r["speaker_group"], kind
    ss = ctx.sentences[a.sentence][0] if ctx.sentences else 0
    for s, e, i in reversed(ctx.mentions_before(a.np_start)):
        if s < ss and ctx._mentions_ordered:
            break  # in text order: every earlier mention starts before ss too
        r2 = ctx.alias_rows[i]
        if ss <= s and e <= a.np_start and not ctx.in_quote(s) and not _is_role(r2) \
                and r2["kind"] != "media":
            return speaker, r2["actor"], r2["speaker_group"], kind
    if row is not None:  # a bare demonym
        return speaker, row["actor"], row["speaker_group"], kind
    if words and words[0] == "the":
        for h in reversed(history):
            if h["pos"] < a.np_start and h["group"] != "unknown" and h["kind"] == kind:
                return speaker, h["actor"], h["group"], kind
    return speaker, "", "unknown", kind
