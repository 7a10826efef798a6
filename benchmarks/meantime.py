"""A small reader for the English MEANTIME corpus (NewsReader CAT XML), for the benchmarks.

The data is never copied into the repository: it is read at run time from
../shared/data/meantime beside the checkout, or from $PARLEY_SHARED/data/meantime.

`load("airbus")` returns one `Doc` per article with the text rebuilt from the tokens and the
gold annotations as CHARACTER offsets into that text:

- text: tokens joined by one space, except no space before closing punctuation and clitics
  ("," "." ")" "'s" "n't" "%" ...) and none after opening brackets, opening quotes and currency
  symbols; a straight double quote opens when an even number of them came before it in the
  document. Sentences are separated by "\\n". Deterministic, so offsets are stable.
- MEANTIME annotates events, entity mentions and time expressions at document level only in
  the first sentences (title, dateline, then the first four or so sentences); later sentences
  only carry the untyped mentions added by cross-document annotation. `annotated_end` is the
  character offset where that document-level region ends: score precision inside it only.
"""
from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

CORPORA = ("airbus", "apple")

NO_SPACE_BEFORE = {",", ".", ";", ":", ")", "]", "}", "?", "!", "%", "''", "'", "\u201d", "\u2019", "...",
                   "'s", "n't", "'ve", "'re", "'ll", "'d", "'m"}
NO_SPACE_AFTER = {"(", "[", "{", "``", "`", "\u201c", "\u2018", "$", "US$", "\u00a3", "\u20ac"}


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    text: str
    type: str                    # DATE | TIME | DURATION | SET
    value: str
    function: str                # functionInDocument: CREATION_TIME | NONE | ...
    is_dct: bool                 # the document creation time (the dateline)
    m_id: str


@dataclass(frozen=True, slots=True)
class EntityMention:
    start: int
    end: int
    text: str
    syntactic_type: str          # NAM | NOM | PRO | PRE.NAM | APP | CONJ | ... ; "" when not given
    instance_id: str | None      # cross-document entity the mention REFERS_TO (None when not linked)
    ent_type: str | None         # PER | ORG | LOC | PRO | FIN | MIX of that entity
    entity: str | None           # m_id of the document-level ENTITY it refers to
    m_id: str


@dataclass(frozen=True, slots=True)
class Event:
    start: int
    end: int
    text: str
    pred: str
    certainty: str               # CERTAIN | POSSIBLE | ... ; "" when not given
    polarity: str                # POS | NEG | ...
    tense: str
    aspect: str
    time: str                    # FUTURE | NON_FUTURE | ...
    instance_id: str | None
    m_id: str


@dataclass(frozen=True, slots=True)
class Doc:
    name: str
    corpus: str
    dct: str                     # YYYY-MM-DD
    text: str
    annotated_end: int           # end of the region annotated at document level
    timexes: tuple[Timex, ...]
    entity_mentions: tuple[EntityMention, ...]
    events: tuple[Event, ...]


def data_dir() -> Path:
    """The MEANTIME folder under ../shared (or $PARLEY_SHARED); exits with a message if absent."""
    shared = Path(os.environ.get("PARLEY_SHARED") or Path(__file__).resolve().parents[2] / "shared")
    path = shared / "data" / "meantime" / "intra_cross-doc_annotation"
    if not path.is_dir():
        sys.exit(f"MEANTIME not found at {path} (set PARLEY_SHARED to the shared folder)")
    return path


def rebuild(sentences: list[list[tuple[str, str]]]) -> tuple[str, dict[str, tuple[int, int]]]:
    """Text from [(t_id, token)] per sentence, and each token's (start, end) in it."""
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    pos = 0
    quotes = 0
    for n, sentence in enumerate(sentences):
        if n:
            parts.append("\n")
            pos += 1
        glue = True                                  # no space before the first token of a line
        for t_id, tok in sentence:
            opening = tok in NO_SPACE_AFTER
            closing = tok in NO_SPACE_BEFORE
            if tok == '"':
                opening, closing = quotes % 2 == 0, quotes % 2 == 1
                quotes += 1
            if not glue and not closing:
                parts.append(" ")
                pos += 1
            parts.append(tok)
            spans[t_id] = (pos, pos + len(tok))
            pos += len(tok)
            glue = opening
    return "".join(parts), spans


def _span(el, spans, sent) -> tuple[int, int, int] | None:
    """(start, end, first sentence) of a markable from its token anchors; None if it has none."""
    ids = [a.get("t_id") for a in el.findall("token_anchor") if a.get("t_id") in spans]
    if not ids:
        return None
    return min(spans[i][0] for i in ids), max(spans[i][1] for i in ids), min(sent[i] for i in ids)


