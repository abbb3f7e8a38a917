"""Stage ``geo``: find the places a story names and resolve each to a gazetteer entry.

Recognition (:func:`find_toponyms`) takes spaCy's GPE, LOC and FAC entities, then adds what the small model
misses or mislabels, always by a rule a coder would state for any article:

- an ORG, PERSON, NORP … entity, or a capitalised proper noun outside any entity, whose whole text is a
  country, first-level subdivision or region name ("Cyprus" tagged ORG), or a town's name with a cue: a
  preposition such as "in" or "to" before it, a qualifier after it ("Gainesville, Va."), a dateline
  position ("TORONTO —"), a coordinated place ("Hilversum and Almelo"), or the same name tagged as a place
  elsewhere in the story. A name that runs on into other capitalised words ("Victoria Vivians", "Capital
  FM"), a generic word ("Central"), or a town named as the subject of "said" is not taken;
- a name the gazetteer does not know is kept, unresolved, when spaCy calls it a place and a preposition or
  a feature word supports it ("Lake Manassas", "in eastern Ghouta", "Glenrock Lagoon");
- demonyms and adjectives ("Syrian", "Turkish"), listed with kind ``demonym`` and their country's point;
- "the Libyan capital" and "Libya's capital" name the country's capital;
- lower-case direction words and articles are not part of a name ("northwestern Syria" is "Syria"); a
  capitalised one is, but the place is looked up without it when needed ("South Venezuela").

Resolution (:func:`resolve_toponyms`) scores each candidate place by its prominence (kind, population,
capital status), how its name matched, and the story: the countries it is about, the subdivisions it names
or whose towns it names, a qualifier next to the name, a feature word ("Idlib province"), and closeness to
the story's other places; weights in ``data/geo/weights.toml``. "Tripoli" in a Libya story is Libya's, not
Lebanon's. One name is read the same way throughout a story. As a reader would also:

- a first-order division counts for the places in it by the share of the story's other places that lie there
  (its dominant state), and a little when the story only names it;
- a town and a county that another name of the story can only be fit together ("Lebanon Police and the Boone
  County Sheriff": Lebanon and Boone County, Indiana);
- a sea or continent is not held against the story's country, and the model's LOC label ("the Atlantic")
  prefers it to a small town of that name;
- a venue, street or building the gazetteer lacks (:func:`place_venues`) is placed at the town its name
  holds ("Dubai World Trade Centre"), else at the story's town (dateline, or the most named town of its
  dominant country and state), with kind ``landmark``; large natural features are not.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from eventwire.config import Settings
from eventwire.document import Document, Place
from eventwire.geo.gazetteer import (
    MATCH_ACRONYM,
    MATCH_ALIAS,
    MATCH_PRIMARY,
    MATCH_VARIANT,
    Gazetteer,
    GazetteerEntry,
    load_gazetteer,
    name_key,
)
from eventwire.geo.schema import GeoWeights, GeoWords, load_geo_weights, load_geo_words
from eventwire.parse.columns import is_capitalised, token_columns

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NAME_LABELS = frozenset({"ORG", "PERSON", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
ARTICLES = frozenset({"the", "a", "an"})
MAX_NAME_TOKENS = 5

@dataclass
class Mention:
    """A stretch of text that names a place, before and after resolution."""

    start: int  # token index
    end: int  # token index, exclusive
    start_char: int
    end_char: int
    text: str
    origin: str  # ner | name | scan | demonym | capital | venue | context (a price or the URL: no place)
    label: str = ""
    lookup: str = ""  # the name looked up when it differs from the text ("Venezuela" for "South Venezuela")
    hint: str | None = None  # admin | city, from a feature word next to the name
    cue: bool = False  # a locative preposition, qualifier or dateline supports it
    dateline: bool = False
    qualifier: int | None = None  # index of the mention that qualifies it ("Gainesville, Va.")
    anchor: int | None = None  # index of the mention right after "in", "at" or "near" ("Terra Kulture in Lagos")
    conjuncts: list[int] = field(default_factory=list)  # indices of the places listed with it ("X, Y and Z")
    fixed: GazetteerEntry | None = None  # demonyms and capital phrases name their place outright
    candidates: list[tuple[GazetteerEntry, int]] = field(default_factory=list)
    resolved: GazetteerEntry | None = None
    doubtful: bool = False  # the gazetteer knows the name, but no reading of it fits the story
    landmark: bool = False  # a venue the gazetteer lacks, placed at its town (``resolved`` is the town)
    saint: bool = False  # a venue named after a saint ("St. Michael's Hospital"): not at a place of that name

    @property
    def name(self) -> str:
        return self.lookup or self.text

    @property
    def key(self) -> str:
        return name_key(self.name)


# ---------------------------------------------------------------------------------------------------------
# recognition


def is_acronym(text: str) -> bool:
    """"BA", "EU", "D.C.": an upper-case short form (see :func:`acronym_hits`)."""
    letters = text.replace(".", "").replace(" ", "")
    return letters.isupper() and len(letters) <= 4


def _is_capitalised(token: Any) -> bool:
    """"Idlib", "IDLIB", "St.", "U.S." (not "idlib", "2018")."""
    return is_capitalised(token.text)


def lookup_name(gazetteer: Gazetteer, text: str) -> list[tuple[GazetteerEntry, int]]:
    """Gazetteer hits for a name; "Calamba City" is the town Calamba when no place is called that."""
    hits = gazetteer.lookup(text)
    if not hits and text.casefold().endswith(" city"):
        hits = [(e, how) for e, how in gazetteer.lookup(text[: -len(" city")]) if e.kind == "city"]
    return hits


def acronym_hits(hits: list[tuple[GazetteerEntry, int]]) -> list[tuple[GazetteerEntry, int]]:
    """What an upper-case short form may name: a place listing it as an alias, or a country or state so
    named; not a town that happens to be spelled the same ("BA" is not Ba, Fiji)."""
    return [(e, how) for e, how in hits if how in (MATCH_ALIAS, MATCH_ACRONYM) or e.level <= 2 and how == MATCH_PRIMARY]


def gazetteer_level(gazetteer: Gazetteer, text: str) -> int | None:
    """The least specific level a name reaches by a place's own name or a listed alias (not variants)."""
    hits = lookup_name(gazetteer, text)
    if is_acronym(text):
        hits = acronym_hits(hits)
    levels = [e.level for e, how in hits if how in (MATCH_PRIMARY, MATCH_ALIAS, MATCH_ACRONYM)]
    return min(levels) if levels else None


