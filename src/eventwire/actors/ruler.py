"""A spaCy component that marks the knowledge base's known names as entities (after the statistical NER).

The model misses or mislabels names it has rarely seen ("Çavuşoğlu" as a place, "Sochi" as a nationality).
This component finds the shipped knowledge base's names with the resolver's own matcher and:

- adds an entity where the model found none (persons PERSON, organisations ORG, countries, capitals and other
  place names GPE, adjectives and peoples NORP, seats of power such as "the Kremlin" ORG);
- relabels a model entity that a known name covers whole when the labels clearly disagree: a known person
  labelled as something else becomes PERSON, a known place labelled NORP or PERSON becomes GPE.

It reads only the shipped files (a parse does not depend on user settings); the knowledge base loads on the
first document, once per process.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from eventwire.actors.kb import ActorKB, fold_pieces, load_kb_files, shipped_actor_files
from eventwire.actors.resolve import Match, Tok, find_matches, remember_matches

COMPONENT = "eventwire_actor_names"
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


class ActorNameRuler:
    """The component: ``nlp.add_pipe("eventwire_actor_names", after="ner")``."""

    def __init__(self) -> None:
        self._kb: ActorKB | None = None

    @property
    def kb(self) -> ActorKB:
        if self._kb is None:
            self._kb = _shipped_kb()
        return self._kb

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        kb = self.kb
        toks = [Tok(t.i, t.text, t.idx, fold_pieces(t.text)) for t in doc]
        matches = find_matches(kb, toks)
        # the resolver (actors stage) needs the same folds and matches: it takes them from here (issue 16)
        remember_matches(doc, kb, toks, matches)
        ents = list(doc.ents)
        owner = {i: k for k, ent in enumerate(ents) for i in range(ent.start, ent.end)}
        replaced: set[int] = set()
        added: list[Span] = []
        for match in matches:
            label = _label(kb, toks, match)
            if label is None:
                continue
            overlapping = {owner[i] for i in range(match.start, match.end) if i in owner}
            if not overlapping:
                added.append(Span(doc, match.start, match.end, label=label))
                continue
            covered = all(match.start <= ents[k].start and ents[k].end <= match.end for k in overlapping)
            if covered and any(_should_relabel(ents[k].label_, label, match.end - match.start)
                               for k in overlapping):
                replaced.update(overlapping)
                added.append(Span(doc, match.start, match.end, label=label))
        if added:
            kept = [ent for k, ent in enumerate(ents) if k not in replaced]
            doc.ents = filter_spans(kept + added)
        return doc


def _label(kb: ActorKB, toks: list[Tok], match: Match) -> str | None:
    """The entity label of a knowledge-base name; None for common nouns (sector words and titles)."""
    kind = match.kind
    if kind == "person":
        return "PERSON"
    if kind == "organization":
        return "ORG"
    if kind == "people":
        return "NORP"
    if kind == "country":
        words = tuple(p for t in toks[match.start: match.end] for p in t.pieces)
        return "NORP" if any(fold_pieces(adj) == words for adj in match.entry.adjectives) else "GPE"
    if kind == "metonym":
        return "GPE" if match.entry.id.startswith("capital:") else "ORG"
    return None


def _should_relabel(model_label: str, kb_label: str, words: int) -> bool:
    """Relabel a model entity a known name covers: a known person is a PERSON; a known place labelled as a
    nationality or a person is a GPE; a known organisation of two words or more is an ORG."""
    if kb_label == "PERSON":
        return model_label != "PERSON"
    if kb_label == "GPE":
        return model_label in ("NORP", "PERSON")
    if kb_label == "ORG":
        return words >= 2 and model_label in ("PERSON", "GPE", "NORP", "WORK_OF_ART")
    return False


def _shipped_kb() -> ActorKB:
    return load_kb_files(shipped_actor_files())


@Language.factory(COMPONENT)
def make_actor_name_ruler(nlp: Language, name: str) -> Any:
    """spaCy factory of :class:`ActorNameRuler` (registered when this module is imported)."""
    del nlp, name
    return ActorNameRuler()


__all__ = ["COMPONENT", "ActorNameRuler", "make_actor_name_ruler"]
