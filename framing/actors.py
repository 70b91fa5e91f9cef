"""The actor and speech-verb lexicons, and who an actor mention names.

Loads ``lexicons/actors.csv`` (alias -> actor, speaker group, kind) and
``lexicons/attribution_verbs.csv`` once per process, builds a
:class:`~framing.matcher.PhraseMatcher` for each, finds actor mentions in text
(:func:`find_actors`) and picks the head actor of a noun phrase's mentions, so that
:mod:`framing.attributions` and :mod:`framing.speakers` can map a speaker to an actor
and a speaker group.

Examples
--------
>>> t = 'Psaki said Moscow and Kiev agree.'
>>> [(t[s:e], a) for s, e, a in find_actors(t)]
[('Psaki', 'US'), ('Moscow', 'Russia'), ('Kiev', 'Ukraine')]
"""
from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .matcher import PhraseMatcher, article_words

__all__ = ["actors_table", "verbs_table", "find_actors"]

_LEXICONS = Path(__file__).parent / "lexicons"


@lru_cache(maxsize=1)
def actors_table() -> pd.DataFrame:
    """``lexicons/actors.csv``: ``alias, actor, speaker_group, kind, source``."""
    return pd.read_csv(_LEXICONS / "actors.csv", dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def verbs_table() -> pd.DataFrame:
    """``lexicons/attribution_verbs.csv`` (the device "attribution verb")."""
    return pd.read_csv(_LEXICONS / "attribution_verbs.csv", dtype=str,
                       keep_default_na=False)


@lru_cache(maxsize=1)
def _alias_rows() -> list[dict]:
    return actors_table().to_dict("records")


@lru_cache(maxsize=1)
def _verb_entries() -> list[str]:
    return verbs_table()["entry"].tolist()


@lru_cache(maxsize=1)
def _actor_names() -> list[str]:
    return actors_table()["actor"].tolist()


@lru_cache(maxsize=1)
def _actor_matcher() -> PhraseMatcher:
    return PhraseMatcher(actors_table()["alias"].tolist())


@lru_cache(maxsize=1)
def _verb_matcher() -> PhraseMatcher:
    return PhraseMatcher(verbs_table()["entry"].tolist())


# The alias matches of the last whole text searched, per thread: the quote analysis
# and the scorer's actor column both need them for the same article.
_LAST_MENTIONS = threading.local()


def alias_matches(text: str) -> list[tuple[int, int, tuple[int, ...]]]:
    """Alias matches ``(start, end, alias_ids)`` in the whole of ``text``, one pass per text.

    >>> [m[:2] for m in alias_matches("Moscow and Minsk")]
    [(0, 6), (11, 16)]
    """
    last = getattr(_LAST_MENTIONS, "entry", None)
    if last is not None and last[0] is text:
        return last[1]
    spans, keys = article_words(text)
    found = _actor_matcher().find_in_words(text, spans, keys)
    _LAST_MENTIONS.entry = (text, found)
    return found


def find_actors(text: str, start: int = 0, end: int | None = None,
                ) -> list[tuple[int, int, str]]:
    """Actor mentions in ``text[start:end]`` as ``(start, end, actor)``.

    Aliases come from ``lexicons/actors.csv`` and are matched with the package's
    :class:`~framing.matcher.PhraseMatcher` (so "Russia's" matches *Russia*, and the
    capitalised "US" never matches the pronoun "us"). Role nouns ("officials",
    "analysts") are actors too (``officials``, ``experts``).

    Examples
    --------
    >>> t = 'The White House and the Kremlin; let us see. US officials spoke.'
    >>> [(t[s:e], a) for s, e, a in find_actors(t)]
    [('White House', 'US'), ('Kremlin', 'Russia'), ('US', 'US'), ('officials', 'officials')]
    """
    actors = _actor_names()
    found = (alias_matches(text) if start == 0 and end is None
             else _actor_matcher().find(text, start, end))
    return [(s, e, actors[ids[0]]) for s, e, ids in found]


@lru_cache(maxsize=1)
def story_actors() -> frozenset[str]:
    """Actors a story is about (states, blocs, their bodies and people).

    Excludes news agencies, which are cited rather than written about, and generic
    role nouns ("officials"), which name no one: sentiment *toward* them means little.

    >>> {"Russia", "NATO"} <= story_actors(), {"Reuters", "Al Jazeera"} & story_actors()
    (True, set())
    """
    table = actors_table()
    # By group as well as kind: a journalist is a person, but his actor is his agency.
    keep = table["kind"].isin(["place", "body", "person", "demonym"]) & \
        (table["source"] != "curated:roles") & (table["actor"] != "") & \
        ~table["speaker_group"].isin(["media/agency", "expert", "unknown"])
    return frozenset(table.loc[keep, "actor"])


def _is_role(row: dict) -> bool:
    """Generic role nouns ("officials", "the correspondent") name no actor."""
    return row["source"] == "curated:roles"


def _named_actor(rows: list[dict]):
    """The head actor of a noun phrase: a named person, else the last named body,
    place or outlet, else a demonym ("Russian officials")."""
    # One pass from the end (no list per class): the first person met is the last.
    last_named = last_demonym = None
    for r in reversed(rows):
        kind = r["kind"]
        if kind == "demonym":
            if last_demonym is None:
                last_demonym = r
        elif not _is_role(r):
            if kind == "person":
                return r
            if last_named is None:
                last_named = r
    return last_named if last_named is not None else last_demonym
