"""Language identification with py3langid (the model loads once per process)."""

from __future__ import annotations

import functools
from typing import Any

SUPPORTED = frozenset({"en"})
# Short texts (a headline, a tweet) are too short for a reliable guess: never refuse them.
_MIN_CHARS_TO_REFUSE = 200
_MIN_PROBABILITY_TO_REFUSE = 0.95


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _classify(text: str) -> tuple[str, float]:
    lang, prob = _identifier().classify(text[:5000])
    return str(lang), float(prob)


def detect_language(text: str) -> str | None:
    if not text.strip():
        return None
    return _classify(text)[0]


def is_unsupported_language(text: str, language: str | None) -> bool:
    """True when the text is confidently in a language eventwire does not code."""
    if language is None or language in SUPPORTED or len(text) < _MIN_CHARS_TO_REFUSE:
        return False
    return _classify(text)[1] >= _MIN_PROBABILITY_TO_REFUSE
