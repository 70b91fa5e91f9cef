"""A process-wide ``word -> value`` table: per-word work done once per process.

Stems, syllables, negator verdicts and copy-token hashes are all looked up per word
through one of these tables (see :class:`WordTable`).
"""
from __future__ import annotations

from operator import itemgetter

__all__ = ["WordTable"]


class WordTable:
    """A process-wide ``word -> value`` table: per-word work done once per process.

    :meth:`values` maps words through it and computes only the words it lacks. A
    plain dict read by one ``itemgetter`` call (C level, see :func:`_lookup`): a cache
    call per word cost more than the work it saved. Bounded: a large corpus's vocabulary (names, numbers, typos) keeps
    growing, so past ``limit`` words the table is replaced -- not cleared, so a thread
    reading the old one never sees it change -- and refilled, which costs a little
    time, never correctness. 100,000 words hold nearly every token of news text.

    With ``batch=True``, ``compute`` takes the list of new words and returns their
    values in order: one call per batch, for work that is cheap per word only in bulk
    (hashing with pandas).

    With a ``lead`` table (one looked up earlier for the same words), this table is
    filled with the words new to the lead when the lead is, and replaced with it: it
    then holds them already, so its lookup is tried first, without the set
    difference that finds new words (a probe of the large table per distinct word).
    A word it still lacks (text the lead never saw, a race between threads) is
    computed here as for any table. It joins the lead at its first lookup, so a
    table never used (copy hashes outside streaming) costs the lead nothing.

    >>> lengths = WordTable(len, limit=2)
    >>> lengths.values(["a", "bb", "a"]), lengths.values(["ccc"]), list(lengths.table)
    ([1, 2, 1], [3], ['ccc'])
    >>> WordTable(lambda ws: [len(w) for w in ws], batch=True).values(["a", "bb", "a"])
    [1, 2, 1]
    >>> upper = WordTable(str.upper, lead=lengths)
    >>> upper.values(["a"]), lengths.values(["dd"]), upper.table
    (['A'], [2], {'a': 'A', 'dd': 'DD'})
    """

    def __init__(self, compute, limit: int = 100_000, batch: bool = False,
                 lead: WordTable | None = None):
        self.compute, self.limit, self.batch, self.table = compute, limit, batch, {}
        self.followers, self.lead = [], lead

    def values(self, words: list[str], distinct: set[str] | None = None) -> list:
        """The value of each of ``words``; ``distinct`` is ``set(words)`` if known."""
        table = self.table
        if distinct is None or self.lead is not None:
            try:   # no word new to the process: no set to build then
                return _lookup(table, words)
            except KeyError:
                if distinct is None:
                    distinct = set(words)
                if self.lead is not None and self not in self.lead.followers:
                    self.lead.followers.append(self)
        # With the set at hand, its difference finds the new words in C: cheaper on
        # average than a lookup pass that stops at the first new word, as over half
        # the articles hold one (a name, a number).
        new = distinct.difference(table)
        if new:
            table = self._add(new, distinct)
        return _lookup(table, words)

    def _add(self, new, distinct: set[str], replace: bool = False) -> dict:
        """Compute the words ``new`` into the table, and into its followers; the
        table is replaced by one holding ``distinct`` if it would grow past
        ``limit``, or if ``replace`` (its lead's was)."""
        table = self.table
        replace = replace or len(table) + len(new) > self.limit
        if replace:
            table = self.table = {}
            new = distinct
        if self.batch:
            new = list(new)
            table.update(zip(new, self.compute(new)))
        else:
            for w in new:
                table[w] = self.compute(w)
        for follower in self.followers:
            follower._add(new, distinct, replace)
        return table


def _lookup(table: dict, words: list) -> list:
    """``[table[w] for w in words]`` (KeyError if one is missing), in one C call.

    ``itemgetter(*words)`` fills a tuple of known size with one subscript per word:
    about a third fewer instructions than ``list(map(table.__getitem__, words))``,
    which calls a method per word and grows its list as it goes.
    """
    if len(words) < 2:   # (itemgetter returns a single item bare, and needs one)
        return [table[w] for w in words]
    return list(itemgetter(*words)(table))
