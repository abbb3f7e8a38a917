"""Stage ``actors``: mentions resolved to actor codes through a date-aware knowledge base (issue 3).

- :func:`load_actor_kb` loads the shipped knowledge base plus the user's files (``--actors``), once per process;
- :meth:`ActorKB.resolve` resolves one phrase on a date ("the Syrian regime" -> ``SYRGOV``);
- :func:`make_actor_resolver` is the pipeline stage: it fills ``doc.actor_mentions``;
- :func:`actor_for_token` maps an argument's head token to its mention (used by the event coder).
"""

from eventwire.actors.kb import ActorKB, load_actor_kb
from eventwire.actors.resolve import (
    ActorResolver,
    Resolution,
    actor_for_token,
    find_actor_mentions,
    make_actor_resolver,
)

__all__ = [
    "ActorKB",
    "ActorResolver",
    "Resolution",
    "actor_for_token",
    "find_actor_mentions",
    "load_actor_kb",
    "make_actor_resolver",
]
