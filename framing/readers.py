"""Read a corpus path into raw article records, refusing bad input out loud.

Turns a folder of ``.txt``/``.html`` files (with its optional ``manifest.csv``) or one
CSV/JSONL/Parquet table into one dict per article (``raw_text``, metadata,
``source_file``). Every file is checked before it is used -- size limit, empty,
binary, encoding (UTF-8, UTF-16 with a BOM, else cp1252/latin-1 with a warning),
unsupported extension, unmatched manifest row -- and a problem becomes a
:class:`CorpusWarning` naming the file, or a :class:`~framing.errors.CorpusError` with
``errors="raise"``. Cleaning, ids and copies are :mod:`framing.corpus`'s job.
"""
from __future__ import annotations

import codecs
import io
import json
import os
import sys
import warnings
from pathlib import Path
from typing import Iterator

import pandas as pd
from tqdm.auto import tqdm

from .errors import CorpusError
from .html_extract import extract_html

__all__ = ["CorpusWarning", "DEFAULT_MAX_BYTES", "META", "TEXT_EXTS", "HTML_EXTS",
           "TABLE_EXTS"]


META = ["outlet", "domain", "url", "published", "event", "title"]
TEXT_EXTS = {".txt"}
HTML_EXTS = {".html", ".htm"}
TABLE_EXTS = {".csv", ".jsonl", ".ndjson", ".parquet", ".pq"}
# One news article is a few kB; 10 MB is a file that is not an article (a dump, a log).
DEFAULT_MAX_BYTES = 10_000_000
# Column names accepted in manifests and table files, first match wins.
ALIASES = {
    "article_id": ["article_id", "id"],
    "text": ["text", "body", "content"],
    "outlet": ["outlet", "source", "publisher", "site"],
    "domain": ["domain"],
    "url": ["url", "link"],
    "published": ["published", "date", "published_at", "publish_date"],
    "event": ["event"],
    "title": ["title", "headline"],
}
_MAGIC = {b"%PDF": "PDF", b"PK\x03\x04": "ZIP/Office", b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG",
          b"GIF8": "GIF", b"\x1f\x8b": "gzip", b"PAR1": "Parquet", b"\x7fELF": "executable"}


class CorpusWarning(UserWarning):
    """A corpus problem that did not stop loading: a file skipped, a fallback used."""


def _warn(message: str) -> None:
    """``warnings.warn`` attributed to the first caller outside the framing package."""
    pkg = os.path.dirname(os.path.abspath(__file__))
    frame, level = sys._getframe(1), 2
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(pkg):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, CorpusWarning, stacklevel=level - 1)


class _Problem(Exception):
    """A per-file problem; becomes a warning or a CorpusError depending on ``errors``."""


class _Loader:
    def __init__(self, errors: str, max_bytes: int):
        if errors not in ("warn", "raise"):
            raise ValueError("errors must be 'warn' or 'raise'")
        self.errors, self.max_bytes, self.skipped = errors, max_bytes, []

    def problem(self, where: str, msg: str, *, skipped: bool = True) -> None:
        text = f"{where}: {msg}"
        if self.errors == "raise" and skipped:  # fallbacks and notes only warn
            raise CorpusError(text)
        if skipped:
            self.skipped.append({"file": where, "problem": msg})
        _warn(text + (" (skipped)" if skipped else ""))

    def read_bytes(self, path: Path) -> bytes:
        size = path.stat().st_size
        if size > self.max_bytes:
            raise _Problem(f"file is {size / 1e6:.1f} MB, over the {self.max_bytes / 1e6:.1f} "
                           "MB limit for one article (pass max_bytes= to raise it)")
        if size == 0:
            raise _Problem("empty file")
        return path.read_bytes()

    def read_table_bytes(self, path: Path) -> bytes:
        # A table holds many articles, so the one-article size limit does not apply.
        data = path.read_bytes()
        if not data.strip():
            raise _Problem("empty file")
        return data

    def decode(self, data: bytes, where: str) -> str:
        """UTF-8 (a BOM is dropped); UTF-16 with a BOM; else cp1252, then latin-1, warned."""
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8):]
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        for magic, kind in _MAGIC.items():
            if data.startswith(magic):
                raise _Problem(f"binary file ({kind}), not text")
        if b"\x00" in data[:8192]:
            raise _Problem("binary file (contains NUL bytes), not text")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
        for fallback in ("cp1252", "latin-1"):
            try:
                text = data.decode(fallback)
            except UnicodeDecodeError:
                continue
            self.problem(where, f"not valid UTF-8 ({bad}); decoded as {fallback}",
                         skipped=False)
            return text
        raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _col(df: pd.DataFrame, field: str) -> str | None:
    cols = {str(c).strip().lower(): c for c in df.columns}
    return next((cols[a] for a in ALIASES[field] if a in cols), None)


