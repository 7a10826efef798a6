"""A story of many articles: ingest, re-ingest with nothing new, link, export, and the web app's latency.

    .venv/bin/python benchmarks/bench_scale.py [--articles 20000] [--workers 2] [--requests 40]

The corpus is `synthetic.py`'s seeded story of short invented articles (written to a temporary folder).
Each figure is measured in this run, on this machine, and given beside the first ingest:
- ingest: `parley ingest` of the whole corpus into a fresh SQLite store (read, parse, extract, store,
  date, link), with `--workers`;
- re-ingest: the same command again, nothing new (goal: at most a tenth of the first ingest);
- link: the link stage alone, made to run again (actors, events, copies) on the full store;
- export: `parley export --format json` of the whole record;
- web: `parley serve` on the store; the first answer of the home page (the record built from the store),
  then `--requests` requests each of the home page, the time axis (`/api/axis`) and one month of the
  timeline, with their median and 95th percentile; and the seconds from SIGTERM to the server's exit.
Writes benchmarks/results/scale.json.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import synthetic  # noqa: E402

PARLEY = [sys.executable, "-m", "parley.cli"]


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t0


def link_seconds(db: Path) -> float:
    """The link stage alone on the full store: the record of the last link is dropped so that it runs."""
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM meta WHERE key = 'linked'")
    code = ("import sys, time; from parley.store import open_store; from parley.pipeline import link\n"
            "with open_store(sys.argv[1]) as s:\n t = time.perf_counter(); link(s); print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code, str(db)], check=True, capture_output=True, text=True)
    return float(out.stdout.split()[-1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 600) -> float:
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout) as r:
        r.read()
    return time.perf_counter() - t0


def web(db: Path, requests: int, month: str) -> dict:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([*PARLEY, "serve", "--db", str(db), "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        out: dict = {"first_home_s": _get(base + "/")}
        paths = {"home": "/", "axis": "/api/axis", "month": f"/?from={month}-01&to={month}-28"}
        for name, path in paths.items():
            times = sorted(_get(base + path) for _ in range(requests))
            out[name] = {"median_s": statistics.median(times), "p95_s": times[max(0, int(0.95 * len(times)) - 1)],
                         "requests": len(times)}
    finally:
        t0 = time.perf_counter()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        stop = time.perf_counter() - t0
    out["sigterm_exit_s"] = stop
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--requests", type=int, default=40, help="requests per page for the latency figures")
    args = ap.parse_args(argv)
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
                     "articles": args.articles, "workers": args.workers}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = synthetic.write(tmp / "story.jsonl", args.articles)
        db = tmp / "story.db"
        ingest = [*PARLEY, "ingest", str(corpus), "--db", str(db), "-q", "--workers", str(args.workers)]
        results["ingest_s"] = timed(ingest)
        results["reingest_s"] = timed(ingest)
        results["link_s"] = link_seconds(db)
        results["export_s"] = timed([*PARLEY, "export", "--db", str(db), "--format", "json", "-o", str(tmp / "r.json")])
        record = json.loads((tmp / "r.json").read_text(encoding="utf-8"))
        results["record"] = {k: len(v) for k, v in record.items() if isinstance(v, list)}
        days = sorted(e["when"][:7] for e in record["events"] if e.get("when") and len(e["when"]) >= 7)
        results["web"] = web(db, args.requests, days[len(days) // 2] if days else "2021-06")
        results["store_mib"] = db.stat().st_size / 2**20
    first = results["ingest_s"]
    results["ratios"] = {k: results[k] / first for k in ("reingest_s", "link_s", "export_s")}
    w = results["web"]
    print(f"{args.articles} articles, {args.workers} workers; record: {results['record']}")
    print(f"ingest {first:.1f} s ({args.articles / first:.1f} articles/s); re-ingest {results['reingest_s']:.1f} s "
          f"({results['ratios']['reingest_s']:.3f} of ingest); link {results['link_s']:.1f} s "
          f"({results['ratios']['link_s']:.3f}); export {results['export_s']:.1f} s ({results['ratios']['export_s']:.3f})")
    print(f"web: first home page {w['first_home_s']:.2f} s; " + "; ".join(
        f"{name} median {w[name]['median_s'] * 1000:.0f} ms p95 {w[name]['p95_s'] * 1000:.0f} ms"
        for name in ("home", "axis", "month")) + f"; SIGTERM to exit {w['sigterm_exit_s']:.2f} s")
    out = ROOT / "benchmarks" / "results" / "scale.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
