"""What the web pages read: the story record, cached per store version, with lookups and helpers.

Nothing here touches the file system by a name from a request: ids are looked up in the
record's own indices, and only an id found there is handed to `parley.show`.
"""
from __future__ import annotations

import bisect
import calendar
import functools
import os
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..extract.time import PARTS_OF_DAY
from ..link.window import period_span

STATUSES = ("happened", "ongoing", "planned", "expected", "possible", "cancelled", "negated")
ZOOMS = ("day", "week", "month")
_PRECISION_RANK = {"year": 0, "month": 1, "week": 2, "day": 3}
TIMELINES_KEPT = 64       # timeline groupings kept per version of the record (zoom, from, to)


def db_file(db: str | os.PathLike) -> str:
    """The file behind a store path or sqlite URL (what is stat'ed to notice changes)."""
    db = str(db)
    for prefix in ("sqlite:///", "sqlite://"):
        if db.startswith(prefix):
            return db[len(prefix):]
    return db


# -- dates -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class When:
    """A parsed TIMEX-like value: the days it covers, how precise it is, the time of day if any."""
    start: date
    end: date
    precision: str                 # "day" | "week" | "month" | "year"
    time: str | None = None        # "12:30", "evening"


_WHEN = re.compile(r"^(\d{4})(?!\d)(?:-(?:W(\d{2})|(\d{2})(?:-(\d{2}))?))?(?:T(\d{2}:\d{2}|[A-Z]{2}))?")


def day_label(day: date, fmt: str) -> str:
    """`day.strftime(fmt)` with the year always in four digits (the C library writes the year 1 as "1")."""
    return day.strftime(fmt.replace("%Y", f"{day.year:04d}"))


def _plus_days(day: date, days: int) -> date:
    """`day` moved by `days`, held at the calendar's ends (0001-01-01, 9999-12-31) instead of overflowing."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _parse_one(value: str) -> When | None:
    period = period_span(value.strip())
    if period is not None:                      # a quarter, half, season or decade: its months
        return When(period[0], period[1], "month" if (period[1] - period[0]).days < 366 else "year")
    m = _WHEN.match(value.strip())
    if not m:
        return None
    year, week, month, day, clock = m.groups()
    try:
        y = int(year)
        if week:
            start = date.fromisocalendar(y, int(week), 1)
            return When(start, _plus_days(start, 6), "week")      # 9999-W52 ends in the year 10000: held at 9999-12-31
        if month and day:
            d = date(y, int(month), int(day))
            return When(d, d, "day", PARTS_OF_DAY.get(clock, clock) if clock else None)
        if month:
            m_ = int(month)
            return When(date(y, m_, 1), date(y, m_, calendar.monthrange(y, m_)[1]), "month")
        return When(date(y, 1, 1), date(y, 12, 31), "year")
    except (ValueError, OverflowError):          # an impossible date ("2015-13-45", "0000", ...) is no date
        return None


def parse_when(value: str | None) -> When | None:
    """'2015-12-05', '2015-12-05T12:30', '2015-12-06TEV', '2015-12', '2020', '2015-W49', 'A/B'."""
    if not value:
        return None
    if "/" in value:
        first, _, last = value.partition("/")
        a, b = _parse_one(first), _parse_one(last)
        if a and b and b.end >= a.start:
            return When(a.start, b.end, a.precision, a.time)
        return a or b
    return _parse_one(value)


def _time_order(time: str | None) -> str:
    """A sortable clock time: day parts sit at their usual hour; no time sorts first."""
    if not time:
        return ""
    return {"morning": "09:00", "midday": "12:00", "daytime": "12:00", "afternoon": "15:00",
            "evening": "19:00", "night": "22:00"}.get(time, time)


def parse_date(value: str | None) -> date | None:
    """A YYYY-MM-DD query parameter; '' is none; anything else raises ValueError."""
    if value is None or not value.strip():
        return None
    return date.fromisoformat(value.strip())


def _period(when: When, zoom: str) -> tuple[tuple, str]:
    """(sort key, label) of the timeline group an event falls in at this zoom."""
    precision = when.precision
    if precision == "year" or (precision == "month"):
        if precision == "year":
            key, label = (when.start.year, 1, 1), f"{when.start.year:04d}"
        else:
            key, label = (when.start.year, when.start.month, 1), day_label(when.start, "%B %Y")
        finer = {"day": "no exact day", "week": "no exact week", "month": "no exact month"}[zoom]
        if precision == "month" and zoom == "month":
            return (key, _PRECISION_RANK["month"]), label
        return (key, _PRECISION_RANK[precision]), f"{label} ({finer})"
    if zoom == "month":
        d = when.start
        return ((d.year, d.month, 1), _PRECISION_RANK["month"]), day_label(d, "%B %Y")
    if zoom == "week" or precision == "week":
        monday = _plus_days(when.start, -when.start.weekday())
        sunday = _plus_days(monday, 6)
        label = f"Week of {day_label(monday, '%a %d %b %Y')} to {day_label(sunday, '%a %d %b')}"
        if zoom == "day":
            label += " (no exact day)"
        return ((monday.year, monday.month, monday.day), _PRECISION_RANK["week"]), label
    d = when.start
    return ((d.year, d.month, d.day), _PRECISION_RANK["day"]), day_label(d, "%A %d %B %Y")


# -- evidence ----------------------------------------------------------------------------------
_BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+|\n")


def sentence_around(text: str, start: int, end: int, limit: int = 320) -> tuple[str, str, str]:
    """(before, span, after): the sentence holding text[start:end], cut at `limit` characters a side."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    lo = max(0, start - limit)
    s = lo
    for m in _BOUNDARY.finditer(text, lo, start):
        s = m.end()
    hi = min(len(text), end + limit)
    m = _BOUNDARY.search(text, end, hi)
    e = (m.start() + len(m.group().rstrip())) if m else hi
    before, after = text[s:start], text[end:e]
    if s == lo and lo > 0:
        before = "\u2026" + before.lstrip()
    if e == hi and hi < len(text):
        after = after.rstrip() + "\u2026"
    return before.lstrip(), text[start:end], after


