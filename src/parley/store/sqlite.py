"""The embedded store: one SQLite file (WAL mode), written one article per transaction.

Opening checks the file once: that it is a SQLite database at all, that it holds no migration this
Parley does not know (a store written by a newer Parley), and that every table and column the known
migrations create is there. After that any database error of a read or a write becomes a StoreError
naming the store and what to do (damaged, read-only, full, busy), never a traceback.

A store opened for reading (`create=False`, the read commands) is never written: a writable file
is opened with `PRAGMA query_only` (after applying pending migrations, as before), a read-only one
(a read-only mount, file or folder) with `mode=ro`, or `immutable=1` where its -wal/-shm files
cannot be created.
"""
from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import inspect
import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import StoreError, StoreUnavailable, UsageError
from ..models import Analysis, Article, Problem
from .migrations import MIGRATIONS, known, newer
from .records import ARTICLE_COLUMNS, LISTED, analysis_rows, copies_for, decode_record, id_prefix_range

BUSY_TIMEOUT_MS = 30_000

# SQLite's primary result codes (the low byte of an extended code)
SQLITE_ERROR, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 1, 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26
_UNDECODABLE = (json.JSONDecodeError, UnicodeDecodeError)     # a stored value damaged on disk


def _reason(e: BaseException) -> str:
    """A database error in a few words on one line (SQLite's message; never a stored text)."""
    text = str(e).strip()
    if text.startswith("Could not decode to UTF-8"):     # Python quotes the undecodable value after this
        column = text.split("column", 1)[1].split("with text", 1)[0].strip() if "column" in text else "?"
        return f"column {column} holds bytes that are not UTF-8"
    if isinstance(e, _UNDECODABLE):
        return "a stored record is not valid JSON" if isinstance(e, json.JSONDecodeError) else "undecodable text"
    line = (text.splitlines() or [type(e).__name__])[0]
    return line if len(line) <= 120 else line[:117] + "..."


def failure(path: str, e: BaseException, doing: str) -> StoreError:
    """The StoreError for database error `e` met while doing `doing`: one line naming the store and
    what to do; a StoreUnavailable when the store as a whole cannot be used."""
    code = (getattr(e, "sqlite_errorcode", None) or 0) & 0xFF
    reason = _reason(e)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB) or isinstance(e, _UNDECODABLE) or str(e).startswith("Could not decode"):
        return StoreUnavailable(f"{path} is not a Parley store or is damaged ({reason}): "
                                "restore it or give another --db")
    if code == SQLITE_FULL:
        return StoreUnavailable(f"{path}: cannot write to the store ({reason}): "
                                "free space and run the same command again")
    if code == SQLITE_READONLY:
        return StoreUnavailable(f"{path} is read-only ({reason}): make it writable or give another --db")
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreUnavailable(f"{path} is busy ({reason}): another process is using it; "
                                "run the same command again when it is done")
    if code in (SQLITE_IOERR, SQLITE_CANTOPEN) and _disk_full(path):   # e.g. no room for the -shm file
        return StoreUnavailable(f"{path}: cannot {doing} (the disk is full: {reason}): "
                                "free space and run the same command again")
    if code == SQLITE_IOERR:
        return StoreUnavailable(f"{path}: cannot {doing} ({reason}): check the disk (free space, errors) "
                                "and run the same command again")
    if code == SQLITE_CANTOPEN:
        return StoreUnavailable(f"{path}: cannot open the store ({reason}): check that the file and its "
                                "folder can be read (and written, to ingest)")
    return StoreError(f"{path}: cannot {doing} ({reason})")


def _disk_full(path: str) -> bool:
    """Whether the disk of `path` has (almost) no room left."""
    import shutil

    try:
        return shutil.disk_usage(Path(path).absolute().parent).free < 64 * 1024
    except OSError:
        return False


