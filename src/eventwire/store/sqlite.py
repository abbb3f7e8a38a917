"""The embedded SQLite store: articles, events, actors, places, and skipped inputs.

One writer, many readers: the database runs in WAL mode, so readers (``eventwire export``, ``eventwire
events``, the API) see the last committed state while an ingestion writes. Articles are keyed by the SHA-256
of their text; an article and everything found in it are written in one transaction, so a process killed
mid-run leaves only whole articles behind, and a rerun skips them.

The schema is versioned with ``PRAGMA user_version``; ``migrations/NNNN_*.sql`` (shipped in the package) are
applied in order when a store is opened for writing. A reader never writes: it opens the file read-only and
refuses one that is empty or of another schema version.

Every SQLite failure (a corrupt page, a read-only file or folder, a full disk, a lock held too long) is raised
as one :class:`~eventwire.errors.StoreError` that names the file, SQLite's reason and the fix
(:func:`store_errors`).

Example::

    with Store(Path("eventwire.db")) as store:
        store.add([coded_article])
        print(store.counts())
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

from eventwire.document import Article, Event
from eventwire.errors import ConfigError, StoreError, one_line
from eventwire.group.schema import GroupThresholds, load_group_thresholds
from eventwire.store.filters import EventFilter, where_sql
from eventwire.store.grouping import GROUP_COLUMNS, EventGroup, Grouper, group_from_row
from eventwire.store.records import CodedArticle, event_from_record

_MIGRATION_NAME = re.compile(r"^(\d{4})_[\w-]+\.sql$")
_BUSY_TIMEOUT_MS = 30_000
_WRITER_CACHE_KIB = 65_536  # the writer's page cache, 64 MiB at most (readers keep SQLite's 2 MiB)
_CHECKPOINT_PAGES = 8_192  # WAL pages (32 MiB) between checkpoints
_WAL_LIMIT_BYTES = 64 * 1024 * 1024


def migrations() -> list[tuple[int, str, str]]:
    """The shipped migrations as (version, file name, SQL), in order."""
    found = []
    for entry in resources.files("eventwire.store").joinpath("migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [version for version, _, _ in found]
    if versions != list(range(1, len(found) + 1)):
        raise ConfigError(f"store migrations must be numbered 0001, 0002, … without gaps; found {versions}")
    return found


def schema_version() -> int:
    """The schema version this eventwire writes (the number of the last migration)."""
    return len(migrations())


def _statements(sql: str) -> Iterator[str]:
    """The statements of a migration script, one at a time (so they run inside one transaction)."""
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    if buffer.strip() and not all(part.strip().startswith("--") or not part.strip()
                                  for part in buffer.splitlines()):
        raise ConfigError(f"a store migration ends with an incomplete statement: {buffer.strip()[:80]!r}")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- errors ----------------------------------------------------------------------------------------------------


def _shown(path: Path) -> str:
    """``path`` as the start of a one-line message."""
    return one_line(str(path))


def _command(path: Path) -> str:
    """``path`` as it is typed in a shell command of a message."""
    return one_line(shlex.quote(str(path)))


def _may(path: Path, mode: int) -> bool:
    """Whether this process (its effective user) may access ``path`` in ``mode`` (``os.R_OK``, ...)."""
    return os.access(path, mode, effective_ids=os.access in os.supports_effective_ids)


def _folder(path: Path) -> str:
    return one_line(str(path.resolve().parent))


def _message(path: Path, problem: tuple[str, str]) -> str:
    """The one-line message "PATH: what is wrong; how to fix it"."""
    return f"{_shown(path)}: {problem[0]}; {problem[1]}"


def _read_only(path: Path, reason: str) -> tuple[str, str]:
    return (f"the database is read-only ({reason})",
            f"make it writable (chmod u+w {_command(path)}), or only read it (eventwire export, events, serve)")


def _folder_read_only(path: Path, reason: str) -> tuple[str, str]:
    return (f"cannot write in folder {_folder(path)} ({reason})",
            f"SQLite keeps {one_line(path.name)}-wal and {one_line(path.name)}-shm beside the database while it is "
            "open: make the folder writable, or move the database to a folder you can write in")


def _problem(path: Path, exc: sqlite3.Error) -> tuple[str, str]:
    """(what is wrong, how to fix it) for SQLite's error ``exc`` on the database at ``path``."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    reason = one_line(str(exc))
    if name.startswith("SQLITE_CORRUPT"):
        return (f"the database is corrupt ({reason})",
                f"check it with: sqlite3 {_command(path)} 'PRAGMA integrity_check'")
    if name == "SQLITE_NOTADB":
        return f"not an eventwire database ({reason})", "pass --db an eventwire store, or a new file to create one"
    if name == "SQLITE_READONLY_DIRECTORY" or (name.startswith("SQLITE_CANTOPEN")
                                               and (not path.exists() or _may(path, os.R_OK))):
        return _folder_read_only(path, reason)
    if name.startswith("SQLITE_CANTOPEN"):
        return f"cannot open the file ({reason})", "check that you may read it"
    if name.startswith("SQLITE_READONLY"):
        return _read_only(path, reason)
    if name.startswith("SQLITE_FULL"):
        return f"the disk is full ({reason})", "free some space and run the same command again"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (f"the database is locked by another process ({reason}; waited {_BUSY_TIMEOUT_MS / 1000:g} s)",
                "one eventwire ingest at a time writes to a store: wait for the other to finish, or stop it")
    if name.startswith("SQLITE_IOERR"):
        return f"the file cannot be read or written ({reason})", "check the disk and the file system it is on"
    return f"SQLite failed ({reason})", f"check it with: sqlite3 {_command(path)} 'PRAGMA integrity_check'"


