"""Matplotlib figures from :func:`framing.compare` tables.

Every function takes a :class:`framing.compare.Comparison` and returns a
:class:`matplotlib.figure.Figure`; nothing is computed here beyond picking and
ordering rows of the tables. The figures are made to survive print and
colour-blindness: sequential data use *cividis*; categories use the Okabe–Ito
palette **and** a second cue (hatching or marker shape) so they stay apart in
greyscale; numbers are written on the bars and cells. Wherever a figure rests on
too few articles, a boxed warning says so on the figure itself ("single-article
profile — not a pattern"), and the outlet's label carries its article count.

Examples
--------
>>> import matplotlib; matplotlib.use("Agg")
>>> import framing
>>> from framing import plots
>>> c = framing.compare(framing.score(framing.load_corpus("seeds")))   # doctest: +SKIP
>>> plots.device_heatmap(c).savefig("devices.png", dpi=150)              # doctest: +SKIP
"""
from __future__ import annotations
import numpy as np
import pandas as pd

from ._style import (HATCHES, MARKERS, OKABE_ITO, SEQUENTIAL, _add_warning, _copies_note,
                     _empty, _ink, _label, _pick_event, _plt, _warning_text)
from .coverage import coverage_matrix

__all__ = ["device_heatmap", "source_balance", "actor_sentiment_plot",
           "distinctive_words", "coverage_matrix", "OKABE_ITO", "save_all"]


def device_heatmap(comparison, *, event: str | None = None,
                   voices=("author", "quoted")):
    """Heatmap of device rates per 1,000 words: outlets × devices, one panel per voice.

    Parameters
    ----------
    comparison : Comparison
    event : str, optional
        Use ``profiles_by_event`` for this event instead of the corpus-wide profiles.
    voices : tuple of str
        ``author`` (the outlet's own words) and/or ``quoted`` (inside quotations).

    Returns
    -------
    matplotlib.figure.Figure
        Each cell shows the rate and, when there are two or more articles, its 95%
        bootstrap interval.
    """
    plt = _plt()
    table = comparison.profiles if event is None else comparison.profiles_by_event
    prof = _pick_event(table, comparison, event)
    prof = prof[(prof["category"] == "all") & prof["voice"].isin(voices)]
    if prof.empty:
        return _empty("No framing devices found" + (f" in {event}" if event else ""))
    outlets = sorted(prof["outlet"].unique())
    devices = sorted(prof["device"].unique())
    n_art = prof.drop_duplicates("outlet").set_index("outlet")["n_articles"]
    vmax = max(float(prof["rate"].max()), 1e-9)
    fig, axes = plt.subplots(1, len(voices), figsize=(2.6 + 0.8 * len(devices) * len(voices),
                                                      2.4 + 0.55 * len(outlets)),
                             sharey=True, squeeze=False, layout="constrained")
    cmap = plt.get_cmap(SEQUENTIAL)
    for ax, voice in zip(axes[0], voices):
        p = prof[prof["voice"] == voice]
        grid = p.pivot(index="outlet", columns="device", values="rate").reindex(
            index=outlets, columns=devices)
        low = p.pivot(index="outlet", columns="device", values="low").reindex_like(grid)
        high = p.pivot(index="outlet", columns="device", values="high").reindex_like(grid)
        im = ax.imshow(grid.to_numpy(dtype=float), cmap=cmap, vmin=0, vmax=vmax,
                       aspect="auto")
        for i in range(len(outlets)):
            for j in range(len(devices)):
                v = grid.iat[i, j]
                if pd.isna(v):
                    continue
                txt = f"{v:.1f}"
                if pd.notna(low.iat[i, j]):
                    txt += f"\n[{low.iat[i, j]:.1f}\u2013{high.iat[i, j]:.1f}]"
                ax.text(j, i, txt, ha="center", va="center", fontsize=8,
                        color=_ink(cmap(v / vmax)))
        ax.set_xticks(range(len(devices)), [d.replace(" ", "\n", 1) for d in devices],
                      fontsize=9)
        ax.set_yticks(range(len(outlets)), [_label(o, int(n_art[o])) for o in outlets],
                      fontsize=9)
        ax.set_title({"author": "Outlet's own words (author voice)",
                      "quoted": "Inside quotations (quoted voice)"}.get(voice, voice),
                     fontsize=10)
        ax.tick_params(length=0)
    cbar = fig.colorbar(im, ax=axes[0].tolist(), shrink=0.9, pad=0.02)
    cbar.set_label("devices per 1,000 words", fontsize=9)
    fig.suptitle("Framing devices per 1,000 words (95% interval in brackets)"
                 + (f" \u2014 {event}" if event else ""), fontsize=12, x=0.01, ha="left")
    _add_warning(fig, _warning_text(prof[prof["small_sample"]],
                                    comparison.params.get("min_articles")),
                 _copies_note(comparison))
    return fig


