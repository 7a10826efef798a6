"""Tests for parley.ingest.clean: dropping page furniture while keeping offsets into the raw text."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.ingest.clean import clean, furniture

CAPTION = "Union delegates shake hands with port officials after the vote in Portmere on Tuesday."


def test_caption_keeps_sentence_and_drops_credit():
    cleaned = clean(f"{CAPTION} PHOTO: AFP")
    assert cleaned.text == CAPTION
    assert "PHOTO: AFP" in cleaned.dropped


def test_parenthesised_credit_is_dropped():
    cleaned = clean(f"{CAPTION} (Photo: Reuters)")
    assert cleaned.text == CAPTION


def test_standalone_credit_line_is_dropped():
    cleaned = clean(f"Strike ends in Portmere\nPHOTO: REUTERS\n{CAPTION}")
    assert cleaned.text == f"Strike ends in Portmere\n{CAPTION}"
    assert "PHOTO: REUTERS" in cleaned.dropped


@pytest.mark.parametrize(
    "line",
    [
        "Remote video URL",
        "Join Harbour Daily's Telegram channel and get the latest breaking news delivered to you.",
        "Join X's Telegram channel and get the latest breaking news delivered to you.",
        "Subscribe to our newsletter for the latest updates.",
        "A version of this article appeared in the print edition of The Times on February 23, 2019, "
        "with the headline: Dock Strike Ends in Portmere.",
        "Advertisement",
        "Follow us on Twitter",
    ],
)
def test_furniture_lines_are_dropped(line):
    assert furniture(line) is not None
    raw = f"Strike ends in Portmere\n\n{CAPTION}\n\n{line}\n\nThe union said the deal would hold."
    cleaned = clean(raw)
    assert line not in cleaned.text
    assert line in cleaned.dropped
    assert cleaned.text == f"Strike ends in Portmere\n\n{CAPTION}\n\nThe union said the deal would hold."


def test_long_paragraph_mentioning_a_newsletter_is_kept():
    paragraph = (
        "The harbour union, which has sent a weekly newsletter for the latest news on the talks to its "
        "4,000 members since the dispute began, said on Tuesday that the strike had cost each worker more "
        "than a month of wages and that it would ask the port authority to restore the lost pay, the bonuses "
        "and the overtime that had been cut during the long and bitter dispute over contracts at the "
        "northern terminals of Portmere."
    )
    assert len(paragraph.split()) > 60
    assert furniture(paragraph) is None
    assert clean(paragraph).text == paragraph


def test_short_sentence_mentioning_a_newsletter_is_kept():
    line = "The union said its newsletter had been read by most of its members during the strike."
    assert furniture(line) is None
    assert clean(line).text == line


def test_news_sentence_about_downloading_an_app_is_kept():
    line = "Health officials urged residents to download the new tracing app before the harbour festival."
    assert furniture(line) is None


def test_news_sentence_about_followers_is_kept():
    line = "Millions follow him on Instagram, where the singer announced that the harbour concert was off."
    assert furniture(line) is None


def test_runs_of_blank_lines_collapse_to_one():
    raw = "Strike ends\n\n\n\n\nWorkers return.\n   \n\t\n\nShips sail.\n\n\n"
    assert clean(raw).text == "Strike ends\n\nWorkers return.\n\nShips sail."


def test_trailing_and_leading_spaces_are_trimmed_and_single_newlines_kept():
    cleaned = clean("   Strike ends   \nWorkers return.  \n")
    assert cleaned.text == "Strike ends\nWorkers return."
    assert cleaned.to_raw(0) == 3
    assert cleaned.to_raw(cleaned.text.index("Workers")) == len("   Strike ends   \n")


def test_offsets_map_back_after_a_dropped_line():
    raw = f"Strike ends\nPHOTO: REUTERS\nRemote video URL\n\n{CAPTION} PHOTO: AFP\nThe union said."
    cleaned = clean(raw)
    i = cleaned.text.index("The union said.")
    assert raw[cleaned.to_raw(i):].startswith("The union said.")
    j = cleaned.text.index("Union delegates")
    assert raw[cleaned.to_raw(j):].startswith("Union delegates")


def test_empty_and_furniture_only_inputs_clean_to_nothing():
    assert clean("").text == ""
    assert clean("\n\n   \n").text == ""
    assert clean("Advertisement\nPHOTO: AFP\nRemote video URL").text == ""


_PIECES = st.sampled_from(list("ab .:\t\n\r\u2028\u00a0") + ["PHOTO: AFP", "Advertisement", "Subscribe",
                                                                   "(Photo: X)", "Remote video URL"])
_LINEY = st.lists(_PIECES, max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=200), _LINEY))
def test_every_cleaned_character_maps_back_to_the_same_raw_character(raw):
    cleaned = clean(raw)
    for i, c in enumerate(cleaned.text):
        if not c.isspace():
            assert raw[cleaned.to_raw(i)] == c
