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
