"""Events: status from the clause, and one event per occasion across articles with its history."""
from __future__ import annotations

import datetime as dt

import parley
from parley.extract.actors import find_mentions
from parley.extract.events import find_events
from parley.extract.tense import tense_callback
from parley.extract.time import find_times

from conftest import DATA

STORY = DATA / "fisheries"        # three short articles written by the team


def events(nlp, text, published="2024-03-07"):
    doc = nlp(text)
    anchor = dt.date.fromisoformat(published)
    times = list(find_times(text, anchor=anchor, tense=tense_callback(doc)))
    found = list(find_events(doc, list(find_mentions(doc)), times=times, published=published))
    for e in found:
        assert text[e.start:e.end] == e.text
    return found


def by_text(found, word):
    hits = [e for e in found if word in e.text]
    assert hits, (word, [e.text for e in found])
    return hits[0]


def test_status_from_the_clause(nlp):
    found = events(nlp, "The ministers met on Tuesday. They will sign the accord on Friday. A dinner may follow. "
                        "The march was called off. Troop withdrawals were not discussed. Talks are expected "
                        "to resume next week.")
    assert by_text(found, "met").status == "happened"
    assert by_text(found, "sign").status == "planned"
    assert by_text(found, "dinner").status == "possible"
    assert by_text(found, "march").status == "cancelled"
    assert by_text(found, "withdrawals").status == "negated"
    assert by_text(found, "Talks").status == "expected"


def test_time_and_actors_of_an_event(nlp):
    found = events(nlp, "Chilean Fisheries Minister Ana Torres met Peruvian Fisheries Minister Luis Vega in Lima on "
                        "Tuesday (March 5).")
    met = by_text(found, "met")
    assert met.when == "2024-03-05" and len(met.actors) == 2 and met.where == "l:lima"


def test_a_postponed_event_takes_its_new_date(nlp):
    found = events(nlp, "The meeting, first set for Tuesday (March 5), was postponed to Thursday (March 14).")
    meeting = by_text(found, "meeting")
    assert meeting.postponed and meeting.when == "2024-03-14" and meeting.status == "planned"


def test_impersonators_do_not_act_for_the_person_they_play(nlp):
    found = events(nlp, "Ana Torres impersonator Mia Lopez met fans in Lima yesterday.")
    assert all("p:ana torres" not in e.actors for e in found)


def test_announced_then_called_off_across_articles(tmp_path):
    db = tmp_path / "story.db"
    parley.ingest([STORY], db=db)
    record = parley.export(db=db)
    files = {a["id"]: a["file"] for a in record["articles"]}
    signing = [e for e in record["events"] if e["when"] and e["when"].startswith("2024-03-08")
               and e["type"] == "AGREE"]
    assert len(signing) == 1, signing
    e = signing[0]
    assert e["status"] == "cancelled"
    assert {files[s["article"]] for s in e["sources"]} == {"01_accord_ready.txt", "03_signing_called_off.txt"}
    assert [h["status"] for h in e["history"]] == ["planned", "cancelled"]


def test_postponed_across_articles_stays_one_event_with_the_newest_date(tmp_path):
    db = tmp_path / "story.db"
    parley.ingest([STORY], db=db)
    record = parley.export(db=db)
    moved = [e for e in record["events"] if any(h["when"] and h["when"].startswith("2024-03-05") for h in e["history"])
             and e["type"] == "CONSULT"]
    assert len(moved) == 1, moved
    e = moved[0]
    assert e["when"].startswith("2024-03-14") and e["status"] == "planned"
    assert [h["when"][:10] for h in e["history"]] == ["2024-03-05", "2024-03-14"]
    assert len({s["article"] for s in e["sources"]}) == 2


def test_what_negotiations_turn_on_is_found_with_its_guard(nlp):
    found = events(nlp, "Port talks\n\nThe fisheries minister resigned on Monday. Chile missed a payment to the "
                        "fund on Tuesday. Peru's parliament passed the reform package on Wednesday. The minister "
                        "stepped down from the board. She missed the point. They passed the salt.")
    types = {e.text.split()[0].lower(): e.type for e in found}
    assert by_text(found, "resigned").type == "RESIGN"
    assert by_text(found, "missed").type == "DEFAULT"
    assert by_text(found, "passed").type == "AGREE"
    assert any(e.type == "RESIGN" and e.text.startswith("stepped") for e in found)
    assert sum(1 for e in found if e.text.startswith("missed")) == 1        # not "missed the point"
    assert sum(1 for e in found if e.text.startswith("passed")) == 1        # not "passed the salt"
    assert types


def test_a_headline_in_the_present_reports_what_happened(nlp):
    found = events(nlp, "Fisheries minister resigns over anchovy quotas\n\nThe minister will meet the union on "
                        "Friday.")
    assert by_text(found, "resigns").status == "happened"
    assert by_text(found, "meet").status == "planned"


def test_an_event_reads_as_a_proposition(nlp):
    found = events(nlp, "Port talks\n\nFisheries ministers refused to extend the quota deal. Minister Ana Torres "
                        "cancelled the summit of all coastal mayors. The working lunch was cancelled. Peru did not "
                        "sign the declaration. Chile may cancel the talks.")
    labels = {e.label for e in found}
    assert "Fisheries ministers refused to extend the quota deal" in labels
    assert "Minister Ana Torres cancelled the summit of all coastal mayors" in labels
    assert "The working lunch was cancelled" in labels
    assert "Peru did not sign the declaration" in labels
    talks = [e for e in found if e.label == "Chile may cancel the talks"]
    assert talks and talks[0].status == "possible"                # weighed, not done
    assert by_text(found, "summit").status == "cancelled"


def test_the_export_carries_label_arguments_and_salience(tmp_path):
    import json

    rows = [{"url": f"https://news.example.org/2023/05/1{i}/quota", "published": f"2023-05-1{i}",
             "text": f"Quota talks\n\nPort minister Ana Torres cancelled the summit of coastal mayors on day {i}."}
            for i in range(2)]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    parley.ingest([path], db=tmp_path / "s.db")
    record = parley.export(db=tmp_path / "s.db")
    summit = [e for e in record["events"] if "summit" in e["text"]]
    assert summit and all("cancelled the summit of coastal mayors" in e["label"] for e in summit)
    torres = next(a["id"] for a in record["actors"] if a["name"] == "Ana Torres")
    assert all(torres in e["arguments"]["agent"] and e["arguments"]["theme"] for e in summit)
    assert all(isinstance(e["salience"], float) and e["salience"] >= 1 for e in record["events"])


def test_a_label_keeps_the_particle_and_leaves_out_a_copula(nlp):
    found = events(nlp, "Port talks\n\nThe fisheries minister stepped down on Monday. This is the third summit this year.")
    assert any(e.label.startswith("The fisheries minister stepped down") for e in found)
    assert not any(e.label.startswith("This is") for e in found)


def test_a_headline_and_a_present_perfect_are_the_news_of_the_day(nlp):
    found = events(nlp, "Council president cancels coastal summit\n\nThe summit of all coastal mayors has been "
                        "cancelled. The ministers met in Lima last year.", published="2024-03-07")
    headline, body = by_text(found, "coastal summit"), [e for e in found if e.text == "summit"]
    assert headline.when == "2024-03-07" and headline.status == "cancelled"        # the headline's news
    assert body and body[0].when == "2024-03-07" and body[0].status == "cancelled"  # "has been cancelled"
    assert by_text(found, "met").when != "2024-03-07"
