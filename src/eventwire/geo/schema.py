"""Pydantic models of the geoparser's data files, and their loaders.

- ``data/geo/places.yml``: regions and seas the gazetteer packages lack, extra names for gazetteer places
  (press abbreviations: "Va.", "D.C."), and demonyms ("Syrian" -> Syria).
- ``data/geo/words.yml``: the word lists the rules use (direction words, locative prepositions, …).
- ``data/geo/weights.toml``: the weights of toponym resolution.

Every problem in a file is collected and raised together as one :class:`~eventwire.errors.LexiconError`
(``path: entry: field: message``).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from eventwire.config import data_path
from eventwire.datafiles import read_toml, read_yaml
from eventwire.errors import LexiconError

SCHEMA_VERSION = 1


def _check_iso2(value: str | None) -> str | None:
    if value is not None and (len(value) != 2 or not value.isupper()):
        raise ValueError(f"{value!r} is not an ISO 3166 alpha-2 code (two capital letters)")
    return value


class Region(BaseModel):
    """A place the packages lack (a region, sea or continent): a GeoNames continent or region with its id and
    the point GeoNames gives it, or else a representative point; ``country`` when it lies in one country."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    aliases: list[str] = Field(default_factory=list)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    geonameid: int | None = None
    country: str | None = None  # ISO alpha-2, for a region inside one country ("Eastern Ghouta": SY)
    population: int = 0
    note: str | None = None

    _iso2 = field_validator("country")(_check_iso2)


class Alias(BaseModel):
    """An extra name for a gazetteer place, given by country (ISO alpha-2) or GeoNames id."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    country: str | None = None
    geonameid: int | None = None
    note: str | None = None

    @field_validator("country")
    @classmethod
    def _iso2(cls, value: str | None) -> str | None:
        return _check_iso2(value)

    @model_validator(mode="after")
    def _one_target(self) -> Alias:
        if (self.country is None) == (self.geonameid is None):
            raise ValueError("give exactly one of country or geonameid")
        return self


class Demonym(BaseModel):
    """The adjectives and nouns for the people of a country (ISO alpha-2), a GeoNames place or a region of
    this file ("Syrian", "Syrians")."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    forms: list[str] = Field(min_length=1)
    country: str | None = None
    geonameid: int | None = None
    region: str | None = None
    note: str | None = None

    @field_validator("country")
    @classmethod
    def _iso2(cls, value: str | None) -> str | None:
        return _check_iso2(value)

    @model_validator(mode="after")
    def _one_target(self) -> Demonym:
        if sum(x is not None for x in (self.country, self.geonameid, self.region)) != 1:
            raise ValueError("give exactly one of country, geonameid or region")
        return self


class PlaceData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    schema_version: Literal[1]
    kind: Literal["places"]
    description: str | None = None
    regions: list[Region] = Field(default_factory=list)
    aliases: list[Alias] = Field(default_factory=list)
    demonyms: list[Demonym] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_regions(self) -> PlaceData:
        names = {r.name for r in self.regions}
        unknown = sorted({d.region for d in self.demonyms if d.region and d.region not in names})
        if unknown:
            raise ValueError(f"demonyms name regions this file does not define: {unknown}")
        return self


class GeoWords(BaseModel):
    """Word lists of the geoparsing and event-location rules (all lower case)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    schema_version: Literal[1]
    kind: Literal["geo_words"]
    description: str | None = None
    direction_words: frozenset[str]
    generic_words: frozenset[str]
    person_verbs: frozenset[str]
    person_titles: frozenset[str]
    admin_words: frozenset[str]
    city_words: frozenset[str]
    capital_words: frozenset[str]
    locative_prepositions: frozenset[str]
    directional_prepositions: frozenset[str]
    participant_prepositions: frozenset[str]
    content_clause_deps: frozenset[str]
    topic_prepositions: frozenset[str]
    speech_heads: frozenset[str]
    non_topic_objects: frozenset[str]
    non_place_heads: frozenset[str]
    feature_heads: frozenset[str]
    large_feature_heads: frozenset[str]
    saint_words: frozenset[str]
    currency_countries: dict[str, str] = Field(default_factory=dict)
    generic_country_domains: frozenset[str] = frozenset()
    scene_sentences: int = Field(default=0, ge=0, le=5)

    @field_validator("*", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        if isinstance(value, list):
            bad = [w for w in value if not isinstance(w, str) or w != w.lower()]
            if bad:
                raise ValueError(f"words must be lower-case strings: {bad}")
        return value


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PriorWeights(_Section):
    region: float
    country: float
    admin1: float
    admin2: float
    city: float
    population: float
    capital: float

    def kind(self, level: int) -> float:
        return (self.region, self.country, self.admin1, self.admin2, self.city)[level]


class MatchWeights(_Section):
    primary: float
    alias: float
    variant: float
    alternate: float
    acronym: float

    def of(self, how: int) -> float:
        return (self.primary, self.alias, self.variant, self.alternate, self.acronym)[how]


class ContextWeights(_Section):
    same_name_container: float
    country_focus: float
    admin_focus: float
    admin_named: float
    nested: float
    qualifier_match: float
    qualifier_mismatch: float
    near_km: float = Field(gt=0)
    near: float
    hint: float
    min_score: float


class RecognitionWeights(_Section):
    weak_town_min_population: int = Field(ge=0)


class GeoWeights(_Section):
    """Weights of toponym resolution (``data/geo/weights.toml``)."""

    schema_version: Literal[1]
    kind: Literal["geo_weights"]
    prior: PriorWeights
    match: MatchWeights
    context: ContextWeights
    recognition: RecognitionWeights


def read_geo_weights(path: Path) -> GeoWeights:
    raw = read_toml(path)
    try:
        return GeoWeights.model_validate(raw)
    except ValidationError as exc:
        raise LexiconError("\n".join(_problems(path, exc, raw))) from exc


@functools.cache
def load_geo_weights() -> GeoWeights:
    """The shipped ``data/geo/weights.toml``."""
    return read_geo_weights(data_path("geo", "weights.toml"))




def _problems(path: Path, exc: ValidationError, raw: Any) -> list[str]:
    lines = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"])
        entry = ""
        loc = error["loc"]
        if len(loc) >= 2 and isinstance(raw, dict) and isinstance(loc[1], int):
            item = (raw.get(str(loc[0])) or [None] * (loc[1] + 1))[loc[1]]
            if isinstance(item, dict):
                entry = f" ({item.get('name') or item.get('forms')})"
        lines.append(f"{path}: {where}{entry}: {error['msg']}")
    return lines


def read_place_data(path: Path) -> PlaceData:
    """Read and validate one places file (regions, aliases, demonyms)."""
    raw = read_yaml(path)
    try:
        return PlaceData.model_validate(raw)
    except ValidationError as exc:
        raise LexiconError("\n".join(_problems(path, exc, raw))) from exc


def read_geo_words(path: Path) -> GeoWords:
    raw = read_yaml(path)
    try:
        return GeoWords.model_validate(raw)
    except ValidationError as exc:
        raise LexiconError("\n".join(_problems(path, exc, raw))) from exc


@functools.cache
def load_place_data() -> PlaceData:
    """The shipped ``data/geo/places.yml``."""
    return read_place_data(data_path("geo", "places.yml"))


@functools.cache
def load_geo_words() -> GeoWords:
    """The shipped ``data/geo/words.yml``."""
    return read_geo_words(data_path("geo", "words.yml"))
