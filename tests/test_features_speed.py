"""features._span_counts (pyarrow's group-by) counts as a Counter of the spans'
(article, device, category, voice) tuples did, on the seeds' spans and on object
columns with missing values."""
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from framing.features import _SPAN_KEYS, _span_counts

SEEDS = Path(__file__).parent.parent / "seeds"


def _missing_as_none(key):
    return tuple(None if v is None or isinstance(v, float) and np.isnan(v) else v
                 for v in key)


def _expected(spans):
    return {_missing_as_none(k): n
            for k, n in Counter(zip(*(spans[c].tolist() for c in _SPAN_KEYS))).items()}


def _counted(spans):
    return {_missing_as_none(row[:4]): row[4] for row in _span_counts(spans)}


def test_span_counts_as_a_counter_on_the_seeds():
    from framing.stream_input import iter_chunks, score_chunk
    _, recs = next(iter(iter_chunks(str(SEEDS), 1000)))
    spans = score_chunk(recs)["spans"]
    assert len(spans) > 20
    assert _counted(spans) == _expected(spans)


def test_span_counts_missing_values_and_object_columns():
    spans = pd.DataFrame({"article_id": ["a", "a", "b", "a", "b"],
                          "device": ["x", "x", "x", "y", "x"],
                          "category": [None, None, "c", np.nan, "c"],
                          "voice": ["author", "author", "quoted", "mixed", "quoted"]},
                         dtype=object)
    assert _counted(spans) == _expected(spans) == {
        ("a", "x", None, "author"): 2, ("b", "x", "c", "quoted"): 2,
        ("a", "y", None, "mixed"): 1}
