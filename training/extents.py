"""Train the content extent model (parley.extract.extents) on PolNeAR train, on the CPU.

    .venv/bin/python training/extents.py [--holdout 140] [--l2 1.0] [--out PATH]

PolNeAR is read at run time from ../shared/data/polnear (or $PARLEY_SHARED); nothing of it is copied. The
parses come from the cache that `training/attribution.py` writes (parsed once, with Parley's pipeline).
Each article's attributions are found as `parley extract quotes` finds them, with the extent model off;
each one that shares characters with a gold attribution (paired one-to-one, most shared first) and whose
content is one sentence's gives three training cases: its candidate ends and its candidate starts
(`extents.end_choices`, `start_choices`), the right ones being the candidates whose end (start) is the gold
content's, normalised as the PolNeAR scorer does, and its source's candidate ends (`source_end_choices`,
where its source starts where the gold source does; a quotation gives only this one); cases where no
candidate is right teach nothing and are left out. A conditional logit (the softmax of linear scores over
each case's candidates, L2-penalised) is fitted by L-BFGS (scipy); the weights are written as numpy arrays
(`--out`).
Prints the exact content scores with and without the model on the held-out articles (--holdout) and on
dev (for the record: nothing is chosen on dev).
Choices made on 140 train articles held out (the cue model trained on the other 700), exact content F1 with
the rules' extents 0.605: with the model 0.624; L2 0.3 / 1 / 3 / 10 gave 0.621 / 0.625 / 0.621 / 0.622 (hence
1); only the 2 / 3 / 5 nearest cuts each way as candidates 0.618 / 0.618 / 0.621 (hence all); the cue's lemma
as a feature added nothing (0.625); where a cut's removed words hang (on the content's head, inside it, on
the cue) added 0.003. The source's end is chosen the same way (`extents.source_end_choices`: an apposition,
a relative clause, the comma after it, in or out): held-out exact source F1 0.746 -> 0.752. Three-fold
cross-validation on all of train (each third scored with a cue model and an extent model trained on the other
two): exact content 0.581 -> 0.600, source 0.735 -> 0.739 (0.735 with the contents' extents alone), cue and
attribution F1 unchanged (0.738 / 0.737, 0.831 / 0.830).
Two cores: finding the attributions ~30 s (the parses are cached), fitting ~5 s.
"""
from __future__ import annotations

import argparse
import os
import pickle
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]
os.environ.setdefault("PARLEY_SHARED", str(ROOT.parent / "shared"))

import eval_quotes  # noqa: E402

from parley.extract import extents  # noqa: E402
from parley.extract.actors import find_mentions  # noqa: E402
from parley.extract.quotes import find_quotes  # noqa: E402
from parley.nlp import known_text, load_nlp  # noqa: E402


def cases(rows, nlp) -> list[tuple[list[list[str]], list[int]]]:
    """(candidates' features, indices of the right ones) per end and per start of every paired attribution."""
    from spacy.tokens import Doc

    out = []
    with extents.off():
        for name, text, gold, blob in rows:
            doc = Doc(nlp.vocab).from_bytes(blob)
            known_text(doc, text)
            quotes = list(find_quotes(doc, list(find_mentions(doc)), every=True))
            wanted = [g for g in gold if g.get("content")]
            pairs = [(eval_quotes.shared_chars(eval_quotes.union(g["content"]), [(q.start, q.end)]), i, j)
                     for i, g in enumerate(wanted) for j, q in enumerate(quotes)]
            for i, j in eval_quotes.greedy([p for p in pairs if p[0] > 0]).items():
                q = quotes[j]
                if q.kind == "direct":
                    out += _source_case(doc, text, q, wanted[i])
                    continue                               # a quotation's words are its own: never moved
                g_start, g_end = eval_quotes.exact_key(text, wanted[i]["content"], "content")
                span = extents.tokens(doc, q)
                if span is None:
                    continue
                s, e = span
                cue = extents.cue_tokens(doc, q)
                for choices, at_gold in (
                        (extents.end_choices(doc, s, e, q.kind, cue),
                         lambda k: eval_quotes.exact_key(text, [(q.start, doc[k - 1].idx + len(doc[k - 1].text))],
                                                         "content")[1] == g_end),
                        (extents.start_choices(doc, s, e, q.kind, cue),
                         lambda k: eval_quotes.exact_key(text, [(doc[k].idx, q.end)], "content")[0] == g_start)):
                    right = [n for n, (k, _) in enumerate(choices) if at_gold(k)]
                    if len(right) < len(choices) and right:      # (candidates the scorer reads as one: all right)
                        out.append(([f for _, f in choices], right))
                out += _source_case(doc, text, q, wanted[i])
    return out


