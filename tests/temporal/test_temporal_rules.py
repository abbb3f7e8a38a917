"""Issue 5: the general TimeML rules behind the TimeBank + AQUAINT value score, one behaviour per case.

Each case is a sentence a news article could contain; none is taken from the dev set.
"""

from __future__ import annotations

import pytest

from eventwire.temporal import find_time_expressions

pytestmark = pytest.mark.issue(5)


def _covering(text: str, published: str, needle: str) -> list[tuple[str, str, str]]:
    """(text, type, value) of the expressions that overlap ``needle`` (which occurs once in ``text``)."""
    start = text.index(needle)
    end = start + len(needle)
    found = find_time_expressions(text, published)
    return [(t.text, t.type, t.value) for t in found if t.start < end and t.end > start]


@pytest.mark.parametrize(("text", "published", "needle", "expected"), [
    # a capitalised word in -ed is a name, not a past-tense verb: "will" decides
    ("The father will travel to the United States Thursday.", "2000-04-05", "Thursday",
     ("Thursday", "DATE", "2000-04-06")),
    # "next to" is a place, not a tense cue
    ("A bomb exploded next to the embassy on Friday.", "1998-08-08", "Friday", ("Friday", "DATE", "1998-08-07")),
    # a plan reported in the past perfect lies behind
    ("The offer had been scheduled to expire Friday.", "1989-10-30", "Friday", ("Friday", "DATE", "1989-10-27")),
    # a participle after "be" is no past tense ("will be paid")
    ("The bonus will be paid Friday.", "2019-07-03", "Friday", ("Friday", "DATE", "2019-07-05")),
    # "planned" on its own is a past form; "is planned" looks ahead
    ("A memorial service planned for Saturday was canceled.", "1999-10-24", "Saturday",
     ("Saturday", "DATE", "1999-10-23")),
    ("A rally is planned for Saturday.", "1999-10-20", "Saturday", ("Saturday", "DATE", "1999-10-23")),
    # "Gen." does not end the sentence, so "will" is still seen
    ("He will meet Gen. Smith on Thursday.", "2019-07-05", "Thursday", ("Thursday", "DATE", "2019-07-11")),
    # a sentence that starts with the expression is not read with the previous sentence's tense
    ("Prices would rise. Saturday traders sold shares.", "1989-10-30", "Saturday",
     ("Saturday", "DATE", "1989-10-28")),
    # "ended" right before a year-less date rules the future out
    ("In the fiscal year ended Jan. 31, sales rose.", "1989-10-31", "Jan. 31", ("Jan. 31", "DATE", "1989-01-31")),
    # a possessive weekday names an event already reported, whatever the sentence's tense ...
    ("The relatives said they would appeal Wednesday's ruling.", "2000-01-07", "Wednesday",
     ("Wednesday's", "DATE", "2000-01-05")),
    # ... unless it is announced ahead
    ("Campaigning closed ahead of Sunday's election.", "2019-07-05", "Sunday", ("Sunday's", "DATE", "2019-07-07")),
])
def test_temporal_tense_cues_place_dates(text: str, published: str, needle: str,
                                         expected: tuple[str, str, str]) -> None:
    assert _covering(text, published, needle) == [expected]


def test_temporal_comparisons_use_the_reported_period_not_a_future_one() -> None:
    text = ("Travelers's third-quarter net rose 11%. It expects a fourth-quarter charge of $10 million. "
            "Earnings fell 59% in the latest quarter, compared with $6.1 million a year ago.")
    found = {t.text: t.value for t in find_time_expressions(text, "1989-11-02")}
    assert found["the latest quarter"] == "1989-Q3"
    assert found["a year ago"] == "1988-Q3"


@pytest.mark.parametrize("phrase", ["the quarter a year ago", "last year's quarter", "the same period last year"])
def test_temporal_period_a_year_before_is_one_expression(phrase: str) -> None:
    text = f"Net rose in the third quarter. For {phrase}, it earned $16 million."
    assert _covering(text, "1989-10-26", phrase) == [(phrase, "DATE", "1988-Q3")]