class _Finder:
    """One pass over a parsed text collecting :class:`Mention` objects (see :func:`find_toponyms`)."""

    def __init__(self, spacy_doc: Any, gazetteer: Gazetteer, words: GeoWords, weights: GeoWeights) -> None:
        self.tokens = spacy_doc
        self.gazetteer = gazetteer
        self.words = words
        self.weak_town_population = weights.recognition.weak_town_min_population
        self.cue_words = words.locative_prepositions | words.directional_prepositions
        self.mentions: list[Mention] = []
        self.venues: list[tuple[int, int, str]] = []
        self.taken = [False] * len(spacy_doc)
        self.columns = token_columns(spacy_doc)
        self.people = self._person_words()
        self.place_keys = self._place_keys()

    # -- helpers --------------------------------------------------------------------------------------------

    def _person_words(self) -> set[str]:
        """Names of people in the story: a GPE spelled like a person's name is the person ("Çavuşoğlu")."""
        found: set[str] = set()
        lower, ent_type, capitalised = self.columns.lower, self.columns.ent_type, self.columns.capitalised
        titles = self.words.person_titles
        n = len(lower)
        for i in range(n):
            # "President Obama", "Sen. Clinton", "Prime Minister Abe": a capitalised name after a title
            title = lower[i].rstrip(".")
            if i > 0 and f"{lower[i - 1]} {title}" in titles:
                title = f"{lower[i - 1]} {title}"  # "Prime Minister"
            if (title in titles and capitalised[i] and i + 1 < n
                    and ent_type[i + 1] == "PERSON" and capitalised[i + 1]):
                end = i + 2
                while end < n and ent_type[end] == "PERSON" and capitalised[end]:
                    end += 1
                found.add(name_key(self.columns.text[end - 1]))
        for ent in self.tokens.ents:
            if ent.label_ == "PERSON" and len(ent) >= 2:
                end = ent.end - 1 if ent[-1].lower_ in ("'s", "\u2019s") else ent.end
                if end > ent.start:
                    found.add(name_key(self.columns.text_of(ent.start, end)))
                    found.add(name_key(self.tokens[end - 1].text))
        return found

    def _place_keys(self) -> set[str]:
        keys = set()
        for ent in self.tokens.ents:
            if ent.label_ in ("GPE", "LOC"):
                start, end = self._trim(ent.start, ent.end)
                if start < end:
                    keys.add(name_key(self.columns.text_of(start, end)))
        return keys

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        """Drop articles, punctuation, lower-case direction words ("western Syria") and possessive endings
        from the edges of a name; a capitalised direction word is part of the name ("South Sudan")."""
        tokens = self.tokens
        while start < end and (tokens[start].lower_ in ARTICLES or tokens[start].is_punct
                               or tokens[start].text.islower() and tokens[start].lower_ in self.words.direction_words
                               or tokens[start].text in DASHES):
            start += 1
        while end > start and (tokens[end - 1].lower_ in ("'s", "\u2019s", "'", "\u2019") or tokens[end - 1].is_punct
                               or end - start > 1 and tokens[end - 1].is_alpha and tokens[end - 1].text.islower()):
            end -= 1  # "the Pacific equatorial": a name does not end in a lower-case word
        return start, end

    def _lookup_name(self, start: int, end: int) -> str | None:
        """The gazetteer name for tokens[start:end], dropping capitalised direction words if need be."""
        text = self.columns.text_of(start, end)
        if self.gazetteer.has_name(text):
            return text
        while start < end - 1 and self.tokens[start].lower_ in self.words.direction_words:
            start += 1
            if self.tokens[start].text in DASHES and start < end - 1:
                start += 1
            if self.gazetteer.has_name(self.columns.text_of(start, end)):
                return self.columns.text_of(start, end)
        return None

    def cue(self, start: int, end: int, *, level: int = 4, by_name: bool = True) -> bool:
        """Something around the name says it is a place: a locative or directional preposition before it
        ("in", "near", "to"), a dateline position, a qualifier after it, a place before it when the name is a
        subdivision (``level`` 3 or less: "Oulton Park, Cheshire"), a coordinated place ("Hilversum and
        Almelo"), or (``by_name``) the same name tagged as a place elsewhere in the story."""
        return (self._preposition_before(start) or self._residence(start) or self.is_dateline(start, end)
                or self._qualified(end) or level <= 3 and self._after_place_comma(start)
                or self._coordinated(start, end)
                or by_name and name_key(self.columns.text_of(start, end)) in self.place_keys)

    def _preposition_before(self, start: int) -> bool:
        i = start - 1
        while i >= 0 and (self.tokens[i].lower_ in ARTICLES or self.tokens[i].lower_ in self.words.direction_words):
            i -= 1
        return i >= 0 and self.tokens[i].lower_ in self.cue_words and self.tokens[i].pos_ == "ADP"

    def _residence(self, start: int) -> bool:
        """"Jane Doe, 45, of Hayes, was …": ", of" before a name gives where a person lives."""
        return start >= 2 and self.tokens[start - 1].lower_ == "of" and self.tokens[start - 2].text == ","

    def is_dateline(self, start: int, end: int) -> bool:
        """An upper-case name opening a line, then a comma, a dash or "(AP)": "TORONTO —", "WASHINGTON (AP)"."""
        tokens = self.tokens
        text = self.columns.text_of(start, end)
        if not text.isupper() or len(text) < 3 or end >= len(tokens):
            return False
        opens_line = (start == 0 or "\n" in tokens[start - 1].text_with_ws or tokens[start - 1].is_space
                      or tokens[start].is_sent_start)
        return opens_line and (tokens[end].text in DASHES or tokens[end].text in (",", "("))

    def _qualified(self, end: int) -> bool:
        """", Va." or ", Syria" after the name: a town qualified by its state or country."""
        tokens = self.tokens
        if end + 1 >= len(tokens) or tokens[end].text != ",":
            return False
        for width in (3, 2, 1):
            if end + 1 + width <= len(tokens) and _is_capitalised(tokens[end + 1]):
                level = gazetteer_level(self.gazetteer, self.columns.text_of(end + 1, end + 1 + width))
                if level is not None and level <= 3:
                    return True
        return False

    def _after_place_comma(self, start: int) -> bool:
        """"Oulton Park, Cheshire": a subdivision named right after a name and a comma qualifies it."""
        if start < 2 or self.tokens[start - 1].text != ",":
            return False
        before = self.tokens[start - 2]
        return before.pos_ == "PROPN" or before.ent_type_ in PLACE_LABELS

    def _coordinated(self, start: int, end: int) -> bool:
        """"Hilversum and Almelo", "Nitra, Prešov and Košice": a conjunct of a place is a place."""
        head = self.tokens[end - 1]
        relatives = [head.head] if head.dep_ == "conj" else []
        relatives += [t for t in head.children if t.dep_ == "conj"]
        return any(t.ent_type_ in ("GPE", "LOC") or name_key(t.text) in self.place_keys for t in relatives
                   if not start <= t.i < end)

    def _could_be_name(self, start: int, end: int, *, possessor: bool = False) -> bool:
        """Whether tokens[start:end], found by the gazetteer rather than the model, can be a whole place
        name: capitalised, not a generic word alone ("Central", "Capital"), and not part of a longer
        capitalised name ("Victoria Vivians", "Capital FM", "Wilson's Farm")."""
        tokens = self.tokens
        if not _is_capitalised(tokens[start]) or self._generic(start, end) or not self._case_fits(start, end):
            return False
        head = tokens[start:end].root
        if head.dep_ == "nsubj" and head.head.lemma_ in self.words.person_verbs:
            return False  # "Noma said": a town's name in a person's place
        after = end
        if after < len(tokens) and tokens[after].lower_ in ("'s", "\u2019s"):
            after += 1
        if not possessor and after < len(tokens) and self._name_word(tokens[after]):
            return False
        before = tokens[start - 1] if start > 0 else None
        return not (before is not None and not tokens[start].is_sent_start and self._name_word(before))

    def _case_fits(self, start: int, end: int) -> bool:
        """"HAPs", "PoP": a word written in mixed case must be spelled that way by a place of that name."""
        text = self.columns.text_of(start, end)
        if text.isupper() or sum(ch.isupper() for ch in text.replace(" ", "")) <= len(text.split()):
            return True
        return any(e.name == text for e, _ in self.gazetteer.lookup(text))

    def _generic(self, start: int, end: int) -> bool:
        return all(t.lower_ in self.words.generic_words or t.lower_ in self.words.direction_words
                   or not any(ch.isalpha() for ch in t.text) for t in self.tokens[start:end])

    def _name_word(self, token: Any) -> bool:
        """A capitalised word that is not a place name the model found, nor a date ("Thursday")."""
        return (_is_capitalised(token) and token.pos_ in ("PROPN", "NOUN")
                and token.ent_type_ not in PLACE_LABELS | {"DATE", "TIME"})

    def add(self, start: int, end: int, origin: str, label: str = "", **extra: Any) -> Mention | None:
        if start >= end or any(self.taken[start:end]):
            return None
        span = self.tokens[start:end]
        mention = Mention(start, end, span.start_char, span.end_char, span.text, origin, label, **extra)
        for i in range(start, end):
            self.taken[i] = True
        self.mentions.append(mention)
        return mention

    # -- passes ---------------------------------------------------------------------------------------------

    def run(self) -> list[Mention]:
        self._saint_venues()
        self._capital_phrases()
        for ent in self.tokens.ents:
            if ent.label_ in PLACE_LABELS:
                self._place_entity(ent)
            elif ent.label_ in NAME_LABELS:
                self._named_entity(ent)
        self._scan()
        for start, end, label in self.venues:
            taken = [i for i in range(start, end) if self.taken[i]]
            if taken and taken[-1] + 2 < end and self.tokens[taken[-1] + 1].lower_ in ("'s", "\u2019s"):
                start = taken[-1] + 2  # "Derry's Altnagelvin Hospital": Derry is a place, the rest a venue
            if not any(self.taken[start:end]):
                self.add(start, end, "venue", label)
        self.mentions.sort(key=lambda m: m.start)
        self._merge_pairs()
        self._link_qualifiers()
        self._link_conjuncts()
        self._set_hints()
        self._currencies()
        return self.mentions

    def _currencies(self) -> None:
        """Prices in a one-country currency ("£1.40") vote for that country; up to three per story, after
        every name so that none links to them. They are never places (see :func:`_keep`)."""
        found = 0
        currencies = self.words.currency_countries
        for i, text in enumerate(self.columns.text):
            iso2 = currencies.get(text[:1]) if text else None
            country = self.gazetteer.country(iso2) if iso2 else None
            if country is None or found >= 3:
                continue
            token = self.tokens[i]
            found += 1
            self.mentions.append(Mention(token.i, token.i + 1, token.idx, token.idx + 1, token.text[:1],
                                         "context", "currency", fixed=country))

    def _place_entity(self, ent: Any) -> None:
        """A GPE, LOC or FAC entity: one name, or several ("Thruxton, Hampshire", "Greece Italy")."""
        start, end = self._trim(ent.start, ent.end)
        if start >= end:
            return
        if (start > 0 and start == ent.start and self.tokens[start - 1].lower_ in self.words.direction_words
                and not self.tokens[start - 1].text.islower()
                and self.gazetteer.has_name(self.columns.text_of(start - 1, end))):
            start -= 1  # "SOUTH WAZIRISTAN": the model left the capitalised direction word out of the name
        parts = [(start, end)]
        if self._lookup_name(start, end) is None and self.gazetteer.demonym(self.columns.text_of(start, end)) is None:
            parts = self._split(start, end)
        for part_start, part_end in parts:
            text = self.columns.text_of(part_start, part_end)
            cue = self.cue(part_start, part_end, level=3, by_name=False)
            if name_key(text) in self.people and not cue:
                continue
            lookup = self._lookup_name(part_start, part_end)
            demonym = self.gazetteer.demonym(text)
            if lookup is None and demonym is not None:
                self.add(part_start, part_end, "demonym", ent.label_, fixed=demonym)
                continue
            if lookup is None and self._known_prefix(part_start, part_end, max_level=3):
                # "Montgomery County Democrats", "Marathon County Sheriff": the place opens the name
                end = self._known_prefix(part_start, part_end, max_level=3)
                self.add(part_start, end, "ner", ent.label_, cue=cue)
                continue
            features = {self.tokens[part_start].lower_, self.tokens[part_end - 1].lower_}
            if lookup is None and not cue and not features & self.words.feature_heads:
                # a name neither the gazetteer nor the context supports: spaCy's small model calls many
                # people and products GPE ("Buhari", "UConn"); such a name is dropped
                continue
            self.add(part_start, part_end, "ner", ent.label_, lookup=lookup if lookup and lookup != text else "",
                     cue=cue, dateline=self.is_dateline(part_start, part_end))

    def _split(self, start: int, end: int) -> list[tuple[int, int]]:
        """Parts of a name that is not one: at commas and possessives, or a run of country and state names
        written without punctuation ("Greece Italy")."""
        tokens = self.tokens
        parts: list[tuple[int, int]] = []
        part_start = start
        for i in range(start, end + 1):
            if i == end or tokens[i].text in (",", ";") or tokens[i].lower_ in ("'s", "\u2019s"):
                s, e = self._trim(part_start, i)
                if s < e:
                    parts.append((s, e))
                part_start = i + 1
        if len(parts) == 1:
            run = self._partition(start, end)
            if run:
                return run
        return parts

    def _known_prefix(self, start: int, end: int, *, max_level: int) -> int:
        """End of the longest leading run of two or more words that names a country or subdivision, when a
        capitalised word follows it ("New Brunswick RCMP", "Montgomery County Democrats"); 0 if none."""
        for j in range(end - 1, start + 1, -1):
            level = gazetteer_level(self.gazetteer, self.columns.text_of(start, j))
            if (level is not None and level <= max_level and _is_capitalised(self.tokens[j])
                    and all(t.is_alpha for t in self.tokens[start:j])):
                return j
        return 0

    def _partition(self, start: int, end: int) -> list[tuple[int, int]]:
        """Cover tokens[start:end] with country and first-level names, longest first, or return []."""
        out: list[tuple[int, int]] = []
        i = start
        while i < end:
            for j in range(end, i, -1):
                level = gazetteer_level(self.gazetteer, self.columns.text_of(i, j))
                if level is not None and level <= 2:
                    out.append((i, j))
                    i = j
                    break
            else:
                return []
        return out if len(out) > 1 else []

    def _named_entity(self, ent: Any) -> None:
        """An ORG, PERSON, NORP … entity: a demonym, or a place name the model mislabelled."""
        start, end = self._trim(ent.start, ent.end)
        if start >= end:
            return
        tokens = self.tokens
        text = self.columns.text_of(start, end)
        demonym = self.gazetteer.demonym(text)
        if demonym is not None:
            self.add(start, end, "demonym", ent.label_, fixed=demonym)
            return
        featured = (ent.label_ != "PERSON" and end - start > 1 and _is_capitalised(tokens[end - 1])
                    and tokens[end - 1].lower_ in self.words.feature_heads)
        if (featured or self._named_in(ent, start, end)) and gazetteer_level(self.gazetteer, text) is None:
            # "Glenrock Lagoon", "in eastern Ghouta": a place the gazetteer does not know. One that holds a
            # country, a demonym or a possessor ("the Armenian Embassy", "Derry's Altnagelvin Hospital")
            # waits until those are found
            if self._holds_place(start, end):
                self._possessor(start, end, ent.label_)
                self.venues.append((start, end, ent.label_))
            else:
                self.add(start, end, "venue", ent.label_)
            return
        if gazetteer_level(self.gazetteer, text) is None and ent.label_ != "PERSON" and not self._is_institution(ent):
            prefix_end = self._known_prefix(start, end, max_level=3)
            if prefix_end:
                self.add(start, prefix_end, "name", ent.label_)
                return
        self._named_place(start, end, ent.label_)

    def _holds_place(self, start: int, end: int) -> bool:
        for token in self.tokens[start:end]:
            if token.lower_ in ("'s", "\u2019s") or self.gazetteer.demonym(token.text) is not None:
                return True
            level = gazetteer_level(self.gazetteer, token.text) if _is_capitalised(token) else None
            if level is not None and level <= 1:
                return True
        return False

    def _named_in(self, ent: Any, start: int, end: int) -> bool:
        """"in eastern Ghouta": a name the model took for an organisation, standing alone after "in" or
        "near" (not "in a Team Dynamics Honda", "in ITV3's", "in an NCAA tournament")."""
        tokens = self.tokens
        if (ent.label_ not in ("ORG", "FAC") or self._is_institution(ent)
                or is_acronym(self.columns.text_of(start, end))):
            return False
        if not all(_is_capitalised(t) for t in tokens[start:end]):
            return False
        after = tokens[end] if end < len(tokens) else None
        if after is not None and (after.lower_ in ("'s", "\u2019s", "'", "\u2019") or _is_capitalised(after)):
            return False
        i = ent.start - 1
        while i >= 0 and (tokens[i].lower_ == "the" or tokens[i].lower_ in self.words.direction_words):
            i -= 1
        # "at" names a venue only with a name of two or more words ("at Sullivan Goss", not "tweeted at Arike")
        return i >= 0 and (tokens[i].lower_ in ("in", "near", "outside", "inside")
                           or tokens[i].lower_ == "at" and end - start > 1)

    def _possessor(self, start: int, end: int, label: str) -> None:
        """"Derry's Altnagelvin Hospital": the possessor may be a place."""
        tokens = self.tokens
        for i in range(start + 1, end - 1):
            if tokens[i].lower_ in ("'s", "\u2019s") and gazetteer_level(self.gazetteer,
                                                                         self.columns.text_of(start, i)):
                # "Derry's Altnagelvin Hospital" owns a named venue; "Wilson's Farm" is a person's farm
                self._named_place(start, i, label, possessor=end - i > 2)

    def _is_institution(self, ent: Any) -> bool:
        return ent.label_ == "ORG" and ent[-1].lower_ in self.words.non_place_heads

    def _named_place(self, start: int, end: int, label: str, *, possessor: bool = False) -> None:
        """A place name inside a model entity; ``possessor``: it owns a named venue ("Derry's Altnagelvin
        Hospital"), so the capitalised words after it do not make it part of a longer name."""
        tokens = self.tokens
        text = self.columns.text_of(start, end)
        level = gazetteer_level(self.gazetteer, text)
        if level is None:
            self._possessor(start, end, label)
            return
        # "South Waziristan Agency" is the subdivision's own name, "Cavan County Council" an institution
        own_name = any(how == MATCH_PRIMARY and e.level <= 3 for e, how in lookup_name(self.gazetteer, text))
        if tokens[end - 1].lower_ in self.words.non_place_heads and not own_name or not self._could_be_name(
                start, end, possessor=possessor):
            return
        # a name the model took for a person's needs a preposition, a qualifier or a coordinated place, not
        # just the same name tagged as a place elsewhere; a surname of the story's people needs a qualifier
        cue = self.cue(start, end, level=level, by_name=label != "PERSON")
        if name_key(text) in self.people and not (self._qualified(end) or self.is_dateline(start, end)):
            return
        if level <= 2 and label != "PERSON" or level <= 1 or cue:
            self.add(start, end, "name", label, cue=cue, dateline=self.is_dateline(start, end))
        elif label in ("ORG", "NORP", "PRODUCT") and self._town_population(text) >= self.weak_town_population:
            self.add(start, end, "name", label)

    def _town_population(self, text: str) -> int:
        # a name listed for a town by hand counts like its own ("the White House" for Washington)
        return max((e.population for e, how in self.gazetteer.lookup(text)
                    if e.level >= 3 and how in (MATCH_PRIMARY, MATCH_ALIAS)), default=0)

    def _zones(self) -> list[int]:
        """Per token, what the gazetteer may find there: 0 outside every entity (anything); 1 inside a name
        such as an organisation or event (demonyms and country, state or region names: "the Armenian
        Embassy", "Ruler of Dubai"); 2 inside an institution's name (demonyms and countries only: "the U.S.
        Securities and Exchange Commission", not "Colorado State University"); 3 inside a person's name or a
        number (nothing)."""
        zones = [0] * len(self.tokens)
        for ent in self.tokens.ents:
            if ent.label_ in PLACE_LABELS:
                zone = 1
            elif ent.label_ == "PERSON" and len(ent) > 2 and (self.gazetteer.demonym(ent[0].text) is not None
                                                            or gazetteer_level(self.gazetteer, ent[0].text) == 1):
                # "Russian Foreign Minister Sergey Lavrov", "US President Barack Obama": a demonym or country
                # opens the title before the name
                zones[ent.start] = 2
                for i in range(ent.start + 1, ent.end):
                    zones[i] = 3
                continue
            elif ent.label_ == "PERSON" or ent.label_ not in NAME_LABELS:
                zone = 3
            else:
                zone = 2 if self._is_institution(ent) else 1
            for i in range(ent.start, ent.end):
                zones[i] = zone
        return zones

    def _scan(self) -> None:
        """Capitalised words that name a place, longest name first (see :meth:`_zones` for where)."""
        capitalised = self.columns.capitalised
        zones = self._zones()
        i = 0
        while i < len(capitalised):
            if self.taken[i] or zones[i] == 3 or not capitalised[i]:
                i += 1
                continue
            for width in range(min(MAX_NAME_TOKENS, len(capitalised) - i), 0, -1):
                end = i + width
                if (len(set(zones[i:end])) != 1 or any(self.taken[i:end])
                        or not capitalised[end - 1]):
                    continue
                if self._scan_one(i, end, zone=zones[i]):
                    break
            i += 1

    def _scan_one(self, start: int, end: int, *, zone: int) -> bool:
        text = self.columns.text_of(start, end)
        demonym = self.gazetteer.demonym(text)
        if demonym is not None:
            if zone == 1 and self._inside_name(start):
                return False  # "Percy French Hotel": a person's name, not France
            return self.add(start, end, "demonym", fixed=demonym) is not None
        level = gazetteer_level(self.gazetteer, text)
        if level is None or level > (4, 2, 1)[zone] or self._generic(start, end):
            return False
        # the model tags place names as proper nouns; "Still" and "No" are not
        if not self.is_dateline(start, end) and any(t.pos_ != "PROPN" for t in self.tokens[start:end]
                                                     if t.is_alpha):
            return False
        # a country is a country wherever it stands ("Ukraine Trade Mission"); a smaller name must stand alone
        if level >= 2 and zone == 0 and not self._could_be_name(start, end):
            return False
        cue = self.cue(start, end, level=level)
        # a sentence-initial capital proves nothing: a name there needs the same support as a town's
        weak = level > 2 or self.tokens[start].is_sent_start
        if name_key(text) in self.people or weak and not cue:
            return False
        return self.add(start, end, "scan", cue=cue, dateline=self.is_dateline(start, end)) is not None

    def _saint_name_end(self, i: int) -> int:
        """End of a saint's name opening at token ``i`` ("St. Michael", "Saint Mary"), or 0."""
        if self.columns.lower[i].rstrip(".") not in self.words.saint_words or not self.columns.capitalised[i]:
            return 0
        tokens = self.tokens
        j = i + 1
        if j < len(tokens) and tokens[j].text == ".":
            j += 1
        end = j
        while end < len(tokens) and end - j < 2 and _is_capitalised(tokens[end]) and tokens[end].is_alpha:
            end += 1
        return end if end > j else 0

    def _institution_word(self, token: Any) -> bool:
        return _is_capitalised(token) and (token.lower_ in self.words.feature_heads
                                           or token.lower_ in self.words.non_place_heads)

    def _saint_venues(self) -> None:
        """"St. Michael's Hospital", "St Patrick's Cathedral", "the University of St. Thomas": a building or
        institution named after a saint is a venue, not the parish or town of the saint's name."""
        tokens = self.tokens
        for i in range(len(tokens)):
            if self.taken[i]:
                continue
            end = self._saint_name_end(i)
            if not end:
                continue
            head = None
            if end + 1 < len(tokens) and tokens[end].lower_ in ("'s", "\u2019s"):
                k = end + 1
                # one descriptive word may stand before the head ("St. Mary's Medical Center"), but not a
                # town's feature word ("St. Paul's City Hall" is in St. Paul)
                if (k + 1 < len(tokens) and _is_capitalised(tokens[k]) and not self._institution_word(tokens[k])
                        and tokens[k].lower_ not in self.words.city_words | self.words.admin_words):
                    k += 1
                if k < len(tokens) and self._institution_word(tokens[k]):
                    head = k
            if head is not None:
                self.add(i, head + 1, "venue", "FAC", saint=True)
                continue
            before = i - 1
            if before >= 1 and tokens[before].lower_ == "the":
                before -= 1
            if before >= 1 and tokens[before].lower_ == "of" and self._institution_word(tokens[before - 1]):
                start = before - 1
                while start > 0 and _is_capitalised(tokens[start - 1]) and not tokens[start].is_sent_start:
                    start -= 1
                self.add(start, end, "venue", "FAC", saint=True)

    def _inside_name(self, start: int) -> bool:
        """Whether a word continues a capitalised name of the same entity that is no place ("Percy French")."""
        tokens = self.tokens
        if (start == 0 or tokens[start].ent_iob_ != "I" or not _is_capitalised(tokens[start - 1])
                or tokens[start - 1].pos_ != "PROPN"):
            return False
        before = tokens[start - 1].text
        level = gazetteer_level(self.gazetteer, before)
        return self.gazetteer.demonym(before) is None and (level is None or level > 2)

    def _capital_phrases(self) -> None:
        """"the Libyan capital" and "Libya's capital" name the country's capital city (one place)."""
        tokens = self.tokens
        capital_words = self.words.capital_words
        for i, lower in enumerate(self.columns.lower):
            if lower not in capital_words or i == 0:
                continue
            token = tokens[i]
            if token.dep_ == "compound":  # "the Turkish capital markets" is about money
                continue
            # "the Syrian capital Damascus", "the Libyan capital, Tripoli": the city is named; let it speak
            following = [t for t in tokens[token.i + 1 : token.i + 3] if not t.is_punct][:1]
            if following and following[0].ent_type_ in PLACE_LABELS:
                continue
            prev = tokens[token.i - 1]
            country: GazetteerEntry | None = None
            start = token.i - 1
            if prev.lower_ in ("'s", "\u2019s") and token.i >= 2:
                hits = [e for e, _ in self.gazetteer.lookup(tokens[token.i - 2].text) if e.kind == "country"]
                country = hits[0] if hits else None
                start = token.i - 2
            else:
                demonym = self.gazetteer.demonym(prev.text)
                country = demonym if demonym is not None and demonym.kind == "country" else None
            capital = self.gazetteer.capital(country.country2) if country is not None else None
            if capital is None:
                continue
            if start > 0 and tokens[start - 1].lower_ == "the":
                start -= 1
            self.add(start, token.i + 1, "capital", fixed=capital)

    def _merge_pairs(self) -> None:
        """"Washington" "," "D.C." found apart is one name when the gazetteer knows "Washington, D.C."."""
        merged: list[Mention] = []
        for mention in self.mentions:
            last = merged[-1] if merged else None
            adjacent = mention.start == last.end if last is not None else False
            comma = last is not None and mention.start == last.end + 1 and self.tokens[last.end].text == ","
            if last is not None and last.fixed is None and mention.fixed is None and (adjacent or comma):
                span = self.tokens[last.start : mention.end]
                if self.gazetteer.has_name(span.text):
                    merged[-1] = Mention(last.start, mention.end, span.start_char, span.end_char, span.text,
                                         last.origin, last.label, cue=True)
                    continue
            merged.append(mention)
        self.mentions = merged

    def _link_qualifiers(self) -> None:
        """"Gainesville, Va.": the second name (a state or country) qualifies the first."""
        starts = {m.start for m in self.mentions}
        for index, (a, b) in enumerate(zip(self.mentions, self.mentions[1:], strict=False)):
            between = self.tokens[a.end : b.start]
            # "Washington, New York and Boston" is a list, not Washington in New York
            after = self.tokens[b.end : b.end + 2]
            in_list = len(after) == 2 and after[0].lower_ in (",", "and", "or", "&") and (
                b.end + 1 in starts or after[1].lower_ in ("and", "or") and b.end + 2 in starts)
            if (len(between) == 1 and between[0].lower_ in ("in", "at", "near") and b.origin != "demonym"
                    and a.anchor is None):
                a.anchor = index + 1
            if len(between) == 1 and between[0].lower_ in ("'s", "\u2019s") and b.origin == "venue":
                b.anchor = index  # "Derry's Altnagelvin Hospital"
            if len(between) == 1 and between[0].text in (",", "(") and b.origin != "demonym" and not in_list:
                level = gazetteer_level(self.gazetteer, b.name)
                if level is not None and level <= 3:
                    a.qualifier = index + 1
                    a.cue = True

    def _link_conjuncts(self) -> None:
        """"California or Washington", "Washington, New York and Boston": the places of one list."""
        by_token = {m.end - 1: i for i, m in enumerate(self.mentions)}
        for index, mention in enumerate(self.mentions):
            head = self.tokens[mention.end - 1]
            relatives = [head.head] if head.dep_ == "conj" else []
            relatives += [t for t in head.children if t.dep_ == "conj"]
            for token in relatives:
                other = by_token.get(token.i)
                if other is not None and other != index:
                    mention.conjuncts.append(other)
                    self.mentions[other].conjuncts.append(index)
        for mention in self.mentions:
            mention.conjuncts = sorted(set(mention.conjuncts))

    def _set_hints(self) -> None:
        """"Idlib province" / "the city of Idlib": a feature word says which kind of place is meant."""
        tokens = self.tokens
        for mention in self.mentions:
            after = tokens[mention.end].lower_ if mention.end < len(tokens) else ""
            before = [t.lower_ for t in tokens[max(0, mention.start - 2) : mention.start]]
            of_phrase = len(before) == 2 and before[1] == "of"
            if after in self.words.admin_words or of_phrase and before[0] in self.words.admin_words:
                mention.hint = "admin"
            elif after in self.words.city_words or of_phrase and before[0] in self.words.city_words:
                mention.hint = "city"


