"""Quotes: each shape of attribution, on text the team wrote (model-backed)."""
from __future__ import annotations

import pytest

from parley.extract.actors import find_mentions
from parley.extract.quotes import find_quotes
from parley.extract.time import find_times

import datetime as dt


def quotes(nlp, text, anchor=None):
    doc = nlp(text)
    mentions = list(find_mentions(doc))
    names: dict[str, str] = {}
    for m in mentions:                                  # each actor under its fullest name
        if len(m.name) > len(names.get(m.local, "")):
            names[m.local] = m.name
    times = list(find_times(text, anchor=anchor)) if anchor else []
    out = list(find_quotes(doc, mentions, times=times))
    for q in out:
        assert text[q.start:q.end] == q.text
        for part in (q.cue, q.source):
            if part:
                assert text[part.start:part.end] == part.text
    return out, names


def one(found, snippet):
    hits = [q for q in found if snippet in q.text]
    assert hits, f"no quote contains {snippet!r}: {[q.text for q in found]}"
    return hits[0]


def test_direct_with_cue_before_and_colon(nlp):
    found, names = quotes(nlp, 'Chilean Foreign Minister Ana Torres spoke first.\n\nMs Torres said: "We will not '
                               'sign a text that ignores the fishermen."')
    q = one(found, "We will not sign")
    assert q.kind == "direct" and q.cue.text in ("said", "said:") and names[q.speaker] == "Ana Torres"   # PolNeAR: the colon too


def test_direct_with_cue_after_and_pronoun_speaker(nlp):
    text = ('Peruvian negotiator Luis Vega arrived late.\n\n"The quota is the only issue left on the table," '
            'he told reporters.')
    found, names = quotes(nlp, text)
    q = one(found, "The quota is the only issue")
    assert q.kind == "direct" and q.cue.text == "told" and q.source.text == "he"
    assert names[q.speaker] == "Luis Vega"


def test_direct_with_cue_inside_split_quote(nlp):
    text = '"We came to close a deal," said Luis Vega, "and we will stay until it is closed."'
    found, names = quotes(nlp, text)
    first, second = one(found, "We came to close"), one(found, "we will stay")
    assert first.kind == second.kind == "direct"
    assert names[first.speaker] == "Luis Vega"


def test_quote_continuing_in_next_paragraph_keeps_its_speaker(nlp):
    text = ('Luis Vega said: "The quota is unfair to small boats."\n\n"It has to change before we sign anything, '
            'whatever the others say."')
    found, names = quotes(nlp, text)
    q = one(found, "It has to change")
    assert q.kind == "direct" and names[q.speaker] == "Luis Vega"


def test_question_quote_then_attribution(nlp):
    found, names = quotes(nlp, '"Why would we accept less than last year?" Luis Vega asked.')
    q = one(found, "Why would we accept")
    assert names[q.speaker] == "Luis Vega"


def test_partial_quote_inside_reported_speech(nlp):
    text = 'Ana Torres said the draft was "balanced but fragile" and needed more work.'
    found, names = quotes(nlp, text)
    q = next(q for q in found if q.text == "balanced but fragile")
    assert q.kind == "partial" and names[q.speaker] == "Ana Torres"
    assert one(found, "the draft was").kind == "indirect"          # the reported clause around it


def test_indirect_speech_with_that_and_without(nlp):
    text = "Luis Vega said that Peru would not accept the quota. Mr Vega insisted Lima had made its last offer."
    found, names = quotes(nlp, text)
    a = one(found, "that Peru would not accept the quota")
    b = one(found, "Lima had made its last offer")
    assert a.kind == b.kind == "indirect"
    assert names[a.speaker] == names[b.speaker] == "Luis Vega"


def test_according_to(nlp):
    text = "According to Chilean officials, the talks will resume in Lima next month."
    found, names = quotes(nlp, text)
    q = one(found, "the talks will resume in Lima")
    assert q.kind == "indirect" and q.cue.text == "According to" and "officials" in q.source.text


def test_unnamed_source_is_an_anonymous_actor(nlp):
    text = '"There is no deal yet," a senior Peruvian official said on Tuesday.'
    found, names = quotes(nlp, text, anchor=dt.date(2024, 3, 7))
    q = one(found, "There is no deal yet")
    assert q.speaker and q.speaker.startswith("a:") and "official" in names[q.speaker]
    assert q.when == "2024-03-05"                          # "said on Tuesday", before Thursday's article


