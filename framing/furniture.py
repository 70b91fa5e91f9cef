"""Recognise a single line of page furniture by its pattern alone.

Scraped articles carry lines that are not the story: social "follow us" lines, share
buttons, subscription pleas, "Related articles" headers, comment widgets, "READ ALSO:"
links, "Continue reading" teasers, ad labels, credit lines, photo credits, stray UI
glyphs. :func:`furniture_reason` names the kind of furniture a line is, with *general*
patterns capped by a word count so long story sentences stay safe, and
:func:`line_key` gives the comparison key under which lines count as the same. Rules
that need the rest of the article (the page header, repeated lines) are in
:mod:`framing.clean`.

Examples
--------
>>> furniture_reason("Follow us on Twitter"), furniture_reason("Minsk said the drills were defensive.")
('social-media follow line', None)
"""
from __future__ import annotations

import re

from .text import count_line_words, least_words

__all__ = ["furniture_reason", "line_key"]


# Characters that render as nothing or as a plain space: normalised so that a line of
# non-breaking spaces counts as empty and "Soldiers\xa0would" reads "Soldiers would".
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# What _normalise changes (these, or two spaces); most lines hold none of it, and a
# search is cheaper than rewriting every line. A bare character class: the engine
# then skips to candidate characters (with "|  " it tried a match at every position).
_UNUSUAL_RE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad\t\u00a0\u2000-\u200a"
                         r"\u202f\u205f\u3000]")


# UI glyphs (close ×, bullets, arrows, icons): symbols, never sentence punctuation, so
# a lone "." or "”" left by a sentence split is not mistaken for one.
_GLYPH_RE = re.compile(r"^(?:[\u00d7\u2022\u00b7|\u203a\u2039\u00bb\u00ab\u2190-\u21ff"
                       r"\u2300-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff+#^<>\u2715\u2716]"
                       r"\s?){1,3}$")
_NETWORKS = (r"facebook|twitter|x\.com|telegram|whatsapp|instagram|linkedin|youtube|"
             r"reddit|pinterest|tiktok|gab|gettr|rumble|truth social|minds|parler|"
             r"vk|threads|mastodon|bluesky|flipboard|email|rss|google news")
_NETWORK_RE = re.compile(rf"\b({_NETWORKS})\b", re.I)


# Needles. A rule may name strings of which every match of its pattern holds one in the
# casefolded line; the pattern is searched only in lines whose casefolded form (which
# cleaning holds already, as the line's key) holds one. A "needle in key" test is a C
# substring scan, several times cheaper than a search by the regex engine, which for a
# pattern with no fixed start tries every position of every line. Exact: under
# IGNORECASE an ASCII letter matches only characters that casefold to that letter,
# except "i", which also matches "İ" (casefolded "i̇") and "ı" (kept) -- so no needle
# holds an "i" (checked over every code point when this was written).

