"""Sources are named by their outlet ("Reuters", "theguardian.com"), not by the input file."""
from __future__ import annotations

import json
import re

import pytest

import parley
import parley.api
from parley.views import brief
from parley.views.changes import changes
from parley.views.outlet import outlet_of, registrable_domain, source_label
from parley.views.timeline import plain, timeline_rows


# -- the pure function -----------------------------------------------------------------------------
@pytest.mark.parametrize("url, outlet", [
    ("https://www.reuters.com/article/us-china-trade/x", "Reuters"),
    ("https://apnews.com/article/abc123", "AP"),
    ("https://www.theguardian.com/world/2015/dec/12/paris-climate-deal", "The Guardian"),
    ("https://www.nytimes.com/2015/12/13/world/europe/x.html", "The New York Times"),
    ("https://www.bbc.co.uk/news/world-123", "BBC"),
    ("https://www.bbc.com/news/world-123", "BBC"),
    ("https://m.dw.com/en/x/a-1", "DW"),
    ("https://amp.dw.com/en/x/a-1", "DW"),
    ("https://mobile.reuters.com/x", "Reuters"),
    ("https://edition.cnn.com/2019/05/10/x", "CNN"),
    ("https://www.aljazeera.com/news/2019/5/10/x", "Al Jazeera"),
    ("https://www.washingtonpost.com/world/x", "The Washington Post"),
    ("https://abcnews.go.com/Politics/x", "ABC News"),               # a brand on a sub-domain of go.com
    # unknown outlets: the registrable domain, whatever the sub-domain (edition, section, delivery)
    ("https://uk.news.yahoo.com/video/x.html", "yahoo.com"),
    ("https://www.yahoo.com/news/x.html", "yahoo.com"),
    ("https://www.example-news.com/a/b?c=d#e", "example-news.com"),
    ("http://amp.example-news.com/a", "example-news.com"),
    ("https://news.example.co.uk/x", "example.co.uk"),                 # two-level public suffixes
    ("https://www.example.com.au/x", "example.com.au"),
    ("https://www.example.co.jp/x", "example.co.jp"),
    ("https://a.b.example.org.nz/x", "example.org.nz"),
    ("https://example.co/x", "example.co"),                            # .co alone is a top-level domain
    ("https://someone.blogspot.com/2019/05/x.html", "someone.blogspot.com"),   # each blog its own publisher
    ("https://writer.substack.com/p/x", "writer.substack.com"),
    # spelling: case, ports, credentials, a trailing dot, no scheme
    ("HTTPS://WWW.EXAMPLE-NEWS.COM/X", "example-news.com"),
    ("https://www.example-news.com:8443/x", "example-news.com"),
    ("http://example-news.com:80", "example-news.com"),
    ("https://user:secret@www.example-news.com/x", "example-news.com"),
    ("http://www.example-news.com./x", "example-news.com"),
    ("//www.example-news.com/x", "example-news.com"),
    ("www.example-news.com", "example-news.com"),
    ("example-news.com/2019/05/x", "example-news.com"),
    ("  https://www.example-news.com/x\n", "example-news.com"),
    ("https://www.exam\tple-news.com/x", "example-news.com"),          # a browser drops tabs in a URL
    # internationalised host names: shown as readers write them, from Unicode or from punycode
    ("https://www.bücher.de/x", "bücher.de"),
    ("https://www.xn--bcher-kva.de/x", "bücher.de"),
    ("https://nachrichten.Bücher.DE:8080/x", "bücher.de"),
    ("https://xn--fiqs8s.xn--fiqs8s/x", "中国.中国"),
])
def test_outlet_from_the_url_host(url, outlet):
    assert outlet_of(url, "feed.jsonl") == outlet
    assert outlet_of(url, None) == outlet


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert('x.com')", "java\tscript:alert(1)", " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd", "mailto:desk@reuters.com",
    "ftp://ftp.example-news.com/x",
    "http://192.168.1.10/story", "https://8.8.8.8:443/x", "http://[::1]:8080/x", "http://[2001:db8::1]/x",
    "http://1.2.3.999/", "http://localhost:8000/x", "http://intranet/x",
    "http://[::1", "http:///path-only", "https://", "http://exa mple.com/x", "http://a..b.com/x", "http://-bad-.com/",
    "http://under_score.com/", "http://xn--zz.com/", "http://x\x00y.com/",
    "not a url", "index.html", "../articles/x.html", "/world/2015/x", "?q=1", "#top", "", "   ",
])
def test_no_outlet_from_a_url_that_names_no_host(url):
    assert outlet_of(url, None) is None
    assert outlet_of(url, "feed.jsonl") == "feed.jsonl"               # the input file's name, as before


def test_site_name_wins_and_file_is_the_last_resort():
    assert outlet_of("https://www.example-news.com/x", "f.jsonl", "Example Daily News") == "Example Daily News"
    assert outlet_of(None, None, "  The \n Guardian  ") == "The Guardian"                # whitespace tidied
    assert outlet_of(None, None, "www.reuters.com") == "Reuters"      # a site name that is a host: read as one
    assert outlet_of("https://www.reuters.com/x", "f.jsonl", "") == "Reuters"           # empty site name: none
    assert outlet_of("https://www.reuters.com/x", None, "   ") == "Reuters"
    assert outlet_of(None, "uschina.jsonl") == "uschina.jsonl"
    assert outlet_of(None, "corpus/part/uschina.jsonl") == "uschina.jsonl"
    assert outlet_of("javascript:alert(1)", "page.html") == "page.html"
    assert outlet_of(None, None) is None
    assert outlet_of("", "") is None
    assert outlet_of(None, "  ") is None
    assert outlet_of(12, None) is None                                  # not a string: no outlet, no crash
    assert len(outlet_of(None, None, "x " * 500)) <= 120


