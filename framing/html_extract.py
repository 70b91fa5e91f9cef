"""Extract the article from a saved HTML page, and list what was left out.

:func:`extract_html` runs trafilatura for the main text, title and date, reads the
outlet only from the page's explicit site-name metadata, and lists every visible line
of the page outside the article text with a reason (named furniture when
:func:`framing.furniture.furniture_reason` knows it), so nothing leaves the page
silently. The article text is then cleaned like any text by
:func:`framing.clean.clean_article`.
"""
from __future__ import annotations

from .furniture import furniture_reason, line_key

__all__ = ["extract_html"]


def extract_html(data: bytes) -> dict:
    """Main text (trafilatura), title, date and the page's own metadata of a saved page.

    Returns a dict: ``raw_text`` (every visible line of the page), ``clean_from`` (the
    article text trafilatura found, to be cleaned further by
    :func:`~framing.clean.clean_article`),
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