def find_toponyms(spacy_doc: Any, gazetteer: Gazetteer, words: GeoWords,
                  weights: GeoWeights | None = None, url: str | None = None) -> list[Mention]:
    """The place names of a parsed text, in text order, not yet resolved (pure); then the context-only
    mentions (origin ``context``) of its prices and of its URL's country domain.

    See the module docstring for the rules.
    """
    mentions = _Finder(spacy_doc, gazetteer, words, weights or load_geo_weights()).run()
    country = _domain_country(url, gazetteer, words)
    if country is not None:
        mentions.append(Mention(0, 0, 0, 0, url or "", "context", "domain", fixed=country))
    return mentions


def _domain_country(url: str | None, gazetteer: Gazetteer, words: GeoWords) -> GazetteerEntry | None:
    """The country of a URL's country-code domain ("….co.uk": United Kingdom), unless the code is one sites
    everywhere use (".tv", ".io"); None for ".com" and the like."""
    if not url:
        return None
    host = url.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0].rstrip(".").lower()
    code = host.rsplit(".", 1)[-1] if "." in host else ""
    if len(code) != 2 or not code.isalpha() or code in words.generic_country_domains:
        return None
    return gazetteer.country("GB" if code == "uk" else code.upper())


# ---------------------------------------------------------------------------------------------------------
# resolution


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def prior_score(entry: GazetteerEntry, how: int, weights: GeoWeights) -> float:
    """Prominence of a place before the story is read: its kind, population, capital status, name match."""
    prior = weights.prior
    score = prior.kind(entry.level) + prior.population * math.log10(entry.population + 1)
    if entry.capital_of:
        score += prior.capital
    return score + weights.match.of(how)


