"""The coverage matrix: which outlet reported which claim of one event."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._style import _add_warning, _clip, _empty, _label, _plt, _warning_text


def coverage_matrix(comparison, event: str, *, max_claims: int = 40, width: int = 80,
                    lines: int = 2):
    """Which claims of an event each outlet reports: claims × outlets.

    Parameters
    ----------
    comparison : Comparison
    event : str
        An event of ``comparison.event_summary`` with two or more outlets.
    max_claims : int
        Claims shown: those reported by several outlets first, then each outlet's
        own claims in turn, up to this many.
    width, lines : int
        Claim text is wrapped at ``width`` characters, at most ``lines`` lines
        (facts such as a number often sit late in a sentence).

    Returns
    -------
    matplotlib.figure.Figure
        A filled square = the outlet reports the claim; a hollow circle = it does
        not; "only X" marks claims no other outlet reports.
    """
    plt = _plt()
    cov = comparison.coverage[comparison.coverage["event"] == event]
    if cov.empty:
        skipped = (comparison.params or {}).get("coverage_skipped") or {}
        if event in skipped:   # too many claim sentences for the memory limit
            return _empty(f"Coverage of {event!r} not computed: {skipped[event]:,} claim "
                          "sentences, over compare()'s claim_max_sentences")
        return _empty(f"No coverage table for {event!r} (needs two or more outlets)")
    outlets = sorted(cov["outlet"].unique())
    claims = cov.drop_duplicates("claim_id")
    shared = claims[claims["n_outlets"] > 1]
    uniq = claims[claims["n_outlets"] == 1].copy()
    uniq["_rank"] = uniq.groupby("only").cumcount()
    if len(shared) + len(uniq) > max_claims:
        # Interleave outlets' unique claims so that the cut keeps every outlet.
        uniq = uniq.sort_values(["_rank", "only"]).head(max(max_claims - len(shared), 0))
    claims = pd.concat([shared, uniq.sort_values(["only", "_rank"])]).head(max_claims)
    ids = claims["claim_id"].tolist()
    grid = (cov.pivot(index="claim_id", columns="outlet", values="reported")
               .reindex(index=ids, columns=outlets).fillna(False).astype(bool))
    fig, ax = plt.subplots(figsize=(9.5 + 1.1 * len(outlets), 2.8 + 0.18 * lines * len(ids)),
                           layout="constrained")
    yy, xx = np.nonzero(grid.to_numpy())
    ax.scatter(xx, yy, marker="s", s=110, color="#1b1b1b", label="reports it")
    yn, xn = np.nonzero(~grid.to_numpy())
    ax.scatter(xn, yn, marker="o", s=40, facecolors="white", edgecolors="0.45",
               label="does not")
    labels = [_clip(c, width, lines) for c in claims["claim"]]
    ax.set_yticks(range(len(ids)), labels, fontsize=8)
    n_art = comparison.events[(comparison.events["event"] == event)
                              & (comparison.events["copy_of"] == "")].groupby("outlet").size()
    ax.set_xticks(range(len(outlets)), [_label(o, int(n_art.get(o, 0))).replace(" (", "\n(")
                                        for o in outlets], fontsize=9)
    ax.xaxis.tick_top()
    ax.set_xlim(-0.6, len(outlets) - 0.4)
    ax.set_ylim(len(ids) - 0.5, -0.5)
    n_shared = len(shared.head(max_claims))
    if 0 < n_shared < len(ids):
        ax.axhline(n_shared - 0.5, color="black", linewidth=1.0)
    for y, only in enumerate(claims["only"]):
        if only:
            ax.annotate(f"only {only}", (1.0, y), xycoords=("axes fraction", "data"),
                        xytext=(6, 0), textcoords="offset points", va="center",
                        fontsize=8, fontstyle="italic")
    for x in np.arange(len(outlets) - 1) + 0.5:
        ax.axvline(x, color="0.85", linewidth=0.6)
    for side in ("right", "bottom"):
        ax.spines[side].set_visible(False)
    total = cov["claim_id"].nunique()
    more = f" (showing {len(ids)} of {total})" if total > len(ids) else ""
    ax.set_title(f"Who reports what \u2014 {event}{more}\nabove the line: claims several "
                 "outlets report; below: claims only one outlet reports", loc="left",
                 fontsize=11, pad=34)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 0.0), fontsize=8, frameon=False)
    small = n_art[n_art < comparison.params.get("min_articles", 5)]
    text = _warning_text(pd.DataFrame({"outlet": small.index, "n_articles": small.values}),
                         comparison.params.get("min_articles"))
    if text:
        text += "\nEach outlet is represented by the article(s) counted above; an omission " \
                "means 'not said in similar words'."
    ev = comparison.event_summary.set_index("event")
    copies = ev.at[event, "copies"] if event in ev.index else ""
    _add_warning(fig, text, f"Copies left out (counted once): {copies}" if copies else "")
    return fig
