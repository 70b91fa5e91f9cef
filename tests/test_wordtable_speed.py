"""WordTable followers: filled and replaced with their lead, the same values as
computing each word, on real text (the seeds) across many refills."""
from pathlib import Path

from framing.text import stem, words
from framing.wordtable import WordTable

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))


def _upper_all(ws):
    return [w.upper() for w in ws]


def test_followers_same_values_as_computing_each_word_across_refills():
    lead = WordTable(stem, limit=300)   # replaced every few paragraphs
    follower = WordTable(len, lead=lead)
    batch_follower = WordTable(_upper_all, batch=True, lead=lead)
    texts = [t for p in SEEDS for t in p.read_text(encoding="utf-8").splitlines() if t]
    assert len(texts) > 20
    replaced = 0
    for text in texts + texts:
        before = len(lead.table)
        ws = words(text)
        distinct = set(ws)
        assert lead.values(ws, distinct) == list(map(stem, ws))
        replaced += len(lead.table) < before
        assert follower.values(ws, distinct) == list(map(len, ws))
        assert batch_follower.values(ws, distinct) == _upper_all(ws)
        # The lead fills its followers (joined at their first lookup), so their next
        # lookup needs no set difference.
        assert follower.table.keys() == lead.table.keys() == batch_follower.table.keys()
    assert replaced > 3
    assert follower.values(["unseen", "words"]) == [6, 5]   # text the lead never saw


def test_scoring_tables_follow_the_stem_table():
    from framing import copies, features, matcher
    assert features._SYLLABLES_OF_WORD.lead is matcher._STEM_OF_WORD
    assert copies._HASH_OF_WORD.lead is matcher._STEM_OF_WORD
    ws = words(SEEDS[0].read_text(encoding="utf-8"))
    assert features.word_syllables(ws, set(ws)) == (len(ws), sum(map(features._syllables, ws)))
