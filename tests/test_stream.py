"""Streaming scorer: same rows as framing.score, any input format, resume without loss."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.cli import main
from framing.errors import FramingError
from framing.score import Scores
from framing.stream import finished_chunks, iter_chunks, read_table, stream_score

TABLES = ("articles", "sentences", "spans", "quotes", "features")
KEYS = {"articles": ["article_id"], "sentences": ["sentence_id"],
        "spans": ["article_id", "start", "end", "device", "entry"],
        "quotes": ["article_id", "start", "end"], "features": ["article_id"]}


def _ptc_table(ptc_dir: Path, n: int) -> pd.DataFrame:
    rows = []
    for path in sorted((ptc_dir / "articles").glob("*.txt"))[:n]:
        with open(path, encoding="utf-8", newline="") as fh:
            rows.append({"id": path.stem, "text": fh.read(), "outlet": f"o{len(rows) % 3}"})
    return pd.DataFrame(rows)


def _same(a: pd.DataFrame, b: pd.DataFrame, name: str) -> None:
    keys = KEYS[name]
    a = a.sort_values(keys, kind="stable").reset_index(drop=True)
    b = b.sort_values(keys, kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(a[b.columns], b, check_dtype=False)


@pytest.fixture(scope="module")
def ptc_jsonl(ptc_dir, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("in") / "ptc.jsonl"
    _ptc_table(ptc_dir, 30).to_json(path, orient="records", lines=True, force_ascii=False)
    return path


@pytest.fixture(scope="module")
def ptc_reference(ptc_jsonl, tmp_path_factory) -> Path:
    return stream_score(ptc_jsonl, tmp_path_factory.mktemp("ref") / "out", chunk_size=7,
                        progress=False)


def test_seeds_folder_streams_to_the_same_tables_as_score(seeds_dir, tmp_path):
    out = stream_score(seeds_dir, tmp_path / "out", chunk_size=2, progress=False, fmt="both")
    expected = framing.score(framing.load_corpus(seeds_dir, progress=False))
    got = Scores.load(out)
    for name in TABLES:
        _same(getattr(got, name), getattr(expected, name), name)
        assert (out / f"{name}.csv").exists()
        # The Parquet dataset is readable as one table by plain pandas too.
        assert len(pd.read_parquet(out / f"{name}.parquet")) == len(getattr(expected, name))
    # The corpus-wide copy pass found the syndicated seed without all texts at once.
    assert got.articles.set_index("article_id")["copy_of"].to_dict()[
        "003_1998e0662f3ef197"] == "001_5e91cf48cce6411a"
    assert pd.read_parquet(out / "copies.parquet")["article_id"].tolist() == [
        "003_1998e0662f3ef197"]


def test_a_user_lexicon_streams_to_the_same_tables_as_score(seeds_dir, tmp_path):
    from framing.lexicon import load_lexicon

    user = Path(__file__).parent / "fixtures" / "lexicon" / "override.csv"
    out = stream_score(seeds_dir, tmp_path / "out", chunk_size=2, workers=2,
                       progress=False, lexicon_paths=[user])
    expected = framing.score(framing.load_corpus(seeds_dir, progress=False),
                             lexicon=load_lexicon([user]))
    got = Scores.load(out)
    for name in TABLES:
        _same(getattr(got, name), getattr(expected, name), name)
    # the user's override is in force in every worker: "deadly" is an intensifier there
    deadly = got.spans[got.spans["text"].str.lower() == "deadly"]
    assert len(deadly) and set(deadly["device"]) == {"intensifier"}


def test_formats_chunkings_and_workers_agree(ptc_dir, ptc_jsonl, ptc_reference, tmp_path):
    table = pd.read_json(ptc_jsonl, lines=True, dtype=False)
    table.to_parquet(tmp_path / "ptc.parquet", row_group_size=4)   # groups != chunks
    table.to_csv(tmp_path / "ptc.csv", index=False)
    ref = {name: read_table(ptc_reference, name) for name in TABLES}
    assert len(ref["articles"]) == 30 and ref["articles"]["article_id"].is_unique
    for src, chunk, workers in [("ptc.parquet", 11, 2), ("ptc.csv", 30, 1)]:
        out = stream_score(tmp_path / src, tmp_path / src.replace(".", "_"), chunk_size=chunk,
                           workers=workers, progress=False)
        for name in TABLES:
            got = read_table(out, name)
            if name == "articles":   # where each row came from differs by format
                got, want = got.drop(columns="source_file"), ref[name].drop(columns="source_file")
            else:
                want = ref[name]
            _same(got, want, name)


def test_chunks_hold_the_same_rows_every_time(ptc_jsonl):
    first = [[r["article_id"] for r in recs] for _, recs in iter_chunks(ptc_jsonl, 7)]
    again = [[r["article_id"] for r in recs] for _, recs in iter_chunks(ptc_jsonl, 7)]
    assert first == again and [len(c) for c in first] == [7, 7, 7, 7, 2]


def test_resume_redoes_only_unfinished_chunks(ptc_jsonl, ptc_reference, tmp_path):
    out = stream_score(ptc_jsonl, tmp_path / "out", chunk_size=7, progress=False)
    # Make it look interrupted: chunks 1 and 3 not finished, chunk 3 half-written.
    manifest = json.loads((out / "_manifest.json").read_text())
    del manifest["done"]["1"], manifest["done"]["3"]
    manifest["complete"] = False
    (out / "_manifest.json").write_text(json.dumps(manifest))
    (out / "sentences.parquet" / "part-000001.parquet").unlink()
    before = {p: p.stat().st_mtime_ns for p in (out / "spans.parquet").glob("part-*")}
    assert len(read_table(out, "articles")) == 30 - 14   # readers skip unfinished chunks
    stream_score(ptc_jsonl, out, chunk_size=7, progress=False)
    after = {p: p.stat().st_mtime_ns for p in (out / "spans.parquet").glob("part-*")}
    changed = sorted(p.name for p in after if after[p] != before.get(p))
    assert changed == ["part-000001.parquet", "part-000003.parquet"]
    for name in TABLES:
        _same(read_table(out, name), read_table(ptc_reference, name), name)


def test_killed_run_resumes_without_losing_or_duplicating_rows(ptc_jsonl, ptc_reference,
                                                                tmp_path):
    out = tmp_path / "out"
    code = ("import sys; from framing.stream import stream_score; "
            f"stream_score({str(ptc_jsonl)!r}, {str(out)!r}, chunk_size=3, progress=False)")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=Path(__file__).parents[1])
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None and len(finished_chunks(out)) < 1:
        time.sleep(0.05)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)   # no clean-up at all
    proc.wait()
    done = finished_chunks(out)
    # Killed part-way: some chunks written, not all (30 articles in chunks of 3 = 10),
    # otherwise there would be nothing to resume and the test would prove nothing.
    assert 1 <= len(done) < 10, f"{len(done)} chunks done when killed"
    stream_score(ptc_jsonl, out, chunk_size=3, progress=False)
    arts = read_table(out, "articles")
    assert len(arts) == 30 and arts["article_id"].is_unique
    for name in TABLES:
        _same(read_table(out, name), read_table(ptc_reference, name), name)


def test_resume_with_other_settings_is_refused(ptc_jsonl, ptc_reference):
    with pytest.raises(FramingError, match="other settings"):
        stream_score(ptc_jsonl, ptc_reference, chunk_size=5, progress=False)


def test_identical_texts_in_different_chunks_get_distinct_ids(ptc_dir, tmp_path):
    table = _ptc_table(ptc_dir, 3).drop(columns="id")
    table = pd.concat([table, table], ignore_index=True)   # rows 4-6 repeat rows 1-3
    table.to_json(tmp_path / "dup.jsonl", orient="records", lines=True)
    out = stream_score(tmp_path / "dup.jsonl", tmp_path / "out", chunk_size=2, progress=False)
    ids = read_table(out, "articles")["article_id"]
    assert len(ids) == 6 and ids.is_unique
    assert ids.str.startswith("h").all()


def test_cli_score_streams_a_jsonl_file(ptc_jsonl, tmp_path):
    out = tmp_path / "cli"
    assert main(["score", str(ptc_jsonl), "--out", str(out), "--chunk-size", "10",
                 "--workers", "2", "--format", "parquet", "-q"]) == 0
    assert finished_chunks(out) == [0, 1, 2]
    assert len(Scores.load(out).articles) == 30


def test_cli_score_takes_a_user_lexicon_and_resumes_only_with_the_same_one(seeds_dir,
                                                                           tmp_path, capsys):
    user = tmp_path / "mine.csv"
    user.write_bytes((Path(__file__).parent / "fixtures" / "lexicon" / "override.csv")
                     .read_bytes())
    out = tmp_path / "out"
    args = ["score", str(seeds_dir), "--out", str(out), "-q", "--format", "parquet",
            "--chunk-size", "2", "--workers", "1", "--lexicon", str(user)]
    assert main(args) == 0
    spans = read_table(out, "spans")
    assert set(spans.loc[spans["text"].str.lower() == "deadly", "device"]) == {"intensifier"}
    assert main(args) == 0   # the same lexicon: resumes (nothing left to do)
    user.write_text(user.read_text(encoding="utf-8").replace("intensifier", "hedge"),
                    encoding="utf-8")
    assert main(args) == 2   # an edited lexicon: refused, not mixed into the run
    assert "other settings" in capsys.readouterr().err
    assert main(args[:-1] + [str(tmp_path / "gone.csv")]) == 2
    assert "gone.csv" in capsys.readouterr().err


def test_prepare_worker_freezes_the_loaded_lexicon():
    """Worker set-up loads every cache, then hides it from the cyclic GC (gc.freeze)."""
    import subprocess
    import sys

    code = ("import gc; from framing.stream_input import prepare_worker; "
            "assert gc.get_freeze_count() == 0; prepare_worker(); print(gc.get_freeze_count())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert int(out.stdout.strip()) > 50_000   # the lexicon trie, tables and caches


def test_reading_a_large_parquet_input_holds_arrow_memory_flat(ptc_dir, tmp_path):
    """The driver reads the input chunk by chunk without keeping what it has read.

    With pyarrow's default pre-buffering the reader kept every row group it had read
    until the file was done: the driver grew by the input's size (1.3 GB on the 10^6
    benchmark input). Row groups of 10,000 distinct texts, as a large export has.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    texts = _ptc_table(ptc_dir, 225)["text"].tolist()        # real articles
    path = tmp_path / "big.parquet"
    with pq.ParquetWriter(path, pa.schema([("article_id", pa.string()),
                                           ("text", pa.string())])) as writer:
        for g in range(3):   # 3 row groups of 10,000 distinct texts: ~60 MB in all
            rows = [{"article_id": f"g{g}-{i}",
                     "text": texts[i % len(texts)][:2000] + f" Row {g}-{i}."}
                    for i in range(10_000)]
            writer.write_table(pa.Table.from_pylist(rows, schema=writer.schema))
    allocated = []
    for _, records in iter_chunks(path, 1000):
        assert len(records) == 1000
        allocated.append(pa.total_allocated_bytes())
    assert len(allocated) == 30
    growth = max(allocated[10:]) - max(allocated[:10])   # after the first row group
    assert growth < 4 * 2**20, f"arrow memory grew by {growth / 2**20:.1f} MB while reading"


