"""Turn paths into Articles: pasted text, HTML, JSON Lines, WARC, folders, standard input.

Inputs are streamed, so a file may be of any size: JSON Lines is read line by line, split on ``\\n`` only as
the format defines it (a U+2028 inside a JSON string breaks nothing), and a WARC archive record by record.
One article may take at most ``Settings.max_bytes`` of input (a ``.txt`` or ``.html`` file, a JSON Lines
line, a WARC record's payload) and ``Settings.max_chars`` of text; a larger one is refused, by name.

Bad input is normal in a batch: the reader yields an :class:`InputError` naming the file and line (or WARC
record and its byte offset) and the reason, and goes on with the rest. A stream that breaks part way (corrupt
gzip data, a truncated final record) is reported where it broke; what was read before it stands.

The reader detects each article's language but refuses none: only the coding stages need English
(:func:`check_codable`), so ``eventwire extract`` works on pages in any language.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import logging
import re
import stat
import sys
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from contextlib import redirect_stderr
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

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
    one_line,
)
from eventwire.ingest.dateline import parse_date
from eventwire.ingest.html import extract_html
from eventwire.ingest.language import detect_language, is_unsupported_language
from eventwire.ingest.text import assemble, split_pasted

log = logging.getLogger(__name__)

KINDS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl",
         ".warc": "warc"}
Item = Article | InputError

# Errors of the stream itself (not of one record): corrupt or truncated gzip data, an I/O error.
_STREAM_ERRORS = (OSError, EOFError, zlib.error)
_CHUNK = 1 << 20
# Byte-order marks, longest first (UTF-32 LE starts with UTF-16 LE's mark).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_STRING_FIELDS = ("title", "url", "source", "author")


class _StreamBroken(Exception):
    """The input stream failed part way; nothing more can be read from it."""

    def __init__(self, exc: BaseException) -> None:
        super().__init__(_stream_reason(exc))


def _stream_reason(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "the compressed stream ends early (a truncated file?)"
    if isinstance(exc, zlib.error | gzip.BadGzipFile):
        return f"corrupt gzip data ({exc})"
    return f"cannot read it ({getattr(exc, 'strerror', None) or exc})"


def _kind_of(path: Path) -> tuple[str | None, bool]:
    """(kind, gzipped) from the file name: a.html, a.html.gz, a.warc.gz."""
    suffixes = [s.lower() for s in path.suffixes]
    gzipped = bool(suffixes) and suffixes[-1] == ".gz"
    if gzipped:
        suffixes = suffixes[:-1]
    return (KINDS.get(suffixes[-1]) if suffixes else None), gzipped


def _sniff(head: bytes) -> str:
    """Kind of standard input, from its first bytes."""
    head = head.lstrip()[:512]
    if head.startswith(b"WARC/"):
        return "warc"
    if head[:1] == b"{":
        return "jsonl"
    if re.match(rb"(?is)<(!doctype|html|head|body|meta|div|article|p)\b", head):
        return "html"
    return "text"


# -- bytes to text ---------------------------------------------------------------------------------------------

def _bom_encoding(data: bytes) -> str | None:
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte of Latin text is NUL."""
    head = data[:4096]
    if len(head) < 8:
        return False
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return max(even, odd) > 0.3 * (len(head) // 2) and min(even, odd) < 0.05 * (len(head) // 2)


_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 27)) + bytes(range(28, 32))


def _without_stray_nuls(data: bytes, where: str) -> bytes:
    """``data`` checked for binary content; a few stray NUL bytes in text (a damaged page) are dropped.

    Raises:
        UnsupportedEncoding: UTF-16 text without a byte-order mark.
        UnsupportedInput: binary data (many NUL or other control bytes).
    """
    head = data[:8192]
    if b"\x00" not in head:
        return data
    if _looks_like_utf16(data):
        raise UnsupportedEncoding(where, "UTF-16 text without a byte-order mark; convert it first, e.g. "
                                         "iconv -f UTF-16LE -t UTF-8")
    controls = sum(head.count(byte) for byte in _CONTROL_BYTES)
    if controls > max(4, 0.01 * len(head)):
        raise UnsupportedInput(where, "binary data, not text (found NUL and other control bytes)")
    count = data.count(b"\x00")
    log.warning("%s: %d stray NUL byte(s) dropped from the text", one_line(where), count)
    return data.replace(b"\x00", b"")


