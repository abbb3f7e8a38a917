"""Issue 14: every export read back by the tools analysts use (pandas, pyarrow, DuckDB, R's readr) and checked
against its format's spec (GDELT 2.0's 61 columns, the PLOVER manual's JSON Schema).

One store of hand-built events (no spaCy model), exported once per format for the whole module.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eventwire.document import ActorRef, Event, EventDate, Place, Plover
from eventwire.store.export import GDELT_COLUMNS, csv_dtypes, export_db, global_event_id
from eventwire.store.export.data import load_gdelt_columns, plover_schema
from eventwire.store.sqlite import Store
from tests.group.helpers import coded, make_article, make_event

pytestmark = pytest.mark.issue(14)

pd = pytest.importorskip("pandas")
if importlib.util.find_spec("duckdb") is None:  # not imported here: see duckdb_query
    pytest.skip("DuckDB is not installed (pip install duckdb)", allow_module_level=True)
jsonschema = pytest.importorskip("jsonschema")


_DUCKDB = """
import json, sys
import duckdb
out = []
with duckdb.connect() as con:
    for sql in json.loads(sys.argv[1]):
        relation = con.sql(sql)
        out.append({"columns": relation.columns, "types": [str(t) for t in relation.types],
                    "rows": [[str(v) for v in row] for row in relation.fetchall()]})
print(json.dumps(out))
"""


def duckdb_query(*queries: str) -> list[dict[str, Any]]:
    """Each query's columns, types and rows (as text), run by DuckDB in a process of its own: DuckDB's
    bindings report leaks on stderr when the interpreter that imported them exits with spaCy loaded."""
    result = subprocess.run([sys.executable, "-c", _DUCKDB, json.dumps(list(queries))], capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    answers: list[dict[str, Any]] = json.loads(result.stdout)
    return answers


HOUSTON = Place("Houston", 0, 7, "Houston", 4699066, "USA", "Texas", 29.76328, -95.36327, "city")
TEXAS = Place("Texas", 0, 5, "Texas", 4736286, "USA", "Texas", 31.25044, -99.25061, "admin")
LIBYA = Place("Libya", 0, 5, "Libya", 2215636, "LBY", None, 26.0, 17.0, "country")
TRIPOLI = Place("Tripoli", 0, 7, "Tripoli", 2210247, "LBY", "Ţarābulus", 32.88743, 13.18733, "city")
REPORTERS = ActorRef("reporters", 0, 9, "USAMED", None, "USA", ["MED"])
DOCTORS = ActorRef("doctors", 0, 7, "HLH", None, None, ["HLH"])
UN = ActorRef("the UN", 0, 6, "IGOUNO", "United Nations", None, [])
POLICE = ActorRef("he", 0, 2, "USACOP", None, "USA", ["COP"])
OPPOSITION = ActorRef("the party", 0, 9, "LBYOPP", None, "LBY", ["OPP"])


def _events() -> list[Event]:
    base = make_event("x1")
    return [
        replace(base, event_id="x1", cameo="020", plover=Plover("REQUEST"), quad_class=3, goldstein=3.0,
                source=UN, target=REPORTERS, date=EventDate("2019-07", "month", None, "publication"),
                location=HOUSTON),
        replace(base, event_id="x2", cameo="1712", plover=Plover("ASSAULT", "seize", ["human_security"]),
                source=POLICE, target=DOCTORS, date=EventDate("2019", "year", "in 2019", "text"), location=TEXAS),
        replace(base, event_id="x3", cameo="175", plover=Plover("ASSAULT", "pro_autocracy", ["military"]),
                location=LIBYA, modality="attempted"),
        replace(base, event_id="x4", cameo="1322", plover=Plover("THREATEN", "ban", ["pro_autocracy"]),
                quad_class=3, goldstein=-5.8, target=OPPOSITION, location=TRIPOLI, modality="future"),
        replace(base, event_id="x5", cameo="010", plover=Plover(None), quad_class=1, goldstein=0.0),
    ]


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The store, and its export in each format at the mention level (GDELT also at the group level)."""
    folder = tmp_path_factory.mktemp("exports")
    db = folder / "events.db"
    with_url = make_article("w1", url="https://news.example/houston", published="2019-07-05T10:30:00-05:00")
    without_url = make_article("w2", published="2019-07-06")
    events = _events()
    with Store(db) as store:
        store.add([coded(with_url, events[:2]), coded(without_url, events[2:])])
    out = {"db": db}
    for fmt in ("jsonl", "csv", "parquet", "plover", "gdelt"):
        out[fmt] = folder / f"events.{fmt}"
        export_db(db, fmt, out[fmt], level="mention")
    out["gdelt-group"] = folder / "groups.gdelt"
    export_db(db, "gdelt", out["gdelt-group"])
    return out


