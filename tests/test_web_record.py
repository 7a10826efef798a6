"""The web app's record (parley.web.data.StoreView): built on a thread of its own, ready before the first
page when warmed, and while a large story's new record is built, the pages show the last one."""
from __future__ import annotations

import json
import time
from pathlib import Path

import parley
import parley.web.data as data
from parley.web.data import StoreView

RIVER = Path(__file__).parent / "data" / "rivertalks" / "articles.jsonl"


def _halves(tmp_path: Path) -> tuple[Path, Path]:
    lines = RIVER.read_text(encoding="utf-8").splitlines()
    first, rest = tmp_path / "first.jsonl", tmp_path / "rest.jsonl"
    first.write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    rest.write_text("\n".join(lines[4:]) + "\n", encoding="utf-8")
    return first, rest


def _articles(story) -> int:
    return len(story.record["articles"])


def test_a_changed_store_shows_its_last_record_until_the_new_one_is_built(tmp_path, monkeypatch):
    first, rest = _halves(tmp_path)
    db = tmp_path / "river.db"
    parley.ingest([first], db=db)
    view = StoreView(db)
    before = view.story()
    parley.ingest([rest], db=db)
    monkeypatch.setattr(data, "FRESH_WAIT", 0.0)         # a page that will not wait for the new record
    assert view.story() is before                        # the last record, at once
    deadline = time.monotonic() + 120
    while (now := view.story()) is before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _articles(now) > _articles(before)             # then the new one, built meanwhile


def test_a_page_gets_the_new_record_when_it_is_built_in_time(tmp_path):
    first, rest = _halves(tmp_path)
    db = tmp_path / "river.db"
    parley.ingest([first], db=db)
    view = StoreView(db)
    before = _articles(view.story())
    parley.ingest([rest], db=db)
    assert _articles(view.story()) == len(RIVER.read_text(encoding="utf-8").splitlines()) > before


def test_warm_builds_the_record_before_the_first_page(tmp_path):
    first, _ = _halves(tmp_path)
    db = tmp_path / "river.db"
    parley.ingest([first], db=db)
    view = StoreView(db)
    view.warm()
    builder = view._builder                      # None only if the build is over already
    if builder is not None:
        builder.join(timeout=120)
    assert view._story is not None                # built with no page asked for
    story = view.story()
    assert view._builder is None and story is view.story()            # no second build for the same store
    assert {a["url"] for a in story.record["articles"]} == {
        json.loads(line)["url"] for line in first.read_text(encoding="utf-8").splitlines()}
