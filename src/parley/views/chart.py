"""A timeline chart as SVG: the story's dated events on a date axis, coloured by status."""
from __future__ import annotations

import datetime as dt
import re
from html import escape

COLOURS = {"happened": "#2e7d32", "ongoing": "#43a047", "planned": "#1565c0", "expected": "#42a5f5",
           "possible": "#f9a825", "cancelled": "#c62828", "negated": "#8e24aa"}


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?!\d)")


def calendar_day(when: object) -> dt.date | None:
    """The calendar day a value starts with ("2015-12-12", "2015-12-12T10:00"), or None.

    Only a day is plotted: weeks, months, years and anything impossible ("2015-13-45",
    "0000-01-01", "PRESENT_REF") are left off the chart, never an error.
    """
    if not isinstance(when, str) or not _DAY.match(when):
        return None
    try:
        return dt.date.fromisoformat(when[:10])
    except ValueError:
        return None


MAX_EVENTS = 40           # the most salient events a chart shows, in the order of days
LABEL_CHARS = 62


def timeline_svg(rows: list[dict], *, window: dict | None = None, width: int = 980, row_height: int = 18) -> str:
    """An SVG of the events in `rows` (as from views.timeline.timeline_rows) on one date axis.

    The axis spans the story's `window` ({"start", "end"}) when given, else the events' days; an event
    outside it is drawn at the edge it lies beyond, as an arrow with its own date, so that one event
    months away never squeezes the story. At most `MAX_EVENTS` (the most salient) are drawn, in the
    order of days, each with its label; a legend names the status colours."""
    dated = [(d, r) for r in rows if (d := calendar_day(r["when"]))]
    if len(dated) > MAX_EVENTS:
        keep = sorted(dated, key=lambda p: (-float(p[1].get("salience") or 0), p[0], p[1]["id"]))[:MAX_EVENTS]
        dated = [p for p in dated if p in keep]
    height = 86 + row_height * max(1, len(dated))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">']
    if not dated:
        parts.append('<text x="10" y="30">no dated events</text></svg>')
        return "".join(parts)
    first = calendar_day((window or {}).get("start")) or min(d for d, _ in dated)
    last = calendar_day((window or {}).get("end")) or max(d for d, _ in dated)
    if last < first:
        first, last = last, first
    span = max(1, (last - first).days)
    left, right = 24, width - 430
    x = lambda d: left + (right - left) * (min(max(d, first), last) - first).days / span  # noqa: E731
    legend_x = 10
    for status, colour in COLOURS.items():
        parts.append(f'<circle cx="{legend_x + 5}" cy="12" r="5" fill="{colour}"/>'
                     f'<text x="{legend_x + 14}" y="16">{escape(status)}</text>')
        legend_x += 24 + 7 * len(status)
    parts.append(f'<line x1="{left}" y1="52" x2="{right}" y2="52" stroke="#555"/>')
    ticks = sorted({first, last, first + (last - first) / 2})
    for d in ticks:
        anchor = "start" if d == first else "end" if d == last else "middle"
        parts.append(f'<text x="{x(d):.1f}" y="44" text-anchor="{anchor}">{d.isoformat()}</text>')
    for i, (d, r) in enumerate(sorted(dated, key=lambda p: (p[0], p[1]["id"]))):
        y = 72 + i * row_height
        colour = COLOURS.get(r["status"], "#777")
        cx = x(d)
        if d < first or d > last:                 # beyond the story's days: an arrow at that edge
            tip, back = (cx - 6, cx + 4) if d < first else (cx + 6, cx - 4)
            parts.append(f'<polygon points="{tip:.1f},{y - 4} {back:.1f},{y - 9} {back:.1f},{y + 1}" fill="{colour}">'
                         f'<title>{escape(r["status"])}, {d.isoformat()}: outside the story\'s days</title></polygon>')
        else:
            parts.append(f'<circle cx="{cx:.1f}" cy="{y - 4}" r="5" fill="{colour}"><title>{escape(r["status"])}'
                         f'</title></circle>')
        label = r["event"] if len(r["event"]) <= LABEL_CHARS else r["event"][:LABEL_CHARS - 1].rstrip() + "\u2026"
        parts.append(f'<text x="{right + 12}" y="{y}">{escape(d.isoformat())} {escape(r["mark"])} '
                     f'{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
