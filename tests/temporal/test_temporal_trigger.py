"""The trigger pass finds exactly what running every rule over the whole text finds (issue 16)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from eventwire.temporal import default_grammar
from eventwire.temporal.resolve import _candidates, _passes, _quoted_title
from eventwire.temporal.trigger import TRIGGER_VERSION, build_trigger, finditer, first_chars

TEXTS = [
    "", "a", "May", "'90s", "the '90s and the 1980s", "On Monday, May 5, 2019, at 10 p.m. EST",
    "“Monday” is a show; \u201cThis Week\u201d too.", "ſeptember 5 and \u212aelvin", "2019-07-05T10:00 and 12/03/2019",
    "two years ago, three months from now, a year earlier, the year-ago quarter", "in the fall of 1990",
    "nineteen ninety-seven, twenty twenty", "It happened early Wednesday; she said last week.",
    "Christmas week, New Year's Eve 2019, the 21st century, 4th-quarter earnings",
    "He will be paid Dec. 14. They met on Tuesday and will meet again next Friday morning.",
    "every day, twice a week, each of the past six months, the next 12 to 18 months",
]


def _plain(text: str) -> list[tuple[int, int, int, tuple[int, int]]]:
    """The candidates as every rule's ``finditer`` over the whole text gives them (before issue 16)."""
    grammar = default_grammar()
    out = []
    for rule in grammar.rules:
        for match in rule.regex.finditer(text):
            start, end = match.span("core") if "core" in rule.regex.groupindex and match.group("core") \
                else match.span()
            if start == end or not _passes(rule, match, text, start, end, grammar) \
                    or _quoted_title(text, start, end, grammar):
                continue
            out.append((start, end, rule.index, match.span()))
    return out


def _shuffled(seed: int) -> str:
    """Words of the texts above in a random order, with random punctuation: rules meet at odd places."""
    rng = random.Random(seed)
    words = " ".join(TEXTS).split()
    return "".join(rng.choice(words) + rng.choice([" ", " ", ", ", ". ", "\n", "-", "'s "]) for _ in range(60))


@pytest.mark.parametrize("text", TEXTS + [_shuffled(seed) for seed in range(8)])
def test_trigger_candidates_equal_every_rule_over_the_whole_text(text: str) -> None:
    found = [(s, e, rule.index, m.span()) for s, e, rule, m in _candidates(text, default_grammar())]
    assert found == _plain(text)


def test_every_shipped_rule_and_cue_is_read() -> None:
    grammar = default_grammar()
    assert grammar.trigger is not None and grammar.trigger.unread == ()
    assert grammar.future_trigger is not None and grammar.future_trigger.unread == ()
    assert grammar.past_trigger is not None and grammar.past_trigger.unread == ()


@pytest.mark.parametrize("pattern", [
    r"(?<!\w)(?:ab|c\d{2,}|[^x]y|(?-i:Q)z)", r"(?<!\w)(?:a*b)", r"(?<!\w)(?:(?P<s>[./-])x(?P=s))",
    r"(?<!\w)(?:\bthe\s+(?:next|last)\s+\w+)", r"(?<!\w)(?:[\u2019']\d\d|\d\d['\u2019]s)",
])
def test_emulated_finditer_equals_finditer_on_random_text(pattern: str) -> None:
    regex = re.compile(pattern, re.I)
    trigger = build_trigger([regex])
    rng = random.Random(7)
    alphabet = "abcxyzQq.-/ 12\u2019'ſK\n"
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        pos, endpos = sorted(rng.sample(range(len(text) + 1), 2)) if len(text) > 1 else (0, len(text))
        assert [m.span() for m in finditer(regex, trigger, text, pos, endpos)] == \
            [m.span() for m in regex.finditer(text, pos, endpos)], (pattern, text, pos, endpos)


def test_a_pattern_that_can_match_empty_is_run_everywhere() -> None:
    assert first_chars(re.compile(r"(?<!\w)(?:a?)")) is None


def test_trigger_prefixes_cached_as_computed_and_keyed_by_the_patterns(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path))
    rules = [rule.regex for rule in default_grammar().rules]
    computed = [first_chars(r) if r.pattern.startswith("(?<!\\w)") else None for r in rules]
    first = build_trigger(rules)
    [folder] = tmp_path.glob("trigger-*")
    assert folder.name.startswith(f"trigger-v{TRIGGER_VERSION}-") and first.prefixes == computed
    again = build_trigger(rules)  # read back from the cache
    assert again.prefixes == computed and again.start.pattern == first.start.pattern
    other = build_trigger([re.compile(r"(?<!\w)(?:March)(?!\w)", re.I)])  # another grammar, another folder
    assert other.prefixes[0] == first_chars(re.compile(r"(?<!\w)(?:March)(?!\w)", re.I))
    assert len(list(tmp_path.glob("trigger-*"))) == 2
