"""Whether a mention belongs to an event group, and what the group says (date, place, casualties).

A mention is one stored event record seen by grouping (:class:`Mention`). It joins a group only when it agrees
with every mention already in the group (:func:`match_group`), so a group never drifts: three reports dated
1, 3 and 5 July do not chain into one event with a two-day window. Two mentions agree (:func:`compare`) when

- they share the CAMEO root (or PLOVER type) and, by default, the modality;
- their dates fit their precision: two days at most ``day_window_days`` apart, a day inside a month (or a month
  inside a year) when that precision is in ``coarse_precisions``, two such periods one inside the other;
- their source actors are compatible, and so are their targets: one side unknown, or the same country and an
  overlapping sector, and when both name someone, a name in common ("Henry" and "Chiquita Raquel Henry");
- their places are compatible: one unknown, the same gazetteer entry, one inside the other (a city in its
  country or admin region), or two points within ``radius_km``.

Every check says why it passed or failed, so a group can show why its mentions were put together.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date as Date
from typing import Any

from eventwire.document import ActorRef, Event, Place
from eventwire.group.schema import GroupThresholds

_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
_BASIS_RANK = {"text": 0, "context": 1, "publication": 2}
# More specific places first; a place of unknown kind ranks with cities (it has a point).
_KIND_RANK = {"landmark": 0, "city": 1, None: 1, "admin": 2, "region": 3, "country": 4}
_CONTAINERS = ("country", "admin", "region")
_EARTH_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Side:
    """An actor as grouping compares it: its country, sectors and the words of its name."""

    code: str | None
    country: str | None
    sectors: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # lowercased words of a proper name; empty when the text names no one

    @property
    def label(self) -> str:
        return self.code or "?"


@dataclass(frozen=True, slots=True)
class Where:
    """A place as grouping compares it."""

    name: str | None
    kind: str | None
    country: str | None
    admin1: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    text: str = ""

    def to_place(self) -> Place:
        return Place(self.text, 0, 0, self.name, self.geonameid, self.country, self.admin1, self.lat, self.lon,
                     self.kind)


@dataclass(frozen=True, slots=True)
class Mention:
    """One event record as grouping sees it."""

    event_id: str
    article: int  # the store's row of its article
    story: int  # the row of the article it is a copy of (the same wire story), else its own article
    type_key: str
    modality: str
    date: str | None
    precision: str | None
    basis: str | None
    lo: int | None  # the first and last day (proleptic ordinal) its date covers
    hi: int | None
    source: Side | None
    target: Side | None
    place: Where | None
    killed: int | None = None
    injured: int | None = None
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        # by hand: dataclasses.asdict deep-copies, and this runs for every mention of every touched group
        values = {name: getattr(self, name) for name in _MENTION_FIELDS}
        for role in ("source", "target"):
            side = values[role]
            values[role] = {"code": side.code, "country": side.country, "sectors": list(side.sectors),
                            "names": list(side.names)} if side else None
        place = self.place
        values["place"] = {name: getattr(place, name) for name in _WHERE_FIELDS} if place else None
        return values

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mention:
        values = dict(data)
        for role in ("source", "target"):
            side = values.get(role)
            values[role] = Side(side["code"], side["country"], tuple(side["sectors"]), tuple(side["names"])) \
                if side else None
        values["place"] = Where(**values["place"]) if values.get("place") else None
        return cls(**values)


_MENTION_FIELDS = tuple(f.name for f in fields(Mention))
_WHERE_FIELDS = tuple(f.name for f in fields(Where))


@dataclass(slots=True)
class Verdict:
    """Whether a mention agrees (with another, or with a whole group), and why."""

    ok: bool
    reasons: list[str] = field(default_factory=list)
    score: int = 0  # how much agrees exactly (same codes, place, date): picks the best of several groups


# -- from an event ---------------------------------------------------------------------------------------------


def type_key(event: Event, thresholds: GroupThresholds) -> str:
    """What mentions of one event share: the CAMEO root, or the PLOVER type (else the root)."""
    if thresholds.match.type == "plover_type" and event.plover.event_type:
        return event.plover.event_type
    return event.cameo[:2]


def _day_span(value: str, precision: str) -> tuple[int, int] | None:
    """The first and last day (ordinals) a date of this precision covers, or None when it is not a date."""
    try:
        if precision == "day":
            day = Date.fromisoformat(value[:10]).toordinal()
            return day, day
        year = int(value[:4])
        if precision == "month":
            month = int(value[5:7])
            first = Date(year, month, 1)
            last = Date(year + month // 12, month % 12 + 1, 1)
            return first.toordinal(), last.toordinal() - 1
        if precision == "year":
            return Date(year, 1, 1).toordinal(), Date(year, 12, 31).toordinal()
    except ValueError:
        return None
    return None


def _name_words(actor: ActorRef) -> tuple[str, ...]:
    """The words of the person or organisation an actor names: the knowledge base's name, else a text of two
    or more capitalised words ("Chiquita Raquel Henry"); empty for "police", "the student", "Deputies"."""
    if not actor.sectors:  # a country itself ("Israel", "the United States") names no one in particular
        return ()
    if actor.name:
        return tuple(sorted({w.lower() for w in actor.name.replace(".", " ").split() if len(w) > 1}))
    words = [w for w in actor.text.replace(",", " ").split() if w.isalpha()]
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    if len(words) >= 2 and all(w[0].isupper() for w in words):
        return tuple(sorted({w.lower() for w in words if len(w) > 1}))
    return ()


def side_of(actor: ActorRef | None) -> Side | None:
    """The actor as grouping compares it; None when there is no actor or nothing is known of it."""
    if actor is None:
        return None
    sectors = tuple(actor.sectors)
    country = actor.country
    if country is None and actor.code and actor.code not in ("".join(sectors), *sectors):
        country = actor.code  # an organisation without a country ("IGOUNO") is its own "country"
    if country is None and not sectors:
        return None
    return Side(actor.code, country, sectors, _name_words(actor))


def mention_of(event: Event, article: int, thresholds: GroupThresholds, *, story: int | None = None) -> Mention:
    """The grouping view of ``event``, stored in the article row ``article`` (a copy of article ``story``)."""
    span = _day_span(event.date.value, event.date.precision) if event.date else None
    place = event.location
    where = None
    if place is not None and (place.name or place.geonameid is not None or place.lat is not None):
        where = Where(place.name, place.kind, place.country, place.admin1, place.geonameid, place.lat, place.lon,
                      place.text)
    return Mention(
        event_id=event.event_id, article=article, story=article if story is None else story,
        type_key=type_key(event, thresholds), modality=event.modality,
        date=event.date.value if event.date else None, precision=event.date.precision if event.date else None,
        basis=event.date.basis if event.date else None, lo=span[0] if span else None, hi=span[1] if span else None,
        source=side_of(event.source), target=side_of(event.target), place=where, killed=event.casualties.killed,
        injured=event.casualties.injured, confidence=event.confidence)


def is_groupable(mention: Mention) -> bool:
    """Whether the mention can join others: it has a date (an undated mention is an event of its own)."""
    return mention.lo is not None


def actor_keys(mention: Mention) -> list[str]:
    """The blocking keys a group holding ``mention`` is found by: each known actor's role and country
    (``source:SYR``; ``source:?`` without a country) and ``role:*`` for any known actor in that role."""
    keys = []
    for role, side in (("source", mention.source), ("target", mention.target)):
        if side is not None:
            keys += [f"{role}:{side.country or '?'}", f"{role}:*"]
    return keys


def query_keys(mention: Mention) -> list[str]:
    """The blocking keys of the groups ``mention`` may join: one of its actors must be known in both, of the
    same country or without one in either (:func:`compare` asks for an actor known in both)."""
    keys = []
    for role, side in (("source", mention.source), ("target", mention.target)):
        if side is not None:
            keys += [f"{role}:{side.country}", f"{role}:?"] if side.country else [f"{role}:*"]
    return keys


def window(mention: Mention, thresholds: GroupThresholds) -> tuple[int, int]:
    """The days a group's mentions must touch to be a candidate for ``mention`` (a blocking key)."""
    assert mention.lo is not None and mention.hi is not None
    slack = thresholds.date.day_window_days
    return mention.lo - slack, mention.hi + slack


