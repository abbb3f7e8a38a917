"""Event records built by hand for grouping tests: no spaCy model."""

from __future__ import annotations

from dataclasses import replace

from eventwire.document import ActorRef, Article, Casualties, Event, EventDate, Place, Plover, TextSpan, content_hash
from eventwire.store.records import CodedArticle

TRIPOLI = Place("Tripoli", 0, 7, "Tripoli", 2210247, "LBY", "Tripoli", 32.88743, 13.18733, "city")
TARHUNA = Place("Tarhuna", 0, 7, "Tarhuna", 2210560, "LBY", "Al Marqab", 32.43502, 13.63320, "city")
LIBYA = Place("Libya", 0, 5, "Libya", 2215636, "LBY", None, 26.0, 17.0, "country")
BENGHAZI = Place("Benghazi", 0, 8, "Benghazi", 88319, "LBY", "Benghazi", 32.11486, 20.06859, "city")

HAFTAR = ActorRef("Haftar's forces", 0, 15, "LBYMIL", "Khalifa Haftar", "LBY", ["MIL"])
MIGRANTS = ActorRef("migrants", 0, 8, "LBYREF", None, "LBY", ["REF", "CVL"])
GNA = ActorRef("the GNA", 0, 7, "LBYGOV", None, "LBY", ["GOV"])


def make_event(event_id: str, *, article_id: str = "a1", cameo: str = "195", day: str | None = "2019-07-03",
               precision: str = "day", source: ActorRef | None = HAFTAR, target: ActorRef | None = MIGRANTS,
               place: Place | None = TRIPOLI, killed: int | None = None, plover: str | None = "ASSAULT",
               confidence: float = 0.8) -> Event:
    sentence = TextSpan(f"The event {event_id} happened.", 0, 20)
    return Event(
        event_id=event_id, article_id=article_id, sentence_index=0, evidence=sentence,
        trigger=TextSpan("event", 4, 9), source=source, target=target, cameo=cameo, cameo_name=None,
        plover=Plover(plover), quad_class=4, goldstein=-10.0,
        date=EventDate(day, precision, None, "text") if day else None, location=place,
        casualties=Casualties(killed=killed), confidence=confidence)


def make_article(article_id: str, *, text: str | None = None, source: str | None = None,
                 url: str | None = None, published: str = "2019-07-04") -> Article:
    body = text if text is not None else f"Story {article_id}, told in its own words."
    return Article(id=article_id, text=body, title=None, published=published, url=url, source=source)


def coded(article: Article, events: list[Event]) -> CodedArticle:
    return CodedArticle(content_hash(article.text), article, [replace(e, article_id=article.id) for e in events])
