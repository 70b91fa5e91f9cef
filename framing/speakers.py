"""Quote marks, attributions and speakers: the machinery behind :mod:`framing.quotes`.

Three steps, each a plain function so it can be tested on its own:

1. :func:`pair_quote_marks` pairs quotation marks into quote spans (straight and
   curly marks, a closing mark used as an opening one, quotes running across
   paragraphs, nested single quotes, apostrophes, unbalanced marks).
2. :func:`find_attributions` finds who says what: speech verbs with their subjects
   ("Psaki said"), sources ("according to TASS"), "X: ..." headlines, and the
   reported clauses they introduce.
3. :func:`resolve_speakers` attaches each quote to an attribution, resolves
   pronouns ("he said") and role nouns ("the ministry") to earlier speakers, and maps
   speakers to actors and speaker groups through ``lexicons/actors.csv``.

Words are found with :func:`framing.text.word_spans` and the one
:class:`framing.matcher.PhraseMatcher`; regexes only look at quote marks and clause
punctuation.

Examples
--------
>>> t = 'An official noted that ” We are ready.” Russia’s army waits.'
>>> [(t[q.start:q.end], q.note) for q in pair_quote_marks(t)]
[('We are ready.', '')]
>>> t = 'Psaki said Moscow and Kiev agree.'
>>> [(t[s:e], a) for s, e, a in find_actors(t)]
[('Psaki', 'US'), ('Moscow', 'Russia'), ('Kiev', 'Ukraine')]
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .matcher import PhraseMatcher
from .text import stem, word_spans

__all__ = ["QuoteMarks", "Attribution", "Context", "pair_quote_marks", "find_attributions",
           "resolve_speakers", "find_actors", "actors_table", "verbs_table",
           "short_quote_words", "MAX_QUOTE_PARAGRAPHS"]

_LEXICONS = Path(__file__).parent / "lexicons"

#: A quote whose closing mark is not found within this many paragraphs is capped
#: at the end of its first paragraph and flagged ``unbalanced``.
MAX_QUOTE_PARAGRAPHS = 3

DOUBLE_OPEN = "“„‟«"
DOUBLE_CLOSE = "”»"
DOUBLE = '"' + DOUBLE_OPEN + DOUBLE_CLOSE
SINGLE = "‘’'‚‛‹›"
_SPACE_BEFORE = "([{—–-/"
_SPACE_AFTER = ".,;:!?)]}—–…"


# --------------------------------------------------------------------------- lexicons

@lru_cache(maxsize=1)
def actors_table() -> pd.DataFrame:
    """``lexicons/actors.csv``: ``alias, actor, speaker_group, kind, source``."""
    return pd.read_csv(_LEXICONS / "actors.csv", dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def verbs_table() -> pd.DataFrame:
    """``lexicons/attribution_verbs.csv`` (the device "attribution verb")."""
    return pd.read_csv(_LEXICONS / "attribution_verbs.csv", dtype=str,
                       keep_default_na=False)


@lru_cache(maxsize=1)
def _alias_rows() -> list[dict]:
    return actors_table().to_dict("records")


@lru_cache(maxsize=1)
def _verb_entries() -> list[str]:
    return verbs_table()["entry"].tolist()


@lru_cache(maxsize=1)
def _actor_names() -> list[str]:
    return actors_table()["actor"].tolist()


@lru_cache(maxsize=1)
def _actor_matcher() -> PhraseMatcher:
    return PhraseMatcher(actors_table()["alias"].tolist())


@lru_cache(maxsize=1)
def _verb_matcher() -> PhraseMatcher:
    return PhraseMatcher(verbs_table()["entry"].tolist())


def find_actors(text: str, start: int = 0, end: int | None = None,
                ) -> list[tuple[int, int, str]]:
    """Actor mentions in ``text[start:end]`` as ``(start, end, actor)``.

    Aliases come from ``lexicons/actors.csv`` and are matched with the package's
    :class:`~framing.matcher.PhraseMatcher` (so "Russia's" matches *Russia*, and the
    capitalised "US" never matches the pronoun "us"). Role nouns ("officials",
    "analysts") are actors too (``officials``, ``experts``).

    Examples
    --------
    >>> t = 'The White House and the Kremlin; let us see. US officials spoke.'
    >>> [(t[s:e], a) for s, e, a in find_actors(t)]
    [('White House', 'US'), ('Kremlin', 'Russia'), ('US', 'US'), ('officials', 'officials')]
    """
    actors = _actor_names()
    return [(s, e, actors[ids[0]]) for s, e, ids in _actor_matcher().find(text, start, end)]


# Verb classes. Entries are the rows of attribution_verbs.csv; these sets say how a
# verb introduces speech, which the CSV (shared with the device lexicon) does not.
_SOURCE = {"according to", "as per"}
_NAMING = {"called", "described", "referred to", "dubbed", "labelled", "branded",
           "termed"}
# Verbs that report a charge or a demand: their object is the accused party, so a
# short quote after them is not taken as the speaker's words (it is often the
# outlet's own distancing: 'accused Russia of preparing to allegedly "invade"').
_CHARGE = {"accused", "blamed", "condemned", "denounced", "criticised", "criticized",
           "slammed", "blasted", "lashed out", "threatened", "demanded"}
# Verbs that may take a bare clause ("the United States has said Russia was ...").
# Verbs that usually take a noun object ("announced the drills", "will not predict
# their meaning") need "that" before their clause and are not listed.
_BARE = {"said", "says", "told", "claimed", "alleged", "insisted", "admitted",
         "conceded", "acknowledged", "warned", "argued", "denied", "maintained",
         "stated", "asserted", "contended"}
# Irregular past forms: a speech verb written as its bare lemma ("state secretary",
# "say") needs "that" or a plural/pronoun subject to count.
_IRREGULAR = {"said", "told", "wrote", "spoke", "swore"}

# Function words, compared by stem via framing.text.stem.
# Compared as lower-case words (not stems: "officially" and "official" share one).
_FILLER = set(
    "has have had also previously already repeatedly reportedly however will would "
    "is was were are again then later earlier further publicly officially once "
    "recently just not never did does do been being still yet separately meanwhile "
    "too even".split())
_PRONOUNS = {"he": "person", "she": "person", "it": "body", "they": "any",
             "we": "any", "i": "person"}
_DETERMINERS = {"a", "an", "the", "its", "their", "his", "her"}
_NP_WORDS = {stem(w) for w in (
    "official officials spokesperson spokesman spokeswoman correspondent secretary "
    "minister ministry press deputy first state senior defence defense foreign news "
    "agency military government council office department service source sources "
    "representative envoy ambassador analyst analysts expert experts authorities "
    "commander chief head leader president prime general army air force forces "
    "presidential interior security reporter journalist statement top local "
    "regional western russian ukrainian belarusian "
    "american british".split())}
# Titles before a name: "Belarus President Alexander Lukashenko" -> the name after.
_TITLES = {stem(w) for w in (
    "President Prime Minister Secretary Chancellor Spokesperson Spokesman Spokeswoman "
    "General Gen Colonel Col Mr Mrs Ms Dr Ambassador Commander Chief Premier King "
    "Queen Senator Sen Rep Governor Mayor Correspondent".split())}
_PREP_LOC = {"in", "at", "from"}
_TIME = {stem(w) for w in (
    "on monday tuesday wednesday thursday friday saturday sunday last this next week "
    "month year day today yesterday earlier later in a an the interview statement "
    "at briefing news conference press on telegram television tv media "
    "told reporters journalists to state".split())}
_TOLD_OBJECTS = {stem(w) for w in (
    "reporters journalists me us him her them media press a the news conference "
    "briefing state television tv lawmakers parliament".split())}
_THAT_NOUNS = {"position", "view", "stance", "statement", "a", "the", "repeatedly",
               "also"}
_PREPOSITIONS = {"of", "to", "about", "on", "in", "for", "with", "by", "at", "as",
                 "from", "into", "over"}
_HEDGES = {stem(w) for w in
           "allegedly so called supposedly purportedly reportedly ostensibly".split()}


# ------------------------------------------------------------------------ quote marks

@dataclass
class QuoteMarks:
    """One pair of quote marks: content ``start:end`` and the mark positions.

    ``close`` is -1 when the quote never closes (``note == "unbalanced"``).
    """
    open: int
    close: int
    start: int
    end: int
    single: bool = False
    note: str = ""


def _position(text: str, i: int) -> str:
    """'open', 'close' or 'ambiguous', from the characters around the mark at ``i``."""
    p = text[i - 1] if i > 0 else " "
    n = text[i + 1] if i + 1 < len(text) else " "
    left = p.isspace() or p in _SPACE_BEFORE or p in DOUBLE
    right = n.isspace() or n in _SPACE_AFTER or n in DOUBLE
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    return "ambiguous"


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Line spans (a cleaned article keeps one paragraph per line)."""
    out, a = [], 0
    for m in re.finditer(r"\n", text):
        out.append((a, m.start()))
        a = m.end()
    out.append((a, len(text)))
    return out


