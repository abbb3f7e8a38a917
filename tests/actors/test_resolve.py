"""Issue 3: the actors stage finds the seed article's actor mentions, links later references, maps arguments."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from eventwire.actors import actor_for_token, make_actor_resolver
from eventwire.config import Settings
from eventwire.document import ActorMention, Article, Document
from eventwire.ingest import read_articles
from eventwire.parse import Parser, load_nlp

pytestmark = [pytest.mark.model, pytest.mark.issue(3)]


@pytest.fixture(scope="module")
def seed_doc(seed_path: Path) -> Document:
    article = next(a for a in read_articles([str(seed_path)], Settings()) if isinstance(a, Article))
    doc = Parser(Settings().model)(Document(article))
    return make_actor_resolver(Settings())(doc)


def parse(text: str, published: str = "2019-07-05") -> Document:
    doc = Parser(Settings().model)(Document(Article(id="t", text=text, published=published)))
    return make_actor_resolver(Settings())(doc)


def mention(doc: Document, text: str, nth: int = 0) -> ActorMention:
    found = [m for m in doc.actor_mentions if m.text == text]
    assert len(found) > nth, f"no mention {text!r} in {[m.text for m in doc.actor_mentions]}"
    return found[nth]


def root(doc: Document, m: ActorMention) -> ActorMention:
    while m.antecedent is not None:
        m = doc.actor_mentions[m.antecedent]
    return m


@pytest.mark.parametrize(("text", "code", "name"), [
    ("Foreign Minister Mevlüt Çavuşoğlu", "TURGOV", "Mevlüt Çavuşoğlu"),
    ("President Recep Tayyip Erdoğan", "TURGOV", "Recep Tayyip Erdoğan"),
    ("his Russian counterpart Vladimir Putin", "RUSGOV", "Vladimir Putin"),
    ("the Bashar Assad regime", "SYRGOV", "Bashar al-Assad"),
    ("Turkish observation posts", "TURMIL", "Turkey"),
    ("Hayat Tahrir al-Sham (HTS) militants", "SYRREB", "Hayat Tahrir al-Sham"),
    ("U.N. officials", "IGOUNO", "United Nations"),
    ("Libya's Tripoli-based Government of National Accord (GNA)", "LBYGOV", "Government of National Accord"),
    ("Prime Minister Faiz al-Sarraj", "LBYGOV", "Fayez al-Sarraj"),
    ("Ankara", "TURGOV", "Turkey"),
    ("Moscow", "RUSGOV", "Russia"),
    ("migrants", "REF", None),
])
def test_actors_seed_mentions_cover_the_whole_phrase(seed_doc: Document, text: str, code: str,
                                                      name: str | None) -> None:
    m = mention(seed_doc, text)
    assert (m.code, m.name) == (code, name)
    assert seed_doc.text[m.start: m.end] == text
    assert m.head is not None and m.start <= seed_doc.spacy_doc[m.head].idx < m.end


def test_actors_seed_later_references_link_to_the_full_mention(seed_doc: Document) -> None:
    full = mention(seed_doc, "Foreign Minister Mevlüt Çavuşoğlu")
    later = mention(seed_doc, "Çavuşoğlu", 1)
    assert later.start > full.start and root(seed_doc, later) is full and later.code == "TURGOV"

    gna = mention(seed_doc, "Libya's Tripoli-based Government of National Accord (GNA)")
    the_gna = mention(seed_doc, "the GNA")
    assert root(seed_doc, the_gna) is gna and the_gna.code == "LBYGOV"

    his = mention(seed_doc, "his")
    assert his.kind == "pronoun" and his.name == "Recep Tayyip Erdoğan"

    regime = mention(seed_doc, "the regime")
    assert regime.code == "SYRGOV" and regime.antecedent is not None

    general = mention(seed_doc, "the self-proclaimed general")
    assert general.name == "Khalifa Haftar" and general.code == "LBYREB"

    militia = mention(seed_doc, "His militia")
    assert militia.country == "LBY" and militia.name == "Khalifa Haftar"


def test_actors_seed_places_after_prepositions_are_not_actors(seed_doc: Document) -> None:
    texts = {m.text for m in seed_doc.actor_mentions}
    assert "Tokyo" not in texts  # "on the sidelines of the G20 meeting in Tokyo"


def test_actors_argument_token_maps_to_its_mention(seed_doc: Document) -> None:
    spacy_doc = seed_doc.spacy_doc
    counterpart = next(t for t in spacy_doc if t.text == "counterpart")
    assert actor_for_token(seed_doc, counterpart.i).code == "RUSGOV"
    putin = next(t for t in spacy_doc if t.text == "Putin")
    assert actor_for_token(seed_doc, putin.i).name == "Vladimir Putin"
    acts = next(t for t in spacy_doc if t.text == "acts")  # "Haftar's acts": the possessor is the actor
    assert actor_for_token(seed_doc, acts.i).name == "Khalifa Haftar"
    interview = next(t for t in spacy_doc if t.text == "piracy")
    assert actor_for_token(seed_doc, interview.i) is None


def test_actors_story_date_changes_the_office_holder() -> None:
    text = "Turkey's foreign minister met his Iranian counterpart in Ankara."
    early, late = parse(text, "2019-07-05"), parse(text, "2024-03-01")
    assert mention(early, "Turkey's foreign minister").name == "Mevlüt Çavuşoğlu"
    assert mention(late, "Turkey's foreign minister").name == "Hakan Fidan"
    assert mention(late, "his Iranian counterpart").code == "IRNGOV"


def test_actors_resolver_pickles_small_and_loads_lazily() -> None:
    resolver = make_actor_resolver(Settings())
    blob = pickle.dumps(resolver)
    assert len(blob) < 2000
    again = pickle.loads(blob)
    doc = Parser(Settings().model)(Document(Article(id="p", text="Ankara urges Moscow.", published="2019-07-05")))
    assert [m.code for m in again(doc).actor_mentions] == ["TURGOV", "RUSGOV"]


def test_actors_entity_ruler_finds_names_the_model_misses() -> None:
    nlp = load_nlp(Settings().model)
    assert "eventwire_actor_names" in nlp.pipe_names
    spacy_doc = nlp("Çavuşoğlu said the Sochi agreement holds.")
    ents = {e.text: e.label_ for e in spacy_doc.ents}
    assert ents.get("Çavuşoğlu") == "PERSON"
    assert ents.get("Sochi") == "GPE"


def test_actors_unknown_person_links_by_surname_and_pronouns_skip_their_own_subject() -> None:
    doc = parse("Turkish Prime Minister Jane Doemeyer met rebels on Monday. Doemeyer said the talks went well. "
                "Erdogan welcomed her.")
    first = mention(doc, "Turkish Prime Minister Jane Doemeyer")
    assert first.code == "TURGOV" and first.name == "Turkey"  # a name after the title: not the office-holder
    later = mention(doc, "Doemeyer")
    assert root(doc, later) is first
    her = mention(doc, "her")
    assert root(doc, her) is first  # an object pronoun is not the subject of its own clause (Erdogan)


@pytest.mark.issue(11)
def test_resolve_a_direction_word_alone_is_no_actor() -> None:
    from eventwire.actors import load_actor_kb

    kb = load_actor_kb(Settings())
    assert kb.resolve("North") is None and kb.resolve("North Side") is None
    resolved = kb.resolve("North Korea")
    assert resolved is not None and resolved.code == "PRK"


@pytest.mark.issue(11)
def test_actors_pronoun_after_an_unknown_person_is_not_an_earlier_official() -> None:
    doc = parse("Mayor Michael Coleman praised the bank. Jane Doe, a loan officer, joined the bank in 1990. "
                "Over the past 27 years, she has attended numerous seminars.")
    assert all(m.text.lower() != "she" for m in doc.actor_mentions)
    doc = parse("Turkish President Recep Tayyip Erdogan arrived in Moscow. He urged Russia to halt the offensive.")
    assert mention(doc, "He").code == "TURGOV"
