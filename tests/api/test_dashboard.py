"""The dashboard in a real browser (issue 15): headless Chromium (Debian's) driven by Playwright, over
``eventwire serve`` on 127.0.0.1 and a store really ingested. One browser for the module, a fresh page per test.

Skipped, naming what is missing, when there is no Chromium (``make test-deps`` installs it as root).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pyarrow.parquet as pq
import pytest

from tests.api.conftest import WIRE_URL, XSS_TITLE, XSS_URL, chromium_problem, serving
from tests.conftest import run_cli

MISSING = chromium_problem()
# decided at collection, so that a machine without a browser does not ingest the store only to skip
pytestmark = [pytest.mark.model, pytest.mark.issue(15), pytest.mark.skipif(MISSING is not None, reason=str(MISSING))]


class Watched:
    """A page with what must never happen on it recorded: dialogs (an alert from injected script) and uncaught
    script errors."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = Watched(context.new_page())
    page.page.set_default_timeout(10_000)
    try:
        yield page
        assert page.dialogs == [], "a dialog opened: script from the store ran"
        assert page.errors == [], "the dashboard's scripts failed"
    finally:
        context.close()


def _renders(page: Any) -> int:
    return int(page.evaluate("Number(document.documentElement.dataset.renders || 0)"))


def wait_until(page: Any, expression: str, timeout: float = 10.0) -> None:
    """Poll ``expression`` in the page until it is true. (Playwright's wait_for_function compiles its predicate
    with eval, which the dashboard's Content-Security-Policy forbids, as it should.)"""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true after {timeout} s: {expression}")
        time.sleep(0.02)


def open_board(page: Any, url: str) -> float:
    """Load the dashboard at ``url`` and wait for its first full render; returns the seconds it took."""
    started = time.perf_counter()
    page.goto(url)
    wait_until(page, "Number(document.documentElement.dataset.renders || 0) >= 1")
    return time.perf_counter() - started


def after(page: Any, action: Callable[[], Any]) -> None:
    """Do ``action`` and wait until the dashboard has rendered the view it asked for."""
    before = _renders(page)
    action()
    wait_until(page, f"Number(document.documentElement.dataset.renders || 0) > {before} && "
                     "!document.documentElement.dataset.busy")


def query(page: Any) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def api(server: str, path: str, **params: Any) -> Any:
    response = httpx.get(server + path, params=params)
    assert response.status_code == 200, response.text[:300]
    return response.json()


def shown_total(page: Any) -> int:
    """The number of events the table says match ("page 1 of 2 · 1–25 of 32")."""
    return int(page.text_content("#page-info").rsplit(" of ", 1)[1])


# -- the board ----------------------------------------------------------------------------------------------------


def test_dashboard_shows_map_timeline_facets_and_table(watched: Watched, api_server: str) -> None:
    page = watched.page
    seconds = open_board(page, api_server + "/")
    print(f"\ndashboard load (small test store): {seconds * 1000:.0f} ms in the test, "
          f"{page.evaluate('document.documentElement.dataset.loadMs')} ms in the page")
    summary = api(api_server, "/api/summary")
    assert page.text_content("#summary").startswith(f"{summary['matched']['events']} of {summary['counts']['events']}"
                                                    " events")
    # the world, drawn in the page from the embedded Natural Earth countries
    assert page.locator("#map path.country").count() == 177
    geo = api(api_server, "/api/geo")
    assert page.locator("#map circle.point").count() == geo["total"] > 5
    bars = api(api_server, "/api/timeline", level="group")  # the page counts event groups unless asked
    assert page.locator("#timeline g.bar").count() == len(bars["buckets"])
    drawn = page.eval_on_selector_all("#timeline g.bar", "bars => bars.map(b => Number(b.dataset.count))")
    assert sum(drawn) == bars["total"]
    plover = page.eval_on_selector_all('#facets [data-facet="plover"] button',
                                       "buttons => buttons.map(b => [b.dataset.value, "
                                       "Number(b.querySelector('.count').textContent)])")
    assert plover == [[f["value"], f["count"]] for f in summary["facets"]["plover"]]
    for facet in ("plover", "quad_class", "cameo_root", "country", "actor", "modality", "date_basis", "confidence"):
        assert page.locator(f'#facets [data-facet="{facet}"] button').count() > 0, facet
    assert page.locator("#events tbody tr").count() == 25
    assert shown_total(page) == summary["matched"]["events"]


