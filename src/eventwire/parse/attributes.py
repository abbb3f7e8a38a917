"""spaCy's attribute ruler applied by table lookup instead of by its Matcher: the same attributes, less time.

The model's ``attribute_ruler`` maps each token's fine tag (and, for some words, its text or dependency) to
its part of speech and morphology with 179 Matcher patterns. spaCy runs the Matcher over every token, makes
a ``Span`` for each of the (two or three per token) matches and sets the attributes one match at a time: 15%
of the parse of an LGL article, more than any eventwire stage. 172 of the patterns are one token with exact
values (IN, NOT_IN or REGEX at most), so what they set depends only on the token's own values of the
attributes they test: that is worked out once per distinct combination and remembered. The 8 patterns of two
tokens are checked where their first token matches. The attributes are then written as the ruler writes
them: each match's in the ruler's order, a later pattern overriding an earlier one, every pattern tested
against the values before any was set.

A ruler this cannot reproduce exactly (operators or comparisons in a pattern, extension attributes,
attributes other than POS, TAG, MORPH, LEMMA and DEP) is left to spaCy. The tests compare the two on real
articles attribute by attribute.
"""

from __future__ import annotations

import re
from typing import Any, cast

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc

COMPONENT = "eventwire_attributes"
_STRING_KEYS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "NORM": NORM, "TAG": TAG, "DEP": DEP}
_FLAG_KEYS = {"IS_SPACE": IS_SPACE}
_WRITABLE = (POS, TAG, MORPH, LEMMA, DEP)
_CACHE_LIMIT = 100_000

Test = tuple[bool, frozenset[int]] | re.Pattern[str]  # (negated, values): IN or NOT_IN; or a REGEX its string meets
Condition = tuple[tuple[int, Test], ...]  # (column of the read attributes, test): all must hold
Override = tuple[tuple[int, int], ...]  # (column of the written attributes, value), in order


class Unsupported(ValueError):
    """The ruler holds a pattern or attribute that the lookup cannot reproduce exactly."""


class AttributeLookup:
    """Apply an :class:`AttributeRuler`'s patterns by lookup (see the module docstring)."""

    def __init__(self, ruler: AttributeRuler) -> None:
        groups: list[dict[str, Any]] = [dict(entry) for entry in ruler.patterns]
        normed = getattr(ruler, "attrs", None)
        if not isinstance(normed, list) or len(normed) != len(groups):
            raise Unsupported("the attribute ruler's normalised attributes are not where they were")
        read: list[Any] = []
        written: list[Any] = sorted({attr for attrs in normed for attr in _attrs(attrs)}, key=_WRITABLE.index)
        self.read, self.written, self.strings = read, written, ruler.vocab.strings
        self.single: list[tuple[int, Condition, Override]] = []
        self.multi: list[tuple[int, tuple[Condition, ...], int, Override]] = []
        for group, (entry, attrs) in enumerate(zip(groups, normed, strict=True)):
            override = tuple((written.index(attr), int(value)) for attr, value in _attrs(attrs).items())
            index = int(entry.get("index", 0))
            for pattern in entry["patterns"]:
                if not isinstance(pattern, list) or not pattern:
                    raise Unsupported(f"pattern {pattern!r} is not a list of token patterns")
                conditions = tuple(_condition(spec, read) for spec in pattern)
                if not -len(conditions) <= index < len(conditions):
                    raise Unsupported(f"index {index} is outside pattern {pattern!r}")
                if len(conditions) == 1:
                    self.single.append((group, conditions[0], override))
                else:
                    self.multi.append((group, conditions, index % len(conditions), override))
        self._known: dict[tuple[int, ...], tuple[list[tuple[int, Override]], tuple[int, ...]]] = {}
        # a new combination of values tries only the one-token patterns it can match: each pattern is indexed by
        # the value set of one of its IN tests (the smallest), those without one are always tried
        self._always: list[int] = []
        by_column: dict[int, dict[int, list[int]]] = {}
        for n, (_, condition, _) in enumerate(self.single):
            keys = [(len(test[1]), column, test[1]) for column, test in condition
                    if isinstance(test, tuple) and not test[0]]
            if not keys:
                self._always.append(n)
                continue
            _, column, values = min(keys, key=lambda key: key[:2])
            for value in values:
                by_column.setdefault(column, {}).setdefault(value, []).append(n)
        self._index: list[tuple[int, dict[int, list[int]]]] = sorted(by_column.items())

    def _holds(self, condition: Condition, row: tuple[int, ...]) -> bool:
        for column, test in condition:
            if isinstance(test, tuple):
                if (row[column] in test[1]) == test[0]:
                    return False
            elif not test.search(self.strings[row[column]]):  # as the Matcher's REGEX: re.search
                return False
        return True

    def _matching(self, row: tuple[int, ...]) -> tuple[list[tuple[int, Override]], tuple[int, ...]]:
        """(group, override) of every one-token pattern a token with these read values matches, in order,
        and the longer patterns whose first token it matches."""
        known = self._known.get(row)
        if known is None:
            tried = sorted({*self._always, *(n for column, index in self._index for n in index.get(row[column], ()))})
            known = ([(group, override) for group, condition, override in (self.single[n] for n in tried)
                      if self._holds(condition, row)],
                     tuple(n for n, (_, conditions, _, _) in enumerate(self.multi)
                           if self._holds(conditions[0], row)))
            if len(self._known) < _CACHE_LIMIT:
                self._known[row] = known
        return known

    def __call__(self, doc: Doc) -> Doc:
        length = len(doc)
        if not length or not self.written:
            return doc
        array: Any = doc.to_array(self.read)
        rows: list[tuple[int, ...]] = [tuple(row) for row in array.reshape(length, len(self.read)).tolist()]
        known = [self._matching(row) for row in rows]
        extra: dict[int, list[tuple[int, Override]]] = {}
        for start, (_, starting) in enumerate(known):
            for n in starting:
                group, conditions, index, override = self.multi[n]
                if start + len(conditions) <= length and all(
                        self._holds(condition, rows[start + k]) for k, condition in enumerate(conditions) if k):
                    extra.setdefault(start + index, []).append((group, override))
        values = doc.to_array(self.written).reshape(length, len(self.written)).tolist()
        for i, (matches, _) in enumerate(known):
            if i in extra:
                matches = sorted([*matches, *extra[i]], key=lambda match: match[0])
            if matches:
                target = values[i]
                for _, override in matches:
                    for column, value in override:
                        target[column] = value
        doc.from_array(self.written, cast(Any, numpy.array(values, dtype=numpy.uint64)))
        return doc


