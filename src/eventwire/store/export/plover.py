"""PLOVER JSON records as the PLOVER manual (draft 0.8, 2021; chapter "Data Fields") defines them.

One JSON object per event with a PLOVER category (plain statements, CAMEO 01, have none and are left out):

- ``id``, ``date`` and ``enddate`` (YYYY-MM-DD: a month- or year-precise date is the period from its first
  to its last day; a day has no ``enddate``), ``event`` (one category), ``mode`` (only the manual's modes for
  that category, see ``data/export/plover.yml``), ``context`` (PLOVER's contexts, and its auxiliary modes
  ``future``, ``hypothetical``, ``negation`` from the event's modality);
- ``actor`` and ``recipient``: lists of entity objects: ``code`` (the country, ISO alpha-3, or one of PLOVER's
  international codes IGO, UNO, EUR, NGO, ISM, IMG, MNC; never a sector), ``sector`` (PLOVER's sector code,
  mapped from CAMEO's: media is JRN, health MED), ``other_sector_codes``, ``religion``, ``entity_text``,
  ``identifier_text``. An event whose actor the text does not name has PLOVER's unidentified actor
  (``sector: UNK``), as the manual codes "two civilians were killed by a bomb";
- ``quad_code`` (the category's quad) and ``event_scale`` (PLOVER's score for the category and mode);
- ``event_loc`` (PLOVER's location object: ``extracted_place``, ``resolved_place``, ``geonameid``, ``lat``,
  ``lon``, ``province``, ``country``, ``country_code``, ``resolution``), ``event_text``, ``text``, ``text_info``,
  ``cite_info``, ``coder``, ``dead``/``injured``/``arrested``.

Fields the manual leaves to the provider (it invites them) carry what CAMEO users need: ``cameo``,
``goldstein``, ``modality``, ``confidence``, ``date_precision``, and on each entity ``actor_code`` (the CAMEO
code) with the text offsets.
"""

from __future__ import annotations

from typing import Any

from eventwire.document import ActorRef, Article, Event, Place
from eventwire.store.dates import period
from eventwire.store.export.common import coder_name, country
from eventwire.store.export.data import load_plover_spec, load_sector_map

INTERNATIONAL = ("IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC")
"""PLOVER's codes for international non-state entities, written in ``code`` in place of a country."""

_RESOLUTION = {"country": 1, "admin": 2, "region": 2, "city": 4, "landmark": 5}


def entity_code(actor: ActorRef) -> str | None:
    """PLOVER's ``code`` of an actor: its country, else the international entity its CAMEO code starts with
    (``IGOUNO…`` is UNO, ``IGOEUR…`` EUR, ``NGO…`` NGO), else None (a sector alone is no entity code)."""
    if actor.country:
        return actor.country
    code = (actor.code or "").upper()
    head = code[:3]
    if head == "IGO":
        rest = code[3:]
        if rest.startswith("UNO"):
            return "UNO"
        if rest.startswith("EUR") or rest.startswith("EEC"):
            return "EUR"
        return "IGO"
    if head in INTERNATIONAL:
        return head
    return None


def plover_sectors(actor: ActorRef) -> tuple[list[str], list[str]]:
    """(PLOVER sector codes in the actor's order, religions) from the actor's CAMEO sectors."""
    mapping = load_sector_map()
    sectors: list[str] = []
    religions: list[str] = []
    for cameo in actor.sectors:
        found = mapping.get(cameo)
        if found is None or found.plover is None:
            continue
        target = religions if found.role == "religion" else sectors if found.role == "sector" else None
        if target is not None and found.plover not in target:
            target.append(found.plover)
    return sectors, religions


def _entity(actor: ActorRef) -> dict[str, Any]:
    sectors, religions = plover_sectors(actor)
    code = entity_code(actor)
    if code is None and not sectors:
        sectors = ["UNK"]  # named in the text, but neither its country nor its role is known
    return {"code": code, "sector": sectors[0] if sectors else None,
            "other_sector_codes": sectors[1:], "religion": religions[0] if religions else None,
            "entity_text": actor.text, "identifier_text": actor.name, "actor_code": actor.code,
            "start": actor.start, "end": actor.end}


