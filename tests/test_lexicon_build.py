"""The lexicon CSVs are reproducible: derived rows come from framing/lexicons/derive.py,
and every row names a known source."""
from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LEXICONS = ROOT / "framing" / "lexicons"
DERIVE = LEXICONS / "derive.py"
SHARED = Path(os.environ.get("FRAMING_SHARED") or ROOT.parent / "shared" / "lexicons")

needs_shared = pytest.mark.skipif(
    not (SHARED / "recasens2013").is_dir() or not (SHARED / "hutto2015").is_dir(),
    reason=f"published lexicons not found in {SHARED} (set FRAMING_SHARED); "
           "cannot re-derive the lexicon CSVs")


def run_derive(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(DERIVE), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


@needs_shared
def test_derive_check_matches_committed_csvs():
    res = run_derive("--check", "--shared", str(SHARED))
    assert res.returncode == 0, res.stdout + res.stderr
    assert "unchanged" in res.stdout


@needs_shared
def test_derive_check_reports_a_difference_and_writes_nothing(tmp_path):
    shared = tmp_path / "shared"
    for src in SHARED.glob("*/*"):
        (shared / src.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, shared / src.parent.name / src.name)
    neg = shared / "recasens2013" / "negative_liu2005.txt"
    lines = neg.read_bytes().split(b"\n")
    drop = next(i for i, line in enumerate(lines) if line.strip() == b"abnormal")
    neg.write_bytes(b"\n".join(lines[:drop] + lines[drop + 1:]))
    before = {p.name: p.read_bytes() for p in LEXICONS.glob("*.csv")}
    res = run_derive("--check", "--shared", str(shared))
    assert res.returncode == 1, res.stdout + res.stderr
    assert "loaded_terms_liu2005.csv: differs" in res.stdout
    assert "-abnormal," in res.stdout
    assert re.search(r"^hedges\.csv: \d+ entries, unchanged$", res.stdout, flags=re.M)
    assert {p.name: p.read_bytes() for p in LEXICONS.glob("*.csv")} == before


def test_derive_without_published_lists_fails_clearly(tmp_path):
    res = run_derive("--check", "--shared", str(tmp_path / "missing"))
    assert res.returncode == 2
    assert "published lexicons not found" in res.stderr


def published_sources() -> set[str]:
    """The `- **source** —` items of the README's "Sources and licences" section."""
    text = (LEXICONS / "README.md").read_text(encoding="utf-8")
    section = text.split("## Sources and licences", 1)[1].split("\n## ", 1)[0]
    names = set()
    for item in re.findall(r"^- \*\*(.+?)\*\*", section, flags=re.M):
        names |= {n.strip() for n in item.split("/")}
    return {n for n in names if re.fullmatch(r"[a-z0-9]+:[a-z0-9_]+", n)
            and not n.startswith("curated:")}


def test_readme_lists_the_published_sources():
    assert {"liu2005:negative", "liu2005:positive", "recasens2013:hedges_hyland2005",
            "hutto2015:figurative", "hutto2015:value_laden"} <= published_sources()


def test_every_row_has_a_known_source():
    known = published_sources()
    files = sorted(LEXICONS.glob("*.csv"))
    assert {"loaded_terms.csv", "actors.csv", "attribution_verbs.csv"} <= {p.name for p in files}
    bad = []
    for path in files:
        with open(path, newline="", encoding="utf-8") as f:
            for line, row in enumerate(csv.DictReader(f), start=2):
                source = (row.get("source") or "").strip()
                if not (source.startswith("curated:") and len(source) > len("curated:")
                        or source in known):
                    bad.append(f"{path.name}:{line}: source {source!r}")
    assert not bad, "\n".join(bad[:20])
