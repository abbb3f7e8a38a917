"""Read-only queries over the store for the API and dashboard: filtered events, one article, summaries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from eventwire.store.sqlite import Store, store_errors

_MAX_OFFSET = 2**63 - 1  # SQLite's integers are 64-bit


@dataclass(frozen=True)
class EventFilter:
    """Filters of an event query; each None means "any"."""

    cameo: str | None = None  # a CAMEO code prefix: "19" is every fight, "195" air strikes
    plover: str | None = None  # PLOVER event type, e.g. ASSAULT
    actor: str | None = None  # an actor code prefix on either side: "SYR", "TURGOV"
    country: str | None = None  # where it happened (ISO alpha-3)
    since: str | None = None  # event date, inclusive, YYYY[-MM[-DD]]
    until: str | None = None
    article_id: str | None = None
    limit: int = 100
    offset: int = 0


def _prefix(value: str) -> str:
    """A LIKE pattern (``ESCAPE '\\'``) matching the values that start with ``value``: its own ``%`` and ``_``
    stand for themselves, not for any characters."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _where(flt: EventFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if flt.cameo:
        clauses.append("cameo LIKE ? ESCAPE '\\'")
        params.append(_prefix(flt.cameo))
    if flt.plover:
        clauses.append("plover_type = ?")
        params.append(flt.plover.upper())
    if flt.actor:
        clauses.append("(source_code LIKE ? ESCAPE '\\' OR target_code LIKE ? ESCAPE '\\')")
        params += [_prefix(flt.actor.upper())] * 2
    if flt.country:
        clauses.append("country = ?")
        params.append(flt.country.upper())
    if flt.since:
        clauses.append("date >= ?")
        params.append(flt.since)
    if flt.until:
        # "2019-07" includes every day of July: compare against the end of the period
        clauses.append("date <= ?")
        params.append(flt.until + "\uffff")
    if flt.article_id:
        clauses.append("article_id = ?")
        params.append(flt.article_id)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def query_events(store: Store, flt: EventFilter) -> tuple[int, list[dict[str, Any]]]:
    """(how many events match, the records of one page of them), newest event date first."""
    where, params = _where(flt)
    with store_errors(store.path):
        total = int(store.conn.execute(f"SELECT count(*) FROM events{where}", params).fetchone()[0])
        rows = store.conn.execute(
            f"SELECT record FROM events{where} ORDER BY date DESC, article_id, ordinal LIMIT ? OFFSET ?",
            [*params, max(0, min(flt.limit, 1000)), max(0, min(flt.offset, _MAX_OFFSET))])
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
