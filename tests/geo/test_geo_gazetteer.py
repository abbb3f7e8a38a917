"""The shipped gazetteer: names, abbreviations, capitals, demonyms."""

from __future__ import annotations

import pytest

from eventwire.geo.gazetteer import MATCH_ACRONYM, load_gazetteer, name_key


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.mark.parametrize(("text", "key"), [("Prešov", "presov"), ("U.S.", "us"), ("Guinea-Bissau", "guinea bissau"),
                                          ("Côte d’Ivoire", "cote d'ivoire")])
def test_geo_name_key_folds_accents_case_dots_and_dashes(text: str, key: str) -> None:
    assert name_key(text) == key


def test_geo_gazetteer_knows_both_tripolis(gazetteer) -> None:
    countries = {e.country for e, _ in gazetteer.lookup("Tripoli") if e.kind == "city"}
    assert {"LBY", "LBN"} <= countries


def test_geo_gazetteer_entries_carry_codes_admin1_and_points(gazetteer) -> None:
    idlib = gazetteer.get(169389)
    assert idlib is not None
    assert (idlib.name, idlib.kind, idlib.country, idlib.admin1) == ("Idlib", "city", "SYR", "Idlib")
    assert idlib.lat == pytest.approx(35.93, abs=0.01) and idlib.lon == pytest.approx(36.63, abs=0.01)
    syria = gazetteer.country("SY")
    assert syria is not None and syria.kind == "country" and syria.country == "SYR" and syria.lat is not None


def test_geo_gazetteer_capitals_and_demonyms(gazetteer) -> None:
    assert gazetteer.capital("LY").geonameid == 2210247  # Tripoli, Libya
    assert gazetteer.demonym("Syrian").country == "SYR"
    assert gazetteer.demonym("Turkish").country == "TUR"
    assert gazetteer.demonym("Middle Eastern").kind == "region"


def test_geo_abbreviation_needs_its_dots(gazetteer) -> None:
    assert [e.name for e, _ in gazetteer.lookup("Va.")][:1] == ["Virginia"]
    assert not any(e.name == "Manitoba" for e, _ in gazetteer.lookup("Man"))
    assert any(e.name == "Manitoba" for e, _ in gazetteer.lookup("Man."))


def test_geo_upper_case_short_name_needs_capitals(gazetteer) -> None:
    car = [how for e, how in gazetteer.lookup("CAR") if e.country == "CAF"]
    assert car == [MATCH_ACRONYM]
    assert not any(e.country == "CAF" for e, _ in gazetteer.lookup("Car"))


def test_geo_exonyms_from_alternate_names(gazetteer) -> None:
    assert any(e.geonameid == 703448 for e, _ in gazetteer.lookup("Kiev"))  # Kyiv
    assert any(e.geonameid == 2886242 for e, _ in gazetteer.lookup("Cologne"))  # Köln
