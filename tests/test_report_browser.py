"""report.html and handout.html as a reader sees them: headless Chromium via Playwright.

Skips only when /usr/bin/chromium is missing (CI installs it). Each page is opened
from file://, every request is recorded (only file:// and data: are allowed), the
console must stay free of errors, hovering a highlight must show its note, and a
screenshot is written to tmp_path.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import framing

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
XSS_DIR = Path(__file__).parent / "fixtures" / "report" / "xss"

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason=f"{CHROMIUM} not installed (apt install chromium)")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def seeds_out(seeds_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("browser_seeds")
    framing.report(framing.score(framing.load_corpus(seeds_dir)), out, formats=("html",))
    return out


@pytest.fixture(scope="module")
def xss_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser_xss")
    framing.report(framing.score(framing.load_corpus(XSS_DIR)), out, formats=("html",))
    return out


def _open(browser, path: Path, width: int = 1200):
    page = browser.new_page(viewport={"width": width, "height": 900})
    log = {"requests": [], "errors": [], "dialogs": []}
    page.on("request", lambda r: log["requests"].append(r.url))
    page.on("console", lambda m: log["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log["errors"].append(str(e)))

    def on_dialog(d):
        log["dialogs"].append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_timeout(150)
    return page, log


def _assert_offline_and_clean(log):
    foreign = [u for u in log["requests"] if not u.startswith(("file://", "data:"))]
    assert not foreign, f"network requests: {foreign}"
    assert not log["errors"], f"console errors: {log['errors']}"
    assert not log["dialogs"], f"dialogs fired: {log['dialogs']}"


def _hover_shows_note(page, selector: str):
    mark = page.locator(selector).first
    note = mark.locator(":scope > .note")
    assert note.count() == 1
    assert not note.is_visible()
    mark.scroll_into_view_if_needed()
    mark.hover()
    assert note.is_visible(), "hovering a highlight did not show its note"
    box = note.bounding_box()
    assert box and box["width"] > 150 and box["height"] > 30
    text = note.inner_text()
    assert "Why it matters" in text and "Whose words" in text
    # the note stays inside the window (the script moves it left if needed)
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"] + 1
    return text


def test_report_in_chromium(browser, seeds_out, tmp_path):
    page, log = _open(browser, seeds_out / "report.html")
    marks = page.locator("#articles mark.dev:not(.sample):not(.cont)")
    assert marks.count() > 40
    assert page.locator("#articles mark.dev .note").count() > 40
    assert page.locator("#articles mark.dev.v-author").count() > 10
    assert page.locator("#articles mark.dev.v-quoted").count() > 5
    assert page.locator("#articles .quote sup.who").count() > 5
    for outlet in ("WION", "Armed Forces Press", "Channels TV", "Tsarizm", "Al Mayadeen English"):
        assert page.get_by_text(outlet).count() > 0
    # every figure decoded (naturalWidth > 0): embedded, nothing fetched
    widths = page.eval_on_selector_all("figure img", "els => els.map(e => e.naturalWidth)")
    assert widths and all(w > 300 for w in widths)
    text = _hover_shows_note(page, "#articles .body mark.dev.v-author.d-loaded-term:not(.cont)")
    assert "the outlet's own words" in text
    page.screenshot(path=str(tmp_path / "report_hover.png"))
    # a quoted device says who said it
    text = _hover_shows_note(page, "#articles .body mark.dev.v-quoted.d-euphemism:not(.cont)")
    assert "quoted \u2014" in text
    # tap / keyboard: focus opens the note too
    page.mouse.move(0, 0)
    mark = page.locator("#articles .body mark.dev.d-hedge:not(.cont)").first
    mark.focus()
    assert mark.locator(":scope > .note").is_visible()
    # side-by-side switch lays the event's articles out in columns
    page.locator(".side-toggle").first.check()
    assert page.locator(".event.side-by-side").count() == 1
    page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
    _assert_offline_and_clean(log)
    page.close()


def test_handout_in_chromium(browser, seeds_out, tmp_path):
    page, log = _open(browser, seeds_out / "handout.html")
    assert page.locator("#h-side mark.dev .note").count() > 10
    assert page.locator("#h-worksheet mark").count() == 0
    assert page.locator("#h-questions li").count() >= 1
    assert page.locator("#h-key li").count() == page.locator("#h-questions li").count()
    cols = page.locator("#h-side td.col")
    assert cols.count() == 2
    a, b = cols.nth(0).bounding_box(), cols.nth(1).bounding_box()
    assert abs(a["y"] - b["y"]) < 5 and b["x"] > a["x"] + a["width"] - 1   # side by side
    _hover_shows_note(page, "#h-side .body mark.dev.v-author:not(.cont)")
    page.screenshot(path=str(tmp_path / "handout_hover.png"))
    _assert_offline_and_clean(log)
    page.close()


def test_narrow_screen_keeps_notes_on_screen(browser, seeds_out, tmp_path):
    page, log = _open(browser, seeds_out / "handout.html", width=390)
    _hover_shows_note(page, "#h-side .body mark.dev.v-author:not(.cont)")
    page.screenshot(path=str(tmp_path / "handout_phone.png"))
    _assert_offline_and_clean(log)
    page.close()


@pytest.mark.parametrize("name", ["report.html", "handout.html"])
def test_xss_shows_as_text_in_chromium(browser, xss_out, tmp_path, name):
    page, log = _open(browser, xss_out / name)
    body = page.inner_text("body")
    assert "<script>alert(1)</script>" in body
    assert "<img src=x onerror=alert(1)>" in body
    # no element came from the article: one script (ours), no <img src=x>
    assert page.locator("script").count() == 1
    assert page.locator("img[src='x']").count() == 0
    page.screenshot(path=str(tmp_path / f"xss_{name}.png"))
    _assert_offline_and_clean(log)
    page.close()
