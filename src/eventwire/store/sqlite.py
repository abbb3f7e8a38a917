"""The embedded SQLite store: articles, events, actors, places, and skipped inputs.

One writer, many readers: the database runs in WAL mode, so readers (``eventwire export``, ``eventwire
events``, the API) see the last committed state while an ingestion writes. Articles are keyed by the SHA-256
of their text; an article and everything found in it are written in one transaction, so a process killed
mid-run leaves only whole articles behind, and a rerun skips them.

The schema is versioned with ``PRAGMA user_version``; ``migrations/NNNN_*.sql`` (shipped in the package) are
applied in order when a store is opened.

Example::

    with Store(Path("eventwire.db")) as store:
        store.add([coded_article])
        print(store.counts())
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

from eventwire.document import Article, Event
from eventwire.errors import ConfigError
from eventwire.store.records import CodedArticle, event_from_record

_MIGRATION_NAME = re.compile(r"^(\d{4})_[\w-]+\.sql$")
_BUSY_TIMEOUT_MS = 30_000


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


class Store:
    """An eventwire database. Open it with a path; use it as a context manager or call :meth:`close`.

    Args:
        path: the database file.
        readonly: open an existing store for reading only (raises ConfigError if there is none); a reader
            never blocks the writer.

    Raises:
        ConfigError: the file is not an eventwire store, or it was written by a newer eventwire.
    """

    def __init__(self, path: Path | str, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if readonly and not self.path.is_file():
            raise ConfigError(f"{self.path}: no such database; create it with: eventwire ingest PATH... --db "
                              f"{self.path}")
        if not self.path.parent.is_dir():
            raise ConfigError(f"{self.path}: the folder {self.path.parent} does not exist")
        try:
            uri = f"file:{self.path.resolve()}?mode={'rw' if readonly else 'rwc'}"
            self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=_BUSY_TIMEOUT_MS / 1000,
                                        check_same_thread=False)
            self.conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
            # A commit in WAL mode with synchronous=NORMAL survives the process being killed (the OS has the
            # pages); only a power cut can lose the last transactions.
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
            if readonly:
                self.conn.execute("PRAGMA query_only = ON")
        except sqlite3.DatabaseError as exc:
            raise ConfigError(f"{self.path}: not an eventwire database ({exc})") from exc

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
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

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
                raise ConfigError(f"{self.path}: a SQLite database, but not an eventwire store (no schema "
                                  "version); pass --db a new file")
            for version, name, sql in shipped[current:]:
                try:
                    for statement in _statements(sql):
                        self.conn.execute(statement)
                except sqlite3.Error as exc:
                    raise ConfigError(f"{self.path}: migration {name} failed ({exc}); the store is unchanged") \
                        from exc
                self.conn.execute(f"PRAGMA user_version = {version}")
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def _check_version(self, latest: int) -> int:
        current = self.version
        if current > latest:
            raise ConfigError(f"{self.path}: schema version {current} was written by a newer eventwire (this one "
                              f"knows up to {latest}); upgrade eventwire to read it")
        return current

    def _has_tables(self) -> bool:
        return self.conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0

    # -- writing (the one writer) ------------------------------------------------------------------------------

    def stored_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Which of ``hashes`` (article content hashes) are already stored."""
        wanted = list(dict.fromkeys(hashes))
        found: set[str] = set()
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
        """
        added_articles = added_events = 0
        now = _now()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for item in coded:
                row = self._insert_article(item, now)
                if row is None:
                    continue
                added_articles += 1
                added_events += self._insert_events(row, item.article.id, item.events)
                self._insert_actors(row, item.article.id, item)
                self._insert_places(row, item.article.id, item)
            for where, reason, code, stage in skipped:
                self.conn.execute(
                    "INSERT INTO skipped (input, reason, code, stage, first_seen, last_seen) VALUES (?,?,?,?,?,?)"
                    " ON CONFLICT (input, reason) DO UPDATE SET last_seen = excluded.last_seen",
                    (where, reason, code, stage, now, now))
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
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

    def _insert_events(self, row: int, article_id: str, events: list[Event]) -> int:
        added = 0
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
            added += cur.rowcount
        self.conn.execute("UPDATE articles SET n_events = ? WHERE id = ?", (added, row))
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

    # -- reading -----------------------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per table: articles, events, actors, places, skipped."""
        return {table: int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                for table in ("articles", "events", "actors", "places", "skipped")}

    def article(self, article_id: str) -> Article | None:
        """The (first stored) article with this id."""
        row = self.conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE article_id = ? ORDER BY id LIMIT 1",
                                (article_id,)).fetchone()
        return _article(row) if row else None

    def content_hashes(self) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT content_hash FROM articles")}

    def event_ids(self) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT event_id FROM events")}

    def event_records(self, *, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Stored event records (the DESIGN.md JSON), in article then coder order."""
        sql = "SELECT record FROM events ORDER BY article_id, article, ordinal"
        params: tuple[int, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (limit,)
        for (record,) in self.conn.execute(sql, params):
            yield json.loads(record)

    def events_with_articles(self, *, limit: int | None = None) -> Iterator[tuple[Event, Article]]:
        """Stored events with their articles, in article then coder order (streams; memory stays flat)."""
        sql = (f"SELECT e.record, {_ARTICLE_COLUMNS_A} FROM events e JOIN articles a ON a.id = e.article"
               " ORDER BY e.article_id, e.article, e.ordinal")
        params: tuple[int, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (limit,)
        cached: tuple[Any, Article] | None = None
        for row in self.conn.execute(sql, params):
            key = row[1:]
            if cached is None or cached[0] != key:
                cached = (key, _article(key))
            yield event_from_record(json.loads(row[0])), cached[1]

    def skipped(self) -> list[dict[str, Any]]:
        cur = self.conn.execute("SELECT input, reason, code, stage, first_seen, last_seen FROM skipped ORDER BY id")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur]


_ARTICLE_FIELDS = ("article_id", "text", "title", "published", "url", "source", "author", "language", "origin",
                   "body_start")
_ARTICLE_COLUMNS = ", ".join(_ARTICLE_FIELDS)
_ARTICLE_COLUMNS_A = ", ".join(f"a.{name}" for name in _ARTICLE_FIELDS)


def _article(row: Sequence[Any]) -> Article:
    values = dict(zip(_ARTICLE_FIELDS, row, strict=True))
    values["id"] = values.pop("article_id")
    return Article(**values)