def _candidates(mention: Mention, gazetteer: Gazetteer,
                directions: frozenset[str] = frozenset()) -> list[tuple[GazetteerEntry, int]]:
    hits = lookup_name(gazetteer, mention.name)
    if is_acronym(mention.name) and not mention.dateline:
        hits = acronym_hits(hits)
    # "South Lebanon" is the south of Lebanon unless the story says it is the village in Ohio: a direction
    # word before a country or state that only villages are named after adds that country or state
    first, _, rest = mention.name.partition(" ")
    if rest and first.casefold() in directions and hits and all(e.level == 4 for e, _ in hits):
        hits = hits + [(e, MATCH_ALIAS) for e, how in gazetteer.lookup(rest)
                       if e.level in (1, 2) and how in (MATCH_PRIMARY, MATCH_ALIAS)]
    return hits


def _container_penalties(hits: list[tuple[GazetteerEntry, int]], weights: GeoWeights) -> dict[int, float]:
    """A subdivision that shares its name with a town inside it yields to the town ("Idlib", "New York")."""
    towns = [e for e, _ in hits if e.kind == "city"]
    penalties: dict[int, float] = {}
    for entry, _ in hits:
        if entry.kind == "admin" and any(entry.geonameid in (t.admin1_id, t.admin2_id) for t in towns):
            penalties[entry.index] = weights.context.same_name_container
    return penalties


