"""Temporal expressions: find them in text and resolve them to TIMEX3 values.

Pure string functions (no spaCy): `find_times(text, anchor=...)` yields TimeExpr records
with character offsets. Relative expressions ("on Tuesday", "next week", "yesterday") are
resolved against `anchor`, the article's publication date, never against today's date.
Whether a bare weekday lies before or after the anchor comes from the tense of its
sentence (`tense_near`).
"""
from __future__ import annotations

import datetime as dt
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator

from ..models import TimeExpr

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90, "several": None,
    "a few": None,
}
# Fixed-date holidays: general calendar knowledge.
HOLIDAYS = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "christmas day": (12, 25), "christmas eve": (12, 24),
    "christmas": (12, 25), "valentine's day": (2, 14), "halloween": (10, 31), "boxing day": (12, 26),
    "independence day": (7, 4), "bastille day": (7, 14), "may day": (5, 1), "armistice day": (11, 11),
}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"

# "Thursday (Feb 28)", "Thursday, February 28, 2019", "Feb 28", "28 February 2019", "June 12 last year"
_DATE = re.compile(
    r"\b(?:" + _WEEKDAY + r",?\s*(?:\(\s*)?)?"
    r"(?:" + _MONTH + r"\s+" + _DAY + r"|" + _DAY.replace("day>", "day2>") + r"\s+(?:of\s+)?"
    + _MONTH.replace("month>", "month2>") + r")"
    r"(?:\s*\))?(?:,?\s+" + _YEAR + r"\b|(?P<lastyear>\s+(?:last|next|this)\s+year))?"
    r"(?P<dpart>\s+(?:morning|afternoon|evening|night))?",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(r"\b(?:in\s+)?" + _MONTH + r"\s+" + _YEAR + r"\b", re.IGNORECASE)
_REL_WEEKDAY = re.compile(r"\b(?:(?P<rel>next|last|this|coming|past)\s+)?" + _WEEKDAY
                          + r"(?P<part>\s+(?:morning|afternoon|evening|night))?\b", re.IGNORECASE)
_DEICTIC = re.compile(r"\b(?P<word>yesterday|today|tomorrow|tonight)\b(?P<part>\s+(?:morning|afternoon|evening|night))?",
                      re.IGNORECASE)
_REL_UNIT = re.compile(r"\b(?P<rel>last|next|this|coming|past)\s+(?P<unit>week|month|year|weekend)\b", re.IGNORECASE)
NAMES_DAY = re.compile(r"\b(?:" + "|".join(list(MONTHS) + list(WEEKDAYS)) + r"|yesterday|today|tonight|tomorrow)\b",
                        re.IGNORECASE)
_YEAR_RANGE = re.compile(r"\b(?P<y1>(?:1[89]|20)\d\d)\s*[-\u2013/]\s*(?P<y2>\d\d(?:\d\d)?)\b")
_BARE_YEAR = re.compile(
    r"(?<![\d$\u20ac\u00a3.,/:-])(?P<year>(?:1[89]|20)\d\d)(?![\d%/:]|,\d|\.\d|s\b|\s*(?:percent|per\s+cent))"
    r"(?!\s+(?:[a-z]*[a-hj-rtv-z]s|people|staff|sq|km|kg|m|mm|ft|yuan|yen)\b)"   # "2000 workers", not "2008 crisis"
)
_MONTH_ONLY = re.compile(r"\b(?P<prep>in|since|by|until|from|before|after|during|last|next|this|early|late|mid-?)\s+"
                         + _MONTH + r"(?!\s+\d)\b", re.IGNORECASE)
_CLOCK24 = re.compile(r"\b(?P<h>[01]\d|2[0-3])[:.](?P<m>[0-5]\d)\s*(?P<zone>UTC|GMT|Z)\b")
_CLOCK = re.compile(
    r"\b(?:(?:about|around|at|from|until|by)\s+)?(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<m>[0-5]\d))?\s*"
    r"(?P<ampm>am|pm|a\.m\.|p\.m\.)(?:\s+(?P<zone>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s+time|GMT|UTC|[A-Z]{2,4}T))?",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"\b(?:(?:over|about|nearly|almost|more\s+than|less\s+than|some)\s+)?"
    r"(?:the\s+(?:next|past|last|previous|coming|first|following)\s+)?"
    r"(?P<n>\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")(?P<half>\s+and\s+a\s+half)?"
    r"[\s-]+(?P<unit>minutes?|hours?|days?|weeks?|months?|years?|decades?)\b(?P<half2>\s+and\s+a\s+half\b)?",
    re.IGNORECASE,
)                                                # "two and a half years", "a year and a half": P2.5Y, P1.5Y
# Beyond calendar dates (TimeML/TIMEX3 as TempEval-3 and MEANTIME annotate them):
_ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4}
_QUARTER = re.compile(r"\b(?:the\s+)?(?P<ord>first|1st|second|2nd|third|3rd|fourth|4th|final)[\s-]+quarter"
                      r"(?:\s+(?:of\s+)?(?P<year>(?:1[89]|20)\d\d)\b|\s+of\s+(?P<rel>next|last|this)\s+year\b)?",
                      re.IGNORECASE)
