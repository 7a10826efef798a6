"""From what the user names (files, folders, "-") to Articles and Problems.

Folders are walked recursively in sorted order (symlink loops and unreadable entries become
problems); each file goes to the reader for its format, chosen by extension and, failing
that, by its first bytes. Paths in `exclude` (the store being written, say) are passed over.
"""
from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..models import Article, Problem
from . import html, jsonl, text, warc
from .decode import DEFAULT_MAX_BYTES
# A news article is tens of thousands of characters; past this it is a dump, not an article.
MAX_ARTICLE_CHARS = 300_000
log = logging.getLogger(__name__)

Reader = Callable[..., Iterable[Article | Problem]]
_BY_SUFFIX: dict[str, Reader] = {
    ".txt": text.read, ".text": text.read, ".md": text.read,
    ".html": html.read, ".htm": html.read, ".xhtml": html.read,
    ".jsonl": jsonl.read, ".ndjson": jsonl.read, ".json": jsonl.read,
    ".warc": warc.read, ".warc.gz": warc.read, ".arc": warc.read, ".arc.gz": warc.read,
}
# Files a folder walk passes over without a word: not articles, and not mistakes either.
_QUIET = {".ds_store", "thumbs.db", "readme.md", "license", "license.txt"}
# The files SQLite (and the store's lock) keep beside a database file.
_COMPANIONS = ("-wal", "-shm", "-journal", ".link-lock")
_SQLITE = b"SQLite format 3\x00"


def reader_for(name: str, head: bytes) -> Reader:
    """The reader for a file called `name` that starts with `head`."""
    lower = name.lower()
    for suffix in sorted(_BY_SUFFIX, key=len, reverse=True):
        if lower.endswith(suffix):
            return _BY_SUFFIX[suffix]
    sniff = head.lstrip()[:512].lower()
    if sniff.startswith(b"warc/"):
        return warc.read
    if sniff.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in sniff:
        return html.read
    if sniff.startswith((b"{", b"[")) and b'"text"' in head[:65536]:
        return jsonl.read
    return text.read


def read_bytes(data: bytes, *, source: str, file: str | None, name: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Problem]:
    """Articles from bytes already in memory; errors become Problems. `max_bytes` also caps
    what a compressed WARC record may decompress to."""
    if data.startswith(_SQLITE):
        yield Problem(source=source, file=file, status="skipped",
                      reason="binary content (a SQLite database, not an article)")
        return
    reader = reader_for(name or source, data[:4096])
    if reader is warc.read:
        reader = partial(warc.read, max_bytes=max_bytes)
    try:
        for item in reader(data, source=source, file=file):
            if isinstance(item, Article) and len(item.text) > MAX_ARTICLE_CHARS:
                item = Problem(source=item.source, file=file, url=item.url, status="skipped",
                               reason=f"text is {len(item.text):,} characters, more than one article "
                                      f"(limit {MAX_ARTICLE_CHARS:,})")
            yield item
    except InputError as e:
        yield Problem(source=e.source, file=file, reason=e.reason, status=e.status)
    except Exception as e:  # noqa: BLE001 - the last line of defence: a parser library failed on hostile input
        log.warning("reading %s failed", source, exc_info=True)
        yield Problem(source=source, file=file, reason=f"cannot be read ({type(e).__name__}: {str(e)[:200]})")


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Problem]:
    source, file = str(path), path.name
    try:
        if not path.is_file():
            raise InputError(source, "not a regular file (a pipe, socket or device)", status="skipped")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(source, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (--max-size)",
                             status="skipped")
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except InputError as e:
        yield Problem(source=e.source, file=file, reason=e.reason, status=e.status)
        return
    except PermissionError:
        yield Problem(source=source, file=file, reason="permission denied (file not readable)")
        return
    except OSError as e:
        yield Problem(source=source, file=file, reason=f"cannot read: {e.strerror or e}")
        return
    yield from read_bytes(data, source=source, file=file, name=path.name, max_bytes=max_bytes)


