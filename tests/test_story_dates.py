"""Articles that nothing on their page dates, dated by their story (`parley.link.story_dates`).

`tests/data/rivertalks` is a story of our own: five dated articles and four undated ones (see its
README). The pure function is tried on hand-built stories; the pipeline on the whole corpus.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

import parley
from parley.extract.time import find_times
from parley.link.story_dates import HOW, Story, date_from_story, dated_article

RIVER = Path(__file__).parent / "data" / "rivertalks" / "articles.jsonl"
TODAY = dt.date(2026, 1, 1)


def _dated(id: str, published: str, text: str):
    day = dt.date.fromisoformat(published)
    times = [(t.start, t.end, t.value) for t in find_times(text, anchor=day)]
    return dated_article(id, day, text, sentences=(), times=times)


def _river() -> list[dict]:
    return [json.loads(line) for line in RIVER.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def story() -> Story:
    rows = _river()
    return Story([_dated(r["url"], r["published"], r["text"]) for r in rows if r.get("published")],
                 undated_texts=[r["text"] for r in rows if not r.get("published")])


def _text(url_part: str) -> str:
    return next(r["text"] for r in _river() if url_part in r["url"])


def test_a_weekday_is_placed_on_the_day_the_story_gives_it(story):
    found = date_from_story(_text("lind-quits"), story, today=TODAY)
    assert found is not None and found.date == dt.date(2023, 5, 17)       # resigned on Wednesday 17 May
    assert "2023-05-17" in found.evidence


def test_a_friday_deal_is_the_friday_of_the_deal_not_of_the_opening_week(story):
    found = date_from_story(_text("varna-deal-reached"), story, today=TODAY)
    assert found is not None and found.date == dt.date(2023, 5, 26)


def test_background_naming_only_another_years_days_is_not_placed_in_the_story(story):
    found = date_from_story(_text("varna-1998-protocol"), story, today=TODAY)
    assert found is None or found.date.year == 1998


def test_an_article_about_nothing_in_the_story_stays_undated(story):
    assert date_from_story(_text("recipes/bread"), story, today=TODAY) is None


def test_only_the_sentences_with_a_word_naming_a_day_are_read_for_its_days(story, monkeypatch):
    """A text is read for the days it names in its sentences that have a month, a weekday or "yesterday" in
    them: the others (most of a long article) cost nothing, and the day found is the same."""
    import parley.link.story_dates as story_dates

    text = _text("lind-quits")
    filler = " ".join(["The negotiators met for 90 minutes in 12 rooms and agreed on 3 points."] * 40)
    padded = text + "\n\n" + filler
    read: list[str] = []

    def spy(chunk, **kw):
        read.append(chunk)
        return find_times(chunk, **kw)

    monkeypatch.setattr(story_dates, "find_times", spy)
    found = date_from_story(padded, story, today=TODAY)
    assert found is not None and found.date == dt.date(2023, 5, 17)
    assert read and not any("90 minutes" in chunk for chunk in read)
    assert sum(map(len, read)) < len(padded)


def test_yesterday_with_its_day_of_month_dates_the_next_day():
    story = Story([_dated("a", "2023-05-15", "Talks on the Varna river opened in Tallis on Monday."),
                   _dated("b", "2023-05-20", "The Varna talks in Tallis went on on Saturday.")])
    text = "The Varna river talks in Tallis were adjourned yesterday (May 18) without a deal."
    found = date_from_story(text, story, today=TODAY)
    assert found is not None and found.date == dt.date(2023, 5, 19)


def test_a_page_as_like_two_rounds_months_apart_stays_undated():
    story = Story([_dated("a", "2023-03-10", "Arland and Belmark held Varna river talks in Tallis on the quotas."),
                   _dated("b", "2023-09-15", "Arland and Belmark held Varna river talks in Tallis on the quotas.")])
    text = "The Varna river talks between Arland and Belmark in Tallis on the quotas ended without a deal."
    trace: list = []
    assert date_from_story(text, story, today=TODAY, trace=trace) is None
    assert trace                                          # days were tried: none won by enough


def test_an_announced_day_is_not_yet_past():
    """'will sign on May 25' was written before the 25th, whatever the similar articles' days."""
    story = Story([_dated("a", "2023-05-26", "Arland and Belmark signed the Varna treaty in Tallis on Friday."),
                   _dated("b", "2023-05-27", "The Varna treaty signed in Tallis was welcomed by both parliaments.")])
    text = "Arland and Belmark will sign the Varna treaty in Tallis on May 25, officials said."
    found = date_from_story(text, story, today=TODAY)
    assert found is not None and found.date <= dt.date(2023, 5, 25)


