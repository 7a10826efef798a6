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


def test_a_cancelling_verb_cancels_only_what_it_acts_on(nlp):
    found = events(nlp, "Regional Council President Marta Ruiz said on Monday that she had cancelled a planned "
                        "dinner of the coastal mayors this evening, with a summit of fisheries ministers scheduled "
                        "to continue until talks conclude.")
    dinner = by_text(found, "dinner")
    assert dinner.status == "cancelled" and dinner.when == "2024-03-04TEV"     # the evening of the Monday she spoke
    assert by_text(found, "summit").status != "cancelled"
    # the pronoun is the person the sentence names, in the label and among the actors
    assert dinner.label.startswith("Marta Ruiz had cancelled") and "p:marta ruiz" in dinner.actors
    assert "summit" not in dinner.label


def test_participles_on_the_event_noun_say_what_became_of_it(nlp):
    found = events(nlp, "Cancelled harbour summit\n\nThe quota summit in Arica postponed to April 2.")
    assert by_text(found, "harbour summit").status == "cancelled"
    moved = by_text(found, "quota summit")
    assert moved.postponed and moved.status == "planned" and moved.when == "2024-04-02"


def test_an_occasion_that_is_to_convene_is_one_planned_event(nlp):
    found = events(nlp, "An extraordinary fisheries summit is to convene on Tuesday (March 12).")
    assert [e.text for e in found] == ["extraordinary fisheries summit"]
    summit = found[0]
    assert summit.status == "planned" and summit.when == "2024-03-12" and summit.label.endswith("is to convene")


def test_what_is_intended_sought_or_conditional_is_not_reported_as_done(nlp):
    found = events(nlp, "The two sides agreed on Wednesday to a March 15 truce and the withdrawal of patrol boats. "
                        "Chile called for an immediate truce. If the fund cannot repay the loan on March 20, the "
                        "plan fails. Peru has not met its deadline. Lima considers supplying fuel to the fleet.")
    assert by_text(found, "March 15 truce").when == "2024-03-15"
    withdrawal = by_text(found, "withdrawal")
    assert withdrawal.status == "planned" and withdrawal.when is None      # not the day of the agreeing
    assert "withdrawal of patrol boats" in withdrawal.label
    assert by_text(found, "immediate truce").status == "possible"
    assert by_text(found, "repay").status == "possible"
    met = by_text(found, "met")
    assert met.type == "COMPLY" and met.head == "comply"                   # a deadline met is no meeting
    call = by_text(events(nlp, "Markets awaited a conference call to be held later on Sunday.", published="2024-03-10"),
                   "conference call")
    assert call.status == "planned" and call.when == "2024-03-10"
    assert by_text(found, "supplying").status == "possible"


def test_a_negation_of_what_an_event_does_is_not_of_its_occurring(nlp):
    found = events(nlp, "The rebels argued that Sunday's truce did not apply to the port. The summit did not take place.")
    assert by_text(found, "truce").status != "negated"
    assert by_text(found, "summit").status == "negated"


def test_the_narrative_day_returns_to_the_lead_in_a_later_paragraph(nlp):
    found = events(nlp, "Harbour deal reached\n\nFisheries ministers agreed on Wednesday to reopen the port, "
                        "minister Ana Torres said.\n\nThe accord replaces the one signed early on Monday.\n\n"
                        "\"We are done,\" Torres told a news conference.", published="2024-03-07")
    assert by_text(found, "news conference").when == "2024-03-06"


def test_a_surname_alone_is_the_person_named_in_full():
    import spacy
    from parley.nlp import load_nlp
    doc = load_nlp()("Fisheries Minister Ana Torres said on Monday that the quota was fair. "
                     "\u201cWe are done,\u201d Torres told a news conference. Gabriel Vega spoke later.")
    keys = [(m.text, m.local) for m in find_mentions(doc)]
    assert ("Torres", "p:ana torres") in keys
    assert not any(text == "Gabriel" for text, _ in keys)


