"""The ``eventwire`` command line: JSON Lines on stdout, logs and errors on stderr.

Exit codes: 0 all went well; 1 some input was bad (each named on stderr) but the rest was processed;
2 usage or configuration error (nothing processed).
"""

from __future__ import annotations

import importlib
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from eventwire.config import DEFAULT_ARTICLE_TIMEOUT, Settings
from eventwire.document import Article
from eventwire.errors import ConfigError, DataError, EventwireError, InputError, one_line

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
actors_app = typer.Typer(no_args_is_help=True, help="Query the actor knowledge base.")
app.add_typer(actors_app, name="actors")

log = logging.getLogger("eventwire")

PathsArg = Annotated[list[str], typer.Argument(help="files, folders, or - for standard input")]
ModelOpt = Annotated[
    str | None, typer.Option("--model", help="spaCy model (default: $EVENTWIRE_MODEL or en_core_web_sm)")
]
PublishedOpt = Annotated[
    str | None, typer.Option("--published", help="publication date YYYY-MM-DD for articles that carry none")
]
ActorsOpt = Annotated[list[Path] | None, typer.Option("--actors", help="extra actor file(s) merged into the KB")]
LexiconOpt = Annotated[list[Path] | None, typer.Option("--lexicon", help="extra verb/noun pattern file(s)")]
MonthFirstOpt = Annotated[bool, typer.Option("--month-first", help="read numeric dates like 05.07.2019 month-first")]
TimeoutOpt = Annotated[float, typer.Option(
    "--article-timeout", min=0, help="seconds one article may take; past it the article is skipped (0: no limit)")]
MinConfidenceOpt = Annotated[float, typer.Option(
    "--min-confidence", min=0.0, max=1.0,
    help="emit only events with at least this confidence (calibrated: of the events at 0.8 or more, about 8 in "
         "10 were right on the development sets; see docs/confidence.md)")]
KeepNegatedOpt = Annotated[bool, typer.Option("--keep-negated", help="keep negated events, flagged")]
SinceOpt = Annotated[str | None, typer.Option(
    "--since", help="events dated from (inclusive): YYYY, YYYY-MM or YYYY-MM-DD", rich_help_panel="Filters")]
UntilOpt = Annotated[str | None, typer.Option(
    "--until", help="events dated to (inclusive; 2019-07 includes all of July)", rich_help_panel="Filters")]
CountryOpt = Annotated[str | None, typer.Option(
    "--country", help="where it happened: ISO 3166 alpha-3, e.g. LBY", rich_help_panel="Filters")]
ActorOpt = Annotated[str | None, typer.Option(
    "--actor", help="an actor code or prefix on either side: SYR, TURGOV", rich_help_panel="Filters")]
CameoOpt = Annotated[str | None, typer.Option(
    "--cameo", help="a CAMEO code or prefix: 19 is every fight, 195 air strikes", rich_help_panel="Filters")]
PloverOpt = Annotated[str | None, typer.Option(
    "--plover", help="a PLOVER event type, e.g. ASSAULT", rich_help_panel="Filters")]
FilterConfidenceOpt = Annotated[float, typer.Option(
    "--min-confidence", min=0.0, max=1.0, rich_help_panel="Filters",
    help="only events with at least this calibrated confidence (docs/confidence.md)")]
GdeltHeaderOpt = Annotated[bool, typer.Option(
    "--header", help="gdelt: start with a header line of GDELT's column names (GDELT's own files have none)")]
PrecisionOpt = Annotated[bool, typer.Option(
    "--precision-column",
    help="gdelt: add a 62nd column DatePrecision (day|month|year); Day is the first day of the event's period")]


class Reporter:
    """Counts bad inputs and writes each as one line on stderr."""

    def __init__(self) -> None:
        self.failed = 0

    def error(self, err: EventwireError) -> None:
        self.failed += 1
        typer.echo(f"eventwire: error: {one_line(str(err))}", err=True)

    @property
    def exit_code(self) -> int:
        return EXIT_BAD_INPUT if self.failed else EXIT_OK


def _settings(model: str | None = None, actors: list[Path] | None = None, lexicon: list[Path] | None = None,
              month_first: bool = False, keep_negated: bool = False,
              article_timeout: float = DEFAULT_ARTICLE_TIMEOUT, min_confidence: float = 0.0) -> Settings:
    kwargs: dict[str, Any] = {"keep_negated": keep_negated, "article_timeout": article_timeout or None,
                              "min_confidence": min_confidence}
    if model:
        kwargs["model"] = model
    if month_first:
        kwargs["day_first"] = False
    return Settings(extra_actors=tuple(actors or ()), extra_lexicon=tuple(lexicon or ()), **kwargs)


