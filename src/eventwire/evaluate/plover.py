"""PLOVER gold-standard records (``gsr_dev.jsonl``): each record's text coded with its date.

- type accuracy: the share of records for which eventwire emits an event of the gold PLOVER type;
- dyad accuracy: the share for which an emitted event's source country is one of the gold sources' and its
  target country one of the gold targets' (a record with no gold target needs only the source);
- the confusion table: gold type -> the type of the best event eventwire emitted ("NONE" for none);
- ``confidence``: the reliability of the events' confidence (``evaluate/calibration.py``), an event being right
  when it has the gold type and the gold dyad.

The gold records come from the CAMEO 1.1b3 manual and use PLOVER 0.5 category names; they are mapped to the
2021 names eventwire emits as the PLOVER manual's own translation table does: DEMAND -> REQUEST,
DISAPPROVE -> ACCUSE, INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from eventwire.config import Settings
from eventwire.document import Article, Event
from eventwire.errors import EventwireError
from eventwire.evaluate import read_jsonl
from eventwire.evaluate.actors import GOLD_ALIASES
from eventwire.evaluate.calibration import reliability

LEGACY_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def gold_type(record: dict[str, Any]) -> str:
    event = str(record.get("event", "")).upper()
    return LEGACY_TYPES.get(event, event)


def _countries(actors: Any) -> set[str]:
    if not isinstance(actors, list):
        return set()
    codes = {str(a.get("code", ""))[:3].upper() for a in actors if isinstance(a, dict) and a.get("code")}
    # the gold records use a few non-ISO codes (JAP, ITL, VTN); read them as the codes they mean
    return {GOLD_ALIASES.get(c, c) for c in codes}


def _country(ref: Any) -> str | None:
    if ref is None:
        return None
    return ref.country or (ref.code[:3] if ref.code else None)


def dyad_matches(events: list[Event], sources: set[str], targets: set[str]) -> bool:
    for event in events:
        if _country(event.source) not in sources:
            continue
        if not targets or _country(event.target) in targets:
            return True
    return False


def event_right(event: Event, record: dict[str, Any]) -> bool:
    """An event is right when it has the record's gold type and its dyad (as ``dyad_matches`` judges it)."""
    return event.plover.event_type == gold_type(record) and dyad_matches(
        [event], _countries(record.get("source")), _countries(record.get("target")))


def evaluate(path: Path, settings: Settings) -> dict[str, Any]:
    from eventwire.pipeline import make_pipeline

    records = [record for _, record in read_jsonl(path)]
    pipeline = make_pipeline(settings)
    articles = [Article(id=str(r["id"]), text=r["text"], published=r.get("date")) for r in records]
    by_id = {r["id"]: r for r in records}
    type_hits = dyad_hits = both_hits = 0
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[dict[str, Any]] = []
    judged: list[tuple[float, bool]] = []
    for doc in pipeline.pipe(articles):
        if isinstance(doc, EventwireError):
            continue
        record = by_id[doc.id]
        gold = gold_type(record)
        events = [e for e in doc.events if e.modality != "negated"]
        types = [e.plover.event_type for e in events]
        type_ok = gold in types
        dyad_ok = dyad_matches(events, _countries(record.get("source")), _countries(record.get("target")))
        both_ok = dyad_matches([e for e in events if e.plover.event_type == gold],
                               _countries(record.get("source")), _countries(record.get("target")))
        type_hits += type_ok
        dyad_hits += dyad_ok
        both_hits += both_ok
        judged.extend((e.confidence, event_right(e, record)) for e in events)
        predicted = gold if type_ok else next((t for t in types if t), "NONE")
        confusion[gold][predicted or "NONE"] += 1
        if not (type_ok and dyad_ok) and len(misses) < 40:
            misses.append({"id": doc.id, "gold": gold, "emitted": [
                f"{e.cameo}:{e.plover.event_type} {e.source.code if e.source else '-'}->"
                f"{e.target.code if e.target else '-'}" for e in events], "text": record["text"][:160]})
    n = len(records)
    return {
        "set": "plover", "records": n,
        "type_accuracy": type_hits / n if n else 0.0,
        "dyad_accuracy": dyad_hits / n if n else 0.0,
        "type_and_dyad_accuracy": both_hits / n if n else 0.0,
        "confusion": {gold: dict(row.most_common()) for gold, row in sorted(confusion.items())},
        "confidence": reliability(judged),
        "misses": misses,
    }
