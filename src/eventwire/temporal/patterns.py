"""Load the temporal vocabulary and rules (``eventwire/data/temporal``) and compile them once.

A rule's pattern is a regular expression with placeholders built from the vocabulary: ``{month}`` becomes
``(?P<month>january|jan|...)``. A placeholder can be used twice in one pattern with a suffix,
``{number@upto}``, which names its group ``number_upto``. Every problem in both files (YAML, schema,
unknown placeholders, bad regular expressions, duplicate rule names) is collected and raised as one
:class:`~eventwire.errors.LexiconError` naming the file and line.

The rules' regular expressions are compiled when a text first needs them (a short article needs a tenth of
them): compiling all 118 with their guards took a fifth of a second at every start of a process. They are
checked all the same: the first load of a grammar compiles every one, and when all compile, eventwire's cache
(:mod:`eventwire.cache`) keeps a note of the patterns that did; a later process with the very same patterns
(and Python version) reads the note and leaves compiling to first use. Without a cache, every load compiles
everything, as before.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from eventwire.config import data_path
from eventwire.datafiles import YAML_LOADER
from eventwire.errors import LexiconError
from eventwire.temporal.schema import RuleEntry, RulesFile, UnitEntry, VocabularyFile
from eventwire.temporal.trigger import Trigger, build_trigger

log = logging.getLogger(__name__)
_LOADER: Any = YAML_LOADER
"""libyaml's safe loader when PyYAML has it (ten times faster to start), else the pure-Python one."""
_PLACEHOLDER = re.compile(r"\{([a-z_]+)(?:@([a-z]+))?\}")
_DECADE_WORDS = {20: "twenties", 30: "thirties", 40: "forties", 50: "fifties", 60: "sixties", 70: "seventies",
                 80: "eighties", 90: "nineties"}


class Regex:
    """A regular expression compiled on first use (``pattern`` and ``flags`` are known at once)."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0, compiled: re.Pattern[str] | None = None) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled = compiled

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    @property
    def is_compiled(self) -> bool:
        return self._compiled is not None

    @property
    def groupindex(self) -> Mapping[str, int]:
        return self.compiled.groupindex

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(text, pos, endpos)

    def __repr__(self) -> str:
        return f"Regex({self.pattern!r}, {self.flags})"


@dataclass(frozen=True)
class CompiledRule:
    """One rule, compiled: ``regex`` finds candidates, the guards filter them (each compiled on first use)."""

    index: int
    entry: RuleEntry
    regex: Regex
    require_in: Regex | None
    require_before: Regex | None
    reject_before: Regex | None
    reject_after: Regex | None

    @property
    def name(self) -> str:
        return self.entry.name


@dataclass(frozen=True)
class TemporalGrammar:
    """The loaded vocabulary (lower-cased lookups) and the compiled rules, in priority order."""

    months: dict[str, int]
    full_month_names: frozenset[str]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    vague_numbers: frozenset[str]
    ordinals: dict[str, int]
    units: dict[str, UnitEntry]
    unit_forms: dict[str, str]  # "years" -> "year", "centuries" -> "century"
    seasons: dict[str, str]
    day_parts: dict[str, str]
    holidays: dict[str, Any]  # normalised name -> HolidayEntry
    set_words: dict[str, str]
    rules: tuple[CompiledRule, ...]
    date_modifiers: re.Pattern[str]  # a modifier ending right where a DATE or TIME starts ("early")
    duration_modifiers: re.Pattern[str]  # one ending where a DURATION or SET starts ("at least")
    future_cues: re.Pattern[str]
    past_cues: re.Pattern[str]
    lead_words: re.Pattern[str]  # a preposition right before the expression: group "future" or "past"
    sources: tuple[str, ...]
    trigger: Trigger | None = None  # where each rule can start (eventwire.temporal.trigger); None: everywhere
    future_trigger: Trigger | None = None  # where a future cue can start
    past_trigger: Trigger | None = None

    def compile_all(self) -> None:
        """Compile every rule's regexes now (they compile on first use otherwise): for a process that will
        code many articles, or fork workers that will."""
        for rule in self.rules:
            for regex in (rule.regex, rule.require_in, rule.require_before, rule.reject_before, rule.reject_after):
                if regex is not None:
                    regex.compiled  # noqa: B018 - compiles it


def normalise_words(text: str) -> str:
    """Lower-case, one space between words, typographic apostrophes made plain."""
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").strip().lower())


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first, spaces matching any whitespace."""
    parts = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        escaped = re.escape(word).replace(r"\ ", r"\s+").replace("'", "['\u2019]")
        parts.append(escaped)
    return "|".join(parts)


