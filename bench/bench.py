"""``make bench``: eventwire's speed and memory on a news corpus, against plain spaCy (issue 16).

Prints, in this order:

- startup: ``eventwire code`` on one short article in a fresh process (seconds, peak RSS), beside loading the
  plain spaCy model and parsing one sentence;
- per-stage shares of one process once loaded (parse, actors, temporal, geo, coding, SQLite writes), and the
  parse split into its components (spaCy's and eventwire's actor-name component);
- extraction pages per second (``eventwire.ingest.extract_html`` over the article-extraction benchmark pages);
- a calibration line: how much faster two CPU-bound processes finish than one doing both (2.00 on two idle
  cores), measured before and after every round;
- throughput with 1 and 2 workers: plain spaCy (``spacy.load`` of the same model, ``nlp.pipe`` in batches of
  16, the batch eventwire parses in; no eventwire component, no knowledge base), spaCy's best case (batches of
  128), eventwire end to end (``ingest_corpus``: reading, every stage, SQLite writes), the ratio of end to end
  over plain spaCy, events per second, CPU ms per article and peak RSS per worker;
- the 1 -> 2 worker speed-up, the Dask figure (``--dask local`` with two workers against ``--workers 2``: the
  median of each round's ratio over the ``--workers 2`` run right beside it, the two taking turns to go first,
  with each round's ratio and the ratio of the two medians beside it), the targets of issue 16 with PASS/FAIL;
- event grouping: 100,000 synthetic events written into a new store, grouped as they arrive, then again from
  scratch (``Store.regroup``); events per second of each, and of the first and of the last tenth of the
  batches (how much the writer slows as the store fills).

Every measured run is a fresh Python process, so each pays its own loading (model, knowledge base,
gazetteer), as a user's run does: the throughput figures include it. Figures are medians over ``--repeats``
rounds (three by default); the rounds interleave the kinds of run, so a load on the machine touches them alike.

Usage::

    .venv/bin/python bench/bench.py --corpus ../shared/data/corpus/lgl_news.jsonl [--limit N] [--repeats R]
    .venv/bin/python bench/bench.py --limit 60 --repeats 1 --no-grouping --no-dask      # a quick look
    .venv/bin/python bench/bench.py --only startup|stages|grouping
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_CORPUS = SHARED / "data" / "corpus" / "lgl_news.jsonl"
DEFAULT_PAGES = SHARED / "data" / "extraction" / "aeb_dev" / "html"
TARGETS = {"ratio": 0.8, "speedup": 1.8, "peak_mb": 1024.0, "startup_s": 2.5, "startup_mb": 350.0, "dask": 0.9}
CHUNK = 16  # texts per batch for the plain-spaCy baseline: the batch size eventwire ingest uses
BEST_BATCH = 128  # spaCy's best case on news articles: the second baseline line


# -- one measured run, in its own process ----------------------------------------------------------------------


def _peak_rss_mb(workers: int) -> float:
    """Peak RSS of one worker: this process when it did the work, else the largest finished child."""
    who = resource.RUSAGE_SELF if workers == 1 else resource.RUSAGE_CHILDREN
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def _cpu_seconds() -> float:
    """CPU time used by this process and its finished children (user + system)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_parallelism() -> float:
    """How much faster two CPU-bound processes finish than one doing both jobs: 2.0 on two idle cores.

    Other jobs on a shared machine lower it; the 1 -> 2 worker speed-up cannot exceed it.
    """
    n = 8_000_000
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        list(pool.map(_burn, [1000, 1000]))  # start both processes before timing
        start = time.perf_counter()
        list(pool.map(_burn, [n, n]))
        parallel = time.perf_counter() - start
        start = time.perf_counter()
        pool.submit(_burn, 2 * n).result()
        serial = time.perf_counter() - start
    return serial / parallel


def _texts(corpus: Path) -> list[str]:
    from eventwire.errors import InputError
    from eventwire.ingest import read_articles

    return [a.text for a in read_articles([str(corpus)]) if not isinstance(a, InputError)]


def _plain_nlp(model: str) -> Any:
    """The spaCy model alone, as ``spacy.load`` gives it: no eventwire component, no knowledge base."""
    import spacy

    from eventwire.parse.spacy_parse import _ALIASES

    return spacy.load(model if spacy.util.is_package(model) else _ALIASES.get(model, model))


