"""Where articles are analysed: in this process, in worker processes, or on a Dask cluster.

Every engine runs the same pure function, `analyse_batch`, on jobs (a batch of articles with
what it needs) and gives the results back in the order the jobs were submitted, with a bounded
number in flight so that memory does not grow with the corpus. The store is only ever written
by the caller's process: workers parse and extract, the store receives records.

An article that its text does not date for sure (undated, or dated by inference) may be dated
again once the whole story is read; its parse is kept for the second analysis, which reads it instead of
parsing the text again: in the memory of the worker process that made it (`Kept`: that worker then does the
second analysis), or, beyond what a worker keeps and on other engines, compressed and sent back with the result
(`Result.parse`).
"""
from __future__ import annotations

import logging
import zlib
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import ParleyError, UsageError
from .link.story_dates import HOW as FROM_STORY
from .models import Analysis, Article

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Result:
    article: Article                 # dated, when the text gave a date
    analysis: Analysis | None        # None when the analysis failed
    error: str | None
    model: str
    parse: Any = field(default=None, repr=False)    # the parse kept for a second analysis: compressed bytes, or
                                                    # (in this process: `Job.in_process`) the Doc itself
    pending: bool = False            # only what dating it reads: analysed in full once the story is read


@dataclass(frozen=True, slots=True)
class Job:
    """One batch of work: the articles, the story's publication years so far (which year a bare
    "Monday, July 13" is), the stored parses of those parsed before (None: parse the text), whether
    an undated article is dated from its text, and whether parses come back for a second analysis."""
    articles: list[Article]
    years: dict[int, int]
    parses: list[Any] | None = None
    infer: bool = True
    keep: bool = False
    in_process: bool = False      # run where its results are used: a kept parse is the Doc, not its bytes


# Dates that the whole story may still change: such an article's parse is kept for its second analysis.
UNSURE = (None, "inferred", FROM_STORY, "updated")


@dataclass(frozen=True, slots=True)
class Kept:
    """A parse kept in the memory of worker `worker` of a `ProcessEngine`, which made it: a job that reads it
    goes to that worker (nothing compressed, sent back and read again). A worker that no longer holds it
    parses the text again."""
    worker: int


KEPT_IN_WORKER = 256        # parses a worker keeps in memory; beyond, compressed ...
KEPT_TOKENS = 500_000       # ... and beyond this many tokens (~150 bytes each: a worker's memory stays bounded)
_worker: int | None = None  # this process's index among its engine's workers (None: not a `ProcessEngine` worker)
_kept: dict[str, Any] = {}  # in a worker: article id -> its parse (a Doc without tensor) kept for a second analysis


def pack(doc) -> bytes:
    """A parse as compressed bytes (tokens, tags, tree, entities; no tensors, which no extractor reads)."""
    return zlib.compress(doc.to_bytes(exclude=["tensor", "user_data"]), 1)


def _without_tensor(doc):
    """A copy of `doc` (0.1 ms; packing takes 5) kept for a second analysis in this process, without the tensor
    (as `pack` drops it)."""
    kept = doc.copy()
    kept.tensor = kept.tensor[:0]
    kept.user_data.clear()              # (the text is told again when the parse is read: `known_text`)
    return kept


def unpack(blob: bytes, vocab):
    from spacy.tokens import Doc

    return Doc(vocab).from_bytes(zlib.decompress(blob))


