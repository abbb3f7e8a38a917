"""The event lexicon: verb and noun triggers with CAMEO codes, phrase patterns, and the CAMEO code table.

Files (``eventwire/data/lexicon``; format in docs/data-formats.md):

- ``cameo_verbs.jsonl``: verb blocks generated from PETRARCH2's CAMEO.2.0 by tools/build_lexicon.py;
- ``extensions.yml``: hand-kept verbs that override the generated ones, nominal triggers and word lists;
- ``cameo_codes.jsonl``: CAMEO code -> name, PLOVER type/mode/context, QuadClass, Goldstein.

Users add YAML files of the same shape as ``extensions.yml`` with ``--lexicon``; later files override earlier
ones lemma by lemma. Every problem in every file is collected and raised together as one LexiconError.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from eventwire.config import Settings, data_path
from eventwire.datafiles import safe_load
from eventwire.errors import LexiconError

CODE_PATTERN = r"^\d{2,4}$"


class PatternEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pre: list[list[str]] = Field(default_factory=list)
    post: list[list[str]] = Field(default_factory=list)
    code: str | None
    note: str | None = None

    @field_validator("code")
    @classmethod
    def _code(cls, value: str | None) -> str | None:
        return _check_code(value)


class VerbEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lemma: str
    code: str | None = None
    particle: str | None = None
    patterns: list[PatternEntry] = Field(default_factory=list)
    # extend: the entry's patterns are added in front of the ones already known for the lemma (they win ties),
    # and its code replaces the known one only when the entry gives one; without it the entry replaces all
    extend: bool = False
    note: str | None = None

    @field_validator("code")
    @classmethod
    def _code(cls, value: str | None) -> str | None:
        return _check_code(value)


class NounEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lemma: str
    code: str
    note: str | None = None

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        checked = _check_code(value)
        if checked is None:
            raise ValueError("a noun trigger needs a code")
        return checked


class ExtensionFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_version: int
    verbs: list[VerbEntry] = Field(default_factory=list)
    nouns: list[NounEntry] = Field(default_factory=list)
    reporting_verbs: list[str] = Field(default_factory=list)
    attempt_verbs: list[str] = Field(default_factory=list)
    failure_verbs: list[str] = Field(default_factory=list)
    intent_verbs: list[str] = Field(default_factory=list)
    content_heads: list[str] = Field(default_factory=list)
    support_verbs: list[str] = Field(default_factory=list)
    accused_verbs: list[str] = Field(default_factory=list)
    topic_nouns: list[str] = Field(default_factory=list)
    partitive_nouns: list[str] = Field(default_factory=list)
    future_codes: dict[str, str] = Field(default_factory=dict)
    demand_modals: list[str] = Field(default_factory=list)
    demand_code: str | None = None
    symmetric_codes: list[str] = Field(default_factory=list)
    joint_codes: list[str] = Field(default_factory=list)
    private_sectors: list[str] = Field(default_factory=list)
    public_roots: list[str] = Field(default_factory=list)
    agentless_roots: list[str] = Field(default_factory=list)
    jurisdiction_codes: list[str] = Field(default_factory=list)
    own_force_roots: list[str] = Field(default_factory=list)
    force_sectors: list[str] = Field(default_factory=list)
    negated_codes: dict[str, str] = Field(default_factory=dict)

    @field_validator("future_codes", "negated_codes")
    @classmethod
    def _codes(cls, value: dict[str, str]) -> dict[str, str]:
        for prefix, code in value.items():
            _check_code(prefix)
            _check_code(code)
        return value


class BlockVerb(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lemma: str
    particle: str | None = None
    code: str | None = None


class VerbBlock(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    code: str | None
    verbs: list[BlockVerb]
    patterns: list[PatternEntry]


class CameoCode(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str
    name: str | None
    plover_type: str | None
    plover_mode: str | None
    plover_context: list[str]
    quad_class: int
    goldstein: float | None


def _check_code(value: str | None) -> str | None:
    if value is None:
        return None
    import re

    if not re.match(CODE_PATTERN, value):
        raise ValueError(f"CAMEO code must be 2-4 digits as a string, got {value!r}")
    return value


# Words a pattern slot may name that say little on their own: between patterns of one list and one length, one
# naming the verb's object wins over one naming only these ("opened fire on protesters in Baghdad" is OPEN +
# fire, an attack, not OPEN + in).
FUNCTION_WORDS = frozenset({
    "in", "on", "at", "to", "into", "onto", "from", "with", "without", "for", "of", "by", "about", "against",
    "over", "under", "up", "down", "out", "off", "away", "back", "through", "across", "toward", "towards", "upon",
    "between", "among", "after", "before", "around", "along", "the", "a", "an", "and", "or", "as"})


@dataclass(frozen=True)
class Pattern:
    pre: tuple[frozenset[str], ...]
    post: tuple[frozenset[str], ...]
    code: str | None
    source: str  # file and block or lemma, for audit

    @functools.cached_property
    def specificity(self) -> int:
        return len(self.pre) + len(self.post)

    @functools.cached_property
    def names_content(self) -> bool:
        """Whether a slot names more than function words (prepositions, particles, articles)."""
        return any(not slot <= FUNCTION_WORDS for slot in (*self.pre, *self.post))


@dataclass(frozen=True)
class VerbRule:
    lemma: str
    code: str | None
    patterns: tuple[Pattern, ...]
    particle: str | None = None
    source: str = ""

    @functools.cached_property
    def pattern_index(self) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
        """(word -> positions of the patterns whose first slot after the verb names it, positions of the
        patterns with no slot after the verb): a pattern can match only a phrase holding one of its first
        slot's words, so the coder tries only those (in the listed order, as ``patterns`` has them)."""
        index: dict[str, list[int]] = {}
        always: list[int] = []
        for k, pattern in enumerate(self.patterns):
            if not pattern.post:
                always.append(k)
                continue
            for word in pattern.post[0]:
                index.setdefault(word, []).append(k)
        return {word: tuple(ks) for word, ks in index.items()}, tuple(always)


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, VerbRule]
    nouns: dict[str, str]  # lemma (or two-word compound) -> code
    codes: dict[str, CameoCode]
    reporting_verbs: frozenset[str] = frozenset()
    attempt_verbs: frozenset[str] = frozenset()
    failure_verbs: frozenset[str] = frozenset()
    intent_verbs: frozenset[str] = frozenset()
    content_heads: frozenset[str] = frozenset()
    support_verbs: frozenset[str] = frozenset()
    # "Williams is accused of killing X", "charged a teenager with killing X": the accused is who did the act
    accused_verbs: frozenset[str] = frozenset()
    # "agreed to share information on North Korea": what information, talks or a deal is about is no target
    topic_nouns: frozenset[str] = frozenset()
    # "launched 10 days of war games", "a new round of talks": the measure stands for the event noun after "of"
    partitive_nouns: frozenset[str] = frozenset()
    future_codes: dict[str, str] = field(default_factory=dict)
    demand_modals: frozenset[str] = frozenset()
    demand_code: str = "100"
    symmetric_codes: tuple[str, ...] = ()
    joint_codes: tuple[str, ...] = ()
    # An event of one of these roots needs an actor with a public role on one side; an actor of only these
    # sectors (residents, students, a bank) has none: "residents signed up for the scheme" is no event.
    private_sectors: frozenset[str] = frozenset()
    public_roots: tuple[str, ...] = ()
    agentless_roots: tuple[str, ...] = ()
    # an arrest, release or expulsion (codes starting so) whose doer is not named is the act of the state
    # where it happened ("was arrested in Rwanda": Rwanda)
    jurisdiction_codes: tuple[str, ...] = ()
    # "withdrew peacekeepers from Sinai", "mobilized the army": in an act of these roots an unnamed force of
    # these sectors is the source's own, moved or offered, not whom the act is aimed at
    own_force_roots: tuple[str, ...] = ()
    force_sectors: frozenset[str] = frozenset()
    negated_codes: dict[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = field(default_factory=tuple)

    def is_symmetric(self, code: str) -> bool:
        return any(code.startswith(prefix) for prefix in self.symmetric_codes)

    def is_joint(self, code: str) -> bool:
        return any(code.startswith(prefix) for prefix in self.joint_codes)

    def future_code(self, code: str) -> str:
        """The intent (03) or threat (13) code of an act announced for later; other acts keep theirs."""
        for size in (4, 3, 2):
            if code[:size] in self.future_codes and len(code) >= size:
                return self.future_codes[code[:size]]
        return code

    def rejection_code(self, code: str) -> str | None:
        """CAMEO's code for the refusal of a cooperative act ("will not release" -> 1243), or None."""
        for size in (4, 3, 2):
            if len(code) >= size and code[:size] in self.negated_codes:
                return self.negated_codes[code[:size]]
        return None

    def code_info(self, code: str) -> CameoCode | None:
        """The code's table entry, or its nearest ancestor's (0256 -> 025 -> 02)."""
        for prefix in (code, code[:3], code[:2]):
            if prefix in self.codes:
                return self.codes[prefix]
        return None


def _patterns(entries: list[PatternEntry], source: str) -> list[Pattern]:
    return [Pattern(tuple(frozenset(s) for s in p.pre), tuple(frozenset(s) for s in p.post), p.code, source)
            for p in entries]


def _read_jsonl(path: Path, model: type[BaseModel], problems: list[str]) -> list[Any]:
    records: list[Any] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or lineno == 1 and '"schema_version"' in line:
            continue
        try:
            records.append(model.model_validate(json.loads(line)))
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{lineno}: not JSON ({exc.msg})")
        except ValidationError as exc:
            problems.extend(_describe(path, lineno, exc))
    return records


def _describe(path: Path, lineno: int | str, exc: ValidationError) -> list[str]:
    return [f"{path}:{lineno}: {'.'.join(str(p) for p in err['loc']) or '(entry)'}: {err['msg']}"
            for err in exc.errors()]


def _read_extension(path: Path, problems: list[str]) -> ExtensionFile | None:
    try:
        raw = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problems.append(f"{where}: cannot read ({exc.__class__.__name__}: {getattr(exc, 'problem', exc)})")
        return None
    try:
        return ExtensionFile.model_validate(raw)
    except ValidationError as exc:
        lines = path.read_text(encoding="utf-8").splitlines()
        for err in exc.errors():
            loc = err["loc"]
            lineno = _find_line(lines, raw, loc)
            problems.append(f"{path}:{lineno}: {'.'.join(str(p) for p in loc)}: {err['msg']}")
        return None


def _find_line(lines: list[str], raw: Any, loc: tuple[Any, ...]) -> int | str:
    """Line of the entry named by ``loc`` (e.g. ('verbs', 3, 'code')): the line that holds its lemma."""
    try:
        entry = raw[loc[0]][loc[1]]
        lemma = entry.get("lemma") if isinstance(entry, dict) else None
    except (KeyError, IndexError, TypeError):
        return "?"
    if lemma:
        for i, line in enumerate(lines, 1):
            if f"lemma: {lemma}" in line or f'lemma: "{lemma}"' in line:
                return i
    return "?"


@functools.cache
def _load(paths: tuple[Path, ...]) -> Lexicon:
    problems: list[str] = []
    verbs: dict[str, VerbRule] = {}
    for block in _read_jsonl(data_path("lexicon", "cameo_verbs.jsonl"), VerbBlock, problems):
        patterns = tuple(_patterns(block.patterns, f"cameo_verbs:{block.id}"))
        for verb in block.verbs:
            key = verb.lemma if not verb.particle else f"{verb.lemma} {verb.particle}"
            code = verb.code or block.code
            if key in verbs:
                # a verb listed in several blocks keeps all their patterns
                old = verbs[key]
                verbs[key] = VerbRule(key, old.code or code, old.patterns + patterns, verb.particle, old.source)
            else:
                verbs[key] = VerbRule(key, code, patterns, verb.particle, f"cameo_verbs:{block.id}")
    codes = {c.code: c for c in _read_jsonl(data_path("lexicon", "cameo_codes.jsonl"), CameoCode, problems)}
    nouns: dict[str, str] = {}
    future_codes: dict[str, str] = {}
    negated_codes: dict[str, str] = {}
    demand_modals: set[str] = set()
    demand_code = "100"
    symmetric_codes: set[str] = set()
    joint_codes: set[str] = set()
    private_sectors: set[str] = set()
    public_roots: set[str] = set()
    agentless_roots: set[str] = set()
    jurisdiction_codes: set[str] = set()
    own_force_roots: set[str] = set()
    force_sectors: set[str] = set()
    lists: dict[str, set[str]] = {k: set() for k in ("reporting_verbs", "attempt_verbs", "failure_verbs",
                                                    "intent_verbs", "content_heads", "support_verbs",
                                                    "accused_verbs", "topic_nouns", "partitive_nouns")}
    for path in (data_path("lexicon", "extensions.yml"), *paths):
        ext = _read_extension(path, problems)
        if ext is None:
            continue
        for entry in ext.verbs:
            key = entry.lemma if not entry.particle else f"{entry.lemma} {entry.particle}"
            # a hand-kept entry replaces the generated one whole, patterns included (what you read is what runs),
            # unless it says extend: true
            own = tuple(_patterns(entry.patterns, f"{path.name}:{entry.lemma}"))
            known = verbs.get(key)
            if entry.extend and known is not None:
                # an extension keeps what it extends: its own patterns first, then the known ones
                code = entry.code if "code" in entry.model_fields_set else known.code
                verbs[key] = VerbRule(key, code, own + known.patterns, entry.particle, f"{path.name}:{entry.lemma}")
                continue
            verbs[key] = VerbRule(key, entry.code, own, entry.particle, f"{path.name}:{entry.lemma}")
        for noun in ext.nouns:
            nouns[noun.lemma.lower()] = noun.code
        for name, words in lists.items():
            words.update(w.lower() for w in getattr(ext, name))
        future_codes.update(ext.future_codes)
        negated_codes.update(ext.negated_codes)
        demand_modals.update(m.lower() for m in ext.demand_modals)
        demand_code = ext.demand_code or demand_code
        symmetric_codes.update(ext.symmetric_codes)
        joint_codes.update(ext.joint_codes)
        private_sectors.update(sector.upper() for sector in ext.private_sectors)
        public_roots.update(ext.public_roots)
        agentless_roots.update(ext.agentless_roots)
        jurisdiction_codes.update(ext.jurisdiction_codes)
        own_force_roots.update(ext.own_force_roots)
        force_sectors.update(sector.upper() for sector in ext.force_sectors)
    for code in {v.code for v in verbs.values() if v.code} | set(nouns.values()):
        if code[:2] not in codes:
            problems.append(f"lexicon: code {code!r} has no root in cameo_codes.jsonl")
    if problems:
        raise LexiconError("the event lexicon has problems:\n  " + "\n  ".join(problems))
    return Lexicon(verbs=verbs, nouns=nouns, codes=codes, sources=tuple(str(p) for p in paths),
                   future_codes=future_codes, demand_modals=frozenset(demand_modals), demand_code=demand_code,
                   symmetric_codes=tuple(sorted(symmetric_codes)),
                   joint_codes=tuple(sorted(joint_codes)), private_sectors=frozenset(private_sectors),
                   public_roots=tuple(sorted(public_roots)), agentless_roots=tuple(sorted(agentless_roots)),
                   jurisdiction_codes=tuple(sorted(jurisdiction_codes)),
                   own_force_roots=tuple(sorted(own_force_roots)), force_sectors=frozenset(force_sectors),
                   negated_codes=negated_codes,
                   **{k: frozenset(v) for k, v in lists.items()})


def load_lexicon(settings: Settings | None = None) -> Lexicon:
    """The shipped lexicon merged with ``settings.extra_lexicon``; loaded once per process per file set."""
    extra = tuple(Path(p).resolve() for p in (settings.extra_lexicon if settings else ()))
    return _load(extra)
