"""HTML pages: main text and metadata with trafilatura (and its htmldate for the publication date)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BLANKS = re.compile(r"\n\s*\n+")


@dataclass(frozen=True)
class HtmlArticle:
    title: str | None
    published: str | None
    author: str | None
    site: str | None
    url: str | None
    paragraphs: list[str]


def extract_html(html: str | bytes, url: str | None = None) -> HtmlArticle | None:
    """Main text and metadata of a page, or None when the page has no main text.

    ``favor_precision``: boilerplate that slips into the body becomes spurious events; it also scores higher
    on the extraction benchmark (F1 0.969 against 0.965 for the default on aeb_dev).
    """
    import trafilatura  # imported on the first page: it takes a fifth of a second, and most inputs are text

    result = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                         favor_precision=True,
                                         include_tables=True)
    if result is None:
        return None
    text = result.text if not isinstance(result, dict) else result.get("text")
    if not text or not text.strip():
        return None
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n+", text) if p.strip()]

    def field(name: str) -> str | None:
        value = result.get(name) if isinstance(result, dict) else getattr(result, name, None)
        return str(value).strip() or None if value else None

    return HtmlArticle(title=field("title"), published=field("date"), author=field("author"),
                       site=field("sitename"), url=field("url") or url, paragraphs=paragraphs)


def extract_main_text(html: str | bytes) -> str:
    """The main text alone, as the extraction benchmark scores it."""
    found = extract_html(html)
    return "\n".join(found.paragraphs) if found else ""
