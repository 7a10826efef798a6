"""`parley timeline`: the story by day, with status marks, actors, place and sources (outlet and date)."""
from __future__ import annotations

from collections.abc import Iterable

from .outlet import outlet_name
from .story import STATUS_MARK, Story


def timeline_rows(story: Story, *, actor: str | None = None, start: str | None = None,
                  end: str | None = None) -> list[dict]:
    """The dated events of the story in date order, filtered by actor name and date range."""
    rows = []
    for e in story.record["events"]:
        when = e["when"] or ""
        if not when[:4].isdigit():
            continue
        day = when[:10]
        if start and day < start or end and day[: len(end)] > end:
            continue
        if actor and not any(story.matches_actor(a, actor) for a in e["actors"]):
            continue
        named = set()                          # each source by its outlet and date: "Reuters (2015-12-05)"
        for s in e["sources"]:
            a = story.articles.get(s["article"])
            if a is not None:
                named.add((a.get("published") or "", outlet_name(a, s["article"][:8])))
        files = [f"{name} ({day})" if day else name for day, name in sorted(named)]
        rows.append({"when": when, "status": e["status"], "mark": STATUS_MARK.get(e["status"], " "),
                     "event": e.get("label") or e["text"], "type": e["type"], "actors": [story.name(a) for a in e["actors"]],
                     "where": story.name(e["where"]), "sources": files, "id": e["id"],
                     "moved": len({h["when"] for h in e.get("history", [])}) > 1,
                     "background": bool(e.get("background")), "salience": e.get("salience") or 0})
    rows.sort(key=lambda r: (r["when"], r["id"]))
    return rows


def plain(rows: Iterable[dict]) -> str:
    """The timeline as plain text, one event a line, grouped by day."""
    out, last = [], None
    for r in rows:
        day = r["when"][:10]
        if day != last:
            out.append(f"\n{day}")
            last = day
        time = r["when"][10:] if len(r["when"]) > 10 else ""
        who = ", ".join(x for x in r["actors"] if x)
        where = f" in {r['where']}" if r["where"] else ""
        moved = " (moved)" if r["moved"] else ""
        moved += " (background)" if r.get("background") else ""
        out.append(f"  {r['mark']} {r['status']:9} {time:6} {r['event']}{where}{moved}"
                   + (f" - {who}" if who else "") + f"  [{'; '.join(r['sources'])}]")
    return "\n".join(out).lstrip("\n") + "\n" if out else "no dated events\n"


def rich_table(rows: list[dict]):
    """The timeline as a rich Table for a terminal."""
    from rich.markup import escape
    from rich.table import Table

    colours = {"happened": "green", "ongoing": "green", "planned": "cyan", "expected": "cyan",
               "possible": "yellow", "cancelled": "red", "negated": "magenta"}
    table = Table(title="Story timeline", show_lines=False)
    for col in ("when", "", "event", "actors", "where", "sources"):
        table.add_column(col)
    for r in rows:
        c = colours.get(r["status"], "white")
        table.add_row(escape(r["when"]), f"[{c}]{r['mark']} {r['status']}[/{c}]",
                      escape(r["event"] + (" (moved)" if r["moved"] else "")       # article words are never markup
                             + (" (background)" if r.get("background") else "")),
                      escape(", ".join(x for x in r["actors"] if x)), escape(r["where"]),
                      escape("; ".join(r["sources"])))
    return table