def test_organisation_as_speaker(nlp):
    text = 'The Fisheries Ministry said in a statement that the quota would be cut by a fifth.'
    found, names = quotes(nlp, text)
    q = one(found, "the quota would be cut")
    assert q.speaker is not None and "Ministry" in names[q.speaker]


def test_unresolved_speaker_is_none_with_its_words(nlp):
    text = '"Nobody wins a fish war," it said.'
    found, _ = quotes(nlp, text)
    q = one(found, "Nobody wins a fish war")
    assert q.speaker is None and q.source.text == "it"


def test_quotation_without_attribution_is_not_a_quote(nlp):
    found, _ = quotes(nlp, 'The so-called "blue corridor" opened to boats last week.')
    assert not [q for q in found if "blue corridor" in q.text]


def test_report_nested_in_another_report_belongs_to_the_outer_one(nlp):
    text = "Luis Vega said he thinks the quota will be raised next year."
    found, _ = quotes(nlp, text)
    assert len(found) == 1 and found[0].cue.text == "said"


@pytest.mark.parametrize("text", ["", "\"", "\"\"", "''", "said said said", '"unclosed quote said he'])
def test_odd_input_never_crashes(nlp, text):
    quotes(nlp, text)


def test_a_surname_the_parser_left_unnamed_speaks_as_the_articles_person(nlp):
    text = ("Port minister Otto Brennecke said on Tuesday that the strike had to end. \"We wrote down every option "
            "and we discussed them all,\" Brennecke told a news conference in Portmere.")
    found, names = quotes(nlp, text)
    q = one(found, "We wrote down every option")
    assert q.speaker is not None and names[q.speaker] == "Otto Brennecke"


def test_he_is_the_person_acting_just_before_not_an_earlier_main_subject(nlp):
    text = ("Mediator Ana Torres said the protocol had twelve points.\n\n"
            "Port President Luis Vega ordered the fleet to stop at six, a statement on his website said.\n\n"
            "\u201cThe highest value is a sailor's life. We must do everything to end this,\u201d he said.")
    found, names = quotes(nlp, text)
    q = one(found, "We must do everything")
    assert names[q.speaker] == "Luis Vega"


def test_a_word_the_parser_took_for_a_name_never_speaks_for_he(nlp):
    text = ("Port minister Otto Brennecke spoke on Thursday. A temporary Portexit would perhaps be the better "
            "way, he said. \u201cThis is an important step,\u201d he said.")
    found, names = quotes(nlp, text)
    q = one(found, "This is an important step")
    assert q.speaker is None or names[q.speaker] == "Otto Brennecke"


def test_a_post_on_social_media_is_a_quote(nlp):
    text = ("Talks end\n\n\u201cAll ready to go for the harbour fund with serious reforms\u201d, Council president "
            "Ana Torres posted on Twitter.")
    found, names = quotes(nlp, text)
    q = one(found, "All ready to go")
    assert names[q.speaker] == "Ana Torres"


def test_a_quote_closed_by_an_opening_mark_before_a_dash(nlp):
    text = ("Port president Luis Vega visited the quay.\n\n\u201cWe have already moved 80 percent of the boats. We expect "
            "two more convoys, \u201c- said Vega. The crews are leaving \u201cwith all their nets\u201d.")
    found, names = quotes(nlp, text)
    q = one(found, "We have already moved 80 percent")
    assert "two more convoys" in q.text and names[q.speaker] == "Luis Vega"


def test_he_tweeted_is_the_minister_not_a_hashtag(nlp):
    text = ("But harbour minister Alexander Holm has offered his sympathies to the negotiators. \"I wake up to learn "
            "that #PORTCO is still going on,\" he tweeted this morning.")
    found, names = quotes(nlp, text)
    q = one(found, "I wake up to learn")
    assert names[q.speaker] == "Alexander Holm"


def test_a_subject_that_runs_over_the_quotation_gives_way_to_the_person_just_before_the_verb(nlp):
    """Page furniture ("external ,") can make the parser read "the deal shifts" as the subject of "says": the
    person named just before the verb speaks, not a country inside the quoted words."""
    text = ('In a damning assessment of the talks, external , the columnist Ana Torres, says the deal shifts '
            'the fishery into "a fixed quota system, with a shared survey, run in the interests of Chile". '
            'She concludes that the talks failed.')
    found, names = quotes(nlp, text)
    q = one(found, "a fixed quota system")
    assert names.get(q.speaker) == "Ana Torres"


