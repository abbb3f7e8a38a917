"""Article-extraction benchmark (scrapinghub/article-extraction-benchmark) with its own metric.

The folder holds ``html/*.html.gz`` and ``ground-truth.json`` ({id: {"articleBody": …}}). Per page, 4-word
shingles of ``\\w+`` tokens give TP/FP/FN counts normalised to sum to one; precision is averaged over pages
with any prediction or truth, recall likewise, and F1 is the harmonic mean of the two averages. Accuracy is
the share of pages whose token sequence matches exactly.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

from eventwire.config import Settings
from eventwire.errors import ConfigError
from eventwire.ingest import extract_main_text

_TOKEN = re.compile(r"\w+", re.UNICODE)
_SHINGLE = 4


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + _SHINGLE]) for i in range(max(1, len(tokens) - _SHINGLE + 1))
                   if tokens[i : i + _SHINGLE])


def page_counts(true: str, pred: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page."""
    gold, found = _shingles(true), _shingles(pred)
    tp = sum((gold & found).values())
    fp = sum((found - gold).values())
    fn = sum((gold - found).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def score(pages: list[tuple[str, str]]) -> dict[str, float]:
    """Benchmark metrics over (truth, prediction) pairs."""
    counts = [page_counts(t, p) for t, p in pages]
    precision = statistics.mean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    recall = statistics.mean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = statistics.mean(float(_TOKEN.findall(t) == _TOKEN.findall(p)) for t, p in pages)
    return {"f1": f1, "precision": precision, "recall": recall, "accuracy": accuracy}


def evaluate(path: Path, settings: Settings) -> dict[str, Any]:
    truth_file = path / "ground-truth.json"
    if not truth_file.exists():
        raise ConfigError(f"{path}: expected ground-truth.json and html/*.html.gz (the benchmark's layout)")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    pages: list[tuple[str, str]] = []
    started = time.perf_counter()
    for page_id, gold in sorted(truth.items()):
        html_file = path / "html" / f"{page_id}.html.gz"
        html = gzip.decompress(html_file.read_bytes()) if html_file.exists() else b""
        pages.append((gold.get("articleBody", ""), extract_main_text(html) if html else ""))
    elapsed = time.perf_counter() - started
    return {"set": "extraction", "pages": len(pages), **score(pages),
            "pages_per_second": len(pages) / elapsed if elapsed else 0.0}
