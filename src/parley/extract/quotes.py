"""Quotes: who said what, as direct, partial and indirect speech.

- Direct: a quotation that stands as a sentence of its own, with a speech verb before, after
  or between its parts ("Mr Kim said: "..."", ""...," he said", ""...," said an official").
- Partial: quoted words inside a sentence of reported speech (he is "sure all of them ...").
- Indirect: a speech verb with a clause ("X said (that) ...", "X stressed that ...",
  "according to X, ...").

- Attributions whose cue no word list holds ("X opposes Y", "accused X of Y", "would vote for",
  "the refusal to ...", "is expected to ..."): the trained cue model (`parley.extract.cues`) finds the
  cue, its parse gives the content. The model also draws every cue's extent as PolNeAR annotates it
  ("has repeatedly said", "told reporters"). What the rules find stands where both find something.
- Where a reported content (not a quotation's words) ends and starts is then chosen among the cuts of
  its sentence by a second trained model (`parley.extract.extents`).

The speaker is the subject of the speech verb: a named actor, a pronoun resolved to the
nearest earlier person, or an unnamed source ("an official"). Unresolved speakers stay None.
Spans follow PolNeAR's conventions where they say something (a relative pronoun is the source of its
clause, an apposition's closing comma belongs to the source, asides after a comma are not content).
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import NamedTuple

from .. import knowledge
from ..models import Mention, Quote, Span, TimeExpr
from ..nlp import doc_text
from .cues import QUOTE_MARKS, find_cues
from .datelines import dateline_end, in_dateline, past_dateline
from .extents import refine, refine_source
from .referents import PRONOUNS as _PRONOUNS, mention_at as _mention_at, referent as _last_person_before
from .spans import inside_any, yields_one_per_span

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
# A quotation: curly marks, straight marks, two apostrophes; an opening mark typed for the closing
# one before a dash and the attribution ("\u201c... two more convoys, \u201c- said Poroshenko"); and a pair
# of one straight and one curly mark, as text put together from several sources has them ('"... jobs,\u201d
# he said', '\u201cdefinitely not support" him'): a straight opening mark closed by a curly one with no mark
# between, a curly opening mark closed by a straight one that ends a word.
_QUOTE = re.compile(r"\u201c[^\u201c\u201d\n]{1,3000}\u201c(?=\s*[-\u2013\u2014]\s*\w)"
                    r"|(?<![^\s(\[\u2014\u2013-])\"(?=\S)[^\"\u201c\u201d\n]{1,3000}\u201d"
                    r"|\u201c[^\"\u201c\u201d\n]{1,3000}(?<=\S)\"(?![^\s,.;:!?)\]\u2014\u2013-])"
                    r"|\u201c[^\u201d]{1,3000}\u201d|\"[^\"\n]{1,3000}\"|''(?!')[^\n]{1,3000}?''")
_PREFER = {"person": 0, "anonymous": 1, "organization": 2, "group": 3, "country": 4, "place": 5}


def _best_in(mentions: Sequence[Mention], start: int, end: int) -> Mention | None:
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    return min(inside, key=lambda m: (_PREFER.get(m.kind, 9), m.start)) if inside else None


def _by_whom(verb):
    """The head of the "by Y" of a passive verb ("X was asked by Y", "is expected by Y to"), or None."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None


def _known_as(tok) -> bool:
    """Whether `tok` is the "known" of "(better) known as": what follows is a name, not something said."""
    return tok.lemma_.lower() == "know" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "as"


def _according_to(tok) -> bool:
    """Whether `tok` opens "according to"."""
    return tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"


_QUOTING = {"quote", "cite"}       # "X quoted Y as saying ...": Y speaks
_CLOSING_MARKS = ("\"", "\u201d", "''", "\u2019")


def speaker_of(verb, doc, mentions: Sequence[Mention], quote_spans: list[tuple[int, int]]):
    """(source span, mention) for the subject of a speech verb; never the place of the paragraph's dateline, which
    the parser may take for a subject ("LIMA (AP) - Ana Torres said": Ana Torres, `past_dateline`)."""
    subjects = [s for c in verb.children if c.dep_ == "nsubj" and (s := past_dateline(c)) is not None]
    subjects = [c for c in subjects if not any(qs <= c.idx < qe for qs, qe in quote_spans)] or subjects
    # '"... None," the leader said': a word of the quotation is not who speaks beside a subject outside it; "the
    # threats that he says have made ...": a relative pronoun beside another subject is what the other one says
    # something of, not who speaks
    subj = next((c for c in subjects if c.lower_ not in ("who", "that", "which") or not any(
        o.left_edge.i == c.i + 1 for o in subjects)), None)
    if subj is None and verb.lemma_.lower() in _QUOTING:      # "X was quoted (by TASS) as saying": X speaks
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subj is None:                # "X was asked", "it is said": the passive's subject is not who speaks; "by Y" is
        subj = _by_whom(verb)
        if subj is not None or any(c.dep_ == "nsubjpass" for c in verb.children):
            return speaker_at(subj, doc, mentions, quote_spans) if subj is not None else (None, None)
    if (subj is None or subj.i > verb.i) and verb.i > 0 and verb.i + 1 < len(doc) and \
            doc[verb.i - 1].text in _CLOSING_MARKS + (",",) and verb.tag_ in ("VBD", "VBZ", "VBP"):
        # '"...," warned Obasanjo, flanked by ...: X and Y': after a quotation the parser may take who speaks for
        # the verb's object, and a name further on for its subject; so after the clause it reports and a comma,
        # where a name ends the sentence ("... there is no easy deal in Lima, emphasized Vega.")
        after = next((c for c in verb.children if c.dep_ in ("attr", "dobj") and c.pos_ in ("PROPN", "NOUN")
                      and c.left_edge.i == verb.i + 1 + (doc[verb.i + 1].lower_ in ("the", "a", "an"))), None)
        if after is not None and doc[verb.i - 1].text == "," and not _inverted_after_clause(verb, after):
            after = None
        subj = after if after is not None and (subj is None or after.i < subj.i) else subj
    if subj is not None and subj.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
        # "Smith, who said ...", "analysts who say ...": the antecedent speaks; the source is the relative pronoun
        # that stands for it (the antecedent's words hold the whole clause, the cue and its content with it)
        _, m = speaker_at(verb.head, doc, mentions, quote_spans)
        if m is not None and m.kind == "person" and subj.lower_ == "which":
            m = None                         # "which" stands for a thing: the name before it is no person's
        return Span(start=subj.idx, end=subj.idx + len(subj.text), text=subj.text), m
    at = verb        # "..., adding that ...", "and recalled ...", "by saying ...": the subject of the verb above
    for _ in range(5):
        if subj is not None or at.head.i == at.i or at.dep_ not in ("conj", "advcl", "xcomp", "pcomp", "prep", "pobj") \
                and not _said_again(at, verb):
            break
        via_as = at.lower_ == "as"
        at = at.head
        if at.pos_ in ("VERB", "AUX"):
            wanted = ("dobj", "nsubjpass") if via_as and at.lemma_.lower() in _QUOTING else ("nsubj",)
            subj = next((c for c in at.children if c.dep_ in wanted), None)   # "TASS quoted X as saying", "X was
            #                                                                   quoted as saying": X
            if subj is not None and _said_again(at, verb) and _reported_after(at) and subj.lower_ not in _PRONOUNS \
                    and _mention_at(mentions, subj.idx, subj.idx + len(subj.text)) is None:
                subj = None     # "X stated that the meeting with Y will not be Z and pledged to ...": the clause's
                #                 subject names no one who could pledge; the parser hung "pledged" on its verb
    if subj is not None:
        subj = _named_last(subj, verb, mentions)
    found = speaker_at(subj, doc, mentions, quote_spans) if subj is not None else (None, None)
    if found[0] is not None:
        found = (_before_cue(doc, found[0], verb), found[1])
    text = doc_text(doc)
    asides = [t for c in subj.children if c.dep_ == "relcl" and c.left_edge.i > subj.i   # ", who was named ..."
              and doc[c.left_edge.i - 1].text == "," for t in c.subtree] if subj is not None else []
    if found[0] is not None and not any(
            found[0].start < qe and qs < found[0].end and not _scare_quote(text, qs, qe, found[0])
            and not any(t.idx <= qs < t.idx + len(t.text) for t in asides)   # 'X, who was named "...," said'
            for qs, qe in quote_spans):
        return found
    # No subject, or one whose words run over a quotation (a parse gone wrong: "..., Wolfgang Munchau, says
    # the deal shifts ... "..."" read "the deal shifts" as the subject): the actor named just before the
    # verb, with at most commas and asides between, speaks (or the organisation, or the country)
    k = _before_asides(doc, verb, mentions)
    if k >= 0:
        m = next((m for m in mentions if m.start <= doc[k].idx < m.end), None)
        if m is not None:
            end = m.end
            tail = verb.i - 1
            while tail > k and _verbs_own(doc[tail], verb):
                tail -= 1                                                # "X earlier said": not the source's
            if any(not t.is_punct for t in doc[k + 1:tail + 1]):       # the asides go with the name, as its
                last = doc[tail]                                         # appositions do ("X, 44, said")
                end = last.idx + len(last.text)
            return Span(start=m.start, end=end, text=doc_text(doc)[m.start:end]), m
    return None, None


