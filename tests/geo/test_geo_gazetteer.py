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


@pytest.mark.parametrize(("geonameid", "lat", "lon"), [
    (2017370, 60.0, 100.0),  # Russia
    (1814991, 35.0, 105.0),  # China
    (6252001, 39.76, -98.5),  # United States
    (6251999, 60.10867, -113.64258),  # Canada
    (2921044, 51.5, 10.5),  # Germany
    (3017382, 46.0, 2.0),  # France
    (6254928, 37.54812, -77.44675),  # Virginia (admin-1)
    (169387, 35.76667, 36.66667),  # Idlib Governorate (admin-1)
])
def test_geo_countries_and_divisions_carry_their_geonames_point(gazetteer, geonameid: int, lat: float,
                                                                lon: float) -> None:
    """Issue 1 of the GeoWebNews report: not the median of their towns (Russia was at 54.6 N 45.4 E)."""
    entry = gazetteer.get(geonameid)
    assert entry is not None and entry.kind in ("country", "admin")
    assert (entry.lat, entry.lon) == (pytest.approx(lat, abs=1e-4), pytest.approx(lon, abs=1e-4))


def test_geo_regions_carry_their_geonames_id_and_point(gazetteer) -> None:
    middle_east = next(e for e, _ in gazetteer.lookup("Middle East") if e.kind == "region")
    assert middle_east.geonameid == 6269133
    assert (middle_east.lat, middle_east.lon) == (pytest.approx(33.13906), pytest.approx(35.85869))
    assert gazetteer.demonym("Central American").geonameid == 7729892
