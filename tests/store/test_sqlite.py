"""Issue 6: the SQLite store — versioned schema, keyed by content hash, WAL readers beside one writer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from eventwire.errors import StoreError
from eventwire.store.records import event_from_record
from eventwire.store.sqlite import Store, migrations, schema_version
from tests.store.helpers import TEXT, make_article, make_coded, make_events

pytestmark = pytest.mark.issue(6)


def test_store_new_file_gets_every_table_at_the_current_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with Store(path) as store:
        assert store.version == schema_version() == len(migrations()) >= 1
        assert store.counts() == {"articles": 0, "events": 0, "actors": 0, "places": 0, "skipped": 0}
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("PRAGMA user_version").fetchone()[0] == schema_version()
    indexes = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"events_date", "events_cameo", "events_plover", "events_source", "events_target", "events_country",
            "events_latlon", "events_article"} <= indexes


def test_store_writer_caches_pages_and_checkpoints_in_large_steps_readers_do_not(tmp_path: Path) -> None:
    """A batch of a large store dirties about 1,500 pages: the writer keeps 64 MiB of them and checkpoints every
    8,192 WAL pages (SQLite's 2 MiB and 1,000 checkpointed after every batch); readers stay small."""
    path = tmp_path / "tuned.db"
    with Store(path) as store:
        store.add([make_coded()])
        assert store.conn.execute("PRAGMA cache_size").fetchone()[0] == -65536
        assert store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 8192
        assert store.conn.execute("PRAGMA journal_size_limit").fetchone()[0] == 64 * 1024 * 1024
    default = sqlite3.connect(":memory:").execute("PRAGMA cache_size").fetchone()[0]  # this SQLite's own
    with Store(path, readonly=True) as reader:
        assert reader.conn.execute("PRAGMA cache_size").fetchone()[0] == default != -65536


def test_store_same_article_twice_adds_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        assert store.add([make_coded()]) == (1, 3)
        assert store.add([make_coded()]) == (0, 0)
        # the same text under another id is the same article
        assert store.add([make_coded(article_id="other-id")]) == (0, 0)
        assert store.counts() == {"articles": 1, "events": 3, "actors": 1, "places": 1, "skipped": 0}


def test_store_keeps_indexed_columns_and_the_full_record(db: Path) -> None:
    raw = sqlite3.connect(db)
    row = raw.execute("SELECT article_id, date, cameo, cameo_root, plover_type, target_code, country, lat, lon,"
                      " killed FROM events WHERE event_id = 'a1-e1'").fetchone()
    assert row == ("a1", "2019-07-03", "195", "19", "ASSAULT", "LBYREF", "LBY", 32.88743, 13.18733, 44)
    with Store(db, readonly=True) as store:
        records = list(store.event_records())
    assert records == [e.to_dict() for e in make_events(make_article())]


def test_store_events_come_back_with_their_article(db: Path) -> None:
    with Store(db, readonly=True) as store:
        pairs = list(store.events_with_articles())
        assert store.article("a1") == make_article()
    assert [event for event, _ in pairs] == make_events(make_article())
    assert all(article == make_article() for _, article in pairs)
    assert all(article.text[e.trigger.start:e.trigger.end] == e.trigger.text for e, article in pairs)


def test_store_event_record_round_trips(db: Path) -> None:
    for event in make_events(make_article()):
        assert event_from_record(event.to_dict()) == event


def test_store_skipped_input_is_recorded_once(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        for _ in range(2):
            store.add([], [("bad.html", "no main text found", "EW206", None)])
        rows = store.skipped()
    assert [(r["input"], r["reason"], r["code"]) for r in rows] == [("bad.html", "no main text found", "EW206")]


def test_store_reader_sees_commits_while_the_writer_is_open(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as writer:
        writer.add([make_coded()])
        with Store(path, readonly=True) as reader:
            assert reader.counts()["events"] == 3
            writer.add([make_coded(TEXT + " More.", "a2")])
            assert reader.counts()["articles"] == 2
            with pytest.raises(sqlite3.OperationalError, match="readonly|read-only|query_only|attempt to write"):
                reader.conn.execute("DELETE FROM events")


def test_store_reader_of_a_missing_database_says_how_to_create_it(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no such database; create it with: eventwire ingest"):
        Store(tmp_path / "missing.db", readonly=True)
    assert not (tmp_path / "missing.db").exists()


def test_store_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA user_version = 99")
    raw.close()
    with pytest.raises(StoreError, match=r"schema version 99 was written by a newer eventwire"):
        Store(path)


def test_store_refuses_a_database_that_is_not_an_eventwire_store(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE people (name TEXT)")
    raw.close()
    with pytest.raises(StoreError, match="not an eventwire store"):
        Store(path)
    (tmp_path / "text.db").write_text("not sqlite at all " * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="not an eventwire database"):
        Store(tmp_path / "text.db", readonly=True)


def test_store_migrations_are_shipped_as_package_data() -> None:
    names = [name for _, name, _ in migrations()]
    assert names[0] == "0001_init.sql"
    assert all("CREATE TABLE" in sql for version, _, sql in migrations() if version == 1)