def _person_at(mentions: Sequence[Mention], tok) -> Mention | None:
    """The person mention that holds the token `tok`, else None."""
    return next((m for m in mentions if m.kind == "person" and m.start <= tok.idx < m.end), None)


def _named_last(subj, verb, mentions: Sequence[Mention]):
    """The person named in apposition to `subj` just before `verb` where the parser has made the names of a phrase
    put before the clause its subject ("After talks with Peru's Luis Vega and Ana Torres, in Lima on Thursday, UN
    envoy Marta Ruiz told ...": Ruiz, not Vega); else `subj`."""
    doc = subj.doc
    appos = next((c for c in subj.children if c.dep_ == "appos" and c.i > subj.i), None)
    if appos is None or appos.i >= verb.i or any(not _verbs_own(t, verb) for t in doc[appos.right_edge.i + 1:verb.i]):
        return subj                                     # the apposition ends where the verb (or its adverbs) start
    first = appos.left_edge.i
    named, own = _person_at(mentions, appos), _person_at(mentions, subj)
    if named is None or own is None or named.local == own.local or doc[first - 1].text != "," or not any(
            c.dep_ in ("conj", "prep") and subj.i < c.i < first for c in subj.children):
        return subj                 # two people, the subject's name going on in a pair or a place before the comma
    return appos


def _reported_after(clause) -> bool:
    """Whether `clause` is what its verb reports, put after it, and a statement (not a question: "asked why ...")."""
    return clause.i > clause.head.i and not any(
        c.tag_ in ("WRB", "WP", "WDT") or c.lower_ in ("if", "whether") for c in clause.children if c.i < clause.i)


_ADDRESSING = {"tell", "ask", "inform", "assure", "remind", "urge", "brief"}     # "..., told Fox News.": the hearer


def _inverted_after_clause(verb, name) -> bool:
    """Whether `name`, after `verb`, is who speaks in reported speech that puts the verb after what it reports
    and a comma: the verb's clause ends just before the comma, and the name (a proper noun, not one told) ends
    the sentence."""
    doc = verb.doc
    end = name.right_edge.i + 1
    return name.pos_ == "PROPN" and verb.lemma_.lower() not in _ADDRESSING and any(
        c.dep_ == "ccomp" and c.right_edge.i == verb.i - 2 for c in verb.children) and (
        end >= verb.sent.end or doc[end].text in (".", "!", "?", ";") or doc[end].is_space)


def _said_again(at, verb) -> bool:
    """Whether `at`, a subjectless clause that the speech verb `verb` is coordinated with, is what another speech
    verb says: "X said the move was made by Y and said ...", the parser having hung the second "said" on the
    first one's clause (its speaker is the first one's)."""
    return at.dep_ == "ccomp" and verb.dep_ == "conj" and verb.head.i == at.i != verb.i and _speech_verb(at.head) \
        and _speech_verb(verb)


def _coordinated_start(verb) -> int:
    """Where a verb coordinated with what precedes it starts: at its conjunction ("and said ...")."""
    k = verb.left_edge.i
    doc = verb.doc
    while k > 0 and (doc[k - 1].dep_ in ("cc", "punct") or doc[k - 1].is_space) and doc[k - 1].head.i == verb.head.i:
        k -= 1
    return k


def _resumed(found: list[Quote]) -> Quote | None:
    """The direct quotation that a quotation with no verb of its own goes on with: the last one found, past the
    quoted words its speaker's own sentence holds ('"X," Vega said after hinting that "changes" could come. "Y."')."""
    between = []
    for q in reversed(found):
        if q.kind == "direct":
            who = q.source.text if q.source else None
            return q if all(p.kind == "partial" and p.source and p.source.text == who for p in between) else None
        between.append(q)
    return None


def _scare_quote(text: str, qs: int, qe: int, source: Span) -> bool:
    """Whether the quotation `qs`..`qe` is a few words quoted inside the source's own words (a name or a label:
    'a pro-Clinton "super PAC"'), not what is said."""
    return source.start <= qs and qe <= source.end and len(text[qs:qe].split()) <= 3


