"""Stage ``coding``: CAMEO and PLOVER events from dependency parses (issue 4)."""

from eventwire.coding.code_events import EventCoder, find_candidates, find_events, make_event_coder
from eventwire.coding.lexicon import Lexicon, load_lexicon

__all__ = ["EventCoder", "Lexicon", "find_candidates", "find_events", "load_lexicon", "make_event_coder"]