# -- GDELT -----------------------------------------------------------------------------------------------------


def _gdelt_frame(path: Path) -> object:
    # as GDELT's own files are read: no header, the codebook's names, codes as text
    return pd.read_csv(path, sep="\t", header=None, names=list(GDELT_COLUMNS), quoting=3,
                       dtype={"EventCode": "string", "EventBaseCode": "string", "EventRootCode": "string",
                              "ActionGeo_FeatureID": "string", "ActionGeo_ADM1Code": "string"})


def test_gdelt_columns_are_the_codebooks_61_in_order() -> None:
    columns = load_gdelt_columns()
    assert len(columns) == 61
    assert [c.name for c in columns[:6]] == ["GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
                                             "Actor1Code"]
    assert [c.name for c in columns[-2:]] == ["DATEADDED", "SOURCEURL"]
    assert columns[25].name == "IsRootEvent" and columns[34].name == "AvgTone"
    assert (columns[0].header_name, columns[1].header_name) == ("GLOBALEVENTID", "SQLDATE")


def test_gdelt_read_by_pandas_with_the_official_names(exports: dict[str, Path]) -> None:
    frame = _gdelt_frame(exports["gdelt"])
    assert len(frame) == 5 and list(frame.columns) == list(GDELT_COLUMNS)
    assert str(frame["GlobalEventID"].dtype) == "int64" and str(frame["Day"].dtype) == "int64"
    assert frame["GlobalEventID"].tolist()[0] == global_event_id("x1")
    # every Day is a full date a date parser reads: a month is its first day, a year its first day
    days = pd.to_datetime(frame["Day"].astype(str), format="%Y%m%d")
    assert [d.date() for d in days[:2]] == [date(2019, 7, 1), date(2019, 1, 1)]
    by_id = frame.set_index("EventCode")
    houston, texas, libya, tripoli = (by_id.loc[code] for code in ("020", "1712", "175", "1322"))
    assert (houston["ActionGeo_Type"], houston["ActionGeo_ADM1Code"], houston["ActionGeo_FeatureID"]) == \
        (3, "USTX", "4699066")
    assert houston["ActionGeo_FullName"] == "Houston, Texas, United States"
    assert (texas["ActionGeo_Type"], texas["ActionGeo_FeatureID"]) == (2, "USTX")
    assert (libya["ActionGeo_Type"], libya["ActionGeo_CountryCode"], libya["ActionGeo_FeatureID"]) == \
        (1, "LY", "LY")
    assert (tripoli["ActionGeo_Type"], tripoli["ActionGeo_ADM1Code"]) == (4, "LY77")
    # names, not the raw text; the URL, never an internal id
    assert (houston["Actor1Name"], houston["Actor1KnownGroupCode"], texas["Actor1Name"]) == \
        ("UNITED NATIONS", "UNO", "UNITED STATES POLICE")
    assert houston["SOURCEURL"] == "https://news.example/houston" and pd.isna(libya["SOURCEURL"])
    assert houston["DATEADDED"] == 20190705153000


def test_gdelt_read_by_duckdb_with_the_official_names(exports: dict[str, Path]) -> None:
    names = ", ".join(f"'{name}'" for name in GDELT_COLUMNS)
    (answer,) = duckdb_query(f"SELECT * FROM read_csv('{exports['gdelt']}', delim='\t', header=false, quote='', "
                             f"names=[{names}], types={{'EventCode': 'VARCHAR'}})")
    types = dict(zip(answer["columns"], answer["types"], strict=True))
    assert len(answer["columns"]) == 61 and types["GlobalEventID"] == "BIGINT" and len(answer["rows"]) == 5
    codes = [row[answer["columns"].index("EventCode")] for row in answer["rows"]]
    assert sorted(codes) == ["010", "020", "1322", "1712", "175"]


