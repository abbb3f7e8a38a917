"""``make bench``: eventwire's throughput and memory on a news corpus, against a spaCy-parse-only baseline.

Prints:

- extraction pages per second (``eventwire.ingest.extract_html`` over the article-extraction benchmark pages);
- end-to-end articles per second of ``eventwire ingest`` (read, parse, actors, dates, places, events, SQLite
  writes) with 1 and 2 workers, and events per second;
- the ratio of end-to-end to parse-only throughput: ``nlp.pipe`` over the same texts, with the same number
  of processes, the runs interleaved in the same rounds;
- the 1 -> 2 worker speed-up, and the peak memory (RSS) of a worker;
- event grouping (issue 13): 100,000 synthetic events (seeded: a year of dates, CAMEO roots, actors of 40
  countries, 2,000 places, a third of them re-reports of an earlier event) written into a new store, which
  groups them as they arrive, then grouped again from scratch (``Store.regroup``); events per second of each.

Every measured run is a fresh Python process, so each pays its own loading (model, knowledge base,
gazetteer), as a user's run does: the headline figures include it. A one-article run of each kind measures
that startup, and the "once loaded" ratio leaves it out. Figures are medians over ``--repeats`` rounds.

Usage::

    .venv/bin/python bench/bench.py --corpus ../shared/data/corpus/lgl_news.jsonl [--limit N] [--repeats R]
    .venv/bin/python bench/bench.py --only grouping [--events 100000]     # just the grouping measurement
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
TARGETS = {"ratio": 0.6, "speedup": 1.7, "peak_mb": 1024.0}
CHUNK = 16  # texts per task for the parse-only baseline: the batch size eventwire ingest uses


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


def _parse_chunk(texts: list[str], model: str) -> int:
    from eventwire.parse import load_nlp

    return sum(len(doc) for doc in load_nlp(model).pipe(texts, batch_size=CHUNK))


def _chunks(texts: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(texts), CHUNK):
        yield texts[i:i + CHUNK]


def trial_parse(corpus: Path, workers: int) -> dict[str, Any]:
    """spaCy only: ``nlp.pipe`` over the corpus texts, in ``workers`` processes (texts read before timing)."""
    from eventwire.config import Settings

    model = Settings().model
    texts = _texts(corpus)
    cpu = _cpu_seconds()
    start = time.perf_counter()
    if workers == 1:
        tokens = sum(_parse_chunk(chunk, model) for chunk in _chunks(texts))
    else:
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            tokens = sum(pool.map(_parse_chunk, _chunks(texts), [model] * len(texts)))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "articles": len(texts), "tokens": tokens, "peak_mb": _peak_rss_mb(workers),
            "cpu_seconds": _cpu_seconds() - cpu}


def trial_ingest(corpus: Path, workers: int) -> dict[str, Any]:
    """eventwire end to end: ``ingest_corpus`` into a new SQLite store."""
    from eventwire.config import Settings
    from eventwire.scale import ingest_corpus
    from eventwire.store.sqlite import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        cpu = _cpu_seconds()
        start = time.perf_counter()
        failed = ingest_corpus([str(corpus)], db=db, settings=Settings(), workers=workers)
        seconds = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu
        with Store(db, readonly=True) as store:
            counts = store.counts()
    return {"seconds": seconds, "articles": counts["articles"], "events": counts["events"], "failed": failed,
            "peak_mb": _peak_rss_mb(workers), "cpu_seconds": cpu}


def run_trial(kind: str, corpus: Path, workers: int) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter and return its figures."""
    cmd = [sys.executable, __file__, "--trial", kind, "--workers", str(workers), "--corpus", str(corpus)]
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
        for i in range(0, len(articles), 16):  # ingest's batch: one transaction per 16 articles
            store.add(articles[i:i + 16])
        incremental = time.perf_counter() - start
        start = time.perf_counter()
        groups = store.regroup()
        regroup = time.perf_counter() - start
        counts = store.counts()
        multi = int(store.conn.execute("SELECT count(*) FROM event_groups WHERE num_articles > 1").fetchone()[0])
    return {"events": counts["events"], "articles": counts["articles"], "groups": groups, "multi_article": multi,
            "ingest_with_grouping_s": incremental, "regroup_s": regroup,
            "regroup_events_per_s": counts["events"] / regroup}


