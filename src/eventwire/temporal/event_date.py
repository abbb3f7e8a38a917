"""The date of one event: the expression that governs the event's clause, else one in its sentence, else (for
a past-tense event) the day named just before it in its paragraph, else the publication date.

"The Sochi agreement was reached on Sept. 17, 2018" dates the agreement 2018-09-17 even in a 2019 story:
"Sept. 17, 2018" hangs (through "on") from "reached", the trigger. An expression attached to a word the
trigger itself hangs from also governs it ("launched an offensive in April": "in April" dates the
"offensive"), but the climb stops at a clause boundary, so "officials said Friday" does not date the
airstrike that the officials reported. Durations and sets ("for months", "quarterly") never date an event,
nor do vague references (PRESENT_REF) or values without a year.

A past-tense event whose sentence names no date continues the story's time: it takes the nearest day named
in the sentences just before it in the same paragraph (``basis="context"``, ``text`` the expression), when
that day is before the publication date and recent (``data/temporal/event_date.toml``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.config import data_path
from eventwire.datafiles import read_toml
from eventwire.document import Document, EventDate, TimeExpr
from eventwire.errors import LexiconError
from eventwire.parse.tree import heads, sentence_at, sentence_index

# Dependency labels that start a new clause: climbing from the trigger stops at a token attached this way.
_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "parataxis", "csubj", "csubjpass", "acl", "conj", "ROOT"})
_VERBAL = frozenset({"VERB", "AUX"})
# An expression after these words bounds the event in time rather than dating it.
_BOUNDARY_PREPOSITIONS = frozenset({"until", "till", "since", "before", "after", "by"})
_DAY = re.compile(r"^(\d{4}-\d\d-\d\d)")
_MONTH = re.compile(r"^(\d{4}-\d\d)$")
_YEAR = re.compile(r"^(\d{4})(?:$|-(?:Q\d|H\d|SP|SU|FA|WI)$)")
_WEEK = re.compile(r"^(\d{4})-W(\d\d)(?:-WE)?$")


@dataclass(frozen=True)
class NarrativeRule:
    sentences_back: int
    max_days_before_publication: int


def read_event_date_rules(path: Path) -> NarrativeRule:
    """Read ``event_date.toml``.

    Raises:
        LexiconError: unreadable, not TOML, or a setting missing or not a whole number ≥ 0.
    """
    raw = read_toml(path)
    if raw.get("schema_version") != 1 or raw.get("kind") != "event_date":
        raise LexiconError(f"{path}: not an event-date rules file (needs schema_version = 1, kind = \"event_date\")")
    narrative = raw.get("narrative")
    values: dict[str, int] = {}
    for key in ("sentences_back", "max_days_before_publication"):
        value = narrative.get(key) if isinstance(narrative, dict) else None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise LexiconError(f"{path}: [narrative] {key} must be a whole number, 0 or more")
        values[key] = value
    return NarrativeRule(**values)


@functools.cache
def load_event_date_rules() -> NarrativeRule:
    return read_event_date_rules(data_path("temporal", "event_date.toml"))


def event_date_of(value: str) -> tuple[str, str] | None:
    """(value, precision) for an event date from a TimeML value, or None when it cannot date an event.

    ``2019-07-03T22:00`` -> day; ``2019-04`` -> month; ``2019``, ``2019-Q1``, ``2019-SU`` -> year; an ISO
    week becomes the month of its Thursday (ISO's rule for which month a week belongs to).
    """
    if match := _DAY.match(value):
        return match.group(1), "day"
    if match := _MONTH.match(value):
        return match.group(1), "month"
    if match := _YEAR.match(value):
        return match.group(1), "year"
    if match := _WEEK.match(value):
        thursday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 4)
        return f"{thursday.year:04d}-{thursday.month:02d}", "month"
    return None


def _is_past(trigger: Any) -> bool:
    """The trigger's clause is in the simple past ("stabbed", "was stabbed"), not a perfect or a present."""
    clause = trigger
    for head in (trigger, *heads(trigger)):
        clause = head
        if head.pos_ in _VERBAL:
            break
    auxes = [c for c in clause.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("has", "have", "will", "would", "may", "might", "could", "should", "can", "must")
           for a in auxes):
        return False
    return clause.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes)


