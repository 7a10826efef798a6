"""Flat exports of the story record: CSV (folder and zip), Parquet, TimelineJS 3."""
from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import zipfile
from pathlib import Path

import pytest

import parley
from parley.views.tables import TABLES, rows, timelinejs, write_csv, write_parquet

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "cop21"


@pytest.fixture(scope="module")
def record(tmp_path_factory) -> dict:
    """The sample corpus ingested once for this module, exported as the JSON record."""
    db = tmp_path_factory.mktemp("exports") / "story.db"
    report = parley.ingest([SAMPLE], db=db)
    assert report.exit_code == 0, report
    return parley.export(db=db)


def _parse(table: str, row: dict[str, str]) -> dict:
    """A CSV row back in the types of TABLES: JSON arrays for lists, ints, "" for None."""
    out = {}
    for col, kind in TABLES[table]:
        value = row[col]
        if kind == "list<string>":
            out[col] = json.loads(value)
        elif kind == "int64":
            out[col] = int(value) if value != "" else None
        elif kind == "bool":
            assert value in ("true", "false")
            out[col] = value == "true"
        elif kind == "double":
            out[col] = float(value) if value != "" else None
        elif kind == "date32":
            out[col] = dt.date.fromisoformat(value) if value != "" else ""
        else:
            out[col] = value
    return out


def _expected(table_rows: list[dict]) -> list[dict]:
    """rows() as CSV can give them back: None becomes ""."""
    return [{k: "" if v is None else v for k, v in r.items()} for r in table_rows]


def _read_csv(text: str, table: str) -> list[dict]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == [col for col, _ in TABLES[table]]
    return [_parse(table, r) for r in reader]


def test_rows_cover_the_record(record):
    flat = rows(record)
    assert list(flat) == list(TABLES)
    for name in ("articles", "actors", "events", "quotes", "positions"):
        assert len(flat[name]) == len(record.get(name, []))
    assert len(flat["event_sources"]) == sum(len(e["sources"]) for e in record["events"]) > 0
    assert len(flat["event_history"]) == sum(len(e["history"]) for e in record["events"]) > 0
    assert len(flat["position_history"]) == sum(len(p["history"]) for p in record["positions"]) > 0
    for name, table_rows in flat.items():
        for row in table_rows:
            assert list(row) == [col for col, _ in TABLES[name]]
    events = {e["id"] for e in record["events"]}
    assert {s["event"] for s in flat["event_sources"]} <= events
    assert [h["seq"] for h in flat["event_history"] if h["event"] == record["events"][0]["id"]] == \
        list(range(len(record["events"][0]["history"])))
    assert rows(record) == flat  # deterministic


def test_rows_of_an_empty_record():
    flat = rows({"version": 1})
    assert flat == {name: [] for name in TABLES}


def test_csv_folder_round_trip(record, tmp_path):
    out = tmp_path / "csv"
    written = write_csv(record, out)
    assert written == [out / f"{name}.csv" for name in TABLES]
    flat = rows(record)
    for name, path in zip(TABLES, written):
        back = _read_csv(path.read_bytes().decode("utf-8"), name)
        assert len(back) == len(flat[name])
        assert back == _expected(flat[name])
    # list columns really are JSON arrays on disk
    header, first = list(csv.reader(io.StringIO((out / "actors.csv").read_text("utf-8"), newline="")))[:2]
    assert first[header.index("aliases")].startswith("[")


def test_csv_zip_round_trip_and_deterministic(record, tmp_path):
    one, two = tmp_path / "a" / "story.zip", tmp_path / "b" / "story.zip"
    assert write_csv(record, one) == [one]
    write_csv(record, two)
    assert one.read_bytes() == two.read_bytes()
    flat = rows(record)
    with zipfile.ZipFile(one) as archive:
        assert archive.namelist() == [f"{name}.csv" for name in TABLES]
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
        for name in TABLES:
            back = _read_csv(archive.read(f"{name}.csv").decode("utf-8"), name)
            assert back == _expected(flat[name])