def pair_quote_marks(text: str) -> list[QuoteMarks]:
    """Pair double quote marks (and single marks outside/inside them) into quotes.

    Rules, applied left to right:

    * A mark's role comes from its neighbours, not its glyph: after a space and
      before a word it opens, after a word and before a space or punctuation it
      closes; with spaces on both sides (``noted that ” We``) it opens when no quote
      is open and closes otherwise. So a closing mark used as an opening one works.
    * Apostrophes (a single mark between two letters, "Russia’s") are never marks.
      Single marks pair among themselves inside a double quote (nested quotes,
      returned with ``single=True``) or in text outside double quotes.
    * A quote still open at the end of its paragraph continues if the next paragraph
      starts with an opening mark (the multi-paragraph convention) or holds a closing
      mark before any opening one, for at most :data:`MAX_QUOTE_PARAGRAPHS`
      paragraphs; otherwise it is capped at the paragraph end with
      ``note="unbalanced"``, so one stray mark never swallows the article.

    Returns
    -------
    list of QuoteMarks
        Sorted by position; ``text[q.start:q.end]`` is the content without marks.
    """
    paras = _paragraphs(text)
    para_of = []  # (position, paragraph index) of each double mark
    marks_by_para: list[list[int]] = [[] for _ in paras]
    for pi, (a, b) in enumerate(paras):
        for i in range(a, b):
            if text[i] in DOUBLE:
                marks_by_para[pi].append(i)
                para_of.append(i)
    quotes: list[QuoteMarks] = []
    open_at = -1        # position of the open mark, or -1
    open_para = -1
    skip: set[int] = set()  # continuation marks consumed at paragraph starts

    def close_quote(at: int, note: str = "") -> None:
        nonlocal open_at
        a, b = _strip(text, open_at + 1, at)
        quotes.append(QuoteMarks(open_at, at if not note else -1, a, b, note=note))
        open_at = -1

    for pi, (pa, pb) in enumerate(paras):
        if open_at >= 0 and pi > open_para:
            # Decide whether the open quote carries into this paragraph.
            first = pa
            while first < pb and text[first].isspace():
                first += 1
            if first >= pb:  # an empty line: look on
                continue
            carries = False
            if pi - open_para < MAX_QUOTE_PARAGRAPHS:
                if text[first] in DOUBLE and _position(text, first) != "close":
                    carries = True
                    skip.add(first)
                else:
                    for i in marks_by_para[pi]:
                        pos = _position(text, i)
                        carries = pos != "open"
                        break
            if not carries:
                # Cap at the end of the last paragraph that held the quote.
                end = paras[open_para][1] if open_para >= 0 else pa
                qa, qb = _strip(text, open_at + 1, end)
                quotes.append(QuoteMarks(open_at, -1, qa, qb, note="unbalanced"))
                open_at = -1
            else:
                open_para = pi
        for i in marks_by_para[pi]:
            if i in skip:
                continue
            pos = _position(text, i)
            if open_at < 0:
                if pos == "close" and text[i] not in DOUBLE_OPEN:
                    continue  # a stray closing mark: nothing to pair it with
                open_at, open_para = i, pi
            elif pos == "open" and text[i] in DOUBLE_OPEN:
                # An opening mark while a quote is open: the earlier one never
                # closed. Cap it before this mark and start afresh.
                qa, qb = _strip(text, open_at + 1, i)
                quotes.append(QuoteMarks(open_at, -1, qa, qb, note="unbalanced"))
                open_at, open_para = i, pi
            else:
                close_quote(i)
    if open_at >= 0:
        qa, qb = _strip(text, open_at + 1, paras[open_para][1])
        quotes.append(QuoteMarks(open_at, -1, qa, qb, note="unbalanced"))
    quotes = [q for q in quotes if q.end > q.start]

    # Single marks: pair within each double quote, and in each stretch of a
    # paragraph outside double quotes.
    regions: list[tuple[int, int, bool]] = [(q.start, q.end, True) for q in quotes]
    covered = sorted((q.open, (q.close + 1) if q.close >= 0 else q.end) for q in quotes)
    for pa, pb in paras:
        a = pa
        for ca, cb in covered:
            if cb <= a or ca >= pb:
                continue
            if ca > a:
                regions.append((a, ca, False))
            a = max(a, cb)
        if a < pb:
            regions.append((a, pb, False))
    singles = []
    for ra, rb, _nested in regions:
        opening = -1
        for i in range(ra, rb):
            c = text[i]
            if c not in SINGLE:
                continue
            p = text[i - 1] if i > 0 else " "
            n = text[i + 1] if i + 1 < len(text) else " "
            if p.isalnum() and n.isalnum():
                continue  # an apostrophe: Russia’s, we’re
            if opening < 0:
                if (i == ra or p.isspace() or p in _SPACE_BEFORE or p in DOUBLE) and \
                        n.isalnum() and c != "’":
                    opening = i
                elif (i == ra or p.isspace() or p in DOUBLE) and n.isalnum():
                    opening = i  # ’ used as an opening mark
            elif not p.isspace() and (n.isspace() or n in _SPACE_AFTER or n in DOUBLE
                                      or i + 1 == rb):
                a, b = _strip(text, opening + 1, i)
                if b > a:
                    singles.append(QuoteMarks(opening, i, a, b, single=True))
                opening = -1
    return sorted(quotes + singles, key=lambda q: (q.start, -q.end))


