"""Cleaning: drop page furniture (picture credits, embed placeholders, promotion lines, navigation,
menus, lists of other stories' headlines, date stamps of the page, metadata leaked into the text).

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
    r"PHOTOGRAPH|VIDEO|Photo|Photos|Photograph|Picture|Image|Credit|CREDIT|FOTO|Foto|Fotó)(?:\s+(?i:by|credit))?\s*:"
    r"(?:\s*[\w][\w .,&'/-]{0,60})?[)\]]?\s*$"
    # an agency and its photographer after a sentence: "... June 26, 2015. REUTERS/Eric Vidal", "(AFP/Getty Images)"
    r"|(?:(?<=[.!?]\s)|(?<=\())(?:[A-Z]{2,}(?:\s+Photo)?/[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){0,3}"
    r"(?:/[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){0,2})?)[)\]]?\s*$"
    # "... at the border. © Ana Torres, Reuters", "(© AFP)"
    r"|(?:(?<=\s)|^)[(\[]?\u00a9\s*[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3}(?:\s*[,/]\s*[A-Z][\w'. -]{1,30})?[)\]]?\s*$"
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
    r"(?:sign\s*up|subscribe)\s+(?:now\s+)?to\s+(?:get|receive)\s+(?:the\s+|our\s+)?(?:latest|daily|weekly)|"
    r"^\s*stay\s+(?:informed|updated|up\s+to\s+date)\s+with\s+(?:\S+\s+){0,3}(?:newsletters?|notifications)\b|"
    r"only\s+available\s+to\s+illustrate\s+the\s+accompanying|\bmandatory\s+credit\b|^\s*editorial\s+use\s+only\b|"
    r"^\s*notifications\s+can\s+be\s+(?:managed|turned\s+off)\b|"
    r"^\s*this\s+(?:audio|article|summary)\s+(?:is|was)\s+(?:created|generated|produced)\s+(?:with|by|using)\b|"
    r"^\s*to\s+contact\s+the\s+(?:reporters?|editors?|authors?)\b|"
    r"^\s*[-\u2013\u2014]*\s*with\s+assistance\s+from\s+(?:[^\s,]+\s*){1,6}(?:and\s+(?:[^\s,]+\s*){1,3})?\.?\s*$|"
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
# The controls of a web page, as link text: navigation, accounts, comments, sorting, reading time,
# staff bylines, teasers of other pages. Only a short line that is nothing but such a control.
_NAVIGATION = re.compile(
    r"^(?:\d+\.\s*)?(?:skip\s+to\b|skip\s+navigation|jump\s+to\b)|"
    r"^(?:accessibility\s+links|breaking\s+news|key\s+events|quote\s+message|more\s+about:?|news\s+line|"
    r"to\s+category\s+page|sort\s+by:?|(?:latest|oldest|newest)\s+first|bookmark|ad|updated|menu|search|"
    r"home|close|share|print|e-?mail|comments?(?:\s*\(\d*\))?|top\s+stories|most\s+(?:read|popular|viewed)|"
    r"trending(?:\s+now)?|you\s+may\s+also\s+like|read\s+next|watch\s+live|live\s+updates?)\s*:?$|"
    r"^(?:sign\s*(?:in|up)|log\s*(?:in|out)|login|register)\b.{0,40}$|"
    r"^already\s+(?:a\s+)?(?:member|subscriber|registered)\b|"
    r"^leave\s+a\s+(?:reply|comment)\b|^please\s+enter\s+your\b|"
    r"^your\s+email\s+address\s+will\s+not\s+be\s+published|"
    r"^comments?\s*\(\d*\)|"
    r"^(?:«|‹|<)?\s*back\s+to\b|"
    r"^\d+\s+min(?:ute)?s?\s+read$|"
    r"^(?:[A-Z][\w&.'-]*\s+){1,3}(?:staff|staff\s+writers?|newsroom|desk)$|"
    r"^(?:get|back)\s+(?:our|the|\S+)\s+(?:\S+\s+){0,4}(?:news\s+that\s+matters|(?:independent\s+)?journalism\b)|"
    r"^watch\s+(?:\S+\s+){0,2}(?:news|live|tv|video)\b|"
    r"^(?:read|watch|listen|see\s+also|more)\s*:\s|"
    r"^(?:read|see)\s+more\s+(?:from|on|about)\b|"
    r"^(?:(?:left|right|main|top|open|close)\s+menu|(?:back\s+to\s+)?top\s+of\s+(?:the\s+)?page|back\s+to\s+top|live|"
    r"you\s+are\s+here:?|all\s+(?:news|stories|articles))$",
    re.IGNORECASE,
)
# Lines of a comment form, whatever they end with.
_FORM = re.compile(r"^your\s+email\s+address\s+will\s+not\s+be\s+published|^please\s+enter\s+your\b", re.IGNORECASE)
# A heading over a list of other stories: the short lines after it are their headlines.
_LIST_HEADING = re.compile(
    r"^(?:more|most\s+read|most\s+popular|related|recommended|trending|popular|top\s+stories|latest\s+news|"
    r"(?:more\s+)?must[- ]reads?|read\s+more|you\s+may\s+also\s+like|also\s+on|from\s+around\s+the\s+web|"
    r"other\s+news|more\s+from|editor'?s\s+picks?|in\s+other\s+news)\b.{0,60}$",
    re.IGNORECASE,
)
# "Thursday , September 28 2023", "July 12, 2015 / 8:15 AM / 2 years ago", "Updated: 2015-07-13 15:10",
# "16 July 2015  Read: 1002": a stamp of the page, not a sentence (the date is read from the page as
# it was, before cleaning).
_CALENDAR = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
             r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|"
             r"thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|updated?|published|posted")
_STAMP_WORD = re.compile(
    r"^(?:" + _CALENDAR + r"|first|last|modified|on|at|am|pm|a\.m|p\.m|"
    r"ago|years?|months?|weeks?|days?|hours?|minutes?|mins?|read|reads|views?|comments?|gmt|utc|bst|cet|cest|est|"
    r"edt|pst|pdt|ist|eet|eest|msk|time|date|local|by|and|of|the|st|nd|rd|th)$",
    re.IGNORECASE,
)
_CALENDAR_WORD = re.compile(r"^(?:" + _CALENDAR + r"|ago)$", re.IGNORECASE)
# Who wrote or reported the page, as its byline or its closing credit: "By Ana Torres", "Written by Ana Torres on
# 15/08/2021 . Posted in News", "By Luis Vega and Ana Torres | Reuters", "(Reporting by Ana Torres; Editing by Luis
# Vega)". A name is capitalised words; the line ends where the byline does or goes on with a date or an outlet.
_NAME = r"[A-Z][\w'.\u00c0-\u024f-]*(?:\s+(?:[A-Z][\w'.\u00c0-\u024f-]*|de|da|van|von|del|la|le|bin)){0,4}"
_BYLINE = re.compile(
    r"^(?i:(?:(?:written|words|posted|reported|story|text)\s+)?by)\s+(?!(?i:" + _CALENDAR + r")\b)"
    + _NAME + r"(?:\s*(?:,|and|&)\s*" + _NAME + r")*"
    r"(?:\s*[|\u2013\u2014-]\s*[^.!?]{0,60}|\s*,(?:\s*[A-Z][\w.&'-]*){1,4}"
    r"|\s+(?:on|in)\s+[^.!?]{0,60}?(?:\s\.\s[^.!?]{0,40})?)?$"
    r"|^\(?\s*(?i:(?:additional\s+)?(?:reporting|writing|editing|compiled|translated)\s+by)\b[^()]{0,300}\)?\s*\.?$",
)
# What only a page's code or its files have: a bare address, a path into the page's markup, an image's size.
_CODE = re.compile(r"^(?:https?://\S+|www\.\S+|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|info|tv|co\.uk|co)(?:/\S*)?|"
                   r"/html/\S*)$", re.IGNORECASE)
_IMAGE_SIZE = re.compile(r"\b\d{3,4}x\d{3,4}\b")
_FILE_NAME = re.compile(r"\S+_\S+_\S+_\S+|\S+\.(?:jpe?g|png|gif|webp)\b", re.IGNORECASE)   # a picture's file name
_STAMP_DATE = re.compile(r"\d{1,2}[:.]\d\d|\d{4}-\d\d-\d\d|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
_STAMP_TOKEN = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+\.?|[A-Z]+|\d+")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_CLOCK = re.compile(r"\b\d{1,2}:\d\d\b")
_BRACKETED = re.compile(r"[\[(][^\])]{0,40}[\])]")
# A metadata field leaked into the text: " date 2017-09 European Council President ..."
_META_PREFIX = re.compile(r"^date\s+\d{4}-\d\d(?:-\d\d)?(?:[T ]\d\d:\d\d(?::\d\d)?\S*)?\s+")
# A breadcrumb trail: "Home / News / Economy / ..."
_BREADCRUMB = re.compile(
    r"^(?:home|news|start)\s*(?:/|>|»|›)\s*(?:\S.*(?:/|>|»|›)|[^/>»›\s]+(?:\s+[^/>»›\s]+)?$)", re.IGNORECASE)
_BULLET = re.compile(r"^(?:[-–—•·*▪►]|\d{1,2}[.)])\s*")
_SENTENCE_END = re.compile(r"[.!?…:;\"'”’)]\s*$")
_MENU_MAX_WORDS = 3       # a menu item: "Politics", "Coins2Day 500", "Lifestyle"
_MENU_MIN_RUN = 4         # so many such lines in a row are a menu ...
_MENU_MEAN_WORDS = 1.5    # ... of mostly one-word items (a list of signatories' names is not)
_LIST_ITEM_MAX_WORDS = 20  # a headline in a list of other stories
_STAMP_HEAD, _STAMP_TAIL = 8, 3   # where a page prints its date stamps: among its first and last lines
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
    captions: tuple[int, ...] = ()               # where the lines that ended in a picture credit start

    def headline(self) -> str:
        """The first line that is not a picture's caption (the first line, if all are)."""
        captions = set(self.captions)
        start = 0
        for line in self.text.split("\n"):
            if line.strip() and start not in captions:
                return line
            start += len(line) + 1
        return self.text.split("\n", 1)[0]

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
    """Why the whole of `line` is page furniture ("embed", "promo", "navigation", "symbols", "icons"),
    or None if it is text. Lines that are furniture only where they stand (menus, lists of other
    stories' headlines, the page's date stamps) are found by `clean`."""
    stripped = line.strip()
    if not stripped:
        return None
    if _EMBED.match(stripped):
        return "embed"
    words = stripped.split()
    if len(words) >= 4 and sum("icon" in w.lower() for w in words) * 2 >= len(words):
        return "icons"                            # an icon font's names as text (however many)
    if len(words) > _FURNITURE_MAX_WORDS:
        return None
    if _PROMO.search(stripped):
        return "promo"
    if sum(c.isalpha() for c in stripped) < 2:
        return "symbols"                          # "×", "41 0", "---|---|", "• 07:42"
    if len(words) <= 12 and (_NAVIGATION.search(_BULLET.sub("", stripped)) or _BREADCRUMB.match(stripped)) and \
            (not stripped.endswith(".") or _FORM.search(stripped)):
        return "navigation"                       # "Back to the drachma is not an option." is a sentence
    if len(words) <= 25 and _BYLINE.match(_BULLET.sub("", stripped)):
        return "byline"
    if len(words) == 1 and _CODE.match(stripped):
        return "address"
    if picture_file(stripped):
        return "image"
    return None


