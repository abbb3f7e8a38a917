"""Where an event happened: the place the text puts it, or none.

:func:`locate_event` reads the places the ``geo`` stage found (``doc.places``) and the parse of the event's
sentence:

1. Scope. A place in the trigger's own phrase wins ("attack on a migrant center in Tripoli"), then one in
   its clause (walking up from a noun trigger to its verb: "an airstrike hit … in the Libyan capital"),
   then one elsewhere in its sentence. Beyond the sentence nothing is guessed: an event whose sentence
   names no place gets none.
2. Not the place of this event: what was said, asked or planned, or what talk is about. A place inside a
   reported or requested clause that does not hold the trigger ("Ankara urges Moscow to restrain the regime
   *in Idlib*") is where that other action happens; one in the topic of speech ("speaking on the situation
   *in Libya*") is what is spoken of.
3. Not a place at all here: demonyms ("Turkish observation posts"), and places that are parties to the
   event, i.e. subjects ("Ankara urged"), places after "between"/"with" ("agreement between Turkey and
   Russia"), and places the actor stage resolved as actors unless they follow a locative preposition
   ("called on Moscow", but "talks in Moscow") or only modify a noun ("the Sochi agreement", "the
   Tripoli-based government").
4. Within a scope the most specific place wins (landmark, town, subdivision, country, region), then the
   one nearest the trigger.

:func:`scene_place` is the one step beyond the sentence: a sentence that names no place at all continues the
scene a sentence just before it set with a place put first ("In Columbus, city firefighters agreed to a pay
freeze. Police declined the offer …"), up to ``scene_sentences`` back in the same paragraph and only while no
other place is named in between. The event's ``location_basis`` then says "context".
"""

from __future__ import annotations

from typing import Any

from eventwire.document import Document, Place
from eventwire.geo.schema import GeoWords, load_geo_words
from eventwire.parse.tree import climb_while, sentence_at, sentence_index

KIND_RANK = {"landmark": 5, "city": 4, "admin": 3, "country": 2, "region": 1}
MODIFIER_DEPS = frozenset({"compound", "amod", "npadvmod", "nmod", "nummod"})
CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "advcl", "relcl", "conj", "parataxis", "acl", "pcomp", "csubj"})


