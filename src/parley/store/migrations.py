"""Named schema migrations, applied in order, each in its own transaction, recorded by name."""
from __future__ import annotations

MIGRATIONS: list[tuple[str, str]] = [
    ("0001_articles", """
        CREATE TABLE articles (
            id            TEXT PRIMARY KEY,      -- content hash of the cleaned text
            source        TEXT NOT NULL,         -- path, path:line, URL or <stdin>
            file          TEXT,
            url           TEXT,
            title         TEXT NOT NULL,
            published     TEXT,                  -- YYYY-MM-DD
            published_by  TEXT,                  -- which fallback found it
            language      TEXT NOT NULL,
            status        TEXT NOT NULL,
            reason        TEXT,
            format        TEXT NOT NULL,
            encoding      TEXT NOT NULL,
            raw           TEXT NOT NULL,         -- the input as read
            text          TEXT NOT NULL,         -- cleaned text, every offset points into it
            offsets       TEXT NOT NULL,         -- JSON [[clean_start, raw_start, length], ...]
            pipeline      TEXT,                  -- Parley version that analysed it
            model         TEXT                   -- spaCy pipeline that analysed it
        );
        CREATE INDEX articles_file ON articles(file);
        CREATE TABLE problems (
            source  TEXT PRIMARY KEY,
            file    TEXT,
            url     TEXT,
            status  TEXT NOT NULL,
            reason  TEXT NOT NULL
        );
        CREATE TABLE extractions (
            article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            kind        TEXT NOT NULL,           -- sentence | mention | time | quote | event
            seq         INTEGER NOT NULL,
            start       INTEGER NOT NULL,
            "end"       INTEGER NOT NULL,
            data        TEXT NOT NULL,           -- the record as JSON
            PRIMARY KEY (article_id, kind, seq)
        );
        CREATE INDEX extractions_kind ON extractions(kind);
    """),
    ("0002_actors", """
        CREATE TABLE actors (
            id       TEXT PRIMARY KEY,
            name     TEXT NOT NULL,
            kind     TEXT NOT NULL,
            country  TEXT,
            aliases  TEXT NOT NULL,              -- JSON list
            titles   TEXT NOT NULL               -- JSON list
        );
        CREATE TABLE actor_mentions (
            article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            local       TEXT NOT NULL,           -- the actor's id inside the article
            actor_id    TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
            PRIMARY KEY (article_id, local)
        );
    """),
    ("0003_events", """
        CREATE TABLE events (
            id       TEXT PRIMARY KEY,
            type     TEXT NOT NULL,
            text     TEXT NOT NULL,
            status   TEXT NOT NULL,
            "when"   TEXT,
            "where"  TEXT,
            actors   TEXT NOT NULL,              -- JSON list of actor ids
            sources  TEXT NOT NULL,              -- JSON list of {article, start, end}
            history  TEXT NOT NULL               -- JSON list of {status, when, article, published}
        )
    """),
    ("0004_runs", """
        CREATE TABLE runs (
            id        INTEGER PRIMARY KEY AUTOINCREMENT,
            finished  TEXT NOT NULL              -- when the ingest ended (UTC, ISO 8601)
        );
        CREATE TABLE run_articles (
            run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            article_id  TEXT NOT NULL,
            PRIMARY KEY (run_id, article_id)
        )
    """),
    ("0005_meta", """
        CREATE TABLE meta (
            key    TEXT PRIMARY KEY,
            value  TEXT NOT NULL
        )
    """),
    ("0006_link_problems", """
        CREATE TABLE link_problems (
            article_id  TEXT NOT NULL,           -- the article whose records could not be linked
            layer       TEXT NOT NULL,           -- mentions | events | quotes | positions
            reason      TEXT NOT NULL,
            PRIMARY KEY (article_id, layer)
        )
    """),
    ("0007_dropped_furniture", """
        ALTER TABLE articles ADD COLUMN dropped TEXT NOT NULL DEFAULT '[]'
    """),
    ("0008_actor_joins", """
        ALTER TABLE actors ADD COLUMN joined TEXT NOT NULL DEFAULT '{}'
    """),
    ("0009_article_source_index", """
        CREATE INDEX articles_source ON articles(source)
    """),
]


def known() -> list[str]:
    """The names of the migrations this Parley knows, in order."""
    return [name for name, _ in MIGRATIONS]


def tables(names: list[str] | None = None) -> list[str]:
    """The tables the migrations (all, or those named) create, in order, without `migrations` itself."""
    import re

    wanted = set(known() if names is None else names)
    return [t for name, sql in MIGRATIONS if name in wanted
            for t in re.findall(r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?\"?(\w+)", sql, flags=re.IGNORECASE)]


def newer(unknown: list[str]) -> str:
    """Migrations a newer Parley applied, for a message: "migration 0009_x unknown"."""
    names = ", ".join(unknown[:3]) + (" ..." if len(unknown) > 3 else "")
    return f"migration{'s' if len(unknown) > 1 else ''} {names} unknown"
