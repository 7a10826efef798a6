"""Engines: worker processes and a Dask cluster give the same story as one process."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

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


def _children(pid: int) -> set[int]:
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.add(int(status.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the process table in /proc")
def test_worker_processes_end_when_the_ingest_that_started_them_is_killed(tmp_path):
    """A killed `parley ingest --workers 2` leaves no worker behind holding a pipeline in memory."""
    proc = subprocess.Popen([sys.executable, "-m", "parley.cli", "ingest", str(SAMPLE), "--db", str(tmp_path / "k.db"),
                             "--workers", "2", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        own = Path(f"/proc/{proc.pid}/cmdline").read_text(errors="replace")        # (once it runs parley)
        workers = {c for c in _children(proc.pid)       # fresh interpreters, or copies of the ingest itself
                   if (line := Path(f"/proc/{c}/cmdline").read_text(errors="replace")) == own or "spawn_main" in line}
        time.sleep(0.05)
    assert len(workers) == 2, "the workers never started"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [w for w in workers if Path(f"/proc/{w}").exists()]
    for w in left:
        os.kill(w, signal.SIGKILL)                 # clean up before failing
    assert not left


def test_the_parse_cache_keeps_docs_made_here_then_compresses_beyond_its_bound(nlp, monkeypatch):
    from parley.engines import unpack
    from parley.pipeline import ParseCache

    monkeypatch.setattr(ParseCache, "DOCS_KEPT", 2)
    docs = [nlp(t) for t in ("Orlova and Kesh met in Varn.", "The dam talks resumed on Monday.",
                             "Ilse Marrow said the accord would be signed in April.")]
    with ParseCache() as cache:
        for i, doc in enumerate(docs):
            cache.put(str(i), doc)
        assert cache.get("0") is docs[0] and cache.get("1") is docs[1]
        blob = cache.get("2")
        assert isinstance(blob, bytes)                       # past the bound: compressed to the file
        back = unpack(blob, nlp.vocab)
        assert [(t.text, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in back] == \
            [(t.text, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in docs[2]]
        assert cache.get("3") is None


def _blas_threads() -> list[int]:
    from threadpoolctl import threadpool_info

    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_worker_processes_and_their_parent_use_one_blas_thread_while_the_engine_is_open():
    """One worker a core: a worker's (or the reading parent's) numpy must not start threads that only spin
    against the other workers; the parent's own limit is given back when the engine closes."""
    from parley.engines import ProcessEngine

    import numpy  # noqa: F401 - so that the library is loaded before the limits are read
    before = _blas_threads()
    engine = ProcessEngine(2)
    try:
        assert _blas_threads() and set(_blas_threads()) == {1}
        for threads in engine.map(_blas_threads, [(), ()]):
            assert threads and set(threads) == {1}
    finally:
        engine.close()
    assert _blas_threads() == before


def test_the_longest_articles_are_analysed_first_so_that_the_last_jobs_are_the_shortest():
    """Workers take jobs as they free up: with the long texts at the end, one worker would finish a long
    job while the other waits. Each job holds JOB_SIZE articles, every article once."""
    from parley.models import Article
    from parley.pipeline import JOB_SIZE, _jobs

    lengths = [30, 5000, 120, 800, 70, 2600, 10, 400, 950, 60]
    articles = [Article(id=f"a{k}", source=f"s{k}", file=None, url=None, title="", text="x" * n, raw="x" * n,
                        format="txt", encoding="utf-8") for k, n in enumerate(lengths)]
    jobs = list(_jobs(articles))
    assert all(len(job) == JOB_SIZE for job in jobs[:-1]) and 0 < len(jobs[-1]) <= JOB_SIZE
    order = [len(a.text) for job in jobs for a in job]
    assert order == sorted(lengths, reverse=True)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are copies on Linux only")
def test_workers_start_as_copies_of_a_process_with_one_thread_and_fresh_where_it_runs_others():
    """A copy of a process holds its other threads stopped wherever they were (a lock taken for ever):
    workers are copies ("fork", what the process imported comes with them) only of a one-thread process."""
    program = ("import threading, time\n"
               "from parley.engines import _start_method\n"
               "alone = _start_method()\n"
               "threading.Thread(target=time.sleep, args=(2,), daemon=True).start()\n"
               "print(alone, _start_method())\n")
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["fork", "spawn"]
