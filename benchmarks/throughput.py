"""Throughput, memory and scale-out of ``framing score``, as ratios measured in one run.

The corpus is real text recombined: every sentence of the seeds and of ptc-dev
(``../shared/eval/ptc-dev/articles/*.txt``, read with ``newline=""``) in a pool, drawn
at random (fixed seed) into ~500-word articles of three-sentence paragraphs. From one
run it prints:

* articles/s of ``framing`` end to end (``framing score FILE --workers 2``), and the
  same command's fixed cost (on 20 articles) and rate once running (the difference);
* articles/s of bare ``vaderSentiment`` on the same sentences (one core), of
  ``framing.vader`` on them, and the ratio of framing's per-article cost (one core)
  to bare VADER's;
* articles/s of ``nela-features`` (bias, affect and moral groups, the ones that run
  without NLTK data, on pre-tokenised input) if it is installed in
  ``--nela-python``'s environment, and the ratios of framing's per-core pass and of
  framing end to end (both cores) to it; else why it was skipped;
* peak RSS (the whole process tree, sampled) while streaming inputs of 10⁴, 10⁵ and
  10⁶ articles — each run is stopped (SIGTERM) after ``--rss-seconds`` if not
  finished, and the articles actually scored are printed next to the figure;
* the Dask speed-up from 1 to 2 workers (LocalCluster), and whether both equal the
  local result.

Usage::

    python benchmarks/throughput.py --quick          # small sizes, < 2 minutes idle
    python benchmarks/throughput.py                  # full figures (see README.md)
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("FRAMING_SHARED", ROOT.parent / "shared"))

from framing.text import count_words, sentence_spans  # noqa: E402


# ------------------------------------------------------------------ corpus

def sentence_pool() -> list[str]:
    files = sorted((ROOT / "seeds").glob("*.txt"))
    files += sorted((SHARED / "eval" / "ptc-dev" / "articles").glob("*.txt"))
    pool = []
    for path in files:
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read()
        pool += [text[s:e] for s, e in sentence_spans(text) if count_words(text[s:e]) >= 3]
    return pool


def make_articles(pool: list[str], n: int, seed: int = 0, words: int = 500):
    """Yield ``n`` articles (dicts) of ~``words`` words, never holding them all."""
    rng = random.Random(seed)
    lengths = [count_words(s) for s in pool]
    for i in range(n):
        paras, para, total = [], [], 0
        while total < words:
            j = rng.randrange(len(pool))
            para.append(pool[j])
            total += lengths[j]
            if len(para) == 3:
                paras.append(" ".join(para))
                para = []
        if para:
            paras.append(" ".join(para))
        yield {"article_id": f"b{seed}-{i:07d}", "outlet": f"outlet{i % 7}",
               "text": "\n".join(paras)}


def write_parquet(pool, n: int, path: Path, seed: int = 0, batch: int = 10_000) -> Path:
    """Write ``n`` articles to Parquet in row groups of ``batch``: flat memory."""
    import pyarrow.parquet as pq

    if path.exists() and pq.ParquetFile(path).metadata.num_rows == n:
        return path
    return write_rows(make_articles(pool, n, seed), path, batch)


def write_rows(rows, path: Path, batch: int = 10_000) -> Path:
    """Write dicts to Parquet ``batch`` rows per row group (atomically): flat memory."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    tmp = path.with_suffix(".tmp")
    writer, held = None, []
    for row in rows:
        held.append(row)
        if len(held) == batch:
            table = pa.Table.from_pylist(held)
            writer = writer or pq.ParquetWriter(tmp, table.schema)
            writer.write_table(table)
            held = []
    if held:
        table = pa.Table.from_pylist(held)
        writer = writer or pq.ParquetWriter(tmp, table.schema)
        writer.write_table(table)
    writer.close()
    os.replace(tmp, path)
    return path


# ------------------------------------------------------------------ measures

