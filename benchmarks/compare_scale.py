"""Time and peak memory of comparing a streamed output: ``framing compare DIR``.

The corpus is the one of ``throughput.py`` (real sentences of the seeds and ptc-dev
recombined into ~500-word articles, seven outlets), plus what a comparison needs: a
publication date (spread over a year) and a manifest ``event`` (a story of that day),
and 2 % syndicated copies (an earlier article's text republished by an eighth outlet).
For each size it prints, each measure in its own fresh process:

* scoring: ``framing score FILE --out DIR --workers 2`` (skipped when DIR is complete);
* part by part: :func:`framing.compare.folder.compare_folder` with 1 and 2 workers
  (``--workers``) — wall time, CPU time of the process and its workers, peak RSS
  (``ru_maxrss``) of the process and of its largest worker;
* in memory, up to ``--in-memory-max`` articles: ``framing.compare(Scores.load(DIR))``,
  the same measures, for the ratio;
* event clustering (events dropped), up to ``--cluster-max`` articles: the part-by-part
  comparison again, which then clusters the articles from term counts.

Usage::

    python benchmarks/compare_scale.py --sizes 10000 100000
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from throughput import make_articles, sentence_pool, write_rows  # noqa: E402

_MEASURE = r"""
import json, os, resource, sys, time
import framing
from framing.compare.folder import compare_folder
folder, how, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
cpu = lambda: sum(os.times()[:4])   # this process and its finished workers
t0, c0 = time.perf_counter(), cpu()
c = (compare_folder(folder, workers=workers) if how == "parts"
     else framing.compare(framing.Scores.load(folder)))
print(json.dumps({"wall": time.perf_counter() - t0, "cpu": cpu() - c0,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "articles": len(c.events), "events": len(c.event_summary),
                  "copies": len(c.copies), "coverage_rows": len(c.coverage)}))
"""


def write_input(pool, n: int, path: Path, events: bool, seed: int = 1) -> Path:
    """``n`` articles as Parquet, 10,000 rows per row group, with dates, events, copies."""
    import pyarrow.parquet as pq

    if path.exists() and pq.ParquetFile(path).metadata.num_rows == n:
        return path
    return write_rows(_dated(pool, n, events, seed), path)


def _dated(pool, n: int, events: bool, seed: int):
    rng = random.Random(seed)
    earlier = []
    for i, art in enumerate(make_articles(pool, n, seed)):
        day = i * 365 // n
        art["published"] = f"2023-{1 + day // 31 % 12:02d}-{1 + day % 28:02d}"
        if events:
            art["event"] = f"story-{day:03d}-{rng.randrange(3)}"
        if earlier and rng.random() < 0.02:   # a syndicated copy of a recent article
            art["text"], art["outlet"] = rng.choice(earlier), "wire-copy"
        earlier = (earlier + [art["text"]])[-50:]
        yield art


def scored(src: Path, out: Path) -> Path:
    manifest = out / "_manifest.json"
    if not (manifest.exists() and json.loads(manifest.read_text())["complete"]):
        subprocess.run([sys.executable, "-m", "framing", "score", str(src), "--out", str(out),
                        "--workers", "2", "--format", "parquet", "-q"], check=True)
    return out


def measure(folder: Path, how: str, workers: int = 1) -> dict:
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(folder), how, str(workers)],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--in-memory-max", type=int, default=10_000)
    ap.add_argument("--cluster-max", type=int, default=10_000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/framing-bench"))
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2],
                    help="worker counts of the part-by-part comparison (default: 1 2)")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    pool = sentence_pool()
    for n in args.sizes:
        runs = [("parts", True, w) for w in args.workers]
        if n <= args.in_memory_max:
            runs.append(("memory", True, 1))
        if n <= args.cluster_max:
            runs.append(("parts", False, max(args.workers)))
        for how, events, workers in runs:
            tag = f"cmp-{n}" + ("" if events else "-noevents")
            folder = scored(write_input(pool, n, args.work / f"{tag}.parquet", events),
                            args.work / tag)
            r = measure(folder, how, workers)
            kind = {"parts": f"part by part, {workers} worker(s)", "memory": "in memory"}[how]
            kind += "" if events else ", events clustered"
            print(f"{n:>9,} articles  {kind:<44} {r['wall']:7.1f} s wall  {r['cpu']:7.1f} s "
                  f"CPU  peak RSS {r['rss_mb']:7.0f} MB (a worker: {r['worker_rss_mb']:.0f} MB)"
                  f"   ({r['events']} events, {r['copies']} copies, "
                  f"{r['coverage_rows']:,} coverage rows)", flush=True)


if __name__ == "__main__":
    main()
