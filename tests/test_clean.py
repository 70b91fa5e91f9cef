"""Cleaning: furniture goes (listed with a reason), story sentences stay."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given, settings, strategies as st

from framing import furniture
from framing.clean import (TITLE_REASON, clean_article, clean_text, corpus_repeats,
                           furniture_reason, line_key, removed_lines)
from framing.text import (_ABBREVIATIONS, _NEXT_START_RE, _SENT_END_RE, _is_abbreviation,
                          sentence_spans)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def reasons(removed, fragment):
    return [r["reason"] for r in removed if fragment in r["text"]]


def test_seed_003_furniture_is_removed_and_listed():
    c = clean_article(seed("003"), outlet="Tsarizm")
    r = c.removed
    assert [x["reason"] for x in r if x["text"] == "Tsarizm"] == ["site name (page header)"]
    assert reasons(r, "Eastern Europe") == ["site name or section label (page header)"]
    assert reasons(r, "Russian Fighters") == [
        "short label after the title (photo caption or kicker)"]
    assert reasons(r, "Please Follow us on") == ["social-media follow line"]
    assert reasons(r, "Sign up here") == ["subscription or newsletter plea"]
    assert reasons(r, "Related articles") == ["related-articles header"]
    assert reasons(r, "Russian Ruble Loses Free Convertibility Status") == [
        "related-articles list (teaser title)"]
    assert reasons(r, "Baruch Pletner") == ["related-articles list (byline)"]
    assert reasons(r, "Tsarizm Staff") == ["related-articles list (byline)"] * 2
    assert reasons(r, "Leave a Comment") == ["comments widget"]
    assert reasons(r, "evening newsletter") == ["subscription or newsletter plea"]
    assert c.title == ("Russia Launches 2-Weeks of Joint Aerial Exercises With Belarus "
                       "– West Watches Anxiously")
    assert reasons(r, "West Watches Anxiously") == [TITLE_REASON]
    for gone in ["Follow us", "Related", "Comment", "newsletter", "Staff", "CDM"]:
        assert gone not in c.text


def test_seed_003_story_equals_seed_001():
    """003 republishes 001: after cleaning, the story paragraphs are identical."""
    assert clean_text(seed("003"))[0] == clean_text(seed("001"))[0] == seed("001").strip()


def test_seed_002_furniture_is_removed_and_listed():
    c = clean_article(seed("002"))
    r = c.removed
    assert reasons(r, "×") == ["stray UI glyph"]
    assert c.title == "Russia Begins Joint Military Drills With Belarus"
    assert reasons(r, "Continue reading") == ["teaser ('Continue reading')"]
    caption = "This handout satellite image released by Maxar Technologies"
    assert reasons(r, caption) == ["photo caption repeated 3×"] * 3 + [
        "part of a repeated photo caption"]
    assert [x["reason"] for x in r if x["text"].startswith("Satellite image ©2022")] == [
        "photo credit"]
    assert reasons(r, "READ ALSO") == ["in-text link ('READ ALSO')"]
    assert {"text": "\xa0", "reason": "empty line (only invisible characters)"} in r
    assert "Maxar" not in c.text and "READ ALSO" not in c.text and "×" not in c.text
    # The story: its opening sentence (also in the teaser) and every later paragraph.
    lines = c.text.split("\n")
    assert lines[0] == ("Russia and Belarus launched joint military drills Thursday despite "
                        "concerns in Western countries that Moscow is plotting a major "
                        "escalation of the conflict in Ukraine.")
    assert "Soldiers would practise beefing up sections of the Belarus border" in c.text
    assert lines[-1].startswith("Responding to Western concerns, the Kremlin has insisted")
    assert len(lines) == 7


def test_seed_000_date_prefix_video_link_and_credit():
    c = clean_article(seed("000"))
    assert c.published == "2023-01-17"
    assert c.removed[0] == {"text": "date 2023-01-17", "reason": "date prefix (moved to published)"}
    assert c.text.startswith("As Ukraine’s Dnipro is still reeling under Russia’s deadly")
    assert reasons(c.removed, "Watch | Russia and Belarus") == ["in-text link ('Watch')"]
    assert reasons(c.removed, "With inputs from agencies") == ["credit line"]
    assert c.title == ""  # the first line is story text, not a headline
    assert len(c.removed) == 3


def test_seed_004_keeps_standfirst_and_subheads():
    c = clean_article(seed("004"))
    assert c.title == "Russia, Belarus start joint drills on Belarusian military ranges"
    assert c.removed == [{"text": c.title, "reason": TITLE_REASON}]
    lines = c.text.split("\n")
    assert lines[0].startswith("Russia's Defense Ministry announces joint military drills")
    assert 'White House: Drills are more "escalatory"' in lines
    assert "Lukashenko: Belarus will fight alongside Russia if Ukraine attacks Donbas" in lines


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_removed_line_is_accounted_for(prefix):
    """Cleaned lines + removed lines reproduce the raw text's non-blank lines."""
    raw = seed(prefix)
    c = clean_article(raw)
    removed = "".join(r["text"] for r in c.removed)
    kept = "".join(c.text.split("\n"))
    squash = lambda s: "".join(s.split())  # noqa: E731
    assert len(squash(kept + removed)) == len(squash(raw))


