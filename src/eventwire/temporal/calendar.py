"""Calendar points and their arithmetic: TimeML values from fields, shifts by a unit, placing a date with
no year or a bare weekday next to the publication date.

A :class:`Point` holds whatever calendar fields an expression gave ("April" -> month 4; "the third
quarter of 1990" -> year 1990, quarter 3); :func:`format_value` writes its TimeML value at the finest
granularity it has (``1990-Q3``, ``2019-04-26T22:00``, ``199`` for a decade, ``XXXX-04`` without a year).
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta

GRANULARITIES = ("century", "decade", "year", "half", "quarter", "season", "month", "week", "day", "time")
_UNIT_MONTHS = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}
_UNIT_DAYS = {"day": 1, "night": 1, "week": 7, "weekend": 7, "fortnight": 14, "hour": 0, "minute": 0,
              "second": 0}
_UNIT_GRANULARITY = {"second": "day", "minute": "day", "hour": "day", "day": "day", "night": "day",
                     "week": "week", "weekend": "week", "fortnight": "week", "month": "month",
                     "quarter": "quarter", "year": "year", "decade": "decade", "century": "century"}
WRONG_SIDE_DAYS = 120
"""How many days further away a date on the side the tense argues against must be to lose: a September
date named in a past-tense sentence in a May story is last year's, but one named a month ahead is not."""
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


