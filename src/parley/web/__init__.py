"""A read-only local web view of a story store: timeline, events, actors, quotes, positions, articles.

    from parley.web import serve
    serve("story.db")                      # http://127.0.0.1:8000/

or `PARLEY_DB=story.db uvicorn parley.web:app_from_env --factory`.

Pages are rendered on the server by Jinja2 with autoescaping on: every string that came from
an article (titles, text, quotes, names) reaches the browser escaped. Only GET and HEAD are
routed (anything else is 405). Ids in paths are looked up in the store's record (404 when
absent); no path from a request ever reaches the file system.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ..errors import UsageError
from ..views.links import safe_url
from ..views.outlet import outlet_name, source_label
from .data import (STATUSES, ZOOMS, Story, StoreView, day_label, parse_date, parse_when,
                   sentence_around)

HERE = Path(__file__).resolve().parent
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]", "testserver"]
_METHODS = ["GET", "HEAD"]
_CSP = ("default-src 'none'; style-src 'self' 'unsafe-inline'; script-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
_KIND_ORDER = ["person", "organization", "country", "group", "place", "anonymous"]

__all__ = ["app_from_env", "create_app", "serve"]


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(statuses=STATUSES)
    env.filters.update(clip_left=_clip_left, clip_right=_clip_right)
    return env


def _clip_left(text: str, n: int) -> str:
    """The last `n` characters or so of `text`, cut at a word, with an ellipsis in front."""
    if len(text) <= n:
        return text
    tail = text[-n:]
    cut = tail.find(" ")
    return "\u2026" + (tail[cut + 1:] if 0 <= cut < n // 3 else tail)


def _clip_right(text: str, n: int) -> str:
    """The first `n` characters or so of `text`, cut at a word, with an ellipsis after."""
    if len(text) <= n:
        return text
    head = text[:n]
    cut = head.rfind(" ")
    return (head[:cut] if cut > 2 * n // 3 else head) + "\u2026"


def _qs(**params: Any) -> str:
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return ("?" + urlencode(kept)) if kept else ""


def _safe_url(url: str | None) -> str | None:
    """An article's URL when it may be a link (http/https with a host: no javascript:, data: or vbscript: hrefs)."""
    return safe_url(url)


class _Pages:
    """The helpers every template gets, bound to one version of the story."""

    def __init__(self, view: StoreView, story: Story) -> None:
        self.view, self.story = view, story

    def actor(self, actor_id: str | None) -> dict | None:
        return self.story.actors.get(actor_id) if actor_id else None

    def actor_name(self, actor_id: str | None) -> str:
        a = self.actor(actor_id)
        return a["name"] if a else (actor_id or "")

    def article(self, article_id: str) -> dict:
        return self.story.articles.get(article_id) or {"id": article_id, "title": article_id, "published": None}

    def article_title(self, article_id: str) -> str:
        a = self.story.articles.get(article_id)
        return (a.get("title") or outlet_name(a) or article_id) if a else article_id

    def outlet(self, article_id: str) -> str:
        """The outlet an article came from: "Reuters", "theguardian.com" (the input file's name when no URL)."""
        return outlet_name(self.story.articles.get(article_id), article_id[:8])

    def outlets(self, sources: list[dict]) -> list[str]:
        """The outlets of an event's sources, each once, in the order of the sources."""
        return list(dict.fromkeys(self.outlet(s["article"]) for s in sources))

    def source(self, article_id: str) -> str:
        """An article named as a source: its outlet and date, "Reuters (2015-12-05)"."""
        return source_label(self.story.articles.get(article_id), article_id[:8])

    def span_url(self, article_id: str, start: int | None = None, end: int | None = None) -> str:
        if start is None or end is None:
            return f"/article/{article_id}"
        return f"/article/{article_id}{_qs(start=start, end=end)}#evidence"

    def event_evidence(self, e: dict) -> tuple[str, str, str] | None:
        """An event's sentence around its mention, from the record (no article text is read): the timeline
        of a story of any size renders from the record alone."""
        ev = e.get("evidence") or {}
        text, at = ev.get("sentence"), ev.get("sentence_start")
        if not isinstance(text, str) or not isinstance(at, int):
            return None
        start, end = ev.get("start", at) - at, ev.get("end", at) - at
        if not 0 <= start <= end <= len(text):
            return None
        return " ".join(text[:start].split()) + " ", text[start:end], " " + " ".join(text[end:].split())

    def evidence(self, article_id: str, start: int, end: int) -> tuple[str, str, str] | None:
        text = self.view.text(self.story, article_id)
        if text is None or not (0 <= start <= end <= len(text)):
            return None
        return sentence_around(text, start, end)

    def place(self, where: str | None) -> dict | None:
        """An event's place: an actor (linked) when `where` names one, else its text."""
        if not where:
            return None
        a = self.story.actors.get(where)
        return {"id": a["id"], "name": a["name"]} if a else {"id": None, "name": where}

    def when(self, value: str | None) -> str:
        """A TIMEX value for people ("Sat 12 Dec 2015"); one it cannot read is shown as written."""
        try:
            return self._when(value)
        except (ValueError, OverflowError, TypeError):
            return str(value) if value else "undated"

    def _when(self, value: str | None) -> str:
        w = parse_when(value)
        if w is None:
            return value or "undated"
        if w.precision == "day":
            text = day_label(w.start, "%a %d %b %Y")
        elif w.precision == "week":
            text = "week of " + day_label(w.start, "%d %b %Y")
        elif w.precision == "month":
            text = day_label(w.start, "%B %Y")
        else:
            text = f"{w.start.year:04d}"
        if w.time:
            text += ", " + w.time
        if value and "/" in value:
            text = value.replace("/", " to ")
        return text

    def time_of(self, value: str | None) -> str:
        try:
            w = parse_when(value)
        except (ValueError, OverflowError, TypeError):
            return ""
        return (w.time or "") if w else ""

    def context(self) -> dict[str, Any]:
        return {"p": self, "story": self.story, "qs": _qs}