def test_given_title_removes_its_repeat_and_keeps_headline_like_story_lines():
    raw = ("Drills begin in Belarus\nMoscow announced the start of the exercises on "
           "Thursday morning.\nKyiv reaction\nKyiv said the drills were a threat.")
    c = clean_article(raw, title="Drills Begin in Belarus")
    assert c.title == "Drills Begin in Belarus"
    assert c.removed == [{"text": "Drills begin in Belarus",
                          "reason": "title line (repeats the title)"}]
    assert "Kyiv reaction" in c.text.split("\n")  # an in-body subhead stays


def test_no_punctuation_text_is_not_emptied():
    raw = "\n".join(f"Line number {i} of a list without punctuation" for i in range(12))
    assert clean_text(raw)[0] == raw


@pytest.mark.parametrize("line, reason", [
    ("Share this:", "share buttons"),
    ("Share on Facebook Twitter WhatsApp", "share buttons"),
    ("Follow us on Telegram for the latest updates", "social-media follow line"),
    ("Facebook Twitter Telegram", "social-media links"),
    ("Advertisement", "advertisement label"),
    ("Story continues below advertisement", "advertisement label"),
    ("Get our free daily newsletter in your inbox!", "subscription or newsletter plea"),
    ("Support independent journalism: donate today", "subscription or newsletter plea"),
    ("You might also like", "related-articles header"),
    ("Read more: Kremlin denies plans to keep troops in Belarus", "in-text link ('Read more')"),
    ("Reporting by Andrew Osborn; Editing by Alex Richardson", "credit line"),
    ("© 2023 Example Media. All rights reserved.", "copyright notice"),
    ("Tags: Russia, Belarus", "tag list"),
    ("12 Comments", "comments widget"),
    ("•", "stray UI glyph"),
])
def test_furniture_patterns_from_other_sites(line, reason):
    assert furniture_reason(line) == reason


@pytest.mark.parametrize("line", [
    "Russia told its citizens that the drills would continue until February 20.",
    "Users who subscribe to the Telegram channel of the ministry saw the video.",
    "Share prices in Moscow fell after the announcement, Reuters reported.",
    "Follow-up talks are planned for next week, the Kremlin said.",
    "The correspondent added that the exercises were defensive, a source told AFP.",
    "Related talks between Minsk and Moscow stalled in December.",
    "Watch out for escalation, the minister warned reporters on Thursday evening.",
])
def test_story_sentences_are_not_furniture(line):
    assert furniture_reason(line) is None
    assert clean_text("Minsk called the drills defensive in nature, officials said.\n"
                      + line)[0].endswith(line)


