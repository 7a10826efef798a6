"""Hostile stores: damaged files, a newer Parley's store, a dropped table, a full disk, a read-only
mount, a --db under a missing folder or empty, and PostgreSQL URLs that hold a password.

Each case goes through `parley.cli.main` and checks what a person sees: one line on stderr naming
the store and what to do, the exit code (2 for a usage error; 3, the CLI's code for a StoreError,
when the store stopped the command), no traceback, and that the data already there stays readable
and unchanged.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import random
import re
import shutil
import sqlite3
import subprocess
import traceback
from pathlib import Path

import pytest

import parley
from parley.cli import main
from parley.errors import StoreError, StoreUnavailable, UsageError
from parley.ingest import build_article
from parley.store import display, open_store
from parley.store.sqlite import SQLiteStore
from parley.views.export import to_json

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "cop21"

EXIT_USAGE = 2
EXIT_STORE = 3           # cli.py: every StoreError ("the store failed") exits 3
READ_COMMANDS = [("export",), ("show", "0.txt"), ("timeline",), ("brief",), ("changes", "--since-last"),
                 ("positions",)]


# -- helpers ---------------------------------------------------------------------------------
def _cli(capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _one_line(err: str) -> str:
    """The one line on stderr (no traceback, nothing else)."""
    assert "Traceback" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("parley: "), err
    return lines[0]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _small_store(path: Path, n: int = 12) -> Path:
    """A store of `n` stored articles (no analysis: no spaCy needed), several pages long."""
    with open_store(path) as store:
        for i in range(n):
            text = f"Talks resume in Geneva, day {i}\n\n" + f"Delegates met on Monday, round {i}. " * 120
            article = build_article(text, source=f"/in/{i}.txt", file=f"{i}.txt", format="txt", encoding="utf-8")
            store.save(article, None, pipeline="v1", model=None)
    return path


def _input(tmp_path: Path) -> Path:
    path = tmp_path / "input" / "new.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text("Ministers meet in Paris\n\nMinisters met in Paris on Monday to discuss the draft.\n")
    return path


def _random_bytes(db: Path) -> None:
    db.write_bytes(random.Random(7).randbytes(16384))


def _truncated(db: Path) -> None:
    os.truncate(db, os.path.getsize(db) // 3)


def _overwritten_page(db: Path) -> None:
    """Random bytes over the first page of the articles table (a bad sector, a torn copy)."""
    conn = sqlite3.connect(db)
    root, size = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles'").fetchone()[0], \
        conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(db, "r+b") as f:
        f.seek((root - 1) * size)
        f.write(random.Random(8).randbytes(size))


def _newer_migration(db: Path) -> None:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("INSERT INTO migrations VALUES ('0009_x', datetime('now'))")
        conn.commit()


def _dropped_table(db: Path) -> None:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("DROP TABLE events")
        conn.commit()


DAMAGED = r"is not a Parley store or is damaged \([^()]+\): restore it or give another --db"
DAMAGES = {
    "random_bytes": (_random_bytes, "{db} is not a Parley store or is damaged (file is not a database): "
                                     "restore it or give another --db"),
    "truncated": (_truncated, None),
    "overwritten_page": (_overwritten_page, None),
    "newer_migration": (_newer_migration, "{db} was written by a newer Parley (migration 0009_x unknown): "
                                          "upgrade Parley"),
    "dropped_table": (_dropped_table, "{db} is missing table 'events': restore it from a backup or give another --db"),
}


# -- 1. damaged, newer and incomplete stores -------------------------------------------------------
def test_a_healthy_small_store_serves_every_read_command(tmp_path, capsys):
    db = _small_store(tmp_path / "s.db")
    for command in READ_COMMANDS:
        code, out, err = _cli(capsys, *command, "--db", db)
        assert (code, err) == (0, ""), (command, err)


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_newer_or_incomplete_store_is_one_line_from_every_command(damage, tmp_path, capsys):
    db = _small_store(tmp_path / "s.db")
    hurt, expected = DAMAGES[damage]
    hurt(db)
    before = _digest(db)
    for command in [*READ_COMMANDS, ("ingest", _input(tmp_path))]:
        code, out, err = _cli(capsys, *command, "--db", db)
        line = _one_line(err)
        if expected:
            assert line == "parley: " + expected.format(db=db), (command, line)
        else:
            assert re.fullmatch(f"parley: {re.escape(str(db))} {DAMAGED}", line), (command, line)
        assert code == EXIT_STORE, (command, code)
    assert _digest(db) == before                                 # nothing was written, migrated or "repaired"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["input", "s.db"]
    if damage in ("newer_migration", "dropped_table"):           # the data is still there for whoever can read it
        with contextlib.closing(sqlite3.connect(db)) as conn:
            assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 12


def test_a_read_error_after_opening_is_a_store_error_naming_the_store(tmp_path):
    db = _small_store(tmp_path / "s.db")
    _overwritten_page(db)
    with open_store(db) as store:                                # the schema is fine: opening succeeds
        with pytest.raises(StoreUnavailable, match=f"^{re.escape(str(db))} {DAMAGED}$"):
            store.articles()
        with pytest.raises(StoreError, match=re.escape(str(db))):
            store.article("0.txt")
    db = _small_store(tmp_path / "t.db")
    with open_store(db) as store:
        store.replace_events([{"id": "e1", "type": "meet", "text": "met", "status": "happened", "when": None,
                               "where": None, "actors": [], "sources": [], "history": []}])
        store.conn.execute("UPDATE events SET actors = 'not json'")
        with pytest.raises(StoreUnavailable, match=r"\(a stored record is not valid JSON\)"):
            store.events()


def test_another_programs_database_is_refused_and_left_alone(tmp_path, capsys):
    db = tmp_path / "other.sqlite"
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.commit()
    before = _digest(db)
    code, _, err = _cli(capsys, "export", "--db", db)
    assert code == EXIT_STORE
    assert _one_line(err) == (f"parley: {db} is not a Parley store (it holds another program's tables and no "
                              "Parley migrations): give another --db")
    assert _digest(db) == before


# -- 2. a full disk ------------------------------------------------------------------------------------
FULL = "cannot write to the store (database or disk is full): free space and run the same command again"


@contextlib.contextmanager
def _tmpfs(path: Path, size: str):
    path.mkdir()
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                              capture_output=True, text=True)
    except FileNotFoundError:
        pytest.skip("no mount command")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        _unmount(path)


def _unmount(path: Path) -> None:
    """Unmount `path`, lazily if it is still busy, so no test leaves a mount behind."""
    if subprocess.run(["umount", str(path)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _fill(disk: Path) -> Path:
    """Fill the disk to the last byte; returns the filler file."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        for chunk in (b"\0" * 4096, b"\0"):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, chunk)
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_at_commit_is_a_store_error_and_nothing_is_lost(tmp_path):
    """A real full disk (a 1 MB tmpfs) filling up while the store is open, as during a long ingest: the
    write fails at COMMIT, where the WAL grows."""
    with _tmpfs(tmp_path / "disk", "1m") as disk:
        db = disk / "s.db"
        small = build_article("Talks resume\n\nDelegates met on Monday.", source="/in/a.txt", file="a.txt",
                              format="txt", encoding="utf-8")
        big = build_article("Long report\n\n" + "The ministers met again and talked at length. " * 4000,
                            source="/in/b.txt", file="b.txt", format="txt", encoding="utf-8")
        with open_store(db) as store:
            assert store.save(small, None, pipeline="v1", model=None)
            filler = _fill(disk)
            with pytest.raises(StoreUnavailable) as e:
                store.save(big, None, pipeline="v1", model=None)
            assert str(e.value) == f"{db}: {FULL}"
            assert [a["file"] for a in store.articles()] == ["a.txt"]          # still readable, on this connection
            with open_store(db, create=False) as reader:                      # ... and on another
                assert [a["file"] for a in reader.articles()] == ["a.txt"]
        filler.unlink()                                                       # space again: the same write works
        with open_store(db) as store:
            assert store.save(big, None, pipeline="v1", model=None)
            assert sorted(a["file"] for a in store.articles()) == ["a.txt", "b.txt"]