def test_clicking_a_facet_filters_and_keeps_it_in_the_url(watched: Watched, api_server: str) -> None:
    page = watched.page
    open_board(page, api_server + "/")
    after(page, lambda: page.click('#facets [data-facet="plover"] button[data-value="ASSAULT"]'))
    assert query(page) == {"plover": "ASSAULT"}
    assert shown_total(page) == api(api_server, "/api/events", plover="ASSAULT")["total"]
    assert page.get_attribute('#facets [data-facet="plover"] button[data-value="ASSAULT"]', "aria-pressed") == "true"
    # the other types stay in view, to switch to
    assert page.locator('#facets [data-facet="plover"] button').count() > 3
    after(page, lambda: page.click('#facets [data-facet="quad_class"] button[data-value="4"]'))
    assert query(page) == {"plover": "ASSAULT", "quad_class": "4"}
    after(page, lambda: page.click('#active .chip[data-filter="plover"]'))
    assert query(page) == {"quad_class": "4"}
    after(page, page.go_back)
    assert query(page) == {"plover": "ASSAULT", "quad_class": "4"}
    assert shown_total(page) == api(api_server, "/api/events", plover="ASSAULT", quad_class=4)["total"]


def test_map_zooms_pans_and_a_point_opens_its_event(watched: Watched, api_server: str) -> None:
    page = watched.page
    open_board(page, api_server + "/")
    map_box = page.locator("#map").bounding_box()
    page.click("#zoom-in")
    assert float(page.get_attribute("#map", "data-zoom")) > 1.5
    before = page.get_attribute("#map g.viewport", "transform")
    page.mouse.move(map_box["x"] + 300, map_box["y"] + 150)
    page.mouse.down()
    page.mouse.move(map_box["x"] + 200, map_box["y"] + 100, steps=5)
    page.mouse.up()
    assert page.get_attribute("#map g.viewport", "transform") != before
    zoom = float(page.get_attribute("#map", "data-zoom"))
    page.mouse.move(map_box["x"] + 400, map_box["y"] + 200)
    page.mouse.wheel(0, -300)
    wait_until(page, f"Number(document.getElementById('map').dataset.zoom) > {zoom}")
    page.click("#zoom-reset")
    assert page.get_attribute("#map", "data-zoom") == "1.000"
    london = next(f["properties"] for f in api(api_server, "/api/geo")["features"]
                  if f["properties"]["place"] == "London")
    after(page, lambda: page.click(f'#map circle[data-id="{london["id"]}"]'))
    assert query(page)["event"] == london["event_id"]
    event = api(api_server, f"/api/events/{london['event_id']}")
    assert page.is_visible("#detail")
    assert page.text_content("#detail-title") == f"{event['cameo']} {event['cameo_name']}"
    assert "London" in page.text_content("#detail .facts")


def test_brushing_the_timeline_sets_the_date_range(watched: Watched, api_server: str) -> None:
    page = watched.page
    open_board(page, api_server + "/?since=2009-03&until=2009-04")
    buckets = api(api_server, "/api/timeline", since="2009-03", until="2009-04", level="group")["buckets"]
    assert buckets[0]["start"] == "2009-03-02" and len(buckets) > 20  # by day
    area = page.locator("#timeline .brush-area").bounding_box()

    def x(index: int) -> float:
        return area["x"] + (index + 0.5) * area["width"] / len(buckets)

    last = next(i for i, b in enumerate(buckets) if b["start"] == "2009-03-20")

    def brush() -> None:
        page.mouse.move(x(0), area["y"] + area["height"] / 2)
        page.mouse.down()
        page.mouse.move(x(last), area["y"] + area["height"] / 2, steps=8)
        page.mouse.up()

    after(page, brush)
    assert query(page) == {"since": "2009-03-02", "until": "2009-03-20"}
    expected = api(api_server, "/api/events", since="2009-03-02", until="2009-03-20")["total"]
    assert shown_total(page) == expected == 1
    assert page.input_value('#filters input[name="since"]') == "2009-03-02"
    # the timeline now shows the chosen range only; "all dates" lets go of it
    assert page.locator("#timeline g.bar").first.get_attribute("data-start") == "2009-03-02"
    after(page, lambda: page.click("#clear-dates"))
    assert query(page) == {}


