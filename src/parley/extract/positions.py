"""Positions: what each party demands, offers, accepts, refuses or concedes, and on what issue.

A stance cue (a verb such as "insists on", "rejected", "called for", "agreed to", "offered";
or a noun such as "insistence", "demand", "refusal") names a party (its subject, the agent of
a passive, or a possessor: "US insistence") and an issue (its object, the clause it governs,
or the "for/on/to" phrase). A negated acceptance is a refusal ("will not accept"), a negated
refusal an acceptance. A spokesperson speaks for their side: a person or unnamed source with
a known country gives that country as the party (the person is kept as `speaker`).

Issues are keyed by meaning, not wording: the first term of a small general vocabulary of
negotiation (sanctions, troops, ceasefire, quota, ...) in the phrase, else the head noun of
the phrase, looking through light nouns ("the lifting of sanctions", "the idea of a deal").
(`ISSUE_TERMS` are general vocabulary: they name the issue when they modify a head noun.)
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..models import Mention, Position, TimeExpr
from ..nlp import doc_text
from .spans import yields_one_per_span
from .quotes import speaker_of

STANCE_VERBS = {
    "demand": "demands", "insist": "demands", "urge": "demands", "seek": "demands", "want": "demands",
    "need": "demands", "require": "demands", "press": "demands", "push": "demands", "covet": "demands",
    "request": "demands", "ask": "demands", "call": "demands", "claim": "demands",
    "offer": "offers", "propose": "offers", "promise": "offers", "pledge": "offers", "suggest": "offers",
    "accept": "accepts", "agree": "accepts", "welcome": "accepts", "endorse": "accepts", "approve": "accepts",
    "back": "accepts", "support": "accepts", "embrace": "accepts", "sign": "accepts",
    "reject": "refuses", "refuse": "refuses", "oppose": "refuses", "dismiss": "refuses", "veto": "refuses",
    "block": "refuses", "resist": "refuses", "rebuff": "refuses", "spurn": "refuses", "decline": "refuses",
    "rule": "refuses", "deny": "refuses",
    "concede": "concedes", "ease": "concedes", "lift": "concedes", "drop": "concedes", "relax": "concedes",
    "compromise": "concedes", "yield": "concedes", "soften": "concedes", "waive": "concedes",
}
# Verbs that are stances only with a particle or preposition ("call for", "press for", "rule out").
_NEEDS = {"call": ("for",), "press": ("for",), "push": ("for",), "ask": ("for",), "rule": ("out",),
          "back": (), "claim": ()}
STANCE_NOUNS = {
    "demand": "demands", "insistence": "demands", "call": "demands", "request": "demands",
    "offer": "offers", "proposal": "offers", "pledge": "offers", "promise": "offers",
    "acceptance": "accepts", "approval": "accepts", "support": "accepts",
    "refusal": "refuses", "rejection": "refuses", "opposition": "refuses", "veto": "refuses",
    "concession": "concedes",
}
_FLIP = {"accepts": "refuses", "refuses": "accepts", "offers": "refuses", "demands": None, "concedes": "refuses"}
# General vocabulary of what negotiations are about; the first one in a phrase names its issue.
ISSUE_TERMS = (
    "sanction", "tariff", "troop", "denuclearization", "denuclearisation", "ceasefire", "truce", "peace",
    "declaration", "aid", "funding", "finance", "loan", "debt", "quota", "border", "territory", "election",
    "referendum", "prisoner", "hostage", "inspection", "verification", "emission", "target", "subsidy",
    "reparation", "recognition", "withdrawal", "blockade", "embargo", "access", "corridor", "guarantee",
    "nuclear", "missile", "weapon", "sovereignty", "autonomy", "independence", "visa", "fishing", "water",
    "gas", "oil", "price", "wage", "pension", "budget", "tax", "deficit", "climate", "adaptation",
    "transparency", "compensation", "relief", "moratorium", "trade", "investment", "settlement",
)
# Head nouns that say little on their own: the negotiation term modifying them names the issue.
_GENERIC = {"relief", "measure", "regime", "deal", "agreement", "issue", "program", "programme", "package",
            "talks", "policy", "question", "facility", "site", "test", "deadline", "framework", "arrangement"}
_LIGHT = {"idea", "resumption", "lifting", "easing", "removal", "end", "kind", "type", "issue", "question",
          "matter", "possibility", "prospect", "form", "part", "set", "series", "number", "lot", "plan",
          "proposal", "use", "principle", "notion", "return", "start", "implementation", "relaxation"}


def _fold(lemma: str) -> str:
    """British and American spellings of one term: "denuclearisation" = "denuclearization"."""
    return lemma.lower().replace("isation", "ization")


def issue_key(tokens) -> str:
    """The key that groups wordings of one issue: the phrase's head noun, looking through light
    nouns ("the lifting of sanctions", "a proposal for joint patrols") and preferring a
    negotiation term that modifies it ("sanctions relief" -> sanction)."""
    inside = {t.i for t in tokens}
    nouns = [t for t in tokens if t.pos_ == "NOUN"] or [t for t in tokens if t.pos_ == "PROPN"]
    if not nouns:
        return ""
    heads = [t for t in nouns if t.head.i not in inside or t.head.i == t.i]
    head = heads[0] if heads else next((t for t in nouns if t.head.pos_ not in ("NOUN", "PROPN")), nouns[-1])
    seen = 0
    while head.lemma_.lower() in _LIGHT and seen < 4:
        seen += 1
        prep = next((c for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "for", "on", "to")), None)
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if obj is None:
            break
        head = obj
    if head.lemma_.lower() in _GENERIC:
        for c in head.children:
            if c.dep_ in ("compound", "amod") and any(_fold(c.lemma_).startswith(_fold(t)) for t in ISSUE_TERMS):
                return _fold(c.lemma_)                 # "sanctions relief", "nuclear programme"
    return _fold(head.lemma_)


def _issue_span(cue, kind: str):
    """The tokens of the issue a stance cue governs."""
    preps = ("for", "on", "to", "of", "with") if kind == "noun" else ("for", "on", "to")
    for c in cue.children:
        if c.dep_ in ("dobj", "xcomp", "ccomp") and (c.dep_ == "dobj" or c.pos_ in ("VERB", "AUX")):
            return list(c.subtree)
    for c in cue.children:
        if c.dep_ in ("prep", "acl") and (c.lower_ in preps or c.dep_ == "acl") and not _a_time(c):
            obj = [t for t in c.subtree if t.i != c.i] if c.dep_ == "prep" else list(c.subtree)
            if obj:
                return obj
    if cue.dep_ in ("ROOT", "relcl", "conj") and any(c.dep_ == "agent" for c in cue.children):
        subj = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)     # "X is coveted by Y"
        if subj is not None:
            return list(subj.subtree)
    return []


_TIME_NOUNS = {"year", "month", "week", "day", "hour", "decade", "time", "while", "weekend", "morning", "night"}


def _a_time(prep) -> bool:
    """Whether a preposition's object says when or how long, not what is at issue ("pushing for years", "accepts
    on Friday")."""
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return obj is not None and (obj.ent_type_ in ("DATE", "TIME") or obj.lemma_.lower() in _TIME_NOUNS)


