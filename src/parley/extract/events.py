"""Event mentions: what happened, is planned or was called off, with actors, place and time.

Triggers are verbs and nouns of political interaction (meet, talks, summit, sign, dinner,
press conference, arrive, reject, ...), each typed with a PLOVER category. The status comes
from the clause: cancellation words ("called off", "scrapped"), negation ("was not a
subject of discussions"), modality ("may", "is expected to", "is scheduled to") and tense.
The time is a time expression in the clause; failing that, the date the narrative is at
(the latest day-precise date before it within the week before publication).
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import replace

from ..models import Event, Mention, Sentence, TimeExpr
from ..nlp import doc_text
from .datelines import in_dateline
from .spans import inside_any, one_per_stretch
from .labels import label, subject_of as _subject
from .quotes import SPEECH_VERBS
from .referents import referent
from .tense import COMMIT_WORDS, future_in_past, governing_verb, verb_tense

# Lemma -> PLOVER type. Verbs and nouns of diplomacy and conflict; general vocabulary.
VERB_TYPES = {
    "meet": "CONSULT", "talk": "CONSULT", "discuss": "CONSULT", "negotiate": "CONSULT", "visit": "CONSULT",
    "host": "CONSULT", "confer": "CONSULT", "consult": "CONSULT", "greet": "CONSULT", "dine": "CONSULT",
    "arrive": "CONSULT", "travel": "CONSULT", "depart": "CONSULT", "leave": "CONSULT", "stroll": "CONSULT",
    "walk": "CONSULT", "gather": "CONSULT", "convene": "CONSULT", "attend": "CONSULT",
    "agree": "AGREE", "sign": "AGREE", "adopt": "AGREE", "approve": "AGREE", "ratify": "AGREE", "endorse": "SUPPORT",
    "accept": "AGREE", "settle": "AGREE", "conclude": "AGREE", "seal": "AGREE",
    "demand": "DEMAND", "insist": "DEMAND", "urge": "DEMAND", "press": "DEMAND", "request": "DEMAND",
    "reject": "REJECT", "refuse": "REJECT", "veto": "REJECT", "block": "REJECT", "oppose": "REJECT",
    "deny": "REJECT", "dismiss": "REJECT", "walk out": "REJECT", "boycott": "REJECT",
    "concede": "CONCEDE", "ease": "CONCEDE", "lift": "CONCEDE", "compromise": "CONCEDE", "release": "CONCEDE",
    "dismantle": "CONCEDE", "yield": "CONCEDE",
    "sanction": "SANCTION", "impose": "SANCTION", "suspend": "SANCTION", "expel": "SANCTION",
    "threaten": "THREATEN", "warn": "THREATEN", "protest": "PROTEST", "march": "PROTEST", "rally": "PROTEST",
    "withdraw": "RETREAT", "retreat": "RETREAT", "pull": "RETREAT",
    "criticise": "DISAPPROVE", "criticize": "DISAPPROVE", "condemn": "DISAPPROVE", "accuse": "DISAPPROVE",
    "blame": "DISAPPROVE", "support": "SUPPORT", "back": "SUPPORT", "praise": "SUPPORT", "welcome": "SUPPORT",
    "pledge": "AID", "fund": "AID", "donate": "AID", "cooperate": "COOPERATE", "launch": "COOPERATE",
    "investigate": "INVESTIGATE", "attack": "ASSAULT", "strike": "ASSAULT", "fight": "FIGHT",
    "deploy": "MOBILIZE", "mobilise": "MOBILIZE", "mobilize": "MOBILIZE", "test": "MOBILIZE", "fire": "ASSAULT",
    "unveil": "COOPERATE", "hold": None, "take": None, "announce": "CONSULT",
    # PLOVER's other categories, in general vocabulary (see ../shared/data/plover/PLOVER_MANUAL)
    "offer": "AGREE", "promise": "AGREE", "allow": "AGREE", "grant": "AGREE",
    "apologise": "CONCEDE", "apologize": "CONCEDE", "free": "CONCEDE",
    "detain": "COERCE", "arrest": "COERCE", "seize": "COERCE", "confiscate": "COERCE", "deport": "COERCE",
    "ban": "COERCE", "raid": "COERCE", "jail": "COERCE", "imprison": "COERCE", "censor": "COERCE",
    "kill": "ASSAULT", "bomb": "ASSAULT", "shell": "ASSAULT", "shoot": "ASSAULT", "wound": "ASSAULT",
    "explode": "ASSAULT", "assassinate": "ASSAULT", "kidnap": "ASSAULT", "abduct": "ASSAULT",
    "clash": "FIGHT", "battle": "FIGHT", "invade": "FIGHT", "capture": "FIGHT", "recapture": "FIGHT",
    "give": "AID", "send": "AID", "provide": "AID", "supply": "AID", "deliver": "AID", "evacuate": "AID",
    "denounce": "DISAPPROVE", "complain": "DISAPPROVE", "deplore": "DISAPPROVE", "rebuke": "DISAPPROVE",
    "demonstrate": "PROTEST", "picket": "PROTEST", "riot": "PROTEST",
    "probe": "INVESTIGATE", "inspect": "INVESTIGATE", "examine": "INVESTIGATE",
    "recall": "SANCTION", "sever": "SANCTION", "cut": "SANCTION", "embargo": "SANCTION", "freeze": "SANCTION",
    "vow": "THREATEN", "pull out": "RETREAT", "evacuated": "RETREAT",
    # What negotiations turn on beyond PLOVER's categories: general types (see _GUARDED for the words
    # that are events only with the right object or particle).
    "resign": "RESIGN", "quit": "RESIGN", "step": "RESIGN", "appoint": "APPOINT", "nominate": "APPOINT",
    "name": "APPOINT", "replace": "APPOINT", "succeed": "APPOINT", "swear": "INAUGURATE",
    "vote": "VOTE", "pass": "AGREE", "miss": "DEFAULT", "default": "DEFAULT", "repay": "PAY", "redeem": "PAY",
    "pay": "PAY", "reopen": "OPEN", "open": "OPEN", "close": "CLOSE", "shut": "CLOSE", "extend": "EXTEND",
    "propose": "PROPOSE", "submit": "PROPOSE", "table": "PROPOSE", "adjourn": "CONSULT", "ultimatum": "THREATEN",
}
# Verbs that are events of their type only with one of these particles, objects or subjects ("step
# down", "miss a payment", "pass the reforms", "banks reopen", "named him finance minister").
_GUARDED = {
    "step": {"prt": {"down", "aside"}},
    "miss": {"obj": {"payment", "deadline", "repayment", "instalment", "installment", "target", "vote"}},
    "pay": {"obj": {"debt", "loan", "payment", "instalment", "installment", "bond", "arrears", "salary", "pension"}},
    "pass": {"obj": {"bill", "law", "package", "measure", "reform", "budget", "motion", "resolution",
                     "legislation", "amendment", "deal", "plan"}},
    "open": {"obj": {"bank", "border", "crossing", "embassy", "market", "talk", "negotiation", "branch", "port"}},
    "close": {"obj": {"bank", "border", "crossing", "embassy", "market", "branch", "port", "airspace"}},
    "shut": {"obj": {"bank", "border", "crossing", "embassy", "market", "branch", "port", "airspace"}},
    "name": {"pred": True},
    "table": {"obj": {"proposal", "plan", "offer", "motion", "bill", "amendment", "resolution"}},
    "swear": {"prt": {"in"}},
}
NOUN_TYPES = {
    "summit": "CONSULT", "talk": "CONSULT", "talks": "CONSULT", "meeting": "CONSULT", "one-on-one": "CONSULT",
    "dinner": "CONSULT", "lunch": "CONSULT", "breakfast": "CONSULT", "banquet": "CONSULT", "ceremony": "AGREE",
    "conference": "CONSULT", "interview": "CONSULT", "visit": "CONSULT", "trip": "CONSULT", "arrival": "CONSULT",
    "departure": "CONSULT", "walkout": "REJECT", "walk-out": "REJECT", "stroll": "CONSULT", "walk": "CONSULT",
    "negotiation": "CONSULT", "negotiations": "CONSULT", "session": "CONSULT", "plenary": "CONSULT",
    "address": "CONSULT", "speech": "CONSULT", "briefing": "CONSULT", "call": "CONSULT", "chat": "CONSULT",
    "conversation": "CONSULT",
    "dialogue": "CONSULT", "round": "CONSULT", "agreement": "AGREE", "deal": "AGREE", "accord": "AGREE",
    "treaty": "AGREE", "declaration": "AGREE", "signing": "AGREE", "vote": "VOTE", "march": "PROTEST",
    "protest": "PROTEST", "rally": "PROTEST", "strike": "PROTEST", "boycott": "REJECT", "sanctions": "SANCTION",
    "withdrawal": "RETREAT", "attack": "ASSAULT", "test": "MOBILIZE", "launch": "MOBILIZE", "election": "CONSULT",
    "demonstration": "PROTEST", "sit-in": "PROTEST", "hunger": "PROTEST", "investigation": "INVESTIGATE",
    "inquiry": "INVESTIGATE", "probe": "INVESTIGATE", "inspection": "INVESTIGATE", "offer": "AGREE",
    "promise": "AGREE", "ceasefire": "AGREE", "truce": "AGREE", "embargo": "SANCTION", "ban": "COERCE",
    "curfew": "COERCE", "arrest": "COERCE", "raid": "COERCE", "bombing": "ASSAULT", "shelling": "ASSAULT",
    "clash": "FIGHT", "clashes": "FIGHT", "fighting": "FIGHT", "battle": "FIGHT", "invasion": "FIGHT",
    "aid": "AID", "apology": "CONCEDE", "condemnation": "DISAPPROVE", "criticism": "DISAPPROVE",
    "threat": "THREATEN", "ultimatum": "THREATEN", "demand": "DEMAND", "rejection": "REJECT",
    "refusal": "REJECT", "veto": "REJECT", "concession": "CONCEDE",
    "resignation": "RESIGN", "appointment": "APPOINT", "inauguration": "INAUGURATE", "nomination": "APPOINT", "referendum": "VOTE",
    "ballot": "VOTE", "default": "DEFAULT", "arrears": "DEFAULT", "payment": "PAY", "repayment": "PAY",
    "extension": "EXTEND", "proposal": "PROPOSE", "reopening": "OPEN", "closure": "CLOSE",
}
# Every other verb and these nouns are events too (MEANTIME's sense), typed "EVENT"; the story
# record keeps only the typed ones, `find_events(every=True)` yields them all.
EVENT_NOUNS = {"deal", "order", "flight", "crash", "accident", "sale", "purchase", "delivery", "delay", "war",
               "development", "problem", "growth", "loss", "decline", "increase", "rise", "fall", "merger",
               "acquisition", "takeover", "bid", "contract", "agreement", "decision", "change", "move", "plan",
               "production", "release", "announcement", "statement", "report", "crisis", "election", "trial",
               "event", "incident", "operation", "service", "trip", "tour", "takeoff", "landing", "failure",
               "success", "launch", "test", "lawsuit", "suit", "settlement", "investment", "loan"}
_EVENTIVE_SUFFIX = ("tion", "sion", "ment", "ance", "ence", "ure", "ing", "al")
# Words for one kind of occasion, so that "met", "meeting" and "talks" of one day can be one event.
FRAMES = {"meet": "meet", "meeting": "meet", "talk": "meet", "talks": "meet", "summit": "meet",
          "negotiate": "meet", "negotiation": "meet", "negotiations": "meet", "one-on-one": "meet",
          "sign": "sign", "signing": "sign", "ceremony": "sign", "deal": "sign", "agreement": "sign", "accord": "sign",
          "treaty": "sign", "adopt": "adopt", "adoption": "adopt",
          "visit": "visit", "trip": "visit", "arrive": "arrive", "arrival": "arrive", "depart": "depart",
          "departure": "depart", "leave": "depart", "conference": "conference", "briefing": "conference",
          "interview": "interview", "speech": "speech", "call": "call", "conversation": "call", "address": "speech", "march": "protest",
          "protest": "protest", "rally": "protest", "dinner": "meal", "lunch": "meal", "breakfast": "meal",
          "banquet": "meal", "plenary": "session", "session": "session", "vote": "vote",
          "referendum": "vote", "ballot": "vote", "resign": "resign", "resignation": "resign", "quit": "resign",
          "step": "resign", "appoint": "appoint", "appointment": "appoint", "name": "appoint", "nominate": "appoint",
          "nomination": "appoint", "replace": "appoint", "succeed": "appoint", "swear": "swear", "inauguration": "swear",
          "miss": "pay", "default": "pay", "arrears": "pay", "payment": "pay", "repayment": "pay", "pay": "pay",
          "repay": "pay", "redeem": "pay", "extend": "extend", "extension": "extend", "propose": "propose",
          "proposal": "propose", "submit": "propose", "table": "propose", "open": "open", "reopen": "open",
          "reopening": "open", "close": "close", "shut": "close", "closure": "close"}
# Nouns that only name an event when something happens to them, not as an abstract topic.
_WEAK_NOUNS = {"agreement", "deal", "declaration", "sanctions", "test", "launch", "call", "round", "address",
               "vote", "accord", "treaty", "session", "walk", "strike", "attack", "election", "payment",
               "repayment", "extension", "proposal", "default", "arrears", "nomination"}
# Verbs that call off what they act on, some only with a particle ("called off", "broke off", "pulled out of",
# "walked out of"): cancelled, halted, suspended or frozen, an occasion is not going ahead.
CANCEL_WORDS = {"cancel", "scrap", "abandon", "shelve", "axe", "ditch", "call", "cut", "drop", "suspend", "halt",
                "freeze", "break", "pull", "walk"}
_CANCEL_PARTICLE = {"call": "off", "cut": "short", "break": "off", "pull": "out", "walk": "out"}
POSTPONE_WORDS = {"postpone", "delay", "defer", "push", "reschedule", "move"}
_POSSIBLE = {"may", "might", "could", "possibly", "perhaps", "likely"}
_EXPECTED = {"expect", "hope", "likely", "widely"}
_PLANNED = {"schedule", "plan", "set", "due", "will", "shall", "'ll", "intend", "aim", "prepare", "arrange"}
_IMPERSONATION = {"impersonator", "lookalike", "look-alike", "double", "actor", "portrayal"}


def _calls_off(verb) -> bool:
    """Whether `verb` is a word of `CANCEL_WORDS` with the particle it needs ("broke off", "pulled out of";
    "halted" alone), not "broke the deadlock" or "pulled the trigger"."""
    lemma = verb.lemma_.lower()
    if lemma not in CANCEL_WORDS:
        return False
    need = _CANCEL_PARTICLE.get(lemma)
    return need is None or any(c.lower_ == need and c.dep_ in ("prt", "advmod", "acomp", "oprd", "prep")
                               for c in verb.children)


def _calls_off_an_occasion(verb) -> bool:
    """Whether `verb` calls off an occasion of meeting it acts on ("suspended the negotiations", "pulled out of the
    talks", "froze the dialogue"): the occasion is then the event, called off (`_status`), and the verb no act of
    its own (no sanction, retreat or walk); "suspended the aid" stays a sanction."""
    return _calls_off(verb) and any(
        t.pos_ == "NOUN" and NOUN_TYPES.get(t.lower_, NOUN_TYPES.get(t.lemma_.lower())) == "CONSULT"
        and _argument_of(t, verb) for t in verb.subtree if t.i != verb.i)


_POSTPONE_PARTICLE = {"push": "back", "put": "off", "move": None}


def _postponement(trigger, verb, times: Sequence[TimeExpr]):
    """How the clause moves the event, and to when: ("moved", new time) ("was pushed back to Saturday (Dec 12)",
    "has been postponed until March"); ("slipped", None) for a while ("was delayed by two hours"); ("delayed",
    None) to a time it does not say ("deliveries were delayed"); ("off", None) when it is put off with no new
    time ("the talks were postponed", "delayed indefinitely"): not at its time; else (False, None)."""
    candidates = [verb] + [c for c in verb.children if c.dep_ == "conj"]
    if verb.head.i != verb.i:
        candidates.append(verb.head)
    candidates = [p for p in (_participles(trigger) if verb.i == trigger.i else ())
                  if p.lemma_.lower() in POSTPONE_WORDS] + \
        [v for v in candidates if trigger.pos_ in ("VERB", "AUX") or v.i != verb.i or _argument_of(trigger, verb)]
    for v in candidates:
        if v.i == trigger.i:
            continue                         # "Boeing pushes back the launch": the pushing itself happened
        lemma = v.lemma_.lower()
        if lemma not in POSTPONE_WORDS and lemma != "put":
            continue
        particle = next((c.lower_ for c in v.children if c.dep_ in ("prt", "advmod")), None)
        if lemma in ("push", "put") and particle != _POSTPONE_PARTICLE[lemma]:
            continue
        new_time = None
        if any(c.lower_ == "indefinitely" for c in v.children):
            return "off", None
        if any(c.dep_ in ("prep", "agent") and c.lower_ == "by"
               and any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree) for c in v.children):
            return "slipped", None
        for c in v.children:
            if c.dep_ in ("prep", "advmod", "npadvmod") and c.lower_ in ("to", "until", "till", "back", "into"):
                span = [t for t in c.subtree]
                s, e = span[0].idx, span[-1].idx + len(span[-1].text)
                hit = [t for t in times if s <= t.start < e and t.type in ("DATE", "TIME") and t.value[:1].isdigit()]
                if hit:
                    new_time = hit[-1].value
        if new_time:
            return "moved", new_time
        return ("off" if lemma in _PUT_OFF else "delayed"), None
    return False, None


_PUT_OFF = {"postpone", "put", "defer"}           # with no new time, the occasion is off (a delay goes on later)


_CONSIDER = {"consider", "threaten", "weigh", "mull", "contemplate", "discuss", "debate", "propose", "suggest"}


def _only_considered(verb) -> bool:
    """Whether a verb is only weighed, not done: a modal ("may cancel", "would cancel if ...") or a verb of
    considering over it; not the "would" of a past report, which says what is to come ("announced that it would
    suspend the talks", `future_in_past`)."""
    if any(c.dep_ == "aux" and c.lower_ in _POSSIBLE | {"should"} for c in verb.children):
        return True
    if any(c.dep_ == "aux" and c.lower_ == "would" for c in verb.children) and not future_in_past(verb):
        return True
    head = verb.head
    return verb.dep_ in ("xcomp", "ccomp", "dobj", "pcomp") and head.lemma_.lower() in _CONSIDER


def _bare_present(verb) -> bool:
    """A present tense with no auxiliary and no verb of planning ("Merkel listens", "leaders meet")."""
    return verb.tag_ in ("VBZ", "VBP") and verb.lemma_.lower() not in _PLANNED | {"be"} and not any(
        c.dep_ in ("aux", "auxpass") for c in verb.children)


def _pluperfect(verb) -> bool:
    """A past perfect ("had issued", "had been signed"): before the time the text is at, not news of its day."""
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)


def _perfect(verb) -> bool:
    """A present perfect ("has been cancelled", "have signed"): news of the day it is reported."""
    return verb.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("has", "have") for c in verb.children)


_ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "attr", "oprd", "conj", "appos", "compound", "nmod"}


def _argument_of(trigger, verb) -> bool:
    """Whether a noun trigger is what `verb` acts on or is said of: its subject or object, directly or
    as a plan "for" or "of" it ("scrapped plans for a summit"); not a phrase beside the verb ("cancelled
    the lunch, with a summit of euro zone leaders scheduled to continue")."""
    tok, steps = trigger, 0
    while tok.i != verb.i and steps < 8:
        if tok.dep_ == "pobj" and _gone_out_of(tok, verb):
            return True
        if tok.dep_ == "pobj":
            prep = tok.head
            if prep.lower_ not in ("of", "for") or prep.head.pos_ not in ("NOUN", "PROPN"):
                return False
            tok = prep.head
        elif tok.dep_ in _ARGUMENT_DEPS:
            tok = tok.head
        else:
            return False
        steps += 1
    return tok.i == verb.i


def _gone_out_of(noun, verb) -> bool:
    """Whether `noun` is what `verb` goes out of ("pulled out of the talks", "walked out of the meeting")."""
    prep = noun.head
    if prep.lower_ != "of" or prep.dep_ != "prep":
        return False
    if prep.head.i == verb.i:                              # "out" the verb's particle, "of" its own phrase
        return any(c.lower_ == "out" and c.dep_ in ("prt", "advmod") for c in verb.children)
    return prep.head.lower_ == "out" and prep.head.head.i == verb.i


