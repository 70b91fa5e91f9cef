"""framing.compare on the seeds and on the 225-article PTC dev corpus (real text)."""
from __future__ import annotations

import dataclasses
import importlib.util
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing
from framing.compare import Comparison, compare

_spec = importlib.util.spec_from_file_location(
    "compare_corpora", Path(__file__).parent / "fixtures" / "compare" / "corpora.py")
corpora = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpora)

E2022 = {"002", "004"}
E2023 = {"000", "001", "003"}


def short(ids) -> set[str]:
    return {str(i)[:3] for i in ids}


@pytest.fixture(scope="module")
def seed_scores():
    return framing.score(framing.load_corpus(corpora.SEEDS))


@pytest.fixture(scope="module")
def seeds(seed_scores) -> Comparison:
    return compare(seed_scores, n_boot=200)


@pytest.fixture(scope="module")
def ptc_scores(tmp_path_factory):
    path = corpora.ptc_csv(tmp_path_factory.mktemp("ptc"))
    return framing.score(framing.load_corpus(path))


# --- events -----------------------------------------------------------------------

def test_manifest_events_give_two_groups(seeds):
    groups = seeds.events.groupby("event")["article_id"].agg(short)
    assert set(map(frozenset, groups)) == {frozenset(E2022), frozenset(E2023)}
    assert set(seeds.events["assigned_by"]) == {"manifest"}
    summary = seeds.event_summary.set_index("event")
    assert summary["n_outlets"].tolist() == [2, 2]
    row = summary.loc[summary["outlets"].str.contains("WION")].iloc[0]
    assert row["outlets"] == "Armed Forces Press;WION"
    assert "Tsarizm" in row["copies"]


def test_events_clustered_when_manifest_blank(seed_scores):
    arts = seed_scores.articles.assign(event="")
    c = compare(dataclasses.replace(seed_scores, articles=arts), n_boot=50)
    groups = c.events.groupby("event")["article_id"].agg(short)
    assert set(map(frozenset, groups)) == {frozenset(E2022), frozenset(E2023)}
    how = dict(zip(c.events["article_id"].str[:3], c.events["assigned_by"]))
    assert how["003"].startswith("copy of 001")
    assert {how[a] for a in ("000", "001", "002", "004")} == {"cluster"}
    # Names are readable: first date of the event and its heaviest words.
    assert any(name.startswith("2022-02-10") for name in c.event_summary["event"])


def test_events_do_not_explode_on_unrelated_articles(ptc_scores):
    c = compare(ptc_scores, n_boot=50)
    sizes = c.events.groupby("event").size()
    assert len(c.events) == 225
    assert sizes.max() <= 12, sizes.sort_values().tail()
    assert len(sizes) > 100


# --- copies, shared quotations ----------------------------------------------------

def test_copy_counted_once(seeds, seed_scores):
    cp = seeds.copies
    assert len(cp) == 1
    assert cp.iloc[0]["article_id"].startswith("003") and cp.iloc[0]["copy_of"].startswith("001")
    assert cp.iloc[0]["copy_of_outlet"] == "Armed Forces Press"
    assert cp.iloc[0]["similarity"] > 0.9
    outlets = seeds.outlets.set_index("outlet")
    assert outlets.at["Tsarizm", "n_articles"] == 0 and outlets.at["Tsarizm", "n_copies"] == 1
    assert "only syndicated copies" in outlets.at["Tsarizm", "note"]
    assert "Tsarizm" not in set(seeds.profiles["outlet"])
    # Armed Forces Press's rates rest on its own article's words only, not twice.
    words = seed_scores.articles.set_index(seed_scores.articles["article_id"].str[:3])["word_count"]
    afp = seeds.profiles[seeds.profiles["outlet"] == "Armed Forces Press"]
    assert set(afp["words"]) == {int(words["001"])}
    assert "Tsarizm" not in set(seeds.coverage["outlet"])


def test_shared_quote_listed_with_carriers(seeds):
    sq = seeds.shared_quotes
    hit = sq[sq["quote"].str.contains("many concerns with the role Belarus")]
    assert len(hit) == 1
    row = hit.iloc[0]
    assert row["outlets"] == "Armed Forces Press;WION" and row["n_outlets"] == 2
    assert short(row["article_ids"].split(";")) == {"000", "001"}
    assert "Tsarizm" in row["copies"]


# --- profiles and small samples ---------------------------------------------------

