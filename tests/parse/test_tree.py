"""Walking the parse: tokens compared by index, every climb bounded by its sentence (issue 10)."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from eventwire import Article
from eventwire.parse.spacy_parse import load_nlp
from eventwire.parse.tree import climb_while, conjuncts, heads, is_root
from eventwire.pipeline import code_article, make_pipeline

pytestmark = [pytest.mark.model, pytest.mark.issue(10)]


@contextmanager
def _within(seconds: int) -> Iterator[None]:
    """Fail the test, instead of hanging it, if the block runs longer than ``seconds``."""
    def expired(signum: int, frame: object) -> None:
        raise AssertionError(f"did not finish within {seconds} s: a walk over the parse does not end")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_tree_root_is_found_by_index_and_heads_end_there() -> None:
    spacy_doc = load_nlp("en_core_web_sm")("Police shot a protester in Nairobi. Monday, when it rained.")
    for token in spacy_doc:
        climbed = list(heads(token))
        assert len(climbed) < len(token.sent)
        last = climbed[-1] if climbed else token
        assert is_root(last) and last.i == token.sent.root.i
    assert [t.i for t in spacy_doc if is_root(t)] == [s.root.i for s in spacy_doc.sents]


def test_tree_climb_while_stops_at_the_root_when_the_condition_always_holds() -> None:
    spacy_doc = load_nlp("en_core_web_sm")("Monday, when police shot a protester in Nairobi.")
    assert climb_while(spacy_doc[5], lambda t: True).i == spacy_doc[5].sent.root.i


def test_tree_conjuncts_of_a_long_list_need_no_recursion() -> None:
    names = ", ".join(f"Country{i}" for i in range(1500))
    spacy_doc = load_nlp("en_core_web_sm")(f"Delegates from {names} and Norway met.")
    first = next(t for t in spacy_doc if t.text == "Country0")
    members = conjuncts(first)
    assert len({t.i for t in members}) == len(members) >= 2


@pytest.mark.parametrize(("published", "text", "date"), [
    ("2024-06-25", "Monday, when police shot a protester in Nairobi.", "2024-06-24"),
    ("2020-01-01", "Last Tuesday, when the army shelled Idlib.", None),
    ("2020-01-01", "The Delhi High Court on Friday ordered release of former youth Congress leader Sushil Kumar "
                   "Sharma, who has been serving life term for the murder of his wife Naina Sahni in 1995.", None),
])
def test_tree_sentences_headed_by_a_date_are_coded_without_hanging(published: str, text: str,
                                                                   date: str | None) -> None:
    with _within(60):
        doc = code_article(Article(id="d", text=text, published=published), make_pipeline())
    if date is not None:
        assert [e.date.value for e in doc.events if e.date] == [date]
