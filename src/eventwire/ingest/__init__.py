"""Stage ``ingest``: inputs of every kind turned into clean Articles."""

from eventwire.ingest.html import extract_html, extract_main_text
from eventwire.ingest.read import article_from_html, article_from_text, read_articles

__all__ = ["article_from_html", "article_from_text", "extract_html", "extract_main_text", "read_articles"]