_NLP: dict[str, Any] = {}


def _parse_chunk(texts: list[str], model: str, batch: int) -> int:
    if model not in _NLP:
        _NLP[model] = _plain_nlp(model)
    return sum(len(doc) for doc in _NLP[model].pipe(texts, batch_size=batch))


def _chunks(texts: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(texts), size):
        yield texts[i:i + size]


def trial_parse(corpus: Path, workers: int, batch: int = CHUNK) -> dict[str, Any]:
    """Plain spaCy: the same model, ``nlp.pipe`` over the corpus texts in batches of ``batch``, in ``workers``
    processes (texts read before timing; each process loads the model, as each eventwire run does)."""
    from eventwire.config import Settings

    model = Settings().model
    texts = _texts(corpus)
    cpu = _cpu_seconds()
    start = time.perf_counter()
    if workers == 1:
        tokens = sum(_parse_chunk(chunk, model, batch) for chunk in _chunks(texts, batch))
    else:
        # one contiguous share of the texts per process, each parsed with nlp.pipe in batches of ``batch``:
        # no process waits for another's last batch, and none pays for more than its one task
        share = -(-len(texts) // workers)
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            parts = list(_chunks(texts, share))
            tokens = sum(pool.map(_parse_chunk, parts, [model] * len(parts), [batch] * len(parts)))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "articles": len(texts), "tokens": tokens, "peak_mb": _peak_rss_mb(workers),
            "cpu_seconds": _cpu_seconds() - cpu}


def trial_stages(corpus: Path) -> dict[str, Any]:
    """One process, the pipeline loaded first: seconds in each stage over the corpus (the parse split into
    spaCy's components and eventwire's actor-name component), and in the store's writes."""
    from eventwire.config import Settings
    from eventwire.errors import EventwireError
    from eventwire.ingest import read_articles
    from eventwire.pipeline import Stage, make_pipeline
    from eventwire.store.records import CodedArticle
    from eventwire.store.sqlite import Store

    settings = Settings()
    articles = [a for a in read_articles([str(corpus)], settings) if not isinstance(a, EventwireError)]
    pipeline = make_pipeline(settings)
    pipeline.load()
    seconds: dict[str, float] = {}

    def timed(name: str, fn: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - start
        return run

    pipeline.stages[:] = [Stage(st.name, timed(st.name, st.fn) if st.name != "parse" else st.fn, st.requires,
                                st.assigns) for st in pipeline.stages]
    parse_fn: Any = pipeline.stages[0].fn
    parse_pipe = parse_fn.pipe
    parse_fn.pipe = timed("parse", lambda docs, **kwargs: list(parse_pipe(docs, **kwargs)))  # nlp.pipe per batch
    start = time.perf_counter()
    docs = [d for d in pipeline.pipe(articles, batch_size=CHUNK) if not isinstance(d, EventwireError)]
    total = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "stages.db") as store:
        from eventwire.document import content_hash

        coded = [CodedArticle(content_hash(d.text), d.article, list(d.events), list(d.actor_mentions),
                              list(d.places)) for d in docs]
        start = time.perf_counter()
        for i in range(0, len(coded), CHUNK):
            store.add(coded[i:i + CHUNK])
        seconds["store"] = time.perf_counter() - start
    # the parse split into its components: each run over every batch in turn (the tokenizer first)
    nlp = parse_fn.nlp
    components: dict[str, float] = {}
    for chunk in _chunks([a.text for a in articles], CHUNK):
        start = time.perf_counter()
        spacy_docs = [nlp.make_doc(text) for text in chunk]
        components["tokenizer"] = components.get("tokenizer", 0.0) + time.perf_counter() - start
        for name, proc in nlp.pipeline:
            start = time.perf_counter()
            spacy_docs = list(proc.pipe(spacy_docs, batch_size=CHUNK)) if hasattr(proc, "pipe") \
                else [proc(doc) for doc in spacy_docs]
            components[name] = components.get(name, 0.0) + time.perf_counter() - start
    return {"articles": len(docs), "seconds": seconds, "pipeline_seconds": total, "components": components}


