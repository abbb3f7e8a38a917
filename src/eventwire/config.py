"""Settings read from the environment and the command line."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm"
MAX_INPUT_BYTES = 20_000_000
"""Inputs larger than this are refused: no news article is 20 MB of text."""


@dataclass(frozen=True)
class Settings:
    model: str = field(default_factory=lambda: os.environ.get("EVENTWIRE_MODEL", DEFAULT_MODEL))
    # Numeric dates such as 05.07.2019 are read day-first unless impossible; EVENTWIRE_MONTH_FIRST=1 flips it.
    day_first: bool = field(default_factory=lambda: os.environ.get("EVENTWIRE_MONTH_FIRST", "") not in ("1", "true"))
    max_bytes: int = MAX_INPUT_BYTES
    extra_actors: tuple[Path, ...] = ()
    extra_lexicon: tuple[Path, ...] = ()
    # Negated events ("does not intend to recognize") are dropped unless asked for; kept, they carry
    # modality "negated" and are never coded as their positive.
    keep_negated: bool = False


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
