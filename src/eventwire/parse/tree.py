"""Walking a dependency parse safely.

spaCy hands out a new ``Token`` object on every access, so ``token.head is token`` is never true, not even at
the root: a walk that stops on it never ends (issue 10). Tokens are compared by their index ``.i``, and every
climb is bounded by the length of the sentence, so that no parse, however odd, can make a loop run forever.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any


def is_root(token: Any) -> bool:
    """True for the root of a sentence (its head is itself)."""
    return bool(token.head.i == token.i)


def heads(token: Any) -> Iterator[Any]:
    """The words ``token`` hangs from, nearest first, up to the root of its sentence.

    Never more steps than the sentence has tokens, so a malformed tree cannot make the walk loop.
    """
    sent = token.sent
    current = token
    for _ in range(sent.end - sent.start):
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