def _participles(trigger) -> list:
    """The participles that say what became of an event noun that no verb governs (a headline, a list):
    "Cancelled Ukraine summit", "Quota summit postponed to April"; and a headline's verb the parser took for a
    modifier of its object, or for a plural noun, just before it ("Peru halts talks"). Under a verb the clause
    decides: "held the postponed talks" happened."""
    if trigger.pos_ != "NOUN":
        return []
    found = [t for c in trigger.lefts if c.dep_ in ("amod", "compound") for t in c.subtree
             if t.i < trigger.i and (t.tag_ in ("VBN", "VBD", "JJ", "VBZ", "VBP")
                                     or t.tag_ == "NNS" and t.i == trigger.i - 1 and t.dep_ == "compound")]
    found += [c for c in trigger.rights if c.dep_ == "acl" and c.tag_ in ("VBN", "VBD")]
    return found


# Verbs whose subject occurs or not ("the summit did not take place"); with any other verb a negation
# is said of the event, not of its occurring ("the ceasefire did not apply to the town").
_OCCURS = {"take", "happen", "occur", "go", "begin", "start", "open", "come", "hold", "proceed", "convene",
           "resume", "materialise", "materialize", "exist", "last", "continue", "be", "end", "conclude", "meet"}
# What is intended or sought, not done: the thing agreed, announced or called for ("agreed to a ceasefire
# and the withdrawal of heavy weapons", "called for an immediate ceasefire", "hopes for a quick ceasefire").
_INTEND = {"agree", "announce", "propose", "plan", "schedule", "order", "set", "prepare", "arrange", "organise",
           "organize", "promise", "pledge", "offer", "call", "demand", "urge", "seek", "want", "request", "ask"}
_SOUGHT = {"call", "hope", "press", "push", "appeal", "plea", "demand", "bid", "platform", "plan", "proposal",
           "preparation", "wait", "campaign", "lobby", "pressure", "ask", "request", "need", "prospect",
           "chance", "possibility", "adherence", "commitment", "readiness", "willingness", "idea"}
_DOCUMENTS = {"agreement", "deal", "accord", "treaty", "declaration", "protocol", "memorandum", "document"}
# Acts done by announcing or offering them: "announced her resignation", "offered an apology" happened.
_DONE_BY_SAYING = {"RESIGN", "APPOINT", "CONCEDE", "REJECT", "DISAPPROVE", "THREATEN", "DEMAND", "SUPPORT"}


def _asserted_by(trigger, verb) -> bool:
    """Whether the clause of `verb` reports the event itself: a verb trigger, or an event noun that is the
    verb's subject or object or sits in one of the verb's own prepositional phrases."""
    if trigger.pos_ != "NOUN" or _argument_of(trigger, verb):
        return True
    tok = trigger
    while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.i == verb.i


def _to_be_done(verb) -> bool:
    """An infinitive that says what is to be done: "a conference call to be held later on Sunday", "Heavy
    weapons to be withdrawn, beginning on 16 February", "Ceasefire to begin at midnight"."""
    return verb.dep_ in ("relcl", "acl", "ROOT") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


_DEMANDING = {"demand", "insist", "urge", "ask", "request", "require", "propose", "suggest", "recommend"}
_WITHHOLDING = {"decline", "refuse", "fail", "avoid", "stop"}


def _withheld(verb) -> bool:
    """Whether the clause of `verb` is reported as not said or only asked about, or as what someone demands be done:
    the complement of a speech verb that is denied ("did not say the talks were over"), withheld ("stopped short
    of saying", "declined to say") or that asks ("said whether", "asked if"), or the bare verb of a demand ("demanded
    that sanctions be lifted"): none of these reports that it happened. Up through the clauses it sits in."""
    tok = verb
    for _ in range(4):
        if tok.head.i == tok.i or tok.dep_ not in ("ccomp", "xcomp", "conj"):
            return False
        head = tok.head
        if tok.dep_ == "ccomp":
            if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in tok.children) and \
                    head.lemma_.lower() in SPEECH_VERBS | {"ask", "know", "decide"}:
                return True
            if head.lemma_.lower() in SPEECH_VERBS and (
                    any(c.dep_ == "neg" for c in head.children)
                    or head.dep_ == "xcomp" and head.head.lemma_.lower() in _WITHHOLDING
                    or head.dep_ == "pcomp" and head.head.lower_ == "of" and _short_of(head.head)):
                return True
            if head.lemma_.lower() in _DEMANDING and _bare(tok):
                return True
        tok = head
    return False


def _short_of(of) -> bool:
    """Whether "of" is the one of "(stopped) short of" (hung on "short" or beside it)."""
    above = of.head
    return above.lower_ == "short" or any(c.lower_ == "short" for c in above.children)


