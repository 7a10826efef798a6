"""Shared fixtures: the spaCy pipeline, the sample corpus, ../shared when it is there."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "cop21"
DATA = Path(__file__).resolve().parent / "data"


def shared_dir() -> Path | None:
    """../shared (seeds, gold, scorer, datasets) beside the checkout, or $PARLEY_SHARED; None if absent."""
    for candidate in (os.environ.get("PARLEY_SHARED"), ROOT.parent / "shared"):
        if candidate and (Path(candidate) / "eval" / "score.py").is_file():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def shared() -> Path:
    found = shared_dir()
    if found is None:
        pytest.skip("../shared (seed articles, gold and scorer) is not available")
    return found


@pytest.fixture(scope="session")
def nlp():
    from parley.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory, nlp) -> Path:
    """A store with the sample corpus ingested once for the session (read-only for tests)."""
    import parley

    db = tmp_path_factory.mktemp("sample") / "story.db"
    report = parley.ingest([SAMPLE], db=db)
    assert report.exit_code == 0, report
    return db


@pytest.fixture(scope="session")
def sample_export(sample_db) -> dict:
    import parley

    return parley.export(db=sample_db)


# -- a throwaway PostgreSQL server (benchmarks/pgserver.py), shared by the store tests ---------------
@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server for the session; yields its libpq conninfo (without dbname). Skips the
    test where no PostgreSQL server binaries are installed."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from pgserver import ServerUnavailable, throwaway_postgres

    try:
        with throwaway_postgres() as conninfo:
            yield conninfo
    except ServerUnavailable as e:
        pytest.skip(str(e))


@pytest.fixture
def pg_dsn(pg_server):
    """A fresh, empty database for one test."""
    import uuid

    from pgserver import create_database, drop_database

    name = "t_" + uuid.uuid4().hex[:12]
    yield create_database(pg_server, name)
    drop_database(pg_server, name)
