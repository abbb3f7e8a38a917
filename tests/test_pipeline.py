"""The pipeline: stage order is checked when built, and one bad article never stops a batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire import Article, Document
from eventwire.errors import ConfigError, InputError
from eventwire.pipeline import Pipeline, Stage, make_pipeline
from tests.conftest import run_cli


def test_pipeline_refuses_stages_out_of_order() -> None:
    with pytest.raises(ConfigError, match="coding.*needs actor_mentions"):
        Pipeline([Stage("coding", lambda d: d, ("actor_mentions",), ("events",))])


@pytest.mark.model
def test_pipeline_bad_publication_date_fails_only_its_article() -> None:
    articles = [Article(id="bad", text="Police arrested 15 protesters in Cairo.", published="not a date",
                        origin="feed.jsonl:1"),
                Article(id="good", text="Police arrested 15 protesters in Cairo.", published="2020-01-06")]
    results = list(make_pipeline().pipe(articles))
    assert isinstance(results[0], InputError) and "feed.jsonl:1" in str(results[0])
    assert isinstance(results[1], Document) and results[1].events


def test_ingest_jsonl_published_in_news_form_is_normalised_and_nonsense_refused(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Troops shelled the town.", "published": "July 5, 2019"}) + "\n"
                    + json.dumps({"id": "b", "text": "Troops shelled the town.", "published": "soon"}) + "\n",
                    encoding="utf-8")
    result = run_cli("extract", str(path))
    assert result.returncode == 1
    assert [json.loads(x)["published"] for x in result.stdout.splitlines()] == ["2019-07-05"]
    assert f"{path}:2: 'published' is not a date" in result.stderr


def test_cli_published_option_must_be_a_date(seed_path: Path) -> None:
    result = run_cli("code", str(seed_path), "--published", "5/7/2019")
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr
