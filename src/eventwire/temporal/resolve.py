"""Find temporal expressions and normalise them against the publication date (TimeML TIMEX3).

The work runs in four passes over the text, all driven by ``eventwire/data/temporal``:

1. every rule's pattern proposes candidates; the longest wins where they overlap (the earlier rule on a tie);
2. each winner is interpreted into calendar fields, a shift from the publication date, a reference to an
   earlier date in the text, or a fixed value (durations, sets, PRESENT_REF ...);
3. neighbours that complete each other merge ("Friday" + "morning", "June" + "last year"), and modifiers
   widen spans ("early Wednesday", "at least 30 days");
4. in text order, what is still open is placed on the calendar: a year-less date or a bare weekday goes
   the way the sentence's tense points (past by default), and references take the last date mentioned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from eventwire.config import Settings
from eventwire.document import Document, TimeExpr
from eventwire.errors import InputError
from eventwire.temporal.calendar import (
    Point,
    bounds,
    finer_or_equal,
    format_value,
    is_valid,
    place_weekday,
    place_year,
    point_from_date,
    shift_date,
    shift_point,
    unit_granularity,
    unknown_value,
    with_year,
)
from eventwire.temporal.patterns import CompiledRule, TemporalGrammar, default_grammar, normalise_words
from eventwire.temporal.trigger import finditer, matches_at

_CONNECTOR = re.compile(r"(?:\s*,?\s*|\s+(?:of|on|at|in)\s+|\s*['\u2019]s\s+)\Z", re.I)
_NO_SENTENCE_END_AFTER = ("Mr", "Mrs", "Ms", "Dr", "St", "vs", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Sgt",
                          "Prof", "Rev", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
                          "Dec", "No")
"""Abbreviations whose period does not end a sentence ("Roe vs. Wade", "Sept. 30", "Mr. Smith")."""
_SENTENCE_END = re.compile(r"(?=[.!?])" + "".join(rf"(?<!\b{word})" for word in _NO_SENTENCE_END_AFTER)
                           + r"[.!?][\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]*[A-Z0-9])|\n")
_QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "1": 1,
             "2": 2, "3": 3, "4": 4}
_HALVES = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "last": 2, "latter": 2}
_CLOCK_WORDS = {"noon": (12, 0), "midday": (12, 0), "midnight": (24, 0)}
_FRACTION_SPLIT = {"year": (12, "M", False), "hour": (60, "M", True), "day": (24, "H", True),
                   "minute": (60, "S", True)}
_MAX_LOOK = 80


@dataclass(frozen=True, slots=True)
class _Reference:
    unit: str
    by: int
    keep_granularity: bool
    compare_period: bool  # a fiscal period named just before is the base ("up from $5 million a year ago")
    from_publication: bool  # otherwise the publication date is the base ("two years ago")
    fallback: int | None
    part: str | None
    year: int | None = None  # "the 1988 quarter": the base moved to this year


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    rule: CompiledRule
    type: str
    point: Point | None = None
    value: str | None = None
    direction: str = "auto"
    reference: _Reference | None = None
    merged: bool = False


def parse_published(published: str | None) -> date | None:
    """The publication day of an ISO date or datetime ("2019-07-05", "2019-07-05T00:07"), or None.

    Raises:
        InputError: when ``published`` is given but is not an ISO date.
    """
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError as exc:
        raise InputError("published", f"not an ISO date (YYYY-MM-DD): {published!r}") from exc


def find_time_expressions(text: str, published: str | None, *, day_first: bool = True,
                          grammar: TemporalGrammar | None = None) -> list[TimeExpr]:
    """Temporal expressions in ``text``, normalised against the publication date ``published``.

    Args:
        text: the text; offsets in the result index into it as given.
        published: ISO date or datetime of publication, or None (then only what is absolute is resolved;
            relative expressions get X values such as ``XXXX-XX-XX``).
        day_first: read all-digit dates such as 05.07.2019 as day.month.year unless impossible.
        grammar: the rules to use (default: the shipped ones, loaded once per process).

    Returns:
        TimeExpr records (text, start, end, TimeML type and value) in text order.

    Example:
        >>> [(t.text, t.value) for t in find_time_expressions("It began early Wednesday.", "2019-07-05")]
        [('early Wednesday', '2019-07-03')]
    """
    grammar = grammar or default_grammar()
    anchor = parse_published(published)
    found = [f for m in _select(_candidates(text, grammar))
             if (f := _interpret(m[0], m[1], m[2], m[3], grammar, anchor, day_first)) is not None]
    found = _merge(found, text)
    found = [f for f in found if f.merged or not f.rule.entry.merge_only]
    _widen(found, text, grammar)
    return _finalise(found, text, anchor, grammar)


class DateResolver:
    """Stage callable: fills ``doc.timexes``. Picklable (holds only settings values)."""

    name = "temporal"

    def __init__(self, day_first: bool = True) -> None:
        self.day_first = day_first

    def __call__(self, doc: Document) -> Document:
        doc.timexes = find_time_expressions(doc.text, doc.article.published, day_first=self.day_first)
        return doc


def make_date_resolver(settings: Settings) -> DateResolver:
    """The temporal stage for ``settings`` (the grammar itself loads once per process on first use)."""
    default_grammar()
    return DateResolver(day_first=settings.day_first)


# ---- pass 1: candidates ------------------------------------------------------------------------------------


def _candidates(text: str, grammar: TemporalGrammar) -> list[tuple[int, int, CompiledRule, re.Match[str]]]:
    """Every rule's matches that pass its guards, rule after rule, each rule's in text order.

    One trigger pass finds where each rule can start (:mod:`eventwire.temporal.trigger`); a rule is tried
    only there, and a rule that no position can start is not run at all: the same matches as running every
    rule's ``finditer`` over the whole text."""
    out = []
    trigger = grammar.trigger
    starts = trigger.starts(text) if trigger is not None else {}
    for position, rule in enumerate(grammar.rules):
        if trigger is None or trigger.prefixes[position] is None:
            matches: Iterable[re.Match[str]] = rule.regex.finditer(text)
        elif position in starts:
            matches = matches_at(rule.regex, text, starts[position])
        else:
            continue
        for match in matches:
            start, end = match.span("core") if "core" in rule.regex.groupindex and match.group("core") \
                else match.span()
            if start == end or not _passes(rule, match, text, start, end, grammar) \
                    or _quoted_title(text, start, end, grammar):
                continue
            out.append((start, end, rule, match))
    return out