def read_stream(stream: BinaryIO, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Problem]:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield Problem(source="<stdin>", file=None, status="skipped",
                      reason=f"standard input is over the {max_bytes:,}-byte limit (--max-size)")
        return
    yield from read_bytes(data, source="<stdin>", file=None, max_bytes=max_bytes)


def walk(folder: Path) -> Iterator[Path | Problem]:
    """Files under `folder`, recursively, sorted; loops and unreadable folders as Problems."""
    seen: set[tuple[int, int]] = set()

    def visit(directory: Path) -> Iterator[Path | Problem]:
        try:
            st = directory.stat()
        except OSError as e:
            yield Problem(source=str(directory), file=directory.name, reason=f"cannot open folder: {e.strerror or e}")
            return
        if (st.st_dev, st.st_ino) in seen:
            yield Problem(source=str(directory), file=directory.name, status="skipped",
                          reason="symbolic link loop (folder already visited)")
            return
        seen.add((st.st_dev, st.st_ino))
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as e:
            yield Problem(source=str(directory), file=directory.name, reason=f"cannot list folder: {e.strerror or e}")
            return
        for entry in entries:
            if entry.name.startswith(".") or entry.name.lower() in _QUIET:
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                yield from visit(path)
            elif not path.exists():
                yield Problem(source=str(path), file=path.name, reason="broken symbolic link")
            elif entry.is_file():
                yield path
            else:
                yield Problem(source=str(path), file=path.name, status="skipped",
                              reason="not a regular file (a pipe, socket or device)")
    yield from visit(folder)


def _excluded(paths: Iterable[str | os.PathLike]) -> set[Path]:
    """The resolved `paths` and the files SQLite and the store keep beside each."""
    out: set[Path] = set()
    for path in paths:
        resolved = Path(path).resolve()
        out.add(resolved)
        out.update(resolved.with_name(resolved.name + suffix) for suffix in _COMPANIONS)
    return out


def read_sources(sources: Iterable[str | os.PathLike], *, max_bytes: int = DEFAULT_MAX_BYTES,
                 stdin: BinaryIO | None = None,
                 exclude: Iterable[str | os.PathLike] = ()) -> Iterator[Article | Problem]:
    """Every Article (or Problem) from the named sources, in order: "-" reads standard input.

    Files in `exclude` (compared as resolved paths), and their "-wal", "-shm", "-journal" and
    ".link-lock" companions, are passed over without a word: a store inside the input folder.
    """
    skip = _excluded(exclude)
    for source in sources:
        if str(source) == "-":
            yield from read_stream(stdin or sys.stdin.buffer, max_bytes=max_bytes)
            continue
        path = Path(source)
        if path.is_dir():
            for item in walk(path):
                if isinstance(item, Problem):
                    yield item
                elif not (skip and item.resolve() in skip):
                    yield from read_file(item, max_bytes=max_bytes)
        elif path.exists():
            if not (skip and path.resolve() in skip):
                yield from read_file(path, max_bytes=max_bytes)
        else:
            yield Problem(source=str(path), file=path.name, reason="no such file or folder")


def estimate_items(sources: Iterable[str | os.PathLike]) -> int | None:
    """How many inputs `sources` hold, for a progress bar: a line per JSON Lines record, one per other
    file; None where it cannot be known without reading everything (standard input, a web archive)."""
    total = 0
    for source in sources:
        if str(source) == "-":
            return None
        path = Path(source)
        files = [p for p in walk(path) if isinstance(p, Path)] if path.is_dir() else [path] if path.exists() else []
        for f in files:
            lower = f.name.lower()
            if ".warc" in lower or lower.endswith((".arc", ".arc.gz")):
                return None
            if lower.endswith((".jsonl", ".ndjson")):
                try:
                    with open(f, "rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                except OSError:
                    total += 1
            else:
                total += 1
    return total