def _decode(data: bytes, where: str) -> str:
    """Text of a file: UTF-8, or UTF-16/32 with a byte-order mark."""
    encoding = _bom_encoding(data)
    if encoding is None:
        data = _without_stray_nuls(data, where)
        encoding = "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        name = encoding.replace("-sig", "").upper()
        raise UnsupportedEncoding(
            where, f"not valid {name} (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                   "convert it first, e.g. iconv -f cp1252 -t utf-8"
        ) from exc


def _has_visible_text(text: str) -> bool:
    """True unless the text is only white space and invisible characters (U+200B, U+FEFF, controls)."""
    return any(not char.isspace() and unicodedata.category(char) not in ("Cf", "Cc", "Zs") for char in text)


def _too_large(size: int, where: str, settings: Settings) -> TooLarge:
    return TooLarge(where, f"{size / 1e6:.1f} MB is more than the {settings.max_bytes / 1e6:.0f} MB one article "
                           "may take; split it (a JSON Lines file or a WARC archive may be of any size)")


def _read_article_bytes(stream: IO[bytes], where: str, settings: Settings) -> bytes:
    """All of a one-article stream, refused past ``settings.max_bytes``."""
    data = stream.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        raise _too_large(len(data), where, settings)
    return data


# -- articles --------------------------------------------------------------------------------------------------

def _finish(article: Article, where: str, settings: Settings) -> Article:
    """Checks shared by every input kind: visible text, its length; the language, detected."""
    if not article.text.strip():
        raise EmptyArticle(where, "no text")
    if not _has_visible_text(article.text):
        raise EmptyArticle(where, "no visible text (only white space and invisible characters such as U+200B)")
    _check_length(article.text, where, settings)
    language = article.language or detect_language(article.text)
    return article if language == article.language else replace(article, language=language)


def _check_length(text: str, where: str, settings: Settings) -> None:
    if len(text) > settings.max_chars:
        raise TooLarge(where, f"the article is {len(text):,} characters long, more than the "
                              f"{settings.max_chars:,} one article may have; split it")


def check_codable(article: Article, settings: Settings) -> None:
    """Refuse an article the coding stages cannot take: longer than ``settings.max_chars``, or confidently
    not in English.

    Raises:
        TooLarge: (EW204) the text is too long.
        UnsupportedInput: (EW203) the article's language is not supported, named in the message.
    """
    where = article.origin or article.id
    _check_length(article.text, where, settings)
    language = article.language or detect_language(article.text)
    if is_unsupported_language(article.text, language):
        raise UnsupportedInput(where, f"language {language!r} is not supported; eventwire codes English text "
                                      "(eventwire extract reads any language)")


def article_from_text(text: str, where: str, *, day_first: bool = True, url: str | None = None,
                      settings: Settings | None = None) -> Article:
    """A pasted article: title line, optional dateline, body."""
    if not text.strip():
        raise EmptyArticle(where, "the file is empty")
    pasted = split_pasted(text, day_first=day_first)
    full, body_start = assemble(pasted.title, pasted.paragraphs)
    return _finish(Article(id=make_article_id(url, full), text=full, title=pasted.title,
                           published=pasted.published, url=url, origin=where, body_start=body_start), where,
                   settings or Settings())


def article_from_html(html: str | bytes, where: str, *, url: str | None = None, published: str | None = None,
                      settings: Settings | None = None) -> Article:
    """A web page: its main text and metadata (trafilatura)."""
    if not html.strip():
        raise EmptyArticle(where, "the file is empty")
    if isinstance(html, bytes) and _bom_encoding(html) is not None:
        html = _decode(html, where)  # UTF-16 pages carry a byte-order mark; trafilatura reads str as it is
    if isinstance(html, bytes):
        html = _without_stray_nuls(html, where)
    found = extract_html(html, url=url)
    if found is None:
        raise NotAnArticle(where, "no main text found in the HTML (no body, or only navigation)")
    full, body_start = assemble(found.title, found.paragraphs)
    page_url = url or found.url
    return _finish(Article(id=make_article_id(page_url, full), text=full, title=found.title,
                           published=published or found.published, url=page_url, source=found.site,
                           author=found.author, origin=where, body_start=body_start), where, settings or Settings())


def _optional_string(record: dict[str, Any], name: str, where: str) -> str | None:
    """A metadata field that must be a string; any other value is ignored, with a warning, so that a bad
    title never costs the article its events."""
    value = record.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        log.warning("%s: '%s' is %s, not a string; ignored", one_line(where), name, _json_type(value))
        return None
    return value


