"""Where batches are coded: in this process, in local worker processes, or on a Dask cluster (dask.py).

A runner takes numbered batches of articles and hands back (number, results) as they finish; it keeps no more
than ``capacity`` batches in flight, so memory stays flat however large the corpus. Only the parent process
writes to the store.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
import threading
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from eventwire.config import Settings
from eventwire.document import Article
from eventwire.errors import EventwireError
from eventwire.scale.worker import Result, code_batch, init_worker, warm_up


class WorkerCrash(EventwireError):
    """A worker process died (killed, or out of memory); what was committed stays, a rerun resumes."""

    code = "EW301"


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


def _ignore_interrupts() -> None:
    # Ctrl-C goes to the whole process group; the parent stops the pool, workers need not print tracebacks
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _init_spawned(settings: Settings) -> None:
    _ignore_interrupts()
    warm_up(settings)


def _started() -> None:
    """An empty task: submitting one per worker makes the pool start every process now."""


def _can_fork() -> bool:
    """Fork is cheap and safe on Linux while this process runs no other thread (a forked child gets only the
    forking thread, and any lock another thread held stays locked); macOS libraries are not fork-safe."""
    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


class ProcessRunner:
    """Code batches in ``workers`` local processes, the pipeline loaded once for all (``--workers N``).

    On Linux this process loads the pipeline (model, knowledge base, gazetteer) and then forks the workers,
    which inherit it, loaded, in shared memory: starting N workers costs one load, not N. That needs the
    runner to be created while no other thread runs (the progress bar refreshes from the main thread for
    this reason). Elsewhere, or when other threads run, the workers are spawned and each loads its own
    pipeline as it starts.

    Raises:
        ConfigError, DataError: the pipeline cannot be built (say, the model is not installed).
    """

    def __init__(self, settings: Settings, workers: int) -> None:
        self.settings = settings
        self.capacity = 2 * workers
        if _can_fork():
            init_worker(settings)  # raises here, before any worker exists, if the pipeline cannot load
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_ignore_interrupts)
        else:
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_init_spawned, initargs=(settings,))
            # the pool starts processes as tasks arrive; start them all now, so they load in parallel
            for _ in range(workers):
                self.pool.submit(_started)
        self.futures: dict[Future[list[Result]], int] = {}

    def submit(self, key: int, batch: list[Article]) -> None:
        self.futures[self.pool.submit(code_batch, batch, self.settings)] = key

    def next_done(self) -> tuple[int, list[Result]]:
        done, _ = wait(self.futures, return_when=FIRST_COMPLETED)
        future = min(done, key=self.futures.__getitem__)
        key = self.futures.pop(future)
        try:
            return key, future.result()
        except BrokenProcessPool as exc:
            raise WorkerCrash("a worker process died (killed, or out of memory?); what was committed is kept: "
                              "run the same command again to resume, perhaps with fewer --workers") from exc

    def close(self, *, cancel: bool = False) -> None:
        self.pool.shutdown(wait=True, cancel_futures=cancel)
        self.futures.clear()
