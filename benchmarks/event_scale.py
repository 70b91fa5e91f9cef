"""Time and peak memory of event clustering on a corpus with no ``event`` column.

The corpus is the one of ``compare_scale.py`` without its manifest events: real
sentences of the seeds and ptc-dev recombined into ~500-word articles
(``throughput.make_articles``), dated over one year and with 2 % syndicated copies
(``compare_scale._dated``); a copy's ``copy_of`` is the first article with its text.
For each size, in a fresh process, :func:`framing.compare.events.assign_events` is
timed on the articles table (wall, CPU, peak RSS from ``ru_maxrss``, and the RSS
before clustering, i.e. of the loaded table), and then the similarity graph's largest
component, the number of events and the articles in components over ``max_component``
(clustered by sparse average linkage; approximate when the followed pairs were capped)
are reported.

``--dense N`` also runs the sizes up to ``N`` with ``max_component`` above the corpus
size (every component clustered from a dense matrix, as before) and compares the two
runs' events (adjusted Rand index, share of articles with the same event name).

Usage::

    python benchmarks/event_scale.py --sizes 20000 100000 --dense 20000
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from compare_scale import _dated  # noqa: E402
from throughput import sentence_pool, write_rows  # noqa: E402

_MEASURE = r"""
import json, resource, sys, time, warnings
import numpy as np, pandas as pd
from framing.compare.eventgraph import MAX_COMPONENT, link_components, tfidf_from_counts
from framing.compare.events import assign_events, event_term_counts
src, out, bound = sys.argv[1], sys.argv[2], int(sys.argv[3]) or MAX_COMPONENT
arts = pd.read_parquet(src)
arts["published"] = pd.to_datetime(arts["published"])
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t0, c0 = time.perf_counter(), time.process_time()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    events, summary = assign_events(arts, max_component=bound)
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
events[["article_id", "event", "assigned_by"]].to_parquet(out)
# Not timed: the largest component of the graph the clustering saw (copies left out).
pool = (arts["copy_of"] == "").to_numpy()
X, _ = tfidf_from_counts(event_term_counts(arts[pool])[0])
comp = link_components(X, arts.loc[pool, "published"].reset_index(drop=True),
                       min_similarity=0.1, undated_min_similarity=0.3, window_days=4.0)
print(json.dumps({"wall": wall, "cpu": cpu, "rss_mb": rss, "rss_loaded_mb": rss0,
                  "bound": bound, "articles": len(events), "events": len(summary),
                  "largest": int(np.bincount(comp).max()), "pool": int(pool.sum()),
                  "oversize": int(events["assigned_by"].str.contains(
                      "sparse linkage|approximate").sum()),
                  "approximate": int(
                      events["assigned_by"].str.contains("approximate").sum())}))
"""


def write_input(pool, n: int, path: Path, seed: int = 1) -> Path:
    """``n`` dated articles without events as Parquet; copies get ``copy_of``."""
    import pyarrow.parquet as pq

    if path.exists() and pq.ParquetFile(path).metadata.num_rows == n:
        return path

    def rows():
        first = {}
        for art in _dated(pool, n, False, seed):
            art["copy_of"] = first.setdefault(art["text"], art["article_id"])
            if art["copy_of"] == art["article_id"]:
                art["copy_of"] = ""
            yield art
    return write_rows(rows(), path)


def measure(src: Path, out: Path, bound: int) -> dict:
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(src), str(out), str(bound)],
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"measuring {src} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def agreement(a: Path, b: Path) -> tuple[float, float]:
    """Adjusted Rand index of two runs' events, and the share of equal event names."""
    import pandas as pd
    from sklearn.metrics import adjusted_rand_score

    x, y = pd.read_parquet(a), pd.read_parquet(b)
    return (adjusted_rand_score(x["event"], y["event"]),
            float((x["event"].to_numpy() == y["event"].to_numpy()).mean()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    ap.add_argument("--max-component", type=int, default=0,
                    help="the bound to run with (default: the package's)")
    ap.add_argument("--dense", type=int, default=0,
                    help="also cluster sizes up to this with no bound (slow, n² memory)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/framing-bench"))
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    pool = sentence_pool()
    for n in args.sizes:
        src = write_input(pool, n, args.work / f"events-{n}.parquet")
        runs = [("bounded", args.max_component)]
        if n <= args.dense:
            runs.append(("dense", n + 1))
        for how, bound in runs:
            r = measure(src, args.work / f"events-{n}-{how}.out.parquet", bound)
            print(f"{n:>9,} articles  {how:<8} max_component {r['bound']:>7,}  "
                  f"{r['wall']:7.1f} s wall {r['cpu']:7.1f} s CPU  peak RSS "
                  f"{r['rss_mb']:7.0f} MB (table loaded: {r['rss_loaded_mb']:.0f} MB)  "
                  f"{r['events']:,} events; largest component {r['largest']:,} of "
                  f"{r['pool']:,} clustered; {r['oversize']:,} articles in components over "
                  f"the bound ({r['approximate']:,} approximate)",
                  flush=True)
        if n <= args.dense:
            ari, same = agreement(args.work / f"events-{n}-bounded.out.parquet",
                                  args.work / f"events-{n}-dense.out.parquet")
            print(f"{n:>9,} articles  bounded vs dense events: adjusted Rand index "
                  f"{ari:.4f}, same event name for {same:.2%} of articles", flush=True)


if __name__ == "__main__":
    main()