def _source_case(doc, text, q, gold) -> list:
    """The case of where the source of `q` ends, where its start is the gold source's: [] or one case."""
    span = extents.source_tokens(doc, q)
    if span is None or not gold.get("source"):
        return []
    g_start, g_end = eval_quotes.exact_key(text, gold["source"], "source")
    p_start, p_end = eval_quotes.exact_key(text, [(q.source.start, q.source.end)], "source")
    out = []
    if p_start == g_start:
        choices = extents.source_end_choices(doc, *span, extents.cue_tokens(doc, q))
        right = [n for n, (k, _) in enumerate(choices)
                 if eval_quotes.exact_key(text, [(p_start, doc[k - 1].idx + len(doc[k - 1].text))], "source")[1]
                 == g_end]
        out += [([f for _, f in choices], right)] if right and len(right) < len(choices) else []
    return out


def fit(data, l2: float) -> extents.Chooser:
    """The weights of a conditional logit over the candidates of each case (L2 penalty `l2`)."""
    from scipy import optimize, sparse

    index: dict[str, int] = {}
    rows, cols, group, gold_rows = [], [], [], []
    r = 0
    for g, (choices, right) in enumerate(data):
        for n, feats in enumerate(choices):
            for f in set(feats):
                rows.append(r)
                cols.append(index.setdefault(f, len(index)))
            group.append(g)
            if n in right:
                gold_rows.append(r)
            r += 1
    X = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(r, len(index)))
    group = np.array(group)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    gold = np.zeros(r)
    gold[gold_rows] = 1.0

    def loss(w):
        z = X @ w
        top = np.maximum.reduceat(z, starts)
        ez = np.exp(z - top[group])
        norm = np.add.reduceat(ez, starts)
        p = ez / norm[group]
        good = np.add.reduceat(ez * gold, starts)        # -log of the chance of a right candidate, summed
        q = ez * gold / good[group]
        value = -(np.log(good) - np.log(norm)).sum() + 0.5 * l2 * w @ w
        grad = -(X.T @ (q - p)) + l2 * w
        return value, grad

    res = optimize.minimize(loss, np.zeros(len(index)), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    keep = np.abs(res.x) > 1e-4
    names = [f for f, k in sorted(index.items(), key=lambda x: x[1])]
    keys = np.array([extents.key(f) for f, k in zip(names, keep) if k], dtype=np.uint64)
    return extents.Chooser(keys, res.x[keep])


def content_scores(rows, nlp) -> str:
    from spacy.tokens import Doc

    tally = eval_quotes.new_tally()
    for name, text, gold, blob in rows:
        doc = Doc(nlp.vocab).from_bytes(blob)
        known_text(doc, text)
        eval_quotes.score_doc(tally, text, gold, eval_quotes.parley_attrs(doc, list(find_mentions(doc))),
                              {"miss": [], "false positive": [], "wrong source": []}, name)
    r = eval_quotes.summarise(tally)
    return " ".join(f"{k} {r[k + '_exact']['f1']:.3f}" for k in ("source", "cue", "content")) + \
        f" content-overlap {r['content_overlap']['f1']:.3f} attribution {r['attribution_overlap']['f1']:.3f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--holdout", type=int, default=0,
                    help="keep N training articles (the sample training/attribution.py keeps) out; score on them")
    ap.add_argument("--cache", type=Path, default=ROOT / ".cache" / "training")
    ap.add_argument("--cases", type=Path, default=None, help="keep the training cases here (and read them if there)")
    ap.add_argument("--out", type=Path, default=extents.MODEL)
    ap.add_argument("--dev", action="store_true", help="also print the scores on dev")
    args = ap.parse_args(argv)
    nlp = load_nlp()
    rows = pickle.loads((args.cache / "polnear_train_all.pkl").read_bytes())
    held = []
    if args.holdout:
        out = set(random.Random(0).sample(range(len(rows)), args.holdout))
        held, rows = [r for k, r in enumerate(rows) if k in out], [r for k, r in enumerate(rows) if k not in out]
    t0 = time.perf_counter()
    if args.cases is not None and args.cases.exists():
        data = pickle.loads(args.cases.read_bytes())
    else:
        data = cases(rows, nlp)
        if args.cases is not None:
            args.cases.write_bytes(pickle.dumps(data))
    print(f"{len(data)} cases from {len(rows)} articles in {time.perf_counter() - t0:.0f} s", flush=True)
    t0 = time.perf_counter()
    model = fit(data, args.l2)
    model.save(args.out)
    print(f"fitted in {time.perf_counter() - t0:.1f} s: {len(model.keys)} features, {args.out}", flush=True)
    extents.use(args.out)
    for label, part in (("held-out", held), ("dev", pickle.loads((args.cache / "polnear_dev_all.pkl").read_bytes())
                                                   if args.dev else [])):
        if part:
            with extents.off():
                before = content_scores(part, nlp)
            print(f"{label}, rules:      {before}\n{label}, with model: {content_scores(part, nlp)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
