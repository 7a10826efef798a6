"""Actors across articles: mentions with the same name key become one actor.

A surname left unresolved inside its article ("Trump" in a piece that never gives the full
name) joins the one full name in the story that begins or ends with it. The canonical name
is the fullest form seen (most name parts, then the most frequent spelling); every other
surface form is an alias. Output is sorted, so the result does not depend on ingest order.
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import re
from collections import Counter, defaultdict

from .. import knowledge
from ..extract.names import initials, name_key
from .records import LinkProblems, checked
from .variants import is_full_name, person_variants

# When mentions of one name disagree on the kind, the first of these that they use wins,
# unless another kind has more mentions.
_KIND_ORDER = ("country", "person", "place", "organization", "group", "anonymous")


def actor_id(kind: str, key: str) -> str:
    return "actor-" + hashlib.sha1(f"{kind}:{key}".encode()).hexdigest()[:12]


def _group_of(m: dict) -> str:
    kind = m["kind"]
    if kind in ("organization", "place", "person"):
        return "named"                    # spaCy swaps these kinds for one name; the mentions vote below
    return kind


def _spaced(form: str | None) -> str:
    """A name as written once: single spaces, none at either end ("Marta Holm\\n" of a byline)."""
    return " ".join((form or "").split())


def _surface(form: str) -> str:
    """An alias as a reader would list it: "the French minister" -> "French minister"."""
    form = _spaced(form)
    return form[4:] if form[:4].lower() == "the " else form


# How the press names an office without its title: "the country's top diplomat" is its foreign minister.
_ROLE_SYNONYMS = {"diplomat": "foreign", "premier": "prime", "envoy": "envoy", "spymaster": "intelligence",
                  "treasurer": "finance", "chancellor": "chancellor"}


def _role_person(m: dict, roles: dict[tuple[str, str], set[str]]) -> str | None:
    """The one person in the story a definite role ("the Indian minister") describes, if exactly one fits."""
    words = m["text"].lower().replace("\u2019", "'").split()
    if not words or not m.get("country") or not (words[0] == "the" or words[0].endswith("'s")):
        return None                              # "the Indian minister", "Russia's top diplomat"
    word = _ROLE_SYNONYMS.get(words[-1], words[-1])
    fits = roles.get((m["country"], word), set())
    return next(iter(fits)) if len(fits) == 1 else None


_PARTICLES = knowledge.NAME_PARTICLES | {"y", "e"}
_WORDS_ONLY = re.compile(r"[^\W\d_]+(?:[ .'\u2019-]+[^\W\d_]+)*\.?")


def _written_as_name(name: str) -> bool:
    """Every word capitalised or a name's particle ("Ursula von der Leyen", "Kim Jong-un"), not a line of
    another language run into a name ("Vega Dijo que no es")."""
    return all(any(piece[:1].isupper() for piece in word.split("-")) or word.lower() in _PARTICLES
               for word in name.split())


def _plain_name(name: str) -> bool:
    """Words and a name's marks only, written as a name: "Luis Vega Torres", not "Ana Torres/Wire"."""
    return bool(_WORDS_ONLY.fullmatch(name)) and _written_as_name(name)


# Where a sentence ends: a stop (with its closing quotation mark or bracket) before a space, or a line break.
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s|\n")
_KIN = r"(?:son|daughter|father|mother|brother|sister|wife|husband|widow|nephew|niece|cousin|uncle|aunt|" \
       r"grandson|granddaughter|grandfather|grandmother|stepson|stepdaughter)s?"
_KIN_AFTER = re.compile(r"\s*,?\s*(?:(?:the|a|his|her|their|whose)\s+)?(?:[\w'\u2019-]+\s+){0,2}?" + _KIN + r"\b",
                        re.IGNORECASE)
_KIN_BEFORE = re.compile(r"\b" + _KIN + r"\s*,?\s*$", re.IGNORECASE)


def _named_as_kin(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] is given as someone's kin: "X, the son of", "his son X"."""
    return bool(_KIN_AFTER.match(text, end, end + 40) or _KIN_BEFORE.search(text, max(0, start - 20), start))


