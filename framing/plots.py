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

import textwrap

import numpy as np
import pandas as pd

__all__ = ["device_heatmap", "source_balance", "actor_sentiment_plot",
           "distinctive_words", "coverage_matrix", "OKABE_ITO", "save_all"]

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
