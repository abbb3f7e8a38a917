"""The data files the exports read (``data/export/``), each loaded once per process and checked as it loads.

- ``gdelt_events.tsv``: GDELT 2.0's 61 event-table columns in order, with their types (:func:`load_gdelt_columns`);
- ``plover.yml``: PLOVER's categories with quads, scores and modes, its contexts, and what the export writes for
  a coder's mode the manual does not list (:func:`load_plover_spec`);
- ``plover_sectors.tsv``: CAMEO actor-code elements mapped to PLOVER (:func:`load_sector_map`);
- ``admin1_codes.tsv``: GeoNames admin-1 codes of first-order divisions (:func:`load_admin1_codes`);
- ``plover.schema.json``: the JSON Schema of a PLOVER record as the manual defines it (:func:`plover_schema`).

A file with a problem raises one :class:`~eventwire.errors.DataError` listing every problem as
``path:line: message``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from eventwire.config import data_path
from eventwire.datafiles import safe_load
from eventwire.errors import DataError

GDELT_TYPES = ("INTEGER", "STRING", "FLOAT")
SECTOR_ROLES = ("sector", "religion", "entity", "none")


def _tsv_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a TSV data file (``#`` comment lines, then a header naming ``columns``) with line numbers."""
    header_seen = False
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.startswith("#") or not line.strip():
                continue
            cells = line.rstrip("\n").split("\t")
            if not header_seen:
                if tuple(cells) != columns:
                    raise DataError(f"{path}:{number}: header {cells} is not {list(columns)}")
                header_seen = True
                continue
            if len(cells) != len(columns):
                raise DataError(f"{path}:{number}: {len(cells)} cells, expected {len(columns)}")
            yield number, dict(zip(columns, cells, strict=True))


@dataclass(frozen=True, slots=True)
class GdeltColumn:
    position: int
    name: str
    type: str  # INTEGER | STRING | FLOAT, as GDELT's header-row file gives it
    header_name: str  # the spelling of GDELT's header-row file and BigQuery table (GLOBALEVENTID, SQLDATE)
    eventwire: str  # how eventwire fills it


@functools.cache
def load_gdelt_columns(path: Path | None = None) -> tuple[GdeltColumn, ...]:
    """GDELT 2.0's event-table columns, in GDELT's order (61 of them)."""
    path = path or data_path("export", "gdelt_events.tsv")
    columns: list[GdeltColumn] = []
    problems: list[str] = []
    for number, row in _tsv_rows(path, ("position", "name", "type", "header_name", "eventwire")):
        if row["type"] not in GDELT_TYPES:
            problems.append(f"{path}:{number}: type {row['type']!r} is not one of {', '.join(GDELT_TYPES)}")
        if not row["position"].isdigit() or int(row["position"]) != len(columns) + 1:
            problems.append(f"{path}:{number}: position {row['position']!r}, expected {len(columns) + 1}")
        columns.append(GdeltColumn(len(columns) + 1, row["name"], row["type"], row["header_name"], row["eventwire"]))
    if len(columns) != 61:
        problems.append(f"{path}: {len(columns)} columns; GDELT 2.0's event table has 61")
    if problems:
        raise DataError("; ".join(problems))
    return tuple(columns)


@dataclass(frozen=True, slots=True)
class PloverType:
    quad: int
    score: float
    modes: MappingProxyType[str, float]


@dataclass(frozen=True, slots=True)
class ModeFix:
    mode: str | None  # the manual's mode to write instead (None: no mode)
    context: str | None  # a context to add


@dataclass(frozen=True, slots=True)
class PloverSpec:
    codebook: str
    types: MappingProxyType[str, PloverType]
    contexts: frozenset[str]
    auxiliary: MappingProxyType[str, str]  # eventwire modality -> PLOVER auxiliary mode (a context)
    mode_map: MappingProxyType[tuple[str, str], ModeFix]  # (type, coder's mode) -> fix
    by_cameo: MappingProxyType[str, ModeFix]


