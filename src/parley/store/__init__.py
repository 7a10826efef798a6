"""Stores: where articles and what was found in them are kept.

`open_store(url)` takes a path (SQLite, the default), a URL (`sqlite:///path`) or a PostgreSQL
URL or connection string (`postgresql://user@host/db`, `host=... dbname=...`).
"""
from __future__ import annotations

import os
import re

from ..errors import UsageError
from .sqlite import SQLiteStore

DEFAULT_DB = "parley.db"


def default_db() -> str:
    """The store named by PARLEY_DB, else ./parley.db."""
    return os.environ.get("PARLEY_DB") or DEFAULT_DB


# libpq's connection keywords: a string starting with one of them (and "=") is a connection string
_LIBPQ_KEYWORD = re.compile(r"\s*(?:host|hostaddr|port|dbname|user|password|passfile|service|sslmode|"
                            r"connect_timeout|application_name|options|target_session_attrs)\s*=")
_LOOKS_LIKE_SERVER = re.compile(r"\s*postgres(?:ql)?(?:\+\w+)?:", re.IGNORECASE)   # a scheme, mistyped


def is_server_url(url: str | os.PathLike) -> bool:
    """Whether `url` names a PostgreSQL server rather than a SQLite file."""
    url = str(url)
    return (url.startswith(("postgresql://", "postgres://")) or bool(_LIBPQ_KEYWORD.match(url))
            or " dbname=" in url)


def display(url: str | os.PathLike | None) -> str:
    """The store's name for messages: a path, or a server URL without its password."""
    url = default_db() if url is None else str(url)
    if is_server_url(url):
        from .postgres import redact

        return redact(url)
    if _LOOKS_LIKE_SERVER.match(url):             # a mistyped server URL may hold a password: show its scheme only
        return url.split(":", 1)[0].strip() + ":..."
    return url


def open_store(url: str | os.PathLike | None = None, *, create: bool = True):
    """Open (creating and migrating as needed) the store at `url`; None is the default store ($PARLEY_DB,
    else ./parley.db), an empty string is a usage error.

    With `create=False` (the read commands) a SQLite file that does not exist is a usage error, not a new
    empty store, and the store is opened for reading only: it works on a read-only file or mount and is
    never written. Otherwise a missing folder is a usage error (it is never created)."""
    url = default_db() if url is None else os.fspath(url) if isinstance(url, os.PathLike) else str(url)
    if not url.strip():
        raise UsageError("--db is empty: give a store path or URL, or leave --db out for $PARLEY_DB or ./parley.db")
    if is_server_url(url):
        from .postgres import PostgresStore

        return PostgresStore(url)
    if _LOOKS_LIKE_SERVER.match(url):
        raise UsageError(f"--db {display(url)} looks like a PostgreSQL URL but is not one: write "
                         "postgresql://user:password@host:port/dbname (special characters in the password "
                         "percent-encoded), or host=... dbname=...")
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
    return SQLiteStore(path, create=create)


__all__ = ["DEFAULT_DB", "SQLiteStore", "default_db", "display", "is_server_url", "open_store"]
