"""Tests for parley.ingest.published: the publication-date fallbacks."""
from __future__ import annotations

import datetime as dt

import pytest

from parley.ingest.published import (
    from_dateline,
    from_metadata,
    from_print_line,
    from_url,
    infer_from_text,
    publication_date,
)

D = dt.date

# A made-up story: Thursday Feb 28 and Friday March 1 fall on those weekdays in 2013, 2019, 2030, ...
TALKS = (
    "Harbour talks resume in Portmere\n"
    "Talks between the dock workers' union and the port authority opened on Thursday (Feb 28) "
    "in Portmere. The two sides will meet again on Friday (March 1) to discuss overtime pay."
)


# -- url ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.com/2019/02/28/harbour-strike-ends",
        "https://example.org/world/2019-02-28-harbour-strike-ends",
        "https://example.org/a/20190228/harbour-strike-ends",
        "https://example.org/world/harbour-strike-ends-20190228",
    ],
)
def test_from_url(url):
    assert from_url(url) == D(2019, 2, 28)


@pytest.mark.parametrize(
    "url",
    [None, "", "https://example.org/story/123456789", "https://example.org/2019/02/30/impossible-day",
     "https://example.org/2019/harbour"],
)
def test_from_url_without_a_date(url):
    assert from_url(url) is None


# -- metadata ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "value",
    ["2019-02-28T09:30:00Z", "2019-02-28", "2019-02-28T23:59:00+09:00", "Feb 28, 2019", "28 February 2019",
     "Thu, 28 Feb 2019 09:30:00 GMT"],
)
def test_from_metadata(value):
    assert from_metadata(value) == D(2019, 2, 28)


@pytest.mark.parametrize("value", [None, "", "   ", "not a date at all", "February 2019", "2019", "2019-13-45"])
def test_from_metadata_garbage_is_none(value):
    assert from_metadata(value) is None


@pytest.mark.parametrize("value", ["yesterday", "now", "2 days ago"])
def test_from_metadata_relative_words_are_not_dates(value):
    assert from_metadata(value) is None


# -- dateline ----------------------------------------------------------------------------------

def test_from_dateline_city_and_parenthesised_date():
    raw = "PORTMERE (Dec 2, 2015) - Dock workers went back to work after a deal on pay.\nMore text."
    assert from_dateline(raw) == D(2015, 12, 2)


def test_from_dateline_reads_the_whole_bracket_after_the_city():
    raw = "LIMA (Harbour Daily Wire Service / Agency - 4th March, 2031) Chile and Peru opened quota talks."
    assert from_dateline(raw) == D(2031, 3, 4)


def test_from_dateline_published_line_second():
    raw = "Harbour strike ends in Portmere\nPublished: 5 December 2015\nDock workers went back to work."
    assert from_dateline(raw) == D(2015, 12, 5)


def test_an_updated_line_is_no_dateline_but_the_last_resort_of_the_header():
    """"Updated" says when the page last changed: only an upper bound on its publication, which the
    story may place earlier (see test_story_dates); never a dateline."""
    raw = "Harbour strike ends\n\nUpdated on March 3, 2016 at 10:40\n\nDock workers went back to work."
    assert from_dateline(raw) is None
    assert publication_date(raw=raw, text=raw, infer=False) == ("2016-03-03", "updated")


def test_from_dateline_ignores_dates_far_down_the_article():
    lines = ["Harbour strike ends"] + [f"Paragraph {i} about the harbour." for i in range(8)]
    lines.append("Published: 5 December 2015")
    assert from_dateline("\n".join(lines)) is None


def test_from_dateline_none_without_a_full_date():
    assert from_dateline("PORTMERE (Dec 2) - Dock workers went back to work.") is None


def test_from_dateline_ignores_a_past_date_in_an_ordinary_sentence():
    raw = ("Five years after the harbour strike\n"
           "Looking back, the strike that began on Dec 2, 2015 changed the port for good.")
    assert from_dateline(raw) is None


# -- print line --------------------------------------------------------------------------------

def test_from_print_line_appeared_in_print_edition():
    raw = ("Strike ends\nDock workers went back to work.\nThe union said the deal would hold.\n"
           "A version of this article appeared in the print edition of The Times on February 23, 2019, "
           "with the headline: Strike Ends.")
    assert from_print_line(raw) == D(2019, 2, 23)