def test_csv_of_unicode_and_quotes(tmp_path):
    record = {"actors": [{"id": "a1", "name": 'Ségolène "S" Royal, minister', "kind": "person",
                          "aliases": ["Royal", "Mme, Royal"], "titles": [], "country": None}]}
    write_csv(record, tmp_path)
    back = _read_csv((tmp_path / "actors.csv").read_text("utf-8"), "actors")
    assert back == [{"id": "a1", "name": 'Ségolène "S" Royal, minister', "kind": "person",
                     "aliases": ["Royal", "Mme, Royal"], "titles": [], "country": ""}]


def test_parquet_round_trip(record, tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    types = {"string": pa.string(), "int64": pa.int64(), "double": pa.float64(), "bool": pa.bool_(),
             "list<string>": pa.list_(pa.string()), "date32": pa.date32()}
    written = write_parquet(record, tmp_path / "pq")
    assert written == [tmp_path / "pq" / f"{name}.parquet" for name in TABLES]
    flat = rows(record)
    for name, path in zip(TABLES, written):
        table = pq.read_table(path)
        assert table.schema.names == [col for col, _ in TABLES[name]]
        for field, (_, kind) in zip(table.schema, TABLES[name]):
            assert field.type == types[kind] and field.nullable
        assert table.num_rows == len(flat[name])
        assert table.to_pylist() == flat[name]  # None stays None, ints stay ints


def test_parquet_of_empty_tables(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    write_parquet({"version": 1}, tmp_path)
    table = pq.read_table(tmp_path / "position_history.parquet")
    assert table.num_rows == 0 and table.schema.field("start").type.bit_width == 64


def _start(slide: dict) -> dict[str, int]:
    return {k: int(v) for k, v in slide["start_date"].items()}


def test_timelinejs_on_the_sample(record):
    tl = timelinejs(record)
    assert set(tl["title"]["text"]) == {"headline", "text"}
    slides = tl["events"]
    dated = [e for e in record["events"] if e["when"] and e["when"][:4].isdigit()]
    assert 0 < len(slides) <= len(dated)
    ids = [s["unique_id"] for s in slides]
    assert len(ids) == len(set(ids))
    status = {e["id"]: e["status"] for e in record["events"]}
    by_id = {e["id"]: e for e in record["events"]}
    names = {a["id"]: a["name"] for a in record["actors"]}
    salience = {a["id"]: a["salience"] for a in record["actors"]}
    keys = []
    for slide in slides:
        assert all(isinstance(v, str) for v in slide["start_date"].values())
        d = _start(slide)
        assert set(d) <= {"year", "month", "day", "hour", "minute"} and "year" in d
        assert 1 <= d.get("month", 1) <= 12 and 0 <= d.get("hour", 0) <= 23 and 0 <= d.get("minute", 0) <= 59
        if "day" in d:
            dt.date(d["year"], d["month"], d["day"])  # a real calendar day
        event = by_id[slide["unique_id"]]
        kinds = {a["id"]: a["kind"] for a in record["actors"]}
        lanes = sorted((a for a in event["actors"] if kinds[a] != "place"), key=lambda a: (-salience[a], a))
        assert slide["group"] == (names[lanes[0]] if lanes else "Other")      # lanes by party
        assert slide["text"]["headline"] == html.escape(event["label"])
        assert f"<p>Status: " in slide["text"]["text"] and status[event["id"]] in slide["text"]["text"]
        if event.get("evidence"):
            assert html.escape(" ".join(event["evidence"]["sentence"].split())) in slide["text"]["text"]
        keys.append((d["year"], d.get("month", 0), d.get("day", 0), d.get("hour", -1), d.get("minute", -1),
                     slide["unique_id"]))
    assert keys == sorted(keys)
    json.dumps(tl)  # serialisable


def _event(id_: str, when: str | None, text: str = "talks", **more) -> dict:
    return {"id": id_, "type": "MEET", "text": text, "actors": [], "where": None, "when": when,
            "status": "happened", "sources": [], "history": [], **more}


def test_timelinejs_escapes_html():
    record = {"actors": [{"id": "a1", "name": "Smith & <b>Co</b>", "kind": "organization", "aliases": [],
                          "titles": [], "country": None}],
              "events": [_event("e1", "2015-12-12", "<script>alert(1)</script>", actors=["a1"], where="a1")]}
    (slide,) = timelinejs(record)["events"]
    assert slide["text"]["headline"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "<script>" not in json.dumps(slide)
    assert "Smith &amp; &lt;b&gt;Co&lt;/b&gt;" in slide["text"]["text"]
    assert slide["text"]["text"].count("Smith &amp;") == 2  # actors and where, by name


def test_timelinejs_dates_weeks_and_parts_of_day():
    record = {"events": [
        _event("week", "2015-W49"),
        _event("evening", "2015-12-12TEV"), _event("morning", "2015-12-12TMO"),
        _event("afternoon", "2015-12-12TAF"), _event("night", "2015-12-12TNI"),
        _event("clock", "2015-12-12T19:30"), _event("month", "2015-12"), _event("year", "2015"),
        _event("span", "2015-11-30/2015-12-12"),
        _event("none", None), _event("ref", "PRESENT_REF"), _event("vague", "XXXX-12-12"),
        _event("duration", "P3D"), _event("bad", "2015-02-30"), _event("badweek", "2014-W53"),
    ]}
    slides = {s["unique_id"]: s for s in timelinejs(record)["events"]}
    assert set(slides) == {"week", "evening", "morning", "afternoon", "night", "clock", "month", "year", "span"}
    assert slides["week"]["start_date"] == {"year": "2015", "month": "11", "day": "30"}  # Monday of W49
    hours = {k: slides[k]["start_date"]["hour"] for k in ("morning", "afternoon", "evening", "night")}
    assert hours == {"morning": "9", "afternoon": "15", "evening": "19", "night": "22"}
    assert "minute" not in slides["evening"]["start_date"]
    assert slides["clock"]["start_date"] == {"year": "2015", "month": "12", "day": "12", "hour": "19", "minute": "30"}
    assert slides["month"]["start_date"] == {"year": "2015", "month": "12"}
    assert slides["year"]["start_date"] == {"year": "2015"}
    assert slides["span"]["end_date"] == {"year": "2015", "month": "12", "day": "12"}
    order = [s["unique_id"] for s in timelinejs(record)["events"]]  # by date, then id (span < week)
    assert order == ["year", "span", "week", "month", "morning", "afternoon", "evening", "clock", "night"]


def test_names_beside_ids_days_as_dates_and_an_excel_bom(record, tmp_path):
    flat = rows(record)
    names = {a["id"]: a["name"] for a in record["actors"]}
    for e in flat["events"]:
        assert e["actor_names"] == [names[a] for a in e["actors"]]
        assert e["day"] == (dt.date.fromisoformat(e["when"][:10]) if e["when"] and len(e["when"]) >= 10 else None)
    assert any(q["speaker_name"] for q in flat["quotes"])
    assert all(q["speaker_name"] == names.get(q["speaker"]) for q in flat["quotes"])
    written = write_csv(record, tmp_path / "xl", excel=True)
    assert all(p.read_bytes().startswith(b"\xef\xbb\xbf") for p in written)
    plain = write_csv(record, tmp_path / "plain")
    assert not any(p.read_bytes().startswith(b"\xef\xbb\xbf") for p in plain)


def test_parquet_days_are_dates(record, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq
    from parley.views.tables import write_parquet

    write_parquet(record, tmp_path / "pq")
    events = pq.read_table(tmp_path / "pq" / "events.parquet")
    assert events.schema.field("day").type == pa.date32()
    assert any(d is not None for d in events.column("day").to_pylist())

