"""eventwire.cache: a cache folder is built once, read after, and old folders of its kind do not pile up."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from eventwire.cache import kind_prefix, load_or_build, write_folder


def _load(root: Path, name: str, value: dict[str, int], built: list[str], keep: int = 3) -> dict[str, int]:
    def read(folder: Path) -> dict[str, int]:
        return dict(json.loads((folder / "value.json").read_text(encoding="utf-8")))

    def build() -> dict[str, int]:
        built.append(name)
        return value

    def write(data: dict[str, int], folder: Path) -> None:
        write_folder(folder, lambda tmp: (tmp / "value.json").write_text(json.dumps(data), encoding="utf-8"),
                     complete="value.json")

    return load_or_build("test", lambda: root / name, "value.json", read, build, write, keep=keep)


def test_kind_prefix_spans_every_layout_version() -> None:
    assert kind_prefix(Path("/c/gazetteer-v1-b87b6b6b18da4fab")) == "gazetteer-v"
    assert kind_prefix(Path("/c/temporal-checked-v1-bfe90389438e10ea")) == "temporal-checked-v"


def test_a_cache_is_built_once_and_old_folders_of_its_kind_are_removed(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTWIRE_NO_CACHE", raising=False)
    root = tmp_path / "cache"
    root.mkdir()
    other = root / "trigger-v1-0000"  # another kind of cache: never touched by this one's pruning
    other.mkdir()
    built: list[str] = []
    assert _load(root, "thing-v1-aaaa", {"n": 1}, built) == {"n": 1}
    assert _load(root, "thing-v1-aaaa", {"n": 99}, built) == {"n": 1} and built == ["thing-v1-aaaa"]

    # an older layout version and three newer digests: only the three most recently used remain
    for age, name in enumerate(["thing-v0-old", "thing-v1-aaaa"]):
        stamp = 1_000_000 + age
        (root / name).mkdir(exist_ok=True)
        os.utime(root / name, (stamp, stamp))
    for n, name in enumerate(["thing-v2-bbbb", "thing-v2-cccc", "thing-v2-dddd"]):
        assert _load(root, name, {"n": n}, built) == {"n": n}
    assert sorted(p.name for p in root.iterdir()) == ["thing-v2-bbbb", "thing-v2-cccc", "thing-v2-dddd",
                                                      "trigger-v1-0000"]
    # keep=1: a new folder replaces the others of its kind
    assert _load(root, "thing-v2-eeee", {"n": 7}, built, keep=1) == {"n": 7}
    assert sorted(p.name for p in root.iterdir()) == ["thing-v2-eeee", "trigger-v1-0000"]
