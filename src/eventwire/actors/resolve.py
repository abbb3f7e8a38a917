"""Resolve actor noun phrases to CAMEO actor codes, on the date of the story.

Two entry points share one composition rule (:func:`compose`):

- :func:`resolve_phrase` takes a phrase as a string ("his Russian counterpart Vladimir Putin");
- :func:`find_actor_mentions` takes a parsed document, finds every actor noun phrase, resolves it, then links
  later references (a surname, "the minister", "he", an acronym introduced in parentheses) to the first full
  mention.

Composition, in order (the phrase's head region is the part before its first preposition or clause):

1. a named person gives their role on the story date; a title in front of the name ("President") overrides
   a stale elite code, "former"/"ousted" makes the person an elite (``ELI``);
2. a named organisation gives its code ("HTS" -> ``SYRREB``, "U.N." -> ``IGOUNO``);
3. a country (name, adjective, possessive, capital, or a named person or organisation used as a modifier)
   plus sector words gives country + sector ("the Syrian regime" -> ``SYRGOV``); a title with an office
   ("Turkey's foreign minister") also names the office-holder of that date;
4. a capital alone stands for its government ("Ankara" -> ``TURGOV``), a plural demonym for the country's
   civilians ("Syrians" -> ``SYRCVL``), a country name for the country;
5. sector words alone take their country from a prepositional phrase ("rebels in Darfur"), else have none
   ("migrants" -> ``REF``).
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from eventwire.actors.kb import INTERNATIONAL, ActorKB, NameHit, fold_pieces, load_actor_kb, parse_day
from eventwire.actors.schema import ActorEntry
from eventwire.config import Settings
from eventwire.document import ActorMention, Document
from eventwire.parse.columns import token_columns
from eventwire.parse.tree import climb_while, entity_at, entity_bounds

FORMER = frozenset({"former", "ex", "ousted", "deposed", "exiled", "toppled", "late", "onetime", "erstwhile"})
# Words that end the head of a phrase given as a string ("rebels | in Darfur", "King Hassan | of Morocco").
SEPARATORS = frozenset({
    "of", "in", "from", "at", "near", "throughout", "across", "inside", "outside", "within", "based", "operating",
    "living", "fleeing", "ordered", "who", "which", "that", "whose", "on", "for", "with", "to", "against", "by",
    "during", "after", "before", "under", "over", "among", "between", "into", "around", ",", ";", ":", "–", "—",
})
PARTICIPLES = frozenset({"based", "operating", "living", "fleeing", "ordered"})
LOCATIVE = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout", "around", "within", "into",
                      "toward", "towards", "through", "via", "over", "off"})
PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_ACRONYM_RE = re.compile(r"^[A-Z][A-Z0-9&-]{1,9}$")


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a phrase refers to: a CAMEO code split into country and sectors, and a canonical name.

    ``code == (country or "") + "".join(sectors)``; international actors have no country and a first sector
    such as ``IGO`` (``IGOUNO``: sectors ``("IGO", "UNO")``).
    """

    code: str
    country: str | None
    sectors: tuple[str, ...]
    name: str | None = None
    actor_id: str | None = None
    kind: str = "name"  # name | title | demonym | pronoun | acronym | sector | alias

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "country": self.country, "sectors": list(self.sectors), "name": self.name,
                "actor_id": self.actor_id, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Tok:
    """A token as the resolver sees it (from a spaCy token or from tokenizing a phrase)."""

    i: int
    text: str
    idx: int
    pieces: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Match:
    """A knowledge-base name found over tokens ``start`` .. ``end - 1``."""

    start: int
    end: int
    entry: ActorEntry
    hit: NameHit

    @property
    def kind(self) -> str:
        """person | organization | country | people | metonym | sector | title"""
        if self.hit.mode == "people":
            return "people"
        return self.entry.type


# ---- matching ----------------------------------------------------------------------------------------------


def make_toks(words: Iterable[tuple[str, int]]) -> list[Tok]:
    return [Tok(i, text, idx, fold_pieces(text)) for i, (text, idx) in enumerate(words)]


