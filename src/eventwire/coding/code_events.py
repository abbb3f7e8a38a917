"""Stage ``coding``: events from dependency parses — trigger, source, target, type, modality, casualties.

How a sentence is read (each rule is one a coder would apply to any article):

- A verb in the lexicon is a trigger; its code is refined by the most specific phrase pattern whose words
  follow it in its subtree (``post``) or stand in its subject (``pre``). A pattern with a null code vetoes.
- A nominal trigger ("offensive", "airstrike", "agreement") is an event when a verb performs it: as the
  object of a support verb ("launched an offensive"), as the subject of a passive support verb ("the
  agreement was reached"), or as the subject of an event verb ("an airstrike hit …", which takes the noun's code).
- Source: the subject (or the passive's "by" agent; for a relative or participial clause, the noun it
  modifies; for a conjoined or controlled verb, the subject it inherits). Target: the object when it names an
  actor, else the object of on/against/with/to/at/toward/into/from/for/over; "between X and Y" gives both.
- The target is the first argument that is itself an actor; an actor only named inside the object ("returned
  a statue of King Louis to the French government") or inside a reported clause comes after. An unnamed
  force that a state moves or offers ("withdrew troops from Mali") is its own, not the target. A dateline
  ("CAIRO, Egypt --") is never the source; a pronoun whose antecedent is named in the sentence is given as
  that name. A person or organisation the knowledge base does not know is kept as an actor without a code,
  but an event needs one coded actor.
- Coordinated actors give one event per source–target pair; the parties of a joint act ("X and Y signed",
  "failed to reach agreement") are each other's source and target.
- The content of an appeal, demand, promise or threat ("urged X *to contain*") is not an event of its own;
  nor is what a reporting verb reports coded as a statement: the reported clause is coded in its own right.
- Modality: negation anywhere on the trigger's control chain gives ``negated`` (dropped unless asked for);
  will/shall/going to gives ``future``; would/could/may/might/should or an "if" clause gives
  ``hypothetical``; try/seek/attempt gives ``attempted``; intend/plan/want gives ``future``.
- A killing or wounding that follows a violent event in the same sentence ("…, killing 44") is its casualty
  count, not an event; a nested event of the same CAMEO root ("attacks … under the pretext of fighting X")
  lends its target and merges into the outer one.
- The headline and the lead paragraph reporting the same event give one event with ``mentions`` = 2.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from eventwire.coding.casualties import find_casualties, has_casualties, single_killing
from eventwire.coding.confidence import ConfidenceModel, event_features, load_confidence
from eventwire.coding.lexicon import Lexicon, Pattern, VerbRule, load_lexicon
from eventwire.coding.non_events import NonEventWords, load_non_events
from eventwire.config import Settings
from eventwire.document import (
    ActorMention,
    ActorRef,
    Casualties,
    Document,
    Event,
    EventDate,
    Place,
    Plover,
    TextSpan,
)
from eventwire.parse.columns import token_columns
from eventwire.parse.tree import conjuncts, entity_at, entity_bounds, heads, is_root

_TARGET_PREPS = ("against", "on", "upon", "with", "to", "at", "toward", "towards", "into", "from", "for", "over")
_CONJUNCT_POS = frozenset({"PROPN", "NOUN", "PRON"})
_CLAUSE_LINKS = {"xcomp", "ccomp", "conj", "advcl", "pcomp", "acl", "relcl", "prep", "pobj", "dobj", "nsubj",
                 "nsubjpass", "attr", "oprd", "acomp"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_HYPOTHETICAL_AUX = {"would", "could", "may", "might", "should", "can", "must", "'d"}
_VIOLENT_ROOTS = {"18", "19", "20"}
_CASUALTY_VERBS = {"kill", "wound", "injure", "hurt", "leave", "claim", "massacre"}
_ARGUMENT_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "agent", "attr", "appos", "poss", "compound")


@dataclass
class Candidate:
    """A trigger with its code, before actors, date and place are attached."""

    trigger: Any  # spaCy Token (the word that names the event)
    clause: Any  # spaCy Token (the verb whose clause holds the arguments)
    code: str
    rule: str
    modality: str
    sources: list[Any]  # spaCy Tokens
    targets: list[Any]
    specific: bool = False
    split: bool = False  # sources and targets already split from one coordination ("between X and Y")
    refused: str | None = None  # the code of the cooperative act a rejection refuses ("failed to reach agreement")


def _lower(token: Any) -> str:
    return str(token.lemma_).lower()


def _words(token: Any) -> set[str]:
    return {token.text.lower(), _lower(token)}


def _matches(slots: tuple[frozenset[str], ...], words: list[frozenset[str]], every: frozenset[str]) -> bool:
    """The slots appear in order among the tokens' word sets (each slot matching one token's text or lemma).

    ``every`` is the union of the word sets: a slot none of the words fills fails at once, and one slot is
    matched by the union alone.
    """
    if len(slots) == 1:
        return not every.isdisjoint(slots[0])
    for slot in slots:
        if every.isdisjoint(slot):
            return False
    i = 0
    for token_words in words:
        if i == len(slots):
            break
        if not token_words.isdisjoint(slots[i]):
            i += 1
    return i == len(slots)


def _subjects(verb: Any) -> list[Any]:
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]


_PHRASE_DEPS = {"dobj", "prep", "pobj", "prt", "dative", "attr", "oprd", "compound", "amod", "det", "nummod", "poss",
                "acomp", "xcomp", "agent", "npadvmod", "advmod", "quantmod", "nmod", "appos", "pcomp", "aux", "neg"}


def _is_small_clause(token: Any) -> bool:
    """"found [Barbarin guilty]", "declared [the vote invalid]": an adjective with a subject of its own."""
    return token.dep_ == "ccomp" and token.pos_ == "ADJ"


_DATE_ENTITIES = frozenset({"DATE", "TIME"})


def _is_date_phrase(token: Any) -> bool:
    """"on Saturday", "in March": a preposition whose objects are all dates says when, never what."""
    objects = [c for c in token.children if c.dep_ == "pobj"]
    return token.dep_ == "prep" and bool(objects) and all(o.ent_type_ in _DATE_ENTITIES for o in objects)


def _is_purpose_clause(token: Any) -> bool:
    """"called Bashir on Saturday to express his support": an infinitive of purpose of the verb itself."""
    return token.dep_ == "advcl" and token.tag_ == "VB" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _phrase(verb: Any) -> list[Any]:
    """The verb phrase: the verb and what hangs on it, without nested clauses (relative, adverbial, reported
    or conjoined), so that a pattern never matches words of another clause, nor a date phrase ("called on"
    is an appeal, "called him on Saturday" is not). An infinitive of purpose is part of it: "called X to
    apologize" is what the call was."""
    out = [verb]
    # a small clause is part of the phrase: "found Barbarin guilty" (the parser makes "guilty" a clause)
    stack = [c for c in verb.children if (c.dep_ in _PHRASE_DEPS or _is_small_clause(c) or _is_purpose_clause(c))
             and not _is_date_phrase(c)]
    while stack:
        token = stack.pop()
        out.append(token)
        stack.extend(c for c in token.children if c.dep_ in _PHRASE_DEPS and not _is_date_phrase(c))
    return sorted(out, key=lambda t: t.i)