class _Context:
    """What the story says about where it is: countries, subdivisions named, subdivisions that hold the
    places named, and resolved points."""

    def __init__(self) -> None:
        self.countries: defaultdict[str, float] = defaultdict(float)
        self.own: defaultdict[str, defaultdict[str, float]] = defaultdict(lambda: defaultdict(float))
        self.admins: set[int] = set()
        self.holders: set[int] = set()
        self.points: list[tuple[str, float, float]] = []
        self.divisions: defaultdict[int, float] = defaultdict(float)  # first-order division -> places in it
        self.own_division: dict[str, int] = {}
        self.nests: dict[int, set[str]] = {}  # subdivision id -> names that may be it or a town inside it

    def division_share(self, admin1_id: int | None, key: str) -> float:
        """The share of the story's other places that lie in first-order division ``admin1_id``."""
        if not admin1_id or not self.divisions:
            return 0.0
        own = self.own_division.get(key)
        total = sum(self.divisions.values()) - (1.0 if own is not None else 0.0)
        here = self.divisions.get(admin1_id, 0.0) - (1.0 if own == admin1_id else 0.0)
        return here / total if total > 0 else 0.0

    def nested(self, entry: GazetteerEntry, key: str) -> bool:
        """Another name of the story may be the county (second-order division) this town lies in, or a town
        inside this county."""
        if entry.kind == "city":
            return bool(entry.admin2_id and self.nests.get(entry.admin2_id, set()) - {key})
        return (entry.kind == "admin" and entry.geonameid is not None
                and bool(self.nests.get(entry.geonameid, set()) - {key}))

    def vote(self, key: str, iso2: str, weight: float) -> None:
        self.countries[iso2] += weight
        self.own[key][iso2] += weight

    def top_focus(self, key: str) -> float:
        """The focus of the country the rest of the story is most about."""
        return max((self.focus(iso2, key) for iso2 in self.countries), default=0.0)

    def focus(self, iso2: str | None, key: str) -> float:
        """How much the rest of the story (not the name ``key`` itself) is about country ``iso2``."""
        if not iso2 or not self.countries:
            return 0.0
        top = max(self.countries.values())
        return (self.countries.get(iso2, 0.0) - self.own[key].get(iso2, 0.0)) / top if top else 0.0


