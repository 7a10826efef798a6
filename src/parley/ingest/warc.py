"""WARC reader (warcio): every HTML or text response record is an article.

The WARC-Date is when the page was crawled, not when it was published, so it is not used
as the publication date. Nothing is decompressed to more than `max_bytes` (--max-size): each
gzip member of a .warc.gz (a record) and each record's HTTP body (Content-Encoding) is read up
to that limit, so a gzip bomb is the problem of its record, named by its target URI.
"""
from __future__ import annotations

import io
import logging
import re
import zlib
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..models import Article, Problem
from .decode import DEFAULT_MAX_BYTES, decode
from . import html as html_reader
from .article import build_article

log = logging.getLogger(__name__)

_CHUNK = 1 << 16
_HEAD = 8192                    # what is kept of a record passed over as too big: its headers, for the message
# HTTP content codings read here, and the zlib window bits for each (None: as is).
_CODINGS = {"identity": None, "gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


def read(data: bytes, *, source: str, file: str | None,
         max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Problem]:
    found = 0
    members = _Members(data, max_bytes) if data[:2] == b"\x1f\x8b" else None
    try:
        for record in ArchiveIterator(members or io.BytesIO(data)):
            too_big = _oversized(members, source=source, file=file, limit=max_bytes)
            found += len(too_big)
            yield from too_big
            if record.rec_type not in ("response", "resource"):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{source}#{url or found}"
            http = record.http_headers
            ctype = ((http.get_header("Content-Type") if http else None)
                     or record.rec_headers.get_header("Content-Type") or "").lower()
            if http is not None and not (http.get_statuscode() or "200").startswith("2"):
                continue
            article = "html" in ctype or ctype.startswith("text/plain")
            found += 1
            try:
                payload = _body(record, where=where, limit=max_bytes) if article else _skip(record.raw_stream)
                if getattr(record.raw_stream, "limit", 0):
                    yield Problem(source=where, file=file, url=url,
                                  reason=f"WARC record is truncated ({record.raw_stream.limit} bytes missing)")
                    continue
                if not article:
                    found -= 1              # scripts, styles, images, JSON: part of a crawl, not articles
                    log.debug("%s: passing over a %s record", where, ctype or "untyped")
                    continue
                text, encoding, _ = decode(payload, source=where)
                if "html" in ctype:
                    yield html_reader.extract(text, source=where, file=file, url=url, encoding=encoding,
                                              format="warc")
                else:
                    yield build_article(text, source=where, file=file, url=url, format="warc",
                                        encoding=encoding)
            except InputError as e:
                yield Problem(source=e.source, file=file, url=url, reason=e.reason, status=e.status)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError, TypeError) as e:
        # warcio fails in several ways on a damaged archive; each means "cannot read further"
        raise InputError(source, f"WARC archive is damaged after {found} record(s): {e}") from e
    too_big = _oversized(members, source=source, file=file, limit=max_bytes)
    found += len(too_big)
    yield from too_big
    if members and members.truncated:
        yield Problem(source=source, file=file, reason=f"WARC archive is truncated (its gzip stream ends early, "
                                                       f"after {found} readable record(s))")
    elif not found:
        raise InputError(source, "WARC archive holds no HTML or text records", status="skipped")


def _skip(stream) -> bytes:
    """Read `stream` to its end without keeping it (to see whether the record is whole)."""
    while stream.read(_CHUNK):
        pass
    return b""


def _body(record, *, where: str, limit: int) -> bytes:
    """The record's (HTTP) body, de-chunked and decompressed; never more than `limit` bytes in memory."""
    http = record.http_headers
    stream = record.raw_stream
    if http is not None and (http.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
        stream = ChunkedDataReader(stream)
    coding = ((http.get_header("Content-Encoding") if http is not None else None) or "identity").strip().lower()
    if coding not in _CODINGS:
        raise InputError(where, f"HTTP content encoding '{coding}' is not supported", status="skipped")
    inflater = None
    body = bytearray()
    while len(body) <= limit:
        room = limit + 1 - len(body)
        data = (inflater.unconsumed_tail if inflater else b"") or stream.read(min(_CHUNK, room))
        if not data:
            break
        if _CODINGS[coding] is None:
            body += data
            continue
        if inflater is None:                # "deflate" is zlib-wrapped, or raw deflate from some servers
            raw = coding == "deflate" and not (data[0] & 0x0F == 8 and int.from_bytes(data[:2], "big") % 31 == 0)
            inflater = zlib.decompressobj(-zlib.MAX_WBITS if raw else _CODINGS[coding])
        try:
            body += inflater.decompress(data, room)
        except zlib.error as e:
            raise InputError(where, f"HTTP body is not valid {coding} data ({e})") from e
    if len(body) > limit:
        how = "is" if _CODINGS[coding] is None else f"decompresses ({coding}) to"
        raise InputError(where, f"WARC record {how} more than {limit:,} bytes, over the limit (--max-size)",
                         status="skipped")
    return bytes(body)


class _Members(io.RawIOBase):
    """The WARC inside a .warc.gz, decompressed one gzip member (one record, as WARC writers
    write them) at a time. A member that decompresses to more than `limit` bytes is passed
    over, its first bytes kept in `oversized`; `truncated` says the last member was cut short."""

    def __init__(self, data: bytes, limit: int) -> None:
        super().__init__()
        self.data, self.limit, self.pos = data, limit, 0
        self.out, self.at = bytearray(), 0            # the current member's content, and how far read
        self.oversized: list[bytes] = []
        self.truncated = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self.at >= len(self.out) and self.pos < len(self.data):
            self._next_member()
        n = min(len(buffer), len(self.out) - self.at)
        buffer[:n] = self.out[self.at:self.at + n]
        self.at += n
        return n

    def _next_member(self) -> None:
        start = self.pos
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out: bytearray | None = bytearray()
        size = 0
        while not inflater.eof:
            feed = inflater.unconsumed_tail
            if not feed:
                feed = self.data[self.pos:self.pos + _CHUNK]
                self.pos += len(feed)
                if not feed:
                    self.truncated = True
                    break
            try:
                piece = inflater.decompress(feed, _CHUNK)
            except zlib.error as e:
                raise OSError(f"not gzip data at byte {start:,} ({e})") from e
            size += len(piece)
            if out is not None:
                out += piece
                if size > self.limit:                  # keep the headers for the message, drop the rest
                    self.oversized.append(bytes(out[:_HEAD]))
                    out = None
        self.pos -= len(inflater.unused_data)
        self.out, self.at = out or bytearray(), 0



def _oversized(members: _Members | None, *, source: str, file: str | None, limit: int) -> list[Problem]:
    """A problem for each response or resource record passed over as too big since the last call."""
    problems = []
    while members and members.oversized:
        head = members.oversized.pop(0)
        kind = re.search(rb"(?im)^WARC-Type:[ \t]*(\S+)", head)
        if kind and kind.group(1).lower() not in (b"response", b"resource"):
            continue
        uri = re.search(rb"(?im)^WARC-Target-URI:[ \t]*<?([^\s>]+)", head)
        url = uri.group(1).decode("utf-8", "replace") if uri else None
        problems.append(Problem(source=f"{source}#{url}" if url else source, file=file, url=url, status="skipped",
                                reason=f"WARC record is more than {limit:,} bytes decompressed, over the limit "
                                       f"(--max-size)"))
    return problems
