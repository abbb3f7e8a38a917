"""Issue 16: a parsed document's token attributes read once, as plain lists, for the scans of every stage."""

from __future__ import annotations

import gc

import pytest

from eventwire.parse.columns import _COLUMNS, is_capitalised, token_columns
from eventwire.parse.spacy_parse import load_nlp
from tests.conftest import SAMPLE_SEED

pytestmark = [pytest.mark.model, pytest.mark.issue(16)]


def test_columns_are_what_spacy_gives_for_every_token_and_span() -> None:
    text = SAMPLE_SEED.read_text(encoding="utf-8")
    spacy_doc = load_nlp("en_core_web_sm")(text)
    columns = token_columns(spacy_doc)
    assert columns.text == [t.text for t in spacy_doc]
    assert columns.lower == [t.lower_ for t in spacy_doc]
    assert columns.pos == [t.pos_ for t in spacy_doc]
    assert columns.ent_type == [t.ent_type_ for t in spacy_doc]
    assert columns.capitalised == [is_capitalised(t.text) for t in spacy_doc]
    assert "PROPN" in columns.pos and "GPE" in columns.ent_type  # a real parse, not empty strings
    assert columns.idx == [t.idx for t in spacy_doc] and columns.doc_text == spacy_doc.text
    for span in [*spacy_doc.sents, *spacy_doc.ents]:
        assert columns.span_text(span) == span.text
        assert columns.text_of(span.start, span.end) == span.text
    n = len(spacy_doc)
    for start, end in [(0, 1), (0, n), (5, 3), (n - 2, n + 5), (-3, n), (-3, -1), (n + 1, n + 4), (4, 4)]:
        assert columns.text_of(start, end) == spacy_doc[start:end].text, (start, end)
    assert token_columns(spacy_doc) is columns  # read once per document


def test_columns_go_with_their_document() -> None:
    nlp = load_nlp("en_core_web_sm")
    spacy_doc = nlp("Police arrested 15 protesters in Cairo on Monday.")
    token_columns(spacy_doc)
    held = len(_COLUMNS)
    del spacy_doc
    gc.collect()
    assert len(_COLUMNS) == held - 1


@pytest.mark.parametrize(("text", "expected"), [
    ("Idlib", True), ("IDLIB", True), ("St.", True), ("U.S.", True), ("D.C.", True),
    ("idlib", False), ("2018", False), ("A", True), ("iPhone", False), ("", False),
])
def test_capitalised_words(text: str, expected: bool) -> None:
    assert is_capitalised(text) is expected