def _refine(verb: Any, rule: VerbRule) -> tuple[str | None, str, bool]:
    """The code of the most specific matching pattern (ties: the first listed, unless it names only function
    words and a later one of the same list names the verb's direct object: "opened fire on protesters in
    Baghdad" is OPEN + fire, not OPEN + in)."""
    # each token's words once per call, not once per pattern (a verb can have hundreds of patterns)
    post = [frozenset(_words(t)) for t in [t for t in _phrase(verb) if t.i > verb.i][:20]]
    pre = [frozenset(_words(t)) for s in _subjects(verb) for t in s.subtree]
    objects = [frozenset(_words(c)) for c in verb.children if c.dep_ == "dobj"]
    every_post = frozenset().union(*post)
    every_pre = frozenset().union(*pre)
    # only the patterns whose first slot after the verb one of the phrase's words fills can match (and those
    # with no slot after it): the rest would fail below, so leaving them out changes nothing
    index, always = rule.pattern_index
    tried = set(always)
    for word in every_post:
        tried.update(index.get(word, ()))
    patterns = rule.patterns
    best: Pattern | None = None
    for pattern in (patterns[k] for k in sorted(tried)):
        if best is not None and pattern.specificity < best.specificity:
            continue
        if best is not None and pattern.specificity == best.specificity and not (
                not best.names_content and pattern.source == best.source and pattern.post
                and any(not o.isdisjoint(pattern.post[0]) for o in objects)):
            continue
        if pattern.post and not _matches(pattern.post, post, every_post):
            continue
        if pattern.pre and not _matches(pattern.pre, pre, every_pre):
            continue
        best = pattern
    if best is None:
        return rule.code, rule.source, False
    return best.code, best.source, True


def _conjuncts(token: Any) -> list[Any]:
    """The token and the tokens coordinated with it ("Turkey and Russia")."""
    return conjuncts(token, pos=_CONJUNCT_POS)


def _control_chain(token: Any) -> Iterator[tuple[Any, str]]:
    """The heads above a clause, with the dependency that links each step (xcomp, ccomp, conj …)."""
    current = token
    for head in heads(token):
        if current.dep_ not in _CLAUSE_LINKS:
            return
        yield head, current.dep_
        current = head


def _missed_subject(verb: Any) -> list[Any]:
    """The subject the parser read as a modifier: in "Jolly, who has no prior record, was taken into custody"
    "Jolly" is tagged an adverb, but a word that heads a relative clause or an apposition is a noun phrase."""
    first_aux = min((c.i for c in verb.children if c.dep_ in ("aux", "auxpass")), default=verb.i)
    return [c for c in verb.children
            if c.i < first_aux and c.dep_ in ("advmod", "npadvmod", "dep", "nmod")
            and any(g.dep_ in ("relcl", "appos") for g in c.children)]


def _inherited_subject(verb: Any, accused_verbs: frozenset[str] = frozenset()) -> list[Any]:
    """Subject of a verb that has none of its own: from the verb it is conjoined to or controlled by,
    or the noun a participial/relative clause modifies, or the one accused of it ("accused of killing")."""
    current = verb
    for _ in range(5):
        subjects = _subjects(current)
        if subjects:
            return [s for s in subjects if s.dep_ == "nsubj"] or []
        accused = _accused(current, accused_verbs)
        if accused:
            return accused
        if current.dep_ in ("acomp", "attr") and not is_root(current):
            current = current.head  # "France is ready to contribute": through the adjective to "is"
            continue
        if current.dep_ in ("conj", "xcomp", "advcl") and not is_root(current):
            if current.dep_ == "xcomp":
                # object control: "urged Moscow to restrain" -> Moscow; else subject control
                objects = [c for c in current.head.children if c.dep_ == "dobj"]
                if objects:
                    return objects
            current = current.head
            continue
        if current.dep_ in ("acl", "relcl") and current.head.pos_ in ("NOUN", "PROPN", "PRON"):
            noun = current.head
            if noun.dep_ == "dobj" and current.dep_ == "acl":
                # "X issued a declaration demanding …": the declaration speaks for X
                return [noun] + [s for s in _subjects(noun.head) if s.dep_ == "nsubj"]
            return [noun]
        break
    return []


def _accused(verb: Any, accused_verbs: frozenset[str]) -> list[Any]:
    """"Williams is accused of killing", "charged a teenager with killing": for an -ing verb after of/for/with
    of an accusation verb, the one accused (the passive's subject, else the active's object)."""
    prep = verb.head
    if verb.dep_ != "pcomp" or prep.dep_ != "prep" or prep.lower_ not in ("of", "for", "with"):
        return []
    accusation = prep.head
    if _is_small_clause(accusation) and accusation.head.lemma_.lower() in accused_verbs:
        # "found the Syrian regime guilty of murdering": the one found guilty did it
        return [c for c in accusation.children if c.dep_ == "nsubj"]
    if accusation.lemma_.lower() not in accused_verbs:
        return []
    return ([c for c in accusation.children if c.dep_ == "nsubjpass"]
            or [c for c in accusation.children if c.dep_ == "dobj"])


def _agent(verb: Any) -> list[Any]:
    for child in verb.children:
        if child.dep_ == "agent":
            return [g for g in child.children if g.dep_ == "pobj"]
    return []


def _prep_objects(token: Any, preps: Iterable[str]) -> list[Any]:
    """Objects of the token's prepositions, never a date or time ("on Tuesday")."""
    wanted = set(preps)
    out: list[Any] = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in wanted:
            out.extend(g for g in child.children if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME"))
    return out


def _between(token: Any) -> tuple[list[Any], list[Any]] | None:
    """'between Turkey and Russia' under the token or its verb: (sources, targets)."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "between":
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects:
                members = _conjuncts(objects[0])
                if len(members) >= 2:
                    return [members[0]], members[1:]
    return None


def _modal_chain(token: Any) -> list[Any]:
    """The trigger and the verbs that control it: negation, tense and attempt pass down xcomp ("does not
    intend to recognize") and to a conjoined verb without its own subject ("did not attack or kill")."""
    chain = [token]
    current = token
    while len(chain) < 4 and not is_root(current):
        if current.dep_ == "xcomp" or (current.dep_ == "conj" and not _subjects(current)):
            current = current.head
            chain.append(current)
        else:
            break
    return chain


def _modality(token: Any, lexicon: Lexicon) -> str:
    chain = _modal_chain(token)
    for link in chain:
        if link.i != token.i and _lower(link) in lexicon.failure_verbs:
            # "failed to reach agreement" did not happen; "did not fail to" did
            return "asserted" if any(c.dep_ == "neg" for c in link.children) else "negated"
        if any(c.dep_ == "neg" for c in link.children):
            return "negated"
    for link in chain:
        if link.i != token.i and _lower(link) in lexicon.attempt_verbs:
            return "attempted"
        auxes = {c.lower_ for c in link.children if c.dep_ in ("aux", "auxpass")}
        if auxes & _FUTURE_AUX or "going" in auxes:
            return "future"
        if auxes & _HYPOTHETICAL_AUX:
            return "hypothetical"
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in link.children):
            return "hypothetical"
        if link.i != token.i and _lower(link) in lexicon.intent_verbs:
            return "future"
    return "asserted"


def _is_purpose(token: Any) -> bool:
    """An infinitive of purpose or of a noun ("cooperation to handle", "resigned to allow") says what was
    meant to happen, not what happened."""
    return (token.dep_ in ("acl", "advcl", "relcl") and token.tag_ == "VB"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children))


def _is_content(token: Any, lexicon: Lexicon) -> bool:
    """True when the token names what someone asks, demands, promises or threatens, not what happened."""
    if _is_purpose(token):
        return True
    for head, dep in _control_chain(token):
        lemma = _lower(head)
        if lemma in lexicon.reporting_verbs:
            return False
        if dep in ("xcomp", "ccomp", "acl", "pcomp", "advcl") and (
            lemma in lexicon.content_heads or (head.pos_ == "VERB" and _verb_rule_code(head, lexicon))
        ) and lemma not in lexicon.attempt_verbs and lemma not in lexicon.intent_verbs \
                and lemma not in lexicon.failure_verbs and dep != "advcl":
            return True
    return False


def _verb_rule_code(verb: Any, lexicon: Lexicon) -> str | None:
    rule = lexicon.verbs.get(_lower(verb))
    return rule.code if rule else None


def _lemma_forms(token: Any) -> list[str]:
    """The lemma, then base forms guessed from the word itself: the small model's lemmatizer slips
    ("staged" -> "stag"), and a guess that is not in the lexicon costs nothing."""
    word = token.lower_
    forms = [_lower(token), word]
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", "e"), ("ed", ""), ("d", ""), ("ing", "e"), ("ing", ""),
                         ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            forms.append(word[: -len(suffix)] + repl)
    return forms


