"""Where an event happened: locate_event on parsed sentences."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from eventwire.document import ActorMention, Document
from eventwire.geo import locate_event, scene_place

pytestmark = pytest.mark.model


def _token(doc: Document, word: str) -> int:
    start = doc.text.index(word)
    return next(t.i for t in doc.spacy_doc if t.idx == start)


def _where(doc: Document, word: str) -> tuple[str, str | None] | None:
    place = locate_event(doc, _token(doc, word))
    return None if place is None else (place.text, place.country)


@pytest.mark.issue(7)
def test_geo_locate_capital_phrase_in_the_clause(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("Speaking on Libya, Cavusoglu defined the acts as piracy.\n"
                   "An airstrike hit a detention center for migrants in the Libyan capital early Wednesday, "
                   "killing at least 44 people.")
    assert _where(doc, "hit") == ("the Libyan capital", "LBY")
    assert _where(doc, "airstrike") == ("the Libyan capital", "LBY")
    assert locate_event(doc, _token(doc, "hit")).name == "Tripoli"


def test_geo_locate_prefers_the_town_to_its_country(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("Gunmen attacked a market in Kano, Nigeria, on Friday.")
    assert _where(doc, "attacked") == ("Kano", "NGA")


def test_geo_locate_clause_before_sentence(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("Rebels attacked a checkpoint near Aleppo while talks continued in Geneva.")
    assert _where(doc, "attacked") == ("Aleppo", "SYR")
    assert _where(doc, "continued") == ("Geneva", "CHE")


def test_geo_locate_reported_clause_is_not_the_place_of_saying(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("Cavusoglu said that Erdogan discussed the issue with Putin at the G20 meeting in Tokyo.")
    assert _where(doc, "discussed") == ("Tokyo", "JPN")
    assert _where(doc, "said") is None


def test_geo_locate_request_and_parties(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("Ankara urges Moscow to restrain Syrian regime in Idlib.")
    doc.actor_mentions = [
        ActorMention(text=name, start=doc.text.index(name), end=doc.text.index(name) + len(name), code=code,
                     country=code[:3])
        for name, code in (("Ankara", "TURGOV"), ("Moscow", "RUSGOV"))
    ]
    # the request happens nowhere the text says; Idlib is where the restraint is asked for
    assert _where(doc, "urges") is None
    assert _where(doc, "restrain") == ("Idlib", "SYR")


def test_geo_locate_between_names_parties_not_places(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("The Sochi agreement was reached on Sept. 17, 2018 between Turkey and Russia.")
    assert _where(doc, "reached") == ("Sochi", "RUS")


def test_geo_locate_never_a_demonym_and_no_guess(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("Fighting raged in Idlib on Monday.\nSyrian forces shelled several villages overnight.")
    assert _where(doc, "shelled") is None
    assert _where(doc, "raged") == ("Idlib", "SYR")


def test_geo_locate_needs_a_parse(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("Troops entered Kabul.")
    doc.spacy_doc = None
    with pytest.raises(ValueError, match="needs a parsed document"):
        locate_event(doc, 0)


def _actors(doc: Document, *names: str) -> list[ActorMention]:
    out = []
    for name in names:
        start = doc.text.index(name)
        out.append(ActorMention(text=name, start=start, end=start + len(name), code="XXX", country=None))
    return out


def test_geo_locate_topic_of_speech_is_not_the_place(geoparse: Callable[[str], Document]) -> None:
    doc = geoparse("Speaking on the recent situation in Libya, the minister denounced the attacks as piracy.")
    assert _where(doc, "denounced") is None
    doc = geoparse("Speaking on the sidelines of the summit in Tokyo, the minister denounced the attacks.")
    assert _where(doc, "denounced") == ("Tokyo", "JPN")


def test_geo_locate_place_naming_a_thing_stays_a_place(geoparse: Callable[[str], Document]) -> None:
    # the actor stage may resolve "Sochi" and "the Tripoli-based government" as actors; as modifiers the
    # places still say where
    doc = geoparse("The Sochi agreement was reached between Turkey and Russia.")
    doc.actor_mentions = _actors(doc, "Sochi", "Turkey", "Russia")
    assert _where(doc, "reached") == ("Sochi", "RUS")
    doc = geoparse("His militia launched an offensive in April against the Tripoli-based government.")
    doc.actor_mentions = _actors(doc, "the Tripoli-based government")
    assert _where(doc, "offensive") == ("Tripoli", "LBY")


@pytest.mark.issue(11)
def test_geo_locate_a_sentence_naming_no_place_continues_the_scene(geoparse: Callable[[str], Document]) -> None:
    """"In Columbus, firefighters agreed to a pay freeze. Police declined the offer": the police of Columbus."""
    doc = geoparse("In Euclid, Ohio, firefighters agreed to a pay cut. In Columbus, city firefighters agreed to a "
                   "pay freeze to avoid layoffs. Police declined the offer and were about to lose 25 recruits.")
    assert _where(doc, "declined") is None  # its own sentence names no place
    place = scene_place(doc, _token(doc, "declined"))
    assert place is not None and place.text == "Columbus" and place.admin1 is not None
    # a scene set after the verb ("… agreed in Columbus") is no scene; a place named in between ends it;
    # a paragraph break ends it
    for text in ("City firefighters agreed to a pay freeze in Columbus. Police declined the offer.",
                 "In Columbus, firefighters agreed to a pay freeze. The mayor of Toledo spoke. Police declined it.",
                 "In Columbus, firefighters agreed to a pay freeze.\n\nPolice declined the offer."):
        doc = geoparse(text)
        assert scene_place(doc, _token(doc, "declined")) is None, text
    # a sentence that names its own place keeps it
    doc = geoparse("In Columbus, firefighters agreed to a pay freeze. Police in Toledo declined the offer.")
    assert scene_place(doc, _token(doc, "declined")) is None
