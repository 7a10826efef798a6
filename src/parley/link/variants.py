"""One person, many spellings: the name keys of a story that name the same person.

The press writes one name many ways: "Robert Lighthizer", "Bob Lighthizer", "Robert E. Lighthizer",
"Yanis"/"Yannis Varoufakis", "Rohani"/"Rouhani", and a typo in a quoted statement ("Lightizer").
Within one story, two full names are one person when their surnames agree (or differ by one letter, or two
letters swapped, in a long surname: "Hussein"/"Hussien") and their given names agree: the same, an initial of
the other, one letter apart in a long name, or a nickname of the other (the `nicknames` dataset: Bob/Robert,
Steve/Steven). Middle names, initials and particles ("al", "von") are ignored unless both names give different
middle names ("Hamdan"/"Hamdane" are one). A cluster never
holds two given names that plainly differ ("Bill" and "Hillary Clinton" stay apart): a name joins a
cluster it agrees with somewhere and conflicts with nowhere. A lone surname joins the one full name whose surname
it is or misspells by one letter.

`person_variants(keys)` returns {key -> the key it joins, and why}; the caller keeps every spelling
as an alias.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable

from rapidfuzz.distance import OSA      # one letter off, or two letters swapped ("Hussien"/"Hussein")

from .. import knowledge
from ..nlp import stop_words

LONG = 6             # a name part at least this long may differ by one letter (a typo, a transliteration)


@functools.cache
def nickname_tables():
    from nicknames import NickNamer

    return NickNamer()


def _nickname(a: str, b: str) -> bool:
    """One given name is a nickname of the other (Bob/Robert), not two nicknames of one name (Chris/Tina)."""
    nn = nickname_tables()
    return b in nn.nicknames_of(a) or a in nn.nicknames_of(b) or a in nn.canonicals_of(b) or b in nn.canonicals_of(a)


def _undoubled(name: str) -> str:
    return "".join(c for i, c in enumerate(name) if i == 0 or c != name[i - 1])


def _skeleton(name: str) -> str:
    """A given name's consonants in order, vowels and y left out, doubled ones once: what transliterations
    keep ("Petro", "Pyotr": "ptr"; "Yiannis", "Yanis": "ns")."""
    out = ""
    for c in name:
        if c not in "aeiouy" and not out.endswith(c):
            out += c
    return out


def _initial(part: str) -> bool:
    return len(part.rstrip(".")) == 1


def given_names_agree(a: str, b: str, *, surname_is_long: bool = False) -> str | None:
    """Why two given names can be one person's ("same", "initial", "spelling", "nickname", and, with a
    long surname the two share, "transliteration"), or None."""
    a, b = a.rstrip("."), b.rstrip(".")
    if a == b:
        return "same"
    if (len(a) == 1 or len(b) == 1) and a[0] == b[0]:
        return "initial"
    if min(len(a), len(b)) >= 4 and OSA.distance(a, b) <= 1 or _undoubled(a) == _undoubled(b):
        return "spelling"                        # "Yanis"/"Yannis", "Ana"/"Anna"
    if _nickname(a, b):
        return "nickname"
    if surname_is_long and min(len(a), len(b)) >= 4 and len(_skeleton(a)) >= 2 and _skeleton(a) == _skeleton(b):
        return "transliteration"                 # "Pavlo"/"Pavel", "Petro"/"Pyotr", "Oleksandr"/"Aleksandr"
    return None


def _one_off(a: str, b: str, shortest: int) -> bool:
    """Two name parts one letter apart (or two letters swapped), both at least `shortest` long, same initial."""
    return min(len(a), len(b)) >= shortest and a[0] == b[0] and OSA.distance(a, b) <= 1


def surnames_agree(a: str, b: str) -> str | None:
    if a == b:
        return "same"
    if _one_off(a, b, LONG - 2):
        return "spelling"                            # "Ghani"/"Gani", "Rouhani"/"Rohani"
    return None


def _middles_agree(a: list[str], b: list[str]) -> bool:
    """Whether two names' middle parts can be one person's: initials and particles ("Abdel Fattah al-Burhan",
    "Abdel-Fattah Burhan") aside, the same (a long one may be one letter off) or one side's none."""
    full_a = [p for p in a if not _initial(p) and p not in knowledge.NAME_PARTICLES]
    full_b = [p for p in b if not _initial(p) and p not in knowledge.NAME_PARTICLES]
    return not (full_a and full_b) or len(full_a) == len(full_b) and all(   # "Hamdan"/"Hamdane": one letter off
        x == y or _one_off(x, y, LONG - 2) for x, y in zip(full_a, full_b))


def _agree(a: str, b: str) -> str | None:
    """Why two full-name keys can be one person, or None."""
    pa, pb = a.split(), b.split()
    if _fuller(*sorted((pa, pb), key=len)):
        return "fuller name"                        # "Ashraf Ghani" of "Mohammad Ashraf Ghani"
    last = surnames_agree(pa[-1], pb[-1])
    if last is None or not _middles_agree(pa[1:-1], pb[1:-1]):
        return None
    first = given_names_agree(pa[0], pb[0], surname_is_long=last == "same" and len(pa[-1]) >= LONG)
    if first is None or (last == "spelling" and first not in ("same", "initial")):
        return None                                 # one letter off in both names is another person
    return first if last == "same" else "surname spelling"


