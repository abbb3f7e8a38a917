"""The records every stage reads and writes.

An :class:`Article` is what ingestion produces; a :class:`Document` carries one article through the
pipeline, each stage filling the fields it owns:

=================  ==========================  =================
field              owner (stage module)        type
=================  ==========================  =================
spacy_doc          eventwire.parse             spacy.tokens.Doc
actor_mentions     eventwire.actors            list[ActorMention]
timexes            eventwire.temporal          list[TimeExpr]
places             eventwire.geo               list[Place]
events             eventwire.coding            list[Event]
=================  ==========================  =================

All offsets are character offsets into ``Article.text``.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any

_ATOMS = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, tuple[str, ...]] = {}  # an explicit cache: each record class's field names


def asdict(value: Any) -> Any:
    """What ``dataclasses.asdict`` gives, without its deep copy of every string and number (a record holds
    dataclasses, lists, tuples, dicts and plain values; anything else is still deep-copied)."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is list:
        return [asdict(v) for v in value]
    if kind is dict:
        return {asdict(k): asdict(v) for k, v in value.items()}
    names = _FIELDS.get(kind)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {name: asdict(getattr(value, name)) for name in names}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        return kind(*[asdict(v) for v in value])
    if isinstance(value, (list, tuple)):
        return kind(asdict(v) for v in value)
    if isinstance(value, dict):
        return kind((asdict(k), asdict(v)) for k, v in value.items())
    return copy.deepcopy(value)


@dataclass(frozen=True, slots=True)
class Article:
    """One cleaned article. ``text`` is what every offset refers to.

    For pasted text and HTML, ``text`` is the title, a blank line, then the body paragraphs separated by
    blank lines; ``body_start`` is where the body begins. For JSON Lines input with a ``text`` field the
    text is used exactly as given and ``body_start`` is 0.
    """

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, as precise as the source says
    url: str | None = None
    source: str | None = None  # site or outlet name
    author: str | None = None
    language: str | None = None
    origin: str | None = None  # the file (and line or record) it came from
    body_start: int = 0

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    @property
    def published_date(self) -> str | None:
        """The publication day as ``YYYY-MM-DD``, or None."""
        return self.published[:10] if self.published else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_article_id(url: str | None, text: str) -> str:
    """Stable id: from the URL when there is one, else from the content."""
    if url:
        return "u" + hashlib.sha1(url.strip().encode("utf-8")).hexdigest()[:16]
    return "h" + content_hash(text)[:16]


@dataclass(slots=True)
class ActorMention:
    """A stretch of text resolved to an actor (CAMEO conventions: country + sectors)."""

    text: str
    start: int
    end: int
    code: str  # e.g. "TURGOV", "SYRREB", "IGOUNO"
    country: str | None  # ISO alpha-3, None for international or unknown
    sectors: list[str] = field(default_factory=list)
    name: str | None = None  # canonical name, e.g. "Recep Tayyip Erdogan" or "Turkey"
    kind: str = "name"  # name | title | demonym | pronoun | acronym | sector | alias | person (named, not in the KB)
    actor_id: str | None = None  # knowledge-base entry id
    antecedent: int | None = None  # index in doc.actor_mentions of the mention this one refers back to
    head: int | None = None  # token index of the mention's syntactic head, when known

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class TimeExpr:
    """A temporal expression normalised TimeML-style (type DATE/TIME/DURATION/SET, value)."""

    text: str
    start: int
    end: int
    type: str
    value: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Place:
    """A toponym and the gazetteer entry it resolves to (fields None when unresolved)."""

    text: str
    start: int
    end: int
    name: str | None = None
    geonameid: int | None = None
    country: str | None = None  # ISO alpha-3
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    kind: str | None = None  # city | admin | country | region | demonym | landmark

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class TextSpan:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class ActorRef:
    text: str
    start: int
    end: int
    code: str | None
    name: str | None
    country: str | None
    sectors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class EventDate:
    value: str
    precision: str  # day | month | year
    text: str | None
    basis: str  # text | context (a day named just before, same paragraph) | publication


@dataclass(slots=True)
class Casualties:
    killed: int | None = None
    injured: int | None = None
    arrested: int | None = None
    qualifier: str | None = None  # "at least", "about", "dozens" …


@dataclass(slots=True)
class Plover:
    event_type: str | None
    mode: str | None = None
    context: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Event:
    event_id: str
    article_id: str
    sentence_index: int
    evidence: TextSpan
    trigger: TextSpan
    source: ActorRef | None
    target: ActorRef | None
    cameo: str
    cameo_name: str | None
    plover: Plover
    quad_class: int | None
    goldstein: float | None
    date: EventDate | None = None
    location: Place | None = None
    # "text": the place is named in the evidence sentence; "context": the scene an earlier sentence set
    location_basis: str | None = None
    casualties: Casualties = field(default_factory=Casualties)
    modality: str = "asserted"  # asserted | negated | hypothetical | future | attempted
    confidence: float = 0.5
    mentions: int = 1
    rule: str | None = None  # which lexicon entry coded it, for audit

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Document:
    """One article on its way through the pipeline."""

    article: Article
    spacy_doc: Any = None
    actor_mentions: list[ActorMention] = field(default_factory=list)
    timexes: list[TimeExpr] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def text(self) -> str:
        return self.article.text
