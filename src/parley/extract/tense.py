"""The tense of the clause a span sits in, from spaCy's parse: past, present or future.

Used to place a bare weekday ("on Tuesday") before or after the publication date, and to
date an article from the days it reports.
"""
from __future__ import annotations

_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_PLAN_WORDS = {"schedule", "expect", "plan", "due", "set", "intend", "aim", "hope", "prepare"}
# Verbs that commit their subject to what their infinitive says ("agreed to meet on Friday", "vowed to capture or
# kill", "pledged to hold talks"): that is to come.
COMMIT_WORDS = {"vow", "pledge", "promise", "swear", "commit", "undertake", "agree", "decide", "resolve", "offer"}
# Verbs that report what was said or decided: the "would" of the clause they take, in the past, is the future as
# it was then ("announced Saturday that it would suspend the talks", "said a new round would be held in July").
REPORT_WORDS = {"say", "tell", "announce", "declare", "state", "confirm", "add", "report", "inform", "reiterate",
                "insist", "stress", "explain", "write", "tweet"} | COMMIT_WORDS


def future_in_past(verb) -> bool:
    """Whether `verb` is said with the "would" of a past report (`REPORT_WORDS`): what is to come, planned as the
    report tells it, not a mere possibility ("would suspend" in "announced that it would suspend the talks")."""
    if verb.dep_ != "ccomp" or verb.head.i == verb.i or not any(
            c.dep_ == "aux" and c.lower_ == "would" for c in verb.children):
        return False
    head = verb.head
    return head.lemma_.lower() in REPORT_WORDS and (head.tag_ == "VBD" or head.tag_ == "VBN" and any(
        a.dep_ == "aux" and a.lemma_ == "have" for a in head.children))


def governing_verb(tok):
    """The verb whose clause holds `tok` (the token itself when it is a verb)."""
    seen = 0
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i and seen < 12:
        tok = tok.head
        seen += 1
    return tok


def verb_tense(verb) -> str | None:
    """"future", "past" or "present" for a verb, from its auxiliaries and tag."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in _FUTURE_AUX or a.lemma_ == "will" for a in aux):
        return "future"
    if any(a.lower_ == "going" for a in aux) or (verb.lower_ == "going" and any(c.tag_ == "VB" for c in verb.children)):
        return "future"
    if verb.tag_ == "VB" and any(a.tag_ == "MD" for a in aux):
        return "future"                                # "can meet on Friday", "may sign next week"
    if verb.tag_ == "VBN" and any(a.tag_ == "MD" for a in aux) and any(a.lower_ == "be" for a in aux) \
            and not any(a.lemma_ == "have" for a in aux):
        return "future"                                # a modal's passive as its active: "would be held in July"
    if verb.tag_ in ("VB", "VBN") and any(a.lower_ == "to" for a in aux):      # "to meet", "to be adopted"
        # An infinitive takes its time from the verb it depends on: "is scheduled to meet on
        # Friday" is to come, "converged on Monday to open the talks" is past.
        head = verb.head
        if head.i == verb.i or head.pos_ not in ("VERB", "AUX", "ADJ"):
            return None
        if head.lemma_.lower() in _PLAN_WORDS | COMMIT_WORDS or head.lemma_ == "be" and head.tag_ in ("VBZ", "VBP"):
            return "future"                            # "is scheduled to meet", "the deal is to be adopted"
        return verb_tense(head) if head.pos_ in ("VERB", "AUX") else None
    if verb.tag_ == "VBG" and not any(a.lemma_ == "be" for a in aux) and verb.dep_ in ("acl", "advcl", "xcomp", "pcomp") \
            and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
        return verb_tense(verb.head)                   # "with Merkel presenting Tsipras on Sunday": the weekend it was
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" and a.tag_ == "VBD" for a in aux):
        return "past"                                  # "he had planned for Tuesday": reported as past
    if verb.lemma_.lower() in _PLAN_WORDS and verb.tag_ == "VBN":
        return "future"                                # "the meeting planned for Friday"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux):
        return "past"
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in aux):
        return "past"
    if verb.tag_ in ("VBZ", "VBP", "VBG"):
        return "present"
    return None


def span_tense(doc, start: int, end: int) -> str | None:
    """The tense of the clause around the characters [start, end) of `doc`."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    verb = governing_verb(span.root)
    if verb.tag_ == "VBG" and verb.dep_ == "prep" and verb.head.i != verb.i:
        verb = governing_verb(verb.head)               # a gerund as a preposition: "quit following his arrest in May"
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    tense = verb_tense(verb)
    # "the meeting, which is expected to ..." / "talks that would ..." take the tense of their own verb;
    # a noun's clause ("attacks of Friday that killed") takes the verb that governs the noun.
    return tense


def tense_callback(doc):
    """A `tense(start, end)` function over `doc` for the time module: "future" or "past"."""
    def tense(start: int, end: int) -> str | None:
        t = span_tense(doc, start, end)
        if t == "present":
            return "future"                            # "meet on Friday" in the present is planned
        return t or "past"
    return tense
