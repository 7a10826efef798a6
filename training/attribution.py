"""Train the attribution cue model (parley.extract.cues) on PolNeAR train, on the CPU.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python training/attribution.py [--limit N] [--c1 0.1] [--c2 0.01] [--iterations 100]

PolNeAR is read at run time from ../shared/data/polnear (or $PARLEY_SHARED); nothing of it is copied.
Each article is parsed with Parley's own pipeline (kept in --cache, ignored by git, so that a second run
does not parse again), so the model reads tokens exactly as it will at run time. A token is labelled B or
I where a gold cue (an attribution's Cue span, its fragments joined) covers it, else O; of two overlapping
cues the shorter is kept. Each sentence is one sequence. python-crfsuite trains a linear-chain CRF (L-BFGS,
L1 `c1` and L2 `c2` penalties) over `parley.extract.cues.features`, given to it as the hex of each key;
the weights that L1 leaves are written as numpy arrays (`--out`), which is all Parley needs to run it.
Prints the exact-span cue scores on PolNeAR dev (for the record: nothing is chosen on dev; settings are
chosen on a held-out part of train, --holdout 140: exact cue F1 with c1 0.1 / 0.5 / 1.0 / 2.0 / 4.0 was
0.671 / 0.685 / 0.689 / 0.693 / 0.684, hence c1 2.0; features such as the pipeline's own token vectors or
a token's objects and prepositions added nothing there, 0.687 and 0.683 against 0.685; the kind of
attributing word, `parley.extract.attribution_words`, did: 0.693 -> 0.701, most of it on words met fewer
than ten times as cues, which the L1 penalty otherwise prunes).
Two cores: parsing train ~2 min (once), training ~2.5 min, 100 iterations.
"""
from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]
os.environ.setdefault("PARLEY_SHARED", str(ROOT.parent / "shared"))

import eval_quotes  # noqa: E402

from parley.extract import cues  # noqa: E402
from parley.nlp import load_nlp, parse_text  # noqa: E402


def parsed(split: str, limit: int | None, cache: Path) -> list[tuple[str, str, list, bytes]]:
    """(name, text, gold attributions, parse as bytes) per article of the split, parsed once and cached."""
    path = cache / f"polnear_{split}_{limit or 'all'}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    nlp = load_nlp()
    docs = list(eval_quotes.documents(split, limit))
    out = []
    for (name, text, gold), doc in zip(docs, nlp.pipe((parse_text(t) for _, t, _ in docs), batch_size=8)):
        out.append((name, text, gold, doc.to_bytes(exclude=["tensor", "user_data"])))
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out))
    return out


def gold_cues(text: str, gold: list) -> set[tuple[int, int]]:
    return {eval_quotes.exact_key(text, a["cue"], "cue") for a in gold if a.get("cue")} - {(0, 0)}


def labels_of(doc, wanted: set[tuple[int, int]]) -> list[str]:
    labels = ["O"] * len(doc)
    for s, e in sorted(wanted, key=lambda x: (x[1] - x[0], x)):
        inside = [t.i for t in doc if t.idx < e and t.idx + len(t.text) > s and not t.is_space]
        if inside and all(labels[i] == "O" for i in inside):
            labels[inside[0]] = "B"
            for i in inside[1:]:
                labels[i] = "I"
    return labels


def docs_of(rows, nlp):
    from spacy.tokens import Doc

    for name, text, gold, blob in rows:
        yield name, text, gold, Doc(nlp.vocab).from_bytes(blob)


def train(rows, nlp, *, c1: float, c2: float, iterations: int, out: Path) -> cues.Model:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for _, text, gold, doc in docs_of(rows, nlp):
        keys = cues.features(doc)
        labels = labels_of(doc, gold_cues(text, gold))
        for sent in doc.sents:
            attrs = [[format(int(k), "x") for k in row] for row in keys[sent.start:sent.end]]
            trainer.append(attrs, labels[sent.start:sent.end])
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    with_path = out.with_suffix(".crfsuite")
    trainer.train(str(with_path))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(with_path))
    info = tagger.info()
    labels = sorted(set(info.labels.keys()) | {"O"}, key=lambda x: "BIO".index(x) if x in "BIO" else 9)
    at = {label: k for k, label in enumerate(labels)}
    rows_of: dict[int, np.ndarray] = {}
    for (attr, label), w in info.state_features.items():
        rows_of.setdefault(int(attr, 16), np.zeros(len(labels), dtype=np.float32))[at[label]] = w
    keys = np.array(sorted(rows_of), dtype=np.uint64)
    weights = np.stack([rows_of[int(k)] for k in keys]) if len(keys) else np.zeros((0, len(labels)), np.float32)
    transitions = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for (a, b), w in info.transitions.items():
        transitions[at[a], at[b]] = w
    tagger.close()
    with_path.unlink()
    model = cues.Model(keys, weights, transitions, labels)
    model.save(out)
    return cues.Model.load(out)


def score(rows, nlp, model: cues.Model) -> dict:
    """Exact cue spans, micro P/R/F1, normalised as the PolNeAR scorer does; and tokens a second."""
    tp = n_pred = n_gold = tokens = 0
    t0 = time.perf_counter()
    for _, text, gold, doc in docs_of(rows, nlp):
        found = {eval_quotes.exact_key(text, [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text))], "cue")
                 for s, e in cues.spans(model.tag(doc))}
        wanted = gold_cues(text, gold)
        tp, n_pred, n_gold = tp + len(found & wanted), n_pred + len(found), n_gold + len(wanted)
        tokens += len(doc)
    p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / max(p + r, 1e-9), 3), "gold": n_gold,
            "tokens_per_s": round(tokens / (time.perf_counter() - t0))}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="a fixed sample of N training articles")
    ap.add_argument("--c1", type=float, default=2.0)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=100)
    ap.add_argument("--holdout", type=int, default=0,
                    help="keep N training articles (a fixed random sample) out of training and score on them: "
                         "for choosing settings without reading dev")
    ap.add_argument("--cache", type=Path, default=ROOT / ".cache" / "training")
    ap.add_argument("--out", type=Path, default=cues.MODEL)
    args = ap.parse_args(argv)
    nlp = load_nlp()
    t0 = time.perf_counter()
    rows = parsed("train", args.limit, args.cache)
    dev = parsed("dev", None, args.cache)
    print(f"parsed {len(rows)} train and {len(dev)} dev articles in {time.perf_counter() - t0:.0f} s", flush=True)
    held = []
    if args.holdout:
        import random

        out = set(random.Random(0).sample(range(len(rows)), args.holdout))
        held, rows = [r for k, r in enumerate(rows) if k in out], [r for k, r in enumerate(rows) if k not in out]
    t0 = time.perf_counter()
    model = train(rows, nlp, c1=args.c1, c2=args.c2, iterations=args.iterations, out=args.out)
    print(f"trained in {time.perf_counter() - t0:.0f} s: {len(model.keys)} features kept, "
          f"{args.out.stat().st_size / 1e6:.1f} MB at {args.out}", flush=True)
    if held:
        print(f"held-out train cues (exact, {len(held)} articles):", score(held, nlp, model))
    print("dev cues (exact):", score(dev, nlp, model))
    return 0


if __name__ == "__main__":
    sys.exit(main())
