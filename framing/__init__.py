"""framing: show how news outlets frame the same event.

The public API reads like the data path::

    import framing
    articles = framing.load_corpus("seeds")          # files -> articles table
    scores = framing.score(articles)                 # devices, voice, quotes, sentiment
    comparison = framing.compare(scores)             # outlets side by side
    framing.report(scores, "reports/seeds")          # HTML + PDF report and handout

``score``, ``compare`` and ``report`` are both submodules and functions; they are
bound eagerly here so the function always wins (a lazy binding would be replaced by
the submodule the first time anything imports it). Other names load lazily.
"""
from __future__ import annotations

from importlib import import_module

from .errors import CorpusError, FramingError, LexiconError

__version__ = "0.1.0"

from .score import Scores, load_or_score, score  # noqa: E402  (after the error classes)
from .compare import Comparison, compare  # noqa: E402
from .report import report  # noqa: E402

_LAZY = {
    "load_corpus": "corpus",
    "CorpusWarning": "corpus",
    "load_lexicon": "lexicon",
    "FramingFeaturizer": "featurizer",
}

__all__ = ["CorpusError", "FramingError", "LexiconError", "__version__", "Scores", "score", "load_or_score",
           "Comparison", "compare", "report", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'framing' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