def test_filtering_by_an_actors_name_with_suggestions(watched: Watched, api_server: str) -> None:
    page = watched.page
    open_board(page, api_server + "/")
    page.fill("#actor-input", "obam")
    page.wait_for_selector("#actor-suggestions button.suggestion")
    suggestion = page.locator("#actor-suggestions button.suggestion").first
    assert suggestion.get_attribute("data-value") == "Barack Obama"
    after(page, suggestion.click)
    assert query(page) == {"actor_name": "Barack Obama"}
    assert shown_total(page) == 4
    for row in page.locator("#events tbody tr").all():
        assert "Obama" in row.text_content()
    # a name typed and sent without a suggestion, and a code
    page.fill("#actor-input", "medvedev")
    after(page, lambda: page.press("#actor-input", "Enter"))
    assert query(page) == {"actor_name": "medvedev"}
    assert shown_total(page) == api(api_server, "/api/events", actor_name="medvedev")["total"] > 0
    page.fill("#actor-input", "USAGOV")
    after(page, lambda: page.press("#actor-input", "Enter"))
    assert query(page) == {"actor": "USAGOV"}
    assert shown_total(page) == api(api_server, "/api/events", actor="USAGOV")["total"]


def test_country_and_dates_typed_in_words(watched: Watched, api_server: str) -> None:
    page = watched.page
    open_board(page, api_server + "/")
    page.fill('#filters input[name="country"]', "United States")
    page.fill('#filters input[name="since"]', "March 2009")
    after(page, lambda: page.click("#apply"))
    assert query(page) == {"country": "United States", "since": "March 2009"}
    assert shown_total(page) == 1
    assert "Chicago" in page.text_content("#events tbody")
    # a value the API refuses is said, with the API's message
    page.fill('#filters input[name="country"]', "Narnia")
    after(page, lambda: page.click("#apply"))
    assert "Narnia is no country eventwire knows" in page.text_content("#error")


def test_table_pages_and_sorts(watched: Watched, api_server: str) -> None:
    page = watched.page
    open_board(page, api_server + "/")
    total = api(api_server, "/api/summary")["matched"]["events"]
    assert page.is_disabled("#prev")
    first_page = page.eval_on_selector_all("#events tbody tr", "rows => rows.map(r => r.dataset.event)")
    after(page, lambda: page.click("#next"))
    assert query(page) == {"page": "2"}
    second_page = page.eval_on_selector_all("#events tbody tr", "rows => rows.map(r => r.dataset.event)")
    assert len(second_page) == total - 25 and not set(first_page) & set(second_page)
    assert page.is_disabled("#next")
    expected = api(api_server, "/api/events", limit=25, offset=25)["events"]
    assert second_page == [e["event_id"] for e in expected]
    # sorting goes back to the first page
    after(page, lambda: page.click('#events th[data-sort="confidence"] button'))
    assert query(page) == {"sort": "-confidence"}
    values = [float(v) for v in page.eval_on_selector_all("#events tbody tr td:nth-child(8)",
                                                          "cells => cells.map(c => c.textContent)")]
    assert values == sorted(values, reverse=True)
    after(page, lambda: page.click('#events th[data-sort="confidence"] button'))
    assert query(page) == {"sort": "confidence"}
    assert page.get_attribute('#events th[data-sort="confidence"]', "aria-sort") == "ascending"
    values = [float(v) for v in page.eval_on_selector_all("#events tbody tr td:nth-child(8)",
                                                          "cells => cells.map(c => c.textContent)")]
    assert values == sorted(values)
    after(page, lambda: page.select_option("#per-page", "50"))
    assert page.locator("#events tbody tr").count() == min(50, total)