# What may stand between a name and its verb, set off by commas, when the parser has not made the name the
# verb's subject: "Luis Vega, 44, said", "Peru, leading a coalition of states, asked"
_SET_OFF = ("appos", "advcl", "acl", "relcl", "nummod", "npadvmod")


def _verbs_own(tok, verb) -> bool:
    """Whether `tok` is an adverb, auxiliary or negation of `verb` ("had already", "earlier"): the verb's own word."""
    return tok.head.i == verb.i and (tok.pos_ == "ADV" or tok.dep_ in ("aux", "auxpass", "neg"))


def _before_asides(doc, verb, mentions: Sequence[Mention]) -> int:
    """The index of the last word before `verb` that is not a comma, a dash or an aside set off by commas
    that names nobody (-1 if none); the verb's adverbs and auxiliaries are passed over ("X earlier said", "X, the
    commissioner, had already announced"), though not to reach a name that is not a person's across a comma ("X,
    the head of Y, forcefully told": not Y)."""
    k = verb.i - 1
    while k >= 0 and _verbs_own(doc[k], verb):
        k -= 1
    if k < verb.i - 1 and k >= 0 and doc[k].text == ",":
        found = _before_asides_from(doc, verb, mentions, k)
        return found if found >= 0 and _person_at(mentions, doc[found]) is not None else verb.i - 1
    return _before_asides_from(doc, verb, mentions, k)


def _before_asides_from(doc, verb, mentions: Sequence[Mention], k: int) -> int:
    for _ in range(6):
        while k >= 0 and doc[k].text in (",", "\u2014", "-"):
            k -= 1
        if k < 0 or any(m.start <= doc[k].idx < m.end for m in mentions):
            return k
        if doc[k + 1].text not in (",", "\u2014", "-"):
            return k                     # an aside is set off by commas on both sides ("X, the candidate said")
        top = doc[k]                     # the widest phrase that ends at this word (not the verb's own words)
        while top.head.i != top.i and top.head.right_edge.i == k and top.head.i != verb.i:
            top = top.head
        first = top.left_edge.i
        if top.dep_ not in _SET_OFF or first == 0 or doc[first - 1].text != "," or any(
                doc[first].idx <= m.start < doc[k].idx + len(doc[k].text) for m in mentions):
            return k
        k = first - 1
    return k


def _before_cue(doc, source: Span, verb) -> Span | None:
    """`source` cut where it runs into the cue `verb` or a verb above it (a parse that hung the clause under its
    subject: "A union representing pilots endorsed X on Thursday, ..." as the source of "endorsed"): the
    words before that one; None if none are left."""
    at = {verb.i}
    tok = verb
    while tok.head.i != tok.i:
        tok = tok.head
        at.add(tok.i)
    inside = [i for i in at if source.start <= doc[i].idx < source.end]
    if not inside:
        return source
    end = doc[min(inside)].idx
    text = doc_text(doc)
    while end > source.start and text[end - 1] in " ,;:-\u2014\u2013\n":
        end -= 1
    if end <= source.start:
        return None
    return Span(start=source.start, end=end, text=text[source.start:end])


def speaker_at(subj, doc, mentions: Sequence[Mention], quote_spans: list[tuple[int, int]]):
    """(source span, mention) for the words headed by `subj` that name who speaks (not its paragraph's dateline:
    "CARACAS (Reuters) - the government's envoy" names no speaker in Caracas)."""
    sub = [t for t in subj.subtree if not in_dateline(t)] or [subj]
    k = 0
    while k < len(sub) - 1 and sub[k].i < subj.i and (sub[k].is_punct or sub[k].is_space):
        k += 1                  # a quotation's closing mark the parser hung on the name: '"...," Luis Vega said'
    sub = sub[k:]
    name = list(doc[sub[-1].i + 1:subj.head.i]) if subj.head.i > subj.i and subj.dep_ == "nsubj" else []
    own_end = sub[-1].idx + len(sub[-1].text)
    if name and all(t.dep_ == "compound" and t.pos_ == "PROPN" and sub[-1].i < t.head.i <= subj.head.i for t in name):
        sub += name             # "President of Peru Luis Vega underlines": a name the parser hung on the verb
    start, end = sub[0].idx, sub[-1].idx + len(sub[-1].text)
    if any(qs <= start < qe for qs, qe in quote_spans):
        return None, None
    last = sub[-1].i
    if any(t.text == "," for t in sub) and not sub[-1].is_punct and last + 1 < len(doc) and doc[last + 1].text == ",":
        last += 1                                  # "Jeff Zucker, President of CNN," : the comma closes the apposition
        end = doc[last].idx + 1
    said = doc[sub[0].i: last + 1].text            # the span's own text: doc.text would join the whole article
    lead = len(said) - len(said.lstrip(_LEADING))
    if 0 < lead < len(sub[0].text):                # "-Vega announced": a dash or a bullet run into the name
        start, said = start + lead, said[lead:]
    source = Span(start=start, end=end, text=said)
    m = _mention_at(mentions, subj.idx, subj.idx + len(subj.text))
    if m is None and subj.lower_ in _PRONOUNS:
        m = _last_person_before(doc, mentions, subj.idx, plural=subj.lower_ in ("they", "we"))
    if m is None:
        appos = next((c for c in subj.children if c.dep_ == "appos"), None)
        if appos is not None:
            m = _mention_at(mentions, appos.idx, appos.idx + len(appos.text))
    aside = {t.i for c in subj.children if c.dep_ in ("relcl", "appos", "poss") or c.dep_ == "prep" and c.lower_ in
             _BESIDE for t in c.subtree}
    if m is None:
        m = _best_in(mentions, start, own_end)     # (not in a name that the parser hung on the verb)
        if m is not None and any(doc[i].idx <= m.start < doc[i].idx + len(doc[i].text) for i in aside):
            m = None            # "The talks, which ... in Mexico,", "Petro, a former guerrilla who became Colombia's
            #                     ...", "Lavrov's deputy", "the meeting with Vega": a name in what describes who
            #                     speaks, or in what goes with it, is not who speaks
    if (m is None or m.kind != "person") and (subj.pos_ == "PROPN" or lead and said.istitle()):
        # "..., Schaeuble told a news conference": a surname the parser left unnamed (or took for an
        # organisation) speaks as the person of the article who carries it
        m = _person_named(mentions, said, subj.idx) or _person_named(
            mentions, " ".join(t.text for t in subj.subtree if t.i <= subj.i and not t.is_punct), subj.idx) or m
    if m is None or m.kind != "person":
        m = _named_at_end(doc, sub[0].i, last, aside, mentions, m)
    if m is None or m.kind == "anonymous":
        m = _role_holder(doc[sub[0].i:last + 1], mentions) or m
    return source, m


