"""Issue 11: knowing when not to code — accidents and natural forces are no attacks, a first name that is a
place is no country, a local person is the story's country's, and one victim killed counts one dead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventwire import Article, Document
from eventwire.coding.non_events import load_non_events, read_non_events
from eventwire.errors import LexiconError
from eventwire.pipeline import make_pipeline

pytestmark = pytest.mark.issue(11)


@pytest.fixture(scope="module")
def code() -> Any:
    pipeline = make_pipeline()

    def run(text: str) -> list[tuple[str, str | None, str | None, int | None]]:
        doc = pipeline(Document(Article(id="t", text=text, published="2009-03-24")))
        return [(e.cameo, e.source.code if e.source else None, e.target.code if e.target else None,
                 e.casualties.killed) for e in doc.events]

    return run


@pytest.mark.model
def test_non_events_an_accident_is_no_attack(code: Any) -> None:
    assert code("Two Syrian soldiers were killed near Aleppo on Monday.") == [("190", None, "SYRMIL", 2)]
    assert code("Two Syrian soldiers were killed in a road accident near Aleppo on Monday.") == []
    assert code("A Syrian soldier was struck by a truck near Aleppo on Monday.") == []


@pytest.mark.model
def test_non_events_a_natural_force_is_no_actor(code: Any) -> None:
    assert code("A Kansas storm overturned three trucks on Monday.") == []


@pytest.mark.model
def test_non_events_a_first_name_that_is_a_place_names_a_person(code: Any) -> None:
    found = code("Jordan Smith attacked two police officers in Columbus, Ohio, on Monday.")
    assert found and all(s != "JOR" and not (s or "").startswith("JOR") for _, s, _, _ in found)


@pytest.mark.model
def test_non_events_an_unknown_person_is_of_the_storys_country(code: Any) -> None:
    found = code("Christopher Vasquez stabbed Jeff Welch in Independence, Missouri, on Saturday, police in "
                 "Kansas City, Missouri, said.")
    assert [(c[:2], s, t) for c, s, t, _ in found] == [("18", "USACVL", "USACVL")]


@pytest.mark.model
def test_non_events_one_victim_killed_counts_one_dead(code: Any) -> None:
    assert code("Syrian rebels killed a government official in Aleppo on Monday.") == [("190", "SYRREB", "SYRGOV", 1)]
    assert code("Syrian rebels killed soldiers in Aleppo on Monday.") == [("190", "SYRREB", "SYRMIL", None)]


def test_non_events_shipped_words_load() -> None:
    words = load_non_events()
    assert "storm" in words.non_agents and "collision" in words.accident_words and "fire" not in words.non_agents
    assert "cancer" in words.figurative_objects and "fire" not in words.figurative_objects  # "opened fire"


@pytest.mark.parametrize(("text", "message"), [
    ("schema_version: 1\nnon_agents: [storm]\n", "accident_words must be a list of words"),
    ("schema_version: 1\nnon_agents: [storm]\naccident_words: [crash]\n", "figurative_objects must be a list"),
    ("schema_version: 1\nnon_agents: storm\naccident_words: [crash]\nfigurative_objects: [cancer]\n",
     "non_agents must be a list of words"),
    ("non_agents: [storm]\naccident_words: [crash]\n", "needs schema_version: 1"),
    ("schema_version: 1\nnon_agents: [storm\n", "not valid YAML"),
])
def test_non_events_bad_file_names_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "non_events.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        read_non_events(path)
    assert message in str(err.value) and str(path) in str(err.value)


@pytest.mark.model
def test_non_events_a_question_or_a_command_asserts_no_event(code: Any) -> None:
    assert code("Russia attacked Ukraine on Monday.")
    assert code("Does Russia really want to attack Ukraine?") == []
    assert code("“Will Turkey attack the Kurds?”") == []
    assert code("“Isaiah said, ‘Strike the shepherd and the sheep will scatter.’”") == []
    # a quoted command, whoever is said to give it (the parser hangs "Strike" on "said" as its complement)
    assert code("“Isaiah said, ‘Strike the shepherd and the sheep will scatter. ’”") == []
    assert code("The rebel commander told his men, “Attack the base at dawn.”") == []


@pytest.mark.model
def test_non_events_a_fight_against_an_illness_or_a_crisis_is_a_figure_of_speech(code: Any) -> None:
    assert code("Rebels battled government troops near Aleppo on Monday.")
    assert code("Earl Paulk, the Atlanta pastor, was battling prostate cancer on Monday.") == []
    assert code("With most residents already battling through the present financial crisis, the council "
                "raised the charge.") == []
    assert code("Local fire departments in Columbus, Ohio, battled a blaze at a home on Monday.") == []
    # "fire" is not a figure of speech: "opened fire on protesters" is gunfire
    assert any(c.startswith("19") for c, *_ in code("Iraqi police opened fire on protesters in Baghdad on Monday."))
    # breaking into song or tears destroys nothing; breaking into a house is still coded
    assert code("Mark Meredith, the pastor of a church in Columbus, Ohio, spoke on Monday. Meredith often breaks "
                "into song during his sermons.") == []
    assert code("Rebels broke into the house of the governor in Aleppo on Monday.")


@pytest.mark.model
def test_non_events_a_defendant_appearing_in_court_acts_on_no_one(code: Any) -> None:
    """The dictionary's APPEAR in court (173) made the defendant the arrester; the charge is coded instead."""
    found = code("Jimmy Garnes, 30, of Pomeroy, Ohio, was charged with murder. Garnes appeared in Meigs County "
                 "Court on Friday.")
    assert [(c[:2], s, t) for c, s, t, _ in found] == [("11", None, "USACVL")]


@pytest.mark.model
def test_non_events_a_company_title_is_no_government(code: Any) -> None:
    """"Assistant Vice President" of a bank is a company officer; "human resource administration" a trade."""
    found = code("In 2002, Deann Vaught of Mount Pleasant, Texas, was promoted to Assistant Vice President of the "
                 "Human Resources Department at Guaranty Bond Bank. Since then, she has attended seminars and "
                 "obtained certifications related to human resource administration.")
    assert not any("GOV" in (s or "") + (t or "") for _, s, t, _ in found)


@pytest.mark.model
def test_non_events_private_opinion_is_no_event_but_an_agentless_charge_is(code: Any) -> None:
    ohio = "in Columbus, Ohio, on Monday"
    # (the story is about Ohio, so Buck is USACVL; nobody public is on either side)
    assert not any(c.startswith(("10", "11", "12")) for c, _, _, _ in code(
        "Columbus, Ohio, is the state capital. Frank Buck criticized the senseless slaughter of animals."))
    found = code(f"Charles Williams was charged with murder {ohio}.")
    assert any(c.startswith("11") and t == "USACVL" for c, _, t, _ in found)
    found = code(f"Charles Williams criticized the Ohio governor {ohio}.")
    assert any(c.startswith("11") and t == "USAGOV" for c, _, t, _ in found)


@pytest.mark.model
def test_non_events_a_town_named_like_a_country_gives_its_own_countrys_actor(code: Any) -> None:
    found = code("Lebanon, Ind., police began an investigation on Monday.")
    assert found and all((s or "").startswith("USA") for _, s, _, _ in found) and ("090", "USACOP", None, None) in found
    assert code("Lebanon criticized Israel on Monday.") == [("111", "LBN", "ISR", None)]