def _is_capitalised(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.isupper()
        if ch.isdigit():
            return True
    return False


def _accepts(toks: Sequence[Tok], start: int, end: int, hit: NameHit) -> bool:
    """Case rule: sector words match in any case; names need a capital (after a particle such as "al-");
    names of three letters or fewer ("US", "UN", "HTS") need capitals throughout."""
    if hit.mode == "word":
        return True
    span = [t.text for t in toks[start:end] if t.pieces]
    if not span:
        return False
    if hit.mode == "acronym":
        letters = [ch for text in span for ch in text if ch.isalpha()]
        return bool(letters) and all(ch.isupper() for ch in letters)
    for text in span:
        if text.lower() in _PARTICLES_LOWER:
            continue
        return _is_capitalised(text)
    return _is_capitalised(span[0])


_PARTICLES_LOWER = frozenset({"al", "el", "ad", "as", "ash", "bin", "ibn", "de", "del", "der", "des", "di", "dos",
                              "du", "da", "la", "le", "van", "von"})


def find_matches(kb: ActorKB, toks: Sequence[Tok]) -> list[Match]:
    """Knowledge-base names over ``toks``: left to right, longest first, not overlapping."""
    pieces: list[str] = []
    owner: list[int] = []
    first_piece: list[bool] = []
    for tok in toks:
        for k, piece in enumerate(tok.pieces):
            pieces.append(piece)
            owner.append(tok.i)
            first_piece.append(k == 0)
    base = toks[0].i if toks else 0
    matches: list[Match] = []
    p = 0
    while p < len(pieces):
        if not first_piece[p] or pieces[p] not in kb.lengths:
            p += 1
            continue

        def accept(length: int, hit: NameHit, p: int = p) -> bool:
            last = p + length - 1
            if last + 1 < len(pieces) and not first_piece[last + 1] and owner[last + 1] == owner[last]:
                return False  # the name must end where a token ends
            return _accepts(toks, owner[p] - base, owner[last] - base + 1, hit)

        found = kb.match_pieces(pieces, p, accept)
        if found is None:
            p += 1
            continue
        length, hit = found
        matches.append(Match(owner[p], owner[p + length - 1] + 1, kb.entries[hit.entry_id], hit))
        p += length
    return matches


@functools.cache
def _tokenizer() -> Any:
    import spacy

    return spacy.blank("en").tokenizer


def tokenize(text: str) -> list[Tok]:
    return make_toks((t.text, t.idx) for t in _tokenizer()(text))


# ---- composition -------------------------------------------------------------------------------------------


@dataclass
class Phrase:
    """A noun phrase to resolve: its head region's matches, the matches of its modifiers, and its cues."""

    head: list[Match]
    modifiers: list[Match] = field(default_factory=list)
    possessive_at: int | None = None  # token index of a possessive 's inside the head region
    former: bool = False
    possessor: Resolution | None = None  # a resolved possessor (e.g. the antecedent of "his")
    span: tuple[int, int] | None = None  # token range of the head region (for titles and surnames)


def _make(country: str | None, sectors: Sequence[str], *, name: str | None = None, actor_id: str | None = None,
          kind: str = "name") -> Resolution | None:
    code = (country or "") + "".join(sectors)
    if not code:
        return None
    return Resolution(code, country, tuple(sectors), name, actor_id, kind)


def _from_code(kb: ActorKB, code: str, **kwargs: Any) -> Resolution | None:
    country, sectors = kb.split_code(code)
    return _make(country, sectors, **kwargs)


def _context_of(kb: ActorKB, match: Match, day: date | None) -> tuple[str | None, str | None]:
    """(country or international top code, canonical name) a match lends as a modifier."""
    entry = match.entry
    if match.kind in ("person", "organization"):
        code = kb.code_at(entry, day)
        if not code:
            return None, None
        country, sectors = kb.split_code(code)
        if country:
            return country, entry.display_name
        return (code if sectors and sectors[0] in INTERNATIONAL else None), entry.display_name
    if match.kind in ("country", "metonym", "people") and entry.code:
        country, _ = kb.split_code(entry.code)
        if country is None and entry.code[:3] in INTERNATIONAL:
            return entry.code, entry.display_name  # "Brussels" for the EU
        return country, kb.countries.get(country or "") or entry.display_name
    return None, None


def _sectors_of(entry: ActorEntry) -> tuple[str, ...]:
    """The sectors of a sector or title word (its code is sectors only: MUS is Muslim here, not Mauritius)."""
    code = entry.code or ""
    return tuple(code[i: i + 3] for i in range(0, len(code), 3))


def _head_sector(matches: Sequence[Match]) -> Match | None:
    """The sector word that heads the phrase: the last specific one, else the last generic one."""
    words = [m for m in matches if m.kind in ("sector", "title")]
    specific = [m for m in words if not m.entry.generic]
    chosen = specific or words
    return chosen[-1] if chosen else None


def _text_of(toks: Sequence[Tok], start: int, end: int) -> str:
    base = toks[0].i if toks else 0
    return " ".join(t.text for t in toks[start - base: end - base])


def _preceded_by(toks: Sequence[Tok], index: int, words: frozenset[str]) -> bool:
    """Whether the token before ``index`` (skipping a hyphen) is one of ``words`` ("anti-Syria", "ethnic")."""
    base = toks[0].i if toks else 0
    k = index - base - 1
    if k >= 0 and toks[k].text in ("-", "–"):
        k -= 1
    return k >= 0 and toks[k].text.lower() in words


_STANCE = frozenset({"anti", "pro"})
_ETHNIC = frozenset({"ethnic"})


def _title_words(kb: ActorKB, toks: Sequence[Tok], start: int, end: int) -> list[Match]:
    """Title and sector words anywhere in tokens start..end-1, also inside names ("President X" as one alias)."""
    base = toks[0].i if toks else 0
    window = [t for t in toks[start - base: end - base]]
    out: list[Match] = []
    k = 0
    while k < len(window):
        step = 1
        for length in (4, 3, 2, 1):
            key = tuple(p for t in window[k: k + length] for p in t.pieces)
            hits = kb.names.get(key) if key else None
            hit = next((h for h in hits or () if h.mode == "word"), None)
            if hit is not None and len(window[k: k + length]) == length:
                out.append(Match(window[k].i, window[k].i + length, kb.entries[hit.entry_id], hit))
                step = length
                break
        k += step
    return out


def compose(kb: ActorKB, toks: Sequence[Tok], phrase: Phrase, day: date | None) -> Resolution | None:
    """Resolve one phrase (see the module docstring for the rules)."""
    head = [m for m in phrase.head if not (m.kind in ("country", "metonym") and _preceded_by(toks, m.start, _STANCE))]
    possessor: list[Match] = []
    if phrase.possessive_at is not None:
        after = [m for m in head if m.start > phrase.possessive_at]
        if after:
            possessor = [m for m in head if m.end <= phrase.possessive_at]
            head = after
        else:
            head = [m for m in head if m.end <= phrase.possessive_at]
    result = _compose_head(kb, toks, head, possessor, phrase, day)
    if result is None and phrase.modifiers and not head:
        result = _compose_head(kb, toks, phrase.modifiers, [], Phrase(phrase.modifiers), day)
    return result


def _countries_in(kb: ActorKB, matches: Iterable[Match], day: date | None) -> set[str]:
    out = set()
    for match in matches:
        if match.kind in ("country", "metonym", "people"):
            value, _ = _context_of(kb, match, day)
            if value:
                out.add(value)
    return out


def _compose_head(kb: ActorKB, toks: Sequence[Tok], head: list[Match], possessor: list[Match], phrase: Phrase,
                  day: date | None) -> Resolution | None:
    explicit = _countries_in(kb, head + phrase.modifiers + possessor, day)
    for m in [m for m in head if m.kind == "person"]:
        own, _ = _context_of(kb, m, day)
        bare = m.end - m.start - sum(t.end - t.start for t in _title_words(kb, toks, m.start, m.end)) <= 1
        titled = any(t.kind == "title" and t.end <= m.start for t in head) or bare and m.end - m.start > 1
        if bare and titled and explicit and own not in explicit:
            head = [h for h in head if h is not m]  # a bare name of another country's person ("King Hassan of
            # Morocco" is not Jordan's Prince Hassan)
    persons = [m for m in head if m.kind == "person"]
    orgs = [m for m in head if m.kind == "organization"]
    sector_head = _head_sector(head)

    if persons:
        person = persons[-1]
        trailing = [m for m in head if m.start > person.start and m.kind == "sector"]
        if not trailing:
            return _person(kb, toks, person, phrase, day)
    if orgs and (sector_head is None or sector_head.start < orgs[-1].start or sector_head.entry.generic
                 or not persons):
        return _organisation(kb, orgs[-1], head, day)
    if not persons and not orgs and sector_head is not None and phrase.span is not None \
            and not _countries_in(kb, head + possessor, day):
        found = _person_by_surname(kb, toks, sector_head, replace(phrase, head=head), explicit, day)
        if found is not None:
            return found

    # Country context: the head region's own country words, else a possessor, else a modifier phrase.
    top: str | None = None
    context_name: str | None = None
    context_id: str | None = None
    context_kind = "name"
    people_head = sector_head is None and any(m.kind == "people" for m in head)
    for match in head:
        if match.kind in ("country", "metonym", "people", "person", "organization"):
            if match.kind in ("country", "people") and _preceded_by(toks, match.start, _ETHNIC):
                continue  # "ethnic Albanians": an ethnicity, not a state
            if people_head and match.kind == "people" and phrase.modifiers:
                continue  # "Albanians of southern Serbia": the people of where the phrase says
            value, name = _context_of(kb, match, day)
            if value:
                top, context_name = value, name
                if match.kind in ("person", "organization"):
                    context_id, context_kind = match.entry.id, "name"
                elif match.kind == "metonym":
                    context_kind = "alias"
                else:
                    context_kind = "demonym" if match.kind == "people" or _is_adjective(toks, match) else "name"
                break
    if top is None and possessor:
        for match in possessor:
            value, name = _context_of(kb, match, day)
            if value:
                top, context_name = value, name
                if match.kind in ("person", "organization"):
                    context_id = match.entry.id
                break
    if top is None and phrase.possessor is not None:
        top = phrase.possessor.country or phrase.possessor.code
        context_name, context_id = phrase.possessor.name, phrase.possessor.actor_id
    if top is None and (sector_head is not None or people_head):
        for match in phrase.modifiers:
            value, name = _context_of(kb, match, day)
            if value:
                top, context_name = value, name
                break
    country = top if top in kb.countries else None

    if sector_head is not None:
        sectors = _sectors_of(sector_head.entry)
        if sector_head.entry.type == "title" and top and not _name_follows(toks, sector_head, phrase):
            title_key = fold_pieces(_text_of(toks, sector_head.start, sector_head.end))
            holding = kb.holder(top, sector_head.entry.office, title_key, day)
            if holding is not None and not phrase.former:
                entry = kb.entries[holding.entry_id]
                return _from_code(kb, holding.role.code, name=entry.display_name, actor_id=entry.id, kind="title")
        if phrase.former and top:
            sectors = ("ELI",)
        if top and not country:  # an international body: its own code, then the sector
            base = kb.split_code(top)[1]
            extra = tuple(s for s in sectors if s not in base and s != "GOV")
            return _make(None, base + extra, name=context_name, actor_id=context_id, kind="name")
        kind = "sector" if not country else ("title" if sector_head.entry.type == "title" else context_kind)
        # "the Bashar Assad regime" is named after Assad but is not Assad: no actor id for the body.
        body_id = context_id if sector_head.entry.type == "title" else None
        return _make(country, sectors, name=context_name if country else None, actor_id=body_id, kind=kind)

    # No sector word: a capital, a people, a country or a possessor on its own.
    if people_head:  # "Syrians", "Bosnian Serbs", "ethnic Albanians": people, coded as civilians
        return _make(country, ("CVL",), name=context_name if country else None, kind="demonym")
    for match in reversed(head):
        if match.kind == "metonym" and match.entry.code:
            return _from_code(kb, match.entry.code, name=match.entry.display_name, actor_id=match.entry.id,
                              kind="alias")
    for match in head:
        if match.kind == "country" and match.entry.code and not _preceded_by(toks, match.start, _ETHNIC):
            return _make(match.entry.code, (), name=match.entry.display_name, actor_id=match.entry.id,
                         kind="demonym" if _is_adjective(toks, match) else "name")
    if possessor:
        return _compose_head(kb, toks, possessor, [], Phrase(possessor), day)
    return None


def _name_follows(toks: Sequence[Tok], title: Match, phrase: Phrase) -> bool:
    """Whether an unknown capitalised name follows a title ("King Hassan"): then the title's current holder
    is not the one meant."""
    if phrase.span is None:
        return False
    base = toks[0].i if toks else 0
    covered = {i for m in phrase.head for i in range(m.start, m.end)}
    nxt = title.end - base
    return nxt < phrase.span[1] - base and nxt < len(toks) and toks[nxt].i not in covered \
        and bool(toks[nxt].pieces) and _is_capitalised(toks[nxt].text)


def _is_adjective(toks: Sequence[Tok], match: Match) -> bool:
    words = fold_pieces(_text_of(toks, match.start, match.end))
    return any(fold_pieces(adj) == words for adj in match.entry.adjectives)


def _person(kb: ActorKB, toks: Sequence[Tok], person: Match, phrase: Phrase, day: date | None) -> Resolution | None:
    entry = person.entry
    code = kb.code_at(entry, day) or ""
    country, sectors = kb.split_code(code)
    span_start = phrase.span[0] if phrase.span else person.start
    titles = [m for m in _title_words(kb, toks, span_start, person.end)
              if not m.entry.generic and m.entry.type == "title"]
    if phrase.former and country:
        sectors = ("ELI",)
    elif titles:
        title_sectors = _sectors_of(titles[-1].entry)
        if title_sectors and not set(title_sectors) & set(sectors):
            # The text says what the person is now ("President X"): trust it over a stale dated role; an
            # official of an international body keeps the body's code ("U.N. Secretary-General Kofi Annan").
            sectors = title_sectors if country else sectors + title_sectors
    return _make(country, sectors, name=entry.display_name, actor_id=entry.id, kind="name")


def _person_by_surname(kb: ActorKB, toks: Sequence[Tok], word: Match, phrase: Phrase, explicit: set[str],
                       day: date | None) -> Resolution | None:
    """A capitalised name the knowledge base does not list in full, next to a title or sector word, found by
    its surname: "President Kagame", "President Omar El Bashir", "the Bush administration".

    Candidates are the people with that surname (of the phrase's country, when it names one), narrowed by the
    given names, then by holding a role of the word's sector on the date. One candidate gives the person; several
    of one country give that country; otherwise nothing.
    """
    assert phrase.span is not None
    base = toks[0].i if toks else 0
    covered = {i for m in phrase.head for i in range(m.start, m.end)}
    names: list[Tok] = []
    if word.entry.type == "title":  # the name follows the title
        for tok in toks[word.end - base: phrase.span[1] - base]:
            if tok.i in covered or not tok.pieces or not _is_capitalised(tok.text):
                break
            names.append(tok)
    else:  # the name precedes the sector word ("Bush administration")
        for tok in reversed(toks[phrase.span[0] - base: word.start - base]):
            if tok.i in covered or not tok.pieces or not _is_capitalised(tok.text):
                break
            names.insert(0, tok)
    if not names:
        return None
    surname = names[-1].pieces[-1]
    given = {p for t in names[:-1] for p in t.pieces} - _PARTICLES_LOWER
    wanted = set(_sectors_of(word.entry))
    found: list[tuple[ActorEntry, str | None, tuple[str, ...]]] = []
    for entry_id in kb.surnames.get(surname, ()):
        entry = kb.entries[entry_id]
        code = kb.code_at(entry, day)
        if not code:
            continue
        country, sectors = kb.split_code(code)
        if explicit and country not in explicit:
            continue
        found.append((entry, country, sectors))
    if given:
        named = [f for f in found if given <= {p for n in f[0].names for p in fold_pieces(n)}]
        found = named or found
    if len(found) > 1:
        holding = [f for f in found if wanted & set(f[2])]
        found = holding or found
    if not found:
        return None
    sectors_out = _sectors_of(word.entry)
    if len(found) == 1:
        entry, country, sectors = found[0]
        if word.entry.type == "title" and wanted & set(sectors):
            sectors_out = sectors
        if country is None:
            return None
        return _make(country, sectors_out, name=entry.display_name,
                     actor_id=entry.id if word.entry.type == "title" else None, kind="name")
    # Several people: if most of them are of one country (two Presidents Bush and a Caymanian premier), the
    # phrase is taken to be of that country, without naming the person.
    counts: dict[str | None, int] = {}
    for _, country, _ in found:
        counts[country] = counts.get(country, 0) + 1
    best = max(counts, key=lambda c: counts[c])
    if best is not None and counts[best] * 2 > len(found):
        return _make(best, sectors_out, name=kb.countries.get(best), kind="name")
    return None


def _organisation(kb: ActorKB, org: Match, head: list[Match], day: date | None) -> Resolution | None:
    entry = org.entry
    code = kb.code_at(entry, day) or ""
    country, sectors = kb.split_code(code)
    modes = {m.hit.mode for m in head if m.entry.id == entry.id}
    kind = "name" if "proper" in modes else "acronym"
    after = [m for m in head if m.start >= org.end and m.kind in ("sector", "title")]
    title = next((m for m in after if m.kind == "title" and m.entry.office), None)
    if title is not None:
        holding = kb.holder(country or code, title.entry.office, None, day)
        if holding is not None:
            holder = kb.entries[holding.entry_id]
            return _from_code(kb, holding.role.code, name=holder.display_name, actor_id=holder.id, kind="title")
    if country is None:
        specific = [m for m in after if not m.entry.generic]
        if specific:
            # "UN peacekeepers" -> IGOUNO + MIL; a title adds its sector too ("Arab League Secretary-General"),
            # a generic word does not ("U.N. officials" stay IGOUNO).
            word = specific[-1]
            extra = tuple(s for s in _sectors_of(word.entry) if s not in sectors
                          and (s != "GOV" or word.entry.type == "title"))
            sectors = sectors + extra
    return _make(country, sectors, name=entry.display_name, actor_id=entry.id, kind=kind)


# ---- phrases given as strings ------------------------------------------------------------------------------


def resolve_phrase(kb: ActorKB, text: str, day: date | None) -> Resolution | None:
    """Resolve a phrase given as a string (``ActorKB.resolve``)."""
    toks = tokenize(text)
    if not toks:
        return None
    matches = find_matches(kb, toks)
    covered = {i for m in matches for i in range(m.start, m.end)}
    split = len(toks)
    for tok in toks[1:]:
        if tok.i in covered or tok.text.lower() not in SEPARATORS or not any(m.start < tok.i for m in matches):
            continue
        if tok.text.lower() in PARTICIPLES and toks[tok.i - 1].text in "-–":
            continue  # "Tripoli-based" is a modifier, "based in Trinidad" a clause
        split = tok.i
        break
    possessive = next((t.i for t in toks[:split] if t.text in _POSSESSIVE and t.i not in covered), None)
    phrase = Phrase(
        head=[m for m in matches if m.end <= split],
        modifiers=[m for m in matches if m.start >= split],
        possessive_at=possessive,
        former=any(t.text.lower() in FORMER for t in toks[:split]),
        span=(0, split),
    )
    return compose(kb, toks, phrase, day)


# ---- documents ---------------------------------------------------------------------------------------------

_NP_LEFT_DEPS = frozenset({"compound", "amod", "nmod", "flat", "nummod", "npadvmod", "nn", "quantmod"})
_NOMINAL = frozenset({"NOUN", "PROPN"})
_NP_CHILD_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "predet", "nn",
                            "flat", "appos", "case"})