def test_a_store_on_a_full_disk_says_so_when_opened(tmp_path, capsys):
    """A WAL store needs room for its -shm file even to be read: on a full disk it cannot be opened."""
    with _tmpfs(tmp_path / "disk", "1m") as disk:
        db = _small_store(disk / "s.db", n=2)
        filler = _fill(disk)
        before = _digest(db)
        for command in (("export",), ("ingest", _input(tmp_path))):
            code, out, err = _cli(capsys, *command, "--db", db)
            line = _one_line(err)
            assert code == EXIT_STORE
            assert line.startswith(f"parley: {db}: cannot open the store (the disk is full: "), line
            assert line.endswith("): free space and run the same command again"), line
        assert _digest(db) == before
        filler.unlink()
        assert _cli(capsys, "export", "--db", db)[0] == 0


def _cap_pages(store: SQLiteStore) -> None:
    """From here on the store cannot grow: SQLite answers SQLITE_FULL, as on a full disk."""
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")


@pytest.fixture
def half_ingested(tmp_path, capsys, nlp):
    """A folder of the sample's six articles, a store holding the first three (linked), and the export
    of all six ingested at once from the same folder (what the store must come to)."""
    folder = tmp_path / "in"
    folder.mkdir()
    files = sorted(SAMPLE.glob("*.txt"))
    for f in files:
        shutil.copy(f, folder / f.name)
    reference = tmp_path / "reference.db"
    assert _cli(capsys, "ingest", folder, "--db", reference, "-q")[0] == 0
    for f in files[3:]:
        (folder / f.name).unlink()
    db = tmp_path / "s.db"
    assert _cli(capsys, "ingest", folder, "--db", db, "-q")[0] == 0
    with open_store(db) as store:
        store.conn.execute("VACUUM")                            # no free pages: growth needs new ones
    for f in files[3:]:
        shutil.copy(f, folder / f.name)
    return folder, db, to_json(parley.export(db=reference))


