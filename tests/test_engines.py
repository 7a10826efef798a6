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


RIVERTALKS = Path(__file__).parent / "data" / "rivertalks" / "articles.jsonl"


def test_undated_articles_analysed_again_by_the_worker_that_kept_their_parse_give_the_same_export(tmp_path):
    """The articles that only the story dates are analysed twice; with two workers each keeps the parses it
    made and does their second analysis (see `Kept`): the record is the one a single process makes."""
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    parley.ingest([RIVERTALKS], db=one)
    report = parley.ingest([RIVERTALKS], db=two, workers=2)
    assert report.exit_code == 0
    exported = to_json(parley.export(db=two))
    assert exported == to_json(parley.export(db=one))
    assert '"inferred-from-story"' in exported             # (the story dated some of them)


def _kept_here() -> int:
    from parley import engines

    return len(engines._kept)


def _pid() -> int:
    return os.getpid()


def _articles(texts: list[str]):
    from parley.models import Article

    return [Article(id=f"t{k}", source=f"t{k}.txt", file=None, url=None, title="", text=t, raw=t, format="txt",
                    encoding="utf-8") for k, t in enumerate(texts)]


TEXTS = ["Orlova and Kesh met in Varn on Tuesday to discuss the water accord.",
         "The dam talks resumed on Monday, the ministry said.",
         "Ilse Marrow said the accord would be signed in April.",
         "Kesh told reporters that the talks had failed."]


def test_a_worker_keeps_the_parses_of_undated_articles_and_reads_them_again_or_parses_anew_once_forgotten():
    from dataclasses import replace

    from parley.engines import Job, Kept, LocalEngine, ProcessEngine

    articles = _articles(TEXTS)
    engine = ProcessEngine(2)
    try:
        first = [r for results in engine.run([Job(articles[:2], {}, keep=True), Job(articles[2:], {}, keep=True)])
                 for r in results]
        assert [r.article.id for r in first] == ["t0", "t1", "t2", "t3"]          # in the order given
        assert all(isinstance(r.parse, Kept) and r.pending for r in first)       # kept there, not sent back
        assert sum(engine.map(_kept_here, [(), ()])) == 4
        dated = [replace(r.article, published="2031-03-04", published_by="header") for r in first]
        second = [r for results in engine.run([Job(dated, {}, parses=[r.parse for r in first], infer=False)])
                  for r in results]
        local = LocalEngine().run([Job(dated, {}, infer=False)])
        assert [r.analysis for r in second] == [r.analysis for results in local for r in results]
        engine.forget()
        assert engine.map(_kept_here, [(), ()]) == [0, 0]
        again = [r for results in engine.run([Job(dated, {}, parses=[r.parse for r in first], infer=False)])
                 for r in results]                     # the parses are gone: parsed anew, the same analysis
        assert [r.analysis for r in again] == [r.analysis for r in second]
    finally:
        engine.close()


def test_a_worker_that_dies_is_named_in_the_error_not_waited_for():
    from parley.engines import ProcessEngine, WorkerLost

    engine = ProcessEngine(2)
    try:
        pids = engine.map(_pid, [(), ()])
        os.kill(pids[1], signal.SIGKILL)
        with pytest.raises(WorkerLost, match=r"worker process 2 of 2 .*ended unexpectedly \(killed by signal 9"):
            engine.map(_pid, [(), ()])
    finally:
        engine.close()


def test_the_last_jobs_of_a_run_shrink_to_one_article_so_that_the_workers_end_together():
    from parley.pipeline import JOB_SIZE, _jobs

    lengths = [30, 5000, 120, 800, 70, 2600, 10, 400, 950, 60, 300, 45, 700, 20, 90, 1500, 33]
    articles = _articles(["x" * n for n in lengths])
    jobs = list(_jobs(articles, spread=2))
    sizes = [len(job) for job in jobs]
    assert sizes[0] == JOB_SIZE and sizes[-4:] == [1, 1, 1, 1] and sizes == sorted(sizes, reverse=True)
    assert [len(a.text) for job in jobs for a in job] == sorted(lengths, reverse=True)


def test_a_worker_keeps_parses_up_to_its_bound_and_sends_the_rest_back_compressed(nlp, monkeypatch):
    from parley import engines

    monkeypatch.setattr(engines, "_worker", 1)                 # as worker 2 of an engine
    monkeypatch.setattr(engines, "_kept", {})
    monkeypatch.setattr(engines, "KEPT_IN_WORKER", 1)
    first, second = nlp("Orlova met Kesh in Varn."), nlp("The dam talks resumed on Monday.")
    assert engines._keep("a", first) == engines.Kept(1)
    blob = engines._keep("b", second)                          # past the bound: back to the parent, compressed
    assert isinstance(blob, bytes) and [t.text for t in engines.unpack(blob, nlp.vocab)] == [t.text for t in second]
    assert engines._keep("a", first) == engines.Kept(1)        # one it holds is kept again
    engines._forget()
    assert engines._kept == {}
    monkeypatch.setattr(engines, "KEPT_IN_WORKER", 10)
    monkeypatch.setattr(engines, "KEPT_TOKENS", len(first) + 2)     # memory, not only a count, bounds them
    assert engines._keep("a", first) == engines.Kept(1)
    assert isinstance(engines._keep("b", second), bytes)
