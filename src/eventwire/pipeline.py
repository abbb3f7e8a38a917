"""The pipeline: ordered stages over one Document, checked when built.

``code_article`` is the pure per-article function that everything at scale maps over: the same article and
knowledge base give the same events, byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from eventwire.config import Settings
from eventwire.document import Article, Document
from eventwire.errors import ConfigError, DataError, EventwireError, InputError, StageError

StageFn = Callable[[Document], Document]


@dataclass(frozen=True)
class Stage:
    name: str
    fn: StageFn
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()


@dataclass
class Pipeline:
    stages: list[Stage] = field(default_factory=list)

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

    def pipe(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[Document | EventwireError]:
        """Run over many articles, parsing in batches; a failing article yields its error and the rest go on.

        ConfigError and DataError are raised: they are no article's fault, and no article could be coded.
        """
        parse_stage = self.stages[0] if self.stages and self.stages[0].name == "parse" else None
        rest = self.stages[1:] if parse_stage else self.stages
        batch: list[Document] = []

        def flush() -> Iterator[Document | EventwireError]:
            if parse_stage is not None:
                from eventwire.parse import Parser

                parser = parse_stage.fn
                assert isinstance(parser, Parser)
                parsed: Iterable[Document] = parser.pipe(batch)
            else:
                parsed = batch
            for doc in parsed:
                try:
                    yield _run_stages(doc, rest)
                except (ConfigError, DataError):
                    raise
                except EventwireError as err:
                    yield err
            batch.clear()

        for article in articles:
            batch.append(Document(article))
            if len(batch) >= batch_size:
                yield from flush()
        if batch:
            yield from flush()


def _run_stages(doc: Document, stages: Iterable[Stage]) -> Document:
    """Run ``stages`` over one document; an error names the article (and the stage, for a bug)."""
    for stage in stages:
        try:
            doc = stage.fn(doc)
        except InputError as err:
            # e.g. a publication date that is not a date: say which article, not just which field
            raise type(err)(f"{doc.article.origin or doc.id} ({err.where})", err.reason) from err
        except EventwireError:
            raise
        except Exception as exc:  # a stage bug on one article must name the article and the stage
            raise StageError(stage.name, doc.id, exc) from exc
    return doc


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
    return Pipeline(stages)


def code_article(article: Article, pipeline: Pipeline) -> Document:
    """The per-article function: one article in, one fully analysed Document out."""
    return pipeline(Document(article))
