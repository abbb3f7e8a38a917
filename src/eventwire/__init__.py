"""eventwire: political event data from news text, auditable field by field."""

from eventwire.config import Settings
from eventwire.document import (
    ActorMention,
    Article,
    Document,
    Event,
    Place,
    TimeExpr,
)
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
    "code_article",
    "make_pipeline",
]
__version__ = "0.1.0"