def _bare(verb) -> bool:
    """A verb in the bare form a demand takes ("that the talks resume", "that sanctions be lifted")."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "MD" or a.lower_ == "to" for a in aux):
        return False
    return verb.tag_ == "VB" and not aux or any(a.lower_ == "be" for a in aux)


def _unasserted(trigger, verb) -> str | None:
    """"planned" or "possible" for an event the clause intends or seeks rather than reports ("agreed to
    a February 15 ceasefire", "called for a ceasefire", "his adherence to holding the summit"), else None."""
    if _to_be_done(verb) or trigger.pos_ == "NOUN" and any(
            c.dep_ in ("relcl", "acl") and _to_be_done(c) for c in trigger.children):
        return "planned"
    if verb.tag_ == "VBG" and verb.dep_ == "pcomp":
        prep = verb.head.lower_
        if prep in ("to", "for", "toward", "towards", "of"):
            return "possible"                    # "adherence to holding the summit", "hopes for calling a ceasefire"
        if prep == "without":
            return "negated"                     # "adjourned without reaching any conclusion"
    if trigger.pos_ == "NOUN" and trigger.lemma_.lower() not in _DOCUMENTS:
        tok = trigger
        while tok.dep_ == "conj" and tok.head.i != tok.i and tok.pos_ != "VERB":
            tok = tok.head
        if tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.head.head.lemma_.lower() in _SOUGHT:
            return "possible"
        # what the verb intends: its object, its "to/on/for" phrase, or (parsed as the verb's conjunct)
        # the noun itself: "agreed to a truce and the withdrawal"
        holder = tok if tok.i == verb.i else tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ in (
            "to", "on", "for") else tok.head if tok.dep_ == "dobj" else None
        if holder is not None and holder.i == verb.i and verb.lemma_.lower() in _INTEND \
                and NOUN_TYPES.get(trigger.lemma_.lower()) not in _DONE_BY_SAYING:
            return "planned"
    return None


# Subordinators of a clause that, in the present tense, tells of what has not happened yet.
_NOT_YET = {"until", "till", "before", "once"}
def _committed_to(verb) -> bool:
    """Whether `verb` is what a verb of `COMMIT_WORDS` commits to, directly or as a conjunct of it ("vowed to
    capture or kill"): up through infinitives and conjuncts with no subject of their own."""
    tok = verb
    for _ in range(3):
        if tok.head.i == tok.i or tok.dep_ not in ("xcomp", "conj") or any(
                c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            return False
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in COMMIT_WORDS:
            return True
        tok = tok.head
    return False


def _said_to_be_none(trigger, verb) -> bool:
    """Whether the clause says there was none of the event: "no" on the event noun ("No agreement was reached"),
    or on what the event verb would act on ("reached no deal", "no announcements were released")."""
    def none(tok) -> bool:
        return any(c.lower_ == "no" and c.dep_ in ("det", "neg") for c in tok.children)

    if trigger.pos_ == "NOUN":
        return none(trigger)
    return trigger.i == verb.i and any(c.dep_ in ("dobj", "nsubjpass") and none(c) for c in trigger.children)


def _status(trigger, verb, *, headline: bool = False) -> str:
    """What the clause says of the event: cancelled, negated, possible, expected, planned, ongoing, happened.
    A headline's present tense ("Greece misses IMF payment", "Minister resigns") reports what happened.
    A cancelling verb counts only for what it cancels (`_argument_of`), or as a participle on the noun."""
    chain = [trigger] + ([verb] if verb.i != trigger.i else [])
    if verb.head.i != verb.i and verb.dep_ in ("xcomp", "ccomp", "conj", "advcl") and not (
            verb.dep_ in ("conj", "advcl") and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)):
        chain.append(verb.head)            # not a clause of its own: "will not meet X, but the two would meet Y"
    acts_on = trigger.pos_ in ("VERB", "AUX") or _argument_of(trigger, verb)
    for p in _participles(trigger) if verb.i == trigger.i else ():
        if p.lemma_.lower() in CANCEL_WORDS and p.lemma_.lower() not in _CANCEL_PARTICLE:
            return "cancelled"                   # "Cancelled harbour summit"; not "held the cancelled talks"
    if _withheld(verb):
        return "possible"                        # "stopped short of saying the talks were over", "said whether"
    kept_on = None                               # a calling off denied: "will not halt the talks"
    for v in chain:
        if v.i != trigger.i and not acts_on and v.i == verb.i:
            continue
        if _calls_off(v):
            if v.i != trigger.i and any(c.dep_ == "neg" for c in v.children):
                kept_on = v
                continue
            if v.i != trigger.i and _only_considered(v):
                return "possible"                # "China may cancel the talks", "is considering cancelling"
            if v.i != trigger.i or trigger.pos_ == "VERB":
                return "cancelled" if v.i != trigger.i else "happened"
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for v in chain for c in v.children):
        return "possible"                        # "if the country can't repay its debt on July 20"
    if verb_tense(verb) != "past" and any(c.dep_ == "mark" and c.lower_ in _NOT_YET for c in verb.children):
        return "possible"                        # "talks go on until a ceasefire is agreed": not agreed yet
    failed = trigger.pos_ == "NOUN" and acts_on and verb.i != trigger.i and verb.lemma_.lower() in _FAIL_WORDS \
        and trigger.dep_ not in ("nsubj", "nsubjpass")   # "missed the payment"; not "the talks failed": held, in vain
    unasserted = _unasserted(trigger, verb)
    if unasserted:
        return unasserted
    if verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_.lower() in _CONSIDER and verb.head.i != trigger.i:
        return "possible"                        # "U.S. considers supplying weapons", "threatened to impose tariffs"
    negated = [v for v in chain if any(c.dep_ == "neg" for c in v.children) and v is not kept_on]
    if _said_to_be_none(trigger, verb):
        return "negated"                         # "no agreement was reached", "reached no deal"
    if failed and negated == [verb]:
        return "happened"                        # "did not miss its payment": it was paid
    if negated and not (trigger.pos_ == "NOUN" and trigger.dep_ == "nsubj" and negated == [verb]
                        and verb.lemma_.lower() not in _OCCURS):
        return "negated"                         # not "Sunday's ceasefire did not apply to Debaltseve"
    words = {t.lemma_.lower() for v in chain for t in v.children if t.dep_ in ("aux", "advmod", "auxpass")}
    words |= {v.lemma_.lower() for v in chain}
    if words & _POSSIBLE:
        return "possible"                        # "Peru may miss its payment": possible, not negated
    if failed and not words & (_PLANNED | _EXPECTED) and verb_tense(verb) != "future":
        return "negated"                         # "missed its payment": the payment did not happen
    if words & _EXPECTED and any(v.lemma_.lower() == "expect" or v.lower_ == "expected" for v in chain) \
            or "widely" in words:
        return "expected"
    if any(c.lower_ in ("can", "ca") and c.tag_ == "MD" for v in chain for c in v.children):
        return "ongoing"                     # "can carry 290 passengers": an ability, now
    tense = verb_tense(verb) if verb.pos_ in ("VERB", "AUX") else None
    if trigger.tag_ == "VB" and any(c.lower_ == "to" and c.dep_ == "aux" for c in trigger.children):
        return "planned"                     # "a contract to supply 14 aircraft": still to come
    if verb.tag_ in ("VB", "VBN") and verb.head.lemma_ == "be" and verb.dep_ == "xcomp" and verb.head.tag_ in ("VBZ", "VBP") \
            and any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children):
        return "planned"                     # "the summit is to convene on Tuesday"
    if words & _PLANNED or tense == "future" or _committed_to(verb):
        return "planned"
    if headline and tense in ("present", None):
        return "happened"
    if verb.tag_ == "VBG" and any(c.lemma_ == "be" and c.tag_ in ("VBZ", "VBP") for c in verb.children):
        return "ongoing"
    if tense == "present" and verb.tag_ in ("VBZ", "VBP") and trigger.pos_ == "NOUN":
        return "ongoing" if verb.lemma_ == "be" else "planned"
    return "happened"


def _phrase(trigger) -> tuple[int, int]:
    """Character span of the trigger with its particle, or with the modifiers before an event noun
    ("joint agreement signing ceremony", "one-on-one meeting")."""
    if trigger.pos_ in ("VERB", "AUX"):
        end = trigger
        for c in trigger.children:
            if c.dep_ == "prt" and c.i == end.i + 1:
                end = c
        return trigger.idx, end.idx + len(end.text)
    start = trigger.i
    for c in trigger.lefts:
        sub = list(c.subtree)
        if c.dep_ not in ("det", "poss", "predet", "case", "punct", "nummod", "quantmod", "cc", "preconj") \
                or (c.dep_ == "nummod" and len(sub) > 1):          # "one-on-one", not "two"
            start = min(start, sub[0].i)
    doc = trigger.doc
    while start < trigger.i and (doc[start].is_punct or doc[start].tag_ == "POS"):
        start += 1
    return doc[start].idx, trigger.idx + len(trigger.text)


