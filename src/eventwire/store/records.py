"""What the store writes and reads: a coded article, and event records turned back into :class:`Event`.

The per-article function (``eventwire.scale``) returns, for each article, either a :class:`Coded` (its events,
actor mentions and places) or a :class:`Failed` (why a stage failed on it); both are plain, picklable records
keyed by the article's content hash, so they travel from worker processes or Dask workers to the one writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eventwire.document import (
    ActorMention,
    ActorRef,
    Article,
    Casualties,
    Event,
    EventDate,
    Place,
    Plover,
    TextSpan,
)


@dataclass(slots=True)
class Coded:
    """The pipeline's output for one article (without the spaCy parse, which stays in the worker)."""

    content_hash: str
    events: list[Event] = field(default_factory=list)
    actor_mentions: list[ActorMention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)


@dataclass(slots=True)
class Failed:
    """A stage failed on one article; the reason is kept as data (the ``skipped`` table)."""

    content_hash: str
    message: str
    code: str
    stage: str | None = None


@dataclass(slots=True)
class CodedArticle:
    """An article and what the pipeline found in it: the unit the store writes in one transaction."""

    content_hash: str
    article: Article
    events: list[Event] = field(default_factory=list)
    actor_mentions: list[ActorMention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)


def _span(data: dict[str, Any] | None) -> TextSpan:
    data = data or {}
    return TextSpan(text=data.get("text") or "", start=int(data.get("start") or 0), end=int(data.get("end") or 0))


def _actor(data: dict[str, Any] | None) -> ActorRef | None:
    if not data:
        return None
    return ActorRef(text=data.get("text") or "", start=int(data.get("start") or 0), end=int(data.get("end") or 0),
                    code=data.get("code"), name=data.get("name"), country=data.get("country"),
                    sectors=list(data.get("sectors") or []))


def _place(data: dict[str, Any] | None) -> Place | None:
    if not data:
        return None
    return Place(text=data.get("text") or "", start=int(data.get("start") or 0), end=int(data.get("end") or 0),
                 name=data.get("name"), geonameid=data.get("geonameid"), country=data.get("country"),
                 admin1=data.get("admin1"), lat=data.get("lat"), lon=data.get("lon"), kind=data.get("kind"))


def event_from_record(record: dict[str, Any]) -> Event:
    """The :class:`Event` an event record (``Event.to_dict()``, as stored) was made from.

    Fields a record lacks take their defaults, so records written by an older eventwire still load. It is
    the inverse of ``Event.to_dict``: ``event_from_record(event.to_dict()) == event``.
    """
    plover = record.get("plover") or {}
    date = record.get("date")
    casualties = record.get("casualties") or {}
    return Event(
        event_id=record["event_id"],
        article_id=record["article_id"],
        sentence_index=int(record.get("sentence_index") or 0),
        evidence=_span(record.get("evidence")),
        trigger=_span(record.get("trigger")),
        source=_actor(record.get("source")),
        target=_actor(record.get("target")),
        cameo=record["cameo"],
        cameo_name=record.get("cameo_name"),
        plover=Plover(event_type=plover.get("event_type"), mode=plover.get("mode"),
                      context=list(plover.get("context") or [])),
        quad_class=record.get("quad_class"),
        goldstein=record.get("goldstein"),
        date=EventDate(value=date["value"], precision=date.get("precision") or "day", text=date.get("text"),
                       basis=date.get("basis") or "publication") if date else None,
        location=_place(record.get("location")),
        location_basis=record.get("location_basis"),
        casualties=Casualties(killed=casualties.get("killed"), injured=casualties.get("injured"),
                              arrested=casualties.get("arrested"), qualifier=casualties.get("qualifier")),
        modality=record.get("modality") or "asserted",
        confidence=float(record["confidence"]) if record.get("confidence") is not None else 0.5,
        mentions=int(record.get("mentions") or 1),
        rule=record.get("rule"),
    )
