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
        "Stay informed with Harbour Daily's newsletters",
        "Sign up to get the latest alerts, insights and analysis, starting with Port Unpacked",
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


# -- page furniture of real pages (our own lines, in the shapes pages print them) ----------------------

BODY = "The port authority and the dock union signed the new contract on Tuesday after six weeks of talks."


@pytest.mark.parametrize("line", [
    "Skip to main contentSkip to navigationSkip to key events",
    "1. Skip to content",
    "Accessibility links",
    "Breaking News",
    "Sort by:",
    "• Latest first",
    "Key events",
    "Quote Message",
    "Leave a Reply",
    "Please enter your comment!",
    "Your email address will not be published. Required fields are marked *",
    "Already a member? Login here",
    "Get Harbour news that matters",
    "Back our independent journalism by becoming a supporting member",
    "« Back to LIVE",
    "3 Min Read",
    "Harbour Daily Staff",
    "Read: Port strike enters its second week",
    "READ MORE: Union leader resigns",
    "Read More From Harbour Daily",
    "Comments() Print Mail Large Medium Small",
    "Home / News / Economy / Port contract signed",
    "×",
    "41 0",
    "---|---|",
    "icon bookmark-bicon bookmarkicon cameraicon checkicon chevron downicon",
    " ".join(["icon chevron upicon closeicon v-compressicon downloadicon editicon"] * 10),
    "Left Menu",
    "top of page",
    "• Live",
    "News > Economy",
    "By Mara Lind",
    "By Ana Torres and Luis Vega | Harbour Daily",
    "By Ana Torres, Associated Press",
    "Written by Mara Lind on 15/08/2021 . Posted in News",
    "(Reporting by Ana Torres in Portmere; Additional reporting by Luis Vega; Editing by Otto Brenn)",
    "harbourdaily.com",
    "https://harbourdaily.com/2023/port-contract-signed",
    "/html/head/meta[@name='og:title']/@content",
    "DOCKS UNION VOTE frame 681 1280x720 1 1100x620",
    "Stay up to date with notifications from Harbour Daily",
    "Notifications can be managed in browser preferences.",
    "You are here",
    "All news",
    "This audio is created with AI assistance",
    "To contact the reporter on this story: Ana Torres in Portmere at atorres@harbour.example",
    "--With assistance from Luis Vega and Mara Lind.",
    "Copy of 2031-04-04T183541Z_1751078628_RC26PM9ZZLOZ_RTRMADP_3_PORT-STRIKE-TALKS-1617720310164",
    "harbour_strike_vote_2031.jpg",
])
def test_navigation_and_controls_are_dropped(line):
    assert furniture(line) is not None
    cleaned = clean(f"Port contract signed\n\n{line}\n\n{BODY}")
    assert cleaned.text == f"Port contract signed\n\n{BODY}"
    assert line.strip() in cleaned.dropped


@pytest.mark.parametrize("stamp", [
    "Thursday , September 28 2023",
    "July 12, 2015 / 8:15 AM / 2 years ago",
    "Updated: 2015-07-13 15:10",
    "16 July 2015    Read: 1002",
    "Mon 13 Jul 2015 12.20 BSTFirst published on Sun 12 Jul 2015 10.05 BST",
    "27.06.2015 - 14:50 [ Harbour Daily ]",
    "Date: 11:37, 13-01-2015.",
    "27. februar 2023 20:25",
    "AG Thursday, November 24, 2022, 01:33",
])
def test_the_pages_date_stamps_at_its_top_are_dropped(stamp):
    cleaned = clean(f"Port contract signed\n{stamp}\n\n{BODY}")
    assert cleaned.text == f"Port contract signed\n\n{BODY}"
    assert stamp.strip() in cleaned.dropped


@pytest.mark.parametrize("line", [
    "By Monday the union had voted.",
    "By Tuesday, Torres and Vega agreed",
    "By Christmas, the two sides hope to sign",
    "By signing the contract, Vega won the vote.",
    "Live talks resume in Portmere",
    "Top of the agenda is the pension fund.",
    "With assistance from the navy, the boats left Portmere.",
])
def test_sentences_that_begin_like_a_byline_or_a_control_are_kept(line):
    assert furniture(line) is None


def test_a_menu_is_found_within_a_run_that_ends_in_a_breadcrumb():
    raw = ("• Live\n    • Audio Only\n  • google plus\n  • facebook\n  • twitter\nNews > Economy\n\n"
           "Port contract signed")
    cleaned = clean(f"{raw}\n\n{BODY}")
    assert cleaned.text == f"Port contract signed\n\n{BODY}"