def _actors(trigger, verb, mentions: Sequence[Mention], doc, near: Sequence[Mention] | None = None) -> tuple[str, ...]:
    """Local ids of the actors in the roles around the trigger: subjects, objects, "with", possessors; not the place
    or agency of the paragraph's dateline, which the parser may hang on the subject ("QUITO (Reuters) - Peru ...")."""
    heads = {trigger.i, verb.i}
    tokens = []
    for h in (trigger, verb):
        for c in h.children:
            if c.dep_ in ("nsubj", "nsubjpass", "dobj", "poss", "agent", "compound"):
                tokens.extend(c.subtree)
            elif c.dep_ == "prep" and c.lower_ in ("with", "between", "by", "of") and not (
                    c.lower_ == "with" and any(t.pos_ == "VERB" for t in c.subtree)):
                tokens.extend(c.subtree)       # not a clause ("..., with a summit scheduled to continue")
    if verb.dep_ == "xcomp" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        tokens.extend(t for c in verb.head.children if c.dep_ == "nsubj" for t in c.subtree)   # "China threatened to impose"
    spans = {(t.idx, t.idx + len(t.text)) for t in tokens if t.i not in heads and not in_dateline(t)}
    found = list(_the_two(trigger, verb, mentions))
    local = mentions if near is None else near           # the mentions of the trigger's sentence
    for h in (trigger, verb):
        for c in h.children:
            if c.dep_ in ("poss", "nsubj") and c.lower_ in ("his", "her", "he", "she"):
                m = _person_meant(c, doc, mentions)        # "her telephone conversation with Putin"
                if m is not None and m.local not in found:
                    found.append(m.local)
    for m in local:
        if m.kind in ("place",) or not any(m.start <= s < m.end for s, _ in spans):
            continue
        nxt = doc.char_span(m.end, m.end + 64, alignment_mode="expand")
        if nxt is not None and len(nxt) and nxt[0].lower_ in _IMPERSONATION:
            continue                                  # "Donald Trump impersonator X": not an act of Trump
        if m.local not in found:
            found.append(m.local)
    return tuple(found)


_GROUP_NOUNS = {"leader", "man", "woman", "president", "side", "minister", "party", "country", "delegation",
                "rival", "foe", "counterpart", "negotiator"}


def _the_two(trigger, verb, mentions: Sequence[Mention]) -> list[str]:
    """"The two leaders met": the two people (or countries) the article has been about."""
    for h in (verb, trigger):
        subj = next((c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.lemma_.lower() not in _GROUP_NOUNS:
            continue
        if not any(c.lower_ in ("two", "both") for c in subj.children) and subj.lower_ != "both":
            continue
        kind = "country" if subj.lemma_.lower() in ("country", "side", "foe", "rival") else "person"
        before = [m for m in mentions if m.end <= subj.idx and m.kind == kind]
        # The protagonists: the two mentioned most so far (the latest first among equals).
        counts: dict[str, int] = {}
        last: dict[str, int] = {}
        for m in before:
            counts[m.local] = counts.get(m.local, 0) + 1
            last[m.local] = m.start
        top = sorted(counts, key=lambda k: (-counts[k], -last[k]))[:2]
        return sorted(top, key=lambda k: last[k]) if len(top) == 2 else []
    return []


def _where(verb, trigger, mentions: Sequence[Mention]) -> str | None:
    for h in (trigger, verb):
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "at"):
                sub = list(c.subtree)
                s, e = sub[0].idx, sub[-1].idx + len(sub[-1].text)
                for m in mentions:
                    if s <= m.start and m.end <= e and m.kind in ("place", "country"):
                        return m.local
    return None


_TIME_DEPS = {"prep", "npadvmod", "tmod", "advmod", "nmod", "compound", "pobj", "appos", "advcl", "poss", "amod"}


def _when(trigger, verb, times: Sequence[TimeExpr], *, own: bool = False) -> str | None:
    """The time expression in the trigger's clause: its own modifiers (and, for an event noun, the
    clause describing it: "a news conference he had planned for Tuesday"), then the verb's, then
    a time fronted at the start of the sentence ("On Sunday (Nov 29), the march was called off"); a
    dateline's date, which the parser may hang on the verb, only where no other is there.
    With `own`, only the trigger's own (the day of "a February 15 ceasefire", not of "agreed Thursday")."""
    text = doc_text(trigger.doc)
    dated = sorted(_dates_for(trigger, times), key=lambda t: _dateline(t, text))    # stable: datelines last
    heads = [(trigger, _TIME_DEPS | ({"acl", "relcl"} if trigger.pos_ == "NOUN" else set()))]
    if trigger.pos_ == "VERB" and _to_be_done(trigger) and trigger.dep_ != "ROOT" and trigger.head.pos_ == "NOUN":
        heads.append((trigger.head, {"acl", "relcl"}))      # "weapons to be withdrawn, beginning on 16 February"
    verb_deps = _TIME_DEPS | ({"xcomp"} if verb.lemma_.lower() in _PLANNED | _EXPECTED | {"be"} else set())
    for h, deps in heads + ([] if own else [(verb, verb_deps)]):          # "is set to go ahead on Sunday"
        spans = [(t.idx, t.idx + len(t.text)) for c in h.children if c.dep_ in deps for t in _own_words(c, trigger, h)]
        for t in dated:
            if any(s <= t.start < e for s, e in spans):
                return t.value
    if own:
        return None
    sent = trigger.sent
    head_end = sent[min(len(sent) - 1, 4)].idx
    for t in dated:
        if sent.start_char <= t.start <= head_end and t.end < trigger.idx:
            return t.value
    return None


def _own_words(phrase, trigger=None, holder=None) -> list:
    """The words of `phrase` (a modifier of an event) that can date the event: not an adverbial or complement clause
    with a subject of its own ("the first talks since war broke out in November 2020"), whose times are another
    event's, nor a "since" phrase, which dates when a stretch began ("the first agreement since November 2020"),
    nor a clause describing a noun inside the phrase (`_describes_another`)."""
    out, skip = [], set()
    for t in phrase.subtree:
        if t.i in skip:
            continue
        other_clause = t.dep_ in ("advcl", "ccomp") and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
        if other_clause or t.lower_ == "since" or (t.i != phrase.i and trigger is not None
                                                   and _describes_another(t, trigger, holder)):
            skip.update(x.i for x in t.subtree)
            continue
        out.append(t)
    return out


def _describes_another(clause, trigger, holder) -> bool:
    """Whether `clause` is a relative or participle clause, inside a modifier of the event word `holder`, that tells
    of another event: one on a noun whose nearest event above is not this one (`_event_above`): "talks on elections
    scheduled for 2024", "withdrew from negotiations in Lima, which started in August". Not where that event shares
    the time ("agreed at talks mediated on September 5"), nor one that plans or reports in a participle what the
    event acts on: "the signing of the accord that they had planned for Friday", "attended the talks held on
    Tuesday"; a clause on a person or thing is its event's ("a meeting of leaders that got under way at 10 a.m.")."""
    if clause.dep_ not in ("relcl", "acl") or clause.head.pos_ not in ("NOUN", "PROPN") or holder is None:
        return False
    owner = _event_above(clause.head, (trigger.i, holder.i))
    if owner is None or _at_time_of(owner, holder):
        return False
    planning = clause.lemma_.lower() in _PLANNED | _EXPECTED or (clause.tag_ == "VBN" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in clause.children))
    return not (planning and _argument_of(owner, holder))


_AT_ONE_TIME = {"at", "during", "in", "with"}      # "agreed at talks ...": the talks' time is the agreeing's


def _at_time_of(noun, holder) -> bool:
    """Whether an event noun is where or with what `holder` happens, so at its time: "agreed at talks ...",
    "agreed in a round of talks ...", "will resume their dialogue (mediated by Norway) with talks scheduled for
    Tuesday": the phrase on `holder` or on a participle that describes it."""
    tok = noun
    while tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in ("NOUN", "PROPN"):
        tok = tok.head.head
    if tok.dep_ != "pobj" or tok.head.lower_ not in _AT_ONE_TIME:
        return False
    head = tok.head.head
    while head.i != holder.i and head.dep_ == "acl" and head.tag_ in ("VBN", "VBG") and head.head.i != head.i:
        head = head.head
    return head.i == holder.i


def _event_above(noun, ours: tuple[int, ...]):
    """The nearest event word at or above `noun` (a verb, or a noun of `NOUN_TYPES`), None where that is one of
    `ours` (the event being dated) or there is none. An infinitive is what the word above it intends ("an
    agreement to create a fund to finance ..."), so it is passed through."""
    tok = noun
    for _ in range(12):
        if tok.i in ours:
            return None
        infinitive = tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
        if (tok.pos_ in ("VERB", "AUX") and not infinitive) or tok.pos_ == "NOUN" and (
                tok.lower_ in NOUN_TYPES or tok.lemma_.lower() in NOUN_TYPES):
            return tok
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


