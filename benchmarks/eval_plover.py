"""Event types on the PLOVER gold standard records: one PLOVER type per sentence, with a baseline.

    .venv/bin/python benchmarks/eval_plover.py [--errors]

Data: the Open Event Data Alliance's PLOVER gold standard records (example sentences of the CAMEO
manual recoded in PLOVER, CC BY-SA 4.0), read at run time from
../shared/data/plover/gold_standard_records/PLOVER_GSR_CAMEO.txt (or $PARLEY_SHARED/data/...),
never copied into the repository. The file is a JSON array with trailing commas: it is parsed
leniently (comment lines and trailing commas dropped). The DOCUMENT record is skipped.

System: for each record, spaCy (parley.nlp.load_nlp), find_mentions, find_times (anchored at the
record's "date", else 2000-01-01, spaCy tense callback) and find_events on its "text". One type
is predicted per record: that of the first event whose trigger overlaps a word of the record's
"eventText" (function words left out), else that of the first event, else "NONE".
Baseline: the majority gold type for every record.

Figures: accuracy and macro-F1 over the gold types (a "NONE" or non-gold prediction is simply
wrong); per-type gold count, predicted count, P/R/F1. Then the stance view for positions:
DEMAND, AGREE, CONCEDE, REJECT kept, every other type (and NONE) folded into "other"; macro-F1
over the four stance classes, and over the five with "other". Results go to
benchmarks/results/plover_types.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]
SHARED = Path(os.environ.get("PARLEY_SHARED") or Path(__file__).resolve().parents[2] / "shared")
GSR = SHARED / "data" / "plover" / "gold_standard_records" / "PLOVER_GSR_CAMEO.txt"
DEFAULT_DATE = "2000-01-01"
STANCE = ("DEMAND", "AGREE", "CONCEDE", "REJECT")
# eventText lists the coder's cue words, function words included ("agreed to ceasefire",
# "announced will withdraw peacekeeping"): those never make a trigger match.
FUNCTION_WORDS = {"to", "in", "of", "for", "on", "at", "by", "with", "against", "from", "into", "the", "a", "an",
                  "and", "or", "will", "would", "must", "should", "shall", "can", "could", "may", "has", "have",
                  "had", "been", "be", "was", "were", "is", "are", "not", "as", "that", "its", "their"}


def load_records(path: Path) -> list[dict]:
    """The event records of the lenient-JSON file (no DOCUMENT record, no record without text)."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"^\s*//.*$", "", raw, flags=re.M)             # whole-line // comments
    raw = re.sub(r"/\*.*?\*/", "", raw, flags=re.S)              # /* block comments */
    raw = re.sub(r",\s*([\]}])", r"\1", raw)                     # trailing commas
    return [r for r in json.loads(raw) if r.get("event") != "DOCUMENT" and r.get("text")]


def cue_spans(text: str, event_text: str) -> list[tuple[int, int]]:
    """Character spans in `text` of every whole-word occurrence of a content word of eventText."""
    spans = []
    for word in {w for w in re.findall(r"\w[\w'-]*", event_text.lower()) if w not in FUNCTION_WORDS}:
        spans += [m.span() for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, flags=re.I)]
    return spans


def predict(nlp, record: dict) -> tuple[str, list]:
    """(predicted type, parley events) for one record."""
    from parley.extract.actors import find_mentions
    from parley.extract.events import find_events
    from parley.extract.tense import tense_callback
    from parley.extract.time import find_times
    text = record["text"]
    try:
        anchor = dt.date.fromisoformat(str(record.get("date") or DEFAULT_DATE)[:10])
    except ValueError:
        anchor = dt.date.fromisoformat(DEFAULT_DATE)
    doc = nlp(text)
    times = list(find_times(text, anchor=anchor, tense=tense_callback(doc)))
    events = list(find_events(doc, list(find_mentions(doc)), times=times, published=anchor.isoformat()))
    spans = cue_spans(text, record.get("eventText") or "")
    cued = [e for e in events if any(s < e.end and e.start < t for s, t in spans)]
    if cued:
        return cued[0].type, events
    return (events[0].type if events else "NONE"), events


POSITION_TO_PLOVER = {"demands": "DEMAND", "offers": "AGREE", "accepts": "AGREE", "refuses": "REJECT",
                      "concedes": "CONCEDE"}


def predict_stance(nlp, record: dict) -> str:
    """The stance class from parley's positions extractor: the statement whose cue overlaps the coded
    event text, else the first one, else "other"."""
    from parley.extract.actors import find_mentions
    from parley.extract.positions import find_positions
    text = record["text"]
    doc = nlp(text)
    found = list(find_positions(doc, list(find_mentions(doc))))
    spans = cue_spans(text, record.get("eventText") or "")
    cued = [p for p in found if any(s < p.end and p.start < t for s, t in spans)]
    chosen = cued[0] if cued else (found[0] if found else None)
    return POSITION_TO_PLOVER[chosen.stance] if chosen else "other"


def scores(gold: list[str], pred: list[str], labels: list[str]) -> dict:
    """Accuracy, per-label P/R/F1 and macro-F1 over `labels`."""
    per = {}
    for lab in labels:
        tp = sum(g == p == lab for g, p in zip(gold, pred))
        n_pred, n_gold = pred.count(lab), gold.count(lab)
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        per[lab] = {"gold": n_gold, "pred": n_pred, "p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}
    return {"n": len(gold), "accuracy": sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0,
            "macro_f1": sum(v["f1"] for v in per.values()) / len(per) if per else 0.0, "per_type": per}


def fold(label: str) -> str:
    return label if label in STANCE else "other"


def table(title: str, system: dict, baseline: dict, baseline_label: str, extra: dict | None = None,
          name: str = "parley find_events") -> None:
    print(f"\n== {title}: {system['n']} records ==")
    print(f"{'system':28} {'accuracy':>8} {'macro-F1':>8}")
    print(f"{name:28} {system['accuracy']:8.3f} {system['macro_f1']:8.3f}")
    print(f"{'majority (' + baseline_label + ')':28} {baseline['accuracy']:8.3f} {baseline['macro_f1']:8.3f}")
    for name, value in (extra or {}).items():
        print(f"{name:28} {value:8.3f}")
    print(f"\n{'type':12} {'gold':>4} {'pred':>4} | {'P':>5} {'R':>5} {'F1':>5}")
    for lab, v in system["per_type"].items():
        print(f"{lab:12} {v['gold']:>4} {v['pred']:>4} | {v['p']:5.3f} {v['r']:5.3f} {v['f1']:5.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--errors", action="store_true", help="list up to 40 confusions")
    args = ap.parse_args()
    if not GSR.is_file():
        print(f"PLOVER gold standard records not found at {GSR} (set PARLEY_SHARED); nothing to do")
        sys.exit(0)
    from parley.nlp import load_nlp
    nlp = load_nlp()
    records = load_records(GSR)
    gold, pred, details = [], [], []
    for r in records:
        p, events = predict(nlp, r)
        gold.append(r["event"])
        pred.append(p)
        details.append((r, p, events))
    labels = sorted(set(gold))
    majority = Counter(gold).most_common(1)[0][0]
    system = scores(gold, pred, labels)
    baseline = scores(gold, [majority] * len(gold), labels)
    extra_preds = Counter(p for p in pred if p not in labels)              # NONE and non-gold types
    table("PLOVER types", system, baseline, majority)
    print("predictions outside the gold types:", dict(extra_preds.most_common()))

    # Stance view: four stance classes, everything else (NONE included) folded into "other".
    fg, fp = [fold(g) for g in gold], [fold(p) for p in pred]
    folded_labels = list(STANCE) + ["other"]
    f_major = Counter(fg).most_common(1)[0][0]
    f_sys, f_base = scores(fg, fp, folded_labels), scores(fg, [f_major] * len(fg), folded_labels)
    for s in (f_sys, f_base):
        s["macro_f1_stance"] = sum(s["per_type"][c]["f1"] for c in STANCE) / len(STANCE)
    table("stance view (DEMAND AGREE CONCEDE REJECT, rest 'other')", f_sys, f_base, f_major,
          {"parley macro-F1, 4 stance": f_sys["macro_f1_stance"],
           "majority macro-F1, 4 stance": f_base["macro_f1_stance"]})

    # The same stance view from the positions extractor (what `parley positions` reports).
    pp = [predict_stance(nlp, r) for r in records]
    p_sys = scores(fg, pp, folded_labels)
    p_sys["macro_f1_stance"] = sum(p_sys["per_type"][c]["f1"] for c in STANCE) / len(STANCE)
    table("stance view from find_positions", p_sys, f_base, f_major,
          {"positions macro-F1, 4 stance": p_sys["macro_f1_stance"]}, name="parley find_positions")

    # Where the prediction came from: a cue-matched trigger, the first event, or no event at all.
    source = Counter()
    for r, p, events in details:
        spans = cue_spans(r["text"], r.get("eventText") or "")
        source["no event" if not events else "cue match" if any(
            any(s < e.end and e.start < t for s, t in spans) for e in events) else "first event"] += 1
    print("\nprediction source:", dict(source.most_common()))

    if args.errors:
        conf = Counter((g, p) for g, p in zip(gold, pred) if g != p)
        print("\nmost frequent confusions (gold -> predicted):",
              ", ".join(f"{g}->{p} {n}" for (g, p), n in conf.most_common(20)))
        wrong = [(r, p, ev) for r, p, ev in details if r["event"] != p]
        by_gold: dict[str, list] = {}
        for w in wrong:                                   # round robin over gold types: all get examples
            by_gold.setdefault(w[0]["event"], []).append(w)
        shown = [w for k in range(len(wrong)) for v in by_gold.values() if k < len(v) for w in [v[k]]][:40]
        print(f"\nconfusions: {len(wrong)} of {len(details)}; up to 40 listed, round robin over gold types")
        for r, p, ev in shown:
            trig = ", ".join(f"{e.text}:{e.type}" for e in ev) or "-"
            print(f"  {r['event']:11} -> {p:11} | cue {r.get('eventText')!r} | events [{trig}]\n"
                  f"      {r['text'][:200]}")

    out = ROOT / "benchmarks" / "results" / "plover_types.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"types": system | {"predictions_outside_gold": dict(extra_preds)},
                               "majority_baseline": baseline | {"label": majority},
                               "stance": f_sys, "stance_majority_baseline": f_base | {"label": f_major},
                               "stance_from_positions": p_sys,
                               "prediction_source": dict(source)}, indent=2, sort_keys=True) + "\n")
    print(f"\nwrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
