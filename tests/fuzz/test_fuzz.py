"""Issue 10's fuzz suite: a corpus run never stalls, never crashes, never silently loses a record.

One ``eventwire ingest --workers 2`` and one ``eventwire code`` run over the whole fuzz corpus (tests/fuzz/
corpus.py): every broken input of the issue, a few hundred seeded mutations of real articles and the
date-headed fragments, each run under a time limit. The suite fails on a hang (the run's time limit or an
article's budget), a traceback, an error message of more than one line, or a record the store does not account
for: every record is stored, skipped with its reason, or the same text as another. Good records planted among
the broken ones must come out coded.

It prints the outcome table (category, inputs, and how each ended) so that CI logs it.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from eventwire.store.sqlite import Store
from tests.fuzz.corpus import CorpusWriter, write_date_headed, write_issue_cases, write_mutations

pytestmark = [pytest.mark.model, pytest.mark.issue(10)]

MUTATIONS = 300
RUN_SECONDS = 900  # the whole run; any article past its own budget (below) is a hang and fails the suite
ARTICLE_TIMEOUT = "30"
ERROR_LINE = re.compile(r"^eventwire: (error: EW[0-9]{3} |WARNING: )")


def _real_articles(shared: Path, seed_path: Path) -> tuple[list[dict[str, str]], list[bytes]]:
    lines = (shared / "data" / "corpus" / "lgl_news.jsonl").read_text(encoding="utf-8").split("\n")
    articles = [json.loads(line) for line in lines[:120] if line.strip()]
    articles.append({"id": "seed", "title": "Ankara urges Moscow", "text": seed_path.read_text(encoding="utf-8"),
                     "published": "2019-07-05"})
    pages = [gzip.decompress(p.read_bytes()) for p in sorted((shared / "data" / "extraction" / "aeb_dev" /
                                                               "html").glob("*.html.gz"))[:20]]
    return articles, pages


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, shared: Path, seed_path: Path) -> CorpusWriter:
    folder = tmp_path_factory.mktemp("fuzz")
    writer = CorpusWriter(folder)
    write_issue_cases(writer)
    write_date_headed(writer)
    articles, pages = _real_articles(shared, seed_path)
    write_mutations(writer, articles, pages, MUTATIONS)
    return writer


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    exe = str(Path(sys.executable).parent / "eventwire")
    try:
        return subprocess.run([exe, *args], capture_output=True, text=True, timeout=RUN_SECONDS, check=False,
                              errors="replace")
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"eventwire {args[0]} did not finish within {RUN_SECONDS} s: a hang ({exc})")


def _check_stderr(stderr: str) -> list[str]:
    assert "Traceback" not in stderr, stderr[-3000:]
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("eventwire: error:")]
    odd = [line for line in lines if not ERROR_LINE.match(line) and not line.startswith("eventwire: ")]
    assert odd == [], f"lines on stderr that are no eventwire message (a message split over lines?): {odd[:5]}"
    hangs = [line for line in errors if " EW302 " in line]
    assert hangs == [], f"articles that ran past their {ARTICLE_TIMEOUT} s budget: {hangs}"
    return errors


@pytest.fixture(scope="module")
def ingested(corpus: CorpusWriter, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("fuzzdb") / "fuzz.db"
    paths = [p for case in corpus.cases for p in case.paths]
    result = _run("ingest", *paths, "--db", str(db), "--workers", "2", "--article-timeout", ARTICLE_TIMEOUT)
    assert result.returncode == 1, result.stderr[-3000:]  # some input is bad, and the run went on
    return db, result.stderr


def test_fuzz_ingest_accounts_for_every_record_and_codes_every_good_one(
        corpus: CorpusWriter, ingested: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    db, stderr = ingested
    _check_stderr(stderr)
    with Store(db, readonly=True) as store:
        rows = store.conn.execute("SELECT origin, article_id, n_events FROM articles").fetchall()
        skipped = store.skipped()
    stored = {origin: n_events for origin, _, n_events in rows}
    coded_ids = {article_id for _, article_id, n_events in rows if n_events > 0}
    reasons = {row["input"]: row["code"] for row in skipped}
    summary = re.search(r"(\d+) already stored", stderr)
    assert summary is not None, stderr[-2000:]
    duplicates = int(summary.group(1))

    table: dict[str, Counter[str]] = defaultdict(Counter)
    unaccounted: list[str] = []
    for case in corpus.cases:
        for unit in case.units:
            outcome = "coded" if stored.get(unit) else "stored, no event" if unit in stored else reasons.get(unit)
            if outcome is None:
                unaccounted.append(unit)
                outcome = "same text as another"
            table["good records planted among them" if unit in case.control_units else case.category][outcome] += 1
        if not case.units:  # an input read as a stream (gzip, WARC): whatever became of it, it is named
            for path in case.paths:
                found = [bool(n) for o, n in stored.items() if o.startswith(path)]
                errors = [code for i, code in reasons.items() if i.startswith(path)]
                assert found or errors, f"{path} ({case.category}): neither stored nor reported"
                table[case.category].update({"coded": sum(found), "stored, no event": found.count(False)})
                table[case.category].update(errors)
        missing = [c for c in case.controls if c not in coded_ids]
        assert missing == [], f"good records lost in {case.paths} ({case.category}): {missing}"
        for path in case.control_files:
            assert stored.get(path), f"{path} ({case.category}) was not coded"
    assert len(unaccounted) <= duplicates, f"records neither stored nor skipped: {unaccounted[:10]}"

    inputs = sum(len(case.paths) for case in corpus.cases)
    records = sum(len(case.units) for case in corpus.cases)
    with capsys.disabled():
        print(f"\nfuzz corpus: {len(corpus.cases)} cases, {inputs} inputs, {records} accounted records, "
              f"{corpus.controls} good controls; {len(stored)} articles stored, {len(skipped)} skipped")
        print(f"{'category':58} {'records':>7}  outcomes")
        merged: dict[str, Counter[str]] = defaultdict(Counter)
        for category, outcomes in table.items():
            merged[re.sub(r" \(\d+ a file\)", "", category)].update(outcomes)
        for category, outcomes in sorted(merged.items()):
            shown = ", ".join(f"{name} {n}" for name, n in outcomes.most_common() if n)
            print(f"{category:58} {sum(outcomes.values()):>7}  {shown}")


def test_fuzz_code_prints_events_for_every_good_record(corpus: CorpusWriter) -> None:
    """``code`` codes in one process (its time budget a timer signal, not a worker's parent): the issue's cases,
    the fragments and every third mutation."""
    cases = [case for n, case in enumerate(corpus.cases) if not case.category.startswith("mutation") or n % 3 == 0]
    result = _run("code", *[p for case in cases for p in case.paths], "--article-timeout", ARTICLE_TIMEOUT)
    assert result.returncode == 1, result.stderr[-3000:]
    _check_stderr(result.stderr)
    events = [json.loads(line) for line in result.stdout.split("\n") if line]  # JSON Lines end lines with \n only
    coded = {event["article_id"] for event in events}
    controls = [c for case in cases for c in case.controls]
    assert [c for c in controls if c not in coded] == []