def short_quote_words(text: str, q) -> int:
    """Number of words in a quote's content."""
    return len(word_spans(text, q.start, q.end))


# ---------------------------------------------------------------------- attributions

@dataclass
class Attribution:
    """Who speaks: a speech verb or source phrase with its subject noun phrase.

    ``np_start:np_end`` is the speaker as written; ``clause_start:clause_end`` the
    reported clause (-1 when the verb introduces a direct quote only); ``trailing``
    is True for attributions after what they attribute ("..., he said").
    """
    verb: str
    verb_start: int
    verb_end: int
    np_start: int
    np_end: int
    sentence: int
    clause_start: int = -1
    clause_end: int = -1
    trailing: bool = False
    headline: bool = False
    np_kind: str = ""  # pronoun / mention / name / role
    extra: dict = field(default_factory=dict)


class Context:
    """Per-article lookups shared by the attribution steps."""

    def __init__(self, text: str, sentences, marks: list[QuoteMarks]):
        self.text = text
        self.sentences = sentences
        self.words = word_spans(text)
        self.wstarts = [s for s, _ in self.words]
        self.sstarts = [s for s, _ in sentences]
        self.alias_rows = _alias_rows()
        self.mentions = [(s, e, ids[0]) for s, e, ids in _actor_matcher().find_in_words(
            text, self.words)]
        self.mention_at_end = {e: (s, e, i) for s, e, i in self.mentions}
        self.mention_at_start = {s: (s, e, i) for s, e, i in self.mentions}
        verbs = _verb_entries()
        self.verbs = [(s, e, verbs[ids[0]]) for s, e, ids in
                      _verb_matcher().find_in_words(text, self.words)]
        # Top-level quotes (not nested single quotes) hide their content.
        self.top = [q for q in marks if not _nested(q, marks)]
        self.quote_areas = sorted((q.open, (q.close + 1) if q.close >= 0 else q.end)
                                  for q in self.top)

    def in_quote(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.quote_areas)

    def sentence_of(self, pos: int) -> int:
        """Index of the sentence holding ``pos`` (or the one before a gap)."""
        k = bisect.bisect_right(self.sstarts, pos) - 1
        return min(max(k, 0), max(len(self.sentences) - 1, 0))

    def word_index(self, pos: int) -> int:
        """Index of the first word starting at or after ``pos``."""
        return bisect.bisect_left(self.wstarts, pos)

    def words_in(self, a: int, b: int) -> list[tuple[int, int]]:
        i = self.word_index(a)
        out = []
        while i < len(self.words) and self.words[i][1] <= b:
            out.append(self.words[i])
            i += 1
        return out

    def w(self, span) -> str:
        return self.text[span[0]:span[1]]


