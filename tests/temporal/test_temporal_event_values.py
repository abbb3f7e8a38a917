"""Issue 5: which TimeML values can date an event, and at what precision."""

from __future__ import annotations

import pytest

from eventwire.temporal.event_date import event_date_of

pytestmark = pytest.mark.issue(5)


@pytest.mark.parametrize(("value", "expected"), [
    ("2019-07-03", ("2019-07-03", "day")),
    ("2019-07-04TNI", ("2019-07-04", "day")),
    ("2019-07-05T22:00", ("2019-07-05", "day")),
    ("2019-04", ("2019-04", "month")),
    ("2019", ("2019", "year")),
    ("2019-Q1", ("2019", "year")),
    ("2016-SU", ("2016", "year")),
    ("2019-W26", ("2019-06", "month")),  # the month of the week's Thursday
    ("2019-W01", ("2019-01", "month")),
])
def test_temporal_event_date_precision_follows_the_value(value: str, expected: tuple[str, str]) -> None:
    assert event_date_of(value) == expected


@pytest.mark.parametrize("value", ["P8M", "PXM", "PRESENT_REF", "PAST_REF", "XXXX-04-26", "XXXX-WXX-3", "199", "19"])
def test_temporal_vague_or_relative_values_never_date_an_event(value: str) -> None:
    assert event_date_of(value) is None