def _articles(paths: Iterable[str], settings: Settings, reporter: Reporter,
              published: str | None = None) -> Iterator[Article]:
    from eventwire.ingest import read_articles

    for item in read_articles(paths, settings):
        if isinstance(item, InputError):
            reporter.error(item)
            continue
        if published and not item.published:
            item = _with_published(item, published)
        yield item


def _check_published(published: str | None) -> None:
    if published is not None and not re.match(r"^\d{4}-\d{2}-\d{2}$", published):
        raise _fail(ConfigError(f"--published {published!r} is not a date; use YYYY-MM-DD"))


def _with_published(article: Article, published: str) -> Article:
    from dataclasses import replace

    return replace(article, published=published)


def _emit(record: dict[str, Any]) -> None:
    from eventwire.store.export import json_line

    sys.stdout.write(json_line(record))


def _fail(exc: EventwireError) -> typer.Exit:
    typer.echo(f"eventwire: error: {one_line(str(exc))}", err=True)
    return typer.Exit(EXIT_USAGE)


def _filter(*, since: str | None, until: str | None, country: str | None, actor: str | None, cameo: str | None,
            plover: str | None, min_confidence: float) -> Any:
    """The command line's filters as one checked :class:`~eventwire.store.filters.EventFilter`."""
    from eventwire.store.filters import EventFilter, check_filter

    flt = EventFilter(cameo=cameo, plover=plover, actor=actor, country=country, since=since, until=until,
                      min_confidence=min_confidence or None, limit=None)
    try:
        return check_filter(flt, option_prefix="--")
    except ConfigError as exc:
        raise _fail(exc) from exc


def _show_version(value: bool) -> None:
    if value:
        from eventwire import __version__

        typer.echo(f"eventwire {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="debug logs on stderr")] = False,
          version: Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True,
                                                help="print eventwire's version and exit")] = False) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, stream=sys.stderr,
                        format="eventwire: %(levelname)s: %(message)s")
    if not verbose:
        # trafilatura and htmldate warn about every odd page; eventwire reports bad input itself, once
        for name in ("trafilatura", "htmldate", "courlan", "distributed", "dask"):
            logging.getLogger(name).setLevel(logging.ERROR)


@app.command()
def extract(paths: PathsArg, fmt: Annotated[str, typer.Option("--format")] = "jsonl",
            month_first: MonthFirstOpt = False) -> None:
    """Print cleaned articles (id, title, published, text, …) as JSON Lines."""
    if fmt != "jsonl":
        raise _fail(ConfigError(f"unknown format {fmt!r} for extract; use jsonl"))
    reporter = Reporter()
    for article in _articles(paths, _settings(month_first=month_first), reporter):
        _emit(article.to_dict())
    raise typer.Exit(reporter.exit_code)


@app.command()
def code(paths: PathsArg, fmt: Annotated[str, typer.Option("--format", help="jsonl|csv|plover|gdelt")] = "jsonl",
         published: PublishedOpt = None, model: ModelOpt = None, actors: ActorsOpt = None,
         lexicon: LexiconOpt = None, month_first: MonthFirstOpt = False,
         keep_negated: KeepNegatedOpt = False, article_timeout: TimeoutOpt = DEFAULT_ARTICLE_TIMEOUT,
         min_confidence: MinConfidenceOpt = 0.0, header: GdeltHeaderOpt = False,
         precision_column: PrecisionOpt = False) -> None:
    """Code events and print them (JSON Lines by default)."""
    _check_published(published)
    from eventwire.pipeline import make_pipeline
    from eventwire.store.export import STREAM_FORMATS, EventWriter

    if fmt == "parquet":
        raise _fail(ConfigError("Parquet is a binary file format and cannot stream to standard output; use jsonl, "
                                "csv, plover or gdelt (for Parquet: eventwire ingest, then eventwire export "
                                "--format parquet --out FILE)"))
    if fmt not in STREAM_FORMATS:
        raise _fail(ConfigError(f"unknown format {one_line(repr(fmt))}; use one of {', '.join(STREAM_FORMATS)}"))
    settings = _settings(model, actors, lexicon, month_first, keep_negated, article_timeout, min_confidence)
    try:
        pipeline = make_pipeline(settings)
    except (ConfigError, DataError) as exc:
        raise _fail(exc) from exc
    reporter = Reporter()
    with EventWriter(sys.stdout, fmt, header=header, precision_column=precision_column) as writer:
        for doc in pipeline.pipe(_articles(paths, settings, reporter, published)):
            if isinstance(doc, EventwireError):
                reporter.error(doc)
                continue
            for event in doc.events:
                writer.write(event, doc.article)
    raise typer.Exit(reporter.exit_code)


