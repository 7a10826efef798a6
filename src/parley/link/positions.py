"""Positions across articles: each party's stance on each issue, and how it moved.

Statements are grouped by (party, issue key); a person or unnamed source with a known country
speaks for that country. Each group's history lists its statements oldest first (by the
article's date), so "refuses" in March and "accepts" in May shows the move; `stance` is the
newest. `clashes_with` lists the parties whose newest stance on the issue opposes this one
(a demand against a refusal), `meets` those whose stance answers it (a demand accepted).
"""
from __future__ import annotations

import hashlib
from collections import defaultdict

from .records import LinkProblems, checked

_OPPOSED = {("demands", "refuses"), ("offers", "refuses"), ("refuses", "demands"), ("refuses", "offers")}
_MEET = {("demands", "accepts"), ("offers", "accepts"), ("accepts", "demands"), ("accepts", "offers"),
         ("demands", "concedes"), ("concedes", "demands"), ("accepts", "accepts")}


def position_id(party: str | None, key: str) -> str:
    return "position-" + hashlib.sha1(f"{party}:{key}".encode()).hexdigest()[:12]


_DROP_FIRST = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my",
               "your", "any", "some", "another", "further", "more", "far", "greater", "new", "fresh", "immediate",
               "all", "every", "such", "of"}
_ADVERBS = {"immediately", "quickly", "swiftly", "eventually", "finally", "gradually", "fully", "partly", "partially",
            "also", "only", "jointly", "unilaterally", "significantly", "substantially", "largely", "mainly",
            "urgently", "formally", "publicly", "firmly", "strongly", "again", "still", "even"}
_LIGHT_FIRST = {"idea", "resumption", "lifting", "easing", "removal", "end", "kind", "type", "issue", "question",
                "prospect", "possibility", "plan", "need"}
_STOP_AT = {"to", "by", "for", "with", "that", "which", "who", "if", "because", "until", "after", "before",
            "while", "as", "under", "from", "and", "or", "but", "so", "in", "on", "at", "would", "will", "can",
            "could", "should", "may", "might", "must", "is", "are", "was", "were", "has", "have", "had", "be"}
ISSUE_WORDS = 5


def _phrase(wording: str) -> str:
    """A wording as a short noun phrase: no determiners or possessives in front, no light noun ("the idea
    of a Grexit" -> "Grexit"), cut before a clause or a second phrase, at most `ISSUE_WORDS` words."""
    words = [w.strip("\"\u201c\u201d()[],.;:") for w in wording.split()]
    words = [w for w in words if w]
    while words and (words[0].lower() in _DROP_FIRST | _ADVERBS or words[0].lower().endswith(("'s", "\u2019s"))):
        words.pop(0)
    if len(words) > 2 and words[0].lower() in _LIGHT_FIRST and words[1].lower() == "of":
        return _phrase(" ".join(words[2:]))
    out: list[str] = []
    for w in words:
        if out and (w.lower() in _STOP_AT or len(out) >= ISSUE_WORDS):
            break
        if w.lower().endswith(("'s", "\u2019s")) or w.lower() in _DROP_FIRST - {"of"}:
            continue
        out.append(w)
    return " ".join(out)


def issue_label(wordings: list[str], key: str) -> str:
    """What an issue reads as: the phrase its statements most often come down to that names the issue's key
    ("extension of bailout", "debt relief"); the key itself where none does."""
    from collections import Counter

    phrases = Counter(p for w in wordings if (p := _phrase(w)) and key.lower()[:5] in p.lower())
    if not phrases:
        return key
    return min(phrases, key=lambda p: (-phrases[p], len(p.split()), p))


def link_positions(store, problems: LinkProblems | None = None) -> list[dict]:
    """The story's positions, sorted by issue then party, each with its history; a stored statement
    that is not well formed is set aside and its article named in `problems`."""
    published = {a["id"]: a["published"] for a in store.articles(status="ok", texts=False)}
    links = store.actor_links()
    actors = {a["id"]: a for a in store.actors()}
    countries = {a["name"]: a["id"] for a in actors.values() if a["kind"] == "country"}
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for article_id, p in checked(store, "position", problems if problems is not None else LinkProblems()):
        party = links.get((article_id, p["party"])) if p.get("party") else None
        speaker = links.get((article_id, p["speaker"])) if p.get("speaker") else None
        actor = actors.get(party or "")
        if actor and actor["kind"] in ("person", "anonymous") and actor.get("country") in countries:
            speaker, party = speaker or party, countries[actor["country"]]     # a spokesperson speaks for a side
        if party is None:
            continue
        groups[(party, p["issue_key"])].append({
            "stance": p["stance"], "issue": p["issue"], "when": p.get("when") or published.get(article_id),
            "article": article_id, "start": p["start"], "end": p["end"], "issue_start": p["issue_start"],
            "issue_end": p["issue_end"], "speaker": speaker, "published": published.get(article_id) or "",
        })
    out = []
    for (party, key), items in groups.items():
        items.sort(key=lambda x: (x["published"], x["article"], x["start"]))
        out.append({
            "id": position_id(party, key), "party": party, "issue": key,
            "issue_label": issue_label([x["issue"] for x in items], key),
            "wordings": sorted({x["issue"] for x in items}, key=lambda w: (len(w), w))[:5],
            "stance": items[-1]["stance"], "when": items[-1]["when"],
            "history": [{k: x[k] for k in ("stance", "when", "issue", "speaker", "article", "start", "end")}
                        for x in items],
        })
    out.sort(key=lambda p: (p["issue"], p["party"], p["id"]))
    by_issue: dict[str, list[dict]] = defaultdict(list)
    for p in out:
        by_issue[p["issue"]].append(p)
    for p in out:
        others = [q for q in by_issue[p["issue"]] if q is not p and q["party"] != p["party"]]
        p["clashes_with"] = sorted({q["party"] for q in others if (p["stance"], q["stance"]) in _OPPOSED})
        p["meets"] = sorted({q["party"] for q in others if (p["stance"], q["stance"]) in _MEET})
    return out
