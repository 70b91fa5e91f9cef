"""Load, merge, validate and compile the device lexicons.

The lexicons are data: CSV files in ``framing/lexicons/`` with one row per entry and
the columns ``entry, device, category, explanation, neutral, source`` (required) and
``note, weight`` (optional). Users add their own CSV files with the same columns; a
user entry replaces every built-in entry that the matcher cannot tell apart from it
(same :func:`framing.matcher.phrase_key`), so a user can re-define a word without
editing the package.

Validation never drops a row silently: every problem is reported with the file, the
row (the line number in the CSV) and the column, and :func:`load_lexicon` raises
:class:`framing.errors.LexiconError` listing all of them.

Examples
--------
>>> lex = load_lexicon()
>>> text = 'Minsk described the drills as "defensive in nature".'
>>> [(text[s:e], lex.entries.loc[ids[0], "device"]) for s, e, ids in lex.find(text)]
[('described', 'attribution verb'), ('defensive in nature', 'euphemism')]
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from .errors import LexiconError
from .matcher import PhraseMatcher, phrase_key

__all__ = [
    "DEVICES",
    "DEVICE_WEIGHTS",
    "REQUIRED_COLUMNS",
    "OPTIONAL_COLUMNS",
    "Lexicon",
    "builtin_paths",
    "validate_file",
    "read_lexicon_file",
    "load_lexicon",
]

LEXICON_DIR = Path(__file__).with_name("lexicons")
REQUIRED_COLUMNS = ("entry", "device", "category", "explanation", "neutral", "source")
OPTIONAL_COLUMNS = ("note", "weight")
# `neutral` may be empty (not every word has a neutral alternative); the other
# required columns may not, because every entry must say what it is, why it matters
# to a reader and where it comes from.
NON_EMPTY = ("entry", "device", "category", "explanation", "source")

DEVICES = ("loaded term", "euphemism", "hedge", "attribution verb", "intensifier",
           "naming choice")

# How much one occurrence of a device adds to a sentence's framing intensity, when
# the entry has no `weight` of its own. Loaded terms and euphemisms change how an
# event is judged; hedges and intensifiers only tilt the certainty or size of a
# statement; a naming choice is a signal of perspective but often the house style; a
# scare quote (found by quote analysis, not by lexicon) distances the author from a
# word as strongly as a loaded term.
DEVICE_WEIGHTS = {
    "loaded term": 1.0,
    "euphemism": 1.0,
    "scare quote": 1.0,
    "hedge": 0.5,
    "intensifier": 0.5,
    "attribution verb": 0.5,
    "naming choice": 0.3,
}

# Files of the package that are not device lexicons (actor aliases use the same
# matcher but belong to framing.quotes / framing.sentiment).
_NOT_DEVICE_FILES = {"actors.csv"}


def builtin_paths() -> list[Path]:
    """The built-in device lexicon files, in a stable order.

    >>> "loaded_terms.csv" in [p.name for p in builtin_paths()]
    True
    """
    return sorted(p for p in LEXICON_DIR.glob("*.csv") if p.name not in _NOT_DEVICE_FILES)


def _clean(value: str | None) -> str:
    return "" if value is None else str(value).strip()


def validate_file(path: str | Path) -> tuple[list[dict], list[str]]:
    """Read one lexicon CSV; return its rows and the problems found.

    Parameters
    ----------
    path : str or Path
        A lexicon CSV file.

    Returns
    -------
    rows : list of dict
        The valid rows, with ``file`` and ``row`` (the CSV line number) added.
    problems : list of str
        One message per problem, naming the file, row and column.

    Examples
    --------
    >>> rows, problems = validate_file(LEXICON_DIR / "euphemisms.csv")
    >>> problems
    []
    """
    path = Path(path)
    problems: list[str] = []
    try:
        handle = open(path, newline="", encoding="utf-8-sig")
    except OSError as exc:
        return [], [f"{path}: cannot read the file ({exc.strerror})"]
    with handle:
        reader = csv.DictReader(handle)
        header = [_clean(h).lower() for h in (reader.fieldnames or [])]
        if not header:
            return [], [f"{path}: the file is empty; expected a header row with columns "
                        f"{', '.join(REQUIRED_COLUMNS)}"]
        reader.fieldnames = header
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            return [], [f"{path}, row 1 (header): missing required column "
                        f"{', '.join(repr(c) for c in missing)}; found {', '.join(header)}"]
        rows: list[dict] = []
        seen: dict[tuple, int] = {}
        for raw in reader:
            line = reader.line_num
            where = f"{path}, row {line}"
            if None in raw:  # more cells than header columns
                problems.append(f"{where}: more cells than columns in the header")
                continue
            row = {c: _clean(raw.get(c)) for c in header}
            if not any(row.values()):
                continue  # a blank line is not an entry
            bad = False
            for col in NON_EMPTY:
                if not row[col]:
                    problems.append(f"{where}, column '{col}': empty {col}")
                    bad = True
            device = row["device"].lower()
            if device and device not in DEVICES:
                problems.append(f"{where}, column 'device': unknown device {row['device']!r}; "
                                f"expected one of {', '.join(DEVICES)}")
                bad = True
            row["device"] = device
            weight = row.get("weight", "")
            if weight:
                try:
                    w = float(weight)
                except ValueError:
                    w = -1.0
                if not 0.0 <= w <= 1.0:
                    problems.append(f"{where}, column 'weight': {weight!r} is not a number "
                                    f"between 0 and 1")
                    bad = True
            if row["entry"]:
                key = phrase_key(row["entry"])
                if not key:
                    problems.append(f"{where}, column 'entry': {row['entry']!r} has no word "
                                    f"the matcher can find")
                    bad = True
                elif (key, device) in seen:
                    problems.append(f"{where}, column 'entry': duplicate entry "
                                    f"{row['entry']!r} ({device}); the matcher cannot tell it "
                                    f"from row {seen[(key, device)]}")
                    bad = True
                else:
                    seen[(key, device)] = line
            if not bad:
                row["file"] = str(path)
                row["row"] = line
                rows.append(row)
    return rows, problems


def read_lexicon_file(path: str | Path) -> pd.DataFrame:
    """Read and validate one lexicon CSV; raise :class:`LexiconError` on any problem.

    >>> read_lexicon_file(LEXICON_DIR / "euphemisms.csv")["device"].unique().tolist()
    ['euphemism']
    """
    rows, problems = validate_file(path)
    if problems:
        raise LexiconError(f"{len(problems)} problem(s) in lexicon {path}:\n  "
                           + "\n  ".join(problems))
    return _frame(rows)


_COLUMNS = list(REQUIRED_COLUMNS) + ["note", "weight", "file", "row"]


def _frame(rows: Sequence[dict]) -> pd.DataFrame:
    df = pd.DataFrame(list(rows), columns=_COLUMNS)
    for col in ("note", "neutral"):
        df[col] = df[col].astype(object).where(df[col].notna(), "").astype(str)
    weight = pd.to_numeric(df["weight"].replace("", None), errors="coerce")
    df["weight"] = weight.fillna(df["device"].map(DEVICE_WEIGHTS)).astype(float)
    df["row"] = df["row"].astype("int64")
    return df


@dataclass
class Lexicon:
    """All device entries and one compiled matcher over them.

    Attributes
    ----------
    entries : pandas.DataFrame
        One row per entry: ``entry, device, category, explanation, neutral, source,
        note, weight, file, row``. Its index (0..n-1) is the matcher's phrase id.
    matcher : PhraseMatcher
        Compiled over ``entries["entry"]``.

    Examples
    --------
    >>> lex = Lexicon.from_frame(pd.DataFrame({"entry": ["war torn"],
    ...     "device": ["loaded term"], "category": ["victimhood"],
    ...     "explanation": ["x"], "neutral": [""], "source": ["test"]}))
    >>> lex.find("the war-torn country")
    [(4, 12, (0,))]
    """

    entries: pd.DataFrame
    matcher: PhraseMatcher

    @classmethod
    def from_frame(cls, entries: pd.DataFrame) -> "Lexicon":
        """Compile a lexicon from a DataFrame of entries (missing optional columns filled)."""
        df = entries.copy()
        for col in _COLUMNS:
            if col not in df.columns:
                df[col] = "" if col not in ("row",) else 0
        if "weight" in entries.columns:
            w = pd.to_numeric(df["weight"].replace("", None), errors="coerce")
        else:
            w = pd.Series(float("nan"), index=df.index)
        df["weight"] = w.fillna(df["device"].map(DEVICE_WEIGHTS)).fillna(1.0).astype(float)
        df = df.reset_index(drop=True)
        return cls(entries=df, matcher=PhraseMatcher(df["entry"].tolist()))

    def find(self, text: str, start: int = 0, end: int | None = None,
             ) -> list[tuple[int, int, tuple[int, ...]]]:
        """Matches of any entry in ``text[start:end]``: ``(start, end, entry_ids)``."""
        return self.matcher.find(text, start, end)

    def __len__(self) -> int:
        return len(self.entries)

    def derived(self, name: str, build):
        """``build(self)``, computed once per lexicon and kept on it: the lookup
        tables the scorer derives from the entries (every chunk asks for them).

        >>> lex = Lexicon.from_frame(pd.DataFrame({"entry": ["war torn"],
        ...     "device": ["loaded term"], "category": [""], "explanation": ["x"],
        ...     "neutral": [""], "source": ["test"]}))
        >>> lex.derived("n", len) is lex.derived("n", lambda _: 0)
        True
        """
        cache = self.__dict__.setdefault("_derived", {})
        if name not in cache:
            cache[name] = build(self)
        return cache[name]


def _merge(frames: Iterable[pd.DataFrame], user: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate built-ins, then let each user file replace same-key entries."""
    base = pd.concat(list(frames), ignore_index=True)
    _check_cross_file(base)
    for df in user:
        keys = set(df["entry"].map(phrase_key))
        base = base[~base["entry"].map(phrase_key).isin(keys)]
        base = pd.concat([base, df], ignore_index=True)
    return base.reset_index(drop=True)