def test_lines_repeated_across_an_outlets_pages_are_removed():
    stories = seed("001").strip().split("\n")[:3]
    pages = [s + "\nDownload the Example News app\nMore text follows here, officials said."
             + str(i) for i, s in enumerate(stories)]
    repeats = corpus_repeats(pages)
    assert repeats == {"download the example news app": 3}
    text, removed = clean_text(pages[0], corpus_repeats=repeats)
    assert removed == [{"text": "Download the Example News app",
                        "reason": "repeated in 3 articles of the corpus (site furniture)"}]
    assert stories[0] in text


def test_repeated_story_sentences_stay_but_a_repeated_widget_goes():
    para = "He remains in ICE custody pending prosecution for re-entry after deportation."
    story = "\n".join(["Officials described four arrests on Monday, the agency said.",
                       "A man was arrested in Texas.", para, "Why?", "A man was arrested in Ohio.",
                       para, "Why?", "A woman was arrested in Utah.", para, "Why?"])
    assert clean_text(story) == (story, [])
    poll = "Whom do you consider to be the most corrupt politician?"
    text, removed = clean_text(story + ("\n" + poll) * 3)
    assert text == story
    assert removed == [{"text": poll, "reason": "line repeated 3× in a row (caption or widget)"}] * 3


def test_sentence_per_line_text_keeps_its_punctuation_and_short_title():
    raw = ("Not So Fast\n\nIt is one of the strangest decisions I can recall, he wrote.\n"
           "Why?\n.\n“\nWho can blame them for that?")
    c = clean_article(raw)
    assert c.title == "Not So Fast"
    assert c.text == raw.split("\n\n", 1)[1]


def test_byline_and_labels_in_the_page_header():
    raw = ("NewsCatholic Church\nHungary's Orban calls for global anti-migrant alliance\n"
           "By Marton Dunai\nBUDAPEST, Feb 18 (Reuters) - Hungarian leader Viktor Orban "
           "called on Sunday for a global alliance against migration.")
    c = clean_article(raw)
    assert c.title == "Hungary's Orban calls for global anti-migrant alliance"
    assert [r["reason"] for r in c.removed] == [
        "site name or section label (page header)", TITLE_REASON, "byline (page header)"]
    assert c.text.startswith("BUDAPEST, Feb 18 (Reuters)")


def test_sentences_of_cleaned_text_are_one_per_line_or_more():
    text = clean_text(seed("002"))[0]
    spans = sentence_spans(text)
    assert all("\n" not in text[s:e] for s, e in spans)


def test_removed_lines_table():
    c = clean_article(seed("002"))
    df = pd.DataFrame({"article_id": ["002", "001"],
                       "removed": [json.dumps(c.removed, ensure_ascii=False), "[]"]})
    table = removed_lines(df)
    assert list(table.columns) == ["article_id", "text", "reason", "chars"]
    assert len(table) == len(c.removed) and set(table["article_id"]) == {"002"}
    assert table.loc[table["text"] == "×", "chars"].tolist() == [1]
    assert removed_lines(df.iloc[1:]).empty


def test_real_articles_from_other_sites_lose_no_annotated_sentence(ptc_dir):
    """225 PTC news articles from many sites: no span that annotators marked (story
    text by definition) lies inside a removed line, and known furniture goes."""
    spans = pd.read_csv(ptc_dir / "all_spans.csv")
    removed_all, leaks = [], []
    for path in sorted((ptc_dir / "articles").glob("article*.txt")):
        aid = int(path.stem.removeprefix("article"))
        with open(path, encoding="utf-8", newline="") as f:
            cleaned = clean_article(f.read())
        removed = [r for r in cleaned.removed if r["reason"] != TITLE_REASON]
        removed_all += removed
        for span in spans.loc[spans["article_id"] == aid, "span_text"].astype(str):
            key = line_key(span)
            leaks += [(path.name, span, r["reason"]) for r in removed
                      if len(key) >= 4 and key in line_key(r["text"])]
    assert leaks == []
    texts = {r["text"]: r["reason"] for r in removed_all}
    assert texts["Advertisement"] == "advertisement label"
    assert texts["Subscribe Today!"] == "subscription or newsletter plea"
    assert texts["Whom do you consider to be the most corrupt Democrat Politician?"] == (
        "line repeated 3× in a row (caption or widget)")
    assert texts["(Reporting by Marton Dunai; Editing by Catherine Evans)"] == "credit line"
    assert len(removed_all) < 300  # furniture is rare in this corpus: no mass removal


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85"])
def test_each_line_break_ends_a_line(brk):
    raw = brk.join(["Minsk said the drills were defensive.", "Follow us on Twitter",
                    "Kyiv disagreed."]) + brk
    assert clean_text(raw) == ("Minsk said the drills were defensive.\nKyiv disagreed.",
                               [{"text": "Follow us on Twitter",
                                 "reason": "social-media follow line"}])


