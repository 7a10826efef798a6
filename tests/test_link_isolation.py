"""One bad record never wipes a layer: ids that cannot collide, one event per stretch of text,
and a record the store or the linker cannot take is its article's problem, never the corpus's."""
from __future__ import annotations

import json
import sqlite3

import pytest

import parley
from parley.cli import main
from parley.link.events import event_id
from parley.link.records import LinkProblems, shape_error, unique_ids

# Our own words: a fictional dispute over a river dam, four short reports.
ARTICLES = {
    "a_dam.txt": "Dam talks open in Lusaka\n\nMinisters from Zambia and Zimbabwe met in Lusaka on Monday, "
                 "May 5, 2031, to discuss the Kariba dam. Zambia rejected a proposal to share the costs.",
    "b_dam.txt": "Ceasefire holds in the valley\n\nRebels in the north broke an agreed ceasefire on Tuesday, "
                 "May 6, 2031, the army said. Farmers staged threatened walkouts at the dam.",
    "c_dam.txt": "Leaders sign water accord\n\nThe presidents of Zambia and Zimbabwe signed a water accord on "
                 "Friday, May 9, 2031, in Harare after three days of talks.",
}
LATE = ("d_dam.txt", "Engineers inspect the dam\n\nEngineers from both countries inspected the Kariba dam on "
                     "Monday, May 12, 2031, and the ministers will meet again in June.")


def _write(folder, items):
    folder.mkdir(exist_ok=True)
    for name, text in items:
        (folder / name).write_text(text, encoding="utf-8")


def _events_by_file(record):
    files = {a["id"]: a["file"] for a in record["articles"]}
    out: dict[str, int] = {}
    for e in record["events"]:
        for s in e["sources"]:
            out[files[s["article"]]] = out.get(files[s["article"]], 0) + 1
    return out


def test_event_ids_hash_everything_that_makes_a_mention_distinct():
    ids = {event_id("art", 10, 16, "agreed"), event_id("art", 10, 26, "agreed ceasefire"),
           event_id("art", 11, 16, "greed"), event_id("other", 10, 16, "agreed")}
    assert len(ids) == 4


def test_overlapping_triggers_in_one_stretch_are_one_event(nlp):
    from parley.extract.events import find_events

    doc = nlp("Rebels broke an agreed ceasefire on Tuesday. Farmers staged threatened walkouts at the dam.")
    events = list(find_events(doc, []))
    spans = [(e.start, e.end) for e in events]
    for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
        assert e1 <= s2, f"overlapping events {spans}"
    texts = [e.text for e in events]
    assert "agreed ceasefire" in texts and "agreed" not in texts
    assert "threatened walkouts" in texts and "threatened" not in texts


def test_record_shapes_name_what_is_wrong():
    good = {"start": 1, "end": 4, "text": "met", "type": "CONSULT", "status": "happened", "actors": ["a1"]}
    assert shape_error("event", good) is None
    assert "no 'type'" in shape_error("event", {k: v for k, v in good.items() if k != "type"})
    assert "'start'" in shape_error("event", {**good, "start": "zero"})
    assert "'start'" in shape_error("event", {**good, "start": True})
    assert "'actors'" in shape_error("event", {**good, "actors": [["nested"]]})
    assert "impossible" in shape_error("event", {**good, "start": 9, "end": 3})
    assert "not valid JSON" in shape_error("event", "{garbage")
    assert "not an object" in shape_error("event", [1, 2])


def test_a_second_record_with_a_taken_id_is_set_aside_and_named():
    problems = LinkProblems()
    rows = unique_ids([{"id": "e1", "art": "A"}, {"id": "e1", "art": "B"}, {"id": "e2", "art": "C"}],
                      lambda r: r["art"], "events", problems)
    assert [r["art"] for r in rows] == ["A", "C"]
    assert [(p["article"], p["layer"]) for p in problems.rows()] == [("B", "events")]