def test_a_participle_speaks_with_the_subject_of_the_verb_above_it(nlp):
    found, names = quotes(nlp, "Luis Vega left the hall after saying that the quota would be raised next year.")
    q = one(found, "the quota would be raised")
    assert q.source.text == "Luis Vega" and names[q.speaker] == "Luis Vega"


def test_a_quotation_broken_by_marks_inside_it_is_said_by_the_speaker_of_its_paragraph(nlp):
    text = ('The round has been delayed, the agency reports.\n"The round planned for this week is off. It was to be '
            'held in "Lima format". It will be put back by several weeks," said Luis Vega, head of the Peruvian '
            'delegation, at the session in Lima.\nHe said nothing else.')
    found, names = quotes(nlp, text)
    q = one(found, "The round planned for this week is off")
    assert q.kind == "direct" and names[q.speaker] == "Luis Vega"


def test_an_attribution_as_polnear_draws_it_is_one_record_with_its_quotation_marks(nlp):
    from parley.extract.quotes import as_attributions

    text = 'Talks went on.\n\n"We came to close a deal," said Luis Vega, "and we will stay until it is closed."'
    found, _ = quotes(nlp, text)
    assert len([q for q in found if q.kind == "direct"]) == 2              # the story keeps the two parts
    (one_record,) = [q for q in as_attributions(found, text) if q.kind == "direct"]
    assert one_record.text == '"We came to close a deal," said Luis Vega, "and we will stay until it is closed."'
    assert text[one_record.start:one_record.end] == one_record.text


def test_a_report_coordinated_under_another_reports_words_stands_beside_it(nlp):
    text = "Luis Vega says the quota was fair to both fleets and says he introduced a plan to survey the stocks."
    found, names = quotes(nlp, text)
    first, second = one(found, "the quota was fair"), one(found, "he introduced a plan")
    assert first.text == "the quota was fair to both fleets" and first.cue != second.cue


def test_a_quotation_opened_by_a_straight_mark_and_closed_by_a_curly_one_is_found(nlp):
    """Text put together from several sources mixes the marks: each quotation still ends where its own
    closing mark is, and the words between two quotations are nobody's quote."""
    text = ('Talks went on.\n\n"We will not sign this quota,\u201d Luis Vega said. "The survey of the stocks comes '
            'first," he added. Ana Torres called the plan \u201cfair to both fleets" in a statement.')
    found, names = quotes(nlp, text)
    q = one(found, "We will not sign")
    assert q.text == "We will not sign this quota," and names[q.speaker] == "Luis Vega"
    assert one(found, "The survey of the stocks").text == "The survey of the stocks comes first,"
    assert one(found, "fair to both fleets").text == "fair to both fleets"
    assert not any("Vega said" in q.text for q in found)


def test_a_partial_quote_as_polnear_draws_it_is_all_that_its_verb_attributes(nlp):
    """PolNeAR's content of 'said that he would "close the fishery" at once' is the whole clause, the quoted
    words inside it; the story keeps the quoted words (what was said word for word)."""
    from parley.extract.actors import find_mentions as mentions_of

    text = 'The talks went on.\n\nLuis Vega said that Peru would "close the fishery for a season" if no deal came.'
    doc = nlp(text)
    story = [q for q in find_quotes(doc, list(mentions_of(doc))) if q.kind == "partial"]
    listed = [q for q in find_quotes(doc, list(mentions_of(doc)), every=True) if q.kind == "partial"]
    assert [q.text for q in story] == ["close the fishery for a season"]
    assert [q.text for q in listed] == ['that Peru would "close the fishery for a season" if no deal came']


def test_a_reported_clause_that_ends_inside_a_quotation_takes_the_quotation_whole(nlp):
    found, _ = quotes(nlp, 'The talks went on.\n\nAna Torres said the quota "was fair to both fleets." She left.')
    q = one(found, "the quota")
    assert q.kind == "indirect" and q.text.startswith('the quota "was fair to both fleets.')   # (its mark: the model's)