def _verb_key(verb: Any, lexicon: Lexicon) -> str | None:
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    # "let free", "set free": the parser may make the second word the verb's complement, not its particle
    particles += [c.lower_ for c in verb.children
                  if c.i == verb.i + 1 and c.dep_ in ("ccomp", "xcomp", "acomp", "oprd")]
    for lemma in _lemma_forms(verb):
        for particle in particles:
            key = f"{lemma} {particle}"
            if key in lexicon.verbs:
                return key
        if lemma in lexicon.verbs:
            return lemma
    return None


def _noun_code(token: Any, lexicon: Lexicon) -> str | None:
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    modifiers = [c for c in token.children if c.dep_ in ("compound", "amod") and c.i < token.i]
    for left in modifiers:
        code = lexicon.nouns.get(f"{left.lower_} {token.lower_}") or lexicon.nouns.get(f"{left.lower_} {_lower(token)}")
        if code:
            return code
    code = lexicon.nouns.get(token.lower_) or lexicon.nouns.get(_lower(token))
    if code is None:
        # "a mediation effort", "peace talks": a trigger noun used as a modifier names the event
        for left in modifiers:
            code = lexicon.nouns.get(left.lower_) or lexicon.nouns.get(_lower(left))
            if code:
                return code
    return code


def _noun_actors(noun: Any) -> tuple[list[Any], list[Any]]:
    """Actors a nominal trigger carries itself: ("Russian airstrikes by X on Y", "talks between X and Y")."""
    between = _between(noun)
    if between:
        return between
    sources = _prep_objects(noun, ("by",)) or [c for c in noun.children if c.dep_ == "poss"]
    if not sources:
        sources = [c for c in noun.children if c.dep_ in ("amod", "compound") and c.pos_ in ("PROPN", "ADJ")
                   and c.ent_type_ in ("NORP", "GPE", "ORG")]
    # "the blockade of Serbia", "attacks on hospitals": what the act is done to; "its demand that Israel
    # ease …": who is to act
    targets = _prep_objects(noun, ("against", "on", "upon", "of", "with", "into", "toward", "towards"))
    targets += [s for clause in noun.children if clause.dep_ in ("acl", "ccomp") and clause.pos_ == "VERB"
                for s in _subjects(clause) if s.dep_ == "nsubj"]
    return sources, targets


def find_candidates(sent: Any, lexicon: Lexicon) -> list[Candidate]:
    """Triggers of one sentence with their code, modality and argument tokens."""
    out: list[Candidate] = []
    spacy_doc = sent.doc
    pos = token_columns(spacy_doc).pos
    for i in range(sent.start, sent.end):
        if pos[i] != "VERB":
            continue
        token = spacy_doc[i]
        if token.dep_ == "amod" or _is_prenominal(token):
            continue
        demand = _reported_demand(token, lexicon)
        if demand is not None:
            out.append(demand)
            continue
        key = _verb_key(token, lexicon)
        if key is None:
            continue
        lemma = _lower(token)
        if _is_content(token, lexicon):
            continue
        rule = lexicon.verbs[key]
        if lemma in lexicon.reporting_verbs and not (lemma in lexicon.support_verbs and (any(
                c.dep_ == "dobj" and _noun_code(c, lexicon) for c in token.children)
                or _refine(token, rule)[2])):
            # what is reported is coded in its own right; "reiterated its demand" is the demand, and so is a
            # phrase pattern of a support verb ("announced the release of", "declared a state of emergency")
            continue
        if (lemma in lexicon.attempt_verbs or lemma in lexicon.intent_verbs or lemma in lexicon.failure_verbs) \
                and any(c.dep_ == "xcomp" for c in token.children):
            continue  # "trying to destroy", "failed to reach": the complement is the event, with its modality
        code, source, specific = _refine(token, rule)
        lemma = key.split()[0]
        modality = _modality(token, lexicon)
        subjects = _subjects(token)
        # a passive even when the parser missed its subject ("Jolly … was taken into custody by Lebanon Police",
        # with "Jolly" read as an adverb): the agent is still the doer
        passive = any(s.dep_ == "nsubjpass" for s in subjects) or (
            token.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in token.children))
        objects = [c for c in token.children if c.dep_ in ("dobj", "attr")]
        heads_ = objects if not passive else [s for s in subjects if s.dep_ == "nsubjpass"]
        nominal = [n for n in heads_ + [p for h in heads_ if _lower(h) in lexicon.partitive_nouns
                                        for p in _prep_objects(h, ("of",))]
                   if _noun_code(n, lexicon)]
        nominal_subject = [s for s in subjects if s.dep_ == "nsubj" and _noun_code(s, lexicon)]
        if nominal_subject and (lemma in lexicon.support_verbs or (rule.code or "")[:2] in _VIOLENT_ROOTS):
            # "an airstrike hit a detention center": the noun names the event, the verb's object is its target
            noun = nominal_subject[0]
            noun_code = _noun_code(noun, lexicon)
            assert noun_code is not None
            noun_sources, noun_targets = _noun_actors(noun)
            out.append(Candidate(noun, token, noun_code, f"noun:{_lower(noun)}+{lemma}", modality, noun_sources,
                                 noun_targets or _verb_targets(token), True))
            continue
        if nominal and (code is None or lemma in lexicon.support_verbs):
            noun = nominal[0]
            noun_code = _noun_code(noun, lexicon)
            assert noun_code is not None
            between = _between(noun) or _between(token)
            if between:
                # "the agreement was reached … between Turkey and Russia": the parties are the dyad
                noun_sources, noun_targets = between
            else:
                noun_sources, noun_targets = _noun_actors(noun)
            verb_sources = (_agent(token) if passive else [s for s in subjects if s.dep_ == "nsubj"]) or \
                (_inherited_subject(token, lexicon.accused_verbs) if not passive else [])
            targets = noun_targets or [t for t in _verb_targets(token) if t.i != noun.i]
            if not targets and noun_code[:2] == _PROTEST_ROOT:
                # "began a hunger strike to protest against Sweden's decision": whom a protest is against
                targets = _complement_targets(token) + _protested(token)
            out.append(Candidate(noun, token, noun_code, f"noun:{_lower(noun)}+{lemma}", modality,
                                 (noun_sources if between else verb_sources or noun_sources), targets, specific,
                                 split=between is not None))
            continue
        if code is None:
            continue
        if passive or (token.dep_ == "acl" and token.tag_ == "VBN"
                       and not any(c.dep_ in ("nsubj", "aux") for c in token.children)):
            # (a participle with a subject and "has" of its own is a clause the parser hung on a dateline:
            # "Kolkata: The West Bengal government has denied permission …")
            # "was hit by X"; "Haftar, backed by Egypt" (the modified noun is the target)
            sources = _agent(token)
            targets = [s for s in subjects if s.dep_ == "nsubjpass"] or (
                [token.head] if not passive
                else _missed_subject(token) or _inherited_subject(token))  # "… expected to be joined by Y"
        else:
            sources = [s for s in subjects if s.dep_ == "nsubj"] or _inherited_subject(token, lexicon.accused_verbs)
            targets = _verb_targets(token) + _complement_targets(token)
            if not targets and code[:2] == _PROTEST_ROOT:
                targets = _protested(token)
        between = _between(token)
        if between and not targets:
            sources = sources or between[0]
            targets = between[1]
        out.append(Candidate(token, token, code, source, modality, sources, targets, specific,
                             split=between is not None))
    return [_with_future(_with_rejection(c, lexicon), lexicon) for c in out]


