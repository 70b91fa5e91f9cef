"""What every figure of :mod:`framing.plots` shares: palette, labels, warning boxes."""
from __future__ import annotations

import textwrap

import pandas as pd

# Okabe & Ito (2008): distinguishable under the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
             "#F0E442", "#000000"]
HATCHES = ["", "//", "..", "xx", "\\\\", "oo", "--", "++"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
SEQUENTIAL = "cividis"
_WARN_BOX = dict(boxstyle="round,pad=0.4", facecolor="#FFF3C4", edgecolor="#000000",
                 linewidth=0.8)

def _plt():
    import matplotlib.pyplot as plt

    return plt


def _label(outlet: str, n: int) -> str:
    return f"{outlet} (n={n})"


def _warning_text(small: pd.DataFrame, min_articles) -> str:
    """One or two lines naming the outlets whose figures rest on too few articles."""
    if small.empty:
        return ""
    single = sorted(small.loc[small["n_articles"] <= 1, "outlet"].unique())
    few = small[small["n_articles"] > 1].drop_duplicates("outlet")
    parts = []
    if single:
        parts.append("\u26a0 Single-article profile \u2014 not a pattern: "
                     + ", ".join(single))
    if len(few):
        parts.append(f"\u26a0 Small sample (fewer than {min_articles} articles): "
                     + ", ".join(f"{o} (n={n})" for o, n in
                                 zip(few["outlet"], few["n_articles"])))
    return "\n".join(textwrap.fill(p, 110) for p in parts)


def _copies_note(comparison) -> str:
    """Who republished whom: copies are counted once, under the original outlet."""
    cp = comparison.copies
    if cp.empty:
        return ""
    pairs = sorted({(o, c) for o, c in zip(cp["outlet"], cp["copy_of_outlet"])})
    return ("Syndicated copies counted once, under the original: "
            + "; ".join(f"{o} republished {c}" for o, c in pairs))


def _add_warning(fig, text: str, note: str = "") -> None:
    """Put the small-sample warning (boxed) and a plain note at the foot of the figure.

    The figures use matplotlib's constrained layout; the foot is reserved by
    shrinking the layout's rectangle, so the warning never overlaps an axis label.
    """
    height = fig.get_figheight()
    y = 0.08 / height
    used = 0.0
    if note:
        note = textwrap.fill(note, 130)
        fig.text(0.01, y, note, ha="left", va="bottom", fontsize=8, fontstyle="italic")
        used += (0.16 * (note.count("\n") + 1) + 0.08) / height
    if text:
        fig.text(0.01, y + used, text, ha="left", va="bottom", fontsize=9,
                 fontweight="bold", bbox=_WARN_BOX)
        used += (0.19 * (text.count("\n") + 1) + 0.22) / height
    if used:
        fig.get_layout_engine().set(rect=(0, used + y, 1, 1 - used - y))


def _pick_event(table: pd.DataFrame, comparison, event):
    """The corpus-wide table, or the by-event one filtered to ``event``."""
    if event is None:
        return table
    return table[table["event"] == event]


def _ink(rgba) -> str:
    """Black or white text, whichever reads on a cell of this colour (also in grey)."""
    r, g, b = rgba[:3]
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "white"


def _clip(text: str, width: int, lines: int) -> str:
    """At most ``lines`` lines of ``width`` characters, with an ellipsis when cut.

    >>> print(_clip("one two three four five six", 9, 2))
    one two
    three …
    """
    wrapped = textwrap.wrap(" ".join(text.split()), width)
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        last = wrapped[-1].split()
        while len(last) > 1 and len(" ".join(last)) + 2 > width:
            last.pop()
        wrapped[-1] = " ".join(last) + " \u2026"
    return "\n".join(wrapped)


def _empty(message: str):
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 1.5), layout="constrained")
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11)
    return fig
