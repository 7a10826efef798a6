"""The store contract on every backend: SQLite (a file) and PostgreSQL (a throwaway server).

The PostgreSQL cases start one server for the session (see ../shared/design/environment.md,
section 3: initdb refuses root, so the server runs as the `postgres` user) and give each test
a fresh database; they are skipped where no PostgreSQL server binaries are installed.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import parley
from parley.errors import StoreError, UsageError
from parley.ingest import build_article
from parley.models import Analysis, Mention, Problem, Sentence
from parley.store import open_store
from parley.store.migrations import MIGRATIONS
from parley.views.export import to_json

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "cop21"
NAMES = [name for name, _ in MIGRATIONS]


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """A fresh store of each backend: a SQLite file path, or a PostgreSQL conninfo."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("pg_dsn")


# -- helpers ---------------------------------------------------------------------------------
def _article(text="Talks resume in Geneva\n\nDelegates met on Monday to resume the talks.", **kw):
    return build_article(text, source=kw.pop("source", "/in/a.txt"), file=kw.pop("file", "a.txt"),
                         format="txt", encoding="utf-8")


def _analysis(article):
    return Analysis(
        sentences=(Sentence(start=0, end=22, text=article.text[:22]),),
        mentions=(Mention(start=16, end=22, text="Geneva", kind="place", name="Geneva", key="geneva",
                          local="l:geneva"),),
    )


def _rows(store, sql: str) -> list[tuple]:
    """Rows of a parameterless query, as tuples, on either backend."""
    return [tuple(dict(r).values()) for r in store.conn.execute(sql).fetchall()]


# -- the contract ------------------------------------------------------------------------------
def test_migrations_are_named_applied_once_and_recorded(store_url):
    with open_store(store_url) as store:
        assert store.migrations() == NAMES
        assert store.migrate() == []
    with open_store(store_url) as store:                   # reopening applies nothing twice
        assert store.migrate() == []
        assert store.migrations() == NAMES
        assert _rows(store, "SELECT count(*) FROM migrations") == [(len(NAMES),)]


def test_stores_opened_at_once_migrate_once(store_url):
    errors: list[BaseException] = []

    def open_one():
        try:
            open_store(store_url).close()
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_store(store_url) as store:
        assert store.migrations() == NAMES


def test_new_sqlite_store_waits_for_a_writer_holding_it(tmp_path):
    """A store being created while another connection holds its write lock (a second `parley ingest`
    started at the same moment): SQLite answers the switch to write-ahead logging with "database is
    locked" at once, without its busy timeout; opening must wait for the writer instead of failing."""
    path = tmp_path / "store.db"
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: writer.execute("COMMIT"))
    release.start()
    try:
        with open_store(str(path)) as store:
            assert store.migrations() == NAMES
    finally:
        release.join()
        writer.close()


def test_save_is_idempotent(store_url):
    article = _article()
    with open_store(store_url) as store:
        assert store.save(article, _analysis(article), pipeline="v1", model="m") is True
        before = list(store.extractions("mention"))
        assert store.save(article, _analysis(article), pipeline="v1", model="m") is False
        assert store.count("articles") == 1
        assert list(store.extractions("mention")) == before
        assert store.is_analysed(article.id, "v1")
        assert not store.is_analysed(article.id, "v2")
        assert not store.is_analysed("0" * 16, "v1")


def test_new_pipeline_version_reanalyses_in_place(store_url):
    article = _article()
    with open_store(store_url) as store:
        store.save(article, _analysis(article), pipeline="v1", model="m")
        store.replace_actors([{"id": "actor-geneva", "name": "Geneva", "kind": "place", "country": "CH",
                               "aliases": [], "titles": []}], [(article.id, "l:geneva", "actor-geneva")])
        assert store.save(article, Analysis(), pipeline="v2", model="m2") is True
        assert store.count("articles") == 1
        assert list(store.extractions("mention")) == []
        assert store.actor_links() == {}                  # its links went with its old extractions
        row = store.article(article.id)
        assert (row["pipeline"], row["model"]) == ("v2", "m2")
        assert store.save(article, Analysis(), pipeline="v2", model="m2", force=True) is True