def test_a_headline_of_a_name_a_colon_and_words_is_that_persons_attribution(nlp):
    text = ("Ana Torres: Chile Will Not Sign a Quota Deal\n\nEU: Ministers head to Lima with a plan\n\n"
            "Chilean Foreign Minister Ana Torres spoke in Santiago on Monday.")
    found, names = quotes(nlp, text)
    q = one(found, "Chile Will Not Sign")
    assert q.cue.text == ":" and q.text == "Chile Will Not Sign a Quota Deal" and names[q.speaker] == "Ana Torres"
    assert not [q for q in found if "Ministers head" in q.text]          # a section's label is nobody's words


def _listed(nlp, text):
    """The attributions as `parley extract quotes` lists them (PolNeAR's sense), as (cue, source, content)."""
    from parley.extract.actors import find_mentions as mentions_of

    doc = nlp(text)
    return [(q.cue.text if q.cue else None, q.source.text if q.source else None, q.text)
            for q in find_quotes(doc, list(mentions_of(doc)), every=True)]


@pytest.mark.parametrize("text, expected", [
    ("As the agency reported on Monday, the Peruvian fleet has left the disputed waters.",
     ("reported", "the agency", "the Peruvian fleet has left the disputed waters")),            # the clause around
    ("Asked whether the talks had failed, Luis Vega said no.",
     ("Asked", "Luis Vega", "whether the talks had failed")),                                    # a question put
    ("Luis Vega shot back: the quota is unfair to our fleet.",
     ("shot back:", "Luis Vega", "the quota is unfair to our fleet")),                           # after a colon
    ("The Chilean negotiators seemed unconvinced by the offer.",
     ("seemed", None, "The Chilean negotiators seemed unconvinced by the offer")),              # what seems
    ("The new quota is considered a defeat for the Peruvian fleet.",
     ("is considered", None, "The new quota is considered a defeat for the Peruvian fleet")),   # what is held
    ("Peru rejected the quota, which Ana Torres strongly opposes.",
     ("strongly opposes", "Ana Torres", "which")),                                               # a relative object
])
def test_what_a_modelled_cue_attributes_where_it_takes_no_clause_of_its_own(nlp, text, expected):
    assert expected in _listed(nlp, text)


def test_an_attribution_inside_another_ones_content_is_listed_as_polnear_lists_it_but_not_kept_in_the_story(nlp):
    from parley.extract.actors import find_mentions as mentions_of

    text = "The police charged Luis Vega after determining that his boat had entered Chilean waters."
    listed = _listed(nlp, text)
    assert ("determining", "The police", "that his boat had entered Chilean waters") in listed
    assert any(cue == "charged" and "after determining" in content for cue, _, content in listed)
    doc = nlp(text)
    assert not [q for q in find_quotes(doc, list(mentions_of(doc))) if q.cue and q.cue.text == "determining"]


def test_a_relative_pronoun_is_the_source_and_the_unnamed_antecedent_who_speaks(nlp):
    text = "The quota angered the fishermen who say the stocks are recovering fast."
    assert ("say", "who", "the stocks are recovering fast") in _listed(nlp, text)


def test_a_cue_in_a_phrase_before_the_clause_speaks_with_the_clauses_subject(nlp):
    text = "In addition to stating that the quota was unfair, Ana Torres has vowed to fight it in court."
    assert ("stating", "Ana Torres", "that the quota was unfair") in _listed(nlp, text)


def test_a_reason_after_a_comma_is_part_of_what_is_said(nlp):
    found, _ = quotes(nlp, "Ana Torres said the Peruvian fleet had left the zone, because the season had closed early.")
    assert one(found, "fleet had left").text == "the Peruvian fleet had left the zone, because the season had closed early"


def test_a_noun_cue_is_held_by_its_possessor_not_by_the_subject_of_the_clause_around_it(nlp):
    from parley.extract.actors import find_mentions as mentions_of

    doc = nlp("Chile criticised the union after its claim that the quota was unfair.")
    claim = next(q for q in find_quotes(doc, list(mentions_of(doc)), every=True) if q.cue.text == "claim")
    assert claim.source.text == "its" and claim.text == "that the quota was unfair"