@dataclass
class _Candidate:
    head: int
    start: int  # token indices, end exclusive
    end: int
    matches: list[Match]
    modifiers: list[Match]
    possessive_at: int | None
    former: bool
    pronoun_possessor: int | None = None
    surname_only: bool = False  # a PERSON entity the knowledge base does not know: only a later reference


_PARSE_MATCHES: weakref.WeakKeyDictionary[Any, tuple[ActorKB, list[Tok], tuple[Match, ...]]] = \
    weakref.WeakKeyDictionary()
"""spaCy Doc -> (knowledge base, tokens, matches) the actor-name component found during its parse; held
beside the document, not in its ``user_data`` (which must stay plain data), and gone with it."""


def remember_matches(spacy_doc: Any, kb: ActorKB, toks: list[Tok], matches: list[Match]) -> None:
    """Keep what the actor-name component found, for the actors stage (one pass per document)."""
    _PARSE_MATCHES[spacy_doc] = (kb, toks, tuple(matches))


def _tokens_and_matches(spacy_doc: Any, kb: ActorKB) -> tuple[list[Tok], list[Match]]:
    """The folded tokens and knowledge-base names of a document: those the actor-name component found
    during the parse when it used this same knowledge base (one pass, each token folded once), else anew."""
    found = _PARSE_MATCHES.pop(spacy_doc, None)
    if found is not None and found[0] is kb and len(found[1]) == len(spacy_doc):
        return found[1], list(found[2])
    toks = [Tok(t.i, t.text, t.idx, fold_pieces(t.text)) for t in spacy_doc]
    return toks, find_matches(kb, toks)