def _passes(rule: CompiledRule, match: re.Match[str], text: str, start: int, end: int,
            grammar: TemporalGrammar) -> bool:
    entry = rule.entry
    for group in entry.capitalized:
        value = match.group(group)
        if value and not value[0].isupper():
            return False
    for group in entry.full_word:
        value = match.group(group)
        if value and group == "month" and normalise_words(value) not in grammar.full_month_names:
            return False
    if rule.require_in is not None and not rule.require_in.search(text[start:end]):
        return False
    before = text[max(0, start - _MAX_LOOK):start]
    if rule.require_before is not None and not rule.require_before.search(before):
        return False
    if rule.reject_before is not None and rule.reject_before.search(before):
        return False
    return not (rule.reject_after is not None and rule.reject_after.match(text[end:end + _MAX_LOOK]))


_OPENING_QUOTE = re.compile(r"(?:[\"\u201c\u2018`]|'')\s*(?P<lead>[A-Z0-9][\w.]*\s+)?\Z")


def _quoted_title(text: str, start: int, end: int, grammar: TemporalGrammar) -> bool:
    """A quoted title that names a show or film ("This Week", "60 Minutes"): the candidate opens a quotation
    (or follows its first word) and has a capitalised time word that does not open the quotation, as in a
    title and never in running text."""
    quote = _OPENING_QUOTE.search(text, max(0, start - 16), start)
    if quote is None:
        return False
    words = text[start:end].split()
    if not quote.group("lead"):
        words = words[1:]  # the first word of a quotation is capitalised anyway
    return any(word[:1].isupper() and (normalise_words(word) in grammar.unit_forms
                                       or normalise_words(word) in grammar.day_parts) for word in words)


