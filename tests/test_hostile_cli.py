"""The command line against hostile arguments: outputs that would destroy something, names that
would drive the terminal, impossible ports and worker counts. Each case asserts the message, the
exit code and that the store's contents are unchanged (the export is byte-identical)."""
from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from parley.cli import main, printable

ARTICLE = ("Port talks resume in Mombasa\n\nNegotiators from Kenya and Uganda met in Mombasa on Tuesday, "
           "June 3, 2031, to discuss port fees. Kenya rejected a proposal to cut the fees.\n")


@pytest.fixture
def store(tmp_path, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "port.txt").write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "s.db"
    assert main(["ingest", str(folder), "--db", str(db), "-q"]) == 0
    return db


def _export(db, capsys) -> str:
    capsys.readouterr()
    assert main(["export", "--db", str(db)]) == 0
    return capsys.readouterr().out


def _no_temporaries(folder: Path) -> None:
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("argv", [
    ["export", "-o", "{db}"],
    ["export", "--format", "timelinejs", "-o", "{db}"],
    ["export", "--format", "csv", "-o", "{db}"],
    ["export", "-o", "{db}-wal"],
    ["brief", "-o", "{db}"],
    ["brief", "--format", "html", "-o", "{tmp}/b.html", "--chart", "{db}"],
    ["demo", "-o", "{db}"],
])
def test_an_output_that_is_the_store_is_refused_and_the_store_kept(store, tmp_path, capsys, argv):
    before = _export(store, capsys)
    argv = [a.format(db=store, tmp=tmp_path) for a in argv]
    code = main([*argv, "--db", str(store)])
    err = capsys.readouterr().err
    assert code == 2
    assert "is the store" in err and "would destroy it" in err
    assert _export(store, capsys) == before
    assert not (tmp_path / "b.html").exists()          # refused before any work, not half-way
    _no_temporaries(tmp_path)


def test_an_output_that_is_a_fifo_or_a_device_is_refused(store, tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert main(["export", "--db", str(store), "-o", str(fifo)]) == 2
    assert "is a FIFO" in capsys.readouterr().err
    assert fifo.is_fifo()                               # not replaced by a regular file
    assert main(["brief", "--db", str(store), "-o", os.devnull]) == 2
    assert "is a device" in capsys.readouterr().err
    assert Path(os.devnull).is_char_device()
    folder = tmp_path / "folder"
    folder.mkdir()
    assert main(["export", "--db", str(store), "-o", str(folder)]) == 2
    assert "is a folder" in capsys.readouterr().err
    _no_temporaries(tmp_path)


def test_an_output_that_is_a_symbolic_link_is_refused_and_its_target_kept(store, tmp_path, capsys):
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(target)
    assert main(["export", "--db", str(store), "-o", str(link)]) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep me"


def test_a_good_output_is_written_whole_with_no_temporary_left(store, tmp_path, capsys):
    before = _export(store, capsys)
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    os.chmod(out, 0o640)
    assert main(["export", "--db", str(store), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == before
    assert out.stat().st_mode & 0o777 == 0o640            # replacing a file keeps its permissions
    _no_temporaries(tmp_path)
    assert main(["export", "--db", str(store), "-o", str(tmp_path / "missing" / "out.json")]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_control_characters_in_names_never_reach_the_terminal(tmp_path, capsys, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    evil = "evil\x1b]0;pwned\x07\x1b[31m\nparley: ingested 999 new\u202e.txt"
    (folder / evil).write_bytes(b"")                        # an empty file: skipped, and named in the message
    db = tmp_path / "s.db"
    code = main(["ingest", str(folder), "--db", str(db), "-q"])
    err = capsys.readouterr().err
    assert code == 1
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err
    lines = err.splitlines()
    assert len(lines) == 2 and lines[0].startswith("parley: skipped ") and lines[1].startswith("ingested 0 new")
    assert "\\x1b]0;pwned\\x07" in lines[0] and "\\x0aparley: ingested 999 new\\u202e" in lines[0]


def test_printable_escapes_controls_and_keeps_ordinary_text():
    assert printable("Café – “quoted” 北京") == "Café – “quoted” 北京"
    assert printable("a\tb\rc\x85d\u2028e\u200bf") == "a\\x09b\\x0dc\\x85d\\u2028e\\u200bf"


@pytest.mark.parametrize("argv, message", [
    (["serve", "--port", "99999"], "a port is 1 to 65535"),
    (["serve", "--port", "0"], "a port is 1 to 65535"),
    (["serve", "--port", "http"], "not a port number"),
    (["ingest", "x.txt", "--workers", "0"], "must be 1 or more"),
    (["ingest", "x.txt", "--workers", "-5"], "must be 1 or more"),
])
def test_impossible_numbers_are_usage_errors(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_a_port_in_use_is_one_line_not_a_traceback(store, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--db", str(store), "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == f"parley: port {port} on 127.0.0.1 is in use: stop what uses it or give another --port"


def test_an_empty_folder_is_named_and_no_store_is_created(tmp_path, capsys):
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    db = tmp_path / "s.db"
    assert main(["ingest", str(empty), "--db", str(db)]) == 2
    assert capsys.readouterr().err.strip() == f"parley: {empty}: the folder holds no files to read"
    assert not db.exists()


def test_a_store_inside_the_input_folder_is_never_read_as_input(tmp_path, capsys, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "port.txt").write_text(ARTICLE, encoding="utf-8")
    db = folder / "story.db"
    assert main(["ingest", str(folder), "--db", str(db)]) == 0
    assert main(["ingest", str(folder), "--db", str(db)]) == 0        # its -wal, -shm and lock files exist now
    err = capsys.readouterr().err
    assert "story.db" not in err.replace(f"(store: {db})", "")
    assert "0 new, 1 unchanged, 0 skipped, 0 failed" in err
