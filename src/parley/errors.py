"""Parley's exceptions.

    ParleyError                 base of everything Parley raises on purpose
    ├── InputError              an input cannot be read as an article (names the input and the reason)
    ├── StoreError              the store cannot be opened, migrated or written
    │   └── StoreUnavailable    ... as a whole (damaged, newer, read-only, full, busy, unreachable): stop
    ├── ModelError              no English spaCy pipeline is installed
    └── UsageError              a caller asked for something that does not exist (unknown article, format)

The CLI turns each of these into one line on stderr; nothing else is caught there.
"""
from __future__ import annotations


class ParleyError(Exception):
    """Base class of Parley's own errors."""


class InputError(ParleyError):
    """An input (file, URL, line of a JSONL file, WARC record) could not become an article."""

    def __init__(self, source: str, reason: str, *, status: str = "error") -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
        self.status = status


class StoreError(ParleyError):
    """The store could not be opened, migrated or written."""


class StoreUnavailable(StoreError):
    """The store as a whole cannot be used: it is damaged or not a Parley store, was written by a newer
    Parley, is read-only, full, busy or unreachable. No later write of the same command can succeed, so a
    caller stops here instead of going on with the next article (a plain StoreError may concern one
    article only). The message names the store and says what to do."""


class ModelError(ParleyError):
    """The English spaCy pipeline is missing."""


class UsageError(ParleyError):
    """A request names something that does not exist or is not supported."""
