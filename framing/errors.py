"""Errors raised by framing. Catch :class:`FramingError` to catch them all."""


class FramingError(Exception):
    """Base class of every error framing raises on purpose."""


class CorpusError(FramingError):
    """A corpus could not be loaded: the message names the file and the problem."""


class LexiconError(FramingError):
    """A lexicon file is malformed: the message names the file, row and column."""
