"""Quotes: who said what, as direct, partial and indirect speech.

- Direct: a quotation that stands as a sentence of its own, with a speech verb before, after
  or between its parts ("Mr Kim said: "..."", ""...," he said", ""...," said an official").
- Partial: quoted words inside a sentence of reported speech (he is "sure all of them ...").
- Indirect: a speech verb with a clause ("X said (that) ...", "X stressed that ...",
  "according to X, ...").

The speaker is the subject of the speech verb: a named actor, a pronoun resolved to the
nearest earlier person, or an unnamed source ("an official"). Unresolved speakers stay None.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..models import Mention, Quote, Span, TimeExpr
from ..nlp import doc_text
from .referents import PRONOUNS as _PRONOUNS, mention_at as _mention_at, referent as _last_person_before
from .spans import yields_one_per_span

SPEECH_VERBS = {
    "say", "tell", "add", "stress", "state", "note", "insist", "warn", "explain", "argue", "claim", "announce",
    "declare", "reply", "respond", "answer", "write", "report", "suggest", "acknowledge", "admit", "confirm",
    "deny", "assert", "emphasise", "emphasize", "reiterate", "repeat", "recall", "remark", "comment",
    "hint", "predict", "promise", "vow", "pledge", "urge", "caution", "concede", "maintain", "point",
    "observe", "describe", "call", "tweet", "quote", "cite", "ask", "believe", "think", "hope", "agree",
    "post", "blog",
}
# Verbs of thought, perception and stance that attribute a claim when they take a clause
# ("officials expect that ...", "the report found that ..."); never cues of a quotation alone.
ATTITUDE_VERBS = {"believe", "think", "hope", "expect", "know", "find", "show", "fear", "feel", "doubt",
                  "estimate", "allege", "indicate", "reveal", "conclude", "testify", "contend", "accuse",
                  "criticise", "criticize", "recommend", "propose", "demand", "question", "wonder", "signal",
                  "acknowledge", "guess", "suspect", "worry", "assume", "reckon", "forecast", "project"}
SPEECH_VERBS |= ATTITUDE_VERBS
# Verbs that report speech only with a clause (not "think" alone before a quote).
_INDIRECT_ONLY = {"point", "describe", "call", "ask", "cite"} | ATTITUDE_VERBS
# A quotation: curly marks, straight marks, two apostrophes; and an opening mark typed for the closing
# one before a dash and the attribution ("\u201c... two more convoys, \u201c- said Poroshenko").
_QUOTE = re.compile(r"\u201c[^\u201c\u201d\n]{1,3000}\u201c(?=\s*[-\u2013\u2014]\s*\w)"
                    r"|\u201c[^\u201d]{1,3000}\u201d|\"[^\"\n]{1,3000}\"|''(?!')[^\n]{1,3000}?''")
_PREFER = {"person": 0, "anonymous": 1, "organization": 2, "group": 3, "country": 4, "place": 5}


def _best_in(mentions: Sequence[Mention], start: int, end: int) -> Mention | None:
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    return min(inside, key=lambda m: (_PREFER.get(m.kind, 9), m.start)) if inside else None


def speaker_of(verb, doc, mentions: Sequence[Mention], quote_spans: list[tuple[int, int]]):
    """(source span, mention) for the subject of a speech verb."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and subj.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
        subj = verb.head                                 # "Smith, who said ...": the antecedent speaks
    if subj is None and verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
        subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if subj is None and verb.dep_ == "advcl" and verb.tag_ == "VBG":    # ", adding that ..." -> the main subject
        subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return None, None
    sub = list(subj.subtree)
    start, end = sub[0].idx, sub[-1].idx + len(sub[-1].text)
    if any(qs <= start < qe for qs, qe in quote_spans):
        return None, None
    said = doc[sub[0].i: sub[-1].i + 1].text       # the span's own text: doc.text would join the whole article
    source = Span(start=start, end=end, text=said)
    m = _mention_at(mentions, subj.idx, subj.idx + len(subj.text))
    if m is None and subj.lower_ in _PRONOUNS:
        m = _last_person_before(doc, mentions, subj.idx, plural=subj.lower_ in ("they", "we"))
    if m is None:
        appos = next((c for c in subj.children if c.dep_ == "appos"), None)
        if appos is not None:
            m = _mention_at(mentions, appos.idx, appos.idx + len(appos.text))
    if m is None:
        m = _best_in(mentions, start, end)
    if (m is None or m.kind != "person") and subj.pos_ == "PROPN":
        # "..., Schaeuble told a news conference": a surname the parser left unnamed (or took for an
        # organisation) speaks as the person of the article who carries it
        m = _person_named(mentions, said, subj.idx) or m
    return source, m