def find_actor_mentions(doc: Document, kb: ActorKB) -> list[ActorMention]:
    """Every actor mention of a parsed document, resolved on its publication date, references linked.

    Pure: reads ``doc.spacy_doc`` and ``doc.article``, returns new mentions sorted by position.
    """
    spacy_doc = doc.spacy_doc
    if spacy_doc is None or len(spacy_doc) == 0:
        return []
    try:
        day = parse_day(doc.article.published)
    except ValueError:
        day = None
    toks, matches = _tokens_and_matches(spacy_doc, kb)
    match_at: dict[int, Match] = {}
    for m in matches:
        for i in range(m.start, m.end):
            match_at[i] = m
    candidates: dict[int, _Candidate] = {}
    for m in matches:
        if _is_stance_prefix(spacy_doc, m.start):
            continue  # "an anti-Syria journalist" is not Syrian
        if _inside_person_name(spacy_doc, m):
            continue  # "Doris Jackson", "Jordan Smith": a first name that is also a place names a person
        head = _np_head(spacy_doc, spacy_doc[m.end - 1], match_at)
        if head.i == m.end - 1 and m.end - m.start == 1 and head.pos_ == "ADJ" and head.dep_ == "amod" \
                and head.text[:1].islower():
            # "official contact", "military aid": a sector adjective on a thing names no actor (a demonym
            # does: "a Senegalese peace plan" is Senegal's)
            continue
        if head.i not in candidates:
            candidates[head.i] = _candidate(spacy_doc, head, match_at)
    columns = token_columns(spacy_doc)
    for i, (lower, pos) in enumerate(zip(columns.lower, columns.pos, strict=True)):
        if lower in PRONOUNS and pos == "PRON" and i not in candidates:
            candidates[i] = _Candidate(i, i, i + 1, [], [], None, False)
    for ent in spacy_doc.ents:
        if ent.label_ == "PERSON" and ent.root.i not in candidates and not any(i in match_at for i in
                                                                                 range(ent.start, ent.end)):
            end = ent.end - (1 if ent[-1].text in _POSSESSIVE else 0)
            if end > ent.start:
                candidates[ent.root.i] = _Candidate(ent.root.i, ent.start, end, [], [], None, False,
                                                    surname_only=True)
    for i, pos in enumerate(columns.pos):  # a lone capitalised name the model did not tag: maybe a later surname
        if pos != "PROPN" or i in candidates or i in match_at:
            continue
        token = spacy_doc[i]
        if token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj") \
                and not any(t.pos_ == "PROPN" for t in token.lefts):
            candidates[token.i] = _Candidate(token.i, token.i, token.i + 1, [], [], None, False, surname_only=True)
    acronyms = _acronyms(spacy_doc, candidates)

    def is_person(mention: ActorMention) -> bool:
        """A known person, or a mention headed by a title ("the minister") or an unknown person's name."""
        entry = kb.entries.get(mention.actor_id or "")
        if entry is not None:
            return entry.type == "person"
        if mention.head is None:
            return False
        match = match_at.get(mention.head)
        if match is not None:
            return match.kind in ("title", "person")
        return spacy_doc[mention.head].ent_type_ == "PERSON"

    mentions: list[ActorMention] = []
    first_by_id: dict[str, int] = {}
    for cand in sorted(candidates.values(), key=lambda c: (c.start, -c.end)):
        token = spacy_doc[cand.head]
        last = spacy_doc[cand.end - 1]
        where = (spacy_doc[cand.start: cand.end].text, spacy_doc[cand.start].idx, last.idx + len(last), cand.head)
        if cand.surname_only:  # "Prime Minister Jane Doe ... Doe said": a later surname of an earlier mention
            target = _same_surname(spacy_doc[cand.start: cand.end].text, mentions, is_person)
            if target is not None:
                mentions.append(_copy(mentions[target], where, "alias", target))
            continue
        if not cand.matches:  # a personal pronoun
            target = _pronoun_antecedent(spacy_doc, token, mentions, is_person)
            if target is not None:
                mentions.append(_copy(mentions[target], where, "pronoun", target))
            continue
        acronym_of = acronyms.get(token.text) if len(cand.matches) <= 1 else None
        if acronym_of is not None and acronym_of[0] < cand.start and not _is_org(cand):
            ante = _index_of(mentions, acronym_of[1])
            if ante is not None:
                mentions.append(_copy(mentions[ante], where, "acronym", ante))
                continue
        possessor = None
        if cand.pronoun_possessor is not None:
            target = _pronoun_antecedent(spacy_doc, spacy_doc[cand.pronoun_possessor], mentions, is_person)
            if target is not None:
                found = mentions[target]
                possessor = Resolution(found.code, found.country, tuple(found.sectors), found.name, found.actor_id)
        phrase = Phrase(cand.matches, cand.modifiers, cand.possessive_at, cand.former, possessor,
                        (cand.start, cand.end))
        resolution = compose(kb, toks, phrase, day)
        if resolution is None:
            continue
        if _is_locative(token) and (resolution.kind == "alias" or resolution.country and not resolution.sectors):
            continue  # "in Tokyo", "in northwestern Syria": a place, not an actor
        antecedent = None
        if (resolution.kind in ("sector", "title") and resolution.country is None) or _is_bare_title(cand, token):
            antecedent = _definite_antecedent(cand, token, mentions, kb)
        elif resolution.actor_id in first_by_id and resolution.kind in ("name", "acronym"):
            antecedent = first_by_id[resolution.actor_id or ""]
        if antecedent is not None:
            kind = "alias" if resolution.kind in ("name", "acronym") else resolution.kind
            if kind == "sector" and any(m.kind == "title" for m in cand.matches):
                kind = "title"
            mentions.append(_copy(mentions[antecedent], where, kind, antecedent))
            continue
        if resolution.actor_id and resolution.actor_id not in first_by_id and resolution.kind in ("name", "acronym"):
            first_by_id[resolution.actor_id] = len(mentions)
        text, start_char, end_char, head_i = where
        mentions.append(ActorMention(text, start_char, end_char, resolution.code, resolution.country,
                                     list(resolution.sectors), resolution.name, resolution.kind,
                                     resolution.actor_id, None, head_i))
    return mentions


