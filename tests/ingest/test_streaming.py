"""Readers stream inputs of any size and turn every broken input into one named error (issue 10)."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import threading
from pathlib import Path

import pytest

from eventwire import Article
from eventwire.config import Settings
from eventwire.errors import EmptyArticle, InputError, MalformedRecord, TooLarge, UnsupportedEncoding
from eventwire.ingest import read_articles
from tests.conftest import run_cli

pytestmark = pytest.mark.issue(10)

TEXT = "Police arrested 15 protesters in Cairo on Monday, officials said."


def _record(n: int, **fields: object) -> str:
    return json.dumps({"id": f"r{n}", "text": f"{TEXT} Report {n}.", **fields})


def _read(*paths: Path, settings: Settings | None = None) -> list[Article | InputError]:
    return list(read_articles([str(p) for p in paths], settings or Settings()))


def _ids(items: list[Article | InputError]) -> list[str]:
    return [item.id for item in items if isinstance(item, Article)]


def _errors(items: list[Article | InputError]) -> list[InputError]:
    return [item for item in items if isinstance(item, InputError)]


def test_ingest_jsonl_splits_on_newline_only(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [_record(1), json.dumps({"id": "r2", "text": f"{TEXT}\u2028Next line\u0085and\u2029more."},
                                    ensure_ascii=False), "{broken", _record(4)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(path)
    assert _ids(items) == ["r1", "r2", "r4"]
    (error,) = _errors(items)
    assert error.where == f"{path}:3"  # line numbers count "\n" only
    assert "\u2028" in next(a for a in items if isinstance(a, Article) and a.id == "r2").text


def test_ingest_jsonl_of_any_total_size_is_read_record_by_record(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    padding = " " * 6_000_000 + "\n"  # blank lines: 30 MB in all, more than any one article may take
    path.write_text(_record(1) + "\n" + padding * 5 + _record(2) + "\n", encoding="utf-8")
    assert path.stat().st_size > Settings().max_bytes
    assert _ids(_read(path)) == ["r1", "r2"]


def test_ingest_jsonl_line_longer_than_an_article_is_refused_and_the_next_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_text(_record(1) + "\n" + _record(2, title="x" * 2000) + "\n" + _record(3) + "\n", encoding="utf-8")
    items = _read(path, settings=Settings(max_bytes=1000))
    assert _ids(items) == ["r1", "r3"]
    (error,) = _errors(items)
    assert isinstance(error, TooLarge) and error.where == f"{path}:2" and "MB one article may take" in error.reason


def test_ingest_article_longer_than_the_text_limit_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_text(_record(1) + "\n" + json.dumps({"id": "r2", "text": "word " * 250_000}) + "\n",
                    encoding="utf-8")
    items = _read(path)
    (error,) = _errors(items)
    assert isinstance(error, TooLarge) and error.where == f"{path}:2"
    assert "1,250,000 characters long, more than the 1,000,000" in error.reason


def test_ingest_corrupt_gzip_keeps_the_records_before_the_damage(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    data = bytearray(gzip.compress("".join(_record(n) + "\n" for n in range(1, 400)).encode()))
    for offset in range(len(data) // 2, len(data) // 2 + 64):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    items = _read(path)
    ids = _ids(items)
    assert 0 < len(ids) < 399 and ids == [f"r{n}" for n in range(1, len(ids) + 1)]
    (error,) = _errors(items)
    assert error.code == "EW203" and error.where == f"{path}:{len(ids) + 1}"
    assert "corrupt gzip data" in error.reason or "ends early" in error.reason


def test_ingest_truncated_gzip_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    records = "".join(_record(n, url=f"https://news.example/{hashlib.sha256(str(n).encode()).hexdigest()}") + "\n"
                      for n in range(1, 3000))
    path.write_bytes(gzip.compress(records.encode())[:-30])  # more than one read buffer, then cut
    items = _read(path)
    assert _ids(items)
    assert ["ends early" in e.reason for e in _errors(items)] == [True]


@pytest.mark.parametrize(("field", "value", "words"), [
    ("url", 12345, "'url' is a number"),
    ("title", ["a", "list"], "'title' is an array"),
    ("source", {"name": "AP"}, "'source' is an object"),
    ("id", {"x": 1}, "'id' is an object"),
])
def test_ingest_jsonl_field_of_the_wrong_type_is_ignored_with_a_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, field: str, value: object, words: str) -> None:
    path = tmp_path / "feed.jsonl"
    record = {"text": TEXT, field: value} if field == "id" else {"id": "r1", "text": TEXT, field: value}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (article,) = _read(path)
    assert isinstance(article, Article)
    assert getattr(article, field) is None or field == "id"
    assert any(words in message for message in caplog.messages), caplog.messages


def test_ingest_jsonl_lone_surrogate_becomes_a_replacement_character(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "r1", "text": "Police \\ud800arrested 15 protesters in Cairo."}\n', encoding="utf-8")
    (article,) = _read(path)
    assert isinstance(article, Article) and article.text == "Police \ufffdarrested 15 protesters in Cairo."
    article.text.encode("utf-8")  # storable
    assert any("lone surrogate" in message for message in caplog.messages)


def test_ingest_jsonl_deeply_nested_record_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n" + _record(2) + "\n", encoding="utf-8")
    items = _read(path)
    assert _ids(items) == ["r2"]
    (error,) = _errors(items)
    assert isinstance(error, MalformedRecord) and "nested too deeply" in error.reason


def test_ingest_jsonl_text_that_is_not_a_string_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "r1", "text": ["a"]}) + "\n", encoding="utf-8")
    (error,) = _read(path)
    assert isinstance(error, MalformedRecord) and "'text' must be a string, not an array" in error.reason


def test_ingest_utf16_text_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(f"Protest in Cairo\n\n{TEXT}\n".encode("utf-16"))
    (article,) = _read(path)
    assert isinstance(article, Article) and article.title == "Protest in Cairo"


def test_ingest_utf16_jsonl_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "utf16.jsonl"
    path.write_bytes((_record(1) + "\n" + _record(2) + "\n").encode("utf-16"))
    assert _ids(_read(path)) == ["r1", "r2"]


def test_ingest_utf16_without_a_byte_order_mark_is_named(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(f"Protest in Cairo\n\n{TEXT}\n".encode("utf-16-le"))
    (error,) = _read(path)
    assert isinstance(error, UnsupportedEncoding) and "UTF-16" in error.reason


def test_ingest_only_invisible_characters_is_an_empty_article(tmp_path: Path) -> None:
    path = tmp_path / "zw.txt"
    path.write_text("\u200b\u200b\ufeff\u2060\n\u200b\n", encoding="utf-8")
    (error,) = _read(path)
    assert isinstance(error, EmptyArticle) and "no visible text" in error.reason


def test_ingest_jsonl_with_no_records_says_so(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n\n  \n", encoding="utf-8")
    (error,) = _read(path)
    assert isinstance(error, EmptyArticle) and "no records" in error.reason


def test_ingest_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "pipe.jsonl"
    os.mkfifo(path)
    result: list[list[Article | InputError]] = []
    reader = threading.Thread(target=lambda: result.append(_read(path)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # free the reader, then fail: it waited for a writer
        with open(path, "w"):
            pass
        pytest.fail("reading a FIFO given as a path waits for a writer")
    (error,) = result[0]
    assert isinstance(error, InputError) and "named pipe (FIFO)" in error.reason and "give -" in error.reason


def _warc(tmp_path: Path, n: int = 2) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for i in range(n):
        body = " ".join([f"Rebels attacked an army post near Goma, killing {i + 2} soldiers, officials said."] * 6)
        html = f"<html><head><title>Attack {i}</title></head><body><article><p>{body}</p></article></body></html>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://news.example/{i}", "response",
                                                      payload=io.BytesIO(html.encode()), http_headers=headers))
    return buffer.getvalue()


def test_ingest_truncated_final_warc_record_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(_warc(tmp_path)[:-300])
    items = _read(path)
    assert [a.title for a in items if isinstance(a, Article)] == ["Attack 0"]
    (error,) = _errors(items)
    assert isinstance(error, MalformedRecord) and "record 2 at offset" in error.where
    assert "truncated" in error.reason


def test_ingest_junk_after_a_warc_header_is_reported(tmp_path: Path) -> None:
    data = _warc(tmp_path, 1)
    path = tmp_path / "crawl.warc"
    path.write_bytes(data[:data.index(b"\r\n\r\n") + 4] + b"\x00\xff" * 900)
    (error,) = _read(path)
    assert isinstance(error, MalformedRecord) and "without an HTTP response" in error.reason


def test_ingest_warc_with_no_readable_record_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(_warc(tmp_path, 1)[:200] + b"junk " * 100)
    (error,) = _read(path)
    assert isinstance(error, MalformedRecord) and "no WARC record could be read" in error.reason


def test_ingest_error_line_stays_one_line_for_a_file_name_with_a_newline(tmp_path: Path) -> None:
    path = tmp_path / "notes\nfinal.txt"
    path.write_bytes(b"")
    result = run_cli("extract", str(path))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "notes\\nfinal.txt: the file is empty" in result.stderr


def test_ingest_a_few_stray_nul_bytes_are_dropped_and_binary_is_refused(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes(f"Protest in Cairo\n\n{TEXT}\x00 More text.\n".encode())
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    article, error = _read(damaged, binary)
    assert isinstance(article, Article) and "\x00" not in article.text and "More text." in article.text
    assert any("1 stray NUL byte(s) dropped" in message for message in caplog.messages)
    assert isinstance(error, InputError) and "binary data" in error.reason
