"""The per-article function as workers run it: a batch of articles in, plain picklable results out.

Each worker process (a local process or a Dask worker) builds the pipeline once, when it starts
(:func:`init_worker`) or on its first batch, and reuses it: the spaCy model, knowledge base, lexicon and
gazetteer load once per process. A batch is parsed with ``nlp.pipe``; results carry no spaCy objects, so
they are cheap to send back.
"""

from __future__ import annotations

import functools
import os

from eventwire.config import Settings
from eventwire.document import Article, Document, content_hash
from eventwire.errors import ConfigError, DataError, EventwireError, StageError
from eventwire.pipeline import Pipeline, code_article, make_pipeline
from eventwire.store.records import Coded, Failed

Result = Coded | Failed


@functools.cache
def worker_pipeline(settings: Settings) -> Pipeline:
    """The pipeline of this process, built on first use (one per process and settings)."""
    return make_pipeline(settings)


def limit_threads() -> None:
    """One math thread per worker process: the processes are the parallelism, more threads only contend."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")


# Stages may load their knowledge on first use; one short article with an actor, a date and a place makes
# every one of them load before the first real batch arrives.
_WARM_UP = Article(id="eventwire-warm-up", text="Warm-up\n\nPolice in Paris arrested two men on Monday.",
                   published="2020-01-06", body_start=9)


def init_worker(settings: Settings) -> None:
    """Load everything a worker needs (model, knowledge base, gazetteer) before its first batch arrives.

    Raises:
        ConfigError, DataError: the pipeline cannot be built (say, the model is not installed).
    """
    limit_threads()
    code_article(_WARM_UP, worker_pipeline(settings))


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


def code_batch(articles: list[Article], settings: Settings) -> list[Result]:
    """Code a batch of articles; one result per article, in order.

    The batch is parsed with ``nlp.pipe``. Should the batch as a whole fail (not one article's stage), each
    article is coded on its own so that only the bad one fails.

    Raises:
        ConfigError, DataError: the pipeline cannot be built or run at all (say, the model is not installed).
    """
    pipeline = worker_pipeline(settings)
    try:
        results: list[Result] = []
        for article, item in zip(articles, pipeline.pipe(articles, batch_size=len(articles) or 1), strict=True):
            digest = content_hash(article.text)
            results.append(_failed(item, digest) if isinstance(item, EventwireError) else _coded(item, digest))
        return results
    except (ConfigError, DataError):
        raise  # a missing model or broken data file: no article can be coded, so the run stops
    except Exception:  # noqa: BLE001 - retried article by article below, where the error is kept per article
        return [code_one(article, pipeline) for article in articles]
