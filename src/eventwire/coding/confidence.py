"""How likely an event is to be right: a logistic model over what the coder knows about the event.

An event's ``confidence`` is ``1 / (1 + exp(-(intercept + sum of weight * feature)))`` over the features below,
with the weights of ``data/coding/confidence.toml``. The weights are fitted by ``tools/calibrate_confidence.py``
on development sets whose licences allow it (see that file's header), so that the number reads as a
probability: of the events with confidence 0.8 or more, about eight or nine in ten are right. ``eventwire eval``
reports, on every event set, how many events reach each threshold and how many of those are right, so a user
can check the calibration on their own gold data and refit (``Settings.confidence_file`` points at another
weights file).

"Right" is judged as each development set judges it: the gold type with the gold actors (gsr_dev: the
countries of source and target; the LGL news gold: a required or optional pattern's root and actors).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.config import data_path
from eventwire.datafiles import read_toml
from eventwire.errors import LexiconError

FEATURES: dict[str, str] = {
    "source": "the event has a source actor",
    "target": "the event has a target actor",
    "source_named": "the source is named (a name, acronym or alias of a known actor), not a title, pronoun, "
                    "demonym or sector word",
    "target_named": "the target is named",
    "source_pronoun": "the source is a pronoun resolved to its antecedent",
    "target_pronoun": "the target is a pronoun resolved to its antecedent",
    "source_sector_only": "the source is a sector word alone ('police', 'rebels')",
    "source_unknown_person": "the source is a person the knowledge base does not know (the story's country's)",
    "target_unknown_person": "the target is a person the knowledge base does not know",
    "target_sector_only": "the target is a sector word alone",
    "source_country": "the source has a country",
    "target_country": "the target has a country",
    "specific": "a phrase pattern of the lexicon refined the trigger's code",
    "nominal": "the trigger is a noun ('an attack', 'talks') carried by a support verb",
    "hand_kept": "the trigger verb's entry is one of eventwire's own (extensions.yml), not PETRARCH2's "
                 "dictionary (nominal triggers are all eventwire's own: see 'nominal')",
    "main_clause": "the trigger's clause is the sentence's root",
    "long_sentence": "the sentence is longer than 40 tokens",
    "future": "the act is announced for the future",
    "hypothetical": "the act is conditional or hypothetical",
    "attempted": "the act was attempted",
    "negated": "the act is negated (kept only with --keep-negated)",
    "verbal_conflict": "QuadClass 3 (accuse, threaten, reject, demand)",
    "material_cooperation": "QuadClass 2 (aid, yield)",
    "material_conflict": "QuadClass 4 (force, protest, coerce)",
}
"""The features an event's confidence depends on, each 0 or 1; QuadClass 1 (verbal cooperation) is the base."""

_NAMED_KINDS = frozenset({"name", "acronym", "alias"})
LONG_SENTENCE = 40


@dataclass(frozen=True, slots=True)
class ConfidenceModel:
    """Weights of the logistic model (``data/coding/confidence.toml``)."""

    intercept: float
    weights: dict[str, float]
    source: str = "built-in"

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        z = max(-30.0, min(30.0, z))
        return 1.0 / (1.0 + math.exp(-z))

    def rate(self, event_id: str, features: dict[str, float]) -> float:
        """The event's confidence, rounded to two places (``event_id`` lets a subclass record the features)."""
        return round(self.probability(features), 2)


def event_features(*, source: Any, target: Any, source_ref: Any, target_ref: Any, specific: bool,
                   nominal: bool, rule: str, modality: str, quad_class: int | None, main_clause: bool,
                   sentence_tokens: int) -> dict[str, float]:
    """The feature values of one event (the names of ``FEATURES``).

    ``source``/``target`` are the ``ActorMention``s the coder attached (None when a side is empty, or when an
    actor came from a place rather than a mention); ``source_ref``/``target_ref`` the event's ``ActorRef``s.
    """
    def kind(mention: Any) -> str | None:
        return getattr(mention, "kind", None) if mention is not None else None

    def sector_only(mention: Any) -> bool:
        return mention is not None and kind(mention) == "sector"

    values = {
        # an actor named but not coded (a name the knowledge base does not know) counts as no actor
        "source": source_ref is not None and bool(source_ref.code or source_ref.country),
        "target": target_ref is not None and bool(target_ref.code or target_ref.country),
        "source_named": kind(source) in _NAMED_KINDS,
        "target_named": kind(target) in _NAMED_KINDS or (target is None and target_ref is not None),
        "source_pronoun": kind(source) == "pronoun",
        "target_pronoun": kind(target) == "pronoun",
        "source_sector_only": sector_only(source),
        "source_unknown_person": kind(source) == "person",
        "target_unknown_person": kind(target) == "person",
        "target_sector_only": sector_only(target),
        "source_country": bool(source_ref is not None and source_ref.country),
        "target_country": bool(target_ref is not None and target_ref.country),
        "specific": specific,
        "nominal": nominal,
        "hand_kept": rule.startswith("extensions"),
        "main_clause": main_clause,
        "long_sentence": sentence_tokens > LONG_SENTENCE,
        "future": modality == "future",
        "hypothetical": modality == "hypothetical",
        "attempted": modality == "attempted",
        "negated": modality == "negated",
        "verbal_conflict": quad_class == 3,
        "material_cooperation": quad_class == 2,
        "material_conflict": quad_class == 4,
    }
    return {name: float(value) for name, value in values.items()}


def read_confidence(path: Path) -> ConfidenceModel:
    """Read and check a weights file: TOML with ``schema_version = 1``, ``kind = "confidence"``, ``intercept``
    and a ``[weights]`` table whose keys are names of ``FEATURES``.

    Raises:
        LexiconError: the file cannot be read, is not TOML, or names an unknown feature or a non-number.
    """
    raw = read_toml(path)
    if raw.get("schema_version") != 1 or raw.get("kind") != "confidence":
        raise LexiconError(f"{path}: not a confidence weights file (needs schema_version = 1 and "
                           f"kind = \"confidence\")")
    intercept = raw.get("intercept")
    weights = raw.get("weights")
    if not isinstance(intercept, int | float) or isinstance(intercept, bool):
        raise LexiconError(f"{path}: intercept must be a number")
    if not isinstance(weights, dict):
        raise LexiconError(f"{path}: needs a [weights] table")
    lines = path.read_text(encoding="utf-8").splitlines()
    for name, value in weights.items():
        line = next((n for n, text in enumerate(lines, 1) if text.strip().startswith(f"{name} ")
                     or text.strip().startswith(f"{name}=")), None)
        where = f"{path}:{line}" if line else str(path)
        if name not in FEATURES:
            raise LexiconError(f"{where}: unknown feature {name!r} (features: {', '.join(FEATURES)})")
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise LexiconError(f"{where}: the weight of {name} must be a number")
    return ConfidenceModel(float(intercept), {k: float(v) for k, v in weights.items()}, str(path))


@functools.cache
def load_confidence(path: Path | None = None) -> ConfidenceModel:
    """The weights file ``path``, else the shipped ``data/coding/confidence.toml`` (read once per process)."""
    return read_confidence(path or data_path("coding", "confidence.toml"))