def test_a_source_never_runs_into_its_cue(nlp):
    """A parse that hangs the cue's clause under its subject would make the subject's words run over the cue:
    the source stops before the cue (or before the verb above it)."""
    from parley.extract.quotes import _before_cue
    from parley.models import Span

    doc = nlp("The union of fishermen in Lima endorsed Luis Vega on Thursday.")
    verb = next(t for t in doc if t.text == "endorsed")
    whole = Span(start=0, end=len(doc.text) - 1, text=doc.text[:-1])
    assert _before_cue(doc, whole, verb).text == "The union of fishermen in Lima"
    own = Span(start=0, end=30, text=doc.text[:30])
    assert _before_cue(doc, own, verb) == own
    assert _before_cue(doc, Span(start=verb.idx, end=verb.idx + 8, text="endorsed"), verb) is None


@pytest.mark.parametrize("text, source", [
    ("As a part of his plea, Luis Vega, 44, said that he had misled nearly 100 fishermen.", "Luis Vega, 44,"),
    ("Friday, Peru, leading a coalition of 13 states, asked a federal judge to block the rules.",
     "Peru, leading a coalition of 13 states,"),
])
def test_a_name_set_off_from_its_verb_by_asides_speaks_when_the_parser_left_the_verb_no_subject(nlp, text, source):
    from parley.extract.actors import find_mentions as mentions_of

    doc = nlp(text)
    q = next(q for q in find_quotes(doc, list(mentions_of(doc)), every=True) if q.cue.text in ("said", "asked"))
    assert q.source is not None and q.source.text == source and q.speaker is not None


@pytest.mark.parametrize("dateline", ["Lima (AFP) \u2013 ", "LIMA, Peru - ", "Nov 29 (Reuters) - ", "Quito/Lima: ", "LIMA: "])
def test_a_dateline_that_opens_the_paragraph_is_not_part_of_the_source(nlp, dateline):
    text = f"Fisheries talks.\n\n{dateline}Fisheries minister Ana Torres said on Monday that the quota deal was close."
    found = [q for q in quotes(nlp, text)[0] if q.cue and q.cue.text == "said"]
    assert found and found[0].source.text == "Fisheries minister Ana Torres"


def test_a_dateline_the_parser_reads_into_the_clause_is_neither_speaker_nor_what_is_said(nlp):
    found, names = quotes(nlp, "Quota talks\n\nLIMA (AP) \u2014 Ana Torres said the talks would resume.\n\n"
                               "PUERTO MONTT (AP) \u2014 Peru will host a new round of talks, President Luis Vega said "
                               "Thursday.")
    q = one(found, "the talks would resume")
    assert q.source.text == "Ana Torres" and names[q.speaker] == "Ana Torres"      # not "LIMA", the parser's subject
    q = one(found, "a new round of talks")
    assert q.text.startswith("Peru will host") and names[q.speaker] == "Luis Vega"


def test_a_source_that_only_starts_with_capitals_keeps_its_words():
    from parley.extract.quotes import _after_dateline
    from parley.models import Quote, Span

    text = "UN officials - and their envoy - said the talks would resume."
    q = Quote(start=38, end=61, text=text[38:61], kind="indirect", cue=Span(start=33, end=37, text="said"),
              source=Span(start=0, end=31, text=text[:31]), speaker=None, when=None)
    assert _after_dateline(q, text) == q                # not the whole paragraph's opening words
    inside = replace_source(q, text, 3)
    assert _after_dateline(inside, text) == inside      # a source that does not open the paragraph


def replace_source(q, text, start):
    from dataclasses import replace

    return replace(q, source=replace(q.source, start=start, text=text[start:q.source.end]))


def test_a_closing_quotation_mark_the_parser_hangs_on_the_name_does_not_hide_the_speaker(nlp):
    text = '"We need a change," Ana Torres, 30, of Arica, Chile, who was among those asked, said.'
    found = [q for q in quotes(nlp, text)[0] if q.cue and q.cue.text == "said"]
    assert found and found[0].source is not None and found[0].source.text.startswith("Ana Torres, 30")


def test_a_few_words_quoted_inside_who_speaks_are_a_label_not_a_quotation_nor_a_wrong_parse(nlp):
    text = 'Ana Torres, who runs the "blue fleet" union in Arica, argued that the quota was too low.'
    found = quotes(nlp, text)[0]
    assert [q.text for q in found] == ["that the quota was too low"]
    assert found[0].source.text.startswith("Ana Torres, who runs")