def per_core(articles: list[dict]) -> dict:
    """Seconds per article on one core: framing's pass, stock VADER, framing.vader."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from framing.stream import score_chunk
    from framing.stream_input import prepare_worker
    from framing.text import count_line_words
    from framing.vader import sentiment_tuples

    recs = [{"article_id": a["article_id"], "outlet": a["outlet"], "raw_text": a["text"],
             "source_file": "bench"} for a in articles]
    # As in a streaming or Dask worker: lexicon and caches loaded, then frozen out of
    # the garbage collector's view (prepare_worker); the VADER figures below run in
    # the same conditions.
    prepare_worker()
    score_chunk(recs[:2])
    sents = [[a["text"][s:e] for s, e in sentence_spans(a["text"])] for a in articles]
    stock = SentimentIntensityAnalyzer()
    # CPU time of this process, not wall time: the machine is shared, and a ratio of
    # CPU times is what "cost per article" means. Each measure is the best of 3.
    clock = time.process_time
    t_stock = t_fast = t_framing = float("inf")
    for _ in range(3):
        t0 = clock()
        for ss in sents:
            for s in ss:
                stock.polarity_scores(s)
        t_stock = min(t_stock, clock() - t0)
        t0 = clock()
        for ss in sents:   # an article's sentences at once, as the scorer calls it
            sentiment_tuples(ss)
        t_fast = min(t_fast, clock() - t0)
        # Cleaning's line-count memo would otherwise hold these articles' lines from
        # the pass before (up to ~5 % cheaper than articles seen once, as in a real
        # run); the word tables stay warm, as in a worker that has met most words.
        count_line_words.cache_clear()
        t0 = clock()
        score_chunk(recs)
        t_framing = min(t_framing, clock() - t0)
    n = len(articles)
    return {"n": n, "sentences_per_article": sum(map(len, sents)) / n,
            "framing_1core_aps": n / t_framing, "vader_stock_aps": n / t_stock,
            "vader_fast_aps": n / t_fast}


NELA_SCRIPT = r"""
import json, re, sys, time
from nela_features.nela_features import NELAFeatureExtractor
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
nela = NELAFeatureExtractor()
tok = re.compile(r"\w+|[^\w\s]")
t0 = time.process_time()
for t in texts:
    tokens = tok.findall(t)           # pre-tokenised: NLTK's punkt data is not here
    words = nela.Functions.get_filtered_words(tokens)
    nela.extract_bias(t, tokens=tokens, words=words)
    nela.extract_affect(t, tokens=tokens, words=words)
    nela.extract_moral(t, words=words)