def test_copy_pass_reads_the_signatures_workers_saved(seeds_dir, tmp_path):
    """Workers save each chunk's MinHash signatures; they are those of the part's texts,
    the copy pass finds the same copies from them as from the texts, and files made
    with other settings are not used."""
    import numpy as np

    from framing.stream_copies import _saved_signatures, find_copies_in, signatures

    out = stream_score(seeds_dir, tmp_path / "out", chunk_size=2, workers=2, progress=False)
    chunks = finished_chunks(out)
    saved = sorted(p.name for p in (out / "_signatures").glob("part-*.npz"))
    assert saved == [f"part-{ci:06d}.npz" for ci in chunks]
    for ci in chunks:
        texts = pd.read_parquet(out / "articles.parquet" / f"part-{ci:06d}.parquet")["text"]
        sig, ok = _saved_signatures(out, ci, 5, 20, len(texts))
        want_sig, want_ok = signatures(texts.tolist())
        assert np.array_equal(sig, want_sig) and np.array_equal(ok, want_ok)
        assert _saved_signatures(out, ci, 4, 20, len(texts)) is None     # other k
        assert _saved_signatures(out, ci, 5, 20, len(texts) + 1) is None  # other rows
    # Computed a few texts at a time (to bound a worker's memory), the same as at once.
    texts = read_table(out, "articles")["text"].tolist()
    whole, batched = signatures(texts, batch=len(texts)), signatures(texts, batch=2)
    assert all(np.array_equal(a, b) for a, b in zip(whole, batched))
    from_saved = pd.read_parquet(out / "copies.parquet")
    assert from_saved["article_id"].tolist() == ["003_1998e0662f3ef197"]
    for p in (out / "_signatures").glob("*.npz"):   # the fallback: from the texts
        p.unlink()
    pd.testing.assert_frame_equal(find_copies_in(out), from_saved)


