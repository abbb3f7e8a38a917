"""Issue 3: the actor knowledge base loads, validates, is extended by user files, and resolves phrases by date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.actors import ActorKB, load_actor_kb
from eventwire.actors.kb import build_kb, read_actor_file, shipped_actor_files
from eventwire.config import Settings
from eventwire.errors import KnowledgeBaseError
from tests.conftest import run_cli

pytestmark = pytest.mark.issue(3)

HEADER = {"schema_version": 1, "kind": "actors"}


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return load_actor_kb(Settings())


def write_actor_file(path: Path, *entries: dict[str, object], header: dict[str, object] | None = None) -> Path:
    lines = [json.dumps(header or HEADER)] + [json.dumps(e, ensure_ascii=False) for e in entries]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_actors_every_shipped_file_validates() -> None:
    files = shipped_actor_files()
    assert len(files) >= 10
    for path in files:
        problems: list[str] = []
        entries = read_actor_file(path, problems)
        assert problems == [], f"{path.name}: {problems[:3]}"
        assert entries, f"{path.name} has no entries"


def test_actors_kb_loads_once_per_settings(kb: ActorKB) -> None:
    assert load_actor_kb(Settings()) is kb
    assert len(kb) > 20000


# The seed article's mentions (DESIGN.md) and the issue's examples, on the story date 2019-07-05.
SEED_TABLE = [
    ("Foreign Minister Mevlüt Çavuşoğlu", "TURGOV", "TUR", ["GOV"], "Mevlüt Çavuşoğlu"),
    ("his Russian counterpart Vladimir Putin", "RUSGOV", "RUS", ["GOV"], "Vladimir Putin"),
    ("President Recep Tayyip Erdoğan", "TURGOV", "TUR", ["GOV"], "Recep Tayyip Erdoğan"),
    ("the Syrian regime", "SYRGOV", "SYR", ["GOV"], "Syria"),
    ("the Bashar Assad regime", "SYRGOV", "SYR", ["GOV"], "Bashar al-Assad"),
    ("Turkish observation posts", "TURMIL", "TUR", ["MIL"], "Turkey"),
    ("Hayat Tahrir al-Sham (HTS) militants", "SYRREB", "SYR", ["REB"], "Hayat Tahrir al-Sham"),
    ("renegade Khalifa Haftar", "LBYREB", "LBY", ["REB"], "Khalifa Haftar"),
    ("Libya's Tripoli-based Government of National Accord (GNA)", "LBYGOV", "LBY", ["GOV"],
     "Government of National Accord"),
    ("Prime Minister Faiz al-Sarraj", "LBYGOV", "LBY", ["GOV"], "Fayez al-Sarraj"),
    ("U.N. officials", "IGOUNO", None, ["IGO", "UNO"], "United Nations"),
    ("Ankara", "TURGOV", "TUR", ["GOV"], "Turkey"),
    ("Moscow", "RUSGOV", "RUS", ["GOV"], "Russia"),
    ("the Kremlin", "RUSGOV", "RUS", ["GOV"], "Russia"),
    ("migrants", "REF", None, ["REF"], None),
    ("civilians", "CVL", None, ["CVL"], None),
    ("Turkey", "TUR", "TUR", [], "Turkey"),
]


@pytest.mark.parametrize(("text", "code", "country", "sectors", "name"), SEED_TABLE)
def test_actors_resolve_seed_mentions(kb: ActorKB, text: str, code: str, country: str | None,
                                      sectors: list[str], name: str | None) -> None:
    resolution = kb.resolve(text, "2019-07-05")
    assert resolution is not None, text
    got = resolution.to_dict()
    assert {k: got[k] for k in ("code", "country", "sectors", "name")} == \
        {"code": code, "country": country, "sectors": sectors, "name": name}


@pytest.mark.parametrize(("text", "date", "code", "name"), [
    ("Turkey's foreign minister", "2019-07-05", "TURGOV", "Mevlüt Çavuşoğlu"),
    ("Turkey's foreign minister", "2024-03-01", "TURGOV", "Hakan Fidan"),
    ("Çavuşoğlu", "2019-07-05", "TURGOV", "Mevlüt Çavuşoğlu"),
    ("Çavuşoğlu", "2024-03-01", "TURELI", "Mevlüt Çavuşoğlu"),  # out of office: an elite of his country
    ("Hakan Fidan", "2019-07-05", "TURSPY", "Hakan Fidan"),  # then the intelligence chief
    ("the Iranian president", "2022-01-01", "IRNGOV", "Ebrahim Raisi"),
    ("the Iranian president", "2025-01-01", "IRNGOV", "Masoud Pezeshkian"),
    ("U.S. Secretary of State", "2019-07-05", "USAGOV", "Mike Pompeo"),
    ("the British prime minister", "2020-01-01", "GBRGOV", "Boris Johnson"),
    ("German Chancellor", "2023-01-01", "DEUGOV", "Olaf Scholz"),
    ("U.N. Secretary-General", "2020-01-01", "IGOUNO", "António Guterres"),
    ("Hayat Tahrir al-Sham", "2025-01-10", "SYRGOV", "Hayat Tahrir al-Sham"),  # the caretaker government
    ("the Taliban", "2019-01-01", "AFGREB", "Taliban"),
    ("the Taliban", "2022-01-01", "AFGGOV", "Taliban"),
    ("former President Barack Obama", "2019-01-01", "USAELI", "Barack Obama"),
])
def test_actors_resolve_depends_on_the_story_date(kb: ActorKB, text: str, date: str, code: str, name: str) -> None:
    resolution = kb.resolve(text, date)
    assert resolution is not None and (resolution.code, resolution.name) == (code, name)


@pytest.mark.parametrize(("text", "code"), [
    ("rebels in Darfur", "SDNREB"),  # the country from a prepositional phrase
    ("Syrians", "SYRCVL"),  # a people: civilians
    ("Bosnian Serbs", "BIHCVL"),  # the adjective says where
    ("UN peacekeepers", "IGOUNOMIL"),
    ("Turkish police", "TURCOP"),
    ("King Hassan of Morocco", "MARGOV"),  # not Jordan's Prince Hassan
    ("prominent anti-Syria journalist", "MED"),  # "anti-Syria" is a stance, not the journalist's country
])
def test_actors_resolve_composes_words(kb: ActorKB, text: str, code: str) -> None:
    resolution = kb.resolve(text, "2000-01-01")
    assert resolution is not None and resolution.code == code


def test_actors_resolve_unknown_phrase_is_none(kb: ActorKB) -> None:
    assert kb.resolve("the weather tomorrow", "2019-07-05") is None
    assert kb.resolve("", None) is None


def test_actors_resolve_rejects_a_bad_date(kb: ActorKB) -> None:
    with pytest.raises(ValueError, match="not YYYY-MM-DD"):
        kb.resolve("Ankara", "05.07.2019")


def test_actors_user_file_adds_and_overrides_entries(tmp_path: Path) -> None:
    extra = write_actor_file(
        tmp_path / "mine.jsonl",
        {"id": "mine:zorblax", "type": "organization", "names": ["Zorblax Front"], "code": "SYRREB"},
        {"id": "group:hts", "type": "organization", "names": ["Hayat Tahrir al-Sham", "HTS"], "code": "SYROPP",
         "note": "my project codes HTS as opposition"},
    )
    shipped = load_actor_kb(Settings())
    assert shipped.resolve("Zorblax Front", "2019-07-05") is None
    assert shipped.resolve("HTS", "2019-07-05").code == "SYRREB"
    mine = load_actor_kb(Settings(extra_actors=(extra,)))
    assert mine.resolve("Zorblax Front fighters", "2019-07-05").code == "SYRREB"
    assert mine.resolve("HTS", "2019-07-05").code == "SYROPP"  # same id: the user's entry replaces ours


def test_actors_bad_entries_are_all_reported_with_file_line_and_field(tmp_path: Path) -> None:
    bad = write_actor_file(
        tmp_path / "bad.jsonl",
        {"id": "ok:1", "type": "organization", "names": ["Fine Group"], "code": "SYRREB"},
        {"id": "bad:1", "type": "organization", "names": ["Bad Code Group"], "code": "syr-reb"},
        {"id": "bad:2", "type": "person", "names": ["Nobody"], "roles": [
            {"code": "TURGOV", "valid_from": "2020-13-01"}]},
        {"id": "bad:3", "type": "country", "names": [], "code": "TUR"},
    )
    with pytest.raises(KnowledgeBaseError) as err:
        build_kb([bad])
    message = str(err.value)
    assert f"{bad}:3: code:" in message
    assert f"{bad}:4: roles.0.valid_from:" in message
    assert f"{bad}:5: names:" in message
    assert "EW102" in message


def test_actors_file_without_header_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "noheader.jsonl"
    path.write_text(json.dumps({"id": "x", "type": "sector", "names": ["x"], "code": "GOV"}) + "\n")
    with pytest.raises(KnowledgeBaseError, match=r"noheader.jsonl:1: schema_version: the first line must be"):
        build_kb([path])


def test_actors_missing_user_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match=r"nothere.jsonl:0: file: no such file"):
        load_actor_kb(Settings(extra_actors=(tmp_path / "nothere.jsonl",)))


def test_actors_cli_resolve_prints_json_and_merges_user_files(tmp_path: Path) -> None:
    result = run_cli("actors", "resolve", "Turkey's foreign minister", "--date", "2024-03-01")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert (record["code"], record["country"], record["sectors"], record["name"]) == \
        ("TURGOV", "TUR", ["GOV"], "Hakan Fidan")

    extra = write_actor_file(tmp_path / "mine.jsonl",
                             {"id": "mine:zorblax", "type": "organization", "names": ["Zorblax Front"],
                              "code": "SYRREB"})
    assert run_cli("actors", "resolve", "Zorblax Front").returncode == 1
    result = run_cli("actors", "resolve", "Zorblax Front", "--actors", str(extra))
    assert result.returncode == 0 and json.loads(result.stdout)["code"] == "SYRREB"

    bad = write_actor_file(tmp_path / "bad.jsonl", {"id": "bad:1", "type": "organization", "names": ["X"]})
    result = run_cli("actors", "resolve", "Ankara", "--actors", str(bad))
    assert result.returncode == 2
    assert f"{bad}:2: entry: Value error, an entry needs a code or at least one role" in result.stderr
