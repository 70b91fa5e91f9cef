"""``framing.compare(folder)``: a streamed output compared part by part gives the tables
that comparing the whole loaded output gives, without holding the texts."""
from __future__ import annotations

import json

import pandas as pd
import pytest

import framing
from framing.compare.folder import compare_folder
from framing.errors import FramingError
from framing.stream import stream_score

N_BOOT = 200


def assert_same_comparison(a, b) -> None:
    assert a.table_names == b.table_names
    for name in a.table_names:
        pd.testing.assert_frame_equal(getattr(a, name).reset_index(drop=True),
                                      getattr(b, name).reset_index(drop=True), obj=name)
    assert a.params == b.params


def _ptc_folder(ptc_dir, tmp, events: bool):
    """120 real articles, six outlets, nine days, three copies (outlet G republishing
    earlier texts), with or without manifest events, streamed in chunks of 25."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ptc_dir / "articles")
                                                            .glob("*.txt"))][:120]
    src = tmp / "ptc.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for i, t in enumerate(texts):
            row = {"outlet": "ABCDEF"[i % 6], "published": f"2022-01-{1 + i % 9:02d}",
                   "text": t}
            if events:
                row["event"] = f"e{i % 5}"
            fh.write(json.dumps(row) + "\n")
        for i in (3, 10, 17):
            fh.write(json.dumps({"outlet": "G", "published": "2022-01-20",
                                 "text": texts[i]}) + "\n")
    return stream_score(src, tmp / "out", chunk_size=25, progress=False)


@pytest.fixture(scope="module")
def ptc_folder(ptc_dir, tmp_path_factory):
    return _ptc_folder(ptc_dir, tmp_path_factory.mktemp("ptc-events"), events=True)


def test_seeds_folder_compares_like_the_loaded_tables(seeds_dir, tmp_path):
    out = stream_score(seeds_dir, tmp_path / "seeds", chunk_size=2, progress=False)
    in_memory = framing.compare(framing.Scores.load(out), n_boot=N_BOOT)
    by_parts = framing.compare(out, n_boot=N_BOOT)   # a path goes to compare_folder
    assert_same_comparison(in_memory, by_parts)
    # The seeds' one syndicated copy is found and counted once.
    assert len(by_parts.copies) == 1 and by_parts.copies["similarity"].iloc[0] > 0.9
    assert by_parts.outlets["n_copies"].sum() == 1


def test_claim_limit_skips_the_same_events_part_by_part_in_two_processes(ptc_folder):
    in_memory = framing.compare(framing.Scores.load(ptc_folder), n_boot=N_BOOT,
                                claim_max_sentences=900)
    # Coverage clustered in two forked processes, claims spilled and read back by
    # event bucket: the same tables.
    by_parts = compare_folder(ptc_folder, n_boot=N_BOOT, spill_rows=500,
                              claim_max_sentences=900, workers=2)
    assert_same_comparison(in_memory, by_parts)
    skipped = by_parts.params["coverage_skipped"]
    assert skipped == in_memory.params["coverage_skipped"]
    assert skipped and all(n > 900 for n in skipped.values())
    assert not by_parts.coverage["event"].isin(list(skipped)).any()
    assert by_parts.coverage["event"].nunique() == 5 - len(skipped) > 0


def test_ptc_folder_with_copies_and_spilled_claims_compares_the_same(ptc_folder):
    in_memory = framing.compare(framing.Scores.load(ptc_folder), n_boot=N_BOOT)
    # 500 claim sentences at most in memory: the 4,740 are spilled to disk by event.
    by_parts = compare_folder(ptc_folder, n_boot=N_BOOT, spill_rows=500)
    assert_same_comparison(in_memory, by_parts)
    assert sorted(by_parts.copies["outlet"]) == ["G", "G", "G"]
    assert (by_parts.copies["similarity"] == 1.0).all()
    assert by_parts.outlets.set_index("outlet").loc["G", "n_articles"] == 0
    assert by_parts.coverage["event"].nunique() == 5
    assert len(by_parts.shared_quotes) > 0


def test_events_are_clustered_from_term_counts_like_from_texts(ptc_dir, tmp_path):
    out = _ptc_folder(ptc_dir, tmp_path, events=False)
    in_memory = framing.compare(framing.Scores.load(out), n_boot=N_BOOT)
    by_parts = compare_folder(out, n_boot=N_BOOT)
    assert_same_comparison(in_memory, by_parts)
    how = by_parts.events["assigned_by"]
    assert how.str.startswith("copy of").sum() == 3
    assert (how.str.startswith("cluster") | how.str.startswith("copy of")).all()
    # Real clustering happened: several events, some with articles of several outlets.
    assert by_parts.event_summary["n_outlets"].max() >= 2
    assert 5 <= len(by_parts.event_summary) < 120


def test_negative_workers_refused(ptc_folder):
    with pytest.raises(FramingError, match="workers"):
        compare_folder(ptc_folder, workers=-1)


def test_not_a_streamed_folder_is_refused(seeds_dir):
    with pytest.raises(FramingError, match="_manifest.json"):
        compare_folder(seeds_dir)


def test_cli_compare_reads_a_streamed_folder_part_by_part(ptc_folder, tmp_path):
    from framing.cli import main

    assert main(["compare", str(ptc_folder), "--out", str(tmp_path / "cmp"), "-q"]) == 0
    expected = compare_folder(ptc_folder)   # the CLI's defaults
    for name in ("profiles", "copies", "coverage_unique"):
        written = pd.read_csv(tmp_path / "cmp" / f"{name}.csv")
        assert len(written) == len(getattr(expected, name)) > 0


def test_spilled_claim_sentences_come_back_whole_one_event_at_a_time(ptc_folder, tmp_path):
    from framing.compare.coverage import claim_sentences
    from framing.compare.folder import _spill, _spilled_events

    scores = framing.Scores.load(ptc_folder)
    events = framing.compare(scores, n_boot=10).events
    sent = claim_sentences(scores.sentences.assign(
        article_id=scores.sentences["article_id"].astype(str)), events)
    thirds = [sent.iloc[i::3] for i in range(3)]       # three flushes, four buckets
    for k, part in enumerate(thirds):
        _spill([part], 4, tmp_path, k)
    assert len(list(tmp_path.glob("bucket-*/*.parquet"))) > 4   # really on disk
    back = dict(_spilled_events(tmp_path, 4))
    assert sorted(back) == sorted(sent["event"].unique())       # each event once
    for event, g in sent.groupby("event"):
        key = ["article_id", "sentence_id"]
        pd.testing.assert_frame_equal(
            back[event].sort_values(key).reset_index(drop=True),
            g.sort_values(key).reset_index(drop=True), check_dtype=False)