# -- comparing two mentions ------------------------------------------------------------------------------------


def _date_text(m: Mention) -> str:
    return f"{m.date} ({m.precision})"


def _is_loose(mention: Mention, thresholds: GroupThresholds) -> bool:
    return mention.precision != "day" and mention.precision not in thresholds.date.coarse_precisions


def _compare_dates(new: Mention, old: Mention, thresholds: GroupThresholds) -> tuple[bool, str]:
    assert new.lo is not None and new.hi is not None and old.lo is not None and old.hi is not None
    if _is_loose(new, thresholds) or _is_loose(old, thresholds):
        # "in 2009": too loose to say two reports are one event, unless one story says it twice
        same = new.story == old.story and new.date == old.date and new.precision == old.precision
        return same, (f"dates {_date_text(new)} and {_date_text(old)}: "
                      f"{'the same, in one story' if same else 'too imprecise to match across stories'}")
    if new.precision == "day" and old.precision == "day":
        gap = abs(new.lo - old.lo)
        limit = thresholds.date.day_window_days
        word = "within" if gap <= limit else "more than"
        return gap <= limit, f"dates {new.date} and {old.date}: {gap} day(s) apart ({word} {limit})"
    inside = (old.lo <= new.lo and new.hi <= old.hi) or (new.lo <= old.lo and old.hi <= new.hi)
    return inside, (f"dates {_date_text(new)} and {_date_text(old)}: "
                    f"{'one inside the other' if inside else 'not one inside the other'}")


