"""Score actor resolution on PLOVER gold records (``eventwire eval actors gsr_dev.jsonl``).

Every gold record's ``source`` and ``target`` actors (lists of ``{"actorText", "code", "sector"?}``, or an empty
value) are resolved with :meth:`ActorKB.resolve` on the record's ``date`` and compared with the gold code.

How a gold code is split (the gold set writes the top-level code and the sectors in two fields; a joined code
such as ``USAGOV`` or ``IGOUNO`` splits the same way):

- the **top** is the first three letters: an ISO alpha-3 country, or an international code (``IGO``, ``NGO``,
  ``IMG`` …) standing where a country would;
- the **primary sector** is the first later three-letter chunk that is a CAMEO role sector (``GOV``, ``MIL``,
  ``REB``, ``CVL`` …). Lower-case chunks are ethnic or religious qualifiers (``REFkur``) and are ignored;
  organisation identifiers (``UNO`` in ``IGOUNO``) are not role sectors. ``***`` means the annotator left the
  sector open: such actors count for country accuracy only.

Country accuracy: the predicted top equals the gold top (for a prediction, its country, else its first sector
if that is an international code). Country+sector accuracy: the top and the primary sector (or the absence of
one) both match. A few annotator codes that are not ISO alpha-3 are read as the ISO code they mean
(``GOLD_ALIASES``); the result lists them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eventwire.actors import load_actor_kb
from eventwire.actors.kb import INTERNATIONAL
from eventwire.config import Settings
from eventwire.evaluate import read_jsonl

ROLE_SECTORS = frozenset({
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "MED", "EDU", "BUS", "CRM", "CVL", "REF", "LAB",
    "LEG", "HLH", "AGR", "DEV", "ENV", "HRI", "ELI", "UAF", "REL", "MOS", "MUS", "CHR", "JEW", "BUD", "HIN",
    "JRN", "SOC", "IMG", "NGO", "IGO", "RAD", "MNC",
})
GOLD_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "CIV-sector": "CVL"}
"""Non-ISO codes written by the gold annotators, read as the code they mean (CIV as a sector is CVL)."""
MAX_MISSES = 40


def split_gold(code: str, sector: str | None) -> tuple[str, str | None, bool]:
    """(top, primary sector or None, sector specified) of a gold actor."""
    top = GOLD_ALIASES.get(code[:3], code[:3])
    rest = (code[3:] + (sector or "")).strip()
    if rest.startswith("***"):
        return top, None, False
    primary = None
    for i in range(0, len(rest) - 2, 3):
        chunk = rest[i: i + 3]
        if chunk == "CIV":
            chunk = GOLD_ALIASES["CIV-sector"]
        if chunk.isupper() and chunk in ROLE_SECTORS:
            primary = chunk
            break
    return top, primary, True


def split_prediction(country: str | None, sectors: list[str]) -> tuple[str | None, str | None]:
    """(top, primary sector) of a resolution."""
    rest = list(sectors)
    top = country
    if top is None and rest and rest[0] in INTERNATIONAL:
        top = rest.pop(0)
    primary = next((s for s in rest if s in ROLE_SECTORS and s not in INTERNATIONAL), None)
    return top, primary


def gold_actors(path: Path) -> list[tuple[str, str | None, str, str, str | None]]:
    """(record id, date, actor text, gold code, gold sector) for every gold actor with a text."""
    out = []
    for lineno, record in read_jsonl(path):
        for role in ("source", "target"):
            actors = record.get(role)
            if not isinstance(actors, list):
                continue
            for actor in actors:
                text = (actor.get("actorText") or "").strip()
                if text and actor.get("code"):
                    out.append((record.get("id", f"line {lineno}"), record.get("date"), text, actor["code"],
                                actor.get("sector")))
    return out


def evaluate(path: Path, settings: Settings) -> dict[str, Any]:
    """Country and country+sector accuracy of the actor resolver on a PLOVER gold file."""
    if path.is_dir():
        path = path / "gsr_dev.jsonl"
    kb = load_actor_kb(settings)
    actors = gold_actors(path)
    country_hits = sector_hits = sector_scored = resolved = 0
    misses: list[dict[str, Any]] = []
    for record_id, day, text, code, sector in actors:
        gold_top, gold_sector, specified = split_gold(code, sector)
        resolution = kb.resolve(text, day)
        if resolution is not None:
            resolved += 1
            top, primary = split_prediction(resolution.country, list(resolution.sectors))
        else:
            top, primary = None, None
        country_ok = top == gold_top
        country_hits += country_ok
        if specified:
            sector_scored += 1
            sector_ok = country_ok and primary == gold_sector
            sector_hits += sector_ok
        else:
            sector_ok = country_ok
        if not (country_ok and sector_ok) and len(misses) < MAX_MISSES:
            misses.append({"id": record_id, "text": text, "gold": code + (sector or ""),
                           "predicted": resolution.code if resolution else None})
    n = len(actors)
    return {
        "set": "plover-gsr actors",
        "path": str(path),
        "actors": n,
        "resolved": resolved,
        "country_accuracy": round(country_hits / n, 4) if n else 0.0,
        "country_sector_accuracy": round(sector_hits / sector_scored, 4) if sector_scored else 0.0,
        "country_correct": country_hits,
        "country_sector_correct": sector_hits,
        "sector_scored": sector_scored,
        "sector_unspecified": n - sector_scored,
        "gold_aliases": GOLD_ALIASES,
        "misses": misses,
    }
