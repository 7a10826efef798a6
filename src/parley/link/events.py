"""Events across articles: mentions of one event become one event with all its sources.

Mentions are compared only within a block of the same type and occasion (`head`: "met",
"meeting" and "talks" share "meet"), so the cost grows with the story, not with its square.
Within a block, a mention joins an event when their actors are compatible (they share one, or
one side names none), they do not name one noun with other modifiers ("one-on-one meeting",
"expanded meeting"; words that judge or date an occasion, "surprise", "emergency", "next", do
not count), they do not contradict (an occasion called off did not take place), and:
- they fall on the same day; or
- the mention moves the event ("pushed back to Saturday") and the event was still to come; or
- neither has a date and they are in the same article.
Mentions are taken oldest article first, so an event's `status` and `when` are what its
newest source says (of sources of one day, a report of the deed outweighs a plan, and what is
done on a day is not undone by a report that it is under way); `history` lists each source's
status and date in order, showing a planned event that was postponed or called off.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict

from ..extract.time import parse_iso
from .records import LinkProblems, checked, unique_ids

_TO_COME = {"planned", "expected", "possible"}
CANDIDATES = 50          # the most recent events of each index a mention is compared with


def event_id(article_id: str, start: int, end: int, text: str) -> str:
    """An event's id: its first mention's article, span and trigger (what makes the mention distinct)."""
    return "event-" + hashlib.sha1(f"event\x1f{article_id}\x1f{start}\x1f{end}\x1f{text}".encode()).hexdigest()[:12]


def _day(when: str | None) -> str | None:
    return when[:10] if when and when[:1].isdigit() and len(when) >= 10 else when


class _Event:
    __slots__ = ("id", "type", "head", "text", "actors", "where", "when", "status", "sources", "history",
                 "articles", "last_date", "texts", "modifiers", "persons", "mentions")

    def __init__(self, m: dict, persons: set[str]) -> None:
        self.persons = persons
        self.id = event_id(m["article"], m["start"], m["end"], m["text"])
        self.type, self.head, self.text = m["type"], m["head"], m["text"]
        self.actors: set[str] = set(m["actors"])
        self.where = m["where"]
        self.when = m["when"]
        self.status = m["status"]
        self.sources: list[dict] = []
        self.history: list[dict] = []
        self.articles: set[str] = set()
        self.last_date = m["published"] or ""
        self.texts: list[str] = []
        self.modifiers: dict[str, set[str]] = {}
        self.mentions: list[dict] = []
        self.add(m)

    def add(self, m: dict) -> None:
        self.mentions.append(m)
        self.sources.append({"article": m["article"], "start": m["start"], "end": m["end"]})
        step = {"status": m["status"], "when": m["when"], "article": m["article"], "published": m["published"]}
        if not self.history or {k: step[k] for k in ("status", "when")} != {
                k: self.history[-1][k] for k in ("status", "when")}:
            self.history.append(step)
        self.actors |= set(m["actors"])
        self.where = self.where or m["where"]
        self.articles.add(m["article"])
        if m["text"].lower() not in self.texts:
            self.texts.append(m["text"].lower())
        noun, mods = _modifiers(m["text"])
        self.modifiers.setdefault(noun, set()).update(mods)
        published = m["published"] or ""
        if (published > self.last_date or published == self.last_date and not (
                m["status"] in _TO_COME and self.status in _DONE)) and not (
                m["status"] == "ongoing" and self.status == "happened" and _day(m["when"]) == _day(self.when)) and not (
                self.status == "cancelled" and m["status"] in _TO_COME and not m["postponed"]
                and _day(m["when"]) in (None, _day(self.when))):
            #  (a later report that only names the plan of an occasion called off, on its day, does not revive it)
            self.last_date = published                    # the newest source has the last word; of one
            self.status = m["status"]                     # day's sources, a report of the deed outweighs
            self.when = m["when"] or self.when            # a plan ("two more columns were set to withdraw"),
            #                                               and what is done on a day stays done that day

    def compatible(self, m: dict) -> bool:
        """Whether a mention can be of this occasion at all, whatever its day."""
        people = {a for a in m["actors"] if a in self.persons}
        mine = self.actors & self.persons
        if mine and people and not (mine & people):
            return False                    # different people: a different occasion
        noun, mods = _modifiers(m["text"])
        if mods and self.modifiers.get(noun) and not (mods & self.modifiers[noun]):
            return False                    # "one-on-one meeting" and "expanded bilateral meeting": two events
        return not any({m["status"], h["status"]} in _CONTRADICTIONS for h in self.history)
        #                                     a summit called off did not take place: another occasion

    def accepts(self, m: dict) -> bool:
        if not self.compatible(m):
            return False
        if m["when"] and self.when and _day(m["when"]) == _day(self.when):
            return True
        if m["where"] and self.where and m["where"] != self.where:
            return False                    # moved or called off with no day of its own: not an occasion elsewhere
        day, published = _day(self.when), (m["published"] or "")[:10]
        if not m["when"] and day and day[:1].isdigit() and len(day) == 10 and published and day < published:
            return False                    # nor, with no day named, one whose day had passed when it was reported
        if m["postponed"] and self.status in _TO_COME and (m["published"] or "") >= self.last_date:
            return True
        if m["status"] == "cancelled" and self.status in _TO_COME and (not m["when"] or not self.when):
            return bool(self.actors & set(m["actors"]) & self.persons) or m["article"] in self.articles
        return not m["when"] and not self.when and m["article"] in self.articles


# Words before an event noun that judge or place it in time rather than say which occasion it is.
_NOT_MODIFIERS = {"the", "a", "an", "this", "that", "their", "his", "her", "its", "first", "second", "new", "last",
                  "next", "previous", "recent", "latest", "upcoming", "earlier", "later", "final", "another",
                  "further", "fresh", "extra", "surprise", "snap", "historic", "landmark", "popular", "decisive",
                  "extraordinary", "emergency", "urgent", "special", "crucial", "key", "major", "important", "big",
                  "main", "crunch", "marathon", "all-night", "high-level", "planned", "scheduled", "proposed",
                  "possible", "mooted", "anticipated", "much-anticipated", "long-awaited", "so-called", "tense",
                  "difficult", "successful", "failed", "cancelled", "canceled", "postponed", "delayed"}
_DONE = {"happened", "ongoing"}
_CONTRADICTIONS = [{"cancelled", "happened"}, {"cancelled", "ongoing"}]


def _modifiers(text: str) -> tuple[str, set[str]]:
    """An event noun and the words before it that say which occasion it is ("one-on-one", "expanded")."""
    words = text.lower().split()
    return (words[-1] if words else ""), {w for w in words[:-1] if w not in _NOT_MODIFIERS}


def _label(texts: list[str]) -> str:
    """How the sources name the event: their distinct wordings, longest first (at most three)."""
    return "; ".join(sorted(texts, key=lambda t: (-len(t), t))[:3])


REPORT_DAYS = 2          # an undated report of a deed is of an occasion at most this many days before it


def _attach_undated(events: list[_Event]) -> list[_Event]:
    """Undated reports of a deed ("Greece missed its deadline for a payment", in an article of 1 July) join
    the dated occasion they report: one of their block that shares an actor with them, took place in the
    `REPORT_DAYS` before (or on) the day of the report, and is compatible with every one of their mentions;
    the nearest such day wins. Looked up by day, so the cost grows with the story. Returns the events
    that remain."""
    dated: dict[tuple, list[_Event]] = defaultdict(list)
    for e in events:
        if parse_iso(_day(e.when)) and e.status in _DONE:
            dated[(e.type, e.head, _day(e.when))].append(e)
    gone: set[str] = set()
    for e in events:
        reported = parse_iso(e.last_date)
        if e.when or e.status not in _DONE or not e.actors or reported is None:
            continue
        best = None
        for gap in range(REPORT_DAYS + 1):                # the nearest day first
            day = _days_before(reported, gap)
            if day is None:
                break
            best = next((t for t in reversed(dated.get((e.type, e.head, day), [])[-CANDIDATES:])
                         if t.id not in gone and t.actors & e.actors
                         and all(t.compatible(m) for m in e.mentions)), None)
            if best is not None:
                break
        if best is not None:
            for m in e.mentions:
                best.add({**m, "when": best.when})          # a report of that occasion: of its day
            gone.add(e.id)
    return [e for e in events if e.id not in gone]


# Acts done once per occasion, whose reports straddle midnight or are dated by the next day's papers
# ("missed its payment at midnight on 30 June", "Greeks voted against the bailout" in a paper of 6 July).
ONE_OFF_FRAMES = {"resign", "appoint", "swear", "pay"}
_NATIONAL_VOTES = {"referendum", "election", "plebiscite", "ballot"}


def _national_vote(e: _Event) -> bool:
    return e.head == "vote" and any(w in _NATIONAL_VOTES for t in e.texts for w in t.split())


def _same_act(earlier: _Event, later: _Event) -> bool:
    """Whether two one-off acts of neighbouring days are one: a shared person (a resignation, an appointment),
    a shared actor (a payment), or, for a national vote, no actor against it."""
    if earlier.head in ("resign", "appoint", "swear"):
        return bool(earlier.actors & later.actors & earlier.persons)
    if _national_vote(earlier) and _national_vote(later):
        return not (earlier.actors and later.actors) or bool(earlier.actors & later.actors)
    return bool(earlier.actors & later.actors)


def _join_adjacent_days(events: list[_Event]) -> list[_Event]:
    """A one-off act reported on two neighbouring days is one event (`_same_act`), dated by the earlier day
    (the later is the next day's report of it). Looked up by day. Returns the events that remain."""
    by_day: dict[tuple, list[_Event]] = defaultdict(list)
    todo = [(day, e) for e in events if e.status in _DONE and (day := parse_iso(_day(e.when)))
            and (e.head in ONE_OFF_FRAMES or _national_vote(e))]
    todo.sort(key=lambda pair: pair[0])
    gone: set[str] = set()
    for day, later in todo:
        before = _days_before(day, 1)
        candidates = by_day.get((later.type, later.head, before), [])[-CANDIDATES:] if before else []
        earlier = next((t for t in reversed(candidates) if t.id not in gone and _same_act(t, later)
                        and all(t.compatible(m) for m in later.mentions)), None)
        if earlier is None:
            by_day[(later.type, later.head, _day(later.when))].append(later)
            continue
        for m in later.mentions:
            earlier.add({**m, "when": earlier.when})
        gone.add(later.id)
    return [e for e in events if e.id not in gone]


def _passed_without_the_act(events: list[_Event]) -> None:
    """A planned act whose day came with a report that it was missed ("Greece must deliver the payment on
    30 June"; "Greece missed its payment", 30 June or 1 July) did not happen: it becomes `negated`, the miss
    its last step. Only a report of the miss itself counts (a DEFAULT of the same frame that happened,
    published on or after the day), never the mere passing of the day or a refusal announced before it."""
    misses: dict[tuple[str, str], list[_Event]] = defaultdict(list)
    for e in events:
        if parse_iso(_day(e.when)) and e.type == "DEFAULT" and e.status in _DONE:
            misses[(e.head, _day(e.when))].append(e)
    for e in events:
        planned = parse_iso(_day(e.when))
        if e.status not in _TO_COME or planned is None or e.type == "DEFAULT":
            continue
        day = _day(e.when)
        later = _days_before(planned, -1)
        miss = next((m for d in (day, later) if d for m in misses.get((e.head, d), []) if m is not e
                     and (not e.actors or not m.actors or e.actors & m.actors)), None)
        if miss is not None and miss.last_date >= e.last_date and miss.last_date[:10] >= day:
            e.status = "negated"
            e.history.append({"status": "negated", "when": e.when, "article": miss.history[-1]["article"],
                              "published": miss.last_date})


def _days_before(day: dt.date, n: int) -> str | None:
    """The ISO day `n` days before `day`; None before the calendar's first day."""
    try:
        return (day - dt.timedelta(days=n)).isoformat()
    except OverflowError:
        return None


def link_events(store, problems: LinkProblems | None = None) -> int:
    """Rebuild the linked events from every stored event mention; returns the number of events.

    A stored mention that is not well formed is set aside and its article named in `problems`;
    every other article's events are linked."""
    problems = problems if problems is not None else LinkProblems()
    published = {a["id"]: a["published"] for a in store.articles(status="ok", texts=False)}
    links = store.actor_links()
    persons = {a["id"] for a in store.actors() if a["kind"] == "person"}
    mentions = []
    for article_id, e in checked(store, "event", problems):
        mentions.append({
            "article": article_id, "published": published.get(article_id), "start": e["start"], "end": e["end"],
            "type": e["type"], "head": e.get("head") or e["text"].lower(), "text": e["text"],
            "status": e["status"], "when": e.get("when"), "postponed": e.get("postponed", False),
            "actors": sorted({links[(article_id, a)] for a in e.get("actors") or [] if (article_id, a) in links}),
            "where": links.get((article_id, e["where"])) if e.get("where") else None,
        })
    mentions.sort(key=lambda m: (m["published"] or "", m["article"], m["start"]))
    # Indexes over the events made so far, so that a mention is compared with a few candidates
    # only: those on its day, in its article, or (for a move or a call-off) sharing an actor.
    by_day: dict[tuple, list[_Event]] = defaultdict(list)
    by_article: dict[tuple, list[_Event]] = defaultdict(list)
    by_actor: dict[tuple, list[_Event]] = defaultdict(list)
    to_come: dict[tuple, list[_Event]] = defaultdict(list)
    events: list[_Event] = []
    for m in mentions:
        block = (m["type"], m["head"])
        day = _day(m["when"])
        pools = [by_day.get((*block, day), [])] if day else []
        pools.append(by_article.get((*block, m["article"]), []))
        if m["postponed"] or m["status"] == "cancelled":
            pools += [by_actor.get((*block, a), []) for a in m["actors"]] + [to_come.get(block, [])]
        target, seen = None, set()
        for pool in pools:
            for e in reversed(pool[-CANDIDATES:]):
                if e.id not in seen and e.accepts(m):
                    target = e
                    break
                seen.add(e.id)
            if target:
                break
        if target is None:
            target = _Event(m, persons)
            events.append(target)
        else:
            target.add(m)
        for index, key in ((by_day, (*block, _day(target.when))), (by_article, (*block, m["article"]))):
            if key[-1] and (not index[key] or index[key][-1] is not target):
                index[key].append(target)
        for a in m["actors"]:
            if not by_actor[(*block, a)] or by_actor[(*block, a)][-1] is not target:
                by_actor[(*block, a)].append(target)
        if target.status in _TO_COME and (not to_come[block] or to_come[block][-1] is not target):
            to_come[block].append(target)
    events = _join_adjacent_days(_attach_undated(events))
    _passed_without_the_act(events)
    rows = unique_ids([{
        "id": e.id, "type": e.type, "text": _label([t for t in e.texts]) if len(e.texts) > 1 else e.text,
        "actors": sorted(e.actors), "where": e.where, "when": e.when,
        "status": e.status, "sources": e.sources, "history": e.history,
    } for e in events], lambda row: row["sources"][0]["article"], "events", problems)
    store.replace_events(rows)
    return len(rows)