def _compare_sides(role: str, new: Side | None, old: Side | None) -> tuple[bool, str, int]:
    if new is None or old is None:
        known = new or old
        return True, f"{role}: unknown in one mention{f' ({known.label})' if known else ''}", 0
    if new.country and old.country and new.country != old.country:
        return False, f"{role}: {new.label} and {old.label} are of different countries", 0
    if new.sectors and old.sectors and not set(new.sectors) & set(old.sectors):
        return False, f"{role}: {new.label} and {old.label} are of different sectors", 0
    if new.names and old.names and not set(new.names) & set(old.names):
        return False, (f"{role}: {new.label} names {' '.join(new.names)}, the other {' '.join(old.names)}: "
                       "different people"), 0
    same = new.code is not None and new.code == old.code
    named = bool(set(new.names) & set(old.names))
    if same:
        return True, f"{role}: {new.label} ~ {old.label} (same code{', same name' if named else ''})", \
            4 if named else 3
    if new.country and new.country == old.country and set(new.sectors) & set(old.sectors):
        return True, f"{role}: {new.label} ~ {old.label} (same country and sector)", 2
    return True, f"{role}: {new.label} ~ {old.label} (a country or sector unknown in one)", 1


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _contains(outer: Where, inner: Where) -> bool:
    """``inner`` lies in ``outer`` (a country, or an admin region by its name): a city in its state."""
    if outer.kind not in _CONTAINERS or outer.country is None or outer.country != inner.country:
        return False
    if outer.kind == "country":
        return inner.kind != "country" or inner.geonameid == outer.geonameid
    region = outer.admin1 or outer.name
    return region is not None and inner.kind not in _CONTAINERS and inner.admin1 == region


def _place_name(where: Where) -> str:
    return where.name or where.text or "?"


def _compare_places(new: Where | None, old: Where | None, thresholds: GroupThresholds) -> tuple[bool, str, int]:
    """(compatible, why, how closely they agree): 3 the same place (or within the radius), 2 one inside the
    other's admin region or the same name, 1 one inside the other's country only, 0 one of them unknown."""
    if new is None or old is None:
        return True, "place: unknown in one mention", 0
    a, b = _place_name(new), _place_name(old)
    if new.geonameid is not None and new.geonameid == old.geonameid:
        return True, f"place: {a} in both", 3
    if new.country and old.country and new.country != old.country:
        return False, f"place: {a} and {b} are in different countries", 0
    if _contains(new, old) or _contains(old, new):
        outer_place = new if _contains(new, old) else old
        inner, outer = (b, a) if outer_place is new else (a, b)
        return True, f"place: {inner} is inside {outer}", 1 if outer_place.kind == "country" else 2
    if None not in (new.lat, new.lon, old.lat, old.lon):
        km = distance_km(new.lat, new.lon, old.lat, old.lon)  # type: ignore[arg-type]
        limit = thresholds.place.radius_km
        near = km <= limit
        return near, f"place: {a} and {b} are {km:.0f} km apart ({'within' if near else 'more than'} {limit:g} km)", \
            3 if near else 0
    same = new.name is not None and new.name == old.name and new.kind == old.kind
    return same, f"place: {a} and {b} {'have the same name' if same else 'are different places'}", 2 if same else 0


def _is_anchored(sides: list[int], level: int) -> bool:
    """Whether two reports from independent stories agree enough to be one event (``sides``: how each actor
    agrees, 0 unknown in one, 1 compatible only because a country or sector is unknown in one, 2 the same
    country and sector, 3 the same code, 4 the same code and name; ``level``: how the places agree, 3 the same
    place, 2 the same admin region, 1 the same country, 0 one unknown)."""
    source, target = sides
    if min(source, target) >= 2 and level >= 2:
        return True  # both actors the same country and sector, in the same area
    if max(source, target) >= 3 and level >= 3:
        return True  # one actor unknown in a report ("an airstrike hit ..."), the other the same, the same place
    return min(source, target) >= 3 and max(source, target) == 4  # the same actors, one named in both


