"""Every figure of framing.plots is rendered from real compare tables and saved."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import framing  # noqa: E402
from framing import plots  # noqa: E402
from framing.compare import compare  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "compare_corpora", Path(__file__).parent / "fixtures" / "compare" / "corpora.py")
corpora = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpora)

WARNING = "Single-article profile \u2014 not a pattern"


@pytest.fixture(scope="module")
def seeds():
    return compare(framing.score(framing.load_corpus(corpora.SEEDS)), n_boot=200)


@pytest.fixture(scope="module")
def ptc30(tmp_path_factory):
    """30 real articles, 6 per outlet: above min_articles=5, so no warning is due."""
    path = corpora.ptc_csv(tmp_path_factory.mktemp("ptc30"), per_outlet=6)
    return compare(framing.score(framing.load_corpus(path)), n_boot=200)


def all_text(fig: Figure) -> str:
    texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    return "\n".join(texts)


def render(fig, path: Path) -> Path:
    assert isinstance(fig, Figure)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    assert path.stat().st_size > 10_000
    return path


def seed_figures(c):
    events = c.event_summary["event"].tolist()
    return {
        "device_heatmap": plots.device_heatmap(c),
        "device_heatmap_event": plots.device_heatmap(c, event=events[0]),
        "source_balance": plots.source_balance(c),
        "actor_sentiment": plots.actor_sentiment_plot(c),
        "distinctive_words": plots.distinctive_words(c),
        "distinctive_words_wion": plots.distinctive_words(c, outlet="WION"),
        "coverage_2022": plots.coverage_matrix(c, events[0]),
        "coverage_2023": plots.coverage_matrix(c, events[1]),
    }


def test_every_seed_figure_renders_with_the_warning(seeds, tmp_path):
    for name, fig in seed_figures(seeds).items():
        text = all_text(fig)
        assert WARNING in text or "single article \u2014 not a pattern" in text, name
        render(fig, tmp_path / f"{name}.png")


def test_heatmap_uses_cividis_and_labels_counts(seeds):
    fig = plots.device_heatmap(seeds)
    images = fig.findobj(matplotlib.image.AxesImage)
    assert images and all(im.get_cmap().name == "cividis" for im in images)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "WION (n=1)" in labels and not any("Tsarizm" in t for t in labels)
    assert "Tsarizm republished Armed Forces Press" in all_text(fig)
    plt.close(fig)


def test_source_bars_differ_by_hatch_not_only_colour(seeds):
    fig = plots.source_balance(seeds)
    hatches = {p.get_hatch() for p in fig.axes[0].patches}
    assert len(hatches) >= 4  # greyscale print keeps the groups apart
    plt.close(fig)


def test_coverage_matrix_marks_unique_claims(seeds):
    event = seeds.events.loc[seeds.events["article_id"].str.startswith("002"), "event"].iloc[0]
    fig = plots.coverage_matrix(seeds, event)
    text = all_text(fig)
    assert "only Channels TV" in text and "only Al Mayadeen English" in text
    assert any("30,000" in t.get_text() for t in fig.axes[0].get_yticklabels())
    plt.close(fig)


def test_no_warning_when_outlets_have_enough_articles(ptc30, tmp_path):
    assert not ptc30.outlets["small_sample"].any()
    figs = {"device_heatmap": plots.device_heatmap(ptc30),
            "source_balance": plots.source_balance(ptc30),
            "actor_sentiment": plots.actor_sentiment_plot(ptc30),
            "distinctive_words": plots.distinctive_words(ptc30)}
    for name, fig in figs.items():
        assert WARNING not in all_text(fig), name
        render(fig, tmp_path / f"ptc_{name}.png")


def test_save_all_writes_every_figure(seeds, tmp_path):
    written = plots.save_all(seeds, tmp_path / "figs")
    assert {"device_heatmap", "source_balance", "actor_sentiment", "distinctive_words",
            "coverage_01", "coverage_02"} == set(written)
    assert all(p.stat().st_size > 10_000 for p in written.values())