@pytest.mark.model
def test_a_full_disk_while_linking_is_one_line_and_the_next_run_links_what_was_left(half_ingested, capsys,
                                                                                    monkeypatch):
    folder, db, reference = half_ingested
    before = parley.export(db=db)
    link_lock = SQLiteStore.link_lock

    @contextlib.contextmanager
    def full_from_here(self):
        _cap_pages(self)
        with link_lock(self):
            yield

    monkeypatch.setattr(SQLiteStore, "link_lock", full_from_here)
    code, out, err = _cli(capsys, "ingest", folder, "--db", db, "-q")
    assert code == EXIT_STORE
    assert _one_line(err) == f"parley: {db}: {FULL}"
    monkeypatch.undo()

    after = parley.export(db=db)                                 # what was stored stays readable
    assert len(after["articles"]) == 6
    kept = {a["id"]: a for a in after["articles"]}
    assert all(kept[a["id"]] == a for a in before["articles"])
    with open_store(db) as store:
        assert store.linked_state() != store.link_state()       # the new articles are not linked yet

    code, out, err = _cli(capsys, "ingest", folder, "--db", db, "-q")   # space again: the same command
    assert (code, "Traceback" in err) == (0, False), err
    with open_store(db) as store:
        assert store.linked_state() == store.link_state()
    assert to_json(parley.export(db=db)) == reference


@pytest.mark.model
def test_a_full_disk_while_storing_articles_loses_nothing_and_a_rerun_completes(half_ingested, capsys,
                                                                                monkeypatch):
    folder, db, reference = half_ingested
    before = to_json(parley.export(db=db))
    init = SQLiteStore.__init__

    def opened_full(self, *args, **kwargs):
        init(self, *args, **kwargs)
        _cap_pages(self)

    monkeypatch.setattr(SQLiteStore, "__init__", opened_full)
    code, out, err = _cli(capsys, "ingest", folder, "--db", db, "-q")
    monkeypatch.undo()
    assert code == EXIT_STORE
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines and all(line.startswith(("parley: ", "ingested ")) for line in lines), err
    assert any(line.endswith(f"{db}: {FULL}") for line in lines), err  # each one line naming the store and what to do
    assert to_json(parley.export(db=db)) == before               # the three stored before are as they were

    code, out, err = _cli(capsys, "ingest", folder, "--db", db, "-q")
    assert code == 0, err
    assert to_json(parley.export(db=db)) == reference


# -- 3. a read-only store --------------------------------------------------------------------------------
@contextlib.contextmanager
def _read_only(folder: Path, mount_at: Path):
    """`folder` (mode 0555, its files 0444) where nobody can write it: as itself for a user that is not
    root, else through a read-only bind mount at `mount_at` (root ignores modes)."""
    for f in folder.iterdir():
        f.chmod(0o444)
    folder.chmod(0o555)
    try:
        if os.geteuid() != 0:
            yield folder
            return
        mount_at.mkdir()
        steps = [["mount", "--bind", str(folder), str(mount_at)], ["mount", "-o", "remount,ro,bind", str(mount_at)]]
        for step in steps:
            try:
                done = subprocess.run(step, capture_output=True, text=True)
            except FileNotFoundError:
                done = None
            if done is None or done.returncode != 0:
                subprocess.run(["umount", str(mount_at)], capture_output=True)
                pytest.skip(f"cannot make a read-only mount here: {done.stderr.strip() if done else 'no mount'}")
        try:
            yield mount_at
        finally:
            _unmount(mount_at)
    finally:
        folder.chmod(0o755)
        for f in folder.iterdir():
            f.chmod(0o644)


