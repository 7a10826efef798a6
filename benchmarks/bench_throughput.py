"""Throughput on PolNeAR dev against spaCy's own parse, for one and two processes, and where the time goes.

    .venv/bin/python benchmarks/bench_throughput.py [--repeats 3] [--split dev]

The texts are read at run time from ../shared/data/polnear (never copied). Each repeat runs, one after
the other as fresh processes (start-up included, as a user meets it; every other repeat in the opposite
order, so that a machine slowing down or speeding up favours neither side of a ratio):
- spaCy alone: import spaCy, load the English pipeline as spaCy ships it (`spacy.load`: none of Parley's
  changes to it), `nlp.pipe` over the texts (batch size 8);
- the same, as two processes at once, each on half the texts (halves of equal words): what two cores
  give spaCy's own parse, start-up included, on this corpus (the reference for Parley's two processes);
- `parley ingest FOLDER` into a fresh store with `--workers 1`, then with `--workers 2`.
Ratios are taken within each repeat (so a machine busy during one repeat slows all of them) and their
medians reported: one process against spaCy alone (goal >= 0.8) and two processes against one (goal
>= 1.8 on two cores), beside spaCy's own two processes against one. Then one in-process ingest with
timers on its stages says where the time goes: parse, analysis (extractors), dating from the story,
storing, linking, the rest (reading, start-up); and one with two workers says what keeps two processes
from twice the speed: each worker's CPU time, the core-seconds neither used, this process's own stages.
Writes benchmarks/results/throughput_<split>[<limit>].json.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from parley.nlp import MODEL_NAMES  # noqa: E402

SHARED = Path(os.environ.get("PARLEY_SHARED") or ROOT.parent / "shared")

_SPACY = """
import glob, sys
import spacy
nlp = spacy.load(sys.argv[2])
texts = [open(p, encoding="utf-8").read() for p in sorted(glob.glob(sys.argv[1] + "/*.txt"))]
for _ in nlp.pipe(texts, batch_size=8):
    pass
