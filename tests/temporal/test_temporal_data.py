"""Issue 5: the temporal vocabulary and rules load, validate and report every problem with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eventwire.config import data_path
from eventwire.errors import LexiconError
from eventwire.temporal import find_time_expressions, load_temporal_grammar

pytestmark = pytest.mark.issue(5)


def test_temporal_shipped_data_loads() -> None:
    grammar = load_temporal_grammar()
    names = [rule.name for rule in grammar.rules]
    assert len(names) == len(set(names)) > 50
    assert grammar.months["sept"] == 9 and grammar.weekdays["wednesday"] == 3
    assert grammar.units["year"].code == "Y"


@pytest.fixture()
def data_copy(tmp_path: Path) -> tuple[Path, Path]:
    vocabulary = tmp_path / "vocabulary.yaml"
    rules = tmp_path / "rules.yaml"
    shutil.copy(data_path("temporal", "vocabulary.yaml"), vocabulary)
    shutil.copy(data_path("temporal", "rules.yaml"), rules)
    return vocabulary, rules


def test_temporal_user_rule_is_used(data_copy: tuple[Path, Path]) -> None:
    vocabulary, rules = data_copy
    rules.write_text(rules.read_text(encoding="utf-8") + """
  - name: ramadan_2019
    pattern: 'Ramadan\\s+2019'
    type: DATE
    value: {kind: literal, value: 2019-05}
""", encoding="utf-8")
    grammar = load_temporal_grammar(vocabulary, rules)
    found = find_time_expressions("Clashes eased during Ramadan 2019.", "2019-07-05", grammar=grammar)
    assert [(t.text, t.value) for t in found] == [("Ramadan 2019", "2019-05")]


def test_temporal_broken_rules_report_every_problem_with_line(data_copy: tuple[Path, Path]) -> None:
    vocabulary, rules = data_copy
    text = rules.read_text(encoding="utf-8")
    lines = len(text.splitlines())
    rules.write_text(text + """
  - name: bad_placeholder
    pattern: '{fortnite}'
    type: DATE
    value: {kind: calendar}
  - name: bad_regex
    pattern: '(unclosed'
    type: DATE
    value: {kind: calendar}
""", encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_temporal_grammar(vocabulary, rules)
    message = str(err.value)
    assert f"rules.yaml:{lines + 2}: rule bad_placeholder: unknown placeholder {{fortnite}}" in message
    assert f"rules.yaml:{lines + 6}: rule bad_regex: bad regular expression" in message


def test_temporal_schema_errors_name_the_field(data_copy: tuple[Path, Path]) -> None:
    vocabulary, rules = data_copy
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace("  sept: 9", "  sept: 13"),
                          encoding="utf-8")
    rules.write_text(rules.read_text(encoding="utf-8") + """
  - name: no_type
    pattern: 'x'
    value: {kind: literal, value: X}
""", encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_temporal_grammar(vocabulary, rules)
    message = str(err.value)
    assert "vocabulary.yaml" in message and "month numbers must be 1-12: sept" in message
    assert "rules.yaml" in message and "type: Field required" in message
