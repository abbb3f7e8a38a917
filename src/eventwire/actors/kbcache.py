"""The actor knowledge base as a prebuilt cache: its index loads in a tenth of a second, its entries on demand.

Reading, validating and indexing the 28,000 entries of ``data/actors/*.jsonl`` takes seconds and about 100 MB
of pydantic objects per process, though an article touches a few dozen of them. Once built, the knowledge base
is written to a folder of the user's cache (:mod:`eventwire.cache`: ``$EVENTWIRE_CACHE_DIR`` or
``~/.cache/eventwire``), ``actors-v<version>-<digest of the files>``:

- ``entries.jsonl``: every entry, validated, one JSON object a line, in the knowledge base's order; the
  file is memory-mapped, so every process on the machine shares its pages, and an entry is validated into
  an :class:`~eventwire.actors.schema.ActorEntry` the first time a lookup returns it;
- ``index.json``: entry ids and line offsets, the name index (name key -> entry, match mode, rank), countries,
  surnames and the offices and titles (entry and role number).

The digest covers the names and contents of every file in load order (shipped and user files), so an edited
file builds a new cache and a stale one is never read. Every lookup gives what the knowledge base built in
memory gives (the tests compare the two whole).
"""

from __future__ import annotations

import json
import mmap
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from eventwire.actors.kb import ActorKB, NameHit, OfficeHolding, role_bounds
from eventwire.actors.schema import ActorEntry
from eventwire.cache import cache_root, digest_files, load_or_build, write_folder

CACHE_VERSION = 1
"""Bump when the layout below changes."""
_SEP = "\x1f"
_MODES = ("proper", "acronym", "word", "people")
KEEP = 8
"""Knowledge-base caches kept (the shipped files alone, and each set of user files last used)."""


def cache_dir(paths: list[Path]) -> Path:
    """The cache folder of the knowledge base of exactly these files, in this order."""
    return cache_root() / f"actors-v{CACHE_VERSION}-{digest_files(f'actor cache {CACHE_VERSION}', paths)}"


class LazyEntries(Mapping[str, ActorEntry]):
    """``kb.entries``: id -> entry, each validated from its cached line the first time it is asked for."""

    def __init__(self, ids: list[str], offsets: list[int], lines: Any) -> None:
        self._ids = ids
        self._ordinal = {entry_id: k for k, entry_id in enumerate(ids)}
        self._offsets = offsets
        self._lines = lines  # bytes or an mmap of entries.jsonl
        self._made: dict[str, ActorEntry] = {}

    def __getitem__(self, entry_id: str) -> ActorEntry:
        entry = self._made.get(entry_id)
        if entry is None:
            k = self._ordinal[entry_id]
            entry = ActorEntry.model_validate_json(self._lines[self._offsets[k]: self._offsets[k + 1]])
            self._made[entry_id] = entry
        return entry

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._ordinal

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


class LazyNames(Mapping[tuple[str, ...], tuple[NameHit, ...]]):
    """``kb.names``: name key -> its :class:`~eventwire.actors.kb.NameHit` tuple, made when first asked for."""

    def __init__(self, keys: list[str], hit_offsets: Any, hits: Any, ids: list[str]) -> None:
        self._keys = keys
        self._ordinal = dict(zip(keys, range(len(keys)), strict=True))
        self._hit_offsets = hit_offsets
        self._hits = hits
        self._ids = ids
        self._made: dict[str, tuple[NameHit, ...]] = {}

    def get(self, key: tuple[str, ...], default: Any = None) -> Any:
        joined = _SEP.join(key)
        made = self._made.get(joined)
        if made is None:
            k = self._ordinal.get(joined)
            if k is None:
                return default
            rows = self._hits[int(self._hit_offsets[k]): int(self._hit_offsets[k + 1])].tolist()
            made = self._made[joined] = tuple(NameHit(self._ids[e], _MODES[mode], rank) for e, mode, rank in rows)
        return made

    def __getitem__(self, key: tuple[str, ...]) -> tuple[NameHit, ...]:
        made = self.get(key)
        if made is None:
            raise KeyError(key)
        return made

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and _SEP.join(key) in self._ordinal

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return (tuple(key.split(_SEP)) for key in self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def _array(folder: Path, name: str) -> Any:
    # plain arrays over the mapped pages (np.memmap's own indexing runs Python code on every access)
    return np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)


