"""The API the dashboard reads (issue 15): the shared filters and the dashboard's own, counts for facets,
timeline buckets, GeoJSON, actor suggestions, event groups and downloads, over a real server and store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import httpx
import pyarrow.parquet as pq
import pytest

from eventwire.store.export import export_db
from eventwire.store.filters import EventFilter
from tests.api.conftest import WIRE_URL

pytestmark = [pytest.mark.model, pytest.mark.issue(15)]


def _get(server: str, path: str, **params: Any) -> Any:
    response = httpx.get(server + path, params=params)
    assert response.status_code == 200, response.text[:500]
    return response.json()


def _total(server: str, **params: Any) -> int:
    return int(_get(server, "/api/events", **params)["total"])


# -- filters ------------------------------------------------------------------------------------------------------


def test_actor_name_matches_names_and_mention_words_in_any_case(api_server: str) -> None:
    obama = _get(api_server, "/api/events", actor_name="obama", limit=1000)
    assert obama["total"] == 4  # two events in each of the two reports of the wire story
    for event in obama["events"]:
        sides = [event["source"], event["target"]]
        assert any("obama" in f"{side['name']} {side['text']}".lower() for side in sides if side)
    assert _total(api_server, actor_name="Barack Obama") == 4
    # accents and case do not matter: Mevlüt Çavuşoğlu of the Daily Sabah sample
    assert _total(api_server, actor_name="CAVUSOGLU") == _total(api_server, actor_name="Çavuşoğlu") > 0
    # the code filter is still a code prefix
    assert _total(api_server, actor="USAGOV") >= 4 and _total(api_server, actor="obama") == 0


def test_country_names_resolve_to_their_codes(api_server: str) -> None:
    usa = _total(api_server, country="USA")
    assert usa == 1  # the Chicago arrest
    for name in ("United States", "united states", "US", "America", "usa"):
        assert _total(api_server, country=name) == usa, name
    assert _total(api_server, country="Libya") == _total(api_server, country="LBY") > 0


def test_dates_in_words_are_the_periods_they_name(api_server: str) -> None:
    march = _total(api_server, since="2009-03", until="2009-03")
    assert march == 1
    assert _total(api_server, since="March 2009", until="March 2009") == march
    assert _total(api_server, since="Mar 2009", until="31 March 2009") == march
    assert _total(api_server, since="March 2, 2009", until="2009-03-02") == march
    assert _total(api_server, since="April 2009", until="April 2009") == _total(api_server, since="2009-04",
                                                                                until="2009-04") > 0


def test_dashboard_only_filters(api_server: str) -> None:
    everything = _get(api_server, "/api/events", limit=1000)["events"]
    for name, value, field in (("quad_class", 4, lambda e: e["quad_class"]),
                               ("modality", "future", lambda e: e["modality"]),
                               ("date_basis", "publication", lambda e: e["date"]["basis"])):
        expected = sum(field(e) == value for e in everything)
        assert expected > 0, name
        found = _get(api_server, "/api/events", limit=1000, **{name: value})
        assert found["total"] == expected and all(field(e) == value for e in found["events"]), name


@pytest.mark.parametrize("sort", ["date", "-date", "confidence", "-confidence", "killed", "-killed", "-mentions"])
def test_events_sort(api_server: str, sort: str) -> None:
    events = _get(api_server, "/api/events", sort=sort, limit=1000)["events"]
    name = sort.removeprefix("-")

    def key(event: dict[str, Any]) -> Any:
        return {"date": (event["date"] or {}).get("value"), "confidence": event["confidence"],
                "killed": event["casualties"]["killed"], "mentions": (event["group"] or {}).get("num_mentions")}[name]

    values = [key(e) for e in events if key(e) is not None]
    assert values == sorted(values, reverse=sort.startswith("-"))
    assert len(values) > 1
    # events without the value come last, whatever the direction
    present = [key(e) is not None for e in events]
    assert present == sorted(present, reverse=True)


def test_every_event_says_its_group(api_server: str) -> None:
    events = _get(api_server, "/api/events", actor_name="obama", limit=1000)["events"]
    groups = {e["group"]["group_id"]: e["group"] for e in events}
    assert any(g["num_mentions"] == 2 and g["num_sources"] == 2 and g["num_copies"] == 1 for g in groups.values())
    one = events[0]
    assert _get(api_server, f"/api/events/{one['event_id']}") == one


# -- counts -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("filters", [{}, {"plover": "ASSAULT"}, {"actor_name": "obama"}, {"country": "Libya"},
                                     {"since": "2019", "min_confidence": "0.5"}])
def test_summary_counts_what_the_filters_let_through(api_server: str, filters: dict[str, str]) -> None:
    summary = _get(api_server, "/api/summary", **filters)
    events = _get(api_server, "/api/events", limit=1000, **filters)
    assert summary["matched"]["events"] == events["total"]
    assert summary["matched"]["groups"] == len({e["group"]["group_id"] for e in events["events"]})
    assert summary["matched"]["articles"] == len({e["article_id"] for e in events["events"]})
    facets = summary["facets"]
    # a facet without its own filter counts what the other filters let through
    if "plover" not in filters:
        assert sum(f["count"] for f in facets["plover"]) == sum(1 for e in events["events"]
                                                                 if e["plover"]["event_type"])
    if "min_confidence" not in filters:
        assert facets["confidence"][-1] == {"value": 0, "count": events["total"]}
    for item in facets["quad_class"]:
        assert item["label"] and item["count"] == _total(api_server, quad_class=item["value"],
                                                         **{k: v for k, v in filters.items()})
    # the whole store's counts stay as they were
    assert summary["counts"]["events"] >= summary["matched"]["events"]


def test_a_facet_keeps_its_other_values_in_view(api_server: str) -> None:
    facets = _get(api_server, "/api/summary", plover="ASSAULT")["facets"]
    plover = {f["value"]: f["count"] for f in facets["plover"]}
    assert plover["ASSAULT"] == _total(api_server, plover="ASSAULT") and len(plover) > 3
    countries = {f["value"]: f for f in facets["country"]}
    assert countries["LBY"]["label"] == "Libya"
    roots = {f["value"]: f["label"] for f in facets["cameo_root"]}
    assert roots["19"] == "Use conventional military force"
    actors = _get(api_server, "/api/summary")["facets"]["actor"]
    assert any(a["value"] == "USAGOV" and a["label"] == "Barack Obama" for a in actors)


@pytest.mark.parametrize("level", ["mention", "group"])
@pytest.mark.parametrize("interval", ["auto", "day", "week", "month", "year"])
def test_timeline_buckets_count_every_dated_event_once(api_server: str, interval: str, level: str) -> None:
    filters = {"since": "2019", "until": "2019"}  # one of its events is dated only to April
    data = _get(api_server, "/api/timeline", interval=interval, level=level, **filters)
    matched = _get(api_server, "/api/summary", **filters)["matched"]
    assert data["total"] + data["coarser"] + data["undated"] == matched["events" if level == "mention" else "groups"]
    starts = [b["start"] for b in data["buckets"]]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert data["interval"] != "auto"
    if data["interval"] == "week":
        from datetime import date

        assert all(date.fromisoformat(s).weekday() == 0 for s in starts)


def test_timeline_stacks_by_plover_type_and_refuses_too_many_buckets(api_server: str) -> None:
    data = _get(api_server, "/api/timeline", stack="plover", interval="month")
    assert "ASSAULT" in data["keys"]
    counts = sum(b["counts"].get("ASSAULT", 0) for b in data["buckets"])
    assert counts == _total(api_server, plover="ASSAULT")  # every ASSAULT here is dated to a month or a day
    response = httpx.get(api_server + "/api/timeline", params={"interval": "day"})  # 2009 to 2024 by day
    assert response.status_code == 422
    assert "more than 1500 buckets by day" in response.json()["detail"][0]["msg"]


def test_geojson_points_for_groups_and_mentions(api_server: str) -> None:
    response = httpx.get(api_server + "/api/geo")
    assert response.headers["content-type"] == "application/geo+json"
    groups = response.json()
    assert groups["type"] == "FeatureCollection" and groups["level"] == "group"
    mentions = _get(api_server, "/api/geo", level="mention")
    placed = [e for e in _get(api_server, "/api/events", limit=1000)["events"]
              if e["location"] and e["location"]["lat"] is not None]
    assert mentions["total"] == len(placed)
    assert groups["total"] == len({e["group"]["group_id"] for e in placed})
    london = [f for f in groups["features"] if f["properties"]["place"] == "London"]
    assert london and london[0]["properties"]["mentions"] == 2 and london[0]["properties"]["sources"] == 2
    lon, lat = london[0]["geometry"]["coordinates"]
    assert abs(lon - -0.13) < 0.5 and abs(lat - 51.5) < 0.5
    for feature in groups["features"]:
        assert _get(api_server, f"/api/events/{feature['properties']['event_id']}")["location"]
    small = _get(api_server, "/api/geo", limit=2)
    assert small["truncated"] and len(small["features"]) == 2 and small["total"] == groups["total"]


def test_actor_suggestions_come_from_the_store(api_server: str) -> None:
    found = _get(api_server, "/api/actors", q="obam")["suggestions"]
    assert found[0] == {"kind": "name", "value": "Barack Obama", "code": "USAGOV", "label": "Barack Obama",
                        "events": 4}
    codes = _get(api_server, "/api/actors", q="usag")["suggestions"]
    assert codes[0]["kind"] == "code" and codes[0]["value"] == "USAGOV"
    assert _get(api_server, "/api/actors", q="%")["suggestions"] == []  # a LIKE wildcard is only itself
    assert httpx.get(api_server + "/api/actors").status_code == 422


def test_group_endpoint_lists_the_other_reports(api_server: str) -> None:
    event = _get(api_server, "/api/events", actor_name="obama", sort="-mentions", limit=1)["events"][0]
    group = _get(api_server, f"/api/groups/{event['group']['group_id']}")
    assert group["num_mentions"] == 2
    assert {m["article_id"] for m in group["mentions"]} == {"wire-a", "wire-b"}
    assert {m["url"] for m in group["mentions"]} >= {WIRE_URL}
    copy = next(m for m in group["mentions"] if m["article_id"] == "wire-b")
    assert copy["copy_of"] == "wire-a" and copy["source"] == "Other Daily"
    assert httpx.get(api_server + "/api/groups/gnone").status_code == 404


# -- downloads ----------------------------------------------------------------------------------------------------


def _export(server: str, **params: Any) -> httpx.Response:
    response = httpx.get(server + "/api/export", params=params)
    assert response.status_code == 200, response.text[:300]
    return response


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_is_what_eventwire_export_writes(api_server: str, api_store: Path, tmp_path: Path, fmt: str) -> None:
    response = _export(api_server, format=fmt, plover="ASSAULT", country="Libya")
    expected = tmp_path / f"expected.{fmt}"
    rows = export_db(api_store, fmt, expected, where=EventFilter(plover="ASSAULT", country="LBY", limit=None))
    assert rows > 0 and response.headers["x-eventwire-rows"] == str(rows)
    assert response.headers["content-disposition"] == f'attachment; filename="eventwire-mentions.{fmt}"'
    if fmt == "parquet":
        assert pq.read_table(io.BytesIO(response.content)).equals(pq.read_table(expected))
    else:
        assert response.content == expected.read_bytes()


def test_export_takes_the_dashboard_filters_and_levels(api_server: str) -> None:
    total = _total(api_server, actor_name="obama")
    table = list(csv.DictReader(io.StringIO(_export(api_server, format="csv", actor_name="obama").text)))
    assert len(table) == total == 4
    lines = _export(api_server, format="jsonl", actor_name="obama").text.splitlines()
    assert sorted(json.loads(line)["event_id"] for line in lines) == sorted(
        e["event_id"] for e in _get(api_server, "/api/events", actor_name="obama")["events"])
    groups = list(csv.DictReader(io.StringIO(_export(api_server, format="csv", level="group").text)))
    assert len(groups) == _get(api_server, "/api/summary")["matched"]["groups"]
    gdelt = _export(api_server, format="gdelt")
    assert gdelt.headers["content-disposition"].endswith('eventwire-groups.gdelt.tsv"')
    xss = _export(api_server, format="jsonl", country="United States").text
    assert [json.loads(line)["article_id"] for line in xss.splitlines()] == ["xss-1"]


@pytest.mark.parametrize(("params", "name", "message"), [
    ({"format": "xlsx"}, "format", "Input should be 'csv', 'jsonl', 'parquet', 'plover' or 'gdelt'"),
    ({"format": "csv", "level": "article"}, "level", "Input should be 'mention' or 'group'"),
    ({"format": "csv", "since": "2019-08", "until": "2019-07"}, "until", "until (2019-07) is before since (2019-08)"),
    ({"format": "csv", "limit": "10"}, "limit", "unknown parameter 'limit'"),
])
def test_bad_export_parameters_are_422(api_server: str, params: dict[str, str], name: str, message: str) -> None:
    response = httpx.get(api_server + "/api/export", params=params)
    assert response.status_code == 422
    assert {str(e["loc"][-1]): e["msg"] for e in response.json()["detail"]}[name].startswith(message)


@pytest.mark.parametrize(("path", "params", "name", "message"), [
    ("/api/timeline", {"interval": "hour"}, "interval", "Input should be 'auto', 'day', 'week', 'month' or 'year'"),
    ("/api/timeline", {"stack": "cameo"}, "stack", "Input should be 'quad_class' or 'plover'"),
    ("/api/geo", {"limit": "0"}, "limit", "Input should be greater than or equal to 1"),
    ("/api/geo", {"level": "article"}, "level", "Input should be 'mention' or 'group'"),
    ("/api/actors", {"q": "x" * 65}, "q", "String should have at most 64 characters"),
    ("/api/actors", {"q": "obama", "limit": "51"}, "limit", "Input should be less than or equal to 50"),
    ("/api/summary", {"country": "Narnia"}, "country", "Narnia is no country eventwire knows"),
    ("/api/summary", {"page": "2"}, "page", "unknown parameter 'page'"),
    ("/api/articles/xss-1", {"x": "1"}, "x", "unknown parameter 'x'; this endpoint takes none"),
])
def test_bad_parameters_of_every_endpoint_are_422(api_server: str, path: str, params: dict[str, str], name: str,
                                                  message: str) -> None:
    response = httpx.get(api_server + path, params=params)
    assert response.status_code == 422, response.text[:300]
    assert {str(e["loc"][-1]): e["msg"] for e in response.json()["detail"]}[name].startswith(message)


def test_world_map_is_served_from_the_package(api_server: str) -> None:
    response = httpx.get(api_server + "/static/world.json")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    topology = response.json()
    assert topology["type"] == "Topology" and len(topology["objects"]["countries"]["geometries"]) == 177
