"""Recognising and resolving the places of a story (real spaCy model, real gazetteer)."""

from __future__ import annotations

import pickle
from collections.abc import Callable

import pytest

from eventwire.config import Settings
from eventwire.document import Document, Place
from eventwire.geo import make_geoparser

pytestmark = pytest.mark.model


def _places(doc: Document, text: str) -> list[Place]:
    return [p for p in doc.places if p.text == text]


@pytest.mark.issue(7)
@pytest.mark.parametrize(("text", "name", "country", "kind"), [
    ("Idlib", "Idlib", "SYR", "city"),
    ("Tripoli", "Tripoli", "LBY", "city"),
    ("Tokyo", "Tokyo", "JPN", "city"),
    ("Sochi", "Sochi", "RUS", "city"),
    ("the Libyan capital", "Tripoli", "LBY", "city"),
    ("Syria", "Syria", "SYR", "country"),
])
def test_geo_seed_places_resolve(seed_doc: Document, text: str, name: str, country: str, kind: str) -> None:
    found = _places(seed_doc, text)
    assert found, f"{text!r} not found"
    for place in found:
        assert (place.name, place.country) == (name, country), place
        # "the Idlib region" is the governorate (see the feature-word test); every other mention is the town
        if not seed_doc.text.startswith(" region", place.end):
            assert place.kind == kind, place


@pytest.mark.issue(7)
def test_geo_tripoli_in_a_libya_story_is_libyas(seed_doc: Document) -> None:
    tripolis = [p for p in seed_doc.places if p.name == "Tripoli"]
    assert len(tripolis) >= 4
    assert {p.geonameid for p in tripolis} == {2210247}
    assert all(p.lat == pytest.approx(32.89, abs=0.05) and p.lon == pytest.approx(13.19, abs=0.05) for p in tripolis)


def test_geo_offsets_point_into_the_text(seed_doc: Document) -> None:
    for place in seed_doc.places:
        assert seed_doc.text[place.start : place.end] == place.text


def test_geo_direction_words_are_not_part_of_the_name(seed_doc: Document) -> None:
    # "northwestern Syria's Idlib" is Idlib (in Syria); "western Syria" is Syria
    start = seed_doc.text.index("northwestern Syria's Idlib")
    near = [p for p in seed_doc.places if start <= p.start < start + 30]
    assert [(p.text, p.kind) for p in near] == [("Syria", "country"), ("Idlib", "city")]
    west = seed_doc.text.index("western Syria", start + 30)
    assert [p.text for p in seed_doc.places if west <= p.start < west + 14] == ["Syria"]


def test_geo_demonyms_are_listed_with_their_country(seed_doc: Document) -> None:
    turkish = _places(seed_doc, "Turkish")
    assert turkish and turkish[0].kind == "demonym" and turkish[0].country == "TUR"
    assert turkish[0].lat is not None and turkish[0].geonameid == 298795
    assert {p.country for p in _places(seed_doc, "Syrian")} == {"SYR"}


def test_geo_feature_word_picks_the_subdivision(seed_doc: Document) -> None:
    region = seed_doc.text.index("the Idlib region")
    idlib = [p for p in seed_doc.places if p.start == region + len("the ")]
    assert idlib and idlib[0].kind == "admin" and idlib[0].country == "SYR"


def test_geo_tripoli_in_a_lebanon_story_is_lebanons(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("Clashes in Lebanon\n\nFighting broke out in Tripoli, the second city of Lebanon, on Sunday, "
                   "and the army was deployed in Beirut.")
    assert {p.country for p in doc.places if p.text == "Tripoli"} == {"LBN"}


def test_geo_state_qualifier_resolves_the_town(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("A new development in Gainesville, Va., offers townhouses near the Blue Ridge.")
    town = _places(doc, "Gainesville")
    assert town and town[0].country == "USA" and town[0].admin1 == "Virginia"
    assert [p.name for p in _places(doc, "Va.")] == ["Virginia"]


def test_geo_capitalised_common_words_are_not_places(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("Man in court over burglaries\n\nThe Act gives chiefs power. Still, nothing changed.")
    assert doc.places == []


def test_geo_geoparser_pickles_small(seed_doc: Document) -> None:
    geoparser = make_geoparser(Settings())
    _ = geoparser.gazetteer  # loaded: must not travel with the stage
    assert len(pickle.dumps(geoparser)) < 2000
    assert pickle.loads(pickle.dumps(geoparser)).settings == geoparser.settings


@pytest.mark.parametrize(("text", "expected"), [
    ("Fighting raged in Libya's capital overnight.", [("Libya's capital", "Tripoli", "LBY")]),
    ("Protesters gathered in the Turkish capital on Monday.", [("the Turkish capital", "Ankara", "TUR")]),
    ("Investors fled the Turkish capital markets.", [("Turkish", "Turkey", "TUR")]),
])
def test_geo_capital_phrases(geoparse: Callable[[str], Document], text: str,
                             expected: list[tuple[str, str, str]]) -> None:
    assert [(p.text, p.name, p.country) for p in geoparse(text).places] == expected
