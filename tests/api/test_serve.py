"""The REST API and dashboard over a real store, served on localhost by ``eventwire serve``."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.conftest import serving
from tests.conftest import run_cli

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def store(api_store: Path) -> Path:
    return api_store


@pytest.fixture(scope="module")
def server(api_server: str) -> str:
    return api_server


def _port(base: str) -> int:
    return int(base.rsplit(":", 1)[1])


def _messages(response: httpx.Response) -> dict[str, str]:
    """{parameter name: message} of a 422 answer."""
    return {str(error["loc"][-1]): error["msg"] for error in response.json()["detail"]}


# -- what the API answers ---------------------------------------------------------------------------------------


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
    # until the last day of April takes in the events dated April only
    inside = httpx.get(server + "/api/events", params={"since": "2019-04", "until": "2019-04-30"})
    assert inside.status_code == 200 and inside.json()["total"] == april["total"]


def test_api_code_filters_are_prefixes(server: str) -> None:
    everything = httpx.get(server + "/api/events", params={"limit": 1000}).json()["events"]
    fights = httpx.get(server + "/api/events", params={"cameo": "19", "limit": 1000}).json()
    assert fights["total"] == sum(e["cameo"].startswith("19") for e in everything) > 0
    codes = {side["code"] for e in everything for side in (e["source"], e["target"]) if side and side["code"]}
    code = max(codes, key=len)
    prefix = code[:3]
    syr = httpx.get(server + "/api/events", params={"actor": prefix.lower(), "limit": 1000}).json()
    assert syr["total"] == sum(any(side and (side["code"] or "").startswith(prefix)
                                   for side in (e["source"], e["target"])) for e in everything) > 0


def test_api_unknown_ids_are_404_and_dashboard_is_served(server: str) -> None:
    assert httpx.get(server + "/api/events/nope").status_code == 404
    assert httpx.get(server + "/api/articles/nope").status_code == 404
    page = httpx.get(server + "/")
    assert page.status_code == 200 and "/static/app.js" in page.text
    for name in ("app.js", "map.js", "timeline.js"):
        script = httpx.get(server + f"/static/{name}")
        assert script.status_code == 200
        assert script.headers["content-type"].split(";")[0] in ("text/javascript", "application/javascript")
        # text from the store goes in as text: no script of the dashboard parses a string as HTML
        assert "innerHTML" not in script.text and "insertAdjacentHTML" not in script.text, name
        assert "document.write" not in script.text and "eval(" not in script.text, name
    assert "/api/events" in httpx.get(server + "/static/app.js").text
    style = httpx.get(server + "/static/app.css")
    assert style.status_code == 200 and style.headers["content-type"].startswith("text/css")
    assert httpx.get(server + "/static/../app.py").status_code == 404
    assert httpx.get(server + "/static/index.html").status_code == 404


def test_serve_missing_database_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("serve", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2
    assert "no such database" in result.stderr


# -- parameters out of their form or range are 422, with a message -----------------------------------------------

DATE_FORM = "expected a date YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019, 2019-07 or 2019-07-05)"

BAD_PARAMETERS = [
    ({"offset": str(2**63)}, "offset", "Input should be less than or equal to 1000000000"),
    ({"offset": "-1"}, "offset", "Input should be greater than or equal to 0"),
    ({"offset": "ten"}, "offset", "Input should be a valid integer"),
    ({"limit": "0"}, "limit", "Input should be greater than or equal to 1"),
    ({"limit": "1001"}, "limit", "Input should be less than or equal to 1000"),
    ({"actor": "A" * 50_000}, "actor", "String should have at most 16 characters"),
    ({"cameo": "19" * 25_000}, "cameo", "String should have at most 4 characters"),
    ({"plover": "A" * 33}, "plover", "String should have at most 32 characters"),
    ({"country": "L" * 65}, "country", "String should have at most 64 characters"),
    ({"article_id": "a" * 201}, "article_id", "String should have at most 200 characters"),
    ({"since": "2" * 50_000}, "since", "String should have at most 64 characters"),
    ({"actor_name": "O" * 65}, "actor_name", "String should have at most 64 characters"),
    ({"actor_name": "Obama\x00"}, "actor_name", "an actor's name is text without control characters"),
    ({"quad_class": "5"}, "quad_class", "Input should be less than or equal to 4"),
    ({"quad_class": "conflict"}, "quad_class", "Input should be a valid integer"),
    ({"modality": "maybe"}, "modality", "Input should be 'asserted', 'future', 'hypothetical', 'attempted' or "
                                        "'negated'"),
    ({"date_basis": "guess"}, "date_basis", "Input should be 'text', 'context' or 'publication'"),
    ({"sort": "title"}, "sort", "sort by date, confidence, cameo, plover, country, source, target, killed, mentions"),
    ({"sort": "--date"}, "sort", "sort by date"),
    ({"contry": "USA"}, "contry", "unknown parameter 'contry'; this endpoint takes actor, actor_name, article_id"),
    ({"cameo": "1a"}, "cameo", "a CAMEO code or code prefix is 1 to 4 digits, e.g. 19 or 195"),
    ({"plover": "ASSAULT%"}, "plover", "a PLOVER event type is letters and underscores, e.g. ASSAULT"),
    ({"actor": "_"}, "actor", "an actor code or code prefix is letters and digits, e.g. SYR or SYRGOV"),
    ({"actor": "SYR%"}, "actor", "an actor code or code prefix is letters and digits, e.g. SYR or SYRGOV"),
    ({"country": "L_Y"}, "country", "L_Y is no country eventwire knows; a country is an ISO 3166 alpha-3 code or a "
                                    "country's name, e.g. LBY, Libya or United States"),
    ({"country": "Atlantis"}, "country", "Atlantis is no country eventwire knows"),
    ({"since": "Marchember 2009"}, "since", DATE_FORM),
    ({"since": "30 February 2009"}, "since", "30 February 2009 is not a real date; " + DATE_FORM),
    ({"since": "garbage"}, "since", DATE_FORM),
    ({"since": "2019-7"}, "since", DATE_FORM),
    ({"until": "2019-07-05T10:00"}, "until", DATE_FORM),
    ({"since": "2019-13"}, "since", "2019-13 is not a real date; " + DATE_FORM),
    ({"until": "2019-00"}, "until", "2019-00 is not a real date; " + DATE_FORM),
    ({"since": "2019-02-29"}, "since", "2019-02-29 is not a real date; " + DATE_FORM),
    ({"until": "2019-04-31"}, "until", "2019-04-31 is not a real date; " + DATE_FORM),
    ({"since": "0000"}, "since", "0000 is not a real date; " + DATE_FORM),
    ({"since": "2019-08", "until": "2019-07"}, "until",
     "until (2019-07) is before since (2019-08): no event can match; since must not be after until"),
    ({"since": "2020", "until": "2019-12-31"}, "until",
     "until (2019-12-31) is before since (2020): no event can match; since must not be after until"),
]


@pytest.mark.parametrize(("params", "name", "message"), BAD_PARAMETERS,
                         ids=[f"{name}-{i}" for i, (_, name, _) in enumerate(BAD_PARAMETERS)])
def test_bad_event_query_parameters_are_422_with_a_message(server: str, params: dict[str, str], name: str,
                                                           message: str) -> None:
    response = httpx.get(server + "/api/events", params=params)
    assert response.status_code == 422, response.text[:300]
    assert _messages(response)[name].startswith(message)


def test_real_dates_and_empty_fields_are_accepted(server: str) -> None:
    everything = httpx.get(server + "/api/events").json()["total"]
    for params in ({"since": "2020-02-29"}, {"since": "2019", "until": "2019"}, {"until": "2019-12-31"},
                   {"since": "2019-07-15", "until": "2019-07"}):
        assert httpx.get(server + "/api/events", params=params).status_code == 200, params
    # an empty field of the dashboard's form means "any", as before
    empty = httpx.get(server + "/api/events", params={"actor": "", "since": "", "cameo": ""})
    assert empty.status_code == 200 and empty.json()["total"] == everything


@pytest.mark.parametrize("path", ["/api/events/", "/api/articles/"])
def test_ids_longer_than_200_characters_are_422(server: str, path: str) -> None:
    response = httpx.get(server + path + "x" * 201)
    assert response.status_code == 422
    assert _messages(response) == {path.split("/")[2][:-1] + "_id": "String should have at most 200 characters"}


def test_like_wildcards_in_filters_match_only_themselves(server: str, store: Path) -> None:
    from eventwire.store.query import EventFilter, query_events
    from eventwire.store.sqlite import Store

    # the API refuses them outright (they used to match every event) ...
    for params in ({"actor": "_"}, {"actor": "%"}, {"cameo": "%"}, {"cameo": "1_"}):
        assert httpx.get(server + "/api/events", params=params).status_code == 422, params
    # ... and the query itself reads them literally, prefixes still being prefixes
    with Store(store, readonly=True) as db:
        def total(**filters: Any) -> int:
            return query_events(db, EventFilter(**filters))[0]

        everything = total()
        assert everything > 0
        assert total(actor="_") == total(actor="%") == total(cameo="%") == total(cameo="1_") == 0
        assert total(actor="S_R") == total(actor="\\") == 0
        assert 0 < total(cameo="19") < everything
        assert total(cameo="1") >= total(cameo="19")


# -- the Host header ------------------------------------------------------------------------------------------


def test_requests_naming_another_host_are_refused(server: str) -> None:
    port = _port(server)
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1.evil.example:{port}", "localhost.evil",
                 f"10.0.0.1:{port}", "", "local host"):
        for path in ("/api/events", "/api/summary", "/"):
            response = httpx.get(server + path, headers={"Host": host})
            assert response.status_code == 400, (host, path)
            assert response.json() == {"detail": "invalid Host header: this server answers only to the names of "
                                       "the address it is bound to; add a name with: eventwire serve "
                                       "--allow-host NAME"}
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", "LOCALHOST", f"[::1]:{port}", "127.0.0.1"):
        response = httpx.get(server + "/api/events", headers={"Host": host})
        assert response.status_code == 200, host
        assert response.json()["total"] > 0


def test_allow_host_adds_names(store: Path) -> None:
    with serving(store, "--allow-host", "analyst.example.org", "--allow-host", "proxy.example:8443") as base:
        port = _port(base)
        for host in ("analyst.example.org", f"Analyst.Example.org:{port}", "proxy.example:8443",
                     f"localhost:{port}"):
            assert httpx.get(base + "/api/summary", headers={"Host": host}).status_code == 200, host
        for host in ("evil.example", "proxy.example", "proxy.example:80", "www.analyst.example.org"):
            assert httpx.get(base + "/api/summary", headers={"Host": host}).status_code == 400, host


def test_allow_host_star_turns_the_check_off(store: Path) -> None:
    with serving(store, "--allow-host", "*") as base:
        assert httpx.get(base + "/api/summary", headers={"Host": "evil.example"}).status_code == 200


def test_allow_host_that_is_no_host_name_is_a_usage_error(store: Path) -> None:
    result = run_cli("serve", "--db", str(store), "--allow-host", "http://analyst.example.org/")
    assert result.returncode == 2
    assert "--allow-host 'http://analyst.example.org/': not a host name or address" in result.stderr


# -- security headers -----------------------------------------------------------------------------------------


class _Inline(HTMLParser):
    """What of a page needs 'unsafe-inline': inline scripts and styles, on* attributes, style attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script":
            if not names.get("src"):
                self.found.append("inline <script>")
            else:
                self.scripts.append(str(names["src"]))
        if tag == "style":
            self.found.append("inline <style>")
        self.found += [f"{tag} {name}=" for name in names if name.startswith("on") or name == "style"]


