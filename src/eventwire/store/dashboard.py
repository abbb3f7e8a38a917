"""Read-only queries for the dashboard (``eventwire serve``): the shared event filters and a few more, facet
counts, timeline buckets, GeoJSON for the map, actor suggestions, and the filtered events for a download.

The filters are :class:`eventwire.store.filters.EventFilter`'s (their SQL is its ``where_sql``), plus those only
the dashboard offers: an actor's name or mention words, QuadClass, modality and date basis
(:class:`DashboardFilter`). Nothing here writes: every query is a ``SELECT`` on a store opened read-only.

Example::

    with Store(Path("eventwire.db"), readonly=True) as store:
        flt = DashboardFilter(actor_name="Obama", since="2009-03", limit=50)
        total, page = event_page(store, flt, sort="-date")
        buckets = timeline(store, flt, interval="auto", stack="quad_class")
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from eventwire.config import data_path
from eventwire.document import Article, Event
from eventwire.errors import ConfigError
from eventwire.store.filters import EventFilter, where_sql
from eventwire.store.records import event_from_record
from eventwire.store.sqlite import Store, store_errors

__all__ = [
    "DATE_BASES",
    "INTERVALS",
    "MODALITIES",
    "QUAD_CLASSES",
    "SORT_KEYS",
    "STACKS",
    "DashboardFilter",
    "actor_suggestions",
    "cameo_root_names",
    "event_page",
    "facets",
    "filtered_events",
    "filtered_groups",
    "fold",
    "geojson",
    "timeline",
]

QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
MODALITIES = ("asserted", "future", "hypothetical", "attempted", "negated")
DATE_BASES = ("text", "context", "publication")
INTERVALS = ("auto", "day", "week", "month", "year")
STACKS = ("quad_class", "plover")
MAX_BUCKETS = 1500
# sort key -> SQL expression over ``events e`` (and ``event_groups g``, joined); NULLs always sort last
SORT_KEYS = {"date": "e.date", "confidence": "e.confidence", "cameo": "e.cameo", "plover": "e.plover_type",
             "country": "e.country", "source": "e.source_code", "target": "e.target_code", "killed": "e.killed",
             "mentions": "g.num_mentions"}
CONFIDENCE_STEPS = (0.8, 0.6, 0.4, 0.2)


@dataclass(frozen=True)
class DashboardFilter(EventFilter):
    """:class:`EventFilter` and the dashboard's own filters; each None means "any".

    - ``actor_name``: words of an actor's name or mention on either side, any case and accents
      (``"obama"`` finds Barack Obama, ``"cavusoglu"`` Mevlüt Çavuşoğlu).
    - ``quad_class``: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    - ``modality``: one of :data:`MODALITIES`.
    - ``date_basis``: ``text``, ``context`` or ``publication`` (where the event's date came from).
    """

    actor_name: str | None = None
    quad_class: int | None = None
    modality: str | None = None
    date_basis: str | None = None

    def base(self) -> EventFilter:
        """The filters :class:`EventFilter` knows (for ``where_sql``)."""
        return EventFilter(**{name: getattr(self, name) for name in EventFilter.names()}, limit=self.limit,
                           offset=self.offset)

    def without(self, *names: str) -> DashboardFilter:
        """The same filter with ``names`` set to "any" (a facet counts the events every *other* filter lets
        through, so its other values stay in view)."""
        cleared: dict[str, Any] = dict.fromkeys(names)
        return replace(self, **cleared)


# -- text and SQL ----------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def fold(text: str | None) -> str:
    """``text`` in lower case without accents, for matching names as people type them: "Çavuşoğlu" is
    "cavusoglu". An empty string for None."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ı", "i")


def _contains(value: str) -> str:
    """A LIKE pattern (``ESCAPE '\\'``) matching any text that contains ``value`` literally."""
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


_SIDE_TEXTS = [f"$.{side}.{field}" for side in ("source", "target") for field in ("name", "text")]


def _prepare(store: Store) -> None:
    """Give the store's connection the ``ew_fold`` SQL function (it registers a function, never writes; doing it
    again replaces it, at no cost)."""
    store.conn.create_function("ew_fold", 1, fold, deterministic=True)