def test_never_after_the_day_of_reading(story):
    today = dt.date(2023, 5, 20)                   # read before the deal of the 26th was published
    for part in ("lind-quits", "varna-deal-reached"):
        found = date_from_story(_text(part), story, today=today)
        assert found is None or found.date <= today


def test_without_dated_articles_nothing_is_inferred():
    assert date_from_story(_text("lind-quits"), Story([]), today=TODAY) is None


# -- through the pipeline ------------------------------------------------------------------------

def _dates(db) -> dict[str, tuple[str | None, str | None]]:
    return {a["url"]: (a["published"], a["published_by"]) for a in parley.export(db=db)["articles"]}


def test_ingest_dates_the_undated_articles_from_their_story(tmp_path):
    db = tmp_path / "river.db"
    report = parley.ingest([RIVER], db=db)
    assert not report.failed and not report.unstored
    dates = _dates(db)
    assert dates["https://blog.example.info/lind-quits"] == ("2023-05-17", HOW)
    assert dates["https://portal.example.biz/varna-deal-reached"] == ("2023-05-26", HOW)
    assert dates["https://misc.example.com/recipes/bread"] == (None, None)
    old = dates["https://archive.example.org/varna-1998-protocol"][0]
    assert old is None or old.startswith("1998")
    assert dates["https://wire.example.com/varna-deal-0526"] == ("2023-05-26", "metadata")   # never moved


def test_the_events_of_an_article_dated_by_its_story_move_with_it(tmp_path):
    db = tmp_path / "river.db"
    parley.ingest([RIVER], db=db)
    record = parley.export(db=db)
    article = next(a for a in record["articles"] if a["url"] == "https://blog.example.info/lind-quits")
    whens = {e["when"] for e in record["events"] for s in e["sources"] if s["article"] == article["id"]}
    assert "2023-05-17" in whens                     # "resigned on Wednesday", resolved from the story's date


def test_an_undated_article_read_before_its_story_is_dated_when_the_story_arrives(tmp_path):
    rows = _river()
    first, rest = tmp_path / "first.jsonl", tmp_path / "rest.jsonl"
    first.write_text(json.dumps(next(r for r in rows if "lind-quits" in r["url"])) + "\n", encoding="utf-8")
    rest.write_text("".join(json.dumps(r) + "\n" for r in rows if "lind-quits" not in r["url"]), encoding="utf-8")
    db = tmp_path / "river.db"
    parley.ingest([first], db=db)
    assert _dates(db)["https://blog.example.info/lind-quits"] == (None, None)        # nothing to go by yet
    parley.ingest([rest], db=db)
    assert _dates(db)["https://blog.example.info/lind-quits"] == ("2023-05-17", HOW)


def test_every_article_is_parsed_once_though_the_story_dates_some_of_them_afterwards(tmp_path, monkeypatch):
    """The second analysis of an article the story dates reads the parse kept from the first, and an
    article the story does not date is analysed in full all the same."""
    from parley.nlp import load_nlp, parse_text
    from parley.pipeline import PIPELINE_VERSION, analyze_doc, article_from_row
    from parley.store.records import analysis_rows

    nlp = load_nlp()
    parsed: list[str] = []
    pipe = nlp.pipe

    def counting(texts, **kw):
        for doc in pipe(texts, **kw):
            parsed.append(doc.text)
            yield doc

    monkeypatch.setattr(nlp, "pipe", counting)
    db = tmp_path / "river.db"
    report = parley.ingest([RIVER], db=db)
    assert len(parsed) == len(set(parsed)) == len(report.added) > 4
    with sqlite3.connect(db) as conn:                 # what is stored is what a fresh parse of each article gives
        conn.row_factory = sqlite3.Row
        rows = [dict(r) for r in conn.execute("SELECT * FROM articles WHERE status = 'ok'")]
        assert {r["pipeline"] for r in rows} == {PIPELINE_VERSION}
        for row in rows:
            article = article_from_row(row)
            fresh = sorted(analysis_rows(analyze_doc(pipe([parse_text(article.text)]).__next__(), article)))
            stored = sorted(tuple(r) for r in conn.execute(
                'SELECT kind, seq, start, "end", data FROM extractions WHERE article_id = ?', (article.id,)))
            assert stored == fresh, article.url
    assert {r["url"] for r in rows if r["published_by"] == HOW} >= {"https://blog.example.info/lind-quits"}
    assert any(r["published"] is None for r in rows)      # one the story leaves undated is read in full as well