def _json_type(value: Any) -> str:
    return {dict: "an object", list: "an array", bool: "true/false", int: "a number", float: "a number",
            str: "a string"}.get(type(value), type(value).__name__)


def _record_id(record: dict[str, Any], where: str) -> str | None:
    value = record.get("id")
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        log.warning("%s: 'id' is %s, not a string or a whole number; ignored (the id is derived from the url or "
                    "the text)", one_line(where), _json_type(value))
        return None
    return str(value)


def _mend_surrogates(record: dict[str, Any], where: str) -> dict[str, Any]:
    """Lone surrogates (a JSON escape such as \\ud800 with no partner) are no characters: each becomes U+FFFD,
    which keeps every offset, and the record is kept (with a warning) rather than lost."""
    mended = dict(record)
    for name, value in record.items():
        if isinstance(value, str) and _LONE_SURROGATE.search(value):
            mended[name], count = _LONE_SURROGATE.subn("\ufffd", value)
            log.warning("%s: '%s' held %d lone surrogate(s) (not Unicode characters); replaced with U+FFFD",
                        one_line(where), name, count)
    return mended


def article_from_record(record: Any, where: str, settings: Settings) -> Article:
    """One JSON Lines record: ``id``, ``text`` or ``html``, optional ``title``, ``published``, ``url``,
    ``source``, ``author``, each a string (``id`` may be a number)."""
    if not isinstance(record, dict):
        raise MalformedRecord(where, f"expected a JSON object, got {_json_type(record)}")
    record = _mend_surrogates(record, where)
    title, url, source, author = (_optional_string(record, name, where) for name in _STRING_FIELDS)
    article_id = _record_id(record, where)
    published = _published(record.get("published") or record.get("date") or None, where, settings)
    text, html = record.get("text"), record.get("html")
    if text is not None and not isinstance(text, str):
        raise MalformedRecord(where, f"'text' must be a string, not {_json_type(text)}")
    if html is not None and not isinstance(html, str):
        raise MalformedRecord(where, f"'html' must be a string, not {_json_type(html)}")
    if text is not None:
        if not text.strip():
            raise EmptyArticle(where, "the record's text is empty")
        return _finish(Article(id=article_id or make_article_id(url, text), text=text, title=title,
                               published=published, url=url, source=source, author=author, origin=where), where,
                       settings)
    if html is not None:
        article = article_from_html(html, where, url=url, published=published, settings=settings)
        return replace(article, id=article_id or article.id, title=title or article.title,
                       source=source or article.source, author=author or article.author)
    raise MalformedRecord(where, "the record has neither a 'text' nor an 'html' string field")


def _published(value: Any, where: str, settings: Settings) -> str | None:
    """A record's publication time as ISO: ISO as given, or a news form ("July 5, 2019") read like a dateline."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedRecord(where, f"'published' must be a date string (YYYY-MM-DD or ISO 8601), not "
                                     f"{_json_type(value)}")
    text = value.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return text
    found = parse_date(text, day_first=settings.day_first)
    if found is None:
        raise MalformedRecord(where, f"'published' is not a date: {text[:80]!r} (use YYYY-MM-DD or ISO 8601)")
    return found[0]


# -- JSON Lines ------------------------------------------------------------------------------------------------

def _byte_lines(stream: IO[bytes], settings: Settings) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) of a byte stream split on b"\\n" only; None for a line longer than one article may be
    (its bytes are skipped, not kept). Raises _StreamBroken when the stream fails."""
    lineno = 0
    try:
        while True:
            line = stream.readline(settings.max_bytes + 1)
            if not line:
                return
            lineno += 1
            if len(line) > settings.max_bytes and not line.endswith(b"\n"):
                while (rest := stream.readline(_CHUNK)) and not rest.endswith(b"\n"):
                    pass
                yield lineno, None
                continue
            yield lineno, line
    except _STREAM_ERRORS as exc:
        raise _StreamBroken(exc) from exc


def _text_lines(stream: IO[bytes], encoding: str, settings: Settings) -> Iterator[tuple[int, bytes | None]]:
    """The lines of a JSON Lines stream in UTF-16/32 (with a byte-order mark), re-encoded as UTF-8."""
    text = io.TextIOWrapper(stream, encoding=encoding, newline="\n")
    lineno = 0
    try:
        while line := text.readline(settings.max_bytes + 1):
            lineno += 1
            yield lineno, line.encode("utf-8", "surrogatepass") if len(line) <= settings.max_bytes else None
    except (UnicodeDecodeError, *_STREAM_ERRORS) as exc:
        raise _StreamBroken(exc) from exc