def test_separator_controls_do_not_end_a_line():
    """str.splitlines() also breaks at the separators FS, GS and RS; cleaning does not."""
    raw = "Minsk said the drills\x1cwere defensive.\nFollow us on Twitter\nKyiv disagreed."
    assert clean_text(raw)[0] == "Minsk said the drills\x1cwere defensive.\nKyiv disagreed."


# The teaser pattern as first written: no fixed start, so the engine tried it at every
# position of every paragraph. The rule's pattern must find the same lines.
_TEASER_AS_WRITTEN = re.compile(r"(…|\.\.\.|\b)\s*(continue reading|read more|keep reading"
                                r"|read full (story|article)|read the (full|rest of the) "
                                r"(story|article))\b(\W+\w+){0,15}\W*$", re.I)
_FURNITURE_PIECES = st.sampled_from([
    "continue reading", "read more", "keep reading", "read full story", "read full article",
    "read the full story", "read the rest of the article", "Continue Reading", "READ MORE",
    "\u212aeep reading", "ceep reading", "kontinue reading", "ead more", "newsletter",
    "sign up here", "sign-up here", "subscribe now", "subscribe to our", "in your inbox",
    "support independent journalism", "our daily newsletter", "this website uses cookies",
    "enable javascript", "your browser does not support", "©", "(c)", "(C)", "copyright",
    "all rights reserved", "2023", "…", "...", ".", " ", "  ", "\t", "x", "word", "é", "_",
    "-", "’", "1", "»", ":", "ſ", "İ", "ı", "ß", "ﬁ", "Minsk"])


def _mangle(piece: str, how: int) -> str:
    return [piece, piece.upper(), piece.title(), piece.swapcase(),
            piece.replace("i", "ı"), piece.replace("i", "İ"), piece.replace("s", "ſ"),
            piece.replace("k", "\u212a")][how]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.tuples(_FURNITURE_PIECES, st.integers(0, 7)), max_size=14))
def test_furniture_needles_and_teaser_pattern_find_what_the_patterns_find(pieces):
    line = "".join(_mangle(p, how) for p, how in pieces)
    teaser = next(p for p, _, reason, _ in furniture._RULES if reason.startswith("teaser"))
    assert bool(teaser.search(line)) == bool(_TEASER_AS_WRITTEN.search(line))
    # A rule's pattern is searched only when the casefolded line holds a needle.
    key = line.casefold()
    for pattern, _, reason, needles in furniture._RULES:
        if needles is not None and pattern.search(line):
            assert any(needle in key for needle in needles), reason
    if furniture._PLEA_ANYWHERE_RE.search(line):
        assert any(needle in key for needle in furniture._PLEA_NEEDLES)