def analyse_batch(job: Job) -> list[Result]:
    """Parse (or read the stored parse of) and run every extractor over a job's articles (one spaCy
    pipeline per process, loaded once)."""
    from .nlp import known_text, load_nlp, model_name, parse_text
    from .pipeline import analyze_doc, date_from_text, dating_analysis

    nlp = load_nlp()
    model = model_name()
    story_years = Counter(job.years)
    parses = [_kept.get(a.id) if isinstance(blob, Kept) else blob       # gone from this worker: parsed again
              for a, blob in zip(job.articles, job.parses or [None] * len(job.articles))]
    texts = [parse_text(a.text) for a in job.articles]
    fresh = nlp.pipe((t for t, blob in zip(texts, parses) if blob is None), batch_size=8)
    out = []
    for article, text, blob in zip(job.articles, texts, parses):
        doc = next(fresh) if blob is None else unpack(blob, nlp.vocab) if isinstance(blob, bytes) else blob
        known_text(doc, text)
        try:
            if job.infer:
                article = date_from_text(article, doc, story_years)
            kept = None
            if job.keep and article.published_by in UNSURE:
                kept = _without_tensor(doc) if job.in_process else _keep(article.id, doc)
            if kept and article.published is None:      # the story may date it: the rest is read then
                out.append(Result(article, dating_analysis(doc, article), None, model, kept, pending=True))
            else:
                out.append(Result(article, analyze_doc(doc, article), None, model, kept))
        except Exception as e:  # noqa: BLE001 - one article's bad analysis must not stop the batch
            log.exception("analysis of %s failed", article.source)
            out.append(Result(article, None, f"analysis failed ({type(e).__name__}: {e}); please report this as a bug",
                              model))
    return out


def _keep(article_id: str, doc):
    """`doc` kept for a second analysis: in this worker's memory (a `Kept` to send back) while it holds fewer
    than `KEPT_IN_WORKER` parses and `KEPT_TOKENS` tokens, else compressed (the bytes to send back)."""
    if _worker is not None and (article_id in _kept or len(_kept) < KEPT_IN_WORKER and
                                sum(map(len, _kept.values())) + len(doc) <= KEPT_TOKENS):
        _kept[article_id] = _without_tensor(doc)
        return Kept(_worker)
    return pack(doc)


def _forget() -> None:
    """Drop the parses this worker keeps (the run that needed them is over)."""
    _kept.clear()


def _windowed(submit, jobs: Iterable[Job], width: int) -> Iterator[list[Result]]:
    """Submit jobs, keeping at most `width` in flight; yield their results in submission order."""
    window: deque = deque()
    for job in jobs:
        window.append(submit(job))
        if len(window) >= width:
            yield window.popleft().result()
    while window:
        yield window.popleft().result()


class _Later:
    """A result to be taken later: `result()` gives it (computed once)."""

    __slots__ = ("_get", "_done", "_value")

    def __init__(self, get) -> None:
        self._get, self._done, self._value = get, False, None

    def result(self):
        if not self._done:
            self._value, self._done = self._get(), True
        return self._value


class LocalEngine:
    """Analyse in this process."""

    def run(self, jobs: Iterable[Job]) -> Iterator[list[Result]]:
        for job in jobs:
            yield analyse_batch(replace(job, in_process=True))       # kept parses stay Docs: no bytes

    def map(self, fn, calls: list[tuple]) -> list:
        """`fn(*args)` for each args of `calls`, in order (a pure function the other engines run on workers)."""
        return [fn(*args) for args in calls]

    def submit(self, fn, *args) -> "_Later":
        """`fn(*args)`, its result to be taken later (`.result()`): here, run then; elsewhere, on a worker while
        this process goes on."""
        return _Later(lambda: fn(*args))

    def close(self) -> None:
        pass


