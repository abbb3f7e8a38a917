"""News event gold (``lgl_gold_dev.json``): ``eventwire eval news FILE``.

The gold file (``{"notes": …, "articles": [...]}``, see ``shared/data/news/README.md`` and its ``notes``) lists,
per LGL article, the ``required`` events (every clear political or security event) and the ``optional`` ones (a
reasonable coder may emit them; they do not count against precision). The texts are in the LGL corpus,
``<gold folder>/../corpus/lgl_news.jsonl`` unless ``corpus`` says otherwise, matched by ``docid`` = the record's
``id``; each article is coded from the record's ``text`` with the gold's ``published`` as its publication date.

An emitted (non-negated) event matches a pattern when every constraint the pattern states holds:

- ``roots``: the event's two-digit CAMEO root (``cameo[:2]``) is one of them;
- ``source`` / ``target``: ``null`` is no constraint; otherwise a list of alternatives, one of which the
  event's actor must fit: the actor exists, its ``country`` equals the alternative's ``country`` and, when the
  alternative gives ``sectors``, one of the actor's sectors is among them. The notes and README define
  ``country`` as ISO-3 *or null*; null is read literally: the actor must have no country (an IGO, an NGO, an
  unplaced group). An alternative without a ``country`` key constrains the sectors only. (The development set
  uses neither form.) With ``symmetric`` true the event may match with source and target swapped;
- ``date`` (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) with ``tol_days`` (0 when absent): the pattern's period (the
  day, the month, the year) widened by ``tol_days`` on each side must contain the whole of the event's date
  (its day; a month- or year-precision date must lie wholly inside the window, so "March 2009" does not match
  a pattern for 2009-03-08);
- ``loc`` ``{lat, lon, km}``: the event's place has coordinates within ``km`` (great-circle distance);
- ``killed`` / ``injured``: the event's count equals the pattern's.

Strict: an event lacking a field the pattern constrains (no actor, no date, a place without coordinates, no
casualty count) does not match it.

- recall: required patterns matched by at least one emitted event, over all required patterns;
- precision: emitted events matching at least one required or optional pattern, over all emitted events;
- F1 of the two; ``lenient_*``: the same with only roots and actors checked (dates, places, counts ignored);
- per article: required, matched, emitted, the unmatched required patterns by ``id`` (each with the events of
  an accepted root and why they failed), the unmatched emitted events (cameo, source and target codes,
  evidence), and the events emitted per article;
- ``confidence``: the reliability of the events' confidence (``evaluate/calibration.py``), an event being right
  when it matches a required or optional pattern on root and actors (``confidence_strict``: on every field).
"""

from __future__ import annotations

import json
import math
from calendar import monthrange
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from eventwire.config import Settings
from eventwire.document import ActorRef, Article, Event
from eventwire.errors import ConfigError, EventwireError
from eventwire.evaluate import read_jsonl
from eventwire.evaluate.calibration import reliability

NEAR_MISSES = 5


def corpus_path(gold: Path) -> Path:
    """Where the LGL texts are, relative to the gold file: ``<gold>/../../corpus/lgl_news.jsonl``."""
    return gold.resolve().parent.parent / "corpus" / "lgl_news.jsonl"


def period(value: str) -> tuple[date, date]:
    """The first and last day of ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

    Raises:
        ValueError: ``value`` is none of these.
    """
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return day, day
    if len(parts) == 2:
        year, month = parts
        return date(year, month, 1), date(year, month, monthrange(year, month)[1])
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    raise ValueError(f"not a date: {value!r}")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def actor_fits(ref: ActorRef | None, alternatives: list[dict[str, Any]] | None) -> bool:
    """Whether the actor fits one of the pattern's alternatives (``None``: no constraint)."""
    if alternatives is None:
        return True
    if ref is None:
        return False
    for alt in alternatives:
        if "country" in alt and (ref.country or None) != alt["country"]:
            continue
        sectors = alt.get("sectors")
        if sectors and not set(ref.sectors) & set(sectors):
            continue
        return True
    return False


def _actors_fail(event: Event, pattern: dict[str, Any]) -> str | None:
    source, target = pattern.get("source"), pattern.get("target")
    if actor_fits(event.source, source) and actor_fits(event.target, target):
        return None
    if pattern.get("symmetric") and actor_fits(event.target, source) and actor_fits(event.source, target):
        return None
    return f"actors {_code(event.source)}->{_code(event.target)} fit no {_alts(source)}->{_alts(target)}"