@dataclass(slots=True)
class Point:
    """Calendar fields of one expression; None means the text did not say."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    week: int | None = None  # ISO week; ``year`` is then the ISO year
    weekend: bool = False
    quarter: int | None = None
    half: int | None = None
    season: str | None = None  # SP SU FA WI
    decade: int | None = None  # 199 for the 1990s
    century: int | None = None  # 19 for the 20th century
    hour: int | None = None
    minute: int | None = None
    part: str | None = None  # MO AF EV NI
    weekday: int | None = None  # a weekday (1 = Monday) not yet placed on the calendar
    holiday: object | None = None  # a HolidayEntry not yet placed (it needs the year)

    @property
    def granularity(self) -> str:
        if self.hour is not None or self.part is not None:
            return "time"
        if self.day is not None or self.weekday is not None or self.holiday is not None:
            return "day"
        if self.week is not None:
            return "week"
        if self.month is not None:
            return "month"
        for name in ("season", "quarter", "half"):
            if getattr(self, name) is not None:
                return name
        if self.year is not None:
            return "year"
        if self.decade is not None:
            return "decade"
        return "century"

    @property
    def has_day(self) -> bool:
        return self.day is not None or self.weekday is not None or self.holiday is not None

    @property
    def has_date(self) -> bool:
        return any(v is not None for v in (self.year, self.month, self.day, self.week, self.quarter, self.half,
                                           self.season, self.decade, self.century, self.weekday, self.holiday))

    @property
    def is_time_only(self) -> bool:
        return not self.has_date and (self.hour is not None or self.part is not None)

    @property
    def is_year_only(self) -> bool:
        return self.year is not None and not any(
            v is not None for v in (self.month, self.day, self.week, self.quarter, self.half, self.season,
                                    self.weekday, self.holiday, self.hour, self.part))

    @property
    def needs_year(self) -> bool:
        return self.year is None and self.decade is None and self.century is None and self.weekday is None and (
            self.month is not None or self.quarter is not None or self.half is not None or self.season is not None
            or self.holiday is not None)


def format_value(point: Point) -> str:
    """The TimeML value of a point at its finest granularity; unknown fields are X."""
    if point.year is None and point.weekday is None:
        if point.century is not None and point.decade is None:
            return f"{point.century:02d}"
        if point.decade is not None:
            return f"{point.decade:03d}"
    year = f"{point.year:04d}" if point.year is not None else "XXXX"
    if point.weekday is not None and point.day is None:
        out = "XXXX-WXX-WE" if point.weekend else f"XXXX-WXX-{point.weekday}"
    elif point.week is not None:
        out = f"{year}-W{point.week:02d}" + ("-WE" if point.weekend else "")
    elif point.month is not None:
        out = f"{year}-{point.month:02d}"
        if point.day is not None:
            out += f"-{point.day:02d}"
    elif point.holiday is not None:
        out = f"{year}-XX-XX"
    elif point.quarter is not None:
        out = f"{year}-Q{point.quarter}"
    elif point.half is not None:
        out = f"{year}-H{point.half}"
    elif point.season is not None:
        out = f"{year}-{point.season}"
    else:
        out = year
    if point.hour is not None:
        if point.month is None and point.week is None:
            out += "-XX-XX"
        out += f"T{point.hour:02d}:{point.minute or 0:02d}"
    elif point.part is not None:
        if point.month is None and point.week is None and point.weekday is None:
            out += "-XX-XX"
        out += f"T{point.part}"
    return out


def unknown_value(unit: str) -> str:
    """The value of an expression relative to a publication date nobody gave ("yesterday" -> XXXX-XX-XX)."""
    granularity = _UNIT_GRANULARITY.get(unit, "day")
    return {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "quarter": "XXXX-QX",
            "year": "XXXX", "decade": "XXX", "century": "XX"}[granularity]


def unit_granularity(unit: str) -> str:
    return _UNIT_GRANULARITY.get(unit, "day")


def finer_or_equal(a: str, b: str) -> bool:
    """Is granularity ``a`` at least as fine as ``b``?"""
    order = {"century": 0, "decade": 1, "year": 2, "half": 3, "quarter": 4, "season": 4, "month": 5, "week": 6,
             "day": 7, "time": 8}
    return order[a] >= order[b]


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def shift_date(day: date, unit: str, n: int) -> date:
    if unit in _UNIT_MONTHS:
        return add_months(day, _UNIT_MONTHS[unit] * n)
    return day + timedelta(days=_UNIT_DAYS.get(unit, 1) * n)


def point_from_date(day: date, granularity: str, *, weekend: bool = False) -> Point:
    """The point of ``granularity`` that contains ``day``."""
    if granularity in ("day", "time"):
        return Point(year=day.year, month=day.month, day=day.day)
    if granularity == "week":
        iso = day.isocalendar()
        return Point(year=iso[0], week=iso[1], weekend=weekend)
    if granularity == "month":
        return Point(year=day.year, month=day.month)
    if granularity == "quarter":
        return Point(year=day.year, quarter=(day.month - 1) // 3 + 1)
    if granularity == "half":
        return Point(year=day.year, half=1 if day.month <= 6 else 2)
    if granularity == "season":
        season = next(s for s, (a, b) in _SEASON_MONTHS.items()
                      if (a <= day.month <= b if a <= b else day.month >= a or day.month <= b))
        return Point(year=day.year + (1 if day.month == 12 else 0) if season == "WI" else day.year, season=season)
    if granularity == "year":
        return Point(year=day.year)
    if granularity == "decade":
        return Point(decade=day.year // 10)
    return Point(century=day.year // 100)


def start_date(point: Point) -> date | None:
    """The first day of a point that has a year (None when it has none or is invalid)."""
    first, _ = bounds(point)
    return first


def bounds(point: Point) -> tuple[date | None, date | None]:
    """First and last day of a point; (None, None) when it cannot be placed."""
    try:
        if point.year is None:
            if point.decade is not None:
                return date(point.decade * 10, 1, 1), date(point.decade * 10 + 9, 12, 31)
            if point.century is not None:
                return date(point.century * 100, 1, 1), date(point.century * 100 + 99, 12, 31)
            return None, None
        year = point.year
        if point.holiday is not None:
            placed = place_holiday(point.holiday, year)
            return placed, placed
        if point.week is not None:
            monday = date.fromisocalendar(year, point.week, 1)
            if point.weekend:
                return monday + timedelta(days=5), monday + timedelta(days=6)
            return monday, monday + timedelta(days=6)
        if point.month is not None:
            if point.day is not None:
                one = date(year, point.month, point.day)
                return one, one
            last = _calendar.monthrange(year, point.month)[1]
            return date(year, point.month, 1), date(year, point.month, last)
        if point.quarter is not None:
            first = date(year, 3 * point.quarter - 2, 1)
            return first, add_months(first, 3) - timedelta(days=1)
        if point.half is not None:
            first = date(year, 6 * point.half - 5, 1)
            return first, add_months(first, 6) - timedelta(days=1)
        if point.season is not None:
            a, b = _SEASON_MONTHS[point.season]
            if point.season == "WI":
                return date(year - 1, 12, 1), date(year, 3, 1) - timedelta(days=1)
            return date(year, a, 1), date(year, b, _calendar.monthrange(year, b)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None, None


def is_valid(point: Point) -> bool:
    """False for impossible dates such as February 30 (a year-less day is checked against a leap year)."""
    if point.month is not None and not 1 <= point.month <= 12:
        return False
    if point.day is not None and point.month is not None:
        year = point.year if point.year is not None else 2000
        return 1 <= point.day <= _calendar.monthrange(year, point.month)[1]
    if point.week is not None and not 1 <= point.week <= 53:
        return False
    return not (point.hour is not None and not 0 <= point.hour <= 24)


def easter(year: int) -> date:
    """Easter Sunday (Gregorian; the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def place_holiday(holiday: object, year: int) -> date:
    """The date of a holiday (a HolidayEntry) in ``year``."""
    entry = holiday
    offset = getattr(entry, "easter", None)
    if offset is not None:
        return easter(year) + timedelta(days=offset)
    month = getattr(entry, "month", None) or 1
    day = getattr(entry, "day", None)
    if day is not None:
        return date(year, month, day)
    weekday = getattr(entry, "weekday", None) or 1
    nth = getattr(entry, "nth", None) or 1
    if getattr(entry, "after_monday", False):  # the Tuesday after the first Monday
        first_monday = _nth_weekday(year, month, 1, 1)
        return first_monday + timedelta(days=1)
    return _nth_weekday(year, month, weekday, nth)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        delta = (weekday - first.isoweekday()) % 7
        return first + timedelta(days=delta + 7 * (nth - 1))
    last = date(year, month, _calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def with_year(point: Point, year: int) -> Point:
    """The point in ``year``; a holiday becomes its month and day."""
    placed = replace(point, year=year)
    if point.holiday is not None:
        day = place_holiday(point.holiday, year)
        placed = replace(placed, month=day.month, day=day.day, holiday=None)
    return placed


def place_year(point: Point, anchor: date, direction: str) -> Point:
    """Give a year-less point the year that fits the publication date ``anchor`` and ``direction``.

    ``past``: the latest not after the anchor ("in April" in a July story is that April); ``future``: the
    earliest not before it; ``strict_past``/``strict_future``: wholly before/after ("last June");
    ``same``: the anchor's year; ``quarter``: the anchor's year unless that quarter or half is more than one
    quarter ahead (a fourth quarter named in February is last year's); ``auto``: the nearest, a past one on
    a tie; ``lean_past``/``lean_future``: the nearest, counting dates on the other side as
    :data:`WRONG_SIDE_DAYS` further away (the sentence's tense argues for one side).
    """
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        placed = with_year(point, year)
        first, last = bounds(placed)
        if first is not None and last is not None and is_valid(placed):
            candidates.append((placed, first, last))
    if not candidates:
        return point
    if direction == "same":
        return next((p for p, _, _ in candidates if p.year == anchor.year), candidates[0][0])
    if direction == "quarter":
        same = next(((p, f) for p, f, _ in candidates if p.year == anchor.year), None)
        if same is not None:
            placed, first = same
            ahead = (first.year - anchor.year) * 12 + first.month - anchor.month
            if ahead > 3:
                return with_year(point, anchor.year - 1)
            return placed
    if direction == "past":
        past = [p for p, f, _ in candidates if f <= anchor]
        if past:
            return past[-1]
    if direction == "strict_past":
        past = [p for p, _, last in candidates if last < anchor]
        if past:
            return past[-1]
    if direction == "future":
        future = [p for p, _, last in candidates if last >= anchor]
        if future:
            return future[0]
    if direction == "strict_future":
        future = [p for p, first, _ in candidates if first > anchor]
        if future:
            return future[0]

    def distance(item: tuple[Point, date, date]) -> int:
        _, first, last = item
        if first <= anchor <= last:
            return 0
        if first > anchor:
            return (first - anchor).days + (WRONG_SIDE_DAYS if direction == "lean_past" else 0)
        return (anchor - last).days + (WRONG_SIDE_DAYS if direction == "lean_future" else 0)

    return min(candidates, key=distance)[0]


def place_weekday(point: Point, anchor: date, direction: str) -> Point:
    """Put a bare weekday on the calendar: the publication day's week, before or after it per ``direction``
    ("Wednesday" in a Friday story about the past is two days back)."""
    assert point.weekday is not None
    back = (anchor.isoweekday() - point.weekday) % 7
    ahead = (point.weekday - anchor.isoweekday()) % 7
    if direction == "strict_past":
        delta = -(back or 7)
    elif direction == "strict_future":
        delta = ahead or 7
    elif direction == "future":
        delta = ahead
    else:
        delta = -back
    day = anchor + timedelta(days=delta)
    return replace(point, year=day.year, month=day.month, day=day.day, weekday=None)


def shift_point(point: Point, unit: str, n: int, granularity: str) -> Point:
    """Move a placed point by ``n`` units and express it at ``granularity``.

    Seasons, quarters and halves keep their name and move by whole years when the unit is a year or more.
    """
    first = start_date(point)
    if first is None:
        return point
    if granularity in ("season", "quarter", "half") and unit in ("year", "decade", "century"):
        years = n * _UNIT_MONTHS[unit] // 12
        return replace(point, year=(point.year or first.year) + years)
    if granularity == "season":
        granularity = "month"
    moved = shift_date(first, unit, n)
    out = point_from_date(moved, granularity, weekend=point.weekend or unit == "weekend")
    if granularity == "time":
        out.hour, out.minute, out.part = point.hour, point.minute, point.part
    return out
