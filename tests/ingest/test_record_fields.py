"""A JSON Lines record's url and title land in the fields of those names (they were swapped; issue 13 counts
outlets by the URL's domain)."""

from __future__ import annotations

import pytest

from eventwire.config import Settings
from eventwire.ingest.read import article_from_record


@pytest.mark.issue(13)
def test_ingest_jsonl_record_keeps_url_and_title_apart() -> None:
    article = article_from_record({"id": "a", "text": "Police arrested 15 protesters in Cairo.", "title": "Arrests",
                                   "url": "https://www.example.com/cairo", "source": "Example News"},
                                  "feed.jsonl:1", Settings())
    assert (article.url, article.title, article.source) == ("https://www.example.com/cairo", "Arrests",
                                                            "Example News")
