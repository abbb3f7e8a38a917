"""Walking a dependency parse safely.

spaCy hands out a new ``Token`` object on every access, so ``token.head is token`` is never true, not even at
the root: a walk that stops on it never ends (issue 10). Tokens are compared by their index ``.i``, and every
climb is bounded by the length of the sentence, so that no parse, however odd, can make a loop run forever.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from typing import Any


def is_root(token: Any) -> bool:
    """True for the root of a sentence (its head is itself)."""
    return bool(token.head.i == token.i)


def heads(token: Any) -> Iterator[Any]:
    """The words ``token`` hangs from, nearest first, up to the root of its sentence.

    Never more steps than the sentence has tokens, so a malformed tree cannot make the walk loop.
    """
    starts, ends = _bounds(token.doc)  # not ``token.sent``, which walks every sentence from the start
    k = bisect.bisect_right(starts, token.i) - 1
    current = token
    for _ in range(ends[k] - starts[k]):
        if is_root(current):
            return
        current = current.head
        yield current


def climb_while(token: Any, keep_climbing: Callable[[Any], bool]) -> Any:
    """Climb from ``token`` while ``keep_climbing(current)`` holds; the word where the climb stopped.

    ``climb_while(token, lambda t: t.dep_ == "conj")`` is the first of a list of coordinated words.
    """
    current = token
    for head in heads(token):
        if not keep_climbing(current):
            break
        current = head
    return current


def conjuncts(token: Any, *, pos: frozenset[str] | None = None) -> list[Any]:
    """The token and the tokens coordinated with it ("Turkey, Russia and Iran"), in the order of the tree.

    Iterative, with each token visited once: a list of a thousand names is no deeper than one.
    ``pos`` keeps only conjuncts of these parts of speech (the token itself is always kept).
    """
    out: list[Any] = []
    seen: set[int] = set()
    stack = [token]
    while stack:
        current = stack.pop()
        if current.i in seen:
            continue
        seen.add(current.i)
        out.append(current)
        stack.extend(reversed([c for c in current.children
                               if c.dep_ == "conj" and (pos is None or c.pos_ in pos) and c.i not in seen]))
    return out


_SENTENCES = "eventwire.sentence_bounds"


def _bounds(spacy_doc: Any) -> tuple[list[int], list[int]]:
    cached = spacy_doc.user_data.get(_SENTENCES)
    if cached is None:
        found = list(spacy_doc.sents)
        cached = ([s.start for s in found], [s.end for s in found])
        spacy_doc.user_data[_SENTENCES] = cached  # plain integers: the doc stays serialisable
    return cached


def sentence_index(spacy_doc: Any, token_i: int) -> int:
    """The index (in text order) of the sentence holding token ``token_i``. Sentence bounds are computed once
    per document and kept in ``Doc.user_data`` as plain integers: spaCy's ``Token.sent`` walks every sentence
    from the start, which on a long article, called once per event, costs more than the parse."""
    starts, _ = _bounds(spacy_doc)
    return max(0, bisect.bisect_right(starts, token_i) - 1)


def sentence_at(spacy_doc: Any, index: int) -> Any:
    """Sentence ``index`` (as :func:`sentence_index` counts them) as a span."""
    starts, ends = _bounds(spacy_doc)
    return spacy_doc[starts[index]:ends[index]]


_ENTITIES = "eventwire.entities"


def _entities(spacy_doc: Any) -> tuple[list[int], list[tuple[int, int, str]]]:
    cached = spacy_doc.user_data.get(_ENTITIES)
    if cached is None:
        bounds = [(e.start, e.end, e.label_) for e in spacy_doc.ents]
        cached = ([b[0] for b in bounds], bounds)
        spacy_doc.user_data[_ENTITIES] = cached
    return cached


def entity_bounds(spacy_doc: Any) -> list[tuple[int, int, str]]:
    """``Doc.ents`` as (start, end, label) token bounds in text order, computed once per document and kept in
    ``Doc.user_data`` (each access of ``Doc.ents`` builds every span anew, which inside a loop over a long
    article's names costs more than the parse). Call it only once the parse, which sets the entities, is done."""
    return _entities(spacy_doc)[1]


def entity_at(spacy_doc: Any, token_i: int) -> tuple[int, int, str] | None:
    """The entity (start, end, label) holding token ``token_i``, or None."""
    starts, bounds = _entities(spacy_doc)
    k = bisect.bisect_right(starts, token_i) - 1
    if k >= 0 and bounds[k][0] <= token_i < bounds[k][1]:
        return bounds[k]
    return None
