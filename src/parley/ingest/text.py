"""Plain-text reader: the first line is the headline, the rest the body."""
from __future__ import annotations

from collections.abc import Iterator

from ..models import Article
from .article import build_article
from .decode import decode


def read(data: bytes, *, source: str, file: str | None) -> Iterator[Article]:
    text, encoding, _ = decode(data, source=source)
    yield build_article(text, source=source, file=file, format="txt", encoding=encoding)
