"""The records that pass between Parley's stages.

Every record is a frozen dataclass with no spaCy types in it, so it can be stored,
compared and sent between processes. Every fact carries character offsets
(`start`, `end`) into its article's cleaned text (`Article.text`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["ok", "skipped", "error"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One news article, read and cleaned, before analysis."""

    id: str                      # content hash of `text`
    source: str                  # where it came from: a path, "path:line", a URL or "<stdin>"
    file: str | None             # base name of the input file, when it came from a file
    url: str | None
    title: str
    text: str                    # cleaned text; every offset points into it
    raw: str                     # the input as read (decoded), before cleaning
    format: str                  # txt | html | jsonl | warc
    encoding: str                # how the bytes were decoded
    published: str | None = None   # YYYY-MM-DD
    published_by: str | None = None  # which fallback found the date: metadata, url, dateline, print, inferred
    language: str = "und"
    status: Status = "ok"
    reason: str | None = None
    offsets: tuple[tuple[int, int, int], ...] = ()  # (clean_start, raw_start, length) segments, clean -> raw
    dropped: tuple[str, ...] = ()  # the page furniture cleaning removed (navigation, stamps, credits, ...)


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """An input that could not become an article, and why."""

    source: str
    file: str | None
    url: str | None = None
    reason: str
    status: Status = "error"


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A reference to an actor inside one article."""

    start: int
    end: int
    text: str
    kind: str                    # person | organization | country | place | group | anonymous
    name: str                    # the name without titles, as written ("Kim Jong Un", "Kim")
    titles: tuple[str, ...] = ()
    country: str | None = None   # a person's affiliation, from a demonym or a country before the name
    local: str = ""              # id of the actor within the article (mentions of one actor share it)
    key: str = ""                # the name this mention links by across articles


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeExpr:
    start: int
    end: int
    text: str
    type: str                    # DATE | TIME | DURATION | SET
    value: str                   # TIMEX3 value
    anchor: str | None = None    # the date it was resolved against
    tense: str | None = None     # past | future: whether its clause reports or announces (days only)


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    start: int                   # the content span
    end: int
    text: str
    kind: str                    # direct | partial | indirect
    cue: Span | None = None
    source: Span | None = None   # the words naming the speaker
    speaker: str | None = None   # local actor id of the speaker, when resolved
    when: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    start: int                   # the trigger
    end: int
    text: str
    type: str
    status: str
    actors: tuple[str, ...] = ()  # local actor ids
    where: str | None = None     # local actor id of the place
    when: str | None = None
    sentence: Sentence | None = None
    head: str = ""               # the trigger's lemma ("meet", "plenary"): what links mentions of one event
    postponed: bool = False      # the clause moves the event to a later time ("pushed back to Saturday")
    label: str = ""              # the proposition as written: "Tusk cancelled the summit of EU leaders"
    agent: str | None = None     # the words of its agent ("Tusk") and of its theme ("the summit of EU leaders")
    theme: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Position:
    """A party's stance on an issue, as one sentence states it."""

    start: int                   # the stance cue ("insists", "rejected", "called for")
    end: int
    text: str
    stance: str                  # demands | offers | accepts | refuses | concedes
    issue: str                   # the issue in the party's own words ("the lifting of sanctions")
    issue_key: str               # what groups wordings of one issue ("sanction")
    issue_start: int
    issue_end: int
    party: str | None = None     # local actor id of the side taking the stance
    speaker: str | None = None   # local actor id of who said it, when a spokesperson speaks for a side
    when: str | None = None
    negated: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Analysis:
    """What the extractors found in one article."""

    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    positions: tuple[Position, ...] = ()


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did; `exit_code` is what the CLI returns."""

    added: list[str] = field(default_factory=list)       # article ids newly stored
    unchanged: list[str] = field(default_factory=list)   # already stored with this pipeline version
    skipped: list[Problem] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)
    unstored: list[Problem] = field(default_factory=list)  # articles read whose records the store did not take or link
    notes: list[str] = field(default_factory=list)       # warnings that did not stop an input

    @property
    def exit_code(self) -> int:
        """3 when the record has a hole (a store or link failure), else 1 when an input was skipped or
        failed, else 0."""
        if self.unstored:
            return 3
        return 1 if (self.skipped or self.failed) else 0