def _soft_context(groups: dict[str, list[Mention]], weights: GeoWeights) -> _Context:
    """Countries the story is about, before anything is resolved: each name votes for the countries of its
    readings in proportion to how likely each reading is."""
    context = _Context()
    for key, group in groups.items():
        mention = group[0]
        if mention.fixed is not None:
            if mention.fixed.country2:
                context.vote(key, mention.fixed.country2, 0.5 * len(group))
            continue
        hits = mention.candidates
        if not hits:
            continue
        scores = [prior_score(e, how, weights) for e, how in hits]
        top = max(scores)
        likelihoods = [math.exp(s - top) for s in scores]
        total = sum(likelihoods)
        votes: dict[str, float] = defaultdict(float)
        for (entry, _), likelihood in zip(hits, likelihoods, strict=True):
            if entry.country2:
                votes[entry.country2] = max(votes[entry.country2], likelihood / total)
        for iso2, vote in votes.items():
            context.vote(key, iso2, vote * min(len(group), 3))
    return context


def _hard_context(groups: dict[str, list[Mention]]) -> _Context:
    context = _Context()
    for key, group in groups.items():
        entry = group[0].fixed or group[0].resolved
        if entry is None:
            continue
        if entry.country2:
            context.vote(key, entry.country2, (0.5 if group[0].origin == "demonym" else 1.0) * min(len(group), 3))
        if entry.kind == "admin" and entry.geonameid:
            context.admins.add(entry.geonameid)
        if entry.kind == "city":
            context.holders.update(i for i in (entry.admin1_id, entry.admin2_id) if i)
        # a country's point counts too: "Israeli strikes hit Gaza" is Gaza beside Israel, not in Mozambique
        if entry.lat is not None and entry.lon is not None and entry.level >= 1:
            context.points.append((key, entry.lat, entry.lon))
        if entry.level >= 2 and entry.admin1_id and group[0].origin != "demonym":
            context.divisions[entry.admin1_id] += 1.0
            context.own_division[key] = entry.admin1_id
    return context