def _plural(unit: str) -> str:
    return unit[:-1] + "ies" if unit.endswith("y") and unit[-2:-1] not in "aeiou" else unit + "s"


def _placeholders(vocab: VocabularyFile) -> dict[str, tuple[str, str]]:
    """Placeholder name -> (group name, regex body)."""
    number_words = [w for w in vocab.numbers if w not in ("a", "an")]
    nw = f"(?:{_alternation(number_words)})"
    number = (rf"(?<![\w.,])(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)|(?:an?\s+)?{nw}(?:(?:[\s-]+|\s+and\s+){nw})*\b"
              r"|\ban?\b")
    ordinal_words = _alternation(vocab.ordinals)
    units = list(vocab.units)
    plurals = [_plural(u) for u in units]
    ones = [w for w, v in vocab.numbers.items() if 1 <= v <= 9 and w not in ("a", "an")]
    teens = [w for w, v in vocab.numbers.items() if 10 <= v <= 19]
    tens = [w for w, v in vocab.numbers.items() if v in _DECADE_WORDS]
    one_alt, teen_alt, ten_alt = _alternation(ones), _alternation(teens), _alternation(tens)
    two_digits = rf"(?:{teen_alt}|(?:{ten_alt})(?:[\s-]+(?:{one_alt}))?|oh[\s-]+(?:{one_alt}))"
    spoken_year = (rf"(?:nineteen|eighteen|seventeen|twenty)[\s-]+(?:hundred(?:\s+and)?(?:[\s-]+{two_digits})?"
                   rf"|{two_digits})\b|two\s+thousand(?:\s+and)?(?:[\s-]+(?:{teen_alt}|{one_alt}))?\b")
    hour_words = [w for w, v in vocab.numbers.items() if 1 <= v <= 12 and w not in ("a", "an", "dozen", "couple")]
    decade_words = _alternation(_DECADE_WORDS.values())
    return {
        "month": ("month", rf"\b(?:{_alternation(vocab.months)})\b"),
        "weekday": ("weekday", rf"\b(?:{_alternation(vocab.weekdays)})\b"),
        "day": ("day", rf"(?:(?<!\d)(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)|\b(?:{ordinal_words})\b)"),
        "year": ("year", r"(?:(?<!\d)(?:1\d|20)\d\d(?!\d)|['\u2019]\d\d\b)"),
        "spoken_year": ("year", rf"\b(?:{spoken_year})"),
        "number": ("number", rf"(?:{number})"),
        "vague": ("vague", rf"\b(?:{_alternation(vocab.vague_numbers)})\b"),
        "unit": ("unit", rf"\b(?:{_alternation(units + plurals)})\b"),
        "unit_singular": ("unit", rf"\b(?:{_alternation(units)})\b"),
        "unit_plural": ("unit", rf"\b(?:{_alternation(plurals)})\b"),
        "season": ("season", rf"\b(?:{_alternation(vocab.seasons)})\b"),
        "part": ("part", rf"\b(?:{_alternation(vocab.day_parts)})\b"),
        "quarter": ("quarter", r"\b(?:first|second|third|fourth|1st|2nd|3rd|4th)\b"),
        "half": ("half", r"\b(?:first|second|last|latter|1st|2nd)\b"),
        "holiday": ("holiday", rf"\b(?:{_alternation(vocab.holidays)})(?!\w)"),
        "decade": ("decade", rf"(?:(?<![\d,.])(?:1\d|20)\d0['\u2019]?s\b|['\u2019]\d0s\b|\b(?:{decade_words})\b)"),
        "century": ("century", rf"(?:(?<!\d)(?:[1-9]|1\d|2[01])(?:st|nd|rd|th)\b|\b(?:{ordinal_words})\b)"),
        "hour": ("hour", rf"(?:(?<!\d)(?:1[0-2]|0?[1-9])(?!\d)|\b(?:{_alternation(hour_words)})\b)"),
        "minute": ("minute", r"[0-5]\d(?!\d)"),
        "ampm": ("ampm", r"(?:[ap]\.\s?m\.?|[ap]m\b)"),
        "zone": ("zone", r"\b(?:[ECMP][SD]T|GMT|UTC|local\s+time)\b"),
        "set_word": ("set_word", rf"\b(?:{_alternation(vocab.set_words)})\b"),
    }


