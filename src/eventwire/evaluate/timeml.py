"""TimeML (TimeBank / AQUAINT, TempEval-3 task A) scored the TempEval-3 way.

Every ``*.tml`` file under the path is one document. Its creation time (the TIMEX3 with
``functionInDocument="CREATION_TIME"``) is the publication date; eventwire runs on the plain text of the
TEXT element, and its expressions are compared with the TIMEX3s in that element:

- span, relaxed: a found and a gold expression match when they overlap (each used at most once, the larger
  overlap first); precision, recall and F1;
- span, strict: the same with identical boundaries; F1;
- type: accuracy over the relaxed matches (and F1: matches with the right type over found and gold);
- value: F1 of relaxed matches whose values agree (TempEval-3's "value F1": precision over everything found,
  recall over all gold).

Gold TIMEX3s with no text (non-consuming tags) cannot be found in the text and are not counted.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.config import Settings
from eventwire.errors import ConfigError, InputError
from eventwire.temporal import find_time_expressions


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass
class TimeMLDocument:
    path: Path
    dct: str | None
    text: str
    timexes: list[GoldTimex] = field(default_factory=list)


def read_timeml(path: Path) -> TimeMLDocument:
    """The creation time, the TEXT element's plain text, and its TIMEX3s with offsets into that text.

    Raises:
        InputError: the file is not XML or has no TEXT element.
    """
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(str(path), f"not well-formed XML ({exc})") from exc
    dct = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = timex.get("value")
            break
    text_element = root.find("TEXT")
    if text_element is None:
        raise InputError(str(path), "no TEXT element")
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    length = 0

    def walk(element: ET.Element) -> None:
        nonlocal length
        start = length
        if element.text:
            parts.append(element.text)
            length += len(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)
        if element.tag == "TIMEX3" and length > start:
            covered = "".join(parts)[start:length]
            timexes.append(GoldTimex(start, length, element.get("type", ""), element.get("value", ""), covered))

    walk(text_element)
    return TimeMLDocument(path, dct, "".join(parts), sorted(timexes, key=lambda t: t.start))


def _match(gold: list[tuple[int, int]], found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, found index) of overlapping spans, largest overlap first."""
    pairs = []
    for gi, (gs, ge) in enumerate(gold):
        for fi, (fs, fe) in enumerate(found):
            overlap = min(ge, fe) - max(gs, fs)
            if overlap > 0:
                pairs.append((overlap, gi, fi))
    used_gold: set[int] = set()
    used_found: set[int] = set()
    out = []
    for _, gi, fi in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if gi not in used_gold and fi not in used_found:
            used_gold.add(gi)
            used_found.add(fi)
            out.append((gi, fi))
    return out


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(path: Path, settings: Settings) -> dict[str, Any]:
    """Score eventwire's temporal expressions on the TimeML files under ``path``."""
    files = sorted(path.rglob("*.tml")) if path.is_dir() else [path]
    if not files:
        raise ConfigError(f"{path}: no *.tml files (expected TimeML documents, e.g. TimeBank or AQUAINT)")
    gold_total = found_total = relaxed = strict = typed = valued = 0
    started = time.perf_counter()
    for file in files:
        doc = read_timeml(file)
        found = find_time_expressions(doc.text, doc.dct, day_first=settings.day_first)
        pairs = _match([(g.start, g.end) for g in doc.timexes], [(f.start, f.end) for f in found])
        gold_total += len(doc.timexes)
        found_total += len(found)
        relaxed += len(pairs)
        for gi, fi in pairs:
            gold, mine = doc.timexes[gi], found[fi]
            strict += (gold.start, gold.end) == (mine.start, mine.end)
            typed += gold.type == mine.type
            valued += gold.value == mine.value
    elapsed = time.perf_counter() - started
    p = relaxed / found_total if found_total else 0.0
    r = relaxed / gold_total if gold_total else 0.0
    strict_p = strict / found_total if found_total else 0.0
    strict_r = strict / gold_total if gold_total else 0.0
    value_p = valued / found_total if found_total else 0.0
    value_r = valued / gold_total if gold_total else 0.0
    type_p = typed / found_total if found_total else 0.0
    type_r = typed / gold_total if gold_total else 0.0
    return {
        "set": "timeml",
        "documents": len(files),
        "gold": gold_total,
        "predicted": found_total,
        "span_relaxed_p": p,
        "span_relaxed_r": r,
        "span_relaxed_f1": _f1(p, r),
        "span_strict_p": strict_p,
        "span_strict_r": strict_r,
        "span_strict_f1": _f1(strict_p, strict_r),
        "type_accuracy": typed / relaxed if relaxed else 0.0,
        "type_f1": _f1(type_p, type_r),
        "value_accuracy": valued / relaxed if relaxed else 0.0,
        "value_p": value_p,
        "value_r": value_r,
        "value_f1": _f1(value_p, value_r),
        "seconds": round(elapsed, 2),
    }
