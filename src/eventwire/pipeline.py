"""The pipeline: ordered stages over one Document, checked when built.

``code_article`` is the pure per-article function that everything at scale maps over: the same article and
knowledge base give the same events, byte for byte.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from eventwire.config import Settings
from eventwire.document import Article, Document
from eventwire.errors import ArticleTimeout, ConfigError, DataError, EventwireError, InputError, StageError

StageFn = Callable[[Document], Document]
OnStage = Callable[[tuple[int, ...], str], None]
"""Told, before each step, which articles (their positions in the input) enter which stage."""


@dataclass(frozen=True)
class Stage:
    name: str
    fn: StageFn
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()


class _Expired(BaseException):
    """Raised inside an article's code when its time budget runs out.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` inside a stage can swallow it.
    """


def _raise_expired(signum: int, frame: Any) -> None:
    raise _Expired


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Interrupt the block with ``_Expired`` if it runs longer than ``seconds`` (None or 0: no limit).

    In the main thread a real-time timer signal does it; in another thread (a Dask worker's) a timer thread
    raises the exception in that thread. Either way Python code is interrupted between two bytecodes, which
    covers every loop of eventwire's own; a worker stuck inside C code is killed by its parent instead
    (``eventwire.scale.runners``).
    """
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread():
        with _signal_budget(seconds):
            yield
        return
    with _thread_budget(seconds):
        yield


@contextmanager
def _signal_budget(seconds: float) -> Iterator[None]:
    outer_remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    if outer_remaining and outer_remaining <= seconds:
        yield  # a caller's own alarm comes first: leave it be
        return
    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, _raise_expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_remaining:  # a caller's longer alarm goes on with what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(1e-3, outer_remaining - (time.monotonic() - started)))


@contextmanager
def _thread_budget(seconds: float) -> Iterator[None]:
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"active": True, "fired": False}

    def expire() -> None:
        with lock:
            if state["active"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(_Expired))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["active"] = False
            if state["fired"]:  # fired as the block ended: take back an exception not yet delivered
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
        timer.cancel()


def _timed_out(stage: str, doc: Document, seconds: float) -> ArticleTimeout:
    return ArticleTimeout(stage, doc.article.origin or doc.id,
                          f"took longer than its time budget of {seconds:g} s (--article-timeout); skipped")


def _refusal(article: Article, settings: Settings) -> InputError | None:
    """Why the coding stages cannot take this article (too long, not English), or None."""
    from eventwire.ingest.read import check_codable

    try:
        check_codable(article, settings)
    except InputError as err:
        return err
    return None


# Stages load their knowledge (model, knowledge base, gazetteer) on first use; one short article with an actor,
# a date and a place makes each of them load, outside any article's time budget.
_WARM_UP = Article(id="eventwire-warm-up", text="Warm-up\n\nPolice in Paris arrested two men on Monday.",
                   published="2020-01-06", body_start=9)


@dataclass
class Pipeline:
    stages: list[Stage] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
    loaded: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        available = {"article"}
        for stage in self.stages:
            missing = [r for r in stage.requires if r not in available]
            if missing:
                raise ConfigError(
                    f"stage {stage.name!r} needs {', '.join(missing)}; add the stage that assigns it before"
                    f" {stage.name!r}"
                )
            available.update(stage.assigns)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, doc: Document) -> Document:
        return _run_stages(doc, self.stages)

    def load(self) -> None:
        """Make every stage load what it needs now, so that loading never counts against an article's time
        budget (once per pipeline)."""
        if not self.loaded:
            self(Document(_WARM_UP))
            self.loaded = True

    def pipe(self, articles: Iterable[Article], batch_size: int = 16, *,
             on_stage: OnStage | None = None) -> Iterator[Document | EventwireError]:
        """Run over many articles, parsing in batches; one result per article, in input order.

        A failing article yields its error and the rest go on: input the coding stages cannot take (too long,
        not English), a stage's bug (StageError), and an article past its time budget (``settings.
        article_timeout``: ArticleTimeout, naming the stage). The budget holds for each article's stages after
        the parse; a batch parse may take the budget of every article in it, and when it runs over, the batch
        is parsed again one article at a time, so that only the slow article is skipped.

        Raises:
            ConfigError, DataError: no article's fault, and no article could be coded.
        """
        self.load()
        batch: list[tuple[int, Document]] = []
        for index, article in enumerate(articles):
            batch.append((index, Document(article)))
            if len(batch) >= batch_size:
                yield from self._flush(batch, on_stage)
                batch = []
        if batch:
            yield from self._flush(batch, on_stage)

    def _flush(self, batch: list[tuple[int, Document]],
               on_stage: OnStage | None) -> Iterator[Document | EventwireError]:
        parse_stage = self.stages[0] if self.stages and self.stages[0].name == "parse" else None
        rest = self.stages[1:] if parse_stage else self.stages
        refusals = {index: _refusal(doc.article, self.settings) for index, doc in batch}
        codable = [(index, doc) for index, doc in batch if refusals[index] is None]
        parsed = self._parse(codable, parse_stage, on_stage) if parse_stage else dict(codable)
        timeout = self.settings.article_timeout
        for index, _ in batch:
            refused = refusals[index]
            if refused is not None:
                yield refused
                continue
            result = parsed[index]
            if isinstance(result, EventwireError):
                yield result
                continue
            try:
                yield _run_stages(result, rest, timeout=timeout, on_stage=on_stage, index=index)
            except (ConfigError, DataError):
                raise
            except EventwireError as err:
                yield err

    def _parse(self, batch: list[tuple[int, Document]], stage: Stage,
               on_stage: OnStage | None) -> dict[int, Document | EventwireError]:
        """Parse a batch with ``nlp.pipe``; if that fails or runs over, each article on its own."""
        from eventwire.parse import Parser

        parser = stage.fn
        assert isinstance(parser, Parser)
        if not batch:
            return {}
        timeout = self.settings.article_timeout
        if on_stage is not None:
            on_stage(tuple(index for index, _ in batch), stage.name)
        try:
            with time_budget(timeout * len(batch) if timeout else None):
                docs = list(parser.pipe([doc for _, doc in batch], batch_size=len(batch)))
            return {index: doc for (index, _), doc in zip(batch, docs, strict=True)}
        except (ConfigError, DataError):
            raise
        except (_Expired, Exception):  # noqa: BLE001 - parsed again one by one, where each error is kept
            pass
        return {index: _parse_one(doc, stage, timeout, on_stage, index) for index, doc in batch}


