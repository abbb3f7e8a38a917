"""Where batches are coded: in this process, in local worker processes, or on a Dask cluster (dask.py).

A runner takes numbered batches of articles and hands back (number, results) as they finish; it keeps no more
than ``capacity`` batches in flight, so memory stays flat however large the corpus. Only the parent process
writes to the store.

Every article has a time budget (``Settings.article_timeout``). Inside a worker the pipeline enforces it
between two Python bytecodes; the parent watches each worker as well, and a worker that is still on one
article well past the budget (stuck in C code, say) is killed. Its article is recorded as skipped, with the
stage it was in, a new worker takes its place, and the rest of its batch is coded by the new one. A worker that
dies (killed from outside, out of memory) costs only the article it was coding, in the same way. Workers die
with their parent, even when the parent is killed with ``kill -9``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Protocol

from eventwire.config import Settings
from eventwire.document import Article, content_hash
from eventwire.errors import ArticleTimeout, WorkerCrash
from eventwire.scale.worker import Result, code_batch, die_with_parent, init_worker, iter_batch, warm_up
from eventwire.store.records import Failed

# The parent kills a worker this long after the budget of what it is doing has run out: time for the worker's
# own timer to stop the article first, which keeps the worker (and its loaded pipeline) alive.
_GRACE_SECONDS = 5.0
_GRACE_SHARE = 0.25
# A worker that has not said which article it is on gets this long before the parent gives up on it.
_STARTUP_SECONDS = 600.0
# Workers that die again and again before finishing anything: the run stops (a broken install, no memory).
_MAX_DEATHS_WITHOUT_PROGRESS = 3


class Runner(Protocol):
    capacity: int

    def submit(self, key: int, batch: list[Article]) -> None: ...

    def next_done(self) -> tuple[int, list[Result]]: ...

    def close(self, *, cancel: bool = False) -> None: ...


class InProcessRunner:
    """Code each batch here, in the calling process (``--workers 1``)."""

    capacity = 1

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.queue: deque[tuple[int, list[Article]]] = deque()

    def submit(self, key: int, batch: list[Article]) -> None:
        self.queue.append((key, batch))

    def next_done(self) -> tuple[int, list[Result]]:
        key, batch = self.queue.popleft()
        return key, code_batch(batch, self.settings)

    def close(self, *, cancel: bool = False) -> None:
        self.queue.clear()


def _can_fork() -> bool:
    """Fork is cheap and safe on Linux while this process runs no other thread (a forked child gets only the
    forking thread, and any lock another thread held stays locked); macOS libraries are not fork-safe."""
    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def _worker_main(conn: Connection, settings: Settings, spawned: bool) -> None:
    """A worker process: code the batches its parent sends, one at a time, reporting as it goes.

    Messages to the parent: ("stage", positions, stage) before each step, ("result", position, result) for
    each article, ("done",) at the end of a batch.
    """
    die_with_parent()
    # Ctrl-C goes to the whole process group; the parent stops the workers, they need not print tracebacks
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if spawned:
        warm_up(settings)

    def on_stage(positions: tuple[int, ...], stage: str) -> None:
        conn.send(("stage", positions, stage))

    while True:
        try:
            articles = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if articles is None:
            return
        for position, result in enumerate(iter_batch(articles, settings, on_stage=on_stage)):
            conn.send(("result", position, result))
        conn.send(("done",))


@dataclass
class _Task:
    """Articles of one batch (``key``) at ``positions`` in it, sent to one worker."""

    key: int
    positions: list[int]
    articles: list[Article]
    attempts: int = 0


@dataclass
class _Worker:
    process: Any
    conn: Connection
    task: _Task | None = None
    # what it said it is doing: positions in the task, the stage, and when it said so
    doing: tuple[tuple[int, ...], str] | None = None
    since: float = 0.0
    results: dict[int, Result] = field(default_factory=dict)


@dataclass
class _Batch:
    results: list[Result | None]

    @property
    def complete(self) -> bool:
        return all(r is not None for r in self.results)


class ProcessRunner:
    """Code batches in ``workers`` local processes, the pipeline loaded once for all (``--workers N``).

    On Linux this process loads the pipeline (model, knowledge base, gazetteer) and then forks the workers,
    which inherit it, loaded, in shared memory: starting N workers, or replacing one, costs no load. That needs
    no other thread to run in this process (the progress bar refreshes from the main thread for this reason).
    Elsewhere, or when other threads run, workers are spawned and each loads its own pipeline as it starts.

    Raises:
        ConfigError, DataError: the pipeline cannot be built (say, the model is not installed).
    """

    def __init__(self, settings: Settings, workers: int) -> None:
        self.settings = settings
        self.capacity = 2 * workers
        if _can_fork():
            init_worker(settings)  # raises here, before any worker exists, if the pipeline cannot load
        self.workers = [self._start() for _ in range(workers)]
        self.queue: deque[_Task] = deque()
        self.batches: dict[int, _Batch] = {}
        self.finished: deque[tuple[int, list[Result]]] = deque()
        self.deaths_without_progress = 0

    # -- workers -----------------------------------------------------------------------------------------------

    def _start(self) -> _Worker:
        fork = _can_fork()
        context: Any = multiprocessing.get_context("fork" if fork else "spawn")
        parent_end, child_end = context.Pipe(duplex=True)
        process = context.Process(target=_worker_main, args=(child_end, self.settings, not fork), daemon=True,
                                  name="eventwire-worker")
        process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def _stop(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=10)
        worker.conn.close()

    # -- batches -----------------------------------------------------------------------------------------------

    def submit(self, key: int, batch: list[Article]) -> None:
        self.batches[key] = _Batch([None] * len(batch))
        self.queue.append(_Task(key, list(range(len(batch))), batch))
        self._dispatch()

    def _dispatch(self) -> None:
        for worker in self.workers:
            if worker.task is None and self.queue:
                task = self.queue.popleft()
                try:
                    worker.conn.send(task.articles)
                except OSError:  # it died while idle: no article's fault
                    self.queue.appendleft(task)
                    self._stop(worker)
                    self.workers[self.workers.index(worker)] = self._start()
                    continue
                worker.task, worker.doing, worker.since, worker.results = task, None, time.monotonic(), {}

    def next_done(self) -> tuple[int, list[Result]]:
        self._dispatch()
        while not self.finished:
            busy = [w for w in self.workers if w.task is not None]
            if not busy:
                raise RuntimeError("next_done() with no batch in flight")
            ready = wait([w.conn for w in busy], timeout=self._seconds_to_next_deadline(busy))
            for worker in busy:
                if worker.conn in ready:
                    self._receive(worker)
            now = time.monotonic()
            for worker in busy:
                if worker.task is not None and now > worker.since + self._allowance(worker):
                    self._replace(worker, timed_out=True)
            # a worker that finished (or took a dead one's place) starts its next task now, not after this
            # process has written the finished batch and read the next one
            self._dispatch()
        return self.finished.popleft()

    def _allowance(self, worker: _Worker) -> float:
        """Seconds the worker may spend on what it said it is doing before the parent kills it."""
        timeout = self.settings.article_timeout
        if worker.doing is None or not timeout:
            return _STARTUP_SECONDS if worker.doing is None else float("inf")
        budget = timeout * len(worker.doing[0])
        return budget + max(_GRACE_SECONDS, _GRACE_SHARE * budget)

    def _seconds_to_next_deadline(self, busy: list[_Worker]) -> float:
        now = time.monotonic()
        return max(0.05, min(w.since + self._allowance(w) - now for w in busy))

    def _receive(self, worker: _Worker) -> None:
        """Read every message the worker has sent; a closed pipe means it died."""
        try:
            while worker.task is not None and worker.conn.poll():
                message = worker.conn.recv()
                if message[0] == "stage":
                    if worker.doing is None or worker.doing[0] != message[1]:
                        worker.since = time.monotonic()  # the budget runs per article, across its stages
                    worker.doing = (message[1], message[2])
                elif message[0] == "result":
                    worker.results[message[1]] = message[2]
                    self.deaths_without_progress = 0
                else:
                    self._complete(worker)
        except (EOFError, OSError):
            self._replace(worker, timed_out=False)

    def _complete(self, worker: _Worker) -> None:
        task = worker.task
        assert task is not None
        for position, result in worker.results.items():
            self._record(task.key, task.positions[position], result)
        worker.task, worker.doing, worker.results = None, None, {}

    def _record(self, key: int, position: int, result: Result) -> None:
        batch = self.batches[key]
        batch.results[position] = result
        if batch.complete:
            del self.batches[key]
            self.finished.append((key, [r for r in batch.results if r is not None]))

    def _replace(self, worker: _Worker, *, timed_out: bool) -> None:
        """Kill a worker that is stuck (or bury one that died), skip the article it was on, start another, and
        queue the rest of its task again."""
        task, doing = worker.task, worker.doing
        self._stop(worker)
        self.workers[self.workers.index(worker)] = self._start()
        if task is None:
            return
        if not timed_out:
            self.deaths_without_progress += 1
            if self.deaths_without_progress > _MAX_DEATHS_WITHOUT_PROGRESS * len(self.workers):
                first = task.articles[0]
                raise WorkerCrash(doing[1] if doing else "pipeline", first.origin or first.id,
                                  "worker processes keep dying before they finish an article (out of memory?); what "
                                  "was committed is kept: run the same command again to resume, perhaps with fewer "
                                  "--workers")
        for position, result in worker.results.items():
            self._record(task.key, task.positions[position], result)
        left = [p for p in range(len(task.positions)) if p not in worker.results]
        culprit = doing[0][0] if doing is not None and len(doing[0]) == 1 else None
        if doing is not None and culprit is None:
            # stuck or dead in a batch step (the parse): each article again on its own, to find the one
            for p in reversed(left):
                self.queue.appendleft(_Task(task.key, [task.positions[p]], [task.articles[p]], task.attempts + 1))
            return
        if culprit is not None and culprit in left:
            assert doing is not None
            self._record(task.key, task.positions[culprit], self._failure(task.articles[culprit], doing[1],
                                                                          timed_out))
            left.remove(culprit)
        elif doing is None and task.attempts >= 1 and len(left) == 1:
            # a single article that kills its worker before it says anything, twice
            self._record(task.key, task.positions[left[0]], self._failure(task.articles[left[0]], "pipeline",
                                                                          timed_out))
            left = []
        if left:
            self.queue.appendleft(_Task(task.key, [task.positions[p] for p in left], [task.articles[p] for p in left],
                                        task.attempts + 1))

    def _failure(self, article: Article, stage: str, timed_out: bool) -> Failed:
        where = article.origin or article.id
        err: WorkerCrash | ArticleTimeout
        if timed_out:
            err = ArticleTimeout(stage, where, f"took longer than its time budget of "
                                               f"{self.settings.article_timeout:g} s (--article-timeout) and "
                                               "did not stop; its worker was replaced")
        else:
            err = WorkerCrash(stage, where, "its worker process died (killed, or out of memory?) and was "
                                            "replaced")
        return Failed(content_hash=content_hash(article.text), message=str(err), code=err.code, stage=stage)

    def close(self, *, cancel: bool = False) -> None:
        for worker in self.workers:
            if cancel or worker.task is not None:
                self._stop(worker)
                continue
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in self.workers:
            worker.process.join(timeout=10)
            self._stop(worker)
        self.queue.clear()