# Dependents that stand before a noun and say which one it is ("a 2024 election deal", "his 2018 re-election").
_PREMODIFIERS = {"nummod", "compound", "amod", "nmod", "poss", "npadvmod"}


def _dates_for(trigger, times: Sequence[TimeExpr]) -> list[TimeExpr]:
    """The dated expressions (DATE or TIME with a calendar value) that may date `trigger`: not a year, month or
    other period that premodifies another noun ("is easing sanctions in response to a 2024 election deal",
    "imposed sanctions following his 2018 re-election"), which says which deal or election it is, not when
    the event took place. A day stays ("won Sunday's vote", "attended the March 5 talks": that day's)."""
    spans = _noun_premodifiers(trigger)
    return [t for t in times if t.type in ("DATE", "TIME") and t.value[:1].isdigit()
            and (_day_precise(t.value) or not any(s <= t.start < e for s, e in spans))]


def _noun_premodifiers(trigger) -> list[tuple[int, int]]:
    """Character spans of the premodifiers, in the trigger's sentence, of nouns other than the trigger (not of a
    date's own noun: "late November", "March 2024" are one date)."""
    return [(t.left_edge.idx, t.right_edge.idx + len(t.right_edge.text)) for t in trigger.sent
            if t.dep_ in _PREMODIFIERS and t.i < t.head.i != trigger.i and t.head.pos_ in ("NOUN", "PROPN")
            and t.head.ent_type_ not in ("DATE", "TIME")]


def _day_precise(value: str) -> bool:
    """Whether a TIMEX3 value names a day or a time within one ("2024-03-05", "2024-03-05TEV")."""
    return len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-" and value[8:10].isdigit()


def _dateline(t: TimeExpr, text: str) -> bool:
    """Whether `t` is a dateline's date ("SANTIAGO (March 6, 2024) - ..."): the day of the report, not of what
    it reports."""
    return bool(_DATELINE_END.match(text, t.end)) and t.start - (text.rfind("\n", 0, t.start) + 1) < 60


_DATELINE_END = re.compile(r"\)?\s*(?:\([^()\n]{0,40}\)\s*)?[-\u2013\u2014:|]")


def _narrative_dates(times: Sequence[TimeExpr], text: str = "") -> list[tuple[int, str]]:
    """(offset, day) of every day-precise date, to date an event the text places "then"; not a dateline's
    ("SANTIAGO (March 6, 2024) - ..."): that is the day of the report, not of what it reports; nor a day
    still to come ("the ceasefire from February 15"): the narrative is not there yet."""
    return [(t.start, t.value[:10]) for t in times
            if t.type in ("DATE", "TIME") and len(t.value) >= 10 and t.value[4] == "-" and t.value[:1].isdigit()
            and t.tense != "future" and not _dateline(t, text)]


def _sentence_date(trigger, times: Sequence[TimeExpr], text: str, published: str | None) -> str | None:
    """The date its sentence names before an event that has none of its own, of any precision: "When they last met
    in November 2022, the ministers agreed ...", "protests broke out in early 2019, shortly after Vega was sworn
    in". The sentence places the event there; a day the narrative is at elsewhere does not overrule it. Only a date
    that places it (`_places`); not a dateline's, nor one still to come or after publication (the event is
    reported as past or ongoing), nor the start of a stretch ("since 2019"), nor a period that names another noun
    (`_dates_for`); none for an event that goes on since a time or for a while of its own."""
    doc = trigger.doc
    if any(c.lower_ == "since" or c.lower_ == "for" and any(t.ent_type_ == "DATE" for t in c.subtree)
           for c in trigger.children):
        return None                  # "have been killed since April", "suspended for 15 months": a stretch
    before = [t for t in _dates_for(trigger, times) if t.end <= trigger.idx and t.tense != "future"
              and not _dateline(t, text) and _begins_by(t.value, published)
              and not text[max(0, t.start - 7):t.start].lower().rstrip().endswith("since")]
    for t in sorted(before, key=lambda t: -t.start):
        said = doc.char_span(t.start, t.end, alignment_mode="expand")
        if said is not None and len(said) and _places(trigger, said.root, _day_precise(t.value)):
            return t.value
    return None


_AT_THAT_TIME = {"when", "while", "as"}                     # "When they last met in November 2022, ..."
_BEFORE_OR_AFTER = {"after", "before", "since", "until", "till", "once"}
_CLAUSES = {"advcl", "relcl", "acl", "ccomp", "csubj", "parataxis"}


def _places(trigger, date, day: bool) -> bool:
    """Whether a date elsewhere in the trigger's sentence places its event: one in the event's own clause or a
    clause above it, or in a clause that says when ("When they last met in November 2022, the ministers agreed");
    not one in another clause ("even after all sides agreed to a ceasefire in September, officials say economic
    sanctions ..."). A day does not place an event said to come before or after it ("resigned on Monday after
    voters refused"): a month or a year still does ("protests in early 2019, shortly after he was sworn in")."""
    above = [trigger, *trigger.ancestors]
    if day and any(t.left_edge.i > date.i or date.i > t.right_edge.i for t in above
                   if any(c.dep_ == "mark" and c.lower_ in _BEFORE_OR_AFTER for c in t.children)):
        return False
    ours = {t.i for t in above}
    tok = date
    while tok.i not in ours:
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ in _CLAUSES and not any(
                c.dep_ in ("mark", "advmod") and c.lower_ in _AT_THAT_TIME for c in tok.children):
            return False
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return True


_PERIOD_MONTH = {"Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10, "H1": 1, "H2": 7, "SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _begins_by(value: str, published: str | None) -> bool:
    """Whether a TIMEX3 value of a year, or of a part of one, begins by the publication date ("2023-11" and
    "2023-W48" by "2023-12-06"; not "2024", nor a decade)."""
    if not re.match(r"\d{4}(?!\d)", value):
        return False
    year, rest = int(value[:4]), value[5:]
    try:
        if rest[:1] == "W" and rest[1:3].isdigit():
            first = dt.date.fromisocalendar(year, int(rest[1:3]), 1)
        elif rest[:2] in _PERIOD_MONTH:
            first = dt.date(year, _PERIOD_MONTH[rest[:2]], 1)
        elif rest[:2].isdigit():
            first = dt.date(year, int(rest[:2]), int(rest[3:5]) if rest[3:5].isdigit() else 1)
        else:
            first = dt.date(year, 1, 1)
        return not published or first <= dt.date.fromisoformat(published[:10])
    except ValueError:
        return False


def _takes_place(verb) -> bool:
    """Whether `verb` is "take place" ("the next round will take place in Lima"): it says its subject is held."""
    return verb.lemma_.lower() == "take" and any(c.dep_ == "dobj" and c.lower_ == "place" for c in verb.children)


def _past_plan(verb) -> bool:
    """Whether `verb` is what was planned or expected, said in the past ("were expected to sign a deal during the
    talks that concluded on Friday", "had planned to meet on Monday"): its day having passed does not say that it
    took place."""
    head = verb.head if verb.dep_ == "xcomp" and verb.head.i != verb.i else verb
    if head.lemma_.lower() not in _PLANNED | _EXPECTED:
        return False
    return head.tag_ == "VBD" or any(a.dep_ in ("aux", "auxpass") and a.tag_ == "VBD" for a in head.children)


def _progressive(verb) -> bool:
    """A present progressive ("is easing", "are holding"): what goes on at the time of the report."""
    return verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" and c.tag_ in ("VBZ", "VBP")
                                      for c in verb.children)


RECENT_DAYS = 7
LEAD_CHARS = 600          # how far the lead paragraph reaches at most, where the day of the news is set


def _narrative_day(dated: list[tuple[int, str]], offset: int, text: str, published: str | None) -> str | None:
    """The day the text is at, at `offset`: the latest recent day named before it in its paragraph; else
    the day the lead sets (the newest recent day its headline and first paragraph name: its news), which a later
    paragraph of quotes and reactions returns to after naming other days."""
    recent = [(off, d) for off, d in dated if _recent(d, published)]
    start = text.rfind("\n", 0, offset) + 1
    here = [d for off, d in recent if start <= off < offset]
    if here:
        return here[-1]
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    line = text[start:end].strip()
    if start > 0 and 0 < len(line) <= 80 and line[-1] not in '.!?"\u201d\'':
        # A section heading ("Banks open") is of the section it heads: the first day its paragraph names.
        nxt = end
        while nxt < len(text) and text[nxt] in "\n\r \t":
            nxt += 1
        para_end = text.find("\n", nxt)
        para_end = len(text) if para_end < 0 else para_end
        below = [d for off, d in recent if nxt <= off < para_end]
        if below:
            return below[0]
    lead = [d for off, d in recent if off < min(offset, LEAD_CHARS)]
    return max(lead) if lead else None