def _reported_demand(verb: Any, lexicon: Lexicon) -> Candidate | None:
    """"X declared (concluded, insisted) that China must drop barriers": X demands of China (CAMEO 10)."""
    if verb.dep_ != "ccomp" or verb.head.pos_ != "VERB":
        return None
    if not any(c.dep_ == "aux" and c.lower_ in lexicon.demand_modals for c in verb.children):
        return None
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    speaker = [s for s in _subjects(verb.head) if s.dep_ == "nsubj"] or _inherited_subject(verb.head)
    addressee = [s for s in _subjects(verb) if s.dep_ in ("nsubj", "nsubjpass")]
    if not speaker or not addressee:
        return None
    return Candidate(verb, verb, lexicon.demand_code, "demand:must", "asserted", speaker, addressee, True)


def _with_rejection(cand: Candidate, lexicon: Lexicon) -> Candidate:
    """A negated cooperative act is its rejection ("will not accept", "did not release"; CAMEO 12x)."""
    code = lexicon.rejection_code(cand.code) if cand.modality == "negated" else None
    if code is not None:
        cand.refused = cand.code
        cand.code, cand.modality, cand.rule = code, "asserted", f"{cand.rule}+negated"
    return cand


def _with_future(cand: Candidate, lexicon: Lexicon) -> Candidate:
    if cand.modality in ("future", "hypothetical"):
        cand.code = lexicon.future_code(cand.code)
    return cand


def _is_prenominal(token: Any) -> bool:
    """A participle before its noun ("the internationally recognized GNA") describes, it does not report."""
    if token.tag_ in ("VBN", "VBG") and token.head.pos_ in ("NOUN", "PROPN") and token.i < token.head.i:
        return True
    # "…-based, internationally recognized GNA" misparsed as a verb conjoined to "trying": a coordinated verb
    # with no subject of its own in another verb form than its head is a modifier, not a second act.
    return (token.dep_ == "conj" and not _subjects(token) and token.tag_ in ("VBN", "VBD")
            and token.head.tag_ in ("VBG", "VB", "VBZ", "VBP") and token.nbor(-1).pos_ == "ADV")


def _complement_targets(verb: Any) -> list[Any]:
    """Targets named inside what a verb offers, promises or agrees to ("offered to hand over to Britain")."""
    out: list[Any] = []
    for child in verb.children:
        if _is_small_clause(child):
            out.extend(s for s in _subjects(child) if s.dep_ == "nsubj")  # "found Barbarin guilty"
            continue
        if (child.dep_ in ("xcomp", "ccomp") or _is_purpose(child)) and child.pos_ in ("VERB", "AUX"):
            # "demanded that the US cancel plans": who is to act is the target
            found = [s for s in _subjects(child) if s.dep_ in ("nsubj", "nsubjpass")] + _verb_targets(child)
            if not found:
                # "agreed to allow aid workers to enter", "refused to allow two airlines to land": the one
                # allowed (the subject of the allowed act) is the target
                found = [s for g in child.children if g.dep_ in ("xcomp", "ccomp") and g.pos_ in ("VERB", "AUX")
                         for s in _subjects(g) if s.dep_ in ("nsubj", "nsubjpass")]
            out.extend(found)
    # "threatened to stop negotiations if the United States goes ahead": the party the condition names
    for clause in [verb, *(c for c in verb.children if c.dep_ in ("xcomp", "ccomp"))]:
        for child in clause.children:
            if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless")
                                             for m in child.children):
                out.extend(s for s in _subjects(child) if s.dep_ == "nsubj")
    return out


_PROTEST_ROOT = "14"


def _protested(verb: Any) -> list[Any]:
    """"… in protest against the violations by the security forces": what a protest phrase is against."""
    return [o for noun in _prep_objects(verb, ("in",)) if _lower(noun) == "protest"
            for o in _prep_objects(noun, ("against", "at", "over"))]


def _verb_targets(verb: Any) -> list[Any]:
    # a dative may be the preposition itself ("granted asylum to Julian Assange"): its object is the recipient
    objects = [g for c in verb.children if c.dep_ in ("dobj", "dative")
               for g in ([c] if c.pos_ != "ADP" else [p for p in c.children if p.dep_ == "pobj"])]
    preps = _prep_objects(verb, _TARGET_PREPS)
    # the object first when there is one; the prepositional objects (of the verb, then of its object:
    # "cut off electricity to Nakhichevan") are tried when it names no actor
    of_objects = [p for o in objects for p in _prep_objects(o, _TARGET_PREPS)]
    return objects + preps + of_objects


_TOPIC_PREPS = frozenset({"on", "about", "over", "regarding", "concerning"})


def _is_topic(token: Any, lexicon: Lexicon) -> bool:
    """What information, talks or a deal is about ("share information on North Korea"), never a target."""
    prep = token.head
    return (token.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in _TOPIC_PREPS
            and _lower(prep.head) in lexicon.topic_nouns)


def _merge_nested(candidates: list[Candidate]) -> list[Candidate]:
    """Fold a consequence or pretext of the same violence into the outer event (see the module docstring)."""
    kept: list[Candidate] = []
    by_trigger = {c.trigger.i: c for c in candidates}
    for cand in candidates:
        outer = _outer_violent(cand, by_trigger)
        if outer is not None:
            if not outer.targets and cand.targets:
                outer.targets = cand.targets
            continue
        kept.append(cand)
    return kept


def _outer_violent(cand: Candidate, by_trigger: dict[int, Candidate]) -> Candidate | None:
    if cand.code[:2] not in _VIOLENT_ROOTS:
        return None
    for head, _dep in _control_chain(cand.clause):
        outer = by_trigger.get(head.i)
        if outer is None:
            # a nominal trigger's clause verb: "launched an offensive …, seeking to capture"
            outer = next((c for c in by_trigger.values() if c.clause.i == head.i and c is not cand), None)
        if outer is not None and outer is not cand and outer.code[:2] in _VIOLENT_ROOTS and (
                _lower(cand.trigger) in _CASUALTY_VERBS or not cand.sources or cand.modality == "attempted"
                or cand.code[:2] == outer.code[:2]):
            return outer
    return None


class EventCoder:
    """Stage callable: fills ``doc.events``. Picklable; the lexicon loads once per process."""

    name = "coding"

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.keep_negated = self.settings.keep_negated
        self._kb: Any = None

    def __getstate__(self) -> dict[str, Any]:
        # a worker gets the settings, not the knowledge base: it loads its own once
        return {**self.__dict__, "_kb": None}

    @property
    def lexicon(self) -> Lexicon:
        return load_lexicon(self.settings)

    @property
    def confidence(self) -> ConfidenceModel:
        return load_confidence(self.settings.confidence_file)

    @property
    def kb(self) -> Any:
        """The actor knowledge base, looked up once per coder: ``load_actor_kb`` checks its files on every
        call, which per article would be file-system work in the hot loop."""
        if self._kb is None:
            from eventwire.actors import load_actor_kb

            self._kb = load_actor_kb(self.settings)
        return self._kb

    def __call__(self, doc: Document) -> Document:
        doc.events = find_events(doc, self.lexicon, keep_negated=self.keep_negated, confidence=self.confidence,
                                 min_confidence=self.settings.min_confidence, kb=self.kb)
        return doc


def make_event_coder(settings: Settings | None = None) -> EventCoder:
    coder = EventCoder(settings)
    coder.lexicon  # noqa: B018 — load (and validate) the lexicon now, not on the first article
    coder.confidence  # noqa: B018 — and the confidence weights
    return coder


