"""The one phrase matcher: its rules, and its process-wide word tables."""
from __future__ import annotations

import pandas as pd
from hypothesis import given, settings, strategies as st

import framing
from framing import matcher
from framing.matcher import PhraseMatcher
from framing.text import words


def test_rules_on_real_wording():
    m = PhraseMatcher(["allegedly invade", "invade", "war torn", "US", "defensive in nature"])
    text = ('The West accused Russia of preparing to allegedly "invade" the war-torn '
            'country; the drills were "defensive in nature", let us say, said the US.')
    found = [(text[s:e], [m.phrases[i] for i in ids]) for s, e, ids in m.find(text)]
    assert found == [('allegedly "invade', ["allegedly invade"]),
                     ("war-torn", ["war torn"]),
                     ("defensive in nature", ["defensive in nature"]),
                     ("US", ["US"])]   # "us" in "let us say" is not the United States
    # A word between the parts breaks a phrase; inflections match.
    t = "allegedly, troops invaded"
    assert [(t[s:e], ids) for s, e, ids in m.find(t)] == [("invaded", (1,))]


def test_a_start_word_no_next_word_continues_is_skipped_alike():
    """A first word that ends no phrase ("the") is dropped where the next word does not
    continue it; the matches are those of trying every word."""
    m = PhraseMatcher(["the kremlin", "to the west"])
    assert m.find("to the Kremlin, said the spokesman") == [(3, 14, (0,))]
    assert m.find("to the spokesman") == []   # no "kremlin" after "the"
    assert m.find("to the spokesman, west of it") == []   # "to" tried, not continued
    assert m.find("west to the west") == [(5, 16, (1,))]
    # "the" goes on with an exact key ("the US") too: tried, the capitals matter.
    m = PhraseMatcher(["the US", "the kremlin"])
    assert m.find("the US and the us") == [(0, 6, (0,))]


def test_words_that_only_share_an_acronyms_stem_match_nothing():
    """An acronym's words are found by its stem; the other words of that stem are
    passed over, whether or not a phrase starts with that stem."""
    m = PhraseMatcher(["US", "the US"])
    t = "let us see: US'S aid, the US and Us, US"
    assert [t[s:e] for s, e, _ in m.find(t)] == ["the US", "US"]
    m = PhraseMatcher(["US", "us army"])
    t = "US army and us soldiers, us army"
    assert [(t[s:e], ids) for s, e, ids in m.find(t)] == [("US", (0,)), ("us army", (1,))]


def test_small_vocabulary_tables_give_the_same_tables(seeds_dir, monkeypatch):
    """The word tables are bounded; refilling them mid-run changes no row."""
    articles = framing.load_corpus(seeds_dir, progress=False)
    before = framing.score(articles)
    monkeypatch.setattr(matcher._STEM_OF_WORD, "limit", 50)   # replaced every article
    monkeypatch.setattr(matcher._STEM_OF_WORD, "table", {})
    after = framing.score(articles)
    # Replaced per article, so it holds at most one article's words, fewer than the
    # seeds' 594 distinct words together.
    per_article = max(len(set(words(t))) for t in articles["text"])
    vocabulary = len({w for t in articles["text"] for w in words(t)})
    assert per_article < vocabulary
    assert len(matcher._STEM_OF_WORD.table) <= per_article
    for name in ("sentences", "spans", "quotes", "features"):
        pd.testing.assert_frame_equal(getattr(before, name), getattr(after, name))


def test_word_table_lookup_equals_a_lookup_per_word():
    """``_lookup`` (one itemgetter call) gives ``[table[w] for w in words]`` for every
    length, including the 0- and 1-word lists itemgetter treats apart."""
    import pytest

    from framing.wordtable import WordTable, _lookup
    table = {w: len(w) for w in words("Minsk called the drills defensive in nature")}
    for n in range(5):
        ws = list(table)[:n] + list(table)[:n]
        assert _lookup(table, ws) == [table[w] for w in ws]
        assert type(_lookup(table, ws)) is list
    with pytest.raises(KeyError):
        _lookup(table, ["Minsk", "Kyiv"])
    lengths = WordTable(len, limit=3)
    for ws in (["a"], [], ["bb", "a", "ccc", "bb"], ["dddd", "a"]):
        assert lengths.values(ws) == list(map(len, ws))


def test_exact_keys_inside_phrases_and_acronyms_no_exact_key_names():
    """Only the words an exact key stands for are looked up by it, at any position of
    a phrase; other acronyms ("NATO" for the entry *nato*) match by their stem."""
    m = PhraseMatcher(["nato", "allied EU troops", "EU", "the nato summit"])
    t = "NATO said allied EU troops, not allied eu troops; the NATO summit, EU-wide"
    assert [(t[s:e], ids) for s, e, ids in m.find(t)] == [
        ("NATO", (0,)), ("allied EU troops", (1,)), ("the NATO summit", (3,)),
        ("EU", (2,))]