def _select(candidates: list[tuple[int, int, CompiledRule, re.Match[str]]]
            ) -> list[tuple[int, int, CompiledRule, re.Match[str]]]:
    """Longest first (earlier rule on a tie), never overlapping; returned in text order."""
    chosen: list[tuple[int, int, CompiledRule, re.Match[str]]] = []
    for cand in sorted(candidates, key=lambda c: (c[0] - c[1], c[2].index, c[0])):
        if all(cand[1] <= c[0] or cand[0] >= c[1] for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c[0])


# ---- pass 2: interpretation --------------------------------------------------------------------------------


def parse_number(text: str, grammar: TemporalGrammar) -> float | None:
    """"twenty-four" -> 24, "a hundred" -> 100, "1,500" -> 1500, "2.5" -> 2.5; None for vague amounts."""
    words = normalise_words(text)
    if words in grammar.vague_numbers:
        return None
    digits = words.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", digits):
        return float(digits)
    tokens = [t for t in re.split(r"[\s-]+", words) if t and t != "and"]
    total = current = 0
    for i, token in enumerate(tokens):
        if token in ("a", "an"):
            if i + 1 < len(tokens) and tokens[i + 1] in ("hundred", "thousand", "dozen"):
                current = max(current, 1)
            elif len(tokens) == 1:
                current = 1
            continue
        value = grammar.numbers.get(token)
        if value is None:
            return None
        if value == 100:
            current = max(current, 1) * 100
        elif value == 1000:
            total += max(current, 1) * 1000
            current = 0
        elif value == 12 and token == "dozen":
            current = max(current, 1) * 12
        else:
            current += value
    return float(total + current) if total + current else None


def _parse_year(text: str, grammar: TemporalGrammar, anchor: date | None) -> int | None:
    words = normalise_words(text).replace("\u2019", "'")
    if re.fullmatch(r"\d{4}", words):
        return int(words)
    if re.fullmatch(r"'\d\d", words):
        two = int(words[1:])
        reference = anchor.year if anchor else 2000
        year = reference // 100 * 100 + two
        return year - 100 if year > reference + 10 else year
    tokens = [t for t in re.split(r"[\s-]+", words) if t and t != "and"]
    if tokens[:2] == ["two", "thousand"]:
        rest = sum(grammar.numbers.get(t, 0) for t in tokens[2:])
        return 2000 + rest
    if not tokens or tokens[0] not in grammar.numbers:
        return None
    century = grammar.numbers[tokens[0]]
    rest_tokens = tokens[1:]
    if rest_tokens[:1] == ["hundred"]:
        rest_tokens = rest_tokens[1:]
    if rest_tokens[:1] == ["oh"]:
        rest_tokens = rest_tokens[1:]
    rest = sum(grammar.numbers.get(t, 0) for t in rest_tokens)
    return century * 100 + rest


def _parse_day(text: str, grammar: TemporalGrammar) -> int | None:
    words = normalise_words(text)
    digits = re.match(r"\d+", words)
    if digits:
        return int(digits.group(0))
    return grammar.ordinals.get(words)


def _parse_month(text: str, grammar: TemporalGrammar) -> int | None:
    words = normalise_words(text).rstrip(".")
    if words.isdigit():
        return int(words)
    return grammar.months.get(words)