# (pattern, max words of the line, reason, needles or None). Each pattern describes a
# kind of furniture, not a sentence of a particular site; the word cap keeps long story
# sentences safe.
_RULES: list[tuple[re.Pattern, int, str, tuple[str, ...] | None]] = [
    (_GLYPH_RE, 1, "stray UI glyph", None),
    (re.compile(r"^(please\s+)?(follow|like|join|find|connect with)\s+us\b", re.I), 30,
     "social-media follow line", None),
    (re.compile(rf"^(share|share this( article| story| post)?|tweet|copy link|print)"
                rf"(\s+(on|via|to))?(\W+({_NETWORKS}|share|tweet|print))*\W*$", re.I), 12,
     "share buttons", None),
    (re.compile(r"^(related|related (articles?|stories|posts|news|content|coverage|reading)"
                r"|more (stories|news|articles)|more (from|on|in) [^.!?]{1,40}"
                r"|you (may|might) also (like|be interested in)|recommended( for you| stories)?"
                r"|read next|up next|most (read|popular|viewed)|trending( now| stories)?"
                r"|latest (news|stories|articles)|what to read next|other stories)\W*$", re.I),
     8, "related-articles header", None),
    (re.compile(r"^(leave a (comment|reply)|post a comment|add a comment|\d+\s+comments?"
                r"|comments?( \(\d+\))?|view comments|show comments|comments are closed"
                r"|join the (conversation|discussion)|be the first to comment"
                r"|you must be logged in to post a comment)\W*$", re.I), 12,
     "comments widget", None),
    (re.compile(r"^(read also|also read|read more|see also|also see|must read|related|watch"
                r"|watch video|video|listen|suggested|recommended)\s*[:|–—]\s*\S", re.I), 25,
     "in-text link", None),
    # A teaser phrase ("Continue reading", "read more", "keep reading", "read full
    # story", "read the rest of the article") at a word start, then at most 15 words
    # to the end of the line. Written as (…|\.\.\.|\b)\s*(phrase)... it found the same
    # lines (the phrase starts with a letter, so a word boundary precedes it whatever
    # the prefix matched), but had no fixed start: tried at every position, ~20 us a
    # paragraph. Here the pattern starts with the phrase's first letter (a class: the
    # engine skips to those letters; "k" under IGNORECASE is also the Kelvin sign),
    # (?<!\w.) is the word boundary before it, and the lookbehinds pair that letter
    # with the rest of its phrase.
    (re.compile(r"[CcRrKk\u212a](?<!\w.)(?i:(?<=c)ontinue reading|(?<=k)eep reading"
                r"|(?<=r)ead (?:more|full (?:story|article)|the (?:full|rest of the) "
                r"(?:story|article)))\b(?:\W+\w+){0,15}\W*$"), 80,
     "teaser ('Continue reading')", ("read",)),
    (re.compile(r"^(advertisement|advertisements|ad|sponsored( content)?|paid (content|post)"
                r"|story continues below( advertisement)?|article continues below"
                r"|scroll to (continue|top)|skip (advertisement|ad))\W*$", re.I), 4,
     "advertisement label", None),
    (re.compile(r"^\(?\s*(with inputs from|with (additional )?reporting (by|from)"
                r"|additional reporting by|reporting by|editing by|edited by|compiled by"
                r"|sources?\s*:)[^()]{0,80}\)?\.?$", re.I), 16, "credit line", None),
    (re.compile(r"^(tags?|topics?|filed under|categories|category)\s*:", re.I), 30,
     "tag list", None),
    (re.compile(r"^(©|\(c\)|copyright\b)\s*\d{4}|all rights reserved\W*$", re.I), 20,
     "copyright notice", ("©", "(c)", "copyr", "reserved")),
    (re.compile(r"(this (web)?site uses cookies|enable javascript|your browser does not "
                r"support)", re.I), 30, "browser or cookie notice",
     ("cook", "javascr", "browser")),
]
# Caps of the checks after the rules (pleas, runs of network names, photo credits).
_PLEA_MAX_WORDS, _NETWORKS_MAX_WORDS, _CREDIT_MAX_WORDS = 45, 12, 15
# No rule or check applies to a line of more words than this.
_MAX_WORDS = max([max_words for _, max_words, _, _ in _RULES]
                 + [_PLEA_MAX_WORDS, _NETWORKS_MAX_WORDS, _CREDIT_MAX_WORDS])
# The rules that may apply to a line of at least n words, in order, for n = 0 ..
# _MAX_WORDS (a longer line returns before any rule).
_RULES_FOR = [tuple(rule for rule in _RULES if n <= rule[1]) for n in range(_MAX_WORDS + 1)]

# Subscription / newsletter / donation pleas: addressed to the reader ("our", "here",
# an imperative at the start), so a story *about* subscriptions is not caught.
_PLEA_START_RE = re.compile(r"^\W*(subscribe|sign[\s-]?up|join|support|donate|become a|"
                            r"get (our|the)|don'?t miss|never miss|stay (informed|updated)|"
                            r"register|click here)\b", re.I)
_PLEA_WORD_RE = re.compile(r"\b(subscri\w*|sign[\s-]?up|newsletter|donat\w*|journalism|"
                           r"inbox|member(ship)?|updates|free trial|premium)\b", re.I)
_PLEA_ANYWHERE_RE = re.compile(r"\b(our [\w\s]{0,20}newsletter|sign[\s-]?up here|subscribe "
                               r"(here|now|today|to our)|support (real|independent|our)"
                               r"[\w\s]{0,30}journalism|in your inbox)\b", re.I)
# Needles of _PLEA_ANYWHERE_RE (see above): newsletter, "up here", subscribe,
# journalism, inbox, with no "i".
_PLEA_NEEDLES = ("newsletter", "up here", "subscr", "journal", "nbox")

