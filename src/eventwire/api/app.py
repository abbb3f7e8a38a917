"""REST API and dashboard over the store. Reads the store, never runs a pipeline stage.

Endpoints (JSON):

- ``GET /api/events?cameo=19&plover=ASSAULT&actor=SYR&country=SYR&since=2019-04&until=2019-07&limit=100&offset=0``
- ``GET /api/events/{event_id}``: one event record
- ``GET /api/articles/{article_id}``: the article, with the text every offset refers to
- ``GET /api/summary``: totals, events by PLOVER type, by country and by month
- ``GET /``: the dashboard (a static page that calls the API)
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse

from eventwire.store.query import EventFilter, get_event, query_events, summary
from eventwire.store.sqlite import Store

_STATIC = Path(__file__).parent / "static"


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
        yield store


def create_app(db: Path) -> FastAPI:
    """The API over the store at ``db`` (which must exist: ConfigError otherwise)."""
    Store(db, readonly=True).close()  # fail now, with the store's own message, not on the first request
    stores = _Stores(db)
    app = FastAPI(title="eventwire", description=__doc__, version="1")

    @app.get("/api/events")
    def events(cameo: str | None = None, plover: str | None = None, actor: str | None = None,
               country: str | None = None, since: str | None = None, until: str | None = None,
               article_id: str | None = None, limit: int = Query(100, ge=1, le=1000),
               offset: int = Query(0, ge=0)) -> dict[str, Any]:
        flt = EventFilter(cameo=cameo, plover=plover, actor=actor, country=country, since=since, until=until,
                          article_id=article_id, limit=limit, offset=offset)
        with stores.open() as store:
            total, records = query_events(store, flt)
        return {"total": total, "offset": offset, "events": records}

    @app.get("/api/events/{event_id}")
    def event(event_id: str) -> dict[str, Any]:
        with stores.open() as store:
            record = get_event(store, event_id)
        if record is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return record

    @app.get("/api/articles/{article_id}")
    def article(article_id: str) -> dict[str, Any]:
        with stores.open() as store:
            found = store.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return found.to_dict()

    @app.get("/api/summary")
    def stats() -> dict[str, Any]:
        with stores.open() as store:
            return summary(store)

    @app.get("/", response_class=HTMLResponse)
    def dashboard() -> str:
        return (_STATIC / "index.html").read_text(encoding="utf-8")

    return app
