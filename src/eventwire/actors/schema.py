"""Pydantic models of the actor knowledge-base files (``data/actors/*.jsonl``, format in docs/data-formats.md).

A file is JSON Lines: line 1 is a :class:`FileHeader`, every other non-blank line one :class:`ActorEntry`.
Codes follow CAMEO conventions: an optional country (ISO alpha-3) or international code (``IGO``, ``NGO``,
``IMG`` …) followed by three-letter sector codes, e.g. ``TURGOV``, ``SYRREB``, ``IGOUNO``, ``GOV``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION = 1

EntryType = Literal["country", "person", "organization", "metonym", "sector", "title"]
"""
- ``country``: a state; ``names`` are its names, short and historical names and the places that stand for
  it; ``adjectives`` its adjectives ("Syrian"); ``people`` its plural demonyms ("Syrians", coded as the
  country's civilians).
- ``person``: a named person; ``roles`` give the dated codes (office-holders).
- ``organization``: a party, armed group, movement, international or non-governmental organisation.
- ``metonym``: a capital or seat of power standing for a government ("Ankara", "the Kremlin").
- ``sector``: a common noun naming a kind of actor ("troops", "regime", "migrants"); ``code`` is sectors only.
- ``title``: a title or office ("foreign minister"); like a sector word, plus the ``office`` it names.
"""

Office = Literal[
    "head_of_state", "head_of_government", "foreign_minister", "defence_minister", "secretary_general",
    "commander", "leader",
]

CODE_RE = re.compile(r"^(?:[A-Z0-9]{3})+$")
DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def parse_bound(value: str, *, end: bool) -> date:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as the first (or, with ``end``, the last) day it covers."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(parts[0], parts[1], parts[2])
    if len(parts) == 2:
        if not end:
            return date(parts[0], parts[1], 1)
        nxt = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)


def _check_code(value: str) -> str:
    if not CODE_RE.match(value):
        raise ValueError(f"{value!r} is not a CAMEO code (three-letter upper-case chunks, e.g. TURGOV)")
    return value


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    if not DATE_RE.match(value):
        raise ValueError(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    try:
        parse_bound(value, end=False)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid date: {exc}") from exc
    return value


class FileHeader(BaseModel):
    """First line of every actor file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1]
    kind: Literal["actors"]
    description: str | None = None
    source: str | None = None
    license: str | None = None
    generated_by: str | None = None


class Role(BaseModel):
    """A code that holds between two dates (either bound open). A role without bounds is the default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    valid_from: str | None = None
    valid_to: str | None = None
    office: Office | None = None
    title: str | None = None
    note: str | None = None

    _code = field_validator("code")(_check_code)
    _dates = field_validator("valid_from", "valid_to")(_check_date)

    @model_validator(mode="after")
    def _ordered(self) -> Role:
        if self.valid_from and self.valid_to and \
                parse_bound(self.valid_from, end=False) > parse_bound(self.valid_to, end=True):
            raise ValueError(f"valid_from {self.valid_from} is after valid_to {self.valid_to}")
        return self

    @property
    def bounded(self) -> bool:
        return self.valid_from is not None or self.valid_to is not None

    def covers(self, day: date) -> bool:
        if self.valid_from and day < parse_bound(self.valid_from, end=False):
            return False
        return not (self.valid_to and day > parse_bound(self.valid_to, end=True))


class ActorEntry(BaseModel):
    """One knowledge-base entry. ``code`` is the undated code; ``roles`` the dated ones (persons, groups)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:'&/+-]*$", max_length=200)
    type: EntryType
    name: str | None = None
    names: list[str] = Field(min_length=1)
    adjectives: list[str] = Field(default_factory=list)
    people: list[str] = Field(default_factory=list)
    code: str | None = None
    roles: list[Role] = Field(default_factory=list)
    office: Office | None = None
    titles: list[str] = Field(default_factory=list)
    generic: bool = False
    source: str | None = None
    note: str | None = None

    @field_validator("code")
    @classmethod
    def _valid_code(cls, value: str | None) -> str | None:
        return None if value is None else _check_code(value)

    @field_validator("names", "adjectives", "people", "titles")
    @classmethod
    def _non_blank(cls, values: list[str]) -> list[str]:
        for value in values:
            if not value.strip():
                raise ValueError("names must not be blank")
            if not any(ch.isalnum() for ch in value):
                raise ValueError(f"name {value!r} has no letters or digits")
        return values

    @model_validator(mode="after")
    def _consistent(self) -> ActorEntry:
        if self.code is None and not self.roles:
            raise ValueError("an entry needs a code or at least one role")
        if self.roles and self.type not in ("person", "organization"):
            raise ValueError(f"only persons and organizations have dated roles, not a {self.type}")
        if self.type == "country" and (self.code is None or len(self.code) != 3):
            raise ValueError("a country's code is its three-letter code, e.g. TUR")
        if (self.people or self.adjectives) and self.type != "country":
            raise ValueError("only countries have adjectives and people (plural demonyms)")
        if self.office and self.type != "title":
            raise ValueError("only titles name an office")
        return self

    @property
    def display_name(self) -> str:
        return self.name or self.names[0]