def _alts(alternatives: list[dict[str, Any]] | None) -> str:
    if alternatives is None:
        return "*"
    return "|".join(f"{a.get('country', '*')}{'/' + ','.join(a['sectors']) if a.get('sectors') else ''}"
                    for a in alternatives)


def _code(ref: ActorRef | None) -> str:
    if ref is None:
        return "-"
    return ref.code or (ref.country or "?") + "".join(ref.sectors)


def failures(event: Event, pattern: dict[str, Any], *, lenient: bool = False) -> list[str]:
    """Why ``event`` does not match ``pattern`` (empty: it matches). ``lenient`` checks roots and actors only."""
    reasons: list[str] = []
    root = event.cameo[:2]
    if root not in pattern.get("roots", []):
        reasons.append(f"root {root} not in {','.join(pattern.get('roots', []))}")
    if (why := _actors_fail(event, pattern)) is not None:
        reasons.append(why)
    if lenient:
        return reasons
    if pattern.get("date"):
        tol = timedelta(days=int(pattern.get("tol_days") or 0))
        low, high = period(str(pattern["date"]))
        if event.date is None:
            reasons.append(f"no date (gold {pattern['date']})")
        else:
            try:
                first, last = period(event.date.value[:10])
            except ValueError:
                reasons.append(f"date {event.date.value!r} unreadable")
            else:
                if not (low - tol <= first and last <= high + tol):
                    reasons.append(f"date {event.date.value} not in {pattern['date']}±{tol.days}d")
    if loc := pattern.get("loc"):
        place = event.location
        if place is None or place.lat is None or place.lon is None:
            reasons.append("no place with coordinates")
        else:
            km = haversine_km(place.lat, place.lon, float(loc["lat"]), float(loc["lon"]))
            if km > float(loc["km"]):
                reasons.append(f"place {place.text} {km:.0f} km away (> {loc['km']})")
    for field in ("killed", "injured"):
        if pattern.get(field) is not None:
            count = getattr(event.casualties, field)
            if count != pattern[field]:
                reasons.append(f"{field} {count} != {pattern[field]}")
    return reasons


def matches(event: Event, pattern: dict[str, Any], *, lenient: bool = False) -> bool:
    return not failures(event, pattern, lenient=lenient)


def _describe(event: Event) -> dict[str, Any]:
    return {"cameo": event.cameo, "source": _code(event.source), "target": _code(event.target),
            "date": event.date.value if event.date else None,
            "place": event.location.text if event.location else None, "evidence": event.evidence.text[:100]}


def event_right(event: Event, record: dict[str, Any], *, lenient: bool = True) -> bool:
    """An event is right when it matches one of the article's required or optional patterns (``lenient``: on
    root and actors only, the judgement ``confidence`` is calibrated on; its date and place have their own
    evidence fields)."""
    patterns = (record.get("required") or []) + (record.get("optional") or [])
    return any(matches(event, p, lenient=lenient) for p in patterns)


