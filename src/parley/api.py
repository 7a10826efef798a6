"""The Python API: what the CLI calls, one function per command."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .errors import UsageError
from .ingest import DEFAULT_MAX_BYTES
from .models import IngestReport
from .store import open_store


def ingest(sources: Iterable[str | os.PathLike], *, db: str | os.PathLike | None = None,
           max_bytes: int = DEFAULT_MAX_BYTES, stdin=None,
           on_item: Callable | None = None) -> IngestReport:
    """Read, analyse and store `sources` (files, folders, "-" for stdin) into the store `db`."""
    from .pipeline import ingest as run

    with open_store(db) as store:
        return run([str(s) for s in sources], store, max_bytes=max_bytes, stdin=stdin, on_item=on_item)


def export(*, db: str | os.PathLike | None = None, format: str = "json") -> dict[str, Any]:
    """The story record in the store `db`, as the JSON export's dict."""
    from .views.export import build_export

    if format != "json":
        raise UsageError(f"export format '{format}' is not supported (json)")
    with open_store(db) as store:
        return build_export(store)


def positions(*, db: str | os.PathLike | None = None, party: str | None = None,
              issue: str | None = None) -> list[dict[str, Any]]:
    """The story's positions (party, issue, newest stance, history), filtered by party name or issue."""
    from .link.positions import link_positions

    with open_store(db) as store:
        names = {a["id"]: a for a in store.actors()}
        found = link_positions(store)
    if party:
        wanted = party.lower()
        found = [p for p in found if wanted in names[p["party"]]["name"].lower()
                 or any(wanted == a.lower() for a in names[p["party"]]["aliases"])]
    if issue:
        found = [p for p in found if issue.lower() in p["issue"] or any(issue.lower() in w.lower()
                                                                           for w in p["wordings"])]
    for p in found:
        p["party_name"] = names[p["party"]]["name"]
    return found


def show(article: str, *, db: str | os.PathLike | None = None) -> dict[str, Any]:
    """One stored article (by id, id prefix or file name) with its cleaned text."""
    with open_store(db) as store:
        found = store.article(article)
        if found is None:
            raise UsageError(f"no article '{article}' in the store {getattr(store, 'path', '')}")
        return found


def sample_corpus() -> Path:
    """The folder of the bundled sample articles (COP21, written by the Parley team)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "examples" / "cop21", here.parents[1] / "examples" / "cop21"):
        if candidate.is_dir():
            return candidate
    raise UsageError("the bundled sample corpus is missing from this installation")
