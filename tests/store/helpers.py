"""Events built by hand, no spaCy model: one article with an assault, an appeal and a plain statement."""

from __future__ import annotations

from eventwire.document import (
    ActorMention,
    ActorRef,
    Article,
    Casualties,
    Event,
    EventDate,
    Place,
    Plover,
    TextSpan,
    content_hash,
)
from eventwire.store.records import CodedArticle

TEXT = ("Tripoli strike kills 44 migrants\n\n"
        "An airstrike hit a detention center in Tripoli, Libya early Wednesday, killing at least 44 migrants.\n\n"
        "Ankara urged Moscow to restrain the Syrian regime.")


def _span(text: str, part: str, base: int = 0) -> TextSpan:
    start = text.index(part, base)
    return TextSpan(part, start, start + len(part))


def make_article(text: str = TEXT, article_id: str = "a1") -> Article:
    return Article(id=article_id, text=text, title=text.split("\n")[0], published="2019-07-05T00:07:00+03:00",
                   url=f"https://example.org/{article_id}", source="Example News", language="en",
                   origin="test.jsonl:1", body_start=34)


def make_events(article: Article) -> list[Event]:
    text = article.text
    s1 = _span(text, "An airstrike hit a detention center in Tripoli, Libya early Wednesday, killing at least 44 "
                     "migrants.")
    s2 = _span(text, "Ankara urged Moscow to restrain the Syrian regime.")
    tripoli = _span(text, "Tripoli", s1.start)
    assault = Event(
        event_id=f"{article.id}-e1", article_id=article.id, sentence_index=1, evidence=s1,
        trigger=_span(text, "hit", s1.start), source=None,
        target=ActorRef("migrants", text.index("migrants.", s1.start), text.index("migrants.", s1.start) + 8,
                        "LBYREF", "migrants", "LBY", ["REF", "CVL"]),
        cameo="195", cameo_name="Employ aerial weapons", plover=Plover("ASSAULT", "aerial", ["migration"]),
        quad_class=4, goldstein=-10.0, date=EventDate("2019-07-03", "day", "early Wednesday", "text"),
        location=Place(tripoli.text, tripoli.start, tripoli.end, "Tripoli", 2210247, "LBY", "Tripoli", 32.88743,
                       13.18733, "city"),
        casualties=Casualties(killed=44, injured=None, qualifier="at least"), confidence=0.8, rule="hit/aerial")
    appeal = Event(
        event_id=f"{article.id}-e2", article_id=article.id, sentence_index=2, evidence=s2,
        trigger=_span(text, "urged", s2.start),
        source=ActorRef("Ankara", s2.start, s2.start + 6, "TURGOV", "Turkey", "TUR", ["GOV"]),
        target=ActorRef("Moscow", s2.start + 13, s2.start + 19, "RUSGOV", "Russia", "RUS", ["GOV"]),
        cameo="020", cameo_name="Make an appeal or request", plover=Plover("REQUEST"), quad_class=3,
        goldstein=-2.0, date=EventDate("2019-07", "month", None, "publication"))
    statement = Event(
        event_id=f"{article.id}-e3", article_id=article.id, sentence_index=2, evidence=s2,
        trigger=_span(text, "urged", s2.start),
        source=ActorRef("Ankara", s2.start, s2.start + 6, "TURGOV", "Turkey", "TUR", ["GOV"]), target=None,
        cameo="010", cameo_name="Make statement", plover=Plover(None), quad_class=1, goldstein=0.0, date=None)
    return [assault, appeal, statement]


def make_coded(text: str = TEXT, article_id: str = "a1") -> CodedArticle:
    article = make_article(text, article_id)
    mentions = [ActorMention("Ankara", text.index("Ankara"), text.index("Ankara") + 6, "TURGOV", "TUR", ["GOV"],
                             name="Turkey", kind="name", actor_id="TUR")]
    places = [Place("Tripoli", text.index("Tripoli"), text.index("Tripoli") + 7, "Tripoli", 2210247, "LBY",
                    "Tripoli", 32.88743, 13.18733, "city")]
    return CodedArticle(content_hash(text), article, make_events(article), mentions, places)
