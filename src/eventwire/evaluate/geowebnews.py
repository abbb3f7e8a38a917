"""Score the geoparser on a GeoWebNews folder (brat ``.txt``/``.ann`` pairs): ``eventwire eval geowebnews DIR``.

Which gold entities count as toponyms follows the GeoWebNews paper's taxonomy (Gritta, Pilehvar and
Collier, "A pragmatic guide to geoparsing evaluation", LRE 2020):

- counted: the *literal* types (``Literal``, ``Mixed``, ``Coercion``, ``Literal_Modifier``) and the
  *associative* types that still point at a place (``Metonymic``: "Moscow said"; ``Non_Literal_Modifier``:
  "the Turkish president", "UK officials"; ``Demonym``: "Syrians"); eventwire lists demonyms as places of
  kind ``demonym``, so they are in scope;
- neutral (neither credited nor penalised): toponyms embedded in a longer name (``Embedded_Literal``,
  ``Embedded_Non_Lit``: "Zimbabwe" in "Zimbabwe Electoral Commission"; eventwire reports the organisation,
  through the actor stage, not a place inside its name), and the associative types that do not refer to a
  place at all (``Homonym``: a person named like a town; ``Language``);
- not toponyms: ``Literal_Expression``, ``Non_Lit_Expression`` (common nouns such as "the province") and
  ``Non_Toponym``; a predicted place on one of these is a false positive.

Metrics: span recall and precision (exact character offsets; ``*_overlap`` variants credit any overlap);
recall per gold type; and geocoding for the counted gold toponyms that the geoparser found (a prediction
overlapping the gold span), scored as the published GeoWebNews results are: the distance between the
predicted point and the gold point, as accuracy within 161 km (100 miles), mean and median error in km. The
gold point is the one ``gold.jsonl`` gives the toponym (GeoWebNews carries one for every toponym: the point
GeoNames gives the annotated id, or the annotator's "lat, lon"); without ``gold.jsonl``, the "lat, lon" note
of the ``.ann`` file. A found toponym left unresolved counts as a miss for accuracy and is not in the means.

A second figure (``*_by_id``) scores the same output against the point eventwire's own gazetteer gives the
gold GeoNames id, for the toponyms annotated with an id the gazetteer has (``gold_ids_not_found`` counts the
ids it lacks: airports, rivers, buildings, …). It tells a wrong place from a right place with a wrong point
in the gazetteer, but it is not the published metric.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from eventwire.config import Settings
from eventwire.document import Article, Document, Place
from eventwire.errors import ConfigError

COUNTED_TYPES = frozenset({"Literal", "Mixed", "Coercion", "Literal_Modifier", "Metonymic", "Non_Literal_Modifier",
                           "Demonym"})
NEUTRAL_TYPES = frozenset({"Embedded_Literal", "Embedded_Non_Lit", "Homonym", "Language"})
ACC_KM = 161.0


@dataclass(frozen=True)
class GoldToponym:
    doc: str
    type: str
    start: int
    end: int
    text: str
    geonameid: int | None
    point: tuple[float, float] | None  # the gold point: gold.jsonl's, else a "lat, lon" note


def read_brat(ann: Path) -> list[GoldToponym]:
    """The entities of one ``.ann`` file with their AnnotatorNotes (GeoNames id or "lat, lon")."""
    spans: dict[str, tuple[str, int, int, str]] = {}
    notes: dict[str, str] = {}
    for number, line in enumerate(ann.read_text(encoding="utf-8").splitlines(), start=1):
        cells = line.split("\t")
        if not line.strip():
            continue
        try:
            if cells[0].startswith("T"):
                kind, first, last = cells[1].split(" ")[:3]
                spans[cells[0]] = (kind, int(first), int(last), cells[2])
            elif cells[0].startswith("#"):
                notes[cells[1].split(" ")[1]] = cells[2].strip()
        except (IndexError, ValueError) as exc:
            raise ConfigError(f"{ann}:{number}: not a brat annotation line: {line!r}") from exc
    gold = []
    for tid, (kind, start, end, text) in spans.items():
        note = notes.get(tid, "")
        geonameid: int | None = None
        point: tuple[float, float] | None = None
        if note.isdigit():
            geonameid = int(note)
        elif "," in note:
            try:
                lat, lon = (float(x) for x in note.split(",")[:2])
                point = (lat, lon)
            except ValueError:
                point = None
        gold.append(GoldToponym(ann.stem, kind, start, end, text, geonameid, point))
    return gold


def read_gold_points(path: Path) -> dict[tuple[str, int, int], tuple[float, float]]:
    """(document, start, end) -> gold (lat, lon) from a GeoWebNews ``gold.jsonl`` (one document a line:
    ``{"id", "toponyms": [{"start", "end", "lat", "lon", ...}]}``).

    Raises:
        ConfigError: a line is not such a record.
    """
    points: dict[tuple[str, int, int], tuple[float, float]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            for toponym in record["toponyms"]:
                if toponym.get("lat") is not None and toponym.get("lon") is not None:
                    key = (str(record["id"]), int(toponym["start"]), int(toponym["end"]))
                    points[key] = (float(toponym["lat"]), float(toponym["lon"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}:{number}: not a GeoWebNews gold record: {exc}") from exc
    return points


def with_gold_points(gold: list[GoldToponym], points: dict[tuple[str, int, int], tuple[float, float]]
                     ) -> list[GoldToponym]:
    """The gold toponyms with the point of ``gold.jsonl`` where it has one for the span."""
    return [replace(g, point=points.get((g.doc, g.start, g.end), g.point)) for g in gold]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _gazetteer_points(ids: set[int]) -> dict[int, tuple[float, float]]:
    from eventwire.geo.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    points: dict[int, tuple[float, float]] = {}
    for gid in ids:
        entry = gazetteer.get(gid)
        if entry is not None and entry.lat is not None and entry.lon is not None:
            points[gid] = (entry.lat, entry.lon)
    return points


def geoparse_folder(path: Path, settings: Settings) -> dict[str, list[Place]]:
    """Parse and geoparse every ``.txt`` of a folder; returns file stem -> places of the body.

    GeoWebNews annotates the body only: its first line ("TITLE: … LINK: …") carries no annotation, so
    places found there are left out rather than counted as false positives. The link is the article's URL,
    as an ingested article carries it (its country-code domain is context for the geoparser).
    """
    from eventwire.geo import make_geoparser
    from eventwire.parse import Parser

    parser = Parser(settings.model)
    geoparser = make_geoparser(settings)
    texts = sorted(path.glob("*.txt"))
    docs = []
    for t in texts:
        text = t.read_text(encoding="utf-8")
        link = re.search(r"LINK: (\S+)", text.split("\n", 1)[0])  # the story's own URL, as a user's record has
        docs.append(Document(Article(id=t.stem, text=text, url=link.group(1) if link else None)))
    out: dict[str, list[Place]] = {}
    for doc in parser.pipe(docs):
        body = doc.text.find("\n") + 1
        out[doc.id] = [p for p in geoparser(doc).places if p.start >= body]
    return out


def _errors_summary(errors: list[float], scored: int, correct: int, suffix: str = "") -> dict[str, Any]:
    return {
        f"acc_161km{suffix}": round(correct / scored, 4) if scored else None,
        f"mean_error_km{suffix}": round(statistics.fmean(errors), 1) if errors else None,
        f"median_error_km{suffix}": round(statistics.median(errors), 1) if errors else None,
    }


def score(gold: list[GoldToponym], predicted: dict[str, list[Place]],
          points: dict[int, tuple[float, float]]) -> dict[str, Any]:
    """The metrics for gold toponyms against predicted places (pure; see the module docstring).

    ``points``: GeoNames id -> the gazetteer's point, for the second, id-based figure only.
    """
    from eventwire.geo.geoparse import haversine_km

    counted = [g for g in gold if g.type in COUNTED_TYPES]
    by_doc: dict[str, list[GoldToponym]] = {}
    for g in gold:
        by_doc.setdefault(g.doc, []).append(g)
    exact_hits = overlap_hits = 0
    found_by_type: Counter[str] = Counter()
    errors: list[float] = []
    id_errors: list[float] = []
    scored = correct = unresolved = with_id = with_point = 0
    id_scored = id_correct = 0
    for g in counted:
        places = predicted.get(g.doc, [])
        exact = next((p for p in places if (p.start, p.end) == (g.start, g.end)), None)
        overlapping = sorted(places, key=lambda p: -_overlap((p.start, p.end), (g.start, g.end)))
        best = exact or (overlapping[0] if overlapping and _overlap((overlapping[0].start, overlapping[0].end),
                                                                    (g.start, g.end)) else None)
        exact_hits += exact is not None
        overlap_hits += best is not None
        found_by_type[g.type] += exact is not None
        with_id += g.geonameid is not None
        with_point += g.point is not None
        if best is None:
            continue
        resolved = best.lat is not None and best.lon is not None
        if g.point is not None:
            scored += 1
            if not resolved:
                unresolved += 1
            else:
                error = haversine_km(*g.point, best.lat, best.lon)  # type: ignore[arg-type]
                errors.append(error)
                correct += error <= ACC_KM
        if g.geonameid is not None and g.geonameid in points:
            id_scored += 1
            if resolved:
                error = haversine_km(*points[g.geonameid], best.lat, best.lon)  # type: ignore[arg-type]
                id_errors.append(error)
                id_correct += error <= ACC_KM
    n_pred = exact_pred = overlap_pred = 0
    for doc, places in predicted.items():
        spans = [(g.start, g.end, g.type) for g in by_doc.get(doc, [])]
        for p in places:
            neutral = any((s, e) == (p.start, p.end) and t in NEUTRAL_TYPES for s, e, t in spans)
            if neutral:
                continue
            n_pred += 1
            exact_pred += any((s, e) == (p.start, p.end) and t in COUNTED_TYPES for s, e, t in spans)
            overlap_pred += any(_overlap((s, e), (p.start, p.end)) and t in COUNTED_TYPES for s, e, t in spans)
    types = Counter(g.type for g in counted)
    gold_ids = {g.geonameid for g in counted if g.geonameid is not None}
    return {
        "documents": len(predicted),
        "gold_toponyms": len(counted),
        "predicted_places": n_pred,
        "span_recall": round(exact_hits / len(counted), 4) if counted else None,
        "span_precision": round(exact_pred / n_pred, 4) if n_pred else None,
        "span_recall_overlap": round(overlap_hits / len(counted), 4) if counted else None,
        "span_precision_overlap": round(overlap_pred / n_pred, 4) if n_pred else None,
        "gold_with_point": with_point,
        "scored_with_coords": scored,
        "scored_unresolved": unresolved,
        **_errors_summary(errors, scored, correct),
        "gold_with_geonameid": with_id,
        "gold_ids_not_found": len(gold_ids - set(points)),
        "scored_by_id": id_scored,
        **_errors_summary(id_errors, id_scored, id_correct, "_by_id"),
        "recall_by_type": {t: round(found_by_type[t] / n, 3) for t, n in sorted(types.items())},
    }


def evaluate(path: Path, settings: Settings) -> dict[str, Any]:
    """Score the geoparser on a GeoWebNews-style folder of brat ``.txt``/``.ann`` pairs.

    Raises:
        ConfigError: the folder has no ``.ann`` files or one is malformed.
    """
    anns = sorted(Path(path).glob("*.ann"))
    if not anns:
        raise ConfigError(f"{path}: no brat .ann files; expected a GeoWebNews folder of .txt/.ann pairs")
    gold = [g for ann in anns for g in read_brat(ann)]
    jsonl = Path(path) / "gold.jsonl"
    if jsonl.exists():
        gold = with_gold_points(gold, read_gold_points(jsonl))
    predicted = geoparse_folder(Path(path), settings)
    ids = {g.geonameid for g in gold if g.geonameid is not None and g.type in COUNTED_TYPES}
    return score(gold, predicted, _gazetteer_points(ids))