_QUARTER_CODE = re.compile(r"\b(?:Q(?P<q>[1-4])\s+(?P<year>(?:1[89]|20)\d\d)|(?P<year2>(?:1[89]|20)\d\d)\s+Q(?P<q2>[1-4]))\b")
_HALF = re.compile(r"\b(?:the\s+)?(?P<ord>first|second)\s+half\s+of\s+(?P<year>(?:1[89]|20)\d\d)\b", re.IGNORECASE)
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SEASON = re.compile(r"\b(?:(?P<rel>this|last|next|coming|past)\s+)?(?P<season>spring|summer|autumn|fall|winter)"
                     r"(?:\s+(?:of\s+)?(?P<year>(?:1[89]|20)\d\d)\b)?", re.IGNORECASE)
_DECADE = re.compile(r"(?:\bthe\s+(?:(?P<century>1[89]|20)|')?|(?<![\w'])(?P<century2>1[89]|20))"
                     r"(?P<decade>\d)0s\b(?!\s+of\b)")
_REFS = {"at present": "PRESENT_REF", "nowadays": "PRESENT_REF", "recently": "PAST_REF", "in the past": "PAST_REF",
         "in the future": "FUTURE_REF", "the future": "FUTURE_REF"}          # not "now", "currently": not annotated
_REF = re.compile(r"\b(?P<word>" + "|".join(sorted(_REFS, key=len, reverse=True)).replace(" ", r"\s+")
                  + r")\b(?!\s+(?:that|of)\b)", re.IGNORECASE)                  # not "the future of the stock"
_NUMERIC_DATE = re.compile(r"(?<![\d/])(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])/"
                           r"(?P<y>(?:1[89]|20)\d\d|\d{2})(?![\d/])")
_VAGUE_DURATION = re.compile(r"\b(?:over\s+the(?:\s+(?:past|last))?|for|in\s+recent)\s+"
                             r"(?P<unit>years|months|weeks|days|decades)\b", re.IGNORECASE)
# More forms TimeML annotates (TempEval-3, MEANTIME): general English, nothing about one story.
_REL_QUARTER = re.compile(r"\b(?:the\s+)?(?P<rel>last|next|this|current|previous|coming|past)\s+quarter\b"
                          r"(?![\s-]+of\b)", re.IGNORECASE)          # "last quarter": the one before
_NEAR_DAY = re.compile(r"\b(?:the\s+(?P<rel>next|following|previous|preceding)\s+(?P<unit>day|year)"
                       r"|the\s+(?P<unit2>day|year)\s+(?P<rel2>before|after))\b(?!-)", re.IGNORECASE)
