"""Settings read from the environment and the command line."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm"
MAX_ARTICLE_BYTES = 20_000_000
"""The most bytes one article may take as input: a ``.txt`` or ``.html`` file, one JSON Lines record, one WARC
record's payload. A JSON Lines file or a WARC archive may be of any size: it is read record by record."""
MAX_ARTICLE_CHARS = 1_000_000
"""The longest article text eventwire codes (spaCy's own limit); no news article is a million characters."""
DEFAULT_ARTICLE_TIMEOUT = 60.0
"""Seconds one article may take in the pipeline before it is skipped (``--article-timeout``)."""


@dataclass(frozen=True)
class Settings:
    model: str = field(default_factory=lambda: os.environ.get("EVENTWIRE_MODEL", DEFAULT_MODEL))
    # Numeric dates such as 05.07.2019 are read day-first unless impossible; EVENTWIRE_MONTH_FIRST=1 flips it.
    day_first: bool = field(default_factory=lambda: os.environ.get("EVENTWIRE_MONTH_FIRST", "") not in ("1", "true"))
    max_bytes: int = MAX_ARTICLE_BYTES
    max_chars: int = MAX_ARTICLE_CHARS
    # Seconds one article may take in the pipeline; past it the article is skipped (EW302). None: no limit.
    article_timeout: float | None = DEFAULT_ARTICLE_TIMEOUT
    extra_actors: tuple[Path, ...] = ()
    extra_lexicon: tuple[Path, ...] = ()
    # Negated events ("does not intend to recognize") are dropped unless asked for; kept, they carry
    # modality "negated" and are never coded as their positive.
    keep_negated: bool = False
    # Events whose confidence is below this are not emitted (``--min-confidence``); 0 keeps every event.
    min_confidence: float = 0.0
    # Another confidence weights file instead of the shipped data/coding/confidence.toml.
    confidence_file: Path | None = None


def data_path(*parts: str) -> Path:
    """Path of a file shipped in ``eventwire/data``."""
    return Path(__file__).parent.joinpath("data", *parts)


@contextmanager
def bulk_load() -> Iterator[None]:
    """Build a large, long-lived structure (gazetteer, knowledge base) without the cyclic garbage collector.

    Hundreds of thousands of new objects trigger collection after collection that find nothing to free
    (a third of the load time); afterwards ``gc.freeze`` moves them out of later collections' way, which also
    keeps forked workers from touching (and so copying) their pages.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()
