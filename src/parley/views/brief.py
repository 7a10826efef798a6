"""`parley brief`: a briefing of the story in Markdown or HTML, every statement footnoted.

Sections: the parties and their people; what happened; what is planned; what was called off
or moved; each party's positions and how they moved; key quotes by speaker. Each statement
carries a footnote naming the article (its outlet, date and title) and quoting the sentence it rests on.
"""
from __future__ import annotations

import datetime as dt

import html
import re
from collections import Counter, defaultdict

from ..extract.time import PARTS_OF_DAY
from ..link.window import PERIOD
from .chart import timeline_svg
from .links import safe_url
from .outlet import outlet_name
from .story import Story
from .timeline import timeline_rows

_PLANNED = {"planned", "expected", "possible"}
_ARROW = " \u2192 "       # "planned → cancelled": a character, not markup to escape
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|^])")
_MD_ESCAPED = re.compile(r"\\([\\`*_\[\]<>#|^])")


def _md(text: object) -> str:
    """Article words as Markdown text: their *, [, <, ... are characters, never markup or footnotes."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text or "").split()))


class _Notes:
    """Footnotes: one per (article, sentence), numbered in order of first use."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.keys: dict[tuple[str, str], int] = {}

    def cite(self, article: str, start: int, end: int) -> int:
        sentence = self.story.sentence(article, start, end)
        key = (article, sentence)
        if key not in self.keys:
            self.keys[key] = len(self.keys) + 1
        return self.keys[key]

    def items(self) -> list[tuple[int, str, str, str]]:
        """(number, article title, date, sentence) of each footnote, in order."""
        return [(n, title, date, sentence) for n, _, title, date, sentence in self.sources()]

    def outlet(self, article: str) -> str:
        """The outlet an article came from ("Reuters"; the input file's name when nothing better is known)."""
        return outlet_name(self.story.articles.get(article), article[:8])

    def sources(self) -> list[tuple[int, str, str, str, str]]:
        """(number, article id, article title, date, sentence) of each footnote, in order."""
        out = []
        for (article, sentence), n in sorted(self.keys.items(), key=lambda kv: kv[1]):
            a = self.story.articles.get(article, {})
            out.append((n, article, a.get("title") or article, a.get("published") or "undated", sentence))
        return out


_PEOPLE_PER_SIDE = 8     # the most salient people of each side; the rest are counted
_EVENTS_PER_SECTION = 30  # the most salient events of each section, shown in the order of days


