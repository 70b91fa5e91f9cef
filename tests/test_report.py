"""framing.report: the highlighter, the context, the HTML files and the handout questions.

Fast tests (no browser, no PDF). What a reader sees in Chromium is checked in
test_report_browser.py, the print version in test_report_pdf.py.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import framing
from framing.report.highlight import highlight, paragraph_index

XSS_DIR = Path(__file__).parent / "fixtures" / "report" / "xss"
XSS_BITS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")


@pytest.fixture(scope="module")
def seeds_scores(seeds_dir):
    return framing.score(framing.load_corpus(seeds_dir))


@pytest.fixture(scope="module")
def seeds_comparison(seeds_scores):
    return framing.compare(seeds_scores)


@pytest.fixture(scope="module")
def seeds_html(seeds_scores, seeds_comparison, tmp_path_factory):
    out = tmp_path_factory.mktemp("report_html")
    paths = framing.report(seeds_scores, out, formats=("html",), comparison=seeds_comparison)
    return {p.name: p.read_text(encoding="utf-8") for p in paths}


class _Balance(HTMLParser):
    """Checks that tags nest properly and collects the visible text without notes."""

    VOID = {"br", "img", "meta", "input", "hr", "link"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.text, self.skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        cls = dict(attrs).get("class", "") or ""
        note = "note" in cls.split() or "who" in cls.split()
        self.stack.append((tag, note))
        self.skip += note

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.skip -= self.stack.pop()[1]

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)


def _span(start, end, text, device="loaded term", voice="author", **kw):
    return {"start": start, "end": end, "text": text, "device": device, "category": "x",
            "entry": text, "explanation": "Why.", "neutral": kw.get("neutral", ""),
            "voice": voice, "speaker": kw.get("speaker", ""), "speaker_group": "",
            "quiet": kw.get("quiet", False)}


def test_highlight_escapes_and_keeps_the_text():
    text = 'A <script>alert(1)</script> deadly "invade" & more\n\nSecond <b>para</b>.'
    s = text.index("deadly")
    inv = text.index("invade")
    spans = [_span(s, s + 6, "deadly", neutral="fatal"),
             _span(s, inv + 6, text[s:inv + 6], device="hedge"),       # contains the next
             _span(inv, inv + 6, "invade", device="scare quote")]
    html = str(highlight(text, spans))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html and "&lt;b&gt;" in html
    parser = _Balance()
    parser.feed(html)
    assert not parser.stack
    # Without the notes, the paragraphs read exactly as the article text.
    assert "".join(parser.text).replace("\n", "") == text.replace("\n\n", "")
    assert html.count('class="note"') == 3
    assert html.count("<p>") == 2
    assert "Neutral alternative: \u201cfatal\u201d" in html


def test_highlight_crossing_spans_nest_and_keep_one_note_each():
    text = "alpha beta gamma delta"
    spans = [_span(0, 10, "alpha beta"), _span(6, 16, "beta gamma", device="hedge")]
    html = str(highlight(text, spans))
    parser = _Balance()
    parser.feed(html)
    assert not parser.stack and "".join(parser.text) == text
    assert html.count('class="note"') == 2
    assert html.count(" cont") == 1          # the crossing span continues in a 2nd piece


def test_highlight_print_notes_sit_outside_marks_and_quiet_verbs_have_none():
    text = "He said it was deadly."
    spans = [_span(3, 7, "said", device="attribution verb", quiet=True),
             _span(15, 21, "deadly")]
    html = str(highlight(text, spans, brief=True))
    assert html.count('class="note"') == 1
    assert re.search(r"</mark><span class=\"note\"", html)
    assert "n-what" not in html                       # brief: legend says what it is
    assert 'class="dev d-attribution-verb v-author quiet"' in html


def test_quote_marks_belong_to_the_quotation():
    text = 'Minsk called it \u201ccommon cause\u201d with Russia.'
    q = {"start": text.index("common"), "end": text.index("\u201d"), "speaker": "Lukashenko"}
    html = str(highlight(text, [], [q]))
    assert '<span class="quote" data-speaker="Lukashenko">\u201ccommon cause\u201d' in html
    assert '<sup class="who">Lukashenko</sup>' in html


def test_paragraph_index_matches_highlight_paragraphs():
    text = "one\n\ntwo\nthree"
    assert [paragraph_index(text, text.index(w)) for w in ("one", "two", "three")] == [1, 2, 3]
    assert str(highlight(text, marks=False)).count("<p>") == 3


def test_report_html_has_every_article_outlet_and_highlight(seeds_scores, seeds_html):
    html = seeds_html["report.html"]
    for outlet in seeds_scores.articles["outlet"]:
        assert outlet in html
    # Every span of every article is marked (the syndicated copy in a <details>).
    assert len(re.findall(r'<mark class="dev[^"]*" tabindex="0" data-note=', html)) \
        == len(seeds_scores.spans)
    assert "single article \u2014 not a pattern" in html
    assert "Appendix A: what was removed" in html and "Continue reading" in html
    assert "Lexicon sources" in html
    assert re.search(r"<img [^>]*src=\"data:image/png;base64,", html)
    assert not re.search(r"<(img|script|link)[^>]+(src|href)=\"https?:", html)


def test_overview_numbers_trace_to_the_marks(seeds_html):
    html = seeds_html["report.html"]
    m = re.search(r"We highlighted (\d+) framing devices: (\d+) in the outlets' own words "
                  r"and (\d+) inside quotations", html)
    assert m and int(m[1]) == int(m[2]) + int(m[3])
    # The counted devices are the non-quiet marks outside the copy's <details>.
    body = re.sub(r"<details>.*?</details>", "", html.split('id="articles"')[1], flags=re.S)
    marks = re.findall(r'<mark class="dev ([^"]*)" tabindex', body)
    counted = [c for c in marks if "quiet" not in c.split()]
    assert len(counted) == int(m[1])
    assert sum("v-author" in c for c in counted) == int(m[2])


def test_handout_questions_come_from_the_spans(seeds_scores, seeds_comparison, seeds_html):
    from framing.report.handout import choose_event, handout_context

    event = choose_event(seeds_scores, seeds_comparison)
    # Both events have two independent outlets (Tsarizm only copies Armed Forces Press);
    # the 2022 one has more highlighted wording in the outlets' own voice.
    assert event.startswith("2022-02")
    assert choose_event(seeds_scores, seeds_comparison,
                        event="2023-01 Russia-Belarus joint air force drills").startswith("2023")
    ctx = handout_context(seeds_scores, seeds_comparison)
    assert ctx["questions"], "the seeds support at least one question"
    outlets = set(seeds_scores.articles["outlet"])
    for q in ctx["questions"]:
        assert any(o in q["text"] for o in outlets)
        for ev in q["evidence"]:
            # the bolded words are in the article at that paragraph
            word = re.search(r"<b>(.*?)</b>", str(ev["sentence"]))[1]
            assert word in seeds_scores.articles.loc[
                seeds_scores.articles["outlet"] == ev["outlet"], "text"].iloc[0]
    other = handout_context(seeds_scores, seeds_comparison,
                            event="2022-02 Allied Resolve 2022 joint drills")
    kinds = {q["kind"] for q in other["questions"]}
    assert "hedge" in kinds                        # Al Mayadeen: allegedly "invade"
    texts = " ".join(q["text"] for q in other["questions"])
    assert "invade" in texts
    html = seeds_html["handout.html"]
    for part in ("Worksheet", "Answer key", "Glossary", "Discussion questions"):
        assert part in html
    worksheet = html.split('id="h-worksheet"')[1].split('id="h-key"')[0]
    assert "<mark" not in worksheet                 # the worksheet has no highlights


def test_bad_event_and_format_are_refused(seeds_scores, seeds_comparison, tmp_path):
    with pytest.raises(ValueError, match="no event"):
        framing.report(seeds_scores, tmp_path, formats=("html",), event="nope",
                       comparison=seeds_comparison)
    with pytest.raises(ValueError, match="formats"):
        framing.report(seeds_scores, tmp_path, formats=("docx",), comparison=seeds_comparison)


def test_xss_is_text_in_the_html(tmp_path):
    scores = framing.score(framing.load_corpus(XSS_DIR))
    paths = framing.report(scores, tmp_path, formats=("html",))
    assert [p.name for p in paths] == ["report.html", "handout.html"]
    for path in paths:
        raw = path.read_text(encoding="utf-8")
        for bit in XSS_BITS:
            assert bit not in raw, f"{path.name}: {bit} unescaped"
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
        assert "&lt;img src=x onerror=alert(1)&gt;" in raw
        # the only script is ours, at the end
        assert raw.count("<script") == 1


def test_cli_report_writes_html(seeds_dir, tmp_path, capsys):
    from framing.cli import main

    assert main(["report", str(seeds_dir), "--out", str(tmp_path), "--formats", "html",
                 "-q"]) == 0
    assert {p.name for p in tmp_path.iterdir()} == {"report.html", "handout.html"}
    assert "report.html" in capsys.readouterr().out