def test_registrable_domain():
    assert registrable_domain("uk.news.yahoo.com") == "yahoo.com"
    assert registrable_domain("www.bbc.co.uk") == "bbc.co.uk"
    assert registrable_domain("co.uk") == "co.uk"
    assert registrable_domain("news.com.au") == "news.com.au"
    assert registrable_domain("www3.nhk.or.jp") == "nhk.or.jp"


def test_source_label():
    assert source_label({"outlet": "Reuters", "published": "2019-05-10"}) == "Reuters (2019-05-10)"
    assert source_label({"outlet": "Reuters", "published": None}) == "Reuters"
    assert source_label({"url": "https://www.dw.com/x", "published": None}, undated="undated") == "DW (undated)"
    assert source_label({}, "abc12345") == "abc12345"


# -- through a store: the export, the timeline, the briefing, changes -------------------------------
TEXT_A = ("WASHINGTON (May 10, 2019) - The United States raised tariffs on Chinese goods on Friday, and the talks "
          "in Washington ended without a deal. Robert Lighthizer said: \"The talks will continue next week.\" "
          "Liu He will meet Lighthizer in Beijing on May 20.")
TEXT_B = ("BEIJING (May 11, 2019) - China vowed to retaliate on Saturday after the United States raised tariffs "
          "on Friday. Liu He said: \"China will never give in on matters of principle.\" The talks in Washington "
          "ended without a deal on Friday.")


@pytest.fixture(scope="module")
def outlet_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("outlets")
    lines = [
        {"url": "https://www.reuters.com/article/us-usa-trade-china/talks-end", "title": "Talks end without a deal",
         "published": "2019-05-10", "text": TEXT_A},
        {"url": "https://uk.news.yahoo.com/china-vows-retaliation-093000123.html", "title": "China vows to retaliate",
         "published": "2019-05-11", "text": TEXT_B},
    ]
    (folder / "uschina.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    db = folder / "s.db"
    parley.ingest([folder / "uschina.jsonl"], db=db)
    return db


def test_export_carries_the_outlet(outlet_db):
    record = parley.export(db=outlet_db)
    by_title = {a["title"]: a for a in record["articles"]}
    assert by_title["Talks end without a deal"]["outlet"] == "Reuters"
    assert by_title["China vows to retaliate"]["outlet"] == "yahoo.com"
    assert all("outlet" in a for a in record["articles"])
    assert all(a["file"] == "uschina.jsonl" for a in record["articles"])     # the file stays, as its own field


def test_timeline_brief_and_changes_name_the_outlet_not_the_file(outlet_db):
    story = parley.api.story(db=outlet_db)
    rows = timeline_rows(story)
    assert rows
    named = {s for r in rows for s in r["sources"]}
    assert named and named <= {"Reuters (2019-05-10)", "yahoo.com (2019-05-11)"}
    text = plain(rows)
    assert "uschina.jsonl" not in text and ("Reuters (2019-05-10)" in text or "yahoo.com (2019-05-11)" in text)

    md = brief.markdown(story)
    notes = re.findall(r"^\[\^\d+\]: (.*)$", md, flags=re.M)
    assert notes and "uschina.jsonl" not in md
    assert all(n.startswith(("Reuters (2019-05-10), ", "yahoo.com (2019-05-11), ")) for n in notes), notes
    page = brief.to_html(story)
    assert "uschina.jsonl" not in page
    assert re.search(r"<span class='outlet'>(Reuters|yahoo\.com)</span> \(2019-05-1[01]\), <a href=\"https://", page)

    found = changes(story, new_articles=set(story.articles))
    sources = [x["source"] for kind in found.values() for x in kind if "source" in x]
    assert sources and all(s in ("Reuters (2019-05-10)", "yahoo.com (2019-05-11)") for s in sources)


def test_web_pages_name_the_outlet(outlet_db):
    from fastapi.testclient import TestClient

    from parley.web import create_app

    client = TestClient(create_app(outlet_db))
    record = parley.export(db=outlet_db)
    articles = client.get("/articles").text
    assert "<th>Outlet</th>" in articles and "Reuters" in articles and "yahoo.com" in articles
    event = next(e for e in record["events"] if e["sources"])
    page = client.get(f"/event/{event['id']}").text
    outlets = {a["id"]: a["outlet"] for a in record["articles"]}
    for s in event["sources"]:
        assert f'<span class="outlet">{outlets[s["article"]]}</span>' in page
    timeline = client.get("/").text
    assert "ev-outlets" in timeline and ("from Reuters" in timeline or "from yahoo.com" in timeline)
    assert "uschina.jsonl" not in timeline
    quotes = client.get("/quotes").text
    assert "Reuters (2019-05-10)" in quotes or "yahoo.com (2019-05-11)" in quotes
