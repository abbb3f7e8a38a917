"""One pass over the text finds where a date rule can start; each rule is tried only there.

Running every rule's regular expression over the whole text (118 of them) made the temporal stage a tenth of
a run. Most positions of a text cannot start any rule: a rule's match begins with a month name, a digit, a
number word, "the", "last" ... This module reads each compiled rule's own syntax tree (``re._parser``) and
works out which pairs of first two characters its matches can begin with, without guessing: a character class
is expanded over ASCII, case-insensitive letters match both cases, and any character outside ASCII counts as
possible wherever a letter, a negated class or a category (``\\w``, ``\\d``, ``\\s``) could stand, since Unicode
case folding and categories reach beyond ASCII. Lookarounds and anchors take no character and are skipped (they
only narrow a match), so the pairs found are a superset of what can really start a match.

At run time one compiled pattern (every rule begins with ``(?<!\\w)``) finds the positions where some rule can
start; the pair of characters there picks the rules to try, and each of them is tried with ``regex.match`` at
its positions in text order, skipping positions inside its previous match: exactly what ``finditer`` does,
only without trying the positions that cannot match. A rule whose matches could be empty, or whose first
characters cannot be worked out, is run with ``finditer`` over the whole text as before.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, Protocol

_ASCII = tuple(chr(i) for i in range(128))
NON_ASCII = "\x80"
"""The symbol every character outside ASCII is read as."""
END = "\x81"
"""The symbol after the last character of the text (no character of a text is read as it)."""
ANY = frozenset((*_ASCII, NON_ASCII, END))
_MAX_PREFIXES = 20_000
PREFIX = 5
"""How many first characters pick the rules to try at a position."""


class _Unknown(Exception):
    """A construct this module does not read: the rule is run over the whole text."""


Prefix = tuple[frozenset[str], ...]


class Pattern(Protocol):
    """What this module needs of a regular expression: ``re.Pattern``, or one compiled on first use."""

    @property
    def pattern(self) -> str: ...

    @property
    def flags(self) -> int: ...

    def match(self, text: str, pos: int = ..., endpos: int = ...) -> re.Match[str] | None: ...


def _category(code: Any, char: str) -> bool:
    table = {
        sre.CATEGORY_DIGIT: str.isdigit, sre.CATEGORY_UNI_DIGIT: str.isdigit,
        sre.CATEGORY_SPACE: str.isspace, sre.CATEGORY_UNI_SPACE: str.isspace,
        sre.CATEGORY_WORD: lambda c: c.isalnum() or c == "_", sre.CATEGORY_UNI_WORD: lambda c: c.isalnum() or c == "_",
        sre.CATEGORY_NOT_DIGIT: lambda c: not c.isdigit(), sre.CATEGORY_UNI_NOT_DIGIT: lambda c: not c.isdigit(),
        sre.CATEGORY_NOT_SPACE: lambda c: not c.isspace(), sre.CATEGORY_UNI_NOT_SPACE: lambda c: not c.isspace(),
        sre.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
        sre.CATEGORY_UNI_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
    }
    if code not in table:
        raise _Unknown(str(code))
    return bool(table[code](char))


_CHARSETS: dict[tuple[Any, ...], frozenset[str]] = {}


def _charset(items: list[tuple[Any, Any]], ignorecase: bool) -> frozenset[str]:
    """The ASCII characters (both cases when ``ignorecase``) a class ``[...]`` matches, with NON_ASCII when a
    character outside ASCII might match too."""
    key = (ignorecase, *((op, tuple(av) if isinstance(av, list) else av) for op, av in items))
    known = _CHARSETS.get(key)
    if known is None:
        known = _CHARSETS[key] = _read_charset(items, ignorecase)
    return known


def _read_charset(items: list[tuple[Any, Any]], ignorecase: bool) -> frozenset[str]:
    negate = any(op is sre.NEGATE for op, _ in items)
    non_ascii = negate
    chars: set[str] = set()
    for op, av in items:
        if op is sre.NEGATE:
            continue
        if op is sre.LITERAL:
            if av >= 128:
                non_ascii = True
            else:
                chars.add(chr(av))
        elif op is sre.RANGE:
            low, high = av
            if high >= 128:
                non_ascii = True
            chars.update(chr(c) for c in range(low, min(high, 127) + 1))
        elif op is sre.CATEGORY:
            non_ascii = True
            chars.update(c for c in _ASCII if _category(av, c))
        else:
            raise _Unknown(str(op))
    if ignorecase:
        chars |= {c.swapcase() for c in chars if c.isalpha()}
        non_ascii = non_ascii or any(c.isalpha() for c in chars)  # folds: "ſ" ~ "s", "K" (Kelvin) ~ "k"
    matched = (set(_ASCII) - chars) if negate else chars
    if non_ascii:
        matched.add(NON_ASCII)
    return frozenset(matched)


def _literal(code: int, ignorecase: bool) -> frozenset[str]:
    return _charset([(sre.LITERAL, code)], ignorecase)


def _concat(left: set[Prefix], right: Any, k: int) -> set[Prefix]:
    """``left`` prefixes continued by what ``right`` (a function of the room left) can add."""
    out: set[Prefix] = set()
    tails: dict[int, set[Prefix]] = {}
    for prefix in left:
        room = k - len(prefix)
        if room <= 0:
            out.add(prefix)
            continue
        if room not in tails:
            tails[room] = right(room)
        for tail in tails[room]:
            out.add(prefix + tail)
    return _merge(out)


def _merge(prefixes: set[Prefix]) -> set[Prefix]:
    """Prefixes that differ only in their last position as one (the union there): the same strings when the
    earlier positions are single characters, a superset otherwise; keeps the sets small."""
    groups: dict[Prefix, set[str]] = {}
    for prefix in prefixes:
        if prefix:
            groups.setdefault(prefix[:-1], set()).update(prefix[-1])
    out = {head + (frozenset(last),) for head, last in groups.items()}
    if () in prefixes:
        out.add(())
    if len(out) > _MAX_PREFIXES:
        raise _Unknown("too many prefixes")
    return out


def _sequence(items: list[tuple[Any, Any]], k: int, ignorecase: bool) -> set[Prefix]:
    """The prefixes of up to ``k`` characters a sequence of parsed items can begin with; a prefix shorter than
    ``k`` means the sequence can end there."""
    prefixes: set[Prefix] = {()}
    for op, av in items:
        if all(len(p) >= k for p in prefixes):
            break
        prefixes = _concat(prefixes, lambda room, op=op, av=av: _item(op, av, room, ignorecase), k)
    return prefixes


def _item(op: Any, av: Any, k: int, ignorecase: bool) -> set[Prefix]:
    if op is sre.LITERAL:
        return {(_literal(av, ignorecase),)}
    if op is sre.NOT_LITERAL:
        return {(ANY - {END} - ({chr(av)} if av < 128 and not ignorecase else set()),)}
    if op is sre.ANY:
        return {(ANY - {END},)}
    if op is sre.IN:
        return {(_charset(av, ignorecase),)}
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return {()}  # zero width: only narrows the match
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, pattern = av
        flag = ignorecase
        if add_flags & sre.SRE_FLAG_IGNORECASE:
            flag = True
        if del_flags & sre.SRE_FLAG_IGNORECASE:
            flag = False
        return _sequence(list(pattern), k, flag)
    if op is sre.BRANCH:
        out: set[Prefix] = set()
        for branch in av[1]:
            out |= _sequence(list(branch), k, ignorecase)
        return out
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        low, high, pattern = av
        body = list(pattern)
        # n copies with n >= max(low, k) add no new prefix of k characters: a copy past the k-th non-empty
        # one lies beyond the prefix, and an empty copy can be dropped while at least ``low`` remain
        last = max(low, k) if high is sre.MAXREPEAT else min(high, max(low, k))
        out = {()} if low == 0 else set()
        current: set[Prefix] = {()}
        for count in range(1, last + 1):
            current = _concat(current, lambda room: _sequence(body, room, ignorecase), k)
            if count >= low:
                out |= current
        return out
    if op is sre.GROUPREF:
        return {(), *(tuple([ANY - {END}] * n) for n in range(1, k + 1))}
    raise _Unknown(str(op))


def first_chars(regex: Pattern, k: int = PREFIX) -> set[Prefix] | None:
    """The first ``k`` characters a match of ``regex`` can begin with, each position as the set of symbols
    that can stand there (a match shorter than ``k`` leaves ANY after its end); None when a match could be
    empty or the pattern cannot be read."""
    try:
        parsed = sre_parse.parse(regex.pattern, regex.flags)
        prefixes = _sequence(list(parsed), k, bool(regex.flags & re.IGNORECASE))
    except (_Unknown, RecursionError):
        return None
    if any(len(p) == 0 for p in prefixes):
        return None
    return {p + (ANY,) * (k - len(p)) for p in prefixes}


def _symbol(char: str) -> str:
    return char if char < NON_ASCII else NON_ASCII


_CACHE_KEYS = 200_000
"""How many distinct first characters the trigger remembers the rules of (then it starts again)."""


@dataclass
class Trigger:
    """The rules' first characters, and the one pattern that finds where any of them can start."""

    prefixes: list[set[Prefix] | None]
    start: re.Pattern[str]
    k: int = PREFIX
    _levels: list[dict[str, int]] = field(default_factory=list)
    _owner: list[int] = field(default_factory=list)
    _rule_bits: dict[int, int] = field(default_factory=dict)
    _by_key: dict[str, tuple[int, ...]] = field(default_factory=dict)
    _text: str | None = None
    _padded: str = ""

    def __post_init__(self) -> None:
        # every prefix of every rule is a bit; at each of the k positions, a symbol sets the bits of the
        # prefixes that allow it there: a key's prefixes are the AND of its k symbols' masks
        symbols = (*_ASCII, NON_ASCII, END)
        self._levels = [dict.fromkeys(symbols, 0) for _ in range(self.k)]
        bit = 0
        for index, rule_prefixes in enumerate(self.prefixes):
            for prefix in sorted(rule_prefixes or (), key=lambda p: [sorted(x) for x in p]):
                for level, allowed in zip(self._levels, prefix, strict=True):
                    for symbol in allowed:
                        level[symbol] |= 1 << bit
                self._owner.append(index)
                self._rule_bits[index] = self._rule_bits.get(index, 0) | 1 << bit
                bit += 1

    @property
    def unread(self) -> tuple[int, ...]:
        """Indexes of the rules run over the whole text."""
        return tuple(i for i, p in enumerate(self.prefixes) if p is None)

    def rules_for(self, key: str) -> tuple[int, ...]:
        """The rules (indexes, in order) a match of which can begin with the ``k`` symbols ``key``."""
        mask = -1
        for level, symbol in zip(self._levels, key, strict=True):
            mask &= level[symbol]
            if not mask:
                return ()
        rules = []
        while mask:
            index = self._owner[(mask & -mask).bit_length() - 1]
            rules.append(index)
            mask &= ~self._rule_bits[index]
        return tuple(rules)

    def _symbols(self, text: str) -> str:
        """``text`` as symbols (every character outside ASCII one symbol), padded with END; the last text's
        is kept, since a document's sentences ask about the same text again and again."""
        if self._text is not text:
            self._text = text
            self._padded = (text if text.isascii() else "".join(map(_symbol, text))) + END * self.k
        return self._padded

    def starts(self, text: str, pos: int = 0, endpos: int | None = None) -> dict[int, list[int]]:
        """Rule index -> the positions of ``text[pos:endpos]``, in order, where that rule's match can start."""
        out: dict[int, list[int]] = {}
        k = self.k
        padded = self._symbols(text)
        by_key = self._by_key
        if len(by_key) > _CACHE_KEYS:
            by_key.clear()
        for match in self.start.finditer(text, pos, len(text) if endpos is None else endpos):
            s = match.start()
            key = padded[s:s + k]
            rules = by_key.get(key)
            if rules is None:
                rules = by_key[key] = self.rules_for(key)
            for index in rules:
                out.setdefault(index, []).append(s)
        return out


