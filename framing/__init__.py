"""framing: show how news outlets frame the same event.

The public API reads like the data path::

    import framing
    articles = framing.load_corpus("seeds")          # files -> articles table
    scores = framing.score(articles)                 # devices, voice, quotes, sentiment
    comparison = framing.compare(scores)             # outlets side by side
    framing.report(scores, "reports/seeds")          # HTML + PDF report and handout

Names are imported lazily so that ``import framing`` stays fast and a command that
needs only the corpus loader does not import matplotlib or WeasyPrint.
"""
from __future__ import annotations

from importlib import import_module

from .errors import CorpusError, FramingError, LexiconError

__version__ = "0.1.0"

_LAZY = {
    "load_corpus": "corpus",
    "score": "score",
    "Scores": "score",
    "compare": "compare",
    "Comparison": "compare",
    "report": "report",
    "load_lexicon": "lexicon",
    "FramingFeaturizer": "features",
}

__all__ = ["CorpusError", "FramingError", "LexiconError", "__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'framing' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