def _nests(groups: dict[str, list[Mention]]) -> dict[int, set[str]]:
    """County (second-order division) id -> the names of the story that may be that county (names that can be
    nothing but a subdivision), or that may be a town inside a county some other such name may be."""
    admins: dict[int, set[str]] = defaultdict(set)
    for key, group in groups.items():
        # only a name that can be nothing but a subdivision ("Boone County"), not "Washington" or "Mexico"
        if group[0].candidates and all(e.kind == "admin" for e, _ in group[0].candidates):
            for entry, _ in group[0].candidates:
                if entry.geonameid:
                    admins[entry.geonameid].add(key)
    nests: dict[int, set[str]] = defaultdict(set)
    for key, group in groups.items():
        for entry, _ in group[0].candidates:
            if entry.kind != "city":
                continue
            holder = entry.admin2_id
            if holder and admins.get(holder, set()) - {key}:
                nests[holder].add(key)
                nests[holder].update(admins[holder])
    return nests


def _score(entry: GazetteerEntry, how: int, key: str, group: list[Mention], mentions: list[Mention],
           context: _Context, penalties: dict[int, float], weights: GeoWeights) -> float:
    weight = weights.context
    score = prior_score(entry, how, weights) + penalties.get(entry.index, 0.0)
    # a sea or continent lies in no one country, so no country the story is about counts against it
    score += weight.country_focus * (context.top_focus(key) if entry.kind == "region" else
                                     context.focus(entry.country2, key))
    if entry.kind != "country" and entry.geonameid != entry.admin1_id:
        if entry.admin2_id in context.admins and entry.kind == "city":
            score += weight.admin_focus
        else:
            score += max(weight.admin_named * (entry.admin1_id in context.admins),
                         weight.admin_focus * context.division_share(entry.admin1_id, key))
    if context.nested(entry, key):
        score += weight.nested
    if entry.kind == "admin" and entry.geonameid in context.holders:
        score += weight.admin_focus
    hints = {m.hint for m in group if m.hint}
    if hints and entry.kind in hints:
        score += weight.hint
    elif entry.kind == "region" and any(m.label == "LOC" for m in group):
        score += weight.hint  # the model's LOC is a sea, range or region, not a town: "the Atlantic"
    qualifiers = [mentions[m.qualifier] for m in group if m.qualifier is not None]
    if qualifiers:
        score += max(_qualifier_score(entry, q, weights) for q in qualifiers)
    if context.points and entry.lat is not None and entry.lon is not None and entry.level >= 2:
        near = [haversine_km(entry.lat, entry.lon, lat, lon) for other, lat, lon in context.points if other != key]
        if near and min(near) <= weight.near_km:
            score += weight.near
    return score


def _qualifier_score(entry: GazetteerEntry, qualifier: Mention, weights: GeoWeights) -> float:
    areas = [qualifier.fixed] if qualifier.fixed else [e for e, _ in qualifier.candidates if e.level <= 3]
    for area in areas:
        if area is None:
            continue
        if area.kind == "country" and area.country2 == entry.country2:
            return weights.context.qualifier_match
        if area.kind == "admin" and area.geonameid in (entry.admin1_id, entry.admin2_id):
            return weights.context.qualifier_match
    return weights.context.qualifier_mismatch if entry.level >= 3 else 0.0


def resolve_toponyms(mentions: list[Mention], gazetteer: Gazetteer, weights: GeoWeights | None = None,
                     words: GeoWords | None = None) -> None:
    """Pick a gazetteer entry for each mention (sets ``Mention.resolved``); same name, same place."""
    weights = weights or load_geo_weights()
    directions = (words or load_geo_words()).direction_words
    groups: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        if mention.fixed is None:
            mention.candidates = _candidates(mention, gazetteer, directions)
        # one name, one place in a story; a name with a feature word ("the Idlib region") is read apart
        key = mention.key if mention.fixed is None else f"{mention.origin}:{mention.key}"
        groups[key if mention.hint is None else f"{key}:{mention.hint}"].append(mention)
    context = _soft_context(groups, weights)
    nests = _nests(groups)
    context.nests = nests
    for _ in range(2):
        for key, group in groups.items():
            first = group[0]
            if first.fixed is not None:
                for m in group:
                    m.resolved = m.fixed
                continue
            if not first.candidates:
                continue
            penalties = _container_penalties(first.candidates, weights)
            scored = [(_score(e, how, key, group, mentions, context, penalties, weights), e)
                      for e, how in first.candidates]
            score, best = max(scored, key=lambda item: item[0])
            # a village abroad that the story gives no reason to think of ("Titan" the company, not Tītān in
            # Afghanistan) is no reading at all
            doubtful = score < weights.context.min_score and not any(m.cue for m in group)
            for m in group:
                m.resolved = None if doubtful else best
                m.doubtful = doubtful
        context = _hard_context(groups)
        context.nests = nests
    _match_conjuncts(mentions)


def _other_readings(mention: Mention, level: int) -> list[GazetteerEntry]:
    """Readings of a mention's name at ``level`` that rival its resolved reading (a tenth of its population or
    more: Washington State beside Washington, D.C.; not California, Maryland beside the state)."""
    current = mention.resolved
    if current is None:
        return []
    return [e for e, how in mention.candidates if e.level == level and how != MATCH_VARIANT
            and e.population * 10 >= current.population]


def _match_conjuncts(mentions: list[Mention]) -> None:
    """The places of one list are of one kind: "states such as California or Washington" names the state,
    "stops in Washington, New York and Boston" the city. A name with rival readings of both kinds (state and
    town) takes the kind that its list-mates without such rivals share, in their country."""
    def plain_level(m: Mention) -> int | None:
        entry = m.resolved
        if entry is None or m.fixed is not None or entry.level not in (2, 4):
            return None
        return None if _other_readings(m, 6 - entry.level) else entry.level

    levels = [plain_level(m) for m in mentions]
    for mention in mentions:
        current = mention.resolved
        if current is None or mention.fixed is not None or mention.hint is not None or not mention.conjuncts:
            continue
        mates = {level for i in mention.conjuncts if (level := levels[i]) is not None}
        if len(mates) != 1 or current.level in mates:
            continue
        level = mates.pop()
        countries = {entry.country2 for i in mention.conjuncts if (entry := mentions[i].resolved) is not None}
        readings = [e for e in _other_readings(mention, level) if e.country2 in countries]
        if readings:
            mention.resolved = max(readings, key=lambda e: e.population)