def _parse_one(doc: Document, stage: Stage, timeout: float | None, on_stage: OnStage | None,
               index: int) -> Document | EventwireError:
    try:
        return _run_stages(doc, [stage], timeout=timeout, on_stage=on_stage, index=index)
    except (ConfigError, DataError):
        raise
    except EventwireError as err:
        return err


def _run_stages(doc: Document, stages: Iterable[Stage], *, timeout: float | None = None,
                on_stage: OnStage | None = None, index: int = 0) -> Document:
    """Run ``stages`` over one document within ``timeout`` seconds; an error names the article (and the stage,
    for a bug or a timeout)."""
    stage_name = "pipeline"
    try:
        with time_budget(timeout):
            for stage in stages:
                stage_name = stage.name
                if on_stage is not None:
                    on_stage((index,), stage.name)
                doc = _run_stage(doc, stage)
    except _Expired:
        raise _timed_out(stage_name, doc, timeout or 0) from None
    return doc


def _run_stage(doc: Document, stage: Stage) -> Document:
    try:
        return stage.fn(doc)
    except InputError as err:
        # e.g. a publication date that is not a date: say which article, not just which field
        raise type(err)(f"{doc.article.origin or doc.id} ({err.where})", err.reason) from err
    except EventwireError:
        raise
    except Exception as exc:  # a stage bug on one article must name the article and the stage
        raise StageError(stage.name, doc.id, exc) from exc


ALL_STAGES = ("parse", "actors", "temporal", "geo", "coding")


def make_pipeline(settings: Settings | None = None, *, until: str = "coding") -> Pipeline:
    """Build the standard pipeline, up to and including stage ``until``.

    The lexicon loads here; the spaCy model, knowledge base and gazetteer load on first use, once per process
    (stages stay small to pickle for workers).
    """
    settings = settings or Settings()
    if until not in ALL_STAGES:
        raise ConfigError(f"unknown stage {until!r}; stages are {', '.join(ALL_STAGES)}")
    wanted = ALL_STAGES[: ALL_STAGES.index(until) + 1]
    stages: list[Stage] = []
    from eventwire.parse import Parser

    stages.append(Stage("parse", Parser(settings.model), (), ("spacy_doc",)))
    if "actors" in wanted:
        from eventwire.actors import make_actor_resolver

        stages.append(Stage("actors", make_actor_resolver(settings), ("spacy_doc",), ("actor_mentions",)))
    if "temporal" in wanted:
        from eventwire.temporal import make_date_resolver

        stages.append(Stage("temporal", make_date_resolver(settings), ("article",), ("timexes",)))
    if "geo" in wanted:
        from eventwire.geo import make_geoparser

        stages.append(Stage("geo", make_geoparser(settings), ("spacy_doc",), ("places",)))
    if "coding" in wanted:
        from eventwire.coding import make_event_coder

        stages.append(
            Stage("coding", make_event_coder(settings), ("spacy_doc", "actor_mentions", "timexes", "places"),
                  ("events",))
        )
    return Pipeline(stages, settings)


def code_article(article: Article, pipeline: Pipeline) -> Document:
    """The per-article function: one article in, one fully analysed Document out."""
    return pipeline(Document(article))
