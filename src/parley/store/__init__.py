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


def open_store(url: str | os.PathLike | None = None):
    """Open (creating and migrating as needed) the store at `url`."""
    url = str(url or default_db())
    if url.startswith("sqlite:///"):
        return SQLiteStore(url[len("sqlite:///"):] or ":memory:")
    if url.startswith("sqlite://"):
        return SQLiteStore(url[len("sqlite://"):] or ":memory:")
    if is_server_url(url):
        from .postgres import PostgresStore

        return PostgresStore(url)
    if "://" in url:
        scheme = url.split("://", 1)[0]
        raise UsageError(f"store URL scheme '{scheme}' is not supported (a file path, sqlite:///path or "
                         f"postgresql://...)")
    return SQLiteStore(Path(url))


__all__ = ["DEFAULT_DB", "SQLiteStore", "default_db", "open_store"]