# -- the record --------------------------------------------------------------------------------
@dataclass
class Story:
    """One version of the store's record, indexed for the pages."""
    record: dict[str, Any]
    articles: dict[str, dict] = field(default_factory=dict)
    actors: dict[str, dict] = field(default_factory=dict)
    events: dict[str, dict] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.articles = {a["id"]: a for a in self.record.get("articles", [])}
        self.actors = {a["id"]: a for a in self.record.get("actors", [])}
        self.events = {e["id"]: e for e in self.record.get("events", [])}
        self._timelines: dict[tuple, tuple] = {}
        self._grouped_lock = threading.Lock()

    @functools.cached_property
    def _split(self) -> tuple[list[tuple[When, dict]], list[dict]]:
        dated, undated = [], []
        for e in self.record.get("events") or []:
            when = event_when(e)
            if when is None:
                undated.append(e)
            else:
                dated.append((when, e))
        dated.sort(key=lambda item: (item[0].start, _time_order(item[0].time), item[1]["id"]))
        return dated, undated

    @property
    def dated(self) -> list[tuple[When, dict]]:
        """The dated events with their parsed days, in time order (parsed once per version of the record)."""
        return self._split[0]

    @property
    def undated(self) -> list[dict]:
        return self._split[1]

    @functools.cached_property
    def axis(self) -> dict[str, Any]:
        return axis_data(self.record)

    @functools.cached_property
    def axis_actors(self) -> list[dict]:
        """The 60 most salient actors that take part in an event (no places): the axis's actor filter."""
        acting = {a for e in self.record.get("events") or [] for a in e.get("actors") or []}
        return sorted((a for a in self.record.get("actors") or [] if a["id"] in acting and a["kind"] != "place"),
                      key=lambda a: (-(a.get("salience") or 0), a["name"]))[:60]

    def timeline(self, zoom: str, since: date | None, until: date | None, per_page: int
                 ) -> tuple[list[list[dict]], list[dict], dict[str, int], int]:
        """The timeline's pages of whole periods (about `per_page` events each; see `group_events`), its
        undated events (for the last page), the events shown by status and in all; kept for the last
        `TIMELINES_KEPT` (zoom, from, to) asked. A range reads only the events that start by its end."""
        key = (zoom, since, until, per_page)
        with self._grouped_lock:
            if key in self._timelines:
                return self._timelines[key]
        dated = self.dated
        if until is not None:
            dated = dated[:bisect.bisect_right(dated, until, key=lambda item: item[0].start)]
        groups, undated = group_events(dated, self.undated, zoom, since, until)
        counts = dict.fromkeys(STATUSES, 0)
        for e in (*(e for g in groups for e, _ in g["items"]), *undated):
            if e.get("status") in counts:
                counts[e["status"]] += 1
        pages: list[list[dict]] = [[]]
        size = 0
        for g in groups:
            if pages[-1] and size + len(g["items"]) > per_page:
                pages.append([])
                size = 0
            pages[-1].append(g)
            size += len(g["items"])
        found = (pages, undated, counts, sum(len(g["items"]) for g in groups) + len(undated))
        with self._grouped_lock:
            if len(self._timelines) >= TIMELINES_KEPT:
                self._timelines.pop(next(iter(self._timelines)))
            self._timelines[key] = found
        return found

    def readable(self, article_id: str) -> bool:
        a = self.articles.get(article_id)
        return a is not None and a.get("status") == "ok"


