"""The web view (parley.web) in a real browser: timeline, event, actor and article pages, escaping, routes.

Runs the app under uvicorn on 127.0.0.1 and drives the system Chromium through Playwright
(never `playwright install`: see ../shared/design/environment.md section 4). Skipped where
there is no Chromium. Screenshots go to test-artifacts/ (git-ignored).
"""
from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time

import pytest

CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
if not os.path.isfile(CHROMIUM):
    pytest.skip(f"no Chromium at {CHROMIUM} (set $CHROMIUM)", allow_module_level=True)
pytest.importorskip("playwright.sync_api")
pytest.importorskip("pytest_playwright")

import parley  # noqa: E402

from conftest import ROOT, SAMPLE  # noqa: E402

pytestmark = [
    pytest.mark.model,
    # pytest-base-url (pulled in by pytest-playwright) trips a pytest 9 deprecation; not ours to fix
    pytest.mark.filterwarnings("ignore:Session-scoped fixtures defined as instance methods"),
]

ARTIFACTS = ROOT / "test-artifacts"
SCRIPT = "<script>window.__pwned = 1; alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
HOSTILE = (f"Ministers {SCRIPT} meet {IMG} in Paris\n\n"
           f"PARIS, Thursday (Dec 10, 2015) - Delegates met on Thursday to discuss {SCRIPT} the final draft "
           f"of the agreement. {IMG} The talks continued late into the night.\n\n"
           'Ana Torres said: "<b>bold</b> words stay text."\n')
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):       # pytest-playwright hook: the system Chromium
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": LAUNCH_ARGS}


