"""Fixtures for the geo tests: real spaCy model, real shipped gazetteer, hand-built documents."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.document import Article, Document
from eventwire.geo import make_geoparser
from eventwire.parse import Parser

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("EVENTWIRE_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seed" / "daily-sabah-idlib-2019-07-05.txt"


@pytest.fixture(scope="session")
def geoparse() -> Callable[[str], Document]:
    """Parse and geoparse a text, as the pipeline does (parse, then geo)."""
    parser = Parser("en_core_web_sm")
    geoparser = make_geoparser(Settings())

    def run(text: str, article_id: str = "test") -> Document:
        return geoparser(parser(Document(Article(id=article_id, text=text))))

    return run


@pytest.fixture(scope="session")
def seed_doc(geoparse: Callable[[str], Document]) -> Document:
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    return geoparse(SEED.read_text(encoding="utf-8"), "seed")
