"""Load a corpus into the ``articles`` table, validate it, clean it, mark copies.

Accepted inputs (see DESIGN.md):

* a folder of ``.txt`` and/or saved ``.html`` pages (any depth), with an optional
  ``manifest.csv`` (``file, outlet, domain, url, published, event[, title, id]``);
* one ``.csv``, ``.jsonl`` or ``.parquet`` file with a ``text`` column (and optionally
  ``id``/``article_id``, ``outlet``, ``domain``, ``url``, ``published``, ``event``,
  ``title``).

Nothing is lost silently: a file that cannot be read is skipped with a
:class:`CorpusWarning` naming it and the problem (``errors="raise"`` turns these into
:class:`~framing.errors.CorpusError`), and is listed in ``articles.attrs["skipped"]``;
every line the cleaner removed is kept in the ``removed`` column.

Examples
--------
>>> from framing.corpus import load_corpus, summarize
>>> articles = load_corpus("seeds", progress=False)
>>> articles.loc[3, ["article_id", "outlet", "copy_of"]].tolist()
['003_1998e0662f3ef197', 'Tsarizm', '001_5e91cf48cce6411a']
"""
from __future__ import annotations

import codecs
import hashlib
import io
import json
import os
import sys
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
from tqdm.auto import tqdm

from .clean import clean_article, corpus_repeats, extract_html, line_key
from .copies import find_copies
from .errors import CorpusError
from .text import count_words

__all__ = ["load_corpus", "summarize", "CorpusWarning", "COLUMNS", "DEFAULT_MAX_BYTES"]

COLUMNS = ["article_id", "outlet", "domain", "url", "published", "event", "title", "text",
           "raw_text", "word_count", "boilerplate_chars", "copy_of", "removed", "source_file"]
META = ["outlet", "domain", "url", "published", "event", "title"]
TEXT_EXTS = {".txt"}
HTML_EXTS = {".html", ".htm"}
TABLE_EXTS = {".csv", ".jsonl", ".ndjson", ".parquet", ".pq"}
# One news article is a few kB; 10 MB is a file that is not an article (a dump, a log).
DEFAULT_MAX_BYTES = 10_000_000
# Fewer words than this after cleaning is an error page, a stub or a failed extraction.
MIN_WORDS = 30
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
                rows = []
                for n, line in enumerate(text.splitlines(), start=1):
                    if line.strip():
                        try:
                            obj = json.loads(line)
                        except json.JSONDecodeError as exc:
                            raise _Problem(f"line {n} is not valid JSON ({exc.msg})") from None
                        if not isinstance(obj, dict):
                            raise _Problem(f"line {n} is not a JSON object")
                        rows.append(obj)
                df = pd.DataFrame(rows)
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


def _assign_ids(records: list[dict]) -> None:
    """Hash ids for rows without one; identical texts get ``_2``, ``_3`` and a warning."""
    seen: dict[str, int] = {}
    for rec in records:
        if "article_id" in rec:
            continue
        base = "h" + hashlib.sha1(rec["raw_text"].encode("utf-8")).hexdigest()[:16]
        seen[base] = seen.get(base, 0) + 1
        rec["article_id"] = base if seen[base] == 1 else f"{base}_{seen[base]}"
        if seen[base] == 2:
            _warn(f"{rec['source_file']}: same text as an earlier row (id {base}); "
                  "kept as a separate article")
    ids = pd.Series([r["article_id"] for r in records])
    dup = ids[ids.duplicated(keep=False)]
    if len(dup):
        where = {i: [r["source_file"] for r in records if r["article_id"] == i]
                 for i in sorted(set(dup))[:10]}
        raise CorpusError("duplicate article ids: " + "; ".join(
            f"'{i}' ({', '.join(files)})" for i, files in where.items()))


def _parse_dates(values: list, sources: list[str]) -> pd.Series:
    s = pd.Series(values, dtype=object)
    out = pd.to_datetime(s.replace("", None), errors="coerce", utc=True, format="mixed")
    for i in s.index[out.isna() & s.map(lambda v: v not in ("", None) and not pd.isna(v))]:
        _warn(f"{sources[i]}: cannot read the date {s[i]!r}; published left empty")
    return out.dt.tz_convert(None).astype("datetime64[ns]")


def _group(rec: dict) -> str:
    return (rec.get("outlet") or rec.get("domain") or "").casefold()


def _clean_all(records: list[dict], progress: bool) -> None:
    """Clean every article; then remove short lines repeated across an outlet's pages."""
    for rec in tqdm(records, desc="cleaning", unit="article",
                    disable=not progress or len(records) < 200):
        rec["cleaned"] = clean_article(rec.get("clean_from", rec["raw_text"]),
                                       outlet=rec.get("outlet"), title=rec.get("title"))
    groups: dict[str, list[int]] = {}
    for i, rec in enumerate(records):
        groups.setdefault(_group(rec), []).append(i)
    if max(map(len, groups.values()), default=0) < 3:
        return
    # Syndicated copies share every line: count each cluster of copies once.
    pass1 = pd.DataFrame({"article_id": [str(i) for i in range(len(records))],
                          "text": [r["cleaned"].text for r in records]})
    copy_of = set(find_copies(pass1, across_outlets_only=False)["article_id"].astype(int))
    for members in groups.values():
        if len(members) < 3:
            continue
        originals = [records[i]["cleaned"].text for i in members if i not in copy_of]
        repeats = corpus_repeats(originals)
        if not repeats:
            continue
        for i in members:
            rec = records[i]
            if any(line_key(ln) in repeats for ln in rec["cleaned"].text.split("\n")):
                rec["cleaned"] = clean_article(rec.get("clean_from", rec["raw_text"]),
                                               outlet=rec.get("outlet"), title=rec.get("title"),
                                               corpus_repeats=repeats)