def picture_file(line: str) -> bool:
    """Whether `line` names a picture's file ("... frame 681 1280x720 1 1100x620", "Copy of 2021-04-04T18_..._TALKS"):
    whatever date it holds is the picture's."""
    return len(line.split()) <= 30 and (_IMAGE_SIZE.search(line) or _FILE_NAME.search(line)) is not None \
        and not _SENTENCE_END.search(line)


def _stamp(line: str) -> bool:
    """Whether `line` is only a date, a time, a cue ("Updated", "First published on") and counts."""
    rest = _BRACKETED.sub(" ", line)                # "27.06.2015 - 14:50 [ Reuters ]"
    tokens = _STAMP_TOKEN.findall(rest)
    if not any(t.isdigit() for t in tokens):
        return False
    if not (_STAMP_DATE.search(rest) or any(_CALENDAR_WORD.match(t.rstrip(".")) for t in tokens)):
        return False                              # "The first 100 days": a headline, not a stamp
    unknown = sum(not (t.isdigit() or _STAMP_WORD.match(t.rstrip("."))) for t in tokens)
    # a year and a clock time with one other word: a month in another language ("27. februar 2023 20:25"), a
    # section's initials ("AG Thursday, November 24, 2022, 01:33")
    return unknown == 0 or unknown == 1 and _YEAR.search(rest) is not None and _CLOCK.search(rest) is not None