def _nested(q: QuoteMarks, marks: list[QuoteMarks]) -> bool:
    return q.single and any(o is not q and not o.single and o.start <= q.start
                            and q.end <= o.end for o in marks)


def _gap_ok(text: str, a: int, b: int) -> bool:
    """Only spaces, commas and brackets between two words of one noun phrase
    ("Baltic News Network (BNN) reported", "Russia, however, denied")."""
    return all(c.isspace() or c in ",()" for c in text[a:b])


def _subject_before(ctx: Context, lo: int, pos: int):
    """The noun phrase ending right before ``pos`` (the speech verb), or None.

    Skips auxiliaries and adverbs ("has also previously"), a locative after a role
    ("correspondent in Moscow"), and an appositive between commas ("Pavel Muraveyko,
    first deputy ..., said"). Returns ``(np_start, np_end, kind, appositive_span)``.
    """
    text = ctx.text
    ws = ctx.words_in(lo, pos)
    k = len(ws) - 1
    right = pos
    skipped = False
    # Auxiliaries and adverbs between subject and verb ("has also", ", however,").
    while k >= 0 and ctx.w(ws[k]).lower() in _FILLER and _gap_ok(text, ws[k][1], right):
        right = ws[k][0]
        k -= 1
        skipped = True
    if k < 0:
        return None
    gap = text[ws[k][1]:right]
    if not _gap_ok(text, ws[k][1], right):
        return None
    appositive = None
    if "," in gap and not (skipped and gap.strip() == ","):
        # "NAME, appositive, said": find the comma that opens the appositive.
        j = k
        while j > 0 and "," not in text[ws[j - 1][1]:ws[j][0]]:
            j -= 1
        if j > 0 and k - j <= 14 and _gap_ok(text, ws[j - 1][1], ws[j][0]):
            appositive = (ws[j][0], ws[k][1])
            k = j - 1
        else:
            return None
    # Locative post-modifier: "correspondent in Moscow", "Macron In Kyiv".
    for back in (1, 2, 3):
        p = k - back
        if p >= 1 and ctx.w(ws[p]).lower() in _PREP_LOC and all(
                ctx.w(ws[q])[:1].isupper() for q in range(p + 1, k + 1)):
            k = p - 1
            break
    if k < 0:
        return None
    last = ws[k]
    lw = ctx.w(last)
    if lw.lower() in _PRONOUNS:
        return (last[0], last[1], "pronoun", appositive)
    end = last[1]
    start = None
    kind = ""
    j = k
    while j >= 0:
        s, e = ws[j]
        word = ctx.w(ws[j])
        if j < k and not _gap_ok(text, e, ws[j + 1][0]) or (j < k and "," in text[e:ws[j + 1][0]]):
            break
        m = ctx.mention_at_end.get(e)
        if m is not None and m[0] >= lo:
            start, kind = m[0], kind or "mention"
            while j >= 0 and ws[j][0] >= m[0]:
                j -= 1
            continue
        low = word.lower()
        if word[:1].isupper() and low not in _DETERMINERS and low not in ("according",):
            start, kind = s, kind or "name"
            j -= 1
            continue
        if stem(low) in _NP_WORDS or low.endswith(("'s", "’s")):
            start, kind = s, kind or "role"
            j -= 1
            continue
        if low in _DETERMINERS and start is not None:
            start = s
        break
    if start is None:
        return None
    # A bare sentence-initial capitalised word that is no name ("Soldiers would ...")
    # is not a speaker unless the lexicon knows it.
    return (start, end, kind, appositive)