UNIDENTIFIED: dict[str, Any] = {"code": None, "sector": "UNK", "other_sector_codes": [], "religion": None,
                                 "entity_text": None, "identifier_text": None, "actor_code": None, "start": None,
                                 "end": None}
"""PLOVER's unidentified actor (sector UNK), for an event whose doer the text does not name."""


def _location(place: Place) -> dict[str, Any]:
    return {"extracted_place": place.text, "resolved_place": place.name, "geonameid": place.geonameid,
            "lat": place.lat, "lon": place.lon, "province": place.admin1,
            "country": country(place.country).get("name"), "country_code": place.country,
            "resolution": _RESOLUTION.get(place.kind or ""), "start": place.start, "end": place.end}


def plover_mode_context(event: Event) -> tuple[list[str], list[str]]:
    """The event's ``mode`` and ``context`` lists as PLOVER allows them: the coder's mode when it is one of
    the manual's for the category, else its fix from ``plover.yml``; the coder's contexts that are PLOVER's,
    then the auxiliary mode of its modality."""
    spec = load_plover_spec()
    event_type = event.plover.event_type or ""
    allowed = spec.types[event_type].modes if event_type in spec.types else {}
    mode = event.plover.mode
    contexts = [c for c in event.plover.context if c in spec.contexts]
    fix = spec.by_cameo.get(event.cameo) or (spec.mode_map.get((event_type, mode)) if mode else None)
    if fix is not None:
        mode = fix.mode
        if fix.context and fix.context not in contexts:
            contexts.append(fix.context)
    if mode not in allowed:
        mode = None
    auxiliary = spec.auxiliary.get(event.modality)
    if auxiliary and auxiliary not in contexts:
        contexts.append(auxiliary)
    return ([mode] if mode else []), contexts


def plover_scale(event_type: str, modes: list[str]) -> tuple[int | None, float | None]:
    """(quad_code, event_scale) of a category and its mode, from the manual's tables."""
    entry = load_plover_spec().types.get(event_type)
    if entry is None:
        return None, None
    return entry.quad, (entry.modes.get(modes[0], entry.score) if modes else entry.score)


def plover_record(event: Event, article: Article) -> dict[str, Any] | None:
    """The event as a PLOVER record, or None when it has no PLOVER category."""
    event_type = event.plover.event_type
    if not event_type:
        return None
    modes, contexts = plover_mode_context(event)
    quad, scale = plover_scale(event_type, modes)
    span = period(event.date.value) if event.date else None
    record: dict[str, Any] = {"id": event.event_id}
    if span:
        record["date"] = span[0].isoformat()
        if span[1] != span[0]:
            record["enddate"] = span[1].isoformat()
    record.update({
        "actor": [_entity(event.source)] if event.source else [dict(UNIDENTIFIED)],
        "recipient": [_entity(event.target)] if event.target else [],
        "event": [event_type],
        "mode": modes,
        "context": contexts,
        "event_loc": _location(event.location) if event.location else None,
        "event_text": [event.trigger.text],
        "quad_code": quad,
        "event_scale": scale,
        "dead": event.casualties.killed,
        "injured": event.casualties.injured,
        "arrested": event.casualties.arrested,
        "text": event.evidence.text,
        "text_info": {"sequence": event.sentence_index, "start": event.evidence.start, "end": event.evidence.end},
        "cite_info": {"citation": article.id, "url": article.url, "title": article.title,
                      "language": (article.language or "")[:2] or None, "publication": article.source,
                      "date": article.published, "coder": coder_name(),
                      "codebook": load_plover_spec().codebook},
        "coder": coder_name(),
        "cameo": event.cameo,
        "goldstein": event.goldstein,
        "modality": event.modality,
        "confidence": event.confidence,
        "date_precision": event.date.precision if event.date else None,
    })
    return record