def build_trigger(regexes: Sequence[Pattern], k: int = PREFIX, *, word_start: bool = True) -> Trigger:
    """The trigger of ``regexes``. With ``word_start`` (the rules, which the grammar compiles to begin with
    ``(?<!\\w)``) a match starts only where no word character comes before; a pattern that does not begin so
    is run over the whole text."""
    prefixes = _cached_first_chars([r if not word_start or r.pattern.startswith("(?<!\\w)") else None
                                    for r in regexes], k)
    firsts: set[str] = set()
    for rule_prefixes in prefixes:
        for prefix in rule_prefixes or ():
            firsts |= prefix[0]
    ascii_chars = sorted(c for c in firsts if c not in (NON_ASCII, END))
    parts = [re.escape(c) for c in ascii_chars]
    if NON_ASCII in firsts:
        parts.append("\\x80-\\U0010ffff")
    lead = "(?<!\\w)" if word_start else ""
    start = re.compile(rf"{lead}[{''.join(parts)}]" if parts else r"(?!x)x")
    return Trigger(prefixes, start, k)


TRIGGER_VERSION = 1
"""Bump when :func:`first_chars` changes what it finds: the cached prefixes are keyed by it."""


def _cached_first_chars(regexes: list[Pattern | None], k: int) -> list[set[Prefix] | None]:
    """``first_chars`` of each regex (None stays None), remembered in eventwire's cache (:mod:`eventwire.cache`).

    Reading a grammar's regexes takes a quarter of a second, at every start of a process; the answers are kept
    in ``trigger-v<version>-<digest>/prefixes.json``, the digest taken over the patterns, their flags and ``k``,
    so a changed rule is read again. Each position's symbols are written as one string."""
    from eventwire.cache import cache_root, load_or_build, write_folder

    key = json.dumps([TRIGGER_VERSION, k, [None if r is None else [r.pattern, int(r.flags)] for r in regexes]])

    def compute() -> list[set[Prefix] | None]:
        return [None if r is None else first_chars(r, k) for r in regexes]

    def read(folder: Path) -> list[set[Prefix] | None]:
        stored = json.loads((folder / "prefixes.json").read_text(encoding="utf-8"))
        if stored["key"] != key:
            raise ValueError(f"{folder}: the prefixes of other patterns")
        return [None if p is None else {tuple(frozenset(chars) for chars in prefix) for prefix in p}
                for p in stored["prefixes"]]

    def write(prefixes: list[set[Prefix] | None], folder: Path) -> None:
        payload = {"key": key, "prefixes": [None if p is None else sorted(["".join(sorted(chars)) for chars in prefix]
                                                                           for prefix in p) for p in prefixes]}
        def fill(tmp: Path) -> None:
            (tmp / "prefixes.json").write_text(json.dumps(payload), encoding="utf-8")

        write_folder(folder, fill, complete="prefixes.json")

    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return load_or_build("date-rule trigger", lambda: cache_root() / f"trigger-v{TRIGGER_VERSION}-{digest}",
                         "prefixes.json", read, compute, write)


def finditer(regex: re.Pattern[str], trigger: Trigger | None, text: str, pos: int = 0,
             endpos: int | None = None) -> Iterator[re.Match[str]]:
    """``regex.finditer(text, pos, endpos)`` for the one-pattern ``trigger`` built from ``regex``."""
    if trigger is None or trigger.prefixes[0] is None:
        return regex.finditer(text, pos, len(text) if endpos is None else endpos)
    return matches_at(regex, text, trigger.starts(text, pos, endpos).get(0, []), endpos)


def matches_at(regex: Pattern, text: str, starts: list[int],
               endpos: int | None = None) -> Iterator[re.Match[str]]:
    """What ``regex.finditer(text)`` yields, given every position where a match can start (in order).

    ``finditer`` tries each position from where its last match ended; so does this, at those positions only.
    A match is never empty here (:func:`first_chars` sends rules that could match empty to ``finditer``).
    """
    resume = 0
    match_at = regex.match
    end = len(text) if endpos is None else endpos
    for s in starts:
        if s < resume:
            continue
        match = match_at(text, s, end)
        if match is not None:
            yield match
            resume = match.end()
