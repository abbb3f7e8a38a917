"""GDELT 2.0 event-table rows: GDELT's 61 columns in its order (``data/export/gdelt_events.tsv``), tab-separated,
without a header (GDELT's files have none) unless asked.

What eventwire writes in each column is listed in the data file and in ``docs/export-formats.md``; in short:

- ``GlobalEventID``: an integer, as GDELT's: the first 8 bytes of the SHA-256 of the event id (or, for a group
  row, the group id) read big-endian and shifted right one bit, so it is stable across runs and stores and fits
  a signed 64-bit integer (:func:`global_event_id`);
- ``Day`` is always a full date: the first day of the event's period (a month gives ``YYYYMM01``, a year
  ``YYYY0101``); the precision itself is the optional 62nd column ``DatePrecision`` (``precision_column``);
- ``ActionGeo_*`` as GDELT writes them: the type (1 country, 2 US state, 3 US place, 4 place elsewhere,
  5 first-order division elsewhere), the full name, the FIPS 10-4 country code, the ADM1 code (FIPS country +
  GeoNames' division code: ``USTX``, ``LY61``), lat/lon, and the feature id: the text code for a country (``LY``)
  or division (``USTX``), the GeoNames id for a town (GDELT writes GNS/GNIS ids there: another id space);
- ``Actor1Name``/``Actor2Name``: the actor's canonical name in upper case, as GDELT writes names (a person
  the knowledge base knows, a country), else the name of its country and first sector ("UNITED STATES POLICE");
- blanks where eventwire knows nothing (AvgTone, ethnic codes, the actors' own geography, ADM2 codes);
- ``SOURCEURL``: the article's URL, blank when it has none.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from eventwire.document import ActorRef, Article, Event, Place
from eventwire.store.dates import period, published_utc
from eventwire.store.export.common import country
from eventwire.store.export.data import load_admin1_codes, load_gdelt_columns, load_sector_map

if TYPE_CHECKING:  # the grouping code is not loaded to write events
    from eventwire.store.grouping import EventGroup

PRECISION_COLUMN = "DatePrecision"
_US = "USA"
_SECTOR_NAMES = {"GOV": "GOVERNMENT", "MIL": "MILITARY", "COP": "POLICE", "JUD": "JUDICIARY", "LEG": "LEGISLATURE",
                 "SPY": "INTELLIGENCE", "PTY": "PARTY", "REB": "REBELS", "OPP": "OPPOSITION", "UAF": "ARMED GROUP",
                 "CRM": "CRIMINAL", "CVL": "CIVILIAN", "PPL": "CIVILIAN", "BUS": "BUSINESS", "AGR": "FARMER",
                 "EDU": "EDUCATION", "ELI": "ELITE", "LAB": "LABOR", "MED": "MEDIA", "HLH": "HEALTH",
                 "REF": "REFUGEE", "REL": "RELIGIOUS", "NGO": "NGO", "HRI": "HUMAN RIGHTS", "ENV": "ENVIRONMENTAL",
                 "IGO": "INTERNATIONAL ORGANIZATION"}
_INTERNATIONAL_PREFIXES = ("IGO", "NGO", "IMG", "MNC")


def gdelt_columns(*, precision_column: bool = False) -> tuple[str, ...]:
    """GDELT 2.0's 61 event columns in order, and ``DatePrecision`` after them when asked."""
    names = tuple(column.name for column in load_gdelt_columns())
    return (*names, PRECISION_COLUMN) if precision_column else names


def global_event_id(identifier: str) -> int:
    """A stable integer GlobalEventID (0 ≤ id < 2**63) for an eventwire event or group id.

    >>> global_event_id("a1-e1") == global_event_id("a1-e1")
    True
    """
    digest = hashlib.sha256(identifier.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):  # up to 5 decimals (about a metre of latitude), no trailing zeros
        return f"{value:.5f}".rstrip("0").rstrip(".")
    return str(value)


def geo_type(place: Place) -> int:
    """GDELT's geographic resolution: 1 country, 2 US state, 3 US place, 4 world place, 5 world state."""
    if place.kind == "country":
        return 1
    if place.kind in ("admin", "region") and (place.admin1 is None or place.admin1 == place.name):
        return 2 if place.country == _US else 5
    return 3 if place.country == _US else 4


def adm1_code(place: Place) -> str:
    """GDELT's ADM1 code: FIPS country code + the division's code (``USTX``); the country code alone when the
    place is a country or its division is unknown; blank when the country has no FIPS code."""
    fips = country(place.country).get("fips") or ""
    if not fips or place.kind == "country":
        return fips
    division = place.admin1 or (place.name if place.kind == "admin" else None)
    code = load_admin1_codes().get((place.country or "", division or "")) if division else None
    return fips + code if code else fips


def full_name(place: Place) -> str:
    """``Place, ADM1, Country`` as GDELT writes it (a country: its name; a division: ``Division, Country``)."""
    country_name = country(place.country).get("name")
    parts: list[str] = []
    for part in (place.name or place.text, place.admin1, country_name):
        if part and part not in parts:
            parts.append(part)
    return ", ".join(parts)


