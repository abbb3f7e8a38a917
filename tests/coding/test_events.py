"""Issue 4: whole-pipeline coding rules on short texts (real model, real knowledge base)."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire import Article, Document
from eventwire.pipeline import make_pipeline

pytestmark = [pytest.mark.model, pytest.mark.issue(4)]


@pytest.fixture(scope="module")
def code() -> Any:
    pipeline = make_pipeline()

    def run(text: str, published: str = "2022-11-02") -> list[tuple[str, str | None, str | None]]:
        doc = pipeline(Document(Article(id="t", text=text, published=published)))
        return [(e.cameo, e.source.code if e.source else None, e.target.code if e.target else None)
                for e in doc.events]

    return run


def test_events_coordinated_parties_of_an_agreement_are_a_dyad(code: Any) -> None:
    found = code("Ethiopia's government and Tigrayan forces signed an agreement in Pretoria on Wednesday.")
    assert ("057", "ETHGOV", "ETHREB") in found


def test_events_reported_pronoun_is_the_reporter(code: Any) -> None:
    found = code("Syria says it is willing to withdraw its troops from neighboring Lebanon.", "2000-01-01")
    assert [(c[:2], s, t) for c, s, t in found] == [("03", "SYR", "LBN")]


def test_events_sector_adjective_on_a_thing_is_no_target(code: Any) -> None:
    found = code("Serbia lodged an official protest with Albania today.", "2000-01-01")
    assert found and all(t == "ALB" for _, _, t in found)


def test_events_negated_conflict_is_not_coded(code: Any) -> None:
    assert code("Haftar did not attack the GNA.", "2019-07-05") == []


@pytest.mark.issue(11)
def test_events_negated_cooperation_is_a_rejection(code: Any) -> None:
    """CAMEO: a refused cooperative act is coded as the refusal (12x), not dropped and never as the act."""
    assert code("Haftar does not intend to recognize the GNA.", "2019-07-05") == [("120", "LBYREB", "LBYGOV")]
    assert [c for c, _, _ in code("Turkey will not release the prisoners.", "2019-07-05")] == ["1243"]


def test_events_sector_only_actor_takes_the_country_of_the_place(code: Any) -> None:
    found = code("Police arrested 30 protesters in Nairobi on Tuesday.", "2024-06-18")
    assert found == [("173", "KENCOP", "KENOPP")]


def test_events_negated_act_is_kept_flagged_when_asked(tmp_path: Any) -> None:
    import json

    from tests.conftest import run_cli

    path = tmp_path / "neg.txt"
    path.write_text("Haftar talk\n\nHaftar did not attack the GNA, officials said.\n", encoding="utf-8")
    assert run_cli("code", str(path), "--published", "2019-07-05").stdout == ""
    kept = [json.loads(x) for x in run_cli("code", str(path), "--published", "2019-07-05",
                                           "--keep-negated").stdout.splitlines()]
    assert [(e["cameo"], e["modality"]) for e in kept] == [("190", "negated")]


def test_events_conditional_party_of_a_threat_is_its_target(code: Any) -> None:
    found = code("Russia has threatened to stop negotiations if the United States goes ahead with the deployment.",
                 "2000-01-01")
    assert any(c.startswith("13") and s == "RUS" and t == "USA" for c, s, t in found)


def test_events_a_reported_demand_noun_is_the_speakers_demand(code: Any) -> None:
    found = code("The International Labor Office reiterated its demand today that Israel ease restrictions.",
                 "2000-01-01")
    assert any(c == "100" and t == "ISR" for c, _, t in found)


@pytest.mark.issue(11)
def test_events_sector_only_actor_takes_the_country_the_story_is_about(code: Any) -> None:
    found = code("Flooding closed roads across Columbus, Ohio, on Monday.\n\nPolice arrested two men who had "
                 "robbed a bank.", "2009-03-16")
    assert ("173", "USACOP", "USA") in [(c, s, t[:3] if t else None) for c, s, t in found]


@pytest.mark.issue(11)
def test_events_a_death_is_no_act_of_the_dead(code: Any) -> None:
    assert code("John Smith, a retired teacher, has died at age 74.", "2009-03-16") == []


@pytest.mark.issue(11)
def test_events_cooperation_between_private_parties_is_no_event(code: Any) -> None:
    assert code("Deann Vaught joined Guaranty Bond Bank in 1981 and attended Northeast Texas Community College.",
                "2009-03-21") == []
    met = code("The mayor met residents of the north side on Tuesday.", "2009-03-21")
    assert met and all(s is not None and s.endswith("GOV") for _, s, _ in met)  # one side is public
