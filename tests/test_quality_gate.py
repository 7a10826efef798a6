"""Quality gate: extractor scores on annotated news pinned as floors; a drop fails the build.

Reads ../shared/data (skips cleanly when absent). Floors sit a little under the measured
figures (see benchmarks/README.md); raise them when an extractor improves.
"""
from __future__ import annotations

import sys
from collections import Counter

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

# corpus -> (relaxed extent F1, value F1) of find_times, measured 0.920/0.867 (airbus), 0.853/0.755 (apple)
TIME_FLOORS = {"airbus": (0.90, 0.84), "apple": (0.83, 0.73)}


@pytest.mark.parametrize("corpus", sorted(TIME_FLOORS))
def test_time_expressions_on_meantime(shared, corpus):
    import eval_time
    import meantime

    counts: Counter = Counter()
    docs = meantime.load(corpus)
    assert docs, f"MEANTIME {corpus} is empty"
    for doc in docs:
        eval_time.score_doc(doc, eval_time.run_find_times(doc), counts, None)
    got = eval_time.figures(counts)
    relaxed, value = TIME_FLOORS[corpus]
    print(f"\n{corpus}: relaxed F1 {got['relaxed']['f1']:.3f}  value F1 {got['value']['f1']:.3f}")
    assert got["relaxed"]["f1"] >= relaxed
    assert got["value"]["f1"] >= value


# PolNeAR dev (never tuned on), all 84 articles, with the trained cue and extent models: measured source exact
# F1 0.738, cue exact 0.703, content exact 0.577, content overlap 0.790, attribution overlap 0.805 (rules alone:
# 0.615, 0.538, 0.474, 0.660, 0.667; without the extent model content exact 0.551).
QUOTE_FLOORS = {"source_exact": 0.71, "cue_exact": 0.68, "content_exact": 0.56, "content_overlap": 0.77,
                "attribution_overlap": 0.78}


def test_quotes_on_polnear_dev(shared, nlp):
    import eval_quotes

    from parley.extract.actors import find_mentions

    if not (eval_quotes.polnear_root() / "data" / "dev" / "text").is_dir():
        pytest.skip("PolNeAR is not in ../shared/data")
    tally = eval_quotes.new_tally()
    errors = {"miss": [], "false positive": [], "wrong source": []}
    for name, text, gold in eval_quotes.documents("dev", None):
        doc = nlp(text)
        eval_quotes.score_doc(tally, text, gold, eval_quotes.parley_attrs(doc, list(find_mentions(doc))), errors, name)
    got = eval_quotes.summarise(tally)
    print("\nPolNeAR dev: " + "  ".join(f"{k} F1 {got[k]['f1']:.3f}" for k in QUOTE_FLOORS))
    for key, floor in QUOTE_FLOORS.items():
        assert got[key]["f1"] >= floor, key


# MEANTIME events (every-event mode): detection F1 measured 0.817 (airbus), 0.800 (apple); factuality
# time accuracy 0.756 / 0.884 against 0.744 / 0.830 for "everything happened".
EVENT_FLOORS = {"airbus": (0.79, 0.74), "apple": (0.77, 0.86)}


@pytest.mark.parametrize("corpus", sorted(EVENT_FLOORS))
def test_events_on_meantime(shared, corpus):
    import eval_events
    import meantime

    got = eval_events.evaluate(meantime.load(corpus), errors=None)["parley"]
    f1, time_acc = EVENT_FLOORS[corpus]
    print(f"\n{corpus}: event F1 {got['f1']:.3f}  factuality time {got['factuality']['time']:.3f}")
    assert got["f1"] >= f1
    assert got["factuality"]["time"] >= time_acc
    assert got["factuality"]["time"] >= got["factuality_baseline_happened"]["time"]
