"""SQLite against PostgreSQL: write throughput for the same analysed records.

    .venv/bin/python benchmarks/bench_store.py [--articles 60] [--pg CONNINFO]

The sample corpus is analysed once in this process (copies with a distinct closing line, so
each is a new article); the same (article, analysis) pairs are then saved into a fresh SQLite
store and a fresh PostgreSQL database (a throwaway server unless --pg names one), one
transaction per article as ingest does, and the link stage is run on each. Prints articles/s
per backend and their ratio; writes benchmarks/results/store_write.json.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

from pgserver import ServerUnavailable, create_database, throwaway_postgres  # noqa: E402

from parley.ingest import build_article  # noqa: E402
from parley.link.actors import link_actors  # noqa: E402
from parley.link.events import link_events  # noqa: E402
from parley.pipeline import PIPELINE_VERSION, analyze_doc  # noqa: E402
from parley.store import open_store  # noqa: E402


def analysed(n: int) -> list:
    from parley.nlp import load_nlp, model_name

    nlp = load_nlp()
    texts = [p.read_text() for p in sorted((ROOT / "examples" / "cop21").glob("*.txt"))]
    out = []
    for i in range(n):
        raw = texts[i % len(texts)] + f"\nCopy {i}.\n"
        art = build_article(raw, source=f"bench/{i}.txt", file=f"{i}.txt", format="txt", encoding="utf-8")
        out.append((art, analyze_doc(nlp(art.text), art)))
    return out, model_name()


def write(url: str, records, model: str) -> dict:
    with open_store(url) as store:
        t0 = time.perf_counter()
        for article, analysis in records:
            store.save(article, analysis, pipeline=PIPELINE_VERSION, model=model)
        saved = time.perf_counter() - t0
        t0 = time.perf_counter()
        link_actors(store)
        link_events(store)
        linked = time.perf_counter() - t0
    return {"save_s": saved, "link_s": linked, "articles_per_s": len(records) / saved}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=60)
    ap.add_argument("--pg", help="a PostgreSQL conninfo or URL (default: start a throwaway server)")
    args = ap.parse_args(argv)
    records, model = analysed(args.articles)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = write(str(Path(tmp) / "bench.db"), records, model)
    try:
        if args.pg:
            results["postgresql"] = write(args.pg, records, model)
        else:
            with throwaway_postgres() as server:
                results["postgresql"] = write(create_database(server, "bench"), records, model)
    except ServerUnavailable as e:
        print(f"PostgreSQL skipped: {e}")
    print(f"{'backend':>10} {'save s':>8} {'articles/s':>10} {'link s':>8}")
    for name, r in results.items():
        print(f"{name:>10} {r['save_s']:8.3f} {r['articles_per_s']:10.1f} {r['link_s']:8.3f}")
    if "postgresql" in results:
        ratio = results["postgresql"]["articles_per_s"] / results["sqlite"]["articles_per_s"]
        results["postgresql_to_sqlite"] = ratio
        print(f"PostgreSQL writes at {ratio:.2f}x SQLite's rate")
    out = ROOT / "benchmarks" / "results" / "store_write.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"articles": args.articles, **results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
