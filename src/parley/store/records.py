"""Turning an Analysis into stored rows and back."""
from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator

from ..models import Analysis

def id_prefix_range(key: str) -> tuple[str, str] | None:
    """For a key that may be the start of an article id (6+ hexadecimal characters), the ids that start with
    it as a range an index answers, [prefix, next): the next prefix is the next hexadecimal string, so the
    bound sorts the same in every collation ("a70eff9" -> "a70effa", not ":"); None for any other key."""
    prefix = key.lower()
    if not _HEX_PREFIX.fullmatch(prefix):
        return None
    return prefix, prefix[:-1] + ("a" if prefix[-1] == "9" else chr(ord(prefix[-1]) + 1))


_HEX_PREFIX = re.compile(r"[0-9a-f]{6,}")
# The articles table's columns in the order the stores write them.
ARTICLE_COLUMNS = ("id", "source", "file", "url", "title", "published", "published_by", "language", "status",
                   "reason", "format", "encoding", "raw", "text", "offsets", "pipeline", "model", "dropped")
# The columns of an article listed without its text (`articles(texts=False)`: what the views list).
LISTED = ", ".join(f'"{c}"' for c in ARTICLE_COLUMNS if c not in ("raw", "text", "offsets", "dropped"))
KINDS = (("sentence", "sentences"), ("mention", "mentions"), ("time", "times"), ("quote", "quotes"),
         ("event", "events"), ("position", "positions"))


def analysis_rows(analysis: Analysis) -> Iterator[tuple[str, int, int, int, str]]:
    """(kind, seq, start, end, JSON) for every record in `analysis`."""
    for kind, attr in KINDS:
        for seq, record in enumerate(getattr(analysis, attr)):
            yield kind, seq, record.start, record.end, json.dumps(plain(record), ensure_ascii=False, sort_keys=True)


_FIELDS: dict[type, tuple[str, ...] | None] = {}     # a record class -> its field names; None: not a dataclass


def plain(value):
    """`value` as JSON reads it: what `dataclasses.asdict` gives for a record (dicts of its fields, all the
    way down), without its deep copy of every value (a third of the time of storing an article)."""
    kind = type(value)
    fields = _FIELDS.get(kind, ())
    if fields == ():
        fields = _FIELDS[kind] = (tuple(f.name for f in dataclasses.fields(value))
                                  if dataclasses.is_dataclass(kind) else None)
    if fields is not None:
        return {name: plain(getattr(value, name)) for name in fields}
    if kind is list or kind is tuple:
        return [plain(v) for v in value]
    if kind is dict:
        return {k: plain(v) for k, v in value.items()}
    return value


def decode_record(data: str):
    """A stored record back from its JSON; the text itself when it is not JSON (a damaged row), so that
    the reader can name that one record's article instead of failing every read of its kind."""
    try:
        return json.loads(data)
    except ValueError:
        return data


def dropped_lines(row: dict) -> tuple[str, ...]:
    """The page furniture stored with an article row (none where the stored value is damaged)."""
    try:
        lines = json.loads(row.get("dropped") or "[]")
    except ValueError:
        return ()
    return tuple(x for x in lines if isinstance(x, str)) if isinstance(lines, list) else ()


def copies_for(value: str | None, state: str) -> dict[str, str] | None:
    """The copies stored as `value` (meta 'copies') if they were found for the store in `state`, else None."""
    if not value:
        return None
    try:
        stored = json.loads(value)
    except ValueError:
        return None                       # a damaged row: found again from the texts
    if not isinstance(stored, dict) or stored.get("state") != state or not isinstance(stored.get("copies"), dict):
        return None
    return {str(k): str(v) for k, v in stored["copies"].items()}
