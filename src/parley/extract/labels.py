"""An event as a proposition a person reads: who does what to what, from the parse.

`label(trigger, verb)` gives (label, agent words, theme words) for an event trigger:
- a verb trigger: its subject, its verb phrase as written (auxiliaries, negation and particle
  kept: "did not sign", "may cancel", "stepped down") and its object (or, without one, its first
  prepositional phrase or complement): "Euro zone finance ministers refused to extend the bailout";
- a noun trigger: the noun phrase ("the summit of all 28 EU leaders"), with the verb that governs
  it and that verb's subject where there is one: "Tusk cancelled the summit of all 28 EU leaders".
Phrases are cut short (`MAX_AGENT`, `MAX_THEME` words) at a word boundary; relative clauses and
quotations inside them are left out. Pure functions over spaCy tokens.
"""
from __future__ import annotations

from .datelines import in_dateline, past_dateline

MAX_AGENT = 16
MAX_THEME = 10
_OBJECTS = ("dobj", "attr", "oprd", "dative")
_COMPLEMENTS = ("xcomp", "ccomp", "acomp")
_PARTICLES = {"down", "up", "off", "out", "in", "back", "aside", "away", "over", "ahead"}
# Verbs that undo or move what they act on: their proposition is never lent to a noun beside their object.
_UNDOING = {"cancel", "scrap", "abandon", "shelve", "axe", "ditch", "call", "drop", "suspend", "halt", "freeze",
            "postpone", "delay", "defer", "push", "reschedule", "move", "reject", "refuse", "deny"}
_SKIP = ("relcl", "acl", "appos", "punct", "advcl", "parataxis", "cc", "conj", "mark")


def _words(tok, limit: int, *, pairs: bool = False) -> str:
    """The words of `tok`'s phrase, in order, without relative clauses, appositions, quotes or the paragraph's
    dateline ("CARACAS (Reuters) - " the parser hung on the subject); cut at `limit`.
    With `pairs`, names joined by "and" stay together ("Merkel and Hollande met")."""
    keep = []

    def kept(c) -> bool:
        if in_dateline(c):
            return False
        return c.dep_ not in _SKIP or pairs and (c.dep_ == "cc" or c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")
                                                 or c.dep_ == "punct" and c.text == "," and any(
                                                     s.dep_ == "conj" for s in c.head.children))

    def walk(t) -> None:
        for c in t.lefts:
            if kept(c):
                walk(c)
        keep.append(t)
        for c in t.rights:
            if kept(c):
                walk(c)

    walk(tok)
    keep = [t for t in keep if not t.is_quote and t.text not in ("\u201c", "\u201d", '"')]
    keep = keep[:limit]
    while keep and (keep[-1].is_punct or keep[-1].pos_ in ("ADP", "CCONJ", "DET", "PART")):
        keep.pop()
    return _joined(keep)


def _joined(tokens) -> str:
    """Tokens as written: "can't", "Tusk's", "Friday, ..." without the parser's spaces."""
    return (" ".join(t.text for t in tokens).replace(" 's", "'s").replace(" \u2019s", "\u2019s").replace(" ,", ",")
            .replace(" n't", "n't").replace(" n\u2019t", "n\u2019t"))


def _verb_phrase(verb) -> str:
    """The verb as written with its auxiliaries, negation and particle: "did not sign", "will meet"."""
    parts = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < verb.i]
    parts.append(verb)
    parts += [c for c in verb.children if c.dep_ == "prt" or c.dep_ == "advmod" and c.i == verb.i + 1
              and c.lower_ in _PARTICLES                   # "stepped down": the parser's "down" is an advmod
              or c.dep_ == "dobj" and c.i == verb.i + 1 and c.lower_ == "place" and verb.lemma_ == "take"]
    return _joined(sorted(parts, key=lambda t: t.i))       # ("will take place": one verb)


def subject_of(verb):
    """The subject of a verb, its head verb's for an infinitive or conjunct, the antecedent of "which"; never a
    dateline's place ("LIMA (AP) - Peru will host": Peru hosts, `past_dateline`)."""
    subj = _subject(verb)
    if subj is None and verb.dep_ in ("xcomp", "conj") and verb.head.pos_ in ("VERB", "AUX"):
        subj = _subject(verb.head)
    if subj is not None and subj.lower_ in ("which", "that", "who") and verb.dep_ == "relcl":
        return verb.head                            # "the proposal, which was rejected": the proposal
    return subj


