"""The events of 40 LGL articles, byte for byte as tests/data/lgl_events_subset.jsonl holds them (issue 16).

A speed change must not change one event. When coding rules change on purpose, write the snapshot again:
``python tools/lgl_snapshot.py --write`` (and look at the diff before committing it).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "tests" / "data" / "lgl_events_subset.jsonl"


def _tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("lgl_snapshot", ROOT / "tools" / "lgl_snapshot.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.model
def test_lgl_subset_events_identical_to_the_snapshot(shared: Path) -> None:
    tool = _tool()
    corpus = shared / "data" / "corpus" / "lgl_news.jsonl"
    if not corpus.is_file():
        pytest.skip(f"{corpus} is not there")
    expected = SNAPSHOT.read_text(encoding="utf-8")
    actual = tool.snapshot_text(corpus, tool._snapshot_ids(SNAPSHOT))
    if actual != expected:
        import difflib

        diff = "\n".join(list(difflib.unified_diff(expected.splitlines(), actual.splitlines(), "snapshot", "now",
                                                   lineterm="", n=0))[:20])
        pytest.fail("the LGL events differ from tests/data/lgl_events_subset.jsonl; if the change is meant, run "
                    f"python tools/lgl_snapshot.py --write\n{diff}")
