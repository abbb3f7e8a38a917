"""PLOVER source/target sentences (``plv_train.tsv``): ``eventwire eval plv FILE``.

The file is a tab-separated table with an unnamed, empty index column first; the columns used are
``sentence_id``, ``sentence``, ``marked_sentence`` and ``gold_root``. Each row is one source/target pair of one
sentence: ``marked_sentence`` is ``sentence`` with the source wrapped in ``<s>…</s>`` and the target in
``<t>…</t>``. Every mention of the actor is marked, so a role may have several marks ("… to <t>Ukraine</t> …
upon <t>Ukraine</t>'s …"), and marks may nest ("<s><t>Iraqi</t> fighters</s>"). The marks are stripped with
their offsets kept, which gives the character spans of each role in the plain sentence (whitespace inside a
mark is trimmed off its span). A row whose stripped marked sentence is not its ``sentence``, or whose tags do
not pair up, is listed under ``mark_mismatches``; it is still scored for type, and counts as a dyad miss.

Each distinct sentence is coded once, with no publication date, and every row of it is scored against that
one coding. Only events that are not negated count.

- type accuracy: the share of rows for which some event of the sentence has the gold type (``gold_root``, a
  PLOVER 2021 name, except ``YIELD``, which PLOVER 2021 splits into CONCEDE and RETREAT: an emitted CONCEDE or
  RETREAT matches gold YIELD);
- dyad accuracy: the share of rows for which some event of the gold type has its source span overlapping a
  ``<s>`` span and its target span overlapping a ``<t>`` span (any shared character; an event whose side is
  null overlaps nothing). A row with no mark for a role (the ``source``/``target`` column then holds the
  placeholder "An actor" / "a recipient") is checked on the other role only; ``unmarked_roles`` counts them;
- the confusion table: gold type -> the type emitted (the matching type on a hit, so gold YIELD shows
  CONCEDE or RETREAT; else the sentence's first event's type; ``NONE`` when it has no event);
- per gold type: rows, type accuracy, dyad accuracy; the number of sentences and events per sentence;
  up to 40 misses (rows failing type or dyad);
- ``confidence``: the reliability of the events' confidence (``evaluate/calibration.py``), an event being right
  when some row of its sentence has its type and its dyad.

The file carries no licence. It is for measuring and tuning only: nothing trained or derived from it ships.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.config import Settings
from eventwire.document import ActorRef, Article, Event
from eventwire.errors import ConfigError, EventwireError
from eventwire.evaluate.calibration import reliability

ACCEPTED_TYPES = {"YIELD": frozenset({"YIELD", "CONCEDE", "RETREAT"})}
"""Gold type -> the emitted types that match it (a type not listed matches only itself)."""

PLACEHOLDERS = {"source": "An actor", "target": "a recipient"}
"""What the source/target columns hold when the sentence names no actor in that role."""

MAX_MISSES = 40

_TAG = re.compile(r"<(/?)([st])>")

Span = tuple[int, int]


@dataclass(frozen=True)
class Marks:
    """The plain sentence and the spans of its ``<s>`` and ``<t>`` marks, as character offsets into it."""

    text: str
    source: tuple[Span, ...]
    target: tuple[Span, ...]


def strip_marks(marked: str) -> Marks:
    """Remove the ``<s>``/``<t>`` tags from ``marked``, keeping each mark's span in the stripped text.

    Raises:
        ValueError: a tag is closed that is not open, or one is left open.
    """
    spans: dict[str, list[Span]] = {"s": [], "t": []}
    opened: dict[str, int | None] = {"s": None, "t": None}
    parts: list[str] = []
    length = last = 0
    for match in _TAG.finditer(marked):
        parts.append(marked[last:match.start()])
        length += match.start() - last
        last = match.end()
        closing, role = match.group(1) == "/", match.group(2)
        start = opened[role]
        if closing:
            if start is None:
                raise ValueError(f"</{role}> at offset {match.start()} closes no <{role}>")
            spans[role].append((start, length))
            opened[role] = None
        elif start is not None:
            raise ValueError(f"<{role}> at offset {match.start()} inside another <{role}>")
        else:
            opened[role] = length
    for role, start in opened.items():
        if start is not None:
            raise ValueError(f"<{role}> is never closed")
    parts.append(marked[last:])
    text = "".join(parts)
    return Marks(text, _trimmed(text, spans["s"]), _trimmed(text, spans["t"]))


def _trimmed(text: str, spans: list[Span]) -> tuple[Span, ...]:
    out = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return tuple(out)


def type_matches(gold: str, emitted: str | None) -> bool:
    return emitted is not None and emitted in ACCEPTED_TYPES.get(gold, frozenset({gold}))


def overlaps(ref: ActorRef | None, spans: tuple[Span, ...]) -> bool:
    """Whether the actor's span shares a character with one of ``spans`` (a null actor overlaps nothing)."""
    if ref is None:
        return False
    return any(ref.start < end and start < ref.end for start, end in spans)


def dyad_matches(event: Event, marks: Marks) -> bool:
    """Source over an ``<s>`` mark and target over a ``<t>`` mark; a role the row does not mark is not checked."""
    return (not marks.source or overlaps(event.source, marks.source)) and \
        (not marks.target or overlaps(event.target, marks.target))


def event_right(event: Event, rows: list[tuple[str, Marks | None]]) -> bool:
    """An event is right when some row of its sentence has its type and its dyad (the row's marks)."""
    return any(type_matches(gold, event.plover.event_type) and marks is not None and dyad_matches(event, marks)
               for gold, marks in rows)