def test_from_print_line_appears_in_print_on():
    raw = ("Strike ends\nDock workers went back to work.\n"
           "A version of this article appears in print on March 3, 2016, on Page A4 of the New York edition.")
    assert from_print_line(raw) == D(2016, 3, 3)


def test_from_print_line_none_without_print_cue():
    assert from_print_line("Strike ends\nThe strike began on February 23, 2019.") is None


# -- inferred ----------------------------------------------------------------------------------

def test_infer_with_near_year():
    assert infer_from_text(TALKS, near_year=2019) == D(2019, 2, 28)


def test_infer_near_year_picks_nearest_fitting_year():
    assert infer_from_text(TALKS, near_year=2031) == D(2030, 2, 28)


@pytest.mark.parametrize(
    ("latest", "expected"),
    [(D(2020, 12, 31), D(2019, 2, 28)), (D(2019, 3, 1), D(2019, 2, 28)), (D(2018, 12, 31), D(2013, 2, 28))],
)
def test_infer_with_latest_takes_latest_fitting_year_not_after_it(latest, expected):
    assert infer_from_text(TALKS, latest=latest) == expected


def test_infer_without_near_year_or_latest_still_fits_the_weekdays():
    d = infer_from_text(TALKS)
    assert d is not None and d.month == 2 and d.day == 28 and d.weekday() == 3


def test_infer_announced_day_dates_the_article_the_day_before():
    text = "Harbour talks\nThe union and the port authority will meet on Friday (March 1) in Portmere."
    assert infer_from_text(text, near_year=2019) == D(2019, 2, 28)


def test_infer_today_wins():
    text = "Harbour talks\nToday, Thursday (Feb 28), the union said talks will go on until Friday (March 8)."
    assert infer_from_text(text, near_year=2019) == D(2019, 2, 28)


def test_infer_without_weekday_pairs_is_none():
    assert infer_from_text("Harbour talks\nThe union met the port authority on Feb 28.", near_year=2019) is None


def test_infer_tense_callback_is_used():
    # Told every date is announced, the article is dated the day before the first one.
    assert infer_from_text(TALKS, near_year=2019, tense=lambda s, e: "future") == D(2019, 2, 27)


def test_infer_never_goes_past_latest_even_with_near_year():
    assert infer_from_text(TALKS, near_year=2025, latest=D(2025, 6, 1)) == D(2019, 2, 28)


# -- publication_date: fallback order --------------------------------------------------------

DATELINE = "PORTMERE (Dec 2, 2015) - Dock workers went back to work.\n"
PRINT = "A version of this article appeared in the print edition of The Times on February 23, 2019."


def test_metadata_beats_url_and_dateline():
    assert publication_date(raw=DATELINE, text=DATELINE, url="https://x.example/2017/05/06/a",
                            metadata="2018-07-08T10:00:00Z") == ("2018-07-08", "metadata")


def test_url_beats_dateline():
    assert publication_date(raw=DATELINE, text=DATELINE, url="https://x.example/2017/05/06/a") == (
        "2017-05-06", "url")


def test_unparseable_metadata_falls_through_to_url():
    assert publication_date(raw=DATELINE, text=DATELINE, url="https://x.example/2017/05/06/a",
                            metadata="sometime soon") == ("2017-05-06", "url")


def test_dateline_beats_print_line():
    raw = DATELINE + "The union said the deal would hold.\n" + PRINT
    assert publication_date(raw=raw, text=raw) == ("2015-12-02", "dateline")


def test_print_line_beats_inference():
    raw = TALKS + "\n" + PRINT
    assert publication_date(raw=raw, text=raw, near_year=2019) == ("2019-02-23", "print")


def test_inferred_is_last():
    assert publication_date(raw=TALKS, text=TALKS, near_year=2019) == ("2019-02-28", "inferred")


def test_infer_false_leaves_undated_text_undated():
    assert publication_date(raw=TALKS, text=TALKS, near_year=2019, infer=False) == (None, None)


def test_nothing_found():
    text = "Harbour talks\nThe union met the port authority again."
    assert publication_date(raw=text, text=text) == (None, None)


def test_a_day_since_which_something_goes_on_is_reported_not_announced():
    text = ("The fisheries ministers have been meeting in Lima since Monday 4 March. The talks were initially "
            "scheduled to end on Wednesday 6 March.")
    assert infer_from_text(text, near_year=2024) == D(2024, 3, 4)      # not the eve of the first day named