def _menu_item(line: str) -> bool:
    words = _BULLET.sub("", line).split()
    return 0 < len(words) <= _MENU_MAX_WORDS and not _SENTENCE_END.search(line) and not line.endswith(",")


def _list_item(line: str) -> bool:
    """A line that can be another story's headline: short, not ending as a sentence ends."""
    words = line.split()
    return 0 < len(words) <= _LIST_ITEM_MAX_WORDS and not re.search(r"[.!?:;,]\s*$", line)


def _menu_within(lines: list[str], i: int, j: int) -> range:
    """The lines of the run `lines[i:j]` of short items that are a menu: the run, less the longer items at its
    ends that make its items too long on average (a breadcrumb "News > Region" after "Live", "Audio", ...)."""
    size = [len(_BULLET.sub("", lines[k]).split()) for k in range(i, j)]
    lo, hi = 0, len(size)
    while hi - lo >= _MENU_MIN_RUN:
        if sum(size[lo:hi]) <= _MENU_MEAN_WORDS * (hi - lo):
            return range(i + lo, i + hi)
        if size[hi - 1] >= size[lo]:
            hi -= 1
        else:
            lo += 1
    return range(0)


def _in_context(lines: list[str]) -> dict[int, str]:
    """Furniture that only its place shows: runs of menu items; a heading over a list of other
    stories and the headlines under it; a line that is only a date stamp among the first or last
    lines of the page (inside the text, "10 July 2015" over a document it dates is kept).
    {line index -> reason}."""
    out: dict[int, str] = {}
    filled = [i for i, line in enumerate(lines) if line]
    for i in filled[:_STAMP_HEAD] + filled[-_STAMP_TAIL:]:
        if len(lines[i].split()) <= 16 and _stamp(lines[i]):
            out[i] = "stamp"
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j] and _menu_item(lines[j]):
            j += 1
        before = next((lines[k] for k in range(i - 1, -1, -1) if lines[k]), "")
        if j - i >= _MENU_MIN_RUN and not before.endswith(":"):
            out.update({k: "menu" for k in _menu_within(lines, i, j)})
        i = max(j, i + 1)
    for i, line in enumerate(lines):
        if line and len(line.split()) <= 10 and _LIST_HEADING.match(_BULLET.sub("", line)) \
                and not _SENTENCE_END.search(line.rstrip(":")):
            items = []
            for k in range(i + 1, len(lines)):
                if not lines[k]:
                    continue
                if not _list_item(lines[k]):
                    break
                items.append(k)
            if len(items) >= 2:                   # a subhead over one short line is the article's own
                out[i] = "list"
                out.update({k: "list" for k in items})
    return out


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
    captions: list[int] = []
    length = 0
    pending_blank = False
    pos = 0
    lines = []
    for line in raw.split("\n"):
        lines.append((line, *_visible(line, pos)))
        pos += len(line) + 1
    context = _in_context([visible.strip() for _, visible, _ in lines])
    for n, (line, visible, pieces) in enumerate(lines):
        body = visible.rstrip()
        lead = len(body) - len(body.lstrip())
        body = body.strip()
        if not body:
            pending_blank = bool(out)
            continue
        if n in context or furniture(body):
            dropped.append(body)
            continue
        meta = _META_PREFIX.match(body)
        if meta:
            dropped.append(meta.group().strip())
            lead += meta.end()
            body = body[meta.end():]
            if furniture(body):                   # " date 2020-02-29 Left Menu": the field, then a control
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
        if credit:
            captions.append(length)
        end = lead + len(body)
        for at, raw_start, size in pieces:             # the kept part of each visible piece
            lo, hi = max(at, lead), min(at + size, end)
            if lo < hi:
                segments.append((length + lo - lead, raw_start + lo - at, hi - lo))
        out.append(body)
        length += len(body)
    return Cleaned("".join(out), tuple(segments), tuple(dropped), tuple(captions))