def _attrs(attrs: Any) -> dict[int, int]:
    if not isinstance(attrs, dict) or any(not isinstance(key, int) or key not in _WRITABLE for key in attrs):
        raise Unsupported(f"attributes {attrs!r} are not only POS, TAG, MORPH, LEMMA and DEP")
    return attrs


def _condition(spec: Any, read: list[int]) -> Condition:
    """One token pattern as (column, test) pairs; adds the attributes it reads to ``read``."""
    if not isinstance(spec, dict):
        raise Unsupported(f"token pattern {spec!r} is not a dict")
    out: list[tuple[int, Test]] = []
    for key, value in spec.items():
        name = str(key).upper()
        operator = next(iter(value)) if isinstance(value, dict) and len(value) == 1 else None
        options = value[operator] if operator in ("IN", "NOT_IN") and isinstance(value[operator], list) else [value]
        wanted: Test
        if name in _STRING_KEYS and operator == "REGEX" and isinstance(value[operator], str):
            attr, wanted = _STRING_KEYS[name], re.compile(value[operator])
        elif name in _STRING_KEYS and all(isinstance(option, str) for option in options):
            attr, wanted = _STRING_KEYS[name], (operator == "NOT_IN", frozenset(map(get_string_id, options)))
        elif name in _FLAG_KEYS and all(isinstance(option, bool) for option in options):
            attr, wanted = _FLAG_KEYS[name], (operator == "NOT_IN", frozenset(map(int, options)))
        else:
            raise Unsupported(f"token pattern {spec!r}: {key} {value!r} is not an exact value the lookup reads")
        if attr not in read:
            read.append(attr)
        out.append((read.index(attr), wanted))
    return tuple(out)


@Language.factory(COMPONENT, default_config={"ruler": "attribute_ruler"})
def make_attribute_lookup(nlp: Language, name: str, ruler: str) -> AttributeLookup:
    del name
    proc = nlp.get_pipe(ruler)
    if not isinstance(proc, AttributeRuler):
        raise Unsupported(f"{ruler!r} is not an attribute ruler")
    return AttributeLookup(proc)


def install(nlp: Language) -> bool:
    """Run the model's attribute ruler by lookup: add the lookup after it and disable it (it stays in the
    pipeline, so the model is the same). False, and spaCy's ruler kept, when the lookup cannot reproduce it."""
    names = [name for name, proc in nlp.pipeline if isinstance(proc, AttributeRuler)]
    if len(names) != 1:
        return False
    try:
        nlp.add_pipe(COMPONENT, after=names[0], config={"ruler": names[0]})
    except Unsupported:
        return False
    nlp.disable_pipe(names[0])
    return True
