"""Strip page furniture from article text, and say exactly what was removed.

Scraped articles carry lines that are not the story: social "follow us" lines,
subscription pleas, "Related articles" lists, comment widgets, "READ ALSO:" links,
"Continue reading" teasers, photo captions repeated by image carousels, stray UI
glyphs. :func:`clean_text` removes them with *general* rules (patterns of page
furniture, the page-header block, lines repeated within an article or across a
corpus) and returns every removed line with its reason, so a report can show what
was dropped. Whole lines are removed, never parts of a story sentence; a line is
only removed when a rule names it.

Line patterns live in :mod:`framing.furniture` and HTML pages are reduced to their
article text by :mod:`framing.html_extract`; this module applies the rules that need
the whole article or corpus (page header, related lists, repeated lines).

Examples
--------
>>> raw = "Follow us on Twitter\\nMinsk said the drills were defensive.\\nLeave a Comment"
>>> text, removed = clean_text(raw)
>>> text
'Minsk said the drills were defensive.'
>>> [r["reason"] for r in removed]
['social-media follow line', 'comments widget']
"""
from __future__ import annotations

import json
import re
from collections import Counter
from typing import Iterable, Mapping, NamedTuple

import pandas as pd

from .furniture import (_CREDIT_RE, _MAX_WORDS, _normalise, furniture_reason,
                        line_furniture_reason, line_key)
from .html_extract import extract_html
from .text import count_line_words, least_words, more_words_than  # (counts memoised)

# A repeated line of more words than this is a story paragraph, not a caption or widget.
_REPEAT_MAX_WORDS = 60
# Lines of more word starts than this are not casefolded (see clean_article): neither
# furniture (_MAX_WORDS) nor the repeated-line pass reads their keys.
_CASEFOLD_MAX_WORDS = max(_MAX_WORDS, _REPEAT_MAX_WORDS)

__all__ = ["Cleaned", "clean_article", "clean_text", "corpus_repeats", "extract_html",
           "furniture_reason",
           "line_key", "removed_lines", "TITLE_REASON"]

TITLE_REASON = "title line (moved to title)"

# Sentence-final characters: a short line ending in one is a sentence, not a label.
_TERMINAL = tuple('.!?…"”’\')»')

_BYLINE_RE = re.compile(r"^by\s+[A-Z][\w.'’-]+", re.I)
# A line break: "\r\n", or any one of these characters. Written as a character class
# first (the pair as "\r" and then "\n" if a "\r" came before it) so that the regex
# engine skips to the next break character; ``\r\n|[...]`` was tried at every
# position of the text (3x the cost).
_LINE_BREAK_RE = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85](?:(?<=\r)\n)?")
_DATE_PREFIX_RE = re.compile(r"^(date|published|updated|posted)\s*:?\s*(\d{4}-\d{2}-\d{2})\b"
                             r"(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\s*", re.I)


class Cleaned(NamedTuple):
    """Result of :func:`clean_article`.

    Attributes
    ----------
    text : str
        Cleaned text, one paragraph per line.
    removed : list of dict
        ``{"text": line, "reason": why}`` for every removed line, in page order.
    title : str
        The title (given, or a leading headline line moved out of the text), or "".
    published : str
        A ``YYYY-MM-DD`` date taken from a leading date prefix, or "".
    """

    text: str
    removed: list
    title: str
    published: str


def _is_body_line(line: str) -> bool:
    """A story paragraph: long, or a sentence ending in terminal punctuation."""
    # 30+ words, or 8+ ending a sentence: a story paragraph is not counted to its end.
    return more_words_than(line, 7 if line.endswith(_TERMINAL) else 29)


def _headline_like(line: str) -> bool:
    n = count_line_words(line)
    return 2 <= n <= 25 and not line.endswith((".", "!", "?", ":", ";", ",", "…"))