def _parse_decade(text: str) -> tuple[int | None, int | None]:
    """(decade, None) for "1990s"/"'90s"/"nineties" -> 199."""
    words = normalise_words(text).replace("\u2019", "'")
    digits = re.match(r"'?(\d+)0'?s", words)
    if digits:
        lead = digits.group(1)
        if len(lead) == 3:
            return int(lead), None
        tens = int(lead)
        return (190 + tens if tens >= 2 else 200 + tens), None
    word_tens = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}.get(words)
    return (190 + word_tens if word_tens else None), None


def _parse_clock(groups: dict[str, str], grammar: TemporalGrammar) -> Point | None:
    hour_text = groups.get("hour")
    part = grammar.day_parts.get(normalise_words(groups["part"])) if groups.get("part") else None
    if hour_text is None:
        return Point(part=part) if part else None
    words = normalise_words(hour_text)
    if words in _CLOCK_WORDS:
        hour, minute = _CLOCK_WORDS[words]
        return Point(hour=hour, minute=minute)
    number = parse_number(words, grammar)
    if number is None:
        return None
    hour = int(number)
    minute = int(groups["minute"]) if groups.get("minute") else 0
    ampm = normalise_words(groups["ampm"]).replace(" ", "") if groups.get("ampm") else None
    if ampm and ampm.startswith("p") and hour < 12 or part in ("AF", "EV", "NI") and hour < 12 and hour >= 5:
        hour += 12
    elif ampm and ampm.startswith("a") and hour == 12:
        hour = 0
    if not 0 <= hour <= 24:
        return None
    return Point(hour=hour, minute=minute)


def _calendar_point(groups: dict[str, str], grammar: TemporalGrammar, anchor: date | None) -> Point | None:
    point = Point()
    if groups.get("year"):
        point.year = _parse_year(groups["year"] or "", grammar, anchor)
        if point.year is None:
            return None
    if groups.get("month"):
        point.month = _parse_month(groups["month"] or "", grammar)
        if point.month is None:
            return None
    if groups.get("day"):
        point.day = _parse_day(groups["day"] or "", grammar)
    if groups.get("quarter"):
        point.quarter = _QUARTERS.get(normalise_words(groups["quarter"] or ""))
    if groups.get("week"):
        point.week = int(groups["week"] or 0)
    if groups.get("half"):
        point.half = _HALVES.get(normalise_words(groups["half"] or ""))
    if groups.get("season"):
        point.season = grammar.seasons.get(normalise_words(groups["season"] or ""))
    if groups.get("decade"):
        point.decade, _ = _parse_decade(groups["decade"] or "")
        if point.decade is None:
            return None
    if groups.get("century"):
        words = normalise_words(groups["century"] or "")
        digits = re.match(r"\d+", words)
        number = int(digits.group(0)) if digits else grammar.ordinals.get(words)
        if number is None:
            return None
        point.century = number - 1
    if groups.get("holiday"):
        point.holiday = grammar.holidays.get(normalise_words(groups["holiday"] or ""))
        if point.holiday is not None and point.year is not None:
            point = with_year(point, point.year)
    if groups.get("part"):
        point.part = grammar.day_parts.get(normalise_words(groups["part"] or ""))
    return point if is_valid(point) else None


def _numeric_point(groups: dict[str, str], grammar: TemporalGrammar, anchor: date | None,
                   day_first: bool) -> Point | None:
    a, b = int(groups["a"] or 0), int(groups["b"] or 0)
    year = _parse_year(groups["year"] or "", grammar, anchor)
    orders = [(a, b), (b, a)] if day_first else [(b, a), (a, b)]
    for day, month in orders:
        point = Point(year=year, month=month, day=day)
        if 1 <= month <= 12 and is_valid(point):
            return point
    return None


def _unit(spec_unit: str | None, groups: dict[str, str], grammar: TemporalGrammar) -> str | None:
    if spec_unit:
        return spec_unit
    raw = groups.get("unit")
    return grammar.unit_forms.get(normalise_words(raw)) if raw else None


