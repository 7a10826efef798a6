"""Engines: worker processes and a Dask cluster give the same story as one process."""
from __future__ import annotations

import pytest

import parley
import parley.errors
from parley.views.export import to_json

from conftest import SAMPLE


def test_two_worker_processes_give_the_same_export(tmp_path, sample_export):
    db = tmp_path / "p.db"
    report = parley.ingest([SAMPLE], db=db, workers=2)
    assert len(report.added) == 6 and report.exit_code == 0
    assert to_json(parley.export(db=db)) == to_json(sample_export)


def test_dask_local_cluster_of_two_workers_gives_the_same_export(tmp_path, sample_export):
    pytest.importorskip("dask.distributed")
    db = tmp_path / "d.db"
    report = parley.ingest([SAMPLE], db=db, engine="dask", workers=2)
    assert len(report.added) == 6 and report.exit_code == 0
    assert to_json(parley.export(db=db)) == to_json(sample_export)


def test_unknown_engine_is_a_usage_error(tmp_path):
    with pytest.raises(parley.errors.UsageError, match="unknown engine"):
        parley.ingest([SAMPLE], db=tmp_path / "x.db", engine="spark")
