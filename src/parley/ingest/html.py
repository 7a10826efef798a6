"""HTML reader: trafilatura finds the main text and the metadata (title, date, URL).

Scripts, styles and navigation never reach the text; the date comes from the page's
metadata through htmldate, inside trafilatura.
"""
from __future__ import annotations

import re
from collections.abc import Iterator


from ..errors import InputError
from ..models import Article
from .article import build_article
from .decode import decode


MAX_DEPTH = 2_000
# A numeric character reference, decimal or hexadecimal, with or without its ";".
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_VOID = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr", "p",
         "li", "td", "tr", "option"}


def nesting_depth(html: str, limit: int = MAX_DEPTH) -> int:
    """How deep the elements nest (stops counting past `limit`); void and often-unclosed tags ignored."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        closing, name, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if name in _VOID or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
        if deepest > limit:
            break
    return deepest


def _control_free(html: str) -> str:
    """`html` without references to C0 control characters ("&#27;"): lxml cannot hold them, and
    trafilatura then finds no text at all. NUL and the controls that are whitespace stay."""
    def keep(m: re.Match) -> str:
        code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
        return "" if 0 < code < 0x20 and code not in (0x09, 0x0A, 0x0D) else m.group(0)
    return _CHAR_REF.sub(keep, html) if "&#" in html else html


def extract(html: str, *, source: str, file: str | None, url: str | None = None,
            encoding: str = "utf-8", format: str = "html", title: str | None = None,
            published: str | None = None) -> Article:
    """One Article from an HTML document; a given `title` and `published` win over the page's own."""
    if nesting_depth(html) > MAX_DEPTH:
        raise InputError(source, f"HTML nested more than {MAX_DEPTH:,} levels deep (hostile or broken markup)")
    try:
        import trafilatura                # imported when a page is read: plain-text and JSONL runs never pay for it

        doc = trafilatura.bare_extraction(
            _control_free(html), url=url, with_metadata=True, include_comments=False, include_tables=False,
            deduplicate=False,
        )
    except (ValueError, TypeError, RecursionError, MemoryError) as e:   # lxml and trafilatura failures
        raise InputError(source, f"HTML could not be parsed ({type(e).__name__}: {e})") from e
    if doc is None or not (doc.text or "").strip():
        raise InputError(source, "no article text found in the HTML (only scripts, menus or an empty page)",
                         status="skipped")
    return build_article(
        html, source=source, file=file, format=format, encoding=encoding, body=doc.text,
        title=title or doc.title or None, url=doc.url or url, published=published or doc.date or None,
    )


def read(data: bytes, *, source: str, file: str | None) -> Iterator[Article]:
    html, encoding, _ = decode(data, source=source)
    yield extract(html, source=source, file=file, encoding=encoding)