def test_stored_text_offsets_point_at_their_span(store_url):
    article = _article()
    with open_store(store_url) as store:
        store.save(article, _analysis(article), pipeline="v1", model="m")
        row = store.article(article.id)
        assert row["text"] == article.text and row["raw"] == article.raw
        mentions = list(store.extractions("mention", article_id=article.id))
        assert mentions
        for _, m in mentions:
            assert row["text"][m["start"]:m["end"]] == m["text"]


def test_problem_does_not_touch_stored_article(store_url):
    article = _article()
    with open_store(store_url) as store:
        store.save(article, _analysis(article), pipeline="v1", model="m")
        store.save_problem(Problem(source="/in/a.txt", file="a.txt", reason="empty file", status="skipped"))
        store.save_problem(Problem(source="/in/a.txt", file="a.txt", reason="still empty", status="skipped"))
        assert store.article(article.id)["text"] == article.text
        assert [(p["source"], p["reason"]) for p in store.problems()] == [("/in/a.txt", "still empty")]


def test_successful_save_clears_earlier_problem_of_same_source(store_url):
    article = _article()
    with open_store(store_url) as store:
        store.save_problem(Problem(source="/in/a.txt", file="a.txt", reason="empty file", status="skipped"))
        store.save_problem(Problem(source="/in/b.txt", file="b.txt", reason="empty file", status="skipped"))
        store.save(article, _analysis(article), pipeline="v1", model="m")
        assert [p["source"] for p in store.problems()] == ["/in/b.txt"]


def test_failed_write_leaves_nothing_half_written(store_url):
    article = _article()
    unserialisable = Mention(start=0, end=1, text="T", kind="place", name="T", key="t", local="x",
                             titles=(object(),))
    with open_store(store_url) as store:
        with pytest.raises(TypeError):
            store.save(article, Analysis(sentences=_analysis(article).sentences, mentions=(unserialisable,)),
                       pipeline="v1", model="m")
        assert store.count("articles") == 0
        assert store.count("extractions") == 0
        assert store.save(article, _analysis(article), pipeline="v1", model="m") is True   # still usable


def test_article_lookup_by_id_prefix_and_file(store_url):
    article = _article()
    other = _article("Another story\n\nA different text entirely, about ports.", source="/two/a.txt")
    with open_store(store_url) as store:
        store.save(article, None, pipeline="v1", model=None)
        assert store.article(article.id)["id"] == article.id
        assert store.article(article.id[:8])["id"] == article.id
        assert store.article(article.id[:8].upper())["id"] == article.id     # SQLite's LIKE ignores case
        assert store.article("a.txt")["id"] == article.id
        assert store.article("/in/a.txt")["id"] == article.id
        assert store.article("nothing-like-it") is None
        store.save(other, None, pipeline="v1", model=None)
        with pytest.raises(UsageError, match="matches 2 articles"):
            store.article("a.txt")


def test_articles_listing_and_status_filter(store_url):
    a = _article()
    b = _article("Another story\n\nA different text entirely, about ports.", source="/in/b.txt", file="b.txt")
    with open_store(store_url) as store:
        store.save(a, None, pipeline="v1", model=None)
        store.save(b, None, pipeline="v1", model=None)
        assert [r["id"] for r in store.articles()] == sorted([a.id, b.id])
        assert len(store.articles(status="ok")) == 2 and store.articles(status="error") == []
        with pytest.raises(ValueError):
            store.count("migrations")


def test_replace_actors_and_links_round_trip(store_url):
    article = _article()
    actors = [
        {"id": "actor-b", "name": "Laurent Fabius", "kind": "person", "country": "FR",
         "aliases": ["Fabius"], "titles": ["foreign minister", "président"],
         "joined": {"Fabius": "part of the story's one full name with it"}},
        {"id": "actor-a", "name": "Geneva", "kind": "place", "country": None, "aliases": [], "titles": [],
         "joined": {}},
    ]
    with open_store(store_url) as store:
        store.save(article, _analysis(article), pipeline="v1", model="m")
        store.replace_actors(actors, [(article.id, "l:geneva", "actor-a"), (article.id, "p:fabius", "actor-b")])
        assert store.actors() == sorted(actors, key=lambda a: a["id"])
        assert store.actor_links() == {(article.id, "l:geneva"): "actor-a", (article.id, "p:fabius"): "actor-b"}
        store.replace_actors(actors[1:], iter([(article.id, "l:geneva", "actor-a")]))
        assert [a["id"] for a in store.actors()] == ["actor-a"]
        assert store.actor_links() == {(article.id, "l:geneva"): "actor-a"}
        assert store.count("actors") == 1


def test_replace_events_round_trip(store_url):
    events = [
        {"id": "event-2", "type": "adopt", "text": "adopted the agreement", "status": "happened",
         "when": "2015-12-12", "where": "actor-paris", "actors": ["actor-a"],
         "sources": [{"article": "abc", "start": 1, "end": 9}],
         "history": [{"status": "planned", "when": "2015-12-11", "article": "abc", "published": "2015-12-10"}]},
        {"id": "event-1", "type": "meet", "text": "met", "status": "planned", "when": None, "where": None,
         "actors": [], "sources": [], "history": []},
    ]
    with open_store(store_url) as store:
        store.replace_events(events)
        assert store.events() == sorted(events, key=lambda e: e["id"])
        store.replace_events(events[:1])
        assert store.events() == events[:1]
        assert store.count("events") == 1


def test_record_run_and_last_run_articles(store_url):
    with open_store(store_url) as store:
        assert store.last_run_articles() == set()
        first = store.record_run(["a1", "a2"])
        assert isinstance(first, int)
        assert store.last_run_articles() == {"a1", "a2"}
        second = store.record_run(["a3", "a3"])            # a repeated id is kept once
        assert second > first
        assert store.last_run_articles() == {"a3"}
        finished = _rows(store, "SELECT finished FROM runs ORDER BY id")
        assert len(finished) == 2 and all(len(f) == 20 and f.endswith("Z") and f[10] == "T" for (f,) in finished)


def test_link_state_follows_the_analysed_articles(store_url):
    article = _article()
    with open_store(store_url) as store:
        empty = store.link_state()
        assert store.linked_state() is None
        store.save(article, None, pipeline="v1", model=None)
        v1 = store.link_state()
        assert v1 != empty
        store.set_linked_state(v1)
        store.set_linked_state(v1)
        assert store.linked_state() == v1
        store.save(article, None, pipeline="v2", model=None)
        assert store.link_state() not in (v1, empty)


def test_link_state_is_the_same_on_every_backend(tmp_path, pg_dsn):
    articles = [_article(), _article("Another story\n\nA different text entirely, about ports.", source="/in/b")]
    states = []
    for url in (str(tmp_path / "s.db"), pg_dsn):
        with open_store(url) as store:
            for a in articles:
                store.save(a, None, pipeline="v1", model=None)
            states.append(store.link_state())
    assert states[0] == states[1]


def test_postgres_store_has_the_sqlite_store_interface():
    import inspect

    from parley.store.postgres import PostgresStore
    from parley.store.sqlite import SQLiteStore

    def interface(cls):
        return {name: [(p.name, p.kind, p.default) for p in inspect.signature(f).parameters.values()]
                for name, f in vars(cls).items() if callable(f) and not name.startswith("_")}

    assert interface(PostgresStore) == interface(SQLiteStore)
    assert (PostgresStore.backend, SQLiteStore.backend) == ("postgresql", "sqlite")


def test_postgres_path_and_errors_hide_the_password():
    from parley.store.postgres import redact

    assert redact("postgresql://ann:s3cret@db.example:5432/story?sslmode=require&password=x") == \
        "postgresql://ann@db.example:5432/story?sslmode=require"
    assert redact("host=db port=5432 password='a b' dbname=story user=ann") == "host=db port=5432 dbname=story user=ann"
    with pytest.raises(StoreError) as e:
        open_store("postgresql://ann:s3cret@127.0.0.1:1/story?connect_timeout=5")
    assert "127.0.0.1:1/story" in str(e.value) and "s3cret" not in str(e.value)
    assert "cannot open the store" in str(e.value)