def clean_article(raw: str, *, outlet: str | None = None, title: str | None = None,
                  corpus_repeats: Mapping[str, int] | None = None) -> Cleaned:
    """Clean one article and return text, removed lines, title and a leading date.

    Parameters
    ----------
    raw : str
        The text as read (any line endings; NBSPs and zero-width characters allowed).
    outlet : str, optional
        The outlet's name: a header line equal to it is reported as the site name.
    title : str, optional
        A known title (manifest/CSV). Lines repeating it are removed; otherwise a
        leading headline-like line becomes the title (reason ``TITLE_REASON``).
    corpus_repeats : mapping, optional
        ``{line_key: n_articles}`` of short lines repeated across the corpus (see
        :func:`corpus_repeats`); such lines are removed as site furniture.

    Returns
    -------
    Cleaned

    Examples
    --------
    >>> c = clean_article("Russia Begins Drills With Belarus\\n\\nRussia and Belarus began "
    ...                   "joint drills on Thursday, officials said.")
    >>> c.title, c.text
    ('Russia Begins Drills With Belarus', 'Russia and Belarus began joint drills on Thursday, officials said.')
    """
    # str.splitlines() breaks at _LINE_BREAK_RE's characters and also at "\x1c", "\x1d"
    # and "\x1e": on a text without those three it gives the same lines, but for an
    # empty last line after a final break (skipped like every empty line), ~4x cheaper.
    raw_lines = (_LINE_BREAK_RE.split(raw) if "\x1c" in raw or "\x1d" in raw or "\x1e" in raw
                 else raw.splitlines())
    lines: list[str] = []      # normalised non-empty lines
    originals: list[str] = []  # the same lines as they appeared (for the removed list)
    reasons: list[str | None] = []
    removed_first: list[dict] = []  # removals that are not whole lines, page order
    order: list[tuple[int, dict]] = []
    for i, raw_line in enumerate(raw_lines):
        line = _normalise(raw_line)
        if line:
            lines.append(line)
            originals.append(raw_line.strip())
            reasons.append(None)
        elif raw_line.strip(" \t"):
            # Only invisible characters (NBSP, zero-width): not a paragraph break.
            order.append((len(lines), {"text": raw_line, "reason":
                                       "empty line (only invisible characters)"}))

    published = ""
    if lines:
        m = _DATE_PREFIX_RE.match(lines[0])
        if m:
            published = m.group(2)
            removed_first.append({"text": m.group(0).strip(),
                                  "reason": "date prefix (moved to published)"})
            lines[0] = lines[0][m.end():].strip()
            originals[0] = lines[0]
            if not lines[0]:
                reasons[0] = "date prefix (moved to published)"

    keys = []
    for i, line in enumerate(lines):
        least = least_words(line)
        # A line of more word starts than any furniture cap (a story paragraph) is
        # also over _REPEAT_MAX_WORDS, so its key decides no reason; the line stands
        # in for it, unequal to every other key unless its casefold is
        # (test_clean_speed), and its casefold (~35 instructions a character) is
        # skipped. Keys looked up in corpus_repeats (any mapping) are all casefolded.
        keys.append(line.casefold() if least <= _CASEFOLD_MAX_WORDS or corpus_repeats
                    else line)
        if reasons[i] is None and line:
            # Lines are normalised already, and their keys and word bounds at hand.
            reasons[i] = line_furniture_reason(line, keys[i], least)

    if "related-articles header" in reasons:
        _mark_related_lists(lines, reasons)
    _mark_repeated_lines(lines, keys, reasons)

    if corpus_repeats:
        for i, key in enumerate(keys):
            if reasons[i] is None and key in corpus_repeats:
                reasons[i] = (f"repeated in {corpus_repeats[key]} articles of the corpus "
                              "(site furniture)")

    title = _header_block(lines, keys, reasons, outlet=outlet, title=title)

    if reasons.count(None) == len(reasons):
        # No line removed (most articles); an empty line has a reason, so none is empty.
        removed = removed_first + [item for _, item in order]
        return Cleaned("\n".join(lines), removed, title, published)
    removed = list(removed_first)
    k = 0
    for i, reason in enumerate(reasons):
        while k < len(order) and order[k][0] <= i:
            removed.append(order[k][1])
            k += 1
        if reason and lines[i]:
            removed.append({"text": originals[i], "reason": reason})
    removed.extend(item for _, item in order[k:])
    text = "\n".join(line for line, r in zip(lines, reasons) if r is None and line)
    return Cleaned(text, removed, title, published)


def _mark_related_lists(lines, reasons) -> None:
    """The teaser titles and bylines under a "related articles" header go too, up to
    the next story paragraph."""
    for i, reason in enumerate(list(reasons)):
        if reason != "related-articles header":
            continue
        for j in range(i + 1, len(lines)):
            if _is_body_line(lines[j]):
                break
            if reasons[j] is None:
                kind = "byline" if count_line_words(lines[j]) <= 5 else "teaser title"
                reasons[j] = f"related-articles list ({kind})"


def _mark_repeated_lines(lines, keys, reasons) -> None:
    """Give repeated captions and widgets their reason.

    A story may repeat a sentence ("Why?", a refrain in a list), so only two kinds go:
    a line with a photo credit seen twice or more (carousel captions), and a line
    repeated 3+ times in a row (a caption or poll widget rendered once per slide).
    Fragments of such a caption go with it.
    """
    counts = Counter(keys)
    if len(counts) == len(keys):
        return   # no line twice (most articles): nothing below applies
    runs = Counter()
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            if i - start >= 3:
                runs[keys[start]] = max(runs[keys[start]], i - start)
            start = i
    caption_keys = set()
    for i, key in enumerate(keys):
        if reasons[i] is not None or (counts[key] < 2 and key not in runs):
            continue  # neither repeated nor in a run: nothing below can apply
        if more_words_than(key, _REPEAT_MAX_WORDS):
            continue
        credited = counts[key] >= 2 and _CREDIT_RE.search(lines[i])
        if credited or key in runs:
            caption_keys.add(key)
            reasons[i] = (f"photo caption repeated {counts[key]}×" if credited else
                          f"line repeated {counts[key]}× in a row (caption or widget)")
    if not caption_keys:
        return
    for i, key in enumerate(keys):
        if (reasons[i] is None and len(key) >= 15
                and any(key in cap for cap in caption_keys)):
            reasons[i] = "part of a repeated photo caption"


