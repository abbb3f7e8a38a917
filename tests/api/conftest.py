"""What the API and dashboard tests share: one real store (really ingested), ``eventwire serve`` on a free port of
127.0.0.1, and, for the dashboard, one headless Chromium driven by Playwright.

The store holds the sample articles (``samples/``) and three written for these tests: a local US story whose
title, text and URL carry script payloads, and one wire story about Obama and Medvedev run by two outlets, so
that an event group has two reports.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import ROOT, run_cli

CHROMIUM = Path(os.environ.get("EVENTWIRE_CHROMIUM", "/usr/bin/chromium"))
# what works headless on a CI machine without a display, a GPU or the network
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

XSS_TITLE = '<img src=x onerror="window.__xss=1;alert(1)">Police arrest protesters in Chicago'
XSS_URL = "javascript:alert(document.domain)"
WIRE_URL = 'https://example.org/world/obama-medvedev?x="><script>alert(4)</script>'
WIRE_TEXT = ("Obama and Medvedev agree to cut nuclear arsenals\n\nPresident Barack Obama met Russian President "
             "Dmitry Medvedev in London on Wednesday, April 1, 2009. The two leaders agreed to negotiate a new "
             "treaty to cut nuclear weapons. Medvedev praised the talks as a fresh start.")
ARTICLES: list[dict[str, Any]] = [
    {"id": "xss-1", "published": "2009-03-03", "url": XSS_URL, "title": XSS_TITLE,
     "text": XSS_TITLE + "\n\nPolice arrested 15 protesters in Chicago, Illinois on Monday, March 2, 2009, after a "
             "march against the budget cuts. <script>window.__xss=2;alert(2)</script><b onmouseover=\"alert(3)\">"
             "Organizers</b> said the protesters would return."},
    {"id": "wire-a", "published": "2009-04-02", "url": WIRE_URL, "source": "Example Times",
     "title": "Obama and Medvedev agree to cut nuclear arsenals", "text": WIRE_TEXT},
    {"id": "wire-b", "published": "2009-04-02", "url": "https://example.net/news/obama-medvedev-london",
     "source": "Other Daily", "title": "Obama and Medvedev agree to cut nuclear arsenals",
     "text": WIRE_TEXT + " Reporting by the Other Daily staff."},
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(db: Path, *options: str) -> Iterator[str]:
    """``eventwire serve --db db *options`` on a free port of 127.0.0.1; yields its base URL."""
    port = free_port()
    exe = Path(sys.executable).parent / "eventwire"
    log = db.with_name(f"serve-{port}.log")
    with log.open("wb") as err:
        proc = subprocess.Popen([str(exe), "serve", "--db", str(db), "--port", str(port), *options],
                                stdout=subprocess.DEVNULL, stderr=err)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if proc.poll() is not None:
                pytest.fail(f"eventwire serve exited with {proc.returncode}: {log.read_text()}")
            try:
                httpx.get(base + "/api/summary", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail(f"eventwire serve did not answer in 20 s: {log.read_text()}")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def api_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the samples and the test articles, ingested once by the real command line."""
    folder = tmp_path_factory.mktemp("api")
    corpus = folder / "dashboard.jsonl"
    corpus.write_text("".join(json.dumps(article) + "\n" for article in ARTICLES), encoding="utf-8")
    db = folder / "events.db"
    ingested = run_cli("ingest", str(ROOT / "samples"), str(corpus), "--db", str(db))
    assert ingested.returncode == 0, ingested.stderr
    return db


@pytest.fixture(scope="session")
def api_server(api_store: Path) -> Iterator[str]:
    with serving(api_store) as base:
        yield base


# -- the browser -------------------------------------------------------------------------------------------------


def chromium_problem() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.is_file():
        return (f"chromium not found at {CHROMIUM}: run `make test-deps` as root or apt-get install chromium "
                "(or set EVENTWIRE_CHROMIUM to a Chromium binary)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed: pip install -c constraints.txt -e '.[dev]'"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium (Debian's, at /usr/bin/chromium) for a test module."""
    problem = chromium_problem()
    if problem:
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