def source_balance(comparison, *, event: str | None = None, by: str = "share"):
    """Stacked bars: each outlet's quoted words (or quotations) by speaker group.

    Parameters
    ----------
    comparison : Comparison
    event : str, optional
        Use ``sources_by_event`` for this event.
    by : {"share", "quote_share"}
        Share of quoted words (default) or of quotations.

    Returns
    -------
    matplotlib.figure.Figure
    """
    plt = _plt()
    table = comparison.sources if event is None else comparison.sources_by_event
    src = _pick_event(table, comparison, event)
    if src.empty:
        return _empty("No quotations found" + (f" in {event}" if event else ""))
    groups = (src.groupby("speaker_group")["quoted_words"].sum()
                 .sort_values(ascending=False).index.tolist())
    # Unattributed speech goes last, in plain grey: it is not a voice anyone chose.
    if "unknown" in groups:
        groups = [g for g in groups if g != "unknown"] + ["unknown"]
    outlets = sorted(src["outlet"].unique())
    info = src.groupby("outlet").agg(quotes=("quotes", "sum"), words=("quoted_words", "sum"),
                                     n=("n_articles", "first"))
    fig, ax = plt.subplots(figsize=(10, 2.8 + 0.6 * len(outlets)), layout="constrained")
    left = np.zeros(len(outlets))
    for k, g in enumerate(groups):
        vals = (src[src["speaker_group"] == g].set_index("outlet")[by]
                .reindex(outlets).fillna(0).to_numpy(dtype=float))
        bars = ax.barh(range(len(outlets)), vals, left=left,
                       color="#D9D9D9" if g == "unknown" else OKABE_ITO[k % len(OKABE_ITO)],
                       hatch="" if g == "unknown" else HATCHES[k % len(HATCHES)],
                       edgecolor="black", linewidth=0.6, label=g)
        for b, v, x0 in zip(bars, vals, left):
            if v >= 0.07:
                ax.text(x0 + v / 2, b.get_y() + b.get_height() / 2, f"{v:.0%}",
                        ha="center", va="center", fontsize=8, fontweight="bold",
                        bbox=dict(boxstyle="round,pad=0.15", facecolor="white",
                                  edgecolor="none", alpha=0.85))
        left += vals
    ax.set_yticks(range(len(outlets)),
                  [f"{_label(o, int(info.at[o, 'n']))}\n{int(info.at[o, 'quotes'])} quotes, "
                   f"{int(info.at[o, 'words'])} words" for o in outlets], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(1.0))
    ax.set_xlabel("share of quoted words" if by == "share" else "share of quotations")
    ax.set_title("Whose voices each outlet quotes" + (f" \u2014 {event}" if event else ""),
                 loc="left", fontsize=12)
    ax.legend(ncol=min(4, len(groups)), loc="upper center", bbox_to_anchor=(0.5, -0.16),
              fontsize=8, frameon=False, title="speaker group", title_fontsize=8)
    _add_warning(fig, _warning_text(src[src["small_sample"]],
                                    comparison.params.get("min_articles")),
                 _copies_note(comparison))
    return fig


