"""Issue 14: the export data files load, and the CAMEO-to-PLOVER sector table covers eventwire's actor codes."""

from __future__ import annotations

import json

import pytest

from eventwire.config import data_path
from eventwire.store.export.data import load_plover_spec, load_sector_map, plover_schema

pytestmark = pytest.mark.issue(14)


def test_sector_map_covers_every_sector_of_the_shipped_agents() -> None:
    mapping = load_sector_map()
    elements: set[str] = set()
    with data_path("actors", "10_phoenix_agents.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            code = json.loads(line).get("code") or ""
            elements.update(code[i:i + 3] for i in range(0, len(code), 3))
    assert sorted(elements - set(mapping)) == []


def test_sector_map_writes_only_plovers_codes() -> None:
    entity = plover_schema()["$defs"]["entity"]["properties"]
    sectors = set(entity["other_sector_codes"]["items"]["enum"])
    mapping = load_sector_map()
    assert {m.plover for m in mapping.values() if m.role == "sector"} <= sectors
    assert {m.plover for m in mapping.values() if m.role == "entity"} <= {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG",
                                                                          "MNC"}
    assert (mapping["MED"].plover, mapping["HLH"].plover) == ("JRN", "MED")  # PLOVER's sector note 4


def test_plover_spec_modes_agree_with_the_schema() -> None:
    spec = load_plover_spec()
    rules = {rule["if"]["properties"]["event"]["contains"]["const"]: rule["then"]["properties"]
             for rule in plover_schema()["allOf"] if "event" in rule["if"].get("properties", {})}
    assert set(spec.types) == set(rules) and len(spec.types) == 16
    for name, entry in spec.types.items():
        allowed = rules[name]["mode"].get("items", {}).get("enum", [])
        assert sorted(entry.modes) == sorted(allowed), name
        assert rules[name]["quad_code"]["const"] == entry.quad, name