@functools.cache
def load_plover_spec(path: Path | None = None) -> PloverSpec:
    """PLOVER's categories, contexts and the export's mode fixes (``data/export/plover.yml``)."""
    path = path or data_path("export", "plover.yml")
    raw = safe_load(path.read_text(encoding="utf-8"))
    problems: list[str] = []
    types: dict[str, PloverType] = {}
    for name, entry in (raw.get("types") or {}).items():
        if entry.get("quad") not in (1, 2, 3, 4):
            problems.append(f"{path}: types.{name}: quad {entry.get('quad')!r} is not 1 to 4")
        modes = {str(mode): float(score) for mode, score in (entry.get("modes") or {}).items()}
        types[name] = PloverType(int(entry.get("quad") or 0), float(entry["score"]), MappingProxyType(modes))
    contexts = frozenset(raw.get("contexts") or ())
    auxiliary = {str(k): str(v) for k, v in (raw.get("auxiliary") or {}).items()}

    def fix(where: str, entry: dict[str, Any], event_type: str | None) -> ModeFix:
        mode, context = entry.get("mode"), entry.get("context")
        if mode is not None and event_type is not None and mode not in types[event_type].modes:
            problems.append(f"{path}: {where}: mode {mode!r} is not one of {event_type}'s modes")
        if context is not None and context not in contexts:
            problems.append(f"{path}: {where}: context {context!r} is not a PLOVER context")
        return ModeFix(mode, context)

    mode_map: dict[tuple[str, str], ModeFix] = {}
    for i, entry in enumerate(raw.get("mode_map") or ()):
        event_type = entry.get("type")
        if event_type not in types:
            problems.append(f"{path}: mode_map[{i}]: type {event_type!r} is not a PLOVER category")
            continue
        mode_map[(event_type, str(entry["from"]))] = fix(f"mode_map[{i}]", entry, event_type)
    by_cameo = {str(code): fix(f"cameo.{code}", entry, None) for code, entry in (raw.get("cameo") or {}).items()}
    if problems:
        raise DataError("; ".join(problems))
    return PloverSpec(str(raw.get("codebook") or "plover"), MappingProxyType(types), contexts,
                      MappingProxyType(auxiliary), MappingProxyType(mode_map), MappingProxyType(by_cameo))


@dataclass(frozen=True, slots=True)
class SectorMapping:
    role: str  # sector | religion | entity | none
    plover: str | None


@functools.cache
def load_sector_map(path: Path | None = None) -> MappingProxyType[str, SectorMapping]:
    """CAMEO actor-code element (``MED``, ``HLH``, ``IGO``, ``MUS``) -> what PLOVER writes for it."""
    path = path or data_path("export", "plover_sectors.tsv")
    found: dict[str, SectorMapping] = {}
    problems: list[str] = []
    for number, row in _tsv_rows(path, ("cameo", "role", "plover", "note")):
        if row["role"] not in SECTOR_ROLES:
            problems.append(f"{path}:{number}: role {row['role']!r} is not one of {', '.join(SECTOR_ROLES)}")
        if row["cameo"] in found:
            problems.append(f"{path}:{number}: {row['cameo']} is listed twice")
        found[row["cameo"]] = SectorMapping(row["role"], row["plover"] or None)
    if problems:
        raise DataError("; ".join(problems))
    return MappingProxyType(found)


@functools.cache
def load_admin1_codes(path: Path | None = None) -> MappingProxyType[tuple[str, str], str]:
    """(country ISO alpha-3, division name) -> GeoNames admin-1 code, for first-order divisions."""
    path = path or data_path("export", "admin1_codes.tsv")
    return MappingProxyType({(row["iso3"], row["name"]): row["code"]
                             for _, row in _tsv_rows(path, ("iso3", "name", "geonameid", "code"))})


def plover_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a PLOVER record as the manual defines it (a fresh copy)."""
    schema: dict[str, Any] = json.loads(data_path("export", "plover.schema.json").read_text(encoding="utf-8"))
    return schema
