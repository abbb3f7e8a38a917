"""eventwire: political event data from news text, auditable field by field.

For notebooks and scripts: :func:`code` (one text), :func:`code_many` (many, lazily) and :func:`read_events` (a
store as a pandas DataFrame or Arrow table); see :mod:`eventwire.notebook`.
"""

from eventwire.config import Settings
from eventwire.document import (
    ActorMention,
    Article,
    Document,
    Event,
    Place,
    TimeExpr,
)
from eventwire.notebook import code, code_many, read_events
from eventwire.pipeline import Pipeline, code_article, make_pipeline

__all__ = [
    "ActorMention",
    "Article",
    "Document",
    "Event",
    "Pipeline",
    "Place",
    "Settings",
    "TimeExpr",
    "__version__",
    "code",
    "code_article",
    "code_many",
    "make_pipeline",
    "read_events",
]
__version__ = "0.1.0"
