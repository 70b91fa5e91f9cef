"""A scikit-learn transformer: raw article texts -> the framing features.

Kept apart from :mod:`framing.features` so that scoring a corpus never imports
scikit-learn (about 2 s of start-up), only building a pipeline does.

Examples
--------
>>> from framing.featurizer import FramingFeaturizer
>>> fz = FramingFeaturizer().fit(["Minsk called the drills 'defensive in nature'."])
>>> X = fz.transform(["The deadly attack was condemned.", "Talks went well."])
>>> X.shape == (2, len(fz.get_feature_names_out()))
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from .features import feature_columns

__all__ = ["FramingFeaturizer"]


class FramingFeaturizer(TransformerMixin, BaseEstimator):
    """scikit-learn transformer: raw article texts → framing features.

    Parameters
    ----------
    lexicon_paths : list of path, optional
        User lexicon CSVs merged with the built-in ones.
    columns : list of str, optional
        Keep only these feature columns (default: all, see :func:`feature_columns`).
    fill_value : float
        Replaces NaN (an actor never named) so estimators can use the matrix.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.linear_model import LogisticRegression
    >>> pipe = make_pipeline(FramingFeaturizer(), LogisticRegression())   # doctest: +SKIP
    """

    def __init__(self, lexicon_paths=None, columns=None, fill_value: float = 0.0):
        self.lexicon_paths = lexicon_paths
        self.columns = columns
        self.fill_value = fill_value

    def _lexicon(self):
        from .lexicon import load_lexicon

        return load_lexicon(extra=self.lexicon_paths)

    def fit(self, X, y=None):
        """Fix the output columns (no statistics are learnt from ``X``)."""
        cols = feature_columns(self._lexicon())
        self.feature_names_out_ = np.array(self.columns if self.columns is not None else cols,
                                           dtype=object)
        self.n_features_out_ = len(self.feature_names_out_)
        return self

    def transform(self, X) -> np.ndarray:
        """Score each text and return its features as a float matrix."""
        from sklearn.utils.validation import check_is_fitted

        from .score import score

        check_is_fitted(self, "feature_names_out_")
        texts = X["text"] if isinstance(X, pd.DataFrame) else pd.Series(list(X))
        articles = pd.DataFrame({"article_id": [f"x{i}" for i in range(len(texts))],
                                 "text": texts.fillna("").astype(str).to_numpy()})
        feats = score(articles, lexicon=self._lexicon()).features
        return feats.reindex(columns=list(self.feature_names_out_)).to_numpy(
            dtype=float, na_value=self.fill_value)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Names of the output columns."""
        return self.feature_names_out_
