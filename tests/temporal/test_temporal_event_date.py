"""Issue 5: each event is dated by what its clause says, else its sentence, else the publication date."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.document import Article, Document, EventDate
from eventwire.parse import load_nlp
from eventwire.temporal import date_event, find_time_expressions

pytestmark = [pytest.mark.model, pytest.mark.issue(5)]


def _document(text: str, published: str | None) -> Document:
    doc = Document(Article(id="t", text=text, published=published))
    doc.spacy_doc = load_nlp("en_core_web_sm")(text)
    doc.timexes = find_time_expressions(text, published)
    return doc


def _trigger(doc: Document, word: str) -> int:
    matches = [token.i for token in doc.spacy_doc if token.text == word]
    assert len(matches) == 1, f"{word!r} occurs {len(matches)} times"
    return matches[0]


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> Document:
    return _document(seed_path.read_text(encoding="utf-8"), "2019-07-05T00:07")


@pytest.mark.parametrize(("trigger", "value", "precision", "text"), [
    ("reached", "2018-09-17", "day", "Sept. 17, 2018"),  # background event keeps its own date
    ("intensified", "2019-04-26", "day", "April 26"),  # "as of April 26"
    ("hit", "2019-07-03", "day", "early Wednesday"),  # the Wednesday before the Friday story
    ("airstrike", "2019-07-03", "day", "early Wednesday"),  # a noun trigger takes its verb's date
    ("launched", "2019-04", "month", "April"),
    ("offensive", "2019-04", "month", "April"),
])
def test_temporal_seed_events_dated_by_their_clause(seed: Document, trigger: str, value: str, precision: str,
                                                    text: str) -> None:
    assert date_event(seed, _trigger(seed, trigger)) == EventDate(value, precision, text, "text")


@pytest.mark.parametrize("trigger", ["urges", "discussed", "defined"])
def test_temporal_undated_seed_events_take_the_publication_date(seed: Document, trigger: str) -> None:
    assert date_event(seed, _trigger(seed, trigger)) == EventDate("2019-07-05", "day", None, "publication")


def test_temporal_durations_never_date_an_event() -> None:
    doc = _document("Haftar has been trying to destroy the government for months.", "2019-07-05")
    assert date_event(doc, _trigger(doc, "destroy")) == EventDate("2019-07-05", "day", None, "publication")


def test_temporal_reporting_date_does_not_date_the_reported_event() -> None:
    doc = _document("Officials said Friday that rebels shelled the town on Tuesday.", "2019-07-05")
    assert date_event(doc, _trigger(doc, "shelled")) == EventDate("2019-07-02", "day", "Tuesday", "text")
    assert date_event(doc, _trigger(doc, "said")) == EventDate("2019-07-05", "day", "Friday", "text")


def test_temporal_date_elsewhere_in_sentence_beats_publication() -> None:
    doc = _document("In 2017, after the talks collapsed, rebels seized the airport.", "2019-07-05")
    assert date_event(doc, _trigger(doc, "collapsed")) == EventDate("2017", "year", "2017", "text")


def test_temporal_no_date_and_no_publication_gives_none() -> None:
    doc = _document("Rebels seized the airport.", None)
    assert date_event(doc, _trigger(doc, "seized")) is None


def test_temporal_bound_of_another_clause_dates_nothing_else() -> None:
    doc = _document("Gadhafi, who ruled Libya until the Feb. 17, 2011 revolution, was toppled. Haftar has been "
                    "trying to destroy the GNA for months, officials say.", "2019-07-05")
    # in one sentence: the relative clause's bound must not date the main clause's event
    doc2 = _document("After Gadhafi, who ruled Libya until the Feb. 17, 2011 revolution, Haftar has been trying "
                     "to destroy the GNA for months.", "2019-07-05")
    assert date_event(doc2, _trigger(doc2, "destroy")) == EventDate("2019-07-05", "day", None, "publication")
    assert date_event(doc, _trigger(doc, "destroy")).basis == "publication"  # type: ignore[union-attr]


@pytest.mark.issue(11)
def test_temporal_past_event_continues_the_day_named_just_before() -> None:
    story = ("Welch went to a residence about 1:45 a.m. Saturday and got into a fight with Gillen. "
             "While they were struggling, Vasquez stabbed Welch.")
    doc = _document(story, "2009-03-24")
    assert date_event(doc, _trigger(doc, "stabbed")) == \
        EventDate("2009-03-21", "day", "about 1:45 a.m. Saturday", "context")
    # a new paragraph starts a new stretch of the story
    doc = _document(story.replace(". While", ".\n\nWhile"), "2009-03-24")
    assert date_event(doc, _trigger(doc, "stabbed")).basis == "publication"  # type: ignore[union-attr]
    # a present perfect is no narrative step; nor is a day long before the story
    doc = _document("Police arrested Gillen on Saturday. Vasquez has stabbed people before.", "2009-03-24")
    assert date_event(doc, _trigger(doc, "stabbed")).basis == "publication"  # type: ignore[union-attr]
    doc = _document("Police arrested Gillen on Jan. 3, 2009. Vasquez stabbed Welch.", "2009-03-24")
    assert date_event(doc, _trigger(doc, "stabbed")).basis == "publication"  # type: ignore[union-attr]


@pytest.mark.issue(11)
def test_temporal_event_date_rules_file_is_checked(tmp_path: Path) -> None:
    from eventwire.errors import LexiconError
    from eventwire.temporal.event_date import load_event_date_rules, read_event_date_rules

    assert load_event_date_rules().sentences_back == 2
    bad = tmp_path / "event_date.toml"
    bad.write_text('schema_version = 1\nkind = "event_date"\n[narrative]\nsentences_back = -1\n'
                   "max_days_before_publication = 31\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="sentences_back must be a whole number"):
        read_event_date_rules(bad)