def test_a_shared_url_opens_the_same_view(watched: Watched, api_server: str) -> None:
    page = watched.page
    event = api(api_server, "/api/events", plover="ASSAULT", sort="-killed", limit=1)["events"][0]
    url = f"{api_server}/?plover=ASSAULT&sort=-killed&stack=plover&level=mention&event={event['event_id']}"
    open_board(page, url)
    assert page.input_value('#filters input[name="plover"]') == "ASSAULT"
    assert page.input_value("#tl-stack") == "plover" and page.input_value("#map-level") == "mention"
    assert page.get_attribute('#events th[data-sort="killed"]', "aria-sort") == "descending"
    assert page.get_attribute("#detail", "data-event") == event["event_id"]
    assert page.locator("#events tbody tr.open").get_attribute("data-event") == event["event_id"]
    after(page, lambda: page.click("#close-detail"))
    assert page.is_hidden("#detail") and "event" not in query(page)


def test_download_gives_the_filtered_set(watched: Watched, api_server: str, tmp_path: Path) -> None:
    page = watched.page
    open_board(page, api_server + "/?plover=ASSAULT&country=Libya")
    expected = api(api_server, "/api/events", plover="ASSAULT", country="Libya", limit=1000)
    ids = sorted(e["event_id"] for e in expected["events"])
    files = {}
    for fmt in ("csv", "jsonl", "parquet"):
        with page.expect_download() as download:
            page.click(f"#download-{fmt}")
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        files[fmt] = path
    assert files["csv"].name == "eventwire-mentions.csv"
    assert sorted(row["event_id"] for row in csv.DictReader(io.StringIO(files["csv"].read_text("utf-8")))) == ids
    assert sorted(json.loads(line)["event_id"] for line in files["jsonl"].read_text("utf-8").splitlines()) == ids
    assert sorted(pq.read_table(files["parquet"]).column("event_id").to_pylist()) == ids
    assert len(ids) == expected["total"] > 1


# -- the detail of an event ---------------------------------------------------------------------------------------


def test_detail_shows_evidence_article_source_date_place_and_other_reports(watched: Watched,
                                                                            api_server: str) -> None:
    page = watched.page
    events = api(api_server, "/api/events", actor_name="obama", cameo="04", limit=10)["events"]
    event = next(e for e in events if e["article_id"] == "wire-a")
    open_board(page, f"{api_server}/?event={event['event_id']}")
    detail = page.locator("#detail")
    # today's highlighted evidence
    evidence = detail.locator("blockquote.evidence")
    sentence = event["evidence"]

    def inside(span: dict[str, Any]) -> str:  # the part of a span in the evidence sentence
        return sentence["text"][max(span["start"], sentence["start"]) - sentence["start"]:
                                min(span["end"], sentence["end"]) - sentence["start"]]

    assert evidence.text_content() == sentence["text"]
    for side in ("trigger", "source", "target"):
        assert evidence.locator(f"mark.{side}").text_content() == inside(event[side]) != "", side
    # the date expression and the place that were used
    assert detail.locator("q.date-text").text_content() == event["date"]["text"]
    assert detail.locator("q.place-text").text_content() == event["location"]["text"] == "London"
    # the source, as a link that opens apart from the dashboard and tells it nothing
    link = detail.locator(".source a.url")
    # the URL as a browser parses it: the quote and angle brackets of the query percent-encoded
    assert link.get_attribute("href") == "https://example.org/world/obama-medvedev?x=%22%3E%3Cscript%3Ealert(4)%3C/script%3E"
    assert link.text_content() == WIRE_URL
    assert link.get_attribute("rel") == "noopener noreferrer" and link.get_attribute("target") == "_blank"
    # the other report of the same event: the wire story at the other outlet
    reports = detail.locator(".reports li[data-event]")
    assert reports.count() == 1 and "Other Daily" in reports.text_content()
    # the article with every event of it marked; a mark opens that event
    siblings = api(api_server, "/api/events", article_id="wire-a")["events"]
    assert detail.locator(".article-text .current").text_content() == event["evidence"]["text"]
    others = detail.locator(".article-text mark.other")
    assert {m.get_attribute("data-event") for m in others.all()} == {e["event_id"] for e in siblings} - \
        {event["event_id"]}
    target = others.first.get_attribute("data-event")
    after(page, others.first.click)
    assert query(page)["event"] == target
    after(page, lambda: page.click(".reports button.open-report"))
    assert api(api_server, f"/api/events/{query(page)['event']}")["article_id"] == "wire-b"


