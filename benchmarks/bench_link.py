"""Cost of linking actors and events across articles as the story grows.

    .venv/bin/python benchmarks/bench_link.py [--sizes 100 1000 10000 100000]

Synthetic mentions (people with full names, surnames and honorifics, organisations with
acronyms and legal forms, countries, unnamed sources), 20 per article, and synthetic event
mentions (10 per article: meetings, signings, protests... on days spread over a year, some
planned, postponed or called off) are stored in a fresh SQLite store; `link_actors` and
`link_events` are timed, beside the baseline of reading the same records back from the store
in the same process (the floor any linker pays). Prints a table and the fitted exponent of
time against size (1.0 = linear, 2.0 = all pairs); saves JSON to
benchmarks/results/link_scaling.json.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from parley.ingest import build_article  # noqa: E402
from parley.link.actors import link_actors  # noqa: E402
from parley.link.events import link_events  # noqa: E402
from parley.models import Analysis, Event, Mention  # noqa: E402
from parley.store import open_store  # noqa: E402

PER_ARTICLE = 20
SYLLABLES = ["ka", "lo", "mi", "ra", "ten", "vo", "su", "del", "mar", "qui", "zan", "bo", "ri", "est", "ul"]


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def mentions_for(rng: random.Random, people, orgs, n: int) -> list[Mention]:
    out = []
    for i in range(n):
        roll = rng.random()
        if roll < 0.5:
            first, last = rng.choice(people)
            if rng.random() < 0.5:
                text, name = f"{first} {last}", f"{first} {last}"
            else:
                text, name = f"Mr {last}", last
            key = f"{first} {last}".lower()
            out.append(Mention(start=i, end=i + 1, text=text, kind="person", name=name, key=key, local="p:" + key,
                               titles=("Minister",) if rng.random() < 0.2 else ()))
        elif roll < 0.75:
            long, acronym = rng.choice(orgs)
            text = acronym if rng.random() < 0.3 else long + (" Group PLC" if rng.random() < 0.2 else "")
            key = text.lower() if text == acronym else long.lower()
            out.append(Mention(start=i, end=i + 1, text=text, kind="organization", name=text, key=key,
                               local="o:" + key))
        elif roll < 0.9:
            c = rng.choice(["France", "India", "China", "Brazil", "Kenya", "Chile", "Peru", "Japan"])
            out.append(Mention(start=i, end=i + 1, text=c, kind="country", name=c, key=c.lower(), local="c:" + c.lower()))
        else:
            d = rng.choice(["official", "senior official", "diplomat", "negotiator"])
            out.append(Mention(start=i, end=i + 1, text="an " + d, kind="anonymous", name=d, key=d, local="a:" + d))
    return out


HEADS = [("meet", "CONSULT", "talks"), ("sign", "AGREE", "signing"), ("protest", "PROTEST", "march"),
         ("session", "CONSULT", "plenary"), ("meal", "CONSULT", "dinner"), ("visit", "CONSULT", "visit")]


def events_for(rng: random.Random, mentions, n: int) -> list[Event]:
    out = []
    for i in range(n):
        head, type_, text = rng.choice(HEADS)
        day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.8 else None
        status = rng.choice(["happened", "happened", "planned", "cancelled", "expected"])
        actors = tuple(m.local for m in rng.sample(mentions, 2))
        out.append(Event(start=100 + i, end=101 + i, text=text, type=type_, status=status, actors=actors,
                         when=day, head=head, postponed=rng.random() < 0.05))
    return out


def build(size: int, folder: Path, seed: int = 0) -> Path:
    rng = random.Random(seed)
    pool = max(10, size // 20)
    people = [(word(rng), word(rng)) for _ in range(pool)]
    orgs = []
    for _ in range(max(5, pool // 2)):
        words = [word(rng) for _ in range(rng.randint(2, 4))]
        orgs.append((" ".join(words), "".join(w[0] for w in words).upper()))
    db = folder / f"link-{size}.db"
    with open_store(db) as store:
        for a in range(max(1, size // PER_ARTICLE)):
            art = build_article(f"Article {a}\n\n" + "x" * 40 + f" {a}", source=f"synthetic/{a}", file=None,
                                format="txt", encoding="utf-8")
            mentions = tuple(mentions_for(rng, people, orgs, PER_ARTICLE))
            store.save(art, Analysis(mentions=mentions, events=tuple(events_for(rng, mentions, PER_ARTICLE // 2))),
                       pipeline="bench", model=None)
    return db


def measure(db: Path, repeats: int = 3) -> dict:
    with open_store(db) as store:
        read, link, eread, elink = [], [], [], []
        for _ in range(repeats):
            t0 = time.perf_counter()
            n = sum(1 for _ in store.extractions("mention"))
            read.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            actors = link_actors(store)
            link.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            ne = sum(1 for _ in store.extractions("event"))
            eread.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            events = link_events(store)
            elink.append(time.perf_counter() - t0)
    return {"mentions": n, "actors": actors, "read_s": min(read), "link_s": min(link),
            "ratio": min(link) / min(read) if min(read) else None,
            "event_mentions": ne, "events": events, "event_read_s": min(eread), "event_link_s": min(elink),
            "event_ratio": min(elink) / min(eread) if min(eread) else None}


def exponent(rows: list[dict], size: str = "mentions", seconds: str = "link_s") -> float:
    """Least-squares slope of log(time) on log(size)."""
    xs = [math.log(r[size]) for r in rows]
    ys = [math.log(r[seconds]) for r in rows]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000, 100000])
    args = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            rows.append(measure(build(size, Path(tmp))))
    print(f"{'mentions':>9} {'actors':>7} {'read s':>8} {'link s':>8} {'link/read':>9} {'us/mention':>10}")
    for r in rows:
        print(f"{r['mentions']:>9} {r['actors']:>7} {r['read_s']:8.4f} {r['link_s']:8.4f} {r['ratio']:9.1f} "
              f"{1e6 * r['link_s'] / r['mentions']:10.1f}")
    k = exponent(rows) if len(rows) > 1 else float("nan")
    print(f"fitted exponent of actor link time against mentions: {k:.2f} (1 = linear, 2 = all pairs)")
    print(f"\n{'events in':>9} {'events':>7} {'read s':>8} {'link s':>8} {'link/read':>9} {'us/mention':>10}")
    for r in rows:
        print(f"{r['event_mentions']:>9} {r['events']:>7} {r['event_read_s']:8.4f} {r['event_link_s']:8.4f} "
              f"{r['event_ratio']:9.1f} {1e6 * r['event_link_s'] / r['event_mentions']:10.1f}")
    ke = exponent(rows, "event_mentions", "event_link_s") if len(rows) > 1 else float("nan")
    print(f"fitted exponent of event link time against event mentions: {ke:.2f}")
    out = ROOT / "benchmarks" / "results" / "link_scaling.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"rows": rows, "exponent": k, "event_exponent": ke}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
