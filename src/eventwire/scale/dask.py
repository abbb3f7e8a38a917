"""Batches coded on a Dask cluster: a LocalCluster (``--dask local``) or a scheduler address.

The same per-article function (:func:`eventwire.scale.worker.code_batch`) is mapped over batches with
``dask.distributed``; results come back to the one writer, the parent process. Each Dask worker process
builds its pipeline once. Workers need eventwire (and the spaCy model) installed, and one thread each
(``dask worker ADDRESS --nthreads 1``): spaCy models are not meant to be shared between threads.
See docs/scale.md.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from dataclasses import dataclass
from typing import Any

from eventwire.config import Settings
from eventwire.document import Article
from eventwire.errors import ConfigError
from eventwire.scale.worker import Result, code_batch, init_worker


class DaskRunner:
    """Code batches on Dask workers; keeps twice as many batches in flight as the cluster has threads."""

    def __init__(self, settings: Settings, address: str, *, workers: int = 1) -> None:
        if importlib.util.find_spec("distributed") is None:
            raise ConfigError("--dask needs the 'distributed' package: pip install distributed")
        self.settings = settings
        self.cluster: Any = None
        self._config: Any = None
        # the fork server starts loading the pipeline first, while this process imports Dask and starts
        # the scheduler: on two CPUs the two overlap, and the cluster is up about half a second sooner
        self._forkserver: _ForkServer | None = _start_forkserver(settings) if address == "local" else None
        try:
            from distributed import Client, LocalCluster, as_completed
        except ImportError as exc:
            self.close()
            raise ConfigError(f"--dask needs the 'distributed' package ({exc}): pip install distributed") from exc
        try:
            _quiet_dask()
            if address == "local":
                _claim_forkserver_preload(self._forkserver)
                self._config = _local_config(forkserver=self._forkserver is not None)
                # no dashboard: the scheduler's HTTP server (health checks only) on a free loopback port, not
                # the dashboard on :8787 that nobody asked for
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                            host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR,
                                            scheduler_kwargs={"dashboard": False,
                                                              "dashboard_address": "127.0.0.1:0"})
                self.client = Client(self.cluster)
            else:
                self.client = Client(address, timeout="30s")
        except (OSError, TimeoutError, ValueError) as exc:
            self.close()
            raise ConfigError(f"cannot reach the Dask scheduler at {address!r} ({exc}); give its address as "
                              "tcp://HOST:8786, or --dask local") from exc
        try:
            # load the pipeline on every worker now, in parallel, and fail early if a worker cannot
            self.client.run(init_worker, settings)
        except (ImportError, ConfigError) as exc:
            self.close()
            raise ConfigError(f"a Dask worker cannot run eventwire ({exc}); install eventwire and its spaCy model "
                              "on every worker") from exc
        threads = sum(self.client.nthreads().values()) or 1
        self.capacity = 2 * threads
        self.done = as_completed()
        self.keys: dict[Any, int] = {}

    def submit(self, key: int, batch: list[Article]) -> None:
        future = self.client.submit(code_batch, batch, self.settings, pure=False)
        self.keys[future.key] = key
        self.done.add(future)

    def next_done(self) -> tuple[int, list[Result]]:
        future = next(self.done)
        key = self.keys.pop(future.key)
        return key, future.result()

    def close(self, *, cancel: bool = False) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            try:
                self.cluster.close(timeout=30)
            finally:
                _end_children()
        if self._forkserver is not None:
            self._forkserver.stop()
            self._forkserver = None
        if self._config is not None:
            self._config.__exit__(None, None, None)
            self._config = None


LOCAL_CONFIG = {
    # the statistical profiler samples every worker's stack 100 times a second, holding the GIL each time
    "distributed.worker.profile.enabled": False,
    # Dask's nannies start workers with MALLOC_TRIM_THRESHOLD_=65536: glibc then hands freed memory back at
    # once, and spaCy's next batch faults it in again (16 times the page faults, a quarter more CPU time)
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    # every Dask server (the scheduler, each nanny, each worker) checks its event loop's health every 20 ms
    # and samples its process's CPU and memory every 500 ms, the worker's memory manager every 100 ms: each
    # wake-up takes the GIL from the batch being coded, or a CPU from a worker. Health checks once a second,
    # the system samples every 5 s; memory limits still act within a second.
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}
"""Dask settings of a ``--dask local`` cluster, for as long as it runs (see docs/scale.md for a cluster's)."""


def _local_config(*, forkserver: bool) -> Any:
    import dask

    if forkserver:
        return dask.config.set({**LOCAL_CONFIG, "distributed.worker.multiprocessing-method": "forkserver"})
    return dask.config.set(LOCAL_CONFIG)


@dataclass
class _ForkServer:
    """multiprocessing's fork server as :func:`_start_forkserver` found it, to be put back when it stops."""

    preload: list[str]
    distributed_preload_set: bool | None

    def stop(self) -> None:
        """Stop the server (it holds a whole pipeline) and restore what was changed to start it."""
        from multiprocessing import forkserver

        server: Any = forkserver._forkserver
        server._stop()
        server._preload_modules = self.preload
        if self.distributed_preload_set is not None:
            import distributed.utils

            distributed.utils._forkserver_preload_set = self.distributed_preload_set


def _start_forkserver(settings: Settings) -> _ForkServer | None:
    """Start multiprocessing's fork server with the pipeline of ``settings`` loaded, for a ``--dask local``
    cluster to fork its workers from (eventwire.scale.preload); None if it could not be started here.

    Each worker then starts with the model, knowledge base and gazetteer in memory, shared with the others,
    instead of importing Dask and loading them on its own: the pipeline loads once, as with ``--workers N``.
    Where there is no fork server (Windows), or one runs already (its preloads fixed), the workers start as
    Dask starts them and load their own.
    """
    import multiprocessing
    from multiprocessing import forkserver

    server: Any = getattr(forkserver, "_forkserver", None)
    if ("forkserver" not in multiprocessing.get_all_start_methods() or server is None
            or getattr(server, "_forkserver_pid", 1) is not None or not hasattr(server, "_stop")):
        return None
    from eventwire.scale import preload

    state = _ForkServer(list(getattr(server, "_preload_modules", [])), None)
    # the server's environment is this process's as it starts: the settings, and one math thread per
    # worker (what Dask's nanny would set before it spawns a worker)
    env = {preload.ENV: preload.settings_to_json(settings),
           **{name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
              if name not in os.environ}}
    os.environ.update(env)
    try:
        forkserver.set_forkserver_preload(["distributed", "eventwire.scale.preload"])
        forkserver.ensure_running()
    except OSError:
        state.stop()
        return None
    finally:
        for name in env:
            os.environ.pop(name, None)
    return state


def _claim_forkserver_preload(state: _ForkServer | None) -> None:
    """Tell distributed that the fork server's preloads are set: the first time it asks for the fork server
    it would set its own, and import pandas and others in this process for them (the server runs already,
    with its preloads)."""
    if state is None:
        return
    try:
        import distributed.utils

        state.distributed_preload_set = bool(distributed.utils._forkserver_preload_set)
        distributed.utils._forkserver_preload_set = True
    except (ImportError, AttributeError):
        pass


def _quiet_dask() -> None:
    """Dask's INFO lines (scheduler and dashboard addresses, every worker's start and stop) only with
    ``--verbose``: distributed sets its loggers' levels when imported, after the command line set them."""
    if logging.getLogger().isEnabledFor(logging.DEBUG):
        return
    for name in ("distributed", *(n for n in logging.root.manager.loggerDict if n.startswith("distributed."))):
        logging.getLogger(name).setLevel(logging.ERROR)


def _end_children(grace: float = 5.0) -> None:
    """End the local cluster's worker processes that are still running after it closed (none should be):
    no process of a ``--dask local`` run outlives it."""
    import multiprocessing

    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    for child in children:
        child.join(grace)
        if child.is_alive():
            child.kill()
            child.join(grace)
