"""Evaluate parley's quote extraction against PolNeAR attributions (source, cue, content spans).

    .venv/bin/python benchmarks/eval_quotes.py [--split train|dev] [--limit N] [--errors]

PolNeAR is read at run time from <shared>/data/polnear, where <shared> is $PARLEY_SHARED or
else ../shared beside this checkout (Path(__file__).resolve().parents[2] / "shared"). Nothing
from it is copied into the repository. Use train for tuning and dev for reporting.

Scoring, per role (source, cue, content), over all documents (micro-averaged):
- Gold: each brat event (Attribution / Attribution-no-source) is one attribution; Content and
  Content2 are one content span. A discontinuous span (several fragments) counts once: EXACT
  uses min(start)..max(end) of its fragments, OVERLAP uses the union of its fragments.
- Predicted: parley Quotes that share the same cue offsets and the same source offsets are one
  attribution (PolNeAR joins a quote split around "he said" into one attribution); their
  contents are treated like discontinuous gold fragments.
- EXACT: identical character offsets after normalisation: surrounding whitespace is stripped
  from every span, and for content spans also surrounding quotation marks (NORM_CHARS below),
  repeatedly from both ends, on gold and predicted spans alike. One-to-one.
- OVERLAP: any shared character (raw offsets, no normalisation); pairs are matched one-to-one,
  greedily by largest overlap first.
Attribution matching (for the "source found" share and --errors): gold and predicted
attributions are paired one-to-one, greedily, by characters shared in content + cue.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROLES = ("source", "cue", "content")
QUOTE_CHARS = "\"'\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb`"
NORM_CHARS = {"source": " \t\n\r\u00a0", "cue": " \t\n\r\u00a0", "content": " \t\n\r\u00a0" + QUOTE_CHARS}
BASE = "baseline: textacy"
HERE = Path(__file__).resolve()
RESULTS = HERE.parent / "results"


def polnear_root() -> Path:
    shared = Path(os.environ["PARLEY_SHARED"]) if os.environ.get("PARLEY_SHARED") else HERE.parents[2] / "shared"
    return shared / "data" / "polnear"


# ---------------------------------------------------------------- spans

def union(frags):
    """Sorted, merged, non-empty (start, end) intervals."""
    out: list[list[int]] = []
    for s, e in sorted(f for f in frags if f[1] > f[0]):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [tuple(x) for x in out]


def shared_chars(a, b) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def exact_key(text: str, frags, role: str):
    """min start..max end of the fragments, with NORM_CHARS stripped from both ends."""
    s, e = min(f[0] for f in frags), max(f[1] for f in frags)
    while s < e and text[s] in NORM_CHARS[role]:
        s += 1
    while e > s and text[e - 1] in NORM_CHARS[role]:
        e -= 1
    return (s, e)


def greedy(pairs):
    """One-to-one matching from (score, gold_i, pred_i) with score > 0, best score first."""
    used_g, used_p, match = set(), set(), {}
    for score, g, p in sorted(pairs, key=lambda x: (-x[0], x[1], x[2])):
        if g not in used_g and p not in used_p:
            used_g.add(g), used_p.add(p)
            match[g] = p
    return match


# ---------------------------------------------------------------- gold

def load_gold(ann: Path) -> list[dict]:
    """Attributions of one brat file: {role: [(start, end), ...]} (fragments) per event."""
    spans, attrs = {}, []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _, _, offsets = parts[1].partition(" ")       # "Content 315 448;463 553"
            spans[parts[0]] = [tuple(map(int, f.split())) for f in offsets.split(";")]
        elif line.startswith("E") and len(parts) >= 2:
            attr: dict[str, list] = {}
            for arg in parts[1].split():
                role, _, tid = arg.partition(":")
                role = re.sub(r"\d+$", "", role).lower()          # Content2 -> content
                if role in ROLES and tid in spans:
                    attr.setdefault(role, []).extend(spans[tid])
            if attr:
                attrs.append(attr)
    return attrs


def documents(split: str, limit: int | None):
    """(name, text, gold) per article. Articles annotated by several annotators (a few, for
    agreement checks) use the first .ann file in name order. --limit takes a fixed random
    sample (seed 0) so that it spreads over publishers and months."""
    base = polnear_root() / "data" / split
    anns: dict[str, Path] = {}
    for ann in sorted((base / "attributions").glob("*.ann")):
        anns.setdefault(re.sub(r"_[0-9a-f]{4}$", "", ann.stem), ann)
    names = sorted(p.stem for p in (base / "text").glob("*.txt") if p.stem in anns)
    if limit is not None and limit < len(names):
        names = sorted(random.Random(0).sample(names, limit))
    for name in names:
        yield name, (base / "text" / f"{name}.txt").read_text(encoding="utf-8"), load_gold(anns[name])


# ---------------------------------------------------------------- systems

def parley_attrs(doc, mentions) -> list[dict]:
    from parley.extract.quotes import find_quotes

    merged: dict[tuple, dict] = {}
    for i, q in enumerate(find_quotes(doc, mentions, every=True)):         # as `parley extract quotes` lists them
        cue = (q.cue.start, q.cue.end) if q.cue else None
        src = (q.source.start, q.source.end) if q.source else None
        key = (cue, src) if cue else ("quote", i)                  # no cue: never merged
        a = merged.setdefault(key, {"content": [], "kind": q.kind, "resolved": False, "parts": 0})
        a["content"].append((q.start, q.end))
        a["parts"] += 1
        a["resolved"] |= q.speaker is not None
        if cue:
            a["cue"] = [cue]
        if src:
            a["source"] = [src]
    return list(merged.values())


def textacy_attrs(doc) -> list[dict]:
    from textacy.extract.triples import direct_quotations

    def chars(toks):
        return [(min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks))]

    out = []
    for speaker, cue, content in direct_quotations(doc):           # ValueError: odd quote count
        out.append({"source": chars(speaker), "cue": chars(cue), "content": chars(content),
                    "kind": "direct", "resolved": None, "parts": 1})
    return out


# ---------------------------------------------------------------- scoring

def new_tally(resolves: bool = True):
    return {"resolves": resolves, "n_gold": Counter(), "n_pred": Counter(), "exact": Counter(), "overlap": Counter(),
            "gold_attrs": 0, "pred_attrs": 0, "matched": 0, "gold_with_source": 0, "source_found": 0,
            "resolved": 0, "quotes": 0, "kinds": Counter(), "kinds_matched": Counter(), "failed_docs": 0}


def score_doc(tally, text, gold, pred, errors, name):
    for role in ROLES:
        gi = [i for i, a in enumerate(gold) if a.get(role)]
        pi = [i for i, a in enumerate(pred) if a.get(role)]
        tally["n_gold"][role] += len(gi)
        tally["n_pred"][role] += len(pi)
        gkeys = Counter(exact_key(text, gold[i][role], role) for i in gi)
        pkeys = Counter(exact_key(text, pred[i][role], role) for i in pi)
        tally["exact"][role] += sum((gkeys & pkeys).values())
        pairs = [(shared_chars(union(gold[g][role]), union(pred[p][role])), g, p) for g in gi for p in pi]
        tally["overlap"][role] += len(greedy([x for x in pairs if x[0] > 0]))
    # attribution-level pairing: shared content + cue characters
    pairs = []
    for g, ga in enumerate(gold):
        for p, pa in enumerate(pred):
            s = sum(shared_chars(union(ga.get(r, [])), union(pa.get(r, []))) for r in ("content", "cue"))
            if s > 0:
                pairs.append((s, g, p))
    match = greedy(pairs)
    tally["gold_attrs"] += len(gold)
    tally["pred_attrs"] += len(pred)
    tally["matched"] += len(match)
    for a in pred:
        tally["resolved"] += bool(a["resolved"])
        tally["quotes"] += a["parts"]
        tally["kinds"][a["kind"]] += 1
    for p in match.values():
        tally["kinds_matched"][pred[p]["kind"]] += 1
    # "source found" share, and examples of errors (kept for --errors)
    snip = lambda a, r, n=140: repr(" | ".join(text[s:e] for s, e in union(a.get(r, [])))[:n] or "-")
    show = lambda a: f"source={snip(a, 'source')} cue={snip(a, 'cue')} content={snip(a, 'content')}"
    cue_of = lambda a: " ".join(text[s:e] for s, e in union(a.get("cue", []))).lower() or "-"
    for g, ga in enumerate(gold):
        pa = pred[match[g]] if g in match else None
        if pa is None:
            errors["miss"].append((name, cue_of(ga), show(ga)))
        if not ga.get("source"):
            continue
        tally["gold_with_source"] += 1
        if pa and shared_chars(union(ga["source"]), union(pa.get("source", []))) > 0:
            tally["source_found"] += 1
        elif pa:
            errors["wrong source"].append((name, cue_of(ga), f"predicted source={snip(pa, 'source')} for gold {show(ga)}"))
    matched_p = set(match.values())
    errors["false positive"] += [(name, cue_of(pa), f"[{pa['kind']}] {show(pa)}")
                                 for p, pa in enumerate(pred) if p not in matched_p]


def prf(tp, n_pred, n_gold):
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "n_pred": n_pred, "n_gold": n_gold}


def summarise(t) -> dict:
    out = {f"{role}_{mode}": prf(t[mode][role], t["n_pred"][role], t["n_gold"][role])
           for role in ROLES for mode in ("exact", "overlap")}
    out["attribution_overlap"] = prf(t["matched"], t["pred_attrs"], t["gold_attrs"])
    out["predicted_attributions"] = t["pred_attrs"]
    out["predicted_quotes_before_merge"] = t["quotes"]
    out["resolved_share"] = (round(t["resolved"] / t["pred_attrs"], 4) if t["pred_attrs"] else 0.0) if t["resolves"] else None
    out["source_found_share"] = round(t["source_found"] / t["gold_with_source"], 4) if t["gold_with_source"] else 0.0
    out["gold_with_source"] = t["gold_with_source"]
    out["by_kind"] = {k: {"predicted": n, "matched": t["kinds_matched"][k]} for k, n in sorted(t["kinds"].items())}
    out["failed_docs"] = t["failed_docs"]
    return out


def print_table(split, n_docs, results):
    cols = [f"{r}_{m}" for r in ROLES for m in ("exact", "overlap")] + ["attribution_overlap"]
    print(f"\nPolNeAR {split}: {n_docs} documents (micro-averaged P / R / F1)")
    print(f"{'':<18}" + "".join(f"{c.replace('_', ' '):^22}" for c in cols))
    print(f"{'system':<18}" + "".join(f"{'P':>7}{'R':>7}{'F1':>7} " for _ in cols))
    for name, res in results.items():
        print(f"{name:<18}" + "".join(f"{res[c]['p']:>7.3f}{res[c]['r']:>7.3f}{res[c]['f1']:>7.3f} " for c in cols))
    for name, res in results.items():
        resolved = "n/a" if res["resolved_share"] is None else f"{res['resolved_share']:.3f}"
        print(f"{name}: {res['predicted_attributions']} predicted attributions "
              f"(from {res['predicted_quotes_before_merge']} quotes), speaker resolved {resolved}, "
              f"gold source found {res['source_found_share']:.3f} of {res['gold_with_source']}; matched/predicted by kind: "
              + ", ".join(f"{k} {v['matched']}/{v['predicted']}" for k, v in res["by_kind"].items())
              + (f"; failed docs {res['failed_docs']}" if res["failed_docs"] else ""))


def print_errors(errors, limit=40):
    """A seeded sample of parley's errors, the same number per category, and the commonest cues."""
    rng, per = random.Random(0), max(1, limit // len(errors))
    print(f"\nErrors (parley), up to {per} per category, seed 0:")
    for cat, items in errors.items():
        print(f"\n== {cat}: {len(items)} in total")
        for name, _, line in rng.sample(items, min(per, len(items))):
            print(f"  {name[:40]}: {line}")
    for cat in ("miss", "false positive"):
        print(f"\ncommonest cues, {cat}:", Counter(c for _, c, _ in errors[cat]).most_common(20))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("train", "dev"), default="dev")
    ap.add_argument("--limit", type=int, default=None, help="a fixed random sample of N documents")
    ap.add_argument("--errors", action="store_true", help="print up to 40 example errors of parley")
    args = ap.parse_args(argv)
    if not (polnear_root() / "data" / args.split / "text").is_dir():
        print(f"PolNeAR not found at {polnear_root()} (set PARLEY_SHARED to the shared folder); nothing to do")
        return 0
    from parley.extract.actors import find_mentions
    from parley.nlp import load_nlp

    try:
        import textacy
        baseline = f"textacy {textacy.__version__} extract.triples.direct_quotations"
    except ImportError:
        baseline = None
        print("textacy is not installed: no baseline", file=sys.stderr)

    nlp = load_nlp()
    tallies = {"parley": new_tally(), **({BASE: new_tally(resolves=False)} if baseline else {})}
    timing = Counter()
    errors = {"miss": [], "false positive": [], "wrong source": []}
    n_docs = 0
    for name, text, gold in documents(args.split, args.limit):
        t0 = time.perf_counter()
        doc = nlp(text)
        t1 = time.perf_counter()
        try:
            pred = parley_attrs(doc, list(find_mentions(doc)))
        except Exception as exc:                                  # a parley crash scores as no predictions
            pred = []
            tallies["parley"]["failed_docs"] += 1
            print(f"parley failed on {name}: {exc!r}", file=sys.stderr)
        t2 = time.perf_counter()
        timing["parse"] += t1 - t0
        timing["parley"] += t2 - t1
        score_doc(tallies["parley"], text, gold, pred, errors, name)
        if baseline:
            try:
                base = textacy_attrs(doc)
            except ValueError:                                   # unbalanced quotation marks
                base = []
                tallies[BASE]["failed_docs"] += 1
            timing["textacy"] += time.perf_counter() - t2
            score_doc(tallies[BASE], text, gold, base, {k: [] for k in errors}, name)
        n_docs += 1
    if not n_docs:
        print("no documents", file=sys.stderr)
        return 2

    results = {k: summarise(t) for k, t in tallies.items()}
    print_table(args.split, n_docs, results)
    rate = {k: round(n_docs / (timing["parse"] + timing[k.split()[-1]]), 2) for k in tallies}
    print(f"\ntiming: spaCy parse {timing['parse']:.1f}s, parley extraction {timing['parley']:.1f}s"
          + (f", textacy {timing['textacy']:.1f}s" if baseline else "")
          + "; docs/s incl. parse: " + ", ".join(f"{k} {v}" for k, v in rate.items()))
    if args.errors:
        print_errors(errors)

    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"quotes_polnear_{args.split}.json"
    out.write_text(json.dumps({
        "split": args.split, "documents": n_docs, "limit": args.limit, "baseline": baseline,
        "normalisation": {"exact": "min start..max end of fragments; strip whitespace from both ends of every span, "
                                   "and also quotation marks " + QUOTE_CHARS + " from content spans",
                          "overlap": "union of fragments, raw offsets, one-to-one greedy by largest overlap",
                          "prediction_merge": "parley quotes sharing cue and source offsets form one attribution"},
        "results": results, "timing_s": {k: round(v, 2) for k, v in timing.items()}, "docs_per_s": rate,
    }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(HERE.parents[1])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
