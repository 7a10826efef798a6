"""Flat tables of the story record: CSV, Parquet and a TimelineJS 3 timeline.

The JSON export (`parley.export`, see views/export.py) nests sources and histories
inside events and positions. Here it is flattened into the tables of `TABLES`:
articles, actors, events, event_sources, event_history, quotes, positions and
position_history; the child tables point at their parent by id (`event`, `position`)
and keep the record's order in `seq` (histories) or in row order (sources).

CSV (`write_csv`): one `<table>.csv` per table, UTF-8, a header row, written with the
csv module (RFC 4180 quoting, CRLF line ends). List-valued columns (aliases, titles,
actors, wordings, clashes_with, meets) are written as JSON arrays (`["a", "b"]`, `[]`);
None is written as the empty string, so a reader cannot tell None from "" in a string
column; integers are written in decimal. A text cell that a spreadsheet would run as a
formula (it starts with =, +, -, @, a tab or a carriage return, as in '=HYPERLINK("http://x")'
or a quote "-5 degrees") is written with one apostrophe in front, as the OWASP CSV-injection
guidance says; `csv_unsafe` removes it again. Numbers in integer columns are never changed,
and Parquet (typed) stores every value as it is. Into a folder, or into one zip when the
output path ends with ".zip"; the zip uses fixed timestamps and permissions, so the
same record gives a byte-identical file.

Parquet (`write_parquet`): one `<table>.parquet` per table with an explicit schema from
`TABLES` (string, int64, double, bool, date32, list<string>; every column nullable), so the
types survive a round trip. Every actor id has the actor's name beside it, every `when` its
calendar day (`day`, where the value names one; ISO in CSV). `write_csv(..., excel=True)`
starts each file with the UTF-8 byte order mark for Excel.

`timelinejs` builds the JSON that TimelineJS 3 reads: one slide per event that has a
calendar date.
"""
from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

from ..link.window import period_span
from .chart import calendar_day

STRING, INT, FLOAT, BOOL, STRINGS, DATE = "string", "int64", "double", "bool", "list<string>", "date32"

TABLES: dict[str, list[tuple[str, str]]] = {
    "articles": [("id", STRING), ("title", STRING), ("url", STRING), ("file", STRING), ("published", STRING),
                 ("language", STRING), ("status", STRING), ("reason", STRING), ("source", STRING),
                 ("published_by", STRING), ("outlet", STRING), ("copy_of", STRING), ("background", BOOL),
                 ("published_day", DATE)],
    "actors": [("id", STRING), ("name", STRING), ("kind", STRING), ("aliases", STRINGS), ("titles", STRINGS),
               ("country", STRING)],
    "events": [("id", STRING), ("type", STRING), ("text", STRING), ("label", STRING), ("salience", FLOAT),
               ("actors", STRINGS), ("actor_names", STRINGS), ("where", STRING), ("where_name", STRING),
               ("when", STRING), ("day", DATE), ("status", STRING), ("background", BOOL),
               ("independent_sources", INT)],
    "event_sources": [("event", STRING), ("article", STRING), ("start", INT), ("end", INT)],
    "event_history": [("event", STRING), ("seq", INT), ("status", STRING), ("when", STRING), ("day", DATE),
                      ("article", STRING)],
    "quotes": [("id", STRING), ("speaker", STRING), ("speaker_name", STRING), ("speaker_text", STRING),
               ("text", STRING), ("kind", STRING), ("cue", STRING), ("when", STRING), ("day", DATE),
               ("article", STRING), ("start", INT), ("end", INT), ("background", BOOL)],
    "positions": [("id", STRING), ("party", STRING), ("party_name", STRING), ("issue", STRING), ("issue_label", STRING),
                  ("wordings", STRINGS), ("stance", STRING), ("when", STRING), ("day", DATE),
                  ("clashes_with", STRINGS), ("meets", STRINGS)],
    "position_history": [("position", STRING), ("seq", INT), ("stance", STRING), ("when", STRING), ("day", DATE),
                         ("issue", STRING), ("speaker", STRING), ("speaker_name", STRING), ("article", STRING),
                         ("start", INT), ("end", INT)],
}

