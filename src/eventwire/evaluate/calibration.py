"""Whether an event's ``confidence`` means what it says: the reliability block of ``eventwire eval``.

Every event set's evaluation judges each emitted (non-negated) event right or wrong as that set judges it and
reports, for the pairs (confidence, right):

- ``events``, ``right``: how many events were judged, how many were right;
- ``at_least``: for each threshold t in 0.5 … 0.9, the events with confidence ≥ t (``events``, their ``share``
  of all events) and the share of them that are right (``precision``; null when none reach t);
- ``bins``: confidence in tenths, with the mean confidence and the share right in each (a calibrated coder has
  the two close);
- ``brier``: the mean squared difference between confidence and outcome (0 is perfect; always saying 0.5 is
  0.25); ``ece``: the expected calibration error over the bins (the events-weighted mean of
  |mean confidence - share right|).
"""

from __future__ import annotations

from typing import Any

THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)


def reliability(pairs: list[tuple[float, bool]]) -> dict[str, Any]:
    n = len(pairs)
    at_least: dict[str, Any] = {}
    for t in THRESHOLDS:
        chosen = [right for conf, right in pairs if conf >= t]
        at_least[f"{t:.1f}"] = {"events": len(chosen), "share": round(len(chosen) / n, 3) if n else 0.0,
                                "precision": round(sum(chosen) / len(chosen), 3) if chosen else None}
    bins: list[dict[str, Any]] = []
    ece = 0.0
    for k in range(10):
        low, high = k / 10, (k + 1) / 10
        members = [(c, r) for c, r in pairs if low <= c < high or (k == 9 and c == 1.0)]
        if not members:
            continue
        mean_conf = sum(c for c, _ in members) / len(members)
        share_right = sum(r for _, r in members) / len(members)
        ece += len(members) / n * abs(mean_conf - share_right)
        bins.append({"from": low, "to": high, "events": len(members), "mean_confidence": round(mean_conf, 3),
                     "right": round(share_right, 3)})
    return {
        "events": n,
        "right": sum(r for _, r in pairs),
        "at_least": at_least,
        "bins": bins,
        "brier": round(sum((c - r) ** 2 for c, r in pairs) / n, 4) if n else None,
        "ece": round(ece, 4) if n else None,
    }