def test_furniture_needles_letters_casefold_as_ignorecase_matches_them():
    """What makes a needle exact: every character that an IGNORECASE letter of a needle
    matches casefolds to that letter (not so for "i": "İ" and "ı" match it)."""
    needles = furniture._PLEA_NEEDLES + tuple(
        n for _, _, _, needles in furniture._RULES if needles for n in needles)
    everything = "".join(map(chr, range(sys.maxunicode + 1))).encode(
        "utf-8", "surrogatepass").decode("utf-8", "replace")
    for letter in set("".join(needles)):
        matched = set(re.findall(re.escape(letter), everything, re.I))
        assert {c.casefold() for c in matched} == {letter.casefold()}, letter
    assert {c for c in re.findall("i", everything, re.I) if c.casefold() != "i"} == {"İ", "ı"}


def _sentence_spans_as_written(text):
    """sentence_spans as first written: every end, then the next start and the dot."""
    cuts = {0, len(text)} | {i + 1 for i, c in enumerate(text) if c == "\n"}
    for m in _SENT_END_RE.finditer(text):
        if not _NEXT_START_RE.match(text, m.end()):
            continue
        if (text[m.start():m.end()].rstrip("\"”’'»)]") == "."
                and _is_abbreviation_as_written(text, m.start())):
            continue
        cuts.add(m.end())
    bounds = sorted(cuts)
    spans = [(a + len(text[a:b]) - len(text[a:b].lstrip()), a + len(text[a:b].rstrip()))
             for a, b in zip(bounds, bounds[1:])]
    return [(a, b) for a, b in spans if b > a]


def _is_abbreviation_as_written(text, dot):
    # \Z, not $ as first written: $ also matches before a final line break, which made
    # "Mr\n." an abbreviation (the dot after the break ends no token).
    m = re.search(r"([^\W_][\w.]*)\Z", text[max(0, dot - 12):dot])
    if not m:
        return False
    token = m.group(1).lower()
    return token in _ABBREVIATIONS or (len(token) == 1 and text[dot - 1].isupper())


_SENTENCE_PIECES = st.sampled_from(
    list("aAbZ. .!?…\"”’'»)]“‘«([_-\n\t\u00a0xMRU1ÉéЖⅧ") + [
        "Mr", "mrs", "Dr", "U.S", "u.k", "e.g", "approx", "Sept", "no", "St", "said",
        "Kyiv", "abcdefg", "İ", "ı", " ", " ", "...", "?!", "3.5", "A", "G", "\u212a",
        "ΑΣ", "Σ", "ſ", "uK", "dR", "noΣ"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(_SENTENCE_PIECES, max_size=30))
@example(["Mr", "\n", "..."])   # a dot right after a line break (once found by hypothesis)
def test_sentence_spans_and_abbreviations_as_first_written(pieces):
    text = "".join(pieces)
    for dot in (i for i, c in enumerate(text) if c == "."):
        assert _is_abbreviation(text, dot) == _is_abbreviation_as_written(text, dot)
    assert sentence_spans(text) == _sentence_spans_as_written(text)


def test_sentence_spans_as_first_written_on_real_text(seeds_dir, ptc_dir):
    """Real text, where most sentences end as ". The" (sentence_spans' shortcut)."""
    paths = sorted(seeds_dir.glob("*.txt")) + sorted((ptc_dir / "articles").glob("*.txt"))
    assert len(paths) > 200
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert sentence_spans(text) == _sentence_spans_as_written(text), path.name


def test_characters_lowered_to_ascii_are_lowered_alone():
    """What _is_abbreviation's test of the two characters before a dot rests on: a
    character whose lower case is ASCII lowers to one character, so a token lowered
    to an abbreviation ends with two characters lowered to its last two."""
    for code in range(sys.maxunicode + 1):
        low = chr(code).lower()
        assert not low.isascii() or len(low) == 1, hex(code)
    assert not any(("x" + "Σ" * k + y).lower()[1:].isascii() for k in (1, 2) for y in "a ")


def test_abbreviations_and_initials_end_no_sentence():
    t = "Gen. Smith met Alexander G. Lukashenko. He said so. İ. Then Mr. Putin left."
    assert [t[s:e] for s, e in sentence_spans(t)] == [
        "Gen. Smith met Alexander G. Lukashenko.", "He said so.", "İ.",
        "Then Mr. Putin left."]