def test_workers_zero_means_every_core_but_no_more_than_the_chunks(ptc_jsonl, ptc_reference,
                                                                     tmp_path):
    from framing.stream import _pool_size

    cores = len(os.sched_getaffinity(0))
    assert _pool_size(0, 30, 10, 0) == min(cores, 3)
    assert _pool_size(0, 30, 10, 2) == 1          # one chunk left to do
    assert _pool_size(0, 5, 1000, 0) == 1         # a handful of articles: no pool
    assert _pool_size(0, None, 10, 0) == cores    # folder input: size unknown
    # An explicit number of workers is capped by the chunks too: no idle worker.
    assert _pool_size(2, 20, 500, 0) == 1
    assert _pool_size(4, 30, 10, 0) == 3
    assert _pool_size(2, 30, 10, 0) == 2
    assert _pool_size(3, None, 10, 0) == 3
    # The CLI's default (--workers 0) gives the same rows as one process.
    out = tmp_path / "cli"
    assert main(["score", str(ptc_jsonl), "--out", str(out), "--chunk-size", "7",
                 "--format", "parquet", "-q"]) == 0
    for name in TABLES:
        _same(read_table(out, name), read_table(ptc_reference, name), name)
    with pytest.raises(FramingError, match="workers"):
        stream_score(ptc_jsonl, tmp_path / "bad", workers=-1, progress=False)


