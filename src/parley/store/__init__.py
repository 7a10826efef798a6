"""Stores: where articles and what was found in them are kept.

`open_store(url)` takes a path (SQLite, the default) or a URL (`sqlite:///path`).
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


def open_store(url: str | os.PathLike | None = None) -> SQLiteStore:
    """Open (creating and migrating as needed) the store at `url`."""
    url = str(url or default_db())
    if url.startswith("sqlite:///"):
        return SQLiteStore(url[len("sqlite:///"):] or ":memory:")
    if url.startswith("sqlite://"):
        return SQLiteStore(url[len("sqlite://"):] or ":memory:")
    if "://" in url:
        scheme = url.split("://", 1)[0]
        raise UsageError(f"store URL scheme '{scheme}' is not supported yet (use a file path or sqlite:///path)")
    return SQLiteStore(Path(url))


__all__ = ["DEFAULT_DB", "SQLiteStore", "default_db", "open_store"]