def test_every_outlet_is_a_single_article_profile(seeds):
    for name in ("profiles", "profiles_by_event", "sources", "actor_sentiment"):
        t = getattr(seeds, name)
        assert len(t) and t["small_sample"].all(), name
    assert (seeds.profiles["n_articles"] == 1).all()
    assert seeds.profiles["note"].str.contains("single-article profile").all()
    # One article has no spread: no interval rather than a fake one.
    assert seeds.profiles[["low", "high"]].isna().all().all()
    assert seeds.outlets["small_sample"].all()
    assert "small samples (5 of 5 outlets" in seeds.summary()


def test_rates_are_spans_per_thousand_words(seeds, seed_scores):
    sp = seed_scores.spans.assign(a=seed_scores.spans["article_id"].str[:3])
    wion = sp[(sp["a"] == "000") & (sp["device"] == "loaded term")]
    words = seed_scores.articles.set_index(seed_scores.articles["article_id"].str[:3]).at[
        "000", "word_count"]
    prof = seeds.profiles.query("outlet == 'WION' and device == 'loaded term' and "
                                "category == 'all'").set_index("voice")
    author = (wion["voice"] == "author").sum()
    assert prof.at["author", "rate"] == pytest.approx(1000 * author / words)
    assert prof.at["quoted", "rate"] == pytest.approx(1000 * (len(wion) - author) / words)
    assert prof.at["all", "rate"] == pytest.approx(prof.at["author", "rate"]
                                                   + prof.at["quoted", "rate"])


def test_sources_shares_sum_to_one(seeds):
    share = seeds.sources.groupby("outlet")["share"].sum()
    assert np.allclose(share, 1.0)
    wion = seeds.sources.query("outlet == 'WION'").set_index("speaker_group")
    assert wion.at["media/agency", "quotes"] >= 2  # Al Jazeera's correspondent, Reuters


def test_actor_sentiment_by_voice(seeds):
    t = seeds.actor_sentiment
    assert set(t["voice"]) <= {"author", "quoted"}
    assert t["mean"].between(-1, 1).all() and (t["n_sentences"] > 0).all()
    assert {"Russia", "Belarus"} <= set(t["actor"])


# --- wording ----------------------------------------------------------------------

def test_distinctive_and_naming(seeds, seed_scores):
    d = seeds.distinctive
    wion = d[d["outlet"] == "WION"].sort_values("z", ascending=False)
    assert "dnipro" in wion["term"].head(3).tolist()  # the Dnipro strike is WION's alone
    assert (d.groupby("outlet")["z"].apply(lambda z: z.is_monotonic_decreasing)).all()
    naming = seeds.naming.set_index(["outlet", "concept", "variant"])["count"]
    assert naming[("Al Mayadeen English", "capital of Ukraine", "Kiev")] >= 1
    assert naming[("Al Mayadeen English", "capital of Ukraine", "Kyiv")] == 0
    assert naming[("WION", "capital of Ukraine", "Kyiv")] >= 1
    grouped = compare(seed_scores, n_boot=20,
                      outlet_groups={"2022 coverage": ["Channels TV", "Al Mayadeen English"]})
    assert (grouped.distinctive["kind"] == "group").any()


# --- coverage ---------------------------------------------------------------------

def test_coverage_per_event_with_unique_facts(seeds):
    cov = seeds.coverage
    assert cov["event"].nunique() == 2
    e2022 = seeds.events.loc[seeds.events["article_id"].str.startswith("002"), "event"].iloc[0]
    uniq = seeds.coverage_unique[seeds.coverage_unique["event"] == e2022]
    troops = uniq[uniq["claim"].str.contains("30,000")]
    assert troops["outlet"].tolist() == ["Channels TV"]
    omitted = seeds.coverage_omitted
    assert ((omitted["outlet"] == "Al Mayadeen English")
            & omitted["claim"].str.contains("30,000")).any()
    # Both events have claims both outlets report, and claims only one does.
    for event, g in cov.groupby("event"):
        claims = g.drop_duplicates("claim_id")
        assert (claims["n_outlets"] == 2).any() and (claims["n_outlets"] == 1).any(), event
    # The Belarus-concerns quotation is one claim reported by both 2023 outlets.
    concern = cov[cov["claim"].str.contains("many concerns with the role Belarus")]
    assert set(concern["outlet"]) == {"WION", "Armed Forces Press"} and concern["reported"].all()


