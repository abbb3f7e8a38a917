"""The records' ``to_dict``: what ``dataclasses.asdict`` gives, for every record the pipeline makes."""

from __future__ import annotations

import dataclasses
from collections import namedtuple
from pathlib import Path
from typing import Any

import pytest

from eventwire import Article
from eventwire.document import asdict
from eventwire.pipeline import code_article, make_pipeline


@pytest.mark.model
@pytest.mark.issue(16)
def test_records_to_dict_are_dataclasses_asdict(seed_path: Path) -> None:
    doc = code_article(Article("seed", seed_path.read_text(encoding="utf-8"), published="2019-07-05"),
                       make_pipeline())
    records: list[Any] = [doc.article, *doc.events, *doc.actor_mentions, *doc.places]
    assert len(doc.events) >= 3 and doc.places
    for record in records:
        assert record.to_dict() == dataclasses.asdict(record)
    event = doc.events[0]
    assert event.to_dict()["casualties"] == dataclasses.asdict(event.casualties)


def test_asdict_copies_containers_and_keeps_their_types() -> None:
    @dataclasses.dataclass
    class Inner:
        words: list[str]
        pair: tuple[int, int]

    Point = namedtuple("Point", "x y")

    @dataclasses.dataclass
    class Outer:
        inner: Inner
        table: dict[str, list[Inner]]
        point: Point
        flag: bool | None = None

    value = Outer(Inner(["a"], (1, 2)), {"k": [Inner([], (3, 4))]}, Point(1.5, 2))
    out = asdict(value)
    assert out == dataclasses.asdict(value)
    assert type(out["point"]) is Point and type(out["inner"]["pair"]) is tuple
    out["inner"]["words"].append("b")
    assert value.inner.words == ["a"]  # a copy, not the record's own list