def _amount(by: int | str | None, groups: dict[str, str], grammar: TemporalGrammar) -> float | None:
    """The signed number of units; None when vague ("several years ago")."""
    if isinstance(by, int):
        return float(by)
    if by in ("X", "-X") or by is None:
        return None
    raw = groups.get("number")
    number = parse_number(raw, grammar) if raw else None
    if number is None:
        return None
    return -number if by.startswith("-") else number


def _duration_value(number: float | None, unit: str, grammar: TemporalGrammar) -> str:
    entry = grammar.units[unit]
    prefix = "PT" if entry.time else "P"
    if number is None:
        return f"{prefix}X{entry.code}"
    amount = number * entry.factor
    whole = int(amount)
    if amount != whole and unit in _FRACTION_SPLIT:
        per, code, time = _FRACTION_SPLIT[unit]
        rest = round((amount - whole) * per)
        if whole == 0:
            return f"{'PT' if time else 'P'}{rest}{code}"
        if entry.time or not time:
            return f"{prefix}{whole}{entry.code}{rest}{code}"
        return f"P{whole}{entry.code}T{rest}{code}"
    text = str(whole) if amount == whole else f"{amount:g}"
    return f"{prefix}{text}{entry.code}"


def _interpret(start: int, end: int, rule: CompiledRule, match: re.Match[str], grammar: TemporalGrammar,
               anchor: date | None, day_first: bool) -> _Found | None:
    spec = rule.entry.value
    groups = {name: text for name, text in match.groupdict().items() if text}
    found = _Found(start, end, rule, rule.entry.type, direction=spec.direction)
    kind = spec.kind
    if kind == "literal":
        found.value = spec.value
    elif kind in ("calendar", "numeric"):
        point = (_calendar_point(groups, grammar, anchor) if kind == "calendar"
                 else _numeric_point(groups, grammar, anchor, day_first))
        if point is None:
            return None
        found.point = point
    elif kind == "weekday":
        if spec.weekend:
            found.point = Point(weekday=6, weekend=True)
        else:
            found.point = Point(weekday=grammar.weekdays[normalise_words(groups["weekday"] or "")])
        if groups.get("part"):
            found.point.part = grammar.day_parts.get(normalise_words(groups["part"] or ""))
    elif kind == "clock":
        clock = _parse_clock(groups, grammar)
        if clock is None:
            return None
        found.point = clock
    elif kind in ("shift", "reference"):
        return _interpret_relative(found, groups, grammar, anchor)
    elif kind == "duration":
        unit = _unit(spec.unit, groups, grammar)
        if unit is None:
            return None
        raw = groups.get("number")
        # a range ("12 to 18 months") has no single amount
        number = parse_number(raw, grammar) if raw and not groups.get("number_upto") else None
        if groups.get("fraction"):
            number = (number or 0) + 0.5
        if spec.half:
            number = 1.5 if re.search(r"and\s+a\s+half", match.group(0), re.I) else 0.5
        found.value = _duration_value(number, unit, grammar)
    elif kind == "set":
        found.value = _set_value(spec.value, groups, grammar)
        if found.value is None:
            return None
    return found


def _set_value(literal: str | None, groups: dict[str, str], grammar: TemporalGrammar) -> str | None:
    if literal:
        return literal
    if groups.get("set_word"):
        return grammar.set_words.get(normalise_words(groups["set_word"] or ""))
    if groups.get("weekday"):
        value = f"XXXX-WXX-{grammar.weekdays[normalise_words(groups['weekday'] or '')]}"
        part = grammar.day_parts.get(normalise_words(groups.get("part") or "").removesuffix("s"))
        return f"{value}T{part}" if part else value
    if groups.get("month"):
        month = _parse_month(groups["month"] or "", grammar)
        return f"XXXX-{month:02d}" if month else None
    if groups.get("quarter"):
        quarter = _QUARTERS.get(normalise_words(groups["quarter"] or ""))
        return f"XXXX-Q{quarter}" if quarter else None
    unit = _unit(None, groups, grammar)
    if unit is None:
        return None
    raw = groups.get("number")
    number = parse_number(raw, grammar) if raw else 1.0
    return _duration_value(number if number is not None else None, unit, grammar)