def _people_apart(mentions: list[tuple[str, dict]], text_of) -> tuple[set[frozenset], set[str]]:
    """Full names the text shows to be other people than each other, whatever their words share:
    pairs of keys named apart in one sentence ("Luis Vega Torres, the son of President Luis Vega, said"),
    and the keys of names the text gives as someone's kin ("..., the son of", "his son Luis Vega Torres"),
    whose family shares their name. Only names written as names count: a photo credit names one
    person twice ("Photo by Ana Torres/Wire Images) Ana Torres")."""
    by_article: dict[str, list[dict]] = defaultdict(list)
    for aid, m in mentions:
        if m["kind"] == "person" and is_full_name(m["key"]) and _plain_name(m["name"] or ""):
            by_article[aid].append(m)
    pairs: set[frozenset] = set()
    kin: set[str] = set()
    for aid, ms in by_article.items():
        text = text_of(aid)
        ends = [hit.start() for hit in _SENTENCE_END.finditer(text)]
        by_sentence: dict[int, set[str]] = defaultdict(set)
        for m in ms:
            by_sentence[bisect.bisect_left(ends, m["start"])].add(m["key"])
            if _named_as_kin(text, m["start"], m["end"]):
                kin.add(m["key"])
        for keys in by_sentence.values():
            pairs.update(frozenset((a, b)) for a in keys for b in keys if a < b)
    return pairs, kin


def _short_forms(mentions: list[tuple[str, dict]], apart: tuple[set[frozenset], set[str]] = (set(), set())
                 ) -> dict[str, str]:
    """Keys of short forms -> the key of the one longer name they stand for, among named actors:
    an acronym ("SIA" -> "Singapore Airlines", "KCNA" -> "Korean Central News Agency") and a
    name that is the start of exactly one longer name of the same kind ("China Eastern" ->
    "China Eastern Airlines", "Kim Jong" -> "Kim Jong Un"). A person's name never stands for a longer
    one that `apart` (from `_people_apart`) shows to be someone else: named beside it in one sentence,
    or given as someone's kin ("Luis Vega" and his son "Luis Vega Torres")."""
    pairs, kin = apart
    kinds: dict[str, Counter] = defaultdict(Counter)
    upper: dict[str, bool] = {}
    for _, m in mentions:
        if _group_of(m) == "named":
            kinds[m["key"]][m["kind"]] += 1
            upper[m["key"]] = upper.get(m["key"], False) or (m["text"].isupper() and " " not in m["text"])
    kind_of = {k: c.most_common(1)[0][0] for k, c in kinds.items()}
    by_initials: dict[str, list[str]] = defaultdict(list)
    for key in kinds:
        if len(key.split()) >= 2:
            by_initials[initials(key)].append(key)
    out: dict[str, str] = {}
    keys = sorted(kinds)
    for key in keys:
        words = key.split()
        if upper.get(key) and len(words) == 1 and 2 <= len(key) <= 6:
            long = [k for k in by_initials.get(key, []) if kind_of[k] != "person"]
            if len(long) == 1:
                out[key] = long[0]
                continue
        if len(words) >= 2 or (len(words) == 1 and kind_of[key] == "organization" and len(key) > 3):
            longer = []
            i = bisect.bisect_left(keys, key + " ")          # longer names starting with it sit together
            while i < len(keys) and keys[i].startswith(key + " ") and len(longer) < 2:
                if kind_of[keys[i]] == kind_of[key]:
                    longer.append(keys[i])
                i += 1
            if len(longer) == 1 and longer[0].split()[-1] not in knowledge.UNIT_WORDS and not (
                    kind_of[key] == "person" and (frozenset((key, longer[0])) in pairs or longer[0] in kin)):
                out[key] = longer[0]                         # not "Taliban" -> "Taliban Political Office"
    return out


_SOURCE_BEFORE = re.compile(r"(?:\bciting|\baccording\s+to|\breported\s+by|\bquoted\s+by|\btold)\s+(?:the\s+)?$",
                            re.IGNORECASE)
_PRONOUNS = {"he", "she", "they", "we", "i", "it", "you"}
# A name the parser called a person or an organisation is taken for a city only if it is a big one
# ("Kiev" tagged as a person), never a small town that shares a surname or a party's name.
BIG_CITY = 1_000_000
_PLACE_BEFORE = re.compile(r"\b(?:in|to|from|near|outside|across|towards?|arrived\s+in|visit(?:ed|s|ing)?)\s+$",
                           re.IGNORECASE)
_ORG_AFTER = re.compile(r"^[^.;:!?]{0,40}?\b(?:agenc|compan|firm|bank|newspaper|paper|broadcaster|channel|network|"
                        r"fund|group|website|magazine)", re.IGNORECASE)


