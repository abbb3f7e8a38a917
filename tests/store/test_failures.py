"""The store fails cleanly: one StoreError (EW400) naming the file, the reason and the fix, never a traceback,
and a reader never writes to the file it reads. Real SQLite files in tmp_path; read-only files and folders are
made with chmod, and :func:`tests.store.permissions.enforced` makes the modes hold when the tests run as root.
"""

from __future__ import annotations

import shlex
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import ConfigError, StoreError
from eventwire.store import sqlite as sqlite_module
from eventwire.store.export import EXPORT_FORMATS, export_db
from eventwire.store.show import print_events_table
from eventwire.store.sqlite import Store, migrations, schema_version
from tests.conftest import run_cli
from tests.store.helpers import TEXT, make_coded
from tests.store.permissions import enforced, write_denied

pytestmark = pytest.mark.issue(6)

_GARBAGE = bytes((i * 37 + 11) % 256 for i in range(4096))  # first byte 0x0b: no valid b-tree page type


def _files(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder`` with its bytes."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def _corrupt(path: Path, start: int, end: int) -> None:
    """Overwrite bytes ``start``..``end`` of ``path`` with garbage."""
    with path.open("r+b") as handle:
        handle.seek(start)
        handle.write((_GARBAGE * (1 + (end - start) // len(_GARBAGE)))[:end - start])


def _corrupt_pages(path: Path, pages: list[int]) -> None:
    page_size = 4096
    for page in pages:
        _corrupt(path, (page - 1) * page_size, page * page_size)


def _corrupt_message(path: Path) -> str:
    return (f"EW400 {path}: the database is corrupt (database disk image is malformed); check it with: "
            f"sqlite3 {shlex.quote(str(path))} 'PRAGMA integrity_check'")


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("eventwire: error:")]


@pytest.fixture()
def big_db(tmp_path: Path) -> Path:
    """A store of 300 articles (900 events), so that its tables span many pages."""
    path = tmp_path / "big.db"
    with Store(path) as store:
        store.add([make_coded(f"{TEXT} Update {i}.", f"a{i:03d}") for i in range(300)])
    return path


@pytest.fixture()
def locked_folder(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    """chmod 555 on folders (given to the returned function); they are made writable again afterwards."""
    locked: list[Path] = []

    def lock(folder: Path) -> None:
        folder.chmod(0o555)
        locked.append(folder)

    yield lock
    for folder in locked:
        folder.chmod(0o755)


# -- a reader never writes -------------------------------------------------------------------------------------


def _empty_message(path: Path) -> str:
    return (f"EW400 {path}: empty, not an eventwire store; create it with: eventwire ingest PATH... --db "
            f"{shlex.quote(str(path))}")


def test_reader_of_an_empty_file_leaves_it_empty_and_says_how_to_create_it(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with pytest.raises(StoreError) as caught:
        Store(path, readonly=True)
    assert str(caught.value) == _empty_message(path)
    assert _files(tmp_path) == {"empty.db": b""}


@pytest.mark.parametrize("command", ["export", "events"])
def test_command_line_reader_of_an_empty_file_leaves_it_empty(tmp_path: Path, command: str) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    out = tmp_path / "out.csv"
    extra = ["--format", "csv", "--out", str(out)] if command == "export" else []
    result = run_cli(command, "--db", str(path), *extra)
    assert result.returncode == 2
    assert _error_lines(result.stderr) == [f"eventwire: error: {_empty_message(path)}"]
    assert "Traceback" not in result.stderr
    assert _files(tmp_path) == {"empty.db": b""}


def test_reader_of_a_sqlite_file_without_tables_calls_it_empty_and_leaves_it_alone(tmp_path: Path) -> None:
    path = tmp_path / "blank.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE t (x)")
    raw.execute("DROP TABLE t")
    raw.close()
    before = _files(tmp_path)
    assert before["blank.db"]
    with pytest.raises(StoreError) as caught:
        Store(path, readonly=True)
    assert str(caught.value) == _empty_message(path)
    assert _files(tmp_path) == before


def test_reader_of_an_older_schema_says_how_to_upgrade_and_a_writer_upgrades_it(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = migrations()
    newer = [*shipped, (len(shipped) + 1, "0099_test.sql", "CREATE INDEX events_modality ON events (modality);")]
    monkeypatch.setattr(sqlite_module, "migrations", lambda: newer)
    before = db.read_bytes()
    with pytest.raises(StoreError) as caught:
        Store(db, readonly=True)
    assert str(caught.value) == (
        f"EW400 {db}: schema version {len(shipped)} is older than this eventwire's ({len(newer)}); upgrade it by "
        f"opening it once for writing: eventwire ingest FOLDER --db {shlex.quote(str(db))}, with FOLDER empty (or "
        "inputs already stored), migrates it and adds nothing")
    assert db.read_bytes() == before  # (a reader of a WAL database may create its -shm and -wal files)
    with Store(db) as writer:
        assert writer.version == schema_version() == len(newer)
    with Store(db, readonly=True) as reader:
        assert reader.counts()["events"] == 3


def test_reader_of_a_newer_schema_says_to_upgrade_eventwire(db: Path) -> None:
    raw = sqlite3.connect(db)
    raw.execute("PRAGMA user_version = 99")
    raw.close()
    with pytest.raises(StoreError) as caught:
        Store(db, readonly=True)
    assert str(caught.value) == (f"EW400 {db}: schema version 99 was written by a newer eventwire (this one knows "
                                 f"up to {schema_version()}); upgrade eventwire to read it")


def test_store_paths_with_uri_characters_are_opened_as_files(tmp_path: Path) -> None:
    path = tmp_path / "a?b#c %41.db"
    with Store(path) as store:
        store.add([make_coded()])
    with Store(path, readonly=True) as reader:
        assert reader.counts()["events"] == 3
    assert path.is_file() and all(p.name.startswith(path.name) for p in tmp_path.iterdir())


# -- a writer that cannot write says so at once ----------------------------------------------------------------


def _read_only_message(path: Path, reason: str) -> str:
    return (f"EW400 {path}: the database is read-only ({reason}); make it writable (chmod u+w "
            f"{shlex.quote(str(path))}), or only read it (eventwire export, events, serve)")


def _folder_message(path: Path, reason: str) -> str:
    return (f"EW400 {path}: cannot write in folder {path.parent} ({reason}); SQLite keeps {path.name}-wal and "
            f"{path.name}-shm beside the database while it is open: make the folder writable, or move the database "
            "to a folder you can write in")


def test_writer_of_a_read_only_file_fails_at_open_and_a_reader_still_reads_it(db: Path) -> None:
    before = _files(db.parent)
    db.chmod(0o444)
    with enforced():
        if not write_denied(db):
            pytest.skip("chmod 444 does not deny writing here")
        with pytest.raises(StoreError) as caught:
            Store(db)
        assert _files(db.parent) == before  # not even an empty -wal or -shm
        with Store(db, readonly=True) as reader:
            assert reader.counts()["events"] == 3
    assert str(caught.value) == _read_only_message(db, "no permission to write it")
    assert db.read_bytes() == before["events.db"]


def test_writer_of_a_read_only_file_is_refused_by_sqlite_when_access_checks_cannot_tell(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a read-only mount or with ACLs: the write test at open, not the first batch, fails."""
    monkeypatch.setattr(sqlite_module, "_may", lambda path, mode: True)
    db.chmod(0o444)
    with enforced():
        if not write_denied(db):
            pytest.skip("chmod 444 does not deny writing here")
        with pytest.raises(StoreError) as caught:
            Store(db)
    assert str(caught.value) == _read_only_message(db, "attempt to write a readonly database")
    assert isinstance(caught.value.__cause__, sqlite3.OperationalError)


def test_writer_in_a_folder_it_cannot_write_says_which_folder(db: Path,
                                                              locked_folder: Callable[[Path], None]) -> None:
    folder = db.parent
    before = _files(folder)
    locked_folder(folder)
    with enforced():
        if not write_denied(folder):
            pytest.skip("chmod 555 does not deny writing here")
        with pytest.raises(StoreError) as existing:
            Store(db)
        with pytest.raises(StoreError) as new:
            Store(folder / "new.db")
    assert str(existing.value) == _folder_message(db, "no permission to create files there")
    assert str(new.value) == _folder_message(folder / "new.db", "no permission to create files there")
    assert _files(folder) == before


@pytest.mark.parametrize("name", ["events.db", "new.db"])
def test_writer_in_a_read_only_folder_is_refused_by_sqlite_when_access_checks_cannot_tell(
        db: Path, name: str, locked_folder: Callable[[Path], None], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_module, "_may", lambda path, mode: True)
    locked_folder(db.parent)
    with enforced():
        if not write_denied(db.parent):
            pytest.skip("chmod 555 does not deny writing here")
        with pytest.raises(StoreError) as caught:
            Store(db.parent / name)
    reason = "attempt to write a readonly database" if name == "events.db" else "unable to open database file"
    assert str(caught.value) == _folder_message(db.parent / name, reason)


def test_reader_in_a_folder_it_cannot_write_reads_the_store_and_writes_nothing(
        db: Path, tmp_path: Path, locked_folder: Callable[[Path], None]) -> None:
    folder = db.parent
    elsewhere = tmp_path / "exports"
    elsewhere.mkdir()
    before = _files(folder)
    locked_folder(folder)
    with enforced():
        if not write_denied(folder):
            pytest.skip("chmod 555 does not deny writing here")
        with Store(db, readonly=True) as reader:
            assert reader.counts()["events"] == 3
            assert [event.event_id for event, _ in reader.events_with_articles()] == ["a1-e1", "a1-e2", "a1-e3"]
        assert export_db(db, "jsonl", elsewhere / "events.jsonl") == 3
    assert _files(folder) == before


def test_reader_in_a_read_only_folder_refuses_a_wal_holding_commits_not_in_the_database(
        tmp_path: Path, locked_folder: Callable[[Path], None]) -> None:
    """A writer that died left events.db-wal; read as immutable, its commits would be silently missing."""
    live, crashed = tmp_path / "live", tmp_path / "crashed"
    live.mkdir()
    crashed.mkdir()
    with Store(live / "events.db") as writer:
        writer.add([make_coded()])
        for name in ("events.db", "events.db-wal"):
            shutil.copy(live / name, crashed / name)
    path = crashed / "events.db"
    assert (crashed / "events.db-wal").stat().st_size > 0
    locked_folder(crashed)
    with enforced():
        if not write_denied(crashed):
            pytest.skip("chmod 555 does not deny writing here")
        with pytest.raises(StoreError) as caught:
            Store(path, readonly=True)
    assert str(caught.value) == (
        f"EW400 {path}: cannot read it: the folder {crashed} is not writable and events.db-wal holds commits not "
        "yet in the database (unable to open database file); make the folder writable, or let a writer (eventwire "
        "ingest) open the store once to move them into it")


# -- a batch that cannot be written ----------------------------------------------------------------------------


def test_a_batch_blocked_by_another_writer_is_a_store_error_and_keeps_the_commits(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_module, "_BUSY_TIMEOUT_MS", 100)
    with Store(db) as store:
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError) as caught:
                store.add([make_coded(TEXT + " More.", "a2")])
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert str(caught.value) == (
            f"EW400 {db}: the database is locked by another process (database is locked; waited 0.1 s), so this "
            "batch was not written (what was committed before is kept); one eventwire ingest at a time writes to "
            "a store: wait for the other to finish, or stop it")
        assert isinstance(caught.value.__cause__, sqlite3.OperationalError)
        assert store.counts()["articles"] == 1 and not store.conn.in_transaction
        assert store.add([make_coded(TEXT + " More.", "a2")]) == (1, 3)


def test_a_batch_that_does_not_fit_on_the_disk_is_a_store_error_and_keeps_the_commits(db: Path) -> None:
    with Store(db) as store:
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full: the file cannot grow
        with pytest.raises(StoreError) as caught:
            store.add([make_coded(TEXT + " More." * 5000, "a2")])
        assert str(caught.value) == (
            f"EW400 {db}: the disk is full (database or disk is full), so this batch was not written (what was "
            "committed before is kept); free some space and run the same command again")
        assert isinstance(caught.value.__cause__, sqlite3.Error)
        assert store.counts() == {"articles": 1, "events": 3, "actors": 1, "places": 1, "skipped": 0}


# -- corrupt pages ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_of_a_store_with_corrupt_pages_is_a_store_error_and_writes_no_file(big_db: Path,
                                                                                  fmt: str) -> None:
    _corrupt(big_db, 4096, 8192)
    out = big_db.parent / f"events.{fmt}"
    with pytest.raises(StoreError) as caught:
        export_db(big_db, fmt, out)
    assert str(caught.value) == _corrupt_message(big_db)
    assert isinstance(caught.value.__cause__, sqlite3.DatabaseError)
    assert sorted(p.name for p in big_db.parent.iterdir() if not p.name.startswith("big.db")) == []


def test_events_that_break_off_at_a_corrupt_page_midway_are_a_store_error(big_db: Path) -> None:
    raw = sqlite3.connect(big_db)
    try:
        leaves = [row[0] for row in raw.execute(
            "SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' ORDER BY pageno")]
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table to find the pages of a table")
    finally:
        raw.close()
    _corrupt_pages(big_db, [leaves[len(leaves) // 2]])
    seen = 0
    with Store(big_db, readonly=True) as reader, pytest.raises(StoreError) as caught:
        for _ in reader.events_with_articles():
            seen += 1
    assert 0 < seen < 900
    assert str(caught.value) == _corrupt_message(big_db)


_READS: dict[str, Callable[[Store], Any]] = {
    "counts": lambda store: store.counts(),
    "article": lambda store: store.article("a1"),
    "skipped": lambda store: store.skipped(),
    "event_records": lambda store: list(store.event_records()),
    "events_with_articles": lambda store: list(store.events_with_articles(limit=5)),
    "event_ids": lambda store: store.event_ids(),
    "content_hashes": lambda store: store.content_hashes(),
    "stored_hashes": lambda store: store.stored_hashes(["x"]),
}


@pytest.mark.parametrize("read", list(_READS))
def test_every_read_of_a_corrupt_store_is_a_store_error(db: Path, read: str) -> None:
    raw = sqlite3.connect(db)
    roots = [row[0] for row in raw.execute("SELECT rootpage FROM sqlite_master WHERE rootpage > 1")]
    raw.close()
    _corrupt_pages(db, roots)
    with Store(db, readonly=True) as reader, pytest.raises(StoreError) as caught:
        _READS[read](reader)
    assert str(caught.value) == _corrupt_message(db)


def test_events_table_of_a_corrupt_store_is_a_store_error_and_prints_nothing(
        big_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _corrupt(big_db, 4096, 8192)
    with pytest.raises(StoreError) as caught:
        print_events_table(big_db)
    assert str(caught.value) == _corrupt_message(big_db)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("command", ["export", "events"])
def test_command_line_on_a_corrupt_store_prints_one_line_not_a_traceback(big_db: Path, command: str) -> None:
    _corrupt(big_db, 4096, 8192)
    out = big_db.parent / "events.jsonl"
    extra = ["--format", "jsonl", "--out", str(out)] if command == "export" else []
    result = run_cli(command, "--db", str(big_db), *extra)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert _error_lines(result.stderr) == [f"eventwire: error: {_corrupt_message(big_db)}"]
    assert not out.exists()


# -- an --out that cannot be written ---------------------------------------------------------------------------


def test_command_line_export_to_a_missing_folder_says_so(db: Path) -> None:
    out = db.parent / "missing" / "events.csv"
    result = run_cli("export", "--db", str(db), "--format", "csv", "--out", str(out))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert _error_lines(result.stderr) == [
        f"eventwire: error: EW001 {out}: the folder {out.parent} does not exist; create it, or choose another --out"]


def test_export_to_a_folder_it_cannot_write_is_a_config_error_and_leaves_nothing(
        db: Path, tmp_path: Path, locked_folder: Callable[[Path], None]) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    locked_folder(folder)
    out = folder / "events.parquet"
    with enforced():
        if not write_denied(folder):
            pytest.skip("chmod 555 does not deny writing here")
        with pytest.raises(ConfigError) as caught:
            export_db(db, "parquet", out)
    assert str(caught.value) == (f"EW001 {out}: cannot write it (Permission denied); choose another --out, or check "
                                 f"that you may write in {folder}")
    assert list(folder.iterdir()) == []


def test_export_over_a_file_in_a_read_only_folder_keeps_the_old_file(
        db: Path, locked_folder: Callable[[Path], None]) -> None:
    out = db.parent / "events.csv"
    out.write_text("old\n", encoding="utf-8")
    locked_folder(db.parent)  # the new file is written beside the old one and renamed over it: no folder, no file
    with enforced():
        if not write_denied(db.parent):
            pytest.skip("chmod 555 does not deny writing here")
        with pytest.raises(ConfigError, match=r"events\.csv: cannot write it \(Permission denied\)"):
            export_db(db, "csv", out)
    assert out.read_text(encoding="utf-8") == "old\n"


def test_export_to_a_folder_or_to_the_database_itself_is_refused(db: Path) -> None:
    with pytest.raises(ConfigError) as folder:
        export_db(db, "csv", db.parent)
    assert str(folder.value) == f"EW001 {db.parent}: a folder; give --out a file name"
    before = db.read_bytes()
    with pytest.raises(ConfigError) as itself:
        export_db(db, "csv", db)
    assert str(itself.value) == f"EW001 {db}: the database itself; choose another --out"
    assert db.read_bytes() == before