@pytest.fixture(scope="module")
def story(tmp_path_factory) -> dict:
    """The sample corpus plus one hostile article, ingested into a fresh store."""
    root = tmp_path_factory.mktemp("web")
    hostile = root / "hostile"
    hostile.mkdir()
    (hostile / "zz_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = root / "story.db"
    report = parley.ingest([SAMPLE, hostile], db=db)
    assert report.exit_code == 0, report
    record = parley.export(db=db)
    bad = next(a for a in record["articles"] if a["file"] == "zz_hostile.txt")
    return {"db": db, "record": record, "hostile": bad["id"], "log": root / "uvicorn.log"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(story):
    """`uvicorn parley.web:app_from_env --factory` on a free loopback port; yields the base URL."""
    port = _free_port()
    env = {**os.environ, "PARLEY_DB": str(story["db"])}
    with open(story["log"], "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "parley.web:app_from_env", "--factory",
                                 "--host", "127.0.0.1", "--port", str(port)],
                                env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                proc.wait(10)
                pytest.fail("uvicorn did not start:\n" + story["log"].read_text(errors="replace"))
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


@pytest.fixture
def dialogs(page) -> list[str]:
    """Messages of every alert/confirm/prompt the page opens (there should be none)."""
    seen: list[str] = []

    def record(dialog):
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return seen


def _shot(page, name: str, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


def _raw(server: str, method: str, path: str) -> http.client.HTTPResponse:
    """A request whose path goes out exactly as written (no client-side '..' folding)."""
    host, port = server.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request(method, path)
    resp = conn.getresponse()
    resp.body = resp.read()
    conn.close()
    return resp


def _plenary(record) -> dict:
    """The sample corpus's closing plenary: the event with 'plenary' and the most sources."""
    found = [e for e in record["events"] if "plenary" in e["text"].lower()]
    assert found, "the sample corpus has a plenary event"
    return max(found, key=lambda e: (len(e["sources"]), e["id"]))


def _text(story, article_id: str) -> str:
    return parley.show(article_id, db=story["db"])["text"]


def test_timeline_lists_the_events(page, server, story, dialogs):
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(server + "/")
    record = story["record"]
    shown = page.locator("li[data-event]")
    assert shown.count() == len(record["events"])
    ids = set(shown.evaluate_all("els => els.map(e => e.dataset.event)"))
    assert ids == {e["id"] for e in record["events"]}
    plenary = _plenary(record)
    item = page.locator(f'li[data-event="{plenary["id"]}"]')
    assert "plenary" in item.locator("a.ev-text").inner_text().lower()
    assert item.locator(".ev-sources").inner_text() == f"{len(plenary['sources'])} sources"
    cancelled = [e for e in record["events"] if e["status"] == "cancelled"]
    assert cancelled, "the sample corpus has a cancelled event"
    for e in cancelled:
        mark = page.locator(f'li[data-event="{e["id"]}"] .status')
        assert mark.inner_text().strip().endswith("cancelled")
        assert "st-cancelled" in mark.get_attribute("class")
    assert "December 2015" in page.inner_text("body") or "Dec 2015" in page.inner_text("body")
    _shot(page, "timeline.png")
    assert dialogs == []


def test_timeline_date_filter_and_zoom(page, server, story):
    page.goto(server + "/?from=2015-12-05&to=2015-12-09")
    shown = set(page.locator("li[data-event]").evaluate_all("els => els.map(e => e.dataset.event)"))
    expected = {e["id"] for e in story["record"]["events"]
                if e["when"] and "2015-12-05" <= e["when"][:10] <= "2015-12-09"}
    assert expected and shown == expected
    assert page.locator('section[data-group="undated"]').count() == 0
    page.click('a[data-zoom="week"]')
    page.wait_for_url("**zoom=week**")
    labels = page.locator("section[data-group] h2 > span:first-child").all_inner_texts()
    assert labels and all(label.startswith("Week of") for label in labels)
    assert set(page.locator("li[data-event]").evaluate_all("els => els.map(e => e.dataset.event)")) == expected
    page.click('a[data-zoom="month"]')
    page.wait_for_url("**zoom=month**")
    assert page.locator("section[data-group] h2 > span:first-child").all_inner_texts() == ["December 2015"]
    assert page.input_value('input[name="from"]') == "2015-12-05"


def test_event_page_from_the_timeline(page, server, story, dialogs):
    page.set_viewport_size({"width": 1100, "height": 900})
    record = story["record"]
    plenary = _plenary(record)
    page.goto(server + "/")
    page.click(f'li[data-event="{plenary["id"]}"] a.ev-text')
    page.wait_for_url(f"**/event/{plenary['id']}")
    assert "plenary" in page.inner_text("h1").lower()
    assert page.inner_text("#status").strip().endswith(plenary["status"])
    sources = page.locator("li.source")
    assert sources.count() == len(plenary["sources"]) >= 2
    titles = {a["id"]: a["title"] for a in record["articles"]}
    for i, s in enumerate(plenary["sources"]):
        item = sources.nth(i)
        assert titles[s["article"]] in item.inner_text()
        assert item.locator("mark").inner_text() == _text(story, s["article"])[s["start"]:s["end"]]
    assert page.locator("table.history tbody tr").count() == len(plenary["history"])
    _shot(page, "event.png")
    assert dialogs == []


def test_source_link_opens_the_evidence(page, server, story):
    page.set_viewport_size({"width": 1100, "height": 700})
    plenary = _plenary(story["record"])
    page.goto(server + f"/event/{plenary['id']}")
    last = len(plenary["sources"]) - 1
    source = plenary["sources"][last]
    page.locator("li.source a.source-link").nth(last).click()
    page.wait_for_url(f"**/article/{source['article']}?start={source['start']}&end={source['end']}*")
    text = _text(story, source["article"])
    assert page.text_content("#evidence") == text[source["start"]:source["end"]]
    assert page.text_content("#text") == text                    # the whole text, nothing added or lost
    in_view = page.evaluate("""() => { const r = document.getElementById('evidence').getBoundingClientRect();
                                       return r.top >= 0 && r.bottom <= window.innerHeight; }""")
    assert in_view
    _shot(page, "article.png", full_page=False)


def test_actor_page(page, server, story):
    page.set_viewport_size({"width": 1100, "height": 900})
    record = story["record"]
    fabius = next(a for a in record["actors"] if "Fabius" in a["name"])
    page.goto(server + "/actors")
    page.click(f'a[href="/actor/{fabius["id"]}"] >> nth=0')
    page.wait_for_url(f"**/actor/{fabius['id']}")
    assert page.inner_text("h1") == fabius["name"]
    mine = [q for q in record["quotes"] if q["speaker"] == fabius["id"]]
    assert mine and page.locator("ul.quotes li.quote").count() == len(mine)
    involved = [e for e in record["events"] if fabius["id"] in e["actors"] or e["where"] == fabius["id"]]
    assert page.locator("ul.events li").count() == len(involved)
    _shot(page, "actor.png")


def test_quote_search_by_speaker(page, server, story):
    record = story["record"]
    fabius = next(a for a in record["actors"] if "Fabius" in a["name"])
    page.goto(server + "/quotes?speaker=Fabius")
    shown = set(page.locator("li.quote").evaluate_all("els => els.map(e => e.dataset.quote)"))
    mine = {q["id"] for q in record["quotes"] if q["speaker"] == fabius["id"]}
    assert mine and mine <= shown
    names = {a["id"]: [a["name"], *a["aliases"]] for a in record["actors"]}
    for q in record["quotes"]:
        if q["id"] in shown:
            assert any("fabius" in n.lower() for n in names.get(q["speaker"], []) + [q["speaker_text"]])
    page.fill('input[name="speaker"]', "Ana Torres")
    page.click('form[role="search"] button[type="submit"]')
    page.wait_for_url("**speaker=Ana+Torres**")
    quotes = page.locator("li.quote")
    assert quotes.count() == 1
    assert "<b>bold</b> words stay text." in quotes.locator(".quote-text").inner_text()
    assert quotes.locator(".quote-text b").count() == 0
    page.goto(server + "/quotes?speaker=nobody-at-all")
    assert page.locator("li.quote").count() == 0


def test_hostile_article_stays_text(page, server, story, dialogs):
    record, bad = story["record"], story["hostile"]
    text = _text(story, bad)
    q = next(q for q in record["quotes"] if q["article"] == bad)
    torres = next(a for a in record["actors"] if a["name"] == "Ana Torres")
    page.goto(server + f"/article/{bad}?start={q['start']}&end={q['end']}")
    assert SCRIPT in page.inner_text("h1")
    body = page.text_content("#text")
    assert body == text and "<script>" in body and IMG in body
    assert page.text_content("#evidence") == "<b>bold</b> words stay text."
    assert page.locator("#text script, #text img, #text b, h1 script, h1 img").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    events = [e for e in record["events"] if any(s["article"] == bad for s in e["sources"])]
    assert events, "the hostile article has events"
    shown = {}
    for path in ["/", "/articles", "/quotes", f"/actor/{torres['id']}", *(f"/event/{e['id']}" for e in events)]:
        page.goto(server + path)
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert page.locator("main script, main img, main b").count() == 0, path
        shown[path] = page.inner_text("main")
    assert SCRIPT in shown["/articles"]                              # the hostile title, as text
    assert any(SCRIPT in text or IMG in text for path, text in shown.items() if path.startswith("/event/"))
    assert dialogs == []


def test_methods_ids_and_paths(server, story):
    assert _raw(server, "POST", "/").status == 405
    assert _raw(server, "PUT", "/api/record").status == 405
    assert _raw(server, "DELETE", f"/article/{story['hostile']}").status == 405
    head = _raw(server, "HEAD", "/")
    assert head.status == 200 and head.body == b""
    for path in ["/article/../../etc/passwd", "/article/..%2F..%2Fetc%2Fpasswd", "/article/%2e%2e",
                 "/article/unknown", "/article/01_leaders_open_paris_summit.txt", "/event/unknown",
                 "/actor/unknown", "/actor/../etc/passwd"]:
        resp = _raw(server, "GET", path)
        assert resp.status == 404, path
        assert b"root:" not in resp.body, path
    assert _raw(server, "GET", f"/article/{story['hostile']}?start=5&end=99999").status == 400
    assert _raw(server, "GET", "/?zoom=decade").status == 400


def test_api_record_is_the_export(server, story):
    resp = _raw(server, "GET", "/api/record")
    assert resp.status == 200 and resp.getheader("content-type").startswith("application/json")
    assert json.loads(resp.body) == parley.export(db=story["db"])


def _axis(page, server, query: str = "") -> dict:
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(server + "/" + query)
    page.wait_for_selector("#axis[data-ready=true]", timeout=20000)
    return page.evaluate("() => fetch('/api/axis').then(r => r.json())")


def _rendered(page) -> dict[str, str]:
    return dict(page.locator("#axis [data-axis-event]").evaluate_all(
        "els => els.map(e => [e.dataset.axisEvent, e.dataset.status])"))


def test_time_axis_marks_every_dated_event_of_the_story_window(page, server, story, dialogs):
    data = _axis(page, server)
    window = data["window"]
    inside = {i["id"] for i in data["items"] if window["start"] <= i["start"] <= window["end"]}
    dated = {e["id"] for e in story["record"]["events"] if e["when"] and e["when"][:4].isdigit()}
    assert inside and {i["id"] for i in data["items"]} <= dated
    assert inside <= set(_rendered(page)) <= dated                 # one mark per dated event in the window
    lanes = page.locator("#axis .vis-label").all_inner_texts()
    assert lanes and lanes[-1] == "Other" or "Other" not in lanes
    names = {a["id"]: a["name"] for a in story["record"]["actors"]}
    assert [lane["name"] for lane in data["lanes"] if lane["id"] != "other"] == \
        [names[lane["id"]] for lane in data["lanes"] if lane["id"] != "other"]
    assert page.locator("#density > span").count() >= 1
    _shot(page, "axis.png", full_page=False)
    assert dialogs == []


def test_time_axis_zooms_and_shows_all_dates(page, server, story):
    data = _axis(page, server)
    def span():
        return page.evaluate("() => Date.parse(axis.dataset.end) - Date.parse(axis.dataset.start)")
    before = span()
    page.click("#axis-zoom-in")
    page.wait_for_function(f"() => Date.parse(axis.dataset.end) - Date.parse(axis.dataset.start) < {before}")
    page.click("#axis-all")
    page.wait_for_function(f"() => Date.parse(axis.dataset.end) - Date.parse(axis.dataset.start) > {before}")
    start, end = page.evaluate("() => [axis.dataset.start, axis.dataset.end]")
    assert start[:10] <= data["bounds"]["start"] and end[:10] >= data["bounds"]["end"]


def test_time_axis_filters_by_status_and_actor(page, server, story):
    data = _axis(page, server)
    rendered = _rendered(page)
    assert "happened" in rendered.values()
    page.uncheck('#axis-statuses input[value="happened"]')
    page.wait_for_function("() => !document.querySelector('#axis [data-status=happened]')")
    assert "happened" not in _rendered(page).values()
    page.check('#axis-statuses input[value="happened"]')
    counts = {}
    for item in data["items"]:
        for a in item["actors"]:
            counts[a] = counts.get(a, 0) + 1
    options = page.locator("#axis-actor option").evaluate_all("els => els.map(e => e.value)")
    actor = max((a for a in options if a), key=lambda a: counts.get(a, 0))
    page.select_option("#axis-actor", actor)
    page.wait_for_function(f"() => axis.dataset.shown == '{sum(1 for i in data['items'] if actor in i['actors'])}'")
    by_id = {i["id"]: i for i in data["items"]}
    assert all(actor in by_id[e]["actors"] for e in _rendered(page))


def test_time_axis_opens_an_event(page, server, story):
    _axis(page, server)
    first = page.locator("#axis [data-axis-event]").first
    event_id = first.get_attribute("data-axis-event")
    first.click()
    page.wait_for_url(f"**/event/{event_id}")
    assert page.locator("h1").count() == 1


def test_the_timeline_library_is_served_from_the_package_and_nothing_else_is(server):
    for name, kind in (("vis-timeline.min.js", "text/javascript"), ("vis-timeline.min.css", "text/css")):
        r = _raw(server, "GET", f"/static/{name}")
        assert r.status == 200 and r.getheader("Content-Type").startswith(kind) and len(r.body) > 10000
    for path in ("/static/other.js", "/static/..%2Fdata.py", "/static/vendor/vis-timeline/README.md"):
        assert _raw(server, "GET", path).status == 404, path


def test_quotes_in_the_order_said_a_country_speaks_through_its_people_positions_newest_first(page, server, story):
    record = story["record"]
    published = {a["id"]: a["published"] for a in record["articles"]}
    page.goto(server + "/quotes")
    total = len(record["quotes"])
    assert f"{total} quote" in page.inner_text("#count")
    by_id = {q["id"]: q for q in record["quotes"]}
    shown = page.locator("li[data-quote]").evaluate_all("els => els.map(e => e.dataset.quote)")
    assert len(shown) == min(total, 100)
    keys = [(by_id[i].get("when") or published[by_id[i]["article"]] or "9999", by_id[i]["article"], by_id[i]["start"])
            for i in shown]
    assert keys == sorted(keys)                                      # in the order they were said
    actors = {a["id"]: a for a in record["actors"]}
    country = next(a for a in record["actors"] if a["kind"] == "country" and any(
        actors.get(q["speaker"], {}).get("country") == a["name"] and q["speaker"] != a["id"] for q in record["quotes"]))
    theirs = [q for q in record["quotes"] if q["speaker"] == country["id"]
              or actors.get(q["speaker"], {}).get("country") == country["name"]
              and actors[q["speaker"]]["kind"] in ("person", "anonymous")]
    page.goto(server + f"/actor/{country['id']}")
    assert page.locator("h2", has_text="Quotes").inner_text().startswith(f"Quotes ({len(theirs)})")
    order = [(q.get("when") or published[q["article"]] or "9999", q["article"], q["start"]) for q in theirs]
    assert len(order) >= 1
    page.goto(server + "/positions")
    when = {p["id"]: p.get("when") or "" for p in record["positions"]}
    listed = page.locator("[data-position]").evaluate_all("els => els.map(e => e.dataset.position)")
    assert listed and [when[i] for i in listed] == sorted((when[i] for i in listed), reverse=True)


def test_a_long_timeline_comes_in_pages_of_whole_days(story, monkeypatch):
    import re as re_
    from fastapi.testclient import TestClient

    import parley.web as web

    monkeypatch.setattr(web, "EVENTS_PER_PAGE", 10)
    client = TestClient(web.create_app(story["db"]))
    seen, page = [], 1
    while True:
        html = client.get("/", params={"page": page}).text
        seen += re_.findall(r'<li[^>]*data-event="([^"]+)"', html)
        if 'rel="next"' not in html:
            break
        page += 1
    assert page > 1 and sorted(seen) == sorted(e["id"] for e in story["record"]["events"])


def test_the_timeline_renders_from_the_record_without_reading_article_texts(story, monkeypatch):
    from fastapi.testclient import TestClient

    import parley.web as web
    from parley.web.data import StoreView

    def never(*args, **kwargs):
        raise AssertionError("the timeline read an article's text")

    monkeypatch.setattr(StoreView, "text", never)
    html = TestClient(web.create_app(story["db"])).get("/").text
    assert 'class="ev-context evidence"' in html and "<mark>" in html


def test_serve_stops_on_sigterm(story):
    import signal

    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "parley.cli", "serve", "--db", str(story["db"]), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) is not None                    # it stops, rather than ignoring the signal
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
