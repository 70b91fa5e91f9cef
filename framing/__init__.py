"""framing: show how news outlets frame the same event.

The public API reads like the data path::

    import framing
    articles = framing.load_corpus("seeds")          # files -> articles table
    scores = framing.score(articles)                 # devices, voice, quotes, sentiment
    comparison = framing.compare(scores)             # outlets side by side
    framing.report(scores, "reports/seeds")          # HTML + PDF report and handout

Every name loads lazily, on first use: ``framing score`` needs neither ``compare``
(scipy.sparse, ~80 ms) nor ``report``. ``score``, ``compare`` and ``report`` are both
submodules and functions, and the function always wins: the import system binds a
submodule on its package when it loads it, which :class:`_Package` turns into the
submodule's function of the same name.
"""
from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType

from .errors import CorpusError, FramingError, LexiconError

__version__ = "0.1.0"

_LAZY = {
    "Scores": "score",
    "score": "score",
    "load_or_score": "score",
    "Comparison": "compare",
    "compare": "compare",
    "report": "report",
    "load_corpus": "corpus",
    "CorpusWarning": "corpus",
    "load_lexicon": "lexicon",
    "FramingFeaturizer": "featurizer",
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


class _Package(ModuleType):
    """The type of the ``framing`` module: a submodule named like its function
    (``score``, ``compare``, ``report``) is bound on the package as that function."""

    def __setattr__(self, name: str, value) -> None:
        if _LAZY.get(name) == name and value is sys.modules.get(f"{__name__}.{name}"):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
