"""Dates a page prints about itself: in its header, byline or first lines, and in the URLs it names.

Real pages print their date in many shapes ("27.06.2015 - 14:50", "| DW | 08.02.2015",
"Publication Date 06/02/2015", "Mon 13 Jul 2015 12.20 BST First published on Sun 12 Jul 2015",
"Last Updated: Jan 15, 2015", "16 января 2015, 14:51", "Author: X от 10.09.2014") and in URLs
("/2015/jul/14/", "2015_jul_14", "?ud=20190226", "06-May-2019", "-20150630"). Each date found is a
`Candidate` with its evidence: which line, what cue stands before it (published, updated), and
whether its day and month could be swapped. `publication_date` (published.py) chooses among them.

Day-first or month-first (06/02/2015) is decided by evidence on the page: a part over 12 in
another numeric date, or dotted dates (day first everywhere). An undecided date is read day
first and keeps the month-first reading in `Candidate.other`, so the ambiguity stays visible.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from ..extract.time import _DATE, MONTHS, safe_date
from .clean import picture_file

HEADER_LINES = 8          # the lines of a page that may carry its own date
_SHORT_LINE = 100         # a date inside a longer line must sit at its start or end to be the page's

# A cue just before a date says what the date is.
_PUBLISHED = re.compile(r"(?:first\s+published|published|posted|publication\s+date|released|date)\b[^\d\n]{0,12}$",
                        re.IGNORECASE)
_META_FIELD = re.compile(r"\s*date\s*", re.IGNORECASE)
_UPDATED = re.compile(r"(?:last\s+)?(?:updated|modified|changed|edited)\b[^\d\n]{0,12}$", re.IGNORECASE)
# Lines whose dates are not the page's: captions of pictures (when the picture was taken) and print
# edition notes (the "print" fallback reads those).
_CAPTION = re.compile(r"^(?:image|photo|photograph|picture|file\s+photo|pictured)\b|\b(?:photo|image|picture)\s*:"
                      r"|\b(?:photo|image|picture)\s+credits?\s*:|\(\s*[\w.]+(?:\s+[\w.]+)?\s+photo\s*\)"
                      r"|getty\s+images|picture-alliance|\bafp\s+photo\b"
                      r"|print\s+edition|appeared\s+in\s+(?:the\s+)?print|in\s+print\s+on", re.IGNORECASE)

_ISO = re.compile(r"(?<![\d-])(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d])")
_NUMERIC = re.compile(r"(?<![\d./-])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d|\d\d)(?![\d])")
_OTHER_MONTH = re.compile(r"(?<!\d)(?P<d>\d{1,2})\.?\s+(?P<month>[^\W\d_]{3,12})\.?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)")
_GLUED_YEAR = re.compile(r"((?:19|20)\d\d)(?=[A-Za-z])")          # "July 13, 2015European Council"

_URL_MONTH = "|".join(sorted({k for k in MONTHS if len(k) >= 3}, key=len, reverse=True))
_URL_PATTERNS = (
    # /2015/07/14/, 2015-07-14, 2015_07_14, 20150714 (also inside an id: idUSKCN0PM08W20150712)
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<sep>[/_-]?)(?P<m>0[1-9]|1[0-2]|[1-9](?=/))(?P=sep)"
               r"(?P<d>[12]\d|3[01]|0[1-9]|[1-9](?=/))(?!\d)"),
    # /stories/202310250573.html: a day run into the page's serial number of that day (four digits, then the end)
    re.compile(r"/(?P<y>(?:19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>[12]\d|3[01]|0[1-9])\d{4}(?=\.\w+$|/?$)"),
    # /2015/jul/14/, 2015_jul_14, 2015-July-14
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[/_-](?P<mon>" + _URL_MONTH + r")[/_-](?P<d>[12]\d|3[01]|0?[1-9])(?!\d)",
               re.IGNORECASE),
    # 06-May-2019, 14_jul_2015
    re.compile(r"(?<!\d)(?P<d>[12]\d|3[01]|0?[1-9])[/_-](?P<mon>" + _URL_MONTH + r")[/_-](?P<y>(?:19|20)\d\d)(?!\d)",
               re.IGNORECASE),
)
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"')\]]+")
_WD = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_MONTH_WORD = "|".join(sorted(MONTHS, key=len, reverse=True))
# A header date with its weekday but no year: "Mon, Jul 13", "Sunday 12 July"; the weekday pins the year.
_NO_YEAR = re.compile(r"\b(?P<wd>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(?:(?P<m1>" + _MONTH_WORD + r")\.?\s+"
                      r"(?P<d1>[12]\d|3[01]|0?[1-9])|(?P<d2>[12]\d|3[01]|0?[1-9])\s+(?P<m2>" + _MONTH_WORD + r"))\b"
                      r"(?!,?\s+(?:19|20)\d\d)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A date the page gives for itself, with its evidence."""

    date: dt.date
    kind: str                       # header | url | url-in-text
    cue: str = ""                   # published | updated | meta (a leaked "date" field) | "" (no cue)
    line: int = 0                   # which header line (0 = the first)
    other: dt.date | None = None    # the other reading of an ambiguous day/month, if it is a date too


