"""JSONL reader: one article a line, {"url", "text", optional "title", "published"}.

A broken line is a problem of its own ("file.jsonl:7: ..."); the other lines go on.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from ..errors import InputError
from ..models import Article, Problem
from .article import build_article
from .decode import _tidy, decode


def read(data: bytes, *, source: str, file: str | None) -> Iterator[Article | Problem]:
    content, encoding, _ = decode(data, source=source)
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            yield _article(line, where=where, file=file, encoding=encoding)
        except InputError as e:
            yield Problem(source=e.source, file=file, reason=e.reason, status=e.status)


def _article(line: str, *, where: str, file: str | None, encoding: str) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(where, f"not valid JSON ({e})") from e
    if not isinstance(record, dict):
        raise InputError(where, f"a JSON {type(record).__name__}, not an object with a \"text\" field")
    text = record.get("text")
    if not isinstance(text, str) or not _tidy(text).strip():
        raise InputError(where, "no \"text\" field (or it is empty)", status="skipped")
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