def find_events(doc: Document, lexicon: Lexicon, *, keep_negated: bool = False,
                confidence: ConfidenceModel | None = None, min_confidence: float = 0.0,
                kb: Any = None) -> list[Event]:
    """Events of a parsed document whose actors, dates and places are already found.

    Each event's ``confidence`` comes from ``confidence`` (default: the shipped weights, see
    ``coding/confidence.py``); events below ``min_confidence`` are dropped.
    """
    from eventwire.actors import actor_for_token
    from eventwire.geo import locate_event, scene_place
    from eventwire.temporal import date_event

    spacy_doc = doc.spacy_doc
    story = story_country(doc)
    model = confidence or load_confidence()
    words = load_non_events()
    events: list[Event] = []
    columns = token_columns(spacy_doc)
    for sentence_index, sent in enumerate(spacy_doc.sents):
        sent_text = columns.span_text(sent)
        if _is_question(sent_text):
            continue  # "Does this administration really want us to recycle?" asserts no event
        candidates = [c for c in _merge_nested(find_candidates(sent, lexicon)) if not _is_imperative(c)]
        casualties = find_casualties(sent_text) if candidates else Casualties()
        violent_seen = False
        for cand in candidates:
            if cand.modality == "negated" and not keep_negated:
                continue
            if cand.code[:2] in _VIOLENT_ROOTS and (words.accidental(cand.clause.subtree)
                                                    or words.accidental(cand.trigger.subtree)
                                                    or any(_non_agent(doc, t, words, actor_for_token)
                                                           for t in cand.sources)):
                continue  # "killed in the collision", "struck by an SUV": an accident, not an attack
            if cand.code[:2] in _VIOLENT_ROOTS and words.figurative(cand.trigger):
                continue  # "battling through the financial crisis", "fought cancer": a figure of speech
            info = lexicon.code_info(cand.code)
            cand.sources = _past_dateline(cand.sources)
            cand.targets = [t for t in cand.targets if not _is_topic(t, lexicon)]
            sources = _resolve_all(doc, [t for t in cand.sources if not _non_agent(doc, t, words, actor_for_token)],
                                   actor_for_token, expand=not cand.split, story=story)
            first_source = next((s for s in sources if s is not None), None)
            target_tokens = [t for t in cand.targets
                             if not _is_own(doc, t, first_source, actor_for_token, lexicon, cand.code)
                             and not _non_agent(doc, t, words, actor_for_token)]
            targets = _resolve_all(doc, target_tokens, actor_for_token, first_only=True, expand=not cand.split,
                                   story=story, topic_nouns=lexicon.topic_nouns)
            mutual = (targets == [None] and lexicon.is_symmetric(cand.code)
                      or lexicon.is_joint(cand.refused or cand.code))
            if len(sources) >= 2 and not cand.split and mutual:
                # "X and Y signed an agreement": X with Y; "X and Y agreed to share information on Z": X with Y
                sources, targets = sources[:1], sources[1:]
            elif len(sources) == 1 and targets == [None] and mutual and kb is not None and len(cand.sources) == 1:
                # "UK and EU negotiators agreed a deal", "the armies of Brazil and Argentina held war games"
                parties = _coordinated_parties(cand.sources[0], kb, doc.article.published)
                if parties is not None:
                    sources, targets = [parties[0]], [parties[1]]
            place_target = _place_target(doc, cand, lexicon) if targets == [None] else None
            if targets == [None] and place_target is None:
                # an own force moved is no target ("withdraw its troops from a zone": the zone), an own
                # deputy or colleague acted upon is ("released his deputy Jacob Zuma of his duties")
                place_target = _thing_target([t for t in cand.targets if t in target_tokens
                                              or not _is_force(doc, t, actor_for_token, lexicon)])
            place_source = None
            if sources == [None] and cand.code.startswith(lexicon.jurisdiction_codes) and _is_passive(cand.clause):
                # "was released after President Kiir pardoned him": who made it happen; else the state where
                # it happened
                cause = _resolve_all(doc, _cause_subjects(cand.clause), actor_for_token, story=story)
                if cause[0] is not None and cause[0].country and (cause[0].sectors or cause[0].kind != "person"):
                    sources = cause[:1]
                else:
                    place_source = _jurisdiction(doc, cand.clause)
            if not any(_is_coded(m) for m in sources + targets):
                continue  # an event with no actor at all tells an analyst nothing
            date = date_event(doc, cand.clause.i)
            place = locate_event(doc, cand.clause.i) or (locate_event(doc, cand.trigger.i)
                                                         if cand.trigger.i != cand.clause.i else None)
            place_basis = "text" if place is not None else None
            if place is None:
                place = scene_place(doc, cand.clause.i)
                place_basis = "context" if place is not None else None
            event_casualties = Casualties()
            if cand.code[:2] in _VIOLENT_ROOTS and not violent_seen and has_casualties(casualties):
                event_casualties = casualties
                violent_seen = True
            elif cand.code[:2] in _VIOLENT_ROOTS and not has_casualties(casualties):
                event_casualties = single_killing(cand.trigger, cand.targets) or Casualties()
            for source in sources:
                for target in targets:
                    if source is not None and target is not None and source.start == target.start:
                        continue  # one mention cannot act on itself
                    event = _event(doc, sentence_index, sent, cand, info, source, target, date, place,
                                   event_casualties, model, place_target, story, place_source)
                    event.location_basis = place_basis
                    if _has_public_actor(event, lexicon, passive=_is_passive(cand.clause)):
                        events.append(event)
    kept = merge_headline_and_lead(doc, events)
    return [e for e in kept if e.confidence >= min_confidence] if min_confidence > 0 else kept


def _non_agent(doc: Document, token: Any, words: NonEventWords, actor_for_token: Any) -> bool:
    """A natural force, vehicle or mishap ("storm", "SUV"), unless the word is an acronym the knowledge base
    knows as an actor ("ICE returned the paintings": the US agency, not the weather)."""
    if not words.is_non_agent(token):
        return False
    if token.text.isupper() and len(token.text) > 1:
        mention = actor_for_token(doc, token.i)
        return mention is None or mention.head != token.i or not mention.code
    return True


_DASHES = frozenset({"--", "-", "—", "–"})


def _past_dateline(tokens: list[Any]) -> list[Any]:
    """"THE HAGUE, Netherlands -- A U.N. prosecutor has charged …": the dateline names where the story was filed,
    not who acted, though the parser may make it the subject (with the real subject as its apposition after the
    dash, or as a second subject). A subject inside the dateline gives way to the one after the dash."""
    if not tokens:
        return tokens
    sent = tokens[0].sent
    dash = next((t for t in sent[:8] if t.text in _DASHES), None)
    if dash is None or dash.i == sent.start or any(t.pos_ not in ("PROPN", "PUNCT", "DET")
                                                   for t in tokens[0].doc[sent.start: dash.i]):
        return tokens
    out: list[Any] = []
    for token in tokens:
        if token.i > dash.i:
            out.append(token)
            continue
        after = [t for t in token.subtree if t.dep_ == "appos" and t.i > dash.i]
        if after:
            out.append(after[0])
    return out if out else tokens


def _is_public(actor: ActorRef | None, lexicon: Lexicon) -> bool:
    if actor is None or not (actor.code or actor.country):
        return False
    return not actor.sectors or any(sector not in lexicon.private_sectors for sector in actor.sectors)


