"""The story's window (`parley.link.window`) and what the export and views mark as background."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import parley
from parley.link.window import Window, story_window, when_span

D = dt.date
RIVER = Path(__file__).parent / "data" / "rivertalks" / "articles.jsonl"


def test_the_window_is_the_densest_run_of_publication_days():
    days = [D(2014, 9, 5), D(2014, 9, 6),                                  # an earlier round
            D(2015, 1, 12), D(2015, 1, 15),                                # plans a month before
            *(D(2015, 2, d) for d in (5, 6, 6, 7, 9, 11, 12, 12, 13, 15, 18)),
            D(2015, 10, 20)]                                                # a retrospective
    w = story_window(days)
    assert (w.start, w.end, w.articles) == (D(2015, 2, 5), D(2015, 2, 18), 11)
    assert w.holds_day(D(2015, 2, 1)) and not w.holds_day(D(2015, 1, 15)) and not w.holds_day(D(2015, 10, 20))


def test_a_tie_goes_to_the_later_run_and_no_days_give_no_window():
    w = story_window([D(2020, 1, 1), D(2020, 1, 2), D(2021, 1, 1), D(2021, 1, 2)])
    assert w.start == D(2021, 1, 1)
    assert story_window([]) is None


def test_when_values_inside_and_outside_the_window():
    w = Window(start=D(2015, 7, 1), end=D(2015, 7, 16), articles=30)
    assert w.holds_when("2015-07-12") and w.holds_when("2015-07") and w.holds_when("2015")
    assert w.holds_when("2015-06-26")                   # the days just before the first article
    assert w.holds_when("2015-08-20")                   # planned after the last article: the story's future
    assert not w.holds_when("2014-09-05") and not w.holds_when("2017-09") and not w.holds_when("2010")
    assert w.holds_when(None) and w.holds_when("PRESENT_REF") and w.holds_when("XXXX-WXX-1")
    assert when_span("2015-W28") == (D(2015, 7, 6), D(2015, 7, 12))
    assert when_span("2015-06-26/2015-07-02") == (D(2015, 6, 26), D(2015, 7, 2))


def test_the_window_holds_at_the_ends_of_the_calendar():
    w = story_window([D.min, D.min])
    assert w.holds_day(D.min) and w.holds_when("0001-01-02")
    w = story_window([D.max])
    assert w.holds_day(D.max) and w.holds_when("9999-12")


def _export(tmp_path, rows):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = tmp_path / "s.db"
    parley.ingest([path], db=db)
    return db, parley.export(db=db)


def _river_with_background() -> list[dict]:
    rows = [json.loads(line) for line in RIVER.read_text(encoding="utf-8").splitlines()]
    rows.append({"url": "https://archive.example.org/2019/03/04/varna-talks-collapse", "published": "2019-03-04",
                 "text": "Varna talks collapse\n\nTalks between Arland and Belmark on the Varna river collapsed in "
                         "Tallis on Monday after Belmark refused any limit on its dams, envoy Otto Brenn said."})
    return rows


def test_export_marks_articles_events_and_quotes_outside_the_window(tmp_path):
    db, record = _export(tmp_path, _river_with_background())
    assert record["window"]["start"] == "2023-05-15" and record["window"]["end"] == "2023-05-29"
    by_url = {a["url"]: a for a in record["articles"]}
    old = by_url["https://archive.example.org/2019/03/04/varna-talks-collapse"]
    assert old["background"] is True
    assert by_url["https://wire.example.com/varna-deal-0526"]["background"] is False
    old_events = [e for e in record["events"] if any(s["article"] == old["id"] for s in e["sources"])]
    assert old_events and all(e["background"] for e in old_events)
    assert any(e["when"] == "2019-03-04" for e in old_events)          # kept and dated in its own year
    story_events = [e for e in record["events"] if (e["when"] or "").startswith("2023-05")]
    assert story_events and not any(e["background"] for e in story_events)
    assert all(isinstance(e["independent_sources"], int) and e["independent_sources"] >= 1 for e in record["events"])
    assert all(q["background"] == (q["article"] == old["id"]) for q in record["quotes"])


def test_a_copy_counts_once_as_a_source(tmp_path):
    story = ("Arland and Belmark agreed on Friday on a treaty to share the waters of the Varna river after four "
             "days of talks in Tallis. The dams upstream will release a fixed share of the river's flow every "
             "summer, chief negotiator Pia Holm said. Belmark's envoy Otto Brenn said the treaty kept his "
             "country's hydropower intact, and both parliaments are expected to ratify it within the year.")
    rows = [{"url": "https://wire.example.com/2023/05/26/varna-deal", "published": "2023-05-26",
             "text": "Varna deal\n\n" + story},
            {"url": "https://portal.example.biz/2023/05/26/varna-deal-copy", "published": "2023-05-26",
             "text": "Portal | Varna deal\n\n" + story + "\n\nShare this article"}]
    _, record = _export(tmp_path, rows)
    both = [e for e in record["events"] if len({s["article"] for s in e["sources"]}) == 2]
    assert both and all(e["independent_sources"] == 1 for e in both)


def test_brief_and_timeline_set_background_apart(tmp_path):
    from parley.store import open_store
    from parley.views.brief import markdown
    from parley.views.story import load_story
    from parley.views.timeline import plain, timeline_rows

    db, _ = _export(tmp_path, _river_with_background())
    with open_store(str(db), create=False) as store:
        story = load_story(store)
    text = markdown(story)
    assert "2023-05-15 to 2023-05-29" in text.splitlines()[0]
    happened = text.split("## What happened", 1)[1].split("\n## ", 1)[0]
    assert "2019" not in happened
    assert "## Background (outside the story's days)" in text and "2019-03-04" in text.split("## Background", 1)[1]
    rows = timeline_rows(story)
    assert any(r["background"] and r["when"].startswith("2019") for r in rows)
    assert "(background)" in plain(rows)
