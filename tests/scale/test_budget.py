"""Issue 10: an article past its time budget is skipped with its stage, the run goes on, and workers die with
their parent.

A hang is planted by replacing the event-dating function (which the coding stage calls for every event) with one
that loops forever on articles carrying a marker. Worker processes are forked from this process, so they inherit
the replacement.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil
import pytest

import eventwire.temporal
from eventwire import Article, Document
from eventwire.config import Settings
from eventwire.errors import ArticleTimeout
from eventwire.pipeline import make_pipeline
from eventwire.scale import ingest_corpus
from eventwire.store.sqlite import Store
from tests.scale.conftest import write_jsonl

pytestmark = [pytest.mark.model, pytest.mark.issue(10)]

LOOP, STUCK, KILLED = "LOOPS-FOREVER", "STUCK-IN-C", "KILLS-ITS-WORKER"
TEST_PROCESS = os.getpid()


def _planted(original: Any) -> Any:
    def date_event(doc: Document, trigger_i: int) -> Any:
        if LOOP in doc.text:
            while True:  # a Python loop that never ends
                pass
        if STUCK in doc.text and os.getpid() != TEST_PROCESS:
            # what C code that never returns looks like: the worker's own timer signal never arrives
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            while True:
                pass
        if KILLED in doc.text and os.getpid() != TEST_PROCESS:
            os.kill(os.getpid(), signal.SIGKILL)  # the out-of-memory killer, say
        return original(doc, trigger_i)

    return date_event


@pytest.fixture
def planted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(eventwire.temporal, "date_event", _planted(eventwire.temporal.date_event))


def _article(n: int, marker: str = "") -> Article:
    return Article(id=f"a{n}", text=f"{marker} Police shot a protester in Nairobi on Monday. Report {n}.".strip(),
                   published="2024-06-25", origin=f"feed.jsonl:{n}")


@pytest.mark.usefixtures("planted")
def test_budget_in_one_process_skips_the_article_with_its_stage_and_codes_the_rest() -> None:
    pipeline = make_pipeline(Settings(article_timeout=2))
    started = time.monotonic()
    results = list(pipeline.pipe([_article(1), _article(2, LOOP), _article(3)]))
    assert time.monotonic() - started < 60
    assert [type(r).__name__ for r in results] == ["Document", "ArticleTimeout", "Document"]
    timeout = results[1]
    assert isinstance(timeout, ArticleTimeout) and timeout.stage == "coding" and timeout.code == "EW302"
    assert str(timeout) == ("EW302 stage 'coding' failed on article feed.jsonl:2: took longer than its time budget "
                            "of 2 s (--article-timeout); skipped")
    assert all(isinstance(r, Document) and r.events for r in (results[0], results[2]))


@pytest.mark.usefixtures("planted")
def test_budget_holds_in_a_thread_that_is_not_the_main_one() -> None:
    """Dask runs tasks in worker threads, where no timer signal can be used."""
    pipeline = make_pipeline(Settings(article_timeout=2))
    pipeline.load()
    results: list[Any] = []
    thread = threading.Thread(target=lambda: results.extend(pipeline.pipe([_article(1, LOOP), _article(2)])),
                              daemon=True)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the budget did not stop the article in a thread"
    assert isinstance(results[0], ArticleTimeout) and isinstance(results[1], Document)


def _skipped(db: Path) -> dict[str, tuple[str | None, str | None]]:
    with Store(db, readonly=True) as store:
        return {row["input"]: (row["code"], row["stage"]) for row in store.skipped()}


@pytest.mark.usefixtures("planted")
def test_budget_with_workers_replaces_a_stuck_or_dead_worker_and_goes_on(tmp_path: Path) -> None:
    records = [{"id": f"r{n}", "text": _article(n, marker).text, "published": "2024-06-25"}
               for n, marker in enumerate(["", LOOP, "", STUCK, "", KILLED, "", ""], 1)]
    corpus = write_jsonl(tmp_path / "feed.jsonl", records)
    db = tmp_path / "budget.db"
    started = time.monotonic()
    failed = ingest_corpus([str(corpus)], db=db, settings=Settings(article_timeout=2), workers=2, batch_size=3)
    assert time.monotonic() - started < 180
    assert failed == 3
    with Store(db, readonly=True) as store:
        assert {a.id for _, a in store.events_with_articles()} == {"r1", "r3", "r5", "r7", "r8"}
    assert _skipped(db) == {f"{corpus}:2": ("EW302", "coding"), f"{corpus}:4": ("EW302", "coding"),
                            f"{corpus}:6": ("EW301", "coding")}


@pytest.mark.usefixtures("planted")
def test_budget_lgl_corpus_with_one_hanging_article_completes(tmp_path: Path, shared: Path) -> None:
    lines = (shared / "data" / "corpus" / "lgl_news.jsonl").read_text(encoding="utf-8").split("\n")
    records = [json.loads(line) for line in lines if line.strip()]
    assert len(records) == 588
    records[100]["text"] = f"{LOOP} {records[100]['text']}"
    corpus = write_jsonl(tmp_path / "lgl.jsonl", records)
    db = tmp_path / "lgl.db"
    assert ingest_corpus([str(corpus)], db=db, settings=Settings(article_timeout=5), workers=2) == 1
    with Store(db, readonly=True) as store:
        assert store.counts()["articles"] == 587
    assert _skipped(db) == {f"{corpus}:101": ("EW302", "coding")}


def _alive(pids: list[int]) -> list[int]:
    alive = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                alive.append(pid)
        except psutil.NoSuchProcess:
            pass
    return alive


@pytest.mark.parametrize("mode", [["--workers", "2"], ["--workers", "2", "--dask", "local"]])
def test_budget_no_worker_outlives_a_killed_parent(tmp_path: Path, shared: Path, mode: list[str]) -> None:
    exe = str(Path(sys.executable).parent / "eventwire")
    proc = subprocess.Popen([exe, "ingest", str(shared / "data" / "corpus" / "lgl_news.jsonl"), "--db",
                             str(tmp_path / "k.db"), *mode], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[int] = []
    try:
        parent = psutil.Process(proc.pid)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            children = [c.pid for c in parent.children(recursive=True)]
            if len(children) >= 2 and (tmp_path / "k.db").exists():
                break
            time.sleep(0.2)
        time.sleep(2)
        children = [c.pid for c in parent.children(recursive=True)]
        assert len(children) >= 2, "the workers did not start"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        time.sleep(5)
        assert _alive(children) == []
    finally:
        if proc.poll() is None:
            proc.kill()
        for pid in _alive(children):  # leave nothing behind, whatever the outcome
            os.kill(pid, signal.SIGKILL)
