"""A parsed document's token attributes as plain lists, read once per document.

spaCy builds a new ``Token`` object on every index or iteration, and every ``token.lower_`` looks its string
up again; a stage that scans every token of an article for a rare word ("St.", "capital", a currency sign)
pays that for each token, and several stages do. :func:`token_columns` reads the few attributes those
scans test, in one pass, and keeps them beside the document (not in its ``user_data``, which must stay
plain data) until the document is gone. The scans test the lists and touch a ``Token`` only where a word
passes.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any


def is_capitalised(text: str) -> bool:
    """"Idlib", "IDLIB", "St.", "U.S." (not "idlib", "2018")."""
    text = text.rstrip(".")
    if "." in text and text.replace(".", "").isalpha() and text.replace(".", "").isupper():
        return True  # "U.S.", "D.C."
    return text.isalpha() and (text[:1].isupper() or text.isupper() and len(text) > 1)


@dataclass(frozen=True)
class TokenColumns:
    """Attribute ``name`` of token ``i`` is ``columns.name[i]``, exactly as spaCy gives it."""

    text: list[str]
    lower: list[str]
    pos: list[str]
    ent_type: list[str]
    capitalised: list[bool]  # :func:`is_capitalised` of the text
    idx: list[int]  # character offsets
    doc_text: str  # ``Doc.text``, which spaCy joins anew from every token on each access

    def span_text(self, span: Any) -> str:
        """``span.text`` (a sentence's, an entity's) without walking its tokens."""
        return self.doc_text[span.start_char:span.end_char]

    def text_of(self, start: int, end: int) -> str:
        """``doc[start:end].text`` without making the span (indices as spaCy takes them: negative from the end,
        clamped to the document)."""
        n = len(self.text)
        start = max(start + n, 0) if start < 0 else min(start, n)
        end = max(end + n, 0) if end < 0 else min(end, n)
        if start >= end:
            return ""
        return self.doc_text[self.idx[start]:self.idx[end - 1] + len(self.text[end - 1])]


_COLUMNS: weakref.WeakKeyDictionary[Any, TokenColumns] = weakref.WeakKeyDictionary()


def token_columns(spacy_doc: Any) -> TokenColumns:
    """The columns of a parsed spaCy ``Doc``, read on first use and kept while the document lives.

    Call it only once the parse is done: the lists do not follow later changes to the document.
    """
    found = _COLUMNS.get(spacy_doc)
    if found is not None and len(found.text) == len(spacy_doc):
        return found
    text: list[str] = []
    lower: list[str] = []
    pos: list[str] = []
    ent_type: list[str] = []
    idx: list[int] = []
    with_space: list[str] = []
    for token in spacy_doc:
        text.append(token.text)
        lower.append(token.lower_)
        pos.append(token.pos_)
        ent_type.append(token.ent_type_)
        idx.append(token.idx)
        with_space.append(token.text_with_ws)
    # the document's text as ``Doc.text`` makes it, from the tokens already in hand
    columns = TokenColumns(text, lower, pos, ent_type, [is_capitalised(t) for t in text], idx, "".join(with_space))
    _COLUMNS[spacy_doc] = columns
    return columns
