"""Time expressions on MEANTIME: parley's find_times against the gold TIMEX3, with a dateparser baseline.

    .venv/bin/python benchmarks/eval_time.py [--corpus airbus|apple|all]

Systems (all in one run, on the rebuilt document text, anchored at the gold creation date):
  find_times        parley.extract.time.find_times(text, anchor=dct)   (regex tense guess)
  find_times+spacy  the same with tense=tense_callback(spaCy parse of the text)
  dateparser        dateparser.search.search_dates, every hit typed DATE, value YYYY-MM-DD

Gold: TIMEX3 of type DATE, TIME or DURATION with token anchors, except the creation time (the
dateline). Only the region MEANTIME annotates at document level (its first sentences, see
meantime.py) is scored; a prediction there that overlaps only an excluded TIMEX3 (the
dateline, a SET) is ignored rather than counted as spurious.

Figures, TempEval-3 style: extent P/R/F1 strict (same characters) and relaxed (overlap, one
to one, largest overlap first); type and value accuracy over the relaxed pairs; value F1
(value equal and extent overlapping: P = correct/predicted, R = correct/gold). Speed:
expressions and documents per second (time.perf_counter, same process, whole documents).
Results go to benchmarks/results/time_meantime.json. airbus is for tuning, apple for reporting.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "src")]

import meantime  # noqa: E402

from parley.extract.time import find_times  # noqa: E402

TYPES = {"DATE", "TIME", "DURATION"}
REPEATS = 5                                    # find_times is fast: time it several times


@dataclass(frozen=True)
class Pred:
    start: int
    end: int
    text: str
    type: str
    value: str


def overlap(a, b) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


# --- systems -------------------------------------------------------------------------------

def run_find_times(doc, tense=None) -> list[Pred]:
    anchor = dt.date.fromisoformat(doc.dct)
    return [Pred(t.start, t.end, t.text, t.type, t.value) for t in find_times(doc.text, anchor=anchor, tense=tense)]


def run_dateparser(doc) -> list[Pred]:
    from dateparser.search import search_dates
    base = dt.datetime.fromisoformat(doc.dct)
    hits = search_dates(doc.text, languages=["en"],
                        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "current_period"}) or []
    out, pos = [], 0
    for sub, when in hits:                     # locate each substring, scanning forward
        i = doc.text.find(sub, pos)
        if i == -1:
            continue
        out.append(Pred(i, i + len(sub), sub, "DATE", when.isoformat()[:10]))
        pos = i + len(sub)
    return out


# --- scoring -------------------------------------------------------------------------------

def score_doc(doc, preds: list[Pred], counts: Counter, errors: list[tuple[str, str]] | None) -> None:
    """Add one document's counts; append (category, description) error lines when asked."""
    gold = [t for t in doc.timexes if not t.is_dct and t.type in TYPES]
    excluded = [t for t in doc.timexes if t.is_dct or t.type not in TYPES]
    preds = [p for p in preds if p.start < doc.annotated_end
             and (any(overlap(p, g) for g in gold) or not any(overlap(p, x) for x in excluded))]
    counts["gold"] += len(gold)
    counts["pred"] += len(preds)
    counts["strict"] += len({(g.start, g.end) for g in gold} & {(p.start, p.end) for p in preds})
    # Relaxed: one-to-one, largest overlap first.
    pairs = sorted(((overlap(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(preds)
                    if overlap(g, p)), reverse=True)
    used_g, used_p, matched = set(), set(), []
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i), used_p.add(j), matched.append((gold[i], preds[j]))
    counts["relaxed"] += len(matched)
    counts["type_ok"] += sum(g.type == p.type for g, p in matched)
    counts["value_ok"] += sum(g.value == p.value for g, p in matched)
    if errors is None:
        return
    for i, g in enumerate(gold):
        if i not in used_g:
            errors.append(("missed", f"MISSED    {g.text!r} {g.type} {g.value}"))
    for j, p in enumerate(preds):
        if j not in used_p:
            errors.append(("spurious", f"SPURIOUS  {p.text!r} {p.type} {p.value}"))
    for g, p in matched:
        tags = [t for t, bad in (("extent", (g.start, g.end) != (p.start, p.end)), ("type", g.type != p.type),
                                 ("value", g.value != p.value)) if bad]
        for t in tags:
            errors.append((t, ""))             # counted per category
        if tags:
            errors.append(("pair", f"{'+'.join(tags).upper():9} gold {g.text!r} {g.type} {g.value}"
                                   f"  vs  pred {p.text!r} {p.type} {p.value}"))


def prf(correct: int, pred: int, gold: int) -> dict[str, float]:
    p = correct / pred if pred else 0.0
    r = correct / gold if gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def figures(c: Counter) -> dict:
    rel = c["relaxed"]
    return {"gold": c["gold"], "pred": c["pred"],
            "strict": prf(c["strict"], c["pred"], c["gold"]), "relaxed": prf(rel, c["pred"], c["gold"]),
            "type_acc": c["type_ok"] / rel if rel else 0.0, "value_acc": c["value_ok"] / rel if rel else 0.0,
            "value": prf(c["value_ok"], c["pred"], c["gold"])}


# --- main ----------------------------------------------------------------------------------

def evaluate(docs, *, want_errors: bool) -> tuple[dict, list]:
    """Scores and speed of every system over `docs`; error lines of find_times when asked."""
    from parley.extract.tense import tense_callback
    from parley.nlp import load_nlp
    nlp = load_nlp()
    counts = {s: Counter() for s in ("find_times", "find_times+spacy", "dateparser")}
    seconds = Counter()
    found = Counter()
    errors: list = []
    if docs:                                   # warm up: dateparser loads its language data on first use
        run_dateparser(docs[0])
        nlp("Warm up.")
    for doc in docs:
        t0 = time.perf_counter()
        for _ in range(REPEATS):
            regex = run_find_times(doc)
        seconds["find_times"] += (time.perf_counter() - t0) / REPEATS
        t0 = time.perf_counter()
        parsed = run_find_times(doc, tense=tense_callback(nlp(doc.text)))
        seconds["find_times+spacy"] += time.perf_counter() - t0
        t0 = time.perf_counter()
        baseline = run_dateparser(doc)
        seconds["dateparser"] += time.perf_counter() - t0
        for system, preds in (("find_times", regex), ("find_times+spacy", parsed), ("dateparser", baseline)):
            found[system] += len(preds)
            score_doc(doc, preds, counts[system], errors if want_errors and system == "find_times" else None)
    out = {}
    for system, c in counts.items():
        out[system] = figures(c) | {"counts": dict(c)}
        out[system]["speed"] = {"seconds": seconds[system], "found": found[system],
                                "expr_per_s": found[system] / seconds[system] if seconds[system] else 0.0,
                                "docs_per_s": len(docs) / seconds[system] if seconds[system] else 0.0}
    return out, errors


def table(name: str, res: dict, n_docs: int) -> None:
    print(f"\n== {name}: {n_docs} documents, {next(iter(res.values()))['gold']} gold TIMEX3 ==")
    print(f"{'system':17} {'pred':>4} | {'strict P':>8} {'R':>5} {'F1':>5} | {'relax P':>7} {'R':>5} {'F1':>5} | "
          f"{'type':>5} {'value':>5} | {'val P':>5} {'R':>5} {'F1':>5} | {'expr/s':>8} {'docs/s':>7}")
    for system, r in res.items():
        s, x, v, sp = r["strict"], r["relaxed"], r["value"], r["speed"]
        print(f"{system:17} {r['pred']:>4} | {s['p']:8.3f} {s['r']:5.3f} {s['f1']:5.3f} | {x['p']:7.3f} {x['r']:5.3f} "
              f"{x['f1']:5.3f} | {r['type_acc']:5.3f} {r['value_acc']:5.3f} | {v['p']:5.3f} {v['r']:5.3f} "
              f"{v['f1']:5.3f} | {sp['expr_per_s']:8.1f} {sp['docs_per_s']:7.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", choices=("airbus", "apple", "all"), default="all")
    args = ap.parse_args()
    names = list(meantime.CORPORA) if args.corpus == "all" else [args.corpus]
    results, by_corpus = {}, {}
    for name in names:
        docs = meantime.load(name)
        res, errors = evaluate(docs, want_errors=name == "airbus")
        by_corpus[name] = (docs, res)
        results[name] = res
        table(name, res, len(docs))
        if errors:
            tally = Counter(cat for cat, _ in errors if cat != "pair")
            print("\nfind_times errors on airbus, by category:", dict(tally.most_common()))
            lines = [line for cat, line in errors if line]
            for line in lines[:40]:
                print("  ", line)
    if len(names) > 1:                          # pool the corpora (micro-average)
        pooled = {}
        for system in results[names[0]]:
            c = sum((Counter(results[n][system]["counts"]) for n in names), Counter())
            pooled[system] = figures(c) | {"counts": dict(c)}
            sec = sum(results[n][system]["speed"]["seconds"] for n in names)
            fnd = sum(results[n][system]["speed"]["found"] for n in names)
            nd = sum(len(by_corpus[n][0]) for n in names)
            pooled[system]["speed"] = {"seconds": sec, "found": fnd, "expr_per_s": fnd / sec, "docs_per_s": nd / sec}
        results["all"] = pooled
        table("all", pooled, sum(len(by_corpus[n][0]) for n in names))
    out = ROOT / "benchmarks" / "results" / "time_meantime.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists() and args.corpus != "all":   # keep the other corpora's figures from an earlier run
        results = {**json.loads(out.read_text()), **results}
    out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"\nwrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
