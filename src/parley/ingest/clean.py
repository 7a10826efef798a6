"""Cleaning: drop page furniture (picture credits, embed placeholders, promotion lines).

Cleaning works on whole lines and keeps every other line verbatim, less the characters that
are not text (zero-width and bidi controls, soft hyphens, C1 controls), so each character of the
cleaned text maps back to the text as read (`Cleaned.to_raw`). The rules are general
patterns of news pages, not sentences of any particular article.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# A picture credit ends a caption line, or is the whole line: "... at the hotel. PHOTO: AFP",
# "(Photo: Reuters)". The credit goes; the caption sentence stays (it can name people).
_CREDIT = re.compile(
    r"(?:^|(?<=[\s.)])|\(|\[)(?:[A-Z]{1,4}\s+)?(?:FILE\s+)?(?:PHOTO|PHOTOS|PICTURE|PICTURES|IMAGE|IMAGES|"
    r"PHOTOGRAPH|VIDEO|Photo|Photos|Credit|CREDIT)\s*:\s*[\w][\w .,&'/-]{0,60}[)\]]?\s*$"
)
# Placeholders left where a video, a tweet or an advert was embedded.
_EMBED = re.compile(
    r"^\s*(?:\[?\s*(?:remote|embedded|embed)\s+(?:video|content|media|tweet|post)(?:\s+url)?\s*\]?|"
    r"advertisement|skip advertisement|sponsored content|video player is loading\.?|loading\.{0,3}|"
    r"scroll to continue(?: with content)?|click to (?:play|expand)|watch:?\s*video|"
    r"\[?(?:image|video|photo|gallery|graphic)\]?)\s*$",
    re.IGNORECASE,
)
# Promotion, subscription and sharing lines, and the print-edition colophon.
_PROMO = re.compile(
    r"(?:join\s+\S+(?:\s+\S+)?\s+(?:telegram|whatsapp|signal)\s+channel|"
    r"(?:sign\s*up|subscribe)\s+(?:now\s+)?(?:to|for)\s+(?:our|the|\S+'s)\s+(?:\S+\s+){0,3}(?:newsletter|updates|alerts)|"
    r"newsletter\s+for\s+the\s+latest|"
    r"get\s+the\s+latest\s+(?:\S+\s+){0,4}(?:delivered|straight|in\s+your\s+inbox)|"
    r"breaking\s+news\s+delivered|"
    r"^\s*follow\s+(?:us|[A-Z]\S*(?:\s[A-Z]\S*)?)\s+on\s+(?:twitter|facebook|instagram|linkedin|tiktok|x\b|threads)|"
    r"follow\s+us\s+on\s+|"
    r"download\s+our\s+(?:\S+\s+){0,2}app|^\s*download\s+the\s+(?:\S+\s+){0,2}app\b|"
    r"share\s+this\s+(?:article|story)|"
    r"all\s+rights\s+reserved|"
    r"^\s*(?:©|copyright\s+(?:©\s*)?\d{4})|"
    r"^\s*(?:read\s+more|also\s+read|related(?:\s+stories|\s+articles)?|more\s+on\s+this|recommended)\s*[:|-]|"
    r"^\s*subscribe\s*$|"
    r"a\s+version\s+of\s+this\s+(?:article|story)\s+appeared\s+in\s+(?:the\s+)?print)",
    re.IGNORECASE,
)
# A furniture line is short; a long paragraph that happens to mention a newsletter is kept.
_FURNITURE_MAX_WORDS = 60
# Characters that show nothing but split or reorder words ("Lu\u200bis" is not "Luis"): C1
# controls, the soft hyphen, zero-width spaces and joiners, direction marks, bidi embeddings,
# overrides and isolates, the word joiner, and a byte-order mark inside the text.
INVISIBLE = "\x80-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_VISIBLE_RUN = re.compile(f"[^{INVISIBLE}]+")


def strip_invisible(text: str) -> str:
    """`text` without the characters that show nothing (for titles and names)."""
    return _INVISIBLE.sub("", text)


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    segments: tuple[tuple[int, int, int], ...]   # (clean_start, raw_start, length), in order
    dropped: tuple[str, ...]                     # the lines that were removed

    def to_raw(self, offset: int) -> int:
        """The offset in the text as read that `offset` in the cleaned text stands for."""
        return raw_offset(self.segments, offset)


def raw_offset(segments, offset: int, starts: list[int] | None = None) -> int:
    """Map `offset` in cleaned text to the text as read, through (clean_start, raw_start, length)
    segments; `starts` (the segments' clean starts) may be passed in when mapping many offsets."""
    if not segments:
        return offset
    starts = starts if starts is not None else [s[0] for s in segments]
    i = max(0, bisect.bisect_right(starts, offset) - 1)
    clean_start, raw_start, length = segments[i]
    return raw_start + min(offset - clean_start, length)


def furniture(line: str) -> str | None:
    """Why the whole of `line` is page furniture ("embed", "promo"), or None if it is text."""
    stripped = line.strip()
    if not stripped:
        return None
    if _EMBED.match(stripped):
        return "embed"
    if len(stripped.split()) > _FURNITURE_MAX_WORDS:
        return None
    if _PROMO.search(stripped):
        return "promo"
    return None


def _visible(line: str, start: int) -> tuple[str, list[tuple[int, int, int]]]:
    """`line` (at offset `start` of the text as read) without invisible characters, and its
    pieces as (offset in the result, offset in the text as read, length)."""
    if not _INVISIBLE.search(line):
        return line, [(0, start, len(line))]
    pieces, at = [], 0
    for m in _VISIBLE_RUN.finditer(line):
        pieces.append((at, start + m.start(), m.end() - m.start()))
        at += m.end() - m.start()
    return _INVISIBLE.sub("", line), pieces


def clean(raw: str) -> Cleaned:
    """Remove furniture lines, invisible characters, trailing spaces and runs of blank lines from `raw`."""
    out: list[str] = []
    segments: list[tuple[int, int, int]] = []
    dropped: list[str] = []
    length = 0
    pending_blank = False
    pos = 0
    for line in raw.split("\n"):
        visible, pieces = _visible(line, pos)
        pos += len(line) + 1
        body = visible.rstrip()
        lead = len(body) - len(body.lstrip())
        body = body.strip()
        if not body:
            pending_blank = bool(out)
            continue
        if furniture(body):
            dropped.append(body)
            continue
        credit = _CREDIT.search(body)
        if credit:
            dropped.append(body[credit.start():].strip())
            body = body[: credit.start()].rstrip()
            if not body:
                continue
        if out:
            sep = "\n\n" if pending_blank else "\n"
            out.append(sep)
            length += len(sep)
        pending_blank = False
        end = lead + len(body)
        for at, raw_start, size in pieces:             # the kept part of each visible piece
            lo, hi = max(at, lead), min(at + size, end)
            if lo < hi:
                segments.append((length + lo - lead, raw_start + lo - at, hi - lo))
        out.append(body)
        length += len(body)
    return Cleaned("".join(out), tuple(segments), tuple(dropped))