def actor_sentiment_plot(comparison, *, event: str | None = None, actors=None,
                         max_actors: int = 8, voices=("author", "quoted")):
    """Dot plot: mean sentence sentiment toward each actor, by outlet, with 95% intervals.

    Parameters
    ----------
    comparison : Comparison
    event : str, optional
        Use ``actor_sentiment_by_event`` for this event.
    actors : list of str, optional
        Which actors (default: the ``max_actors`` named in most sentences).
    voices : tuple of str
        One panel per voice.

    Returns
    -------
    matplotlib.figure.Figure
        Dots are means of VADER compound scores (−1 hostile … +1 friendly); bars are
        95% bootstrap intervals (absent when fewer than two articles name the actor);
        hollow markers rest on a single sentence.
    """
    plt = _plt()
    table = comparison.actor_sentiment if event is None else comparison.actor_sentiment_by_event
    sent = _pick_event(table, comparison, event)
    sent = sent[sent["voice"].isin(voices)]
    if sent.empty:
        return _empty("No sentences naming an actor" + (f" in {event}" if event else ""))
    if actors is None:
        actors = (sent.groupby("actor")["n_sentences"].sum().sort_values(ascending=False)
                  .head(max_actors).index.tolist())
    sent = sent[sent["actor"].isin(actors)]
    outlets = sorted(sent["outlet"].unique())
    n_art = comparison.outlets.set_index("outlet")["n_articles"]
    fig, axes = plt.subplots(1, len(voices), figsize=(5.2 * len(voices) + 1.5,
                                                      2.6 + 0.55 * len(actors)),
                             sharey=True, squeeze=False, layout="constrained")
    step = 0.8 / max(len(outlets), 1)
    for ax, voice in zip(axes[0], voices):
        for k, o in enumerate(outlets):
            d = sent[(sent["outlet"] == o) & (sent["voice"] == voice)].set_index("actor")
            d = d.reindex([a for a in actors if a in d.index])
            y = np.array([actors.index(a) for a in d.index]) - 0.4 + step * (k + 0.5)
            colour = OKABE_ITO[k % len(OKABE_ITO)]
            err = np.vstack([d["mean"] - d["low"], d["high"] - d["mean"]]).astype(float)
            ax.errorbar(d["mean"], y, xerr=np.nan_to_num(err, nan=0.0), fmt="none",
                        ecolor=colour, elinewidth=1.4, capsize=2)
            single = (d["n_sentences"] <= 1).to_numpy()
            for filled, face in ((~single, colour), (single, "white")):
                ax.scatter(d["mean"][filled], y[filled], marker=MARKERS[k % len(MARKERS)],
                           s=46, facecolors=face, edgecolors=colour if face == "white"
                           else "black", linewidths=1.0, zorder=3,
                           label=_label(o, int(n_art.get(o, 0))) if filled is not single
                           and voice == voices[0] else None)
        ax.axvline(0, color="0.4", linewidth=0.8, linestyle="--")
        ax.set_xlim(-1.05, 1.05)
        ax.set_yticks(range(len(actors)), actors, fontsize=9)
        for y0 in np.arange(len(actors) - 1) + 0.5:
            ax.axhline(y0, color="0.85", linewidth=0.6)
        ax.set_xlabel("mean VADER compound of sentences naming the actor\n"
                      "(\u22121 hostile \u2026 0 neutral \u2026 +1 friendly)", fontsize=9)
        ax.set_title({"author": "Outlet's own sentences",
                      "quoted": "Sentences quoting someone"}.get(voice, voice), fontsize=10)
    axes[0][0].invert_yaxis()
    fig.suptitle("Sentiment toward actors, by outlet (95% intervals)"
                 + (f" \u2014 {event}" if event else ""), fontsize=12, x=0.01, ha="left")
    fig.legend(loc="outside upper center", fontsize=8, frameon=False,
               ncol=min(4, len(outlets)),
               title="outlet (hollow marker: a single sentence)", title_fontsize=8)
    _add_warning(fig, _warning_text(comparison.outlets[comparison.outlets["small_sample"]
                                                       & comparison.outlets["outlet"]
                                                       .isin(outlets)],
                                    comparison.params.get("min_articles")),
                 _copies_note(comparison))
    return fig