def _head(spacy_doc: Any, place: Place) -> Any | None:
    span = spacy_doc.char_span(place.start, place.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _first_conjunct(token: Any) -> Any:
    return climb_while(token, lambda t: t.dep_ == "conj")


def _is_party(head: Any, place: Place, actor_spans: list[tuple[int, int]], words: GeoWords) -> bool:
    """Whether the place names a party to the event rather than where it happened."""
    token = _first_conjunct(head)
    if token.dep_ in ("nsubj", "csubj", "expl") or token.dep_ == "pobj" and token.head.dep_ == "agent":
        return True
    preposition = token.head.lower_ if token.dep_ == "pobj" else None
    if preposition in words.participant_prepositions:
        return True
    if token.dep_ in MODIFIER_DEPS:
        # "the Sochi agreement", "the Tripoli-based government": a place naming a thing is still a place
        return False
    is_actor = any(s < place.end and place.start < e for s, e in actor_spans)
    return is_actor and preposition not in words.locative_prepositions


def _topics(sent: Any, trigger: Any, words: GeoWords) -> set[int]:
    """Token indices of what something is said to be about ("speaking on the situation in Libya", "talks
    on Syria"), unless the trigger is inside."""
    out: set[int] = set()
    for token in sent:
        if token.dep_ == "prep" and token.lower_ in words.topic_prepositions and (
                token.head.lemma_.lower() in words.speech_heads):
            objects = [t.lemma_.lower() for t in token.children if t.dep_ == "pobj"]
            if any(o in words.non_topic_objects for o in objects):
                continue
            subtree = {t.i for t in token.subtree}
            if trigger.i not in subtree:
                out |= subtree
    return out


def _content_clauses(sent: Any, trigger: Any, words: GeoWords) -> set[int]:
    """Token indices of the sentence's reported or requested clauses ("urges Moscow [to restrain …]",
    "adding [that an attack in Tripoli proved …]") that do not hold the trigger."""
    out: set[int] = set()
    for token in sent:
        if token.dep_ in words.content_clause_deps:
            subtree = {t.i for t in token.subtree}
            if trigger.i not in subtree:
                out |= subtree
    return out


def _clause_head(token: Any) -> Any:
    """The verb heading the clause a token stands in (the token itself if it heads one)."""
    return climb_while(token, lambda t: t.dep_ not in CLAUSE_DEPS)


def _best(candidates: list[tuple[Place, int]], trigger_i: int) -> Place | None:
    if not candidates:
        return None
    resolved = [c for c in candidates if c[0].lat is not None] or candidates
    return max(resolved, key=lambda c: (KIND_RANK.get(c[0].kind or "", 0), -abs(c[1] - trigger_i)))[0]


def locate_event(doc: Document, trigger_token_i: int) -> Place | None:
    """The place of the event whose trigger is token ``trigger_token_i`` of ``doc.spacy_doc``, or None.

    Args:
        doc: a parsed document whose ``places`` the ``geo`` stage has filled (``actor_mentions`` are used
            when present).
        trigger_token_i: index of the event's trigger token in ``doc.spacy_doc``.

    Raises:
        ValueError: the document is not parsed or the index is outside it.

    >>> locate_event(doc, trigger_i)  # doctest: +SKIP
    Place(text='the Libyan capital', name='Tripoli', country='LBY', kind='city', ...)
    """
    spacy_doc = doc.spacy_doc
    if spacy_doc is None:
        raise ValueError(f"article {doc.id}: locate_event needs a parsed document (run the parse stage)")
    if not 0 <= trigger_token_i < len(spacy_doc):
        raise ValueError(f"article {doc.id}: token {trigger_token_i} is outside the document")
    words = load_geo_words()
    trigger = spacy_doc[trigger_token_i]
    sent = trigger.sent
    actor_spans = [(m.start, m.end) for m in doc.actor_mentions]
    said = _content_clauses(sent, trigger, words) | _topics(sent, trigger, words)
    clause = _clause_head(trigger)
    own = {t.i for t in trigger.subtree} - said
    in_clause = {t.i for t in clause.subtree} - said

    scopes: tuple[list[tuple[Place, int]], ...] = ([], [], [])
    for place in doc.places:
        if place.kind == "demonym" or not (sent.start_char <= place.start < sent.end_char):
            continue
        head = _head(spacy_doc, place)
        if head is None or head.i in said or _is_party(head, place, actor_spans, words):
            continue
        scope = 0 if head.i in own else 1 if head.i in in_clause else 2
        scopes[scope].append((place, head.i))
    for candidates in scopes:
        best = _best(candidates, trigger_token_i)
        if best is not None:
            return best
    return None


def _scene_setter(spacy_doc: Any, sent: Any, places: list[Place], words: GeoWords) -> Place | None:
    """The place a sentence opens with as its scene ("In Columbus, …", "In Euclid, in the northeast, …")."""
    first = next((t for t in sent if not (t.is_punct or t.is_space)), None)
    if first is None or first.dep_ != "prep" or first.lower_ not in words.locative_prepositions \
            or first.head.i <= first.i:
        return None
    objects = {t.i for t in first.children if t.dep_ == "pobj"}
    for place in places:
        head = _head(spacy_doc, place)
        if head is not None and _first_conjunct(head).i in objects and place.lat is not None \
                and place.kind in ("landmark", "city", "admin"):
            return place
    return None


def scene_place(doc: Document, trigger_token_i: int) -> Place | None:
    """The place of an event whose sentence names none: the scene a sentence just before it set ("In
    Columbus, …"), or None. See the module's docstring."""
    spacy_doc = doc.spacy_doc
    if spacy_doc is None:
        raise ValueError(f"article {doc.id}: scene_place needs a parsed document (run the parse stage)")
    words = load_geo_words()
    if words.scene_sentences == 0:
        return None
    index = sentence_index(spacy_doc, trigger_token_i)
    sent = sentence_at(spacy_doc, index)
    places = [p for p in doc.places if p.kind != "demonym"]
    if any(sent.start_char <= p.start < sent.end_char for p in places):
        return None
    current = sent
    for back in range(1, words.scene_sentences + 1):
        if index - back < 0:
            return None
        previous = sentence_at(spacy_doc, index - back)
        if "\n" in doc.text[previous.start_char + len(previous.text.rstrip()): current.start_char + 1]:
            return None  # a paragraph ends there
        inside = [p for p in places if previous.start_char <= p.start < previous.end_char]
        if inside:
            return _scene_setter(spacy_doc, previous, inside, words)
        current = previous
    return None
