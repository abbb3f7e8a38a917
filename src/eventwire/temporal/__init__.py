"""Stage ``temporal``: temporal expressions normalised against the publication date (issue 5).

- :func:`find_time_expressions` finds TimeML expressions (DATE, TIME, DURATION, SET) in a text and
  normalises them against the publication date;
- :func:`make_date_resolver` builds the pipeline stage that fills ``doc.timexes``;
- :func:`date_event` picks an event's date from the expressions around its trigger, else the publication date.

The rules and word lists live in ``eventwire/data/temporal`` (format in docs/temporal.md).
"""

from eventwire.temporal.event_date import date_event
from eventwire.temporal.patterns import TemporalGrammar, default_grammar, load_temporal_grammar
from eventwire.temporal.resolve import DateResolver, find_time_expressions, make_date_resolver, parse_published

__all__ = [
    "DateResolver",
    "TemporalGrammar",
    "date_event",
    "default_grammar",
    "find_time_expressions",
    "load_temporal_grammar",
    "make_date_resolver",
    "parse_published",
]