def test_a_pronoun_in_the_body_never_speaks_for_a_headline_word_taken_for_a_name(nlp):
    text = ("Peru, Chilean Gov't Reach 'Quota' Deal in Lima Talks\n\n"
            "The fleets will share the catch, the two sides announced. \"The quota holds for a year,\" he said.")
    found, names = quotes(nlp, text)
    q = one(found, "The quota holds")
    assert q.source.text == "he" and q.speaker is None            # not "Chilean Gov't Reach"


@pytest.mark.parametrize("text, said, who", [
    ('"This is not the end of the quota talks, it is the beginning," warned Tamsa, flanked by the other two '
     'members of the mediation team: former Chilean minister Ana Torres and former Peruvian minister Luis Vega.',
     "This is not the end", "Tamsa"),
    ('"We received an invitation to go to Lima to resume the talks," Karim-Said Tamsa, deputy commander of '
     'the Peruvian Navy, said in a speech to officers at the Callao base.', "We received an invitation",
     "Karim-Said Tamsa"),
    ('Uncertainties further clouded the plans when former Chilean minister Ana Torres, who was named as one of '
     'the two "panelists for the quota talks process," said she was unable to avail herself.',
     "she was unable to avail herself", "Ana Torres"),
    ('US Under Secretary of State Victoria Lind earlier said US negotiators were "cautiously optimistic" about '
     'securing a commitment to a ceasefire.', "cautiously optimistic", "Victoria Lind"),
    ('On Thursday (8), the High Commissioner for Peace in Chile, Danilo Vega, had already announced that both '
     'parties had reached a national ceasefire agreement.', "both parties had reached", "Danilo Vega"),
])
def test_who_speaks_where_the_parse_hides_it(nlp, text, said, who):
    found, names = quotes(nlp, text)
    q = one(found, said)
    assert q.speaker is not None and names[q.speaker] == who, (q.source, q.speaker)


def test_another_name_for_someone_is_nothing_said(nlp):
    found, _ = quotes(nlp, 'Quota talks\n\nThe union, led by Pedro Ruiz Kesh, better known as "Tiburon" and leader '
                           'of the dockers, will attend. Kesh said the strike would go on.')
    assert not any(q.cue and "known" in q.cue.text for q in found), [(q.cue, q.text) for q in found]
    assert any(q.text.startswith("the strike would go on") for q in found)


def test_who_is_quoted_as_saying_speaks(nlp):
    found, names = quotes(nlp, "Talks stall\n\nForeign Minister Ararat Tamsa met his counterpart on Monday. The "
                               "agency quoted Tamsa as saying that the talks had stalled.")
    q = one(found, "the talks had stalled")
    assert q.source.text == "Tamsa" and names[q.speaker] == "Ararat Tamsa"
    assert not any(q.cue and q.cue.text.startswith("quoted") for q in found)


def test_the_story_record_takes_no_expectation_nobody_voices_nor_a_speaker_from_a_relative_clause(nlp):
    found, names = quotes(nlp, "The quota talks, which are expected to last three weeks in Lima, will focus on a "
                               "ceasefire. The officials, who met Ana Torres in Lima on Monday, said the quota "
                               "would hold.")
    assert not any(q.cue and "expected" in q.cue.text for q in found)
    q = one(found, "the quota would hold")
    assert q.speaker is None or names[q.speaker] != "Ana Torres"


def test_a_surname_taken_for_an_organisation_speaks_as_the_person_who_carries_it(nlp):
    from parley.extract.quotes import speaker_of
    from parley.models import Mention

    text = "Luis Vega arrived in Lima. Vega told reporters the quota would hold."
    doc = nlp(text)
    person = Mention(start=0, end=9, text="Luis Vega", kind="person", name="Luis Vega", local="p:luis vega")
    at = text.index("Vega told")
    org = Mention(start=at, end=at + 4, text="Vega", kind="organization", name="Vega", local="o:vega")
    verb = next(t for t in doc if t.text == "told")
    source, speaker = speaker_of(verb, doc, [person, org], [])
    assert source.text == "Vega" and speaker == person