def _sections(story: Story) -> tuple[str, list[tuple[str, list[str]]], _Notes]:
    """(title, [(heading, [markdown lines])], notes): the briefing's content, format-neutral."""
    notes = _Notes(story)
    rec = story.record
    ok = [a for a in rec["articles"] if a["status"] == "ok"]
    dates = sorted(a["published"] for a in ok if a["published"])
    window = rec.get("window")
    behind = sum(1 for a in ok if a.get("background"))
    if window:                                    # the story's days; what lies outside them is background
        title = f"Briefing: {len(ok)} articles, {window['start']} to {window['end']}" + \
            (f" ({behind} on its background)" if behind else "")
    else:
        title = f"Briefing: {len(ok)} articles" + (f", {dates[0]} to {dates[-1]}" if dates else "")
    sections: list[tuple[str, list[str]]] = [("The story", _story_paragraph(rec, notes))]

    sides: dict[str, list[dict]] = defaultdict(list)
    for a in rec["actors"]:
        if a["kind"] == "person":
            sides[a["country"] or "Other"].append(a)

    def person(a: dict) -> str:
        return _md(a["name"]) + (f" ({_md(', '.join(a['titles'][:2]))})" if a["titles"] else "")

    def weight(people: list[dict]) -> float:
        return sum(a.get("salience", 0) for a in people)

    parties = []
    for side, people in sorted(sides.items(), key=lambda kv: (kv[0] == "Other", -weight(kv[1]), kv[0])):
        people = sorted(people, key=lambda a: (-a.get("salience", 0), a["name"]))
        shown = [p for p in people if p.get("salience", 1) >= 1][:_PEOPLE_PER_SIDE] or people[:1]
        more = len(people) - len(shown)
        parties.append(f"- **{_md(side)}**: {', '.join(person(p) for p in shown)}" + (f" and {more} more" if more else ""))
    sections.append(("Parties and their people", parties or ["- none named"]))

    def event_line(e: dict) -> str:
        src = e["sources"][-1]
        n = notes.cite(src["article"], src["start"], src["end"])
        where = f" in {_md(story.name(e['where']))}" if e["where"] and story.name(e["where"]) not in e.get("label", "") \
            else ""
        return f"- {_md(_when(e['when']))}: {_md(e.get('label') or e['text'])}{where}" + f" [^{n}]"

    dated = sorted((e for e in rec["events"] if e["when"]), key=lambda e: (e["when"], e["id"]))
    background = [e for e in dated if e.get("background")]
    dated = [e for e in dated if not e.get("background")]
    def key_ones(found: list[dict]) -> list[dict]:        # the most salient, then in the order of days
        top = sorted(found, key=lambda e: (-e.get("salience", 0), e["when"], e["id"]))[:_EVENTS_PER_SECTION]
        return sorted(top, key=lambda e: (e["when"], e["id"]))

    happened = [e for e in dated if e["status"] in ("happened", "ongoing")
                and (e.get("independent_sources", len(e["sources"])) > 1 or e["actors"])]
    sections.append(("What happened", [event_line(e) for e in key_ones(happened)] or ["- nothing dated"]))
    sections.append(("What is planned", [event_line(e) for e in key_ones([e for e in dated if e["status"] in _PLANNED])]
                     or ["- nothing"]))
    off = []
    for e in rec["events"]:
        moves = [h for h in e.get("history", []) if h["when"]]
        moved = len({h["when"][:10] for h in moves}) > 1
        if e["status"] == "cancelled" or moved:
            steps: list[str] = []
            for h in e.get("history", []):
                step = f"{h['status']} {_when(h['when']) if h['when'] else ''}".strip()
                if not steps or steps[-1] != step:
                    steps.append(step)
            src = e["sources"][-1]
            path = _ARROW.join(_md(x) for x in steps)
            off.append((e["when"] or "", f"- {_md(_when(e['when']))}: {_md(e.get('label') or e['text'])}: "
                        f"{path} [^{notes.cite(src['article'], src['start'], src['end'])}]"))
    sections.append(("Called off or moved", [line for _, line in sorted(off)] or ["- nothing"]))
    if background:
        sections.append(("Background (outside the story's days)",
                         [event_line(e) for e in background if e["actors"] or e["status"] == "happened"][:15]
                         or ["- nothing"]))

    by_party: dict[str, list[str]] = defaultdict(list)
    for p in rec.get("positions", []):
        steps = _ARROW.join(f"{h['stance']} ({h['when'] or '?'})" for h in p["history"])
        last = p["history"][-1]
        n = notes.cite(last["article"], last["start"], last["end"])
        by_party[story.name(p["party"])].append(f"  - {_md(p.get('issue_label') or p['issue'])}: "
                                                f"{_md(steps)} [^{n}]")
    positions = []
    for party in sorted(by_party):
        positions.append(f"- **{_md(party)}**")
        positions.extend(by_party[party][:12])
    sections.append(("Positions", positions or ["- none found"]))

    speakers = Counter(q["speaker"] for q in rec["quotes"] if q["speaker"] and q["kind"] == "direct")
    quotes = []
    for speaker, _ in speakers.most_common(8):
        chosen: list[dict] = []
        for q in (q for q in rec["quotes"] if q["speaker"] == speaker and q["kind"] == "direct"):
            if len(chosen) < 2 and not any(_same_point(q["text"], c["text"]) for c in chosen):
                chosen.append(q)                  # one per point: copies and near-copies of a quote once
        for q in chosen:
            n = notes.cite(q["article"], q["start"], q["end"])
            quotes.append(f"- **{_md(story.name(speaker))}**: \"{_md(q['text'].strip().rstrip(',').rstrip())}\" [^{n}]")
    sections.append(("Key quotes", quotes or ["- none"]))
    return title, sections, notes


_REFERENCES = {"PAST_REF": "in the past", "PRESENT_REF": "now", "FUTURE_REF": "in the future"}
_PERIODS = {"Q1": "first quarter of", "Q2": "second quarter of", "Q3": "third quarter of", "Q4": "fourth quarter of",
            "H1": "first half of", "H2": "second half of", "SP": "spring", "SU": "summer", "FA": "autumn",
            "WI": "winter"}


def _when(value: str | None) -> str:
    """A time value as a reader writes it: "2015-07-13 morning", "2015-07-12 14:00", "week 27 of 2015",
    never the raw codes ("2015-07-13TMO")."""
    if not value:
        return "undated"
    if value in _REFERENCES:
        return _REFERENCES[value]
    m = PERIOD.match(value)
    if m:
        return f"{_PERIODS[m.group(2)]} {m.group(1)}"
    if re.fullmatch(r"\d{3}", value):
        return f"the {value}0s"
    m = re.match(r"^(\d{4}-\d{2}-\d{2})T(?:([A-Z]{2})|(\d{2}:\d{2}))", value)
    if m:
        return f"{m.group(1)} {PARTS_OF_DAY.get(m.group(2), m.group(2) or '')}{m.group(3) or ''}".strip()
    m = re.match(r"^(\d{4})-W(\d{2})", value)
    if m:
        return f"week {int(m.group(2))} of {m.group(1)}"
    return value.split("/")[0] if "/" in value else value


def _same_point(a: str, b: str) -> bool:
    """Whether two quotations make one point: the same words give or take a few (a copy, a re-cut)."""
    from rapidfuzz import fuzz

    return fuzz.token_set_ratio(a.casefold(), b.casefold()) >= 80