def _interpret_relative(found: _Found, groups: dict[str, str], grammar: TemporalGrammar,
                        anchor: date | None) -> _Found | None:
    spec = found.rule.entry.value
    unit = _unit(spec.unit, groups, grammar)
    if unit is None:
        return None
    amount = _amount(spec.by, groups, grammar)
    part = spec.part or (grammar.day_parts.get(normalise_words(groups["part"] or "")) if groups.get("part")
                         else None)
    if amount is None:
        if spec.by in ("X", "-X") or (isinstance(spec.by, str) and spec.by.endswith("number")):
            found.value = "PAST_REF" if str(spec.by).startswith("-") else "FUTURE_REF"
            return found
        return None
    if amount != int(amount):
        return None
    if spec.kind == "reference" or spec.compare_period:
        year = _parse_year(groups["year"] or "", grammar, anchor) if groups.get("year") else None
        found.reference = _Reference(unit, int(amount), spec.keep_granularity, spec.compare_period,
                                     spec.kind == "shift",
                                     spec.fallback if spec.fallback is not None else int(amount), part, year)
        return found
    if anchor is None:
        found.value = unknown_value(unit)
        return found
    point = point_from_date(shift_date(anchor, unit, int(amount)), unit_granularity(unit), weekend=unit == "weekend")
    point.part = part
    found.point = point
    return found


# ---- pass 3: merging and widening --------------------------------------------------------------------------


def _combine(a: Point, b: Point) -> Point | None:
    """One point from two neighbours that complete each other, or None."""
    for first, second in ((a, b), (b, a)):
        if first.is_time_only and second.has_day and second.hour is None and second.part is None:
            return replace(second, hour=first.hour, minute=first.minute, part=first.part)
        if (first.weekday is not None and first.day is None and second.month is not None
                and second.day is not None):
            return replace(second, part=second.part or first.part)
        if first.needs_year and second.is_year_only:
            return with_year(first, second.year) if second.year is not None else None
    return None


def _merge(found: list[_Found], text: str) -> list[_Found]:
    out: list[_Found] = []
    for item in found:
        prev = out[-1] if out else None
        if (prev is not None and prev.point is not None and item.point is not None
                and prev.reference is None and item.reference is None
                and _CONNECTOR.match(text, prev.end, item.start) and item.start - prev.end <= 6):
            combined = _combine(prev.point, item.point)
            if combined is not None:
                direction = prev.direction if prev.direction != "auto" else item.direction
                out[-1] = _Found(prev.start, item.end, prev.rule, "DATE", combined, None, direction, None, True)
                continue
        out.append(item)
    return out


_ARTICLE = re.compile(r"the\s", re.I)


def _widen(found: list[_Found], text: str, grammar: TemporalGrammar) -> None:
    """Extend each span over modifiers just before it: "early Wednesday", "the end of 1990" for a date or
    time, "at least 30 days" for a duration ("over the weekend" is a date after a preposition)."""
    previous_end = 0
    for item in found:
        modifiers = grammar.duration_modifiers if item.type in ("DURATION", "SET") else grammar.date_modifiers
        for _ in range(2):
            window_start = max(previous_end, item.start - 40)
            match = modifiers.search(text, window_start, item.start)
            if match is None or match.end() != item.start:
                break
            if len(match.group(0).split()) == 1 and _ARTICLE.match(text, item.start):
                break  # a one-word modifier before "the ..." is a preposition: "over the past decade"
            item.start = match.start()
        previous_end = item.end