# Offices a role description names its holder by ("the Peruvian president", "the EU's top diplomat"), with the
# words of the titles that hold them; a leader or a head holds any
_ROLES = {"president": ("president",), "minister": ("minister",), "premier": ("premier", "prime"),
          "chancellor": ("chancellor",), "leader": (), "head": (), "envoy": ("envoy",), "negotiator": ("negotiator",),
          "diplomat": ("foreign", "diplomat", "representative"),
          "ambassador": ("ambassador",), "spokesman": ("spokesman",), "spokeswoman": ("spokeswoman",)}


def _office(doc, m: Mention) -> tuple[str | None, set[str]]:
    """The country (or union) a person mention is of and the words of its office: its own, and those named in the
    words just before it ("EU foreign policy chief Josep Borrell", "Chile's Foreign Minister Ana Torres")."""
    country, words = m.country, {w for t in m.titles for w in t.lower().split()}
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    for tok in reversed(doc[max(0, span.start - 6):span.start] if span is not None else []):
        if tok.is_punct or tok.is_space or tok.pos_ in ("VERB", "AUX", "ADP", "CCONJ", "DET"):
            break
        two = doc[tok.i:tok.i + 2].text if tok.i + 1 < span.start else tok.text      # "European Union"
        country = country or knowledge.country(two) or knowledge.country(tok.text) or knowledge.demonym(tok.text)
        words.add(tok.lower_)
    return country, words


def _role_holder(words, mentions: Sequence[Mention]) -> Mention | None:
    """The person an article names earlier whom a definite description of an office and a country names ("the
    Peruvian president", "Chile's foreign minister", "the EU's top diplomat"): only where exactly one person of
    that country holding that office (by the titles the article gives) comes before it; else None."""
    words = [t for t in words if not (t.is_punct or t.is_space or t.tag_ == "POS")]
    if len(words) < 2 or len(words) > 5 or words[-1].lemma_.lower() not in _ROLES:
        return None
    doc = words[0].doc
    countries = [c for t in words[:-1] if (c := knowledge.country(t.text) or knowledge.demonym(t.text))]
    if len(countries) != 1 or (words[0].lower_ != "the" and not knowledge.country(words[0].text)) or any(
            t.pos_ == "PROPN" and not (knowledge.country(t.text) or knowledge.demonym(t.text)) for t in words[:-1]):
        return None                  # "the Peruvian leader", "Peru's president"; not "a minister", "the Vega camp"
    role = _ROLES[words[-1].lemma_.lower()]
    before = []
    surnames = {o.name.rsplit(" ", 1)[-1] for o in mentions if o.kind == "person" and " " in o.name}
    for m in (m for m in mentions if m.kind == "person" and m.end <= words[0].idx):
        if len(m.name.split()) < 2 and m.name not in surnames:
            continue                 # only a full name or its surname: not an office taken for a name ("Ex-President")
        country, office = _office(doc, m)
        if country == countries[0] and (not role or office & set(role)):
            before.append(m)
    return before[-1] if len({m.local for m in before}) == 1 else None


# Prepositions whose object goes with the subject rather than speaking ("the meeting with Vega", "talks between
# Peru and Chile")
_BESIDE = {"with", "between", "against", "among", "alongside", "versus"}
_LEADING = "-\u2013\u2014\u2022\u00b7*>"     # a dash or a bullet that opens a line of a list


def _named_at_end(doc, first: int, last: int, aside: set[int], mentions: Sequence[Mention], m: Mention | None):
    """The person that the proper nouns ending the source `doc[first:last + 1]` name, where the source is a title
    in capitals and the actor found in it none or a country in the person's office ("President of Peru Luis Vega
    underlines that ...": Vega, not Peru); where it ends in a full name that is no person of the article, nobody
    rather than the country; else `m`. Not a name in an aside or set beside the subject, nor one of a pair."""
    words = [t for t in doc[first:last + 1] if not (t.is_punct or t.is_space)]
    if not words or words[0].pos_ == "DET" or any(t.pos_ == "CCONJ" or t.i in aside for t in words) or not all(
            t.text[:1].isupper() or t.lower_ in ("of", "the", "for") for t in words):
        return m                 # not "the Border Patrol", "the scene at Horgos", "the Eurosceptic SVP"
    run: list = []
    for t in reversed(words):
        if t.pos_ != "PROPN" or len(run) == 3:
            break
        run.insert(0, t)
    for n in range(len(run), 0, -1):
        named = (run[-n].idx, run[-1].idx + len(run[-1].text))
        if any((o.start, o.end) == named and o.kind != "person" for o in mentions):
            continue             # a word the article names as a party ("the SVP"), not a person's surname
        found = _person_named(mentions, " ".join(t.text for t in run[-n:]), run[-1].idx)
        if found is not None:
            return found
    at_end = [t for t in run if m is None or t.idx >= m.end]
    if m is not None and m.kind in ("country", "place") and len(at_end) >= 2:
        return None
    return m


def _person_named(mentions: Sequence[Mention], words: str, offset: int) -> Mention | None:
    """The person mention whose name ends (or is) `words`, the nearest before `offset` first."""
    key = " ".join(words.replace("\u2019s", "").replace("'s", "").split()).lower()
    if not key or len(key.split()) > 3:
        return None
    fits = [m for m in mentions if m.kind == "person" and m.name
            and (m.name.lower() == key or m.name.lower().endswith(" " + key))]
    before = [m for m in fits if m.end <= offset]
    return (before or fits or [None])[-1 if before else 0]


def _inside_marks(text: str, qs: int, qe: int) -> tuple[int, int]:
    """The words of the quotation at `text[qs:qe]` without its marks: '' ... '' (two apostrophes) or one mark."""
    mark = 2 if text.startswith("''", qs) else 1
    return qs + mark, qe - mark


def _speech_verb(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in SPEECH_VERBS


@yields_one_per_span()
def find_quotes(doc, mentions: Sequence[Mention], *, times: Sequence[TimeExpr] = (),
                every: bool = False) -> Iterator[Quote]:
    """Every attribution of words or thoughts in a parsed article, in text order; with `every`, also the
    stances toward a thing that the cue model finds ("X opposes the quota", "signed a letter"), as PolNeAR
    annotates them and `parley extract quotes` lists them (the story keeps what was said or thought)."""
    text = doc_text(doc)
    quote_spans = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
    quoted = inside_any(quote_spans)
    found: list[Quote] = []
    orphans: list[tuple[int, int, int, int, int]] = []      # quotations standing alone with no verb of theirs
    for qs, qe in quote_spans:
        content_start, content_end = _inside_marks(text, qs, qe)
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
                 if para_start <= tok.idx < para_end and not quoted(tok.idx)
                 and _speech_verb(tok)]
        # The speech verb nearest the quotation marks, preferring verbs that report words as such, and one whose
        # words hold the quotation to one coordinated after it with words of its own ('X said the base "went ..."
        # and said Y')
        verb = min(verbs, key=lambda t: (t.lemma_.lower() in _INDIRECT_ONLY, t.dep_ == "conj" and t.left_edge.idx > qe
                                         and any(c.dep_ == "ccomp" for c in t.children),
                                         min(abs(t.idx - qs), abs(t.idx - qe)))) if verbs else None
        stands_alone = len(outside_before.strip(" \n:,")) < 2 or (
            inner[:1].isupper() and re.search(r"[,.:]\s*$", outside_before) is not None
        ) or (inner[:1].isupper() and len(inner.split()) >= 6)
        if verb is None and stands_alone and outside_after.strip() in ("", ".") and outside_before.strip() == "":
            # A quotation paragraph continuing the previous speaker's words.
            prev = _resumed(found)
            if prev and text.count("\n", prev.end, qs) <= 2:
                found.append(Quote(start=content_start, end=content_end, text=text[content_start:content_end],
                                   kind="direct", cue=prev.cue, source=prev.source, speaker=prev.speaker,
                                   when=prev.when))
            continue
        if verb is None:
            if stands_alone and len(inner.split()) >= 3:
                orphans.append((qs, qe, content_start, content_end, para_end))
            continue
        if verb.lower_ == "called" and verb.i > 0 and doc[verb.i - 1].lower_ in ("so", "-") or (
                _known_as(verb) and not every):
            continue                                      # the so-called "blue corridor", (better) known as "X": a name
        source, speaker = speaker_of(verb, doc, mentions, quote_spans)
        if source is not None and source.start <= qs and qe <= source.end:
            continue                  # 'X, a strategist for the "super PAC", argued ...': a label in who speaks
        # The second half of a split quotation ("...," said X, "and ...") is direct like the first.
        resumed = bool(found) and found[-1].kind == "direct" and found[-1].cue == Span(
            start=verb.idx, end=verb.idx + len(verb.text), text=verb.text)
        # A short quotation is a name or a phrase ('called it "a farce"') unless it opens its paragraph as a
        # whole utterance, its own punctuation closing it ('"It's doable," Vega said.')
        whole = outside_before.strip() == "" and text[max(content_start, content_end - 1):content_end] in ",.?!"
        kind = "direct" if (stands_alone or resumed) and (len(inner.split()) >= 3 or whole) else "partial"
        if kind == "partial" and source is None:
            continue                                      # quoted words with nobody saying them: scare quotes
        cue = Span(start=verb.idx, end=verb.idx + len(verb.text), text=verb.text)
        if kind == "partial" and every:
            # what is attributed is all that the verb says, the quoted words within it ('said that he would
            # "carpet-bomb" them', 'accused Sanders of a "flip-flop"'), as PolNeAR draws it
            content_start, content_end = _around(doc, verb, content_start, content_end)
        found.append(Quote(start=content_start, end=content_end, text=text[content_start:content_end], kind=kind,
                           cue=cue, source=source, speaker=speaker.local if speaker else None,
                           when=_when(verb, times)))
    for qs, qe, c_start, c_end, para_end in orphans:
        # '"The meeting is off. It was to be held in "Normandy format". It will be weeks," said X': a
        # quotation broken by marks inside it is said by whoever says the next one in its paragraph
        nxt = min((q for q in found if q.source is not None and qe <= q.start < para_end), key=lambda q: q.start,
                  default=None)
        if nxt is not None:
            found.append(replace(nxt, start=c_start, end=c_end, text=text[c_start:c_end], kind="direct"))
    cues = [(q.cue.start, q.cue.end) for q in found if q.cue]
    for q in sorted(_indirect(doc, mentions, quote_spans, times), key=lambda q: q.end - q.start, reverse=True):
        # A report inside another report's words ("he said he thinks ...") belongs to the outer one.
        if q.cue and _room(doc, found, q):
            found.append(q)
            cues.append((q.cue.start, q.cue.end))
    for q in _headlines(text, mentions):
        if not any(f.start < q.end and q.start < f.end for f in found):
            found.append(q)
            cues.append((q.cue.start, q.cue.end))
    model_cues = find_cues(doc)
    for q in sorted(_modelled(doc, mentions, quote_spans, times, model_cues, every=every),
                    key=lambda q: q.end - q.start, reverse=True):
        # what the rules found stands; the model adds attributions whose cue no rule knows (as PolNeAR lists them,
        # `every`, also one inside another's words: "charged X after determining that ...")
        if not any(s < q.cue.end and q.cue.start < e for s, e in cues) and (_room(doc, found, q) or every):
            found.append(q)
            cues.append((q.cue.start, q.cue.end))
    found = [refine(doc, q, text) if q.kind == "indirect" or q.kind == "partial" and every else q
             for q in _cues_as_modelled(doc, found, model_cues)]
    found = [_after_dateline(refine_source(doc, q, text), text) for q in found]
    yield from sorted(found, key=lambda q: (q.start, q.end))


def _after_dateline(q, text: str):
    """`q` with its source and its words cut after the dateline they start in (`datelines`): where and when the
    report was filed is neither who speaks nor what is said ("LIMA (AP) - Peru will host ..., X said")."""
    source = q.source
    if source is not None and (start := _words_start(text, source.start, source.end)) != source.start:
        q = replace(q, source=replace(source, start=start, text=text[start:source.end]))
    if (start := _words_start(text, q.start, q.end)) != q.start:
        q = replace(q, start=start, text=text[start:q.end])
    return q


def _words_start(text: str, start: int, end: int) -> int:
    """Where the words from `start` to `end` begin past the paragraph's dateline, if they start in it and go on."""
    after = dateline_end(text, start)
    return after if start < after < end else start


def _around(doc, verb, start: int, end: int) -> tuple[int, int]:
    """The characters of what `verb` attributes (`_content_of`) where they hold the quoted words from `start`
    to `end`; else those words."""
    content = _content_of(doc[verb.i:verb.i + 1])
    if content is None:
        return start, end
    c_start, c_end = doc[content.start].idx, doc[content.end - 1].idx + len(doc[content.end - 1].text)
    return (min(c_start, start), max(c_end, end)) if c_start <= start < c_end else (start, end)


