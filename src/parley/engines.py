"""Where articles are analysed: in this process, in worker processes, or on a Dask cluster.

Every engine runs the same pure function, `analyse_batch`, on batches of articles and gives
the results back in the order the batches were submitted, with a bounded number in flight so
that memory does not grow with the corpus. The store is only ever written by the caller's
process: workers parse and extract, the store receives records.
"""
from __future__ import annotations

import logging
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .errors import ParleyError, UsageError
from .models import Analysis, Article

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Result:
    article: Article                 # dated, when the text gave a date
    analysis: Analysis | None        # None when the analysis failed
    error: str | None
    model: str


def analyse_batch(articles: list[Article], years: dict[int, int]) -> list[Result]:
    """Parse and run every extractor over `articles` (one spaCy pipeline per process, loaded once)."""
    from .nlp import load_nlp, model_name, parse_text
    from .pipeline import analyze_doc, date_from_text

    nlp = load_nlp()
    model = model_name()
    story_years = Counter(years)
    out = []
    for article, doc in zip(articles, nlp.pipe((parse_text(a.text) for a in articles), batch_size=8)):
        try:
            article = date_from_text(article, doc, story_years)
            out.append(Result(article, analyze_doc(doc, article), None, model))
        except Exception as e:  # noqa: BLE001 - one article's bad analysis must not stop the batch
            log.exception("analysis of %s failed", article.source)
            out.append(Result(article, None, f"analysis failed ({type(e).__name__}: {e}); please report this as a bug",
                              model))
    return out


def _windowed(submit, batches: Iterable[tuple[list[Article], dict]], width: int) -> Iterator[list[Result]]:
    """Submit batches, keeping at most `width` in flight; yield their results in submission order."""
    window: deque = deque()
    for articles, years in batches:
        window.append(submit(articles, years))
        if len(window) >= width:
            yield window.popleft().result()
    while window:
        yield window.popleft().result()


class LocalEngine:
    """Analyse in this process."""

    def run(self, batches: Iterable[tuple[list[Article], dict]]) -> Iterator[list[Result]]:
        for articles, years in batches:
            yield analyse_batch(articles, years)

    def close(self) -> None:
        pass


def _warm() -> None:
    from .nlp import load_nlp

    load_nlp()


class ProcessEngine:
    """Analyse in `workers` processes on this machine (each loads the pipeline once)."""

    def __init__(self, workers: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers
        self.pool = ProcessPoolExecutor(max_workers=workers, initializer=_warm,
                                        mp_context=multiprocessing.get_context("spawn"))

    def run(self, batches: Iterable[tuple[list[Article], dict]]) -> Iterator[list[Result]]:
        return _windowed(lambda articles, years: self.pool.submit(analyse_batch, articles, years), batches,
                         2 * self.workers)

    def close(self) -> None:
        self.pool.shutdown()


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

    def run(self, batches: Iterable[tuple[list[Article], dict]]) -> Iterator[list[Result]]:
        return _windowed(lambda articles, years: self.client.submit(analyse_batch, articles, years, pure=False),
                         batches, 2 * self.workers)

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