# ---- pass 4: placing on the calendar -----------------------------------------------------------------------


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(0, start - 300)
    begin = left
    # the end of the previous sentence may touch the expression ("... interest. Over the weekend"): look a
    # little past ``start`` so that the capital letter that opens the sentence is seen
    for match in _SENTENCE_END.finditer(text, left, min(len(text), start + 4)):
        if match.end() <= start:
            begin = match.end()
    after = _SENTENCE_END.search(text, end, min(len(text), end + 300))
    return begin, (after.start() + 1 if after else min(len(text), end + 300))


def _tense(text: str, start: int, end: int, grammar: TemporalGrammar, *, lead_words: bool = True) -> str | None:
    """"past" or "future" from the nearest tense cue in the sentence around [start, end), or None.

    With ``lead_words``, a preposition right before the expression decides first ("by Dec. 15"); one that
    only looks back ("since February", "ended Jan. 31") gives "strict_past": the date cannot lie ahead."""
    begin, finish = _sentence_bounds(text, start, end)
    lead = grammar.lead_words.search(text, max(begin, start - 30), start) if lead_words else None
    if lead is not None:
        return "future" if lead.group("future") else "strict_past"
    best: tuple[int, int, int, str] | None = None
    for polarity, regex, trigger in (("future", grammar.future_cues, grammar.future_trigger),
                                     ("past", grammar.past_cues, grammar.past_trigger)):
        for match in finditer(regex, trigger, text, begin, finish):
            # the verb an expression belongs to usually comes before it ("will meet Friday", "said Friday")
            if match.end() <= start:
                key = (0, start - match.end(), 0 if polarity == "future" else 1, polarity)
            elif match.start() >= end:
                key = (1, match.start() - end, 0 if polarity == "future" else 1, polarity)
            else:
                continue
            if best is None or key[:3] < best[:3]:
                best = key
    return best[3] if best else None


def _place(found: _Found, text: str, anchor: date, grammar: TemporalGrammar) -> Point:
    point = found.point
    assert point is not None
    if point.is_time_only:
        return replace(point, year=anchor.year, month=anchor.month, day=anchor.day)
    direction = found.direction
    if direction == "auto" and (point.weekday is not None and point.day is None or point.needs_year):
        weekday = point.weekday is not None and point.day is None
        tense = _tense(text, found.start, found.end, grammar, lead_words=not weekday)
        # a bare weekday is the one just past unless the sentence looks ahead; a year-less date leans the
        # same way but may still be the nearer one on the other side (see place_year), unless a preposition
        # rules the future out ("since February")
        lean = "past" if tense == "strict_past" else f"lean_{tense or 'past'}"
        direction = (tense or "past") if weekday else lean
    if point.weekday is not None and point.day is None:
        placed = place_weekday(point, anchor, direction)
        if point.weekend:
            iso = date(placed.year or anchor.year, placed.month or 1, placed.day or 1).isocalendar()
            return Point(year=iso[0], week=iso[1], weekend=True, part=point.part)
        return placed
    if point.needs_year:
        return place_year(point, anchor, direction)
    return point


_COMPARE_WINDOW = 600
"""How far back (characters) a named quarter or half still anchors "a year ago" / "the year-earlier period"."""
_TIME_ANCHOR_WINDOW = 1500
"""How far back a named day still anchors a bare clock time ("shot at 10 p.m.")."""


def _reported(point: Point, anchor: date | None) -> bool:
    """Has the period ended by the publication date? Only such a period can be reported on and compared
    ("a year ago" after "a fourth-quarter charge" named in October still compares the third quarter)."""
    if anchor is None:
        return True
    last = bounds(point)[1]
    return last is None or last < anchor


