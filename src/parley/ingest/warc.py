"""WARC reader (warcio): every HTML or text response record is an article.

The WARC-Date is when the page was crawled, not when it was published, so it is not used
as the publication date.
"""
from __future__ import annotations

import gzip
import io
import logging
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..models import Article, Problem
from .decode import decode, sniff_binary
from . import html as html_reader
from .article import build_article

log = logging.getLogger(__name__)


def read(data: bytes, *, source: str, file: str | None) -> Iterator[Article | Problem]:
    found = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type not in ("response", "resource"):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{source}#{url or found}"
            http = record.http_headers
            ctype = ((http.get_header("Content-Type") if http else None)
                     or record.rec_headers.get_header("Content-Type") or "").lower()
            if http is not None and not (http.get_statuscode() or "200").startswith("2"):
                continue
            payload = record.content_stream().read()
            found += 1
            if getattr(record.raw_stream, "limit", 0):
                yield Problem(source=where, file=file, url=url,
                              reason=f"WARC record is truncated ({record.raw_stream.limit} bytes missing)")
                continue
            try:
                if "html" in ctype:
                    text, encoding, _ = decode(payload, source=where)
                    yield html_reader.extract(text, source=where, file=file, url=url, encoding=encoding,
                                              format="warc")
                elif ctype.startswith("text/plain"):
                    text, encoding, _ = decode(payload, source=where)
                    yield build_article(text, source=where, file=file, url=url, format="warc",
                                        encoding=encoding)
                else:
                    found -= 1              # scripts, styles, images, JSON: part of a crawl, not articles
                    log.debug("%s: passing over a %s record", where, ctype or sniff_binary(payload) or "binary")
            except InputError as e:
                yield Problem(source=e.source, file=file, url=url, reason=e.reason, status=e.status)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError, TypeError) as e:
        # warcio fails in several ways on a damaged archive; each means "cannot read further"
        raise InputError(source, f"WARC archive is damaged after {found} record(s): {e}") from e
    if data[:2] == b"\x1f\x8b" and not _gzip_complete(data):
        yield Problem(source=source, file=file, reason=f"WARC archive is truncated (its gzip stream ends early, "
                                                       f"after {found} readable record(s))")
    elif not found:
        raise InputError(source, "WARC archive holds no HTML or text records", status="skipped")


def _gzip_complete(data: bytes) -> bool:
    """Whether every gzip member runs to its end (warcio stops quietly at a cut one)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
            while f.read(1 << 20):
                pass
    except (EOFError, OSError):
        return False
    return True
