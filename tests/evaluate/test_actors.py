"""Issue 3: actor resolution scored on the PLOVER gold records, and the floors it must keep."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.evaluate.actors import evaluate, split_gold, split_prediction
from tests.conftest import run_cli

pytestmark = pytest.mark.issue(3)


@pytest.mark.parametrize(("code", "sector", "expected"), [
    ("USA", None, ("USA", None, True)),
    ("USA", "GOV", ("USA", "GOV", True)),
    ("USAGOV", None, ("USA", "GOV", True)),  # a joined code splits the same way
    ("IGO", "GOV", ("IGO", "GOV", True)),
    ("IGOUNO", None, ("IGO", None, True)),  # UNO names the body, it is not a role sector
    ("TUR", "REFkur", ("TUR", "REF", True)),  # lower case: an ethnic qualifier
    ("ISR", "***", ("ISR", None, False)),  # sector left open by the annotator
    ("JAP", None, ("JPN", None, True)),  # a non-ISO annotator code read as ISO
])
def test_actors_eval_splits_gold_codes(code: str, sector: str | None, expected: tuple[str, str | None, bool]) -> None:
    assert split_gold(code, sector) == expected


def test_actors_eval_splits_predictions() -> None:
    assert split_prediction("TUR", ["GOV"]) == ("TUR", "GOV")
    assert split_prediction(None, ["IGO", "UNO", "MIL"]) == ("IGO", "MIL")
    assert split_prediction(None, ["REF"]) == (None, "REF")


def test_actors_eval_scores_a_small_file(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    records = [
        {"id": "a", "date": "2019-07-05", "source": [{"actorText": "Ankara", "code": "TUR", "sector": "GOV"}],
         "target": [{"actorText": "the Syrian regime", "code": "SYR", "sector": "GOV"}]},
        {"id": "b", "date": "2019-07-05", "source": [{"actorText": "Zorblax", "code": "FRA"}], "target": ""},
    ]
    gold.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    result = evaluate(gold, Settings())
    assert result["actors"] == 3 and result["resolved"] == 2
    assert result["country_accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    assert result["misses"] == [{"id": "b", "text": "Zorblax", "gold": "FRA", "predicted": None}]


def test_actors_eval_gsr_dev_keeps_its_floors(shared: Path) -> None:
    result = run_cli("eval", "actors", str(shared / "data" / "plover" / "gsr_dev.jsonl"))
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert metrics["actors"] == 368
    assert metrics["country_accuracy"] >= 0.85
    assert metrics["country_sector_accuracy"] >= 0.75
