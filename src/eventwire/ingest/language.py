"""Language identification with py3langid (the model loads once per process, from a memory-mapped cache).

py3langid ships its model LZMA-compressed: unpacking it takes over a second and about 75 MB per process. The
unpacked arrays are written once to eventwire's cache (:mod:`eventwire.cache`), ``langid-v<version>-<digest of
the model file>/``, and memory-mapped from then on: the model loads in milliseconds, and every process on the
machine shares its pages. The identifier is py3langid's own, given the same arrays, so its answers are the
same (a test compares them).

One step is done differently, with the same result: py3langid walks its byte automaton (Aho-Corasick, over
the model's byte n-grams) one byte at a time in Python, which is most of the time it takes. The state such an
automaton is in after a byte depends only on the last D bytes, D being the length of the longest n-gram (the
automaton's depth, found once when the cache is written), so the identifier computes the states
of all positions at once: D vectorised steps, each advancing every position by one byte of its window. The
features are then counted in the order py3langid counts them, so that even the floating-point sums agree.
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
CACHE_VERSION = 2
_ARRAYS = ("ptc", "pc", "nextmove", "row", "output")
_MAX_DEPTH = 16  # a deeper automaton (another model) is walked byte by byte, as py3langid does


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
        depth = automaton_depth(arrays["nextmove"], arrays["row"], len(arrays["output"]))
        (tmp / "depth.txt").write_text(str(depth), encoding="utf-8")
        (tmp / "classes.txt").write_text("\n".join(classes), encoding="utf-8")

    write_folder(folder, fill, complete="classes.txt")


def _read(folder: Path) -> Any:
    from py3langid.langid import LanguageIdentifier

    arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)
              for name in _ARRAYS}
    classes = (folder / "classes.txt").read_text(encoding="utf-8").split("\n")
    if arrays["ptc"].shape[1] != len(classes):
        raise ValueError(f"{folder}: {arrays['ptc'].shape[1]} classes in the model, {len(classes)} named")
    depth = int((folder / "depth.txt").read_text(encoding="utf-8"))
    # the transition table stays on the mapped pages: a memoryview indexes it as py3langid's array('I') does
    nextmove = memoryview(arrays["nextmove"]).cast("B").cast("I")
    args = (arrays["ptc"], arrays["pc"], classes, nextmove, arrays["output"].tolist())
    if not 0 < depth <= _MAX_DEPTH:
        return LanguageIdentifier(*args, norm_probs=True, tk_row=arrays["row"].tolist())
    return _windowed_identifier_class()(*args, norm_probs=True, tk_row=arrays["row"].tolist(), arrays=arrays,
                                        depth=depth)


def automaton_depth(nextmove: np.ndarray, row: np.ndarray, states: int) -> int:
    """How many bytes the automaton needs to reach its deepest state from the start (a breadth-first walk over
    every state's 256 moves): the length of the model's longest n-gram."""
    rowbase = row.astype(np.int64) << 8
    seen = np.zeros(states, dtype=bool)
    seen[0] = True
    frontier = np.array([0], dtype=np.int64)
    depth = 0
    for _ in range(states):  # bounded: each round reaches at least one new state
        moves = np.unique(nextmove[(rowbase[frontier][:, None] + np.arange(256)).ravel()])
        frontier = moves[~seen[moves]].astype(np.int64)
        if not frontier.size:
            break
        seen[frontier] = True
        depth += 1
    return depth


@functools.cache
def _windowed_identifier_class() -> type:
    """The class, made once (py3langid is imported only when the model is)."""
    from py3langid.langid import LanguageIdentifier

    class _WindowedIdentifier(LanguageIdentifier):
        """py3langid's identifier, with the automaton walked over every position at once (module docstring)."""

        def __init__(self, *args: Any, arrays: dict[str, np.ndarray], depth: int, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._moves = arrays["nextmove"]
            self._rows = arrays["row"].astype(np.int64) << 8
            self._features = arrays["output"]
            self._depth = depth

        def _raw_score(self, text: bytes) -> Any:
            visits = self._visits(text)
            if visits is None:
                return super()._raw_score(b"")  # no feature: py3langid's own fill
            return self._sparse_score(visits, self.nb_ptc)

        def _visits(self, text: bytes) -> dict[int, int] | None:
            data = np.frombuffer(text, dtype=np.uint8).astype(np.int64)
            n = data.size
            states = np.zeros(n, dtype=np.int64)
            # position i's state: from the start state over bytes i-D+1 .. i (fewer near the text's start,
            # where the real walk starts too); step k moves every position i >= k over byte i-k
            for k in range(self._depth - 1, -1, -1):
                states[k:] = self._moves[self._rows[states[k:]] + data[: n - k]]
            found = self._features[states]
            found = found[found >= 0]
            if not found.size:
                return None
            features, first, counts = np.unique(found, return_index=True, return_counts=True)
            order = np.argsort(first, kind="stable")  # py3langid's Counter: in order of first occurrence
            return dict(zip(features[order].tolist(), counts[order].tolist(), strict=True))

    return _WindowedIdentifier


@functools.cache
def _identifier() -> Any:
    def folder() -> Path:
        return cache_root() / f"langid-v{CACHE_VERSION}-{digest_files('langid', [_model_file()])}"

    return load_or_build("language-ID model", folder, "classes.txt", _read, _from_package,
                         lambda _, where: _write(where), keep=2)


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