QUOTES_PER_PAGE = 100
SHUTDOWN_SECONDS = 3      # on SIGTERM, requests in flight get this long; then the server stops
EVENTS_PER_PAGE = 300


def _quote_order(p: "_Pages", quote: dict) -> tuple:
    """Quotes in the order they were said: their day, else their article's, then their place in it."""
    article = p.story.articles.get(quote["article"]) or {}
    return (quote.get("when") or article.get("published") or "9999", quote["article"], quote["start"])


def create_app(db: str | os.PathLike, *, allowed_hosts: list[str] | None = None, warm: bool = False) -> FastAPI:
    """The web app over the store `db` (a path or sqlite:/// URL). It must exist: this app never creates one.

    `allowed_hosts`: the Host header values accepted (default: loopback names only, which keeps
    DNS-rebinding pages away from the record); pass ["*"] when serving on a network address.
    `warm`: start building the record now, before the first page asks for it.
    """
    from ..store import open_store

    with open_store(db, create=False):         # fail now, with the store's own message, if it is not readable
        pass
    view = StoreView(db)
    if warm:
        view.warm()
    env = _environment()
    script = (HERE / "static" / "parley.js").read_bytes()
    vendor = HERE / "static" / "vendor" / "vis-timeline"
    vendored = {"vis-timeline.min.js": ((vendor / "vis-timeline-graph2d.min.js").read_bytes(),
                                        "text/javascript; charset=utf-8"),
                "vis-timeline.min.css": ((vendor / "vis-timeline-graph2d.min.css").read_bytes(),
                                         "text/css; charset=utf-8")}

    app = FastAPI(title="Parley", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOOPBACK_HOSTS)

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", _CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    def pages() -> _Pages:
        return _Pages(view, view.story())

    def render(name: str, p: _Pages, status_code: int = 200, headers: dict | None = None, **values) -> HTMLResponse:
        html = env.get_template(name).render(**p.context(), **values)
        return HTMLResponse(html, status_code=status_code, headers=headers)

    def error_page(request: Request, status_code: int, detail: str, headers: dict | None = None) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": detail}, status_code=status_code, headers=headers)
        html = env.get_template("error.html").render(status_code=status_code, detail=detail, qs=_qs)
        return HTMLResponse(html, status_code=status_code, headers=headers)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return error_page(request, exc.status_code, detail, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        wrong = ", ".join(str(e.get("loc", ["?"])[-1]) for e in exc.errors())
        return error_page(request, 400, f"Bad value for: {wrong}")

    # -- pages ---------------------------------------------------------------------------------
    @app.api_route("/", methods=_METHODS, response_class=HTMLResponse)
    def timeline(request: Request, zoom: str = "day", page: int = 1):
        since, until = request.query_params.get("from"), request.query_params.get("to")
        if zoom not in ZOOMS:
            raise HTTPException(400, f"zoom must be one of {', '.join(ZOOMS)}")
        try:
            d_from, d_to = parse_date(since), parse_date(until)
        except ValueError:
            raise HTTPException(400, "from and to must be dates written YYYY-MM-DD") from None
        p = pages()
        pages_of, undated, counts, shown = p.story.timeline(zoom, d_from, d_to, EVENTS_PER_PAGE)
        page = min(max(page, 1), len(pages_of))
        groups, undated = pages_of[page - 1], (undated if page == len(pages_of) else [])
        return render("timeline.html", p, groups=groups, undated=undated, zoom=zoom, zooms=ZOOMS,
                      since=d_from.isoformat() if d_from else "", until=d_to.isoformat() if d_to else "",
                      counts=counts, shown=shown, axis_actors=p.story.axis_actors, page=page, pages_n=len(pages_of))

    @app.api_route("/event/{event_id}", methods=_METHODS, response_class=HTMLResponse)
    def event(event_id: str):
        p = pages()
        e = p.story.events.get(event_id)
        if e is None:
            raise HTTPException(404, "No such event in this store")
        return render("event.html", p, e=e)

    @app.api_route("/actors", methods=_METHODS, response_class=HTMLResponse)
    def actors():
        p = pages()
        rec = p.story.record
        quotes, events = {}, {}
        for q in rec["quotes"]:
            if q["speaker"]:
                quotes[q["speaker"]] = quotes.get(q["speaker"], 0) + 1
        for e in rec["events"]:
            for a in set(e["actors"]) | ({e["where"]} if e["where"] else set()):
                events[a] = events.get(a, 0) + 1
        kinds: dict[str, list] = {}
        for a in rec["actors"]:
            kinds.setdefault(a["kind"], []).append(a)
        order = [k for k in _KIND_ORDER if k in kinds] + sorted(k for k in kinds if k not in _KIND_ORDER)
        return render("actors.html", p, kinds=[(k, kinds[k]) for k in order], quotes=quotes, events=events)

    @app.api_route("/actor/{actor_id}", methods=_METHODS, response_class=HTMLResponse)
    def actor(actor_id: str):
        p = pages()
        a = p.story.actors.get(actor_id)
        if a is None:
            raise HTTPException(404, "No such actor in this store")
        rec = p.story.record
        people = {x["id"] for x in rec["actors"] if a["kind"] == "country" and x["kind"] in ("person", "anonymous")
                  and x.get("country") == a["name"]}   # a country speaks through its people: India's minister
        quotes = sorted((q for q in rec["quotes"] if q["speaker"] == actor_id or q["speaker"] in people),
                        key=lambda q: _quote_order(p, q))
        events = [e for e in rec["events"] if actor_id in e["actors"] or e["where"] == actor_id]
        positions = [x for x in rec.get("positions", []) if x["party"] == actor_id]
        facing = [x for x in rec.get("positions", []) if x["party"] != actor_id
                  and (actor_id in x.get("clashes_with", []) or actor_id in x.get("meets", []))]
        return render("actor.html", p, a=a, quotes=quotes, events=events, positions=positions, facing=facing)

    @app.api_route("/quotes", methods=_METHODS, response_class=HTMLResponse)
    def quotes(speaker: str = "", q: str = "", page: int = 1):
        p = pages()
        who, what = speaker.strip().casefold(), q.strip().casefold()
        found = []
        for quote in p.story.record["quotes"]:
            if who:
                a = p.actor(quote["speaker"])
                names = [quote["speaker_text"] or ""] + ([a["name"], *a["aliases"]] if a else [])
                if not any(who in n.casefold() for n in names):
                    continue
            if what and what not in quote["text"].casefold():
                continue
            found.append(quote)
        found.sort(key=lambda quote: _quote_order(p, quote))
        pages_n = max(1, -(-len(found) // QUOTES_PER_PAGE))
        page = min(max(page, 1), pages_n)
        shown = found[(page - 1) * QUOTES_PER_PAGE: page * QUOTES_PER_PAGE]
        return render("quotes.html", p, quotes=shown, total=len(found), page=page, pages_n=pages_n,
                      speaker=speaker, q=q)

    @app.api_route("/positions", methods=_METHODS, response_class=HTMLResponse)
    def positions():
        p = pages()
        found = sorted(p.story.record.get("positions", []), key=lambda x: x["id"])
        found.sort(key=lambda x: x.get("when") or "", reverse=True)        # the newest stance first
        return render("positions.html", p, positions=found)

    @app.api_route("/articles", methods=_METHODS, response_class=HTMLResponse)
    def articles():
        p = pages()
        rec = p.story.record
        counts: dict[str, dict[str, int]] = {}
        for q in rec["quotes"]:
            c = counts.setdefault(q["article"], {"quotes": 0, "events": 0})
            c["quotes"] += 1
        for e in rec["events"]:
            for aid in {s["article"] for s in e["sources"]}:
                c = counts.setdefault(aid, {"quotes": 0, "events": 0})
                c["events"] += 1
        return render("articles.html", p, articles=rec["articles"], counts=counts)

    @app.api_route("/article/{article_id}", methods=_METHODS, response_class=HTMLResponse)
    def article(article_id: str, start: int | None = None, end: int | None = None):
        p = pages()
        if not p.story.readable(article_id):
            raise HTTPException(404, "No such article in this store")
        text = view.text(p.story, article_id) or ""
        if (start is None) != (end is None):
            raise HTTPException(400, "give both start and end, or neither")
        span = None
        if start is not None and end is not None:
            if not (0 <= start <= end <= len(text)):
                raise HTTPException(400, f"the span must lie within the text (0 to {len(text)})")
            span = (text[:start], text[start:end], text[end:])
        rec = p.story.record
        quotes = [q for q in rec["quotes"] if q["article"] == article_id]
        events = [(e, s) for e in rec["events"] for s in e["sources"] if s["article"] == article_id]
        events.sort(key=lambda item: (item[1]["start"], item[1]["end"]))
        a = p.story.articles[article_id]
        return render("article.html", p, a=a, text=text, span=span, start=start, end=end,
                      link=_safe_url(a.get("url")), quotes=quotes, events=events)

    @app.api_route("/api/record", methods=_METHODS)
    def record():
        return JSONResponse(view.story().record)

    @app.api_route("/static/parley.js", methods=_METHODS, include_in_schema=False)
    def static_script():
        return Response(script, media_type="text/javascript; charset=utf-8",
                        headers={"Cache-Control": "max-age=300"})

    @app.api_route("/static/{name}", methods=_METHODS, include_in_schema=False)
    def static_vendored(name: str):
        if name not in vendored:                 # a fixed table: no name from a request reaches the disk
            raise HTTPException(404, "no such file")
        body, kind = vendored[name]
        return Response(body, media_type=kind, headers={"Cache-Control": "max-age=86400"})

    @app.api_route("/api/axis", methods=_METHODS)
    def axis():
        return JSONResponse(view.story().axis)

    return app


def app_from_env() -> FastAPI:
    """The app over the store named by $PARLEY_DB (for `uvicorn parley.web:app_from_env --factory`).

    $PARLEY_ALLOWED_HOSTS (comma-separated) widens the accepted Host names beyond loopback.
    """
    db = os.environ.get("PARLEY_DB")
    if not db:
        raise UsageError("set PARLEY_DB to the store to serve")
    hosts = [h.strip() for h in os.environ.get("PARLEY_ALLOWED_HOSTS", "").split(",") if h.strip()]
    return create_app(db, allowed_hosts=(LOOPBACK_HOSTS + hosts) if hosts else None, warm=True)


def serve(db: str | os.PathLike, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the store `db` at http://host:port/ until interrupted (loopback only unless `host` says otherwise)."""
    import uvicorn

    loopback = host in ("127.0.0.1", "localhost", "::1")
    app = create_app(db, allowed_hosts=None if loopback else ["*"], warm=True)
    uvicorn.run(app, host=host, port=port, log_level="info", timeout_graceful_shutdown=SHUTDOWN_SECONDS)
