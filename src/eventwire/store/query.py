"""Read-only queries over the store for the API and dashboard: filtered events, one article, summaries."""

from __future__ import annotations

import json
from typing import Any

from eventwire.store.filters import EventFilter, where_sql
from eventwire.store.sqlite import Store, store_errors

__all__ = ["EventFilter", "get_event", "query_events", "summary"]

_MAX_OFFSET = 2**63 - 1  # SQLite's integers are 64-bit


def query_events(store: Store, flt: EventFilter) -> tuple[int, list[dict[str, Any]]]:
    """(how many events match, the records of one page of them), newest event date first."""
    where, params = where_sql(flt)
    with store_errors(store.path):
        total = int(store.conn.execute(f"SELECT count(*) FROM events{where}", params).fetchone()[0])
        rows = store.conn.execute(
            f"SELECT record FROM events{where} ORDER BY date DESC, article_id, ordinal LIMIT ? OFFSET ?",
            [*params, max(0, min(flt.limit if flt.limit is not None else 1000, 1000)),
             max(0, min(flt.offset, _MAX_OFFSET))])
        return total, [json.loads(r[0]) for r in rows]


def get_event(store: Store, event_id: str) -> dict[str, Any] | None:
    with store_errors(store.path):
        row = store.conn.execute("SELECT record FROM events WHERE event_id = ?", (event_id,)).fetchone()
    return json.loads(row[0]) if row else None


def summary(store: Store) -> dict[str, Any]:
    """Counts for the dashboard: totals, events by PLOVER type, by country of place, by month."""
    def grouped(column: str, limit: int = 30) -> dict[str, int]:
        sql = (f"SELECT {column}, count(*) FROM events WHERE {column} IS NOT NULL GROUP BY {column} "
               f"ORDER BY count(*) DESC LIMIT {int(limit)}")
        return {str(k): int(n) for k, n in store.conn.execute(sql)}

    with store_errors(store.path):
        months = {str(k): int(n) for k, n in store.conn.execute(
            "SELECT substr(date, 1, 7) AS month, count(*) FROM events WHERE date IS NOT NULL GROUP BY month "
            "ORDER BY month")}
        return {"counts": store.counts(), "by_plover_type": grouped("plover_type"),
                "by_country": grouped("country"), "by_month": months}