def _person_named(mentions: Sequence[Mention], words: str, offset: int) -> Mention | None:
    """The person mention whose name ends (or is) `words`, the nearest before `offset` first."""
    key = " ".join(words.replace("\u2019s", "").replace("'s", "").split()).lower()
    if not key or len(key.split()) > 3:
        return None
    fits = [m for m in mentions if m.kind == "person" and m.name
            and (m.name.lower() == key or m.name.lower().endswith(" " + key))]
    before = [m for m in fits if m.end <= offset]
    return (before or fits or [None])[-1 if before else 0]


def _speech_verb(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in SPEECH_VERBS


@yields_one_per_span()
def find_quotes(doc, mentions: Sequence[Mention], *, times: Sequence[TimeExpr] = ()) -> Iterator[Quote]:
    """Every attribution in a parsed article, in text order."""
    text = doc_text(doc)
    quote_spans = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
    found: list[Quote] = []
    covered: list[tuple[int, int]] = []
    for qs, qe in quote_spans:
        mark = 2 if text.startswith("''", qs) else 1          # '' ... '' (two apostrophes) or one mark
        content_start, content_end = qs + mark, qe - mark
        inner = text[content_start:content_end].strip()
        if not inner:
            continue
        sent_first = doc.char_span(qs, qe, alignment_mode="expand")
        if sent_first is None:
            continue
        first_sent = sent_first[0].sent
        last_sent = sent_first[-1].sent
        # Words outside the quotation marks in the sentences that hold the quote.
        outside_before = text[max(first_sent.start_char, text.rfind("\n", 0, qs) + 1):qs]
        outside_after = text[qe:min(last_sent.end_char, len(text) if text.find("\n", qe) == -1 else text.find("\n", qe))]
        para_start = text.rfind("\n", 0, qs) + 1
        para_end = text.find("\n", qe)
        para_end = len(text) if para_end == -1 else para_end
        around = list(first_sent) + ([] if last_sent == first_sent else list(last_sent))
        if last_sent.end < len(doc) and last_sent.end_char <= qe + 1:
            # The quotation ends its sentence ("...me?" Trump said.): the attribution follows.
            following = doc[last_sent.end].sent
            if len(following) <= 12:
                around += list(following)
        verbs = [tok for tok in around
                 if para_start <= tok.idx < para_end and not any(s <= tok.idx < e for s, e in quote_spans)
                 and _speech_verb(tok)]
        # The speech verb nearest the quotation marks, preferring verbs that report words as such.
        verb = min(verbs, key=lambda t: (t.lemma_.lower() in _INDIRECT_ONLY,
                                         min(abs(t.idx - qs), abs(t.idx - qe)))) if verbs else None
        stands_alone = len(outside_before.strip(" \n:,")) < 2 or (
            inner[:1].isupper() and re.search(r"[,.:]\s*$", outside_before) is not None
        ) or (inner[:1].isupper() and len(inner.split()) >= 6)
        if verb is None and stands_alone and outside_after.strip() in ("", ".") and outside_before.strip() == "":
            # A quotation paragraph continuing the previous speaker's words.
            prev = found[-1] if found else None
            if prev and prev.kind == "direct" and text.count("\n", prev.end, qs) <= 2:
                found.append(Quote(start=content_start, end=content_end, text=text[content_start:content_end],
                                   kind="direct", cue=prev.cue, source=prev.source, speaker=prev.speaker,
                                   when=prev.when))
                covered.append((qs, qe))
            continue
        if verb is None:
            continue
        if verb.lower_ == "called" and verb.i > 0 and doc[verb.i - 1].lower_ in ("so", "-"):
            continue                                      # the so-called "blue corridor": a name, not words said
        source, speaker = speaker_of(verb, doc, mentions, quote_spans)
        # The second half of a split quotation ("...," said X, "and ...") is direct like the first.
        resumed = bool(found) and found[-1].kind == "direct" and found[-1].cue == Span(
            start=verb.idx, end=verb.idx + len(verb.text), text=verb.text)
        kind = "direct" if (stands_alone or resumed) and len(inner.split()) >= 3 else "partial"
        if kind == "partial" and source is None:
            continue                                      # quoted words with nobody saying them: scare quotes
        cue = Span(start=verb.idx, end=verb.idx + len(verb.text), text=verb.text)
        found.append(Quote(start=content_start, end=content_end, text=text[content_start:content_end], kind=kind,
                           cue=cue, source=source, speaker=speaker.local if speaker else None,
                           when=_when(verb, times)))
        covered.append((qs, qe))
    outer = [(q.start, q.end) for q in found]
    for q in sorted(_indirect(doc, mentions, quote_spans, times), key=lambda q: q.end - q.start, reverse=True):
        # A report inside another report's words ("he said he thinks ...") belongs to the outer one.
        if q.cue and any(s <= q.cue.start < e for s, e in outer):
            continue
        found.append(q)
        outer.append((q.start, q.end))
    yield from sorted(found, key=lambda q: (q.start, q.end))


def _indirect(doc, mentions, quote_spans, times) -> Iterator[Quote]:
    """"X said (that) CLAUSE" and "according to X, CLAUSE" outside quotation marks."""
    text = doc_text(doc)
    for tok in doc:
        if any(qs <= tok.idx < qe for qs, qe in quote_spans):
            continue
        if _speech_verb(tok):
            clause = next((c for c in tok.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")), None)
            if clause is not None:
                sub = list(clause.subtree)
                start, end = sub[0].idx, sub[-1].idx + len(sub[-1].text)
            elif tok.dep_ == "parataxis" and tok.head.pos_ in ("VERB", "AUX") and tok.lemma_.lower() not in ATTITUDE_VERBS:
                # "The problem, she said, is that ..." / "Talks stall, analyst says": the clause around the cue
                own = {t.i for t in tok.subtree}
                sub = [t for t in tok.head.subtree if t.i not in own and not t.is_punct]
                if not sub:
                    continue
                start, end = sub[0].idx, sub[-1].idx + len(sub[-1].text)
            else:
                continue
            while end > start and text[end - 1] in ",.;: ":
                end -= 1
            content = text[start:end]
            if len(content.split()) < 3 or any(qs <= start and end <= qe for qs, qe in quote_spans):
                continue
            if any(qs >= start and qe <= end and (qe - qs) > 0.8 * (end - start) for qs, qe in quote_spans):
                continue                                  # the clause is itself the quotation
            source, speaker = speaker_of(tok, doc, mentions, quote_spans)
            if source is None:
                continue
            yield Quote(start=start, end=end, text=content, kind="indirect",
                        cue=Span(start=tok.idx, end=tok.idx + len(tok.text), text=tok.text),
                        source=source, speaker=speaker.local if speaker else None, when=_when(tok, times))
        elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
            obj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if obj is None:
                continue
            sub = list(obj.subtree)
            s_start, s_end = sub[0].idx, sub[-1].idx + len(sub[-1].text)
            sent = tok.sent
            if tok.i - sent.start <= 1:                   # "According to X, CLAUSE."
                start, end = s_end, sent.end_char
            else:                                         # "CLAUSE, according to X."
                start, end = sent.start_char, tok.idx
            while start < end and text[start] in ",;: ":
                start += 1
            while end > start and text[end - 1] in ",.;: \n":
                end -= 1
            if len(text[start:end].split()) < 3:
                continue
            m = _mention_at(mentions, s_start, s_end)
            yield Quote(start=start, end=end, text=text[start:end], kind="indirect",
                        cue=Span(start=tok.idx, end=to.idx + len(to.text), text=text[tok.idx:to.idx + len(to.text)]),
                        source=Span(start=s_start, end=s_end, text=text[s_start:s_end]),
                        speaker=m.local if m else None, when=None)


def _when(verb, times: Sequence[TimeExpr]) -> str | None:
    """The date of a speech verb's own time modifier ("said on Tuesday")."""
    for child in verb.children:
        if child.dep_ in ("prep", "npadvmod", "tmod"):
            sub = list(child.subtree)
            s, e = sub[0].idx, sub[-1].idx + len(sub[-1].text)
            for t in times:
                if s <= t.start and t.end <= e and t.type in ("DATE", "TIME") and t.value[:1].isdigit():
                    return t.value[:10] if t.type == "TIME" else t.value     # a calendar time, not "PAST_REF"
    return None