def url_dates(url: str | None) -> list[dt.date]:
    """Full dates written in a URL, in the order they appear."""
    if not url:
        return []
    found = []
    for pattern in _URL_PATTERNS:
        for m in pattern.finditer(url):
            month = int(m["m"]) if "m" in m.groupdict() and m["m"] else MONTHS.get((m["mon"] or "").lower())
            d = safe_date(int(m["y"]), month or 0, int(m["d"]))
            if d:
                found.append((m.start(), d))
    query = _query_date(url)
    if query:
        found.append((url.index("?"), query))
    return [d for _, d in sorted(found, key=lambda x: x[0])]


_QUERY_PARTS = {"y": ("yyyy", "year", "y"), "m": ("mm", "month", "m"), "d": ("dd", "day", "d")}


def _query_date(url: str) -> dt.date | None:
    """The date that a URL's query gives in three parameters ("?yyyy=2023&mm=10&dd=26", "year=...&month=...")."""
    if "?" not in url:
        return None
    params = {k.lower(): v[0] for k, v in parse_qs(urlsplit(url).query).items() if v}
    parts = {}
    for part, names in _QUERY_PARTS.items():
        value = next((params[n] for n in names if n in params), None)
        if value is None or not value.isdigit():
            return None
        parts[part] = int(value)
    if not 1900 <= parts["y"] <= 2099:
        return None
    return safe_date(parts["y"], parts["m"], parts["d"])


# A month without its day: "/2015/07/greece-misses", "/news-february-2020/", "/2015-07/13/content" (the
# day, if any, is read by url_dates).
_URL_MONTHS = (                   # whole path segments only: not "theresa-may-2018-speech", "2015-10-point-plan"
    re.compile(r"/(?P<y>(?:19|20)\d\d)(?:/|[_-](?=(?:0[1-9]|1[0-2])/))(?P<m>0[1-9]|1[0-2])/"),
    re.compile(r"/(?:[a-z]+-)?(?P<mon>" + "|".join(sorted((m for m in MONTHS if len(m) >= 3), key=len, reverse=True))
               + r")[_-](?P<y>(?:19|20)\d\d)/", re.IGNORECASE),
)


def url_month(url: str | None) -> tuple[int, int] | None:
    """(year, month) that a URL's path gives without a day (a dated URL gives its day: see url_dates)."""
    if not url:
        return None
    for pattern in _URL_MONTHS:
        m = pattern.search(url)
        if m:
            month = int(m["m"]) if "m" in m.groupdict() and m["m"] else MONTHS.get(m["mon"].lower())
            if month:
                return int(m["y"]), month
    return None


def _header_lines(raw: str) -> list[str]:
    return [ln.strip() for ln in raw.split("\n") if ln.strip()][:HEADER_LINES]


_OPENING = {"on", "since", "by", "in", "until", "from", "after", "before", "as of", "through"}


def _placed(line: str, start: int, end: int) -> bool:
    """Whether a date at line[start:end] can be the page's own: a short line, or the line's start or end; not the
    start of a sentence that a preposition opens ("On 22 July 2022, the four parties signed ..."): the text's."""
    if len(line) <= _SHORT_LINE:
        return True
    opens = start <= 25 and line[:start].strip().lower() not in _OPENING
    return opens or len(line) - end <= 25


def _cue(line: str, start: int) -> str:
    if _META_FIELD.fullmatch(line[:start]):
        return "meta"                             # " date 2020-02-13" leaked from a crawler's record, not the page
    before = line[max(0, start - 40):start]
    if _UPDATED.search(before):
        return "updated"
    if _PUBLISHED.search(before):
        return "published"
    return ""


_TWELVE_HOUR = re.compile(r",?\s+\d{1,2}:\d\d(?::\d\d)?\s*[ap]\.?m\b", re.IGNORECASE)


