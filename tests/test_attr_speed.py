"""The quote analysis's fast paths give what the slower lookups they replace gave."""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from framing.attributions import Context
from framing.quotemarks import pair_quote_marks
from framing.text import sentence_spans


def _texts(seeds_dir, ptc_dir):
    yield from (p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt")))
    yield from (p.read_text(encoding="utf-8")
                for p in sorted((ptc_dir / "articles").glob("*.txt")))


def test_verb_word_indices_are_the_bisections(seeds_dir, ptc_dir):
    # Context.verbs carries each verb's first word and the word after it, which
    # find_attributions once found by bisecting the word ends and starts.
    n = 0
    for text in _texts(seeds_dir, ptc_dir):
        ctx = Context(text, sentence_spans(text), pair_quote_marks(text))
        for vs, ve, _verb, first, after in ctx.verbs:
            assert first == bisect_right(ctx.wends, vs)
            assert after == bisect_left(ctx.wstarts, ve)
            n += 1
    assert n > 100
