"""Issue 16: the language-ID model read from eventwire's memory-mapped cache answers as py3langid's own does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from py3langid.langid import visit_counts

from eventwire.ingest import language

pytestmark = pytest.mark.issue(16)

TEXTS = [
    "Police arrested 15 protesters in Cairo on Monday.",
    "Le gouvernement a annoncé lundi de nouvelles mesures contre la hausse des prix.",
    "Die Regierung hat am Montag neue Maßnahmen gegen die steigenden Preise angekündigt.",
    "El gobierno anunció el lunes nuevas medidas contra la subida de los precios.",
    "Правительство объявило в понедельник новые меры против роста цен.",
    "政府周一宣布了应对物价上涨的新措施。",
    "الحكومة أعلنت يوم الاثنين عن إجراءات جديدة",
    "ok",
]


def test_language_model_cache_gives_py3langid_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      shared: Path) -> None:
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path))
    language._identifier.cache_clear()
    try:
        cached = language._identifier()
        [folder] = tmp_path.iterdir()
        assert folder.name.startswith(f"langid-v{language.CACHE_VERSION}-")
        assert isinstance(cached.tk_nextmove, memoryview)  # the table stays on the mapped pages
        language._identifier.cache_clear()
        again = language._identifier()  # read, not written again
        assert again is not cached and [p.name for p in tmp_path.iterdir()] == [folder.name]
    finally:
        language._identifier.cache_clear()
    package = language._from_package()
    with (shared / "data" / "corpus" / "lgl_news.jsonl").open(encoding="utf-8") as handle:
        texts = TEXTS + [json.loads(line)["text"] for _, line in zip(range(40), handle, strict=False)]
    for text in texts:
        assert again.classify(text[:5000]) == package.classify(text[:5000]), text[:60]
    # the automaton walked at every position at once: the same features, counted in the same order
    assert 0 < again._depth <= 16 and int((folder / "depth.txt").read_text(encoding="utf-8")) == again._depth
    for text in texts:
        encoded = package._encode(text[:5000])
        expected = visit_counts(package.tk_nextmove, package._rowbase, package.tk_output, encoded)
        found = again._visits(encoded)
        assert (list(found.items()) if found else None) == (list(expected.items()) if expected else None)


def test_language_model_cache_damaged_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path))
    language._identifier.cache_clear()
    try:
        language._identifier()
        [folder] = tmp_path.iterdir()
        (folder / "ptc.npy").write_bytes(b"broken")
        language._identifier.cache_clear()
        assert language._identifier().classify(TEXTS[1])[0] == "fr"  # the damaged cache built again at once
        assert "unreadable" in caplog.text and (folder / "ptc.npy").stat().st_size > 1000
        language._identifier.cache_clear()
        assert language._identifier().classify(TEXTS[2])[0] == "de" and [p.name for p in tmp_path.iterdir()] == \
            [folder.name]
    finally:
        language._identifier.cache_clear()
