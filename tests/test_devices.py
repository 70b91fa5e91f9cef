"""find_devices on the real seed articles, context rules, voice, and awkward input."""
from __future__ import annotations

from bisect import bisect_left
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from framing.device_rules import _ArticleNames, _negated, _negates, _starts_clause
from framing.devices import SPAN_COLUMNS, _last_words, find_devices
from framing.lexicon import load_lexicon
from framing.text import sentence_spans, stem, word_offsets

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    with open(path, newline="", encoding="utf-8") as f:  # raw: cleaning is not ours
        return f.read()


def devices(text: str, quotes=None, scare=None) -> pd.DataFrame:
    return find_devices(text, sentence_spans(text), quotes, scare)


def found(df: pd.DataFrame, device: str) -> set[str]:
    return set(df.loc[df["device"] == device, "text"])


def test_columns_and_offsets_on_every_seed():
    for path in sorted(SEEDS.glob("*.txt")):
        text = seed(path.name[:3])
        df = devices(text)
        assert list(df.columns) == SPAN_COLUMNS
        assert len(df) > 0
        for row in df.itertuples():
            assert text[row.start:row.end] == row.text
            s, e = sentence_spans(text)[row.sentence_index]
            assert s <= row.start and row.end <= e


def test_seed_004_allegedly_invade_escalatory_kiev_fueling():
    df = devices(seed("004"))
    hedges = df[df["device"] == "hedge"]
    assert 'allegedly "invade' in set(hedges["text"])
    assert "allegedly invade" in set(hedges["entry"])
    loaded = found(df, "loaded term")
    assert "escalatory" in loaded
    assert "fueling" in loaded  # the entry is "fuel": inflection matched
    assert set(df.loc[df["text"] == "escalatory", "category"]) == {"escalation"}
    naming = df[df["device"] == "naming choice"]
    assert "Kiev" in set(naming["text"])
    assert set(naming.loc[naming["text"] == "Kiev", "neutral"]) == {"Kyiv"}


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_defensive_in_nature_is_a_euphemism(prefix):
    df = devices(seed(prefix))
    rows = df[df["text"] == "defensive in nature"]
    assert list(rows["device"]) == ["euphemism"]
    # longest match: "defensive" alone is not reported inside the phrase
    assert not ((df["start"] >= rows["start"].iloc[0]) & (df["end"] < rows["end"].iloc[0])).any()


def test_kyiv_in_the_other_seeds_and_seed_words():
    assert "Kyiv" in found(devices(seed("000")), "naming choice")
    assert "Kyiv" in found(devices(seed("001")), "naming choice")
    assert "Kiev" not in found(devices(seed("001")), "naming choice")
    d0 = devices(seed("000"))
    assert {"deadly", "war-torn"} <= found(d0, "loaded term")
    assert "worrisome" in found(devices(seed("001")), "loaded term")
    assert "technical drills" in found(devices(seed("001")), "euphemism")


def test_quoted_voice_uses_the_quote_spans():
    text = seed("001")
    start = text.index("defensive in nature")
    quotes = pd.DataFrame({"start": [start], "end": [start + len("defensive in nature")],
                           "speaker": ["Minsk"], "speaker_group": ["Belarusian government"]})
    df = devices(text, quotes=quotes)
    row = df[df["text"] == "defensive in nature"].iloc[0]
    assert (row["voice"], row["speaker"], row["speaker_group"]) == (
        "quoted", "Minsk", "Belarusian government")
    assert df.loc[df["text"] == "worrisome", "voice"].iloc[0] == "author"


def test_with_the_quotes_module_on_seed_004():
    quotes_mod = pytest.importorskip("framing.quotes")
    text = seed("004")
    sents = sentence_spans(text)
    quotes = quotes_mod.find_quotes(text, sents)
    scare = quotes_mod.find_scare_quotes(text, quotes, sents)
    df = find_devices(text, sents, quotes, scare)
    esc = df[df["text"] == "escalatory"]
    assert (esc["voice"] == "quoted").any()
    assert df.loc[df["text"] == "fueling", "voice"].iloc[0] == "author"