def write_cache(kb: ActorKB, folder: Path) -> None:
    """Write the built knowledge base ``kb`` as a cache folder."""
    write_folder(folder, lambda tmp: _fill(kb, tmp), complete="index.json")


def _fill(kb: ActorKB, tmp: Path) -> None:
    ids = list(kb.entries)
    ordinal = {entry_id: k for k, entry_id in enumerate(ids)}
    offsets = [0]
    with open(tmp / "entries.jsonl", "wb") as out:
        for entry_id in ids:
            line = kb.entries[entry_id].model_dump_json(exclude_unset=True).encode("utf-8") + b"\n"
            out.write(line)
            offsets.append(offsets[-1] + len(line))

    def holdings(table: dict[tuple[str, Any], Any]) -> list[Any]:
        out = []
        for (top, key), held in table.items():
            rows = []
            for holding in held:
                entry = kb.entries[holding.entry_id]
                rows.append([ordinal[holding.entry_id], next(k for k, role in enumerate(entry.roles)
                                                            if role is holding.role)])
            out.append([top, key if isinstance(key, str) else _SEP.join(key), rows])
        return out

    keys = list(kb.names)
    hit_offsets = [0]
    hits = []
    for key in keys:
        hits += [(ordinal[h.entry_id], _MODES.index(h.mode), h.rank) for h in kb.names[key]]
        hit_offsets.append(len(hits))
    np.save(tmp / "offsets.npy", np.array(offsets, dtype=np.int64), allow_pickle=False)
    np.save(tmp / "hit_offsets.npy", np.array(hit_offsets, dtype=np.int64), allow_pickle=False)
    np.save(tmp / "hits.npy", np.array(hits, dtype=np.int64).reshape(-1, 3), allow_pickle=False)
    index = {
        "version": CACHE_VERSION, "sources": [str(p) for p in kb.sources], "ids": "\n".join(ids),
        "name_keys": "\n".join(_SEP.join(key) for key in keys), "lengths": kb.lengths,
        "countries": kb.countries, "surnames": kb.surnames,
        "offices": holdings(kb.offices), "titles": holdings(kb.titles),
    }
    (tmp / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")


def read_cache(folder: Path) -> ActorKB:
    """The knowledge base of a cache folder.

    Raises:
        OSError, ValueError, KeyError: the folder is missing or not a complete cache of this version.
    """
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    if index.get("version") != CACHE_VERSION:
        raise ValueError(f"{folder}: cache version {index.get('version')}, not {CACHE_VERSION}")
    ids: list[str] = index["ids"].split("\n") if index["ids"] else []
    offsets: list[int] = _array(folder, "offsets").tolist()
    with open(folder / "entries.jsonl", "rb") as handle:
        lines: Any = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if offsets[-1] else b""
    if len(lines) != offsets[-1] or len(offsets) != len(ids) + 1:
        raise ValueError(f"{folder}: entries.jsonl does not match its index")
    entries = LazyEntries(ids, offsets, lines)
    keys = index["name_keys"].split("\n") if index["name_keys"] else []
    names = LazyNames(keys, _array(folder, "hit_offsets"), _array(folder, "hits"), ids)

    def holdings(rows: list[Any], split: Callable[[str], Any]) -> dict[tuple[str, Any], tuple[Any, ...]]:
        out = {}
        for top, key, held in rows:
            made = []
            for k, role_number in held:
                role = entries[ids[k]].roles[role_number]
                start, end = role_bounds(role)
                made.append(OfficeHolding(ids[k], role, start, end))
            out[(top, split(key))] = tuple(made)
        return out

    return ActorKB(
        entries=entries, names=names,
        lengths={k: tuple(v) for k, v in index["lengths"].items()},
        countries=index["countries"],
        offices=holdings(index["offices"], str),
        titles=holdings(index["titles"], lambda key: tuple(key.split(_SEP)) if key else ()),
        surnames={k: tuple(v) for k, v in index["surnames"].items()},
        sources=tuple(Path(p) for p in index["sources"]),
    )


def cached_kb(paths: list[Path], build: Callable[[], ActorKB]) -> ActorKB:
    """The knowledge base of ``paths`` from its cache, building it with ``build()`` (which validates every file
    and raises on any problem) and writing the cache first if there is none (:func:`eventwire.cache.load_or_build`)."""

    return load_or_build("actor", lambda: cache_dir(paths), "index.json", read_cache, build, write_cache, keep=KEEP)


__all__ = ["CACHE_VERSION", "LazyEntries", "cache_dir", "cached_kb", "read_cache", "write_cache"]
