"""The JSON export: the contract's fields and types, valid offsets, determinism, idempotence."""
from __future__ import annotations

import json
import shutil

import parley
from parley.views.export import to_json

from conftest import SAMPLE

STATUSES = {"happened", "ongoing", "planned", "expected", "possible", "cancelled", "negated"}
KINDS = {"person", "organization", "country", "place", "group", "anonymous"}


def test_contract_fields_and_types(sample_export):
    x = sample_export
    assert x["version"] == 1
    assert set(x) >= {"version", "articles", "actors", "events", "quotes"}
    for a in x["articles"]:
        assert set(a) >= {"id", "title", "url", "file", "published", "language", "status", "reason"}
        assert a["status"] in ("ok", "skipped", "error")
        assert a["published"] is None or len(a["published"]) == 10
    ids = {a["id"] for a in x["actors"]}
    for a in x["actors"]:
        assert set(a) >= {"id", "name", "kind", "aliases", "titles", "country"}
        assert a["kind"] in KINDS and isinstance(a["aliases"], list) and isinstance(a["titles"], list)
        assert a["name"] not in a["aliases"]
    articles = {a["id"] for a in x["articles"]}
    for q in x["quotes"]:
        assert set(q) >= {"id", "speaker", "speaker_text", "text", "kind", "cue", "when", "article", "start", "end"}
        assert q["kind"] in ("direct", "indirect", "partial")
        assert q["speaker"] is None or q["speaker"] in ids
        assert q["article"] in articles
    for e in x["events"]:
        assert set(e) >= {"id", "type", "text", "actors", "where", "when", "status", "sources"}
        assert e["status"] in STATUSES
        assert all(a in ids for a in e["actors"])


def test_every_offset_points_at_its_text(sample_db, sample_export):
    texts = {a["id"]: parley.show(a["id"], db=sample_db)["text"] for a in sample_export["articles"]}
    assert sample_export["quotes"], "the sample corpus has quotes"
    for q in sample_export["quotes"]:
        assert texts[q["article"]][q["start"]:q["end"]] == q["text"]
    for e in sample_export["events"]:
        for s in e["sources"]:
            assert s["end"] > s["start"] and texts[s["article"]][s["start"]:s["end"]]


def test_sample_corpus_dates_all_found(sample_export):
    dates = {a["file"]: a["published"] for a in sample_export["articles"]}
    assert dates == {
        "01_leaders_open_paris_summit.txt": "2015-11-30",     # inferred from "Monday (Nov 30)" + the story's year
        "02_india_holds_firm.txt": "2015-12-02",
        "03_draft_handed_to_ministers.txt": "2015-12-05",
        "04_fabius_sets_friday_deadline.txt": "2015-12-09",
        "05_talks_overrun_to_saturday.txt": "2015-12-11",
        "06_paris_agreement_adopted.txt": "2015-12-13",
    }


def test_sample_actors_have_one_name_each(sample_export):
    people = {a["name"]: a for a in sample_export["actors"] if a["kind"] == "person"}
    assert "Laurent Fabius" in people and "Mr Fabius" in people["Laurent Fabius"]["aliases"]
    assert "Todd Stern" in people and "Nicholas Stern" in people      # namesakes stay apart
    assert "Mr Fabius" not in people and "Fabius" not in people


def test_reingest_changes_nothing(sample_db, sample_export):
    report = parley.ingest([SAMPLE], db=sample_db)
    assert report.added == [] and len(report.unchanged) == 6 and report.exit_code == 0
    assert to_json(parley.export(db=sample_db)) == to_json(sample_export)


def test_export_is_byte_identical_whatever_the_ingest_order(tmp_path, sample_export):
    files = sorted(SAMPLE.glob("*.txt"))
    for f in reversed(files):                                   # one article at a time, newest first
        copy = tmp_path / "in" / f.name
        copy.parent.mkdir(exist_ok=True)
        shutil.copy(f, copy)
    db = tmp_path / "reverse.db"
    for f in reversed(sorted((tmp_path / "in").glob("*.txt"))):
        parley.ingest([f], db=db)
    other = parley.export(db=db)
    strip = lambda x: json.loads(to_json(x).replace(str(SAMPLE), "").replace(str(tmp_path / "in"), ""))
    assert strip(other) == strip(sample_export)


def test_an_article_dated_only_by_weekdays_is_redated_when_the_story_arrives(tmp_path, sample_export):
    db = tmp_path / "s.db"
    first = SAMPLE / "01_leaders_open_paris_summit.txt"
    parley.ingest([first], db=db)
    alone = {a["file"]: a["published"] for a in parley.export(db=db)["articles"]}[first.name]
    assert alone != "2015-11-30" and alone.endswith("-11-30")    # a later year where Nov 30 is a Monday
    parley.ingest([SAMPLE], db=db)
    dates = {a["file"]: a["published"] for a in parley.export(db=db)["articles"]}
    assert dates[first.name] == "2015-11-30"
    assert to_json(parley.export(db=db)) == to_json(sample_export)     # as if it had come with the others
