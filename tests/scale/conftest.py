"""Small real corpora for ingestion tests, and one single-process run the other modes are compared with."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from eventwire.config import Settings
from eventwire.ingest import read_articles
from eventwire.scale import ingest_corpus
from eventwire.store.sqlite import Store


def seed_paragraph_records(seed: Path) -> list[dict[str, Any]]:
    """The seed article cut into short articles of one or two paragraphs (real news text, 5 records)."""
    [article] = [a for a in read_articles([str(seed)]) if not isinstance(a, Exception)]
    paragraphs = [p for p in article.body.split("\n\n") if len(p) > 100]
    groups = [paragraphs[0:1], paragraphs[1:2], paragraphs[2:4], paragraphs[4:5], paragraphs[5:]]
    return [{"id": f"sabah-{i}", "text": "\n\n".join(group), "published": "2019-07-05",
             "url": f"https://www.dailysabah.com/idlib#{i}"} for i, group in enumerate(groups) if group]


def short_news_records(corpus: Path, n: int, max_chars: int = 600) -> list[dict[str, Any]]:
    """The first ``n`` articles of a JSON Lines corpus, each cut at a sentence end near ``max_chars``."""
    records = []
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            text = record["text"]
            if len(text) > max_chars:
                ends = [m.end() for m in re.finditer(r"[.!?][\"”’]?\s", text[: max_chars + 200])]
                text = text[: max(e for e in ends if e > 100)].strip() if any(e > 100 for e in ends) else \
                    text[:max_chars]
            records.append({**record, "text": text})
            if len(records) == n:
                break
    return records


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def stored(db: Path) -> tuple[set[str], list[dict[str, Any]]]:
    """(content hashes, event records sorted by event id) of a store."""
    with Store(db, readonly=True) as store:
        return store.content_hashes(), sorted(store.event_records(), key=lambda r: r["event_id"])


@pytest.fixture(scope="module")
def paragraph_corpus(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    """Five short articles from the seed, plus the first one again under another id (the same text)."""
    records = seed_paragraph_records(seed_path)
    records.append({**records[0], "id": "sabah-0-again"})
    return write_jsonl(tmp_path_factory.mktemp("corpus") / "sabah.jsonl", records)


@pytest.fixture(scope="module")
def single_process_db(tmp_path_factory: pytest.TempPathFactory, paragraph_corpus: Path) -> Path:
    """The paragraph corpus ingested in this process (workers=1): what every other mode must equal."""
    db = tmp_path_factory.mktemp("single") / "single.db"
    assert ingest_corpus([str(paragraph_corpus)], db=db, settings=Settings()) == 0
    return db