def _np_after(ctx: Context, pos: int, hi: int):
    """The noun phrase right after ``pos`` (after "according to" / "said"), or None."""
    text = ctx.text
    ws = ctx.words_in(pos, hi)
    if not ws:
        return None
    start = ws[0][0]
    end = None
    for j, (s, e) in enumerate(ws):
        if j > 0 and not _gap_ok(text, ws[j - 1][1], s):
            break
        if j > 0 and "," in text[ws[j - 1][1]:s]:
            break
        word = ctx.w((s, e))
        m = ctx.mention_at_start.get(s)
        if m is not None:
            end = m[1]
            # Skip words inside the mention.
            continue
        if end is not None and s < end:
            continue
        low = word.lower()
        if (word[:1].isupper() or stem(low) in _NP_WORDS or low in _DETERMINERS
                or low in _PRONOUNS):
            end = e
            if low in _PRONOUNS:
                break
            continue
        break
    if end is None:
        return None
    return (start, end)


def _appositive_after(ctx: Context, np_end: int, hi: int):
    """A ", first deputy ... of X," appositive after a name; returns its span or None."""
    text = ctx.text
    m = re.match(r"\s*,\s*", text[np_end:hi])
    if not m:
        return None
    a = np_end + m.end()
    ws = ctx.words_in(a, hi)
    if not ws or ctx.w(ws[0])[:1].isupper() and ctx.w(ws[0]).lower() not in ("first",):
        return None
    if not any(stem(ctx.w(w).lower()) in _NP_WORDS for w in ws[:4]):
        return None
    for j in range(1, min(len(ws), 16)):
        if "," in text[ws[j - 1][1]:ws[j][0]]:
            return (a, ws[j - 1][1])
    return None


def _clause_end(text: str, a: int, b: int) -> int:
    """Trim final punctuation and spaces from a reported clause."""
    while b > a and (text[b - 1].isspace() or text[b - 1] in ".,;:!?"):
        b -= 1
    return b


def _trim_clauses(text: str, attrs: list[Attribution]) -> None:
    """End a leading clause where the speaker's words plausibly stop.

    A clause introduced by "X said that ..." or "According to X, ..." stops before a
    trailing attribution of someone else in the same sentence ("..., Al Jazeera
    reported") and before ", but" / "; " (a contrast usually returns to the author:
    "authorities conceded ..., but President Zelensky vowed ...").
    """
    for a in attrs:
        if a.clause_start < 0 or a.trailing:
            continue
        end = a.clause_end
        for b in attrs:
            if b is not a and b.trailing and a.clause_start < b.np_start < end:
                end = min(end, b.np_start if b.np_kind != "inverted" else b.verb_start)
        m = re.search(r",\s+but\s|;\s", text[a.clause_start:end])
        if m:
            end = a.clause_start + m.start()
        a.clause_end = _clause_end(text, a.clause_start, end)


