"""The `parley` command: parse flags, call one library function, turn errors into messages.

Exit codes: 0 all went well; 1 some input was skipped or failed (or an error stopped the
command); 2 the command line was wrong.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__
from .errors import ParleyError, UsageError

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


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


def _date(value: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (YYYY-MM-DD)") from None


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="PATH|URL", default=None,
                   help="the store: a SQLite path or a URL (default: $PARLEY_DB or ./parley.db)")


def build_parser() -> argparse.ArgumentParser:
    from .ingest import DEFAULT_MAX_BYTES

    parser = argparse.ArgumentParser(
        prog="parley",
        description="Read news about a negotiation and build one sourced record of the story.",
    )
    parser.add_argument("--version", action="version", version=f"parley {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", help="read articles into the store",
                       description="Read articles (text, HTML, JSONL, WARC files, folders, or - for stdin), "
                                   "analyse them and store what they say.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to read; - reads standard input")
    _db_arg(p)
    p.add_argument("--max-size", type=_size, default=DEFAULT_MAX_BYTES, metavar="SIZE",
                   help="skip files larger than this (default: 20MB)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems and the summary")
    p.add_argument("--workers", type=int, default=1, metavar="N",
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

    p = sub.add_parser("export", help="write the story record (JSON, CSV, Parquet, TimelineJS)",
                       description="Write the story record in the store: JSON (the export contract), CSV (a "
                                   "folder or a .zip, one file per table), Parquet (a folder, typed columns) "
                                   "or TimelineJS 3 JSON.")
    _db_arg(p)
    p.add_argument("--format", choices=["json", "csv", "parquet", "timelinejs"], default="json",
                   help="output format (default: json)")
    p.add_argument("-o", "--output", metavar="FILE", default="-",
                   help="where to write it (default or -: stdout; a folder or .zip for csv, a folder for parquet)")

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
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")

    p = sub.add_parser("demo", help="ingest the bundled sample corpus and export it",
                       description="Ingest the bundled sample corpus (the 2015 Paris climate talks, written by "
                                   "the Parley team) into a SQLite store, print what was found and export it.")
    _db_arg(p)
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
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders; - reads standard input")
    p.add_argument("--anchor", type=_date, metavar="YYYY-MM-DD",
                   help="the document creation time (overrides the inferred publication date)")
    p.add_argument("--format", choices=["jsonl"], default="jsonl", help="output format (default: jsonl)")
    p.add_argument("--max-size", type=_size, default=DEFAULT_MAX_BYTES, metavar="SIZE",
                   help="skip files larger than this (default: 20MB)")
    return parser


def _err(message: str) -> None:
    print(f"parley: {message}", file=sys.stderr)


class _Progress:
    """A rich progress line on a terminal; nothing otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.bar = None
        if enabled:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                transient=True, console=None)
            self.task = self.bar.add_task("reading", total=None)

    def __enter__(self):
        if self.bar:
            self.bar.start()
        return self

    def step(self, text: str) -> None:
        if self.bar:
            from rich.markup import escape

            self.bar.update(self.task, description=escape(text), advance=1)   # file names are not markup

    def __exit__(self, *exc):
        if self.bar:
            self.bar.stop()


def _report_problem(item, outcome: str) -> None:
    """One line on stderr for an input that was skipped or failed, naming it and the reason."""
    if outcome in ("skipped", "failed"):
        _err(f"{outcome} {item.source}: {item.reason}")


def cmd_ingest(args) -> int:
    from .api import ingest

    seen = 0
    with _Progress(sys.stderr.isatty() and not args.quiet) as progress:
        def on_item(item, outcome):
            nonlocal seen
            seen += 1
            _report_problem(item, outcome)
            progress.step(f"{seen} read: {item.source}")

        report = ingest(args.paths, db=args.db, max_bytes=args.max_size, on_item=on_item,
                        workers=max(1, args.workers), engine=args.engine, scheduler=args.scheduler)
    from .store import display

    print(f"ingested {len(report.added)} new, {len(report.unchanged)} unchanged, "
          f"{len(report.skipped)} skipped, {len(report.failed)} failed (store: {display(args.db)})", file=sys.stderr)
    return report.exit_code


