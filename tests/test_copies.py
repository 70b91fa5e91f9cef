"""Syndicated copies: 003 copies 001; LSH scales; rules about outlets and dates."""
from __future__ import annotations

import random
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.clean import clean_text
from framing import copies as copies_mod
from framing.copies import find_copies, jaccard, shingles
from framing.text import sentence_spans

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def seed_articles() -> pd.DataFrame:
    manifest = pd.read_csv(SEEDS / "manifest.csv", dtype=str)
    return pd.DataFrame({
        "article_id": manifest["file"].str.removesuffix(".txt"),
        "outlet": manifest["outlet"],
        "published": pd.to_datetime(manifest["published"]),
        "text": [clean_text((SEEDS / f).read_text(encoding="utf-8"))[0]
                 for f in manifest["file"]],
    })


@pytest.fixture(scope="module")
def seed_sentences() -> list[str]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = clean_text(path.read_text(encoding="utf-8"))[0]
        out += [text[s:e] for s, e in sentence_spans(text) if len(text[s:e].split()) > 6]
    return sorted(set(out))


def test_seed_003_is_the_only_copy(seed_articles):
    copies = find_copies(seed_articles)
    assert copies[["article_id", "copy_of"]].values.tolist() == [
        ["003_1998e0662f3ef197", "001_5e91cf48cce6411a"]]
    assert copies["similarity"].iloc[0] == 1.0


def test_copy_points_to_the_earlier_article(seed_articles):
    # Publish 001 a day after 003: now 001 is the copy.
    arts = seed_articles.copy()
    arts.loc[arts["article_id"].str.startswith("001"), "published"] += pd.Timedelta("1D")
    assert find_copies(arts)[["article_id", "copy_of"]].values.tolist() == [
        ["001_5e91cf48cce6411a", "003_1998e0662f3ef197"]]


def test_same_outlet_is_not_syndication(seed_articles):
    arts = seed_articles.copy()
    arts.loc[arts["article_id"].str.startswith("003"), "outlet"] = "Armed Forces Press"
    assert find_copies(arts).empty
    both = find_copies(arts, across_outlets_only=False)
    assert both["article_id"].tolist() == ["003_1998e0662f3ef197"]


def test_same_event_different_text_is_not_a_copy(seed_articles):
    # 002 and 004 report the same drills from the same day, in different words.
    arts = seed_articles[seed_articles["article_id"].str[:3].isin(["002", "004"])]
    assert find_copies(arts, threshold=0.3).empty


def test_near_copy_with_edits_and_leftover_furniture(seed_articles):
    base = seed_articles.loc[1, "text"]
    edited = base.replace("worrisome", "worrying").replace("10 days ago", "last week")
    arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"],
                         "text": [base, edited + "\nShare this article on Facebook"]})
    copies = find_copies(arts)
    assert copies["copy_of"].tolist() == ["a"]
    assert 0.8 < copies["similarity"].iloc[0] < 1.0


def test_short_texts_never_match():
    arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"],
                         "text": ["Watch the video here now."] * 2})
    assert find_copies(arts).empty


def test_jaccard_and_shingles():
    a = shingles("one two three four five six seven")
    assert len(a) == 3 and jaccard(a, a) == 1.0
    assert jaccard(a, shingles("eight nine ten eleven twelve")) == 0.0


def test_twenty_thousand_articles_without_all_pairs(seed_sentences):
    """LSH, not all pairs: 20,000 articles (10,000 originals + near-copies) in seconds."""
    rng = random.Random(7)
    n = 10_000
    originals = [" ".join(rng.sample(seed_sentences, 5)) for _ in range(n)]
    copies = []
    for text in originals:
        words = text.split()
        words[rng.randrange(len(words))] = "edited"
        copies.append(" ".join(words))
    arts = pd.DataFrame({
        "article_id": [f"o{i}" for i in range(n)] + [f"c{i}" for i in range(n)],
        "outlet": [f"outlet{i % 40}" for i in range(n)] + [f"outlet{(i + 1) % 40}"
                                                           for i in range(n)],
        "text": originals + copies,
    })
    found = find_copies(arts)
    pairs = dict(zip(found["article_id"], found["copy_of"]))
    recovered = sum(pairs.get(f"c{i}") == f"o{i}" for i in range(n))
    assert recovered >= 0.99 * n
    # Not all pairs: the LSH candidates checked are a vanishing share of the 2·10⁸
    # possible pairs (speed itself is measured in benchmarks/, never asserted here).
    sig, ok, _ = copies_mod._signatures(arts["text"].tolist(), 5, 20, 5000)
    candidates = copies_mod._candidates(sig, ok, np.arange(len(arts)), 8)
    all_pairs = len(arts) * (len(arts) - 1) // 2
    assert len(candidates) < 0.01 * all_pairs  # measured: 0.2%


def test_token_hashes_from_words_are_those_of_the_casefolded_text(seeds_dir, ptc_dir):
    """The streaming scorer's copy token hashes come from the words it already found;
    they must be exactly the hashes of the tokens of the casefolded text, on real news
    text and on the characters whose casefold moves a word boundary."""
    from framing.text import words

    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ptc_dir / "articles").glob("*.txt"))]
    texts += ["ǰÞ.𐐆. İstanbul’s STRASSE Straße", "ﬁnal ΣΊΣΥΦΟΣ a\u0345b", "Ǆ.Ǉ. U.S. A.ß."]
    fast = 0
    for text in texts:
        expected = pd.util.hash_array(np.asarray(copies_mod._tokens(text), dtype=object))
        found = words(text)
        got = copies_mod.token_hashes_from_words(text, found)
        assert got.dtype == np.uint64 and np.array_equal(got, expected)
        # As the scorer calls it, with the set of the words at hand.
        assert np.array_equal(copies_mod.token_hashes_from_words(text, found, set(found)),
                              expected)
        fast += copies_mod._unsafe_casefold_re().search(text) is None
    assert fast >= len(texts) - 3   # news text takes the lookup path
    unsafe = copies_mod._unsafe_casefold_re()
    assert unsafe.search("ǰ") and unsafe.search("\u0345") and not unsafe.search("ÞΣÉЖ")


def test_unsafe_casefold_characters_are_those_of_a_check_of_every_code_point():
    """The characters are found over a string of every code point built in C; the
    same set as casefolding each code point from chr() one by one (the first
    definition)."""
    word = re.compile(r"[^\W_]")
    slow = set()
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        cf = ch.casefold()
        if cf != ch and (len(cf) != 1 or bool(word.match(ch)) != bool(word.match(cf))):
            slow.add(ch)
    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    assert set(copies_mod._unsafe_casefold_re().findall(every)) == slow and len(slow) > 50


def test_token_hashes_are_pandas_hashes_across_refills(seeds_dir):
    """The process-wide token hash table gives pandas' hash of each token: for tokens
    it knows, new ones, and after it is replaced past its limit."""
    seed_tokens = [t for p in sorted(seeds_dir.glob("*.txt"))
                   for t in copies_mod._tokens(p.read_text(encoding="utf-8"))]
    rng = random.Random(7)
    many = [f"w{rng.randrange(10**12)}" for _ in range(copies_mod._HASH_OF_TOKEN.limit + 50_000)]
    for flat in (seed_tokens, seed_tokens, many[:1000] + seed_tokens, many, seed_tokens):
        expected = pd.util.hash_array(np.asarray(flat, dtype=object))
        assert np.array_equal(copies_mod._token_hashes(flat), expected)
    # Replaced, not grown without bound: it holds the last call's tokens only.
    assert len(copies_mod._HASH_OF_TOKEN.table) == len(set(seed_tokens))