def _parse_line(line: bytes, here: str, settings: Settings) -> Article:
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnsupportedEncoding(here, f"not valid UTF-8 (byte 0x{line[exc.start]:02x} at column "
                                        f"{exc.start + 1})") from exc
    try:
        record = json.loads(decoded)
    except json.JSONDecodeError as exc:
        raise MalformedRecord(here, f"not JSON ({exc.msg} at column {exc.colno})") from exc
    except RecursionError as exc:
        raise MalformedRecord(here, "JSON nested too deeply to be an article record") from exc
    return article_from_record(record, here, settings)


def _read_jsonl(stream: IO[bytes], where: str, settings: Settings) -> Iterator[Item]:
    try:
        head = stream.peek(4)[:4] if isinstance(stream, io.BufferedReader) else b""
    except _STREAM_ERRORS as exc:
        yield UnsupportedInput(f"{where}:1", f"{_stream_reason(exc)}; nothing could be read")
        return
    encoding = _bom_encoding(head)
    if encoding in ("utf-16", "utf-32"):
        lines = _text_lines(stream, encoding, settings)
    else:
        if encoding == "utf-8-sig":
            stream.read(len(codecs.BOM_UTF8))
        lines = _byte_lines(stream, settings)
    lineno = records = 0
    try:
        for lineno, line in lines:
            here = f"{where}:{lineno}"
            if line is None:
                records += 1
                yield TooLarge(here, f"the line is longer than the {settings.max_bytes / 1e6:.0f} MB one article "
                                     "may take")
                continue
            if not line.strip():
                continue
            records += 1
            try:
                yield _parse_line(line, here, settings)
            except InputError as err:
                yield err
    except _StreamBroken as exc:
        yield UnsupportedInput(f"{where}:{lineno + 1}", f"{exc}; the {lineno} line(s) before it were read")
        return
    if records == 0:
        yield EmptyArticle(where, "no records (the file holds only blank lines)")


# -- WARC ------------------------------------------------------------------------------------------------------

