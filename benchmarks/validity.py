"""Validity benchmark: loaded-language detection against human annotation (PTC dev).

Scores ``../shared/eval/ptc-dev/`` (225 news articles with ``Loaded_Language`` spans,
Da San Martino et al. 2019) and prints precision, recall and F1 of the framing
package's loaded-language spans beside the MPQA strong-subjective baseline, computed in
the same run on the same tokens.

What counts as "loaded language"
--------------------------------
PTC defines Loaded_Language as "words and phrases with strong emotional implications
(positive or negative) to influence an audience". That is our ``loaded term`` device.
Euphemisms are PTC's *Minimisation* technique and intensifiers its *Exaggeration*;
hedges, attribution verbs, naming choices and scare quotes are not emotional wording.
So the headline figures use loaded terms only (every voice: PTC annotates loaded words
inside quotations too); the per-device table shows what each other device would add,
and one line adds intensifiers, which PTC annotators often mark as loaded too.

Matching
--------
* **token level** -- tokens are :func:`framing.text.word_spans`; a token is gold if it
  overlaps a gold span, predicted if it overlaps a predicted span; micro P/R/F1 over
  all tokens of all articles.
* **span level, any overlap** -- a predicted span is correct if it overlaps a gold span
  (precision); a gold span is found if a predicted span overlaps it (recall).
* **span level, SemEval-2020 Task 11** -- partial credit by character overlap:
  ``P = mean over predicted s of sum_t |s & t| / |s|``,
  ``R = mean over gold t of sum_s |s & t| / |t|`` (overlapping spans merged first).

Against fitting these 225 articles, the articles are split by a hash of their id:
errors may be looked at only in the **inspected** half (even hash); the **held-out**
half is reported separately and was never inspected.

Run: ``.venv/bin/python benchmarks/validity.py [--ptc DIR] [--errors N]``
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing.devices import find_devices  # noqa: E402
from framing.lexicon import load_lexicon  # noqa: E402
from framing.text import sentence_spans, word_spans  # noqa: E402

SHARED = ROOT.parent / "shared"
LOADED_DEVICES = ("loaded term",)
ALL_DEVICES = ("loaded term", "euphemism", "intensifier", "hedge", "scare quote",
               "attribution verb", "naming choice")


def half_of(article_id: str) -> str:
    """``inspected`` for an even md5 of the id, else ``held-out`` (fixed, not tuned)."""
    h = int(hashlib.md5(str(article_id).encode()).hexdigest(), 16)
    return "inspected" if h % 2 == 0 else "held-out"


def read_ptc(ptc: Path):
    meta = pd.read_csv(ptc / "articles.csv", dtype={"article_id": str})
    gold = pd.read_csv(ptc / "loaded_language_spans.csv", dtype={"article_id": str})
    texts = {}
    for row in meta.itertuples():
        with open(ptc / row.file, newline="", encoding="utf-8") as f:
            texts[row.article_id] = f.read()
    spans = {a: [] for a in texts}
    for r in gold.itertuples():
        spans[r.article_id].append((int(r.start), int(r.end)))
    return texts, spans


def predict(texts: dict[str, str]) -> dict[str, pd.DataFrame]:
    """Run the package's per-article pass (sentences, quotes, scare quotes, devices)."""
    try:
        from framing.quotes import quotes_and_scare_quotes
    except ImportError:  # quotes not available: every span in the author's voice
        quotes_and_scare_quotes = None
    lex = load_lexicon()
    out = {}
    for aid, text in texts.items():
        sents = sentence_spans(text)
        quotes = scare = None
        if quotes_and_scare_quotes is not None:
            quotes, scare = quotes_and_scare_quotes(text, sents)
        out[aid] = find_devices(text, sents, quotes, scare, lexicon=lex)
    return out


def mpqa_baseline(texts: dict[str, str], path: Path) -> dict[str, list[tuple[int, int]]]:
    """Every word in the MPQA strong-subjective list (GPL; read at run time, not shipped)."""
    words = {w.strip().lower() for w in open(path, encoding="latin-1") if w.strip()}
    return {aid: [(s, e) for s, e in word_spans(t) if t[s:e].lower() in words]
            for aid, t in texts.items()}