def test_postgres_store_reports_its_backend(pg_dsn):
    with open_store(pg_dsn) as store:
        assert store.backend == "postgresql" and store.path == pg_dsn


def test_postgres_saves_of_one_article_wait_for_each_other(pg_dsn):
    """The "already analysed?" check and the write are one step: a second writer waits, then sees it."""
    article = _article()
    first, second = open_store(pg_dsn), open_store(pg_dsn)
    results: list = []
    waiter = threading.Thread(target=lambda: results.append(second.save(article, _analysis(article), pipeline="v1",
                                                                         model="m")))
    try:
        with first.conn.transaction():                     # hold the first save's locks until this block ends
            assert first.save(article, _analysis(article), pipeline="v1", model="m") is True
            first.replace_actors([], [])
            actor_waiter = threading.Thread(target=lambda: results.append(second.replace_actors([], [])))
            waiter.start()
            waiter.join(0.5)
            assert waiter.is_alive() and results == []     # the second save waits for the article's lock
        waiter.join(10)
        assert results == [False]                          # ... and then finds it stored: nothing written twice
        with first.conn.transaction():
            first.replace_actors([{"id": "x", "name": "X", "kind": "person", "country": None, "aliases": [],
                                   "titles": []}], [(article.id, "l:geneva", "x")])
            actor_waiter.start()
            actor_waiter.join(0.5)
            assert actor_waiter.is_alive()                 # replacing actors waits too, then deletes these
        actor_waiter.join(10)
        assert results == [False, None] and second.actors() == [] and second.actor_links() == {}
        assert second.count("extractions") == 2
    finally:
        first.close()
        second.close()


# -- end to end --------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def single_process_export(tmp_path_factory) -> str:
    """The JSON export of the sample corpus ingested once into a SQLite store, by this process."""
    db = tmp_path_factory.mktemp("reference") / "story.db"
    parley.ingest([SAMPLE], db=db)
    return to_json(parley.export(db=db))


def _store_name(url: str) -> str:
    return url.rsplit("dbname=", 1)[-1] if "dbname=" in url else url


def test_ingest_and_export_are_the_same_on_every_backend(store_url, single_process_export):
    report = parley.ingest([SAMPLE], db=store_url)
    assert len(report.added) == 6 and report.exit_code == 0
    exported = to_json(parley.export(db=store_url))
    assert _store_name(store_url) not in exported
    assert exported == single_process_export
    again = parley.ingest([SAMPLE], db=store_url)          # a second ingest changes nothing
    assert again.added == [] and len(again.unchanged) == 6
    assert to_json(parley.export(db=store_url)) == single_process_export


def test_two_processes_ingesting_overlapping_inputs_at_once(store_url, single_process_export):
    files = sorted(str(p) for p in SAMPLE.glob("*.txt"))
    assert len(files) == 6
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    sets = [files[:5], files[1:]]                           # files 2 to 5 go to both
    procs = [subprocess.Popen([sys.executable, "-m", "parley.cli", "ingest", *paths, "--db", store_url, "-q"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for paths in sets]
    results = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, results):
        assert p.returncode == 0, f"exit {p.returncode}\n{out}\n{err}"
    with open_store(store_url) as store:
        assert store.count("articles") == 6
        assert store.migrations() == NAMES
        assert _rows(store, "SELECT count(*) FROM migrations") == [(len(NAMES),)]
        assert _rows(store, "SELECT article_id, kind, seq, count(*) FROM extractions "
                            "GROUP BY article_id, kind, seq HAVING count(*) <> 1") == []
        assert _rows(store, "SELECT source, count(*) FROM articles GROUP BY source HAVING count(*) <> 1") == []
        assert store.problems() == []
    assert to_json(parley.export(db=store_url)) == single_process_export