_MIDDAY = re.compile(r"\b(?P<word>midnight|noon|midday)\b", re.IGNORECASE)
_CLOCK_ZONE = re.compile(r"(?<![\d:.])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s+(?P<zone>GMT|UTC)\b")   # "0800 GMT"
_CENTURY = re.compile(r"\b(?:the\s+)?(?P<n>1[5-9]|2[01])(?:st|nd|rd|th)[\s-]+century\b", re.IGNORECASE)
_HALF_YEAR = re.compile(r"\b(?:the\s+)?(?P<ord>first|second)\s+half\s+of\s+(?P<rel>the|this|next|last)\s+year\b"
                        r"|\b(?P<ord2>first|second)-half\b", re.IGNORECASE)   # "first-half profit"
_VAGUE_SPAN = re.compile(r"\bthe\s+(?:past|last|next|coming|previous)\s+(?:(?:few|several)\s+)?"
                         r"(?P<unit>days|weeks|months|years|decades)\b", re.IGNORECASE)   # "the coming months"
_UNIT_SPAN = re.compile(r"\bthe\s+(?:past|last|previous)\s+(?P<unit>decade|year|month|week)\b(?!-|\s+of\b)",
                        re.IGNORECASE)                                        # "the past year": a year long
_PART_TODAY = re.compile(r"\b(?:this\s+(?P<part>morning|afternoon|evening)|(?P<last>last)\s+night)\b", re.IGNORECASE)
_SETS = {"annually": "P1Y", "yearly": "P1Y", "monthly": "P1M", "weekly": "P1W", "daily": "P1D",
         "every year": "P1Y", "each year": "P1Y", "every month": "P1M", "every week": "P1W", "every day": "P1D",
         "each month": "P1M", "each week": "P1W", "each day": "P1D"}
_SET = re.compile(r"\b(?P<word>" + "|".join(sorted(_SETS, key=len, reverse=True)).replace(" ", r"\s+") + r")\b"
                  r"(?!-|\s+(?!(?:and|or|but|to|in|on|at|for|by|from|since|until)\b)[a-z])",
                  re.IGNORECASE)                   # "published weekly and monthly", not "a daily catch"
_THAT_DAY = re.compile(r"\b(?:(?:that|the|this)\s+same|that)\s+day\b(?!-)", re.IGNORECASE)   # "that same day"
_HOLIDAY = re.compile(r"\b(?P<name>" + "|".join(re.escape(h) for h in sorted(HOLIDAYS, key=len, reverse=True))
                      + r")\b", re.IGNORECASE)

_FUTURE = re.compile(
    r"\b(?:will|won't|shall|'ll|is\s+to|are\s+to|is\s+due|are\s+due|scheduled|expected|plans?\s+to|planned|"
    r"set\s+to|going\s+to|would|upcoming|next|later|aims?\s+to|intends?\s+to)\b",
    re.IGNORECASE,
)

Tense = Callable[[int, int], str | None]


def parse_iso(value: str | None) -> dt.date | None:
    """A date from "YYYY-MM-DD", or None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except (ValueError, OverflowError):
        return None


def shift_days(day: dt.date, days: int) -> dt.date | None:
    """`day` moved by `days`, or None when that leaves the calendar (before 0001-01-01, after 9999-12-31)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def nearest_year(month: int, day: int, anchor: dt.date) -> dt.date | None:
    """The date with this month and day closest to `anchor` (news dates lie within months of it)."""
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := safe_date(y, month, day))]
    return min(options, key=lambda d: (abs((d - anchor).days), d)) if options else None


# How far past the anchor a day named without a year may lie in a clause in the past tense (or before it in
# one in the future) and still be the nearest such day: the tense a clause gets is a default where the parse
# says nothing, and reports backshift ("said they would meet on March 3"), so only a day months away moves:
# "since April 15" read in October is that April, "will meet on September 1" read in March is that September.
TENSE_SLACK_DAYS = 90


