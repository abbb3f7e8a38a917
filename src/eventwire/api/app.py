"""REST API and dashboard over the store. Reads the store, never runs a pipeline stage, never writes.

Endpoints (JSON unless said; every one listed in ``docs/dashboard.md``):

- ``GET /api/events?<filters>&limit=100&offset=0&sort=-date``: a page of event records, each with its ``group``
- ``GET /api/events/{event_id}``: one event record (with its ``group``)
- ``GET /api/articles/{article_id}``: the article, with the text every offset refers to
- ``GET /api/groups/{group_id}``: an event group and its mentions (the reports of one event)
- ``GET /api/summary?<filters>``: the store's totals, and counts of what the filters let through per facet
- ``GET /api/timeline?<filters>&interval=auto&stack=quad_class&level=mention``: counts per day, week, month
- ``GET /api/geo?<filters>&level=group&limit=5000``: GeoJSON points for the map
- ``GET /api/actors?q=obama``: actor suggestions from the store, by name or code
- ``GET /api/export?format=csv|jsonl|parquet|plover|gdelt&level=mention|group&<filters>``: a download
- ``GET /``: the dashboard (``/static/app.js``, ``map.js``, ``timeline.js``, ``app.css``, ``world.json``)
- ``GET /docs`` and ``/redoc``: the API's documentation, served offline (no CDN)

``<filters>`` are those of ``eventwire.store.filters`` (cameo, plover, actor, country, since, until,
min_confidence, article_id), shared with ``eventwire events``/``export`` and ``read_events``, plus actor_name,
quad_class, modality and date_basis (``eventwire.store.dashboard``); a country may be given by name and a date
in words ("March 2009"). A parameter out of its form or range, or one the endpoint does not know, is answered
422 with a message; a store that cannot be read, 503. Only requests whose ``Host`` header names the address the
server is bound to are answered (400 otherwise), so a web page cannot read the store through a DNS name it
points at this machine; every response carries a Content-Security-Policy.
"""

from __future__ import annotations

import io
import ipaddress
import logging
import re
import socket
import sqlite3
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError
from starlette.background import BackgroundTask
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventwire.api.params import DATE_FORM, DATE_WORDS, DateForm, NoSuchDate, read_country, read_date
from eventwire.config import data_path
from eventwire.errors import ConfigError, StoreError, one_line
from eventwire.store.dashboard import (
    SORT_KEYS,
    DashboardFilter,
    actor_suggestions,
    event_page,
    event_with_group,
    facets,
    filtered_events,
    filtered_groups,
    geojson,
    timeline,
)
from eventwire.store.dates import period
from eventwire.store.export import EventWriter, default_level
from eventwire.store.query import summary
from eventwire.store.sqlite import Store

_STATIC = Path(__file__).parent / "static"
# served with their types named here, not guessed from the system's MIME table: with nosniff, a script served
# as text/plain (a known Windows registry setting) would not run
_ASSETS = {"app.js": "text/javascript", "map.js": "text/javascript", "timeline.js": "text/javascript",
           "app.css": "text/css"}
# the world map: Natural Earth 1:110m countries as TopoJSON, from the npm package world-atlas (data/map/README)
_WORLD = ("map", "countries-110m.json")
_EXPORT_TYPES = {"csv": ("text/csv; charset=utf-8", "csv"), "jsonl": ("application/x-ndjson", "jsonl"),
                 "parquet": ("application/vnd.apache.parquet", "parquet"),
                 "plover": ("application/x-ndjson", "plover.jsonl"),
                 "gdelt": ("text/tab-separated-values; charset=utf-8", "gdelt.tsv")}
_CHUNK = 1 << 16

log = logging.getLogger("eventwire")

# -- parameters ------------------------------------------------------------------------------------------------

_DATE_FORM = DATE_FORM
MAX_OFFSET = 10**9
MAX_ID = 200
MAX_TEXT = 64


def _date_param(value: str | None) -> str | None:
    """A date as typed (``2009-03``, ``March 2009``, ``2 March 2009``) as the period it names."""
    if not value:
        return None  # an empty field of a form means "any", as it always has
    try:
        return read_date(value)
    except NoSuchDate:
        raise PydanticCustomError("date_value", "{value} is not a real date; expected a date " + _DATE_FORM + ", "
                                  + DATE_WORDS, {"value": value}) from None
    except DateForm:
        raise PydanticCustomError("date_format", f"expected a date {_DATE_FORM}, {DATE_WORDS}") from None


