"""Issue 4 (with 3, 5, 7): the seed article yields the seven events of DESIGN.md's table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli

pytestmark = [pytest.mark.model, pytest.mark.issue(4)]


@pytest.fixture(scope="module")
def seed_events(seed_path: Path) -> list[dict[str, Any]]:
    result = run_cli("code", str(seed_path), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def _country(actor: dict[str, Any] | None) -> str | None:
    return None if actor is None else actor["country"]


def _find(events: list[dict[str, Any]], root: str, source: str | None, target: str | None) -> dict[str, Any]:
    found = [e for e in events if e["cameo"].startswith(root) and _country(e["source"]) == source
             and _country(e["target"]) == target]
    assert found, f"no {root} event {source}->{target} in " + "; ".join(
        f"{e['cameo']} {_country(e['source'])}->{_country(e['target'])} {e['trigger']['text']}" for e in events)
    return found[0]


def test_seed_headline_appeal_is_one_event_with_two_mentions(seed_events: list[dict[str, Any]]) -> None:
    event = _find(seed_events, "02", "TUR", "RUS")
    assert event["source"]["code"] == "TURGOV" and event["target"]["code"] == "RUSGOV"
    assert event["plover"]["event_type"] == "REQUEST"
    assert event["date"]["value"] == "2019-07-05"
    assert event["mentions"] == 2
    assert event["evidence"]["start"] == 0 and event["trigger"]["text"] == "urges"
    assert len([e for e in seed_events if e["cameo"].startswith("02")]) == 1


def test_seed_erdogan_consults_putin_in_tokyo(seed_events: list[dict[str, Any]]) -> None:
    event = _find(seed_events, "04", "TUR", "RUS")
    assert event["source"]["code"] == "TURGOV" and event["target"]["code"] == "RUSGOV"
    assert event["plover"]["event_type"] == "CONSULT"
    assert event["date"]["value"] <= "2019-07-05"
    assert event["location"] and event["location"]["name"] == "Tokyo"


def test_seed_sochi_agreement_is_dated_by_the_text(seed_events: list[dict[str, Any]]) -> None:
    event = _find(seed_events, "057", "TUR", "RUS")
    assert event["date"] == {"value": "2018-09-17", "precision": "day", "text": "Sept. 17, 2018", "basis": "text"}
    assert event["location"] and event["location"]["name"] == "Sochi"


def test_seed_regime_attacks_dated_as_of_april_26_in_idlib(seed_events: list[dict[str, Any]]) -> None:
    event = _find(seed_events, "19", "SYR", "SYR")
    assert event["source"]["code"] == "SYRGOV"
    assert event["plover"]["event_type"] == "ASSAULT"
    assert event["date"]["value"] == "2019-04-26"
    assert event["location"] and event["location"]["name"] == "Idlib" and event["location"]["country"] == "SYR"


def test_seed_cavusoglu_accuses_haftar(seed_events: list[dict[str, Any]]) -> None:
    event = _find(seed_events, "11", "TUR", "LBY")
    assert event["source"]["code"] == "TURGOV"
    assert event["plover"]["event_type"] == "ACCUSE"


def test_seed_airstrike_on_migrants_in_tripoli_libya(seed_events: list[dict[str, Any]]) -> None:
    event = _find(seed_events, "195", None, "LBY")
    assert event["plover"]["event_type"] == "ASSAULT"
    assert event["date"]["value"] == "2019-07-03"
    assert event["location"]["name"] == "Tripoli" and event["location"]["country"] == "LBY"
    assert event["casualties"] == {"killed": 44, "injured": 130, "arrested": None, "qualifier": "at least"}


def test_seed_haftar_offensive_against_the_gna_in_april(seed_events: list[dict[str, Any]]) -> None:
    event = _find(seed_events, "19", "LBY", "LBY")
    assert event["target"]["code"] == "LBYGOV"
    assert event["date"]["value"] == "2019-04" and event["date"]["precision"] == "month"
    assert event["location"] and event["location"]["name"] == "Tripoli" and event["location"]["country"] == "LBY"


def test_seed_no_recognition_and_no_boilerplate_events(seed_events: list[dict[str, Any]]) -> None:
    assert not [e for e in seed_events if e["cameo"].startswith("051") and e["target"]
                and e["target"]["country"] == "LBY"]
    assert not [e for e in seed_events if "Share on" in e["evidence"]["text"]]
    assert all(e["modality"] != "negated" for e in seed_events)


def test_seed_offsets_point_at_the_text(seed_events: list[dict[str, Any]], seed_path: Path) -> None:
    (article,) = [json.loads(x) for x in run_cli("extract", str(seed_path)).stdout.splitlines()]
    text = article["text"]
    for event in seed_events:
        for span in (event["evidence"], event["trigger"], event["source"], event["target"]):
            if span:
                assert text[span["start"]:span["end"]] == span["text"]
