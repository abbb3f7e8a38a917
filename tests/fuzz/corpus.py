"""The fuzz corpus: every broken input of issue 10, seeded mutations of real articles, date-headed fragments.

Everything is written to one folder so that one ``eventwire ingest`` (and one ``eventwire code``) runs over all
of it. Each input knows what it is (:class:`Case`): its category, the places (``file`` or ``file:line``) where
the store must account for it, and, for the good records planted among the broken ones (the controls), that
they must come out coded. A control is a short real news sentence that always yields an event, with a unique
number in it, so that no two inputs share a text.
"""

from __future__ import annotations

import gzip
import io
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20261201
CONTROL = "Police arrested {n} protesters in Cairo on Monday, the interior ministry said."
PUBLISHED = "2024-06-25"

DATE_HEADED = [
    "Monday, when police shot a protester in Nairobi.",
    "Last Tuesday, when the army shelled Idlib.",
    "On Friday.",
    "Friday, after rebels attacked a convoy near Goma, killing three soldiers.",
    "The Delhi High Court on Friday ordered release of former youth Congress leader Sushil Kumar Sharma, who has "
    "been serving life term for the murder of his wife Naina Sahni in 1995.",
    "In 1995, when troops entered the town.",
    "Yesterday, as protesters marched on parliament in Kampala.",
    "Sept. 17, 2018, the day Turkey and Russia signed the Sochi agreement.",
    "2019-07-03: an airstrike hit a migrant detention center in Tripoli.",
    "Early Wednesday.",
    "Tomorrow, when the foreign ministers of Turkey and Russia meet in Moscow.",
    "Since April 2019, when Haftar launched an offensive on Tripoli.",
    "Two weeks ago, when the government closed the border with Kenya.",
    "Midnight.",
    "By Thursday, when the ceasefire ended, 40 people had been killed.",
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday.",
    "May 5, June 6, July 7, when the strikes hit Aleppo, Homs and Hama.",
    "At dawn on Saturday, when Israeli jets struck Gaza.",
    "Last year, when the president resigned.",
    "The next day, when police arrested him.",
]

JUNK = ["\u200b", "\u200e", "\u202e", "\ufeff", "\x00", "\x07", "\x1b[31m", "\r", "\t", "\u2028", "\u0085",
        "\ud83d\udca3", "\U0001f4a3", "e\u0301" * 400, "<script>alert(1)</script>", "&amp;&lt;", "\\", '"',
        "{", "]", "\n" * 500, "." * 3000, "a" * 20000, " ".join(["Monday"] * 500), "(" * 300, "\u0000" * 64]


@dataclass
class Case:
    """One input and what the run must do with it."""

    category: str
    paths: list[str]  # files given to eventwire
    units: list[str] = field(default_factory=list)  # where each record is named: stored, skipped or a duplicate
    controls: list[str] = field(default_factory=list)  # ids (JSON Lines) of good records that must be coded
    control_units: list[str] = field(default_factory=list)  # where those good records are
    control_files: list[str] = field(default_factory=list)  # one-article files that must be coded


