"""Seed acceptance: ingest ../shared/seeds, export, score with ../shared/eval/score.py.

Skips cleanly when ../shared is not beside the checkout. The score line is printed (-s, or
in the report of a failure); the publication dates must both be right.
"""
from __future__ import annotations

import json
import subprocess
import sys

import parley
from parley.views.export import to_json


def test_seed_score(shared, tmp_path):
    db, out = tmp_path / "seeds.db", tmp_path / "seeds.json"
    report = parley.ingest([shared / "seeds"], db=db)
    assert report.exit_code == 0
    out.write_text(to_json(parley.export(db=db)))
    scored = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(out),
                             str(shared / "gold" / "seeds.json")], capture_output=True, text=True, check=True)
    line = scored.stdout.strip().splitlines()[-1]
    print("\nseed", line)
    figures = dict(zip(line.split()[0::2], map(float, line.split()[1::2])))
    assert figures["dates"] == 1.0, line
    dates = {a["file"]: a["published"] for a in json.loads(out.read_text())["articles"]}
    assert sorted(dates.values()) == ["2019-02-23", "2019-02-28"]
