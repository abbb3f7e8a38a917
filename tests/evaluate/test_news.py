"""Issue 11: the LGL news event gold: pattern matching on hand-built events, the scores, and the dev-set floors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eventwire.config import Settings
from eventwire.document import ActorRef, Casualties, Event, EventDate, Place, Plover, TextSpan
from eventwire.errors import ConfigError
from eventwire.evaluate.news import corpus_path, evaluate, failures, matches, period, score
from tests.conftest import run_cli


def _actor(country: str | None, *sectors: str) -> ActorRef:
    return ActorRef(text="x", start=0, end=1, code=(country or "") + "".join(sectors), name=None, country=country,
                    sectors=list(sectors))


def _event(cameo: str = "173", source: ActorRef | None = None, target: ActorRef | None = None,
           when: tuple[str, str] | None = None, where: tuple[float, float] | None = None,
           killed: int | None = None, modality: str = "asserted") -> Event:
    return Event(event_id="e", article_id="a", sentence_index=0, evidence=TextSpan("Police arrested him.", 0, 20),
                 trigger=TextSpan("arrested", 7, 15), source=source, target=target, cameo=cameo, cameo_name=None,
                 plover=Plover(None), quad_class=None, goldstein=None,
                 date=EventDate(when[0], when[1], None, "text") if when else None,
                 location=Place("Lebanon", 0, 7, lat=where[0], lon=where[1]) if where else None,
                 casualties=Casualties(killed=killed), modality=modality)


ARREST: dict[str, Any] = {"id": "A1", "source": [{"country": "USA", "sectors": ["COP", "GOV", "JUD"]}],
                          "target": [{"country": "USA"}], "roots": ["17"]}
POLICE, MAN = _actor("USA", "COP"), _actor("USA")


def test_news_periods() -> None:
    assert period("2009-03-26") == (date(2009, 3, 26), date(2009, 3, 26))
    assert [d.isoformat() for d in period("2009-02")] == ["2009-02-01", "2009-02-28"]
    assert [d.isoformat() for d in period("1999")] == ["1999-01-01", "1999-12-31"]


def test_news_date_within_tolerance() -> None:
    pattern = {**ARREST, "date": "2009-03-26", "tol_days": 1}
    assert matches(_event(source=POLICE, target=MAN, when=("2009-03-27", "day")), pattern)
    assert matches(_event(source=POLICE, target=MAN, when=("2009-03-25", "day")), pattern)
    assert not matches(_event(source=POLICE, target=MAN, when=("2009-03-28", "day")), pattern)
    assert not matches(_event(source=POLICE, target=MAN, when=("2009-03-27", "day")), {**pattern, "tol_days": 0})
    # strict: no date, or a date less precise than the window, does not match
    assert not matches(_event(source=POLICE, target=MAN), pattern)
    assert not matches(_event(source=POLICE, target=MAN, when=("2009-03", "month")), pattern)
    # a month or year pattern: inside the period, widened by tol_days
    month = {**ARREST, "date": "2009-03", "tol_days": 0}
    assert matches(_event(source=POLICE, target=MAN, when=("2009-03-31", "day")), month)
    assert matches(_event(source=POLICE, target=MAN, when=("2009-03", "month")), month)
    assert not matches(_event(source=POLICE, target=MAN, when=("2009-04-01", "day")), month)
    assert matches(_event(source=POLICE, target=MAN, when=("2009-04-01", "day")), {**month, "tol_days": 1})
    year = {**ARREST, "date": "1999", "tol_days": 0}
    assert matches(_event(source=POLICE, target=MAN, when=("1999", "year")), year)
    assert not matches(_event(source=POLICE, target=MAN, when=("2009-03-08", "day")), year)
    # lenient scoring ignores the date
    assert matches(_event(source=POLICE, target=MAN, when=("2010-01-01", "day")), pattern, lenient=True)


def test_news_symmetric_pattern_matches_either_direction() -> None:
    meeting = {"id": "m", "source": [{"country": "GBR"}], "target": [{"country": "USA"}], "roots": ["04"]}
    forward, backward = _event("040", _actor("GBR"), _actor("USA")), _event("040", _actor("USA"), _actor("GBR"))
    assert matches(forward, meeting) and not matches(backward, meeting)
    assert matches(backward, {**meeting, "symmetric": True})
    assert not matches(_event("040", _actor("USA"), _actor("USA")), {**meeting, "symmetric": True})


def test_news_sector_and_country_constraints() -> None:
    assert matches(_event(source=POLICE, target=MAN), ARREST)
    assert matches(_event(source=_actor("USA", "GOV", "LEG"), target=_actor("USA", "CVL")), ARREST)
    assert not matches(_event(source=_actor("USA", "CVL"), target=MAN), ARREST)  # no sector among the accepted
    assert not matches(_event(source=_actor(None, "COP"), target=MAN), ARREST)  # the country is required too
    assert not matches(_event(source=_actor("LBN", "COP"), target=MAN), ARREST)
    assert not matches(_event(source=POLICE, target=None), ARREST)  # a constrained side must exist
    assert not matches(_event("190", POLICE, MAN), ARREST)  # root 19 not accepted
    assert matches(_event("1711", POLICE, MAN), {**ARREST, "target": None})  # null: no constraint, even no actor
    # alternatives: any one fits; a null country means the actor has none; no country key: sectors only
    assert matches(_event(source=_actor("GBR"), target=MAN), {**ARREST, "source": [{"country": "FRA"},
                                                                                   {"country": "GBR"}]})
    igo = {**ARREST, "source": [{"country": None, "sectors": ["IGO"]}]}
    assert matches(_event(source=_actor(None, "IGO"), target=MAN), igo)
    assert not matches(_event(source=_actor("USA", "IGO"), target=MAN), igo)
    assert matches(_event(source=_actor("FRA", "COP"), target=MAN), {**ARREST, "source": [{"sectors": ["COP"]}]})


def test_news_place_and_casualty_counts() -> None:
    killing = {"id": "k", "source": None, "target": [{"country": "USA"}], "roots": ["18", "19"],
               "loc": {"lat": 40.0484, "lon": -86.4692, "km": 50}, "killed": 1}
    assert matches(_event("190", None, MAN, where=(40.2, -86.3), killed=1), killing)
    reasons = failures(_event("190", None, MAN, where=(39.77, -86.16), killed=2), killing)
    assert len(reasons) == 1 and reasons[0] == "killed 2 != 1"  # Indianapolis, about 40 km away, is within 50
    assert any("km away" in r for r in failures(_event("190", None, MAN, where=(41.88, -87.63), killed=1), killing))
    assert failures(_event("190", None, MAN, killed=1), killing) == ["no place with coordinates"]
    assert failures(_event("190", None, MAN, where=(40.2, -86.3)), killing) == ["killed None != 1"]


def test_news_scores_recall_precision_and_lists_misses() -> None:
    gold = [{"docid": "d1", "title": "t", "required": [{**ARREST, "date": "2009-03-26", "tol_days": 0},
                                                       {"id": "B", "source": None, "target": None, "roots": ["11"]}],
             "optional": [{"id": "o", "source": [{"country": "USA"}], "target": None, "roots": ["01"]}]}]
    emitted = {"d1": [_event("173", POLICE, MAN, when=("2009-03-27", "day")),  # right but for the date
                      _event("010", MAN), _event("190", MAN, MAN), _event("111", MAN, modality="negated")]}
    result = score(gold, emitted)
    assert (result["required"], result["matched"], result["emitted"], result["emitted_matched"]) == (2, 0, 3, 1)
    assert result["recall"] == 0.0 and result["precision"] == round(1 / 3, 4) and result["f1"] == 0.0
    assert result["lenient_recall"] == 0.5 and result["lenient_precision"] == round(2 / 3, 4)
    assert result["unmatched_required"] == ["d1: A1", "d1: B"]
    article = result["per_article"][0]
    assert article["unmatched_required"][0]["near_misses"][0]["failed"] == ["date 2009-03-27 not in 2009-03-26±0d"]
    assert [e["cameo"] for e in article["unmatched_emitted"]] == ["173", "190"]
    assert result["events_per_article"] == {"d1": 3}


def test_news_corpus_is_found_beside_the_gold_or_named(tmp_path: Path) -> None:
    gold = tmp_path / "data" / "news" / "gold.json"
    gold.parent.mkdir(parents=True)
    gold.write_text(json.dumps({"notes": "", "articles": [{"docid": "x", "published": "2009-03-20",
                                                           "required": [], "optional": []}]}), encoding="utf-8")
    assert corpus_path(gold) == tmp_path.resolve() / "data" / "corpus" / "lgl_news.jsonl"
    with pytest.raises(ConfigError, match="lgl_news.jsonl"):
        evaluate(gold, Settings())
    corpus = tmp_path / "other.jsonl"
    corpus.write_text(json.dumps({"id": "y", "text": "Nothing here."}) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no text for the gold articles x"):
        evaluate(gold, Settings(), corpus=corpus)


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.issue(11)
def test_eval_news_meets_the_floors(shared: Path) -> None:
    result = run_cli("eval", "news", str(shared / "data/news/lgl_gold_dev.json"), timeout=900)
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["articles"] == 15 and scores["required"] == 10 and scores["errors"] == []
    # measured 2026-12-01, with sector-only actors taking the story's country and no cooperation coded between
    # private parties: recall 0.30, precision 0.3542, F1 0.3249; leniently recall 0.40, precision 0.375; with
    # negated cooperation coded as rejection: precision 0.34, F1 0.3188, lenient precision 0.36; with the
    # non-event rules, the coverage lexicon and the geoparser's town/county rule: recall 0.30, precision
    # 0.5238, F1 0.3815, leniently recall 0.50, precision 0.5714, F1 0.5333 (42 events); with the dyad rules,
    # people words (teenager) and the accused as the doer ("accused of killing"): recall 0.50, precision
    # 0.5952, F1 0.5435, leniently recall 0.70, precision 0.6429, F1 0.6702 (42 events); with the scene of a
    # sentence naming no place ("In Columbus, … Police declined"), quoted commands, figures of speech and
    # scene-setting places that are no target: recall 0.60, precision 0.65, F1 0.6240, leniently recall
    # 0.70, precision 0.675, F1 0.6873 (40 events); with surnames, missed passive subjects, corporate titles
    # and figures of speech: recall 0.70, precision 0.70 (28 of 40), leniently 0.80 / 0.725: the floors of
    # recall and precision are now issue 11's targets, the others rounded down to 0.01 minus 0.02
    assert scores["recall"] >= 0.70  # issue 11
    assert scores["precision"] >= 0.70  # issue 11
    assert scores["f1"] >= 0.69
    assert scores["lenient_recall"] >= 0.78
    assert scores["lenient_precision"] >= 0.70
    assert scores["lenient_f1"] >= 0.74
    assert scores["confidence"]["events"] == scores["emitted"]
    assert len(scores["unmatched_required"]) == scores["required"] - scores["matched"]
