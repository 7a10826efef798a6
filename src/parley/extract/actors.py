"""Actor mentions: who and what the article names, with titles, kinds and links inside the article.

Built on spaCy's named entities and corrected by general rules:
- titles and honorifics before a name go to `titles` ("US Secretary of State Mike Pompeo");
  a demonym or country among them gives the person's `country`;
- a "person" whose name ends in a known place and continues a longer proper name
  ("Sofitel Legend Metropole Hanoi") is a place;
- capitals used as actors ("Washington said") stand for their country; after a preposition
  ("in Hanoi") they are places;
- a surname or "Mr X" links to the most salient earlier full name that ends or begins with it,
  so two people sharing a surname stay apart.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from .. import knowledge
from ..models import Mention
from ..nlp import doc_text
from .spans import yields_one_per_span
from .names import name_key, name_parts, org_key

_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
_PLACE_PREPOSITIONS = {"in", "at", "to", "from", "near", "outside", "around", "across", "into", "inside",
                       "within", "through", "towards", "toward", "via", "of", "for"}
_FACILITY_WORDS = {"hotel", "palace", "centre", "center", "hall", "house", "tower", "building", "stadium",
                   "airport", "plaza", "square", "park", "street", "avenue", "bridge", "embassy", "museum",
                   "university", "school", "hospital", "station", "port", "base", "resort", "complex",
                   "theatre", "theater", "cathedral", "mosque", "temple", "church"}
# Words of a headline that run into a name ("Obama Not Ruling Out ..."): never part of a person's name.
# Not every stop word: "May", "Well", "Last" are surnames.
_HEADLINE_WORDS = {"not", "to", "out", "in", "on", "at", "for", "with", "after", "over", "says", "said", "is", "are",
                   "was", "were", "will", "and", "of", "as", "from", "by", "into", "up", "off", "no", "than",
                   "amid", "against", "calls", "urges", "warns", "has", "had", "have", "be", "been"}
# Lower-case words that belong inside a person's name ("Ursula von der Leyen", "Ortega y Gasset").
_NAME_PARTICLES = knowledge.NAME_PARTICLES | {"y", "e"}
# Small words inside names of organisations ("Bank of England", "Organization for Security and ...").
_NAME_SMALL = {"of", "for", "and", "the", "in", "on", "at", "to", "de", "du", "des", "la", "le", "&"}
_GLUED_CAPS = re.compile(r"[a-z]{3,}[A-Z]{2}")              # "moreUS", "forcesKABUL"
_GLUED_WORDS = re.compile(r"[a-z]{3,}[A-Z][a-z]+[A-Z]")     # "TrumpDonald John TrumpWarren" (a firm may be "GlaxoSmithKline")
_COMPASS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}


def _kind_of(label: str) -> str:
    return {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place",
            "NORP": "group"}[label]


def _affiliation(tok, ents: dict[int, object]) -> str | None:
    """The country a GPE or NORP entity covering `tok` names ("North Korean" -> North Korea)."""
    ent = ents.get(tok.i)
    if ent is None or ent.label_ not in ("GPE", "NORP"):
        return None
    return knowledge.country(ent.text) or knowledge.demonym(ent.text)


def _titles_before(doc, start: int, ents: dict[int, object]) -> tuple[list[str], str | None, int]:
    """Titles and affiliation in the words just before token `start`; returns (titles, country, first token)."""
    i = start
    words: list = []
    while i > 0:
        tok = doc[i - 1]
        low = tok.lower_
        portfolio = (tok.is_title and tok.is_alpha and tok.pos_ in ("PROPN", "NOUN") and tok.i not in ents
                     and words and words[0].lower_ in knowledge.TITLE_WORDS)      # "Fisheries Minister"
        if low in knowledge.HONORIFICS or (low in knowledge.TITLE_WORDS and (tok.is_title or tok.is_lower)) \
                or _affiliation(tok, ents) or portfolio:
            words.insert(0, tok)
            i -= 1
            continue
        break
    while words and words[0].lower_ in ("of", "the", "for"):
        words.pop(0)
        i += 1
    country = None
    titles: list[str] = []
    current: list[str] = []
    for tok in words:
        c = _affiliation(tok, ents)
        if c:
            country = country or c
            if current:
                titles.append(" ".join(current))
                current = []
            continue
        current.append(tok.text)
    if current:
        titles.append(" ".join(current))
    return [t for t in titles if t.lower() not in ("the", "of")], country, i


def _place_chain(doc, ent) -> tuple[int, int] | None:
    """Token range of a longer proper name (a hotel, a venue) that spaCy took for a person."""
    last = ent[-1].text
    has_place = bool(knowledge.city_country(last) or knowledge.country(last))
    has_facility = any(t.lower_ in _FACILITY_WORDS for t in ent)
    start = ent.start
    while start > 0 and doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN" \
            and doc[start - 1].lower_ not in knowledge.TITLE_WORDS | knowledge.HONORIFICS:
        start -= 1
    if has_facility or (has_place and start < ent.start):
        return start, ent.end
    return None


def _after_preposition(doc, i: int) -> bool:
    return i > 0 and doc[i - 1].lower_ in _PLACE_PREPOSITIONS


def _acts(span) -> bool:
    """Whether a capital's name stands for its government: it acts or owns ("Washington said",
    "Pyongyang's demands", "between Washington and Pyongyang"), not a place one goes to."""
    root = span.root
    if _after_preposition(span.doc, span.start):
        return False
    if root.dep_ in ("nsubj", "nsubjpass", "poss") or (root.dep_ == "pobj" and root.head.lower_ == "by"):
        return True
    if root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children):
        head = root.head if root.dep_ == "conj" else root
        return head.dep_ in ("nsubj", "nsubjpass", "poss") or head.head.lower_ == "between" \
            or (head.dep_ == "pobj" and head.head.lower_ in ("between", "with"))
    return False


# Heads of descriptions of unnamed sources ("a senior administration official", "US officials").
ANONYMOUS_HEADS = {"official", "diplomat", "negotiator", "source", "aide", "spokesman", "spokeswoman",
                   "spokesperson", "insider", "envoy", "delegate", "adviser", "advisor", "minister", "officer",
                   "analyst", "observer", "expert", "lawmaker", "legislator", "administration"}


def _anonymous(doc, ents: dict[int, object]) -> Iterator[dict]:
    """Unnamed sources: a noun phrase headed by "official", "diplomat", ... with no name attached."""
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in ANONYMOUS_HEADS or tok.i in ents:
            continue
        if tok.dep_ in ("compound", "appos") or any(c.dep_ in ("appos", "compound") and c.ent_type_ == "PERSON"
                                                    for c in tok.children):
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].ent_type_ == "PERSON":
            continue                                   # a title before a name: "official Kim Yong Chol"
        if tok.dep_ not in ("nsubj", "nsubjpass", "pobj", "dobj", "conj", "attr") or tok.lemma_ == "administration":
            continue
        left = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod", "det", "nummod", "poss")]
        start = left[0].i if left else tok.i
        while start < tok.i and doc[start].dep_ in ("det",) or (start < tok.i and doc[start].tag_ == "PRP$"):
            start += 1
        words = doc[start: tok.i + 1]
        country = None
        for t in words:
            if t.i in ents and ents[t.i].label_ in ("GPE", "NORP"):
                country = knowledge.country(ents[t.i].text) or knowledge.demonym(ents[t.i].text)
        span = doc[left[0].i if left else tok.i: tok.i + 1]
        yield dict(start=span.start_char, end=span.end_char, text=span.text, kind="anonymous",
                   name=words.text, titles=(), country=country, i=tok.i)


# Heads of role descriptions that refer back to a named person ("the North Korean leader").
ROLE_HEADS = {"leader", "president", "minister", "secretary", "envoy", "chancellor", "premier", "king", "queen",
              "negotiator", "ambassador", "spokesman", "spokeswoman", "chairman", "chief", "diplomat", "senator",
              "governor", "mayor", "general", "prince", "emir", "foreign minister"}


def _roles(doc, ents: dict[int, object]) -> Iterator[dict]:
    """Definite role descriptions ("the North Korean leader", "the US president") with no name after them."""
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.lower_ not in ROLE_HEADS or tok.i in ents:
            continue
        if tok.i + 1 < len(doc) and (doc[tok.i + 1].ent_type_ == "PERSON" or doc[tok.i + 1].pos_ == "PROPN"):
            continue
        left = list(tok.lefts)
        if not left or left[0].lower_ != "the" or tok.dep_ == "compound":
            continue
        country = None
        for t in left[1:]:
            if t.i in ents and ents[t.i].label_ in ("GPE", "NORP"):
                country = knowledge.country(ents[t.i].text) or knowledge.demonym(ents[t.i].text)
            elif t.dep_ not in ("amod", "compound") or t.pos_ not in ("ADJ", "PROPN", "NOUN"):
                break
        span = doc[left[0].i: tok.i + 1]
        yield dict(start=span.start_char, end=span.end_char, text=span.text, kind="role", name=tok.lower_,
                   titles=(), country=country, i=tok.i)


def _countries_named(doc, ents: dict[int, object]) -> list[str]:
    """The countries the article names with a GPE entity, in order of first mention."""
    seen: list[str] = []
    for ent in doc.ents:
        if ent.label_ == "GPE":
            c = knowledge.country(ent.text)
            if c and c not in seen:
                seen.append(c)
    return seen


def _appositive_role(span, ents: dict[int, object]):
    """The role noun in apposition to a name ("India's environment minister, Prakash Javadekar,";
    "Todd Stern, the US envoy,"): (token, title, country) or None."""
    root = span.root
    heads = ROLE_HEADS | ANONYMOUS_HEADS
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.lemma_.lower() in heads:
        role = root.head
    else:
        role = next((c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"
                     and c.lemma_.lower() in heads), None)
    if role is None:
        return None
    words = [t for t in role.subtree if t.i <= role.i and not (span.start <= t.i < span.end)]
    country = None
    title = []
    for t in words:
        if t.i in ents and ents[t.i].label_ in ("GPE", "NORP"):
            country = country or knowledge.country(ents[t.i].text) or knowledge.demonym(ents[t.i].text)
        elif t.dep_ not in ("det", "case", "punct", "poss") and not t.is_punct:
            title.append(t.text)
    return role, " ".join(title), country


def _name_like(tokens) -> bool:
    """Capitalised proper nouns (with a name's particles and hyphens), two words at least, no word of an office."""
    words = [t for t in tokens if t.text != "-"]
    return len(words) >= 2 and all(t.lower_ in _NAME_PARTICLES or t.is_title and t.pos_ == "PROPN"
                                   and not _office_word(t.lower_) for t in words)


def _office_run_in(tokens: list, label: str) -> tuple[list, str]:
    """A person's name without whose and which office the parser ran into it: "Armenia's Ararat Mirzoyan",
    "Kazakh President Kassym-Jomart Tokayev" (then a person's, whatever the parser called it)."""
    owner = next((k for k, t in enumerate(tokens[:-2]) if t.text in ("'s", "\u2019s")), None)
    if owner is not None and _name_like(tokens[owner + 1:]):
        tokens = tokens[owner + 1:]
    k = 0
    while len(tokens) - k > 2 and (_office_word(tokens[k].lower_) or knowledge.demonym(tokens[k].text)):
        k += 1
    if k and _name_like(tokens[k:]) and any(_office_word(t.lower_) for t in tokens[:k]):
        return tokens[k:], "PERSON"
    return tokens, label


def _countrys_person(tokens: list, label: str, surnames: set[str]) -> tuple[list, str]:
    """A person's surname without the country the parser ran into it ("Peru's Vega" in a headline): the
    person's, where the parser called it a person or the article names someone in full with that surname."""
    owner, possessive, word = tokens
    if possessive.text in ("'s", "\u2019s") and knowledge.country(owner.text) and word.is_title and \
            word.pos_ == "PROPN" and (label == "PERSON" or name_key(word.text) in surnames):
        return [word], "PERSON"
    return tokens, label


def _office_word(word: str) -> bool:
    """A person's office, singular or plural ("minister", "Ministers"): never a person's name."""
    return word in _PERSON_ROLES or word.endswith("s") and word[:-1] in _PERSON_ROLES


def _hyphen_in_name(doc, k: int) -> bool:
    """Whether token `k` is the hyphen of a hyphenated name ("Mlambo-Ngcuka", "Shams-Eddin"): no space on either
    side, capitalised words on both."""
    return doc[k].text == "-" and 0 < k < len(doc) - 1 and not doc[k - 1].whitespace_ and not doc[k].whitespace_ \
        and doc[k - 1].is_title and doc[k + 1].is_title and doc[k - 1].is_alpha and doc[k + 1].is_alpha


def _unlabelled_people(doc, ents: dict[int, object]) -> Iterator[dict]:
    """Capitalised names NER missed, where the context says they are people: right after a title
    ("Fisheries Minister Ana Torres met ..."), as the subject of a speech verb ("Ana Torres said"), or
    joined by "and" or a comma to a person's name ("Luis Vega and Ana Torres")."""
    from .quotes import SPEECH_VERBS

    stop = knowledge.TITLE_WORDS | knowledge.HONORIFICS
    ents = {i: e for i, e in ents.items() if e.label_ in _LABELS}      # a name taken for a work of art is a name
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.i in ents or tok.dep_ == "compound" or not tok.is_title:
            continue
        start = tok.i
        while start > 0 and start - 1 not in ents and (
                doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title and doc[start - 1].is_alpha
                and doc[start - 1].lower_ not in stop and not _office_word(doc[start - 1].lower_)
                or _hyphen_in_name(doc, start - 1)):
            start -= 1
        words = doc[start: tok.i + 1]
        names = [t for t in words if t.text != "-"]
        if not 2 <= len(names) <= 4 or not all(t.is_alpha and t.is_title for t in names) or words[0].text == "-":
            continue
        after_title = start > 0 and doc[start - 1].lower_ in stop and doc[start - 1].lower_ not in ("the", "of")
        speaker = tok.dep_ == "nsubj" and tok.head.lemma_.lower() in SPEECH_VERBS or (
            tok.i + 2 < len(doc) and doc[tok.i + 1].text == "," and any(      # "X Y, deputy commander of ..."
                t.lower_ in _PERSON_ROLES for t in doc[tok.i + 2: tok.i + 5] if t.is_lower))
        beside = [tok.head] if tok.dep_ == "conj" else [c for c in tok.children if c.dep_ == "conj"]
        listed = any(t.i in ents and ents[t.i].label_ == "PERSON" for t in beside)
        if not (after_title or speaker or listed) or any(knowledge.country(t.text) or knowledge.demonym(t.text)
                                                          for t in words):
            continue
        honor = {doc[start - 1].lower_.rstrip(".")} if start > 0 and doc[start - 1].lower_ in knowledge.HONORIFICS \
            else set()
        m_start = start - 1 if honor else start
        span = doc[m_start: tok.i + 1]
        yield dict(start=span.start_char, end=span.end_char, text=span.text, kind="person", name=words.text,
                   titles=tuple(sorted(honor)), country=None, i=start, honor=honor)


def _surnames(doc, raw: list[dict]) -> Iterator[dict]:
    """The surname of a person the article names in full, where the parser saw no name ("Schaeuble told
    a news conference", "Merkel held talks"): a capitalised word alone, not part of a longer name."""
    surnames = {name_parts(r["name"])[-1] for r in raw if r["kind"] == "person" and len(name_parts(r["name"])) >= 2}
    surnames = {s for s in surnames if len(s) > 2}
    if not surnames:
        return
    covered = {i for r in raw for i in range(r["start"], r["end"])}
    for tok in doc:
        if not tok.is_title or tok.lower_ not in surnames or tok.idx in covered or tok.pos_ != "PROPN":
            continue
        before = doc[tok.i - 1] if tok.i > 0 else None
        after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if after is not None and after.is_title and after.pos_ == "PROPN":
            continue                                      # "Gabriel Sakellaridis": another's first name
        if before is not None and before.is_title and before.pos_ == "PROPN" and before.lower_ not in (
                knowledge.TITLE_WORDS | knowledge.HONORIFICS) and before.i != tok.sent.start:
            continue                                      # the end of a longer name
        yield dict(start=tok.idx, end=tok.idx + len(tok.text), text=tok.text, kind="person", name=tok.text,
                   titles=(), country=None, i=tok.i, honor=set())


_DEFINES = re.compile(r"\s*\((?P<acronym>[A-Z][A-Z&]{1,7})\)")


def _acronyms(doc, raw: list[dict]) -> Iterator[dict]:
    """The acronym an organisation's name defines ("The European Central Bank (ECB) ...") wherever the
    article uses it alone and the parser saw no name ("its debt to the ECB"): the same organisation. (The link
    stage joins the acronym to the name.)"""
    text = doc_text(doc)                  # (doc.text would join every token of the article again)
    defined = {}
    for r in raw:
        if r["kind"] == "organization" and (m := _DEFINES.match(text, r["end"])):
            defined.setdefault(m.group("acronym"), r)
    if not defined:
        return
    covered = {i for r in raw for i in range(r["start"], r["end"])}
    for tok in doc:
        if tok.text in defined and tok.idx not in covered:
            yield dict(start=tok.idx, end=tok.idx + len(tok.text), text=tok.text, kind="organization",
                       name=tok.text, titles=(), country=None, i=tok.i, honor=set())


def _countries_missed(doc, raw: list[dict]) -> Iterator[dict]:
    """A country's name the parser took for no entity ("LIMA (March 5) - Peru missed a payment"): the
    longest run of up to three capitalised words that the gazetteer knows as a country."""
    covered = {i for r in raw for i in range(r["start"], r["end"])}
    capital = [(t.is_title or t.is_upper) and t.idx not in covered for t in doc]   # read once a token
    proper = [t.pos_ == "PROPN" for t in doc]
    i = 0
    while i < len(doc):
        found = None
        for n in (3, 2, 1):
            if i + n <= len(doc) and proper[i + n - 1] and all(capital[i: i + n]) \
                    and (name := knowledge.country((words := doc[i: i + n]).text)):
                found = (words, name)
                break
        if found is None:
            i += 1
            continue
        words, name = found
        kind = "organization" if name in knowledge.SUPRANATIONAL else "country"
        yield dict(start=words.start_char, end=words.end_char, text=words.text, kind=kind, name=name,
                   titles=(), country=None, i=words.start, honor=set())
        i += len(words)


# The office of a person: a descriptor run into a name that ends in one of these makes the name a person's,
# whatever the parser called it ("African Union chief mediator Olusegun Obasanjo", taken for an organisation).
_PERSON_ROLES = {"mediator", "facilitator", "negotiator", "envoy", "minister", "president", "leader", "chief",
                 "spokesman", "spokeswoman", "spokesperson", "secretary", "chairman", "chairwoman", "director",
                 "commissioner", "ambassador", "general", "commander", "governor", "mayor", "senator", "official",
                 "adviser", "advisor", "founder", "premier", "chancellor", "delegate", "analyst", "economist",
                 "professor", "speaker", "judge", "officer", "deputy", "activist", "lawmaker", "diplomat"}
_TRAILING_SMALL = {"of", "the", "and", "or", "for", "in", "on", "at", "to", "from", "with", "by", "a", "an"}


def _repaired(doc) -> list:
    """The parser's entities, with three of its usual cuts mended: a person's name broken at its
    particles ("Ursula von" + "Leyen" -> "Ursula von der Leyen", "Van der" + "Kolk"), an organisation's name cut
    before its "in <place>" ("Organization for Security and Co-operation" + "in Europe"), and a name run on
    into a small word of what follows ("Eurogroup of" in "the Eurogroup of finance ministers")."""
    from spacy.tokens import Span

    ents = list(doc.ents)
    out = []
    skip_until = -1
    for n, ent in enumerate(ents):
        if ent.start < skip_until:
            continue
        end, start = ent.end, ent.start
        if ent.label_ == "PERSON":
            while start > max(skip_until, 0) and doc[start - 1].lower_ in _NAME_PARTICLES and not doc[start - 1].ent_type_:
                start -= 1                                 # "Van der" + "Kolk" at the start of a sentence
            j = end
            while j < len(doc) and doc[j].lower_ in _NAME_PARTICLES and doc[j].is_lower:
                j += 1
            ends_in_particle = ent[-1].lower_ in _NAME_PARTICLES and len(ent) > 1
            if (j > end or ends_in_particle) and j < len(doc) and doc[j].is_title and doc[j].pos_ == "PROPN":
                end = j + 1
            while end + 1 < len(doc) and _hyphen_in_name(doc, end) and not doc[end + 1].ent_type_:
                end += 2                                   # "Phumzile Mlambo" + "-Ngcuka"
        elif ent.label_ == "ORG" and any(t.lower_ in ("for", "on") for t in ent[1:]) and end + 1 < len(doc) \
                and doc[end].lower_ == "in" and doc[end + 1].ent_type_ in ("LOC", "GPE") \
                and doc[end + 1].is_title:
            end = end + 2
            while end < len(doc) and doc[end].ent_iob_ == "I" and doc[end].ent_type_ in ("LOC", "GPE"):
                end += 1
        while end - start > 1 and doc[end - 1].is_lower and doc[end - 1].lower_ in _TRAILING_SMALL:
            end -= 1                                   # "Eurogroup of [finance ministers]": no name ends so
        if end != ent.end or start < ent.start:
            out.append(Span(doc, start, end, label=ent.label_))
            skip_until = end
        else:
            out.append(ent)
    return out


@yields_one_per_span()
def find_mentions(doc) -> Iterator[Mention]:
    """Every actor mention in `doc`, in text order, with local ids shared by mentions of one actor."""
    raw: list[dict] = []
    entities = _repaired(doc)
    person_texts = Counter(name_key(e.text) for e in entities if e.label_ == "PERSON")
    surnames = {parts[-1] for e in entities if e.label_ == "PERSON" and len(parts := name_parts(e.text)) >= 2}
    ents = {t.i: e for e in entities for t in e}
    described: set[int] = set()          # role nouns in apposition to a name: that person, not a source
    for ent in entities:
        if ent.label_ not in _LABELS:
            continue
        tokens = list(ent)
        ent_label = ent.label_
        if ent_label == "ORG" and ent.start > 0 and doc[ent.start - 1].lower_ in _PERSON_ROLES and _name_like(ent):
            ent_label = "PERSON"          # "chief mediator Olusegun Obasanjo", "President Kassym-Jomart Tokayev"
        while tokens and (tokens[0].lower_ == "the" or tokens[0].is_punct or tokens[0].is_space):
            tokens.pop(0)
        while tokens and (tokens[-1].text in ("'s", "\u2019s") or tokens[-1].is_punct or tokens[-1].is_space):
            tokens.pop()                               # "Marta Holm\n" of a byline: the line break is no part
        bar = next((k for k, t in enumerate(tokens) if t.text in ("|", "\u00a6")
                    or t.text == "(" and k > 0), None)  # "Intergovernmental Authority on Development (IGAD"
        if bar is not None:
            tokens = tokens[:bar]                      # "Munich Security Conference | News": a page title's rest
            while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
                tokens.pop()
        if ent.label_ in ("ORG", "PERSON") and len(tokens) > 2:
            tokens, ent_label = _office_run_in(tokens, ent_label)
        if len(tokens) == 3:
            tokens, ent_label = _countrys_person(tokens, ent_label, surnames)
        if not tokens:
            continue
        if ent.label_ in ("ORG", "GPE", "PERSON"):
            # "Airbus parent EADS", "United States airframer Boeing", "Los Angeles based Northrop Grumman": a
            # descriptor run into the name; the name is the proper nouns after its last common word
            common = [k for k, t in enumerate(tokens) if t.is_lower and t.is_alpha and t.lower_ not in _NAME_SMALL
                      and t.lower_ not in _NAME_PARTICLES and t.pos_ in ("NOUN", "ADJ", "VERB")
                      and not (t.i > 0 and doc[t.i - 1].text in "-\u2010\u2011" and not doc[t.i - 1].whitespace_)]
            if common and common[-1] < len(tokens) - 1 and all(t.pos_ == "PROPN" or not t.is_lower
                                                                for t in tokens[common[-1] + 1:]):
                if tokens[common[-1]].lower_ in _PERSON_ROLES and ent.label_ != "PERSON":
                    ent_label = "PERSON"                   # "African Union chief mediator Olusegun Obasanjo"
                tokens = tokens[common[-1] + 1:]
        s, e = tokens[0].i, tokens[-1].i + 1
        label = ent_label
        if label in ("ORG", "GPE") and person_texts.get(name_key(doc[s:e].text), 0) and \
                not knowledge.country(doc[s:e].text):
            label = "PERSON"
        if label in ("ORG", "GPE", "LOC") and e - s == 1 and _speaking_surname(doc[s], surnames):
            label = "PERSON"                           # "..., said Vega": Luis Vega's surname, not a town
        span = doc[s:e]
        text = span.text
        if label == "NORP":
            continue                                   # affiliations, not actors (used for `country`)
        if label == "PERSON" and any(c.isdigit() for c in text):
            continue                                   # "2C", "G20": not a person's name
        if _GLUED_CAPS.search(text) or label == "PERSON" and _GLUED_WORDS.search(text):
            continue                                   # "Read moreUS-Taliban", "forcesKABUL": page text run together
        if label == "PERSON" and (len(span) >= 2 and knowledge.demonym(span[0].text) and span[-1].lower_ in
                                  knowledge.TITLE_WORDS or len(span) == 1 and knowledge.demonym(span[0].text)):
            continue                                   # "Qatari Emir", "Kazakh (President ...)": a description
        if not name_parts(text):
            continue                                   # only spaces or symbols
        if label == "ORG" and all(t.lower_ in knowledge.TITLE_WORDS for t in span):
            continue                                   # "State" of "Secretary of State"
        if label == "ORG" and e < len(doc) and (doc[e].ent_type_ == "PRODUCT" or (
                any(c.isdigit() for c in doc[e].text) and doc[e].is_alpha is False and not doc[e].like_num
                or doc[e].like_num and doc[e].whitespace_ and e + 1 < len(doc) and not doc[e + 1].is_punct
                and doc[e + 1].pos_ == "NOUN" and doc[e + 1].lower_ in ("jet", "jets", "aircraft", "plane", "phone"))):
            continue                                   # "Boeing 747", "Airbus A380": a product, not the maker
        if text.lower() in _COMPASS:
            # "the North" is North Korea where the article names it; otherwise nothing we can name
            country = next((c for c in _countries_named(doc, ents) if c.lower().startswith(text.lower() + " ")), None)
            if country and ent.start > 0 and doc[ent.start - 1].lower_ == "the" or (country and tokens[0].i != ent.start):
                raw.append(dict(start=doc[s:e].start_char, end=doc[s:e].end_char, text=doc[s:e].text,
                                kind="country", name=country, titles=(), country=None, i=s, honor=set()))
            continue
        honor = []
        while span and span[0].lower_ in knowledge.HONORIFICS:
            honor.append(span[0].text)
            span = doc[span.start + 1: span.end]
        if label == "PERSON":
            cut = next((t.i for t in span[1:] if t.lower_ in _HEADLINE_WORDS), None)
            if cut is not None:
                span = doc[span.start:cut]                 # "Obama Not Ruling Out" in a headline: "Obama"
            while len(span) > 2 and (_office_word(span[0].lower_) or span.start > 0
                                     and doc[span.start - 1].lower_ == "of" and knowledge.country(span[0].text)):
                span = doc[span.start + 1: span.end]       # "(Foreign) Ministers Ararat Mirzoyan", "(Prime
                #                                            Minister of) Armenia Nikol Pashinyan": the office's words
            span = _without_place_at_edge(doc, span, person_texts)
        if not len(span):
            continue
        kind = _kind_of(label)
        name = span.text
        country = None
        titles: list[str] = []
        mention_start = span.start
        if label == "PERSON":
            chain = _place_chain(doc, span)
            if chain:
                kind, span = "place", doc[chain[0]:chain[1]]
                name = span.text
                mention_start = span.start
            else:
                before, country, first = _titles_before(doc, span.start - len(honor), ents)
                titles = before + honor
                appos = _appositive_role(span, ents)
                if appos:
                    described.add(appos[0].i)
                    titles.append(appos[1])
                    country = country or appos[2]
                mention_start = span.start - len(honor)
                while mention_start > 0 and doc[mention_start - 1].lower_ in knowledge.HONORIFICS:
                    mention_start -= 1       # "Mr Kim": the honorific belongs to the surface form
        elif label in ("GPE", "LOC"):
            c = knowledge.country(name)
            if c:
                kind, name = "country", c
            else:
                capital = knowledge.capital_of(name)
                if capital and _acts(span):
                    kind, name = "country", capital
        elif label == "ORG":
            c = knowledge.country(name)
            if c:
                kind, name = "country", c
            elif knowledge.city_country(name) and len(span) <= 3:
                kind = "place"                         # a city spaCy took for an organisation
            elif span[-1].lower_ in _FACILITY_WORDS and _after_preposition(doc, ent.start):
                kind = "place"
        if kind == "country" and name in knowledge.SUPRANATIONAL:
            kind = "organization"
        mtext_span = doc[mention_start: span.end]
        honorifics = {t.lower_.rstrip(".") for t in doc[mention_start: span.start]}
        raw.append(dict(start=mtext_span.start_char, end=mtext_span.end_char, text=mtext_span.text, kind=kind,
                        name=name, titles=tuple(titles), country=country, i=span.start, honor=honorifics))
    raw.extend(_unlabelled_people(doc, ents))
    raw.extend(_surnames(doc, raw))
    raw.extend(_countries_missed(doc, raw))
    raw.extend(_acronyms(doc, raw))
    raw.extend(r for r in _anonymous(doc, ents) if r["i"] not in described)
    raw.extend(r for r in _roles(doc, ents) if r["i"] not in described)
    raw.sort(key=lambda r: (r["start"], r["end"]))
    cut = _cut_off_at(doc_text(doc))
    yield from link_within([r for r in raw if r["end"] < cut])


def _speaking_surname(tok, surnames: set[str]) -> bool:
    """Whether a one-word name the parser called a place or an organisation is the surname of a person the
    article names in full and the subject of a speech verb ("Vega said", "said Vega"): that person, not a
    town or a firm of that name. A country's name never is ("Peru said")."""
    from .quotes import SPEECH_VERBS

    return name_key(tok.text) in surnames and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in SPEECH_VERBS \
        and not knowledge.country(tok.text)


def _without_place_at_edge(doc, span, person_texts: Counter):
    """A person's name without the country (or, after an office, the city) the parser ran into its start:
    "(Prime Minister of unrecognized) Peru Luis Vega", "(Mayor of) Lima Ana Torres", "Peru Luis Vega" where
    the article names Luis Vega elsewhere. Two name words stay at least ("Jordan Smith" is a name), and a
    city's name is cut only after an office: many a surname and first name is also a town's."""
    if len(span) <= 2 or not _name_like(span[1:]):
        return span
    word = span[0]
    prev = doc[span.start - 1] if span.start > 0 else None
    office = prev is not None and prev.lower_ == "of" and span.start > 1 and _office_word(doc[span.start - 2].lower_)
    modified = prev is not None and (prev.lower_ == "of" or prev.is_lower and prev.pos_ in ("ADJ", "VERB"))
    if knowledge.country(word.text) and (modified or person_texts.get(name_key(span[1:].text))) \
            or office and knowledge.city_country(word.text):
        return span[1:]
    return span


def _cut_off_at(text: str) -> int:
    """Where the last word of an excerpt cut mid-sentence starts ("... negotiate with the Governm"): a name there
    is a fragment. The text's length when it ends as a text does (a stop, a quotation mark, a short line)."""
    end = len(text.rstrip())
    line_start = text.rfind("\n", 0, end) + 1
    if not end or not text[end - 1].isalnum() or end - line_start < 80:
        return len(text) + 1
    while end > line_start and text[end - 1].isalnum():
        end -= 1
    return end + 1


def link_within(raw: list[dict]) -> Iterator[Mention]:
    """Give each mention a local id and a key; short person names join a fuller earlier name.

    Role descriptions resolve to the person introduced with that role; an unnamed-source
    description that is such a role ("the Indian minister" after "Indian Environment Minister
    X") is that person, not an anonymous source.
    """
    fulls: list[dict] = []           # person mentions with two or more name parts, in order
    salience: Counter = Counter()
    honorifics: dict[str, set[str]] = {}
    all_full = [r for r in raw if r["kind"] == "person" and len(name_parts(r["name"])) >= 2]
    out: list[Mention] = []
    resolved_roles: set[int] = set()
    for r in raw:
        if r["kind"] == "anonymous":
            continue
        if r["kind"] == "role":
            target = _role_target(r, out)
            if target is not None:
                out.append(Mention(start=r["start"], end=r["end"], text=r["text"], kind="person", name=target.name,
                                   titles=(), country=target.country, key=target.key, local=target.local))
                salience[target.key] += 1
                resolved_roles.add(r["i"])
            continue
        key = org_key(r["name"]) if r["kind"] == "organization" else name_key(r["name"])
        if r["kind"] == "person":
            parts = name_parts(r["name"])
            honor = r.get("honor") or set()
            if not parts:
                continue
            if len(parts) == 1:
                target = (_best_full(parts[0], fulls, salience, honor, honorifics)
                          or _best_full(parts[0], all_full, salience, honor, honorifics))
                if target is not None:
                    key = name_key(target["name"])
            else:
                fulls.append(r)
            salience[key] += 1
            honorifics.setdefault(key, set()).update(h for h in honor if h not in _ANY_HONORIFIC)
        out.append(_mention(r, key))
    for r in raw:
        if r["kind"] == "anonymous" and r["i"] not in resolved_roles:
            out.append(_mention(r, name_key(r["name"])))
    yield from sorted(out, key=lambda m: (m.start, m.end))


_PREFIX = {"person": "p", "country": "c", "organization": "o", "place": "l", "group": "g", "anonymous": "a"}
# Honorifics that go with any other ("Dr", "Prof"); the rest mark one form of address per person.
_ANY_HONORIFIC = {"dr", "prof"}


def _mention(r: dict, key: str) -> Mention:
    return Mention(start=r["start"], end=r["end"], text=r["text"], kind=r["kind"], name=r["name"],
                   titles=r["titles"], country=r["country"], key=key, local=f"{_PREFIX.get(r['kind'], 'x')}:{key}")


def _role_target(role: dict, earlier: list[Mention]) -> Mention | None:
    """The latest earlier person introduced with this role (and this country, when the role names one)."""
    for m in reversed(earlier):
        if m.kind != "person" or not m.titles:
            continue
        if not any(role["name"] in t.lower().split() for t in m.titles):
            continue
        if role["country"] and m.country and role["country"] != m.country:
            continue
        if role["country"] and not m.country:
            continue
        return m
    return None


def _best_full(part: str, fulls: list[dict], salience: Counter, honor: set[str],
               honorifics: dict[str, set[str]]) -> dict | None:
    """The full name a surname refers to: one that begins or ends with it, addressed the same way
    ("Lord Stern" is not the "Mr Stern" of earlier), the most mentioned, then the latest."""
    honor = {h for h in honor if h not in _ANY_HONORIFIC}
    candidates = []
    for f in fulls:
        parts = name_parts(f["name"])
        if not parts or part not in (parts[0], parts[-1]):
            continue
        used = honorifics.get(name_key(f["name"]), set()) | {h for h in f.get("honor", ()) if h not in _ANY_HONORIFIC}
        if honor and used and not (honor & used):
            continue
        candidates.append(f)
    if not candidates:
        return None
    order = {id(f): n for n, f in enumerate(fulls)}
    return max(candidates, key=lambda f: (salience[name_key(f["name"])], order[id(f)]))