def score_row(gold: str, events: list[Event], marks: Marks | None) -> tuple[bool, bool, str]:
    """(type hit, dyad hit, the type for the confusion table) for one row against its sentence's events."""
    typed = [e for e in events if e.modality != "negated" and type_matches(gold, e.plover.event_type)]
    dyad_ok = marks is not None and any(dyad_matches(e, marks) for e in typed)
    if typed:
        return True, dyad_ok, str(typed[0].plover.event_type)
    first = next((e.plover.event_type for e in events if e.modality != "negated" and e.plover.event_type), None)
    return False, False, first or "NONE"


def read_rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ConfigError(f"{path}: cannot read the PLOVER sentence table ({exc})") from exc
    needed = {"sentence_id", "sentence", "marked_sentence", "gold_root"}
    if not rows or not needed <= set(rows[0]):
        raise ConfigError(f"{path}: not a PLOVER sentence table (needs the columns {', '.join(sorted(needed))})")
    return rows


def _describe(event: Event) -> str:
    source = event.source.text if event.source else "-"
    target = event.target.text if event.target else "-"
    return f"{event.cameo}:{event.plover.event_type} {source}->{target}"


def _mark_texts(marks: Marks | None, role: str) -> list[str]:
    if marks is None:
        return []
    return [marks.text[a:b] for a, b in (marks.source if role == "source" else marks.target)]


def evaluate(path: Path, settings: Settings) -> dict[str, Any]:
    from eventwire.pipeline import make_pipeline

    rows = read_rows(path)
    marks: list[Marks | None] = []
    mismatches: list[dict[str, Any]] = []
    disagreements: list[dict[str, Any]] = []
    unmarked: Counter[str] = Counter()
    for i, row in enumerate(rows):
        try:
            mark = strip_marks(row["marked_sentence"])
            if mark.text != row["sentence"]:
                raise ValueError("the marked sentence without its tags is not the sentence")
        except ValueError as exc:
            mismatches.append({"row": i, "sentence_id": row["sentence_id"], "reason": str(exc)})
            marks.append(None)
            continue
        marks.append(mark)
        for role in ("source", "target"):
            texts = _mark_texts(mark, role)
            column = (row.get(role) or "").strip()
            if not texts:
                unmarked[role] += 1
            if (texts and column not in texts) or (not texts and column != PLACEHOLDERS[role]):
                disagreements.append({"row": i, "sentence_id": row["sentence_id"], "role": role,
                                      "column": column, "marked": texts})

    sentences = list(dict.fromkeys(row["sentence"] for row in rows))
    index = {sentence: k for k, sentence in enumerate(sentences)}
    articles = [Article(id=f"plv-{k}", text=sentence) for k, sentence in enumerate(sentences)]
    pipeline = make_pipeline(settings)
    coded: dict[str, list[Event]] = {}
    errors: list[str] = []
    for article, doc in zip(articles, pipeline.pipe(articles), strict=True):
        if isinstance(doc, EventwireError):
            errors.append(f"{article.id}: {doc}")
            coded[article.id] = []
            continue
        coded[article.id] = [e for e in doc.events if e.modality != "negated"]

    type_hits = dyad_hits = 0
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    per_type: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[dict[str, Any]] = []
    for i, (row, row_marks) in enumerate(zip(rows, marks, strict=True)):
        gold = row["gold_root"].strip().upper()
        events = coded[f"plv-{index[row['sentence']]}"]
        type_ok, dyad_ok, shown = score_row(gold, events, row_marks)
        type_hits += type_ok
        dyad_hits += dyad_ok
        confusion[gold][shown] += 1
        per_type[gold].update({"n": 1, "type": type_ok, "dyad": dyad_ok})
        if not (type_ok and dyad_ok) and len(misses) < MAX_MISSES:
            misses.append({"row": i, "sentence_id": row["sentence_id"], "gold": gold,
                           "source": _mark_texts(row_marks, "source"), "target": _mark_texts(row_marks, "target"),
                           "emitted": [_describe(e) for e in events], "sentence": row["sentence"][:160]})
    by_sentence: dict[str, list[tuple[str, Marks | None]]] = defaultdict(list)
    for row, row_marks in zip(rows, marks, strict=True):
        by_sentence[f"plv-{index[row['sentence']]}"].append((row["gold_root"].strip().upper(), row_marks))
    judged = [(e.confidence, event_right(e, by_sentence[key])) for key, events in coded.items() for e in events]
    n = len(rows)
    n_events = sum(len(v) for v in coded.values())
    return {
        "set": "plv", "rows": n, "sentences": len(sentences),
        "type_accuracy": round(type_hits / n, 4) if n else 0.0,
        "dyad_accuracy": round(dyad_hits / n, 4) if n else 0.0,
        "events_per_sentence": round(n_events / len(sentences), 3) if sentences else 0.0,
        "sentences_by_event_count": dict(sorted(Counter(len(v) for v in coded.values()).items())),
        "per_type": {gold: {"n": c["n"], "type_accuracy": round(c["type"] / c["n"], 4),
                            "dyad_accuracy": round(c["dyad"] / c["n"], 4)} for gold, c in sorted(per_type.items())},
        "confusion": {gold: dict(row.most_common()) for gold, row in sorted(confusion.items())},
        "confidence": reliability(judged),
        "unmarked_roles": dict(unmarked),
        "mark_mismatches": mismatches,
        "column_disagreements": disagreements,
        "errors": errors,
        "misses": misses,
    }