def _is_passive(clause: Any) -> bool:
    """"was charged", "have been released", and the reduced "man charged in widow's murder"."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in clause.children) or (
        clause.dep_ in ("acl", "ROOT") and clause.tag_ == "VBN" and not any(c.dep_ == "aux" for c in clause.children))


def _has_public_actor(event: Event, lexicon: Lexicon, *, passive: bool = False) -> bool:
    """An event of the roots that need one has an actor with a public role on one side (see extensions.yml)."""
    if event.cameo[:2] not in lexicon.public_roots:
        return True
    if passive and event.source is None and event.cameo[:2] in lexicon.agentless_roots:
        return True  # "was charged with murder": the unnamed doer of an accusation is most often the state
    return _is_public(event.source, lexicon) or _is_public(event.target, lexicon)


_POSSESSIVE_PRONOUNS = {"its", "their", "his", "her", "our"}


def _is_own(doc: Document, token: Any, source: ActorMention | None, actor_for_token: Any, lexicon: Lexicon,
            code: str) -> bool:
    """"Syria offered its troops to Lebanon": the source's own forces are what it offers or moves, not whom
    it acts upon; the next argument ("to Lebanon") is the target. ("his Russian counterpart" is not own.)
    So is an unnamed force in an act that moves forces ("the UN withdrew peacekeepers from Sinai", see
    ``own_force_roots`` in extensions.yml)."""
    if source is None:
        return False
    mention = actor_for_token(doc, token.i)
    if source.kind in ("sector", "person", "unlisted") and not any(c.dep_ == "poss" for c in token.children):
        # "rebels surrendered to the police", "Vasquez led detectives to …": only a state or a body the
        # knowledge base knows has forces of its own to move
        return False
    if any(c.dep_ == "poss" and c.lower_ in _POSSESSIVE_PRONOUNS for c in token.children):
        return mention is None or mention.country in (None, source.country)
    return (code[:2] in lexicon.own_force_roots and mention is not None and mention.head == token.i
            and mention.kind == "sector" and mention.country in (None, source.country)
            and bool(lexicon.force_sectors & set(mention.sectors)))


def _resolve_all(doc: Document, tokens: list[Any], actor_for_token: Any, *, first_only: bool = False,
                 expand: bool = True, story: str | None = None,
                 topic_nouns: frozenset[str] = frozenset()) -> list[ActorMention | None]:
    """Actors of the argument tokens, one per coordinated member; [None] when none resolves.

    With ``first_only`` (a target), an argument that is itself an actor comes before one that only contains an
    actor: in "returned a sculpture of the head of Emperor X to the ambassador" the ambassador is the target.
    """
    found: list[ActorMention] = []
    clause = _clause_of(tokens[0]) if tokens else None
    for direct in ((True, False) if first_only else (False,)):
        for token in tokens:
            if direct and (_clause_of(token) != clause
                           or any(other.i != token.i and other.is_ancestor(token) for other in tokens)):
                # only the verb's own arguments: what the object holds ("the withdrawal of Serbian forces from
                # Bosnia") and what a reported clause names come after the object's actors
                continue
            members = _conjuncts(token) if expand else [token]
            resolved = [_argument_actor(doc, m, actor_for_token, direct=direct, topic_nouns=topic_nouns)
                        or _speaker_of(doc, m, actor_for_token)
                        or _unknown_person(m, story, surnames=first_only) for m in members]
            if any(r is not None for r in resolved):
                # "India and MERCOSUR agreed": a name coordinated with an actor is an actor too, known or not
                resolved = [r or _unlisted_name(m) for r, m in zip(resolved, members, strict=True)]
            resolved_ok = [r for r in resolved if r is not None]
            if resolved_ok:
                for mention in resolved_ok:
                    if all(mention.start != f.start for f in found):
                        found.append(mention)
                if first_only:
                    break
        if found:
            break
    if not found:
        # a named organisation or person the knowledge base does not know ("ICE returned …", "Jurisdiction for
        # Peace ordered …"): the side is that name, without a code, rather than nobody
        for token in tokens:
            members = _conjuncts(token) if expand else [token]
            found = [m for m in (_unlisted_name(t) for t in members) if m is not None]
            if found:
                break
    return list(found) or [None]


_UNLISTED_LABELS = frozenset({"PERSON", "ORG"})


_COORDINATED_MODIFIERS = frozenset({"nmod", "amod", "compound", "poss"})


def _coordinated_parties(head: Any, kb: Any, published: str | None) -> tuple[ActorMention, ActorMention] | None:
    """The two parties of one noun phrase that coordinates its modifiers: "[UK and EU] negotiators",
    "[Russia and Turkey's] foreign ministers", "the armies of [Brazil and Argentina]". Each party is resolved
    with the head noun ("UK negotiators"), so that it keeps the head's sector; None unless both resolve."""
    doc = head.doc
    left = [c for c in head.children if c.i < head.i and c.dep_ in _COORDINATED_MODIFIERS]
    pairs: list[tuple[Any, Any]] = []
    for mod in left:
        if not any(c.dep_ == "cc" and c.lower_ in ("and", "&") for c in mod.children):
            continue
        partner = next((c for c in mod.children if c.dep_ == "conj"), None) or next(
            (c for c in left if mod.i < c.i), None)
        if partner is not None:
            pairs.append((mod, partner))
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                partner = next((c for c in obj.children if c.dep_ == "conj"), None)
                if obj.dep_ == "pobj" and partner is not None:
                    pairs.append((obj, partner))
    if not pairs:
        return None
    first, second = pairs[0]
    day = (published or "")[:10] or None
    out: list[ActorMention] = []
    for token in (first, second):
        words = [t for t in _own_words(token) if t.dep_ != "case"]
        span = doc[words[0].i: words[-1].i + 1]
        resolution = kb.resolve(f"{span.text} {head.text}", day)
        if resolution is None or not (resolution.code or resolution.country):
            return None
        out.append(ActorMention(text=span.text, start=span.start_char, end=span.end_char, code=resolution.code,
                                country=resolution.country, sectors=list(resolution.sectors),
                                name=resolution.name, kind=resolution.kind, actor_id=resolution.actor_id,
                                head=token.i))
    return out[0], out[1]


def _own_words(token: Any) -> list[Any]:
    """A coordinated word with its own modifiers, without the words of other conjuncts."""
    return sorted([token] + [t for c in token.children if c.dep_ not in ("cc", "conj", "punct")
                             for t in c.subtree], key=lambda t: t.i)


def _unlisted_name(token: Any) -> ActorMention | None:
    """The named entity (person or organisation) a proper noun heads, as an actor with no code."""
    if token.pos_ != "PROPN" or token.ent_type_ not in _UNLISTED_LABELS:
        return None
    span = next((e for e in token.doc.ents if e.start <= token.i < e.end and e.root.i == token.i), None)
    if span is None:
        return None
    return ActorMention(text=span.text, start=span.start_char, end=span.end_char, code="", country=None,
                        sectors=[], name=None, kind="unlisted", head=token.i)


def _is_coded(mention: ActorMention | None) -> bool:
    return mention is not None and bool(mention.code or mention.country)


def _clause_of(token: Any) -> int | None:
    """The index of the verb whose clause the token is an argument of."""
    return next((h.i for h in heads(token) if h.pos_ in ("VERB", "AUX")), None)


def _argument_actor(doc: Document, token: Any, actor_for_token: Any, *, direct: bool,
                    topic_nouns: frozenset[str] = frozenset()) -> ActorMention | None:
    """The actor of an argument token; with ``direct``, only a mention the token heads or lies in. A mention
    only inside what the argument is about ("information on North Korea") is not the argument's actor."""
    mention = actor_for_token(doc, token.i)
    if mention is None or mention.head == token.i or mention.start <= token.idx < mention.end:
        return mention
    if direct:
        return None
    if topic_nouns and mention.head is not None and _lower(token) in topic_nouns:
        head = doc.spacy_doc[mention.head]
        for above in (head, *head.ancestors):
            if above.i == token.i:
                break
            if above.dep_ == "prep" and above.lower_ in _TOPIC_PREPS and above.head.i == token.i:
                return None
    return mention


_TRANSNATIONAL = {"IGO", "NGO", "MNC", "IMG", "UAF", "REL"}


_CLOSING = "\"'”’»)] "


def _is_question(sentence: str) -> bool:
    """The sentence asks (ends in a question mark, perhaps inside closing quotes)."""
    return sentence.rstrip().rstrip(_CLOSING).endswith("?")


def _is_imperative(cand: Candidate) -> bool:
    """A command ("Strike the shepherd", "Stop the war") is no event: the trigger is the bare verb at the head
    of its sentence or quotation, with no subject."""
    verb = cand.clause
    if verb.tag_ != "VB" or any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "expl", "mark")
                                for c in verb.children):
        return False
    if verb.dep_ in ("ccomp", "xcomp", "parataxis") and verb.i > 0 and verb.doc[verb.i - 1].tag_ == "``":
        return True  # 'Isaiah said, "Strike the shepherd"': a quoted command, whoever is said to give it
    if verb.dep_ not in ("ROOT", "ccomp", "parataxis") or cand.sources:
        return False
    before = [t for t in verb.doc[verb.sent.start: verb.i] if not t.is_punct and not t.is_space]
    if verb.dep_ == "ROOT":
        return not before
    return bool(before) and verb.i > 0 and verb.doc[verb.i - 1].is_quote


