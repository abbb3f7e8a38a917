#!/usr/bin/env python3
"""Fit the weights of event confidence (src/eventwire/data/coding/confidence.toml) on development sets.

Codes each set with the shipped pipeline, judges every emitted event right or wrong as that set's evaluation
does (``event_right`` in eventwire.evaluate.plover / .news), records the features the coder computed for it
(eventwire.coding.confidence.FEATURES) and fits a logistic regression with an L2 penalty (Newton's method,
numpy only). Each set weighs the same in the fit whatever its number of events, so the many short sentences
of gsr_dev do not drown the real news.

Sets (``--sets``, default ``gsr,news``):
  gsr   ../shared/data/plover/gsr_dev.jsonl       PLOVER gold-standard records, CC BY-SA 4.0
  news  ../shared/data/news/lgl_gold_dev.json      events of 15 LGL local-news articles (eventwire's gold)
plv_train.tsv is never used here: it has no licence, and nothing fitted on it ships. It is the check: run
``eventwire eval plv`` and read its ``confidence`` block.

Run: python tools/calibrate_confidence.py [--shared ../shared] [--sets gsr,news] [--l2 3.0] [--dry-run]
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "eventwire" / "data" / "coding" / "confidence.toml"


class Recorder:
    """A confidence model that keeps each event's features (and rates every event 0.5)."""

    def __init__(self) -> None:
        self.features: dict[str, dict[str, float]] = {}

    def rate(self, event_id: str, features: dict[str, float]) -> float:
        self.features[event_id] = features
        return 0.5


def _coded(articles: list[Any], settings: Any) -> list[Any]:
    from eventwire.errors import EventwireError
    from eventwire.pipeline import make_pipeline

    return [doc for doc in make_pipeline(settings).pipe(articles) if not isinstance(doc, EventwireError)]


def judged(name: str, shared: Path, settings: Any) -> list[tuple[dict[str, float], bool]]:
    """(features, right) for every non-negated event the coder emits on set ``name``."""
    from eventwire.coding.code_events import find_events
    from eventwire.coding.lexicon import load_lexicon
    from eventwire.document import Article
    from eventwire.evaluate import news, plover, read_jsonl

    if name == "gsr":
        records = [r for _, r in read_jsonl(shared / "data" / "plover" / "gsr_dev.jsonl")]
        articles = [Article(id=str(r["id"]), text=r["text"], published=r.get("date")) for r in records]
        by_id: dict[str, dict[str, Any]] = {str(r["id"]): r for r in records}

        def right(event: Any, record: dict[str, Any]) -> bool:
            return plover.event_right(event, record)
    elif name == "news":
        path = shared / "data" / "news" / "lgl_gold_dev.json"
        gold = news.read_gold(path)
        texts = news.read_texts(news.corpus_path(path), {r["docid"] for r in gold})
        articles = [Article(id=r["docid"], text=texts[r["docid"]]["text"], title=texts[r["docid"]].get("title"),
                            published=r.get("published")) for r in gold]
        by_id = {r["docid"]: r for r in gold}

        def right(event: Any, record: dict[str, Any]) -> bool:
            return news.event_right(event, record)
    else:
        raise SystemExit(f"unknown set {name!r} (sets: gsr, news)")
    lexicon = load_lexicon(settings)
    rows: list[tuple[dict[str, float], bool]] = []
    for doc in _coded(articles, settings):
        recorder = Recorder()
        events = find_events(doc, lexicon, confidence=recorder)  # type: ignore[arg-type]
        for event in events:
            if event.modality != "negated":
                rows.append((recorder.features[event.event_id], right(event, by_id[doc.id])))
    return rows


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float, steps: int = 50) -> np.ndarray:
    """Weighted logistic regression, L2 on every coefficient but the intercept (column 0)."""
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -30, 30)))
        grad = x.T @ (w * (p - y)) + penalty * beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return beta


def main() -> int:
    from eventwire.coding.confidence import FEATURES
    from eventwire.config import Settings
    from eventwire.evaluate.calibration import reliability

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--sets", default="gsr,news")
    parser.add_argument("--l2", type=float, default=3.0, help="L2 penalty (in units of one set's weight)")
    parser.add_argument("--dry-run", action="store_true", help="print the fit, do not write the file")
    args = parser.parse_args()
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    settings = Settings()
    data = {name: judged(name, args.shared, settings) for name in names}
    features = list(FEATURES)
    xs, ys, ws = [], [], []
    for rows in data.values():
        for feats, right in rows:
            xs.append([1.0] + [feats.get(f, 0.0) for f in features])
            ys.append(float(right))
            ws.append(1.0 / len(rows))  # each set weighs the same in all
    x, y, w = np.array(xs), np.array(ys), np.array(ws) * 100.0
    beta = fit(x, y, w, args.l2)
    p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -30, 30)))
    offset = 0
    summary = []
    for name, rows in data.items():
        block = reliability([(round(float(p[offset + i]), 2), right) for i, (_, right) in enumerate(rows)])
        offset += len(rows)
        high = block["at_least"]["0.8"]
        line = (f"{name}: {block['events']} events, {block['right']} right; confidence >= 0.8: {high['events']} "
                f"events, precision {high['precision']}; brier {block['brier']}, ece {block['ece']}")
        summary.append(line)
        print(line, file=sys.stderr)
    lines = [
        "# Weights of event confidence (eventwire.coding.confidence): confidence = logistic(intercept + the sum",
        "# of the weights of the features an event has). Generated by tools/calibrate_confidence.py; do not edit",
        "# by hand (a user may point Settings.confidence_file at their own file of this form).",
        f"# Fitted {date.today().isoformat()} on: {', '.join(names)} (L2 {args.l2}); plv_train is not used.",
        *[f"#   {line}" for line in summary],
        "# Derived from the PLOVER gold-standard records (CC BY-SA 4.0) where gsr is listed: see NOTICE.",
        "schema_version = 1",
        'kind = "confidence"',
        f"intercept = {beta[0]:.4f}",
        "",
        "[weights]",
        *[f"{name} = {beta[i + 1]:.4f}  # {FEATURES[name][:70]}" for i, name in enumerate(features)],
    ]
    text = "\n".join(lines) + "\n"
    if args.dry_run:
        print(text)
    else:
        OUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
