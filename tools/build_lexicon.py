#!/usr/bin/env python3
"""Convert the PETRARCH2 CAMEO verb dictionary and the CAMEO->PLOVER table into eventwire's lexicon data.

Writes, under src/eventwire/data/lexicon/:
  cameo_verbs.jsonl  one verb block a line: its verbs (lemma, own code) and phrase patterns, synonym sets
                     expanded, PETRARCH's markers dropped (see docs/data-formats.md)
  cameo_codes.jsonl  one CAMEO code a line: name, PLOVER type/mode/context, QuadClass, Goldstein score

Run: python tools/build_lexicon.py [--shared ../shared]
Sources: petrarch2-dictionaries/CAMEO.2.0.txt (MIT, Open Event Data Alliance), plover/CAMEO2PLOVER-2021.txt
(CC BY-SA 4.0); Goldstein scores from the CAMEO codebook's published scale (data/lexicon/goldstein.tsv,
hand-kept).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "eventwire" / "data" / "lexicon"
SCHEMA_VERSION = 1

# CAMEO 01 and 02 are dropped by the PLOVER table; their names come from the CAMEO 1.1b3 codebook.
STATEMENT_AND_APPEAL_NAMES = {
    "01": "Make public statement", "010": "Make statement", "011": "Decline comment",
    "012": "Make pessimistic comment", "013": "Make optimistic comment", "014": "Consider policy option",
    "015": "Acknowledge or claim responsibility", "016": "Deny responsibility",
    "017": "Engage in symbolic act", "018": "Make empathetic comment", "019": "Express accord",
    "02": "Appeal", "020": "Make an appeal or request", "021": "Appeal for material cooperation",
    "0211": "Appeal for economic cooperation", "0212": "Appeal for military cooperation",
    "0213": "Appeal for judicial cooperation", "0214": "Appeal for intelligence",
    "022": "Appeal for diplomatic cooperation", "023": "Appeal for aid", "0231": "Appeal for economic aid",
    "0232": "Appeal for military aid", "0233": "Appeal for humanitarian aid",
    "0234": "Appeal for military protection or peacekeeping", "024": "Appeal for political reform",
    "0241": "Appeal for change in leadership", "0242": "Appeal for policy change",
    "0243": "Appeal for rights", "0244": "Appeal for change in institutions, regime",
    "025": "Appeal to yield", "0251": "Appeal for easing of administrative sanctions",
    "0252": "Appeal for easing of popular dissent", "0253": "Appeal for release of persons or property",
    "0254": "Appeal for easing of economic sanctions, boycott, or embargo",
    "0255": "Appeal for target to allow international involvement",
    "0256": "Appeal for de-escalation of military engagement", "026": "Appeal to others to meet or negotiate",
    "027": "Appeal to others to settle dispute", "028": "Appeal to others to engage in or accept mediation",
}

# The 2021 table gives air strikes the mode "heavy-weapons"; the manual's mode list has "aerial" for them.
MODE_OVERRIDES = {"195": "aerial"}


def quad_class(code: str) -> int:
    """CAMEO QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


def read_goldstein(path: Path) -> dict[str, float]:
    scores: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            code, score = line.split()
            scores[code] = float(score)
    return scores


def goldstein_for(code: str, scores: dict[str, float]) -> float | None:
    """The most specific score known: the code itself, then its 3-digit and 2-digit ancestors."""
    for prefix in (code, code[:3], code[:2]):
        if prefix in scores:
            return scores[prefix]
    return None