@pytest.mark.model
def test_read_commands_read_a_read_only_store_and_write_nothing(sample_db, tmp_path, capsys):
    folder = tmp_path / "stores"
    folder.mkdir()
    db = folder / "story.db"
    with contextlib.closing(sqlite3.connect(sample_db)) as source, contextlib.closing(sqlite3.connect(db)) as copy:
        source.backup(copy)
    with open_store(db):                                         # a Parley store as ingest leaves it (WAL mode)
        pass
    expected = to_json(parley.export(db=db))
    name = parley.export(db=db)["articles"][0]["file"]
    with _read_only(folder, tmp_path / "ro") as ro:
        ro_db = ro / "story.db"
        files = {p.name: _digest(p) for p in ro.iterdir()}
        code, out, err = _cli(capsys, "export", "--db", ro_db)
        assert (code, err) == (0, "") and out == expected
        for command in [("show", name), ("timeline",), ("brief",), ("changes", "--since-last"), ("positions",)]:
            code, out, err = _cli(capsys, *command, "--db", ro_db)
            assert (code, err) == (0, ""), (command, err)
            assert out.strip(), command
        web = pytest.importorskip("parley.web")
        testclient = pytest.importorskip("starlette.testclient")
        with testclient.TestClient(web.create_app(str(ro_db)), base_url="http://127.0.0.1") as client:
            assert client.get("/").status_code == 200
        code, out, err = _cli(capsys, "ingest", *sorted(SAMPLE.glob("*.txt"))[:1], "--db", ro_db, "-q")
        assert code == 0, err                                    # nothing new to store: a read-only store will do
        empty = tmp_path / "empty.txt"
        empty.write_text("")
        code, out, err = _cli(capsys, "ingest", empty, "--db", ro_db)
        assert code == EXIT_STORE
        assert _one_line(err) == (f"parley: {ro_db} is read-only (attempt to write a readonly database): make it "
                                  "writable or give another --db")
        assert {p.name: _digest(p) for p in ro.iterdir()} == files          # not a byte written, no -wal, no -shm


def test_a_read_command_on_a_writable_store_leaves_no_files_and_cannot_write(tmp_path, capsys):
    db = _small_store(tmp_path / "s.db")
    code, out, err = _cli(capsys, "export", "--db", db)
    assert code == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["s.db"]
    with open_store(db, create=False) as store:
        with pytest.raises(StoreUnavailable, match="is read-only"):
            store.record_run(["x"])


# -- 4. where the store would be ------------------------------------------------------------------------------
def test_a_store_under_a_missing_folder_is_refused_and_the_folder_not_made(tmp_path, capsys):
    db = tmp_path / "x" / "y" / "s.db"
    for given in (str(db), f"sqlite:///{db}"):
        code, out, err = _cli(capsys, "ingest", _input(tmp_path), "--db", given)
        assert code == EXIT_USAGE
        assert _one_line(err) == f"parley: no folder {db.parent} for the store {db}: create it first"
        for command in READ_COMMANDS:
            code, out, err = _cli(capsys, *command, "--db", given)
            assert code == EXIT_USAGE and _one_line(err).startswith(f"parley: no store at {db}"), (command, err)
    assert not (tmp_path / "x").exists()


