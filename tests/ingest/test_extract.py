"""Issue 2: pasted-text and HTML extraction, as a person would read the page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.ingest import read_articles
from eventwire.ingest.dateline import parse_dateline
from eventwire.ingest.text import split_pasted
from tests.conftest import run_cli


@pytest.mark.issue(2)
def test_extract_seed_article_reads_title_dateline_and_clean_body(seed_path: Path) -> None:
    result = run_cli("extract", str(seed_path))
    assert result.returncode == 0, result.stderr
    (article,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert article["title"] == "Ankara urges Moscow to restrain Syrian regime in Idlib"
    assert article["published"] == "2019-07-05T00:07"
    assert "Share on Facebook" not in article["text"]
    assert "Published" not in article["text"]
    assert "\n‘Haftar has no humanitarian concerns'\n" in article["text"]
    assert article["text"].startswith(article["title"] + "\n\n")
    assert article["text"][article["body_start"]:].startswith("Ankara called on Moscow")
    assert article["language"] == "en"
    assert article["id"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published 05.07.2019 00:07", "2019-07-05T00:07"),
        ("Updated 05.07.2019", "2019-07-05"),
        ("July 5, 2019", "2019-07-05"),
        ("5 July 2019 10:30 GMT", "2019-07-05T10:30"),
        ("2019-07-05T00:07:00Z", "2019-07-05T00:07"),
        ("Last updated: Sept. 17, 2018 at 3:40 p.m.", "2018-09-17T15:40"),
        ("07.25.2019", "2019-07-25"),  # day-first is impossible, so month-first
        ("Friday, July 5, 2019", "2019-07-05"),
    ],
)
def test_ingest_dateline_forms(line: str, expected: str) -> None:
    found = parse_dateline(line)
    assert found is not None and found.value == expected


def test_ingest_dateline_month_first_setting() -> None:
    found = parse_dateline("Published 05.07.2019", day_first=False)
    assert found is not None and found.value == "2019-05-07"


def test_ingest_sentence_with_a_date_is_not_a_dateline() -> None:
    assert parse_dateline("The Sochi agreement was reached on Sept. 17, 2018 between Turkey and Russia.") is None


def test_ingest_text_without_blank_lines_keeps_one_paragraph_a_line() -> None:
    pasted = split_pasted("Title here\nJuly 5, 2019\nFirst paragraph.\nSecond paragraph.\nAdvertisement\nThird one.")
    assert pasted.title == "Title here"
    assert pasted.published == "2019-07-05"
    assert pasted.paragraphs == ["First paragraph.", "Second paragraph.", "Third one."]


def test_ingest_hard_wrapped_lines_are_joined_and_related_section_dropped() -> None:
    text = ("Title\n\nThe minister said the talks\nwould resume on Monday.\n\nRelated\n\nAnother story headline\n")
    assert split_pasted(text).paragraphs == ["The minister said the talks would resume on Monday."]


def test_ingest_html_page_gives_title_date_site_and_text(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    body = " ".join(["The foreign minister met his counterpart in Ankara on Tuesday to discuss the crisis."] * 8)
    page.write_text(
        "<html><head><title>Ministers meet in Ankara</title>"
        '<meta property="og:site_name" content="Example News">'
        '<meta property="article:published_time" content="2021-03-02T10:00:00Z"></head>'
        f"<body><nav>Home | World</nav><article><h1>Ministers meet in Ankara</h1><p>{body}</p>"
        f"<p>{body}</p></article><footer>Share on Facebook</footer></body></html>", encoding="utf-8")
    (article,) = list(read_articles([str(page)], Settings()))
    assert not isinstance(article, Exception)
    assert article.title == "Ministers meet in Ankara"
    assert article.published and article.published.startswith("2021-03-02")
    assert article.source == "Example News"
    assert "discuss the crisis" in article.body and "Home | World" not in article.text


def test_ingest_jsonl_text_is_used_as_given(tmp_path: Path) -> None:
    text = "Police arrested 15 protesters in Cairo on Monday.  Two  spaces stay."
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a1", "text": text, "published": "2020-01-06"}) + "\n", encoding="utf-8")
    (article,) = list(read_articles([str(path)], Settings()))
    assert not isinstance(article, Exception)
    assert (article.id, article.text, article.published) == ("a1", text, "2020-01-06")


def test_ingest_stdin_and_folder(tmp_path: Path, seed_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(seed_path.read_bytes())
    (folder / "notes.md").write_text("ignored in folders", encoding="utf-8")
    from_folder = run_cli("extract", str(folder))
    from_stdin = run_cli("extract", "-", stdin=seed_path.read_bytes())
    assert from_folder.returncode == from_stdin.returncode == 0
    assert json.loads(from_folder.stdout)["id"] == json.loads(from_stdin.stdout)["id"]


def test_ingest_warc_response_records(tmp_path: Path) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    body = " ".join(["Rebels attacked an army post near Goma, killing three soldiers, officials said."] * 6)
    html = f"<html><head><title>Attack near Goma</title></head><body><article><p>{body}</p></article></body></html>"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://news.example/goma", "response",
                                                      payload=BytesIO(html.encode()), http_headers=headers))
    (article,) = list(read_articles([str(path)], Settings()))
    assert not isinstance(article, Exception)
    assert article.url == "https://news.example/goma" and "Goma" in article.text


@pytest.mark.slow
def test_eval_extraction_meets_the_benchmark_floor(shared: Path) -> None:
    result = run_cli("eval", "extraction", str(shared / "data/extraction/aeb_dev"))
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["pages"] == 98
    assert scores["f1"] >= 0.96