def find_attributions(text: str, sentences, marks: list[QuoteMarks],
                      ctx: "Context | None" = None) -> list[Attribution]:
    """Find speech verbs, sources and headlines with their speakers and clauses.

    See the module docstring; each :class:`Attribution` carries the subject noun
    phrase and, for reported speech, the reported clause.
    """
    ctx = ctx or Context(text, sentences, marks)
    out: list[Attribution] = []
    for vs, ve, verb in ctx.verbs:
        if ctx.in_quote(vs):
            continue
        # "United States" is no "stated": a verb inside an actor name is not a verb.
        if any(ms <= vs and ve <= me for ms, me, _ in ctx.mentions):
            continue
        surface = text[vs:ve].lower()
        bare_lemma = " " not in surface and not surface.endswith(("s", "d")) \
            and surface not in _IRREGULAR
        k = ctx.sentence_of(vs)
        ss, se = sentences[k] if sentences else (0, len(text))
        if verb in _SOURCE:
            np = _np_after(ctx, ve, se)
            if np is None:
                continue
            app = _appositive_after(ctx, np[1], se)
            after_np = app[1] if app else np[1]
            a = Attribution(verb, vs, ve, np[0], np[1], k, np_kind="source",
                            extra={"appositive": app})
            before = ctx.words_in(ss, vs)
            rest_a = after_np
            m = re.match(r"\s*,\s*", text[rest_a:se])
            after = ctx.words_in(rest_a + (m.end() if m else 0), se)
            if not before:
                if m:
                    a.clause_start = rest_a + m.end()
                    a.clause_end = _clause_end(text, a.clause_start, se)
            elif len(after) > len(before) and m:
                a.clause_start = rest_a + m.end()
                a.clause_end = _clause_end(text, a.clause_start, se)
            else:
                a.trailing = True
                a.clause_start = ss
                a.clause_end = _clause_end(text, ss, vs)
            out.append(a)
            continue
        subj = _subject_before(ctx, ss, vs)
        if subj is None and ctx.w(ctx.words_in(ss, vs)[-1]).lower() == "to" \
                if ctx.words_in(ss, vs) else False:
            # "Truss was in Moscow ... to urge the Kremlin ...": the subject of the
            # main clause, i.e. the first named actor of the sentence.
            first = [m for m in ctx.mentions if ss <= m[0] and m[1] <= vs and
                     not _is_role(ctx.alias_rows[m[2]]) and
                     ctx.alias_rows[m[2]]["kind"] in ("person", "body")]
            if first and len(ctx.words_in(ss, first[0][0])) <= 4:
                subj = _subject_before(ctx, ss, first[0][1])
        inverted = False
        if subj is None:
            # Inverted: '"...," said Psaki.' / '..., said the ministry.'
            pre = text[ss:vs].rstrip()
            if pre and (pre[-1] in "," or pre[-1] in DOUBLE_CLOSE + "\"’'"):
                np = _np_after(ctx, ve, se)
                if np is None:
                    continue
                subj = (np[0], np[1], "inverted", None)
                inverted = True
            else:
                continue
        if bare_lemma:
            # "officials say", "we claim that": a plural or pronoun subject or a
            # following "that"; else a noun ("state secretary"), not a verb.
            nxt = ctx.words_in(ve, se)[:1]
            subj_last = text[subj[0]:subj[1]].split()[-1].lower()
            prev = ctx.words_in(ss, vs)[-1:]
            if not ((nxt and ctx.w(nxt[0]).lower() == "that") or
                    (prev and ctx.w(prev[0]).lower() == "to") or
                    subj_last in ("we", "they", "i", "you") or
                    (subj_last.endswith("s") and not subj_last.endswith(("'s", "’s")))):
                continue
        a = Attribution(verb, vs, ve, subj[0], subj[1], k, np_kind=subj[2],
                        extra={"appositive": subj[3]})
        # Trailing: "..., SUBJ said [adjuncts]." -- the clause is what came before.
        tail_words = ctx.words_in(ve, se)
        pre_np = text[ss:subj[0]].rstrip() if not inverted else text[ss:vs].rstrip()
        if_trailing = (pre_np.endswith(",") or pre_np[-1:] in DOUBLE_CLOSE + "\"’'") and \
            all(stem(ctx.w(w).lower()) in _TIME or ctx.w(w)[:1].isupper()
                for w in tail_words if not (inverted and w[0] < subj[1])) and \
            len(tail_words) <= 8
        if if_trailing:
            a.trailing = True
            if pre_np.endswith(","):
                a.clause_start = ss
                a.clause_end = _clause_end(text, ss, len(pre_np) + ss)
            out.append(a)
            continue
        # Leading: SUBJ VERB [object/adjuncts] that CLAUSE / SUBJ VERB CLAUSE.
        ws = ctx.words_in(ve, se)
        that = None
        for j, w in enumerate(ws[:6]):
            word = ctx.w(w)
            if word.lower() == "that" and _gap_ok(text, ve if j == 0 else ws[j - 1][1], w[0]):
                that = w
                break
            # Only time adjuncts, the addressee, or "a position" may come between
            # the verb and "that" ("said last week that", "told reporters that").
            if not _gap_ok(text, ve if j == 0 else ws[j - 1][1], w[0]) or not (
                    stem(word.lower()) in _TIME or stem(word.lower()) in _TOLD_OBJECTS
                    or word[:1].isupper() or word.lower() in _THAT_NOUNS):
                break
        if that is not None:
            a.clause_start = that[1] + (len(text[that[1]:se]) - len(text[that[1]:se].lstrip()))
            a.clause_end = _clause_end(text, a.clause_start, se)
        elif verb in _BARE and ws:
            j = 0
            if verb == "told":
                while j < len(ws) and stem(ctx.w(ws[j]).lower()) in _TOLD_OBJECTS:
                    j += 1
            gap = text[ve:ws[0][0]] if j == 0 else text[ws[j - 1][1]:ws[j][0]] if j < len(ws) else ""
            if j < len(ws) and not any(c in gap for c in ",:;") \
                    and not any(c in DOUBLE + SINGLE for c in gap) \
                    and ctx.w(ws[j]).lower() not in _PREPOSITIONS:
                a.clause_start = ws[j][0]
                a.clause_end = _clause_end(text, a.clause_start, se)
        out.append(a)
    _trim_clauses(text, out)
    # Headlines "White House: Drills are more ..." -- a short line, "NAME: claim".
    for pa, pb in _paragraphs(text):
        line = text[pa:pb]
        m = re.match(r"\s*([^:\n]{2,40}?)\s*:\s+(\S.*)$", line)
        if not m or line.rstrip().endswith(".") or len(line) > 160:
            continue
        na, nb = pa + m.start(1), pa + m.end(1)
        ms = [mm for mm in ctx.mentions if mm[0] == na and mm[1] == nb]
        if not ms:
            continue
        k = ctx.sentence_of(na)
        a = Attribution(":", nb, nb + 1, na, nb, k, headline=True, np_kind="mention")
        a.clause_start = pa + m.start(2)
        a.clause_end = _clause_end(text, a.clause_start, pb)
        out.append(a)
    return out


