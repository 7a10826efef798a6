"""`parley extract KIND PATH...`: one extractor as a standalone tool, one JSON line per record.

Each input is processed alone (no linking across files). For plain-text files the offsets
point into the text as read from the file; for other formats into the cleaned text that
`parley show` prints (../shared/design/extract-contract.md).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import IO

from ..ingest import read_sources
from ..ingest.clean import raw_offset
from ..models import Article, Problem


class _Offsets:
    """Maps offsets in the cleaned text to the text the user gave us."""

    def __init__(self, article: Article) -> None:
        self.raw_mode = article.format == "txt" and bool(article.offsets)
        self.content = article.raw if self.raw_mode else article.text
        self.segments = article.offsets
        self.starts = [s[0] for s in self.segments]
        self.bom = 1 if self.raw_mode and article.encoding == "utf-8-sig" else 0

    def _map(self, offset: int) -> int:
        return raw_offset(self.segments, offset, self.starts)

    def span(self, start: int, end: int) -> dict:
        text_start = start
        if self.raw_mode and end > start:
            start, end = self._map(start), self._map(end - 1) + 1
            text_start = start
            # offsets count characters of the file as read: a UTF-8 byte-order mark is one of them
            start, end = start + self.bom, end + self.bom
        return {"start": start, "end": end, "text": self.content[text_start:text_start + end - start]}


def _anchor(article: Article, given: str | None, doc) -> Article:
    from collections import Counter
    from dataclasses import replace

    from ..pipeline import date_from_text

    if given:
        return replace(article, published=given, published_by="given")
    return date_from_text(article, doc, Counter())


def records(kind: str, article: Article, doc, *, every: bool = False) -> Iterator[dict]:
    """The contract's JSON records of `kind` for one parsed article; with `every`, every event mention in
    MEANTIME's sense (untyped ones typed "EVENT"), not only the story's events. Quotes are every attribution
    in PolNeAR's sense (stances toward things too, which the story leaves out)."""
    from ..pipeline import analyze_doc

    analysis = analyze_doc(doc, article, every_event=every, every_quote=kind == "quotes")
    where = _Offsets(article)
    base = {"file": article.file or article.source}
    names: dict[str, str] = {}
    for m in analysis.mentions:
        best = names.get(m.local)
        if best is None or len(m.name.split()) > len(best.split()):
            names[m.local] = m.name
    if kind == "times":
        for t in analysis.times:
            yield {**base, **where.span(t.start, t.end), "type": t.type, "value": t.value, "anchor": t.anchor}
    elif kind == "actors":
        for m in analysis.mentions:
            yield {**base, **where.span(m.start, m.end), "actor": m.local, "name": names[m.local], "kind": m.kind}
    elif kind == "quotes":
        from .quotes import as_attributions

        for q in as_attributions(analysis.quotes, article.text):
            yield {**base, **where.span(q.start, q.end), "kind": q.kind,
                   "cue": where.span(q.cue.start, q.cue.end) if q.cue else None,
                   "source": where.span(q.source.start, q.source.end) if q.source else None,
                   "speaker": names.get(q.speaker) if q.speaker else None, "when": q.when}
    elif kind == "events":
        for e in analysis.events:
            yield {**base, **where.span(e.start, e.end), "label": e.label, "type": e.type, "status": e.status,
                   "when": e.when, "actors": sorted({names[a] for a in e.actors if a in names})}


def run_extract(kind: str, paths: list[str], *, anchor: str | None, max_bytes: int, out: IO[str],
                err: Callable[[str], None], every: bool = False) -> int:
    """Print every record of `kind` in `paths`; returns the exit code (1 if any input failed)."""
    from ..nlp import load_nlp, parse_text

    failed = False
    nlp = None
    for item in read_sources(paths, max_bytes=max_bytes):
        if isinstance(item, Problem):
            err(f"{item.status if item.status == 'skipped' else 'failed'} {item.source}: {item.reason}")
            failed = True
            continue
        if item.status != "ok":
            err(f"skipped {item.source}: {item.reason}")
            failed = True
            continue
        nlp = nlp or load_nlp()
        doc = nlp(parse_text(item.text))
        article = _anchor(item, anchor, doc)
        for record in records(kind, article, doc, every=every):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 1 if failed else 0