def test_an_article_a_stopped_run_left_half_read_is_read_again(tmp_path):
    """An undated article is stored with its sentences and times only until its story is read; if the run
    stops there, the next run reads it again instead of taking it as done."""
    from parley.pipeline import PENDING

    db = tmp_path / "river.db"
    parley.ingest([RIVER], db=db)
    bread = next(a["id"] for a in parley.export(db=db)["articles"] if "bread" in a["url"])
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET pipeline = ? WHERE id = ?", (PENDING, bread))
    report = parley.ingest([RIVER], db=db)
    assert report.added == [bread]


def test_a_page_dated_only_by_its_update_is_placed_by_its_story(tmp_path):
    """'Updated Jun 20, 2023' bounds the publication; the story says the naming on Thursday was 18 May."""
    db = tmp_path / "river.db"
    parley.ingest([RIVER], db=db)
    assert _dates(db)["https://tv.example.net/varna/holm-profile"] == ("2023-05-18", HOW)


def test_an_update_date_stays_where_the_story_says_nothing(tmp_path):
    path = tmp_path / "in.jsonl"
    rows = [r for r in _river() if r.get("published")]
    rows.append({"url": "https://tv.example.net/recipes", "text": "Rye bread\n\nUpdated Jun 20, 2023\n\n"
                 "Mix the flour with warm water and salt and leave the dough to rise for a few hours."})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = tmp_path / "s.db"
    parley.ingest([path], db=db)
    assert _dates(db)["https://tv.example.net/recipes"] == ("2023-06-20", "updated")


def test_the_urls_month_bounds_the_day_and_history_is_not_news(story):
    """A page under /2023/05/ about the deal is placed in May; a day of 1998 it recalls with its year
    does not pull it back into 1998."""
    text = ("Deal on the Varna\n\nNegotiators from Arland and Belmark reached a deal on Friday to share the waters "
            "of the Varna river, 25 years after the protocol of March 3, 1998 lapsed.")
    found = date_from_story(text, story, today=TODAY, within=(dt.date(2023, 5, 1), dt.date(2023, 5, 31)))
    assert found is not None and found.date == dt.date(2023, 5, 26)
    found = date_from_story(text, story, today=TODAY)
    assert found is not None and found.date == dt.date(2023, 5, 26)


def test_damaged_time_and_sentence_records_never_stop_dating(tmp_path):
    """A stored time whose day does not exist, or whose offsets are text, is left out; the next ingest
    still dates and links the story."""
    import sqlite3

    rows = _river()
    first, rest = tmp_path / "first.jsonl", tmp_path / "rest.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in rows if r.get("published")), encoding="utf-8")
    rest.write_text("".join(json.dumps(r) + "\n" for r in rows if not r.get("published")), encoding="utf-8")
    db = tmp_path / "river.db"
    parley.ingest([first], db=db)
    conn = sqlite3.connect(db)
    conn.execute("""UPDATE extractions SET data = '{"start": 1, "end": 5, "value": "2023-02-30", "type": "DATE",
                    "text": "x", "anchor": null}' WHERE kind = 'time' AND seq = 0""")
    conn.execute("""UPDATE extractions SET data = '{"start": "0", "end": 5, "text": "x"}'
                    WHERE kind = 'sentence' AND seq = 0""")
    conn.commit()
    conn.close()
    parley.ingest([rest], db=db)
    assert _dates(db)["https://blog.example.info/lind-quits"] == ("2023-05-17", HOW)


def test_two_worker_processes_date_the_story_as_one_process_does(tmp_path):
    """Dating from the story runs on the workers too (in chunks); the dates and the record are the same."""
    from parley.views.export import to_json

    one, two = tmp_path / "one.db", tmp_path / "two.db"
    parley.ingest([RIVER], db=one)
    parley.ingest([RIVER], db=two, workers=2)
    assert _dates(two) == _dates(one)
    assert sum(1 for _, how in _dates(two).values() if how == HOW) >= 2
    assert to_json(parley.export(db=two)) == to_json(parley.export(db=one))


