"""The GeoWebNews scorer: its counting rules on a tiny hand-made folder, and the dev-set floors of issue 7
(scored against the gold points of ``gold.jsonl``, as the published GeoWebNews results are)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.document import Place
from eventwire.errors import ConfigError
from eventwire.evaluate.geowebnews import evaluate, read_brat, read_gold_points, score, with_gold_points

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("EVENTWIRE_SHARED", ROOT.parent / "shared"))
DEV = SHARED / "data" / "geo" / "geowebnews_dev"

ANN = """T1\tLiteral 10 15\tIdlib
#1\tAnnotatorNotes T1\t169389
T2\tNon_Literal_Modifier 20 26\tSyrian
#2\tAnnotatorNotes T2\t163843
T3\tEmbedded_Non_Lit 30 35\tSyria
T4\tLiteral_Expression 40 48\tprovince
T5\tCoercion 50 57\tWegmans
#3\tAnnotatorNotes T5\t38.78, -77.65
"""


def _place(start: int, end: int, lat: float | None, lon: float | None) -> Place:
    return Place(text="x", start=start, end=end, lat=lat, lon=lon)


def test_geowebnews_reads_brat_ids_and_points(tmp_path: Path) -> None:
    ann = tmp_path / "1.ann"
    ann.write_text(ANN, encoding="utf-8")
    gold = {g.text: g for g in read_brat(ann)}
    assert gold["Idlib"].geonameid == 169389 and gold["Idlib"].type == "Literal"
    assert gold["Wegmans"].geonameid is None and gold["Wegmans"].point == (38.78, -77.65)


GOLD_JSONL = json.dumps({"id": "1", "toponyms": [
    {"start": 10, "end": 15, "text": "Idlib", "lat": 35.93062, "lon": 36.63393},
    {"start": 20, "end": 26, "text": "Syrian", "lat": 35.0, "lon": 38.0},
    {"start": 50, "end": 57, "text": "Wegmans", "lat": 38.78, "lon": -77.65},
]}) + "\n"


def _gold(tmp_path: Path) -> list:
    ann = tmp_path / "1.ann"
    ann.write_text(ANN, encoding="utf-8")
    jsonl = tmp_path / "gold.jsonl"
    jsonl.write_text(GOLD_JSONL, encoding="utf-8")
    return with_gold_points(read_brat(ann), read_gold_points(jsonl))


def test_geowebnews_gold_points_come_from_gold_jsonl(tmp_path: Path) -> None:
    gold = {g.text: g for g in _gold(tmp_path)}
    assert gold["Idlib"].point == (35.93062, 36.63393) and gold["Idlib"].geonameid == 169389
    assert gold["Wegmans"].point == (38.78, -77.65)
    assert gold["Syria"].point is None  # not in gold.jsonl, no "lat, lon" note


def test_geowebnews_counts_toponyms_not_expressions_and_ignores_embedded(tmp_path: Path) -> None:
    gold = _gold(tmp_path)
    predicted = {"1": [
        _place(10, 15, 35.93, 36.63),  # Idlib, exact
        _place(20, 26, 50.0, 10.0),  # Syrian, found but put in Europe
        _place(30, 35, 35.0, 38.0),  # inside an organisation's name: neither credited nor penalised
        _place(40, 48, None, None),  # "province": a false positive
    ]}
    points = {169389: (35.93, 36.63), 163843: (35.0, 38.0)}
    result = score(gold, predicted, points)
    assert result["gold_toponyms"] == 3  # Idlib, Syrian, Wegmans
    assert result["span_recall"] == round(2 / 3, 4)
    assert result["span_precision"] == round(2 / 3, 4)
    assert result["scored_with_coords"] == 2 and result["acc_161km"] == 0.5
    assert result["scored_by_id"] == 2 and result["acc_161km_by_id"] == 0.5
    assert result["gold_ids_not_found"] == 0


def test_geowebnews_scores_against_the_gold_point_not_the_gazetteers(tmp_path: Path) -> None:
    """Syria put at GeoNames' point (35 N 38 E) is right, though the gazetteer once had it near Homs; a
    gazetteer point far from the gold one only moves the second, id-based figure."""
    gold = _gold(tmp_path)
    predicted = {"1": [_place(10, 15, 35.93, 36.63), _place(20, 26, 35.0, 38.0), _place(50, 57, None, None)]}
    points = {169389: (35.93, 36.63), 163843: (54.57, 45.37)}  # Syria at Russia's old median: wrong
    result = score(gold, predicted, points)
    assert result["scored_with_coords"] == 3 and result["scored_unresolved"] == 1  # Wegmans found, no point
    assert result["acc_161km"] == round(2 / 3, 4) and result["median_error_km"] == pytest.approx(0.2, abs=0.1)
    assert result["scored_by_id"] == 2 and result["acc_161km_by_id"] == 0.5


def test_geowebnews_malformed_gold_jsonl_names_the_line(tmp_path: Path) -> None:
    jsonl = tmp_path / "gold.jsonl"
    jsonl.write_text('{"id": "1", "toponyms": []}\n{"id": "2"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="gold.jsonl:2"):
        read_gold_points(jsonl)


def test_geowebnews_empty_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no brat .ann files"):
        evaluate(tmp_path, Settings())


@pytest.mark.model
@pytest.mark.issue(7)
def test_geowebnews_dev_floors() -> None:
    if not DEV.exists():
        pytest.skip(f"GeoWebNews dev set not found at {DEV}")
    started = time.monotonic()
    result = evaluate(DEV, Settings())
    assert result["documents"] == 84
    assert result["gold_with_point"] >= 1000, result  # gold.jsonl read
    # measured 2026-12-01 (gold points of gold.jsonl), after venues placed at the place their own words give,
    # saint-named venues, list-mates of one kind, "U.S." and the EU: span recall 0.8516, precision 0.9077,
    # acc@161 km 0.9218 of 921 scored (21 found but unresolved), mean error 217.0 km; by id 0.9899. The floors
    # are issue 12's targets (acc@161 km >= 0.92 with span recall >= 0.85)
    assert result["span_recall"] >= 0.85, result
    assert result["span_precision"] >= 0.89, result
    assert result["acc_161km"] >= 0.92, result
    assert result["acc_161km_by_id"] >= 0.98, result
    assert result["scored_with_coords"] >= 900, result
    assert time.monotonic() - started < 120