@pytest.mark.parametrize(("text", "needle", "expected"), [
    # "over" widens a duration ("over 30 days"), never a date after it
    ("Evidence arrived over the weekend.", "the weekend", ("the weekend", "DATE", "1998-W33-WE")),
    ("The ban lasts at least 30 days.", "30 days", ("at least 30 days", "DURATION", "P30D")),
    ("Claims began nearly two weeks ago.", "two weeks ago", ("nearly two weeks ago", "DATE", "1998-W32")),
])
def test_temporal_modifiers_follow_the_type(text: str, needle: str, expected: tuple[str, str, str]) -> None:
    assert _covering(text, "1998-08-17", needle) == [expected]


@pytest.mark.parametrize(("text", "published", "needle", "expected"), [
    ("Net for the year-earlier nine months included a gain.", "1989-10-26", "nine months",
     ("the year-earlier nine months", "DURATION", "P9M")),
    ("Protesters prayed as Easter week began.", "2000-04-17", "Easter", ("Easter week", "DATE", "2000-W16")),
    ("Threats had become routine over the past decade.", "1998-10-25", "decade",
     ("the past decade", "DURATION", "P10Y")),
    ("The slump will last through the first two quarters of 1990.", "1989-10-26", "quarters",
     ("the first two quarters of 1990", "DATE", "1990-H1")),
    ("It will cut tax payments in future quarters.", "1989-10-30", "quarters",
     ("future quarters", "DATE", "FUTURE_REF")),
    ("Then, a week or so ago, the general picked a date.", "1991-02-25", "week",
     ("a week or so ago", "DATE", "1991-W08")),
    ("Shipments resume within two to three weeks.", "1989-10-30", "weeks",
     ("within two to three weeks", "DURATION", "PXW")),
    ("The cuts save $500 million a year.", "1989-10-30", "a year", ("a year", "SET", "P1Y")),
    ("Now that we have this information, we will act.", "2000-02-10", "Now", ("Now", "DATE", "PRESENT_REF")),
])
def test_temporal_general_rules(text: str, published: str, needle: str, expected: tuple[str, str, str]) -> None:
    assert _covering(text, published, needle) == [expected]


def test_temporal_previous_weekday_counts_from_the_day_last_named() -> None:
    text = "Stocks closed Friday down 4.5% from the previous Friday."
    found = [(t.text, t.value) for t in find_time_expressions(text, "1989-10-30")]
    assert found == [("Friday", "1989-10-27"), ("the previous Friday", "1989-10-20")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Flights leave Bombay on Mondays and on Tuesday nights.",
     [("Mondays", "SET", "XXXX-WXX-1"), ("Tuesday nights", "SET", "XXXX-WXX-2TNI")]),
    ("Most sales come in the second and fourth quarters.", [("fourth quarters", "SET", "XXXX-Q4")]),
])
def test_temporal_plural_days_and_quarters_recur(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(t.text, t.type, t.value) for t in find_time_expressions(text, "1998-02-13")] == expected


@pytest.mark.parametrize("text", [
    "For the people of Poland, high noon comes soon.",  # an idiom, not a clock time
    'Baker said on ABC News\' "This Week" that the request was valid.',  # a show's title
    "Gonzalez said on CBS's ''60 Minutes'' that he was angry.",
    "The Iraqis resisted attempts to inspect such quarters.",  # living quarters
])
def test_temporal_ignores_titles_and_idioms(text: str) -> None:
    assert find_time_expressions(text, "1999-03-12") == []


def test_temporal_part_of_a_day_is_no_duration() -> None:
    text = "Police arrested him in the early hours of Thursday morning."
    assert [(t.text, t.type) for t in find_time_expressions(text, "1999-10-08")] == [("Thursday morning", "TIME")]


@pytest.mark.issue(11)
@pytest.mark.parametrize("text", ["The shooting happened at 1935 Orchard St. around 2 a.m.",
                                  "Officers searched the home at 2010 Martin Luther King Jr. Blvd."])
def test_temporal_a_house_number_is_no_year(text: str) -> None:
    assert [e.text for e in find_time_expressions(text, "2009-03-16") if e.text.isdigit()] == []


def test_temporal_a_year_before_a_name_is_still_a_year() -> None:
    assert [e.value for e in find_time_expressions("In 1995 Clinton visited Bosnia.", "2009-03-16")] == ["1995"]
