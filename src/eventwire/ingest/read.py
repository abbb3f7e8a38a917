"""Turn paths into Articles: pasted text, HTML, JSON Lines, WARC, folders, standard input.

Bad input is normal in a batch: the reader yields an :class:`InputError` naming the file (and line or
record) and the reason, and goes on with the rest.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from eventwire.config import Settings
from eventwire.document import Article, make_article_id
from eventwire.errors import (
    EmptyArticle,
    InputError,
    MalformedRecord,
    NotAnArticle,
    TooLarge,
    UnsupportedEncoding,
    UnsupportedInput,
)
from eventwire.ingest.dateline import parse_date
from eventwire.ingest.html import extract_html
from eventwire.ingest.language import detect_language, is_unsupported_language
from eventwire.ingest.text import assemble, split_pasted

KINDS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl",
         ".warc": "warc"}
Item = Article | InputError


def _kind_of(path: Path) -> tuple[str | None, bool]:
    """(kind, gzipped) from the file name: a.html, a.html.gz, a.warc.gz."""
    suffixes = [s.lower() for s in path.suffixes]
    gzipped = bool(suffixes) and suffixes[-1] == ".gz"
    if gzipped:
        suffixes = suffixes[:-1]
    return (KINDS.get(suffixes[-1]) if suffixes else None), gzipped


def _sniff(data: bytes) -> str:
    """Kind of standard input, from its first bytes."""
    head = data.lstrip()[:512]
    if head.startswith(b"WARC/"):
        return "warc"
    if head[:1] == b"{":
        return "jsonl"
    if re.match(rb"(?is)<(!doctype|html|head|body|meta|div|article|p)\b", head):
        return "html"
    return "text"


def _is_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnsupportedEncoding(
            where, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                   "convert it first, e.g. iconv -f cp1252 -t utf-8"
        ) from exc


def _check_size(size: int, where: str, settings: Settings) -> None:
    if size > settings.max_bytes:
        raise TooLarge(where, f"{size / 1e6:.1f} MB is larger than the {settings.max_bytes / 1e6:.0f} MB limit "
                              "for one input; split it or pass JSON Lines")


def _finish(article: Article, where: str) -> Article:
    """Language check, shared by every input kind."""
    if not article.text.strip():
        raise EmptyArticle(where, "no text")
    language = article.language or detect_language(article.text)
    if is_unsupported_language(article.text, language):
        raise UnsupportedInput(where, f"language {language!r} is not supported; eventwire codes English text")
    if language != article.language:
        from dataclasses import replace

        article = replace(article, language=language)
    return article


def article_from_text(text: str, where: str, *, day_first: bool = True, url: str | None = None) -> Article:
    """A pasted article: title line, optional dateline, body."""
    if not text.strip():
        raise EmptyArticle(where, "the file is empty")
    pasted = split_pasted(text, day_first=day_first)
    full, body_start = assemble(pasted.title, pasted.paragraphs)
    return _finish(Article(id=make_article_id(url, full), text=full, title=pasted.title,
                           published=pasted.published, url=url, origin=where, body_start=body_start), where)


def article_from_html(html: str | bytes, where: str, *, url: str | None = None,
                      published: str | None = None) -> Article:
    if not (html.strip() if isinstance(html, str) else html.strip()):
        raise EmptyArticle(where, "the file is empty")
    found = extract_html(html, url=url)
    if found is None:
        raise NotAnArticle(where, "no main text found in the HTML (no body, or only navigation)")
    full, body_start = assemble(found.title, found.paragraphs)
    page_url = url or found.url
    return _finish(Article(id=make_article_id(page_url, full), text=full, title=found.title,
                           published=published or found.published, url=page_url, source=found.site,
                           author=found.author, origin=where, body_start=body_start), where)


def article_from_record(record: dict[str, Any], where: str, settings: Settings) -> Article:
    """One JSON Lines record: ``id``, ``text`` or ``html``, optional ``title``, ``published``, ``url``."""
    if not isinstance(record, dict):
        raise MalformedRecord(where, f"expected a JSON object, got {type(record).__name__}")
    url = record.get("url") or None
    published = _published(record.get("published") or record.get("date") or None, where, settings)
    if isinstance(record.get("text"), str):
        text = record["text"]
        if not text.strip():
            raise EmptyArticle(where, "the record's text is empty")
        article_id = str(record.get("id") or make_article_id(url, text))
        return _finish(Article(id=article_id, text=text, title=record.get("title"), published=published, url=url,
                               source=record.get("source"), origin=where), where)
    if isinstance(record.get("html"), str):
        article = article_from_html(record["html"], where, url=url, published=published)
        if record.get("id"):
            from dataclasses import replace

            article = replace(article, id=str(record["id"]))
        return article
    raise MalformedRecord(where, "the record has neither a 'text' nor an 'html' string field")


def _published(value: Any, where: str, settings: Settings) -> str | None:
    """A record's publication time as ISO: ISO as given, or a news form ("July 5, 2019") read like a dateline."""
    if value is None:
        return None
    text = str(value).strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return text
    found = parse_date(text, day_first=settings.day_first)
    if found is None:
        raise MalformedRecord(where, f"'published' is not a date: {text!r} (use YYYY-MM-DD or ISO 8601)")
    return found[0]


