"""A synthetic story of many short articles, for the scale benchmarks (`bench_scale.py`).

Invented talks between invented parties (no real negotiation's names): each article has a headline,
a dateline-free lead that names a day relative to its publication date, one event (a meeting, a
deal, a walk-out, a postponed round, ...), a quoted official and a demand. Articles differ in their
date, parties, place and wording, so their content hashes differ and nothing is a duplicate. The
generator is seeded: the same arguments give the same corpus.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

PARTIES = [("Norland", "Norlandic"), ("Vessia", "Vessian"), ("Oskar Republic", "Oskaran"), ("Tamberg", "Tamberger"),
           ("Quilla", "Quillan"), ("Derrin", "Derrinese"), ("Marrow Coast", "Marrovian"), ("Ebbland", "Ebblander")]
PEOPLE = ["Anna Velt", "Piet Sorrow", "Ines Kalder", "Rufus Ambe", "Clara Dunmore", "Tomas Iverly", "Greta Osk",
          "Jonah Pell", "Marta Quist", "Felix Arno", "Lena Brask", "Oliver Tamm"]
ROLES = ["foreign minister", "chief negotiator", "trade envoy", "prime minister", "fisheries minister"]
PLACES = ["Port Alder", "Kessel", "Lumen", "Varde", "Holt", "Saint Brin"]
ISSUES = ["the quota", "the border crossings", "the water treaty", "tariffs on timber", "the prisoner exchange",
          "fishing rights", "the ceasefire line", "grain exports"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
EVENTS = [
    "{a} and {b} met in {place} {day} for a new round of talks on {issue}",
    "{a} and {b} signed an agreement on {issue} in {place} {day}",
    "{a} walked out of the talks with {b} in {place} {day}",
    "{a} postponed the meeting with {b} planned for {day} in {place}",
    "{a} will meet {b} in {place} next {weekday} to discuss {issue}",
    "{a} rejected the proposal from {b} on {issue} {day}",
    "Talks between {a} and {b} on {issue} collapsed in {place} {day}",
    "{a} cancelled a summit with {b} that was due to open in {place} {day}",
]
QUOTES = [
    '"We will not accept {issue} as it stands," {person}, {a_adj} {role}, said.',
    '"There is room for a deal on {issue}," said {person}, the {a_adj} {role}.',
    '{person}, {a_adj} {role}, told reporters that {a} wanted {issue} settled before the summer.',
    '"Our door remains open," {person} said of the talks with {b}.',
]
SUBJECTS = ["Fishermen in {place}", "Diplomats", "Opposition lawmakers", "Exporters", "Local officials", "Analysts",
            "Farmers near the border", "Shipping firms", "Union leaders", "Observers from the region", "Residents",
            "Bankers", "Two former envoys", "Students", "The harbour authority"]
VERBS = ["have warned about", "are watching", "remain divided over", "complained about", "welcomed the news on",
         "asked for clarity on", "are preparing for", "have lobbied on", "questioned the cost of", "met to discuss"]
OBJECTS = ["{issue}", "the next round", "the draft text", "the deadline", "the monitoring mission", "the new customs rules",
           "the talks", "the compensation fund", "the joint commission", "the shipping lanes", "the inspection regime"]
TAILS = ["for weeks", "since the spring", "in recent days", "with growing impatience", "behind closed doors",
         "despite the cold", "ahead of the elections", "as prices rose", "after a long winter", "without result"]
DEMANDS = ["{a} demanded that {b} lift {issue}.", "{a} offered to review {issue} if {b} withdrew its complaint.",
           "{b} refused to discuss {issue} until {a} apologised.", "{a} called on {b} to reopen {issue}."]


_SYLLABLES = ["ka", "ri", "mo", "len", "tas", "vu", "dor", "pe", "lin", "sa", "ber", "go", "mi", "tol", "ne", "rus"]
_FILLER = ["the", "of", "and", "in", "a", "to", "with", "for", "on", "as", "by", "after"]


def _colour(rng: random.Random) -> str:
    """A sentence of the article's own (what makes real articles differ from one another): invented
    lower-case words between common ones, so that its word sequences are rare, as a reporter's are."""
    words = []
    for _ in range(rng.randrange(12, 22)):
        words.append(rng.choice(_FILLER) if rng.random() < 0.3 else
                     "".join(rng.choice(_SYLLABLES) for _ in range(rng.randrange(2, 4))))
    return "Residents spoke of " + " ".join(words) + "."


def article(i: int, rng: random.Random, start: dt.date, days: int) -> dict:
    published = start + dt.timedelta(days=rng.randrange(days))
    (a, a_adj), (b, _) = rng.sample(PARTIES, 2)
    back = rng.choice([0, 1, 1, 2])
    day_ = published - dt.timedelta(days=back)
    day = {0: "today", 1: "yesterday"}.get(back, "on " + WEEKDAYS[day_.weekday()])
    fill = {"a": a, "b": b, "a_adj": a_adj, "place": rng.choice(PLACES), "issue": rng.choice(ISSUES), "day": day,
            "weekday": rng.choice(WEEKDAYS), "person": rng.choice(PEOPLE), "role": rng.choice(ROLES)}
    event = rng.choice(EVENTS).format(**fill)
    body = [f"{event[0].upper()}{event[1:]}, officials said.",
            rng.choice(QUOTES).format(**fill),
            rng.choice(DEMANDS).format(**fill),
            _colour(rng),
            *(" ".join((rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(TAILS))).format(**fill)
              + f", {rng.choice(PEOPLE).split()[0]} {rng.choice(['wrote', 'noted', 'said'])} in a note of {rng.randrange(3, 90)} pages."
              for _ in range(rng.randrange(1, 4))),
            f"The two sides have held {rng.randrange(2, 30)} rounds since the dispute began, report number {i}."]
    return {"url": f"https://news.example.org/{published:%Y/%m/%d}/talks-{i}",
            "title": f"{a} and {b}: talks on {fill['issue'].removeprefix('the ')}",
            "published": published.isoformat(), "text": "\n\n".join(body)}


def write(path: Path, n: int, *, seed: int = 7, start: dt.date = dt.date(2021, 1, 1), days: int = 730) -> Path:
    """`n` articles as JSONL at `path` (written once; an existing file of the same size is kept)."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps(article(i, rng, start, days)) + "\n")
    return path


if __name__ == "__main__":
    import sys

    write(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 20_000)