class CorpusWriter:
    """Writes inputs under ``folder`` and keeps the :class:`Case` list."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.cases: list[Case] = []
        self.count = 0
        self.controls = 0

    def path(self, name: str) -> Path:
        self.count += 1
        return self.folder / f"{self.count:04d}-{name}"

    def control_record(self) -> dict[str, str]:
        self.controls += 1
        return {"id": f"control-{self.controls}", "text": CONTROL.format(n=1000 + self.controls),
                "published": PUBLISHED}

    def jsonl(self, category: str, name: str, lines: list[str | bytes], *, controls_after: bool = True,
              accounted: bool = True) -> Case:
        """A JSON Lines file of ``lines`` (each a raw line), with a good control record after each one."""
        path = self.path(name)
        out = io.BytesIO()
        case = Case(category, [str(path)])
        lineno = 0
        for line in lines:
            raw = line if isinstance(line, bytes) else line.encode("utf-8", "surrogatepass")
            raw = raw.replace(b"\n", b" ")  # a flipped byte may be a newline: keep one record a line
            out.write(raw + b"\n")
            lineno += 1
            if accounted and raw.strip():
                case.units.append(f"{path}:{lineno}")
            if controls_after:
                control = self.control_record()
                out.write(json.dumps(control).encode() + b"\n")
                lineno += 1
                case.units.append(f"{path}:{lineno}")
                case.control_units.append(f"{path}:{lineno}")
                case.controls.append(control["id"])
        path.write_bytes(out.getvalue())
        self.cases.append(case)
        return case

    def file(self, category: str, name: str, data: bytes, *, control: bool = False,
             accounted: bool = True) -> Case:
        path = self.path(name)
        path.write_bytes(data)
        case = Case(category, [str(path)], units=[str(path)] if accounted else [],
                    control_files=[str(path)] if control else [])
        self.cases.append(case)
        return case


def _warc(pages: list[tuple[str, str]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for url, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=headers))
    return buffer.getvalue()


def _page(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n") if p.strip())
    return f"<html><head><title>{title}</title></head><body><article>{paragraphs}</article></body></html>"


def write_issue_cases(writer: CorpusWriter) -> None:
    """Every broken input issue 10 names, each with good records around it."""
    # enough records that damage in the middle or at the end of the stream leaves good ones before it (each is
    # coded, so more only cost time: 300 made this the slowest setup of the suite)
    many = "".join(json.dumps(writer.control_record()) + "\n" for _ in range(60)).encode()
    corrupt = bytearray(gzip.compress(many))
    for offset in range(len(corrupt) // 2, len(corrupt) // 2 + 32):
        corrupt[offset] ^= 0x5A
    writer.file("case: corrupt gzip body", "corrupt.jsonl.gz", bytes(corrupt), accounted=False)
    writer.file("case: truncated gzip", "truncated.jsonl.gz", gzip.compress(many)[:-40], accounted=False)
    writer.jsonl("case: lone surrogate", "surrogate.jsonl",
                 ['{"id": "surrogate", "text": "Police \\ud800arrested 15 protesters in Cairo on Monday."}'])
    writer.jsonl("case: numeric url, no id", "url.jsonl",
                 [json.dumps({"text": "Troops shelled the town of Idlib on Monday.", "url": 12345})])
    writer.jsonl("case: deeply nested JSON", "nested.jsonl", ["[" * 100_000 + "]" * 100_000])
    writer.jsonl("case: title or source of the wrong type", "fields.jsonl", [
        json.dumps({"id": "title-list", "text": "Rebels attacked an army post near Goma.", "title": ["a", "b"]}),
        json.dumps({"id": "source-object", "text": "Rebels burned a market near Beni.", "source": {"name": "AP"}}),
    ])
    writer.jsonl("case: article over 1,000,000 characters", "huge-text.jsonl",
                 [json.dumps({"id": "huge", "text": "Police arrested protesters. " * 40_000})])
    writer.jsonl("case: U+0085, U+2028, U+2029 inside a string", "separators.jsonl", [
        json.dumps({"id": "separators", "text": "Police arrested 15 protesters\u2028in Cairo\u0085on Monday\u2029."},
                   ensure_ascii=False)])
    padding = (" " * 5_000_000 + "\n").encode()
    big = io.BytesIO()
    big.write(json.dumps(writer.control_record()).encode() + b"\n")
    big.write(padding * 5)
    last = writer.control_record()
    big.write(json.dumps(last).encode() + b"\n")
    big_case = writer.file("case: JSON Lines over 20 MB", "big.jsonl", big.getvalue(), accounted=False)
    big_case.controls = [f"control-{writer.controls - 1}", last["id"]]
    body = " ".join(["Rebels attacked an army post near Goma, killing three soldiers, officials said."] * 5)
    warc = _warc([(f"https://news.example/{i}", _page(f"Attack {i}", body.replace("three", f"{i + 3}")))
                  for i in range(3)])
    writer.file("case: truncated final WARC record", "truncated.warc", warc[:-300], accounted=False)
    head = warc[:warc.index(b"\r\n\r\n") + 4]
    writer.file("case: junk after a WARC header", "junk.warc", head + b"\x00\xff" * 900, accounted=False)
    writer.file("case: UTF-16 with a byte-order mark", "utf16.txt",
                f"Protest in Cairo\n\n{CONTROL.format(n=1)}\n".encode("utf-16"), control=True)
    writer.file("case: UTF-16 without a byte-order mark", "utf16le.txt",
                f"Protest in Cairo\n\n{CONTROL.format(n=2)}\n".encode("utf-16-le"))
    writer.file("case: only zero-width characters", "zero-width.txt", "\u200b\u200c\u200d\ufeff\n\u2060\n".encode())
    writer.file("case: file name with a newline", "notes\nfinal.txt", b"")
    writer.file("case: empty file", "empty.txt", b"")
    writer.file("case: binary data", "binary.txt", bytes(range(256)) * 40)
    writer.jsonl("case: not JSON", "not-json.jsonl", ["{not json", "[1, 2]", '"a string"', "null"])


def write_date_headed(writer: CorpusWriter) -> None:
    records = [json.dumps({"id": f"date-headed-{i}", "text": text, "published": PUBLISHED})
               for i, text in enumerate(DATE_HEADED)]
    case = writer.jsonl("date-headed fragments", "date-headed.jsonl", records)
    case.controls += [f"date-headed-{i}" for i in (0, 1, 3)]  # each of these must be coded


# -- mutations of real articles ----------------------------------------------------------------------------------

def _flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 24)):
        i = rng.randrange(len(out))
        out[i] ^= rng.randint(1, 255)
    return bytes(out)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[:rng.randint(1, max(1, len(data) - 1))]


def _repeat(rng: random.Random, text: str) -> str:
    paragraphs = text.split("\n\n") if "\n\n" in text else text.split(". ")
    i = rng.randrange(len(paragraphs))
    times = rng.choice([2, 5, 30, 100])
    repeated = paragraphs[:i] + [paragraphs[i]] * times + paragraphs[i + 1:]
    return ("\n\n" if "\n\n" in text else ". ").join(repeated)[:300_000]


def _junk(rng: random.Random, text: str) -> str:
    out = text
    for _ in range(rng.randint(1, 12)):
        i = rng.randrange(len(out) + 1)
        out = out[:i] + rng.choice(JUNK) + out[i:]
    return out


def _one_sentence(rng: random.Random, text: str) -> str:
    """The article as one sentence with no punctuation: a very long parse."""
    return " ".join(w.strip(".,;:!?") for w in text.split())


TextMutation = Callable[[random.Random, str], str]
ByteMutation = Callable[[random.Random, bytes], bytes]
TEXT_MUTATIONS: dict[str, TextMutation] = {"repeated paragraphs": _repeat, "junk": _junk,
                                           "no punctuation": _one_sentence}
BYTE_MUTATIONS: dict[str, ByteMutation] = {"byte flips": _flip, "truncation": _truncate}


def write_mutations(writer: CorpusWriter, articles: list[dict[str, str]], html_pages: list[bytes],
                    count: int) -> None:
    """``count`` seeded mutations of real articles, as pasted text, HTML, gzip and JSON Lines records."""
    rng = random.Random(SEED)
    records: list[str | bytes] = []
    for n in range(count):
        article = rng.choice(articles)
        kind = rng.choice(["jsonl", "jsonl", "txt", "html", "gz", "page"])
        # a sentence of its own keeps every mutant's text unique (two mutants of one article would be one text)
        text = f"{article['text']}\n\nFuzz case {n}."
        page = rng.choice(html_pages).replace(b"</body>", f"<p>Fuzz case {n}.</p></body>".encode())
        mutate_bytes: ByteMutation | None = None
        if rng.random() < 0.5:
            name, mutate_text = rng.choice(list(TEXT_MUTATIONS.items()))
            text = mutate_text(rng, text)
            page = mutate_text(rng, page.decode("utf-8", "replace")).encode("utf-8", "surrogatepass")
        else:
            name, mutate_bytes = rng.choice(list(BYTE_MUTATIONS.items()))
        category = f"mutation: {name}"
        if kind == "jsonl":
            line = json.dumps({"id": f"mutant-{n}", "text": text, "published": article.get("published")},
                              ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
            records.append(mutate_bytes(rng, line) if mutate_bytes else line)
            if len(records) == 25:
                writer.jsonl(f"mutations: JSON Lines records ({len(records)} a file)", f"mutants-{n}.jsonl",
                             records)
                records = []
            continue
        if kind == "page":
            data = mutate_bytes(rng, page) if mutate_bytes else page
            writer.file(f"{category} (HTML page)", f"mutant-{n}.html", data)
            continue
        body = f"{article.get('title') or 'Untitled'}\n\n{text}"
        data = (_page(article.get("title") or "Untitled", text) if kind == "html" else body).encode(
            "utf-8", "surrogatepass")
        data = mutate_bytes(rng, data) if mutate_bytes else data
        if kind == "gz":
            data = gzip.compress(data)
            if mutate_bytes and rng.random() < 0.5:
                data = mutate_bytes(rng, data)  # the gzip stream itself damaged
        suffix = {"txt": ".txt", "html": ".html", "gz": ".txt.gz"}[kind]
        writer.file(f"{category} ({suffix})", f"mutant-{n}{suffix}", data)
    if records:
        writer.jsonl(f"mutations: JSON Lines records ({len(records)} a file)", "mutants-last.jsonl", records)