@app.command()
def timex(paths: PathsArg, published: PublishedOpt = None, fmt: Annotated[str, typer.Option("--format")] = "jsonl",
          month_first: MonthFirstOpt = False) -> None:
    """Print the temporal expressions of each article, normalised against its publication date."""
    _check_published(published)
    from eventwire.ingest.read import check_codable
    from eventwire.temporal import find_time_expressions

    settings = _settings(month_first=month_first)
    reporter = Reporter()
    for article in _articles(paths, settings, reporter, published):
        try:
            check_codable(article, settings)
        except InputError as err:
            reporter.error(err)
            continue
        for expr in find_time_expressions(article.text, article.published, day_first=settings.day_first):
            _emit({"article_id": article.id, **expr.to_dict()})
    raise typer.Exit(reporter.exit_code)


@app.command()
def geoparse(paths: PathsArg, fmt: Annotated[str, typer.Option("--format")] = "jsonl",
             model: ModelOpt = None, article_timeout: TimeoutOpt = DEFAULT_ARTICLE_TIMEOUT) -> None:
    """Print the resolved toponyms of each article."""
    from eventwire.pipeline import make_pipeline

    settings = _settings(model, article_timeout=article_timeout)
    pipeline = make_pipeline(settings, until="geo")
    reporter = Reporter()
    for doc in pipeline.pipe(_articles(paths, settings, reporter)):
        if isinstance(doc, EventwireError):
            reporter.error(doc)
            continue
        for place in doc.places:
            _emit({"article_id": doc.id, **place.to_dict()})
    raise typer.Exit(reporter.exit_code)


@app.command()
def ingest(paths: PathsArg, db: Annotated[Path, typer.Option("--db")] = Path("eventwire.db"),
           workers: Annotated[int, typer.Option("--workers", min=1)] = 1,
           dask: Annotated[str | None, typer.Option("--dask", help="scheduler address, or 'local'")] = None,
           model: ModelOpt = None, actors: ActorsOpt = None, lexicon: LexiconOpt = None,
           published: PublishedOpt = None, article_timeout: TimeoutOpt = DEFAULT_ARTICLE_TIMEOUT,
           month_first: MonthFirstOpt = False, keep_negated: KeepNegatedOpt = False,
           min_confidence: MinConfidenceOpt = 0.0) -> None:
    """Code a corpus into the SQLite store (resumable; the same input twice adds nothing).

    ``--min-confidence`` and ``--keep-negated`` apply as articles are coded: an article already stored is not
    coded again (export with ``--min-confidence`` to filter a store).
    """
    _check_published(published)
    from eventwire.scale import ingest_corpus

    settings = _settings(model, actors, lexicon, month_first, keep_negated, article_timeout, min_confidence)
    try:
        failed = ingest_corpus(paths, db=db, settings=settings, workers=workers, dask=dask, published=published)
    except EventwireError as exc:
        raise _fail(exc) from exc
    raise typer.Exit(EXIT_BAD_INPUT if failed else EXIT_OK)


@app.command()
def export(fmt: Annotated[str, typer.Option("--format", help="jsonl|csv|parquet|plover|gdelt")],
           out: Annotated[str, typer.Option("--out", help="the file to write, or - for standard output")],
           db: Annotated[Path, typer.Option("--db")] = Path("eventwire.db"),
           level: Annotated[str | None, typer.Option(
               "--level", help="mention: one row per event record; group: one row per event group (the reports "
                               "of one real-world event, with their counts). Default: group for gdelt, else "
                               "mention")] = None,
           header: GdeltHeaderOpt = False, precision_column: PrecisionOpt = False,
           since: SinceOpt = None, until: UntilOpt = None, country: CountryOpt = None, actor: ActorOpt = None,
           cameo: CameoOpt = None, plover: PloverOpt = None, min_confidence: FilterConfidenceOpt = 0.0) -> None:
    """Export the stored events (those the filters let through) to a file or standard output."""
    from eventwire.store.export import default_level, export_db

    where = _filter(since=since, until=until, country=country, actor=actor, cameo=cameo, plover=plover,
                    min_confidence=min_confidence)
    try:
        n = export_db(db, fmt, out if out == "-" else Path(out), level=level, where=where, header=header,
                      precision_column=precision_column)
    except EventwireError as exc:
        raise _fail(exc) from exc
    what = "event groups" if (level or default_level(fmt)) == "group" else "events"
    typer.echo(f"eventwire: wrote {n} {what} to {'standard output' if out == '-' else out}", err=True)