def _resolve_reference(found: _Found, refs: list[tuple[int, Point]], anchor: date | None) -> str:
    ref = found.reference
    assert ref is not None
    granularity = unit_granularity(ref.unit)
    if ref.compare_period and ref.unit == "year":
        for start, point in reversed(refs):
            if start < found.start - _COMPARE_WINDOW:
                break
            if point.granularity in ("quarter", "half") and point.year is not None and _reported(point, anchor):
                return format_value(shift_point(point, ref.unit, ref.by, point.granularity))
    if not ref.from_publication:
        for _, point in reversed(refs):
            if point.year is None:
                continue
            if ref.unit == "quarter" and not _reported(point, anchor):  # "the latest quarter" has ended
                continue
            wanted = (point.granularity == "quarter" if ref.unit == "quarter"
                      else finer_or_equal(point.granularity, granularity))
            if wanted:
                base = replace(point, year=ref.year) if ref.year is not None else point
                result = shift_point(base, ref.unit, ref.by, base.granularity if ref.keep_granularity
                                     else granularity)
                return format_value(replace(result, part=ref.part or (result.part if ref.keep_granularity
                                                                      else None)))
        if ref.year is not None:
            return format_value(Point(year=ref.year))
    if anchor is None:
        return unknown_value(ref.unit)
    by = ref.fallback if ref.fallback is not None else ref.by
    result = point_from_date(shift_date(anchor, ref.unit, by), granularity, weekend=ref.unit == "weekend")
    return format_value(replace(result, part=ref.part))


def _finalise(found: list[_Found], text: str, anchor: date | None, grammar: TemporalGrammar) -> list[TimeExpr]:
    out: list[TimeExpr] = []
    refs: list[tuple[int, Point]] = []
    for item in found:
        kind = item.type
        if item.reference is not None:
            value = _resolve_reference(item, refs, anchor)
            # comparisons ("a year earlier", "the 1988 quarter") do not move the story's reference date
            if "X" not in value and not item.reference.compare_period and item.reference.year is None:
                refs.append((item.start, _point_of(value)))
        elif item.point is not None:
            day = (_last_day(refs, item.start) if item.point.is_time_only or item.rule.entry.value.from_reference
                   else None)
            if day is not None and item.point.is_time_only:
                point = replace(item.point, year=day.year, month=day.month, day=day.day)
            elif day is not None and day.year is not None and day.month is not None and day.day is not None:
                point = place_weekday(item.point, date(day.year, day.month, day.day), item.direction)
            else:
                point = _place(item, text, anchor, grammar) if anchor is not None else item.point
            if item.rule.entry.value.as_week and point.day is not None and point.month is not None \
                    and point.year is not None and is_valid(point):
                iso = date(point.year, point.month, point.day).isocalendar()
                point = Point(year=iso[0], week=iso[1])
            value = format_value(point)
            if point.hour is not None or point.part is not None:
                kind = "TIME"
            elif kind == "TIME":
                kind = "DATE"
            if point.year is not None and point.weekday is None:
                refs.append((item.start, point))
        else:
            value = item.value or "XXXX-XX-XX"
        out.append(TimeExpr(text=text[item.start:item.end], start=item.start, end=item.end, type=kind,
                            value=value))
    return out


def _last_day(refs: list[tuple[int, Point]], start: int) -> Point | None:
    """The last day named before ``start`` (within :data:`_TIME_ANCHOR_WINDOW`), for a bare clock time."""
    for ref_start, point in reversed(refs):
        if ref_start < start - _TIME_ANCHOR_WINDOW:
            return None
        if point.day is not None and point.month is not None:
            return point
    return None


def _point_of(value: str) -> Point:
    """A point from a value this module wrote (for later references)."""
    match = re.match(r"(\d{4})(?:-(?:(\d\d)(?:-(\d\d))?|Q(\d)|H(\d)|W(\d\d)|(SP|SU|FA|WI)))?", value)
    if not match:
        return Point()
    year, month, day, quarter, half, week, season = match.groups()
    return Point(year=int(year), month=int(month) if month else None, day=int(day) if day else None,
                 quarter=int(quarter) if quarter else None, half=int(half) if half else None,
                 week=int(week) if week else None, season=season)