def test_gdelt_group_level_keeps_the_groups_counts_and_the_precision_column_is_asked_for(
        exports: dict[str, Path], tmp_path: Path) -> None:
    frame = _gdelt_frame(exports["gdelt-group"])
    assert len(frame) >= 1 and (frame["NumArticles"] >= 1).all() and (frame["NumSources"] >= 1).all()
    out = tmp_path / "precise.gdelt"
    export_db(exports["db"], "gdelt", out, level="mention", header=True, precision_column=True)
    with_precision = pd.read_csv(out, sep="\t", quoting=3, dtype={"EventCode": "string"})
    assert list(with_precision.columns) == [*GDELT_COLUMNS, "DatePrecision"]
    assert with_precision["DatePrecision"].tolist()[:2] == ["month", "year"]


# -- PLOVER ----------------------------------------------------------------------------------------------------


def _plover(exports: dict[str, Path]) -> list[dict[str, object]]:
    return [json.loads(line) for line in exports["plover"].read_text(encoding="utf-8").splitlines()]


def test_plover_every_record_is_valid_against_the_manuals_schema(exports: dict[str, Path]) -> None:
    validator = jsonschema.Draft202012Validator(plover_schema(), format_checker=jsonschema.FormatChecker())
    records = _plover(exports)
    assert len(records) == 4  # the plain statement has no PLOVER category
    for record in records:
        assert [e.message for e in validator.iter_errors(record)] == [], record["id"]


def test_plover_fields_as_the_manual_defines_them(exports: dict[str, Path]) -> None:
    request, seize, repression, threat = _plover(exports)
    # sectors mapped to PLOVER's: CAMEO's media (MED) is JRN, its health (HLH) is PLOVER's MED
    assert request["recipient"][0]["sector"] == "JRN" and seize["recipient"][0]["sector"] == "MED"
    assert seize["recipient"][0]["code"] is None  # a sector is never written as the entity code
    assert request["actor"][0]["code"] == "UNO"
    assert (request["date"], request["enddate"]) == ("2019-07-01", "2019-07-31")
    assert (seize["date"], seize["enddate"]) == ("2019-01-01", "2019-12-31")
    # only the manual's modes: ASSAULT seize (destroy property) is destroy; THREATEN ban is restrict;
    # ASSAULT pro_autocracy is no mode but the repression context
    assert seize["mode"] == ["destroy"] and threat["mode"] == ["restrict"]
    assert repression["mode"] == [] and "repression" in repression["context"]
    assert "future" in threat["context"]  # PLOVER's auxiliary mode, from the modality
    # PLOVER's scale, not Goldstein's
    assert (request["event_scale"], seize["event_scale"], threat["event_scale"]) == (0.0, -8.5, -3.0)


def test_plover_schema_refuses_what_the_issue_found(exports: dict[str, Path]) -> None:
    validator = jsonschema.Draft202012Validator(plover_schema())
    good = _plover(exports)[1]
    bad = [
        {**good, "date": "2019"},  # a year is no date
        {**good, "mode": ["seize"]},  # not an ASSAULT mode
        {**good, "actor": []},  # PLOVER requires an actor
        {**good, "actor": [{"code": "COP", "sector": "COP"}]},  # a sector as the entity code
        {**good, "recipient": [{"code": "USA", "sector": "HLH"}]},  # CAMEO's sector code
        {**good, "quad_code": 3},  # ASSAULT is material conflict
    ]
    assert [validator.is_valid(record) for record in bad] == [False] * len(bad)


# -- CSV and Parquet -------------------------------------------------------------------------------------------


def test_csv_read_by_pandas_keeps_codes_as_text_and_dates_as_dates(exports: dict[str, Path]) -> None:
    frame = pd.read_csv(exports["csv"], dtype=csv_dtypes(), parse_dates=["date_start", "date_end",
                                                                          "article_published"])
    assert frame["cameo"].tolist()[:2] == ["020", "1712"]
    assert frame["date_start"].dt.date.tolist()[:2] == [date(2019, 7, 1), date(2019, 1, 1)]
    assert str(frame["article_published"].dt.tz) == "UTC"
    assert frame["article_published"][0].isoformat() == "2019-07-05T15:30:00+00:00"


