"""Find who says what: step 2 of :mod:`framing.quotes`.

:func:`find_attributions` finds speech verbs with their subjects ("Psaki said"),
sources ("according to TASS"), "X: ..." headlines, and the reported clauses they
introduce, each as an :class:`Attribution`. :class:`Context` holds the per-article
lookups (words, sentences, actor and verb mentions, top-level quotes) that this step
and :mod:`framing.speakers` share. Noun phrases are found by
:mod:`framing.speaker_phrases`; regexes here only look at clause punctuation.

Examples
--------
>>> from framing.quotemarks import pair_quote_marks
>>> from framing.text import sentence_spans
>>> t = 'Psaki said Russia was ready.'
>>> s = sentence_spans(t)
>>> [(a.verb, t[a.np_start:a.np_end], t[a.clause_start:a.clause_end])
...  for a in find_attributions(t, s, pair_quote_marks(t))]
[('said', 'Psaki', 'Russia was ready')]
"""
from __future__ import annotations

import bisect
import operator
import re
from dataclasses import dataclass, field

from .actors import _alias_rows, alias_matches, _is_role, _verb_entries, _verb_matcher
from .quotemarks import DOUBLE, DOUBLE_CLOSE, SINGLE, QuoteMarks, span_reach
from .speaker_phrases import _appositive_after, _gap_text_ok, _np_after, _subject_before
from .matcher import article_words
from .text import stem

__all__ = ["Attribution", "Context", "find_attributions"]


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

# Words that may stand between a speech verb and its clause without ending the
# attribution: time and place adjuncts ("said last week that"), the addressee of
# "told", nouns before "that" ("took the position that"); a bare clause never starts
# with a preposition ("said in a statement" is no clause).
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
# "NAME: claim" -- a short name, a colon, then the claim.
_HEADLINE_RE = re.compile(r"\s*([^:\n]{2,40}?)\s*:\s+(\S.*)$")
# What ends the text before an inverted attribution ('"...," said Psaki').
_QUOTE_CLOSERS = DOUBLE_CLOSE + "\"’'"
_CLOSERS = "," + _QUOTE_CLOSERS
# ", but" / "; ": the author takes over again (see _trim_clauses).
_CONTRAST_RE = re.compile(r",\s+but\s|;\s")
_MARKS = frozenset(DOUBLE + SINGLE)  # no quote mark between a verb and its bare clause
_PREPOSITIONS = {"of", "to", "about", "on", "in", "for", "with", "by", "at", "as",
                 "from", "into", "over"}


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
        self.words, keys = article_words(text)  # shared with the other matchers
        self.wstarts, self.wends = keys.starts, keys.ends
        self.strings = keys.strings  # the words themselves: text[s:e] for each span
        self.sstarts = [s for s, _ in sentences]
        self.alias_rows = _alias_rows()
        self.mentions = [(s, e, ids[0]) for s, e, ids in alias_matches(text)]
        # The mentions' fields as columns, and the lookups by end and start (the last
        # mention wins, as in a dict display), all built in C.
        starts, ends, ids = zip(*self.mentions) if self.mentions else ((), (), ())
        self.mention_at_end = dict(zip(ends, self.mentions))
        self.mention_at_start = dict(zip(starts, self.mentions))
        # Leftmost-longest matches come in text order without overlaps: their ends
        # are then their running reach, and the mentions in a:b are one run of them.
        self._mentions_ordered = all(map(operator.le, ends, starts[1:]))
        if self._mentions_ordered:
            self._mention_starts, self._mention_reach = starts, ends
            self._mention_ids = ids
        else:
            self._mention_starts, self._mention_reach = span_reach(zip(starts, ends))
        # Each verb with the indices of its first word and of the word after it, so
        # the verb loop slices the words around it without bisecting for them.
        verbs, wstarts, wends = _verb_entries(), self.wstarts, self.wends
        self.verbs = [(wstarts[i], wends[last], verbs[ids[0]], i, last + 1)
                      for i, last, ids in _verb_matcher().word_matches(text, self.words,
                                                                       keys)]
        # Top-level quotes (not nested single quotes) hide their content.
        self.top = [q for q in marks if not _nested(q, marks)]
        self.quote_areas = sorted((q.open, (q.close + 1) if q.close >= 0 else q.end)
                                  for q in self.top)
        self._area_starts, self._area_reach = span_reach(self.quote_areas)

    def mention_rows_in(self, a: int, b: int) -> list[dict]:
        """The lexicon rows of the actor mentions in ``a:b``, in text order (shared)."""
        rows = self.alias_rows
        if not self._mentions_ordered:
            return [rows[i] for s, e, i in self.mentions if s >= a and e <= b]
        # Starts and ends both ascend: the mentions from the first starting at or
        # after a to the last ending by b.
        lo = bisect.bisect_left(self._mention_starts, a)
        hi = bisect.bisect_right(self._mention_reach, b)
        return list(map(rows.__getitem__, self._mention_ids[lo:hi]))

    def mentions_before(self, pos: int) -> list:
        """The mentions, up to the last ending by ``pos`` when they come in text order
        (the later ones all end after it); else all of them."""
        if not self._mentions_ordered:
            return self.mentions
        return self.mentions[:bisect.bisect_right(self._mention_reach, pos)]

    def in_quote(self, pos: int) -> bool:
        """True when ``pos`` lies in a top-level quote area (marks included)."""
        # Some area [a, b) with a <= pos has b > pos iff the furthest reach does.
        k = bisect.bisect_right(self._area_starts, pos)
        return k > 0 and self._area_reach[k - 1] > pos

    def sentence_of(self, pos: int) -> int:
        """Index of the sentence holding ``pos`` (or the one before a gap)."""
        # Never past the last sentence: sstarts has one start per sentence. (No
        # min/max here: a builtin call costs more than the comparison.)
        k = bisect.bisect_right(self.sstarts, pos) - 1
        return k if k > 0 else 0

    def words_in(self, a: int, b: int) -> list[tuple[int, int]]:
        """The words from the first starting at or after ``a`` up to the last ending by ``b``."""
        # A slice ending before it starts is empty, as it should be.
        return self.words[bisect.bisect_left(self.wstarts, a):bisect.bisect_right(self.wends, b)]

    def w(self, span) -> str:
        return self.text[span[0]:span[1]]


