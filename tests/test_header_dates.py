"""Publication dates as real pages print them: header and byline shapes, URL shapes, first
published before updated, captions and print lines left out, day-first by evidence. The texts
are ours (a fictional river-treaty story), the shapes are those of real coverage."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.ingest.header import header_candidates, url_dates, weekday_pinned
from parley.ingest.published import publication_date

BODY = ("Negotiators from the three river states met in Kinshasa on Tuesday and agreed to resume talks "
        "on the water treaty next month, officials said after a long day of meetings.")


def _date(head: str, url: str | None = None, **kw) -> tuple[str | None, str | None]:
    raw = f"River treaty talks resume\n{head}\n{BODY}"
    return publication_date(raw=raw, text=raw, url=url, infer=False, **kw)


@pytest.mark.parametrize("head, want, by", [
    ("27.06.2031 - 14:50 [ Wire ]", "2031-06-27", "header"),
    ("River treaty | News | DW | 08.02.2031", "2031-02-08", "header"),
    ("Date: 11:37, 13-01-2031.", "2031-01-13", "header"),
    ("Publication Date 06/02/2031 | Series Details 06.02.31", "2031-02-06", "first-published"),
    ("June 30, 2031 / 3:04 PM", "2031-06-30", "header"),
    ("Mon 13 Jul 2031 12.20 BST First published on Sun 12 Jul 2031 10.05 BST", "2031-07-12", "first-published"),
    ("Kinshasa (AFP) July 8, 2031", "2031-07-08", "header"),
    ("Wire | Last Updated: Jan 15, 2031, 19:23 PM IST", "2031-01-15", "updated"),
    (" date 2031-07-13", "2031-07-13", "date-field"),
    ("16 января 2031, 14:51", "2031-01-16", "header"),
    ("Author: Ayo от 10.09.2031, 08:57", "2031-09-10", "header"),
    ("July 13, 2031European Council President", "2031-07-13", "header"),
    ("12 January 2031    Read: 793", "2031-01-12", "header"),
])
def test_header_shapes(head, want, by):
    assert _date(head, latest=dt.date(2040, 1, 1)) == (want, by)


def test_first_published_beats_updated_and_url_beats_a_plain_header():
    head = "Updated 28 Jul 2031 | First published on 6 Jul 2031"
    assert _date(head, latest=dt.date(2040, 1, 1)) == ("2031-07-06", "first-published")
    chrome = "Thursday , September 28 2033"                      # the day the page was crawled
    assert _date(chrome, url="https://x.example/2031/07/12/treaty", latest=dt.date(2040, 1, 1)) == (
        "2031-07-12", "url")


def test_captions_and_long_body_sentences_are_not_the_pages_date():
    caption = "Image: picture-alliance/dpa, Kinshasa 18.12.2030"
    assert _date(caption, latest=dt.date(2040, 1, 1)) == (None, None)
    long_line = ("Delegates recalled that the first protocol of the river treaty was signed on 5 September 2030 "
                 "in Kinshasa after months of difficult talks between all the riparian states.")
    assert _date(long_line, latest=dt.date(2040, 1, 1)) == (None, None)


def test_numeric_order_by_evidence():
    # a day over 12 elsewhere on the page says month-first here
    assert _date("Posted 03/04/2031 | Updated 03/14/2031", latest=dt.date(2040, 1, 1)) == (
        "2031-03-04", "first-published")
    cands = header_candidates("Filed 03/04/2031\nNothing else")
    assert cands[0].date == dt.date(2031, 4, 3) and cands[0].other == dt.date(2031, 3, 4)   # undecided: both kept
    cands = header_candidates("Filed 11/10/2031 10:10:33 AM\nNothing else")      # a 12-hour clock: month first
    assert cands[0].date == dt.date(2031, 11, 10) and cands[0].other is None


@pytest.mark.parametrize("url, want", [
    ("https://x.example/world/2031/jul/14/treaty-talks", "2031-07-14"),
    ("https://x.example/news/2031_jul_14_treaty", "2031-07-14"),
    ("https://x.example/story?id=5&ud=20310226", "2031-02-26"),
    ("https://x.example/06-May-2031/treaty", "2031-05-06"),
    ("https://x.example/article/idUSKCN0PM08W20310630", "2031-06-30"),
    ("https://x.example/20310627/1023920671.html", "2031-06-27"),
    ("https://x.example/news/politics.php?yyyy=2031&mm=10&dd=26&nav_id=116920", "2031-10-26"),
    ("https://x.example/story?Year=2031&Month=2&Day=3", "2031-02-03"),
    ("https://x.example/stories/203110250573.html", "2031-10-25"),
])
def test_url_shapes(url, want):
    assert url_dates(url)[0].isoformat() == want


def test_a_prose_sentence_that_opens_with_a_date_is_the_texts_not_the_pages():
    raw = ("Quota talks go on\n\nOn 22 July 2031, Chile, Peru and the UN signed the quota initiative in Lima, opening "
           "the sea lanes to fishing boats again after months of talks.\n")
    assert header_candidates(raw) == []


def test_a_dated_url_named_in_the_header_dates_a_page_about_another_page():
    head = "This page tracks changes. You can find the article at http://x.example/world/2031/jun/27/treaty"
    assert _date(head, latest=dt.date(2040, 1, 1)) == ("2031-06-27", "url-in-text")


def test_weekday_without_year_is_pinned_by_the_storys_year():
    raw = "Treaty live blog\nAyo Bello, Kim Obi Mon, Jul 13 | LIVE\n" + BODY
    assert weekday_pinned(raw, 2015) == dt.date(2015, 7, 13)


@given(st.text(max_size=300), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_never_a_date_after_the_day_of_reading(head, today):
    raw = head + "\n" + BODY + " Published 09.09.2099. Updated June 1, 2098."
    date, _ = publication_date(raw=raw, text=raw, url="https://x.example/2099/01/02/a", latest=today, infer=False)
    assert date is None or date <= today.isoformat()


def test_a_body_date_is_not_taken_when_the_header_has_one():
    raw = ("River treaty talks resume\n14.05.2031\n" + BODY +
           " The ministers will meet again on Friday (May 16). A protocol was signed on 2 March 2031.")
    assert publication_date(raw=raw, text=raw, latest=dt.date(2040, 1, 1)) == ("2031-05-14", "header")


def test_the_pages_own_header_beats_a_leaked_date_field():
    """A crawler's " date ..." field can be a crawl or modification date: the page's header wins."""
    raw = " date 2031-02-13 Harbour strike ends\nHarbour Daily | 21.02.2031\nDock workers went back on Friday."
    assert publication_date(raw=raw, text=raw, latest=dt.date(2040, 1, 1), infer=False) == ("2031-02-21", "header")


@pytest.mark.parametrize("url, month", [
    ("https://news.example.org/2031/07/harbour-strike-ends/", (2031, 7)),
    ("https://review.example.com/news-february-2031/harbour-strike/", (2031, 2)),
    ("https://daily.example.cn/world/2031-07/13/content_1.htm", (2031, 7)),
    ("https://news.example.org/harbour-strike-ends", None),
    ("https://news.example.org/summary-2031/strike", None),
])
def test_a_urls_month_without_its_day(url, month):
    from parley.ingest.header import url_month

    assert url_month(url) == month


@pytest.mark.parametrize("url", ["https://news.example.org/uk-politics-harbour-may-2031-speech",
                                 "https://news.example.org/2031-10-point-plan-for-the-port"])
def test_words_that_only_look_like_a_month_in_a_url(url):
    from parley.ingest.header import url_month

    assert url_month(url) is None


def test_a_caption_with_an_image_credit_gives_no_date_of_the_page():
    raw = ("Quota talks fail\nMinisters sit in a hall in Lima on April 4, 2031. Image Credit: Harbour Wire\n\n"
           "Talks ended with no progress, the ministry said on Tuesday.")
    assert not [c for c in header_candidates(raw) if c.date.isoformat() == "2031-04-04"]


def test_a_pictures_file_name_gives_no_date_of_the_page():
    raw = ("Copy of 2031-04-04T183541Z_1751078628_RC26PM9ZZLOZ_RTRMADP_3_QUOTA-TALKS-1617720310164\n"
           "Quota talks fail\n\nTalks ended with no progress, the ministry said on Tuesday.")
    assert not [c for c in header_candidates(raw) if c.date.isoformat() == "2031-04-04"]