# "Lavrov: Talks Are Over": a line of its own, a name, a colon, what the named one says (a headline's way)
_HEADLINE = re.compile(r"^(?P<who>[^\W\d][^:\n]{1,60}?):[ \t]+(?P<what>[^\n]{8,240}?)[ \t]*$", re.MULTILINE)


def _headlines(text: str, mentions: Sequence[Mention]) -> Iterator[Quote]:
    """Lines that are a person's name, a colon and what the person says: the name is the source, the colon
    the cue. (Not an organisation's or a country's: "EU: Leaders head to Kiev" is a section's label.)"""
    for m in _HEADLINE.finditer(text):
        who = _mention_at(mentions, m.start("who"), m.end("who"))
        name = m.group("who").split()
        if who is None or who.kind != "person" or len(name) > 4 or not all(w[:1].isupper() for w in name):
            continue                            # the words before the colon are a person's name, and only that
        start, end = m.span("what")
        while text[end - 1] in ".;,":
            end -= 1
        what = text[start:end]
        if len(what.split()) < 3 or ":" in what:
            continue
        colon = m.end("who")
        yield Quote(start=start, end=end, text=what, kind="indirect",
                    cue=Span(start=colon, end=colon + 1, text=":"),
                    source=Span(start=m.start("who"), end=colon, text=m.group("who")), speaker=who.local)


def _room(doc, found: list[Quote], q: Quote) -> bool:
    """Whether `q` stands beside the quotes `found` so far. A report inside another report's words belongs to
    the outer one ("he said he thinks ..."): no. But a cue coordinated with what another report's content holds,
    or in a relative clause there ("He says X and says Y", "... by Sanders, who cites Y"), is an attribution of
    its own, the parser having hung it under the other's content: that content ends before it, and yes."""
    holders = [k for k, f in enumerate(found) if f.start <= q.cue.start < f.end]
    if not holders:
        return True
    span = doc.char_span(q.cue.start, q.cue.end, alignment_mode="expand")
    verb = span.root if span is not None else None
    if verb is None or verb.dep_ not in ("conj", "relcl") or len(holders) > 1 or found[holders[0]].kind != "indirect":
        return False
    text = doc_text(doc)
    holder = found[holders[0]]
    edge = verb.left_edge.i
    while edge > 0 and (doc[edge - 1].dep_ in ("cc", "punct") or doc[edge - 1].is_space):
        edge -= 1
    end = doc[edge].idx
    while end > holder.start and text[end - 1] in ",;: \n":
        end -= 1
    if end <= holder.start or end >= holder.end:
        return False
    found[holders[0]] = replace(holder, end=end, text=text[holder.start:end])
    return True


def as_attributions(quotes: Sequence[Quote], text: str) -> list[Quote]:
    """The quotes as PolNeAR draws attributions: one record per attribution, the parts of a quotation that
    its attribution splits ('"We came to close a deal," said Vega, "and we will stay."') joined into one
    content from the first part's start to the last one's end, and the quotation marks of direct and
    partial quotes inside the content. (The story keeps the parts: each is words said.)"""
    groups: dict[tuple, list[Quote]] = {}
    for i, q in enumerate(quotes):
        key = ((q.cue.start, q.cue.end), (q.source.start, q.source.end) if q.source else None) if q.cue else i
        groups.setdefault(key, []).append(q)
    out = []
    for parts in groups.values():
        start, end = min(q.start for q in parts), max(q.end for q in parts)
        if any(q.kind in ("direct", "partial") for q in parts):
            start -= 2 if text[max(0, start - 2):start] == "''" else 1 if text[start - 1:start] in QUOTE_MARKS else 0
            end += 2 if text[end:end + 2] == "''" else 1 if text[end:end + 1] in QUOTE_MARKS else 0
        out.append(replace(parts[0], start=start, end=end, text=text[start:end]))
    return sorted(out, key=lambda q: (q.start, q.end))


def _cues_as_modelled(doc, found: list[Quote], model_cues: list[tuple[int, int]]) -> Iterator[Quote]:
    """Each quote with its cue as the model draws it where the model's cue holds the rules' one (the words
    that belong to it: "has repeatedly said", "told reporters", "accused ... of")."""
    text = doc_text(doc)
    wider = {}
    for s, e in model_cues:
        start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
        wider.update(((doc[k].idx, doc[k].idx + len(doc[k].text)), (start, end)) for k in range(s, e))
    for q in found:
        if q.cue and (q.cue.start, q.cue.end) in wider:
            start, end = wider[(q.cue.start, q.cue.end)]
            q = replace(q, cue=Span(start=start, end=end, text=text[start:end]))
        yield q


_CLAUSES = ("ccomp", "xcomp")
_OBJECTS = ("dobj", "pobj", "pcomp", "attr", "dative")
# Verbs whose subject belongs to what is attributed ("Sanders appears to lead", "the bank is expected to cut"):
# the subject is what seems or is expected, not who holds it.
_RAISING = {"seem", "appear", "sound", "look"}
# Verbs of judging whose passive says what the subject is held to be ("X is considered an asset").
_DEEMING = {"consider", "deem", "regard", "view", "see", "think", "believe", "expect"}
_COMPLEMENTS = ("acomp", "attr", "oprd")
# Modifiers that, after a comma or a dash, add the writer's words to what is attributed ("X, which was passed
# in 2010", "..., referring to the convention", "X - as many as ..."): cut there. Not an adverbial clause: what
# is said goes on in it ("the family was Muslim, because some members wore headscarves": PolNeAR train keeps it
# in two attributions of three).
_ASIDES = ("appos", "relcl", "acl", "npadvmod", "parataxis")
_BREAKS = {",", "-", "\u2013", "\u2014", "--", ";", "("}


def _aside(parts) -> int:
    """Where the writer's asides start after what `parts` (tokens) attribute: the comma or dash before the
    first modifier of one of them that `_ASIDES` names (the end of the document if none)."""
    cut = len(parts[0].doc) if parts else 0
    for part in parts:
        for c in part.children:
            first = c.left_edge.i
            if c.i > part.i and c.dep_ in _ASIDES and first > 0 and part.doc[first - 1].text in _BREAKS:
                cut = min(cut, first - 1)
    return cut


class _Content(NamedTuple):
    start: int              # token range of what is attributed
    end: int
    subject_inside: bool    # the cue's subject opens it ("X is expected to ..."): nobody named holds it
    said: bool              # a clause (words or thoughts), not a thing ("opposes the quota")