def test_csv_and_parquet_read_by_duckdb_type_codes_as_text_and_dates_as_dates(exports: dict[str, Path]) -> None:
    from_csv, from_parquet = duckdb_query(
        f"SELECT cameo, date_start, article_published, killed FROM read_csv('{exports['csv']}')",
        f"SELECT cameo, date_start, article_published FROM read_parquet('{exports['parquet']}')")
    assert from_csv["types"][:2] == ["VARCHAR", "DATE"] and "TIMESTAMP" in from_csv["types"][2]
    assert from_csv["rows"][0][:2] == ["020", "2019-07-01"]
    assert from_parquet["types"][:2] == ["VARCHAR", "DATE"] and "TIME ZONE" in from_parquet["types"][2]
    assert from_parquet["rows"][0][:2] == ["020", "2019-07-01"]


def test_parquet_is_typed_with_file_metadata(exports: dict[str, Path]) -> None:
    table = pq.read_table(exports["parquet"])
    schema = table.schema
    assert (schema.field("date_start").type, schema.field("date_end").type) == (pa.date32(), pa.date32())
    assert schema.field("article_published").type == pa.timestamp("ms", tz="UTC")
    assert schema.field("cameo").type == pa.string() and table.column("cameo").to_pylist()[0] == "020"
    metadata = {k.decode(): v.decode() for k, v in schema.metadata.items() if k.startswith(b"eventwire.")}
    assert metadata == {"eventwire.schema_version": "2", "eventwire.coder": "eventwire 0.1.0",
                        "eventwire.level": "mention"}
    frame = pd.read_parquet(exports["parquet"])
    assert frame["cameo"].tolist()[0] == "020" and str(frame["article_published"].dt.tz) == "UTC"


def test_jsonl_read_by_pandas(exports: dict[str, Path]) -> None:
    frame = pd.read_json(exports["jsonl"], lines=True, dtype={"cameo": "string"})
    assert frame["cameo"].tolist() == ["020", "1712", "175", "1322", "010"]


# -- R ---------------------------------------------------------------------------------------------------------

_R_SCRIPT = """
suppressMessages(library(readr))
args <- commandArgs(trailingOnly = TRUE)
names <- strsplit(args[3], ",")[[1]]
g <- read_tsv(args[1], col_names = names, quote = "", show_col_types = FALSE, progress = FALSE)
cat("gdelt", ncol(g), nrow(g), class(g$GlobalEventID)[1], paste(g$EventCode, collapse = ";"), "\\n")
cat("day", format(as.Date(as.character(g$Day), "%Y%m%d")[1:2]), "\\n")
c <- read_csv(args[2], show_col_types = FALSE, progress = FALSE)
cat("csv", class(c$cameo)[1], c$cameo[1], class(c$date_start)[1], format(c$date_start[1]),
    class(c$article_published)[1], "\\n")
"""


def _has_readr() -> bool:
    if shutil.which("Rscript") is None:
        return False
    probe = subprocess.run(["Rscript", "-e", "library(readr)"], capture_output=True, timeout=60, check=False)
    return probe.returncode == 0


@pytest.mark.skipif(not _has_readr(), reason="R with readr is not installed (apt-get install r-base-core "
                                                "r-cran-readr)")
def test_gdelt_and_csv_read_by_r_readr(exports: dict[str, Path], tmp_path: Path) -> None:
    script = tmp_path / "read.R"
    script.write_text(_R_SCRIPT, encoding="utf-8")
    result = subprocess.run(["Rscript", str(script), str(exports["gdelt"]), str(exports["csv"]),
                             ",".join(GDELT_COLUMNS)], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line.strip()}
    # 61 columns under GDELT's names; EventCode stays text ("020"), so no place name lands in it
    assert lines["gdelt"][:3] == ["61", "5", "numeric"]
    assert lines["gdelt"][3] == "020;1712;175;1322;010"
    assert lines["day"] == ["2019-07-01", "2019-01-01"]
    assert lines["csv"] == ["character", "020", "Date", "2019-07-01", "POSIXct"]
