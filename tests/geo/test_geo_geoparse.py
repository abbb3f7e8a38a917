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


# -- issue item 3: disambiguation as a reader does it ------------------------------------------------------


def test_geo_town_inside_a_named_county_is_that_countys(geoparse: Callable[[str], Document]) -> None:
    # a town named like a country, beside a county that holds one of its namesakes: Lebanon, Indiana
    doc = geoparse("Terry Jolly, 60, of Lebanon, was arrested Thursday. Jolly, who has no prior arrest record in "
                   "Boone County, was taken into custody by Lebanon Police. Lebanon Police and the Boone County "
                   "Sheriff's Office began an investigation.")
    lebanons = _places(doc, "Lebanon")
    assert lebanons and all((p.country, p.admin1, p.kind) == ("USA", "Indiana", "city") for p in lebanons)
    boones = _places(doc, "Boone County")
    assert boones and all((p.country, p.admin1) == ("USA", "Indiana") for p in boones)


def test_geo_venue_is_placed_at_the_town_its_name_holds(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("Traders gathered in Dubai on Monday. The show opened at the Dubai World Trade Centre.")
    venue = _places(doc, "Dubai World Trade Centre")
    assert venue and venue[0].kind == "landmark"
    assert venue[0].country == "ARE" and venue[0].lat == pytest.approx(25.1, abs=0.5)


def test_geo_street_is_placed_at_the_storys_town(geoparse: Callable[[str], Document]) -> None:
    # a street the gazetteer lacks stands at the town of the story's dominant state, not at a town abroad
    doc = geoparse("WINNIPEG, Manitoba - Police closed Kingsley Road on Tuesday after a crash. Officers from "
                   "Winnipeg said the driver was taken to hospital.")
    road = _places(doc, "Kingsley Road")
    assert road and road[0].kind == "landmark"
    assert (road[0].name, road[0].country) == ("Winnipeg", "CAN")


def test_geo_large_feature_is_not_placed_at_a_town(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("Rebels fled into the Pilanesburg Mountains, officials in Pretoria said.")
    assert all(p.lat is None for p in _places(doc, "Pilanesburg Mountains"))


def test_geo_a_sea_is_not_a_small_town_of_the_storys_country(geoparse: Callable[[str], Document]) -> None:
    # "the Atlantic" (the model's LOC) in a United States story is the ocean, not Atlantic, Iowa
    doc = geoparse("Hurricanes that formed over the Atlantic this year hit the United States hard. Warm water "
                   "in the Atlantic fed the storms, US forecasters said.")
    atlantics = _places(doc, "Atlantic")
    assert atlantics and all(p.kind == "region" and p.name == "Atlantic Ocean" for p in atlantics)


def test_geo_name_does_not_end_in_a_lower_case_word(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("Scientists measured the temperature of the Pacific equatorial waters near Peru.")
    assert not [p for p in doc.places if p.text.endswith("equatorial")]


@pytest.mark.issue(12)
def test_geo_venues_named_after_saints_are_not_the_saints_places(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("The fire at St. Michael's Hospital in Toronto was put out. Officials at St. Mary's Church said "
                   "it was arson. She studied at the University of St. Thomas, then moved to St. Thomas, Ontario.")
    hospital = _places(doc, "St. Michael's Hospital")
    assert [(p.kind, p.name, p.country) for p in hospital] == [("landmark", "Toronto", "CAN")]
    church = _places(doc, "St. Mary's Church")
    assert [(p.kind, p.name) for p in church] == [("landmark", "Toronto")]
    university = _places(doc, "University of St. Thomas")
    # named after the saint: not at the town St. Thomas the story also names, but at the story's town
    assert university and all(p.name != "St. Thomas" for p in university)
    town = [p for p in doc.places if p.text == "St. Thomas" and p.kind == "city"]
    assert [(p.name, p.admin1) for p in town] == [("St. Thomas", "Ontario")]
    assert all(p.country != "BRB" and p.country != "JAM" for p in doc.places)


@pytest.mark.issue(12)
def test_geo_a_venue_is_at_the_place_its_own_words_give(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("A new campus has opened at Derry's Altnagelvin Hospital in Northern Ireland. Races are held "
                   "at Thruxton, Hampshire and at Oulton Park, Cheshire. The Agriculture Park at Wana opened.")
    assert [(p.name, p.country) for p in _places(doc, "Derry")] == [("Derry", "GBR")]
    assert [(p.kind, p.name) for p in _places(doc, "Altnagelvin Hospital")] == [("landmark", "Derry")]
    oulton = _places(doc, "Oulton Park")
    assert [p.kind for p in oulton] == ["landmark"] and "Cheshire" in (oulton[0].name or "")
    assert [(p.kind, p.name) for p in _places(doc, "Agriculture Park")] == [("landmark", "Wana")]


@pytest.mark.issue(12)
def test_geo_a_venue_in_a_story_naming_only_a_county_is_at_the_county(
        geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("Cuyahoga County voters will decide the levy. Care is available to all at MetroHealth Medical "
                   "Center, the county hospital system.")
    assert [(p.kind, p.name) for p in _places(doc, "MetroHealth Medical Center")] == [("landmark", "Cuyahoga County")]


@pytest.mark.issue(12)
def test_geo_a_demonym_inside_a_persons_name_is_no_country(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("Works will be done at the Percy French Hotel, Ballyjamesduff. The French Embassy in Dublin "
                   "was closed.")
    hotel = doc.text.index("Hotel")
    assert not [p for p in doc.places if p.start < hotel and p.country == "FRA"]
    assert [(p.kind, p.name) for p in doc.places if p.end == hotel + len("Hotel")] == [("landmark", "Ballyjamesduff")]
    # a demonym opening a name still names its country
    assert [p.country for p in doc.places if p.text.startswith("French") and p.start > hotel] == ["FRA"]


@pytest.mark.issue(12)
def test_geo_places_listed_together_are_of_one_kind(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("Firms move jobs from western states such as California or Washington. After stops in "
                   "Washington, New York and Boston, the prince flew home.")
    first, second = _places(doc, "Washington")
    assert (first.kind, first.admin1) == ("admin", "Washington")
    assert (second.kind, second.admin1) == ("city", "District of Columbia")
    assert [(p.kind, p.name) for p in _places(doc, "California")] == [("admin", "California")]
    assert [(p.kind, p.name) for p in _places(doc, "New York")] == [("city", "New York City")]


@pytest.mark.issue(12)
def test_geo_abbreviations_residences_and_regions(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("The sale would help the U.S. military. Jane Abdhou, of Hayes, was not a target. The EU "
                   "imposed sanctions. Fighting went on in eastern Ghouta.")
    assert [p.country for p in _places(doc, "U.S.")] == ["USA"]
    assert [(p.name, p.country) for p in _places(doc, "Hayes")] == [("Hayes", "GBR")]
    assert [p.name for p in _places(doc, "EU")] == ["European Union"]
    assert [(p.name, p.country, p.kind) for p in _places(doc, "Ghouta")] == [("Eastern Ghouta", "SYR", "region")]


@pytest.mark.issue(12)
@pytest.mark.parametrize(("text", "name", "country", "admin1"), [
    ("ATLANTA — Police in Atlanta said a man from Georgia was arrested.", "Georgia", "USA", "Georgia"),
    ("CHARLESTON, W.Va. — The mayor of Charleston spoke on Monday.", "Charleston", "USA", "West Virginia"),
    ("ALEXANDRIA, La. — A woman from Alexandria was charged with arson.", "Alexandria", "USA", "Louisiana"),
    ("Israeli strikes hit Gaza on Monday.", "Gaza", "PSE", "Gaza"),
    ("Fighting in South Lebanon continued, Hezbollah said.", "Lebanon", "LBN", None),
    ("SOUTH LEBANON, Ohio — The village council met on Monday.", "South Lebanon", "USA", "Ohio"),
])
def test_geo_the_reading_a_reader_of_the_story_would_take(geoparse: Callable[[str], Document], text: str,
                                                           name: str, country: str, admin1: str | None) -> None:
    doc = geoparse(text)
    last = [p for p in doc.places if p.name == name or name in p.text][-1]
    assert (last.name, last.country, last.admin1) == (name, country, admin1), doc.places


@pytest.mark.issue(12)
def test_geo_a_name_after_a_title_is_a_person_throughout_the_story(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("President Obama spoke on Monday. The mood at Obama's town hall was upbeat. He then flew to "
                   "Lincoln, Neb.")
    assert not _places(doc, "Obama")
    assert [(p.name, p.admin1) for p in _places(doc, "Lincoln")] == [("Lincoln", "Nebraska")]


@pytest.mark.issue(12)
def test_geo_a_seat_of_government_is_placed_at_its_city(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("He spoke before a White House dinner. Officials at the Kremlin denied it.")
    assert [(p.name, p.admin1) for p in _places(doc, "White House")] == [("Washington", "District of Columbia")]
    assert [(p.name, p.country) for p in _places(doc, "Kremlin")] == [("Moscow", "RUS")]


@pytest.mark.issue(12)
def test_geo_a_price_in_pounds_puts_richmond_and_kew_in_england(geoparse: Callable[[str], Document]) -> None:
    text = ("Residents could buy green sacks for £1 each. The Richmond council said the site in Kew would close.")
    places = geoparse(text).places
    assert {(p.text, p.country) for p in places if p.text in ("Richmond", "Kew")} <= {("Richmond", "GBR"),
                                                                                        ("Kew", "GBR")}
    assert any(p.text == "Richmond" for p in places)
    assert not any(p.text == "£" for p in places)  # the price is context, not a place


@pytest.mark.issue(12)
def test_geo_a_country_code_domain_is_context(geoparse: Callable[[str], Document]) -> None:
    from eventwire.document import Article
    from eventwire.geo.gazetteer import load_gazetteer
    from eventwire.geo.geoparse import _domain_country
    from eventwire.geo.schema import load_geo_words

    gazetteer, words = load_gazetteer(), load_geo_words()
    assert _domain_country("http://www.richmondandtwickenhamtimes.co.uk/news/1/", gazetteer, words).country == "GBR"
    assert _domain_country("https://www.irishtimes.ie/x", gazetteer, words).country == "IRL"
    assert _domain_country("https://example.com/a", gazetteer, words) is None
    assert _domain_country("https://news.example.tv/a", gazetteer, words) is None
    assert _domain_country(None, gazetteer, words) is None
    text = "The Richmond council said the recycling site in Kew would close on Wednesday."
    parsed = geoparse(text)
    assert {p.country for p in parsed.places if p.text in ("Richmond", "Kew")} != {"GBR"}  # Melbourne's
    url = "http://www.richmondandtwickenhamtimes.co.uk/news/1/"
    doc = make_geoparser(Settings())(Document(Article(id="t", text=text, url=url), spacy_doc=parsed.spacy_doc))
    assert {p.country for p in doc.places if p.text in ("Richmond", "Kew")} == {"GBR"}
    assert all(p.text for p in doc.places)  # the domain is context, not a place