def _code_param(form: str, message: str) -> Callable[[str | None], str | None]:
    pattern = re.compile(form)

    def check(value: str | None) -> str | None:
        if not value:
            return None
        if pattern.fullmatch(value) is None:
            raise PydanticCustomError("code_format", message)
        return value

    return check


def _country_param(value: str | None) -> str | None:
    """A country as an ISO alpha-3 code, given as a code (``LBY``, ``us``) or a name (``United States``)."""
    if not value or not value.strip():
        return None
    code = read_country(value)
    if code is None:
        raise PydanticCustomError("country", "{value} is no country eventwire knows; " + COUNTRY_FORM,
                                  {"value": value})
    return code


def _name_param(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    if any(unicodedata.category(c).startswith("C") for c in value):
        raise PydanticCustomError("name_format", "an actor's name is text without control characters, e.g. Obama")
    return " ".join(value.split())


COUNTRY_FORM = ("a country is an ISO 3166 alpha-3 code or a country's name, e.g. LBY, Libya or United States")
SORT_FORM = ("sort by " + ", ".join(SORT_KEYS) + " (ascending), or one of them after - (descending), e.g. -date")

Cameo = Annotated[str | None, Query(max_length=4, description="a CAMEO code or prefix: 19 is every fight"),
                  AfterValidator(_code_param("[0-9]+", "a CAMEO code or code prefix is 1 to 4 digits, e.g. 19 or 195"))]
Plover = Annotated[str | None, Query(max_length=32, description="a PLOVER event type, e.g. ASSAULT"),
                   AfterValidator(_code_param("[A-Za-z_]+",
                                              "a PLOVER event type is letters and underscores, e.g. ASSAULT"))]
Actor = Annotated[str | None, Query(max_length=16, description="an actor code or prefix on either side: SYR, TURGOV"),
                  AfterValidator(_code_param("[A-Za-z0-9]+",
                                             "an actor code or code prefix is letters and digits, e.g. SYR or SYRGOV"))]
ActorName = Annotated[str | None, Query(max_length=MAX_TEXT, description="words of an actor's name or mention on "
                                                                         "either side, any case: Obama"),
                      AfterValidator(_name_param)]
Country = Annotated[str | None, Query(max_length=MAX_TEXT, description="where it happened: an ISO 3166 alpha-3 code "
                                                                       "or a name, e.g. LBY or United States"),
                    AfterValidator(_country_param)]
Since = Annotated[str | None, Query(max_length=MAX_TEXT, description=f"event date from, inclusive: {_DATE_FORM}, "
                                                                     f"{DATE_WORDS}"),
                  AfterValidator(_date_param)]
Until = Annotated[str | None, Query(max_length=MAX_TEXT, description=f"event date to, inclusive: {_DATE_FORM}, "
                                                                     f"{DATE_WORDS}"),
                  AfterValidator(_date_param)]
MinConfidence = Annotated[float | None, Query(ge=0.0, le=1.0, description="events with at least this confidence")]
QuadClass = Annotated[int | None, Query(ge=1, le=4, description="1 verbal cooperation, 2 material cooperation, "
                                                                "3 verbal conflict, 4 material conflict")]
Modality = Annotated[Literal["asserted", "future", "hypothetical", "attempted", "negated"] | None,
                     Query(description="how the text states it")]
DateBasis = Annotated[Literal["text", "context", "publication"] | None,
                      Query(description="where the date came from")]
ArticleFilter = Annotated[str | None, Query(max_length=MAX_ID, description="the events of one article")]
Limit = Annotated[int, Query(ge=1, le=1000, description="events per page")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="events to skip")]
Sort = Annotated[str, Query(max_length=16, description=SORT_FORM),
                 AfterValidator(_code_param("-?(" + "|".join(SORT_KEYS) + ")", SORT_FORM))]
Level = Annotated[Literal["mention", "group"], Query(description="count event records (mention) or event groups")]
Interval = Annotated[Literal["auto", "day", "week", "month", "year"], Query(description="bucket size")]
Stack = Annotated[Literal["quad_class", "plover"], Query(description="what each bar is split by")]
ExportFormat = Annotated[Literal["csv", "jsonl", "parquet", "plover", "gdelt"], Query(alias="format",
                                                                                     description="file format")]
