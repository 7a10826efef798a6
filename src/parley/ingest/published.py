"""Publication date: the best-evidenced of the dates a page gives for itself.

1. metadata          a date the source gives (HTML metadata through trafilatura/htmldate, JSONL `published`)
2. first-published   a header date with a publication cue ("Published:", "First published on Sun 12 Jul 2015")
3. url               /2019/02/28/, 2019-02-28, 20190228 (also inside an id), /2015/jul/14/, 06-May-2019
4. dateline          "PARIS (Dec 2, 2015) -" near the top
5. header            any other full date in the first lines, in any common shape ("27.06.2015 - 14:50",
                     "| DW | 08.02.2015", "16 января 2015"); captions left out
6. date-field        a crawler's " date 2020-02-13" field left at the top of the text: below the page's
                     own header, which it contradicts often enough (a crawl or modification date)
7. updated           "Last Updated: Jan 15, 2015", when nothing says when it was first published
8. url-in-text       a dated URL the first lines name (a page about another page)
9. print             "appeared in the print edition ... on February 23, 2019" near the end
10. inferred         from the dates the text mentions: a weekday with a day of month
                     ("Thursday (Feb 28)") pins the year; the article is dated by the latest such
                     day it reports in the past tense (or the day before the first one it announces)

`publication_date` returns (date, which evidence found it), or (None, None). header.py finds
the candidates of 2 and 5-8 with their evidence; the pipeline adds `inferred-from-story`.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import dateparser

from ..extract.time import MONTHS, WEEKDAYS, _DATE, safe_date, tense_near
from .header import header_candidates, text_url_candidates, url_dates

_DATELINE_CUE = re.compile(
    r"^(?:(?i:published|posted|first\s+published|date)\b[^\n]{0,20}?[:\s]|"
    r"[A-Z][A-Z.'\u2019-]+(?:\s[A-Z][A-Z.'\u2019-]+){0,3}(?:,\s*[A-Za-z .]{2,30})?\s*[(,\u2013\u2014-]\s*)"
)
_PRINT_CUE = re.compile(r"print\s+edition|appeared\s+in\s+(?:the\s+)?print|in\s+print\s+on", re.IGNORECASE)
_DATELINE_LINES = 6
_PRINT_LINES = 8
_YEARS = range(1900, 2101)


def from_metadata(value: str | None) -> dt.date | None:
    """A publication date given as metadata, in any common absolute format."""
    if not value or not str(value).strip():
        return None
    value = str(value).strip()
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    if not re.search(r"(?:1[89]|20)\d\d", value):
        return None                    # "yesterday", "2 days ago": relative to what? not a date
    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "RELATIVE_BASE": dt.datetime(2000, 1, 1),
                  "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return parsed.date() if parsed else None


def from_url(url: str | None) -> dt.date | None:
    """The first full date written in a URL (see header.url_dates for the shapes)."""
    found = url_dates(url)
    return found[0] if found else None


def _full_dates(line: str) -> Iterable[dt.date]:
    for m in _DATE.finditer(line):
        if m["year"]:
            month = MONTHS[(m["month"] or m["month2"]).lower().rstrip(".")]
            d = safe_date(int(m["year"]), month, int(m["day"] or m["day2"]))
            if d:
                yield d


def from_dateline(raw: str) -> dt.date | None:
    """A full date on a dateline or "Published:" line among the first lines of the article."""
    lines = [ln.strip() for ln in raw.split("\n") if ln.strip()][: _DATELINE_LINES]
    for line in lines:
        cue = _DATELINE_CUE.match(line)
        if cue:
            end = cue.end() + 40
            if cue.group().rstrip().endswith("("):           # "CITY (Agency / Agency - 25th September, 2021)"
                close = line.find(")", cue.end())
                end = max(end, close + 1 if 0 < close <= cue.end() + 100 else end)
            for d in _full_dates(line[:end]):
                return d
    return None


def from_print_line(raw: str) -> dt.date | None:
    """The date of a "print edition ... on <date>" line among the last lines."""
    lines = [ln.strip() for ln in raw.split("\n") if ln.strip()][-_PRINT_LINES:]
    for line in reversed(lines):
        if _PRINT_CUE.search(line):
            for d in _full_dates(line):
                return d
    return None


def _pinned(text: str) -> list[tuple[int, int, int, int]]:
    """(start, end, month, day, weekday) of every weekday written with its day of month, year not given."""
    out = []
    for m in _DATE.finditer(text):
        if m["weekday"] and not m["year"] and not m["lastyear"]:
            month = MONTHS[(m["month"] or m["month2"]).lower().rstrip(".")]
            out.append((m.start(), m.end(), month, int(m["day"] or m["day2"]), WEEKDAYS[m["weekday"].lower()]))
    return out


def infer_from_text(text: str, *, near_year: int | None = None, latest: dt.date | None = None,
                    tense=None) -> dt.date | None:
    """Infer the publication date from the weekday-and-day pairs the text mentions.

    The year is the one in which every pair falls on its weekday; where several years fit, the
    one nearest `near_year` (the story's other articles), else the latest; either way the
    publication date may not fall after `latest` (an article is not published after it is read).
    `tense(start, end)` says whether a date is reported ("past") or announced ("future"); by
    default a word-based guess, the pipeline gives one from the parse.
    """
    tense = tense or (lambda s, e: tense_near(text, s, e))
    pinned = _pinned(text)
    if not pinned:
        return None
    votes: dict[int, int] = {}
    for _, _, month, day, weekday in pinned:
        for year in _YEARS:
            d = safe_date(year, month, day)
            if d and d.weekday() == weekday:
                votes[year] = votes.get(year, 0) + 1
    if not votes:
        return None
    best = max(votes.values())
    dates = {y: d for y in votes if votes[y] == best and (d := _date_in(year=y, pinned=pinned, text=text, tense=tense))}
    if latest is not None:
        dates = {y: d for y, d in dates.items() if d <= latest}
    if not dates:
        return None
    if near_year is not None:
        return dates[min(dates, key=lambda y: (abs(y - near_year), -y))]
    return dates[max(dates)]


def _date_in(*, year: int, pinned, text: str, tense) -> dt.date | None:
    """The publication date if the pinned days fall in `year`: the latest day reported in the
    past tense, else the day before the first one announced (a "today" pins it outright)."""
    past, future = [], []
    for start, end, month, day, weekday in pinned:
        d = safe_date(year, month, day)
        if d is None or d.weekday() != weekday:
            continue
        before = text[max(0, start - 12): start].lower()
        if "today" in before:
            return d
        since = before.rstrip().endswith("since")            # "meeting since Monday 07 November": reported
        (future if tense(start, end) == "future" and not since else past).append(d)
    if past:
        return max(past)
    if future:
        return min(future) - dt.timedelta(days=1)
    return None


def publication_date(
    *, raw: str, text: str, url: str | None = None, metadata: str | None = None,
    near_year: int | None = None, latest: dt.date | None = None, infer: bool = True,
) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, how it was found), the best-evidenced candidate; (None, None) if there is none.

    The evidence, strongest first: the source's metadata; a date the header calls the publication
    ("Published:", "First published on"); a full date in the URL; a dateline; any other full date
    in the header (the first); a leaked " date YYYY-MM-DD" field; a date the header calls an update ("Last Updated:", used only when
    nothing says when it was first published); a date in a URL the header names (a page about
    another page); a "print edition" line; and, with `infer`, inference from the text. No date
    after `latest` (the day of reading) is ever taken. With `infer=False` the last fallback is left
    out: a reader calls it so, and the pipeline infers the rest once it knows the story's years.
    """
    latest = latest or dt.date.today()
    header = [c for c in header_candidates(raw) if c.date <= latest]

    def first(cue: str, kind: str = "header") -> dt.date | None:
        return next((c.date for c in header if c.cue == cue and c.kind == kind), None)

    for name, found in (
        ("metadata", lambda: from_metadata(metadata)),
        ("first-published", lambda: first("published")),
        ("url", lambda: next((d for d in url_dates(url) if d <= latest), None)),
        ("dateline", lambda: from_dateline(raw)),
        ("header", lambda: first("")),
        ("date-field", lambda: first("meta")),
        ("updated", lambda: first("updated")),
        ("url-in-text", lambda: next((c.date for c in text_url_candidates(raw) if c.date <= latest), None)),
        ("print", lambda: from_print_line(raw)),
        ("inferred", lambda: infer_from_text(text, near_year=near_year, latest=latest) if infer else None),
    ):
        d = found()
        if d and d <= latest:
            return d.isoformat(), name
    return None, None