def test_scare_quotes_become_author_spans():
    text = 'The West accused Russia of preparing to allegedly "invade" Ukraine.'
    s = text.index("invade")
    df = devices(text, scare=[(s, s + 6)])
    row = df[df["device"] == "scare quote"].iloc[0]
    assert (row["text"], row["voice"], row["entry"]) == ("invade", "author", "invade")
    df2 = devices(text, scare=pd.DataFrame({"start": [s], "end": [s + 6]}))
    assert (df2["device"] == "scare quote").sum() == 1


def test_scare_quote_inside_a_quote_stays_the_authors():
    text = 'He said the "liberation" was brutal. It was a deadly strike.'
    s = text.index("liberation")
    quotes = {"start": [0], "end": [36], "speaker": ["He"], "speaker_group": ["x"]}
    df = devices(text, quotes=quotes, scare=[(s, s + len("liberation"))])
    rows = df.set_index("text")[["device", "voice", "speaker"]]
    assert rows.loc["liberation"].tolist() == ["scare quote", "author", ""]
    assert rows.loc["brutal"].tolist() == ["loaded term", "quoted", "He"]
    assert rows.loc["deadly"].tolist() == ["loaded term", "author", ""]


def test_context_rules():
    # rule 0: stems are not enough -- "dead" is not "deadly", "will" is not "willing"
    assert devices("Three people are dead.").empty
    assert "deadly" in found(devices("It was a deadly strike."), "loaded term")
    # rule 2: negation
    assert "brutal" not in found(devices("The response was not brutal."), "loaded term")
    # rule 3: proper names
    assert found(devices("They visited the Liberty Bell Center."), "loaded term") == set()
    text = "Liberty said no. He met the Liberty group. It was an evil plan."
    assert found(devices(text), "loaded term") == {"evil"}
    assert "liberty" in found(devices("They fought for liberty."), "loaded term")
    assert "BRUTAL" in found(devices("It was a BRUTAL move."), "loaded term")  # emphasis
    head = devices("Brutal Crackdown Shocks Capital")  # title case: cannot tell, keep
    assert {"Brutal", "Crackdown"} <= found(head, "loaded term")
    # rule 4: verb-only entries
    assert "fuel" not in found(devices("Jet fuel prices rose."), "loaded term")
    assert "fueled" in found(devices("Sanctions fueled anger."), "loaded term")
    # rule 5: attribution verbs introduce a source; nouns do not
    assert "claimed" in found(devices("The ministry claimed that it was fine."),
                              "attribution verb")
    assert found(devices("He repeated the claims at length."), "attribution verb") == set()


@pytest.mark.parametrize("text", [
    "", " ", "\n\n", "no punctuation at all just words deadly worrisome escalatory",
    "Россия и Беларусь начали совместные учения. Киев обеспокоен.",
    "俄罗斯和白俄罗斯开始联合演习。", "«так называемая» операция", '""', "“ ”", "-", "a",
])
def test_awkward_text_does_not_crash(text):
    df = devices(text)
    assert list(df.columns) == SPAN_COLUMNS
    for row in df.itertuples():
        assert text[row.start:row.end] == row.text


def test_no_punctuation_still_finds_words():
    df = devices("no punctuation at all just deadly escalatory drills")
    assert {"deadly", "escalatory"} <= found(df, "loaded term")


def test_empty_sentences_list():
    assert find_devices("deadly", [], None).empty


def _names_by_definition(text, starts, ends, strings, first_w, last_w, title) -> set[str]:
    """Rule 3's names, every capitalised word of every sentence tested in turn."""
    in_sentences = {strings[i] for f, l in zip(first_w, last_w) for i in range(f, l + 1)}
    caps = {strings[i].lower() for k, (f, l) in enumerate(zip(first_w, last_w))
            if not title(k) for i in range(f, l + 1)
            # capitalised (not ALL CAPS) and not opening a clause
            if strings[i][0].isupper() and not strings[i].isupper()
            and not _starts_clause(text, starts, ends, i, f)}
    return {c for c in caps if not (c in in_sentences and c[0].islower())}


_NAME_TEXTS = [
    "Liberty said no. He met the Liberty group. It was an evil plan.",
    "Brutal Crackdown Shocks Capital\nThe Brutal regime fell. Brutal, they said.",
    "Trump spoke. Then TRUMP shouted. Later trump cards. The LiBerty Bell and Liberty.",
    "Σ is a letter. The ΟΔΟΣ sign. İstanbul and İstanbul: \"Faithful\" met the Faithful.",
]


