"""Issue 4: casualty counts with their qualifiers."""

from __future__ import annotations

import pytest

from eventwire.coding.casualties import find_casualties


@pytest.mark.parametrize(
    ("sentence", "killed", "injured", "arrested", "qualifier"),
    [
        ("An airstrike hit a detention center for migrants in the Libyan capital early Wednesday, killing at least "
         "44 people and wounding 130, U.N. officials said.", 44, 130, None, "at least"),
        ("Two soldiers were killed and dozens of people were wounded.", 2, 24, None, "dozens"),
        ("The death toll rose to 1,200 on Monday.", 1200, None, None, None),
        ("Police arrested 15 protesters in Cairo.", None, None, 15, None),
        ("More than 20 people have been killed in the fighting.", 20, None, None, "more than"),
        ("The minister met two counterparts in Ankara.", None, None, None, None),
    ],
)
def test_casualties_counts_and_qualifiers(sentence: str, killed: int | None, injured: int | None,
                                          arrested: int | None, qualifier: str | None) -> None:
    found = find_casualties(sentence)
    assert (found.killed, found.injured, found.arrested, found.qualifier) == (killed, injured, arrested, qualifier)


def _every_pattern(sentence: str) -> dict[str, str]:
    """What each kind's first matching pattern finds, trying every pattern (no cue looked for first)."""
    from eventwire.coding.casualties import load_casualty_patterns

    found: dict[str, str] = {}
    for kind, _, pattern in load_casualty_patterns().patterns:
        match = pattern.search(sentence)
        if kind not in found and match:
            found[kind] = match.group("num")
    return found


@pytest.mark.issue(16)
@pytest.mark.parametrize("sentence", [
    "Two soldiers were killed and dozens of people were wounded.",
    "Rebels KILLED 12 villagers and WOUNDED 30.",  # upper case: the cues are looked for in lower case
    "Police arre\u017fted 15 protesters in Cairo.",  # a long s, which ignoring case reads as "s"
    "The death toll climbed to 57 on Tuesday, officials said.",
    "Three people were taken into custody \u2014 \u201call of them\u201d students.",
    "The minister met two counterparts in Ankara.",
])
def test_casualty_cues_never_hide_a_count(sentence: str) -> None:
    """Issue 16: a pattern is tried only where one of its words occurs; the counts are those of trying them all."""
    found = find_casualties(sentence)
    expected = _every_pattern(sentence)
    got = {kind for kind in ("killed", "injured", "arrested") if getattr(found, kind) is not None}
    assert got == set(expected)
    if "\u017f" in sentence:
        assert found.arrested == 15
