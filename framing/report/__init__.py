"""Reports for readers and classes: ``report.html``/``.pdf`` and ``handout.html``/``.pdf``.

Examples
--------
>>> import framing
>>> scores = framing.score(framing.load_corpus("seeds"))                  # doctest: +SKIP
>>> framing.report(scores, "reports/seeds")                               # doctest: +SKIP
[PosixPath('reports/seeds/report.html'), PosixPath('reports/seeds/report.pdf'),
 PosixPath('reports/seeds/handout.html'), PosixPath('reports/seeds/handout.pdf')]
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Iterable

__all__ = ["report", "render_all"]


def render_all(scores, comparison=None, *, event: str | None = None,
               title: str | None = None, formats: Iterable[str] = ("html", "pdf"),
               timings: dict | None = None) -> dict[str, str]:
    """Render the documents as strings: ``{"report.html": ..., "report.pdf.html": ...}``.

    ``*.pdf.html`` are the print versions that :func:`framing.report.pdf.write_pdf`
    turns into PDF (footnotes instead of hover notes).
    """
    from .context import build_context
    from .handout import handout_context
    from .html import figures, inline_css, render

    timings = {} if timings is None else timings
    t0 = time.perf_counter()
    events = sorted({str(e) for e in comparison.coverage["event"]}) if (
        comparison is not None and getattr(comparison, "coverage", None) is not None
        and len(comparison.coverage)) else []
    figs, problems = figures(comparison, events)
    timings["figures"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    css = inline_css()
    out = {}
    for pdf in (False, True):
        if pdf and "pdf" not in formats or not pdf and "html" not in formats:
            continue
        suffix = ".pdf.html" if pdf else ".html"
        ctx = build_context(scores, comparison, title=title, figures=figs, pdf=pdf)
        ctx.update(css=css, figure_problems=problems)
        out["report" + suffix] = render("report.html", ctx)
        hctx = handout_context(scores, comparison, event=event, pdf=pdf)
        hctx.update(css=css)
        out["handout" + suffix] = render("handout.html", hctx)
    timings["html"] = time.perf_counter() - t0
    return out


def report(scores, out_dir, formats: Iterable[str] = ("html", "pdf"), *,
           event: str | None = None, title: str | None = None, comparison=None,
           timings: dict | None = None) -> list[Path]:
    """Write ``report.html``, ``report.pdf``, ``handout.html`` and ``handout.pdf``.

    Parameters
    ----------
    scores : framing.Scores
        From :func:`framing.score`.
    out_dir : str or Path
        Created if missing.
    formats : iterable of {"html", "pdf"}
    event : str, optional
        Event for the classroom handout (default: the one with the most outlets).
    title : str, optional
        Report title.
    comparison : framing.Comparison, optional
        Computed with :func:`framing.compare` when not given.
    timings : dict, optional
        Filled with seconds per stage (``compare, figures, html, pdf``).

    Returns
    -------
    list of Path
        The files written, in the order report.html, report.pdf, handout.html,
        handout.pdf (those of the requested formats).

    Examples
    --------
    >>> framing.report(scores, "out", formats=("html",))                  # doctest: +SKIP
    [PosixPath('out/report.html'), PosixPath('out/handout.html')]
    """
    formats = tuple(formats)
    unknown = set(formats) - {"html", "pdf"}
    if unknown:
        raise ValueError(f"unknown format(s) {sorted(unknown)}; use 'html' and/or 'pdf'")
    timings = {} if timings is None else timings
    if comparison is None:
        from ..compare import compare

        t0 = time.perf_counter()
        comparison = compare(scores)
        timings["compare"] = time.perf_counter() - t0
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    docs = render_all(scores, comparison, event=event, title=title, formats=formats,
                      timings=timings)
    written: list[Path] = []
    t_pdf = 0.0
    for name in ("report", "handout"):
        if "html" in formats:
            path = out / f"{name}.html"
            path.write_text(docs[f"{name}.html"], encoding="utf-8")
            written.append(path)
        if "pdf" in formats:
            from .pdf import write_pdf

            t0 = time.perf_counter()
            written.append(write_pdf(docs[f"{name}.pdf.html"], out / f"{name}.pdf"))
            t_pdf += time.perf_counter() - t0
    timings["pdf"] = t_pdf
    return written