def _read_jsonl(data: str, where: str, settings: Settings) -> Iterator[Item]:
    for lineno, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        here = f"{where}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield MalformedRecord(here, f"not JSON ({exc.msg} at column {exc.colno})")
            continue
        try:
            yield article_from_record(record, here, settings)
        except InputError as err:
            yield err


def _read_warc(stream: io.BufferedIOBase | io.BytesIO, where: str) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        for n, record in enumerate(ArchiveIterator(stream), 1):
            if record.rec_type != "response":
                continue
            content_type = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in content_type.lower():
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            here = f"{where}#record{n}({url})"
            try:
                payload = record.content_stream().read()
                yield article_from_html(payload, here, url=url)
            except InputError as err:
                yield err
    except ArchiveLoadFailed as exc:
        yield UnsupportedInput(where, f"not a readable WARC archive ({exc})")


def read_bytes(data: bytes, kind: str, where: str, settings: Settings) -> Iterator[Item]:
    """Articles from the bytes of one input of a known kind."""
    try:
        if not data.strip():
            raise EmptyArticle(where, "the file is empty")
        if kind == "warc":
            yield from _read_warc(io.BytesIO(data), where)
            return
        if _is_binary(data):
            raise UnsupportedInput(where, "binary data, not text (found NUL bytes)")
        if kind == "html":
            yield article_from_html(data, where)
            return
        text = _decode(data, where)
        if kind == "jsonl":
            yield from _read_jsonl(text, where, settings)
        else:
            yield article_from_text(text, where, day_first=settings.day_first)
    except InputError as err:
        yield err


def read_path(path: Path, settings: Settings, *, explicit: bool = True) -> Iterator[Item]:
    where = str(path)
    kind, gzipped = _kind_of(path)
    if kind is None:
        if explicit:
            yield UnsupportedInput(where, f"unknown file type {path.suffix or '(no extension)'!r}; use .txt, "
                                          ".html/.htm, .jsonl, .warc/.warc.gz (optionally .gz)")
        return
    try:
        _check_size(path.stat().st_size, where, settings)
        if gzipped and kind != "warc":
            with gzip.open(path, "rb") as handle:
                data = handle.read(settings.max_bytes + 1)
            _check_size(len(data), where, settings)
        else:
            data = path.read_bytes()
    except InputError as err:
        yield err
        return
    except (OSError, EOFError) as exc:
        yield UnsupportedInput(where, f"cannot read it ({getattr(exc, 'strerror', None) or exc})")
        return
    yield from read_bytes(data, kind, where, settings)


def _walk(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
            yield path


def read_articles(paths: Iterable[str], settings: Settings | None = None) -> Iterator[Item]:
    """Every article in ``paths`` (files, folders, ``-``), or an InputError for each bad input."""
    settings = settings or Settings()
    for name in paths:
        if name == "-":
            data = sys.stdin.buffer.read(settings.max_bytes + 1)
            try:
                _check_size(len(data), "<stdin>", settings)
            except InputError as err:
                yield err
                continue
            yield from read_bytes(data, _sniff(data), "<stdin>", settings)
            continue
        path = Path(name)
        if path.is_dir():
            for child in _walk(path):
                yield from read_path(child, settings, explicit=False)
        elif path.exists():
            yield from read_path(path, settings)
        else:
            yield UnsupportedInput(name, "no such file or folder")
