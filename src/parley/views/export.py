"""The JSON export of a story (version 1 of ../shared/design/export-contract.md).

Built only from the store; sorted, so the same store gives byte-identical output.
"""
from __future__ import annotations

import hashlib
from collections import Counter
import json
import re
from typing import Any

from ..extract.time import parse_iso
from ..link.copies import find_copies
from ..link.window import Window, story_window
from ..link.records import LinkProblems, checked
from .outlet import outlet_of

EXPORT_VERSION = 1


def record_id(prefix: str, *parts: object) -> str:
    return prefix + "-" + hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:12]


def _articles(store) -> list[dict[str, Any]]:
    rows = store.articles(texts=False)                  # a view never reads every text
    unlinked: dict[str, list[dict]] = {}
    for p in store.link_problems():
        unlinked.setdefault(p["article"], []).append({"layer": p["layer"], "reason": p["reason"]})
    copies = store.copies(store.link_state())           # the same text under another URL, found when linked
    if copies is None:                                  # a store not linked since it changed (read-only, older)
        copies = find_copies(store.articles(status="ok"))
    out = [{
        "id": a["id"], "title": a["title"], "url": a["url"], "file": a["file"], "published": a["published"],
        "language": a["language"], "status": a["status"], "reason": a["reason"],
        "source": a["source"], "published_by": a["published_by"], "link_problems": unlinked.get(a["id"], []),
        "outlet": outlet_of(a["url"], a["file"], a.get("site_name")), "copy_of": copies.get(a["id"]),
        "background": False,
    } for a in rows]
    stored = {a["source"] for a in rows}
    for p in store.problems():
        if p["source"] in stored:
            continue
        out.append({
            "id": record_id("problem", p["source"]), "title": "", "url": p["url"], "file": p["file"],
            "published": None, "language": "und", "status": p["status"], "reason": p["reason"],
            "source": p["source"], "published_by": None, "link_problems": [], "copy_of": None, "background": False,
            "outlet": outlet_of(p["url"], p["file"], p.get("site_name")),
        })
    return sorted(out, key=lambda a: (a["status"] != "ok", a["published"] or "", a["file"] or "", a["id"]))


def build_export(store) -> dict[str, Any]:
    """The story record as a dict with the contract's keys."""
    links = store.actor_links()
    actors = [{
        "id": a["id"], "name": a["name"], "kind": a["kind"], "aliases": a["aliases"], "titles": a["titles"],
        "country": a["country"], "joined": a.get("joined") or {},
    } for a in store.actors()]
    actors.sort(key=lambda a: (a["kind"], a["name"], a["id"]))
    quotes = []
    for article_id, q in checked(store, "quote", LinkProblems()):     # bad ones: named by the link stage
        speaker = links.get((article_id, q["speaker"])) if q.get("speaker") else None
        source = q.get("source") or {}
        cue = q.get("cue") or {}
        quotes.append({
            "id": record_id("quote", article_id, q["start"], q["end"], q["kind"]),
            "speaker": speaker, "speaker_text": (source.get("text") or "").rstrip(" ,"),   # (an apposition's comma)
            "text": q["text"], "kind": q["kind"],
            "cue": cue.get("text"), "when": q.get("when"), "article": article_id, "start": q["start"], "end": q["end"],
        })
    quotes.sort(key=lambda q: (q["article"], q["start"], q["end"], q["id"]))
    events = [{
        "id": e["id"], "type": e["type"], "text": e["text"], "actors": e["actors"], "where": e["where"],
        "when": e["when"], "status": e["status"], "sources": e["sources"],
        "history": [{k: h[k] for k in ("status", "when", "article")} for h in e["history"]],
    } for e in store.events()]
    events.sort(key=lambda e: (e["when"] or "", e["id"]))
    articles = _articles(store)
    window = _mark_background(articles, events, quotes)
    _salience(actors, links, articles, events, quotes)
    leads = _propositions(store, events, actors, {a["id"]: a.get("copy_of") or a["id"] for a in articles})
    _event_salience(events, actors, leads)
    from ..link.positions import link_positions

    return {"version": EXPORT_VERSION, "window": window.as_dict() if window else None, "articles": articles,
            "actors": actors, "events": events, "quotes": quotes, "positions": link_positions(store)}


def _salience(actors: list[dict], links: dict[tuple[str, str], str], articles: list[dict], events: list[dict],
              quotes: list[dict]) -> None:
    """Each actor's `salience`: the independent articles that name it (a copy counts with its original; an
    article on the story's background counts half), plus half a point for each quote it gives and a quarter
    for each event it takes part in. The story's parties and people come first; names met once in one
    article trail."""
    original = {a["id"]: a["copy_of"] or a["id"] for a in articles}
    behind = {a["id"] for a in articles if a.get("background")}
    named: dict[str, set[str]] = {}
    for (article, _), actor in links.items():
        named.setdefault(actor, set()).add(original.get(article, article))
    spoke = Counter(q["speaker"] for q in quotes if q["speaker"])
    acted = Counter(a for e in events for a in set(e["actors"]))
    for a in actors:
        arts = named.get(a["id"], set())
        score = sum(0.5 if art in behind else 1.0 for art in arts) + 0.5 * spoke[a["id"]] + 0.25 * acted[a["id"]]
        a["salience"] = round(score, 2)


_PRONOUN_AGENTS = {"he", "she", "they", "it", "we", "i", "who"}
MAX_LABEL_WORDS = 18


