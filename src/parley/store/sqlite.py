"""The embedded store: one SQLite file (WAL mode), written one article per transaction."""
from __future__ import annotations

import contextlib
import fcntl
import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..models import Analysis, Article, Problem
from .migrations import MIGRATIONS
from .records import analysis_rows

BUSY_TIMEOUT_MS = 30_000


class SQLiteStore:
    """A story store in one SQLite file."""

    backend = "sqlite"

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.migrate()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: cannot open the store ({e})") from e

    # -- schema ---------------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply the migrations not yet applied; returns their names."""
        self.conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        applied = {r[0] for r in self.conn.execute("SELECT name FROM migrations")}
        done = []
        for name, sql in MIGRATIONS:
            if name in applied:
                continue
            with self._transaction():
                if self.conn.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                    continue                     # another process applied it meanwhile
                for statement in filter(str.strip, sql.split(";")):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO migrations VALUES (?, datetime('now'))", (name,))
            done.append(name)
        return done

    def migrations(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM migrations ORDER BY name")]

    class _Tx:
        def __init__(self, conn: sqlite3.Connection, path: str) -> None:
            self.conn = conn
            self.path = path

        def __enter__(self):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.DatabaseError as e:
                raise StoreError(f"{self.path}: cannot write to the store ({e})") from e
            return self.conn

        def __exit__(self, exc_type, exc, tb):
            self.conn.execute("COMMIT" if exc_type is None else "ROLLBACK")
            if exc_type is not None and issubclass(exc_type, sqlite3.DatabaseError):
                raise StoreError(f"{self.path}: cannot write to the store ({exc})") from exc
            return False

    def _transaction(self) -> "_Tx":
        return self._Tx(self.conn, self.path)

    # -- writing ----------------------------------------------------------------------------
    def is_analysed(self, article_id: str, pipeline: str) -> bool:
        row = self.conn.execute("SELECT pipeline FROM articles WHERE id = ?", (article_id,)).fetchone()
        return bool(row) and row[0] == pipeline

    def save(self, article: Article, analysis: Analysis | None, *, pipeline: str, model: str | None,
             force: bool = False) -> bool:
        """Store an article and what was found in it, in one transaction.

        Returns False (and changes nothing) when the article is already stored by this
        pipeline version, unless `force` (a re-analysis, e.g. after re-dating); an article
        stored by an older version is replaced.
        """
        try:
            with self._transaction() as c:
                row = c.execute("SELECT pipeline FROM articles WHERE id = ?", (article.id,)).fetchone()
                if row and row[0] == pipeline and not force:
                    return False
                c.execute("DELETE FROM extractions WHERE article_id = ?", (article.id,))
                c.execute(
                    "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (article.id, article.source, article.file, article.url, article.title, article.published,
                     article.published_by, article.language, article.status, article.reason, article.format,
                     article.encoding, article.raw, article.text, json.dumps([list(s) for s in article.offsets]),
                     pipeline, model),
                )
                if analysis is not None:
                    c.executemany("INSERT INTO extractions VALUES (?,?,?,?,?,?)",
                                  [(article.id, *row) for row in analysis_rows(analysis)])
                c.execute("DELETE FROM problems WHERE source IN (?, ?)", (article.source, _input_of(article.source)))
            return True
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: cannot store article {article.id} from {article.source} ({e})") from e

    def save_problem(self, problem: Problem) -> None:
        with self._transaction() as c:
            c.execute("INSERT OR REPLACE INTO problems VALUES (?,?,?,?,?)",
                      (problem.source, problem.file, problem.url, problem.status, problem.reason))

    def replace_actors(self, actors: Iterable[dict], links: Iterable[tuple[str, str, str]]) -> None:
        """Replace the linked actors and the (article, local id) -> actor table in one transaction."""
        with self._transaction() as c:
            c.execute("DELETE FROM actor_mentions")
            c.execute("DELETE FROM actors")
            c.executemany("INSERT INTO actors VALUES (?,?,?,?,?,?)",
                          [(a["id"], a["name"], a["kind"], a["country"], json.dumps(a["aliases"]),
                            json.dumps(a["titles"])) for a in actors])
            c.executemany("INSERT INTO actor_mentions VALUES (?,?,?)", list(links))

    def replace_events(self, events: Iterable[dict]) -> None:
        """Replace the linked events in one transaction."""
        with self._transaction() as c:
            c.execute("DELETE FROM events")
            c.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?)",
                          [(e["id"], e["type"], e["text"], e["status"], e["when"], e["where"],
                            json.dumps(e["actors"]), json.dumps(e["sources"]), json.dumps(e["history"]))
                           for e in events])

    def link_state(self) -> str:
        """A fingerprint of the analysed articles: the links are current when it matches the last link's."""
        import hashlib

        digest = hashlib.sha1()
        for (ident, pipeline) in self.conn.execute("SELECT id, pipeline FROM articles ORDER BY id"):
            digest.update(f"{ident}:{pipeline};".encode())
        return digest.hexdigest()

    def linked_state(self) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'linked'").fetchone()
        return row[0] if row else None

    @contextlib.contextmanager
    def link_lock(self) -> Iterator[None]:
        """Held while linking, so two ingests never interleave their link stages (a lock file)."""
        if self.path == ":memory:":
            yield
            return
        with open(self.path + ".link-lock", "a+b") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)

    def set_linked_state(self, state: str) -> None:
        with self._transaction() as c:
            c.execute("INSERT OR REPLACE INTO meta VALUES ('linked', ?)", (state,))

    def record_run(self, article_ids: Iterable[str]) -> int:
        """Remember which articles one ingest added (what `parley changes --since-last` reports)."""
        with self._transaction() as c:
            run = c.execute("INSERT INTO runs (finished) VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))").lastrowid
            c.executemany("INSERT OR IGNORE INTO run_articles VALUES (?, ?)", [(run, a) for a in article_ids])
        return run

    def last_run_articles(self) -> set[str]:
        row = self.conn.execute("SELECT max(run_id) FROM run_articles").fetchone()
        if not row or row[0] is None:
            return set()
        return {r[0] for r in self.conn.execute("SELECT article_id FROM run_articles WHERE run_id = ?", (row[0],))}

    def events(self) -> list[dict[str, Any]]:
        out = []
        for r in self.conn.execute("SELECT * FROM events ORDER BY id"):
            d = dict(r)
            for k in ("actors", "sources", "history"):
                d[k] = json.loads(d[k])
            out.append(d)
        return out

    # -- reading ----------------------------------------------------------------------------
    def articles(self, *, status: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM articles" + (" WHERE status = ?" if status else "") + " ORDER BY id"
        return [dict(r) for r in self.conn.execute(sql, (status,) if status else ())]

    def article(self, key: str) -> dict[str, Any] | None:
        """An article by id, id prefix (6+ characters, compared exactly) or input file name."""
        prefix = key.lower()
        rows = self.conn.execute(
            "SELECT * FROM articles WHERE id = ? OR (length(?) >= 6 AND substr(id, 1, length(?)) = ?) OR file = ? "
            "OR source = ? ORDER BY id", (key, prefix, prefix, prefix, key, key)).fetchall()
        return dict(rows[0]) if len(rows) == 1 else (None if not rows else _ambiguous(key, rows))

    def problems(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM problems ORDER BY source")]

    def extractions(self, kind: str, *, article_id: str | None = None) -> Iterator[tuple[str, dict]]:
        """(article id, record) for every stored record of `kind`, ordered by article and position."""
        sql = "SELECT article_id, data FROM extractions WHERE kind = ?"
        args: tuple = (kind,)
        if article_id:
            sql += " AND article_id = ?"
            args += (article_id,)
        for row in self.conn.execute(sql + " ORDER BY article_id, seq", args):
            yield row[0], json.loads(row[1])

    def actors(self) -> list[dict[str, Any]]:
        out = []
        for r in self.conn.execute("SELECT * FROM actors ORDER BY id"):
            d = dict(r)
            d["aliases"], d["titles"] = json.loads(d["aliases"]), json.loads(d["titles"])
            out.append(d)
        return out

    def actor_links(self) -> dict[tuple[str, str], str]:
        return {(r[0], r[1]): r[2] for r in self.conn.execute("SELECT article_id, local, actor_id FROM actor_mentions")}

    def count(self, table: str) -> int:
        if table not in ("articles", "problems", "extractions", "actors", "events"):
            raise ValueError(table)
        return self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "SQLiteStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _input_of(source: str) -> str:
    """The input a source came from: "feed.jsonl:7" and "crawl.warc#url" -> the file."""
    for mark in ("#", ":"):
        head, sep, tail = source.rpartition(mark)
        if sep and head and (mark == "#" or tail.isdigit()):
            return head
    return source


def _ambiguous(key: str, rows: list) -> None:
    from ..errors import UsageError

    ids = ", ".join(r["id"] for r in rows[:5])
    raise UsageError(f"'{key}' matches {len(rows)} articles ({ids}); give more of the id")
