"""How long the seeds take from files to all four report outputs, in a cold process.

Run: ``.venv/bin/python benchmarks/report_speed.py [CORPUS] [--out DIR]``

Prints wall-clock and CPU seconds per stage (import, load, score, compare,
figures, html, pdf) and the total. The target on the development machine is
under 15 s wall-clock for the seeds. Wall-clock includes waiting for a shared CPU;
CPU time shows what the work itself costs.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

T0 = time.perf_counter()
C0 = time.process_time()
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT / "seeds"))
    parser.add_argument("--out", default=None, help="output folder (default: a temp dir)")
    args = parser.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="report_speed_"))

    rows: list[tuple[str, float, float]] = []
    wall, cpu = time.perf_counter(), time.process_time()

    def lap(name: str) -> None:
        nonlocal wall, cpu
        rows.append((name, time.perf_counter() - wall, time.process_time() - cpu))
        wall, cpu = time.perf_counter(), time.process_time()

    import framing
    from framing.compare import compare
    from framing.report import report

    lap("import")
    articles = framing.load_corpus(args.corpus)
    lap("load")
    scores = framing.score(articles)
    lap("score")
    comparison = compare(scores)
    lap("compare")
    timings: dict = {}
    paths = report(scores, out, comparison=comparison, timings=timings)
    lap("report")
    report_wall = rows.pop()[1]
    for name, key in (("figures", "figures"), ("report html", "html"),
                      ("report pdf", "pdf"), ("handout*", "handout")):
        rows.append((name, timings.get(key, 0.0), float("nan")))
    rows.append(("(report total)", report_wall, float("nan")))

    total_wall = time.perf_counter() - T0
    total_cpu = time.process_time() - C0
    print(f"framing report on {args.corpus} ({len(articles)} articles) -> {out}")
    print(f"{'stage':<16}{'wall s':>9}{'cpu s':>9}")
    for name, w, c in rows:
        print(f"{name:<16}{w:>9.2f}" + (f"{c:>9.2f}" if c == c else f"{'':>9}"))
    print(f"{'total':<16}{total_wall:>9.2f}{total_cpu:>9.2f}   (target: under 15 s wall)")
    print("* the handout (html + pdf) is written in a forked process while the report's "
          "figures and PDF are made; CPU of the child is not in 'cpu s'.")
    try:
        load = os.getloadavg()[0]
        print(f"load average while running: {load:.1f} on {os.cpu_count()} cores")
    except OSError:
        pass
    for p in paths:
        print(f"  {p}  {p.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
