"""Issue 14: the Python API for notebooks: code(), code_many(), read_events()."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

import eventwire
from eventwire.errors import ConfigError, InputError
from eventwire.notebook import pipeline_for
from eventwire.store.sqlite import Store
from tests.store.helpers import make_coded

pytestmark = pytest.mark.issue(14)

CAIRO = "Police arrested 15 protesters in Cairo on Monday."


def test_public_api_lists_what_it_exports() -> None:
    assert {"code", "code_many", "read_events", "__version__"} <= set(eventwire.__all__)
    assert all(hasattr(eventwire, name) for name in eventwire.__all__)


@pytest.mark.model
def test_code_returns_events_and_loads_the_pipeline_once() -> None:
    events = eventwire.code(CAIRO, published="2019-07-05")
    assert [(e.source.code if e.source else None, e.cameo) for e in events] == [("EGYCOP", "173")]
    event = events[0]
    assert event.date is not None and (event.date.value, event.date.basis) == ("2019-07-01", "text")
    assert event.location is not None and event.location.name == "Cairo"
    assert CAIRO[event.trigger.start:event.trigger.end] == event.trigger.text  # offsets into the text as given
    before = pipeline_for.cache_info()
    eventwire.code("Rebels attacked a convoy near Idlib on Tuesday.", published="2019-07-05")
    after = pipeline_for.cache_info()
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)


@pytest.mark.model
def test_code_many_is_lazy_and_takes_texts_articles_and_records() -> None:
    seen: list[str] = []

    def texts() -> Iterator[object]:
        for item in (CAIRO, {"id": "r2", "text": "Turkish troops shelled Kurdish positions in Afrin on Sunday.",
                             "published": "2018-02-04"}, "   "):
            seen.append(str(item)[:5])
            yield item

    stream = eventwire.code_many(texts(), published="2019-07-05", errors="skip")
    assert seen == []  # nothing is read before the first event is asked for
    events = list(stream)
    assert {e.article_id for e in events} >= {"r2"} and len(seen) == 3
    with pytest.raises(InputError, match="empty"):
        list(eventwire.code_many(["   "]))


def test_read_events_returns_a_typed_dataframe_filtered(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    db = tmp_path / "events.db"
    with Store(db) as store:
        store.add([make_coded()])
    frame = eventwire.read_events(db)
    assert isinstance(frame, pd.DataFrame) and len(frame) == 3
    assert frame["cameo"].tolist() == ["195", "020", "010"]
    assert str(frame["date_start"].dtype).startswith("datetime64") and str(frame["article_published"].dt.tz) == "UTC"
    assert eventwire.read_events(db, country="LBY")["event_id"].tolist() == ["a1-e1"]
    assert eventwire.read_events(db, plover="request", since="2019-07")["event_id"].tolist() == ["a1-e2"]
    assert len(eventwire.read_events(db, min_confidence=0.7)) == 1
    table = eventwire.read_events(db, as_arrow=True, actor="TUR")
    assert isinstance(table, pa.Table) and table.num_rows == 2 and table.schema.field("cameo").type == pa.string()
    groups = eventwire.read_events(db, level="group")
    assert "num_mentions" in groups.columns and len(groups) >= 1
    with pytest.raises(ConfigError, match="unknown filter contry; filters are cameo, plover"):
        eventwire.read_events(db, contry="LBY")
    with pytest.raises(ConfigError, match="since '2019-13': not a real date"):
        eventwire.read_events(db, since="2019-13")


@pytest.mark.model
def test_plover_records_of_an_lgl_sample_are_valid_against_the_manuals_schema(shared: Path) -> None:
    """A fixed sample of the LGL corpus (the whole corpus: tools/validate_plover.py, see docs/export-formats.md)."""
    import io

    jsonschema = pytest.importorskip("jsonschema")
    from eventwire.ingest.read import article_from_record
    from eventwire.store.export import EventWriter
    from eventwire.store.export.data import plover_schema

    with (shared / "data" / "corpus" / "lgl_news.jsonl").open(encoding="utf-8") as handle:
        records = [json.loads(line) for _, line in zip(range(30), handle, strict=False)]
    articles = {r["id"]: article_from_record(r, r["id"], eventwire.Settings()) for r in records}
    stream = io.StringIO()
    with EventWriter(stream, "plover") as writer:
        for event in eventwire.code_many(articles.values(), errors="skip"):
            writer.write(event, articles[event.article_id])
    validator = jsonschema.Draft202012Validator(plover_schema(), format_checker=jsonschema.FormatChecker())
    lines = stream.getvalue().splitlines()
    failures = {json.loads(line)["id"]: [e.message for e in validator.iter_errors(json.loads(line))]
                for line in lines}
    assert len(lines) >= 30
    assert {k: v for k, v in failures.items() if v} == {}