def _asks(clause) -> bool:
    """An adverbial clause that is a question put ("asked if he was ever bullied", "wonders whether ...")."""
    return clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in clause.children)


def _colon_after(cue) -> int | None:
    """The index of the colon that ends the cue or follows it ("shot back: ..."), else None."""
    doc = cue.doc
    if cue[-1].text == ":":
        return cue[-1].i
    if cue.end < len(doc) and doc[cue.end].text == ":" and doc[cue.end].sent == cue[-1].sent:
        return cue.end
    return None


def _trimmed_end(doc, start: int, end: int) -> int:
    """`end` moved back over the spaces and punctuation (not quotation marks) that end `doc[start:end]`."""
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct and doc[end - 1].text not in QUOTE_MARKS):
        end -= 1
    return end


def _clause_around(cue) -> _Content | None:
    """What a cue set inside the clause it attributes says: "as X reported, CLAUSE", "CLAUSE, the survey
    shows, ...": the clause above the cue's, less the cue's own words."""
    head = cue.root
    aside = head.dep_ == "parataxis" or head.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in head.children) and head.i < head.head.i
    if not aside or head.head.pos_ not in ("VERB", "AUX"):
        return None
    own = {t.i for t in head.subtree}
    kept = [t.i for t in head.head.subtree if t.i not in own and not (t.is_punct or t.is_space)]
    if not kept:
        return None
    start, end = kept[0], kept[-1] + 1
    if start < cue.start < end and not all(start <= t < end for t in own):
        return None
    return _Content(start, _trimmed_end(cue.doc, start, end), False, True)


def _content_of(cue) -> _Content | None:
    """What a cue (a Span of the doc) attributes: what follows the colon that ends it ("shot back: ..."); the
    clause it takes (with the object it addresses: "urged X to ...", or a question put: "asked whether ...");
    the object of its last preposition ("called for ...", "accused X of ..."); the object of its last word
    that has one ("seemed to recognize X", or a relative pronoun: "which X opposes"); what is said of the
    subject of a raising or a passive judging verb ("seemed unconvinced", "is considered an asset"); or what
    a noun of the cue governs ("the refusal to ...", "expressed confidence that ..."). The cue's own words and
    the asides after it are left out. For a raising or passive cue ("appears to", "is expected to") the
    subject opens the content."""
    doc = cue.doc
    inside = range(cue.start, cue.end)
    last, head = cue[-1], cue.root

    def outside(tok) -> bool:
        return tok.i not in inside

    parts: list = []
    colon = _colon_after(cue)
    if colon is not None:            # "settled on: I don't trust him", "put it: '...'": what follows the colon
        rest = [t for t in doc[colon + 1:cue.sent.end] if not t.is_space]
        if not rest:
            return None
        return _Content(rest[0].i, _trimmed_end(doc, rest[0].i, rest[-1].i + 1), False, True)
    choice = next((c for t in cue for c in t.children if outside(c) and (c.dep_ in _CLAUSES or _asks(c))), None)
    if choice is not None:
        parts = [choice]
        addressed = next((c for c in choice.head.children if c.dep_ in ("dobj", "dative") and outside(c)
                          and head.i < c.i < choice.i), None)
        if choice.dep_ == "xcomp" and addressed is not None:
            parts.append(addressed)
    if not parts and last.pos_ == "ADP":
        parts = [c for c in last.children if c.dep_ in ("pobj", "pcomp") and outside(c)][:1]
    if not parts:
        # the object of the cue's last word that has one ("seemed to recognize X": of "recognize")
        obj = next((c for t in reversed(cue) for c in t.children if c.dep_ in _OBJECTS and outside(c) and (
            c.i > t.i or c.tag_ in ("WDT", "WP") and head.dep_ == "relcl")), None)   # or "which/who X opposes"
        if obj is not None:          # what the verb says of its object goes with it ("denounced X as Y")
            parts = [obj] + [c for c in obj.head.children if c.dep_ in ("prep", "oprd") and c.i > obj.i
                             and outside(c)]
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in head.children)
    if not parts and (head.lemma_.lower() in _RAISING or passive and head.lemma_.lower() in _DEEMING):
        # "X seemed unperturbed", "seemed like ...", "X is considered an asset": the subject and what is said of it
        parts = [c for c in head.children if outside(c) and c.i > head.i and (
            c.dep_ in _COMPLEMENTS or c.dep_ == "prep" and c.lower_ in ("like", "as"))][:1]
    for noun in [t for t in reversed(cue) if t.pos_ == "NOUN"] if not parts else []:
        # what a noun of the cue governs ("the refusal to ...", "expressed confidence that ...")
        parts = [c for c in noun.children if c.dep_ in ("acl", "relcl") and outside(c) and c.i > noun.i][:1]
        if not parts:
            prep = next((c for c in noun.children if c.dep_ == "prep" and outside(c) and c.i > noun.i), None)
            parts = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")][:1] if prep is not None else []
        if parts:
            break
    if not parts:
        return None
    subject = None
    complement = parts[0].dep_ in _CLAUSES or parts[0].head == head and (
        parts[0].dep_ in _COMPLEMENTS or parts[0].dep_ == "prep" and parts[0].lower_ in ("like", "as"))
    if complement and (passive or head.lemma_.lower() in _RAISING):
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < head.i), None)
    cut = _aside(parts)
    sub = sorted(t.i for part in parts + ([subject] if subject is not None else []) for t in part.subtree
                 if outside(t) and t.i < cut)
    if not sub:
        return None
    start, end = sub[0], sub[-1] + 1

    def loose(tok) -> bool:
        return tok.is_space or (tok.is_punct and tok.text not in QUOTE_MARKS)

    while end > start and loose(doc[end - 1]):
        end -= 1
    while start < end and loose(doc[start]):
        start += 1
    if start >= end or (start < cue.start < end and subject is None):
        return None
    said = parts[0].dep_ in _CLAUSES or parts[0].tag_ in ("VBG", "VB") or any(   # or "accused X of doing"
        c.dep_ == "pcomp" and c.tag_ == "VBG" for part in parts for c in part.children)
    return _Content(start, end, subject is not None, said)


