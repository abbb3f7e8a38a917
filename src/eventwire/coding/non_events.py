"""Words that make a violent-looking sentence no political event: natural forces and vehicles are no actors,
an accident is no attack, and a fight against an illness or a crisis is a figure of speech. The words live in
``data/coding/non_events.yml``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.config import data_path
from eventwire.datafiles import read_yaml
from eventwire.errors import LexiconError


@dataclass(frozen=True)
class NonEventWords:
    non_agents: frozenset[str]
    accident_words: frozenset[str]
    figurative_objects: frozenset[str]

    def is_non_agent(self, token: Any) -> bool:
        return token.lower_ in self.non_agents or str(token.lemma_).lower() in self.non_agents

    def accidental(self, tokens: Any) -> bool:
        return any(t.lower_ in self.accident_words or str(t.lemma_).lower() in self.accident_words for t in tokens)

    def figurative(self, trigger: Any) -> bool:
        """The violent verb's object, direct or through a preposition, is an illness, a crisis or a blaze:
        "battling through the financial crisis", "fought cancer", "firefighters battled the blaze"."""
        objects = [c for c in trigger.children if c.dep_ in ("dobj", "pobj")]
        objects += [g for c in trigger.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        return any(o.lower_ in self.figurative_objects or str(o.lemma_).lower() in self.figurative_objects
                   for o in objects)


def read_non_events(path: Path) -> NonEventWords:
    """Read and check a non-event words file (``schema_version: 1``, lists of words).

    Raises:
        LexiconError: the file cannot be read, is not YAML, or a list is missing or holds a non-string.
    """
    raw = read_yaml(path)
    if not isinstance(raw, dict) or raw.get("schema_version") != 1:
        raise LexiconError(f"{path}: not a non-event words file (needs schema_version: 1)")
    lists: dict[str, frozenset[str]] = {}
    for key in ("non_agents", "accident_words", "figurative_objects"):
        words = raw.get(key)
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise LexiconError(f"{path}: {key} must be a list of words")
        lists[key] = frozenset(w.strip().lower() for w in words)
    return NonEventWords(**lists)


@functools.cache
def load_non_events() -> NonEventWords:
    """The shipped ``data/coding/non_events.yml`` (read once per process)."""
    return read_non_events(data_path("coding", "non_events.yml"))
