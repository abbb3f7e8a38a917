"""The REST API and dashboard over a real store, served on localhost."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.model


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Iterator[str]:
    db = tmp_path_factory.mktemp("api") / "events.db"
    ingested = run_cli("ingest", str(seed_path), "--db", str(db))
    assert ingested.returncode == 0, ingested.stderr
    port = _free_port()
    exe = Path(sys.executable).parent / "eventwire"
    proc = subprocess.Popen([str(exe), "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(base + "/api/summary", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_api_filters_events_and_keeps_evidence_offsets(server: str) -> None:
    everything = httpx.get(server + "/api/events").json()
    assaults = httpx.get(server + "/api/events", params={"plover": "assault", "country": "LBY"}).json()
    assert everything["total"] > assaults["total"] > 0
    assert all(e["plover"]["event_type"] == "ASSAULT" and e["location"]["country"] == "LBY"
               for e in assaults["events"])
    event = assaults["events"][0]
    article = httpx.get(server + f"/api/articles/{event['article_id']}").json()
    assert article["text"][event["evidence"]["start"]:event["evidence"]["end"]] == event["evidence"]["text"]
    assert httpx.get(server + f"/api/events/{event['event_id']}").json() == event


def test_api_date_range_is_inclusive_of_partial_dates(server: str) -> None:
    april = httpx.get(server + "/api/events", params={"since": "2019-04", "until": "2019-04"}).json()
    assert april["total"] >= 2
    assert all(e["date"]["value"].startswith("2019-04") for e in april["events"])


def test_api_unknown_ids_are_404_and_dashboard_is_served(server: str) -> None:
    assert httpx.get(server + "/api/events/nope").status_code == 404
    assert httpx.get(server + "/api/articles/nope").status_code == 404
    page = httpx.get(server + "/")
    assert page.status_code == 200 and "/api/events" in page.text


def test_serve_missing_database_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("serve", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2
    assert "no such database" in result.stderr