def _record_of(tmp_path, story) -> dict:
    """The export of a new store holding the articles written into the folder `story`."""
    db = tmp_path / "s.db"
    parley.ingest([story], db=db)
    return parley.export(db=db)


def _write(folder, name, text):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_an_occasion_called_off_never_joins_one_that_happened(tmp_path):
    story = tmp_path / "story"
    _write(story, "a.txt", "Harbour summit cancelled\n\nARICA (March 10, 2024) - The harbour summit of the coastal "
                           "mayors was cancelled on Sunday (March 10), officials said.\n")
    _write(story, "b.txt", "Ministers meet in Arica\n\nARICA (March 10, 2024) - A summit of the fisheries ministers "
                           "took place in Arica on Sunday (March 10).\n")
    summits = [e for e in _record_of(tmp_path, story)["events"] if "summit" in e["text"] and e["when"]
               and e["when"].startswith("2024-03-10")]
    statuses = sorted({e["status"] for e in summits})
    assert "cancelled" in statuses and "happened" in statuses
    assert all(len({h["status"] for h in e["history"]} & {"cancelled", "happened"}) < 2 for e in summits)


def test_one_days_report_of_the_deed_outweighs_a_plan_and_judging_words_do_not_split(tmp_path):
    story = tmp_path / "story"
    _write(story, "a.txt", "Port vote set\n\nLIMA (March 1, 2024) - Peru will hold a surprise referendum on the port "
                           "on Sunday (March 10).\n")
    _write(story, "b.txt", "Voters back port\n\nLIMA (March 10, 2024) - Voters backed the port in a popular "
                           "referendum on Sunday (March 10).\n")
    _write(story, "c.txt", "More on the port\n\nLIMA (March 10, 2024) - The referendum on the port is set to "
                           "go ahead on Sunday (March 10).\n")
    votes = [e for e in _record_of(tmp_path, story)["events"] if e["type"] == "VOTE" and e["when"]
             and e["when"].startswith("2024-03-10")]
    assert len(votes) == 1, votes
    assert votes[0]["status"] == "happened" and len({s["article"] for s in votes[0]["sources"]}) == 3


def test_an_undated_report_of_a_deed_joins_the_occasion_it_reports(tmp_path):
    story = tmp_path / "story"
    _write(story, "a.txt", "Fund payment missed\n\nLIMA (March 5, 2024) - Peru missed a payment to the fishing fund "
                           "on Tuesday (March 5), its finance minister Luis Vega said.\n")
    _write(story, "b.txt", "Fund in trouble\n\nSANTIAGO (March 6, 2024) - Markets were calm.\n\nAnalysts said "
                           "that Peru missed its payment to the fishing fund, and that talks would follow.\n")
    _write(story, "c.txt", "Old news\n\nSANTIAGO (March 20, 2024) - Markets were calm.\n\nAnalysts said "
                           "that Peru missed its payment to the fishing fund.\n")
    record = _record_of(tmp_path, story)
    files = {a["id"]: a["file"] for a in record["articles"]}
    missed = [e for e in record["events"] if e["type"] == "DEFAULT"]
    dated = [e for e in missed if e["when"] and e["when"].startswith("2024-03-05")]
    assert len(dated) == 1
    assert {files[s["article"]] for s in dated[0]["sources"]} == {"a.txt", "b.txt"}   # c.txt is two weeks on


def test_state_nouns_share_their_frame_and_cash_is_no_retreat(nlp):
    found = events(nlp, "The fund is now formally in arrears. Savers could make a one-off withdrawal of up to 120 "
                        "euros. The withdrawal of patrol boats began on Tuesday.")
    assert by_text(found, "arrears").head == "pay"          # links with "missed a payment" of its day
    assert [e.text for e in found if "withdrawal" in e.text] == ["withdrawal"]
    assert by_text(found, "withdrawal").type == "RETREAT" and "patrol" in by_text(found, "withdrawal").label