def compare(new: Mention, old: Mention, thresholds: GroupThresholds) -> Verdict:
    """Whether two mentions can report one event; the reasons say why (or the first reason why not)."""
    if new.type_key != old.type_key:
        return Verdict(False, [f"types differ: {new.type_key} and {old.type_key}"])
    if thresholds.match.same_modality and new.modality != old.modality:
        return Verdict(False, [f"modalities differ: {new.modality} and {old.modality}"])
    if not thresholds.match.same_article and new.article == old.article:
        return Verdict(False, ["both in the same article"])
    reasons = [f"type {new.type_key} in both"]
    ok, why = _compare_dates(new, old, thresholds)
    if not ok:
        return Verdict(False, [why])
    reasons.append(why)
    sides = []
    for role, a, b in (("source", new.source, old.source), ("target", new.target, old.target)):
        ok, why, points = _compare_sides(role, a, b)
        if not ok:
            return Verdict(False, [why])
        reasons.append(why)
        sides.append(points)
    ok, why, level = _compare_places(new.place, old.place, thresholds)
    if not ok:
        return Verdict(False, [why])
    reasons.append(why)
    # Compatible is not enough: "unknown" agrees with anything. One event needs an actor known in both ...
    if max(sides) == 0:
        return Verdict(False, ["no actor known in both mentions"])
    # ... and, across independent stories, more: local news codes "a man", "police", "residents" alike, so
    # "police arrested a man" in two papers on one day are two events unless more agrees.
    if new.story != old.story and not _is_anchored(sides, level):
        return Verdict(False, ["different stories, and neither both actors known in the same area, nor one known"
                               " at the same place, nor the same named actors"])
    if new.story == old.story:
        reasons.append("same article" if new.article == old.article else "the same story (a copy)")
    same_date = new.date == old.date and new.precision == old.precision
    return Verdict(True, reasons, sum(sides) + level + same_date)


def match_group(new: Mention, members: Sequence[Mention], thresholds: GroupThresholds) -> Verdict:
    """Whether ``new`` agrees with every mention of a group; the reasons are those against its closest member.

    Example::

        verdict = match_group(mention, group_members, thresholds)
        if verdict.ok: ...   # verdict.reasons: ["type 19 in both", "dates 2019-07-03 and 2019-07-04: …", …]
    """
    best: Verdict | None = None
    best_member = None
    for member in members:
        verdict = compare(new, member, thresholds)
        if not verdict.ok:
            return Verdict(False, [f"against {member.event_id}: {verdict.reasons[0]}"])
        if best is None or verdict.score > best.score:
            best, best_member = verdict, member
    if best is None or best_member is None:
        return Verdict(False, ["the group has no mentions"])
    others = len(members) - 1
    tail = f" (and agrees with the other {others})" if others else ""
    return Verdict(True, [f"closest to {best_member.event_id}{tail}", *best.reasons], best.score)


# -- what a group says -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Summary:
    """The event a group reports: its date, place, casualties, and the mention that represents it."""

    date: str | None
    precision: str | None
    place: Where | None
    killed: int | None
    killed_min: int | None
    injured: int | None
    injured_min: int | None
    representative: str  # the event id of the most confident mention (the first, on a tie)
    lo: int | None
    hi: int | None


def _most_common_first(values: Sequence[Any]) -> Any:
    counts = Counter(values)
    return max(values, key=lambda v: counts[v])  # max keeps the first of equal counts


def summarise(members: Sequence[Mention]) -> Summary:
    """The group's date (the most precise, best-founded one: a text date before the publication day), place
    (the most specific), casualties (the largest reported, with the smallest kept for the range) and
    representative mention."""
    dated = [m for m in members if m.date is not None and m.precision in _PRECISION_RANK]
    date = precision = None
    if dated:
        best = min((_PRECISION_RANK[m.precision or ""], _BASIS_RANK.get(m.basis or "", 3)) for m in dated)
        top = [m.date for m in dated
               if (_PRECISION_RANK[m.precision or ""], _BASIS_RANK.get(m.basis or "", 3)) == best]
        date = _most_common_first(top)
        precision = next(m.precision for m in dated if m.date == date)
    placed = [m.place for m in members if m.place is not None]
    place = None
    if placed:
        rank = min(_KIND_RANK.get(p.kind, 1) for p in placed)
        top_places = [p for p in placed if _KIND_RANK.get(p.kind, 1) == rank]
        place = _most_common_first(top_places)
    killed = [m.killed for m in members if m.killed is not None]
    injured = [m.injured for m in members if m.injured is not None]
    representative = max(members, key=lambda m: m.confidence)  # the first of equal confidence
    los = [m.lo for m in members if m.lo is not None]
    his = [m.hi for m in members if m.hi is not None]
    return Summary(date, precision, place, max(killed, default=None), min(killed, default=None),
                   max(injured, default=None), min(injured, default=None), representative.event_id,
                   min(los, default=None), max(his, default=None))