def cmd_show(args) -> int:
    from .api import show

    article = show(args.article, db=args.db)
    if args.json:
        data = {k: v for k, v in article.items() if k not in ("raw", "offsets")}
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(article["raw"] if args.raw else article["text"])
        if not (article["raw"] if args.raw else article["text"]).endswith("\n"):
            sys.stdout.write("\n")
    return EXIT_OK


def _write(text: str, output: str) -> None:
    if output in ("-", ""):
        sys.stdout.write(text)
        return
    path = Path(output)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as e:
        raise ParleyError(f"cannot write {path}: {e.strerror or e}") from e


def cmd_export(args) -> int:
    from .api import export, export_files
    from .views.export import to_json

    if args.format in ("csv", "parquet"):
        if args.output in ("-", ""):
            raise UsageError(f"--format {args.format} writes files: give -o FOLDER" +
                             (" or -o FILE.zip" if args.format == "csv" else ""))
        try:
            written = export_files(args.output, db=args.db, format=args.format)
        except OSError as e:
            raise ParleyError(f"cannot write {args.output}: {e.strerror or e}") from e
        for path in written:
            print(path)
        return EXIT_OK
    _write(to_json(export(db=args.db, format=args.format)), args.output)
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

    s = story(db=args.db)
    _write(brief.to_html(s) if args.format == "html" else brief.markdown(s), args.output)
    if args.chart:
        _write(timeline_svg(timeline_rows(s)), args.chart)
    return EXIT_OK


def cmd_changes(args) -> int:
    from .api import changes
    from .views.changes import plain

    sys.stdout.write(plain(changes(db=args.db, since=args.since, since_last=args.since_last)))
    return EXIT_OK


def cmd_serve(args) -> int:
    from .store import default_db, display, is_server_url
    from .web import serve

    db = args.db or default_db()
    if not is_server_url(db) and not Path(db.removeprefix("sqlite:///")).exists():
        raise UsageError(f"no store at {db}: run `parley ingest ... --db {db}` first")
    print(f"Parley at http://{args.host}:{args.port}/ (store {display(db)}); Ctrl-C to stop", file=sys.stderr)
    serve(db, host=args.host, port=args.port)
    return EXIT_OK


def cmd_demo(args) -> int:
    from .api import export, ingest, sample_corpus
    from .views.export import to_json

    corpus = sample_corpus()
    db = args.db or os.environ.get("PARLEY_DB") or "parley.db"
    report = ingest([corpus], db=db, on_item=_report_problem)
    record = export(db=db)
    _write(to_json(record), args.output)
    ok = [a for a in record["articles"] if a["status"] == "ok"]
    print(f"Sample corpus: {corpus}")
    from .store import display

    print(f"Store: {display(db)}  ({len(report.added)} new, {len(report.unchanged)} already stored)")
    print(f"Articles: {len(ok)}")
    for a in ok:
        print(f"  {a['published'] or '????-??-??'}  {a['title']}  [{a['file']}, date from {a['published_by']}]")
    people = [x for x in record["actors"] if x["kind"] == "person"]
    print(f"Actors: {len(record['actors'])} ({len(people)} people)")
    for x in sorted(people, key=lambda x: -len(x["aliases"]))[:10]:
        aliases = ", ".join(x["aliases"][:4])
        print(f"  {x['name']}" + (f"  (also: {aliases})" if aliases else ""))
    kinds = {}
    for q in record["quotes"]:
        kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
    print(f"Quotes: {len(record['quotes'])} " + "(" + ", ".join(f"{v} {k}" for k, v in sorted(kinds.items())) + ")")
    print(f"Events: {len(record['events'])}")
    print(f"Export: {Path(args.output).resolve() if args.output != '-' else 'stdout'}")
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
        print(f"{p['party_name']} {p['stance']} on {p['issue']}: {moves}")
        print(f"    said as: {'; '.join(p['wordings'][:3])}")
    return EXIT_OK


def cmd_extract(args) -> int:
    from .extract.cli import run_extract

    return run_extract(args.kind, args.paths, anchor=args.anchor, max_bytes=args.max_size,
                       out=sys.stdout, err=lambda m: _err(m))


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
