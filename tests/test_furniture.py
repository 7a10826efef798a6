"""Page furniture through the whole path: removed before extraction, kept in the store, shown by
`parley show --dropped`; a page whose first line is furniture gets its real headline as title."""
from __future__ import annotations

import json
import subprocess
import sys

import parley

PAGE = """Accessibility links
Breaking News
 date 2017-09 Port officials shake hands with union delegates in Portmere, June 26, 2015. HARBOUR/Ana Torres
Port contract signed after six weeks of talks
Harbour Daily Staff
2 Min Read
The port authority and the dock union signed a new contract in Portmere on Tuesday after six weeks of talks.
Union leader Ana Torres said the ships would sail again on Wednesday.
Leave a Reply
Your email address will not be published. Required fields are marked *
"""


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "parley.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def _ingest(tmp_path):
    path = tmp_path / "port.jsonl"
    path.write_text(json.dumps({"url": "https://harbour.example/2015/07/14/port-contract", "text": PAGE}) + "\n",
                    encoding="utf-8")
    db = tmp_path / "s.db"
    report = parley.ingest([path], db=db)
    assert not report.failed and not report.skipped
    return db


def test_furniture_is_not_read_as_title_actor_or_date(tmp_path):
    db = _ingest(tmp_path)
    record = parley.export(db=db)
    article = record["articles"][0]
    assert article["title"] == "Port contract signed after six weeks of talks"    # not the picture's caption
    assert "Accessibility" not in article["title"] and "2017" not in article["title"]
    names = {a["name"] for a in record["actors"]}
    assert not any("Staff" in n or "Accessibility" in n or "Reply" in n for n in names)
    assert not any((e["when"] or "").startswith("2017") for e in record["events"])
    shown = parley.show(article["id"], db=db)
    assert "Leave a Reply" not in shown["text"] and "2 Min Read" not in shown["text"]


def test_show_dropped_lists_what_cleaning_removed(tmp_path):
    db = _ingest(tmp_path)
    article = parley.export(db=db)["articles"][0]["id"]
    r = _cli("show", article, "--db", db, "--dropped")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    for furniture in ("Accessibility links", "Breaking News", "date 2017-09", "HARBOUR/Ana Torres", "Harbour Daily Staff",
                      "2 Min Read", "Leave a Reply"):
        assert furniture in lines
    assert not any("signed a new contract" in line for line in lines)
    data = json.loads(_cli("show", article, "--db", db, "--json").stdout)
    assert data["dropped"] == lines


def test_show_dropped_says_so_when_nothing_was(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text("Port contract signed\n\nThe port authority and the dock union signed a contract on Tuesday.\n",
                    encoding="utf-8")
    db = tmp_path / "s.db"
    parley.ingest([path], db=db)
    r = _cli("show", "clean.txt", "--db", db, "--dropped")
    assert r.returncode == 0 and r.stdout == "" and "nothing was dropped" in r.stderr
