"""framing.score on the seeds: the design card's three examples, voice, tables, IO."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing
from framing.cli import main
from framing.score import Scores, SENTENCE_COLUMNS, SPAN_COLUMNS, QUOTE_COLUMNS

SEED_000, SEED_001, SEED_004 = "000_41688a469cb44641", "001_5e91cf48cce6411a", "004_5cc30fd78895ac76"


@pytest.fixture(scope="module")
def scores(seeds_dir) -> Scores:
    return framing.score(framing.load_corpus(seeds_dir, progress=False))


def test_tables_have_the_design_columns(scores):
    assert list(scores.sentences.columns) == SENTENCE_COLUMNS
    assert list(scores.spans.columns) == SPAN_COLUMNS
    assert list(scores.quotes.columns) == QUOTE_COLUMNS
    assert len(scores.articles) == 5 and len(scores.features) == 5
    assert set(scores.features["article_id"]) == set(scores.articles["article_id"])


def test_every_offset_points_at_its_text(scores):
    texts = scores.articles.set_index("article_id")["text"]
    for table in (scores.sentences, scores.spans, scores.quotes):
        assert len(table) > 0
        for aid, start, end, text in table[["article_id", "start", "end", "text"]].itertuples(
                index=False):
            assert texts[aid][start:end] == text


def _spans(scores, article_id, contains):
    sp = scores.spans
    return sp[(sp["article_id"] == article_id) & sp["text"].str.lower().str.contains(contains)]


@pytest.mark.parametrize("article_id", [SEED_000, SEED_001])
def test_defensive_in_nature_is_quoted_belarusian_officials(scores, article_id):
    rows = _spans(scores, article_id, "defensive in nature")
    assert len(rows) >= 1
    row = rows.iloc[0]
    assert row["device"] == "euphemism"
    assert row["voice"] == "quoted"
    assert row["speaker_group"] == "Belarusian government"


def test_allegedly_invade_is_the_outlets_own_hedge_and_scare_quote(scores):
    rows = _spans(scores, SEED_004, "invade")
    assert set(rows["voice"]) == {"author"}
    assert "hedge" in set(rows["device"])
    assert "scare quote" in set(rows["device"])
    scare = rows[rows["device"] == "scare quote"].iloc[0]
    assert scare["text"] == "invade"


def test_escalatory_is_the_white_house_press_secretarys(scores):
    rows = _spans(scores, SEED_004, r"\bescalatory")
    rows = rows[rows["device"] == "loaded term"]
    assert len(rows) >= 2
    assert set(rows["voice"]) == {"quoted"}
    assert set(rows["speaker_group"]) == {"US government"}
    # The headline credits the White House; the body sentences credit its press secretary.
    assert set(rows["speaker"]) <= {"White House", "Jen Psaki", "Psaki"}
    assert rows["speaker"].str.contains("Psaki").sum() >= 1


def test_every_seed_quote_has_a_speaker(scores):
    q = scores.quotes
    assert set(q["article_id"]) >= {SEED_000, SEED_001, SEED_004}
    assert (q["speaker"].fillna("") != "").all()
    assert (q["speaker_group"] != "unknown").all()


def test_sentences_without_quotations_are_author_voice(scores):
    quote_chars = set("\"“”«»")
    s = scores.sentences
    no_quote = s[~s["text"].map(lambda t: bool(set(t) & quote_chars))]
    # A sentence with no quote mark is the outlet's unless reported speech covers it.
    reported = scores.quotes[scores.quotes["kind"] == "reported"]
    covered = set()
    for aid, start, end in reported[["article_id", "start", "end"]].itertuples(index=False):
        hit = s[(s["article_id"] == aid) & (s["start"] < end) & (s["end"] > start)]
        covered |= set(hit["sentence_id"])
    plain = no_quote[~no_quote["sentence_id"].isin(covered)]
    assert len(plain) > 20
    assert set(plain["voice"]) == {"author"}


def test_framing_score_is_an_intensity(scores):
    fs = scores.sentences["framing_score"]
    assert fs.between(0, 1).all()
    has_loaded = scores.sentences["loaded_count"] > 0
    assert (fs[has_loaded] > 0).all()
    assert fs[has_loaded].mean() > fs[~has_loaded].mean()


def test_feature_rates_trace_back_to_spans(scores):
    f = scores.features.set_index("article_id")
    sp = scores.spans
    for aid, wc in scores.articles[["article_id", "word_count"]].itertuples(index=False):
        n = ((sp["article_id"] == aid) & (sp["device"] == "loaded term")
             & (sp["voice"] == "author")).sum()
        assert f.loc[aid, "rate.loaded term.author"] == pytest.approx(1000 * n / wc)


def test_actors_are_the_storys_not_the_sources(scores):
    named = {a for cell in scores.sentences["actors"] for a in cell.split(";") if a}
    assert {"Russia", "Belarus", "Ukraine"} <= named
    # Al Jazeera's correspondent is quoted in seeds 000/001: a source, not an actor.
    assert not named & {"Al Jazeera", "Reuters", "TASS", "officials", "media/agency"}


def test_actor_sentiment_is_by_voice(scores):
    f = scores.features.set_index("article_id")
    sent_cols = [c for c in f.columns if c.startswith("sentiment.")]
    assert sent_cols
    russia = f[[c for c in sent_cols if c.startswith("sentiment.Russia.")]]
    assert russia.notna().any().any()
    assert ((russia.dropna(how="all") >= -1) & (russia.dropna(how="all") <= 1)).all().all()


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_scores_round_trip(scores, tmp_path, fmt):
    scores.save(tmp_path, fmt=fmt)
    back = Scores.load(tmp_path)
    assert len(back.spans) == len(scores.spans)
    assert back.spans["text"].tolist() == scores.spans["text"].tolist()
    assert back.features.shape == scores.features.shape


def test_featurizer_in_a_pipeline(seeds_dir):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    articles = framing.load_corpus(seeds_dir, progress=False)
    y = (articles["published"].dt.year == 2023).astype(int)
    pipe = make_pipeline(framing.FramingFeaturizer(), LogisticRegression(max_iter=500))
    pipe.fit(articles["text"], y)
    assert pipe.predict(articles["text"]).shape == (5,)
    names = pipe[0].get_feature_names_out()
    assert "rate.loaded term.author" in set(names)
    X = pipe[0].transform(articles["text"])
    assert X.shape == (5, len(names)) and np.isfinite(X).all()


@pytest.mark.parametrize("text", [
    "",
    "no punctuation at all just words about drills and troops and an escalation",
    'He said "this never closes and the escalation goes on',
    "Москва заявила, что учения «носят оборонительный характер».",
])
def test_awkward_articles_score_without_crashing(text):
    arts = pd.DataFrame({"article_id": ["a"], "text": [text]})
    s = framing.score(arts)
    assert len(s.features) == 1
    for start, end, t in s.spans[["start", "end", "text"]].itertuples(index=False):
        assert text[start:end] == t


def test_cli_score_writes_tables(seeds_dir, tmp_path):
    out = tmp_path / "scores"
    assert main(["score", str(seeds_dir), "--out", str(out), "-q"]) == 0
    for name in ("articles", "sentences", "spans", "quotes", "features"):
        assert (out / f"{name}.parquet").exists() and (out / f"{name}.csv").exists()
    assert len(pd.read_parquet(out / "spans.parquet")) > 10
