"""One actor-name pass per document: the resolver takes the actor-name component's matches (issue 16)."""

from __future__ import annotations

import pytest

from eventwire import Article, Document
from eventwire.actors import resolve
from eventwire.pipeline import make_pipeline

TEXT = ("Turkish Foreign Minister Mevlüt Çavuşoğlu met Sergey Lavrov in Sochi on Monday. Police in Paris arrested "
        "two men, and the UN Security Council condemned the attack by Hayat Tahrir al-Sham (HTS) in Idlib.")


@pytest.mark.model
def test_resolver_reuses_the_parse_matches_and_finds_the_same_mentions(monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline = make_pipeline(until="actors")
    pipeline.load()
    calls = []
    original = resolve.find_matches

    def counted(kb, toks):  # type: ignore[no-untyped-def]
        calls.append(len(toks))
        return original(kb, toks)

    monkeypatch.setattr(resolve, "find_matches", counted)
    [doc] = list(pipeline.pipe([Article(id="a", text=TEXT, published="2019-07-05")]))
    assert isinstance(doc, Document) and calls == []  # no pass of the resolver's own (the ruler keeps its import)
    assert doc.spacy_doc not in resolve._PARSE_MATCHES  # taken once, and the doc's user_data stays plain
    shared = [m.to_dict() for m in doc.actor_mentions]
    # without the parse's matches the resolver makes its own pass, and finds the same mentions
    assert [m.to_dict() for m in resolve.find_actor_mentions(doc, pipeline.stages[1].fn.kb)] == shared
    assert len(calls) == 1 and shared