def _propositions(store, events: list[dict], actors: list[dict], original: dict[str, str]) -> dict[str, int]:
    """Each event's `label` (the proposition a person reads, from the best-phrased of its mentions: one
    that says what the event's status says, in the report's words rather than a quotation's, with an
    agent, the fullest within `MAX_LABEL_WORDS`) and
    `arguments` (`agent`: the event's actors named in the agent's words; `theme`: the words of what is
    done; `actors`: every actor in it) and `evidence` (the article, the sentence the label is taken from with
    its offset, and the mention's offsets).
    Returns, per event, how many independent sources report it in their headline or lead."""
    said: dict[tuple[str, int, int], dict] = {}
    for article_id, m in checked(store, "event", LinkProblems()):
        said[(article_id, m["start"], m["end"])] = m
    names = {a["id"]: [a["name"], *a["aliases"]] for a in actors}
    leads: dict[str, int] = {}
    for e in events:
        options = [{**said[k], "article": s["article"]} for s in e["sources"]
                   if (k := (s["article"], s["start"], s["end"])) in said]
        leads[e["id"]] = len({original.get(s["article"], s["article"]) for s in e["sources"]
                              if _in_lead(said.get((s["article"], s["start"], s["end"])))})
        options = [{**m, "agent": m.get("agent") if isinstance(m.get("agent"), str) else None,
                    "theme": m.get("theme") if isinstance(m.get("theme"), str) else None}
                   for m in options if isinstance(m.get("label"), str) and m["label"]]
        best = max(options, key=lambda m: (m.get("status") == e["status"], not _quoted(m), bool(m.get("agent")),
                                           min(len(m["label"].split()), MAX_LABEL_WORDS)
                                           - max(0, len(m["label"].split()) - MAX_LABEL_WORDS), m["label"]),
                   default=None)
        label, agent_words, theme = (best["label"], best.get("agent"), best.get("theme")) if best else (e["text"], None, None)
        agents = [a for a in e["actors"] if agent_words and any(
            n and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", agent_words, re.IGNORECASE) for n in names.get(a, []))]
        if agent_words and agent_words.lower() in _PRONOUN_AGENTS and label.startswith(agent_words):
            label = label[len(agent_words):].strip()      # "he had cancelled ...": no guess at who "he" is
        words = label.split()
        e["label"] = " ".join(words[:MAX_LABEL_WORDS]) + (" ..." if len(words) > MAX_LABEL_WORDS else "")
        e["arguments"] = {"agent": agents, "theme": theme, "actors": list(e["actors"])}
        sentence = (best or {}).get("sentence")
        e["evidence"] = {"article": best["article"], "sentence": sentence["text"], "sentence_start": sentence["start"],
                         "start": best["start"], "end": best["end"]} \
            if best and isinstance(sentence, dict) and isinstance(sentence.get("text"), str) \
            and isinstance(sentence.get("start"), int) else None
    return leads


_QUOTE_MARKS = re.compile("[\"\u201c\u201d]")


def _quoted(mention: dict) -> bool:
    """Whether a mention's trigger sits inside quotation marks in its sentence (someone's words, not the
    report's): an odd number of marks before it."""
    sentence = mention.get("sentence")
    if not isinstance(sentence, dict) or not isinstance(sentence.get("text"), str) \
            or not isinstance(sentence.get("start"), int) or not isinstance(mention.get("start"), int):
        return False
    before = sentence["text"][:max(0, mention["start"] - sentence["start"])]
    return len(_QUOTE_MARKS.findall(before)) % 2 == 1


def _in_lead(mention: dict | None) -> bool:
    sentence = (mention or {}).get("sentence")
    return isinstance(sentence, dict) and isinstance(sentence.get("start"), int) and sentence["start"] < LEAD_CHARS


LEAD_CHARS = 300         # a mention in a sentence that starts this near the top is in the headline or the lead


def _event_salience(events: list[dict], actors: list[dict], leads: dict[str, int]) -> None:
    """Each event's `salience`: its independent sources, plus those that report it in their headline or lead
    (`leads`: the news of the day, not the background a story repeats), plus one if it involves one of the
    story's ten most salient actors, plus one if it lies in the story's days (not background)."""
    main = {a["id"] for a in sorted(actors, key=lambda a: -a.get("salience", 0))[:10]}
    for e in events:
        e["salience"] = round(e.get("independent_sources", len(e["sources"])) + leads.get(e["id"], 0)
                              + (1.0 if main & set(e["actors"]) else 0.0) + (0.0 if e.get("background") else 1.0), 2)


def _mark_background(articles: list[dict], events: list[dict], quotes: list[dict]) -> Window | None:
    """The story's window (`parley.link.window`) from its dated originals; every article, event and quote
    marked `background` when it lies outside, and every event given its `independent_sources` (a
    copy of another article counts once, with its original)."""
    days = [d for a in articles if a["status"] == "ok" and not a["copy_of"] and (d := parse_iso(a["published"]))]
    window = story_window(days)
    original = {a["id"]: a["copy_of"] or a["id"] for a in articles}
    if window:
        for a in articles:
            day = parse_iso(a["published"])
            a["background"] = bool(day and a["status"] == "ok" and not window.holds_day(day))
    behind = {a["id"] for a in articles if a["background"]}
    for e in events:
        sources = {s["article"] for s in e["sources"]}
        e["independent_sources"] = len({original.get(s, s) for s in sources})
        if e["when"]:
            e["background"] = bool(window) and not window.holds_when(e["when"])
        else:
            e["background"] = bool(sources) and sources <= behind
    for q in quotes:
        q["background"] = q["article"] in behind or (bool(window and q["when"]) and not window.holds_when(q["when"]))
    return window


def to_json(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
