"""``score(articles) -> Scores``: the per-article pass that fills the five tables.

For each article, once: split sentences, find quotes and their speakers, find scare
quotes, find the framing devices (with voice), name the actors in each sentence,
and score each sentence with VADER. Then the per-article ``features`` table is
derived from the other tables (:mod:`framing.features`).

The per-sentence ``framing_score`` combines the devices in a sentence into an
intensity in [0, 1]::

    framing_score = 1 - exp(-W / 2),   W = sum of the weights of its devices

Each span's weight is its lexicon entry's ``weight`` column, or by default its
device's weight in :data:`framing.lexicon.DEVICE_WEIGHTS` (1.0 for a loaded term,
euphemism or scare quote, 0.5 for a hedge, intensifier or loaded attribution verb,
0.3 for a naming choice); a neutral attribution verb ("said") weighs 0. One loaded
term gives 0.39, two give 0.63, three 0.78: more devices, more intense, never above 1.
Voice does not change the score (the ``voice`` column says whose words they are).

Examples
--------
>>> import framing
>>> scores = framing.score(framing.load_corpus("seeds"))       # doctest: +SKIP
>>> scores.spans.query("device == 'euphemism'")[["text", "voice", "speaker"]]  # doctest: +SKIP
"""
from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from .errors import FramingError
from .text import sentence_spans

__all__ = ["Scores", "score", "score_article", "article_columns", "TABLES"]

TABLES = ("articles", "sentences", "spans", "quotes", "features")

# Devices that count as loaded wording in `sentences.loaded_count`.
LOADED_DEVICES = ("loaded term", "euphemism", "scare quote")

SENTENCE_COLUMNS = ["article_id", "sentence_id", "start", "end", "text", "voice", "speaker",
                    "compound", "neg", "neu", "pos", "actors", "loaded_count",
                    "framing_score"]
SPAN_COLUMNS = ["article_id", "sentence_id", "start", "end", "text", "device", "category",
                "entry", "explanation", "neutral", "voice", "speaker", "speaker_group"]
QUOTE_COLUMNS = ["article_id", "start", "end", "text", "speaker", "speaker_group", "actor",
                 "verb", "kind", "note"]


def _neutral_attribution(device: str, category) -> bool:
    """A neutral attribution verb ("said") weighs nothing in ``framing_score``."""
    return device == "attribution verb" and isinstance(category, str) \
        and category.startswith("neutral")


def framing_intensity(total_weight: float) -> float:
    """Map the summed device weight of a sentence to [0, 1]: ``1 - exp(-W/2)``.

    >>> round(framing_intensity(1.0), 2), framing_intensity(0.0)
    (0.39, 0.0)
    """
    return 1.0 - math.exp(-total_weight / 2.0)


def score_article(article_id: str, text: str, lexicon=None) -> dict[str, pd.DataFrame]:
    """Score one article: its ``sentences``, ``spans`` and ``quotes`` tables.

    Parameters
    ----------
    article_id : str
        Written into every row.
    text : str
        The cleaned article text (``articles.text``).
    lexicon : framing.lexicon.Lexicon, optional
        Defaults to the built-in lexicons.
    """
    cols = article_columns(article_id, text, lexicon)
    return {name: _table(name, [cols[name]]) for name in ("sentences", "spans", "quotes")}


@cache
def _steps() -> tuple:
    """The functions :func:`article_columns` calls, imported on its first call.

    Imported late, so that ``import framing`` does not load the analysis modules (and
    VADER's lexicon), but once: an import statement in a function runs every call,
    ~12,000 instructions for a relative one (Python code resolves the package), and
    the seven cost 0.8 % of the pass. (``sentiment_tuples`` is what
    :func:`framing.sentiment.sentiment_rows` calls, itself importing it per call.)
    """
    from .actors import story_actors
    from .devices import device_columns
    from .features import word_syllables
    from .matcher import article_words
    from .quotes import find_actors, quote_and_scare_columns, voice_lists
    from .vader import sentiment_tuples

    return (story_actors, device_columns, word_syllables, article_words, find_actors,
            quote_and_scare_columns, voice_lists, sentiment_tuples)