def _same_surname(text: str, mentions: list[ActorMention], is_person: Any) -> int | None:
    """The first earlier mention of a person whose text ends with the same (last) name as ``text``."""
    last = fold_pieces(text)[-1:]
    if not last:
        return None
    for k, mention in enumerate(mentions):
        if mention.antecedent is None and fold_pieces(mention.text)[-1:] == last and is_person(mention):
            return k
    return None


def _index_of(mentions: list[ActorMention], head: int) -> int | None:
    for k, mention in enumerate(mentions):
        if mention.head == head:
            return k
    return None


def _copy(source: ActorMention, where: tuple[str, int, int, int], kind: str, antecedent: int) -> ActorMention:
    """A mention at ``where`` (text, start, end, head) that refers back to ``source``."""
    text, start, end, head = where
    return ActorMention(text, start, end, source.code, source.country, list(source.sectors), source.name, kind,
                        source.actor_id, antecedent, head)


def _is_org(cand: _Candidate) -> bool:
    return any(m.kind == "organization" for m in cand.matches)


def _inside_person_name(spacy_doc: Any, match: Match) -> bool:
    """A place or country name that is only part of a longer PERSON entity (and not a known person's name)."""
    if match.kind not in ("country", "metonym", "people"):
        return False
    ent = entity_at(spacy_doc, match.start)
    if ent is None:
        return False
    start, end, label = ent
    return label == "PERSON" and start <= match.start and match.end <= end \
        and (end - start) > (match.end - match.start) and spacy_doc[match.start].pos_ == "PROPN"