MapLimit = Annotated[int, Query(ge=1, le=20_000, description="at most this many points")]
SuggestLimit = Annotated[int, Query(ge=1, le=50, description="at most this many suggestions")]
SearchText = Annotated[str, Query(min_length=1, max_length=MAX_TEXT, description="part of a name or code: Obama, "
                                                                                 "USAGOV")]
EventId = Annotated[str, PathParam(max_length=MAX_ID)]
ArticleId = Annotated[str, PathParam(max_length=MAX_ID)]
GroupId = Annotated[str, PathParam(max_length=MAX_ID)]

ExportLevel = Annotated[Literal["mention", "group"] | None,
                        Query(description="one row per event record (mention) or per event group; default: group "
                                          "for gdelt, mention for the others")]

FILTER_NAMES = ("cameo", "plover", "actor", "actor_name", "country", "since", "until", "min_confidence",
                "quad_class", "modality", "date_basis", "article_id")


def _filters(cameo: Cameo = None, plover: Plover = None, actor: Actor = None, actor_name: ActorName = None,
             country: Country = None, since: Since = None, until: Until = None,
             min_confidence: MinConfidence = None, quad_class: QuadClass = None, modality: Modality = None,
             date_basis: DateBasis = None, article_id: ArticleFilter = None) -> DashboardFilter:
    """The filters every listing endpoint shares, checked (422 with a message otherwise)."""
    _check_range(since, until)
    return DashboardFilter(cameo=cameo, plover=plover, actor=actor, actor_name=actor_name, country=country,
                           since=since, until=until, min_confidence=min_confidence, quad_class=quad_class,
                           modality=modality, date_basis=date_basis, article_id=article_id, limit=None)


Filters = Annotated[DashboardFilter, Depends(_filters)]


def _only(*names: str) -> Callable[[Request], None]:
    """A dependency refusing (422) a query parameter the endpoint does not know: a misspelt filter
    (``contry=USA``) would otherwise be ignored and every event shown."""
    known = frozenset(names)

    def check(request: Request) -> None:
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise RequestValidationError([{
                "type": "unknown_parameter", "loc": ("query", name), "input": request.query_params[name],
                "msg": f"unknown parameter {name!r}; this endpoint takes {', '.join(sorted(known)) or 'none'}"}
                for name in unknown])

    return check


def _check_range(since: str | None, until: str | None) -> None:
    first, last = period(since), period(until)
    if first and last and first[0] > last[1]:
        raise RequestValidationError([{
            "type": "date_range", "loc": ("query", "until"), "input": until,
            "msg": f"until ({until}) is before since ({since}): no event can match; since must not be after until"}])


# -- the Host header -------------------------------------------------------------------------------------------

_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_ANY_ADDRESS = ("0.0.0.0", "::", "")
_HOST_NAME = re.compile(r"[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*")
BAD_HOST = ("invalid Host header: this server answers only to the names of the address it is bound to; "
            "add a name with: eventwire serve --allow-host NAME")


def _ip(text: str) -> str | None:
    """``text`` as a canonical IP address literal, or None when it is not one."""
    try:
        return ipaddress.ip_address(text).compressed
    except ValueError:
        return None


def _parse_host(value: str) -> tuple[str, int | None] | None:
    """(name, port) of a Host header: ``name``, ``name:port``, ``1.2.3.4:port``, ``[::1]:port``; lower case,
    IP literals in canonical form, a DNS name's trailing dot removed. None when it is no such thing."""
    value = value.strip().lower()
    port: int | None = None
    if value.startswith("["):
        inside, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return None
        name, port_text = inside, rest[1:] if rest else None
        if _ip(name) is None or ":" not in name:
            return None
    else:
        name, colon, port_text_ = value.partition(":")
        port_text = port_text_ if colon else None
    if port_text is not None:
        if not port_text.isascii() or not port_text.isdigit() or len(port_text) > 5 or int(port_text) > 65535:
            return None
        port = int(port_text)
    address = _ip(name)
    if address is not None:
        return address, port
    name = name.removesuffix(".")
    if not name or len(name) > 253 or not _HOST_NAME.fullmatch(name):
        return None
    return name, port


