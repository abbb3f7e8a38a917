"""Issue 6: every export format read back by a real reader (json, csv, pyarrow)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eventwire.errors import ConfigError
from eventwire.store.export import EXPORT_FORMATS, FLAT_COLUMNS, GDELT_COLUMNS, EventWriter, export_db
from eventwire.store.show import print_events_table
from eventwire.store.sqlite import Store
from tests.conftest import run_cli
from tests.store.helpers import make_article, make_events

pytestmark = pytest.mark.issue(6)


def _export(db: Path, fmt: str) -> tuple[int, Path]:
    out = db.parent / f"events.{fmt}"
    return export_db(db, fmt, out), out


def test_export_jsonl_is_the_event_record_one_per_line(db: Path) -> None:
    n, out = _export(db, "jsonl")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert n == 3
    assert records == [e.to_dict() for e in make_events(make_article())]
    assert records[0]["location"]["geonameid"] == 2210247 and records[0]["casualties"]["killed"] == 44


def test_export_csv_has_a_header_and_one_flat_row_per_event(db: Path) -> None:
    n, out = _export(db, "csv")
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert n == len(rows) == 3
    assert list(rows[0]) == [name for name, _, _ in FLAT_COLUMNS]
    assault, appeal, _ = rows
    assert assault["cameo"] == "195" and assault["plover_type"] == "ASSAULT" and assault["killed"] == "44"
    assert assault["target_sectors"] == "REF;CVL" and assault["source_code"] == ""
    assert float(assault["location_lat"]) == pytest.approx(32.88743)
    assert assault["evidence_text"].startswith("An airstrike hit") and assault["article_url"].endswith("/a1")
    assert (appeal["source_code"], appeal["target_code"], appeal["date_precision"]) == ("TURGOV", "RUSGOV", "month")
    assert (appeal["date_start"], appeal["date_end"]) == ("2019-07-01", "2019-07-31")


def test_export_parquet_is_typed_and_read_by_pyarrow(db: Path) -> None:
    n, out = _export(db, "parquet")
    table = pq.read_table(out)
    assert n == table.num_rows == 3
    assert table.column_names == [name for name, _, _ in FLAT_COLUMNS]
    assert table.schema.field("goldstein").type == pa.float64()
    assert table.schema.field("date_start").type == pa.date32() and table.schema.field("cameo").type == pa.string()
    assert table.schema.field("article_published").type == pa.timestamp("ms", tz="UTC")
    assert table.schema.field("killed").type == pa.int64()
    assert table.schema.field("target_sectors").type == pa.list_(pa.string())
    rows = table.to_pylist()
    assert rows[0]["killed"] == 44 and rows[0]["target_sectors"] == ["REF", "CVL"]
    assert rows[0]["location_geonameid"] == 2210247 and rows[1]["location_lat"] is None
    assert [r["event_id"] for r in rows] == ["a1-e1", "a1-e2", "a1-e3"]


def test_export_plover_uses_plover_field_names(db: Path) -> None:
    n, out = _export(db, "plover")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    # the plain statement (CAMEO 010) has no PLOVER category, so PLOVER has no record for it
    assert n == len(records) == 2
    assault, appeal = records
    assert {"id", "date", "actor", "recipient", "event", "mode", "context", "event_loc", "event_text",
            "quad_code", "event_scale", "text", "text_info", "cite_info", "coder"} <= set(assault)
    assert assault["event"] == ["ASSAULT"] and assault["mode"] == ["aerial"] and assault["context"] == ["migration"]
    # no actor named: PLOVER's unidentified actor
    assert assault["actor"] == [{"code": None, "sector": "UNK", "other_sector_codes": [], "religion": None,
                                 "entity_text": None, "identifier_text": None, "actor_code": None, "start": None,
                                 "end": None}]
    assert assault["recipient"][0]["code"] == "LBY" and assault["recipient"][0]["sector"] == "REF"
    assert assault["recipient"][0]["other_sector_codes"] == ["CVL"]
    assert assault["recipient"][0]["entity_text"] == "migrants"
    assert assault["event_loc"]["geonameid"] == 2210247 and assault["event_loc"]["country_code"] == "LBY"
    assert assault["event_loc"]["resolved_place"] == "Tripoli" and assault["dead"] == 44
    assert assault["text_info"]["sequence"] == 1
    # PLOVER's own scale (ASSAULT: aerial), not CAMEO's Goldstein score (kept as goldstein)
    assert (assault["quad_code"], assault["event_scale"], assault["goldstein"]) == (4, -9.5, -10.0)
    assert (assault["date"], "enddate" in assault) == ("2019-07-03", False)
    assert appeal["actor"][0]["code"] == "TUR" and appeal["recipient"][0]["identifier_text"] == "Russia"
    assert appeal["event"] == ["REQUEST"] and appeal["quad_code"] == 3 and appeal["event_scale"] == 0.0
    # a month-precise date is the month, from its first day to its last
    assert (appeal["date"], appeal["enddate"], appeal["date_precision"]) == ("2019-07-01", "2019-07-31", "month")


def test_export_gdelt_is_a_tab_separated_event_table_of_61_columns(db: Path) -> None:
    out = db.parent / "events.gdelt"
    n = export_db(db, "gdelt", out, level="mention")
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, fieldnames=GDELT_COLUMNS, delimiter="\t", quoting=csv.QUOTE_NONE,
                                   restkey="extra"))
    assert n == len(rows) == 3 and len(GDELT_COLUMNS) == 61
    assert all("extra" not in row and None not in row.values() for row in rows)  # 61 cells, no header
    assault, appeal, _ = rows
    assert (assault["EventCode"], assault["EventBaseCode"], assault["EventRootCode"]) == ("195", "195", "19")
    assert (assault["QuadClass"], assault["GoldsteinScale"]) == ("4", "-10")
    assert (assault["Day"], assault["MonthYear"], assault["Year"]) == ("20190703", "201907", "2019")
    assert assault["FractionDate"] == "2019.5836"  # 2019 + (7 * 30 + 3) / 365, GDELT's formula
    assert assault["GlobalEventID"].isdigit() and int(assault["GlobalEventID"]) < 2**63
    assert assault["Actor2Code"] == "LBYREF" and assault["Actor2Type2Code"] == "CVL" and assault["Actor1Code"] == ""
    assert assault["Actor2Name"] == "MIGRANTS" and assault["IsRootEvent"] == "1"
    # places: GDELT's geo type 4 (world city), FIPS country code, GeoNames feature id
    assert (assault["ActionGeo_Type"], assault["ActionGeo_CountryCode"], assault["ActionGeo_FeatureID"]) == \
        ("4", "LY", "2210247")
    assert assault["ActionGeo_FullName"] == "Tripoli, Libya"
    assert assault["DATEADDED"] == "20190704210700"  # 2019-07-05 00:07 +03:00, in UTC
    assert assault["SOURCEURL"] == "https://example.org/a1"
    assert (appeal["Actor1Code"], appeal["Actor1CountryCode"], appeal["Actor2Name"]) == ("TURGOV", "TUR", "RUSSIA")
    assert appeal["Day"] == "20190701" and appeal["IsRootEvent"] == "0"  # a month: its first day
    assert appeal["AvgTone"] == "" and appeal["ActionGeo_Type"] == ""


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "plover", "gdelt"])
def test_export_event_writer_streams_text_formats(fmt: str) -> None:
    article = make_article()
    stream = io.StringIO()
    with EventWriter(stream, fmt) as writer:
        for event in make_events(article):
            writer.write(event, article)
    lines = stream.getvalue().splitlines()
    header = 1 if fmt == "csv" else 0
    assert writer.count == (2 if fmt == "plover" else 3)
    if fmt == "csv":
        assert len(list(csv.reader(io.StringIO(stream.getvalue())))) == header + writer.count
    else:
        assert len(lines) == header + writer.count


def test_export_parquet_to_a_text_stream_is_refused_with_a_way_out() -> None:
    with pytest.raises(ConfigError, match=r"Parquet is a binary file format.*export --format parquet --out"):
        EventWriter(io.StringIO(), "parquet")


def test_export_unknown_format_lists_the_formats(db: Path) -> None:
    with pytest.raises(ConfigError, match="unknown format 'xml'; use one of jsonl, csv, parquet, plover, gdelt"):
        export_db(db, "xml", db.parent / "out.xml")


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_of_an_empty_store_is_a_readable_empty_file(tmp_path: Path, fmt: str) -> None:
    db = tmp_path / "empty.db"
    Store(db).close()
    n, out = _export(db, fmt)
    assert n == 0
    if fmt == "parquet":
        assert pq.read_table(out).num_rows == 0
    elif fmt == "csv":
        assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    else:
        assert out.read_text(encoding="utf-8") == ""
    assert not list(tmp_path.glob(".*.part"))


def test_export_events_table_shows_who_did_what_to_whom_with_evidence(db: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    print_events_table(db, limit=2)
    shown = capsys.readouterr().out
    assert "3 events from 1 articles" in shown
    assert "LBYREF" in shown and "195" in shown and "ASSAULT" in shown and "Tripoli" in shown
    assert "An airstrike hit a detention center" in shown
    assert "TURGOV" in shown and "RUSGOV" in shown and "2019-07*" in shown
    assert "first 2 of 3" in shown


def test_export_command_line_writes_the_file_and_says_how_many(db: Path) -> None:
    out = db.parent / "cli.csv"
    result = run_cli("export", "--db", str(db), "--format", "csv", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert f"wrote 3 events to {out}" in result.stderr
    with out.open(encoding="utf-8", newline="") as handle:
        assert [row["event_id"] for row in csv.DictReader(handle)] == ["a1-e1", "a1-e2", "a1-e3"]


def test_export_command_line_on_a_missing_store_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("events", "--db", str(tmp_path / "nothing.db"))
    assert result.returncode == 2
    assert "nothing.db: no such database; create it with: eventwire ingest" in result.stderr


@pytest.mark.issue(10)
def test_export_json_lines_escape_the_characters_splitlines_takes_for_line_ends() -> None:
    from eventwire.store.export import json_line

    record = {"text": "Police arrested 15 protesters\u2028in Cairo\u0085on Monday\u2029. Çavuşoğlu"}
    line = json_line(record)
    assert line.endswith("\n") and len(line.splitlines()) == 1
    assert json.loads(line) == record and "Çavuşoğlu" in line
