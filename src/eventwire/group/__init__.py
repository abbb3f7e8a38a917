"""Event grouping (issue 13): the mentions of one real-world event, across articles and sources, form a group.

The rules (:mod:`eventwire.group.match`), near-duplicate articles (:mod:`eventwire.group.copies`), outlets
(:mod:`eventwire.group.outlet`) and thresholds (``data/group/thresholds.toml``, :mod:`eventwire.group.schema`)
live here; the store (``eventwire.store.grouping``) applies them as it writes, in the same transaction.
"""

from eventwire.group.copies import CopyFinder, Signature, shingles
from eventwire.group.match import Mention, Side, Summary, Verdict, Where, compare, match_group, mention_of, summarise
from eventwire.group.outlet import outlet_of, registered_domain
from eventwire.group.schema import GroupThresholds, load_group_thresholds, read_group_thresholds

__all__ = [
    "CopyFinder",
    "GroupThresholds",
    "Mention",
    "Side",
    "Signature",
    "Summary",
    "Verdict",
    "Where",
    "compare",
    "load_group_thresholds",
    "match_group",
    "mention_of",
    "outlet_of",
    "read_group_thresholds",
    "registered_domain",
    "shingles",
    "summarise",
]