@dataclass(frozen=True)
class HostPolicy:
    """Which ``Host`` headers the server answers: the names of the address it is bound to, and more.

    A loopback bind (the default 127.0.0.1, ::1, localhost) answers to localhost, 127.0.0.1 and [::1]; a
    specific address to that address; 0.0.0.0 or :: to this machine's host name and domain name, localhost,
    and any IP address. A port in the header is accepted whatever it is; an allowed name given with a port
    (``name:8443``) is accepted with that port only. ``*`` among the allowed names accepts any Host.
    """

    names: frozenset[str]
    pairs: frozenset[tuple[str, int]] = frozenset()
    any_ip: bool = False
    any_host: bool = False

    @classmethod
    def for_bind(cls, host: str, allowed: Iterable[str] = ()) -> HostPolicy:
        bind = host.strip().lower().removeprefix("[").removesuffix("]")
        names: set[str] = set()
        any_ip = False
        if bind in _ANY_ADDRESS:
            any_ip = True
            names.update(name.lower().removesuffix(".") for name in (socket.gethostname(), socket.getfqdn())
                         if name)
            names.add("localhost")
        else:
            address = _ip(bind)
            names.add(address or bind.removesuffix("."))
            if bind == "localhost" or (address is not None and ipaddress.ip_address(address).is_loopback):
                names.update(_LOOPBACK_NAMES)
        pairs: set[tuple[str, int]] = set()
        any_host = False
        for entry in allowed:
            if entry.strip() == "*":
                any_host = True
                continue
            bare = _ip(entry.strip())  # an IPv6 address may be given without brackets
            parsed = (bare, None) if bare is not None else _parse_host(entry)
            if parsed is None:
                raise ConfigError(f"--allow-host {one_line(repr(entry))}: not a host name or address (with an "
                                  "optional :port), e.g. analyst.example.org, 192.0.2.7 or [2001:db8::7]:8000")
            name, port = parsed
            if port is None:
                names.add(name)
            else:
                pairs.add((name, port))
        return cls(frozenset(names), frozenset(pairs), any_ip, any_host)

    def accepts(self, header: str | None) -> bool:
        if self.any_host:
            return True
        parsed = _parse_host(header) if header is not None else None
        if parsed is None:
            return False
        name, port = parsed
        return (name in self.names or (port is not None and (name, port) in self.pairs)
                or (self.any_ip and _ip(name) is not None))


class _HostCheck:
    """ASGI middleware: a request whose Host header names no address of this server gets 400."""

    def __init__(self, app: ASGIApp, policy: HostPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and not self.policy.any_host:
            hosts = [value.decode("latin-1") for key, value in scope["headers"] if key == b"host"]
            if len(hosts) != 1 or not self.policy.accepts(hosts[0]):
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1008})
                else:
                    await JSONResponse({"detail": BAD_HOST}, status_code=400)(scope, receive, send)
                return
        await self.app(scope, receive, send)


# -- security headers ------------------------------------------------------------------------------------------

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
       "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
# /docs (Swagger UI) and /redoc are served offline: their scripts and styles are the copies the PyPI package
# fastapi-offline ships (MIT; Swagger UI and ReDoc themselves are Apache-2.0 and MIT), under /static/docs/. The
# pages start with an inline script (FastAPI's), and show the API's schema, not the store's data.
DOCS_CSP = ("default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "font-src 'self' data:; img-src 'self' data:; connect-src 'self'; worker-src blob:; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
DOCS_PATHS = ("/docs", "/redoc", "/docs/oauth2-redirect")
_DOCS_ASSETS = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css",
                "redoc.standalone.js": "text/javascript", "favicon.png": "image/png"}


def _docs_static() -> Path:
    """The folder of the vendored Swagger UI and ReDoc files (package fastapi-offline)."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


class _SecurityHeaders:
    """ASGI middleware: every HTTP response carries a Content-Security-Policy, nosniff and no-referrer."""

    def __init__(self, app: ASGIApp, docs_paths: Iterable[str]) -> None:
        self.app = app
        self.docs_paths = frozenset(docs_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"] in self.docs_paths else CSP
        extra = [(b"content-security-policy", csp.encode("ascii")), (b"x-content-type-options", b"nosniff"),
                 (b"referrer-policy", b"no-referrer")]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {extra_name for extra_name, _ in extra}
                headers = [(k, v) for k, v in message.get("headers", ()) if k.lower() not in names]
                message = {**message, "headers": headers + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _Api(FastAPI):
    """FastAPI with the Host check and the security headers outermost, so they cover every response, the
    plain 500 of an unexpected error included."""

    def __init__(self, host_policy: HostPolicy, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.host_policy = host_policy

    def build_middleware_stack(self) -> ASGIApp:
        return _SecurityHeaders(_HostCheck(super().build_middleware_stack(), self.host_policy), DOCS_PATHS)


# -- the store -------------------------------------------------------------------------------------------------


class _Stores:
    """One read-only connection per server thread (SQLite connections are not shared across threads)."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.local = threading.local()

    @contextmanager
    def open(self) -> Iterator[Store]:
        store = getattr(self.local, "store", None)
        if store is None:
            store = Store(self.db, readonly=True)
            self.local.store = store
        try:
            yield store
        except (StoreError, sqlite3.DatabaseError):
            # the next request opens the file again (it may have been replaced or repaired meanwhile)
            self.local.store = None
            store.close()
            raise


