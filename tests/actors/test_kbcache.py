"""Issue 16: the actor knowledge base's cache answers as the knowledge base built in memory does, is keyed by
the files' contents, survives damage, and keeps only the last few folders."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from eventwire.actors import kbcache
from eventwire.actors.kb import ActorKB, build_kb, shipped_actor_files

pytestmark = pytest.mark.issue(16)

HEADER = {"schema_version": 1, "kind": "actors"}


def _write(path: Path, *entries: dict[str, object]) -> Path:
    path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in (HEADER, *entries)) + "\n",
                    encoding="utf-8")
    return path


def test_kb_cache_of_the_shipped_files_is_the_knowledge_base_built_in_memory(tmp_path: Path) -> None:
    paths = shipped_actor_files()
    memory = build_kb(paths)
    kbcache.write_cache(memory, tmp_path / "kb")
    cached = kbcache.read_cache(tmp_path / "kb")
    assert isinstance(cached.entries, kbcache.LazyEntries) and isinstance(cached.names, kbcache.LazyNames)
    assert list(cached.entries) == list(memory.entries) and len(cached) == len(memory) > 20000
    assert all(cached.entries[i] == entry for i, entry in memory.entries.items())
    assert dict(cached.names.items()) == memory.names
    assert (cached.lengths, cached.countries, cached.offices, cached.titles, cached.surnames, cached.sources) == \
        (memory.lengths, memory.countries, memory.offices, memory.titles, memory.surnames, memory.sources)
    assert cached.names.get(("nowhere", "land")) is None and ("nowhere",) not in cached.names
    for text, day in [("Foreign Minister Mevlüt Çavuşoğlu", "2019-07-05"), ("Turkey's foreign minister", "2024-03-01"),
                      ("the Syrian regime", None), ("U.N. officials", None), ("Hayat Tahrir al-Sham militants", None)]:
        assert cached.resolve(text, day) == memory.resolve(text, day)


def test_kb_cache_built_once_per_content_and_rebuilt_when_damaged(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path / "cache"))
    mine = _write(tmp_path / "mine.jsonl",
                  {"id": "mine:zorblax", "type": "organization", "names": ["Zorblax Front"], "code": "SYRREB"})
    built: list[int] = []

    def build() -> ActorKB:
        built.append(1)
        return build_kb([mine])

    first = kbcache.cached_kb([mine], build)
    assert kbcache.cached_kb([mine], build).resolve("Zorblax Front").code == first.resolve("Zorblax Front").code \
        == "SYRREB"
    assert built == [1]
    [folder] = (tmp_path / "cache").iterdir()
    assert folder.name.startswith(f"actors-v{kbcache.CACHE_VERSION}-")
    (folder / "index.json").write_text("{broken", encoding="utf-8")
    assert kbcache.cached_kb([mine], build).resolve("Zorblax Front").code == "SYRREB" and built == [1, 1]

    # an edited file is another cache: the edit is seen
    _write(mine, {"id": "mine:zorblax", "type": "organization", "names": ["Zorblax Front"], "code": "SYRGOV"})
    assert kbcache.cached_kb([mine], build).resolve("Zorblax Front").code == "SYRGOV" and built == [1, 1, 1]
    assert len(list((tmp_path / "cache").iterdir())) == 2


def test_kb_cache_keeps_the_last_folders_and_can_be_turned_off(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path / "cache"))
    for k in range(kbcache.KEEP + 3):
        path = _write(tmp_path / "mine.jsonl", {"id": "mine:x", "type": "organization", "names": [f"Group {k}"],
                                                "code": "SYRREB"})
        assert kbcache.cached_kb([path], functools.partial(build_kb, [path])).resolve(f"Group {k}").code == "SYRREB"
    assert len(list((tmp_path / "cache").iterdir())) == kbcache.KEEP

    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path / "off"))
    monkeypatch.setenv("EVENTWIRE_NO_CACHE", "1")
    kb = kbcache.cached_kb([path], lambda: build_kb([path]))
    assert isinstance(kb.entries, dict) and not (tmp_path / "off").exists()


def test_kb_cache_unwritable_falls_back_to_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(blocked / "cache"))
    mine = _write(tmp_path / "mine.jsonl",
                  {"id": "mine:zorblax", "type": "organization", "names": ["Zorblax Front"], "code": "SYRREB"})
    kb = kbcache.cached_kb([mine], lambda: build_kb([mine]))
    assert kb.resolve("Zorblax Front").code == "SYRREB" and isinstance(kb.entries, dict)
    assert "cannot write the actor cache" in caplog.text
