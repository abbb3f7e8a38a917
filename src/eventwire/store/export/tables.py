"""The flat, typed event table of the CSV and Parquet exports (and of :func:`eventwire.read_events`).

One row per event (level ``mention``) or per event group (level ``group``: the group's own columns, then the
flat columns of its view). Each column has a kind:

========== ====================== ==============================================================
kind       Parquet / Arrow type    CSV
========== ====================== ==============================================================
str        string                  quoted (``"020"`` stays text in readr, DuckDB and spreadsheets)
int        int64                   a bare number
float      float64                 a bare number
list       list<string>            quoted, items joined with ``;``
date       date32                  a bare ISO date, ``2019-07-01``
timestamp  timestamp[ms, UTC]      a bare ISO time in UTC, ``2019-07-04T21:07:00Z``
========== ====================== ==============================================================

A blank cell (CSV) or null (Parquet) is something eventwire does not know. An event's date is written as the
first and last day of the period it names (``date_start``, ``date_end``, with ``date_precision``); the
article's publication time in UTC (``article_published``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from eventwire.document import ActorRef, Article, Event
from eventwire.store.dates import period, published_utc
from eventwire.store.export.common import EXPORT_SCHEMA_VERSION, coder_name

if TYPE_CHECKING:  # the grouping code is not loaded to write events
    from eventwire.store.grouping import EventGroup

Getter = Callable[[Event, Article], Any]


def _sectors(actor: ActorRef | None) -> list[str]:
    return list(actor.sectors) if actor else []


def _actor_field(role: str, name: str) -> Getter:
    def get(event: Event, article: Article) -> Any:
        actor: ActorRef | None = getattr(event, role)
        return getattr(actor, name) if actor else None

    return get


def _location_field(name: str) -> Getter:
    def get(event: Event, article: Article) -> Any:
        return getattr(event.location, name) if event.location else None

    return get


def _date_bound(index: int) -> Getter:
    def get(event: Event, article: Article) -> date | None:
        span = period(event.date.value) if event.date else None
        return span[index] if span else None

    return get


# (column, kind, getter)
FLAT_COLUMNS: list[tuple[str, str, Getter]] = [
    ("event_id", "str", lambda e, a: e.event_id),
    ("article_id", "str", lambda e, a: e.article_id),
    ("date_start", "date", _date_bound(0)),
    ("date_end", "date", _date_bound(1)),
    ("date_precision", "str", lambda e, a: e.date.precision if e.date else None),
    ("date_basis", "str", lambda e, a: e.date.basis if e.date else None),
    ("date_text", "str", lambda e, a: e.date.text if e.date else None),
    ("source_text", "str", _actor_field("source", "text")),
    ("source_name", "str", _actor_field("source", "name")),
    ("source_code", "str", _actor_field("source", "code")),
    ("source_country", "str", _actor_field("source", "country")),
    ("source_sectors", "list", lambda e, a: _sectors(e.source)),
    ("cameo", "str", lambda e, a: e.cameo),
    ("cameo_name", "str", lambda e, a: e.cameo_name),
    ("plover_type", "str", lambda e, a: e.plover.event_type),
    ("plover_mode", "str", lambda e, a: e.plover.mode),
    ("plover_context", "list", lambda e, a: list(e.plover.context)),
    ("quad_class", "int", lambda e, a: e.quad_class),
    ("goldstein", "float", lambda e, a: e.goldstein),
    ("target_text", "str", _actor_field("target", "text")),
    ("target_name", "str", _actor_field("target", "name")),
    ("target_code", "str", _actor_field("target", "code")),
    ("target_country", "str", _actor_field("target", "country")),
    ("target_sectors", "list", lambda e, a: _sectors(e.target)),
    ("location_text", "str", _location_field("text")),
    ("location_name", "str", _location_field("name")),
    ("location_geonameid", "int", _location_field("geonameid")),
    ("location_country", "str", _location_field("country")),
    ("location_admin1", "str", _location_field("admin1")),
    ("location_lat", "float", _location_field("lat")),
    ("location_lon", "float", _location_field("lon")),
    ("location_kind", "str", _location_field("kind")),
    ("location_basis", "str", lambda e, a: e.location_basis),
    ("killed", "int", lambda e, a: e.casualties.killed),
    ("injured", "int", lambda e, a: e.casualties.injured),
    ("arrested", "int", lambda e, a: e.casualties.arrested),
    ("casualties_qualifier", "str", lambda e, a: e.casualties.qualifier),
    ("modality", "str", lambda e, a: e.modality),
    ("confidence", "float", lambda e, a: e.confidence),
    ("mentions", "int", lambda e, a: e.mentions),
    ("trigger_text", "str", lambda e, a: e.trigger.text),
    ("trigger_start", "int", lambda e, a: e.trigger.start),
    ("trigger_end", "int", lambda e, a: e.trigger.end),
    ("sentence_index", "int", lambda e, a: e.sentence_index),
    ("evidence_text", "str", lambda e, a: e.evidence.text),
    ("evidence_start", "int", lambda e, a: e.evidence.start),
    ("evidence_end", "int", lambda e, a: e.evidence.end),
    ("article_url", "str", lambda e, a: a.url),
    ("article_title", "str", lambda e, a: a.title),
    ("article_published", "timestamp", lambda e, a: published_utc(a.published)),
    ("article_source", "str", lambda e, a: a.source),
]

# The columns a group-level row has before the flat columns of its view (:func:`group_view`).
GROUP_COLUMNS: list[tuple[str, str, Callable[[EventGroup], Any]]] = [
    ("group_id", "str", lambda g: g.group_id),
    ("num_mentions", "int", lambda g: g.num_mentions),
    ("num_articles", "int", lambda g: g.num_articles),
    ("num_sources", "int", lambda g: g.num_sources),
    ("num_copies", "int", lambda g: g.num_copies),
    ("killed_min", "int", lambda g: g.killed_min),
    ("injured_min", "int", lambda g: g.injured_min),
    ("source_url", "str", lambda g: g.source_url),
]

CODE_COLUMNS = ("cameo", "source_code", "target_code", "source_country", "target_country", "location_country")
"""Columns of codes that look like numbers ("020") or must stay text; pandas' ``read_csv`` guesses types even
for quoted cells, so pass ``dtype=csv_dtypes()`` to it."""


def flat_row(event: Event, article: Article) -> dict[str, Any]:
    """One event as the flat row of the CSV and Parquet exports (typed Python values)."""
    return {name: get(event, article) for name, _, get in FLAT_COLUMNS}


def column_names(level: str) -> list[str]:
    group = [name for name, _, _ in GROUP_COLUMNS] if level == "group" else []
    return group + [name for name, _, _ in FLAT_COLUMNS]


def column_kinds(level: str) -> list[tuple[str, str]]:
    group = [(name, kind) for name, kind, _ in GROUP_COLUMNS] if level == "group" else []
    return group + [(name, kind) for name, kind, _ in FLAT_COLUMNS]


def row_values(event: Event, article: Article, group: EventGroup | None = None) -> list[Any]:
    """The typed values of one row: the group's columns (when ``group`` is given), then the flat columns."""
    values = [of_group(group) for _, _, of_group in GROUP_COLUMNS] if group is not None else []
    return values + [get(event, article) for _, _, get in FLAT_COLUMNS]