def _header_block(lines, keys, reasons, *, outlet, title) -> str:
    """Find the title and the page-header labels before the first story paragraph.

    Only the first few kept lines are looked at, and only when a story paragraph
    follows them, so a text without punctuation is never emptied.
    """
    head = []
    for i, line in enumerate(lines):
        if reasons[i] is not None or not line:
            continue
        if _is_body_line(line):
            break
        head.append(i)
        if len(head) > 6:
            return title or ""
    else:
        return title or ""
    title_key = line_key(title) if title else None
    title_at = None
    if title_key:
        for i in head:
            if keys[i] == title_key:
                reasons[i] = "title line (repeats the title)"
                title_at = i if title_at is None else title_at
    else:
        # The headline is the first headline-like line of 4+ words (site names and
        # section labels above it are shorter), else the first of 2-3 words.
        candidates = [i for i in head if _headline_like(lines[i])]
        if candidates:
            title_at = next((i for i in candidates if count_line_words(lines[i]) >= 4),
                            candidates[0])
            title, reasons[title_at] = lines[title_at], TITLE_REASON
    outlet_key = line_key(outlet) if outlet else None
    for i in head:
        if reasons[i] is not None:
            continue
        if _BYLINE_RE.match(lines[i]) and count_line_words(lines[i]) <= 8:
            reasons[i] = "byline (page header)"
            continue
        # Labels are one to three words; a line ending in ":" introduces what follows.
        if count_line_words(lines[i]) > 3 or lines[i].endswith(_TERMINAL + (":",)):
            continue
        if outlet_key and keys[i] == outlet_key:
            reasons[i] = "site name (page header)"
        elif title_at is not None and i > title_at:
            reasons[i] = "short label after the title (photo caption or kicker)"
        else:
            reasons[i] = "site name or section label (page header)"
    return title or ""


def clean_text(raw: str, *, outlet: str | None = None,
               corpus_repeats: Mapping[str, int] | None = None) -> tuple[str, list[dict]]:
    """Return ``(text, removed)``: the cleaned text and the removed lines with reasons.

    A shorthand for :func:`clean_article` when the title and date are not needed
    (a leading headline line still leaves the text, listed with ``TITLE_REASON``).

    >>> clean_text("×\\nThe Kremlin said it had no plans to keep troops there.")
    ('The Kremlin said it had no plans to keep troops there.', [{'text': '×', 'reason': 'stray UI glyph'}])
    """
    cleaned = clean_article(raw, outlet=outlet, corpus_repeats=corpus_repeats)
    return cleaned.text, cleaned.removed


def corpus_repeats(texts: Iterable[str], *, min_articles: int = 3,
                   max_words: int = 20) -> dict[str, int]:
    """Short lines that recur in at least ``min_articles`` of ``texts``.

    Pass the texts of one outlet (its furniture repeats page after page), with each
    syndicated copy counted once, so a wire story shared by several outlets is not
    mistaken for furniture. Long lines (over ``max_words``) are never returned.

    >>> corpus_repeats(["A story.\\nShare this", "Another.\\nShare this", "More.\\nShare this"])
    {'share this': 3}
    """
    counts: Counter = Counter()
    for text in texts:
        counts.update({k for k in map(line_key, text.split("\n"))
                       if k and not more_words_than(k, max_words)})
    return {k: n for k, n in counts.items() if n >= min_articles}


def removed_lines(articles: pd.DataFrame) -> pd.DataFrame:
    """Expand ``articles.removed`` into one row per removed line.

    Returns
    -------
    DataFrame
        ``article_id, text, reason, chars`` in article and page order.

    >>> df = pd.DataFrame({"article_id": ["a"], "removed": ['[{"text": "×", "reason": "stray UI glyph"}]']})
    >>> removed_lines(df).to_dict("records")
    [{'article_id': 'a', 'text': '×', 'reason': 'stray UI glyph', 'chars': 1}]
    """
    rows = [(aid, item["text"], item["reason"], len(item["text"]))
            for aid, blob in zip(articles["article_id"], articles["removed"])
            for item in (json.loads(blob) if blob else [])]
    return pd.DataFrame(rows, columns=["article_id", "text", "reason", "chars"]).astype(
        {"article_id": "str", "text": "str", "reason": "str", "chars": "int64"})