def _named_thing(key: str) -> bool:
    """A name that ends as a group's, a text's, a publication's or a numbered group's does: never a person."""
    last = key.split()[-1] if key else ""
    return last in knowledge.GROUP_WORDS or last in knowledge.DOCUMENT_WORDS or last in knowledge.MEDIA_WORDS \
        or last in knowledge.GROUP_NUMBERS


def _person_by_evidence(key: str, items: list[tuple[str, dict]], speakers: set[tuple[str, str]],
                        text_of) -> str | None:
    """The kind of a name the mentions call a person, by what the story shows of it.

    A publication's or broadcaster's name ("Frankfurter Allgemeine Sonntagszeitung") is an
    organization and a name ending in a number word ("Normandy Four") a group. A person is
    otherwise named somewhere in the story by at least two names, or with a title or an honorific,
    or is quoted; a single word that never is ("a temporary Grexit", "citing Akorda", "Fitch and
    S&P ratings agencies", "talks in Kiev") is no person: an organization where it stands as a source
    or an agency does, a place where it follows "in", "to", "from"; else no actor at all (None)."""
    words = key.split()
    if any(w in knowledge.MEDIA_WORDS for w in words[1:]) or (len(words) >= 2 and words[0] in knowledge.MEDIA_WORDS
                                                                and words[-1] in knowledge.MEDIA_WORDS):
        return "organization"
    if len(words) >= 2 and words[-1] in knowledge.GROUP_NUMBERS:
        return "group"
    if words and words[-1] in knowledge.DOCUMENT_WORDS:
        return None                            # "Minsk Protocol": a text the parties sign, not a party
    if words and words[-1] in knowledge.GROUP_WORDS:
        return "group"                         # "Donetsk People('s Republic)", "Popular Front"
    if words and words[0] in ("pro", "anti") or "pro-" in key or "anti-" in key:
        return None                            # "pro-Russia": a stance, not a name
    if len(words) >= 2:
        return "person"
    for aid, m in items:
        if len(name_key(m["name"] or "").split()) >= 2 or m.get("titles") or (aid, m["local"]) in speakers:
            return "person"
    votes: Counter = Counter()
    for aid, m in items:
        text = text_of(aid)
        before = text[max(0, m["start"] - 30):m["start"]]
        if _SOURCE_BEFORE.search(before) or _ORG_AFTER.search(text[m["end"]:]):
            votes["organization"] += 1
        elif _PLACE_BEFORE.search(before):
            votes["place"] += 1
    return max(votes, key=lambda k: (votes[k], k)) if votes else None


_DEFINED = re.compile(r"^\s*\((?P<acronym>[A-Z][A-Za-z&]{1,7})\)")


def _defined_acronyms(mentions: list[tuple[str, dict]], text_of, same: dict[str, str]) -> dict[str, str]:
    """Acronyms the text defines: "Singapore Airlines (SIA)" -> the key of "SIA" joins "singapore airlines",
    wherever the story uses it, when the story defines it one way only."""
    found: dict[str, set[str]] = defaultdict(set)
    for aid, m in mentions:
        if _group_of(m) != "named" or m["kind"] == "person" or len(m["key"].split()) < 2:
            continue
        hit = _DEFINED.match(text_of(aid)[m["end"]:m["end"] + 12])
        if hit:
            found[name_key(hit["acronym"])].add(same.get(m["key"], m["key"]))
    return {short: next(iter(longs)) for short, longs in found.items() if len(longs) == 1 and short not in longs}


_KNOWN_AS = re.compile(r"^\s*,?\s*\(?\s*(?:(?:also|better|commonly|widely|popularly|locally|often)\s+)?known\s+as\s+"
                       r"[\"'\u201c\u2018]?(?P<alias>[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,2})")


def _known_as(mentions: list[tuple[str, dict]], text_of, same: dict[str, str]) -> dict[str, str]:
    """Other names the text gives a name: "Mohamed Hamdan Dagalo, commonly known as Hemedti" -> the key of
    "Hemedti" joins his, wherever the story uses it, when the story gives that name to one actor only."""
    found: dict[str, set[str]] = defaultdict(set)
    for aid, m in mentions:
        if _group_of(m) != "named" or m["kind"] == "place" or knowledge.country(m["name"] or ""):
            continue
        hit = _KNOWN_AS.match(text_of(aid)[m["end"]:m["end"] + 80])
        if hit:
            found[name_key(hit["alias"])].add(same.get(m["key"], m["key"]))
    return {other: next(iter(keys)) for other, keys in found.items() if len(keys) == 1 and other not in keys}