def _walk_every_word(m, text):
    """Reference: the trie walked from every word with both keys of each word (the
    exact key of every acronym), leftmost-longest -- no start tables, no fast paths."""
    spans = [(a, b) for a, b in zip(*framing.text.word_offsets(text)[1:])]
    keys = [(("=" + w if matcher._is_exact(w) else ""), framing.text.stem(w))
            for w in (text[a:b] for a, b in spans)]
    out, i = [], 0
    while i < len(spans):
        node, best, j = m._trie, None, i
        while j < len(spans):
            if j > i and matcher._GAP_RE.fullmatch(text, spans[j - 1][1], spans[j][0]) is None:
                break
            exact, stemmed = keys[j]
            node = exact and node.get(exact) or node.get(stemmed)
            if node is None:
                break
            if matcher._END in node:
                best = (spans[i][0], spans[j][1], node[matcher._END])
            j += 1
        if best is None:
            i += 1
            continue
        out.append(best)
        while i < len(spans) and spans[i][0] < best[1]:
            i += 1
    return out


def test_matches_equal_a_walk_from_every_word(seeds_dir):
    """The lexicon, actor and speech-verb matchers on the seeds find what a plain walk
    from every word finds."""
    from framing.actors import _actor_matcher
    from framing.attributions import _verb_matcher
    from framing.devices import load_lexicon
    articles = framing.load_corpus(seeds_dir, progress=False)
    texts = list(articles["text"]) + ["the US and us, NATO's US-led EU troops"]
    found = 0
    for m in (load_lexicon().matcher, _actor_matcher(), _verb_matcher()):
        for text in texts:
            expected = _walk_every_word(m, text)
            assert m.find(text) == expected
            found += len(expected)
    assert found > 100


def test_texts_longer_than_the_index_list_match_to_their_end(monkeypatch):
    monkeypatch.setattr(matcher, "_INDEX_LIST", list(range(10)))
    monkeypatch.setattr(matcher, "_MAX_INDEX_LIST", 100)
    m = PhraseMatcher(["the US", "war"])
    for n, kept in ((20, 100), (40, 100)):   # 63 words: list grown; 123: a range()
        text = "war and peace " * n + "said the US"
        found = m.find(text)
        assert len(found) == n + 1 and text[found[-1][0]:found[-1][1]] == "the US"
        assert len(matcher._INDEX_LIST) == kept


def test_word_spans_view_reads_like_the_list_of_pairs(seeds_dir):
    """``article_words`` gives a WordSpans view; the matchers find the same with it,
    with a plain list of the same pairs and without the key cache."""
    from framing.text import word_spans
    m = framing.load_lexicon().matcher
    for text in framing.load_corpus(seeds_dir, progress=False)["text"]:
        spans, keys = matcher.article_words(text)
        pairs = word_spans(text)
        assert spans == pairs and pairs == spans and len(spans) == len(pairs)
        assert spans[3:9] == pairs[3:9] and spans[-1] == pairs[-1]
        # Without the key cache the pairs are keyed afresh: an independent path.
        assert m.find_in_words(text, spans, keys) == m.find_in_words(text, pairs)


def test_exact_word_test_equals_its_letter_by_letter_definition():
    """_is_exact answers False at once for a word with no capital (islower); the
    same verdict as testing its letters, for every code point alone, doubled, and
    beside capitals, lower-case letters and a non-letter lower-case character."""
    import sys

    def slow(word):
        letters = [c for c in word if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)

    for code in range(sys.maxunicode + 1):
        c = chr(code)
        for word in (c, c + c, "A" + c, c + "B", "US" + c, "ab" + c, "Ⅰ" + c + "ⅰ"):
            assert matcher._is_exact(word) == slow(word), ascii(word)


_START_PHRASES = ["the US", "the kremlin", "us army", "US", "in nature", "in the west",
                  "the west", "west", "nato", "the NATO summit", "war", "war torn", "torn"]
_START_WORDS = ["the", "The", "US", "us", "Us", "US'S", "kremlin", "army", "in", "nature",
                "west", "NATO", "nato", "summit", "war", "torn", "said", "-", '"']


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_START_WORDS), max_size=25), st.integers(1, 13))
def test_start_tables_equal_a_walk_from_every_word(ws, n_phrases):
    """The one-word and the next-word start tables (first keys no acronym's stem
    shares) give the walk's matches, whatever the phrases and the words around them."""
    m = PhraseMatcher(_START_PHRASES[:n_phrases])
    text = " ".join(ws)
    assert m.find(text) == _walk_every_word(m, text)


def test_start_words_are_picked_among_those_of_every_matcher():
    """The words any matcher may start at are found once per text, and again when a
    matcher made since adds start stems; each matcher's matches stay its own."""
    text = "the summit of the zyxwv bloc"
    spans, keys = matcher.article_words(text)
    assert PhraseMatcher(["summit"]).find_in_words(text, spans, keys) == [(4, 10, (0,))]
    before = keys.candidates
    late = PhraseMatcher(["zyxwv bloc"])   # a start stem new to the process
    assert matcher._candidates(keys)[0] is not before[1]
    assert late.find_in_words(text, spans, keys) == [(18, 28, (0,))]
    assert PhraseMatcher(["summit"]).find_in_words(text, spans, keys) == [(4, 10, (0,))]