def _str(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def _read_manifest(path: Path, loader: _Loader) -> dict[str, dict]:
    try:
        df = pd.read_csv(io.StringIO(loader.decode(loader.read_bytes(path), str(path))),
                         dtype=str, keep_default_na=False)
    except (_Problem, pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise CorpusError(f"{path}: manifest cannot be read: {exc}") from None
    file_col = next((c for c in df.columns if str(c).strip().lower() == "file"), None)
    if file_col is None:
        raise CorpusError(f"{path}: manifest has no 'file' column (columns: "
                          f"{', '.join(map(str, df.columns))})")
    names = df[file_col].str.strip()
    dup = sorted(set(names[names.duplicated()]))
    if dup:
        raise CorpusError(f"{path}: manifest lists these files more than once: {', '.join(dup)}")
    rows = {}
    for i, (name, (_, row)) in enumerate(zip(names, df.iterrows()), start=2):
        meta = {f: _str(row[c]) for f in META + ["article_id"] if (c := _col(df, f)) is not None}
        rows[name] = meta | {"_line": i}
    return rows


def _folder_records(root: Path, manifest: Path | None, loader: _Loader, progress: bool):
    manifest = manifest or (root / "manifest.csv" if (root / "manifest.csv").is_file() else None)
    rows = _read_manifest(manifest, loader) if manifest else {}
    files = sorted(p for p in root.rglob("*") if p.is_file()
                   and not any(s.startswith(".") for s in p.relative_to(root).parts)
                   and (manifest is None or p.resolve() != manifest.resolve()))
    rel = {p: p.relative_to(root).as_posix() for p in files}
    by_name = {**{p.name: p for p in files}, **{r: p for p, r in rel.items()}}
    for name, meta in rows.items():
        if name not in by_name:
            loader.problem(f"{manifest}, line {meta['_line']}",
                           f"manifest row for '{name}', which is not in {root}")
    used = {by_name[n]: m for n, m in rows.items() if n in by_name}
    if not files:
        raise CorpusError(f"{root}: no .txt or .html files in this folder")
    return _file_records(files, root, manifest, used, loader, progress)


def _file_records(files, root, manifest, used, loader, progress):
    records = []
    for path in tqdm(files, desc="reading", unit="file", disable=not progress or len(files) < 20):
        where = str(path)
        ext = path.suffix.lower()
        if ext not in TEXT_EXTS | HTML_EXTS:
            loader.problem(where, f"unsupported extension '{path.suffix}' (a corpus folder "
                                  "holds .txt and .html files)")
            continue
        try:
            data = loader.read_bytes(path)
            rec = extract_html(data) if ext in HTML_EXTS else {
                "raw_text": loader.decode(data, where)}
            if not rec["raw_text"].strip():
                raise _Problem("empty file (only whitespace)")
        except (_Problem, ValueError) as exc:
            loader.problem(where, str(exc))
            continue
        meta = used.get(path)
        if manifest and meta is None:
            loader.problem(where, f"no row in {manifest.name}; loaded with what the text "
                                  "offers (no outlet, event)", skipped=False)
        rec.setdefault("article_id", path.relative_to(root).as_posix().rsplit(".", 1)[0])
        for key, value in (meta or {}).items():
            if value and not key.startswith("_"):
                rec[key] = value
        records.append(rec | {"source_file": where})
    return records


def json_rows(lines) -> Iterator[dict]:
    """The objects of JSON Lines ``lines``, blank lines skipped; a bad line is refused
    with its number (``_Problem``).

    >>> list(json_rows(['{"text": "Kyiv said"}', '', '{"text": "Minsk denied"}']))
    [{'text': 'Kyiv said'}, {'text': 'Minsk denied'}]
    """
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _Problem(f"line {n} is not valid JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise _Problem(f"line {n} is not a JSON object")
        yield obj


def _table_records(path: Path, loader: _Loader):
    where, ext = str(path), path.suffix.lower()
    try:
        if ext == ".parquet" or ext == ".pq":
            df = pd.read_parquet(path)
        else:
            text = loader.decode(loader.read_table_bytes(path), where)
            if ext == ".csv":
                df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
            else:
                df = pd.DataFrame(list(json_rows(text.splitlines())))
    except _Problem as exc:
        raise CorpusError(f"{where}: {exc}") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, OSError, ValueError) as exc:
        raise CorpusError(f"{where}: cannot be read as {ext[1:].upper()}: {exc}") from None
    text_col = _col(df, "text")
    if text_col is None:
        raise CorpusError(f"{where}: no 'text' column (columns: "
                          f"{', '.join(map(str, df.columns)) or 'none'}); a table corpus "
                          "needs one article per row with its text in a 'text' column")
    cols = {f: _col(df, f) for f in META + ["article_id"]}
    records = []
    for n, (_, row) in enumerate(df.iterrows(), start=1):
        raw = _str(row[text_col])
        if not raw:
            loader.problem(f"{where}#row={n}", "empty text")
            continue
        if len(raw) > loader.max_bytes:
            loader.problem(f"{where}#row={n}", f"text of {len(raw):,} characters is over "
                                               "the max_bytes limit")
            continue
        rec = {f: (row[c] if f == "published" else _str(row[c]))
               for f, c in cols.items() if c is not None}
        rec["published"] = "" if pd.isna(rec.get("published", "")) else rec.get("published", "")
        if not rec.get("article_id"):
            rec.pop("article_id", None)
        records.append(rec | {"raw_text": raw, "source_file": f"{where}#row={n}"})
    return records
