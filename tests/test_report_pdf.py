"""report.pdf and handout.pdf: every page rendered with pdftoppm, none blank, every
outlet named, page numbers "page X of Y", notes as footnotes, article text escaped.

Ink is measured on greyscale PGM renders (parsed here, so PIL is not needed).
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import framing

XSS_DIR = Path(__file__).parent / "fixtures" / "report" / "xss"
pytestmark = pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
                                reason="poppler-utils (pdftoppm, pdftotext) not installed")


@pytest.fixture(scope="module")
def seeds_pdfs(seeds_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf_seeds")
    scores = framing.score(framing.load_corpus(seeds_dir))
    paths = framing.report(scores, out)
    assert [p.name for p in paths] == ["report.html", "report.pdf", "handout.html",
                                       "handout.pdf"]
    return scores, out


def _pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def _ink(pgm: Path) -> float:
    """Share of pixels darker than near-white in a binary PGM (P5) file."""
    data = pgm.read_bytes()
    parts = data.split(maxsplit=4)          # P5, width, height, maxval, pixels
    assert parts[0] == b"P5"
    w, h = int(parts[1]), int(parts[2])
    pixels = parts[4][: w * h]
    return sum(1 for v in pixels if v < 200) / (w * h)


def _render(pdf: Path, out: Path) -> list[Path]:
    out.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "40", "-gray", str(pdf), str(out / "p")], check=True)
    return sorted(out.glob("p-*.pgm"))


@pytest.mark.parametrize("name", ["report.pdf", "handout.pdf"])
def test_pages_are_not_blank_and_numbered(seeds_pdfs, tmp_path, name):
    scores, out = seeds_pdfs
    pdf = out / name
    pages = _render(pdf, tmp_path / "pages")
    texts = _pages_text(pdf)
    assert len(pages) == len(texts) >= 2
    for i, (png, text) in enumerate(zip(pages, texts), 1):
        assert _ink(png) > 0.004, f"{name} page {i} looks blank"
        assert f"page {i} of {len(pages)}" in text, f"{name} page {i} has no page number"
    # A4 portrait
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout \
        if shutil.which("pdfinfo") else "Page size: 595.276 x 841.89 pts"
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+", info)


def test_report_pdf_names_every_outlet_and_has_footnotes(seeds_pdfs):
    scores, out = seeds_pdfs
    text = "\n".join(_pages_text(out / "report.pdf"))
    flat = " ".join(text.split())
    for outlet in scores.articles["outlet"].unique():
        assert outlet in flat, outlet
    # hover notes become footnotes: numbered, with the device explanation
    assert re.search(r"\b1\. \u201c\w", flat)
    assert flat.count("Whose words:") > 40
    assert "single article \u2014 not a pattern" in flat
    assert "Appendix A: what was removed" in flat
    # footnotes stay near their text: no page made only of footnotes at the end
    last = _pages_text(out / "report.pdf")[-1]
    assert "Lexicon sources" in " ".join(last.split()) or "Appendix B" in last


def test_handout_pdf_has_questions_worksheet_and_key(seeds_pdfs):
    scores, out = seeds_pdfs
    flat = " ".join("\n".join(_pages_text(out / "handout.pdf")).split())
    for part in ("Glossary of the devices found", "Discussion questions", "Worksheet",
                 "Answer key", "Notes on the highlighted words"):
        assert part in flat
    for outlet in ("Al Mayadeen English", "Channels TV"):   # the default event's outlets
        assert outlet in flat


def test_xss_pdf_shows_the_tags_as_text(tmp_path):
    scores = framing.score(framing.load_corpus(XSS_DIR))
    framing.report(scores, tmp_path, formats=("pdf",))
    for name in ("report.pdf", "handout.pdf"):
        flat = " ".join("\n".join(_pages_text(tmp_path / name)).split())
        assert "<script>alert(1)</script>" in flat, name
        assert "<img src=x onerror=alert(1)>" in flat, name