def dashboard_where(flt: DashboardFilter) -> tuple[str, list[Any]]:
    """The ``WHERE`` clause over ``events e`` (with a leading space, or ``""``) and its parameters."""
    clause, params = where_sql(flt.base(), alias="e")
    extra: list[str] = []
    if flt.actor_name and fold(flt.actor_name).strip():
        pattern = _contains(fold(flt.actor_name).strip())
        extra.append("(" + " OR ".join(f"ew_fold(json_extract(e.record, '{path}')) LIKE ? ESCAPE '\\'"
                                       for path in _SIDE_TEXTS) + ")")
        params += [pattern] * len(_SIDE_TEXTS)
    if flt.quad_class:
        extra.append("e.quad_class = ?")
        params.append(int(flt.quad_class))
    if flt.modality:
        extra.append("e.modality = ?")
        params.append(flt.modality)
    if flt.date_basis:
        extra.append("json_extract(e.record, '$.date.basis') = ?")
        params.append(flt.date_basis)
    if not extra:
        return clause, params
    joined = " AND ".join(extra)
    return (clause + " AND " + joined) if clause else " WHERE " + joined, params


def _order(sort: str) -> str:
    name = sort.removeprefix("-")
    if name not in SORT_KEYS:
        raise ConfigError(f"unknown sort {sort!r}; use one of {', '.join(SORT_KEYS)} (a leading - for descending)")
    column = SORT_KEYS[name]
    direction = "DESC" if sort.startswith("-") else "ASC"
    return f"{column} IS NULL, {column} {direction}, e.date DESC, e.article_id, e.ordinal"


# -- events ----------------------------------------------------------------------------------------------------

_GROUP_FIELDS = ("group_id", "num_mentions", "num_articles", "num_sources", "num_copies")
_GROUP_SELECT = ", ".join(f"g.{name}" for name in _GROUP_FIELDS)


def _with_group(record: str, group: tuple[Any, ...]) -> dict[str, Any]:
    event = json.loads(record)
    event["group"] = dict(zip(_GROUP_FIELDS, group, strict=True)) if group[0] is not None else None
    return event