def _recent(day: str, published: str | None) -> bool:
    """Whether `day` lies in the week before publication (or on the day itself)."""
    if not published:
        return False
    try:
        delta = (dt.date.fromisoformat(published) - dt.date.fromisoformat(day[:10])).days
    except ValueError:
        return False
    return 0 <= delta <= RECENT_DAYS


def _guard_met(tok, lemma: str) -> bool:
    """Whether a guarded verb has what makes it an event ("step down", "miss a payment")."""
    guard = _GUARDED.get(lemma)
    if not guard:
        return True
    kids = list(tok.children)
    if "prt" in guard:
        return any(c.dep_ in ("prt", "advmod") and c.lower_ in guard["prt"] for c in kids)
    if "pred" in guard:                                    # "named him finance minister", "was named minister"
        return any(c.dep_ in ("oprd", "xcomp", "attr", "ccomp") or (c.dep_ == "prep" and c.lower_ == "as")
                   for c in kids)
    words = {c.lemma_.lower() for c in kids if c.dep_ in ("dobj", "nsubjpass", "nsubj", "pobj", "attr")}
    for c in kids:
        if c.dep_ == "prep":
            words |= {g.lemma_.lower() for g in c.children if g.dep_ == "pobj"}
    words |= {g.lemma_.lower() for c in kids if c.dep_ in ("dobj", "nsubjpass", "nsubj") for g in c.children
              if g.dep_ == "compound"}
    return bool(words & guard["obj"])


# What a party meets that is no meeting: "Greece has not met its deadline", "met the creditors' demands".
_MET_NOT_MEETING = {"deadline", "target", "demand", "condition", "requirement", "obligation", "expectation", "goal",
                    "criterion", "criteria", "standard", "cost", "need", "payment", "commitment", "term"}


_FAIL_WORDS = {"miss", "fail", "skip", "forgo", "default"}
# What negotiations turn on: a predicate with a party for subject and one of these (or a party) for object
# is an event of the story whatever its verb ("Athens tabled new figures", "Peru slashed the quota").
NEGOTIATION_OBJECTS = {"tariff", "sanction", "deal", "deadline", "vote", "payment", "bailout", "debt", "reform",
                       "ceasefire", "truce", "troop", "weapon", "quota", "proposal", "plan", "law", "bill", "measure",
                       "loan", "aid", "talk", "treaty", "accord", "agreement", "demand", "offer", "term", "condition",
                       "budget", "tax", "pension", "border", "embargo", "blockade", "prisoner", "hostage", "package"}
# Verbs that say, think or are, not act: never events by their arguments alone.
_NOT_ACTS = {"be", "have", "do", "say", "tell", "think", "believe", "know", "see", "want", "need", "seem", "become",
             "get", "go", "come", "make", "take", "give", "use", "include", "mean", "add", "note", "report", "expect",
             "hope", "feel", "look", "find", "show", "describe", "call", "ask", "write", "remain", "keep", "let",
             # states and perceptions: "Chile and Peru share a border", "Peru likes the plan"
             "share", "own", "possess", "understand", "like", "love", "hate", "prefer", "watch", "hear", "notice",
             "contain", "lack", "resemble", "deserve", "respect", "fear", "trust", "doubt", "remember", "forget",
             "mind", "enjoy", "appreciate", "value", "read", "follow", "face", "represent", "consider", "see"}


def _between_parties(tok, actor_starts: set[int]) -> str | None:
    """"ACT" for a verb outside the word lists whose subject is a party and whose object is a party or a
    thing negotiations turn on ("Peru slashed the quota"); else None. The lists type; this finds."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() in _NEVER_ACTS:
        return None
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if subj is None or obj is None:
        return None
    party = lambda t: any(x.idx in actor_starts for x in t.subtree if x.i <= t.i)   # noqa: E731
    if not party(subj):
        return None
    return "ACT" if party(obj) or obj.lemma_.lower() in NEGOTIATION_OBJECTS else None


_NEVER_ACTS = frozenset(_NOT_ACTS | set(VERB_TYPES) | (CANCEL_WORDS - set(_CANCEL_PARTICLE)) | POSTPONE_WORDS
                        | SPEECH_VERBS)       # "broke the blockade" acts; "broke off the talks" (`_calls_off`) not
# Verbs that only carry the act their object names ("deliver a payment", "make a proposal").
_LIGHT_VERBS = {"deliver", "make", "send", "provide", "give", "transfer", "hand", "submit", "present", "hold"}
_CASH = {"cash", "money", "deposit", "atm", "bank", "account", "saving", "savings"}
_CURRENCIES = {"euro", "dollar", "pound", "yen", "franc", "rouble", "ruble", "peso", "yuan", "rupee"}


def _trigger_type(tok, every: bool) -> str | None:
    """The PLOVER type of a trigger token, "EVENT" for any other event when `every`, else None."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" and lemma == "meet" and any(
            c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in _MET_NOT_MEETING for c in tok.children):
        return "COMPLY"
    if tok.pos_ == "VERB":
        if VERB_TYPES.get(lemma) and _guard_met(tok, lemma):
            return VERB_TYPES[lemma]
        if lemma in _GUARDED:
            return "EVENT" if every else None
        return "EVENT" if every and lemma not in ("be", "have") or (every and tok.dep_ == "ROOT") else None
    if tok.pos_ != "NOUN" or tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL"):
        return None
    if lemma == "withdrawal" and (any(t.ent_type_ == "MONEY" or t.lemma_.lower() in _CURRENCIES for t in tok.subtree)
                                  or any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in _CASH
                                         for c in tok.children)):
        return "EVENT" if every else None               # "a one-off withdrawal of up to 120 euros": cash, no retreat
    if tok.lower_ in NOUN_TYPES or lemma in NOUN_TYPES:
        if tok.dep_ == "compound" and (tok.head.lower_ in NOUN_TYPES or tok.head.lemma_.lower() in NOUN_TYPES):
            return None                                  # "signing" in "signing ceremony": one event
        return NOUN_TYPES.get(tok.lower_) or NOUN_TYPES[lemma]
    if every and tok.dep_ != "compound" and (lemma in EVENT_NOUNS or (lemma.endswith(_EVENTIVE_SUFFIX)
                                                                       and len(lemma) > 6)):
        return "EVENT"
    return None


def _completed(kept: Event, other: Event) -> Event:
    """One event for two triggers of one stretch of text: the richer, with what only the other knows."""
    return replace(kept, actors=kept.actors or other.actors, when=kept.when or other.when,
                   where=kept.where or other.where)


def find_events(doc, mentions: Sequence[Mention], *, times: Sequence[TimeExpr] = (),
                quote_spans: Sequence[tuple[int, int]] = (),
                published: str | None = None, every: bool = False) -> Iterator[Event]:
    """Every event mention in a parsed article, in text order; `published` is the article's date.

    By default only events of political interaction (typed with PLOVER); with `every`, every
    event the text mentions (other verbs and eventive nouns typed "EVENT"), as MEANTIME counts them.
    Triggers that overlap ("agreed" inside "an agreed ceasefire") are one event.
    """
    found = _triggered_events(doc, mentions, times=times, quote_spans=quote_spans, published=published,
                              every=every)
    yield from one_per_stretch(found if every else _once_a_clause(found), _completed)


def _once_a_clause(events: Iterator[Event]) -> Iterator[Event]:
    """The events, less one that repeats another of its sentence word for word: the same type and label
    ("imposed" and "sanctions" of "The U.S. imposed sanctions on Peru" are one sanction; "attends an interview"
    one meeting). The first (the verb, in text order, whose clause says what became of it) stands for both."""
    kept: set[tuple] = set()
    for e in events:
        key = (e.sentence.start, e.type, e.label)
        if e.label and key in kept:
            continue
        kept.add(key)
        yield e


# Verbs that say what an occasion does ("the summit is to convene", "the meeting was adjourned", "talks
# concluded"): with an occasion noun for subject, the noun is the event and the verb its predicate.
_OCCASION_VERBS = {"convene", "reconvene", "adjourn", "conclude", "open", "close", "resume", "end", "begin",
                   "start", "continue", "collapse", "stall", "break", "proceed"}


def _verb_of_noun(noun):
    """The verb whose clause holds an event noun; for "the summit is to convene", "convene"."""
    verb = governing_verb(noun)
    if verb.lemma_ == "be" and noun.dep_ in ("nsubj", "nsubjpass") and noun.head.i == verb.i:
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if xcomp is not None:
            return xcomp
    return verb


