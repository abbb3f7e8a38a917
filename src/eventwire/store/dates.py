"""Dates as exports write them: an event's date as the period it names, a publication time in UTC.

An event's date is as precise as the text: ``2019-07-05`` (a day), ``2019-07`` (a month) or ``2019`` (a year).
Typed exports write it as the first and last day of that period, so every reader gets real dates and no
information is lost (``date_precision`` says which it was).
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime

_PERIOD = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def period(value: str | None) -> tuple[date, date] | None:
    """The first and last day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (the first 10 characters of a longer
    ISO value are read); None when ``value`` is empty or no real date.

    >>> period("2019-02")
    (datetime.date(2019, 2, 1), datetime.date(2019, 2, 28))
    """
    if not value:
        return None
    match = _PERIOD.fullmatch(value.strip()[:10])
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, month, day), date(year, month, day)
    except ValueError:
        return None


def is_period(value: str) -> bool:
    """Whether ``value`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real period."""
    return _PERIOD.fullmatch(value) is not None and period(value) is not None


def published_utc(published: str | None) -> datetime | None:
    """An article's publication time as an aware UTC datetime.

    ``published`` is ISO 8601 as ingestion stored it: a date (``2009-03-01``, read as midnight UTC), a local
    time without offset (``2019-07-05T10:30``, taken as UTC: the source gave no zone), or a time with an offset
    or ``Z`` (converted to UTC). None when it is empty or not ISO 8601.

    >>> published_utc("2019-07-05T00:07:00+03:00").isoformat()
    '2019-07-04T21:07:00+00:00'
    """
    if not published or not published.strip():
        return None
    text = published.strip().replace(" ", "T", 1)
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        span = period(text[:10]) if len(text) >= 10 else None
        if span is None or span[0] != span[1]:
            return None
        moment = datetime(span[0].year, span[0].month, span[0].day)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