def test_a_name_that_describes_who_speaks_is_not_who_speaks(nlp):
    found, names = quotes(nlp, 'Talks resume\n\nPresident Luis Tamsa opened the talks on Monday. "Peace is near," '
                               'Tamsa, a former guerrilla who became Chile\'s first leftist president, said. "Our '
                               'readiness remains unchanged," Orlova\'s deputy added.')
    assert names[one(found, "Peace is near").speaker] == "Luis Tamsa"
    q = one(found, "Our readiness")
    assert q.speaker is None or names[q.speaker] != "Orlova"


def test_a_short_quotation_that_opens_its_paragraph_is_direct_and_goes_on_past_the_attribution(nlp):
    from parley.extract.quotes import as_attributions

    text = ('The fisheries round was delayed again.\n\n"It\'s doable," Luis Vega told reporters on Monday after '
            'hinting that "staff changes" could come. "Is it going to happen? Ask me next week."')
    found, names = quotes(nlp, text)
    first, rest = one(found, "It's doable"), one(found, "Is it going to happen")
    assert first.kind == rest.kind == "direct" and names[first.speaker] == names[rest.speaker] == "Luis Vega"
    (record,) = [q for q in as_attributions(found, text) if q.kind == "direct"]
    assert record.text.startswith('"It\'s doable,"') and record.text.endswith('Ask me next week."')


def test_a_second_said_the_parser_hung_on_the_first_ones_clause_has_the_same_speaker(nlp):
    text = ('The minister spoke on Monday.\n\nLuis Vega said the move was made by the fleet owners and said, '
            '"Who are you going to trust on the quota and on keeping the stocks alive?"')
    found, names = quotes(nlp, text)
    direct = one(found, "Who are you going to trust")
    assert direct.kind == "direct" and direct.speaker and names[direct.speaker] == "Luis Vega"
    assert one(found, "the move was made").text == "the move was made by the fleet owners"


def test_a_participle_before_the_speaker_is_not_what_a_quoting_verb_says(nlp):
    text = ('"If the council cannot say it, she should leave the talks," Luis Vega said.\n\nStressing the urgency '
            'of the matter, Vega said, "If we do not act fast, we are not going to have a fishery anymore. Our '
            'leaders are weak."')
    found, _ = quotes(nlp, text)
    said = [q for q in found if q.cue and q.cue.text == "said" and "Stressing" in q.text]
    assert not said, [q.text for q in said]
    assert one(found, "If we do not act fast").kind == "direct"


def test_an_abbreviation_keeps_its_full_stop_at_the_end_of_a_reported_clause(nlp):
    found, _ = quotes(nlp, "Luis Vega said he first heard gunfire at 9:42 p.m. and suspected at once that the "
                           "port was under attack.")
    assert one(found, "heard gunfire").text == "he first heard gunfire at 9:42 p.m."


def test_a_name_after_its_verb_and_a_comma_that_ends_reported_speech_speaks(nlp):
    """"..., there is no nice meeting in Santiago, emphasized Vučetić.": reported speech with no quotation marks,
    its verb after it and a comma, the name ending the sentence: the name speaks, not the place before the comma."""
    text = ("Fisheries talks\n\nBefore leaving for Lima, Vučetić told reporters that the fleets were ready to talk. "
            "They are knocking on the open door when it comes to Lima, it will not be easy, there is no nice meeting "
            "in Santiago, emphasized Vučetić.")
    found, names = quotes(nlp, text)
    q = one(found, "They are knocking")
    assert q.source.text == "Vučetić" and names[q.speaker] == "Vučetić"


@pytest.mark.parametrize("country, demonym", [("Tonga", "Tongan"), ("Peru", "Peruvian")])
def test_a_person_named_after_an_office_of_a_country_speaks_not_the_country(nlp, country, demonym):
    text = (f"Quota talks\n\nThe {demonym} president, Ivo Vučetić, said on Monday that the fleets were ready. While "
            f"President of {country} Ivo Vučetić underlines that {country} expects the quota before any agreement, "
            "Chilean minister Ana Torres offered six demands.")
    found, names = quotes(nlp, text)
    q = one(found, "expects the quota")
    assert q.source.text == f"President of {country} Ivo Vučetić" and names.get(q.speaker) == "Ivo Vučetić"