def _passive_without_party(cue) -> bool:
    """A stance verb in the passive with no one named as holding it ("a man wanted on charges", "it is demanded
    that"): no party takes a position."""
    passive = cue.tag_ == "VBN" and (cue.dep_ == "acl" or any(c.dep_ == "auxpass" for c in cue.children))
    return passive and not any(c.dep_ == "agent" for c in cue.children)


def _party_token(cue, kind: str):
    agent = next((c for c in cue.children if c.dep_ == "agent"), None)
    if agent is not None:
        return next((c for c in agent.children if c.dep_ == "pobj"), None)
    if kind == "noun":
        return next((c for c in cue.children if c.dep_ in ("poss", "compound") and c.pos_ in ("PROPN", "NOUN",
                                                                                            "PRON")), None)
    return None


@yields_one_per_span(key=lambda p: (p.start, p.end, p.issue_start, p.issue_end))
def find_positions(doc, mentions: Sequence[Mention], *, times: Sequence[TimeExpr] = ()) -> Iterator[Position]:
    """Every stance statement in a parsed article, in text order."""
    text = doc_text(doc)
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in STANCE_VERBS:
            kind, stance = "verb", STANCE_VERBS[lemma]
            needs = _NEEDS.get(lemma)
            if needs and not any(c.lower_ in needs for c in tok.children if c.dep_ in ("prep", "prt")):
                continue
            if _passive_without_party(tok):
                continue
        elif tok.pos_ == "NOUN" and lemma in STANCE_NOUNS:
            kind, stance = "noun", STANCE_NOUNS[lemma]
            if lemma == "call" and not any(c.lower_ == "for" for c in tok.children):
                continue
        else:
            continue
        issue_tokens = [t for t in _issue_span(tok, kind) if not t.is_space]
        while issue_tokens and (issue_tokens[0].is_punct or issue_tokens[0].lower_ in ("that", "to")):
            issue_tokens = issue_tokens[1:]
        while issue_tokens and issue_tokens[-1].is_punct:
            issue_tokens = issue_tokens[:-1]
        if not issue_tokens or len(issue_tokens) > 40:
            continue
        key = issue_key(issue_tokens)
        if not key:
            continue
        negated = any(c.dep_ == "neg" for c in tok.children) or any(
            c.dep_ == "neg" for c in tok.head.children if tok.dep_ == "xcomp")
        if negated:
            flipped = _FLIP.get(stance)
            if flipped is None:
                continue
            stance = flipped
        if stance == "concedes" and any(c.tag_ == "MD" and c.lower_ in ("would", "could", "might", "may", "can")
                                        for c in tok.children):
            stance = "offers"                  # "the US would lift some sanctions": a concession on offer
        party_tok = _party_token(tok, kind)
        if party_tok is not None:
            speaker = next((m for m in mentions if m.start <= party_tok.idx < m.end), None)
        else:
            _, speaker = speaker_of(tok, doc, mentions, [])
        party = speaker
        if speaker is not None and speaker.kind in ("person", "anonymous") and speaker.country:
            party = next((m for m in mentions if m.kind == "country" and m.name == speaker.country), speaker)
        i_start = issue_tokens[0].idx
        i_end = issue_tokens[-1].idx + len(issue_tokens[-1].text)
        when = _when(tok, times)
        yield Position(
            start=tok.idx, end=tok.idx + len(tok.text), text=tok.text, stance=stance,
            issue=text[i_start:i_end], issue_key=key, issue_start=i_start, issue_end=i_end,
            party=party.local if party else None,
            speaker=speaker.local if speaker is not None and party is not None and speaker.local != party.local
            else None,
            when=when, negated=negated,
        )


def _when(cue, times: Sequence[TimeExpr]) -> str | None:
    sent = cue.sent
    for t in times:
        if sent.start_char <= t.start < sent.end_char and t.type in ("DATE", "TIME") and t.value[:1].isdigit() \
                and len(t.value) >= 10:
            return t.value[:10]
    return None