# ---------------------------------------------------------------------------------------------------------
# the stage


def _is_venue(mention: Mention, words: GeoWords) -> bool:
    """A building, street or site the gazetteer lacks: a FAC entity, a venue, or a name whose first or last
    word is a feature word; not a large natural feature ("Orinoco River", "Pilanesburg Mountains")."""
    if mention.resolved is not None or mention.doubtful or mention.origin not in ("ner", "venue"):
        return False
    heads = {w.casefold().rstrip(".") for w in mention.text.split()[:: max(1, len(mention.text.split()) - 1)]}
    if heads & words.large_feature_heads:
        return False
    return mention.label == "FAC" or mention.origin == "venue" or bool(heads & words.feature_heads)


def place_venues(mentions: list[Mention], words: GeoWords) -> None:
    """A venue the gazetteer lacks is placed at its town, as a reader would place it: the town or county its
    own words give (see :func:`_anchor`: "Oulton Park, Cheshire"), else the town its name holds ("Dubai World
    Trade Centre", "Old Town Manassas"; not for a saint's name) when the story names that town, else the story's
    town: its dateline, or the town of the story's dominant country and first-order division that it names
    most (the one named last before the venue on a tie), else the county it names most. A story that names
    no town or county leaves it unresolved."""
    placed = [m for m in mentions if m.resolved is not None and m.fixed is None and not m.landmark]
    resolved = {m.key: m.resolved for m in placed if m.resolved is not None and m.resolved.level >= 2}
    towns = [(i, m.resolved) for i, m in enumerate(mentions) if m in placed and m.resolved is not None
             and m.resolved.kind == "city"]
    countries: defaultdict[str, int] = defaultdict(int)
    admins: defaultdict[int, int] = defaultdict(int)
    counts: defaultdict[int, int] = defaultdict(int)
    for m in placed:
        entry = m.resolved
        if entry is not None and entry.country2:
            countries[entry.country2] += 1
            if entry.level >= 2 and entry.admin1_id:
                admins[entry.admin1_id] += 1
    for _, entry in towns:
        counts[entry.index] += 1
    counties: dict[int, GazetteerEntry] = {}
    counts_by_county: defaultdict[int, int] = defaultdict(int)
    for m in placed:
        if m.resolved is not None and m.resolved.level == 3:
            counties[m.resolved.index] = m.resolved
            counts_by_county[m.resolved.index] += 1
    datelines = [m.resolved for m in placed if m.dateline and m.resolved is not None and m.resolved.kind == "city"]
    for index, mention in enumerate(mentions):
        if not _is_venue(mention, words):
            continue
        town = _anchor(mention, mentions)
        if town is None and not mention.saint:
            town = _town_in_name(mention.name, resolved)
        if town is None and datelines:
            town = datelines[0]
        if town is None and towns:
            before = {entry.index: i for i, entry in towns if i < index}
            town = max((entry for _, entry in towns),
                       key=lambda e: (countries[e.country2 or ""], admins[e.admin1_id or 0], counts[e.index],
                                      before.get(e.index, -1)))
        if town is None and counties:
            # no town named: the story's county ("MetroHealth Medical Center" in a Cuyahoga County story)
            town = max(counties.values(), key=lambda e: (countries[e.country2 or ""], counts_by_county[e.index]))
        if town is not None:
            mention.resolved = town
            mention.landmark = True


def _anchor(mention: Mention, mentions: list[Mention]) -> GazetteerEntry | None:
    """The town or county a venue's own words place it in: "Oulton Park, Cheshire", "Terra Kulture in
    Lagos", "Agriculture Park at Wana", "Derry's Altnagelvin Hospital"."""
    for index in (mention.qualifier, mention.anchor):
        if index is None or not 0 <= index < len(mentions):
            continue
        entry = mentions[index].resolved
        if entry is not None and entry.level >= 3 and not mentions[index].landmark:
            return entry
    return None


def _town_in_name(text: str, resolved: dict[str, GazetteerEntry]) -> GazetteerEntry | None:
    """The story's town (or else subdivision) whose name is a run of the venue's words, longest first."""
    parts = text.replace("\u2019s", "").replace("'s", "").split()
    found: list[GazetteerEntry] = []
    for width in range(len(parts) - 1, 0, -1):
        for start in range(len(parts) - width + 1):
            entry = resolved.get(name_key(" ".join(parts[start : start + width])))
            if entry is not None:
                found.append(entry)
        if found:
            return max(found, key=lambda e: e.level)
    return None


def to_place(mention: Mention) -> Place:
    entry = mention.resolved
    if entry is None:
        kind = "landmark" if mention.label == "FAC" or mention.origin == "venue" else None
        return Place(text=mention.text, start=mention.start_char, end=mention.end_char, kind=kind)
    kind = "demonym" if mention.origin == "demonym" else "landmark" if mention.landmark else entry.kind
    return Place(text=mention.text, start=mention.start_char, end=mention.end_char, name=entry.name,
                 geonameid=entry.geonameid, country=entry.country, admin1=entry.admin1, lat=entry.lat,
                 lon=entry.lon, kind=kind)


def find_places(spacy_doc: Any, gazetteer: Gazetteer, words: GeoWords,
                weights: GeoWeights | None = None, url: str | None = None) -> list[Place]:
    """Recognise and resolve the places of a parsed text (pure); ``url``: the article's, whose country-code
    domain is context."""
    weights = weights or load_geo_weights()
    mentions = find_toponyms(spacy_doc, gazetteer, words, weights, url)
    resolve_toponyms(mentions, gazetteer, weights, words)
    place_venues(mentions, words)
    return [to_place(m) for m in mentions if _keep(m)]


def _keep(mention: Mention) -> bool:
    """Names found only by the gazetteer are kept only when resolved; model entities are kept either way."""
    if mention.origin == "context":
        return False
    return mention.resolved is not None or mention.origin in ("ner", "venue") and not mention.doubtful


class Geoparser:
    """Stage callable: fills ``doc.places``. Picklable: holds the settings; the gazetteer loads lazily, once
    per process."""

    name = "geo"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def gazetteer(self) -> Gazetteer:
        return load_gazetteer()

    @property
    def words(self) -> GeoWords:
        return load_geo_words()

    @property
    def weights(self) -> GeoWeights:
        return load_geo_weights()

    def __call__(self, doc: Document) -> Document:
        if doc.spacy_doc is None:
            from eventwire.parse import load_nlp

            doc.spacy_doc = load_nlp(self.settings.model)(doc.text)
        doc.places = find_places(doc.spacy_doc, self.gazetteer, self.words, self.weights, doc.article.url)
        return doc


def make_geoparser(settings: Settings) -> Geoparser:
    """The ``geo`` stage for ``settings``.

    >>> geoparse = make_geoparser(Settings())  # doctest: +SKIP
    >>> [p.name for p in geoparse(parsed_doc).places]  # doctest: +SKIP
    ['Idlib', 'Syria', ...]
    """
    return Geoparser(settings)