def _story_paragraph(rec: dict, notes: "_Notes") -> list[str]:
    """The story in one paragraph of facts: its most salient events that happened, in the order of days,
    what was called off, and what is still to come, each with its day and its footnote."""
    def day(when: str) -> str:
        try:
            d = dt.date.fromisoformat(when[:10])
            return f"{d.day} {d.strftime('%B')} {d.year:04d}"
        except ValueError:
            return when

    def told(e: dict) -> str:
        label = (e.get("label") or e["text"]).strip().rstrip(".")
        src = e["sources"][-1]
        return f"{_md(label[:1].upper() + label[1:])} [^{notes.cite(src['article'], src['start'], src['end'])}]"

    inside = [e for e in rec["events"] if e["when"] and e["when"][:4].isdigit() and len(e["when"]) >= 10
              and not e.get("background")]
    top = sorted((e for e in inside if e["status"] in ("happened", "ongoing")),
                 key=lambda e: (-e.get("salience", 0), e["when"], e["id"]))[:STORY_EVENTS]
    parts = [f"On {day(e['when'])}: {told(e)}." for e in sorted(top, key=lambda e: (e["when"], e["id"]))]
    off = sorted((e for e in inside if e["status"] == "cancelled"), key=lambda e: (-e.get("salience", 0), e["id"]))[:2]
    parts += [f"Called off: {told(e)} ({day(e['when'])})." for e in off]
    last = max((e["when"][:10] for e in top), default="")
    ahead = sorted((e for e in inside if e["status"] in _PLANNED and e["when"][:10] >= last),
                   key=lambda e: (-e.get("salience", 0), e["when"], e["id"]))[:2]
    parts += [f"Still to come: {told(e)} ({day(e['when'])})." for e in ahead]
    return [" ".join(parts)] if parts else ["No dated events."]


STORY_EVENTS = 6          # the events the story paragraph tells


def markdown(story: Story) -> str:
    title, sections, notes = _sections(story)
    lines = [f"# {title}", ""]
    for heading, body in sections:
        lines += [f"## {heading}", "", *body, ""]
    lines += ["## Sources", ""]
    for n, article_id, article, date, sentence in notes.sources():        # "Reuters (2015-12-05), Title: ..."
        title = f", {_md(article)}" if article != article_id else ""
        lines.append(f"[^{n}]: {_md(notes.outlet(article_id))} ({_md(date)}){title}: \"{_md(sentence)}\"")
    return "\n".join(lines) + "\n"


def to_html(story: Story) -> str:
    """The briefing as one HTML page (text escaped), with the timeline chart inline."""
    import re

    title, sections, notes = _sections(story)

    def inline(text: str) -> str:
        text = html.escape(text, quote=False)
        text = re.sub(r"(?<!\\)\*\*(.+?)(?<!\\)\*\*", r"<strong>\1</strong>", text)
        text = re.sub(r"(?<!\\)\[\^(\d+)(?<!\\)\]", r'<sup><a href="#fn\1">\1</a></sup>', text)
        return _MD_ESCAPED.sub(r"\1", text)              # the article's own characters, shown as they are

    out = ["<!doctype html><html><head><meta charset='utf-8'>", f"<title>{html.escape(title)}</title>",
           "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
           "li li{font-size:.95em}.src{font-size:.9em;color:#444}svg{max-width:100%;height:auto}"
           "@media print{body{margin:0;max-width:none;font-size:10.5pt}a{color:inherit;text-decoration:none}"
           "h2{break-after:avoid}li{break-inside:avoid}svg{break-inside:avoid}}</style></head><body>",
           f"<h1>{html.escape(title)}</h1>", timeline_svg(timeline_rows(story), window=story.record.get("window"))]
    for heading, body in sections:
        out.append(f"<h2>{html.escape(heading)}</h2><ul>")
        for line in body:
            nested = line.startswith("  - ")
            item = inline(line.strip()[2:])
            out.append(f"<li style='margin-left:{2 if nested else 0}em'>{item}</li>")
        out.append("</ul>")
    out.append("<h2>Sources</h2><ol class='src'>")
    for n, article_id, article, date, sentence in notes.sources():
        url = story.articles.get(article_id, {}).get("url")
        link = safe_url(url)
        outlet = html.escape(notes.outlet(article_id))
        name = html.escape(article) if article != article_id else outlet
        if link:                                   # http(s) only: a javascript: or data: URL is never an href
            name = f"<a href=\"{html.escape(link)}\" rel=\"noopener noreferrer nofollow\">{name}</a>"
        elif url:
            name += f" <span class='url'>&lt;{html.escape(url)}&gt;</span>"
        named = (f"<span class='outlet'>{outlet}</span> ({html.escape(date)}), {name}" if article != article_id
                 else f"{name} ({html.escape(date)})")                # the outlet and date, then the title
        out.append(f"<li id='fn{n}'>{named}: &ldquo;{html.escape(sentence)}&rdquo;</li>")
    out.append("</ol></body></html>")
    return "\n".join(out) + "\n"