FRESH_WAIT = 5.0          # seconds a page waits for the record of a changed store before showing the last one


class StoreView:
    """Reads the store through `parley.export` / `parley.show`, again only when the store changed.

    The record is built on a thread of its own: a page waits for it when there is none yet; when the
    store has changed, a page waits up to `FRESH_WAIT` seconds for the new record and otherwise shows the
    last one (a large story's record takes a while to build; the pages stay quick meanwhile). `warm()`
    starts the first build before any page is asked for."""

    def __init__(self, db: str | os.PathLike) -> None:
        self.db = str(db)
        self.file = db_file(self.db)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._key: tuple | None = None
        self._story: Story | None = None
        self._builder: threading.Thread | None = None
        self._error: BaseException | None = None

    def _version(self) -> tuple:
        from ..store import is_server_url, open_store

        if is_server_url(self.db):            # a server store: its link fingerprint changes with every ingest
            with open_store(self.db) as store:
                return (store.linked_state(), store.count("articles"), store.count("problems"))
        parts = []
        for path in (self.file, self.file + "-wal"):
            try:
                st = os.stat(path)
            except OSError:
                parts.append(None)
            else:
                parts.append((st.st_mtime_ns, st.st_size))
        return tuple(parts)

    def _build(self, key: tuple) -> None:
        import parley

        try:
            # keyed on the version seen before reading: a write during the read shows next time
            story, error = Story(parley.export(db=self.db)), None
        except BaseException as e:         # noqa: BLE001 - handed to the page that waits, which reports it
            story, error = None, e
        with self._changed:
            if story is not None:
                self._story, self._key = story, key
            self._error, self._builder = error, None
            self._changed.notify_all()

    def _start(self, key: tuple) -> None:
        """Build the record of version `key` unless a build is under way (called with the lock held)."""
        if self._builder is None:
            self._error = None
            self._builder = threading.Thread(target=self._build, args=(key,), name="parley-record", daemon=True)
            self._builder.start()

    def warm(self) -> None:
        """Start building the record now (`parley serve` does, so that the first page finds it ready)."""
        with self._changed:
            key = self._version()
            if self._story is None or key != self._key:
                self._start(key)

    def story(self) -> Story:
        with self._changed:
            key = self._version()
            deadline = time.monotonic() + FRESH_WAIT
            while self._story is None or self._key != key:
                if self._builder is None:
                    if self._error is not None:
                        error, self._error = self._error, None
                        raise error
                    self._start(key)
                left = deadline - time.monotonic()
                if self._story is not None and left <= 0:
                    return self._story          # the last record, until the new one is built
                self._changed.wait(timeout=max(0.05, left) if self._story is not None else None)
                if self._builder is None and self._key != key and self._error is None:
                    key = self._version()       # built, but the store changed again meanwhile: build that
            return self._story

    def text(self, story: Story, article_id: str) -> str | None:
        """The cleaned text of an article known to `story` (None for unknown or unreadable ids)."""
        import parley

        if not story.readable(article_id):
            return None
        with self._lock:
            if article_id not in story.texts:
                story.texts[article_id] = parley.show(article_id, db=self.db)["text"]
            return story.texts[article_id]


