"""The story's window: the stretch of days the coverage is about, and what lies outside it.

Real coverage mixes the story with its background: a retrospective months later, the last round
of the same quarrel, an explainer of an agreement signed the year before. The window is the
densest run of publication days: the dated articles sorted by day and cut wherever no article
appeared for more than `GAP_DAYS`; the run with the most articles is the story (the later one on a
tie: coverage grows towards its end). An article published outside it, and an event or a quote
that the text places before it (or long after it), is `background`: kept, dated, and shown apart
from the story's days.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

GAP_DAYS = 10        # a week and a half with no article ends a run of coverage
MARGIN_DAYS = 7      # the days just before the first article (what it reports) belong to the story
LATER_DAYS = 183     # what is planned within half a year of the last article is the story's future

_WHEN = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?|-W(\d\d))?")


@dataclass(frozen=True, slots=True)
class Window:
    start: dt.date
    end: dt.date
    articles: int                 # how many dated articles fall in it

    def holds_day(self, day: dt.date) -> bool:
        """Whether an article published on `day` is the story's (not background)."""
        return _shift(self.start, -MARGIN_DAYS) <= day <= _shift(self.end, MARGIN_DAYS)

    def holds_when(self, when: str | None) -> bool:
        """Whether a TIMEX3 value ("2015-07-12", "2015-07", "2015-W28", "2015", "START/END") can lie in
        the story's days or its planned future; an unresolved or empty value is given the benefit."""
        span = when_span(when)
        if span is None:
            return True
        first, last = span
        return last >= _shift(self.start, -MARGIN_DAYS) and first <= _shift(self.end, LATER_DAYS)

    def as_dict(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "articles": self.articles}


def story_window(days: Iterable[dt.date]) -> Window | None:
    """The densest run of publication `days` (see the module), or None without any."""
    ordered = sorted(days)
    if not ordered:
        return None
    runs: list[list[dt.date]] = [[ordered[0]]]
    for day in ordered[1:]:
        if (day - runs[-1][-1]).days > GAP_DAYS:
            runs.append([])
        runs[-1].append(day)
    best = max(runs, key=lambda run: (len(run), run[-1]))
    return Window(start=best[0], end=best[-1], articles=len(best))


def when_span(when: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day a TIMEX3 value covers, or None when it names no calendar time."""
    if not when:
        return None
    parts = when.split("/")
    first = _span(parts[0])
    last = _span(parts[-1]) if len(parts) > 1 else first
    if first is None or last is None:
        return None
    return first[0], last[1]


PERIOD = re.compile(r"^(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)\b")
_DECADE = re.compile(r"^(\d{3})$")
# The months of a quarter, a half or a season (winter runs into the next year).
_PERIOD_MONTHS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12), "H1": (1, 6), "H2": (7, 12),
                  "SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def period_span(value: str) -> tuple[dt.date, dt.date] | None:
    """The days of a quarter, half or season ("2024-Q3", "2023-H2", "2024-SU") or a decade ("199"), or None."""
    try:
        m = PERIOD.match(value)
        if m:
            year, (first, last) = int(m[1]), _PERIOD_MONTHS[m[2]]
            end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
            end = dt.date(end_year, 12, 31) if end_month == 12 else \
                dt.date(end_year, end_month + 1, 1) - dt.timedelta(days=1)
            return dt.date(year, first, 1), end
        m = _DECADE.match(value)
        if m:
            decade = int(m[1]) * 10
            return dt.date(max(decade, 1), 1, 1), dt.date(decade + 9, 12, 31)
    except (ValueError, OverflowError):
        return None
    return None


def _span(value: str) -> tuple[dt.date, dt.date] | None:
    period = period_span(value.strip())
    if period is not None:
        return period
    m = _WHEN.match(value.strip())
    if not m:
        return None
    try:
        year = int(m[1])
        if m[4]:                                         # ISO week
            monday = dt.date.fromisocalendar(year, int(m[4]), 1)
            return monday, _shift(monday, 6)
        if m[3]:
            day = dt.date(year, int(m[2]), int(m[3]))
            return day, day
        if m[2]:
            month = int(m[2])
            first = dt.date(year, month, 1)
            last = dt.date(year, 12, 31) if month == 12 else dt.date(year, month + 1, 1) - dt.timedelta(days=1)
            return first, last
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except (ValueError, OverflowError):
        return None


def _shift(day: dt.date, days: int) -> dt.date:
    """`day` moved by `days`, held at the ends of the calendar."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min
