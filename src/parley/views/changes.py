"""`parley changes`: what is new or different since a date or since the previous ingest.

New events, status changes (planned -> cancelled) and moves (a new date), new quotes and
new or changed positions, each with the article it comes from: what a journalist reads
each morning. "New" means "from an article published on or after the date" (`--since`), or
"from an article the latest ingest added" (`--since-last`).
"""
from __future__ import annotations

from .outlet import source_label
from .story import Story


def changes(story: Story, *, new_articles: set[str]) -> dict[str, list[dict]]:
    """The story's changes coming from `new_articles`, by kind."""
    out: dict[str, list[dict]] = {"new events": [], "status changes": [], "new quotes": [], "positions": []}

    def source(article: str) -> str:                  # "Reuters (2015-12-05)"
        return source_label(story.articles.get(article, {}), article[:8], undated="undated")

    for e in story.record["events"]:
        arts = [s["article"] for s in e["sources"]]
        if not any(a in new_articles for a in arts):
            continue
        if all(a in new_articles for a in arts):
            if e["actors"] or e["status"] in ("cancelled", "planned") or len(arts) > 1:
                out["new events"].append({"when": e["when"], "text": e.get("label") or e["text"], "status": e["status"],
                                          "source": source(arts[-1])})
            continue
        history = e.get("history", [])
        for before, after in zip(history, history[1:]):
            if after["article"] in new_articles and (before["status"], before["when"]) != (after["status"], after["when"]):
                what = (f"{before['status']} -> {after['status']}" if before["status"] != after["status"]
                        else f"moved {before['when']} -> {after['when']}")
                out["status changes"].append({"when": after["when"], "text": e.get("label") or e["text"], "change": what,
                                              "source": source(after["article"])})
    for q in story.record["quotes"]:
        if q["article"] in new_articles and q["kind"] in ("direct", "indirect"):
            out["new quotes"].append({"speaker": story.name(q["speaker"]) or q["speaker_text"], "text": q["text"],
                                      "kind": q["kind"], "source": source(q["article"])})
    for p in story.record.get("positions", []):
        steps = p["history"]
        for i, h in enumerate(steps):
            if h["article"] not in new_articles:
                continue
            earlier = [x for x in steps[:i] if x["article"] not in new_articles]
            change = (f"{earlier[-1]['stance']} -> {h['stance']}" if earlier and earlier[-1]["stance"] != h["stance"]
                      else h["stance"] if not earlier else None)
            if change:
                out["positions"].append({"party": story.name(p["party"]), "issue": p["issue"], "change": change,
                                         "source": source(h["article"])})
    return out


def since(story: Story, date: str) -> set[str]:
    """Articles published on or after `date`."""
    return {a["id"] for a in story.record["articles"] if a["status"] == "ok" and (a["published"] or "") >= date}


def plain(found: dict[str, list[dict]]) -> str:
    lines = []
    for kind, items in found.items():
        lines.append(f"{kind} ({len(items)})")
        for x in items:
            if kind == "new events":
                lines.append(f"  {x['when'] or 'undated'}  {x['status']:9} {x['text']}  [{x['source']}]")
            elif kind == "status changes":
                lines.append(f"  {x['when'] or 'undated'}  {x['text']}: {x['change']}  [{x['source']}]")
            elif kind == "new quotes":
                lines.append(f"  {x['speaker'] or '(unknown)'}: \"{x['text'][:100]}\"  [{x['source']}]")
            else:
                lines.append(f"  {x['party']} on {x['issue']}: {x['change']}  [{x['source']}]")
    return "\n".join(lines) + "\n"