def _fuller(short: list[str], long_: list[str]) -> bool:
    """Whether `long_` ends with `short`, word for word or one letter off: "Mohammad Ashraf Ghani"/"Ashraf Gani"."""
    if len(short) < 2 or len(long_) <= len(short):
        return False
    return all(x == y or _one_off(x, y, 4) for x, y in zip(short, long_[-len(short):]))


def _conflict(a: str, b: str) -> bool:
    """Whether two full names share a surname but plainly not a given name ("Bill"/"Hillary Clinton")."""
    pa, pb = a.split(), b.split()
    if surnames_agree(pa[-1], pb[-1]) is None or _fuller(*sorted((pa, pb), key=len)):
        return False
    return given_names_agree(pa[0], pb[0], surname_is_long=True) is None or not _middles_agree(pa[1:-1], pb[1:-1])


def _name_like(key: str) -> bool:
    """Words only, none of them a common word: "yiannis varoufakis", not "these 7 yanis varoufakis"."""
    stop = stop_words()
    return all(w.isalpha() and w not in stop for w in key.split())


def is_full_name(key: str) -> bool:
    """A given name and a surname at least: "ursula von der leyen", not "von der leyen" or "leyen"."""
    parts = key.split()
    return len(parts) >= 2 and parts[0] not in knowledge.NAME_PARTICLES


def person_variants(keys: Iterable[str], counts: dict[str, int] | None = None, *,
                    others: Iterable[str] = ()) -> dict[str, tuple[str, str]]:
    """{person name key -> (the key it joins, the rule that joined it)} for the story's person keys.

    Full names (two parts or more) are clustered; each cluster joins its most frequent key (by
    `counts`, then the fullest, then the first in order). A one-part key joins the one cluster
    whose surname it is or misspells. `others` are keys of names the parser did not call people
    ("Yiannis Varoufakis" as an organisation): they join a cluster of people's names that they
    agree with, and never make one of their own."""
    counts = counts or {}
    persons = set(keys)
    keys = sorted(persons | {k for k in others if is_full_name(k) and _name_like(k)})
    # people's names first, the most written first: a cluster grows from a real name, not from a slip
    full = sorted((k for k in keys if is_full_name(k)), key=lambda k: (k not in persons, -counts.get(k, 0), k))
    clusters: list[list[str]] = []
    # surnames that agree share their first letter, and their lengths differ by one letter at most (the
    # same, one letter off, or the same word ending a fuller name): a cluster whose surnames are all
    # longer or shorter than that cannot take the name, and is passed over without comparing names
    by_surname: dict[tuple[str, int], set[int]] = {}      # (first letter, length) -> clusters, by number
    why: dict[str, str] = {}
    for k in full:
        surname = k.split()[-1]
        near = sorted({n for d in (-1, 0, 1) for n in by_surname.get((surname[0], len(surname) + d), ())})
        for n in near:                                    # in the order the clusters were made
            cluster = clusters[n]
            reasons = [r for other in cluster if (r := _agree(k, other))]
            if reasons and not any(_conflict(k, other) for other in cluster):
                cluster.append(k)
                why[k] = reasons[0]
                break
        else:
            n = len(clusters)
            clusters.append([k])
        by_surname.setdefault((surname[0], len(surname)), set()).add(n)
    out: dict[str, tuple[str, str]] = {}
    heads: list[tuple[str, list[str]]] = []
    clusters = [c for c in clusters if any(k in persons for k in c)]
    for cluster in clusters:
        head = max(cluster, key=lambda k: (k in persons, counts.get(k, 0), len(k.split()), -keys.index(k)))
        heads.append((head, cluster))
        for k in cluster:
            if k != head:
                out[k] = (head, why.get(k) or why.get(head) or "same")
    ending: dict[str, set[str]] = {}                 # a surname -> the heads of the clusters that end with it
    by_initial: dict[str, list[tuple[str, list[str]]]] = {}
    for head, cluster in heads:
        for c in cluster:
            ending.setdefault(c.split()[-1], set()).add(head)
        by_initial.setdefault(cluster[0].split()[-1][0], []).append((head, cluster))
    for k in sorted(persons):
        if is_full_name(k):
            continue
        if " " in k:                                 # "von der leyen"
            exact = {head for head, cluster in heads if any(c.endswith(" " + k) for c in cluster)}
        else:
            exact = ending.get(k, set())
        if exact:
            continue                                 # the caller joins exact surnames already
        near = {head for head, cluster in by_initial.get(k[0], ())
                if any(surnames_agree(c.split()[-1], k) for c in cluster)}
        if len(near) == 1:
            out[k] = (next(iter(near)), "surname spelling")
    return out