def test_event_over_the_claim_limit_is_named_not_dropped_silently(seed_scores, seeds):
    from framing.plots import coverage_matrix

    assert (seeds.event_summary["coverage"] == "").all()     # the default leaves both
    sizes = seeds.coverage.groupby("event")["sentence_id"].apply(lambda s: (s != "").sum())
    small, big = sizes.idxmin(), sizes.idxmax()
    # A limit between the two events' claim counts (reported sentences are at most
    # the claim sentences, so the big event has more than `limit`).
    limit = int(sizes.max()) - 1
    c = compare(seed_scores, n_boot=50, claim_max_sentences=limit)
    assert big in c.params["coverage_skipped"] and c.params["coverage_skipped"][big] > limit
    assert set(c.coverage["event"]) == {small}
    assert not (c.coverage_unique["event"] == big).any()
    note = c.event_summary.set_index("event")["coverage"]
    assert note[small] == "" and "not computed" in note[big] and f"{limit:,}" in note[big]
    assert "coverage not computed for 1 event(s)" in c.summary() and big in c.summary()
    # The small event's rows are those of the full comparison.
    pd.testing.assert_frame_equal(
        c.coverage.reset_index(drop=True),
        seeds.coverage[seeds.coverage["event"] == small].reset_index(drop=True))
    fig = coverage_matrix(c, big)
    assert any("not computed" in t.get_text() for t in fig.texts + fig.axes[0].texts)


# --- tables, IO -------------------------------------------------------------------

CONTRACT = {
    "events": ["article_id", "event", "assigned_by"],
    "copies": ["article_id", "copy_of", "similarity"],
    "profiles": ["outlet", "device", "category", "voice", "rate", "low", "high",
                 "n_articles", "small_sample"],
    "sources": ["outlet", "speaker_group", "quotes", "quoted_words", "share"],
    "actor_sentiment": ["outlet", "actor", "voice", "mean", "low", "high", "n_sentences"],
    "distinctive": ["outlet", "term", "log_odds", "z"],
    "naming": ["outlet", "concept", "variant", "count"],
    "shared_quotes": ["quote", "article_ids", "outlets"],
    "coverage": ["event", "claim_id", "claim", "outlet", "reported"],
}


def test_contract_tables_and_save(seeds, tmp_path):
    for name, cols in CONTRACT.items():
        assert set(cols) <= set(getattr(seeds, name).columns), name
    assert "event" in seeds.profiles_by_event.columns
    paths = seeds.save(tmp_path / "cmp")
    assert set(CONTRACT) <= set(paths)
    back = pd.read_csv(paths["shared_quotes"])
    assert back.loc[0, "outlets"] == "Armed Forces Press;WION"
    assert "Comparison(5 articles" in repr(seeds)


def test_framing_compare_spelling_works_after_submodule_import(seed_scores):
    import framing.compare  # binds the module to the name; it must stay callable

    c = framing.compare(seed_scores, n_boot=10)
    assert isinstance(c, Comparison)


def test_same_seed_same_intervals(ptc_scores):
    sub = corpora.subset(ptc_scores, ptc_scores.articles["article_id"].head(40))
    a = compare(sub, n_boot=200, seed=3).profiles
    b = compare(sub, n_boot=200, seed=3).profiles
    pd.testing.assert_frame_equal(a, b)


# --- the larger corpus ------------------------------------------------------------

def test_compare_225_articles_in_seconds(ptc_scores):
    compare(corpora.subset(ptc_scores, ptc_scores.articles["article_id"].head(5)),
            n_boot=10)  # imports and caches warm, so the timing is compare's own
    t0, c0 = time.perf_counter(), time.process_time()
    c = compare(ptc_scores)  # defaults: n_boot=1000
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"compare on 225 articles: {wall:.2f} s wall, {cpu:.2f} s CPU")
    # CPU time, not wall time: the shared test machine may be busy.
    assert cpu < 20
    assert not c.outlets["small_sample"].any()
    per_outlet = ptc_scores.articles.groupby("outlet").size()  # 41-48 (ids modulo 5)
    assert (c.profiles["n_articles"] == c.profiles["outlet"].map(per_outlet)).all()
    assert c.profiles[["low", "high"]].notna().all().all()
    ok = c.profiles.dropna(subset=["low"])
    assert ((ok["low"] <= ok["rate"] + 1e-9) & (ok["rate"] <= ok["high"] + 1e-9)).all()


def test_intervals_narrow_as_articles_grow(ptc_scores):
    arts = ptc_scores.articles
    widths = {}
    for k in (3, 9, 45):
        ids = arts.groupby("outlet").head(k)["article_id"]
        prof = compare(corpora.subset(ptc_scores, ids), n_boot=1000).profiles
        rows = prof.query("category == 'all' and voice == 'all' and rate > 0")
        widths[k] = float((rows["high"] - rows["low"]).median())
    print("median 95% interval width (devices per 1,000 words) by articles per outlet:",
          widths)
    assert widths[3] > widths[9] > widths[45]
    # Roughly 1/sqrt(n): 15x the articles should at least halve the width.
    assert widths[45] < widths[3] / 2
