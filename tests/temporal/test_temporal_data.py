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


_TEXT = ("Police said on Monday that two men were arrested last week, three days after the March 3 attack; "
         "the trial is set for next spring.")


def test_temporal_rules_checked_once_then_compiled_on_first_use(data_copy: tuple[Path, Path], tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path / "cache"))
    vocabulary, rules = data_copy
    first = load_temporal_grammar(vocabulary, rules)
    assert all(rule.regex.is_compiled for rule in first.rules)  # the first load compiles (checks) every one
    assert len(list((tmp_path / "cache").glob("temporal-checked-*"))) == 1
    again = load_temporal_grammar(vocabulary, rules)  # the same patterns: the note says they compile
    assert not any(rule.regex.is_compiled for rule in again.rules)
    found = [t.to_dict() for t in find_time_expressions(_TEXT, "2019-07-05", grammar=again)]
    assert found == [t.to_dict() for t in find_time_expressions(_TEXT, "2019-07-05", grammar=first)]
    assert len(found) >= 4
    used = sum(rule.regex.is_compiled for rule in again.rules)
    assert 0 < used < len(again.rules) / 2  # only the rules the text could start were compiled


def test_temporal_changed_rule_is_checked_again(data_copy: tuple[Path, Path], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path / "cache"))
    vocabulary, rules = data_copy
    load_temporal_grammar(vocabulary, rules)  # the shipped rules noted as checked
    rules.write_text(rules.read_text(encoding="utf-8") + """
  - name: bad_regex
    pattern: 'Ramadan\\s+(2019'
    type: DATE
    value: {kind: calendar}
  - name: missing_group
    pattern: 'Ramadan\\s+2020'
    capitalized: [holiday]
    type: DATE
    value: {kind: calendar}
""", encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_temporal_grammar(vocabulary, rules)
    assert "rule bad_regex: bad regular expression" in str(err.value)
    assert "rule missing_group: capitalized/full_word names group 'holiday'" in str(err.value)
    assert len(list((tmp_path / "cache").glob("temporal-checked-*"))) == 1  # no note for broken rules
    with pytest.raises(LexiconError):  # and so no later load skips the check
        load_temporal_grammar(vocabulary, rules)


def test_temporal_rules_without_a_cache_compile_at_load(data_copy: tuple[Path, Path], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path / "cache"))
    vocabulary, rules = data_copy
    load_temporal_grammar(vocabulary, rules)
    monkeypatch.setenv("EVENTWIRE_NO_CACHE", "1")
    grammar = load_temporal_grammar(vocabulary, rules)
    assert all(rule.regex.is_compiled for rule in grammar.rules)


def test_temporal_compile_all_compiles_every_rule_and_guard(data_copy: tuple[Path, Path], tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path / "cache"))
    load_temporal_grammar(*data_copy)
    grammar = load_temporal_grammar(*data_copy)
    regexes = [r for rule in grammar.rules for r in (rule.regex, rule.require_in, rule.require_before,
                                                     rule.reject_before, rule.reject_after) if r is not None]
    assert len(regexes) > len(grammar.rules) and not any(r.is_compiled for r in regexes)
    grammar.compile_all()
    assert all(r.is_compiled for r in regexes)