def _numeric_order(raw: str) -> str | None:
    """"dmy" or "mdy" when the page shows which order it writes numeric dates in, else None."""
    votes = {"dmy": 0, "mdy": 0}
    for m in _NUMERIC.finditer(raw[:4000]):
        a, b = int(m["a"]), int(m["b"])
        if m["sep"] == "." or a > 12 >= b:
            votes["dmy"] += 1
        elif b > 12 >= a or m["sep"] == "/" and _TWELVE_HOUR.match(raw, m.end()):
            votes["mdy"] += 1                # "11/10/2023 10:10:33 AM": a 12-hour clock goes with month first
    if votes["dmy"] != votes["mdy"]:
        return max(votes, key=votes.get)
    return None


def _year(y: str) -> int:
    return int(y) if len(y) == 4 else 2000 + int(y)


def _numeric(m: re.Match, order: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The reading of a numeric date (and the other reading when it stays ambiguous)."""
    a, b, year = int(m["a"]), int(m["b"]), _year(m["y"])
    dmy, mdy = safe_date(year, b, a), safe_date(year, a, b)
    if not dmy or not mdy or dmy == mdy:
        return dmy or mdy, None
    if m["sep"] == "." or order == "dmy":
        return dmy, None                 # dotted dates are day first wherever they are written
    if order == "mdy":
        return mdy, None
    return dmy, mdy                      # undecided: day first, the other reading kept


def _caption(line: str) -> bool:
    """Whether a line tells of a picture (its caption, its credit or its file): its date is the picture's."""
    return _CAPTION.search(line) is not None or picture_file(line.strip())


def header_candidates(raw: str) -> list[Candidate]:
    """Every full date in the page's first lines (captions left out), with its cue and line."""
    out: list[Candidate] = []
    order = _numeric_order(raw)
    for n, line in enumerate(_header_lines(raw)):
        if _caption(line):
            continue
        line = _GLUED_YEAR.sub(r"\1 ", line)
        taken: list[tuple[int, int]] = []

        def add(start: int, end: int, d: dt.date | None, other: dt.date | None = None) -> None:
            if d is None or any(s < end and start < e for s, e in taken) or not _placed(line, start, end):
                return
            taken.append((start, end))
            out.append(Candidate(d, "header", _cue(line, start), n, other))

        for m in _ISO.finditer(line):
            add(m.start(), m.end(), safe_date(int(m["y"]), int(m["m"]), int(m["d"])))
        for m in _DATE.finditer(line):
            if m["year"]:
                month = MONTHS[(m["month"] or m["month2"]).lower().rstrip(".")]
                add(m.start(), m.end(), safe_date(int(m["year"]), month, int(m["day"] or m["day2"])))
        for m in _NUMERIC.finditer(line):
            d, other = _numeric(m, order)
            add(m.start(), m.end(), d, other)
        for m in _OTHER_MONTH.finditer(line):
            if m["month"].lower().rstrip(".") in MONTHS:
                continue
            add(m.start(), m.end(), _foreign(m.group(0)))
    out.sort(key=lambda c: c.line)
    return out


def _foreign(text: str) -> dt.date | None:
    """A date with a month name in another language ("16 января 2015", "5 juillet 2015")."""
    import dateparser

    parsed = dateparser.parse(text, settings={"REQUIRE_PARTS": ["day", "month", "year"],
                                              "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date() if parsed else None


def text_url_candidates(raw: str) -> Iterator[Candidate]:
    """Dates in the URLs a page's first lines name ("the original at http://.../2015/jun/27/...")."""
    for n, line in enumerate(_header_lines(raw)):
        for m in _URL_IN_TEXT.finditer(line):
            for d in url_dates(m.group(0)):
                yield Candidate(d, "url-in-text", "", n)
                break


def weekday_pinned(raw: str, near_year: int) -> dt.date | None:
    """A header date written with its weekday but no year ("Mon, Jul 13"): the year nearest the
    story's in which that day falls on that weekday (within three years), else None."""
    for line in _header_lines(raw):
        if _caption(line):
            continue
        for m in _NO_YEAR.finditer(line):
            if not _placed(line, m.start(), m.end()):
                continue
            month = MONTHS[(m["m1"] or m["m2"]).lower()]
            day, weekday = int(m["d1"] or m["d2"]), _WD[m["wd"][:3].lower()]
            for year in sorted(range(near_year - 3, near_year + 4), key=lambda y: (abs(y - near_year), -y)):
                d = safe_date(year, month, day)
                if d and d.weekday() == weekday:
                    return d
    return None