@pytest.mark.parametrize("sentences", ["all", "every other", "overlapping", "shuffled"])
def test_article_names_equal_their_definition(sentences):
    # Each word is asked about alone (its stem's occurrences looked at); the answers
    # equal the set built by testing every capitalised word, also when the sentences
    # leave words out, overlap or come out of order.
    texts = [seed(p.name[:3]) for p in sorted(SEEDS.glob("*.txt"))] + _NAME_TEXTS
    for text in texts:
        sents = sentence_spans(text)
        if sentences == "every other":
            sents = sents[::2]
        elif sentences == "overlapping":
            sents = [(s, min(e + 40, len(text))) for s, e in sents]
        elif sentences == "shuffled":
            sents = sents[1::2] + sents[::2]
        strings, starts, ends = word_offsets(text)
        first_w = [sum(a < s for a in starts) for s, _ in sents]
        last_w = [sum(a < e for a in starts) - 1 for _, e in sents]
        title = lambda k: k % 4 == 1  # noqa: E731  (some sentences taken as headlines)
        expected = _names_by_definition(text, starts, ends, strings, first_w, last_w, title)
        names = _ArticleNames(text, starts, ends, strings, list(map(stem, strings)),
                              set(strings), first_w, last_w, title)
        assert {w.lower() for i, w in enumerate(strings) if names.named(i)} == expected
        assert all(names.named(i) == (w.lower() in expected) for i, w in enumerate(strings))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 60), max_size=12, unique=True).map(sorted),
       st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=6))
def test_last_words_equal_their_bisection(word_starts, sentences):
    # The guessed insertion points (the next sentence's first word) are checked, so the
    # answer is the bisection's for any sentences: in order or not, overlapping or not.
    first_w = [bisect_left(word_starts, s) for s, _ in sentences]
    assert _last_words(word_starts, first_w, sentences) == [
        bisect_left(word_starts, e) - 1 for _, e in sentences]


_NEGATION_WORDS = ["not", "Not", "NEVER", "no", "won't", "Won’t", "cannot", "brutal",
                   "the", "nor", "hardly", "notably", "nothing", "isn’t"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_NEGATION_WORDS), st.text(min_size=1, max_size=5)),
                min_size=1, max_size=6), st.data())
def test_negated_equals_its_definition(strings, data):
    # Rule 2 reads the word table directly, falling back to values() for words new to
    # the process (the random ones): the answer is the definition's either way.
    i = data.draw(st.integers(0, len(strings) - 1))
    first_word = data.draw(st.integers(0, i))
    before = strings[max(i - 2, first_word):i]
    assert _negated(strings, i, first_word) == any(map(_negates, before))
    assert _negated(strings, i, first_word) == any(map(_negates, before))  # now known


_WORDS = ["deadly", "war-torn", "Kiev", "Kyiv", "allegedly", '"invade"', "defensive",
          "in", "nature", "technical", "drills", "said", "claimed", "the", "not", "fueling",
          "special", "military", "operation", "’s", "Mr.", "U.S.", "—", "«", "»", "\n", ",",
          ".", "?", "!", "'", "Völker", "ünïcode", "123"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=6)), max_size=40),
       st.lists(st.sampled_from([" ", "", "-", '"', "\n"]), min_size=40, max_size=40))
def test_offsets_property(parts, seps):
    text = "".join(p + s for p, s in zip(parts, seps))
    sents = sentence_spans(text)
    qs = [(s, min(s + 5, e)) for s, e in sents[:2]]
    quotes = pd.DataFrame({"start": [a for a, _ in qs], "end": [b for _, b in qs],
                           "speaker": "x", "speaker_group": "y"})
    df = find_devices(text, sents, quotes, scare_quotes=qs)
    for row in df.itertuples():
        assert text[row.start:row.end] == row.text
        assert 0 <= row.sentence_index < len(sents)


def test_one_pass_is_fast_enough():
    import time
    text = "\n".join(seed(p) for p in ("000", "001", "002", "003", "004")) * 4
    load_lexicon()
    t0 = time.perf_counter()
    devices(text)
    assert time.perf_counter() - t0 < 2.0
