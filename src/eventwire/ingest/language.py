"""Language identification with py3langid (the model loads once per process, from a memory-mapped cache).

py3langid ships its model LZMA-compressed: unpacking it takes over a second and about 75 MB per process. The
unpacked arrays are written once to eventwire's cache (:mod:`eventwire.cache`), ``langid-v<version>-<digest of
the model file>/``, and memory-mapped from then on: the model loads in milliseconds, and every process on the
machine shares its pages. The identifier is py3langid's own, given the same arrays, so its answers are the
same (a test compares them).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np

from eventwire.cache import cache_root, digest_files, load_or_build, write_folder

SUPPORTED = frozenset({"en"})
# Short texts (a headline, a tweet) are too short for a reliable guess: never refuse them.
_MIN_CHARS_TO_REFUSE = 200
_MIN_PROBABILITY_TO_REFUSE = 0.95
CACHE_VERSION = 1
_ARRAYS = ("ptc", "pc", "nextmove", "row", "output")


def _model_file() -> Path:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return Path(MODEL_DIR) / MODEL_FILE


def _from_package() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _write(folder: Path) -> None:
    from py3langid.modelio import load_model

    def fill(tmp: Path) -> None:
        ptc, pc, classes, nextmove, row, output = load_model(_model_file())
        arrays = {"ptc": np.asarray(ptc), "pc": np.asarray(pc), "nextmove": np.asarray(nextmove, dtype=np.uint32),
                  "row": np.asarray(row, dtype=np.int64), "output": np.asarray(output, dtype=np.int64)}
        for name, array in arrays.items():
            np.save(tmp / f"{name}.npy", array, allow_pickle=False)
        (tmp / "classes.txt").write_text("\n".join(classes), encoding="utf-8")

    write_folder(folder, fill, complete="classes.txt")


def _read(folder: Path) -> Any:
    from py3langid.langid import LanguageIdentifier

    arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)
              for name in _ARRAYS}
    classes = (folder / "classes.txt").read_text(encoding="utf-8").split("\n")
    if arrays["ptc"].shape[1] != len(classes):
        raise ValueError(f"{folder}: {arrays['ptc'].shape[1]} classes in the model, {len(classes)} named")
    # the transition table stays on the mapped pages: a memoryview indexes it as py3langid's array('I') does
    nextmove = memoryview(arrays["nextmove"]).cast("B").cast("I")
    return LanguageIdentifier(arrays["ptc"], arrays["pc"], classes, nextmove, arrays["output"].tolist(),
                              norm_probs=True, tk_row=arrays["row"].tolist())


@functools.cache
def _identifier() -> Any:
    def folder() -> Path:
        return cache_root() / f"langid-v{CACHE_VERSION}-{digest_files('langid', [_model_file()])}"

    return load_or_build("language-ID model", folder, "classes.txt", _read, _from_package,
                         lambda _, where: _write(where))


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