def _occasion_subject(verb):
    """The occasion noun a verb of `_OCCASION_VERBS` is said of ("the summit" of "is to convene"), else None."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in _OCCASION_VERBS:
        return None
    holder = verb.head if verb.dep_ == "xcomp" and verb.head.lemma_ == "be" else verb
    subj = next((c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.pos_ != "NOUN" or FRAMES.get(subj.lemma_.lower(), FRAMES.get(subj.lower_)) is None:
        return None
    return subj


_PERSONAL = {"he", "she"}


def _agent_named(agent: str | None, said: str, subject, doc, mentions: Sequence[Mention]):
    """(label, agent, mention) with a pronoun agent replaced by the person it refers to ("he had cancelled
    a planned meeting" -> "Donald Tusk had cancelled a planned meeting"), when the article names one."""
    if not agent or agent.lower() not in _PERSONAL or subject is None:
        return said, agent, None
    m = _person_meant(subject, doc, mentions)
    if m is None or not said.startswith(agent):
        return said, agent, None
    return m.name + said[len(agent):], m.name, m


def _person_meant(pronoun, doc, mentions: Sequence[Mention]):
    """The person "he", "she", "his" or "her" refers to, when the text leaves no doubt: the referent
    (`referents.referent`) where this sentence and the one before name no other person before it."""
    m = referent(doc, mentions, pronoun.idx)
    if m is None or m.kind != "person":
        return None
    sent = pronoun.sent
    start = doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
    people = {p.local for p in mentions if p.kind == "person" and start <= p.start < pronoun.idx}
    return None if len(people) > 1 else m          # "Ana Ruiz met Ricardo Soto. He cancelled ...": no guess


def _triggered_events(doc, mentions: Sequence[Mention], *, times: Sequence[TimeExpr],
                      quote_spans: Sequence[tuple[int, int]], published: str | None,
                      every: bool) -> Iterator[Event]:
    text = doc_text(doc)
    dated = _narrative_dates(times, text)
    seen: set[int] = set()
    said_by_noun = {v.i: n.i for v in doc if (n := _occasion_subject(v)) is not None and _trigger_type(n, every)}
    actor_starts = {m.start for m in mentions if m.kind in ("person", "country", "organization", "group")}
    by_start = sorted(mentions, key=lambda m: (m.start, m.end))
    m_starts = [m.start for m in by_start]
    sorted_times = sorted(times, key=lambda t: (t.start, t.end))
    t_starts = [t.start for t in sorted_times]
    quoted = inside_any(quote_spans)
    per_sentence: dict[int, tuple[list, list]] = {}

    def local(sent) -> tuple[list, list]:
        """The mentions and times of one sentence, found by bisection: the work per event stays bounded by
        its sentence, not the article."""
        if sent.start_char not in per_sentence:
            lo, hi = bisect_left(m_starts, sent.start_char), bisect_left(m_starts, sent.end_char)
            tlo, thi = bisect_left(t_starts, sent.start_char), bisect_left(t_starts, sent.end_char)
            per_sentence[sent.start_char] = (by_start[lo:hi], sorted_times[tlo:thi])
        return per_sentence[sent.start_char]
    for tok in doc:
        lemma = tok.lemma_.lower()
        type_ = _trigger_type(tok, every)
        if type_ is None and not every:
            type_ = _between_parties(tok, actor_starts)
        if type_ is None:
            continue
        if not every and tok.pos_ == "VERB" and _calls_off_an_occasion(tok):
            continue                                     # "suspended the talks": the talks' event, called off
        if said_by_noun.get(tok.i) in seen:
            continue                                     # "the summit is to convene": the summit's event
        if tok.i in seen or quoted(tok.idx):
            continue
        if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ == "of" and (
                tok.head.head.lower_ in NOUN_TYPES or tok.head.head.lemma_.lower() in NOUN_TYPES):
            continue                                     # "the signing of the accord": one event, the signing
        verb = _verb_of_noun(tok) if tok.pos_ != "VERB" else tok
        if not every and tok.pos_ != "VERB" and lemma in _WEAK_NOUNS and not any(
                c.dep_ in ("relcl", "acl") and _to_be_done(c) for c in tok.children) and verb.lemma_.lower() not in (
                "sign", "reach", "hold", "adopt", "approve", "announce", "seal", "impose", "lift", "conduct",
                "cancel", "scrap", "postpone", "call", "strike", "launch", "make", "miss", "request", "reject",
                "submit", "present", "table", "refuse", "grant", "seek", "receive", "extend", "put", "win",
                "happen", "occur") and not _calls_off(verb) and not _takes_place(verb):   # "suspended the session"
            continue
        start, end = _phrase(tok)
        headline = tok.sent.start == 0 and "\n" not in text[:tok.sent.end_char].rstrip()
        status = _status(tok, verb, headline=headline)
        intended = status in ("planned", "possible") and _unasserted(tok, verb) is not None
        near_mentions, near_times = local(tok.sent)
        when = _when(tok, verb, near_times, own=intended)
        postponed, moved_to = _postponement(tok, verb, times)
        if postponed in ("moved", "slipped"):
            status, when = "planned", moved_to or when
        elif postponed == "delayed":                # still to come, at a time the clause does not give
            status, when = "planned", None
        elif postponed:             # "postponed indefinitely", "the talks due on Sunday were put off": not at its time
            status = "cancelled"
        if status == "negated" and lemma in ("accept", "agree", "allow", "sign", "approve", "ratify"):
            type_, status = "REJECT", "happened"        # "will not accept": a refusal, which did happen
        unmoved = status == "cancelled" and postponed           # its new time unsaid: its day is not the report's
        unmoved = unmoved or _pluperfect(verb)          # "had issued arrest warrants": before the story's day
        if when is None and published and status in ("happened", "cancelled") and headline and not unmoved and not any(
                tok.sent.start_char <= off < tok.sent.end_char for off, _ in dated):
            when = published[:10]         # a headline's news is the day's, not a day its lead looks back to
        if when is None and status in ("happened", "ongoing", "cancelled") and not unmoved and _asserted_by(tok, verb):
            # A reported event with no time of its own happened on the day the story is at: the
            # latest day-precise date before it that lies in the days around publication (not
            # background such as "June 12 last year"); not a noun the clause only names in passing
            # ("thanked him for his offer of Astana as a platform for the summit"). A date its own
            # sentence names, of any precision, wins over that day unless the day lies within it.
            placed = _sentence_date(tok, near_times, text, published)
            day = _narrative_day(dated, tok.idx, text, published)
            when = day if day and day.startswith(placed or "") else placed
        if when is None and published and status in ("happened", "cancelled") and not unmoved and (
                headline or _perfect(verb)):
            when = published[:10]         # the headline's news and what "has been cancelled" are the day's
        if when is None and published and status == "ongoing" and _progressive(verb):
            when = published[:10]         # "Peru is easing quotas": now, at the time of the report
        if status in ("planned", "expected") and when and published and when[:1].isdigit() and not _past_plan(verb) \
                and (when[:10] < published or when[:10] == published[:10] and _bare_present(verb) and not intended):
            status = "happened"          # "similar to their first meeting on June 12 last year": already past;
            #                              a caption's "Merkel listens during a news conference ... July 13, 2015"
        elif status in ("ongoing", "happened") and when and published and when[:10] > published \
                and _day_precise(when):
            status = "planned"           # "so he can meet them on Friday (March 1)": not yet
        head = "comply" if type_ == "COMPLY" else FRAMES.get(lemma, FRAMES.get(tok.lower_, lemma))
        if tok.pos_ == "VERB" and lemma in _LIGHT_VERBS:
            obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")
                        and FRAMES.get(c.lemma_.lower()) and NOUN_TYPES.get(c.lemma_.lower())), None)
            if obj is not None:                # "deliver the next payment", "make a payment": the payment's event
                type_, head = NOUN_TYPES[obj.lemma_.lower()], FRAMES[obj.lemma_.lower()]
        sent = tok.sent
        seen.add(tok.i)
        said, agent, theme = label(tok, verb)
        said, agent, person = _agent_named(agent, said, _subject(tok if tok.pos_ == "VERB" else verb), doc, mentions)
        actors = _actors(tok, verb, mentions, doc, near_mentions)
        if person is not None and person.local not in actors:
            actors = (person.local, *actors)
        yield Event(start=start, end=end, text=text[start:end], type=type_, status=status,
                    label=said, agent=agent, theme=theme,
                    actors=actors, where=_where(verb, tok, near_mentions), when=when,
                    sentence=Sentence(start=sent.start_char, end=sent.end_char, text=sent.text),
                    head=head, postponed=bool(postponed))
