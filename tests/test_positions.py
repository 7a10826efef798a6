"""Positions: who demands, offers, accepts, refuses or concedes what, and how it moved."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

import parley
from parley.extract.actors import find_mentions
from parley.extract.positions import find_positions

from conftest import DATA

STORY = DATA / "inspections"      # three short articles by the team: Peru refuses, weighs, accepts


def positions(nlp, text):
    doc = nlp(text)
    mentions = list(find_mentions(doc))
    names = {m.local: m.name for m in mentions}
    out = list(find_positions(doc, mentions))
    for p in out:
        assert text[p.start:p.end] == p.text and text[p.issue_start:p.issue_end] == p.issue
    return out, names


@pytest.mark.parametrize("text, stance, key", [
    ("Chile insists on joint patrols at sea.", "demands", "patrol"),
    ("Peru called for the lifting of sanctions.", "demands", "sanction"),
    ("Peru rejected the idea of a new quota.", "refuses", "quota"),
    ("Peru will not accept the joint patrols.", "refuses", "patrol"),
    ("Chile offered a larger quota to the small boats.", "offers", "quota"),
    ("Peru agreed to the ceasefire on Monday.", "accepts", "ceasefire"),
    ("Chile would ease sanctions on Peruvian boats.", "offers", "sanction"),
    ("Chile eased sanctions on Peruvian boats.", "concedes", "sanction"),
])
def test_stance_and_issue(nlp, text, stance, key):
    found, _ = positions(nlp, text)
    assert [(p.stance, p.issue_key) for p in found] == [(stance, key)]


@pytest.mark.parametrize("text", [
    "Chile has been pushing for years to end the quota.",
    "Peru has insisted for months.",
    "Luis Vega, who is wanted on criminal charges in Chile, left Lima.",
])
def test_a_time_or_a_passive_with_no_one_holding_it_is_no_position(nlp, text):
    found, _ = positions(nlp, text)
    assert not found, [(p.stance, p.issue) for p in found]


def test_one_issue_under_several_wordings(nlp):
    found, _ = positions(nlp, "Peru demanded sanctions relief. Lima later called for the lifting of sanctions. "
                              "Bolivia urged easing sanctions.")
    assert {p.issue_key for p in found} == {"sanction"}


def test_a_spokesperson_speaks_for_their_country(nlp):
    found, names = positions(nlp, "Talks with Peru stalled. Peruvian Fisheries Minister Luis Vega rejected the "
                                   "joint patrols.")
    (p,) = found
    assert names[p.party] == "Peru" and names[p.speaker] == "Luis Vega"


def test_refusal_then_acceptance_over_three_articles(tmp_path):
    db = tmp_path / "story.db"
    parley.ingest([STORY], db=db)
    peru = [p for p in parley.positions(db=db, party="Peru") if p["issue"] == "patrol"]
    assert len(peru) == 1
    moves = [(h["stance"], h["when"]) for h in peru[0]["history"]]
    assert moves[0] == ("refuses", "2024-04-02") and moves[-1] == ("accepts", "2024-05-07")
    assert peru[0]["stance"] == "accepts"
    record = parley.export(db=db)
    assert any(p["party"] == peru[0]["party"] for p in record["positions"])
    texts = {a["id"]: parley.show(a["id"], db=db)["text"] for a in record["articles"]}
    for h in peru[0]["history"]:
        assert texts[h["article"]][h["start"]:h["end"]]                   # evidence points at the text
    r = subprocess.run([sys.executable, "-m", "parley.cli", "positions", "--db", str(db), "--party", "Peru",
                        "--json"], capture_output=True, text=True)
    assert r.returncode == 0 and json.loads(r.stdout)[0]["party_name"] == "Peru"


def test_an_issue_reads_as_a_short_phrase_of_its_statements():
    from parley.link.positions import issue_label

    assert issue_label(["the idea of a quota swap"], "quota") == "quota swap"
    assert issue_label(["far greater debt relief", "debt relief for the ports"], "debt") == "debt relief"
    assert issue_label(["an extension of its fishing ban until June"], "extension") == "extension of fishing ban"
    assert issue_label(["the deal would allow Lima to fish"], "deal") == "deal"
    assert issue_label(["Peru's demands"], "quota") == "quota"            # no wording names it: the key


def test_an_issue_label_keeps_words_that_only_look_like_adverbs():
    from parley.link.positions import issue_label

    assert issue_label(["the early elections"], "election") == "early elections"
    assert issue_label(["supply cuts"], "cut") == "supply cuts"
