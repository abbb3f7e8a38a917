"""The grouping thresholds (``data/group/thresholds.toml``): a pydantic model and its loader."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from eventwire.config import data_path
from eventwire.datafiles import read_toml
from eventwire.errors import LexiconError

PRECISIONS = ("day", "month", "year")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MatchRules(_Section):
    type: Literal["cameo_root", "plover_type"]
    same_modality: bool
    same_article: bool


class DateRules(_Section):
    day_window_days: int = Field(ge=0)
    coarse_precisions: tuple[Literal["month", "year"], ...]


class PlaceRules(_Section):
    radius_km: float = Field(gt=0)


class CopyRules(_Section):
    shingle_words: int = Field(ge=1)
    threshold: float = Field(gt=0, le=1)
    permutations: int = Field(ge=1, le=1024)
    bands: int = Field(ge=1)
    min_shingles: int = Field(ge=1)

    @model_validator(mode="after")
    def _bands_divide(self) -> CopyRules:
        if self.permutations % self.bands:
            raise ValueError(f"bands ({self.bands}) must divide permutations ({self.permutations})")
        return self

    @property
    def rows(self) -> int:
        """Signature values per LSH band."""
        return self.permutations // self.bands


class GroupThresholds(_Section):
    """The windows, radii and copy thresholds of event grouping."""

    schema_version: Literal[1]
    kind: Literal["group_thresholds"]
    match: MatchRules
    date: DateRules
    place: PlaceRules
    copies: CopyRules


def _line_of(text: str, loc: tuple[Any, ...]) -> int | None:
    """The line of ``text`` that sets the key at ``loc`` (section, key), or of its section; None if absent."""
    section = str(loc[0]) if loc else ""
    key = str(loc[1]) if len(loc) > 1 else None
    in_section = False
    section_line = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_section = stripped.strip("[] ") == section
            if in_section:
                section_line = number
            continue
        if key is None and not section_line and re.match(rf"{re.escape(section)}\s*=", stripped):
            return number
        if in_section and key is not None and re.match(rf"{re.escape(key)}\s*=", stripped):
            return number
    return section_line


def read_group_thresholds(path: Path) -> GroupThresholds:
    """Read and validate a thresholds file.

    Raises:
        LexiconError: the file cannot be read, is not TOML (the message names the line), or a setting is
            missing, unknown or out of range (one line per problem: ``path:line: section.key: message``).

    Example::

        thresholds = read_group_thresholds(Path("my_thresholds.toml"))
        thresholds.date.day_window_days   # 2
    """
    raw = read_toml(path)
    try:
        return GroupThresholds.model_validate(raw)
    except ValidationError as exc:
        text = path.read_text(encoding="utf-8")
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            line = _line_of(text, loc)
            where = f"{path}:{line}" if line else str(path)
            problems.append(f"{where}: {'.'.join(str(p) for p in loc) or 'file'}: {error['msg']}")
        raise LexiconError("; ".join(problems)) from exc


@functools.cache
def _shipped() -> GroupThresholds:
    return read_group_thresholds(data_path("group", "thresholds.toml"))


def load_group_thresholds(path: Path | None = None) -> GroupThresholds:
    """The thresholds in ``path``, or the shipped ``data/group/thresholds.toml`` (read once)."""
    return read_group_thresholds(path) if path is not None else _shipped()
