"""Issue 4: the event lexicon is data with a validating loader that users extend."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.coding.lexicon import load_lexicon
from eventwire.config import Settings
from eventwire.errors import LexiconError


def test_lexicon_shipped_files_load_and_know_the_core_triggers() -> None:
    lexicon = load_lexicon()
    assert lexicon.verbs["urge"].code == "020"
    assert lexicon.verbs["condemn"].code == "111"
    assert lexicon.nouns["airstrike"] == "195"
    assert len(lexicon.verbs) > 1500  # the converted CAMEO.2.0 verb blocks
    info = lexicon.code_info("195")
    assert info is not None and info.plover_type == "ASSAULT" and info.quad_class == 4 and info.goldstein == -10.0


def test_lexicon_appeals_map_to_plover_request() -> None:
    info = load_lexicon().code_info("020")
    assert info is not None and info.plover_type == "REQUEST" and info.quad_class == 1


def test_lexicon_future_acts_are_intents_or_threats() -> None:
    lexicon = load_lexicon()
    assert lexicon.future_code("073") == "0333"
    assert lexicon.future_code("190") == "138"
    assert lexicon.future_code("111") == "111"


def test_lexicon_user_file_adds_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yml"
    extra.write_text("schema_version: 1\nverbs:\n  - {lemma: excoriate, code: \"111\"}\n"
                     "  - {lemma: urge, code: \"021\"}\nnouns:\n  - {lemma: drone, code: \"195\"}\n", encoding="utf-8")
    lexicon = load_lexicon(Settings(extra_lexicon=(extra,)))
    assert lexicon.verbs["excoriate"].code == "111"
    assert lexicon.verbs["urge"].code == "021"
    assert lexicon.nouns["drone"] == "195"


def test_lexicon_extend_keeps_the_generated_patterns_and_puts_its_own_first(tmp_path: Path) -> None:
    shipped = load_lexicon()
    generated = shipped.verbs["lift"]  # replaced whole in extensions.yml: compare with an extending user file
    assert shipped.verbs["return"].patterns[0].code == "0842"  # extensions.yml extends the generated "return"
    assert len(shipped.verbs["return"].patterns) > 2
    extra = tmp_path / "mine.yml"
    extra.write_text("schema_version: 1\nverbs:\n  - lemma: lift\n    extend: true\n"
                     "    patterns: [{post: [[tariffs]], code: \"085\"}]\n"
                     "  - {lemma: urge, extend: true, code: \"021\"}\n", encoding="utf-8")
    lexicon = load_lexicon(Settings(extra_lexicon=(extra,)))
    lift = lexicon.verbs["lift"]
    assert lift.code == generated.code and lift.patterns[1:] == generated.patterns
    assert lift.patterns[0].code == "085" and lift.patterns[0].post == (frozenset({"tariffs"}),)
    assert lexicon.verbs["urge"].code == "021"


def test_lexicon_bad_user_entries_are_all_reported_with_file_line_and_field(tmp_path: Path) -> None:
    extra = tmp_path / "broken.yml"
    extra.write_text("schema_version: 1\nverbs:\n  - {lemma: excoriate, code: 111}\n"
                     "  - {lemma: berate, code: \"11a\"}\nnouns:\n  - {lemma: drone}\n", encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        load_lexicon(Settings(extra_lexicon=(extra,)))
    message = str(info.value)
    assert f"{extra}:3: verbs.0.code" in message
    assert f"{extra}:4: verbs.1.code" in message and "2-4 digits" in message
    assert "nouns.0.code" in message


@pytest.mark.issue(16)
def test_pattern_index_lists_every_pattern_under_each_word_of_its_first_slot() -> None:
    """The coder tries only the patterns the index gives for a phrase's words: none may be missing."""
    lexicon = load_lexicon()
    for rule in lexicon.verbs.values():
        index, always = rule.pattern_index
        assert set(always) == {k for k, p in enumerate(rule.patterns) if not p.post}
        for k, pattern in enumerate(rule.patterns):
            for word in pattern.post[0] if pattern.post else ():
                assert k in index[word], (rule.lemma, word)
        assert all(list(ks) == sorted(ks) for ks in index.values())
    assert any(len(r.patterns) > 100 for r in lexicon.verbs.values())  # the verbs the index is for