def test_a_written_part_is_the_file_to_parquet_writes(tmp_path):
    import numpy as np
    import pyarrow as pa

    from framing.parts import write_options, write_part

    wide = pd.DataFrame({"id": pd.array(["a", None, "c"], dtype="str"), "n": [1, 2, 3],
                         **{f"x{i}": [0.5, np.nan, float(i)] for i in range(30)}})
    # An object column's metadata depends on its values ("unicode", "empty", ...).
    mixed = pd.DataFrame({"o": pd.Series(["p", None, "r"], dtype=object),
                          **{f"x{i}": [0.5, 1.0, 2.0] for i in range(30)}})
    long = pd.DataFrame({"article_id": pd.array(["a", "b"], dtype="str"),
                         "text": pd.array(["x" * 2000, "y" * 3000], dtype="str")})
    for df in (wide, wide.iloc[1:], mixed, mixed.iloc[1:2], long):
        for _ in range(2):   # the second time with the schema it remembered
            write_part(df, tmp_path / "part.parquet")
            # to_parquet with the same encodings: the conversion to Arrow is the same.
            options = write_options(pa.Table.from_pandas(df, preserve_index=False))
            df.to_parquet(tmp_path / "pandas.parquet", index=False, **options)
            assert (tmp_path / "part.parquet").read_bytes() == \
                (tmp_path / "pandas.parquet").read_bytes()
    assert write_options(pa.Table.from_pandas(long))["use_dictionary"] == ["article_id"]
    write_part(wide, tmp_path / "part.parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "part.parquet"), wide)


def test_written_parts_read_back_as_the_scored_tables(seeds_dir, ptc_jsonl, tmp_path):
    """Parts written with write_options' encodings (no dictionary for long texts, few
    statistics) read back, by pandas and by a pyarrow dataset, as score_chunk's tables."""
    import pyarrow.dataset as ds

    from framing.stream import write_chunk
    from framing.stream_input import score_chunk

    for ci, src in enumerate((seeds_dir, ptc_jsonl)):
        tables = score_chunk(next(iter(iter_chunks(src, 1000)))[1])
        write_chunk(tmp_path, ci, tables)
        for name, df in tables.items():
            path = tmp_path / f"{name}.parquet" / f"part-{ci:06d}.parquet"
            pd.testing.assert_frame_equal(pd.read_parquet(path), df, check_exact=True)
            pd.testing.assert_frame_equal(
                ds.dataset(path).to_table().to_pandas(), df, check_exact=True)
