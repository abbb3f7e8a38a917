"""The one set of event filters that ``eventwire events``, ``eventwire export``, the REST API and
:func:`eventwire.read_events` share: what each filter means, how it is checked, and the SQL it becomes.

Example::

    flt = check_filter(EventFilter(country="LBY", since="2019-07", plover="assault", min_confidence=0.6))
    clause, params = where_sql(flt, alias="e")   # " WHERE e.plover_type = ? AND ..."
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import Any

from eventwire.errors import ConfigError, one_line
from eventwire.store.dates import is_period, period

DATE_FORM = "YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019, 2019-07 or 2019-07-05)"


@dataclass(frozen=True)
class EventFilter:
    """Filters of an event query; each None means "any". Every filter given must hold (AND).

    - ``cameo``: a CAMEO code or prefix: ``"19"`` is every fight, ``"195"`` air strikes.
    - ``plover``: a PLOVER event type, e.g. ``"ASSAULT"`` (any case).
    - ``actor``: an actor code or prefix on either side: ``"SYR"``, ``"TURGOV"``.
    - ``country``: where it happened (the country of its place, ISO 3166 alpha-3), e.g. ``"LBY"``.
    - ``since`` / ``until``: the event's date, inclusive, ``YYYY[-MM[-DD]]``; ``until="2019-07"`` includes
      every day of July.
    - ``min_confidence``: events with at least this calibrated confidence (0 to 1).
    - ``article_id``: the events of one article.
    - ``limit`` / ``offset``: a page of the results (None: all).
    """

    cameo: str | None = None
    plover: str | None = None
    actor: str | None = None
    country: str | None = None
    since: str | None = None
    until: str | None = None
    min_confidence: float | None = None
    article_id: str | None = None
    limit: int | None = 100
    offset: int = 0

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The filters' names (keyword arguments of :func:`eventwire.read_events`)."""
        return tuple(f.name for f in fields(cls) if f.name not in ("limit", "offset"))

    def is_empty(self) -> bool:
        return all(getattr(self, name) in (None, "") for name in self.names())


_FORMS: dict[str, tuple[re.Pattern[str], str]] = {
    "cameo": (re.compile(r"[0-9]{1,4}"), "a CAMEO code or code prefix is 1 to 4 digits, e.g. 19 or 195"),
    "plover": (re.compile(r"[A-Za-z_]{1,32}"), "a PLOVER event type is letters and underscores, e.g. ASSAULT"),
    "actor": (re.compile(r"[A-Za-z0-9]{1,16}"), "an actor code or code prefix is letters and digits, e.g. SYR or "
                                                 "SYRGOV"),
    "country": (re.compile(r"[A-Za-z]{3}"), "a country is an ISO 3166 alpha-3 code, e.g. LBY"),
}


def check_filter(flt: EventFilter, *, option_prefix: str = "") -> EventFilter:
    """``flt`` with empty strings as None, checked: each code in its form, dates real, ``since`` not after
    ``until``, ``min_confidence`` between 0 and 1.

    ``option_prefix`` is put before a filter's name in messages (``"--"`` for the command line).

    Raises:
        ConfigError: the first filter out of its form, naming it, its value and the form it needs.
    """
    values: dict[str, Any] = {name: (getattr(flt, name) or None) if name != "min_confidence"
                              else getattr(flt, name) for name in EventFilter.names()}
    for name, (form, message) in _FORMS.items():
        value = values[name]
        if value is not None and form.fullmatch(str(value)) is None:
            raise ConfigError(f"{option_prefix}{name.replace('_', '-') if option_prefix else name} "
                              f"{one_line(repr(value))}: {message}")
    for name in ("since", "until"):
        value = values[name]
        if value is not None and not is_period(str(value)):
            raise ConfigError(f"{option_prefix}{name} {one_line(repr(value))}: not a real date; use {DATE_FORM}")
    since, until = values["since"], values["until"]
    if since and until:
        first, last = period(since), period(until)
        if first and last and first[0] > last[1]:
            raise ConfigError(f"{option_prefix}until ({until}) is before {option_prefix}since ({since}): no event "
                              "can match; since must not be after until")
    confidence = values["min_confidence"]
    if confidence is not None and not 0.0 <= float(confidence) <= 1.0:
        raise ConfigError(f"{option_prefix}{'min-confidence' if option_prefix else 'min_confidence'} {confidence}: "
                          "a confidence is between 0 and 1")
    return replace(flt, **values)


def _prefix(value: str) -> str:
    """A LIKE pattern (``ESCAPE '\\'``) matching the values that start with ``value``: its own ``%`` and ``_``
    stand for themselves, not for any characters."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def where_sql(flt: EventFilter, *, alias: str = "") -> tuple[str, list[Any]]:
    """The ``WHERE`` clause (with a leading space, or ``""`` for no filter) over the ``events`` table, and its
    parameters. ``alias`` names the table in the query (``"e"`` for ``events e``)."""
    col = f"{alias}." if alias else ""
    clauses: list[str] = []
    params: list[Any] = []
    if flt.cameo:
        clauses.append(f"{col}cameo LIKE ? ESCAPE '\\'")
        params.append(_prefix(flt.cameo))
    if flt.plover:
        clauses.append(f"{col}plover_type = ?")
        params.append(flt.plover.upper())
    if flt.actor:
        clauses.append(f"({col}source_code LIKE ? ESCAPE '\\' OR {col}target_code LIKE ? ESCAPE '\\')")
        params += [_prefix(flt.actor.upper())] * 2
    if flt.country:
        clauses.append(f"{col}country = ?")
        params.append(flt.country.upper())
    if flt.since:
        clauses.append(f"{col}date >= ?")
        params.append(flt.since)
    if flt.until:
        # "2019-07" includes every day of July: compare against the end of the period
        clauses.append(f"{col}date <= ?")
        params.append(flt.until + "\uffff")
    if flt.min_confidence:
        clauses.append(f"{col}confidence >= ?")
        params.append(float(flt.min_confidence))
    if flt.article_id:
        clauses.append(f"{col}article_id = ?")
        params.append(flt.article_id)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params
