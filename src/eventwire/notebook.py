"""eventwire from Python, for notebooks and scripts: code text, read a store as a table.

- :func:`code` codes one text and returns its events;
- :func:`code_many` codes many texts or articles lazily, yielding their events;
- :func:`read_events` reads the events of a store, filtered, as a pandas DataFrame or an Arrow table.

The pipeline (spaCy model, actor knowledge base, gazetteer, lexicon: a few seconds to load) is loaded once per
process for each set of options and kept (:func:`pipeline_for`, an explicit ``functools.lru_cache``); the first
call pays for it, later ones do not.

Example::

    >>> import eventwire
    >>> events = eventwire.code("Police arrested 15 protesters in Cairo on Monday.", published="2019-07-05")
    >>> [(e.source.code, e.cameo, e.target.code, e.date.value) for e in events]
    [('EGYCOP', '173', 'EGYOPP', '2019-07-01')]
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from eventwire.config import Settings
from eventwire.document import Article, Event
from eventwire.errors import ConfigError, EventwireError

__all__ = ["code", "code_many", "pipeline_for", "read_events"]

log = logging.getLogger("eventwire")


@functools.lru_cache(maxsize=4)
def pipeline_for(settings: Settings) -> Any:
    """The loaded pipeline for ``settings``, built on the first call and kept for the process (up to four sets
    of settings; ``pipeline_for.cache_clear()`` frees them)."""
    from eventwire.pipeline import make_pipeline

    pipeline = make_pipeline(settings)
    pipeline.load()
    return pipeline


def _settings(settings: Settings | None, *, keep_negated: bool, month_first: bool,
              min_confidence: float) -> Settings:
    base = settings or Settings()
    changes: dict[str, Any] = {}
    if keep_negated:
        changes["keep_negated"] = True
    if month_first:
        changes["day_first"] = False
    if min_confidence:
        changes["min_confidence"] = min_confidence
    return replace(base, **changes) if changes else base


def _article(item: str | Article | dict[str, Any], where: str, settings: Settings, *, published: str | None,
             title: str | None = None, url: str | None = None) -> Article:
    from eventwire.ingest.read import article_from_record

    if isinstance(item, Article):
        return item if item.published or not published else replace(item, published=published)
    record: dict[str, Any] = dict(item) if isinstance(item, dict) else {"text": item, "title": title, "url": url}
    if published and not record.get("published"):
        record["published"] = published
    return article_from_record({k: v for k, v in record.items() if v is not None}, where, settings)


def code(text: str, published: str | None = None, *, title: str | None = None, url: str | None = None,
         keep_negated: bool = False, month_first: bool = False, min_confidence: float = 0.0,
         settings: Settings | None = None) -> list[Event]:
    """Code one text and return its events.

    Args:
        text: the article's text, used exactly as given (every offset in the events refers to it).
        published: its publication date or time (ISO 8601, or a news form such as "July 5, 2019"): the date
            an event without a date of its own takes, and what "Monday" is counted from.
        title: the headline, if it is not part of ``text``.
        url: the article's URL (it also makes the article id).
        keep_negated, month_first, min_confidence: as on the command line (``eventwire code --help``).
        settings: all other settings (model, extra actor and lexicon files); the keywords above override it.

    Returns:
        The :class:`~eventwire.document.Event` records, one per event and source–target pair, in text order:
        each with its evidence sentence and trigger (text and offsets), source and target actors (CAMEO code,
        name, country, sectors), CAMEO code and name, PLOVER type/mode/context, quad class and Goldstein score,
        date (value, precision, basis), place, casualties, modality and calibrated confidence
        (``docs/record.md`` describes every field).

    Raises:
        InputError: the text is empty, too long, or not English.
        StageError: a stage failed on it.
        ConfigError, DataError: the settings or an extra data file are wrong.
    """
    settings = _settings(settings, keep_negated=keep_negated, month_first=month_first,
                         min_confidence=min_confidence)
    article = _article(text, "<text>", settings, published=published, title=title, url=url)
    for result in pipeline_for(settings).pipe([article]):
        if isinstance(result, EventwireError):
            raise result
        return list(result.events)
    return []


def code_many(items: Iterable[str | Article | dict[str, Any]], *, published: str | None = None,
              keep_negated: bool = False, month_first: bool = False, min_confidence: float = 0.0,
              errors: str = "raise", settings: Settings | None = None) -> Iterator[Event]:
    """Code many texts lazily and yield their events, article after article (``event.article_id`` says whose).

    Args:
        items: texts, :class:`~eventwire.document.Article` records, or dicts as a JSON Lines record
            (``text`` or ``html``, optional ``id``, ``title``, ``published``, ``url``, ``source``). Read as they
            are needed: a generator over a huge corpus is fine.
        published: the publication date of the items that carry none.
        errors: ``"raise"`` (the default) stops at the first item that cannot be coded; ``"skip"`` logs it as a
            warning and goes on.
        keep_negated, month_first, min_confidence, settings: as for :func:`code`.

    Raises:
        EventwireError: with ``errors="raise"``, the first item that cannot be coded.
    """
    if errors not in ("raise", "skip"):
        raise ConfigError(f"errors={errors!r}: use 'raise' or 'skip'")
    settings = _settings(settings, keep_negated=keep_negated, month_first=month_first,
                         min_confidence=min_confidence)

    def articles() -> Iterator[Article]:
        for n, item in enumerate(items, 1):
            try:
                yield _article(item, f"item {n}", settings, published=published)
            except EventwireError as err:
                if errors == "raise":
                    raise
                log.warning("%s", err)

    for result in pipeline_for(settings).pipe(articles()):
        if isinstance(result, EventwireError):
            if errors == "raise":
                raise result
            log.warning("%s", result)
            continue
        yield from result.events


def read_events(db: str | Path, *, level: str = "mention", as_arrow: bool = False, limit: int | None = None,
                **filters: Any) -> Any:
    """The events stored in ``db`` that pass ``filters``, as a table: one typed row per event (``level
    "mention"``) or per event group (``"group"``), with the columns of the CSV and Parquet exports
    (``docs/export-formats.md``): dates as dates (``date_start``, ``date_end``), the publication time as a UTC
    timestamp, codes as text, sectors and contexts as lists.

    Args:
        db: the store (``eventwire ingest --db``); opened read-only.
        level: ``"mention"`` or ``"group"``.
        as_arrow: return a ``pyarrow.Table`` instead of a pandas DataFrame (pandas is an optional extra:
            ``pip install 'eventwire[pandas]'``).
        limit: at most this many rows.
        **filters: any of ``since``, ``until``, ``country``, ``actor``, ``cameo``, ``plover``,
            ``min_confidence``, ``article_id`` (:class:`~eventwire.store.filters.EventFilter`, the filters of
            ``eventwire events`` and ``export``).

    Raises:
        ConfigError: an unknown filter or level, a filter out of its form, or pandas not installed.
        StoreError: the store cannot be read.

    Example::

        >>> df = eventwire.read_events("eventwire.db", country="LBY", since="2019-07", plover="ASSAULT")
        >>> df[["date_start", "source_code", "cameo", "target_code", "killed"]]
    """
    from eventwire.store.export.tables import arrow_table, column_names, row_values
    from eventwire.store.filters import EventFilter, check_filter
    from eventwire.store.sqlite import Store

    unknown = sorted(set(filters) - set(EventFilter.names()))
    if unknown:
        raise ConfigError(f"unknown filter {', '.join(unknown)}; filters are {', '.join(EventFilter.names())}")
    if level not in ("mention", "group"):
        raise ConfigError(f"unknown level {level!r}; use mention or group")
    if not as_arrow:
        _require_pandas()
    where = check_filter(EventFilter(limit=None, **filters))
    columns: dict[str, list[Any]] = {name: [] for name in column_names(level)}
    with Store(Path(db), readonly=True) as store:
        rows: Iterator[list[Any]]
        if level == "group":
            from eventwire.store.export.common import group_view

            rows = (row_values(group_view(group, event), article, group)
                    for group, event, article in store.groups(where=where))
        else:
            rows = (row_values(event, article) for event, article in store.events_with_articles(where=where))
        for n, values in enumerate(rows):
            if limit is not None and n >= limit:
                break
            for name, value in zip(columns, values, strict=True):
                columns[name].append(value)
    table = arrow_table(columns, level)
    if as_arrow:
        return table
    return table.to_pandas(date_as_object=False)


def _require_pandas() -> None:
    try:
        import pandas  # noqa: F401
    except ImportError as exc:
        raise ConfigError("read_events returns a pandas DataFrame, and pandas is not installed: pip install "
                          "'eventwire[pandas]', or pass as_arrow=True for a pyarrow Table") from exc
