"""The memory-mapped gazetteer cache answers as the gazetteer built in memory does (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.geo import gazcache
from eventwire.geo.gazetteer import MATCH_ALIAS, Gazetteer, GazetteerEntry


def _small() -> Gazetteer:
    entries = [
        GazetteerEntry(0, 163843, "Syria", "country", 1, "SYR", "SY", None, None, None, 35.0, 38.0, 22_000_000),
        GazetteerEntry(1, 169389, "Idlib", "city", 4, "SYR", "SY", "Idlib", 169388, None, 35.93, 36.63, 128_000),
        GazetteerEntry(2, None, "Middle East", "region", 0, None, None, None, None, None, None, None, 0),
        GazetteerEntry(3, 2210247, "Tripoli", "city", 4, "LBY", "LY", "Tripoli", 1, 2, 32.9, 13.2, 1_150_000, "LY"),
        GazetteerEntry(4, 7, "Ḩalab · \u00e9", "city", 4, "", "SY", None, None, None, 36.2, 37.2, 0),
    ]
    names = {"syria": [(0, 0)], "idlib": [(1, 0)], "middle east": [(2, 0), (0, MATCH_ALIAS)], "tripoli": [(3, 0)],
             "halab": [(4, 0)], "ḩalab": [(4, 2)]}
    return Gazetteer(entries=entries, names=names, by_geonameid={163843: 0, 169389: 1, 2210247: 3, 7: 4},
                     country_by_iso2={"SY": 0}, capital_of={"LY": 3}, demonyms={"syrian": 0},
                     abbreviations={"syr.": [0]}, source="test")


def test_gazetteer_cache_gives_what_the_gazetteer_in_memory_gives(tmp_path: Path) -> None:
    memory = _small()
    gazcache.write_cache(memory, tmp_path / "cache")
    mapped = gazcache.read_cache(tmp_path / "cache")
    assert list(mapped.entries) == memory.entries and len(mapped.entries) == len(memory.entries)
    for key, hits in memory.names.items():
        assert mapped.names.get(key) == hits
    assert mapped.names.get("nowhere") is None and "nowhere" not in mapped.names
    for text in ("Syria", "Middle East", "Syr.", "TRIPOLI", "Nowhere"):
        assert mapped.lookup(text) == memory.lookup(text)
    for geonameid in (163843, 7, 2210247, 5, -1):
        assert mapped.get(geonameid) == memory.get(geonameid)
    assert mapped.capital("LY") == memory.capital("LY") and mapped.demonym("Syrian") == memory.demonym("Syrian")
    assert mapped.country("SY") == memory.country("SY") and mapped.source == "test"


def test_gazetteer_cache_built_once_then_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(gazcache, "shipped_sources", lambda: [Path(gazcache.__file__)])
    built = []

    def build() -> Gazetteer:
        built.append(1)
        return _small()

    first = gazcache.cached_gazetteer(build)
    second = gazcache.cached_gazetteer(build)
    assert built == [1] and first.lookup("Idlib") == second.lookup("Idlib") == _small().lookup("Idlib")
    [folder] = [p for p in tmp_path.iterdir() if not p.name.startswith(".")]
    assert folder.name.startswith(f"gazetteer-v{gazcache.CACHE_VERSION}-")
    (folder / "meta.json").write_text("{broken", encoding="utf-8")  # a damaged cache is built again
    assert gazcache.cached_gazetteer(build).lookup("Syria") == _small().lookup("Syria") and built == [1, 1]


def test_gazetteer_cache_unwritable_falls_back_to_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(blocker / "sub"))
    monkeypatch.setattr(gazcache, "shipped_sources", lambda: [Path(gazcache.__file__)])
    gazetteer = gazcache.cached_gazetteer(_small)
    assert isinstance(gazetteer.names, dict) and gazetteer.lookup("Idlib") == _small().lookup("Idlib")
