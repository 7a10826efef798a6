"""Reliability: a battery of hostile inputs, a killed ingest, ingest order and repetition.

Every hostile input is generated here (nothing large is committed). For each: one line on
stderr naming the input and the reason, the rest of the batch ingested, the exit code right,
nothing already stored changed, and the process's memory bounded.
"""
from __future__ import annotations

import io
import json
import random
import signal
import sqlite3
import subprocess
import sys
import time


import parley
from parley.views.export import to_json

from conftest import SAMPLE

GOOD = ("Harbour talks resume\n\nVALPARAISO (May 6, 2024) - Chile and Peru resumed talks on Monday about the "
        "anchovy quota. \"We want a fair deal,\" Chilean Fisheries Minister Ana Torres said.\n")


def cli(*args, stdin=None):
    """Run `parley` and report (exit code, stderr, peak RSS of the child in MiB)."""
    code = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True); "
            "sys.stderr.buffer.write(r.stderr); "
            "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    r = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "parley.cli", *map(str, args)],
                       capture_output=True, text=True, input=stdin)
    rc, rss = r.stdout.split()
    return int(rc), r.stderr, int(rss) / 1024


def make_battery(folder):
    """name -> (bytes or a callable that makes the file, expected word in the reason or None if ingested)."""
    rng = random.Random(7)
    nested = "<html><body>" + "<div>" * 100_000 + "deep text" + "</div>" * 100_000 + "</body></html>"
    warc = _warc_bytes()
    cases = {
        "empty.txt": (b"", "empty file"),
        "spaces.txt": (b"   \n\t\n  ", "whitespace only"),
        "random.bin": (bytes(rng.getrandbits(8) for _ in range(4096)), "binary"),
        "nul_inside.txt": (GOOD.replace("quota", "quo\x00ta").encode(), None),
        "bad_utf8.txt": (GOOD.encode() + b"\xff\xfe broken \xc3\x28 bytes " + "caf\u00e9".encode(), None),
        "latin1.txt": (GOOD.replace("Harbour", "Caf\u00e9 harbour").encode("latin-1"), None),
        "utf16_bom.txt": (GOOD.encode("utf-16"), None),
        "utf16_nobom.txt": (GOOD.encode("utf-16-le"), None),
        "huge.txt": (None, "limit"),                                  # written sparse below: 100 MB
        "long_line.txt": (("word " * 1_100_000).encode(), "more than one article"),   # one 5.5 MB line
        "only_scripts.html": (b"<html><head><script>var a=1;</script></head><body><script>alert(1)</script>"
                              b"</body></html>", "no article text"),
        "nested.html": (nested.encode(), "deep"),
        "really_pdf.html": (b"%PDF-1.4\n" + bytes(range(256)) * 8, "PDF"),
        "really_zip.html": (b"PK\x03\x04" + bytes(range(256)) * 8, "ZIP"),
        "broken_line.jsonl": ((json.dumps({"url": "https://ex.org/a", "text": GOOD + "From a feed."}) + "\n{broken json\n"
                               + json.dumps({"url": "https://ex.org/b", "text": GOOD.replace("Monday", "Tuesday")})
                               + "\n").encode(), "not valid JSON"),
        "truncated.warc.gz": (warc[: len(warc) // 2], "WARC"),
        "french.txt": ("Les n\u00e9gociations reprennent\n\nLe Chili et le P\u00e9rou ont repris lundi les "
                       "discussions sur les quotas d'anchois, a d\u00e9clar\u00e9 la ministre, qui souhaite un "
                       "accord \u00e9quitable pour les petits bateaux de p\u00eache.\n".encode(), "not English"),
        "thai.txt": (("\u0e01\u0e32\u0e23\u0e40\u0e08\u0e23\u0e08\u0e32\n\n" + (
            "\u0e0a\u0e34\u0e25\u0e35\u0e41\u0e25\u0e30\u0e40\u0e1b\u0e23\u0e39\u0e01\u0e25\u0e31\u0e1a"
            "\u0e21\u0e32\u0e40\u0e08\u0e23\u0e08\u0e32\u0e01\u0e31\u0e19\u0e43\u0e19\u0e27\u0e31\u0e19"
            "\u0e08\u0e31\u0e19\u0e17\u0e23\u0e4c ") * 6).encode(), "not English"),
        "russian.txt": (("\u041f\u0435\u0440\u0435\u0433\u043e\u0432\u043e\u0440\u044b\n\n" + (
            "\u0427\u0438\u043b\u0438 \u0438 \u041f\u0435\u0440\u0443 \u0432\u043e\u0437\u043e\u0431"
            "\u043d\u043e\u0432\u0438\u043b\u0438 \u043f\u0435\u0440\u0435\u0433\u043e\u0432\u043e\u0440"
            "\u044b \u043e \u043a\u0432\u043e\u0442\u0430\u0445 \u0432 \u043f\u043e\u043d\u0435\u0434"
            "\u0435\u043b\u044c\u043d\u0438\u043a. ") * 4).encode(), "not English"),
        "two_languages.txt": ((GOOD + "\nLes discussions reprendront demain a Lima.\n").encode(), None),
    }
    for name, (data, want) in list(cases.items()):
        if want is None and name != "bad_utf8.txt":       # readable variants of one text: make each distinct,
            text = data.decode("utf-16") if name.startswith("utf16") else None   # or they share a content id
            if name == "utf16_bom.txt":
                data = (text + f"Variant {name}.\n").encode("utf-16")
            elif name == "utf16_nobom.txt":
                data = (data.decode("utf-16-le") + f"Variant {name}.\n").encode("utf-16-le")
            elif name == "latin1.txt":
                data = data + f"Variant {name}.\n".encode("latin-1")
            else:
                data = data + f"Variant {name}.\n".encode()
            cases[name] = (data, want)
    for name, (data, _) in cases.items():
        path = folder / name
        if name == "huge.txt":
            with path.open("wb") as f:                       # 100 MB without writing 100 MB
                f.truncate(100 * 1024 * 1024)
        else:
            path.write_bytes(data)
    loop = folder / "loop"
    loop.mkdir()
    (loop / "again").symlink_to(loop)
    return {name: want for name, (_, want) in cases.items()} | {"again": "loop"}


def _warc_bytes() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    html = ("<html><head><title>Harbour talks</title></head><body><article><p>" + GOOD * 3
            + "</p></article></body></html>").encode()
    for n in range(3):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://ex.org/{n}", "response",
                                                      payload=io.BytesIO(html + str(n).encode()),
                                                      http_headers=headers))
    return buf.getvalue()