def _is_locative(token: Any) -> bool:
    """The head is the object of a place preposition ("in Idlib", "near Tripoli")."""
    token = climb_while(token, lambda t: t.dep_ == "conj")
    return token.dep_ == "pobj" and token.head.lower_ in LOCATIVE


def _is_actor_token(token: Any, match_at: dict[int, Match]) -> bool:
    return token.i in match_at or (token.pos_ == "PROPN" and token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"))


def _np_head(spacy_doc: Any, token: Any, match_at: dict[int, Match]) -> Any:
    """Climb from a matched token to the head of its noun phrase, through modifiers of actor nouns only.

    "Turkish" -> "posts" (observation posts), "Assad" -> "regime", "Minister" -> "Çavuşoğlu"; but
    "Haftar" stays in "Haftar's hostile actions", "Sochi" in "the Sochi agreement".
    """
    seen = 0
    while seen < 8:
        seen += 1
        parent = token.head
        if parent.i == token.i:
            break
        if token.i in match_at and parent.i in match_at and match_at[token.i] is match_at[parent.i]:
            token = parent
            continue
        if token.dep_ in _NP_LEFT_DEPS and parent.i > token.i:
            probe = parent
            while probe.pos_ not in _NOMINAL and probe.dep_ in _NP_LEFT_DEPS and probe.head.i > probe.i:
                probe = probe.head
            if probe.pos_ in _NOMINAL and _is_actor_token(probe, match_at):
                token = probe
                continue
            break
        if token.dep_ == "poss" and parent.pos_ in _NOMINAL and _is_actor_token(parent, match_at):
            token = parent
            continue
        if token.dep_ == "appos" and parent.i < token.i and not _punct_between(spacy_doc, parent.i, token.i):
            token = parent
            continue
        break
    return token


def _is_stance_prefix(spacy_doc: Any, start: int) -> bool:
    """The name follows "anti-" or "pro-": a stance towards the country, not membership of it."""
    return start >= 2 and spacy_doc[start - 1].text == "-" and spacy_doc[start - 2].lower_ in ("anti", "pro") \
        or start >= 1 and spacy_doc[start - 1].lower_ in ("anti-", "pro-")


def _punct_between(spacy_doc: Any, left: int, right: int) -> bool:
    return any(spacy_doc[i].is_punct for i in range(left + 1, right))


def _candidate(spacy_doc: Any, head: Any, match_at: dict[int, Match]) -> _Candidate:
    """The noun phrase headed by ``head``: its pre-modifiers, adjacent appositions, a name running on
    ("Government of National Accord") and an acronym in parentheses."""
    start = head.i
    for child in head.lefts:
        # Only the noun phrase's own modifiers: not "Around 7:35 p.m. Sunday" before "Alexandria Police".
        if child.dep_ not in _NP_CHILD_DEPS or child.ent_type_ in ("DATE", "TIME") and child.i not in match_at:
            continue
        start = min(start, child.left_edge.i)
    end = head.i + 1
    for child in head.rights:
        if child.dep_ == "appos" and not _punct_between(spacy_doc, end - 1, child.left_edge.i) \
                and child.left_edge.i == end:
            end = child.i + 1
    while start < head.i and (spacy_doc[start].is_punct or spacy_doc[start].is_space):
        start += 1
    changed = True
    while changed:
        changed = False
        for i in range(start, end):
            match = match_at.get(i)
            if match is not None and match.end > end:
                end, changed = match.end, True
            if match is not None and match.start < start:
                start, changed = match.start, True
        if end + 2 < len(spacy_doc) and spacy_doc[end].text == "(" and spacy_doc[end + 2].text == ")" \
                and _ACRONYM_RE.match(spacy_doc[end + 1].text):
            end += 3
            changed = True
    inside = {m.start: m for i in range(start, end) if (m := match_at.get(i)) is not None}
    matches = [m for m in inside.values() if m.start >= start and m.end <= end]
    matches.sort(key=lambda m: m.start)
    modifiers: list[Match] = []
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "from", "at", "inside", "across", "throughout") \
                and child.i >= end:
            seen_mod = {m.start: m for t in child.subtree if (m := match_at.get(t.i)) is not None}
            modifiers.extend(sorted(seen_mod.values(), key=lambda m: m.start))
    possessive = next((i for i in range(start, end) if spacy_doc[i].text in _POSSESSIVE), None)
    pronoun_possessor = next((i for i in range(start, end) if spacy_doc[i].lower_ in ("his", "her")
                              and spacy_doc[i].dep_ == "poss"), None)
    former = any(spacy_doc[i].lower_ in FORMER for i in range(start, end))
    return _Candidate(head.i, start, end, matches, modifiers, possessive, former, pronoun_possessor)