def _poison(db, article_id):
    """Damage one stored event and one stored mention of one article, as a bug or a damaged copy would."""
    conn = sqlite3.connect(db)
    seqs = [r[0] for r in conn.execute(
        "SELECT seq FROM extractions WHERE article_id = ? AND kind = 'event' ORDER BY seq", (article_id,))]
    assert seqs, "the article to poison has events"
    conn.execute("UPDATE extractions SET data = ? WHERE article_id = ? AND kind = 'event' AND seq = ?",
                 (json.dumps({"start": "zero", "end": 3}), article_id, seqs[0]))
    for kind, data in (("mention", json.dumps({"text": "no span"})), ("quote", '{"start": 1, "end'),
                       ("sentence", json.dumps([1, 2]))):
        assert conn.execute("UPDATE extractions SET data = ? WHERE article_id = ? AND kind = ? AND seq = 0",
                            (data, article_id, kind)).rowcount == 1, kind
    conn.commit()
    conn.close()
    return len(seqs)


def test_a_poisoned_record_is_its_articles_problem_and_the_rest_of_the_layer_stays(tmp_path, nlp, capsys):
    folder = tmp_path / "in"
    _write(folder, ARTICLES.items())
    db = tmp_path / "s.db"
    assert main(["ingest", str(folder), "--db", str(db), "-q"]) == 0
    before = parley.export(db=db)
    counts = _events_by_file(before)
    assert set(counts) == set(ARTICLES)
    victim = next(a for a in before["articles"] if a["file"] == "b_dam.txt")
    n_victim = _poison(db, victim["id"])
    capsys.readouterr()

    _write(folder, [LATE])                        # a new article: the link stage runs over the whole store again
    code = main(["ingest", str(folder), "--db", str(db), "-q"])
    err = capsys.readouterr().err
    assert code == 3
    lines = [line for line in err.splitlines() if "not linked" in line]
    assert lines and all("b_dam.txt" in line for line in lines), err
    assert any("events not linked" in line and "'start'" in line for line in lines), err
    assert any("actors not linked" in line for line in lines), err
    assert any("quotes not linked" in line for line in lines), err
    assert "1 new, 3 unchanged, 0 skipped, 0 failed, 4 not stored or linked" in err

    after = parley.export(db=db)
    counts_after = _events_by_file(after)
    for name in ("a_dam.txt", "c_dam.txt"):
        assert counts_after[name] == counts[name]                      # the other articles' events are all there
    assert counts_after.get("b_dam.txt", 0) == n_victim - 1         # only the poisoned record is missing
    assert "d_dam.txt" in counts_after
    assert len(after["actors"]) >= len(before["actors"]) - 1
    damaged = next(a for a in after["articles"] if a["file"] == "b_dam.txt")
    assert {p["layer"] for p in damaged["link_problems"]} == {"actors", "events", "quotes", "sentences"}
    assert all(not a["link_problems"] for a in after["articles"] if a["file"] != "b_dam.txt")
    quotes = {a["file"]: 0 for a in after["articles"]}
    for q in after["quotes"]:
        quotes[next(a["file"] for a in after["articles"] if a["id"] == q["article"])] += 1
    assert quotes["b_dam.txt"] == sum(1 for q in before["quotes"] if q["article"] == victim["id"]) - 1
    for command in (["brief"], ["brief", "--format", "html"], ["timeline"], ["changes", "--since-last"],
                    ["export", "--format", "timelinejs"]):
        assert main([*command, "--db", str(db)]) == 0, command      # every view still reads the damaged store


def test_an_article_the_store_refuses_is_named_and_the_batch_goes_on(tmp_path, nlp, capsys):
    folder = tmp_path / "in"
    _write(folder, ARTICLES.items())
    db = tmp_path / "s.db"
    with parley.store.open_store(db):
        pass
    conn = sqlite3.connect(db)                     # a real write failure of the store, for one article only
    conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.file = 'b_dam.txt' "
                 "BEGIN SELECT RAISE(ABORT, 'injected write failure'); END")
    conn.commit()
    conn.close()
    code = main(["ingest", str(folder), "--db", str(db), "-q"])
    err = capsys.readouterr().err
    assert code == 3
    assert any(line.startswith("parley: not stored ") and "b_dam.txt" in line and "injected write failure" in line
               for line in err.splitlines()), err
    assert "2 new, 0 unchanged, 0 skipped, 0 failed, 1 not stored or linked" in err
    record = parley.export(db=db)
    assert sorted(a["file"] for a in record["articles"]) == ["a_dam.txt", "c_dam.txt"]
    assert set(_events_by_file(record)) == {"a_dam.txt", "c_dam.txt"}


def test_exit_codes_are_in_the_help(capsys):
    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    out = capsys.readouterr().out
    assert "3  the store did not take" in out and "1  some input was skipped" in out