DOMINANT = 3         # a full name mentioned this many times as often as each other one is the story's for its part


def _full_names(mentions: list[tuple[str, dict]]) -> tuple[set[str], dict[str, tuple[str, str]]]:
    """The story's full person names, and {a part of one -> (the full name it stands for, why)}: parts are
    the first name and every ending ("Leyen", "von der Leyen" of "Ursula von der Leyen"). A part that
    several names share is the surname of one of them rather than the first name of another ("Vega" of
    "Luis Vega", not of "Vega Ruiz Soto"), else of the one mentioned `DOMINANT` times as often as each
    other. A name never written as a name ("Vega dijo que no es": a caption in another language) takes no
    part: it is no one's full name."""
    counts: Counter = Counter()
    written: set[str] = set()
    for _, m in mentions:
        if m["kind"] == "person" and is_full_name(m["key"]) and not _named_thing(m["key"]):
            counts[m["key"]] += 1
            if _written_as_name(m["name"] or ""):
                written.add(m["key"])
    by_part: dict[str, dict[str, bool]] = defaultdict(dict)      # part -> {full name -> whether it ends it}
    for key in sorted(counts):
        parts = key.split()
        by_part[parts[0]].setdefault(key, False)
        for i in range(1, len(parts)):
            by_part[" ".join(parts[i:])][key] = True
    owner: dict[str, tuple[str, str]] = {}
    for part, names in by_part.items():
        names = {k: ends for k, ends in names.items() if k in written}
        if any(names.values()):
            names = {k: ends for k, ends in names.items() if ends}
        ranked = sorted(names, key=lambda k: (-counts[k], k))
        if len(ranked) == 1:
            owner[part] = (ranked[0], "part of the story's one full name with it")
        elif len(ranked) > 1 and counts[ranked[0]] >= DOMINANT * counts[ranked[1]]:
            owner[part] = (ranked[0], "part of the full name the story gives most often by far")
    return set(counts), owner


