"""The per-article function as workers run it: a batch of articles in, plain picklable results out.

Each worker process (a local process or a Dask worker) builds the pipeline once, when it starts
(:func:`init_worker`) or on its first batch, and reuses it: the spaCy model, knowledge base, lexicon and
gazetteer load once per process. A batch is parsed with ``nlp.pipe``; results carry no spaCy objects, so
they are cheap to send back.
"""

from __future__ import annotations

import ctypes
import functools
import os
import signal
import sys
from collections.abc import Iterator

from eventwire.config import Settings
from eventwire.document import Article, Document, content_hash
from eventwire.errors import ConfigError, DataError, EventwireError, StageError
from eventwire.pipeline import OnStage, Pipeline, code_article, make_pipeline
from eventwire.store.records import Coded, Failed

Result = Coded | Failed
_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # from <malloc.h>
_SMALL_TRIM = 1 << 20
_MMAP_THRESHOLD, _TRIM_THRESHOLD = 32 << 20, 64 << 20  # glibc's own ceilings for its adaptive thresholds


@functools.cache
def worker_pipeline(settings: Settings) -> Pipeline:
    """The pipeline of this process, built on first use (one per process and settings)."""
    return make_pipeline(settings)


def limit_threads() -> None:
    """One math thread per worker process: the processes are the parallelism, more threads only contend."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")


def relax_malloc_trim() -> None:
    """Undo a small ``MALLOC_TRIM_THRESHOLD_`` (Dask's nannies start workers with 65536) on Linux with glibc.

    With it, glibc returns freed memory to the kernel at once and fixes its thresholds, so each batch's
    arrays are mapped and faulted in again: a quarter more CPU time per article. The thresholds are set to
    the ceilings glibc's own adaptive ones reach, as when the variable is not set. Elsewhere nothing happens.
    """
    value = os.environ.get("MALLOC_TRIM_THRESHOLD_")
    if not value or not sys.platform.startswith("linux"):
        return
    try:
        if int(value) >= _SMALL_TRIM:
            return
        libc = ctypes.CDLL(None)
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
        libc.mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)
    except (ValueError, OSError, AttributeError):
        return


def init_worker(settings: Settings) -> None:
    """Load everything a worker needs (model, knowledge base, gazetteer) before its first batch arrives.

    Raises:
        ConfigError, DataError: the pipeline cannot be built (say, the model is not installed).
    """
    limit_threads()
    relax_malloc_trim()
    pipeline = worker_pipeline(settings)
    pipeline.load()
    if "temporal" in pipeline.names:
        from eventwire.temporal import default_grammar

        # a worker codes many articles, which need most date rules: compile them all here, once, before
        # workers are forked from this process (one article compiles only those it needs)
        default_grammar().compile_all()


def warm_up(settings: Settings) -> None:
    """:func:`init_worker` for a process pool: a failure here is reported by the first batch instead.

    (An initializer that raises breaks the whole pool with no message; building the pipeline again in
    :func:`code_batch` raises the real error, which reaches the parent.)
    """
    try:
        init_worker(settings)
    except Exception:  # noqa: BLE001 - raised again, with its message, by the first batch
        worker_pipeline.cache_clear()


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _coded(doc: Document, digest: str) -> Coded:
    return Coded(content_hash=digest, events=list(doc.events), actor_mentions=list(doc.actor_mentions),
                 places=list(doc.places))


def _failed(err: EventwireError, digest: str) -> Failed:
    return Failed(content_hash=digest, message=_one_line(str(err)), code=err.code,
                  stage=err.stage if isinstance(err, StageError) else None)


def code_one(article: Article, pipeline: Pipeline) -> Result:
    """Code one article; a stage failure becomes a :class:`Failed` result naming the stage and article."""
    digest = content_hash(article.text)
    try:
        return _coded(code_article(article, pipeline), digest)
    except (ConfigError, DataError):
        raise  # not this article's fault: no article can be coded, so the run stops
    except EventwireError as err:
        return _failed(err, digest)
    except Exception as exc:  # a bug on one article must not stop the corpus: keep it as data
        return _failed(StageError("pipeline", article.id, exc), digest)


def iter_batch(articles: list[Article], settings: Settings, *,
               on_stage: OnStage | None = None) -> Iterator[Result]:
    """Code a batch of articles; one result per article, in order, each as soon as it is ready.

    The batch is parsed with ``nlp.pipe``; each article has its time budget (``settings.article_timeout``).
    Should the pipeline itself fail part way (a bug outside any one article's stages), the rest of the
    articles are coded one by one, so that only the bad one fails.

    Raises:
        ConfigError, DataError: the pipeline cannot be built or run at all (say, the model is not installed).
    """
    pipeline = worker_pipeline(settings)
    done = 0
    try:
        for article, item in zip(articles, pipeline.pipe(articles, batch_size=len(articles) or 1,
                                                          on_stage=on_stage), strict=True):
            digest = content_hash(article.text)
            yield _failed(item, digest) if isinstance(item, EventwireError) else _coded(item, digest)
            done += 1
    except (ConfigError, DataError):
        raise  # a missing model or broken data file: no article can be coded, so the run stops
    except Exception:  # noqa: BLE001 - the rest are coded article by article, where each error is kept
        for article in articles[done:]:
            yield code_one(article, pipeline)


def code_batch(articles: list[Article], settings: Settings) -> list[Result]:
    """:func:`iter_batch` as a list (what a Dask task returns)."""
    return list(iter_batch(articles, settings))


def die_with_parent() -> None:
    """Ask the kernel to kill this worker process when its parent dies, even by ``kill -9`` (Linux).

    Without it, workers of a killed ``eventwire ingest`` would go on, each holding its memory and the
    database. Elsewhere a worker notices on its own: its pipe to the parent closes.
    """
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)