# -------------------------------------------------------------------------- speakers

def _mentions_in(ctx: Context, a: int, b: int) -> list[dict]:
    return [ctx.alias_rows[i] | {"_s": s, "_e": e}
            for s, e, i in ctx.mentions if s >= a and e <= b]


def _is_role(row: dict) -> bool:
    """Generic role nouns ("officials", "the correspondent") name no actor."""
    return row["source"] == "curated:roles"


def _named_actor(rows: list[dict]):
    """The head actor of a noun phrase: a named person, else the last named body,
    place or outlet, else a demonym ("Russian officials")."""
    named = [r for r in rows if not _is_role(r) and r["kind"] != "demonym"]
    if named:
        persons = [r for r in named if r["kind"] == "person"]
        return (persons or named)[-1]
    demonyms = [r for r in rows if r["kind"] == "demonym"]
    return demonyms[-1] if demonyms else None


def _speaker_text(text: str, a: int, b: int) -> str:
    """The speaker as written, with titles and descriptions before a name dropped.

    "White House spokesperson Jen Psaki" -> "Jen Psaki"; "Belarus President Alexander
    Lukashenko" -> "Alexander Lukashenko"; "Al Jazeera’s Ali Hashem" -> "Ali Hashem";
    "a defense ministry official" stays as it is.
    """
    span = text[a:b]
    ws = word_spans(span)
    if not ws:
        return span.strip()
    words = [span[s:e] for s, e in ws]
    # The trailing run of capitalised words, if the phrase ends in one.
    j = len(ws)
    while j > 0 and words[j - 1][:1].isupper():
        j -= 1
    run = list(range(j, len(ws)))
    if not run:
        return span.strip()
    # Cut after the last title or possessive in the run, if a name follows it.
    cut = None
    for idx in run[:-1]:
        if stem(words[idx]) in _TITLES or words[idx].endswith(("'s", "’s")):
            cut = idx
    if cut is not None:
        return span[ws[cut + 1][0]:ws[-1][1]]
    # A lower-case description before a name: "spokesperson Jen Psaki".
    if j > 0 and len(run) >= 2 and stem(words[j - 1].lower()) in _NP_WORDS:
        return span[ws[j][0]:ws[-1][1]]
    return span[ws[0][0]:ws[-1][1]]


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
    by_attr: dict[int, dict] = {}

    def sent_bounds(pos):
        if not sentences:
            return (0, len(text))
        return sentences[ctx.sentence_of(pos)]

    # 1. Direct quotes: find the governing attribution of each.
    for q in top:
        nwords = short_quote_words(text, q)
        short = nwords <= 4
        row = {"start": q.start, "end": q.end, "text": text[q.start:q.end],
               "kind": "direct", "note": q.note, "verb": "", "attr": None,
               "keep": True, "scare": False, "short": short, "quote": q}
        close = q.close if q.close >= 0 else q.end
        cs, ce = sent_bounds(max(close - 1, q.start))
        os_, oe = sent_bounds(q.open)
        hedge = False
        before_words = ctx.words_in(os_, q.open)
        if before_words and stem(ctx.w(before_words[-1]).lower()) in _HEDGES and \
                text[before_words[-1][1]:q.open].strip() == "":
            hedge = True
        chosen = None
        # (a) trailing: '," he said' / '," according to TASS'
        for a in attrs:
            if a.headline:
                continue
            if q.close >= 0 and q.close < a.verb_start <= ce + 1 and \
                    a.verb_start - q.close < 60 and \
                    not any(o.open > q.close and o.open < a.verb_start for o in top):
                between = text[q.close + 1:min(a.verb_start, a.np_start)]
                if re.fullmatch(r"[\s,.;:!?…—–-]*", between) or a.np_kind == "inverted" \
                        or a.verb in _SOURCE and re.fullmatch(r"[\s,.;:!?…—–-]*",
                                                              text[q.close + 1:a.verb_start]):
                    chosen = a
                    break
        # (b) leading: 'X said, "..."' / 'X called the drills "..."' in its sentence
        if chosen is None and not hedge:
            cands = [a for a in attrs if not a.headline and os_ <= a.verb_start < q.open
                     and not (short and a.verb in _CHARGE)
                     and not any(o.open > a.verb_end and o.open < q.open for o in top)]
            if cands:
                chosen = cands[-1]
        # (c) the quote lies in a reported clause or a headline "X: ..."
        if chosen is None and not hedge:
            for a in attrs:
                if a.clause_start >= 0 and a.clause_start <= q.open and q.end <= a.clause_end + 1 \
                        and not (short and a.verb in _CHARGE):
                    chosen = a
                    break
        row["attr"] = chosen
        if chosen is not None:
            row["verb"] = chosen.verb if chosen.verb != ":" else ""
        elif short:
            # Nobody says it: a scare quote, in the outlet's voice.
            row["keep"] = False
            row["scare"] = True
        rows.append(row)

    # 2. Reported speech rows from attributions with a clause.
    direct_spans = [(r["start"], r["end"], r["attr"]) for r in rows]
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
                     "note": "", "verb": a.verb if a.verb != ":" else "", "attr": a,
                     "keep": True, "scare": False, "short": False, "quote": None})

    # 3. Resolve speakers in the order their attributions appear in the text.
    history: list[dict] = []
    order = sorted(range(len(rows)), key=lambda i: (
        rows[i]["attr"].np_start if rows[i]["attr"] is not None else rows[i]["start"]))
    for i in order:
        r = rows[i]
        a = r["attr"]
        if a is None:
            # A long quote with no attribution of its own: a continuation of the
            # previous quote in the same or the previous paragraph.
            prev = [h for h in history if h["pos"] < r["start"] and
                    r["start"] - h["pos"] < 600 and h["direct"]]
            if r["keep"] and prev:
                h = prev[-1]
                r.update(speaker=h["speaker"], actor=h["actor"],
                         speaker_group=h["group"], note=(r["note"] + " continued").strip())
            else:
                r.update(speaker="unknown", actor="", speaker_group="unknown")
            continue
        spk, actor, group, kind = _resolve(ctx, a, history)
        r.update(speaker=spk, actor=actor, speaker_group=group)
        if a.headline:
            r["note"] = (r["note"] + " headline").strip()
        history.append({"pos": a.np_start, "speaker": spk, "actor": actor,
                        "group": group, "kind": kind, "direct": r["kind"] == "direct",
                        "np": text[a.np_start:a.np_end].lower()})
    for r in rows:
        r.pop("quote", None)
        r.pop("attr", None)
        r.pop("short", None)
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
    speaker = _speaker_text(text, a.np_start, a.np_end)
    rows = _mentions_in(ctx, a.np_start, a.np_end)
    words = [np_text[s:e].lower() for s, e in word_spans(np_text)]
    head = stem(words[-1]) if words else ""
    row = _named_actor(rows)
    role_rows = [r for r in rows if _is_role(r)]
    if row is not None and not (row["kind"] == "demonym" and not role_rows):
        kind = "person" if row["kind"] == "person" or role_rows and \
            role_rows[-1]["kind"] == "person" else "body"
        return speaker, row["actor"], row["speaker_group"], kind
    app = a.extra.get("appositive")
    if app:
        arow = _named_actor(_mentions_in(ctx, app[0], app[1]))
        if arow is not None:
            return speaker, arow["actor"], arow["speaker_group"], "person"
    if not rows and words and np_text[:1].isupper() and len(words) >= 2:
        # An unknown name ("Ali Hashem"): a person with no group we know of.
        return speaker, "", "unknown", "person"
    kind = role_rows[-1]["kind"] if role_rows else "body"
    kind = "person" if kind == "person" else "body"
    if words and words[0] == "the":
        for h in reversed(history):
            if h["pos"] < a.np_start and head and h["group"] != "unknown" and \
                    head in {stem(w) for w in re.findall(r"\w+", h["np"])}:
                return speaker, h["actor"], h["group"], kind
    if role_rows and role_rows[-1]["speaker_group"] not in ("unknown",):
        r = role_rows[-1]
        return speaker, r["actor"], r["speaker_group"], kind
    ss = ctx.sentences[a.sentence][0] if ctx.sentences else 0
    for s, e, i in reversed(ctx.mentions):
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