def _merge(spans):
    out = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _overlap(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _prf(tp_p, n_p, tp_r, n_r):
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_r if n_r else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _prep(texts, gold):
    """Per article: word offsets and a cumulative count of gold characters."""
    out = {}
    for aid, text in texts.items():
        w = np.array(word_spans(text), dtype=np.int64).reshape(-1, 2)
        mask = np.zeros(len(text) + 1, dtype=np.int64)
        for s, e in _merge(gold[aid]):
            mask[s:e] = 1
        out[aid] = (w, np.concatenate([[0], np.cumsum(mask)]), _merge(gold[aid]))
    return out


def _cum(n, spans):
    mask = np.zeros(n + 1, dtype=np.int64)
    for s, e in spans:
        mask[s:e] = 1
    return np.concatenate([[0], np.cumsum(mask)])


def article_counts(prep, pred) -> dict[str, Counter]:
    """Per-article overlap counts (token, any-overlap span, SemEval partial credit).

    Overlaps are counted with cumulative character masks, so each article costs
    O(characters + spans); the halves are sums of the per-article counts.
    """
    out = {}
    for aid, (w, gcum, g) in prep.items():
        c = Counter()
        n = len(gcum) - 2
        p = _merge(pred.get(aid, []))
        pcum = _cum(n, p)
        ig = (gcum[w[:, 1]] - gcum[w[:, 0]]) > 0
        ip = (pcum[w[:, 1]] - pcum[w[:, 0]]) > 0
        c["tok_tp"] += int((ig & ip).sum())
        c["tok_g"] += int(ig.sum())
        c["tok_p"] += int(ip.sum())
        for s, e in p:
            inside = gcum[e] - gcum[s]  # gold characters inside the predicted span
            c["p"] += 1
            c["tp_p"] += inside > 0
            c["sem_p"] += inside / (e - s)
        for s, e in g:
            inside = pcum[e] - pcum[s]
            c["g"] += 1
            c["tp_g"] += inside > 0
            c["sem_r"] += inside / (e - s)
        out[aid] = c
    return out


def evaluate(counts: dict[str, Counter], ids) -> dict:
    """Token, any-overlap span and SemEval span P/R/F1 over the articles ``ids``."""
    c = Counter()
    for aid in ids:
        c.update(counts[aid])
    return {
        "token": _prf(c["tok_tp"], c["tok_p"], c["tok_tp"], c["tok_g"]),
        "span (any overlap)": _prf(c["tp_p"], c["p"], c["tp_g"], c["g"]),
        "span (SemEval-2020)": _prf(c["sem_p"], c["p"], c["sem_r"], c["g"]),
        "n_pred_spans": c["p"], "n_gold_spans": c["g"],
    }


def _spans_of(preds, devices, voice=None):
    out = {}
    for aid, df in preds.items():
        d = df[df["device"].isin(devices)]
        if voice is not None:
            d = d[d["voice"] == voice]
        out[aid] = list(zip(d["start"], d["end"]))
    return out


def _row(name, res):
    cells = "  ".join(f"{res[k][0]:.3f} {res[k][1]:.3f} {res[k][2]:.3f}"
                      for k in ("token", "span (any overlap)", "span (SemEval-2020)"))
    return f"  {name:<38} {cells}   {res['n_pred_spans']:>6}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ptc", type=Path, default=SHARED / "eval" / "ptc-dev")
    ap.add_argument("--mpqa", type=Path,
                    default=SHARED / "lexicons" / "recasens2013" / "strong_subjectives_riloff2003.txt")
    ap.add_argument("--errors", type=int, default=0,
                    help="print the N most frequent false-positive / missed words "
                         "of the INSPECTED half only")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    texts, gold = read_ptc(args.ptc)
    halves = {"inspected": [], "held-out": []}
    for aid in texts:
        halves[half_of(aid)].append(aid)
    t1 = time.perf_counter()
    preds = predict(texts)
    t2 = time.perf_counter()
    base = mpqa_baseline(texts, args.mpqa)
    prep = _prep(texts, gold)

    print(f"PTC dev: {len(texts)} articles, {sum(len(v) for v in gold.values())} "
          f"Loaded_Language spans; halves by md5(article_id) parity: inspected (even) "
          f"{len(halves['inspected'])} articles, held-out (odd) {len(halves['held-out'])}.")
    print("Errors were looked at only in the INSPECTED half; HELD-OUT was never inspected.")
    print(f"framing pass: {t2 - t1:.1f} s for {len(texts)} articles "
          f"({sum(map(len, texts.values())) / 1e6:.2f} M chars)\n")
    header = (f"  {'method':<38} {'token P     R     F1':<20}  {'span-any P  R     F1':<20}  "
              f"{'SemEval P   R     F1':<20}   n_pred")
    systems = {
        "framing: loaded terms": _spans_of(preds, LOADED_DEVICES),
        "framing: loaded terms, author voice": _spans_of(preds, LOADED_DEVICES, "author"),
        "framing: curated loaded terms only": {
            aid: list(zip(df.loc[(df["device"] == "loaded term") & (df["weight"] >= 1),
                                 "start"],
                          df.loc[(df["device"] == "loaded term") & (df["weight"] >= 1),
                                 "end"])) for aid, df in preds.items()},
        "framing: loaded terms + intensifiers": _spans_of(preds, LOADED_DEVICES + ("intensifier",)),
        "baseline: MPQA strong subjective": base,
    }
    counts = {name: article_counts(prep, spans) for name, spans in systems.items()}
    for half in ("inspected", "held-out", "all"):
        ids = texts.keys() if half == "all" else halves[half]
        print(f"[{half}]")
        print(header)
        for name in systems:
            print(_row(name, evaluate(counts[name], ids)))
        print()

    # What each device would contribute (all articles): alone, and added to loaded terms.
    print("[per device, all articles]  alone: token P / R;  loaded terms + device: token F1")
    loaded = systems["framing: loaded terms"]
    for dev in ALL_DEVICES:
        alone = _spans_of(preds, (dev,))
        plus = {a: loaded[a] + alone[a] for a in texts}
        ra = evaluate(article_counts(prep, alone), texts.keys())
        rp = evaluate(article_counts(prep, plus), texts.keys())
        print(f"  {dev:<18} spans {ra['n_pred_spans']:>6}   alone P {ra['token'][0]:.3f} "
              f"R {ra['token'][1]:.3f}   +loaded F1 {rp['token'][2]:.3f}")
    print()
    seed_coverage()
    if args.errors:
        error_report(texts, gold, loaded, halves["inspected"], args.errors)
    print(f"\ntotal {time.perf_counter() - t0:.1f} s")
    return 0