"""


def seconds(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t0


def together(cmds: list[list[str]]) -> float:
    """Seconds until every one of `cmds`, started at once, has finished."""
    t0 = time.perf_counter()
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for cmd in cmds]
    for p in procs:
        _, err = p.communicate()
        if p.returncode:
            raise RuntimeError(err.decode(errors="replace"))
    return time.perf_counter() - t0


def halves(texts: list[Path], into: Path) -> list[Path]:
    """The texts in two folders of about the same number of words (the heaviest first, each to the lighter)."""
    folders = [into / "half0", into / "half1"]
    weight = [0, 0]
    for folder in folders:
        folder.mkdir()
    for p in sorted(texts, key=lambda p: -len(p.read_text(encoding="utf-8").split())):
        k = weight.index(min(weight))
        weight[k] += len(p.read_text(encoding="utf-8").split())
        (folders[k] / p.name).write_bytes(p.read_bytes())
    return folders


@contextlib.contextmanager
def timers(spent: dict[str, float], hooks: list[tuple[object, str, str]]):
    """While open, each (module, function name, label) of `hooks` adds the seconds of its calls to
    `spent[label]`; the functions are put back on leaving."""
    originals = [(module, name, getattr(module, name)) for module, name, _ in hooks]
    for (module, name, label), (_, _, inner) in zip(hooks, originals):
        def timed(*args, _inner=inner, _label=label, **kwargs):
            t0 = time.perf_counter()
            try:
                return _inner(*args, **kwargs)
            finally:
                spent[_label] = spent.get(_label, 0.0) + time.perf_counter() - t0
        setattr(module, name, functools.wraps(inner)(timed))
    try:
        yield spent
    finally:
        for module, name, inner in originals:
            setattr(module, name, inner)


def stages(folder: Path, db: Path) -> dict[str, float]:
    """One in-process, one-process ingest with timers on its stages (seconds each)."""
    import parley
    import parley.engines as engines
    import parley.pipeline as pipeline

    spent: dict[str, float] = {}
    with timers(spent, [(engines, "analyse_batch", "parse and analysis"), (pipeline, "analyze_doc", "analysis"),
                        (pipeline, "dating_analysis", "analysis"), (pipeline, "_store_result", "storing"),
                        (pipeline, "redate_from_story", "dating from the story (with its analyses)"),
                        (pipeline, "link", "linking")]):
        t0 = time.perf_counter()
        parley.ingest([folder], db=db)
        total = time.perf_counter() - t0
    out = {"total": total, **spent}
    out["parse"] = spent.get("parse and analysis", 0.0) - spent.get("analysis", 0.0)
    return out


def two_process_stages(folder: Path, db: Path) -> dict:
    """One in-process ingest with two worker processes: its wall time, each worker's CPU time, the core-seconds
    neither worker used (two cores times the wall, less the workers' CPU: what this process does alone, and
    the waits at the ends of the passes), and this process's own stages while the workers wait (linking; the
    story's dating between the passes, its days found on the workers). Run after `stages`: on Linux the
    workers start as copies of this process, its pipeline loaded, so no start-up is in these figures."""
    import parley.engines as engines
    import parley.pipeline as pipeline
    from parley.store import open_store

    spent: dict[str, float] = {}
    with timers(spent, [(pipeline, "link", "linking"),
                        (pipeline, "redate_from_story", "dating from the story (with its analyses)")]):
        t0 = time.perf_counter()
        engine = engines.ProcessEngine(2)
        try:
            with open_store(db) as store:
                pipeline.ingest([str(folder)], store, engine=engine)
            wall = time.perf_counter() - t0
            cpu = [t.user + t.system for t in engine.map(os.times, [(), ()])]
        finally:
            engine.close()
    return {"wall": wall, "workers_cpu": cpu, "idle_core_s": 2 * wall - sum(cpu), **spent}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=0, help="only the first N texts of the split (0: all)")
    args = ap.parse_args(argv)
    folder = SHARED / "data" / "polnear" / "data" / args.split / "text"
    if not folder.is_dir():
        print(f"PolNeAR not found at {folder}; nothing to do")
        return 0
    texts = sorted(folder.glob("*.txt"))[:args.limit or None]
    model = next(name for name in MODEL_NAMES if importlib.util.find_spec(name))
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in texts)
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.limit:                      # the first N texts, copied for this run only
            (tmp / "texts").mkdir()
            for p in texts:
                (tmp / "texts" / p.name).write_bytes(p.read_bytes())
            folder = tmp / "texts"
        split = halves(texts, tmp)
        for r in range(args.repeats):
            row: dict = {}
            for workers in (1, 2) if r % 2 == 0 else (2, 1):      # each order in turn: a drift favours neither
                if workers == 1:
                    row["spacy"] = seconds([sys.executable, "-c", _SPACY, str(folder), model])
                else:
                    row["spacy_2"] = together([[sys.executable, "-c", _SPACY, str(half), model] for half in split])
            for workers in (1, 2) if r % 2 == 0 else (2, 1):
                db = tmp / f"r{r}w{workers}.db"
                row[f"workers_{workers}"] = seconds([sys.executable, "-m", "parley.cli", "ingest", str(folder),
                                                     "--db", str(db), "-q", "--workers", str(workers)])
            row["ratio_1_to_spacy"] = row["spacy"] / row["workers_1"]
            row["speedup_2_to_1"] = row["workers_1"] / row["workers_2"]
            row["spacy_speedup_2_to_1"] = row["spacy"] / row["spacy_2"]
            runs.append(row)
            print(f"repeat {r + 1}: spaCy {row['spacy']:.1f} s, 1 process {row['workers_1']:.1f} s "
                  f"({row['ratio_1_to_spacy']:.2f}x spaCy), 2 processes {row['workers_2']:.1f} s "
                  f"({row['speedup_2_to_1']:.2f}x one); spaCy alone in 2 processes (half the words each) "
                  f"{row['spacy_2']:.1f} s ({row['spacy_speedup_2_to_1']:.2f}x one)", flush=True)
        where = stages(folder, tmp / "stages.db")
        where_2 = two_process_stages(folder, tmp / "stages2.db")
    results = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "corpus": {"split": args.split, "articles": len(texts), "words": words}, "runs": runs,
        "median_ratio_1_to_spacy": statistics.median(r["ratio_1_to_spacy"] for r in runs),
        "median_speedup_2_to_1": statistics.median(r["speedup_2_to_1"] for r in runs),
        "median_spacy_speedup_2_to_1": statistics.median(r["spacy_speedup_2_to_1"] for r in runs),
        "stages_s": where,
        "two_processes_s": where_2,
    }
    print(f"median: 1 process {results['median_ratio_1_to_spacy']:.2f}x spaCy's own parse; "
          f"2 processes {results['median_speedup_2_to_1']:.2f}x one (spaCy alone: "
          f"{results['median_spacy_speedup_2_to_1']:.2f}x)")
    print("where one process spends its time (in-process, seconds): "
          + ", ".join(f"{k} {v:.2f}" for k, v in where.items()))
    print(f"two processes (in-process, seconds): wall {where_2['wall']:.2f}, workers' CPU "
          + " and ".join(f"{c:.2f}" for c in where_2["workers_cpu"])
          + f", core-seconds neither worker used {where_2['idle_core_s']:.2f}; of which this process alone: "
          + ", ".join(f"{k} {v:.2f}" for k, v in where_2.items() if k not in ("wall", "workers_cpu", "idle_core_s")))
    out = ROOT / "benchmarks" / "results" / f"throughput_{args.split}{args.limit or ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