def _nested(q: QuoteMarks, marks: list[QuoteMarks]) -> bool:
    return q.single and any(o is not q and not o.single and o.start <= q.start
                            and q.end <= o.end for o in marks)


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
        m = _CONTRAST_RE.search(text, a.clause_start, end)
        if m:
            end = m.start()
        a.clause_end = _clause_end(text, a.clause_start, end)


def find_attributions(text: str, sentences, marks: list[QuoteMarks],
                      ctx: "Context | None" = None) -> list[Attribution]:
    """Find speech verbs, sources and headlines with their speakers and clauses.

    See the module docstring; each :class:`Attribution` carries the subject noun
    phrase and, for reported speech, the reported clause.
    """
    ctx = ctx or Context(text, sentences, marks)
    out: list[Attribution] = []
    # ctx.in_quote, sentence_of and words_in (and the inside-a-mention test) inlined: a method call per
    # verb costs more than its bisection.
    bl, br = bisect.bisect_left, bisect.bisect_right
    area_starts, area_reach = ctx._area_starts, ctx._area_reach
    mention_starts, mention_reach = ctx._mention_starts, ctx._mention_reach
    sstarts, wstarts, wends = ctx.sstarts, ctx.wstarts, ctx.wends
    strings = ctx.strings
    for vs, ve, verb, i1, ia in ctx.verbs:
        i = br(area_starts, vs)
        if i > 0 and area_reach[i - 1] > vs:  # in a quote
            continue
        # "United States" is no "stated": a verb inside an actor name is not a verb.
        i = br(mention_starts, vs)
        if i > 0 and mention_reach[i - 1] >= ve:
            continue
        k = br(sstarts, vs) - 1
        if k < 0:
            k = 0
        ss, se = sentences[k] if sentences else (0, len(text))
        # The sentence's words before the verb: words[i0:i1] (i0 < i1 iff any; i1 is
        # the verb's first word).
        i0 = bl(wstarts, ss)
        if verb in _SOURCE:
            np = _np_after(ctx, ve, se)
            if np is None:
                continue
            app = _appositive_after(ctx, np[1], se)
            after_np = app[1] if app else np[1]
            a = Attribution(verb, vs, ve, np[0], np[1], k, np_kind="source",
                            extra={"appositive": app})
            n_before = max(0, i1 - i0)
            rest_a = after_np
            m = re.match(r"\s*,\s*", text[rest_a:se])
            after = ctx.words_in(rest_a + (m.end() if m else 0), se)
            if not n_before:
                if m:
                    a.clause_start = rest_a + m.end()
                    a.clause_end = _clause_end(text, a.clause_start, se)
            elif len(after) > n_before and m:
                a.clause_start = rest_a + m.end()
                a.clause_end = _clause_end(text, a.clause_start, se)
            else:
                a.trailing = True
                a.clause_start = ss
                a.clause_end = _clause_end(text, ss, vs)
            out.append(a)
            continue
        subj = _subject_before(ctx, ss, vs, i0, i1)
        if subj is None and i0 < i1 and strings[i1 - 1].lower() == "to":
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
            if pre and pre[-1] in _CLOSERS:
                np = _np_after(ctx, ve, se)
                if np is None:
                    continue
                subj = (np[0], np[1], "inverted", None)
                inverted = True
            else:
                continue
        # The sentence's words after the verb: the words ia .. ie - 1, read by index
        # from the offset and string lists (no list of span pairs per verb).
        ie = br(wends, se)
        n_after = ie - ia if ie > ia else 0
        surface = text[vs:ve].lower()
        bare_lemma = " " not in surface and not surface.endswith(("s", "d")) \
            and surface not in _IRREGULAR
        if bare_lemma:
            # "officials say", "we claim that": a plural or pronoun subject or a
            # following "that"; else a noun ("state secretary"), not a verb.
            subj_last = text[subj[0]:subj[1]].split()[-1].lower()
            if not ((n_after and strings[ia].lower() == "that") or
                    (i0 < i1 and strings[i1 - 1].lower() == "to") or
                    subj_last in ("we", "they", "i", "you") or
                    (subj_last.endswith("s") and not subj_last.endswith(("'s", "’s")))):
                continue
        a = Attribution(verb, vs, ve, subj[0], subj[1], k, np_kind=subj[2],
                        extra={"appositive": subj[3]})
        # Trailing: "..., SUBJ said [adjuncts]." -- the clause is what came before.
        pre_np = text[ss:subj[0]].rstrip() if not inverted else text[ss:vs].rstrip()
        if_trailing = (pre_np.endswith(",") or pre_np[-1:] in _QUOTE_CLOSERS) and \
            n_after <= 8 and \
            all(stem(word.lower()) in _TIME or word[:1].isupper()
                for s0, word in zip(wstarts[ia:ie], strings[ia:ie])
                if not (inverted and s0 < subj[1]))
        if if_trailing:
            a.trailing = True
            if pre_np.endswith(","):
                a.clause_start = ss
                a.clause_end = _clause_end(text, ss, len(pre_np) + ss)
            out.append(a)
            continue
        # Leading: SUBJ VERB [object/adjuncts] that CLAUSE / SUBJ VERB CLAUSE.
        that = -1  # the index of "that", if found
        for j in range(ia, ia + (n_after if n_after < 6 else 6)):
            word = strings[j]
            low = word.lower()
            gap = text[ve if j == ia else wends[j - 1]:wstarts[j]]
            gap_ok = gap == " " or _gap_text_ok(gap)  # _gap_ok, no call for one space
            if low == "that" and gap_ok:
                that = j
                break
            # Only time adjuncts, the addressee, or "a position" may come between
            # the verb and "that" ("said last week that", "told reporters that").
            if not gap_ok:
                break
            st = stem(low)
            if not (st in _TIME or st in _TOLD_OBJECTS or word[:1].isupper()
                    or low in _THAT_NOUNS):
                break
        if that >= 0:
            rest = text[wends[that]:se]
            a.clause_start = wends[that] + (len(rest) - len(rest.lstrip()))
            a.clause_end = _clause_end(text, a.clause_start, se)
        elif verb in _BARE and n_after:
            j = ia
            if verb == "told":
                while j < ie and stem(strings[j].lower()) in _TOLD_OBJECTS:
                    j += 1
            gap = text[ve if j == ia else wends[j - 1]:wstarts[j]] if j < ie else ""
            if j < ie and "," not in gap and ":" not in gap and ";" not in gap \
                    and _MARKS.isdisjoint(gap) \
                    and strings[j].lower() not in _PREPOSITIONS:
                a.clause_start = wstarts[j]
                a.clause_end = _clause_end(text, a.clause_start, se)
        out.append(a)
    _trim_clauses(text, out)
    # Headlines "White House: Drills are more ..." -- a short line, "NAME: claim".
    # Only paragraphs (lines) holding a colon can be one: found from each colon by
    # str.find / rfind in C, in text order, each line once (the next search starts
    # after it), instead of a pass over every paragraph.
    c = text.find(":")
    while c >= 0:
        pa = text.rfind("\n", 0, c) + 1
        pb = text.find("\n", c)
        if pb < 0:
            pb = len(text)
        c = text.find(":", pb)
        # The cheap tests first: most paragraphs are long or end with a full stop.
        if pb - pa > 160:
            continue
        line = text[pa:pb]
        if line.rstrip().endswith("."):
            continue
        m = _HEADLINE_RE.match(line)
        if not m:
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