SEED_EXPECTED = [
    ("000", "defensive in nature", "euphemism"), ("000", "deadly", "loaded term"),
    ("000", "war-torn", "loaded term"), ("000", "Kyiv", "naming choice"),
    ("001", "defensive in nature", "euphemism"), ("001", "technical drills", "euphemism"),
    ("001", "worrisome", "loaded term"), ("001", "Kyiv", "naming choice"),
    ("004", 'allegedly "invade', "hedge"), ("004", "invade", "scare quote"),
    ("004", "escalatory", "loaded term"), ("004", "fueling", "loaded term"),
    ("004", "Kiev", "naming choice"),
]


def seed_coverage() -> None:
    """Spans per device on the five seeds, and the expected seed examples found."""
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    texts = {p.name[:3]: open(p, newline="", encoding="utf-8").read() for p in seeds}
    preds = predict(texts)
    table = pd.DataFrame({k: v["device"].value_counts() for k, v in preds.items()}).fillna(0)
    print("[seeds] spans per device")
    print(table.astype(int).to_string())
    hit = [(s, t, d) for s, t, d in SEED_EXPECTED
           if ((preds[s]["text"] == t) & (preds[s]["device"] == d)).any()]
    miss = [x for x in SEED_EXPECTED if x not in hit]
    print(f"expected seed examples found: {len(hit)}/{len(SEED_EXPECTED)}"
          + (f"; missing {miss}" if miss else ""))


def error_report(texts, gold, pred, ids, n) -> None:
    """Most frequent false-positive and missed words, INSPECTED half only."""
    fp, fn = Counter(), Counter()
    for aid in ids:
        t = texts[aid]
        g = _merge(gold[aid])
        p = _merge(pred[aid])
        for s in p:
            if not any(_overlap(s, x) for x in g):
                fp[t[s[0]:s[1]].lower()] += 1
        for x in g:
            if not any(_overlap(s, x) for s in p):
                fn[t[x[0]:x[1]].lower()] += 1
    print(f"\n[inspected half only] most frequent false positives: {fp.most_common(n)}")
    print(f"[inspected half only] most frequent missed gold spans: {fn.most_common(n)}")


if __name__ == "__main__":
    sys.exit(main())
