"""Models of the temporal data files (``eventwire/data/temporal``): the vocabulary and the rules.

The format is described in docs/temporal.md; :func:`eventwire.temporal.patterns.load_temporal_grammar`
validates both files with these models and reports every problem at once.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
UNIT_NAMES = ("second", "minute", "hour", "day", "night", "week", "weekend", "fortnight", "month", "quarter",
              "year", "decade", "century")
Direction = Literal["auto", "past", "future", "strict_past", "strict_future", "same", "quarter"]


class UnitEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str = Field(pattern=r"^(S|M|H|D|W|WE|Q|Y)$")
    time: bool = False
    factor: int = 1


class HolidayEntry(BaseModel):
    """A holiday: a fixed month and day, the nth weekday of a month, or a day relative to Easter Sunday."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    weekday: int | None = Field(default=None, ge=1, le=7)
    nth: int | None = None  # 1..5, or -1 for the last
    after_monday: bool = False  # US Election Day: the Tuesday after the first Monday
    easter: int | None = None  # days after Easter Sunday


class VocabularyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_version: Literal[1]
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    vague_numbers: list[str]
    ordinals: dict[str, int]
    units: dict[str, UnitEntry]
    seasons: dict[str, Literal["SP", "SU", "FA", "WI"]]
    day_parts: dict[str, Literal["MO", "AF", "EV", "NI"]]
    holidays: dict[str, HolidayEntry]
    date_modifiers: list[str]
    duration_modifiers: list[str]
    future_cues: list[str]  # regular expressions, matched as whole words
    past_cues: list[str]
    future_lead_words: list[str] = Field(default_factory=list)
    past_lead_words: list[str] = Field(default_factory=list)
    set_words: dict[str, str] = Field(default_factory=dict)

    @field_validator("months")
    @classmethod
    def _months(cls, value: dict[str, int]) -> dict[str, int]:
        bad = [k for k, v in value.items() if not 1 <= v <= 12]
        if bad:
            raise ValueError(f"month numbers must be 1-12: {', '.join(bad)}")
        return value

    @field_validator("weekdays")
    @classmethod
    def _weekdays(cls, value: dict[str, int]) -> dict[str, int]:
        bad = [k for k, v in value.items() if not 1 <= v <= 7]
        if bad:
            raise ValueError(f"weekday numbers must be 1 (Monday) to 7 (Sunday): {', '.join(bad)}")
        return value

    @field_validator("units")
    @classmethod
    def _units(cls, value: dict[str, UnitEntry]) -> dict[str, UnitEntry]:
        unknown = [k for k in value if k not in UNIT_NAMES]
        if unknown:
            raise ValueError(f"unknown unit(s) {', '.join(unknown)}; units are {', '.join(UNIT_NAMES)}")
        return value


class ValueSpec(BaseModel):
    """How a match becomes a TimeML value (see the kinds listed at the top of rules.yaml)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: Literal["calendar", "numeric", "shift", "weekday", "reference", "clock", "duration", "set", "literal"]
    value: str | None = None  # literal kind
    unit: str | None = None  # shift / reference: fixed unit; else the {unit} group
    by: int | str | None = None  # shift / reference: an integer, or "number" / "-number" (the number group)
    part: Literal["MO", "AF", "EV", "NI"] | None = None
    direction: Direction = "auto"
    compare_period: bool = False  # "a year ago" after "the third quarter" is that quarter a year before
    keep_granularity: bool = False  # reference: keep the referenced date's granularity
    fallback: int | None = None  # reference: units from the publication date when nothing was mentioned
    half: bool = False  # duration: "half an hour"
    weekend: bool = False  # weekday: the weekend (Saturday and Sunday) rather than one day
    from_reference: bool = False  # weekday: placed from the last day the text named ("the previous Friday")
    as_week: bool = False  # calendar: the ISO week that contains the date ("the week of March 6")

    @field_validator("by")
    @classmethod
    def _by(cls, value: int | str | None) -> int | str | None:
        if isinstance(value, str) and value not in ("number", "-number", "X", "-X"):
            raise ValueError(f"by must be an integer, 'number' or '-number', got {value!r}")
        return value

    @field_validator("unit")
    @classmethod
    def _unit(cls, value: str | None) -> str | None:
        if value is not None and value not in UNIT_NAMES:
            raise ValueError(f"unknown unit {value!r}; units are {', '.join(UNIT_NAMES)}")
        return value


class RuleEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    pattern: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: ValueSpec
    capitalized: list[str] = Field(default_factory=list)  # groups that must start with a capital letter
    full_word: list[str] = Field(default_factory=list)  # groups that must be a full word, not an abbreviation
    require_in: str | None = None  # regex the matched text must contain
    require_before: str | None = None  # regex the text just before the match must end with
    reject_before: str | None = None  # regex the text just before the match must not end with
    reject_after: str | None = None  # regex the text just after the match must not start with
    merge_only: bool = False  # kept only when merged with a neighbour ("morning" in "Friday morning")
    note: str | None = None


class RulesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_version: Literal[1]
    rules: list[RuleEntry]