def trial_startup(kind: str) -> dict[str, Any]:
    """Seconds and peak memory of a fresh process: ``eventwire code`` on one short article, or loading the
    plain spaCy model."""
    from eventwire.config import Settings

    with tempfile.TemporaryDirectory() as tmp:
        if kind == "eventwire":
            article = Path(tmp) / "one.txt"
            article.write_text("Police arrest protesters\n\nPolice arrested 15 protesters in Cairo on Monday.\n",
                               encoding="utf-8")
            cmd = [str(Path(sys.executable).parent / "eventwire"), "code", str(article), "--published",
                   "2019-07-05"]
        else:
            cmd = [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); "
                   f"import bench; bench._plain_nlp({Settings().model!r})('Police arrested 15 protesters.')"]
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"bench: the {kind} startup run failed:\n{done.stderr[-2000:]}")
    return {"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def trial_ingest(corpus: Path, workers: int, dask: str | None = None) -> dict[str, Any]:
    """eventwire end to end: ``ingest_corpus`` into a new SQLite store (on a Dask LocalCluster of ``workers``
    single-threaded processes with ``dask="local"``)."""
    from eventwire.config import Settings
    from eventwire.scale import ingest_corpus
    from eventwire.store.sqlite import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        cpu = _cpu_seconds()
        start = time.perf_counter()
        failed = ingest_corpus([str(corpus)], db=db, settings=Settings(), workers=workers, dask=dask)
        seconds = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu
        with Store(db, readonly=True) as store:
            counts = store.counts()
    return {"seconds": seconds, "articles": counts["articles"], "events": counts["events"], "failed": failed,
            "peak_mb": _peak_rss_mb(workers), "cpu_seconds": cpu}


def run_trial(kind: str, corpus: Path, workers: int, batch: int = CHUNK) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter and return its figures."""
    cmd = [sys.executable, __file__, "--trial", kind, "--workers", str(workers), "--corpus", str(corpus),
           "--batch", str(batch)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench: the {kind} run with {workers} worker(s) failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


# -- extraction ------------------------------------------------------------------------------------------------


def bench_extraction(pages_dir: Path, repeats: int) -> str:
    try:
        from eventwire.ingest import extract_html
    except ImportError:
        return "extraction: skipped (eventwire.ingest has no extract_html)"
    pages = sorted(pages_dir.glob("*.html.gz")) if pages_dir.is_dir() else []
    if not pages:
        return f"extraction: skipped (no *.html.gz pages in {pages_dir})"
    raw = [gzip.decompress(p.read_bytes()) for p in pages]
    extract_html(raw[0])  # warm up imports and compiled patterns
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        for html in raw:
            extract_html(html)
        rates.append(len(raw) / (time.perf_counter() - start))
    return (f"extraction: {statistics.median(rates):.1f} pages/s (median of {repeats}; {len(raw)} pages, "
            f"eventwire.ingest.extract_html, one process)")


# -- grouping --------------------------------------------------------------------------------------------------


_ROOTS = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17",
          "18", "19", "20"]
_ROOT_WEIGHTS = [9, 6, 6, 10, 5, 3, 2, 2, 2, 3, 6, 4, 3, 2, 1, 2, 8, 5, 7, 1]
_SECTORS = ["GOV", "MIL", "REB", "OPP", "CVL", "COP", "JUD", "MED", "BUS", "REF"]
_VOCABULARY = ("the a of to in and said on for was with by at police officials forces attack killed government "
               "city province town people report statement minister army rebels protest court vote meeting talks "
               "aid strike fire arrested charged troops border village group leaders security week day")
_WORDS = _VOCABULARY.split()


def _synthetic_articles(n_events: int, seed: int = 13) -> list[Any]:
    """Articles of about five events each; a third of the events re-report an earlier one (a day later or
    the same day, one side sometimes unknown), and one article in twenty re-runs an earlier article's text."""
    import random
    from datetime import date, timedelta

    from eventwire.document import ActorRef, Article, Casualties, Event, EventDate, Place, Plover, TextSpan
    from eventwire.document import content_hash as text_hash
    from eventwire.store.records import CodedArticle

    rng = random.Random(seed)
    countries = [f"C{i:02d}" for i in range(40)]
    places = []
    for i in range(2000):
        country = rng.choice(countries)
        lat, lon = rng.uniform(-40, 60), rng.uniform(-120, 140)
        places.append(Place(f"Town{i}", 0, 0, f"Town{i}", 100_000 + i, country, f"Region{i % 97}", lat, lon, "city"))
    start = date(2019, 1, 1)
    truths: list[tuple[str, ActorRef | None, ActorRef | None, Place, int]] = []
    coded = []
    texts: list[str] = []
    made = 0
    while made < n_events:
        article_id = f"bench-{len(coded)}"
        if texts and rng.random() < 0.05:
            text = rng.choice(texts)[: -rng.randint(1, 40)]  # a re-run, its end cut
        else:
            text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(60, 160)))
        texts.append(text)
        events = []
        for ordinal in range(rng.randint(1, 9)):
            if truths and rng.random() < 0.33:
                root, source, target, place, day = rng.choice(truths)
                day += rng.choice((0, 0, 1, 2))
                if rng.random() < 0.2:
                    source = None
            else:
                root = rng.choices(_ROOTS, _ROOT_WEIGHTS)[0]
                place = rng.choice(places)
                source = ActorRef("x", 0, 1, f"{place.country}{s}", None, place.country, [s]) \
                    if (s := rng.choice(_SECTORS)) and rng.random() < 0.85 else None
                t = rng.choice(_SECTORS)
                target = ActorRef("y", 0, 1, f"{place.country}{t}", None, place.country, [t])
                day = rng.randrange(365)
                truths.append((root, source, target, place, day))
            precision = "month" if rng.random() < 0.05 else "day"
            when = start + timedelta(days=day)
            value = when.isoformat() if precision == "day" else when.isoformat()[:7]
            events.append(Event(
                event_id=f"{article_id}-{ordinal}", article_id=article_id, sentence_index=ordinal,
                evidence=TextSpan("s", 0, 1), trigger=TextSpan("t", 0, 1), source=source, target=target,
                cameo=root + "0", cameo_name=None, plover=Plover(None), quad_class=1, goldstein=0.0,
                date=EventDate(value, precision, None, "text"), location=place,
                casualties=Casualties(killed=rng.choice((None, None, None, rng.randint(1, 50))))))
            made += 1
            if made >= n_events:
                break
        article = Article(id=article_id, text=text, published=(start + timedelta(days=rng.randrange(365))).isoformat(),
                          url=f"https://www.outlet{rng.randrange(300)}.com/{article_id}")
        coded.append(CodedArticle(text_hash(text + article_id), article, events))
    return coded


