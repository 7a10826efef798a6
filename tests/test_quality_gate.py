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
