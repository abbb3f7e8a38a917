"""``eventwire ingest``: a corpus coded into the store, resumably.

The parent process reads the inputs, skips every article whose content hash is already stored (before any
parsing), and hands batches to a runner: this process, local worker processes, or a Dask cluster. It is the
one writer: each finished batch is written in one transaction, so a run killed at any moment (even with
``kill -9``) keeps every committed article whole, and running the same command again codes only the rest.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from eventwire.config import Settings
from eventwire.document import Article, content_hash
from eventwire.errors import ConfigError, InputError, one_line
from eventwire.scale.runners import InProcessRunner, ProcessRunner, Runner
from eventwire.store.records import CodedArticle, Failed
from eventwire.store.sqlite import Store

BATCH_SIZE = 16
"""Articles per batch: parsed together with ``nlp.pipe``, written together in one transaction."""


@dataclass
class IngestStats:
    coded: int = 0  # articles coded and stored in this run
    events: int = 0
    stored: int = 0  # articles skipped because their text was already stored (or repeated in this run)
    failed: int = 0  # bad inputs and articles a stage failed on
    started: float = 0.0

    @property
    def rate(self) -> float:
        elapsed = time.perf_counter() - self.started
        return self.coded / elapsed if elapsed > 0 else 0.0


def _make_runner(settings: Settings, workers: int, dask: str | None) -> Runner:
    if dask:
        from eventwire.scale.dask import DaskRunner

        return DaskRunner(settings, dask, workers=workers)
    if workers == 1:
        return InProcessRunner(settings)
    return ProcessRunner(settings, workers)


def _progress(console: Console) -> Progress:
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=16),
        TextColumn("{task.completed:.0f} articles, {task.fields[rate]:.1f} articles/s, {task.fields[events]} events,"
                   " {task.fields[stored]} already stored, {task.fields[failed]} failed"),
        TimeElapsedColumn(), console=console, disable=not console.is_terminal, transient=False,
        # refreshed from the main thread (see _Ingestion.update): no thread may run when workers are forked
        auto_refresh=False,
    )


class _Ingestion:
    """One run: the reading loop, the in-flight batches, and the writes."""

    def __init__(self, store: Store, make_runner: Callable[[], Runner], console: Console, progress: Progress,
                 task: Any) -> None:
        self.store = store
        self.make_runner = make_runner
        self.started_runner: Runner | None = None
        self.console = console
        self.progress = progress
        self.task = task
        self.stats = IngestStats(started=time.perf_counter())
        self.in_flight: dict[int, list[tuple[str, Article]]] = {}
        self.pending_hashes: set[str] = set()  # read in this run, not yet committed
        self.skipped: list[tuple[str, str, str | None, str | None]] = []
        self.refreshed = 0.0

    @property
    def runner(self) -> Runner:
        """The workers, started when the first article needs coding (a rerun with nothing new starts none)."""
        if self.started_runner is None:
            self.progress.update(self.task, description="loading the pipeline")
            self.progress.refresh()
            self.started_runner = self.make_runner()
            self.progress.update(self.task, description="coding")
        return self.started_runner

    def close(self, *, cancel: bool) -> None:
        if self.started_runner is not None:
            self.started_runner.close(cancel=cancel)

    def report(self, message: str) -> None:
        self.console.print(f"eventwire: error: {one_line(message)}", markup=False, highlight=False,
                           emoji=False, soft_wrap=True)

    def bad_input(self, err: InputError) -> None:
        self.stats.failed += 1
        self.report(str(err))
        self.skipped.append((err.where, err.reason, err.code, None))
        self.update()

    def is_new(self, digest: str) -> bool:
        if digest in self.pending_hashes or self.store.has_article(digest):
            self.stats.stored += 1
            self.update()
            return False
        self.pending_hashes.add(digest)
        return True

    def submit(self, key: int, batch: list[tuple[str, Article]]) -> None:
        self.in_flight[key] = batch
        self.runner.submit(key, [article for _, article in batch])
        while len(self.in_flight) >= self.runner.capacity:
            self.write_next()

    def write_next(self) -> None:
        key, results = self.runner.next_done()
        batch = self.in_flight.pop(key)
        coded: list[CodedArticle] = []
        for (digest, article), result in zip(batch, results, strict=True):
            if isinstance(result, Failed):
                self.stats.failed += 1
                self.report(result.message)
                self.skipped.append((article.origin or article.id, result.message, result.code, result.stage))
            else:
                coded.append(CodedArticle(digest, article, result.events, result.actor_mentions, result.places))
        articles, events = self.store.add(coded, self.skipped)
        self.skipped = []
        self.pending_hashes.difference_update(digest for digest, _ in batch)
        self.stats.coded += articles
        self.stats.events += events
        self.update()

    def drain(self) -> None:
        while self.in_flight:
            self.write_next()
        if self.skipped:
            self.store.add([], self.skipped)
            self.skipped = []

    def update(self) -> None:
        s = self.stats
        self.progress.update(self.task, completed=s.coded, rate=s.rate, events=s.events, stored=s.stored,
                             failed=s.failed)
        now = time.perf_counter()
        if now - self.refreshed >= 0.1:
            self.refreshed = now
            self.progress.refresh()


def ingest_corpus(paths: list[str], *, db: Path, settings: Settings, workers: int = 1, dask: str | None = None,
                  published: str | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Code every article in ``paths`` into the store ``db``; returns the number of failed inputs.

    Articles are keyed by the SHA-256 of their text: one already stored is skipped before it is parsed, so
    running the same input twice adds nothing and a killed run resumes where its last commit ended. Each bad
    input is reported as one line on stderr, recorded in the ``skipped`` table, and counted; the rest goes on.

    Args:
        paths: files, folders, or ``-`` (as ``eventwire.ingest.read_articles`` takes them).
        db: the SQLite store (created if missing).
        settings: pipeline settings; every worker builds its pipeline from them, once.
        workers: worker processes (1: code in this process). With ``dask="local"``, the LocalCluster's size.
        dask: ``"local"`` for a LocalCluster, or a scheduler address such as ``tcp://10.0.0.5:8786``.
        published: publication date (YYYY-MM-DD) for articles that carry none.
        batch_size: articles per batch (parsed together, written in one transaction).

    Raises:
        ConfigError: bad arguments, an unusable database, an unreachable scheduler, or a missing model.

    Example::

        failed = ingest_corpus(["news.jsonl"], db=Path("eventwire.db"), settings=Settings(), workers=2)
    """
    if workers < 1:
        raise ConfigError(f"--workers must be at least 1, not {workers}")
    if batch_size < 1:
        raise ConfigError(f"batch size must be at least 1, not {batch_size}")
    from eventwire.ingest import read_articles

    console = Console(stderr=True)
    with Store(db) as store:
        before = store.counts()
        run: _Ingestion | None = None
        cancel = True
        try:
            with _progress(console) as progress:
                task = progress.add_task("reading", total=None, rate=0.0, events=0, stored=0, failed=0)
                run = _Ingestion(store, functools.partial(_make_runner, settings, workers, dask),
                                 progress.console, progress, task)
                batch: list[tuple[str, Article]] = []
                key = 0
                for item in read_articles(paths, settings):
                    if isinstance(item, InputError):
                        run.bad_input(item)
                        continue
                    if published and not item.published:
                        item = replace(item, published=published)
                    digest = content_hash(item.text)
                    if not run.is_new(digest):
                        continue
                    batch.append((digest, item))
                    if len(batch) >= batch_size:
                        run.submit(key, batch)
                        key, batch = key + 1, []
                if batch:
                    run.submit(key, batch)
                run.drain()
                progress.update(task, description="done")
                run.update()
                progress.refresh()
            cancel = False
        except KeyboardInterrupt:
            console.print(f"eventwire: interrupted; {store.counts()['articles'] - before['articles']} articles "
                          "were committed, run the same command again to resume", markup=False, highlight=False,
                          soft_wrap=True)
            raise
        finally:
            if run is not None:
                run.close(cancel=cancel)
        after = store.counts()
    stats = run.stats
    elapsed = time.perf_counter() - stats.started
    console.print(
        f"eventwire: {stats.coded} articles coded ({stats.events} events) in {elapsed:.1f} s, "
        f"{stats.rate:.1f} articles/s; {stats.stored} already stored; {stats.failed} failed. "
        f"{db}: {after['articles']} articles, {after['events']} events",
        markup=False, highlight=False, emoji=False, soft_wrap=True)
    return stats.failed