_SURNAMES = "eventwire.surnames"
_NAME_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV", ","})


def _story_surnames(spacy_doc: Any) -> frozenset[str]:
    """Last words of the full names ("Terry Lee Jolly") the story gives its people, once per document."""
    cached = spacy_doc.user_data.get(_SURNAMES)
    if cached is None:
        cached = sorted({words[-1].text for start, end, label in entity_bounds(spacy_doc) if label == "PERSON"
                         for words in [[t for t in spacy_doc[start:end] if t.text not in _NAME_SUFFIXES]]
                         if len(words) > 1 and words[-1].is_title})
        spacy_doc.user_data[_SURNAMES] = cached  # a plain list: the doc stays serialisable
    return frozenset(cached)


def _unknown_person(token: Any, story: str | None, *, surnames: bool = False) -> ActorMention | None:
    """A person the text names but the knowledge base does not know ("Christopher Vasquez, 19"), in a story
    about one country, is one of that country's people (CVL): the coder's convention that a local suspect or
    victim belongs to the country in question. Nothing when the story's country is unclear.

    With ``surnames`` (a target: the one arrested, charged, attacked), once the story has given a full name,
    its surname alone is that person wherever it recurs, however the parser tags it there ("Jolly, who …, was
    taken into custody" with "Jolly" an adverb). Not for a doer: a private person's everyday acts ("grabbed
    some clothes", "has wrestled") are what the verb dictionary most often mistakes for events, and a source
    the model does not tag a person is left unresolved."""
    if story is None:
        return None
    doc = token.doc
    bounds = entity_at(doc, token.i)
    if bounds is not None and bounds[2] == "PERSON" and token.pos_ == "PROPN":
        span = doc[bounds[0]:bounds[1]]
        start, end, text = span.start_char, span.end_char, span.text
    elif (surnames and token.is_title and token.text in _story_surnames(doc)
          and (bounds is None or (bounds[1] - bounds[0] == 1 and bounds[2] in ("ORG", "PERSON", "NORP")))):
        start, end, text = token.idx, token.idx + len(token.text), token.text
    else:
        return None
    return ActorMention(text=text, start=start, end=end, code=f"{story}CVL",
                        country=story, sectors=["CVL"], name=None, kind="person", head=token.i)


_PERSONAL_PRONOUNS = {"it", "they", "he", "she", "we", "its", "their", "his", "her", "our"}


def _speaker_of(doc: Document, token: Any, actor_for_token: Any) -> ActorMention | None:
    """"Iraq said it would allow …", "Palestinian leaders said they would boycott …": a pronoun that is the
    subject of a reported clause refers to the one who reports it."""
    if token.lower_ not in _PERSONAL_PRONOUNS or token.dep_ not in ("nsubj", "nsubjpass", "poss"):
        return None
    clause = token.head
    for _ in range(3):
        if clause.dep_ == "ccomp" and not is_root(clause):
            speakers = [s for s in _subjects(clause.head) if s.dep_ == "nsubj"]
            if speakers and speakers[0].i != token.i:
                return actor_for_token(doc, speakers[0].i)
            return None
        if clause.dep_ in ("xcomp", "conj", "acomp") and not is_root(clause):
            clause = clause.head
            continue
        break
    return None


_PLACE_PREPS = ("in", "into", "to", "on", "at", "across", "against", "from", "near", "inside", "toward", "towards")


_THING_POS = frozenset({"NOUN", "PROPN"})
_RECIPIENT_PREPS = frozenset({"to", "into", "with", "against", "toward", "towards"})


def _is_force(doc: Document, token: Any, actor_for_token: Any, lexicon: Lexicon) -> bool:
    mention = actor_for_token(doc, token.i)
    return mention is not None and bool(lexicon.force_sectors & set(mention.sectors))


def _thing_target(tokens: list[Any]) -> ActorRef | None:
    """No actor and no place is the target, but the act is aimed at something named ("condemned the terrorist
    attack", "accused the legislation of …", "violated the holiday ceasefire"): the target is that noun
    phrase, with no actor code, as PLOVER's coders mark it. Only the phrase up to its head: what it holds
    after ("… on a church in Quetta") is not the target. A recipient comes before the thing given ("offer an
    aid package to the cultural sector")."""
    recipients = [t for t in tokens if t.dep_ == "pobj" and t.head.lower_ in _RECIPIENT_PREPS]
    for token in recipients + [t for t in tokens if t not in recipients]:
        if token.pos_ not in _THING_POS:
            continue
        span = token.doc[token.left_edge.i: token.i + 1]
        return ActorRef(text=span.text, start=span.start_char, end=span.end_char, code=None, name=None,
                        country=None, sectors=[])
    return None


def _cause_subjects(clause: Any) -> list[Any]:
    """Subjects of a clause that says what brought the act about: "… were freed after South Korea's Cabinet
    approved a pardon"."""
    return [s for c in clause.children if c.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in ("after", "when") for m in c.children)
            for s in _subjects(c) if s.dep_ == "nsubj"]


def _jurisdiction(doc: Document, clause: Any) -> ActorRef | None:
    """"was arrested in Rwanda", "have been expelled from North Korea", "released from captivity in Libya": an
    arrest, release or expulsion whose doer is not named is the act of the state where it happened (see
    ``jurisdiction_codes`` in extensions.yml). The place named by the verb's "in"/"from", or by those of its
    prepositional objects."""
    if not doc.places:
        return None
    tokens = _prep_objects(clause, ("in", "from"))
    tokens += [p for t in list(tokens) + [c for c in clause.children if c.dep_ == "pobj"]
               for p in _prep_objects(t, ("in",))]
    tokens += [p for prep in clause.children if prep.dep_ == "prep"
               for obj in prep.children if obj.dep_ == "pobj" for p in _prep_objects(obj, ("in",))]
    for token in tokens:
        # the place itself, not a place that only qualifies the object ("in the Boone County Jail", "in a
        # Georgia man's death")
        for place in doc.places:
            if place.start <= token.idx < place.end and place.country and place.kind != "demonym":
                return ActorRef(text=place.text, start=place.start, end=place.end, code=place.country,
                                name=place.name, country=place.country, sectors=[])
    return None