def _acronyms(spacy_doc: Any, candidates: dict[int, _Candidate]) -> dict[str, tuple[int, int]]:
    """Acronyms introduced in parentheses after a mention: acronym -> (position, head of that mention)."""
    out: dict[str, tuple[int, int]] = {}
    for cand in candidates.values():
        for i in range(cand.start, cand.end - 2):
            if spacy_doc[i].text == "(" and spacy_doc[i + 2].text == ")" and _ACRONYM_RE.match(spacy_doc[i + 1].text):
                out.setdefault(spacy_doc[i + 1].text, (i + 1, cand.head))
    return out


def _is_bare_title(cand: _Candidate, token: Any) -> bool:
    """"the minister", "the self-proclaimed general": a title with no name, country or possessor."""
    return (bool(cand.matches) and all(m.kind in ("title", "sector") for m in cand.matches)
            and not cand.modifiers and cand.pronoun_possessor is None and cand.possessive_at is None
            and any(t.lower_ == "the" for t in token.doc[cand.start: cand.end]))


def _pronoun_antecedent(spacy_doc: Any, pronoun: Any, mentions: list[ActorMention],
                        is_person: Any) -> int | None:
    """The person a he/his/she/her refers to: the subject of its own clause, else, going back, the nearest
    person mentioned as a clause argument (not a modifier such as "a former Gadhafi officer" or the object of
    a preposition), else the nearest person before it."""
    people = [k for k, m in enumerate(mentions) if m.head is not None and m.head < pronoun.i and is_person(m)]
    if not people:
        return None
    verb = climb_while(pronoun.head, lambda t: t.pos_ not in ("VERB", "AUX"))
    subjects = {c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < pronoun.i}
    if pronoun.dep_ == "poss" or pronoun.lower_.endswith("self"):
        # "Erdoğan discussed the issue with his counterpart": a possessive or reflexive is the subject's.
        for k in reversed(people):
            if mentions[k].head in subjects:
                return k
    # the nearest person named before the pronoun whom the knowledge base does not know: a pronoun after
    # "Jane Doe, a loan officer, ... she" refers to her, not to the mayor named earlier
    covered = {m.head for m in mentions if m.head is not None}
    unknown = -1
    for start, end, label in reversed(entity_bounds(spacy_doc)):  # the nearest before the pronoun first
        if start >= pronoun.i or label != "PERSON":
            continue
        ent = spacy_doc[start:end]
        root = ent.root.i
        if root < pronoun.i and root not in covered and not any(m.start <= ent.start_char < m.end
                                                                  for m in mentions):
            unknown = root
            break
    for k in reversed(people):
        head = mentions[k].head
        if head in subjects:
            continue  # "Erdogan welcomed her": an object pronoun is not its own clause's subject
        if head is not None and spacy_doc[head].dep_ not in ("compound", "poss", "amod", "pobj", "nmod", "npadvmod"):
            return k if head > unknown else None
    others = [k for k in people if mentions[k].head not in subjects]
    if not others or (mentions[others[-1]].head or -1) < unknown:
        return None
    return others[-1]