def test_a_name_beside_a_subject_that_names_no_one_is_not_who_speaks_for_a_verb_joined_to_the_report(nlp):
    """"Vega stated that the meeting with Torres will not be ... and pledged to ...": Vega pledged (the parser hung
    "pledged" on the reported clause, whose subject is a meeting), and a name in "with X" is not who speaks."""
    text = ("Quota talks\n\nLuis Vega and Ana Torres agreed on the plan in principle on Monday.\n\nIn addition, Vega "
            "stated that the meeting with Torres will not be a \"day of reckoning\" and pledged to act in Peru's best "
            "interests.")
    found, names = quotes(nlp, text)
    for said in ("to act in Peru's best interests", "day of reckoning"):
        q = next(q for q in found if q.text == said)
        assert q.source.text == "Vega" and names[q.speaker] == "Luis Vega", said


def test_who_speaks_after_a_fronted_phrase_that_names_others_is_the_name_before_the_verb(nlp):
    text = ("Quota talks\n\nAfter hours of bilateral meetings with Bolivia PM Albin Tamsa and Peruvian President Luis "
            "Vega, in Lima on Thursday, UN High Representative Marta Ruiz told the media that \u201cwe agreed on the "
            "need for new quotas\u201d in the fishing towns.")
    found, names = quotes(nlp, text)
    q = one(found, "in the fishing towns")
    assert q.source.text == "UN High Representative Marta Ruiz" and names[q.speaker] == "Marta Ruiz"


def test_a_dash_before_the_name_and_a_relative_pronoun_beside_the_subject_are_not_the_source(nlp):
    found, names = quotes(nlp, "Quota talks\n\nPeruvian President Luis Vega and Chilean minister Ana Torres met in "
                               "Lima.\n-Vega announced that the fleet would stay in port.")
    q = one(found, "the fleet would stay")
    assert q.source.text == "Vega" and names[q.speaker] == "Luis Vega"
    found, names = quotes(nlp, "Quota talks\n\nIvan Vegić walked out on Monday.\n\nVegić cited \u201call the "
                               "threats and deceits\u201d from Chile that he says have made the meeting impossible, AP "
                               "reported.")
    q = next(q for q in found if q.text == "all the threats and deceits")
    assert q.source.text == "he" and names[q.speaker] == "Ivan Vegić"


def test_a_role_description_speaks_as_the_one_person_of_that_country_and_office_named_before(nlp):
    """'"... None," the Peruvian leader said': a word of the quotation is no subject beside one outside it, and
    "the Peruvian leader" is the one Peruvian the article names with an office before; none where two could be."""
    text = ("Quota talks\n\nPeruvian President Luis Vega met Chile's Foreign Minister Ana Torres in Lima.\n\n\"If they "
            "cannot comply with an agreement that has been discussed for months, what guarantees can we have to sit "
            "down again? None,\" the Peruvian leader said. The Chilean minister said the quota was fair.")
    found, names = quotes(nlp, text)
    q = one(found, "If they cannot comply")
    assert q.source.text == "the Peruvian leader" and names[q.speaker] == "Luis Vega"
    assert names[one(found, "the quota was fair").speaker] == "Ana Torres"
    found, _ = quotes(nlp, "Quota talks\n\nPeruvian President Luis Vega met Peruvian Foreign Minister Ana Torres in "
                           "Lima. \"We will leave,\" the Peruvian leader said.")
    assert one(found, "We will leave").speaker is None


def test_a_quotation_in_a_report_goes_with_the_verb_that_reports_it_not_one_joined_after_it(nlp):
    text = ("Quota talks\n\nLuis Vega spoke on Monday.\n\nHe said the fleet immediately \"went into port to wait for "
            "the storm to pass over the coast\" and said the quota was always a priority.")
    found, names = quotes(nlp, text)
    for said in ("went into port", "the quota was always a priority"):
        q = one(found, said)
        assert q.source.text == "He" and names[q.speaker] == "Luis Vega", said


def test_who_was_quoted_as_saying_speaks(nlp):
    found, names = quotes(nlp, 'Talks went on in Lima.\n\n"We believe Peru got what it had demanded," Luis Vega was '
                               'quoted as saying by the agency.')
    q = one(found, "We believe Peru got")
    assert q.speaker and names[q.speaker] == "Luis Vega"
    found, names = quotes(nlp, "Talks went on.\n\nAna Torres was quoted as saying that the talks would resume.")
    assert one(found, "the talks would resume").source.text == "Ana Torres"
