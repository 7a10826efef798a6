"""JSON reader: JSON Lines, one article a line, {"text", optional "url", "title", "published"};
or one JSON document (pretty-printed or not): an object is one article, an array one per element.

A broken line is a problem of its own ("file.jsonl:7: ..."); the other lines go on. Elements of
an array are named by the line the array starts on and their index from 0 ("file.json:1[3]").
A file that is neither one JSON document nor has any valid JSON line is one problem.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from ..errors import InputError
from ..models import Article, Problem
from .article import build_article
from .decode import _tidy, decode

EXPECTED = "expected one JSON object per line with 'text', optional 'url', 'title', 'published'"
_JSON_NAMES = {dict: "object", list: "array", str: "string", int: "number", float: "number", bool: "boolean",
               type(None): "null"}


def read(data: bytes, *, source: str, file: str | None) -> Iterator[Article | Problem]:
    content, encoding, _ = decode(data, source=source)
    for where, value in _values(content, source):
        if isinstance(value, ValueError):
            yield Problem(source=where, file=file, reason=f"not valid JSON ({value})")
            continue
        items = [(f"{where}[{i}]", v) for i, v in enumerate(value)] if isinstance(value, list) else [(where, value)]
        if not items:
            yield Problem(source=where, file=file, reason=f"an empty JSON array, no articles ({EXPECTED})",
                          status="skipped")
        for name, record in items:
            try:
                yield _article(record, where=name, file=file, encoding=encoding)
            except InputError as e:
                yield Problem(source=e.source, file=file, reason=e.reason, status=e.status)


def _loads(text: str) -> object | ValueError:
    """The JSON value in `text`, or the error (JSONDecodeError is a ValueError) that says why not."""
    try:
        return json.loads(text)
    except RecursionError:
        return ValueError("nested too deep")
    except ValueError as e:
        return e


def _values(content: str, source: str) -> Iterator[tuple[str, object]]:
    """(where, JSON value or ValueError) for each line, or once for a document that spans lines."""
    lines = [(number, line) for number, line in enumerate(content.split("\n"), start=1) if line.strip()]
    if len(lines) > 1:
        whole = _loads(content)
        if not isinstance(whole, ValueError):
            yield f"{source}:{lines[0][0]}", whole
            return
        failed: list | None = []            # broken lines, held back until a line is valid JSON
        for number, line in lines:
            value = _loads(line)
            if failed is not None and isinstance(value, ValueError):
                failed.append((f"{source}:{number}", value))
                continue
            yield from failed or ()
            failed = None
            yield f"{source}:{number}", value
        if failed:
            yield source, whole                 # neither one JSON document nor JSON Lines
    else:
        yield from ((f"{source}:{number}", _loads(line)) for number, line in lines)


def _article(record: object, *, where: str, file: str | None, encoding: str) -> Article:
    if not isinstance(record, dict):
        raise InputError(where, f"a JSON {_JSON_NAMES.get(type(record), 'value')}, not an object ({EXPECTED})")
    text = record.get("text")
    if text is None:
        raise InputError(where, f"no 'text' field ({EXPECTED})", status="skipped")
    if not isinstance(text, str):
        raise InputError(where, f"'text' is a JSON {_JSON_NAMES.get(type(text), 'value')}, not a string ({EXPECTED})")
    if not _tidy(text).strip():
        raise InputError(where, "'text' field is empty", status="skipped")
    text = _tidy(text)                       # "\u0000" and other controls only appear after json.loads
    url = record.get("url") if isinstance(record.get("url"), str) else None
    title = _tidy(record["title"]) if isinstance(record.get("title"), str) else None
    published = record.get("published") if isinstance(record.get("published"), str) else None
    if text.lstrip().startswith("<") and "</" in text:
        from .html import extract
        return extract(text, source=where, file=file, url=url, encoding=encoding, format="jsonl", title=title,
                       published=published)
    return build_article(text, source=where, file=file, format="jsonl", encoding=encoding,
                         title=title, url=url, published=published, body=None)