def test_an_empty_db_is_a_usage_error_not_the_default_store(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PARLEY_DB", raising=False)
    text = _input(tmp_path)
    for command in [("ingest", text), *READ_COMMANDS]:
        code, out, err = _cli(capsys, *command, "--db", "")
        assert code == EXIT_USAGE, command
        assert _one_line(err) == ("parley: --db is empty: give a store path or URL, or leave --db out for "
                                  "$PARLEY_DB or ./parley.db")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["input"]          # no ./parley.db
    with pytest.raises(UsageError):
        open_store("")


def test_a_folder_given_as_the_store_is_a_usage_error(tmp_path, capsys):
    code, out, err = _cli(capsys, "export", "--db", tmp_path)
    assert code == EXIT_USAGE
    assert _one_line(err) == (f"parley: {tmp_path} is a folder, not a store: give a file in it, such as "
                              f"{tmp_path / 'parley.db'}")


# -- 5. PostgreSQL URLs never show their password -------------------------------------------------------
# (URL, pieces of its password that must never be printed, the exit code, what the line says)
HOSTILE_URLS = [
    ("postgresql://user:Zq7s3cr/p4ssw@127.0.0.1:1/db", ("Zq7s3cr", "p4ssw"), EXIT_USAGE, "percent-encoded (/ as %2F"),
    ("postgresql://ann:Zq7s3cr@p4ssw@127.0.0.1:1/db", ("Zq7s3cr", "p4ssw"), EXIT_USAGE, "percent-encoded"),
    ("postgresql://user:Zq7s3cret@127.0.0.1:notaport/db", ("Zq7s3cret",), EXIT_USAGE,
     "port 'notaport' is not a number"),
    ("host=127.0.0.1 port=1 password=Zq7s3cret dbname=", ("Zq7s3cret",), EXIT_STORE, "cannot open the store"),
    ("dbname=story host=127.0.0.1 port=1 password=Zq7s3cret", ("Zq7s3cret",), EXIT_STORE, "cannot open the store"),
    ("host=127.0.0.1 port=1 password=Zq7s3cr p4ssw dbname=x", ("Zq7s3cr", "p4ssw"), EXIT_USAGE, "libpq can read"),
    ("postgresql://ann:Zq7s3cr p4ssw@127.0.0.1:1/db", ("Zq7s3cr", "p4ssw"), EXIT_USAGE, "libpq can read"),
    ("postgresql://ann:Zq7s%zz3cret@127.0.0.1:1/db", ("Zq7s", "zz3cret"), EXIT_USAGE, "libpq can read"),
    ("postgresql://ann@127.0.0.1:1/story?password=Zq7s3cret", ("Zq7s3cret",), EXIT_STORE, "cannot open the store"),
    ("postgresql://ann:Zq7s3cret@127.0.0.1:1/story?connect_timeout=5", ("Zq7s3cret",), EXIT_STORE,
     "cannot open the store"),
    ("postgresql:/ann:Zq7s3cret@127.0.0.1:1/story", ("Zq7s3cret",), EXIT_USAGE, "looks like a PostgreSQL URL"),
    ("POSTGRESQL://ann:Zq7s3cret@127.0.0.1:1/story", ("Zq7s3cret",), EXIT_USAGE, "looks like a PostgreSQL URL"),
]


@pytest.mark.parametrize("url, pieces, exit_code, says", HOSTILE_URLS, ids=[u for u, *_ in HOSTILE_URLS])
def test_no_message_shows_the_postgresql_password(url, pieces, exit_code, says, tmp_path, capsys):
    for command in (("export",), ("ingest", _input(tmp_path)), ("show", "x")):
        code, out, err = _cli(capsys, *command, "--db", url)
        line = _one_line(err)
        assert code == exit_code, (command, line)
        assert says in line, line
        for piece in pieces:
            assert piece not in out + err, (command, line)
    assert not any(piece in display(url) for piece in pieces)
    with pytest.raises((StoreError, UsageError)) as e:
        open_store(url)
    logged = "".join(traceback.format_exception(e.value))       # what a log of the exception would hold
    assert not any(piece in logged for piece in pieces), logged


def test_a_refused_connection_names_the_server_without_the_password(capsys):
    code, out, err = _cli(capsys, "export", "--db", "postgresql://ann:Zq7s3cret@127.0.0.1:1/story")
    line = _one_line(err)
    assert code == EXIT_STORE
    assert line.startswith("parley: postgresql://ann@127.0.0.1:1/story: cannot open the store (")
    assert line.endswith("): check that the server is running and that the host, port, user and password are right")


# -- the same schema checks on PostgreSQL ---------------------------------------------------------------
def test_postgres_store_of_a_newer_parley_or_without_a_table_is_one_line(pg_dsn, capsys):
    import psycopg

    open_store(pg_dsn).close()
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute("INSERT INTO migrations VALUES ('0009_x', 'now')")
    code, out, err = _cli(capsys, "export", "--db", pg_dsn)
    assert code == EXIT_STORE
    assert _one_line(err) == (f"parley: {display(pg_dsn)} was written by a newer Parley (migration 0009_x unknown): "
                              "upgrade Parley")
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute("DELETE FROM migrations WHERE name = '0009_x'")
        conn.execute("DROP TABLE events")
    code, out, err = _cli(capsys, "export", "--db", pg_dsn)
    assert code == EXIT_STORE
    assert _one_line(err) == (f"parley: {display(pg_dsn)} is missing table 'events': restore it from a backup or "
                              "give another --db")
    with psycopg.connect(pg_dsn, autocommit=True) as conn:         # and nothing was recreated behind its back
        assert conn.execute("SELECT to_regclass('events')").fetchone()[0] is None