def _write_export(store: Store, flt: DashboardFilter, out: IO[bytes], fmt: str, level: str) -> int:
    """Write the events (or groups) ``flt`` lets through to ``out`` in ``fmt``, with the writers ``eventwire
    export`` uses; returns the rows written."""
    stream: IO[Any] = out if fmt == "parquet" else io.TextIOWrapper(out, encoding="utf-8", newline="")
    with EventWriter(stream, fmt, level=level) as writer:
        if level == "group":
            for found, event, article in filtered_groups(store, flt):
                writer.write_group(found, event, article)
        else:
            for event, article in filtered_events(store, flt):
                writer.write(event, article)
    if isinstance(stream, io.TextIOWrapper):
        stream.flush()
        stream.detach()  # the spooled file stays open, to be sent
    return writer.count


def _unreadable(request: Request, exc: Exception) -> JSONResponse:
    message = one_line(str(exc) if isinstance(exc, StoreError) else f"{StoreError.code} SQLite failed ({exc})")
    log.warning("%s %s: %s", request.method, request.url.path, message)
    return JSONResponse({"detail": f"the store cannot be read: {message}"}, status_code=503)


# -- the app ---------------------------------------------------------------------------------------------------


def create_app(db: Path, *, host: str = "127.0.0.1", allowed_hosts: Iterable[str] = ()) -> FastAPI:
    """The API over the store at ``db``, opened read-only.

    Args:
        db: the store (which must exist: StoreError otherwise).
        host: the address the server is bound to; it decides which Host headers are answered
            (:class:`HostPolicy`).
        allowed_hosts: more names to answer to (``eventwire serve --allow-host``); ``*`` turns the check off.

    Raises:
        StoreError: the store cannot be opened for reading.
        ConfigError: an allowed host is not a host name or address.
    """
    policy = HostPolicy.for_bind(host, allowed_hosts)
    Store(db, readonly=True).close()  # fail now, with the store's own message, not on the first request
    stores = _Stores(db)
    app = _Api(policy, title="eventwire", description=__doc__, version="1", docs_url=None, redoc_url=None,
               swagger_ui_oauth2_redirect_url=DOCS_PATHS[2])
    app.add_exception_handler(StoreError, _unreadable)
    app.add_exception_handler(sqlite3.DatabaseError, _unreadable)

    @app.get("/api/events", dependencies=[Depends(_only(*FILTER_NAMES, "limit", "offset", "sort"))])
    def events(flt: Filters, limit: Limit = 100, offset: Offset = 0, sort: Sort = "-date") -> dict[str, Any]:
        with stores.open() as store:
            total, records = event_page(store, replace(flt, limit=limit, offset=offset), sort=sort)
        return {"total": total, "offset": offset, "limit": limit, "sort": sort, "events": records}

    @app.get("/api/events/{event_id}", dependencies=[Depends(_only())])
    def event(event_id: EventId) -> dict[str, Any]:
        with stores.open() as store:
            record = event_with_group(store, event_id)
        if record is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return record

    @app.get("/api/articles/{article_id}", dependencies=[Depends(_only())])
    def article(article_id: ArticleId) -> dict[str, Any]:
        with stores.open() as store:
            found = store.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return found.to_dict()

    @app.get("/api/groups/{group_id}", dependencies=[Depends(_only())])
    def group(group_id: GroupId) -> dict[str, Any]:
        with stores.open() as store:
            found = store.group(group_id)
            if found is None:
                raise HTTPException(404, f"no event group {group_id!r}")
            mentions = store.group_mentions(group_id)
        return {**found.to_dict(), "mentions": [{**{k: v for k, v in m.items() if k != "event"},
                                                 "event": m["event"].to_dict()} for m in mentions]}

    @app.get("/api/summary", dependencies=[Depends(_only(*FILTER_NAMES))])
    def stats(flt: Filters) -> dict[str, Any]:
        with stores.open() as store:
            found = facets(store, flt)
            return {**summary(store), "matched": found.pop("matched"), "facets": found}

    @app.get("/api/timeline", dependencies=[Depends(_only(*FILTER_NAMES, "interval", "stack", "level"))])
    def buckets(flt: Filters, interval: Interval = "auto", stack: Stack = "quad_class",
                level: Level = "mention") -> dict[str, Any]:
        with stores.open() as store:
            try:
                return timeline(store, flt, interval=interval, stack=stack, level=level)
            except ConfigError as exc:
                raise RequestValidationError([{"type": "too_many_buckets", "loc": ("query", "interval"),
                                               "input": interval, "msg": str(exc)}]) from exc

    @app.get("/api/geo", dependencies=[Depends(_only(*FILTER_NAMES, "level", "limit"))])
    def points(flt: Filters, level: Level = "group", limit: MapLimit = 5000) -> JSONResponse:
        with stores.open() as store:
            found = geojson(store, flt, level=level, limit=limit)
        return JSONResponse(found, media_type="application/geo+json")

    @app.get("/api/actors", dependencies=[Depends(_only("q", "limit"))])
    def actors(q: SearchText, limit: SuggestLimit = 10) -> dict[str, Any]:
        with stores.open() as store:
            return {"query": q, "suggestions": actor_suggestions(store, q, limit=limit)}

    @app.get("/api/export", dependencies=[Depends(_only(*FILTER_NAMES, "format", "level"))])
    def export(flt: Filters, fmt: ExportFormat = "csv", level: ExportLevel = None) -> StreamingResponse:
        chosen = level or default_level(fmt)
        spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=32 << 20)  # noqa: SIM115 (closed after sending)
        try:
            with stores.open() as store:
                rows = _write_export(store, flt, spool, fmt, chosen)
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        media, suffix = _EXPORT_TYPES[fmt]
        return StreamingResponse(iter(lambda: spool.read(_CHUNK), b""), media_type=media, background=BackgroundTask(
            spool.close), headers={"Content-Disposition": f'attachment; filename="eventwire-{chosen}s.{suffix}"',
                                   "X-Eventwire-Rows": str(rows)})

    @app.get(DOCS_PATHS[0], include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="eventwire API",
                                   swagger_js_url="/static/docs/swagger-ui-bundle.js",
                                   swagger_css_url="/static/docs/swagger-ui.css",
                                   swagger_favicon_url="/static/docs/favicon.png",
                                   oauth2_redirect_url=DOCS_PATHS[2],
                                   # no badge from validator.swagger.io: the page loads nothing from outside
                                   swagger_ui_parameters={"validatorUrl": None})

    @app.get(DOCS_PATHS[2], include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get(DOCS_PATHS[1], include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url="/openapi.json", title="eventwire API",
                              redoc_js_url="/static/docs/redoc.standalone.js",
                              redoc_favicon_url="/static/docs/favicon.png", with_google_fonts=False)

    @app.get("/static/docs/{name}", include_in_schema=False)
    def docs_asset(name: str) -> Response:
        if name not in _DOCS_ASSETS:
            raise HTTPException(404, "no such file")
        return Response((_docs_static() / name).read_bytes(), media_type=_DOCS_ASSETS[name],
                        headers={"Cache-Control": "max-age=86400"})

    @app.get("/", response_class=HTMLResponse)
    def dashboard() -> str:
        # the page's state lives in its query string (the filters, the page, the open event); the API reads it
        return (_STATIC / "index.html").read_text(encoding="utf-8")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)  # no icon: a browser's request for one gets no error

    @app.get("/static/world.json", include_in_schema=False)
    def world() -> Response:
        return Response(data_path(*_WORLD).read_bytes(), media_type="application/json",
                        headers={"Cache-Control": "max-age=86400"})

    @app.get("/static/{name}", include_in_schema=False)
    def asset(name: str) -> Response:
        if name not in _ASSETS:
            raise HTTPException(404, "no such file")
        return Response((_STATIC / name).read_bytes(), media_type=_ASSETS[name],
                        headers={"Cache-Control": "no-cache"})

    return app