# A caption credit: "©2022 Maxar / AFP", "Photo: Reuters", "(Getty Images)".
_CREDIT_RE = re.compile(r"©|\(c\)\s*\d{4}|\b(photo|image|picture|pic|credit)s?\s*(:|/|by\b)"
                        r"|/\s*(AFP|AP|Reuters|Getty Images|EPA|Anadolu|TASS|Xinhua|Sputnik)\b"
                        r"|\b(AFP|Getty Images|Reuters|AP Photo|EPA|Shutterstock)\s*\)?$", re.I)


def line_key(line: str) -> str:
    """Comparison key of a line: invisible characters dropped, spaces collapsed, casefolded.

    >>> line_key("  Leave\\u00a0a  Comment ")
    'leave a comment'
    """
    return _SPACES_RE.sub(" ", line.translate(_INVISIBLE)).strip().casefold()


def _normalise(line: str) -> str:
    # Each of _UNUSUAL_RE's characters is a Unicode format character, separator or
    # control character, so a line for which str.isprintable() holds has none (one C
    # loop over the line, ~2x cheaper than the search); in ASCII the only one is the tab.
    if "  " not in line and (("\t" not in line) if line.isascii() else
                             (line.isprintable() or _UNUSUAL_RE.search(line) is None)):
        return line.strip()
    return _SPACES_RE.sub(" ", line.translate(_INVISIBLE)).strip()


def furniture_reason(line: str) -> str | None:
    """The kind of page furniture a single line is, by pattern alone, or None.

    >>> furniture_reason("READ ALSO: Macron In Kyiv"), furniture_reason("Kyiv disagreed.")
    ("in-text link ('READ ALSO')", None)
    """
    return line_furniture_reason(_normalise(line))


def _holds_any(key: str, needles) -> bool:
    """True if the casefolded line ``key`` holds one of ``needles`` (a C substring
    scan each; a rule's regex runs only then)."""
    for needle in needles:
        if needle in key:
            return True
    return False


def _is_plea(line: str, key: str) -> bool:
    """A subscription, newsletter or donation plea (whatever its length)."""
    return ((_holds_any(key, _PLEA_NEEDLES) and _PLEA_ANYWHERE_RE.search(line) is not None)
            or (_PLEA_START_RE.search(line) is not None
                and _PLEA_WORD_RE.search(line) is not None))


def line_furniture_reason(line: str, key: str | None = None,
                          least: int | None = None) -> str | None:
    """:func:`furniture_reason` of a line already normalised (as cleaning holds them);
    ``key`` is ``line.casefold()`` and ``least`` is ``least_words(line)`` if the caller
    has them (no key is read when ``least > _MAX_WORDS``)."""
    # Each rule and check applies to lines of at most so many words. Counting them is
    # the costliest step for most lines, so a lower bound (C calls) rules out the caps
    # it passes -- all of them for most story paragraphs -- and the words are counted
    # (memoised) only for a line that a pattern matches.
    if least is None:
        least = least_words(line)
    if least > _MAX_WORDS:
        return None
    if key is None:
        key = line.casefold()
    for pattern, max_words, reason, needles in _RULES_FOR[least]:
        if needles is not None and not _holds_any(key, needles):
            continue
        if pattern.search(line) and count_line_words(line) <= max_words:
            if reason == "in-text link":
                if line.endswith("."):  # a link's text is a headline; a sentence stays
                    continue
                label = re.split(r"\s*[:|–—]", line, maxsplit=1)[0]
                return f"in-text link ('{label}')"
            return reason
    if (least <= _PLEA_MAX_WORDS and _is_plea(line, key)
            and count_line_words(line) <= _PLEA_MAX_WORDS):
        return "subscription or newsletter plea"
    # A run of social-network names ("GabMindsTelegramRumble", "Facebook Twitter").
    if (least <= _NETWORKS_MAX_WORDS and not line.endswith(".")
            and len(_NETWORK_RE.findall(line)) >= 2
            and count_line_words(line) <= _NETWORKS_MAX_WORDS):
        return "social-media links"
    if (least <= _CREDIT_MAX_WORDS and _CREDIT_RE.search(line)
            and count_line_words(line) <= _CREDIT_MAX_WORDS):
        return "photo credit"
    return None
