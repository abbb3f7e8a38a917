"""Issue 4: PLOVER type and dyad accuracy on the gold records, with the benchmark's legacy names mapped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.evaluate.plover import gold_type
from tests.conftest import run_cli


def test_eval_plover_maps_legacy_gold_types() -> None:
    assert gold_type({"event": "DEMAND"}) == "REQUEST"
    assert gold_type({"event": "FIGHT"}) == "ASSAULT"
    assert gold_type({"event": "AGREE"}) == "AGREE"


@pytest.mark.model
@pytest.mark.issue(4)
def test_eval_plover_meets_the_floors(shared: Path) -> None:
    result = run_cli("eval", "plover", str(shared / "data/plover/gsr_dev.jsonl"))
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["records"] == 179
    # measured 2026-12-01: type 0.8212, dyad 0.6983; of the 44 events with confidence 0.8 or more, 0.886 right;
    # dyad 0.7207 with a protest aimed at whom its purpose names (issue 11's targets: type 0.80, dyad 0.72)
    # (floors: rounded down to 0.01, minus 0.02)
    assert scores["type_accuracy"] >= 0.80
    assert scores["dyad_accuracy"] >= 0.72  # issue 11
    high = scores["confidence"]["at_least"]["0.8"]
    assert high["events"] >= 20 and high["precision"] >= 0.86
    assert sum(sum(row.values()) for row in scores["confusion"].values()) == 179