def distinctive_words(comparison, outlet: str | None = None, *, n: int = 10):
    """Horizontal bars of the words most typical of an outlet against the rest (z-scores).

    Parameters
    ----------
    comparison : Comparison
    outlet : str, optional
        One outlet (or group); default: one panel per outlet.
    n : int
        Words per panel.

    Returns
    -------
    matplotlib.figure.Figure
        Bars are z-scores of the log-odds ratio with an informative Dirichlet prior;
        the dashed line is z = 1.96.
    """
    plt = _plt()
    d = comparison.distinctive
    if outlet is not None:
        d = d[d["outlet"] == outlet]
    if d.empty:
        return _empty("No distinctive words (one outlet only, or no text)")
    names = list(dict.fromkeys(d["outlet"]))
    cols = min(3, len(names))
    rows = int(np.ceil(len(names) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(4.6 * cols, 1.6 + (0.3 * n + 1.0) * rows),
                             squeeze=False, layout="constrained")
    for ax, name in zip(axes.ravel(), names):
        top = d[(d["outlet"] == name) & (d["z"] > 0)].nlargest(n, "z").iloc[::-1]
        nart = int(d.loc[d["outlet"] == name, "n_articles"].iloc[0])
        ax.barh(range(len(top)), top["z"], color=OKABE_ITO[0], edgecolor="black",
                linewidth=0.5)
        ax.set_yticks(range(len(top)), [f"{t} ({c})" for t, c in zip(top["term"], top["count"])],
                      fontsize=9)
        ax.axvline(1.96, color="black", linestyle="--", linewidth=0.8)
        title = _label(name, nart)
        if nart <= 1:
            title += "\n\u26a0 single article \u2014 not a pattern"
        ax.set_title(title, fontsize=10, loc="left")
        ax.set_xlabel("z (log-odds vs the rest)", fontsize=8)
        ax.tick_params(axis="x", labelsize=8)
    for ax in axes.ravel()[len(names):]:
        ax.set_visible(False)
    fig.suptitle("Words most typical of each outlet (count in brackets; dashed: z = 1.96)",
                 fontsize=12, x=0.01, ha="left")
    small = d[d["small_sample"]].drop_duplicates("outlet")
    _add_warning(fig, _warning_text(small, comparison.params.get("min_articles")),
                 _copies_note(comparison))
    return fig


def save_all(comparison, out_dir, *, dpi: int = 150, fmt: str = "png") -> dict:
    """Render every figure (coverage: one per event with two or more outlets) to files.

    Returns
    -------
    dict
        ``{name: path}``.
    """
    from pathlib import Path

    plt = _plt()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # Built one at a time and closed at once: a corpus may have hundreds of events.
    makers = {"device_heatmap": lambda: device_heatmap(comparison),
              "source_balance": lambda: source_balance(comparison),
              "actor_sentiment": lambda: actor_sentiment_plot(comparison),
              "distinctive_words": lambda: distinctive_words(comparison)}
    events = comparison.event_summary
    for i, ev in enumerate(events.loc[events["n_outlets"] >= 2, "event"], 1):
        makers[f"coverage_{i:02d}"] = lambda ev=ev: coverage_matrix(comparison, ev)
    written = {}
    for name, make in makers.items():
        fig = make()
        path = out / f"{name}.{fmt}"
        fig.savefig(path, dpi=dpi)
        plt.close(fig)
        written[name] = path
    return written
