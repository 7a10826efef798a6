"""Who a pronoun is: the person (or, for "they" and "we", the party) an earlier mention names.

Pure functions over a spaCy doc and the article's actor mentions, shared by the quote speakers
("..., he said") and the event agents ("Tusk said that he had cancelled the summit").
"""
from __future__ import annotations

from collections.abc import Sequence

from ..models import Mention
from ..nlp import doc_text

PRONOUNS = {"he", "she", "they", "him", "her", "we", "i"}


def mention_at(mentions: Sequence[Mention], start: int, end: int) -> Mention | None:
    for m in mentions:
        if m.start < end and start < m.end:
            return m
    return None


def _is_main_subject(doc, m: Mention) -> bool:
    """Whether a mention is the subject of its sentence's main verb (who the sentence is about)."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    while root.dep_ in ("appos", "conj", "compound") and root.head.i != root.i:
        root = root.head
    return root.dep_ in ("nsubj", "nsubjpass") and root.head.dep_ == "ROOT"


def _plainly_a_person(m: Mention, mentions: Sequence[Mention]) -> bool:
    """A full name, a titled name, or the surname of a full name in the article: not a word the parser
    took for a name ("a temporary Grexit would ...")."""
    if len(m.name.split()) >= 2 or m.titles:
        return True
    return any(o.kind == "person" and o.name.endswith(" " + m.name) for o in mentions)


_PRONOUN_REACH = 3      # sentences a pronoun looks back for a person acting in them (a quote's own count)


def _is_subject(doc, m: Mention) -> bool:
    """Whether a mention is the subject of some verb ("Ukrainian President Petro Poroshenko ordered ...")."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    while root.dep_ in ("appos", "compound") and root.head.i != root.i:
        root = root.head
    return root.dep_ in ("nsubj", "nsubjpass")


def referent(doc, mentions: Sequence[Mention], offset: int, plural: bool = False) -> Mention | None:
    """The actor a pronoun at `offset` refers to: the latest earlier main subject, else the latest mention."""
    kinds = ("person", "anonymous", "country", "organization") if plural else ("person", "anonymous")
    text = doc_text(doc)
    headline = text.find("\n")
    if headline > 0 and text[:headline].rstrip()[-1:] in ".!?\"\u201d'":
        headline = -1                                     # a first paragraph, not a headline
    before = [m for m in mentions if m.end <= offset and m.kind in kinds
              and not m.end <= headline < offset]         # the body names again whom it speaks of; a headline's
    #                                                       title case makes names of other words ("Gov't Reach")
    here = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if here is not None and not plural:
        span = here[0].sent
        for _ in range(_PRONOUN_REACH):             # the person who acts in this sentence or just before
            acting = [m for m in before if span.start_char <= m.start < span.end_char and m.kind == "person"
                      and _is_subject(doc, m) and _plainly_a_person(m, mentions)]
            if acting:
                return acting[-1]
            if span.start == 0:
                break
            span = doc[span.start - 1].sent
    if not plural:                                  # a person, not a hashtag or a word taken for a name
        before = [m for m in before if m.kind != "person" or _plainly_a_person(m, mentions)] or before
    for m in reversed(before):
        if _is_main_subject(doc, m):
            return m
    return before[-1] if before else None
