"""Which outlet published an article: its site name, else the registered domain of its URL."""

from __future__ import annotations

import functools
import re

from tld import get_fld

from eventwire.document import Article

_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=4096)
def registered_domain(url: str) -> str | None:
    """The registered domain of ``url`` by the Public Suffix List: ``news.bbc.co.uk/x`` -> ``bbc.co.uk``.

    Example::

        registered_domain("http://www.thetowntalk.com/article/20090320/NEWS01")   # 'thetowntalk.com'
    """
    found = get_fld(url.strip(), fail_silently=True, fix_protocol=True)
    return str(found).lower() if found else None


def outlet_of(article: Article) -> str | None:
    """The outlet key counted by ``num_sources``: the site name (case and spacing folded, a leading "The"
    dropped), else the URL's registered domain, else None (unknown)."""
    if article.source and article.source.strip():
        name = _SPACES.sub(" ", article.source.strip().casefold())
        return name[4:] if name.startswith("the ") and len(name) > 4 else name
    if article.url:
        return registered_domain(article.url)
    return None
