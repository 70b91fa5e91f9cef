"""Render the report and handout templates to self-contained HTML.

Figures are embedded as PNG data URIs of ~1400 px (about 200 dpi in print; no
network);
the stylesheet is inlined; the only script is a few lines for tap-to-open notes.
jinja2 runs with autoescape on, so every article text and metadata value is escaped
unless it went through :func:`framing.report.highlight.highlight`, which escapes it.

Examples
--------
>>> from framing.report.html import environment
>>> environment().from_string("{{ x }}").render(x="<script>")
'&lt;script&gt;'
"""
from __future__ import annotations

import base64
import io
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

__all__ = ["environment", "render", "figures", "FIGURES"]

TEMPLATES = Path(__file__).with_name("templates")

# (key, plots function, title, caption) — captions say how to read and what not to
# read into each figure; the uncertainty is drawn by framing.plots.
FIGURES = [
    ("device_heatmap", "device_heatmap", "Devices per 1,000 words, by outlet",
     "Each cell is how often an outlet used a device per 1,000 words of its own text. "
     "The attribution-verb columns count every verb that introduces speech, plain ones "
     "like \u201csaid\u201d included (thin grey dotted line in the text). Outlets with one "
     "article show one writer's choices, not a pattern."),
    ("source_balance", "source_balance", "Whose voices each outlet quotes",
     "Share of quotations by speaker group. A bar from two quotes is not a policy."),
    ("actor_sentiment", "actor_sentiment_plot", "Tone of sentences that name each actor",
     "Mean VADER tone (\u22121 negative to +1 positive) with its interval; wide "
     "intervals mean few sentences. Tone measures wording, not truth."),
    ("distinctive_words", "distinctive_words", "Words that set each outlet apart",
     "Log-odds with an informative prior: words an outlet uses more than the others. "
     "With a handful of articles these are mostly topic words."),
]


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The jinja2 environment of the report templates (autoescape always on)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # the stylesheet (our file, no data) is inlined with |safe
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    return env


def render(template: str, context: dict[str, Any]) -> str:
    """Render ``template`` (a file in ``templates/``) with ``context``."""
    return environment().get_template(template).render(**context)


# Pixel width of embedded figures: ~200 dpi at the 180 mm print width of A4, and
# sharp on a high-density screen. PNG rather than SVG because WeasyPrint takes 10-20x
# longer to lay out matplotlib's SVG (every glyph a path) for no visible gain.
FIGURE_PX = 1400


def _png_uri(fig) -> str:
    import matplotlib.pyplot as plt

    width_in = float(fig.get_size_inches()[0]) or 8.0
    buf = io.BytesIO()
    # No bbox_inches="tight": it draws the figure twice; plots.py lays figures out.
    fig.savefig(buf, format="png", dpi=max(100.0, FIGURE_PX / width_in),
                metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def figures(comparison, events: list[str] | None = None) -> tuple[list[dict], list[str]]:
    """Draw the comparison figures; returns ``(figures, problems)``.

    A figure that cannot be drawn (empty table, plots module missing) is listed in
    ``problems`` with its reason, so the report can say so instead of hiding it.
    ``events`` adds a coverage matrix per event; the report leaves them out because
    its side-by-side tables show the same facts with their full wording.
    """
    out: list[dict] = []
    problems: list[str] = []
    if comparison is None:
        return out, ["no comparison available"]
    try:
        import matplotlib

        matplotlib.use("Agg")
        from .. import plots
    except Exception as exc:  # noqa: BLE001 - reported in the document
        return out, [f"figures unavailable: {exc}"]
    jobs = [(key, fn, title, cap, ()) for key, fn, title, cap in FIGURES]
    for i, ev in enumerate(events or []):
        jobs.append((f"coverage_{i}", "coverage_matrix", f"What each outlet reports: {ev}",
                     "Each row is a fact or claim found in at least one article of the "
                     "event; a gap means the outlet does not report it.", (ev,)))
    for key, fn, title, cap, args in jobs:
        try:
            fig = getattr(plots, fn)(comparison, *args)
            out.append({"key": key, "title": title, "caption": cap, "src": _png_uri(fig)})
        except Exception as exc:  # noqa: BLE001 - one bad figure must not sink the report
            problems.append(f"{title}: not drawn ({type(exc).__name__}: {exc})")
    return out, problems


def inline_css(name: str = "report.css") -> str:
    """The stylesheet text (inlined into every page)."""
    return (TEMPLATES / name).read_text(encoding="utf-8")
