"""Issue 4: triggers, arguments and modality read off real dependency parses."""

from __future__ import annotations

from typing import Any

import pytest

from eventwire.coding import find_candidates, load_lexicon
from eventwire.parse import load_nlp


def _candidates(text: str) -> list[Any]:
    lexicon = load_lexicon()
    spacy_doc = load_nlp("en_core_web_sm")(text)
    return [c for sent in spacy_doc.sents for c in find_candidates(sent, lexicon)]


def _summary(text: str) -> list[tuple[str, str, str, list[str], list[str]]]:
    return [(c.trigger.text, c.code, c.modality, [t.text for t in c.sources], [t.text for t in c.targets])
            for c in _candidates(text)]


pytestmark = pytest.mark.model


def test_coding_appeal_with_object_control_is_one_event() -> None:
    # "restrain" is what Moscow is asked to do, not an event of its own; the object is the first target tried
    (found,) = _summary("Ankara urges Moscow to restrain Syrian regime in Idlib")
    assert found[:4] == ("urges", "020", "asserted", ["Ankara"]) and found[4][0] == "Moscow"


def test_coding_called_on_is_an_appeal() -> None:
    (found,) = _summary("Ankara called on Moscow to contain the Bashar Assad regime.")
    assert found[:2] == ("called", "020") and found[3] == ["Ankara"] and found[4][0] == "Moscow"


def test_coding_passive_nominal_agreement_between_two_parties() -> None:
    (found,) = _summary("The Sochi agreement was reached on Sept. 17, 2018 between Turkey and Russia.")
    assert found == ("agreement", "057", "asserted", ["Turkey"], ["Russia"])


def test_coding_nominal_subject_gives_its_code_and_the_object_is_the_target() -> None:
    found = _summary("An airstrike hit a detention center for migrants in the Libyan capital early Wednesday, "
                     "killing at least 44 people and wounding 130, U.N. officials said.")
    assert found[0][:2] == ("airstrike", "195") and found[0][4][0] == "center"


def test_coding_negation_through_an_intent_verb() -> None:
    (found,) = _summary("Haftar's forces do not intend to attack Tripoli.")
    assert found[0] == "attack" and found[2] == "negated"


def test_coding_negated_cooperation_through_an_intent_verb_is_a_rejection() -> None:
    (found,) = _summary("Haftar does not intend to recognize the GNA.")
    assert found[:3] == ("recognize", "120", "asserted")


def test_coding_attempt_is_attempted() -> None:
    found = _summary("His militia was seeking to capture Tripoli from the GNA.")
    assert [(f[0], f[2]) for f in found] == [("capture", "attempted")]


def test_coding_future_cooperation_is_intent_and_future_violence_a_threat() -> None:
    (aid,) = _summary("The United Nations will provide food aid to refugees in Liberia.")
    assert aid[1].startswith("03") and aid[2] == "future"
    (threat,) = _summary("The rebels vowed to attack the capital.")
    assert threat[1].startswith("13") and threat[2] == "future"


def test_coding_reported_must_is_a_demand_by_the_speaker() -> None:
    (found,) = _summary("The Bush administration declared Tuesday that China must drop barriers to U.S. exports.")
    assert found[1] == "100" and found[3] == ["administration"] and found[4] == ["China"]


def test_coding_reporting_verb_is_not_an_event_but_what_it_reports_is() -> None:
    found = _summary("Foreign Minister Mevlüt Çavuşoğlu said that President Recep Tayyip Erdoğan discussed the issue "
                     "with his Russian counterpart Vladimir Putin.")
    assert [(f[0], f[1][:2], f[3]) for f in found] == [("discussed", "04", ["Erdoğan"])]


def test_coding_coordinated_subjects_are_all_sources() -> None:
    lexicon = load_lexicon()
    spacy_doc = load_nlp("en_core_web_sm")("France and Germany condemned the attack.")
    (cand,) = [c for s in spacy_doc.sents for c in find_candidates(s, lexicon)]
    from eventwire.coding.code_events import _conjuncts

    assert [t.text for t in _conjuncts(cand.sources[0])] == ["France", "Germany"]
