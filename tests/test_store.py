"""The SQLite store: named migrations, one transaction per article, idempotence."""
from __future__ import annotations

import sqlite3

import pytest

from parley.errors import StoreError, UsageError
from parley.ingest import build_article
from parley.models import Analysis, Mention, Problem, Sentence
from parley.store import open_store
from parley.store.migrations import MIGRATIONS


def _article(text="Talks resume in Geneva\n\nDelegates met on Monday to resume the talks.", **kw):
    return build_article(text, source=kw.pop("source", "/in/a.txt"), file="a.txt", format="txt", encoding="utf-8")


def _analysis(article):
    return Analysis(
        sentences=(Sentence(start=0, end=22, text=article.text[:22]),),
        mentions=(Mention(start=16, end=22, text="Geneva", kind="place", name="Geneva", key="geneva",
                          local="l:geneva"),),
    )


def test_migrations_are_named_applied_once_and_recorded(tmp_path):
    db = tmp_path / "s.db"
    with open_store(db) as store:
        assert store.migrations() == [name for name, _ in MIGRATIONS]
        assert store.migrate() == []                       # nothing left to apply
    with open_store(db) as store:                          # reopening applies nothing twice
        assert store.migrations() == [name for name, _ in MIGRATIONS]


def test_save_is_idempotent(tmp_path):
    article = _article()
    with open_store(tmp_path / "s.db") as store:
        assert store.save(article, _analysis(article), pipeline="v1", model="m") is True
        before = list(store.extractions("mention"))
        assert store.save(article, _analysis(article), pipeline="v1", model="m") is False
        assert store.count("articles") == 1
        assert list(store.extractions("mention")) == before
        assert store.is_analysed(article.id, "v1")


def test_new_pipeline_version_reanalyses_in_place(tmp_path):
    article = _article()
    with open_store(tmp_path / "s.db") as store:
        store.save(article, _analysis(article), pipeline="v1", model="m")
        store.save(article, Analysis(), pipeline="v2", model="m")
        assert store.count("articles") == 1
        assert list(store.extractions("mention")) == []
        assert store.article(article.id)["pipeline"] == "v2"


def test_stored_text_offsets_point_at_their_span(tmp_path):
    article = _article()
    with open_store(tmp_path / "s.db") as store:
        store.save(article, _analysis(article), pipeline="v1", model="m")
        text = store.article(article.id)["text"]
        for _, m in store.extractions("mention"):
            assert text[m["start"]:m["end"]] == m["text"]


def test_problem_does_not_touch_stored_article(tmp_path):
    article = _article()
    with open_store(tmp_path / "s.db") as store:
        store.save(article, _analysis(article), pipeline="v1", model="m")
        store.save_problem(Problem(source="/in/a.txt", file="a.txt", reason="empty file", status="skipped"))
        assert store.article(article.id)["text"] == article.text
        assert len(store.problems()) == 1


def test_successful_ingest_clears_earlier_problem_of_same_source(tmp_path):
    article = _article()
    with open_store(tmp_path / "s.db") as store:
        store.save_problem(Problem(source="/in/a.txt", file="a.txt", reason="empty file", status="skipped"))
        store.save(article, _analysis(article), pipeline="v1", model="m")
        assert store.problems() == []


def test_failed_write_leaves_nothing_half_written(tmp_path):
    article = _article()
    unserialisable = Mention(start=0, end=1, text="T", kind="place", name="T", key="t", local="x",
                             titles=(object(),))
    with open_store(tmp_path / "s.db") as store:
        with pytest.raises(TypeError):
            store.save(article, Analysis(mentions=(unserialisable,)), pipeline="v1", model="m")
        assert store.count("articles") == 0
        assert store.count("extractions") == 0


def test_article_lookup_by_id_prefix_and_file(tmp_path):
    article = _article()
    with open_store(tmp_path / "s.db") as store:
        store.save(article, None, pipeline="v1", model=None)
        assert store.article(article.id)["id"] == article.id
        assert store.article(article.id[:8])["id"] == article.id
        assert store.article("a.txt")["id"] == article.id
        assert store.article("nothing-like-it") is None


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