def event_when(e: dict) -> When | None:
    """The days of an event's `when`; None for none, and for one odd value (which never fails a page)."""
    try:
        return parse_when(e.get("when"))
    except (ValueError, OverflowError, TypeError):
        return None


def group_events(dated: list[tuple[When, dict]], undated: list[dict], zoom: str, since: date | None,
                 until: date | None) -> tuple[list[dict], list[dict]]:
    """(groups [{label, key, items: [(event, When)]}], undated events) in time order, of the `dated` events
    (with their days, in time order: `Story.dated`) within `since` and `until`; the `undated` only when no
    range is asked."""
    groups: dict[tuple, dict] = {}
    left = []
    for when, e in dated:                        # in time order: each group's items come in order
        if (since and when.end < since) or (until and when.start > until):
            continue
        try:
            period = _period(when, zoom)
        except (ValueError, OverflowError, TypeError):
            period = None
        if period is None:
            left.append(e)
            continue
        key, label = period
        groups.setdefault(key, {"key": key, "label": label, "items": []})["items"].append((e, when))
    return [groups[k] for k in sorted(groups)], ([*undated, *left] if since is None and until is None else [])


# -- the time axis -----------------------------------------------------------------------------
AXIS_LANES = 8            # the story's most salient parties get a lane each; the rest share "Other"
OTHER_LANE = "other"


def axis_data(record: dict[str, Any]) -> dict[str, Any]:
    """What the home page's time axis draws (vis-timeline, `static/parley.js`): one item per dated event
    (its days, its label, its status, its lane: the most salient of its actors among the story's
    `AXIS_LANES` most salient, else "Other"), the lanes, the story's
    window (the first view; the background stays reachable by panning and zooming) and the bounds of
    every dated event. Texts are plain; the script puts them in the page as text, never as markup."""
    actors = {a["id"]: a for a in record.get("actors") or []}
    salience = {a_id: float(a.get("salience") or 0.0) for a_id, a in actors.items()}
    items, lanes = [], {}
    acting = {a for e in record.get("events") or [] for a in e.get("actors") or []}
    main = set(sorted((a for a in acting if a in actors and actors[a].get("kind") != "place"),
                      key=lambda a: (-salience.get(a, 0.0), a))[:AXIS_LANES])
    for e in record.get("events") or []:
        when = event_when(e)
        if when is None:
            continue
        ranked = sorted(e.get("actors") or [], key=lambda a: (-salience.get(a, 0.0), a))
        lane = next((a for a in ranked if a in main), OTHER_LANE)
        lanes.setdefault(lane, (actors.get(lane) or {}).get("name") or "Other")
        item = {"id": e["id"], "start": when.start.isoformat(), "label": e.get("label") or e.get("text") or "",
                "status": e.get("status") or "", "lane": lane, "actors": list(e.get("actors") or []),
                "background": bool(e.get("background")), "salience": float(e.get("salience") or 0.0),
                "when": e.get("when") or ""}
        if when.end > when.start:
            item["end"] = _plus_days(when.end, 1).isoformat()     # a range: through its last day
        items.append(item)
    order = sorted(lanes, key=lambda lane: (lane == OTHER_LANE, -salience.get(lane, 0.0), lanes[lane]))
    window = record.get("window") or {}
    days = sorted(i["start"] for i in items)
    return {"items": items, "lanes": [{"id": lane, "name": lanes[lane]} for lane in order],
            "window": {"start": window.get("start") or (days[0] if days else None),
                       "end": window.get("end") or (days[-1] if days else None)},
            "bounds": {"start": days[0] if days else None, "end": days[-1] if days else None},
            "statuses": list(STATUSES)}