def _subject(verb):
    """The first subject of `verb` past the paragraph's dateline, else None."""
    return next((s for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and (s := past_dateline(c)) is not None),
                None)


def label(trigger, verb) -> tuple[str, str | None, str | None]:
    """(label, agent words, theme words) of the event `trigger` under its governing `verb`."""
    if trigger.pos_ in ("VERB", "AUX"):
        subj = subject_of(trigger)
        agent = _words(subj, MAX_AGENT, pairs=True) if subj is not None else None
        obj = next((c for c in trigger.children if c.dep_ in _OBJECTS), None)
        if obj is None:
            obj = next((c for c in trigger.children if c.dep_ in _COMPLEMENTS), None)
        theme = _words(obj, MAX_THEME, pairs=True) if obj is not None else None
        if theme is None:
            prep = next((c for c in trigger.children if c.dep_ in ("prep", "agent")), None)
            theme = _words(prep, MAX_THEME, pairs=True) if prep is not None else None
        if trigger.lemma_ == "be":
            return theme or trigger.text, agent, theme          # a copula is no proposition of its own
        verb_words = _verb_phrase(trigger)
        if trigger.dep_ == "xcomp" and trigger.head.pos_ in ("VERB", "AUX"):
            verb_words = _verb_phrase(trigger.head) + " " + verb_words      # "refused to extend"
        text = " ".join(p for p in (agent, " ".join(verb_words.split()), theme) if p)
        return text, agent, theme
    theme = _words(trigger, MAX_THEME, pairs=True)
    if verb is not None and verb.lemma_ == "be":
        return theme, None, theme                               # "This is the third summit": the summit
    if verb is not None and verb.i != trigger.i and verb.pos_ in ("VERB", "AUX") and \
            any(trigger in c.subtree for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
        then = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
        more = f" {_verb_phrase(then)}" if then is not None else ""              # "is set to go ahead"
        return f"{theme} {_verb_phrase(verb)}{more}", None, theme     # "The working lunch was cancelled"
    if verb is not None and verb.dep_ == "xcomp" and verb.head.lemma_ == "be" and \
            any(trigger in c.subtree for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")):
        return f"{theme} {_verb_phrase(verb.head)} {_verb_phrase(verb)}", None, theme   # "the summit is to convene"
    if verb is not None and verb.i != trigger.i and verb.pos_ in ("VERB", "AUX") and \
            any(trigger in c.subtree for c in verb.children if c.dep_ in _OBJECTS):
        subj = subject_of(verb)
        agent = _words(subj, MAX_AGENT, pairs=True) if subj is not None and subj.i != trigger.i and \
            trigger not in subj.subtree else None
        return " ".join(p for p in (agent, _verb_phrase(verb), theme) if p), agent, theme
    prep = _prep_on(trigger, verb)
    if prep is not None:                                        # "Merkel and Hollande presented Tsipras with an ultimatum"
        subj = subject_of(verb)
        agent = _words(subj, MAX_AGENT, pairs=True) if subj is not None and trigger not in subj.subtree else None
        obj = next((c for c in verb.children if c.dep_ in _OBJECTS and c.i < prep.i), None)
        held = _words(prep, MAX_THEME) if trigger.head.i == prep.i else f"{prep.text} {_words(trigger, MAX_THEME)}"
        parts = (agent, _verb_phrase(verb), _words(obj, MAX_AGENT) if obj is not None else None, held)
        return " ".join(p for p in parts if p), agent, theme
    return theme, None, theme


def _prep_on(trigger, verb):
    """The prepositional phrase of `verb` that holds a noun trigger ("with an ultimatum"), else None."""
    if verb is None or verb.i == trigger.i or verb.pos_ not in ("VERB",) or verb.lemma_ == "be":
        return None
    tok = trigger
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ != "pobj" or tok.head.dep_ != "prep" or tok.head.head.i != verb.i:
        return None
    if tok.head.lower_ == "with" and any(t.pos_ == "VERB" for t in tok.head.subtree):
        return None                      # "..., with a summit of euro zone leaders scheduled to continue"
    if verb.lemma_.lower() in _UNDOING:
        return None                      # "cancelled the dinner, with a summit of ...": the summit was not cancelled
    return tok.head