def article_columns(article_id: str, text: str, lexicon=None) -> dict[str, dict[str, list]]:
    """The per-article pass, as column lists for ``sentences``, ``spans``, ``quotes``.

    Also ``readability``: ``{article_id: (words, syllables)}`` for the features table,
    ``words``: the article's words, and ``distinct_words``: their set (both shared
    with the matchers; read-only).

    :func:`score` gathers these over many articles and builds each table once:
    a handful of small DataFrames per article would cost more than the analysis.
    """
    (story_actors, device_columns, word_syllables, article_words, find_actors,
     quote_and_scare_columns, voice_lists, sentiment_tuples) = _steps()

    sents = sentence_spans(text)
    quotes, scare = quote_and_scare_columns(text, sents)
    spans = device_columns(text, sents, quotes, scare, lexicon=lexicon)

    # Plain Python from here on: an article has a few dozen sentences and spans, too
    # few for numpy or pandas calls to pay for their overhead.
    starts = [s for s, _ in sents]
    ends = [e for _, e in sents]
    voice, speaker, _group = voice_lists(starts, ends, quotes)
    sentence_ids = [f"{article_id}:{i}" for i in range(len(sents))]

    # Actors: one matcher pass over the article, then assigned to sentences by offset.
    actors_by_sentence: list[list[str]] = [[] for _ in sents]
    story = story_actors()
    for a_start, _a_end, actor in find_actors(text):
        if actor not in story:
            continue
        i = bisect_right(ends, a_start)
        if i < len(sents) and starts[i] <= a_start and actor not in actors_by_sentence[i]:
            actors_by_sentence[i].append(actor)

    # Devices per sentence.
    weight = [0.0] * len(sents)
    loaded = [0] * len(sents)
    if spans is not None:
        for k, device, category, w in zip(spans["sentence_index"], spans["device"],
                                          spans["category"], spans["weight"]):
            if not _neutral_attribution(device, category):
                weight[k] += w
            if device in LOADED_DEVICES:
                loaded[k] += 1

    sentence_texts = [text[s:e] for s, e in sents]
    # The (compound, neg, neu, pos) rows turned into four columns in C.
    compound, neg, neu, pos = map(list, zip(*sentiment_tuples(sentence_texts))) \
        if sents else ([], [], [], [])
    n = len(sents)
    sentences = {
        "article_id": [article_id] * n,
        "sentence_id": sentence_ids,
        "start": starts,
        "end": ends,
        "text": sentence_texts,
        "voice": voice,
        "speaker": speaker,
        "compound": compound,
        "neg": neg,
        "neu": neu,
        "pos": pos,
        "actors": list(map(";".join, actors_by_sentence)),
        "loaded_count": loaded,
        "framing_score": list(map(framing_intensity, weight)),
    }
    if spans is None:
        span_cols = {c: [] for c in SPAN_COLUMNS}
    else:
        k = len(spans["start"])
        span_cols = {c: list(spans[c]) for c in SPAN_COLUMNS if c in spans}
        span_cols["article_id"] = [article_id] * k
        span_cols["sentence_id"] = [sentence_ids[i] for i in spans["sentence_index"]]
    quotes = dict(quotes)
    quotes["article_id"] = [article_id] * len(quotes["start"])
    # Words and syllables for the Flesch score, from the words already found (every
    # word lies in a sentence, so these are the sentences' words).
    keys = article_words(text)[1]
    readability = {article_id: word_syllables(keys.strings, keys.distinct)}
    return {"sentences": sentences, "spans": span_cols, "quotes": quotes,
            "readability": readability, "words": keys.strings,
            "distinct_words": keys.distinct}


_COLUMNS = {"sentences": SENTENCE_COLUMNS, "spans": SPAN_COLUMNS, "quotes": QUOTE_COLUMNS}
_INT_COLUMNS = {"start", "end", "loaded_count"}
_FLOAT_COLUMNS = {"compound", "neg", "neu", "pos", "framing_score"}