def bench_grouping(n_events: int) -> dict[str, Any]:
    """Write ``n_events`` synthetic events into a new store (grouped as they arrive), then regroup them all."""
    from eventwire.store.sqlite import Store

    articles = _synthetic_articles(n_events)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "grouping.db") as store:
        start = time.perf_counter()
        batches: list[tuple[float, int]] = []  # (seconds, events) of each batch, in order: does the store slow?
        for i in range(0, len(articles), 16):  # ingest's batch: one transaction per 16 articles
            began = time.perf_counter()
            store.add(articles[i:i + 16])
            batches.append((time.perf_counter() - began, sum(len(a.events) for a in articles[i:i + 16])))
        incremental = time.perf_counter() - start
        tenth = max(1, len(batches) // 10)
        first, last = batches[:tenth], batches[-tenth:]
        start = time.perf_counter()
        groups = store.regroup()
        regroup = time.perf_counter() - start
        counts = store.counts()
        multi = int(store.conn.execute("SELECT count(*) FROM event_groups WHERE num_articles > 1").fetchone()[0])
    return {"events": counts["events"], "articles": counts["articles"], "groups": groups, "multi_article": multi,
            "ingest_with_grouping_s": incremental, "regroup_s": regroup,
            "regroup_events_per_s": counts["events"] / regroup,
            "first_tenth_events_per_s": sum(e for _, e in first) / sum(t for t, _ in first),
            "last_tenth_events_per_s": sum(e for _, e in last) / sum(t for t, _ in last)}


def report_grouping(n_events: int) -> dict[str, Any]:
    result = bench_grouping(n_events)
    print(f"grouping: {result['events']} synthetic events in {result['articles']} articles -> {result['groups']} "
          f"groups ({result['multi_article']} with more than one article); written into a new store and grouped as "
          f"they arrive in {result['ingest_with_grouping_s']:.1f} s "
          f"({result['events'] / result['ingest_with_grouping_s']:.0f} events/s, SQLite writes included; "
          f"{result['first_tenth_events_per_s']:.0f} events/s in the first tenth of the batches, "
          f"{result['last_tenth_events_per_s']:.0f} in the last); "
          f"grouped again from scratch in {result['regroup_s']:.1f} s ({result['regroup_events_per_s']:.0f} "
          "events/s, copy detection included)", flush=True)
    return result


# -- the report ------------------------------------------------------------------------------------------------


def _subset(corpus: Path, limit: int | None, tmp: Path) -> Path:
    if limit is None:
        return corpus
    with corpus.open(encoding="utf-8") as handle:
        lines = [line for _, line in zip(range(limit), handle, strict=False)]
    path = tmp / f"corpus-{limit}.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _run_any(kind: str, corpus: Path, workers: int, batch: int) -> dict[str, Any]:
    if kind == "parse":
        return trial_parse(corpus, workers, batch)
    if kind == "ingest":
        return trial_ingest(corpus, workers)
    if kind == "dask":
        return trial_ingest(corpus, workers, dask="local")
    if kind == "stages":
        return trial_stages(corpus)
    return trial_startup(kind.removeprefix("startup-"))


def _shares(stages: dict[str, Any]) -> list[str]:
    """The per-stage lines: each stage's share of the coding time (parse to store), the parse split."""
    seconds = dict(stages["seconds"])
    total = sum(seconds.values())
    articles = max(stages["articles"], 1)
    lines = [f"per-stage shares (one process, once loaded; {articles} articles, "
             f"{1000 * total / articles:.1f} ms/article):"]
    for name in ("parse", "actors", "temporal", "geo", "coding", "store"):
        if name in seconds:
            share, per_article = 100 * seconds[name] / total, 1000 * seconds[name] / articles
            lines.append(f"  {name:9s} {share:5.1f}%  {per_article:6.2f} ms/article")
    components = stages["components"]
    inside = sum(components.values())
    lines.append("  parse by component (run one after another over the same batches): " + ", ".join(
        f"{name} {100 * sec / inside:.0f}%" for name, sec in sorted(components.items(), key=lambda kv: -kv[1])))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSON Lines corpus")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles (a quick run)")
    parser.add_argument("--repeats", type=int, default=3, help="rounds; medians are reported (default 3)")
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="folder of *.html.gz pages")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure to this file")
    parser.add_argument("--only", choices=("grouping", "startup", "stages"), help="run only this part")
    parser.add_argument("--no-dask", action="store_true", help="leave out the Dask LocalCluster runs")
    parser.add_argument("--no-grouping", action="store_true", help="leave out the grouping measurement")
    parser.add_argument("--events", type=int, default=100_000, help="synthetic events to group (default 100000)")
    parser.add_argument("--trial", choices=("parse", "ingest", "dask", "stages", "startup-eventwire",
                                            "startup-spacy"), help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--batch", type=int, default=CHUNK, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.trial:
        print(json.dumps(_run_any(args.trial, args.corpus, args.workers, args.batch)))
        return
    if args.only == "grouping":
        result = report_grouping(args.events)
        if args.json:
            args.json.write_text(json.dumps({"grouping": result}, indent=2) + "\n", encoding="utf-8")
        return
    if not args.corpus.is_file():
        raise SystemExit(f"bench: {args.corpus}: no such corpus; pass --corpus FILE.jsonl")

    print(f"eventwire bench: {args.corpus}{f' (first {args.limit})' if args.limit else ''}, "
          f"{args.repeats} round(s), {os.cpu_count()} CPUs", flush=True)
    summary: dict[str, Any] = {"corpus": str(args.corpus), "limit": args.limit, "repeats": args.repeats}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = _subset(args.corpus, args.limit, Path(tmp))
        if args.only in (None, "startup"):
            summary["startup"] = report_startup(corpus, args.repeats)
        if args.only in (None, "stages"):
            stages = run_trial("stages", corpus, 1)
            summary["stages"] = stages
            print("\n".join(_shares(stages)), flush=True)
        if args.only is None:
            print(bench_extraction(args.pages, args.repeats), flush=True)
            summary.update(report_throughput(corpus, args.repeats, dask=not args.no_dask))
            summary["targets"] = report_targets(summary)
    if args.only is None and not args.no_grouping:
        summary["grouping"] = report_grouping(args.events)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


def report_startup(corpus: Path, repeats: int) -> dict[str, Any]:
    del corpus
    runs: dict[str, list[dict[str, Any]]] = {"spacy": [], "eventwire": []}
    for _ in range(repeats):  # in turn, so that a busy spell slows both alike
        for kind, done in runs.items():
            done.append(run_trial(f"startup-{kind}", DEFAULT_CORPUS, 1))
    figures = {kind: {"seconds": statistics.median(r["seconds"] for r in rs),
                      "peak_mb": statistics.median(r["peak_mb"] for r in rs)} for kind, rs in runs.items()}
    print(f"startup: `eventwire code` on one short article {figures['eventwire']['seconds']:.2f} s, peak "
          f"{figures['eventwire']['peak_mb']:.0f} MB; loading plain spaCy ({_model()}) and parsing one sentence "
          f"{figures['spacy']['seconds']:.2f} s, {figures['spacy']['peak_mb']:.0f} MB (medians of {repeats}, fresh "
          "processes)", flush=True)
    return figures


def _model() -> str:
    from eventwire.config import Settings

    return Settings().model


def report_throughput(corpus: Path, repeats: int, *, dask: bool) -> dict[str, Any]:
    parallelism = [machine_parallelism()]
    print(f"calibration: two CPU-bound processes run {parallelism[0]:.2f}x as fast as one doing both jobs "
          "(2.00 when both cores are free)", flush=True)
    plan: list[tuple[str, int, int]] = [("parse", 1, CHUNK), ("parse", 1, BEST_BATCH), ("ingest", 1, CHUNK),
                                        ("parse", 2, CHUNK), ("parse", 2, BEST_BATCH), ("ingest", 2, CHUNK)]
    if dask:
        plan.append(("dask", 2, CHUNK))
    results: dict[tuple[str, int, int], list[dict[str, Any]]] = {}
    for round_no in range(1, repeats + 1):
        # the Dask run and the --workers 2 run it is compared with run one after the other, in turn first
        order = plan if round_no % 2 or not dask else [*plan[:-2], plan[-1], plan[-2]]
        for kind, workers, batch in order:
            result = run_trial(kind, corpus, workers, batch)
            failed = f", {result['failed']} inputs failed" if result.get("failed") else ""
            print(f"  round {round_no}: {kind:6s} {workers} worker(s), batch {batch:3d}: {result['articles']} "
                  f"articles in {result['seconds']:.1f} s ({result['cpu_seconds'] / result['seconds']:.2f} CPUs "
                  f"busy), peak {result['peak_mb']:.0f} MB{failed}", file=sys.stderr, flush=True)
            results.setdefault((kind, workers, batch), []).append(result)
        parallelism.append(machine_parallelism())

    def rate(kind: str, workers: int, batch: int = CHUNK, key: str = "articles") -> float:
        return statistics.median(r[key] / r["seconds"] for r in results[(kind, workers, batch)])

    def median(kind: str, workers: int, key: str) -> float:
        return statistics.median(r[key] for r in results[(kind, workers, CHUNK)])

    calibration = statistics.median(parallelism)
    out: dict[str, Any] = {"machine_parallelism": calibration}
    print(f"{'workers':>7}  {'spaCy art/s':>11}  {'spaCy b128':>10}  {'eventwire art/s':>15}  {'ratio':>5}  "
          f"{'vs b128':>7}  {'events/s':>8}  {'CPU ms/art':>10}  {'peak RSS/worker':>15}")
    for workers in (1, 2):
        plain, best, e2e = rate("parse", workers), rate("parse", workers, BEST_BATCH), rate("ingest", workers)
        figures = {"plain_spacy_articles_per_s": plain, "best_spacy_articles_per_s": best,
                   "articles_per_s": e2e, "ratio_to_plain_spacy": e2e / plain, "ratio_to_best_spacy": e2e / best,
                   "events_per_s": rate("ingest", workers, key="events"),
                   "peak_rss_mb": median("ingest", workers, "peak_mb"),
                   "cpu_ms_per_article": 1000 * statistics.median(r["cpu_seconds"] / max(r["articles"], 1)
                                                                  for r in results[("ingest", workers, CHUNK)])}
        out[f"workers_{workers}"] = figures
        print(f"{workers:>7}  {plain:>11.1f}  {best:>10.1f}  {e2e:>15.1f}  {e2e / plain:>5.2f}  {e2e / best:>7.2f}  "
              f"{figures['events_per_s']:>8.1f}  {figures['cpu_ms_per_article']:>10.0f}  "
              f"{figures['peak_rss_mb']:>12.0f} MB")
    print(f"  (spaCy: the plain model, {_model()}, nlp.pipe in batches of {CHUNK} as eventwire parses; b128: batches "
          f"of {BEST_BATCH}, spaCy's best case; ratio: eventwire end to end, startup and SQLite writes included, "
          "over plain spaCy with the same workers)")
    speedup = rate("ingest", 2) / rate("ingest", 1)
    out.update({"speedup_1_to_2": speedup, "parse_speedup_1_to_2": rate("parse", 2) / rate("parse", 1)})
    print(f"speed-up 1 -> 2 workers: end to end {speedup:.2f}x (plain spaCy {out['parse_speedup_1_to_2']:.2f}x; "
          f"calibration {calibration:.2f}x, the most two processes could gain on this machine during the run)")
    if dask:
        dask_rate = rate("dask", 2)
        # each round's Dask run over the --workers 2 run beside it: a busy spell of the machine slows both
        paired = [p["seconds"] / d["seconds"] for d, p in zip(results[("dask", 2, CHUNK)],
                                                              results[("ingest", 2, CHUNK)], strict=True)]
        out["dask"] = {"articles_per_s": dask_rate, "ratio_to_workers_2": statistics.median(paired),
                       "round_ratios": paired, "ratio_of_medians": dask_rate / rate("ingest", 2),
                       "peak_rss_mb": median("dask", 2, "peak_mb")}
        print(f"dask: --dask local with 2 single-threaded workers {dask_rate:.1f} articles/s, "
              f"{out['dask']['ratio_to_workers_2']:.2f} of --workers 2 (median of the rounds' "
              f"{', '.join(f'{r:.2f}' for r in paired)}, each over the --workers 2 run beside it; ratio of the "
              f"medians {out['dask']['ratio_of_medians']:.2f}; peak {out['dask']['peak_rss_mb']:.0f} MB per process)",
              flush=True)
    return out


def report_targets(summary: dict[str, Any]) -> dict[str, bool]:
    checks: dict[str, tuple[str, bool]] = {}
    for workers in (1, 2):
        ratio = summary[f"workers_{workers}"]["ratio_to_plain_spacy"]
        checks[f"ratio_{workers}"] = (f"end to end / plain spaCy, {workers} worker(s) >= {TARGETS['ratio']}: "
                                      f"{ratio:.2f}", ratio >= TARGETS["ratio"])
    speedup = summary["speedup_1_to_2"]
    checks["speedup"] = (f"1 -> 2 workers >= {TARGETS['speedup']}x: {speedup:.2f}x", speedup >= TARGETS["speedup"])
    if "startup" in summary:
        startup = summary["startup"]["eventwire"]
        checks["startup_s"] = (f"startup < {TARGETS['startup_s']} s: {startup['seconds']:.2f} s",
                               startup["seconds"] < TARGETS["startup_s"])
        checks["startup_mb"] = (f"startup memory < {TARGETS['startup_mb']:.0f} MB: {startup['peak_mb']:.0f} MB",
                                startup["peak_mb"] < TARGETS["startup_mb"])
    if "dask" in summary:
        ratio = summary["dask"]["ratio_to_workers_2"]
        checks["dask"] = (f"Dask within 10% of --workers 2: {ratio:.2f}", ratio >= TARGETS["dask"])
    peak = max(summary[f"workers_{w}"]["peak_rss_mb"] for w in (1, 2))
    checks["peak_mb"] = (f"peak per worker <= 1 GB: {peak:.0f} MB", peak <= TARGETS["peak_mb"])
    print("targets: " + "; ".join(f"{text} {_verdict(ok)}" for text, ok in checks.values()), flush=True)
    return {name: ok for name, (_, ok) in checks.items()}


if __name__ == "__main__":
    main()