def link_actors(store, problems: LinkProblems | None = None) -> int:
    """Rebuild the actors table from every stored mention; returns the number of actors.

    A stored mention that is not well formed is set aside and its article named in `problems`."""
    mentions = list(checked(store, "mention", problems if problems is not None else LinkProblems()))
    # One person's spellings ("Yanis"/"Yannis Varoufakis", "Bob"/"Robert Lighthizer") share one key.
    person_keys = Counter(m["key"] for _, m in mentions if m["kind"] == "person" and m["key"])
    named_keys = {m["key"] for _, m in mentions if _group_of(m) == "named" and m["kind"] != "person" and m["key"]}
    variants = person_variants(person_keys, dict(person_keys), others=named_keys)
    variant = {k: head for k, (head, _) in variants.items()}
    mentions = [(aid, {**m, "key": variant[m["key"]], "joined": f"{variants[m['key']][1]} of one person's name"}
                 if _group_of(m) == "named" and m["key"] in variant else m) for aid, m in mentions]
    full_names, part_owner = _full_names(mentions)
    people: dict[str, dict] = defaultdict(lambda: {"country": None, "titles": set()})
    for _, m in mentions:
        if m["kind"] == "person" and len(m["key"].split()) >= 2:
            p = people[m["key"]]
            p["country"] = p["country"] or m.get("country")
            p["titles"].update(m.get("titles") or ())
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)     # (country, role word) -> people
    for key, p in people.items():
        for title in p["titles"]:
            for word in title.lower().split():
                roles[(p["country"], word)].add(key)
    @functools.lru_cache(maxsize=64)             # mentions come article by article: a few texts at a time
    def text_of(aid: str) -> str:
        return store.article_text(aid)

    same = _short_forms(mentions, _people_apart(mentions, text_of))
    defined = _defined_acronyms(mentions, text_of, same)
    same.update(defined)
    known = _known_as(mentions, text_of, same)
    same.update(known)
    cities: set[str] = set()                    # keys given by the gazetteer of cities
    groups: dict[tuple[str, str], list[tuple[str, dict]]] = defaultdict(list)
    for aid, m in sorted(mentions, key=lambda x: (x[0], x[1]["start"])):
        if m["kind"] == "person" and (country := knowledge.country(m["name"] or "")):
            m = {**m, "kind": "country", "name": country, "key": name_key(country), "titles": []}   # "Greece" said
        key = same.get(m["key"], m["key"]) if _group_of(m) == "named" else m["key"]
        if key != m["key"]:
            m = {**m, "joined": "acronym the text defines" if m["key"] in defined else
                 "other name the text gives" if m["key"] in known else
                 "acronym or start of the story's one longer name"}
        if key not in full_names and key in part_owner and (
                m["kind"] == "person" or _group_of(m) == "named" and not knowledge.country(m["name"])
                and not knowledge.city_country(m["name"])):
            key, why = part_owner[key]              # "Tsipras", whatever the parser called it: Alexis Tsipras
            m = {**m, "joined": why}
        elif _group_of(m) == "named" and (city := knowledge.city_name(
                m["name"], min_population=0 if m["kind"] == "place" else BIG_CITY)) and \
                (m["kind"] != "person" or len(key.split()) == 1 and not m.get("titles")):
            if name_key(city) != key:
                m = {**m, "joined": "another name of the city in the gazetteer"}
            key = name_key(city)                    # "Kiev" and "Kyiv", one city under its gazetteer name
            cities.add(key)
        if m["kind"] == "anonymous" and (person := _role_person(m, roles)):
            m = {**m, "kind": "person", "name": "", "titles": [], "joined": "the story's one person in that office"}
            key = person                            # a description, not a spelling
        groups[(_group_of(m), key)].append((aid, m))
    speakers = {(aid, q["speaker"]) for aid, q in checked(store, "quote", LinkProblems())   # named as the speaker
                if q.get("speaker") and str((q.get("source") or {}).get("text") or "").lower() not in _PRONOUNS}
    actors, links = [], set()
    for (group, key), items in sorted(groups.items()):
        kinds = Counter(m["kind"] for _, m in items)
        kind = max(kinds, key=lambda k: (kinds[k], -_KIND_ORDER.index(k)))
        if group == "named" and len(key.split()) >= 2 and any(
                m["kind"] == "person" and len(name_key(m["name"] or "").split()) >= 2 for _, m in items):
            kind = "person"                    # a person's full name; the parser's "organisation" votes are its slips
        elif group == "named" and key in cities and kind == "person":
            kind = "place"                     # "Kiev" the parser took for a person: the gazetteer knows the city
        if kind == "person":
            others = Counter({k: n for k, n in kinds.items() if k != "person"})
            kind = _person_by_evidence(key, items, speakers, text_of) or \
                max(others, key=lambda k: (others[k], -_KIND_ORDER.index(k)), default=None)
            if kind is None:
                continue                       # a word spaCy took for a name ("a temporary Grexit")
        spellings = Counter(_spaced(m["name"]) for _, m in items if m["kind"] == kind and _spaced(m["name"]))
        if not spellings:
            spellings = Counter(_spaced(m["name"]) or _spaced(m["text"]) for _, m in items)
        name = max(spellings, key=lambda s: (len(name_key(s).split()), spellings[s], s))
        aliases = set()
        joined: dict[str, str] = {}
        name_rule = variants.get(name_key(name), (None, None))[1]     # the chosen spelling joined this key
        for _, m in items:
            for form in (m["text"], m["name"]):
                form = _surface(form)
                if form and form != name:
                    aliases.add(form)
                    why = m.get("joined") or (f"{name_rule} of one person's name" if name_rule and
                                              m["key"] == variants[name_key(name)][0] else None)
                    if why and (form == _surface(m["name"] or "") or m["kind"] == "anonymous"):
                        joined.setdefault(form, why)
        spelled = Counter(t for _, m in items for t in m.get("titles") or [])
        titles = Counter()
        for t, n in spelled.items():            # "Chancellor" and "chancellor" are one title, as most often written
            titles[max((s for s in spelled if s.lower() == t.lower()), key=lambda s: (spelled[s], s))] += n
        countries = Counter(m["country"] for _, m in items if m.get("country"))
        ident = actor_id(kind, key)
        actors.append({
            "id": ident, "name": name, "kind": kind,
            "country": countries.most_common(1)[0][0] if countries else None,
            "aliases": sorted(aliases),
            "titles": sorted(titles, key=lambda t: (-titles[t], t)),
            "joined": {form: joined[form] for form in sorted(joined)},     # why an alias is this actor's
        })
        for aid, m in items:
            links.add((aid, m["local"], ident))
    # One local id can only point at one actor: keep the first in sorted order.
    chosen: dict[tuple[str, str], str] = {}
    for aid, local, ident in sorted(links):
        chosen.setdefault((aid, local), ident)
    store.replace_actors(actors, [(a, l, i) for (a, l), i in sorted(chosen.items())])
    return len(actors)
