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
           max_bytes: int = DEFAULT_MAX_BYTES, stdin=None, on_item: Callable | None = None,
           workers: int = 1, engine: str = "local", scheduler: str | None = None) -> IngestReport:
    """Read, analyse and store `sources` (files, folders, "-" for stdin) into the store `db`.

    `workers` > 1 analyses in that many processes; `engine="dask"` on a Dask cluster (the one at
    `scheduler`, or a local one of `workers` processes). The store is written by this process only.
    """
    from .engines import make_engine

    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]                  # one path, not the characters of its name
    sources = [str(s) for s in sources]
    empty = [s for s in sources if _empty_folder(s)]
    if empty and len(empty) == len(sources):     # nothing at all to read: say so, and create no store
        raise UsageError(f"{empty[0]}: the folder holds no files to read" if len(empty) == 1 else
                         f"the folders {', '.join(empty)} hold no files to read")
    runner = make_engine(engine, workers=workers, scheduler=scheduler)   # workers load while this process reads
    try:
        from .pipeline import ingest as run

        with open_store(db) as store:
            return run(sources, store, max_bytes=max_bytes, stdin=stdin, on_item=on_item, engine=runner)
    finally:
        runner.close()


def _empty_folder(source: str) -> bool:
    """Whether `source` is a folder with no file anywhere below it."""
    path = Path(source)
    if source == "-" or not path.is_dir():
        return False
    return not any(files for _, _, files in os.walk(path))


EXPORT_FORMATS = ("json", "csv", "parquet", "timelinejs")


def export(*, db: str | os.PathLike | None = None, format: str = "json") -> dict[str, Any]:
    """The story record in the store `db`, as the JSON export's dict (or TimelineJS's)."""
    from .views.export import build_export

    if format not in ("json", "timelinejs"):
        raise UsageError(f"export format '{format}' gives files, not a record: use export_files")
    with open_store(db, create=False) as store:
        record = build_export(store)
    if format == "timelinejs":
        from .views.tables import timelinejs

        return timelinejs(record)
    return record


def check_table_output(out: str | os.PathLike, format: str) -> None:
    """Refuse, with the reason, an output named as one table file: the tables are one file each."""
    if Path(out).suffix.lower() in (".csv", ".parquet"):
        raise UsageError(f"{out}: the {format} export is one file per table (articles, actors, events, quotes, "
                         "...): give a folder" + (" or a .zip file" if format == "csv" else "") + ", not one file")


def export_files(out: str | os.PathLike, *, db: str | os.PathLike | None = None, format: str = "csv",
                 excel: bool = False) -> list[Path]:
    """Write the story as tables: CSV (a folder, or a .zip; `excel`: with a UTF-8 byte order mark) or
    Parquet (a folder), one file per table."""
    from .views import tables

    if format not in ("csv", "parquet"):
        raise UsageError(f"export format '{format}' does not write tables (csv, parquet)")
    check_table_output(out, format)
    if format == "csv":
        return tables.write_csv(export(db=db), Path(out), excel=excel)
    return tables.write_parquet(export(db=db), Path(out))


def story(*, db: str | os.PathLike | None = None):
    """The story with its lookups, for the views (timeline, brief, changes)."""
    from .views.story import load_story

    with open_store(db, create=False) as store:
        return load_story(store)


def changes(*, db: str | os.PathLike | None = None, since: str | None = None, since_last: bool = False) -> dict:
    """What is new or different since a date (YYYY-MM-DD) or since the previous ingest."""
    from .views import changes as ch
    from .views.story import load_story

    if bool(since) == bool(since_last):
        raise UsageError("give either --since DATE or --since-last")
    with open_store(db, create=False) as store:
        s = load_story(store)
        new = ch.since(s, since) if since else store.last_run_articles()
    return ch.changes(s, new_articles=new)


def positions(*, db: str | os.PathLike | None = None, party: str | None = None,
              issue: str | None = None) -> list[dict[str, Any]]:
    """The story's positions (party, issue, newest stance, history), filtered by party name or issue."""
    from .link.positions import link_positions

    with open_store(db, create=False) as store:
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
    with open_store(db, create=False) as store:
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
