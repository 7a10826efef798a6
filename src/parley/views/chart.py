"""A timeline chart as SVG: the story's dated events on a date axis, coloured by status."""
from __future__ import annotations

import datetime as dt
import re
from html import escape

COLOURS = {"happened": "#2e7d32", "ongoing": "#43a047", "planned": "#1565c0", "expected": "#42a5f5",
           "possible": "#f9a825", "cancelled": "#c62828", "negated": "#8e24aa"}


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?!\d)")


def _day(when: object) -> dt.date | None:
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


def timeline_svg(rows: list[dict], *, width: int = 900, row_height: int = 18) -> str:
    """An SVG of the events in `rows` (as from views.timeline.timeline_rows) on one date axis."""
    dated = [(d, r) for r in rows if (d := _day(r["when"]))]
    height = 60 + row_height * max(1, len(dated))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">']
    if not dated:
        parts.append('<text x="10" y="30">no dated events</text></svg>')
        return "".join(parts)
    first = min(d for d, _ in dated)
    last = max(d for d, _ in dated)
    span = max(1, (last - first).days)
    left, right = 90, width - 330
    x = lambda d: left + (right - left) * (d - first).days / span  # noqa: E731
    parts.append(f'<line x1="{left}" y1="30" x2="{right}" y2="30" stroke="#555"/>')
    for d in sorted({first, last, first + (last - first) / 2}):
        parts.append(f'<text x="{x(d):.1f}" y="22" text-anchor="middle">{d.isoformat()}</text>')
    for i, (d, r) in enumerate(sorted(dated, key=lambda p: (p[0], p[1]["id"]))):
        y = 48 + i * row_height
        colour = COLOURS.get(r["status"], "#777")
        parts.append(f'<circle cx="{x(d):.1f}" cy="{y - 4}" r="5" fill="{colour}"><title>{escape(r["status"])}'
                     f'</title></circle>')
        parts.append(f'<text x="{right + 12}" y="{y}">{escape(d.isoformat())} {escape(r["mark"])} '
                     f'{escape(r["event"][:40])}</text>')
    parts.append("</svg>")
    return "".join(parts)