def _place_target(doc: Document, cand: Candidate, lexicon: Lexicon) -> ActorRef | None:
    """No actor is named as target, but a place is ("attacks in Tel Aviv", "opened an embassy in Tehran"):
    the coders' convention is to take the place's country as the target."""
    if not doc.places:
        return None
    clauses = [cand.clause] + [c for c in cand.clause.children
                               if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")]
    objects = [c for clause in clauses for c in clause.children if c.dep_ == "dobj"]
    # A place set before the clause sets the scene for all that follows ("In Columbus, firefighters agreed to a
    # pay freeze. Police declined the offer"): it is where, not to whom.
    tokens = [p for head in objects for p in _prep_objects(head, _PLACE_PREPS)]
    tokens += [p for clause in clauses for p in _prep_objects(clause, _PLACE_PREPS) if p.i > clause.i]
    tokens += objects
    for token in tokens:
        if _is_topic(token, lexicon):
            continue
        for member in _conjuncts(token):
            start, end = member.left_edge.idx, member.right_edge.idx + len(member.right_edge)
            for place in doc.places:
                if start <= place.start and place.end <= end and place.country and place.kind != "demonym":
                    return ActorRef(text=place.text, start=place.start, end=place.end, code=place.country,
                                    name=place.name, country=place.country, sectors=[])
    return None


def story_country(doc: Document) -> str | None:
    """The country a story is about: the country of most of its place mentions, when it has most of them.

    Demonyms do not count (a "Syrian refugee" in a German story); None when no country has at least half
    of the mentions, as in a story that moves between several.
    """
    countries = Counter(p.country for p in doc.places if p.country and p.kind != "demonym")
    if not countries:
        return None
    country, count = countries.most_common(1)[0]
    return country if 2 * count >= sum(countries.values()) else None


def _fill_country(ref: ActorRef | None, place: Place | None, other: ActorRef | None,
                  story: str | None = None) -> ActorRef | None:
    """A sector-only actor ("migrants", "rebels", "the opposition", "police") takes the country the event
    happens in, else the country of the other party, else the country the story is about: the coder's
    convention that an actor named only by its sector belongs to the country in question. Transnational
    sectors (IGO, NGO …) never do."""
    if ref is None or ref.country or not ref.sectors or _TRANSNATIONAL & set(ref.sectors):
        return ref
    country = None
    if place is not None and place.country and place.kind != "demonym":
        country = place.country
    elif other is not None and other.country and not _TRANSNATIONAL & set(other.sectors) \
            and not (other.code or "").startswith(("IGO", "NGO")):
        country = other.country
    else:
        country = story
    if country is None:
        return ref
    return replace(ref, country=country, code=country + "".join(ref.sectors[:1]))


def _named(doc: Document, sent: Any, mention: ActorMention | None) -> ActorMention | None:
    """A pronoun whose antecedent is named in the same sentence stands for that name: in "Obama said he will
    not lift the embargo" the one who will not lift it is Obama, and the event says so where the name is."""
    if mention is None or mention.kind != "pronoun" or mention.antecedent is None \
            or not 0 <= mention.antecedent < len(doc.actor_mentions):
        return mention
    named = doc.actor_mentions[mention.antecedent]
    if named.kind == "pronoun" or not sent.start_char <= named.start < named.end <= sent.end_char:
        return mention
    return named


def _with_apposition(doc: Document, ref: ActorRef | None, mention: ActorMention | None) -> ActorRef | None:
    """"his Iranian counterpart, Mostafa Najjar", "Odin Sanchez, a former congressman": a name and its
    apposition are one actor, and the actor's span covers both (the code stays the mention's)."""
    if ref is None or mention is None or mention.head is None or doc.spacy_doc is None:
        return ref
    head = doc.spacy_doc[mention.head]
    if head.dep_ == "appos" and head.head.i < head.i and head.head.pos_ in ("NOUN", "PROPN"):
        left = head.head.left_edge
        if left.idx < ref.start:
            return replace(ref, text=doc.text[left.idx: ref.end], start=left.idx)
    names = [c for c in head.children if c.dep_ == "appos" and c.i > head.i and c.pos_ in ("NOUN", "PROPN")]
    if names:
        # the apposition itself, not what the parser hangs on it ("…, Sergei Lavrov, in Ankara")
        inside = {t.i for t in names[0].subtree}
        right = names[0]
        while right.i + 1 in inside and not right.nbor().is_punct and right.nbor().dep_ not in ("prep", "relcl", "acl"):
            right = right.nbor()
        end = right.idx + len(right)
        if end > ref.end:
            return replace(ref, text=doc.text[ref.start: end], end=end)
    return ref


def _ref(mention: ActorMention | None, doc: Document | None = None) -> ActorRef | None:
    if mention is None:
        return None
    local = _local_place(mention, doc) if doc is not None else None
    if local is not None and local.country:
        # "Lebanon Police" in a story the geoparser places in Lebanon, Indiana: the town's police
        return ActorRef(text=mention.text, start=mention.start, end=mention.end,
                        code=local.country + "".join(mention.sectors), name=local.name, country=local.country,
                        sectors=list(mention.sectors))
    return ActorRef(text=mention.text, start=mention.start, end=mention.end, code=mention.code or None,
                    name=mention.name, country=mention.country, sectors=list(mention.sectors))


_PLACE_ENTRY_PREFIXES = ("country:", "country-extra:", "capital:")


def _local_place(mention: ActorMention, doc: Document) -> Place | None:
    """The town or subdivision an actor named by a country's or capital's name really is: the geoparser
    resolved that name, inside the mention, to a place in another country ("Lebanon" in "Lebanon Police" to
    Lebanon, Indiana; "Dublin" in "Dublin's boards" to Dublin, Ohio). A demonym never moves."""
    if mention.antecedent is not None and 0 <= mention.antecedent < len(doc.actor_mentions) \
            and doc.actor_mentions[mention.antecedent] is not mention:
        # "police" standing for the "Lebanon Police" named before it
        mention = doc.actor_mentions[mention.antecedent]
    if mention.kind == "demonym" or mention.country is None or (
            mention.actor_id and not mention.actor_id.startswith(_PLACE_ENTRY_PREFIXES)):
        return None
    for place in doc.places:
        if mention.start <= place.start and place.end <= mention.end and place.kind in ("city", "admin") \
                and place.country and place.country != mention.country:
            return place
    return None


def _event(doc: Document, sentence_index: int, sent: Any, cand: Candidate, info: Any,
           source: ActorMention | None, target: ActorMention | None, date: EventDate | None,
           place: Place | None, casualties: Casualties, model: ConfidenceModel,
           place_target: ActorRef | None = None, story: str | None = None,
           place_source: ActorRef | None = None) -> Event:
    trigger = cand.trigger
    sentence = token_columns(sent.doc).span_text(sent).rstrip()
    evidence = TextSpan(sentence, sent.start_char, sent.start_char + len(sentence))
    source_named, target_named = _named(doc, sent, source), _named(doc, sent, target)
    source_ref = _with_apposition(doc, _fill_country(_ref(source_named, doc), place,
                                                     _ref(target_named, doc) or place_target, story),
                                  source_named) or place_source
    target_ref = _with_apposition(doc, _fill_country(_ref(target_named, doc), place, source_ref, story),
                                  target_named) or place_target
    key = "|".join([doc.id, str(sentence_index), str(trigger.idx), cand.code,
                    source_ref.code if source_ref and source_ref.code else "-",
                    target_ref.code if target_ref and target_ref.code else "-",
                    str(source_ref.start) if source_ref else "-", str(target_ref.start) if target_ref else "-"])
    event_id = hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]
    features = event_features(
        source=source, target=target, source_ref=source_ref, target_ref=target_ref, specific=cand.specific,
        nominal=cand.rule.startswith("noun:"), rule=cand.rule, modality=cand.modality,
        quad_class=info.quad_class if info else None, main_clause=cand.clause.dep_ == "ROOT",
        sentence_tokens=len(sent))
    return Event(
        event_id=event_id,
        article_id=doc.id,
        sentence_index=sentence_index,
        evidence=evidence,
        trigger=TextSpan(trigger.text, trigger.idx, trigger.idx + len(trigger.text)),
        source=source_ref,
        target=target_ref,
        cameo=cand.code,
        cameo_name=info.name if info else None,
        plover=Plover(info.plover_type if info else None, info.plover_mode if info else None,
                      list(info.plover_context) if info else []),
        quad_class=info.quad_class if info else None,
        goldstein=info.goldstein if info else None,
        date=date,
        location=place,
        casualties=casualties,
        modality=cand.modality,
        confidence=model.rate(event_id, features),
        rule=cand.rule,
    )


def _same_event(a: Event, b: Event) -> bool:
    return (a.cameo[:2] == b.cameo[:2] and a.modality == b.modality
            and (a.source.code if a.source else None) == (b.source.code if b.source else None)
            and (a.target.code if a.target else None) == (b.target.code if b.target else None))


def merge_headline_and_lead(doc: Document, events: list[Event]) -> list[Event]:
    """One event for the headline and the lead that report it; ``mentions`` counts both."""
    text = doc.text
    body = doc.article.body_start
    if body <= 0:
        return events
    lead_end = text.find("\n\n", body)
    lead_end = len(text) if lead_end < 0 else lead_end
    headline = [e for e in events if e.evidence.end <= body]
    kept: list[Event] = []
    for event in events:
        in_lead = body <= event.evidence.start < lead_end
        twin = next((h for h in headline if in_lead and _same_event(h, event)), None)
        if twin is not None:
            twin.mentions += 1
            if twin.date and twin.date.basis == "publication" and event.date and event.date.basis == "text":
                twin.date = event.date
            continue
        kept.append(event)
    return kept
