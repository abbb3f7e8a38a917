"""Issue 11: an event's confidence comes from a calibrated weights file that a user can read and replace."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from eventwire import Article, Document
from eventwire.coding.confidence import FEATURES, ConfidenceModel, load_confidence, read_confidence
from eventwire.config import Settings, data_path
from eventwire.errors import LexiconError
from eventwire.evaluate.calibration import reliability
from eventwire.pipeline import make_pipeline
from tests.conftest import run_cli

pytestmark = pytest.mark.issue(11)


def test_confidence_shipped_weights_load_and_name_only_known_features() -> None:
    model = load_confidence()
    assert model.weights and set(model.weights) <= set(FEATURES)
    assert read_confidence(data_path("coding", "confidence.toml")) == replace(model)


def test_confidence_is_a_probability_that_grows_with_its_positive_features() -> None:
    model = ConfidenceModel(intercept=-1.0, weights={"source": 1.0, "long_sentence": -2.0})
    base = model.probability({})
    assert 0.0 < model.probability({"long_sentence": 1.0}) < base < model.probability({"source": 1.0}) < 1.0
    assert model.rate("e", {"source": 1.0}) == 0.5
    assert 0.0 < model.probability({"source": 1e9}) <= 1.0  # no overflow


@pytest.mark.parametrize(("text", "message"), [
    ("schema_version = 1\nkind = \"confidence\"\nintercept = 0.0\n\n[weights]\nsource = 1.0\nsauce = 2.0\n",
     "confidence.toml:7: unknown feature 'sauce'"),
    ("schema_version = 1\nkind = \"confidence\"\nintercept = 0.0\n[weights]\nsource = \"high\"\n",
     "confidence.toml:5: the weight of source must be a number"),
    ("schema_version = 1\nkind = \"confidence\"\n[weights]\n", "intercept must be a number"),
    ("schema_version = 2\nkind = \"confidence\"\nintercept = 0.0\n[weights]\n", "not a confidence weights file"),
    ("schema_version = 1\nkind = \"confidence\"\nintercept = 0.0\n[weights\n", "not valid TOML"),
])
def test_confidence_bad_weights_file_names_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "confidence.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        read_confidence(path)
    assert message in str(err.value) and str(tmp_path) in str(err.value)


def test_confidence_reliability_counts_thresholds_bins_and_brier() -> None:
    pairs = [(0.95, True), (0.85, True), (0.82, False), (0.3, False), (0.1, False)]
    block = reliability(pairs)
    assert block["events"] == 5 and block["right"] == 2
    assert block["at_least"]["0.8"] == {"events": 3, "share": 0.6, "precision": 0.667}
    assert block["at_least"]["0.9"]["precision"] == 1.0
    assert [b["events"] for b in block["bins"]] == [1, 1, 2, 1]
    assert block["brier"] == pytest.approx((0.05**2 + 0.15**2 + 0.82**2 + 0.3**2 + 0.1**2) / 5, abs=1e-4)
    assert reliability([])["at_least"]["0.8"]["precision"] is None


@pytest.mark.model
def test_confidence_ranks_a_named_dyad_above_a_one_sided_event(tmp_path: Path) -> None:
    pipeline = make_pipeline()
    doc = pipeline(Document(Article(id="c", published="2022-11-02", text=(
        "Turkish President Recep Tayyip Erdogan urged Russia on Tuesday to halt the offensive.\n\n"
        "Later that day, several houses in the area were reportedly attacked, according to residents who spoke "
        "to reporters by telephone from the town, which has been without electricity and water for weeks."))))
    by_code = {e.cameo[:2]: e for e in doc.events}
    assert by_code["02"].source and by_code["02"].target
    assert all(0.0 <= e.confidence <= 1.0 for e in doc.events)
    one_sided = [e for e in doc.events if e.source is None or e.target is None]
    assert all(e.confidence < by_code["02"].confidence for e in one_sided)


@pytest.mark.model
def test_confidence_own_weights_file_and_min_confidence_filter(tmp_path: Path) -> None:
    own = tmp_path / "mine.toml"
    own.write_text("schema_version = 1\nkind = \"confidence\"\nintercept = 3.0\n[weights]\ntarget = -4.0\n",
                   encoding="utf-8")
    text = "Turkey urged Russia to halt the offensive. Rebels attacked."
    article = Article(id="m", text=text, published="2022-11-02")
    events = make_pipeline(Settings(confidence_file=own))(Document(article)).events
    assert {e.confidence for e in events if e.target} == {round(1 / (1 + 2.718281828459045), 2)}
    kept = make_pipeline(Settings(confidence_file=own, min_confidence=0.5))(Document(article)).events
    assert kept and all(e.target is None for e in kept) and len(kept) < len(events)


@pytest.mark.model
def test_confidence_cli_min_confidence_filters_code_and_export(seed_path: Path, tmp_path: Path) -> None:
    every = run_cli("code", str(seed_path))
    high = run_cli("code", "--min-confidence", "0.75", str(seed_path))
    assert every.returncode == high.returncode == 0, every.stderr + high.stderr
    all_events = [json.loads(line) for line in every.stdout.splitlines()]
    kept = [json.loads(line) for line in high.stdout.splitlines()]
    assert kept == [e for e in all_events if e["confidence"] >= 0.75] and 0 < len(kept) < len(all_events)
    bad = run_cli("code", "--min-confidence", "1.5", str(seed_path))
    assert bad.returncode == 2 and "min-confidence" in bad.stderr
    db, out = tmp_path / "s.db", tmp_path / "high.jsonl"
    assert run_cli("ingest", "--db", str(db), str(seed_path)).returncode == 0
    result = run_cli("export", "--format", "jsonl", "--db", str(db), "--min-confidence", "0.75", "--out", str(out))
    assert result.returncode == 0, result.stderr
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(e["event_id"] for e in exported) == sorted(e["event_id"] for e in kept)
