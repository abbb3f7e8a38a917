"""Event exports: JSON Lines, CSV, Parquet, PLOVER JSON and GDELT 2.0's event table.

:class:`EventWriter` streams events in one format (``eventwire code --format ...`` writes to standard output
through it); :func:`export_db` writes the stored events, filtered, to a file or standard output.

- ``jsonl``: the event record (``docs/record.md``), one per line.
- ``csv``: one flat row per event (:data:`FLAT_COLUMNS`, ``tables``), with a header; text quoted, numbers and
  ISO dates bare.
- ``parquet``: the same columns typed: dates as dates, the publication time as a UTC timestamp, codes as
  strings, lists of strings; the schema and coder versions in the file metadata.
- ``plover``: PLOVER records as the PLOVER manual defines them (``plover``); events without a PLOVER category
  (plain statements) are left out.
- ``gdelt``: GDELT 2.0's 61 event columns in its order, tab-separated, no header unless asked (``gdelt``).

Every format is written at one of two levels (issue 13): ``mention`` (one row per event record, as coded in one
article) or ``group`` (one row per event group: the mentions of one real-world event across articles and
sources). GDELT's event table is group-level, so ``gdelt`` defaults to ``group``; the others to ``mention``.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

from eventwire.document import Article, Event
from eventwire.errors import ConfigError, one_line
from eventwire.store.export.common import EXPORT_SCHEMA_VERSION, coder_name, group_view, json_line
from eventwire.store.export.gdelt import gdelt_columns, gdelt_group_row, gdelt_row, global_event_id, tsv_line
from eventwire.store.export.plover import plover_record
from eventwire.store.export.tables import (
    FLAT_COLUMNS,
    GROUP_COLUMNS,
    arrow_schema,
    arrow_table,
    column_names,
    csv_dtypes,
    csv_header,
    csv_line,
    flat_row,
    row_values,
)
from eventwire.store.filters import EventFilter

if TYPE_CHECKING:  # the grouping code is not loaded to write events
    from eventwire.store.grouping import EventGroup

__all__ = [
    "EXPORT_FORMATS",
    "EXPORT_LEVELS",
    "EXPORT_SCHEMA_VERSION",
    "FLAT_COLUMNS",
    "GDELT_COLUMNS",
    "GROUP_COLUMNS",
    "STREAM_FORMATS",
    "EventWriter",
    "arrow_schema",
    "coder_name",
    "csv_dtypes",
    "default_level",
    "export_db",
    "flat_row",
    "gdelt_group_row",
    "gdelt_row",
    "global_event_id",
    "group_view",
    "json_line",
    "plover_record",
]

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "plover", "gdelt")
STREAM_FORMATS = ("jsonl", "csv", "plover", "gdelt")
"""The formats ``eventwire code`` streams to standard output (Parquet needs the whole file: export it)."""
EXPORT_LEVELS = ("mention", "group")
GDELT_COLUMNS = gdelt_columns()
"""GDELT 2.0's 61 event-table columns, in GDELT's order (``data/export/gdelt_events.tsv``)."""
STDOUT = "-"
_PARQUET_ROW_GROUP = 10_000


def _is_binary(stream: IO[Any]) -> bool:
    return not isinstance(stream, io.TextIOBase) and not hasattr(stream, "encoding")


def check_format(fmt: str, level: str | None = None) -> None:
    """Raises ConfigError for an unknown format or level, listing the known ones."""
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"unknown format {one_line(repr(fmt))}; use one of {', '.join(EXPORT_FORMATS)}")
    if level is not None and level not in EXPORT_LEVELS:
        raise ConfigError(f"unknown level {one_line(repr(level))}; use mention or group")


class EventWriter:
    """Write events to ``stream`` in one of :data:`EXPORT_FORMATS`; a context manager.

    Text formats need a text stream; ``parquet`` needs a binary stream (a file opened ``"wb"``, or
    ``sys.stdout.buffer``), because Parquet is binary and written with its footer at the end (:meth:`close`).
    CSV starts with its header, so even an empty export is a readable table; GDELT has a header line only with
    ``header=True`` (GDELT's own files have none), and the 62nd column ``DatePrecision`` only with
    ``precision_column=True``.

    Raises:
        ConfigError: an unknown format, or Parquet asked of a text stream.

    Example::

        with EventWriter(sys.stdout, "csv") as writer:
            for event in doc.events:
                writer.write(event, doc.article)
    """

    def __init__(self, stream: IO[Any], fmt: str, *, level: str = "mention", header: bool = False,
                 precision_column: bool = False) -> None:
        check_format(fmt, level)
        if fmt == "parquet" and not _is_binary(stream):
            raise ConfigError("Parquet is a binary file format and is written only to a file: ingest into the "
                              "store, then eventwire export --format parquet --out FILE")
        self.stream = stream
        self.fmt = fmt
        self.level = level
        self.count = 0
        self._closed = False
        self._columns: dict[str, list[Any]] = {}
        self._parquet: Any = None
        self._gdelt = gdelt_columns(precision_column=precision_column)
        if fmt == "csv":
            stream.write(csv_header(level))
        elif fmt == "gdelt" and header:
            stream.write("\t".join(self._gdelt) + "\n")
        elif fmt == "parquet":
            self._columns = {name: [] for name in column_names(level)}

    def __enter__(self) -> EventWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def write(self, event: Event, article: Article) -> bool:
        """Write one event; returns False when the format has no place for it (PLOVER, no category)."""
        if self.fmt == "jsonl":
            self.stream.write(json_line(event.to_dict()))
        elif self.fmt == "csv":
            self.stream.write(csv_line(row_values(event, article)))
        elif self.fmt == "plover":
            record = plover_record(event, article)
            if record is None:
                return False
            self.stream.write(json_line(record))
        elif self.fmt == "gdelt":
            self.stream.write(tsv_line(gdelt_row(event, article), self._gdelt))
        else:
            self._add_parquet(row_values(event, article))
        self.count += 1
        return True

    def write_group(self, group: EventGroup, event: Event, article: Article) -> bool:
        """Write one event group (writer of level ``group``): ``event`` is its representative mention,
        ``article`` its first report. Returns False when the format has no place for it (PLOVER, no category).
        """
        view = group_view(group, event)
        if self.fmt == "jsonl":
            self.stream.write(json_line({**group.to_dict(), "representative": view.to_dict()}))
        elif self.fmt == "csv":
            self.stream.write(csv_line(row_values(view, article, group)))
        elif self.fmt == "plover":
            record = plover_record(view, article)
            if record is None:
                return False
            record.update({"id": group.group_id, "num_mentions": group.num_mentions,
                           "num_articles": group.num_articles, "num_sources": group.num_sources,
                           "num_copies": group.num_copies, "dead_min": group.killed_min,
                           "injured_min": group.injured_min})
            self.stream.write(json_line(record))
        elif self.fmt == "gdelt":
            self.stream.write(tsv_line(gdelt_group_row(group, view, article), self._gdelt))
        else:
            self._add_parquet(row_values(view, article, group))
        self.count += 1
        return True

    def _add_parquet(self, values: list[Any]) -> None:
        for name, value in zip(self._columns, values, strict=True):
            self._columns[name].append(value)
        if len(self._columns["event_id"]) >= _PARQUET_ROW_GROUP:
            self._flush_parquet()

    def _flush_parquet(self) -> None:
        import pyarrow.parquet as pq

        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self.stream, arrow_schema(self.level))
        if self._columns["event_id"]:
            self._parquet.write_table(arrow_table(self._columns, self.level))
            self._columns = {name: [] for name in column_names(self.level)}

    def close(self) -> None:
        """Finish the output (Parquet writes its footer); the stream itself stays open."""
        if self._closed:
            return
        self._closed = True
        if self.fmt == "parquet":
            self._flush_parquet()
            self._parquet.close()
        self.stream.flush()


def default_level(fmt: str) -> str:
    """The level an export of ``fmt`` has unless asked: ``group`` for GDELT (its event table has one row per
    event, with NumMentions, NumSources and NumArticles), ``mention`` for the others (one row per event record,
    each with its evidence)."""
    return "group" if fmt == "gdelt" else "mention"


def _write_store(store: Any, writer: EventWriter, level: str, where: EventFilter) -> int:
    if level == "group":
        for group, event, article in store.groups(where=where):
            writer.write_group(group, event, article)
    else:
        for event, article in store.events_with_articles(where=where):
            writer.write(event, article)
    return writer.count


def export_db(db: Path, fmt: str, out: Path | str, *, min_confidence: float = 0.0, level: str | None = None,
              where: EventFilter | None = None, header: bool = False, precision_column: bool = False) -> int:
    """Write the events stored in ``db`` that pass ``where`` (and have at least ``min_confidence``) to ``out``
    in format ``fmt``; returns the number of rows written. ``out`` ``"-"`` is standard output.

    ``level`` is ``mention`` (one row per event record) or ``group`` (one row per event group, kept when its
    representative mention passes the filters); None takes :func:`default_level`. ``header`` and
    ``precision_column`` apply to GDELT (see :class:`EventWriter`).

    A file appears whole or not at all: it is written beside ``out`` and renamed when complete, so a failed
    export (say, a corrupt page of the store halfway through) leaves no file behind and an older ``out`` as it
    was.

    Raises:
        ConfigError: unknown format, or ``out`` cannot be written (no such folder, no permission, a folder, the
            database itself).
        StoreError: no such database, not an eventwire store, or SQLite cannot read it (e.g. it is corrupt).
    """
    from eventwire.store.sqlite import Store

    level = level or default_level(fmt)
    check_format(fmt, level)
    where = where or EventFilter(limit=None)
    if min_confidence:
        where = replace(where, min_confidence=max(min_confidence, where.min_confidence or 0.0))
    options: dict[str, Any] = {"level": level, "header": header, "precision_column": precision_column}
    if str(out) == STDOUT:
        with Store(db, readonly=True) as store:
            stream: IO[Any] = sys.stdout.buffer if fmt == "parquet" else sys.stdout
            with EventWriter(stream, fmt, **options) as writer:
                return _write_store(store, writer, level, where)
    out = Path(out)
    _check_out(db, out)
    partial = out.with_name(f".{out.name}.part")
    with Store(db, readonly=True) as store:
        try:
            with _open_partial(partial, binary=fmt == "parquet") as handle, \
                    EventWriter(handle, fmt, **options) as writer:
                count = _write_store(store, writer, level, where)
            os.replace(partial, out)
        except OSError as exc:
            raise ConfigError(f"{one_line(str(out))}: cannot write it ({exc.strerror or exc}); choose another "
                              f"--out, or check that you may write in {one_line(str(out.parent))}") from exc
        finally:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
    return count


def _open_partial(path: Path, *, binary: bool) -> IO[Any]:
    return path.open("wb") if binary else path.open("w", encoding="utf-8", newline="")


def _check_out(db: Path, out: Path) -> None:
    """Refuse an ``--out`` that cannot be a file: its folder is missing, it is a folder, or it is ``db``."""
    shown = one_line(str(out))
    if not out.parent.is_dir():
        raise ConfigError(f"{shown}: the folder {one_line(str(out.parent))} does not exist; create it, or choose "
                          "another --out")
    if out.is_dir():
        raise ConfigError(f"{shown}: a folder; give --out a file name")
    if out.exists() and db.exists() and out.samefile(db):
        raise ConfigError(f"{shown}: the database itself; choose another --out")