def build_codes(shared: Path) -> list[dict]:
    scores = read_goldstein(OUT / "goldstein.tsv")
    records: dict[str, dict] = {}
    for code, name in STATEMENT_AND_APPEAL_NAMES.items():
        # Appeals are requests: the PLOVER manual defines REQUEST as all requests, demands and orders.
        records[code] = {"code": code, "name": name, "plover_type": "REQUEST" if code.startswith("02") else None,
                         "plover_mode": None, "plover_context": []}
    line_re = re.compile(r"^(\d{2,4}):\s*([^#]*?)\s*(?:#\s*(.*))?$")
    for raw in (shared / "data/plover/CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        match = line_re.match(raw.strip())
        if not match:
            continue
        code, body, name = match.groups()
        parts = [p.strip() for p in body.split(",")]
        plover_type = parts[0] or None
        mode = parts[1] if len(parts) > 1 and parts[1] else None
        context = [c.strip() for c in parts[2].split(";") if c.strip()] if len(parts) > 2 else []
        records[code] = {"code": code, "name": (name or "").strip() or None, "plover_type": plover_type,
                         "plover_mode": mode, "plover_context": context}
    for code, mode in MODE_OVERRIDES.items():
        records[code]["plover_mode"] = mode
    for code, record in records.items():
        record["quad_class"] = quad_class(code)
        record["goldstein"] = goldstein_for(code, scores)
    return [records[c] for c in sorted(records)]


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    current: str | None = None
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if line.startswith("####### VERB PATTERNS"):
            break
        if line.startswith("&"):
            current = line
            sets[current] = []
        elif current and line.startswith("+"):
            sets[current].append(line[1:].lower().replace("_", " "))
        elif not line:
            current = None
    return sets


def _slots(text: str, synsets: dict[str, list[str]]) -> list[list[str]]:
    """Words of one side of a pattern, each slot a list of alternatives (lower case)."""
    slots: list[list[str]] = []
    for token in re.findall(r"&[A-Z_\-]+|[A-Za-z0-9'\-_.]+", text.replace("{", " ").replace("}", " ")
                            .replace("(", " ").replace(")", " ")):
        if token.startswith("&"):
            alternatives = synsets.get(token, [])
            if alternatives:
                # a multi-word synonym is matched by its last word (its head)
                slots.append(sorted({a.split()[-1] for a in alternatives}))
        else:
            slots.append([token.lower().replace("_", " ")])
    return slots


def build_verbs(shared: Path) -> list[dict]:
    lines = (shared / "data/petrarch2-dictionaries/CAMEO.2.0.txt").read_text(encoding="utf-8",
                                                                              errors="replace").splitlines()
    synsets = read_synsets(lines)
    start = next(i for i, line in enumerate(lines) if line.startswith("####### VERB PATTERNS"))
    blocks: list[dict] = []
    block: dict | None = None
    code_re = re.compile(r"\[([^\]]*)\]")
    for raw in lines[start + 1 :]:
        line, _, comment = raw.partition("#")
        line = line.strip()
        if not line:
            continue
        head = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---", line)
        if head:
            block = {"id": head.group(1).lower(), "code": _code(head.group(2)), "verbs": [], "patterns": []}
            blocks.append(block)
            continue
        if block is None:
            continue
        found = code_re.search(line)
        code = _code(found.group(1)) if found else block["code"]
        body = code_re.sub("", line).strip()
        if line.startswith("-"):
            body = body[1:].strip()
            if "*" not in body:
                continue
            pre, post = body.split("*", 1)
            pattern = {"pre": _slots(pre.replace("$", "").replace("+", "").replace("%", "").replace("^", ""),
                                     synsets),
                       "post": _slots(post.replace("$", "").replace("+", "").replace("%", "").replace("^", ""),
                                      synsets),
                       "code": code, "note": comment.strip() or None}
            if pattern["pre"] or pattern["post"]:
                block["patterns"].append(pattern)
        else:
            word = re.sub(r"\{[^}]*\}", "", body).strip().split()
            if not word:
                continue
            lemma = word[0].lstrip("+").lower()
            # "+ASK_FOR": a verb with its particle or preposition
            particle = None
            if "_" in lemma:
                lemma, _, particle = lemma.partition("_")
            if lemma.startswith("&"):
                continue
            block["verbs"].append({"lemma": lemma, "particle": particle.replace("_", " ") if particle else None,
                                   "code": code if found else None})
    return [b for b in blocks if b["verbs"]]


def _code(text: str) -> str | None:
    # "[042:043]": PETRARCH's active:passive codes, the first is the event's; "080!" marks a coder query.
    text = re.sub(r"\D", "", text.strip().split(":")[0])
    return text or None


def write_jsonl(path: Path, kind: str, source: str, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"schema_version": SCHEMA_VERSION, "kind": kind, "source": source,
                              "generated_by": "tools/build_lexicon.py"}) + "\n")
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    codes = build_codes(args.shared)
    write_jsonl(OUT / "cameo_codes.jsonl", "cameo_codes",
                "plover/CAMEO2PLOVER-2021.txt (CC BY-SA 4.0) + CAMEO 1.1b3 codebook names + goldstein.tsv", codes)
    verbs = build_verbs(args.shared)
    write_jsonl(OUT / "cameo_verbs.jsonl", "cameo_verbs",
                "petrarch2-dictionaries/CAMEO.2.0.txt (MIT, Open Event Data Alliance)", verbs)
    print(f"wrote {len(codes)} codes and {len(verbs)} verb blocks "
          f"({sum(len(b['verbs']) for b in verbs)} verbs, {sum(len(b['patterns']) for b in verbs)} patterns)")


if __name__ == "__main__":
    main()
