"""What a hostile review found in the views, each reproduced and pinned:

1. CSV cells a spreadsheet would run as a formula (=, +, -, @, tab, CR) are written with a
   leading apostrophe (OWASP CSV injection); numbers stay numbers; Parquet keeps the values.
2. An article URL that is not http(s) (javascript:, data:, vbscript:, ...) is never an href in
   the web app or the HTML briefing, and never reaches the TimelineJS export.
3. Dates at the edge of the calendar (0001-01-01, 9999-12-31, 9999-W52) and odd TIMEX values
   never crash the time tagger, `parley extract`, the web timeline (any zoom), the briefing,
   its chart, `parley timeline`, `parley changes` or the TimelineJS export.

The web app is driven in process through FastAPI's TestClient (no browser needed).
"""
from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

import parley
import parley.api
from parley.extract.time import find_times
from parley.store import open_store
from parley.views import brief
from parley.views.changes import changes, plain as changes_plain
from parley.views.chart import COLOURS, timeline_svg
from parley.views.tables import TABLES, rows, timelinejs, write_csv, write_parquet
from parley.views.timeline import plain as timeline_plain, rich_table, timeline_rows

HYPERLINK = '=HYPERLINK("http://x","click")'
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BAD_URLS = ["javascript:alert(1)", "data:text/html,<script>alert(2)</script>", " JaVa\tScRiPt:alert(3)",
            "vbscript:msgbox(4)"]
GOOD_URL = "https://example.org/ok"


