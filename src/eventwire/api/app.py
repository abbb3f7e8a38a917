"""REST API and dashboard over the store. Reads the store, never runs a pipeline stage, never writes.

Endpoints (JSON):

- ``GET /api/events?cameo=19&plover=ASSAULT&actor=SYR&country=SYR&since=2019-04&until=2019-07&min_confidence=0.6``
  ``&limit=100&offset=0``
  (the filters of ``eventwire.store.filters``, shared with ``eventwire events``/``export`` and ``read_events``)
- ``GET /api/events/{event_id}``: one event record
- ``GET /api/articles/{article_id}``: the article, with the text every offset refers to
- ``GET /api/summary``: totals, events by PLOVER type, by country and by month
- ``GET /``: the dashboard (a static page, ``/static/app.js`` and ``/static/app.css``, that calls the API)
- ``GET /docs`` and ``/redoc``: the API's documentation, served offline (no CDN)

A parameter out of its form or range is answered 422 with a message; a store that cannot be read, 503. Only
requests whose ``Host`` header names the address the server is bound to are answered (400 otherwise), so a
web page cannot read the store through a DNS name it points at this machine; every response carries a
Content-Security-Policy.
"""

from __future__ import annotations

import calendar
import ipaddress
import logging
import re
import socket
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventwire.errors import ConfigError, StoreError, one_line
from eventwire.store.query import EventFilter, get_event, query_events, summary
from eventwire.store.sqlite import Store

_STATIC = Path(__file__).parent / "static"
# served with their types named here, not guessed from the system's MIME table: with nosniff, a script served
# as text/plain (a known Windows registry setting) would not run
_ASSETS = {"app.js": "text/javascript", "app.css": "text/css"}

log = logging.getLogger("eventwire")

# -- parameters ------------------------------------------------------------------------------------------------

_DATE_FORM = "YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019, 2019-07 or 2019-07-05)"
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
MAX_OFFSET = 10**9
MAX_ID = 200


def _period(value: str) -> tuple[date, date]:
    """The first and last day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (ValueError if it is no real date)."""
    match = _DATE.fullmatch(value)
    if match is None:
        raise ValueError(value)
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if day is None:
        first = date(year, month, 1)
        return first, date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, day), date(year, month, day)


def _date_param(value: str | None) -> str | None:
    if not value:
        return None  # an empty field of a form means "any", as it always has
    if _DATE.fullmatch(value) is None:
        raise PydanticCustomError("date_format", f"expected a date {_DATE_FORM}")
    try:
        _period(value)
    except ValueError:
        raise PydanticCustomError("date_value", "{value} is not a real date; expected a date " + _DATE_FORM,
                                  {"value": value}) from None
    return value


def _code_param(form: str, message: str) -> Callable[[str | None], str | None]:
    pattern = re.compile(form)

    def check(value: str | None) -> str | None:
        if not value:
            return None
        if pattern.fullmatch(value) is None:
            raise PydanticCustomError("code_format", message)
        return value

    return check


Cameo = Annotated[str | None, Query(max_length=4, description="a CAMEO code or prefix: 19 is every fight"),
                  AfterValidator(_code_param("[0-9]+", "a CAMEO code or code prefix is 1 to 4 digits, e.g. 19 or 195"))]
Plover = Annotated[str | None, Query(max_length=32, description="a PLOVER event type, e.g. ASSAULT"),
                   AfterValidator(_code_param("[A-Za-z_]+",
                                              "a PLOVER event type is letters and underscores, e.g. ASSAULT"))]
Actor = Annotated[str | None, Query(max_length=16, description="an actor code or prefix on either side: SYR, TURGOV"),
                  AfterValidator(_code_param("[A-Za-z0-9]+",
                                             "an actor code or code prefix is letters and digits, e.g. SYR or SYRGOV"))]
Country = Annotated[str | None, Query(max_length=16, description="where it happened (ISO 3166 alpha-3), e.g. LBY"),
                    AfterValidator(_code_param("[A-Za-z]+",
                                               "a country is a code of letters, e.g. LBY (ISO 3166 alpha-3)"))]
Since = Annotated[str | None, Query(max_length=64, description=f"event date from, inclusive: {_DATE_FORM}"),
                  AfterValidator(_date_param)]
Until = Annotated[str | None, Query(max_length=64, description=f"event date to, inclusive: {_DATE_FORM}"),
                  AfterValidator(_date_param)]
MinConfidence = Annotated[float | None, Query(ge=0.0, le=1.0, description="events with at least this confidence")]
ArticleFilter = Annotated[str | None, Query(max_length=MAX_ID, description="the events of one article")]
Limit = Annotated[int, Query(ge=1, le=1000, description="events per page")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="events to skip")]
EventId = Annotated[str, PathParam(max_length=MAX_ID)]
ArticleId = Annotated[str, PathParam(max_length=MAX_ID)]


def _check_range(since: str | None, until: str | None) -> None:
    if since and until and _period(since)[0] > _period(until)[1]:
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

    @app.get("/api/events")
    def events(cameo: Cameo = None, plover: Plover = None, actor: Actor = None, country: Country = None,
               since: Since = None, until: Until = None, min_confidence: MinConfidence = None,
               article_id: ArticleFilter = None, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        _check_range(since, until)
        flt = EventFilter(cameo=cameo, plover=plover, actor=actor, country=country, since=since, until=until,
                          min_confidence=min_confidence, article_id=article_id, limit=limit, offset=offset)
        with stores.open() as store:
            total, records = query_events(store, flt)
        return {"total": total, "offset": offset, "events": records}

    @app.get("/api/events/{event_id}")
    def event(event_id: EventId) -> dict[str, Any]:
        with stores.open() as store:
            record = get_event(store, event_id)
        if record is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return record

    @app.get("/api/articles/{article_id}")
    def article(article_id: ArticleId) -> dict[str, Any]:
        with stores.open() as store:
            found = store.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return found.to_dict()

    @app.get("/api/summary")
    def stats() -> dict[str, Any]:
        with stores.open() as store:
            return summary(store)

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
        return (_STATIC / "index.html").read_text(encoding="utf-8")

    @app.get("/static/{name}", include_in_schema=False)
    def asset(name: str) -> Response:
        if name not in _ASSETS:
            raise HTTPException(404, "no such file")
        return Response((_STATIC / name).read_bytes(), media_type=_ASSETS[name],
                        headers={"Cache-Control": "no-cache"})

    return app