def _check_cross_file(df: pd.DataFrame) -> None:
    """Two built-in files must not define the same entry for the same device."""
    keyed = df.assign(_key=df["entry"].map(phrase_key))
    dup = keyed[keyed.duplicated(["_key", "device"], keep=False)]
    if len(dup):
        lines = [f"{r.file}, row {r.row}, column 'entry': {r.entry!r} ({r.device}) is "
                 f"defined in more than one file" for r in dup.itertuples()]
        raise LexiconError("duplicate entries across lexicon files:\n  " + "\n  ".join(lines))


@lru_cache(maxsize=1)
def _default() -> Lexicon:
    frames = [read_lexicon_file(p) for p in builtin_paths()]
    return Lexicon.from_frame(_merge(frames, []))


def load_lexicon(extra: Iterable[str | Path] | str | Path | None = None) -> Lexicon:
    """Load the built-in lexicons, merged with the user's CSV files.

    Parameters
    ----------
    extra : path or list of paths, optional
        User lexicon CSV files (same columns as the built-ins). A user entry replaces
        every built-in entry with the same matcher key, whatever its device; a later
        user file overrides an earlier one the same way.

    Returns
    -------
    Lexicon
        Compiled once per process and cached: the built-in lexicon, and the merge with
        the same ``extra`` files while their contents stay the same
        (:func:`file_digests`); an edited file is read again.

    Raises
    ------
    LexiconError
        If any file has a problem (missing column, empty entry, unknown device,
        duplicate entry within a file, bad weight); the message names file, row and
        column of each.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> sorted(lex.entries["device"].unique())[:3]
    ['attribution verb', 'euphemism', 'hedge']
    """
    if extra is None or extra == []:
        return _default()
    if isinstance(extra, (str, Path)):
        extra = [extra]
    extra = tuple(map(str, extra))
    try:
        digests = file_digests(extra)
    except OSError:   # (a missing file: read_lexicon_file says so, naming it)
        return _merged(extra)
    # Cached: a streaming or Dask worker asks for the lexicon once per chunk, and
    # reading and compiling the files each time cost ~15-30 ms a chunk.
    return _merged_cached(extra, digests)


def file_digests(paths) -> tuple[str, ...]:
    """The SHA-1 of each file's bytes: what tells an edited lexicon from the one read
    (the lexicon cache, and a resumed ``framing score``). OSError if one is missing."""
    return tuple(hashlib.sha1(Path(p).read_bytes()).hexdigest() for p in paths)


def _merged(extra: tuple) -> Lexicon:
    user = [read_lexicon_file(p) for p in extra]
    base = _default().entries[_COLUMNS]
    return Lexicon.from_frame(_merge([base], user))


@lru_cache(maxsize=4)
def _merged_cached(extra: tuple, digests: tuple) -> Lexicon:
    return _merged(extra)