def _cli(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "parley.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def _jsonl(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(x) + "\n" for x in items), encoding="utf-8")
    return path


class _Links(HTMLParser):
    """Every href and src in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.urls += [v or "" for k, v in attrs if k in ("href", "src", "action", "formaction", "xlink:href")]


def _hrefs(page: str) -> list[str]:
    parser = _Links()
    parser.feed(page)
    return parser.urls


def _assert_only_safe_links(page: str) -> list[str]:
    """Every link in `page` stays in the app ("/...", "#...", "?...") or is absolute http(s)."""
    urls = _hrefs(page)
    for url in urls:
        squeezed = re.sub(r"[\x00-\x20]", "", url).lower()
        assert not squeezed.startswith(("javascript:", "data:", "vbscript:")) or url == "data:,", url
        assert url.startswith(("/", "#", "?")) or re.match(r"https?://[^/]", url) or url == "data:,", url
    return urls


# -- stores -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    """Articles whose titles, quotes and URLs are hostile (formula cells, script URLs), one safe URL."""
    root = tmp_path_factory.mktemp("hostile")
    items = [
        {"url": BAD_URLS[0], "title": HYPERLINK, "published": "2015-12-10",
         "text": HYPERLINK + "\n\nPARIS - India and France met on Thursday in Paris. Ana Torres said: "
                             "\"=1+2 is not the deal we want.\" Laurent Fabius said: \"-5 percent is too little.\""},
        {"url": BAD_URLS[1], "title": "+Talks resume", "published": "2015-12-11",
         "text": "+Talks resume\n\nPARIS - Ministers from India and France met on Friday. "
                 "They will sign the accord next week."},
        {"url": BAD_URLS[2], "title": "@Summit ends", "published": "2015-12-12",
         "text": "@Summit ends\n\nPARIS - India and France ended the summit on Saturday. "
                 "Ana Torres said: \"@everyone we are done.\""},
        {"url": BAD_URLS[3], "title": "-Deal signed", "published": "2015-12-13",
         "text": "-Deal signed\n\nPARIS - India and France signed the deal on Sunday."},
        {"url": GOOD_URL, "title": "Safe link", "published": "2015-12-14",
         "text": "Safe link\n\nPARIS - India and France met again on Monday."},
    ]
    db = root / "story.db"
    report = parley.ingest([_jsonl(root / "hostile.jsonl", items)], db=db)
    assert report.exit_code == 0, report
    return db


EDGE_ARTICLES = [
    {"url": "https://example.org/end", "title": "Talks at the end of time", "published": "9999-12-20",
     "text": "Talks at the end of time\n\nChile and Peru will hold talks next week in Lima, the ministry said "
             "on Sunday. Ana Torres said the ministers met yesterday and will sign the accord tomorrow."},
    {"url": "https://example.org/last", "title": "The last day", "published": "9999-12-31",
     "text": "The last day\n\nChile and Peru will meet tomorrow and will sign the accord next week. "
             "The ministers met yesterday in Lima and will meet again next Monday."},
    {"url": "https://example.org/first", "title": "The first day", "published": "0001-01-01",
     "text": "The first day\n\nChile and Peru met yesterday in Lima and will sign the accord tomorrow. "
             "The talks collapsed last week and resumed last Friday."},
]

# Values an event's date may hold: valid at the calendar's edges, impossible, or TIMEX codes.
ODD_WHENS = ["9999-W52", "9999-W52-WE", "9999-W52-7", "9999-12-31", "9999-12-31T23:59", "9999-12-31TEV",
             "9999-12", "9999", "0001-01-01", "0001-W01", "0001", "PRESENT_REF", "FUTURE_REF", "2015-SU",
             "XXXX-06-01", "XXXX-WXX-3", "0000-01-01", "2015-13-45", "2014-W53", "10000-01-01",
             "9999-12-31/10000-01-02", "0001-01-01/9999-12-31", "P1W", "T10:00"]
IMPOSSIBLE = ["PRESENT_REF", "FUTURE_REF", "XXXX-06-01", "XXXX-WXX-3", "0000-01-01", "2015-13-45", "2014-W53",
              "10000-01-01", "P1W", "T10:00"]


@pytest.fixture(scope="module")
def edge_db(tmp_path_factory) -> dict:
    """Articles published on 0001-01-01 and 9999-12-xx, plus events carrying every value of ODD_WHENS."""
    root = tmp_path_factory.mktemp("edge")
    db = root / "story.db"
    report = parley.ingest([_jsonl(root / "edge.jsonl", EDGE_ARTICLES)], db=db)
    assert report.exit_code == 0, report
    with open_store(db) as store:
        events = store.events()
        normal = next(e for e in events if e["when"] and e["when"][:4] == "0001")
        first = normal["sources"][0]["article"]
        other = next(a["id"] for a in store.articles() if a["id"] != first)
        odd = []
        for i, when in enumerate(ODD_WHENS):
            e = dict(normal, id=f"event-odd{i:03d}", when=when, text=f"odd event {i}", status="planned",
                     sources=[*normal["sources"], {"article": other, "start": 0, "end": 5}])
            e["history"] = [{"status": "planned", "when": "2015-12-01", "article": first},
                            {"status": "planned", "when": when, "article": other}]
            odd.append(e)
        store.replace_events(events + odd)
        articles = sorted(a["id"] for a in store.articles())
    return {"db": db, "normal": [e["id"] for e in events], "odd": {e["id"]: e["when"] for e in odd},
            "articles": articles, "other": other}


# -- 1. CSV injection -----------------------------------------------------------------------------
def _synthetic_record() -> dict:
    return {
        "version": 1,
        "articles": [{"id": "a1", "title": HYPERLINK, "url": "@evil", "file": "+x.txt", "published": "2015-12-10",
                      "language": "en", "status": "ok", "reason": "\tTAB", "source": "\rCR", "published_by": "-1"}],
        "actors": [{"id": "actor-1", "name": "=cmd|' /C calc'!A0", "kind": "person", "aliases": ["=A1", "+B"],
                    "titles": ["-minister"], "country": "@home"}],
        "events": [{"id": "event-1", "type": "MEET", "text": "-5 degrees", "actors": ["actor-1"], "where": "=A1",
                    "when": "2015-12-10", "status": "happened",
                    "sources": [{"article": "a1", "start": -3, "end": 12}],
                    "history": [{"status": "happened", "when": "+2015", "article": "a1"}]}],
        "quotes": [{"id": "quote-1", "speaker": None, "speaker_text": "@someone", "text": "'=already quoted",
                    "kind": "direct", "cue": "-said", "when": None, "article": "a1", "start": -7, "end": 0}],
        "positions": [{"id": "pos-1", "party": "actor-1", "issue": "=SUM(1+1)", "wordings": ["=w"], "stance": "demand",
                       "when": None, "clashes_with": [], "meets": [],
                       "history": [{"stance": "demand", "when": None, "issue": "+issue", "speaker": "actor-1",
                                    "article": "a1", "start": -1, "end": 4}]}],
    }


def _csv_tables(out: Path) -> dict[str, list[dict[str, str]]]:
    if out.suffix == ".zip":
        with zipfile.ZipFile(out) as z:
            texts = {n[:-4]: z.read(n).decode("utf-8") for n in z.namelist()}
    else:
        texts = {p.stem: p.read_bytes().decode("utf-8") for p in out.glob("*.csv")}
    return {name: list(csv.DictReader(io.StringIO(text, newline=""))) for name, text in texts.items()}


@pytest.mark.parametrize("name", ["csv", "tables.zip"])
def test_csv_cells_that_look_like_formulas_are_written_as_text(tmp_path, name):
    record = _synthetic_record()
    out = tmp_path / name
    write_csv(record, out)
    tables = _csv_tables(out)
    article = tables["articles"][0]
    assert article["title"] == "'" + HYPERLINK                     # shown as text by Excel/LibreOffice/Sheets
    assert article["url"] == "'@evil" and article["file"] == "'+x.txt" and article["reason"] == "'\tTAB"
    assert article["source"] == "'\rCR" and article["published_by"] == "'-1"    # a text column: text
    assert article["published"] == "2015-12-10" and article["status"] == "ok"   # ordinary cells unchanged
    assert tables["events"][0]["text"] == "'-5 degrees" and tables["events"][0]["where"] == "'=A1"
    assert tables["event_history"][0]["when"] == "'+2015"
    assert tables["quotes"][0]["text"] == "''=already quoted"           # one more ' so it reads back exactly
    # numbers stay numbers, negative ones too
    assert tables["event_sources"][0]["start"] == "-3" and tables["quotes"][0]["start"] == "-7"
    assert tables["position_history"][0]["start"] == "-1"
    # every text cell of every table is safe to open; list cells are JSON arrays
    for table, table_rows in tables.items():
        kinds = dict(TABLES[table])
        for row in table_rows:
            for col, cell in row.items():
                if kinds[col] == "string":
                    assert not cell.startswith(FORMULA_START), (table, col, cell)
                elif kinds[col] == "list<string>":
                    assert cell.startswith("[")
                elif kinds[col] == "bool":
                    assert cell in ("true", "false", ""), (table, col, cell)    # "": a record without the field
                elif kinds[col] == "double":
                    assert re.fullmatch(r"-?\d+\.\d+(e-?\d+)?|", cell), (table, col, cell)
                elif kinds[col] == "date32":
                    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}|", cell), (table, col, cell)
                else:
                    assert re.fullmatch(r"-?\d+|", cell), (table, col, cell)
    # the values come back exactly with csv_unsafe
    from parley.views.tables import csv_unsafe

    flat = rows(record)
    for table, table_rows in tables.items():
        for got, want in zip(table_rows, flat[table], strict=True):
            for col, kind in TABLES[table]:
                if kind == "string":
                    assert csv_unsafe(got[col]) == (want[col] or ""), (table, col)
                elif kind == "int64":
                    assert (int(got[col]) if got[col] else None) == want[col]
                elif kind == "bool":
                    assert got[col] == ("" if want[col] is None else "true" if want[col] else "false")
                elif kind == "double":
                    assert (float(got[col]) if got[col] else None) == want[col]
                elif kind == "date32":
                    assert (got[col] or None) == (want[col].isoformat() if want[col] else None)
                else:
                    assert json.loads(got[col]) == want[col]


def test_csv_export_of_a_store_with_formula_titles_and_quotes(hostile_db, tmp_path):
    r = _cli("export", "--db", hostile_db, "--format", "csv", "-o", tmp_path / "t.zip")
    assert r.returncode == 0, r.stderr
    tables = _csv_tables(tmp_path / "t.zip")
    titles = {a["title"] for a in tables["articles"]}
    assert "'" + HYPERLINK in titles and "'+Talks resume" in titles and "'@Summit ends" in titles
    assert "'-Deal signed" in titles and "Safe link" in titles
    assert not any(t.startswith(FORMULA_START) for t in titles)
    quotes = {q["text"] for q in tables["quotes"]}
    assert {"'=1+2 is not the deal we want.", "'-5 percent is too little.", "'@everyone we are done."} <= quotes
    for q in tables["quotes"]:
        assert int(q["start"]) >= 0 and int(q["end"]) > int(q["start"])   # numbers, not '-prefixed text


def test_parquet_keeps_the_values_as_they_are(hostile_db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    write_parquet(_synthetic_record(), tmp_path / "syn")
    articles = pq.read_table(tmp_path / "syn" / "articles.parquet").to_pylist()
    assert articles[0]["title"] == HYPERLINK and articles[0]["reason"] == "\tTAB"
    sources = pq.read_table(tmp_path / "syn" / "event_sources.parquet")
    assert str(sources.schema.field("start").type) == "int64" and sources.to_pylist()[0]["start"] == -3
    parley.api.export_files(tmp_path / "pq", db=hostile_db, format="parquet")
    titles = {a["title"] for a in pq.read_table(tmp_path / "pq" / "articles.parquet").to_pylist()}
    assert HYPERLINK in titles and "-Deal signed" in titles
    quotes = {q["text"] for q in pq.read_table(tmp_path / "pq" / "quotes.parquet").to_pylist()}
    assert "=1+2 is not the deal we want." in quotes


# -- 2. script URLs ---------------------------------------------------------------------------------
@pytest.mark.parametrize("url", BAD_URLS + [
    "JAVASCRIPT:alert(1)", "\x01javascript:alert(1)", "java\nscript:alert(1)", "javascript://example.org/%0aalert(1)",
    "data:image/svg+xml;base64,PHN2Zz4=", "file:///etc/passwd", "//evil.example/x", "/relative/path", "ftp://x.org/",
    "https:alert(1)", "http:javascript:alert(1)", "http://[::1", "", None])
def test_only_http_urls_with_a_host_may_be_links(url):
    from parley.views.links import safe_url

    assert safe_url(url) is None


@pytest.mark.parametrize("url", [GOOD_URL, "http://example.org/a?b=1#c", "HTTPS://Example.org/"])
def test_http_urls_stay_links(url):
    from parley.views.links import safe_url

    assert safe_url(url) == url


def test_web_app_shows_script_urls_as_text_never_as_links(hostile_db):
    from fastapi.testclient import TestClient
    from markupsafe import escape

    from parley.web import create_app

    client = TestClient(create_app(hostile_db), raise_server_exceptions=False)
    record = parley.export(db=hostile_db)
    by_url = {a["url"]: a["id"] for a in record["articles"]}
    for url in BAD_URLS:
        page = client.get(f"/article/{by_url[url]}")
        assert page.status_code == 200
        _assert_only_safe_links(page.text)
        assert str(escape(url)) in page.text                       # the URL is still there, as text
    page = client.get(f"/article/{by_url[GOOD_URL]}")
    assert GOOD_URL in _assert_only_safe_links(page.text)          # an http(s) URL is a link
    for path in ("/", "/?zoom=week", "/articles", "/actors", "/quotes", "/positions"):
        page = client.get(path)
        assert page.status_code == 200, path
        _assert_only_safe_links(page.text)


def test_html_briefing_shows_script_urls_as_text_never_as_links(hostile_db):
    story = parley.api.story(db=hostile_db)
    page = brief.to_html(story)
    urls = _assert_only_safe_links(page)
    assert GOOD_URL in urls                                         # the safe source is linked
    for url in BAD_URLS:                                            # the others are text
        assert html.escape(url) in page, url
    assert "data:text/html,&lt;script&gt;alert(2)&lt;/script&gt;" in page and "<script>" not in page
    md = brief.markdown(story)
    assert not re.search(r"\]\(\s*(javascript|data|vbscript):|<(javascript|data|vbscript):", md, re.I)


def test_timelinejs_never_carries_a_script_url(hostile_db):
    out = json.dumps(timelinejs(parley.export(db=hostile_db)))
    assert out.count('"unique_id"') > 0
    for word in ("javascript", "vbscript", "data:text", "alert("):
        assert word not in out.lower()


# -- 3. dates at the edge of the calendar ----------------------------------------------------------
EDGE_TEXT = ("Chile and Peru will meet tomorrow. They met yesterday and will meet next week, next month and next "
             "year, next Monday, last Friday, on Tuesday, in June, this weekend, on Christmas day, Dec 31 and Jan 1 "
             "at 3pm. The talks ran last week and last month and last year.")


def _year_ok(value: str) -> bool:
    return bool(re.match(r"(\d{4}|XXXX)(?!\d)", value)) and not value.startswith("0000")


@pytest.mark.parametrize("anchor", [dt.date.max, dt.date.min, dt.date(9999, 12, 27), dt.date(1, 1, 6)])
def test_time_tagger_at_the_calendar_edges_leaves_impossible_dates_unresolved(anchor):
    found = list(find_times(EDGE_TEXT, anchor=anchor))
    assert found
    by_text = {t.text: t.value for t in found}
    for t in found:
        if t.type != "DURATION":
            assert _year_ok(t.value), t
        if t.type in ("DATE", "TIME") and t.value[:4].isdigit() and re.match(r"\d{4}-\d{2}-\d{2}", t.value):
            dt.date.fromisoformat(t.value[:10])                        # a real calendar day
    if anchor == dt.date.max:
        assert by_text["yesterday"] == "9999-12-30" and "tomorrow" not in by_text
        assert "next week" not in by_text and "next year" not in by_text and "next month" not in by_text
        assert by_text["last week"] == "9999-W51" and by_text["last year"] == "9998"
    if anchor == dt.date.min:
        assert by_text["tomorrow"] == "0001-01-02" and "yesterday" not in by_text
        assert "last week" not in by_text and "last year" not in by_text and "last month" not in by_text
        assert by_text["next week"] == "0001-W02" and by_text["next year"] == "0002"


@pytest.mark.parametrize("anchor", ["9999-12-31", "0001-01-01"])
def test_extract_times_with_an_anchor_at_the_calendar_edge(tmp_path, anchor):
    path = tmp_path / "edge.txt"
    path.write_text("Edge talks\n\n" + EDGE_TEXT + "\n", encoding="utf-8")
    r = _cli("extract", "times", path, "--anchor", anchor)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert records and all(x["anchor"] == anchor for x in records)
    values = {x["text"]: x["value"] for x in records}
    assert values["Dec 31"] == anchor[:4] + "-12-31"
    assert ("tomorrow" in values) == (anchor != "9999-12-31") and ("yesterday" in values) == (anchor != "0001-01-01")


def test_articles_published_at_the_calendar_edge_are_ingested(edge_db):
    record = parley.export(db=edge_db["db"])
    dates = {a["url"]: (a["published"], a["published_by"]) for a in record["articles"]}
    assert dates["https://example.org/first"][0] == "0001-01-01"
    # a publication date after the day of reading is no publication date: ingested, and at most dated
    # by its story (its text is the first article's)
    for url in ("https://example.org/end", "https://example.org/last"):
        assert dates[url] in ((None, None), ("0001-01-01", "inferred-from-story"))
    assert all(a["status"] == "ok" for a in record["articles"])
    whens = {e["when"] for e in record["events"] if e["id"] in edge_db["normal"]}
    assert "0001-W01" in whens or "0001-01-02" in whens              # "tomorrow"/"next week" from 0001-01-01


def test_web_timeline_never_fails_for_one_odd_date(edge_db):
    from fastapi.testclient import TestClient

    from parley.web import create_app

    client = TestClient(create_app(edge_db["db"]), raise_server_exceptions=False)
    for zoom in ("day", "week", "month"):
        for query in ({}, {"from": "0001-01-01", "to": "9999-12-31"}, {"from": "9999-12-01"}):
            page = client.get("/", params={"zoom": zoom, **query})
            assert page.status_code == 200, (zoom, query, page.text[:500])
            assert 'data-event="event-odd000"' in page.text            # 9999-W52 is on the timeline
            if not query:
                for event_id in edge_db["normal"]:                     # and so is everything else
                    assert f'data-event="{event_id}"' in page.text
                undated = page.text.split('data-group="undated"', 1)[1]
                for event_id, when in edge_db["odd"].items():
                    assert f'data-event="{event_id}"' in page.text, when
                    if when in IMPOSSIBLE:
                        assert f'data-event="{event_id}"' in undated, when
    for event_id in edge_db["normal"]:
        assert client.get(f"/event/{event_id}").status_code == 200
    for event_id, when in edge_db["odd"].items():
        page = client.get(f"/event/{event_id}")
        assert page.status_code == 200, when
        assert when in page.text or "undated" in page.text
    for article_id in edge_db["articles"]:
        assert client.get(f"/article/{article_id}").status_code == 200
    week = client.get("/", params={"zoom": "week"}).text
    assert "Week of Mon 27 Dec 9999" in week and "Mon 01 Jan 0001" in week


def test_briefing_chart_timeline_changes_and_timelinejs_survive_odd_dates(edge_db):
    from rich.console import Console

    story = parley.api.story(db=edge_db["db"])
    md, page = brief.markdown(story), brief.to_html(story)
    assert "week 52 of 9999" in md and "week 52 of 9999" in page     # the moved events, by label and their days
    rows_ = timeline_rows(story)
    assert {r["when"] for r in rows_} >= {"9999-W52", "0001-01-01", "9999-12-31T23:59"}
    text = timeline_plain(rows_)
    assert "9999-12-31" in text and "0001-01-01" in text
    Console(file=io.StringIO(), width=160).print(rich_table(rows_))
    assert timeline_rows(story, start="9999-12-01", end="9999-12-31")
    found = changes(story, new_articles={edge_db["other"]})
    assert any("9999-W52" in (c["change"] or "") for c in found["status changes"])
    changes_plain(found)
    svg = timeline_svg(rows_)
    assert svg.startswith("<svg") and "0001-01-01" in svg and "9999-12-31" in svg
    tl = timelinejs(story.record)
    starts = {e["unique_id"]: e["start_date"] for e in tl["events"]}
    assert starts["event-odd000"] == {"year": "9999", "month": "12", "day": "27"}
    assert starts["event-odd008"] == {"year": "1", "month": "1", "day": "1"}
    for i, when in enumerate(ODD_WHENS):
        if when in IMPOSSIBLE:
            assert f"event-odd{i:03d}" not in starts, when


def test_chart_plots_only_real_days():
    rows_ = [{"when": w, "status": "planned", "mark": "", "event": w, "id": w}
             for w in ["9999-12-31", "0001-01-01T10:00", "9999-W52", "2015-W49", "20151205", "2015-13-45",
                       "0000-01-01", "PRESENT_REF", "2015-12"]]
    svg = timeline_svg(rows_)
    assert svg.count("<circle") == 2 + len(COLOURS)                  # two real days, and the legend
    svg = timeline_svg(rows_, window={"start": "2015-12-01", "end": "2015-12-31"})
    assert svg.count("<polygon") == 2                                 # both far outside: arrows at the edges


def test_view_commands_survive_odd_dates(edge_db, tmp_path):
    db = edge_db["db"]
    for args in (["timeline", "--db", db], ["timeline", "--db", db, "--from", "9999-12-01", "--to", "9999-12-31"],
                 ["brief", "--db", db, "--format", "html", "-o", tmp_path / "b.html", "--chart", tmp_path / "c.svg"],
                 ["brief", "--db", db, "-o", tmp_path / "b.md"],
                 ["changes", "--db", db, "--since", "0001-01-01"], ["changes", "--db", db, "--since-last"],
                 ["export", "--db", db, "--format", "timelinejs", "-o", tmp_path / "t.json"]):
        r = _cli(*args)
        assert r.returncode == 0 and "Traceback" not in r.stderr, (args, r.stderr)
    assert json.loads((tmp_path / "t.json").read_text())["events"]
    assert (tmp_path / "c.svg").read_text().startswith("<svg")