def _narrative_date(doc: Document, trigger: Any) -> EventDate | None:
    rule = load_event_date_rules()
    published = doc.article.published_date
    if rule.sentences_back == 0 or not published or not _is_past(trigger):
        return None
    try:
        pub_day = date.fromisoformat(published[:10])
    except ValueError:
        return None
    spacy_doc = doc.spacy_doc
    index = sentence_index(spacy_doc, trigger.i)
    sent = sentence_at(spacy_doc, index)
    first = sent
    for back in range(1, rule.sentences_back + 1):
        if index - back < 0:
            break
        previous = sentence_at(spacy_doc, index - back)
        if "\n" in doc.text[previous.start_char + len(previous.text.rstrip()): first.start_char]:
            break  # a paragraph ends there
        first = previous
    if first.start == sent.start:
        return None
    low, high = first.start_char, sent.start_char
    best: tuple[int, TimeExpr, str] | None = None
    for expr in doc.timexes:
        if expr.type not in ("DATE", "TIME") or not (low <= expr.start and expr.end <= high):
            continue
        dated = event_date_of(expr.value)
        if dated is None or dated[1] != "day":
            continue
        day = date.fromisoformat(dated[0])
        if not (0 <= (pub_day - day).days <= rule.max_days_before_publication):
            continue
        if best is None or expr.start > best[0]:
            best = (expr.start, expr, dated[0])
    if best is None:
        return None
    return EventDate(value=best[2], precision="day", text=best[1].text, basis="context")


def _chain(trigger: Any) -> list[Any]:
    """The trigger and the words it hangs from, up to and including the head of its clause."""
    chain = [trigger]
    for head in heads(trigger):
        if chain[-1].dep_ in _CLAUSE_DEPS:
            break
        chain.append(head)
    return chain


def _governor(head: Any, span_tokens: set[int], chain_index: dict[int, int]) -> Any | None:
    """The first word above an expression's head that is in the trigger's chain or is a verb."""
    for token in (head, *heads(head)):
        if token.i not in span_tokens and (token.i in chain_index or token.pos_ in _VERBAL):
            return token
    return None


def _rank(expr: TimeExpr, spacy_doc: Any, trigger: Any, chain_index: dict[int, int]) -> tuple[int, int] | None:
    span = spacy_doc.char_span(expr.start, expr.end, alignment_mode="expand")
    sent = trigger.sent
    if span is None or span.start < sent.start or span.end > sent.end:
        return None
    distance = min(abs(trigger.idx - expr.start), abs(trigger.idx - expr.end))
    root = span.root
    governor = _governor(root, set(range(span.start, span.end)), chain_index)
    if root.head.lower_ in _BOUNDARY_PREPOSITIONS and (governor is None or governor.i not in chain_index):
        # "who ruled Libya until the 2011 revolution": the bound of another clause's period dates nothing else
        return None
    if governor is not None and governor.i in chain_index:
        return chain_index[governor.i], distance
    return len(chain_index) + 1, distance


def date_event(doc: Document, trigger_token_i: int) -> EventDate | None:
    """The date of the event whose trigger is token ``trigger_token_i`` of ``doc.spacy_doc``.

    An expression governing the trigger's clause wins, then the nearest other one in its sentence, then (for a
    past-tense event) the nearest day named just before it in its paragraph (``basis="context"``), then the
    publication date (``basis="publication"``); None when there is none of these.

    Raises:
        ValueError: ``doc`` has not been parsed (``doc.spacy_doc`` is None).

    Example:
        In "The Sochi agreement was reached on Sept. 17, 2018." with the trigger "reached",
        the result is ``EventDate("2018-09-17", "day", "Sept. 17, 2018", "text")``.
    """
    spacy_doc = doc.spacy_doc
    if spacy_doc is None:
        raise ValueError(f"article {doc.id}: date_event needs the parse (run the parse stage first)")
    trigger = spacy_doc[trigger_token_i]
    chain_index = {token.i: position for position, token in enumerate(_chain(trigger))}
    best: tuple[tuple[int, int], TimeExpr, tuple[str, str]] | None = None
    for expr in doc.timexes:
        if expr.type not in ("DATE", "TIME"):
            continue
        dated = event_date_of(expr.value)
        if dated is None:
            continue
        rank = _rank(expr, spacy_doc, trigger, chain_index)
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, expr, dated)
    if best is not None:
        _, expr, (value, precision) = best
        return EventDate(value=value, precision=precision, text=expr.text, basis="text")
    context = _narrative_date(doc, trigger)
    if context is not None:
        return context
    published = doc.article.published_date
    if not published:
        return None
    dated = event_date_of(published)
    if dated is None:
        return None
    return EventDate(value=dated[0], precision=dated[1], text=None, basis="publication")