def _day_near(month: int, day: int, anchor: dt.date, tense: str | None) -> dt.date | None:
    """A day named without a year: the nearest to `anchor`, unless the clause's tense puts it well on the
    other side ("Sudan has been at war since April 15", read in October: April of that year)."""
    d = nearest_year(month, day, anchor)
    if d is None:
        return None
    if tense == "past" and (d - anchor).days > TENSE_SLACK_DAYS:
        return safe_date(d.year - 1, month, day) or d
    if tense == "future" and (anchor - d).days > TENSE_SLACK_DAYS:
        return safe_date(d.year + 1, month, day) or d
    return d


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Rough bounds of the sentence around [start, end): from the last stop or newline to the next one."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind("? ", 0, start),
               text.rfind("! ", 0, start))
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    return left + 1, (min(stops) if stops else len(text))


def tense_near(text: str, start: int, end: int) -> str | None:
    """"future" when the sentence around the span speaks of what is to come, else "past"."""
    left, right = sentence_bounds(text, start, end)
    return "future" if _FUTURE.search(text[left:right]) else "past"


def weekday_near(anchor: dt.date, weekday: int, *, rel: str | None, tense: str | None) -> dt.date | None:
    """Resolve a weekday name against `anchor` by its modifier and tense (None if off the calendar)."""
    delta = weekday - anchor.weekday()
    rel = (rel or "").lower()
    if rel == "next":        # a day of the following calendar week
        return shift_days(anchor, delta + 7)
    if rel == "this":            # the calendar week's, unless that has passed and the clause looks ahead
        return shift_days(anchor, delta + 7 if tense == "future" and delta < 0 else delta)    # "will begin this Monday"
    if rel in ("last", "past"):
        return shift_days(anchor, delta - 7 if delta >= 0 else delta)
    if rel == "coming" or tense == "future":
        return shift_days(anchor, delta if delta >= 0 else delta + 7)
    return shift_days(anchor, delta if delta <= 0 else delta - 7)


