"""The `parley` command: exit codes, messages naming the input, help text, every command."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from parley.cli import COMMANDS, build_parser, main

from conftest import SAMPLE


def run(*args, stdin: bytes | None = None, env=None):
    """Run the real console entry point in a subprocess."""
    return subprocess.run([sys.executable, "-m", "parley.cli", *map(str, args)], input=stdin,
                          capture_output=True, env=env)


def test_every_command_has_help_text():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == set(COMMANDS)
    for name, p in sub.choices.items():
        assert p.description and len(p.description) > 20, name
        for action in p._actions:
            if action.dest != "help":
                assert action.help, f"{name} {action.dest} has no help"


def test_no_command_and_bad_flags_are_usage_errors(capsys):
    assert main([]) == 2
    with pytest.raises(SystemExit) as e:
        main(["ingest"])                                    # PATH is required
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:
        main(["extract", "nonsense", "x.txt"])
    assert e.value.code == 2


def test_ingest_good_and_bad_inputs(tmp_path):
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text("Port talks resume\n\nNegotiators from Chile and Peru met in Lima on Monday (March 4, 2024).\n")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "scan.txt").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    db = tmp_path / "s.db"
    r = run("ingest", tmp_path / "in", tmp_path / "missing.txt", "--db", db)
    err = r.stderr.decode()
    assert r.returncode == 1
    assert "empty.txt: empty file" in err
    assert "scan.txt: binary content (PDF document)" in err
    assert "missing.txt: no such file or folder" in err
    assert "1 new, 0 unchanged, 2 skipped, 1 failed" in err
    r = run("ingest", good, "--db", db)
    assert r.returncode == 0 and "0 new, 1 unchanged" in r.stderr.decode()


def test_ingest_from_stdin_show_and_export(tmp_path):
    db = tmp_path / "s.db"
    text = "Fishing accord signed\n\nVALPARAISO (May 6, 2024) - Chile and Peru signed the accord on Monday.\n"
    assert run("ingest", "-", "--db", db, stdin=text.encode()).returncode == 0
    r = run("export", "--db", db)
    assert r.returncode == 0
    record = json.loads(r.stdout)
    (article,) = record["articles"]
    assert article["published"] == "2024-05-06" and article["file"] is None
    shown = run("show", article["id"][:10], "--db", db)
    assert shown.returncode == 0 and shown.stdout.decode().startswith("Fishing accord signed\n\nVALPARAISO")
    out = tmp_path / "story.json"
    assert run("export", "--db", db, "-o", out).returncode == 0
    assert json.loads(out.read_text()) == record


def test_show_unknown_article_names_it(tmp_path):
    db = tmp_path / "s.db"
    text = b"Harbour deal\n\nTwo ports agreed a deal on Tuesday after long talks between the cities.\n"
    assert run("ingest", "-", "--db", db, stdin=text).returncode == 0
    r = run("show", "no-such-article", "--db", db)
    assert r.returncode == 2 and "no article 'no-such-article'" in r.stderr.decode()


def test_read_commands_never_create_a_store(tmp_path):
    missing = tmp_path / "typo" / "story.db"
    for command in (["show", "x"], ["export"], ["timeline"], ["brief"], ["positions"], ["changes", "--since-last"]):
        r = run(*command, "--db", missing)
        assert r.returncode == 2 and "no store at" in r.stderr.decode(), command
    assert not missing.parent.exists()


def test_db_from_environment(tmp_path):
    import os

    env = {**os.environ, "PARLEY_DB": str(tmp_path / "env.db")}
    text = b"Harbour deal\n\nTwo ports agreed a deal on Tuesday after long talks between the cities.\n"
    assert run("ingest", "-", stdin=text, env=env).returncode == 0
    assert (tmp_path / "env.db").exists()


def test_demo_ingests_sample_and_writes_export(tmp_path):
    db, out = tmp_path / "demo.db", tmp_path / "demo.json"
    r = run("demo", "--db", db, "-o", out)
    assert r.returncode == 0, r.stderr.decode()
    printed = r.stdout.decode()
    assert "Articles: 6" in printed and "Laurent Fabius" in printed and str(out) in printed
    record = json.loads(out.read_text())
    assert len([a for a in record["articles"] if a["status"] == "ok"]) == 6


def test_extract_times_offsets_point_into_the_file_as_read(tmp_path):
    path = tmp_path / "a.txt"
    content = ("Summit slips\n\nPHOTO: REUTERS\n\nOfficials said on Tuesday the summit would open next "
               "Wednesday and last 45 minutes.\n")
    path.write_text(content)
    r = run("extract", "times", path, "--anchor", "2024-03-07")
    assert r.returncode == 0, r.stderr.decode()
    lines = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert lines, "times were found"
    for x in lines:
        assert content[x["start"]:x["end"]] == x["text"] and x["file"] == "a.txt" and x["anchor"] == "2024-03-07"
    values = {x["text"]: x["value"] for x in lines}
    assert values["Tuesday"] == "2024-03-05" and values["next Wednesday"] == "2024-03-13"
    assert values["45 minutes"] == "PT45M"


def test_extract_actors_and_quotes_follow_the_contract(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"")
    r = run("extract", "quotes", SAMPLE / "02_india_holds_firm.txt", tmp_path / "bad.txt")
    assert r.returncode == 1 and "bad.txt: empty file" in r.stderr.decode()
    content = (SAMPLE / "02_india_holds_firm.txt").read_text()
    quotes = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert quotes
    for q in quotes:
        assert content[q["start"]:q["end"]] == q["text"]
        for part in ("cue", "source"):
            if q[part]:
                assert content[q[part]["start"]:q[part]["end"]] == q[part]["text"]
    assert any(q["speaker"] == "Todd Stern" and q["kind"] == "direct" for q in quotes)
    r = run("extract", "actors", SAMPLE / "02_india_holds_firm.txt")
    actors = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert {"file", "start", "end", "text", "actor", "name", "kind"} <= set(actors[0])
    assert any(a["text"] == "Mr Stern" and a["name"] == "Todd Stern" for a in actors)


def test_extract_events_all_prints_every_event_mention(tmp_path):
    path = tmp_path / "q.txt"
    path.write_text("Quota talks\n\nThe ministers met in Lima on Monday. Prices rose.\n", encoding="utf-8")
    story = [json.loads(line) for line in run("extract", "events", path, "--anchor", "2024-03-04").stdout.splitlines()]
    every = [json.loads(line) for line in
             run("extract", "events", path, "--anchor", "2024-03-04", "--all").stdout.splitlines()]
    assert {e["text"] for e in story} < {e["text"] for e in every}
    assert any(e["text"] == "rose" and e["type"] == "EVENT" for e in every)
    assert all(e["label"] for e in every)
    wrong = run("extract", "times", path, "--all")
    assert wrong.returncode == 2 and b"--all is for" in wrong.stderr


def test_demo_keeps_to_its_own_store_and_no_lock_file_is_left_beside_a_store(tmp_path):
    user_store = tmp_path / "mine.db"
    env = {k: v for k, v in os.environ.items() if k != "PARLEY_DB"}
    env["PARLEY_DB"] = str(user_store)
    r = subprocess.run([sys.executable, "-m", "parley.cli", "demo", "-o", "out.json"], cwd=tmp_path,
                       capture_output=True, env=env)
    assert r.returncode == 0, r.stderr.decode()
    assert (tmp_path / "parley-demo.db").exists()
    assert not (tmp_path / "parley.db").exists() and not user_store.exists()      # the user's stores untouched
    assert not list(tmp_path.glob("*lock*"))                                      # nothing beside the store


def test_the_progress_total_counts_records_and_files(tmp_path):
    from parley.ingest.sources import estimate_items

    (tmp_path / "a.jsonl").write_text('{"text": "one"}\n\n{"text": "two"}\n{"text": "three"}\n')
    (tmp_path / "b.txt").write_text("A single article.\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.html").write_text("<html><body><p>One page.</p></body></html>")
    assert estimate_items([tmp_path]) == 5
    assert estimate_items([tmp_path / "b.txt", "-"]) is None             # standard input cannot be counted
    (tmp_path / "d.warc.gz").write_bytes(b"")
    assert estimate_items([tmp_path]) is None                            # nor a web archive without reading it


def test_a_csv_export_to_one_csv_file_is_refused_with_the_reason(tmp_path):
    db = tmp_path / "s.db"
    assert run("ingest", SAMPLE, "--db", db).returncode == 0
    r = run("export", "--db", db, "--format", "csv", "-o", tmp_path / "out.csv")
    assert r.returncode != 0 and b"one file per table" in r.stderr
    assert not (tmp_path / "out.csv").exists()
    r = run("export", "--db", db, "--format", "csv", "--excel", "-o", tmp_path / "tables")
    assert r.returncode == 0 and (tmp_path / "tables" / "events.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_every_command_help_ends_with_an_example_that_parses():
    import shlex

    from parley.cli import EXAMPLES

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(EXAMPLES) == set(sub.choices)
    for name, p in sub.choices.items():
        assert p.format_help().count("example:") == 1, name
        words = shlex.split(EXAMPLES[name])
        assert words[:2] == ["parley", name]
        parser.parse_args(words[1:])                 # a real command line, not prose