def _policy(response: httpx.Response) -> dict[str, str]:
    csp = response.headers["content-security-policy"]
    return {part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2] for part in csp.split(";") if part.strip()}


def test_every_response_carries_a_strict_content_security_policy(server: str) -> None:
    responses = [httpx.get(server + "/"), httpx.get(server + "/api/events"), httpx.get(server + "/static/app.js"),
                 httpx.get(server + "/api/summary"), httpx.get(server + "/api/events/nope"),
                 httpx.get(server + "/api/events", params={"since": "garbage"}),
                 httpx.get(server + "/api/events", headers={"Host": "evil.example"}),
                 httpx.get(server + "/openapi.json")]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 404, 422, 400, 200]
    for response in responses:
        policy = _policy(response)
        assert policy["default-src"] == "'none'"
        for directive in ("script-src", "style-src", "connect-src", "img-src"):
            assert policy[directive] == "'self'", (response.url, directive)
        assert policy["frame-ancestors"] == "'none'" and policy["base-uri"] == "'none'"
        assert policy["form-action"] == "'self'"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"


def test_dashboard_needs_nothing_the_policy_forbids(server: str) -> None:
    page = _Inline()
    page.feed(httpx.get(server + "/").text)
    assert page.found == []
    assert page.scripts == ["/static/app.js"]
    for src in page.scripts:
        assert httpx.get(server + src).status_code == 200