def _modelled(doc, mentions, quote_spans, times, model_cues, *, every: bool = False) -> Iterator[Quote]:
    """Attributions whose cue the trained model finds (`parley.extract.cues`) and the rules do not know
    ("X would vote for Y", "accused X of Y", "the refusal to Y"): the content is read from the cue's parse
    (`_content_of`), the source is the cue's subject (or, for a noun cue, its possessor)."""
    text = doc_text(doc)

    for s, e in model_cues:
        cue = doc[s:e]
        start_char, end_char = cue[0].idx, cue[-1].idx + len(cue[-1].text)
        if any(qs <= start_char < qe for qs, qe in quote_spans):
            continue
        if not every and _known_as(cue.root):
            continue                                 # "X, better known as Y": a name, not what anyone said
        if not every and cue.root.lemma_.lower() in _QUOTING and any(
                c.dep_ == "prep" and c.lower_ == "as" for c in cue.root.children):
            continue                                 # "TASS quoted X as saying ...": X's words, found at "saying"
        if _according_to(cue[0]):
            q = _according(cue[0], doc, mentions)
            if q is not None:
                yield q
            continue
        content = _content_of(cue) or _clause_around(cue)
        if content is None:
            continue
        c_start, c_end = doc[content.start].idx, doc[content.end - 1].idx + len(doc[content.end - 1].text)
        quoted = [(qs, qe) for qs, qe in quote_spans if qs < c_end and c_start < qe]
        if not (content.said or quoted or every):
            continue                                 # a stance toward a thing: only with `every`
        for qs, qe in quoted:                        # a quotation in what is attributed is attributed whole
            q_start, q_end = _inside_marks(text, qs, qe)
            c_start, c_end = min(c_start, q_start), max(c_end, q_end)
        head = cue.root
        if content.subject_inside:          # "X is expected to ...": X is attributed, by nobody named or by "by Y"
            by = _by_whom(head)
            source, speaker = speaker_at(by, doc, mentions, quote_spans) if by is not None else (None, None)
            if by is None and not every:
                continue                    # nobody says it: an expectation, for the story's events to carry
        else:
            source, speaker = speaker_of(head, doc, mentions, quote_spans)
        owner = next((c for c in head.children if c.dep_ == "poss"), None) if head.pos_ == "NOUN" else None
        if owner is not None:        # "her assertion that ...", "Peru's refusal to ...": whose it is holds it
            source, speaker = speaker_at(owner, doc, mentions, quote_spans)
        kind = "direct" if [(c_start, c_end)] == [_inside_marks(text, *q) for q in quoted] else "indirect"
        if kind == "indirect" and _speech_verb(head) and len(text[c_start:c_end].split()) < 3 and \
                doc[content.start:content.end].root.pos_ in ("PROPN", "PRON"):
            continue                  # "says Smith": the one who speaks, not what is said
        said = dict(kind=kind, cue=Span(start=start_char, end=end_char, text=text[start_char:end_char]),
                    source=source, speaker=speaker.local if speaker else None, when=_when(head, times))
        yield Quote(start=c_start, end=c_end, text=text[c_start:c_end], **said)
        if kind == "direct" and quoted[-1][1] <= start_char:
            # '"...," he said, "and ..."': the quotation goes on after its attribution, in the same paragraph
            nxt = next(((qs, qe) for qs, qe in quote_spans if qs >= end_char), None)
            if nxt and nxt[0] - end_char <= 80 and "\n" not in text[end_char:nxt[0]]:
                n_start, n_end = _inside_marks(text, *nxt)
                yield Quote(start=n_start, end=n_end, text=text[n_start:n_end], **said)


def _verbs_and_according(doc):
    """The tokens of `doc` that may report speech: verbs and auxiliaries, and "according" (read as arrays:
    most tokens are neither)."""
    from spacy.attrs import LOWER, POS
    from spacy.symbols import AUX, VERB

    if not len(doc):
        return []
    rows = doc.to_array([POS, LOWER])
    according = doc.vocab.strings["according"]
    return [doc[int(i)] for i in ((rows[:, 0] == VERB) | (rows[:, 0] == AUX) | (rows[:, 1] == according)).nonzero()[0]]


def _indirect(doc, mentions, quote_spans, times) -> Iterator[Quote]:
    """"X said (that) CLAUSE" and "according to X, CLAUSE" outside quotation marks."""
    text = doc_text(doc)
    quoted = inside_any(quote_spans)
    for tok in _verbs_and_according(doc):
        if quoted(tok.idx):
            continue
        if _speech_verb(tok):
            clause = next((c for c in tok.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")), None)
            if clause is not None:
                cut = min([_aside([clause])] + [_coordinated_start(c) for c in clause.children if c.dep_ == "conj"
                                                 and _said_again(clause, c) and _takes_clause(c)])
                sub = [t for t in clause.subtree if t.i < cut]
                start, end = sub[0].idx, sub[-1].idx + len(sub[-1].text)
            elif tok.dep_ == "parataxis" and tok.head.pos_ in ("VERB", "AUX") and tok.lemma_.lower() not in ATTITUDE_VERBS:
                # "The problem, she said, is that ..." / "Talks stall, analyst says": the clause around the cue
                own = {t.i for t in tok.subtree}
                for c in tok.head.children:    # "Pressing the point, X said, ...": the participle is the speaker's
                    if c.dep_ == "advcl" and c.tag_ in ("VBG", "VBN") and c.i < tok.i and _subject(tok.head) \
                            and not _subject(c):          # (not "Riding alone, they said, can be risky")
                        own.update(t.i for t in c.subtree)
                sub = [t for t in tok.head.subtree if t.i not in own and not t.is_punct]
                if not sub:
                    continue
                start, end = sub[0].idx, sub[-1].idx + len(sub[-1].text)
            else:
                continue
            while end > start and text[end - 1] in ",.;: " and not _abbreviation_end(doc, end):
                end -= 1
            # a quotation the clause goes into is attributed whole ('said the South has "treated me so well."')
            end = max([end] + [_inside_marks(text, qs, qe)[1] for qs, qe in quote_spans if start <= qs < end < qe])
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
        elif _according_to(tok):
            q = _according(tok, doc, mentions)
            if q is not None:
                yield q


def _takes_clause(verb) -> bool:
    return any(c.dep_ == "ccomp" for c in verb.children)


def _subject(verb) -> bool:
    return any(c.dep_.startswith("nsubj") for c in verb.children)


def _abbreviation_end(doc, end: int) -> bool:
    """Whether the full stop before character `end` is an abbreviation's own ("9 p.m.", "the U.S.")."""
    span = doc.char_span(end - 1, end, alignment_mode="expand")
    return span is not None and len(span) == 1 and span[0].text.endswith(".") and len(span[0].text) > 1 \
        and span[0].idx + len(span[0].text) == end


def _according(tok, doc, mentions) -> Quote | None:
    """"According to X, CLAUSE." / "CLAUSE, according to X.": `tok` is "according"."""
    text = doc_text(doc)
    to = doc[tok.i + 1]
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
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
        return None
    m = _mention_at(mentions, s_start, s_end)
    return Quote(start=start, end=end, text=text[start:end], kind="indirect",
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
