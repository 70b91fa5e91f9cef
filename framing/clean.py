"""Strip page furniture from article text, and say exactly what was removed.

Scraped articles carry lines that are not the story: social "follow us" lines,
subscription pleas, "Related articles" lists, comment widgets, "READ ALSO:" links,
"Continue reading" teasers, photo captions repeated by image carousels, stray UI
glyphs. :func:`clean_text` removes them with *general* rules (patterns of page
furniture, the page-header block, lines repeated within an article or across a
corpus) and returns every removed line with its reason, so a report can show what
was dropped. Whole lines are removed, never parts of a story sentence; a line is
only removed when a rule names it.

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

from .text import count_words

__all__ = ["Cleaned", "clean_article", "clean_text", "corpus_repeats", "extract_html",
           "furniture_reason",
           "line_key", "removed_lines", "TITLE_REASON"]

TITLE_REASON = "title line (moved to title)"

# Characters that render as nothing or as a plain space: normalised so that a line of
# non-breaking spaces counts as empty and "Soldiers\xa0would" reads "Soldiers would".
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_TERMINAL = tuple('.!?…"”’\')»')

# UI glyphs (close ×, bullets, arrows, icons): symbols, never sentence punctuation, so
# a lone "." or "”" left by a sentence split is not mistaken for one.
_GLYPH_RE = re.compile(r"^(?:[\u00d7\u2022\u00b7|\u203a\u2039\u00bb\u00ab\u2190-\u21ff"
                       r"\u2300-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff+#^<>\u2715\u2716]"
                       r"\s?){1,3}$")
_NETWORKS = (r"facebook|twitter|x\.com|telegram|whatsapp|instagram|linkedin|youtube|"
             r"reddit|pinterest|tiktok|gab|gettr|rumble|truth social|minds|parler|"
             r"vk|threads|mastodon|bluesky|flipboard|email|rss|google news")
_NETWORK_RE = re.compile(rf"\b({_NETWORKS})\b", re.I)

# (pattern, max words of the line, reason). Each pattern describes a kind of furniture,
# not a sentence of a particular site; the word cap keeps long story sentences safe.
_RULES: list[tuple[re.Pattern, int, str]] = [
    (_GLYPH_RE, 1, "stray UI glyph"),
    (re.compile(r"^(please\s+)?(follow|like|join|find|connect with)\s+us\b", re.I), 30,
     "social-media follow line"),
    (re.compile(rf"^(share|share this( article| story| post)?|tweet|copy link|print)"
                rf"(\s+(on|via|to))?(\W+({_NETWORKS}|share|tweet|print))*\W*$", re.I), 12,
     "share buttons"),
    (re.compile(r"^(related|related (articles?|stories|posts|news|content|coverage|reading)"
                r"|more (stories|news|articles)|more (from|on|in) [^.!?]{1,40}"
                r"|you (may|might) also (like|be interested in)|recommended( for you| stories)?"
                r"|read next|up next|most (read|popular|viewed)|trending( now| stories)?"
                r"|latest (news|stories|articles)|what to read next|other stories)\W*$", re.I),
     8, "related-articles header"),
    (re.compile(r"^(leave a (comment|reply)|post a comment|add a comment|\d+\s+comments?"
                r"|comments?( \(\d+\))?|view comments|show comments|comments are closed"
                r"|join the (conversation|discussion)|be the first to comment"
                r"|you must be logged in to post a comment)\W*$", re.I), 12,
     "comments widget"),
    (re.compile(r"^(read also|also read|read more|see also|also see|must read|related|watch"
                r"|watch video|video|listen|suggested|recommended)\s*[:|–—]\s*\S", re.I), 25,
     "in-text link"),
    (re.compile(r"(…|\.\.\.|\b)\s*(continue reading|read more|keep reading|read full "
                r"(story|article)|read the (full|rest of the) (story|article))\b"
                r"(\W+\w+){0,15}\W*$", re.I), 80, "teaser ('Continue reading')"),
    (re.compile(r"^(advertisement|advertisements|ad|sponsored( content)?|paid (content|post)"
                r"|story continues below( advertisement)?|article continues below"
                r"|scroll to (continue|top)|skip (advertisement|ad))\W*$", re.I), 4,
     "advertisement label"),
    (re.compile(r"^\(?\s*(with inputs from|with (additional )?reporting (by|from)"
                r"|additional reporting by|reporting by|editing by|edited by|compiled by"
                r"|sources?\s*:)[^()]{0,80}\)?\.?$", re.I), 16, "credit line"),
    (re.compile(r"^(tags?|topics?|filed under|categories|category)\s*:", re.I), 30,
     "tag list"),
    (re.compile(r"^(©|\(c\)|copyright\b)\s*\d{4}|all rights reserved\W*$", re.I), 20,
     "copyright notice"),
    (re.compile(r"(this (web)?site uses cookies|enable javascript|your browser does not "
                r"support)", re.I), 30, "browser or cookie notice"),
]

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

# A caption credit: "©2022 Maxar / AFP", "Photo: Reuters", "(Getty Images)".
_CREDIT_RE = re.compile(r"©|\(c\)\s*\d{4}|\b(photo|image|picture|pic|credit)s?\s*(:|/|by\b)"
                        r"|/\s*(AFP|AP|Reuters|Getty Images|EPA|Anadolu|TASS|Xinhua|Sputnik)\b"
                        r"|\b(AFP|Getty Images|Reuters|AP Photo|EPA|Shutterstock)\s*\)?$", re.I)
_BYLINE_RE = re.compile(r"^by\s+[A-Z][\w.'’-]+", re.I)
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


def line_key(line: str) -> str:
    """Comparison key of a line: invisible characters dropped, spaces collapsed, casefolded.

    >>> line_key("  Leave\\u00a0a  Comment ")
    'leave a comment'
    """
    return _SPACES_RE.sub(" ", line.translate(_INVISIBLE)).strip().casefold()


def _normalise(line: str) -> str:
    return _SPACES_RE.sub(" ", line.translate(_INVISIBLE)).strip()


def _is_body_line(line: str) -> bool:
    """A story paragraph: long, or a sentence ending in terminal punctuation."""
    n = count_words(line)
    return n >= 30 or (n >= 8 and line.endswith(_TERMINAL))


def _headline_like(line: str) -> bool:
    n = count_words(line)
    return 2 <= n <= 25 and not line.endswith((".", "!", "?", ":", ";", ",", "…"))


def furniture_reason(line: str) -> str | None:
    """The kind of page furniture a single line is, by pattern alone, or None.

    >>> furniture_reason("READ ALSO: Macron In Kyiv"), furniture_reason("Kyiv disagreed.")
    ("in-text link ('READ ALSO')", None)
    """
    line = _normalise(line)
    n = count_words(line)
    for pattern, max_words, reason in _RULES:
        if n <= max_words and pattern.search(line):
            if reason == "in-text link":
                if line.endswith("."):  # a link's text is a headline; a sentence stays
                    continue
                label = re.split(r"\s*[:|–—]", line, maxsplit=1)[0]
                return f"in-text link ('{label}')"
            return reason
    if n <= 45 and (_PLEA_ANYWHERE_RE.search(line)
                    or (_PLEA_START_RE.search(line) and _PLEA_WORD_RE.search(line))):
        return "subscription or newsletter plea"
    # A run of social-network names ("GabMindsTelegramRumble", "Facebook Twitter").
    if n <= 12 and len(_NETWORK_RE.findall(line)) >= 2 and not line.endswith("."):
        return "social-media links"
    if n <= 15 and _CREDIT_RE.search(line):
        return "photo credit"
    return None


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
    raw_lines = re.split(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]", raw)
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

    keys = [line.casefold() for line in lines]
    for i, line in enumerate(lines):
        if reasons[i] is None and line:
            reasons[i] = furniture_reason(line)

    # "Related articles" header: the teaser titles and bylines under it go too, up to
    # the next story paragraph.
    for i, reason in enumerate(list(reasons)):
        if reason != "related-articles header":
            continue
        for j in range(i + 1, len(lines)):
            if _is_body_line(lines[j]):
                break
            if reasons[j] is None:
                kind = "byline" if count_words(lines[j]) <= 5 else "teaser title"
                reasons[j] = f"related-articles list ({kind})"

    # Repeated lines. A story may repeat a sentence ("Why?", a refrain in a list), so
    # only two kinds go: a line with a photo credit seen twice or more (carousel
    # captions), and a line repeated 3+ times in a row (a caption or poll widget
    # rendered once per slide). Fragments of such a caption go with it.
    counts = Counter(keys)
    runs = Counter()
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            if i - start >= 3:
                runs[keys[start]] = max(runs[keys[start]], i - start)
            start = i
    caption_keys = set()
    for i, key in enumerate(keys):
        if reasons[i] is not None or count_words(key) > 60:
            continue
        credited = counts[key] >= 2 and _CREDIT_RE.search(lines[i])
        if credited or key in runs:
            caption_keys.add(key)
            reasons[i] = (f"photo caption repeated {counts[key]}×" if credited else
                          f"line repeated {counts[key]}× in a row (caption or widget)")
    for i, key in enumerate(keys):
        if (reasons[i] is None and len(key) >= 15
                and any(key in cap for cap in caption_keys)):
            reasons[i] = "part of a repeated photo caption"

    if corpus_repeats:
        for i, key in enumerate(keys):
            if reasons[i] is None and key in corpus_repeats:
                reasons[i] = (f"repeated in {corpus_repeats[key]} articles of the corpus "
                              "(site furniture)")

    title = _header_block(lines, keys, reasons, outlet=outlet, title=title)

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
            title_at = next((i for i in candidates if count_words(lines[i]) >= 4),
                            candidates[0])
            title, reasons[title_at] = lines[title_at], TITLE_REASON
    outlet_key = line_key(outlet) if outlet else None
    for i in head:
        if reasons[i] is not None:
            continue
        if _BYLINE_RE.match(lines[i]) and count_words(lines[i]) <= 8:
            reasons[i] = "byline (page header)"
            continue
        # Labels are one to three words; a line ending in ":" introduces what follows.
        if count_words(lines[i]) > 3 or lines[i].endswith(_TERMINAL + (":",)):
            continue
        if outlet_key and keys[i] == outlet_key:
            reasons[i] = "site name (page header)"
        elif title_at is not None and i > title_at:
            reasons[i] = "short label after the title (photo caption or kicker)"
        else:
            reasons[i] = "site name or section label (page header)"
    return title or ""


def extract_html(data: bytes) -> dict:
    """Main text (trafilatura), title, date and the page's own metadata of a saved page.

    Returns a dict: ``raw_text`` (every visible line of the page), ``clean_from`` (the
    article text trafilatura found, to be cleaned further by :func:`clean_article`),
    ``pre_removed`` (the visible lines outside it, with reasons, so they are listed and
    not lost), ``title``, ``published``, ``url``, ``outlet`` (only from the page's
    explicit ``og:site_name``), ``domain``. Raises ``ValueError`` when the page has no
    article text.

    >>> page = b"<html><body><nav>Home | World</nav><article><p>" + b"Minsk said the drills were defensive. " * 5 + b"</p></article></body></html>"
    >>> d = extract_html(page)
    >>> d["pre_removed"], d["outlet"]
    ([{'text': 'Home | World', 'reason': 'outside the article text (HTML extraction)'}], '')
    """
    import lxml.html
    import trafilatura

    doc = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False,
                                      include_tables=True)
    if doc is None or not (doc.text or "").strip():
        raise ValueError("no article text found in the HTML page")
    tree = lxml.html.fromstring(data)
    # The outlet only from the page's explicit site-name metadata: trafilatura falls back
    # to the host name, and an outlet must never be invented.
    site = tree.xpath("//meta[@property='og:site_name' or @name='application-name']/@content")
    for bad in tree.xpath("//script|//style|//noscript|//template|//head|//form"):
        bad.drop_tree()
    blocks = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "header",
              "footer", "nav", "section", "article", "aside", "figure", "figcaption",
              "blockquote", "tr", "br", "main", "time", "table", "dd", "dt"}
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag.lower() in blocks:
            el.tail = "\n" + (el.tail or "")
            el.text = "\n" + (el.text or "")
    page_lines = [ln.strip() for ln in tree.text_content().split("\n")]
    page_lines = [ln for ln in page_lines if line_key(ln)]
    kept = {line_key(ln) for ln in doc.text.split("\n")}
    kept_text = line_key(" ".join(doc.text.split("\n")))
    title = (doc.title or "").strip()
    pre = []
    for ln in page_lines:
        key = line_key(ln)
        if key in kept or key in kept_text:
            continue
        if title and key == line_key(title):
            reason = "title line (moved to title)"
        else:
            kind = furniture_reason(ln)
            reason = "outside the article text (HTML extraction)" + (f": {kind}" if kind else "")
        pre.append({"text": ln, "reason": reason})
    url = (doc.url or "").strip()
    return {"raw_text": "\n".join(page_lines), "clean_from": doc.text, "pre_removed": pre,
            "title": title, "published": (doc.date or "").strip(), "url": url,
            "outlet": site[0].strip() if site else "",
            "domain": (doc.hostname or "") if url else ""}


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
                       if k and count_words(k) <= max_words})
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