@pytest.mark.issue(14)
@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_are_served_offline(server: str, path: str) -> None:
    response = httpx.get(server + path)
    assert response.status_code == 200 and "https://" not in response.text  # no CDN, no web font
    assets = [src for src in ("/static/docs/swagger-ui-bundle.js", "/static/docs/swagger-ui.css",
                              "/static/docs/redoc.standalone.js") if src in response.text]
    assert assets
    for src in assets:
        asset = httpx.get(server + src)
        assert asset.status_code == 200 and len(asset.content) > 10_000
    policy = _policy(response)
    assert "https:" not in response.headers["content-security-policy"]
    assert policy["script-src"] == "'self' 'unsafe-inline'"  # FastAPI's pages start with an inline script
    assert policy["connect-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert httpx.get(server + "/openapi.json").json()["openapi"].startswith("3.1")


# -- the store is read, never written ---------------------------------------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_serving_never_writes_the_store(store: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copyfile(store, db)
    before = _digest(db)
    with serving(db) as base:
        events = httpx.get(base + "/api/events").json()["events"]
        answers = [httpx.get(base + "/api/summary", params={"actor_name": "obama"}),
                   httpx.get(base + f"/api/articles/{events[0]['article_id']}"),
                   httpx.get(base + "/api/timeline", params={"level": "group"}),
                   httpx.get(base + "/api/geo"), httpx.get(base + "/api/actors", params={"q": "med"}),
                   httpx.get(base + f"/api/groups/{events[0]['group']['group_id']}"),
                   httpx.get(base + "/api/export", params={"format": "parquet"}),
                   httpx.get(base + "/api/export", params={"format": "csv", "level": "group"})]
        assert [a.status_code for a in answers] == [200] * len(answers)
    assert _digest(db) == before


def test_a_store_that_cannot_be_read_is_503_with_a_message(store: Path, tmp_path: Path) -> None:
    db = tmp_path / "broken.db"
    shutil.copyfile(store, db)
    with sqlite3.connect(db) as conn:
        article_id = conn.execute("SELECT article_id FROM articles LIMIT 1").fetchone()[0]
        conn.execute("DROP TABLE events")
    with serving(db) as base:
        for path in ("/api/events", "/api/summary", "/api/events/some-id", "/api/events"):
            response = httpx.get(base + path)
            assert response.status_code == 503, path
            detail = response.json()["detail"]
            assert detail.startswith("the store cannot be read: EW400 ") and "no such table: events" in detail
        assert httpx.get(base + f"/api/articles/{article_id}").status_code == 200
