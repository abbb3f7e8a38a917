"""Stage ``parse``: the spaCy analysis (sentences, tokens, entities, dependencies) of an article."""

from eventwire.parse.spacy_parse import Parser, load_nlp, parse

__all__ = ["Parser", "load_nlp", "parse"]
