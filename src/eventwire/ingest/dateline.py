"""Datelines of pasted articles: "Published 05.07.2019 00:07", "Updated July 5, 2019", "5 July 2019 10:30 GMT".

Numeric dates are read day-first (05.07.2019 is 5 July), the common order outside the United States,
unless that is impossible (07.25.2019) or the caller asks for month-first. ISO dates (2019-07-05) are
always year-month-day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_TIME = r"(?:,?\s*(?:at\s+)?(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})(?::\d{2})?\s*(?P<ampm>[ap]\.?m\.?)?)?"
_ZONE = r"(?:\s*(?:GMT|UTC|[A-Z]{2,4}T|[+-]\d{2}:?\d{2}|Z))?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"

_PATTERNS = [
    re.compile(r"(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
               r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?", re.I),
    re.compile(r"(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?P<year>\d{4})" + _TIME + _ZONE, re.I),
    re.compile(_WEEKDAY + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME + _ZONE, re.I),
    re.compile(_WEEKDAY + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})" + _TIME + _ZONE,
               re.I),
]
_LEAD_WORDS = re.compile(
    r"^\s*(?:(?:last\s+)?(?:published|updated|posted|modified|created|date)(?:\s+on)?\s*:?\s*|on\s+|[|•·—–-]\s*)+",
    re.I,
)
_MAX_DATELINE_CHARS = 120


@dataclass(frozen=True)
class Dateline:
    value: str  # ISO date or datetime (minutes), as precise as the line says
    kind: str  # published | updated


def _numeric_day_month(a: int, b: int, day_first: bool) -> tuple[int, int] | None:
    """(day, month) from two numbers: day-first unless impossible or month-first is asked for."""
    first = (a, b) if day_first else (b, a)
    second = (b, a) if day_first else (a, b)
    for day, month in (first, second):
        if 1 <= month <= 12 and 1 <= day <= 31:
            return day, month
    return None


def parse_date(text: str, *, day_first: bool = True) -> tuple[str, re.Match[str]] | None:
    """The first date in ``text`` as an ISO string (with ``THH:MM`` when a time is given), and its match."""
    best: tuple[str, re.Match[str]] | None = None
    for pattern in _PATTERNS:
        match = pattern.search(text)
        if not match or (best and best[1].start() <= match.start()):
            continue
        groups = match.groupdict()
        year = int(groups["year"])
        if "a" in groups and groups.get("a"):
            dm = _numeric_day_month(int(groups["a"]), int(groups["b"]), day_first)
            if dm is None:
                continue
            day, month = dm
        else:
            day = int(groups["d"])
            month = int(groups["m"]) if groups.get("m") else MONTHS[groups["month"].lower()[:3]]
        try:
            when = date(year, month, day)
        except ValueError:
            continue
        value = when.isoformat()
        if groups.get("hour"):
            hour, minute = int(groups["hour"]), int(groups["minute"])
            ampm = (groups.get("ampm") or "").lower().replace(".", "")
            if ampm == "pm" and hour < 12:
                hour += 12
            elif ampm == "am" and hour == 12:
                hour = 0
            if hour < 24 and minute < 60:
                value = datetime(year, month, day, hour, minute).isoformat(timespec="minutes")
        best = (value, match)
    return best


def parse_dateline(line: str, *, day_first: bool = True) -> Dateline | None:
    """Read ``line`` as a dateline, or None when it is anything more than a date with its label."""
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_DATELINE_CHARS:
        return None
    found = parse_date(stripped, day_first=day_first)
    if found is None:
        return None
    value, match = found
    rest = (stripped[: match.start()] + " " + stripped[match.end() :]).strip()
    kind = "updated" if re.search(r"updated|modified", rest, re.I) else "published"
    rest = _LEAD_WORDS.sub("", rest)
    rest = re.sub(r"(?i)\b(?:published|updated|posted|last|modified|on|at)\b|[|•·,:—–-]", " ", rest).strip()
    # What remains may be a short byline or place ("By Staff", "ISTANBUL"); a sentence is not a dateline.
    if len(rest.split()) > 4 or re.search(r"[.!?]$", rest):
        return None
    return Dateline(value, kind)
