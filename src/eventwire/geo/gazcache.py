"""The shipped gazetteer as a memory-mapped binary cache: loaded in milliseconds, shared by forked workers.

Building the gazetteer from ``data/geo/gazetteer.tsv.gz`` and ``places.yml`` takes seconds and a quarter of a
gigabyte of Python objects per process. Built once, the same tables are written as flat arrays (NumPy ``.npy``
files: integers, floats, UTF-8 bytes and offsets, and an open-addressing hash table of the name keys) into a
folder of the user's cache (``$EVENTWIRE_CACHE_DIR``, else ``$XDG_CACHE_HOME/eventwire``, else
``~/.cache/eventwire``) and memory-mapped from then on: a process reads only the pages it touches, and every
process on the machine shares them through the page cache.

- **Versioned**: the folder's name carries :data:`CACHE_VERSION` and a digest of the two shipped files, so an
  upgrade or changed data builds a new cache and never reads a stale one.
- **Atomic**: it is written into a temporary folder beside it and renamed into place; a process that finds
  the folder reads a complete cache, and two processes building at once both end with the same one.
- **Safe**: only ``.npy`` arrays of numbers and bytes (``allow_pickle=False``) and one JSON file are read; a
  cache that cannot be read or written (a read-only home, a full disk) is bypassed and the gazetteer is built
  in memory as before.

Every lookup gives what the in-memory :class:`~eventwire.geo.gazetteer.Gazetteer` gives (the tests compare
them). ``python tools/build_caches.py`` builds the cache ahead of time (say, in a container image).
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import numpy as np

from eventwire.cache import cache_root, digest_files, load_or_build, write_folder
from eventwire.config import data_path
from eventwire.geo.gazetteer import Gazetteer, GazetteerEntry

CACHE_VERSION = 1
"""Bump when the layout below changes."""
_NONE = "\x00"
_SEP = "\x1f"
_STRING_FIELDS = ("name", "kind", "country", "country2", "admin1", "capital_of")
_INT_FIELDS = ("geonameid", "level", "admin1_id", "admin2_id", "population")
_SEEN = 100_000
"""Name keys whose hits a process remembers (then it starts again)."""


def _digest(paths: list[Path]) -> str:
    return digest_files(f"gazetteer cache {CACHE_VERSION}", paths)


def shipped_sources() -> list[Path]:
    return [data_path("geo", "gazetteer.tsv.gz"), data_path("geo", "places.yml")]


def cache_dir(sources: list[Path] | None = None) -> Path:
    return cache_root() / f"gazetteer-v{CACHE_VERSION}-{_digest(sources or shipped_sources())}"


def _strings(values: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """UTF-8 bytes of ``values`` one after another, and their offsets (one more than values)."""
    encoded = [v.encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets


def _hash(key: bytes) -> int:
    return zlib.crc32(key)


def write_cache(gazetteer: Gazetteer, folder: Path) -> None:
    """Write ``gazetteer`` as a cache folder (atomically: built beside it, then renamed)."""
    write_folder(folder, lambda tmp: _fill(gazetteer, tmp), complete="meta.json")


def _fill(gazetteer: Gazetteer, tmp: Path) -> None:
    entries = gazetteer.entries
    ints = np.array([[-1 if (v := getattr(e, f)) is None else v for f in _INT_FIELDS] for e in entries],
                    dtype=np.int64).reshape(len(entries), len(_INT_FIELDS))
    floats = np.array([[math.nan if e.lat is None else e.lat, math.nan if e.lon is None else e.lon]
                       for e in entries], dtype=np.float64).reshape(len(entries), 2)
    records = [_SEP.join(_NONE if (v := getattr(e, f)) is None else v for f in _STRING_FIELDS) for e in entries]
    record_bytes, record_offsets = _strings(records)
    keys = list(gazetteer.names)
    key_bytes, key_offsets = _strings(keys)
    hit_offsets = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum([len(gazetteer.names[k]) for k in keys], out=hit_offsets[1:])
    hits = np.array([hit for k in keys for hit in gazetteer.names[k]], dtype=np.int32).reshape(-1, 2)
    size = 1 << max(4, (2 * len(keys)).bit_length())
    table = np.full(size, -1, dtype=np.int32)
    mask = size - 1
    for ordinal, key in enumerate(keys):
        slot = _hash(key.encode("utf-8")) & mask
        while table[slot] != -1:
            slot = (slot + 1) & mask
        table[slot] = ordinal
    gids = sorted(gazetteer.by_geonameid.items())
    arrays = {"ints": ints, "floats": floats, "record_bytes": record_bytes, "record_offsets": record_offsets,
              "key_bytes": key_bytes, "key_offsets": key_offsets, "hit_offsets": hit_offsets, "hits": hits,
              "table": table, "gid_keys": np.array([g for g, _ in gids], dtype=np.int64),
              "gid_values": np.array([i for _, i in gids], dtype=np.int64)}
    for name, array in arrays.items():
        np.save(tmp / f"{name}.npy", array, allow_pickle=False)
    meta = {"version": CACHE_VERSION, "entries": len(entries), "source": gazetteer.source,
            "country_by_iso2": gazetteer.country_by_iso2, "capital_of": gazetteer.capital_of,
            "demonyms": gazetteer.demonyms, "abbreviations": gazetteer.abbreviations}
    (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


class _Entries:
    """``gazetteer.entries`` read from the arrays, each entry made once when first asked for."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self._ints = arrays["ints"]
        self._floats = arrays["floats"]
        self._bytes = arrays["record_bytes"]
        self._offsets = arrays["record_offsets"]
        self._made: dict[int, GazetteerEntry] = {}

    def __len__(self) -> int:
        return len(self._ints)

    def __iter__(self) -> Iterator[GazetteerEntry]:
        return (self[i] for i in range(len(self)))

    def __getitem__(self, index: int) -> GazetteerEntry:
        entry = self._made.get(index)
        if entry is None:
            if index < 0:
                index += len(self)
            start, end = int(self._offsets[index]), int(self._offsets[index + 1])
            fields = bytes(self._bytes[start:end]).decode("utf-8").split(_SEP)
            strings = {f: None if v == _NONE else v for f, v in zip(_STRING_FIELDS, fields, strict=True)}
            ints = {f: None if v == -1 and f != "population" else int(v)
                    for f, v in zip(_INT_FIELDS, self._ints[index].tolist(), strict=True)}
            lat, lon = self._floats[index].tolist()
            entry = GazetteerEntry(index=index, lat=None if math.isnan(lat) else lat,
                                   lon=None if math.isnan(lon) else lon, **strings, **ints)  # type: ignore[arg-type]
            self._made[index] = entry
        return entry


