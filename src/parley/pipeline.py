"""The path of an article: read -> analyse -> store, then link across articles.

`ingest(sources, store)` streams the inputs in batches: each batch is read, its undated
articles are dated from their text (with the years of the story's other articles as
context), parsed once by spaCy, run through the extractors and stored one article per
transaction. Problems are recorded and reported; the batch goes on. An article still undated
is stored with what dating it reads (its sentences and times) and its parse is kept; once the
whole story is read, the story dates what it can, and those articles (and any whose inferred
year changed) are analysed in full from the kept parse, on the same engine. Then the link stage.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from . import __version__
from .extract.actors import find_mentions
from .extract.events import find_events
from .extract.positions import find_positions
from .extract.quotes import find_quotes
from .extract.tense import tense_callback
from .extract.time import MONTHS, find_times, parse_iso, tense_near
from .ingest import DEFAULT_MAX_BYTES, read_sources
from .ingest.header import url_month, weekday_pinned
from .ingest.published import infer_from_text, publication_date
from .link import load_tables
from .link.actors import link_actors
from .link.copies import find_copies
from .link.events import link_events
from .link.records import LinkProblems, checked
from .store.records import dropped_lines
from .link.story_dates import HOW as FROM_STORY, Story, date_from_story, dated_article
from .link.window import when_span
from .errors import StoreError, StoreUnavailable
from .models import Analysis, Article, IngestReport, Problem, Sentence

log = logging.getLogger(__name__)

# Bump the suffix whenever an extractor changes what it finds: stored articles are then re-analysed.
PIPELINE_VERSION = f"{__version__}+x60"
# An undated article stored with only what dating it reads, until the story dates it: analysed again by
# a later run if this one stops before its full analysis.
PENDING = f"{PIPELINE_VERSION}+pending"
BATCH_SIZE = 32           # inputs read (and checked against the store) at a time
JOB_SIZE = 4              # articles analysed per job: small jobs keep every worker busy to the end


def dating_analysis(doc, article: Article) -> Analysis:
    """What dating an article from its story reads of it (its sentences and time expressions): all that an
    undated article needs until the story dates it and `analyze_doc` reads the rest."""
    sentences = tuple(Sentence(start=s.start_char, end=s.end_char, text=s.text) for s in doc.sents)
    times = tuple(find_times(article.text, anchor=parse_iso(article.published), tense=tense_callback(doc)))
    return Analysis(sentences=sentences, times=times)


def analyze_doc(doc, article: Article, *, every_event: bool = False, every_quote: bool = False) -> Analysis:
    """Run every extractor over one parsed article (with `every_event`, every event mention in MEANTIME's
    sense, as `parley extract events --all` prints them; the story keeps only the typed ones; with
    `every_quote`, every attribution in PolNeAR's sense, as `parley extract quotes` prints them)."""
    dating = dating_analysis(doc, article)
    times = dating.times
    mentions = tuple(find_mentions(doc))
    quotes = tuple(find_quotes(doc, mentions, times=times, every=every_quote))
    direct = [(q.start, q.end) for q in quotes if q.kind in ("direct", "partial")]
    events = tuple(find_events(doc, mentions, times=times, quote_spans=direct,
                               published=article.published, every=every_event))
    positions = tuple(find_positions(doc, mentions, times=times))
    return replace(dating, mentions=mentions, quotes=quotes, events=events, positions=positions)


def _batches(items: Iterable, size: int) -> Iterator[tuple[list, bool]]:
    """`items` in lists of `size`, each with whether it is the last."""
    batch: list = []
    for item in items:
        if len(batch) >= size:
            yield batch, False
            batch = []
        batch.append(item)
    if batch:
        yield batch, True


def _jobs(articles: list[Article], *, spread: int = 0) -> Iterator[list[Article]]:
    """`articles` in jobs of `JOB_SIZE`, the longest texts first: the jobs that end a batch (and the run)
    are the shortest, so that no worker is left finishing a long one while the others wait. With `spread`
    (the number of workers, for the last jobs of a run), the jobs shrink as they run out, down to one
    article each, so that the workers end together."""
    ordered = sorted(articles, key=lambda a: -len(a.text))
    k = 0
    while k < len(ordered):
        size = max(1, min(JOB_SIZE, (len(ordered) - k) // (2 * spread))) if spread else JOB_SIZE
        yield ordered[k:k + size]
        k += size


def date_from_text(article: Article, doc, years: Counter, *, today: dt.date | None = None) -> Article:
    """Infer the publication date from the text where no other fallback found one.

    `years` counts the publication years of the story's other articles; where a weekday and
    day of month fit several years, the one nearest the story's usual year wins. An article
    cannot be published after the day it is read, so no later year is taken.
    """
    if article.published is not None:
        return article
    near = years.most_common(1)[0][0] if years else None
    latest = today or dt.date.today()
    header = "\n".join((*article.dropped, article.text))        # a date stamp is furniture, dropped from the text
    d = weekday_pinned(header, near) if near else None             # "Mon, Jul 13" in the header
    if d is None or d > latest:
        d = infer_from_text(article.text, near_year=near, latest=latest, tense=tense_callback(doc))
    return replace(article, published=d.isoformat(), published_by="inferred") if d else article


def ingest(
    sources: Iterable[str], store, *, max_bytes: int = DEFAULT_MAX_BYTES, stdin=None,
    on_item: Callable[[Article | Problem, str], None] | None = None, engine=None,
) -> IngestReport:
    """Read, analyse and store every input; then link actors, events and dates across the store.

    `on_item(item, outcome)` is called once per input with outcome "added", "unchanged",
    "skipped" or "failed" (the CLI uses it for messages and progress). `engine` (see
    `parley.engines`) says where articles are analysed; the store is written here only.
    """
    from .engines import Job, LocalEngine

    report = IngestReport()
    notify = on_item or (lambda item, outcome: None)
    years = _sure_years(store.articles(texts=False))
    near_before = _near(years)
    near_used: dict[str, int | None] = {}        # the story's usual year when an article's date was inferred
    seen: set[str] = set()
    engine = engine or LocalEngine()
    workers = getattr(engine, "workers", 0)
    if not isinstance(engine, LocalEngine):     # this process waits for the workers: it loads what linking reads
        threading.Thread(target=load_tables, name="parley-link-tables", daemon=True).start()

    def work() -> Iterator[Job]:
        for batch, last in _batches(read_sources(sources, max_bytes=max_bytes, stdin=stdin,
                                                 exclude=_own_files(store)), BATCH_SIZE):
            for a in batch:
                if isinstance(a, Article) and a.published:
                    years[int(a.published[:4])] += 1
            todo = [a for a in (_triage(item, store, seen, report, notify) for item in batch) if a is not None]
            near_used.update((a.id, _near(years)) for a in todo)
            for job in _jobs(todo, spread=workers if last else 0):
                yield Job(job, dict(years), keep=True)

    pending: set[str] = set()
    with ParseCache() as parses:
        for results in engine.run(work()):
            for r in results:
                if r.parse is not None:
                    parses.put(r.article.id, r.parse)
                if r.pending:
                    pending.add(r.article.id)
                _store_result(r, store, report, notify)
        if report.added:
            store.record_run(report.added)
            redate_inferred(store, engine=engine, parses=parses, near_used=near_used, near_before=near_before)
            done = redate_from_story(store, engine=engine, parses=parses, pending=pending)
            _finish_pending(store, engine, pending - set(done), parses, report, notify)
        _forget_parses(engine)
    link(store, engine)
    for problem in unlinked(store):
        report.unstored.append(problem)
        notify(problem, "not linked")
    return report


def _forget_parses(engine) -> None:
    """Let the engine's workers drop the parses they keep for this run, now over (a run stopped by an error or
    an interrupt does not wait for them: its engine is closed)."""
    forget = getattr(engine, "forget", None)
    if forget is not None:
        try:
            forget()
        except Exception as e:  # noqa: BLE001 - a worker gone: the run's own outcome stands
            log.debug("workers could not drop their parses: %s", e)


def _store_result(r, store, report: IngestReport, notify) -> None:
    """Store one analysed article (or its failure) and say what became of it."""
    if r.analysis is None:
        failed = replace(r.article, status="error", reason=r.error)
        store.save(failed, None, pipeline=PIPELINE_VERSION, model=r.model)
        problem = Problem(source=r.article.source, file=r.article.file, url=r.article.url, reason=r.error)
        report.failed.append(problem)
        notify(problem, "failed")
        return
    try:
        stored = store.save(r.article, r.analysis, pipeline=PENDING if r.pending else PIPELINE_VERSION, model=r.model,
                            force=r.pending)        # one left half-read by a stopped run is read in full now
    except StoreUnavailable:            # the whole store is unusable (full, read-only): stop, say it once
        raise
    except StoreError as e:             # e.g. a value this backend cannot hold: this article only
        problem = Problem(source=r.article.source, file=r.article.file, url=r.article.url, reason=str(e))
        report.unstored.append(problem)
        notify(problem, "not stored")
        return
    if stored:
        report.added.append(r.article.id)
        notify(r.article, "added")
    else:                                   # another process stored it meanwhile
        report.unchanged.append(r.article.id)
        notify(r.article, "unchanged")


def _finish_pending(store, engine, ids: set[str], parses: "ParseCache", report: IngestReport, notify) -> None:
    """The full analysis of the undated articles that the story did not date either."""
    rows = [row for row in map(store.article, sorted(ids)) if row and row["status"] == "ok"]   # key lookups
    failed: list = []
    _reanalyse(store, engine, [article_from_row(row) for row in rows], years=Counter(), parses=parses, infer=False,
               failed=failed)
    for r in failed:                                  # stored as failed, as a failure of the first analysis is
        report.added.remove(r.article.id)
        _store_result(r, store, report, notify)


class ParseCache:
    """The parses of this run's articles whose date the whole story may change, kept so that their second
    analysis does not parse them again: compressed, on disk (a temporary file, gone when closed), so that
    memory stays flat however many there are; a parse made in this process (a Doc) is kept as it is, up
    to `DOCS_KEPT` of them (no compressing and reading back), and compressed to the file beyond; one that a
    worker process keeps is known by where it is (`parley.engines.Kept`)."""

    DOCS_KEPT = 256

    def __init__(self) -> None:
        import tempfile

        self._file = tempfile.TemporaryFile()
        self._where: dict[str, tuple[int, int]] = {}
        self._docs: dict[str, object] = {}
        self._elsewhere: dict[str, object] = {}

    def put(self, article_id: str, parse) -> None:
        from .engines import Kept

        self._elsewhere.pop(article_id, None)
        if isinstance(parse, Kept):
            self._docs.pop(article_id, None)
            self._where.pop(article_id, None)
            self._elsewhere[article_id] = parse
            return
        if not isinstance(parse, bytes):
            if len(self._docs) < self.DOCS_KEPT or article_id in self._docs:
                self._docs[article_id] = parse
                return
            from .engines import pack

            parse = pack(parse)
        self._docs.pop(article_id, None)
        self._file.seek(0, 2)
        self._where[article_id] = (self._file.tell(), len(parse))
        self._file.write(parse)

    def get(self, article_id: str):
        """The kept parse of `article_id`: a Doc, compressed bytes (`parley.engines.unpack`) or where a worker
        keeps it (`parley.engines.Kept`); None if none."""
        if article_id in self._elsewhere:
            return self._elsewhere[article_id]
        if article_id in self._docs:
            return self._docs[article_id]
        where = self._where.get(article_id)
        if where is None:
            return None
        self._file.seek(where[0])
        return self._file.read(where[1])

    def __enter__(self) -> "ParseCache":
        return self

    def __exit__(self, *exc) -> None:
        self._docs.clear()
        self._elsewhere.clear()
        self._file.close()


def _sure_years(rows: Iterable[dict]) -> Counter:
    """The publication years of the articles dated by something surer than inference from their text."""
    return Counter(int(a["published"][:4]) for a in rows if a.get("published") and a.get("published_by") != "inferred")


def _near(years: Counter) -> int | None:
    return years.most_common(1)[0][0] if years else None


def _reanalyse(store, engine, articles: list[Article], *, years: Counter, parses: "ParseCache | None",
               infer: bool, keep_if=lambda article: True, failed: list | None = None) -> list[str]:
    """Analyse `articles` again (from their kept parse where there is one) on the engine, in batches, and
    store each one `keep_if` accepts. An article whose second analysis fails (its result goes to `failed`),
    or cannot be stored, keeps what was stored of it; the others go on. Returns the ids stored."""
    from .engines import Job

    def jobs():
        for batch in _jobs(articles, spread=getattr(engine, "workers", 0)):
            yield Job(batch, dict(years), parses=[parses.get(a.id) if parses else None for a in batch], infer=infer)

    changed = []
    for results in engine.run(jobs()):
        for r in results:
            if r.analysis is None:
                log.warning("could not analyse %s again: %s", r.article.source, r.error)
                if failed is not None:
                    failed.append(r)
                continue
            if not keep_if(r.article):
                continue
            try:
                store.save(r.article, r.analysis, pipeline=PIPELINE_VERSION, model=r.model, force=True)
            except StoreUnavailable:
                raise
            except StoreError as e:              # this article keeps what was stored; the others go on
                log.warning("could not store %s again: %s", r.article.source, e)
                continue
            changed.append(r.article.id)
    return changed


def link(store, engine=None) -> None:
    """Link actors and events across the store unless the links are current. A record that cannot be
    linked is its article's problem, recorded in the store; every other article's records are linked.
    The copies are found on the engine (a worker, while this process links the actors and events)."""
    from .engines import LocalEngine

    with store.link_lock():                     # one linker at a time; the state is read under the lock
        state = store.link_state()
        if state == store.linked_state():
            return                              # nothing new since the last link
        copies = (engine or LocalEngine()).submit(find_copies, store.articles(status="ok"))
        problems = LinkProblems()
        link_actors(store, problems)
        link_events(store, problems)
        for kind in ("sentence", "quote", "position"):      # read by the views: checked here, reported once
            for _ in checked(store, kind, problems):
                pass
        store.replace_link_problems(problems.rows())
        store.set_copies(state, copies.result())            # once per store version, not per view
        store.set_linked_state(state)


def unlinked(store) -> list[Problem]:
    """The stored articles whose records the last link stage set aside, each with what and why."""
    found = store.link_problems()
    if not found:
        return []
    articles = {a["id"]: a for a in store.articles(texts=False)}
    out = []
    for p in found:
        a = articles.get(p["article"], {})
        out.append(Problem(source=a.get("source") or p["article"], file=a.get("file"), url=a.get("url"),
                           reason=f"{p['layer']} not linked ({p['reason']})"))
    return out


def _own_files(store) -> list[str]:
    """The store's own files, which a folder being read may hold: never inputs."""
    path = getattr(store, "path", None)
    return [path] if getattr(store, "backend", None) == "sqlite" and path and path != ":memory:" else []


def _triage(item, store, seen: set[str], report: IngestReport, notify) -> Article | None:
    """Record a problem, a duplicate or a skipped article; return the article when it needs analysis."""
    if isinstance(item, Problem):
        store.save_problem(item)
        (report.skipped if item.status == "skipped" else report.failed).append(item)
        notify(item, item.status if item.status == "skipped" else "failed")
        return None
    if item.id in seen or store.is_analysed(item.id, PIPELINE_VERSION):
        stored = store.article(item.id) if item.id not in seen else None
        if stored and stored["status"] != "ok":      # the same bad input gets the same message every time
            problem = Problem(source=item.source, file=item.file, url=item.url, status=stored["status"]
                              if stored["status"] == "skipped" else "error", reason=stored["reason"] or "")
            (report.skipped if problem.status == "skipped" else report.failed).append(problem)
            notify(problem, "skipped" if problem.status == "skipped" else "failed")
            return None
        report.unchanged.append(item.id)
        notify(item, "unchanged")
        return None
    seen.add(item.id)
    if item.status != "ok":
        store.save(item, None, pipeline=PIPELINE_VERSION, model=None)
        problem = Problem(source=item.source, file=item.file, url=item.url,
                          reason=item.reason or item.status, status="skipped")
        report.skipped.append(problem)
        notify(item, "skipped")
        return None
    return item


def redate_inferred(store, *, engine=None, parses: ParseCache | None = None,
                    near_used: dict[str, int | None] | None = None, near_before: int | None = None) -> list[str]:
    """Date again the articles whose date was inferred, now that the story's years are known.

    An article dated only by "Monday (Nov 30)" fits several years; the one nearest the other
    articles' dates is right, whatever order the articles came in. The inference reads only the
    story's usual year, so an article is read again only when that year differs from the one it
    was dated with (`near_used`, by id, for this run's articles; `near_before` for older ones).
    Returns the ids re-dated.
    """
    from .engines import LocalEngine

    rows = store.articles(status="ok", texts=False)
    years = _sure_years(rows)
    if not years:
        return []
    near, near_used = _near(years), near_used or {}
    todo = {row["id"]: row for row in rows if row["published_by"] == "inferred"
            and near_used.get(row["id"], near_before) != near}
    articles = [replace(article_from_row(row), published=None, published_by=None)
                for row in map(store.article, todo) if row]                  # the texts of these only: key lookups
    return _reanalyse(store, engine or LocalEngine(), articles, years=years, parses=parses, infer=True,
                      keep_if=lambda a: a.published != todo[a.id]["published"])


def redate_from_story(store, *, today: dt.date | None = None, engine=None, parses: ParseCache | None = None,
                      pending: set[str] = frozenset()) -> list[str]:
    """Date the articles that nothing on their page dates, from the story's dated articles (see
    `parley.link.story_dates`); those dated so before are placed again, as the story has grown.
    An article whose date changes is analysed again (its weekdays and "yesterday" move with it), and so
    is each of `pending` (stored with what dating reads only), dated or not. Returns the ids analysed."""
    rows = store.articles(status="ok")
    todo = [r for r in rows if not r["published"] or r["published_by"] in (FROM_STORY, "updated")]
    dated_rows = [r for r in rows if r["published"] and r["published_by"] not in (FROM_STORY, "updated")]
    far = _far_header_dates(dated_rows)           # the story may date these better than their page's chrome did
    if not (todo or far) or not dated_rows:
        return []
    sentences: dict[str, list[tuple[int, int]]] = {}
    times: dict[str, list[tuple[int, int, str]]] = {}
    named: dict[str, list[dt.date]] = {}                # the days each article names outright (a month, a year)
    tenses: dict[str, dict[tuple[int, int], str]] = {}          # what the parse said at ingest
    for kind, into, fields in (("sentence", sentences, ("start", "end")), ("time", times, ("start", "end", "value"))):
        for article_id, record in store.extractions(kind):
            if not (isinstance(record, dict) and isinstance(record.get("start"), int)
                    and isinstance(record.get("end"), int)):
                continue                        # a damaged record: the link stage names its article
            if kind == "time" and isinstance(record.get("tense"), str):
                tenses.setdefault(article_id, {})[(record["start"], record["end"])] = record["tense"]
            if kind == "time" and not (isinstance(record.get("value"), str) and parse_iso(record["value"])):
                continue                        # as evidence, only days that exist on the calendar
            if kind == "time" and _OUTRIGHT.search(str(record.get("text") or "")):
                named.setdefault(article_id, []).append(parse_iso(record["value"]))
            into.setdefault(article_id, []).append(tuple(record[f] for f in fields))
    chrome = {r["id"] for r in dated_rows if r["id"] in far and _unsupported(parse_iso(r["published"]),
                                                                           named.get(r["id"], []))}
    todo += [r for r in dated_rows if r["id"] in chrome]
    dated_rows = [r for r in dated_rows if r["id"] not in chrome]
    if not todo or not dated_rows:
        return []
    dated = []
    for r in dated_rows:
        published = parse_iso(r["published"])
        if published:
            dated.append(dated_article(r["id"], published, r["text"], sentences=sentences.get(r["id"], []),
                                       times=times.get(r["id"], [])))
    story = Story(dated, undated_texts=[r["text"] for r in todo])
    today = today or dt.date.today()
    from .engines import LocalEngine

    engine = engine or LocalEngine()
    articles = {row["id"]: article_from_row(row) for row in todo}
    items = [(articles[r["id"]], sentences.get(r["id"], []), tenses.get(r["id"], {})) for r in todo]
    parts = max(1, 2 * getattr(engine, "workers", 1))          # the days are found on the engine, in parallel
    chunks = [items[k::parts] for k in range(parts) if items[k::parts]]
    found = {article_id: (published, how) for chunk in engine.map(story_dates_of, [(story, c, today) for c in chunks])
             for article_id, published, how in chunk}
    redated = []
    for row in todo:
        published, how = found[row["id"]]
        if row["id"] in chrome and how != FROM_STORY:
            continue                            # the story cannot place it either: its page's date stands
        if published == row["published"] and how == row["published_by"] and row["id"] not in pending:
            continue
        redated.append(replace(articles[row["id"]], published=published, published_by=how))
    return _reanalyse(store, engine, redated, years=Counter(), parses=parses, infer=False)


# A time expression that names its day outright (a month or a year), not relative to the page's date.
_OUTRIGHT = re.compile(r"\b(?:19|20)\d\d\b|\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b", re.I)
CHROME_GAP_DAYS = 60      # how far a page's header date may lie from every other article's before it is doubted
CHROME_SUPPORT_DAYS = 7   # how near a day its text names outright must lie to support it


def _far_header_dates(dated_rows: list[dict]) -> set[str]:
    """The articles dated only by their page's header whose date lies months from every other article of the
    story (at least two others) and after most of them: perhaps the page's chrome (a "Thursday, May 30, 2024"
    printed on every page the day it was read, which is never before the page was written; an early date is
    an older report's own)."""
    days = sorted(d for r in dated_rows if (d := parse_iso(r["published"])))
    if len(days) < 3:
        return set()
    out = set()
    for r in dated_rows:
        day = parse_iso(r["published"]) if r["published_by"] == "header" else None
        if day is None or day <= days[len(days) // 2]:
            continue
        k = bisect_left(days, day)                              # days[k] is this one (or one of its day)
        near = [days[j] for j in (k - 1, k + 1) if 0 <= j < len(days)]
        if all(abs((day - d).days) > CHROME_GAP_DAYS for d in near):
            out.add(r["id"])
    return out


def _unsupported(day: dt.date, named: list[dt.date]) -> bool:
    """Whether no day the text names outright lies near `day`."""
    return not any(abs((day - d).days) <= CHROME_SUPPORT_DAYS for d in named if d)


def story_dates_of(story: Story, items: list, today: dt.date) -> list[tuple[str, str | None, str | None]]:
    """(id, publication day, how) for each of `items` (article, its sentences, the tenses its parse gave its
    times), as its story dates it (`parley.link.story_dates`); else its update date; else none. Pure: the
    engines run it on their workers."""
    out = []
    for article, sentences, said in items:
        updated = _updated(article, today)          # a page that says only when it was updated: published by then
        month = url_month(article.url)
        within = when_span(f"{month[0]:04d}-{month[1]:02d}") if month else None    # its first and last day
        text = article.text
        found = date_from_story(text, story, today=updated or today, sentences=sentences, within=within,
                                tense=lambda s, e, text=text, said=said: said.get((s, e)) or tense_near(text, s, e))
        if found:
            out.append((article.id, found.date.isoformat(), FROM_STORY))
        elif updated:
            out.append((article.id, updated.isoformat(), "updated"))
        else:
            out.append((article.id, None, None))
    return out


def _updated(article: Article, today: dt.date) -> dt.date | None:
    """The date a page gives only as its last update (no other date of its own), else None."""
    published, how = publication_date(raw="\n".join((*article.dropped, article.text)), text=article.text,
                                      url=article.url, latest=today, infer=False)
    return parse_iso(published) if how == "updated" else None


def article_from_row(row: dict) -> Article:
    """An Article back from its stored row."""
    import json

    fields = {k: row[k] for k in ("id", "source", "file", "url", "title", "text", "raw", "format", "encoding",
                                  "published", "published_by", "language", "status", "reason")}
    return Article(**fields, offsets=tuple(tuple(s) for s in json.loads(row["offsets"] or "[]")),
                   dropped=dropped_lines(row))
