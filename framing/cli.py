"""The ``framing`` command: thin wrappers around the public API.

Each sub-command parses its arguments, calls the package, and prints or writes the
result. No analysis happens here.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

EPILOG = """examples:
  framing corpus seeds                     summary of a corpus folder
  framing score seeds --out out/scores     score articles, write tables (Parquet + CSV)
  framing score seeds --out out/mine --lexicon my_words.csv   ... with your own lexicon too
  framing compare out/scores --out out/cmp compare outlets from scored tables
  framing report seeds --out reports/seeds HTML + PDF report and classroom handout
  framing lexicon                          list the lexicon entries; --validate FILE.csv
"""


def _cmd_corpus(args: argparse.Namespace) -> int:
    from .clean import removed_lines
    from .corpus import load_corpus, summarize

    articles = load_corpus(args.path, manifest=args.manifest, progress=not args.quiet,
                           max_bytes=int(args.max_mb * 1_000_000),
                           errors="raise" if args.strict else "warn")
    table = summarize(articles)
    print(table.to_string(index=False))
    print(f"\n{len(articles)} articles, {int(articles['word_count'].sum()):,} words, "
          f"{int(articles['boilerplate_chars'].sum()):,} boilerplate characters removed, "
          f"syndicated copies: {int(articles['copy_of'].ne('').sum())}")
    for _, row in articles[articles["copy_of"] != ""].iterrows():
        print(f"  copy: {row['article_id']} -> {row['copy_of']}")
    skipped = articles.attrs.get("skipped", [])
    for item in skipped:
        print(f"  skipped: {item['file']}: {item['problem']}")
    removed = removed_lines(articles)
    if args.removed:
        print()
        print(removed.to_string(index=False, max_colwidth=70) if len(removed)
              else "nothing removed")
    elif len(removed):
        kinds = removed["reason"].str.replace(r" \(.*|:.*| repeated \d+×", "", regex=True)
        print("removed lines by reason (--removed lists them): " + ", ".join(
            f"{k} {n}" for k, n in kinds.value_counts().items()))
    return 0


def _cmd_score(args: argparse.Namespace) -> int:
    from .score import score_path

    score_path(args.path, args.out, workers=args.workers, chunk_size=args.chunk_size,
               progress=not args.quiet, fmt=args.format, lexicon_paths=args.lexicon)
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    from .compare import compare
    from .score import load_or_score
    from .stream import is_partitioned

    if is_partitioned(args.path):   # streamed output: part by part, texts never all loaded
        from .compare.folder import compare_folder

        comparison = compare_folder(args.path, progress=not args.quiet, workers=args.workers)
    else:
        comparison = compare(load_or_score(args.path, progress=not args.quiet))
    paths = comparison.save(args.out)
    for name in sorted(paths):
        print(f"{name:>16}  {paths[name]}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .report import report
    from .score import load_or_score

    scores = load_or_score(args.path, progress=not args.quiet)
    try:
        written = report(scores, args.out, formats=tuple(args.formats), event=args.event,
                         title=args.title)
    except ValueError as exc:  # e.g. an --event that is not in the corpus
        print(f"framing report: error: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


def _cmd_lexicon(args: argparse.Namespace) -> int:
    """List entries (of one ``--device``, or counted by ``--sources``), or ``--validate``
    a user CSV: 1 when it has problems, each printed with its file, row and column."""
    import pandas as pd

    from .lexicon import DEVICES, load_lexicon, validate_file

    if args.validate is not None:
        rows, problems = validate_file(args.validate)
        if problems:
            print(f"{args.validate}: {len(problems)} problem(s)", file=sys.stderr)
            for p in problems:
                print(f"  {p}", file=sys.stderr)
            return 1
        if not args.quiet:
            print(f"{args.validate}: OK, {len(rows)} entries")
        return 0
    df = load_lexicon(args.add or None).entries
    if args.device:
        device = args.device.strip().lower()
        if device not in DEVICES:
            print(f"unknown device {args.device!r}; expected one of {', '.join(DEVICES)}",
                  file=sys.stderr)
            return 1
        df = df[df["device"] == device]
    if args.sources:
        table = (df.groupby(["source", "device"]).size().rename("entries")
                 .reset_index().sort_values(["source", "device"]))
        tail = f"total: {len(df)} entries"
    else:
        table, tail = df[["entry", "device", "category", "neutral", "source"]], None
    with pd.option_context("display.max_rows", None, "display.max_colwidth", 60,
                           "display.width", 200):
        print(table.to_string(index=False))
    if tail:
        print(tail)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framing",
        description="Show how news outlets frame the same event: loaded words, in whose "
                    "voice, who is quoted, what each outlet leaves out.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def add(name: str, help_: str, func) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
        p.set_defaults(func=func)
        return p

    p = add("corpus", "Load a corpus and print a summary: articles per outlet and event, "
                      "words, boilerplate removed, syndicated copies.", _cmd_corpus)
    p.add_argument("path", type=Path,
                   help="folder of .txt/.html files (optional manifest.csv), or one "
                        "CSV/JSONL/Parquet file with a 'text' column")
    p.add_argument("--manifest", type=Path, default=None,
                   help="manifest CSV for a folder (default: PATH/manifest.csv if present)")
    p.add_argument("--removed", action="store_true",
                   help="list every removed line (page furniture) with its reason")
    p.add_argument("--strict", action="store_true",
                   help="stop at the first unreadable file instead of skipping it with a "
                        "warning")
    p.add_argument("--max-mb", type=float, default=10.0,
                   help="largest article file to read, in MB (default: 10)")

    p = add("score", "Score every article: devices with voice, quotes and speakers, "
                     "sentiment; write the tables. Any size: reads the corpus in chunks, "
                     "writes <table>.parquet/part-*.parquet as it goes, and resumes an "
                     "interrupted run (same command) without redoing finished chunks.",
            _cmd_score)
    p.add_argument("path", type=Path, help="a corpus (folder or CSV/JSONL/Parquet file)")
    p.add_argument("--out", type=Path, required=True, help="output folder for the tables")
    p.add_argument("--format", choices=["parquet", "csv", "both"], default="both",
                   help="Parquet datasets are always written (resume reads them); csv or "
                        "both also writes one <table>.csv each at the end (default: both)")
    p.add_argument("--workers", type=int, default=0,
                   help="processes scoring chunks (default: 0 = one per core; never "
                        "more than there are chunks; each holds ~280 MB at the default "
                        "--chunk-size)")
    p.add_argument("--chunk-size", type=int, default=1000,
                   help="articles per chunk when streaming (default: 1000; a worker holds "
                        "about 280 MB with chunks of 1000 ~500-word articles)")
    p.add_argument("--lexicon", type=Path, action="append", default=[], metavar="FILE.csv",
                   help="your own lexicon CSV, merged with the built-in ones (repeatable; "
                        "check it first with 'framing lexicon --validate FILE.csv')")

    p = add("compare", "Compare outlets: events, copies, device rates with intervals, "
                       "sources, actor sentiment, distinctive wording, coverage.",
            _cmd_compare)
    p.add_argument("path", type=Path,
                   help="a corpus, or a folder written by 'framing score' (read part by "
                        "part: the texts are never all in memory)")
    p.add_argument("--out", type=Path, required=True, help="output folder for the tables")
    p.add_argument("--workers", type=int, default=0,
                   help="for a folder written by 'framing score': processes reading "
                        "its parts and clustering each event's claims for the coverage "
                        "tables (default: 0 = one per core; the tables are the same)")

    p = add("report", "Write report.html/.pdf and handout.html/.pdf for a corpus.",
            _cmd_report)
    p.add_argument("path", type=Path, help="a corpus, or a folder written by 'framing score'")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument("--formats", nargs="+", choices=["html", "pdf"], default=["html", "pdf"],
                   help="which formats to write (default: html pdf)")
    p.add_argument("--event", default=None,
                   help="event for the classroom handout (default: the one with most outlets)")
    p.add_argument("--title", default=None, help="report title")

    p = add("lexicon", "List or validate lexicon entries (built-in and your own CSV).",
            _cmd_lexicon)
    p.add_argument("--device", default=None, help="only entries of this device")
    p.add_argument("--add", type=Path, action="append", default=[],
                   help="a user lexicon CSV to merge (repeatable)")
    p.add_argument("--validate", type=Path, default=None,
                   help="validate a user lexicon CSV and report problems")
    p.add_argument("--sources", action="store_true", help="list sources and entry counts")
    return parser


def main(argv: list[str] | None = None) -> int:
    from .errors import FramingError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except FramingError as exc:
        print(f"framing {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
