"""Load the actor knowledge base: the shipped ``data/actors/*.jsonl`` files, then the user's files.

Files load in order (shipped files by name, then ``Settings.extra_actors`` as given). A later entry with the
same ``id`` replaces the earlier one whole; a later entry sharing a name with an earlier one wins that name.
Every problem in every file is collected as ``path:line: field: message`` and raised together as one
:class:`~eventwire.errors.KnowledgeBaseError`.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from eventwire.actors.schema import ActorEntry, FileHeader, Role, parse_bound
from eventwire.config import Settings, data_path
from eventwire.errors import ConfigError, KnowledgeBaseError

log = logging.getLogger(__name__)

INTERNATIONAL = frozenset({"IGO", "NGO", "IMG", "MNC", "INT"})
"""Top-level CAMEO codes that stand where a country would (international and transnational actors)."""

_FOLD = str.maketrans({"ı": "i", "ø": "o", "Ø": "o", "ß": "ss", "æ": "ae", "Æ": "ae", "đ": "d", "Đ": "d",
                       "ł": "l", "Ł": "l", "œ": "oe", "’": "'", "‘": "'", "`": "'", "´": "'"})
_PIECE_RE = re.compile(r"[^\W_]+")
_POSSESSIVE_RE = re.compile(r"'s\b")


@functools.lru_cache(maxsize=65536)
def fold_pieces(text: str) -> tuple[str, ...]:
    """The matching key of a token or name: accent-free lower-case alphanumeric runs.

    Dots vanish (``U.N.`` -> ``un``), hyphens and apostrophes split (``al-Sham`` -> ``al sham``), a possessive
    ``'s`` stays a piece of its own, as the tokenizer splits it off.
    """
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _POSSESSIVE_RE.sub(" s", text).replace(".", "").replace("'", "")
    return tuple(_PIECE_RE.findall(text))


class StoryDateError(ConfigError, ValueError):
    """A story date that is not ``YYYY-MM-DD`` (a ConfigError, and a ValueError for plain callers)."""


def parse_day(value: str | None) -> date | None:
    """A story date (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or an ISO datetime) as a date; None stays None.

    Raises:
        StoryDateError: the value is not such a date.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()[:10]
    try:
        if re.match(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$", text):
            return parse_bound(text, end=False)
    except ValueError:
        pass
    raise StoryDateError(f"date {value!r} is not YYYY-MM-DD (e.g. 2019-07-05)")


@dataclass(frozen=True, slots=True)
class NameHit:
    """One entry a name key points to, and how the text must look to match it."""

    entry_id: str
    mode: str  # proper | acronym | word | people
    rank: int  # load order; higher wins


@dataclass(frozen=True, slots=True)
class OfficeHolding:
    entry_id: str
    role: Role
    start: date
    end: date


@dataclass(frozen=True)
class ActorKB:
    """The loaded knowledge base (immutable once built). Use :func:`load_actor_kb` to get one."""

    entries: Mapping[str, ActorEntry]  # a dict, or the cache's entries validated on demand
    names: Mapping[tuple[str, ...], tuple[NameHit, ...]]  # a dict, or the cache's index made on demand
    lengths: dict[str, tuple[int, ...]]  # first piece -> name lengths in pieces, longest first
    countries: dict[str, str]  # country code -> canonical name
    offices: dict[tuple[str, str], tuple[OfficeHolding, ...]]  # (country or IGO code, office) -> holdings
    titles: dict[tuple[str, tuple[str, ...]], tuple[OfficeHolding, ...]]  # (country, title key) -> holdings
    surnames: dict[str, tuple[str, ...]]  # last word of a person's full name -> person ids
    sources: tuple[Path, ...] = ()

    def __len__(self) -> int:
        return len(self.entries)

    def resolve(self, text: str, date: str | None = None) -> Any:
        """Resolve one noun phrase on the story date (``YYYY-MM-DD``) to a :class:`Resolution`, or None.

        Example:
            >>> kb.resolve("Foreign Minister Mevlüt Çavuşoğlu", "2019-07-05").code
            'TURGOV'
        """
        from eventwire.actors.resolve import resolve_phrase

        return resolve_phrase(self, text, parse_day(date))

    # ---- codes -------------------------------------------------------------------------------------------

    def split_code(self, code: str) -> tuple[str | None, tuple[str, ...]]:
        """``TURGOV`` -> ("TUR", ("GOV",)); ``IGOUNO`` -> (None, ("IGO", "UNO")); ``REF`` -> (None, ("REF",))."""
        chunks = tuple(code[i: i + 3] for i in range(0, len(code), 3))
        if chunks and chunks[0] in self.countries:
            return chunks[0], chunks[1:]
        return None, chunks

    def role_at(self, entry: ActorEntry, day: date | None) -> Role | None:
        """The role of ``entry`` on ``day``: the latest-starting dated role covering it, else the default.

        With no day, the most recent dated role (the knowledge base's present).
        """
        bounded = [r for r in entry.roles if r.bounded]
        if day is None:
            if bounded:
                return max(bounded, key=_role_start)
        else:
            covering = [r for r in bounded if r.covers(day)]
            if covering:
                return max(covering, key=_role_start)
        defaults = [r for r in entry.roles if not r.bounded]
        return defaults[-1] if defaults else None

    def code_at(self, entry: ActorEntry, day: date | None) -> str | None:
        """The code of ``entry`` on ``day``.

        Persons outside every dated role and without a default are their country's elite (CAMEO ``ELI``);
        other entries fall back on their undated code, then on their nearest role in time.
        """
        role = self.role_at(entry, day)
        if role is not None:
            return role.code
        if entry.code:
            return entry.code
        if not entry.roles:
            return None
        nearest = min(entry.roles, key=lambda r: _distance(r, day))
        if entry.type == "person":
            country, _ = self.split_code(nearest.code)
            return (country or nearest.code[:3]) + "ELI"
        return nearest.code

    def holder(self, top: str, office: str | None, title_key: tuple[str, ...] | None,
               day: date | None) -> OfficeHolding | None:
        """Who held a title (matched by its words, then by office) in ``top`` (a country or IGO code) on ``day``."""
        for holdings in (self.titles.get((top, title_key), ()) if title_key else (),
                         self.offices.get((top, office), ()) if office else ()):
            if not holdings:
                continue
            if day is None:
                return max(holdings, key=lambda h: h.start)
            covering = [h for h in holdings if h.start <= day <= h.end]
            if covering:
                return max(covering, key=lambda h: h.start)
        return None

    # ---- names -------------------------------------------------------------------------------------------

    def match_pieces(self, pieces: Sequence[str], start: int, accept: Any) -> tuple[int, NameHit] | None:
        """The longest name starting at ``pieces[start]`` that ``accept(length, hit)`` allows."""
        for length in self.lengths.get(pieces[start], ()):
            if start + length > len(pieces):
                continue
            hits = self.names.get(tuple(pieces[start: start + length]))
            if not hits:
                continue
            for hit in hits:
                if accept(length, hit):
                    return length, hit
        return None


def role_bounds(role: Role) -> tuple[date, date]:
    """The first and last day a role covers (``date.min`` / ``date.max`` when open)."""
    return _role_start(role), parse_bound(role.valid_to, end=True) if role.valid_to else date.max


def _role_start(role: Role) -> date:
    return parse_bound(role.valid_from, end=False) if role.valid_from else date.min


def _distance(role: Role, day: date | None) -> int:
    if day is None:
        return -_role_start(role).toordinal()
    start = _role_start(role)
    end = parse_bound(role.valid_to, end=True) if role.valid_to else date.max
    if day < start:
        return start.toordinal() - day.toordinal()
    if day > end:
        return day.toordinal() - end.toordinal()
    return 0


# ---- loading ---------------------------------------------------------------------------------------------


def shipped_actor_files() -> list[Path]:
    """The knowledge-base files shipped in ``eventwire/data/actors``, in load order (by name)."""
    return sorted(data_path("actors").glob("*.jsonl"))


def read_actor_file(path: Path, problems: list[str]) -> list[tuple[int, ActorEntry]]:
    """Validated entries of one file with their line numbers; problems are appended, not raised."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}:0: file: cannot read: {exc}")
        return []
    entries: list[tuple[int, ActorEntry]] = []
    seen: dict[str, int] = {}
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{lineno}: json: {exc.msg} (column {exc.colno})")
            continue
        if not header_seen:
            header_seen = True
            if isinstance(record, dict) and "schema_version" in record:
                try:
                    FileHeader.model_validate(record)
                except ValidationError as exc:
                    problems.extend(_format(path, lineno, exc))
                continue
            problems.append(f"{path}:{lineno}: schema_version: the first line must be the header "
                            '{"schema_version": 1, "kind": "actors"}')
        try:
            entry = ActorEntry.model_validate(record)
        except ValidationError as exc:
            problems.extend(_format(path, lineno, exc))
            continue
        if entry.id in seen:
            problems.append(f"{path}:{lineno}: id: duplicate id {entry.id!r} (first on line {seen[entry.id]})")
            continue
        seen[entry.id] = lineno
        entries.append((lineno, entry))
    if not header_seen:
        problems.append(f"{path}:1: schema_version: empty file; it needs at least the header line")
    return entries


def _format(path: Path, lineno: int, exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "entry"
        out.append(f"{path}:{lineno}: {where}: {err['msg']}")
    return out


def build_kb(paths: Iterable[Path]) -> ActorKB:
    """Read, validate and index the given files (later files override earlier ones).

    Raises:
        KnowledgeBaseError: listing every problem found, one ``path:line: field: message`` a line.
    """
    problems: list[str] = []
    files = list(paths)
    entries: dict[str, ActorEntry] = {}
    rank_of: dict[str, int] = {}
    for file_index, path in enumerate(files, 1):
        if not path.exists():
            problems.append(f"{path}:0: file: no such file")
            continue
        for k, (_, entry) in enumerate(read_actor_file(path, problems)):
            if entry.id in entries:
                log.debug("%s: entry %s overrides an earlier one", path, entry.id)
                del entries[entry.id]
            entries[entry.id] = entry
            # A name shared by several entries goes to the later file; within a file, to the earlier entry
            # (Phoenix lists "Guinea" under Guinea before Guinea-Bissau).
            rank_of[entry.id] = file_index * 10_000_000 - k
    if problems:
        raise KnowledgeBaseError(f"{len(problems)} problem(s) in the actor files:\n" + "\n".join(problems))
    return _index(entries, rank_of, tuple(files))


def _name_mode(entry: ActorEntry, name: str) -> str:
    if entry.type in ("sector", "title"):
        return "word"
    # Short names written in capitals ("US", "UN", "HTS") match only in capitals, so "us" and "un" stay words.
    letters = [ch for ch in name if ch.isalpha()]
    if sum(ch.isalnum() for ch in name) <= 3 and letters and all(ch.isupper() for ch in letters):
        return "acronym"
    return "proper"


def _index(entries: dict[str, ActorEntry], rank_of: dict[str, int], files: tuple[Path, ...]) -> ActorKB:
    countries = {e.code: e.display_name for e in entries.values() if e.type == "country" and e.code}
    names: dict[tuple[str, ...], list[NameHit]] = {}
    for entry_id, entry in entries.items():
        rank = rank_of[entry_id]
        forms = [(n, _name_mode(entry, n)) for n in entry.names + entry.adjectives]
        forms += [(p, "people") for p in entry.people]
        for form, mode in forms:
            key = fold_pieces(form)
            if key:
                names.setdefault(key, []).append(NameHit(entry_id, mode, rank))
    lengths: dict[str, set[int]] = {}
    for key in names:
        lengths.setdefault(key[0], set()).add(len(key))
    offices: dict[tuple[str, str], list[OfficeHolding]] = {}
    titles: dict[tuple[str, tuple[str, ...]], list[OfficeHolding]] = {}
    for entry_id, entry in entries.items():
        for role in entry.roles:
            if not (role.office or role.title):
                continue
            top = _top(role.code, countries)
            holding = OfficeHolding(entry_id, role, *role_bounds(role))
            if role.office:
                offices.setdefault((top, role.office), []).append(holding)
            if role.title:
                titles.setdefault((top, fold_pieces(role.title)), []).append(holding)
    surnames: dict[str, set[str]] = {}
    for entry_id, entry in entries.items():
        if entry.type == "person":
            for name in entry.names:
                key = fold_pieces(name)
                if len(key) >= 2 and len(key[-1]) >= 3:
                    surnames.setdefault(key[-1], set()).add(entry_id)
    return ActorKB(
        entries=entries,
        surnames={k: tuple(sorted(v)) for k, v in surnames.items()},
        names={k: tuple(sorted(v, key=lambda h: -h.rank)) for k, v in names.items()},
        lengths={k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
        countries=countries,
        offices={k: tuple(v) for k, v in offices.items()},
        titles={k: tuple(v) for k, v in titles.items()},
        sources=files,
    )


def _top(code: str, countries: dict[str, str]) -> str:
    """The key an office is filed under: the country, or the whole code of an international body."""
    return code[:3] if code[:3] in countries else code


@functools.lru_cache(maxsize=8)
def _load_cached(key: tuple[tuple[str, int, int], ...]) -> ActorKB:
    from eventwire.actors.kbcache import cached_kb
    from eventwire.config import bulk_load

    paths = [Path(p) for p, _, _ in key]

    def build() -> ActorKB:
        with bulk_load():
            return build_kb(paths)

    with bulk_load():
        return cached_kb(paths, build)


def load_actor_kb(settings: Settings) -> ActorKB:
    """The knowledge base for ``settings``: shipped files plus ``settings.extra_actors``, loaded once per process.

    The cache is keyed by the files and their modification times, so an edited user file is read again.

    Raises:
        KnowledgeBaseError: a file is missing or has invalid entries (all problems listed).
    """
    return load_kb_files(shipped_actor_files() + [Path(p) for p in settings.extra_actors])


def load_kb_files(paths: Sequence[Path]) -> ActorKB:
    """The knowledge base of exactly these files, in this order, loaded once per process (cached by path,
    modification time and size)."""
    key = []
    for path in paths:
        try:
            stat = path.stat()
            key.append((str(path), stat.st_mtime_ns, stat.st_size))
        except OSError:
            key.append((str(path), 0, -1))
    return _load_cached(tuple(key))