def _read_warc(stream: IO[bytes], where: str, settings: Settings) -> Iterator[Item]:
    """The HTML responses of a WARC archive, record by record. A truncated record, junk where a record should
    be, and an archive with no readable record at all are each reported."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    records = ArchiveIterator(stream)
    n = 0
    warned = 0
    while True:
        complaints = io.StringIO()
        try:
            with redirect_stderr(complaints):  # warcio prints its warnings; eventwire reports them, one line each
                record = next(records)
        except StopIteration:
            break
        except ArchiveLoadFailed as exc:
            reason = " ".join(str(exc).split())
            yield MalformedRecord(f"{where}: after record {n}", f"not a WARC record ({reason[:200]}); the rest of "
                                                                "the archive is skipped")
            return
        except _STREAM_ERRORS as exc:
            yield UnsupportedInput(f"{where}: after record {n}", f"{_stream_reason(exc)}; the rest of the archive "
                                                                 "is skipped")
            return
        n += 1
        if records.err_count > warned:
            warned = records.err_count
            yield MalformedRecord(f"{where}: record {n - 1}", "its Content-Length does not match the bytes that "
                                                              "follow it (a damaged record?)")
        item = _warc_article(record, records.offset, n, where, settings)  # where the record starts
        if item is not None:
            yield item
    if n == 0:
        yield MalformedRecord(where, "no WARC record could be read (a truncated or damaged header?)")


def _warc_article(record: Any, offset: int, n: int, where: str, settings: Settings) -> Item | None:
    if record.rec_type != "response":
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    here = f"{where}: record {n} at offset {offset} ({url})"
    if "application/http" not in (record.rec_headers.get_header("Content-Type") or "").lower():
        return None  # a DNS lookup or another non-HTTP response of a crawl
    headers = record.http_headers
    if headers is None or not str(headers.protocol or "").upper().startswith("HTTP/"):
        return MalformedRecord(here, "a response record without an HTTP response in it (junk after its WARC "
                                     "header?)")
    if "html" not in (headers.get_header("Content-Type") or "").lower():
        return None  # images, scripts, style sheets: a crawl is full of them
    try:
        try:
            payload = record.content_stream().read(settings.max_bytes + 1)
        except _STREAM_ERRORS as exc:
            raise UnsupportedInput(here, _stream_reason(exc)) from exc
        if len(payload) > settings.max_bytes:
            raise _too_large(len(payload), here, settings)
        announced = record.length
        missing = getattr(record.raw_stream, "limit", 0)
        if missing:
            raise MalformedRecord(here, f"truncated: the record announces {announced} bytes, but the archive "
                                        f"ends {missing} bytes short")
        return article_from_html(payload, here, url=url, settings=settings)
    except InputError as err:
        return err


# -- inputs ----------------------------------------------------------------------------------------------------

def read_stream(stream: IO[bytes], kind: str, where: str, settings: Settings) -> Iterator[Item]:
    """Articles from an open binary stream of a known kind (``text``, ``html``, ``jsonl``, ``warc``)."""
    try:
        if kind == "jsonl":
            yield from _read_jsonl(stream, where, settings)
            return
        if kind == "warc":
            yield from _read_warc(stream, where, settings)
            return
        try:
            data = _read_article_bytes(stream, where, settings)
        except _STREAM_ERRORS as exc:
            raise UnsupportedInput(where, _stream_reason(exc)) from exc
        if not data.strip():
            raise EmptyArticle(where, "the file is empty")
        if kind == "html":
            yield article_from_html(data, where, settings=settings)
        else:
            yield article_from_text(_decode(data, where), where, day_first=settings.day_first, settings=settings)
    except InputError as err:
        yield err


def read_bytes(data: bytes, kind: str, where: str, settings: Settings) -> Iterator[Item]:
    """Articles from the bytes of one input of a known kind."""
    yield from read_stream(io.BufferedReader(io.BytesIO(data)), kind, where, settings)


def _file_kind_problem(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return f"{kind}, not a file; to read a stream, give - and redirect it: eventwire code - < SOURCE"


def read_path(path: Path, settings: Settings, *, explicit: bool = True) -> Iterator[Item]:
    """Articles of one file; its kind is told by its name (``.jsonl``, ``.html.gz`` …)."""
    where = str(path)
    kind, gzipped = _kind_of(path)
    if kind is None:
        if explicit:
            yield UnsupportedInput(where, f"unknown file type {path.suffix or '(no extension)'!r}; use .txt, "
                                          ".html/.htm, .jsonl, .warc/.warc.gz (optionally .gz)")
        return
    try:
        info = path.stat()
        problem = _file_kind_problem(info.st_mode)
        if problem:
            raise UnsupportedInput(where, problem)
        if info.st_size == 0:
            raise EmptyArticle(where, "the file is empty")
        if kind in ("text", "html") and not gzipped and info.st_size > settings.max_bytes:
            raise _too_large(info.st_size, where, settings)
        handle = path.open("rb")
    except InputError as err:
        yield err
        return
    except OSError as exc:
        yield UnsupportedInput(where, _stream_reason(exc))
        return
    with handle:
        stream: IO[bytes] = handle
        if gzipped and kind != "warc":  # warcio reads gzipped WARC itself, member by member
            stream = io.BufferedReader(gzip.GzipFile(fileobj=handle, mode="rb"))
        yield from read_stream(stream, kind, where, settings)


def _walk(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
            yield path


def _read_stdin(settings: Settings) -> Iterator[Item]:
    stream = sys.stdin.buffer
    if not isinstance(stream, io.BufferedReader):
        stream = io.BufferedReader(stream)
    try:
        head = stream.peek(512)
    except OSError as exc:
        yield UnsupportedInput("<stdin>", _stream_reason(exc))
        return
    if head[:2] == b"\x1f\x8b":
        stream = io.BufferedReader(gzip.GzipFile(fileobj=stream, mode="rb"))
        try:
            head = stream.peek(512)
        except _STREAM_ERRORS as exc:
            yield UnsupportedInput("<stdin>", _stream_reason(exc))
            return
    if not head.strip():
        yield EmptyArticle("<stdin>", "standard input is empty")
        return
    yield from read_stream(stream, _sniff(head), "<stdin>", settings)


def read_articles(paths: Iterable[str], settings: Settings | None = None) -> Iterator[Item]:
    """Every article in ``paths`` (files, folders, ``-``), or an InputError for each bad input."""
    settings = settings or Settings()
    for name in paths:
        if name == "-":
            yield from _read_stdin(settings)
            continue
        path = Path(name)
        if path.is_dir():
            for child in _walk(path):
                yield from read_path(child, settings, explicit=False)
        elif path.exists() or path.is_symlink():
            yield from read_path(path, settings)
        else:
            yield UnsupportedInput(name, "no such file or folder")
