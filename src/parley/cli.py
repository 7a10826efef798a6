"""The `parley` command: parse flags, call one library function, turn errors into messages.

Exit codes: 0 all went well; 1 some input was skipped or failed (or an error stopped the
command); 2 the command line was wrong; 3 the store did not take or could not link some
article's records, so the record has a hole (each such article is named on stderr).
"""
from __future__ import annotations

import argparse
import errno
import json
import os
import sys
import textwrap
from pathlib import Path

from . import __version__
from .errors import ParleyError, StoreError, UsageError

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3
EXIT_CODES = """exit codes:
  0  everything was read, stored and linked
  1  some input was skipped or could not be read (each named on stderr), or an error stopped the command
  2  the command line was wrong (an unknown option, a missing store, a bad value)
  3  the store did not take, or could not link, some article's records: the record has a hole
     (each such article is named on stderr with what was not stored); or the store failed"""


def _size(value: str) -> int:
    """"20MB", "512k", "1000" -> bytes."""
    text = value.strip().lower().rstrip("b")
    units = {"k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}
    try:
        if text and text[-1] in units:
            return int(float(text[:-1]) * units[text[-1]])
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (e.g. 20MB, 512k)") from None


def _count(value: str) -> int:
    """A whole number of at least 1 (--workers)."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {n}")
    return n


def _port(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 1 <= n <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 1 to 65535, not {n}")
    return n


def _date(value: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (YYYY-MM-DD)") from None


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="PATH|URL", default=None,
                   help="the store: a SQLite path or a URL (default: $PARLEY_DB or ./parley.db)")


EXAMPLES = {
    "ingest": "parley ingest coverage/ articles.jsonl --db story.db",
    "show": "parley show 3f2a9c1e07b4d5a6 --db story.db --dropped",
    "export": "parley export --db story.db --format csv --excel -o tables/",
    "timeline": "parley timeline --db story.db --actor Tusk --from 2015-07-01 --to 2015-07-16",
    "brief": "parley brief --db story.db --format html -o brief.html --chart chart.svg",
    "changes": "parley changes --db story.db --since-last",
    "serve": "parley serve --db story.db --port 8000",
    "demo": "parley demo -o parley-demo.json",
    "positions": "parley positions --db story.db --party Peru",
    "extract": "parley extract events article.txt --anchor 2015-07-12 --all",
}


def build_parser() -> argparse.ArgumentParser:
    from .ingest import DEFAULT_MAX_BYTES

    parser = argparse.ArgumentParser(
        prog="parley",
        description="Read news about a negotiation and build one sourced record of the story.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"parley {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", help="read articles into the store",
                       description="Read articles (text, HTML, JSONL, WARC files, folders, or - for stdin), "
                                   "analyse them and store what they say.",
                       epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to read; - reads standard input")
    _db_arg(p)
    p.add_argument("--max-size", type=_size, default=DEFAULT_MAX_BYTES, metavar="SIZE",
                   help="skip files larger than this (default: 20MB)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems and the summary")
    p.add_argument("--workers", type=_count, default=1, metavar="N",
                   help="analyse in N processes (default: 1); with --engine dask, the local cluster's size")
    p.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="where to analyse: this machine, or a Dask cluster (default: local)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786")

    p = sub.add_parser("show", help="print an article's cleaned text (what every offset points into)",
                       description="Print a stored article's cleaned text; every start/end offset in the "
                                   "export points into it.")
    p.add_argument("article", metavar="ARTICLE", help="article id, id prefix or input file name")
    _db_arg(p)
    p.add_argument("--json", action="store_true", help="print the stored article as JSON (with metadata)")
    p.add_argument("--raw", action="store_true", help="print the input as it was read, before cleaning")
    p.add_argument("--dropped", action="store_true",
                   help="print the page furniture cleaning removed (navigation, date stamps, credits, lists of "
                        "other stories), one line each")

    p = sub.add_parser("export", help="write the story record (JSON, CSV, Parquet, TimelineJS)",
                       description="Write the story record in the store: JSON (the export contract), CSV (a "
                                   "folder or a .zip, one file per table), Parquet (a folder, typed columns) "
                                   "or TimelineJS 3 JSON.")
    _db_arg(p)
    p.add_argument("--format", choices=["json", "csv", "parquet", "timelinejs"], default="json",
                   help="output format (default: json)")
    p.add_argument("-o", "--output", metavar="FILE", default="-",
                   help="where to write it (default or -: stdout; a folder or .zip for csv, a folder for parquet)")
    p.add_argument("--excel", action="store_true",
                   help="csv: start each file with a UTF-8 byte order mark, so Excel reads names as written")

    p = sub.add_parser("timeline", help="the story by day in the terminal",
                       description="Print the story's dated events by day with status marks (happened, "
                                   "planned, called off), actors, place and source articles.")
    _db_arg(p)
    p.add_argument("--actor", metavar="NAME", help="only events involving this actor (name or alias)")
    p.add_argument("--from", dest="start", type=_date, metavar="YYYY-MM-DD", help="only events on or after this day")
    p.add_argument("--to", dest="end", type=_date, metavar="YYYY-MM-DD", help="only events on or before this day")

    p = sub.add_parser("brief", help="a briefing of the story (Markdown or HTML)",
                       description="Write a briefing: the parties and their people, what happened, what is "
                                   "planned, what was called off or moved, positions, key quotes; every "
                                   "statement footnoted to its article and sentence.")
    _db_arg(p)
    p.add_argument("--format", choices=["md", "html"], default="md", help="Markdown or HTML (default: md)")
    p.add_argument("-o", "--output", metavar="FILE", default="-", help="where to write it (default or -: stdout)")
    p.add_argument("--chart", metavar="FILE.svg", help="also write the timeline chart as SVG")

    p = sub.add_parser("changes", help="what is new or different since a date or the previous ingest",
                       description="List new events, status changes (planned -> cancelled), moves, new quotes "
                                   "and new or changed positions, each with its source.")
    _db_arg(p)
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="from articles published on or after")
    group.add_argument("--since-last", action="store_true", help="from articles the latest ingest added")

    p = sub.add_parser("serve", help="the local web app (read-only)",
                       description="Serve the story as a local, read-only web app: timeline, actors, events, "
                                   "quotes, positions and articles with the evidence highlighted.")
    _db_arg(p)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=_port, default=8000, help="port, 1 to 65535 (default: 8000)")

    p = sub.add_parser("demo", help="ingest the bundled sample corpus and export it",
                       description="Ingest the bundled sample corpus (the 2015 Paris climate talks, written by "
                                   "the Parley team) into its own SQLite store, print what was found and export it.")
    p.add_argument("--db", metavar="PATH|URL", default=None,
                   help="the store (default: ./parley-demo.db, never your own ./parley.db or $PARLEY_DB)")
    p.add_argument("-o", "--output", metavar="FILE", default="parley-demo.json",
                   help="where to write the export (default: parley-demo.json)")

    p = sub.add_parser("positions", help="what each party demands, offers, accepts, refuses or concedes",
                       description="Print each party's stance on each issue in the store, newest last, with how "
                                   "it moved and the sentences behind it.")
    _db_arg(p)
    p.add_argument("--party", metavar="NAME", help="only this party (a name or an alias, e.g. Peru)")
    p.add_argument("--issue", metavar="WORDS", help="only issues matching these words (e.g. sanctions)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")

    p = sub.add_parser("extract", help="run one extractor over files and print JSON lines",
                       description="Run one extractor on each input alone and print one JSON object per "
                                   "record (see the extract contract).")
    p.add_argument("kind", choices=["actors", "times", "quotes", "events"], help="what to extract")
    p.add_argument("--all", action="store_true", dest="every",
                   help="events: every event mention in MEANTIME's sense (untyped ones as EVENT), not only "
                        "the story's events")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders; - reads standard input")
    p.add_argument("--anchor", type=_date, metavar="YYYY-MM-DD",
                   help="the document creation time (overrides the inferred publication date)")
    p.add_argument("--format", choices=["jsonl"], default="jsonl", help="output format (default: jsonl)")
    p.add_argument("--max-size", type=_size, default=DEFAULT_MAX_BYTES, metavar="SIZE",
                   help="skip files larger than this (default: 20MB)")
    for name, example in EXAMPLES.items():          # every command's --help ends with one example
        cmd = sub.choices[name]
        cmd.formatter_class = argparse.RawDescriptionHelpFormatter      # keeps the example's lines as written,
        if cmd.description:                                               # so the description is wrapped here
            cmd.description = textwrap.fill(" ".join(cmd.description.split()), 88)
        cmd.epilog = (f"example:\n  {example}" + (f"\n\n{cmd.epilog}" if cmd.epilog else ""))
    return parser


_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7f, *range(0x80, 0xa0))}
_CONTROL.update({c: f"\\u{c:04x}" for c in (0x2028, 0x2029, *range(0x200b, 0x2010), *range(0x202a, 0x202f),
                                            *range(0x2066, 0x206a), 0xfeff)})


def printable(text: str) -> str:
    """`text` for one line on a terminal: control, line-breaking and bidi characters (from file names,
    titles, URLs) escaped, so no name can move the cursor, recolour the terminal or forge a line."""
    return str(text).translate(_CONTROL)


def _err(message: str) -> None:
    print(f"parley: {printable(message)}", file=sys.stderr)


class _Progress:
    """A rich progress bar on a terminal ("analysing 32/84", a bar, the rate and the time left when the
    inputs can be counted beforehand); nothing otherwise."""

    def __init__(self, enabled: bool, total: int | None = None) -> None:
        self.bar = None
        if enabled:
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)

            columns = [SpinnerColumn(), TextColumn("analysing"), MofNCompleteColumn(), BarColumn(bar_width=24),
                       TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), TextColumn("{task.description}")] \
                if total else [SpinnerColumn(), TextColumn("analysing"), MofNCompleteColumn(),
                               TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("{task.description}")]
            self.bar = Progress(*columns, transient=True, console=None)
            self.task = self.bar.add_task("(loading the language pipeline)", total=total, rate="")

    def __enter__(self):
        if self.bar:
            self.bar.start()
        return self

    def step(self, text: str) -> None:
        if self.bar:
            from rich.markup import escape

            task = self.bar.tasks[0]
            rate = f"{task.speed:.1f}/s" if task.speed else ""
            self.bar.update(self.task, description=escape(text[-40:]), advance=1, rate=rate)   # names are not markup

    def __exit__(self, *exc):
        if self.bar:
            self.bar.stop()


PROBLEM_OUTCOMES = ("skipped", "failed", "not stored", "not linked")


def _report_problem(item, outcome: str) -> None:
    """One line on stderr for an input that was skipped or failed, or an article whose records the
    store did not take or link, naming it and the reason."""
    if outcome in PROBLEM_OUTCOMES:
        _err(f"{outcome} {item.source}: {item.reason}")


def cmd_ingest(args) -> int:
    from .api import ingest

    from .ingest.sources import estimate_items

    show = sys.stderr.isatty() and not args.quiet
    with _Progress(show, estimate_items(args.paths) if show else None) as progress:
        def on_item(item, outcome):
            _report_problem(item, outcome)
            if outcome != "not linked":             # reported after linking, not an input read
                progress.step(item.source)

        report = ingest(args.paths, db=args.db, max_bytes=args.max_size, on_item=on_item,
                        workers=max(1, args.workers), engine=args.engine, scheduler=args.scheduler)
    from .store import display

    print(f"ingested {len(report.added)} new, {len(report.unchanged)} unchanged, "
          f"{len(report.skipped)} skipped, {len(report.failed)} failed, "
          f"{len(report.unstored)} not stored or linked (store: {printable(display(args.db))})", file=sys.stderr)
    return report.exit_code


def cmd_show(args) -> int:
    from .api import show
    from .store.records import dropped_lines

    article = show(args.article, db=args.db)
    if args.json:
        data = {k: v for k, v in article.items() if k not in ("raw", "offsets")}
        data["dropped"] = list(dropped_lines(article))
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif args.dropped:
        lines = dropped_lines(article)
        if not lines:
            print(f"parley: nothing was dropped from {article['source']} as page furniture", file=sys.stderr)
        for line in lines:
            print(printable(line))
    else:
        sys.stdout.write(article["raw"] if args.raw else article["text"])
        if not (article["raw"] if args.raw else article["text"]).endswith("\n"):
            sys.stdout.write("\n")
    return EXIT_OK


def _output_path(output: str, db: str | None, *, folder: bool = False) -> Path:
    """The path to write `output` to, refusing one that is not safe to replace: the store itself (or its
    -wal/-shm files), a symbolic link, or anything but a regular file (a FIFO, a device; a folder unless
    `folder` output is wanted)."""
    import stat

    from .store import default_db, is_server_url

    path = Path(output)
    if path.is_symlink():
        raise UsageError(f"-o {output} is a symbolic link: give the path of a regular file")
    if path.exists():
        mode = path.stat().st_mode
        if not (stat.S_ISREG(mode) or (folder and stat.S_ISDIR(mode))):
            what = "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else \
                "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) \
                else "not a regular file"
            raise UsageError(f"-o {output} is {what}: give the path of a regular file")
    store = db if db is not None else default_db()
    if store and not is_server_url(store):
        store_path = Path(store.removeprefix("sqlite:///").removeprefix("sqlite://"))
        for part in (store_path, *(store_path.with_name(store_path.name + x) for x in ("-wal", "-shm", "-journal"))):
            if path.resolve() == part.resolve() or (path.exists() and part.exists() and path.samefile(part)):
                raise UsageError(f"-o {output} is the store {store}: writing there would destroy it; "
                                 "give another path")
    return path


def _write(text: str, output: str, db: str | None) -> None:
    """Write `text` to `output` (- for stdout) whole or not at all: through a temporary file in the same
    folder that is renamed over the target, and removed if anything fails."""
    import tempfile

    if output in ("-", ""):
        sys.stdout.write(text)
        return
    path = _output_path(output, db)
    tmp = None
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent if str(path.parent) else ".",
                                         prefix=f".{path.name}.", suffix=".tmp", delete=False) as f:
            tmp = Path(f.name)
            f.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        tmp.replace(path)
        tmp = None
    except OSError as e:
        raise ParleyError(f"cannot write {path}: {e.strerror or e}") from e
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def cmd_export(args) -> int:
    from .api import check_table_output, export, export_files
    from .views.export import to_json

    if args.format in ("csv", "parquet"):
        if args.output in ("-", ""):
            raise UsageError(f"--format {args.format} writes files: give -o FOLDER" +
                             (" or -o FILE.zip" if args.format == "csv" else ""))
        check_table_output(args.output, args.format)           # before anything is made at that path
        _output_path(args.output, args.db, folder=not args.output.lower().endswith(".zip"))
        try:
            written = export_files(args.output, db=args.db, format=args.format, excel=args.excel)
        except OSError as e:
            raise ParleyError(f"cannot write {args.output}: {e.strerror or e}") from e
        for path in written:
            print(printable(path))
        return EXIT_OK
    _write(to_json(export(db=args.db, format=args.format)), args.output, args.db)
    return EXIT_OK


def cmd_timeline(args) -> int:
    from .api import story
    from .views.timeline import plain, rich_table, timeline_rows

    rows = timeline_rows(story(db=args.db), actor=args.actor, start=args.start, end=args.end)
    if sys.stdout.isatty():
        from rich.console import Console

        Console().print(rich_table(rows))
    else:
        sys.stdout.write(plain(rows))
    return EXIT_OK


def cmd_brief(args) -> int:
    from .api import story
    from .views import brief
    from .views.chart import timeline_svg
    from .views.timeline import timeline_rows

    if args.chart and args.output not in ("-", "") and Path(args.chart).resolve() == Path(args.output).resolve():
        raise UsageError(f"--chart {args.chart} is also the briefing's -o: give two paths")
    for target in (args.output, args.chart):
        if target and target not in ("-", ""):
            _output_path(target, args.db)           # refuse before any work, not after the briefing is written
    s = story(db=args.db)
    _write(brief.to_html(s) if args.format == "html" else brief.markdown(s), args.output, args.db)
    if args.chart:
        _write(timeline_svg(timeline_rows(s), window=s.record.get("window")), args.chart, args.db)
    return EXIT_OK


def cmd_changes(args) -> int:
    from .api import changes
    from .views.changes import plain

    sys.stdout.write(plain(changes(db=args.db, since=args.since, since_last=args.since_last)))
    return EXIT_OK


def cmd_serve(args) -> int:
    from .store import default_db, display, open_store
    from .web import serve

    db = args.db if args.db is not None else default_db()
    open_store(db, create=False).close()        # missing, empty, damaged or mistyped: the store's own message
    _check_port(args.host, args.port)
    print(printable(f"Parley at http://{args.host}:{args.port}/ (store {display(db)}); Ctrl-C to stop"), file=sys.stderr)
    serve(db, host=args.host, port=args.port)
    return EXIT_OK


def _check_port(host: str, port: int) -> None:
    """Refuse a port that is taken or an address this machine does not have, before the server starts."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise UsageError(f"--host {host}: not an address of this machine ({e.strerror})") from e
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        try:
            probe.bind(address)
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                raise ParleyError(f"port {port} on {host} is in use: stop what uses it or give another --port") from e
            raise ParleyError(f"cannot listen on {host}:{port} ({e.strerror or e})") from e


DEMO_DB = "parley-demo.db"


def cmd_demo(args) -> int:
    from .api import export, ingest, sample_corpus
    from .views.export import to_json

    corpus = sample_corpus()
    db = args.db if args.db is not None else DEMO_DB      # never the user's own store (./parley.db, $PARLEY_DB)
    if args.output not in ("-", ""):
        _output_path(args.output, db)
    report = ingest([corpus], db=db, on_item=_report_problem)
    record = export(db=db)
    _write(to_json(record), args.output, db)
    ok = [a for a in record["articles"] if a["status"] == "ok"]
    print(printable(f"Sample corpus: {corpus}"))
    from .store import display

    print(printable(f"Store: {display(db)}  ({len(report.added)} new, {len(report.unchanged)} already stored)"))
    print(f"Articles: {len(ok)}")
    for a in ok:
        day = a["published"] or "????-??-??"
        print(printable(f"  {day}  {a['title']}  [{a['file']}, date from {a['published_by']}]"))
    people = [x for x in record["actors"] if x["kind"] == "person"]
    print(f"Actors: {len(record['actors'])} ({len(people)} people)")
    for x in sorted(people, key=lambda x: -len(x["aliases"]))[:10]:
        aliases = ", ".join(x["aliases"][:4])
        print(printable(f"  {x['name']}" + (f"  (also: {aliases})" if aliases else "")))
    kinds = {}
    for q in record["quotes"]:
        kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
    print(f"Quotes: {len(record['quotes'])} " + "(" + ", ".join(f"{v} {k}" for k, v in sorted(kinds.items())) + ")")
    print(f"Events: {len(record['events'])}")
    print(printable(f"Export: {Path(args.output).resolve() if args.output != '-' else 'stdout'}"))
    return report.exit_code


def cmd_positions(args) -> int:
    from .api import positions

    found = positions(db=args.db, party=args.party, issue=args.issue)
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not found:
        print("no positions found")
    for p in found:
        moves = " -> ".join(f"{h['stance']} ({h['when'] or '?'})" for h in p["history"])
        print(printable(f"{p['party_name']} {p['stance']} on {p.get('issue_label') or p['issue']}: {moves}"))
        print(printable(f"    said as: {'; '.join(p['wordings'][:3])}"))
    return EXIT_OK


def cmd_extract(args) -> int:
    from .extract.cli import run_extract

    if args.every and args.kind != "events":
        raise UsageError("--all is for `parley extract events` only")
    return run_extract(args.kind, args.paths, anchor=args.anchor, max_bytes=args.max_size,
                       out=sys.stdout, err=lambda m: _err(m), every=args.every)


COMMANDS = {"ingest": cmd_ingest, "show": cmd_show, "export": cmd_export, "demo": cmd_demo, "extract": cmd_extract,
            "positions": cmd_positions, "timeline": cmd_timeline, "brief": cmd_brief, "changes": cmd_changes,
            "serve": cmd_serve}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except UsageError as e:
        _err(str(e))
        return EXIT_USAGE
    except StoreError as e:
        _err(str(e))
        return EXIT_STORE
    except ParleyError as e:
        _err(str(e))
        return EXIT_SOME_FAILED
    except KeyboardInterrupt:
        _err("interrupted; every article stored before this point is complete")
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