def test_a_one_off_act_reported_across_midnight_is_one_event(tmp_path):
    story = tmp_path / "story"
    _write(story, "a.txt", "Minister quits\n\nLIMA (March 5, 2024) - Peruvian Fisheries Minister Luis Vega resigned "
                           "on Tuesday (March 5).\n")
    _write(story, "b.txt", "Vega gone\n\nLIMA (March 6, 2024) - Peruvian Fisheries Minister Luis Vega resigned on "
                           "Wednesday (March 6), a day after the vote.\n")
    _write(story, "c.txt", "Talks go on\n\nLIMA (March 6, 2024) - Peru and Chile met in Lima on Tuesday (March 5). "
                           "Peru and Chile met again in Lima on Wednesday (March 6).\n")
    record = _record_of(tmp_path, story)
    resigned = [e for e in record["events"] if e["type"] == "RESIGN"]
    assert len(resigned) == 1 and resigned[0]["when"].startswith("2024-03-05")
    assert len(resigned[0]["history"]) == 1                 # no "moved" step for the next day's report
    meetings = [e for e in record["events"] if e["type"] == "CONSULT" and e["when"]]
    assert len({e["when"][:10] for e in meetings}) == 2     # meetings on two days are two occasions


def test_the_clause_not_a_participle_decides_and_acts_announced_are_done(nlp):
    found = events(nlp, "Chile and Peru resumed the suspended talks in Lima on Tuesday. Chile and Peru held the "
                        "postponed talks in Lima. Peru's fisheries minister announced her resignation, a spokesman "
                        "said. Chile offered an apology to Peru on Tuesday.")
    assert by_text(found, "suspended talks").status == "happened"
    assert by_text(found, "postponed talks").status == "happened"
    assert by_text(found, "resignation").status == "happened"
    assert by_text(found, "apology").status == "happened"


def test_an_occasion_verb_stays_when_its_noun_is_no_event_and_a_river_bank_is_no_cash(nlp):
    found = events(nlp, "The session was adjourned on Tuesday without a deal. Peru ordered the withdrawal of its "
                        "patrol boats from the river bank.")
    assert by_text(found, "adjourned").when == "2024-03-05"
    assert by_text(found, "withdrawal").type == "RETREAT"


def test_a_pronoun_with_two_people_before_it_names_no_one(nlp):
    found = events(nlp, "Peruvian Fisheries Minister Ana Ruiz met Chilean envoy Ricardo Soto on Monday. He "
                        "cancelled the talks on Tuesday.")
    talks = by_text(found, "talks")
    assert talks.label.startswith("He cancelled") and not talks.actors


def test_a_section_heading_takes_the_day_of_the_section(nlp):
    found = events(nlp, "Fund misses payment\n\nThe deadline passed at midnight.\n\nPorts open\n\nOn Wednesday "
                        "morning (March 6), the ports reopened to the fleet.", published="2024-03-06")
    assert by_text(found, "open").when == "2024-03-06"


def test_a_planned_payment_reported_missed_did_not_happen(tmp_path):
    story = tmp_path / "story"
    _write(story, "a.txt", "Fund news\n\nLIMA (March 1, 2024) - On Tuesday (March 5), Peru must deliver the next "
                           "payment to the fishing fund.\n")
    _write(story, "b.txt", "Fund news\n\nLIMA (March 6, 2024) - On Tuesday (March 5), Peru missed its payment to the "
                           "fishing fund, officials said.\n")
    events = _record_of(tmp_path, story)["events"]
    planned = [e for e in events if e["type"] == "PAY" and "deliver" in e["text"]]
    assert len(planned) == 1 and planned[0]["status"] == "negated", planned
    assert [h["status"] for h in planned[0]["history"]] == ["planned", "negated"]
    assert all(e["status"] != "happened" for e in events if e["type"] == "PAY" and "payment" in e["text"].lower()
               and e["when"] and e["when"].startswith("2024-03-05"))          # "missed its payment": not paid


