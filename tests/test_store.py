"""SQLite-only store behaviour. The store contract shared by every backend (migrations,
idempotence, one transaction per article, lookups) is in test_store_backends.py."""
from __future__ import annotations

import sqlite3

import pytest

from parley.errors import StoreError, UsageError
from parley.ingest import build_article
from parley.store import open_store


def _article(text="Talks resume in Geneva\n\nDelegates met on Monday to resume the talks.", **kw):
    return build_article(text, source=kw.pop("source", "/in/a.txt"), file="a.txt", format="txt", encoding="utf-8")



def test_ambiguous_file_name_is_a_usage_error(tmp_path):
    a = _article(source="/one/a.txt")
    b = _article("Another story\n\nA different text entirely, about ports.", source="/two/a.txt")
    with open_store(tmp_path / "s.db") as store:
        store.save(a, None, pipeline="v1", model=None)
        store.save(b, None, pipeline="v1", model=None)
        with pytest.raises(UsageError, match="matches 2 articles"):
            store.article("a.txt")


def test_not_a_database_is_a_clear_store_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        open_store(path)


def test_unsupported_url_scheme(tmp_path):
    with pytest.raises(UsageError, match="mysql"):
        open_store("mysql://localhost/x")


def test_sqlite_url_and_env_default(tmp_path, monkeypatch):
    with open_store(f"sqlite:///{tmp_path / 'u.db'}") as store:
        assert store.path.endswith("u.db")
    monkeypatch.setenv("PARLEY_DB", str(tmp_path / "env.db"))
    with open_store() as store:
        assert store.path == str(tmp_path / "env.db")


def test_wal_mode_and_integrity(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        store.save(_article(), None, pipeline="v1", model=None)
    conn = sqlite3.connect(tmp_path / "s.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_underscores_in_a_lookup_key_are_not_wildcards(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        store.save(_article(), None, pipeline="v1", model=None)
        assert store.article("______") is None and store.article("%%%%%%") is None


def test_an_article_is_found_by_index_lookups_never_a_scan(tmp_path):
    a = _article(source="/one/a.txt")
    with open_store(tmp_path / "s.db") as store:
        store.save(a, None, pipeline="v1", model=None)
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        for key in (a.id, a.id[:8], "a.txt", "/one/a.txt", "nothing-like-it"):
            found = store.article(key)
            assert (found or {}).get("id") == (None if key == "nothing-like-it" else a.id), key
        store.conn.set_trace_callback(None)
        lookups = [s for s in statements if s.lstrip().upper().startswith("SELECT") and "FROM articles" in s]
        assert lookups
        for sql in lookups:
            plan = " ".join(r[3] for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql))
            assert "SCAN" not in plan, (sql, plan)


def test_records_are_stored_as_asdict_gives_them(nlp):
    import dataclasses
    import json

    from parley.ingest.article import build_article
    from parley.pipeline import analyze_doc
    from parley.store.records import KINDS, plain

    text = ("Orlova and Kesh will resume talks on the Tamsa dam in Varn next Tuesday, the mediator, Ilse Marrow, "
            "said on 3 March 2031. \"We are close,\" she said, but Kesh still demands a joint inspection board. "
            "The signing planned for April was called off.")
    article = build_article(text, source="own", file=None, format="text", encoding="utf-8", published="2031-03-03")
    analysis = analyze_doc(nlp(text), article)
    seen = 0
    for _, attr in KINDS:
        for record in getattr(analysis, attr):
            assert json.dumps(plain(record), sort_keys=True) == json.dumps(dataclasses.asdict(record), sort_keys=True)
            seen += 1
    assert seen > 10 and analysis.quotes and analysis.events
