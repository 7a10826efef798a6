"""Temporal expressions: resolution against the article's own date, never today's."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.extract.tense import tense_callback
from parley.extract.time import find_times

SAT = dt.date(2024, 3, 9)          # a Saturday
TIMEX3 = re.compile(
    r"^(?:"
    r"(?:\d{4}|XXXX)(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?)?(?:T(?:\d{2}:\d{2}Z?|MO|AF|EV|NI))?"
    r"|\d{4}-(?:Q[1-4]|H[12]|SP|SU|FA|WI)|\d{2,3}"
    r"|\d{4}-W\d{2}(?:-WE|-\d)?|XXXX-WXX-\d"
    r"|\d{4}/\d{4}"
    r"|PT?(?:\d+(?:\.\d+)?|X)(?:Y|M|W|D|H|DE)"
    r"|PRESENT_REF|PAST_REF|FUTURE_REF"
    r")$"
)


def values(text, anchor=SAT, **kw):
    return {t.text: (t.type, t.value) for t in find_times(text, anchor=anchor, **kw)}


@pytest.mark.parametrize("text, expected", [
    ("The accord was signed on March 4, 2024.", {"March 4, 2024": ("DATE", "2024-03-04")}),
    ("Talks resume on Feb 28.", {"Feb 28": ("DATE", "2024-02-28")}),
    ("They first met on June 12 last year.", {"June 12 last year": ("DATE", "2023-06-12")}),
    ("Ministers arrive on Thursday (March 14).", {"Thursday (March 14)": ("DATE", "2024-03-14")}),
    ("The envoy left yesterday and returns tomorrow.", {"yesterday": ("DATE", "2024-03-08"),
                                                        "tomorrow": ("DATE", "2024-03-10")}),
    ("Leaders will meet next Wednesday.", {"next Wednesday": ("DATE", "2024-03-13")}),
    ("The ban ended last Friday.", {"last Friday": ("DATE", "2024-03-08")}),   # the latest Friday before
    ("Delegates met last year.", {"last year": ("DATE", "2023")}),
    ("The talks resume next week.", {"next week": ("DATE", "2024-W11")}),
    ("In his New Year's Day speech he was upbeat.", {"New Year's Day": ("DATE", "2024-01-01")}),
    ("The session ran from about 10am Geneva time.", {"10am Geneva time": ("TIME", "2024-03-09T10:00")}),
    ("A signing is due at around 3pm.", {"3pm": ("TIME", "2024-03-09T15:00")}),
    ("The meeting lasted 45 minutes.", {"45 minutes": ("DURATION", "PT45M")}),
    ("They talked for over two hours.", {"over two hours": ("DURATION", "PT2H")}),
    ("The 1950-53 war ended in a truce.", {"1950-53": ("DATE", "1950/1953")}),
    ("They dined on Wednesday night.", {"Wednesday night": ("TIME", "2024-03-06TNI")}),
    ("Ministers met on Thursday (March 7) morning.", {"Thursday (March 7) morning": ("TIME", "2024-03-07TMO")}),
    ("The plant closed in 2019 after the 2008 crisis.", {"2019": ("DATE", "2019"), "2008": ("DATE", "2008")}),
    ("It will reopen in October.", {"October": ("DATE", "2024-10")}),
    ("It reopened in October.", {"October": ("DATE", "2023-10")}),
    ("The launch was at 18:00 UTC.", {"18:00 UTC": ("TIME", "2024-03-09T18:00Z")}),
])
def test_expressions_resolve_against_the_anchor(text, expected):
    found = values(text)
    for key, value in expected.items():
        assert found.get(key) == value, (key, found)


def test_last_weekday_is_the_latest_one_before_the_anchor():
    assert values("The ban ended last Friday.", anchor=dt.date(2024, 3, 6))["last Friday"] == ("DATE", "2024-03-01")


def test_numbers_that_are_not_years_are_not_dates():
    found = values("The port employs 2000 workers and handled 1999 ships; costs rose 2015%.")
    assert "2000" not in found and "2015" not in found


def test_a_clock_time_takes_the_day_named_in_its_sentence():
    assert values("On Tuesday (March 5) the vote opened at 9am.")["9am"] == ("TIME", "2024-03-05T09:00")


def test_without_anchor_relative_values_stay_unresolved():
    found = values("They meet on Friday, Feb 28, and spoke today.", anchor=None)
    assert found["Friday, Feb 28"][1] == "XXXX-02-28"
    assert found["today"][1] == "PRESENT_REF"


def test_results_never_depend_on_the_day_the_tool_runs():
    text = "Officials said on Tuesday that talks would resume next month."
    assert values(text) == values(text)                       # same anchor, same answer
    assert values(text)["next month"] == ("DATE", "2024-04")


def test_tense_from_the_parse_places_bare_weekdays(nlp):
    text = "Negotiators arrived on Tuesday. The ministers will sign the accord on Tuesday."
    doc = nlp(text)
    got = [t.value for t in find_times(text, anchor=dt.date(2024, 3, 7), tense=tense_callback(doc))]
    assert got == ["2024-03-05", "2024-03-12"]                # past Tuesday, coming Tuesday



def test_tense_places_a_day_without_a_year_months_away(nlp):
    text = ("The port has been closed since April 15. The fleet sailed on April 20. The ministers will meet "
            "on September 1. They met on November 3.")
    doc = nlp(text)
    got = {t.text: t.value for t in find_times(text, anchor=dt.date(2023, 10, 23), tense=tense_callback(doc))}
    assert got["April 15"] == "2023-04-15" and got["April 20"] == "2023-04-20"   # not the nearer next April
    assert got["November 3"] == "2023-11-03"      # a past tense days after the anchor: a date a little off
    got = {t.text: t.value for t in find_times(text, anchor=dt.date(2024, 3, 1), tense=tense_callback(doc))}
    assert got["September 1"] == "2024-09-01"     # to come, though last September lies a few days nearer

PIECES = st.sampled_from(list("0123456789 -/:()apmAPM.,'") + [
    "Monday", "Feb", "March", "next", "last", " year", " week", "today", "minutes", "hours", "two", "1950",
    "2024", "night", "morning", " on ", "New Year's Day", "UTC", "in ", "May", "June", "the ", " quarter",
    " half of the year", "21st century", "noon", "midnight", " GMT", " day before", " and a half", "this "])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join),
       st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_no_text_crashes_the_tagger_and_values_are_timex3(text, anchor):
    for t in find_times(text, anchor=anchor):
        assert text[t.start:t.end] == t.text
        assert TIMEX3.match(t.value), t
        assert t.type in ("DATE", "TIME", "DURATION", "SET")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode_never_crashes(text):
    for t in find_times(text, anchor=SAT):
        assert text[t.start:t.end] == t.text


def test_times_beyond_calendar_dates():
    import datetime as dt

    from parley.extract.time import find_times

    text = ("Profits rose in the third quarter of 2023 and in Q1 2024, slowed in the second half of 2023, and will "
            "peak this summer. Fleets grew in the 1990s. The quota is reviewed annually and weekly. The port was "
            "recently dredged; in the future it may close. Talks ran over the years. The deal was signed on "
            "3/5/24 in Lima. The ministers met on Tuesday (March 5). That day the port reopened.")
    got = {t.text: (t.type, t.value) for t in find_times(text, anchor=dt.date(2024, 3, 7))}
    assert got["the third quarter of 2023"] == ("DATE", "2023-Q3") and got["Q1 2024"] == ("DATE", "2024-Q1")
    assert got["the second half of 2023"] == ("DATE", "2023-H2") and got["this summer"] == ("DATE", "2024-SU")
    assert got["the 1990s"] == ("DATE", "199")
    assert got["annually"] == ("SET", "P1Y") and got["weekly"] == ("SET", "P1W")
    assert got["recently"] == ("DATE", "PAST_REF") and got["in the future"] == ("DATE", "FUTURE_REF")
    assert got["over the years"] == ("DURATION", "PXY")
    assert got["3/5/24"] == ("DATE", "2024-03-05")
    assert got["That day"] == ("DATE", "2024-03-05")
    assert "fall" not in " ".join(got)                       # a season needs a year or "this"


def test_ordinary_words_are_not_times():
    import datetime as dt

    from parley.extract.time import find_times

    for text in ("In their 40s, the fishermen blocked the port.", "10s of metres", "the 1800s",
                 "after the last fall in prices", "The future of the anchovy stock", "that day-to-day patrols",
                 "an annual report and a daily catch", "on 1/1/0001 and 12/31/9999"):
        assert list(find_times(text, anchor=dt.date(2024, 3, 7))) == [], text


def test_periods_and_decades_cover_their_days():
    import datetime as dt

    from parley.link.window import when_span

    assert when_span("2024-Q3") == (dt.date(2024, 7, 1), dt.date(2024, 9, 30))
    assert when_span("2024-WI") == (dt.date(2024, 12, 1), dt.date(2025, 2, 28))
    assert when_span("199") == (dt.date(1990, 1, 1), dt.date(1999, 12, 31))
    assert when_span("PAST_REF") is None


def test_scanned_matches_are_kept_within_a_character_budget(monkeypatch):
    import parley.extract.time as time_mod

    monkeypatch.setattr(time_mod, "SCAN_KEPT_CHARS", 2_000)
    texts = [f"Talks resume on {d} March 2031, {d} days after the {n}th round broke up. " * 3
             for n, d in enumerate(range(1, 29))]
    anchor = dt.date(2031, 3, 1)
    first = [list(find_times(t, anchor=anchor)) for t in texts]
    assert sum(len(t) for t in time_mod._scanned) <= 2_000 + max(map(len, texts))
    assert [list(find_times(t, anchor=anchor)) for t in texts] == first       # read again: the same
    later = [list(find_times(t, anchor=dt.date(2032, 1, 1))) for t in texts[-3:]]
    assert later[0][0].value == "2031-03-26" and later[0][0].anchor == "2032-01-01"


@pytest.mark.parametrize("phrase, value, type_", [
    ("almost two and a half years", "P2.5Y", "DURATION"),
    ("a year and a half", "P1.5Y", "DURATION"),
    ("six and a half hours", "PT6.5H", "DURATION"),
    ("a few days", "PXD", "DURATION"),
    ("the coming months", "PXM", "DURATION"),
    ("the past few years", "PXY", "DURATION"),
    ("the past year", "P1Y", "DURATION"),
    ("the past decade", "P10Y", "DURATION"),
    ("last quarter", "2024-Q4", "DATE"),
    ("the current quarter", "2025-Q1", "DATE"),
    ("next quarter", "2025-Q2", "DATE"),
    ("the second half of the year", "2025-H2", "DATE"),
    ("the first half of next year", "2026-H1", "DATE"),
    ("the 21st century", "20", "DATE"),
    ("midnight", "2025-02-12T24:00", "TIME"),
    ("noon", "2025-02-12T12:00", "TIME"),
    ("0800 GMT", "2025-02-12T08:00Z", "TIME"),
    ("this morning", "2025-02-12TMO", "TIME"),
    ("last night", "2025-02-11TNI", "TIME"),
    ("the day before", "2025-02-11", "DATE"),
])
def test_forms_beyond_calendar_dates(phrase, value, type_):
    found = list(find_times(f"The ferry union said {phrase} that the strike would go on.", anchor=dt.date(2025, 2, 12)))
    assert [(t.text, t.value, t.type) for t in found] == [(phrase, value, type_)]


def test_the_next_day_follows_the_day_in_focus_not_the_publication():
    text = "The envoys met in Varn on 3 March. The next day they signed; the year before, talks in 2019 had failed."
    found = {t.text: t.value for t in find_times(text, anchor=dt.date(2021, 5, 1))}
    assert found["The next day"] == "2021-03-04"
    assert found["the year before"] == "2020"          # the year of the latest year named before it: 2021


def test_this_evening_in_a_sentence_that_names_its_day_is_that_days_evening():
    said = list(find_times("Ms Orlova said on Monday that the dinner this evening was off.", anchor=dt.date(2025, 2, 13)))
    assert [(t.text, t.value) for t in said] == [("Monday", "2025-02-10"), ("this evening", "2025-02-10TEV")]
    plain = list(find_times("The dinner this evening is off.", anchor=dt.date(2025, 2, 13)))
    assert [(t.text, t.value) for t in plain] == [("this evening", "2025-02-13TEV")]


def test_this_weekday_looking_ahead_and_a_quarter_of_next_year():
    text = "The rebels will begin this Monday the second round of talks, to end in the first quarter of next year."
    got = values(text, anchor=dt.date(2023, 2, 12), tense=lambda s, e: "future")     # a Sunday
    assert got["this Monday"] == ("DATE", "2023-02-13")          # not the Monday of the week that is ending
    assert got["the first quarter of next year"] == ("DATE", "2024-Q1")


def test_in_so_many_days_said_of_what_is_to_come_is_a_day_ahead():
    got = values("The next meeting is expected to take place in 15 days and the deal will be signed in two weeks.",
                 anchor=dt.date(2024, 3, 7))
    assert got["15 days"] == ("DATE", "2024-03-22") and got["two weeks"] == ("DATE", "2024-W12")
    assert values("Apple released four versions in 5 years.")["5 years"] == ("DURATION", "P5Y")
    assert values("They will decide within two weeks.")["two weeks"] == ("DURATION", "P2W")
    assert values("They will decide in the next 15 days.")["the next 15 days"] == ("DURATION", "P15D")


def test_that_same_day_is_the_day_in_focus():
    got = values("The talks collapsed on January 10. That same day, Peru imposed quotas.", anchor=dt.date(2024, 3, 7))
    assert got["That same day"] == ("DATE", "2024-01-10")
