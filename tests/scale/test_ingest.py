"""Issue 6: corpus ingestion — reruns add nothing, a killed run resumes, workers and Dask equal one process."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.errors import ConfigError
from eventwire.scale import ingest_corpus
from eventwire.store.sqlite import Store
from tests.scale.conftest import short_news_records, stored, write_jsonl

pytestmark = [pytest.mark.issue(6)]


@pytest.mark.model
def test_ingest_same_text_is_one_article_and_events_point_into_it(single_process_db: Path) -> None:
    hashes, records = stored(single_process_db)
    assert len(hashes) == 5  # six records, one of them the same text as another
    with Store(single_process_db, readonly=True) as store:
        counts = store.counts()
        pairs = list(store.events_with_articles())
    assert counts["articles"] == 5 and counts["events"] == len(records) > 0
    for event, article in pairs:
        assert article.text[event.evidence.start:event.evidence.end] == event.evidence.text
        assert article.text[event.trigger.start:event.trigger.end] == event.trigger.text


@pytest.mark.model
def test_ingest_rerun_adds_nothing(tmp_path: Path, paragraph_corpus: Path, single_process_db: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "again.db"
    shutil.copy(single_process_db, db)
    before = stored(db)
    assert ingest_corpus([str(paragraph_corpus)], db=db, settings=Settings()) == 0
    assert stored(db) == before
    err = capsys.readouterr().err
    assert "0 articles coded (0 events)" in err and "6 already stored" in err


def test_ingest_bad_inputs_are_reported_one_line_each_and_kept(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "batch.jsonl").write_text('{"id": "x", "text": "  "}\n{not json\n', encoding="utf-8")
    inputs = [str(tmp_path / "missing.txt"), str(tmp_path / "empty.txt"), str(tmp_path / "batch.jsonl")]
    db = tmp_path / "bad.db"
    for _ in range(2):
        assert ingest_corpus(inputs, db=db, settings=Settings()) == 4
        lines = capsys.readouterr().err.splitlines()
        errors = [line for line in lines if line.startswith("eventwire: error: ")]
        assert len(errors) == 4
        assert all(line.startswith("eventwire: error: EW2") for line in errors)
        assert "missing.txt: no such file" in errors[0] and "batch.jsonl:2: not JSON" in errors[3]
        assert "4 failed" in lines[-1]
    with Store(db, readonly=True) as store:
        skipped = store.skipped()
        assert store.counts()["articles"] == 0
    assert len(skipped) == 4  # the second run recorded the same failures again, not twice
    assert {row["code"] for row in skipped} == {"EW203", "EW201", "EW205"}


@pytest.mark.model
def test_ingest_dask_local_stores_what_one_process_stores(tmp_path: Path, paragraph_corpus: Path,
                                                          single_process_db: Path) -> None:
    import multiprocessing

    db = tmp_path / "dask.db"
    assert ingest_corpus([str(paragraph_corpus)], db=db, settings=Settings(), workers=2, dask="local",
                         batch_size=2) == 0
    assert stored(db) == stored(single_process_db)
    assert multiprocessing.active_children() == []  # no worker process outlives the run (issue 16)


def test_ingest_without_its_model_stops_instead_of_failing_every_article(tmp_path: Path,
                                                                       paragraph_corpus: Path) -> None:
    db = tmp_path / "nomodel.db"
    with pytest.raises(ConfigError, match="spaCy model 'no_such_model' is not installed"):
        ingest_corpus([str(paragraph_corpus)], db=db, settings=Settings(model="no_such_model"))
    with Store(db, readonly=True) as store:
        assert store.counts()["articles"] == 0 and store.skipped() == []


def _committed(db: Path) -> int:
    try:
        with Store(db, readonly=True) as store:
            return store.counts()["articles"]
    except Exception:  # noqa: BLE001 - not created yet, or mid-migration: nothing committed yet
        return 0


@pytest.mark.model
def test_ingest_killed_mid_run_keeps_commits_and_resumes_without_duplicates(tmp_path: Path,
                                                                            shared: Path) -> None:
    """kill -9 after the first commit; the rerun, with two worker processes, stores what one clean run does."""
    total = 32  # two batches: the kill lands after the first commit, with the second still being coded
    corpus = write_jsonl(tmp_path / "news.jsonl",
                         short_news_records(shared / "data" / "corpus" / "lgl_news.jsonl", total))
    db = tmp_path / "killed.db"
    exe = str(Path(sys.executable).parent / "eventwire")
    proc = subprocess.Popen([exe, "ingest", str(corpus), "--db", str(db)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 240
        while _committed(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    with Store(db) as store:  # opening for writing recovers the WAL of the killed writer
        kept = store.content_hashes()
    assert 0 < len(kept) < total

    resumed = subprocess.run([exe, "ingest", str(corpus), "--db", str(db), "--workers", "2"], capture_output=True,
                             text=True, timeout=300, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(kept)} already stored" in resumed.stderr

    clean = tmp_path / "clean.db"
    assert ingest_corpus([str(corpus)], db=clean, settings=Settings()) == 0
    hashes, records = stored(db)
    assert kept <= hashes
    assert (hashes, records) == stored(clean)
    assert len({r["event_id"] for r in records}) == len(records)


def test_dask_local_workers_run_without_the_profiler_and_the_small_malloc_trim() -> None:
    """Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536 and a 10 ms stack profiler; a --dask local cluster
    has neither (issue 16: together a quarter of the CPU time per article)."""
    import os

    from eventwire.scale.dask import DaskRunner

    def probe() -> tuple[str | None, bool]:
        import dask

        return os.environ.get("MALLOC_TRIM_THRESHOLD_"), bool(dask.config.get("distributed.worker.profile.enabled"))

    runner = DaskRunner(Settings(), "local", workers=1)
    try:
        assert list(runner.client.run(probe).values()) == [(None, False)]
    finally:
        runner.close()
    import dask

    assert dask.config.get("distributed.worker.profile.enabled") is True  # the caller's settings are back


def test_a_small_malloc_trim_threshold_is_relaxed_in_a_worker() -> None:
    """With Dask's MALLOC_TRIM_THRESHOLD_=65536 every freed 4 MB array goes back to the kernel and the next one
    faults in again; after relax_malloc_trim (called by init_worker) the heap keeps it."""
    import os
    import subprocess
    import sys

    script = (
        "import resource\n"
        "from eventwire.scale.worker import relax_malloc_trim\n"
        "def faults():\n"
        "    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt\n"
        "    for _ in range(200):\n"
        "        block = bytearray(4 << 20)\n"
        "        del block\n"
        "    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before\n"
        "first = faults()\n"
        "relax_malloc_trim()\n"
        "faults()\n"
        "print(first, faults())\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120,
                          env={**os.environ, "MALLOC_TRIM_THRESHOLD_": "65536"})
    trimmed, relaxed = map(int, done.stdout.split())
    assert trimmed > 100_000 and relaxed < trimmed / 20, (trimmed, relaxed)


@pytest.mark.model
@pytest.mark.issue(16)
def test_a_worker_that_finishes_a_batch_starts_the_next_queued_one_before_the_parent_writes() -> None:
    """While the parent writes a finished batch and reads the next, no worker waits with batches queued (it cost
    each worker 5% of its time on two CPUs)."""
    from eventwire import Article
    from eventwire.scale.runners import ProcessRunner

    runner = ProcessRunner(Settings(), 2)
    try:
        for key in range(runner.capacity):
            runner.submit(key, [Article(id=f"a{key}-{i}", text=f"Police arrested {i + 2} protesters in Lagos on "
                                                                 "Monday.") for i in range(2)])
        key, results = runner.next_done()
        assert len(results) == 2
        assert runner.queue, "the test needs a batch still queued"
        assert all(worker.task is not None for worker in runner.workers)
    finally:
        runner.close(cancel=True)


@pytest.mark.issue(16)
def test_preload_settings_survive_the_environment_unchanged() -> None:
    """The fork server gets the run's settings as JSON; read back they must equal the run's, or each worker's
    first batch misses the preloaded pipeline and loads a second one."""
    from dataclasses import fields

    from eventwire.scale.preload import settings_from_json, settings_to_json

    changed = Settings(model="en_core_web_trf", day_first=False, max_bytes=123, max_chars=45, article_timeout=None,
                       extra_actors=(Path("/a/actors.toml"), Path("b.toml")), extra_lexicon=(Path("lex.toml"),),
                       keep_negated=True, min_confidence=0.25, confidence_file=Path("/c/confidence.toml"))
    # every field differs from its default: a new field must be added here, and read back by the preload
    assert all(getattr(changed, f.name) != getattr(Settings(), f.name) for f in fields(Settings))
    for settings in (Settings(), changed, Settings(article_timeout=2.5, confidence_file=None)):
        assert settings_from_json(settings_to_json(settings)) == settings
        assert hash(settings_from_json(settings_to_json(settings))) == hash(settings)


@pytest.mark.model
@pytest.mark.issue(16)
def test_dask_local_workers_fork_with_the_pipeline_loaded_and_leave_nothing_behind() -> None:
    """--dask local forks its workers from a fork server that loaded the pipeline once (as --workers N forks from
    the parent): no worker loads its own; after close no worker and no fork server is left, Dask's settings and
    multiprocessing's preloads are the caller's again."""
    from multiprocessing import forkserver

    import dask
    import distributed  # noqa: F401 - its settings, to compare with
    import psutil

    from eventwire.scale.dask import DaskRunner

    def probe() -> tuple[int, int, int, int, bool]:
        from eventwire.scale.worker import worker_pipeline
        from eventwire.temporal import default_grammar

        info = worker_pipeline.cache_info()
        compiled = all(rule.regex.is_compiled for rule in default_grammar().rules)
        return os.getpid(), os.getppid(), info.currsize, info.misses, compiled

    server = forkserver._forkserver  # type: ignore[attr-defined]
    preloads = list(server._preload_modules)
    method = dask.config.get("distributed.worker.multiprocessing-method")
    runner = DaskRunner(Settings(), "local", workers=2)
    try:
        server_pid = server._forkserver_pid
        assert server_pid is not None and psutil.Process(server_pid).ppid() == os.getpid()
        answers = list(runner.client.run(probe).values())
        # each worker's parent is the fork server; its one pipeline was loaded there (one miss), not in the worker,
        # with every date rule compiled
        assert len(answers) == 2 and all(ppid == server_pid and size == 1 and misses == 1 and compiled
                                         for _, ppid, size, misses, compiled in answers), answers
    finally:
        runner.close()
    assert server._forkserver_pid is None and server._preload_modules == preloads
    assert dask.config.get("distributed.worker.multiprocessing-method") == method
    gone = [pid for pid, *_ in answers] + [server_pid]
    left = [pid for pid in gone if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]
    assert not left, f"processes left behind: {left}"