def test_a_predicate_between_parties_is_an_event_whatever_its_verb(nlp):
    found = events(nlp, "Peru slashed the anchovy quota on Tuesday. Peru thanked Chile. Chile said the plan was fair. "
                        "The minister ate lunch.")
    slashed = by_text(found, "slashed")
    assert slashed.type == "ACT" and slashed.label == "Peru slashed the anchovy quota" and slashed.when == "2024-03-05"
    assert by_text(found, "thanked").type == "ACT"
    assert not any(e.text in ("said", "ate") for e in found)          # speech, and acts of no party on no issue


def test_review_cases_states_failures_and_refusals(nlp, tmp_path):
    found = events(nlp, "Chile and Peru share a border. Peru likes the plan. Peru may miss its payment to Chile on "
                        "March 20. Chile did not miss its payment.")
    assert not any(e.type == "ACT" for e in found)                     # states are no acts
    payments = [e for e in found if "payment" in e.text]
    assert [e.status for e in payments] == ["possible", "happened"]
    story = tmp_path / "story"
    _write(story, "a.txt", "Talks set\n\nLIMA (March 4, 2024) - Chile and Peru will meet in Lima on Friday (March 8).\n")
    _write(story, "b.txt", "Talks go on\n\nLIMA (March 5, 2024) - Chile will not meet Peru on Saturday (March 9), but "
                           "the two would meet on Friday (March 8) as planned.\n")
    meetings = [e for e in _record_of(tmp_path, story)["events"] if e["type"] == "CONSULT" and e["when"]
                and e["when"].startswith("2024-03-08")]
    assert meetings and all(e["status"] != "negated" for e in meetings)   # a refusal of another day negates nothing


def test_the_parser_reads_what_the_text_says(nlp):
    from parley.nlp import parse_text

    text = 'Ana Torres said: "We will never accept this!!!!!!!!!!!!!!!" Luis Vega said the quota was fair.'
    assert parse_text(text) == text                                      # fifteen marks and a quote: left alone
    long_line = "Chile and Peru met in Lima on Tuesday to discuss the anchovy quota that the two share. " * 12
    doc = nlp(parse_text(long_line))
    assert all(s.text.rstrip().endswith(".") for s in doc.sents)         # one-line text: never cut mid-sentence


def test_a_postponement_with_no_new_date_calls_the_occasion_off_at_its_day(nlp):
    found = events(nlp, "The quota talks, which were due on Friday (March 8), were postponed indefinitely. "
                        "The harbour meeting was delayed by two hours on Friday (March 8).")
    talks = by_text(found, "talks")
    assert talks.postponed and talks.status == "cancelled" and talks.when == "2024-03-08"
    meeting = by_text(found, "meeting")             # a slip of a few hours: it goes ahead
    assert meeting.postponed and meeting.status == "planned"


def test_a_postponement_reported_later_cancels_the_occasion_still_to_come(tmp_path):
    story = tmp_path / "story"
    _write(story, "a.txt", "Peru and Chile to talk quotas\n\nLIMA (February 28, 2024) - Peru and Chile will hold "
                           "quota talks in Lima on Friday (March 8). Their ministers also met in Arica on Monday "
                           "(February 26) and will meet again in Arica on Saturday (March 2).\n")
    _write(story, "b.txt", "Setback for anchovy accord\n\nLIMA (March 4, 2024) - The quota talks have been postponed "
                           "indefinitely, officials said.\n")
    record = _record_of(tmp_path, story)
    talks = [e for e in record["events"] if e["when"] and e["when"].startswith("2024-03-08")]
    assert len(talks) == 1 and talks[0]["status"] == "cancelled", talks
    assert [h["status"] for h in talks[0]["history"]] == ["planned", "cancelled"]
    assert [h["when"] for h in talks[0]["history"]][1] is None          # the move gave no day of its own
    saturday = [e for e in record["events"] if e["when"] and e["when"].startswith("2024-03-02")]
    assert saturday and all(e["status"] != "cancelled" for e in saturday)   # its day was past when it was put off