def event_page(store: Store, flt: DashboardFilter, *, sort: str = "-date") -> tuple[int, list[dict[str, Any]]]:
    """(how many events match, one page of their records), ordered by ``sort`` (a :data:`SORT_KEYS` name,
    ``-`` first for descending). Each record carries ``group``: its event group's id and counts (or None).

    Raises:
        ConfigError: an unknown sort key.
        StoreError: SQLite cannot read the store.
    """
    order = _order(sort)
    _prepare(store)
    where, params = dashboard_where(flt)
    limit = max(1, min(flt.limit if flt.limit is not None else 1000, 1000))
    with store_errors(store.path):
        total = int(store.conn.execute(f"SELECT count(*) FROM events e{where}", params).fetchone()[0])
        rows = store.conn.execute(
            f"SELECT e.record, {_GROUP_SELECT} FROM events e LEFT JOIN event_groups g ON g.id = e.group_ref{where}"
            f" ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, max(0, flt.offset)]).fetchall()
    return total, [_with_group(row[0], row[1:]) for row in rows]


def event_with_group(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event record with its ``group`` (as :func:`event_page` gives it), or None."""
    with store_errors(store.path):
        row = store.conn.execute(f"SELECT e.record, {_GROUP_SELECT} FROM events e LEFT JOIN event_groups g"
                                 " ON g.id = e.group_ref WHERE e.event_id = ?", (event_id,)).fetchone()
    return _with_group(row[0], row[1:]) if row else None


_ARTICLE_FIELDS = ("article_id", "text", "title", "published", "url", "source", "author", "language", "origin",
                   "body_start")


def _article(row: tuple[Any, ...]) -> Article:
    values = dict(zip(_ARTICLE_FIELDS, row, strict=True))
    return Article(id=values.pop("article_id"), **values)


def filtered_events(store: Store, flt: DashboardFilter) -> Iterator[tuple[Event, Article]]:
    """The events ``flt`` lets through with their articles, in article then coder order (as ``eventwire
    export`` writes them); streams."""
    _prepare(store)
    where, params = dashboard_where(flt)
    columns = ", ".join(f"a.{name}" for name in _ARTICLE_FIELDS)
    sql = (f"SELECT e.record, {columns} FROM events e JOIN articles a ON a.id = e.article{where}"
           " ORDER BY e.article_id, e.article, e.ordinal")
    cached: tuple[tuple[Any, ...], Article] | None = None
    with store_errors(store.path):
        for row in store.conn.execute(sql, params):
            key = tuple(row[1:])
            if cached is None or cached[0] != key:
                cached = (key, _article(key))
            yield event_from_record(json.loads(row[0])), cached[1]


def filtered_groups(store: Store, flt: DashboardFilter) -> Iterator[tuple[Any, Event, Article]]:
    """The event groups whose representative mention ``flt`` lets through (as ``eventwire export --level group``
    chooses them), with that mention and the group's first report; streams."""
    _prepare(store)
    where, params = dashboard_where(flt)
    keep: set[str] = set()
    with store_errors(store.path):
        keep = {row[0] for row in store.conn.execute(f"SELECT e.event_id FROM events e{where}", params)}
    for group, event, article in store.groups():
        if group.representative in keep:
            yield group, event, article


# -- facets ----------------------------------------------------------------------------------------------------


@functools.cache
def cameo_root_names() -> dict[str, str]:
    """CAMEO root code (``"19"``) -> its name: the root's own in ``cameo_codes.jsonl``, else that of its
    unspecified code (``"190"``: "Use conventional military force"); ``""`` when neither has a readable one."""
    names: dict[str, str] = {}
    with data_path("lexicon", "cameo_codes.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            entry = json.loads(line)
            code, name = entry.get("code"), entry.get("name")
            if isinstance(code, str) and isinstance(name, str) and not name.isupper():
                names[code] = name
    return {code: names.get(code) or names.get(code + "0", "") for code in (f"{n:02d}" for n in range(1, 21))}


def _count(store: Store, flt: DashboardFilter, key: str, *, limit: int | None = None,
           distinct: str = "e.id", source: str = "events e") -> list[tuple[Any, int]]:
    where, params = dashboard_where(flt)
    sql = (f"SELECT {key} AS k, count(DISTINCT {distinct}) AS n FROM {source}{where} GROUP BY k HAVING k IS NOT NULL"
           " ORDER BY n DESC, k")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [(k, int(n)) for k, n in store.conn.execute(sql, params)]


def facets(store: Store, flt: DashboardFilter, *, top: int = 12) -> dict[str, Any]:
    """Counts for the dashboard's facets: how many events, groups and articles ``flt`` lets through, and the
    events per PLOVER type, CAMEO root, QuadClass, country, actor code, modality, date basis and confidence.
    Each facet counts the events that pass every other filter (its own left out), so its other values stay
    in view; ``top`` caps the long lists (country, actor).

    Raises:
        StoreError: SQLite cannot read the store.
    """
    from eventwire.store.export.common import country

    _prepare(store)
    roots = cameo_root_names()
    with store_errors(store.path):
        where, params = dashboard_where(flt)
        matched = store.conn.execute(
            f"SELECT count(*), count(DISTINCT coalesce(e.group_ref, -e.id)), count(DISTINCT e.article) FROM events e"
            f"{where}", params).fetchone()
        sides = ("(SELECT e.*, e.source_code AS side_code FROM events e UNION ALL "
                 "SELECT e.*, e.target_code AS side_code FROM events e) e")
        actor_names = _actor_names(store)
        confidence = _count(store, flt.without("min_confidence"),
                            "CASE " + " ".join(f"WHEN e.confidence >= {step} THEN {step}" for step in CONFIDENCE_STEPS)
                            + " ELSE 0 END")
        by_step = dict(confidence)
        cumulative, running = [], 0
        for step in (*CONFIDENCE_STEPS, 0):
            running += by_step.get(step, 0)
            cumulative.append({"value": step, "count": running})
        return {
            "matched": {"events": int(matched[0]), "groups": int(matched[1]), "articles": int(matched[2])},
            "plover": [{"value": k, "count": n} for k, n in _count(store, flt.without("plover"), "e.plover_type")],
            "cameo_root": [{"value": k, "label": roots.get(k, ""), "count": n}
                           for k, n in _count(store, flt.without("cameo"), "e.cameo_root")],
            "quad_class": [{"value": int(k), "label": QUAD_CLASSES.get(int(k), ""), "count": n}
                           for k, n in _count(store, flt.without("quad_class"), "e.quad_class")],
            "country": [{"value": k, "label": country(k).get("name", ""), "count": n}
                        for k, n in _count(store, flt.without("country"), "e.country", limit=top)],
            "actor": [{"value": k, "label": actor_names.get(k, ""), "count": n}
                      for k, n in _count(store, flt.without("actor"), "e.side_code", limit=top, source=sides)],
            "modality": [{"value": k, "count": n} for k, n in _count(store, flt.without("modality"), "e.modality")],
            "date_basis": [{"value": k, "count": n} for k, n in
                           _count(store, flt.without("date_basis"), "json_extract(e.record, '$.date.basis')")],
            "confidence": cumulative,
        }


def _actor_names(store: Store) -> dict[str, str]:
    """Actor code -> the name most often given to it in the store (a label for the actor facet)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    sql = " UNION ALL ".join(f"SELECT {side}_code, json_extract(record, '$.{side}.name') FROM events"
                             f" WHERE {side}_code IS NOT NULL" for side in ("source", "target"))
    for code, name in store.conn.execute(sql):
        if name:
            counts[code][name] += 1
    return {code: names.most_common(1)[0][0] for code, names in counts.items()}


def actor_suggestions(store: Store, query: str, *, limit: int = 10) -> list[dict[str, Any]]:
    """Actors of the store that ``query`` names: codes starting with it (``"USAG"``: USAGOV) and names or
    mention words containing it (``"obama"``: Barack Obama), the most frequent first. Each suggestion says
    ``kind`` (``code`` or ``name``), ``value`` (what to filter on), ``code``, ``label`` and ``events``.

    Raises:
        StoreError: SQLite cannot read the store.
    """
    _prepare(store)
    wanted = fold(query).strip()
    if not wanted:
        return []
    code_prefix = query.strip().upper()
    pattern = _contains(wanted)
    prefix = code_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    sql = " UNION ALL ".join(
        f"SELECT e.id, e.{side}_code, json_extract(e.record, '$.{side}.name'), json_extract(e.record, '$.{side}.text')"
        f" FROM events e WHERE e.{side}_code LIKE ? ESCAPE '\\' OR ew_fold(json_extract(e.record, '$.{side}.name'))"
        f" LIKE ? ESCAPE '\\' OR ew_fold(json_extract(e.record, '$.{side}.text')) LIKE ? ESCAPE '\\'"
        for side in ("source", "target"))
    codes: dict[str, set[int]] = defaultdict(set)
    code_names: dict[str, Counter[str]] = defaultdict(Counter)
    names: dict[str, set[int]] = defaultdict(set)
    name_codes: dict[str, Counter[str]] = defaultdict(Counter)
    with store_errors(store.path):
        for row_id, code, name, text in store.conn.execute(sql, [prefix, pattern, pattern] * 2):
            if code and code.startswith(code_prefix):
                codes[code].add(row_id)
                if name:
                    code_names[code][name] += 1
            # a name matches as the canonical name when it has one, else as the mention's words
            label = name if name and wanted in fold(name) else text if text and wanted in fold(text) else None
            if label:
                names[label].add(row_id)
                if code:
                    name_codes[label][code] += 1
    found: list[dict[str, Any]] = [{"kind": "code", "value": code, "code": code,
              "label": code_names[code].most_common(1)[0][0] if code_names[code] else "", "events": len(ids)}
             for code, ids in codes.items()]
    found += [{"kind": "name", "value": name, "code": name_codes[name].most_common(1)[0][0] if name_codes[name] else
               None, "label": name, "events": len(ids)} for name, ids in names.items()]
    found.sort(key=lambda s: (-s["events"], s["kind"] != "name", s["value"]))
    return found[:limit]


# -- the timeline ----------------------------------------------------------------------------------------------


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _bucket(value: str, precision: str, interval: str) -> str | None:
    """The bucket (its first day, or ``YYYY-MM`` / ``YYYY``) of a date of ``precision``; None when the date is
    coarser than the interval (a month-precision date has no day)."""
    rank = {"day": 0, "week": 0, "month": 1, "year": 2}
    if {"day": 0, "month": 1, "year": 2}.get(precision, 3) > rank[interval]:
        return None
    if interval == "day":
        return value[:10]
    if interval == "week":
        return _monday(date.fromisoformat(value[:10])).isoformat()
    return value[:7] if interval == "month" else value[:4]


def _next(bucket: str, interval: str) -> str:
    if interval == "day":
        return (date.fromisoformat(bucket) + timedelta(days=1)).isoformat()
    if interval == "week":
        return (date.fromisoformat(bucket) + timedelta(days=7)).isoformat()
    if interval == "month":
        year, month = int(bucket[:4]), int(bucket[5:7])
        return f"{year + month // 12:04d}-{month % 12 + 1:02d}"
    return f"{int(bucket) + 1:04d}"


def _choose_interval(days: list[str]) -> str:
    if not days:
        return "month"
    span = (date.fromisoformat(max(days)[:10]) - date.fromisoformat(min(days)[:10])).days
    return "day" if span <= 92 else "week" if span <= 730 else "month" if span <= 365 * 15 else "year"


def timeline(store: Store, flt: DashboardFilter, *, interval: str = "auto", stack: str = "quad_class",
             level: str = "mention") -> dict[str, Any]:
    """Events (``level="mention"``) or event groups (``"group"``) ``flt`` lets through, counted per day, week
    (from Monday), month or year of their date and stacked by QuadClass or PLOVER type.

    ``auto`` takes days for up to three months, weeks for up to two years, else months. A date less precise
    than the interval (``2019-07`` in a timeline by day) is in no bucket: ``coarser`` counts them, ``undated``
    the events without a date. A group counts once, at the earliest date of its mentions that pass the filters.
    Buckets run without a gap from the first to the last.

    Raises:
        ConfigError: an unknown interval, stack or level, or more than :data:`MAX_BUCKETS` buckets.
        StoreError: SQLite cannot read the store.
    """
    if interval not in INTERVALS or stack not in STACKS or level not in ("mention", "group"):
        raise ConfigError(f"interval {interval!r}, stack {stack!r}, level {level!r}: use interval "
                          f"{'|'.join(INTERVALS)}, stack {'|'.join(STACKS)}, level mention|group")
    _prepare(store)
    where, params = dashboard_where(flt)
    key = "e.quad_class" if stack == "quad_class" else "e.plover_type"
    with store_errors(store.path):
        rows = store.conn.execute(f"SELECT coalesce(e.group_ref, -e.id), e.date, e.date_precision, {key} FROM events"
                                  f" e{where} ORDER BY e.date", params).fetchall()
    undated = sum(1 for _, value, _, _ in rows if not value)
    dated = [row for row in rows if row[1]]
    if level == "group":
        first: dict[int, tuple[Any, ...]] = {}
        for row in dated:  # ordered by date: the first seen is the earliest
            first.setdefault(row[0], row)
        dated = list(first.values())
        undated = len({row[0] for row in rows if not row[1]} - set(first))
    if interval == "auto":
        interval = _choose_interval([value for _, value, precision, _ in dated if precision == "day"])
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    coarser = 0
    for _, value, precision, group_key in dated:
        bucket = _bucket(value, precision or "day", interval)
        if bucket is None:
            coarser += 1
            continue
        counts[bucket][str(group_key) if group_key is not None else "none"] += 1
    buckets: list[dict[str, Any]] = []
    if counts:
        current, last = min(counts), max(counts)
        while current <= last:
            buckets.append({"start": current, "counts": dict(counts.get(current, {}))})
            if len(buckets) > MAX_BUCKETS:
                raise ConfigError(f"more than {MAX_BUCKETS} buckets by {interval}: choose a longer interval or a "
                                  "shorter date range")
            current = _next(current, interval)
    keys = sorted({k for c in counts.values() for k in c}, key=lambda k: (k == "none", k))
    return {"interval": interval, "stack": stack, "level": level, "keys": keys, "buckets": buckets,
            "total": sum(sum(c.values()) for c in counts.values()), "coarser": coarser, "undated": undated}


# -- the map ---------------------------------------------------------------------------------------------------


def geojson(store: Store, flt: DashboardFilter, *, level: str = "group", limit: int = 5000) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the events ``flt`` lets through that have a place with a point: one Point
    per event group (``level="group"``; at the group's place, and a group counts when any of its mentions
    passes) or per event (``"mention"``). Properties: ``id``, ``event_id`` (the mention to open: the most
    confident one that passes, one with a place first), ``quad_class``, ``plover``, ``cameo``, ``date``,
    ``place``, ``country``, ``mentions``, ``articles``, ``sources``, ``killed``, ``injured``, ``matched`` (its
    mentions that pass).
    At most ``limit`` features, the most reported first; ``total`` and ``truncated`` say whether some were left
    out.

    Raises:
        ConfigError: an unknown level.
        StoreError: SQLite cannot read the store.
    """
    if level not in ("mention", "group"):
        raise ConfigError(f"unknown level {level!r}; use mention or group")
    _prepare(store)
    where, params = dashboard_where(flt)
    sql = ("SELECT e.event_id, g.group_id, g.lat, g.lon, e.lat, e.lon, e.quad_class, e.plover_type, e.cameo,"
           " g.date, e.date, json_extract(g.location, '$.name'), json_extract(e.record, '$.location.name'),"
           " g.country, e.country, coalesce(json_extract(e.record, '$.mentions'), 1), g.num_mentions,"
           " g.num_articles, g.num_sources, e.killed, e.injured, g.killed, g.injured"
           f" FROM events e LEFT JOIN event_groups g ON g.id = e.group_ref{where}"
           " ORDER BY e.lat IS NULL, e.confidence IS NULL, e.confidence DESC, e.id")
    features: dict[str, dict[str, Any]] = {}
    with store_errors(store.path):
        for row in store.conn.execute(sql, params):
            (event_id, group_id, g_lat, g_lon, lat, lon, quad, plover, cameo, g_date, event_date, g_place, place,
             g_country, country, mentions, g_mentions, g_articles, g_sources, killed, injured, g_killed,
             g_injured) = row
            # a group stands at its place (the most specific of its mentions'), a mention at its own
            grouped = level == "group" and group_id is not None
            point = (g_lon, g_lat) if grouped and g_lat is not None else (lon, lat)
            if point[0] is None or point[1] is None:
                continue
            key = group_id if grouped else event_id
            if key in features:
                features[key]["properties"]["matched"] += 1
                continue
            properties: dict[str, Any] = {
                "id": key, "event_id": event_id, "group_id": group_id, "quad_class": quad, "plover": plover,
                "cameo": cameo, "date": event_date, "place": place, "country": country, "mentions": mentions,
                "articles": 1, "sources": 1, "killed": killed, "injured": injured, "matched": 1}
            if grouped:
                properties.update(date=g_date or event_date, place=g_place or place, country=g_country or country,
                                  mentions=g_mentions, articles=g_articles, sources=g_sources, killed=g_killed,
                                  injured=g_injured)
            features[key] = {"type": "Feature", "geometry": {"type": "Point", "coordinates": list(point)},
                             "properties": properties}
    def reports(feature: dict[str, Any]) -> int:
        return -int(feature["properties"]["mentions"] or 1)

    ordered = sorted(features.values(), key=reports)
    return {"type": "FeatureCollection", "level": level, "total": len(ordered), "truncated": len(ordered) > limit,
            "features": ordered[:limit]}
