"""Event mentions on MEANTIME: parley's find_events against the gold EVENT_MENTIONs, with baselines.

    .venv/bin/python benchmarks/eval_events.py [--corpus airbus|apple|all] [--errors]

System: spaCy (parley.nlp.load_nlp), find_mentions, find_times (anchored at the gold creation
date, spaCy tense callback) and find_events(published=creation date), on the rebuilt text.

1. Detection: a system event matches a gold EVENT_MENTION when their character spans overlap,
   one to one, largest overlap first. Only the region MEANTIME annotates at document level
   (`Doc.annotated_end`, see meantime.py) is scored, for gold and system alike.
   Baseline: every spaCy VERB token is an event.
2. Factuality over the matched pairs: parley's status is mapped to MEANTIME's
   (certainty, polarity, time) by STATUS_TO_MEANTIME below; accuracy on each attribute and on
   all three together, beside the baseline "every event happened" on the same pairs. Pairs
   whose gold event carries no attributes (a handful of cross-document additions) are left out.

MEANTIME annotates every event (states, aspectual verbs, reporting verbs, economic events);
parley only looks for political interactions, so its recall is low by design. Results go to
benchmarks/results/events_meantime.json. airbus is for tuning, apple for reporting only.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "src")]
SHARED = Path(os.environ.get("PARLEY_SHARED") or Path(__file__).resolve().parents[2] / "shared")
if not (SHARED / "data" / "meantime" / "intra_cross-doc_annotation").is_dir():
    print(f"MEANTIME not found under {SHARED}/data/meantime (set PARLEY_SHARED); nothing to do")
    sys.exit(0)

import meantime  # noqa: E402

# Parley status -> MEANTIME (certainty, polarity, time).
#  - happened / ongoing: asserted, real, not in the future.
#  - planned: "will / is scheduled to / plans to": MEANTIME annotates such events CERTAIN, POS, FUTURE
#    (88 of the 118 FUTURE events in airbus are CERTAIN).
#  - expected: "is expected to" is MEANTIME's PROBABLE, and what is expected lies ahead.
#  - possible: FUTURE, not UNDERSPECIFIED. In airbus the POSSIBLE events split 6 FUTURE ("could push
#    the value", "allowed to bid") / 5 UNDERSPECIFIED, but all 5 UNDERSPECIFIED ones are generic
#    ability with "can" ("the 777-200LR can fly 9,420 nautical miles"), and parley never reads "can"
#    as possible: its cues (may, might, could, perhaps, likely) speculate about what is to come.
#  - cancelled / negated: CERTAIN, NEG. Time NON_FUTURE: airbus has 13 CERTAIN NEG NON_FUTURE against
#    6 FUTURE, and the called-off events are past plans ("the now-cancelled deal", "departure ... has
#    been delayed" are NEG NON_FUTURE in the gold). Parley's status does not carry tense, so a negated
#    future ("should not purchase") is necessarily wrong on time.
STATUS_TO_MEANTIME = {
    "happened": ("CERTAIN", "POS", "NON_FUTURE"),
    "ongoing": ("CERTAIN", "POS", "NON_FUTURE"),
    "planned": ("CERTAIN", "POS", "FUTURE"),
    "expected": ("PROBABLE", "POS", "FUTURE"),
    "possible": ("POSSIBLE", "POS", "FUTURE"),
    "cancelled": ("CERTAIN", "NEG", "NON_FUTURE"),
    "negated": ("CERTAIN", "NEG", "NON_FUTURE"),
}
BASELINE_STATUS = "happened"
ATTRS = ("certainty", "polarity", "time")


@dataclass(frozen=True)
class Pred:
    start: int
    end: int
    text: str
    type: str
    status: str


def overlap(a, b) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def match(gold, preds) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs by overlap, largest overlap first."""
    pairs = sorted(((overlap(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(preds)
                    if overlap(g, p)), key=lambda x: (-x[0], x[1], x[2]))
    used_g, used_p, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i), used_p.add(j), out.append((i, j))
    return out


# --- systems -------------------------------------------------------------------------------

def run_systems(nlp, doc) -> tuple[list[Pred], list[Pred], object]:
    """(parley events, VERB baseline, spaCy doc) for one MEANTIME document."""
    from parley.extract.actors import find_mentions
    from parley.extract.events import find_events
    from parley.extract.tense import tense_callback
    from parley.extract.time import find_times
    anchor = dt.date.fromisoformat(doc.dct)
    sdoc = nlp(doc.text)
    mentions = list(find_mentions(sdoc))
    times = list(find_times(doc.text, anchor=anchor, tense=tense_callback(sdoc)))
    events = find_events(sdoc, mentions, times=times, published=anchor.isoformat(), every=True)
    parley = [Pred(e.start, e.end, e.text, e.type, e.status) for e in events]
    verbs = [Pred(t.idx, t.idx + len(t.text), t.text, "VERB", BASELINE_STATUS) for t in sdoc if t.pos_ == "VERB"]
    return parley, verbs, sdoc


# --- scoring -------------------------------------------------------------------------------

def has_attrs(g) -> bool:
    return all(getattr(g, a) for a in ATTRS)


def score(gold, preds, c: Counter) -> list[tuple[int, int]]:
    """Add detection and factuality counts of one document; return the matched pairs."""
    pairs = match(gold, preds)
    c["gold"] += len(gold)
    c["pred"] += len(preds)
    c["matched"] += len(pairs)
    for i, j in pairs:
        g = gold[i]
        if not has_attrs(g):
            continue
        c["fact_pairs"] += 1
        for name, status in (("sys", preds[j].status), ("base", BASELINE_STATUS)):
            guess = STATUS_TO_MEANTIME[status]
            ok = [getattr(g, a) == v for a, v in zip(ATTRS, guess)]
            for a, good in zip(ATTRS, ok):
                c[f"{name}_{a}"] += good
            c[f"{name}_all"] += all(ok)
    return pairs


def figures(c: Counter) -> dict:
    p = c["matched"] / c["pred"] if c["pred"] else 0.0
    r = c["matched"] / c["gold"] if c["gold"] else 0.0
    n = c["fact_pairs"]
    acc = lambda k: c[k] / n if n else 0.0  # noqa: E731
    return {"gold": c["gold"], "pred": c["pred"], "matched": c["matched"],
            "p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "fact_pairs": n,
            "factuality": {a: acc(f"sys_{a}") for a in ATTRS + ("all",)},
            "factuality_baseline_happened": {a: acc(f"base_{a}") for a in ATTRS + ("all",)},
            "counts": dict(c)}


def sentence_of(text: str, start: int, end: int) -> str:
    return text[text.rfind("\n", 0, start) + 1: (text.find("\n", end) + 1 or len(text) + 1) - 1]


def evaluate(docs, *, errors: list | None) -> dict:
    from parley.nlp import load_nlp
    nlp = load_nlp()
    counts = {"parley": Counter(), "verb_baseline": Counter()}
    by_type, by_status = Counter(), Counter()
    for doc in docs:
        parley, verbs, _ = run_systems(nlp, doc)
        gold = [g for g in doc.events if g.start < doc.annotated_end]
        parley = [p for p in parley if p.start < doc.annotated_end]
        verbs = [p for p in verbs if p.start < doc.annotated_end]
        pairs = score(gold, parley, counts["parley"])
        score(gold, verbs, counts["verb_baseline"])
        hit = {j for _, j in pairs}
        for j, p in enumerate(parley):          # precision by parley type and status
            by_type[(p.type, j in hit)] += 1
            by_status[p.status] += 1
        if errors is None:
            continue
        used_g = {i for i, _ in pairs}
        for i, g in enumerate(gold):
            if i not in used_g:
                errors.append(("missed", g.pred.lower() or g.text.lower(),
                               f"MISSED   {g.text!r:18} | {sentence_of(doc.text, g.start, g.end)}"))
        for j, p in enumerate(parley):
            if j not in hit:
                errors.append(("spurious", p.text.lower(),
                               f"SPURIOUS {p.text!r:18} {p.type} {p.status} | {sentence_of(doc.text, p.start, p.end)}"))
        for i, j in pairs:
            g, p = gold[i], parley[j]
            want = (g.certainty, g.polarity, g.time)
            if has_attrs(g) and STATUS_TO_MEANTIME[p.status] != want:
                errors.append(("factuality", p.status,
                               f"FACT     {p.text!r:18} {p.status} -> {'/'.join(STATUS_TO_MEANTIME[p.status])}"
                               f" gold {'/'.join(want)} | {sentence_of(doc.text, g.start, g.end)}"))
    out = {s: figures(c) for s, c in counts.items()}
    types = sorted({t for t, _ in by_type})
    out["parley"]["by_type"] = {t: {"pred": by_type[(t, True)] + by_type[(t, False)], "matched": by_type[(t, True)]}
                                for t in types}
    out["parley"]["by_status"] = dict(by_status.most_common())
    return out


def table(name: str, res: dict, n_docs: int) -> None:
    print(f"\n== {name}: {n_docs} documents, {res['parley']['gold']} gold event mentions in the annotated region ==")
    print(f"{'detection':14} {'pred':>5} {'match':>5} | {'P':>5} {'R':>5} {'F1':>5}")
    for system in ("parley", "verb_baseline"):
        r = res[system]
        print(f"{system:14} {r['pred']:>5} {r['matched']:>5} | {r['p']:5.3f} {r['r']:5.3f} {r['f1']:5.3f}")
    print("\nfactuality over matched pairs with gold attributes")
    print(f"{'system / pairs':28} {'n':>4} | {'certainty':>9} {'polarity':>8} {'time':>6} {'all':>6}")
    for label, system, key in (("parley status", "parley", "factuality"),
                               ("  baseline 'happened'", "parley", "factuality_baseline_happened"),
                               ("VERB baseline 'happened'", "verb_baseline", "factuality")):
        r = res[system]
        f = r[key]
        print(f"{label:28} {r['fact_pairs']:>4} | {f['certainty']:9.3f} {f['polarity']:8.3f} {f['time']:6.3f} "
              f"{f['all']:6.3f}")
    bt = res["parley"].get("by_type")
    if bt:
        print("parley precision by type:", ", ".join(f"{t} {v['matched']}/{v['pred']}" for t, v in bt.items()))
        print("parley statuses:", res["parley"]["by_status"])


def print_errors(errors: list) -> None:
    tally = Counter(cat for cat, _, _ in errors)
    print("\nparley errors on airbus, by category:", dict(tally.most_common()))
    # Up to 40 examples, interleaving the three categories so each is represented.
    cats = {c: [line for cat, _, line in errors if cat == c] for c in ("missed", "spurious", "factuality")}
    shown, k = [], 0
    while len(shown) < 40 and any(k < len(v) for v in cats.values()):
        shown += [v[k] for v in cats.values() if k < len(v)]
        k += 1
    for line in shown[:40]:
        print("  ", line[:220])
    missed = Counter(key for cat, key, _ in errors if cat == "missed")
    print("\n30 most frequent missed gold triggers on airbus (gold lemma, else lowercased text):")
    print("  ", ", ".join(f"{w} {n}" for w, n in missed.most_common(30)))
    from parley.extract.events import NOUN_TYPES, VERB_TYPES
    known = {w: n for w, n in missed.most_common() if w in VERB_TYPES or w in NOUN_TYPES}
    print("missed although the lemma is in parley's lexicon:", ", ".join(f"{w} {n}" for w, n in known.items()))
    spurious = Counter(key for cat, key, _ in errors if cat == "spurious")
    print("most frequent spurious parley triggers:", ", ".join(f"{w} {n}" for w, n in spurious.most_common(15)))
    fact = Counter(key for cat, key, _ in errors if cat == "factuality")
    print("factuality mismatches by parley status:", dict(fact.most_common()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", choices=("airbus", "apple", "all"), default="all")
    ap.add_argument("--errors", action="store_true", help="list airbus errors (the tuning corpus)")
    args = ap.parse_args()
    names = list(meantime.CORPORA) if args.corpus == "all" else [args.corpus]
    results, n_docs = {}, {}
    for name in names:
        docs = meantime.load(name)
        errors = [] if args.errors and name == "airbus" else None
        results[name] = evaluate(docs, errors=errors)
        n_docs[name] = len(docs)
        table(name, results[name], len(docs))
        if errors is not None:
            print_errors(errors)
    if len(names) > 1:                          # pool the corpora (micro-average)
        pooled = {s: figures(sum((Counter(results[n][s]["counts"]) for n in names), Counter()))
                  for s in ("parley", "verb_baseline")}
        results["all"] = pooled
        table("all", pooled, sum(n_docs.values()))
    results["status_to_meantime"] = {k: list(v) for k, v in STATUS_TO_MEANTIME.items()}
    out = ROOT / "benchmarks" / "results" / "events_meantime.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists() and args.corpus != "all":   # keep the other corpora's figures from an earlier run
        results = {**json.loads(out.read_text()), **results}
    out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"\nwrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
