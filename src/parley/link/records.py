"""Reading stored records for the link stage, one article's problem at a time.

A stored record that is not what its kind should be (a field missing, a number that is text,
written by a damaged store or an older bug) must never stop the link stage for the whole
story: it is set aside, and its article is named with the reason, so that every other
article's records are still linked and the hole is reported.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

_STR, _INT, _OPT_STR, _LIST, _BOOL, _OPT_DICT = str, int, (str, type(None)), (list, tuple), bool, (dict, type(None))

# kind -> field -> (allowed types, required)
SHAPES: dict[str, dict[str, tuple]] = {
    "sentence": {"start": (_INT, True), "end": (_INT, True), "text": (_STR, True)},
    "mention": {"start": (_INT, True), "end": (_INT, True), "text": (_STR, True), "kind": (_STR, True),
                "name": (_STR, True), "local": (_STR, True), "key": (_STR, True), "titles": (_LIST, False),
                "country": (_OPT_STR, False)},
    "event": {"start": (_INT, True), "end": (_INT, True), "text": (_STR, True), "type": (_STR, True),
              "status": (_STR, True), "when": (_OPT_STR, False), "where": (_OPT_STR, False),
              "actors": (_LIST, False), "head": (_OPT_STR, False), "postponed": (_BOOL, False)},
    "quote": {"start": (_INT, True), "end": (_INT, True), "text": (_STR, True), "kind": (_STR, True),
              "speaker": (_OPT_STR, False), "when": (_OPT_STR, False), "cue": (_OPT_DICT, False),
              "source": (_OPT_DICT, False)},
    "position": {"start": (_INT, True), "end": (_INT, True), "stance": (_STR, True), "issue": (_STR, True),
                 "issue_key": (_STR, True), "issue_start": (_INT, True), "issue_end": (_INT, True),
                 "party": (_OPT_STR, False), "speaker": (_OPT_STR, False), "when": (_OPT_STR, False)},
}
LAYERS = {"sentence": "sentences", "mention": "actors", "event": "events", "quote": "quotes", "position": "positions"}


def shape_error(kind: str, record) -> str | None:
    """Why `record` is not a stored record of `kind`, or None when it is one."""
    if isinstance(record, str):
        return f"a {kind} record is not valid JSON ({record[:40]!r})"
    if not isinstance(record, dict):
        return f"a {kind} record is {type(record).__name__}, not an object"
    for name, (types, required) in SHAPES[kind].items():
        if name not in record:
            if required:
                return f"a {kind} record has no '{name}'"
            continue
        value = record[name]
        if not isinstance(value, types) or (types is _INT and isinstance(value, bool)) or (
                types is _LIST and not all(isinstance(v, str) for v in value)):
            return f"a {kind} record's '{name}' is {value!r:.40}"
    if record["start"] < 0 or record["end"] < record["start"]:
        return f"a {kind} record's span {record['start']}-{record['end']} is impossible"
    return None


@dataclass
class LinkProblems:
    """Articles whose records the link stage set aside: (article, layer) -> reason, with a count."""

    found: dict[tuple[str, str], list] = field(default_factory=dict)

    def add(self, article: str, layer: str, reason: str) -> None:
        entry = self.found.setdefault((article, layer), [reason, 0])
        entry[1] += 1

    def rows(self) -> list[dict]:
        return [{"article": a, "layer": layer,
                 "reason": reason if n == 1 else f"{reason} (and {n - 1} more records not linked)"}
                for (a, layer), (reason, n) in sorted(self.found.items())]


def checked(store, kind: str, problems: LinkProblems) -> Iterator[tuple[str, dict]]:
    """(article id, record) for every well-formed stored record of `kind`; the others go to `problems`."""
    for article_id, record in store.extractions(kind):
        why = shape_error(kind, record)
        if why is None:
            yield article_id, record
        else:
            problems.add(article_id, LAYERS[kind], f"{why}: not linked")


def unique_ids(rows: list[dict], article_of, layer: str, problems: LinkProblems) -> list[dict]:
    """`rows` with one row per id: a second row with an id already taken is set aside and its
    article named (ids hash everything that makes a record distinct, so this is a bug, never data)."""
    seen: set[str] = set()
    out = []
    for row in rows:
        if row["id"] in seen:
            problems.add(article_of(row), layer, f"two records share the id {row['id']}: the second not linked")
            continue
        seen.add(row["id"])
        out.append(row)
    return out
