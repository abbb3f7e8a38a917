"""Issue 13: the grouping thresholds live in data/group/thresholds.toml; a bad file is one line naming file and
line."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.config import data_path
from eventwire.errors import LexiconError
from eventwire.group import load_group_thresholds, read_group_thresholds

pytestmark = pytest.mark.issue(13)

SHIPPED = data_path("group", "thresholds.toml")


def test_group_thresholds_shipped_file_loads_with_the_issue_windows() -> None:
    thresholds = load_group_thresholds()
    assert thresholds.date.day_window_days == 2
    assert thresholds.date.coarse_precisions == ("month",)
    assert thresholds.match.type == "cameo_root"
    assert thresholds.copies.permutations % thresholds.copies.bands == 0
    assert read_group_thresholds(SHIPPED) == thresholds


def test_group_thresholds_not_toml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('schema_version = 1\nkind = "group_thresholds"\n[date\nday_window_days = 2\n', encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        read_group_thresholds(path)
    message = str(caught.value)
    assert str(path) in message and "not valid TOML" in message and "line 3" in message
    assert "\n" not in message


@pytest.mark.parametrize(("old", "new", "line_of", "expected"), [
    ("day_window_days = 2", "day_window_days = -1", "day_window_days", "date.day_window_days: Input should be greater"),
    ("radius_km = 10.0", "radius_km = 'far'", "radius_km", "place.radius_km: Input should be a valid number"),
    ('type = "cameo_root"', 'type = "verb"', "type =", "match.type: Input should be 'cameo_root' or 'plover_type'"),
    ("bands = 40", "bands = 7", "[copies]", "copies: Value error, bands (7) must divide permutations (120)"),
    ("min_shingles = 10", "min_shingle = 10", "min_shingle", "copies.min_shingle: Extra inputs are not permitted"),
])
def test_group_thresholds_bad_value_is_one_line_naming_file_line_and_key(tmp_path: Path, old: str, new: str,
                                                                          line_of: str, expected: str) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace(old, new)
    line = next(n for n, content in enumerate(text.splitlines(), 1) if content.startswith(line_of))
    path = tmp_path / "thresholds.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        read_group_thresholds(path)
    message = str(caught.value)
    assert f"{path}:{line}: {expected}" in message, message
    assert "\n" not in message
