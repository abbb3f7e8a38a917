"""Pasted articles, read as a person reads the page.

- The first non-empty line is the title.
- A dateline among the next lines ("Published 05.07.2019 00:07", "Updated …") is the publication time and
  leaves the body; when both a published and an updated line are there, published wins.
- Paragraphs are kept, separated by one blank line. Inside a paragraph, a line that does not end a sentence
  is joined to the next (hard-wrapped paste); a text with no blank lines at all has one paragraph a line.
- A heading broken across lines ("‘Haftar has no" / "humanitarian concerns'") is joined: a short line with no
  closing punctuation followed by a short line that starts in lower case.
- Share/social/"Related"/"Advertisement" boilerplate is removed: trailing lines made only of such phrases,
  a trailing "Related …" section, and stand-alone "Advertisement" lines anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eventwire.ingest.dateline import parse_dateline

_SENTENCE_END = re.compile(r"[.!?:;\"”’'»)\]]\s*$")
_SOCIAL = (r"share(?:\s+(?:on|via|this(?:\s+article|\s+story)?))?(?:\s+(?:facebook|twitter|x|whatsapp|linkedin|"
           r"email|e-mail|reddit|telegram|pinterest|messenger))?|tweet|facebook|twitter|whatsapp|linkedin|email|"
           r"e-mail|print(?:\s+this(?:\s+article)?)?|copy\s+link|comments?|save|pin\s+it|flipboard|"
           r"follow\s+us(?:\s+on\s+\w+)?|subscribe(?:\s+to\s+our\s+newsletter)?|sign\s+up(?:\s+for\s+\w+)?|"
           r"advertisement|sponsored(?:\s+content)?|read\s+more|click\s+here|show\s+comments|"
           r"related(?:\s+(?:articles?|stories|news|content|coverage|topics))?:?|more\s+from\s+\w+|"
           r"you\s+may\s+also\s+like|recommended(?:\s+for\s+you)?|trending(?:\s+now)?|tags?:?")
_BOILERPLATE_LINE = re.compile(rf"^(?:\s*(?:{_SOCIAL})\s*[|•·/,]?\s*)+$", re.I)
_RELATED_HEADING = re.compile(
    r"^\s*(?:related(?:\s+(?:articles?|stories|news|content|coverage))?|read\s+(?:more|also)|see\s+also|"
    r"more\s+on\s+this\s+story|you\s+may\s+also\s+like|recommended)\s*:?\s*$", re.I)
_GLUED_SOCIAL = re.compile(r"(?:\s+(?:share\s+(?:on|via)\s+\w+|follow\s+us\s+on\s+\w+))+\s*$", re.I)
_ADVERTISEMENT = re.compile(r"^\s*(?:advertisement|sponsored|ad)\s*$", re.I)
_MAX_HEADING_PART = 60
_DATELINE_LOOKAHEAD = 3


@dataclass(frozen=True)
class PastedArticle:
    title: str | None
    published: str | None
    paragraphs: list[str]


def _blocks(text: str) -> list[list[str]]:
    """Blank-line-separated blocks of stripped lines; one block a line when the text has no blank lines."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    has_blank = any(not line for line in lines[1:-1]) if len(lines) > 2 else False
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                blocks.append(current)
                current = []
            continue
        if not has_blank:
            blocks.append([line])
            continue
        current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _join_wrapped(block: list[str]) -> list[str]:
    """Join hard-wrapped lines of one block; a line ending a sentence ends a paragraph."""
    paragraphs: list[str] = []
    current = ""
    for line in block:
        current = f"{current} {line}" if current else line
        if _SENTENCE_END.search(line):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _is_heading_part(line: str) -> bool:
    return len(line) <= _MAX_HEADING_PART and not _SENTENCE_END.search(line.rstrip("'’\""))


def _join_broken_headings(paragraphs: list[str]) -> list[str]:
    out: list[str] = []
    for para in paragraphs:
        if (out and _is_heading_part(out[-1]) and len(para) <= _MAX_HEADING_PART and para[:1].islower()):
            out[-1] = f"{out[-1]} {para}"
        else:
            out.append(para)
    return out


def _drop_boilerplate(paragraphs: list[str]) -> list[str]:
    kept = [p for p in paragraphs if not _ADVERTISEMENT.match(p)]
    for i, para in enumerate(kept):
        if _RELATED_HEADING.match(para) and i > 0:
            kept = kept[:i]
            break
    while kept and _BOILERPLATE_LINE.match(kept[-1]):
        kept.pop()
    # "…has so far been unsuccessful Share on Facebook" — social links glued to the last sentence.
    if kept:
        kept[-1] = _GLUED_SOCIAL.sub("", kept[-1]) or kept[-1]
    return kept


def split_pasted(text: str, *, day_first: bool = True) -> PastedArticle:
    """Split a pasted article into title, publication time and clean paragraphs."""
    blocks = _blocks(text)
    if not blocks:
        return PastedArticle(None, None, [])
    title_block = blocks.pop(0)
    title = title_block[0]
    rest_of_title_block = title_block[1:]
    if rest_of_title_block:
        blocks.insert(0, rest_of_title_block)
    published: str | None = None
    updated: str | None = None
    consumed = 0
    for block in blocks[:_DATELINE_LOOKAHEAD]:
        datelines = [parse_dateline(line, day_first=day_first) for line in block]
        if not all(datelines):
            break
        for found in datelines:
            assert found is not None
            if found.kind == "updated":
                updated = updated or found.value
            else:
                published = published or found.value
        consumed += 1
    blocks = blocks[consumed:]
    paragraphs = [p for block in blocks for p in _join_wrapped(block)]
    paragraphs = _drop_boilerplate(_join_broken_headings(paragraphs))
    return PastedArticle(title, published or updated, paragraphs)


def assemble(title: str | None, paragraphs: list[str]) -> tuple[str, int]:
    """The article text (title, blank line, paragraphs) and where the body starts."""
    body = "\n\n".join(p for p in paragraphs if p)
    if not title:
        return body, 0
    if not body:
        return title, len(title)
    return f"{title}\n\n{body}", len(title) + 2