def report_grouping(n_events: int) -> dict[str, Any]:
    result = bench_grouping(n_events)
    print(f"grouping: {result['events']} synthetic events in {result['articles']} articles -> {result['groups']} "
          f"groups ({result['multi_article']} with more than one article); written into a new store and grouped as "
          f"they arrive in {result['ingest_with_grouping_s']:.1f} s "
          f"({result['events'] / result['ingest_with_grouping_s']:.0f} events/s, SQLite writes included); "
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSON Lines corpus")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles (a quick run)")
    parser.add_argument("--repeats", type=int, default=3, help="rounds; medians are reported (default 3)")
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="folder of *.html.gz pages")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure to this file")
    parser.add_argument("--only", choices=("grouping",), help="run only this part")
    parser.add_argument("--events", type=int, default=100_000, help="synthetic events to group (default 100000)")
    parser.add_argument("--trial", choices=("parse", "ingest"), help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.trial:
        result = (trial_parse if args.trial == "parse" else trial_ingest)(args.corpus, args.workers)
        print(json.dumps(result))
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
    print(bench_extraction(args.pages, args.repeats), flush=True)
    parallelism = [machine_parallelism()]

    def trial(kind: str, corpus: Path, workers: int, label: str) -> dict[str, Any]:
        result = run_trial(kind, corpus, workers)
        failed = f", {result['failed']} inputs failed (bad records or stage errors)" if result.get("failed") else ""
        print(f"  {label}: {kind:6s} {workers} worker(s): {result['articles']} articles in "
              f"{result['seconds']:.1f} s ({result['cpu_seconds'] / result['seconds']:.2f} CPUs busy), "
              f"peak {result['peak_mb']:.0f} MB{failed}", file=sys.stderr, flush=True)
        return result

    results: dict[tuple[str, int], list[dict[str, Any]]] = {}
    startup: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = _subset(args.corpus, args.limit, Path(tmp))
        one = _subset(args.corpus, 1, Path(tmp))
        for workers in (1, 2):
            for kind in ("parse", "ingest"):
                startup[(kind, workers)] = trial(kind, one, workers, "startup (1 article)")["seconds"]
        for round_no in range(1, args.repeats + 1):
            for workers in (1, 2):
                for kind in ("parse", "ingest"):
                    results.setdefault((kind, workers), []).append(trial(kind, corpus, workers, f"round {round_no}"))
            parallelism.append(machine_parallelism())

    def median(kind: str, workers: int, key: str) -> float:
        return statistics.median(r[key] for r in results[(kind, workers)])

    def rate(kind: str, workers: int, key: str = "articles") -> float:
        return statistics.median(r[key] / r["seconds"] for r in results[(kind, workers)])

    def steady(kind: str, workers: int) -> float:
        """Articles per second once loaded: the run's time less that of a one-article run."""
        return statistics.median((r["articles"] - 1) / max(r["seconds"] - startup[(kind, workers)], 1e-9)
                                 for r in results[(kind, workers)])

    summary: dict[str, Any] = {"corpus": str(args.corpus), "limit": args.limit, "repeats": args.repeats,
                               "machine_parallelism": statistics.median(parallelism)}
    print(f"{'workers':>7}  {'parse-only art/s':>16}  {'end-to-end art/s':>16}  {'ratio':>5}  {'events/s':>8}  "
          f"{'startup s (parse/e2e)':>21}  {'once loaded: ratio':>18}  {'CPU ms/article':>14}  "
          f"{'peak RSS/worker':>15}")
    for workers in (1, 2):
        parse_rate, ingest_rate = rate("parse", workers), rate("ingest", workers)
        loaded = steady("ingest", workers) / steady("parse", workers)
        figures = {"parse_articles_per_s": parse_rate, "articles_per_s": ingest_rate,
                   "ratio_to_parse_only": ingest_rate / parse_rate, "events_per_s": rate("ingest", workers, "events"),
                   "parse_startup_s": startup[("parse", workers)], "startup_s": startup[("ingest", workers)],
                   "loaded_parse_articles_per_s": steady("parse", workers),
                   "loaded_articles_per_s": steady("ingest", workers), "loaded_ratio_to_parse_only": loaded,
                   "peak_rss_mb": median("ingest", workers, "peak_mb"),
                   "parse_peak_rss_mb": median("parse", workers, "peak_mb"),
                   "articles": median("ingest", workers, "articles"), "events": median("ingest", workers, "events"),
                   "cpu_ms_per_article": 1000 * statistics.median(r["cpu_seconds"] / max(r["articles"], 1)
                                                                  for r in results[("ingest", workers)])}
        summary[f"workers_{workers}"] = figures
        print(f"{workers:>7}  {parse_rate:>16.1f}  {ingest_rate:>16.1f}  {figures['ratio_to_parse_only']:>5.2f}  "
              f"{figures['events_per_s']:>8.1f}  {figures['parse_startup_s']:>10.1f} / {figures['startup_s']:<8.1f}  "
              f"{loaded:>18.2f}  {figures['cpu_ms_per_article']:>14.0f}  {figures['peak_rss_mb']:>12.0f} MB")
    speedup = rate("ingest", 2) / rate("ingest", 1)
    parse_speedup = rate("parse", 2) / rate("parse", 1)
    ratio = min(summary[f"workers_{w}"]["ratio_to_parse_only"] for w in (1, 2))
    peak = max(summary[f"workers_{w}"]["peak_rss_mb"] for w in (1, 2))
    summary.update({"speedup_1_to_2": speedup, "parse_speedup_1_to_2": parse_speedup})
    print(f"speed-up 1 -> 2 workers: end to end {speedup:.2f}x (parse only {parse_speedup:.2f}x; the machine gave "
          f"{statistics.median(parallelism):.2f}x to two CPU-bound processes, 2.00 when both cores are free; "
          "CPU ms/article shows whether the work itself grows with workers)")
    print(f"targets: end-to-end/parse-only >= {TARGETS['ratio']}: {ratio:.2f} {_verdict(ratio >= TARGETS['ratio'])}"
          f"; 1 -> 2 workers >= {TARGETS['speedup']}x: {speedup:.2f}x "
          f"{_verdict(speedup >= TARGETS['speedup'])}; peak per worker <= 1 GB: {peak:.0f} MB "
          f"{_verdict(peak <= TARGETS['peak_mb'])}")
    summary["grouping"] = report_grouping(args.events)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")

if __name__ == "__main__":
    main()