def score(gold: list[dict[str, Any]], emitted: dict[str, list[Event]]) -> dict[str, Any]:
    """Recall, precision and F1 (strict and lenient) and per-article rows, for ``emitted`` events by docid."""
    totals = {"required": 0, "matched": 0, "lenient_matched": 0, "emitted": 0, "emitted_matched": 0,
              "lenient_emitted_matched": 0}
    articles: list[dict[str, Any]] = []
    judged: list[tuple[float, bool]] = []
    judged_strict: list[tuple[float, bool]] = []
    for record in gold:
        events = [e for e in emitted.get(record["docid"], []) if e.modality != "negated"]
        judged.extend((e.confidence, event_right(e, record)) for e in events)
        judged_strict.extend((e.confidence, event_right(e, record, lenient=False)) for e in events)
        required, optional = record.get("required") or [], record.get("optional") or []
        unmatched_required = []
        matched = lenient_matched = 0
        for pattern in required:
            if any(matches(e, pattern) for e in events):
                matched += 1
            else:
                near = [{"event": f"{e.cameo} {_code(e.source)}->{_code(e.target)}", "failed": failures(e, pattern)}
                        for e in events if e.cameo[:2] in pattern.get("roots", [])]
                unmatched_required.append({"id": pattern.get("id"), "near_misses": near[:NEAR_MISSES]})
            lenient_matched += any(matches(e, pattern, lenient=True) for e in events)
        good = [e for e in events if any(matches(e, p) for p in required + optional)]
        lenient_good = sum(any(matches(e, p, lenient=True) for p in required + optional) for e in events)
        good_ids = {id(e) for e in good}
        totals["required"] += len(required)
        totals["matched"] += matched
        totals["lenient_matched"] += lenient_matched
        totals["emitted"] += len(events)
        totals["emitted_matched"] += len(good)
        totals["lenient_emitted_matched"] += lenient_good
        articles.append({"docid": record["docid"], "title": record.get("title"), "required": len(required),
                         "matched": matched, "emitted": len(events), "emitted_matched": len(good),
                         "unmatched_required": unmatched_required,
                         "unmatched_emitted": [_describe(e) for e in events if id(e) not in good_ids]})

    def ratio(a: int, b: int) -> float:
        return round(a / b, 4) if b else 0.0

    def f1(p: float, r: float) -> float:
        return round(2 * p * r / (p + r), 4) if p + r else 0.0

    recall = ratio(totals["matched"], totals["required"])
    precision = ratio(totals["emitted_matched"], totals["emitted"])
    lenient_recall = ratio(totals["lenient_matched"], totals["required"])
    lenient_precision = ratio(totals["lenient_emitted_matched"], totals["emitted"])
    return {
        "articles": len(gold), **totals,
        "recall": recall, "precision": precision, "f1": f1(precision, recall),
        "lenient_recall": lenient_recall, "lenient_precision": lenient_precision,
        "lenient_f1": f1(lenient_precision, lenient_recall),
        "confidence": reliability(judged), "confidence_strict": reliability(judged_strict),
        "events_per_article": {a["docid"]: a["emitted"] for a in articles},
        "unmatched_required": [f"{a['docid']}: {u['id']}" for a in articles for u in a["unmatched_required"]],
        "per_article": articles,
    }


def read_gold(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the news gold file ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: not a JSON gold file ({exc.msg} on line {exc.lineno})") from exc
    articles = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(articles, list) or not all(isinstance(a, dict) and "docid" in a for a in articles):
        raise ConfigError(f"{path}: not a news gold file (needs an 'articles' list of records with a 'docid')")
    for record in articles:
        for pattern in (record.get("required") or []) + (record.get("optional") or []):
            if pattern.get("date"):
                try:
                    period(str(pattern["date"]))
                except ValueError as exc:
                    raise ConfigError(f"{path}: {record['docid']}: pattern {pattern.get('id')!r} has a date "
                                      f"{pattern['date']!r} that is not YYYY-MM-DD, YYYY-MM or YYYY") from exc
    return articles


def read_texts(corpus: Path, docids: set[str]) -> dict[str, dict[str, Any]]:
    if not corpus.is_file():
        raise ConfigError(f"{corpus}: the LGL corpus is not there (give its path as corpus=)")
    found: dict[str, dict[str, Any]] = {}
    for _, record in read_jsonl(corpus):
        if isinstance(record, dict) and record.get("id") in docids:
            found[record["id"]] = record
    missing = sorted(docids - set(found))
    if missing:
        raise ConfigError(f"{corpus}: has no text for the gold articles {', '.join(missing)}")
    return found


def evaluate(path: Path, settings: Settings, corpus: Path | None = None) -> dict[str, Any]:
    from eventwire.pipeline import make_pipeline

    gold = read_gold(path)
    texts = read_texts(corpus or corpus_path(path), {r["docid"] for r in gold})
    articles = [Article(id=r["docid"], text=texts[r["docid"]]["text"], title=texts[r["docid"]].get("title"),
                        published=r.get("published")) for r in gold]
    emitted: dict[str, list[Event]] = {}
    errors: list[str] = []
    for doc in make_pipeline(settings).pipe(articles):
        if isinstance(doc, EventwireError):
            errors.append(str(doc))
            continue
        emitted[doc.id] = list(doc.events)
    return {"set": "news", **score(gold, emitted), "errors": errors}
