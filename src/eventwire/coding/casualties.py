"""Casualty counts in a sentence: killed, injured, arrested, with their qualifier ("at least 44").

The words live in ``data/lexicon/casualties.yml``; the patterns are compiled from them once.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from eventwire.config import data_path
from eventwire.datafiles import safe_load
from eventwire.document import Casualties

_KINDS = ("killed", "injured", "arrested")


@dataclass(frozen=True)
class CasualtyPatterns:
    # (kind, cues, pattern): the cues are the longest word of each of the pattern's verb phrases, lower-cased;
    # a sentence in which none occurs cannot match the pattern, and looking for them is many times cheaper
    # than trying a count at every word (see find_casualties)
    patterns: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...]
    numbers: dict[str, int | None]
    killing_verbs: frozenset[str] = frozenset()
    fatal_adverbs: frozenset[str] = frozenset()


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _cue(phrases: list[str]) -> tuple[str, ...]:
    """The longest word of each phrase, lower-cased: "were killed" -> "killed", "taken into custody" ->
    "custody"."""
    return tuple(sorted({max(p.lower().split(), key=len) for p in phrases}))


def _has_cue(lowered: str, cues: tuple[str, ...]) -> bool:
    # a plain loop: it runs for every sentence, and any() over a generator costs twice as much
    for cue in cues:  # noqa: SIM110
        if cue in lowered:
            return True
    return False


@functools.cache
def load_casualty_patterns() -> CasualtyPatterns:
    raw = safe_load(data_path("lexicon", "casualties.yml").read_text(encoding="utf-8"))
    numbers: dict[str, int | None] = {**raw["numbers"], **raw["vague"]}
    number = rf"(?P<num>\d[\d,]*|{_alternation(list(numbers))})"
    qualifier = rf"(?:(?P<qual>{_alternation(raw['qualifiers'])})\s+)?"
    victims = rf"(?:\s+(?:[\w-]+\s+){{0,2}}?(?:{_alternation(raw['victims'])}))?"
    count = qualifier + number + victims
    patterns: list[tuple[str, tuple[str, ...], re.Pattern[str]]] = []
    for kind in _KINDS:
        if kind in raw["active"]:
            patterns.append((kind, _cue(raw["active"][kind]),
                             re.compile(rf"\b(?:{_alternation(raw['active'][kind])})\s+{count}\b", re.I)))
        if kind in raw["passive"]:
            patterns.append((kind, _cue(raw["passive"][kind]), re.compile(
                rf"\b{count}(?:\s+(?:were|was|have\s+been|had\s+been|are|being|also|reportedly|were\s+reportedly))*"
                rf"\s+(?:{_alternation(raw['passive'][kind])})\b", re.I)))
        if kind in raw.get("toll", {}):
            patterns.append((kind, _cue(raw["toll"][kind]), re.compile(
                rf"\b(?:{_alternation(raw['toll'][kind])})\s+(?:\w+\s+){{0,3}}?(?:to|at|of)\s+{count}\b", re.I)))
    single = raw.get("single_killing") or {}
    return CasualtyPatterns(tuple(patterns), {k.lower(): v for k, v in numbers.items()},
                            frozenset(single.get("verbs") or ()), frozenset(single.get("fatal_adverbs") or ()))


def single_killing(trigger: Any, victims: list[Any]) -> Casualties | None:
    """One dead for the killing of one victim when the sentence gives no number: the trigger is a killing
    verb (or any violent verb with "fatally") and its victim is one person named or one singular noun."""
    patterns = load_casualty_patterns()
    lemma = str(trigger.lemma_).lower()
    fatal = any(c.dep_ == "advmod" and c.lower_ in patterns.fatal_adverbs for c in trigger.children)
    if not (lemma in patterns.killing_verbs or fatal) or trigger.pos_ != "VERB" or len(victims) != 1:
        return None
    victim = victims[0]
    if any(c.dep_ == "conj" for c in victim.children) or victim.tag_ not in ("NNP", "NN") \
            or victim.lower_ in ("people", "police", "staff", "personnel"):
        return None
    return Casualties(killed=1)


def _value(text: str, numbers: dict[str, int | None]) -> int | None:
    text = " ".join(text.lower().split())
    if text[0].isdigit():
        return int(text.replace(",", ""))
    return numbers.get(text)


_ODD_CASE = "\u0130\u0131\u017f\u212a"  # İ ı ſ K: https://docs.python.org/3/library/re.html#re.IGNORECASE


def find_casualties(sentence: str) -> Casualties:
    """Counts of people killed, injured and arrested that ``sentence`` reports."""
    patterns = load_casualty_patterns()
    found: dict[str, tuple[int | None, str | None]] = {}
    # a pattern is tried only where one of its cues occurs, unless the sentence holds one of the four letters
    # that ignoring case matches to an ASCII letter without lower-casing to it (then every pattern is tried)
    lowered = None if any(ch in sentence for ch in _ODD_CASE) else sentence.lower()
    for kind, cues, pattern in patterns.patterns:
        if kind in found or lowered is not None and not _has_cue(lowered, cues):
            continue
        match = pattern.search(sentence)
        if not match:
            continue
        num = match.group("num")
        value = _value(num, patterns.numbers)
        qualifier = match.group("qual")
        if not num[0].isdigit() and num.lower() not in ("one", "two", "three", "four", "five", "six", "seven",
                                                            "eight", "nine", "ten") and value is not None:
            qualifier = qualifier or num.lower()
        if value is None and qualifier is None:
            continue
        found[kind] = (value, " ".join(qualifier.lower().split()) if qualifier else None)
    qualifiers = [q for _, q in found.values() if q]
    return Casualties(killed=found.get("killed", (None, None))[0], injured=found.get("injured", (None, None))[0],
                      arrested=found.get("arrested", (None, None))[0],
                      qualifier=qualifiers[0] if qualifiers else None)


def has_casualties(casualties: Casualties) -> bool:
    return any(v is not None for v in (casualties.killed, casualties.injured, casualties.arrested))