@app.command()
def show(group_id: Annotated[str, typer.Argument(help="an event group id (g…), or an event id to show its group")],
         db: Annotated[Path, typer.Option("--db")] = Path("eventwire.db")) -> None:
    """Show an event group: its mentions with article, evidence and date, and why they were grouped."""
    from eventwire.store.show import print_group

    try:
        found = print_group(db, group_id)
    except EventwireError as exc:
        raise _fail(exc) from exc
    if not found:
        typer.echo(f"eventwire: error: {one_line(group_id)}: no such event group or event in {db}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)


@app.command()
def regroup(db: Annotated[Path, typer.Option("--db")] = Path("eventwire.db"),
            thresholds: Annotated[Path | None, typer.Option(
                "--thresholds", help="a grouping thresholds file (default: the shipped data/group/thresholds.toml)"
            )] = None) -> None:
    """Group the stored events again from the start, with these thresholds."""
    from eventwire.group import load_group_thresholds
    from eventwire.store.sqlite import Store

    try:
        rules = load_group_thresholds(thresholds)
        with Store(db, thresholds=rules) as store:
            n = store.regroup()
            events = store.counts()["events"]
    except EventwireError as exc:
        raise _fail(exc) from exc
    typer.echo(f"eventwire: {events} events in {n} event groups in {db}", err=True)


@app.command()
def events(db: Annotated[Path, typer.Option("--db")] = Path("eventwire.db"),
           limit: Annotated[int, typer.Option("--limit", min=1)] = 50,
           since: SinceOpt = None, until: UntilOpt = None, country: CountryOpt = None, actor: ActorOpt = None,
           cameo: CameoOpt = None, plover: PloverOpt = None, min_confidence: FilterConfidenceOpt = 0.0) -> None:
    """Print a table of the stored events (those the filters let through)."""
    from eventwire.store.show import print_events_table

    where = _filter(since=since, until=until, country=country, actor=actor, cameo=cameo, plover=plover,
                    min_confidence=min_confidence)
    try:
        print_events_table(db, limit=limit, where=where)
    except EventwireError as exc:
        raise _fail(exc) from exc


@app.command()
def serve(db: Annotated[Path, typer.Option("--db")] = Path("eventwire.db"),
          port: Annotated[int, typer.Option("--port")] = 8000,
          host: Annotated[str, typer.Option("--host", help="127.0.0.1 keeps it local; 0.0.0.0 to share")] =
          "127.0.0.1",
          allow_host: Annotated[list[str] | None, typer.Option(
              "--allow-host", help="another name the server answers to (the Host header, e.g. behind a proxy); "
                                   "repeatable; '*' answers to any")] = None) -> None:
    """Serve the REST API and the dashboard over a store (read-only).

    Answers only requests whose Host header names the bound address (see --allow-host).
    """
    import uvicorn

    from eventwire.api.app import create_app

    try:
        api = create_app(db, host=host, allowed_hosts=allow_host or ())
    except EventwireError as exc:
        raise _fail(exc) from exc
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    typer.echo(f"eventwire: serving {db} on http://{shown}:{port}/ (API under /api, docs at /docs)", err=True)
    uvicorn.run(api, host=host, port=port, log_level="warning")


@app.command("eval")
def evaluate(name: Annotated[str, typer.Argument(help="extraction|actors|plover|timeml|geowebnews|plv|news")],
             path: Annotated[Path, typer.Argument(help="the gold set (file or folder)")],
             model: ModelOpt = None) -> None:
    """Score eventwire against a gold set; metrics as one JSON object on stdout."""
    try:
        module = importlib.import_module(f"eventwire.evaluate.{name}")
    except ModuleNotFoundError as exc:
        raise _fail(ConfigError(f"unknown gold set {name!r}; use extraction, actors, plover, timeml, geowebnews, "
                                "plv or news")) from exc
    if not path.exists():
        raise _fail(ConfigError(f"{path}: no such file or folder"))
    try:
        result = module.evaluate(path, _settings(model))
    except EventwireError as exc:
        raise _fail(exc) from exc
    _emit(result)


@actors_app.command("resolve")
def actors_resolve(text: Annotated[str, typer.Argument(help="a mention, e.g. 'the Syrian regime'")],
                   date: Annotated[str | None, typer.Option("--date", help="story date YYYY-MM-DD")] = None,
                   actors: ActorsOpt = None) -> None:
    """Resolve one mention to an actor code and print it as JSON."""
    from eventwire.actors import load_actor_kb

    try:
        kb = load_actor_kb(_settings(actors=actors))
    except DataError as exc:
        raise _fail(exc) from exc
    try:
        resolution = kb.resolve(text, date)
    except ConfigError as exc:
        raise _fail(exc) from exc
    if resolution is None:
        _emit({"text": text, "code": None, "country": None, "sectors": [], "name": None})
        raise typer.Exit(EXIT_BAD_INPUT)
    _emit({"text": text, **resolution.to_dict()})


def main() -> None:
    try:
        app()
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(EXIT_OK)