def csv_dtypes() -> dict[str, str]:
    """``dtype`` for pandas' ``read_csv`` of an eventwire CSV: every text column as ``"string"``, so CAMEO
    ``"020"`` is not read as the number 20 (pandas ignores quotes when it guesses types)."""
    return {name: "string" for name, kind in column_kinds("group") if kind in ("str", "list")}


# -- CSV -------------------------------------------------------------------------------------------------------


def csv_cell(value: Any) -> str:
    """A CSV cell: text and lists quoted (inner quotes doubled), numbers, dates and times bare, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        if not value:
            return ""
        value = ";".join(str(v) for v in value)
    return '"' + str(value).replace('"', '""') + '"'


def csv_line(values: list[Any]) -> str:
    return ",".join(csv_cell(v) for v in values) + "\n"


def csv_header(level: str) -> str:
    return ",".join(column_names(level)) + "\n"


# -- Parquet ---------------------------------------------------------------------------------------------------


def arrow_schema(level: str = "mention") -> Any:
    """The Arrow schema of the table, with eventwire's file metadata (``eventwire.schema_version``,
    ``eventwire.coder``, ``eventwire.level``)."""
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "list": pa.list_(pa.string()),
             "date": pa.date32(), "timestamp": pa.timestamp("ms", tz="UTC")}
    metadata = {"eventwire.schema_version": str(EXPORT_SCHEMA_VERSION), "eventwire.coder": coder_name(),
                "eventwire.level": level}
    return pa.schema([(name, types[kind]) for name, kind in column_kinds(level)], metadata=metadata)


def arrow_table(rows: dict[str, list[Any]], level: str) -> Any:
    import pyarrow as pa

    return pa.Table.from_pydict(rows, schema=arrow_schema(level))