def _definite_antecedent(cand: _Candidate, token: Any, mentions: list[ActorMention], kb: ActorKB) -> int | None:
    """"the minister", "the regime", "the self-proclaimed general": the nearest earlier mention sharing
    the head word in its text, or a person whose titles include it."""
    word = token.lemma_.lower()
    if not word.isalpha():
        return None
    stem = word.rstrip("s")
    for k in range(len(mentions) - 1, -1, -1):
        mention = mentions[k]
        if mention.country is None and not (mention.sectors and mention.sectors[0] in INTERNATIONAL):
            continue
        if stem in {w.rstrip("s") for w in fold_pieces(mention.text)}:
            return mention.antecedent if mention.antecedent is not None else k
        entry = kb.entries.get(mention.actor_id or "")
        if entry is not None and entry.type == "person":
            titles = [t.lower() for t in entry.titles] + [(r.title or "").lower() for r in entry.roles]
            if any(word in t.split() for t in titles):
                return mention.antecedent if mention.antecedent is not None else k
    return None


# ---- the stage ---------------------------------------------------------------------------------------------


def actor_for_token(doc: Document, token_i: int) -> ActorMention | None:
    """The actor mention for an argument whose head token is ``token_i``.

    The mention headed by that token, else the smallest mention containing it, else the mention within the
    token's subtree nearest to it (a possessor or modifier: "Haftar" in "Haftar's militia").
    """
    mentions = doc.actor_mentions
    if not mentions or doc.spacy_doc is None:
        return None
    for mention in mentions:
        if mention.head == token_i:
            return mention
    token = doc.spacy_doc[token_i]
    start, end = token.idx, token.idx + len(token)
    containing = [m for m in mentions if m.start <= start and end <= m.end]
    if containing:
        return min(containing, key=lambda m: m.end - m.start)
    left, right = token.left_edge, token.right_edge
    lo, hi = left.idx, right.idx + len(right)
    inside = [m for m in mentions if lo <= m.start and m.end <= hi]
    if not inside:
        return None
    return min(inside, key=lambda m: (abs((m.head if m.head is not None else token_i) - token_i), m.start))


class ActorResolver:
    """Stage callable: fills ``doc.actor_mentions``. Picklable; the knowledge base loads lazily per process."""

    name = "actors"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def kb(self) -> ActorKB:
        return load_actor_kb(self.settings)

    def __call__(self, doc: Document) -> Document:
        doc.actor_mentions = find_actor_mentions(doc, self.kb)
        return doc

    def __getstate__(self) -> dict[str, Any]:
        return {"settings": self.settings}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.settings = state["settings"]


def make_actor_resolver(settings: Settings) -> ActorResolver:
    """The ``actors`` stage for ``settings`` (the knowledge base is loaded on first use, once per process)."""
    return ActorResolver(settings)