def _table(name: str, parts: list[dict[str, list]]) -> pd.DataFrame:
    """One DataFrame from the column lists of many articles.

    Each column is gathered by ``+=`` (a C-level extend per article), cheaper than
    chaining the articles' lists through a generator.
    """
    data = {}
    for c in _COLUMNS[name]:
        values = []
        for part in parts:
            values += part[c]
        if c in _INT_COLUMNS:
            data[c] = np.array(values, dtype=np.int64)
        elif c in _FLOAT_COLUMNS:
            data[c] = np.array(values, dtype=np.float64)
        else:
            data[c] = _strings(values)
    return pd.DataFrame(data, columns=_COLUMNS[name])


def _strings(values: list) -> pd.api.extensions.ExtensionArray:
    """``pd.array(values, dtype="str")``, straight from Arrow when all are strings.

    pandas would first check and copy every value into an object array; Arrow reads
    the list itself (None and NaN become missing either way). Anything Arrow refuses
    (a number, say) takes the pandas way, which converts it with ``str``.
    """
    try:
        arr = pa.array(values, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pd.array(values, dtype="str")
    return pd.array(arr, dtype="str")


@dataclass
class Scores:
    """The five tables of a scored corpus (see DESIGN.md, "Tables").

    Attributes
    ----------
    articles, sentences, spans, quotes, features : pandas.DataFrame
    """

    articles: pd.DataFrame
    sentences: pd.DataFrame
    spans: pd.DataFrame
    quotes: pd.DataFrame
    features: pd.DataFrame = field(default_factory=pd.DataFrame)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{t}={len(getattr(self, t))}" for t in TABLES)
        return f"Scores({sizes})"

    def save(self, out_dir, fmt: str = "both") -> dict[str, Path]:
        """Write each table as ``<name>.parquet`` and/or ``<name>.csv`` in ``out_dir``."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        written = {}
        for name in TABLES:
            df = getattr(self, name)
            if fmt in ("parquet", "both"):
                written[f"{name}.parquet"] = out / f"{name}.parquet"
                df.to_parquet(out / f"{name}.parquet", index=False)
            if fmt in ("csv", "both"):
                written[f"{name}.csv"] = out / f"{name}.csv"
                df.to_csv(out / f"{name}.csv", index=False)
        return written

    @classmethod
    def load(cls, in_dir) -> "Scores":
        """Read tables written by :meth:`save` (Parquet preferred, else CSV)."""
        from .stream import is_partitioned, read_table

        folder = Path(in_dir)
        tables = {}
        for name in TABLES:
            pq, csv = folder / f"{name}.parquet", folder / f"{name}.csv"
            if is_partitioned(folder):   # written by streaming: finished parts only
                tables[name] = read_table(folder, name)
            elif pq.exists():
                tables[name] = pd.read_parquet(pq)
            elif csv.exists():
                tables[name] = pd.read_csv(csv, keep_default_na=False)
            else:
                raise FramingError(f"{folder}: no {name}.parquet or {name}.csv — is this a "
                                   "folder written by 'framing score'?")
        if "published" in tables["articles"]:
            tables["articles"]["published"] = pd.to_datetime(
                tables["articles"]["published"].replace("", None), errors="coerce")
        return cls(**tables)


def score(articles: pd.DataFrame, *, lexicon=None, progress: bool = False) -> Scores:
    """Score every article of a corpus.

    Parameters
    ----------
    articles : pandas.DataFrame
        The ``articles`` table from :func:`framing.load_corpus` (needs ``article_id``
        and ``text``; other columns are carried through).
    lexicon : framing.lexicon.Lexicon, optional
        Built-in lexicons by default; pass ``load_lexicon(extra=[...])`` to add yours.
    progress : bool
        Show a progress bar.

    Returns
    -------
    Scores

    Examples
    --------
    >>> import framing
    >>> scores = framing.score(framing.load_corpus("seeds"))   # doctest: +SKIP
    >>> scores                                                 # doctest: +SKIP
    Scores(articles=5, sentences=..., spans=..., quotes=..., features=5)
    """
    return score_keeping_words(articles, lexicon=lexicon, progress=progress)[0]


def score_keeping_words(articles: pd.DataFrame, *, lexicon=None, progress: bool = False,
                        keep=None, count_words: bool = False) -> tuple[Scores, list]:
    """:func:`score`, and ``keep(text, words, distinct)`` of each article, ``words`` its
    words as the scorer found them and ``distinct`` their set (no list without
    ``keep``).

    With ``count_words``, ``articles.word_count`` is set to the number of words found
    in each text (the articles come from cleaning uncounted, see
    :func:`framing.stream_input.articles_from_records`): the count of
    :func:`framing.text.count_text_words`, the same words, without a second scan.

    The streaming scorer keeps the hashes of copy-detection tokens
    (:func:`framing.copies.token_hashes_from_words`) and makes each chunk's signatures
    from them instead of tokenizing every text a second time; 8 bytes per word, where
    the words are each article's own strings (~30 MB for 1,000 articles: not kept
    when nothing asks for them).
    """
    from .features import build_features
    from .lexicon import load_lexicon

    if not isinstance(articles, pd.DataFrame):
        raise FramingError("score() takes the articles DataFrame from framing.load_corpus()")
    missing = {"article_id", "text"} - set(articles.columns)
    if missing:
        raise FramingError(f"articles table lacks column(s) {sorted(missing)}")
    lexicon = lexicon if lexicon is not None else load_lexicon()
    parts: dict[str, list[dict]] = {"sentences": [], "spans": [], "quotes": []}
    rows = zip(articles["article_id"].astype(str), articles["text"].fillna("").astype(str))
    if progress:
        from tqdm.auto import tqdm

        rows = tqdm(rows, total=len(articles), desc="scoring", unit="article")
    readability: dict = {}
    kept = []
    counts = []
    for article_id, text in rows:
        cols = article_columns(article_id, text, lexicon)
        readability.update(cols.pop("readability"))
        found, distinct = cols.pop("words"), cols.pop("distinct_words")
        if keep is not None:
            kept.append(keep(text, found, distinct))
        if count_words:
            counts.append(len(found))
        for name, table_cols in cols.items():
            parts[name].append(table_cols)
    if count_words:
        articles = articles.assign(word_count=np.array(counts, dtype=np.int64))
    tables = {name: _table(name, cols) for name, cols in parts.items()}
    features = build_features(articles, tables["sentences"], tables["spans"],
                              tables["quotes"], lexicon=lexicon, readability=readability)
    return (Scores(articles=articles.reset_index(drop=True), features=features, **tables),
            kept)


def load_or_score(path, *, progress: bool = False) -> Scores:
    """A folder written by ``framing score`` is read; anything else is loaded and scored.

    Folders written by streaming (``<table>.parquet/part-*.parquet`` and a manifest)
    are read too, finished chunks only.
    """
    from .corpus import load_corpus
    from .stream import is_partitioned

    p = Path(path)
    if p.is_dir() and (is_partitioned(p) or (
            ((p / "articles.parquet").exists() or (p / "articles.csv").exists())
            and ((p / "spans.parquet").exists() or (p / "spans.csv").exists()))):
        return Scores.load(p)
    return score(load_corpus(p, progress=progress), progress=progress)


def score_path(path, out_dir, *, workers: int = 1, chunk_size: int = 1000,
               progress: bool = True, fmt: str = "both", lexicon_paths=None) -> Path:
    """Score a corpus of any size into ``out_dir`` (``framing score``), streaming.

    Delegates to :func:`framing.stream.stream_score`: chunks of ``chunk_size``
    articles, ``workers`` processes (0: one per core), ``<table>.parquet`` datasets
    written as it goes
    (plus ``<table>.csv`` for ``fmt`` "csv"/"both"), resumable after an interruption;
    ``lexicon_paths``: user lexicon CSVs merged with the built-in ones.
    """
    from .stream import stream_score

    return stream_score(path, out_dir, workers=workers, chunk_size=chunk_size,
                        progress=progress, fmt=fmt, lexicon_paths=lexicon_paths)
