"""The shipped geo data files validate, and a broken one fails with every problem listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import LexiconError
from eventwire.geo.gazetteer import read_extract
from eventwire.geo.schema import load_geo_weights, load_geo_words, load_place_data, read_geo_weights, read_place_data


def test_geo_shipped_place_data_and_words_validate() -> None:
    data = load_place_data()
    assert len(data.regions) > 50 and len(data.demonyms) > 150 and len(data.aliases) > 50
    words = load_geo_words()
    assert "in" in words.locative_prepositions and "between" in words.participant_prepositions
    weights = load_geo_weights()
    assert weights.prior.country > weights.prior.city and weights.context.near_km > 0


def test_geo_broken_weights_file_names_the_field(tmp_path: Path) -> None:
    broken = tmp_path / "weights.toml"
    broken.write_text('schema_version = 1\nkind = "geo_weights"\n[prior]\ncountry = "high"\n', encoding="utf-8")
    with pytest.raises(LexiconError, match="prior.country"):
        read_geo_weights(broken)


def test_geo_broken_place_file_lists_every_problem(tmp_path: Path) -> None:
    broken = tmp_path / "places.yml"
    broken.write_text(
        "schema_version: 1\nkind: places\n"
        "aliases:\n  - {name: Nowhere}\n"
        "demonyms:\n  - {country: Syria, forms: [Syrian]}\n  - {region: Atlantis, forms: [Atlantean]}\n",
        encoding="utf-8",
    )
    with pytest.raises(LexiconError) as caught:
        read_place_data(broken)
    message = str(caught.value)
    assert "aliases.0" in message and "give exactly one of country or geonameid" in message
    assert "demonyms.0.country" in message and "not an ISO 3166 alpha-2 code" in message


def test_geo_extract_of_wrong_version_is_refused(tmp_path: Path) -> None:
    import gzip

    bad = tmp_path / "gazetteer.tsv.gz"
    with gzip.open(bad, "wt", encoding="utf-8") as out:
        out.write("# something else\n")
    with pytest.raises(Exception, match="regenerate it with tools/build_gazetteer.py"):
        read_extract(bad)
