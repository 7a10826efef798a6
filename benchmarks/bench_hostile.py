"""Work per input as hostile but legal inputs double: time and peak memory, and their fitted exponents.

    .venv/bin/python benchmarks/bench_hostile.py [--quick]

Three inputs, each analysed at four sizes that double (n, 2n, 4n, 8n characters), in this process,
after one warm-up parse:
- one sentence: a clause repeated with no full stop and no line break (legal up to 300,000 chars);
- quotation marks: a run of '"' inside an ordinary sentence;
- many sentences: an ordinary article of many short sentences.
For each size the parse and every extractor (`parley.pipeline.analyze_doc`) run twice: once timed
(wall-clock), once under tracemalloc for the peak of Python allocations. The
exponent is the slope of log(cost) on log(size) over the four sizes (1.0: linear; the goal is
<= 1.2). A ratio measured in one run, so the machine's speed cancels out. Results go to
benchmarks/results/hostile_sizes.json.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

CLAUSE = "Peru and Chile met in Lima on Tuesday and agreed to extend the fishing quota , "
SENTENCE = "Peru and Chile met in Lima on Tuesday. The fishing quota was extended by a year. "


def _inputs(n: int) -> dict[str, str]:
    return {
        "one sentence": "Quota talks\n\n" + (CLAUSE * (n // len(CLAUSE) + 1))[:n] + ".\n",
        "quotation marks": 'Harbour talks\n\nThe minister said ' + '"' * n + " and left.\n",
        "many sentences": "Quota talks\n\n" + (SENTENCE * (n // len(SENTENCE) + 1))[:n] + "\n",
    }


def _slope(xs: list[float], ys: list[float]) -> float:
    lx, ly = [math.log(x) for x in xs], [math.log(max(y, 1e-9)) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def main(argv: list[str] | None = None) -> int:
    from parley.models import Article
    from parley.nlp import load_nlp, parse_text
    from parley.pipeline import analyze_doc

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes of 5k to 40k characters instead of 10k to 80k")
    quick = parser.parse_args(argv).quick
    sizes = [5_000, 10_000, 20_000, 40_000] if quick else [10_000, 20_000, 40_000, 80_000]
    nlp = load_nlp()
    nlp("A warm-up sentence.")

    def analyse(text: str) -> tuple[float, int]:
        """(seconds of one analysis, peak bytes of another under tracemalloc, which slows it down)."""
        article = Article(id="bench", source="bench", file=None, url=None, title=None, raw=b"", format="txt",
                          encoding="utf-8", text=text, published="2024-03-07")
        start = time.perf_counter()
        analyze_doc(nlp(parse_text(text)), article)
        seconds = time.perf_counter() - start
        tracemalloc.start()
        analyze_doc(nlp(parse_text(text)), article)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return seconds, peak

    results = {}
    for kind in _inputs(10):
        rows = []
        for n in sizes:
            seconds, peak = analyse(_inputs(n)[kind])
            rows.append({"chars": n, "seconds": round(seconds, 3), "peak_mb": round(peak / 2 ** 20, 1)})
        results[kind] = {"sizes": rows,
                         "time_exponent": round(_slope(sizes, [r["seconds"] for r in rows]), 2),
                         "memory_exponent": round(_slope(sizes, [r["peak_mb"] for r in rows]), 2)}
        print(f"{kind:16} " + "  ".join(f"{r['chars']:>6}: {r['seconds']:.2f}s {r['peak_mb']:.0f}MB" for r in rows)
              + f"   exponents: time {results[kind]['time_exponent']}, memory {results[kind]['memory_exponent']}")
    out = HERE / "results" / "hostile_sizes.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
