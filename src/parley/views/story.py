"""The story as the views see it: the export record plus lookups (names, articles, sentences)."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from ..link.records import LinkProblems, checked
from .export import build_export

STATUS_MARK = {"happened": "✓", "ongoing": "~", "planned": "…", "expected": "?", "possible": "?",
               "cancelled": "✗", "negated": "¬"}


@dataclass
class Story:
    record: dict[str, Any]
    texts: dict[str, str]                                   # article id -> cleaned text
    sentences: dict[str, list[tuple[int, int]]]             # article id -> sentence spans, in order
    actors: dict[str, dict] = field(init=False)
    articles: dict[str, dict] = field(init=False)

    def __post_init__(self) -> None:
        self.actors = {a["id"]: a for a in self.record["actors"]}
        self.articles = {a["id"]: a for a in self.record["articles"]}

    def name(self, actor_id: str | None) -> str:
        return self.actors[actor_id]["name"] if actor_id in self.actors else ""

    def sentence(self, article: str, start: int, end: int) -> str:
        """The sentence (or sentences) holding [start, end) of an article: the evidence to show."""
        spans = self.sentences.get(article) or []
        text = self.texts.get(article, "")
        if not spans:
            return text[start:end]
        starts = [s for s, _ in spans]
        i = max(0, bisect.bisect_right(starts, start) - 1)
        j = max(i, bisect.bisect_right(starts, max(start, end - 1)) - 1)
        return " ".join(text[spans[i][0]:spans[j][1]].split())

    def matches_actor(self, actor_id: str, query: str) -> bool:
        a = self.actors.get(actor_id)
        q = query.lower()
        return bool(a) and (q in a["name"].lower() or any(q == x.lower() for x in a["aliases"]))


def load_story(store) -> Story:
    record = build_export(store)
    texts, sentences = {}, {}
    for a in record["articles"]:
        if a["status"] == "ok":
            row = store.article(a["id"])
            texts[a["id"]] = row["text"] if row else ""
    for article_id, s in checked(store, "sentence", LinkProblems()):   # bad ones: named by the link stage
        sentences.setdefault(article_id, []).append((s["start"], s["end"]))
    return Story(record=record, texts=texts, sentences=sentences)
