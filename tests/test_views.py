"""Views read from the store: timeline, briefing (Markdown/HTML, footnoted), changes, chart."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

import parley
import parley.api
import parley.errors
from parley.views import brief
from parley.views.changes import changes, since
from parley.views.chart import COLOURS, MAX_EVENTS, timeline_svg
from parley.views.timeline import plain, timeline_rows

from conftest import SAMPLE


@pytest.fixture(scope="module")
def story(sample_db):
    return parley.api.story(db=sample_db)


def test_timeline_is_in_date_order_with_marks_and_sources(story):
    rows = timeline_rows(story)
    assert rows and [r["when"] for r in rows] == sorted(r["when"] for r in rows)
    cancelled = [r for r in rows if r["status"] == "cancelled"]
    assert cancelled and all(r["mark"] == "✗" for r in cancelled)
    assert all(r["sources"] for r in rows)
    text = plain(rows)
    assert "2015-11-29" in text and "✗ cancelled" in text


def test_timeline_filters(story):
    kerry = timeline_rows(story, actor="Kerry")
    assert kerry and all(any("Kerry" in a for a in r["actors"]) for r in kerry)
    window = timeline_rows(story, start="2015-12-05", end="2015-12-08")
    assert window and all("2015-12-05" <= r["when"][:10] <= "2015-12-08" for r in window)


def test_brief_sections_and_footnotes_point_at_sentences(story):
    md = brief.markdown(story)
    for heading in ("Parties and their people", "What happened", "What is planned", "Called off or moved",
                    "Positions", "Key quotes", "Sources"):
        assert f"## {heading}" in md
    cited = set(re.findall(r"\[\^(\d+)\](?!:)", md))
    defined = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", md, flags=re.M))
    assert cited and cited <= set(defined)
    texts = list(story.texts.values())
    for n in list(defined)[:10]:
        sentence = re.search(r'"(.*)"$', defined[n]).group(1)
        assert any(" ".join(t.split()).find(sentence[:40]) >= 0 for t in texts), sentence
    assert "Laurent Fabius" in md and "closing plenary" in md


def test_brief_html_escapes_article_text(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.txt").write_text("Port talks <script>alert(1)</script>\n\nLIMA (May 6, 2024) - Chile and Peru met "
                                  "on Monday and signed the <b>accord</b>. Ana Torres said: \"<i>Done</i> at last.\"\n")
    db = tmp_path / "s.db"
    parley.ingest([folder], db=db)
    page = brief.to_html(parley.api.story(db=db))
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<b>accord</b>" not in page


def test_changes_since_last_ingest_and_since_a_date(tmp_path):
    db = tmp_path / "s.db"
    files = sorted(SAMPLE.glob("*.txt"))
    parley.ingest(files[:4], db=db)
    parley.ingest(files[4:], db=db)
    found = parley.api.changes(db=db, since_last=True)
    moves = [c for c in found["status changes"] if "plenary" in c["text"]]
    assert any("moved 2015-12-11 -> 2015-12-12" == c["change"] for c in moves)
    assert all("05_" in q["source"] or "06_" in q["source"] for q in found["new quotes"])
    s = parley.api.story(db=db)
    assert since(s, "2015-12-11") == {a["id"] for a in s.record["articles"] if a["published"] >= "2015-12-11"}
    dated = changes(s, new_articles=since(s, "2015-12-13"))
    assert dated["new quotes"] and all("06_" in q["source"] for q in dated["new quotes"])
    with pytest.raises(parley.errors.UsageError):
        parley.api.changes(db=db)


def test_chart_is_svg_with_one_mark_per_dated_event(story):
    rows = timeline_rows(story)
    svg = timeline_svg(rows)
    days = [r for r in rows if re.match(r"\d{4}-\d{2}-\d{2}", r["when"])]     # weeks and years are not plotted
    legend = len(COLOURS)
    assert svg.startswith("<svg") and svg.count("<circle") == min(len(days), MAX_EVENTS) + legend and days
    for status in COLOURS:
        assert f">{status}</text>" in svg                                         # the legend


def test_chart_keeps_to_the_story_window_and_marks_outliers_at_its_edge(story):
    rows = timeline_rows(story)
    days = sorted(r["when"][:10] for r in rows if re.match(r"\d{4}-\d{2}-\d{2}", r["when"]))
    window = {"start": days[len(days) // 3], "end": days[2 * len(days) // 3]}
    svg = timeline_svg(rows, window=window)
    outside = [d for d in days if d < window["start"] or d > window["end"]]
    assert outside and svg.count("<polygon") == min(len(outside), svg.count("<polygon"))
    assert svg.count("<polygon") >= 1 and f">{window['start']}</text>" in svg and f">{window['end']}</text>" in svg
    xs = [float(v) for v in re.findall(r'<circle cx="([\d.]+)" cy="(?!12")', svg)]
    assert xs and min(xs) >= 24 and max(xs) <= 980 - 430                        # nothing beyond the axis


def test_view_commands(sample_db, tmp_path):
    def run(*args):
        r = subprocess.run([sys.executable, "-m", "parley.cli", *map(str, args)], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        return r.stdout

    assert "2015-12-12" in run("timeline", "--db", sample_db)
    out, chart = tmp_path / "b.html", tmp_path / "t.svg"
    run("brief", "--db", sample_db, "--format", "html", "-o", out, "--chart", chart)
    assert out.read_text().startswith("<!doctype html>") and chart.read_text().startswith("<svg")
    assert "new events" in run("changes", "--db", sample_db, "--since", "2015-12-11")


def test_article_words_never_become_briefing_markup(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.txt").write_text("Port talks\n\nLIMA (May 6, 2024) - Chile and Peru met on Monday. Ana Torres said: "
                                  "\"The **deal** [^1] is <i>close</i> now, whatever they say.\"\n")
    db = tmp_path / "s.db"
    parley.ingest([folder], db=db)
    s = parley.api.story(db=db)
    md = brief.markdown(s)
    assert "The **deal** [^1]" not in md and r"The \*\*deal\*\* \[\^1\]" in md
    page = brief.to_html(s)
    assert "<strong>deal</strong>" not in page and "**deal** [^1]" in page and "<i>close</i>" not in page


def test_brief_opens_with_the_story_in_one_paragraph_and_quotes_each_point_once(story):
    md = brief.markdown(story)
    assert md.index("## The story") < md.index("## Parties and their people")
    paragraph = md.split("## The story", 1)[1].split("##", 1)[0].strip()
    assert "\n" not in paragraph and paragraph.startswith("On ")
    days = re.findall(r"On (\d{1,2} \w+ \d{4}):", paragraph)
    import datetime as dt
    parsed = [dt.datetime.strptime(d, "%d %B %Y").date() for d in days]
    assert parsed and parsed == sorted(parsed)                     # facts in the order of days, each with a note
    assert len(re.findall(r"\[\^\d+\]", paragraph)) >= len(days)
    from rapidfuzz import fuzz
    quotes = re.findall(r'^- \*\*(.+?)\*\*: "(.*)" \[\^\d+\]$', md.split("## Key quotes", 1)[1], flags=re.M)
    assert quotes
    for i, (who, text) in enumerate(quotes):
        for who2, text2 in quotes[i + 1:]:
            assert not (who == who2 and fuzz.token_set_ratio(text.casefold(), text2.casefold()) >= 80), text


def test_brief_writes_times_as_a_reader_does_and_prints_well(story):
    from parley.views.brief import _when

    assert _when("2015-07-13TMO") == "2015-07-13 morning" and _when("2015-07-12T14:00Z") == "2015-07-12 14:00"
    assert _when("2015-W27") == "week 27 of 2015" and _when(None) == "undated"
    md = brief.markdown(story)
    assert not re.search(r"\d{4}-\d{2}-\d{2}T(MO|AF|EV|NI)", md) and "-\\>" not in md
    assert "@media print" in brief.to_html(story)


def test_brief_writes_periods_decades_and_references_in_words():
    from parley.views.brief import _when

    assert _when("2024-Q3") == "third quarter of 2024" and _when("2024-SU") == "summer 2024"
    assert _when("199") == "the 1990s" and _when("PAST_REF") == "in the past"