# A fixed timestamp for zip members (the earliest a zip can hold), for byte-identical zips.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _cell(value: Any, kind: str) -> Any:
    """`value` as the Python type of the column `kind` (None stays None; a missing list is [])."""
    if kind == STRINGS:
        return [str(v) for v in value or []]
    if value is None:
        return None
    if kind == BOOL:
        return bool(value)
    if kind == FLOAT:
        return float(value)
    if kind == DATE:
        return value if isinstance(value, dt.date) else None
    return int(value) if kind == INT else str(value)


def _row(table: str, item: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """One row of `table` from the dict `item` (plus `extra` columns), typed per TABLES."""
    src = {**item, **extra}
    return {col: _cell(src.get(col), kind) for col, kind in TABLES[table]}


def rows(record: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The record flattened into the tables of TABLES, in the record's order; every table is present.
    Each actor id has its name beside it (`actor_names`, `speaker_name`, `party_name`, `where_name`) and
    each `when` its calendar day (`day`, a date where the value names one)."""
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    names = {a.get("id"): a.get("name") for a in record.get("actors") or []}
    out["articles"] = [_row("articles", a, published_day=calendar_day(a.get("published"))) for a in record.get("articles") or []]
    out["actors"] = [_row("actors", a) for a in record.get("actors") or []]
    out["quotes"] = [_row("quotes", q, speaker_name=names.get(q.get("speaker")), day=calendar_day(q.get("when")))
                     for q in record.get("quotes") or []]
    for event in record.get("events") or []:
        out["events"].append(_row("events", event, actor_names=[names.get(a) or "" for a in event.get("actors") or []],
                                  where_name=names.get(event.get("where")), day=calendar_day(event.get("when"))))
        for source in event.get("sources") or []:
            out["event_sources"].append(_row("event_sources", source, event=event["id"]))
        for seq, step in enumerate(event.get("history") or []):
            out["event_history"].append(_row("event_history", step, event=event["id"], seq=seq,
                                             day=calendar_day(step.get("when"))))
    for position in record.get("positions") or []:
        out["positions"].append(_row("positions", position, party_name=names.get(position.get("party")),
                                     day=calendar_day(position.get("when"))))
        for seq, step in enumerate(position.get("history") or []):
            out["position_history"].append(_row("position_history", step, position=position["id"], seq=seq,
                                                speaker_name=names.get(step.get("speaker")),
                                                day=calendar_day(step.get("when"))))
    return out


# A text cell a spreadsheet would read as a formula: it starts with = + - @, a tab or a carriage
# return (OWASP, "CSV Injection"), possibly behind the apostrophes this module adds.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def csv_safe(text: str) -> str:
    """A text cell as a spreadsheet shows it as text: one ' in front of a formula-like start.

    "=HYPERLINK(...)" becomes "'=HYPERLINK(...)", "-5" in a text column "'-5"; a value that
    already starts with apostrophes before such a character gets one more, so `csv_unsafe`
    gives every value back exactly.
    """
    return "'" + text if _FORMULA.match(text) else text


def csv_unsafe(cell: str) -> str:
    """The value `csv_safe` was given (for a tool reading a text column of these CSV files)."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell[1:]) else cell


def _csv_cell(value: Any, kind: str) -> Any:
    if kind == DATE:
        return value.isoformat() if value is not None else ""
    if kind == STRINGS:
        return json.dumps(value, ensure_ascii=False)      # starts with "[": never a formula
    if value is None:
        return ""
    if kind == INT:
        return value                                      # a number stays a number, negative ones too
    if kind == BOOL:
        return "true" if value else "false"
    if kind == FLOAT:
        return repr(float(value))                         # a number stays a number
    return csv_safe(str(value))


def _csv_text(table: str, table_rows: list[dict[str, Any]]) -> str:
    """The CSV text of one table: header, then rows; lists as JSON arrays, None as "", text cells csv_safe."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([col for col, _ in TABLES[table]])
    for row in table_rows:
        writer.writerow([_csv_cell(row[col], kind) for col, kind in TABLES[table]])
    return buf.getvalue()


def write_csv(record: dict[str, Any], out: Path, *, excel: bool = False) -> list[Path]:
    """Write one CSV per table into the folder `out` (created), or into the zip `out` if it ends with ".zip";
    with `excel`, each file starts with the UTF-8 byte order mark, by which Excel knows the encoding.

    Returns the CSV paths written, in TABLES order, or [out] for a zip.
    """
    out = Path(out)
    tables = rows(record)
    encoding = "utf-8-sig" if excel else "utf-8"
    if out.suffix.lower() == ".zip":
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for table in TABLES:
                info = zipfile.ZipInfo(f"{table}.csv", date_time=_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # Unix, whatever the platform writing it
                info.external_attr = 0o100644 << 16
                archive.writestr(info, _csv_text(table, tables[table]).encode(encoding))
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        path = out / f"{table}.csv"
        path.write_bytes(_csv_text(table, tables[table]).encode(encoding))
        written.append(path)
    return written


def _arrow_schema(table: str):
    """The pyarrow schema of `table` from TABLES (every field nullable)."""
    import pyarrow as pa

    types = {STRING: pa.string(), INT: pa.int64(), FLOAT: pa.float64(), BOOL: pa.bool_(),
             STRINGS: pa.list_(pa.string()), DATE: pa.date32()}
    return pa.schema([pa.field(col, types[kind], nullable=True) for col, kind in TABLES[table]])


def write_parquet(record: dict[str, Any], out: Path) -> list[Path]:
    """Write one `<table>.parquet` per table into the folder `out` (created); returns the paths."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table, table_rows in rows(record).items():
        schema = _arrow_schema(table)
        data = pa.Table.from_pylist(table_rows, schema=schema)
        path = out / f"{table}.parquet"
        pq.write_table(data, path)
        written.append(path)
    return written


# A calendar date prefix of a TIMEX3 value: YYYY, YYYY-MM, YYYY-MM-DD[THH[:MM[:SS]] | TMO/TAF/TEV/TNI],
# or an ISO week YYYY-Www[-D]; anything after it (a span's "/END", "-WE", ...) is ignored.
_WHEN = re.compile(
    r"(?P<y>\d{4})(?:-W(?P<w>\d{2})(?:-(?P<wd>[1-7]))?"
    r"|-(?P<m>\d{2})(?:-(?P<d>\d{2})(?:T(?:(?P<H>\d{2})(?::(?P<M>\d{2})(?::\d{2}(?:\.\d+)?)?)?"
    r"|(?P<pod>MO|AF|EV|NI)))?)?)?(?![\d:])")
_PART_OF_DAY = {"MO": 9, "AF": 15, "EV": 19, "NI": 22}


def _date_parts(when: str | None) -> dict[str, int] | None:
    """The known calendar parts (year, month, day, hour, minute) at the start of `when`, or None.

    A week maps to the Monday of that ISO week (or its given weekday); a part of day
    (MO/AF/EV/NI) to the hour 9/15/19/22. Impossible dates give None.
    """
    period = period_span((when or "").split("/")[0])
    if period is not None:                       # a quarter, half, season or decade: from its first month
        return {"year": period[0].year, "month": period[0].month} if period[0].year >= 1 else None
    match = _WHEN.match(when or "")
    if not match:
        return None
    g = match.groupdict()
    try:
        year = int(g["y"])
        if g["w"]:
            day = dt.date.fromisocalendar(year, int(g["w"]), int(g["wd"] or 1))
            return {"year": day.year, "month": day.month, "day": day.day}
        parts = {"year": year}
        if g["m"]:
            parts["month"] = int(g["m"])
            dt.date(year, parts["month"], int(g["d"] or 1))
        if g["d"]:
            parts["day"] = int(g["d"])
        if g["H"]:
            parts["hour"] = int(g["H"])
            if g["M"]:
                parts["minute"] = int(g["M"])
            dt.time(parts["hour"], parts.get("minute", 0))
        elif g["pod"]:
            parts["hour"] = _PART_OF_DAY[g["pod"]]
    except (ValueError, OverflowError):
        return None
    return parts if 1 <= year else None


def _sort_key(parts: dict[str, int]) -> tuple[int, ...]:
    return (parts["year"], parts.get("month", 0), parts.get("day", 0), parts.get("hour", -1), parts.get("minute", -1))


def _party_of(event: dict[str, Any], salience: dict[str, float], names: dict[str, str], places: set[str]) -> str:
    """The lane of an event: the most salient of its actors that is not a place, else "Other"."""
    ranked = sorted((a for a in event.get("actors") or [] if a not in places), key=lambda a: (-salience.get(a, 0.0), a))
    return names.get(ranked[0], ranked[0]) if ranked else "Other"


def _history_html(event: dict[str, Any]) -> str:
    steps = []
    for h in event.get("history") or []:
        step = f"{h.get('status') or ''}" + (f" ({h['when']})" if h.get("when") else "")
        if not steps or steps[-1] != step:
            steps.append(step)
    return " &rarr; ".join(html.escape(s) for s in steps)


def timelinejs(record: dict[str, Any]) -> dict[str, Any]:
    """The record's dated events as a TimelineJS 3 JSON object (title slide plus one slide per event).

    Each slide has start_date (only the known parts, as strings), an end_date for a span
    "START/END" whose end is a later date, text {headline: the event's label, text: the sentence
    it is taken from, the outlet with a link to the article, the status history, the actors}
    HTML-escaped, group (the event's most salient party, `_party_of`) and unique_id (the event
    id). Events without a calendar date are left out.
    """
    names = {a["id"]: a.get("name") or a["id"] for a in record.get("actors") or []}
    salience = {a["id"]: float(a.get("salience") or 0.0) for a in record.get("actors") or []}
    places = {a["id"] for a in record.get("actors") or [] if a.get("kind") == "place"}
    articles = {a["id"]: a for a in record.get("articles") or []}
    slides = []
    for event in record.get("events") or []:
        when = event.get("when") or ""
        start = _date_parts(when)
        if start is None:
            continue
        body = []
        evidence = event.get("evidence") or {}
        if evidence.get("sentence"):
            body.append(f"<blockquote>{html.escape(' '.join(str(evidence['sentence']).split()))}</blockquote>")
        article = articles.get(evidence.get("article") or ((event.get("sources") or [{}])[0]).get("article"), {})
        outlet = article.get("outlet") or article.get("title") or article.get("file") or ""
        url = str(article.get("url") or "")
        if outlet and url.lower().startswith(("http://", "https://")):
            body.append(f'<p>Source: <a href="{html.escape(url, quote=True)}">{html.escape(str(outlet))}</a>'
                        + (f" ({html.escape(str(article['published']))})" if article.get("published") else "")
                        + "</p>")
        elif outlet:
            body.append(f"<p>Source: {html.escape(str(outlet))}</p>")
        body.append(f"<p>Status: {_history_html(event) or html.escape(str(event.get('status') or ''))}</p>")
        actors = [names.get(a, a) for a in event.get("actors") or []]
        if actors:
            body.append(f"<p>Actors: {html.escape(', '.join(actors))}</p>")
        if event.get("where"):
            body.append(f"<p>Where: {html.escape(names.get(event['where'], event['where']))}</p>")
        slide = {
            "start_date": {k: str(v) for k, v in start.items()},
            "text": {"headline": html.escape(str(event.get("label") or event.get("text") or "")), "text": "".join(body)},
            "group": _party_of(event, salience, names, places),
            "unique_id": event["id"],
        }
        end = _date_parts(when.partition("/")[2]) if "/" in when else None
        if end is not None and _sort_key(end) > _sort_key(start):
            slide["end_date"] = {k: str(v) for k, v in end.items()}
        slides.append((_sort_key(start), event["id"], slide))
    slides.sort(key=lambda s: (s[0], s[1]))
    events = [s[2] for s in slides]
    ok = sum(1 for a in record.get("articles") or [] if a.get("status") == "ok")
    span = ""
    if slides:
        first, last = ("-".join(f"{int(v):02d}" for v in list(s[2]["start_date"].values())[:3])
                       for s in (slides[0], slides[-1]))
        span = f", {first} to {last}"
    return {
        "title": {"text": {"headline": "Timeline of the story",
                           "text": html.escape(f"{len(events)} dated events from {ok} articles{span}")}},
        "events": events,
    }
