"""The GeoWebNews scorer: its counting rules on a tiny hand-made folder, and the dev-set floors of issue 7."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.document import Place
from eventwire.errors import ConfigError
from eventwire.evaluate.geowebnews import evaluate, read_brat, score

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


def test_geowebnews_counts_toponyms_not_expressions_and_ignores_embedded(tmp_path: Path) -> None:
    ann = tmp_path / "1.ann"
    ann.write_text(ANN, encoding="utf-8")
    gold = read_brat(ann)
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
    assert result["gold_ids_not_found"] == 0


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
    assert result["span_recall"] >= 0.80, result
    assert result["acc_161km"] >= 0.85, result
    assert result["span_precision"] >= 0.80, result
    assert result["scored_with_coords"] >= 600, result
    assert time.monotonic() - started < 120
