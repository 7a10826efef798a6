"""Where articles are analysed: in this process, in worker processes, or on a Dask cluster.

Every engine runs the same pure function, `analyse_batch`, on jobs (a batch of articles with
what it needs) and gives the results back in the order the jobs were submitted, with a bounded
number in flight so that memory does not grow with the corpus. The store is only ever written
by the caller's process: workers parse and extract, the store receives records.

An article that its text does not date for sure (undated, or dated by inference) may be dated
again once the whole story is read; its parse comes back with its result (`Result.parse`,
compressed) so that the second analysis reads it instead of parsing the text again.
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
    parses = job.parses or [None] * len(job.articles)
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
                kept = _without_tensor(doc) if job.in_process else pack(doc)
            if kept and article.published is None:      # the story may date it: the rest is read then
                out.append(Result(article, dating_analysis(doc, article), None, model, kept, pending=True))
            else:
                out.append(Result(article, analyze_doc(doc, article), None, model, kept))
        except Exception as e:  # noqa: BLE001 - one article's bad analysis must not stop the batch
            log.exception("analysis of %s failed", article.source)
            out.append(Result(article, None, f"analysis failed ({type(e).__name__}: {e}); please report this as a bug",
                              model))
    return out


def _windowed(submit, jobs: Iterable[Job], width: int) -> Iterator[list[Result]]:
    """Submit jobs, keeping at most `width` in flight; yield their results in submission order."""
    window: deque = deque()
    for job in jobs:
        window.append(submit(job))
        if len(window) >= width:
            yield window.popleft().result()
    while window:
        yield window.popleft().result()


class LocalEngine:
    """Analyse in this process."""

    def run(self, jobs: Iterable[Job]) -> Iterator[list[Result]]:
        for job in jobs:
            yield analyse_batch(replace(job, in_process=True))       # kept parses stay Docs: no bytes

    def map(self, fn, calls: list[tuple]) -> list:
        """`fn(*args)` for each args of `calls`, in order (a pure function the other engines run on workers)."""
        return [fn(*args) for args in calls]

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


def _warm(parent: int) -> None:
    """A worker's start: watch the process that started it, then load the pipeline."""
    import atexit
    import threading

    threading.Thread(target=_outlive_no_parent, args=(parent,), name="parley-parent-watch", daemon=True).start()
    _one_blas_thread()           # one worker a core: no threads of its own
    from .nlp import load_nlp

    load_nlp()
    atexit.register(_exit_now)


def _exit_now() -> None:
    """A worker's end, once the pool lets it go: it holds no state of its own (results went back with each
    job), so it leaves without tearing down the interpreter and the pipeline object by object (a quarter
    of a second that the parent, which waits for its workers, would wait too)."""
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


def _ready() -> None:
    """Nothing: what a worker is first given, so that it starts (and loads the pipeline) at once."""


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


class ProcessEngine:
    """Analyse in `workers` processes on this machine (each loads the pipeline once)."""

    def __init__(self, workers: int) -> None:
        import multiprocessing
        import os
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers
        self._blas = _one_blas_thread()          # the workers have the cores; this process reads and stores
        self.pool = ProcessPoolExecutor(max_workers=workers, initializer=_warm, initargs=(os.getpid(),),
                                        mp_context=multiprocessing.get_context(_start_method()))
        for _ in range(workers):                # start them now: each loads the pipeline while the inputs are read
            self.pool.submit(_ready)

    def run(self, jobs: Iterable[Job]) -> Iterator[list[Result]]:
        return _windowed(lambda job: self.pool.submit(analyse_batch, job), jobs, 2 * self.workers)

    def map(self, fn, calls: list[tuple]) -> list:
        return [future.result() for future in [self.pool.submit(fn, *args) for args in calls]]

    def close(self) -> None:
        self.pool.shutdown()
        self._blas.restore_original_limits()


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