def load_corpus(path, *, manifest=None, progress: bool = True,
                max_bytes: int = DEFAULT_MAX_BYTES, errors: str = "warn",
                copy_threshold: float = 0.7) -> pd.DataFrame:
    """Load, clean and validate a corpus; return the ``articles`` table.

    Parameters
    ----------
    path : str or Path
        A folder of ``.txt``/``.html`` files, or one CSV/JSONL/Parquet file.
    manifest : str or Path, optional
        Manifest CSV of a folder (default: ``PATH/manifest.csv`` when present).
    progress : bool
        Show tqdm progress bars on large corpora.
    max_bytes : int
        Largest accepted article file (or table text); bigger ones are refused with a
        size message instead of being read.
    errors : {"warn", "raise"}
        What to do with a file that cannot be used (empty, binary, too large,
        unsupported, unmatched manifest row): skip it with a :class:`CorpusWarning`
        (listed in ``articles.attrs["skipped"]``) or raise :class:`CorpusError`.
    copy_threshold : float
        Jaccard similarity above which an article is a copy (see :mod:`framing.copies`).

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`; ``published`` is ``datetime64[ns]`` (NaT if unknown),
        other unknown fields are "". ``removed`` is a JSON list of ``{"text", "reason"}``.

    Raises
    ------
    CorpusError
        Missing path, unsupported file, unreadable table, no ``text`` column,
        duplicate ids, nothing loadable.

    Examples
    --------
    >>> load_corpus("seeds", progress=False)["outlet"].tolist()[:2]
    ['WION', 'Armed Forces Press']
    """
    path = Path(path)
    loader = _Loader(errors, max_bytes)
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder")
    if path.is_dir():
        records = _folder_records(path, Path(manifest) if manifest else None, loader, progress)
    elif manifest is not None:
        raise CorpusError(f"{path}: manifest= applies to a folder corpus, not to a single file")
    elif path.suffix.lower() in TABLE_EXTS:
        records = _table_records(path, loader)
    elif path.suffix.lower() in TEXT_EXTS | HTML_EXTS:
        # One article file: its problem is the whole corpus's problem.
        records = _file_records([path], path.parent, None, {}, _Loader("raise", max_bytes),
                                progress=False)
    else:
        raise CorpusError(f"{path}: unsupported file type '{path.suffix}' (use a folder of "
                          ".txt/.html files or a .csv, .jsonl or .parquet file)")
    if not records:
        raise CorpusError(f"{path}: no article could be loaded"
                          + (f" ({len(loader.skipped)} skipped, see warnings)"
                             if loader.skipped else ""))
    _assign_ids(records)
    _clean_all(records, progress)
    for rec in records:
        c = rec.pop("cleaned")
        rec["text"], rec["title"] = c.text, rec.get("title") or c.title
        if not rec.get("published"):
            rec["published"] = c.published
        removed = rec.pop("pre_removed", []) + c.removed
        rec["removed"] = json.dumps(removed, ensure_ascii=False)
        rec["boilerplate_chars"] = sum(len(r["text"]) for r in removed)
        if not rec.get("domain") and rec.get("url"):
            host = urlsplit(rec["url"]).hostname or ""
            rec["domain"] = host[4:] if host.startswith("www.") else host
    df = pd.DataFrame.from_records(records)
    for col in COLUMNS:
        if col not in df:
            df[col] = ""
    df["published"] = _parse_dates(df["published"].tolist(), df["source_file"].tolist())
    df["word_count"] = df["text"].map(count_words).astype("int64")
    for src, n in zip(df["source_file"], df["word_count"]):
        if n < MIN_WORDS:  # an error page or a stub: kept, but said out loud
            _warn(f"{src}: only {n} words after cleaning; kept, check that it is an article")
    df["boilerplate_chars"] = df["boilerplate_chars"].astype("int64")
    copies = find_copies(df, threshold=copy_threshold)
    copy_of = dict(zip(copies["article_id"], copies["copy_of"]))
    df["copy_of"] = [copy_of.get(i, "") for i in df["article_id"]]
    df = df[COLUMNS].copy()
    for col in COLUMNS:
        if col not in ("published", "word_count", "boilerplate_chars"):
            df[col] = df[col].fillna("").astype(str)
    df.attrs["skipped"] = loader.skipped
    return df


def summarize(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles, words, boilerplate characters removed and copies, per outlet and event.

    >>> summarize(load_corpus("seeds", progress=False))["copies"].sum()
    np.int64(1)
    """
    df = articles.assign(
        outlet=articles["outlet"].replace("", "(unknown)"),
        event=articles["event"].replace("", "(unknown)"),
        is_copy=articles["copy_of"].ne(""))
    out = (df.groupby(["outlet", "event"], sort=True)
             .agg(articles=("article_id", "size"), words=("word_count", "sum"),
                  boilerplate_chars=("boilerplate_chars", "sum"), copies=("is_copy", "sum"))
             .reset_index())
    return out.astype({"articles": "int64", "words": "int64", "boilerplate_chars": "int64",
                       "copies": "int64"})
