"""HTML to PDF with WeasyPrint, for print: A4, "page X of Y", notes as footnotes.

The PDF is rendered from the same templates as the HTML with ``pdf=True`` in the
context, which switches the notes from hover boxes to ``float: footnote`` and
drops the script. Figures are SVG, so they stay sharp.

Examples
--------
>>> write_pdf("<p>hello</p>", "/tmp/hello.pdf")   # doctest: +SKIP
PosixPath('/tmp/hello.pdf')
"""
from __future__ import annotations

import logging
from pathlib import Path

__all__ = ["write_pdf"]


def write_pdf(html: str, path, base_url: str | None = None) -> Path:
    """Write ``html`` as a PDF to ``path``.

    Parameters
    ----------
    html : str
        A complete, self-contained document (no external resources are fetched:
        a url fetcher that refuses everything but ``data:`` guarantees it).
    path : str or Path
    base_url : str, optional
    """
    import weasyprint

    # WeasyPrint logs every unsupported CSS property at WARNING; they are expected
    # (screen-only rules) and would drown real problems in the CLI output.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    path = Path(path)

    # Only data: URIs (the embedded figures) may be read: a link or image URL that
    # slipped into an article can never make the PDF step touch the network.
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols={"data"})
    weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(path)
    return path