def test_a_dateline_dates_the_lead_only_where_its_clause_names_no_day(nlp):
    found = events(nlp, "LIMA (February 28, 2024) - Peru and Chile will hold quota talks in Lima on Friday "
                        "(March 8).", published="2024-02-28")
    assert by_text(found, "talks").when == "2024-03-08"        # the parser hangs both dates on "hold"
    found = events(nlp, "LIMA (March 5, 2024) - Peru missed a payment to the fishing fund.", published="2024-03-05")
    assert by_text(found, "missed").when == "2024-03-05"


def test_a_dateline_is_no_part_of_what_an_event_says_nor_of_who_acts(nlp):
    found = events(nlp, "Quota talks unlikely to resume this year\n\nQUITO (Reuters) - Chile and Peru will likely not "
                        "resume talks in Lima this year, an official said on Thursday.\n", published="2024-06-10")
    found += events(nlp, "Quota talks\n\nPUERTO MONTT (AP) \u2014 Peru will host a new round of talks, President Luis "
                         "Vega said Thursday.", published="2024-06-10")
    labels = [e.label for e in found]
    assert "Chile and Peru will not resume talks in Lima" in labels, labels       # not "QUITO will not resume ..."
    assert by_text(found, "host").label.startswith("Peru will host"), labels     # not "PUERTO MONTT will host ..."
    assert not [a for e in found for a in e.actors if a in ("o:reuters", "o:ap") or "quito" in a or "montt" in a]


def test_talks_halted_broken_off_suspended_frozen_or_left_are_called_off(nlp):
    found = events(nlp, "Peru halts talks with Chile\n\nPeru broke off the talks on Monday. Chile pulled out of the "
                        "negotiations. The delegation walked out of the meeting. Peru froze the dialogue with Chile. "
                        "Chile suspended the session.", published="2024-06-10")
    occasions = [e for e in found if e.type == "CONSULT"]
    assert len(occasions) == 6 and all(e.status == "cancelled" for e in occasions), [(e.text, e.status) for e in found]
    assert len(found) == 6                      # the calling off is no sanction, retreat or act of its own
    found = events(nlp, "Peru broke the blockade. Peru froze Chilean assets. Chile said it would not halt the talks.",
                   published="2024-06-10")
    assert by_text(found, "broke").status == "happened" and by_text(found, "froze").type == "SANCTION"
    assert by_text(found, "talks").status == "planned"                    # not halted: they go on


def test_would_in_a_past_report_is_what_is_to_come(nlp):
    found = events(nlp, "Peru announced Saturday that it would suspend negotiations with Chile. Ana Torres said a new "
                        "round would happen soon. Luis Vega said quota talks would be held in Lima in July. Peru may "
                        "suspend the summit. Chile would cancel the dinner if Peru refused.", published="2024-06-10")
    assert by_text(found, "negotiations").status == "cancelled"           # not merely possible
    assert by_text(found, "round").status == "planned"
    talks = by_text(found, "talks")
    assert talks.status == "planned" and talks.when == "2024-07"           # the coming July, not the last
    assert by_text(found, "summit").status == "possible" and by_text(found, "dinner").status == "possible"


def test_what_a_party_commits_to_or_awaits_is_still_to_come(nlp):
    found = events(nlp, "Kesh has vowed to either capture or kill the harbour chief. The unions pledged to hold "
                        "talks in Lima. The strike will go on until a deal is agreed. The two sides agreed to meet "
                        "again on Friday. The strike went on until a deal was agreed.", published="2024-03-06")
    assert by_text(found, "kill").status == "planned"            # the conjunct of what he vowed, not a killing
    assert by_text(found, "talks").status == "planned"
    deals = [e for e in found if e.text.startswith("agreed") or "deal" in e.text]
    assert any(e.status == "possible" for e in deals) and any(e.status == "happened" for e in deals)
    meet = by_text(found, "meet")
    assert meet.status == "planned" and meet.when == "2024-03-08"      # the coming Friday, not the last