def _one_blas_thread():
    """Limit the linear-algebra library under numpy to one thread in this process (until the returned
    limiter's `restore_original_limits()`). Where every core already runs a worker, its threads only take
    turns with the workers: OpenBLAS threads wait by spinning, so the language identifier's one
    matrix-vector product an article cost the parent 8 ms of two cores' time instead of 1."""
    import numpy  # noqa: F401 - loads the library: a limit holds for the libraries loaded when it is set
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def _serve(index: int, parent: int, tasks, results) -> None:
    """Worker `index` of a `ProcessEngine`: load the pipeline, then run the tasks given to it in order (each
    `(task id, pickled (function, arguments))`) and send back each `(task id, ok, result or exception)`, until
    given None. A pipeline that will not load is the answer to every task."""
    import pickle
    import signal
    import threading

    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # an interrupt is the parent's to handle: it ends the workers
    threading.Thread(target=_outlive_no_parent, args=(parent,), name="parley-parent-watch", daemon=True).start()
    _one_blas_thread()           # one worker a core: no threads of its own
    _worker = index
    from .nlp import load_nlp

    failed = None
    try:
        load_nlp()
    except Exception as e:  # noqa: BLE001 - given back with each task, raised in the parent
        failed = e
    while (task := tasks.get()) is not None:
        task_id, call = task
        try:
            if failed is not None:
                raise failed
            fn, args = pickle.loads(call)
            out = (task_id, True, fn(*args))
        except Exception as e:  # noqa: BLE001 - given back, raised in the parent
            out = (task_id, False, e)
        try:
            data = pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as e:  # noqa: BLE001 - a result that cannot travel is this task's failure
            data = pickle.dumps((task_id, False, ParleyError(f"a worker could not send back its result "
                                                             f"({type(e).__name__}: {e})")))
        results.send_bytes(data)
    _exit_now()


def _exit_now() -> None:
    """A worker's end, once told: it holds no state of its own (results went back with each task), so it
    leaves without tearing down the interpreter and the pipeline object by object (a quarter of a second that
    the parent, which waits for its workers, would wait too)."""
    import os
    import sys

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    os._exit(0)


def _outlive_no_parent(parent: int) -> None:
    """End this worker when the process that started it is gone (killed, or stopped without closing its
    pool): a worker waiting for work that will never come would otherwise hold its memory for ever."""
    import os
    import time

    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _start_method() -> str:
    """How worker processes start: on Linux, as copies of this process ("fork": what it has imported comes with
    them, a third of a second each) where it runs no other thread, which a copy would hold stopped wherever it
    was (a lock taken for ever); else as fresh interpreters ("spawn": macOS's system libraries are not safe
    to copy)."""
    import sys
    import threading

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


class WorkerLost(ParleyError):
    """A worker process ended while it had work (killed, or out of memory)."""


class _Entry:
    """A job in flight: its parts (where each runs, its articles' places in the job, the part itself) and the
    task id of each part once given to a worker."""

    __slots__ = ("parts", "ids")

    def __init__(self, parts: list[tuple[int | None, list[int], Job]]) -> None:
        self.parts = parts
        self.ids: list[int | None] = [None] * len(parts)


def _parts(job: Job, workers: int) -> list[tuple[int | None, list[int], Job]]:
    """`job` split by where its articles' parses are kept: a part for each worker that keeps some (it runs
    there), one for the rest (any worker)."""
    blobs = job.parses or [None] * len(job.articles)
    groups: dict[int | None, list[int]] = {}
    for place, blob in enumerate(blobs):
        groups.setdefault(blob.worker if isinstance(blob, Kept) and blob.worker < workers else None, []).append(place)
    if len(groups) == 1:
        return [(next(iter(groups)), list(range(len(job.articles))), job)]
    return [(worker, places, replace(job, articles=[job.articles[k] for k in places], parses=[blobs[k] for k in places]))
            for worker, places in groups.items()]


def _size(job: Job) -> int:
    return sum(len(a.text) for a in job.articles)