@pytest.mark.parametrize("credit", ["\u00a9 Ana Torres, Harbour Daily", "Foto: AP Photo/Luis Vega, archive",
                                    "(\u00a9 AFP)"])
def test_copyright_and_foreign_picture_credits_end_a_caption(credit):
    cleaned = clean(f"{CAPTION} {credit}")
    assert cleaned.text == CAPTION


def test_a_control_after_a_leaked_metadata_field_is_dropped_too():
    cleaned = clean(f" date 2031-02-29 Left Menu\nPort contract signed\n\n{BODY}")
    assert cleaned.text == f"Port contract signed\n\n{BODY}"


def test_a_capitalised_image_credit_ends_a_caption():
    assert clean(f"{CAPTION} Image Credit: Harbour Daily").text == CAPTION


def test_an_agencys_terms_of_use_for_a_picture_are_not_text():
    line = ("Vega arrives in Portmere. EFE/ Ana Torres ONLY AVAILABLE TO ILLUSTRATE THE ACCOMPANYING NEWS "
            "(MANDATORY CREDIT)")
    assert clean(f"{line}\n\n{BODY}").text == BODY


def test_a_date_line_inside_the_text_is_kept():
    """"10 July 2015" over a document it dates, far down the page, is part of the text."""
    paragraphs = [f"Paragraph {i} says what the union asked for and what the port offered in reply." for i in range(10)]
    raw = "\n\n".join(["Port contract signed", *paragraphs, "10 July 2015", "The union's letter follows.",
                       *paragraphs[:4]])
    assert "10 July 2015" in clean(raw).text


def test_a_menu_is_dropped_but_a_list_of_signatories_is_kept():
    menu = "\n".join(f"• {w}" for w in ("Home", "Latest", "Politics", "Economy", "Sport", "Weather"))
    names = "Signed:\nAna Torres\nLuis Vega\nMara Lind\nOtto Brenn"
    cleaned = clean(f"{menu}\n\nPort contract signed\n\n{BODY}\n\n{names}")
    assert cleaned.text == f"Port contract signed\n\n{BODY}\n\n{names}"
    assert "• Politics" in cleaned.dropped


def test_a_list_of_other_stories_headlines_is_dropped():
    raw = (f"Port contract signed\n\n{BODY}\n\nMore Must-Read Stories From Harbour Daily\n"
           "- The Fall of the Old Lighthouse\n- What the Mayor Knew About the Ferry\n"
           "- Ten Recipes for Smoked Fish\nRead More From Harbour Daily")
    cleaned = clean(raw)
    assert cleaned.text == f"Port contract signed\n\n{BODY}"
    assert "- What the Mayor Knew About the Ferry" in cleaned.dropped


def test_summary_bullets_of_the_story_itself_are_kept():
    raw = ("Summary\n\n• Dock union and port agree a new contract after night-long talks\n"
           "• Ships will sail again from Wednesday\n• Union members must still vote on the deal\n\n" + BODY)
    assert clean(raw).text == raw


def test_a_metadata_field_leaked_into_the_text_is_dropped_and_the_sentence_kept():
    cleaned = clean(f" date 2017-09 {BODY}")
    assert cleaned.text == BODY
    assert "date 2017-09" in cleaned.dropped
    assert cleaned.to_raw(0) == len(" date 2017-09 ")


@pytest.mark.parametrize("credit", ["REUTERS/Ana Torres", "AFP/Getty Images", "(Photo:", "Photo by: Harbour Daily",
                                    "Photograph: Ana Torres/Harbour Daily"])
def test_agency_and_photographer_credits_end_a_caption(credit):
    caption = "Union delegates shake hands with port officials in Portmere, June 26, 2015."
    cleaned = clean(f"{caption} {credit}")
    assert cleaned.text == caption


@pytest.mark.parametrize("line", [
    "Back to the drachma is not an option, the minister said.",
    "Already a member of the alliance, the port objected.",
    "He met the head of the IMF/World Bank.",
    "The first 100 days",
])
def test_sentences_that_look_like_controls_are_kept(line):
    raw = f"Port contract signed\n\n{line}\n\n{BODY}"
    assert line in clean(raw).text


def test_a_list_after_a_colon_is_kept():
    raw = f"Port contract signed\n\n{BODY} Those who voted against were:\nChile\nPeru\nEcuador\nBolivia\n\nThe rest agreed."
    assert "Ecuador" in clean(raw).text
