"""Issue 5: temporal expressions found and normalised against the publication date (TimeML TIMEX3)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.document import Article, Document, TimeExpr
from eventwire.errors import InputError
from eventwire.temporal import find_time_expressions, make_date_resolver

pytestmark = pytest.mark.issue(5)

SEED_PUBLISHED = "2019-07-05"


def _one(text: str, published: str | None, needle: str) -> TimeExpr:
    """The expression that covers ``needle`` (which must occur once in ``text``)."""
    start = text.index(needle)
    found = [t for t in find_time_expressions(text, published) if t.start < start + len(needle) and t.end > start]
    assert len(found) == 1, f"{needle!r}: {found}"
    return found[0]


@pytest.fixture(scope="module")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("needle", "kind", "value"), [
    ("Sept. 17, 2018", "DATE", "2018-09-17"),
    ("April 26", "DATE", "2019-04-26"),
    ("early Wednesday", "DATE", "2019-07-03"),
    ("in April", "DATE", "2019-04"),
    ("eight months", "DURATION", "P8M"),
    ("for months", "DURATION", "PXM"),
    ("Feb. 17, 2011", "DATE", "2011-02-17"),
    ("42 years", "DURATION", "P42Y"),
    ("05.07.2019", "DATE", "2019-07-05"),
])
def test_temporal_seed_expressions(seed_text: str, needle: str, kind: str, value: str) -> None:
    expr = _one(seed_text, SEED_PUBLISHED, needle)
    assert (expr.type, expr.value) == (kind, value)
    assert seed_text[expr.start:expr.end] == expr.text


def test_temporal_seed_spans_follow_timeml(seed_text: str) -> None:
    texts = {t.text for t in find_time_expressions(seed_text, SEED_PUBLISHED)}
    assert {"early Wednesday", "Sept. 17, 2018", "April 26", "eight months", "42 years"} <= texts
    assert "for months" not in texts and "months" in texts  # "for" is a signal, not part of the expression


@pytest.mark.parametrize(("text", "needle", "kind", "value"), [
    # weekdays go the way the sentence's tense points; a Friday story's "Wednesday" is two days back
    ("The minister said Wednesday that talks had failed.", "Wednesday", "DATE", "2019-07-03"),
    ("The council will vote on Tuesday.", "Tuesday", "DATE", "2019-07-09"),
    ("Rebels attacked the town on Friday.", "Friday", "DATE", "2019-07-05"),
    ("Troops withdrew last Friday.", "last Friday", "DATE", "2019-06-28"),
    ("Protests began Thursday night.", "Thursday night", "TIME", "2019-07-04TNI"),
    ("The ceasefire was signed yesterday.", "yesterday", "DATE", "2019-07-04"),
    ("Talks resume tomorrow.", "tomorrow", "DATE", "2019-07-06"),
    ("Parliament met today.", "today", "DATE", "2019-07-05"),
    ("Prices rose last week.", "last week", "DATE", "2019-W26"),
    ("The summit is next month.", "next month", "DATE", "2019-08"),
    ("Elections were held last year.", "last year", "DATE", "2018"),
    ("The war began three years ago.", "three years ago", "DATE", "2016"),
    ("Fighting flared earlier this year.", "earlier this year", "DATE", "2019"),
    ("The offensive stalled in late June.", "late June", "DATE", "2019-06"),
    ("The party was founded in December.", "December", "DATE", "2018-12"),
    ("Exports fell in the first quarter.", "the first quarter", "DATE", "2019-Q1"),
    ("Exports fell in the third quarter of 2017.", "the third quarter of 2017", "DATE", "2017-Q3"),
    ("Unrest grew in the summer of 2016.", "the summer of 2016", "DATE", "2016-SU"),
    ("Revenue for fiscal 2018 fell.", "fiscal 2018", "DATE", "2018"),
    ("Violence peaked in the 1990s.", "the 1990s", "DATE", "199"),
    ("The hearing ends at 10 p.m.", "10 p.m.", "TIME", "2019-07-05T22:00"),
    ("The town has been besieged for the past three months.", "the past three months", "DURATION", "P3M"),
    ("The regime is now under pressure.", "now", "DATE", "PRESENT_REF"),
    ("The group recently expanded.", "recently", "DATE", "PAST_REF"),
    ("The agency reports quarterly.", "quarterly", "SET", "P3M"),
    ("Patrols run every week.", "every week", "SET", "P1W"),
    ("The court could one day rule on it.", "one day", "DATE", "FUTURE_REF"),
    ("The court sat for one day.", "one day", "DURATION", "P1D"),
    ("Aid arrived on March 3, 2019 and talks ended the next day.", "the next day", "DATE", "2019-03-04"),
])
def test_temporal_expressions_normalised(text: str, needle: str, kind: str, value: str) -> None:
    expr = _one(text, "2019-07-05T00:07", needle)
    assert (expr.type, expr.value) == (kind, value), expr


def test_temporal_without_publication_date_resolves_only_absolute() -> None:
    found = {t.text: t.value for t in find_time_expressions(
        "The deal was reached on Sept. 17, 2018; the attack came on April 26 and fighting resumed yesterday.",
        None)}
    assert found["Sept. 17, 2018"] == "2018-09-17"
    assert found["April 26"] == "XXXX-04-26"
    assert found["yesterday"] == "XXXX-XX-XX"


@pytest.mark.parametrize(("day_first", "value"), [(True, "2019-07-05"), (False, "2019-05-07")])
def test_temporal_numeric_dates_follow_the_day_first_setting(day_first: bool, value: str) -> None:
    found = find_time_expressions("Published 05.07.2019 00:07", None, day_first=day_first)
    assert [t.value for t in found] == [value]


def test_temporal_impossible_numeric_date_is_read_the_only_possible_way() -> None:
    assert [t.value for t in find_time_expressions("on 07/25/2019", None)] == ["2019-07-25"]


@pytest.mark.parametrize("text", [
    "We know them.",  # "now" inside "know"
    "The Mayor may resign.",
    "They march on the capital.",
    "He won 1,995 votes and $2019 in cash.",
    "Room 1998 is empty.",
    "A 44-year-old man was arrested.",
    "The company raised its quarterly dividend.",
    "He was named Citizen of the Year.",
])
def test_temporal_ignores_look_alikes(text: str) -> None:
    assert find_time_expressions(text, "2019-07-05") == []


def test_temporal_offsets_index_the_text_as_given() -> None:
    text = "  Héllo — on Sept. 17, 2018\n\nand early Wednesday."
    for expr in find_time_expressions(text, "2019-07-05"):
        assert text[expr.start:expr.end] == expr.text


def test_temporal_bad_publication_date_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="not an ISO date"):
        find_time_expressions("yesterday", "5 July 2019")


def test_temporal_stage_fills_timexes_and_pickles() -> None:
    resolver = make_date_resolver(Settings(day_first=False))
    clone = pickle.loads(pickle.dumps(resolver))
    doc = Document(Article(id="a1", text="Shelling resumed on 07.05.2019 and yesterday.", published="2019-07-06"))
    doc = clone(doc)
    assert [(t.text, t.value) for t in doc.timexes] == [("07.05.2019", "2019-07-05"), ("yesterday", "2019-07-05")]
