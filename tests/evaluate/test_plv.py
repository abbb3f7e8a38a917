"""Issue 11: the PLOVER source/target sentences (plv_train.tsv): marks, the YIELD mapping, span overlap, floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.document import ActorRef, Event, Plover, TextSpan
from eventwire.evaluate.plv import Marks, dyad_matches, evaluate, score_row, strip_marks, type_matches
from tests.conftest import run_cli


def _ref(text: str, sentence: str) -> ActorRef:
    start = sentence.index(text)
    return ActorRef(text=text, start=start, end=start + len(text), code=None, name=None, country=None)


def _event(sentence: str, event_type: str, source: str | None, target: str | None,
           modality: str = "asserted") -> Event:
    return Event(event_id="e", article_id="a", sentence_index=0, evidence=TextSpan(sentence, 0, len(sentence)),
                 trigger=TextSpan("x", 0, 1), source=_ref(source, sentence) if source else None,
                 target=_ref(target, sentence) if target else None, cameo="000", cameo_name=None,
                 plover=Plover(event_type), quad_class=None, goldstein=None, modality=modality)


def test_plv_strips_marks_keeping_offsets() -> None:
    marks = strip_marks("<s>The UAE</s> repealed the <t>Israel</t> Boycott Law and deals with <t>Israel</t>.")
    assert marks.text == "The UAE repealed the Israel Boycott Law and deals with Israel."
    assert [marks.text[a:b] for a, b in marks.source] == ["The UAE"]
    assert [marks.text[a:b] for a, b in marks.target] == ["Israel", "Israel"]
    nested = strip_marks("<s><t>Iraqi</t> fighters</s> agreed.")
    assert nested.text == "Iraqi fighters agreed."
    assert nested.source == ((0, 14),) and nested.target == ((0, 5),)
    # whitespace inside a mark is not part of the span; a role without a mark has no span
    trailing = strip_marks("<s>Amnesty International (AI) </s>said so.")
    assert trailing.text == "Amnesty International (AI) said so." and trailing.source == ((0, 26),)
    assert trailing.target == ()


@pytest.mark.parametrize("marked", ["<s>A</s> hit <t>B", "A</s> hit B", "<s>A <s>B</s>"])
def test_plv_refuses_unbalanced_marks(marked: str) -> None:
    with pytest.raises(ValueError):
        strip_marks(marked)


def test_plv_gold_yield_matches_concede_and_retreat() -> None:
    assert type_matches("YIELD", "CONCEDE") and type_matches("YIELD", "RETREAT") and type_matches("YIELD", "YIELD")
    assert not type_matches("YIELD", "AGREE") and not type_matches("CONCEDE", "YIELD")
    assert type_matches("AGREE", "AGREE") and not type_matches("AGREE", None)
    sentence = "Rebels withdrew from Aleppo."
    marks = strip_marks("<s>Rebels</s> withdrew from <t>Aleppo</t>.")
    assert score_row("YIELD", [_event(sentence, "RETREAT", "Rebels", "Aleppo")], marks) == (True, True, "RETREAT")


def test_plv_dyad_needs_overlapping_source_and_target_spans() -> None:
    sentence = "US President Donald Trump met Kim Jong Un in Hanoi."
    marks = strip_marks("<s>US President Donald Trump</s> met <t>Kim Jong Un</t> in Hanoi.")
    assert dyad_matches(_event(sentence, "CONSULT", "Donald Trump", "Kim"), marks)  # overlap, not equality
    assert not dyad_matches(_event(sentence, "CONSULT", "Donald Trump", "Hanoi"), marks)
    assert not dyad_matches(_event(sentence, "CONSULT", "Donald Trump", None), marks)  # a null side overlaps nothing
    assert not dyad_matches(_event(sentence, "CONSULT", "Kim Jong Un", "US President"), marks)  # reversed
    # a row without a <t> mark is checked on its source only
    assert dyad_matches(_event(sentence, "CONSULT", "Trump", None), Marks(sentence, marks.source, ()))
    # the dyad is only credited on an event of the gold type; negated events do not count
    events = [_event(sentence, "AGREE", "Trump", "Kim"), _event(sentence, "CONSULT", "Trump", "Hanoi")]
    assert score_row("CONSULT", events, marks) == (True, False, "CONSULT")
    assert score_row("ACCUSE", events, marks) == (False, False, "AGREE")
    assert score_row("CONSULT", [_event(sentence, "CONSULT", "Trump", "Kim", "negated")], marks) == \
        (False, False, "NONE")


HEADER = "\tsentence_id\tsentence\tmarked_sentence\tsource\ttarget\tgold_root\n"


@pytest.mark.model
@pytest.mark.issue(11)
def test_plv_reports_marks_that_do_not_strip_to_the_sentence(tmp_path: Path) -> None:
    gold = tmp_path / "plv.tsv"
    gold.write_text(HEADER
                    + "\t1\tIsrael attacked Gaza.\t<s>Israel</s> attacked <t>Gaza</t>.\tIsrael\tGaza\tASSAULT\n"
                    + "\t2\tIsrael attacked Gaza.\t<s>Israel</s> struck <t>Gaza</t>.\tIsrael\tGaza\tASSAULT\n"
                    + '\t3\tHe said "no".\t<s>He</s> said "no".\tHe\ta recipient\tREJECT\n', encoding="utf-8")
    result = evaluate(gold, Settings())
    assert result["rows"] == 3 and result["sentences"] == 2
    assert [m["row"] for m in result["mark_mismatches"]] == [1]
    assert result["unmarked_roles"] == {"target": 1}
    assert result["per_type"]["ASSAULT"]["n"] == 2


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.issue(11)
def test_eval_plv_meets_the_floors(shared: Path) -> None:
    result = run_cli("eval", "plv", str(shared / "data/plover/plv_train.tsv"), timeout=900)
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["rows"] == 1050 and scores["sentences"] == 1044
    assert scores["mark_mismatches"] == [] and scores["errors"] == []
    # measured 2026-12-01: type 0.6429, dyad 0.4514; 0.6524 / 0.4610 with negated cooperation coded as its
    # rejection; 0.7800 / 0.5524 with the coverage lexicon, 'failed to', and the non-event rules; 0.7800 /
    # 0.5943 with the dyad rules (own forces, joint acts, direct arguments first, unknown names, datelines);
    # 0.7810 / 0.5971 with topics, protest targets, ELN/FARC and the figure-of-speech rules
    # (floors: rounded down to 0.01, minus 0.02); then 0.8038 / 0.6514 with pledged support, phone calls,
    # thing targets, coordinated parties and jurisdictions: the floors are now issue 11's targets
    assert scores["type_accuracy"] >= 0.80  # issue 11
    assert scores["dyad_accuracy"] >= 0.65  # issue 11
    # the held-out check of confidence (nothing is fitted on this set): measured 183 events at 0.8 or more,
    # 0.858 of them right
    high = scores["confidence"]["at_least"]["0.8"]
    assert high["events"] >= 100 and high["precision"] >= 0.83
    assert sum(sum(row.values()) for row in scores["confusion"].values()) == 1050