def _reads(doing: str):
    """Turn a database error (or a stored value that cannot be decoded) met by a read method into a
    StoreError naming the store; generators are wrapped while they are iterated."""
    caught = (sqlite3.DatabaseError, *_UNDECODABLE)

    def wrap(method):
        if inspect.isgeneratorfunction(method):
            @functools.wraps(method)
            def generator(self, *args, **kwargs):
                try:
                    yield from method(self, *args, **kwargs)
                except caught as e:
                    raise failure(self.path, e, doing) from e
            return generator

        @functools.wraps(method)
        def call(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except caught as e:
                raise failure(self.path, e, doing) from e
        return call
    return wrap


@functools.lru_cache(maxsize=1)
def expected_schema() -> dict[str, tuple[str, ...]]:
    """Every table the known migrations create (and `migrations`), with its columns: built once in memory."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        for _, sql in MIGRATIONS:
            conn.executescript(sql)
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
        return {t: tuple(r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')) for t in names}
    finally:
        conn.close()


def _writable(path: Path) -> bool:
    """Whether the store file (if it exists) and its folder can be written (a read-only mount says no
    even to root)."""
    folder = path.parent if str(path.parent) else Path(".")
    return (not path.exists() or os.access(path, os.W_OK)) and os.access(folder, os.W_OK)


class SQLiteStore:
    """A story store in one SQLite file.

    `create=False` (the read commands): the file must exist, and is opened for reading only.
    """

    backend = "sqlite"

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = str(path)
        self.readonly = False
        self.conn: sqlite3.Connection | None = None
        try:
            self._open(create)
        except BaseException:
            if self.conn is not None:
                self.conn.close()
            raise

    # -- opening ----------------------------------------------------------------------------
    def _open(self, create: bool) -> None:
        if self.path == ":memory:":
            self._open_readwrite()
            return
        path = Path(self.path)
        if path.is_dir():
            raise UsageError(f"{self.path} is a folder, not a store: give a file in it, such as {path / 'parley.db'}")
        if not path.exists():
            if not create:
                raise UsageError(f"no store at {self.path} (run `parley ingest ... --db {self.path}` first)")
            folder = path.parent if str(path.parent) else Path(".")
            if not folder.is_dir():
                raise UsageError(f"no folder {folder} for the store {self.path}: create it first")
            if not os.access(folder, os.W_OK):
                raise StoreUnavailable(f"{self.path}: cannot create the store (its folder {folder} is read-only): "
                                       "give another --db")
        if _writable(path):
            self._open_readwrite()
            if not create:
                self._execute("PRAGMA query_only = ON", "open the store")     # a read command writes nothing
        else:                                        # a read-only mount, file or folder: read it as it is
            self._open_readonly()
            self._check_schema(self._inspect(), migrate=False)

    def _execute(self, sql: str, doing: str):
        try:
            return self.conn.execute(sql)
        except sqlite3.DatabaseError as e:
            raise failure(self.path, e, doing) from e

    def _open_readwrite(self) -> None:
        try:
            self.conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.DatabaseError as e:
            raise failure(self.path, e, "open the store") from e
        self.conn.row_factory = sqlite3.Row
        self._execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}", "open the store")
        found = self._inspect()                  # before anything is written, even the journal mode
        self._use_wal()
        self._execute("PRAGMA foreign_keys = ON", "open the store")
        self._execute("PRAGMA synchronous = NORMAL", "open the store")
        self._check_schema(found, migrate=True)

    def _use_wal(self) -> None:
        """Switch the store to write-ahead logging (once, when it is created). SQLite answers a switch that
        races another connection's with "database is locked" at once, without waiting on the busy timeout
        (waiting could deadlock), so stores opened at the same moment retry here until that timeout."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        pause = 0.005
        while True:
            try:
                if self.conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
                    return
                self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.DatabaseError as e:
                busy = (getattr(e, "sqlite_errorcode", 0) or 0) & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
                if not busy or time.monotonic() >= deadline:
                    raise failure(self.path, e, "open the store") from e
            time.sleep(pause)
            pause = min(pause * 2, 0.25)

    def _open_readonly(self) -> None:
        """mode=ro; for a WAL store whose -wal/-shm files cannot be created (a read-only folder),
        immutable=1, which is safe only while no -wal file holds changes not yet in the store."""
        self.readonly = True
        uri = Path(self.path).absolute().as_uri()
        try:
            self.conn = sqlite3.connect(uri + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                        isolation_level=None)
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as e:
            if self.conn is not None:
                self.conn.close()
                self.conn = None
            if (getattr(e, "sqlite_errorcode", 0) or 0) & 0xFF != SQLITE_CANTOPEN:
                raise failure(self.path, e, "open the store") from e
            wal = Path(self.path + "-wal")
            if wal.exists() and wal.stat().st_size > 0:
                raise StoreUnavailable(
                    f"{self.path} is read-only and its last changes are still in {wal.name}, which cannot be read "
                    "here: copy the store with its -wal file somewhere writable and give that --db") from e
            try:
                self.conn = sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True, isolation_level=None)
            except sqlite3.DatabaseError as e2:
                raise failure(self.path, e2, "open the store") from e2
        self.conn.row_factory = sqlite3.Row
        self._execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}", "open the store")
        self._execute("PRAGMA foreign_keys = ON", "open the store")

    def _inspect(self) -> tuple[set[str], set[str]]:
        """The store's tables and applied migrations, read before anything is written; refuses a file that
        is not a database, another program's database and a store written by a newer Parley."""
        try:
            tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "migrations" in tables:
                applied = {r[0] for r in self.conn.execute("SELECT name FROM migrations")}
            elif tables - {"sqlite_sequence"}:
                raise StoreUnavailable(f"{self.path} is not a Parley store (it holds another program's tables and "
                                       "no Parley migrations): give another --db")
            else:
                applied = set()
        except sqlite3.DatabaseError as e:
            if (getattr(e, "sqlite_errorcode", 0) or 0) & 0xFF == SQLITE_ERROR:   # e.g. no column "name"
                raise StoreUnavailable(f"{self.path} is not a Parley store or is damaged ({_reason(e)}): "
                                       "restore it or give another --db") from e
            raise failure(self.path, e, "open the store") from e
        unknown = sorted(applied - set(known()))
        if unknown:
            raise StoreUnavailable(f"{self.path} was written by a newer Parley ({newer(unknown)}): upgrade Parley")
        return tables, applied

    def _check_schema(self, found: tuple[set[str], set[str]], *, migrate: bool) -> None:
        """Once, at open: apply the known migrations not yet applied (when `migrate`; a read-only store
        cannot be migrated), then check that every table and column they create is there."""
        tables, applied = found
        pending = [name for name in known() if name not in applied]
        if pending and migrate:
            self.migrate()
        elif pending:
            if not applied and not (tables - {"sqlite_sequence"}):
                raise StoreUnavailable(f"{self.path} is an empty store and is read-only: ingest into it where it is "
                                       "writable, or give another --db")
            raise StoreUnavailable(f"{self.path} was written by an older Parley and is read-only (migration "
                                   f"{pending[0]} not applied): open it once with `parley ingest` where it is "
                                   "writable, or give another --db")
        self._check_tables()

    def _check_tables(self) -> None:
        try:
            for table, columns in expected_schema().items():
                have = {r[1] for r in self.conn.execute(f'PRAGMA table_info("{table}")')}
                if not have:
                    raise StoreUnavailable(f"{self.path} is missing table '{table}': restore it from a backup "
                                           "or give another --db")
                missing = [c for c in columns if c not in have]
                if missing:
                    raise StoreUnavailable(f"{self.path}: table '{table}' is missing column '{missing[0]}': restore "
                                           "the store from a backup or give another --db")
        except sqlite3.DatabaseError as e:
            raise failure(self.path, e, "open the store") from e

    # -- schema ---------------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply the migrations not yet applied; returns their names."""
        with self._transaction("create the migrations table"):    # BEGIN IMMEDIATE waits on a busy store
            self.conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        applied = set(self.migrations())
        done = []
        for name, sql in MIGRATIONS:
            if name in applied:
                continue
            with self._transaction(f"apply migration {name}"):
                if self.conn.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                    continue                     # another process applied it meanwhile
                for statement in filter(str.strip, sql.split(";")):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO migrations VALUES (?, datetime('now'))", (name,))
            done.append(name)
        return done

    @_reads("read the migrations")
    def migrations(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM migrations ORDER BY name")]

    class _Tx:
        """One write transaction: BEGIN IMMEDIATE, then COMMIT, or ROLLBACK on any exception; a database
        error at any step (the COMMIT included: a full disk shows there) becomes a StoreError."""

        def __init__(self, conn: sqlite3.Connection, path: str, doing: str = "write to the store") -> None:
            self.conn = conn
            self.path = path
            self.doing = doing

        def __enter__(self):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.DatabaseError as e:
                raise failure(self.path, e, self.doing) from e
            return self.conn

        def _rollback(self) -> None:
            if self.conn.in_transaction:         # SQLite has rolled back itself after some errors (a full disk)
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.DatabaseError:
                    pass

        def __exit__(self, exc_type, exc, tb):
            if exc_type is None:
                try:
                    self.conn.execute("COMMIT")
                    return False
                except sqlite3.DatabaseError as e:
                    self._rollback()
                    raise failure(self.path, e, self.doing) from e
            self._rollback()
            if issubclass(exc_type, sqlite3.DatabaseError):
                raise failure(self.path, exc, self.doing) from exc
            return False

    def _transaction(self, doing: str = "write to the store") -> "_Tx":
        return self._Tx(self.conn, self.path, doing)

    # -- writing ----------------------------------------------------------------------------
    @_reads("read the store")
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
        with self._transaction(f"store article {article.id} from {article.source}") as c:
            row = c.execute("SELECT pipeline FROM articles WHERE id = ?", (article.id,)).fetchone()
            if row and row[0] == pipeline and not force:
                return False
            c.execute("DELETE FROM extractions WHERE article_id = ?", (article.id,))
            c.execute(
                f"INSERT OR REPLACE INTO articles ({', '.join(ARTICLE_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(ARTICLE_COLUMNS))})",
                (article.id, article.source, article.file, article.url, article.title, article.published,
                 article.published_by, article.language, article.status, article.reason, article.format,
                 article.encoding, article.raw, article.text, json.dumps([list(s) for s in article.offsets]),
                 pipeline, model, json.dumps(list(article.dropped), ensure_ascii=False)),
            )
            if analysis is not None:
                c.executemany("INSERT INTO extractions VALUES (?,?,?,?,?,?)",
                              [(article.id, *row) for row in analysis_rows(analysis)])
            c.execute("DELETE FROM problems WHERE source IN (?, ?)", (article.source, _input_of(article.source)))
        return True

    def save_problem(self, problem: Problem) -> None:
        with self._transaction(f"record the problem with {problem.source}") as c:
            c.execute("INSERT OR REPLACE INTO problems VALUES (?,?,?,?,?)",
                      (problem.source, problem.file, problem.url, problem.status, problem.reason))

    def replace_actors(self, actors: Iterable[dict], links: Iterable[tuple[str, str, str]]) -> None:
        """Replace the linked actors and the (article, local id) -> actor table in one transaction."""
        with self._transaction("replace the actors") as c:
            c.execute("DELETE FROM actor_mentions")
            c.execute("DELETE FROM actors")
            c.executemany("INSERT INTO actors (id, name, kind, country, aliases, titles, joined) VALUES (?,?,?,?,?,?,?)",
                          [(a["id"], a["name"], a["kind"], a["country"], json.dumps(a["aliases"]),
                            json.dumps(a["titles"]), json.dumps(a.get("joined") or {}, ensure_ascii=False))
                           for a in actors])
            c.executemany("INSERT INTO actor_mentions VALUES (?,?,?)", list(links))

    def replace_events(self, events: Iterable[dict]) -> None:
        """Replace the linked events in one transaction."""
        with self._transaction("replace the events") as c:
            c.execute("DELETE FROM events")
            c.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?)",
                          [(e["id"], e["type"], e["text"], e["status"], e["when"], e["where"],
                            json.dumps(e["actors"]), json.dumps(e["sources"]), json.dumps(e["history"]))
                           for e in events])

    def replace_link_problems(self, problems: Iterable[dict]) -> None:
        """Replace the records of articles that the last link stage could not link (article, layer, reason)."""
        with self._transaction("record the link problems") as c:
            c.execute("DELETE FROM link_problems")
            c.executemany("INSERT INTO link_problems VALUES (?,?,?)",
                          [(p["article"], p["layer"], p["reason"]) for p in problems])

    @_reads("read the link problems")
    def link_problems(self) -> list[dict[str, Any]]:
        return [{"article": r[0], "layer": r[1], "reason": r[2]} for r in
                self.conn.execute("SELECT article_id, layer, reason FROM link_problems ORDER BY article_id, layer")]

    @_reads("read the store")
    def link_state(self) -> str:
        """A fingerprint of the analysed articles: the links are current when it matches the last link's."""
        import hashlib

        digest = hashlib.sha1()
        for (ident, pipeline) in self.conn.execute("SELECT id, pipeline FROM articles ORDER BY id"):
            digest.update(f"{ident}:{pipeline};".encode())
        return digest.hexdigest()

    @_reads("read the store")
    def linked_state(self) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'linked'").fetchone()
        return row[0] if row else None

    @contextlib.contextmanager
    def link_lock(self) -> Iterator[None]:
        """Held while linking, so two ingests never interleave their link stages: a lock file kept in the
        system's temporary folder, named after the store's file (`_lock_path`), never beside the store."""
        if self.path == ":memory:" or self.readonly:    # nothing can link into a read-only store
            yield
            return
        lock = _lock_path(self.path)
        try:
            f = open(lock, "a+b")
        except OSError as e:
            raise StoreUnavailable(f"{self.path}: cannot create the lock file {lock} "
                                   f"({e.strerror or e}): free space in {os.path.dirname(lock)} or make it writable, "
                                   "then run the same command again") from e
        with f:
            fcntl.flock(f, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)

    def set_linked_state(self, state: str) -> None:
        with self._transaction("record the link state") as c:
            c.execute("INSERT OR REPLACE INTO meta VALUES ('linked', ?)", (state,))

    def set_copies(self, state: str, copies: dict[str, str]) -> None:
        """Remember which article is a copy of which (`parley.link.copies`), as found for the store in `state`."""
        with self._transaction("record the copies") as c:
            c.execute("INSERT OR REPLACE INTO meta VALUES ('copies', ?)",
                      (json.dumps({"state": state, "copies": copies}, sort_keys=True),))

    @_reads("read the copies")
    def copies(self, state: str) -> dict[str, str] | None:
        """The copies found for the store in `state`; None when none were found for it (an older link)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'copies'").fetchone()
        return copies_for(row[0] if row else None, state)

    def record_run(self, article_ids: Iterable[str]) -> int:
        """Remember which articles one ingest added (what `parley changes --since-last` reports)."""
        with self._transaction("record the run") as c:
            run = c.execute("INSERT INTO runs (finished) VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))").lastrowid
            c.executemany("INSERT OR IGNORE INTO run_articles VALUES (?, ?)", [(run, a) for a in article_ids])
        return run

    @_reads("read the last run")
    def last_run_articles(self) -> set[str]:
        row = self.conn.execute("SELECT max(run_id) FROM run_articles").fetchone()
        if not row or row[0] is None:
            return set()
        return {r[0] for r in self.conn.execute("SELECT article_id FROM run_articles WHERE run_id = ?", (row[0],))}

    @_reads("read the events")
    def events(self) -> list[dict[str, Any]]:
        out = []
        for r in self.conn.execute("SELECT * FROM events ORDER BY id"):
            d = dict(r)
            for k in ("actors", "sources", "history"):
                d[k] = json.loads(d[k])
            out.append(d)
        return out

    # -- reading ----------------------------------------------------------------------------
    @_reads("read the articles")
    def articles(self, *, status: str | None = None, texts: bool = True) -> list[dict[str, Any]]:
        """Every stored article (of that status), by id; without `texts`, without their texts and raw pages."""
        sql = f"SELECT {'*' if texts else LISTED} FROM articles" + (" WHERE status = ?" if status else "") + " ORDER BY id"
        return [dict(r) for r in self.conn.execute(sql, (status,) if status else ())]

    @_reads("look up an article")
    def article(self, key: str) -> dict[str, Any] | None:
        """An article by id, id prefix (6+ characters, compared exactly) or input file name."""
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (key,)).fetchone()
        if row is not None:
            return dict(row)                   # an exact id: one key lookup (the ingest's "already stored?")
        found = {}
        for sql, args in (("SELECT * FROM articles WHERE file = ?", (key,)),
                          ("SELECT * FROM articles WHERE source = ?", (key,)),
                          *((("SELECT * FROM articles WHERE id >= ? AND id < ?", prefix),)
                            if (prefix := id_prefix_range(key)) else ())):
            for r in self.conn.execute(sql, args):          # each an index lookup, never an OR'd scan
                found[r["id"]] = r
        rows = [found[k] for k in sorted(found)]
        return dict(rows[0]) if len(rows) == 1 else (None if not rows else _ambiguous(key, rows))

    @_reads("read an article's text")
    def article_text(self, article_id: str) -> str:
        """The cleaned text of the article with this exact id ("" if there is none): a key lookup."""
        row = self.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else ""

    @_reads("read the problems")
    def problems(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM problems ORDER BY source")]

    @_reads("read the stored records")
    def extractions(self, kind: str, *, article_id: str | None = None) -> Iterator[tuple[str, dict]]:
        """(article id, record) for every stored record of `kind`, ordered by article and position."""
        sql = "SELECT article_id, data FROM extractions WHERE kind = ?"
        args: tuple = (kind,)
        if article_id:
            sql += " AND article_id = ?"
            args += (article_id,)
        for row in self.conn.execute(sql + " ORDER BY article_id, seq", args):
            yield row[0], decode_record(row[1])

    @_reads("read the actors")
    def actors(self) -> list[dict[str, Any]]:
        out = []
        for r in self.conn.execute("SELECT * FROM actors ORDER BY id"):
            d = dict(r)
            d["aliases"], d["titles"] = json.loads(d["aliases"]), json.loads(d["titles"])
            d["joined"] = json.loads(d.get("joined") or "{}")
            out.append(d)
        return out

    @_reads("read the actor links")
    def actor_links(self) -> dict[tuple[str, str], str]:
        return {(r[0], r[1]): r[2] for r in self.conn.execute("SELECT article_id, local, actor_id FROM actor_mentions")}

    @_reads("count the rows")
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
    ids = ", ".join(r["id"] for r in rows[:5])
    raise UsageError(f"'{key}' matches {len(rows)} articles ({ids}); give more of the id")


def _lock_path(path: str) -> str:
    """Where the link lock of the store at `path` lives: one file per store (its device and inode, so two
    names of one file share it) in a folder of this user's in the temporary directory. (A lock on the
    database file itself would not do: closing any descriptor of it drops SQLite's own locks.)"""
    try:
        st = os.stat(path)
        key = f"{st.st_dev}:{st.st_ino}"
    except OSError:
        key = os.path.realpath(path)
    folder = os.path.join(tempfile.gettempdir(), f"parley-locks-{os.getuid()}")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    return os.path.join(folder, hashlib.sha1(key.encode()).hexdigest()[:20] + ".lock")


