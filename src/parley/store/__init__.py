"""Stores: where articles and what was found in them are kept.

`open_store(url)` takes a path (SQLite, the default), a URL (`sqlite:///path`) or a PostgreSQL
URL or connection string (`postgresql://user@host/db`, `host=... dbname=...`).
"""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import UsageError
from .sqlite import SQLiteStore

DEFAULT_DB = "parley.db"


def default_db() -> str:
    """The store named by PARLEY_DB, else ./parley.db."""
    return os.environ.get("PARLEY_DB") or DEFAULT_DB


def is_server_url(url: str | os.PathLike) -> bool:
    """Whether `url` names a PostgreSQL server rather than a SQLite file."""
    url = str(url)
    return url.startswith(("postgresql://", "postgres://")) or url.startswith("host=") or " dbname=" in url


def display(url: str | os.PathLike | None) -> str:
    """The store's name for messages: a path, or a server URL without its password."""
    url = str(url or default_db())
    if is_server_url(url):
        from .postgres import redact

        return redact(url)
    return url


def open_store(url: str | os.PathLike | None = None, *, create: bool = True):
    """Open (creating and migrating as needed) the store at `url`; with `create=False` a SQLite
    file that does not exist is a usage error, not a new empty store (for read-only commands)."""
    url = str(url or default_db())
    if is_server_url(url):
        from .postgres import PostgresStore

        return PostgresStore(url)
    path = url
    for prefix in ("sqlite:///", "sqlite://"):
        if url.startswith(prefix):
            path = url[len(prefix):] or ":memory:"
            break
    else:
        if "://" in url:
            scheme = url.split("://", 1)[0]
            raise UsageError(f"store URL scheme '{scheme}' is not supported (a file path, sqlite:///path or "
                             f"postgresql://...)")
    if not create and path != ":memory:" and not Path(path).exists():
        raise UsageError(f"no store at {path} (run `parley ingest ... --db {url}` first)")
    return SQLiteStore(path)


__all__ = ["DEFAULT_DB", "SQLiteStore", "default_db", "open_store"]