class ProcessEngine:
    """Analyse in `workers` processes on this machine (each loads the pipeline once).

    Each worker has its own queue, holding at most `DEPTH` tasks (one it runs, one waiting, so that it never
    idles while this process stores what came back): a job goes to the worker with least to do, and the part
    of a job whose parses a worker kept (`Kept`) goes to that worker. Results come back in the order the jobs
    were given; to keep every worker busy meanwhile, up to `AHEAD` jobs a worker are read ahead."""

    DEPTH = 2
    AHEAD = 8
    REPARSE = 5         # parsing an article again and analysing it, against only analysing its kept parse

    def __init__(self, workers: int) -> None:
        import itertools
        import multiprocessing
        import os

        ctx = multiprocessing.get_context(_start_method())
        self.workers = workers
        self._blas = _one_blas_thread()          # the workers have the cores; this process reads and stores
        self._tasks = [ctx.Queue() for _ in range(workers)]
        pipes = [ctx.Pipe(duplex=False) for _ in range(workers)]
        self._results = [reader for reader, _ in pipes]
        self._procs = [ctx.Process(target=_serve, args=(k, os.getpid(), self._tasks[k], writer), daemon=True,
                                   name=f"parley-worker-{k}") for k, (_, writer) in enumerate(pipes)]
        for proc in self._procs:                # all now, before this process runs any thread of its own; each
            proc.start()                        # loads the pipeline while the inputs are read
        for _, writer in pipes:
            writer.close()
        self._load = [0] * workers              # tasks given to each worker and not yet back
        self._back: dict[int, tuple[bool, Any]] = {}
        self._ids = itertools.count()
        self._closed = False

    def run(self, jobs: Iterable[Job]) -> Iterator[list[Result]]:
        jobs = iter(jobs)
        order: deque[_Entry] = deque()          # jobs read, in order, until their results are given
        waiting: deque[tuple[_Entry, int]] = deque()    # parts not yet given to a worker
        more = True
        while True:
            while True:
                self._place(waiting, self.DEPTH if more else 1)     # the last jobs: one at a time, to whoever is free
                if not (more and len(order) < self.AHEAD * self.workers and min(self._load) < self.DEPTH):
                    break
                job = next(jobs, None)
                if job is None:
                    more = False
                    break
                entry = _Entry(_parts(job, self.workers))
                order.append(entry)
                waiting.extend((entry, k) for k in range(len(entry.parts)))
            while order and all(i is not None and i in self._back for i in order[0].ids):
                yield self._merge(order.popleft())
            if not order and not more:
                return
            if sum(self._load):
                self._collect()

    def map(self, fn, calls: list[tuple]) -> list:
        ids = [self._give(k % self.workers, fn, args) for k, args in enumerate(calls)]
        return [self._take(task_id) for task_id in ids]

    def submit(self, fn, *args) -> _Later:
        task_id = self._give(min(range(self.workers), key=self._load.__getitem__), fn, args)
        return _Later(lambda: self._take(task_id))

    def forget(self) -> None:
        """Let every worker drop the parses it keeps (the run that would read them is over)."""
        for task_id in [self._give(k, _forget, ()) for k in range(self.workers)]:
            self._take(task_id)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        busy = any(self._load)                  # stopped mid-run (an interrupt, an error): no waiting for work
        for tasks in self._tasks:
            tasks.put(None)
        for proc in self._procs:
            proc.join(timeout=0.5 if busy else 30)
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout=5)
        for tasks in self._tasks:
            tasks.cancel_join_thread()          # a worker gone unread must not hold this process up
            tasks.close()
        for reader in self._results:
            reader.close()
        self._blas.restore_original_limits()

    def _give(self, worker: int, fn, args: tuple) -> int:
        import pickle

        if self._closed:
            raise UsageError("the engine is closed")
        task_id = next(self._ids)
        self._tasks[worker].put((task_id, pickle.dumps((fn, args), protocol=pickle.HIGHEST_PROTOCOL)))
        self._load[worker] += 1
        return task_id

    def _place(self, waiting: deque, depth: int) -> None:
        """Give each waiting part, in order, to its worker (or the one with least to do) where it has room; then,
        where a worker has nothing to do while another has much waiting, let it take the other's last part (it
        parses those articles again: `REPARSE` times their analysis, worth it only against a longer wait)."""
        for _ in range(len(waiting)):
            entry, k = waiting.popleft()
            worker, _, job = entry.parts[k]
            if worker is None:
                worker = min(range(self.workers), key=self._load.__getitem__)
            if self._load[worker] >= depth:
                waiting.append((entry, k))
                continue
            entry.ids[k] = self._give(worker, analyse_batch, (job,))
        idle = [k for k in range(self.workers) if not self._load[k]]
        if not idle or not waiting:
            return
        backlog: dict[int, int] = {}
        for entry, k in waiting:
            if entry.parts[k][0] is not None:
                backlog[entry.parts[k][0]] = backlog.get(entry.parts[k][0], 0) + _size(entry.parts[k][2])
        if not backlog:
            return
        busiest = max(backlog, key=backlog.get)
        last = next(i for i in range(len(waiting) - 1, -1, -1) if waiting[i][0].parts[waiting[i][1]][0] == busiest)
        entry, k = waiting[last]
        worker, places, job = entry.parts[k]
        if backlog[busiest] - _size(job) > self.REPARSE * _size(job):
            del waiting[last]
            job = replace(job, parses=[None if isinstance(b, Kept) else b for b in job.parses or []] or None)
            entry.parts[k] = (idle[0], places, job)
            entry.ids[k] = self._give(idle[0], analyse_batch, (job,))

    def _merge(self, entry: _Entry) -> list[Result]:
        out: list = [None] * sum(len(places) for _, places, _ in entry.parts)
        for (_, places, _), task_id in zip(entry.parts, entry.ids):
            for place, result in zip(places, self._take(task_id)):
                out[place] = result
        return out

    def _take(self, task_id: int):
        """The result of task `task_id` (waiting for it); its exception raised here."""
        while task_id not in self._back:
            self._collect()
        ok, value = self._back.pop(task_id)
        if not ok:
            raise value
        return value

    def _collect(self) -> None:
        """Wait for the next result of any worker; a worker that ended with work left is an error."""
        import pickle
        from multiprocessing.connection import wait

        sentinels = {proc.sentinel: k for k, proc in enumerate(self._procs)}
        for ready in wait([*self._results, *sentinels]):
            if ready in sentinels:
                k = sentinels[ready]
                if not self._results[k].poll():         # (what it sent before it ended is read first)
                    raise self._lost(k)
                continue
            k = self._results.index(ready)
            try:
                task_id, ok, value = pickle.loads(ready.recv_bytes())
            except EOFError:
                raise self._lost(k) from None
            self._load[k] -= 1
            self._back[task_id] = (ok, value)

    def _lost(self, k: int) -> WorkerLost:
        proc = self._procs[k]
        proc.join(timeout=1)
        code = proc.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        return WorkerLost(f"worker process {k + 1} of {self.workers} (pid {proc.pid}) ended unexpectedly ({how}; "
                          "out of memory?): the run stops; what it stored is kept")