def test_hostile_battery(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    expected = make_battery(folder)
    (folder / "good.txt").write_text(GOOD)
    db = tmp_path / "s.db"
    rc, err, rss = cli("ingest", folder, "--db", db)
    assert rc == 1, err
    lines = [line for line in err.splitlines() if line.startswith("parley: ")]
    for name, want in expected.items():
        mine = [line for line in lines if name in line]
        if want is None:
            assert not [m for m in mine if "skipped" in m or "failed" in m], (name, mine)
        else:
            assert mine, f"no message names {name}: {lines}"
            assert any(want.lower() in m.lower() for m in mine), (name, mine)
    assert rss < 2048, f"peak memory {rss:.0f} MiB"
    record = parley.export(db=db)
    ingested = {a["file"] for a in record["articles"] if a["status"] == "ok"}
    assert {"good.txt", "nul_inside.txt", "latin1.txt", "utf16_bom.txt", "utf16_nobom.txt", "bad_utf8.txt",
            "two_languages.txt", "broken_line.jsonl"} <= ingested
    assert sum(1 for a in record["articles"] if a["file"] == "broken_line.jsonl" and a["status"] == "ok") == 2
    latin = parley.show("latin1.txt", db=db)["text"]
    assert "Caf\u00e9 harbour" in latin
    before = to_json(record)
    rc, err, _ = cli("ingest", folder / "empty.txt", folder / "random.bin", "--db", db)
    assert rc == 1 and to_json(parley.export(db=db)).count('"status": "ok"') == before.count('"status": "ok"')


def test_exit_codes(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    assert cli("ingest", good, "--db", tmp_path / "s.db")[0] == 0
    assert cli("ingest", tmp_path / "nothing-here.txt", "--db", tmp_path / "s.db")[0] == 1
    assert cli("ingest", "--no-such-flag", "--db", tmp_path / "s.db")[0] == 2


def test_a_killed_ingest_loses_nothing_and_a_rerun_matches(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(10):                                    # 60 articles: two batches, killed in the second
        for f in sorted(SAMPLE.glob("*.txt")):
            (folder / f"{n}_{f.name}").write_text(f.read_text() + f"\nCopy {n}.\n")
    db = tmp_path / "killed.db"
    proc = subprocess.Popen([sys.executable, "-m", "parley.cli", "ingest", str(folder), "--db", str(db), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:                          # wait until some articles are stored
        time.sleep(0.3)
        try:
            with sqlite3.connect(db) as c:
                if c.execute("SELECT count(*) FROM articles").fetchone()[0] >= 1:
                    break
        except sqlite3.Error:
            pass
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = c.execute("SELECT count(*) FROM articles").fetchone()[0]
        orphans = c.execute("SELECT count(*) FROM extractions WHERE article_id NOT IN (SELECT id FROM articles)")
        assert orphans.fetchone()[0] == 0
    assert 0 < stored < 60
    assert cli("ingest", folder, "--db", db)[0] == 0       # the re-run completes the store
    clean = tmp_path / "clean.db"
    assert cli("ingest", folder, "--db", clean)[0] == 0
    assert to_json(parley.export(db=db)) == to_json(parley.export(db=clean))


def test_ingesting_twice_or_in_another_order_gives_the_same_bytes(tmp_path):
    files = sorted(SAMPLE.glob("*.txt"))
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    parley.ingest(files, db=a)
    parley.ingest(files, db=a)
    for f in reversed(files):
        parley.ingest([f], db=b)
    assert to_json(parley.export(db=a)) == to_json(parley.export(db=b))


# --- properties: no input crashes a reader; offsets always point at their text ----------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from parley.ingest import read_bytes  # noqa: E402
from parley.models import Article, Problem  # noqa: E402

NAMES = st.sampled_from(["a.txt", "a.html", "a.jsonl", "a.warc", "a.warc.gz", "a", "a.md"])
PIECES = st.sampled_from([b"<html>", b"<body>", b"<p>", b"</p>", b"{\"text\": \"", b"\"}", b"\n", b"WARC/1.0\r\n",
                          b"PHOTO: AFP", b"Remote video URL", b"\xff", b"\x00", b"\xc3\xa9", b"Talks resume. ",
                          b"PARIS (Dec 2, 2015) - ", b"Monday (Nov 30)", b"%PDF", b"\x1f\x8b", b"<script>x</script>"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES | st.binary(max_size=20), max_size=40).map(b"".join), NAMES)
def test_no_bytes_crash_a_reader(data, name):
    for item in read_bytes(data, source=name, file=name, name=name):
        assert isinstance(item, (Article, Problem))
        if isinstance(item, Article):
            assert item.text and item.id
            raw = item.raw
            for clean_start, raw_start, length in item.offsets:
                assert item.text[clean_start:clean_start + length] == raw[raw_start:raw_start + length]
        else:
            assert item.reason and item.source