def test_a_delay_with_no_new_time_keeps_the_event_to_come_undated(nlp):
    found = events(nlp, "The quota talks, which were due on Monday (March 4), were delayed.", published="2024-03-06")
    talks = by_text(found, "talks")
    assert talks.postponed and talks.status == "planned" and talks.when is None


def test_a_day_since_which_a_stretch_runs_or_of_another_clause_dates_no_event(nlp):
    found = events(nlp, "Peru accepted Chile's invitation to quota talks, the first since the dispute broke out in "
                        "November 2020. The two sides signed the first accord since March 2021 on Tuesday (March 5).",
                   published="2024-03-07")
    assert all(not (e.when or "").startswith(("2020", "2021")) for e in found), [(e.text, e.when) for e in found]
    assert any(e.when == "2024-03-05" for e in found if "signed" in e.text or "accord" in e.text)


def test_an_event_said_to_be_none_is_negated(nlp):
    found = events(nlp, "No agreement was reached on Friday. The two sides reached no deal on quotas.")
    assert by_text(found, "agreement").status == "negated"
    assert by_text(found, "deal").status == "negated"


def test_a_later_mention_of_the_plan_does_not_revive_an_occasion_called_off(tmp_path):
    story = tmp_path / "story"
    _write(story, "a.txt", "Peru and Chile to talk quotas\n\nLIMA (February 28, 2024) - Peru and Chile will hold "
                           "quota talks in Lima on Friday (March 8).\n")
    _write(story, "b.txt", "Setback for anchovy accord\n\nLIMA (March 4, 2024) - The quota talks in Lima on Friday "
                           "(March 8) were cancelled, officials said.\n")
    _write(story, "c.txt", "Fleets wait\n\nLIMA (March 6, 2024) - The fleets had pinned their hopes on quota talks "
                           "planned for Friday (March 8) in Lima.\n")
    talks = [e for e in _record_of(tmp_path, story)["events"] if (e["when"] or "").startswith("2024-03-08")]
    assert talks and all(e["status"] == "cancelled" for e in talks), [(e["status"], e["history"]) for e in talks]


def test_what_had_happened_before_the_story_is_not_dated_by_its_day(nlp):
    found = events(nlp, "LIMA (March 7, 2024) - Chile and Peru signed the quota accord on Thursday. Peru had "
                        "seized three Chilean trawlers in the dispute.", published="2024-03-07")
    assert by_text(found, "signed").when == "2024-03-07"
    assert by_text(found, "seized").when is None           # before the day the report is at: no day of its own


def test_a_period_that_names_another_noun_does_not_date_the_event(nlp):
    found = events(nlp, "Peru is easing quotas for Chilean boats in response to a 2024 harbour deal, Luis Vega said. "
                        "The two sides agreed to continue talks on port elections scheduled for 2026. Chile imposed "
                        "sanctions on the fleet following his 2018 re-election.", published="2025-03-06")
    assert by_text(found, "easing").when == "2025-03-06"         # now, as reported: not the year of the deal
    assert by_text(found, "talks").when is None                  # 2026 is the elections' year, not the talks'
    assert by_text(found, "imposed").when != "2018"              # which re-election, not when the sanctions came


def test_a_clause_on_another_events_noun_does_not_date_the_event(nlp):
    found = events(nlp, "Chile withdrew from negotiations in Lima, which started in August, following Vega's arrest "
                        "in October. Chile and Peru will resume their dialogue with talks scheduled for Tuesday.",
                   published="2024-11-20")
    assert by_text(found, "withdrew").when == "2024-10"          # not when the negotiations started
    assert by_text(found, "negotiations").when == "2024-08"      # which the clause does date
    assert by_text(found, "dialogue").when == "2024-11-26"       # resumed with the talks: at their time