class DaskEngine:
    """Analyse on a Dask distributed cluster: an existing scheduler, or a local one of `workers` processes."""

    def __init__(self, scheduler: str | None = None, workers: int = 2) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as e:
            raise UsageError("the dask engine needs dask[distributed]: pip install 'parley[dist]'") from e
        self.cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout=30)
            except (OSError, TimeoutError) as e:
                raise ParleyError(f"cannot reach the Dask scheduler at {scheduler} ({e})") from e
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)

    def run(self, jobs: Iterable[Job]) -> Iterator[list[Result]]:
        return _windowed(lambda job: self.client.submit(analyse_batch, job, pure=False), jobs, 2 * self.workers)

    def map(self, fn, calls: list[tuple]) -> list:
        return self.client.gather([self.client.submit(fn, *args, pure=False) for args in calls])

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_engine(name: str = "local", *, workers: int = 1, scheduler: str | None = None):
    """The engine called `name`: "local" (one process, or `workers` processes) or "dask"."""
    if name == "dask":
        return DaskEngine(scheduler, workers=max(1, workers))
    if name != "local":
        raise UsageError(f"unknown engine '{name}' (local, dask)")
    if scheduler:
        raise UsageError("--scheduler needs --engine dask")
    return ProcessEngine(workers) if workers > 1 else LocalEngine()