def actor_name(actor: ActorRef) -> str:
    """The actor's name as GDELT writes it: its canonical name in upper case, else its country's and first
    sector's names ("UNITED STATES POLICE"); blank when eventwire knows neither."""
    if actor.name:
        return actor.name.upper()
    words = [country(actor.country).get("name", "").upper()] if actor.country else []
    words += [_SECTOR_NAMES[s] for s in actor.sectors[:1] if s in _SECTOR_NAMES]
    return " ".join(w for w in words if w)


def _actor_columns(n: int, actor: ActorRef, row: dict[str, Any]) -> None:
    mapping = load_sector_map()
    code = actor.code or ""
    row[f"Actor{n}Code"] = code
    row[f"Actor{n}Name"] = actor_name(actor)
    row[f"Actor{n}CountryCode"] = actor.country or ""
    if code[:3] in _INTERNATIONAL_PREFIXES and len(code) >= 6:
        row[f"Actor{n}KnownGroupCode"] = code[-3:]
    religions = [s for s in actor.sectors if (m := mapping.get(s)) is not None and m.role == "religion"]
    types = [s for s in actor.sectors if s not in religions]
    for i, religion in enumerate(religions[:2], 1):
        row[f"Actor{n}Religion{i}Code"] = religion
    for i, sector in enumerate(types[:3], 1):
        row[f"Actor{n}Type{i}Code"] = sector


def _is_root_event(event: Event, article: Article) -> str:
    """GDELT's IsRootEvent: 1 when the event's sentence lies in the title or the lead paragraph."""
    if event.article_id != article.id or not article.text:
        return ""
    lead_end = article.text.find("\n\n", article.body_start)
    return "1" if lead_end == -1 or event.evidence.start < lead_end else "0"


def _date_added(published: str | None) -> str:
    moment = published_utc(published)
    return moment.strftime("%Y%m%d%H%M%S") if moment else ""


def gdelt_row(event: Event, article: Article) -> dict[str, Any]:
    """The event as a row of GDELT 2.0's event table (:func:`gdelt_columns`, and ``DatePrecision``)."""
    row: dict[str, Any] = dict.fromkeys(gdelt_columns(precision_column=True), "")
    row["GlobalEventID"] = str(global_event_id(event.event_id))
    span = period(event.date.value) if event.date else None
    if span:
        start = span[0]
        row["Day"] = start.strftime("%Y%m%d")
        row["MonthYear"] = start.strftime("%Y%m")
        row["Year"] = f"{start.year:04d}"
        row["FractionDate"] = f"{start.year + (start.month * 30 + start.day) / 365:.4f}"
        row[PRECISION_COLUMN] = event.date.precision if event.date else ""
    for n, actor in ((1, event.source), (2, event.target)):
        if actor is not None:
            _actor_columns(n, actor, row)
    row["IsRootEvent"] = _is_root_event(event, article)
    row["EventCode"] = event.cameo
    row["EventBaseCode"] = event.cameo[:3] if len(event.cameo) > 3 else event.cameo
    row["EventRootCode"] = event.cameo[:2]
    row["QuadClass"] = _number(event.quad_class)
    row["GoldsteinScale"] = _number(event.goldstein)
    row["NumMentions"] = str(event.mentions)
    row["NumSources"] = "1"
    row["NumArticles"] = "1"
    place = event.location
    if place is not None and place.country and (place.name or place.lat is not None):
        kind = geo_type(place)
        row["ActionGeo_Type"] = str(kind)
        row["ActionGeo_FullName"] = full_name(place)
        row["ActionGeo_CountryCode"] = country(place.country).get("fips", "")
        row["ActionGeo_ADM1Code"] = adm1_code(place)
        row["ActionGeo_Lat"] = _number(place.lat)
        row["ActionGeo_Long"] = _number(place.lon)
        row["ActionGeo_FeatureID"] = (_number(place.geonameid) if kind in (3, 4)
                                      else row["ActionGeo_ADM1Code"] if kind in (2, 5)
                                      else row["ActionGeo_CountryCode"])
    row["DATEADDED"] = _date_added(article.published)
    row["SOURCEURL"] = article.url or ""
    return row


def gdelt_group_row(group: EventGroup, view: Event, first: Article) -> dict[str, Any]:
    """An event group as one row: its view (:func:`~eventwire.store.export.common.group_view`), an id from the
    group id, its counts, and the URL of its first report."""
    row = gdelt_row(view, first)
    row["GlobalEventID"] = str(global_event_id(group.group_id))
    row["NumMentions"] = str(group.num_mentions)
    row["NumSources"] = str(group.num_sources)
    row["NumArticles"] = str(group.num_articles)
    row["SOURCEURL"] = group.source_url or first.url or ""
    return row


def tsv_line(row: dict[str, Any], columns: tuple[str, ...]) -> str:
    """One tab-separated line; tabs and line breaks inside a cell become spaces (GDELT quotes nothing)."""
    return "\t".join(" ".join(str(row[name]).split()) if row[name] not in (None, "") else ""
                     for name in columns) + "\n"