def _number(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


SCAN_KEPT_CHARS = 4_000_000     # the matches of the texts read last are kept, up to this many characters of text
_scanned: OrderedDict[str, dict[re.Pattern, tuple[re.Match, ...]]] = OrderedDict()
_scanned_chars = 0
_scan_lock = threading.Lock()


def _scanner(text: str) -> Callable[[re.Pattern], tuple[re.Match, ...]]:
    """Every match of a pattern in `text`, kept for the texts read last. Matches do not depend on the anchor,
    so a text read again at another day (`parley.link.story_dates` tries each candidate day; the story's
    date re-reads an article it dates) is scanned once."""
    global _scanned_chars
    with _scan_lock:
        kept = _scanned.get(text)
        if kept is None:
            kept = _scanned[text] = {}
            _scanned_chars += len(text)
            while _scanned_chars > SCAN_KEPT_CHARS and len(_scanned) > 1:
                _scanned_chars -= len(_scanned.popitem(last=False)[0])
        else:
            _scanned.move_to_end(text)

    def scan(pattern: re.Pattern) -> tuple[re.Match, ...]:
        found = kept.get(pattern)
        if found is None:
            found = kept[pattern] = tuple(pattern.finditer(text))
        return found

    return scan


def find_times(text: str, *, anchor: dt.date | None = None, tense: Tense | None = None) -> Iterator[TimeExpr]:
    """Every temporal expression in `text`, left to right, longest first where they overlap."""
    tense = tense or (lambda s, e: tense_near(text, s, e))
    a = anchor.isoformat() if anchor else None
    found: list[TimeExpr] = []
    _scan = _scanner(text)

    def add(m: re.Match, type_: str, value: str | None, start: int | None = None) -> None:
        s = m.start() if start is None else start
        e = m.end()
        while e > s and text[e - 1].isspace():
            e -= 1
        if value:
            said = tense(s, e) if type_ in ("DATE", "TIME") and NAMES_DAY.search(text[s:e]) else None
            found.append(TimeExpr(start=s, end=e, text=text[s:e], type=type_, value=value, anchor=a, tense=said))

    for m in _scan(_DATE):
        month = MONTHS[(m["month"] or m["month2"]).lower().rstrip(".")]
        day = int(m["day"] or m["day2"])
        if m["year"]:
            d = safe_date(int(m["year"]), month, day)
        elif anchor:
            since = text[max(0, m.start() - 7):m.start()].strip().lower().endswith("since")
            d = _day_near(month, day, anchor, "past" if since else tense(m.start(), m.end()))
            if d and m["lastyear"]:
                shift = {"last": -1, "next": 1, "this": 0}[m["lastyear"].split()[0].lower()]
                d = safe_date(anchor.year + shift, month, day)
        else:
            d = None
        part = (m["dpart"] or "").strip().lower()
        add(m, "TIME" if part and d else "DATE",
            (d.isoformat() + (_PART[part] if part else "")) if d else f"XXXX-{month:02d}-{day:02d}")
    for m in _scan(_MONTH_YEAR):
        add(m, "DATE", f"{m['year']}-{MONTHS[m['month'].lower().rstrip('.')]:02d}",
            start=m.start("month"))
    for m in _scan(_HOLIDAY):
        month, day = HOLIDAYS[m["name"].lower()]
        d = nearest_year(month, day, anchor) if anchor else None
        add(m, "DATE", d.isoformat() if d else f"XXXX-{month:02d}-{day:02d}")
    for m in _scan(_REL_WEEKDAY):
        if not anchor:
            add(m, "DATE", "XXXX-WXX-" + str(WEEKDAYS[m["weekday"].lower()] + 1))
            continue
        d = weekday_near(anchor, WEEKDAYS[m["weekday"].lower()], rel=m["rel"], tense=tense(m.start(), m.end()))
        if d is None:                                     # off the calendar (an anchor at its very edge)
            continue
        part = (m["part"] or "").strip().lower()
        add(m, "TIME" if part else "DATE", d.isoformat() + (_PART[part] if part else ""))
    for m in _scan(_DEICTIC):
        word = m["word"].lower()
        if not anchor:
            add(m, "DATE", "PRESENT_REF" if word == "today" else None)
            continue
        d = shift_days(anchor, {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[word])
        if d is None:
            continue
        part = (m["part"] or "").strip().lower() or ("night" if word == "tonight" else "")
        add(m, "TIME" if part else "DATE", d.isoformat() + (_PART[part] if part else ""))
    for m in _scan(_REL_UNIT):
        if anchor:
            add(m, "DATE", _relative_unit(anchor, m["rel"].lower(), m["unit"].lower()))
    for m in _scan(_YEAR_RANGE):
        y1, y2 = m["y1"], m["y2"]
        y2 = y1[:4 - len(y2)] + y2
        if int(y2) > int(y1):
            add(m, "DATE", f"{y1}/{y2}")
    for m in _scan(_BARE_YEAR):
        add(m, "DATE", m["year"], start=m.start("year"))
    for m in _scan(_MONTH_ONLY):
        if m["month"].lower() == "may" and m["prep"].lower() not in ("in", "last", "next", "this", "early", "late"):
            continue                                      # "by May" fine, but "may" is mostly a verb
        if m["month"][0].islower():
            continue
        month = MONTHS[m["month"].lower().rstrip(".")]
        if anchor:
            value = _month_near(anchor, month, rel=m["prep"].lower(), tense=tense(m.start(), m.end()))
        else:
            value = f"XXXX-{month:02d}"
        add(m, "DATE", value, start=m.start("month") if m["prep"].lower() in ("in", "since", "by", "until", "from",
                                                                              "before", "after", "during") else None)
    for m in _scan(_CLOCK24):
        day = anchor.isoformat() if anchor else "XXXX-XX-XX"
        add(m, "TIME", f"{day}T{int(m['h']):02d}:{m['m']}" + ("Z" if m["zone"] else ""))
    for m in _scan(_CLOCK):
        hour = int(m["h"]) % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
        minute = int(m["m"] or 0)
        day = anchor.isoformat() if anchor else "XXXX-XX-XX"
        add(m, "TIME", f"{day}T{hour:02d}:{minute:02d}", start=m.start("h"))
    for m in _scan(_DURATION):
        n = _number(m["n"])
        unit = m["unit"].lower().rstrip("s")
        code = {"minute": "M", "hour": "H", "day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE"}[unit]
        half = bool(m["half"] or m["half2"]) and n is not None
        if unit == "decade":
            value = (f"P{n * 10 + 5 * half}Y" if n else "PXDE")
        else:
            amount = (f"{n}.5" if half else str(n)) if n else "X"
            value = f"P{'T' if unit in ('minute', 'hour') else ''}{amount}{code}"
        ahead = _point_ahead(anchor, n, unit) if anchor and n and not half and _ahead(text, m, tense) else None
        if ahead:
            add(m, "DATE", ahead)                 # "the next round will be held in 15 days": a day to come
            continue
        the = re.match(r"(?i)over\s+(?=the\s)", m.group(0))
        add(m, "DURATION", value, start=m.start() + the.end() if the else None)   # "over [the next four years]"
    for m in _scan(_QUARTER):
        step = {"next": 1, "last": -1, "this": 0}.get((m["rel"] or "").lower(), 0)   # "the first quarter of next year"
        year = m["year"] or (f"{anchor.year + step:04d}" if anchor and _in_calendar(anchor.year + step) else "XXXX")
        add(m, "DATE", f"{year}-Q{_ORDINAL[m['ord'].lower()]}")
    for m in _scan(_QUARTER_CODE):
        add(m, "DATE", f"{m['year'] or m['year2']}-Q{m['q'] or m['q2']}")
    for m in _scan(_HALF):
        add(m, "DATE", f"{m['year']}-H{1 if m['ord'].lower() == 'first' else 2}")
    for m in _scan(_SEASON):
        if not m["year"] and (not m["rel"] or re.match(r"\s+(?:in|of|by|on|to)\b", text[m.end():])):
            continue                                      # "the last fall in prices": a season needs a year or "this"
        year = int(m["year"]) if m["year"] else (anchor.year + {"last": -1, "past": -1, "next": 1, "coming": 1}.get(
            (m["rel"] or "").lower(), 0) if anchor else None)
        add(m, "DATE", f"{year:04d}-{_SEASONS[m['season'].lower()]}" if year and _in_calendar(year) else None)
    for m in _scan(_DECADE):
        given = m["century"] or m["century2"]
        if given and given != "20" and m["decade"] == "0":
            continue                                      # "the 1800s", "the 1900s": a century, not a decade
        century = given or ("20" if m["decade"] in "01" and anchor and anchor.year >= 2010 else "19")
        add(m, "DATE", f"{century}{m['decade']}")
    for m in _scan(_REF):
        add(m, "DATE", _REFS[" ".join(m["word"].lower().split())])
    for m in _scan(_NUMERIC_DATE):
        year = int(m["y"])
        if len(m["y"]) == 2:
            year += 2000 if anchor is None or year <= anchor.year % 100 + 1 else 1900
        d = safe_date(year, int(m["m"]), int(m["d"]))
        add(m, "DATE", d.isoformat() if d else None)
    for m in _scan(_VAGUE_DURATION):
        unit = m["unit"].lower()
        add(m, "DURATION", "PXDE" if unit == "decades" else f"PX{unit[0].upper()}", start=m.start("unit")
            if m.group(0).lower().startswith("for") else None)
    for m in _scan(_SET):
        add(m, "SET", _SETS[" ".join(m["word"].lower().split())])
    for m in _scan(_REL_QUARTER):
        if anchor:
            step = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}.get(m["rel"].lower(), 0)
            q = (anchor.year * 4 + (anchor.month - 1) // 3) + step
            add(m, "DATE", f"{q // 4:04d}-Q{q % 4 + 1}" if _in_calendar(q // 4) else None)
    for m in _scan(_MIDDAY):
        day = anchor.isoformat() if anchor else "XXXX-XX-XX"
        add(m, "TIME", f"{day}T{'24:00' if m['word'].lower() == 'midnight' else '12:00'}")
    for m in _scan(_CLOCK_ZONE):
        day = anchor.isoformat() if anchor else "XXXX-XX-XX"
        add(m, "TIME", f"{day}T{m['h']}:{m['m']}Z")
    for m in _scan(_CENTURY):
        add(m, "DATE", f"{int(m['n']) - 1:02d}")
    for m in _scan(_HALF_YEAR):
        if anchor:
            step = {"next": 1, "last": -1}.get((m["rel"] or "").lower(), 0)
            add(m, "DATE", f"{anchor.year + step:04d}-H{1 if (m['ord'] or m['ord2']).lower() == 'first' else 2}")
    for m in _scan(_VAGUE_SPAN):
        unit = m["unit"].lower()
        add(m, "DURATION", "PXDE" if unit == "decades" else f"PX{unit[0].upper()}")
    for m in _scan(_UNIT_SPAN):
        add(m, "DURATION", {"decade": "P10Y", "year": "P1Y", "month": "P1M", "week": "P1W"}[m["unit"].lower()])
    for m in _scan(_PART_TODAY):
        if anchor:                      # the day its sentence names ("said on Monday that ... this evening"), else
            base = _sentence_day(text, m.start(), found) or anchor      # the day the article is written
            d = shift_days(base, -1) if m["last"] else base
            add(m, "TIME", f"{d.isoformat()}{_PART[(m['part'] or 'night').lower()]}" if d else None)
    for m in _scan(_NEAR_DAY):
        step = 1 if (m["rel"] or m["rel2"]).lower() in ("next", "following", "after") else -1
        if (m["unit"] or m["unit2"]).lower() == "day":
            focus = _day_before(found, m.start()) or (anchor.isoformat() if anchor else None)
            d = shift_days(dt.date.fromisoformat(focus), step) if focus else None
            add(m, "DATE", d.isoformat() if d else None)
            continue
        years = [t for t in found if t.end <= m.start() and t.type in ("DATE", "TIME") and len(t.value) >= 4
                 and t.value[:4].isdigit()]
        year = int(max(years, key=lambda t: t.end).value[:4]) if years else (anchor.year if anchor else None)
        if year is not None and _in_calendar(year + step):
            add(m, "DATE", f"{year + step:04d}")
    for m in _scan(_THAT_DAY):
        add(m, "DATE", _day_before(found, m.start()))                      # the day the text is at
    yield from _clock_days(text, list(_longest_first(found)))


_PART = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI"}
# The parts of day TIMEX3 writes after a date ("2015-07-13TMO"), by name: for the views.
PARTS_OF_DAY = {"MO": "morning", "MI": "midday", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}


def _month_near(anchor: dt.date, month: int, *, rel: str, tense: str | None) -> str | None:
    """A month named without a year: "last June" and past-tense "in June" are the latest June up to
    the anchor's month; "next June" and future-tense ones the first June from it (None before the
    year 1 or after 9999)."""
    if rel == "this":
        year = anchor.year
    elif rel == "next" or (rel != "last" and tense == "future"):
        year = anchor.year if month >= anchor.month else anchor.year + 1
        if rel == "next" and month == anchor.month:
            year += 1
    else:
        year = anchor.year if month <= anchor.month else anchor.year - 1
        if rel == "last" and month == anchor.month:
            year -= 1
    return f"{year:04d}-{month:02d}" if _in_calendar(year) else None


# "in" just before a span of time: "will meet again in 15 days" (a point ahead); not "within", "in the next".
_IN_BEFORE = re.compile(r"\bin\s+\Z", re.IGNORECASE)


def _ahead(text: str, m: re.Match, tense: Tense) -> bool:
    """Whether a span of time (a `_DURATION` match) is "in" that long from now, said of what is to come ("the next
    meeting is expected to take place in 15 days"); not "in the next 15 days", "in more than a year", "within two
    weeks", nor what took that long ("four versions released in 5 years")."""
    said = m.group(0).lower()
    return bool(_IN_BEFORE.search(text, max(0, m.start() - 8), m.start())) and not said.startswith(
        ("the ", "over ", "more ", "less ")) and tense(m.start(), m.end()) == "future"


def _point_ahead(anchor: dt.date, n: int, unit: str) -> str | None:
    """The time `n` units after `anchor`, at the unit's precision, for "in 15 days", "in two weeks", "in three
    months" said of what is to come (TimeML's DATE, not a DURATION): a day, an ISO week, a month, a year; None for
    hours and minutes (the hour is unknown) and off the calendar."""
    if unit in ("day", "week"):
        d = shift_days(anchor, n * (7 if unit == "week" else 1))
        if d is None:
            return None
        iso = d.isocalendar()
        return d.isoformat() if unit == "day" else f"{iso.year:04d}-W{iso.week:02d}"
    if unit == "month":
        month = anchor.month - 1 + n
        year = anchor.year + month // 12
        return f"{year:04d}-{month % 12 + 1:02d}" if _in_calendar(year) else None
    if unit == "year":
        return f"{anchor.year + n:04d}" if _in_calendar(anchor.year + n) else None
    return None


def _in_calendar(year: int) -> bool:
    return dt.MINYEAR <= year <= dt.MAXYEAR


def _relative_unit(anchor: dt.date, rel: str, unit: str) -> str | None:
    """"next week", "last year", ... as a TIMEX3 value; None when it falls off the calendar."""
    step = {"last": -1, "past": -1, "next": 1, "coming": 1, "this": 0}[rel]
    if unit == "year":
        year = anchor.year + step
        return f"{year:04d}" if _in_calendar(year) else None
    if unit == "month":
        month = anchor.month - 1 + step
        year = anchor.year + month // 12
        return f"{year:04d}-{month % 12 + 1:02d}" if _in_calendar(year) else None
    if unit == "weekend":
        saturday = shift_days(anchor, (5 - anchor.weekday()) + 7 * step)
        if saturday is None:
            return None
        iso = saturday.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}-WE"
    day = shift_days(anchor, 7 * step)
    if day is None:
        return None
    iso = day.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def _one_day(t: TimeExpr) -> bool:
    """Whether `t` is a date or time within one calendar day ("2015-07-13", "2015-07-13TMO")."""
    v = t.value
    return (t.type in ("DATE", "TIME") and len(v) >= 10 and v[:4].isdigit() and v[4:5] == "-" and v[7:8] == "-"
            and v[8:10].isdigit())


def _day_before(found: list[TimeExpr], at: int) -> str | None:
    """The day (YYYY-MM-DD) of the last expression of `found` ending by `at` that names one; None if none."""
    before = [t for t in found if t.end <= at and _one_day(t)]
    return max(before, key=lambda t: t.end).value[:10] if before else None


def _sentence_day(text: str, at: int, found: list[TimeExpr]) -> dt.date | None:
    """The day-precise date nearest to `at` in its sentence, among `found`; None if there is none."""
    left, right = sentence_bounds(text, at, at)
    days = [t for t in found if left <= t.start < right and _one_day(t)]
    if not days:
        return None
    try:
        return dt.date.fromisoformat(min(days, key=lambda t: abs(t.start - at)).value[:10])
    except ValueError:
        return None


def _clock_days(text: str, times: list[TimeExpr]) -> Iterator[TimeExpr]:
    """A clock time takes the day of a day-precise date in its sentence ("on Tuesday at 3pm")."""
    from dataclasses import replace

    for i, t in enumerate(times):
        if t.type == "TIME" and "T" in t.value and t.value[11:12].isdigit():
            left, right = sentence_bounds(text, t.start, t.end)
            days = [o for o in times if o is not t and left <= o.start < right and _one_day(o)]
            if days:
                day = min(days, key=lambda o: abs(o.start - t.start)).value[:10]
                if day != t.value[:10]:
                    t = replace(t, value=day + t.value[10:])
        yield t


def _longest_first(found: list[TimeExpr]) -> Iterator[TimeExpr]:
    """Drop expressions inside a longer one; yield the rest in text order."""
    kept: list[TimeExpr] = []
    for t in sorted(found, key=lambda t: (-(t.end - t.start), t.start)):
        if all(t.end <= k.start or t.start >= k.end for k in kept):
            kept.append(t)
    yield from sorted(kept, key=lambda t: (t.start, t.end))