print(json.dumps({"n": len(texts), "seconds": time.process_time() - t0}))
"""


def nela(articles: list[dict], python: str, work: Path) -> dict:
    if not Path(python).exists():
        return {"skipped": f"{python} not found (create it: python3 -m venv /tmp/nela-venv "
                           "&& /tmp/nela-venv/bin/pip install nela_features)"}
    src = work / "nela.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps({"text": a["text"]}) + "\n")
    proc = subprocess.run([python, "-c", NELA_SCRIPT, str(src)], capture_output=True,
                          text=True, timeout=1800)
    if proc.returncode != 0:
        return {"skipped": "nela-features failed: " + proc.stderr.strip().splitlines()[-1]}
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"nela_aps": r["n"] / r["seconds"], "n": r["n"]}


# Articles of the end-to-end run that measures the fixed cost of `framing score`.
E2E_SMALL = 20


def end_to_end(src: Path, work: Path, n: int, workers: int, chunk: int) -> dict:
    import resource

    out = work / f"e2e-{n}-{workers}"
    subprocess.run(["rm", "-rf", str(out)], check=True)
    load = os.getloadavg()[0]
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "framing.cli", "score", str(src), "--out", str(out),
                    "--workers", str(workers), "--chunk-size", str(chunk), "--format",
                    "parquet", "-q"], check=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)   # all processes
    # What `workers` idle cores would sustain: articles per CPU-second times cores.
    return {"n": n, "workers": workers, "aps": n / wall, "cpu_seconds": cpu,
            "aps_idle_estimate": n / cpu * workers, "load_before": load}


def tree_rss(pid: int) -> int:
    import psutil

    try:
        p = psutil.Process(pid)
        procs = [p] + p.children(recursive=True)
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for q in procs:
        try:
            total += q.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def streamed_rss(src: Path, work: Path, n: int, seconds: float, workers: int,
                 chunk: int, resume: bool = False) -> dict:
    """Run ``framing score`` on ``src``; sample the tree's RSS; stop after ``seconds``.

    With ``resume`` an earlier, stopped run's output is kept and the same command
    finishes it (the resume path a user would take); ``resumed_from`` gives the
    articles already scored before this run.
    """
    from framing.stream import finished_chunks, read_table

    out = work / f"rss-{n}"
    before = 0
    if resume and (out / "_manifest.json").exists():
        before = sum(c["articles"] for c in json.loads(
            (out / "_manifest.json").read_text())["done"].values())
    else:
        subprocess.run(["rm", "-rf", str(out)], check=True)
    proc = subprocess.Popen([sys.executable, "-m", "framing.cli", "score", str(src), "--out",
                             str(out), "--workers", str(workers), "--chunk-size", str(chunk),
                             "--format", "parquet", "-q"], cwd=ROOT)
    # SIGTERM, not SIGINT: a benchmark started in the background (nohup ... &) passes
    # an ignored SIGINT on to its children; framing score stops on either.
    t0 = time.time()
    samples = []
    while proc.poll() is None and time.time() - t0 < seconds:
        samples.append((time.time() - t0, tree_rss(proc.pid)))
        time.sleep(0.5)
    finished = proc.poll() is not None
    if not finished:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    done = len(finished_chunks(out)) if (out / "_manifest.json").exists() else 0
    scored = len(read_table(out, "articles", columns=["article_id"])) if done else 0
    rss = [r for _, r in samples]
    half = [r for t, r in samples if t >= (samples[-1][0] / 2 if samples else 0)]
    first = [r for t, r in samples if t < (samples[-1][0] / 2 if samples else 0)]
    return {"input_articles": n, "scored": scored, "finished": finished,
            "resumed_from": before,
            "seconds": round(time.time() - t0, 1), "peak_rss_mb": max(rss, default=0) / 2**20,
            "peak_rss_first_half_mb": max(first, default=0) / 2**20,
            "peak_rss_second_half_mb": max(half, default=0) / 2**20}


def dask_speedup(src: Path, work: Path, reps: int = 3) -> dict:
    """1 vs 2 single-threaded workers on a LocalCluster: the scoring, and start-up."""
    import dask.dataframe as dd

    from framing.distributed import connect, score_dask
    from framing.stream import read_table, stream_score

    ddf = dd.read_parquet(str(src)).repartition(npartitions=8)
    res = {}
    load = os.getloadavg()[0]
    clients = {}
    try:
        for w in (1, 2):   # both clusters up at once: idle workers cost no CPU
            t0 = time.perf_counter()
            clients[w], _ = connect(n_workers=w)
            res[f"start{w}"] = time.perf_counter() - t0
            score_dask(ddf.partitions[:1].head(4, compute=False), client=clients[w])  # warm-up
        runs = {w: {"gathered": [], "written": []} for w in (1, 2)}
        # Best of `reps` runs, as the per-core figure is (a shared VM's noise only ever
        # slows a run down), and 1 and 2 workers take turns, so that a slow minute of
        # the VM falls on both sizes rather than on one (all 1-worker runs first, then
        # all 2-worker runs, gave 1.69x and 2.27x about a minute apart).
        for _ in range(reps):
            for w in (1, 2):
                t0 = time.perf_counter()
                res[w] = score_dask(ddf, client=clients[w])
                runs[w]["gathered"].append(time.perf_counter() - t0)
                # Workers write their own parts (the path for corpora too big to
                # gather); the corpus-wide copy pass runs after, on one machine, and
                # is left out.
                out = work / f"dask-out-{w}"
                subprocess.run(["rm", "-rf", str(out)], check=True)
                t0 = time.perf_counter()
                score_dask(ddf, client=clients[w], out_dir=out, copies=False)
                runs[w]["written"].append(time.perf_counter() - t0)
        for w in (1, 2):
            res[f"t{w}"], res[f"w{w}"] = min(runs[w]["gathered"]), min(runs[w]["written"])
            res[f"runs{w}"] = runs[w]
    finally:
        for client in clients.values():
            client.close()
            client.cluster.close()
    subprocess.run(["rm", "-rf", str(work / "dask-local")], check=True)
    local = stream_score(src, work / "dask-local", chunk_size=50, progress=False,
                         copies=False)
    differ = []
    for name, key in (("sentences", ["sentence_id"]), ("features", ["article_id"]),
                      ("spans", ["article_id", "start", "end", "device", "entry"]),
                      ("quotes", ["article_id", "start", "end"])):
        want = read_table(local, name).sort_values(key, kind="stable").reset_index(drop=True)
        for w in (1, 2):
            got = getattr(res[w], name).sort_values(key, kind="stable").reset_index(drop=True)
            try:
                pd.testing.assert_frame_equal(got[want.columns], want, check_dtype=False)
            except (AssertionError, KeyError) as exc:
                differ.append(f"{name} ({w} worker(s)): {str(exc).splitlines()[0]}")
    for w in (1, 2):   # what the workers wrote is the local result too
        for name, key in (("spans", ["article_id", "start", "end", "device", "entry"]),):
            want = read_table(local, name).sort_values(key, kind="stable").reset_index(drop=True)
            got = read_table(work / f"dask-out-{w}", name).sort_values(
                key, kind="stable").reset_index(drop=True)
            if not got[want.columns].equals(want):
                differ.append(f"{name} written by {w} worker(s) differ from local")
    return {"t1": res["t1"], "t2": res["t2"], "speedup": res["t1"] / res["t2"],
            "w1": res["w1"], "w2": res["w2"], "speedup_written": res["w1"] / res["w2"],
            "runs1": res["runs1"], "runs2": res["runs2"], "reps": reps,
            "start1": res["start1"], "start2": res["start2"],
            "equal_to_local": not differ, "differences": differ, "n": len(res[1].articles),
            "load_before": load}


# ------------------------------------------------------------------ main

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes (< 2 min on an idle "
                                                         "2-core machine)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "framing-bench")
    ap.add_argument("--nela-python", default="/tmp/nela-venv/bin/python")
    ap.add_argument("--rss-sizes", default=None, help="comma-separated input sizes for RSS")
    ap.add_argument("--rss-seconds", type=float, default=None,
                    help="stop each RSS run after this long (reports articles scored)")
    ap.add_argument("--rss-chunk-size", type=int, default=None,
                    help="--chunk-size of the RSS runs (default: framing's own, 1000)")
    ap.add_argument("--rss-resume", action="store_true",
                    help="finish an earlier, stopped RSS run (same command) instead of "
                         "starting again; the figures then cover the resumed part")
    ap.add_argument("--parts", default="core,e2e,nela,rss,dask",
                    help="which measures to run (comma-separated subset of the default)")
    ap.add_argument("--e2e-size", type=int, default=None,
                    help="articles of the end-to-end run (default 4000; 100 with --quick)")
    ap.add_argument("--dask-size", type=int, default=None,
                    help="articles of the Dask runs, in 8 partitions (default 2400; 40 "
                         "with --quick)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args(argv)
    q = args.quick
    parts = set(args.parts.split(","))
    # Dask: 2,400 articles (1 worker ~4 s): at 1,200 the fixed cost of a Dask run
    # (~0.1 s: tasks, messages, the client) had grown to a tenth of it as scoring got faster.
    n_core, n_e2e, n_nela, n_dask = (40, 100, 10, 40) if q else (300, 4000, 50, 2400)
    n_e2e = args.e2e_size or n_e2e
    n_dask = args.dask_size or n_dask
    # End to end: chunks of 500 (8 chunks, 4 per worker); each chunk costs ~0.2 s of
    # fixed work (features table, five Parquet parts), which tiny chunks would inflate.
    e2e_chunk = 25 if q else 500
    rss_chunk = args.rss_chunk_size or (100 if q else 1000)
    sizes = [int(s) for s in (args.rss_sizes or ("10000" if q else
                                                  "10000,100000,1000000")).split(",")]
    rss_seconds = args.rss_seconds or (20 if q else 300)
    args.work.mkdir(parents=True, exist_ok=True)
    pool = sentence_pool()
    print(f"sentence pool: {len(pool):,} real sentences (seeds + ptc-dev)")
    results: dict = {"quick": q}

    arts = list(make_articles(pool, n_core, seed=1))
    r = per_core(arts) if parts & {"core", "nela"} else None
    if r is not None:
        _print_core(r, results)
    if "e2e" in parts:
        src = write_parquet(pool, n_e2e, args.work / f"e2e-{n_e2e}.parquet", seed=2)
        # The same command on a handful of articles: its time is the fixed cost
        # (start-up, imports, lexicon loading, forking, copy pass, outputs), and the
        # difference of the two runs is the rate once running.
        small = write_parquet(pool, E2E_SMALL, args.work / f"e2e-{E2E_SMALL}.parquet", seed=2)
        fixed = end_to_end(small, args.work, E2E_SMALL, workers=2, chunk=e2e_chunk)
        e2e = end_to_end(src, args.work, n_e2e, workers=2, chunk=e2e_chunk)
        e2e["fixed_wall"] = fixed["n"] / fixed["aps"]
        e2e["fixed_cpu"] = fixed["cpu_seconds"]
        wall = n_e2e / e2e["aps"]
        e2e["marginal_aps"] = (n_e2e - E2E_SMALL) / max(wall - e2e["fixed_wall"], 1e-9)
        e2e["marginal_aps_idle"] = ((n_e2e - E2E_SMALL) * 2
                                    / max(e2e["cpu_seconds"] - fixed["cpu_seconds"], 1e-9))
        results["e2e"] = e2e
        print(f"\n[end to end: framing score FILE --workers 2 --chunk-size {e2e_chunk}, "
              f"{n_e2e} articles]")
        print(f"  {e2e['aps']:.1f} articles/s wall clock (load average {e2e['load_before']:.1f} "
              f"on 2 cores when it started); {e2e['cpu_seconds']:.1f} CPU-s in all processes = "
              f"{e2e['aps_idle_estimate']:.1f} articles/s on 2 idle cores  (target >= 1000)")
        print(f"  fixed cost (the same command on {E2E_SMALL} articles): "
              f"{e2e['fixed_wall']:.2f} s wall, {e2e['fixed_cpu']:.2f} CPU-s; once running: "
              f"{e2e['marginal_aps']:.1f} articles/s wall, {e2e['marginal_aps_idle']:.1f} on 2 "
              f"idle cores (the difference of the two runs)")
    if "nela" in parts:
        nl = nela(arts[:n_nela], args.nela_python, args.work)
        results["nela"] = nl
        print(f"\n[nela-features: bias + affect + moral, pre-tokenised, {n_nela} articles]")
        if "skipped" in nl:
            print(f"  skipped: {nl['skipped']}")
        else:
            print(f"  nela-features {nl['nela_aps']:.2f} articles/s; framing one core is "
                  f"{r['framing_1core_aps'] / nl['nela_aps']:.1f}x  (target >= 100x)")
            if "e2e" in results:
                # Each tool as a user runs it here: nela-features is one process (it
                # has no workers); `framing score` uses both cores.
                print(f"  framing end to end (--workers 2, wall clock) is "
                      f"{results['e2e']['aps'] / nl['nela_aps']:.1f}x nela-features in one "
                      f"process")
    _save.path = args.json
    _save(results)
    if "rss" in parts:
        _rss(pool, sizes, rss_seconds, rss_chunk, args.work, results, args.rss_resume)
    if "dask" in parts:
        _dask(pool, n_dask, args.work, results)
    _save(results)
    return 0


def _save(results: dict) -> None:
    """Write the figures so far (a long RSS run may be stopped before the end)."""
    path = getattr(_save, "path", None)
    if path:
        path.write_text(json.dumps(results, indent=1, default=str))


def _print_core(r: dict, results: dict) -> None:
    results["per_core"] = r
    print(f"\n[one core, {r['n']} articles of ~500 words, "
          f"{r['sentences_per_article']:.1f} sentences each]")
    print(f"  framing per-article pass  {r['framing_1core_aps']:9.1f} articles/s")
    print(f"  bare vaderSentiment       {r['vader_stock_aps']:9.1f} articles/s")
    print(f"  framing.vader             {r['vader_fast_aps']:9.1f} articles/s "
          f"({r['vader_fast_aps'] / r['vader_stock_aps']:.2f}x bare VADER)")
    ratio = r["vader_stock_aps"] / r["framing_1core_aps"]
    results["cost_vs_vader"] = ratio
    print(f"  framing cost / bare VADER cost per article: {ratio:.2f}x  (target <= 2)")


def _rss(pool, sizes, rss_seconds, rss_chunk, work: Path, results: dict,
         resume: bool = False) -> None:
    print(f"\n[peak RSS while streaming, --workers 2 --chunk-size {rss_chunk}, "
          f"each run stopped after {rss_seconds:.0f} s if not finished]")
    results["rss"] = []
    for n in sizes:
        t0 = time.perf_counter()
        src_n = write_parquet(pool, n, work / f"rss-{n}.parquet", seed=3)
        gen = time.perf_counter() - t0
        m = streamed_rss(src_n, work, n, rss_seconds, workers=2, chunk=rss_chunk,
                         resume=resume)
        m["generate_seconds"] = round(gen, 1)
        results["rss"].append(m)
        state = "finished" if m["finished"] else f"stopped after {m['seconds']} s"
        if m["resumed_from"]:
            state += f", resumed with {m['resumed_from']:,} already scored"
        print(f"  input {n:>9,}: peak {m['peak_rss_mb']:7.1f} MB ({state}, "
              f"{m['scored']:,} articles scored; peak in 1st half {m['peak_rss_first_half_mb']:.1f}"
              f" MB, 2nd half {m['peak_rss_second_half_mb']:.1f} MB)")
        _save(results)


def _dask(pool, n_dask: int, work: Path, results: dict) -> None:
    src = write_parquet(pool, n_dask, work / f"dask-{n_dask}.parquet", seed=4)
    d = dask_speedup(src, work)
    results["dask"] = d
    print(f"\n[Dask LocalCluster, {d['n']} articles, 8 partitions, best of {d['reps']} runs]")
    print(f"  gathered to the client, on a started cluster: 1 worker {d['t1']:.1f} s, 2 workers {d['t2']:.1f} s:"
          f" speed-up {d['speedup']:.2f}x  (target >= 1.7; load average "
          f"{d['load_before']:.1f} at start); equal to local: {d['equal_to_local']}")
    print(f"  workers writing their own parts (out_dir, copy pass not included): 1 worker "
          f"{d['w1']:.1f} s, 2 workers {d['w2']:.1f} s: speed-up {d['speedup_written']:.2f}x")
    for w in (1, 2):
        r = d[f"runs{w}"]
        print(f"  every run, {w} worker(s): gathered " + ", ".join(f"{t:.1f}" for t in r["gathered"])
              + " s; written " + ", ".join(f"{t:.1f}" for t in r["written"]) + " s")
    print(f"  cluster start-up (not in the figures above): 1 worker {d['start1']:.1f} s, "
          f"2 workers {d['start2']:.1f} s")
    for line in d["differences"]:
        print("   ", line)


if __name__ == "__main__":
    sys.exit(main())