def _expand(pattern: str, placeholders: dict[str, tuple[str, str]], problems: list[str], where: str) -> str:
    seen: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        name, suffix = match.group(1), match.group(2)
        if name not in placeholders:
            problems.append(f"{where}: unknown placeholder {{{name}}}; known: {', '.join(sorted(placeholders))}")
            return ""
        group, body = placeholders[name]
        group = f"{group}_{suffix}" if suffix else group
        if group in seen:  # Python allows a group name once, even across alternatives
            problems.append(f"{where}: placeholder {{{name}}} used twice; name the second one, e.g. {{{name}@b}}")
            return ""
        seen.add(group)
        return f"(?P<{group}>{body})"

    return _PLACEHOLDER.sub(replace, pattern)


def _compile(pattern: str, flags: int, problems: list[str], where: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        problems.append(f"{where}: bad regular expression ({exc})")
        return None


def _rule_regex(pattern: str, flags: int, problems: list[str], where: str, *, checked: bool) -> Regex | None:
    """The rule's regex: compiled now (a bad one is a problem), or on first use when ``checked`` (it compiled
    in an earlier load)."""
    if checked:
        return Regex(pattern, flags)
    compiled = _compile(pattern, flags, problems, where)
    return None if compiled is None else Regex(pattern, flags, compiled)


CHECKED_VERSION = 1
"""Bump when what a load checks of a rule's regexes changes: the notes of checked patterns are keyed by it."""


def _checked_folder(rules: list[tuple[str, int, list[tuple[str, int]], list[str]]]) -> Path | None:
    """The cache folder that notes these rules' patterns as checked (exists or not); None without a cache.

    Each rule is (pattern, flags, its guards' (pattern, flags), the groups it names), and the key holds the
    Python version, whose ``re`` decides what compiles."""
    from eventwire.cache import cache_root, caching_enabled

    if not caching_enabled():
        return None
    key = json.dumps([CHECKED_VERSION, list(sys.version_info[:2]), rules])
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    try:
        return cache_root() / f"temporal-checked-v{CHECKED_VERSION}-{digest}"
    except (OSError, RuntimeError):  # no home folder to put a cache in
        return None


def _is_checked(folder: Path | None) -> bool:
    if folder is None or not (folder / "checked").exists():
        return False
    from eventwire.cache import touch

    touch(folder)
    return True


def _note_checked(folder: Path | None) -> None:
    """Note that every pattern compiled (a note that cannot be written only costs the next load a compile)."""
    if folder is None:
        return
    from eventwire.cache import kind_prefix, prune, write_folder

    def fill(tmp: Path) -> None:
        (tmp / "checked").write_text("every pattern compiled\n", encoding="utf-8")

    try:
        write_folder(folder, fill, complete="checked")
        prune(folder.parent, kind_prefix(folder), keep=8, current=folder)  # edited rules leave old notes
    except OSError as exc:
        log.warning("cannot note the checked date rules in %s (%s)", folder, exc)


def _read_yaml(path: Path, problems: list[str]) -> tuple[Any, yaml.Node | None]:
    try:
        text = path.read_text(encoding="utf-8")
        return yaml.load(text, Loader=_LOADER), yaml.compose(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except OSError as exc:
        problems.append(f"{path}: cannot read ({exc.strerror or exc})")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problems.append(f"{where}: not valid YAML ({getattr(exc, 'problem', exc)})")
    return None, None


def _line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Line (1-based) of the YAML node at ``loc`` (keys and list indexes), as deep as it goes."""
    line = None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
        if node is not None:
            line = node.start_mark.line + 1
    return line


def _validation_problems(path: Path, node: yaml.Node | None, exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors():
        line = _line_of(node, tuple(err["loc"]))
        where = f"{path}:{line}" if line else str(path)
        out.append(f"{where}: {'.'.join(str(p) for p in err['loc']) or '(file)'}: {err['msg']}")
    return out


def _cue_regex(cues: list[str], problems: list[str], where: str, *, passive_guard: bool = False) -> re.Pattern[str]:
    """One regex for a list of cues, each a whole word; with ``passive_guard`` a cue right after "be" or
    "being" does not count ("will be paid Dec. 14" is no past tense)."""
    guard = r"(?<!\bbe )(?<!\bbeing )" if passive_guard else ""
    parts = []
    for cue in cues:
        body = cue if cue.startswith("'") else rf"{guard}(?<![\w']){cue}"
        if _compile(body, re.I, problems, f"{where}: cue {cue!r}") is not None:
            parts.append(rf"(?:{body})\b")
    return re.compile("|".join(parts) or r"(?!x)x", re.I)


def _modifier_regex(modifiers: list[str]) -> re.Pattern[str]:
    parts = []
    for modifier in sorted(set(modifiers), key=lambda m: (-len(m), m)):
        if modifier.endswith("-"):
            parts.append(re.escape(modifier[:-1]).replace(r"\ ", r"\s+") + r"\s*-\s*")
        else:
            parts.append(re.escape(modifier).replace(r"\ ", r"\s+") + r"(?:\s+|\s*-\s*)")
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})\Z", re.I)


def _rule_where(path: Path, node: yaml.Node | None, index: int, entry: RuleEntry) -> str:
    return f"{path}:{_line_of(node, ('rules', index))}: rule {entry.name}"


def load_temporal_grammar(vocabulary: Path | None = None, rules: Path | None = None) -> TemporalGrammar:
    """Read, validate and compile the vocabulary and rules files (defaults: the shipped ones).

    Raises:
        LexiconError: listing every problem found in either file, each as ``path:line: message``.
    """
    vocab_path = vocabulary or data_path("temporal", "vocabulary.yaml")
    rules_path = rules or data_path("temporal", "rules.yaml")
    problems: list[str] = []
    raw_vocab, vocab_node = _read_yaml(vocab_path, problems)
    raw_rules, rules_node = _read_yaml(rules_path, problems)
    vocab_file: VocabularyFile | None = None
    rules_file: RulesFile | None = None
    if raw_vocab is not None:
        try:
            vocab_file = VocabularyFile.model_validate(raw_vocab)
        except ValidationError as exc:
            problems.extend(_validation_problems(vocab_path, vocab_node, exc))
    if raw_rules is not None:
        try:
            rules_file = RulesFile.model_validate(raw_rules)
        except ValidationError as exc:
            problems.extend(_validation_problems(rules_path, rules_node, exc))
    if vocab_file is None or rules_file is None:
        raise LexiconError("temporal data has problems:\n" + "\n".join(problems))

    placeholders = _placeholders(vocab_file)
    names: set[str] = set()
    sources: list[tuple[str, int, dict[str, tuple[str, int] | None], list[str]]] = []
    for index, entry in enumerate(rules_file.rules):
        where = _rule_where(rules_path, rules_node, index, entry)
        if entry.name in names:
            problems.append(f"{where}: duplicate rule name")
        names.add(entry.name)
        # whole words only: "now" is not in "know", "May" not in "Mayor"
        body = _expand(entry.pattern, placeholders, problems, where)
        guard_sources: dict[str, tuple[str, int] | None] = {}
        for field in ("require_in", "require_before", "reject_before", "reject_after"):
            source = getattr(entry, field)
            if source is None:
                guard_sources[field] = None
                continue
            guard = _expand(source, placeholders, problems, f"{where}: {field}")
            if field.endswith("_before"):
                guard = f"(?:{guard})\\Z" if not guard.startswith("(?i)") else f"(?i)(?:{guard[4:]})\\Z"
            guard_sources[field] = (guard, 0)
        sources.append((rf"(?<!\w)(?:{body})(?!\w)", int(re.I), guard_sources,
                        [*entry.capitalized, *entry.full_word]))
    folder = None if problems else _checked_folder(
        [(p, f, [g for g in guards.values() if g is not None], groups) for p, f, guards, groups in sources])
    checked = _is_checked(folder)
    compiled: list[CompiledRule] = []
    for index, (entry, (pattern, flags, guard_sources, groups)) in enumerate(zip(rules_file.rules, sources,
                                                                               strict=True)):
        where = _rule_where(rules_path, rules_node, index, entry)
        regex = _rule_regex(pattern, flags, problems, where, checked=checked)
        guards = {field: None if source is None
                  else _rule_regex(*source, problems, f"{where}: {field}", checked=checked)
                  for field, source in guard_sources.items()}
        if not checked:
            for group in groups:
                if regex is not None and group not in regex.groupindex:
                    problems.append(f"{where}: capitalized/full_word names group {group!r}, which the pattern "
                                    "lacks")
        if regex is not None:
            compiled.append(CompiledRule(index, entry, regex, **guards))
    future = _cue_regex(vocab_file.future_cues, problems, str(vocab_path))
    past = _cue_regex(vocab_file.past_cues, problems, str(vocab_path), passive_guard=True)
    lead_words = re.compile(
        rf"(?<![\w'])(?:(?P<future>{_alternation(vocab_file.future_lead_words) or '(?!x)x'})"
        rf"|(?P<past>{_alternation(vocab_file.past_lead_words) or '(?!x)x'}))\s+(?:(?:the|on|at|in)\s+)?\Z",
        re.I)
    if problems:
        raise LexiconError("temporal data has problems:\n" + "\n".join(problems))
    if not checked:
        _note_checked(folder)

    months = {normalise_words(k): v for k, v in vocab_file.months.items()}
    longest: dict[int, str] = {}
    for name, number in months.items():
        if len(name) > len(longest.get(number, "")):
            longest[number] = name
    units = {normalise_words(k): v for k, v in vocab_file.units.items()}
    unit_forms = {u: u for u in units} | {_plural(u): u for u in units}
    return TemporalGrammar(
        months=months,
        full_month_names=frozenset(longest.values()),
        weekdays={normalise_words(k): v for k, v in vocab_file.weekdays.items()},
        numbers={normalise_words(k): v for k, v in vocab_file.numbers.items()},
        vague_numbers=frozenset(normalise_words(v) for v in vocab_file.vague_numbers),
        ordinals={normalise_words(k): v for k, v in vocab_file.ordinals.items()},
        units=units,
        unit_forms=unit_forms,
        seasons={normalise_words(k): v for k, v in vocab_file.seasons.items()},
        day_parts={normalise_words(k): v for k, v in vocab_file.day_parts.items()},
        holidays={normalise_words(k): v for k, v in vocab_file.holidays.items()},
        set_words={normalise_words(k): v for k, v in vocab_file.set_words.items()},
        rules=tuple(compiled),
        date_modifiers=_modifier_regex(vocab_file.date_modifiers),
        duration_modifiers=_modifier_regex(vocab_file.duration_modifiers),
        future_cues=future,
        past_cues=past,
        lead_words=lead_words,
        sources=(str(vocab_path), str(rules_path)),
        trigger=build_trigger([rule.regex for rule in compiled]),
        future_trigger=build_trigger([future], word_start=False),
        past_trigger=build_trigger([past], word_start=False),
    )


@functools.cache
def default_grammar() -> TemporalGrammar:
    """The shipped grammar, loaded and compiled once per process (an explicit cache)."""
    return load_temporal_grammar()
