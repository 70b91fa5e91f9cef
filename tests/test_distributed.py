"""framing.distributed on a 2-worker LocalCluster gives exactly the local rows."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framing.stream import read_table, stream_score

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

from framing.distributed import score_dask, score_partitions  # noqa: E402

TABLES = ("articles", "sentences", "spans", "quotes", "features")
KEYS = {"articles": ["article_id"], "sentences": ["sentence_id"],
        "spans": ["article_id", "start", "end", "device", "entry"],
        "quotes": ["article_id", "start", "end"], "features": ["article_id"]}


def _sorted(df: pd.DataFrame, name: str) -> pd.DataFrame:
    if name == "articles":   # names the input file locally, the partition on Dask
        df = df.drop(columns="source_file")
    return df.sort_values(KEYS[name], kind="stable").reset_index(drop=True)


def _assert_same(got: pd.DataFrame, want: pd.DataFrame, name: str) -> None:
    got, want = _sorted(got, name), _sorted(want, name)
    pd.testing.assert_frame_equal(got[want.columns], want, check_dtype=False)


@pytest.fixture(scope="module")
def corpus(ptc_dir, seeds_dir, tmp_path_factory) -> Path:
    """A few hundred real articles: the seeds, and ptc-dev articles cut to their first
    four paragraphs (keeps the test short), one of them repeated under another outlet
    so the copy pass has something to find."""
    rows = []
    for path in sorted(seeds_dir.glob("*.txt")):
        rows.append({"id": path.stem, "outlet": "seed", "text": path.read_text("utf-8")})
    for path in sorted((ptc_dir / "articles").glob("*.txt")):
        with open(path, encoding="utf-8", newline="") as fh:
            text = "\n".join(fh.read().split("\n")[:4])
        rows.append({"id": path.stem, "outlet": f"outlet{len(rows) % 4}", "text": text})
    rows.append({"id": "copy-of-" + rows[10]["id"], "outlet": "wire",
                 "text": rows[10]["text"]})
    path = tmp_path_factory.mktemp("dask") / "corpus.parquet"
    pd.DataFrame(rows).to_parquet(path, row_group_size=60)
    return path


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def local(corpus, tmp_path_factory) -> Path:
    return stream_score(corpus, tmp_path_factory.mktemp("local") / "out", chunk_size=100,
                        progress=False)


def test_dask_output_equals_local_streaming(corpus, client, local, tmp_path):
    ddf = dd.read_parquet(corpus).repartition(npartitions=6)   # not the local chunking
    assert len(ddf) >= 200
    out = score_dask(ddf, client=client, out_dir=tmp_path / "dask")
    for name in TABLES:
        _assert_same(read_table(out, name), read_table(local, name), name)
    copies = pd.read_parquet(out / "copies.parquet")
    assert copies.to_dict("records") == pd.read_parquet(local / "copies.parquet").to_dict(
        "records")
    assert copies["article_id"].str.startswith("copy-of-").any()
    assert client.status == "running"   # a client we passed in is left open


def test_dask_tables_gathered_and_lazy(corpus, client, local):
    ddf = dd.read_parquet(corpus).head(40, compute=False).repartition(npartitions=3)
    ids = set(ddf["id"].compute())
    scores = score_dask(ddf, client=client)
    lazy = score_partitions(ddf)
    spans_lazy = lazy["spans"].compute(scheduler=client.get)
    for name in TABLES:
        want = read_table(local, name)
        want = want[want["article_id"].isin(ids)]
        if name == "articles":
            want = want.assign(copy_of="")   # no corpus-wide pass on gathered tables
        _assert_same(getattr(scores, name), want, name)
    _assert_same(spans_lazy, scores.spans, "spans")
