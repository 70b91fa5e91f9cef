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

import multiprocessing as mp
import time
from pathlib import Path
from typing import Iterable

__all__ = ["report", "render_report", "render_handout"]


def render_report(scores, comparison=None, *, title: str | None = None, pdf: bool = False,
                  figures: tuple[list, list] | None = None) -> str:
    """``report.html`` as a string (``pdf=True``: the print variant, with footnotes)."""
    from .context import build_context
    from .html import figures as draw, inline_css, render

    figs, problems = figures if figures is not None else draw(comparison)
    ctx = build_context(scores, comparison, title=title, figures=figs, pdf=pdf)
    ctx.update(css=inline_css(), figure_problems=problems)
    return render("report.html", ctx)


def render_handout(scores, comparison=None, *, event: str | None = None,
                   pdf: bool = False) -> str:
    """``handout.html`` as a string (``pdf=True``: the print variant)."""
    from .handout import handout_context
    from .html import inline_css, render

    ctx = handout_context(scores, comparison, event=event, pdf=pdf)
    ctx.update(css=inline_css())
    return render("handout.html", ctx)


def _handout_files(scores, comparison, out: Path, formats, event) -> tuple[list[Path], float]:
    t0 = time.perf_counter()
    paths = []
    if "html" in formats:
        path = out / "handout.html"
        path.write_text(render_handout(scores, comparison, event=event), encoding="utf-8")
        paths.append(path)
    if "pdf" in formats:
        from .pdf import write_pdf

        paths.append(write_pdf(render_handout(scores, comparison, event=event, pdf=True),
                               out / "handout.pdf"))
    return paths, time.perf_counter() - t0


def _child(conn, *args) -> None:  # pragma: no cover - runs in a forked process
    try:
        conn.send(("ok", _handout_files(*args)))
    except BaseException as exc:  # noqa: BLE001 - sent back and re-raised in the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def report(scores, out_dir, formats: Iterable[str] = ("html", "pdf"), *,
           event: str | None = None, title: str | None = None, comparison=None,
           timings: dict | None = None, parallel: bool = True) -> list[Path]:
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
        Filled with wall-clock seconds per stage (``compare, figures, html, pdf,
        handout``).
    parallel : bool
        Write the handout in a forked process while the report is written (the two
        PDFs are independent; WeasyPrint is single-threaded). Ignored where ``fork``
        is not available.

    Returns
    -------
    list of Path
        The files written: report.html, report.pdf, handout.html, handout.pdf (those
        of the requested formats, in this order).

    Raises
    ------
    ValueError
        For an unknown format or an ``event`` that is not in the corpus.

    Examples
    --------
    >>> framing.report(scores, "out", formats=("html",))                  # doctest: +SKIP
    [PosixPath('out/report.html'), PosixPath('out/handout.html')]
    """
    from .handout import choose_event
    from .html import figures

    formats = tuple(formats)
    unknown = set(formats) - {"html", "pdf"}
    if unknown or not formats:
        raise ValueError(f"formats must be 'html' and/or 'pdf', got {list(formats)}")
    timings = {} if timings is None else timings
    if comparison is None:
        from ..compare import compare

        t0 = time.perf_counter()
        comparison = compare(scores)
        timings["compare"] = time.perf_counter() - t0
    event = choose_event(scores, comparison, event)  # fail early on a bad --event
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)

    args = (scores, comparison, out, formats, event)
    child = None
    if parallel and "pdf" in formats and "fork" in mp.get_all_start_methods():
        recv, send = mp.get_context("fork").Pipe(duplex=False)
        child = mp.get_context("fork").Process(target=_child, args=(send, *args), daemon=True)
        child.start()
        send.close()

    written: list[Path] = []
    t0 = time.perf_counter()
    figs = figures(comparison)
    timings["figures"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    if "html" in formats:
        path = out / "report.html"
        path.write_text(render_report(scores, comparison, title=title, figures=figs),
                        encoding="utf-8")
        written.append(path)
    timings["html"] = time.perf_counter() - t0
    if "pdf" in formats:
        from .pdf import write_pdf

        t0 = time.perf_counter()
        written.append(write_pdf(render_report(scores, comparison, title=title, pdf=True,
                                               figures=figs), out / "report.pdf"))
        timings["pdf"] = time.perf_counter() - t0

    if child is not None:
        t0 = time.perf_counter()
        status, payload = recv.recv() if recv.poll(600) else ("error", "handout timed out")
        child.join()
        if status != "ok":
            raise RuntimeError(f"writing the handout failed: {payload}")
        paths, timings["handout"] = payload
        timings["handout wait"] = time.perf_counter() - t0
    else:
        paths, timings["handout"] = _handout_files(*args)
    return written + [Path(p) for p in paths]