def test_script_in_article_title_text_and_url_stays_text(watched: Watched, api_server: str) -> None:
    page = watched.page
    event = api(api_server, "/api/events", country="USA")["events"][0]
    open_board(page, f"{api_server}/?event={event['event_id']}")
    page.hover("#detail .article-text")  # onmouseover= in the text must do nothing
    page.mouse.move(10, 10)
    assert page.text_content("#detail .article-title") == XSS_TITLE
    assert "<script>window.__xss=2;alert(2)</script>" in page.text_content("#detail .article-text")
    # the javascript: URL is shown, never a link
    assert page.text_content("#detail .source .url") == XSS_URL
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.eval_on_selector_all("#detail .source a", "links => links.length") == 0
    injected = page.evaluate("""() => ({
        xss: window.__xss === undefined ? null : window.__xss,
        images: document.querySelectorAll('img').length,
        scripts: [...document.scripts].map(s => s.getAttribute('src')),
        bold: document.querySelectorAll('#detail b[onmouseover], [onerror], [onmouseover]').length})""")
    assert injected == {"xss": None, "images": 0, "scripts": ["/static/app.js"], "bold": 0}
    # the wire story's URL, quotes and script tag included, is one link's text
    open_board(page, f"{api_server}/?actor_name=obama&event=" +
               api(api_server, "/api/events", actor_name="obama", limit=1)["events"][0]["event_id"])
    assert page.locator("script").count() == 1
    assert WIRE_URL in page.text_content("#detail")


def test_narrow_screen_has_no_horizontal_scroll(watched: Watched, api_server: str) -> None:
    page = watched.page
    page.set_viewport_size({"width": 420, "height": 900})
    open_board(page, api_server + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 420
    assert page.locator("#map").bounding_box()["width"] <= 420
    event = api(api_server, "/api/events", actor_name="obama", limit=1)["events"][0]
    after(page, lambda: page.click(f'#events tbody tr[data-event="{event["event_id"]}"]'))
    assert page.is_visible("#detail")
    assert page.evaluate("document.documentElement.scrollWidth") <= 420
    assert page.locator("#detail").bounding_box()["width"] <= 420


# -- how long the page takes to load -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lgl_store(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Path:
    """A store of the LGL corpus (588 articles), ingested by the real command line; ``EVENTWIRE_LGL_DB`` names
    one made before, to save the ingest."""
    given = os.environ.get("EVENTWIRE_LGL_DB")
    if given and Path(given).is_file():
        return Path(given)
    corpus = shared / "data" / "corpus" / "lgl_news.jsonl"
    if not corpus.is_file():
        pytest.skip(f"the LGL corpus is not at {corpus}")
    db = tmp_path_factory.mktemp("lgl") / "lgl.db"
    workers = str(min(2, os.cpu_count() or 1))
    ingested = run_cli("ingest", str(corpus), "--db", str(db), "--month-first", "--workers", workers, timeout=900)
    assert ingested.returncode == 0, ingested.stderr[-2000:]
    return db


@pytest.mark.parametrize("store", ["test", "lgl"])
def test_page_load_time_is_printed(browser: Any, api_server: str, store: str, request: pytest.FixtureRequest) -> None:
    """Measured, printed, not asserted: the time from navigation to the first full render (map, timeline,
    facets, table) in a fresh page; for the LGL store the best of three loads, and the page counts every event
    the API finds."""

    def measure(base: str) -> tuple[float, int]:
        times = []
        for _ in range(3 if store != "test" else 1):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            times.append(open_board(page, base + "/"))
            events = shown_total(page)
            context.close()
        return min(times), events

    if store == "test":
        seconds, events = measure(api_server)
    else:
        db: Path = request.getfixturevalue("lgl_store")
        with serving(db) as base:
            seconds, events = measure(base)
            assert events == api(base, "/api/events", limit=1)["total"]
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            stored = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        assert events == stored > 1000
    print(f"\ndashboard load, {store} store ({events} events): {seconds * 1000:.0f} ms")
    assert events > 0