def test_an_article_dated_by_its_weekday_alone_takes_the_year_of_its_story_whatever_the_order(tmp_path):
    """"Monday (Nov 30)" fits 2026, 2020, 2015...: read before its story, the article takes the latest fitting
    year; once the story's dated reports (2015) are stored, it is dated again into the story's year."""
    lonely = {"url": "https://lake.example.org/varn-talks-resume",
              "text": "Water talks resume in Varn\n\nNegotiators from Orlova and Kesh met again on Monday (Nov 30) "
                      "in the lakeside town of Varn, a week after the last round broke up without a deal on the "
                      "summer releases from the upper dam."}
    story = [{"url": f"https://news.example.com/2015/11/{day}/tamsa-{day}", "published": f"2015-11-{day}",
              "text": f"Orlova and Kesh traded proposals on the Tamsa water accord, report {day}. Farmers on both "
                      "banks asked the governors to settle the summer releases before the planting season."}
             for day in (20, 24, 27)]
    first, rest = tmp_path / "first.jsonl", tmp_path / "rest.jsonl"
    first.write_text(json.dumps(lonely) + "\n", encoding="utf-8")
    rest.write_text("".join(json.dumps(r) + "\n" for r in story), encoding="utf-8")
    db = tmp_path / "lake.db"
    parley.ingest([first], db=db)
    published, how = _dates(db)[lonely["url"]]
    assert how == "inferred" and published.endswith("-11-30") and published != "2015-11-30"
    parley.ingest([rest], db=db)
    assert _dates(db)[lonely["url"]] == ("2015-11-30", "inferred")
    together = tmp_path / "together.db"                  # read in one run, the lonely page first: the same
    parley.ingest([first, rest], db=together)
    assert _dates(together)[lonely["url"]] == ("2015-11-30", "inferred")


def _story_dates(tmp_path, texts: dict[str, str]) -> dict[str, tuple[str, str]]:
    folder = tmp_path / "story"
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    import parley

    parley.ingest([folder], db=tmp_path / "s.db")
    return {a["file"]: (a["published"], a["published_by"]) for a in parley.export(db=tmp_path / "s.db")["articles"]}


_OPENED = ("Quota talks open in Lima\n\nLIMA (March 4, 2024) - Chile and Peru opened quota talks in Lima on Monday "
           "(March 4), with fisheries ministers Ana Torres and Luis Vega leading the delegations.\n")
_STALLED = ("Quota talks stall\n\nLIMA (March 6, 2024) - The quota talks between Chile and Peru stalled on Wednesday "
            "(March 6) over inspections at sea, Ana Torres said.\n")


def test_a_page_chrome_date_months_from_the_story_gives_way_to_the_story(tmp_path):
    dates = _story_dates(tmp_path, {"a.txt": _OPENED, "b.txt": _STALLED, "c.txt": (
        "Thursday, May 29, 2025\n\nChile and Peru resume quota talks\n\nFisheries ministers Ana Torres and Luis Vega "
        "resumed the stalled quota talks in Lima after the dispute over inspections at sea, officials said. The "
        "talks stalled on Wednesday over inspections.\n")})
    published, how = dates["c.txt"]
    assert published.startswith("2024-03") and how == "inferred-from-story", dates


def test_a_page_date_years_before_the_story_is_an_older_reports_own_and_stands(tmp_path):
    dates = _story_dates(tmp_path, {"a.txt": _OPENED, "b.txt": _STALLED, "c.txt": (
        "7 Sep, 2019 09:55\n\nChile and Peru ministers will not meet\n\nFisheries ministers Ana Torres and Luis Vega "
        "will not meet in Lima on Friday, officials said. The quota talks stalled over inspections at sea.\n")})
    assert dates["c.txt"] == ("2019-09-07", "header"), dates


def test_a_page_date_months_from_the_story_stands_when_its_text_names_a_day_near_it(tmp_path):
    dates = _story_dates(tmp_path, {"a.txt": _OPENED, "b.txt": _STALLED, "c.txt": (
        "Thursday, May 29, 2025\n\nChile and Peru sign quota accord\n\nFisheries ministers Ana Torres and Luis Vega "
        "signed the quota accord in Lima on May 28, a year after the talks stalled over inspections at sea.\n")})
    assert dates["c.txt"] == ("2025-05-29", "header"), dates