def test_a_date_of_its_own_sentence_wins_over_the_day_the_story_is_at(nlp):
    found = events(nlp, "LIMA (Reuters) - Peru and Chile signed a quota accord on Monday (December 4).\n"
                        "The two delegations met in Lima in late November to sign a deal on quotas. When they last "
                        "met in November 2022, the ministers agreed to share data. Mass protests broke out in early "
                        "2019, shortly after Vega was sworn in. Even after both sides agreed to a truce in September, "
                        "Peru seized Chilean boats.", published="2023-12-06")
    assert by_text(found, "signed").when == "2023-12-04"
    assert [e.when for e in found if e.label.startswith("The two delegations met")] == ["2023-11"]   # late
    #                                                                             November, not the day of the lead
    assert [e.when for e in found if e.text == "agreed"][0] == "2022-11"     # the ministers', when they last met
    assert by_text(found, "sworn").when == "2019"
    assert by_text(found, "seized").when == "2023-12-04"         # September is the truce's, in a clause of its own


def test_in_so_many_days_ahead_and_that_same_day_are_days(nlp):
    found = events(nlp, "The last round collapsed on January 10. That same day, Peru imposed new quotas on Chilean "
                        "boats. The next meeting is expected to take place in 15 days.", published="2024-03-07")
    assert by_text(found, "imposed").when == "2024-01-10"        # the day in focus, not the report's
    meeting = by_text(found, "meeting")
    assert meeting.when == "2024-03-22" and meeting.status == "expected"


def test_a_verb_and_its_object_that_say_one_event_are_one_event(nlp):
    found = events(nlp, "Chile imposed tough sanctions on Peruvian trawlers in 2022. Luis Vega attends an interview "
                        "with reporters in Lima.", published="2024-03-04")
    assert [(e.type, e.label) for e in found].count(("SANCTION", "Chile imposed tough sanctions on Peruvian "
                                                                  "trawlers")) == 1, [(e.type, e.label) for e in found]
    assert len([e for e in found if "interview" in e.label]) == 1, [(e.type, e.label) for e in found]


def test_what_is_not_said_only_asked_or_demanded_is_not_reported_as_done(nlp):
    found = events(nlp, "Vega stopped short of saying the government was abandoning the talks. Neither side said "
                        "whether Chile had agreed to allow the boats in. Peru has demanded that the quota talks be "
                        "resumed. Chile said the summit was cancelled.", published="2024-03-04")
    assert by_text(found, "talks").status == "possible"                 # not cancelled: he did not say so
    assert by_text(found, "agreed").status == "possible"                # nobody said it was agreed
    assert [e.status for e in found if "resumed" in e.label and e.type == "CONSULT"] == ["possible"]
    assert by_text(found, "summit").status == "cancelled"               # said outright


def test_a_past_plan_is_not_done_failed_talks_were_held_and_a_round_takes_place(nlp):
    found = events(nlp, "Chile, Peru and Ecuador were expected to sign a final deal on quotas during the talks that "
                        "concluded on Friday, but Peru skipped the meeting. The latest talks on the quotas have failed. "
                        "The next round of talks will take place in Lima in December 2024.", published="2024-03-04")
    assert by_text(found, "sign").status == "expected"                 # its Friday passed: not therefore signed
    assert by_text(found, "latest talks").status == "happened"          # held, though in vain
    round_ = by_text(found, "next round")
    assert round_.status == "planned" and round_.when == "2024-12" and round_.label.endswith("will take place")


def test_a_label_keeps_both_parties_of_between(nlp):
    found = events(nlp, "The two-day talks between Chile and Peru on the quotas ended in Lima.", published="2024-03-04")
    assert "between Chile and Peru" in by_text(found, "talks").label