def read(path: Path, corpus: str) -> Doc:
    root = ET.parse(path).getroot()
    sentences: dict[int, list[tuple[str, str]]] = {}
    sent: dict[str, int] = {}
    for tok in root.iter("token"):
        s = int(tok.get("sentence"))
        sentences.setdefault(s, []).append((tok.get("t_id"), tok.text or ""))
        sent[tok.get("t_id")] = s
    order = sorted(sentences)
    text, spans = rebuild([sentences[s] for s in order])
    markables = root.find("Markables")
    relations = root.find("Relations")

    refers: dict[str, str] = {}                      # mention m_id -> entity/event m_id
    for rel in (relations.findall("REFERS_TO") if relations is not None else []):
        target = rel.find("target")
        for src in rel.findall("source"):
            if target is not None:
                refers.setdefault(src.get("m_id"), target.get("m_id"))
    entities = {e.get("m_id"): e for e in markables.findall("ENTITY")}
    event_instances = {e.get("m_id"): e.get("instance_id") for e in markables.findall("EVENT")}

    # The document-level region: sentences up to the last one with a typed markable (at least 5).
    last = 5
    for el in markables:
        typed = el.tag in ("TIMEX3", "VALUE", "SIGNAL") or el.get("syntactic_type") is not None \
            or el.get("certainty") is not None
        if typed:
            last = max([last] + [sent[a.get("t_id")] for a in el.findall("token_anchor") if a.get("t_id") in sent])
    annotated_end = max((spans[t][1] for t, s in sent.items() if s <= last), default=len(text))

    timexes = []
    for el in markables.findall("TIMEX3"):
        sp = _span(el, spans, sent)
        if sp is None:                               # no token anchors: nothing to match against
            continue
        start, end, first = sp
        function = el.get("functionInDocument") or ""
        # Two files leave the dateline's TIMEX3 as NONE: sentence 1 is always the dateline.
        is_dct = function == "CREATION_TIME" or (first == 1 and el.get("type") == "DATE")
        timexes.append(Timex(start, end, text[start:end], el.get("type") or "", el.get("value") or "",
                             function, is_dct, el.get("m_id")))
    dcts = [t.value[:10] for t in timexes if t.is_dct]
    dct = dcts[0] if dcts else ""

    mentions = []
    for el in markables.findall("ENTITY_MENTION"):
        if (sp := _span(el, spans, sent)) is None:
            continue
        start, end, _ = sp
        target = refers.get(el.get("m_id"))
        entity = entities.get(target)
        mentions.append(EntityMention(
            start, end, text[start:end], el.get("syntactic_type") or "",
            entity.get("instance_id") if entity is not None else None,
            entity.get("ent_type") if entity is not None else None,
            target if entity is not None else None, el.get("m_id")))

    events = []
    for el in markables.findall("EVENT_MENTION"):
        if (sp := _span(el, spans, sent)) is None:
            continue
        start, end, _ = sp
        g = lambda k: el.get(k) or ""  # noqa: E731
        events.append(Event(start, end, text[start:end], g("pred"), g("certainty"), g("polarity"), g("tense"),
                            g("aspect"), g("time"), event_instances.get(refers.get(el.get("m_id"))),
                            el.get("m_id")))

    key = lambda x: (x.start, x.end, x.m_id)  # noqa: E731
    return Doc(path.stem, corpus, dct, text, annotated_end, tuple(sorted(timexes, key=key)),
               tuple(sorted(mentions, key=key)), tuple(sorted(events, key=key)))


def load(corpus: str) -> list[Doc]:
    """Every document of corpus "airbus" or "apple" (or "all"), sorted by file name."""
    names = CORPORA if corpus == "all" else (corpus,)
    docs = []
    for name in names:
        folder = data_dir() / f"corpus_{name}"
        if not folder.is_dir():
            sys.exit(f"no MEANTIME corpus {name!r} at {folder}")
        docs.extend(read(p, name) for p in sorted(folder.glob("*.xml")))
    return docs


if __name__ == "__main__":                           # quick look: python benchmarks/meantime.py airbus
    for d in load(sys.argv[1] if len(sys.argv) > 1 else "airbus")[:2]:
        print(d.name, d.dct, len(d.text), d.annotated_end)
        print(d.text[: d.annotated_end])
        for t in d.timexes:
            print("  TIMEX", t.type, t.value, repr(t.text), "DCT" if t.is_dct else "")