@contextmanager
def store_errors(path: Path, *, writing: bool = False) -> Iterator[None]:
    """Turn any ``sqlite3.Error`` raised in the block into a :class:`StoreError` naming ``path``, SQLite's
    reason and the fix (chained to the original). Every read and write of the store runs inside it.

    Args:
        path: the database file.
        writing: the block writes a batch; the message then says that what was committed before is kept.

    Example::

        with store_errors(store.path):
            rows = store.conn.execute("SELECT count(*) FROM events").fetchall()
    """
    try:
        yield
    except sqlite3.Error as exc:
        problem, fix = _problem(path, exc)
        if writing:
            problem += ", so this batch was not written (what was committed before is kept)"
        raise StoreError(_message(path, (problem, fix))) from exc


# -- opening ---------------------------------------------------------------------------------------------------


def _connect(path: Path, mode: str, *, immutable: bool = False) -> sqlite3.Connection:
    """A connection to ``path`` opened with SQLite URI ``mode`` (``ro`` never creates or writes the file)."""
    uri = f"{path.resolve().as_uri()}?mode={mode}{'&immutable=1' if immutable else ''}"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=_BUSY_TIMEOUT_MS / 1000,
                           check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
    return conn


def _wal_pending(path: Path) -> bool:
    """Whether ``path``-wal holds commits that are not yet in the database file."""
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def _read_access(path: Path) -> sqlite3.Connection:
    """A read-only connection to ``path``, with its schema readable (``mode=ro``: no file is created or
    written).

    A WAL database is read through its ``-shm`` file, which SQLite creates beside it; when the folder is not
    writable and no writer is open, the file is read as immutable instead (a snapshot: commits made after
    opening are not seen). That is safe only when no ``-wal`` file holds commits not yet in the database.
    """
    conn = _connect(path, "ro")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        if getattr(exc, "sqlite_errorname", "") not in ("SQLITE_READONLY_DIRECTORY", "SQLITE_CANTOPEN") \
                or not _may(path, os.R_OK):
            raise
        if _wal_pending(path):
            raise StoreError(f"{_shown(path)}: cannot read it: the folder {_folder(path)} is not writable and "
                             f"{one_line(path.name)}-wal holds commits not yet in the database ({exc}); make the "
                             "folder writable, or let a writer (eventwire ingest) open the store once to move "
                             "them into it") from exc
    conn = _connect(path, "ro", immutable=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


class Store:
    """An eventwire database. Open it with a path; use it as a context manager or call :meth:`close`.

    A writer creates the file if needed, applies the migrations, and checks at once that it can write (the file
    and its folder). A reader opens the file with SQLite's ``mode=ro`` and ``PRAGMA query_only``: it never
    creates, migrates or writes anything, and it refuses a file that is not a store of the current schema.

    A writer groups every event it writes with the stored mentions of the same real-world event
    (``eventwire.group``, thresholds from ``data/group/thresholds.toml`` unless ``thresholds`` is given); a
    store written before grouping existed is grouped when a writer first opens it.

    Args:
        path: the database file.
        readonly: open an existing store for reading only (raises StoreError if there is none); a reader
            never blocks the writer.
        thresholds: the grouping thresholds of a writer (default: the shipped ones).

    Raises:
        StoreError: no such database (reader), the file is empty or not an eventwire store, its schema is older
            (reader) or newer than this eventwire's, it cannot be written (writer: read-only file, folder not
            writable, locked), or it is corrupt. Every read and write raises StoreError too when SQLite fails.
    """

    def __init__(self, path: Path | str, *, readonly: bool = False,
                 thresholds: GroupThresholds | None = None) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._thresholds = thresholds
        self._grouper: Grouper | None = None
        self._check_path()
        with store_errors(self.path):
            if readonly:
                self.conn = _read_access(self.path)
            else:
                self.conn = _connect(self.path, "rwc")
            try:
                self._prepare()
            except BaseException:
                self.conn.close()
                raise

    def _check_path(self) -> None:
        shown = _shown(self.path)
        if self.path.is_dir():
            raise StoreError(f"{shown}: a folder, not a database file; pass --db a file")
        if self.readonly and not self.path.is_file():
            raise StoreError(f"{shown}: no such database; create it with: eventwire ingest PATH... --db "
                             f"{_command(self.path)}")
        if not self.path.parent.is_dir():
            raise StoreError(f"{shown}: the folder {one_line(str(self.path.parent))} does not exist")
        if self.readonly:
            return
        # before SQLite opens it: a writer that cannot write would leave empty -wal and -shm files behind
        if self.path.exists() and not _may(self.path, os.W_OK):
            raise StoreError(_message(self.path, _read_only(self.path, "no permission to write it")))
        if not _may(self.path.parent, os.W_OK | os.X_OK):
            raise StoreError(_message(self.path, _folder_read_only(self.path, "no permission to create files "
                                                                              "there")))

    def _prepare(self) -> None:
        if self.readonly:
            self._check_readable()
            self.conn.execute("PRAGMA query_only = ON")
            return
        self.conn.execute("PRAGMA journal_mode = WAL")
        # A commit in WAL mode with synchronous=NORMAL survives the process being killed (the OS has the
        # pages); only a power cut can lose the last transactions.
        self.conn.execute("PRAGMA synchronous = NORMAL")
        # One batch of a large store dirties about 1,500 pages (a dozen indexes on events, the groups, the copy
        # bands). With SQLite's defaults (a 2 MiB page cache, a checkpoint every 1,000 WAL pages) the writer
        # reads index pages back with a system call each and checkpoints after every batch, writing pages the
        # next batch changes again: 60,000 grouped events took 51.5-54.0 s against 37.8 s (16 s system time
        # against 5.7 s).
        self.conn.execute(f"PRAGMA cache_size = -{_WRITER_CACHE_KIB}")
        self.conn.execute(f"PRAGMA wal_autocheckpoint = {_CHECKPOINT_PAGES}")
        self.conn.execute(f"PRAGMA journal_size_limit = {_WAL_LIMIT_BYTES}")  # the WAL shrinks back after one
        self.conn.execute("PRAGMA foreign_keys = ON")
        self._migrate()
        self._check_writable()
        self._grouper = Grouper(self.conn, self._thresholds or load_group_thresholds())
        self._group_pending()

    # -- lifecycle ---------------------------------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def version(self) -> int:
        with store_errors(self.path):
            return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _check_readable(self) -> None:
        """A reader's check of the schema: a store of exactly the version this eventwire reads."""
        latest = schema_version()
        current = self._check_version(latest)
        shown, command = _shown(self.path), _command(self.path)
        if current == 0 and self._has_tables():
            raise StoreError(f"{shown}: a SQLite database, but not an eventwire store (no schema version); pass "
                             "--db an eventwire store")
        if current == 0:
            raise StoreError(f"{shown}: empty, not an eventwire store; create it with: eventwire ingest PATH... "
                             f"--db {command}")
        if current < latest:
            raise StoreError(f"{shown}: schema version {current} is older than this eventwire's ({latest}); "
                             f"upgrade it by opening it once for writing: eventwire ingest FOLDER --db {command}, "
                             "with FOLDER empty (or inputs already stored), migrates it and adds nothing")

    def _check_writable(self) -> None:
        """Fail now, not at the first batch, when the file cannot be written (a write that is rolled back)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute(f"PRAGMA user_version = {self.version}")
        finally:
            self._rollback()

    def _rollback(self) -> None:
        """Roll back the open transaction, if SQLite has not already (it does on some errors)."""
        if self.conn.in_transaction:
            with suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
        if self._grouper is not None:
            self._grouper.forget()

    def _migrate(self) -> None:
        shipped = migrations()
        current = self._check_version(len(shipped))
        if current == len(shipped):
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            # read again under the write lock: another process may have migrated in between
            current = self._check_version(len(shipped))
            if current == 0 and self._has_tables():
                raise StoreError(f"{_shown(self.path)}: a SQLite database, but not an eventwire store (no schema "
                                 "version); pass --db a new file")
            for version, name, sql in shipped[current:]:
                self._apply(name, sql)
                self.conn.execute(f"PRAGMA user_version = {version}")
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _apply(self, name: str, sql: str) -> None:
        """Run one migration script; an error in its SQL (not a full disk or a read-only file) names it."""
        try:
            for statement in _statements(sql):
                self.conn.execute(statement)
        except sqlite3.Error as exc:
            if getattr(exc, "sqlite_errorname", "SQLITE_ERROR") != "SQLITE_ERROR":
                raise
            raise StoreError(f"{_shown(self.path)}: migration {name} failed ({exc}); the store is unchanged") \
                from exc

    def _check_version(self, latest: int) -> int:
        current = self.version
        if current > latest:
            raise StoreError(f"{_shown(self.path)}: schema version {current} was written by a newer eventwire "
                             f"(this one knows up to {latest}); upgrade eventwire to read it")
        return current

    def _has_tables(self) -> bool:
        return self.conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0

    # -- writing (the one writer) ------------------------------------------------------------------------------

    def stored_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Which of ``hashes`` (article content hashes) are already stored."""
        wanted = list(dict.fromkeys(hashes))
        found: set[str] = set()
        with store_errors(self.path):
            for i in range(0, len(wanted), 500):
                chunk = wanted[i:i + 500]
                marks = ",".join("?" * len(chunk))
                found.update(row[0] for row in self.conn.execute(
                    f"SELECT content_hash FROM articles WHERE content_hash IN ({marks})", chunk))
        return found

    def has_article(self, content_hash: str) -> bool:
        return bool(self.stored_hashes([content_hash]))

    def add(self, coded: Sequence[CodedArticle],
            skipped: Sequence[tuple[str, str, str | None, str | None]] = ()) -> tuple[int, int]:
        """Write coded articles (and skipped inputs) in one transaction.

        An article whose content hash is already stored is left as it is (with its events), so writing the
        same article twice adds nothing.

        Args:
            coded: articles with their events, actor mentions and places.
            skipped: (input, reason, error code, stage) of inputs that could not be coded.

        Returns:
            (articles added, events added).

        Raises:
            StoreError: SQLite could not write the batch (disk full, I/O error, locked longer than the busy
                timeout); nothing of the batch is stored, what was committed before is kept.
        """
        with store_errors(self.path, writing=True):
            return self._add(coded, skipped)

    def _add(self, coded: Sequence[CodedArticle],
             skipped: Sequence[tuple[str, str, str | None, str | None]]) -> tuple[int, int]:
        added_articles = added_events = 0
        now = _now()
        grouper = self._writer()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for item in coded:
                row = self._insert_article(item, now)
                if row is None:
                    continue
                added_articles += 1
                inserted = self._insert_events(row, item.article.id, item.events)
                added_events += len(inserted)
                self._insert_actors(row, item.article.id, item)
                self._insert_places(row, item.article.id, item)
                grouper.add_article(row, item.article)
                grouper.add_events(row, inserted)
            grouper.flush()
            for where, reason, code, stage in skipped:
                self.conn.execute(
                    "INSERT INTO skipped (input, reason, code, stage, first_seen, last_seen) VALUES (?,?,?,?,?,?)"
                    " ON CONFLICT (input, reason) DO UPDATE SET last_seen = excluded.last_seen",
                    (where, reason, code, stage, now, now))
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        return added_articles, added_events

    def _insert_article(self, item: CodedArticle, now: str) -> int | None:
        a = item.article
        cur = self.conn.execute(
            "INSERT INTO articles (content_hash, article_id, url, title, published, source, author, language,"
            " origin, body_start, text, n_events, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT (content_hash) DO NOTHING",
            (item.content_hash, a.id, a.url, a.title, a.published, a.source, a.author, a.language, a.origin,
             a.body_start, a.text, 0, now))
        return cur.lastrowid if cur.rowcount == 1 else None

    def _writer(self) -> Grouper:
        if self._grouper is None:
            raise StoreError(f"{_shown(self.path)}: opened read-only; open it without readonly to write")
        return self._grouper

    def _insert_events(self, row: int, article_id: str, events: list[Event]) -> list[Event]:
        """Insert the article's events; returns those inserted (an event id already stored is skipped)."""
        added: list[Event] = []
        for ordinal, event in enumerate(events):
            record = event.to_dict()
            loc = event.location
            cur = self.conn.execute(
                "INSERT INTO events (event_id, article, article_id, ordinal, sentence_index, date, date_precision,"
                " cameo, cameo_root, plover_type, quad_class, goldstein, source_code, source_country, target_code,"
                " target_country, country, geonameid, lat, lon, modality, confidence, killed, injured, record)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (event_id) DO NOTHING",
                (event.event_id, row, article_id, ordinal, event.sentence_index,
                 event.date.value if event.date else None, event.date.precision if event.date else None,
                 event.cameo, event.cameo[:2], event.plover.event_type, event.quad_class, event.goldstein,
                 event.source.code if event.source else None, event.source.country if event.source else None,
                 event.target.code if event.target else None, event.target.country if event.target else None,
                 loc.country if loc else None, loc.geonameid if loc else None, loc.lat if loc else None,
                 loc.lon if loc else None, event.modality, event.confidence, event.casualties.killed,
                 event.casualties.injured, json.dumps(record, ensure_ascii=False, sort_keys=True)))
            if cur.rowcount == 1:
                added.append(event)
        self.conn.execute("UPDATE articles SET n_events = ? WHERE id = ?", (len(added), row))
        return added

    def _insert_actors(self, row: int, article_id: str, item: CodedArticle) -> None:
        self.conn.executemany(
            'INSERT INTO actors (article, article_id, text, start, "end", code, country, sectors, name, kind,'
            " actor_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(row, article_id, m.text, m.start, m.end, m.code, m.country, json.dumps(m.sectors), m.name, m.kind,
              m.actor_id) for m in item.actor_mentions])

    def _insert_places(self, row: int, article_id: str, item: CodedArticle) -> None:
        self.conn.executemany(
            'INSERT INTO places (article, article_id, text, start, "end", name, geonameid, country, admin1, lat,'
            " lon, kind) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(row, article_id, p.text, p.start, p.end, p.name, p.geonameid, p.country, p.admin1, p.lat, p.lon,
              p.kind) for p in item.places])

    def _group_pending(self) -> None:
        """Check for copies and group the articles and events stored before grouping existed (a store migrated
        from schema version 1, or one being regrouped), in the order they were stored, in one transaction."""
        grouper = self._writer()
        if not self.conn.execute("SELECT 1 FROM articles WHERE copy_checked = 0 LIMIT 1").fetchone() and \
                not self.conn.execute("SELECT 1 FROM events WHERE group_ref IS NULL LIMIT 1").fetchone():
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            rows = self.conn.execute(f"SELECT id, {_ARTICLE_COLUMNS} FROM articles WHERE copy_checked = 0 OR id IN"
                                     " (SELECT article FROM events WHERE group_ref IS NULL) ORDER BY id").fetchall()
            for row in rows:
                unchecked = not self.conn.execute("SELECT copy_checked FROM articles WHERE id = ?",
                                                  (row[0],)).fetchone()[0]
                if unchecked:
                    grouper.add_article(row[0], _article(row[1:]))
                events = [event_from_record(json.loads(record)) for (record,) in self.conn.execute(
                    "SELECT record FROM events WHERE article = ? AND group_ref IS NULL ORDER BY ordinal", (row[0],))]
                grouper.add_events(row[0], events)
                grouper.flush()
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def regroup(self) -> int:
        """Group every stored event again from the start (after the thresholds changed); returns the number of
        groups. Group ids stay stable for the same thresholds: each is named after its first mention.

        Raises:
            StoreError: SQLite could not write; the old groups are kept.
        """
        with store_errors(self.path, writing=True):
            self._writer()
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                self.conn.execute("UPDATE events SET group_ref = NULL, group_reason = NULL")
                self.conn.execute("DELETE FROM group_keys")
                self.conn.execute("DELETE FROM event_groups")
                self.conn.execute("DELETE FROM article_bands")
                self.conn.execute("UPDATE articles SET copy_of = NULL, copy_similarity = NULL, minhash = NULL,"
                                  " copy_checked = 0")
                self.conn.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
            self._group_pending()
            return int(self.conn.execute("SELECT count(*) FROM event_groups").fetchone()[0])

    # -- reading -----------------------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per table: articles, events, actors, places, skipped."""
        with store_errors(self.path):
            return {table: int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                    for table in ("articles", "events", "actors", "places", "skipped")}

    def count_events(self, where: EventFilter | None = None) -> int:
        """How many stored events ``where`` lets through (all of them without it)."""
        clause, params = where_sql(where) if where is not None else ("", [])
        with store_errors(self.path):
            return int(self.conn.execute(f"SELECT count(*) FROM events{clause}", params).fetchone()[0])

    def article(self, article_id: str) -> Article | None:
        """The (first stored) article with this id."""
        with store_errors(self.path):
            row = self.conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE article_id = ? ORDER BY id "
                                    "LIMIT 1", (article_id,)).fetchone()
        return _article(row) if row else None

    def content_hashes(self) -> set[str]:
        with store_errors(self.path):
            return {row[0] for row in self.conn.execute("SELECT content_hash FROM articles")}

    def event_ids(self) -> set[str]:
        with store_errors(self.path):
            return {row[0] for row in self.conn.execute("SELECT event_id FROM events")}

    def event_records(self, *, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Stored event records (the DESIGN.md JSON), in article then coder order."""
        sql = "SELECT record FROM events ORDER BY article_id, article, ordinal"
        params: tuple[int, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (limit,)
        with store_errors(self.path):
            for (record,) in self.conn.execute(sql, params):
                yield json.loads(record)

    def events_with_articles(self, *, limit: int | None = None,
                             where: EventFilter | None = None) -> Iterator[tuple[Event, Article]]:
        """Stored events with their articles, in article then coder order (streams; memory stays flat); only
        those ``where`` lets through, when given (:mod:`eventwire.store.filters`)."""
        clause, params = where_sql(where, alias="e") if where is not None else ("", [])
        sql = (f"SELECT e.record, {_ARTICLE_COLUMNS_A} FROM events e JOIN articles a ON a.id = e.article{clause}"
               " ORDER BY e.article_id, e.article, e.ordinal")
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        cached: tuple[Any, Article] | None = None
        with store_errors(self.path):
            for row in self.conn.execute(sql, params):
                key = row[1:]
                if cached is None or cached[0] != key:
                    cached = (key, _article(key))
                yield event_from_record(json.loads(row[0])), cached[1]

    def skipped(self) -> list[dict[str, Any]]:
        """The inputs that could not be coded, in the order first seen."""
        with store_errors(self.path):
            cur = self.conn.execute("SELECT input, reason, code, stage, first_seen, last_seen FROM skipped "
                                    "ORDER BY id")
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur]

    def group_count(self) -> int:
        with store_errors(self.path):
            return int(self.conn.execute("SELECT count(*) FROM event_groups").fetchone()[0])

    def groups(self, *, where: EventFilter | None = None) -> Iterator[tuple[EventGroup, Event, Article]]:
        """Every event group with its representative mention and its first report, in the order the groups were
        formed (that of their first mentions; streams). ``where`` filters on the representative mention."""
        clause, params = where_sql(where, alias="e") if where is not None else ("", [])
        sql = (f"SELECT {', '.join(f'g.{c.strip()}' for c in GROUP_COLUMNS.split(','))}, e.record,"
               f" {_ARTICLE_COLUMNS_A} FROM event_groups g JOIN events e ON e.event_id = g.representative"
               " LEFT JOIN articles a ON a.id = (SELECT x.id FROM articles x WHERE x.article_id = g.first_article"
               f" ORDER BY x.id LIMIT 1){clause} ORDER BY g.id")
        width = len(GROUP_COLUMNS.split(","))
        with store_errors(self.path):
            for row in self.conn.execute(sql, params):
                group = group_from_row(row[:width])
                event = event_from_record(json.loads(row[width]))
                article = _article(row[width + 1:]) if row[width + 1] is not None else Article(event.article_id, "")
                yield group, event, article

    def group(self, group_id: str) -> EventGroup | None:
        """The event group with this id (``g`` + the event id of its first mention)."""
        with store_errors(self.path):
            row = self.conn.execute(f"SELECT {GROUP_COLUMNS} FROM event_groups WHERE group_id = ?",
                                    (group_id,)).fetchone()
        return group_from_row(row) if row else None

    def group_of(self, event_id: str) -> str | None:
        """The id of the group an event (mention) belongs to."""
        with store_errors(self.path):
            row = self.conn.execute("SELECT g.group_id FROM events e JOIN event_groups g ON g.id = e.group_ref"
                                    " WHERE e.event_id = ?", (event_id,)).fetchone()
        return str(row[0]) if row else None

    def group_mentions(self, group_id: str) -> list[dict[str, Any]]:
        """The mentions of a group in the order they joined it: the event, its article (outlet, the article it
        copies) and why it joined."""
        with store_errors(self.path):
            rows = self.conn.execute(
                "SELECT e.record, e.group_reason, a.article_id, a.title, a.url, a.published, a.source, a.outlet,"
                " o.article_id, a.copy_similarity FROM event_groups g JOIN events e ON e.group_ref = g.id"
                " JOIN articles a ON a.id = e.article LEFT JOIN articles o ON o.id = a.copy_of"
                " WHERE g.group_id = ? ORDER BY e.id", (group_id,)).fetchall()
        return [{"event": event_from_record(json.loads(record)), "reasons": json.loads(reasons or "[]"),
                 "article_id": article_id, "title": title, "url": url, "published": published, "source": source,
                 "outlet": outlet, "copy_of": copy_of, "copy_similarity": similarity}
                for record, reasons, article_id, title, url, published, source, outlet, copy_of, similarity in rows]

    def copies(self) -> list[dict[str, Any]]:
        """The articles that are near-copies of an earlier one: article id, outlet, original, similarity."""
        with store_errors(self.path):
            rows = self.conn.execute(
                "SELECT a.article_id, a.outlet, o.article_id, o.outlet, a.copy_similarity FROM articles a"
                " JOIN articles o ON o.id = a.copy_of ORDER BY a.id").fetchall()
        return [{"article_id": a, "outlet": outlet, "original_article": o, "original_outlet": o_outlet,
                 "similarity": similarity} for a, outlet, o, o_outlet, similarity in rows]


_ARTICLE_FIELDS = ("article_id", "text", "title", "published", "url", "source", "author", "language", "origin",
                   "body_start")
_ARTICLE_COLUMNS = ", ".join(_ARTICLE_FIELDS)
_ARTICLE_COLUMNS_A = ", ".join(f"a.{name}" for name in _ARTICLE_FIELDS)


def _article(row: Sequence[Any]) -> Article:
    values = dict(zip(_ARTICLE_FIELDS, row, strict=True))
    values["id"] = values.pop("article_id")
    return Article(**values)