class _Names:
    """``gazetteer.names``: name key -> [(entry index, MATCH_*)], through the hash table."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self._table = arrays["table"]
        self._mask = len(self._table) - 1
        self._key_bytes = arrays["key_bytes"]
        self._key_offsets = arrays["key_offsets"]
        self._hit_offsets = arrays["hit_offsets"]
        self._hits = arrays["hits"]
        self._seen: dict[str, list[tuple[int, int]] | None] = {}

    def __len__(self) -> int:
        return len(self._key_offsets) - 1

    def get(self, key: str, default: Any = None) -> Any:
        """The hits of ``key`` (a new list each time, as callers may extend it), or ``default``."""
        if key in self._seen:
            seen = self._seen[key]
        else:
            if len(self._seen) > _SEEN:
                self._seen.clear()
            seen = self._seen[key] = self._find(key)
        return default if seen is None else list(seen)

    def _find(self, key: str) -> list[tuple[int, int]] | None:
        encoded = key.encode("utf-8")
        slot = _hash(encoded) & self._mask
        table, offsets, blob = self._table, self._key_offsets, self._key_bytes
        while True:
            ordinal = int(table[slot])
            if ordinal == -1:
                return None
            start, end = int(offsets[ordinal]), int(offsets[ordinal + 1])
            if end - start == len(encoded) and blob[start:end].tobytes() == encoded:
                first, last = int(self._hit_offsets[ordinal]), int(self._hit_offsets[ordinal + 1])
                return [(int(i), int(how)) for i, how in self._hits[first:last].tolist()]
            slot = (slot + 1) & self._mask

    def __getitem__(self, key: str) -> Any:
        hits = self.get(key)
        if hits is None:
            raise KeyError(key)
        return hits

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None


class _GeonameIds:
    """``gazetteer.by_geonameid``: a sorted array searched by halves."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self._keys = arrays["gid_keys"]
        self._values = arrays["gid_values"]

    def get(self, geonameid: int, default: Any = None) -> Any:
        at = int(np.searchsorted(self._keys, geonameid))
        if at < len(self._keys) and int(self._keys[at]) == geonameid:
            return int(self._values[at])
        return default

    def __len__(self) -> int:
        return len(self._keys)


def read_cache(folder: Path) -> Gazetteer:
    """The gazetteer of a cache folder, memory-mapped.

    Raises:
        OSError, ValueError: the folder is missing or not a complete cache of this version.
    """
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    if meta.get("version") != CACHE_VERSION:
        raise ValueError(f"{folder}: cache version {meta.get('version')}, not {CACHE_VERSION}")
    names = ("ints", "floats", "record_bytes", "record_offsets", "key_bytes", "key_offsets", "hit_offsets", "hits",
             "table", "gid_keys", "gid_values")
    # plain arrays over the mapped pages: np.memmap's own indexing runs Python code on every access
    arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)
              for name in names}
    if len(arrays["ints"]) != meta["entries"]:
        raise ValueError(f"{folder}: {len(arrays['ints'])} entries, the metadata says {meta['entries']}")
    return Gazetteer(
        entries=cast(Any, _Entries(arrays)), names=cast(Any, _Names(arrays)),
        by_geonameid=cast(Any, _GeonameIds(arrays)), country_by_iso2=meta["country_by_iso2"],
        capital_of=meta["capital_of"], demonyms=meta["demonyms"], abbreviations=meta["abbreviations"],
        source=meta["source"])


def cached_gazetteer(build: Any) -> Gazetteer:
    """The shipped gazetteer from its cache, building the cache with ``build()`` (the in-memory gazetteer)
    first if there is none (:func:`eventwire.cache.load_or_build`)."""
    return load_or_build("gazetteer", cache_dir, "meta.json", read_cache, cast(Any, build), write_cache,
                         keep=2)  # this version's and the one before (another environment's)
